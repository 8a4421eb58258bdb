//! Batch: a whole class in one run, for grading.
//!
//! [`discover`] finds the groups of a class folder and its `klas.toml`;
//! [`run`] builds them in parallel on a rayon pool, each group isolated
//! (its error or panic becomes its row); [`overview`] writes `overzicht.csv`
//! and `overzicht.pdf`; [`archive`] zips everything reproducibly.

pub mod archive;
pub mod cli;
pub mod copies;
pub mod discover;
pub mod lenient;
pub mod output;
pub mod overview;
pub mod run;
pub mod wijken;

use std::path::{Path, PathBuf};

pub use discover::{GroupInput, Klas};
pub use run::{GroupSummary, Status};

use crate::error::Result;

/// Test hook: when this environment variable names a group, that group's
/// build panics right before rendering, so tests can prove that a panic is
/// caught and reported as that group's row. Not meant for users.
pub const TEST_PANIC_ENV: &str = "WIJKVERSLAG_TEST_PANIC";

/// What `wijkverslag batch` should do.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The class folder (groups, `klas.toml`).
    pub klas: PathBuf,
    /// The output folder.
    pub uit: PathBuf,
    /// Also write DOCX per group.
    pub docx: bool,
    /// Also write one archive with all outputs.
    pub zip: bool,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
}

/// What a batch produced.
#[derive(Debug)]
pub struct BatchReport {
    /// One summary per group, sorted by group name.
    pub groups: Vec<GroupSummary>,
    /// Files written in the output folder (names relative to it), sorted.
    pub files: Vec<String>,
    /// The archive, when `--zip` was given.
    pub archive: Option<PathBuf>,
    /// Reports in the output folder that this run did not write, with why.
    /// Not removed (the folder may hold the teacher's own files), but named.
    pub stale: Vec<Stale>,
    /// Half-written files of an earlier run that was broken off, removed.
    pub opgeruimd: Vec<String>,
}

/// A `.pdf` or `.docx` in the output folder that this run did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The file name.
    pub file: String,
    /// Why it is there.
    pub why: StaleWhy,
}

/// Why a report in the output folder is not of this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StaleWhy {
    /// The DOCX of a group built now, by an earlier run with `--docx`; this
    /// run made no DOCX.
    NoDocxThisTime,
    /// Of a group that failed now (and whose old file could not be removed).
    GroupFailed,
    /// No group of the class has this name now.
    NoGroup,
}

impl BatchReport {
    /// Number of groups whose report was built.
    pub fn succeeded(&self) -> usize {
        self.groups
            .iter()
            .filter(|g| g.status == Status::Gelukt)
            .count()
    }

    /// Number of groups whose report could not be built.
    pub fn failed(&self) -> usize {
        self.groups.len() - self.succeeded()
    }
}

/// Builds a class: discovers groups, renders them, writes the overviews and
/// (optionally) the archive. Errors only for problems with the class as a
/// whole (no groups, a broken `klas.toml`, an unwritable output folder);
/// a group's own failure is a row in the report.
pub fn batch(options: &BatchOptions, progress: &dyn run::Progress) -> Result<BatchReport> {
    let klas = discover::discover(&options.klas, &options.uit)?;
    crate::cli::create_dir(&options.uit)?;
    let lock = output::lock(&options.uit)?;
    let opgeruimd = lock.remove_leftovers(&options.uit);
    let mut groups = run::run(&klas, options, progress)?;
    overview::flag_duplicates(&mut groups, &klas.wijken);
    overview::flag_shared_members(&mut groups);
    overview::flag_copies(&mut groups);
    let mut files: Vec<String> = groups
        .iter()
        .flat_map(|g| g.bestanden.iter().cloned())
        .collect();
    overview::write_csv(&options.uit.join(overview::CSV_NAME), &groups)?;
    files.push(overview::CSV_NAME.to_string());
    overview::write_pdf(&options.uit.join(overview::PDF_NAME), &klas, &groups)?;
    files.push(overview::PDF_NAME.to_string());
    files.sort();
    let archive = if options.zip {
        let path = options.uit.join(archive_name(&klas));
        archive::write_zip(&path, &options.uit, &files)?;
        Some(path)
    } else {
        None
    };
    let stale = stale_reports(&options.uit, &files, &groups, options.docx);
    drop(lock);
    Ok(BatchReport {
        groups,
        files,
        archive,
        stale,
        opgeruimd,
    })
}

/// The `.pdf` and `.docx` files in `uit` that are not among `written`,
/// sorted, each with why it is there.
fn stale_reports(
    uit: &Path,
    written: &[String],
    groups: &[GroupSummary],
    docx: bool,
) -> Vec<Stale> {
    let Ok(entries) = std::fs::read_dir(uit) else {
        return Vec::new();
    };
    let mut stale: Vec<Stale> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !written.contains(n))
        .filter_map(|file| {
            let lower = file.to_lowercase();
            let (stem, is_docx) = if lower.ends_with(".docx") {
                (&file[..file.len() - 5], true)
            } else if lower.ends_with(".pdf") {
                (&file[..file.len() - 4], false)
            } else {
                return None;
            };
            let why = match groups.iter().find(|g| g.naam == stem) {
                Some(g) if g.status == Status::Mislukt => StaleWhy::GroupFailed,
                Some(_) if is_docx && !docx => StaleWhy::NoDocxThisTime,
                _ => StaleWhy::NoGroup,
            };
            Some(Stale { file, why })
        })
        .collect();
    stale.sort_by(|a, b| a.file.cmp(&b.file));
    stale
}

/// `<klasmap>.zip`, e.g. `klas-sw4a.zip`.
pub fn archive_name(klas: &Klas) -> String {
    format!("{}.zip", safe_name(&klas.folder_name))
}

/// A file name made of the given name: path separators and control
/// characters replaced, never empty.
pub fn safe_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c == ':' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if s.is_empty() { "klas".into() } else { s }
}

/// Whether `a` and `b` name the same existing file or folder.
pub(crate) fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
