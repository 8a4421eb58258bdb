//! The prepared images as files for Typst.
//!
//! Typst decodes every raster image to pixels when it loads it and keeps
//! those pixels in its memo caches, although a PDF takes a JPEG's bytes
//! unchanged. For a phone photo that is about 15 ms and 9 MB that nothing
//! uses, and in `batch` the caches held the pixels of ten groups' photos at
//! once (a class of 32 real groups peaked at about 1 GB). So a JPEG is
//! offered as a one-line SVG that links the JPEG beside it: Typst reads only
//! the JPEG's header and the PDF embeds its bytes as before.

use std::sync::Arc;

use typst::foundations::Bytes;

use crate::images::{Format, Prepared};

/// The files Typst serves for a report's images: each image at its own
/// path, a JPEG as an SVG there that links `<name>.jpg` beside it.
pub fn image_files(images: &[(String, Prepared)]) -> Vec<(String, Bytes)> {
    let mut files = Vec::with_capacity(images.len() * 2);
    for (src, p) in images {
        let bytes = Bytes::new(Shared(Arc::clone(&p.bytes)));
        match p.format {
            Format::Jpeg => {
                let name = src.rsplit('/').next().unwrap_or(src);
                let svg = link_svg(&format!("{name}.jpg"), &bytes, p.width, p.height);
                files.push((src.clone(), Bytes::from_string(svg)));
                files.push((format!("{src}.jpg"), bytes));
            }
            _ => files.push((src.clone(), bytes)),
        }
    }
    files
}

/// An SVG of the JPEG's pixel size that shows the JPEG `href` beside it.
///
/// Typst tells SVGs apart by their text alone, not by the files they link,
/// and every report names its images `/afbeelding/1`, `/afbeelding/2`, …;
/// the JPEG's hash in the text keeps one group's photo from standing in for
/// another's in Typst's caches during `batch` and `watch`. It is Typst's own
/// hash of the bytes: computed once, kept with them, and reused when Typst
/// tracks the file.
fn link_svg(href: &str, jpeg: &Bytes, w: u32, h: u32) -> String {
    let hash = typst::utils::hash128(jpeg);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\"><!-- jpeg {hash:032x} -->\
         <image width=\"{w}\" height=\"{h}\" href=\"{href}\"/></svg>\n"
    )
}

/// Prepared bytes handed to Typst without a copy.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(format: Format, bytes: &[u8]) -> Prepared {
        Prepared {
            bytes: Arc::new(bytes.to_vec()),
            format,
            width: 2016,
            height: 1512,
            original_len: 0,
        }
    }

    #[test]
    fn a_jpeg_is_served_as_an_svg_linking_it() {
        let files = image_files(&[
            (
                "/afbeelding/1".into(),
                prepared(Format::Jpeg, b"\xff\xd8jpeg"),
            ),
            ("/afbeelding/2".into(), prepared(Format::Png, b"\x89PNG")),
        ]);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["/afbeelding/1", "/afbeelding/1.jpg", "/afbeelding/2"]
        );
        let svg = std::str::from_utf8(files[0].1.as_slice()).unwrap();
        assert!(svg.contains("href=\"1.jpg\""), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 2016 1512\""), "{svg}");
        assert_eq!(files[1].1.as_slice(), b"\xff\xd8jpeg");
        assert_eq!(files[2].1.as_slice(), b"\x89PNG");
    }

    #[test]
    fn two_photos_at_one_path_give_two_svg_texts() {
        let a = image_files(&[("/afbeelding/1".into(), prepared(Format::Jpeg, b"a"))]);
        let b = image_files(&[("/afbeelding/1".into(), prepared(Format::Jpeg, b"b"))]);
        assert_ne!(a[0].1, b[0].1);
    }
}
