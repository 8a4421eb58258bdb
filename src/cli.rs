//! Command line: argument syntax, Dutch help, printing and exit status.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::error::{Error, Problem};
use crate::pipeline::{self, BuildOptions};
use crate::render::typst::Base;

pub(crate) mod dutch;

const HELP_TEMPLATE: &str = "{about}\n\nGebruik: {usage}\n\n{all-args}{after-help}";

/// wijkverslag: van groepsmap naar wijkverslag (PDF).
#[derive(Parser, Debug)]
#[command(
    name = "wijkverslag",
    version,
    about = "wijkverslag: maakt van de map van een groep een verslag (PDF) voor de opdracht Wijkgericht werken.",
    help_template = "{about}\n\nGebruik: {usage}\n\nOpdrachten:\n{subcommands}\n\nOpties:\n{options}{after-help}",
    after_help = "\nVoorbeeld:\n  wijkverslag build samples/groep-beijum\n\nMeer hulp bij een opdracht: wijkverslag help build",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Opdrachten"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Toon deze hulp.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Toon het versienummer.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Maak het verslag van één groep (PDF).
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag build groep-beijum\n  wijkverslag build groep-beijum.zip -o verslag.pdf --pdfa"
    )]
    Build(BuildArgs),
    /// Print lege formulieren om mee de wijk in te nemen.
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeeld:\n  wijkverslag forms alle -o formulieren.pdf --aantal 3 --wijk Beijum"
    )]
    Forms(FormsArgs),
    /// Kijk na of het verslag voldoet aan de producteisen van de opdracht.
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag check groep-beijum\n  wijkverslag check groep-beijum --json\n\nDe afsluitcode is 1 als er een fout is, anders 0 (waarschuwingen tellen niet mee)."
    )]
    Check(crate::check::CheckArgs),
    /// Druk het JSON-schema van verslag.toml af (voor aanvullen en controleren in de editor).
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag schema > verslag.schema.json\n  wijkverslag schema -o groep-beijum/verslag.schema.json\n\nBovenaan verslag.toml zegt de regel `#:schema ./verslag.schema.json` tegen VS Code (Even Better TOML) waar het schema staat."
    )]
    Schema(crate::schema::SchemaArgs),
    /// Maak een nieuwe groepsmap met alle bestanden en de vragen van elke stap.
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag init groep-beijum\n  wijkverslag init mijn-verslag --wijk \"De Wijert\"\n  wijkverslag init groep-selwerd --sjabloon wijkanalyse\n\nDe map moet nieuw of leeg zijn. Er komen in: verslag.toml (met uitleg), hoofdstukken/1 t/m 8 (met de vragen uit de opdracht; met --sjabloon wijkanalyse 1 t/m 4, met de vragen uit \"Wijkanalyse, hoe doe je dat?\"), fotos/ en LEESMIJ.md.\nDe nieuwe map is meteen te bouwen: wijkverslag build groep-beijum"
    )]
    Init(crate::init::InitArgs),
    /// Maak het verslag opnieuw bij elke keer opslaan (stoppen: Ctrl+C).
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag watch groep-beijum\n  wijkverslag watch . -o ../verslag.pdf\n\nLaat de PDF openstaan in een PDF-lezer die vanzelf ververst. Gaat het maken mis, dan staat de fout in de terminal en blijft de vorige PDF staan."
    )]
    Watch(crate::watch::WatchArgs),
    /// Maak de verslagen van een hele klas, met een overzicht om na te kijken.
    #[command(
        help_template = HELP_TEMPLATE,
        after_help = "\nVoorbeelden:\n  wijkverslag batch klas-sw4a -o nakijken\n  wijkverslag batch klas-sw4a -o nakijken --zip --jobs 2\n\nIn UITMAP komt per groep <groep>.pdf, plus overzicht.csv en overzicht.pdf (om na te kijken).\nEen groep die mislukt staat met de reden in het overzicht; de andere groepen gaan gewoon door.\nDe afsluitcode is 1 als er een groep mislukt is."
    )]
    Batch(crate::batch::cli::BatchArgs),
    /// Hulp bij een opdracht.
    #[command(help_template = HELP_TEMPLATE)]
    Help {
        /// De opdracht.
        opdracht: Option<String>,
    },
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// De groepsmap (met verslag.toml) of een .zip daarvan.
    #[arg(value_name = "MAP")]
    map: PathBuf,
    /// Waar de PDF komt; standaard <MAP>.pdf naast de map.
    #[arg(short = 'o', long = "uit", value_name = "UIT.pdf", value_parser = dutch::pdf_or_docx)]
    uit: Option<PathBuf>,
    /// Schrijf PDF/A-2b (voor archivering).
    #[arg(long)]
    pdfa: bool,
    /// Schrijf ook een los Typst-project naar deze map.
    #[arg(long = "emit-typst", value_name = "MAP")]
    emit_typst: Option<PathBuf>,
    /// Extra lettertypen uit deze map (.ttf, .otf).
    #[arg(long = "lettertypen", value_name = "MAP")]
    lettertypen: Option<PathBuf>,
    /// Schrijf ook een Word-bestand (UIT.docx naast de PDF). Met -o UIT.docx komt er alleen de DOCX.
    #[arg(long)]
    docx: bool,
}

#[derive(Args, Debug)]
struct FormsArgs {
    /// Welk formulier: windshield, checklist, interview of alle.
    #[arg(value_name = "FORMULIER", default_value = "alle", hide_possible_values = true, value_parser = ["windshield", "checklist", "interview", "alle"])]
    formulier: String,
    /// Waar de PDF komt.
    #[arg(
        short = 'o',
        long = "uit",
        value_name = "UIT.pdf",
        default_value = "formulieren.pdf",
        value_parser = dutch::pdf
    )]
    uit: PathBuf,
    /// Aantal exemplaren (elk begint op een oneven pagina, voor dubbelzijdig printen).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
    aantal: u32,
    /// Vul de wijk alvast in.
    #[arg(long, value_name = "NAAM")]
    wijk: Option<String>,
    /// Eigen formulieren van de klas: een klas.toml met [formulieren], de klasmap
    /// waar die in staat, of een map met windshield.toml, checklist.toml, interview.toml.
    #[arg(long = "formulieren", value_name = "MAP")]
    formulieren: Option<PathBuf>,
}

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    crate::interrupt::install();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if e.use_stderr() {
                eprint!("{}", dutch::error(&e));
                return 2;
            }
            print!("{}", dutch::words(&e.render().to_string()));
            return 0;
        }
    };
    match cli.command {
        Command::Build(args) => {
            let outputs: Vec<_> = build_outputs(&args)
                .into_iter()
                .map(|p| {
                    let at = modified(&p);
                    (p, at)
                })
                .collect();
            let code = report(build(args));
            if code != 0 {
                stale_notice(&outputs);
            }
            code
        }
        Command::Forms(args) => report(forms(args)),
        Command::Check(args) => crate::check::run(args),
        Command::Batch(args) => crate::batch::cli::run(args),
        Command::Schema(args) => report(crate::schema::run(args)),
        Command::Init(args) => report(crate::init::run(args)),
        Command::Watch(args) => report(crate::watch::run(args)),
        Command::Help { opdracht } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            // Building first gives subcommands their full name ("wijkverslag build").
            cmd.build();
            let help = match opdracht.as_deref() {
                None => cmd.render_help(),
                Some(o) => match cmd.find_subcommand_mut(o) {
                    Some(sub) => sub.render_help(),
                    None => {
                        let names: Vec<String> = cmd
                            .get_subcommands()
                            .map(|c| c.get_name().to_string())
                            .filter(|n| n != "help")
                            .collect();
                        eprintln!(
                            "fout: onbekende opdracht `{o}`\n  tip: kies uit: {}",
                            names.join(", ")
                        );
                        return 2;
                    }
                },
            };
            print!("{}", dutch::words(&help.to_string()));
            0
        }
    }
}

fn report(result: Result<(), Error>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{}", paint_errors(&error_text(&e)));
            1
        }
    }
}

/// An error as printed: problems carry their own "fout:"; a file that could
/// not be read or written gets it here, as every error line has one.
pub(crate) fn error_text(e: &Error) -> String {
    match e {
        Error::Io { .. } => format!("fout: {e}"),
        _ => e.to_string(),
    }
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

fn paint_errors(s: &str) -> String {
    if !color() {
        return s.to_string();
    }
    s.lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("fout:") {
                format!("\x1b[1;31mfout:\x1b[0m{rest}")
            } else if let Some(rest) = l.strip_prefix("  tip:") {
                format!("  \x1b[36mtip:\x1b[0m{rest}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints warnings to stderr.
pub fn print_warnings(warnings: &[Problem]) {
    let c = color();
    for line in crate::error::capped(warnings, "waarschuwing", "waarschuwingen") {
        let line = if c {
            line.replacen("waarschuwing:", "\x1b[1;33mwaarschuwing:\x1b[0m", 1)
                .replace("\n  tip:", "\n  \x1b[36mtip:\x1b[0m")
        } else {
            line
        };
        eprintln!("{line}");
    }
}

/// `<map>.pdf` beside the folder or zip.
fn default_output(map: &Path) -> PathBuf {
    // Canonicalise first so that `build .` is named after the folder itself.
    let full = std::fs::canonicalize(map).unwrap_or_else(|_| map.to_path_buf());
    let stem = full
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "verslag".into());
    let parent = full
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    parent.join(format!("{stem}.pdf"))
}

/// The file `build` writes: `-o`, else the PDF named after the folder.
fn output_path(args: &BuildArgs) -> PathBuf {
    args.uit
        .clone()
        .unwrap_or_else(|| default_output(&args.map))
}

/// The files `build` writes: the PDF, or the DOCX, or both.
fn build_outputs(args: &BuildArgs) -> Vec<PathBuf> {
    let out = output_path(args);
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        vec![out]
    } else if args.docx {
        vec![out.with_extension("docx"), out]
    } else {
        vec![out]
    }
}

/// When a file was last written; `None` when it is not there.
fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// After a failed build: a report of an earlier build is still there and
/// would be handed in as it is, so say that it is the old one (a file this
/// build did write before it failed has another time).
fn stale_notice(before: &[(PathBuf, Option<std::time::SystemTime>)]) {
    for (out, _) in before
        .iter()
        .filter(|(o, at)| at.is_some() && modified(o) == *at)
    {
        eprintln!(
            "niet bijgewerkt: {} is nog het vorige verslag; verbeter de fout en maak het opnieuw",
            out.display()
        );
    }
}

fn build(args: BuildArgs) -> Result<(), Error> {
    let base = Base::with_fonts(args.lettertypen.as_deref())?;
    let options = BuildOptions {
        pdfa: args.pdfa,
        emit_typst: args.emit_typst.clone(),
        ..BuildOptions::default()
    };
    let out = output_path(&args);
    let docx_only = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let options = BuildOptions {
        skip_pdf: docx_only,
        ..options
    };
    let built = pipeline::build(&args.map, base.clone(), &options)?;
    print_warnings(&built.warnings);
    // `check`'s findings too: the build goes on, the student sees what is still missing.
    print_warnings(&crate::check::build_warnings(
        &built.model,
        &crate::check::Options::for_group(&args.map).unwrap_or_default(),
        &built.warnings,
    ));
    if docx_only {
        // The name as given: `-o Verslag.DOCX` writes `Verslag.DOCX`.
        write_docx(&out, &built, base)?;
    } else if args.docx {
        write_docx(&out.with_extension("docx"), &built, base)?;
    }
    if docx_only {
        return Ok(());
    }
    write_atomic(&out, &built.pdf)?;
    eprintln!(
        "klaar: {} ({} pagina's, {})",
        out.display(),
        built.pages,
        human_size(built.pdf.len() as u64)
    );
    Ok(())
}

/// Writes the DOCX of a built report (`build --docx`, `build -o UIT.docx`).
fn write_docx(path: &Path, built: &pipeline::Built, base: Arc<Base>) -> Result<(), Error> {
    let bytes = crate::render::docx::docx(&built.document, &built.images, base)?;
    write_atomic(path, &bytes)?;
    eprintln!(
        "klaar: {} ({})",
        path.display(),
        human_size(bytes.len() as u64)
    );
    Ok(())
}

fn forms(args: FormsArgs) -> Result<(), Error> {
    let forms = match &args.formulieren {
        Some(path) => crate::forms::Forms::from_path(path).map_err(|e| {
            let hint = if e.position().is_some() {
                "zie FORMS.md voor de opbouw van elk formulier"
            } else {
                "geef een klas.toml met [formulieren], de klasmap, of een map met windshield.toml, checklist.toml en/of interview.toml (zie FORMS.md)"
            };
            Error::input(e.problem().hint(hint))
        })?,
        None => crate::forms::Forms::builtin().clone(),
    };
    let pdf = pipeline::blank_forms(&forms, &args.formulier, args.aantal, args.wijk.as_deref())?;
    write_atomic(&args.uit, &pdf.pdf)?;
    eprintln!("klaar: {} ({} pagina's)", args.uit.display(), pdf.pages);
    Ok(())
}

/// "1,2 MB".
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0).replace('.', ",")
    } else {
        format!("{} kB", bytes.div_ceil(1000))
    }
}

/// Creates an output folder; a file in its place is named as such (the OS
/// only says "already exists").
pub fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| {
        if dir.is_file() {
            Error::Io {
                path: dir.display().to_string(),
                message: "is een bestand, geen map; kies een andere plek voor de uitvoer".into(),
            }
        } else {
            Error::io(dir.display(), &e)
        }
    })
}

/// Writes through a temporary file beside `path`, renamed on success: no
/// half-written file is ever left behind under the final name, and one a
/// broken-off run leaves is recognised and removed by the next batch.
pub use crate::batch::output::write_atomic;
