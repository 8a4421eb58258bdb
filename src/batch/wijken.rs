//! Which groups chose the same wijk, however they spelt it.
//!
//! A wijk name is brought to a key (no capitals, `-` as a space, no "WIJ "
//! of the WIJ team, no article: "WIJ Beijum", "beijum " and "Beijum" are
//! one wijk) and matched against the wijken the class chooses from (the
//! class's `wijken` in klas.toml, else the WIJ teams of the assignment),
//! allowing a slip of a letter in a long name ("Vinkhuisen").
//!
//! A name of a known wijk with a compass point ("Beijum-Oost") is a part of
//! that wijk, as is one half of an entry such as "Schilderswijk/Centrum".
//! The CBS division of 2017 has such parts as areas of their own
//! (Beijum-West BU00141100 and Beijum-Oost BU00141101, both in the CBS wijk
//! Noordoost, like Lewenborg-Noord/-Zuid/-West and Vinkhuizen-Noord/-Zuid):
//! two different parts are different areas and are not paired; a part and
//! its whole overlap and are. The CBS code a group gives is not used: the
//! 2017 CBS wijken are coarser than the wijken of the assignment (Selwerd and
//! Paddepoel are both WK001410) and a copied verslag.toml keeps the code of
//! the wijk it was copied from.

/// Compass points that make a part of a wijk ("Beijum-Oost").
const PARTS: [&str; 8] = [
    "noord",
    "oost",
    "zuid",
    "west",
    "noordoost",
    "noordwest",
    "zuidoost",
    "zuidwest",
];

/// Where a group's wijk lies, as far as its name tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// Key of the whole wijk.
    whole: String,
    /// The whole wijk as the class's list (or the group) writes it.
    pub whole_shown: String,
    /// Key of the part, when the name is a part of the whole.
    part: Option<String>,
}

/// How the wijken of two groups relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The same wijk.
    Same,
    /// The first lies within the second ("Beijum-Oost" in "Beijum").
    PartOf,
    /// The second lies within the first.
    Contains,
}

/// The key of a wijk name: lower case, `-`, `_` and `–` as spaces, single
/// spaces, without "WIJ " and without a leading article.
pub fn key(name: &str) -> String {
    let spaced: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if matches!(c, '-' | '_' | '–') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut words = words.as_slice();
    if let ["wij", rest @ ..] = words
        && !rest.is_empty()
    {
        words = rest;
    }
    if let ["de" | "het", rest @ ..] = words
        && !rest.is_empty()
    {
        words = rest;
    }
    words.join(" ")
}

/// The known wijk whose key is `k`, or nearly (one letter off in a name of
/// six letters or more, two in one of ten or more).
fn known<'a>(k: &str, list: &[&'a str]) -> Option<&'a str> {
    if let Some(w) = list.iter().find(|w| key(w) == k) {
        return Some(w);
    }
    let close = |w: &&&str| {
        let wk = key(w);
        let n = wk.chars().count().min(k.chars().count());
        let allowed = match n {
            0..=5 => 0,
            6..=9 => 1,
            _ => 2,
        };
        allowed > 0 && strsim::osa_distance(&wk, k) <= allowed
    };
    let mut near = list.iter().filter(close);
    match (near.next(), near.next()) {
        (Some(w), None) => Some(w),
        _ => None,
    }
}

/// Where the wijk `name` lies, given the wijken the class chooses from.
pub fn area(name: &str, list: &[&str]) -> Option<Area> {
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    let whole = |w: &str| Area {
        whole: key(w),
        whole_shown: w.to_string(),
        part: None,
    };
    // The name of a known wijk, or of a half of one ("Centrum" of
    // "Schilderswijk/Centrum").
    if let Some(w) = list.iter().find(|w| key(w) == k) {
        return Some(whole(w));
    }
    for w in list.iter().filter(|w| w.contains('/')) {
        if w.split('/').any(|half| key(half) == k) {
            return Some(Area {
                part: Some(k),
                ..whole(w)
            });
        }
    }
    // A compass part of a wijk: known, or any name ("Paddepoel-Noord").
    if let Some((base, point)) = k.rsplit_once(' ')
        && PARTS.contains(&point)
    {
        let shown = name
            .trim()
            .trim_end_matches(char::is_alphabetic)
            .trim_end_matches(|c: char| matches!(c, '-' | '_' | '–') || c.is_whitespace())
            .to_string();
        let mut a = match known(base, list) {
            Some(w) => whole(w),
            None => Area {
                whole: base.to_string(),
                whole_shown: if shown.is_empty() {
                    base.to_string()
                } else {
                    shown
                },
                part: None,
            },
        };
        a.part = Some(point.to_string());
        return Some(a);
    }
    Some(match known(&k, list) {
        Some(w) => whole(w),
        None => Area {
            whole: k,
            whole_shown: name.trim().to_string(),
            part: None,
        },
    })
}

/// How `a` relates to `b`, if they share ground.
pub fn relation(a: &Area, b: &Area) -> Option<Relation> {
    if a.whole != b.whole {
        return None;
    }
    match (&a.part, &b.part) {
        (x, y) if x == y => Some(Relation::Same),
        (Some(_), None) => Some(Relation::PartOf),
        (None, Some(_)) => Some(Relation::Contains),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::WIJKEN_GRONINGEN;

    fn rel(a: &str, b: &str) -> Option<Relation> {
        let list = WIJKEN_GRONINGEN.to_vec();
        relation(&area(a, &list)?, &area(b, &list)?)
    }

    #[test]
    fn spellings_of_one_wijk_are_the_same_wijk() {
        for (a, b) in [
            ("Beijum", "beijum "),
            ("Beijum", "WIJ Beijum"),
            ("De Wijert", "Wijert"),
            ("Corpus den Hoorn", "corpus-den-hoorn"),
            ("Vinkhuizen", "Vinkhuisen"),
            ("Schilderswijk/Centrum", "WIJ Schilderswijk/Centrum"),
            ("Beijum-Oost", "beijum oost"),
            ("Paddepoel", "paddepoel"),
        ] {
            assert_eq!(rel(a, b), Some(Relation::Same), "{a} / {b}");
        }
    }

    #[test]
    fn a_part_lies_in_its_wijk_and_two_parts_differ() {
        assert_eq!(rel("Beijum-Oost", "Beijum"), Some(Relation::PartOf));
        assert_eq!(rel("WIJ Beijum", "Beijum West"), Some(Relation::Contains));
        assert_eq!(rel("Beijum-Oost", "Beijum-West"), None);
        assert_eq!(
            rel("Centrum", "Schilderswijk/Centrum"),
            Some(Relation::PartOf)
        );
        assert_eq!(rel("Centrum", "Schilderswijk"), None);
        assert_eq!(rel("Paddepoel-Noord", "Paddepoel"), Some(Relation::PartOf));
        assert_eq!(
            area("Beijum-Oost", &WIJKEN_GRONINGEN).unwrap().whole_shown,
            "Beijum"
        );
    }

    #[test]
    fn different_wijken_are_not_paired() {
        for (a, b) in [
            ("Selwerd", "Paddepoel"),
            ("Lewenborg", "Beijum"),
            ("Haren", "Baren"),
            ("Hoogkerk", "Hoogkerk-Zuid-Oost"),
            ("Oosterparkwijk", "Oosterpoort"),
        ] {
            assert_eq!(rel(a, b), None, "{a} / {b}");
        }
    }

    #[test]
    fn a_class_list_with_parts_keeps_them_apart() {
        let list = ["Beijum-Oost", "Beijum-West"];
        let a = area("Beijum-Oost", &list).unwrap();
        let b = area("Beijum West", &list).unwrap();
        assert_eq!(relation(&a, &b), None);
        assert_eq!(
            relation(&a, &area("WIJ beijum-oost", &list).unwrap()),
            Some(Relation::Same)
        );
    }
}
