//! clap in Dutch: its error messages rebuilt from their kind and context
//! (clap has no translations), its help headings by word, and the checks on
//! output names that clap runs while parsing.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// A command-line error as the student sees it: `fout:`, a `tip:` when
/// there is one, the usage line and where to find more help.
pub fn error(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let list = |kind| match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut tips = Vec::new();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            if matches!(
                e.get(ContextKind::TrailingArg),
                Some(ContextValue::Bool(true))
            ) {
                tips.push(format!(
                    "is `{arg}` een naam en geen optie? Schrijf dan `-- {arg}`"
                ));
            }
            format!("onbekend argument `{arg}`")
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "onbekende opdracht `{}`",
                text(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("`{arg}` heeft een waarde nodig")
        }
        ErrorKind::InvalidValue => {
            let valid = list(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(format!("kies uit: {}", valid.join(", ")));
            }
            format!("ongeldige waarde `{value}` voor `{arg}`")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e).map(cause).unwrap_or_default();
            format!("ongeldige waarde `{value}` voor `{arg}`: {why}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "dit ontbreekt nog: {}",
                list(ContextKind::InvalidArg).join(", ")
            )
        }
        ErrorKind::MissingSubcommand => "kies eerst een opdracht".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = text(ContextKind::PriorArg);
            if prior.is_empty() || prior == arg {
                format!("`{arg}` mag maar één keer")
            } else {
                format!("`{arg}` gaat niet samen met `{prior}`")
            }
        }
        ErrorKind::TooManyValues => format!("te veel waarden voor `{arg}`: `{value}`"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("verkeerd aantal waarden voor `{arg}`")
        }
        ErrorKind::NoEquals => format!("schrijf `{arg}=WAARDE`"),
        ErrorKind::InvalidUtf8 => "een argument is geen geldige tekst (UTF-8)".to_string(),
        // Kinds this program cannot produce: clap's own words, translated.
        _ => return words(&e.render().to_string()),
    };
    for kind in [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ] {
        let suggested = list(kind);
        if !suggested.is_empty() {
            let quoted: Vec<String> = suggested.iter().map(|s| format!("`{s}`")).collect();
            tips.push(format!("bedoelde je {}?", quoted.join(" of ")));
        }
    }
    let mut out = format!("fout: {message}\n");
    for tip in tips {
        out.push_str(&format!("  tip: {tip}\n"));
    }
    let usage = text(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        out.push_str(&format!("\nGebruik: {}\n", words(usage)));
    }
    out.push_str("\nMeer uitleg: voeg --help toe.\n");
    out
}

/// The cause of a rejected value: number parse errors in Dutch, our own
/// validators' messages (already Dutch) as they are.
fn cause(source: &(dyn std::error::Error + 'static)) -> String {
    use std::num::IntErrorKind;
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        return match e.kind() {
            IntErrorKind::Empty => "er staat geen getal".into(),
            IntErrorKind::PosOverflow => "dat getal is te groot".into(),
            IntErrorKind::NegOverflow => "dat getal is te klein".into(),
            _ => "dat is geen geheel getal".into(),
        };
    }
    words(&source.to_string())
}

/// clap's own words in Dutch, for help texts.
pub fn words(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("error: ", "fout: "),
        ("Usage: ", "Gebruik: "),
        ("Arguments:", "Argumenten:"),
        ("Options:", "Opties:"),
        ("Commands:", "Opdrachten:"),
        ("[OPTIONS]", "[OPTIES]"),
        ("<COMMAND>", "<OPDRACHT>"),
        (
            "For more information, try '--help'.",
            "Meer uitleg: voeg --help toe.",
        ),
        ("[default: ", "[standaard: "),
        ("[possible values: ", "[mogelijk: "),
        // "500 is not in 1..=100": a range as a reader says it.
        ("is not in ", "ligt niet tussen "),
        ("..=", " en "),
    ];
    WORDS
        .iter()
        .fold(text.to_string(), |t, (en, nl)| t.replace(en, nl))
}

/// `-o` of `build`: a PDF or DOCX name. Anything else is refused before
/// the build, so that `-o verslag.toml` cannot overwrite the group's input.
pub fn pdf_or_docx(value: &str) -> Result<PathBuf, String> {
    output_name(value, &["pdf", "docx"])
}

/// `-o` of `watch` and `forms`: a PDF name.
pub fn pdf(value: &str) -> Result<PathBuf, String> {
    output_name(value, &["pdf"])
}

/// `-o` of `schema`: a JSON name, so that `-o verslag.toml` cannot
/// overwrite the group's input.
pub fn json(value: &str) -> Result<PathBuf, String> {
    output_name(value, &["json"])
}

fn output_name(value: &str, extensions: &[&str]) -> Result<PathBuf, String> {
    let path = PathBuf::from(value);
    // Said before the work, not after a whole render.
    if value.ends_with(['/', '\\']) || path.is_dir() {
        let stem = path
            .file_stem()
            .map_or("verslag".into(), |s| s.to_string_lossy().into_owned());
        return Err(format!(
            "dat is een map; geef een bestandsnaam, bijvoorbeeld {}",
            path.join(format!("{stem}.{}", extensions[0])).display()
        ));
    }
    let ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
    if ok {
        return Ok(path);
    }
    let names: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
    let stem = path
        .file_stem()
        .map_or("verslag".into(), |s| s.to_string_lossy().into_owned());
    Err(format!(
        "de naam moet eindigen op {}, bijvoorbeeld {stem}.{}",
        names.join(" of "),
        extensions[0]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    #[command(name = "wijkverslag")]
    struct Test {
        #[arg(short = 'o', long = "uit", value_parser = pdf_or_docx)]
        uit: Option<PathBuf>,
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
        aantal: Option<u32>,
        #[arg(long)]
        docx: bool,
        #[arg(long, value_parser = ["windshield", "alle"])]
        formulier: Option<String>,
    }

    fn message(args: &[&str]) -> String {
        let e = Test::try_parse_from(std::iter::once("wijkverslag").chain(args.iter().copied()))
            .unwrap_err();
        error(&e)
    }

    #[test]
    fn errors_are_dutch_with_the_fix() {
        let m = message(&["--nope"]);
        assert!(m.starts_with("fout: onbekend argument `--nope`\n"), "{m}");
        assert!(m.contains("\nGebruik: wijkverslag [OPTIES]"), "{m}");
        assert!(m.ends_with("Meer uitleg: voeg --help toe.\n"), "{m}");

        let m = message(&["--dox"]);
        assert!(m.contains("  tip: bedoelde je `--docx`?"), "{m}");

        assert!(message(&["-o"]).starts_with("fout: `--uit <UIT>` heeft een waarde nodig\n"));
        assert!(message(&["--aantal", "abc"]).starts_with(
            "fout: ongeldige waarde `abc` voor `--aantal <AANTAL>`: dat is geen geheel getal\n"
        ));
        assert!(message(&["--aantal", "500"]).starts_with(
            "fout: ongeldige waarde `500` voor `--aantal <AANTAL>`: 500 ligt niet tussen 1 en 100\n"
        ));
        assert!(message(&["--docx", "--docx"]).starts_with("fout: `--docx` mag maar één keer\n"));
        let m = message(&["--formulier", "wind"]);
        assert!(m.contains("  tip: kies uit: windshield, alle\n"), "{m}");
    }

    #[test]
    fn output_must_be_a_report_file() {
        let m = message(&["-o", "groep/verslag.toml"]);
        assert!(
            m.starts_with("fout: ongeldige waarde `groep/verslag.toml` voor `--uit <UIT>`: de naam moet eindigen op .pdf of .docx, bijvoorbeeld verslag.pdf\n"),
            "{m}"
        );
        assert!(pdf_or_docx("uit/Verslag.PDF").is_ok());
        assert!(pdf_or_docx("verslag.docx").is_ok());
        assert_eq!(
            pdf("formulieren").unwrap_err(),
            "de naam moet eindigen op .pdf, bijvoorbeeld formulieren.pdf"
        );
        // A folder, even one named like a report, is said before any work.
        assert_eq!(
            pdf_or_docx("uit.pdf/").unwrap_err(),
            "dat is een map; geef een bestandsnaam, bijvoorbeeld uit.pdf/uit.pdf"
        );
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("klas.pdf");
        std::fs::create_dir(&named).unwrap();
        assert_eq!(
            pdf(named.to_str().unwrap()).unwrap_err(),
            format!(
                "dat is een map; geef een bestandsnaam, bijvoorbeeld {}",
                named.join("klas.pdf").display()
            )
        );
    }
}
