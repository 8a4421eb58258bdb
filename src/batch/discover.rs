//! Discovery: the groups of a class folder and the class's `klas.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::value::Date;

use crate::error::{Error, Place, Problem, Result};
use crate::forms::Forms;
use crate::model::{Defaults, Sjabloon, VERSLAG_TOML, toml_problem};

/// The name of the class settings file.
pub const KLAS_TOML: &str = "klas.toml";

/// One group to build: a folder with `verslag.toml` or a `.zip`.
#[derive(Debug, Clone)]
pub struct GroupInput {
    /// The group's name: folder name or zip name without `.zip`.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Why this group cannot be built before even opening it (a name clash).
    pub refused: Option<String>,
    /// An earlier group of the class writes the files of this name: this
    /// one may not touch them.
    pub name_taken: bool,
}

/// A class: its settings and its groups, sorted by name.
#[derive(Debug, Clone)]
pub struct Klas {
    /// The class folder.
    pub dir: PathBuf,
    /// The class folder's own name (used for the archive name).
    pub folder_name: String,
    /// The class name for the overview: `klas` from `klas.toml`, else the folder name.
    pub naam: String,
    /// Whether `klas.toml` names the class (else `naam` is the folder name).
    pub named: bool,
    /// Defaults every group inherits.
    pub defaults: Defaults,
    /// The wijken the class may choose from (`wijken = [...]`); empty when free.
    pub wijken: Vec<String>,
    /// The groups, sorted by name.
    pub groups: Vec<GroupInput>,
}

/// The keys `klas.toml` accepts; checked so that a misspelt key is an error
/// with its line and a hint, not a default silently lost.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to validate; the values are taken as a table
struct KlasToml {
    #[serde(default)]
    verslag: Option<KlasVerslag>,
    #[serde(default)]
    formulieren: Option<toml::Value>,
    #[serde(default)]
    wijken: Vec<String>,
}

/// The `[verslag]` keys a class may set for every group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to validate
struct KlasVerslag {
    ondertitel: Option<String>,
    gemeente: Option<String>,
    school: Option<String>,
    opleiding: Option<String>,
    klas: Option<String>,
    docent: Option<String>,
    inleverdatum: Option<Date>,
    datum: Option<Date>,
    sjabloon: Option<Sjabloon>,
}

/// Finds the groups in `dir` and reads its `klas.toml`. `uit` (the output
/// folder) is never taken for a group, even when it lies inside `dir`.
pub fn discover(dir: &Path, uit: &Path) -> Result<Klas> {
    let display = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| {
        Error::input(
            Problem::new(Place::file(&display), crate::error::io_message(&e))
                .hint("geef de klasmap: de map met een map of .zip per groep"),
        )
    })?;
    if !meta.is_dir() {
        // A learning platform hands in a whole class as one download.
        let hint = if zip_stem(&display).is_some() {
            "is dit de download van een hele klas? Pak de zip eerst uit (rechtsklik → Alles uitpakken) en geef die map; is het één groep, gebruik dan wijkverslag build"
        } else {
            "geef de klasmap: de map met een map of .zip per groep (voor één groep: wijkverslag build)"
        };
        return Err(Error::input(
            Problem::new(Place::file(&display), "dit is geen map").hint(hint),
        ));
    }
    let folder_name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "klas".into());

    let (defaults, wijken, klas_naam) = read_klas_toml(dir)?;

    let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(&display, &e))?
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    entries.sort();

    let mut groups: Vec<GroupInput> = Vec::new();
    let mut refused: Vec<GroupInput> = Vec::new();
    // Whether any folder holds a report, even one that cannot be built.
    let mut any_report = false;
    for (file_name, path) in entries {
        if is_hidden(&file_name) || super::same_path(&path, uit) {
            continue;
        }
        let (name, path) = if path.is_dir() {
            // FORMAT.md: every folder in a class is a group. One without a
            // report gets a row with the reason, so no group goes missing
            // from the overview unnoticed.
            match group_inside(&path) {
                Ok(inner) => (file_name, inner),
                Err(why) => {
                    any_report |= matches!(why, NoGroup::Several(_));
                    refused.push(GroupInput {
                        refused: Some(why.reason()),
                        name: file_name,
                        path,
                        name_taken: false,
                    });
                    continue;
                }
            }
        } else if let Some(stem) = zip_stem(&file_name) {
            (stem.to_string(), path)
        } else {
            continue;
        };
        groups.push(GroupInput {
            name,
            path,
            refused: None,
            name_taken: false,
        });
    }
    // Pointed at a folder that holds no report at all (a wrong folder):
    // one clear error rather than a failed row for each of its folders.
    if groups.is_empty() && !any_report {
        return Err(Error::input(
            Problem::new(Place::file(&display), "in deze map staat geen enkele groep")
                .hint("een groep is een map met verslag.toml, of een .zip daarvan; zet ze samen in één klasmap"),
        ));
    }
    groups.append(&mut refused);
    // Sorted as a teacher reads a list: `Groep-B` between `groep-a` and
    // `groep-c`.
    groups.sort_by(|a, b| {
        (a.name.to_lowercase(), &a.name, &a.path).cmp(&(b.name.to_lowercase(), &b.name, &b.path))
    });
    // `groep-a/` and `groep-a.zip` would write the same `groep-a.pdf`; so
    // would `Groep-A/` on Windows and macOS, whose file names ignore case.
    let mut owner = 0;
    for i in 1..groups.len() {
        if groups[i].name.to_lowercase() != groups[owner].name.to_lowercase() {
            owner = i;
        } else {
            groups[i].name_taken = true;
            let other = groups[owner]
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            groups[i].refused = Some(format!(
                "er is al een groep met de naam `{}` ({other}); haal een van beide uit de klasmap",
                groups[i].name
            ));
        }
    }
    let named = klas_naam.is_some();
    let naam = klas_naam.unwrap_or_else(|| folder_name.clone());
    Ok(Klas {
        dir: dir.to_path_buf(),
        folder_name,
        naam,
        named,
        defaults,
        wijken,
        groups,
    })
}

/// Files the system made, not the students: `.DS_Store`, `__MACOSX`, `.git`.
fn is_hidden(file_name: &str) -> bool {
    file_name.starts_with('.') || file_name.starts_with("__MACOSX")
}

/// How deep a report may sit below its group folder: unzipping
/// `groep-a.zip` into `groep-a/` gives `groep-a/groep-a/verslag.toml`, and a
/// second unzip or a "Wijkverslag" folder adds a level.
const MAX_NESTING: usize = 3;

/// Why a folder in a class is not a group that can be built.
enum NoGroup {
    /// Several entries, of which these folders hold a `verslag.toml`.
    Several(Vec<String>),
    /// Nothing visible at all.
    Empty,
    /// Files, but no `verslag.toml`; the first few names.
    NoReport(Vec<String>),
}

impl NoGroup {
    /// The reason shown in the overview.
    fn reason(&self) -> String {
        match self {
            NoGroup::Several(names) => format!(
                "er staat geen verslag.toml in de map zelf, wel in {}; laat één versie over in de map",
                names.join(" en ")
            ),
            NoGroup::Empty => "de map is leeg: deze groep heeft (nog) niets ingeleverd".into(),
            NoGroup::NoReport(names) => format!(
                "er staat geen verslag.toml in deze map (wel: {}); is dit geen groep, zet de map dan buiten de klasmap",
                names.join(", ")
            ),
        }
    }
}

/// The folder with the report: the group folder itself, or the only folder
/// inside it (at most [`MAX_NESTING`] levels down).
fn group_inside(dir: &Path) -> Result<PathBuf, NoGroup> {
    let mut dir = dir.to_path_buf();
    for _ in 0..=MAX_NESTING {
        // A folder with chapters but without verslag.toml is a group that
        // forgot it: building it names the missing file.
        if dir.join(VERSLAG_TOML).exists() || dir.join("hoofdstukken").is_dir() {
            return Ok(dir);
        }
        let visible = visible_entries(&dir);
        match visible.as_slice() {
            [only] if only.is_dir() => dir = only.clone(),
            _ => {
                let with_verslag: Vec<String> = visible
                    .iter()
                    .filter(|p| p.is_dir() && p.join(VERSLAG_TOML).exists())
                    .filter_map(|p| p.file_name())
                    .map(|n| format!("`{}`", n.to_string_lossy()))
                    .collect();
                if !with_verslag.is_empty() {
                    return Err(NoGroup::Several(with_verslag));
                }
                break;
            }
        }
    }
    let names = files_below(&dir, 3);
    Err(if names.is_empty() {
        NoGroup::Empty
    } else {
        NoGroup::NoReport(names)
    })
}

/// The entries of `dir` a student made, sorted.
fn visible_entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut visible: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !is_hidden(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    visible.sort();
    visible
}

/// Up to `max` file names found in `dir` and its folders, for a reason that
/// shows what a group did hand in ("verslag.docx").
fn files_below(dir: &Path, max: usize) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for p in visible_entries(&d) {
            if p.is_dir() {
                todo.push(p);
            } else if found.len() < max {
                found.push(
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
            } else {
                found.push("…".into());
                return found;
            }
        }
    }
    found
}

fn zip_stem(file_name: &str) -> Option<&str> {
    let n = file_name.len();
    if n > 4 && file_name.is_char_boundary(n - 4) && file_name[n - 4..].eq_ignore_ascii_case(".zip")
    {
        Some(&file_name[..n - 4])
    } else {
        None
    }
}

type KlasSettings = (Defaults, Vec<String>, Option<String>);

/// Reads `klas.toml` when present: its `[verslag]` defaults, its forms and
/// its wijken list. Also used by `build` for a group inside a class folder.
pub(crate) fn read_klas_toml(dir: &Path) -> Result<KlasSettings> {
    let path = dir.join(KLAS_TOML);
    if !path.exists() {
        return Ok((Defaults::default(), Vec::new(), None));
    }
    let shown = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&shown, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Error::input(
            Problem::new(
                Place::from_offset(&shown, &lossy, e.utf8_error().valid_up_to()),
                "klas.toml is geen UTF-8-tekst",
            )
            .hint("sla het bestand op als UTF-8"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let checked: KlasToml =
        toml::from_str(&text).map_err(|e| Error::input(toml_problem(&shown, &text, &e)))?;
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| Error::input(toml_problem(&shown, &text, &e)))?;
    let verslag = match table.get("verslag") {
        Some(toml::Value::Table(t)) if !t.is_empty() => Some(t.clone()),
        _ => None,
    };
    let klas_naam = checked.verslag.as_ref().and_then(|v| v.klas.clone());
    let forms = if checked.formulieren.is_some() {
        let forms = Forms::builtin()
            .with_klas_toml(&shown, &text)
            .map_err(|e| {
                Error::input(
                    e.problem()
                        .hint("verbeter [formulieren] in klas.toml (zie FORMS.md)"),
                )
            })?;
        Some(forms)
    } else {
        None
    };
    let wijken: Vec<String> = checked
        .wijken
        .iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    Ok((Defaults { verslag, forms }, wijken, klas_naam))
}
