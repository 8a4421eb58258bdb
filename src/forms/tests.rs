use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const WINDSHIELD_IDS: [&str; 15] = [
    "geschiedenis",
    "grenzen",
    "huisvesting",
    "groen-en-open-ruimte",
    "ontmoetingsplekken",
    "vervoer",
    "voorzieningen",
    "winkels",
    "mensen-op-straat",
    "verval",
    "bevolking-en-cultuur",
    "gezondheid",
    "veiligheid",
    "bestuur-en-participatie",
    "communicatie",
];

const DOMAINS: [(&str, &[&str]); 4] = [
    (
        "fysieke-omgeving",
        &[
            "huisvesting",
            "groen",
            "speelgelegenheid",
            "verkeer",
            "vervuiling",
            "nabijheid-voorzieningen",
        ],
    ),
    (
        "maatschappelijke-omgeving",
        &[
            "inkomen",
            "werk",
            "arbeidsongeschiktheid",
            "schulden",
            "opleiding",
            "zorgvoorzieningen",
            "welzijnsvoorzieningen",
            "informele-netwerken",
            "sleutelfiguren",
        ],
    ),
    (
        "sociale-problemen",
        &[
            "sociale-samenhang",
            "sociale-veiligheid",
            "eenzaamheid",
            "overlast",
            "pesten-spijbelen",
            "laaggeletterdheid",
            "mishandeling",
            "vechtscheiding",
            "radicalisering",
            "discriminatie",
        ],
    ),
    (
        "gezondheidsproblemen",
        &[
            "ervaren-gezondheid",
            "overgewicht",
            "psychische-problemen",
            "copd",
            "hart-en-vaatziekten",
            "diabetes",
            "middelengebruik",
            "bewegen",
        ],
    ),
];

const INTERVIEW: [&str; 10] = [
    "Hoe lang woont u al in deze wijk, en wat is er in die tijd veranderd?",
    "Wat vindt u prettig aan wonen in deze wijk?",
    "Waar heeft u last van in de wijk?",
    "Hoe is het contact met uw buren en andere wijkbewoners?",
    "Voelt u zich veilig in de wijk? Waarom wel of niet?",
    "Hoe vindt u de woonomgeving: groen, speelplekken, onderhoud, schoonheid?",
    "Waar gaat u naartoe als u hulp of ondersteuning nodig heeft? Kent u het WIJ-team?",
    "Welke voorzieningen mist u in de wijk?",
    "Hoe gaat het met de gezondheid van de mensen om u heen?",
    "Wat zou u willen veranderen in de wijk, en wat zou u daar zelf aan willen doen?",
];

/// A fresh, empty folder under the system temp dir.
fn temp_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wijkverslag-forms-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn invalid(err: &FormsError) -> (Option<(usize, usize)>, &str) {
    match err {
        FormsError::Invalid {
            position, message, ..
        } => (*position, message.as_str()),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

const CUSTOM_WINDSHIELD: &str = r#"
titel = "Wijkschouw"
inleiding = "Loop door de wijk."
kopvelden = [{ id = "datum", label = "Datum" }]

[[items]]
id = "straatbeeld"
titel = "Straatbeeld"
vragen = ["Wat zie je op straat?"]
regels = 10

[[items]]
id = "woningen"
titel = "Woningen"
"#;

#[test]
fn builtin_windshield_ids_in_order() {
    let forms = Forms::builtin();
    assert_eq!(forms.windshield_ids(), WINDSHIELD_IDS);
    let header: Vec<&str> = forms
        .windshield
        .kopvelden
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        header,
        ["wijk", "datum", "tijd", "weer", "waarnemers", "route"]
    );
    for item in &forms.windshield.items {
        assert!(!item.vragen.is_empty(), "item {} has no prompts", item.id);
        assert_eq!(item.regels, DEFAULT_REGELS);
    }
    assert!(forms.windshield.inleiding.contains("niet wat je"));
}

#[test]
fn builtin_checklist_domains_and_factors_in_order() {
    let forms = Forms::builtin();
    let domains: Vec<(&str, Vec<&str>)> = forms
        .checklist
        .domeinen
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.factoren.iter().map(|f| f.id.as_str()).collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, Vec<&str>)> = DOMAINS.iter().map(|(d, f)| (*d, f.to_vec())).collect();
    assert_eq!(domains, expected);
    let all: Vec<&str> = DOMAINS
        .iter()
        .flat_map(|(_, f)| f.iter().copied())
        .collect();
    assert_eq!(forms.factor_ids(), all);
    let intro = &forms.checklist.inleiding;
    for word in [
        "goed",
        "redelijk",
        "slecht",
        "zeker",
        "vermoeden",
        "hopen",
        "gokken",
        "vrezen",
    ] {
        assert!(intro.contains(word), "intro lacks {word}");
    }
    assert!(intro.contains("verder onderzoeken"));
}

#[test]
fn builtin_interview_guide() {
    let guide = &Forms::builtin().interview;
    assert_eq!(guide.vragen, INTERVIEW);
    let header: Vec<&str> = guide.kopvelden.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(header, ["datum", "plaats", "respondent", "interviewers"]);
}

#[test]
fn builtin_titles_follow_forms_md() {
    let forms = Forms::builtin();
    assert_eq!(
        forms.windshield.items[0].titel,
        "Geschiedenis en identiteit"
    );
    assert_eq!(
        forms.windshield_item("bevolking-en-cultuur").unwrap().titel,
        "Bevolking, cultuur en religie"
    );
    let (domain, factor) = forms.factor("eenzaamheid").unwrap();
    assert_eq!(domain.id, "sociale-problemen");
    assert_eq!(domain.titel, "Sociale en welzijnsproblemen");
    assert_eq!(factor.titel, "Eenzaamheid en sociaal isolement");
    assert_eq!(forms.factor("copd").unwrap().1.titel, "COPD en roken");
    assert!(forms.factor("geschiedenis").is_none());
    assert!(forms.windshield_item("groen").is_none());
}

#[test]
fn default_is_builtin() {
    assert_eq!(&Forms::default(), Forms::builtin());
    assert!(std::ptr::eq(Forms::builtin(), Forms::builtin()));
}

#[test]
fn builtin_round_trips_through_json_and_toml() {
    let forms = Forms::builtin();
    let json = serde_json::to_string(forms).unwrap();
    assert_eq!(&serde_json::from_str::<Forms>(&json).unwrap(), forms);
    let toml_text = toml::to_string(forms).unwrap();
    assert_eq!(&load::parse_forms("dump.toml", &toml_text).unwrap(), forms);
}

#[test]
fn override_dir_replaces_windshield_and_keeps_checklist() {
    let dir = temp_dir();
    fs::write(dir.join("windshield.toml"), CUSTOM_WINDSHIELD).unwrap();
    fs::write(dir.join("LEESMIJ.md"), "notities").unwrap();
    fs::write(dir.join("klas.toml"), "[verslag]\nklas = \"SW4A\"\n").unwrap();
    let forms = Forms::from_dir(&dir).unwrap();
    assert_eq!(forms.windshield.titel, "Wijkschouw");
    assert_eq!(forms.windshield_ids(), ["straatbeeld", "woningen"]);
    assert_eq!(forms.windshield.items[0].regels, 10);
    assert_eq!(forms.windshield.items[1].regels, DEFAULT_REGELS);
    assert!(forms.windshield.items[1].vragen.is_empty());
    assert_eq!(forms.checklist, Forms::builtin().checklist);
    assert_eq!(forms.interview, Forms::builtin().interview);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn override_dir_errors() {
    let dir = temp_dir();
    let err = Forms::from_dir(&dir).unwrap_err();
    assert!(err.to_string().contains("bevat geen formulieren"), "{err}");

    fs::write(dir.join("windshiel.toml"), CUSTOM_WINDSHIELD).unwrap();
    let err = Forms::from_dir(&dir).unwrap_err();
    assert!(
        err.to_string().contains("bedoelde je `windshield.toml`?"),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();

    let err = Forms::from_dir(&dir).unwrap_err();
    assert!(matches!(err, FormsError::Read { .. }));
    assert!(err.to_string().starts_with("kan `"), "{err}");
}

#[test]
fn duplicate_id_is_an_error_at_the_second_id() {
    let dir = temp_dir();
    let source = "titel = \"Checklist\"\n\
                  [[domeinen]]\n\
                  id = \"buurt\"\n\
                  titel = \"Buurt\"\n\
                  factoren = [\n  { id = \"wonen\", titel = \"Wonen\" },\n  { id = \"groen\", titel = \"Groen\" },\n]\n\
                  [[domeinen]]\n\
                  id = \"mensen\"\n\
                  titel = \"Mensen\"\n\
                  factoren = [\n  { id = \"wonen\", titel = \"Wonen opnieuw\" },\n]\n";
    fs::write(dir.join("checklist.toml"), source).unwrap();
    let err = Forms::from_dir(&dir).unwrap_err();
    let (position, message) = invalid(&err);
    assert!(message.contains("dubbel id `wonen`"), "{message}");
    assert_eq!(position, Some((13, 10)), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("checklist.toml:13:10: dubbel id `wonen`"),
        "{text}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn duplicate_windshield_item_in_klas_toml() {
    let source = r#"[verslag]
school = "Noorderpoort"

[formulieren.windshield]
titel = "Windshield"

[[formulieren.windshield.items]]
id = "huizen"
titel = "Huizen"

[[formulieren.windshield.items]]
id = "huizen"
titel = "Nog meer huizen"
"#;
    let err = Forms::builtin()
        .with_klas_toml("klas.toml", source)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "klas.toml:12:6: dubbel id `huizen` in de windshield survey: item 2 heeft hetzelfde \
         id als item 1"
    );
}

#[test]
fn malformed_toml_names_line_and_column() {
    let dir = temp_dir();
    fs::write(
        dir.join("interview.toml"),
        "titel = \"Interview\"\nvragen = [\"Hoe gaat het?\" \"Waarom?\"]\n",
    )
    .unwrap();
    let err = Forms::from_dir(&dir).unwrap_err();
    let (position, message) = invalid(&err);
    assert!(message.starts_with("ongeldige TOML: "), "{message}");
    let (line, column) = position.expect("position");
    assert_eq!(line, 2, "{err}");
    assert!(column > 1, "{err}");
    assert!(err.to_string().contains("interview.toml:2:"), "{err}");
    fs::remove_dir_all(&dir).unwrap();

    let err = Forms::builtin()
        .with_klas_toml("klas.toml", "[formulieren\n")
        .unwrap_err();
    assert_eq!(err.position().map(|p| p.0), Some(1), "{err}");
}

#[test]
fn unknown_and_missing_keys_are_dutch_with_position() {
    let source = "[formulieren.interview]\ntitel = \"Interview\"\nvragn = [\"Hoe gaat het?\"]\n";
    let err = Forms::builtin()
        .with_klas_toml("klas.toml", source)
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("klas.toml:3:1: "), "{text}");
    assert!(
        text.contains("onbekende sleutel `vragn`; bedoelde je `vragen`?"),
        "{text}"
    );

    let source = "[formulieren.interview]\ntitel = \"Interview\"\n";
    let err = Forms::builtin()
        .with_klas_toml("klas.toml", source)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("verplichte sleutel `vragen` ontbreekt"),
        "{err}"
    );
    assert!(err.position().is_some(), "{err}");

    let source = "[formulieren.windshield]\ntitel = \"W\"\nitems = [{ id = \"a\", titel = \"A\", regels = \"veel\" }]\n";
    let err = Forms::builtin()
        .with_klas_toml("klas.toml", source)
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("klas.toml:3:"), "{text}");
    assert!(text.contains("verkeerd type: tekst"), "{text}");
}

#[test]
fn malformed_ids_are_errors() {
    for (id, wanted) in [
        ("Huisvesting", "`huisvesting`"),
        ("groen en open ruimte", "`groen-en-open-ruimte`"),
        ("groen_en_open_ruimte", "`groen-en-open-ruimte`"),
        ("-groen", "`groen`"),
        ("", "leeg id"),
    ] {
        let source = format!(
            "[formulieren.interview]\ntitel = \"I\"\nvragen = [\"V?\"]\nkopvelden = [{{ id = \"{id}\", label = \"L\" }}]\n"
        );
        let err = Forms::builtin()
            .with_klas_toml("klas.toml", &source)
            .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("klas.toml:4:21: "), "{text}");
        assert!(text.contains(wanted), "{id}: {text}");
    }
}

#[test]
fn empty_lists_and_titles_are_errors() {
    for (source, wanted) in [
        (
            "[formulieren.interview]\ntitel = \"I\"\nvragen = []\n",
            "geen vragen",
        ),
        (
            "[formulieren.interview]\ntitel = \" \"\nvragen = [\"V?\"]\n",
            "titel van de interviewleidraad is leeg",
        ),
        (
            "[formulieren.checklist]\ntitel = \"C\"\ndomeinen = []\n",
            "geen domeinen",
        ),
        (
            "[formulieren.checklist]\ntitel = \"C\"\ndomeinen = [{ id = \"d\", titel = \"D\", factoren = [] }]\n",
            "domein `d` van de checklist wijkdiagnose heeft geen factoren",
        ),
        (
            "[formulieren.windshield]\ntitel = \"W\"\nitems = []\n",
            "geen items",
        ),
    ] {
        let err = Forms::builtin()
            .with_klas_toml("klas.toml", source)
            .unwrap_err();
        assert!(err.to_string().contains(wanted), "{err}");
        assert!(err.position().is_some(), "{err}");
    }
}

#[test]
fn klas_toml_overrides_only_what_it_names() {
    let source = r#"[verslag]
klas = "SW4A"

[formulieren.checklist]
titel = "Eigen checklist"
domeinen = [{ id = "alles", titel = "Alles", factoren = [{ id = "sfeer", titel = "Sfeer" }] }]
"#;
    let forms = Forms::builtin()
        .with_klas_toml("klas.toml", source)
        .unwrap();
    assert_eq!(forms.factor_ids(), ["sfeer"]);
    assert_eq!(forms.windshield, Forms::builtin().windshield);
    assert_eq!(forms.interview, Forms::builtin().interview);

    let plain = Forms::builtin()
        .with_klas_toml("klas.toml", "[verslag]\nklas = \"SW4A\"\n")
        .unwrap();
    assert_eq!(&plain, Forms::builtin());
}

#[test]
fn typed_overrides_are_validated_and_located() {
    #[derive(serde::Deserialize)]
    struct Klas {
        #[serde(default)]
        formulieren: Overrides,
    }
    let source = "[formulieren.interview]\ntitel = \"I\"\nvragen = [\"Eerste?\", \"  \"]\n";
    let klas: Klas = toml::from_str(source).unwrap();
    assert!(!klas.formulieren.is_empty());
    let err = Forms::builtin()
        .with_overrides(&klas.formulieren, "klas.toml", source)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "klas.toml:3:22: vraag 2 van de interviewleidraad is leeg"
    );

    let none = Overrides::default();
    assert!(none.is_empty());
    assert_eq!(
        &Forms::builtin()
            .with_overrides(&none, "klas.toml", "")
            .unwrap(),
        Forms::builtin()
    );
}

#[test]
fn closest_suggests_plausible_typos_only() {
    let forms = Forms::builtin();
    assert_eq!(
        closest("huisvestng", forms.windshield_ids()),
        Some("huisvesting")
    );
    assert_eq!(closest("xyzzy", forms.windshield_ids()), None);
    assert_eq!(closest("xyzzy", forms.factor_ids()), None);
    assert_eq!(
        closest("Groen_en_open_ruimte", forms.windshield_ids()),
        Some("groen-en-open-ruimte")
    );
    assert_eq!(
        closest("eenzaamheid", forms.factor_ids()),
        Some("eenzaamheid")
    );
    assert_eq!(closest("huisvestng", []), None);
}

#[test]
fn oordeel_and_zekerheid() {
    assert_eq!(
        Oordeel::ALL.map(|o| o.label()),
        ["goed", "redelijk", "slecht"]
    );
    assert_eq!(
        Zekerheid::ALL.map(|z| z.label()),
        ["zeker", "vermoeden", "hopen", "gokken", "vrezen"]
    );
    for o in Oordeel::ALL {
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            format!("\"{}\"", o.label())
        );
        assert_eq!(o.to_string(), o.label());
    }
    for z in Zekerheid::ALL {
        let parsed: Zekerheid = serde_json::from_str(&format!("\"{}\"", z.label())).unwrap();
        assert_eq!(parsed, z);
        assert_eq!(z.needs_investigation(), z != Zekerheid::Zeker);
    }
    assert!(serde_json::from_str::<Oordeel>("\"Goed\"").is_err());
}
