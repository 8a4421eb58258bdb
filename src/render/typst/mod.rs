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

use crate::error::{Error, Result};

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
    comemo::evict(10);
    result
}

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
        b"Typst-project gemaakt door wijkverslag build --emit-typst.\n\nOmzetten naar PDF:\n  typst compile --font-path MAP/lettertypen --ignore-system-fonts --root MAP MAP/main.typ\n\nDe opmaak staat in sjablonen/; de inhoud in verslag.json.\n",
    )?;
    Ok(())
}
