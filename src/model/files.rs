//! The files of one group, from a folder or a `.zip`, confined to the group.
//!
//! Every path a student writes is resolved here, once: relative, without
//! `..` above the group folder, without symbolic links leading out. A zip
//! is read in memory with the same rules.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Place, Problem, Result};

/// Largest single file accepted from a group (photos included).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total uncompressed size of a zipped group.
pub const MAX_ZIP_BYTES: u64 = 512 * 1024 * 1024;

/// Where the files of a group come from.
#[derive(Debug)]
enum Origin {
    /// A folder on disk, canonicalised.
    Folder(PathBuf),
    /// A zip read into memory: normalised relative name → bytes.
    Zip(BTreeMap<String, Vec<u8>>),
}

/// The files of one group.
#[derive(Debug)]
pub struct GroupFiles {
    origin: Origin,
    /// The name of the group (folder or zip name without extension).
    pub name: String,
    /// The path the user gave, for messages.
    pub display: String,
}

impl GroupFiles {
    /// Opens a group folder or a `.zip` of one.
    pub fn open(path: &Path) -> Result<GroupFiles> {
        let display = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| {
            Error::input(
                Problem::new(Place::file(&display), crate::error::io_message(&e))
                    .hint("geef de map van de groep (met verslag.toml) of een .zip daarvan"),
            )
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "verslag".into());
        if meta.is_dir() {
            let canon = path.canonicalize().map_err(|e| Error::io(&display, &e))?;
            Ok(GroupFiles {
                origin: Origin::Folder(canon),
                name,
                display,
            })
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            let bytes = std::fs::read(path).map_err(|e| Error::io(&display, &e))?;
            let files = read_zip(&bytes, &display)?;
            Ok(GroupFiles {
                origin: Origin::Zip(files),
                name,
                display,
            })
        } else {
            Err(Error::input(
                Problem::new(
                    Place::file(&display),
                    "dit is geen map en geen .zip-bestand",
                )
                .hint("geef de map van de groep (met verslag.toml) of een .zip daarvan"),
            ))
        }
    }

    /// Builds a group from files in memory (tests, `init` previews).
    pub fn from_memory(name: &str, files: BTreeMap<String, Vec<u8>>) -> GroupFiles {
        GroupFiles {
            origin: Origin::Zip(files),
            name: name.into(),
            display: name.into(),
        }
    }

    /// The folder on disk, when the group is a folder.
    pub fn folder(&self) -> Option<&Path> {
        match &self.origin {
            Origin::Folder(p) => Some(p),
            Origin::Zip(_) => None,
        }
    }

    /// A folder further down that holds a `verslag.toml` (at most three
    /// levels): a group unzipped into a folder of its own, for a tip that
    /// names the folder to give instead.
    pub fn nested_report(&self) -> Option<PathBuf> {
        let mut todo = vec![(self.folder()?.to_path_buf(), 0)];
        let mut i = 0;
        // Breadth first, so the shallowest report is named.
        while let Some((dir, depth)) = todo.get(i).cloned() {
            i += 1;
            let mut subdirs: Vec<PathBuf> = std::fs::read_dir(&dir)
                .ok()?
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            subdirs.sort();
            for sub in subdirs {
                if sub.join(super::VERSLAG_TOML).is_file() {
                    return Some(sub);
                }
                if depth < 2 {
                    todo.push((sub, depth + 1));
                }
            }
        }
        None
    }

    /// Reads a file by its normalised relative name (as returned by [`resolve`]).
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match &self.origin {
            Origin::Folder(root) => {
                let full = root.join(rel);
                // Symbolic links may point anywhere: follow them and confine the target.
                let canon = full.canonicalize()?;
                if !canon.starts_with(root) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "buiten de groepsmap",
                    ));
                }
                let meta = std::fs::metadata(&canon)?;
                if meta.is_dir() {
                    return Err(std::io::Error::from(std::io::ErrorKind::IsADirectory));
                }
                // A named pipe or a device would block the read (or never end).
                if !meta.is_file() {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "geen gewoon bestand",
                    ));
                }
                if meta.len() > MAX_FILE_BYTES {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "te groot",
                    ));
                }
                std::fs::read(canon)
            }
            Origin::Zip(files) => files
                .get(rel)
                .cloned()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }

    /// Whether a normalised relative file exists (and stays inside the group).
    pub fn exists(&self, rel: &str) -> bool {
        match &self.origin {
            Origin::Folder(root) => root
                .join(rel)
                .canonicalize()
                .is_ok_and(|c| c.starts_with(root) && c.is_file()),
            Origin::Zip(files) => files.contains_key(rel),
        }
    }

    /// Why `rel`, which [`exists`](Self::exists) denied, is not there when
    /// something is: a link out of the group, or a folder. `None` when
    /// nothing is there at all.
    pub fn unusable(&self, rel: &str) -> Option<String> {
        let Origin::Folder(root) = &self.origin else {
            return None;
        };
        let canon = root.join(rel).canonicalize().ok()?;
        Some(if !canon.starts_with(root) {
            format!(
                "`{rel}` wijst naar een plek buiten de groepsmap (een snelkoppeling?); alleen bestanden in de groepsmap kunnen gebruikt worden"
            )
        } else if canon.is_dir() {
            format!("`{rel}` is een map, geen bestand")
        } else {
            format!("`{rel}` is geen gewoon bestand")
        })
    }

    /// The chapter files (`hoofdstukken/*.md`), sorted by name.
    pub fn list(&self, dir: &str) -> Vec<String> {
        let mut out = Vec::new();
        match &self.origin {
            Origin::Folder(root) => {
                if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
                    for e in entries.flatten() {
                        if let Some(n) = e.file_name().to_str() {
                            out.push(format!("{dir}/{n}"));
                        }
                    }
                }
            }
            Origin::Zip(files) => {
                let prefix = format!("{dir}/");
                for k in files.keys() {
                    if let Some(rest) = k.strip_prefix(&prefix)
                        && !rest.contains('/')
                    {
                        out.push(k.clone());
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// The names of the files and of the folders directly in the group
    /// folder, each sorted.
    pub fn top_level(&self) -> (Vec<String>, Vec<String>) {
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        match &self.origin {
            Origin::Folder(root) => {
                for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
                    if let Ok(name) = e.file_name().into_string() {
                        if e.path().is_dir() {
                            dirs.push(name);
                        } else {
                            files.push(name);
                        }
                    }
                }
            }
            Origin::Zip(all) => {
                for k in all.keys() {
                    match k.split_once('/') {
                        Some((first, _)) => dirs.push(first.to_string()),
                        None => files.push(k.clone()),
                    }
                }
            }
        }
        files.sort();
        dirs.sort();
        dirs.dedup();
        (files, dirs)
    }

    /// The existing file whose path is `rel` in another Unicode form: macOS
    /// writes `é` as `e` plus an accent (NFD), a Windows editor as one
    /// character (NFC). The names look the same, so the student cannot see
    /// the difference; the file is simply used.
    pub fn find_same_text(&self, rel: &str) -> Option<String> {
        use unicode_normalization::UnicodeNormalization;
        self.find_by(rel, |s| s.nfc().collect())
    }

    /// The existing file whose path equals `rel` but for upper and lower
    /// case: `Fotos/B.JPG` works on Windows and macOS, not on the teacher's
    /// Linux server or in a zip, so the message names the real spelling.
    pub fn find_ignoring_case(&self, rel: &str) -> Option<String> {
        self.find_by(rel, str::to_lowercase)
    }

    /// The existing file whose path equals `rel` once both are put through
    /// `key`, part by part.
    fn find_by(&self, rel: &str, key: impl Fn(&str) -> String) -> Option<String> {
        match &self.origin {
            Origin::Folder(root) => {
                let mut found = String::new();
                for part in rel.split('/') {
                    let wanted = key(part);
                    let name = std::fs::read_dir(root.join(&found))
                        .ok()?
                        .flatten()
                        .filter_map(|e| e.file_name().into_string().ok())
                        .find(|n| key(n) == wanted)?;
                    if !found.is_empty() {
                        found.push('/');
                    }
                    found.push_str(&name);
                }
                self.exists(&found).then_some(found)
            }
            Origin::Zip(files) => {
                let wanted = key(rel);
                files.keys().find(|k| key(k) == wanted).cloned()
            }
        }
    }

    /// Reads a file that a student named, with a clear message when it fails.
    pub fn read_named(&self, rel: &str, place: &Place) -> Result<Vec<u8>> {
        self.read(rel).map_err(|e| {
            const CHECK_NAME: &str = "controleer de naam en zet het bestand in de groepsmap";
            let (msg, hint) = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    (format!("het bestand `{rel}` bestaat niet"), CHECK_NAME)
                }
                // The system refused: the file's own permissions.
                std::io::ErrorKind::PermissionDenied if e.raw_os_error().is_some() => (
                    format!("`{rel}` mag niet gelezen worden (geen leesrechten)"),
                    "geef jezelf leesrechten op het bestand, of kopieer het opnieuw in de groepsmap",
                ),
                std::io::ErrorKind::PermissionDenied => (
                    format!("`{rel}` wijst naar een plek buiten de groepsmap"),
                    CHECK_NAME,
                ),
                std::io::ErrorKind::InvalidInput => (
                    format!("`{rel}` is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat)"),
                    CHECK_NAME,
                ),
                _ => (
                    format!(
                        "`{rel}` kan niet gelezen worden: {}",
                        crate::error::io_message(&e)
                    ),
                    CHECK_NAME,
                ),
            };
            Error::input(Problem::new(place.clone(), msg).hint(hint))
        })
    }
}

/// Normalises a path a student wrote, relative to `base_dir` (a folder inside
/// the group, "" for the group root). Refuses absolute paths, URLs and paths
/// that climb out of the group.
pub fn normalize(base_dir: &str, written: &str) -> std::result::Result<String, String> {
    if written.is_empty() {
        return Err("het pad is leeg".into());
    }
    // Google Docs and web pages put a copied picture in the text itself,
    // thousands of characters that would fill the screen.
    if written
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    {
        return Err(
            "deze afbeelding staat als data:-adres in de tekst zelf (gekopieerd uit Google Docs of een website), niet als bestand in de groepsmap"
                .into(),
        );
    }
    if written.contains("://") {
        return Err(format!(
            "`{}` is een webadres; zet het bestand in de groepsmap en verwijs ernaar met een pad",
            crate::error::shorten(written, 80)
        ));
    }
    let p = Path::new(written);
    if p.is_absolute()
        || written.starts_with('/')
        || written.starts_with('\\')
        || written.get(1..2) == Some(":")
    {
        return Err(format!(
            "`{written}` is een absoluut pad; gebruik een pad binnen de groepsmap, zoals `fotos/straat.jpg`"
        ));
    }
    let mut parts: Vec<String> = base_dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    for comp in Path::new(&written.replace('\\', "/")).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "`{written}` wijst naar een plek buiten de groepsmap; alleen bestanden in de groepsmap kunnen gebruikt worden"
                    ));
                }
            }
            _ => {
                return Err(format!(
                    "`{written}` is geen geldig pad binnen de groepsmap"
                ));
            }
        }
    }
    if parts.is_empty() {
        return Err(format!(
            "`{written}` wijst naar de groepsmap zelf, niet naar een bestand"
        ));
    }
    Ok(parts.join("/"))
}

/// Why an entry of a zip cannot be opened, in Dutch.
fn zip_entry_problem(e: &zip::result::ZipError) -> &'static str {
    match e {
        zip::result::ZipError::UnsupportedArchive(why)
            if why.to_lowercase().contains("password") =>
        {
            "de zip is met een wachtwoord beveiligd; pak de groepsmap opnieuw in zonder wachtwoord"
        }
        zip::result::ZipError::UnsupportedArchive(_) => {
            "de zip is ingepakt op een manier die niet gelezen kan worden (bijvoorbeeld versleuteld of met 7-Zip-compressie)"
        }
        _ => "een bestand in de zip is beschadigd",
    }
}

/// Reads a zip into memory, refusing zip-slip names and oversized entries.
fn read_zip(bytes: &[u8], display: &str) -> Result<BTreeMap<String, Vec<u8>>> {
    let bad = |msg: String| {
        Error::input(
            Problem::new(Place::file(display), msg)
                .hint("pak de groepsmap opnieuw in als gewone .zip (rechtsklik → Comprimeren)"),
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        // zip's own reason ("Could not find EOCD") says nothing to a student.
        .map_err(|_| {
            bad("dit .zip-bestand kan niet gelezen worden: het is beschadigd, niet helemaal gedownload, of geen zip".into())
        })?;
    let mut raw: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| bad(zip_entry_problem(&e).into()))?;
        let name = entry
            .name()
            .map_err(|_| bad("een bestandsnaam in de zip is geen geldige tekst".into()))?
            .replace('\\', "/");
        if entry.is_dir() || name.ends_with('/') {
            continue;
        }
        if name.starts_with('/') || name.get(1..2) == Some(":") {
            return Err(bad(format!("de zip bevat een absoluut pad: `{name}`")));
        }
        if name.split('/').any(|s| s == "..") {
            return Err(bad(format!(
                "de zip bevat een pad dat buiten de map wijst: `{name}`"
            )));
        }
        if entry.is_symlink() {
            return Err(bad(format!(
                "de zip bevat een symbolische koppeling: `{name}`"
            )));
        }
        if name.starts_with("__MACOSX/") || name.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        if entry.size() > MAX_FILE_BYTES {
            return Err(bad(format!(
                "`{name}` in de zip is te groot ({} MB)",
                entry.size() / 1_000_000
            )));
        }
        total += entry.size();
        if total > MAX_ZIP_BYTES {
            return Err(bad("de zip is uitgepakt te groot (meer dan 512 MB)".into()));
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        // Declared sizes can lie: never read more than the limit.
        (&mut entry)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| bad(format!("`{name}` in de zip is beschadigd")))?;
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(bad(format!("`{name}` in de zip is te groot")));
        }
        let clean = name
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect::<Vec<_>>()
            .join("/");
        raw.push((clean, data));
    }
    // A zip of the folder has one top folder; a zip of its contents has none;
    // a zip of a folder unzipped into a folder of its own has two. The
    // report is the shallowest `verslag.toml`.
    let prefix = {
        let depth = |n: &str| n.matches('/').count();
        let tomls: Vec<&String> = raw
            .iter()
            .map(|(n, _)| n)
            .filter(|n| *n == "verslag.toml" || n.ends_with("/verslag.toml"))
            .filter(|n| depth(n) <= 3)
            .collect();
        let Some(shallowest) = tomls.iter().map(|n| depth(n)).min() else {
            return Err(bad("de zip bevat geen verslag.toml".into()));
        };
        let top: Vec<&&String> = tomls.iter().filter(|n| depth(n) == shallowest).collect();
        match top.as_slice() {
            _ if shallowest == 0 => None,
            [one] => Some(one.trim_end_matches("verslag.toml").to_string()),
            _ => {
                let names: Vec<String> = top
                    .iter()
                    .map(|n| format!("`{}`", n.trim_end_matches("verslag.toml")))
                    .collect();
                return Err(bad(format!(
                    "de zip bevat meer dan één groepsmap met een verslag.toml: {}",
                    names.join(" en ")
                )));
            }
        }
    };
    let mut files = BTreeMap::new();
    for (name, data) in raw {
        match &prefix {
            Some(p) => {
                if let Some(rest) = name.strip_prefix(p.as_str()) {
                    files.insert(rest.to_string(), data);
                }
            }
            None => {
                files.insert(name, data);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip with a password says so, in Dutch.
    #[test]
    fn a_zip_with_a_password_is_named() {
        use std::io::Write;
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        zip.start_file("verslag.toml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"[verslag]\n").unwrap();
        zip.finish().unwrap();
        // Set the "encrypted" flag in the local and the central header.
        let local = bytes.windows(4).position(|w| w == b"PK\x03\x04").unwrap();
        bytes[local + 6] |= 1;
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[central + 8] |= 1;
        let Err(Error::Input(problems)) = read_zip(&bytes, "g.zip") else {
            panic!("an encrypted zip was read");
        };
        assert_eq!(
            problems[0].message,
            "de zip is met een wachtwoord beveiligd; pak de groepsmap opnieuw in zonder wachtwoord"
        );
    }

    #[test]
    fn normalize_confines() {
        assert_eq!(
            normalize("hoofdstukken", "../fotos/a.jpg").unwrap(),
            "fotos/a.jpg"
        );
        assert_eq!(normalize("", "./fotos/a.jpg").unwrap(), "fotos/a.jpg");
        assert!(
            normalize("hoofdstukken", "../../etc/passwd")
                .unwrap_err()
                .contains("buiten de groepsmap")
        );
        assert!(
            normalize("", "/etc/passwd")
                .unwrap_err()
                .contains("absoluut")
        );
        assert!(
            normalize("", "https://x.nl/a.jpg")
                .unwrap_err()
                .contains("webadres")
        );
        let pasted = format!("data:image/png;base64,{}", "QUJD".repeat(5000));
        let msg = normalize("hoofdstukken", &pasted).unwrap_err();
        assert!(msg.contains("data:-adres") && msg.len() < 200, "{msg}");
    }
}
