//! The DOCX backend: walks the same [`Document`] IR as the Typst backend and
//! writes an editable Word document with Word's built-in styles.
//!
//! Nothing is decided here that the IR already decided: chapter, section,
//! figure and table numbers, citations and the Literatuurlijst all come
//! from the IR as they are. Charts and the sociale-kaart diagram are drawn by
//! the same Typst functions as in the PDF ([`charts`]); photos are embedded
//! with their prepared bytes unchanged ([`package`] fixes what docx-rs
//! cannot express).

pub mod charts;
mod content;
mod fonts;
pub mod package;
mod parts;
mod styles;

use std::sync::Arc;

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, Hyperlink, HyperlinkType,
    InstrPAGEREF, InstrText, InstrToC, PageMargin, PageNum, PageNumType, PageSize, Paragraph, Run,
    Section, Tab, TabLeaderType, TabValueType,
};

pub use charts::{Charts, Raster};

use crate::document::{Document, markdown::plain_text};
use crate::error::{Error, Result};
use crate::images::Prepared;
use crate::render::typst::Base;

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
/// Margins as in the PDF: 2.5 cm left/right and bottom, 2.8 cm top.
const MARGIN_X: i32 = 1_417;
const MARGIN_TOP: i32 = 1_587;
const MARGIN_BOTTOM: i32 = 1_417;
/// Text width in twips (16 cm) and in EMU (1 twip = 635 EMU).
pub(crate) const TEXT_W: u32 = PAGE_W - 2 * MARGIN_X as u32;
pub(crate) const TEXT_W_EMU: u64 = TEXT_W as u64 * 635;

/// Renders the charts and writes the DOCX: the whole backend in one call.
pub fn docx(doc: &Document, images: &[(String, Prepared)], base: Arc<Base>) -> Result<Vec<u8>> {
    std::thread::scope(|scope| {
        // The fonts are packed once per process (about 50 ms), beside the
        // charts' render rather than after it.
        scope.spawn(fonts::pack_ahead);
        let charts = charts::render(doc, images, base)?;
        write(doc, images, &charts)
    })
}

/// Writes the DOCX of `doc` with its prepared `images` and rendered `charts`.
///
/// The output depends only on its inputs (and `SOURCE_DATE_EPOCH`): the same
/// report gives the same bytes.
pub fn write(doc: &Document, images: &[(String, Prepared)], charts: &Charts) -> Result<Vec<u8>> {
    // docx-rs numbers paragraphs (`w14:paraId`) with a counter per thread
    // that it never resets, so a thread's second report got other numbers
    // than its first (in `batch`, numbers that hung on which thread built
    // which group before). A thread of its own starts the count at 1.
    std::thread::scope(|scope| scope.spawn(|| write_here(doc, images, charts)).join())
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// [`write`] on the calling thread.
fn write_here(doc: &Document, images: &[(String, Prepared)], charts: &Charts) -> Result<Vec<u8>> {
    let mut w = content::Writer::new(images, charts);
    for ch in &doc.chapters {
        w.heading(1, &format!("{}  {}", ch.num, ch.title), false);
        w.blocks(&ch.blocks);
    }
    w.heading(1, "Literatuurlijst", false);
    if doc.references.is_empty() {
        w.push(
            Paragraph::new().add_run(
                Run::new()
                    .add_text("Er zijn geen bronnen opgegeven.")
                    .italic(),
            ),
        );
    } else {
        for r in &doc.references {
            let p = w.para(Paragraph::new().style(styles::BIBLIOGRAPHY), &r.c);
            w.push(p);
        }
    }
    if !doc.appendices.is_empty() {
        w.heading(1, "Bijlagen", false);
        for (i, a) in doc.appendices.iter().enumerate() {
            w.heading(2, &format!("Bijlage {}: {}", a.letter, a.title), i > 0);
            w.blocks(&a.blocks);
        }
    }

    let ymd = report_date(doc);
    let stamp = format!("{:04}-{:02}-{:02}T12:00:00Z", ymd.0, ymd.1, ymd.2);
    let margin = PageMargin {
        top: MARGIN_TOP,
        left: MARGIN_X,
        bottom: MARGIN_BOTTOM,
        right: MARGIN_X,
        header: 708,
        footer: 708,
        gutter: 0,
    };
    // Title page and contents are a section of their own without header or
    // page number, so that chapter 1 is page 1, as in the PDF.
    let mut front = Section::new()
        .page_size(PageSize::new().size(PAGE_W, PAGE_H))
        .page_margin(margin.clone());
    for p in title_page(doc).into_iter().chain(toc(&w.toc)) {
        front = front.add_paragraph(p);
    }
    let mut docx = styles::add(Docx::new())
        .page_size(PAGE_W, PAGE_H)
        .page_margin(margin)
        .header(Header::new().add_paragraph(running_header(doc)))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .style(styles::FOOTER)
                    .align(AlignmentType::Center)
                    .add_page_num(PageNum::new()),
            ),
        )
        .page_num_type(PageNumType::new().start(1))
        .created_at(&stamp)
        .updated_at(&stamp);
    docx = w.numberings(docx);
    docx = docx.add_section(front);
    let (body, media) = w.finish();
    for item in body {
        docx = match item {
            content::Item::P(p) => docx.add_paragraph(*p),
            content::Item::T(t) => docx.add_table(*t),
        };
    }
    let mut raw = std::io::Cursor::new(Vec::new());
    docx.pack(&mut raw)
        .map_err(|e| Error::Internal(format!("DOCX schrijven: {e}")))?;
    let meta = package::Meta {
        ymd,
        title: doc.meta.titel.clone(),
        authors: doc
            .meta
            .groepsleden
            .iter()
            .map(|g| g.naam.clone())
            .collect::<Vec<_>>()
            .join(", "),
    };
    package::finish(raw.into_inner(), &media, &meta)
}

/// The date of the document properties: `SOURCE_DATE_EPOCH` when set, else
/// the report's date (the same rule as the PDF's metadata).
fn report_date(doc: &Document) -> (i32, u8, u8) {
    match crate::source_date_epoch() {
        Some(s) => crate::civil_from_days(s.div_euclid(86_400)),
        None => doc.meta.ymd,
    }
}

/// The title page, ending with a page break so the contents start on page 2.
fn title_page(doc: &Document) -> Vec<Paragraph> {
    let m = &doc.meta;
    let mut out = vec![
        Paragraph::new()
            .style(styles::SUBTITLE)
            .add_run(Run::new().add_text(format!("Wijkanalyse · {}, {}", m.wijk, m.gemeente))),
        Paragraph::new()
            .style(styles::TITLE)
            .add_run(Run::new().add_text(&m.titel)),
    ];
    if let Some(sub) = &m.ondertitel {
        out.push(
            Paragraph::new()
                .style(styles::SUBTITLE)
                .add_run(Run::new().add_text(sub)),
        );
    }
    out.push(Paragraph::new());
    out.push(
        Paragraph::new()
            .keep_next(true)
            .add_run(Run::new().add_text("Groepsleden").bold()),
    );
    for g in &m.groepsleden {
        let mut p = Paragraph::new().add_run(Run::new().add_text(&g.naam));
        if let Some(nr) = &g.studentnummer {
            p = p.add_run(
                Run::new()
                    .add_text(format!(" (studentnummer {nr})"))
                    .color(styles::MUTED),
            );
        }
        out.push(p);
    }
    out.push(Paragraph::new());
    let rows = [
        ("Wijk", Some(format!("{}, {}", m.wijk, m.gemeente))),
        ("School", m.school.clone()),
        ("Opleiding", m.opleiding.clone()),
        ("Klas", m.klas.clone()),
        ("Docent", m.docent.clone()),
        ("Datum", m.datum.clone()),
        ("Inleverdatum", m.inleverdatum.clone()),
    ];
    for (k, v) in rows.iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))) {
        out.push(
            Paragraph::new()
                .add_tab(Tab::new().val(TabValueType::Left).pos(2_040))
                .add_run(Run::new().add_text(*k).bold().color(styles::ACCENT))
                .add_run(Run::new().add_tab().add_text(v)),
        );
    }
    out.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    out
}

/// One entry of the table of contents, collected while writing the headings.
pub(crate) struct TocEntry {
    /// 1 for chapters, 2 and 3 for sections.
    pub level: usize,
    /// The heading text, number included.
    pub text: String,
    /// The bookmark on the heading.
    pub bookmark: String,
}

/// The contents: a TOC field whose cached entries are already filled in (so
/// LibreOffice shows them), marked dirty so Word refreshes the page numbers.
fn toc(entries: &[TocEntry]) -> Vec<Paragraph> {
    let mut out = vec![
        Paragraph::new()
            .style(styles::TOC_HEADING)
            .add_run(Run::new().add_text("Inhoudsopgave")),
    ];
    let instr = InstrToC::new()
        .heading_styles_range(1, 3)
        .hyperlink()
        .hide_tab_and_page_numbers_in_webview()
        .use_applied_paragraph_line_level();
    let begin = Run::new()
        .add_field_char(FieldCharType::Begin, true)
        .add_instr_text(InstrText::TOC(instr))
        .add_field_char(FieldCharType::Separate, false);
    if entries.is_empty() {
        out.push(
            Paragraph::new()
                .add_run(begin.clone())
                .add_run(Run::new().add_field_char(FieldCharType::End, false)),
        );
    }
    for (i, e) in entries.iter().enumerate() {
        let mut p = Paragraph::new()
            .style(&format!("TOC{}", e.level.min(3)))
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(TEXT_W as usize),
            );
        if i == 0 {
            p = p.add_run(begin.clone());
        }
        let page = Run::new()
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGEREF(
                InstrPAGEREF::new(&e.bookmark).hyperlink(),
            ))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("")
            .add_field_char(FieldCharType::End, false);
        p = p.add_hyperlink(
            Hyperlink::new(&e.bookmark, HyperlinkType::Anchor)
                .add_run(Run::new().add_text(&e.text))
                .add_run(Run::new().add_tab())
                .add_run(page),
        );
        if i + 1 == entries.len() {
            p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
        }
        out.push(p);
    }
    out
}

/// The header of content pages: titel on the left, wijk on the right, as in
/// the PDF.
fn running_header(doc: &Document) -> Paragraph {
    Paragraph::new()
        .style(styles::HEADER)
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_W as usize))
        .add_run(Run::new().add_text(&doc.meta.titel))
        .add_run(Run::new().add_tab().add_text(&doc.meta.wijk))
}

/// The plain text of inlines (headings, TOC entries).
pub(crate) fn plain(c: &[crate::document::Inline]) -> String {
    plain_text(c)
}
