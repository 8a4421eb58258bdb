//! `wijkverslag batch`: arguments and printing.

use std::path::PathBuf;

use clap::Args;

use super::run::StderrProgress;
use super::{BatchOptions, StaleWhy, batch};

/// Arguments of `wijkverslag batch`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// De klasmap: een map of .zip per groep, en eventueel klas.toml.
    #[arg(value_name = "KLAS")]
    klas: PathBuf,
    /// Map waar de verslagen en het overzicht komen.
    #[arg(short = 'o', long = "uit", value_name = "UITMAP")]
    uit: PathBuf,
    /// Schrijf per groep ook een Word-bestand (.docx).
    #[arg(long)]
    docx: bool,
    /// Zet alles (verslagen en overzicht) ook in één .zip-archief.
    #[arg(long)]
    zip: bool,
    /// Aantal groepen tegelijk; standaard één per processorkern.
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
}

/// Runs `wijkverslag batch`; returns the exit status: 0 when every group was
/// built, 1 when a group failed or the class could not be read.
pub fn run(args: BatchArgs) -> i32 {
    let options = BatchOptions {
        klas: args.klas,
        uit: args.uit,
        docx: args.docx,
        zip: args.zip,
        jobs: args.jobs.map(usize::from),
    };
    let progress = StderrProgress::new();
    let report = match batch(&options, &progress) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", crate::cli::error_text(&e));
            return 1;
        }
    };
    let mut written = vec![
        super::overview::CSV_NAME.to_string(),
        super::overview::PDF_NAME.to_string(),
    ];
    if let Some(a) = &report.archive {
        written.push(
            a.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
    }
    eprintln!("klaar: {} ({})", options.uit.display(), written.join(", "));
    if !report.opgeruimd.is_empty() {
        eprintln!(
            "opgeruimd: {}: {} (half geschreven, van een eerdere batch die werd afgebroken)",
            options.uit.display(),
            report.opgeruimd.join(", ")
        );
    }
    for why in [
        StaleWhy::NoDocxThisTime,
        StaleWhy::GroupFailed,
        StaleWhy::NoGroup,
    ] {
        let files: Vec<&str> = report
            .stale
            .iter()
            .filter(|s| s.why == why)
            .map(|s| s.file.as_str())
            .collect();
        if !files.is_empty() {
            eprintln!(
                "waarschuwing: {}: {}",
                options.uit.display(),
                stale_message(why, &files)
            );
        }
    }
    eprintln!("{} gelukt, {} mislukt", report.succeeded(), report.failed());
    if report.failed() > 0 { 1 } else { 0 }
}

/// What to say about reports in the output folder that this run did not
/// write, one message per reason, with the cure.
fn stale_message(why: StaleWhy, files: &[&str]) -> String {
    let one = files.len() == 1;
    let list = files.join(", ");
    let (is, it) = if one { ("is", "het") } else { ("zijn", "ze") };
    match why {
        StaleWhy::NoDocxThisTime => format!(
            "{list} {is} van een eerdere keer: deze keer is er geen Word-bestand gemaakt (zonder --docx), dus {it} {} ouder zijn dan de PDF{}\n  tip: voeg --docx toe om {it} opnieuw te maken, of haal {it} weg",
            if one { "kan" } else { "kunnen" },
            if one { "" } else { "'s" },
        ),
        StaleWhy::GroupFailed => format!(
            "{list} {is} van een eerdere keer, van een groep die nu mislukte\n  tip: haal {it} weg, zodat je niet een oude versie nakijkt"
        ),
        StaleWhy::NoGroup => format!(
            "{list} {is} niet van deze keer: er staat nu geen groep met die naam in de klasmap\n  tip: {}, zodat je niet een oude versie nakijkt",
            if one {
                "is het een oud verslag, haal het dan weg"
            } else {
                "zijn het oude verslagen, haal ze dan weg"
            }
        ),
    }
}
