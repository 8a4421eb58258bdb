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
    problems
        .iter()
        .map(|p| format!("fout: {p}"))
        .collect::<Vec<_>>()
        .join("\n")
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
