//! Image preparation: turns the photos and drawings that students put in their
//! report folders into bytes that Typst (PDF) and DOCX embed well.
//!
//! Steps, in order of cost: sniff the real format from the bytes (the file
//! extension is not trusted), read only the header and refuse oversized input,
//! apply the EXIF orientation, downscale to the print width and re-encode.
//! JPEG photos are decoded at a reduced DCT scale when the target allows it,
//! because a 12-megapixel phone photo is far larger than a printed page needs.

mod cache;
mod jpeg;
mod orient;

pub use cache::{Cache, prepare_all};

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use fast_image_resize as fir;
use image::{DynamicImage, GenericImageView, ImageDecoder, ImageEncoder};

use jpeg::prepare_jpeg;

use crate::layout::MAX_FIGURE_HEIGHT_PX;

const MIB: u64 = 1024 * 1024;

/// JPEG quality for re-encoded photos: visually lossless in print, about a
/// tenth of the size of a camera original at the same pixel count.
const JPEG_QUALITY: u8 = 85;

/// A JPEG that already fits is still re-encoded when it spends more than this
/// many tenths of a byte per pixel (1.5 B/px: quality 95–100 exports), because
/// that would bloat the PDF for no visible gain. Camera JPEGs use 0.3–1.0.
const MAX_PASSTHROUGH_TENTHS_OF_BYTE_PER_PIXEL: u64 = 15;

/// An opaque PNG, GIF or WebP with more distinct colours than this (in a
/// sample) is a photo and becomes JPEG; fewer means a diagram, screenshot or
/// logo, which JPEG would blur, so it stays lossless PNG.
const PHOTO_COLOUR_THRESHOLD: usize = 4096;

/// Upper bound on pixels inspected by the photo heuristic, so that it costs
/// the same for a 1 MP and a 50 MP image.
const PHOTO_SAMPLE_PIXELS: u64 = 65_536;

/// Changing the pipeline's output (quality, filter, heuristics) must not
/// serve stale results from a cache that outlives a code change in watch mode.
const PIPELINE_VERSION: &[u8] = b"wijkverslag-images-v4";

/// Limits applied before decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Largest accepted width × height, checked from the header alone.
    pub max_pixels: u64,
    /// Largest accepted file size in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_pixels: 60_000_000,
            max_file_bytes: 40 * MIB,
        }
    }
}

/// Encoding of a prepared image (WebP input is always re-encoded to one of these).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Baseline or progressive JPEG: photos.
    Jpeg,
    /// PNG: transparency, diagrams, screenshots.
    Png,
    /// GIF: only animated GIFs that already fit, passed through as they are.
    Gif,
    /// SVG: passed through untouched.
    Svg,
}

impl Format {
    /// File extension without the dot, e.g. `"jpg"`.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    /// MIME type, e.g. `"image/jpeg"` (DOCX content types need it).
    pub fn mime(&self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Svg => "image/svg+xml",
        }
    }
}

/// A prepared image, ready to embed in PDF/DOCX.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Encoded bytes; shared so that cache hits and repeated use cost no copy.
    pub bytes: Arc<Vec<u8>>,
    /// Encoding of `bytes`.
    pub format: Format,
    /// Width in pixels after orientation and downscaling; for SVG the size
    /// from the `width`/`height`/`viewBox` attributes in CSS px, 0 if unknown.
    pub width: u32,
    /// Height in pixels, see `width`.
    pub height: u32,
    /// Size of the input file in bytes.
    pub original_len: u64,
}

/// Why an image could not be prepared. `Display` is a Dutch sentence without
/// the file name; the caller adds file and line.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The file has no bytes.
    #[error("het bestand is leeg")]
    Empty,
    /// The file is larger than `Limits::max_file_bytes`.
    #[error(
        "het bestand is te groot: {} (maximaal {}); verklein de foto eerst",
        format_mb(*len),
        format_mb(*max)
    )]
    FileTooLarge {
        /// File size in bytes.
        len: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// Width × height from the header exceeds `Limits::max_pixels`.
    #[error(
        "de afbeelding is te groot: {width} × {height} pixels (meer dan {}); verklein de foto eerst",
        format_count(*max_pixels)
    )]
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// The limit.
        max_pixels: u64,
    },
    /// An SVG that shows a picture from a separate file.
    #[error(
        "de tekening haalt een afbeelding uit een los bestand (`{href}`), en dat kan niet mee in het verslag; \
         sla de SVG op met de afbeeldingen erin (Inkscape: Extensies > Afbeeldingen > Insluiten) of exporteer hem als PNG"
    )]
    SvgLinksFile {
        /// The `href` of the `<image>` element.
        href: String,
    },
    /// HEIC/HEIF, the default iPhone photo format, which no pure-Rust decoder reads.
    #[error(
        "het HEIC-formaat (iPhone) wordt niet ondersteund; exporteer de foto als JPEG, \
         of kies op de iPhone Instellingen > Camera > Formaten > Meest compatibel"
    )]
    Heic,
    /// Not a format this step handles; `detected` names it when recognised.
    #[error(
        "onbekend of niet ondersteund afbeeldingsformaat{}; gebruik JPEG, PNG, GIF, SVG of WebP",
        detected.map(|name| format!(" ({name})")).unwrap_or_default()
    )]
    Unsupported {
        /// Recognised format name, e.g. `"TIFF"`.
        detected: Option<&'static str>,
    },
    /// The header or pixel data could not be decoded.
    #[error("de afbeelding is afgebroken of beschadigd ({format}: {cause})")]
    Corrupt {
        /// Format sniffed from the bytes, e.g. `"JPEG"`.
        format: &'static str,
        /// The decoder's message.
        cause: String,
    },
    /// Re-encoding failed; not expected for pixels that decoded fine.
    #[error("de afbeelding kon niet opnieuw worden opgeslagen ({cause})")]
    Encode {
        /// The encoder's message.
        cause: String,
    },
}

/// "40 MB" or "52,3 MB": Dutch decimal comma, MiB as people say MB.
fn format_mb(bytes: u64) -> String {
    if bytes.is_multiple_of(MIB) {
        format!("{} MB", bytes / MIB)
    } else {
        format!("{:.1} MB", bytes as f64 / MIB as f64).replace('.', ",")
    }
}

/// "60 miljoen", "1,5 miljoen" or "250.000" (Dutch grouping).
fn format_count(n: u64) -> String {
    if n >= 1_000_000 {
        if n.is_multiple_of(1_000_000) {
            format!("{} miljoen", n / 1_000_000)
        } else {
            format!("{:.1} miljoen", n as f64 / 1e6).replace('.', ",")
        }
    } else {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }
}

/// Format recognised from the first bytes of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Svg,
    Heic,
    Other(&'static str),
    Unknown,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::Gif => "GIF",
            Kind::Webp => "WebP",
            Kind::Svg => "SVG",
            Kind::Heic => "HEIC",
            Kind::Other(name) => name,
            Kind::Unknown => "onbekend",
        }
    }

    fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            Kind::Jpeg => Some(image::ImageFormat::Jpeg),
            Kind::Png => Some(image::ImageFormat::Png),
            Kind::Gif => Some(image::ImageFormat::Gif),
            Kind::Webp => Some(image::ImageFormat::WebP),
            _ => None,
        }
    }
}

/// Sniffs the format from magic bytes; students rename files and phones save
/// HEIC as `.jpg`, so the extension says nothing reliable.
fn sniff(b: &[u8]) -> Kind {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Kind::Jpeg
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Kind::Gif
    } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Kind::Webp
    } else if b.len() >= 12 && &b[4..8] == b"ftyp" {
        sniff_iso_media(b)
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Kind::Other("TIFF of RAW")
    } else if b.starts_with(b"%PDF") {
        Kind::Other("PDF")
    } else if b.starts_with(b"8BPS") {
        Kind::Other("Photoshop")
    } else if b.starts_with(b"BM") && b.len() >= 26 {
        Kind::Other("BMP")
    } else if b.starts_with(&[0, 0, 1, 0]) {
        Kind::Other("ICO")
    } else if is_svg(b) {
        Kind::Svg
    } else {
        Kind::Unknown
    }
}

/// ISO base media files (HEIC, AVIF, MP4) share the `ftyp` box; the brands in
/// it tell them apart.
fn sniff_iso_media(b: &[u8]) -> Kind {
    let box_len = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let end = box_len.clamp(12, b.len().min(256));
    let mut brands = vec![&b[8..12]];
    brands.extend(b.get(16..end).unwrap_or_default().chunks_exact(4));
    let has = |names: &[&[u8]]| brands.iter().any(|brand| names.contains(brand));
    if has(&[b"avif", b"avis"]) {
        Kind::Other("AVIF")
    } else if has(&[
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
    ]) {
        Kind::Heic
    } else {
        Kind::Other("video")
    }
}

/// SVG is XML text: accept a root `<svg` after an optional BOM, XML
/// declaration, comments or doctype.
fn is_svg(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let head = &b[start..b.len().min(start + 4096)];
    if head.starts_with(b"<svg") {
        return true;
    }
    let prolog = [&b"<?xml"[..], b"<!--", b"<!DOCTYPE", b"<!doctype"];
    prolog.iter().any(|p| head.starts_with(p)) && find(head, b"<svg").is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn corrupt(kind: Kind, cause: impl ToString) -> ImageError {
    ImageError::Corrupt {
        format: kind.name(),
        cause: cause.to_string(),
    }
}

/// Cause shown for damage other than truncation.
const DAMAGED: &str = "de beeldgegevens kloppen niet";

/// The message a panic carries (`panic!` with a literal or with a format,
/// or libjpeg's error passed on by `resume_unwind`), empty otherwise.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// A decoder's (English) message as a student can read it. Only the kind
/// of damage matters to them: the fix is the same, save the picture again.
fn decoder_cause(message: impl ToString) -> &'static str {
    let m = message.to_string().to_lowercase();
    if m.contains("end of file")
        || m.contains("eof")
        || m.contains("truncated")
        || m.contains("unexpected end")
    {
        jpeg::TRUNCATED
    } else if m.contains("crc") || m.contains("checksum") {
        "een controlegetal klopt niet, dus het bestand is onderweg beschadigd"
    } else if m.contains("unsupported") || m.contains("not supported") {
        "deze variant van het formaat kan niet gelezen worden"
    } else {
        DAMAGED
    }
}

fn encode_error(cause: impl ToString) -> ImageError {
    ImageError::Encode {
        cause: cause.to_string(),
    }
}

/// Refuses zero-sized and oversized images; called with header dimensions only.
fn check_pixels(kind: Kind, width: u32, height: u32, limits: &Limits) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(corrupt(kind, format!("afmetingen {width} × {height}")));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    Ok(())
}

/// Prepares one image: sniff, check limits, orient, downscale so the width is
/// at most `target_width_px` (0: no width limit) and the height at most
/// [`MAX_FIGURE_HEIGHT_PX`] (never upscales), and re-encode. Pure: the same input
/// gives the same output bytes.
pub fn prepare(
    bytes: &[u8],
    target_width_px: u32,
    limits: &Limits,
) -> Result<Prepared, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    let len = bytes.len() as u64;
    if len > limits.max_file_bytes {
        return Err(ImageError::FileTooLarge {
            len,
            max: limits.max_file_bytes,
        });
    }
    let target = if target_width_px == 0 {
        u32::MAX
    } else {
        target_width_px
    };
    let kind = sniff(bytes);
    // The decoders are fuzzed but not proven panic-free; one malformed photo
    // must become a message for the student, not abort a batch of reports.
    let outcome = catch_unwind(AssertUnwindSafe(|| match kind {
        Kind::Jpeg => prepare_jpeg(bytes, target, limits),
        Kind::Png | Kind::Gif | Kind::Webp => prepare_raster(bytes, kind, target, limits),
        Kind::Svg => prepare_svg(bytes),
        Kind::Heic => Err(ImageError::Heic),
        Kind::Other(name) => Err(ImageError::Unsupported {
            detected: Some(name),
        }),
        Kind::Unknown => Err(ImageError::Unsupported { detected: None }),
    }));
    outcome.unwrap_or_else(|panic| {
        Err(corrupt(
            kind,
            format!("interne fout in de decoder: {}", panic_message(&*panic)),
        ))
    })
}

/// Output size for a displayed (already oriented) size: width at most
/// `target` and height at most [`MAX_FIGURE_HEIGHT_PX`], aspect ratio kept, never
/// upscaled. A photo at most 10% wider than that keeps its size:
/// resampling it would cost a decode, a resample and a re-encode (and a
/// generation of JPEG loss) for a few percent fewer pixels, and 2090 px at
/// 16 cm still prints at 330 dpi.
fn fit(width: u32, height: u32, target: u32) -> (u32, u32) {
    // The width a standing photo gets when its height is the limit.
    let capped =
        (u64::from(MAX_FIGURE_HEIGHT_PX) * u64::from(width)).div_ceil(u64::from(height.max(1)));
    let target = target.min(u32::try_from(capped).unwrap_or(u32::MAX)).max(1);
    if width <= target.saturating_add(target / 10) {
        return (width, height);
    }
    let h = (u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width);
    (target, h.max(1) as u32)
}

/// EXIF orientation 1–8; 1 when the EXIF block or the tag is absent or
/// unreadable, because a damaged tag should not make a photo unusable.
fn orientation_from_exif(exif: Option<exif::Exif>) -> u8 {
    exif.and_then(|exif| {
        exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
            .and_then(|field| field.value.get_uint(0))
    })
    .filter(|o| (1..=8).contains(o))
    .map_or(1, |o| o as u8)
}

/// Same idea as [`strip_jpeg_metadata`] for PNG: keeps the chunks that affect
/// how pixels look and drops text, EXIF, time stamps and APNG frames.
fn strip_png_metadata(b: &[u8]) -> Option<Vec<u8>> {
    const KEEP: [&[u8; 4]; 12] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
        b"pHYs", b"cICP",
    ];
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..8)?);
    let mut i = 8;
    while i < b.len() {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk_type = b.get(i + 4..i + 8)?;
        if end > b.len() {
            return None;
        }
        if KEEP.iter().any(|k| &k[..] == chunk_type) {
            out.extend_from_slice(&b[i..end]);
        }
        if chunk_type == b"IEND" {
            return Some(out);
        }
        i = end;
    }
    None
}

/// PNG, GIF, WebP, and JPEG variants that libjpeg leaves to `image`.
fn prepare_raster(
    bytes: &[u8],
    kind: Kind,
    target: u32,
    limits: &Limits,
) -> Result<Prepared, ImageError> {
    let format = kind
        .image_format()
        .ok_or(ImageError::Unsupported { detected: None })?;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    // Read the header without limits: our own check below gives the Dutch
    // "te groot" message with the real dimensions.
    reader.no_limits();
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| corrupt(kind, decoder_cause(e)))?;
    let (w, h) = decoder.dimensions();
    check_pixels(kind, w, h, limits)?;
    // Second guard: the decoder may not allocate more than 16-bit RGBA of the
    // allowed pixel count, whatever the frames inside claim.
    let mut decode_limits = image::Limits::default();
    decode_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(64 * MIB));
    decode_limits
        .reserve(decoder.total_bytes())
        .map_err(|_| ImageError::TooManyPixels {
            width: w,
            height: h,
            max_pixels: limits.max_pixels,
        })?;
    decoder
        .set_limits(decode_limits)
        .map_err(|e| corrupt(kind, decoder_cause(e)))?;
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(kind, decoder_cause(e)))?;

    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .ok();
    let orientation = orientation_from_exif(exif);
    let swap = orientation >= 5;
    let (ow, oh) = if swap { (h, w) } else { (w, h) };
    let (tw, th) = fit(ow, oh, target);

    let transparent = has_transparency(&image);
    let photo = !transparent && (kind == Kind::Jpeg || looks_like_photo(&image));
    let fits = tw == ow && orientation == 1;
    if fits && kind == Kind::Png && !photo {
        // Already the right size and format: lossless and fast.
        if let Some(stripped) = strip_png_metadata(bytes) {
            return Ok(passthrough(stripped, Format::Png, w, h, bytes.len()));
        }
    }
    if fits && kind == Kind::Gif && is_animated_gif(bytes) {
        // DOCX shows the animation; Typst shows the first frame, as a
        // re-encode would.
        return Ok(passthrough(bytes.to_vec(), Format::Gif, w, h, bytes.len()));
    }

    let grey = !image.color().has_color();
    let working = if transparent {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else if grey {
        DynamicImage::ImageLuma8(image.into_luma8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let (rw, rh) = if swap { (th, tw) } else { (tw, th) };
    let resized = resize(working, rw, rh)?;
    let (width, height) = orient::upright_size(resized.dimensions(), orientation);
    // libjpeg writes at most 65500 pixels on a side.
    let (out, format) = if photo && width <= 65_500 && height <= 65_500 {
        let out = encode_jpeg(&resized, orientation, icc.as_deref())?;
        (out, Format::Jpeg)
    } else {
        let upright = orient::apply(resized, orientation);
        (encode_png(&upright, icc)?, Format::Png)
    };
    Ok(Prepared {
        bytes: Arc::new(out),
        format,
        width,
        height,
        original_len: bytes.len() as u64,
    })
}

fn passthrough(
    bytes: Vec<u8>,
    format: Format,
    width: u32,
    height: u32,
    original_len: usize,
) -> Prepared {
    Prepared {
        bytes: Arc::new(bytes),
        format,
        width,
        height,
        original_len: original_len as u64,
    }
}

/// True if any pixel is not fully opaque; many PNGs carry an alpha channel
/// they never use, and those can become JPEG.
fn has_transparency(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageLumaA8(b) => b.pixels().any(|p| p[1] != u8::MAX),
        DynamicImage::ImageRgba8(b) => b.pixels().any(|p| p[3] != u8::MAX),
        DynamicImage::ImageLumaA16(b) => b.pixels().any(|p| p[1] != u16::MAX),
        DynamicImage::ImageRgba16(b) => b.pixels().any(|p| p[3] != u16::MAX),
        other if other.color().has_alpha() => other.to_rgba8().pixels().any(|p| p[3] != u8::MAX),
        _ => false,
    }
}

/// Counts distinct colours in an evenly spread sample; photos have many,
/// drawings and screenshots few.
fn looks_like_photo(image: &DynamicImage) -> bool {
    let (w, h) = image.dimensions();
    let total = u64::from(w) * u64::from(h);
    let step = (total / PHOTO_SAMPLE_PIXELS).max(1);
    let mut seen = std::collections::HashSet::with_capacity(PHOTO_COLOUR_THRESHOLD + 1);
    let mut index = 0;
    while index < total {
        let (x, y) = ((index % u64::from(w)) as u32, (index / u64::from(w)) as u32);
        let p = image.get_pixel(x, y).0;
        seen.insert(u32::from_le_bytes([p[0], p[1], p[2], 0]));
        if seen.len() > PHOTO_COLOUR_THRESHOLD {
            return true;
        }
        index += step;
    }
    false
}

fn is_animated_gif(bytes: &[u8]) -> bool {
    use image::AnimationDecoder;
    image::codecs::gif::GifDecoder::new(Cursor::new(bytes))
        .map(|d| d.into_frames().take(2).filter(Result::is_ok).count() == 2)
        .unwrap_or(false)
}

/// Lanczos3 resampling (fast_image_resize, SIMD); `image`'s own resize took
/// over 150 ms for a 3-megapixel photo here, this takes under 10.
fn resize(image: DynamicImage, width: u32, height: u32) -> Result<DynamicImage, ImageError> {
    if image.dimensions() == (width, height) {
        return Ok(image);
    }
    let pixel_type = match &image {
        DynamicImage::ImageLuma8(_) => fir::PixelType::U8,
        DynamicImage::ImageRgb8(_) => fir::PixelType::U8x3,
        _ => fir::PixelType::U8x4,
    };
    let image = match pixel_type {
        fir::PixelType::U8x4 => DynamicImage::ImageRgba8(image.into_rgba8()),
        _ => image,
    };
    let (sw, sh) = image.dimensions();
    let src = fir::images::Image::from_vec_u8(sw, sh, image.into_bytes(), pixel_type)
        .map_err(encode_error)?;
    let mut dst = fir::images::Image::new(width, height, pixel_type);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    fir::Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(encode_error)?;
    let data = dst.into_vec();
    match pixel_type {
        fir::PixelType::U8 => {
            image::GrayImage::from_raw(width, height, data).map(DynamicImage::ImageLuma8)
        }
        fir::PixelType::U8x3 => {
            image::RgbImage::from_raw(width, height, data).map(DynamicImage::ImageRgb8)
        }
        _ => image::RgbaImage::from_raw(width, height, data).map(DynamicImage::ImageRgba8),
    }
    .ok_or_else(|| encode_error("buffer size after resize"))
}

/// True if the ICC profile describes the colour space of the pixels (grey
/// or colour): a CMYK profile from a print-shop JPEG must not be attached to
/// the RGB result, viewers would then show wrong colours.
fn icc_fits(icc: &[u8], colour: bool) -> bool {
    let space = icc.get(16..20);
    if colour {
        space == Some(b"RGB ")
    } else {
        space == Some(b"GRAY")
    }
}

/// Rows of upright pixels handed to the JPEG encoder at a time: two MCU rows.
const ENCODE_BAND_ROWS: usize = 16;

/// Encodes `image` (grey or RGB, as stored) upright for EXIF `orientation`,
/// turning it band by band on the way into the encoder.
fn encode_jpeg(
    image: &DynamicImage,
    orientation: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, ImageError> {
    let (data, n) = match image {
        DynamicImage::ImageLuma8(b) => (b.as_raw(), 1),
        DynamicImage::ImageRgb8(b) => (b.as_raw(), 3),
        _ => return Err(encode_error("JPEG zonder alfakanaal verwacht")),
    };
    let stored = image.dimensions();
    let (w, h) = orient::upright_size(stored, orientation);
    compress_jpeg((w, h), n == 1, icc, |encoder| {
        if !orient::turns(orientation) {
            return encoder.write_scanlines(data);
        }
        let row = w as usize * n;
        let mut band = vec![0; ENCODE_BAND_ROWS * row];
        for first in (0..h as usize).step_by(ENCODE_BAND_ROWS) {
            let rows = ENCODE_BAND_ROWS.min(h as usize - first);
            let band = &mut band[..rows * row];
            orient::upright_rows(data, stored, n, orientation, first, band);
            encoder.write_scanlines(band)?;
        }
        Ok(())
    })
}

/// Quality 85, 4:2:0 (chroma averaged over 2×2 pixels), baseline with the
/// standard Huffman tables: libjpeg-turbo's fast settings, not MozJPEG's
/// size optimisations (trellis quantisation, progressive scans), which cost
/// several times the time. Keeps the ICC profile so colours from wide-gamut
/// phone cameras stay right. `write` hands libjpeg the `size` grey or RGB
/// pixels, top row first, in as many pieces as it likes; a picture left
/// short is an error, never a JPEG.
fn compress_jpeg(
    (width, height): (u32, u32),
    grey: bool,
    icc: Option<&[u8]>,
    write: impl FnOnce(&mut mozjpeg::compress::CompressStarted<Vec<u8>>) -> std::io::Result<()>,
) -> Result<Vec<u8>, ImageError> {
    let colour = if grey {
        mozjpeg::ColorSpace::JCS_GRAYSCALE
    } else {
        mozjpeg::ColorSpace::JCS_RGB
    };
    // A broken or oversized profile is not worth failing the image for.
    let icc = icc
        .filter(|icc| icc_fits(icc, !grey))
        .and_then(icc_segments);
    let bytes = width as usize * height as usize * if grey { 1 } else { 3 };
    jpeg::libjpeg(encode_error, || {
        let mut encoder = mozjpeg::Compress::new(colour);
        encoder.set_fastest_defaults();
        encoder.set_quality(f32::from(JPEG_QUALITY));
        encoder.set_size(width as usize, height as usize);
        let mut started = encoder.start_compress(Vec::with_capacity(bytes / 8))?;
        for segment in icc.iter().flatten() {
            started.write_marker(mozjpeg::Marker::APP(2), segment);
        }
        write(&mut started)?;
        started.finish()
    })
}

/// The APP2 segments of an ICC profile, numbered from 1 as the ICC
/// specification says (`mozjpeg`'s own `write_icc_profile` counts from 0,
/// which libjpeg and browsers reject); `None` for an empty profile or one
/// that needs more than 255 segments.
fn icc_segments(icc: &[u8]) -> Option<Vec<Vec<u8>>> {
    const SIGNATURE: &[u8] = b"ICC_PROFILE\0";
    // A segment holds 65533 bytes after its length field.
    let chunks = icc.chunks(65_533 - SIGNATURE.len() - 2);
    let count = u8::try_from(chunks.len()).ok().filter(|&n| n > 0)?;
    Some(
        chunks
            .zip(1..=count)
            .map(|(chunk, seq)| [SIGNATURE, &[seq, count], chunk].concat())
            .collect(),
    )
}

/// Fast deflate: Typst decodes the PNG and compresses the pixels again for
/// the PDF, so a smaller PNG only helps the DOCX (about 15% for a drawing),
/// while the default level took a third longer per image.
fn encode_png(image: &DynamicImage, icc: Option<Vec<u8>>) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    );
    if let Some(icc) = icc.filter(|icc| icc_fits(icc, image.color().has_color())) {
        let _ = encoder.set_icc_profile(icc);
    }
    let (w, h) = image.dimensions();
    encoder
        .write_image(image.as_bytes(), w, h, image.color().into())
        .map_err(encode_error)?;
    Ok(out)
}

/// What is wrong with an SVG that usvg cannot read, in Dutch.
fn svg_problem(e: &usvg::Error) -> String {
    match e {
        usvg::Error::NotAnUtf8Str => "de SVG is geen UTF-8-tekst".into(),
        usvg::Error::MalformedGZip => "het ingepakte SVG-bestand (SVGZ) is beschadigd".into(),
        usvg::Error::ElementsLimitReached => "de SVG heeft te veel elementen".into(),
        usvg::Error::InvalidSize => "de SVG heeft geen geldige breedte, hoogte of viewBox".into(),
        usvg::Error::ParsingFailed(xml) => {
            let at = xml.pos();
            format!(
                "de SVG-code klopt niet bij regel {}, kolom {}; exporteer de tekening opnieuw",
                at.row, at.col
            )
        }
    }
}

/// SVG is embedded as is (Typst renders it); only the size is read, best
/// effort, and pictures linked from outside it are refused.
fn prepare_svg(bytes: &[u8]) -> Result<Prepared, ImageError> {
    if let Some(href) = svg_linked_file(bytes) {
        return Err(ImageError::SvgLinksFile { href });
    }
    // Typst reads the SVG with usvg only when it lays out the page; a broken
    // file would fail there as an error of the program, without its name.
    if let Err(e) = usvg::Tree::from_data(bytes, &usvg::Options::default()) {
        return Err(corrupt(Kind::Svg, svg_problem(&e)));
    }
    // Not usvg's size: it makes up 100 × 100 for an SVG without one, where
    // 0 tells the layout that the drawing has no size of its own.
    let (width, height) = svg_size(bytes).unwrap_or((0, 0));
    Ok(passthrough(
        bytes.to_vec(),
        Format::Svg,
        width,
        height,
        bytes.len(),
    ))
}

/// The value of attribute `name` in the text of one start tag.
fn svg_attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let before = rest[..pos].chars().last();
        let after = rest[pos + name.len()..].trim_start();
        rest = &rest[pos + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next().filter(|&c| c == '"' || c == '\'')?;
        let value = &after[1..];
        return value.find(quote).map(|close| &value[..close]);
    }
    None
}

/// The first `<image>` whose picture is a file beside the SVG rather than
/// inside it (Inkscape links imported photos by default). The report holds
/// the SVG alone, so such a picture could never be shown.
fn svg_linked_file(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut rest = &text[..];
    while let Some(pos) = rest.find("<image") {
        rest = &rest[pos + "<image".len()..];
        if !rest.starts_with(|c: char| c.is_whitespace()) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let tag = format!(" {tag}");
        let href = svg_attr(&tag, "href").or_else(|| svg_attr(&tag, "xlink:href"));
        if let Some(href) = href.map(str::trim)
            && !href.is_empty()
            && !href.starts_with("data:")
        {
            return Some(href.to_string());
        }
    }
    None
}

/// Width and height in CSS px from the root element's `width`/`height`, or
/// else from its `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let start = find(head, b"<svg")?;
    let end = start + head[start..].iter().position(|&c| c == b'>')?;
    let tag = std::str::from_utf8(&head[start..end]).ok()?;
    let attr = |name: &str| svg_attr(tag, name);
    let length = |value: &str| -> Option<f64> {
        let value = value.trim();
        let split = value
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
            .unwrap_or(value.len());
        let number: f64 = value[..split].parse().ok()?;
        let factor = match value[split..].trim() {
            "" | "px" => 1.0,
            "pt" => 96.0 / 72.0,
            "pc" => 16.0,
            "mm" => 96.0 / 25.4,
            "cm" => 96.0 / 2.54,
            "in" => 96.0,
            _ => return None,
        };
        Some(number * factor).filter(|v| v.is_finite() && *v > 0.0)
    };
    let to_px = |v: f64| v.round().clamp(1.0, f64::from(u32::MAX)) as u32;
    if let (Some(w), Some(h)) = (
        attr("width").and_then(length),
        attr("height").and_then(length),
    ) {
        return Some((to_px(w), to_px(h)));
    }
    let view_box: Vec<f64> = attr("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view_box[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            Some((to_px(w), to_px(h)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::cache::ENTRY_OVERHEAD;
    use super::jpeg::{MAX_PROGRESSIVE_SCANS, TRUNCATED, count_scans, strip_jpeg_metadata};
    use super::*;
    use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    /// Deterministic pseudo-random numbers (xorshift32) for noise and fuzzing.
    struct XorShift(u32);

    impl XorShift {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0
        }
    }

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([
                (x * 255 / width) as u8,
                (y * 255 / height) as u8,
                ((x + y) * 255 / (width + height)) as u8,
            ])
        })
    }

    /// Smooth shapes plus sensor-like noise: many colours and a realistic
    /// amount of entropy-coded data, unlike a plain gradient.
    fn noisy_photo(width: u32, height: u32, noise: u32) -> RgbImage {
        let mut rng = XorShift(0x1234_5678);
        RgbImage::from_fn(width, height, |x, y| {
            let n = (rng.next() % (2 * noise + 1)) as i32 - noise as i32;
            let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
            let r = 128.0 + 100.0 * (fx * 13.0).sin() * (fy * 7.0).cos();
            let g = 255.0 * fx * fy;
            let b = 128.0 + 120.0 * ((fx + fy) * 29.0).sin();
            let c = |v: f32| (v as i32 + n).clamp(0, 255) as u8;
            Rgb([c(r), c(g), c(b)])
        })
    }

    fn jpeg_of(image: &DynamicImage, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(image)
            .unwrap();
        out
    }

    fn png_of(image: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    /// 4000×3000 gradient JPEG (12 MP), built once for all tests.
    fn twelve_mp_jpeg() -> &'static [u8] {
        static JPEG: OnceLock<Vec<u8>> = OnceLock::new();
        JPEG.get_or_init(|| jpeg_of(&DynamicImage::ImageRgb8(gradient(4000, 3000)), 90))
    }

    /// TIFF-structured EXIF with a single Orientation entry.
    fn exif_orientation_block(orientation: u16) -> Vec<u8> {
        let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
        tiff.extend(1u16.to_be_bytes()); // entries in IFD0
        tiff.extend(0x0112u16.to_be_bytes()); // Orientation
        tiff.extend(3u16.to_be_bytes()); // SHORT
        tiff.extend(1u32.to_be_bytes()); // count
        tiff.extend(orientation.to_be_bytes());
        tiff.extend([0, 0]); // value padding
        tiff.extend(0u32.to_be_bytes()); // no next IFD
        tiff
    }

    /// Inserts an APP1 EXIF segment right after SOI, as cameras do.
    fn with_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend(exif_orientation_block(orientation));
        let mut out = jpeg[..2].to_vec();
        out.extend([0xFF, 0xE1]);
        out.extend(((payload.len() + 2) as u16).to_be_bytes());
        out.extend(payload);
        out.extend(&jpeg[2..]);
        out
    }

    fn png_chunk(out: &mut Vec<u8>, chunk_type: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(chunk_type);
        out.extend(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend(crc.to_be_bytes());
    }

    /// A 1-bit greyscale PNG claiming `width`×`height` pixels whose IDAT holds
    /// one stored (uncompressed) deflate block with the first row only: a few
    /// KB on disk, gigabytes once decoded.
    fn bomb_png(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([1, 0, 0, 0, 0]); // bit depth 1, greyscale, deflate, no filter, no interlace
        png_chunk(&mut out, b"IHDR", &ihdr);
        let row = 1 + width.div_ceil(8) as usize;
        let mut zlib = vec![0x78, 0x01, 0x00]; // zlib header, non-final stored block
        zlib.extend((row as u16).to_le_bytes());
        zlib.extend((!(row as u16)).to_le_bytes());
        zlib.extend(vec![0u8; row]);
        png_chunk(&mut out, b"IDAT", &zlib);
        png_chunk(&mut out, b"IEND", &[]);
        out
    }

    /// Inserts an ancillary chunk right after IHDR.
    fn with_png_chunk(png: &[u8], chunk_type: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let ihdr_end = 8 + 12 + 13;
        let mut out = png[..ihdr_end].to_vec();
        png_chunk(&mut out, chunk_type, data);
        out.extend(&png[ihdr_end..]);
        out
    }

    fn decode(prepared: &Prepared) -> DynamicImage {
        image::load_from_memory(&prepared.bytes).unwrap()
    }

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn orientation_6_photo_comes_out_portrait() {
        // Stored landscape: top half red, bottom half blue. Orientation 6
        // means "rotate 90° clockwise to display", so red ends up on the right.
        let stored = RgbImage::from_fn(400, 300, |_, y| {
            if y < 150 {
                Rgb([220, 20, 20])
            } else {
                Rgb([20, 20, 220])
            }
        });
        let jpeg = with_exif(&jpeg_of(&DynamicImage::ImageRgb8(stored), 90), 6);
        let prepared = prepare(&jpeg, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Jpeg);
        assert_eq!((prepared.width, prepared.height), (300, 400));
        let shown = decode(&prepared).into_rgb8();
        assert_eq!(shown.dimensions(), (300, 400));
        let right = shown.get_pixel(250, 200);
        let left = shown.get_pixel(50, 200);
        assert!(
            right[0] > 150 && right[2] < 100,
            "right should be red: {right:?}"
        );
        assert!(
            left[2] > 150 && left[0] < 100,
            "left should be blue: {left:?}"
        );
    }

    #[test]
    fn orientation_6_large_photo_is_scaled_by_displayed_width() {
        // 4000×3000 stored, displayed 3000×4000: the limits apply to the
        // displayed size. 1900 px wide would be 2533 high, over the 2362 px
        // (20 cm at 300 dpi) a picture is shown at most, so 1772×2363.
        let jpeg = with_exif(twelve_mp_jpeg(), 6);
        let prepared = prepare(&jpeg, 1900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (1772, 2363));
        assert_eq!(decode(&prepared).dimensions(), (1772, 2363));
        // Lying down, the same photo is limited by its width.
        let prepared = prepare(&with_exif(twelve_mp_jpeg(), 1), 1900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (2000, 1500));
    }

    #[test]
    fn twelve_megapixel_jpeg_is_downscaled() {
        let prepared = prepare(twelve_mp_jpeg(), 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Jpeg);
        // Decoded at 1/2 DCT scale, which is within 10% of the target.
        assert_eq!((prepared.width, prepared.height), (2000, 1500));
        assert_eq!(decode(&prepared).dimensions(), (2000, 1500));
        assert_eq!(prepared.original_len, twelve_mp_jpeg().len() as u64);
        assert!(prepared.bytes.len() < twelve_mp_jpeg().len());
    }

    #[test]
    fn quarter_and_eighth_dct_scales_give_exact_sizes() {
        // 1/4 scale is 1000 px: more than 10% over 900, so resampled.
        // 1/8 scale is 500 px: within 10% of 480, so that is the output.
        for (target, expected) in [
            (900, (900, 675)),
            (480, (500, 375)),
            (300, (300, 225)),
            (1, (1, 1)),
        ] {
            let prepared = prepare(twelve_mp_jpeg(), target, &limits()).unwrap();
            assert_eq!(
                (prepared.width, prepared.height),
                expected,
                "target {target}"
            );
            assert_eq!(decode(&prepared).dimensions(), expected);
        }
    }

    #[test]
    fn decompression_bomb_png_is_refused_quickly() {
        let bomb = bomb_png(40_000, 40_000);
        assert!(bomb.len() < 8 * 1024, "bomb is {} bytes", bomb.len());
        let start = Instant::now();
        let error = prepare(&bomb, 1900, &limits()).unwrap_err();
        let elapsed = start.elapsed();
        assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
        assert_eq!(
            error,
            ImageError::TooManyPixels {
                width: 40_000,
                height: 40_000,
                max_pixels: 60_000_000
            }
        );
        assert_eq!(
            error.to_string(),
            "de afbeelding is te groot: 40000 × 40000 pixels (meer dan 60 miljoen); verklein de foto eerst"
        );
    }

    #[test]
    fn huge_jpeg_header_is_refused_before_decoding() {
        // Patch the SOF dimensions of a tiny JPEG to 65000×65000.
        let mut jpeg = jpeg_of(&DynamicImage::ImageRgb8(gradient(16, 16)), 80);
        let sof = find(&jpeg, &[0xFF, 0xC0]).unwrap();
        jpeg[sof + 5..sof + 7].copy_from_slice(&65_000u16.to_be_bytes());
        jpeg[sof + 7..sof + 9].copy_from_slice(&65_000u16.to_be_bytes());
        let start = Instant::now();
        let error = prepare(&jpeg, 1900, &limits()).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(matches!(
            error,
            ImageError::TooManyPixels {
                width: 65_000,
                height: 65_000,
                ..
            }
        ));
    }

    #[test]
    fn truncated_jpeg_is_an_error() {
        // Small enough to be passed through: validation must still catch it.
        let small = jpeg_of(&DynamicImage::ImageRgb8(noisy_photo(400, 300, 16)), 90);
        let error = prepare(&small[..small.len() / 2], 1900, &limits()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "de afbeelding is afgebroken of beschadigd (JPEG: het bestand houdt voortijdig op)"
        );
        // Rotated: decoded at full scale, where libjpeg only warns.
        let rotated = with_exif(&small, 6);
        let error = prepare(&rotated[..rotated.len() * 9 / 10], 1900, &limits()).unwrap_err();
        assert_eq!(error, corrupt(Kind::Jpeg, TRUNCATED));
        // Large: goes through the scaled decoder.
        let big = twelve_mp_jpeg();
        let error = prepare(&big[..big.len() / 2], 1900, &limits()).unwrap_err();
        assert_eq!(error, corrupt(Kind::Jpeg, TRUNCATED));
        // Progressive (every scan read before the first row comes out) and
        // with restart markers; cut in the middle of the last scan.
        let image = noisy_photo(400, 300, 16);
        for (progressive, restart) in [(true, None), (false, Some(4))] {
            let mut jpeg = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 90);
            encoder.set_progressive(progressive);
            if let Some(interval) = restart {
                encoder.set_restart_interval(interval);
            }
            encoder
                .encode(image.as_raw(), 400, 300, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            assert!(prepare(&jpeg, 1900, &limits()).is_ok());
            let cut = &jpeg[..jpeg.len() - 40];
            assert_eq!(
                prepare(cut, 1900, &limits()).unwrap_err(),
                corrupt(Kind::Jpeg, TRUNCATED),
                "progressive {progressive}, restart {restart:?}"
            );
        }
    }

    #[test]
    fn truncated_png_is_an_error() {
        let png = png_of(&DynamicImage::ImageRgb8(noisy_photo(300, 200, 16)));
        let error = prepare(&png[..png.len() / 2], 1900, &limits()).unwrap_err();
        assert_eq!(error, corrupt(Kind::Png, TRUNCATED));
    }

    /// The decoders' English never reaches the student.
    #[test]
    fn broken_gif_and_webp_are_named_in_dutch() {
        let gif = b"GIF89a\x10\x00\x10\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        let webp = b"RIFF\x20\x00\x00\x00WEBPVP8 \x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        for (bytes, format) in [(&gif[..], "GIF"), (&webp[..], "WebP")] {
            let error = prepare(bytes, 1900, &limits()).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "de afbeelding is afgebroken of beschadigd ({format}: de beeldgegevens kloppen niet)"
                )
            );
        }
    }

    #[test]
    fn empty_file_is_an_error() {
        let error = prepare(&[], 1900, &limits()).unwrap_err();
        assert_eq!(error, ImageError::Empty);
        assert_eq!(error.to_string(), "het bestand is leeg");
    }

    #[test]
    fn random_bytes_are_unsupported() {
        let mut rng = XorShift(99);
        let noise: Vec<u8> = (0..4096).map(|_| rng.next() as u8).collect();
        let error = prepare(&noise, 1900, &limits()).unwrap_err();
        assert_eq!(error, ImageError::Unsupported { detected: None });
        assert_eq!(
            error.to_string(),
            "onbekend of niet ondersteund afbeeldingsformaat; gebruik JPEG, PNG, GIF, SVG of WebP"
        );
        let text = prepare(b"Dit is geen foto.\n", 1900, &limits()).unwrap_err();
        assert_eq!(text, ImageError::Unsupported { detected: None });
    }

    #[test]
    fn other_formats_are_named() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(
            prepare(heic, 1900, &limits()).unwrap_err(),
            ImageError::Heic
        );
        assert!(
            ImageError::Heic
                .to_string()
                .starts_with("het HEIC-formaat (iPhone) wordt niet ondersteund")
        );
        let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf";
        assert_eq!(
            prepare(avif, 1900, &limits()).unwrap_err(),
            ImageError::Unsupported {
                detected: Some("AVIF")
            }
        );
        let tiff = prepare(b"II*\0\x08\0\0\0", 1900, &limits()).unwrap_err();
        assert_eq!(
            tiff.to_string(),
            "onbekend of niet ondersteund afbeeldingsformaat (TIFF of RAW); gebruik JPEG, PNG, GIF, SVG of WebP"
        );
    }

    #[test]
    fn wrong_extension_does_not_matter() {
        // The caller never passes the extension: a PNG named .jpg is a PNG.
        let png = png_of(&DynamicImage::ImageRgb8(gradient(50, 40)));
        assert_eq!(sniff(&png), Kind::Png);
        assert!(prepare(&png, 1900, &limits()).is_ok());
    }

    #[test]
    fn file_too_large_is_refused_before_anything_else() {
        let limits = Limits {
            max_file_bytes: 40 * MIB,
            ..Limits::default()
        };
        let big = vec![0u8; (40 * MIB + 1) as usize];
        let error = prepare(&big, 1900, &limits).unwrap_err();
        assert_eq!(
            error.to_string(),
            "het bestand is te groot: 40,0 MB (maximaal 40 MB); verklein de foto eerst"
        );
    }

    #[test]
    fn png_with_alpha_stays_png() {
        let rgba = RgbaImage::from_fn(3000, 200, |x, _| {
            if x < 1500 {
                Rgba([10, 200, 10, 0])
            } else {
                Rgba([200, 10, 10, 255])
            }
        });
        let png = png_of(&DynamicImage::ImageRgba8(rgba));
        let prepared = prepare(&png, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Png);
        assert_eq!((prepared.width, prepared.height), (1900, 127));
        let out = decode(&prepared);
        assert!(out.color().has_alpha());
        let out = out.into_rgba8();
        assert_eq!(out.get_pixel(10, 10)[3], 0);
        assert_eq!(out.get_pixel(1800, 10)[3], 255);
    }

    #[test]
    fn opaque_png_diagram_passes_through_and_photo_becomes_jpeg() {
        let diagram = RgbImage::from_fn(600, 400, |x, y| {
            if (x / 50 + y / 50) % 2 == 0 {
                Rgb([255, 255, 255])
            } else {
                Rgb([0, 60, 120])
            }
        });
        let png = png_of(&DynamicImage::ImageRgb8(diagram));
        let prepared = prepare(&png, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Png);
        assert_eq!(
            *prepared.bytes, png,
            "a fitting PNG without metadata is passed through"
        );

        let photo = png_of(&DynamicImage::ImageRgb8(noisy_photo(2400, 1600, 16)));
        let prepared = prepare(&photo, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Jpeg);
        assert_eq!((prepared.width, prepared.height), (1900, 1267));
    }

    #[test]
    fn png_metadata_is_stripped_on_passthrough() {
        let png = png_of(&DynamicImage::ImageRgb8(gradient(64, 8)));
        let tagged = with_png_chunk(&png, b"tEXt", b"Comment\0adres van de client");
        let prepared = prepare(&tagged, 1900, &limits()).unwrap();
        assert_eq!(*prepared.bytes, png);
    }

    #[test]
    fn png_exif_orientation_is_applied() {
        let png = png_of(&DynamicImage::ImageRgb8(gradient(64, 32)));
        let rotated = with_png_chunk(&png, b"eXIf", &exif_orientation_block(6));
        let prepared = prepare(&rotated, 1900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (32, 64));
    }

    #[test]
    fn a_photo_a_few_percent_too_wide_keeps_its_size() {
        // 2080 px for a 1900 px target: kept as it is, not resampled.
        let near = jpeg_of(&DynamicImage::ImageRgb8(noisy_photo(2080, 1560, 8)), 85);
        let prepared = prepare(&near, 1900, &limits()).unwrap();
        assert_eq!(*prepared.bytes, near);
        assert_eq!((prepared.width, prepared.height), (2080, 1560));
        // 2100 px, over 10% too wide: resampled to the target.
        let wide = jpeg_of(&DynamicImage::ImageRgb8(noisy_photo(2100, 1000, 8)), 85);
        let prepared = prepare(&wide, 1900, &limits()).unwrap();
        assert_eq!(prepared.width, 1900);
    }

    #[test]
    fn fitting_jpeg_passes_through_without_metadata() {
        let plain = jpeg_of(&DynamicImage::ImageRgb8(noisy_photo(640, 480, 8)), 85);
        let prepared = prepare(&plain, 1900, &limits()).unwrap();
        assert_eq!(*prepared.bytes, plain, "no metadata: bytes unchanged");
        assert_eq!((prepared.width, prepared.height), (640, 480));

        let tagged = with_exif(&plain, 1);
        let prepared = prepare(&tagged, 1900, &limits()).unwrap();
        assert_eq!(
            *prepared.bytes, plain,
            "EXIF segment removed, image data kept"
        );
        assert!(find(&prepared.bytes, b"Exif").is_none());
    }

    #[test]
    fn metadata_stripping_keeps_scans_restarts_and_icc() {
        let image = noisy_photo(320, 240, 8);
        let encode = |progressive: bool, restart: Option<u16>| {
            let mut out = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
            encoder.set_progressive(progressive);
            if let Some(interval) = restart {
                encoder.set_restart_interval(interval);
            }
            encoder.add_icc_profile(b"not a real profile").unwrap();
            encoder
                .add_app_segment(13, b"Photoshop 3.0\0IPTC".to_vec())
                .unwrap();
            encoder
                .encode(image.as_raw(), 320, 240, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            out
        };
        for (progressive, restart) in [(false, None), (true, None), (false, Some(2))] {
            let original = encode(progressive, restart);
            // Camera EXIF in front, a comment, and a depth map appended after EOI.
            let mut tagged = with_exif(&original, 1);
            let eoi = tagged.len() - 2;
            tagged.splice(eoi..eoi, [0xFF, 0xFE, 0x00, 0x06, b'h', b'o', b'i', b'!']);
            tagged.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xD9]);
            let stripped = strip_jpeg_metadata(&tagged).unwrap();
            assert!(find(&stripped, b"ICC_PROFILE").is_some());
            assert!(find(&stripped, b"Photoshop").is_none());
            assert!(find(&stripped, b"Exif").is_none());
            assert!(find(&stripped, b"hoi!").is_none());
            assert!(stripped.ends_with(&[0xFF, 0xD9]) && stripped.len() < tagged.len());
            let before = image::load_from_memory(&original).unwrap();
            let after = image::load_from_memory(&stripped).unwrap();
            assert_eq!(before.as_bytes(), after.as_bytes());
            let prepared = prepare(&tagged, 1900, &limits()).unwrap();
            assert_eq!(*prepared.bytes, stripped);
        }
        assert!(count_scans(&encode(true, None)) > 1);
        assert_eq!(strip_jpeg_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00]), None);
    }

    #[test]
    fn icc_profile_is_kept_only_when_it_matches() {
        let image = gradient(200, 100);
        for (space, kept) in [(b"RGB ", true), (b"CMYK", false)] {
            let mut profile = vec![0u8; 128];
            profile[16..20].copy_from_slice(space);
            let mut jpeg = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 90);
            encoder.add_icc_profile(&profile).unwrap();
            encoder
                .encode(image.as_raw(), 200, 100, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            // Orientation 3 forces a re-encode through the resampler; half
            // the width, through the decoder and encoder working together.
            for prepared in [
                prepare(&with_exif(&jpeg, 3), 1900, &limits()).unwrap(),
                prepare(&jpeg, 95, &limits()).unwrap(),
            ] {
                let at = find(&prepared.bytes, b"ICC_PROFILE\0");
                assert_eq!(at.is_some(), kept, "{space:?}");
                if let Some(at) = at {
                    // Segment 1 of 1: readers refuse a profile numbered from 0.
                    assert_eq!(prepared.bytes[at + 12..at + 14], [1, 1]);
                    assert_eq!(prepared.bytes[at + 14..at + 14 + 128], profile[..]);
                }
            }
        }
    }

    #[test]
    fn progressive_jpeg_with_thousands_of_scans_is_refused() {
        let mut jpeg = vec![0xFF, 0xD8];
        // SOF2: 8-bit, 16×16, one component.
        jpeg.extend([0xFF, 0xC2, 0x00, 0x0B, 8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        for _ in 0..=MAX_PROGRESSIVE_SCANS {
            jpeg.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0, 0, 0x12, 0x34]);
        }
        jpeg.extend([0xFF, 0xD9]);
        let error = prepare(&jpeg, 1900, &limits()).unwrap_err();
        assert!(
            matches!(&error, ImageError::Corrupt { cause, .. } if cause.contains("scans")),
            "{error:?}"
        );
    }

    #[test]
    fn jpeg_with_huge_bytes_per_pixel_is_recompressed() {
        let noisy = jpeg_of(&DynamicImage::ImageRgb8(noisy_photo(300, 200, 120)), 100);
        assert!(noisy.len() as u64 * 10 > 300 * 200 * MAX_PASSTHROUGH_TENTHS_OF_BYTE_PER_PIXEL);
        let prepared = prepare(&noisy, 1900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (300, 200));
        assert!(prepared.bytes.len() < noisy.len());
    }

    /// Decoded at half size and encoded at once (two threads, bands of
    /// rows): the colours and every band arrive in place.
    #[test]
    fn half_size_photo_keeps_its_colours_and_rows() {
        let colours = [[200, 30, 30], [30, 200, 30], [30, 30, 200]];
        // Three stripes across, each taller than a band of decoded rows.
        let image = RgbImage::from_fn(1200, 900, |_, y| Rgb(colours[(y / 300) as usize]));
        let jpeg = jpeg_of(&DynamicImage::ImageRgb8(image), 90);
        let prepared = prepare(&jpeg, 600, &limits()).unwrap();
        let decoded = decode(&prepared).to_rgb8();
        assert_eq!(decoded.dimensions(), (600, 450));
        for (stripe, colour) in colours.iter().enumerate() {
            let got = decoded.get_pixel(300, stripe as u32 * 150 + 75).0;
            let close = got.iter().zip(colour).all(|(g, c)| g.abs_diff(*c) <= 12);
            assert!(close, "stripe {stripe}: {got:?}, not {colour:?}");
        }
    }

    #[test]
    fn greyscale_jpeg_stays_greyscale() {
        // image's JpegEncoder always writes three components, so build the
        // one-component input with jpeg-encoder.
        let grey = image::GrayImage::from_fn(3000, 100, |x, _| image::Luma([(x % 256) as u8]));
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 90)
            .encode(grey.as_raw(), 3000, 100, jpeg_encoder::ColorType::Luma)
            .unwrap();
        let prepared = prepare(&jpeg, 1900, &limits()).unwrap();
        assert_eq!(decode(&prepared).color(), image::ColorType::L8);
        assert_eq!(prepared.width, 1900);
        // At 1500 px: decoded at half size and encoded at once.
        let prepared = prepare(&jpeg, 1500, &limits()).unwrap();
        let decoded = decode(&prepared);
        assert_eq!(decoded.color(), image::ColorType::L8);
        assert_eq!((prepared.width, prepared.height), (1500, 50));
        assert_eq!(decoded.dimensions(), (1500, 50));
        // The ramp comes through: pixel x shows source pixels 2x and 2x + 1.
        let grey = decoded.to_luma8();
        for x in [10, 200, 700] {
            let got = i32::from(grey.get_pixel(x, 25)[0]);
            let expected = (2 * x % 256) as i32;
            assert!((got - expected).abs() <= 8, "x {x}: {got}, not {expected}");
        }
    }

    #[test]
    fn progressive_and_cmyk_jpegs_are_scaled() {
        let image = noisy_photo(2000, 1000, 8);
        let mut progressive = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut progressive, 90);
        encoder.set_progressive(true);
        encoder
            .encode(image.as_raw(), 2000, 1000, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        // Decoded at 1/2 (1000 px), then resampled to 900.
        let prepared = prepare(&progressive, 900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (900, 450));
        assert_eq!(decode(&prepared).dimensions(), (900, 450));

        let cmyk: Vec<u8> = image
            .pixels()
            .flat_map(|p| [p[0], p[1], p[2], 40])
            .collect();
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 90)
            .encode(&cmyk, 2000, 1000, jpeg_encoder::ColorType::Cmyk)
            .unwrap();
        let prepared = prepare(&jpeg, 900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (900, 450));
        assert_eq!(decode(&prepared).color(), image::ColorType::Rgb8);
    }

    #[test]
    fn damaged_jpeg_headers_are_named_in_dutch() {
        let big = twelve_mp_jpeg();
        // Cut inside the header, before the first scan.
        let sos = find(big, &[0xFF, 0xDA]).unwrap();
        assert_eq!(
            prepare(&big[..sos - 3], 1900, &limits()).unwrap_err(),
            corrupt(Kind::Jpeg, TRUNCATED)
        );
        // A missing quantisation table is fatal to libjpeg: its error
        // unwinds out of the C code and must arrive as our message, not as
        // a panic.
        let dqt = find(big, &[0xFF, 0xDB]).unwrap();
        let mut no_tables = big.to_vec();
        no_tables[dqt + 1] = 0xEC; // DQT becomes an APP12 segment
        for target in [1900, 300] {
            assert_eq!(
                prepare(&no_tables, target, &limits()).unwrap_err(),
                corrupt(Kind::Jpeg, DAMAGED),
                "target {target}"
            );
        }
        // Bytes that are no marker where one should be.
        let mut garbage = big.to_vec();
        garbage[dqt] = b'r';
        assert_eq!(
            prepare(&garbage, 1900, &limits()).unwrap_err(),
            corrupt(Kind::Jpeg, DAMAGED)
        );
    }

    #[test]
    fn gif_becomes_png_and_animated_gif_passes_through() {
        use image::codecs::gif::GifEncoder;
        let frame = |colour: u8| {
            image::Frame::new(RgbaImage::from_fn(120, 80, move |x, _| {
                if x < 60 {
                    Rgba([colour, 0, 0, 255])
                } else {
                    Rgba([0, 0, 255, 0])
                }
            }))
        };
        let mut still = Vec::new();
        GifEncoder::new(&mut still)
            .encode_frame(frame(200))
            .unwrap();
        let prepared = prepare(&still, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Png);
        assert_eq!((prepared.width, prepared.height), (120, 80));

        let mut animated = Vec::new();
        GifEncoder::new(&mut animated)
            .encode_frames([frame(200), frame(100)])
            .unwrap();
        let prepared = prepare(&animated, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Gif);
        assert_eq!(*prepared.bytes, animated);

        let prepared = prepare(&animated, 60, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Png);
        assert_eq!((prepared.width, prepared.height), (60, 40));
    }

    #[test]
    fn webp_is_reencoded() {
        let rgba = RgbaImage::from_fn(200, 100, |x, _| {
            Rgba([0, 100, 200, if x < 100 { 0 } else { 255 }])
        });
        let mut webp = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .write_image(rgba.as_raw(), 200, 100, image::ExtendedColorType::Rgba8)
            .unwrap();
        let prepared = prepare(&webp, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Png);
        assert_eq!((prepared.width, prepared.height), (200, 100));
    }

    #[test]
    fn svg_with_a_linked_picture_is_refused_and_an_embedded_one_passes() {
        let linked = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<image\n  x=\"0\" xlink:href=\"foto.jpg\"/></svg>";
        let err = prepare(linked, 1900, &limits()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("de tekening haalt een afbeelding uit een los bestand (`foto.jpg`)"),
            "{err}"
        );
        let embedded = b"<svg width=\"10\" height=\"10\"><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><imagery/></svg>";
        assert_eq!(
            prepare(embedded, 1900, &limits()).unwrap().format,
            Format::Svg
        );
    }

    #[test]
    fn svg_passes_through_with_size() {
        let svg = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- tekening -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" stroke-width=\"3\" width=\"210mm\" height='297mm'><rect/></svg>";
        let prepared = prepare(svg, 1900, &limits()).unwrap();
        assert_eq!(prepared.format, Format::Svg);
        assert_eq!(&prepared.bytes[..], &svg[..]);
        assert_eq!((prepared.width, prepared.height), (794, 1123));
        assert_eq!(
            (prepared.format.extension(), prepared.format.mime()),
            ("svg", "image/svg+xml")
        );

        let view_box = b"<svg viewBox=\"0 0 640 480\"></svg>";
        let prepared = prepare(view_box, 1900, &limits()).unwrap();
        assert_eq!((prepared.width, prepared.height), (640, 480));

        let unknown = b"<svg><g/></svg>";
        assert_eq!(prepare(unknown, 1900, &limits()).unwrap().width, 0);
    }

    #[test]
    fn same_input_gives_identical_bytes() {
        let a = prepare(twelve_mp_jpeg(), 1900, &limits()).unwrap();
        let b = prepare(twelve_mp_jpeg(), 1900, &limits()).unwrap();
        assert_eq!(a.bytes, b.bytes);
        let png = png_of(&DynamicImage::ImageRgba8(RgbaImage::from_fn(
            2500,
            300,
            |x, y| Rgba([(x % 256) as u8, (y % 256) as u8, 90, (x % 200) as u8]),
        )));
        let a = prepare(&png, 1900, &limits()).unwrap();
        let b = prepare(&png, 1900, &limits()).unwrap();
        assert_eq!(a.bytes, b.bytes);
    }

    #[test]
    fn cache_returns_the_same_arc() {
        let cache = Cache::new(64 * MIB);
        let first = cache.prepare(twelve_mp_jpeg(), 1900, &limits()).unwrap();
        let second = cache.prepare(twelve_mp_jpeg(), 1900, &limits()).unwrap();
        assert!(Arc::ptr_eq(&first.bytes, &second.bytes));
        assert_eq!(cache.len(), 1);
        // Another width is another entry.
        let narrow = cache.prepare(twelve_mp_jpeg(), 800, &limits()).unwrap();
        assert_eq!(narrow.width, 800);
        assert_eq!(cache.len(), 2);

        let global_a = Cache::global()
            .prepare(twelve_mp_jpeg(), 1234, &limits())
            .unwrap();
        let global_b = Cache::global()
            .prepare(twelve_mp_jpeg(), 1234, &limits())
            .unwrap();
        assert!(Arc::ptr_eq(&global_a.bytes, &global_b.bytes));
    }

    #[test]
    fn cache_caches_errors_and_evicts_least_recently_used() {
        let images: Vec<Vec<u8>> = (0..3)
            .map(|i| png_of(&DynamicImage::ImageRgb8(gradient(100 + i, 50))))
            .collect();
        let size = |i: usize| {
            prepare(&images[i], 1900, &limits()).unwrap().bytes.len() as u64 + ENTRY_OVERHEAD
        };
        // Room for two entries only.
        let cache = Cache::new(size(0) + size(1) + size(2) - 1);
        let a = cache.prepare(&images[0], 1900, &limits()).unwrap();
        cache.prepare(&images[1], 1900, &limits()).unwrap();
        // Touch the first so the second is the least recently used.
        let a_again = cache.prepare(&images[0], 1900, &limits()).unwrap();
        assert!(Arc::ptr_eq(&a.bytes, &a_again.bytes));
        cache.prepare(&images[2], 1900, &limits()).unwrap();
        assert_eq!(cache.len(), 2);
        assert!(cache.total_bytes() < size(0) + size(1) + size(2));
        let a_third = cache.prepare(&images[0], 1900, &limits()).unwrap();
        assert!(
            Arc::ptr_eq(&a.bytes, &a_third.bytes),
            "the recently used entry survived"
        );

        // Lowering the capacity (as batch does) drops the least recently
        // used entry at once, and later results beyond it are not kept.
        cache.set_capacity(size(0));
        assert_eq!(cache.capacity(), size(0));
        assert_eq!(cache.len(), 1);
        let a_fourth = cache.prepare(&images[0], 1900, &limits()).unwrap();
        assert!(Arc::ptr_eq(&a.bytes, &a_fourth.bytes));
        cache.prepare(&images[1], 1900, &limits()).unwrap();
        assert_eq!(cache.len(), 1);
        assert!(cache.total_bytes() <= size(0));

        cache.clear();
        assert!(cache.is_empty());
        assert_eq!(
            cache.prepare(&[], 1900, &limits()).unwrap_err(),
            ImageError::Empty
        );
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn prepare_all_keeps_order_and_prepares_duplicates_once() {
        let png = png_of(&DynamicImage::ImageRgb8(gradient(30, 20)));
        let jpeg = twelve_mp_jpeg();
        let items: Vec<(&[u8], u32)> = vec![
            (jpeg, 1900),
            (&png, 1900),
            (&[], 1900),
            (jpeg, 1900),
            (jpeg, 700),
        ];
        let cache = Cache::new(64 * MIB);
        let results = cache.prepare_all(&items, &limits());
        assert_eq!(results.len(), 5);
        assert_eq!(results[0].as_ref().unwrap().width, 2000);
        assert_eq!(results[1].as_ref().unwrap().width, 30);
        assert_eq!(results[2].as_ref().unwrap_err(), &ImageError::Empty);
        assert!(Arc::ptr_eq(
            &results[0].as_ref().unwrap().bytes,
            &results[3].as_ref().unwrap().bytes
        ));
        assert_eq!(results[4].as_ref().unwrap().width, 700);
        assert_eq!(cache.len(), 4);

        let global = prepare_all(&items[..2], &limits());
        assert_eq!(global[1].as_ref().unwrap().format, Format::Png);
    }

    #[test]
    fn mutated_inputs_never_panic_or_hang() {
        let photo = DynamicImage::ImageRgb8(noisy_photo(64, 48, 30));
        let rgba = DynamicImage::ImageRgba8(RgbaImage::from_fn(64, 48, |x, y| {
            Rgba([x as u8 * 4, y as u8 * 5, 7, (x * y) as u8])
        }));
        let mut gif = Vec::new();
        image::codecs::gif::GifEncoder::new(&mut gif)
            .encode_frame(image::Frame::new(rgba.to_rgba8()))
            .unwrap();
        let mut webp = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .write_image(rgba.as_bytes(), 64, 48, image::ExtendedColorType::Rgba8)
            .unwrap();
        let progressive_like = with_exif(&jpeg_of(&photo, 75), 6);
        let bases = [
            jpeg_of(&photo, 90),
            progressive_like,
            png_of(&rgba),
            gif,
            webp,
        ];
        let mut rng = XorShift(7);
        let start = Instant::now();
        for base in &bases {
            for round in 0..300 {
                let mut input = base.clone();
                if round % 3 == 0 {
                    input.truncate(rng.next() as usize % input.len());
                } else {
                    for _ in 0..1 + round % 4 {
                        let at = rng.next() as usize % input.len();
                        input[at] = rng.next() as u8;
                    }
                }
                let outcome = prepare(&input, 32, &limits());
                if let Err(ImageError::Corrupt { cause, .. }) = &outcome {
                    assert!(
                        !cause.starts_with("interne fout"),
                        "decoder panicked: {cause}"
                    );
                }
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "took {:?}",
            start.elapsed()
        );
    }

    #[test]
    fn dutch_number_formatting() {
        assert_eq!(format_count(60_000_000), "60 miljoen");
        assert_eq!(format_count(1_500_000), "1,5 miljoen");
        assert_eq!(format_count(250_000), "250.000");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_mb(40 * MIB), "40 MB");
        assert_eq!(format_mb(52 * MIB + MIB / 3), "52,3 MB");
        assert_eq!(Format::Jpeg.extension(), "jpg");
        assert_eq!(Format::Png.mime(), "image/png");
        assert_eq!(Format::Gif.mime(), "image/gif");
    }

    /// CPU time of all threads of this process in ns (Linux); with another
    /// build hogging the two cores, wall time alone says little.
    fn process_cpu_ns() -> Option<u64> {
        std::fs::read_dir("/proc/self/task")
            .ok()?
            .map(|entry| {
                let path = entry.ok()?.path().join("schedstat");
                std::fs::read_to_string(path)
                    .ok()?
                    .split_whitespace()
                    .next()?
                    .parse::<u64>()
                    .ok()
            })
            .sum()
    }

    /// `cargo test --release bench_prepare_12mp_jpeg -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn bench_prepare_12mp_jpeg() {
        fn measure(runs: u32, mut f: impl FnMut()) -> String {
            f(); // warm-up
            let cpu_before = process_cpu_ns();
            let mut best = Duration::MAX;
            for _ in 0..runs {
                let start = Instant::now();
                f();
                best = best.min(start.elapsed());
            }
            let cpu = match (cpu_before, process_cpu_ns()) {
                (Some(a), Some(b)) => {
                    format!(", CPU {:.1} ms/run", (b - a) as f64 / 1e6 / f64::from(runs))
                }
                _ => String::new(),
            };
            format!("best wall {:.3} ms{cpu}", best.as_secs_f64() * 1e3)
        }
        let phone_like = |noise: u32| {
            // 4:2:0 at quality 92, like a phone camera.
            let image = noisy_photo(4000, 3000, noise);
            let mut out = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
            encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
            encoder
                .encode(image.as_raw(), 4000, 3000, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            out
        };
        let low_noise = phone_like(4);
        let high_noise = phone_like(16);
        for (name, jpeg) in [
            ("gradient", twelve_mp_jpeg()),
            ("photo-like, noise ±4", &low_noise[..]),
            ("photo-like, noise ±16", &high_noise[..]),
        ] {
            let result = measure(10, || {
                prepare(jpeg, 1900, &limits()).unwrap();
            });
            println!(
                "12 MP {name} JPEG ({:.1} MB) -> 1900 px: {result}",
                jpeg.len() as f64 / 1e6
            );
        }
        let bomb = bomb_png(40_000, 40_000);
        let result = measure(10, || {
            prepare(&bomb, 1900, &limits()).unwrap_err();
        });
        println!(
            "40000×40000 PNG bomb ({} bytes) refused: {result}",
            bomb.len()
        );
    }
}
