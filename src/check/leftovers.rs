//! What the report prints as not yet done: the placeholders of `init`'s
//! verslag.toml ("Naam groepslid 1" on the cover, "Interventie 1"), a table
//! without figures, and the fields of an interventie card that print "nog
//! niet ingevuld". The teacher sees them in the PDF, so `check` names them.

use super::plan::join_en;
use super::{Finding, chapter_stap};
use crate::document::parts::interventie_velden;
use crate::model::{Model, Sjabloon};

/// Runs the checks for what is still open.
pub fn check(model: &Model, out: &mut Vec<Finding>) {
    names(model, out);
    titles(model, out);
    tables(model, out);
    cards(model, out);
}

/// "Naam groepslid 1": a name on the cover that `init` wrote.
fn names(model: &Model, out: &mut Vec<Finding>) {
    for (i, g) in model.verslag.groepsleden.iter().enumerate() {
        if numbered(&g.naam, "Naam groepslid") {
            out.push(
                Finding::fout(
                    None,
                    model.spans.place(&format!("groepsleden[{i}].naam")),
                    format!(
                        "\"{}\" komt nog uit het sjabloon en staat zo op de voorkant",
                        g.naam.trim()
                    ),
                )
                .hint("vul de volledige naam van het groepslid in"),
            );
        }
    }
}

/// "Verbeterpunt 1", "Interventie 1": the titles `init` wrote.
fn titles(model: &Model, out: &mut Vec<Finding>) {
    let v = &model.verslag;
    let verbeterpunten = v
        .verbeterpunten
        .iter()
        .map(|p| &p.titel)
        .enumerate()
        .map(|(i, t)| (7, "Verbeterpunt", format!("verbeterpunten[{i}].titel"), t));
    let interventies = v
        .interventies
        .iter()
        .map(|p| &p.titel)
        .enumerate()
        .map(|(i, t)| (8, "Interventie", format!("interventies[{i}].titel"), t));
    let speerpunt = model.sjabloon() == Sjabloon::Wijkanalyse;
    for (stap, word, path, titel) in verbeterpunten.chain(interventies) {
        // `init` names them "Speerpunt 1" in the wijkanalyse template.
        if numbered(titel, word) || (stap == 8 && numbered(titel, "Speerpunt")) {
            out.push(
                Finding::waarschuwing(
                    stap,
                    model.spans.place(&path),
                    format!("de titel \"{}\" komt nog uit het sjabloon", titel.trim()),
                )
                .hint(if stap == 7 {
                    "zeg in de titel kort wat er beter moet, bijvoorbeeld \"Minder eenzaamheid onder ouderen\""
                } else if speerpunt {
                    "geef het speerpunt een naam die zegt wat jullie gaan doen, bijvoorbeeld \"Buurtkamer voor ouderen\""
                } else {
                    "geef de interventie een naam die zegt wat jullie gaan doen, bijvoorbeeld \"Buurtkamer voor ouderen\""
                }),
            );
        }
    }
}

/// Whether `text` is `word` and a number, as `init` numbers its examples.
fn numbered(text: &str, word: &str) -> bool {
    text.trim()
        .strip_prefix(word)
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A table of `[[tabellen]]` whose cells, but for the first column, are
/// all empty: printed, it is a grid of blanks under a title and a source.
fn tables(model: &Model, out: &mut Vec<Finding>) {
    for (i, t) in model.verslag.tabellen.iter().enumerate() {
        let empty = t
            .rijen
            .iter()
            .all(|r| r.iter().skip(1).all(|c| c.trim().is_empty()));
        if !t.rijen.is_empty() && empty {
            out.push(
                Finding::waarschuwing(
                    chapter_stap(model, model.sjabloon().chapter_for(t.hoofdstuk)),
                    model.spans.place(&format!("tabellen[{i}].rijen")),
                    format!("de tabel \"{}\" heeft nog geen cijfers: naast de eerste kolom zijn alle cellen leeg", t.titel.trim()),
                )
                .hint("vul de cijfers in (bijvoorbeeld van CBS in uw buurt), of haal het blok [[tabellen]] weg"),
            );
        }
    }
}

/// The fields of an interventie card that print "nog niet ingevuld", but
/// for those rule 8 requires (it names them as a fout).
fn cards(model: &Model, out: &mut Vec<Finding>) {
    let wijkgericht = model.sjabloon() == Sjabloon::WijkgerichtWerken;
    for (i, iv) in model.verslag.interventies.iter().enumerate() {
        let mut open: Vec<&str> = interventie_velden(iv, wijkgericht)
            .into_iter()
            .filter(|(key, _, value)| {
                value.is_null() && !matches!(*key, "doelgroep" | "aanpak" | "verantwoording")
            })
            .map(|(key, _, _)| key)
            .collect();
        if iv.bronnen.is_empty() {
            open.push("bronnen");
        }
        if open.is_empty() {
            continue;
        }
        let name = super::plan::interventie_naam(model, i);
        out.push(
            Finding::waarschuwing(
                8,
                model.spans.place(&format!("interventies[{i}]")),
                format!(
                    "bij {name} staat in het verslag \"nog niet ingevuld\" bij {}",
                    join_en(&open)
                ),
            )
            .hint(format!(
                "vul ze aan onder deze [[interventies]]: {}",
                open.iter()
                    .map(|key| match *key {
                        "betrokken" => "betrokken = [\"…\", \"…\"]".to_string(),
                        "bronnen" => "bronnen = [\"id van een bron\"]".to_string(),
                        key => format!("{key} = \"…\""),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
}
