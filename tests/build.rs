//! `wijkverslag build`: what a reader of the PDF sees, and what a student
//! sees when the input is wrong.

mod common;

use common::*;
use std::path::Path;

fn group(chapter1: &str) -> tempfile::TempDir {
    fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/1-wijk-bepalen.md", chapter1),
    ])
}

#[test]
fn sample_has_title_page_contents_chapters_and_back_matter() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("beijum.pdf");
    let (code, err) = build_pdf(&sample(), &pdf);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&pdf);
    for needle in [
        "Wijkanalyse Beijum",
        "Noorderpoort",
        "SW4A",
        "23 december 2019",
        "Inhoudsopgave",
        "Literatuurlijst",
        "Bijlagen",
        // The title of a Markdown table, from "Tabel: …" above it.
        "Tabel 1: Wie doet wat, en wanneer is het klaar",
    ] {
        assert!(text.contains(needle), "{needle} ontbreekt in de PDF");
    }
    // The eight chapter titles in order, after the table of contents.
    let body = &text[text.find("Inhoudsopgave").unwrap()..];
    let body = &body[body.find("Bijlage C").unwrap()..];
    let titles = [
        "1 Wijk bepalen",
        "2 Demografische en epidemiologische",
        "3 Observatie van de wijk",
        "4 De verhalen achter de gegevens",
        "5 Het sociale netwerk",
        "6 Checklist wijkdiagnose",
        "7 Wijkdiagnose",
        "8 Interventies",
        "Literatuurlijst",
        "Bijlagen",
    ];
    let mut at = 0;
    for t in titles {
        let found = body[at..]
            .find(t)
            .unwrap_or_else(|| panic!("{t} niet (op volgorde) gevonden"));
        at += found + t.len();
    }
    assert!(
        text.contains("Figuur 1:"),
        "geen genummerd figuuronderschrift"
    );
    // The citation may break across lines, so compare without whitespace.
    assert!(
        squash(&text).contains(&squash("(Centraal Bureau voor de Statistiek, 2017)")),
        "geen verwijzing"
    );
    // APA 7 in the text: surnames only, "et al." from three authors on; the
    // literature list keeps every author with initials.
    let flat = squash(&text);
    assert!(
        flat.contains(&squash("(Spierts et al., 2017)")),
        "geen et al."
    );
    assert!(
        !flat.contains(&squash("(Spierts, M., Sprinkhuizen")),
        "alle auteurs met voorletters in de tekst"
    );
    assert!(
        flat.contains(&squash("Spierts, M., Sprinkhuizen, A., Scholte, M.")),
        "de literatuurlijst mist auteurs"
    );
}

#[test]
fn student_text_comes_out_exactly_as_typed() {
    let word200: String = "abcdefghij".repeat(20);
    let hostile = [
        r#"#read("/etc/passwd")"#,
        "$x^2$",
        "<label>",
        "@ref",
        r"a \ b",
        "] [",
        "{x}",
        "`code`",
        "مرحبا بكم في بيوم",
        "שלום לכולם",
        "👩‍👩‍👧 en 👍🏽",
        "İstanbul ğüşıöç Łódź źżćń",
        word200.as_str(),
    ];
    let mut toml = MINIMAL_TOML.to_string();
    toml.push_str("\n[interview]\nrespondent = \"Bewoner\"\n");
    for h in &hostile {
        toml.push_str(&format!(
            "[[interview.vragen]]\nvraag = {}\nantwoord = \"x\"\n",
            toml_string(h)
        ));
    }
    let dir = fixture(&[
        ("verslag.toml", &toml),
        (
            "hoofdstukken/1-wijk.md",
            "Tekst #read(\"/etc/passwd\") en $x^2$ en @ref en {x} en ] [ hier.\n",
        ),
    ]);
    let pdf = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    let text = squash(&pdf_text(&pdf)).replace('-', "");
    for h in hostile {
        let want = squash(h).replace('-', "");
        assert!(text.contains(&want), "niet letterlijk in de PDF: {h}");
    }
    assert!(text.contains(&squash(
        "Tekst #read(\"/etc/passwd\") en $x^2$ en @ref en {x} en ] [ hier."
    )));
    assert!(
        !text.contains("root:x:0"),
        "een bestand buiten de groep is gelezen"
    );
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn two_builds_give_identical_bytes() {
    let dir = group("# Eerste\n\nTekst [@cbs2017].\n");
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    assert_eq!(build_pdf(dir.path(), &a).0, 0);
    assert_eq!(build_pdf(dir.path(), &b).0, 0);
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn a_chapter_saved_in_another_format_is_named_and_md_in_capitals_counts() {
    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        (
            "hoofdstukken/1-wijk-bepalen.MD",
            "Hoofdletters in de extensie.\n",
        ),
        ("hoofdstukken/4-verhalen.docx", "geen markdown"),
    ]);
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: hoofdstukken/4-verhalen.docx: dit bestand wordt niet gelezen: alleen Markdown-bestanden (.md) zijn hoofdstukken\n  tip: zet de tekst in `hoofdstukken/4-verhalen.md`"),
        "{err}"
    );
    let text = squash(&pdf_text(&out));
    assert!(text.contains(&squash("Hoofdletters in de extensie.")));
    assert!(text.contains(&squash("Hoofdstuk 4 is nog niet geschreven.")));
}

#[test]
fn title_page_date_is_datum_else_inleverdatum_else_today() {
    let cases = [
        (
            "datum = 2019-12-20\ninleverdatum = 2019-12-23\n",
            "20 december 2019",
        ),
        ("inleverdatum = 2019-12-23\n", "23 december 2019"),
        // Neither: today, here the day of SOURCE_DATE_EPOCH (1 March 2020).
        ("", "1 maart 2020"),
    ];
    for (dates, expected) in cases {
        let toml = MINIMAL_TOML.replace("inleverdatum = 2019-12-23\n", dates);
        let dir = fixture(&[("verslag.toml", &toml)]);
        let out = dir.path().join("v.pdf");
        let status = bin()
            .arg("build")
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", "1583020800")
            .output()
            .unwrap();
        assert!(status.status.success());
        let page1 = pdf_text(&out);
        let page1 = &page1[..page1.find('\u{c}').unwrap_or(page1.len())];
        // pdftotext gives the labels of the title page's table, then the values.
        assert!(
            page1.contains("\nDatum\n") && page1.contains(expected),
            "{dates:?}: {page1}"
        );
    }
}

#[test]
fn output_that_is_no_report_name_is_refused_before_anything_is_written() {
    let dir = group("Tekst.\n");
    let toml = dir.path().join("verslag.toml");
    let before = std::fs::read(&toml).unwrap();
    let (code, err) = build_pdf(dir.path(), &toml);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("de naam moet eindigen op .pdf of .docx, bijvoorbeeld verslag.pdf"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&toml).unwrap(),
        before,
        "verslag.toml is untouched"
    );
}

const SQUARE_SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;

/// A group whose chapter 1 is `chapter`, with a small drawing at fotos/x.svg.
fn group_with_square(chapter: &str) -> tempfile::TempDir {
    fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/1-wijk-bepalen.md", chapter),
        ("fotos/x.svg", SQUARE_SVG),
    ])
}

#[test]
fn an_image_where_no_figure_fits_is_an_error_with_its_line() {
    let chapter = "Tekst.\n\n| a | b |\n|---|---|\n| x | ![In tabel](../fotos/x.svg) |\n\n[![In link](../fotos/x.svg)](https://example.org)\n\nTekst *met ![schuin](../fotos/x.svg)* erin.\n\n# Kop ![in kop](../fotos/x.svg)\n";
    let dir = group_with_square(chapter);
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "fout: hoofdstukken/1-wijk-bepalen.md:5: een afbeelding kan niet in een tabel staan\n  tip: zet de foto op een eigen regel boven of onder de tabel",
        "fout: hoofdstukken/1-wijk-bepalen.md:7: een afbeelding kan niet in een link staan",
        "fout: hoofdstukken/1-wijk-bepalen.md:9: een afbeelding kan niet in vette, schuine of doorgehaalde tekst staan",
        "fout: hoofdstukken/1-wijk-bepalen.md:11: een afbeelding kan niet in een kop staan",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    assert!(!out.exists());
}

#[test]
fn a_caption_cites_like_any_other_text() {
    let chapter = "![Speeltuin volgens de gemeente [@cbs2017, p. 3]](../fotos/x.svg)\n";
    let dir = group_with_square(chapter);
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(squash(&pdf_text(&out)).contains(&squash(
        "Figuur 1: Speeltuin volgens de gemeente (Centraal Bureau voor de Statistiek, 2017, p. 3)"
    )));

    std::fs::write(
        dir.path().join("hoofdstukken/1-wijk-bepalen.md"),
        "Tekst.\n\n![Foto [@cbs2071]](../fotos/x.svg)\n",
    )
    .unwrap();
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("fout: hoofdstukken/1-wijk-bepalen.md:3: de bron `cbs2071` staat niet in [[bronnen]] van verslag.toml\n  tip: bedoelde je `[@cbs2017]`?"),
        "{err}"
    );
}

/// Page 1 at 40 dpi: (bottom row of the coloured title band, last row of
/// white text inside it).
fn title_band(pdf: &Path) -> (u32, u32) {
    require_tool("pdftoppm");
    let prefix = pdf.with_extension("");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let page = image::open(prefix.with_extension("png")).unwrap().to_rgb8();
    let teal = |x: u32, y: u32| {
        let [r, g, b] = page.get_pixel(x, y).0;
        r < 100 && g > 60 && b > 60 && g < 150
    };
    let band = (0..page.height()).rev().find(|&y| teal(2, y)).unwrap();
    let text = (0..band)
        .rev()
        .find(|&y| (40..page.width() - 40).any(|x| page.get_pixel(x, y).0.iter().all(|&c| c > 200)))
        .unwrap();
    (band, text)
}

#[test]
fn a_long_title_stays_whole_on_the_title_page() {
    let long = "Wijkanalyse Beijum: eenzaamheid onder ouderen, schulden bij jonge gezinnen en een verouderde speeltuin in een groene wijk aan de rand van de stad";
    let toml = MINIMAL_TOML.replace("Wijkanalyse Testwijk", long).replace(
        "[verslag]\n",
        "[verslag]\nondertitel = \"Opdracht Wijkgericht werken\"\n",
    );
    let dir = fixture(&[("verslag.toml", &toml)]);
    let out = dir.path().join("lang.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    let (band, text) = title_band(&out);
    // 0.5 cm of band below the subtitle: nothing is cut off at its edge.
    assert!(band - text >= 8, "band ends at {band}, text at {text}");
    // And the band grew: the usual band is 9.5 cm (150 px at 40 dpi).
    assert!(band > 160, "band ends at {band}");
}

#[test]
fn an_unclosed_comment_that_hides_the_rest_is_named() {
    let dir = group(
        "Eerste alinea.\n\n<!-- vraag: wat zagen jullie? -->\n\n```\n<!-- in code -->\n```\n\n<!-- nog uitwerken\n\nDeze tekst verdwijnt.\n",
    );
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: hoofdstukken/1-wijk-bepalen.md:9: dit commentaar (<!--) wordt nergens gesloten: alle tekst erna komt niet in het verslag"),
        "{err}"
    );
    assert_eq!(err.matches("wordt nergens gesloten").count(), 1, "{err}");
    // `check` names it as well, for a student who only runs check.
    let (_, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert!(
        out.contains("  waarschuwing: hoofdstukken/1-wijk-bepalen.md:9: dit commentaar (<!--) wordt nergens gesloten"),
        "{out}"
    );
}

/// The chapter title repeated as the first heading and a heading too deep:
/// named once by `build` and by `check`, and the title is printed once.
#[test]
fn heading_warnings_reach_build_and_check_once() {
    let dir = group(
        "# Hoofdstuk 1: Wijk bepalen\n\nTekst.\n\n# Onze wijk\n\n#### Te diep\n\nMeer tekst.\n",
    );
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    let title = "waarschuwing: hoofdstukken/1-wijk-bepalen.md:1: de kop \"Hoofdstuk 1: Wijk bepalen\" herhaalt de titel van het hoofdstuk en is weggelaten";
    let deep = "waarschuwing: hoofdstukken/1-wijk-bepalen.md:7: deze kop (####) is dieper dan het verslag nummert; hij wordt gedrukt als ###";
    for w in [title, deep] {
        assert_eq!(err.matches(w).count(), 1, "{err}");
    }
    let text = pdf_text(&out);
    assert!(!text.contains("Hoofdstuk 1: Wijk bepalen"), "{text}");
    assert!(squash(&text).contains(&squash("1.1 Onze wijk")), "{text}");
    let (_, report, _) = run(&["check", dir.path().to_str().unwrap()]);
    for w in [title, deep] {
        assert_eq!(report.matches(w).count(), 1, "{report}");
    }
}

#[test]
fn outputs_get_the_mode_of_a_normal_file() {
    let dir = group("Tekst.\n");
    let out = dir.path().join("uit/verslag.pdf");
    let mut cmd = bin();
    cmd.arg("build")
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .arg("--docx");
    let status = under_umask_022(&cmd).status().unwrap();
    assert!(status.success());
    // 0600 (tempfile's private mode) would hide the report from a web
    // server or a shared class folder.
    assert_eq!(file_mode(&out), 0o644);
    assert_eq!(file_mode(&out.with_extension("docx")), 0o644);
}

#[test]
fn missing_chapter_shows_placeholder_and_warns() {
    let dir = group("Tekst.\n");
    let pdf = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0);
    assert!(err.contains("waarschuwing: hoofdstukken/2-….md: hoofdstuk 2 (Demografische en epidemiologische gegevens) is nog niet geschreven"), "{err}");
    assert!(
        err.contains("tip: maak het bestand hoofdstukken/2-gegevens.md"),
        "{err}"
    );
    assert!(pdf_text(&pdf).contains("Hoofdstuk 2 is nog niet geschreven."));
}

#[test]
fn unknown_citation_names_file_and_line() {
    let dir = group("Regel een.\n\nZie [@cbs2071].\n");
    let pdf = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "hoofdstukken/1-wijk-bepalen.md:3: de bron `cbs2071` staat niet in [[bronnen]]"
        ),
        "{err}"
    );
    assert!(err.contains("bedoelde je `[@cbs2017]`?"), "{err}");
    assert!(!pdf.exists(), "er is een PDF achtergebleven na een fout");
}

#[test]
fn misspelt_key_suggests_the_right_one() {
    let toml = MINIMAL_TOML.replace("titel = \"Wijkanalyse", "titl = \"Wijkanalyse");
    let dir = fixture(&[("verslag.toml", &toml)]);
    let (code, err) = build_pdf(dir.path(), &dir.path().join("uit.pdf"));
    assert_eq!(code, 1);
    assert!(
        err.contains("verslag.toml:2:1: onbekende sleutel `titl`"),
        "{err}"
    );
    assert!(err.contains("tip: bedoelde je `titel`?"), "{err}");
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    // The mistakes students make most, each with its place, Dutch cause and fix.
    let cases = [
        (
            "wijk = \"Beijum",
            "fout: verslag.toml:3:15: de tekst heeft geen sluitend aanhalingsteken\n  tip: zet aan het eind van de tekst een \"",
        ),
        (
            "wijk = Beijum",
            "fout: verslag.toml:3:8: hier ontbreekt een waarde, of de tekst staat niet tussen aanhalingstekens\n  tip: schrijf tekst tussen aanhalingstekens",
        ),
        (
            "wijk \"Beijum\"",
            "fout: verslag.toml:3:6: na de sleutel ontbreken het = teken en de waarde",
        ),
        (
            "wijk = \"Beijum\" Oost",
            "fout: verslag.toml:3:17: na de waarde staat nog iets op dezelfde regel",
        ),
        (
            "wijk = \"Beijum\"\ndatum = 2019-13-45",
            "fout: verslag.toml:4:9: deze datum bestaat niet\n  tip: schrijf een datum als jjjj-mm-dd",
        ),
        (
            "wijk = \"Beijum\"\ndatum = 23-12-2019",
            "fout: verslag.toml:4:9: 23-12-2019 is hier geen datum: TOML schrijft een datum als jaar-maand-dag\n  tip: schrijf 2019-12-23, zonder aanhalingstekens",
        ),
        // A paragraph pasted between single quotes: the parser stumbles on
        // line 5 ("the = sign is missing"); the text began on line 3.
        (
            "wijk = \"Beijum\n\nis een wijk.\"",
            "fout: verslag.toml:3: de tekst van `wijk` begint hier met \" maar loopt door tot de \" op regel 5; tussen enkele \" moet een tekst op één regel staan\n  tip: zet de tekst op één regel met een \" aan het eind; is het meer dan één alinea, zet de tekst dan tussen \"\"\" en \"\"\"",
        ),
        (
            "wijk = \"Beijum \"Oost\" Groningen\"",
            "fout: verslag.toml:3:17: er staat een \" midden in de tekst: daar houdt de tekst voor TOML op\n  tip: schrijf een \" binnen de tekst als \\\"",
        ),
        (
            "wijk = 'Beijum, 's avonds'",
            "fout: verslag.toml:3:18: er staat een ' midden in de tekst: daar houdt de tekst voor TOML op\n  tip: zet de tekst tussen \" \": daarbinnen mag een '",
        ),
    ];
    for (line, want) in cases {
        let toml = MINIMAL_TOML.replace("wijk = \"Beijum\"", line);
        let dir = fixture(&[("verslag.toml", &toml)]);
        let pdf = dir.path().join("uit.pdf");
        let (code, err) = build_pdf(dir.path(), &pdf);
        assert_eq!(code, 1, "{line}: {err}");
        assert!(err.starts_with(want), "{line}:\n{err}");
        assert!(!pdf.exists(), "{line}: er is toch een PDF geschreven");
    }
}

/// `"bijlagen\fotos.md"` reads as "bijlagen", a page break and "otos.md":
/// the message shows the path as typed and the fix, not a missing file
/// with an invisible character in its name.
#[test]
fn a_windows_path_in_verslag_toml_is_named_as_typed() {
    let toml = format!(
        "{MINIMAL_TOML}\n[[bijlagen]]\ntitel = \"Foto's\"\nbestand = \"bijlagen\\fotos.md\"\n"
    );
    let dir = fixture(&[("verslag.toml", &toml), ("bijlagen/fotos.md", "# Foto's\n")]);
    let (code, err) = build_pdf(dir.path(), &dir.path().join("uit.pdf"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("fout: verslag.toml:17:11: in \"bijlagen\\fotos.md\" leest TOML een \\ met de letter erna als een speciaal teken, niet als map; schrijf / tussen mappen: \"bijlagen/fotos.md\""),
        "{err}"
    );
    // Written with \\, as TOML wants it, the path works.
    let toml = toml.replace("\\fotos", "\\\\fotos");
    let dir = fixture(&[("verslag.toml", &toml), ("bijlagen/fotos.md", "# Foto's\n")]);
    let (code, err) = build_pdf(dir.path(), &dir.path().join("uit.pdf"));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn hostile_image_paths_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("geheim.jpg"), b"nee").unwrap();
    let cases = [
        ("![x](../../../../../../etc/passwd)", "buiten de groepsmap"),
        ("![x](/etc/passwd)", "absoluut pad"),
        ("![x](https://example.org/a.jpg)", "webadres"),
        ("![x](../fotos/bestaat-niet.jpg)", "bestaat niet"),
        (
            "![x](../fotos/link.jpg)",
            "`fotos/link.jpg` wijst naar een plek buiten de groepsmap",
        ),
        ("![x](../fotos)", "`fotos` is een map, geen bestand"),
    ];
    for (md, want) in cases {
        let dir = group(&format!("Tekst.\n\n{md}\n"));
        std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("geheim.jpg"),
            dir.path().join("fotos/link.jpg"),
        )
        .unwrap();
        let pdf = dir.path().join("uit.pdf");
        let (code, err) = build_pdf(dir.path(), &pdf);
        assert_eq!(code, 1, "{md}: {err}");
        assert!(
            err.contains("hoofdstukken/1-wijk-bepalen.md:3:"),
            "{md}: {err}"
        );
        assert!(err.contains(want), "{md}: {err}");
        assert!(!pdf.exists());
    }
}

#[test]
fn links_out_of_the_group_are_named_as_such() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("wijken.csv"), "a;b\n").unwrap();
    std::fs::write(outside.path().join("verslag.toml"), MINIMAL_TOML).unwrap();

    let toml = MINIMAL_TOML.replace(
        "inleverdatum",
        "cbs = { bestand = \"data/wijken.csv\", code = \"WK001411\" }\ninleverdatum",
    );
    let dir = fixture(&[("verslag.toml", &toml)]);
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("wijken.csv"),
        dir.path().join("data/wijken.csv"),
    )
    .unwrap();
    let (code, err) = build_pdf(dir.path(), &dir.path().join("v.pdf"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "verslag.toml:4:19: `data/wijken.csv` wijst naar een plek buiten de groepsmap"
        ),
        "{err}"
    );

    let dir = fixture(&[("hoofdstukken/1-wijk-bepalen.md", "Tekst.\n")]);
    std::os::unix::fs::symlink(
        outside.path().join("verslag.toml"),
        dir.path().join("verslag.toml"),
    )
    .unwrap();
    let (code, err) = build_pdf(dir.path(), &dir.path().join("v.pdf"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("/verslag.toml: `verslag.toml` wijst naar een plek buiten de groepsmap"),
        "{err}"
    );
    assert!(
        err.contains("tip: zet verslag.toml zelf in de groepsmap"),
        "{err}"
    );
}

#[test]
fn chart_values_that_are_no_numbers_are_named_for_what_they_are() {
    let toml = format!(
        "{MINIMAL_TOML}\n[[grafieken]]\nhoofdstuk = 2\ntitel = \"T\"\nsoort = \"staaf\"\nlabels = [\"a\", \"b\"]\nreeksen = [{{ naam = \"x\", waarden = [nan, 1e19] }}]\n"
    );
    let dir = fixture(&[("verslag.toml", &toml)]);
    let (code, err) = build_pdf(dir.path(), &dir.path().join("v.pdf"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("een waarde is geen gewoon getal (nan, inf of groter dan 10^15)"),
        "{err}"
    );
    assert!(!err.contains("taartgrafiek"), "{err}");
}

#[test]
fn zip_slip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("groep.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("verslag.toml", opts).unwrap();
    std::io::Write::write_all(&mut zip, MINIMAL_TOML.as_bytes()).unwrap();
    zip.start_file("../../boos.txt", opts).unwrap();
    std::io::Write::write_all(&mut zip, b"x").unwrap();
    zip.finish().unwrap();
    let (code, _, err) = run(&["build", zip_path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("de zip bevat een pad dat buiten de map wijst: `../../boos.txt`"),
        "{err}"
    );
}

#[test]
fn a_zipped_group_builds() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("groep-test.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("groep-test/verslag.toml", opts).unwrap();
    std::io::Write::write_all(&mut zip, MINIMAL_TOML.as_bytes()).unwrap();
    zip.start_file("groep-test/hoofdstukken/1-wijk.md", opts)
        .unwrap();
    std::io::Write::write_all(&mut zip, "Een zin uit de zip.\n".as_bytes()).unwrap();
    zip.finish().unwrap();
    let (code, _, err) = run(&["build", zip_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let pdf = dir.path().join("groep-test.pdf");
    assert!(pdf_text(&pdf).contains("Een zin uit de zip."));
}

#[test]
fn missing_folder_and_usage_errors() {
    let (code, _, err) = run(&["build", "/bestaat/niet"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/bestaat/niet: bestand of map bestaat niet"),
        "{err}"
    );
    let (code, _, _) = run(&["build"]);
    assert_eq!(code, 2);
}

/// An output place that cannot be one is named with "fout:" and what it
/// is: a folder given as the PDF (before any work), a file where the
/// output folder should be (build and batch alike).
#[test]
fn an_output_place_that_cannot_be_one_is_named() {
    let dir = group("Tekst.\n");
    let folder = dir.path().join("uit.pdf");
    std::fs::create_dir(&folder).unwrap();
    let (code, err) = build_pdf(dir.path(), &folder);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "fout: ongeldige waarde `{0}` voor `--uit <UIT.pdf>`: dat is een map; geef een bestandsnaam, bijvoorbeeld {0}/uit.pdf\n",
            folder.display()
        )),
        "{err}"
    );

    let file = dir.path().join("bestand");
    std::fs::write(&file, "x").unwrap();
    let expected = format!(
        "fout: {}: is een bestand, geen map; kies een andere plek voor de uitvoer\n",
        file.display()
    );
    let pdf = file.join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!((code, err.ends_with(&expected)), (1, true), "{err}");
    let klas = fixture(&[("groep-a/verslag.toml", MINIMAL_TOML)]);
    let (code, _, err) = run(&[
        "batch",
        klas.path().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!((code, err.as_str()), (1, expected.as_str()));
}

/// A character no font has is refused with its line, once per character;
/// the characters of one line are named together, and `check` finds them
/// too, so that its "geen fouten" means `build` succeeds.
#[test]
fn character_without_font_is_reported_with_place() {
    let dir = group(
        "Regel een.\n\nHier staat \u{1D2E0} een Maya-cijfer.\n\nRunen: \u{16A0}\u{16A2} en weer \u{1D2E0}.\n",
    );
    let expected = "fout: hoofdstukken/1-wijk-bepalen.md:3: het teken \"\u{1D2E0}\" (U+1D2E0) staat in geen enkel lettertype van wijkverslag en zou als leeg vakje gedrukt worden\n  tip: vervang het teken, of geef een lettertype dat het wel heeft met --lettertypen MAP\nfout: hoofdstukken/1-wijk-bepalen.md:5: de tekens \"\u{16A0}\" (U+16A0) en \"\u{16A2}\" (U+16A2) staan in geen enkel lettertype van wijkverslag en zouden als lege vakjes gedrukt worden\n  tip: vervang de tekens, of geef een lettertype dat ze wel heeft met --lettertypen MAP\n";
    let (code, err) = build_pdf(dir.path(), &dir.path().join("uit.pdf"));
    assert_eq!((code, err.as_str()), (1, expected));
    assert!(!dir.path().join("uit.pdf").exists());
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    for line in expected.lines() {
        assert!(out.contains(&format!("  {line}\n")), "{line}\n{out}");
    }
}

#[test]
fn pdfa_and_emit_typst() {
    let dir = group("Tekst.\n");
    let pdf = dir.path().join("uit.pdf");
    let project = dir.path().join("project");
    let (code, _, err) = run(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--pdfa",
        "--emit-typst",
        project.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.windows(11).any(|w| w == b"pdfaid:part"),
        "geen PDF/A-metadata"
    );
    for f in [
        "main.typ",
        "verslag.json",
        "sjablonen/verslag.typ",
        "lettertypen/wijkverslag-0.ttf",
    ] {
        assert!(
            project.join(f).exists(),
            "{f} ontbreekt in het Typst-project"
        );
    }
}

/// With a klas.toml beside the group, its `[verslag]` defaults fill in what
/// the group left out, and errors still name the group's own lines.
#[test]
fn class_defaults_keep_the_line_numbers_of_verslag_toml() {
    let klas = "[verslag]\nschool = \"Noorderpoort\"\nklas = \"SW4A\"\ndocent = \"J. de Vries\"\ninleverdatum = 2019-12-23\n";
    let verslag = "[verslag]\ntitel = \"Wijkanalyse Beijum\"\nwijk = \"Beijum\"\n\n[[groepsleden]]\nnaam = \"Test Student\"\nstudentnumer = \"1\"\n";
    let dir = fixture(&[("klas.toml", klas), ("groep/verslag.toml", verslag)]);
    let group = dir.path().join("groep");
    let pdf = dir.path().join("groep.pdf");
    let (code, err) = build_pdf(&group, &pdf);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("fout: verslag.toml:7:1: onbekende sleutel `studentnumer`"),
        "{err}"
    );
    // A second mistake below the first is reported in the same run, on its
    // own line of verslag.toml.
    let two = format!(
        "{verslag}\n[[bronnen]]\nid = \"cbs\"\nauteur = \"CBS\"\njaar = \"2017\"\ntitel = \"Kerncijfers\"\n"
    );
    std::fs::write(group.join("verslag.toml"), &two).unwrap();
    let (code, err) = build_pdf(&group, &pdf);
    assert_eq!(code, 1);
    assert!(
        err.contains("fout: verslag.toml:7:1: onbekende sleutel `studentnumer`")
            && err.contains("fout: verslag.toml:12:8: verkeerd soort waarde: tekst gevonden"),
        "{err}"
    );
    std::fs::write(
        group.join("verslag.toml"),
        verslag.replace("studentnumer", "studentnummer"),
    )
    .unwrap();
    let (code, err) = build_pdf(&group, &pdf);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&pdf);
    for default in ["Noorderpoort", "SW4A", "J. de Vries", "23 december 2019"] {
        assert!(
            text.contains(default),
            "{default} ontbreekt op de titelpagina"
        );
    }
}

/// Image paths as students on Windows and macOS write them: a space in the
/// name, other capitals than the file has.
#[test]
fn image_paths_with_spaces_or_other_capitals_are_explained() {
    let png = {
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(40, 30))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    let cases = [
        (
            "![Speeltuin](../fotos/mijn foto.png)",
            Some(
                "fout: hoofdstukken/1-wijk-bepalen.md:3: de afbeelding `../fotos/mijn foto.png` wordt niet herkend: er staat een spatie in het pad\n  tip: geef het bestand een naam zonder spaties (bijvoorbeeld mijn-foto.png), of zet het pad tussen punthaken: ![…](<../fotos/mijn foto.png>)",
            ),
        ),
        (
            "![Speeltuin](../Fotos/Mijn%20Foto.PNG)",
            Some(
                "fout: hoofdstukken/1-wijk-bepalen.md:3: de afbeelding `../Fotos/Mijn Foto.PNG` bestaat niet\n  tip: let op hoofdletters en kleine letters: het bestand heet `fotos/mijn foto.png`",
            ),
        ),
        ("![Speeltuin](<../fotos/mijn foto.png>)", None),
        ("![Speeltuin](../fotos/mijn%20foto.png \"50%\")", None),
    ];
    for (md, want) in cases {
        let dir = group(&format!("Tekst.\n\n{md}\n"));
        std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
        std::fs::write(dir.path().join("fotos/mijn foto.png"), &png).unwrap();
        let pdf = dir.path().join("uit.pdf");
        let (code, err) = build_pdf(dir.path(), &pdf);
        match want {
            Some(want) => {
                assert_eq!(code, 1, "{md}: {err}");
                assert!(err.starts_with(want), "{md}:\n{err}");
            }
            None => {
                assert_eq!(code, 0, "{md}: {err}");
                assert!(pdf_text(&pdf).contains("Figuur 1: Speeltuin"), "{md}");
            }
        }
    }
}

/// Every word of the PDF with its left and right edge in points.
fn word_boxes(pdf: &Path) -> Vec<(String, f64, f64)> {
    common::pdf_words(pdf, None)
        .into_iter()
        .map(|(w, [x_min, _, x_max, _])| (w, x_min, x_max))
        .collect()
}

/// The right edge (in points) of the rightmost word on any page.
fn rightmost_word(pdf: &Path) -> (f64, String) {
    word_boxes(pdf)
        .into_iter()
        .map(|(w, _, x_max)| (x_max, w))
        .fold((0.0, String::new()), |a, b| if b.0 > a.0 { b } else { a })
}

#[test]
fn long_inline_code_breaks_instead_of_running_past_the_margin() {
    let chapter = "# Werkwijze\n\nWe bewaarden de foto's als \
        `observatie_wijkcentrum_beijum_noordoost_zaterdagochtend_2019_foto_nummer_12_van_de_groep.jpg` \
        en de cijfers in `data/kerncijfers_wijken_en_buurten_groningen_2017_def.csv`; \
        zie ook `https://www.cbs.nl/nl-nl/maatwerk/2018/30/kerncijfers-wijken-en-buurten-2017`.\n";
    let dir = group(chapter);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    // A4 is 595 pt wide with 2.5 cm (71 pt) margins: text ends at 524 pt;
    // punctuation may hang a little past it.
    let (x_max, word) = rightmost_word(&out);
    assert!(x_max <= 528.0, "'{word}' loopt door tot {x_max} pt");
    // Breaking adds no characters: the names are found whole in the text.
    let text = squash(&pdf_text(&out));
    for name in [
        "observatie_wijkcentrum_beijum_noordoost_zaterdagochtend_2019_foto_nummer_12_van_de_groep.jpg",
        "data/kerncijfers_wijken_en_buurten_groningen_2017_def.csv",
    ] {
        assert!(text.contains(name), "{name} niet heel in de tekst");
    }
}

/// Pasted things without spaces (a code, a long address without a link, a
/// line of a log) wrap at the margin in a paragraph, a table cell and a
/// code block; a table of many columns of figures keeps every figure
/// apart from its neighbours.
#[test]
fn long_codes_and_wide_tables_stay_on_the_page() {
    let code = "ieqh524yng5by1a2rogubbb8ayn1b7o259owoo3sb09glshv616mts56zc4pz0lx9xf26gk7zx5b4ctzkk6oam89oz6ww3r9ay6i79n1d4x9m605w0wa88v3bol9lf9qcefb2arprhlwsekkq7krs3u54hbt";
    let figure = "12.345.678";
    let wide = format!(
        "| {} |\n|{}\n| {} |\n",
        ["A"; 14].join(" | "),
        "---|".repeat(14),
        [figure; 14].join(" | ")
    );
    let chapter = format!(
        "# Werkwijze\n\nDe code: {code} eind.\n\n| Naam | Waarde |\n|---|---|\n| lang | {code} |\n\n{wide}\n```\n{code}\n```\n"
    );
    let dir = group(&chapter);
    let out = dir.path().join("uit.pdf");
    let (code_, err) = build_pdf(dir.path(), &out);
    assert_eq!(code_, 0, "{err}");
    let (x_max, word) = rightmost_word(&out);
    assert!(x_max <= 528.0, "'{word}' loopt door tot {x_max} pt");
    // Wrapping adds no characters: joined again, each copy is whole.
    let text = pdf_text(&out).replace('\n', "");
    assert_eq!(text.matches(code).count(), 3, "{text}");
    // The figures of the wide table: 14 words, none overlapping the next.
    let mut boxes: Vec<(f64, f64)> = word_boxes(&out)
        .into_iter()
        .filter(|(w, _, _)| w == figure)
        .map(|(_, x_min, x_max)| (x_min, x_max))
        .collect();
    assert_eq!(boxes.len(), 14, "{boxes:?}");
    boxes.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in boxes.windows(2) {
        assert!(pair[0].1 < pair[1].0, "cijfers over elkaar: {boxes:?}");
    }
}

/// A link without an address, or one longer than a PDF link may be, prints
/// its words with a warning that names the line; a source with `url = ""`
/// is a source without an address. Before, Typst stopped the build with
/// "URL must not be empty", blamed on the program.
#[test]
fn empty_and_overlong_link_addresses_print_as_text() {
    let long = format!("https://example.org/{}", "a".repeat(8100));
    let chapter = format!(
        "# Werkwijze\n\nZie [de folder]() van de gemeente.\n\nEn [het rapport]({long}) ook.\n\nKaal: {long} eind.\n"
    );
    let toml = format!("{MINIMAL_TOML}url = \"\"\n");
    let dir = fixture(&[
        ("verslag.toml", &toml),
        ("hoofdstukken/1-wijk-bepalen.md", &chapter),
    ]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "waarschuwing: hoofdstukken/1-wijk-bepalen.md:3: de link `de folder` heeft geen adres\n  tip: schrijf het adres tussen de haakjes",
        "waarschuwing: hoofdstukken/1-wijk-bepalen.md:5: het adres van de link `het rapport` is te lang (meer dan 8000 tekens)",
    ] {
        assert!(err.contains(expected), "{err}");
    }
    let text = squash(&pdf_text(&out));
    for words in ["Zie de folder van de gemeente.", "En het rapport ook."] {
        assert!(text.contains(&squash(words)), "{words} ontbreekt");
    }
    // The bare address runs over pages (headers in between): its start.
    assert!(
        text.contains(&squash("Kaal: https://example.org/aaaaaaaaaa")),
        "het lange adres ontbreekt"
    );
}

/// An image tag that Markdown does not take for one (a space before the
/// parenthesis, no closing parenthesis, no `!`) is named: the photo would
/// otherwise be missing from the report without a word.
#[test]
fn a_broken_image_tag_is_named() {
    let chapter = "# Werkwijze\n\nTekst.\n\n![De speeltuin] (../fotos/x.svg)\n\nMeer.\n\n![Het plein](../fotos/x.svg\n\nZie [de bank](../fotos/x.svg).\n";
    let dir = group_with_square(chapter);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "waarschuwing: hoofdstukken/1-wijk-bepalen.md:5: deze afbeelding staat er als gewone tekst; de foto komt niet in het verslag\n  tip: schrijf ![onderschrift](../fotos/naam.jpg): zonder spatie tussen ] en (",
        "waarschuwing: hoofdstukken/1-wijk-bepalen.md:9: deze afbeelding staat er als gewone tekst",
        "waarschuwing: hoofdstukken/1-wijk-bepalen.md:11: de link `de bank` wijst naar een afbeelding, maar de foto komt niet in het verslag\n  tip: een foto begint met een uitroepteken: ![de bank](../fotos/x.svg)",
    ] {
        assert!(err.contains(expected), "{err}");
    }
    assert_eq!(err.matches("als gewone tekst").count(), 2, "{err}");
}

/// Every footnote is printed on the page of its number, wherever page breaks
/// fall. Typst's widow and orphan control could move the line with the
/// number to the next page and leave the note behind (typst#5314); 40
/// paragraphs of varied length, each with a note near its end, put notes at
/// many different heights around the page breaks.
#[test]
fn a_footnote_is_on_the_page_of_its_number() {
    let words = "de bewoners van de wijk vertelden ons over het buurthuis en de speeltuin";
    let words: Vec<&str> = words.split(' ').collect();
    let mut chapter = String::from("# Werkwijze\n\n");
    let mut notes = String::new();
    for i in 0..40 {
        let n = 30 + (i * 37) % 90;
        let filler: Vec<&str> = (0..n).map(|k| words[k % words.len()]).collect();
        let tail = (i * 5) % 13;
        chapter += &format!(
            "{} verwijzing{i:02}[^n{i}] {}.\n\n",
            filler.join(" "),
            words[..tail].join(" ")
        );
        notes += &format!("[^n{i}]: notitie{i:02} met een toelichting.\n");
    }
    chapter += &notes;
    let dir = group(&chapter);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&out);
    let pages: Vec<&str> = text.split('\x0c').collect();
    let page_of = |word: &str| {
        let found: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(word))
            .collect();
        assert_eq!(found.len(), 1, "{word} staat op pagina's {found:?}");
        found[0]
    };
    let wrong: Vec<String> = (0..40)
        .filter_map(|i| {
            let number = page_of(&format!("verwijzing{i:02}"));
            let note = page_of(&format!("notitie{i:02}"));
            (number != note).then(|| format!("noot {i}: nummer op {number}, noot op {note}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// A chapter or verslag.toml that is a named pipe is refused at once; a
/// read would wait forever.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_instead_of_read() {
    let dir = group("# Werkwijze\n\nTekst.\n");
    let pipe = dir.path().join("hoofdstukken/3-observatie.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("hoofdstukken/3-observatie.md` is geen gewoon bestand"),
        "{err}"
    );
    assert!(!out.exists());
}

/// `[windshield]` written twice is one survey in two pieces: the tip says to
/// join them, not to write `[[windshield]]`, which would be a second error.
#[test]
fn a_repeated_table_that_exists_once_is_joined() {
    let toml = format!(
        "{MINIMAL_TOML}\n[windshield]\nweer = \"droog\"\n\n[windshield]\ntijd = \"13.30\"\n"
    );
    refused(
        &[("verslag.toml", &toml)],
        "het blok [windshield] staat er twee keer\n  tip: een verslag heeft één [windshield]: zet alles onder de eerste kop en haal de tweede kop weg",
    );
}

/// `jaar = "z.d."` (APA for a source without a year) gets the tip to leave
/// `jaar` out, which prints (z.d.).
#[test]
fn a_year_written_as_zd_gets_the_tip_to_leave_it_out() {
    let toml = MINIMAL_TOML.replace("jaar = 2017", "jaar = \"z.d.\"");
    refused(
        &[("verslag.toml", &toml)],
        "verkeerd soort waarde: tekst gevonden, geheel getal verwacht\n  tip: schrijf het jaar als getal zonder aanhalingstekens (jaar = 2019); heeft de bron geen jaar, laat `jaar` dan weg, dan staat er (z.d.)",
    );
}

/// `[groepsleden]` written twice means a list: the tip says so, instead of
/// telling the student to delete one.
#[test]
fn a_repeated_single_table_suggests_double_brackets() {
    let toml = MINIMAL_TOML.replace("[[groepsleden]]", "[groepsleden]")
        + "\n[groepsleden]\nnaam = \"Tweede Student\"\n";
    let dir = fixture(&[("verslag.toml", &toml)]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("het blok [groepsleden] staat er twee keer"),
        "{err}"
    );
    assert!(
        err.contains(
            "tip: voor meer dan één schrijf je elk blok met dubbele haken: [[groepsleden]]"
        ),
        "{err}"
    );
}

/// Every command's help is Dutch, also where clap adds its own words
/// (a wrapped "[possible values: …]" once slipped through).
#[test]
fn help_of_every_command_is_dutch() {
    for command in [
        "build", "forms", "check", "schema", "init", "watch", "batch",
    ] {
        let (code, out, _) = run(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
        for english in [
            "possible values",
            "[default",
            "Usage",
            "Options:",
            "Arguments:",
            "..=",
        ] {
            assert!(
                !flat.contains(english),
                "{command} --help: {english}\n{out}"
            );
        }
    }
    let (code, _, err) = run(&["forms", "alle", "-o", "x.pdf", "--aantal", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("0 ligt niet tussen 1 en 100"), "{err}");
}

/// A group unzipped into a folder of its own: the message names the folder
/// that holds the report, instead of only "verslag.toml ontbreekt".
#[test]
fn a_report_one_folder_down_is_named_in_the_tip() {
    let dir = fixture(&[("groep-a/verslag.toml", MINIMAL_TOML)]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("verslag.toml staat niet in deze map zelf, maar in `groep-a`"),
        "{err}"
    );
    let given = dir.path().join("groep-a");
    assert!(
        err.contains(&format!("tip: geef die map: `{}`", given.display())),
        "{err}"
    );
    assert!(!out.exists());
}

/// A photo name with accents saved on a Mac (`e` plus an accent, NFD) is
/// found from Markdown typed elsewhere (`é`, NFC): the two look the same.
#[test]
fn a_photo_name_in_another_unicode_form_is_found() {
    let nfd = "fotos/speeltuin-e\u{301}e\u{301}n.svg";
    let chapter = "# Werkwijze\n\n![De speeltuin](../fotos/speeltuin-\u{e9}\u{e9}n.svg)\n";
    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/1-wijk-bepalen.md", chapter),
        (nfd, SQUARE_SVG),
    ]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(pdf_text(&out).contains("Figuur 1: De speeltuin"));
}

/// Chapters next to verslag.toml, or in a folder with a typo in its name,
/// are an error that says where they are, not eight "nog niet geschreven".
#[test]
fn chapters_outside_the_chapter_folder_are_found_and_named() {
    for (path, expected) in [
        (
            "1-wijk-bepalen.md",
            "fout: hoofdstukken/: de hoofdstukken staan niet in de map `hoofdstukken` maar naast verslag.toml: `1-wijk-bepalen.md`\n  tip: maak een map `hoofdstukken` naast verslag.toml en zet de hoofdstukken erin",
        ),
        (
            "hoofdstuken/1-wijk-bepalen.md",
            "fout: hoofdstuken: de map heet `hoofdstuken`; wijkverslag zoekt de hoofdstukken in `hoofdstukken`\n  tip: hernoem de map `hoofdstuken` naar `hoofdstukken`",
        ),
    ] {
        refused(
            &[
                ("verslag.toml", MINIMAL_TOML),
                (path, "# Werkwijze\n\nTekst.\n"),
            ],
            expected,
        );
    }
}

/// `verslag.toml.txt` (Windows hides the `.txt` Notepad added) and
/// `Verslag.toml` are named, with the rename that fixes them.
#[test]
fn a_misnamed_verslag_toml_is_named_with_its_fix() {
    for (name, expected) in [
        (
            "verslag.toml.txt",
            "verslag.toml ontbreekt, maar er is een `verslag.toml.txt`\n  tip: de teksteditor zette er een extra extensie achter: hernoem `verslag.toml.txt` naar `verslag.toml`",
        ),
        (
            "Verslag.toml",
            "het bestand heet `Verslag.toml`; wijkverslag zoekt `verslag.toml`, met kleine letters\n  tip: hernoem `Verslag.toml` naar `verslag.toml`",
        ),
    ] {
        refused(&[(name, MINIMAL_TOML)], expected);
    }
}

/// Builds a group of `files`, expecting exit 1 with `expected` on stderr
/// and no PDF.
fn refused(files: &[(&str, &str)], expected: &str) {
    let dir = fixture(files);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(expected), "{err}");
    assert!(!out.exists());
}

/// Quotes and lists nested far deeper than any report needs (pasted text,
/// a key held down) still give a report, printed at most eight levels deep
/// with a warning, instead of an "interne fout" from Typst's layout depth or
/// the JSON recursion limit.
#[test]
fn deep_nesting_is_printed_flat_with_a_warning() {
    let mut md = format!("{} Heel diep geciteerd.\n\n", ">".repeat(60));
    for i in 0..45 {
        md.push_str(&format!("{}- niveau{i}\n", "  ".repeat(i)));
    }
    md.push_str(&format!("\n{}x{}\n", "*_".repeat(40), "_*".repeat(40)));
    let dir = group(&md);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: hoofdstukken/1-wijk-bepalen.md:1: opsommingen of citaten zitten hier meer dan 8 niveaus diep; dieper wordt gedrukt als niveau 8"),
        "{err}"
    );
    let text = squash(&pdf_text(&out));
    for needle in [
        "Heeldiepgeciteerd.",
        "niveau0",
        "niveau7",
        "niveau8",
        "niveau44",
    ] {
        assert!(text.contains(needle), "{needle} ontbreekt");
    }
}

/// Names that work on the student's laptop and not on the teacher's
/// computer or in a zip get a tip with the right name.
#[test]
fn misnamed_chapter_folder_and_files_get_the_right_name() {
    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("Hoofdstukken/1-wijk-bepalen.md", "Tekst.\n"),
    ]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("fout: Hoofdstukken: de map heet `Hoofdstukken`; wijkverslag zoekt de hoofdstukken in `hoofdstukken`, met kleine letters"),
        "{err}"
    );
    assert!(!out.exists());

    let dir = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/3-observatie.md.txt", "Tekst.\n"),
    ]);
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("tip: de teksteditor zette er een extra extensie achter: hernoem het bestand naar `3-observatie.md`"),
        "{err}"
    );
}

/// A photo named as a bijlage, or a Word file saved under a chapter's
/// name, is said to be what it is, with where it is named, instead of
/// "geen UTF-8-tekst".
#[test]
fn a_file_that_is_no_text_is_named_for_what_it_is() {
    let toml =
        format!("{MINIMAL_TOML}\n[[bijlagen]]\ntitel = \"Foto\"\nbestand = \"fotos/a.jpg\"\n");
    let dir = fixture(&[("verslag.toml", &toml)]);
    std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
    std::fs::write(
        dir.path().join("fotos/a.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16],
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("hoofdstukken")).unwrap();
    std::fs::write(
        dir.path().join("hoofdstukken/1-wijk-bepalen.md"),
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
    )
    .unwrap();
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    let line = toml
        .lines()
        .position(|l| l.starts_with("bestand = \"fotos"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "fout: verslag.toml:{line}:11: `fotos/a.jpg` is geen tekst maar een JPEG-foto"
        )),
        "{err}"
    );
    assert!(
        err.contains("fout: hoofdstukken/1-wijk-bepalen.md: `hoofdstukken/1-wijk-bepalen.md` is geen tekst maar een Word-bestand"),
        "{err}"
    );
    assert!(!out.exists());
}

/// `schema -o` takes a JSON name only: `-o verslag.toml` would overwrite
/// the group's own file, and a folder gets a name to use.
#[test]
fn schema_writes_only_a_json_file() {
    let dir = fixture(&[("verslag.toml", MINIMAL_TOML)]);
    let toml = dir.path().join("verslag.toml");
    let (code, _, err) = run(&["schema", "-o", toml.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("de naam moet eindigen op .json, bijvoorbeeld verslag.json"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&toml).unwrap(), MINIMAL_TOML);
    let folder = format!("{}/", dir.path().display());
    let (code, _, err) = run(&["schema", "-o", &folder]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("dat is een map; geef een bestandsnaam"),
        "{err}"
    );
}

/// Curly quotes from a word processor around a value get their own tip;
/// inside straight quotes they are just text.
#[test]
fn curly_quotes_around_a_value_are_named() {
    let toml = "[verslag]\ntitel = \"Wijk ‘Oost’\"\nwijk = “Beijum”\n";
    let dir = fixture(&[("verslag.toml", toml)]);
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("fout: verslag.toml:3:8: hier staan gekrulde aanhalingstekens (“…” of ‘…’); TOML kent alleen rechte\n  tip: typ ze opnieuw als rechte aanhalingstekens"),
        "{err}"
    );
}

/// A `"""` text left open is named where it starts, not where the parser
/// gets lost two lines later with "the = sign is missing".
#[test]
fn an_unclosed_multiline_text_is_named_where_it_starts() {
    refused(
        &[(
            "verslag.toml",
            "[verslag]\ntitel = \"T\"\nwijk = \"Beijum\"\n\n[windshield.antwoorden]\ngeschiedenis = \"\"\"\nGebouwd vanaf 1977.\ngrenzen = \"\"\"\nIn het westen de Eemshavenweg.\n\"\"\"\n",
        )],
        "fout: verslag.toml:6: de tekst van `geschiedenis` begint hier met \"\"\" maar wordt niet afgesloten: de \"\"\" op regel 8 sluit hem nu af, en daarna klopt de rest niet meer\n  tip: zet \"\"\" aan het eind van de tekst van `geschiedenis`, vóór regel 8\n",
    );
}

/// A build that fails leaves the report of the build before in place (never
/// a half-written one) and says that it is the old one: otherwise a student
/// hands it in thinking it has the last changes. Without an earlier report
/// there is nothing to say.
#[test]
fn a_failed_build_says_the_report_there_is_the_old_one() {
    let dir = fixture(&[("verslag.toml", MINIMAL_TOML)]);
    let pdf = dir.path().join("uit.pdf");
    let broken = MINIMAL_TOML.replace("wijk = \"Beijum\"", "wijk = Beijum");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&pdf).unwrap();
    std::fs::write(dir.path().join("verslag.toml"), &broken).unwrap();
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.trim_end().ends_with(&format!(
            "niet bijgewerkt: {} is nog het vorige verslag; verbeter de fout en maak het opnieuw",
            pdf.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    std::fs::remove_file(&pdf).unwrap();
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("niet bijgewerkt"), "{err}");
}

/// Text pasted from Word: bullets that are characters and a tab become a
/// list, as the student saw it in Word (before: "•Eenzaamheid •Groen" on
/// one line); a heading without a space after `#` and paragraphs without a
/// blank line between them are named, in `build` and in `check`.
#[test]
fn text_pasted_from_word_keeps_its_bullets_and_its_slips_are_named() {
    let long =
        "Selwerd scoort slecht op eenzaamheid, dat zagen we in het interview en in de cijfers.";
    let chapter = format!(
        "#Uit Word geplakt\n\n{long}\nHet groen is goed.\n\nConclusie:\n•\tEenzaamheid: slecht\no\tVooral ouderen\n·\tGroen: goed\n-\u{a0}Schulden: onbekend\n"
    );
    let dir = group(&chapter);
    let pdf = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    let text = common::pdf_text(&pdf);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for item in [
        "Eenzaamheid: slecht",
        "Vooral ouderen",
        "Groen: goed",
        "Schulden: onbekend",
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with(item) && l.chars().count() <= item.chars().count() + 2),
            "{item} staat niet als eigen opsommingsregel in:\n{text}"
        );
    }
    assert!(
        !text.contains("·Groen") && !text.contains("oVooral"),
        "{text}"
    );
    for out in [err, run(&["check", dir.path().to_str().unwrap()]).1] {
        assert!(
            out.contains("hoofdstukken/1-wijk-bepalen.md:1: deze regel begint met # zonder spatie erna en wordt daardoor geen kop\n"),
            "{out}"
        );
        assert!(
            out.contains("tip: is het een kop, zet dan een spatie na de #: `# Uit Word geplakt`\n"),
            "{out}"
        );
        assert!(
            out.contains("hoofdstukken/1-wijk-bepalen.md:3: regel 3 en 4 worden één alinea: er staat geen witregel tussen"),
            "{out}"
        );
    }
}

#[test]
fn sources_of_one_author_and_year_get_letters_as_in_apa() {
    let toml = format!(
        "{MINIMAL_TOML}
[[bronnen]]
id = \"wij-teams\"
auteur = \"WIJ Groningen\"
titel = \"Wijkteams\"

[[bronnen]]
id = \"wij-buurt\"
auteur = \"WIJ Groningen\"
titel = \"Buurtwerk in Beijum\"

[[bronnen]]
id = \"ggd\"
auteur = \"GGD Groningen\"
jaar = 2017
titel = \"Gezondheidsmonitor\"
"
    );
    let dir = fixture(&[
        ("verslag.toml", &toml),
        (
            "hoofdstukken/1-wijk-bepalen.md",
            "Het wijkteam [@wij-teams] doet buurtwerk [@wij-buurt]; zie ook [@cbs2017] en [@ggd].\n",
        ),
    ]);
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    let text = squash(&pdf_text(&out));
    // "Buurtwerk" comes before "Wijkteams": it gets the a.
    for expected in [
        "Het wijkteam (WIJ Groningen, z.d.-b) doet buurtwerk (WIJ Groningen, z.d.-a)",
        "(Centraal Bureau voor de Statistiek, 2017) en (GGD Groningen, 2017)",
        "WIJ Groningen. (z.d.-a). Buurtwerk in Beijum.",
        "WIJ Groningen. (z.d.-b). Wijkteams.",
    ] {
        assert!(text.contains(&squash(expected)), "{expected}\n---\n{text}");
    }
}

#[test]
fn a_citation_in_a_title_is_named() {
    let toml = MINIMAL_TOML.replace(
        "titel = \"Wijkanalyse Testwijk\"",
        "titel = \"Wijkanalyse Testwijk [@cbs2017]\"",
    );
    let dir = fixture(&[
        ("verslag.toml", &toml),
        ("hoofdstukken/1-wijk-bepalen.md", "Tekst [@cbs2017].\n"),
    ]);
    let out = dir.path().join("v.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: verslag.toml:2:9: in een titel wordt [@cbs2017] niet omgezet in een bronvermelding: het verslag toont het letterlijk\n  tip: haal de verwijzing uit de titel en verwijs in de tekst naar de bron"),
        "{err}"
    );
}
