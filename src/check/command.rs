//! `wijkverslag check MAP [--json]`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::{Finding, Level, Options, check_with, print};
use crate::error::Error;

/// Arguments of `wijkverslag check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// De groepsmap (met verslag.toml) of een .zip daarvan.
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// Geef de bevindingen als JSON (voor andere programma's).
    #[arg(long)]
    pub json: bool,
    /// Extra lettertypen uit deze map (.ttf, .otf), zoals bij build.
    #[arg(long = "lettertypen", value_name = "MAP")]
    pub lettertypen: Option<PathBuf>,
}

/// Runs `check`; returns the exit status: 1 when there is a `fout`, else 0.
pub fn run(args: CheckArgs) -> i32 {
    let shown = args.map.display().to_string();
    let findings = match findings(&args) {
        Ok(f) => f,
        Err(e) => {
            // Nothing could be checked: I/O or a bug, not a finding.
            eprintln!("fout: {e}");
            return 1;
        }
    };
    if args.json {
        // A closed pipe (`| head`) is not an error worth a panic.
        let _ = writeln!(
            std::io::stdout().lock(),
            "{}",
            print::json(&shown, &findings)
        );
    } else {
        let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
        let _ = write!(
            std::io::stdout().lock(),
            "{}",
            print::text(&findings, color)
        );
    }
    i32::from(findings.iter().any(|f| f.level == Level::Fout))
}

/// Loads the group and runs every rule. Input that cannot be loaded at all
/// (a TOML error, an unknown key) is reported as findings too, so that the
/// student sees the same list format whatever is wrong.
/// The stap of a chapter file; `None` for any other file.
fn stap_of_file(model: &crate::model::Model, file: &str) -> Option<u32> {
    model
        .chapters
        .iter()
        .find(|(_, md)| md.path == file)
        .and_then(|(num, _)| super::chapter_stap(model, *num))
}

fn findings(args: &CheckArgs) -> Result<Vec<Finding>, Error> {
    let base = crate::render::typst::Base::with_fonts(args.lettertypen.as_deref())?;
    let mut out = Vec::new();
    let options = match Options::for_group(&args.map) {
        Ok(o) => o,
        Err(p) => {
            out.push(Finding::from_problem(Level::Fout, None, &p));
            Options::default()
        }
    };
    match crate::pipeline::load_group(&args.map, &Default::default()) {
        Ok(model) => {
            // What loading noticed (a chapter file that is not used, a
            // table in a chapter the template lacks) is a finding too.
            out.extend(model.warnings.iter().map(|p| {
                Finding::from_problem(Level::Waarschuwing, stap_of_file(&model, &p.place.file), p)
            }));
            out.extend(check_with(&model, &options));
            // Whatever else `build` would refuse, so that a clean `check`
            // means the report can be made; what the rules found already
            // is not said twice.
            for p in crate::pipeline::preflight(&model, &base)? {
                if !out
                    .iter()
                    .any(|f| f.place == p.place && f.message == p.message)
                {
                    let stap = stap_of_file(&model, &p.place.file);
                    out.push(Finding::from_problem(Level::Fout, stap, &p));
                }
            }
            // What build refuses goes under its stap with the rest.
            super::sort(&mut out);
            Ok(out)
        }
        Err(Error::Input(problems)) => {
            out.extend(
                problems
                    .iter()
                    .map(|p| Finding::from_problem(Level::Fout, None, p)),
            );
            Ok(out)
        }
        Err(e) => Err(e),
    }
}
