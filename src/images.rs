//! Image preparation (temporary pass-through; replaced by the full module).

use std::sync::Arc;

/// Limits applied before decoding.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Maximum pixel count.
    pub max_pixels: u64,
    /// Maximum file size.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_pixels: 60_000_000, max_file_bytes: 40 << 20 }
    }
}

/// Image formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// GIF.
    Gif,
    /// SVG.
    Svg,
}

impl Format {
    /// File extension.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }
}

/// A prepared image.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Format.
    pub format: Format,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Original size.
    pub original_len: u64,
}

/// Errors.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Broken.
    #[error("de afbeelding kan niet gelezen worden ({0})")]
    Broken(String),
}

/// Cache.
pub struct Cache;

impl Cache {
    /// Global.
    pub fn global() -> &'static Cache {
        &Cache
    }
    /// Prepare.
    pub fn prepare(&self, bytes: &[u8], target: u32, limits: &Limits) -> Result<Prepared, ImageError> {
        prepare(bytes, target, limits)
    }
}

/// Prepare.
pub fn prepare(bytes: &[u8], _target: u32, _limits: &Limits) -> Result<Prepared, ImageError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Broken(e.to_string()))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Jpeg) => Format::Jpeg,
        Some(image::ImageFormat::Png) => Format::Png,
        Some(image::ImageFormat::Gif) => Format::Gif,
        _ => return Err(ImageError::Broken("onbekend formaat".into())),
    };
    let (width, height) = reader.into_dimensions().map_err(|e| ImageError::Broken(e.to_string()))?;
    Ok(Prepared { bytes: Arc::new(bytes.to_vec()), format, width, height, original_len: bytes.len() as u64 })
}
