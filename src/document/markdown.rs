//! Markdown (CommonMark + GFM tables, footnotes, strikethrough) → IR blocks.
//!
//! Text stays text: nothing here interprets `#`, `$`, `@`, `<` or `\` beyond
//! what CommonMark itself does, and HTML other than comments is kept as typed.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::ir::{Block, Inline};
use crate::error::{Place, Problem};

/// What the Markdown walker needs from the lowering around it.
pub trait Context {
    /// The number of the next figure.
    fn next_figure(&mut self) -> u32;
    /// The number of the next table.
    fn next_table(&mut self) -> u32;
    /// Resolves an image path written in `file` to a virtual path, or reports why not.
    fn image(&mut self, file: &str, written: &str, place: Place) -> Option<String>;
    /// Resolves a citation `[@id, p. 4; @id2]` to its printed text.
    fn cite(&mut self, items: &[(String, Option<String>)], place: Place) -> Option<String>;
    /// Reports a problem.
    fn problem(&mut self, problem: Problem);
    /// Reports something the student should know that does not stop the
    /// build; contexts that only collect facts (`check`'s scan) ignore it.
    fn warning(&mut self, _problem: Problem) {}
    /// The blocks of the generated part a paragraph `[[name]]` places in
    /// chapter `chapter`, or `None` to print the paragraph as typed.
    fn part(&mut self, _chapter: u32, _name: &str, _place: Place) -> Option<Vec<Block>> {
        None
    }
}

/// Parses one Markdown file of chapter `chapter` (0 for appendices:
/// unnumbered sections) whose title, printed above it, is `title`.
pub fn parse(
    file: &str,
    text: &str,
    chapter: u32,
    title: &str,
    ctx: &mut dyn Context,
) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        // Typographic quotes and dashes, as a printed report has them.
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(text, options).into_offset_iter().collect();
    drop_repeated_title(file, text, title, &mut events, ctx);
    check_footnotes(file, text, &events, ctx);
    // A file whose highest heading is `##` numbers those as sections, as
    // a file that starts with `#` does.
    let top = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut walker = Walker {
        file,
        text,
        events,
        pos: 0,
        chapter,
        top,
        sections: [0; 3],
        notes: HashMap::new(),
        open: Vec::new(),
        depth: 0,
        warned_deep: false,
        markers: Vec::new(),
        ctx,
    };
    let mut blocks = walker.blocks(None);
    if chapter != 0 {
        // What Markdown does not read as text, and the markers taken already.
        let mut skip = std::mem::take(&mut walker.markers);
        skip.extend(
            walker
                .events
                .iter()
                .filter(|(e, _)| {
                    matches!(
                        e,
                        Event::Code(_)
                            | Event::Html(_)
                            | Event::InlineHtml(_)
                            | Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                    )
                })
                .map(|(_, r)| r.clone()),
        );

        super::slots::loose_markers(file, text, &skip, walker.ctx);
    }
    let notes = Notes {
        file,
        defs: std::mem::take(&mut walker.notes),
        placed: HashSet::new(),
    };
    notes.fill(&mut blocks);
    blocks
}

/// Footnotes that would come out wrong without a word: a reference with no
/// text anywhere is printed literally as `[^x]`, and a second text for the
/// same note is lost (the first is used).
fn check_footnotes(
    file: &str,
    text: &str,
    events: &[(Event<'_>, Range<usize>)],
    ctx: &mut dyn Context,
) {
    let mut defined: HashMap<&str, usize> = HashMap::new();
    // Where `[^` may stand for a note: not in code, not in a note Markdown found.
    let mut skip: Vec<Range<usize>> = Vec::new();
    for (e, range) in events {
        match e {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                skip.push(range.start..range.start + label.len() + 4);
                let line = crate::error::line_col(text, range.start).0;
                if let Some(first) = defined.get(label.as_ref()) {
                    ctx.warning(
                        Problem::new(
                            line_place(file, text, range.start),
                            format!(
                                "de voetnoot `[^{label}]` heeft al een tekst (regel {first}); deze tweede tekst wordt niet gebruikt"
                            ),
                        )
                        .hint(format!(
                            "geef elke voetnoot een eigen naam, bijvoorbeeld [^{label}-2], of voeg de twee teksten samen"
                        )),
                    );
                } else {
                    defined.insert(label.as_ref(), line);
                }
            }
            Event::FootnoteReference(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::Start(Tag::CodeBlock(_))
            | Event::Html(_)
            | Event::InlineHtml(_) => skip.push(range.clone()),
            _ => {}
        }
    }
    let mut at = 0;
    while let Some(found) = text[at..].find("[^") {
        let start = at + found;
        at = start + 2;
        if skip.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let Some(len) = text[at..].find(']') else {
            break;
        };
        let label = &text[at..at + len];
        if label.is_empty() || label.contains(char::is_whitespace) || defined.contains_key(label) {
            continue;
        }
        ctx.warning(
            Problem::new(
                line_place(file, text, start),
                format!("de voetnoot `[^{label}]` heeft nergens een tekst en komt er letterlijk te staan"),
            )
            .hint(format!(
                "zet onder de alinea een regel met de tekst: [^{label}]: Bron of toelichting."
            )),
        );
    }
}

/// The line of `offset` in a Markdown file: its problems name no column.
pub(crate) fn line_place(file: &str, text: &str, offset: usize) -> Place {
    Place::line(file, crate::error::line_col(text, offset).0)
}

/// A file that opens with the chapter's own title as a heading ("# Wijk
/// bepalen", "# Hoofdstuk 1: Wijk bepalen") would print it twice: the
/// template already sets it above the chapter. That heading is left out,
/// with a warning.
fn drop_repeated_title(
    file: &str,
    text: &str,
    title: &str,
    events: &mut Vec<(Event<'_>, Range<usize>)>,
    ctx: &mut dyn Context,
) {
    // Only comments (init's guiding questions) may come before it.
    let Some(first) = events.iter().position(|(e, _)| {
        !matches!(
            e,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::HtmlBlock)
                | Event::End(TagEnd::HtmlBlock)
        )
    }) else {
        return;
    };
    let (Event::Start(Tag::Heading { level, .. }), range) = &events[first] else {
        return;
    };
    let Some(len) = events[first..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(l)) if l == level))
    else {
        return;
    };
    let written: String = events[first..first + len]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let bare = |s: &str| -> String {
        let lower = s.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !matches!(*w, "hoofdstuk" | "stap"))
            .collect();
        words.join(" ")
    };
    if title.is_empty() || bare(&written) != bare(title) {
        return;
    }
    let place = line_place(file, text, range.start);
    ctx.warning(
        Problem::new(
            place,
            format!("de kop \"{}\" herhaalt de titel van het hoofdstuk en is weggelaten", written.trim()),
        )
        .hint("de titel zet wijkverslag er zelf boven; begin het bestand met de tekst of met een paragraafkop"),
    );
    events.drain(first..=first + len);
}

/// Private markers used while walking, replaced before the blocks leave this module.
const NOTE_MARK: &str = "\u{0}note:";
const IMAGE_MARK: &str = "\u{0}image:";

struct Walker<'a, 'c> {
    file: &'a str,
    text: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    chapter: u32,
    /// The highest heading level in the file (1 for `#`): it numbers as a
    /// section (2.1), the next one as 2.1.1, and so on.
    top: usize,
    sections: [u32; 3],
    notes: HashMap<String, Vec<Block>>,
    /// The inline containers being walked, innermost last: an image is a
    /// figure of its own only straight in a paragraph.
    open: Vec<TagEnd>,
    /// How many lists and quotes enclose the blocks being walked.
    depth: usize,
    /// Whether the file has been warned about nesting beyond [`MAX_DEPTH`].
    warned_deep: bool,
    /// The paragraphs that are a `[[naam]]` marker.
    markers: Vec<Range<usize>>,
    ctx: &'c mut dyn Context,
}

/// Longest link address Typst accepts in a PDF; a longer one is printed
/// as text.
pub(crate) const MAX_URL_BYTES: usize = 8000;

/// A web address shown as `shown`: a link to `url`, or plain text when the
/// address is longer than a PDF link may be.
pub(crate) fn address(url: String, shown: &str) -> Inline {
    let shown = Inline::Text {
        s: shown.to_string(),
    };
    if url.len() > MAX_URL_BYTES {
        shown
    } else {
        Inline::Link {
            url,
            c: vec![shown],
        }
    }
}

/// Lists and quotes nested deeper than this are printed at this depth: a
/// report never needs more, and Typst (and the JSON that carries the
/// report to it) stop at a depth some pasted text reaches.
const MAX_DEPTH: usize = 8;

/// Emphasis nested deeper than this adds nothing a reader can see.
const MAX_INLINE_DEPTH: usize = 16;

impl<'a> Walker<'a, '_> {
    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let e = self.events.get(self.pos).cloned();
        self.pos += 1;
        e
    }

    fn place(&self, offset: usize) -> Place {
        line_place(self.file, self.text, offset)
    }

    /// Whether a list or quote starting at `offset` lies deeper than
    /// [`MAX_DEPTH`] and is to be printed flat; warns once per file.
    fn too_deep(&mut self, offset: usize) -> bool {
        if self.depth < MAX_DEPTH {
            return false;
        }
        if !self.warned_deep {
            self.warned_deep = true;
            let place = self.place(offset);
            self.ctx.warning(
                Problem::new(
                    place,
                    format!("opsommingen of citaten zitten hier meer dan {MAX_DEPTH} niveaus diep; dieper wordt gedrukt als niveau {MAX_DEPTH}"),
                )
                .hint("minder inspringen (of minder > aan het begin van de regel) maakt de tekst ook leesbaarder"),
            );
        }
        true
    }

    /// Blocks until the end tag `end` (or the end of the document).
    fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut pending: Vec<Inline> = Vec::new();
        let mut pending_start = 0;
        while let Some((event, range)) = self.next() {
            match event {
                Event::End(tag) if Some(tag) == end => break,
                Event::Start(Tag::Paragraph) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let inl = self.inlines(TagEnd::Paragraph);
                    // `[[interview]]` on its own places a generated part;
                    // only between the chapter's blocks, not in a list or quote.
                    if end.is_none()
                        && let Some(name) = super::slots::marker(&self.text[range.clone()])
                    {
                        self.markers.push(range.clone());
                        if let Some(part) =
                            self.ctx.part(self.chapter, name, self.place(range.start))
                        {
                            out.extend(part);
                            continue;
                        }
                    }
                    let before = out.len();
                    self.paragraph(inl, range.start, &mut out);
                    // "Tabel: …" right under a table without a title is its title.
                    if out.len() == before + 1
                        && let [.., Block::Table { caption, .. }, Block::Para { c }] =
                            out.as_mut_slice()
                        && caption.is_empty()
                        && let Some(title) = table_title(c)
                    {
                        *caption = title;
                        out.pop();
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let lvl = self.heading_level(level as usize, range.start);
                    let c = self.inlines(TagEnd::Heading(level));
                    let c = self.finish_inlines(c, range.start);
                    let num = self.section_number(lvl);
                    out.push(Block::Heading {
                        level: lvl as u8,
                        num,
                        c,
                    });
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let flat = self.too_deep(range.start);
                    self.depth += 1;
                    let c = self.blocks(Some(TagEnd::BlockQuote(kind)));
                    self.depth -= 1;
                    if flat {
                        out.extend(c);
                    } else {
                        out.push(Block::Quote { c });
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let mut s = String::new();
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::End(TagEnd::CodeBlock) => break,
                            Event::Text(t) => s.push_str(&t),
                            _ => {}
                        }
                    }
                    let _ = matches!(kind, CodeBlockKind::Fenced(_));
                    out.push(Block::CodeBlock {
                        s: s.trim_end_matches('\n').to_string(),
                    });
                }
                Event::Start(Tag::HtmlBlock) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let mut s = String::new();
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::End(TagEnd::HtmlBlock) => break,
                            Event::Html(t) | Event::Text(t) => s.push_str(&t),
                            _ => {}
                        }
                    }
                    if unclosed_comment(&s) {
                        // CommonMark runs such a block to the end of the
                        // file: the student's text after it disappears.
                        self.ctx.warning(
                            Problem::new(
                                self.place(range.start),
                                "dit commentaar (<!--) wordt nergens gesloten: alle tekst erna komt niet in het verslag",
                            )
                            .hint("sluit het commentaar af met --> aan het eind"),
                        );
                    }
                    let kept = strip_comments(&s);
                    if !kept.trim().is_empty() {
                        out.push(Block::Para {
                            c: vec![Inline::Text {
                                s: kept.trim().to_string(),
                            }],
                        });
                    }
                }
                Event::Start(Tag::List(start)) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let flat = self.too_deep(range.start);
                    let mut items = Vec::new();
                    self.depth += 1;
                    while let Some((e, _)) = self.next() {
                        match e {
                            Event::End(TagEnd::List(_)) => break,
                            Event::Start(Tag::Item) => items.push(self.blocks(Some(TagEnd::Item))),
                            _ => {}
                        }
                    }
                    self.depth -= 1;
                    if flat {
                        out.extend(items.into_iter().flatten());
                    } else {
                        out.push(Block::List {
                            ordered: start.is_some(),
                            start: start.unwrap_or(1),
                            items,
                        });
                    }
                }
                Event::Start(Tag::Table(aligns)) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let mut table = self.table(&aligns, range.start);
                    // "Tabel: …" right above a table is its title too.
                    if let (Some(Block::Para { c }), Block::Table { caption, .. }) =
                        (out.last(), &mut table)
                        && let Some(title) = table_title(c)
                    {
                        *caption = title;
                        out.pop();
                    }
                    out.push(table);
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.flush(&mut pending, pending_start, &mut out);
                    let c = self.blocks(Some(TagEnd::FootnoteDefinition));
                    // The first text counts; a second is named in a warning.
                    self.notes.entry(label.to_string()).or_insert(c);
                }
                Event::Rule => {
                    self.flush(&mut pending, pending_start, &mut out);
                    out.push(Block::Rule);
                }
                Event::Start(Tag::MetadataBlock(_)) => {
                    while let Some((e, _)) = self.next() {
                        if let Event::End(TagEnd::MetadataBlock(_)) = e {
                            break;
                        }
                    }
                }
                other => {
                    // Inline content directly in a block (tight list items).
                    if pending.is_empty() {
                        pending_start = range.start;
                    }
                    self.inline_event(other, range, &mut pending);
                }
            }
        }
        self.flush(&mut pending, pending_start, &mut out);
        out
    }

    fn flush(&mut self, pending: &mut Vec<Inline>, start: usize, out: &mut Vec<Block>) {
        if !pending.is_empty() {
            let inl = std::mem::take(pending);
            self.paragraph(inl, start, out);
        }
    }

    /// A paragraph; images in it become numbered figures of their own.
    fn paragraph(&mut self, inl: Vec<Inline>, start: usize, out: &mut Vec<Block>) {
        // `![x] (pad)` or `![x](pad` is printed as typed: the photo would
        // be missing without a word.
        let typed: String = inl
            .iter()
            .map(|i| match i {
                Inline::Text { s } => s.as_str(),
                _ => " ",
            })
            .collect();
        if let Some(at) = typed.find("![")
            && let Some(close) = typed[at..].find(']')
            && typed[at + close + 1..].trim_start().starts_with('(')
        {
            self.ctx.warning(
                Problem::new(self.place(start), "deze afbeelding staat er als gewone tekst; de foto komt niet in het verslag")
                    .hint("schrijf ![onderschrift](../fotos/naam.jpg): zonder spatie tussen ] en (, en sluit af met )"),
            );
        }
        let inl = self.finish_inlines(inl, start);
        let mut current: Vec<Inline> = Vec::new();
        for item in inl {
            if let Inline::Text { s } = &item
                && let Some(rest) = s.strip_prefix(IMAGE_MARK)
            {
                push_para(&mut current, out);
                let mut parts = rest.splitn(4, '\u{0}');
                let src = parts.next().unwrap_or_default().to_string();
                let width = parts.next().and_then(|w| w.parse().ok()).unwrap_or(1.0);
                let alt = parts.next().unwrap_or_default().to_string();
                let num = self.ctx.next_figure();
                // A caption may cite a source, like any other text.
                let caption = self.finish_inlines(vec![Inline::Text { s: alt }], start);
                out.push(Block::Figure {
                    num,
                    caption,
                    src,
                    width,
                    px: (0, 0),
                });
            } else {
                current.push(item);
            }
        }
        push_para(&mut current, out);
    }

    /// The printed level (1 to 3) of a heading written with `written` #'s;
    /// a level too deep or one that skips a level is named.
    fn heading_level(&mut self, written: usize, start: usize) -> usize {
        let level = written + 1 - self.top;
        let hashes = |n: usize| "#".repeat(n + self.top - 1);
        let above = self
            .sections
            .iter()
            .rposition(|s| *s > 0)
            .map_or(0, |i| i + 1);
        if level > 3 {
            let place = self.place(start);
            self.ctx.warning(
                Problem::new(
                    place,
                    format!(
                        "deze kop ({}) is dieper dan het verslag nummert; hij wordt gedrukt als {}",
                        hashes(level),
                        hashes(3)
                    ),
                )
                .hint(format!(
                    "gebruik {}, {} of {} voor koppen",
                    hashes(1),
                    hashes(2),
                    hashes(3)
                )),
            );
        } else if level > above + 1 {
            let place = self.place(start);
            self.ctx.warning(
                Problem::new(
                    place,
                    format!(
                        "deze kop ({}) slaat een niveau over: er staat geen {} boven",
                        hashes(level),
                        hashes(level - 1)
                    ),
                )
                .hint(format!(
                    "maak er {} van, of zet er een kop {} boven; anders krijgt hij een nummer met een .1 dat nergens staat",
                    hashes(above + 1),
                    hashes(level - 1)
                )),
            );
        }
        level.min(3)
    }

    fn section_number(&mut self, level: usize) -> String {
        self.sections[level - 1] += 1;
        for s in &mut self.sections[level..] {
            *s = 0;
        }
        if self.chapter == 0 {
            return String::new();
        }
        let mut parts = vec![self.chapter.to_string()];
        for s in &self.sections[..level] {
            parts.push(s.max(&1).to_string());
        }
        parts.join(".")
    }

    fn table(&mut self, aligns: &[Alignment], start: usize) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        let mut row: Vec<Vec<Inline>> = Vec::new();
        while let Some((e, r)) = self.next() {
            match e {
                Event::End(TagEnd::Table) => break,
                Event::Start(Tag::TableCell) => {
                    let c = self.inlines(TagEnd::TableCell);
                    row.push(self.finish_inlines(c, r.start));
                }
                Event::End(TagEnd::TableHead) => head = std::mem::take(&mut row),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                _ => {}
            }
        }
        let _ = start;
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => "auto",
                Alignment::Left => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .map(str::to_string)
            .collect();
        let num = self.ctx.next_table();
        Block::Table {
            num,
            caption: Vec::new(),
            head,
            rows,
            align,
            source: None,
        }
    }

    /// Inlines until the end tag `end`.
    /// Puts `c` in its container, or straight into `out` when the
    /// containers are already [`MAX_INLINE_DEPTH`] deep.
    fn wrap(&self, out: &mut Vec<Inline>, c: Vec<Inline>, container: fn(Vec<Inline>) -> Inline) {
        if self.open.len() >= MAX_INLINE_DEPTH {
            out.extend(c);
        } else {
            out.push(container(c));
        }
    }

    fn inlines(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        self.open.push(end);
        while let Some((event, range)) = self.next() {
            if let Event::End(tag) = &event
                && *tag == end
            {
                break;
            }
            self.inline_event(event, range, &mut out);
        }
        self.open.pop();
        out
    }

    /// Why an image cannot be a figure here, and the fix: inside a table
    /// cell, heading, link or emphasis there is no room for a numbered figure.
    fn image_misplaced(&self) -> Option<(&'static str, &'static str)> {
        let container = self.open.iter().rev().find(|e| **e != TagEnd::Paragraph)?;
        Some(match container {
            TagEnd::TableCell => (
                "in een tabel",
                "zet de foto op een eigen regel boven of onder de tabel; dan wordt het een genummerde figuur",
            ),
            TagEnd::Heading(_) => ("in een kop", "zet de foto op een eigen regel onder de kop"),
            TagEnd::Link => (
                "in een link",
                "zet de foto op een eigen regel en de link apart in de tekst: [tekst](https://…)",
            ),
            TagEnd::Image => (
                "in het onderschrift van een andere afbeelding",
                "geef elke foto een eigen regel",
            ),
            _ => (
                "in vette, schuine of doorgehaalde tekst",
                "haal de * , _ of ~~ rond de afbeelding weg",
            ),
        })
    }

    fn inline_event(&mut self, event: Event<'a>, range: Range<usize>, out: &mut Vec<Inline>) {
        match event {
            Event::Text(s) => {
                // An image Markdown did not recognise arrives as text
                // starting with "![" (then "alt", "]", "(path)").
                if s.contains("![") {
                    self.unrecognised_image(range.start);
                }
                out.push(Inline::Text { s: s.to_string() })
            }
            Event::Code(s) => out.push(Inline::Code { s: s.to_string() }),
            Event::SoftBreak => out.push(Inline::Space),
            Event::HardBreak => out.push(Inline::Br),
            Event::InlineHtml(s) | Event::Html(s) => {
                let kept = strip_comments(&s);
                if !kept.is_empty() {
                    out.push(Inline::Text { s: kept });
                }
            }
            Event::InlineMath(s) => out.push(Inline::Text {
                s: format!("${s}$"),
            }),
            Event::DisplayMath(s) => out.push(Inline::Text {
                s: format!("$${s}$$"),
            }),
            Event::FootnoteReference(label) => {
                out.push(Inline::Text {
                    s: format!("{NOTE_MARK}{label}"),
                });
            }
            Event::TaskListMarker(done) => out.push(Inline::Text {
                s: if done { "☒ ".into() } else { "☐ ".into() },
            }),
            Event::Start(Tag::Emphasis) => {
                let c = self.inlines(TagEnd::Emphasis);
                self.wrap(out, c, |c| Inline::Emph { c });
            }
            Event::Start(Tag::Strong) => {
                let c = self.inlines(TagEnd::Strong);
                self.wrap(out, c, |c| Inline::Strong { c });
            }
            Event::Start(Tag::Strikethrough) => {
                let c = self.inlines(TagEnd::Strikethrough);
                self.wrap(out, c, |c| Inline::Strike { c });
            }
            Event::Start(Tag::Superscript) => out.extend(self.inlines(TagEnd::Superscript)),
            Event::Start(Tag::Subscript) => out.extend(self.inlines(TagEnd::Subscript)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let c = self.inlines(TagEnd::Link);
                let url = dest_url.trim();
                if url.is_empty() || url.len() > MAX_URL_BYTES {
                    // PDF links have no empty form, and Typst refuses longer
                    // addresses: the words are printed without a link.
                    let (problem, fix) = if url.is_empty() {
                        (
                            format!("de link `{}` heeft geen adres", plain_text(&c)),
                            "schrijf het adres tussen de haakjes: [tekst](https://…)",
                        )
                    } else {
                        (
                            format!(
                                "het adres van de link `{}` is te lang (meer dan {MAX_URL_BYTES} tekens)",
                                plain_text(&c)
                            ),
                            "verwijs naar de pagina zelf, zonder het lange deel na het vraagteken",
                        )
                    };
                    self.ctx
                        .warning(Problem::new(self.place(range.start), problem).hint(format!(
                            "{fix}; de tekst komt nu zonder link in het verslag"
                        )));
                    out.extend(c);
                    return;
                }
                let lower = url.to_ascii_lowercase();
                if !lower.contains("://")
                    && [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".heic"]
                        .iter()
                        .any(|ext| lower.ends_with(ext))
                {
                    self.ctx.warning(
                        Problem::new(
                            self.place(range.start),
                            format!("de link `{}` wijst naar een afbeelding, maar de foto komt niet in het verslag", plain_text(&c)),
                        )
                        .hint(format!("een foto begint met een uitroepteken: ![{}]({url})", plain_text(&c))),
                    );
                }
                out.push(Inline::Link {
                    url: url.to_string(),
                    c,
                });
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let misplaced = self.image_misplaced();
                let alt = plain_text(&self.inlines(TagEnd::Image));
                let place = self.place(range.start);
                if let Some((where_, fix)) = misplaced {
                    self.ctx.problem(
                        Problem::new(place, format!("een afbeelding kan niet {where_} staan"))
                            .hint(fix),
                    );
                    return;
                }
                let width = parse_width(&title).unwrap_or_else(|| {
                    if !title.is_empty() {
                        self.ctx.problem(
                            Problem::new(
                                place.clone(),
                                format!(
                                    "de breedte \"{title}\" van de afbeelding is geen percentage"
                                ),
                            )
                            .hint("schrijf bijvoorbeeld ![onderschrift](../fotos/x.jpg \"50%\")"),
                        );
                    }
                    1.0
                });
                if alt.trim().is_empty() {
                    // The figure would print as a bare "Figuur 4", which the
                    // assignment counts against the report.
                    self.ctx.warning(
                        Problem::new(place.clone(), "deze afbeelding heeft geen onderschrift: in het verslag staat er alleen een figuurnummer onder")
                            .hint(format!("schrijf tussen [ en ] wat de foto laat zien: ![Speeltuin aan de Beijumerweg]({dest_url})")),
                    );
                }
                if let Some(src) = self.ctx.image(self.file, &dest_url, place) {
                    out.push(Inline::Text {
                        s: format!("{IMAGE_MARK}{src}\u{0}{width}\u{0}{alt}"),
                    });
                }
            }
            Event::Start(_) | Event::End(_) | Event::Rule => {}
        }
    }

    /// Reports `![…](pad met spatie.jpg)`: Markdown does not take it for an
    /// image, so without this the student would find the code in the PDF.
    fn unrecognised_image(&mut self, at: usize) {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        let line = &self.text[start..end];
        let Some(open) = line[at - start..].find("![").map(|i| at - start + i) else {
            return;
        };
        let Some(dest_at) = line[open..].find("](").map(|i| open + i + 2) else {
            return;
        };
        let Some(close) = line[dest_at..].find(')').map(|i| dest_at + i) else {
            return;
        };
        let dest = line[dest_at..close].trim();
        // A width title (`"50%"`) is allowed after the path; spaces before it are not.
        let path = match dest.find(" \"") {
            Some(i) => dest[..i].trim(),
            None => dest,
        };
        if !path.contains(char::is_whitespace) {
            return;
        }
        let place = self.place(start + open);
        self.ctx.problem(
            Problem::new(
                place,
                format!("de afbeelding `{path}` wordt niet herkend: er staat een spatie in het pad"),
            )
            .hint(format!(
                "geef het bestand een naam zonder spaties (bijvoorbeeld {}), of zet het pad tussen punthaken: ![…](<{path}>)",
                path.rsplit('/').next().unwrap_or(path).replace(char::is_whitespace, "-")
            )),
        );
    }

    /// Merges text runs and resolves citations.
    fn finish_inlines(&mut self, inl: Vec<Inline>, start: usize) -> Vec<Inline> {
        self.finish(inl, start, false)
    }

    /// Merges text, resolves citations and, outside links, links bare web
    /// addresses (as GitHub does), so they can break at their slashes.
    fn finish(&mut self, inl: Vec<Inline>, start: usize, in_link: bool) -> Vec<Inline> {
        let merged = merge_text(inl);
        let mut out = Vec::with_capacity(merged.len());
        for item in merged {
            match item {
                Inline::Text { s } if !s.starts_with('\u{0}') && s.contains("[@") => {
                    self.citations(&s, start, &mut out);
                }
                Inline::Emph { c } => out.push(Inline::Emph {
                    c: self.finish(c, start, in_link),
                }),
                Inline::Strong { c } => out.push(Inline::Strong {
                    c: self.finish(c, start, in_link),
                }),
                Inline::Strike { c } => out.push(Inline::Strike {
                    c: self.finish(c, start, in_link),
                }),
                Inline::Link { url, c } => out.push(Inline::Link {
                    url,
                    c: self.finish(c, start, true),
                }),
                other => out.push(other),
            }
        }
        if in_link {
            return out;
        }
        let mut linked = Vec::with_capacity(out.len());
        for item in out {
            match item {
                Inline::Text { s } if !s.starts_with('\u{0}') => autolink(&s, &mut linked),
                other => linked.push(other),
            }
        }
        linked
    }

    fn citations(&mut self, s: &str, start: usize, out: &mut Vec<Inline>) {
        let mut rest = s;
        while let Some(open) = rest.find("[@") {
            let Some(close_rel) = rest[open..].find(']') else {
                break;
            };
            let inner = &rest[open + 1..open + close_rel];
            let Some(items) = parse_citation(inner) else {
                out.push(Inline::Text {
                    s: rest[..open + close_rel + 1].to_string(),
                });
                rest = &rest[open + close_rel + 1..];
                continue;
            };
            if open > 0 {
                out.push(Inline::Text {
                    s: rest[..open].to_string(),
                });
            }
            let written = &rest[open..open + close_rel + 1];
            let offset = self.text[start..]
                .find(written)
                .map_or(start, |i| start + i);
            let place = self.place(offset);
            match self.ctx.cite(&items, place) {
                Some(text) => out.push(Inline::Cite {
                    s: text,
                    ids: items.into_iter().map(|(id, _)| id).collect(),
                }),
                None => out.push(Inline::Text {
                    s: written.to_string(),
                }),
            }
            rest = &rest[open + close_rel + 1..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text {
                s: rest.to_string(),
            });
        }
    }
}

fn push_para(current: &mut Vec<Inline>, out: &mut Vec<Block>) {
    // Whitespace left over next to a hoisted image is not a paragraph.
    let blank = current.iter().all(|i| match i {
        Inline::Text { s } => s.trim().is_empty(),
        Inline::Space | Inline::Br => true,
        _ => false,
    });
    if !blank {
        out.push(Block::Para {
            c: std::mem::take(current),
        });
    }
    current.clear();
}

/// `@id, p. 4; @id2` → [(id, Some("p. 4")), (id2, None)].
pub fn parse_citation(inner: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut items = Vec::new();
    for part in inner.split(';') {
        let part = part.trim();
        let body = part.strip_prefix('@')?;
        let end = body
            .find(|c: char| c == ',' || c.is_whitespace())
            .unwrap_or(body.len());
        let id = &body[..end];
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_alphanumeric() || "-_.:".contains(c))
        {
            return None;
        }
        let locator = body[end..].trim_start_matches([',', ' ']).trim();
        items.push((
            id.to_string(),
            (!locator.is_empty()).then(|| locator.to_string()),
        ));
    }
    (!items.is_empty()).then_some(items)
}

fn parse_width(title: &str) -> Option<f64> {
    let t = title.trim();
    let n: f64 = t.strip_suffix('%')?.trim().replace(',', ".").parse().ok()?;
    (n > 0.0 && n <= 100.0).then_some(n / 100.0)
}

/// Replaces `<!-- … -->` comments by spaces, keeping line breaks (and so line numbers).
pub fn blank_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("-->").map_or(rest.len(), |j| i + j + 3);
        out.extend(
            rest[i..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Whether `s` opens a `<!--` comment that it never closes.
fn unclosed_comment(s: &str) -> bool {
    s.rfind("<!--").is_some_and(|i| !s[i + 4..].contains("-->"))
}

/// Drops `<!-- … -->` comments, keeps all other HTML as typed.
pub fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i + 4..].find("-->") {
            Some(j) => rest = &rest[i + 4 + j + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Splits text at bare web addresses (`https://…`, `http://…`, `www.…`)
/// and makes each a link. Trailing punctuation and an unmatched closing
/// parenthesis stay text, as in GitHub's autolinks.
fn autolink(s: &str, out: &mut Vec<Inline>) {
    let mut rest = s;
    while let Some((at, len)) = next_address(rest) {
        if at > 0 {
            out.push(Inline::Text {
                s: rest[..at].to_string(),
            });
        }
        let shown = &rest[at..at + len];
        let url = if shown.starts_with("www.") {
            format!("https://{shown}")
        } else {
            shown.to_string()
        };
        out.push(address(url, shown));
        rest = &rest[at + len..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text {
            s: rest.to_string(),
        });
    }
}

/// The start and length of the first web address in `s`.
fn next_address(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while from < s.len() {
        let at = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| s[from..].find(p).map(|i| (from + i, p.len())))
            .min()?;
        let (start, prefix) = at;
        // Only at the start of a word: "xwww.nl" or "ahttp://" is no address.
        let starts_word = s[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
        let tail = &s[start..];
        let mut len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\u{0}'))
            .unwrap_or(tail.len());
        loop {
            let t = &tail[..len];
            let Some(last) = t.chars().next_back() else {
                break;
            };
            let unmatched_paren = last == ')' && t.matches('(').count() < t.matches(')').count();
            if matches!(
                last,
                '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~'
            ) || unmatched_paren
            {
                len -= last.len_utf8();
            } else {
                break;
            }
        }
        // "www." alone or "https://" alone is not an address.
        let host = &tail[prefix.min(len)..len];
        if starts_word
            && host.contains(|c: char| c.is_alphanumeric())
            && (prefix != 4 || host.contains('.'))
        {
            return Some((start, len));
        }
        from = start + prefix;
    }
    None
}

fn merge_text(inl: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inl.len());
    for item in inl {
        if let Inline::Text { s } = &item
            && !s.starts_with('\u{0}')
            && let Some(Inline::Text { s: prev }) = out.last_mut()
            && !prev.starts_with('\u{0}')
        {
            prev.push_str(s);
            continue;
        }
        out.push(item);
    }
    out
}

/// The title in a paragraph that gives a table its title: "Tabel:
/// Taakverdeling" (also "Tabel 1:", with any number, since tables are
/// numbered by the program, and pandoc's "Table:"). None for any other
/// paragraph, and for a label without a title.
fn table_title(c: &[Inline]) -> Option<Vec<Inline>> {
    let Some(Inline::Text { s }) = c.first() else {
        return None;
    };
    let s = s.trim_start();
    let label = s.get(..5)?;
    if !(label.eq_ignore_ascii_case("tabel") || label.eq_ignore_ascii_case("table")) {
        return None;
    }
    let rest = s[5..]
        .trim_start()
        .trim_start_matches(|ch: char| ch.is_ascii_digit())
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let mut title = Vec::with_capacity(c.len());
    if !rest.is_empty() {
        title.push(Inline::Text {
            s: rest.to_string(),
        });
    }
    title.extend(c[1..].iter().cloned());
    if plain_text(&title).trim().is_empty() {
        return None;
    }
    Some(title)
}

/// The plain text of inlines (captions, alt text).
pub fn plain_text(inl: &[Inline]) -> String {
    let mut s = String::new();
    for i in inl {
        match i {
            Inline::Text { s: t } | Inline::Code { s: t } | Inline::Cite { s: t, .. } => {
                s.push_str(t)
            }
            Inline::Emph { c }
            | Inline::Strong { c }
            | Inline::Strike { c }
            | Inline::Link { c, .. } => s.push_str(&plain_text(c)),
            Inline::Space | Inline::Br => s.push(' '),
            Inline::Note { .. } | Inline::NoteAgain { .. } => {}
        }
    }
    s
}

/// The footnote definitions of one file, filled in where they are referred to.
struct Notes<'a> {
    file: &'a str,
    defs: HashMap<String, Vec<Block>>,
    /// Labels whose note is already placed (or being filled in): a later
    /// reference prints the same number again instead of a second note.
    placed: HashSet<String>,
}

impl Notes<'_> {
    fn fill(mut self, blocks: &mut [Block]) {
        self.fill_blocks(blocks);
    }

    fn fill_blocks(&mut self, blocks: &mut [Block]) {
        for b in blocks {
            match b {
                Block::Heading { c, .. } | Block::Para { c } => self.fill_inlines(c),
                Block::Figure { caption, .. } => self.fill_inlines(caption),
                Block::List { items, .. } => items.iter_mut().for_each(|i| self.fill_blocks(i)),
                Block::Quote { c } => self.fill_blocks(c),
                Block::Table { head, rows, .. } => {
                    head.iter_mut().for_each(|c| self.fill_inlines(c));
                    rows.iter_mut().flatten().for_each(|c| self.fill_inlines(c));
                }
                _ => {}
            }
        }
    }

    fn fill_inlines(&mut self, inl: &mut [Inline]) {
        for i in inl {
            match i {
                Inline::Text { s } if s.starts_with(NOTE_MARK) => {
                    let label = s[NOTE_MARK.len()..].to_string();
                    // The file name keeps keys apart between chapters.
                    let key = format!("{}#{label}", self.file);
                    *i = match self.defs.get(&label) {
                        Some(_) if self.placed.contains(&label) => Inline::NoteAgain { key },
                        Some(c) => {
                            let mut c = c.clone();
                            // Marked before its content is filled, so a note
                            // that refers to itself cannot recurse forever.
                            self.placed.insert(label);
                            self.fill_blocks(&mut c);
                            Inline::Note { c, key }
                        }
                        None => Inline::Text {
                            s: format!("[^{label}]"),
                        },
                    };
                }
                Inline::Emph { c }
                | Inline::Strong { c }
                | Inline::Strike { c }
                | Inline::Link { c, .. } => self.fill_inlines(c),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Ctx {
        figs: u32,
        tables: u32,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
    }

    impl Context for Ctx {
        fn next_figure(&mut self) -> u32 {
            self.figs += 1;
            self.figs
        }
        fn next_table(&mut self) -> u32 {
            self.tables += 1;
            self.tables
        }
        fn image(&mut self, _file: &str, written: &str, _place: Place) -> Option<String> {
            Some(format!("/img/{written}"))
        }
        fn cite(&mut self, items: &[(String, Option<String>)], place: Place) -> Option<String> {
            if items[0].0 == "onbekend" {
                self.problems.push(Problem::new(place, "onbekende bron"));
                return None;
            }
            Some(format!("({})", items[0].0))
        }
        fn problem(&mut self, problem: Problem) {
            self.problems.push(problem);
        }
        fn warning(&mut self, problem: Problem) {
            self.warnings.push(problem);
        }
    }

    /// The warnings as "place: message".
    fn warnings(ctx: &Ctx) -> Vec<String> {
        ctx.warnings
            .iter()
            .map(|p| format!("{}: {}", p.place, p.message))
            .collect()
    }

    fn run(md: &str) -> (Vec<Block>, Ctx) {
        let mut ctx = Ctx::default();
        let blocks = parse("h.md", md, 2, "Demografische gegevens", &mut ctx);
        (blocks, ctx)
    }

    /// (number, caption as plain text) of every table, and the plain text
    /// of every paragraph, in order.
    fn tables_and_paras(b: &[Block]) -> Vec<String> {
        b.iter()
            .filter_map(|b| match b {
                Block::Table { num, caption, .. } => {
                    Some(format!("Tabel {num}: {}", plain_text(caption)))
                }
                Block::Para { c } => Some(plain_text(c)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_tabel_line_above_or_under_a_table_is_its_title() {
        let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
        let (b, ctx) = run(&format!(
            "Tabel: Taakverdeling *per week*\n\n{table}\nTekst.\n\n{table}\ntabel 7: Wie deed wat [@cbs]\n\n{table}\nTabel:\n\nTabellen: geen titel.\n\n{table}\n{table}\nTable: Uit pandoc\n\nTabel: voor de volgende\n\n{table}"
        ));
        assert!(ctx.problems.is_empty(), "{:?}", ctx.problems);
        assert_eq!(
            tables_and_paras(&b),
            [
                "Tabel 1: Taakverdeling per week",
                "Tekst.",
                "Tabel 2: Wie deed wat (cbs)",
                "Tabel 3: ",
                "Tabel:",
                "Tabellen: geen titel.",
                "Tabel 4: ",
                "Tabel 5: Uit pandoc",
                "Tabel 6: voor de volgende",
            ]
        );
        // Emphasis in the title is kept.
        let Block::Table { caption, .. } = &b[0] else {
            panic!("{:?}", b[0])
        };
        assert!(
            matches!(caption.last(), Some(Inline::Emph { .. })),
            "{caption:?}"
        );
    }

    #[test]
    fn headings_are_numbered_within_the_chapter() {
        let (b, _) = run("# Een\n\n## Twee\n\n# Drie\n");
        let nums: Vec<_> = b
            .iter()
            .filter_map(|b| match b {
                Block::Heading { num, .. } => Some(num.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(nums, ["2.1", "2.1.1", "2.2"]);
    }

    fn numbers(b: &[Block]) -> Vec<String> {
        b.iter()
            .filter_map(|b| match b {
                Block::Heading { num, level, .. } => Some(format!("{level}:{num}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_file_of_double_hash_headings_numbers_them_as_sections() {
        let (b, ctx) = run("## Een\n\n### Twee\n\n## Drie\n");
        assert_eq!(numbers(&b), ["1:2.1", "2:2.1.1", "1:2.2"]);
        assert!(ctx.warnings.is_empty(), "{:?}", ctx.warnings);
    }

    #[test]
    fn the_chapter_title_as_first_heading_is_left_out() {
        let (b, ctx) =
            run("<!-- vragen -->\n\n# Hoofdstuk 2: Demografische gegevens\n\nTekst.\n\n## Een\n");
        assert_eq!(numbers(&b), ["1:2.1"]);
        assert_eq!(ctx.warnings.len(), 1);
        assert_eq!(
            format!("{}: {}", ctx.warnings[0].place, ctx.warnings[0].message),
            "h.md:3: de kop \"Hoofdstuk 2: Demografische gegevens\" herhaalt de titel van het hoofdstuk en is weggelaten"
        );
        // Another first heading stays.
        let (b, ctx) = run("# Gegevens van het CBS\n\nTekst.\n");
        assert_eq!(numbers(&b), ["1:2.1"]);
        assert!(ctx.warnings.is_empty());
    }

    #[test]
    fn an_image_without_caption_is_named_at_its_line() {
        let (b, ctx) =
            run("Tekst.\n\n![](../fotos/speeltuin.jpg)\n\n![Speeltuin](../fotos/s.jpg)\n");
        assert_eq!(
            warnings(&ctx),
            [
                "h.md:3: deze afbeelding heeft geen onderschrift: in het verslag staat er alleen een figuurnummer onder"
            ]
        );
        assert_eq!(
            ctx.warnings[0].hint.as_deref(),
            Some(
                "schrijf tussen [ en ] wat de foto laat zien: ![Speeltuin aan de Beijumerweg](../fotos/speeltuin.jpg)"
            )
        );
        assert_eq!(
            b.iter()
                .filter(|b| matches!(b, Block::Figure { .. }))
                .count(),
            2
        );
    }

    #[test]
    fn headings_too_deep_or_skipping_a_level_are_named() {
        let (b, ctx) = run("# Een\n\n### Twee\n\n#### Drie\n");
        assert_eq!(numbers(&b), ["1:2.1", "3:2.1.1.1", "3:2.1.1.2"]);
        let w = warnings(&ctx);
        assert_eq!(
            w,
            [
                "h.md:3: deze kop (###) slaat een niveau over: er staat geen ## boven",
                "h.md:5: deze kop (####) is dieper dan het verslag nummert; hij wordt gedrukt als ###",
            ]
        );
    }

    #[test]
    fn image_paragraph_becomes_a_figure_with_width() {
        let (b, ctx) = run("Tekst.\n\n![Speeltuin](../fotos/a.jpg \"50%\")\n");
        assert_eq!(ctx.figs, 1);
        assert!(
            matches!(&b[1], Block::Figure { num: 1, width, src, .. } if *width == 0.5 && src == "/img/../fotos/a.jpg")
        );
    }

    #[test]
    fn citations_resolve_and_unknown_ids_are_reported_with_line() {
        let (b, ctx) = run("Regel een.\n\nZie [@cbs2017, p. 4] en\nook [@onbekend].\n");
        let Block::Para { c } = &b[1] else { panic!() };
        assert!(
            c.iter()
                .any(|i| matches!(i, Inline::Cite { s, .. } if s == "(cbs2017)"))
        );
        assert_eq!(ctx.problems[0].place.to_string(), "h.md:4");
    }

    #[test]
    fn comments_dropped_other_html_kept() {
        let (b, _) = run("<!-- vraag -->\n\nTekst <b>vet</b> <!-- x --> eind\n");
        assert_eq!(b.len(), 1);
        assert_eq!(
            plain_text(match &b[0] {
                Block::Para { c } => c,
                _ => panic!(),
            }),
            "Tekst <b>vet</b>  eind"
        );
    }

    #[test]
    fn footnotes_are_filled_in_place() {
        let (b, _) = run("Tekst[^1].\n\n[^1]: De noot.\n");
        let Block::Para { c } = &b[0] else { panic!() };
        assert!(matches!(&c[1], Inline::Note { c, .. } if !c.is_empty()));
    }

    #[test]
    fn footnotes_without_text_or_with_two_are_named() {
        let (_, ctx) = run(
            "Tekst[^a] en [^geen] en `[^code]`.\n\n[^a]: Eerste.\n\n[^a]: Tweede.\n\n```\n[^blok]\n```\n",
        );
        let w = warnings(&ctx);
        assert_eq!(
            w,
            [
                "h.md:5: de voetnoot `[^a]` heeft al een tekst (regel 3); deze tweede tekst wordt niet gebruikt",
                "h.md:1: de voetnoot `[^geen]` heeft nergens een tekst en komt er letterlijk te staan",
            ]
        );
        let (b, _) = run("Tekst[^a].\n\n[^a]: Eerste.\n\n[^a]: Tweede.\n");
        assert!(format!("{b:?}").contains("Eerste"), "{b:?}");
        assert!(!format!("{b:?}").contains("Tweede"), "{b:?}");
    }

    #[test]
    fn a_footnote_referred_to_twice_is_one_note() {
        let (b, _) = run("Een[^a] en weer[^a].\n\n[^a]: De noot.\n");
        let Block::Para { c } = &b[0] else { panic!() };
        let notes: Vec<_> = c
            .iter()
            .filter(|i| matches!(i, Inline::Note { .. } | Inline::NoteAgain { .. }))
            .collect();
        assert_eq!(notes.len(), 2, "{c:?}");
        let Inline::Note { key, .. } = notes[0] else {
            panic!("{c:?}")
        };
        assert_eq!(notes[1], &Inline::NoteAgain { key: key.clone() });
    }

    #[test]
    fn a_footnote_that_refers_to_itself_ends() {
        let (b, _) = run("Tekst[^z].\n\n[^z]: Zie ook [^z].\n");
        let Block::Para { c } = &b[0] else { panic!() };
        let Inline::Note { c: note, key } = &c[1] else {
            panic!("{c:?}")
        };
        let Block::Para { c: inner } = &note[0] else {
            panic!("{note:?}")
        };
        assert!(
            inner.contains(&Inline::NoteAgain { key: key.clone() }),
            "{inner:?}"
        );
    }

    #[test]
    fn bare_web_addresses_become_links() {
        let (b, _) = run(
            "Zie https://www.groningen.nl/beijum/rapport.pdf. En (www.wij.nl) of <b>http://x.nl/a_(b)</b>, niet xwww.nl.\n",
        );
        let Block::Para { c } = &b[0] else { panic!() };
        let links: Vec<(&str, String)> = c
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, c } => Some((url.as_str(), plain_text(c))),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            vec![
                (
                    "https://www.groningen.nl/beijum/rapport.pdf",
                    "https://www.groningen.nl/beijum/rapport.pdf".to_string()
                ),
                ("https://www.wij.nl", "www.wij.nl".to_string()),
                ("http://x.nl/a_(b)", "http://x.nl/a_(b)".to_string()),
            ]
        );
        assert!(plain_text(c).ends_with("niet xwww.nl."), "{c:?}");
    }

    #[test]
    fn an_address_inside_a_link_stays_its_text() {
        let (b, _) = run("[https://a.nl/x](https://b.nl)\n");
        let Block::Para { c } = &b[0] else { panic!() };
        assert_eq!(
            c,
            &vec![Inline::Link {
                url: "https://b.nl".into(),
                c: vec![Inline::Text {
                    s: "https://a.nl/x".into()
                }],
            }]
        );
    }

    #[test]
    fn citation_syntax() {
        assert_eq!(
            parse_citation("@a, p. 4; @b").unwrap(),
            vec![("a".into(), Some("p. 4".into())), ("b".into(), None)]
        );
        assert!(parse_citation("zie @a").is_none());
    }
}
