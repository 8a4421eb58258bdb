//! Benchmark of one report: prints its figures, asserts nothing.
//!
//! Run: `cargo bench` (or `cargo bench --bench rapport -- GROEPSMAP`).
//!
//! - `wijkverslag build` of the sample as a fresh process (what a student
//!   waits for), first time and with the prepared photos kept on disk, against
//!   `typst compile` of the same report's `--emit-typst` project (typst-cli on
//!   the PATH; `cargo install typst-cli --version 0.15.1 --locked`);
//! - a rebuild in one process (shared fonts and templates, as watch and batch);
//! - `wijkverslag watch`: its first build, and its rebuilds after a chapter is edited;
//! - memory over 100 renders in one process;
//! - preparing one 12-megapixel phone JPEG, and all photos of the report;
//! - writing the DOCX of the report, image preparation excluded.
//!
//! Batch (a whole class) has its own benchmark: `bench/batch.sh N`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use wijkverslag::images::{self, Limits};
use wijkverslag::layout;
use wijkverslag::pipeline::{self, BuildOptions};
use wijkverslag::render::docx;
use wijkverslag::render::typst::Base;

const BIN: &str = env!("CARGO_BIN_EXE_wijkverslag");

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Resident memory of this process in MB (Linux), 0 elsewhere.
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Median wall time of `runs` runs of a command, in ms; panics when it fails.
fn time_command(runs: usize, mut make: impl FnMut() -> Command) -> f64 {
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = make().output().expect("start the command");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            ms(t.elapsed())
        })
        .collect();
    median(times)
}

fn build_process(group: &Path, pdf: &Path, store: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("WIJKVERSLAG_CACHE", store)
        .arg("build")
        .arg(group)
        .arg("-o")
        .arg(pdf);
    cmd
}

/// A 4000×3000 phone-like photo (shapes plus sensor noise), as a 4:2:0 JPEG
/// of about the weight a phone writes.
fn twelve_mp_jpeg() -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut state = 0x9E37_79B9u32;
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let wave = ((fx * 23.0).sin() * (fy * 17.0).cos() * 60.0) as i32;
            for base in [
                90 + (fx * 120.0) as i32 + wave,
                110 + (fy * 90.0) as i32 - wave / 2,
                140 - (fx * fy * 100.0) as i32 + wave / 3,
            ] {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let noise = (state % 17) as i32 - 8;
                pixels.push((base + noise).clamp(0, 255) as u8);
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode(&pixels, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// Runs `watch` on a copy of the group, appends a sentence to a chapter five
/// times and returns the times watch itself reports: first build, rebuilds.
fn watch_rebuilds(group: &Path, work: &Path) -> (f64, Vec<f64>) {
    use std::io::{BufRead, BufReader};
    let copy = work.join("watch-groep");
    copy_dir(group, &copy);
    let chapter = std::fs::read_dir(copy.join("hoofdstukken"))
        .expect("hoofdstukken/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .min()
        .expect("een hoofdstuk");
    let mut child = Command::new(BIN)
        .env("WIJKVERSLAG_CACHE", "uit")
        .arg("watch")
        .arg(&copy)
        .arg("-o")
        .arg(work.join("watch.pdf"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("watch");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // "gemaakt in 123 ms: …" / "opnieuw gemaakt in 45 ms: …"
    let mut next_time = || loop {
        let line = lines.next().expect("watch stopte").unwrap();
        if let Some(rest) = line.split_once("gemaakt in ").map(|(_, r)| r)
            && let Some((n, _)) = rest.split_once(" ms")
        {
            return n.parse::<f64>().unwrap();
        }
    };
    let first = next_time();
    let mut rebuilds = Vec::new();
    for i in 0..5 {
        std::thread::sleep(Duration::from_millis(300));
        let mut text = std::fs::read_to_string(&chapter).unwrap();
        text.push_str(&format!("\n\nNog een zin, versie {i}.\n"));
        std::fs::write(&chapter, text).unwrap();
        rebuilds.push(next_time());
    }
    let _ = child.kill();
    let _ = child.wait();
    (first, rebuilds)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a folder argument measures another group.
    let group = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/groep-beijum"));
    let work = tempfile::tempdir().unwrap();
    let pdf = work.path().join("verslag.pdf");
    println!("groep: {}", group.display());
    println!(
        "processorkernen: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // 1. As a student runs it: a fresh process per build.
    let first = time_command(5, || build_process(&group, &pdf, "uit"));
    let store = work.path().join("cache");
    let store = store.to_str().unwrap();
    time_command(1, || build_process(&group, &pdf, store));
    let again = time_command(5, || build_process(&group, &pdf, store));
    let size = std::fs::metadata(&pdf).map_or(0, |m| m.len());
    println!(
        "wijkverslag build (nieuw proces, mediaan van 5): {first:.0} ms de eerste keer, {again:.0} ms met de voorbereide foto's uit de cache; PDF {} kB",
        size / 1000
    );
    let project = work.path().join("typst-project");
    let out = Command::new(BIN)
        .env("WIJKVERSLAG_CACHE", "uit")
        .arg("build")
        .arg(&group)
        .arg("-o")
        .arg(&pdf)
        .arg("--emit-typst")
        .arg(&project)
        .output()
        .expect("wijkverslag");
    assert!(out.status.success(), "--emit-typst faalde");
    let typst_ok = Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if typst_ok {
        let cli = time_command(5, || {
            let mut cmd = Command::new("typst");
            cmd.args(["compile", "--ignore-system-fonts", "--font-path"])
                .arg(project.join("lettertypen"))
                .arg("--root")
                .arg(&project)
                .arg(project.join("main.typ"))
                .arg(work.path().join("typst.pdf"));
            cmd
        });
        println!(
            "typst compile van het --emit-typst-project (foto's al voorbereid): {cli:.0} ms; verhouding wijkverslag/typst: {:.2} de eerste keer, {:.2} met cache (doel ≤ 1,0)",
            first / cli,
            again / cli
        );
    } else {
        println!("typst-cli niet gevonden: vergelijking met typst compile overgeslagen");
    }

    // 2. In one process, as watch and batch build: shared fonts and templates.
    let base = Base::shared();
    let options = BuildOptions::default();
    let built = pipeline::build(&group, base.clone(), &options).expect("build");
    let times = (0..10)
        .map(|_| {
            let t = Instant::now();
            pipeline::build(&group, base.clone(), &options).expect("build");
            ms(t.elapsed())
        })
        .collect();
    println!(
        "opnieuw bouwen in hetzelfde proces (mediaan van 10): {:.0} ms, {} pagina's",
        median(times),
        built.pages
    );

    // 2b. Watch, as a student uses it: edit a chapter, wait for the new PDF.
    let (first_watch, rebuilds) = watch_rebuilds(&group, work.path());
    println!(
        "watch: eerste build {first_watch:.0} ms; opnieuw na het bewerken van een hoofdstuk {:.0} ms (mediaan van {}; doel ≤ de helft van een koude build)",
        median(rebuilds.clone()),
        rebuilds.len()
    );

    // 3. Memory over 100 renders.
    let start = rss_mb();
    let mut after10 = 0.0;
    for i in 0..100 {
        pipeline::build(&group, base.clone(), &options).expect("build");
        if i == 9 {
            after10 = rss_mb();
        }
    }
    println!(
        "geheugen: {start:.0} MB na 12 builds, {after10:.0} MB na 22, {:.0} MB na 112",
        rss_mb()
    );

    // 4. Photos: one 12-MP JPEG, and the report's photos, without any cache.
    let jpeg = twelve_mp_jpeg();
    let limits = Limits::default();
    images::prepare(&jpeg, layout::FULL_WIDTH_PX, &limits).unwrap();
    let one = (0..10)
        .map(|_| {
            let t = Instant::now();
            images::prepare(&jpeg, layout::FULL_WIDTH_PX, &limits).unwrap();
            ms(t.elapsed())
        })
        .collect();
    println!(
        "één foto van 12 MP ({:.1} MB JPEG) voorbereiden tot 1900 px: {:.0} ms (mediaan van 10; doel ≤ 40 ms)",
        jpeg.len() as f64 / 1e6,
        median(one)
    );
    let photos: Vec<Vec<u8>> = std::fs::read_dir(group.join("fotos"))
        .map(|dir| {
            let mut paths: Vec<PathBuf> = dir.flatten().map(|e| e.path()).collect();
            paths.sort();
            paths
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "jpg" | "jpeg" | "png" | "gif" | "webp"))
        })
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    let items: Vec<(&[u8], u32)> = photos
        .iter()
        .map(|b| (b.as_slice(), layout::FULL_WIDTH_PX))
        .collect();
    let all = (0..5)
        .map(|_| {
            let t = Instant::now();
            images::Cache::new(1 << 30).prepare_all(&items, &limits);
            ms(t.elapsed())
        })
        .collect();
    println!(
        "alle {} foto's van het verslag voorbereiden (parallel, zonder cache): {:.0} ms (mediaan van 5)",
        items.len(),
        median(all)
    );

    // 5. DOCX: writing only; the photos are prepared and the charts rendered.
    let charts = docx::charts::render(&built.document, &built.images, base).unwrap();
    let mut best = Duration::MAX;
    let mut docx_size = 0;
    for _ in 0..10 {
        let t = Instant::now();
        docx_size = docx::write(&built.document, &built.images, &charts)
            .unwrap()
            .len();
        best = best.min(t.elapsed());
    }
    println!(
        "DOCX schrijven (foto's al voorbereid): {:.0} ms (beste van 10; doel ≤ 50 ms), {} kB",
        ms(best),
        docx_size / 1000
    );
}
