//! One group from folder to PDF: load → lower → prepare images → render.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::lower::ImageUse;
use crate::document::{Block, Document, Lowered, lower};
use crate::error::{Error, Place, Problem, Result};
use crate::images::{self, Limits, Prepared};
use crate::layout::FULL_WIDTH_PX;
use crate::model::{self, Defaults, GroupFiles, Model};
use crate::render::typst::{self as typst_render, Base, PdfSettings, REPORT_MAIN};

/// What `build` should do besides the PDF.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Write PDF/A-2b.
    pub pdfa: bool,
    /// Also write a standalone Typst project here.
    pub emit_typst: Option<PathBuf>,
    /// Class defaults (klas.toml, forms).
    pub defaults: Defaults,
    /// Skip the PDF (`build -o UIT.docx`): `Built.pdf` stays empty.
    pub skip_pdf: bool,
}

/// A built report.
pub struct Built {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Page count.
    pub pages: usize,
    /// The document IR (for DOCX and the batch overview).
    pub document: Document,
    /// Prepared images by virtual path.
    pub images: Vec<(String, Prepared)>,
    /// Warnings to show.
    pub warnings: Vec<Problem>,
    /// The loaded model (for `check` and the overview).
    pub model: Model,
    /// Numbered figures of every kind (for the overview).
    pub figures: u32,
}

/// Loads, lowers and renders one group.
pub fn build(path: &Path, base: Arc<Base>, options: &BuildOptions) -> Result<Built> {
    let model = load_group(path, &options.defaults)?;
    build_model(model, base, options)
}

/// Loads one group with its class's defaults and forms: those given, else
/// the `klas.toml` beside the group, so `build`, `check` and `watch` judge a
/// group exactly as `batch` does.
pub fn load_group(path: &Path, given: &Defaults) -> Result<Model> {
    let files = GroupFiles::open(path)?;
    let defaults = class_defaults(path, given)?;
    model::load_with(files, &defaults)
}

/// The class defaults for a group: those given by the caller, else the
/// `klas.toml` in the folder that holds the group folder (or zip), so a
/// group built on its own uses the class's forms and defaults as in `batch`.
fn class_defaults(path: &Path, given: &Defaults) -> Result<Defaults> {
    if given.verslag.is_some() || given.forms.is_some() {
        return Ok(given.clone());
    }
    let parent = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    match parent {
        Some(dir) if dir.join(crate::batch::discover::KLAS_TOML).is_file() => {
            Ok(crate::batch::discover::read_klas_toml(&dir)?.0)
        }
        _ => Ok(given.clone()),
    }
}

/// What `build` would refuse that the rules of `check` do not look at: the
/// problems of lowering the text and of preparing its images (a cut-off
/// JPEG, a broken SVG). Prepared images go to the cache and the photo
/// store, so a `build` after `check` does not prepare them again.
pub fn preflight(model: &Model, base: &Base) -> Result<Vec<Problem>> {
    let mut problems = match coverage(model, base) {
        Ok(()) => Vec::new(),
        Err(Error::Input(problems)) => problems,
        Err(e) => return Err(e),
    };
    let found = lower(model).and_then(
        |Lowered {
             document, images, ..
         }| { prepare_images(model, &document, &images) },
    );
    match found {
        Ok(_) => {}
        Err(Error::Input(more)) => problems.extend(more),
        Err(e) => return Err(e),
    }
    Ok(problems)
}

/// Lowers and renders a loaded model.
pub fn build_model(model: Model, base: Arc<Base>, options: &BuildOptions) -> Result<Built> {
    let ready = prepare_model(model, &base)?;
    render_ready(ready, base, options)
}

/// A model lowered, with its images prepared: all of a build but Typst.
pub struct Ready {
    model: Model,
    document: Document,
    uses: Vec<ImageUse>,
    images: Vec<(String, Prepared)>,
    warnings: Vec<Problem>,
    figures: u32,
}

/// The first half of [`build_model`]: lowers the model and prepares its
/// images. `batch` runs it ahead for other groups while the first group's
/// render fills Typst's caches (see `batch::run`).
pub fn prepare_model(model: Model, base: &Base) -> Result<Ready> {
    coverage(&model, base)?;
    let Lowered {
        mut document,
        images: uses,
        warnings,
        figures,
    } = lower(&model)?;
    let images = prepare_images(&model, &document, &uses)?;
    fill_sizes(&mut document, &images);
    Ok(Ready {
        model,
        document,
        uses,
        images,
        warnings,
        figures,
    })
}

/// The second half of [`build_model`]: renders a prepared model.
pub fn render_ready(ready: Ready, base: Arc<Base>, options: &BuildOptions) -> Result<Built> {
    let Ready {
        model,
        document,
        uses,
        images,
        mut warnings,
        figures,
    } = ready;
    let data = serde_json::to_vec(&document).map_err(|e| Error::Internal(e.to_string()))?;
    let files = typst_render::image_files(&images);
    if let Some(dir) = &options.emit_typst {
        typst_render::emit_project(dir, REPORT_MAIN, &data, &files)?;
    }
    let settings = PdfSettings {
        pdfa: options.pdfa,
        ident: ident(&document),
        ymd: pdf_date(&document),
    };
    let rendered = if options.skip_pdf {
        typst_render::Rendered {
            pdf: Vec::new(),
            pages: 0,
        }
    } else {
        typst_render::render(base, REPORT_MAIN, data, files, &settings)?
    };
    warnings.extend(size_budget(rendered.pdf.len() as u64, &uses, &images));
    Ok(Built {
        pdf: rendered.pdf,
        pages: rendered.pages,
        document,
        images,
        warnings,
        model,
        figures,
    })
}

/// Largest PDF that still goes by e-mail: the assignment is handed in that way.
pub const MAIL_BUDGET_BYTES: u64 = 10_000_000;

/// A warning when the PDF is too large to e-mail, naming the heaviest images
/// (as prepared, so the figure that counts) with the file and line that use them.
fn size_budget(
    pdf_len: u64,
    uses: &[crate::document::lower::ImageUse],
    images: &[(String, Prepared)],
) -> Option<Problem> {
    if pdf_len <= MAIL_BUDGET_BYTES {
        return None;
    }
    let photos: u64 = images.iter().map(|(_, p)| p.bytes.len() as u64).sum();
    if photos * 2 < pdf_len {
        // The weight is not in the photos: naming them would send the
        // student to shrink the wrong thing.
        return Some(
            Problem::new(
                Place::file("verslag.toml"),
                format!(
                    "de PDF is {} en daarmee te groot om te mailen (meer dan {}); de foto's wegen samen maar {}, dus het gewicht zit in de tekst",
                    crate::cli::human_size(pdf_len),
                    crate::cli::human_size(MAIL_BUDGET_BYTES),
                    crate::cli::human_size(photos)
                ),
            )
            .hint("kijk of er een heel lange tabel of bijlage in staat (bijvoorbeeld alle ruwe gegevens) en zet daarvan alleen de kern in het verslag"),
        );
    }
    let mut heavy: Vec<(&crate::document::lower::ImageUse, u64)> = uses
        .iter()
        .filter_map(|u| {
            let (_, p) = images.iter().find(|(src, _)| *src == u.src)?;
            Some((u, p.bytes.len() as u64))
        })
        .collect();
    heavy.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.rel.cmp(&b.0.rel)));
    let names: Vec<String> = heavy
        .iter()
        .take(3)
        .map(|(u, len)| {
            format!(
                "`{}` ({}, {})",
                u.rel,
                crate::cli::human_size(*len),
                u.place
            )
        })
        .collect();
    let mut message = format!(
        "de PDF is {} en daarmee te groot om te mailen (meer dan {})",
        crate::cli::human_size(pdf_len),
        crate::cli::human_size(MAIL_BUDGET_BYTES)
    );
    if !names.is_empty() {
        message.push_str(&format!("; het zwaarst wegen {}", names.join(", ")));
    }
    let place = heavy
        .first()
        .map_or_else(|| Place::file("verslag.toml"), |(u, _)| u.place.clone());
    Some(Problem::new(place, message).hint(
        "gebruik minder foto's, zet grote foto's kleiner in het verslag (![…](foto.jpg \"50%\")) of snijd ze bij",
    ))
}

/// The PDF date: `SOURCE_DATE_EPOCH` when set, else the report's date.
fn pdf_date(doc: &Document) -> (i32, u8, u8) {
    match crate::source_date_epoch() {
        Some(s) => crate::civil_from_days(s.div_euclid(86_400)),
        None => doc.meta.ymd,
    }
}

/// A stable document identifier: the same report keeps the same id.
fn ident(doc: &Document) -> String {
    let names: Vec<&str> = doc
        .meta
        .groepsleden
        .iter()
        .map(|g| g.naam.as_str())
        .collect();
    format!(
        "wijkverslag/{}/{}/{}",
        doc.meta.titel,
        doc.meta.wijk,
        names.join(",")
    )
}

/// Prepares every image the report uses, in parallel, naming the Markdown
/// file and line that uses an image that fails.
fn prepare_images(
    model: &Model,
    doc: &Document,
    uses: &[crate::document::lower::ImageUse],
) -> Result<Vec<(String, Prepared)>> {
    let widths = figure_widths(doc);
    let limits = Limits::default();
    let results: Vec<std::result::Result<(String, Prepared), Problem>> = uses
        .par_iter()
        .map(|u| {
            let bytes = model
                .files
                .read_named(&u.rel, &u.place)
                .map_err(|e| match e {
                    Error::Input(mut p) => p.remove(0),
                    other => Problem::new(u.place.clone(), other.to_string()),
                })?;
            let width = widths.get(&u.src).copied().unwrap_or(1.0);
            let target = ((FULL_WIDTH_PX as f64) * width).ceil().max(64.0) as u32;
            images::Cache::global()
                .prepare(&bytes, target, &limits)
                .map(|p| (u.src.clone(), p))
                .map_err(|e| {
                    let hint = if u.rel.to_lowercase().ends_with(".svg") {
                        "exporteer de tekening opnieuw als SVG of PNG, of haal hem uit het verslag"
                    } else {
                        "sla de foto opnieuw op als JPEG of PNG, of haal hem uit het verslag"
                    };
                    Problem::new(u.place.clone(), format!("afbeelding `{}`: {e}", u.rel)).hint(hint)
                })
        })
        .collect();
    let mut ok = Vec::new();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(p) => ok.push(p),
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(ok)
    } else {
        Err(Error::Input(problems))
    }
}

fn figure_widths(doc: &Document) -> std::collections::HashMap<String, f64> {
    let mut out = std::collections::HashMap::new();
    doc.walk_blocks(&mut |b| {
        if let Block::Figure { src, width, .. } = b {
            let e = out.entry(src.clone()).or_insert(0.0f64);
            *e = e.max(*width);
        }
    });
    out
}

fn fill_sizes(doc: &mut Document, images: &[(String, Prepared)]) {
    doc.walk_blocks_mut(&mut |b| {
        if let Block::Figure { src, px, .. } = b
            && let Some((_, p)) = images.iter().find(|(s, _)| s == src)
        {
            *px = (p.width, p.height);
        }
    });
}

/// Characters that need no glyph: spacing, joiners, selectors, direction marks.
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0000..=0xE007F)
}

/// Reports every character no embedded font can show, once per character
/// at its first place; the characters of one line are named together.
pub fn coverage(model: &Model, base: &Base) -> Result<()> {
    let mut found: Vec<(Place, Vec<char>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut check = |text: &str, place: &dyn Fn(usize) -> Place| {
        for (i, c) in text.char_indices() {
            if needs_no_glyph(c) || c.is_ascii() || base.covers(c) || !seen.insert(c) {
                continue;
            }
            let at = place(i);
            match found.iter_mut().find(|(p, _)| *p == at) {
                Some((_, chars)) => chars.push(c),
                None => found.push((at, vec![c])),
            }
        }
    };
    for (_, range, s) in model.spans.strings() {
        let start = range.start;
        check(s, &|_| model.spans.place_of(start));
    }
    let md_files = model.chapters.values().chain(model.bijlagen.iter());
    for md in md_files {
        let visible = crate::document::markdown::blank_comments(&md.text);
        check(&visible, &|i| {
            let (line, _) = crate::error::line_col(&md.text, i);
            Place::line(&md.path, line)
        });
    }
    if found.is_empty() {
        return Ok(());
    }
    let problems = found
        .into_iter()
        .map(|(place, chars)| {
            let named: Vec<String> = chars
                .iter()
                .map(|c| format!("\"{c}\" (U+{:04X})", *c as u32))
                .collect();
            let (message, hint) = match named.split_last() {
                Some((last, rest)) if !rest.is_empty() => (
                    format!("de tekens {} en {last} staan in geen enkel lettertype van wijkverslag en zouden als lege vakjes gedrukt worden", rest.join(", ")),
                    "vervang de tekens, of geef een lettertype dat ze wel heeft met --lettertypen MAP",
                ),
                _ => (
                    format!("het teken {} staat in geen enkel lettertype van wijkverslag en zou als leeg vakje gedrukt worden", named.join("")),
                    "vervang het teken, of geef een lettertype dat het wel heeft met --lettertypen MAP",
                ),
            };
            Problem::new(place, message).hint(hint)
        })
        .collect();
    Err(Error::Input(problems))
}

/// Renders blank forms: `which` is windshield, checklist, interview or alle.
pub fn blank_forms(
    forms: &crate::forms::Forms,
    which: &str,
    copies: u32,
    wijk: Option<&str>,
) -> Result<typst_render::Rendered> {
    use crate::document::parts;
    let mut list = Vec::new();
    if matches!(which, "windshield" | "alle") {
        list.push(serde_json::json!({"soort": "windshield", "data": parts::windshield_data(None, forms, wijk)}));
    }
    if matches!(which, "interview" | "alle") {
        list.push(serde_json::json!({"soort": "interview", "data": parts::interview_form_data(None, forms)}));
    }
    if matches!(which, "checklist" | "alle") {
        list.push(serde_json::json!({"soort": "checklist", "data": parts::checklist_form_data(None, forms)}));
    }
    let data = serde_json::to_vec(
        &serde_json::json!({"aantal": copies, "wijk": wijk, "formulieren": list}),
    )
    .map_err(|e| Error::Internal(e.to_string()))?;
    let ymd = crate::today_ymd();
    let settings = PdfSettings {
        pdfa: false,
        ident: format!("wijkverslag-formulieren/{which}/{copies}"),
        ymd,
    };
    typst_render::render(
        Base::shared(),
        typst_render::FORMS_MAIN,
        data,
        Vec::new(),
        &settings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(len: usize) -> (String, Prepared) {
        let prepared = Prepared {
            bytes: Arc::new(vec![0; len]),
            format: images::Format::Jpeg,
            width: 1900,
            height: 1425,
            original_len: len as u64,
        };
        ("/fotos/a.jpg".into(), prepared)
    }

    /// Over budget with light photos: the warning says the weight is in the
    /// text, not which photo to shrink.
    #[test]
    fn size_budget_blames_photos_only_when_they_weigh() {
        assert!(size_budget(MAIL_BUDGET_BYTES, &[], &[photo(9_000_000)]).is_none());
        let light = size_budget(30_000_000, &[], &[photo(1_000_000)]).unwrap();
        assert!(
            light.message.ends_with("dus het gewicht zit in de tekst"),
            "{}",
            light.message
        );
        let heavy = size_budget(12_000_000, &[], &[photo(11_000_000)]).unwrap();
        assert!(!heavy.message.contains("in de tekst"), "{}", heavy.message);
    }
}
