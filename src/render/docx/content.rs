//! Blocks and inlines of the IR as Word paragraphs, runs, tables and pictures.

use std::collections::HashMap;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, FieldCharType, Footnote,
    HeightRule, Hyperlink, HyperlinkData, HyperlinkType, IndentLevel, InstrText, Level, LevelJc,
    LevelOverride, LevelText, NumberFormat, Numbering, NumberingId, Paragraph, ParagraphChild, Pic,
    Run, RunChild, RunFonts, Shading, ShdType, SpecialIndentType, Start, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::charts::{Charts, Raster};
use super::package::Media;
use super::{TEXT_W, TEXT_W_EMU, TocEntry, styles};
use crate::document::{Block, Inline};
use crate::images::{Format, Prepared};
use crate::layout::MAX_FIGURE_HEIGHT_EMU;

/// A body element.
pub(crate) enum Item {
    /// A paragraph.
    P(Box<Paragraph>),
    /// A table.
    T(Box<Table>),
}

/// Inline formatting in effect.
#[derive(Clone, Copy, Default)]
pub(crate) struct Fmt {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub color: Option<&'static str>,
    pub size: Option<usize>,
}

/// A piece of a paragraph: a run or a link around runs.
enum Piece {
    Run(Box<Run>),
    Link(Box<Hyperlink>),
}

// docx-rs always defines abstract numbering 1 and numbering 1 itself: stay clear of them.
const BULLET_ABSTRACT: usize = 10;
const DECIMAL_ABSTRACT: usize = 11;
const BULLET_NUM: usize = 10;

/// Walks the IR and collects the body, the TOC entries and the media.
pub(crate) struct Writer<'a> {
    images: &'a [(String, Prepared)],
    charts: &'a Charts,
    body: Vec<Item>,
    /// TOC entries in order.
    pub toc: Vec<TocEntry>,
    media: Vec<Media>,
    next_footnote: usize,
    /// Footnote numbers by their key, for a second reference.
    footnote_ids: HashMap<String, usize>,
    next_link: usize,
    /// Start numbers of the numbered lists, one numbering instance each.
    ordered: Vec<u64>,
    /// The last caption number given per label ("Figuur", "Tabel").
    captions: HashMap<&'static str, u32>,
}

impl<'a> Writer<'a> {
    /// A writer over the prepared images and rendered charts.
    pub fn new(images: &'a [(String, Prepared)], charts: &'a Charts) -> Self {
        Writer {
            images,
            charts,
            body: Vec::new(),
            toc: Vec::new(),
            media: Vec::new(),
            next_footnote: 1,
            footnote_ids: HashMap::new(),
            next_link: 1,
            ordered: Vec::new(),
            captions: HashMap::new(),
        }
    }

    /// The body and the media to fix up in the package.
    pub fn finish(self) -> (Vec<Item>, Vec<Media>) {
        (self.body, self.media)
    }

    /// Appends a paragraph.
    pub fn push(&mut self, p: Paragraph) {
        self.body.push(Item::P(Box::new(p)));
    }

    /// Appends a table, with an empty paragraph after it so two tables never merge.
    pub fn push_table(&mut self, t: Table) {
        self.body.push(Item::T(Box::new(t)));
        self.body.push(Item::P(Box::new(
            Paragraph::new().style(styles::TABLE_TEXT),
        )));
    }

    /// The bullet and numbered-list definitions used in the body.
    pub fn numberings(&self, mut docx: Docx) -> Docx {
        let mut bullet = AbstractNumbering::new(BULLET_ABSTRACT);
        let mut decimal = AbstractNumbering::new(DECIMAL_ABSTRACT);
        for lvl in 0..6usize {
            let left = 360 * (lvl as i32 + 1) + 360;
            let sym = ["•", "◦", "▪"][lvl % 3];
            bullet = bullet.add_level(
                Level::new(
                    lvl,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new(sym),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            );
            decimal = decimal.add_level(
                Level::new(
                    lvl,
                    Start::new(1),
                    NumberFormat::new("decimal"),
                    LevelText::new(format!("%{}.", lvl + 1)),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            );
        }
        docx = docx
            .add_abstract_numbering(bullet)
            .add_abstract_numbering(decimal)
            .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT));
        for (i, start) in self.ordered.iter().enumerate() {
            let mut n = Numbering::new(BULLET_NUM + 1 + i, DECIMAL_ABSTRACT);
            n = n.add_override(LevelOverride::new(0).start(*start as usize));
            docx = docx.add_numbering(n);
        }
        docx
    }

    /// A heading with a bookmark for the TOC; level 1 is a chapter.
    pub fn heading(&mut self, level: usize, text: &str, page_break: bool) {
        self.heading_with_notes(level, text, page_break, &[]);
    }

    /// A heading whose footnotes (`notes`, from the Markdown heading) follow
    /// its text; the contents entry has the text alone.
    fn heading_with_notes(&mut self, level: usize, text: &str, page_break: bool, notes: &[Inline]) {
        let bookmark = format!("_Toc{:08}", self.toc.len() + 1);
        let id = self.toc.len() + 1;
        let mut p = Paragraph::new()
            .style(&format!("Heading{}", level.min(4)))
            .add_bookmark_start(id, &bookmark)
            .add_run(Run::new().add_text(text));
        let mut marks = Vec::new();
        self.inlines(notes, Fmt::default(), &mut marks);
        for m in marks {
            if let Piece::Run(r) = m {
                p = p.add_run(*r);
            }
        }
        let mut p = p.add_bookmark_end(id);
        if page_break {
            p = p.page_break_before(true);
        }
        if level <= 3 {
            self.toc.push(TocEntry {
                level,
                text: text.to_string(),
                bookmark,
            });
        }
        self.push(p);
    }

    /// Writes blocks at the top level.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.block(b, 0);
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        match b {
            Block::Heading { level, num, c } => {
                let text = super::plain(c);
                let text = if num.is_empty() {
                    text
                } else {
                    format!("{num} {text}")
                };
                let notes: Vec<Inline> = c
                    .iter()
                    .filter(|i| matches!(i, Inline::Note { .. } | Inline::NoteAgain { .. }))
                    .cloned()
                    .collect();
                self.heading_with_notes(*level as usize + 1, &text, false, &notes);
            }
            Block::Para { c } => {
                let p = self.para(Paragraph::new(), c);
                self.push(p);
            }
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, depth),
            Block::Quote { c } => {
                for inner in c {
                    match inner {
                        Block::Para { c } => {
                            let p = self.para(Paragraph::new().style(styles::QUOTE), c);
                            self.push(p);
                        }
                        other => self.block(other, depth),
                    }
                }
            }
            Block::CodeBlock { s } => {
                for line in s.trim_end_matches('\n').lines() {
                    self.push(
                        Paragraph::new()
                            .style(styles::PLAIN_TEXT)
                            .add_run(Run::new().add_text(line)),
                    );
                }
            }
            Block::Rule => self.push(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("* * *").color(styles::MUTED)),
            ),
            Block::Figure {
                num,
                caption,
                src,
                width,
                px,
            } => {
                let pic = self.picture(src, *width, *px);
                self.figure(pic, *num, caption, false);
            }
            Block::Table {
                num,
                caption,
                head,
                rows,
                align,
                source,
            } => {
                if *num > 0 {
                    let p = self.caption("Tabel", *num, caption).keep_next(true);
                    self.push(p);
                }
                let n = head
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0))
                    .max(1);
                let mut head_cells = Vec::new();
                for i in 0..n {
                    let c = head.get(i).cloned().unwrap_or_default();
                    head_cells.push(vec![self.para(cell_par(align.get(i)), &c)]);
                }
                let mut body = Vec::new();
                for r in rows {
                    let mut cells = Vec::new();
                    for i in 0..n {
                        let c = r.get(i).cloned().unwrap_or_default();
                        cells.push(vec![self.para(cell_par(align.get(i)), &c)]);
                    }
                    body.push(cells);
                }
                let widths = auto_widths(n, &head_cells, &body);
                // The source line under a table stays on the page of its
                // last row: in Word a row whose paragraphs keep with the
                // next keeps the table with the paragraph after it.
                if source.is_some()
                    && let Some(last) = body.last_mut()
                {
                    for p in last.iter_mut().flatten() {
                        *p = std::mem::take(p).keep_next(true);
                    }
                }
                let t = table(&widths, head_cells, body);
                self.body.push(Item::T(Box::new(t)));
                match source {
                    Some(s) => {
                        let p = self.para_fmt(
                            Paragraph::new().style(styles::TABLE_TEXT),
                            s,
                            Fmt {
                                color: Some(styles::MUTED),
                                size: Some(17),
                                ..Fmt::default()
                            },
                        );
                        self.push(
                            p.line_spacing(docx_rs::LineSpacing::new().before(60).after(200)),
                        );
                    }
                    None => self.push(Paragraph::new().style(styles::TABLE_TEXT)),
                }
            }
            Block::Placeholder { s } => self.push(
                Paragraph::new()
                    .add_run(Run::new().add_text(s).bold().color(styles::WARN))
                    .line_spacing(docx_rs::LineSpacing::new().before(120).after(240)),
            ),
            Block::Part { kind, data } => super::parts::part(self, kind, data),
        }
    }

    fn list(&mut self, ordered: bool, start: u64, items: &[Vec<Block>], depth: usize) {
        let num = if ordered {
            self.ordered.push(start);
            BULLET_NUM + self.ordered.len()
        } else {
            BULLET_NUM
        };
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Para { c } if first => {
                        let p = Paragraph::new()
                            .style(styles::LIST_PARAGRAPH)
                            .numbering(NumberingId::new(num), IndentLevel::new(depth));
                        let p = self.para(p, c);
                        self.push(p);
                    }
                    Block::Para { c } => {
                        let left = 360 * (depth as i32 + 1) + 360;
                        let p = self.para(
                            Paragraph::new().style(styles::LIST_PARAGRAPH).indent(
                                Some(left),
                                None,
                                None,
                                None,
                            ),
                            c,
                        );
                        self.push(p);
                    }
                    Block::List {
                        ordered,
                        start,
                        items,
                    } => self.list(*ordered, *start, items, depth + 1),
                    other => self.block(other, depth + 1),
                }
                first = false;
            }
        }
    }

    /// A centred picture with "Figuur N: …" under it, kept on one page;
    /// `keep_caption_with_next` also keeps a source line under the caption.
    pub fn figure(
        &mut self,
        pic: Option<Pic>,
        num: u32,
        caption: &[Inline],
        keep_caption_with_next: bool,
    ) {
        if let Some(pic) = pic {
            self.push(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .add_run(Run::new().add_image(pic)),
            );
        }
        let mut p = self
            .caption("Figuur", num, caption)
            .align(AlignmentType::Center);
        if keep_caption_with_next {
            p = p.keep_next(true);
        }
        self.push(p);
    }

    /// "Figuur N: …" / "Tabel N: …" in the Caption style. The number is a
    /// `SEQ` field, as Word's own captions have: a caption a student adds
    /// in Word joins the count, and a list of figures can be made. Word
    /// counts the fields again when it opens the file, so where the report's
    /// number is not the next one in the document (a number the lowering
    /// gave elsewhere) the field restarts the count at it (`\r`), and every
    /// number stays the one the PDF prints.
    pub fn caption(&mut self, label: &'static str, num: u32, caption: &[Inline]) -> Paragraph {
        let mut p = Paragraph::new()
            .style(styles::CAPTION)
            .add_run(Run::new().add_text(format!("{label} ")));
        if num == 0 {
            p = p.add_run(Run::new().add_text("0"));
        } else {
            let last = self.captions.entry(label).or_insert(0);
            let restart = if num == *last + 1 {
                String::new()
            } else {
                format!(" \\r {num}")
            };
            *last = num;
            p = p
                .add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, false)
                        .add_instr_text(InstrText::Unsupported(format!(
                            "SEQ {label}{restart} \\* ARABIC"
                        )))
                        .add_field_char(FieldCharType::Separate, false),
                )
                .add_run(Run::new().add_text(num.to_string()))
                .add_run(Run::new().add_field_char(FieldCharType::End, false));
        }
        if !caption.is_empty() {
            p = p.add_run(Run::new().add_text(": "));
        }
        self.para_fmt(
            p,
            caption,
            Fmt {
                bold: false,
                ..Fmt::default()
            },
        )
    }

    /// A picture of a prepared image, `width` a fraction of the text width.
    fn picture(&mut self, src: &str, width: f64, px: (u32, u32)) -> Option<Pic> {
        let (_, prepared) = self.images.iter().find(|(s, _)| s == src)?;
        if prepared.format == Format::Svg {
            let raster = self.charts.image(src)?.clone();
            return Some(self.raster_pic(&raster, width));
        }
        let (w, h) = if px.0 > 0 && px.1 > 0 {
            px
        } else {
            (prepared.width, prepared.height)
        };
        let id = format!("rIdImage{}", self.media.len() + 1);
        self.media.push(Media {
            id: id.clone(),
            format: prepared.format,
        });
        let (cx, cy) = fit(width, w, h);
        Some(
            Pic::new_with_dimensions(prepared.bytes.as_ref().clone(), w, h)
                .id(id)
                .size(cx, cy),
        )
    }

    /// The rendered chart or diagram of figure `fig`.
    pub fn chart(&self, fig: u32) -> Option<Raster> {
        self.charts.figure(fig).cloned()
    }

    /// A picture of a raster rendered by Typst (charts, diagrams).
    pub fn raster_pic(&mut self, r: &Raster, width: f64) -> Pic {
        let id = format!("rIdImage{}", self.media.len() + 1);
        self.media.push(Media {
            id: id.clone(),
            format: Format::Png,
        });
        let width = (r.width_emu as f64 / TEXT_W_EMU as f64).min(width);
        let (cx, cy) = fit(width, r.width, r.height);
        Pic::new_with_dimensions(r.png.clone(), r.width, r.height)
            .id(id)
            .size(cx, cy)
    }

    /// Fills `p` with inlines.
    pub fn para(&mut self, p: Paragraph, c: &[Inline]) -> Paragraph {
        self.para_fmt(p, c, Fmt::default())
    }

    /// Fills `p` with inlines in a base format.
    pub fn para_fmt(&mut self, mut p: Paragraph, c: &[Inline], fmt: Fmt) -> Paragraph {
        let mut pieces = Vec::new();
        self.inlines(c, fmt, &mut pieces);
        for piece in pieces {
            p = match piece {
                Piece::Run(r) => p.add_run(*r),
                Piece::Link(l) => p.add_hyperlink(*l),
            };
        }
        p
    }

    fn inlines(&mut self, c: &[Inline], fmt: Fmt, out: &mut Vec<Piece>) {
        for i in c {
            match i {
                Inline::Text { s } => out.push(Piece::Run(Box::new(run(s, fmt)))),
                Inline::Cite { s, .. } => out.push(Piece::Run(Box::new(run(s, fmt)))),
                Inline::Space => out.push(Piece::Run(Box::new(run(" ", fmt)))),
                Inline::Br => out.push(Piece::Run(Box::new(
                    Run::new().add_break(BreakType::TextWrapping),
                ))),
                Inline::Emph { c } => self.inlines(
                    c,
                    Fmt {
                        italic: !fmt.italic,
                        ..fmt
                    },
                    out,
                ),
                Inline::Strong { c } => self.inlines(c, Fmt { bold: true, ..fmt }, out),
                Inline::Strike { c } => self.inlines(
                    c,
                    Fmt {
                        strike: true,
                        ..fmt
                    },
                    out,
                ),
                Inline::Code { s } => {
                    out.push(Piece::Run(Box::new(run(s, Fmt { code: true, ..fmt }))))
                }
                Inline::Link { url, c } => {
                    let mut runs = Vec::new();
                    self.inlines(c, fmt, &mut runs);
                    let mut link = Hyperlink::new(url, HyperlinkType::External);
                    // docx-rs numbers links from a process-wide counter; number
                    // them per document so the same report gives the same bytes.
                    if let HyperlinkData::External { rid, .. } = &mut link.link {
                        *rid = format!("rIdLink{}", self.next_link);
                    }
                    self.next_link += 1;
                    for r in runs {
                        if let Piece::Run(r) = r {
                            link = link.add_run((*r).style(styles::HYPERLINK));
                        }
                    }
                    out.push(Piece::Link(Box::new(link)));
                }
                Inline::NoteAgain { key } => {
                    // Word has no second reference to a footnote; its number
                    // in the footnote-mark style reads the same.
                    if let Some(id) = self.footnote_ids.get(key) {
                        out.push(Piece::Run(Box::new(
                            Run::new()
                                .style(styles::FOOTNOTE_REFERENCE)
                                .add_text(id.to_string()),
                        )));
                    }
                }
                Inline::Note { c, key } => {
                    let id = self.next_footnote;
                    self.next_footnote += 1;
                    self.footnote_ids.insert(key.clone(), id);
                    let mut content = Vec::new();
                    for b in c {
                        let inl: Vec<Inline> = match b {
                            Block::Para { c } => c.clone(),
                            other => vec![Inline::Text {
                                s: block_text(other),
                            }],
                        };
                        let p = self.para(Paragraph::new().style(styles::FOOTNOTE_TEXT), &inl);
                        content.push(p);
                    }
                    if content.is_empty() {
                        content.push(Paragraph::new().style(styles::FOOTNOTE_TEXT));
                    }
                    let note = Footnote { id, content };
                    out.push(Piece::Run(Box::new(
                        Run::new()
                            .style(styles::FOOTNOTE_REFERENCE)
                            .add_footnote_reference(note),
                    )));
                }
            }
        }
    }
}

fn run(s: &str, fmt: Fmt) -> Run {
    let mut r = Run::new().add_text(s);
    if fmt.bold {
        r = r.bold();
    }
    if fmt.italic {
        r = r.italic();
    }
    if fmt.strike {
        r = r.strike();
    }
    if fmt.code {
        r = r
            .fonts(
                RunFonts::new()
                    .ascii("Courier New")
                    .hi_ansi("Courier New")
                    .cs("Courier New"),
            )
            .shading(Shading::new().shd_type(ShdType::Clear).fill("F0F0F0"));
    }
    if let Some(c) = fmt.color {
        r = r.color(c);
    }
    if let Some(s) = fmt.size {
        r = r.size(s);
    }
    r
}

/// The plain text of a block inside a footnote (lists and quotes flattened).
fn block_text(b: &Block) -> String {
    match b {
        Block::Para { c } | Block::Heading { c, .. } => super::plain(c),
        Block::List { items, .. } => items
            .iter()
            .map(|i| i.iter().map(block_text).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("; "),
        Block::Quote { c } => c.iter().map(block_text).collect::<Vec<_>>().join(" "),
        Block::CodeBlock { s } | Block::Placeholder { s } => s.clone(),
        _ => String::new(),
    }
}

/// Picture size in EMU: `width` of the text width, aspect ratio kept, never
/// taller than [`MAX_FIGURE_HEIGHT_EMU`].
fn fit(width: f64, w: u32, h: u32) -> (u32, u32) {
    let cx = (TEXT_W_EMU as f64 * width.clamp(0.05, 1.0)).round();
    let cy = cx * h.max(1) as f64 / w.max(1) as f64;
    let scale = if cy > MAX_FIGURE_HEIGHT_EMU as f64 {
        MAX_FIGURE_HEIGHT_EMU as f64 / cy
    } else {
        1.0
    };
    ((cx * scale).round() as u32, (cy * scale).round() as u32)
}

fn cell_par(align: Option<&String>) -> Paragraph {
    let p = Paragraph::new().style(styles::TABLE_TEXT);
    match align.map(String::as_str) {
        Some("right") => p.align(AlignmentType::Right),
        Some("center") => p.align(AlignmentType::Center),
        _ => p,
    }
}

/// A full-width table with a header row (bold, shaded, repeated on every
/// page) and thin rules between the rows.
pub(crate) fn table(
    widths: &[usize],
    head: Vec<Vec<Paragraph>>,
    rows: Vec<Vec<Vec<Paragraph>>>,
) -> Table {
    let mut trs = Vec::new();
    if !head.is_empty() {
        let cells = head
            .into_iter()
            .zip(widths)
            .map(|(ps, w)| {
                let mut cell = TableCell::new().width(*w, WidthType::Dxa).shading(
                    Shading::new()
                        .shd_type(ShdType::Clear)
                        .fill(styles::ACCENT_LIGHT),
                );
                for p in ps {
                    cell = cell.add_paragraph(strong(p));
                }
                cell
            })
            .collect();
        // docx-rs cannot write `tblHeader`: the header row carries a marker
        // height that the package step turns into it.
        trs.push(
            TableRow::new(cells)
                .cant_split()
                .row_height(HEADER_MARK)
                .height_rule(HeightRule::AtLeast),
        );
    }
    for r in rows {
        trs.push(row(widths, r));
    }
    styled(Table::new(trs), widths)
}

/// A body row; a row with one cell spans the whole table.
pub(crate) fn row(widths: &[usize], cells: Vec<Vec<Paragraph>>) -> TableRow {
    if cells.len() == 1 && widths.len() > 1 {
        let mut cell = TableCell::new()
            .width(widths.iter().sum(), WidthType::Dxa)
            .grid_span(widths.len())
            .shading(Shading::new().shd_type(ShdType::Clear).fill("F2F2F2"));
        // A group label spanning the row stays with the row below it.
        for p in cells.into_iter().flatten() {
            cell = cell.add_paragraph(p.keep_next(true));
        }
        return TableRow::new(vec![cell]).cant_split();
    }
    // A row stays on one page (a teacher should not read half an answer at
    // the foot of one page and the rest on the next); only a row too long
    // for that may break.
    let short = cells
        .iter()
        .flatten()
        .map(|p| par_text(p).len())
        .sum::<usize>()
        < ROW_SPLIT_CHARS;
    let row = TableRow::new(
        cells
            .into_iter()
            .zip(widths)
            .map(|(ps, w)| {
                let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                for p in ps {
                    cell = cell.add_paragraph(p);
                }
                if cell.children.is_empty() {
                    cell = cell.add_paragraph(Paragraph::new().style(styles::TABLE_TEXT));
                }
                cell
            })
            .collect(),
    );
    if short { row.cant_split() } else { row }
}

/// Grid, width and borders of a table.
pub(crate) fn styled(t: Table, widths: &[usize]) -> Table {
    let line = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(4)
            .color("C8C8C8")
    };
    t.set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(
            TableBorders::with_empty()
                .set(line(TableBorderPosition::Top))
                .set(line(TableBorderPosition::Bottom))
                .set(line(TableBorderPosition::InsideH))
                .set(TableBorder::new(TableBorderPosition::Left).border_type(BorderType::Nil))
                .set(TableBorder::new(TableBorderPosition::Right).border_type(BorderType::Nil))
                .set(TableBorder::new(TableBorderPosition::InsideV).border_type(BorderType::Nil)),
        )
}

/// Text cell helper for the parts module.
pub(crate) fn text_par(s: &str) -> Paragraph {
    Paragraph::new()
        .style(styles::TABLE_TEXT)
        .add_run(Run::new().add_text(s))
}

/// The minimum height (twips) that marks a header row for the package step.
pub(crate) const HEADER_MARK: f32 = 1.0;
/// Body rows with less text than this never break across pages.
const ROW_SPLIT_CHARS: usize = 1_500;

/// Applies `f` to every run of `p` (also inside links).
pub(crate) fn map_runs(mut p: Paragraph, f: fn(Run) -> Run) -> Paragraph {
    fn go(children: &mut [ParagraphChild], f: fn(Run) -> Run) {
        for c in children {
            match c {
                ParagraphChild::Run(r) => **r = f(std::mem::take(&mut **r)),
                ParagraphChild::Hyperlink(h) => go(&mut h.children, f),
                _ => {}
            }
        }
    }
    go(&mut p.children, f);
    p
}

/// `p` with its text in bold (docx-rs' `Paragraph::bold` only formats the
/// paragraph mark, not the text).
pub(crate) fn strong(p: Paragraph) -> Paragraph {
    map_runs(p.bold(), Run::bold)
}

/// The visible text of a paragraph.
pub(crate) fn par_text(p: &Paragraph) -> String {
    fn go(children: &[ParagraphChild], out: &mut String) {
        for c in children {
            match c {
                ParagraphChild::Run(r) => {
                    for rc in &r.children {
                        match rc {
                            RunChild::Text(t) => out.push_str(&t.text),
                            RunChild::Break(_) | RunChild::Tab(_) => out.push('\n'),
                            _ => {}
                        }
                    }
                }
                ParagraphChild::Hyperlink(h) => go(&h.children, out),
                _ => {}
            }
        }
    }
    let mut s = String::new();
    go(&p.children, &mut s);
    s
}

/// Column widths (twips, summing to the text width) from the cells' text,
/// the way a browser lays out an automatic table: no column narrower than
/// its longest word (so no word is broken in the middle), and the rest of
/// the width shared by how much text each column holds. Rows with one cell
/// span the table and are not measured.
pub(crate) fn auto_widths(
    n: usize,
    head: &[Vec<Paragraph>],
    rows: &[Vec<Vec<Paragraph>>],
) -> Vec<usize> {
    /// An average character of the 9.5 pt table text, and the cell margins.
    const CHAR: f64 = 105.0;
    const PAD: f64 = 250.0;
    let total = TEXT_W as f64;
    let mut word = vec![0usize; n];
    let mut line = vec![0usize; n];
    // The header is bold: its letters count a little wider.
    let measured = std::iter::once((head, 1.15)).chain(
        rows.iter()
            .filter(|r| r.len() > 1 || n == 1)
            .map(|r| (r.as_slice(), 1.0)),
    );
    let count = |s: &str, k: f64| (s.chars().count() as f64 * k).ceil() as usize;
    for (r, k) in measured {
        for (i, cell) in r.iter().enumerate().take(n) {
            for p in cell {
                let text = par_text(p);
                for l in text.lines() {
                    line[i] = line[i].max(count(l, k));
                    for w in l.split_whitespace() {
                        word[i] = word[i].max(count(w, k));
                    }
                }
            }
        }
    }
    let min: Vec<f64> = word
        .iter()
        .map(|w| (*w as f64 * CHAR + PAD).min(total * 0.4))
        .collect();
    let want: Vec<f64> = line
        .iter()
        .zip(&min)
        .map(|(l, m)| (*l as f64 * CHAR + PAD).max(*m))
        .collect();
    let (sum_min, sum_want) = (min.iter().sum::<f64>(), want.iter().sum::<f64>());
    let w: Vec<f64> = if sum_want <= total {
        want.iter().map(|x| x * total / sum_want).collect()
    } else if sum_min >= total {
        min.iter().map(|x| x * total / sum_min).collect()
    } else {
        let extra = total - sum_min;
        let slack = sum_want - sum_min;
        min.iter()
            .zip(&want)
            .map(|(m, x)| m + (x - m) * extra / slack)
            .collect()
    };
    let mut out: Vec<usize> = w.iter().map(|x| x.floor() as usize).collect();
    let rest = TEXT_W as usize - out.iter().sum::<usize>();
    if let Some(last) = out.last_mut() {
        *last += rest;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    /// The caption's field instruction and the number shown as its result.
    fn field(p: &Paragraph) -> (String, String) {
        let xml = String::from_utf8(p.build()).unwrap();
        let inner = |open: &str, close: &str, from: usize| {
            let start = xml[from..].find(open).map(|i| from + i + open.len())?;
            let start = start + xml[start..].find('>')? + 1;
            let end = start + xml[start..].find(close)?;
            Some((xml[start..end].to_string(), end))
        };
        let (instr, end) = inner("<w:instrText", "</w:instrText>", 0).expect("veld");
        let separate = xml[end..].find("w:fldCharType=\"separate\"").unwrap() + end;
        let (shown, _) = inner("<w:t", "</w:t>", separate).unwrap();
        (instr, shown)
    }

    #[test]
    fn caption_numbers_are_fields_that_restart_where_the_count_would_differ() {
        let charts = Charts::default();
        let mut w = Writer::new(&[], &charts);
        let fig1 = w.caption("Figuur", 1, &[]);
        let tab1 = w.caption("Tabel", 1, &[]);
        let fig2 = w.caption("Figuur", 2, &[]);
        let fig5 = w.caption("Figuur", 5, &[]);
        let fig6 = w.caption("Figuur", 6, &[]);
        let plain = "SEQ Figuur \\* ARABIC";
        assert_eq!(field(&fig1), (plain.into(), "1".into()));
        assert_eq!(field(&tab1), ("SEQ Tabel \\* ARABIC".into(), "1".into()));
        assert_eq!(field(&fig2), (plain.into(), "2".into()));
        assert_eq!(
            field(&fig5),
            ("SEQ Figuur \\r 5 \\* ARABIC".into(), "5".into())
        );
        assert_eq!(field(&fig6), (plain.into(), "6".into()));
    }
}
