//! Rules 10, 11 and 12: the sociale kaart (stap 5), the group and its dates,
//! and the wijk (stap 1).

use super::{Finding, Options, WIJKEN_GRONINGEN};
use crate::document::lower::date_nl;
use crate::error::{Place, closest};
use crate::model::{Model, Ring, VERSLAG_TOML};

/// Besides the wijkteam, at least this many entries on the sociale kaart.
pub const MIN_KAART_ANDEREN: usize = 3;

/// Runs rules 10, 11 and 12.
pub fn check(model: &Model, options: &Options, out: &mut Vec<Finding>) {
    sociale_kaart(model, out);
    group(model, out);
    wijk(model, options, out);
}

/// Rule 10: the wijkteam (kern) and at least three others.
fn sociale_kaart(model: &Model, out: &mut Vec<Finding>) {
    let kaart = &model.verslag.sociale_kaart;
    if kaart.is_empty() {
        out.push(
            Finding::fout(5, Place::file(VERSLAG_TOML), "de sociale kaart is leeg")
                .hint("voeg [[sociale_kaart]] toe: het wijkteam (ring = \"kern\") en minstens drie organisaties of sleutelfiguren eromheen"),
        );
        return;
    }
    let last = model
        .spans
        .place(&format!("sociale_kaart[{}]", kaart.len() - 1));
    if !kaart.iter().any(|k| k.ring == Ring::Kern) {
        out.push(
            Finding::fout(
                5,
                model.spans.place("sociale_kaart[0]"),
                "op de sociale kaart staat geen wijkteam (ring = \"kern\")",
            )
            .hint("zet het WIJ-team van de wijk op de kaart met ring = \"kern\""),
        );
    }
    let others = kaart.iter().filter(|k| k.ring != Ring::Kern).count();
    if others < MIN_KAART_ANDEREN {
        out.push(
            Finding::fout(5, last, format!("op de sociale kaart staan naast het wijkteam {others} organisaties of personen; minstens {MIN_KAART_ANDEREN} nodig"))
                .hint("denk aan zorg (huisarts), welzijn, informele netwerken, de wijkagent, de woningcorporatie en sleutelfiguren"),
        );
    }
}

/// Rule 11: groepsleden present; the date on the title page not after the deadline.
fn group(model: &Model, out: &mut Vec<Finding>) {
    let v = &model.verslag;
    let spans = &model.spans;
    if v.groepsleden.is_empty() {
        out.push(
            Finding::fout(
                None,
                spans.key_place("verslag"),
                "er staan geen groepsleden in het verslag",
            )
            .hint("voeg per groepslid [[groepsleden]] toe met naam = \"…\""),
        );
    }
    for (i, g) in v.groepsleden.iter().enumerate() {
        if g.naam.trim().is_empty() {
            out.push(
                Finding::fout(
                    None,
                    spans.place(&format!("groepsleden[{i}].naam")),
                    format!("groepslid {} heeft geen naam", i + 1),
                )
                .hint("vul naam = \"…\" in"),
            );
        }
    }
    if let (Some(d), Some(l)) = (&v.verslag.datum, &v.verslag.inleverdatum)
        && (d.year, d.month, d.day) > (l.year, l.month, l.day)
    {
        out.push(
            Finding::fout(
                None,
                spans.place("verslag.datum"),
                format!(
                    "de datum van het verslag ({}) ligt na de inleverdatum ({})",
                    date_nl(d),
                    date_nl(l)
                ),
            )
            .hint("zet datum op de dag van inleveren of eerder"),
        );
    }
}

/// Rule 12: the wijk is one of the class's wijken.
fn wijk(model: &Model, options: &Options, out: &mut Vec<Finding>) {
    let wijk = model.verslag.verslag.wijk.trim();
    if wijk.is_empty() {
        return; // loading already refuses an empty wijk
    }
    let own;
    let (list, from): (Vec<&str>, &str) = match (&options.wijken, &options.wijken_bron) {
        (Some(w), bron) => {
            own = bron.clone().unwrap_or_else(|| "klas.toml".into());
            (w.iter().map(String::as_str).collect(), own.as_str())
        }
        (None, _) => (
            WIJKEN_GRONINGEN.to_vec(),
            "de opdracht (de WIJ-teams van Groningen)",
        ),
    };
    if list.iter().any(|w| same_wijk(wijk, w)) {
        return;
    }
    let f = Finding::waarschuwing(
        1,
        model.spans.place("verslag.wijk"),
        format!("\"{wijk}\" is geen van de wijken uit {from}"),
    );
    out.push(match closest(&normalize(wijk), list.iter().copied()) {
        Some(c) => f.hint(format!(
            "bedoelden jullie \"{c}\"? Anders: overleg met de docent"
        )),
        None => f.hint(format!("kies een van: {}", list.join(", "))),
    });
}

/// "WIJ Schilderswijk/Centrum" is "Centrum", "Schilderswijk" and the whole.
fn same_wijk(wijk: &str, entry: &str) -> bool {
    let w = normalize(wijk);
    let e = normalize(entry);
    w == e || e.split('/').any(|part| part.trim() == w) || w.split('/').any(|part| part.trim() == e)
}

fn normalize(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("wij ").unwrap_or(&s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::same_wijk;

    #[test]
    fn wijk_names() {
        assert!(same_wijk("Beijum", "Beijum"));
        assert!(same_wijk("WIJ beijum", "Beijum"));
        assert!(same_wijk("Centrum", "Schilderswijk/Centrum"));
        assert!(!same_wijk("Paddepoel", "Selwerd"));
    }
}
