//! Who handed in a report that could not be loaded: the wijk and the group
//! members, read leniently from a `verslag.toml` with mistakes, so that the
//! overview of a failed group still says whose work it is.
//!
//! A file that parses as TOML (and failed later, e.g. on an unknown key) is
//! read as TOML. A file that does not parse is scanned line by line: only a
//! `wijk = "…"` under `[verslag]` and a `naam = "…"` / `studentnummer = "…"`
//! under `[[groepsleden]]` are taken, each only when its value on its own is
//! valid TOML. Nothing is guessed: a value that cannot be read is left out.

use crate::error::{Place, line_col};
use crate::model::{Spans, VERSLAG_TOML};

/// What could be read from a `verslag.toml` that could not be loaded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Readable {
    /// `wijk` of `[verslag]`, trimmed, with where it is written.
    pub wijk: Option<(String, Place)>,
    /// Each `[[groepsleden]]` whose name could be read, in order.
    pub leden: Vec<Lid>,
}

/// One group member read from a broken file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lid {
    /// The name, trimmed.
    pub naam: String,
    /// The studentnummer, trimmed; "" when not given or not readable.
    pub studentnummer: String,
    /// Where the name is written.
    pub plaats: Place,
}

/// Reads what can be read of `text`, the contents of `verslag.toml`.
pub fn read(text: &str) -> Readable {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.parse::<toml::Table>() {
        Ok(table) => from_table(&table, text),
        Err(_) => scan(text),
    }
}

fn text_of(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.trim().to_string()),
        toml::Value::Integer(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn from_table(table: &toml::Table, text: &str) -> Readable {
    let spans = Spans::new(VERSLAG_TOML, text);
    let wijk = table
        .get("verslag")
        .and_then(|v| v.get("wijk"))
        .filter(|w| w.is_str())
        .and_then(text_of)
        .map(|w| (w, spans.place("verslag.wijk")));
    let leden = match table.get("groepsleden") {
        Some(toml::Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let naam = item.get("naam").filter(|n| n.is_str()).and_then(text_of)?;
                Some(Lid {
                    naam,
                    studentnummer: item
                        .get("studentnummer")
                        .and_then(text_of)
                        .unwrap_or_default(),
                    plaats: spans.place(&format!("groepsleden[{i}].naam")),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Readable { wijk, leden }
}

/// The table a line of the scan belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Before the first header: keys of the root table.
    Root,
    Verslag,
    Groepslid,
    /// Any other table, or a header that could not be read.
    Other,
}

/// A member being read: the name (with its place) and the number.
type Reading = Option<(Option<(String, Place)>, Option<String>)>;

/// A line-by-line reading of a file that does not parse.
fn scan(text: &str) -> Readable {
    let mut out = Readable::default();
    let mut section = Section::Root;
    // The member being read: name (with place) and number.
    let mut lid: Reading = None;
    // The closing quotes of a multi-line string that is open.
    let mut open: Option<&str> = None;
    let mut offset = 0;
    let finish = |lid: &mut Reading, out: &mut Readable| {
        if let Some((Some((naam, plaats)), nummer)) = lid.take() {
            out.leden.push(Lid {
                naam,
                studentnummer: nummer.unwrap_or_default(),
                plaats,
            });
        }
    };
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if let Some(close) = open {
            if line.contains(close) {
                open = None;
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            finish(&mut lid, &mut out);
            section = match header(trimmed) {
                Some((true, "groepsleden")) => {
                    lid = Some((None, None));
                    Section::Groepslid
                }
                Some((false, "verslag")) => Section::Verslag,
                _ => Section::Other,
            };
            continue;
        }
        let Some((key, rest)) = trimmed.split_once('=') else {
            continue;
        };
        let rest_trimmed = rest.trim_start();
        // A multi-line string: skip its lines, whatever they look like.
        if let Some(quotes) = ["\"\"\"", "'''"]
            .into_iter()
            .find(|q| rest_trimmed.starts_with(q))
        {
            if !rest_trimmed[3..].contains(quotes) {
                open = Some(quotes);
            }
            continue;
        }
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        let value = || {
            let parsed: toml::Table = format!("v = {rest_trimmed}").parse().ok()?;
            parsed.get("v").and_then(text_of)
        };
        let place = || {
            let at =
                start + line.len() - line.trim_start().len() + trimmed.len() - rest_trimmed.len();
            let (l, c) = line_col(text, at);
            Place::at(VERSLAG_TOML, l, c)
        };
        match (section, key) {
            (Section::Verslag, "wijk")
                if out.wijk.is_none() && rest_trimmed.starts_with(['"', '\'']) =>
            {
                out.wijk = value().map(|w| (w, place()));
            }
            (Section::Groepslid, "naam") => {
                if let Some(l) = lid.as_mut().filter(|l| l.0.is_none())
                    && rest_trimmed.starts_with(['"', '\''])
                {
                    l.0 = value().map(|n| (n, place()));
                }
            }
            (Section::Groepslid, "studentnummer") => {
                if let Some(l) = lid.as_mut().filter(|l| l.1.is_none()) {
                    l.1 = value();
                }
            }
            _ => {}
        }
    }
    finish(&mut lid, &mut out);
    out
}

/// `[name]` → `(false, name)`, `[[name]]` → `(true, name)`, comments
/// allowed after it; `None` for a header that is not well formed.
fn header(line: &str) -> Option<(bool, &str)> {
    let line = match line.find('#') {
        Some(i) => line[..i].trim_end(),
        None => line,
    };
    if let Some(inner) = line.strip_prefix("[[") {
        let name = inner.strip_suffix("]]")?;
        (!name.contains(['[', ']'])).then_some((true, name.trim()))
    } else {
        let name = line.strip_prefix('[')?.strip_suffix(']')?;
        (!name.contains(['[', ']'])).then_some((false, name.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &str = "# Wijkanalyse\n\n[verslag]\ntitel = Wijkanalyse Hoogkerk\nwijk = \"Hoogkerk\"   # de wijk\nbeschrijving = \"\"\"\n[[groepsleden]]\nnaam = \"Niet echt\"\n\"\"\"\n\n[[groepsleden]]\nnaam = \"Kim Vos\"\nstudentnummer = \"405301\"\n\n[[groepsleden]]\nnaam = 'Luuk Post'\nstudentnummer = 405302\n\n[[groepsleden]]\nnaam = Mila Kuiper\nstudentnummer = \"405303\"\n\n[[groepsleden]\nnaam = \"Sem Hendriks\"\n";

    #[test]
    fn a_broken_file_gives_what_it_says_and_nothing_more() {
        let r = read(BROKEN);
        let (wijk, at) = r.wijk.unwrap();
        assert_eq!(wijk, "Hoogkerk");
        assert_eq!(at.to_string(), "verslag.toml:5:8");
        let leden: Vec<(String, String, String)> = r
            .leden
            .iter()
            .map(|l| {
                (
                    l.naam.clone(),
                    l.studentnummer.clone(),
                    l.plaats.to_string(),
                )
            })
            .collect();
        // Not the name inside the multi-line string, not the unquoted name,
        // not the one under the broken header.
        assert_eq!(
            leden,
            [
                (
                    "Kim Vos".into(),
                    "405301".into(),
                    "verslag.toml:12:8".into()
                ),
                (
                    "Luuk Post".into(),
                    "405302".into(),
                    "verslag.toml:16:8".into()
                ),
            ]
        );
    }

    #[test]
    fn an_unquoted_wijk_is_not_read() {
        let r = read("[verslag]\ntitel = \"x\nwijk = Beijum\n");
        assert_eq!(r, Readable::default());
    }

    #[test]
    fn a_valid_file_is_read_as_toml() {
        let r = read(
            "groepsleden = [{ naam = \"Kim Vos\", studentnummer = \"1\" }]\n[verslag]\nwijk = \" Beijum \"\nonbekend = 1\n",
        );
        assert_eq!(r.wijk.unwrap().0, "Beijum");
        assert_eq!(r.leden[0].naam, "Kim Vos");
        assert_eq!(r.leden[0].studentnummer, "1");
        assert_eq!(r.leden[0].plaats.to_string(), "verslag.toml:1:25");
    }
}
