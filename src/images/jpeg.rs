//! JPEG: the fast path for phone photos (decoding at a reduced DCT scale
//! with libjpeg, as built into MozJPEG), the marker structure (frame header,
//! scans, truncation, metadata) and its checks.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use image::{DynamicImage, GenericImageView};

use super::{
    DAMAGED, Format, ImageError, Kind, Limits, MAX_PASSTHROUGH_TENTHS_OF_BYTE_PER_PIXEL, Prepared,
    check_pixels, corrupt, decoder_cause, encode_error, encode_jpeg, fit, orient,
    orientation_from_exif, panic_message, prepare_raster, resize,
};

/// Cause shown when a file stops before its end, the usual result of an
/// interrupted copy or download.
pub(super) const TRUNCATED: &str = "het bestand houdt voortijdig op";

/// Runs libjpeg (MozJPEG). A fatal libjpeg error unwinds out of the C code
/// as a panic that carries libjpeg's message (the `mozjpeg` crate's error
/// manager, which skips the panic hook, so nothing is printed); it is caught
/// here and becomes `error(cause)`. Damage that libjpeg only warns about
/// decodes as grey: a file cut short is found from libjpeg's reads (see
/// `Source`).
pub(super) fn libjpeg<T>(
    error: impl FnOnce(String) -> ImageError,
    work: impl FnOnce() -> std::io::Result<T>,
) -> Result<T, ImageError> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(error(e.to_string())),
        Err(panic) => Err(error(panic_message(&*panic))),
    }
}

/// Decodes at `eighths`/8 of the full size, to 8-bit grey or RGB:
/// (width, height, pixels). A file that stops early is an error.
fn decode_scaled(bytes: &[u8], eighths: u8, grey: bool) -> Result<(u32, u32, Vec<u8>), ImageError> {
    let (w, h, pixels, source) = libjpeg(
        |cause| corrupt(Kind::Jpeg, decoder_cause(cause)),
        || {
            let mut started = start_decoder(bytes, eighths, grey)?;
            let (w, h) = output_size(&started)?;
            let pixels = started.read_scanlines::<u8>()?;
            let source = started.finish_into_inner()?;
            Ok((w, h, pixels, source))
        },
    )?;
    if source.ran_out {
        return Err(corrupt(Kind::Jpeg, TRUNCATED));
    }
    Ok((w, h, pixels))
}

/// libjpeg reading `bytes` at `eighths`/8 of the full size, to 8-bit grey
/// or RGB, ready for the first row.
fn start_decoder(
    bytes: &[u8],
    eighths: u8,
    grey: bool,
) -> std::io::Result<mozjpeg::decompress::DecompressStarted<Source<'_>>> {
    let mut decoder = mozjpeg::Decompress::new_reader(Source {
        rest: bytes,
        ran_out: false,
    })?;
    decoder.scale(eighths);
    // Chroma is halved again when the photo is re-encoded (4:2:0): plain
    // replication gives nearly the same samples back, where the smooth
    // ("fancy") upsampling costs time and blurs them.
    decoder.do_fancy_upsampling(false);
    if grey {
        decoder.grayscale()
    } else {
        decoder.rgb()
    }
}

/// The size of the decoded picture.
fn output_size(
    started: &mozjpeg::decompress::DecompressStarted<Source<'_>>,
) -> std::io::Result<(u32, u32)> {
    let size = |len: usize| u32::try_from(len).map_err(std::io::Error::other);
    Ok((size(started.width())?, size(started.height())?))
}

/// The file as libjpeg reads it, noting whether libjpeg asked for bytes past
/// its end. It does so only for a file that stops early (it never reads past
/// the end-of-image marker), and then fills the rest of the picture with
/// grey and only warns; this finds that without a second pass over the file.
struct Source<'a> {
    rest: &'a [u8],
    ran_out: bool,
}

impl std::io::Read for Source<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::BufRead::fill_buf(self)?.read(buf)?;
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl std::io::BufRead for Source<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.rest.is_empty() {
            self.ran_out = true;
        }
        Ok(self.rest)
    }

    fn consume(&mut self, amount: usize) {
        self.rest = &self.rest[amount.min(self.rest.len())..];
    }
}

/// What is read from the segments before the first scan, without libjpeg:
/// the frame header, EXIF and the ICC profile.
struct Header {
    /// The start-of-frame marker: C0 baseline, C1 extended, C2 progressive;
    /// the others are lossless, hierarchical or arithmetic-coded.
    sof: u8,
    precision: u8,
    width: u32,
    height: u32,
    components: u8,
    /// TIFF data of the first `Exif` APP1 segment.
    exif: Option<Vec<u8>>,
    icc: Option<Vec<u8>>,
}

/// Reads the [`Header`]; a file that ends inside it is truncated, one whose
/// markers do not parse is damaged.
fn read_header(bytes: &[u8]) -> Result<Header, ImageError> {
    let kind = Kind::Jpeg;
    let mut frame = None;
    let mut exif = None;
    let mut icc_chunks: Vec<(u8, u8, &[u8])> = Vec::new();
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(corrupt(kind, DAMAGED));
    }
    let mut pieces = JpegPieces::new(bytes);
    loop {
        let Some(piece) = pieces.next_piece() else {
            let cause = if pieces.broken { DAMAGED } else { TRUNCATED };
            return Err(corrupt(kind, cause));
        };
        let JpegPiece::Segment { marker, start, end } = piece else {
            // End of image before any scan.
            break;
        };
        let payload = bytes.get(start + 4..end).unwrap_or_default();
        match marker {
            // Start of frame; C4, C8 and CC are tables and a reserved marker.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if let [precision, h1, h0, w1, w0, components, ..] = *payload {
                    frame = Some((
                        marker,
                        precision,
                        u32::from(u16::from_be_bytes([w1, w0])),
                        u32::from(u16::from_be_bytes([h1, h0])),
                        components,
                    ));
                }
            }
            0xE1 if exif.is_none() => {
                exif = payload.strip_prefix(b"Exif\0\0").map(<[u8]>::to_vec);
            }
            0xE2 => {
                if let Some([seq, count, data @ ..]) = payload.strip_prefix(b"ICC_PROFILE\0") {
                    icc_chunks.push((*seq, *count, data));
                }
            }
            0xDA => break,
            _ => {}
        }
    }
    let (sof, precision, width, height, components) =
        frame.ok_or_else(|| corrupt(kind, "geen frame-header"))?;
    Ok(Header {
        sof,
        precision,
        width,
        height,
        components,
        exif,
        icc: assemble_icc(icc_chunks),
    })
}

/// Joins the chunks of an ICC profile (numbered 1 to n); `None` when one is
/// missing or doubled.
fn assemble_icc(mut chunks: Vec<(u8, u8, &[u8])>) -> Option<Vec<u8>> {
    chunks.sort_by_key(|&(seq, ..)| seq);
    let count = chunks.first()?.1;
    let complete = chunks.len() == usize::from(count)
        && chunks
            .iter()
            .enumerate()
            .all(|(i, &(seq, n, _))| n == count && usize::from(seq) == i + 1);
    complete.then(|| {
        chunks
            .iter()
            .flat_map(|&(.., data)| data)
            .copied()
            .collect()
    })
}

/// True if the marker structure is intact up to the end-of-image marker.
fn jpeg_reaches_end(bytes: &[u8]) -> bool {
    JpegPieces::new(bytes)
        .map_while(|piece| piece)
        .any(|piece| piece == JpegPiece::End)
}

/// JPEG strategy: pass through what already fits (metadata stripped),
/// decode with libjpeg at 1/8, 1/4, 1/2 or full DCT scale, the smallest that
/// still covers the target, and leave exotic variants to `image` (zune-jpeg).
pub(super) fn prepare_jpeg(
    bytes: &[u8],
    target: u32,
    limits: &Limits,
) -> Result<Prepared, ImageError> {
    let kind = Kind::Jpeg;
    let header = read_header(bytes)?;
    let (w, h) = (header.width, header.height);
    check_pixels(kind, w, h, limits)?;
    // 8-bit Huffman-coded grey or colour: libjpeg. Lossless, hierarchical,
    // arithmetic-coded and 12-bit JPEGs: let zune-jpeg (via `image`) try, it
    // supports a different feature set; CMYK needs colour handling that
    // `image` already has.
    let simple = matches!(header.sof, 0xC0..=0xC2)
        && header.precision == 8
        && matches!(header.components, 1 | 3);
    if !simple {
        // zune-jpeg fills a file that stops early with grey, as libjpeg
        // does; libjpeg's reads tell (see `Source`), here the markers must.
        if !jpeg_reaches_end(bytes) {
            return Err(corrupt(kind, TRUNCATED));
        }
        return prepare_raster(bytes, kind, target, limits);
    }
    if header.sof == 0xC2 && count_scans(bytes) > MAX_PROGRESSIVE_SCANS {
        return Err(corrupt(
            kind,
            format!("meer dan {MAX_PROGRESSIVE_SCANS} scans"),
        ));
    }
    let grey = header.components == 1;
    let exif = header
        .exif
        .and_then(|raw| exif::Reader::new().read_raw(raw).ok());
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
        // Decode at 1/8 scale (cheap: no full IDCT) so that damage libjpeg
        // cannot get past (a missing table, a bogus marker) fails here with
        // a clear message instead of in the PDF viewer.
        decode_scaled(bytes, 1, grey)?;
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
    // Only the halvings: libjpeg-turbo has SIMD code for those, and a 6/8
    // decode took longer than a full one (plain C, chroma at 12×12).
    // Full scale goes through libjpeg too, a little faster than zune-jpeg.
    let scaled = |len: u32, eighths: u32| (len * eighths).div_ceil(8);
    let eighths = [1, 2, 4, 8]
        .into_iter()
        .find(|&s| scaled(w, s) >= rw && scaled(h, s) >= rh)
        .unwrap_or(8);
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
    let (out, (width, height)) = if (rw, rh) == (dw, dh) && orientation == 1 {
        recompress(bytes, eighths as u8, grey, header.icc.as_deref())?
    } else {
        let (sw, sh, data) = decode_scaled(bytes, eighths as u8, grey)?;
        let decoded = if grey {
            image::GrayImage::from_raw(sw, sh, data).map(DynamicImage::ImageLuma8)
        } else {
            image::RgbImage::from_raw(sw, sh, data).map(DynamicImage::ImageRgb8)
        }
        .ok_or_else(|| corrupt(kind, "te weinig pixeldata"))?;
        let resized = resize(decoded, rw, rh)?;
        let out = encode_jpeg(&resized, orientation, header.icc.as_deref())?;
        (out, orient::upright_size(resized.dimensions(), orientation))
    };
    Ok(Prepared {
        bytes: Arc::new(out),
        format: Format::Jpeg,
        width,
        height,
        original_len: bytes.len() as u64,
    })
}

/// Rows per band handed from decoder to encoder: with 16 the threads woke
/// each other so often that a photo took a tenth more processor time; with
/// 128 (768 kB for a 2000 px wide photo) about a twentieth.
const RECOMPRESS_BAND_ROWS: usize = 128;

/// Bands on their way to the encoder: enough that neither thread waits for
/// the other, few enough not to hold the picture.
const BANDS_IN_FLIGHT: usize = 2;

/// Decodes at `eighths`/8 of the full size and encodes the result again, for
/// a photo that needs neither resampling nor turning (a landscape phone
/// photo at 1/2 scale): the encoder runs on a second thread and takes bands
/// of rows as the decoder gives them, so the two overlap. The decode is most
/// of the time, and most of that is reading the Huffman codes, which cannot
/// be split. Returns the JPEG and its size; a file that stops early is an
/// error.
fn recompress(
    bytes: &[u8],
    eighths: u8,
    grey: bool,
    icc: Option<&[u8]>,
) -> Result<(Vec<u8>, (u32, u32)), ImageError> {
    let (to_encoder, bands) = std::sync::mpsc::sync_channel::<Vec<u8>>(BANDS_IN_FLIGHT);
    let (size_tx, size_rx) = std::sync::mpsc::sync_channel::<(u32, u32)>(1);
    std::thread::scope(|scope| {
        let encoder = scope.spawn(move || {
            // No size: the decoder failed before its first row.
            let Ok(size) = size_rx.recv() else {
                return Ok(None);
            };
            super::compress_jpeg(size, grey, icc, |encoder| {
                for band in bands {
                    encoder.write_scanlines(&band)?;
                }
                Ok(())
            })
            .map(|out| Some((out, size)))
        });
        let decoded = libjpeg(
            |cause| corrupt(Kind::Jpeg, decoder_cause(cause)),
            move || {
                let mut started = start_decoder(bytes, eighths, grey)?;
                let _ = size_tx.send(output_size(&started)?);
                let row = started.width() * if grey { 1 } else { 3 };
                let mut left = started.height();
                while left > 0 {
                    let rows = left.min(RECOMPRESS_BAND_ROWS);
                    let mut band = vec![0; rows * row];
                    started.read_scanlines_into(&mut band)?;
                    left -= rows;
                    if to_encoder.send(band).is_err() {
                        // The encoder stopped; its error is the one to tell.
                        return Ok(None);
                    }
                }
                drop(to_encoder);
                Ok(Some(started.finish_into_inner()?.ran_out))
            },
        );
        let encoded = encoder
            .join()
            .unwrap_or_else(|_| Err(encode_error("het schrijven van de JPEG liep vast")));
        match (decoded?, encoded?) {
            (Some(true), _) => Err(corrupt(Kind::Jpeg, TRUNCATED)),
            (Some(false), Some(done)) => Ok(done),
            _ => Err(encode_error(
                "het schrijven van de JPEG hield voortijdig op",
            )),
        }
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
    /// Set when the structure is broken, as against cut short.
    broken: bool,
}

impl<'a> JpegPieces<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 2,
            after_sos: false,
            done: !bytes.starts_with(&[0xFF, 0xD8]),
            broken: false,
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
                self.broken = true;
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
                    if len < 2 {
                        self.broken = true;
                        return None;
                    }
                    if end > b.len() {
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
