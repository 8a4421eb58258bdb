//! `wijkverslag init`: a new group folder with every file a group needs,
//! the assignment's guiding questions at the top of each chapter, and a
//! `verslag.toml` that explains itself and builds at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{Error, Place, Problem};
use crate::forms::Forms;
use crate::model::Sjabloon;

/// Arguments of `wijkverslag init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// De nieuwe groepsmap (bestaat nog niet, of is leeg).
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// De wijk die de groep onderzoekt; standaard afgeleid van de mapnaam
    /// (groep-beijum → Beijum).
    #[arg(long, value_name = "NAAM")]
    pub wijk: Option<String>,
    /// De gemeente van de wijk (standaard Groningen).
    #[arg(
        long,
        value_name = "NAAM",
        default_value = "Groningen",
        hide_default_value = true
    )]
    pub gemeente: String,
    /// De indeling van het verslag: wijkgericht-werken (de acht stappen van
    /// de opdracht, standaard) of wijkanalyse (de vier delen van "Wijkanalyse,
    /// hoe doe je dat?").
    #[arg(
        long,
        value_name = "NAAM",
        default_value = "wijkgericht-werken",
        hide_default_value = true,
        value_parser = parse_sjabloon
    )]
    pub sjabloon: Sjabloon,
}

/// `--sjabloon`: the names `verslag.toml` uses.
fn parse_sjabloon(s: &str) -> Result<Sjabloon, String> {
    match s.trim() {
        "wijkgericht-werken" => Ok(Sjabloon::WijkgerichtWerken),
        "wijkanalyse" => Ok(Sjabloon::Wijkanalyse),
        _ => Err("kies wijkgericht-werken of wijkanalyse".to_string()),
    }
}

/// The chapter files of the default template: (file name under
/// `hoofdstukken/`, text).
pub const CHAPTERS: [(&str, &str); 8] = [
    (
        "1-wijk-bepalen.md",
        include_str!("../templates-init/hoofdstukken/1-wijk-bepalen.md"),
    ),
    (
        "2-gegevens.md",
        include_str!("../templates-init/hoofdstukken/2-gegevens.md"),
    ),
    (
        "3-observatie.md",
        include_str!("../templates-init/hoofdstukken/3-observatie.md"),
    ),
    (
        "4-verhalen.md",
        include_str!("../templates-init/hoofdstukken/4-verhalen.md"),
    ),
    (
        "5-sociaal-netwerk.md",
        include_str!("../templates-init/hoofdstukken/5-sociaal-netwerk.md"),
    ),
    (
        "6-checklist.md",
        include_str!("../templates-init/hoofdstukken/6-checklist.md"),
    ),
    (
        "7-wijkdiagnose.md",
        include_str!("../templates-init/hoofdstukken/7-wijkdiagnose.md"),
    ),
    (
        "8-interventies.md",
        include_str!("../templates-init/hoofdstukken/8-interventies.md"),
    ),
];

/// The chapter files of the `wijkanalyse` template, with the leaflet's
/// questions.
pub const WIJKANALYSE_CHAPTERS: [(&str, &str); 4] = [
    (
        "1-beschrijving-van-de-wijk.md",
        include_str!("../templates-init/wijkanalyse/1-beschrijving-van-de-wijk.md"),
    ),
    (
        "2-bewoners-in-beeld.md",
        include_str!("../templates-init/wijkanalyse/2-bewoners-in-beeld.md"),
    ),
    (
        "3-problemen-en-kansen.md",
        include_str!("../templates-init/wijkanalyse/3-problemen-en-kansen.md"),
    ),
    (
        "4-speerpunten.md",
        include_str!("../templates-init/wijkanalyse/4-speerpunten.md"),
    ),
];

/// The chapter files `init` writes for `sjabloon`.
pub fn chapters(sjabloon: Sjabloon) -> &'static [(&'static str, &'static str)] {
    match sjabloon {
        Sjabloon::WijkgerichtWerken => &CHAPTERS,
        Sjabloon::Wijkanalyse => &WIJKANALYSE_CHAPTERS,
    }
}

const VERSLAG_TOML: &str = include_str!("../templates-init/verslag.toml");
const INTERVENTIES: &str = include_str!("../templates-init/interventies.toml");
const SPEERPUNTEN: &str = include_str!("../templates-init/wijkanalyse/speerpunten.toml");
const LEESMIJ: &str = include_str!("../templates-init/LEESMIJ.md");
/// Makes VS Code offer the TOML extension when the folder is opened.
const VSCODE_EXTENSIONS: &str = "{\n  \"recommendations\": [\"tamasfe.even-better-toml\"]\n}\n";

/// Fallback when neither `--wijk` nor the folder name gives a wijk.
const NO_WIJK: &str = "Naam van de wijk";

/// Every file of a new group folder: (relative path, contents).
pub fn files(
    wijk: &str,
    gemeente: &str,
    forms: &Forms,
    sjabloon: Sjabloon,
) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "verslag.toml".to_string(),
            verslag_toml(wijk, gemeente, forms, sjabloon),
        ),
        (
            crate::schema::SCHEMA_FILE.to_string(),
            crate::schema::schema_text(),
        ),
        (
            "LEESMIJ.md".to_string(),
            LEESMIJ
                .replace("{{WIJK}}", wijk)
                .replace("{{HOOFDSTUKKEN}}", leesmij_chapters(sjabloon)),
        ),
        (
            ".vscode/extensions.json".to_string(),
            VSCODE_EXTENSIONS.to_string(),
        ),
    ];
    for (name, text) in chapters(sjabloon) {
        out.push((format!("hoofdstukken/{name}"), text.to_string()));
    }
    out
}

/// What LEESMIJ.md says of the chapter files.
fn leesmij_chapters(sjabloon: Sjabloon) -> &'static str {
    match sjabloon {
        Sjabloon::WijkgerichtWerken => {
            "één bestand per stap (1 t/m 8). Bovenaan elk bestand staan\n  de vragen uit de opdracht"
        }
        Sjabloon::Wijkanalyse => {
            "één bestand per deel van de wijkanalyse (1 t/m 4). Bovenaan\n  elk bestand staan de vragen uit \"Wijkanalyse, hoe doe je dat?\" en de stappen\n  van de opdracht die erbij horen"
        }
    }
}

/// The text of a fresh `verslag.toml`: every section, explained, with the
/// ids of the forms in use and placeholder values that build.
pub fn verslag_toml(wijk: &str, gemeente: &str, forms: &Forms, sjabloon: Sjabloon) -> String {
    let mut windshield = String::new();
    for item in &forms.windshield.items {
        let _ = writeln!(windshield, "# {}: {}", item.titel, item.vragen.join(" "));
        let _ = writeln!(windshield, "{} = \"\"", toml_key(&item.id));
    }
    let mut checklist = String::new();
    for domain in &forms.checklist.domeinen {
        let _ = writeln!(checklist, "# {}", domain.titel);
        for f in &domain.factoren {
            let key = toml_key(&f.id);
            let _ = writeln!(checklist, "{key} = {{}}{}# {}", pad(&key, 4), f.titel);
        }
    }
    let mut vragen = String::new();
    for v in &forms.interview.vragen {
        let _ = writeln!(
            vragen,
            "[[interview.vragen]]\nvraag = \"{}\"\nantwoord = \"\"\n",
            escape(v)
        );
    }
    let (regel, interventies) = match sjabloon {
        Sjabloon::WijkgerichtWerken => ("# sjabloon = \"wijkgericht-werken\"", INTERVENTIES),
        Sjabloon::Wijkanalyse => ("sjabloon = \"wijkanalyse\"", SPEERPUNTEN),
    };
    // The comment in the column of the lines around it.
    let sjabloon_regel = format!(
        "{regel}{}# indeling: \"wijkgericht-werken\" (acht stappen) of \"wijkanalyse\"",
        " ".repeat(43 - regel.len())
    );
    let chapter = |stap| sjabloon.chapter_of_stap(stap).to_string();
    VERSLAG_TOML
        .replace("{{SJABLOON}}", &sjabloon_regel)
        .replace("{{INTERVENTIES}}", interventies)
        .replace("{{H_CIJFERS}}", &chapter(2))
        .replace("{{H_INTERVIEW}}", &chapter(4))
        .replace("{{H_AANTAL}}", &sjabloon.chapter_count().to_string())
        .replace("{{WINDSHIELD}}", &windshield)
        .replace("{{CHECKLIST}}", &checklist)
        .replace("{{VRAGEN}}", &vragen)
        .replace("{{WIJK}}", &escape(wijk))
        .replace("{{GEMEENTE}}", &escape(gemeente))
}

/// Spaces that line the comments up in a column.
fn pad(key: &str, used: usize) -> String {
    " ".repeat(40usize.saturating_sub(key.chars().count() + used).max(1))
}

/// A bare key when possible, else a quoted one (class forms may use any id).
fn toml_key(id: &str) -> String {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        id.to_string()
    } else {
        format!("\"{}\"", escape(id))
    }
}

/// The inside of a TOML basic string.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The wijk from the folder name: `groep-beijum` → `Beijum`,
/// `groep-de-wijert` → `De Wijert`, `groep-hoogkerk-en-omgeving` →
/// `Hoogkerk en Omgeving`, `Groep 3 (Korrewegwijk) – SW4B` →
/// `Korrewegwijk`; anything else gives no guess.
pub fn wijk_from_folder(map: &Path) -> Option<String> {
    // Words Dutch place names keep in lower case after the first word.
    const PARTICLES: [&str; 8] = ["aan", "bij", "de", "den", "der", "en", "het", "van"];
    let name = map.file_name()?.to_str()?;
    let lower = name.to_lowercase();
    let rest = ["groep-", "groep_", "groep "]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|_| &name[p.len()..]))?;
    // A wijk in brackets is the wijk; the rest is group number and class.
    let rest = rest
        .split_once('(')
        .and_then(|(_, inner)| inner.split_once(')'))
        .map_or(rest, |(inner, _)| inner);
    let words: Vec<String> = rest
        .split(['-', '_', ' ', '–', '—', '.', ','])
        // Group numbers and class codes (3, SW4B) are not part of a name.
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .enumerate()
        .map(|(i, word)| {
            if i > 0 && PARTICLES.contains(&word.to_lowercase().as_str()) {
                return word.to_lowercase();
            }
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Runs `wijkverslag init`.
pub fn run(args: InitArgs) -> Result<(), Error> {
    let display = args.map.display().to_string();
    let wijk = match &args.wijk {
        Some(w) if w.trim().is_empty() => {
            return Err(Error::input(
                Problem::new(Place::file("--wijk"), "de naam van de wijk is leeg")
                    .hint("geef een naam, bijvoorbeeld --wijk Beijum"),
            ));
        }
        Some(w) if w.chars().any(char::is_control) => {
            return Err(Error::input(
                Problem::new(
                    Place::file("--wijk"),
                    "de naam van de wijk bevat een regeleinde of tab",
                )
                .hint("geef de naam op één regel, bijvoorbeeld --wijk \"De Wijert\""),
            ));
        }
        Some(w) => w.trim().to_string(),
        None => wijk_from_folder(&args.map).unwrap_or_else(|| NO_WIJK.to_string()),
    };
    check_empty(&args.map, &display)?;
    let existed = args.map.exists();
    let list = files(&wijk, args.gemeente.trim(), Forms::builtin(), args.sjabloon);
    let written = write_all(&args.map, &list);
    if written.is_err() {
        // The folder was new or empty: clear it, so a full disk leaves no
        // cut-off verslag.toml that would make the folder count as in use.
        let _ = std::fs::remove_dir_all(&args.map);
        if existed {
            let _ = std::fs::create_dir(&args.map);
        }
    }
    written?;
    eprintln!("klaar: {display} gemaakt voor de wijk {wijk}");
    eprintln!(
        "  verslag.toml, {} hoofdstukken, fotos/, LEESMIJ.md",
        chapters(args.sjabloon).len()
    );
    if args.sjabloon == Sjabloon::Wijkanalyse {
        eprintln!(
            "  sjabloon wijkanalyse: {}",
            crate::document::lower::chapter_titles(args.sjabloon).join(", ")
        );
    }
    if wijk == NO_WIJK {
        eprintln!("  vul in verslag.toml de naam van jullie wijk in (wijk = \"...\")");
    }
    // Commands to paste: a folder name with a space needs quotes.
    let arg = shell_arg(&display);
    eprintln!("verder:");
    eprintln!("  wijkverslag watch {arg}    maakt de PDF opnieuw bij elke keer opslaan");
    eprintln!("  wijkverslag check {arg}    laat zien wat er nog moet");
    Ok(())
}

/// `s` as one argument on a command line (bash, cmd and PowerShell alike):
/// in double quotes unless it holds only characters no shell treats apart.
fn shell_arg(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "-_./\\:~+,".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("\"{s}\"")
    }
}

fn write_all(map: &Path, list: &[(String, String)]) -> Result<(), Error> {
    for dir in ["hoofdstukken", "fotos"] {
        crate::cli::create_dir(&map.join(dir))?;
    }
    for (rel, text) in list {
        let path = map.join(rel);
        if let Some(parent) = path.parent() {
            crate::cli::create_dir(parent)?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(path.display(), &e))?;
    }
    Ok(())
}

/// Refuses a path that is a file or a folder with anything in it, so `init`
/// never overwrites a group's work.
fn check_empty(map: &Path, display: &str) -> Result<(), Error> {
    match std::fs::metadata(map) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(display, &e)),
        Ok(meta) if !meta.is_dir() => Err(Error::input(
            Problem::new(Place::file(display), "dit is een bestand, geen map").hint(
                "geef de naam van een nieuwe map, bijvoorbeeld `wijkverslag init groep-beijum`",
            ),
        )),
        Ok(_) => {
            let mut entries = std::fs::read_dir(map).map_err(|e| Error::io(display, &e))?;
            if entries.next().is_some() {
                Err(Error::input(
                    Problem::new(Place::file(display), "deze map is niet leeg; init schrijft alleen in een nieuwe of lege map, zodat er geen werk verloren gaat")
                        .hint("kies een nieuwe naam, bijvoorbeeld `wijkverslag init groep-beijum-nieuw`"),
                ))
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_give_the_wijk() {
        assert_eq!(
            wijk_from_folder(Path::new("klas/groep-beijum")).as_deref(),
            Some("Beijum")
        );
        assert_eq!(
            wijk_from_folder(Path::new("Groep-de-wijert")).as_deref(),
            Some("De Wijert")
        );
        assert_eq!(
            wijk_from_folder(Path::new("groep_hoornse-meer")).as_deref(),
            Some("Hoornse Meer")
        );
        assert_eq!(
            wijk_from_folder(Path::new("groep-hoogkerk-en-omgeving")).as_deref(),
            Some("Hoogkerk en Omgeving")
        );
        assert_eq!(
            wijk_from_folder(Path::new("Groep 3 (Korrewegwijk) – SW4B")).as_deref(),
            Some("Korrewegwijk")
        );
        assert_eq!(
            wijk_from_folder(Path::new("groep-2-de-hoogte-sw4a")).as_deref(),
            Some("De Hoogte")
        );
        assert_eq!(wijk_from_folder(Path::new("Groep 5 – SW4B")), None);
        assert_eq!(wijk_from_folder(Path::new("mijn-verslag")), None);
        assert_eq!(wijk_from_folder(Path::new("groep-")), None);
    }

    #[test]
    fn the_fresh_toml_loads_with_every_section() {
        let text = verslag_toml(
            "De \"Wijert\" \\ Zuid",
            "Groningen",
            Forms::builtin(),
            Sjabloon::WijkgerichtWerken,
        );
        assert!(text.starts_with("#:schema ./verslag.schema.json\n"));
        let v: crate::model::types::Verslag =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(v.verslag.wijk, "De \"Wijert\" \\ Zuid");
        assert_eq!(v.checklist.len(), Forms::builtin().factor_ids().len());
        assert_eq!(
            v.windshield.unwrap().antwoorden.len(),
            Forms::builtin().windshield_ids().len()
        );
        assert_eq!(
            v.interview.unwrap().vragen.len(),
            Forms::builtin().interview.vragen.len()
        );
        assert_eq!(v.sociale_kaart[0].naam, "WIJ De \"Wijert\" \\ Zuid");
        assert!(
            !v.tabellen.is_empty()
                && !v.verbeterpunten.is_empty()
                && !v.interventies.is_empty()
                && v.bronnen.len() == 2
        );
    }

    #[test]
    fn every_chapter_opens_with_its_guiding_questions_in_a_comment() {
        let both = [Sjabloon::WijkgerichtWerken, Sjabloon::Wijkanalyse];
        for sjabloon in both {
            let titles = crate::document::lower::chapter_titles(sjabloon);
            assert_eq!(chapters(sjabloon).len(), titles.len());
            for ((_, text), title) in chapters(sjabloon).iter().zip(titles) {
                assert!(text.contains(title), "{title}");
            }
        }
        for (i, (name, text)) in both.iter().flat_map(|s| chapters(*s).iter().enumerate()) {
            assert!(name.starts_with(&format!("{}-", i + 1)), "{name}");
            assert!(text.starts_with("<!--\nHoofdstuk "), "{name}");
            assert_eq!(
                text.matches("-->").count(),
                1,
                "{name}: one comment, closed once"
            );
            assert!(text.contains('?'), "{name} has questions");
        }
    }
}
