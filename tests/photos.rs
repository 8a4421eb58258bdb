//! Phone photos in a report, seen from the PDF: upright, print-sized, small
//! enough to e-mail, and broken files named with the chapter line that uses them.

mod common;

use common::*;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage, RgbaImage};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// A camera-like 12-MP photo: smooth shapes with sensor noise, so that the
/// JPEG weighs what a phone's does (several MB), not a few kB of gradient.
fn phone_photo(seed: u32, width: u32, height: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 29) as i32 - 14
    };
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let wave = ((fx * 23.0 + seed as f32).sin() * (fy * 17.0).cos() * 60.0) as i32;
        let base = [
            90 + (fx * 120.0) as i32 + wave,
            110 + (fy * 90.0) as i32 - wave / 2,
            140 - (fx * fy * 100.0) as i32 + wave / 3,
        ];
        image::Rgb(base.map(|v| (v + noise()).clamp(0, 255) as u8))
    })
}

fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out
}

/// One 4000×3000 phone JPEG, made once: generating it dominates the test time.
fn twelve_mp() -> &'static [u8] {
    static JPEG: OnceLock<Vec<u8>> = OnceLock::new();
    JPEG.get_or_init(|| jpeg(&phone_photo(7, 4000, 3000), 85))
}

/// Inserts an APP1 EXIF segment with one Orientation entry after SOI, as phones do.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    payload.extend(1u16.to_be_bytes()); // one entry in IFD0
    payload.extend(0x0112u16.to_be_bytes()); // Orientation
    payload.extend(3u16.to_be_bytes()); // SHORT
    payload.extend(1u32.to_be_bytes());
    payload.extend(orientation.to_be_bytes());
    payload.extend([0, 0, 0, 0, 0, 0]); // padding, no next IFD
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend(payload);
    out.extend(&jpeg[2..]);
    out
}

/// A group folder whose chapter 3 shows the given photos, one per line.
fn group_with_photos(photos: &[(&str, &[u8])]) -> tempfile::TempDir {
    let mut chapter = String::from("# Observatie\n\nWat we zagen op straat.\n\n");
    for (name, _) in photos {
        chapter.push_str(&format!("![Foto {name}](../fotos/{name})\n\n"));
    }
    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/3-observatie.md", &chapter),
    ]);
    std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
    for (name, bytes) in photos {
        std::fs::write(dir.path().join("fotos").join(name), bytes).unwrap();
    }
    dir
}

/// (width, height) of every image in a PDF, as `pdfimages -list` reports them.
fn pdf_images(pdf: &Path) -> Vec<(u32, u32)> {
    require_tool("pdfimages");
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages");
    assert!(out.status.success(), "pdfimages faalde");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // page num type width height …; smasks belong to their image.
            (cols.get(2) == Some(&"image"))
                .then(|| (cols[3].parse().unwrap(), cols[4].parse().unwrap()))
        })
        .collect()
}

#[test]
fn ten_phone_photos_give_a_pdf_that_can_be_mailed() {
    let original = twelve_mp();
    assert!(
        original.len() > 2_500_000,
        "testfoto te licht: {} bytes",
        original.len()
    );
    let names: Vec<String> = (1..=10).map(|i| format!("foto{i}.jpg")).collect();
    // Ten distinct files (a different comment each), so no cache hides the work.
    let files: Vec<Vec<u8>> = (0..10u8)
        .map(|i| {
            let mut b = original[..2].to_vec();
            b.extend([0xFF, 0xFE, 0x00, 0x03, i]);
            b.extend(&original[2..]);
            b
        })
        .collect();
    let photos: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| n.as_str())
        .zip(files.iter().map(|f| f.as_slice()))
        .collect();
    let dir = group_with_photos(&photos);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    let size = std::fs::metadata(&pdf).unwrap().len();
    eprintln!(
        "tien foto's van {} bytes → PDF van {size} bytes",
        original.len()
    );
    assert!(
        size < 10_000_000,
        "PDF is {size} bytes, input {} bytes",
        original.len() * 10
    );
    assert!(!err.contains("te groot om te mailen"), "{err}");
    let images = pdf_images(&pdf);
    assert_eq!(images.len(), 10, "{images:?}");
    for (w, h) in images {
        assert!((1500..=2000).contains(&w), "foto is {w}×{h} in de PDF");
        assert!(w > h, "liggende foto staat rechtop: {w}×{h}");
    }
    let text = pdf_text(&pdf);
    assert!(text.contains("Figuur 10: Foto foto10.jpg"), "{text}");
}

#[test]
fn prepared_photos_are_kept_between_runs() {
    let photo = jpeg(&phone_photo(11, 1600, 1200), 90);
    let dir = group_with_photos(&[("a.jpg", &photo)]);
    let store = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let build_with_store = |name: &str| {
        let pdf = out.path().join(name);
        let status = bin()
            .env("WIJKVERSLAG_CACHE", store.path())
            .env("SOURCE_DATE_EPOCH", "1576000000")
            .args([
                "build",
                dir.path().to_str().unwrap(),
                "-o",
                pdf.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        std::fs::read(pdf).unwrap()
    };
    let first = build_with_store("1.pdf");
    let stored: Vec<_> = std::fs::read_dir(store.path().join("afbeeldingen"))
        .expect("de map met voorbereide foto's is er niet")
        .flatten()
        .collect();
    assert_eq!(stored.len(), 1, "één foto, één opgeslagen bestand");
    let second = build_with_store("2.pdf");
    assert!(first == second, "met de opgeslagen foto is de PDF anders");
}

/// A photo taken standing at 9:16 would be 28 cm high at the full text
/// width and run over the footer. It is shown 20 cm high, as in the Word
/// file, with its caption above the page number.
#[test]
fn a_tall_photo_stays_on_its_page() {
    let tall = jpeg(&phone_photo(3, 900, 1600), 85);
    let dir = group_with_photos(&[("staand.jpg", &tall)]);
    let pdf = dir.path().join("verslag.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");

    // Displayed height from pdfimages' resolution: 1600 px over 20 cm
    // (7.874 in) is 203 ppi; at the full width of 16 cm it would be 143.
    require_tool("pdfimages");
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    let row: Vec<&str> = list
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some("image"))
        .expect("een afbeelding in de PDF")
        .split_whitespace()
        .collect();
    let (height_px, y_ppi): (f64, f64) = (row[4].parse().unwrap(), row[13].parse().unwrap());
    let height_cm = height_px / y_ppi * 2.54;
    assert!(
        (19.8..=20.1).contains(&height_cm),
        "de foto is {height_cm:.1} cm hoog"
    );

    // A4 is 841.9 pt high; the text area ends 2.5 cm (70.9 pt) above the
    // bottom edge, where the page number is.
    let pages = pdf_pages(&pdf);
    let (page, caption) = (1..=pages)
        .find_map(|p| {
            let words = pdf_words(&pdf, Some(p));
            words
                .iter()
                .position(|(w, _)| w == "staand.jpg")
                .map(|i| (p, words[i].1))
        })
        .expect("het onderschrift in de PDF");
    assert!(
        caption[3] < 841.9 - 70.9,
        "het onderschrift op pagina {page} staat onder het tekstvlak: {caption:?}"
    );
}

#[test]
fn sideways_phone_photo_comes_out_upright() {
    let small = jpeg(&phone_photo(3, 800, 600), 90);
    let rotated = with_orientation(&small, 6);
    let dir = group_with_photos(&[("staand.jpg", &rotated)]);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    assert_eq!(pdf_images(&pdf), vec![(600, 800)]);
}

#[test]
fn too_large_pdf_warns_and_names_the_heaviest_photo() {
    // Noise with transparency stays PNG and cannot be compressed: one such
    // picture at full width makes the PDF too large for e-mail.
    let mut state = 1u32;
    let noisy = RgbaImage::from_fn(1900, 1900, |_, _| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = state.to_be_bytes();
        image::Rgba([b[0], b[1], b[2], 128 | b[3]])
    });
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(noisy.as_raw(), 1900, 1900, ExtendedColorType::Rgba8)
        .unwrap();
    let small = jpeg(&phone_photo(5, 400, 300), 85);
    let dir = group_with_photos(&[("klein.jpg", &small), ("ruis.png", &png)]);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000_000);
    let warning = err
        .lines()
        .find(|l| l.contains("te groot om te mailen"))
        .unwrap_or_else(|| panic!("geen waarschuwing over de grootte:\n{err}"));
    assert!(
        warning.starts_with("waarschuwing: hoofdstukken/3-observatie.md:7: de PDF is "),
        "{warning}"
    );
    assert!(
        warning.contains("het zwaarst wegen `fotos/ruis.png` ("),
        "{warning}"
    );
    let ruis = warning.find("ruis.png").unwrap();
    let klein = warning.find("klein.jpg").unwrap();
    assert!(ruis < klein, "zwaarste foto eerst: {warning}");
}

#[test]
fn broken_images_name_the_image_and_the_chapter_line() {
    let good = jpeg(&phone_photo(1, 64, 48), 85);
    let cases: [(&str, Vec<u8>, &str); 7] = [
        (
            "afgebroken.jpg",
            good[..good.len() / 2].to_vec(),
            "afgebroken",
        ),
        ("leeg.jpg", Vec::new(), "het bestand is leeg"),
        (
            "tekst.jpg",
            b"dit is geen foto maar een tekst".to_vec(),
            "onbekend of niet ondersteund afbeeldingsformaat",
        ),
        ("scan.tif", b"II*\0\x08\0\0\0\0\0\0\0".to_vec(), "TIFF"),
        (
            "bom.png",
            bomb_png(40_000, 40_000),
            "de afbeelding is te groot: 40000 × 40000 pixels",
        ),
        (
            "afgebroken.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect".to_vec(),
            "de SVG-code klopt niet bij regel 1",
        ),
        (
            "nul.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"></svg>".to_vec(),
            "de SVG heeft geen geldige breedte, hoogte of viewBox",
        ),
    ];
    for (name, bytes, expected) in cases {
        let dir = group_with_photos(&[(name, &bytes)]);
        let out = tempfile::tempdir().unwrap();
        let pdf = out.path().join("verslag.pdf");
        let (code, err) = build_pdf(dir.path(), &pdf);
        assert_eq!(code, 1, "{name}: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!(
                "fout: hoofdstukken/3-observatie.md:5: afbeelding `fotos/{name}`: "
            )),
            "{name}: {err}"
        );
        assert!(
            err.contains(expected),
            "{name}: verwacht {expected:?} in {err}"
        );
        assert!(!pdf.exists(), "{name}: een half verslag is blijven staan");
    }
}

/// A PNG that claims `width`×`height` pixels in a few hundred bytes.
fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32fast::hash(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of a few zero rows; the rest is "missing", which a decoder
    // that trusted the header would allocate for.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Mean (r, g, b) of the one photo in a PDF, read back from the embedded JPEG.
fn pdf_photo_colour(pdf: &Path) -> [u32; 3] {
    require_tool("pdfimages");
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("pdfimages")
        .arg("-j")
        .arg(pdf)
        .arg(dir.path().join("foto"))
        .status()
        .expect("pdfimages");
    assert!(status.success(), "pdfimages faalde");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "één foto in {}", pdf.display());
    let photo = image::open(files[0].path()).unwrap().to_rgb8();
    let n = (photo.width() * photo.height()) as u64;
    let mut sum = [0u64; 3];
    for p in photo.pixels() {
        for c in 0..3 {
            sum[c] += p[c] as u64;
        }
    }
    sum.map(|s| (s / n) as u32)
}

#[test]
fn every_group_in_a_class_shows_its_own_photo() {
    // Every report names its images alike inside, so a batch must not let one
    // group's photo stand in for another's that sits at the same place.
    let klas = tempfile::tempdir().unwrap();
    let colours = [("groep-a", [200u8, 30, 30]), ("groep-b", [30, 30, 200])];
    for (name, rgb) in colours {
        let photo = RgbImage::from_fn(1200, 900, |x, y| {
            let shade = ((x + y) % 16) as u8;
            image::Rgb(rgb.map(|v| v + shade))
        });
        let group = klas.path().join(name);
        std::fs::create_dir_all(group.join("fotos")).unwrap();
        std::fs::create_dir_all(group.join("hoofdstukken")).unwrap();
        std::fs::write(group.join("verslag.toml"), MINIMAL_TOML).unwrap();
        std::fs::write(group.join("fotos/straat.jpg"), jpeg(&photo, 90)).unwrap();
        std::fs::write(
            group.join("hoofdstukken/3-observatie.md"),
            "# Observatie\n\n![De straat](../fotos/straat.jpg)\n",
        )
        .unwrap();
    }
    let uit = tempfile::tempdir().unwrap();
    // One thread: the second group is built with the first one's caches warm.
    let (code, _, err) = run(&[
        "batch",
        klas.path().to_str().unwrap(),
        "-o",
        uit.path().to_str().unwrap(),
        "--jobs",
        "1",
    ]);
    assert!(err.contains("2 gelukt, 0 mislukt"), "{err} (code {code})");
    let red = pdf_photo_colour(&uit.path().join("groep-a.pdf"));
    let blue = pdf_photo_colour(&uit.path().join("groep-b.pdf"));
    assert!(
        red[0] > 150 && red[2] < 80,
        "groep-a toont {red:?}, niet rood"
    );
    assert!(
        blue[2] > 150 && blue[0] < 80,
        "groep-b toont {blue:?}, niet blauw"
    );
}
