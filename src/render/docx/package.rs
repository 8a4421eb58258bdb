//! Rewrites the package docx-rs produced into the final DOCX.
//!
//! docx-rs writes every picture as `media/*.png` (a JPEG would be labelled
//! PNG), has no `updateFields` setting, no `tblHeader` row property and no
//! footnote mark inside the footnote, no embedded fonts, orders link
//! relationships from a hash map and stamps the zip entries with the
//! current time. This step fixes each of these, so Word opens the file
//! cleanly, shows the report's typefaces ([`super::fonts`]) and the same
//! report always gives the same bytes.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::fonts;
use crate::error::{Error, Result};
use crate::images::Format;

/// A picture's relationship id and the format of its bytes.
#[derive(Debug, Clone)]
pub struct Media {
    /// The picture id (also the media file name docx-rs uses).
    pub id: String,
    /// The real format of the bytes.
    pub format: Format,
}

/// Document properties.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The report date (y, m, d): core-property and zip timestamps.
    pub ymd: (i32, u8, u8),
    /// Title.
    pub title: String,
    /// Group members.
    pub authors: String,
}

/// The settings with what docx-rs leaves out: Word keeps the fonts in the
/// file when it saves it (`embedTrueTypeFonts`), refreshes the TOC page
/// numbers when it opens the file (`updateFields`), and hyphenates the
/// Dutch text (see styles.xml) as the PDF does. The schema orders zoom,
/// embedTrueTypeFonts, defaultTabStop, autoHyphenation, …, updateFields,
/// compat; docx-rs writes zoom after defaultTabStop, so the head is written
/// anew.
fn settings(s: &str) -> String {
    const ZOOM: &str = "<w:zoom w:percent=\"100\" />";
    let s = s.replace(ZOOM, "");
    let Some(start) = s.find("<w:defaultTabStop ") else {
        return s;
    };
    let Some(end) = s[start..].find("/>").map(|e| start + e + 2) else {
        return s;
    };
    let compat = s
        .find("<w:compat")
        .or_else(|| s.find("</w:settings>"))
        .unwrap_or(s.len())
        .max(end);
    format!(
        "{}{ZOOM}<w:embedTrueTypeFonts w:val=\"true\" />{}<w:autoHyphenation w:val=\"true\" />{}<w:updateFields w:val=\"true\" />{}",
        &s[..start],
        &s[start..end],
        &s[end..compat],
        &s[compat..]
    )
}

/// The document's default run properties in the schema's order (fonts
/// before size; docx-rs writes them the other way round) and with the
/// language added, which comes last.
fn default_run_properties(styles: &str) -> String {
    const OPEN: &str = "<w:rPrDefault><w:rPr>";
    const CLOSE: &str = "</w:rPr></w:rPrDefault>";
    let Some(start) = styles.find(OPEN).map(|i| i + OPEN.len()) else {
        return styles.to_string();
    };
    let Some(end) = styles[start..].find(CLOSE).map(|i| i + start) else {
        return styles.to_string();
    };
    let inner = &styles[start..end];
    let fonts = inner
        .find("<w:rFonts ")
        .and_then(|i| inner[i..].find("/>").map(|e| i..i + e + 2));
    let (fonts, rest) = match fonts {
        Some(r) => (
            &inner[r.clone()],
            format!("{}{}", &inner[..r.start], &inner[r.end..]),
        ),
        None => ("", inner.to_string()),
    };
    format!(
        "{}{fonts}{rest}<w:lang w:val=\"nl-NL\" w:eastAsia=\"nl-NL\" w:bidi=\"ar-SA\" />{}",
        &styles[..start],
        &styles[end..]
    )
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("DOCX-pakket: {e}"))
}

fn extension(f: Format) -> &'static str {
    match f {
        Format::Jpeg => "jpeg",
        Format::Gif => "gif",
        Format::Png | Format::Svg => "png",
    }
}

/// XML text escaping for values placed into the parts.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Returns the final DOCX bytes.
pub fn finish(raw: Vec<u8>, media: &[Media], meta: &Meta) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(internal)?;
    let (y, m, d) = meta.ymd;
    let time = DateTime::from_date_and_time(y.clamp(1980, 2107) as u16, m, d, 12, 0, 0)
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(internal)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(internal)?.to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(internal)?;
        drop(entry);
        let (name, bytes) = transform(name, bytes, media, meta)?;
        // Pictures are compressed already; deflating them again only costs time.
        let opts = if name.starts_with("word/media/") {
            options.compression_method(CompressionMethod::Stored)
        } else {
            options
        };
        out.start_file(name, opts).map_err(internal)?;
        out.write_all(&bytes).map_err(internal)?;
    }
    fonts::add_to(&mut out, options, time).map_err(internal)?;
    Ok(out.finish().map_err(internal)?.into_inner())
}

fn text(bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(internal)
}

fn transform(
    name: String,
    bytes: Vec<u8>,
    media: &[Media],
    meta: &Meta,
) -> Result<(String, Vec<u8>)> {
    if let Some(file) = name.strip_prefix("word/media/") {
        let id = file.trim_end_matches(".png");
        if let Some(m) = media.iter().find(|m| m.id == id) {
            return Ok((format!("word/media/{id}.{}", extension(m.format)), bytes));
        }
        return Ok((name, bytes));
    }
    let fixed = match name.as_str() {
        "[Content_Types].xml" => {
            let mut s = text(bytes)?;
            for (ext, ty) in [
                ("jpeg", "image/jpeg"),
                ("gif", "image/gif"),
                ("png", "image/png"),
                (
                    "odttf",
                    "application/vnd.openxmlformats-officedocument.obfuscatedFont",
                ),
            ] {
                if !s.contains(&format!("Extension=\"{ext}\"")) {
                    s = s.replacen(
                        "<Default ",
                        &format!("<Default Extension=\"{ext}\" ContentType=\"{ty}\" /><Default "),
                        1,
                    );
                }
            }
            s
        }
        "word/_rels/document.xml.rels" => {
            let mut s = text(bytes)?;
            for m in media {
                s = s.replace(
                    &format!("media/{}.png\"", m.id),
                    &format!("media/{}.{}\"", m.id, extension(m.format)),
                );
            }
            sort_relationships(&s)
        }
        "word/settings.xml" => settings(&text(bytes)?),
        "word/fontTable.xml" => fonts::font_table(&text(bytes)?),
        "word/styles.xml" => {
            // The text is Dutch: spelling and hyphenation in Word and
            // LibreOffice follow the language of the default run properties.
            default_run_properties(&text(bytes)?)
        }
        "word/document.xml" => {
            // Header rows carry a 1-twip minimum height as their marker
            // (see `content::HEADER_MARK`): it becomes `tblHeader`, so Word
            // repeats the row on every page; other rows keep `cantSplit`.
            text(bytes)?.replace(
                "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />",
                "<w:tblHeader />",
            )
        }
        "word/footnotes.xml" => footnote_marks(&text(bytes)?),
        "docProps/core.xml" => {
            let s = text(bytes)?;
            let authors = escape(&meta.authors);
            s.replace(
                "<dc:creator>unknown</dc:creator>",
                &format!("<dc:creator>{authors}</dc:creator>"),
            )
            .replace(
                "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
                "<cp:lastModifiedBy>wijkverslag</cp:lastModifiedBy>",
            )
            .replace(
                "</cp:coreProperties>",
                &format!(
                    "<dc:title>{}</dc:title></cp:coreProperties>",
                    escape(&meta.title)
                ),
            )
        }
        _ => return Ok((name, bytes)),
    };
    Ok((name, fixed.into_bytes()))
}

/// Relationships sorted by id, so their order never depends on a hash map.
fn sort_relationships(s: &str) -> String {
    let Some(start) = s.find("<Relationship ") else {
        return s.to_string();
    };
    let Some(end) = s.rfind("</Relationships>") else {
        return s.to_string();
    };
    let mut rels: Vec<String> = s[start..end]
        .split("<Relationship ")
        .filter(|r| !r.trim().is_empty())
        .map(|r| format!("<Relationship {}", r.trim_end()))
        .collect();
    let id = |r: &String| {
        r.split("Id=\"")
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap_or("")
            .to_string()
    };
    rels.sort_by_key(id);
    format!("{}{}{}", &s[..start], rels.concat(), &s[end..])
}

/// Puts Word's footnote mark (`w:footnoteRef`) at the start of every
/// footnote, so each note shows its number at the foot of the page.
fn footnote_marks(s: &str) -> String {
    let mark = "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\" /></w:rPr><w:footnoteRef /></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
    let mut out = String::with_capacity(s.len() + 256);
    let mut rest = s;
    while let Some(at) = rest.find("<w:footnote ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Skip the separator notes Word itself defines, if any.
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..tag_end];
        out.push_str(tag);
        rest = &rest[tag_end..];
        if tag.contains("w:type=") {
            continue;
        }
        // After the first paragraph's properties (or its opening tag).
        if let Some(p) = rest.find("<w:p")
            && let Some(open_end) = rest[p..].find('>').map(|e| p + e + 1)
        {
            let self_closing = rest[..open_end].ends_with("/>");
            if self_closing {
                continue;
            }
            let insert_at = match rest[open_end..].find("<w:pPr>") {
                Some(0) => rest[open_end..]
                    .find("</w:pPr>")
                    .map_or(open_end, |e| open_end + e + "</w:pPr>".len()),
                _ => open_end,
            };
            out.push_str(&rest[..insert_at]);
            out.push_str(mark);
            rest = &rest[insert_at..];
        }
    }
    out.push_str(rest);
    out
}
