//! Text that groups share: a chapter copied from another group of the class,
//! or from the example report that comes with the program.
//!
//! Every group's prose is cut into *shingles*: each run of
//! [`SHINGLE_WORDS`] consecutive words (lower case, letters and digits
//! only), hashed to 64 bits. The prose is, per chapter, the Markdown file
//! (comments, link and image targets left out) and the texts of
//! `verslag.toml` that print in that chapter (interview answers,
//! toelichtingen, SMART points, interventies); the Windshield Survey's
//! answers are a unit of their own (appendix A). The interview *questions*
//! are left out: they come from the form.
//!
//! Shingles of text every group is given are dropped before comparing: the
//! chapter files and `verslag.toml` that `init` writes (headings, the
//! assignment's questions in the comments, example lines), the built-in
//! forms, the text of the assignment (`opdracht.txt`) and the leaflet the
//! `wijkanalyse` template follows (`folder-wijkanalyse.txt`). What is left
//! is the group's own writing; two groups that share a
//! run of seven words share a sentence, and dozens of such runs mean a
//! paragraph or more. Two honest groups on one wijk share a name of a
//! place, a figure, a title of a source, rarely seven words in a row, and
//! almost never [`MIN_SHARED_SHORT`] different runs.
//!
//! Each group's shingles are kept as one sorted list (hash, unit), so a
//! pair of groups is one merge of two sorted lists: a class of 35 groups
//! (595 pairs) takes milliseconds. The example report's fingerprint is made
//! once per process from its texts, embedded in the binary.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Serialize;

use crate::document::lower::chapter_titles;
use crate::document::slots::Slot;
use crate::model::{Model, Sjabloon};

/// Words in one shingle. Seven: a sentence shared by chance ("Beijum is een
/// wijk in het noordoosten van Groningen") gives one or two shingles, a
/// copied paragraph of 60 words over fifty.
pub const SHINGLE_WORDS: usize = 7;

/// Shared shingles that flag a chapter whatever its length: about a
/// paragraph of 45 words copied word for word.
pub const MIN_SHARED: usize = 40;

/// Shared shingles that flag a chapter when they are at least
/// [`MIN_PART`] of the chapter of one of the two groups (a short chapter
/// copied whole).
pub const MIN_SHARED_SHORT: usize = 15;

/// See [`MIN_SHARED_SHORT`]: the share of a chapter, in percent.
pub const MIN_PART: usize = 50;

/// Name under which the example report is shown.
pub const VOORBEELD: &str = "voorbeeldverslag";

/// A part of a report whose text is compared as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Unit {
    /// A chapter: its Markdown file and the texts of `verslag.toml` that
    /// print in it.
    Hoofdstuk(u32),
    /// The answers of the Windshield Survey (appendix A).
    Windshield,
    /// A `[[bijlagen]]` Markdown file, by its place in that list.
    Bijlage(u32),
}

/// The shingles of one group's prose.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    /// The units with text, in order, each with how it is named and its
    /// number of distinct shingles.
    units: Vec<UnitInfo>,
    /// Every distinct shingle with the index of its (first) unit, sorted.
    shingles: Vec<(u64, u8)>,
}

#[derive(Debug, Clone)]
struct UnitInfo {
    unit: Unit,
    /// "hoofdstuk 4 (De verhalen achter de gegevens)".
    label: String,
    /// Where a teacher finds it: the chapter file, or `verslag.toml`.
    plaats: String,
    size: usize,
}

/// Text of one group that another (or the example report) has too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GelijkeTekst {
    /// The other group's name, or [`VOORBEELD`].
    pub met: String,
    /// Whether `met` is the example report.
    pub voorbeeld: bool,
    /// Whether most of the shared text is also the example report's: both
    /// groups took it from there.
    pub uit_voorbeeld: bool,
    /// This group's units that share text, in order.
    pub delen: Vec<GelijkDeel>,
    /// With the example report: the other groups that took the same text
    /// from it. Their own findings would only repeat this one.
    pub ook: Vec<String>,
}

/// One unit of a group that shares text with another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GelijkDeel {
    /// The unit.
    pub unit: Unit,
    /// "hoofdstuk 4 (De verhalen achter de gegevens)".
    pub label: String,
    /// The chapter file, or `verslag.toml`.
    pub plaats: String,
    /// Percentage of this unit's shingles the other has.
    pub procent: usize,
    /// The other's unit that has most of them, when it is another one
    /// ("hoofdstuk 3").
    pub elders: Option<String>,
}

impl GelijkeTekst {
    /// The other groups with the same text, as a sentence lists them.
    fn ook_en(&self) -> String {
        let names: Vec<&str> = self.ook.iter().map(String::as_str).collect();
        crate::check::plan::join_en(&names)
    }

    /// The short form for the CSV: "groep-03: hoofdstuk 4 92%, hoofdstuk 5
    /// 60%", and for the example "… (ook groep-02, groep-05)".
    pub fn kort(&self) -> String {
        let delen: Vec<String> = self
            .delen
            .iter()
            .map(|d| format!("{} {}%", short_label(d.unit, &d.label), d.procent))
            .collect();
        let ook = if self.ook.is_empty() {
            String::new()
        } else {
            format!(" (ook {})", self.ook.join(", "))
        };
        format!("{}: {}{ook}", self.met, delen.join(", "))
    }

    /// Who the text is shared with, as the overview names it.
    fn wie(&self) -> String {
        if self.voorbeeld {
            "het voorbeeldverslag (groep Beijum) dat bij wijkverslag hoort".to_string()
        } else if self.uit_voorbeeld {
            format!("{} (allebei uit het voorbeeldverslag)", self.met)
        } else {
            self.met.clone()
        }
    }

    /// The finding's sentence: "hoofdstuk 4 (De verhalen achter de
    /// gegevens) is voor 92% gelijk aan groep-03"; with more than two
    /// parts the short names ("hoofdstuk 1 (100%), 2 (100%) en de
    /// Windshield Survey (98%) zijn gelijk aan …").
    pub fn zin(&self) -> String {
        let wie = self.wie();
        // "92%", or "92%, daar hoofdstuk 3" when the other has it elsewhere.
        let share = |d: &GelijkDeel| match &d.elders {
            Some(e) => format!("{}%, daar {e}", d.procent),
            None => format!("{}%", d.procent),
        };
        match self.delen.as_slice() {
            [d] if self.ook.is_empty() => match &d.elders {
                Some(e) => format!(
                    "{} is voor {}% gelijk aan {e} van {wie}",
                    d.label, d.procent
                ),
                None => format!("{} is voor {}% gelijk aan {wie}", d.label, d.procent),
            },
            _ if !self.ook.is_empty() => {
                let ook = self.ook_en();
                let zonder = GelijkeTekst {
                    ook: Vec::new(),
                    ..self.clone()
                };
                format!(
                    "{}; ook {ook} {} die tekst",
                    zonder.zin(),
                    if self.ook.len() == 1 {
                        "heeft"
                    } else {
                        "hebben"
                    }
                )
            }
            delen => {
                let several = delen.len() > 2;
                let mut chapter_named = false;
                let mut items: Vec<String> = delen
                    .iter()
                    .map(|d| {
                        // With many parts, "hoofdstuk" once and no titles.
                        let name = match d.unit {
                            _ if !several => d.label.clone(),
                            Unit::Hoofdstuk(n) if chapter_named => n.to_string(),
                            Unit::Hoofdstuk(n) => {
                                chapter_named = true;
                                format!("hoofdstuk {n}")
                            }
                            Unit::Windshield => "de Windshield Survey".to_string(),
                            Unit::Bijlage(_) => d.label.clone(),
                        };
                        if several {
                            format!("{name} ({})", share(d))
                        } else {
                            format!("{name} voor {}", share(d))
                        }
                    })
                    .collect();
                let last = items.pop().unwrap_or_default();
                format!("{} en {last} zijn gelijk aan {wie}", items.join(", "))
            }
        }
    }

    /// One line for the box on the group's page: who, and which parts
    /// ("groep-03: hoofdstuk 1-3, 5 en de Windshield Survey").
    pub fn samenvatting(&self) -> String {
        let chapters: Vec<u32> = self
            .delen
            .iter()
            .filter_map(|d| match d.unit {
                Unit::Hoofdstuk(n) => Some(n),
                Unit::Windshield | Unit::Bijlage(_) => None,
            })
            .collect();
        let mut parts: Vec<String> = Vec::new();
        if !chapters.is_empty() {
            let mut ranges: Vec<String> = Vec::new();
            let mut i = 0;
            while i < chapters.len() {
                let mut j = i;
                while j + 1 < chapters.len() && chapters[j + 1] == chapters[j] + 1 {
                    j += 1;
                }
                ranges.push(if j > i {
                    format!("{}–{}", chapters[i], chapters[j])
                } else {
                    chapters[i].to_string()
                });
                i = j + 1;
            }
            parts.push(format!("hoofdstuk {}", ranges.join(", ")));
        }
        if self.delen.iter().any(|d| d.unit == Unit::Windshield) {
            parts.push("de Windshield Survey".into());
        }
        for d in &self.delen {
            if let Unit::Bijlage(_) = d.unit {
                parts.push(d.label.clone());
            }
        }
        let ook = if self.ook.is_empty() {
            String::new()
        } else {
            format!(", net als {}", self.ook_en())
        };
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        format!(
            "{} ({}){ook}",
            self.wie(),
            crate::check::plan::join_en(&parts)
        )
    }

    /// What the teacher can do.
    pub fn tip(&self) -> String {
        if self.voorbeeld {
            "dit is de tekst van het voorbeeld uit wijkverslag (samples/groep-beijum), niet van de groep zelf; leg het verslag naast het voorbeeld en bespreek met de groep welke tekst van henzelf is".into()
        } else if self.uit_voorbeeld {
            format!(
                "beide groepen namen deze tekst over uit het voorbeeldverslag van wijkverslag; bespreek met {} en deze groep welke tekst van henzelf is",
                self.met
            )
        } else {
            format!(
                "leg de verslagen naast elkaar ({}.pdf); vraag de groepen hoe de tekst tot stand kwam (samen geschreven, gedeeld of overgenomen) voordat je beoordeelt",
                self.met
            )
        }
    }
}

/// The short name of a unit, for lists: "hoofdstuk 4", "bijlage
/// \"Foto-impressie\"" (from its `label`).
fn short_label(unit: Unit, label: &str) -> String {
    match unit {
        Unit::Hoofdstuk(n) => format!("hoofdstuk {n}"),
        Unit::Windshield => "Windshield Survey".into(),
        Unit::Bijlage(_) => label.trim_start_matches("de ").to_string(),
    }
}

impl Fingerprint {
    /// The fingerprint of a loaded group.
    pub fn of_model(model: &Model) -> Fingerprint {
        let chapters: Vec<(u32, &str, &str)> = model
            .chapters
            .iter()
            .map(|(n, f)| (*n, f.path.as_str(), f.text.as_str()))
            .collect();
        let bijlagen: Vec<(&str, &str, &str)> = (model.verslag.bijlagen.iter())
            .zip(&model.bijlagen)
            .map(|(b, f)| (f.path.as_str(), b.titel.as_str(), f.text.as_str()))
            .collect();
        Self::of_texts(
            model.sjabloon(),
            &chapters,
            &bijlagen,
            model.spans.strings(),
        )
    }

    /// The fingerprint of chapter files `(number, path, Markdown)`, the
    /// `[[bijlagen]]` files `(path, titel, Markdown)` and the strings of
    /// `verslag.toml` (key path, span, text).
    fn of_texts(
        sjabloon: Sjabloon,
        chapters: &[(u32, &str, &str)],
        bijlagen: &[(&str, &str, &str)],
        strings: &[(String, Range<usize>, String)],
    ) -> Fingerprint {
        let titles = chapter_titles(sjabloon);
        let boilerplate = boilerplate();
        // Per unit: where it is and its shingles.
        let mut per_unit: std::collections::BTreeMap<Unit, (String, Vec<u64>)> = Default::default();
        for (n, path, text) in chapters {
            let entry = per_unit
                .entry(Unit::Hoofdstuk(*n))
                .or_insert_with(|| (path.to_string(), Vec::new()));
            entry.0 = path.to_string();
            markdown_shingles(text, &mut entry.1);
        }
        for (i, (path, _, text)) in (0..).zip(bijlagen) {
            let mut hashes = Vec::new();
            markdown_shingles(text, &mut hashes);
            per_unit.insert(Unit::Bijlage(i), (path.to_string(), hashes));
        }
        for (path, _, text) in strings {
            let Some(unit) = unit_of(sjabloon, path) else {
                continue;
            };
            let entry = per_unit
                .entry(unit)
                .or_insert_with(|| ("verslag.toml".to_string(), Vec::new()));
            for block in blocks(text) {
                shingles(&block, &mut entry.1);
            }
        }
        let mut units = Vec::new();
        let mut all: Vec<(u64, u8)> = Vec::new();
        for (unit, (plaats, mut hashes)) in per_unit {
            hashes.retain(|h| boilerplate.binary_search(h).is_err());
            if hashes.is_empty() {
                continue;
            }
            let index = units.len() as u8;
            units.push(UnitInfo {
                unit,
                label: label(unit, titles, bijlagen),
                plaats,
                size: 0,
            });
            all.extend(hashes.into_iter().map(|h| (h, index)));
        }
        // One entry per shingle, its first unit kept: deterministic. A
        // unit's size counts the shingles kept for it (a unit whose text
        // all stands in an earlier one has 0 and shares nothing), so a copy
        // of a whole report is 100% in every unit.
        all.sort_unstable();
        all.dedup_by_key(|(h, _)| *h);
        for (_, index) in &all {
            units[*index as usize].size += 1;
        }
        Fingerprint {
            units,
            shingles: all,
        }
    }

    /// Whether there is any text to compare.
    pub fn is_empty(&self) -> bool {
        self.shingles.is_empty()
    }
}

/// The unit a string of `verslag.toml` prints in, if it is prose of a part.
fn unit_of(sjabloon: Sjabloon, path: &str) -> Option<Unit> {
    let head = path.split(['.', '[']).next().unwrap_or("");
    let last = path.rsplit('.').next().unwrap_or("");
    // The interview's questions come from the form, as do their words.
    if last == "vraag" {
        return None;
    }
    if head == "windshield" {
        return Some(Unit::Windshield);
    }
    // Tables and charts are figures, not prose; titles and names are too
    // short to make a shingle.
    let stap = Slot::from_name(head)?.stap()?;
    Some(Unit::Hoofdstuk(sjabloon.chapter_of_stap(stap)))
}

/// How a unit is named: by the template's chapter titles, or a bijlage
/// by its title in `bijlagen` (path, titel, Markdown).
fn label(unit: Unit, titles: &[&str], bijlagen: &[(&str, &str, &str)]) -> String {
    match unit {
        Unit::Hoofdstuk(n) => match titles.get((n as usize).wrapping_sub(1)) {
            Some(t) => format!("hoofdstuk {n} ({t})"),
            None => format!("hoofdstuk {n}"),
        },
        Unit::Windshield => "de Windshield Survey (bijlage A)".into(),
        Unit::Bijlage(i) => match bijlagen.get(i as usize) {
            Some((_, titel, _)) => format!("de bijlage \"{}\"", titel.trim()),
            None => format!("bijlage {}", i + 1),
        },
    }
}

/// The visible prose of a chapter file: comments and link targets out,
/// split into blocks at blank lines and headings.
fn markdown_shingles(markdown: &str, out: &mut Vec<u64>) {
    let visible = crate::document::markdown::blank_comments(markdown);
    for block in blocks(&visible) {
        shingles(&drop_targets(&block), out);
    }
}

/// `](target)` of links and images left out: a path is no prose.
fn drop_targets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = match rest[i..].find(')') {
            Some(j) => &rest[i + j + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Blocks of text: paragraphs (split at blank lines), and each heading on
/// its own, so a run of words never spans a heading and its paragraph.
fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !t.is_empty() {
                out.push(t.to_string());
            }
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The words of `text`: runs of letters and digits, lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Pushes the hash of every run of [`SHINGLE_WORDS`] words of `text`.
fn shingles(text: &str, out: &mut Vec<u64>) {
    let words = words(text);
    if words.len() < SHINGLE_WORDS {
        return;
    }
    // FNV-1a: fixed, so the same text always gives the same numbers (and
    // the output does not depend on a random hasher seed).
    let word_hashes: Vec<u64> = words.iter().map(|w| fnv(w.as_bytes())).collect();
    for window in word_hashes.windows(SHINGLE_WORDS) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in window {
            h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3);
            h = h.rotate_left(29);
        }
        out.push(h);
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The assignment "Opdracht Wijkgericht werken" as the students get it
/// (seeds/000 of the project): groups quote its steps and requirements.
const OPDRACHT: &str = include_str!("opdracht.txt");

/// The leaflet "Wijkanalyse, hoe doe je dat?" (seeds/001), the basis of the
/// `wijkanalyse` template: groups quote its questions and parts.
const FOLDER_WIJKANALYSE: &str = include_str!("folder-wijkanalyse.txt");

/// Shingles of the text every group is given, sorted: what `init` writes
/// (with the assignment's questions in its comments), the built-in forms,
/// the assignment itself and the wijkanalyse leaflet.
fn boilerplate() -> &'static [u64] {
    static SET: OnceLock<Vec<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut out = Vec::new();
        let sjablonen = [Sjabloon::WijkgerichtWerken, Sjabloon::Wijkanalyse];
        // With the texts of the built-in forms filled in, as `init` writes it.
        let tomls =
            sjablonen.map(|s| crate::init::verslag_toml("", "", crate::forms::Forms::builtin(), s));
        let texts = sjablonen
            .iter()
            .flat_map(|s| crate::init::chapters(*s))
            .map(|(_, t)| *t)
            .chain([crate::forms::STANDAARD_TOML, OPDRACHT, FOLDER_WIJKANALYSE])
            .chain(tomls.iter().map(String::as_str));
        for text in texts {
            // Comments kept: they hold the assignment's questions, which a
            // group may rightly quote.
            for block in blocks(text) {
                shingles(&block, &mut out);
            }
            // And each line on its own, as a TOML string or a pasted
            // question stands on its own in a group's text.
            for line in text.lines() {
                for part in line.split('"') {
                    shingles(part, &mut out);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    })
}

/// The example report that comes with the program (samples/groep-beijum).
const SAMPLE_TOML: &str = include_str!("../../samples/groep-beijum/verslag.toml");
const SAMPLE_CHAPTERS: [(u32, &str, &str); 8] = [
    (
        1,
        "hoofdstukken/1-wijk-bepalen.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/1-wijk-bepalen.md"),
    ),
    (
        2,
        "hoofdstukken/2-gegevens.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/2-gegevens.md"),
    ),
    (
        3,
        "hoofdstukken/3-observatie.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/3-observatie.md"),
    ),
    (
        4,
        "hoofdstukken/4-verhalen.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/4-verhalen.md"),
    ),
    (
        5,
        "hoofdstukken/5-sociale-netwerk.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/5-sociale-netwerk.md"),
    ),
    (
        6,
        "hoofdstukken/6-checklist.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/6-checklist.md"),
    ),
    (
        7,
        "hoofdstukken/7-wijkdiagnose.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/7-wijkdiagnose.md"),
    ),
    (
        8,
        "hoofdstukken/8-interventies.md",
        include_str!("../../samples/groep-beijum/hoofdstukken/8-interventies.md"),
    ),
];

/// The example report's appendix (path, titel, Markdown).
const SAMPLE_BIJLAGE: (&str, &str, &str) = (
    "bijlagen/foto-impressie.md",
    "Foto-impressie",
    include_str!("../../samples/groep-beijum/bijlagen/foto-impressie.md"),
);

/// The example report's fingerprint, made once per process.
pub fn sample() -> &'static Fingerprint {
    static SAMPLE: OnceLock<Fingerprint> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let spans = crate::model::Spans::new("verslag.toml", SAMPLE_TOML);
        Fingerprint::of_texts(
            Sjabloon::WijkgerichtWerken,
            &SAMPLE_CHAPTERS,
            &[SAMPLE_BIJLAGE],
            spans.strings(),
        )
    })
}

/// Shared shingles per (unit of `a`, unit of `b`), row-major, and how many
/// of all shared shingles are also the example report's.
struct Overlap {
    cells: Vec<usize>,
    width: usize,
    shared: usize,
    in_sample: usize,
}

impl Overlap {
    /// The same overlap seen from `b`.
    fn transposed(&self) -> Overlap {
        let height = self.cells.len().checked_div(self.width).unwrap_or(0);
        let mut cells = vec![0; self.cells.len()];
        for ua in 0..height {
            for ub in 0..self.width {
                cells[ub * height + ua] = self.cells[ua * self.width + ub];
            }
        }
        Overlap {
            cells,
            width: height,
            ..*self
        }
    }
}

/// One merge of the two sorted lists. `in_sample` marks, per shingle of
/// `a`, whether the example report has it (made once per group).
fn overlap(a: &Fingerprint, b: &Fingerprint, in_sample: Option<&[bool]>) -> Overlap {
    let width = b.units.len();
    let mut ov = Overlap {
        cells: vec![0; a.units.len() * width],
        width,
        shared: 0,
        in_sample: 0,
    };
    let (mut i, mut j) = (0, 0);
    while i < a.shingles.len() && j < b.shingles.len() {
        let (ha, ua) = a.shingles[i];
        let (hb, ub) = b.shingles[j];
        match ha.cmp(&hb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                ov.cells[ua as usize * width + ub as usize] += 1;
                ov.shared += 1;
                if in_sample.is_some_and(|f| f[i]) {
                    ov.in_sample += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    ov
}

/// Whether `shared` shingles between units of `size_a` and `size_b` are
/// copied text rather than chance.
fn copied(shared: usize, size_a: usize, size_b: usize) -> bool {
    let part = |size: usize| size > 0 && shared * 100 >= MIN_PART * size;
    shared >= MIN_SHARED || (shared >= MIN_SHARED_SHORT && (part(size_a) || part(size_b)))
}

/// What of `a` is also in `b`, seen from `a`: one [`GelijkDeel`] per unit of
/// `a` with a copied cell, in order.
fn shared_parts(a: &Fingerprint, b: &Fingerprint, ov: &Overlap) -> Vec<GelijkDeel> {
    let mut out = Vec::new();
    for (ia, ua) in a.units.iter().enumerate() {
        let row = &ov.cells[ia * ov.width..(ia + 1) * ov.width];
        let flagged: Vec<(usize, usize)> = row
            .iter()
            .enumerate()
            .filter(|(ib, c)| copied(**c, ua.size, b.units[*ib].size))
            .map(|(ib, c)| (ib, *c))
            .collect();
        if flagged.is_empty() {
            continue;
        }
        let shared: usize = flagged.iter().map(|(_, c)| c).sum();
        // The other's unit with most of it; ties to the first.
        let best = flagged
            .iter()
            .max_by_key(|(ib, c)| (*c, std::cmp::Reverse(*ib)))
            .map(|(ib, _)| *ib);
        out.push(GelijkDeel {
            unit: ua.unit,
            label: ua.label.clone(),
            plaats: ua.plaats.clone(),
            // Floor, but never 0%: a flagged chapter shares something.
            procent: (shared * 100 / ua.size).clamp(1, 100),
            elders: best
                .filter(|ib| b.units[*ib].unit != ua.unit)
                .map(|ib| short_label(b.units[ib].unit, &b.units[ib].label)),
        });
    }
    out
}

/// For every group (by index into `prints`, `None` for a group without
/// text), the text it shares with the example report and with each other
/// group, the example first, then the others in the given order. Groups
/// that share text only because both took it from the example are named
/// in the example's entry ([`GelijkeTekst::ook`]), not each on its own:
/// four copies of the example give each group one entry, not four.
pub fn compare(prints: &[Option<&Fingerprint>], names: &[String]) -> Vec<Vec<GelijkeTekst>> {
    let sample = sample();
    let in_sample: Vec<Vec<bool>> = prints
        .iter()
        .map(|p| {
            p.map(|p| {
                p.shingles
                    .iter()
                    .map(|(h, _)| sample.shingles.binary_search_by_key(h, |s| s.0).is_ok())
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect();
    let mut out: Vec<Vec<GelijkeTekst>> = vec![Vec::new(); prints.len()];
    for (i, a) in prints.iter().enumerate() {
        let Some(a) = a else { continue };
        let delen = shared_parts(a, sample, &overlap(a, sample, None));
        if !delen.is_empty() {
            out[i].push(GelijkeTekst {
                met: VOORBEELD.into(),
                voorbeeld: true,
                uit_voorbeeld: true,
                delen,
                ook: Vec::new(),
            });
        }
    }
    for i in 0..prints.len() {
        for j in i + 1..prints.len() {
            let (Some(a), Some(b)) = (prints[i], prints[j]) else {
                continue;
            };
            let ab = overlap(a, b, Some(&in_sample[i]));
            if ab.cells.iter().all(|c| *c < MIN_SHARED_SHORT) {
                continue;
            }
            let for_a = shared_parts(a, b, &ab);
            let for_b = shared_parts(b, a, &ab.transposed());
            if for_a.is_empty() && for_b.is_empty() {
                continue;
            }
            // Nine in ten shared runs are the example's: both took it there.
            let uit_voorbeeld = ab.in_sample * 10 >= ab.shared * 9;
            for (own, other, delen) in [(i, j, for_a), (j, i, for_b)] {
                if !delen.is_empty() {
                    out[own].push(GelijkeTekst {
                        met: names[other].clone(),
                        voorbeeld: false,
                        uit_voorbeeld,
                        delen,
                        ook: Vec::new(),
                    });
                }
            }
        }
    }
    // A group that took text from the example report shares it with every
    // other group that did: one finding, the example's, names them all.
    for found in &mut out {
        if !found.first().is_some_and(|t| t.voorbeeld) {
            continue;
        }
        let (from_sample, rest): (Vec<GelijkeTekst>, Vec<GelijkeTekst>) =
            found.drain(1..).partition(|t| t.uit_voorbeeld);
        found[0].ook = from_sample.into_iter().map(|t| t.met).collect();
        found.extend(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(chapters: &[(u32, &str)]) -> Fingerprint {
        let files: Vec<(u32, &str, &str)> = chapters
            .iter()
            .map(|(n, t)| (*n, "hoofdstukken/x.md", *t))
            .collect();
        Fingerprint::of_texts(Sjabloon::WijkgerichtWerken, &files, &[], &[])
    }

    /// An appendix of `[[bijlagen]]` copied into another group's report,
    /// under another title, is found and named by its title on both sides.
    #[test]
    fn a_copied_appendix_is_named_by_its_title() {
        let text = "Op de markt bij het winkelcentrum spraken we een vrouw die al veertig jaar in de wijk woont. Ze vertelde dat de bakker vroeger het middelpunt was: iedereen kwam er op zaterdag, en je hoorde er wie er ziek was of wie hulp nodig had. Nu de bakker weg is, ziet ze haar buren alleen nog bij de bushalte. Een buurtkamer in de lege winkel zou volgens haar veel eenzaamheid schelen, als er maar iemand is die koffie zet.";
        let chapter = [(1, "hoofdstukken/1.md", "Onze eigen tekst over de wijk.")];
        let a = Fingerprint::of_texts(
            Sjabloon::WijkgerichtWerken,
            &chapter,
            &[("bijlagen/extra.md", "Gesprek op de markt", text)],
            &[],
        );
        let b = Fingerprint::of_texts(
            Sjabloon::WijkgerichtWerken,
            &chapter,
            &[
                ("bijlagen/fotos.md", "Foto's", "Drie foto's van de route."),
                ("bijlagen/interview-2.md", "Tweede interview", text),
            ],
            &[],
        );
        let found = compare(&[Some(&a), Some(&b)], &["groep-a".into(), "groep-b".into()]);
        assert_eq!(
            found[0][0].zin(),
            "de bijlage \"Gesprek op de markt\" is voor 100% gelijk aan bijlage \"Tweede interview\" van groep-b"
        );
        assert_eq!(
            found[1][0].kort(),
            "groep-a: bijlage \"Tweede interview\" 100%"
        );
        assert_eq!(found[1][0].delen[0].plaats, "bijlagen/interview-2.md");
    }

    #[test]
    fn the_sample_is_its_own_copy_and_the_template_is_nothing() {
        let s = sample();
        assert!(s.units.len() >= 9, "{:?}", s.units);
        let found = compare(&[Some(s)], &["a".into()]);
        assert_eq!(found[0].len(), 1);
        assert!(found[0][0].delen.iter().all(|d| d.procent == 100));
        let template: Vec<(u32, &str, &str)> = crate::init::CHAPTERS
            .iter()
            .enumerate()
            .map(|(i, (p, t))| (i as u32 + 1, *p, *t))
            .collect();
        let toml = crate::init::verslag_toml(
            "Selwerd",
            "Groningen",
            crate::forms::Forms::builtin(),
            Sjabloon::WijkgerichtWerken,
        );
        let spans = crate::model::Spans::new("verslag.toml", &toml);
        let t = Fingerprint::of_texts(Sjabloon::WijkgerichtWerken, &template, &[], spans.strings());
        assert!(t.is_empty(), "{:?}", t.units);
    }

    #[test]
    fn texts_of_verslag_toml_count_in_their_chapter_and_questions_do_not() {
        let ww = Sjabloon::WijkgerichtWerken;
        let h = Unit::Hoofdstuk;
        assert_eq!(unit_of(ww, "interview.vragen[0].antwoord"), Some(h(4)));
        assert_eq!(unit_of(ww, "interview.vragen[0].vraag"), None);
        assert_eq!(unit_of(ww, "checklist.huisvesting.toelichting"), Some(h(6)));
        assert_eq!(unit_of(ww, "verbeterpunten[1].meetbaar"), Some(h(7)));
        assert_eq!(unit_of(ww, "interventies[2].aanpak"), Some(h(8)));
        assert_eq!(
            unit_of(Sjabloon::Wijkanalyse, "interventies[2].aanpak"),
            Some(h(4))
        );
        assert_eq!(
            unit_of(ww, "windshield.antwoorden.huisvesting"),
            Some(Unit::Windshield)
        );
        assert_eq!(unit_of(ww, "bronnen[0].titel"), None);
        assert_eq!(unit_of(ww, "tabellen[0].titel"), None);
        assert_eq!(unit_of(ww, "verslag.titel"), None);
    }

    /// Both groups quote the assignment's opening paragraph (50 words) in a
    /// short chapter of their own: no copy of each other.
    #[test]
    fn a_quote_of_the_assignment_is_no_copy() {
        let quote = OPDRACHT.lines().nth(1).unwrap();
        assert!(quote.starts_with("Sociale problematiek is gedrag"));
        let a = format!(
            "# Inleiding\n\nIn de opdracht staat: \"{quote}\" Wij kozen daarom voor Beijum, waar twee van ons wonen.\n"
        );
        let b = format!(
            "De opdracht begint zo:\n\n> {quote}\n\nDat zien we terug in Selwerd, de wijk van onze stage.\n"
        );
        let (a, b) = (print(&[(1, &a)]), print(&[(1, &b)]));
        let found = compare(&[Some(&a), Some(&b)], &["a".into(), "b".into()]);
        assert_eq!(found, vec![Vec::new(), Vec::new()]);
        // Without the assignment among what every group is given, they
        // would be flagged.
        let words = quote.split_whitespace().count();
        assert!(words + 1 - SHINGLE_WORDS >= MIN_SHARED);
    }

    /// Two wijkanalyse groups quote the leaflet's questions on residents
    /// in vulnerable situations and on the strength of the wijk.
    #[test]
    fn a_quote_of_the_wijkanalyse_leaflet_is_no_copy() {
        let quote: String = FOLDER_WIJKANALYSE
            .lines()
            .filter(|l| {
                l.starts_with("- Burgers in kwetsbare") || l.starts_with("- Kracht in de wijk")
            })
            .map(|l| l.trim_start_matches("- "))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(quote.split_whitespace().count() > 90, "{quote}");
        let a =
            format!("Volgens de folder moeten we dit weten: {quote} Dat deden we in Selwerd.\n");
        let b = format!(
            "# Bewoners\n\n> {quote}\n\nIn Paddepoel hebben we dat met de buurtvereniging besproken.\n"
        );
        let (a, b) = (print(&[(2, &a)]), print(&[(2, &b)]));
        let found = compare(&[Some(&a), Some(&b)], &["a".into(), "b".into()]);
        assert_eq!(found, vec![Vec::new(), Vec::new()]);
    }

    #[test]
    fn a_copied_paragraph_in_a_long_chapter_is_flagged_on_both_sides() {
        let own = |who: &str| {
            // Five words a sentence, one of them the group's: no run of
            // seven words is the other's.
            (0..60)
                .map(|i| format!("Groep {who} noteerde punt {i}."))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let copied = "Over geld was hij open: zijn zoon heeft schulden en durft daar niet over te praten. Hij vindt dat de gemeente te weinig doet om jongeren te helpen met hun administratie. Volgens hem zou een vaste plek in de wijk, waar je zonder afspraak binnen kunt lopen, veel schelen voor jongeren die vastlopen met brieven van de Belastingdienst.";
        let a = print(&[(4, &format!("{}\n\n{copied}\n", own("a")))]);
        let b = print(&[(3, &format!("{copied}\n\n{}\n", own("b")))]);
        let found = compare(&[Some(&a), Some(&b)], &["groep-a".into(), "groep-b".into()]);
        assert_eq!(found[0].len(), 1);
        assert_eq!(found[0][0].met, "groep-b");
        assert_eq!(found[0][0].delen[0].elders.as_deref(), Some("hoofdstuk 3"));
        assert_eq!(found[1][0].met, "groep-a");
        let zin = found[0][0].zin();
        assert!(
            zin.starts_with("hoofdstuk 4 (De verhalen achter de gegevens) is voor ")
                && zin.ends_with("% gelijk aan hoofdstuk 3 van groep-b"),
            "{zin}"
        );
        assert!(found[0][0].delen[0].procent < 50);
    }

    /// A class of 35 copies of the example, each with a sentence of its own
    /// after every sentence (as bench/batch.sh makes them): 595 pairs, each
    /// sharing most of its text. One entry per group, and quick.
    #[test]
    fn a_class_of_35_copies_is_compared_quickly_with_one_entry_each() {
        let texts: Vec<Vec<(u32, &str, String)>> = (0..35)
            .map(|i| {
                SAMPLE_CHAPTERS
                    .iter()
                    .map(|(n, p, t)| (*n, *p, t.replace(". ", &format!(". Groep {i} zag het. "))))
                    .collect()
            })
            .collect();
        let spans = crate::model::Spans::new("verslag.toml", SAMPLE_TOML);
        let start = std::time::Instant::now();
        let prints: Vec<Fingerprint> = texts
            .iter()
            .map(|t| {
                let files: Vec<(u32, &str, &str)> =
                    t.iter().map(|(n, p, t)| (*n, *p, t.as_str())).collect();
                Fingerprint::of_texts(Sjabloon::WijkgerichtWerken, &files, &[], spans.strings())
            })
            .collect();
        let made = start.elapsed();
        let names: Vec<String> = (0..35).map(|i| format!("groep-{i:02}")).collect();
        let refs: Vec<Option<&Fingerprint>> = prints.iter().map(Some).collect();
        let found = compare(&refs, &names);
        let compared = start.elapsed() - made;
        eprintln!("35 vingerafdrukken: {made:?}; 595 paren: {compared:?}");
        for (i, f) in found.iter().enumerate() {
            assert_eq!(
                f.len(),
                1,
                "{:?}",
                f.iter().map(|t| &t.met).collect::<Vec<_>>()
            );
            assert!(f[0].voorbeeld);
            assert_eq!(f[0].ook.len(), 34);
            assert!(!f[0].ook.contains(&names[i]));
        }
        assert!(compared < std::time::Duration::from_secs(2), "{compared:?}");
    }

    #[test]
    fn shingles_ignore_case_punctuation_and_markup() {
        let a = print(&[(1, "Beijum is een **groene** wijk, met veel water en bomen.")]);
        let b = print(&[(1, "beijum is een groene wijk met veel water en bomen")]);
        assert_eq!(a.shingles, b.shingles);
        assert!(!a.is_empty());
    }
}
