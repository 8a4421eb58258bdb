//! Rules 3, 4 and 5: the fieldwork forms filled in — the Windshield Survey
//! (stap 3), the interview (stap 4) and the Checklist wijkdiagnose (stap 6).

use super::plan::{join_en, ontbreekt};
use super::{Finding, blank};
use crate::error::Place;
use crate::model::{Model, VERSLAG_TOML};

/// Fewer questions than this is not an interview a teacher accepts.
pub const MIN_VRAGEN: usize = 5;

/// Runs rules 3, 4 and 5.
pub fn check(model: &Model, out: &mut Vec<Finding>) {
    windshield(model, out);
    interview(model, out);
    checklist(model, out);
}

/// Rule 3: header filled, every item of the form in use answered.
fn windshield(model: &Model, out: &mut Vec<Finding>) {
    let spans = &model.spans;
    let Some(ws) = &model.verslag.windshield else {
        out.push(
            Finding::fout(3, Place::file(VERSLAG_TOML), "de Windshield Survey is niet ingevuld")
                .hint("voeg [windshield] toe met datum, tijd, weer, waarnemers en route, en de antwoorden onder [windshield.antwoorden]"),
        );
        return;
    };
    let mut missing = Vec::new();
    for field in &model.forms.windshield.kopvelden {
        let empty = match field.id.as_str() {
            "wijk" => model.verslag.verslag.wijk.trim().is_empty(),
            "datum" => ws.datum.is_none(),
            "tijd" => blank(&ws.tijd),
            "weer" => blank(&ws.weer),
            "route" => blank(&ws.route),
            "waarnemers" => ws.waarnemers.iter().all(|w| w.trim().is_empty()),
            // A class's own header field has no key in verslag.toml to fill.
            _ => false,
        };
        if empty {
            missing.push(field.id.as_str());
        }
    }
    if !missing.is_empty() {
        let example: Vec<String> = missing.iter().map(|id| header_example(id)).collect();
        out.push(
            Finding::fout(
                3,
                spans.key_place("windshield"),
                format!(
                    "in de kop van de Windshield Survey ontbreekt: {}",
                    missing.join(", ")
                ),
            )
            .hint(format!("vul onder [windshield] in: {}", example.join(", "))),
        );
    }

    let items = &model.forms.windshield.items;
    let unanswered: Vec<_> = items
        .iter()
        .filter(|i| ws.antwoorden.get(&i.id).is_none_or(|a| a.trim().is_empty()))
        .collect();
    if !items.is_empty() && unanswered.len() == items.len() {
        out.push(
            Finding::fout(3, table_place(model, "windshield.antwoorden", "windshield"), format!("geen enkel onderdeel van de Windshield Survey is beantwoord (0 van {})", items.len()))
                .hint(format!("schrijf onder [windshield.antwoorden] per onderdeel wat jullie zagen, bijvoorbeeld {} = \"…\"", items[0].id)),
        );
        return;
    }
    for item in unanswered {
        let path = format!("windshield.antwoorden.{}", item.id);
        let place = if spans.has(&path) {
            spans.place(&path)
        } else {
            table_place(model, "windshield.antwoorden", "windshield")
        };
        out.push(
            Finding::fout(
                3,
                place,
                format!(
                    "het onderdeel \"{}\" van de Windshield Survey is niet beantwoord",
                    item.titel
                ),
            )
            .hint(format!(
                "schrijf onder [windshield.antwoorden] wat jullie zagen: {} = \"…\"",
                item.id
            )),
        );
    }
}

fn header_example(id: &str) -> String {
    match id {
        "datum" => "datum = 2019-12-03".into(),
        "waarnemers" => "waarnemers = [\"…\", \"…\"]".into(),
        "wijk" => "wijk = \"…\" (onder [verslag])".into(),
        other => format!("{other} = \"…\""),
    }
}

/// The key of table `path` when present, else of `fallback`, else the file.
fn table_place(model: &Model, path: &str, fallback: &str) -> Place {
    let spans = &model.spans;
    if spans.has(path) {
        spans.key_place(path)
    } else if spans.has(fallback) {
        spans.key_place(fallback)
    } else {
        Place::file(VERSLAG_TOML)
    }
}

/// Rule 4: respondent, datum, at least five questions, every one answered.
fn interview(model: &Model, out: &mut Vec<Finding>) {
    let spans = &model.spans;
    let Some(iv) = &model.verslag.interview else {
        out.push(
            Finding::fout(4, Place::file(VERSLAG_TOML), "het interview ontbreekt")
                .hint("voeg [interview] toe met respondent, datum en de vragen met antwoorden ([[interview.vragen]])"),
        );
        return;
    };
    let here = spans.key_place("interview");
    if blank(&iv.respondent) {
        out.push(
            Finding::fout(4, here.clone(), "de respondent van het interview is niet beschreven")
                .hint("beschrijf de respondent zonder naam, bijvoorbeeld respondent = \"Bewoner (67), woont 31 jaar in de wijk\""),
        );
    } else if let Some(name) = iv
        .respondent
        .as_deref()
        .and_then(|r| looks_like_name(r, &model.verslag.verslag.wijk))
    {
        out.push(
            Finding::waarschuwing(4, spans.place("interview.respondent"), format!("de respondent lijkt met naam genoemd: \"{name}\""))
                .hint("noem de respondent niet bij naam (privacy); beschrijf wie het is, bijvoorbeeld \"bewoonster (45), moeder van twee kinderen\""),
        );
    }
    if iv.datum.is_none() {
        out.push(
            Finding::fout(4, here.clone(), "de datum van het interview ontbreekt")
                .hint("vul onder [interview] in: datum = 2019-12-05"),
        );
    }
    let n = iv.vragen.len();
    if n < MIN_VRAGEN {
        let place = if spans.has("interview.vragen") {
            spans.place("interview.vragen")
        } else {
            here.clone()
        };
        out.push(
            Finding::fout(
                4,
                place,
                format!(
                    "het interview heeft {n} {}; minstens {MIN_VRAGEN} nodig",
                    if n == 1 { "vraag" } else { "vragen" }
                ),
            )
            .hint("voeg vragen toe met [[interview.vragen]] vraag = \"…\" antwoord = \"…\""),
        );
    }
    let unanswered: Vec<usize> = (0..n).filter(|&i| blank(&iv.vragen[i].antwoord)).collect();
    if n > 1 && unanswered.len() == n {
        out.push(
            Finding::fout(4, spans.place("interview.vragen[0]"), format!("geen enkele vraag van het interview is beantwoord (0 van {n})"))
                .hint(format!("het uitgewerkte interview hoort in hoofdstuk {}: zet bij elke vraag antwoord = \"…\"", model.sjabloon().chapter_of_stap(4))),
        );
        return;
    }
    for i in unanswered {
        let vraag = iv.vragen[i].vraag.trim();
        out.push(
            Finding::fout(4, spans.place(&format!("interview.vragen[{i}]")), format!("vraag {} van het interview (\"{}\") is niet beantwoord", i + 1, crate::error::shorten(vraag, 60)))
                .hint("zet het antwoord erbij: antwoord = \"…\", of haal de vraag weg als jullie hem niet gesteld hebben"),
        );
    }
}

/// Rule 5: every factor rated with oordeel and zekerheid; the number to
/// investigate further reported.
fn checklist(model: &Model, out: &mut Vec<Finding>) {
    let spans = &model.spans;
    let list = &model.verslag.checklist;
    let form = &model.forms;
    if list.is_empty() {
        out.push(
            Finding::fout(6, Place::file(VERSLAG_TOML), "de Checklist wijkdiagnose is niet ingevuld")
                .hint("voeg [checklist] toe met per factor een oordeel en een zekerheid, bijvoorbeeld huisvesting = { oordeel = \"redelijk\", zekerheid = \"vermoeden\" }"),
        );
        return;
    }
    let mut unrated = Vec::new();
    let mut investigate = Vec::new();
    for domain in &form.checklist.domeinen {
        for factor in &domain.factoren {
            // Absent, or present without oordeel and zekerheid (as `init`
            // writes it): one finding for all of them, not one each.
            let Some(b) = list
                .get(&factor.id)
                .filter(|b| b.oordeel.is_some() || b.zekerheid.is_some())
            else {
                unrated.push(factor);
                continue;
            };
            let path = format!("checklist.{}", factor.id);
            let lacking: Vec<&str> = [
                ("oordeel", b.oordeel.is_none()),
                ("zekerheid", b.zekerheid.is_none()),
            ]
            .into_iter()
            .filter_map(|(k, missing)| missing.then_some(k))
            .collect();
            if !lacking.is_empty() {
                out.push(
                    Finding::fout(6, spans.key_place(&path), format!("bij de factor \"{}\" {} {}", factor.titel, ontbreekt(lacking.len()), lacking.join(" en ")))
                        .hint("geef elke factor een oordeel (goed, redelijk of slecht) en een zekerheid (zeker, vermoeden, hopen, gokken of vrezen)"),
                );
            }
            if b.zekerheid.is_some_and(|z| z.needs_investigation()) {
                investigate.push(factor.titel.as_str());
            }
        }
    }
    if !unrated.is_empty() {
        let total = form.factor_ids().len();
        let noun = if unrated.len() == 1 {
            "factoren is"
        } else {
            "factoren zijn"
        };
        out.push(
            Finding::fout(6, spans.key_place("checklist"), format!("{} van de {total} {noun} niet beoordeeld: {}", unrated.len(), list_some(unrated.iter().map(|f| f.titel.as_str()))))
                .hint(format!("beoordeel alle factoren onder [checklist], bijvoorbeeld {} = {{ oordeel = \"redelijk\", zekerheid = \"vermoeden\" }}", unrated[0].id)),
        );
    }
    if !investigate.is_empty() {
        let noun = if investigate.len() == 1 {
            "factor moet"
        } else {
            "factoren moeten"
        };
        out.push(
            Finding::waarschuwing(6, spans.key_place("checklist"), format!("{} {noun} verder onderzocht worden: {}", investigate.len(), list_some(investigate.iter().copied())))
                .hint(format!("jullie zijn er niet zeker van (vermoeden, hopen, gokken of vrezen): onderzoek ze verder en beschrijf in hoofdstuk {} wat jullie vonden", model.sjabloon().chapter_of_stap(6))),
        );
    }
}

/// At most eight names, the rest counted: "a, b en nog 3 andere".
fn list_some<'a>(names: impl Iterator<Item = &'a str>) -> String {
    const SHOWN: usize = 8;
    // Quoted: some titles hold commas themselves ("Vervuiling, zwerfafval en geluid").
    let names: Vec<String> = names.map(|n| format!("\"{n}\"")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    if names.len() <= SHOWN {
        join_en(&names)
    } else {
        format!(
            "{} en nog {} andere",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// Words that start with a capital in a description without being a name.
const NOT_NAMES: &[&str] = &[
    "bewoner",
    "bewoonster",
    "buurtbewoner",
    "buurtbewoonster",
    "man",
    "vrouw",
    "moeder",
    "vader",
    "oma",
    "opa",
    "jongen",
    "meisje",
    "jongere",
    "oudere",
    "senior",
    "student",
    "studente",
    "scholier",
    "vrijwilliger",
    "vrijwilligster",
    "medewerker",
    "medewerkster",
    "wijkagent",
    "huisarts",
    "winkelier",
    "eigenaar",
    "eigenaresse",
    "ondernemer",
    "wij",
    "de",
    "het",
    "een",
    "sinds",
    "woont",
    "werkt",
    "groningen",
    "stad",
    "wijk",
    "buurt",
    "team",
    "ouder",
    "alleenstaande",
    "gepensioneerde",
    "mantelzorger",
    "lid",
    "voorzitter",
];

/// Honorifics that are followed by a surname.
const TITLES: &[&str] = &["mevrouw", "meneer", "mevr", "mw", "dhr", "heer", "juffrouw"];

/// Particles inside Dutch surnames ("Jan de Vries", "Fatima el Amrani").
const PARTICLES: &[&str] = &[
    "de", "van", "der", "den", "het", "ter", "ten", "el", "al", "la", "le", "du", "da", "von", "'t",
];

/// A respondent description that looks like a person's name: two capitalised
/// words in a row (with surname particles between), or a title with a
/// capitalised word ("mevrouw Jansen"). Returns the words that look like a name.
pub fn looks_like_name(respondent: &str, wijk: &str) -> Option<String> {
    let wijk_words: Vec<String> = wijk
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = respondent
        .split(|c: char| c.is_whitespace() || ",;:()/".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
            .to_string()
    };
    let capital = |w: &str| {
        let lw = w.to_lowercase();
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .skip(1)
                .all(|c| c.is_lowercase() || c == '-' || c == '\'')
            && w.chars().count() > 1
            && !NOT_NAMES.contains(&lw.as_str())
            && !wijk_words.contains(&lw)
    };
    for i in 0..words.len() {
        let first = clean(words[i]);
        let lower = first.to_lowercase();
        if TITLES.contains(&lower.as_str()) {
            let mut j = i + 1;
            while j < words.len() && PARTICLES.contains(&clean(words[j]).to_lowercase().as_str()) {
                j += 1;
            }
            if j < words.len() && capital(&clean(words[j])) {
                return Some(
                    words[i..=j]
                        .iter()
                        .map(|w| clean(w))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            continue;
        }
        if !capital(&first) {
            continue;
        }
        let mut j = i + 1;
        while j < words.len()
            && PARTICLES.contains(&clean(words[j]).to_lowercase().as_str())
            && !words[j - 1].ends_with(',')
        {
            j += 1;
        }
        if j < words.len()
            && !words[j - 1].ends_with([',', '.', ';', ':', ')'])
            && capital(&clean(words[j]))
        {
            return Some(
                words[i..=j]
                    .iter()
                    .map(|w| clean(w))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::looks_like_name;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(
            looks_like_name("Jan de Vries, 67 jaar", "Beijum").as_deref(),
            Some("Jan de Vries")
        );
        assert_eq!(
            looks_like_name("Fatima Yilmaz", "Beijum").as_deref(),
            Some("Fatima Yilmaz")
        );
        assert_eq!(
            looks_like_name("mevrouw Jansen (80)", "Beijum").as_deref(),
            Some("mevrouw Jansen")
        );
        assert_eq!(
            looks_like_name("Bewoner (67), woont 31 jaar in Beijum", "Beijum"),
            None
        );
        assert_eq!(
            looks_like_name("Bewoonster Beijum-Oost, moeder van twee", "Beijum"),
            None
        );
        assert_eq!(
            looks_like_name("Vrijwilliger bij WIJ Beijum", "Beijum"),
            None
        );
        assert_eq!(
            looks_like_name("Oudere man, woont in Lewenborg", "Lewenborg"),
            None
        );
    }
}
