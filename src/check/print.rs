//! How `check` shows its findings: grouped per stap for a student in a
//! terminal (with colour only on a terminal and without `NO_COLOR`), or as
//! JSON for other tools.

use serde::Serialize;

use super::{Finding, Level, counts};

/// Colours used when painting; all empty without colour.
struct Paint {
    bold: &'static str,
    red: &'static str,
    yellow: &'static str,
    cyan: &'static str,
    dim: &'static str,
    green: &'static str,
    reset: &'static str,
}

impl Paint {
    fn new(color: bool) -> Paint {
        if color {
            Paint {
                bold: "\x1b[1m",
                red: "\x1b[1;31m",
                yellow: "\x1b[1;33m",
                cyan: "\x1b[36m",
                dim: "\x1b[2m",
                green: "\x1b[1;32m",
                reset: "\x1b[0m",
            }
        } else {
            Paint {
                bold: "",
                red: "",
                yellow: "",
                cyan: "",
                dim: "",
                green: "",
                reset: "",
            }
        }
    }
}

/// The findings as text: a heading per stap, one entry per finding, and the
/// summary line ("3 fouten, 5 waarschuwingen").
pub fn text(findings: &[Finding], color: bool) -> String {
    let p = Paint::new(color);
    let mut out = String::new();
    let mut current: Option<Option<u32>> = None;
    // Findings shown per file, and those only counted, in this stap.
    let mut per_file: Vec<(&str, usize)> = Vec::new();
    for f in findings {
        if current != Some(f.stap) {
            out.push_str(&counted_rest(&mut per_file));
            if current.is_some() {
                out.push('\n');
            }
            let heading = f.heading();
            out.push_str(&format!("{}{heading}{}\n", p.bold, p.reset));
            out.push_str(&format!(
                "{}{}{}\n",
                p.dim,
                "─".repeat(heading.chars().count()),
                p.reset
            ));
            current = Some(f.stap);
        }
        if crate::error::count_in(&mut per_file, &f.place.file) > crate::error::SHOWN_PER_FILE {
            continue;
        }
        let (label, colour) = match f.level {
            Level::Fout => ("fout", p.red),
            Level::Waarschuwing => ("waarschuwing", p.yellow),
        };
        out.push_str(&format!(
            "  {colour}{label}{}: {}: {}\n",
            p.reset, f.place, f.message
        ));
        if let Some(h) = &f.hint {
            out.push_str(&format!("    {}tip:{} {h}\n", p.cyan, p.reset));
        }
    }
    out.push_str(&counted_rest(&mut per_file));
    if !findings.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(findings, &p));
    out.push('\n');
    out
}

/// "en nog 30 meldingen in …" for each file of the stap just printed that
/// had more findings than are shown; empties the tally for the next stap.
fn counted_rest(per_file: &mut Vec<(&str, usize)>) -> String {
    let shown = crate::error::SHOWN_PER_FILE;
    per_file
        .drain(..)
        .filter(|(_, n)| *n > shown)
        .map(|(file, n)| {
            format!(
                "  en nog {} meldingen in {file}; verbeter eerst de bovenste\n",
                n - shown
            )
        })
        .collect()
}

fn summary(findings: &[Finding], p: &Paint) -> String {
    let (fouten, waarschuwingen) = counts(findings);
    let f = match fouten {
        0 => "geen fouten".to_string(),
        1 => "1 fout".to_string(),
        n => format!("{n} fouten"),
    };
    let w = match waarschuwingen {
        0 => "geen waarschuwingen".to_string(),
        1 => "1 waarschuwing".to_string(),
        n => format!("{n} waarschuwingen"),
    };
    let colour = if fouten > 0 {
        p.red
    } else if waarschuwingen > 0 {
        p.yellow
    } else {
        p.green
    };
    let tail = if fouten == 0 {
        ": het verslag voldoet aan de producteisen die wijkverslag kan nakijken"
    } else {
        ""
    };
    format!("{colour}{f}, {w}{}{tail}", p.reset)
}

/// The JSON document of `check --json`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// The group folder or zip as given.
    pub group: &'a str,
    /// Number of `fout` findings.
    pub errors: usize,
    /// Number of `waarschuwing` findings.
    pub warnings: usize,
    /// Every finding, in the order shown.
    pub findings: &'a [Finding],
}

/// The findings as pretty-printed JSON.
pub fn json(group: &str, findings: &[Finding]) -> String {
    let (errors, warnings) = counts(findings);
    let report = Report {
        group,
        errors,
        warnings,
        findings,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Place;

    #[test]
    fn groups_and_summary_without_colour() {
        let findings = vec![
            Finding::fout(
                4,
                Place::at("verslag.toml", 3, 1),
                "het interview ontbreekt",
            )
            .hint("voeg het toe"),
            Finding::waarschuwing(4, Place::line("hoofdstukken/4-verhalen.md", 2), "kort"),
        ];
        let t = text(&findings, false);
        assert_eq!(
            t,
            "Stap 4 · De verhalen achter de gegevens\n───────────────────────────────────────\n  fout: verslag.toml:3:1: het interview ontbreekt\n    tip: voeg het toe\n  waarschuwing: hoofdstukken/4-verhalen.md:2: kort\n\n1 fout, 1 waarschuwing\n"
        );
        assert!(!t.contains('\x1b'));
        assert!(text(&findings, true).contains("\x1b[1;31mfout"));
    }

    #[test]
    fn more_than_twenty_findings_of_a_file_are_counted() {
        let mut findings: Vec<Finding> = (1..=23)
            .map(|i| {
                Finding::waarschuwing(3, Place::line("hoofdstukken/3-observatie.md", i), "onzin")
            })
            .collect();
        findings.push(Finding::fout(
            4,
            Place::line("hoofdstukken/4-verhalen.md", 1),
            "leeg",
        ));
        let t = text(&findings, false);
        assert_eq!(
            t.matches("waarschuwing: hoofdstukken/3-observatie.md")
                .count(),
            20
        );
        assert!(
            t.contains("observatie.md:20: onzin\n  en nog 3 meldingen in hoofdstukken/3-observatie.md; verbeter eerst de bovenste\n\nStap 4"),
            "{t}"
        );
        assert!(t.ends_with("1 fout, 23 waarschuwingen\n"), "{t}");
    }
}
