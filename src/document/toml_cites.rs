//! Citations `[@id]` in the texts of `verslag.toml`: an interview answer, a
//! checklist toelichting, a SMART point or an interventie cites its source
//! as the chapters do. The parts print them as "(Auteur, jaar)"; the
//! literature list, `check`'s rules and the errors for unknown ids count
//! them where they print.

use std::collections::BTreeMap;

use serde_json::Value;

use super::apa;
use super::ir::{Block, Inline};
use super::markdown::parse_citation;
use super::slots::Slot;
use crate::error::Place;
use crate::model::{Bron, Model};

/// One source cited in a text of `verslag.toml`.
#[derive(Debug, Clone)]
pub struct TomlCite {
    /// The id between `[@` and `]`.
    pub id: String,
    /// Where it is typed.
    pub place: Place,
    /// The chapter the text prints in; `None` for an appendix.
    pub chapter: Option<u32>,
}

/// Every citation in the texts the parts print, in file order.
pub fn cites(model: &Model) -> Vec<TomlCite> {
    let mut out = Vec::new();
    for (path, range, text) in model.spans.strings() {
        let Some(chapter) = printed_in(model, path) else {
            continue;
        };
        for (written, items) in citations(text) {
            let place = model.spans.place_within(range, written);
            out.extend(items.into_iter().map(|(id, _)| TomlCite {
                id,
                place: place.clone(),
                chapter,
            }));
        }
    }
    out
}

/// Where the value at `path` prints: `Some(Some(chapter))`, `Some(None)` for
/// the Windshield appendix, `None` for texts that are no prose of a part
/// (titles, names, ids, file names). The keys of the parts are the names of
/// their slots, so the slot says the chapter.
fn printed_in(model: &Model, path: &str) -> Option<Option<u32>> {
    let head = path.split(['.', '[']).next().unwrap_or("");
    if head == "windshield" {
        return Some(None);
    }
    let slot = Slot::from_name(head)?;
    if let Some(stap) = slot.stap() {
        return Some(Some(model.sjabloon().chapter_of_stap(stap)));
    }
    // A table or chart names its own chapter.
    let index: usize = path.split_once('[')?.1.split(']').next()?.parse().ok()?;
    let v = &model.verslag;
    let hoofdstuk = match slot {
        Slot::Tabellen => v.tabellen.get(index)?.hoofdstuk,
        _ => v.grafieken.get(index)?.hoofdstuk,
    };
    Some(Some(model.sjabloon().chapter_for(hoofdstuk)))
}

/// The (id, locator) items of one citation.
type Items = Vec<(String, Option<String>)>;

/// The citations of `text`: each as written, with its items.
fn citations(text: &str) -> Vec<(&str, Items)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[@") {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let written = &rest[open..open + close + 1];
        if let Some(items) = parse_citation(&written[1..written.len() - 1]) {
            out.push((written, items));
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// `text` with each citation of a known source as "(Auteur, jaar)"; one
/// with an unknown id stays as typed (the build reports it).
pub fn resolve(text: &str, sources: &BTreeMap<String, Bron>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    for (written, items) in citations(text) {
        let at = rest.find(written).unwrap_or(0);
        out.push_str(&rest[..at]);
        match apa::parenthetical(&items, sources) {
            Ok(cited) => out.push_str(&cited),
            Err(_) => out.push_str(written),
        }
        rest = &rest[at + written.len()..];
    }
    out.push_str(rest);
    out
}

/// Resolves the citations in the texts of generated blocks: a part's data
/// and a `[[tabellen]]` table's caption and cells.
pub fn resolve_blocks(blocks: &mut [Block], sources: &BTreeMap<String, Bron>) {
    for block in blocks {
        match block {
            Block::Part { data, .. } => resolve_value(data, sources),
            Block::Table {
                caption,
                head,
                rows,
                ..
            } => {
                for inlines in std::iter::once(caption)
                    .chain(head.iter_mut())
                    .chain(rows.iter_mut().flatten())
                {
                    for inline in inlines {
                        if let Inline::Text { s } = inline
                            && s.contains("[@")
                        {
                            *s = resolve(s, sources);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn resolve_value(value: &mut Value, sources: &BTreeMap<String, Bron>) {
    match value {
        Value::String(s) if s.contains("[@") => *s = resolve(s, sources),
        Value::Array(items) => items.iter_mut().for_each(|v| resolve_value(v, sources)),
        Value::Object(map) => map.values_mut().for_each(|v| resolve_value(v, sources)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bron(id: &str, auteur: &str, jaar: i32) -> (String, Bron) {
        let b: Bron = toml::from_str(&format!(
            "id = \"{id}\"\nauteur = \"{auteur}\"\njaar = {jaar}\ntitel = \"T\""
        ))
        .unwrap();
        (id.to_string(), b)
    }

    #[test]
    fn known_citations_print_as_in_the_chapters_and_others_stay() {
        let sources = BTreeMap::from([
            bron("ggd", "GGD Groningen", 2018),
            bron("wij", "WIJ Groningen", 2019),
        ]);
        assert_eq!(
            resolve(
                "Eenzaam [@ggd, p. 4; @wij]. Zie [@onbekend] en [link].",
                &sources
            ),
            "Eenzaam (GGD Groningen, 2018, p. 4; WIJ Groningen, 2019). Zie [@onbekend] en [link]."
        );
        let mut data = serde_json::json!({"a": ["x [@wij]"], "b": {"c": "[@ggd]"}, "n": 3});
        resolve_value(&mut data, &sources);
        assert_eq!(data["a"][0], "x (WIJ Groningen, 2019)");
        assert_eq!(data["b"]["c"], "(GGD Groningen, 2018)");
    }
}
