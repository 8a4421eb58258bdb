//! The Typst backend: the Document as JSON, offered to the embedded
//! templates as a virtual file; the templates build the pages from it.

pub mod base;
pub mod photos;
pub mod world;

use std::path::Path;
use std::sync::Arc;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use base::Base;
pub use photos::image_files;
use world::ReportWorld;

use crate::error::{Error, Place, Problem, Result};

/// The main file of a report.
pub const REPORT_MAIN: &str =
    "#import \"/sjablonen/verslag.typ\": verslag\n#verslag(json(\"/verslag.json\"))\n";
/// The main file of the blank forms.
pub const FORMS_MAIN: &str =
    "#import \"/sjablonen/formulieren.typ\": blanco\n#blanco(json(\"/verslag.json\"))\n";

/// How to write the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    /// PDF/A-2b.
    pub pdfa: bool,
    /// A stable identifier for the document (hashed by typst-pdf).
    pub ident: String,
    /// Creation date (y, m, d), from the report or `SOURCE_DATE_EPOCH`.
    pub ymd: (i32, u8, u8),
}

/// A rendered document: its pages and PDF bytes.
pub struct Rendered {
    /// PDF bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// Compiles `main` with `data` and `files` and exports a PDF.
///
/// Typst's caches are evicted afterwards, also on failure, so memory stays
/// flat over many renders in one process.
pub fn render(
    base: Arc<Base>,
    main: &str,
    data: Vec<u8>,
    files: Vec<(String, Bytes)>,
    settings: &PdfSettings,
) -> Result<Rendered> {
    let result = render_inner(base, main, data, files, settings);
    comemo::evict(CACHE_RENDERS);
    result
}

/// How many renders an unused Typst cache entry survives. Three keeps what
/// the previous render used (a `watch` rebuild reuses it, and in `batch` a
/// group rendering on the other thread keeps its own), and drops a finished
/// group's pages soon: with ten, a class's peak memory grew with its size
/// (bench/batch.sh: 352 MB at 8 groups, 446 MB at 32; with three 325 and
/// 329 MB).
pub(crate) const CACHE_RENDERS: usize = 3;

fn render_inner(
    base: Arc<Base>,
    main: &str,
    data: Vec<u8>,
    files: Vec<(String, Bytes)>,
    settings: &PdfSettings,
) -> Result<Rendered> {
    let world = ReportWorld::new(base, main, data, files, settings.ymd);
    let Warned {
        output,
        warnings: _,
    } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|diags| internal(&world, &diags))?;
    let standards = if settings.pdfa {
        PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| Error::Internal(format!("PDF/A: {e:?}")))?
    } else {
        PdfStandards::default()
    };
    let (y, m, d) = settings.ymd;
    let timestamp = Datetime::from_ymd_hms(y, m, d, 12, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some("wijkverslag".into())),
        timestamp,
        standards,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|diags| internal(&world, &diags))?;
    Ok(Rendered {
        pdf,
        pages: document.pages().len(),
    })
}

fn internal(world: &ReportWorld, diags: &[SourceDiagnostic]) -> Error {
    use typst::WorldExt;
    let msgs: Vec<String> = diags
        .iter()
        .map(|d| {
            let place = d
                .span
                .id()
                .and_then(|id| {
                    let range = world.range(d.span)?;
                    let src = typst::World::source(world, id).ok()?;
                    let line = src.lines().byte_to_line(range.start)? + 1;
                    Some(format!("{:?}:{line}: ", id.vpath()))
                })
                .unwrap_or_default();
            format!("{place}{}", d.message)
        })
        .collect();
    Error::Internal(msgs.join("; "))
}

/// Writes a self-contained Typst project that `typst compile` renders to the same pages.
pub fn emit_project(dir: &Path, main: &str, data: &[u8], files: &[(String, Bytes)]) -> Result<()> {
    let shown = dir.display().to_string();
    let earlier = dir.exists();
    if earlier && !is_emitted_project(dir) {
        // Never write 23 MB of fonts and templates among a group's files.
        return Err(Error::input(
            Problem::new(
                Place::file(&shown),
                "deze map bestaat al en is geen eerder Typst-project van wijkverslag",
            )
            .hint("kies een nieuwe of lege map, bijvoorbeeld --emit-typst typst-project"),
        ));
    }
    // Written beside the target and renamed at the end, so a full disk or
    // an error leaves no half project behind.
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "typst-project".into());
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = parent.join(format!(".{name}.wijkverslag-{}", std::process::id()));
    let result = write_project(&staging, main, data, files).and_then(|()| {
        if earlier {
            let old = parent.join(format!(".{name}.oud-{}", std::process::id()));
            std::fs::rename(dir, &old).map_err(|e| Error::io(&shown, &e))?;
            std::fs::rename(&staging, dir).map_err(|e| Error::io(&shown, &e))?;
            let _ = std::fs::remove_dir_all(&old);
            Ok(())
        } else {
            std::fs::rename(&staging, dir).map_err(|e| Error::io(&shown, &e))
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// The first line of the `LEESMIJ.txt` of an emitted project.
const EMITTED_MARK: &str = "Typst-project gemaakt door wijkverslag build --emit-typst.";

/// Whether `dir` is empty or holds a project emitted before: those may be
/// replaced.
fn is_emitted_project(dir: &Path) -> bool {
    let empty = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none());
    empty
        || std::fs::read_to_string(dir.join("LEESMIJ.txt"))
            .is_ok_and(|t| t.starts_with(EMITTED_MARK))
}

fn write_project(dir: &Path, main: &str, data: &[u8], files: &[(String, Bytes)]) -> Result<()> {
    let write = |rel: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(rel.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent.display(), &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(path.display(), &e))
    };
    write(world::MAIN, main.as_bytes())?;
    write(world::DATA, data)?;
    for (path, text) in base::TEMPLATES {
        write(path, text.as_bytes())?;
    }
    for (path, bytes) in files {
        write(path, bytes.as_slice())?;
    }
    for (name, bytes) in base::embedded_font_files() {
        write(&format!("lettertypen/{name}"), bytes)?;
    }
    write(
        "LEESMIJ.txt",
        format!("{EMITTED_MARK}\n\nOmzetten naar PDF:\n  typst compile --font-path MAP/lettertypen --ignore-system-fonts --root MAP MAP/main.typ\n\nDe opmaak staat in sjablonen/; de inhoud in verslag.json.\n").as_bytes(),
    )?;
    Ok(())
}
