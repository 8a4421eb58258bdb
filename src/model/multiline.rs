//! A text left open. Between `"""` TOML reads on until the next `"""`,
//! usually the opening of the next key's text, and reports a puzzling error
//! lines later. Between single `"` a text must end on its own line; a
//! paragraph pasted into one (a blank line, a second line ending in `"`) is
//! reported by the parser at the pasted line, as a key without a value or
//! as curly quotes. These find the text that was left open.

use crate::error::{Place, Problem};

/// The problem to report instead of the parser's, when a `"""` (or `'''`)
/// text opened before the error at byte `at` was closed by what looks like
/// the opening of the next key (`grenzen = """`) or not at all.
pub fn unclosed(file: &str, text: &str, at: usize) -> Option<Problem> {
    let error_line = crate::error::line_col(text, at).0;
    // (line, " van `key`", delimiter) of the text being read, if any.
    let mut open: Option<(usize, String, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if number > error_line {
            break;
        }
        match &open {
            None => {
                for delim in ["\"\"\"", "'''"] {
                    if line.matches(delim).count() % 2 == 1 {
                        let shown = key_shown(&line[..line.find(delim).unwrap_or(0)]);
                        open = Some((number, shown, delim));
                        break;
                    }
                }
            }
            Some((start, shown, delim)) => {
                if !line.contains(delim) {
                    continue;
                }
                if opens_next_key(line, delim) {
                    return Some(
                        Problem::new(
                            Place::line(file, *start),
                            format!(
                                "de tekst{shown} begint hier met {delim} maar wordt niet afgesloten: de {delim} op regel {number} sluit hem nu af, en daarna klopt de rest niet meer"
                            ),
                        )
                        .hint(format!(
                            "zet {delim} aan het eind van de tekst{shown}, vóór regel {number}"
                        )),
                    );
                }
                if line.matches(*delim).count() % 2 == 1 {
                    open = None;
                }
            }
        }
    }
    // Never closed: the parser names the end of the file.
    let (start, shown, delim) = open?;
    (text[at.min(text.len())..].trim().is_empty()).then(|| {
        Problem::new(
            Place::line(file, start),
            format!("de tekst{shown} begint hier met {delim} maar wordt nergens afgesloten"),
        )
        .hint(format!("zet {delim} aan het eind van de tekst{shown}"))
    })
}

/// The problem to report instead of the parser's, when a text between
/// single `"` (or `'`) opened on a line before the error at byte `at` runs
/// to the end of that line.
pub fn line_left_open(file: &str, text: &str, at: usize) -> Option<Problem> {
    let error_line = crate::error::line_col(text, at).0;
    // The delimiter of the `"""` or `'''` text being read, if any.
    let mut long: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if number > error_line {
            break;
        }
        let mut rest = line;
        loop {
            if let Some(delim) = long {
                let Some(end) = closing(rest, delim) else {
                    break;
                };
                long = None;
                rest = &rest[end..];
            }
            // The first quote or comment outside a text.
            let Some(start) = rest.find(['"', '\'', '#']) else {
                break;
            };
            let after = &rest[start..];
            if after.starts_with('#') {
                break;
            }
            if let Some(delim) = ["\"\"\"", "'''"].into_iter().find(|d| after.starts_with(d)) {
                long = Some(delim);
                rest = &after[3..];
                continue;
            }
            let quote = &after[..1];
            if let Some(end) = closing(&after[1..], quote) {
                rest = &after[1 + end..];
                continue;
            }
            let before = &line[..line.len() - after.len()];
            // A quote inside a text (`'s avonds`, `"oma Jans"`) ends the
            // text early; what follows is not a value and the parser says
            // so on this line.
            if !before.trim_end().ends_with(['=', '[', ',', '{']) {
                break;
            }
            // On its own line the parser names it well ("geen sluitend
            // aanhalingsteken"), column and all.
            if number == error_line {
                return None;
            }
            let shown = key_shown(before);
            // The line a student's closing quote is on, before the next key.
            let closed_later = text
                .lines()
                .skip(number)
                .take_while(|l| !opens_next_key(l, quote))
                .position(|l| l.trim_end().ends_with(quote))
                .map(|k| number + 1 + k);
            let message = match closed_later {
                Some(n) => format!(
                    "de tekst{shown} begint hier met {quote} maar loopt door tot de {quote} op regel {n}; tussen enkele {quote} moet een tekst op één regel staan"
                ),
                None => format!(
                    "de tekst{shown} begint hier met {quote} maar wordt op deze regel niet afgesloten"
                ),
            };
            return Some(Problem::new(Place::line(file, number), message).hint(format!(
                "zet de tekst op één regel met een {quote} aan het eind; is het meer dan één alinea, zet de tekst dan tussen {quote}{quote}{quote} en {quote}{quote}{quote}"
            )));
        }
    }
    None
}

/// The byte just after the `delim` that closes a text in `s`, skipping
/// escapes in `"` texts; `None` when the line ends first.
fn closing(s: &str, delim: &str) -> Option<usize> {
    let escapes = delim.starts_with('"');
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if escapes && rest.starts_with('\\') {
            i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
        } else if rest.starts_with(delim) {
            return Some(i + delim.len());
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

/// " van `key`" for the key right before a text's opening quote, also in
/// `{ a = 1, b = "`; empty when there is none.
fn key_shown(before: &str) -> String {
    let before = before.trim_end().trim_end_matches('=').trim_end();
    let key = before.rsplit([',', '{', ' ', '\t']).next().unwrap_or("");
    if key.is_empty() {
        String::new()
    } else {
        format!(" van `{key}`")
    }
}

/// Whether `line` reads as `key = """` (possibly with text after it): the
/// start of the next text rather than the end of the one before.
fn opens_next_key(line: &str, delim: &str) -> bool {
    let Some((key, value)) = line.split_once('=') else {
        return false;
    };
    let key = key.trim();
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"'))
        && value.trim_start().starts_with(delim)
}

#[cfg(test)]
mod tests {
    use super::{line_left_open, unclosed};

    #[test]
    fn the_text_left_open_is_named_not_the_line_after() {
        let text = "[a]\ngeschiedenis = \"\"\"\nregel een\nregel twee.\ngrenzen = \"\"\"\nIn het westen\n\"\"\"\n";
        let at = text.find("In het westen").unwrap();
        let p = unclosed("verslag.toml", text, at).unwrap();
        assert_eq!(p.place.line, Some(2));
        assert!(p.message.contains("`geschiedenis`"), "{}", p.message);
        assert!(p.message.contains("regel 5"), "{}", p.message);
    }

    #[test]
    fn a_text_in_an_inline_table_and_one_never_closed() {
        let text = "[c]\nx = { oordeel = \"goed\", toelichting = \"\"\"Veel groen. }\ny = 1\n";
        let p = unclosed("verslag.toml", text, text.len()).unwrap();
        assert_eq!(p.place.line, Some(2));
        assert!(p.message.contains("`toelichting`"), "{}", p.message);
        assert!(p.message.contains("nergens afgesloten"), "{}", p.message);
    }

    #[test]
    fn a_paragraph_pasted_between_single_quotes_is_named_where_it_starts() {
        // The parser stops at line 5, where curly quotes follow.
        let text = "[w]\n# \"uitleg\" met 'quotes'\ngeschiedenis = \"Gebouwd in de jaren ’60.\n\nDe naam (‘wierde’).\"\nx = 1\n";
        let at = text.find("De naam").unwrap();
        let p = line_left_open("verslag.toml", text, at).unwrap();
        assert_eq!(p.place.line, Some(3));
        assert!(p.message.contains("`geschiedenis`"), "{}", p.message);
        assert!(p.message.contains("regel 5"), "{}", p.message);
    }

    #[test]
    fn quotes_inside_texts_and_long_texts_are_not_taken_for_an_open_one() {
        let text = "[w]\na = 'zei \"ja\"'\nb = \"it's \\\"fijn\\\"\"\nc = \"\"\"\neen \"\nregel\n\"\"\"\nd = [\"x\", 'y'] # \"\nfout\n";
        let at = text.find("fout").unwrap();
        assert!(line_left_open("verslag.toml", text, at).is_none());
        // A quote inside a text, or a text open on the error's own line,
        // is left to the parser's message.
        let text = "[w]\na = 'Beijum, 's avonds'\nb = 1\n";
        assert!(line_left_open("verslag.toml", text, text.find("b =").unwrap()).is_none());
        let text = "[w]\na = \"Beijum\nb = 1\n";
        assert!(line_left_open("verslag.toml", text, text.find("Beijum").unwrap()).is_none());
    }

    #[test]
    fn closed_texts_are_left_alone() {
        let text =
            "[a]\nx = \"\"\"\neen\n\"\"\"\ny = \"\"\"twee\"\"\"\nz = \"\"\"\ndrie\"\"\"\nfout\n";
        let at = text.find("fout").unwrap();
        assert!(unclosed("verslag.toml", text, at).is_none());
    }
}
