//! EXIF orientation applied to decoded pixels.
//!
//! Phones store portrait photos sideways with orientation 6 or 8; turning a
//! 5-megapixel result upright with `image`'s per-pixel `rotate90` took about
//! 40 ms here. A blocked transpose (the `transpose` crate) plus row reversals
//! gives the same pixels in about half that.

use image::{DynamicImage, ImageBuffer, Luma, Pixel, Rgb, Rgba};

/// Turns `image` upright for EXIF orientation 1–8 (other values: unchanged).
pub(super) fn apply(image: DynamicImage, orientation: u8) -> DynamicImage {
    if !(2..=8).contains(&orientation) {
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
    let (transpose, mirror, flip) = match orientation {
        2 => (false, true, false),
        3 => (false, true, true),
        4 => (false, false, true),
        5 => (true, false, false),
        6 => (true, true, false),
        7 => (true, true, true),
        _ => (true, false, true),
    };
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
    use image::RgbImage;

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
}
