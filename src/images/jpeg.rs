//! JPEG: the fast path for phone photos (decoding at a reduced DCT scale),
//! the marker structure (scans, truncation, metadata) and its checks.

use std::sync::Arc;

use image::DynamicImage;

use super::{
    Format, ImageError, Kind, Limits, MAX_PASSTHROUGH_TENTHS_OF_BYTE_PER_PIXEL, Prepared,
    check_pixels, corrupt, encode_jpeg, fit, orient, orientation_from_exif, prepare_raster, resize,
};

/// Cause shown when a file stops before its end, the usual result of an
/// interrupted copy or download.
pub(super) const TRUNCATED: &str = "het bestand houdt voortijdig op";

fn jpeg_corrupt(error: jpeg_decoder::Error) -> ImageError {
    match error {
        jpeg_decoder::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            corrupt(Kind::Jpeg, TRUNCATED)
        }
        other => corrupt(Kind::Jpeg, super::decoder_cause(other)),
    }
}

/// True if the marker structure is intact up to the end-of-image marker.
fn jpeg_reaches_end(bytes: &[u8]) -> bool {
    JpegPieces::new(bytes)
        .map_while(|piece| piece)
        .any(|piece| piece == JpegPiece::End)
}

/// JPEG strategy: pass through what already fits (metadata stripped),
/// decode at 1/2, 1/4 or 1/8 DCT scale when that still covers the target,
/// and leave full-scale decodes and exotic variants to `image` (zune-jpeg).
pub(super) fn prepare_jpeg(
    bytes: &[u8],
    target: u32,
    limits: &Limits,
) -> Result<Prepared, ImageError> {
    use jpeg_decoder::{CodingProcess, Error as JpegError, PixelFormat};

    let kind = Kind::Jpeg;
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    // Second guard after the header check: the decoder refuses to allocate
    // more than the pixel limit allows even if the header lied.
    let max_buffer = limits.max_pixels.saturating_mul(4);
    decoder.set_max_decoding_buffer_size(usize::try_from(max_buffer).unwrap_or(usize::MAX));
    match decoder.read_info() {
        Ok(()) => {}
        // Arithmetic coding, 12-bit and hierarchical JPEGs: let zune-jpeg
        // (via `image`) try; it supports a different feature set.
        Err(JpegError::Unsupported(_)) => return prepare_raster(bytes, kind, target, limits),
        Err(e) => return Err(jpeg_corrupt(e)),
    }
    let info = decoder
        .info()
        .ok_or_else(|| corrupt(kind, "geen frame-header"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    check_pixels(kind, w, h, limits)?;
    if info.coding_process == CodingProcess::DctProgressive
        && count_scans(bytes) > MAX_PROGRESSIVE_SCANS
    {
        return Err(corrupt(
            kind,
            format!("meer dan {MAX_PROGRESSIVE_SCANS} scans"),
        ));
    }
    let simple = matches!(info.pixel_format, PixelFormat::L8 | PixelFormat::RGB24)
        && info.coding_process != CodingProcess::Lossless;
    if !simple {
        // CMYK and 16-bit need colour handling that `image` already has.
        return prepare_raster(bytes, kind, target, limits);
    }
    let exif = decoder
        .exif_data()
        .and_then(|raw| exif::Reader::new().read_raw(raw.to_vec()).ok());
    let orientation = orientation_from_exif(exif);
    let swap = orientation >= 5;
    let (ow, oh) = if swap { (h, w) } else { (w, h) };
    let (tw, th) = fit(ow, oh, target);
    let pixels = u64::from(w) * u64::from(h);

    if tw == ow
        && orientation == 1
        && (bytes.len() as u64).saturating_mul(10)
            <= pixels * MAX_PASSTHROUGH_TENTHS_OF_BYTE_PER_PIXEL
    {
        // Validate the entropy-coded data at 1/8 scale (cheap: no full IDCT)
        // so a truncated file fails here with a clear message instead of
        // showing up half grey in the PDF.
        decoder.scale(1, 1).map_err(jpeg_corrupt)?;
        match decoder.decode() {
            Ok(_) => {}
            Err(JpegError::Unsupported(_)) => return prepare_raster(bytes, kind, target, limits),
            Err(e) => return Err(jpeg_corrupt(e)),
        }
        let stripped = strip_jpeg_metadata(bytes).unwrap_or_else(|| bytes.to_vec());
        return Ok(Prepared {
            bytes: Arc::new(stripped),
            format: Format::Jpeg,
            width: w,
            height: h,
            original_len: bytes.len() as u64,
        });
    }

    // Resize target in stored (unrotated) orientation.
    let (rw, rh) = if swap { (th, tw) } else { (tw, th) };
    // Smallest DCT scale (in eighths) whose output still covers the target,
    // so the resampler only ever shrinks and the IDCT does the bulk cheaply.
    let scaled = |len: u32, eighths: u32| (len * eighths).div_ceil(8);
    let eighths = [1, 2, 4, 8]
        .into_iter()
        .find(|&s| scaled(w, s) >= rw && scaled(h, s) >= rh)
        .unwrap_or(8);
    if eighths == 8 {
        // Full scale: no DCT shortcut, so the shared raster path decodes
        // (`image`, zune-jpeg, about as fast as jpeg-decoder here). zune-jpeg
        // silently fills a truncated file with grey, so check first that
        // the file reaches its end marker.
        if !jpeg_reaches_end(bytes) {
            return Err(corrupt(kind, TRUNCATED));
        }
        return prepare_raster(bytes, kind, target, limits);
    }
    let (dw, dh) = (scaled(w, eighths), scaled(h, eighths));
    // The scaled decode itself is the output when `fit` would keep it
    // (a 4032 px phone photo at 1/2 scale is 2016 px for a 1900 px target):
    // no resample, which saves its time and its blur.
    let shown = if swap { (dh, dw) } else { (dw, dh) };
    let (rw, rh) = if fit(shown.0, shown.1, target) == shown {
        (dw, dh)
    } else {
        (rw, rh)
    };
    // Both values fit in u16 because w and h came from u16 header fields.
    let (sw, sh) = decoder.scale(dw as u16, dh as u16).map_err(jpeg_corrupt)?;
    let data = match decoder.decode() {
        Ok(data) => data,
        Err(JpegError::Unsupported(_)) => return prepare_raster(bytes, kind, target, limits),
        Err(e) => return Err(jpeg_corrupt(e)),
    };
    let icc = decoder.icc_profile();
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let decoded = match info.pixel_format {
        PixelFormat::L8 => image::GrayImage::from_raw(sw, sh, data).map(DynamicImage::ImageLuma8),
        _ => image::RgbImage::from_raw(sw, sh, data).map(DynamicImage::ImageRgb8),
    }
    .ok_or_else(|| corrupt(kind, "te weinig pixeldata"))?;
    let resized = orient::apply(resize(decoded, rw, rh)?, orientation);
    let out = encode_jpeg(&resized, icc.as_deref())?;
    Ok(Prepared {
        bytes: Arc::new(out),
        format: Format::Jpeg,
        width: resized.width(),
        height: resized.height(),
        original_len: bytes.len() as u64,
    })
}

/// One piece of a JPEG file after SOI: a marker segment, or the
/// entropy-coded data following a start-of-scan header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JpegPiece {
    /// `FF xx` plus its length-prefixed payload if it has one.
    Segment {
        marker: u8,
        start: usize,
        end: usize,
    },
    /// Compressed image data of one scan.
    ScanData { start: usize, end: usize },
    /// End of image; anything after it (phone depth maps, trailers) is ignored.
    End,
}

/// Walks the marker structure of a JPEG without decoding pixels. Yields
/// `None` as soon as the structure is broken or truncated.
struct JpegPieces<'a> {
    bytes: &'a [u8],
    pos: usize,
    after_sos: bool,
    done: bool,
}

impl<'a> JpegPieces<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 2,
            after_sos: false,
            done: !bytes.starts_with(&[0xFF, 0xD8]),
        }
    }

    fn next_piece(&mut self) -> Option<JpegPiece> {
        let b = self.bytes;
        if self.after_sos {
            self.after_sos = false;
            // Entropy-coded data runs to the next marker that is not byte
            // stuffing (FF 00) or a restart marker.
            let start = self.pos;
            let mut i = start;
            loop {
                let at = i + b.get(i..)?.iter().position(|&c| c == 0xFF)?;
                let next = *b.get(at + 1)?;
                if next != 0 && !(0xD0..=0xD7).contains(&next) {
                    self.pos = at;
                    return Some(JpegPiece::ScanData { start, end: at });
                }
                i = at + 2;
            }
        }
        loop {
            let i = self.pos;
            if *b.get(i)? != 0xFF {
                return None;
            }
            let marker = *b.get(i + 1)?;
            match marker {
                // Fill byte before a marker.
                0xFF => self.pos += 1,
                0xD9 => {
                    self.done = true;
                    return Some(JpegPiece::End);
                }
                0x01 | 0xD0..=0xD7 => {
                    self.pos += 2;
                    return Some(JpegPiece::Segment {
                        marker,
                        start: i,
                        end: i + 2,
                    });
                }
                _ => {
                    let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
                    let end = i + 2 + len;
                    if len < 2 || end > b.len() {
                        return None;
                    }
                    self.pos = end;
                    self.after_sos = marker == 0xDA;
                    return Some(JpegPiece::Segment {
                        marker,
                        start: i,
                        end,
                    });
                }
            }
        }
    }
}

impl Iterator for JpegPieces<'_> {
    type Item = Option<JpegPiece>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let piece = self.next_piece();
        if piece.is_none() {
            self.done = true;
        }
        Some(piece)
    }
}

/// Progressive JPEGs decode every scan over the whole image; a file with
/// thousands of tiny scans would keep the decoder busy for minutes
/// (libjpeg-turbo caps this as well). Real encoders write about 10.
pub(super) const MAX_PROGRESSIVE_SCANS: usize = 500;

pub(super) fn count_scans(bytes: &[u8]) -> usize {
    JpegPieces::new(bytes)
        .map_while(|piece| piece)
        .filter(|piece| matches!(piece, JpegPiece::Segment { marker: 0xDA, .. }))
        .count()
}

/// Removes metadata segments (EXIF with GPS position and camera serial, XMP,
/// IPTC, comments, thumbnails, data appended after the image) while keeping
/// the compressed image data bit for bit. Reports about clients must not
/// carry where a photo was taken. Keeps JFIF (APP0), ICC profiles (APP2) and
/// Adobe (APP14, it selects the colour transform). `None` if the structure is
/// not understood, in which case the caller keeps the original.
pub(super) fn strip_jpeg_metadata(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    for piece in JpegPieces::new(b) {
        match piece? {
            JpegPiece::Segment { marker, start, end } => {
                let keep = match marker {
                    0xE0 | 0xEE => true,
                    0xE2 => b[start..end]
                        .get(4..)
                        .is_some_and(|p| p.starts_with(b"ICC_PROFILE\0")),
                    0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(&b[start..end]);
                }
            }
            JpegPiece::ScanData { start, end } => out.extend_from_slice(&b[start..end]),
            JpegPiece::End => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
        }
    }
    None
}
