//! Where the generated parts of a chapter go: the interview, sociale kaart,
//! checklist and so on come where the chapter's Markdown has a paragraph
//! `[[naam]]`, else at the chapter's end under a section of their own, so
//! that they never land inside whatever section the students wrote last.

use super::ir::{Block, Inline};
use super::parts::{self, Numbers};
use crate::error::{Place, Problem, closest};
use crate::model::{Model, Sjabloon};

/// A generated part a chapter can place with `[[naam]]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The CBS key figures, age chart and map (`[[kerncijfers]]`).
    Kerncijfers,
    /// The interview with its answers.
    Interview,
    /// The sociale kaart: table and drawing.
    SocialeKaart,
    /// The checklist ratings and the factors to investigate further.
    Checklist,
    /// The boxes of furthering and hindering factors.
    Factoren,
    /// The SMART improvement points.
    Verbeterpunten,
    /// The intervention cards (speerpunten in `wijkanalyse`).
    Interventies,
    /// The `[[tabellen]]` of `verslag.toml` for this chapter.
    Tabellen,
    /// The `[[grafieken]]` of `verslag.toml` for this chapter.
    Grafieken,
}

impl Slot {
    /// Every slot, in the order they come at a chapter's end.
    pub const ALL: [Slot; 9] = [
        Slot::Kerncijfers,
        Slot::Interview,
        Slot::SocialeKaart,
        Slot::Checklist,
        Slot::Factoren,
        Slot::Verbeterpunten,
        Slot::Interventies,
        Slot::Tabellen,
        Slot::Grafieken,
    ];

    /// The name written between `[[ ]]`.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Kerncijfers => "kerncijfers",
            Slot::Interview => "interview",
            Slot::SocialeKaart => "sociale-kaart",
            Slot::Checklist => "checklist",
            Slot::Factoren => "factoren",
            Slot::Verbeterpunten => "verbeterpunten",
            Slot::Interventies => "interventies",
            Slot::Tabellen => "tabellen",
            Slot::Grafieken => "grafieken",
        }
    }

    /// The slot named `name`, as students may write it: any case, `_` or a
    /// space for `-`, and "speerpunten" for the interventies.
    fn from_name(name: &str) -> Option<Slot> {
        let name = name.trim().to_lowercase().replace(['_', ' '], "-");
        if name == "speerpunten" {
            return Some(Slot::Interventies);
        }
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The stap whose chapter holds it; tables and charts name their own.
    fn stap(self) -> Option<u32> {
        match self {
            Slot::Kerncijfers => Some(2),
            Slot::Interview => Some(4),
            Slot::SocialeKaart => Some(5),
            Slot::Checklist => Some(6),
            Slot::Factoren | Slot::Verbeterpunten => Some(7),
            Slot::Interventies => Some(8),
            Slot::Tabellen | Slot::Grafieken => None,
        }
    }

    /// The title of its own section at the end of a chapter with sections.
    /// Tables and charts have numbered captions of their own instead.
    fn heading(self, sjabloon: Sjabloon) -> Option<&'static str> {
        Some(match self {
            Slot::Kerncijfers => "Kerncijfers van het CBS",
            Slot::Interview => "Het interview",
            Slot::SocialeKaart => "De sociale kaart",
            Slot::Checklist => "Uitkomsten van de checklist",
            Slot::Factoren => "Factoren uit de checklist",
            Slot::Verbeterpunten => "SMART-verbeterpunten",
            Slot::Interventies if sjabloon == Sjabloon::Wijkanalyse => "De speerpunten uitgewerkt",
            Slot::Interventies => "De interventies uitgewerkt",
            Slot::Tabellen | Slot::Grafieken => return None,
        })
    }

    /// Whether the slot belongs in chapter `num` and has something to show.
    fn in_chapter(self, model: &Model, num: u32) -> bool {
        let sjabloon = model.sjabloon();
        let v = &model.verslag;
        let here = |stap| sjabloon.chapter_of_stap(stap) == num;
        match self {
            Slot::Kerncijfers => v.verslag.cbs.is_some() && here(2),
            Slot::SocialeKaart => !v.sociale_kaart.is_empty() && here(5),
            Slot::Verbeterpunten => !v.verbeterpunten.is_empty() && here(7),
            Slot::Interventies => !v.interventies.is_empty() && here(8),
            Slot::Tabellen => v
                .tabellen
                .iter()
                .any(|t| sjabloon.chapter_for(t.hoofdstuk) == num),
            Slot::Grafieken => v
                .grafieken
                .iter()
                .any(|g| sjabloon.chapter_for(g.hoofdstuk) == num),
            Slot::Interview => v.interview.is_some() && here(4),
            Slot::Checklist => here(6),
            Slot::Factoren => here(7),
        }
    }
}

/// The name in a paragraph that is only `[[naam]]`, if it is one.
pub fn marker(paragraph: &str) -> Option<&str> {
    let inner = paragraph
        .trim()
        .strip_prefix("[[")?
        .strip_suffix("]]")?
        .trim();
    let plain = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '));
    plain.then_some(inner)
}

/// The slot `[[name]]` asks for in chapter `num` (0 for an appendix), or
/// why it cannot go there; the paragraph is then printed as typed.
pub fn resolve(model: &Model, num: u32, name: &str, place: Place) -> Result<Option<Slot>, Problem> {
    let sjabloon = model.sjabloon();
    let Some(slot) = Slot::from_name(name) else {
        let names = Slot::ALL.map(Slot::name);
        let hint = match closest(name, names) {
            Some(near) => format!("bedoelen jullie [[{near}]]?"),
            None => format!(
                "een onderdeel plaatsen kan met: {}",
                names.map(|s| format!("[[{s}]]")).join(", ")
            ),
        };
        return Err(Problem::new(
            place,
            format!("[[{name}]] is geen onderdeel van het verslag; het staat er als gewone tekst"),
        )
        .hint(hint));
    };
    if num == 0 {
        return Err(Problem::new(
            place,
            format!("[[{}]] kan alleen in een hoofdstuk staan, niet in een bijlage; het staat er als gewone tekst", slot.name()),
        )
        .hint("zet het in het hoofdstuk waar het onderdeel hoort"));
    }
    if slot.in_chapter(model, num) {
        return Ok(Some(slot));
    }
    let titles = super::lower::chapter_titles(sjabloon);
    let own = slot.stap().map(|stap| sjabloon.chapter_of_stap(stap));
    match own {
        Some(own) if own != num => Err(Problem::new(
            place,
            format!(
                "[[{}]] hoort in hoofdstuk {own} ({}); hier staat het er als gewone tekst",
                slot.name(),
                titles[own as usize - 1]
            ),
        )
        .hint(format!("verplaats de regel naar hoofdstuk {own}"))),
        // The right chapter, but nothing to show yet.
        Some(_) => Ok(None),
        None => Err(Problem::new(
            place,
            format!(
                "er staan geen [[{0}]] met hoofdstuk = {num} in verslag.toml; [[{0}]] staat er als gewone tekst",
                slot.name()
            ),
        )
        .hint(format!(
            "geef de {} die hier horen `hoofdstuk = {num}`, of haal de regel weg",
            if slot == Slot::Tabellen { "tabellen" } else { "grafieken" }
        ))),
    }
}

/// Appends to chapter `num` the parts it did not place itself: each under a
/// section of its own when the chapter is divided into sections.
pub fn chapter_end(n: &mut Numbers<'_, '_>, num: u32, placed: &[Slot], blocks: &mut Vec<Block>) {
    let sjabloon = n.model.sjabloon();
    let mut sections = blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { level: 1, .. }))
        .count();
    // The Windshield Survey is an appendix; the chapter says where.
    if sjabloon.chapter_of_stap(3) == num {
        blocks.push(parts::para(
            "De ingevulde Windshield Survey staat in Bijlage A.",
        ));
    }
    // Without an interview in verslag.toml only the empty one is shown.
    if sjabloon.chapter_of_stap(4) == num && n.model.verslag.interview.is_none() {
        blocks.push(parts::interview_pointer());
    }
    for slot in Slot::ALL {
        if placed.contains(&slot) || !slot.in_chapter(n.model, num) {
            continue;
        }
        if let Some(title) = slot.heading(sjabloon).filter(|_| sections > 0) {
            sections += 1;
            blocks.push(Block::Heading {
                level: 1,
                num: format!("{num}.{sections}"),
                c: vec![Inline::Text { s: title.into() }],
            });
        }
        blocks.extend(parts::slot_blocks(n, num, slot));
    }
}
