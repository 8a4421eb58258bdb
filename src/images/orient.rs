//! EXIF orientation applied to decoded pixels.
//!
//! Phones store portrait photos sideways with orientation 6 or 8; turning a
//! 5-megapixel result upright with `image`'s per-pixel `rotate90` took about
//! 40 ms here. A blocked transpose (the `transpose` crate) plus row reversals
//! gives the same pixels in about half that. On the way into the JPEG
//! encoder the picture is turned a band of rows at a time.

use image::{DynamicImage, ImageBuffer, Luma, Pixel, Rgb, Rgba};

/// True when EXIF `orientation` moves pixels: 2–8 (1 and unknown values
/// leave the picture as stored).
pub(super) fn turns(orientation: u8) -> bool {
    (2..=8).contains(&orientation)
}

/// Turns `image` upright for EXIF orientation 1–8 (other values: unchanged).
pub(super) fn apply(image: DynamicImage, orientation: u8) -> DynamicImage {
    if !turns(orientation) {
        return image;
    }
    match image {
        DynamicImage::ImageLuma8(b) => {
            DynamicImage::ImageLuma8(orient::<Luma<u8>, 1>(b, orientation))
        }
        DynamicImage::ImageRgb8(b) => DynamicImage::ImageRgb8(orient::<Rgb<u8>, 3>(b, orientation)),
        DynamicImage::ImageRgba8(b) => {
            DynamicImage::ImageRgba8(orient::<Rgba<u8>, 4>(b, orientation))
        }
        mut other => {
            if let Some(o) = image::metadata::Orientation::from_exif(orientation) {
                other.apply_orientation(o);
            }
            other
        }
    }
}

/// Size of the upright picture: width and height swap for orientations 5–8.
pub(super) fn upright_size((width, height): (u32, u32), orientation: u8) -> (u32, u32) {
    if steps(orientation).0 {
        (height, width)
    } else {
        (width, height)
    }
}

/// Orientation as (transpose, mirror left–right, flip top–bottom), in that
/// order; orientation 1 and unknown values are (false, false, false).
fn steps(orientation: u8) -> (bool, bool, bool) {
    match orientation {
        2 => (false, true, false),
        3 => (false, true, true),
        4 => (false, false, true),
        5 => (true, false, false),
        6 => (true, true, false),
        7 => (true, true, true),
        8 => (true, false, true),
        _ => (false, false, false),
    }
}

/// Rows `first..` of the upright picture, as many as fit in `out`, taken
/// from `stored` (`size` as stored, pixels of `n` bytes: 1 grey, 3 RGB, 4
/// RGBA). The JPEG encoder takes a band of rows at a time, so a sideways
/// photo goes upright band by band, without a turned copy of the whole
/// picture (12 MB for a standing phone photo) to allocate and fill.
pub(super) fn upright_rows(
    stored: &[u8],
    size: (u32, u32),
    n: usize,
    orientation: u8,
    first: usize,
    out: &mut [u8],
) {
    match n {
        1 => rows_into::<1>(stored, size, orientation, first, out),
        3 => rows_into::<3>(stored, size, orientation, first, out),
        _ => rows_into::<4>(stored, size, orientation, first, out),
    }
}

fn rows_into<const N: usize>(
    stored: &[u8],
    (w, h): (u32, u32),
    orientation: u8,
    first: usize,
    out: &mut [u8],
) {
    let (w, h) = (w as usize, h as usize);
    let (transpose, mirror, flip) = steps(orientation);
    let (ow, oh) = if transpose { (h, w) } else { (w, h) };
    let src = pixels::<N>(stored);
    let out = pixels_mut::<N>(out);
    let count = out.len() / ow.max(1);
    if !transpose {
        for (k, line) in out.chunks_exact_mut(ow).enumerate() {
            let y = first + k;
            let row = if flip { oh - 1 - y } else { y };
            line.copy_from_slice(&src[row * w..(row + 1) * w]);
            if mirror {
                line.reverse();
            }
        }
        return;
    }
    // Upright rows are stored columns; the band's columns lie side by side
    // in every stored row. Gather those runs (in mirrored order when the
    // rows must be mirrored), then let the blocked transpose turn them.
    let low = if flip { oh - first - count } else { first };
    let mut runs = vec![[0; N]; ow * count];
    for (x, run) in runs.chunks_exact_mut(count).enumerate() {
        let row = if mirror { ow - 1 - x } else { x };
        run.copy_from_slice(&src[row * w + low..row * w + low + count]);
    }
    transpose::transpose(&runs, out, count, ow);
    if flip {
        for top in 0..count / 2 {
            let (upper, lower) = out.split_at_mut((count - 1 - top) * ow);
            upper[top * ow..(top + 1) * ow].swap_with_slice(&mut lower[..ow]);
        }
    }
}

/// Orientation as transpose (5–8) followed by mirroring left–right and/or
/// top–bottom; N is the pixel's size in bytes.
fn orient<P, const N: usize>(
    image: ImageBuffer<P, Vec<u8>>,
    orientation: u8,
) -> ImageBuffer<P, Vec<u8>>
where
    P: Pixel<Subpixel = u8>,
{
    let (w, h) = image.dimensions();
    let (transpose, mirror, flip) = steps(orientation);
    let mut data = image.into_raw();
    let (w, h) = if transpose {
        let mut out = vec![0u8; data.len()];
        transpose::transpose(
            pixels::<N>(&data),
            pixels_mut::<N>(&mut out),
            w as usize,
            h as usize,
        );
        data = out;
        (h, w)
    } else {
        (w, h)
    };
    let row = w as usize * N;
    if mirror {
        for line in data.chunks_exact_mut(row) {
            pixels_mut::<N>(line).reverse();
        }
    }
    if flip {
        let rows = h as usize;
        for top in 0..rows / 2 {
            let (upper, lower) = data.split_at_mut((rows - 1 - top) * row);
            upper[top * row..(top + 1) * row].swap_with_slice(&mut lower[..row]);
        }
    }
    ImageBuffer::from_raw(w, h, data).expect("same number of pixels")
}

fn pixels<const N: usize>(bytes: &[u8]) -> &[[u8; N]] {
    let (chunks, rest) = bytes.as_chunks::<N>();
    debug_assert!(rest.is_empty());
    chunks
}

fn pixels_mut<const N: usize>(bytes: &mut [u8]) -> &mut [[u8; N]] {
    let (chunks, rest) = bytes.as_chunks_mut::<N>();
    debug_assert!(rest.is_empty());
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, RgbImage};

    /// Every orientation gives what `image`'s reference implementation gives.
    #[test]
    fn matches_image_for_all_orientations() {
        let stored = RgbImage::from_fn(7, 4, |x, y| Rgb([x as u8, y as u8, (x * 10 + y) as u8]));
        for orientation in 1..=8 {
            let mut expected = DynamicImage::ImageRgb8(stored.clone());
            if let Some(o) = image::metadata::Orientation::from_exif(orientation) {
                expected.apply_orientation(o);
            }
            let got = apply(DynamicImage::ImageRgb8(stored.clone()), orientation);
            assert_eq!(got, expected, "orientation {orientation}");
            let grey = DynamicImage::ImageRgb8(stored.clone()).into_luma8();
            let mut expected = DynamicImage::ImageLuma8(grey.clone());
            if let Some(o) = image::metadata::Orientation::from_exif(orientation) {
                expected.apply_orientation(o);
            }
            assert_eq!(apply(DynamicImage::ImageLuma8(grey), orientation), expected);
        }
    }

    /// Bands of upright rows, of every height, put together give the same
    /// picture as turning it whole.
    #[test]
    fn upright_rows_in_bands_match_the_turned_picture() {
        let stored = RgbImage::from_fn(7, 5, |x, y| Rgb([x as u8, y as u8, (x * 10 + y) as u8]));
        for orientation in 1..=8 {
            let whole = apply(DynamicImage::ImageRgb8(stored.clone()), orientation);
            let (w, h) = upright_size(stored.dimensions(), orientation);
            assert_eq!(whole.dimensions(), (w, h), "orientation {orientation}");
            for band in 1..=h as usize {
                let mut got = Vec::new();
                for first in (0..h as usize).step_by(band) {
                    let rows = band.min(h as usize - first);
                    let mut out = vec![0; rows * w as usize * 3];
                    upright_rows(
                        stored.as_raw(),
                        stored.dimensions(),
                        3,
                        orientation,
                        first,
                        &mut out,
                    );
                    got.extend(out);
                }
                assert_eq!(
                    &got,
                    whole.as_bytes(),
                    "orientation {orientation}, band {band}"
                );
            }
        }
    }
}
