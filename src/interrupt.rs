//! Ctrl+C, a closed terminal or `kill`: the files this run is still
//! writing are removed before it stops, so an interrupted `build`, `watch`
//! or `batch` leaves no half-written `.wijkverslag-*.tmp` and no lock file
//! behind. Finished files keep their final names: they were written under a
//! temporary name and renamed whole.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Exit code of a run stopped by a signal, as shells report Ctrl+C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// The paths to remove when the run is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler; the command line does this once at its start.
pub fn install() {
    // An error means a handler is already there (a second call): keep it.
    let _ = ctrlc::set_handler(|| {
        for path in std::mem::take(&mut *pending()) {
            let _ = std::fs::remove_file(path);
        }
        eprintln!("gestopt");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// A file that is removed if the run is interrupted while this lives.
#[derive(Debug)]
pub struct Pending(PathBuf);

impl Pending {
    /// Marks `path` for removal on interruption until the result is dropped.
    pub fn new(path: &Path) -> Pending {
        pending().push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut list = pending();
        if let Some(i) = list.iter().position(|p| *p == self.0) {
            list.swap_remove(i);
        }
    }
}
