//! Loading, overriding and validating form definitions, with errors that
//! name file, line and column.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::DeTable;

use super::{ChecklistForm, Field, Forms, InterviewGuide, WindshieldForm, closest};
use crate::batch::discover::KLAS_TOML;

/// File names a `--formulieren` folder may hold, one per form.
pub const FORM_FILES: [&str; 3] = ["windshield.toml", "checklist.toml", "interview.toml"];

/// Largest number of ruled lines accepted per Windshield Survey item.
const MAX_REGELS: u32 = 60;

/// A class's own form definitions: the `[formulieren]` table of `klas.toml`.
///
/// Every part is optional; a missing part keeps the base definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Replaces the Windshield Survey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windshield: Option<WindshieldForm>,
    /// Replaces the Checklist wijkdiagnose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<ChecklistForm>,
    /// Replaces the interview guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<InterviewGuide>,
}

impl Overrides {
    /// Whether no form is replaced.
    pub fn is_empty(&self) -> bool {
        self.windshield.is_none() && self.checklist.is_none() && self.interview.is_none()
    }
}

/// An error while reading or checking form definitions.
#[derive(Debug, thiserror::Error)]
pub enum FormsError {
    /// A file or folder could not be read.
    #[error("kan `{}` niet lezen: {reason}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Dutch description of the cause.
        reason: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A definition is malformed TOML, has the wrong shape or breaks a rule.
    #[error("{}: {message}", place(file, *position))]
    Invalid {
        /// The file, as given by the caller.
        file: String,
        /// Line and column (1-based, columns in characters), when known.
        position: Option<(usize, usize)>,
        /// Dutch description of the problem.
        message: String,
    },
}

impl FormsError {
    /// Line and column (1-based) of the problem, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FormsError::Read { .. } => None,
            FormsError::Invalid { position, .. } => *position,
        }
    }

    /// The file the problem is in.
    pub fn file(&self) -> String {
        match self {
            FormsError::Read { path, .. } => path.display().to_string(),
            FormsError::Invalid { file, .. } => file.clone(),
        }
    }

    /// The problem as `build` and `check` report one: place and message.
    pub fn problem(&self) -> crate::error::Problem {
        use crate::error::{Place, Problem};
        let place = match self.position() {
            Some((line, col)) => Place::at(self.file(), line, col),
            None => Place::file(self.file()),
        };
        match self {
            FormsError::Invalid { message, .. } => Problem::new(place, message.clone()),
            FormsError::Read { reason, .. } => Problem::new(place, reason.clone()),
        }
    }

    fn read(path: &Path, source: io::Error) -> Self {
        let reason = match source.kind() {
            io::ErrorKind::NotFound => "bestand of map bestaat niet".to_string(),
            io::ErrorKind::PermissionDenied => "geen toegang".to_string(),
            io::ErrorKind::NotADirectory => "dit is geen map".to_string(),
            io::ErrorKind::InvalidData => "geen geldige UTF-8-tekst".to_string(),
            _ => source.to_string(),
        };
        FormsError::Read {
            path: path.to_path_buf(),
            reason,
            source,
        }
    }
}

fn place(file: &str, position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!("{file}:{line}:{column}"),
        None => file.to_string(),
    }
}

impl Forms {
    /// The forms a `--formulieren` path names: a class's `klas.toml` (its
    /// `[formulieren]`), a class folder holding one, or a folder of form
    /// files, each over the built-in defaults.
    pub fn from_path(path: &Path) -> Result<Forms, FormsError> {
        let klas = if path.is_dir() {
            path.join(KLAS_TOML)
        } else {
            path.to_path_buf()
        };
        let form_files = path.is_dir() && FORM_FILES.iter().any(|f| path.join(f).is_file());
        if !klas.is_file() || form_files {
            return Forms::from_dir(path);
        }
        let source = fs::read_to_string(&klas).map_err(|e| FormsError::read(&klas, e))?;
        let file = klas.display().to_string();
        let forms = Forms::builtin().with_klas_toml(&file, &source)?;
        // with_klas_toml parsed it; a klas.toml without [formulieren] would
        // silently print the defaults the teacher meant to replace.
        let has_forms =
            toml::from_str::<toml::Table>(&source).is_ok_and(|t| t.contains_key("formulieren"));
        if !has_forms {
            return Err(FormsError::Invalid {
                file,
                position: None,
                message: "er staan geen eigen formulieren in (geen [formulieren]); zonder \
                          --formulieren krijg je de standaardformulieren"
                    .to_string(),
            });
        }
        Ok(forms)
    }

    /// The built-in defaults with the forms found in `dir` (`windshield.toml`,
    /// `checklist.toml`, `interview.toml`; each optional) put in their place.
    pub fn from_dir(dir: &Path) -> Result<Forms, FormsError> {
        Forms::builtin().with_dir(dir)
    }

    /// `self` with the forms found in `dir` put in their place.
    ///
    /// Other files are ignored, except `.toml` files whose name looks like a
    /// misspelt form file. A folder without any form file is an error.
    pub fn with_dir(&self, dir: &Path) -> Result<Forms, FormsError> {
        let entries = fs::read_dir(dir).map_err(|e| FormsError::read(dir, e))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| FormsError::read(dir, e))?;
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.to_lowercase().ends_with(".toml") || !path.is_file() {
                continue;
            }
            if FORM_FILES.contains(&name) {
                found.push(name.to_string());
            } else if let Some(hint) = closest(name, FORM_FILES) {
                return Err(FormsError::Invalid {
                    file: path.display().to_string(),
                    position: None,
                    message: format!("onbekend formulierbestand `{name}`; bedoelde je `{hint}`?"),
                });
            }
        }
        if found.is_empty() {
            return Err(FormsError::Invalid {
                file: dir.display().to_string(),
                position: None,
                message: "de map bevat geen formulieren; verwacht `windshield.toml`, \
                          `checklist.toml` en/of `interview.toml`"
                    .to_string(),
            });
        }

        let mut forms = self.clone();
        for name in found {
            let path = dir.join(&name);
            let source = fs::read_to_string(&path).map_err(|e| FormsError::read(&path, e))?;
            let file = path.display().to_string();
            match name.as_str() {
                "windshield.toml" => forms.windshield = parse_form(&file, &source)?,
                "checklist.toml" => forms.checklist = parse_form(&file, &source)?,
                _ => forms.interview = parse_form(&file, &source)?,
            }
        }
        Ok(forms)
    }

    /// `self` with the forms of the `[formulieren]` table of a `klas.toml`
    /// put in their place. `source` is the whole `klas.toml`; its other keys
    /// are left to the caller and ignored here.
    pub fn with_klas_toml(&self, file_name: &str, source: &str) -> Result<Forms, FormsError> {
        #[derive(Deserialize)]
        struct KlasFile {
            #[serde(default)]
            formulieren: Overrides,
        }
        let doc = parse_document(file_name, source)?;
        let klas: KlasFile = deserialize(file_name, source, &doc)?;
        self.apply(&klas.formulieren, file_name, source, Some(&doc))
    }

    /// `self` with the given overrides put in their place, after checking
    /// them. Use this when the caller already deserialized `[formulieren]`
    /// of `klas.toml` into [`Overrides`]; `source` (the text of that file) is
    /// only used to find line and column of a problem.
    pub fn with_overrides(
        &self,
        overrides: &Overrides,
        file_name: &str,
        source: &str,
    ) -> Result<Forms, FormsError> {
        let doc = DeTable::parse(source).ok();
        self.apply(overrides, file_name, source, doc.as_ref())
    }

    fn apply(
        &self,
        overrides: &Overrides,
        file_name: &str,
        source: &str,
        doc: Option<&Spanned<DeTable<'_>>>,
    ) -> Result<Forms, FormsError> {
        let at = |part: &'static str, problem: Problem| {
            let mut path = vec![Seg::Key("formulieren"), Seg::Key(part)];
            path.extend(problem.path);
            located(file_name, source, doc, &path, problem.message)
        };
        let mut forms = self.clone();
        if let Some(form) = &overrides.windshield {
            form.validate().map_err(|p| at("windshield", p))?;
            forms.windshield = form.clone();
        }
        if let Some(form) = &overrides.checklist {
            form.validate().map_err(|p| at("checklist", p))?;
            forms.checklist = form.clone();
        }
        if let Some(form) = &overrides.interview {
            form.validate().map_err(|p| at("interview", p))?;
            forms.interview = form.clone();
        }
        Ok(forms)
    }
}

/// Parses a complete set of forms (the shape of `standaard.toml`).
pub(super) fn parse_forms(file: &str, source: &str) -> Result<Forms, FormsError> {
    let doc = parse_document(file, source)?;
    let forms: Forms = deserialize(file, source, &doc)?;
    let at = |part: &'static str, problem: Problem| {
        let mut path = vec![Seg::Key(part)];
        path.extend(problem.path);
        located(file, source, Some(&doc), &path, problem.message)
    };
    forms
        .windshield
        .validate()
        .map_err(|p| at("windshield", p))?;
    forms.checklist.validate().map_err(|p| at("checklist", p))?;
    forms.interview.validate().map_err(|p| at("interview", p))?;
    Ok(forms)
}

/// Parses and checks one form file of a `--formulieren` folder.
fn parse_form<T: DeserializeOwned + Validate>(file: &str, source: &str) -> Result<T, FormsError> {
    let doc = parse_document(file, source)?;
    let form: T = deserialize(file, source, &doc)?;
    form.validate()
        .map_err(|p| located(file, source, Some(&doc), &p.path, p.message))?;
    Ok(form)
}

fn parse_document<'s>(file: &str, source: &'s str) -> Result<Spanned<DeTable<'s>>, FormsError> {
    DeTable::parse(source).map_err(|e| toml_error(file, source, &e, true))
}

fn deserialize<T: DeserializeOwned>(
    file: &str,
    source: &str,
    doc: &Spanned<DeTable<'_>>,
) -> Result<T, FormsError> {
    T::deserialize(toml::de::Deserializer::from(doc.clone()))
        .map_err(|e| toml_error(file, source, &e, false))
}

fn toml_error(file: &str, source: &str, err: &toml::de::Error, syntax: bool) -> FormsError {
    let message = if syntax {
        format!("ongeldige TOML: {}", dutch_syntax_message(err.message()))
    } else {
        dutch_data_message(err.message())
    };
    FormsError::Invalid {
        file: file.to_string(),
        position: err.span().map(|span| line_col(source, span.start)),
        message,
    }
}

fn located(
    file: &str,
    source: &str,
    doc: Option<&Spanned<DeTable<'_>>>,
    path: &[Seg],
    message: String,
) -> FormsError {
    FormsError::Invalid {
        file: file.to_string(),
        position: doc.map(|doc| line_col(source, locate(doc, path).start)),
        message,
    }
}

/// Line and column (1-based; the column counts characters) of a byte offset.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// One step of a path into a TOML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The span of the value at `path`, or of the deepest part of it that exists.
fn locate(doc: &Spanned<DeTable<'_>>, path: &[Seg]) -> Range<usize> {
    let mut span = doc.span();
    let mut segs = path.iter();
    let Some(Seg::Key(first)) = segs.next() else {
        return span;
    };
    let Some(mut value) = doc.get_ref().get(*first) else {
        return span;
    };
    span = value.span();
    for seg in segs {
        let next = match seg {
            Seg::Key(key) => value.get_ref().get(*key),
            Seg::Index(index) => value.get_ref().get(*index),
        };
        match next {
            Some(v) => {
                value = v;
                span = v.span();
            }
            None => break,
        }
    }
    span
}

/// A broken rule, with the path (relative to the form) of the offending value.
#[derive(Debug)]
struct Problem {
    path: Vec<Seg>,
    message: String,
}

impl Problem {
    fn new(path: Vec<Seg>, message: String) -> Self {
        Problem { path, message }
    }
}

/// Rules every form definition must follow.
trait Validate {
    fn validate(&self) -> Result<(), Problem>;
}

/// Collects ids of one namespace and reports empty, malformed and duplicate ones.
struct Ids<'a> {
    form: &'static str,
    kind: &'static str,
    seen: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(form: &'static str, kind: &'static str) -> Self {
        Ids {
            form,
            kind,
            seen: HashMap::new(),
        }
    }

    /// Checks the id of the `number`-th (1-based) element; `path` points at the id.
    fn check(&mut self, id: &'a str, number: usize, path: Vec<Seg>) -> Result<(), Problem> {
        let (form, kind) = (self.form, self.kind);
        if id.trim().is_empty() {
            return Err(Problem::new(
                path,
                format!("{kind} {number} van {form} heeft een leeg id"),
            ));
        }
        if !is_kebab(id) {
            return Err(Problem::new(
                path,
                format!(
                    "ongeldig id `{id}` in {form}: gebruik alleen kleine letters, cijfers en \
                     koppeltekens, bijvoorbeeld `{}`",
                    suggest_id(id)
                ),
            ));
        }
        if let Some(first) = self.seen.insert(id, number) {
            self.seen.insert(id, first);
            return Err(Problem::new(
                path,
                format!(
                    "dubbel id `{id}` in {form}: {kind} {number} heeft hetzelfde id als \
                     {kind} {first}"
                ),
            ));
        }
        Ok(())
    }
}

/// Lowercase kebab-case: `a-z`/`0-9` words joined by single hyphens.
fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A kebab-case version of a malformed id, for the error message.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "huisvesting".to_string()
    } else {
        out.to_string()
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn check_title(form: &'static str, titel: &str) -> Result<(), Problem> {
    if blank(titel) {
        return Err(Problem::new(
            vec![Seg::Key("titel")],
            format!("de titel van {form} is leeg"),
        ));
    }
    Ok(())
}

fn check_fields(form: &'static str, fields: &[Field]) -> Result<(), Problem> {
    let mut ids = Ids::new(form, "kopveld");
    for (i, field) in fields.iter().enumerate() {
        let at = |key| vec![Seg::Key("kopvelden"), Seg::Index(i), Seg::Key(key)];
        ids.check(&field.id, i + 1, at("id"))?;
        if blank(&field.label) {
            return Err(Problem::new(
                at("label"),
                format!("kopveld `{}` van {form} heeft een leeg label", field.id),
            ));
        }
    }
    Ok(())
}

impl Validate for WindshieldForm {
    fn validate(&self) -> Result<(), Problem> {
        const FORM: &str = "de windshield survey";
        check_title(FORM, &self.titel)?;
        check_fields(FORM, &self.kopvelden)?;
        if self.items.is_empty() {
            return Err(Problem::new(
                vec![Seg::Key("items")],
                format!("{FORM} heeft geen items"),
            ));
        }
        let mut ids = Ids::new(FORM, "item");
        for (i, item) in self.items.iter().enumerate() {
            let at = |key| vec![Seg::Key("items"), Seg::Index(i), Seg::Key(key)];
            ids.check(&item.id, i + 1, at("id"))?;
            if blank(&item.titel) {
                return Err(Problem::new(
                    at("titel"),
                    format!("item `{}` van {FORM} heeft een lege titel", item.id),
                ));
            }
            if let Some(q) = item.vragen.iter().position(|v| blank(v)) {
                let mut path = at("vragen");
                path.push(Seg::Index(q));
                return Err(Problem::new(
                    path,
                    format!("vraag {} bij item `{}` van {FORM} is leeg", q + 1, item.id),
                ));
            }
            if item.regels > MAX_REGELS {
                return Err(Problem::new(
                    at("regels"),
                    format!(
                        "item `{}` van {FORM} vraagt {} regels; het maximum is {MAX_REGELS}",
                        item.id, item.regels
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Validate for ChecklistForm {
    fn validate(&self) -> Result<(), Problem> {
        const FORM: &str = "de checklist wijkdiagnose";
        check_title(FORM, &self.titel)?;
        if self.domeinen.is_empty() {
            return Err(Problem::new(
                vec![Seg::Key("domeinen")],
                format!("{FORM} heeft geen domeinen"),
            ));
        }
        let mut domains = Ids::new(FORM, "domein");
        // Factor ids are keys of one flat `[checklist]` table: unique over all domains.
        let mut factors = Ids::new(FORM, "factor");
        let mut number = 0;
        for (d, domain) in self.domeinen.iter().enumerate() {
            let at = |key| vec![Seg::Key("domeinen"), Seg::Index(d), Seg::Key(key)];
            domains.check(&domain.id, d + 1, at("id"))?;
            if blank(&domain.titel) {
                return Err(Problem::new(
                    at("titel"),
                    format!("domein `{}` van {FORM} heeft een lege titel", domain.id),
                ));
            }
            if domain.factoren.is_empty() {
                return Err(Problem::new(
                    at("factoren"),
                    format!("domein `{}` van {FORM} heeft geen factoren", domain.id),
                ));
            }
            for (f, factor) in domain.factoren.iter().enumerate() {
                number += 1;
                let mut path = at("factoren");
                path.push(Seg::Index(f));
                let with = |key| {
                    let mut p = path.clone();
                    p.push(Seg::Key(key));
                    p
                };
                factors.check(&factor.id, number, with("id"))?;
                if blank(&factor.titel) {
                    return Err(Problem::new(
                        with("titel"),
                        format!("factor `{}` van {FORM} heeft een lege titel", factor.id),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl Validate for InterviewGuide {
    fn validate(&self) -> Result<(), Problem> {
        const FORM: &str = "de interviewleidraad";
        check_title(FORM, &self.titel)?;
        check_fields(FORM, &self.kopvelden)?;
        if self.vragen.is_empty() {
            return Err(Problem::new(
                vec![Seg::Key("vragen")],
                format!("{FORM} heeft geen vragen"),
            ));
        }
        if let Some(q) = self.vragen.iter().position(|v| blank(v)) {
            return Err(Problem::new(
                vec![Seg::Key("vragen"), Seg::Index(q)],
                format!("vraag {} van {FORM} is leeg", q + 1),
            ));
        }
        Ok(())
    }
}

/// Dutch version of a TOML syntax error message (the detail stays as
/// reported when it is not one of the common cases).
fn dutch_syntax_message(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        ("duplicate key", "deze sleutel komt twee keer voor"),
        (
            "invalid basic string",
            "tekst niet goed tussen aanhalingstekens gezet",
        ),
        (
            "invalid multi-line basic string",
            "tekst over meerdere regels niet goed afgesloten met `\"\"\"`",
        ),
        (
            "missing assignment between key-value pairs",
            "`=` ontbreekt tussen sleutel en waarde",
        ),
        (
            "missing comma between array elements",
            "komma ontbreekt tussen de elementen van de lijst",
        ),
        (
            "missing comma between key-value pairs",
            "komma ontbreekt tussen de sleutels",
        ),
        ("missing value for key", "waarde ontbreekt"),
        ("missing value", "waarde ontbreekt"),
        ("key with no value", "sleutel zonder waarde"),
        (
            "string values must be quoted",
            "tekst moet tussen aanhalingstekens staan",
        ),
        ("unclosed array table", "tabelkop niet afgesloten met `]]`"),
        ("unclosed array", "lijst niet afgesloten met `]`"),
        ("unclosed inline table", "tabel niet afgesloten met `}`"),
        ("unclosed table", "tabelkop niet afgesloten met `]`"),
        ("invalid unquoted key", "ongeldige sleutel"),
        (
            "invalid key-value pair",
            "ongeldige regel; verwacht `sleutel = waarde`",
        ),
        ("invalid value", "ongeldige waarde"),
        ("unexpected content", "onverwachte tekst"),
        ("unexpected key or value", "onverwachte sleutel of waarde"),
        (
            "missing opening quote",
            "aanhalingsteken aan het begin ontbreekt",
        ),
        ("extra comma in array", "komma te veel in de lijst"),
        ("extra comma in inline table", "komma te veel in de tabel"),
    ];
    let (description, expected) = match message.split_once(", expected ") {
        Some((d, e)) => (d, Some(e)),
        None => (message, None),
    };
    // A translated description already says what is missing; an untranslated
    // one keeps what the parser expected.
    match (KNOWN.iter().find(|(en, _)| *en == description), expected) {
        (Some((_, nl)), _) => nl.to_string(),
        (None, Some(e)) => format!("{description}, verwacht {}", e.replace(" or ", " of ")),
        (None, None) => description.to_string(),
    }
}

/// Dutch version of a serde error message about the shape of a definition.
fn dutch_data_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        return match closest(field, allowed.iter().copied()) {
            Some(hint) => format!("onbekende sleutel `{field}`; bedoelde je `{hint}`?"),
            None if allowed.is_empty() => format!("onbekende sleutel `{field}`"),
            None => format!(
                "onbekende sleutel `{field}`; toegestaan: {}",
                allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return format!("verplichte sleutel `{field}` ontbreekt");
    }
    for (en, nl) in [
        ("invalid type: ", "verkeerd type"),
        ("invalid value: ", "ongeldige waarde"),
    ] {
        if let Some(rest) = message.strip_prefix(en) {
            let (found, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return format!(
                "{nl}: {}, verwacht {}",
                dutch_kind(found),
                dutch_kind(wanted)
            );
        }
    }
    message.to_string()
}

/// Dutch names for the value kinds serde mentions.
fn dutch_kind(kind: &str) -> String {
    let kind = kind.trim();
    if let Some(value) = kind.strip_prefix("string ") {
        return format!("tekst {value}");
    }
    if let Some(value) = kind.strip_prefix("integer ") {
        return format!("getal {value}");
    }
    if let Some(value) = kind.strip_prefix("floating point ") {
        return format!("kommagetal {value}");
    }
    if let Some(value) = kind.strip_prefix("boolean ") {
        return format!("waar/onwaar {value}");
    }
    if kind.starts_with("struct ") {
        return "een tabel".to_string();
    }
    match kind {
        "a string" | "string" => "tekst",
        "a sequence" | "sequence" => "een lijst",
        "map" | "a map" => "een tabel",
        "u32" | "u64" | "usize" | "u8" | "u16" => "een geheel getal vanaf 0",
        "i32" | "i64" | "integer" => "een geheel getal",
        "a boolean" | "boolean" => "true of false",
        other => other,
    }
    .to_string()
}
