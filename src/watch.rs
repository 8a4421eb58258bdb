//! `wijkverslag watch`: rebuilds the PDF every time a file of the group is
//! saved, so students see their report grow while they write.
//!
//! Changes are debounced (editors write a file in several steps, and a
//! "save all" touches many files). A failed build prints its errors and
//! leaves the last good PDF in place. Typst's caches are evicted after each
//! render (see [`crate::render::typst::render`]), so memory stays flat over
//! hours; the evicted caches keep what recent renders used, so a rebuild
//! after editing one chapter reuses most of the previous work.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use clap::Args;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Place, Problem};
use crate::pipeline::{self, BuildOptions};
use crate::render::typst::Base;

/// Quiet time after the last change before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Arguments of `wijkverslag watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// De groepsmap (met verslag.toml) of een .zip daarvan.
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// Waar de PDF komt; standaard <MAP>.pdf naast de map.
    #[arg(short = 'o', long = "uit", value_name = "UIT.pdf", value_parser = crate::cli::dutch::pdf)]
    pub uit: Option<PathBuf>,
    /// Extra lettertypen uit deze map (.ttf, .otf).
    #[arg(long = "lettertypen", value_name = "MAP")]
    pub lettertypen: Option<PathBuf>,
}

/// What to watch and where to write.
struct Target {
    /// The group folder or zip, canonical.
    group: PathBuf,
    /// The output PDF: its directory canonical, so event paths compare equal.
    out: PathBuf,
}

/// Runs `wijkverslag watch` until the process is stopped (Ctrl+C).
pub fn run(args: WatchArgs) -> Result<(), Error> {
    let display = args.map.display().to_string();
    let group = args.map.canonicalize().map_err(|e| {
        Error::input(
            Problem::new(Place::file(&display), crate::error::io_message(&e))
                .hint("geef de map van de groep (met verslag.toml); een nieuwe map maak je met `wijkverslag init MAP`"),
        )
    })?;
    let out = output_path(&group, args.uit.as_deref())?;
    let target = Target { group, out };

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res| {
        // The receiver only goes away when watch ends.
        let _ = tx.send(res);
    })
    .map_err(|e| watch_error(&display, &e))?;
    if target.group.is_dir() {
        watcher
            .watch(&target.group, RecursiveMode::Recursive)
            .map_err(|e| watch_error(&display, &e))?;
    } else {
        // A zip is replaced, not edited: watch its folder and pick its events.
        let dir = target.group.parent().unwrap_or(Path::new("/"));
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&display, &e))?;
    }

    eprintln!(
        "wijkverslag let op {display}; bij elke keer opslaan komt er een nieuwe PDF in {}",
        target.out.display()
    );
    eprintln!("stoppen: Ctrl+C");
    let started = Instant::now();
    let base = Base::with_fonts(args.lettertypen.as_deref())?;
    rebuild(&target, &base, started, "gemaakt");
    loop {
        if !wait_for_change(&rx, &target) {
            return Ok(());
        }
        rebuild(&target, &base, Instant::now(), "opnieuw gemaakt");
    }
}

fn watch_error(display: &str, e: &notify::Error) -> Error {
    Error::Io {
        path: display.to_string(),
        message: format!("kan de map niet in de gaten houden: {e}"),
    }
}

/// The output PDF: `-o` as given (relative to the working directory), else
/// `<name>.pdf` beside the group; its directory is made canonical.
fn output_path(group: &Path, uit: Option<&Path>) -> Result<PathBuf, Error> {
    let wanted = match uit {
        Some(p) => p.to_path_buf(),
        None => {
            let stem = group
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "verslag".into());
            group
                .parent()
                .unwrap_or(Path::new("."))
                .join(format!("{stem}.pdf"))
        }
    };
    let dir = wanted
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::cli::create_dir(dir)?;
    let dir = dir
        .canonicalize()
        .map_err(|e| Error::io(dir.display(), &e))?;
    let name = wanted.file_name().ok_or_else(|| Error::Io {
        path: wanted.display().to_string(),
        message: "dit is geen bestandsnaam".into(),
    })?;
    Ok(dir.join(name))
}

/// Blocks until a relevant change arrives, then until it has been quiet for
/// [`DEBOUNCE`]. Returns false when the watcher has gone.
fn wait_for_change(rx: &Receiver<notify::Result<notify::Event>>, target: &Target) -> bool {
    loop {
        match rx.recv() {
            Ok(Ok(event)) if relevant(&event, target) => break,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("waarschuwing: een wijziging kon niet gelezen worden: {e}"),
            Err(_) => return false,
        }
    }
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// A change to a file of the group: not a mere read, not our own output, not
/// an editor's scratch file.
fn relevant(event: &notify::Event, target: &Target) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let inside = if target.group.is_dir() {
            p.starts_with(&target.group)
        } else {
            p == &target.group
        };
        inside && p != &target.out && !scratch(p, &target.out)
    })
}

/// Temporary files of editors and of our own atomic write.
fn scratch(path: &Path, out: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let ours = path.parent() == out.parent() && name.starts_with(".tmp");
    ours || name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// One build: prints warnings and findings and the time, or the errors, keeping the
/// previous PDF when the build fails.
fn rebuild(target: &Target, base: &Arc<Base>, started: Instant, done: &str) {
    let result = pipeline::build(&target.group, base.clone(), &BuildOptions::default())
        .and_then(|built| crate::cli::write_atomic(&target.out, &built.pdf).map(|()| built));
    let ms = started.elapsed().as_millis();
    match result {
        Ok(built) => {
            crate::cli::print_warnings(&built.warnings);
            // `check`'s findings too, as `build` shows them: what is still to do.
            let options = crate::check::Options::for_group(&target.group).unwrap_or_default();
            crate::cli::print_warnings(&crate::check::build_warnings(
                &built.model,
                &options,
                &built.warnings,
            ));
            eprintln!(
                "{done} in {ms} ms: {} ({} pagina's)",
                target.out.display(),
                built.pages
            );
        }
        Err(e) => {
            eprintln!("{e}");
            if target.out.exists() {
                eprintln!(
                    "niet bijgewerkt: {} is nog het vorige verslag; verbeter de fout en sla opnieuw op",
                    target.out.display()
                );
            } else {
                eprintln!("nog geen PDF: verbeter de fout en sla opnieuw op");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn own_output_and_scratch_files_do_not_trigger() {
        let dir = tempfile::tempdir().unwrap();
        let g = dir.path().canonicalize().unwrap();
        let p = |rel: &str| g.join(rel).to_string_lossy().into_owned();
        let t = Target {
            group: g.clone(),
            out: g.join("verslag.pdf"),
        };
        let modify = EventKind::Modify(notify::event::ModifyKind::Any);
        assert!(relevant(
            &event(modify, &p("hoofdstukken/1-wijk-bepalen.md")),
            &t
        ));
        assert!(relevant(
            &event(
                EventKind::Remove(notify::event::RemoveKind::Any),
                &p("fotos/a.jpg")
            ),
            &t
        ));
        assert!(!relevant(&event(modify, &p("verslag.pdf")), &t));
        assert!(!relevant(&event(modify, &p(".tmpAb12")), &t));
        assert!(!relevant(
            &event(modify, &p("hoofdstukken/.1-wijk-bepalen.md.swp")),
            &t
        ));
        assert!(!relevant(
            &event(
                EventKind::Access(notify::event::AccessKind::Any),
                &p("verslag.toml")
            ),
            &t
        ));
        assert!(!relevant(&event(modify, "/ergens/anders/verslag.toml"), &t));
    }
}
