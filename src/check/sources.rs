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
    }
}
