//! Prepared images kept on disk between runs, by content hash.
//!
//! Students build their report dozens of times and a teacher re-runs a class;
//! preparing a 12-megapixel photo costs far more than reading the prepared
//! copy back. The store lives in the user's cache folder (or
//! `WIJKVERSLAG_CACHE`; `WIJKVERSLAG_CACHE=uit` turns it off). Every failure
//! to read or write it is silent: the photo is then simply prepared again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::images::{Format, Prepared};

/// Marks a store file and its layout; a different layout is a miss.
const MAGIC: &[u8; 8] = b"WVIMG01\n";
/// Header: magic, format, width, height, original length.
const HEADER_LEN: usize = 8 + 1 + 4 + 4 + 8;
/// Files kept before the oldest half is removed (about 300 kB each).
const MAX_FILES: usize = 2000;

/// Where prepared images are stored.
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The store for this process: `WIJKVERSLAG_CACHE` when set (`uit`, `0`
    /// or empty turn it off), else `wijkverslag/afbeeldingen` in the user's
    /// cache folder; `None` when there is no such folder.
    pub fn global() -> Option<&'static Store> {
        static GLOBAL: OnceLock<Option<Store>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| {
                let dir = match std::env::var_os("WIJKVERSLAG_CACHE") {
                    Some(v) if v.is_empty() || v == "uit" || v == "0" => return None,
                    Some(v) => PathBuf::from(v),
                    None => dirs::cache_dir()?.join("wijkverslag"),
                };
                Some(Store::at(&dir))
            })
            .as_ref()
    }

    /// A store in `dir` (its `afbeeldingen` subfolder).
    pub fn at(dir: &Path) -> Store {
        Store {
            dir: dir.join("afbeeldingen"),
        }
    }

    fn path(&self, key: &[u8; 32]) -> PathBuf {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{hex}.bin"))
    }

    /// The prepared image stored under `key`, if there is a sound one.
    pub fn load(&self, key: &[u8; 32]) -> Option<Prepared> {
        let data = std::fs::read(self.path(key)).ok()?;
        decode(&data)
    }

    /// Stores `prepared` under `key`, atomically so that a parallel reader
    /// never sees half a file.
    pub fn save(&self, key: &[u8; 32], prepared: &Prepared) {
        static PRUNED: OnceLock<()> = OnceLock::new();
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        PRUNED.get_or_init(|| prune(&self.dir));
        let Ok(mut file) = tempfile::NamedTempFile::new_in(&self.dir) else {
            return;
        };
        let _pending = crate::interrupt::Pending::new(file.path());
        if file.write_all(&encode(prepared)).is_ok() {
            let _ = file.persist(self.path(key));
        }
    }
}

fn format_byte(format: Format) -> u8 {
    match format {
        Format::Jpeg => 1,
        Format::Png => 2,
        Format::Gif => 3,
        Format::Svg => 4,
    }
}

fn encode(p: &Prepared) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + p.bytes.len());
    out.extend(MAGIC);
    out.push(format_byte(p.format));
    out.extend(p.width.to_le_bytes());
    out.extend(p.height.to_le_bytes());
    out.extend(p.original_len.to_le_bytes());
    out.extend(p.bytes.iter());
    out
}

fn decode(data: &[u8]) -> Option<Prepared> {
    if data.len() <= HEADER_LEN || &data[..8] != MAGIC {
        return None;
    }
    let format = match data[8] {
        1 => Format::Jpeg,
        2 => Format::Png,
        3 => Format::Gif,
        4 => Format::Svg,
        _ => return None,
    };
    let u32_at = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().unwrap());
    Some(Prepared {
        format,
        width: u32_at(9),
        height: u32_at(13),
        original_len: u64::from_le_bytes(data[17..25].try_into().unwrap()),
        bytes: Arc::new(data[HEADER_LEN..].to_vec()),
    })
}

/// Keeps the store bounded: past `MAX_FILES`, the least recently written half goes.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= MAX_FILES {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() / 2] {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Prepared {
        Prepared {
            bytes: Arc::new(vec![0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9]),
            format: Format::Jpeg,
            width: 1900,
            height: 1425,
            original_len: 3_400_000,
        }
    }

    #[test]
    fn saved_image_comes_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let key = [7u8; 32];
        assert!(store.load(&key).is_none());
        store.save(&key, &sample());
        let back = store.load(&key).unwrap();
        assert_eq!(back.bytes, sample().bytes);
        assert_eq!(back.format, Format::Jpeg);
        assert_eq!(
            (back.width, back.height, back.original_len),
            (1900, 1425, 3_400_000)
        );
    }

    #[test]
    fn damaged_store_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let key = [9u8; 32];
        store.save(&key, &sample());
        let path = store.path(&key);
        let data = std::fs::read(&path).unwrap();
        std::fs::write(&path, &data[..HEADER_LEN - 3]).unwrap();
        assert!(store.load(&key).is_none());
        std::fs::write(&path, b"iets anders dan een opgeslagen afbeelding").unwrap();
        assert!(store.load(&key).is_none());
    }
}
