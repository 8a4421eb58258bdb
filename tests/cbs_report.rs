//! CBS figures in the report (`cbs = { bestand, code }`): the Kerncijfers
//! table and the age chart in chapter 2, the map of the wijken, the source in
//! the Literatuurlijst, and the messages for a wrong code or a broken file.
//! Over the real Groningen files of tests/data/cbs.

mod common;

use common::*;
use std::path::Path;

fn cbs_file(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cbs")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// `verslag.toml` with a `cbs` line; `bronnen` is appended as is.
fn toml(cbs: &str, bronnen: &str) -> String {
    format!(
        "[verslag]\ntitel = \"Wijkanalyse Noordwest\"\nwijk = \"Selwerd\"\ninleverdatum = 2019-12-23\n{cbs}\n\n[[groepsleden]]\nnaam = \"Test Student\"\n{bronnen}"
    )
}

const CHAPTER_2: &str = "# Bevolking\n\nDe wijk telt veel studenten en ouderen.\n";

/// A built fixture group: exit code, stderr, the PDF's text (plain and with
/// `-layout`, where a table row stays on one line).
struct Built {
    code: i32,
    err: String,
    text: String,
    layout: String,
}

fn build(files: &[(&str, &str)]) -> Built {
    let dir = fixture(files);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    let (text, layout) = if code == 0 {
        (pdf_text(&pdf), layout_text(&pdf))
    } else {
        Default::default()
    };
    Built {
        code,
        err,
        text,
        layout,
    }
}

fn layout_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The body of chapter 2 (after the table of contents).
fn chapter_2(text: &str) -> &str {
    let start = text
        .rfind("2 Demografische en epidemiologische")
        .expect("hoofdstuk 2");
    let end = text.rfind("3 Observatie van de wijk").expect("hoofdstuk 3");
    assert!(start < end, "hoofdstuk 2 staat voor hoofdstuk 3");
    &text[start..end]
}

/// The Kerncijfers table as (label, wijk, gemeente) rows, read from the
/// `-layout` text of the PDF: cells are separated by runs of spaces.
fn kerncijfers(layout: &str) -> Vec<(String, String, String)> {
    let ch2 = chapter_2(layout);
    let start = ch2.find("Kenmerk").expect("kop van de tabel Kerncijfers");
    let end = start
        + ch2[start..]
            .find("Bron:")
            .expect("bronregel onder de tabel");
    ch2[start..end]
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            assert_eq!(cells.len(), 3, "drie kolommen: {l:?}");
            (
                cells[0].to_string(),
                cells[1].to_string(),
                cells[2].to_string(),
            )
        })
        .collect()
}

fn row<'a>(table: &'a [(String, String, String)], label: &str) -> (&'a str, &'a str) {
    let r = table
        .iter()
        .find(|r| r.0 == label)
        .unwrap_or_else(|| panic!("rij {label} ontbreekt in {table:?}"));
    (&r.1, &r.2)
}

fn literatuurlijst(text: &str) -> &str {
    &text[text.rfind("Literatuurlijst").expect("Literatuurlijst")..]
}

#[test]
fn kerncijfers_chart_and_map_of_noordwest_in_chapter_2() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001410" }"#,
        "",
    );
    let Built {
        code,
        err,
        text,
        layout,
    } = build(&[
        ("verslag.toml", &t),
        ("hoofdstukken/2-gegevens.md", CHAPTER_2),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    assert_eq!(code, 0, "{err}");
    let ch2 = chapter_2(&text);
    assert!(
        ch2.contains("Tabel 1: Kerncijfers van Noordwest en de gemeente Groningen (2017)"),
        "{ch2}"
    );
    let table = kerncijfers(&layout);
    assert_eq!(row(&table, "Inwoners"), ("18.170", "202.620"));
    assert_eq!(row(&table, "Huishoudens"), ("11.000", "122.270"));
    assert_eq!(row(&table, "Mannen"), ("8.895", "101.295"));
    assert_eq!(row(&table, "0–14 jaar"), ("13%", "12%"));
    assert_eq!(row(&table, "65 jaar en ouder"), ("18%", "12%"));
    assert_eq!(row(&table, "Eenpersoonshuishoudens"), ("63%", "62%"));
    assert_eq!(row(&table, "Huishoudens met kinderen"), ("17%", "18%"));
    assert_eq!(row(&table, "Gemiddelde huishoudensgrootte"), ("1,6", "1,6"));
    assert_eq!(
        row(&table, "Bevolkingsdichtheid (inwoners per km²)").0,
        "3.664"
    );
    assert_eq!(
        row(&table, "Niet-westerse migratieachtergrond"),
        ("23%", "12%")
    );
    assert!(ch2.contains("Bron: Centraal Bureau voor de Statistiek (2017)"));
    // Chart and map, numbered through the report, with the source line.
    assert!(
        ch2.contains("Figuur 1: Leeftijdsopbouw van Noordwest en de gemeente Groningen"),
        "{ch2}"
    );
    assert!(
        ch2.contains("Figuur 2: Ligging van Noordwest in de gemeente Groningen"),
        "{ch2}"
    );
    for wijk in [
        "Meerstad e.o.",
        "Oosterparkwijk",
        "Hoogkerk e.o.",
        "Centrum",
    ] {
        assert!(ch2.contains(wijk), "{wijk} staat niet op de kaart");
    }
    assert!(ch2.contains("2,5 km"), "schaalstok ontbreekt");
    // The section continues the chapter's own numbering.
    assert!(ch2.contains("2.1 Bevolking") && ch2.contains("2.2 Kerncijfers van het CBS"));
    // The source is added to the Literatuurlijst.
    let lit = literatuurlijst(&text);
    assert!(
        lit.contains("Centraal Bureau voor de Statistiek. (2017). Wijk- en buurtkaart 2017."),
        "{lit}"
    );
}

#[test]
fn the_groups_own_cbs_source_is_not_repeated() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let bron = "\n[[bronnen]]\nid = \"cbs\"\nauteur = \"CBS\"\njaar = 2017\ntitel = \"Buurtcijfers gemeente Groningen\"\n";
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001410" }"#,
        bron,
    );
    let Built {
        code, err, text, ..
    } = build(&[
        ("verslag.toml", &t),
        ("hoofdstukken/2-gegevens.md", "De wijk volgens [@cbs].\n"),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    assert_eq!(code, 0, "{err}");
    let lit = literatuurlijst(&text);
    assert!(
        lit.contains("CBS. (2017). Buurtcijfers gemeente Groningen."),
        "{lit}"
    );
    assert!(!lit.contains("Wijk- en buurtkaart"), "{lit}");
    assert!(chapter_2(&text).contains("Bron: CBS (2017)"));
}

/// The wijk file rewritten as a StatLine "Kerncijfers wijken en buurten"
/// export: semicolons, quotes, a BOM, padded codes, counts instead of
/// percentages for the age groups, household types and migration background.
fn statline_from_wijk_file() -> String {
    let text = cbs_file("wijk2017-groningen.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mut out = String::from(
        "\u{feff}\"ID\";\"WijkenEnBuurten\";\"Gemeentenaam_1\";\"SoortRegio_2\";\"Codering_3\";\"AantalInwoners_5\";\"Mannen_6\";\"Vrouwen_7\";\
\"k_0Tot15Jaar_8\";\"k_15Tot25Jaar_9\";\"k_25Tot45Jaar_10\";\"k_45Tot65Jaar_11\";\"k_65JaarOfOuder_12\";\"WestersTotaal_17\";\"NietWestersTotaal_18\";\
\"HuishoudensTotaal_28\";\"Eenpersoonshuishoudens_29\";\"HuishoudensZonderKinderen_30\";\"HuishoudensMetKinderen_31\";\
\"GemiddeldeHuishoudensgrootte_32\";\"Bevolkingsdichtheid_33\";\"OppervlakteTotaal_111\";\"OppervlakteLand_112\"\n",
    );
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap();
        let num = |name: &str| rec[col(name)].parse::<f64>().unwrap();
        let inw = num("AANT_INW");
        let hh = num("AANTAL_HH");
        let of = |total: f64, pct: &str| format!("{}", (total * num(pct) / 100.0).round());
        let fields = [
            i.to_string(),
            format!("{:<10}", &rec[col("WK_CODE")]),
            format!("{:<40}", "Groningen"),
            "Wijk      ".into(),
            format!("{:<10}", &rec[col("WK_CODE")]),
            format!("{:>8}", inw),
            rec[col("AANT_MAN")].into(),
            rec[col("AANT_VROUW")].into(),
            of(inw, "P_00_14_JR"),
            of(inw, "P_15_24_JR"),
            of(inw, "P_25_44_JR"),
            of(inw, "P_45_64_JR"),
            of(inw, "P_65_EO_JR"),
            of(inw, "P_WEST_AL"),
            of(inw, "P_N_W_AL"),
            format!("{hh}"),
            of(hh, "P_EENP_HH"),
            of(hh, "P_HH_Z_K"),
            of(hh, "P_HH_M_K"),
            rec[col("GEM_HH_GR")].replace('.', ","),
            rec[col("BEV_DICHTH")].into(),
            rec[col("OPP_TOT")].into(),
            rec[col("OPP_LAND")].into(),
        ];
        let line: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
        out.push_str(&line.join(";"));
        out.push('\n');
    }
    out
}

#[test]
fn statline_file_with_the_same_figures_gives_the_same_table() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let statline = statline_from_wijk_file();
    let mapfile = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001410" }"#,
        "",
    );
    let kwb = toml(
        r#"cbs = { bestand = "data/kwb-2017-groningen.csv", code = "wk001410" }"#,
        "",
    );
    let b1 = build(&[
        ("verslag.toml", &mapfile),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    let b2 = build(&[
        ("verslag.toml", &kwb),
        ("data/kwb-2017-groningen.csv", &statline),
    ]);
    assert_eq!(b1.code, 0, "{}", b1.err);
    assert_eq!(b2.code, 0, "{}", b2.err);
    let (a, b) = (kerncijfers(&b1.layout), kerncijfers(&b2.layout));
    assert_eq!(row(&b, "Inwoners"), ("18.170", "202.620"));
    assert_eq!(row(&b, "Huishoudens"), ("11.000", "122.270"));
    assert_eq!(a, b);
    // Named after the kind of file.
    assert!(literatuurlijst(&b2.text).contains(
        "Centraal Bureau voor de Statistiek. (2017). Kerncijfers wijken en buurten 2017."
    ));
    // No geometry, no map.
    assert!(!chapter_2(&b2.text).contains("Ligging van"));
}

#[test]
fn missing_values_print_onbekend() {
    let csv = ",WK_CODE,WK_NAAM,GM_CODE,GM_NAAM,AANT_INW,AANT_MAN,AANT_VROUW,P_00_14_JR,P_15_24_JR,P_25_44_JR,P_45_64_JR,P_65_EO_JR,AANTAL_HH,P_EENP_HH
0,WK001410,Noordwest,GM0014,Groningen,18170,.,-99999999,13,23,29,18,-99997,,63
1,WK001400,Centrum,GM0014,Groningen,22635,11980,10655,3,44,33,13,7,18055,82
";
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017.csv", code = "WK001410" }"#,
        "",
    );
    let Built {
        code,
        err,
        text,
        layout,
    } = build(&[("verslag.toml", &t), ("data/wijk2017.csv", csv)]);
    assert_eq!(code, 0, "{err}");
    // The group hears which columns its download lacks; the reader reads
    // which figures the file has not, not what the group should do.
    assert!(
        err.contains("waarschuwing: verslag.toml:5:19: het CBS-bestand heeft geen kolom voor: huishoudens zonder kinderen, huishoudens met kinderen, gemiddelde huishoudensgrootte, bevolkingsdichtheid,"),
        "{err}"
    );
    assert!(
        squash(chapter_2(&text)).contains(&squash(
            "Het gebruikte CBS-bestand bevat geen cijfers over huishoudens zonder kinderen,"
        )),
        "{}",
        chapter_2(&text)
    );
    assert!(!text.contains("kolom"), "{text}");
    let table = kerncijfers(&layout);
    assert_eq!(row(&table, "Inwoners"), ("18.170", "40.805"));
    // A count one wijk lacks is unknown for the gemeente too: Centrum's
    // 11.980 men alone is no gemeente figure. A share is weighted over
    // the wijken that have it.
    assert_eq!(row(&table, "Mannen"), ("onbekend", "onbekend"));
    assert_eq!(row(&table, "Vrouwen"), ("onbekend", "onbekend"));
    assert_eq!(row(&table, "65 jaar en ouder"), ("onbekend", "7%"));
    assert_eq!(row(&table, "Huishoudens"), ("onbekend", "onbekend"));
    assert!(
        squash(chapter_2(&text)).contains(&squash(
            "Onbekend voor de gemeente: mannen (ontbreekt bij Noordwest); vrouwen (ontbreekt bij Noordwest); huishoudens (ontbreekt bij Noordwest)."
        )),
        "{}",
        chapter_2(&text)
    );
    assert_eq!(
        row(&table, "Bevolkingsdichtheid (inwoners per km²)"),
        ("onbekend", "onbekend")
    );
    // Migration background is not in this file: no row rather than "onbekend".
    assert!(
        !table.iter().any(|r| r.0.contains("migratieachtergrond")),
        "{table:?}"
    );
    // An age group is unknown: no chart that would show it as 0%, and the
    // reader is told why.
    assert!(!chapter_2(&text).contains("Leeftijdsopbouw"));
    assert!(
        squash(chapter_2(&text)).contains(&squash(
            "Een grafiek van de leeftijdsopbouw ontbreekt: het CBS geeft voor de CBS-wijk Noordwest niet alle leeftijdsgroepen (onbekend: 65 jaar en ouder)."
        )),
        "{}",
        chapter_2(&text)
    );
}

#[test]
fn unknown_code_lists_the_codes_the_file_holds() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001499" }"#,
        "",
    );
    let Built { code, err, .. } = build(&[
        ("verslag.toml", &t),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("verslag.toml:5:")
            && err.contains(
                "de code WK001499 staat niet in het CBS-bestand `data/wijk2017-groningen.csv`"
            ),
        "{err}"
    );
    for known in [
        "WK001400 Centrum",
        "WK001410 Noordwest",
        "WK001411 Noordoost",
        "WK001414 Meerstad e.o.",
    ] {
        assert!(err.contains(known), "{known} ontbreekt: {err}");
    }
}

#[test]
fn unreadable_line_is_named() {
    let csv = "WK_CODE,WK_NAAM,AANT_INW\nWK001400,Centrum,22635\nWK001410,Noordwest,veel\n";
    let t = toml(
        r#"cbs = { bestand = "data/wijken.csv", code = "WK001410" }"#,
        "",
    );
    let Built { code, err, .. } = build(&[("verslag.toml", &t), ("data/wijken.csv", csv)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("data/wijken.csv:3: het CBS-bestand is op deze regel niet te lezen: kolom AANT_INW: 'veel' is geen getal"), "{err}");
}

#[test]
fn wijkanalyse_puts_the_cbs_data_in_the_description() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001411" }
sjabloon = "wijkanalyse""#,
        "",
    );
    let Built {
        code, err, text, ..
    } = build(&[
        ("verslag.toml", &t),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    assert_eq!(code, 0, "{err}");
    let ch1 = &text[text.rfind("1 Beschrijving van de wijk").unwrap()
        ..text.rfind("2 Bewoners in beeld").unwrap()];
    assert!(
        ch1.contains("Figuur 2: Ligging van Noordoost in de gemeente Groningen"),
        "{ch1}"
    );
    assert!(
        ch1.contains("Tabel 1: Kerncijfers van Noordoost en de gemeente Groningen (2017)"),
        "{ch1}"
    );
    assert!(
        ch1.contains("Figuur 1: Leeftijdsopbouw van Noordoost"),
        "{ch1}"
    );
}

#[test]
fn docx_has_the_table_and_the_map_as_a_picture() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let t = toml(
        r#"cbs = { bestand = "data/wijk2017-groningen.csv", code = "WK001410" }"#,
        "",
    );
    let dir = fixture(&[
        ("verslag.toml", &t),
        ("data/wijk2017-groningen.csv", &wijken),
    ]);
    let out = tempfile::tempdir().unwrap();
    let docx = out.path().join("verslag.docx");
    let (code, err) = build_pdf(dir.path(), &docx);
    assert_eq!(code, 0, "{err}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for needle in [
        "Kerncijfers van Noordwest en de gemeente Groningen (2017)",
        "18.170",
        "11.000",
        "Ligging van Noordwest in de gemeente Groningen",
    ] {
        assert!(xml.contains(needle), "{needle} ontbreekt in de DOCX");
    }
    // The chart and the map are pictures, not an "unknown part" box.
    let pictures = zip
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("word/media/")))
        .count();
    assert_eq!(pictures, 2);
}

/// A StatLine download is named by table number: the year is nowhere. The
/// group hears so, with the fix; with `jaar` the source line has the year.
#[test]
fn a_file_without_a_year_asks_for_one() {
    let wijken = cbs_file("wijk2017-groningen.csv");
    let t = toml(
        r#"cbs = { bestand = "data/83765NED.csv", code = "WK001410" }"#,
        "",
    );
    let Built {
        code, err, text, ..
    } = build(&[("verslag.toml", &t), ("data/83765NED.csv", &wijken)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: verslag.toml:5:19: het jaar van de CBS-cijfers is onbekend: bij de tabel en in de literatuurlijst staat (z.d.)\n  tip: zet het jaar erbij: cbs = { bestand = \"data/83765NED.csv\", code = \"WK001410\", jaar = 2017 } (met het jaar van de cijfers)"),
        "{err}"
    );
    assert!(
        text.contains("Bron: Centraal Bureau voor de Statistiek (z.d.)"),
        "{text}"
    );

    let t = toml(
        r#"cbs = { bestand = "data/83765NED.csv", code = "WK001410", jaar = 2017 }"#,
        "",
    );
    let Built {
        code, err, text, ..
    } = build(&[("verslag.toml", &t), ("data/83765NED.csv", &wijken)]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("jaar van de CBS-cijfers"), "{err}");
    assert!(
        text.contains("Bron: Centraal Bureau voor de Statistiek (2017)"),
        "{text}"
    );
}
