//! A text between `"""` that is not closed: TOML then reads on until the
//! next `"""`, usually the opening of the next key's text, and reports a
//! puzzling error lines later. This finds the text that was left open.

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
                        // The key right before the delimiter, also in `{ a = 1, b = """`.
                        let before = &line[..line.find(delim).unwrap_or(0)];
                        let before = before.trim_end().trim_end_matches('=').trim_end();
                        let key = before.rsplit([',', '{', ' ', '\t']).next().unwrap_or("");
                        // " van `key`", as the messages name the text.
                        let shown = if key.is_empty() {
                            String::new()
                        } else {
                            format!(" van `{key}`")
                        };
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
    use super::unclosed;

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
    fn closed_texts_are_left_alone() {
        let text =
            "[a]\nx = \"\"\"\neen\n\"\"\"\ny = \"\"\"twee\"\"\"\nz = \"\"\"\ndrie\"\"\"\nfout\n";
        let at = text.find("fout").unwrap();
        assert!(unclosed("verslag.toml", text, at).is_none());
    }
}
