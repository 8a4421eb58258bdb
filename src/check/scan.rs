//! One pass over the group's Markdown with the same parser `build` uses,
//! collecting what the rules need: words of prose, figures, citations and
//! the problems that would stop a build, each with its place.

use std::collections::BTreeMap;

use crate::document::Block;
use crate::document::lower::{chapter_titles, resolve_image};
use crate::document::markdown::{self, Context, plain_text};
use crate::document::slots::Placed;
use crate::document::toml_cites::{self, TomlCite};
use crate::error::{Place, Problem};
use crate::model::Model;

/// What one Markdown file holds.
#[derive(Debug, Default, Clone)]
pub struct FileScan {
    /// Path relative to the group folder.
    pub path: String,
    /// Words of prose (paragraphs, lists, quotes; not headings, comments or tables).
    pub words: usize,
    /// Images that exist and become figures.
    pub figures: usize,
    /// Every cited id with the place of its citation, in text order.
    pub cites: Vec<(String, Place)>,
    /// Images that do not exist, bad widths: what stops a build.
    pub problems: Vec<Problem>,
    /// What `build` warns about in the Markdown (heading levels, a repeated
    /// chapter title, a comment that is never closed).
    pub warnings: Vec<Problem>,
}

/// The scan of all chapters and appendices.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    /// Chapter files by chapter number.
    pub chapters: BTreeMap<u32, FileScan>,
    /// The `[[bijlagen]]` files, in order.
    pub bijlagen: Vec<FileScan>,
    /// The citations in the texts of `verslag.toml` that the parts print.
    pub toml_cites: Vec<TomlCite>,
}

impl Scan {
    /// Scans every Markdown file of the model.
    pub fn new(model: &Model) -> Scan {
        let titles = chapter_titles(model.sjabloon());
        let chapters = model
            .chapters
            .iter()
            .map(|(num, md)| {
                let title = titles.get(*num as usize - 1).copied().unwrap_or("");
                (*num, scan_file(model, &md.path, &md.text, *num, title))
            })
            .collect();
        let bijlagen = model
            .bijlagen
            .iter()
            .map(|md| scan_file(model, &md.path, &md.text, 0, ""))
            .collect();
        Scan {
            chapters,
            bijlagen,
            toml_cites: toml_cites::cites(model),
        }
    }

    /// Every file scanned: chapters in order, then appendices.
    pub fn files(&self) -> impl Iterator<Item = &FileScan> {
        self.chapters.values().chain(self.bijlagen.iter())
    }
}

fn scan_file(model: &Model, path: &str, text: &str, chapter: u32, title: &str) -> FileScan {
    let mut ctx = Collect {
        model,
        figures: 0,
        tables: 0,
        cites: Vec::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        placed: Placed::default(),
    };
    let blocks = markdown::parse(path, text, chapter, title, &mut ctx);
    FileScan {
        path: path.to_string(),
        words: prose_words(&blocks),
        figures: ctx.figures as usize,
        cites: ctx.cites,
        problems: ctx.problems,
        warnings: ctx.warnings,
    }
}

/// Words in paragraphs, lists and quotes: the text a teacher reads as prose.
fn prose_words(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Para { c } => count_words(&plain_text(c)),
            Block::List { items, .. } => items.iter().map(|i| prose_words(i)).sum(),
            Block::Quote { c } => prose_words(c),
            _ => 0,
        })
        .sum()
}

/// Words: runs of characters with at least one letter or digit.
pub fn count_words(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

struct Collect<'m> {
    model: &'m Model,
    figures: u32,
    tables: u32,
    cites: Vec<(String, Place)>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    /// The parts this file placed with `[[naam]]` (one file per chapter).
    placed: Placed,
}

impl Context for Collect<'_> {
    fn next_figure(&mut self) -> u32 {
        self.figures += 1;
        self.figures
    }

    fn next_table(&mut self) -> u32 {
        self.tables += 1;
        self.tables
    }

    /// Resolves like `lower` does: relative to the Markdown file, else to the group folder.
    fn image(&mut self, file: &str, written: &str, place: Place) -> Option<String> {
        resolve_image(self.model, file, written, &place)
            .map_err(|problem| self.problems.push(problem))
            .ok()
    }

    /// Records every id; the text does not matter (citations are not prose words).
    fn cite(&mut self, items: &[(String, Option<String>)], place: Place) -> Option<String> {
        for (id, _) in items {
            self.cites.push((id.clone(), place.clone()));
        }
        Some(String::new())
    }

    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn warning(&mut self, problem: Problem) {
        self.warnings.push(problem);
    }

    /// Says what `build` would say of a `[[naam]]` it cannot place; a
    /// placed part is not the students' text, so it adds nothing to count.
    fn part(&mut self, chapter: u32, name: &str, place: Place) -> Option<Vec<Block>> {
        match self.placed.take(self.model, chapter, name, place) {
            Ok(_) => Some(Vec::new()),
            Err(refusal) => refusal.report(|problem| self.warnings.push(problem)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::count_words;

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(count_words("Beijum is een wijk - in 1970 gebouwd."), 7);
        assert_eq!(count_words("  — … "), 0);
    }
}
