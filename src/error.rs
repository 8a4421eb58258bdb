//! Errors that name the place and the cure.

use std::fmt;

/// A place in a group's files: `verslag.toml:14:9` or `hoofdstukken/2-gegevens.md:7`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Place {
    /// Path relative to the group folder (or the path the user gave).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl Place {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Place {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// A line and column within a file.
    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    /// A line within a file.
    pub fn line(file: impl Into<String>, line: usize) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: None,
        }
    }

    /// The place of byte `offset` in `text`.
    pub fn from_offset(file: impl Into<String>, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Place::at(file, line, column)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem with the input: where, what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Where the problem is.
    pub place: Place,
    /// What is wrong (Dutch, lowercase start).
    pub message: String,
    /// What to do about it (Dutch).
    pub hint: Option<String>,
}

impl Problem {
    /// A problem without a hint.
    pub fn new(place: Place, message: impl Into<String>) -> Self {
        Problem {
            place,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds the cure.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  tip: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The group's input has one or more problems (exit status 1).
    #[error("{}", display_problems(.0))]
    Input(Vec<Problem>),
    /// Reading or writing a file outside the group failed.
    #[error("{path}: {message}")]
    Io {
        /// The path involved.
        path: String,
        /// What went wrong, in Dutch.
        message: String,
    },
    /// A bug in the program (a template diagnostic, a panic): not the student's fault.
    #[error(
        "interne fout in wijkverslag: {0}\n  tip: dit is een fout in het programma, niet in jullie verslag; meld het bij de docent"
    )]
    Internal(String),
}

fn display_problems(problems: &[Problem]) -> String {
    capped(problems, "fout", "fouten").join("\n")
}

/// Counts one more for `file` in `per_file` (in order of first
/// appearance); how many `file` has now.
pub(crate) fn count_in<'a>(per_file: &mut Vec<(&'a str, usize)>, file: &'a str) -> usize {
    match per_file.iter_mut().find(|(f, _)| *f == file) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            per_file.push((file, 1));
            1
        }
    }
}

/// Problems printed per file before the rest is only counted.
pub(crate) const SHOWN_PER_FILE: usize = 20;

/// The problems as "label: place: message" lines, at most
/// [`SHOWN_PER_FILE`] of a file and then one line counting the rest: a
/// chapter pasted from a web page can give thousands of the same
/// complaint, which would bury everything else on the screen.
pub fn capped(problems: &[Problem], label: &str, plural: &str) -> Vec<String> {
    let mut per_file: Vec<(&str, usize)> = Vec::new();
    let mut lines = Vec::new();
    for p in problems {
        if count_in(&mut per_file, &p.place.file) <= SHOWN_PER_FILE {
            lines.push(format!("{label}: {p}"));
        }
    }
    for (file, n) in per_file.into_iter().filter(|(_, n)| *n > SHOWN_PER_FILE) {
        lines.push(format!(
            "{label}: {file}: en nog {} {plural} in dit bestand\n  tip: verbeter eerst de bovenste; vaak verdwijnen de andere dan vanzelf",
            n - SHOWN_PER_FILE
        ));
    }
    lines
}

impl Error {
    /// One input problem.
    pub fn input(problem: Problem) -> Self {
        Error::Input(vec![problem])
    }

    /// An I/O error on a path, translated to Dutch.
    pub fn io(path: impl fmt::Display, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.to_string(),
            message: io_message(err),
        }
    }
}

/// A Dutch description of an I/O error.
pub fn io_message(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "bestand of map bestaat niet".into(),
        PermissionDenied => "geen toegang (rechten)".into(),
        AlreadyExists => "bestaat al".into(),
        IsADirectory => "is een map, geen bestand".into(),
        NotADirectory => "is geen map".into(),
        StorageFull => "de schijf is vol".into(),
        _ => format!("lezen of schrijven mislukt ({err})"),
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The first `max` characters of `s`, with "…" when cut: for student text
/// quoted in a message.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>().trim_end())
    }
}

/// The closest of `known` to `candidate`, for "bedoelde je …?" hints.
pub fn closest<'a>(candidate: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for k in known {
        let score = strsim::jaro_winkler(&candidate.to_lowercase(), &k.to_lowercase());
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((k, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.75).map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_problems_of_one_file_are_counted_after_twenty() {
        let mut problems: Vec<Problem> = (1..=25)
            .map(|i| Problem::new(Place::line("a.md", i), "[[x]] is geen onderdeel"))
            .collect();
        problems.insert(3, Problem::new(Place::line("b.md", 1), "anders"));
        let lines = capped(&problems, "waarschuwing", "waarschuwingen");
        assert_eq!(lines.len(), 22);
        assert_eq!(lines[3], "waarschuwing: b.md:1: anders");
        assert_eq!(lines[20], "waarschuwing: a.md:20: [[x]] is geen onderdeel");
        assert_eq!(
            lines[21],
            "waarschuwing: a.md: en nog 5 waarschuwingen in dit bestand\n  tip: verbeter eerst de bovenste; vaak verdwijnen de andere dan vanzelf"
        );
        let few = capped(&problems[..4], "fout", "fouten");
        assert_eq!(few.len(), 4);
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, text.find('=').unwrap()), (1, 3));
        let second_eq = text.rfind('=').unwrap();
        assert_eq!(line_col(text, second_eq), (2, 4));
    }

    #[test]
    fn closest_suggests_and_refuses() {
        let keys = ["titel", "ondertitel", "wijk"];
        assert_eq!(closest("titl", keys), Some("titel"));
        assert_eq!(closest("zzzzzz", keys), None);
    }
}
