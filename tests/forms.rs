//! `wijkverslag forms`: the blank forms for pen and clipboard, and class
//! forms (`--formulieren MAP`, `klas.toml` `[formulieren]` for `build`).

mod common;

use std::path::Path;
use std::process::Command;

use common::{MINIMAL_TOML, build_pdf, fixture, pdf_pages, pdf_text, run, squash};
use wijkverslag::forms::Forms;

/// Runs `forms` with `args` into `out`; panics with stderr on failure.
fn forms(out: &Path, args: &[&str]) {
    let mut all = vec!["forms"];
    all.extend_from_slice(args);
    let out_s = out.to_str().unwrap();
    all.extend_from_slice(&["-o", out_s]);
    let (code, _, stderr) = run(&all);
    assert_eq!(code, 0, "forms faalde: {stderr}");
}

/// The text of one page, in the order it was drawn (`-raw`), so a header
/// field's value follows its label.
fn page_text(pdf: &Path, page: usize) -> String {
    common::require_tool("pdftotext");
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn alle_holds_every_item_factor_word_and_question() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("alle.pdf");
    forms(&pdf, &["alle"]);
    let text = squash(&pdf_text(&pdf));
    let forms = Forms::builtin();

    // A few literal titles from FORMS.md, so the test does not only compare
    // the data with itself.
    for literal in [
        "Geschiedenis en identiteit",
        "Communicatie en media",
        "Discriminatie en integratie",
        "Bewegen en voeding",
    ] {
        assert!(text.contains(&squash(literal)), "{literal} ontbreekt");
    }
    assert_eq!(forms.windshield.items.len(), 15);
    for item in &forms.windshield.items {
        assert!(
            text.contains(&squash(&item.titel)),
            "Windshield-item {} ontbreekt",
            item.titel
        );
        for prompt in &item.vragen {
            assert!(
                text.contains(&squash(prompt)),
                "vraag bij {} ontbreekt: {prompt}",
                item.titel
            );
        }
    }
    for label in [
        "Wijk",
        "Datum",
        "Tijd",
        "Weer",
        "Waarnemers",
        "Route",
        "Plaats",
        "Interviewer(s)",
    ] {
        assert!(text.contains(label), "kopveld {label} ontbreekt");
    }
    assert_eq!(forms.factor_ids().len(), 33);
    for d in &forms.checklist.domeinen {
        assert!(
            text.contains(&squash(&d.titel)),
            "domein {} ontbreekt",
            d.titel
        );
        for f in &d.factoren {
            assert!(
                text.contains(&squash(&f.titel)),
                "factor {} ontbreekt",
                f.titel
            );
        }
    }
    for word in [
        "Oordeel",
        "goed",
        "redelijk",
        "slecht",
        "Zekerheid",
        "zeker",
        "vermoeden",
        "hopen",
        "gokken",
        "vrezen",
        // The form asks for a short toelichting: it has room for one.
        "Bronentoelichting",
    ] {
        assert!(text.contains(word), "{word} ontbreekt op de checklist");
    }
    assert_eq!(forms.interview.vragen.len(), 10);
    for q in &forms.interview.vragen {
        assert!(text.contains(&squash(q)), "interviewvraag ontbreekt: {q}");
    }
    assert!(text.contains(&squash(
        "Hoe lang woont u al in deze wijk, en wat is er in die tijd veranderd?"
    )));
}

#[test]
fn copies_start_on_odd_pages_and_multiply_the_page_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("een.pdf");
    let three = dir.path().join("drie.pdf");
    forms(&one, &["alle"]);
    forms(&three, &["alle", "--aantal", "3"]);
    let n = pdf_pages(&one);
    assert!(n >= 6, "één set formulieren is maar {n} pagina's");
    assert_eq!(
        n % 2,
        0,
        "een kopie moet een even aantal pagina's hebben (dubbelzijdig)"
    );
    assert_eq!(pdf_pages(&three), 3 * n);
    for copy in 0..3 {
        let first = page_text(&three, copy * n + 1);
        assert!(
            first.contains("Windshield Survey"),
            "kopie {} begint niet met de Windshield Survey: {first}",
            copy + 1
        );
    }
    // Every form of a copy starts on an odd page; padding pages say so.
    let mut starts = Vec::new();
    let mut blanks = 0;
    for p in 1..=n {
        let t = page_text(&one, p);
        if t.contains("Stap 3 ·") || t.contains("Stap 4 ·") || t.contains("Stap 6 ·") {
            starts.push(p);
        }
        if t.contains("Deze pagina is met opzet leeg gelaten.") {
            blanks += 1;
            assert!(
                !t.contains("blad "),
                "een lege pagina heeft geen voettekst: {t}"
            );
        }
    }
    assert_eq!(
        starts.len(),
        3,
        "drie formulieren verwacht, begin op {starts:?}"
    );
    assert!(
        starts.iter().all(|p| p % 2 == 1),
        "elk formulier begint op een oneven pagina: {starts:?}"
    );
    assert!(blanks <= 3);
}

#[test]
fn single_forms_and_footer() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("checklist.pdf");
    forms(&pdf, &["checklist"]);
    let text = pdf_text(&pdf);
    assert!(text.contains("Checklist wijkdiagnose"));
    assert!(
        !text.contains("Windshield Survey"),
        "alleen de checklist gevraagd"
    );
    // Header fields, as on the other forms, and still one sheet, two sides.
    for field in ["Wijk", "Beoordeeld door", "Datum"] {
        assert!(
            text.contains(field),
            "{field} ontbreekt bovenaan de checklist"
        );
    }
    assert_eq!(pdf_pages(&pdf), 2, "de checklist past op twee bladzijden");
    assert!(
        text.contains("blad 1") && text.contains("blad 2"),
        "voettekst met bladnummer: {text}"
    );

    let pdf = dir.path().join("interview.pdf");
    forms(&pdf, &["interview"]);
    let text = pdf_text(&pdf);
    assert!(text.contains("Interview met een wijkbewoner"));
    assert!(!text.contains("Checklist wijkdiagnose"));
}

#[test]
fn wijk_is_prefilled() {
    let dir = tempfile::tempdir().unwrap();
    let with = dir.path().join("met.pdf");
    let without = dir.path().join("zonder.pdf");
    forms(&with, &["windshield", "--wijk", "Selwerd"]);
    forms(&without, &["windshield"]);
    let first = page_text(&with, 1);
    // The value stands right under its label in the header box.
    let squashed = squash(&first);
    assert!(
        squashed.contains("WijkSelwerd"),
        "wijk niet ingevuld in de kop: {first}"
    );
    assert!(
        page_text(&with, 2).contains("wijk Selwerd"),
        "de voettekst noemt de wijk"
    );
    assert!(!pdf_text(&without).contains("Selwerd"));
}

#[test]
fn unknown_form_kind_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let (code, _, stderr) = run(&["forms", "winshield", "-o", pdf.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("windshield"), "{stderr}");
}

#[test]
fn class_forms_folder_replaces_a_form() {
    let dir = fixture(&[(
        "formulieren/interview.toml",
        "titel = \"Gesprek met een ondernemer\"\nvragen = [\"Hoe lang heeft u uw zaak al in de wijk?\", \"Wie zijn uw klanten?\"]\n",
    )]);
    let pdf = dir.path().join("uit.pdf");
    let map = dir.path().join("formulieren");
    forms(&pdf, &["interview", "--formulieren", map.to_str().unwrap()]);
    let text = squash(&pdf_text(&pdf));
    assert!(text.contains(&squash("Gesprek met een ondernemer")));
    assert!(text.contains(&squash("Wie zijn uw klanten?")));
    assert!(!text.contains(&squash("Wat vindt u prettig aan wonen in deze wijk?")));
}

/// The class's own forms in klas.toml print with `forms --formulieren`,
/// given the class folder or the file; a klas.toml without forms is named.
#[test]
fn forms_prints_the_class_forms_of_klas_toml() {
    let klas = "wijken = [\"Beijum\"]\n\n[formulieren.windshield]\ntitel = \"Wijkschouw\"\n\n[[formulieren.windshield.items]]\nid = \"speelplekken\"\ntitel = \"Speelplekken voor kinderen\"\n";
    let dir = fixture(&[
        ("klas/klas.toml", klas),
        ("zonder/klas.toml", "wijken = [\"Beijum\"]\n"),
    ]);
    for given in ["klas", "klas/klas.toml"] {
        let pdf = dir.path().join("f.pdf");
        let map = dir.path().join(given);
        forms(
            &pdf,
            &["windshield", "--formulieren", map.to_str().unwrap()],
        );
        let text = squash(&pdf_text(&pdf));
        assert!(text.contains(&squash("Wijkschouw")), "{given}: {text}");
        assert!(
            text.contains(&squash("Speelplekken voor kinderen")),
            "{given}"
        );
        assert!(
            !text.contains(&squash("Geschiedenis en identiteit")),
            "{given}"
        );
    }
    let zonder = dir.path().join("zonder");
    let pdf = dir.path().join("z.pdf");
    let (code, _, err) = run(&[
        "forms",
        "--formulieren",
        zonder.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(&format!(
            "fout: {}: er staan geen eigen formulieren in (geen [formulieren])",
            zonder.join("klas.toml").display()
        )),
        "{err}"
    );
    assert!(!pdf.exists(), "geen PDF bij een fout");
}

/// A group inside a class folder whose klas.toml brings its own Windshield
/// Survey: `build` checks the answers against it and prints it in Bijlage A.
#[test]
fn build_uses_klas_toml_forms_of_the_parent_folder() {
    let klas = r#"
[formulieren.windshield]
titel = "Wijkschouw"

[[formulieren.windshield.items]]
id = "speelplekken"
titel = "Speelplekken voor kinderen"

[[formulieren.windshield.items]]
id = "bankjes"
titel = "Bankjes en rustpunten"
"#;
    let verslag = format!(
        "{MINIMAL_TOML}\n[windshield]\ntijd = \"10.00 uur\"\n[windshield.antwoorden]\nspeelplekken = \"Twee speeltuinen, een met kapotte schommel.\"\n"
    );
    let dir = fixture(&[("klas.toml", klas), ("groep-a/verslag.toml", &verslag)]);
    let pdf = dir.path().join("a.pdf");
    let group = dir.path().join("groep-a");
    let (code, stderr) = build_pdf(&group, &pdf);
    assert_eq!(code, 0, "{stderr}");
    let text = squash(&pdf_text(&pdf));
    assert!(text.contains(&squash("Speelplekken voor kinderen")));
    assert!(text.contains(&squash("Twee speeltuinen, een met kapotte schommel.")));
    assert!(text.contains(&squash("Bankjes en rustpunten")));
    assert!(
        !text.contains(&squash("Geschiedenis en identiteit")),
        "de standaard-Windshield Survey is vervangen"
    );

    // An answer to an item of the default form is now unknown.
    let verslag =
        format!("{MINIMAL_TOML}\n[windshield.antwoorden]\nhuisvesting = \"Rijtjeshuizen.\"\n");
    std::fs::write(group.join("verslag.toml"), &verslag).unwrap();
    let (code, stderr) = build_pdf(&group, &pdf);
    assert_eq!(code, 1, "{stderr}");
    let line = verslag
        .lines()
        .position(|l| l.starts_with("huisvesting"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("verslag.toml:{line}:")),
        "{stderr}"
    );
    assert!(
        stderr.contains("`huisvesting` is geen item van de Windshield Survey"),
        "{stderr}"
    );
    assert!(
        stderr.contains("speelplekken, bankjes"),
        "de toegestane ids staan erbij: {stderr}"
    );
}

/// The Windshield Survey fits on four sheets (two sheets printed on both
/// sides), without a page that is left blank.
#[test]
fn windshield_takes_four_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("windshield.pdf");
    forms(&pdf, &["windshield"]);
    assert_eq!(pdf_pages(&pdf), 4);
    let text = pdf_text(&pdf);
    assert!(!text.contains("met opzet leeg gelaten"), "{text}");
    // The last item, 15, ends the form on sheet 4.
    assert!(
        page_text(&pdf, 4).contains("Communicatie en media"),
        "item 15 niet op blad 4"
    );
}
