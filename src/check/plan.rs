//! Rules 7 and 8: SMART verbeterpunten (stap 7) and at least three
//! interventies with their verantwoording (stap 8).

use super::{Finding, blank};
use crate::error::Place;
use crate::model::{Model, Sjabloon, VERSLAG_TOML};

/// The assignment: "Beschrijf minimaal 3 verschillende interventies".
pub const MIN_INTERVENTIES: usize = 3;

/// What an entry of `[[interventies]]` is called in the report, one and
/// more: interventie, or speerpunt in the `wijkanalyse` template.
pub(super) fn soort(model: &Model) -> (&'static str, &'static str) {
    match model.sjabloon() {
        Sjabloon::WijkgerichtWerken => ("interventie", "interventies"),
        Sjabloon::Wijkanalyse => ("speerpunt", "speerpunten"),
    }
}

/// Interventie `i` as a message names it: `interventie "Buurtkamer"`, or
/// `speerpunt 2` when it has no title.
pub(super) fn interventie_naam(model: &Model, i: usize) -> String {
    let (een, _) = soort(model);
    match model.verslag.interventies.get(i).map(|iv| iv.titel.trim()) {
        Some(titel) if !titel.is_empty() => format!("{een} \"{titel}\""),
        _ => format!("{een} {}", i + 1),
    }
}

/// Runs rules 7 and 8.
pub fn check(model: &Model, out: &mut Vec<Finding>) {
    verbeterpunten(model, out);
    interventies(model, out);
}

/// Rule 7: at least one verbeterpunt, each SMART.
fn verbeterpunten(model: &Model, out: &mut Vec<Finding>) {
    let spans = &model.spans;
    let list = &model.verslag.verbeterpunten;
    if list.is_empty() {
        out.push(
            Finding::fout(7, Place::file(VERSLAG_TOML), "er is geen enkel verbeterpunt")
                .hint("de wijkdiagnose noemt de belangrijkste verbeterpunten, SMART geformuleerd: voeg [[verbeterpunten]] toe met titel, specifiek, meetbaar, acceptabel, realistisch en tijdgebonden"),
        );
        return;
    }
    for (i, v) in list.iter().enumerate() {
        let base = format!("verbeterpunten[{i}]");
        let name = if v.titel.trim().is_empty() {
            format!("verbeterpunt {}", i + 1)
        } else {
            format!("verbeterpunt \"{}\"", v.titel.trim())
        };
        let criteria = [
            ("specifiek", &v.specifiek, "wat precies, voor wie en waar?"),
            ("meetbaar", &v.meetbaar, "hoeveel, en hoe meten jullie dat?"),
            ("acceptabel", &v.acceptabel, "wie staan erachter?"),
            ("realistisch", &v.realistisch, "waarom is het haalbaar?"),
            ("tijdgebonden", &v.tijdgebonden, "wanneer is het bereikt?"),
        ];
        let missing: Vec<_> = criteria
            .iter()
            .filter(|(_, value, _)| blank(value))
            .collect();
        if !missing.is_empty() {
            let keys: Vec<&str> = missing.iter().map(|(k, _, _)| *k).collect();
            let questions: Vec<String> = missing
                .iter()
                .map(|(k, _, q)| format!("{k}: {q}"))
                .collect();
            out.push(
                Finding::fout(
                    7,
                    spans.place(&base),
                    format!(
                        "{name} is niet SMART: {} {}",
                        join_en(&keys),
                        ontbreekt(keys.len())
                    ),
                )
                .hint(format!("vul aan ({})", questions.join("; "))),
            );
        }
        if let Some(m) = v.meetbaar.as_deref().filter(|m| !m.trim().is_empty())
            && !has_measure(m)
        {
            out.push(
                Finding::waarschuwing(7, spans.place(&format!("{base}.meetbaar")), format!("`meetbaar` van {name} noemt geen aantal of percentage"))
                    .hint("maak het meetbaar met een getal, bijvoorbeeld \"het aantal 65-plussers dat zich eenzaam voelt daalt van 48% naar 40%\""),
            );
        }
        if let Some(t) = v.tijdgebonden.as_deref().filter(|t| !t.trim().is_empty())
            && !has_time(t)
        {
            out.push(
                Finding::waarschuwing(7, spans.place(&format!("{base}.tijdgebonden")), format!("`tijdgebonden` van {name} noemt geen datum, jaar of termijn"))
                    .hint("noem wanneer het bereikt is, bijvoorbeeld \"vóór 1 juli 2020\" of \"binnen zes maanden\""),
            );
        }
    }
}

/// Dutch number words that make a goal measurable ("een" is left out: it is
/// mostly the article).
const NUMBER_WORDS: &[&str] = &[
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "honderd",
    "duizend",
    "helft",
    "kwart",
    "derde",
    "procent",
    "verdubbeld",
    "verdubbelen",
    "verdubbeling",
    "halveren",
    "gehalveerd",
    "halvering",
];

/// Whether a text holds a number, a percentage or a number word.
pub fn has_measure(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) || words(s).any(|w| NUMBER_WORDS.contains(&w.as_str()))
}

/// Words that name a moment or a period.
const TIME_WORDS: &[&str] = &[
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "week",
    "weken",
    "maand",
    "maanden",
    "jaar",
    "jaren",
    "kwartaal",
    "kwartalen",
    "schooljaar",
    "voorjaar",
    "najaar",
    "zomer",
    "winter",
    "lente",
    "herfst",
    "zomervakantie",
    "kerstvakantie",
    "meivakantie",
    "halfjaar",
    "dag",
    "dagen",
];

/// Whether a text names a date, a year or a period.
pub fn has_time(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) || words(s).any(|w| TIME_WORDS.contains(&w.as_str()))
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Rule 8: at least three interventies, each with doelgroep, aanpak and verantwoording.
fn interventies(model: &Model, out: &mut Vec<Finding>) {
    let spans = &model.spans;
    let list = &model.verslag.interventies;
    if list.len() < MIN_INTERVENTIES {
        let place = if list.is_empty() {
            Place::file(VERSLAG_TOML)
        } else {
            spans.place(&format!("interventies[{}]", list.len() - 1))
        };
        let n = list.len();
        let (een, meer) = soort(model);
        out.push(
            Finding::fout(8, place, format!("er {} {n} {}; de opdracht vraagt er minstens {MIN_INTERVENTIES}", if n == 1 { "is" } else { "zijn" }, if n == 1 { een } else { meer }))
                .hint(format!("beschrijf minimaal drie verschillende {meer} met [[interventies]] (titel, doelgroep, aanpak, verantwoording)")),
        );
    }
    for (i, iv) in list.iter().enumerate() {
        let name = interventie_naam(model, i);
        let missing: Vec<&str> = [
            ("doelgroep", &iv.doelgroep),
            ("aanpak", &iv.aanpak),
            ("verantwoording", &iv.verantwoording),
        ]
        .into_iter()
        .filter_map(|(k, v)| blank(v).then_some(k))
        .collect();
        if missing.is_empty() {
            continue;
        }
        let first = missing[0];
        let path = format!("interventies[{i}].{first}");
        let place = if spans.has(&path) {
            spans.place(&path)
        } else {
            spans.place(&format!("interventies[{i}]"))
        };
        let (een, _) = soort(model);
        // "de interventie", but "het speerpunt".
        let (deze, de) = match model.sjabloon() {
            Sjabloon::WijkgerichtWerken => ("deze", "de"),
            Sjabloon::Wijkanalyse => ("dit", "het"),
        };
        let hint = if missing.contains(&"verantwoording") {
            format!(
                "vul aan; bij verantwoording leggen jullie uit waarom {deze} {een} past bij de wijkdiagnose (de opdracht vraagt dat jullie je keuzes verantwoorden)"
            )
        } else {
            format!(
                "vul aan: voor wie is {de} {een} (doelgroep) en wat gaan jullie concreet doen (aanpak)?"
            )
        };
        out.push(
            Finding::fout(
                8,
                place,
                format!(
                    "bij {name} {} {}",
                    ontbreekt(missing.len()),
                    join_en(&missing)
                ),
            )
            .hint(hint),
        );
    }
}

/// "ontbreekt" for one, "ontbreken" for more.
pub fn ontbreekt(n: usize) -> &'static str {
    if n == 1 { "ontbreekt" } else { "ontbreken" }
}

/// "a", "a en b", "a, b en c".
pub fn join_en(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_times() {
        assert!(has_measure("van 48% naar 40%"));
        assert!(has_measure("de helft van de ouderen"));
        assert!(!has_measure("minder eenzaamheid"));
        assert!(has_time("voor 1 juli 2020"));
        assert!(has_time("binnen zes maanden"));
        assert!(!has_time("zo snel mogelijk"));
        assert_eq!(join_en(&["a", "b", "c"]), "a, b en c");
    }
}
