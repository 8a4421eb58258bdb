//! The structured parts of the report: filled forms in the appendices, the
//! interview, the sociale kaart, the checklist, SMART verbeterpunten,
//! interventies, tables and charts, each in its own chapter; and the
//! errors for unknown ids and bad values.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_pdf, run, squash};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/onderdelen")
}

/// Builds `dir` into a PDF in a temp dir; returns (temp dir, pdf path).
fn build(dir: &Path) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, _, stderr) = run(&["build", dir.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(code, 0, "build faalde: {stderr}");
    (out, pdf)
}

/// The PDF's text in drawing order (`pdftotext -raw`): each name box of the
/// ring diagram comes out whole.
fn raw_text(pdf: &Path) -> String {
    common::require_tool("pdftotext");
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const CHAPTERS: [&str; 8] = [
    "1 Wijk bepalen",
    "2 Demografische en epidemiologische gegevens",
    "3 Observatie van de wijk",
    "4 De verhalen achter de gegevens",
    "5 Het sociale netwerk",
    "6 Checklist wijkdiagnose",
    "7 Wijkdiagnose",
    "8 Interventies",
];

/// The report's text cut at its chapter and appendix headings (not the
/// table of contents, whose lines end in leader dots and a page number).
struct Sections {
    parts: Vec<(String, String)>,
}

impl Sections {
    fn new(text: &str) -> Sections {
        Sections::with_chapters(text, &CHAPTERS)
    }

    fn with_chapters(text: &str, chapters: &[&str]) -> Sections {
        let mut heads: Vec<String> = chapters.iter().map(|s| s.to_string()).collect();
        heads.push("Literatuurlijst".into());
        heads.push("Bijlage A: Windshield Survey (ingevuld)".into());
        heads.push("Bijlage B: Interview (leeg)".into());
        heads.push("Bijlage C: Checklist wijkdiagnose (ingevuld)".into());
        let lines: Vec<&str> = text.lines().collect();
        let norm = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut starts = Vec::new();
        for h in &heads {
            // A long chapter title may wrap onto a second line.
            let at = (0..lines.len())
                .position(|i| {
                    let one = norm(lines[i]);
                    one == *h
                        || (h.starts_with(&one)
                            && lines
                                .get(i + 1)
                                .is_some_and(|n| format!("{one} {}", norm(n)) == *h))
                })
                .unwrap_or_else(|| panic!("kop `{h}` niet gevonden"));
            starts.push(at);
        }
        assert!(
            starts.windows(2).all(|w| w[0] < w[1]),
            "koppen in de verkeerde volgorde: {starts:?}"
        );
        let mut parts = Vec::new();
        for (i, h) in heads.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(lines.len());
            parts.push((h.clone(), lines[starts[i]..end].join("\n")));
        }
        Sections { parts }
    }

    fn get(&self, head_prefix: &str) -> &str {
        &self
            .parts
            .iter()
            .find(|(h, _)| h.starts_with(head_prefix))
            .unwrap_or_else(|| panic!("{head_prefix}"))
            .1
    }

    /// Asserts that `needle` (whitespace and hyphenation ignored) is in the section.
    fn has(&self, head_prefix: &str, needle: &str) {
        let hay = squash(self.get(head_prefix));
        assert!(
            hay.contains(&squash(needle)),
            "`{needle}` staat niet in {head_prefix}"
        );
    }

    fn lacks(&self, head_prefix: &str, needle: &str) {
        let hay = squash(self.get(head_prefix));
        assert!(
            !hay.contains(&squash(needle)),
            "`{needle}` hoort niet in {head_prefix}"
        );
    }
}

fn verslag() -> toml::Table {
    toml::from_str(&std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap()).unwrap()
}

fn strs(v: &toml::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_part_is_in_its_chapter() {
    let (_tmp, pdf) = build(&fixture_dir());
    let s = Sections::new(&raw_text(&pdf));
    let v = verslag();

    // Chapter 3 refers to Bijlage A; Bijlage A is the filled Windshield Survey.
    s.has("3 ", "De ingevulde Windshield Survey staat in Bijlage A.");
    let ws = v["windshield"].as_table().unwrap();
    for (id, answer) in ws["antwoorden"].as_table().unwrap() {
        s.has("Bijlage A", answer.as_str().unwrap());
        s.lacks("3 ", answer.as_str().unwrap());
        let _ = id;
    }
    for header in [
        "Datum",
        "3 december 2019",
        "Tijd",
        "14.00-16.00 uur",
        "Waarnemers",
        "Fatima, Daan",
        "Route",
    ] {
        s.has("Bijlage A", header);
    }
    s.has(
        "Bijlage A",
        "Start winkelcentrum Beijum, via de Beijumerweg naar het Wijkpark",
    );
    let answered = ws["antwoorden"].as_table().unwrap().len();
    let empty = s
        .get("Bijlage A")
        .matches("niet ingevuld: dit onderdeel is niet geobserveerd")
        .count();
    assert_eq!(
        empty,
        15 - answered,
        "elk onbeantwoord item is zichtbaar leeg"
    );
    s.has("Bijlage A", "Ontmoetingsplekken");

    // Chapter 4: the interview worked out; Bijlage B: the same questions, empty.
    let iv = v["interview"].as_table().unwrap();
    for key in ["respondent", "plaats"] {
        s.has("4 ", iv[key].as_str().unwrap());
    }
    s.has("4 ", "5 december 2019");
    s.has("4 ", "Daan, Fatima");
    for q in iv["vragen"].as_array().unwrap() {
        let q = q.as_table().unwrap();
        s.has("4 ", q["vraag"].as_str().unwrap());
        s.has("Bijlage B", q["vraag"].as_str().unwrap());
        if let Some(a) = q.get("antwoord") {
            s.has("4 ", a.as_str().unwrap());
            s.lacks("Bijlage B", a.as_str().unwrap());
        }
    }
    s.has("4 ", "(nog geen antwoord)");
    s.has(
        "4 ",
        "Het lege interview, met alleen de vragen, staat in Bijlage B.",
    );

    // Chapter 5: the sociale kaart grouped by soort, and the ring diagram.
    s.has("5 ", "Tabel 2: Sociale kaart van Beijum, per soort");
    for item in v["sociale_kaart"].as_array().unwrap() {
        let naam = item["naam"].as_str().unwrap();
        let count = squash(s.get("5 ")).matches(&squash(naam)).count();
        assert!(
            count >= 2,
            "{naam} staat {count} keer in hoofdstuk 5 (tabel en diagram verwacht)"
        );
    }
    for label in [
        "Zorg (1)",
        "Welzijn (1)",
        "Informeel netwerk (1)",
        "Veiligheid (1)",
        "Wonen (1)",
        "Onderwijs (1)",
        "Overig (1)",
    ] {
        s.has("5 ", label);
    }
    s.has(
        "5 ",
        "Figuur 3: Het sociale netwerk rond het wijkteam van Beijum",
    );
    s.has("5 ", "binnenste ring: eerste ring");

    // Chapter 6: every factor with its rating; unrated marked; Verder onderzoeken.
    s.has(
        "6 ",
        "Tabel 3: Checklist wijkdiagnose: oordeel, zekerheid en bron per factor",
    );
    let forms = wijkverslag::forms::Forms::builtin();
    let checklist = v["checklist"].as_table().unwrap();
    for d in &forms.checklist.domeinen {
        s.has("6 ", &d.titel);
        for f in &d.factoren {
            s.has("6 ", &f.titel);
            s.has("Bijlage C", &f.titel);
            if let Some(b) = checklist.get(&f.id) {
                let row = format!(
                    "{} {} {}",
                    f.titel,
                    b["oordeel"].as_str().unwrap(),
                    b["zekerheid"].as_str().unwrap()
                );
                s.has("6 ", &row);
            } else {
                s.has("6 ", &format!("{} niet beoordeeld", f.titel));
            }
        }
    }
    let unrated = forms.factor_ids().len() - checklist.len();
    assert_eq!(s.get("6 ").matches("niet beoordeeld").count(), unrated);
    let verder = s
        .get("6 ")
        .split("Verder onderzoeken")
        .nth(1)
        .expect("Verder onderzoeken ontbreekt");
    let verder = squash(verder);
    for item in [
        "Huisvesting (redelijk, vermoeden)",
        "Inkomen en armoede (slecht, hopen)",
        "Overlast en criminaliteit (redelijk, gokken)",
        "Overgewicht (slecht, vrezen)",
    ] {
        assert!(
            verder.contains(&squash(item)),
            "{item} ontbreekt onder Verder onderzoeken"
        );
    }
    assert!(
        !verder.contains(&squash("Groen en openbare ruimte (")),
        "zeker hoort niet bij Verder onderzoeken"
    );
    s.has(
        "6 ",
        "Het ingevulde formulier van de Checklist wijkdiagnose staat in Bijlage C.",
    );
    s.has("Bijlage C", "windshield");
    s.has("Bijlage C", "GGD-monitor");

    // Chapter 7: the five SMART criteria and the goed/slecht lists.
    let p = &v["verbeterpunten"].as_array().unwrap()[0];
    s.has(
        "7 ",
        &format!("Verbeterpunt: {}", p["titel"].as_str().unwrap()),
    );
    for (label, key) in [
        ("Specifiek", "specifiek"),
        ("Meetbaar", "meetbaar"),
        ("Acceptabel", "acceptabel"),
        ("Realistisch", "realistisch"),
        ("Tijdgebonden", "tijdgebonden"),
    ] {
        s.has("7 ", &format!("{label} {}", p[key].as_str().unwrap()));
    }
    let seven = s.get("7 ");
    let bevorderend = seven
        .split("Gezondheidsbevorderende factoren")
        .nth(1)
        .unwrap();
    for goed in ["Groen en openbare ruimte", "Verkeer en bereikbaarheid"] {
        assert!(
            squash(bevorderend).contains(&squash(goed)),
            "{goed} ontbreekt bij de goede factoren"
        );
    }
    s.has("7 ", "Gezondheidsbelemmerende factoren");
    for slecht in [
        "Inkomen en armoede",
        "Eenzaamheid en sociaal isolement",
        "Overgewicht",
    ] {
        s.has("7 ", slecht);
    }
    // The boxes say what puts a factor in them, and mark an uncertain rating.
    s.has("7 ", "als goed beoordeeld in de checklist");
    s.has("7 ", "als slecht beoordeeld in de checklist");
    for item in ["Inkomen en armoede (hopen)", "Overgewicht (vrezen)"] {
        s.has("7 ", item);
    }

    // Chapter 8: every interventie as a block with its fields.
    for (i, iv) in v["interventies"].as_array().unwrap().iter().enumerate() {
        s.has(
            "8 ",
            &format!("Interventie {}: {}", i + 1, iv["titel"].as_str().unwrap()),
        );
        for key in [
            "problematiek",
            "doelgroep",
            "doel",
            "aanpak",
            "planning",
            "verantwoording",
        ] {
            s.has("8 ", iv[key].as_str().unwrap());
        }
        s.has("8 ", &strs(&iv["betrokken"]).join(", "));
    }
    for label in [
        "Problematiek",
        "Doelgroep",
        "Doel",
        "Aanpak",
        "Betrokken partijen",
        "Planning",
        "Verantwoording",
        "Bronnen",
    ] {
        s.has("8 ", label);
    }
    s.has("8 ", "Movisie (2019)");

    // Tables and charts in their chapters, numbered, with their source under them.
    s.has("2 ", "Tabel 1: Leeftijdsopbouw van Beijum");
    s.has(
        "2 ",
        "Figuur 1: Huishoudens naar samenstelling Bron: Centraal Bureau voor de Statistiek (2017)",
    );
    s.has(
        "2 ",
        "Figuur 2: Inkomen per inwoner Bron: Centraal Bureau voor de Statistiek (2017)",
    );
    s.has("5 ", "Figuur 4: Soorten organisaties op de sociale kaart");
    s.has("6 ", "Tabel 4: Bronnen van de checklist");
    s.lacks("2 ", "Bronnen van de checklist");
    s.lacks("6 ", "Leeftijdsopbouw van Beijum");
}

/// The same data under `sjabloon = "wijkanalyse"`: nothing is lost, every
/// part lands in the part of the leaflet it belongs to, and a table or chart
/// placed in chapter 5..8 follows its stap with a warning, not an error.
#[test]
fn wijkanalyse_shows_every_part_of_the_same_data() {
    let text = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let text = text.replacen("[verslag]\n", "[verslag]\nsjabloon = \"wijkanalyse\"\n", 1);
    let dir = copy_fixture(&text);
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let (code, stderr) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("het sjabloon wijkanalyse heeft geen hoofdstuk 6; de tabel staat in hoofdstuk 3, waar stap 6 hoort"),
        "{stderr}"
    );
    assert!(
        stderr.contains("het sjabloon wijkanalyse heeft geen hoofdstuk 5; de grafiek staat in hoofdstuk 1, waar stap 5 hoort"),
        "{stderr}"
    );
    let s = Sections::with_chapters(
        &raw_text(&pdf),
        &[
            "1 Beschrijving van de wijk",
            "2 Bewoners in beeld",
            "3 Problemen en kansen",
            "4 Op te pakken speerpunten",
        ],
    );
    let v = verslag();

    // 1: the observation, the sociale kaart and its chart describe the wijk.
    s.has("1 ", "De ingevulde Windshield Survey staat in Bijlage A.");
    s.has("1 ", "Sociale kaart van Beijum, per soort");
    s.has("1 ", "Soorten organisaties op de sociale kaart");
    // 2: the interview, worked out.
    for q in v["interview"]["vragen"].as_array().unwrap() {
        s.has("2 ", q["vraag"].as_str().unwrap());
        if let Some(a) = q.get("antwoord") {
            s.has("2 ", a.as_str().unwrap());
            s.lacks("Bijlage B", a.as_str().unwrap());
        }
    }
    s.has(
        "2 ",
        "Het lege interview, met alleen de vragen, staat in Bijlage B.",
    );
    // 3: the checklist, its table, the diagnosis and the SMART points.
    s.has(
        "3 ",
        "Het ingevulde formulier van de Checklist wijkdiagnose staat in Bijlage C.",
    );
    s.has("3 ", "Bronnen van de checklist");
    s.has("3 ", "Veel alleenstaande ouderen.");
    for p in v["verbeterpunten"].as_array().unwrap() {
        s.has(
            "3 ",
            &format!("Verbeterpunt: {}", p["titel"].as_str().unwrap()),
        );
    }
    // 4: the interventies as speerpunten.
    for (i, iv) in v["interventies"].as_array().unwrap().iter().enumerate() {
        s.has(
            "4 ",
            &format!("Speerpunt {}: {}", i + 1, iv["titel"].as_str().unwrap()),
        );
    }
    // The appendices hold the filled-in forms, as in the default template.
    for answer in v["windshield"]["antwoorden"].as_table().unwrap().values() {
        s.has("Bijlage A", answer.as_str().unwrap());
    }
    s.has("Bijlage C", "Eenzaamheid");
}

#[test]
fn charts_label_values_units_and_series() {
    let (_tmp, pdf) = build(&fixture_dir());
    let s = Sections::new(&raw_text(&pdf));
    let two = squash(s.get("2 "));
    // staaf: a value per bar with its eenheid, every label, a legend of reeksen.
    for needle in [
        "38%",
        "27%",
        "35%",
        "60%",
        "21%",
        "19%",
        "Eenpersoons",
        "Zonderkinderen",
        "Metkinderen",
        "Beijum",
        "Groningen",
    ] {
        assert!(two.contains(needle), "staafgrafiek: {needle} ontbreekt");
    }
    // liggende-staaf: decimal comma and the eenheid after every value.
    for needle in [
        "19,2duizendeuro",
        "23,4duizendeuro",
        "Beijum-Oost",
        "2015",
        "2017",
    ] {
        assert!(two.contains(needle), "liggende staaf: {needle} ontbreekt");
    }
    // taart: each label with its value and share.
    let five = squash(s.get("5 "));
    for needle in [
        "Zorg:3(30%)",
        "Welzijn:2(20%)",
        "Informeel:4(40%)",
        "Overig:1(10%)",
    ] {
        assert!(five.contains(needle), "taartdiagram: {needle} ontbreekt");
    }
}

#[test]
fn pie_with_several_series_names_each_series() {
    let five = chapter_five_with_pie(
        "reeksen = [{ naam = \"Beijum-Oost\", waarden = [3, 2, 4, 1] }, { naam = \"Beijum-West\", waarden = [1, 1, 2, 6] }]\neenheid = \" organisaties\"",
    );
    for needle in [
        "Beijum-Oost",
        "Beijum-West",
        "Zorg:Beijum-Oost3organisaties,Beijum-West1organisaties",
    ] {
        assert!(five.contains(&squash(needle)), "{needle} ontbreekt");
    }
}

/// Percentages that add up to a little more or less than 100 (rounded
/// figures) keep the values the student typed on the slices, as in the
/// legend; the slices themselves still fill the circle.
#[test]
fn pie_in_percent_labels_slices_with_the_typed_values() {
    let five = chapter_five_with_pie(
        "reeksen = [{ naam = \"Aantal\", waarden = [30.5, 20.5, 40.5, 9.5] }]\neenheid = \"%\"",
    );
    assert_eq!(five.matches("30,5%").count(), 2, "{five}");
    assert_eq!(five.matches("40,5%").count(), 2, "{five}");
    assert!(!five.contains("30,2%"), "herschaald: {five}");
}

#[test]
fn pie_in_percent_gives_each_share_once() {
    let five = chapter_five_with_pie(
        "reeksen = [{ naam = \"Aantal\", waarden = [30, 20, 40, 10] }]\neenheid = \"%\"",
    );
    assert!(five.contains("Zorg:30%"), "{five}");
    assert!(
        !five.contains("30%(30%)"),
        "het aandeel staat er twee keer: {five}"
    );
}

/// Chapter 5 (squashed) of the fixture with the pie chart's `reeksen` line
/// replaced by `reeksen`.
fn chapter_five_with_pie(reeksen: &str) -> String {
    let text = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let text = text.replace(
        "reeksen = [{ naam = \"Aantal\", waarden = [3, 2, 4, 1] }]",
        reeksen,
    );
    let dir = copy_fixture(&text);
    let (_tmp, pdf) = build(dir.path());
    squash(Sections::new(&raw_text(&pdf)).get("5 "))
}

/// The fixture folder with another verslag.toml.
fn copy_fixture(verslag: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("hoofdstukken")).unwrap();
    for e in std::fs::read_dir(fixture_dir().join("hoofdstukken")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(
            e.path(),
            dir.path().join("hoofdstukken").join(e.file_name()),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("verslag.toml"), verslag).unwrap();
    dir
}

const THIRTY: [(&str, &str, &str); 30] = [
    ("WIJ Beijum", "welzijn", "kern"),
    ("Huisartsenpraktijk Beijum", "zorg", "eerste"),
    ("Apotheek Beijum", "zorg", "eerste"),
    ("Tandartspraktijk Het Bolwerk", "zorg", "eerste"),
    ("Fysiotherapie Beijum-Oost", "zorg", "eerste"),
    ("Thuiszorg Groningen", "zorg", "eerste"),
    ("GGD Groningen", "zorg", "eerste"),
    ("Buurtvereniging Oost", "informeel", "eerste"),
    ("Buurtvereniging West", "informeel", "eerste"),
    ("Wijkagent Beijum", "veiligheid", "eerste"),
    ("Politie Groningen Noord", "veiligheid", "eerste"),
    ("Lefier woningcorporatie", "wonen", "eerste"),
    ("Nijestee", "wonen", "tweede"),
    ("Basisschool De Bolster", "onderwijs", "tweede"),
    ("Basisschool Het Karrepad", "onderwijs", "tweede"),
    ("Noorderpoort Beijum", "onderwijs", "tweede"),
    ("Dominee Van der Meer", "sleutelfiguur", "tweede"),
    ("Imam El Idrissi", "sleutelfiguur", "tweede"),
    ("Voedselbank Groningen", "overig", "tweede"),
    ("Humanitas Thuisadministratie", "welzijn", "tweede"),
    ("Ouderenbond Beijum", "informeel", "tweede"),
    ("Sportbedrijf Groningen", "overig", "tweede"),
    ("Speeltuinvereniging Beijum", "informeel", "tweede"),
    ("Bibliotheek Beijum", "overig", "tweede"),
    ("Wijkcentrum De Wierde", "welzijn", "tweede"),
    ("Jongerenwerk Beijum", "welzijn", "tweede"),
    ("Vluchtelingenwerk Noord-Nederland", "welzijn", "tweede"),
    (
        "Schuldhulpverlening Gemeente Groningen",
        "welzijn",
        "tweede",
    ),
    (
        "Mevrouw Jansen (organiseert de buurtbarbecue)",
        "sleutelfiguur",
        "tweede",
    ),
    ("Kinderopvang Kids2b", "onderwijs", "tweede"),
];

/// Thirty entries: every name is drawn in the ring diagram, whole (the
/// raw text order keeps each box together), besides the table.
#[test]
fn thirty_sociale_kaart_entries_all_render() {
    let text = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let head = text.split("[[sociale_kaart]]").next().unwrap();
    let tail = text.split("[checklist]").nth(1).unwrap();
    let mut verslag = head.to_string();
    for (naam, soort, ring) in THIRTY {
        verslag.push_str(&format!(
            "[[sociale_kaart]]\nnaam = \"{naam}\"\nsoort = \"{soort}\"\nring = \"{ring}\"\n\n"
        ));
    }
    verslag.push_str("[checklist]");
    verslag.push_str(tail);
    let dir = copy_fixture(&verslag);
    let (_tmp, pdf) = build(dir.path());

    let raw = raw_text(&pdf);
    let start = raw
        .find("Tabel 2: Sociale kaart")
        .expect("tabel van de sociale kaart");
    let end = raw
        .find("midden: het wijkteam (kern)")
        .expect("legenda van het ringdiagram");
    assert!(raw[end..].contains("Figuur 3: Het sociale netwerk"));
    let chapter = &raw[start..end];
    // The diagram is drawn after the table, whose rows all end in their ring.
    let table_end = chapter.rfind(" ring").expect("rijen van de tabel");
    let diagram = squash(&chapter[table_end + 5..]).replace('-', "");
    for (naam, _, _) in THIRTY {
        assert!(
            diagram.contains(&squash(naam).replace('-', "")),
            "{naam} ontbreekt in het diagram"
        );
    }
}

/// Line (1-based) of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix}"))
        + 1
}

fn build_err(verslag: &str) -> String {
    let dir = copy_fixture(verslag);
    let out = dir.path().join("x.pdf");
    let (code, stderr) = build_pdf(dir.path(), &out);
    assert_eq!(code, 1, "fout verwacht: {stderr}");
    assert!(!out.exists());
    stderr
}

#[test]
fn bad_enum_values_name_the_line_and_the_allowed_values() {
    let base = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();

    let text = base.replace(
        "groen = { oordeel = \"goed\"",
        "groen = { oordeel = \"matig\"",
    );
    let err = build_err(&text);
    assert!(
        err.contains(&format!("verslag.toml:{}:", line_of(&text, "groen = "))),
        "{err}"
    );
    assert!(err.contains("\"matig\""), "{err}");
    assert!(err.contains("\"goed\", \"redelijk\", \"slecht\""), "{err}");

    let text = base.replace("zekerheid = \"gokken\"", "zekerheid = \"twijfel\"");
    let err = build_err(&text);
    assert!(
        err.contains(&format!("verslag.toml:{}:", line_of(&text, "overlast = "))),
        "{err}"
    );
    assert!(
        err.contains("\"zeker\", \"vermoeden\", \"hopen\", \"gokken\", \"vrezen\""),
        "{err}"
    );

    let text = base.replace("soort = \"onderwijs\"", "soort = \"school\"");
    let err = build_err(&text);
    assert!(
        err.contains(&format!(
            "verslag.toml:{}:",
            line_of(&text, "soort = \"school\"")
        )),
        "{err}"
    );
    assert!(err.contains("\"onderwijs\""), "{err}");

    let text = base.replace("soort = \"staaf\"", "soort = \"lijn\"");
    let err = build_err(&text);
    assert!(
        err.contains(&format!(
            "verslag.toml:{}:",
            line_of(&text, "soort = \"lijn\"")
        )),
        "{err}"
    );
    assert!(
        err.contains("\"staaf\", \"liggende-staaf\", \"taart\""),
        "{err}"
    );
}

#[test]
fn unknown_form_ids_name_the_line_and_the_known_ids() {
    let base = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();

    // A typo: the closest id is offered.
    let text = base.replace("\nvervoer = ", "\nvervoeer = ");
    let err = build_err(&text);
    assert!(
        err.contains(&format!(
            "verslag.toml:{}:1: `vervoeer` is geen item van de Windshield Survey",
            line_of(&text, "vervoeer")
        )),
        "{err}"
    );
    assert!(err.contains("bedoelde je `vervoer`?"), "{err}");

    // Nothing close: every allowed id is listed.
    let text = base.replace("\nvervoer = ", "\nxyz = ");
    let err = build_err(&text);
    assert!(
        err.contains(&format!("verslag.toml:{}:1:", line_of(&text, "xyz = "))),
        "{err}"
    );
    assert!(err.contains("geschiedenis, grenzen, huisvesting"), "{err}");

    let text = base.replace("\noverlast = ", "\noverlats = ");
    let err = build_err(&text);
    assert!(
        err.contains(&format!(
            "verslag.toml:{}:1: `overlats` is geen factor van de Checklist wijkdiagnose",
            line_of(&text, "overlats")
        )),
        "{err}"
    );
    assert!(err.contains("bedoelde je `overlast`?"), "{err}");
}

/// The page (1-based) of `pdf` whose text contains `needle`.
/// The text of every page, in order.
fn page_texts(pdf: &Path) -> Vec<String> {
    (1..=common::pdf_pages(pdf))
        .map(|p| {
            let p = p.to_string();
            let out = Command::new("pdftotext")
                .args(["-f", &p, "-l", &p])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect()
}

/// The number of the first page that has `needle`.
fn page_with(pdf: &Path, needle: &str) -> usize {
    page_texts(pdf)
        .iter()
        .position(|t| t.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} staat op geen enkele pagina"))
}

/// Words of one page with their boxes in pixels at `dpi`.
fn word_boxes(pdf: &Path, page: usize, dpi: f64) -> Vec<(String, [u32; 4])> {
    let px = |pt: f64| (pt * dpi / 72.0) as u32;
    common::pdf_words(pdf, Some(page))
        .into_iter()
        .map(|(word, [x0, y0, x1, y1])| {
            let b = [
                px(x0) + 1,
                px(y0) + 1,
                px(x1).saturating_sub(1),
                px(y1).saturating_sub(1),
            ];
            (word, b)
        })
        .collect()
}

/// The sample's network diagram: no name runs through the border of its
/// box. A border is a line of box colour that crosses a word's box from
/// outside to outside; a glyph of coloured text never reaches past its
/// own box.
#[test]
fn network_names_stay_inside_their_boxes() {
    let (_tmp, pdf) = build(&common::sample());
    let page = page_with(&pdf, "Figuur 10: Het sociale netwerk");
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "100",
            "-png",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let img = image::open(&png).unwrap().to_rgb8();
    // Box borders are the soort colours at full strength; fills, grey ring
    // lines and black text are not.
    let coloured = |x: u32, y: u32| {
        img.get_pixel_checked(x, y).is_some_and(|p| {
            let (hi, lo) = (p.0.iter().max().unwrap(), p.0.iter().min().unwrap());
            hi - lo >= 50
        })
    };
    let mut crossed = Vec::new();
    for (word, [x0, y0, x1, y1]) in word_boxes(&pdf, page, 100.0) {
        let area = (x0..=x1).flat_map(|x| (y0..=y1).map(move |y| (x, y)));
        let fill = area.clone().filter(|&(x, y)| coloured(x, y)).count();
        if fill * 2 > area.count() {
            continue; // white text on the wijkteam's filled circle
        }
        let vertical = (x0..=x1).any(|x| (y0.saturating_sub(3)..=y1 + 3).all(|y| coloured(x, y)));
        let horizontal = (y0..=y1).any(|y| (x0.saturating_sub(3)..=x1 + 3).all(|x| coloured(x, y)));
        if vertical || horizontal {
            crossed.push(word);
        }
    }
    assert!(crossed.is_empty(), "door de rand van hun vak: {crossed:?}");
}

/// A card that fits on a page is kept whole: its title and its last row
/// (Bronnen) are on one page.
#[test]
fn an_intervention_card_is_not_split_across_pages() {
    let (_tmp, pdf) = build(&common::sample());
    for title in ["Interventie 1:", "Interventie 2:", "Interventie 3:"] {
        let page = page_with(&pdf, title);
        let p = page.to_string();
        let out = Command::new("pdftotext")
            .args(["-raw", "-f", &p, "-l", &p])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let card = &text[text.find(title).unwrap()..];
        assert!(
            card.contains("Bronnen"),
            "{title} loopt door op de volgende pagina (pagina {page})"
        );
    }
}

/// A negative value (a fall, a saldo) is drawn the other way from the zero
/// axis, not as a bar as tall as the positive one: −40 hangs below where +40
/// stands, and in a horizontal chart −40 lies left of where +40 starts.
#[test]
fn negative_bars_go_the_other_way() {
    let text = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let text = text
        .replace(
            "reeksen = [{ naam = \"Beijum\", waarden = [38, 27, 35] }, { naam = \"Groningen\", waarden = [60, 21, 19] }]",
            "reeksen = [{ naam = \"Beijum\", waarden = [-40, 27, 35] }, { naam = \"Groningen\", waarden = [40, 21, 19] }]",
        )
        .replace(
            "reeksen = [{ naam = \"2015\", waarden = [19.2, 20.4, 22.1] }, { naam = \"2017\", waarden = [19.9, 21.0, 23.4] }]",
            "reeksen = [{ naam = \"2015\", waarden = [-33, 20.4, 1230] }, { naam = \"2017\", waarden = [33, 21.0, 23.4] }]",
        );
    let dir = copy_fixture(&text);
    let (_tmp, pdf) = build(dir.path());
    let page = page_with(&pdf, "Huishoudens naar samenstelling");
    let words = word_boxes(&pdf, page, 72.0);
    let at = |w: &str| -> [u32; 4] {
        let hits: Vec<[u32; 4]> = words
            .iter()
            .filter(|(t, _)| t == w)
            .map(|(_, b)| *b)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{w} staat er niet precies één keer: {words:?}"
        );
        hits[0]
    };
    // Vertical: 5 cm over 80 %, so −40 % is about 2.5 cm (71 pt) below +40 %,
    // counting both labels.
    let (down, up) = (at("−40%"), at("40%"));
    assert!(
        down[1] > up[3] + 60,
        "−40% ({down:?}) hangt niet onder de as, 40% op {up:?}"
    );
    // Thousands grouped with a point, as in Dutch figures.
    at("1.230");
    // Horizontal: −33 ends where 33 begins, 9 cm over 1263 → about 0.24 cm
    // (7 pt) of bar, and the value "−33" itself left of that.
    let (left, right) = (at("−33"), at("33"));
    assert!(
        left[2] + 6 < right[0],
        "−33 ({left:?}) ligt niet links van de as, 33 op {right:?}"
    );
}

/// Input that would print something meaningless is refused with its line:
/// a pie of zeros (an empty circle), a chart without labels (a numbered
/// figure of nothing), a year no source can have.
#[test]
fn charts_of_nothing_and_impossible_years_are_refused() {
    let base = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();

    let text = base.replace(
        "reeksen = [{ naam = \"Aantal\", waarden = [3, 2, 4, 1] }]",
        "reeksen = [{ naam = \"Aantal\", waarden = [0, 0, 0, 0] }]",
    );
    let err = build_err(&text);
    assert!(
        err.contains(&format!(
            "verslag.toml:{}:",
            line_of(&text, "reeksen = [{ naam = \"Aantal\"")
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "de reeks \"Aantal\" heeft alleen nullen: een taartgrafiek kan dan niets verdelen"
        ),
        "{err}"
    );

    let text = base
        .replace(
            "labels = [\"Zorg\", \"Welzijn\", \"Informeel\", \"Overig\"]",
            "labels = []",
        )
        .replace(
            "reeksen = [{ naam = \"Aantal\", waarden = [3, 2, 4, 1] }]",
            "reeksen = [{ naam = \"Aantal\", waarden = [] }]",
        );
    let err = build_err(&text);
    assert!(
        err.contains(&format!("verslag.toml:{}:", line_of(&text, "labels = []"))),
        "{err}"
    );
    assert!(err.contains("de grafiek heeft geen labels"), "{err}");

    let text = base.replacen("jaar = 2017", "jaar = -5", 1);
    let err = build_err(&text);
    assert!(
        err.contains(&format!("verslag.toml:{}:", line_of(&text, "jaar = -5"))),
        "{err}"
    );
    assert!(err.contains("het jaar -5 kan niet kloppen"), "{err}");
    assert!(
        err.contains("tip: schrijf het jaar voluit in vier cijfers, bijvoorbeeld jaar = 2019"),
        "{err}"
    );
}

/// The fixture with chapters 4 and 5 replaced by `ch4` and `ch5`.
fn with_chapters_4_and_5(ch4: &str, ch5: &str) -> tempfile::TempDir {
    let verslag = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let dir = copy_fixture(&verslag);
    let chapters = dir.path().join("hoofdstukken");
    std::fs::write(chapters.join("4-verhalen.md"), ch4).unwrap();
    std::fs::write(chapters.join("5-netwerk.md"), ch5).unwrap();
    dir
}

/// A paragraph `[[interview]]` puts the interview there, inside the
/// students' own section; a part the chapter does not place comes after the
/// students' last section under a numbered section of its own, listed in the
/// contents. Numbers follow the order on the page: the sociale kaart placed
/// above a Markdown table gets the lower table number. The kaart's marker is
/// written with the en dash a word processor makes of a hyphen.
#[test]
fn generated_parts_go_where_the_chapter_places_them_else_in_a_section_of_their_own() {
    let dir = with_chapters_4_and_5(
        "# Opzet\n\nVOOR het interview.\n\n[[interview]]\n\n# Analyse\n\nNA het interview.\n",
        "# Ringen\n\nDe kaart staat hieronder.\n\n[[sociale–kaart]]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTabel: Eigen tabel\n\n# Sleutelfiguren\n\nLAATSTE tekst.\n",
    );
    let (_tmp, pdf) = build(dir.path());
    let text = raw_text(&pdf);
    let s = Sections::new(&text);
    let four = squash(s.get("4 "));
    let at = |hay: &str, needle: &str| {
        hay.find(&squash(needle))
            .unwrap_or_else(|| panic!("`{needle}` niet gevonden in:\n{hay}"))
    };
    let question = "Hoe lang woont u al in de wijk";
    assert!(at(&four, "VOOR het interview") < at(&four, question));
    assert!(at(&four, question) < at(&four, "4.2 Analyse"));
    assert!(at(&four, "4.2 Analyse") < at(&four, "NA het interview"));
    assert!(!four.contains("[[interview]]"), "{four}");
    assert!(
        !four.contains(&squash("Het interview")),
        "geen eigen paragraaf: {four}"
    );

    let five = squash(s.get("5 "));
    assert!(at(&five, "De kaart staat hieronder") < at(&five, "Tabel 2: Sociale kaart van Beijum"));
    assert!(at(&five, "Tabel 2: Sociale kaart") < at(&five, "Tabel 3: Eigen tabel"));
    assert!(at(&five, "Tabel 3: Eigen tabel") < at(&five, "5.2 Sleutelfiguren"));

    // Chapter 6 places nothing: its checklist comes after its last section.
    let six = squash(s.get("6 "));
    assert!(at(&six, "6.1 Inleiding") < at(&six, "6.2 Uitkomsten van de checklist"));
    assert!(
        at(&six, "6.2 Uitkomsten van de checklist") < at(&six, "Tabel 4: Checklist wijkdiagnose")
    );
    // Unplaced tables and charts share a section; one alone is named by its title.
    s.has("2 ", "2.2 Tabellen en grafieken");
    assert!(
        at(&six, "6.3 Bronnen van de checklist") < at(&six, "Tabel 5: Bronnen van de checklist")
    );
    // In the contents too (leader dots, then the page number).
    assert!(
        text.lines()
            .any(|l| l.starts_with("6.2 Uitkomsten van de checklist") && l.contains(". . .")),
        "{text}"
    );
}

/// A marker that cannot be placed stays as typed, with a warning saying
/// where it belongs; `check` says the same, and a second one is not printed.
#[test]
fn a_marker_that_cannot_be_placed_is_printed_with_a_warning() {
    let dir = with_chapters_4_and_5(
        "# Opzet\n\n[[intervieuw]]\n\n[[interview]]\n\n[[Interview]]\n",
        "# Ringen\n\n[[interview]]\n\n- [[sociale-kaart]]\n\nZie hieronder.\n[[tabellen]]\n\n`[[checklist]]` en \\[[checklist]] zijn tekst.\n",
    );
    std::fs::write(
        dir.path().join("hoofdstukken/2-gegevens.md"),
        "# Cijfers\n\n[[kerncijfers]]\n\n[[Windshield]]\n",
    )
    .unwrap();
    let out = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &out);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "waarschuwing: hoofdstukken/4-verhalen.md:3: [[intervieuw]] is geen onderdeel van het verslag; het staat hier als gewone tekst\n  tip: bedoelen jullie [[interview]]?",
        "waarschuwing: hoofdstukken/4-verhalen.md:7: [[Interview]] staat al eerder in dit hoofdstuk (regel 5); het staat hier als gewone tekst",
        "waarschuwing: hoofdstukken/5-netwerk.md:3: [[interview]] hoort in hoofdstuk 4 (De verhalen achter de gegevens); het staat hier als gewone tekst\n  tip: verplaats de regel naar hoofdstuk 4",
        "waarschuwing: hoofdstukken/5-netwerk.md:5: [[sociale-kaart]] staat niet los in een eigen alinea; het staat hier als gewone tekst\n  tip: zet [[sociale-kaart]] op een eigen regel, met een witregel erboven en eronder (niet in een opsomming, citaat, tabel of kop)",
        "waarschuwing: hoofdstukken/5-netwerk.md:8: [[tabellen]] staat niet los in een eigen alinea",
        "waarschuwing: hoofdstukken/2-gegevens.md:5: [[Windshield]] kan niet in de tekst: de ingevulde Windshield Survey staat altijd in Bijlage A; het staat hier als gewone tekst",
        "waarschuwing: hoofdstukken/2-gegevens.md:3: [[kerncijfers]] staat hier, maar verslag.toml heeft geen CBS-tabel (cbs = …); er komt hier nog niets\n  tip: zet onder [verslag] cbs = { bestand = \"data/….csv\", code = \"WK…\" }, of haal de regel weg",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    let text = raw_text(&out);
    let s = Sections::new(&text);
    assert_eq!(
        s.get("4 ")
            .matches("Hoe lang woont u al in de wijk")
            .count(),
        1
    );
    s.has("4 ", "[[intervieuw]]");
    s.has("5 ", "[[interview]]");
    // In a list it is text, and the sociale kaart comes in its own section.
    s.has("5 ", "[[sociale-kaart]]");
    s.has("5 ", "5.2 De sociale kaart");

    let (_, stdout, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert!(
        stdout.contains("[[intervieuw]] is geen onderdeel van het verslag"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[[interview]] hoort in hoofdstuk 4"),
        "{stdout}"
    );
}

/// The two factor boxes stand side by side on one page: split, the rest
/// of the second box went on alone at the top of the next page (the
/// sample's did, with three factors).
#[test]
fn the_factor_boxes_are_not_split_across_pages() {
    let (_tmp, pdf) = build(&common::sample());
    let page = page_with(&pdf, "Gezondheidsbevorderende factoren");
    assert_eq!(page_with(&pdf, "Gezondheidsbelemmerende factoren"), page);
    assert_eq!(page_with(&pdf, "Overgewicht (vrezen)"), page);
}

/// Wherever chapter 4's own text ends on the page, the interview's section
/// heading, its header box and the first question stay on one page: over
/// 25 lengths of text, some of which push the heading to a new page.
#[test]
fn the_interview_heading_and_header_box_are_not_left_at_a_page_foot() {
    let verslag = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let dir = copy_fixture(&verslag);
    let mut moved = 0;
    for n in (20..70).step_by(2) {
        let text = (0..n)
            .map(|i| format!("Regel {i} met wat tekst om de bladzijde te vullen."))
            .collect::<Vec<_>>()
            .join("\n\n");
        std::fs::write(
            dir.path().join("hoofdstukken/4-verhalen.md"),
            format!("# Inleiding\n\n{text}\n"),
        )
        .unwrap();
        let (_tmp, pdf) = build(dir.path());
        let pages = page_texts(&pdf);
        // The first page after the title page and contents that has it.
        let page = |needle: &str| (2..pages.len()).find(|&i| pages[i].contains(needle));
        let heading = page("4.2 Het interview");
        assert_eq!(heading, page("Respondent"), "{n} regels");
        assert_eq!(
            heading,
            page("Hoe lang woont u al in de wijk?"),
            "{n} regels"
        );
        if heading != page(&format!("Regel {} met", n - 1)) {
            moved += 1;
        }
    }
    assert!(moved > 0, "no length put the heading near a page foot");
}

/// Wherever the text above them ends on the page, a table's source line
/// stays with the table's last row, and the sociale kaart's caption and
/// column heads stay with the first entry: over 24 text heights in steps
/// of about one line, some of which end the table or start the kaart at a
/// page foot (the old templates left "Bron: …" alone at the top of a page
/// for three of them and the kaart's caption without entries for three).
#[test]
fn a_source_line_and_the_kaart_heads_are_not_left_alone_at_a_page_break() {
    let verslag = std::fs::read_to_string(fixture_dir().join("verslag.toml")).unwrap();
    let dir = copy_fixture(&verslag);
    let (mut split, mut moved) = (0, 0);
    for n in 23..29 {
        for k in 0..4 {
            let mut text = (0..n)
                .map(|i| format!("Regel {i} met wat tekst om de bladzijde te vullen."))
                .collect::<Vec<_>>()
                .join("\n\n");
            // Lines of a paragraph are closer together than paragraphs: the
            // two steps together reach every height to within a line.
            text.push_str("\n\n");
            text.push_str(
                &(0..=k)
                    .map(|i| format!("Losse regel {i}"))
                    .collect::<Vec<_>>()
                    .join("\\\n"),
            );
            let chapters = dir.path().join("hoofdstukken");
            std::fs::write(
                chapters.join("2-gegevens.md"),
                format!("# Inleiding\n\n{text}\n\n[[tabellen]]\n"),
            )
            .unwrap();
            std::fs::write(
                chapters.join("5-netwerk.md"),
                format!("# Inleiding\n\n{text}\n\n[[sociale_kaart]]\n"),
            )
            .unwrap();
            let (_tmp, pdf) = build(dir.path());
            let pages = page_texts(&pdf);
            let page = |needle: &str| (2..pages.len()).find(|&i| pages[i].contains(needle));
            let source = page("Bron: Centraal Bureau voor de Statistiek (2017)");
            assert!(source.is_some(), "{n}/{k}: geen bronregel");
            assert_eq!(source, page("25-44"), "{n}/{k}: bronregel alleen");
            split += usize::from(page("0-14") != source);
            let kaart = page("Sociale kaart van Beijum");
            assert!(kaart.is_some(), "{n}/{k}: geen sociale kaart");
            assert_eq!(kaart, page("Zorg (1)"), "{n}/{k}: kaart zonder groep");
            assert_eq!(
                kaart,
                page("Huisartsenpraktijk Beijum"),
                "{n}/{k}: kaart zonder rijen"
            );
            moved += usize::from(kaart != page(&format!("Losse regel {k}")));
        }
    }
    assert!(split > 0, "no height split the table over two pages");
    assert!(moved > 0, "no height put the kaart at a page foot");
}

/// `[@id]` in a text of verslag.toml prints as the chapters' citations do,
/// in the PDF and in the DOCX: an interview answer, a checklist toelichting
/// (chapter 6 and the filled form in Bijlage C), a Windshield answer in
/// Bijlage A. A wrong id stops the build at its own line.
#[test]
fn citations_in_verslag_toml_print_as_in_the_chapters() {
    let verslag = std::fs::read_to_string(fixture_dir().join("verslag.toml"))
        .unwrap()
        .replace(
            "toen de kinderen nog klein waren.\"",
            "toen de kinderen nog klein waren [@movisie2019].\"",
        )
        .replace(
            "Veel alleenstaande ouderen.\"",
            "Veel alleenstaande ouderen [@cbs2017, p. 2].\"",
        )
        .replace(
            "noemen het een dorp in de stad.\"",
            "noemen het een dorp in de stad [@cbs2017; @movisie2019].\"",
        );
    let dir = copy_fixture(&verslag);
    let (_tmp, pdf) = build(dir.path());
    let text = squash(&common::pdf_text(&pdf));
    for cited in [
        "klein waren (Movisie, 2019).",
        "ouderen (Centraal Bureau voor de Statistiek, 2017, p. 2).",
        "in de stad (Centraal Bureau voor de Statistiek, 2017; Movisie, 2019).",
    ] {
        assert!(text.contains(&squash(cited)), "{cited} ontbreekt in de PDF");
    }
    assert!(
        !text.contains("[@"),
        "een [@…] staat nog als tekst in de PDF"
    );

    let docx = _tmp.path().join("verslag.docx");
    let (code, err) = build_pdf(dir.path(), &docx);
    assert_eq!(code, 0, "{err}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("klein waren (Movisie, 2019)."), "DOCX");
    assert!(
        !xml.contains("[@"),
        "een [@…] staat nog als tekst in de DOCX"
    );

    let wrong = verslag.replace("[@movisie2019].", "[@movisie2091].");
    let err = build_err(&wrong);
    let line = line_of(&wrong, "antwoord = \"Sinds 1988");
    assert!(
        err.contains(&format!(
            "verslag.toml:{line}:{}: de bron `movisie2091` staat niet in [[bronnen]] van verslag.toml\n  tip: bedoelde je `[@movisie2019]`?",
            wrong.lines().nth(line - 1).unwrap().find("[@").unwrap() + 1
        )),
        "{err}"
    );
}
