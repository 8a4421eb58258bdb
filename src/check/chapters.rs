//! Rules 1, 2 and 6: a chapter per stap with real text, visible material,
//! and a source about the social problems in chapter 7.

use super::scan::Scan;
use super::{Finding, Level, chapter_place, chapter_stap};
use crate::document::lower::{chapter_file, chapter_titles};
use crate::error::Place;
use crate::model::Model;

/// Below this many words of prose a chapter gets a `waarschuwing`: about
/// two solid paragraphs, the least a teacher accepts as "niveau 4".
pub const MIN_WORDS: usize = 150;

/// Runs rules 1, 2 and 6, and reports what in the Markdown would stop a
/// build or makes it warn.
pub fn check(model: &Model, scan: &Scan, out: &mut Vec<Finding>) {
    chapter_texts(model, scan, out);
    visible_material(model, scan, out);
    diagnosis_source(model, scan, out);
    for (num, file) in &scan.chapters {
        let stap = chapter_stap(model, *num);
        for p in &file.problems {
            out.push(Finding::from_problem(Level::Fout, stap, p));
        }
        for p in &file.warnings {
            out.push(Finding::from_problem(Level::Waarschuwing, stap, p));
        }
    }
    for file in &scan.bijlagen {
        for p in &file.problems {
            out.push(Finding::from_problem(Level::Fout, None, p));
        }
        for p in &file.warnings {
            out.push(Finding::from_problem(Level::Waarschuwing, None, p));
        }
    }
}

/// Rule 1: "Een hoofdstuk per stap", with text in it.
fn chapter_texts(model: &Model, scan: &Scan, out: &mut Vec<Finding>) {
    for (i, title) in chapter_titles(model.sjabloon()).iter().enumerate() {
        let num = i as u32 + 1;
        let stap = chapter_stap(model, num);
        match scan.chapters.get(&num) {
            None => out.push(
                Finding::fout(stap, chapter_place(model, num), format!("hoofdstuk {num} ({title}) ontbreekt"))
                    .hint(format!(
                        "schrijf het hoofdstuk in hoofdstukken/{}",
                        chapter_file(model.sjabloon(), num, title)
                    )),
            ),
            Some(file) if file.words == 0 => out.push(
                Finding::fout(stap, Place::file(&file.path), format!("hoofdstuk {num} ({title}) heeft nog geen tekst"))
                    .hint("schrijf de tekst onder de hulpvragen; tekst tussen <!-- en --> wordt niet afgedrukt"),
            ),
            Some(file) if file.words < MIN_WORDS => out.push(
                Finding::waarschuwing(
                    stap,
                    Place::file(&file.path),
                    format!("hoofdstuk {num} ({title}) is kort: {} woorden", file.words),
                )
                .hint(format!("werk het hoofdstuk verder uit (minstens {MIN_WORDS} woorden lopende tekst)")),
            ),
            Some(_) => {}
        }
    }
}

/// Rule 2: "Maak gebruik van zichtbaar gevonden materiaal": a photo, figure or chart.
fn visible_material(model: &Model, scan: &Scan, out: &mut Vec<Finding>) {
    let images: usize = scan.files().map(|f| f.figures).sum();
    let charts = model.verslag.grafieken.len() + usize::from(model.verslag.verslag.cbs.is_some());
    if images + charts == 0 {
        out.push(
            Finding::fout(None, Place::file("hoofdstukken/"), "het verslag heeft geen enkele foto of figuur")
                .hint("laat zien wat jullie vonden: zet bijvoorbeeld een foto uit de wijk in een hoofdstuk met ![onderschrift](../fotos/naam.jpg)"),
        );
    }
}

/// Rule 6: "Bij hoofdstuk 7 voegen jullie een bron toe over de sociale problematiek".
fn diagnosis_source(model: &Model, scan: &Scan, out: &mut Vec<Finding>) {
    let num = model.sjabloon().chapter_of_stap(7);
    let known = |id: &str| model.verslag.bronnen.iter().any(|b| b.id == id);
    // A SMART verbeterpunt that cites its source counts: it prints in the chapter.
    let cited = scan
        .chapters
        .get(&num)
        .is_some_and(|f| f.cites.iter().any(|(id, _)| known(id)))
        || scan
            .toml_cites
            .iter()
            .any(|c| c.chapter == Some(num) && known(&c.id));
    if !cited {
        out.push(
            Finding::fout(chapter_stap(model, num), chapter_place(model, num), format!("hoofdstuk {num} verwijst naar geen enkele bron"))
                .hint(format!("de opdracht vraagt in hoofdstuk {num} een bron over de sociale problematiek in de wijk: zet die onder [[bronnen]] en verwijs ernaar met [@id]")),
        );
    }
}
