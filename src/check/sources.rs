//! Rule 9: every cited id exists, every source is cited somewhere.

use std::collections::HashSet;

use super::scan::Scan;
use super::{Finding, Level, chapter_stap};
use crate::document::lower::unknown_source;
use crate::model::Model;

/// Runs rule 9.
pub fn check(model: &Model, scan: &Scan, out: &mut Vec<Finding>) {
    let v = &model.verslag;
    let mut cited: HashSet<&str> = HashSet::new();
    let sources = model.sources();
    let files = scan
        .chapters
        .iter()
        .map(|(num, f)| (chapter_stap(model, *num), f))
        .chain(scan.bijlagen.iter().map(|f| (None, f)))
        .flat_map(|(stap, f)| f.cites.iter().map(move |(id, place)| (stap, id, place)));
    let in_toml = scan.toml_cites.iter().map(|c| {
        let stap = c.chapter.and_then(|num| chapter_stap(model, num));
        (stap, &c.id, &c.place)
    });
    for (stap, id, place) in files.chain(in_toml) {
        if sources.contains_key(id) {
            cited.insert(id.as_str());
        } else {
            let p = unknown_source(id, place.clone(), &sources);
            out.push(Finding::from_problem(Level::Fout, stap, &p));
        }
    }
    // Structured parts cite too; their ids are checked when loading.
    cited.extend(
        v.interventies
            .iter()
            .flat_map(|i| i.bronnen.iter().map(String::as_str)),
    );
    cited.extend(v.tabellen.iter().filter_map(|t| t.bron.as_deref()));
    cited.extend(v.grafieken.iter().filter_map(|g| g.bron.as_deref()));
    // The CBS import cites the group's own CBS source of the same year.
    let cbs_id;
    match crate::document::cbs_part::load(model) {
        Ok(Some(report)) => {
            out.extend(
                report
                    .warnings(model)
                    .iter()
                    .map(|p| Finding::from_problem(Level::Waarschuwing, Some(2), p)),
            );
            cbs_id = report.bron.id;
            cited.insert(cbs_id.as_str());
        }
        Ok(None) => {}
        Err(p) => out.push(Finding::from_problem(Level::Fout, Some(2), &p)),
    }
    for (i, b) in v.bronnen.iter().enumerate() {
        if !cited.contains(b.id.as_str()) {
            out.push(
                Finding::waarschuwing(
                    None,
                    model.spans.place(&format!("bronnen[{i}].id")),
                    format!("naar de bron `{}` wordt nergens verwezen", b.id),
                )
                .hint(format!(
                    "verwijs ernaar in de tekst met [@{}], of haal de bron uit de literatuurlijst",
                    b.id
                )),
            );
        }
        web_addresses(model, i, b, out);
    }
}

/// Names a web address typed where the literature list needs a name or a
/// title, and a Google search given as the source: the list would print
/// "https://www.google.com/search?q=… (z.d.)" as if it were an author.
fn web_addresses(model: &Model, i: usize, b: &crate::model::Bron, out: &mut Vec<Finding>) {
    for (key, value) in [("auteur", &b.auteur), ("titel", &b.titel)] {
        if is_address(value) {
            out.push(
                Finding::waarschuwing(
                    None,
                    model.spans.place(&format!("bronnen[{i}].{key}")),
                    format!("de {key} van de bron `{}` is een webadres", b.id),
                )
                .hint(if key == "auteur" {
                    "schrijf als auteur wie de tekst maakte, een persoon (Jansen, M.) of een organisatie (WIJ Groningen), en zet het adres bij url = \"…\""
                } else {
                    "schrijf de titel van de pagina zoals die bovenaan staat, en zet het adres bij url = \"…\""
                }),
            );
        }
    }
    let searches = [&b.auteur, &b.titel]
        .into_iter()
        .chain(b.url.as_ref())
        .any(|v| is_search(v));
    if searches {
        out.push(
            Finding::waarschuwing(
                None,
                model.spans.place(&format!("bronnen[{i}].id")),
                format!(
                    "de bron `{}` is een zoekopdracht in een zoekmachine, niet de pagina die je gelezen hebt",
                    b.id
                ),
            )
            .hint("open de pagina die je gebruikte en neem daarvan de maker, de titel en het adres over"),
        );
    }
}

/// True for text that is a web address rather than a name.
fn is_address(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www.")
}

/// True for the address of a search engine's results page.
fn is_search(value: &str) -> bool {
    let v = value.trim().to_lowercase();
    let host = v
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', '?'])
        .next()
        .unwrap_or("");
    let engine = [
        "google.",
        "bing.com",
        "duckduckgo.com",
        "ecosia.org",
        "yahoo.com",
    ]
    .iter()
    .any(|e| host.contains(e));
    engine && (v.contains("/search") || v.contains("?q=") || v.contains("&q="))
}
