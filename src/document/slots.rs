//! Where the generated parts of a chapter go: the interview, sociale kaart,
//! checklist and so on come where the chapter's Markdown has a paragraph
//! `[[naam]]`, else at the chapter's end under a section of their own, so
//! that they never land inside whatever section the students wrote last.

use super::ir::{Block, Inline};
use super::parts::{self, Numbers};
use crate::error::{Place, Problem, closest};
use crate::model::{Grafiek, Model, Sjabloon, Tabel};

/// The name of the interventies in the `wijkanalyse` template.
const SPEERPUNTEN: &str = "speerpunten";

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
            Slot::SocialeKaart => "sociale_kaart",
            Slot::Checklist => "checklist",
            Slot::Factoren => "factoren",
            Slot::Verbeterpunten => "verbeterpunten",
            Slot::Interventies => "interventies",
            Slot::Tabellen => "tabellen",
            Slot::Grafieken => "grafieken",
        }
    }

    /// The slot named `name`, as students may write it: any case, `_` or a
    /// space or a dash for `-`, and "speerpunten" for the interventies.
    pub(crate) fn from_name(name: &str) -> Option<Slot> {
        let name = name.trim().to_lowercase().replace(DASHES, "_");
        if name == SPEERPUNTEN {
            return Some(Slot::Interventies);
        }
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The stap whose chapter holds it; tables and charts name their own.
    pub(crate) fn stap(self) -> Option<u32> {
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

    /// The title of its own section at the end of chapter `num`, when that
    /// has sections; unplaced tables and charts share one.
    fn heading(self, model: &Model, num: u32, placed: &[Slot]) -> Option<String> {
        let sjabloon = model.sjabloon();
        let tables: Vec<&str> = tables_of(model, num).map(|t| t.titel.as_str()).collect();
        let charts: Vec<&str> = charts_of(model, num).map(|g| g.titel.as_str()).collect();
        let unplaced = |slot: Slot, items: &[&str]| !placed.contains(&slot) && !items.is_empty();
        let one_kind = |items: &[&str], plural: &str| match items {
            [only] => only.to_string(),
            _ => plural.to_string(),
        };
        Some(match self {
            Slot::Kerncijfers => "Kerncijfers van het CBS".into(),
            Slot::Interview => "Het interview".into(),
            Slot::SocialeKaart => "De sociale kaart".into(),
            Slot::Checklist => "Uitkomsten van de checklist".into(),
            Slot::Factoren => "Factoren uit de checklist".into(),
            Slot::Verbeterpunten => "SMART-verbeterpunten".into(),
            Slot::Interventies if sjabloon == Sjabloon::Wijkanalyse => {
                "De speerpunten uitgewerkt".into()
            }
            Slot::Interventies => "De interventies uitgewerkt".into(),
            Slot::Tabellen if unplaced(Slot::Grafieken, &charts) => "Tabellen en grafieken".into(),
            Slot::Tabellen => one_kind(&tables, "Tabellen"),
            Slot::Grafieken if unplaced(Slot::Tabellen, &tables) => return None,
            Slot::Grafieken => one_kind(&charts, "Grafieken"),
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
            Slot::Tabellen => tables_of(model, num).next().is_some(),
            Slot::Grafieken => charts_of(model, num).next().is_some(),
            Slot::Interview => v.interview.is_some() && here(4),
            Slot::Checklist => here(6),
            Slot::Factoren => here(7),
        }
    }
}

/// The `[[tabellen]]` of `verslag.toml` that go into chapter `num`.
pub(super) fn tables_of(model: &Model, num: u32) -> impl Iterator<Item = &Tabel> {
    let sjabloon = model.sjabloon();
    model
        .verslag
        .tabellen
        .iter()
        .filter(move |t| sjabloon.chapter_for(t.hoofdstuk) == num)
}

/// The `[[grafieken]]` of `verslag.toml` that go into chapter `num`.
pub(super) fn charts_of(model: &Model, num: u32) -> impl Iterator<Item = &Grafiek> {
    let sjabloon = model.sjabloon();
    model
        .verslag
        .grafieken
        .iter()
        .filter(move |g| sjabloon.chapter_for(g.hoofdstuk) == num)
}

/// What may stand between the words of a marker's name: a hyphen, a space,
/// and the dashes a word processor makes of a hyphen (‐ ‑ – — −).
const DASHES: [char; 7] = [
    '-', ' ', '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}',
];

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
            .all(|c| c.is_alphanumeric() || c == '_' || DASHES.contains(&c));
    plain.then_some(inner)
}

/// Why a `[[naam]]` paragraph places nothing.
pub enum Refusal {
    /// It cannot go here: the paragraph is printed as typed.
    Typed(Problem),
    /// It belongs here, but `verslag.toml` has nothing for it yet.
    Empty(Problem),
}

impl Refusal {
    /// Hands the warning to `warn`; what the paragraph becomes: `None`
    /// (printed as typed) or nothing at all.
    pub fn report(self, warn: impl FnOnce(Problem)) -> Option<Vec<Block>> {
        match self {
            Refusal::Typed(problem) => {
                warn(problem);
                None
            }
            Refusal::Empty(problem) => {
                warn(problem);
                Some(Vec::new())
            }
        }
    }
}

/// The parts placed so far with `[[naam]]`, so that `build` and `check`
/// say the same of every marker.
#[derive(Default)]
pub struct Placed {
    list: Vec<(u32, Slot, Option<usize>)>,
}

impl Placed {
    /// The slot `[[name]]` puts in chapter `num` (0 for an appendix), or
    /// why it puts nothing there.
    pub fn take(
        &mut self,
        model: &Model,
        num: u32,
        name: &str,
        place: Place,
    ) -> Result<Slot, Refusal> {
        let slot = resolve(model, num, name, place.clone())?;
        if let Some((.., first)) = self.list.iter().find(|(c, s, _)| *c == num && *s == slot) {
            return Err(Refusal::Typed(
                Problem::new(
                    place,
                    format!(
                        "[[{name}]] staat al eerder in dit hoofdstuk{}; het staat hier als gewone tekst",
                        first.map(|l| format!(" (regel {l})")).unwrap_or_default()
                    ),
                )
                .hint("haal een van de twee regels weg"),
            ));
        }
        self.list.push((num, slot, place.line));
        Ok(slot)
    }

    /// The slots placed in chapter `num`.
    pub fn in_chapter(&self, num: u32) -> Vec<Slot> {
        self.list
            .iter()
            .filter(|(c, ..)| *c == num)
            .map(|(_, s, _)| *s)
            .collect()
    }
}

/// What `verslag.toml` needs before `slot` shows anything.
fn needs(slot: Slot) -> (&'static str, &'static str) {
    match slot {
        Slot::Kerncijfers => (
            "geen CBS-tabel (cbs = …)",
            "zet onder [verslag] cbs = { bestand = \"data/….csv\", code = \"WK…\" }, of haal de regel weg",
        ),
        Slot::Interview => (
            "nog geen [interview]",
            "zet de vragen en antwoorden in verslag.toml onder [interview]",
        ),
        Slot::SocialeKaart => (
            "nog geen [[sociale_kaart]]",
            "zet de organisaties en personen in verslag.toml onder [[sociale_kaart]]",
        ),
        Slot::Verbeterpunten => (
            "nog geen [[verbeterpunten]]",
            "zet de SMART-verbeterpunten in verslag.toml onder [[verbeterpunten]]",
        ),
        _ => (
            "nog geen [[interventies]]",
            "zet de interventies in verslag.toml onder [[interventies]]",
        ),
    }
}

fn resolve(model: &Model, num: u32, name: &str, place: Place) -> Result<Slot, Refusal> {
    let sjabloon = model.sjabloon();
    let Some(slot) = Slot::from_name(name) else {
        // The Windshield Survey is an appendix in every template.
        if name.to_lowercase().contains("windshield") {
            return Err(Refusal::Typed(
                Problem::new(
                    place,
                    format!("[[{name}]] kan niet in de tekst: de ingevulde Windshield Survey staat altijd in Bijlage A; het staat hier als gewone tekst"),
                )
                .hint("verwijs ernaar in de tekst (\"zie Bijlage A\") en haal de regel weg"),
            ));
        }
        let mut names: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
        // "speerpunten" is suggested in any template, listed in wijkanalyse.
        let near = closest(name, names.iter().copied().chain([SPEERPUNTEN]));
        if sjabloon == Sjabloon::Wijkanalyse {
            names.push(SPEERPUNTEN);
        }
        let hint = match near {
            Some(near) => format!("bedoelen jullie [[{near}]]?"),
            None => format!(
                "een onderdeel plaatsen kan met: {}",
                names
                    .iter()
                    .map(|s| format!("[[{s}]]"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(Refusal::Typed(
            Problem::new(
                place,
                format!(
                    "[[{name}]] is geen onderdeel van het verslag; het staat hier als gewone tekst"
                ),
            )
            .hint(hint),
        ));
    };
    if num == 0 {
        return Err(Refusal::Typed(
            Problem::new(
                place,
                format!("[[{name}]] kan alleen in een hoofdstuk staan, niet in een bijlage; het staat hier als gewone tekst"),
            )
            .hint("zet het in het hoofdstuk waar het onderdeel hoort"),
        ));
    }
    if slot.in_chapter(model, num) {
        return Ok(slot);
    }
    let titles = super::lower::chapter_titles(sjabloon);
    let own = slot.stap().map(|stap| sjabloon.chapter_of_stap(stap));
    Err(match own {
        Some(own) if own != num => Refusal::Typed(
            Problem::new(
                place,
                format!(
                    "[[{name}]] hoort in hoofdstuk {own} ({}); het staat hier als gewone tekst",
                    titles[own as usize - 1]
                ),
            )
            .hint(format!("verplaats de regel naar hoofdstuk {own}")),
        ),
        Some(_) => {
            let (missing, hint) = needs(slot);
            Refusal::Empty(
                Problem::new(
                    place,
                    format!("[[{name}]] staat hier, maar verslag.toml heeft {missing}; er komt hier nog niets"),
                )
                .hint(hint),
            )
        }
        None => Refusal::Typed(
            Problem::new(
                place,
                format!(
                    "er staan geen [[{0}]] met hoofdstuk = {num} in verslag.toml; [[{name}]] staat hier als gewone tekst",
                    slot.name()
                ),
            )
            .hint(format!(
                "geef de {} die hier horen `hoofdstuk = {num}`, of haal de regel weg",
                slot.name()
            )),
        ),
    })
}

/// Warns of every `[[naam]]` of a known part in chapter `num`'s file that is
/// not a paragraph of its own (glued to text, in a list, quote, table or
/// heading): it is printed as typed, which is easy to miss.
pub fn loose_markers(
    file: &str,
    text: &str,
    skip: &[std::ops::Range<usize>],
    ctx: &mut dyn super::markdown::Context,
) {
    let mut at = 0;
    while let Some(found) = text[at..].find("[[") {
        let start = at + found;
        at = start + 2;
        let Some(len) = text[at..].find("]]") else {
            break;
        };
        let inner = &text[at..at + len];
        if inner.contains('\n')
            || text[..start].ends_with('\\')
            || skip.iter().any(|r| r.contains(&start))
            || Slot::from_name(inner).is_none()
        {
            continue;
        }
        ctx.warning(
            Problem::new(
                super::markdown::line_place(file, text, start),
                format!("[[{}]] staat niet los in een eigen alinea; het staat hier als gewone tekst", inner.trim()),
            )
            .hint(format!(
                "zet [[{}]] op een eigen regel, met een witregel erboven en eronder (niet in een opsomming, citaat, tabel of kop)",
                inner.trim()
            )),
        );
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
        if let Some(title) = slot.heading(n.model, num, placed).filter(|_| sections > 0) {
            sections += 1;
            blocks.push(Block::Heading {
                level: 1,
                num: format!("{num}.{sections}"),
                c: vec![Inline::Text { s: title }],
            });
        }
        blocks.extend(parts::slot_blocks(n, num, slot));
    }
}
