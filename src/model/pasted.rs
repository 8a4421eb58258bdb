//! Markdown pasted from Word or Google Docs: bullets that are characters
//! (`•` and a tab) instead of `- `, a non-breaking space after `-` or `1.`,
//! a heading without a space after `#`, paragraphs on single lines without
//! a blank line between them. Markdown reads all of these as running text,
//! so a list comes out as `•Eenzaamheid •Groen` on one line. The bullets
//! and spaces are what the student meant and are read as such; the other
//! two are named, because the student has to choose.

use crate::error::{Place, Problem};

/// Bullet characters of word processors, followed by a space or tab.
const BULLETS: [char; 9] = ['•', '·', '▪', '◦', '●', '○', '■', '□', '➢'];

/// A line longer than this is a paragraph of a word processor, not a line
/// typed in an editor.
const PARAGRAPH_LINE: usize = 80;

/// `text` with pasted bullets as Markdown list items, and warnings for what
/// only the student can fix. Every line keeps its number.
pub fn tidy(path: &str, text: &str) -> (String, Vec<Problem>) {
    let mut out = String::with_capacity(text.len());
    let mut warnings = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    // (line, next line) of paragraph lines that run on: the first, and how many.
    let mut run_on: Option<(usize, usize)> = None;
    let mut run_ons = 0;
    let mut previous: Option<&str> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let number = i + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            previous = None;
            continue;
        }
        // A comment (the guide's questions) is no paragraph.
        if in_comment || body.contains("<!--") {
            in_comment = match body.rfind("<!--") {
                Some(open) => !body[open..].contains("-->"),
                None => !body.contains("-->"),
            };
            out.push_str(line);
            previous = None;
            continue;
        }
        if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
            out.push_str(line);
            previous = None;
            continue;
        }
        let fixed = list_item(body);
        if let Some(item) = &fixed {
            out.push_str(item);
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
        if let Some(rest) = heading_without_space(trimmed) {
            warnings.push(
                Problem::new(
                    Place::line(path, number),
                    "deze regel begint met # zonder spatie erna en wordt daardoor geen kop",
                )
                .hint(format!(
                    "is het een kop, zet dan een spatie na de #: `{} {rest}`",
                    &trimmed[..trimmed.len() - rest.len()]
                )),
            );
        }
        let current = fixed.is_none().then_some(body);
        if let (Some(before), Some(now)) = (previous, current)
            && runs_on(before, now)
        {
            run_ons += 1;
            run_on.get_or_insert((number - 1, number));
        }
        previous = current.filter(|l| !l.trim().is_empty());
    }
    if let Some((first, next)) = run_on {
        let more = match run_ons {
            1 => String::new(),
            2 => " (en nog één keer verderop)".to_string(),
            n => format!(" (en nog {} keer verderop)", n - 1),
        };
        warnings.push(
            Problem::new(
                Place::line(path, first),
                format!("regel {first} en {next} worden één alinea: er staat geen witregel tussen{more}"),
            )
            .hint("zijn het aparte alinea's (geplakt uit Word of Google Docs), zet er dan een lege regel tussen; alleen een witregel begint een nieuwe alinea"),
        );
    }
    (out, warnings)
}

/// The line as a Markdown list item, when it is one a word processor made:
/// `•\tEenzaamheid` as `- Eenzaamheid`, `o\tGroen` (the second level) as
/// `  - Groen`, and `-`, `*` or `1.` with a non-breaking space after it.
fn list_item(line: &str) -> Option<String> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let space = |s: &str| s.starts_with([' ', '\t', '\u{a0}', '\u{202f}']);
    let after = |s: &str| {
        s.trim_start_matches([' ', '\t', '\u{a0}', '\u{202f}'])
            .to_string()
    };
    if BULLETS.contains(&first) && space(rest) && !after(rest).is_empty() {
        return Some(format!("- {}", after(rest)));
    }
    if first == 'o' && rest.starts_with('\t') && !after(rest).is_empty() {
        return Some(format!("  - {}", after(rest)));
    }
    // `-`, `*`, `+` or `12.` / `12)` and then a non-breaking space.
    let marker_end = if matches!(first, '-' | '*' | '+') {
        first.len_utf8()
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        match line[digits..].chars().next() {
            Some('.' | ')') if digits > 0 && digits < 10 => digits + 1,
            _ => return None,
        }
    };
    let tail = &line[marker_end..];
    (tail.starts_with(['\u{a0}', '\u{202f}']) && !after(tail).is_empty())
        .then(|| format!("{} {}", &line[..marker_end], after(tail)))
}

/// What follows `#`…`######` when no space does (`#Inleiding`): a heading
/// meant, not a hashtag or a number (`#1`).
fn heading_without_space(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && rest.starts_with(char::is_alphabetic)).then_some(rest)
}

/// Whether two lines of one paragraph are two paragraphs of a word
/// processor: a long line that ends a sentence, and a next one that starts
/// one.
fn runs_on(before: &str, now: &str) -> bool {
    let plain = |l: &str| {
        let t = l.trim_start();
        !t.is_empty()
            && !t.starts_with(['#', '>', '|', '-', '*', '+', '<', '!', '['])
            && !t.starts_with(|c: char| c.is_ascii_digit())
            && !l.starts_with("    ")
            && !l.starts_with('\t')
    };
    plain(before)
        && plain(now)
        && before.chars().count() > PARAGRAPH_LINE
        && before
            .trim_end()
            .ends_with(['.', '!', '?', ':', '"', '”', ')'])
        && !before.ends_with("  ")
        && now.trim_start().starts_with(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn bullets_and_spaces_of_word_become_list_items() {
        let text = "Conclusie:\n•\tEenzaamheid: slecht\no\tOuderen\n·\tGroen: goed\n-\u{a0}punt een\n1.\u{a0}stap een\n";
        let (out, warnings) = tidy("h.md", text);
        assert_eq!(
            out,
            "Conclusie:\n- Eenzaamheid: slecht\n  - Ouderen\n- Groen: goed\n- punt een\n1. stap een\n"
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn code_prose_and_hashtags_stay_as_they_are() {
        let long = "Welke voorzieningen zijn er in de wijk, en wie gebruiken ze? ".repeat(4);
        let text = format!(
            "```\n•\tin code\n#niet\n```\nDe o\tblijft. #1 en #wijk midden in de zin.\n#1 probleem\n– zegt hij.\n<!--\n{long}\nVraag twee?\n-->\n"
        );
        let (out, warnings) = tidy("h.md", &text);
        assert_eq!(out, text);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_heading_without_space_and_run_on_paragraphs_are_named() {
        let long = "Beijum is een wijk in het noordoosten van Groningen. ".repeat(5);
        let text =
            format!("#Inleiding\r\n\r\n{long}\r\nDe tweede alinea.\r\n\r\n{long}\r\nNog een.\r\n");
        let (out, warnings) = tidy("h.md", &text);
        assert_eq!(out, text);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].place.line, Some(1));
        assert!(
            warnings[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("`# Inleiding`")
        );
        assert_eq!(warnings[1].place.line, Some(3));
        assert_eq!(
            warnings[1].message,
            "regel 3 en 4 worden één alinea: er staat geen witregel tussen (en nog één keer verderop)"
        );
    }
}
