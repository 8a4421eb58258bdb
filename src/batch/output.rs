//! Writing into the output folder: every file through a temporary file with
//! a name of our own, renamed when complete; one batch at a time per folder;
//! and the half-written files of a run that was broken off removed: on
//! Ctrl+C, a closed terminal or `kill` by the run itself (see
//! [`crate::interrupt`]), after a crash or power cut by the next run.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Place, Problem, Result};
use crate::interrupt::Pending;

/// Temporary files of a batch are `.wijkverslag-XXXXXX.tmp`.
pub const TEMP_PREFIX: &str = ".wijkverslag-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";
/// Held (locked) while a batch writes into the folder.
pub const LOCK_NAME: &str = ".wijkverslag-bezig";

/// A temporary file in `dir`, named `.wijkverslag-XXXXXX.tmp`, that becomes
/// an output file on `persist`. Created with the permissions of a plain
/// `File::create` (0666 minus the umask), not tempfile's private 0600: a
/// report must stay readable for a web server, a shared class folder or a
/// colleague after the rename.
pub fn temp_file(dir: &Path) -> Result<TempOut> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir.display(), &e))?;
    let pending = Pending::new(file.path());
    Ok(TempOut {
        file,
        _pending: pending,
    })
}

/// A file being written under a temporary name (see [`temp_file`]); it is
/// removed if the run is interrupted before [`TempOut::persist`].
#[derive(Debug)]
pub struct TempOut {
    file: tempfile::NamedTempFile,
    _pending: Pending,
}

impl TempOut {
    /// Gives the file its final name.
    pub fn persist(self, path: &Path) -> std::result::Result<File, tempfile::PersistError> {
        self.file.persist(path)
    }

    /// The temporary name.
    pub fn path(&self) -> &Path {
        self.file.path()
    }
}

impl Write for TempOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl std::io::Seek for TempOut {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// Writes `bytes` to `path` through a [`temp_file`] beside it, so no
/// half-written file ever has the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        return Err(Error::input(
            Problem::new(
                Place::file(path.display().to_string()),
                "hier staat een map met dezelfde naam als het bestand dat gemaakt wordt",
            )
            .hint("kies een andere naam voor het bestand, of haal de map weg"),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::cli::create_dir(dir)?;
    let mut tmp = temp_file(dir)?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(path.display(), &e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path.display(), &e.error))?;
    Ok(())
}

/// The output folder, held by this batch: no other batch writes into it
/// until this is dropped (which removes the lock file).
#[derive(Debug)]
pub struct Lock {
    /// Open and locked while the batch runs.
    file: Option<File>,
    path: PathBuf,
    /// Removes the lock file when the batch is interrupted.
    _pending: Option<Pending>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if self.file.is_some() {
            // Removed while still locked, so a batch that opens the file
            // after this finds a new one (see `lock`).
            let _ = std::fs::remove_file(&self.path);
        }
        self.file = None;
    }
}

/// Takes the output folder `uit` for this batch. Refuses when another
/// batch is writing into it; where the file system cannot lock (some
/// network drives) the batch runs without, and leaves other runs' files alone.
pub fn lock(uit: &Path) -> Result<Lock> {
    let path = uit.join(LOCK_NAME);
    for _ in 0..5 {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(path.display(), &e))?;
        match file.try_lock() {
            Ok(()) => {
                // The batch before us may have removed the file between our
                // open and our lock: then lock the new one.
                if still_there(&file, &path) {
                    return Ok(Lock {
                        file: Some(file),
                        _pending: Some(Pending::new(&path)),
                        path,
                    });
                }
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::input(
                    Problem::new(
                        Place::file(uit.display().to_string()),
                        "er loopt al een wijkverslag batch die in deze map schrijft",
                    )
                    .hint("wacht tot die klaar is, of kies met -o een andere uitvoermap"),
                ));
            }
            Err(std::fs::TryLockError::Error(_)) => {
                return Ok(Lock {
                    file: None,
                    path,
                    _pending: None,
                });
            }
        }
    }
    Ok(Lock {
        file: None,
        path,
        _pending: None,
    })
}

#[cfg(unix)]
fn still_there(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_there(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Lock {
    /// Removes the temporary files that runs broken off earlier left in the
    /// folder, and returns their names, sorted. Only while this batch holds
    /// the folder: then no other run can be writing them.
    ///
    /// Ours are `.wijkverslag-*.tmp`. Earlier versions named them
    /// `.tmpXXXXXX` (six letters or digits); such a file is only taken for
    /// ours when it begins as a report, archive or overview does (a PDF, a
    /// zip or DOCX, or the overview CSV), so another program's file stays.
    pub fn remove_leftovers(&self, uit: &Path) -> Vec<String> {
        if self.file.is_none() {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(uit) else {
            return Vec::new();
        };
        let mut removed: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_string();
                let ours =
                    is_temp_name(&name) || (is_old_temp_name(&name) && begins_as_ours(&e.path()));
                (ours && std::fs::remove_file(e.path()).is_ok()).then_some(name)
            })
            .collect();
        removed.sort();
        removed
    }
}

fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// tempfile's own names: `.tmp` and six letters or digits.
fn is_old_temp_name(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn begins_as_ours(path: &Path) -> bool {
    let mut head = [0u8; 12];
    let n = File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"%PDF-")
        || head.starts_with(b"PK\x03\x04")
        || head.starts_with("\u{feff}groep;".as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let t = temp_file(dir.path()).unwrap();
        let name = t.path().file_name().unwrap().to_str().unwrap().to_string();
        assert!(is_temp_name(&name), "{name}");
        assert!(is_old_temp_name(".tmpb2a7ei"));
        assert!(!is_old_temp_name(".tmpb2a7e"));
        assert!(!is_temp_name("groep-a.pdf"));
    }

    #[test]
    fn a_second_batch_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        let err = lock(dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .contains("er loopt al een wijkverslag batch")
        );
        drop(first);
        assert!(!dir.path().join(LOCK_NAME).exists());
        let again = lock(dir.path()).unwrap();
        assert!(again.file.is_some());
    }
}
