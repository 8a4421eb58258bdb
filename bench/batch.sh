#!/usr/bin/env bash
# Benchmark of `wijkverslag batch` against a shell loop of `wijkverslag build`.
#
#   bench/batch.sh [N]        (default N = 8; RUNS=3 by default)
#
# Builds a class of N copies of samples/groep-beijum (or of a small fixture
# group when the sample is missing) and prints, as the median of RUNS runs
# of each (batch and loop taking turns, so both meet the same load):
#   - the time of `wijkverslag batch` over the class (all cores);
#   - the time of a shell loop of `wijkverslag build` over the same groups;
#   - peak memory (max RSS, /usr/bin/time -v) of batch at N and at 4N groups.
# Goals: batch <= 0.5x the loop on 2 cores; peak memory flat and <= 400 MB.
#
# Uses target/release/wijkverslag (built when missing), or $WIJKVERSLAG.
set -euo pipefail

N="${1:-8}"
RUNS="${RUNS:-3}"
case "$N" in '' | *[!0-9]*) echo "gebruik: bench/batch.sh [N]  (N = aantal groepen)" >&2; exit 2 ;; esac
case "$RUNS" in '' | 0 | *[!0-9]*) echo "RUNS moet een getal van 1 of meer zijn" >&2; exit 2 ;; esac
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${WIJKVERSLAG:-$ROOT/target/release/wijkverslag}"
if [ ! -x "$BIN" ]; then
    (cd "$ROOT" && cargo build --release)
fi
[ -x /usr/bin/time ] || { echo "/usr/bin/time ontbreekt (apt-get install time)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1577059200
# Real classes have different photos per group: no photo store shared between runs.
export WIJKVERSLAG_CACHE=uit

SAMPLE="$ROOT/samples/groep-beijum"
if [ -f "$SAMPLE/verslag.toml" ] && "$BIN" build "$SAMPLE" -o "$WORK/probe.pdf" 2>/dev/null; then
    echo "groep: samples/groep-beijum"
else
    echo "groep: kleine testgroep (samples/groep-beijum ontbreekt of bouwt niet)"
    SAMPLE="$WORK/fixture"
    mkdir -p "$SAMPLE/hoofdstukken"
    cat >"$SAMPLE/verslag.toml" <<'EOF'
[verslag]
titel = "Wijkanalyse Beijum"
wijk = "Beijum"
inleverdatum = 2019-12-23

[[groepsleden]]
naam = "Fatima el Amrani"

[[bronnen]]
id = "cbs2017"
auteur = "Centraal Bureau voor de Statistiek"
jaar = 2017
titel = "Wijk- en buurtkaart 2017"
EOF
    for i in 1 2 3 4 5 6 7 8; do
        printf '# Deel %s\n\nBeijum is een wijk in het noordoosten van Groningen. %.0s\n' "$i" $(seq 40) >"$SAMPLE/hoofdstukken/$i-stap.md"
    done
    # The sample's phone-sized photos, when there, as figures in chapter 3.
    mkdir -p "$SAMPLE/fotos"
    for f in "$ROOT"/samples/groep-beijum/fotos/*.jpg; do
        [ -f "$f" ] || continue
        cp "$f" "$SAMPLE/fotos/"
        printf '\n![Foto %s](../fotos/%s)\n' "$(basename "$f" .jpg)" "$(basename "$f")" >>"$SAMPLE/hoofdstukken/3-stap.md"
    done
    echo "foto's in de testgroep: $(ls "$SAMPLE/fotos" | wc -l)"
fi
echo "processorkernen: $(nproc)"

# Nudges one quantisation step of a JPEG (the k-th of the first table, 1..63):
# the photo decodes to slightly other pixels, so its prepared version differs
# too. A byte after the end marker would not do: the prepared photos of all
# groups would come out identical and Typst would reuse one group's for all.
nudge_jpeg() { # file k
    local dqt pos v
    dqt=$(LC_ALL=C grep -obUaP '\xff\xdb' "$1" | head -n 1 | cut -d: -f1)
    [ -n "$dqt" ] || return 0
    pos=$((dqt + 5 + $2))
    v=$(od -An -tu1 -j "$pos" -N 1 "$1" | tr -d ' ')
    if [ "$v" -gt 1 ]; then v=$((v - 1)); else v=$((v + 1)); fi
    printf "\\$(printf '%03o' "$v")" | dd of="$1" bs=1 seek="$pos" conv=notrunc status=none
}

make_class() { # dir count
    mkdir -p "$1"
    for i in $(seq -w 1 "$2"); do
        cp -r "$SAMPLE" "$1/groep-$i"
        # Real groups have their own photos: no group may reuse another's
        # prepared photo.
        for f in "$1/groep-$i"/fotos/*.jpg; do
            [ -f "$f" ] && nudge_jpeg "$f" $((10#$i % 63 + 1))
        done
        # A sentence of its own in every paragraph: Typst may not reuse the
        # layout of another group's paragraphs, as it could for true copies.
        find "$1/groep-$i" -name '*.md' -exec sed -i "s/\. \([A-Z]\)/. Groep $i zag het. \1/" {} +
    done
}

# Prints "seconds max_rss_kB cpu_seconds" of a command.
measure() {
    local log="$WORK/time.log"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$log")
    # h:mm:ss or m:ss.cc -> seconds
    secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    echo "$secs $rss $cpu"
}

# The middle value of its arguments (the lower one of the two middle ones).
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

make_class "$WORK/klas" "$N"
batch_runs=() loop_runs=() ratios=() batch_cpus=() loop_cpus=()
batch_rss=0 loop_rss=0
for run in $(seq "$RUNS"); do
    rm -rf "$WORK/uit" "$WORK/loop"
    read -r secs rss cpu < <(measure "$BIN" batch "$WORK/klas" -o "$WORK/uit")
    ok=$(ls "$WORK/uit"/groep-*.pdf 2>/dev/null | wc -l)
    [ "$ok" -eq "$N" ] || { echo "batch maakte $ok van $N PDF's" >&2; exit 1; }
    batch_runs+=("$secs") batch_cpus+=("$cpu")
    [ "$rss" -gt "$batch_rss" ] && batch_rss=$rss

    start=$(date +%s.%N)
    cpu_sum=0
    for g in "$WORK/klas"/groep-*; do
        read -r _ rss cpu < <(measure "$BIN" build "$g" -o "$WORK/loop/$(basename "$g").pdf")
        [ "$rss" -gt "$loop_rss" ] && loop_rss=$rss
        cpu_sum=$(echo "$cpu_sum + $cpu" | bc -l)
    done
    end=$(date +%s.%N)
    loop_s=$(echo "$end - $start" | bc -l)
    loop_runs+=("$loop_s") loop_cpus+=("$cpu_sum")
    ratios+=("$(echo "$secs / $loop_s" | bc -l)")
done
batch_s=$(median "${batch_runs[@]}")
loop_s=$(median "${loop_runs[@]}")
batch_cpu=$(median "${batch_cpus[@]}")
loop_cpu=$(median "${loop_cpus[@]}")

make_class "$WORK/klas4" "$((4 * N))"
read -r batch4_s batch4_rss _ < <(measure "$BIN" batch "$WORK/klas4" -o "$WORK/uit4")

mb() { echo "$(($1 / 1024)) MB"; }
echo "mediaan van $RUNS run(s) van elk (piekgeheugen: het hoogste):"
printf 'batch, %d groepen:            %6.1f s   (piekgeheugen %s)\n' "$N" "$batch_s" "$(mb "$batch_rss")"
printf 'lus van build, %d groepen:    %6.1f s   (piekgeheugen per build %s)\n' "$N" "$loop_s" "$(mb "$loop_rss")"
printf 'verhouding batch / lus:       %6.2f   (doel: <= 0,5; per run:%s)\n' "$(median "${ratios[@]}")" "$(printf ' %.2f' "${ratios[@]}")"
# Processor time is steadier than wall time on a shared machine: it says how
# much work batch saves per group, whatever the neighbours are doing.
printf 'processortijd batch / lus:    %6.1f s / %.1f s = %.2f\n' "$batch_cpu" "$loop_cpu" "$(echo "$batch_cpu / $loop_cpu" | bc -l)"
printf 'batch, %d groepen:           %6.1f s   (piekgeheugen %s; doel: vlak en <= 400 MB)\n' "$((4 * N))" "$batch4_s" "$(mb "$batch4_rss")"
