//! The report's typefaces carried inside the Word file.
//!
//! Few computers have Noto Sans or Libertinus Serif. Without them Word sets
//! the report in a substitute of its choosing, and LibreOffice set all of
//! it, the serif body text too, in DejaVu Sans. So the faces the styles use
//! travel in the DOCX as Word embeds them (ECMA-376 part 1, 17.8.1): the
//! font file with its first 32 bytes XORed with a key, named in
//! `fontTable.xml`.
//!
//! The faces are the same in every report, so they are obfuscated and
//! deflated once per process and copied into each DOCX as they are.

use std::io::{Cursor, Seek, Write};
use std::sync::LazyLock;

use typst::text::{Font, FontStyle, FontWeight};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::styles::{SANS, SERIF};
use crate::render::typst::Base;

/// One face carried in the DOCX.
struct Face {
    family: &'static str,
    bold: bool,
    italic: bool,
    /// The key it is obfuscated with: a fixed GUID, so the same report
    /// always gives the same bytes.
    key: &'static str,
}

/// The faces the styles use. Noto Sans sets headings, captions, header and
/// footer, never in italics (Word slants the regular face for the odd
/// italic word in a caption); Libertinus Serif sets the text in all four.
const FACES: [Face; 6] = [
    Face {
        family: SERIF,
        bold: false,
        italic: false,
        key: "{57494A4B-5645-5253-4C41-470000000001}",
    },
    Face {
        family: SERIF,
        bold: true,
        italic: false,
        key: "{57494A4B-5645-5253-4C41-470000000002}",
    },
    Face {
        family: SERIF,
        bold: false,
        italic: true,
        key: "{57494A4B-5645-5253-4C41-470000000003}",
    },
    Face {
        family: SERIF,
        bold: true,
        italic: true,
        key: "{57494A4B-5645-5253-4C41-470000000004}",
    },
    Face {
        family: SANS,
        bold: false,
        italic: false,
        key: "{57494A4B-5645-5253-4C41-470000000005}",
    },
    Face {
        family: SANS,
        bold: true,
        italic: false,
        key: "{57494A4B-5645-5253-4C41-470000000006}",
    },
];

impl Face {
    /// The fontTable element that names this face's file.
    fn element(&self) -> &'static str {
        match (self.bold, self.italic) {
            (false, false) => "w:embedRegular",
            (true, false) => "w:embedBold",
            (false, true) => "w:embedItalic",
            (true, true) => "w:embedBoldItalic",
        }
    }

    fn matches(&self, font: &Font) -> bool {
        let info = font.info();
        let variant = info.variant;
        info.family == self.family
            && (variant.weight == FontWeight::BOLD) == self.bold
            && (variant.weight == FontWeight::BOLD || variant.weight == FontWeight::REGULAR)
            && (variant.style == FontStyle::Italic) == self.italic
    }
}

/// The part name of face `i` in the package.
fn part(i: usize) -> String {
    format!("word/fonts/font{}.odttf", i + 1)
}

/// The relationship id of face `i` in `fontTable.xml.rels`.
fn rel_id(i: usize) -> String {
    format!("rIdFont{}", i + 1)
}

/// The 16 key bytes of a GUID `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`: its
/// hex digits read as bytes from the last to the first.
fn key_bytes(guid: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = guid
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .map(|c| (c as char).to_digit(16).unwrap_or(0) as u8)
        .collect();
    if hex.len() != 32 {
        return None;
    }
    let mut key = [0u8; 16];
    for (i, k) in key.iter_mut().enumerate() {
        let at = 30 - 2 * i;
        *k = hex[at] << 4 | hex[at + 1];
    }
    Some(key)
}

/// A font file as Word embeds it: the first 32 bytes XORed with the key.
/// Doing it twice gives the file back.
fn obfuscate(data: &[u8], key: &[u8; 16]) -> Vec<u8> {
    let mut out = data.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

/// The faces' files, obfuscated and deflated, as a zip of their own whose
/// entries are copied raw into each DOCX; `Err` says what went wrong (a
/// face missing from the embedded fonts is a bug in the program).
static PACKED: LazyLock<Result<Vec<u8>, String>> = LazyLock::new(pack);

fn pack() -> Result<Vec<u8>, String> {
    // The process-wide base holds the embedded fonts, parsed already.
    let base = Base::shared();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (i, face) in FACES.iter().enumerate() {
        let font =
            base.fonts.iter().find(|f| face.matches(f)).ok_or_else(|| {
                format!("lettertype {} {} ontbreekt", face.family, face.element())
            })?;
        let key =
            key_bytes(face.key).ok_or_else(|| format!("sleutel {} is geen GUID", face.key))?;
        zip.start_file(part(i), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(&obfuscate(font.data(), &key))
            .map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// `fontTable.xml` with an entry for each carried family, naming its files.
pub(super) fn font_table(s: &str) -> String {
    let mut entries = String::new();
    for family in [SERIF, SANS] {
        let (kind, outlines) = if family == SERIF {
            // Libertinus Serif has PostScript (CFF) outlines.
            ("roman", "<w:notTrueType />")
        } else {
            ("swiss", "")
        };
        entries.push_str(&format!(
            "<w:font w:name=\"{family}\"><w:charset w:val=\"00\" /><w:family w:val=\"{kind}\" />{outlines}<w:pitch w:val=\"variable\" />"
        ));
        for (i, face) in FACES.iter().enumerate().filter(|(_, f)| f.family == family) {
            entries.push_str(&format!(
                "<{} r:id=\"{}\" w:fontKey=\"{}\" />",
                face.element(),
                rel_id(i),
                face.key
            ));
        }
        entries.push_str("</w:font>");
    }
    match s.rfind("</w:fonts>") {
        Some(end) => format!("{}{entries}{}", &s[..end], &s[end..]),
        None => s.to_string(),
    }
}

/// Packs the faces now, if no DOCX of this process has yet: a caller can
/// do it beside other work.
pub(super) fn pack_ahead() {
    LazyLock::force(&PACKED);
}

/// Adds the faces' files and `fontTable.xml.rels` to a DOCX being written;
/// `options` and `time` as for its other parts.
pub(super) fn add_to<W: Write + Seek>(
    out: &mut ZipWriter<W>,
    options: SimpleFileOptions,
    time: DateTime,
) -> Result<(), String> {
    let err = |e: zip::result::ZipError| e.to_string();
    out.start_file("word/_rels/fontTable.xml.rels", options)
        .map_err(err)?;
    out.write_all(font_table_rels().as_bytes())
        .map_err(|e| e.to_string())?;
    let packed = PACKED.as_ref()?;
    let mut faces = ZipArchive::new(Cursor::new(packed.as_slice())).map_err(err)?;
    for i in 0..faces.len() {
        let face = faces.by_index_raw(i).map_err(err)?;
        out.raw_copy_file_touch(face, time, Some(0o644))
            .map_err(err)?;
    }
    Ok(())
}

/// `word/_rels/fontTable.xml.rels`: the relationship of each face's file.
fn font_table_rels() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for i in 0..FACES.len() {
        s.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" Target=\"fonts/font{}.odttf\" />",
            rel_id(i),
            i + 1
        ));
    }
    s.push_str("</Relationships>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_the_guid_read_backwards() {
        // The example of ECMA-376 part 1, 17.8.1 as LibreOffice reads it.
        let key = key_bytes("{62E79491-959F-41E9-B76B-6B32631DEA5C}").unwrap();
        assert_eq!(
            key,
            [
                0x5C, 0xEA, 0x1D, 0x63, 0x32, 0x6B, 0x6B, 0xB7, 0xE9, 0x41, 0x9F, 0x95, 0x91, 0x94,
                0xE7, 0x62
            ]
        );
        assert_eq!(key_bytes("{62E79491}"), None);
    }

    #[test]
    fn only_the_first_32_bytes_are_changed_and_twice_gives_the_file_back() {
        let data: Vec<u8> = (0..100u8).collect();
        let key = key_bytes(FACES[0].key).unwrap();
        let once = obfuscate(&data, &key);
        assert_ne!(once[..32], data[..32]);
        assert_eq!(once[32..], data[32..]);
        assert_eq!(obfuscate(&once, &key), data);
    }

    #[test]
    fn each_packed_file_is_its_face_once_the_key_is_applied() {
        use std::io::Read;
        use typst::foundations::Bytes;
        let packed = PACKED.as_ref().unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(packed)).unwrap();
        assert_eq!(archive.len(), FACES.len());
        for (i, face) in FACES.iter().enumerate() {
            let mut data = Vec::new();
            archive
                .by_name(&part(i))
                .unwrap()
                .read_to_end(&mut data)
                .unwrap();
            let key = key_bytes(face.key).unwrap();
            assert!(Font::new(Bytes::new(data.clone()), 0).is_none());
            let font = Font::new(Bytes::new(obfuscate(&data, &key)), 0).unwrap();
            let variant = font.info().variant;
            assert_eq!(font.info().family, face.family);
            assert_eq!(variant.weight == FontWeight::BOLD, face.bold, "{}", part(i));
            assert_eq!(
                variant.style == FontStyle::Italic,
                face.italic,
                "{}",
                part(i)
            );
        }
    }
}
