//! The document IR: everything both backends need, with every number and
//! every order already decided.
//!
//! Serialised to JSON for the Typst templates; walked directly by the DOCX
//! writer. Field names are the contract with `typst-templates/*.typ`.

use serde::Serialize;

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "kebab-case")]
pub enum Inline {
    /// Plain text, exactly as typed.
    Text {
        /// The text.
        s: String,
    },
    /// Emphasis.
    Emph {
        /// Children.
        c: Vec<Inline>,
    },
    /// Strong emphasis.
    Strong {
        /// Children.
        c: Vec<Inline>,
    },
    /// Strikethrough.
    Strike {
        /// Children.
        c: Vec<Inline>,
    },
    /// A code span.
    Code {
        /// The code, as typed.
        s: String,
    },
    /// A hyperlink.
    Link {
        /// Target address.
        url: String,
        /// Link text.
        c: Vec<Inline>,
    },
    /// A footnote, its content in place.
    Note {
        /// Footnote content.
        c: Vec<Block>,
        /// A name unique in the report, by which later references reuse it.
        key: String,
    },
    /// A second reference to a footnote: its number again, no new note.
    NoteAgain {
        /// The `key` of the footnote referred to.
        key: String,
    },
    /// A resolved citation: "(Auteur, jaar, p. 4)".
    Cite {
        /// The text to print, parentheses included.
        s: String,
        /// Ids of the sources.
        ids: Vec<String>,
    },
    /// A hard line break.
    Br,
    /// A soft line break (a space when printed).
    Space,
}

/// A block of a chapter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "kebab-case")]
pub enum Block {
    /// A section heading inside a chapter (level 1 = x.1).
    Heading {
        /// Level: 1 for `#`, 2 for `##`, 3 for deeper.
        level: u8,
        /// Section number, e.g. "2.1".
        num: String,
        /// Heading text.
        c: Vec<Inline>,
    },
    /// A paragraph.
    Para {
        /// Content.
        c: Vec<Inline>,
    },
    /// A list.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// First number of a numbered list.
        start: u64,
        /// Items, each a list of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quote (from residents, interviews).
    Quote {
        /// Content.
        c: Vec<Block>,
    },
    /// A code block.
    CodeBlock {
        /// The code.
        s: String,
    },
    /// A horizontal rule.
    Rule,
    /// A numbered figure with an image.
    Figure {
        /// Figure number through the report.
        num: u32,
        /// Caption.
        caption: Vec<Inline>,
        /// Virtual path of the prepared image.
        src: String,
        /// Width as a fraction of the text width (0–1].
        width: f64,
        /// Pixel size of the prepared image.
        px: (u32, u32),
    },
    /// A numbered table.
    Table {
        /// Table number through the report (0 = unnumbered).
        num: u32,
        /// Title above the table.
        caption: Vec<Inline>,
        /// Header row.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
        /// Column alignment: "left", "center", "right", "auto".
        align: Vec<String>,
        /// Source line under the table.
        source: Option<Vec<Inline>>,
    },
    /// A visible placeholder for a chapter that is not written yet.
    Placeholder {
        /// What is missing.
        s: String,
    },
    /// A structured part drawn by a template function (forms, charts, …).
    Part {
        /// Template function name, e.g. "windshield-ingevuld".
        kind: String,
        /// Its data.
        data: serde_json::Value,
    },
}

/// A member of the group.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Name.
    pub naam: String,
    /// Student number.
    pub studentnummer: Option<String>,
}

/// Title-page data.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Title.
    pub titel: String,
    /// Subtitle.
    pub ondertitel: Option<String>,
    /// Wijk.
    pub wijk: String,
    /// Gemeente.
    pub gemeente: String,
    /// School.
    pub school: Option<String>,
    /// Programme.
    pub opleiding: Option<String>,
    /// Class.
    pub klas: Option<String>,
    /// Teacher.
    pub docent: Option<String>,
    /// Title-page date, in Dutch words.
    pub datum: Option<String>,
    /// Hand-in date, in Dutch words.
    pub inleverdatum: Option<String>,
    /// Group members.
    pub groepsleden: Vec<Member>,
    /// The date as (year, month, day) for the PDF metadata.
    pub ymd: (i32, u8, u8),
}

/// One chapter.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// Chapter number.
    pub num: u32,
    /// Title from the template.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// One entry of the Literatuurlijst.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// Source id.
    pub id: String,
    /// APA 7 text in pieces; the title part is italic.
    pub c: Vec<Inline>,
}

/// One appendix.
#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    /// Letter: "A", "B", …
    pub letter: String,
    /// Title.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The whole report, ready for a backend.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Title-page data.
    pub meta: Meta,
    /// Chapters in order.
    pub chapters: Vec<Chapter>,
    /// Literatuurlijst, sorted APA-style.
    pub references: Vec<Reference>,
    /// Appendices in order.
    pub appendices: Vec<Appendix>,
}

impl Document {
    /// Visits every block (chapters, appendices, nested lists and quotes).
    pub fn walk_blocks(&self, f: &mut dyn FnMut(&Block)) {
        fn walk(blocks: &[Block], f: &mut dyn FnMut(&Block)) {
            for b in blocks {
                f(b);
                match b {
                    Block::List { items, .. } => items.iter().for_each(|i| walk(i, f)),
                    Block::Quote { c } => walk(c, f),
                    _ => {}
                }
            }
        }
        for c in &self.chapters {
            walk(&c.blocks, f);
        }
        for a in &self.appendices {
            walk(&a.blocks, f);
        }
    }

    /// Visits every block mutably.
    pub fn walk_blocks_mut(&mut self, f: &mut dyn FnMut(&mut Block)) {
        fn walk(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
            for b in blocks {
                f(b);
                match b {
                    Block::List { items, .. } => items.iter_mut().for_each(|i| walk(i, f)),
                    Block::Quote { c } => walk(c, f),
                    _ => {}
                }
            }
        }
        for c in &mut self.chapters {
            walk(&mut c.blocks, f);
        }
        for a in &mut self.appendices {
            walk(&mut a.blocks, f);
        }
    }
}
