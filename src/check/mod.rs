//! Check: the assignment's product requirements → findings.
//!
//! Every rule runs on every call; a finding never stops the others. Each
//! finding names its level (`fout` or `waarschuwing`), the stap it belongs
//! to, the place in the group's files, what is wrong and what to do. The
//! rules are grouped by the part of the assignment they come from:
//!
//! - [`chapters`]: a chapter per stap with real text, visible material,
//!   a source in chapter 7 (rules 1, 2, 6);
//! - [`fieldwork`]: Windshield Survey, interview, checklist (rules 3, 4, 5);
//! - [`plan`]: SMART verbeterpunten and interventies (rules 7, 8);
//! - [`sources`]: citations and the literature list (rule 9);
//! - [`general`]: sociale kaart, groepsleden, dates, the wijk (rules 10–12);
//! - [`leftovers`]: what the report prints as not yet done.

pub mod chapters;
pub mod command;
pub mod fieldwork;
pub mod general;
pub mod leftovers;
pub mod plan;
pub mod print;
pub mod scan;
pub mod sources;

use std::path::Path;

pub use command::{CheckArgs, run};

use serde::Serialize;

use crate::error::{Place, Problem};
use crate::model::{Model, Sjabloon};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A product requirement is not met: the teacher will mark it.
    Fout,
    /// Probably worth a look, but not a requirement that is plainly unmet.
    Waarschuwing,
}

impl Level {
    /// The Dutch word shown to the student.
    pub fn label(self) -> &'static str {
        match self {
            Level::Fout => "fout",
            Level::Waarschuwing => "waarschuwing",
        }
    }
}

/// One finding of `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `fout` or `waarschuwing`.
    pub level: Level,
    /// The stap of the assignment (1–8); `None` for the report as a whole.
    pub stap: Option<u32>,
    /// Where: `verslag.toml:14:9` or `hoofdstukken/7-wijkdiagnose.md:3`.
    pub place: Place,
    /// What is wrong (Dutch, lowercase start).
    pub message: String,
    /// What to do about it (Dutch).
    pub hint: Option<String>,
}

impl Finding {
    /// A `fout`.
    pub fn fout(stap: impl Into<Option<u32>>, place: Place, message: impl Into<String>) -> Self {
        Finding {
            level: Level::Fout,
            stap: stap.into(),
            place,
            message: message.into(),
            hint: None,
        }
    }

    /// A `waarschuwing`.
    pub fn waarschuwing(
        stap: impl Into<Option<u32>>,
        place: Place,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            level: Level::Waarschuwing,
            stap: stap.into(),
            place,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem found while reading (a build error) as a finding.
    pub fn from_problem(level: Level, stap: Option<u32>, p: &Problem) -> Self {
        Finding {
            level,
            stap,
            place: p.place.clone(),
            message: p.message.clone(),
            hint: p.hint.clone(),
        }
    }

    /// Adds what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The heading this finding is grouped under: "Stap 4 · De verhalen achter de gegevens".
    pub fn heading(&self) -> String {
        stap_heading(self.stap)
    }

    /// The finding as a build warning: "stap 4: message".
    pub fn to_problem(&self) -> Problem {
        let message = match self.stap {
            Some(s) => format!("stap {s}: {}", self.message),
            None => self.message.clone(),
        };
        Problem {
            place: self.place.clone(),
            message,
            hint: self.hint.clone(),
        }
    }
}

/// The stap titles of the assignment, in order.
pub use crate::document::lower::STAPPEN;

/// "Stap 4 · De verhalen achter de gegevens", or "Het hele verslag".
pub fn stap_heading(stap: Option<u32>) -> String {
    match stap.and_then(|s| STAPPEN.get((s as usize).wrapping_sub(1)).map(|t| (s, t))) {
        Some((s, title)) => format!("Stap {s} · {title}"),
        None => "Het hele verslag".into(),
    }
}

/// The wijken of the assignment: the WIJ teams of the city of Groningen
/// (November 2019).
pub const WIJKEN_GRONINGEN: [&str; 13] = [
    "Haren",
    "Ten Boer",
    "Beijum",
    "Corpus den Hoorn",
    "De Wijert",
    "Hoogkerk",
    "Korrewegwijk",
    "Lewenborg",
    "Oosterparkwijk",
    "Rivierenbuurt",
    "Schilderswijk/Centrum",
    "Selwerd",
    "Vinkhuizen",
];

/// What the class decides for `check`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The class's wijken (`wijken = [...]` in `klas.toml`); `None` means
    /// the WIJ teams of the assignment.
    pub wijken: Option<Vec<String>>,
    /// Where the class's list comes from, for messages ("klas.toml").
    pub wijken_bron: Option<String>,
}

impl Options {
    /// Reads `wijken = [...]` from a `klas.toml` beside the group (in the
    /// folder that holds the group folder or zip), when there is one.
    pub fn for_group(map: &Path) -> Result<Options, Problem> {
        let Some(parent) = std::fs::canonicalize(map)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            return Ok(Options::default());
        };
        let path = parent.join("klas.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Options::default());
        };
        let shown = path.display().to_string();
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let place = match e.span() {
                Some(r) => Place::from_offset(&shown, &text, r.start),
                None => Place::file(&shown),
            };
            Problem::new(
                place,
                format!("klas.toml is geen geldige TOML ({})", e.message().trim()),
            )
            .hint("kijk naar aanhalingstekens, = tekens en [koppen]")
        })?;
        let Some(value) = table.get("wijken") else {
            return Ok(Options::default());
        };
        let list = value.as_array().and_then(|a| {
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        });
        match list {
            Some(wijken) => Ok(Options {
                wijken: Some(wijken),
                wijken_bron: Some(shown),
            }),
            None => Err(Problem::new(
                Place::file(&shown),
                "`wijken` in klas.toml is geen lijst van namen",
            )
            .hint("schrijf bijvoorbeeld wijken = [\"Beijum\", \"Selwerd\"]")),
        }
    }
}

/// Runs every rule with the assignment's defaults.
pub fn check(model: &Model) -> Vec<Finding> {
    check_with(model, &Options::default())
}

/// Runs every rule; findings come sorted by stap (the whole report first),
/// then by file and place.
pub fn check_with(model: &Model, options: &Options) -> Vec<Finding> {
    let scan = scan::Scan::new(model);
    let mut out = Vec::new();
    chapters::check(model, &scan, &mut out);
    fieldwork::check(model, &mut out);
    plan::check(model, &mut out);
    sources::check(model, &scan, &mut out);
    general::check(model, options, &mut out);
    leftovers::check(model, &mut out);
    sort(&mut out);
    out
}

/// A stable order: by stap, then by place (files in name order, lines in
/// text order), then the order the rules found them in; one heading per
/// stap when printed.
pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.stap.unwrap_or(0),
            &a.place.file,
            a.place.line,
            a.place.column,
        )
            .cmp(&(
                b.stap.unwrap_or(0),
                &b.place.file,
                b.place.line,
                b.place.column,
            ))
    });
}

/// The number of `fout` and `waarschuwing` findings.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let fouten = findings.iter().filter(|f| f.level == Level::Fout).count();
    (fouten, findings.len() - fouten)
}

/// Findings as build warnings, leaving out those `build` already warned about
/// at the same place.
pub fn build_warnings(model: &Model, options: &Options, already: &[Problem]) -> Vec<Problem> {
    check_with(model, options)
        .iter()
        .filter(|f| !already.iter().any(|w| w.place == f.place))
        .map(Finding::to_problem)
        .collect()
}

/// The stap a chapter number stands for in the template in use: the chapters
/// of `wijkgericht-werken` are the stappen; those of `wijkanalyse` are not.
pub(crate) fn chapter_stap(model: &Model, num: u32) -> Option<u32> {
    (model.sjabloon() == Sjabloon::WijkgerichtWerken).then_some(num)
}

/// The place of a chapter file, or the pattern of its name when it is missing.
pub(crate) fn chapter_place(model: &Model, num: u32) -> Place {
    match model.chapters.get(&num) {
        Some(md) => Place::file(&md.path),
        None => Place::file(format!("hoofdstukken/{num}-….md")),
    }
}

/// Whether an optional text is missing or blank.
pub(crate) fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|t| t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(
            stap_heading(Some(4)),
            "Stap 4 · De verhalen achter de gegevens"
        );
        assert_eq!(stap_heading(None), "Het hele verslag");
        assert_eq!(stap_heading(Some(9)), "Het hele verslag");
    }
}
