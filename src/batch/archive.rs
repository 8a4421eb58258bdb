//! One archive of a class's outputs, byte-for-byte reproducible: entries in
//! sorted order, a fixed timestamp, fixed permissions.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::error::{Error, Result};

/// The timestamp of every entry: the date of `SOURCE_DATE_EPOCH` when set,
/// else 1980-01-01 (the earliest a zip can hold), never the clock.
pub fn entry_time() -> DateTime {
    let fallback = DateTime::default();
    match crate::source_date_epoch() {
        Some(secs) => {
            let (y, m, d) = crate::civil_from_days(secs.div_euclid(86_400));
            let s = secs.rem_euclid(86_400);
            let year = u16::try_from(y).unwrap_or(1980).clamp(1980, 2107);
            DateTime::from_date_and_time(
                year,
                m,
                d,
                (s / 3600) as u8,
                ((s / 60) % 60) as u8,
                (s % 60) as u8,
            )
            .unwrap_or(fallback)
        }
        None => fallback,
    }
}

/// Writes `zip_path` with the files `names` (relative to `dir`), in sorted
/// order. Files are read one at a time, so memory holds one file at most.
pub fn write_zip(zip_path: &Path, dir: &Path, names: &[String]) -> Result<()> {
    let shown = zip_path.display().to_string();
    let zip_err = |e: zip::result::ZipError| Error::Io {
        path: shown.clone(),
        message: format!("zip schrijven mislukt ({e})"),
    };
    let parent = zip_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = super::output::temp_file(parent)?;
    let mut zip = ZipWriter::new(tmp);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(entry_time())
        .unix_permissions(0o644);
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.dedup();
    for name in sorted {
        let path = dir.join(name);
        let mut file = std::fs::File::open(&path).map_err(|e| Error::io(path.display(), &e))?;
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        std::io::copy(&mut file, &mut zip).map_err(|e| Error::io(&shown, &e))?;
    }
    let mut tmp = zip.finish().map_err(zip_err)?;
    tmp.flush().map_err(|e| Error::io(&shown, &e))?;
    tmp.persist(zip_path)
        .map_err(|e| Error::io(&shown, &e.error))?;
    Ok(())
}
