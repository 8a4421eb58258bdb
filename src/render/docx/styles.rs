//! Word's built-in styles, defined with their built-in ids and names so Word
//! and LibreOffice recognise them (Heading 1 feeds the TOC, Caption the
//! table of figures, and so on).

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType, VertAlignType,
};

/// Style ids (the built-in ids Word writes itself).
pub const NORMAL: &str = "Normal";
/// Title on the title page.
pub const TITLE: &str = "Title";
/// Subtitle on the title page.
pub const SUBTITLE: &str = "Subtitle";
/// "Figuur N: …" and "Tabel N: …".
pub const CAPTION: &str = "Caption";
/// List items.
pub const LIST_PARAGRAPH: &str = "ListParagraph";
/// Quotes from residents and interviews.
pub const QUOTE: &str = "Quote";
/// Footnote paragraphs.
pub const FOOTNOTE_TEXT: &str = "FootnoteText";
/// The footnote mark.
pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
/// "Inhoudsopgave".
pub const TOC_HEADING: &str = "TOCHeading";
/// The Literatuurlijst entries (hanging indent).
pub const BIBLIOGRAPHY: &str = "Bibliography";
/// Code blocks.
pub const PLAIN_TEXT: &str = "PlainText";
/// Page-number paragraph.
pub const FOOTER: &str = "Footer";
/// Running header of content pages.
pub const HEADER: &str = "Header";
/// External links.
pub const HYPERLINK: &str = "Hyperlink";
/// Table cells.
pub const TABLE_TEXT: &str = "TableText";

/// The accent colour of the PDF.
pub const ACCENT: &str = "1D5C63";
/// Light accent, for header rows.
pub const ACCENT_LIGHT: &str = "E3EEEF";
/// Muted text.
pub const MUTED: &str = "5B6770";
/// Warnings ("nog niet ingevuld").
pub const WARN: &str = "B5431F";

/// The typeface of headings, captions, header and footer.
pub(super) const SANS: &str = "Noto Sans";
/// The typeface of the text.
pub(super) const SERIF: &str = "Libertinus Serif";

/// The run fonts for text in [`SANS`].
pub(super) fn sans() -> RunFonts {
    RunFonts::new()
        .ascii(SANS)
        .hi_ansi(SANS)
        .cs(SANS)
        .east_asia(SANS)
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn para(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on(NORMAL)
        .next(NORMAL)
        .q_format(true)
}

fn heading(level: usize, size_pt: usize) -> Style {
    let mut s = para(&format!("Heading{level}"), &format!("heading {level}"))
        .fonts(sans())
        .bold()
        .size(size_pt * 2)
        .color(ACCENT)
        .outline_lvl(level - 1)
        .line_spacing(spacing(if level == 1 { 480 } else { 280 }, 120));
    s.paragraph_property = s.paragraph_property.keep_next(true).keep_lines(true);
    if level == 1 {
        // Every chapter starts on a new page, as in the PDF.
        s.paragraph_property = s.paragraph_property.page_break_before(true);
    }
    s
}

fn toc(level: usize) -> Style {
    let indent = (level as i32 - 1) * 340;
    let mut s = para(&format!("TOC{level}"), &format!("toc {level}"))
        .indent(Some(indent), None, None, None)
        .line_spacing(spacing(0, 60));
    if level == 1 {
        s = s.bold().line_spacing(spacing(120, 60));
    }
    s.q_format = false;
    s
}

fn footnote_reference() -> Style {
    let mut s = Style::new(FOOTNOTE_REFERENCE, StyleType::Character).name("footnote reference");
    s.run_property = s.run_property.vert_align(VertAlignType::SuperScript);
    s
}

/// Adds the document defaults and every style the writer uses.
pub fn add(docx: Docx) -> Docx {
    let serif = RunFonts::new()
        .ascii(SERIF)
        .hi_ansi(SERIF)
        .cs(SERIF)
        .east_asia(SERIF);
    let mut normal = Style::new(NORMAL, StyleType::Paragraph)
        .name("Normal")
        .q_format(true)
        .line_spacing(
            LineSpacing::new()
                .after(140)
                .line(264)
                .line_rule(LineSpacingType::Auto),
        );
    normal.paragraph_property = normal.paragraph_property.widow_control(true);
    let mut caption = para(CAPTION, "caption")
        .fonts(sans())
        .size(18)
        .color(ACCENT)
        .bold()
        .line_spacing(spacing(60, 160));
    caption.paragraph_property = caption.paragraph_property.keep_next(false);
    let styles = [
        normal,
        para(TITLE, "Title")
            .fonts(sans())
            .size(50)
            .bold()
            .color(ACCENT)
            .line_spacing(spacing(0, 240)),
        para(SUBTITLE, "Subtitle")
            .fonts(sans())
            .size(26)
            .color(MUTED)
            .line_spacing(spacing(0, 160)),
        heading(1, 20),
        heading(2, 14),
        heading(3, 12),
        heading(4, 11),
        caption,
        para(LIST_PARAGRAPH, "List Paragraph")
            .indent(Some(720), None, None, None)
            .line_spacing(spacing(0, 60)),
        para(QUOTE, "Quote")
            .italic()
            .color("404040")
            .indent(Some(567), None, Some(567), None),
        para(FOOTNOTE_TEXT, "footnote text")
            .size(18)
            .line_spacing(spacing(0, 0).line(240).line_rule(LineSpacingType::Auto)),
        footnote_reference(),
        para(TOC_HEADING, "TOC Heading")
            .fonts(sans())
            .bold()
            .size(40)
            .color(ACCENT)
            .line_spacing(spacing(480, 240)),
        toc(1),
        toc(2),
        toc(3),
        para(BIBLIOGRAPHY, "Bibliography").indent(
            Some(720),
            Some(SpecialIndentType::Hanging(720)),
            None,
            None,
        ),
        para(PLAIN_TEXT, "Plain Text")
            .fonts(RunFonts::new().ascii("Courier New").hi_ansi("Courier New"))
            .size(19),
        para(HEADER, "header").fonts(sans()).size(17).color(MUTED),
        para(FOOTER, "footer")
            .fonts(sans())
            .size(18)
            .color(MUTED)
            .align(AlignmentType::Center),
        Style::new(HYPERLINK, StyleType::Character)
            .name("Hyperlink")
            .color(ACCENT)
            .underline("single"),
        para(TABLE_TEXT, "Table Text")
            .size(19)
            .line_spacing(spacing(0, 0).line(240).line_rule(LineSpacingType::Auto)),
    ];
    let mut docx = docx.default_fonts(serif).default_size(22);
    for s in styles {
        docx = docx.add_style(s);
    }
    docx
}
