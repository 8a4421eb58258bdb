//! Load: a group folder or zip → [`Model`].
//!
//! Parses `verslag.toml` into typed structs (with the place of every value),
//! reads the chapter and appendix Markdown, and validates everything that can
//! be validated without the assignment's rules (those live in `check`).

pub mod files;
mod multiline;
mod pasted;
pub mod spans;
pub mod types;

use std::collections::{BTreeMap, HashSet};

pub use files::GroupFiles;
pub use spans::Spans;
pub use types::*;

use crate::error::{Error, Place, Problem, Result, closest};
use crate::forms::Forms;

/// The name of the required file.
pub const VERSLAG_TOML: &str = "verslag.toml";

/// One Markdown file of the group.
#[derive(Debug, Clone)]
pub struct MarkdownFile {
    /// Path relative to the group folder.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// One group's report, loaded and validated.
#[derive(Debug)]
pub struct Model {
    /// The group's files.
    pub files: GroupFiles,
    /// The parsed `verslag.toml`.
    pub verslag: Verslag,
    /// Places of every value in `verslag.toml`.
    pub spans: Spans,
    /// Chapter files by stap number (1-based); `None` when not written.
    pub chapters: BTreeMap<u32, MarkdownFile>,
    /// The `[[bijlagen]]` Markdown files, in order.
    pub bijlagen: Vec<MarkdownFile>,
    /// The form definitions in use.
    pub forms: Forms,
    /// Warnings found while loading (stray files and the like).
    pub warnings: Vec<Problem>,
}

/// Class-wide settings a group inherits (from `klas.toml` or the command line).
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `[verslag]` keys of `klas.toml`; the group's own values win.
    pub verslag: Option<toml::Table>,
    /// The form definitions in use (built-in when `None`).
    pub forms: Option<Forms>,
}

impl Model {
    /// The `[[bronnen]]` by id.
    pub fn sources(&self) -> std::collections::BTreeMap<String, Bron> {
        self.verslag
            .bronnen
            .iter()
            .map(|b| (b.id.clone(), b.clone()))
            .collect()
    }

    /// The template in use.
    pub fn sjabloon(&self) -> Sjabloon {
        self.verslag
            .verslag
            .sjabloon
            .unwrap_or(Sjabloon::WijkgerichtWerken)
    }

    /// The number of chapters of the template.
    pub fn chapter_count(&self) -> u32 {
        self.sjabloon().chapter_count()
    }
}

/// A table or chart (`what`, at `path`) placed in a chapter the template
/// lacks: an error, or in `wijkanalyse` for a stap number 5..8 a warning
/// saying where it went instead.
fn check_chapter(
    sjabloon: Sjabloon,
    hoofdstuk: u32,
    place: Place,
    what: &str,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let max = sjabloon.chapter_count();
    if (1..=max).contains(&hoofdstuk) {
        return;
    }
    // Only `wijkanalyse` gets here with a stap number (it has 4 chapters).
    if (1..=8).contains(&hoofdstuk) {
        let chapter = sjabloon.chapter_for(hoofdstuk);
        warnings.push(
            Problem::new(
                place,
                format!("het sjabloon wijkanalyse heeft geen hoofdstuk {hoofdstuk}; {what} staat in hoofdstuk {chapter}, waar stap {hoofdstuk} hoort"),
            )
            .hint(format!("schrijf hoofdstuk = {chapter}, of kies een ander hoofdstuk van 1 t/m {max}")),
        );
    } else {
        problems.push(
            Problem::new(place, format!("hoofdstuk {hoofdstuk} bestaat niet"))
                .hint(format!("kies een hoofdstuk van 1 t/m {max}")),
        );
    }
}

/// Loads a group folder or zip with the built-in defaults.
pub fn load(path: &std::path::Path) -> Result<Model> {
    load_with(GroupFiles::open(path)?, &Defaults::default())
}

/// Why a group has no `verslag.toml`: a name that differs in capitals
/// (`Verslag.toml`), or an extension an editor added (`verslag.toml.txt`,
/// hidden by Windows), or none at all.
fn missing_verslag(files: &GroupFiles, place: Place) -> Problem {
    let (names, _) = files.top_level();
    let named = |wanted: &str| names.iter().find(|n| n.to_lowercase() == wanted).cloned();
    let renamed = named(VERSLAG_TOML).or_else(|| {
        [
            "verslag.toml.txt",
            "verslag.toml.md",
            "verslag.txt",
            "verslag.toml.rtf",
        ]
        .into_iter()
        .find_map(named)
    });
    match renamed {
        Some(name) if name.to_lowercase() == VERSLAG_TOML => Problem::new(
            place,
            format!("het bestand heet `{name}`; wijkverslag zoekt `verslag.toml`, met kleine letters"),
        )
        .hint(format!("hernoem `{name}` naar `verslag.toml` (Windows en macOS zien het verschil niet, de computer van de docent wel)")),
        Some(name) => Problem::new(
            place,
            format!("verslag.toml ontbreekt, maar er is een `{name}`"),
        )
        .hint(format!("de teksteditor zette er een extra extensie achter: hernoem `{name}` naar `verslag.toml` (Windows verbergt extensies; zet in de Verkenner onder Beeld 'Bestandsnaamextensies' aan)")),
        None => Problem::new(place, "verslag.toml ontbreekt").hint(
            "elke groepsmap heeft een verslag.toml; `wijkverslag init NIEUWE-MAP` maakt een nieuwe groepsmap met een voorbeeld om over te nemen",
        ),
    }
}

/// Loads a group from its files with class defaults.
pub fn load_with(files: GroupFiles, defaults: &Defaults) -> Result<Model> {
    let toml_place = Place::file(VERSLAG_TOML);
    let bytes = files.read(VERSLAG_TOML).map_err(|_| {
        let place = Place::file(format!("{}/{VERSLAG_TOML}", files.display));
        let problem = match files.unusable(VERSLAG_TOML) {
            Some(why) => Problem::new(place, why)
                .hint("zet verslag.toml zelf in de groepsmap, niet als snelkoppeling"),
            None => match files.nested_report() {
                // The report is a folder or two down: name the path to give.
                Some(inner) => {
                    let rel = files
                        .folder()
                        .and_then(|root| inner.strip_prefix(root).ok())
                        .unwrap_or(&inner);
                    let given = std::path::Path::new(&files.display).join(rel);
                    Problem::new(
                        place,
                        format!(
                            "verslag.toml staat niet in deze map zelf, maar in `{}`",
                            rel.display()
                        ),
                    )
                    .hint(format!("geef die map: `{}`", given.display()))
                }
                None => missing_verslag(&files, place),
            },
        };
        Error::input(problem)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let place = Place::from_offset(
            VERSLAG_TOML,
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        Error::input(
            Problem::new(place, "verslag.toml is geen UTF-8-tekst")
                .hint("sla het bestand op als UTF-8 (in VS Code: rechtsonder de codering kiezen)"),
        )
    })?;
    let text = without_controls(
        text.strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text),
    );
    let mut verslag = parse_with_defaults(&text, defaults.verslag.as_ref())?;
    trim_names(&mut verslag);
    crate::document::apa::letter_years(&mut verslag.bronnen);
    let spans = Spans::new(VERSLAG_TOML, &text);
    let forms = defaults
        .forms
        .clone()
        .unwrap_or_else(|| Forms::builtin().clone());

    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    validate(
        &verslag,
        &spans,
        &forms,
        &files,
        &mut problems,
        &mut warnings,
    );

    let mut model = Model {
        files,
        verslag,
        spans,
        chapters: BTreeMap::new(),
        bijlagen: Vec::new(),
        forms,
        warnings: Vec::new(),
    };
    read_chapters(&mut model, &mut problems, &mut warnings);
    for (i, b) in model.verslag.bijlagen.clone().iter().enumerate() {
        let place = model.spans.place(&format!("bijlagen[{i}].bestand"));
        match named_path(&model.spans, &format!("bijlagen[{i}].bestand"), &b.bestand) {
            Ok(rel) => match model
                .files
                .read_named(&rel, &place)
                .and_then(|bytes| utf8(&rel, bytes, &place))
            {
                Ok(text) => {
                    let (text, noticed) = pasted::tidy(&rel, &text);
                    warnings.extend(noticed);
                    model.bijlagen.push(MarkdownFile { path: rel, text });
                }
                Err(Error::Input(p)) => problems.extend(p),
                Err(e) => return Err(e),
            },
            Err(msg) => problems.push(Problem::new(place, msg)),
        }
    }
    let _ = toml_place;
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    model.warnings = warnings;
    Ok(model)
}

/// What a file that is no text is, judged by its first bytes: a chapter
/// saved from Word, or a photo named as a bijlage.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [b'P', b'K', 3, 4, ..] => "een Word-bestand (of een ander zip-bestand)",
        [b'%', b'P', b'D', b'F', ..] => "een PDF",
        [0xFF, 0xD8, 0xFF, ..] => "een JPEG-foto",
        [0x89, b'P', b'N', b'G', ..] => "een PNG-afbeelding",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "een oud Word-bestand (.doc)",
        [b'{', b'\\', b'r', b't', b'f', ..] => "een RTF-bestand (WordPad of TextEdit)",
        _ => return None,
    })
}

/// The text of `rel`; `used_at` is where the file is named, for a file that
/// is no text at all.
fn utf8(rel: &str, bytes: Vec<u8>, used_at: &Place) -> Result<String> {
    if let Some(kind) = binary_kind(&bytes) {
        let hint = if kind.contains("foto") || kind.contains("afbeelding") {
            "een foto hoort in een Markdown-bestand: ![Bijschrift](../fotos/naam.jpg)"
        } else {
            "kopieer de tekst naar een Markdown-bestand (.md, platte tekst; kopjes met #)"
        };
        return Err(Error::input(
            Problem::new(
                used_at.clone(),
                format!("`{rel}` is geen tekst maar {kind}"),
            )
            .hint(hint),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| {
            let place = Place::from_offset(
                rel,
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            Error::input(
                Problem::new(place, format!("{rel} is geen UTF-8-tekst"))
                    .hint("sla het bestand op als UTF-8"),
            )
        })
        .map(|t| t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t))
        .map(without_controls)
}

/// Every text value in `table`, at any depth, without control characters.
fn clean_table(table: &mut toml::de::DeTable) {
    fn clean(value: &mut toml::de::DeValue) {
        match value {
            toml::de::DeValue::String(s) if has_controls(s) => {
                *s = std::borrow::Cow::Owned(without_controls(s.to_string()));
            }
            toml::de::DeValue::Array(items) => items.iter_mut().for_each(|v| clean(v.get_mut())),
            toml::de::DeValue::Table(t) => clean_table(t),
            _ => {}
        }
    }
    for (_, value) in table.iter_mut() {
        clean(value.get_mut());
    }
}

/// An invisible control character; tabs and line ends are text.
fn is_stray_control(c: char) -> bool {
    c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn has_controls(text: &str) -> bool {
    text.chars().any(is_stray_control)
}

/// Text with its invisible control characters (a vertical tab from Word's
/// Shift+Enter, a bell from a bad paste) turned into spaces: no font can
/// show them, and XML (the DOCX) forbids them. A space keeps every line and
/// column where the student sees it.
fn without_controls(text: String) -> String {
    if !has_controls(&text) {
        return text;
    }
    text.chars()
        .map(|c| if is_stray_control(c) { ' ' } else { c })
        .collect()
}

/// Parses verslag.toml with the class's `[verslag]` defaults for the keys
/// the group left out. The defaults are inserted as lines right after the
/// `[verslag]` header, so every error can be mapped back to the line the
/// student wrote (or to klas.toml, for a default that does not fit).
/// Every mistake in the file is reported, not only the first.
fn parse_with_defaults(text: &str, klas: Option<&toml::Table>) -> Result<Verslag> {
    let problem = |e: &toml::de::Error| toml_problem(VERSLAG_TOML, text, e);
    let all = |errors: Vec<toml::de::Error>| Error::Input(errors.iter().map(problem).collect());
    let Some(klas) = klas else {
        return parse_all(text).map_err(all);
    };
    // Syntax errors first, on the text as written.
    let doc: toml::Table = toml::from_str(text).map_err(|e| Error::input(problem(&e)))?;
    let present = match doc.get("verslag") {
        Some(toml::Value::Table(t)) => t.keys().cloned().collect(),
        Some(_) => return parse_all(text).map_err(all),
        None => std::collections::HashSet::new(),
    };
    let mut lines = String::new();
    for (key, value) in klas.iter().filter(|(k, _)| !present.contains(*k)) {
        let mut one = toml::Table::new();
        one.insert(key.clone(), value.clone());
        lines.push_str(&toml::to_string(&one).unwrap_or_default());
    }
    if lines.is_empty() {
        return parse_all(text).map_err(all);
    }
    let (merged, at) = match verslag_header_end(text) {
        // A header on the last line without a newline still needs one.
        Some(at) if !text[..at].ends_with('\n') => (format!("{text}\n{lines}"), at),
        Some(at) => (format!("{}{lines}{}", &text[..at], &text[at..]), at),
        None => {
            let sep = if text.ends_with('\n') || text.is_empty() {
                ""
            } else {
                "\n"
            };
            (format!("{text}{sep}[verslag]\n{lines}"), text.len())
        }
    };
    let inserted = at..merged.len() - text.len() + at;
    let mapped = |e: &toml::de::Error| match e.span() {
        Some(span) if inserted.contains(&span.start) => Problem::new(
            Place::file(crate::batch::discover::KLAS_TOML),
            format!(
                "de standaardwaarde uit klas.toml past niet: {}",
                toml_problem(VERSLAG_TOML, &merged, e).message
            ),
        )
        .hint("verbeter [verslag] in klas.toml, of vul de sleutel in verslag.toml zelf in"),
        Some(span) => {
            let start = if span.start >= inserted.end {
                span.start - inserted.len()
            } else {
                span.start
            };
            let mut p = toml_problem(VERSLAG_TOML, &merged, e);
            p.place = Place::from_offset(VERSLAG_TOML, text, start);
            p
        }
        None => problem(e),
    };
    parse_all(&merged).map_err(|errors| Error::Input(errors.iter().map(mapped).collect()))
}

/// Deserializes a report, collecting every mistake: serde stops at the
/// first, so after each one the entry it is about is taken out of the parsed
/// document and the rest is tried again. A syntax error ends it at once.
fn parse_all(text: &str) -> std::result::Result<Verslag, Vec<toml::de::Error>> {
    use serde::Deserialize as _;
    let mut root = toml::de::DeTable::parse(text).map_err(|e| vec![e])?;
    // An escape such as "\u000b" puts a control character in a value even
    // when the file itself has none.
    clean_table(root.get_mut());
    let mut errors: Vec<toml::de::Error> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // Each round removes an entry, so this ends; the cap only bounds the
    // work on a file that is wrong everywhere.
    for _ in 0..50 {
        let error = match Verslag::deserialize(toml::de::Deserializer::from(root.clone())) {
            Ok(v) if errors.is_empty() => return Ok(v),
            Ok(_) => break,
            Err(e) => e,
        };
        // "missing field" for a key taken out here is a consequence, not
        // a mistake of its own; the entry it is in cannot be tried further.
        let missing = error
            .message()
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next());
        if missing.is_some_and(|m| removed.iter().any(|r| r == m)) {
            break;
        }
        let Some(span) = error.span() else {
            errors.push(error);
            break;
        };
        // A table that must stay (such as [verslag]) gets an empty text for
        // a missing key; every such key in verslag.toml is a text.
        if let Some(m) = missing
            && let Some(table) = table_at(root.get_mut(), span.start)
        {
            let at = span.start..span.start;
            let key = toml::Spanned::new(at.clone(), std::borrow::Cow::Owned(m.to_string()));
            let empty = toml::de::DeValue::String(std::borrow::Cow::Borrowed(""));
            table.insert(key, toml::Spanned::new(at, empty));
            removed.push(m.to_string());
            errors.push(error);
            continue;
        }
        // A misspelt key is read under the name it was meant to have, so
        // the key is not reported missing as well.
        let meant = unknown_key_meant(error.message());
        errors.push(error);
        match remove_at(root.get_mut(), span.start, meant.as_deref()) {
            Some(key) => removed.push(key),
            None => break,
        }
    }
    // In the order of the file, as a student reads it.
    errors.sort_by_key(|e| e.span().map_or(0, |s| s.start));
    Err(errors)
}

fn covers(span: std::ops::Range<usize>, pos: usize) -> bool {
    span.contains(&pos) || (span.is_empty() && span.start == pos)
}

/// Whether `pos` lies anywhere in `value` or the keys and values inside it.
fn holds(value: &toml::Spanned<toml::de::DeValue<'_>>, pos: usize) -> bool {
    use toml::de::DeValue;
    covers(value.span(), pos)
        || match value.get_ref() {
            DeValue::Table(t) => t
                .iter()
                .any(|(k, v)| covers(k.span(), pos) || holds(v, pos)),
            DeValue::Array(a) => a.iter().any(|v| holds(v, pos)),
            _ => false,
        }
}

/// The key of `table` whose entry holds `pos`.
fn key_at(table: &toml::de::DeTable<'_>, pos: usize) -> Option<String> {
    table
        .iter()
        .find(|(k, v)| covers(k.span(), pos) || holds(v, pos))
        .map(|(k, _)| k.get_ref().to_string())
}

/// The table (not an element of an array of tables) that the error at
/// `pos` is about, when it is one of the document's named tables.
fn table_at<'t, 'i>(
    table: &'t mut toml::de::DeTable<'i>,
    pos: usize,
) -> Option<&'t mut toml::de::DeTable<'i>> {
    use toml::de::DeValue;
    let key = key_at(table, pos)?;
    let value = table.get_mut(key.as_str())?;
    let DeValue::Table(inner) = value.get_mut() else {
        return None;
    };
    let deeper = inner
        .iter()
        .any(|(_, v)| v.get_ref().is_table() && holds(v, pos));
    if deeper {
        table_at(inner, pos)
    } else {
        Some(inner)
    }
}

/// Serde's "unknown field `titl`, expected one of `titel`, …" as the key
/// written and the keys allowed.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field ")?;
    let mut names = rest.split('`').skip(1).step_by(2).map(str::to_string);
    Some((names.next().unwrap_or_default(), names.collect()))
}

/// For an unknown key: the allowed key it is closest to, as the hint of
/// [`toml_problem`] suggests.
fn unknown_key_meant(message: &str) -> Option<String> {
    let (bad, known) = unknown_field(message)?;
    closest(&bad, known.iter().map(String::as_str)).map(str::to_string)
}

/// Takes out of `table` what the error at `pos` is about: an element of an
/// array (a whole `[[groepsleden]]` block, say), else the innermost
/// `key = value`, which with `rename` (a misspelt key) is kept under that
/// name instead when the table does not have it yet. Returns the name of
/// the key taken out, if any.
fn remove_at(
    table: &mut toml::de::DeTable<'_>,
    pos: usize,
    rename: Option<&str>,
) -> Option<String> {
    use toml::de::{DeArray, DeValue};
    let key = key_at(table, pos)?;
    let value = table.get_mut(key.as_str())?;
    match value.get_mut() {
        DeValue::Table(inner) => {
            if let Some(removed) = remove_at(inner, pos, rename) {
                return Some(removed);
            }
        }
        DeValue::Array(items) => {
            if let Some(i) = items.iter().position(|v| holds(v, pos)) {
                let mut kept = DeArray::new();
                for (j, v) in items.iter().enumerate() {
                    if j != i {
                        kept.push(v.clone());
                    }
                }
                *items = kept;
                return Some(format!("{key}[{i}]"));
            }
        }
        _ => {}
    }
    let (k, v) = table.remove_entry(key.as_str())?;
    if let Some(name) = rename.filter(|n| !table.contains_key(*n)) {
        let name = toml::Spanned::new(k.span(), std::borrow::Cow::Owned(name.to_string()));
        table.insert(name, v);
    }
    Some(key)
}

/// The byte offset just after the line of the `[verslag]` header, if any.
fn verslag_header_end(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("").trim();
        let inner = code.strip_prefix('[').and_then(|c| c.strip_suffix(']'));
        if inner.is_some_and(|name| name.trim() == "verslag") {
            return Some(offset + line.len());
        }
        offset += line.len();
    }
    None
}

/// Chapters written but not where they are read: a folder `Hoofdstukken`,
/// Markdown files with a chapter number next to verslag.toml, or a folder
/// whose name is a typo of `hoofdstukken` (`hoofdstuken`, `hoofdstukke`). Without this, the report
/// would say every chapter is still to be written.
fn chapters_elsewhere(files: &GroupFiles) -> Option<Problem> {
    let (top_files, top_dirs) = files.top_level();
    // `Hoofdstukken`: found on Windows and macOS, not on Linux or in a zip.
    if let Some(other) = top_dirs
        .iter()
        .find(|d| *d != "hoofdstukken" && d.to_lowercase() == "hoofdstukken")
    {
        return Some(
            Problem::new(
                Place::file(other),
                format!("de map heet `{other}`; wijkverslag zoekt de hoofdstukken in `hoofdstukken`, met kleine letters"),
            )
            .hint(format!("hernoem de map `{other}` naar `hoofdstukken` (Windows en macOS zien het verschil niet, de computer van de docent wel)")),
        );
    }
    let loose: Vec<&String> = top_files
        .iter()
        .filter(|n| {
            n.to_ascii_lowercase().ends_with(".md") && n.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    if !loose.is_empty() {
        let names = loose
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(
            Problem::new(
                Place::file("hoofdstukken/"),
                format!("de hoofdstukken staan niet in de map `hoofdstukken` maar naast verslag.toml: {names}"),
            )
            .hint("maak een map `hoofdstukken` naast verslag.toml en zet de hoofdstukken erin"),
        );
    }
    let typo = top_dirs.iter().find(|d| {
        let d = d.to_lowercase();
        d != "hoofdstukken" && strsim::levenshtein(&d, "hoofdstukken") <= 2
    })?;
    Some(
        Problem::new(
            Place::file(typo),
            format!("de map heet `{typo}`; wijkverslag zoekt de hoofdstukken in `hoofdstukken`"),
        )
        .hint(format!("hernoem de map `{typo}` naar `hoofdstukken`")),
    )
}

fn read_chapters(model: &mut Model, problems: &mut Vec<Problem>, warnings: &mut Vec<Problem>) {
    let max = model.chapter_count();
    let listed = model.files.list("hoofdstukken");
    if listed.is_empty()
        && let Some(problem) = chapters_elsewhere(&model.files)
    {
        problems.push(problem);
        return;
    }
    for path in listed {
        let name = path.rsplit('/').next().unwrap_or(&path);
        // `.MD` is Markdown too; other files with a chapter number are
        // probably the chapter saved from a word processor.
        if !name.to_ascii_lowercase().ends_with(".md") {
            if let Some((stem, _)) = name.rsplit_once('.')
                && !name.starts_with('.')
                && name.starts_with(|c: char| c.is_ascii_digit())
            {
                // `3-observatie.md.txt`: an editor added `.txt` to a Markdown name.
                let hint = if stem.to_ascii_lowercase().ends_with(".md") {
                    format!(
                        "de teksteditor zette er een extra extensie achter: hernoem het bestand naar `{stem}`"
                    )
                } else {
                    format!("zet de tekst in `hoofdstukken/{stem}.md` (platte tekst; kopjes met #)")
                };
                warnings.push(
                    Problem::new(Place::file(&path), "dit bestand wordt niet gelezen: alleen Markdown-bestanden (.md) zijn hoofdstukken")
                        .hint(hint),
                );
            }
            continue;
        }
        let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
        let num: u32 = match digits.parse() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                warnings.push(
                    Problem::new(Place::file(&path), "dit bestand hoort bij geen hoofdstuk en wordt niet gebruikt")
                        .hint(match model.sjabloon() {
                            Sjabloon::WijkgerichtWerken => format!("begin de naam met het nummer van de stap (1 t/m {max}), bijvoorbeeld `3-observatie.md`"),
                            Sjabloon::Wijkanalyse => format!("begin de naam met het nummer van het hoofdstuk (1 t/m {max}), bijvoorbeeld `3-problemen-en-kansen.md`"),
                        }),
                );
                continue;
            }
        };
        if let Some(existing) = model.chapters.get(&num) {
            problems.push(
                Problem::new(
                    Place::file(&path),
                    format!("hoofdstuk {num} heeft al een bestand: {}", existing.path),
                )
                .hint("zet de tekst van één hoofdstuk in één bestand"),
            );
            continue;
        }
        match model
            .files
            .read_named(&path, &Place::file(&path))
            .and_then(|b| utf8(&path, b, &Place::file(&path)))
        {
            Ok(text) => {
                let (text, noticed) = pasted::tidy(&path, &text);
                warnings.extend(noticed);
                model.chapters.insert(num, MarkdownFile { path, text });
            }
            Err(Error::Input(p)) => problems.extend(p),
            Err(e) => problems.push(Problem::new(Place::file(&path), e.to_string())),
        }
    }
}

/// Trims the spaces around names and studentnummers: a space pasted in
/// front of a number is invisible in the editor but prints the cover's
/// column out of line. A studentnummer of only spaces counts as absent.
fn trim_names(v: &mut Verslag) {
    for lid in &mut v.groepsleden {
        lid.naam = lid.naam.trim().to_string();
        lid.studentnummer = lid
            .studentnummer
            .take()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
    }
}

/// Checks that the input is consistent: ids exist, lengths match, files exist.
fn validate(
    v: &Verslag,
    spans: &Spans,
    forms: &Forms,
    files: &GroupFiles,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let mut require = |path: &str, value: &str, what: &str, example: &str| {
        if value.trim().is_empty() {
            problems.push(
                Problem::new(spans.place(path), format!("{what} is leeg")).hint(format!(
                    "vul `{}` in, bijvoorbeeld {example}",
                    path.rsplit('.').next().unwrap_or(path)
                )),
            );
        }
    };
    require(
        "verslag.titel",
        &v.verslag.titel,
        "de titel",
        "titel = \"Wijkanalyse Beijum\"",
    );
    require(
        "verslag.wijk",
        &v.verslag.wijk,
        "de wijk",
        "wijk = \"Beijum\"",
    );
    // Titles are printed as typed (cover, page headers, contents), so a
    // citation there would show as "[@cbs2017]" on every page.
    let titles = std::iter::once(("verslag.titel".to_string(), &v.verslag.titel)).chain(
        v.bijlagen
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("bijlagen[{i}].titel"), &b.titel)),
    );
    for (path, titel) in titles {
        if let Some(at) = titel.find("[@") {
            let cite = titel[at..].split_inclusive(']').next().unwrap_or("[@…]");
            warnings.push(
                Problem::new(
                    spans.place(&path),
                    format!("in een titel wordt {cite} niet omgezet in een bronvermelding: het verslag toont het letterlijk"),
                )
                .hint("haal de verwijzing uit de titel en verwijs in de tekst naar de bron"),
            );
        }
    }

    if let Some(ws) = &v.windshield {
        let known = forms.windshield_ids();
        for id in ws.antwoorden.keys() {
            if !known.contains(&id.as_str()) {
                problems.push(unknown_id(
                    spans,
                    &format!("windshield.antwoorden.{id}"),
                    id,
                    "item van de Windshield Survey",
                    &known,
                ));
            }
        }
    }
    let factors = forms.factor_ids();
    for id in v.checklist.keys() {
        if !factors.contains(&id.as_str()) {
            problems.push(unknown_id(
                spans,
                &format!("checklist.{id}"),
                id,
                "factor van de Checklist wijkdiagnose",
                &factors,
            ));
        }
    }

    let mut bron_ids = HashSet::new();
    for (i, b) in v.bronnen.iter().enumerate() {
        if let Some(jaar) = b.jaar {
            check_year(spans, &format!("bronnen[{i}].jaar"), jaar, 1500, problems);
        }
        if !bron_ids.insert(b.id.as_str()) {
            problems.push(
                Problem::new(
                    spans.place(&format!("bronnen[{i}].id")),
                    format!("de bron-id `{}` komt twee keer voor", b.id),
                )
                .hint("geef elke bron een eigen id"),
            );
        }
    }
    let ids: Vec<&str> = v.bronnen.iter().map(|b| b.id.as_str()).collect();
    let mut check_bron = |path: String, id: &str| {
        if !ids.contains(&id) {
            problems.push(unknown_bron(spans, &path, id, &ids));
        }
    };
    for (i, t) in v.tabellen.iter().enumerate() {
        if let Some(b) = &t.bron {
            check_bron(format!("tabellen[{i}].bron"), b);
        }
    }
    for (i, g) in v.grafieken.iter().enumerate() {
        if let Some(b) = &g.bron {
            check_bron(format!("grafieken[{i}].bron"), b);
        }
    }
    for (i, iv) in v.interventies.iter().enumerate() {
        for (j, b) in iv.bronnen.iter().enumerate() {
            check_bron(format!("interventies[{i}].bronnen[{j}]"), b);
        }
    }

    let sjabloon = v.verslag.sjabloon.unwrap_or(Sjabloon::WijkgerichtWerken);
    for (i, t) in v.tabellen.iter().enumerate() {
        check_chapter(
            sjabloon,
            t.hoofdstuk,
            spans.place(&format!("tabellen[{i}].hoofdstuk")),
            "de tabel",
            problems,
            warnings,
        );
        if t.kolommen.is_empty() {
            problems.push(
                Problem::new(
                    spans.place(&format!("tabellen[{i}].kolommen")),
                    "de tabel heeft geen kolommen",
                )
                .hint("geef kolommen = [\"Kop 1\", \"Kop 2\"]"),
            );
        }
        for (r, row) in t.rijen.iter().enumerate() {
            if row.len() != t.kolommen.len() {
                problems.push(
                    Problem::new(
                        spans.place(&format!("tabellen[{i}].rijen[{r}]")),
                        format!(
                            "rij {} heeft {} cellen, maar de tabel heeft {} kolommen",
                            r + 1,
                            row.len(),
                            t.kolommen.len()
                        ),
                    )
                    .hint(
                        "geef elke rij evenveel cellen als er kolommen zijn (een lege cel is \"\")",
                    ),
                );
            }
        }
    }
    for (i, g) in v.grafieken.iter().enumerate() {
        check_chapter(
            sjabloon,
            g.hoofdstuk,
            spans.place(&format!("grafieken[{i}].hoofdstuk")),
            "de grafiek",
            problems,
            warnings,
        );
        if g.labels.is_empty() {
            problems.push(
                Problem::new(
                    spans.place(&format!("grafieken[{i}].labels")),
                    "de grafiek heeft geen labels",
                )
                .hint(
                    "geef één label per waarde, bijvoorbeeld labels = [\"Beijum\", \"Groningen\"]",
                ),
            );
        }
        if g.reeksen.is_empty() {
            problems.push(
                Problem::new(
                    spans.place(&format!("grafieken[{i}].reeksen")),
                    "de grafiek heeft geen reeksen",
                )
                .hint("geef reeksen = [{ naam = \"Beijum\", waarden = [1, 2] }]"),
            );
        }
        for (r, reeks) in g.reeksen.iter().enumerate() {
            if reeks.waarden.len() != g.labels.len() {
                problems.push(
                    Problem::new(
                        spans.place(&format!("grafieken[{i}].reeksen[{r}].waarden")),
                        format!(
                            "de reeks \"{}\" heeft {} waarden, maar er zijn {} labels",
                            reeks.naam,
                            reeks.waarden.len(),
                            g.labels.len()
                        ),
                    )
                    .hint("geef één waarde per label"),
                );
            }
            // Typst's numbers stop near 1e18; no count in a wijk comes close.
            if reeks
                .waarden
                .iter()
                .any(|w| !w.is_finite() || w.abs() > 1e15)
            {
                problems.push(
                    Problem::new(
                        spans.place(&format!("grafieken[{i}].reeksen[{r}].waarden")),
                        "een waarde is geen gewoon getal (nan, inf of groter dan 10^15)",
                    )
                    .hint("schrijf gewone getallen, bijvoorbeeld waarden = [38, 27.5, 35]"),
                );
            } else if g.soort == GrafiekSoort::Taart && reeks.waarden.iter().any(|w| *w < 0.0) {
                problems.push(
                    Problem::new(
                        spans.place(&format!("grafieken[{i}].reeksen[{r}].waarden")),
                        "een taartgrafiek kan geen negatieve waarden tonen",
                    )
                    .hint("gebruik een staafgrafiek of alleen positieve getallen"),
                );
            } else if g.soort == GrafiekSoort::Taart
                && !g.labels.is_empty()
                && reeks.waarden.iter().all(|w| *w == 0.0)
            {
                // A pie of nothing would be an empty circle with a figure number.
                problems.push(
                    Problem::new(
                        spans.place(&format!("grafieken[{i}].reeksen[{r}].waarden")),
                        format!(
                            "de reeks \"{}\" heeft alleen nullen: een taartgrafiek kan dan niets verdelen",
                            reeks.naam
                        ),
                    )
                    .hint("vul de echte aantallen in, of haal de reeks weg"),
                );
            }
        }
    }
    if let (Some(d), Some(l)) = (&v.verslag.datum, &v.verslag.inleverdatum) {
        let _ = (d, l); // ordering is a `check` rule, not a load error
    }
    if let Some(cbs) = &v.verslag.cbs {
        if let Some(jaar) = cbs.jaar {
            check_year(spans, "verslag.cbs.jaar", jaar, 1990, problems);
        }
        let place = spans.place("verslag.cbs.bestand");
        match named_path(spans, "verslag.cbs.bestand", &cbs.bestand) {
            Ok(rel) if !files.exists(&rel) => problems.push(
                Problem::new(
                    place,
                    files.unusable(&rel).unwrap_or_else(|| {
                        format!("het CBS-bestand `{}` bestaat niet", cbs.bestand)
                    }),
                )
                .hint("zet het CSV-bestand in de groepsmap, bijvoorbeeld in data/"),
            ),
            Ok(_) => {}
            Err(msg) => problems.push(Problem::new(place, msg)),
        }
    }
}

/// The path of a file named in verslag.toml, within the group folder. A
/// Windows path between `"` (`"bijlagen\fotos.md"`) loses its backslashes
/// to TOML's escapes (`\f` is a page break), so it is refused as typed.
fn named_path(spans: &Spans, path: &str, value: &str) -> std::result::Result<String, String> {
    let escaped = |r: &&str| r.starts_with('"') && r.replace("\\\\", "").contains('\\');
    if let Some(raw) = spans.raw(path).filter(escaped) {
        let fixed = raw.replace("\\\\", "/").replace('\\', "/");
        return Err(format!(
            "in {raw} leest TOML een \\ met de letter erna als een speciaal teken, niet als map; schrijf / tussen mappen: {fixed}"
        ));
    }
    files::normalize("", value)
}

/// A year no source can have (`jaar = -5`, `jaar = 19`) is a typing slip:
/// printed as it is, it would end up in the literature list.
fn check_year(spans: &Spans, path: &str, jaar: i32, first: i32, problems: &mut Vec<Problem>) {
    if !(first..=2100).contains(&jaar) {
        problems.push(
            Problem::new(
                spans.place(path),
                format!("het jaar {jaar} kan niet kloppen"),
            )
            .hint("schrijf het jaar voluit in vier cijfers, bijvoorbeeld jaar = 2019"),
        );
    }
}

fn unknown_id(spans: &Spans, path: &str, id: &str, what: &str, known: &[&str]) -> Problem {
    let p = Problem::new(spans.key_place(path), format!("`{id}` is geen {what}"));
    match closest(id, known.iter().copied()) {
        Some(c) => p.hint(format!("bedoelde je `{c}`?")),
        None => p.hint(format!("gebruik een van: {}", known.join(", "))),
    }
}

fn unknown_bron(spans: &Spans, path: &str, id: &str, ids: &[&str]) -> Problem {
    let p = Problem::new(
        spans.place(path),
        format!("de bron `{id}` staat niet in [[bronnen]]"),
    );
    match closest(id, ids.iter().copied()) {
        Some(c) => p.hint(format!("bedoelde je `{c}`?")),
        None => p.hint("voeg de bron toe onder [[bronnen]] met id = \"…\""),
    }
}

/// Turns a TOML or serde error into a Dutch problem with line and column.
pub fn toml_problem(file: &str, text: &str, err: &toml::de::Error) -> Problem {
    let place = match err.span() {
        Some(r) => Place::from_offset(file, text, r.start),
        None => Place::file(file),
    };
    if let Some(p) = err.span().and_then(|span| {
        multiline::unclosed(file, text, span.start)
            .or_else(|| multiline::line_left_open(file, text, span.start))
    }) {
        return p;
    }
    let msg = err.message().trim();
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some((bad, known)) = unknown_field(msg) {
        let p = Problem::new(place, format!("onbekende sleutel `{bad}`"));
        return match closest(&bad, known.iter().map(String::as_str)) {
            Some(c) => p.hint(format!("bedoelde je `{c}`?")),
            None if known.is_empty() => p.hint("haal deze sleutel weg"),
            None => p.hint(format!("toegestaan zijn: {}", known.join(", "))),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        let (bad, known) = names
            .split_first()
            .map(|(b, k)| (b.clone(), k.to_vec()))
            .unwrap_or_default();
        let p = Problem::new(place, format!("\"{bad}\" is hier geen toegestane waarde"));
        let allowed = known
            .iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ");
        return match closest(&bad, known.iter().map(String::as_str)) {
            Some(c) => p.hint(format!("bedoelde je \"{c}\"? Toegestaan: {allowed}")),
            None => p.hint(format!("toegestaan: {allowed}")),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = quoted(rest).into_iter().next().unwrap_or_default();
        if name == "verslag" {
            return Problem::new(place, "de kop [verslag] ontbreekt").hint(
                "begin verslag.toml met [verslag] en zet daaronder ten minste titel = \"…\" en wijk = \"…\"",
            );
        }
        // The span is the header the key belongs under; "tabel" would be
        // TOML's word, not the student's.
        let header = err
            .span()
            .and_then(|span| text[span.start..].lines().next())
            .map(str::trim)
            .filter(|line| line.starts_with('['));
        let hint = match header {
            Some(header) => format!("zet onder {header} een regel `{name} = …`"),
            None => format!("voeg `{name} = …` toe"),
        };
        return Problem::new(place, format!("de sleutel `{name}` ontbreekt")).hint(hint);
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        // The only date type in verslag.toml is a plain date.
        let (found, expected) = (type_nl(found), type_nl(expected).replace(" met tijd", ""));
        let key = err
            .span()
            .and_then(|span| {
                text.lines()
                    .nth(crate::error::line_col(text, span.start).0 - 1)
            })
            .and_then(|line| line.split('=').next())
            .unwrap_or("")
            .trim();
        let hint = match (found.as_str(), expected.as_str()) {
            // APA writes "z.d." for a source without a year; so does the
            // literature list when `jaar` is left out.
            ("tekst", e) if key == "jaar" && e.contains("getal") => {
                "schrijf het jaar als getal zonder aanhalingstekens (jaar = 2019); heeft de bron geen jaar, laat `jaar` dan weg, dan staat er (z.d.)"
            }
            ("tabel", "lijst") => {
                "wat meer dan eens mag voorkomen, krijgt een kop met dubbele haken, zoals [[groepsleden]] of [[bronnen]]"
            }
            ("lijst", "tabel") => {
                "deze kop krijgt enkele haken, zoals [verslag], [windshield] of [checklist]"
            }
            ("tekst", "datum") => {
                "schrijf de datum zonder aanhalingstekens, bijvoorbeeld datum = 2019-12-20"
            }
            ("datum met tijd" | "tijd", "datum") => {
                "schrijf alleen de datum, zonder tijd en zonder aanhalingstekens, bijvoorbeeld 2019-12-20"
            }
            _ => {
                "tekst staat tussen aanhalingstekens, getallen niet, data als 2019-12-23, lijsten als [\"a\", \"b\"]"
            }
        };
        return Problem::new(
            place,
            format!("verkeerd soort waarde: {found} gevonden, {expected} verwacht"),
        )
        .hint(hint);
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let value = quoted(found)
            .into_iter()
            .next()
            .unwrap_or_else(|| found.to_string());
        let (message, hint) = if expected.trim().starts_with('u') && value.starts_with('-') {
            (
                format!("{value} kan hier niet: het getal mag niet negatief zijn"),
                "schrijf een getal vanaf 0",
            )
        } else {
            (
                format!("{value} kan hier niet: het getal is te groot"),
                "controleer het getal; een jaar schrijf je als 2019",
            )
        };
        return Problem::new(place, message).hint(hint);
    }
    if msg.contains("duplicate key") {
        // `[groepsleden]` twice: the student meant a list of tables.
        let line = err
            .span()
            .and_then(|span| {
                text.lines()
                    .nth(crate::error::line_col(text, span.start).0 - 1)
            })
            .unwrap_or("")
            .trim();
        if let Some(name) = line
            .strip_prefix('[')
            .filter(|rest| !rest.starts_with('['))
            .and_then(|rest| rest.split(']').next())
        {
            let name = name.trim();
            // FORMAT.md's tables that a report has once: doubling their
            // brackets would be a second error.
            const SINGLE: [&str; 5] = [
                "verslag",
                "windshield",
                "windshield.antwoorden",
                "checklist",
                "interview",
            ];
            let hint = if SINGLE.contains(&name) {
                format!(
                    "een verslag heeft één [{name}]: zet alles onder de eerste kop en haal de tweede kop weg"
                )
            } else {
                format!("voor meer dan één schrijf je elk blok met dubbele haken: [[{name}]]")
            };
            return Problem::new(place, format!("het blok [{name}] staat er twee keer")).hint(hint);
        }
        return Problem::new(place, "deze sleutel staat er twee keer")
            .hint("haal een van de twee weg");
    }
    // Word, Pages and phones turn "…" into “…”: TOML knows only straight quotes.
    let at = err.span().map_or(0, |span| span.start);
    if text[at.min(text.len())..]
        .chars()
        .take_while(|c| *c != '\n')
        .any(|c| matches!(c, '“' | '”' | '„' | '‘' | '’' | '‚'))
    {
        return Problem::new(place, "hier staan gekrulde aanhalingstekens (“…” of ‘…’); TOML kent alleen rechte")
            .hint("typ ze opnieuw als rechte aanhalingstekens, bijvoorbeeld wijk = \"Beijum\" (in Word en op de Mac: zet 'slimme aanhalingstekens' uit, of schrijf in VS Code)");
    }
    // `"Bewoonster "oma Jans" (74)"` or `'s avonds'`: a second quote ended
    // the text early.
    let at = at.min(text.len());
    let line = text[..at].rsplit('\n').next().unwrap_or("").to_string()
        + text[at..].split('\n').next().unwrap_or("");
    let value = line.split_once('=').map_or("", |(_, v)| v.trim_start());
    if msg.contains("unexpected key or value")
        && let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\''))
        && value
            .split(" #")
            .next()
            .unwrap_or("")
            .matches(quote)
            .count()
            > 2
    {
        let hint = if quote == '"' {
            "schrijf een \" binnen de tekst als \\\" (\"Bewoner \\\"oma Jans\\\"\"), of gebruik ' binnen de tekst"
        } else {
            "zet de tekst tussen \" \": daarbinnen mag een ' (\"'s avonds\")"
        };
        return Problem::new(
            place,
            format!("er staat een {quote} midden in de tekst: daar houdt de tekst voor TOML op"),
        )
        .hint(hint);
    }
    // 23-12-2019, as a date is written in Dutch.
    if msg.contains("invalid date")
        && let Some(iso) = dutch_date(value)
    {
        return Problem::new(
            place,
            format!(
                "{} is hier geen datum: TOML schrijft een datum als jaar-maand-dag",
                value.split_whitespace().next().unwrap_or(value)
            ),
        )
        .hint(format!("schrijf {iso}, zonder aanhalingstekens"));
    }
    if let Some((message, hint)) = syntax_nl(msg) {
        return Problem::new(place, message).hint(hint);
    }
    Problem::new(
        place,
        format!(
            "de TOML-opbouw klopt hier niet ({})",
            msg.replace('\n', "; ")
        ),
    )
    .hint("kijk naar aanhalingstekens, = tekens en [koppen]; vergelijk met samples/")
}

/// `23-12-2019` (or with `/` or `.`) as `2019-12-23`, when it is a day of
/// the calendar written day first.
fn dutch_date(value: &str) -> Option<String> {
    let word = value.split_whitespace().next()?;
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    let [d, m, y] = parts[..] else { return None };
    let (d, m, y): (u8, u8, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    (y >= 1000 && typst::foundations::Datetime::from_ymd(y, m, d).is_some())
        .then(|| format!("{y}-{m:02}-{d:02}"))
}

/// The TOML syntax mistakes students make most, in Dutch with the fix; the
/// parser's own (English) wording is kept only for the rare rest.
fn syntax_nl(msg: &str) -> Option<(&'static str, &'static str)> {
    const TABLE: &[(&str, &str, &str)] = &[
        (
            "invalid basic string",
            "de tekst heeft geen sluitend aanhalingsteken",
            "zet aan het eind van de tekst een \" op dezelfde regel; voor tekst over meer regels: \"\"\"…\"\"\"",
        ),
        (
            "invalid multi-line basic string",
            "de tekst over meer regels heeft geen sluitende \"\"\"",
            "sluit de tekst af met \"\"\"",
        ),
        (
            "invalid literal string",
            "de tekst heeft geen sluitend enkel aanhalingsteken",
            "zet aan het eind van de tekst een ' op dezelfde regel",
        ),
        (
            "key with no value",
            "na de sleutel ontbreken het = teken en de waarde",
            "schrijf sleutel = waarde, bijvoorbeeld titel = \"Wijkanalyse Beijum\"",
        ),
        (
            "string values must be quoted",
            "hier ontbreekt een waarde, of de tekst staat niet tussen aanhalingstekens",
            "schrijf tekst tussen aanhalingstekens, bijvoorbeeld wijk = \"Beijum\"",
        ),
        (
            "unclosed table",
            "de kop mist een sluitend ]",
            "schrijf een kop als [verslag] of [[groepsleden]]",
        ),
        (
            "unclosed array",
            "de lijst mist een sluitend ]",
            "schrijf een lijst als [\"a\", \"b\"]",
        ),
        (
            "invalid inline table",
            "de tabel tussen { } klopt niet",
            "schrijf alles tussen { } op één regel, met komma's tussen de waarden en zonder komma voor de }",
        ),
        (
            "unclosed inline table",
            "de tabel mist een sluitende }",
            "schrijf alles tussen { } op één regel en sluit af met }",
        ),
        (
            "invalid date",
            "deze datum bestaat niet",
            "schrijf een datum als jjjj-mm-dd zonder aanhalingstekens, bijvoorbeeld 2019-12-23",
        ),
        (
            "unexpected key or value",
            "na de waarde staat nog iets op dezelfde regel",
            "zet elke sleutel op een eigen regel; tekst hoort binnen de aanhalingstekens",
        ),
        (
            "unquoted keys cannot be empty",
            "voor het = teken ontbreekt de naam van de sleutel",
            "schrijf sleutel = waarde, bijvoorbeeld wijk = \"Beijum\"",
        ),
        (
            "unclosed array table",
            "de kop mist een sluitend ]]",
            "schrijf een kop met dubbele haken aan beide kanten, zoals [[groepsleden]]",
        ),
        (
            "missing comma between array elements",
            "tussen de waarden in de lijst ontbreekt een komma",
            "zet een komma tussen de waarden, zoals [\"a\", \"b\"]",
        ),
        (
            "invalid key-value pair",
            "dit is geen regel van een TOML-bestand",
            "schrijf koppen als [verslag] en regels als sleutel = waarde; vergelijk met samples/groep-beijum/verslag.toml",
        ),
        (
            "too few unicode value digits",
            "na een \\u in tekst horen vier cijfers (zoals in C:\\users?)",
            "schrijf \\\\ voor een backslash, of zet de tekst tussen enkele aanhalingstekens: 'C:\\users\\sw4a'",
        ),
        (
            "invalid unquoted key",
            "de naam van de sleutel bevat een teken dat niet mag",
            "gebruik in sleutels alleen letters, cijfers, - en _, zonder spaties",
        ),
        (
            "missing escaped value",
            "na een \\ in tekst hoort een speciaal teken",
            "schrijf \\\\ voor een backslash, of zet de tekst tussen enkele aanhalingstekens: 'C:\\map'",
        ),
    ];
    TABLE
        .iter()
        .find(|(english, _, _)| {
            msg.strip_prefix(english)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(','))
        })
        .map(|(_, message, hint)| (*message, *hint))
}

fn type_nl(s: &str) -> String {
    let s = s.trim();
    let t = if s.starts_with("string") || s == "a string" {
        "tekst"
    } else if s.starts_with("integer")
        || s.contains("u32")
        || s.contains("i32")
        || s.contains("i64")
        || s.contains("u64")
    {
        "geheel getal"
    } else if s.starts_with("floating") || s.contains("f64") {
        "getal"
    } else if s.starts_with("boolean") {
        "waar/onwaar"
    } else if s.contains("sequence") || s.contains("array") {
        "lijst"
    } else if s.contains("map") || s.contains("table") || s.starts_with("struct") {
        "tabel"
    } else if s.contains("date") && s.contains("time") {
        "datum met tijd"
    } else if s.contains("time") {
        "tijd"
    } else if s.contains("date") {
        "datum"
    } else {
        return s.to_string();
    };
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Problem {
        let e = toml::from_str::<Verslag>(text).unwrap_err();
        toml_problem(VERSLAG_TOML, text, &e)
    }

    #[test]
    fn common_toml_mistakes_are_explained_in_dutch() {
        let head = "[verslag]\ntitel = \"T\"\nwijk = \"B\"\n";
        let cases = [
            (
                "[[groepsleden]\nnaam = \"x\"\n",
                "4:15",
                "de kop mist een sluitend ]]",
            ),
            (
                "klas = [\"a\" \"b\"]\n",
                "4:",
                "tussen de waarden in de lijst ontbreekt een komma",
            ),
            (
                "klas = \"C:\\users\"\n",
                "4:",
                "na een \\u in tekst horen vier cijfers",
            ),
            (
                "[groepsleden]\nnaam = \"x\"\n",
                "4:1",
                "verkeerd soort waarde: tabel gevonden, lijst verwacht",
            ),
            (
                "datum = 2019-12-20T10:00:00\n",
                "4:9",
                "verkeerd soort waarde: datum met tijd gevonden, datum verwacht",
            ),
            (
                "datum = \"2019-12-20\"\n",
                "4:9",
                "verkeerd soort waarde: tekst gevonden, datum verwacht",
            ),
            (
                "[[groepsleden]]\nnaam = \"x\"\n[[tabellen]]\nhoofdstuk = -1\n",
                "7:13",
                "-1 kan hier niet: het getal mag niet negatief zijn",
            ),
        ];
        for (rest, at, message) in cases {
            let p = err(&format!("{head}{rest}"));
            assert!(
                p.place
                    .to_string()
                    .starts_with(&format!("verslag.toml:{at}")),
                "{rest}: {}",
                p.place
            );
            assert!(p.message.starts_with(message), "{rest}: {}", p.message);
            assert!(!p.message.contains("expected"), "{}", p.message);
        }
        let p = err("# nog leeg\n");
        assert_eq!(p.message, "de kop [verslag] ontbreekt");
        let p = err("{\"verslag\": 1}");
        assert_eq!(p.message, "dit is geen regel van een TOML-bestand");
    }

    #[test]
    fn names_and_studentnummers_lose_pasted_spaces() {
        let text = "[verslag]\ntitel = \"T\"\nwijk = \"B\"\n[[groepsleden]]\nnaam = \" Fatima el Amrani \"\nstudentnummer = \" 404533\"\n[[groepsleden]]\nnaam = \"Tom\"\nstudentnummer = \"  \"\n";
        let mut v = parse_with_defaults(text, None).unwrap();
        trim_names(&mut v);
        let leden: Vec<_> = v
            .groepsleden
            .iter()
            .map(|l| (l.naam.as_str(), l.studentnummer.as_deref()))
            .collect();
        assert_eq!(leden, [("Fatima el Amrani", Some("404533")), ("Tom", None)]);
    }

    #[test]
    fn a_missing_key_names_the_header_to_put_it_under() {
        let p = err(
            "[verslag]\ntitel = \"T\"\nwijk = \"B\"\n\n[[bronnen]]\nid = \"x\"\ntitel = \"Y\"\n",
        );
        assert_eq!(p.place.to_string(), "verslag.toml:5:1");
        assert_eq!(p.message, "de sleutel `auteur` ontbreekt");
        assert_eq!(
            p.hint.as_deref(),
            Some("zet onder [[bronnen]] een regel `auteur = …`")
        );
    }

    #[test]
    fn misspelt_key_suggests_the_right_one() {
        let p = err("[verslag]\ntitl = \"x\"\nwijk = \"B\"\n");
        assert_eq!(p.place.to_string(), "verslag.toml:2:1");
        assert_eq!(p.message, "onbekende sleutel `titl`");
        assert_eq!(p.hint.as_deref(), Some("bedoelde je `titel`?"));
    }

    fn all(text: &str) -> Vec<String> {
        match parse_with_defaults(text, None) {
            Err(Error::Input(problems)) => problems
                .iter()
                .map(|p| format!("{}: {}", p.place, p.message))
                .collect(),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn a_missing_key_does_not_hide_the_mistakes_after_it() {
        assert_eq!(
            all(
                "[verslag]\ntitel = \"x\"\n\n[windshield]\nweer = 5\n\n[[groepsleden]]\nnaam = 3\n"
            ),
            [
                "verslag.toml:1:1: de sleutel `wijk` ontbreekt",
                "verslag.toml:5:8: verkeerd soort waarde: geheel getal gevonden, tekst verwacht",
                "verslag.toml:8:8: verkeerd soort waarde: geheel getal gevonden, tekst verwacht",
            ]
        );
    }

    #[test]
    fn a_misspelt_key_is_not_also_missing() {
        assert_eq!(
            all("[verslag]\ntitl = 5\nwijk = \"B\"\nsjabloon = \"x\"\n"),
            [
                "verslag.toml:2:1: onbekende sleutel `titl`",
                // Read as `titel`, the value is checked too.
                "verslag.toml:2:8: verkeerd soort waarde: geheel getal gevonden, tekst verwacht",
                "verslag.toml:4:12: \"x\" is hier geen toegestane waarde",
            ]
        );
    }

    #[test]
    fn bad_enum_value_lists_allowed_values() {
        let p = err(
            "[verslag]\ntitel = \"x\"\nwijk = \"B\"\n[checklist]\nhuisvesting = { oordeel = \"matig\" }\n",
        );
        assert_eq!(p.place.line, Some(5));
        assert!(
            p.hint
                .unwrap()
                .contains("\"goed\", \"redelijk\", \"slecht\"")
        );
    }
}
