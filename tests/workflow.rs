//! The student's workflow: `init` → write → `watch` → `check`, and the JSON
//! Schema that makes the editor help with `verslag.toml`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{bin, build_pdf, pdf_text, run, sample, squash};

/// `init` into a fresh temp dir; returns (temp dir, group folder).
fn init_group(name: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let group = tmp.path().join(name);
    let mut args = vec!["init", group.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "init faalde:\n{err}");
    (tmp, group)
}

/// The names in the group's `hoofdstukken/`, sorted.
fn chapter_files(group: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(group.join("hoofdstukken"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn init_writes_every_file_and_the_folder_builds_at_once() {
    let (tmp, group) = init_group("groep-beijum", &[]);
    for rel in ["verslag.toml", "verslag.schema.json", "LEESMIJ.md", "fotos"] {
        assert!(group.join(rel).exists(), "{rel} ontbreekt");
    }
    let toml = std::fs::read_to_string(group.join("verslag.toml")).unwrap();
    assert!(
        toml.starts_with("#:schema ./verslag.schema.json\n"),
        "{toml}"
    );
    assert!(
        toml.contains("wijk = \"Beijum\""),
        "de wijk komt uit de mapnaam:\n{toml}"
    );
    assert_eq!(
        chapter_files(&group),
        [
            "1-wijk-bepalen.md",
            "2-gegevens.md",
            "3-observatie.md",
            "4-verhalen.md",
            "5-sociaal-netwerk.md",
            "6-checklist.md",
            "7-wijkdiagnose.md",
            "8-interventies.md"
        ]
    );
    let ch2 = std::fs::read_to_string(group.join("hoofdstukken/2-gegevens.md")).unwrap();
    assert!(ch2.starts_with("<!--"), "{ch2}");
    assert!(
        ch2.contains("Wat is de bevolkingssamenstelling van de wijk?"),
        "{ch2}"
    );

    let out = tmp.path().join("uit.pdf");
    let (code, err) = build_pdf(&group, &out);
    assert_eq!(code, 0, "build van een verse map faalde:\n{err}");
    let text = pdf_text(&out);
    assert!(text.contains("Wijkanalyse Beijum"), "{text}");
    assert!(text.contains("Naam groepslid 1"), "{text}");
    assert!(text.contains("Demografische en epidemiologische"), "{text}");
    // The guiding questions are notes to self, never printed.
    assert!(
        !squash(&text).contains(&squash("Wat is de bevolkingssamenstelling van de wijk?")),
        "{text}"
    );
    assert!(
        !text.contains("Welke wijk gaan jullie onderzoeken"),
        "{text}"
    );
}

/// `--sjabloon wijkanalyse`: the leaflet's four parts, each with its
/// questions, a `verslag.toml` that chooses the template and has the fields
/// of a speerpunt, and a folder that builds into those four chapters.
#[test]
fn init_with_the_wijkanalyse_template_writes_its_four_parts() {
    let (tmp, group) = init_group("groep-selwerd", &["--sjabloon", "wijkanalyse"]);
    assert_eq!(
        chapter_files(&group),
        [
            "1-beschrijving-van-de-wijk.md",
            "2-bewoners-in-beeld.md",
            "3-problemen-en-kansen.md",
            "4-speerpunten.md"
        ]
    );
    let ch2 = std::fs::read_to_string(group.join("hoofdstukken/2-bewoners-in-beeld.md")).unwrap();
    assert!(ch2.contains("Kracht in de wijk"), "{ch2}");
    let toml = std::fs::read_to_string(group.join("verslag.toml")).unwrap();
    for line in [
        "\nsjabloon = \"wijkanalyse\" ",
        "\nhoofdstuk = 1 ",
        "\ntitel = \"Speerpunt 1\" ",
        "\naanleiding = \"\" ",
        "\nbegroting = \"\" ",
    ] {
        assert!(toml.contains(line), "{line} ontbreekt:\n{toml}");
    }

    let out = tmp.path().join("uit.pdf");
    let (code, err) = build_pdf(&group, &out);
    assert_eq!(code, 0, "build faalde:\n{err}");
    assert!(!err.contains("hoort bij geen hoofdstuk"), "{err}");
    let text = squash(&pdf_text(&out));
    // The body, after the contents: each part in its own chapter, in order.
    let body = &text[text.find("Bijlagen").expect("inhoudsopgave")..];
    let mut from = 0;
    for part in [
        "1 Beschrijving van de wijk",
        "Tabel 2: Leeftijdsopbouw",
        "2 Bewoners in beeld",
        "1. Hoe lang woont u al in deze wijk",
        "3 Problemen en kansen",
        "Verbeterpunt: Verbeterpunt 1",
        "4 Op te pakken speerpunten",
        "Speerpunt 1: Speerpunt 1",
        "Begroting",
        "Literatuurlijst",
    ] {
        let at = body[from..].find(&squash(part));
        assert!(at.is_some(), "{part} ontbreekt na {from}:\n{body}");
        from += at.unwrap();
    }
    assert!(
        !text.contains(&squash("Burgers in kwetsbare situaties")),
        "{text}"
    );

    let (_, out, _) = run(&["check", group.to_str().unwrap()]);
    assert!(
        out.contains("de titel \"Speerpunt 1\" komt nog uit het sjabloon"),
        "{out}"
    );
    assert!(out.contains("geef het speerpunt een naam"), "{out}");
    // The report calls them speerpunten, and so does check.
    for message in [
        "er is 1 speerpunt; de opdracht vraagt er minstens 3",
        "bij speerpunt \"Speerpunt 1\" ontbreken doelgroep, aanpak en verantwoording",
        "waarom dit speerpunt past bij de wijkdiagnose",
    ] {
        assert!(out.contains(message), "{message} ontbreekt:\n{out}");
    }
    assert!(!out.contains("interventie \""), "{out}");

    let (code, _, err) = run(&[
        "init",
        tmp.path().join("x").to_str().unwrap(),
        "--sjabloon",
        "analyse",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("kies wijkgericht-werken of wijkanalyse"),
        "{err}"
    );
}

#[test]
fn init_takes_the_wijk_from_the_option_and_escapes_it() {
    let (_tmp, group) = init_group("mijn-verslag", &["--wijk", "De \"Wijert\""]);
    let toml = std::fs::read_to_string(group.join("verslag.toml")).unwrap();
    assert!(toml.contains(r#"wijk = "De \"Wijert\"""#), "{toml}");
    let (code, err) = build_pdf(&group, &group.with_extension("pdf"));
    assert_eq!(code, 0, "{err}");
    assert!(pdf_text(&group.with_extension("pdf")).contains("Wijkanalyse De \"Wijert\""));
}

#[test]
fn check_on_a_fresh_folder_fails_with_the_to_do_list() {
    let (_tmp, group) = init_group("groep-selwerd", &[]);
    let (code, out, err) = run(&["check", group.to_str().unwrap()]);
    let all = format!("{out}{err}");
    assert_eq!(code, 1, "check moet falen op een verse map:\n{all}");
    assert!(all.contains("hoofdstukken/1-wijk-bepalen.md"), "{all}");
    assert!(all.contains("nog geen tekst"), "{all}");
    assert!(
        all.contains("minstens 3"),
        "de opdracht vraagt drie interventies:\n{all}"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let group = tmp.path().join("groep-beijum");
    std::fs::create_dir(&group).unwrap();
    std::fs::write(group.join("aantekeningen.txt"), "ons werk").unwrap();
    let (code, _, err) = run(&["init", group.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("groep-beijum: deze map is niet leeg"), "{err}");
    assert!(err.contains("tip: kies een nieuwe naam"), "{err}");
    assert!(
        !group.join("verslag.toml").exists(),
        "init schreef toch in de map"
    );
    assert_eq!(
        std::fs::read_to_string(group.join("aantekeningen.txt")).unwrap(),
        "ons werk"
    );

    // An empty folder is fine.
    let empty = tmp.path().join("leeg");
    std::fs::create_dir(&empty).unwrap();
    let (code, _, err) = run(&["init", empty.to_str().unwrap(), "--wijk", "Lewenborg"]);
    assert_eq!(code, 0, "{err}");
    assert!(empty.join("verslag.toml").exists());
}

/// The commands `init` suggests can be pasted as they are, also for a
/// folder name with a space.
#[test]
fn init_quotes_a_folder_name_with_a_space_in_its_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let group = tmp.path().join("Groep 3");
    let (code, _, err) = run(&["init", group.to_str().unwrap(), "--wijk", "Beijum"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("wijkverslag check \"{}\"", group.display())),
        "{err}"
    );
    let (code, _, err) = run(&["check", group.to_str().unwrap()]);
    assert_ne!(code, 2, "{err}");
}

/// TOML as the editor hands it to a JSON Schema: dates become strings.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn toml_file_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml_to_json(toml::from_str(&text).unwrap())
}

fn schema_validator() -> (serde_json::Value, jsonschema::Validator) {
    let (code, out, err) = run(&["schema"]);
    assert_eq!(code, 0, "{err}");
    let schema: serde_json::Value = serde_json::from_str(&out).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    (schema, validator)
}

fn errors(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_accepts_the_sample_and_a_fresh_folder() {
    let (schema, validator) = schema_validator();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let sample = toml_file_as_json(&sample().join("verslag.toml"));
    assert_eq!(errors(&validator, &sample), Vec::<String>::new());

    let (_tmp, group) = init_group("groep-vinkhuizen", &[]);
    let fresh = toml_file_as_json(&group.join("verslag.toml"));
    assert_eq!(errors(&validator, &fresh), Vec::<String>::new());
    // The copy `init` writes is the schema `schema` prints.
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(group.join("verslag.schema.json")).unwrap())
            .unwrap();
    assert_eq!(written, schema);
}

#[test]
fn the_schema_rejects_misspelt_keys_and_wrong_values() {
    let (_schema, validator) = schema_validator();
    let sample = toml_file_as_json(&sample().join("verslag.toml"));

    let mut top = sample.clone();
    top["verslag"]
        .as_object_mut()
        .unwrap()
        .insert("titell".into(), "Wijkanalyse".into());
    let errs = errors(&validator, &top);
    assert!(
        errs.iter()
            .any(|e| e.contains("titell") && e.contains("/verslag")),
        "{errs:?}"
    );

    let mut nested = sample.clone();
    let first = nested["interventies"][0]
        .as_object_mut()
        .expect("the sample has interventies");
    let value = first
        .remove("verantwoording")
        .unwrap_or_else(|| "waarom".into());
    first.insert("verantwoordnig".into(), value);
    let errs = errors(&validator, &nested);
    assert!(
        errs.iter()
            .any(|e| e.contains("verantwoordnig") && e.contains("/interventies/0")),
        "{errs:?}"
    );

    let mut root = sample.clone();
    root.as_object_mut()
        .unwrap()
        .insert("groepleden".into(), serde_json::json!([{"naam": "X"}]));
    assert!(!validator.is_valid(&root));

    let mut bad_enum = sample;
    bad_enum["checklist"]["huisvesting"] = serde_json::json!({"oordeel": "matig"});
    let errs = errors(&validator, &bad_enum);
    assert!(errs.iter().any(|e| e.contains("matig")), "{errs:?}");
}

/// A running `watch`, killed when the test ends (also when it fails).
struct Watching {
    child: Child,
    lines: Receiver<String>,
    log: Vec<String>,
    deadline: Instant,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watching {
    fn start(group: &Path, out: &Path, budget: Duration) -> Watching {
        let mut child = bin()
            .args([
                "watch",
                group.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start wijkverslag watch");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching {
            child,
            lines,
            log: Vec::new(),
            deadline: Instant::now() + budget,
        }
    }

    /// Waits (within the test's time budget) for a line starting with `prefix`;
    /// returns everything printed since the previous wait.
    fn wait_for(&mut self, prefix: &str) -> String {
        let from = self.log.len();
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let done = line.starts_with(prefix);
                    self.log.push(line);
                    if done {
                        return self.log[from..].join("\n");
                    }
                }
                Err(_) => panic!(
                    "geen regel \"{prefix}…\" van watch binnen de tijd; uitvoer:\n{}",
                    self.log.join("\n")
                ),
            }
        }
    }
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let (tmp, group) = init_group("groep-beijum", &[]);
    let out = tmp.path().join("verslag.pdf");
    let mut w = Watching::start(&group, &out, Duration::from_secs(30));

    let first = w.wait_for("gemaakt in ");
    assert!(first.contains("pagina's"), "{first}");
    let pdf0 = std::fs::read(&out).expect("watch wrote the first PDF");
    assert!(pdf_text(&out).contains("Wijkanalyse Beijum"));

    // Edit a chapter: the PDF changes and holds the new sentence.
    let chapter = group.join("hoofdstukken/1-wijk-bepalen.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("Wij kozen Beijum omdat de wijk veel groen heeft.\n");
    std::fs::write(&chapter, text).unwrap();
    let rebuilt = w.wait_for("opnieuw gemaakt in ");
    assert!(rebuilt.contains(" ms: "), "{rebuilt}");
    let pdf1 = std::fs::read(&out).unwrap();
    assert_ne!(pdf0, pdf1);
    assert!(
        squash(&pdf_text(&out))
            .contains(&squash("Wij kozen Beijum omdat de wijk veel groen heeft."))
    );

    // Break the TOML: the error is printed with its place, the old PDF stays.
    let toml_path = group.join("verslag.toml");
    let good = std::fs::read_to_string(&toml_path).unwrap();
    let line = good
        .lines()
        .position(|l| l.starts_with("titel = \"Wijkanalyse Beijum\""))
        .unwrap()
        + 1;
    std::fs::write(
        &toml_path,
        good.replacen(
            "titel = \"Wijkanalyse Beijum\"",
            "titel = \"Wijkanalyse Beijum",
            1,
        ),
    )
    .unwrap();
    let failed = w.wait_for("niet bijgewerkt: ");
    assert!(
        failed.contains(&format!("fout: verslag.toml:{line}:")),
        "{failed}"
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        pdf1,
        "het vorige PDF moet blijven staan"
    );

    // Fix it: the PDF follows again.
    std::fs::write(
        &toml_path,
        good.replacen(
            "titel = \"Wijkanalyse Beijum\"",
            "titel = \"Verslag Beijum Oost\"",
            1,
        ),
    )
    .unwrap();
    w.wait_for("opnieuw gemaakt in ");
    let text = pdf_text(&out);
    assert!(text.contains("Verslag Beijum Oost"), "{text}");
    assert!(squash(&text).contains(&squash("Wij kozen Beijum omdat de wijk veel groen heeft.")));
}
