//! APA 7 in-text citations: who and when, as they appear in the running text
//! ("Spierts et al., 2017"), from the author as written in the literature
//! list ("Spierts, M., Sprinkhuizen, A., … & van Doorn, L. (Red.)").

use std::collections::BTreeMap;

use crate::model::Bron;

/// The year of a source, or "z.d." (zonder datum) when it has none, with
/// the letter that tells it apart from the same author's other sources of
/// that year: "2019a", "z.d.-b".
pub fn year(b: &Bron) -> String {
    match (b.jaar, b.jaar_letter) {
        (Some(j), Some(l)) => format!("{j}{l}"),
        (Some(j), None) => j.to_string(),
        (None, Some(l)) => format!("z.d.-{l}"),
        (None, None) => "z.d.".to_string(),
    }
}

/// Gives sources by the same author in the same year (or both without a
/// year) the letters a, b, c … in the order of their titles, as APA 7 does;
/// without them "(Gemeente Groningen, 2019)" could mean either.
pub fn letter_years(bronnen: &mut [Bron]) {
    let key = |b: &Bron| (b.auteur.trim().trim_end_matches('.').to_lowercase(), b.jaar);
    let mut groups: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, b) in bronnen.iter().enumerate() {
        groups.entry(key(b)).or_default().push(i);
    }
    for mut same in groups.into_values().filter(|g| g.len() > 1) {
        same.sort_by_key(|&i| bronnen[i].titel.to_lowercase());
        for (&i, letter) in same.iter().zip('a'..='z') {
            bronnen[i].jaar_letter = Some(letter);
        }
    }
}

/// "Auteur, jaar" as inside a parenthetical citation.
pub fn citation(b: &Bron) -> String {
    format!("{}, {}", in_text_author(&b.auteur), year(b))
}

/// "(Auteur, jaar; Auteur, jaar, p. 4)" for the items (id, locator) of one
/// citation; the first id that `sources` lacks as the error.
pub fn parenthetical<'a>(
    items: &'a [(String, Option<String>)],
    sources: &BTreeMap<String, Bron>,
) -> Result<String, &'a str> {
    let mut parts = Vec::new();
    for (id, locator) in items {
        let b = sources.get(id).ok_or(id.as_str())?;
        let mut s = citation(b);
        if let Some(l) = locator {
            s.push_str(", ");
            s.push_str(l);
        }
        parts.push(s);
    }
    Ok(format!("({})", parts.join("; ")))
}

/// "Auteur (jaar)" as in a source line under a table or figure.
pub fn narrative(b: &Bron) -> String {
    format!("{} ({})", in_text_author(&b.auteur), year(b))
}

/// The author as APA 7 cites it in the text. Persons, written as in the
/// literature list (surname, initials), become their surnames: one as it is,
/// two joined by "&", three or more as the first one "et al.". An author
/// without initials is an organisation and is cited in full.
pub fn in_text_author(auteur: &str) -> String {
    let names = strip_editor_mark(auteur.trim());
    let mut surnames = Vec::new();
    let mut initials_seen = false;
    for piece in names
        .split('&')
        .flat_map(|part| part.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        // "M." and "J.P." are initials, also before a surname ("M. Spierts");
        // inside a name ("Ziekenhuis St. Jansdal") such a word is part of it.
        let words: Vec<&str> = piece.split_whitespace().collect();
        let lead = words.iter().take_while(|w| is_initials(w)).count();
        initials_seen |= lead > 0;
        if lead < words.len() {
            surnames.push(words[lead..].join(" "));
        }
    }
    if !initials_seen || surnames.is_empty() {
        return names.trim_end_matches('.').to_string();
    }
    match surnames.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} & {b}"),
        [first, ..] => format!("{first} et al."),
        [] => unreachable!("checked above"),
    }
}

/// The names without a trailing "(Red.)" or "(Eds.)": editors are cited by
/// name like authors.
fn strip_editor_mark(auteur: &str) -> &str {
    match auteur.rfind('(') {
        Some(open) if auteur.ends_with(')') || auteur.ends_with(").") => {
            let mark = auteur[open + 1..]
                .trim_end_matches(['.', ')'])
                .to_lowercase();
            if matches!(mark.as_str(), "red" | "reds" | "ed" | "eds") {
                auteur[..open].trim_end()
            } else {
                auteur
            }
        }
        _ => auteur,
    }
}

/// True for initials: "M.", "J.P.", "A.-M.", "Th.".
fn is_initials(word: &str) -> bool {
    if !word.ends_with('.') {
        return false;
    }
    word.split_terminator('.')
        .flat_map(|part| part.split('-'))
        .filter(|part| !part.is_empty())
        .all(|part| {
            let mut chars = part.chars();
            let first = chars.next().is_some_and(char::is_uppercase);
            let rest: Vec<char> = chars.collect();
            first && rest.len() <= 1 && rest.iter().all(|c| c.is_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_become_surnames_and_organisations_stay_whole() {
        for (auteur, cited) in [
            (
                "Spierts, M., Sprinkhuizen, A., Scholte, M., Hoijtink, M., de Jonge, E. & van Doorn, L. (Red.)",
                "Spierts et al.",
            ),
            ("Spierts, M.", "Spierts"),
            ("Spierts, M. & Sprinkhuizen, A.", "Spierts & Sprinkhuizen"),
            ("de Jonge, E., & van Doorn, L.", "de Jonge & van Doorn"),
            ("Jansen, J.P. (Red.).", "Jansen"),
            ("M. Spierts & A. Sprinkhuizen", "Spierts & Sprinkhuizen"),
            ("Meyer-Smit, A.-M.", "Meyer-Smit"),
            (
                "Centraal Bureau voor de Statistiek",
                "Centraal Bureau voor de Statistiek",
            ),
            (
                "Ministerie van Volksgezondheid, Welzijn en Sport",
                "Ministerie van Volksgezondheid, Welzijn en Sport",
            ),
            ("GGD Groningen.", "GGD Groningen"),
            ("WIJ Groningen (Red.)", "WIJ Groningen"),
            ("Ziekenhuis St. Jansdal", "Ziekenhuis St. Jansdal"),
            (
                "Centraal Bureau voor de Statistiek (CBS)",
                "Centraal Bureau voor de Statistiek (CBS)",
            ),
        ] {
            assert_eq!(in_text_author(auteur), cited, "{auteur}");
        }
    }
}
