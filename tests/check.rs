//! `wijkverslag check`: one fixture per rule of issue 4, each asserting the
//! finding's level, stap, place and message; one fixture breaking many rules
//! at once; the complete fixture and the sample without any `fout`.

mod common;

use common::{build_pdf, fixture, run};
use wijkverslag::check::{self, Finding, Level};
use wijkverslag::forms::Forms;

/// The parts of a complete `verslag.toml`; a test replaces one to break a rule.
#[derive(Clone)]
struct Toml {
    verslag: String,
    groepsleden: String,
    windshield: String,
    interview: String,
    checklist: String,
    kaart: String,
    grafieken: String,
    verbeterpunten: String,
    interventies: String,
    bronnen: String,
}

impl Toml {
    fn complete() -> Toml {
        let forms = Forms::builtin();
        let mut windshield = String::from(
            "[windshield]\ndatum = 2019-12-03\ntijd = \"14.00-16.00 uur\"\nweer = \"Bewolkt\"\nwaarnemers = [\"Fatima\", \"Daan\"]\nroute = \"Van het winkelcentrum naar het park\"\n\n[windshield.antwoorden]\n",
        );
        for id in forms.windshield_ids() {
            windshield.push_str(&format!("{id} = \"Wat we zagen bij {id}.\"\n"));
        }
        let mut checklist = String::from("[checklist]\n");
        for id in forms.factor_ids() {
            checklist.push_str(&format!(
                "{id} = {{ oordeel = \"redelijk\", zekerheid = \"zeker\" }}\n"
            ));
        }
        let mut interview = String::from(
            "[interview]\nrespondent = \"Bewoner (67), woont 31 jaar in Beijum\"\ndatum = 2019-12-05\nplaats = \"Wijkcentrum\"\n",
        );
        for i in 1..=5 {
            interview.push_str(&format!(
                "\n[[interview.vragen]]\nvraag = \"Vraag {i}?\"\nantwoord = \"Antwoord {i}.\"\n"
            ));
        }
        let mut kaart = String::new();
        for (naam, ring) in [
            ("WIJ Beijum", "kern"),
            ("Huisartsenpraktijk Beijum", "eerste"),
            ("Wijkagent", "eerste"),
            ("Speeltuinvereniging", "tweede"),
        ] {
            kaart.push_str(&format!(
                "[[sociale_kaart]]\nnaam = \"{naam}\"\nsoort = \"welzijn\"\nring = \"{ring}\"\n\n"
            ));
        }
        let mut interventies = String::new();
        for t in ["Buurtkamer", "Huiswerkklas", "Wandelgroep"] {
            interventies.push_str(&format!(
                "[[interventies]]\ntitel = \"{t}\"\nproblematiek = \"Eenzaamheid.\"\ndoelgroep = \"Bewoners\"\ndoel = \"Meer contact.\"\naanpak = \"Wekelijks samenkomen.\"\nbetrokken = [\"WIJ Beijum\"]\nplanning = \"Vanaf maart.\"\nverantwoording = \"Past bij de wijkdiagnose.\"\nbronnen = [\"cbs2017\"]\n\n"
            ));
        }
        Toml {
            verslag: "[verslag]\ntitel = \"Wijkanalyse Beijum\"\nwijk = \"Beijum\"\ninleverdatum = 2019-12-23\ndatum = 2019-12-20\n\n".into(),
            groepsleden: "[[groepsleden]]\nnaam = \"Fatima el Amrani\"\n\n".into(),
            windshield: windshield + "\n",
            interview: interview + "\n",
            checklist: checklist + "\n",
            kaart,
            grafieken: "[[grafieken]]\nhoofdstuk = 2\ntitel = \"Huishoudens\"\nsoort = \"staaf\"\nlabels = [\"Een\", \"Twee\"]\nreeksen = [{ naam = \"Beijum\", waarden = [38, 62] }]\nbron = \"cbs2017\"\n\n".into(),
            verbeterpunten: "[[verbeterpunten]]\ntitel = \"Minder eenzaamheid\"\nspecifiek = \"Ouderen in Beijum-Oost.\"\nmeetbaar = \"Van 48% naar 40%.\"\nacceptabel = \"WIJ Beijum en de ouderenbond.\"\nrealistisch = \"Er is een buurtkamer.\"\ntijdgebonden = \"Voor 1 juli 2020.\"\n\n".into(),
            interventies,
            bronnen: "[[bronnen]]\nid = \"cbs2017\"\nauteur = \"Centraal Bureau voor de Statistiek\"\njaar = 2017\ntitel = \"Wijk- en buurtkaart 2017\"\n\n[[bronnen]]\nid = \"rivm2018\"\nauteur = \"RIVM\"\njaar = 2018\ntitel = \"Eenzaamheid in Nederland\"\n".into(),
        }
    }

    fn text(&self) -> String {
        [
            &self.verslag,
            &self.groepsleden,
            &self.windshield,
            &self.interview,
            &self.checklist,
            &self.kaart,
            &self.grafieken,
            &self.verbeterpunten,
            &self.interventies,
            &self.bronnen,
        ]
        .iter()
        .map(|s| s.as_str())
        .collect()
    }
}

/// About two hundred words of prose.
fn prose() -> String {
    "In deze wijk wonen veel gezinnen met jonge kinderen en ook veel ouderen die er al lang wonen. "
        .repeat(11)
}

/// The eight chapters; chapter 7 cites the RIVM source.
fn chapters() -> Vec<(String, String)> {
    let names = [
        "1-wijk",
        "2-gegevens",
        "3-observatie",
        "4-verhalen",
        "5-netwerk",
        "6-checklist",
        "7-wijkdiagnose",
        "8-interventies",
    ];
    names
        .iter()
        .map(|n| {
            let mut text = format!("<!-- hulpvragen van {n} -->\n\n{}\n", prose());
            if n.starts_with('7') {
                text.push_str("\nEenzaamheid is een groot probleem [@rivm2018].\n");
            }
            (format!("hoofdstukken/{n}.md"), text)
        })
        .collect()
}

/// A group folder from a verslag.toml and chapters, with changes to the chapters.
fn group(toml: &Toml, change: &[(&str, Option<&str>)]) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![("verslag.toml".into(), toml.text())];
    for (path, text) in chapters() {
        match change.iter().find(|(p, _)| *p == path) {
            Some((_, Some(new))) => files.push((path, new.to_string())),
            Some((_, None)) => {}
            None => files.push((path, text)),
        }
    }
    for (path, text) in change {
        if let Some(t) = text
            && !files.iter().any(|(p, _)| p == path)
        {
            files.push((path.to_string(), t.to_string()));
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    fixture(&refs)
}

fn findings(toml: &Toml, change: &[(&str, Option<&str>)]) -> Vec<Finding> {
    let dir = group(toml, change);
    let model = wijkverslag::model::load(dir.path()).expect("fixture loads");
    check::check(&model)
}

/// `verslag.toml:LINE:COL` of the first occurrence of `needle`.
fn at(toml: &Toml, needle: &str) -> String {
    let text = toml.text();
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("verslag.toml:{line}:{col}")
}

/// The one finding with this message; fails listing all findings otherwise.
fn find<'a>(all: &'a [Finding], message: &str) -> &'a Finding {
    let hits: Vec<&Finding> = all.iter().filter(|f| f.message == message).collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one finding {message:?}, got:\n{}",
        dump(all)
    );
    hits[0]
}

fn dump(all: &[Finding]) -> String {
    all.iter()
        .map(|f| format!("{:?} {:?} {} {}", f.level, f.stap, f.place, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_finding(
    all: &[Finding],
    level: Level,
    stap: Option<u32>,
    place: &str,
    message: &str,
) -> Finding {
    let f = find(all, message).clone();
    assert_eq!(
        (f.level, f.stap, f.place.to_string().as_str()),
        (level, stap, place),
        "finding {message:?}"
    );
    f
}

#[test]
fn complete_fixture_has_no_findings() {
    let all = findings(&Toml::complete(), &[]);
    assert!(all.is_empty(), "unexpected findings:\n{}", dump(&all));
}

#[test]
fn rule1_chapter_missing_empty_or_short() {
    let all = findings(
        &Toml::complete(),
        &[
            ("hoofdstukken/3-observatie.md", None),
            (
                "hoofdstukken/4-verhalen.md",
                Some("<!-- Wat vertelden de bewoners? -->\n\n# Het interview\n"),
            ),
            (
                "hoofdstukken/5-netwerk.md",
                Some(
                    "De sociale kaart staat hieronder, met twintig woorden aan uitleg over wie er in de wijk helpt.\n",
                ),
            ),
        ],
    );
    let f = assert_finding(
        &all,
        Level::Fout,
        Some(3),
        "hoofdstukken/3-….md",
        "hoofdstuk 3 (Observatie van de wijk) ontbreekt",
    );
    assert_eq!(
        f.hint.as_deref(),
        Some("schrijf het hoofdstuk in hoofdstukken/3-observatie.md")
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(4),
        "hoofdstukken/4-verhalen.md",
        "hoofdstuk 4 (De verhalen achter de gegevens) heeft nog geen tekst",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(5),
        "hoofdstukken/5-netwerk.md",
        "hoofdstuk 5 (Het sociale netwerk) is kort: 17 woorden",
    );
    assert_eq!(all.len(), 3, "{}", dump(&all));
}

#[test]
fn rule2_visible_material() {
    let mut toml = Toml::complete();
    toml.grafieken.clear();
    toml.bronnen = toml.bronnen.replace(
        "id = \"cbs2017\"",
        "id = \"cbs2017\"\nurl = \"https://www.cbs.nl/\"",
    );
    let ch1 = format!("{}\n\nTekst met [@cbs2017].\n", prose());
    let all = findings(&toml, &[("hoofdstukken/1-wijk.md", Some(&ch1))]);
    assert_finding(
        &all,
        Level::Fout,
        None,
        "hoofdstukken/",
        "het verslag heeft geen enkele foto of figuur",
    );

    // A photo that exists counts; one that does not is a fout with its line.
    let ch1 = format!(
        "{}\n\n![Het winkelcentrum](../fotos/winkelcentrum.jpg)\n\nTekst met [@cbs2017].\n",
        prose()
    );
    let dir = group(
        &toml,
        &[
            ("hoofdstukken/1-wijk.md", Some(&ch1)),
            ("fotos/winkelcentrum.jpg", Some("jpeg")),
        ],
    );
    let model = wijkverslag::model::load(dir.path()).unwrap();
    assert!(
        check::check(&model).is_empty(),
        "{}",
        dump(&check::check(&model))
    );
    let ch1 = ch1.replace("winkelcentrum.jpg", "winkelcentum.jpg");
    let all = findings(&toml, &[("hoofdstukken/1-wijk.md", Some(&ch1))]);
    assert_finding(
        &all,
        Level::Fout,
        Some(1),
        "hoofdstukken/1-wijk.md:3",
        "de afbeelding `../fotos/winkelcentum.jpg` bestaat niet",
    );
    assert_finding(
        &all,
        Level::Fout,
        None,
        "hoofdstukken/",
        "het verslag heeft geen enkele foto of figuur",
    );
}

#[test]
fn rule3_windshield_header_and_items() {
    let mut toml = Toml::complete();
    toml.windshield = toml.windshield.replace("weer = \"Bewolkt\"\n", "").replace(
        "huisvesting = \"Wat we zagen bij huisvesting.\"",
        "huisvesting = \" \"",
    );
    toml.windshield = toml
        .windshield
        .replace("verval = \"Wat we zagen bij verval.\"\n", "");
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(3),
        &at(&toml, "windshield]"),
        "in de kop van de Windshield Survey ontbreekt: weer",
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(3),
        &at(&toml, "\" \""),
        "het onderdeel \"Huisvesting\" van de Windshield Survey is niet beantwoord",
    );
    let f = assert_finding(
        &all,
        Level::Fout,
        Some(3),
        &at(&toml, "antwoorden]"),
        "het onderdeel \"Verval en verbetering\" van de Windshield Survey is niet beantwoord",
    );
    assert_eq!(
        f.hint.as_deref(),
        Some("schrijf onder [windshield.antwoorden] wat jullie zagen: verval = \"…\"")
    );
    assert_eq!(all.len(), 3, "{}", dump(&all));

    toml.windshield.clear();
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(3),
        "verslag.toml",
        "de Windshield Survey is niet ingevuld",
    );
}

#[test]
fn rule4_interview() {
    let mut toml = Toml::complete();
    toml.interview = "[interview]\nrespondent = \"Jan de Vries, 67 jaar\"\n\n[[interview.vragen]]\nvraag = \"Hoe lang woont u hier al?\"\nantwoord = \"Dertig jaar.\"\n\n[[interview.vragen]]\nvraag = \"Wat mist u in de wijk?\"\nantwoord = \"\"\n\n".into();
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(4),
        &at(&toml, "\"Jan de Vries"),
        "de respondent lijkt met naam genoemd: \"Jan de Vries\"",
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(4),
        &at(&toml, "interview]"),
        "de datum van het interview ontbreekt",
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(4),
        &at(&toml, "[[interview.vragen]]"),
        "het interview heeft 2 vragen; minstens 5 nodig",
    );
    let second = toml.text().find("vraag = \"Wat mist").unwrap();
    let text = toml.text();
    let line = text[..second].matches('\n').count(); // the [[interview.vragen]] header above it
    assert_finding(
        &all,
        Level::Fout,
        Some(4),
        &format!("verslag.toml:{line}:1"),
        "vraag 2 van het interview (\"Wat mist u in de wijk?\") is niet beantwoord",
    );
    assert_eq!(all.len(), 4, "{}", dump(&all));

    toml.interview = toml.interview.replace("Jan de Vries, 67 jaar", "");
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(4),
        &at(&toml, "interview]"),
        "de respondent van het interview is niet beschreven",
    );
}

#[test]
fn rule5_checklist() {
    let mut toml = Toml::complete();
    toml.checklist = toml
        .checklist
        .replace(
            "huisvesting = { oordeel = \"redelijk\", zekerheid = \"zeker\" }",
            "huisvesting = { oordeel = \"redelijk\" }",
        )
        .replace(
            "groen = { oordeel = \"redelijk\", zekerheid = \"zeker\" }\n",
            "",
        )
        // As `init` writes a factor: there, but not rated. It counts with
        // the absent ones, not as a finding of its own.
        .replace(
            "speelgelegenheid = { oordeel = \"redelijk\", zekerheid = \"zeker\" }",
            "speelgelegenheid = {}",
        )
        .replace(
            "eenzaamheid = { oordeel = \"redelijk\", zekerheid = \"zeker\" }",
            "eenzaamheid = { oordeel = \"slecht\", zekerheid = \"vermoeden\" }",
        )
        .replace(
            "overgewicht = { oordeel = \"redelijk\", zekerheid = \"zeker\" }",
            "overgewicht = { oordeel = \"slecht\", zekerheid = \"gokken\" }",
        );
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(6),
        &at(&toml, "huisvesting = {"),
        "bij de factor \"Huisvesting\" ontbreekt zekerheid",
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(6),
        &at(&toml, "checklist]"),
        "2 van de 33 factoren zijn niet beoordeeld: \"Groen en openbare ruimte\" en \"Speelgelegenheid\"",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(6),
        &at(&toml, "checklist]"),
        "2 factoren moeten verder onderzocht worden: \"Eenzaamheid en sociaal isolement\" en \"Overgewicht\"",
    );
    assert_eq!(all.len(), 3, "{}", dump(&all));
}

#[test]
fn rule6_chapter7_cites_a_source() {
    let mut toml = Toml::complete();
    toml.bronnen = toml.bronnen.replace("[[bronnen]]\nid = \"rivm2018\"\nauteur = \"RIVM\"\njaar = 2018\ntitel = \"Eenzaamheid in Nederland\"\n", "");
    let all = findings(&toml, &[("hoofdstukken/7-wijkdiagnose.md", Some(&prose()))]);
    let f = assert_finding(
        &all,
        Level::Fout,
        Some(7),
        "hoofdstukken/7-wijkdiagnose.md",
        "hoofdstuk 7 verwijst naar geen enkele bron",
    );
    assert!(
        f.hint
            .unwrap()
            .contains("een bron over de sociale problematiek")
    );
    assert_eq!(all.len(), 1, "{}", dump(&all));
}

#[test]
fn rule7_smart_verbeterpunten() {
    let mut toml = Toml::complete();
    toml.verbeterpunten = toml
        .verbeterpunten
        .replace("acceptabel = \"WIJ Beijum en de ouderenbond.\"\n", "")
        .replace("Van 48% naar 40%.", "Minder eenzame ouderen.")
        .replace("Voor 1 juli 2020.", "Zo snel mogelijk.");
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(7),
        &at(&toml, "[[verbeterpunten]]"),
        "verbeterpunt \"Minder eenzaamheid\" is niet SMART: acceptabel ontbreekt",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(7),
        &at(&toml, "\"Minder eenzame"),
        "`meetbaar` van verbeterpunt \"Minder eenzaamheid\" noemt geen aantal of percentage",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(7),
        &at(&toml, "\"Zo snel"),
        "`tijdgebonden` van verbeterpunt \"Minder eenzaamheid\" noemt geen datum, jaar of termijn",
    );
    assert_eq!(all.len(), 3, "{}", dump(&all));

    toml.verbeterpunten.clear();
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(7),
        "verslag.toml",
        "er is geen enkel verbeterpunt",
    );
}

#[test]
fn rule8_three_interventies_with_verantwoording() {
    let mut toml = Toml::complete();
    let third = toml.interventies.rfind("[[interventies]]").unwrap();
    toml.interventies.truncate(third);
    toml.interventies =
        toml.interventies
            .replacen("verantwoording = \"Past bij de wijkdiagnose.\"\n", "", 1);
    let all = findings(&toml, &[]);
    let last = toml.text().rfind("[[interventies]]").unwrap();
    let last_line = toml.text()[..last].matches('\n').count() + 1; // the [[interventies]] header
    assert_finding(
        &all,
        Level::Fout,
        Some(8),
        &format!("verslag.toml:{last_line}:1"),
        "er zijn 2 interventies; de opdracht vraagt er minstens 3",
    );
    assert_finding(
        &all,
        Level::Fout,
        Some(8),
        &at(&toml, "[[interventies]]"),
        "bij interventie \"Buurtkamer\" ontbreekt verantwoording",
    );
    assert_eq!(all.len(), 2, "{}", dump(&all));
}

#[test]
fn rule9_citations_and_uncited_sources() {
    let mut toml = Toml::complete();
    toml.bronnen.push_str("\n[[bronnen]]\nid = \"movisie2019\"\nauteur = \"Movisie\"\njaar = 2019\ntitel = \"Wijkanalyse, hoe doe je dat?\"\n");
    let ch2 = format!(
        "{}\n\nVolgens het CBS [@cbs2071, p. 4] is dat zo.\n",
        prose()
    );
    let all = findings(&toml, &[("hoofdstukken/2-gegevens.md", Some(&ch2))]);
    let f = assert_finding(
        &all,
        Level::Fout,
        Some(2),
        "hoofdstukken/2-gegevens.md:3",
        "de bron `cbs2071` staat niet in [[bronnen]] van verslag.toml",
    );
    assert_eq!(f.hint.as_deref(), Some("bedoelde je `[@cbs2017]`?"));
    assert_finding(
        &all,
        Level::Waarschuwing,
        None,
        &at(&toml, "\"movisie2019\""),
        "naar de bron `movisie2019` wordt nergens verwezen",
    );
    assert_eq!(all.len(), 2, "{}", dump(&all));
}

/// A web address where the literature list needs a maker or a title, and a
/// search engine's results page as a source, are named at their line.
#[test]
fn rule9_names_web_addresses_as_author_or_title_and_searches() {
    let mut toml = Toml::complete();
    toml.bronnen.push_str("\n[[bronnen]]\nid = \"wij\"\nauteur = \"https://www.google.com/search?q=wij+beijum\"\ntitel = \"www.wij.nl/beijum\"\n");
    let ch2 = format!(
        "{}\n\nHet wijkteam zit in het wijkcentrum [@wij].\n",
        prose()
    );
    let all = findings(&toml, &[("hoofdstukken/2-gegevens.md", Some(&ch2))]);
    let f = assert_finding(
        &all,
        Level::Waarschuwing,
        None,
        &at(&toml, "\"https://www.google"),
        "de auteur van de bron `wij` is een webadres",
    );
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .starts_with("schrijf als auteur wie de tekst maakte")
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        None,
        &at(&toml, "\"www.wij.nl"),
        "de titel van de bron `wij` is een webadres",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        None,
        &at(&toml, "\"wij\""),
        "de bron `wij` is een zoekopdracht in een zoekmachine, niet de pagina die je gelezen hebt",
    );
    assert_eq!(all.len(), 3, "{}", dump(&all));
}

/// A citation in a text of verslag.toml counts where the text prints: the
/// SMART point's `[@rivm2018]` is chapter 7's source (the chapter's own text
/// cites none), an interview answer cites the new source, and a wrong id in
/// a checklist toelichting is a fout of stap 6 at its own line.
#[test]
fn rule6_and_rule9_count_citations_in_verslag_toml() {
    let mut toml = Toml::complete();
    toml.verbeterpunten = toml.verbeterpunten.replace(
        "realistisch = \"Er is een buurtkamer.\"",
        "realistisch = \"Er is een buurtkamer [@rivm2018].\"",
    );
    toml.bronnen.push_str("\n[[bronnen]]\nid = \"movisie2019\"\nauteur = \"Movisie\"\njaar = 2019\ntitel = \"Wijkanalyse, hoe doe je dat?\"\n");
    toml.interview = toml.interview.replace(
        "antwoord = \"Antwoord 2.\"",
        "antwoord = \"Antwoord 2 [@movisie2019, p. 3].\"",
    );
    toml.checklist = toml.checklist.replacen(
        "zekerheid = \"zeker\" }",
        "zekerheid = \"zeker\", toelichting = \"Zie [@rivm2081].\" }",
        1,
    );
    let all = findings(&toml, &[("hoofdstukken/7-wijkdiagnose.md", Some(&prose()))]);
    let f = assert_finding(
        &all,
        Level::Fout,
        Some(6),
        &at(&toml, "[@rivm2081]"),
        "de bron `rivm2081` staat niet in [[bronnen]] van verslag.toml",
    );
    assert_eq!(f.hint.as_deref(), Some("bedoelde je `[@rivm2018]`?"));
    assert_eq!(all.len(), 1, "{}", dump(&all));
    // Without the SMART point's citation chapter 7 cites nothing.
    toml.verbeterpunten = toml.verbeterpunten.replace(" [@rivm2018]", "");
    let all = findings(&toml, &[("hoofdstukken/7-wijkdiagnose.md", Some(&prose()))]);
    find(&all, "hoofdstuk 7 verwijst naar geen enkele bron");
}

/// What the PDF prints as not yet done: the name and titles `init` wrote,
/// a table without figures, the empty fields of an interventie card.
#[test]
fn leftovers_of_the_template_and_empty_card_fields() {
    let mut toml = Toml::complete();
    toml.groepsleden
        .push_str("[[groepsleden]]\nnaam = \"Naam groepslid 2\"\n\n");
    toml.verbeterpunten = toml.verbeterpunten.replace(
        "titel = \"Minder eenzaamheid\"",
        "titel = \"Verbeterpunt 1\"",
    );
    toml.interventies =
        toml.interventies
            .replacen("titel = \"Buurtkamer\"", "titel = \"Interventie 1\"", 1);
    toml.interventies = toml
        .interventies
        .replacen("doel = \"Meer contact.\"\n", "", 1);
    toml.interventies = toml
        .interventies
        .replacen("betrokken = [\"WIJ Beijum\"]\n", "", 1);
    toml.grafieken.push_str("[[tabellen]]\nhoofdstuk = 2\ntitel = \"Leeftijdsopbouw\"\nkolommen = [\"Leeftijd\", \"Beijum\"]\nrijen = [[\"0-14 jaar\", \"\"], [\"15-24 jaar\", \" \"]]\nbron = \"cbs2017\"\n\n");
    let all = findings(&toml, &[]);
    let f = assert_finding(
        &all,
        Level::Fout,
        None,
        &at(&toml, "\"Naam groepslid 2\""),
        "\"Naam groepslid 2\" komt nog uit het sjabloon en staat zo op de voorkant",
    );
    assert_eq!(
        f.hint.as_deref(),
        Some("vul de volledige naam van het groepslid in")
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(7),
        &at(&toml, "\"Verbeterpunt 1\""),
        "de titel \"Verbeterpunt 1\" komt nog uit het sjabloon",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(8),
        &at(&toml, "\"Interventie 1\""),
        "de titel \"Interventie 1\" komt nog uit het sjabloon",
    );
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(2),
        &at(&toml, "[[\"0-14 jaar\""),
        "de tabel \"Leeftijdsopbouw\" heeft nog geen cijfers: naast de eerste kolom zijn alle cellen leeg",
    );
    let f = assert_finding(
        &all,
        Level::Waarschuwing,
        Some(8),
        &at(&toml, "[[interventies]]\ntitel = \"Interventie 1\""),
        "bij interventie \"Interventie 1\" staat in het verslag \"nog niet ingevuld\" bij doel en betrokken",
    );
    assert_eq!(
        f.hint.as_deref(),
        Some("vul ze aan onder deze [[interventies]]: doel = \"…\", betrokken = [\"…\", \"…\"]")
    );
    assert_eq!(all.len(), 5, "{}", dump(&all));
}

#[test]
fn rule10_sociale_kaart() {
    let mut toml = Toml::complete();
    toml.kaart = toml.kaart.replace("ring = \"kern\"", "ring = \"eerste\"");
    let cut = toml.kaart.rfind("[[sociale_kaart]]").unwrap();
    toml.kaart.truncate(cut);
    toml.kaart = toml
        .kaart
        .replacen("ring = \"eerste\"", "ring = \"tweede\"", 1);
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        Some(5),
        &at(&toml, "[[sociale_kaart]]"),
        "op de sociale kaart staat geen wijkteam (ring = \"kern\")",
    );
    assert_eq!(all.len(), 1, "{}", dump(&all));

    let mut toml = Toml::complete();
    let cut = toml.kaart.rfind("[[sociale_kaart]]").unwrap();
    toml.kaart.truncate(cut);
    let all = findings(&toml, &[]);
    let last = at(&toml, "[[sociale_kaart]]\nnaam = \"Wijkagent\"");
    assert_finding(
        &all,
        Level::Fout,
        Some(5),
        &last,
        "op de sociale kaart staan naast het wijkteam 2 organisaties of personen; minstens 3 nodig",
    );
    assert_eq!(all.len(), 1, "{}", dump(&all));
}

#[test]
fn rule11_groepsleden_and_dates() {
    let mut toml = Toml::complete();
    toml.groepsleden.clear();
    toml.verslag = toml
        .verslag
        .replace("datum = 2019-12-20", "datum = 2020-01-06");
    let all = findings(&toml, &[]);
    assert_finding(
        &all,
        Level::Fout,
        None,
        "verslag.toml:1:2",
        "er staan geen groepsleden in het verslag",
    );
    assert_finding(
        &all,
        Level::Fout,
        None,
        &at(&toml, "2020-01-06"),
        "de datum van het verslag (6 januari 2020) ligt na de inleverdatum (23 december 2019)",
    );
    assert_eq!(all.len(), 2, "{}", dump(&all));
}

#[test]
fn rule12_wijk_of_the_class() {
    let mut toml = Toml::complete();
    toml.verslag = toml
        .verslag
        .replace("wijk = \"Beijum\"", "wijk = \"Beijm\"");
    let all = findings(&toml, &[]);
    let f = assert_finding(
        &all,
        Level::Waarschuwing,
        Some(1),
        &at(&toml, "\"Beijm\""),
        "\"Beijm\" is geen van de wijken uit de opdracht (de WIJ-teams van Groningen)",
    );
    assert_eq!(
        f.hint.as_deref(),
        Some("bedoelden jullie \"Beijum\"? Anders: overleg met de docent")
    );
    assert_eq!(all.len(), 1, "{}", dump(&all));

    // "WIJ Schilderswijk/Centrum" covers Centrum.
    toml.verslag = toml.verslag.replace("\"Beijm\"", "\"Centrum\"");
    assert!(findings(&toml, &[]).is_empty());

    // A class's own list in klas.toml beside the group folder.
    toml.verslag = toml.verslag.replace("\"Centrum\"", "\"Paddepoel\"");
    let klas = tempfile::tempdir().unwrap();
    let groep = klas.path().join("groep-paddepoel");
    std::fs::create_dir_all(groep.join("hoofdstukken")).unwrap();
    std::fs::write(groep.join("verslag.toml"), toml.text()).unwrap();
    for (path, text) in chapters() {
        std::fs::write(groep.join(path), text).unwrap();
    }
    let (code, out, _) = run(&["check", groep.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"Paddepoel\" is geen van de wijken uit de opdracht"),
        "{out}"
    );
    std::fs::write(
        klas.path().join("klas.toml"),
        "wijken = [\"Paddepoel\", \"Selwerd\"]\n",
    )
    .unwrap();
    let (code, out, _) = run(&["check", groep.to_str().unwrap()]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "geen fouten, geen waarschuwingen: het verslag voldoet aan de producteisen die wijkverslag kan nakijken\n"
        )
    );
    std::fs::write(klas.path().join("klas.toml"), "wijken = [\"Selwerd\"]\n").unwrap();
    let (_, out, _) = run(&["check", groep.to_str().unwrap()]);
    assert!(
        out.contains("\"Paddepoel\" is geen van de wijken uit "),
        "{out}"
    );
    assert!(
        out.contains("klas.toml\n    tip: kies een van: Selwerd"),
        "{out}"
    );
}

/// The fixture that breaks many rules: every finding in one run, grouped per stap.
fn broken() -> tempfile::TempDir {
    let mut toml = Toml::complete();
    toml.verslag = toml
        .verslag
        .replace("\"Beijum\"", "\"Paddepoel\"")
        .replace("datum = 2019-12-20", "datum = 2019-12-24");
    toml.windshield.clear();
    toml.interview = "[interview]\nrespondent = \"mevrouw Jansen\"\ndatum = 2019-12-05\n\n[[interview.vragen]]\nvraag = \"Hoe is het hier?\"\n\n".into();
    toml.checklist = "[checklist]\nhuisvesting = { oordeel = \"goed\" }\n\n".into();
    toml.kaart.clear();
    toml.grafieken.clear();
    toml.verbeterpunten.clear();
    toml.interventies = "[[interventies]]\ntitel = \"Buurtkamer\"\n\n".into();
    group(
        &toml,
        &[
            ("hoofdstukken/8-interventies.md", None),
            (
                "hoofdstukken/7-wijkdiagnose.md",
                Some("Kort, met [@rivm2081].\n"),
            ),
        ],
    )
}

#[test]
fn many_rules_in_one_run() {
    let dir = broken();
    let (code, out, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let expected = [
        "Het hele verslag\n",
        "fout: hoofdstukken/: het verslag heeft geen enkele foto of figuur",
        "fout: verslag.toml:5:9: de datum van het verslag (24 december 2019) ligt na de inleverdatum (23 december 2019)",
        "waarschuwing: verslag.toml:24:6: naar de bron `cbs2017` wordt nergens verwezen",
        "waarschuwing: verslag.toml:30:6: naar de bron `rivm2018` wordt nergens verwezen",
        "Stap 1 · Wijk bepalen\n",
        "waarschuwing: verslag.toml:3:8: \"Paddepoel\" is geen van de wijken uit de opdracht (de WIJ-teams van Groningen)",
        "Stap 3 · Observatie van de wijk\n",
        "fout: verslag.toml: de Windshield Survey is niet ingevuld",
        "Stap 4 · De verhalen achter de gegevens\n",
        "waarschuwing: verslag.toml:11:14: de respondent lijkt met naam genoemd: \"mevrouw Jansen\"",
        "fout: verslag.toml:14:1: het interview heeft 1 vraag; minstens 5 nodig",
        "fout: verslag.toml:14:1: vraag 1 van het interview (\"Hoe is het hier?\") is niet beantwoord",
        "Stap 5 · Het sociale netwerk\n",
        "fout: verslag.toml: de sociale kaart is leeg",
        "Stap 6 · Checklist wijkdiagnose\n",
        "fout: verslag.toml:17:2: 32 van de 33 factoren zijn niet beoordeeld:",
        "fout: verslag.toml:18:1: bij de factor \"Huisvesting\" ontbreekt zekerheid",
        "Stap 7 · Wijkdiagnose\n",
        "waarschuwing: hoofdstukken/7-wijkdiagnose.md: hoofdstuk 7 (Wijkdiagnose) is kort: 2 woorden",
        "fout: hoofdstukken/7-wijkdiagnose.md: hoofdstuk 7 verwijst naar geen enkele bron",
        "fout: hoofdstukken/7-wijkdiagnose.md:1: de bron `rivm2081` staat niet in [[bronnen]] van verslag.toml",
        "tip: bedoelde je `[@rivm2018]`?",
        "fout: verslag.toml: er is geen enkel verbeterpunt",
        "Stap 8 · Interventies\n",
        "fout: hoofdstukken/8-….md: hoofdstuk 8 (Interventies) ontbreekt",
        "fout: verslag.toml:20:1: er is 1 interventie; de opdracht vraagt er minstens 3",
        "fout: verslag.toml:20:1: bij interventie \"Buurtkamer\" ontbreken doelgroep, aanpak en verantwoording",
        "waarschuwing: verslag.toml:20:1: bij interventie \"Buurtkamer\" staat in het verslag \"nog niet ingevuld\" bij problematiek, doel, betrokken, planning en bronnen",
        "\n14 fouten, 6 waarschuwingen\n",
    ];
    let mut from = 0;
    for e in expected {
        let i = out[from..]
            .find(e)
            .unwrap_or_else(|| panic!("{e:?} not found (in this order) in:\n{out}"));
        from += i + e.len();
    }
    assert!(!out.contains('\x1b'), "NO_COLOR output has escape codes");
}

#[test]
fn json_gives_the_same_findings() {
    let dir = broken();
    let path = dir.path().to_str().unwrap();
    let (code, out, _) = run(&["check", path, "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("check --json is JSON");
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(14), Some(6))
    );
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 20);
    let kaart = findings
        .iter()
        .find(|f| f["message"] == "de sociale kaart is leeg")
        .unwrap();
    assert_eq!(kaart["level"], "fout");
    assert_eq!(kaart["stap"], 5);
    assert_eq!(kaart["place"]["file"], "verslag.toml");
    let model = wijkverslag::model::load(dir.path()).unwrap();
    let lib = check::check(&model);
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        lib.iter().map(|f| f.message.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn load_errors_are_findings_too() {
    let dir = fixture(&[(
        "verslag.toml",
        "[verslag]\ntitl = \"x\"\nwijk = \"Beijum\"\n",
    )]);
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "Het hele verslag\n────────────────\n  fout: verslag.toml:2:1: onbekende sleutel `titl`\n    tip: bedoelde je `titel`?\n\n1 fout, geen waarschuwingen\n"
    );
}

/// Every mistake in verslag.toml at once, in the order of the file: a
/// misspelt key, a date in quotes, a member without a name and a wrong
/// ring, where serde alone stops at the first.
#[test]
fn every_toml_mistake_is_listed_at_once() {
    let dir = fixture(&[(
        "verslag.toml",
        "[verslag]\ntitel = \"Wijkanalyse Beijum\"\nwijk = \"Beijum\"\ndatum = \"2019-12-20\"\n\n[[groepsleden]]\nnaam = \"Fatima\"\nstudentnr = \"1\"\n\n[[groepsleden]]\nstudentnummer = \"2\"\n\n[[sociale_kaart]]\nnaam = \"WIJ Beijum\"\nsoort = \"professioneel\"\nring = \"wijk\"\n",
    )]);
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("fout:")).collect();
    assert_eq!(
        lines,
        [
            "  fout: verslag.toml:4:9: verkeerd soort waarde: tekst gevonden, datum verwacht",
            "  fout: verslag.toml:8:1: onbekende sleutel `studentnr`",
            "  fout: verslag.toml:10:1: de sleutel `naam` ontbreekt",
            "  fout: verslag.toml:16:8: \"wijk\" is hier geen toegestane waarde",
        ],
        "{out}"
    );
    assert!(out.ends_with("\n4 fouten, geen waarschuwingen\n"), "{out}");
}

#[test]
fn complete_fixture_exits_zero() {
    let dir = group(&Toml::complete(), &[]);
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "geen fouten, geen waarschuwingen: het verslag voldoet aan de producteisen die wijkverslag kan nakijken\n"
        )
    );
}

#[test]
fn build_shows_findings_as_warnings_and_still_renders() {
    let dir = broken();
    // The broken fixture cites an unknown id, which stops a build; cite a known one.
    std::fs::write(
        dir.path().join("hoofdstukken/7-wijkdiagnose.md"),
        "Kort, met [@rivm2018].\n",
    )
    .unwrap();
    let pdf = dir.path().join("uit.pdf");
    let (code, err) = build_pdf(dir.path(), &pdf);
    assert_eq!(code, 0, "{err}");
    assert!(pdf.exists());
    assert!(
        err.contains("waarschuwing: verslag.toml: stap 5: de sociale kaart is leeg"),
        "{err}"
    );
    assert!(err.contains("waarschuwing: verslag.toml:20:1: stap 8: er is 1 interventie; de opdracht vraagt er minstens 3"), "{err}");
}

#[test]
fn the_sample_has_no_fout() {
    let sample = common::sample();
    let (code, out, err) = run(&["check", sample.to_str().unwrap()]);
    assert_eq!(
        code, 0,
        "the sample must meet every requirement:\n{out}{err}"
    );
    assert!(out.contains("geen fouten"), "{out}");
}

#[test]
fn cbs_import_cites_the_groups_cbs_source_and_is_a_figure() {
    let mut toml = Toml::complete();
    toml.grafieken.clear();
    toml.verslag = toml.verslag.replace(
        "datum = 2019-12-20\n",
        "datum = 2019-12-20\ncbs = { bestand = \"data/wijk2017.csv\", code = \"WK001411\" }\n",
    );
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cbs/wijk2017-groningen.csv"
    ))
    .unwrap();
    let dir = group(&toml, &[("data/wijk2017.csv", Some(&csv))]);
    let model = wijkverslag::model::load(dir.path()).unwrap();
    let all = check::check(&model);
    assert!(all.is_empty(), "{}", dump(&all));

    // A code the file does not have stops a build: a fout in stap 2.
    std::fs::write(
        dir.path().join("verslag.toml"),
        toml.text().replace("WK001411", "WK009999"),
    )
    .unwrap();
    let model = wijkverslag::model::load(dir.path()).unwrap();
    let all = check::check(&model);
    let f: Vec<&Finding> = all
        .iter()
        .filter(|f| f.stap == Some(2) && f.level == Level::Fout)
        .collect();
    assert_eq!(f.len(), 1, "{}", dump(&all));
    assert!(f[0].message.contains("WK009999"), "{}", dump(&all));
    assert_eq!(f[0].place.file, "verslag.toml");

    // A download without some columns: a warning of stap 2 with the fix.
    std::fs::write(
        dir.path().join("data/wijk2017.csv"),
        "WK_CODE,WK_NAAM,GM_CODE,GM_NAAM,AANT_INW,AANT_MAN,AANT_VROUW,P_00_14_JR,P_15_24_JR,P_25_44_JR,P_45_64_JR,P_65_EO_JR,AANTAL_HH,P_EENP_HH,P_HH_Z_K,P_HH_M_K,GEM_HH_GR,BEV_DICHTH,P_WEST_AL,P_N_W_AL\n\
         WK001411,Oosterparkwijk,GM0014,Groningen,14335,7000,7335,13,23,29,18,17,8000,60,20,20,1.8,7000,10,10\n\
         WK001400,Centrum,GM0014,Groningen,22635,11980,10655,3,44,33,13,7,18055,82,10,8,1.3,9000,12,9\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("verslag.toml"), toml.text()).unwrap();
    let model = wijkverslag::model::load(dir.path()).unwrap();
    let all = check::check(&model);
    assert_finding(
        &all,
        Level::Waarschuwing,
        Some(2),
        &at(&toml, "\"data/wijk2017.csv\""),
        "het CBS-bestand heeft geen kolom voor: oppervlakte; die cijfers ontbreken in het verslag",
    );
}

/// `check` on a group inside a class folder judges it as `batch` does: with
/// the class's forms and `[verslag]` defaults from `klas.toml`.
#[test]
fn check_uses_the_class_forms_and_defaults() {
    let klas = r#"
[verslag]
inleverdatum = 2019-12-23

[formulieren.windshield]
titel = "Wijkschouw"

[[formulieren.windshield.items]]
id = "speelplekken"
titel = "Speelplekken voor kinderen"
"#;
    let verslag = r#"[verslag]
titel = "Wijkanalyse Beijum"
wijk = "Beijum"

[[groepsleden]]
naam = "Test Student"

[windshield]
datum = 2019-12-01
tijd = "10.00 uur"
weer = "droog"
waarnemers = ["Test Student"]
route = "Rondje Beijum-Oost"

[windshield.antwoorden]
speelplekken = "Twee speeltuinen, een met een kapotte schommel."
"#;
    let dir = fixture(&[("klas.toml", klas), ("groep-a/verslag.toml", verslag)]);
    let group = dir.path().join("groep-a");
    let (_, out, err) = run(&["check", group.to_str().unwrap(), "--json"]);
    assert!(err.is_empty(), "{err}");
    // The class's item is known and answered; the default items are not asked.
    assert!(!out.contains("speelplekken"), "{out}");
    assert!(!out.contains("Geschiedenis en identiteit"), "{out}");
    assert!(!out.contains("inleverdatum"), "{out}");
    // The JSON is about this group, with findings for what is really missing.
    assert!(
        out.contains("hoofdstuk 1 (Wijk bepalen) ontbreekt"),
        "{out}"
    );
}

#[test]
fn check_lists_what_loading_noticed() {
    let dir = group(
        &Toml::complete(),
        &[("hoofdstukken/9-extra.md", Some("Nog een hoofdstuk.\n"))],
    );
    let (code, out, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("waarschuwing: hoofdstukken/9-extra.md: dit bestand hoort bij geen hoofdstuk en wordt niet gebruikt"),
        "{out}"
    );
}

/// `check` finds what `build` would refuse in the images (a photo cut off
/// halfway, an SVG that is no SVG), so that "geen fouten" means the report
/// can be made.
#[test]
fn broken_images_are_found_as_build_would() {
    let mut jpeg = Vec::new();
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let chapter = format!(
        "<!-- hulpvragen -->\n\n{}\n\n![Het winkelcentrum](../fotos/kapot.jpg)\n\n![De route](../fotos/route.svg)\n",
        prose()
    );
    let dir = group(
        &Toml::complete(),
        &[("hoofdstukken/3-observatie.md", Some(chapter.as_str()))],
    );
    std::fs::create_dir_all(dir.path().join("fotos")).unwrap();
    std::fs::write(dir.path().join("fotos/kapot.jpg"), &jpeg[..jpeg.len() / 2]).unwrap();
    std::fs::write(
        dir.path().join("fotos/route.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect",
    )
    .unwrap();
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("fout:")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("  fout: hoofdstukken/3-observatie.md:5: afbeelding `fotos/kapot.jpg`: de afbeelding is afgebroken of beschadigd"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("  fout: hoofdstukken/3-observatie.md:7: afbeelding `fotos/route.svg`: de afbeelding is afgebroken of beschadigd (SVG: de SVG-code klopt niet"),
        "{out}"
    );
    assert!(
        out.contains("    tip: exporteer de tekening opnieuw als SVG of PNG"),
        "{out}"
    );
    assert!(
        out.starts_with("Stap 3 · Observatie van de wijk\n"),
        "under the stap of the chapter: {out}"
    );
}

/// What only `build` would refuse (a character no font has) is printed
/// under its stap with the rules' findings of that stap: one heading per
/// stap, in order, not a second "Stap 5" after "Stap 6".
#[test]
fn findings_of_build_go_under_their_stap_once() {
    let ch5 = format!(
        "{}\n\nHier staat \u{1D2E0}.\n\n- [[sociale_kaart]]\n",
        prose()
    );
    let dir = group(
        &Toml::complete(),
        &[
            ("hoofdstukken/5-netwerk.md", Some(&ch5)),
            ("hoofdstukken/6-checklist.md", None),
        ],
    );
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with("Stap ")).collect();
    assert_eq!(
        headings.iter().filter(|h| h.starts_with("Stap 5")).count(),
        1,
        "{out}"
    );
    let five = out.find("Stap 5").unwrap();
    let six = out.find("Stap 6").unwrap();
    assert!(five < six, "{out}");
    let glyph = out.find("U+1D2E0").expect("the character is named");
    let marker = out
        .find("[[sociale_kaart]] staat niet los")
        .expect("the loose marker");
    assert!(
        five < glyph && glyph < six && five < marker && marker < six,
        "{out}"
    );
}
