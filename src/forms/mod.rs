//! Form definitions as data: the Windshield Survey, the Checklist
//! wijkdiagnose and the interview guide.
//!
//! The built-in defaults live in `standaard.toml` (embedded at compile time).
//! A class may replace any of the three forms with its own definition, either
//! in a `[formulieren]` table of `klas.toml` or as separate files in a folder
//! (`--formulieren MAP`); parts that are not replaced fall back to the
//! built-in defaults. The group's answers (`[windshield.antwoorden]`,
//! `[checklist]`) are keyed by the ids defined here.

mod load;

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub use load::{FORM_FILES, FormsError, Overrides};

/// The embedded default definitions (`standaard.toml`).
pub const STANDAARD_TOML: &str = include_str!("standaard.toml");

/// File name used in messages about the embedded defaults.
const STANDAARD_NAME: &str = "standaard.toml (ingebouwd)";

static BUILTIN: LazyLock<Forms> = LazyLock::new(|| {
    load::parse_forms(STANDAARD_NAME, STANDAARD_TOML)
        .unwrap_or_else(|err| panic!("ingebouwde formulieren zijn ongeldig: {err}"))
});

/// The three forms a report is built around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    /// Observation form of stap 3.
    pub windshield: WindshieldForm,
    /// Checklist wijkdiagnose of stap 6.
    pub checklist: ChecklistForm,
    /// Interview guide of stap 4.
    pub interview: InterviewGuide,
}

/// The Windshield Survey observation form (stap 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindshieldForm {
    /// Title printed above the form.
    pub titel: String,
    /// Short explanation of the method, printed under the title.
    #[serde(default)]
    pub inleiding: String,
    /// Header fields (wijk, datum, tijd, weer, waarnemers, route).
    #[serde(default)]
    pub kopvelden: Vec<Field>,
    /// The items to observe, in print order.
    pub items: Vec<WindshieldItem>,
}

/// A labelled header field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable key (lowercase kebab-case).
    pub id: String,
    /// Label printed on the form.
    pub label: String,
}

/// One block of the Windshield Survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindshieldItem {
    /// Stable key used in `[windshield.antwoorden]` (lowercase kebab-case).
    pub id: String,
    /// Heading of the block.
    pub titel: String,
    /// Prompts: what to look at, as short questions.
    #[serde(default)]
    pub vragen: Vec<String>,
    /// Number of ruled lines to write on in the blank form.
    #[serde(default = "default_regels")]
    pub regels: u32,
}

/// Default number of ruled lines per Windshield Survey item.
pub const DEFAULT_REGELS: u32 = 6;

fn default_regels() -> u32 {
    DEFAULT_REGELS
}

/// The Checklist wijkdiagnose (stap 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistForm {
    /// Title printed above the checklist.
    pub titel: String,
    /// Instructions printed under the title.
    #[serde(default)]
    pub inleiding: String,
    /// Groups of factors, in print order.
    pub domeinen: Vec<Domain>,
}

/// A group of checklist factors (e.g. "Fysieke omgeving").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Stable key (lowercase kebab-case).
    pub id: String,
    /// Heading of the group.
    pub titel: String,
    /// The factors of this group, in print order.
    pub factoren: Vec<Factor>,
}

/// One factor to rate on the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Stable key used in `[checklist]` (lowercase kebab-case, unique over all domains).
    pub id: String,
    /// Name printed on the checklist.
    pub titel: String,
}

/// The interview guide (stap 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewGuide {
    /// Title printed above the guide.
    pub titel: String,
    /// Instructions printed under the title.
    #[serde(default)]
    pub inleiding: String,
    /// Header fields (datum, plaats, respondent, interviewers).
    #[serde(default)]
    pub kopvelden: Vec<Field>,
    /// The default questions, used when a group brings none.
    pub vragen: Vec<String>,
}

/// Rating of a checklist factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Oordeel {
    /// The situation is good.
    Goed,
    /// The situation is reasonable.
    Redelijk,
    /// The situation is bad.
    Slecht,
}

impl Oordeel {
    /// Every rating, in print order.
    pub const ALL: [Oordeel; 3] = [Oordeel::Goed, Oordeel::Redelijk, Oordeel::Slecht];

    /// The Dutch word, as written in the input.
    pub fn label(&self) -> &'static str {
        match self {
            Oordeel::Goed => "goed",
            Oordeel::Redelijk => "redelijk",
            Oordeel::Slecht => "slecht",
        }
    }
}

impl fmt::Display for Oordeel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How sure the students are of a checklist rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zekerheid {
    /// Known for certain.
    Zeker,
    /// A suspicion.
    Vermoeden,
    /// Based on hope.
    Hopen,
    /// A guess.
    Gokken,
    /// Based on fear.
    Vrezen,
}

impl Zekerheid {
    /// Every certainty, in print order.
    pub const ALL: [Zekerheid; 5] = [
        Zekerheid::Zeker,
        Zekerheid::Vermoeden,
        Zekerheid::Hopen,
        Zekerheid::Gokken,
        Zekerheid::Vrezen,
    ];

    /// The Dutch word, as written in the input.
    pub fn label(&self) -> &'static str {
        match self {
            Zekerheid::Zeker => "zeker",
            Zekerheid::Vermoeden => "vermoeden",
            Zekerheid::Hopen => "hopen",
            Zekerheid::Gokken => "gokken",
            Zekerheid::Vrezen => "vrezen",
        }
    }

    /// Whether a factor rated with this certainty belongs on the
    /// "Verder onderzoeken" list: everything except `zeker`.
    pub fn needs_investigation(&self) -> bool {
        !matches!(self, Zekerheid::Zeker)
    }
}

impl fmt::Display for Zekerheid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Default for Forms {
    /// A copy of the built-in defaults.
    fn default() -> Self {
        Forms::builtin().clone()
    }
}

impl Forms {
    /// The built-in default forms, parsed once from the embedded `standaard.toml`.
    pub fn builtin() -> &'static Forms {
        &BUILTIN
    }

    /// Ids of the Windshield Survey items, in form order.
    pub fn windshield_ids(&self) -> Vec<&str> {
        self.windshield
            .items
            .iter()
            .map(|i| i.id.as_str())
            .collect()
    }

    /// The Windshield Survey item with this id.
    pub fn windshield_item(&self, id: &str) -> Option<&WindshieldItem> {
        self.windshield.items.iter().find(|i| i.id == id)
    }

    /// The checklist factor with this id, together with its domain.
    pub fn factor(&self, id: &str) -> Option<(&Domain, &Factor)> {
        self.checklist
            .domeinen
            .iter()
            .find_map(|d| d.factoren.iter().find(|f| f.id == id).map(|f| (d, f)))
    }

    /// Ids of all checklist factors, in form order (domain by domain).
    pub fn factor_ids(&self) -> Vec<&str> {
        self.checklist
            .domeinen
            .iter()
            .flat_map(|d| d.factoren.iter().map(|f| f.id.as_str()))
            .collect()
    }
}

/// Minimum Jaro-Winkler similarity for [`closest`] to offer a suggestion.
const CLOSEST_THRESHOLD: f64 = 0.8;

/// The known id most similar to `candidate`, if any is similar enough to be a
/// plausible typo (for hints like "bedoelde je `huisvesting`?").
///
/// Case, spaces and underscores are ignored (`Groen_en_open_ruimte` matches
/// `groen-en-open-ruimte`). On a tie the first known id wins.
pub fn closest<'a>(candidate: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = normalize(candidate);
    let mut best: Option<(&'a str, f64)> = None;
    for id in known {
        let score = strsim::jaro_winkler(&wanted, &normalize(id));
        if score >= CLOSEST_THRESHOLD && best.is_none_or(|(_, s)| score > s) {
            best = Some((id, score));
        }
    }
    best.map(|(id, _)| id)
}

/// Lowercase, with spaces and underscores read as hyphens.
fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests;
