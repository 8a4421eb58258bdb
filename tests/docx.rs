//! `wijkverslag build --docx`: what Word and LibreOffice find in the DOCX.

mod common;

use common::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The DOCX fixture with a generated JPEG photo and PNG map, in a temp dir.
fn group() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docx");
    copy_dir(&src, dir.path());
    std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
    let photo = image::RgbImage::from_fn(640, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&photo)
        .unwrap();
    std::fs::write(dir.path().join("fotos/speeltuin.jpg"), &jpeg).unwrap();
    let map = image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([30, (x % 200) as u8, 90]));
    map.save(dir.path().join("fotos/kaart.png")).unwrap();
    (dir, jpeg)
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn build_docx(dir: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
}

/// The entries of a zip: (name, bytes, last-modified).
fn unzip(path: &Path) -> Vec<(String, Vec<u8>, zip::DateTime)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (
                e.name().unwrap().to_string(),
                b,
                e.last_modified().unwrap_or_default(),
            )
        })
        .collect()
}

fn part(entries: &[(String, Vec<u8>, zip::DateTime)], name: &str) -> String {
    let (_, b, _) = entries
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("{name} ontbreekt in de DOCX"));
    String::from_utf8(b.clone()).unwrap()
}

/// The paragraphs of document.xml as (style, visible text).
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    xml.split("<w:p>")
        .flat_map(|s| s.split("<w:p "))
        .skip(1)
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap_or("");
            let style = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let mut text = String::new();
            for piece in p.split("<w:t").skip(1) {
                // Only `<w:t>` and `<w:t xml:space=…>`, not `<w:tab>`, `<w:tbl>`, …
                if (piece.starts_with('>') || piece.starts_with(" xml:space"))
                    && let Some(body) = piece.split_once('>').map(|(_, b)| b)
                {
                    text.push_str(body.split("</w:t>").next().unwrap_or(""));
                }
            }
            (
                style,
                text.replace("&amp;", "&")
                    .replace("&apos;", "'")
                    .replace("&quot;", "\""),
            )
        })
        .collect()
}

const CHAPTERS: [&str; 8] = [
    "1  Wijk bepalen",
    "2  Demografische en epidemiologische gegevens",
    "3  Observatie van de wijk",
    "4  De verhalen achter de gegevens",
    "5  Het sociale netwerk",
    "6  Checklist wijkdiagnose",
    "7  Wijkdiagnose",
    "8  Interventies",
];

#[test]
fn docx_has_word_structure_tables_pictures_and_footnotes() {
    let (dir, jpeg) = group();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    build_docx(dir.path(), &pdf, &["--docx"]);
    assert!(pdf.exists(), "de PDF hoort er ook te zijn");
    let docx = out.path().join("verslag.docx");
    let entries = unzip(&docx);
    let doc = part(&entries, "word/document.xml");
    let paras = paragraphs(&doc);

    // One Heading 1 per chapter, in order, then Literatuurlijst and Bijlagen.
    let h1: Vec<&str> = paras
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.as_str())
        .collect();
    let mut expected: Vec<&str> = CHAPTERS.to_vec();
    expected.extend(["Literatuurlijst", "Bijlagen"]);
    assert_eq!(h1, expected);
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Heading2" && t == "1.1 Keuze van de wijk"),
        "sectie 1.1 als Heading 2"
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Heading2" && t == "Bijlage A: Windshield Survey (ingevuld)")
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Title" && t == "Wijkanalyse Beijum")
    );

    // Styles Word knows by name.
    let styles = part(&entries, "word/styles.xml");
    for name in [
        "heading 1",
        "heading 2",
        "heading 3",
        "Title",
        "Subtitle",
        "caption",
        "List Paragraph",
        "Quote",
        "footnote text",
        "toc 1",
        "toc 2",
        "toc 3",
    ] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\" />")),
            "stijl {name} ontbreekt"
        );
    }

    // Captions from the IR, in the Caption style.
    for cap in [
        "Figuur 1: Speeltuin aan de Gelkingestraat",
        "Figuur 2: Kaart van de wijk",
        "Tabel 2: Leeftijdsopbouw van Beijum",
        "Tabel 3: Sociale kaart van Beijum, per soort",
        "Tabel 4: Checklist wijkdiagnose: oordeel, zekerheid en bron per factor",
        "Figuur 5: Het sociale netwerk rond het wijkteam van Beijum",
    ] {
        assert!(
            paras.iter().any(|(s, t)| s == "Caption" && t == cap),
            "bijschrift {cap:?} ontbreekt"
        );
    }
    // Each caption's number is a field, as Word's own captions have, so a
    // caption added in Word joins the count.
    let captions = |label: &str| {
        paras
            .iter()
            .filter(|(s, t)| s == "Caption" && t.starts_with(&format!("{label} ")))
            .count()
    };
    assert_eq!(
        doc.matches("<w:instrText>SEQ Figuur \\* ARABIC</w:instrText>")
            .count(),
        captions("Figuur")
    );
    assert_eq!(
        doc.matches("<w:instrText>SEQ Tabel \\* ARABIC</w:instrText>")
            .count(),
        captions("Tabel")
    );
    assert!(captions("Figuur") >= 5 && captions("Tabel") >= 4);

    // The labels of the parts' key–value rows are small bold sans in the
    // accent colour, as in the PDF, not the text's serif.
    let label = doc
        .split("<w:r>")
        .find(|r| r.contains(">Doelgroep</w:t>"))
        .expect("label Doelgroep");
    for prop in [
        "w:ascii=\"Noto Sans\"",
        "<w:b />",
        "<w:sz w:val=\"17\" />",
        "<w:color w:val=\"1D5C63\" />",
    ] {
        assert!(label.contains(prop), "{prop} ontbreekt: {label}");
    }
    // So are the column heads of the parts; a Markdown table's head keeps
    // the text's serif, as in the PDF.
    let run_of = |text: &str| {
        doc.split("<w:r>")
            .find(|r| r.contains(&format!(">{text}</w:t>")))
            .unwrap_or_else(|| panic!("{text} ontbreekt"))
    };
    for head in ["Gegevens van het interview", "Toelichting", "Factor"] {
        assert!(
            run_of(head).contains("w:ascii=\"Noto Sans\""),
            "{head}: {}",
            run_of(head)
        );
    }
    assert!(
        !run_of("Inwoners").contains("w:ascii="),
        "{}",
        run_of("Inwoners")
    );

    // Tables with a header row for every structured part.
    assert!(
        doc.matches("<w:tbl>").count() >= 15,
        "te weinig tabellen: {}",
        doc.matches("<w:tbl>").count()
    );
    assert!(
        doc.contains("<w:tblHeader />"),
        "kopregel van de tabellen ontbreekt"
    );
    for cell in [
        "Naam",
        "Ring",
        "Adres",
        "Toelichting",
        "eerste ring",
        "Factor",
        "Oordeel",
        "Zekerheid",
        "Vraag",
        "Antwoord",
        "Verbeterpunt: Minder eenzaamheid onder 65-plussers",
        "Interventie 2: Verlichting in de tunnels",
        "Leeftijd",
        "Onderwerp",
        "Waarneming",
        "Beijum-West",
    ] {
        assert!(
            paras.iter().any(|(_, t)| t == cell),
            "tabelcel {cell:?} ontbreekt"
        );
    }

    // Pictures: the photo embedded byte for byte as JPEG, charts and diagram as PNG.
    let media: Vec<&(String, Vec<u8>, zip::DateTime)> = entries
        .iter()
        .filter(|(n, _, _)| n.starts_with("word/media/"))
        .collect();
    let jpegs: Vec<_> = media
        .iter()
        .filter(|(n, _, _)| n.ends_with(".jpeg"))
        .collect();
    assert_eq!(
        jpegs.len(),
        1,
        "{:?}",
        media.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    assert_eq!(
        &jpegs[0].1[..3],
        &[0xFF, 0xD8, 0xFF],
        "de foto is geen JPEG meer"
    );
    if jpegs[0].1 != jpeg {
        eprintln!("let op: de foto is door de beeldvoorbereiding opnieuw gecodeerd");
    }
    let pngs = media
        .iter()
        .filter(|(n, b, _)| n.ends_with(".png") && b.starts_with(b"\x89PNG"))
        .count();
    assert_eq!(
        pngs, 6,
        "kaart + 4 grafieken + sociale-kaartdiagram als PNG"
    );
    assert!(
        part(&entries, "[Content_Types].xml")
            .contains("Extension=\"jpeg\" ContentType=\"image/jpeg\"")
            || part(&entries, "[Content_Types].xml")
                .contains("ContentType=\"image/jpeg\" Extension=\"jpeg\"")
    );
    // Sized to the text width (16 cm = 5 760 720 EMU), aspect ratio kept (640×400).
    assert!(
        doc.contains("<wp:extent cx=\"5760720\" cy=\"3600450\" />"),
        "foto niet op tekstbreedte"
    );

    // Footnotes as Word footnotes.
    let notes = part(&entries, "word/footnotes.xml");
    assert!(notes.contains("Fatima en Daan lopen sinds september stage bij WIJ Beijum."));
    assert!(notes.contains("<w:footnoteRef />"));
    assert!(
        notes.contains("(Movisie, 2019)"),
        "bronvermelding in een voetnoot"
    );
    assert_eq!(doc.matches("<w:footnoteReference ").count(), 2);
    assert!(part(&entries, "[Content_Types].xml").contains("/word/footnotes.xml"));

    // Citations and the Literatuurlijst as in the PDF.
    assert!(
        paras
            .iter()
            .any(|(_, t)| t.contains("(Centraal Bureau voor de Statistiek, 2017)"))
    );
    assert!(
        paras
            .iter()
            .any(|(_, t)| t.contains("(Centraal Bureau voor de Statistiek, 2017, p. 4)"))
    );
    assert!(paras.iter().any(|(s, t)| s == "Bibliography"
        && t.starts_with("Centraal Bureau voor de Statistiek. (2017). Wijk- en buurtkaart 2017.")));

    // TOC field, refreshed by Word on opening; page numbers in the footer; A4.
    assert!(
        doc.contains("TOC \\o &quot;1-3&quot;") || doc.contains("TOC \\o \"1-3\""),
        "inhoudsopgave-veld ontbreekt"
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "TOC1" && t == "1  Wijk bepalen")
    );
    // Settings in the schema's order: Word keeps the fonts in the file,
    // refreshes the contents, and hyphenates the Dutch text as the PDF does.
    let settings = part(&entries, "word/settings.xml");
    assert!(
        settings.contains("<w:zoom w:percent=\"100\" /><w:embedTrueTypeFonts w:val=\"true\" /><w:defaultTabStop w:val=\"840\" /><w:autoHyphenation w:val=\"true\" /><w:updateFields w:val=\"true\" /><w:compat>"),
        "{settings}"
    );
    // The typefaces the styles name are in the file, each face a part that
    // fontTable.xml points to.
    let table = part(&entries, "word/fontTable.xml");
    let rels = part(&entries, "word/_rels/fontTable.xml.rels");
    for (family, faces) in [
        (
            "Libertinus Serif",
            &["Regular", "Bold", "Italic", "BoldItalic"][..],
        ),
        ("Noto Sans", &["Regular", "Bold"][..]),
    ] {
        let font = between(
            &table,
            &format!("<w:font w:name=\"{family}\">"),
            "</w:font>",
        )
        .unwrap_or_else(|| panic!("{family} ontbreekt in fontTable.xml: {table}"));
        for face in faces {
            let id = between(font, &format!("<w:embed{face} r:id=\""), "\"")
                .unwrap_or_else(|| panic!("{family} {face}: {font}"));
            let target = between(&rels, &format!("Id=\"{id}\" "), "/>")
                .and_then(|r| between(r, "Target=\"", "\""))
                .unwrap_or_else(|| panic!("{id} in {rels}"));
            let (_, bytes, _) = entries
                .iter()
                .find(|(n, _, _)| *n == format!("word/{target}"))
                .unwrap_or_else(|| panic!("word/{target} ontbreekt"));
            assert!(bytes.len() > 100_000, "{target}: {} bytes", bytes.len());
        }
    }
    assert!(
        part(&entries, "[Content_Types].xml").contains(
            "Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\""
        )
    );
    let styles = part(&entries, "word/styles.xml");
    let defaults = between(&styles, "<w:rPrDefault><w:rPr>", "</w:rPr>").expect("rPrDefault");
    assert!(defaults.starts_with("<w:rFonts "), "{defaults}");
    assert!(
        defaults.ends_with("<w:lang w:val=\"nl-NL\" w:eastAsia=\"nl-NL\" w:bidi=\"ar-SA\" />"),
        "{defaults}"
    );
    assert!(part(&entries, "word/footer1.xml").contains("PAGE"));
    let header = part(&entries, "word/header1.xml");
    assert!(
        header.contains(">Wijkanalyse Beijum<") && header.contains(">Beijum<"),
        "{header}"
    );
    assert!(
        doc.contains("<w:pgNumType w:start=\"1\" />"),
        "paginanummering begint niet bij hoofdstuk 1"
    );
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"));

    // Fixed timestamps from the report date (inleverdatum 23 december 2019).
    let core = part(&entries, "docProps/core.xml");
    assert!(
        core.contains(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2019-12-23T12:00:00Z</dcterms:created>"
        ),
        "{core}"
    );
    assert!(core.contains(
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2019-12-23T12:00:00Z</dcterms:modified>"
    ));
    for (name, _, t) in &entries {
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour()),
            (2019, 12, 23, 12),
            "tijd van {name}"
        );
    }
}

#[test]
fn docx_bytes_are_reproducible_and_docx_only_writes_no_pdf() {
    let (dir, _) = group();
    let out = tempfile::tempdir().unwrap();
    let a = out.path().join("a.docx");
    let b = out.path().join("b.docx");
    build_docx(dir.path(), &a, &[]);
    build_docx(dir.path(), &b, &[]);
    assert!(
        !out.path().join("a.pdf").exists(),
        "-o UIT.docx hoort alleen de DOCX te schrijven"
    );
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "twee builds geven verschillende bytes"
    );
    // The name as given, capitals and all (Windows users type them).
    let upper = out.path().join("Verslag.DOCX");
    build_docx(dir.path(), &upper, &[]);
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("Verslag"))
        .collect();
    assert_eq!(names, ["Verslag.DOCX"]);
}

fn require_soffice() -> PathBuf {
    let ok = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "soffice ontbreekt: installeer libreoffice-writer-nogui (.ci/run doet dat)"
    );
    PathBuf::from("soffice")
}

#[test]
fn libreoffice_opens_the_docx() {
    let soffice = require_soffice();
    let (dir, _) = group();
    let out = tempfile::tempdir().unwrap();
    let docx = out.path().join("verslag.docx");
    build_docx(dir.path(), &docx, &[]);
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out.path())
        .arg(&docx)
        .output()
        .expect("soffice");
    let pdf = out.path().join("verslag.pdf");
    assert!(
        pdf.exists(),
        "LibreOffice maakte geen PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = squash(&pdf_text(&pdf));
    for title in CHAPTERS {
        assert!(
            text.contains(&squash(title)),
            "{title} ontbreekt in LibreOffice's weergave"
        );
    }
    for needle in [
        "Inhoudsopgave",
        "Wij kozen Beijum omdat twee groepsleden er stage lopen bij het WIJ-team",
        "(Centraal Bureau voor de Statistiek, 2017)",
        "Figuur 1: Speeltuin aan de Gelkingestraat",
        "Verbeterpunt: Minder eenzaamheid onder 65-plussers",
        "Fatima en Daan lopen sinds september stage bij WIJ Beijum.",
        "Literatuurlijst",
    ] {
        assert!(
            text.contains(&squash(needle)),
            "{needle:?} ontbreekt in LibreOffice's weergave"
        );
    }

    // The report's typefaces travel in the file: LibreOffice sets the text
    // in Libertinus Serif and the headings in Noto Sans, which computers
    // seldom have (without them it set all of it in DejaVu Sans).
    let fonts = Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for face in [
        "LibertinusSerifRegular",
        "LibertinusSerifBold",
        "LibertinusSerifItalic",
        "NotoSans-Regular",
        "NotoSans-Bold",
    ] {
        assert!(
            fonts.contains(&format!("+{face} ")),
            "{face} ontbreekt in LibreOffice's weergave:\n{fonts}"
        );
    }

    // Title page and contents have no header and no number; chapter 1 is
    // page 1, under the running header "titel … wijk", as in the PDF.
    let pages: Vec<Vec<String>> = pdf_text(&pdf)
        .split('\u{c}')
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        pages[0][0], "Wijkanalyse · Beijum, Groningen",
        "{:?}",
        pages[0]
    );
    let first = pages
        .iter()
        .position(|p| p.iter().any(|l| l.starts_with("Wij kozen Beijum omdat")))
        .expect("hoofdstuk 1 in LibreOffice's weergave");
    for page in &pages[..first] {
        assert!(
            !page.iter().any(|l| l.chars().all(|c| c.is_ascii_digit())),
            "paginanummer voor hoofdstuk 1: {page:?}"
        );
    }
    let chapter = &pages[first];
    assert!(
        chapter[0].contains("Wijkanalyse Beijum") && chapter[0].ends_with("Beijum"),
        "{chapter:?}"
    );
    assert_eq!(chapter.last().unwrap(), "1", "{chapter:?}");
    assert_eq!(
        pages[first + 1].last().unwrap(),
        "2",
        "{:?}",
        pages[first + 1]
    );

    // Bijlage B is the interview to take along: every question has six
    // lines to write on, as on paper, so the fixture's four questions with
    // the header table fill two pages (as one compact table they took one).
    let appendix = |title: &str| {
        first
            + pages[first..]
                .iter()
                .position(|p| p.iter().any(|l| l == title))
                .unwrap_or_else(|| panic!("{title} in LibreOffice's weergave"))
    };
    let b = appendix("Bijlage B: Interview (leeg)");
    let c = appendix("Bijlage C: Checklist wijkdiagnose (ingevuld)");
    assert!(c - b >= 2, "bijlage B is {} pagina('s)", c - b);
    // The checklist's column labels stay whole.
    let words: Vec<&str> = pages[c].iter().flat_map(|l| l.split_whitespace()).collect();
    for label in [
        "goed",
        "redelijk",
        "slecht",
        "zeker",
        "vermoeden",
        "hopen",
        "gokken",
        "vrezen",
    ] {
        assert!(words.contains(&label), "{label} niet heel: {words:?}");
    }
}

/// A table of document.xml: column widths, left/right cell margin, and its
/// rows as (row properties, cells); a cell is (grid span, runs), a run is
/// (font size in half-points, bold, text).
struct Tbl {
    grid: Vec<u32>,
    margin: u32,
    rows: Vec<(String, Vec<Cell>)>,
}

/// A table cell: grid span and runs as (size in half-points, bold, text).
type Cell = (usize, Vec<(u32, bool, String)>);

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = s[start..].find(close)? + start;
    Some(&s[start..end])
}

fn tables(xml: &str) -> Vec<Tbl> {
    xml.split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = t.split("</w:tbl>").next().unwrap();
            let grid = t
                .split("<w:gridCol w:w=\"")
                .skip(1)
                .map(|g| g.split('"').next().unwrap().parse().unwrap())
                .collect();
            // Word's default cell margin is 108 twips (0.19 cm).
            let margin = between(t, "<w:tblCellMar>", "</w:tblCellMar>")
                .and_then(|m| between(m, "<w:left w:w=\"", "\""))
                .map_or(108, |v| v.parse().unwrap());
            let rows = t
                .split("<w:tr>")
                .skip(1)
                .map(|r| {
                    let props = between(r, "<w:trPr>", "</w:trPr>")
                        .unwrap_or("")
                        .to_string();
                    let cells = r
                        .split("<w:tc>")
                        .skip(1)
                        .map(|c| {
                            let span = between(c, "<w:gridSpan w:val=\"", "\"")
                                .map_or(1, |v| v.parse().unwrap());
                            let runs = c
                                .split("<w:r>")
                                .skip(1)
                                .map(|run| {
                                    let run = run.split("</w:r>").next().unwrap();
                                    let rpr = between(run, "<w:rPr>", "</w:rPr>").unwrap_or("");
                                    // Table text is 9.5 pt unless the run says otherwise.
                                    let size = between(rpr, "<w:sz w:val=\"", "\"")
                                        .map_or(19, |v| v.parse().unwrap());
                                    let text =
                                        between(run, "<w:t xml:space=\"preserve\">", "</w:t>")
                                            .unwrap_or("")
                                            .to_string();
                                    (size, rpr.contains("<w:b />"), text)
                                })
                                .collect();
                            (span, runs)
                        })
                        .collect();
                    (props, cells)
                })
                .collect();
            Tbl { grid, margin, rows }
        })
        .collect()
}

#[test]
fn docx_tables_fit_their_words_bold_headers_and_rows_that_stay_whole() {
    let (dir, _) = group();
    let out = tempfile::tempdir().unwrap();
    let docx = out.path().join("verslag.docx");
    build_docx(dir.path(), &docx, &[]);
    let doc = part(&unzip(&docx), "word/document.xml");
    let tables = tables(&doc);
    assert!(tables.len() >= 15, "{} tabellen", tables.len());
    let mut squeezed = Vec::new();
    for t in &tables {
        assert_eq!(
            t.grid.iter().sum::<u32>(),
            9072,
            "tabel niet op tekstbreedte"
        );
        for (i, (props, cells)) in t.rows.iter().enumerate() {
            // Only the first row is a header row (repeated on every page);
            // every other row of this short fixture stays on one page.
            assert_eq!(
                props.contains("<w:tblHeader />"),
                i == 0,
                "rij {i}: {props}"
            );
            assert!(
                props.contains("<w:cantSplit />"),
                "rij {i} kan breken: {props}"
            );
            let mut col = 0;
            for (span, runs) in cells {
                let width: u32 = t.grid[col..col + span].iter().sum();
                col += span;
                for (size, bold, text) in runs {
                    if i == 0 && !text.is_empty() {
                        assert!(bold, "kopcel {text:?} is niet vet");
                    }
                    // No word wider than its column: a letter is at least
                    // half an em (size/2 pt = size·10 twips).
                    for word in text.split_whitespace() {
                        let need = word.chars().count() as u32 * size * 5 + 2 * t.margin;
                        if need > width {
                            squeezed.push(format!("{word:?} ({need} > {width} twips)"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        squeezed.is_empty(),
        "woorden breken in te smalle kolommen: {squeezed:?}"
    );
    // Labels of form fields and questions are bold in the text itself, not
    // only in the paragraph mark.
    let bold = |needle: &str| {
        tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.1)
            .any(|c| {
                c.1.iter()
                    .any(|(_, b, text)| *b && text.starts_with(needle))
            })
    };
    for label in [
        "Specifiek",
        "Tijdgebonden",
        "1. Hoe lang woont u al in de wijk?",
        "Datum",
    ] {
        assert!(bold(label), "{label:?} is niet vet");
    }
}

/// A table's source line never starts a page on its own: the paragraphs
/// of the table's last row keep with the next paragraph (Word then keeps
/// the row and the source together). A table without a source line does
/// not hold on to what follows.
#[test]
fn docx_table_source_stays_with_its_last_row() {
    let (dir, _) = group();
    let out = dir.path().join("v.docx");
    build_docx(dir.path(), &out, &[]);
    let doc = part(&unzip(&out), "word/document.xml");
    let last_row_keeps = |table_end: usize| {
        let row = &doc[doc[..table_end].rfind("<w:tr>").expect("a row")..table_end];
        let props: Vec<&str> = row.split("<w:pPr>").skip(1).collect();
        assert!(!props.is_empty(), "{row}");
        props
            .iter()
            .all(|p| p[..p.find("</w:pPr>").unwrap()].contains("<w:keepNext />"))
    };
    let ends: Vec<usize> = doc.match_indices("</w:tbl>").map(|(i, _)| i).collect();
    let text_after = |end: usize| {
        let mut t = String::new();
        let mut rest = &doc[end..];
        while let Some(open) = rest.find("<w:t") {
            rest = &rest[open..];
            let start = rest.find('>').unwrap() + 1;
            if rest.starts_with("<w:t>") || rest.starts_with("<w:t ") {
                let close = rest.find("</w:t>").unwrap();
                t.push_str(&rest[start..close]);
                if t.len() > 40 {
                    break;
                }
            }
            rest = &rest[start..];
        }
        t
    };
    let with_source = ends
        .iter()
        .find(|&&e| text_after(e).starts_with("Bron: Centraal Bureau voor de Statistiek"))
        .expect("de CBS-tabel met bronregel");
    assert!(last_row_keeps(*with_source), "bronregel los van de tabel");
    let without = ends
        .iter()
        .find(|&&e| !text_after(e).starts_with("Bron:"))
        .expect("een tabel zonder bronregel");
    assert!(
        !last_row_keeps(*without),
        "tabel zonder bron houdt vast aan wat volgt"
    );
}

/// A chart in the DOCX reads as in the PDF: the picture, then "Figuur N: …"
/// under it, then the source line (it was the caption above the chart).
#[test]
fn docx_chart_caption_and_source_come_under_the_chart() {
    let (dir, _) = group();
    let out = dir.path().join("v.docx");
    build_docx(dir.path(), &out, &[]);
    let doc = part(&unzip(&out), "word/document.xml");
    let raw: Vec<&str> = doc
        .split("<w:p>")
        .flat_map(|s| s.split("<w:p "))
        .skip(1)
        .map(|p| p.split("</w:p>").next().unwrap_or(""))
        .collect();
    let texts = paragraphs(&doc);
    assert_eq!(raw.len(), texts.len());
    let at = texts
        .iter()
        .position(|(_, t)| t.ends_with(": Bereik van de koffieochtend"))
        .expect("bijschrift van de grafiek");
    assert_eq!(texts[at].0, "Caption");
    assert!(
        raw[at - 1].contains("<w:drawing>"),
        "boven het bijschrift hoort de grafiek te staan, niet: {:?}",
        texts[at - 1]
    );
    assert!(
        texts[at + 1]
            .1
            .contains("Centraal Bureau voor de Statistiek"),
        "onder het bijschrift hoort de bron te staan, niet: {:?}",
        texts[at + 1]
    );
}

/// A footnote referred to twice is one note whose number is printed twice,
/// in the PDF and in Word; a note that refers to itself still builds; a bare
/// web address is a link in both.
#[test]
fn a_footnote_used_twice_is_one_note_and_addresses_are_links() {
    let chapter = "Een verwijzing[^a] en nog eens dezelfde[^a]. Zie https://www.groningen.nl/beijum/rapport.pdf.\n\nTekst[^z].\n\n# Slot[^k]\n\nNog een[^m].\n\n[^a]: De gedeelde voetnoot.\n\n[^z]: Zie ook [^z].\n\n[^k]: De kopnoot.\n\n[^m]: De laatste.\n";
    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/1-wijk-bepalen.md", chapter),
    ]);
    let pdf = dir.path().join("v.pdf");
    build_docx(dir.path(), &pdf, &["--docx"]);

    let text = pdf_text(&pdf);
    assert!(
        squash(&text).contains(&squash("Een verwijzing1 en nog eens dezelfde1.")),
        "{text}"
    );
    assert_eq!(text.matches("De gedeelde voetnoot.").count(), 1, "{text}");
    assert!(squash(&text).contains(&squash("2Zie ook 2.")), "{text}");
    // A note in a heading is printed once, not again from the contents, and
    // the numbers after it run on.
    assert_eq!(text.matches("De kopnoot.").count(), 1, "{text}");
    assert!(squash(&text).contains(&squash("Nog een4.")), "{text}");
    assert!(squash(&text).contains(&squash("4De laatste.")), "{text}");
    // The links a reader can click, as poppler lists them.
    require_tool("pdfinfo");
    let urls = std::process::Command::new("pdfinfo")
        .args(["-url", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let urls = String::from_utf8_lossy(&urls.stdout);
    assert!(
        urls.lines()
            .any(|l| l.ends_with("Annotation    https://www.groningen.nl/beijum/rapport.pdf")),
        "{urls}"
    );

    let entries = unzip(&dir.path().join("v.docx"));
    let doc = part(&entries, "word/document.xml");
    let notes = part(&entries, "word/footnotes.xml");
    assert_eq!(notes.matches("De gedeelde voetnoot.").count(), 1);
    assert_eq!(
        doc.matches("<w:footnoteReference ").count(),
        4,
        "a, z, k en m"
    );
    assert!(
        doc.contains(
            "<w:rStyle w:val=\"FootnoteReference\" /></w:rPr><w:t xml:space=\"preserve\">1</w:t>"
        ),
        "het nummer van de eerste noot ontbreekt bij de tweede verwijzing"
    );
    assert!(doc.contains("https://www.groningen.nl/beijum/rapport.pdf"));
    let rels = part(&entries, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("Target=\"https://www.groningen.nl/beijum/rapport.pdf\""),
        "{rels}"
    );
}

/// Control characters (Word's Shift+Enter pasted as a vertical tab, a bell,
/// an escape in verslag.toml) are forbidden in XML: they become spaces, so
/// Word can open the file, and the PDF/A build finds a glyph for every
/// character.
#[test]
fn control_characters_do_not_break_the_docx() {
    let (dir, _) = group();
    let chapter = std::fs::read_dir(dir.path().join("hoofdstukken"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("\nEen regel\u{b}met een verticale tab en een bel\u{7}erin.\n");
    std::fs::write(&chapter, text).unwrap();
    let toml_path = dir.path().join("verslag.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap().replacen(
        "naam = \"",
        "naam = \"Fatima\\u000bel ",
        1,
    );
    std::fs::write(&toml_path, toml).unwrap();
    let out = dir.path().join("uit.docx");
    build_docx(dir.path(), &out, &["--pdfa"]);
    for (name, bytes, _) in unzip(&out) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let bad = bytes
                .iter()
                .find(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
            assert!(bad.is_none(), "{name} bevat stuurteken {bad:?}");
        }
    }
    let document = part(&unzip(&out), "word/document.xml");
    assert!(document.contains("Een regel met een verticale tab en een bel erin."));
    let core = part(&unzip(&out), "docProps/core.xml");
    assert!(core.contains("Fatima el "), "{core}");
}
