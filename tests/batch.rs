//! `wijkverslag batch`: a class with good groups, broken groups and a
//! panicking group; every good report is built and every broken one is a
//! row with its reason.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{bin, file_mode, pdf_text, squash, under_umask_022};

fn verslag(titel: &str, wijk: &str, lid: &str) -> String {
    format!(
        r#"[verslag]
titel = "{titel}"
wijk = "{wijk}"

[[groepsleden]]
naam = "{lid}"

[[interventies]]
titel = "Buurtkamer voor ouderen"
doelgroep = "65-plussers"

[[bronnen]]
id = "cbs2017"
auteur = "Centraal Bureau voor de Statistiek"
jaar = 2017
titel = "Wijk- en buurtkaart 2017"
"#
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Group folders in `klas`: (folder, wijk, member); the title is "<wijk> in beeld".
fn groups(klas: &Path, list: &[(&str, &str, &str)]) {
    for (folder, wijk, lid) in list {
        write(
            klas,
            &format!("{folder}/verslag.toml"),
            &verslag(&format!("{wijk} in beeld"), wijk, lid),
        );
    }
}

fn write_zip(path: &Path, files: &[(&str, &str)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A class folder: three good groups (two of them on the same wijk, one a
/// zip), one group that will panic, and three broken ones.
fn class(root: &Path) -> std::path::PathBuf {
    let klas = root.join("klas-sw4a");
    write(
        &klas,
        "klas.toml",
        "[verslag]\nschool = \"Noorderpoort\"\nklas = \"SW4A\"\ndocent = \"J. de Vries\"\n",
    );
    write(
        &klas,
        "groep-a/verslag.toml",
        &(verslag("Wijkanalyse Beijum", "Beijum", "Fatima el Amrani")
            + "\n[[groepsleden]]\nnaam = \"Jordy Koster\"\nstudentnummer = \"403044\"\n"),
    );
    write(
        &klas,
        "groep-a/hoofdstukken/1-wijk-bepalen.md",
        "Wij kozen Beijum omdat de wijk jong en groen is.\n",
    );
    // A chart is a figure too: the overview counts it.
    write(
        &klas,
        "groep-b/verslag.toml",
        &(verslag("Beijum bekeken", "Beijum", "Daan Bakker")
            + "\n[[grafieken]]\nhoofdstuk = 2\ntitel = \"Huishoudens\"\nsoort = \"staaf\"\nlabels = [\"Eenpersoons\", \"Met kinderen\"]\nreeksen = [{ naam = \"Beijum\", waarden = [44, 35] }]\n"),
    );
    write(
        &klas,
        "groep-c/verslag.toml",
        &verslag("Selwerd", "Selwerd", "Sanne de Boer"),
    );
    write(
        &klas,
        "groep-kapot/verslag.toml",
        "[verslag]\ntitel = \"Onaf\nwijk = \"Vinkhuizen\"\n",
    );
    // Every folder is a group (FORMAT.md 6): one without a report, and one
    // a group left empty, are rows with their reason, not left out.
    write(&klas, "aantekeningen/lijst.txt", "geen groep\n");
    std::fs::create_dir_all(klas.join("groep-leeg")).unwrap();
    let zip_toml = verslag("Lewenborg in beeld", "Lewenborg", "Noor Visser");
    write_zip(
        &klas.join("groep-e.zip"),
        &[
            ("groep-e/verslag.toml", zip_toml.as_str()),
            (
                "groep-e/hoofdstukken/2-gegevens.md",
                "Lewenborg telt veel gezinnen.\n",
            ),
        ],
    );
    std::fs::write(klas.join("groep-nietzip.zip"), "dit is tekst, geen zip").unwrap();
    write_zip(
        &klas.join("groep-slip.zip"),
        &[
            ("verslag.toml", zip_toml.as_str()),
            ("../../buiten.txt", "weg uit de map"),
        ],
    );
    klas
}

/// `batch KLAS -o UIT --zip`, as a teacher types it: (exit code, stderr).
fn batch_zip(klas: &Path, uit: &Path) -> (Option<i32>, String) {
    let out = bin()
        .arg("batch")
        .arg(klas)
        .arg("-o")
        .arg(uit)
        .arg("--zip")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn batch(klas: &Path, uit: &Path) -> (i32, String) {
    batch_on(klas, uit, "2")
}

/// [`batch`] on `jobs` threads.
fn batch_on(klas: &Path, uit: &Path, jobs: &str) -> (i32, String) {
    let mut cmd = bin();
    cmd.arg("batch")
        .arg(klas)
        .arg("-o")
        .arg(uit)
        .args(["--zip", "--docx", "--jobs", jobs])
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1577059200")
        .env("WIJKVERSLAG_TEST_PANIC", "groep-c");
    let out = under_umask_022(&cmd)
        .output()
        .expect("run wijkverslag batch");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv_rows(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("overzicht.csv begins with a BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let row: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect();
            (row["groep"].clone(), row)
        })
        .collect()
}

#[test]
fn a_class_with_broken_groups_builds_every_good_one_and_reports_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = class(tmp.path());
    let uit = tmp.path().join("nakijken");
    let (code, stderr) = batch(&klas, &uit);

    assert_eq!(
        code, 1,
        "a failed group makes the exit status 1; stderr:\n{stderr}"
    );
    assert_eq!(
        stderr.lines().last(),
        Some("3 gelukt, 6 mislukt"),
        "stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("] groep-a: gelukt ("),
        "plain progress lines when stderr is no terminal:\n{stderr}"
    );

    // Every good group has its PDF, with the class defaults and its own text.
    let a = pdf_text(&uit.join("groep-a.pdf"));
    assert!(
        a.contains("Noorderpoort"),
        "klas.toml's school is on groep-a's title page"
    );
    assert!(squash(&a).contains(&squash("Wij kozen Beijum omdat de wijk jong en groen is.")));
    assert!(pdf_text(&uit.join("groep-b.pdf")).contains("Daan Bakker"));
    assert!(squash(&pdf_text(&uit.join("groep-e.pdf"))).contains("Lewenborgteltveelgezinnen."));
    let mut docx =
        zip::ZipArchive::new(std::fs::File::open(uit.join("groep-a.docx")).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut docx.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains("Wij kozen Beijum omdat de wijk jong en groen is."),
        "--docx writes the group's Word file"
    );
    for broken in [
        "groep-c",
        "groep-kapot",
        "groep-nietzip",
        "groep-slip",
        "aantekeningen",
    ] {
        assert!(
            !uit.join(format!("{broken}.pdf")).exists(),
            "no PDF for {broken}"
        );
        assert!(
            !uit.join(format!("{broken}.docx")).exists(),
            "no DOCX for {broken}"
        );
    }

    // The spreadsheet: one row per group, broken ones with their reason.
    let rows = csv_rows(&uit.join("overzicht.csv"));
    let names: Vec<&str> = rows.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "aantekeningen",
            "groep-a",
            "groep-b",
            "groep-c",
            "groep-e",
            "groep-kapot",
            "groep-leeg",
            "groep-nietzip",
            "groep-slip"
        ]
    );
    for good in ["groep-a", "groep-b", "groep-e"] {
        assert_eq!(rows[good]["status"], "gelukt");
        assert_eq!(rows[good]["bestand"], format!("{good}.pdf, {good}.docx"));
        assert!(rows[good]["pagina's"].parse::<u32>().unwrap() > 1);
    }
    assert_eq!(
        rows["groep-a"]["groepsleden"],
        "Fatima el Amrani, Jordy Koster"
    );
    // A missing number keeps the place, so each number stays with its name.
    assert_eq!(rows["groep-a"]["studentnummers"], "-, 403044");
    assert_eq!(rows["groep-b"]["studentnummers"], "");
    assert_eq!(rows["groep-a"]["woorden hoofdstuk 1"], "10");
    assert_eq!(rows["groep-a"]["interventies"], "1");
    assert_eq!(rows["groep-a"]["figuren"], "0");
    assert_eq!(rows["groep-b"]["figuren"], "1");
    let kapot = &rows["groep-kapot"];
    assert_eq!(kapot["status"], "mislukt");
    assert!(
        kapot["reden"].starts_with("verslag.toml:2:"),
        "the TOML error names its line: {}",
        kapot["reden"]
    );
    assert!(
        rows["groep-nietzip"]["reden"].contains("dit .zip-bestand kan niet gelezen worden"),
        "{}",
        rows["groep-nietzip"]["reden"]
    );
    assert!(
        rows["groep-slip"]["reden"]
            .contains("de zip bevat een pad dat buiten de map wijst: `../../buiten.txt`"),
        "{}",
        rows["groep-slip"]["reden"]
    );
    assert_eq!(
        rows["aantekeningen"]["reden"],
        "aantekeningen: er staat geen verslag.toml in deze map (wel: lijst.txt); is dit geen groep, zet de map dan buiten de klasmap"
    );
    assert_eq!(
        rows["groep-leeg"]["reden"],
        "groep-leeg: de map is leeg: deze groep heeft (nog) niets ingeleverd"
    );
    let c = &rows["groep-c"];
    assert_eq!(c["status"], "mislukt");
    assert!(
        c["reden"].contains("paniek") && c["reden"].contains("testpaniek voor groep groep-c"),
        "{}",
        c["reden"]
    );
    assert_eq!(
        c["wijk"], "Selwerd",
        "the panicking group was loaded before it panicked"
    );

    // Two groups chose Beijum: both are flagged, the others not.
    assert_eq!(rows["groep-a"]["zelfde wijk als"], "groep-b");
    assert_eq!(rows["groep-b"]["zelfde wijk als"], "groep-a");
    assert_eq!(rows["groep-e"]["zelfde wijk als"], "");

    // The grading overview.
    let overview = pdf_text(&uit.join("overzicht.pdf"));
    assert!(
        overview.contains("Overzicht SW4A"),
        "the class name from klas.toml"
    );
    assert!(overview.contains("9 groepen: 3 verslagen gemaakt, 6 mislukt"));
    assert!(
        squash(&overview).contains(&squash("Jordy Koster · studentnummer 403044")),
        "the group page gives the studentnummer with the name"
    );
    assert!(
        squash(&overview).contains(&squash("dubbel: groep-b")),
        "the table flags the duplicate wijk"
    );
    assert!(
        overview.contains("Dubbele wijk:"),
        "the group page flags it too"
    );
    assert_eq!(
        overview.matches("Beoordeling docent").count(),
        9,
        "one assessment box per group"
    );
    assert!(squash(&overview).contains(&squash("de zip bevat een pad dat buiten de map wijst")));

    // The archive lists every file, sorted.
    let archive = uit.join("klas-sw4a.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let listed: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(
        listed,
        [
            "groep-a.docx",
            "groep-a.pdf",
            "groep-b.docx",
            "groep-b.pdf",
            "groep-e.docx",
            "groep-e.pdf",
            "overzicht.csv",
            "overzicht.pdf"
        ]
    );
    // Readable for everyone, as files a teacher saves themselves would be
    // (not the private mode of the temporary file they were written to).
    for name in listed.iter().map(String::as_str).chain(["klas-sw4a.zip"]) {
        assert_eq!(file_mode(&uit.join(name)), 0o644, "mode of {name}");
    }

    // Reproducible: a second run writes the same bytes, also on one thread,
    // where the groups are loaded and rendered in another order.
    let uit2 = tmp.path().join("nogmaals");
    let (code2, _) = batch_on(&klas, &uit2, "1");
    assert_eq!(code2, 1);
    for f in [
        "overzicht.csv",
        "overzicht.pdf",
        "groep-a.pdf",
        "klas-sw4a.zip",
    ] {
        assert_eq!(
            std::fs::read(uit.join(f)).unwrap(),
            std::fs::read(uit2.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

/// Runs `batch KLAS -o UIT`, expects exit 1 and returns stderr.
fn refused_batch(klas: &Path, uit: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_wijkverslag"))
        .arg("batch")
        .arg(klas)
        .arg("-o")
        .arg(uit)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_folder_without_groups_is_an_error_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("leeg")).unwrap();
    let stderr = refused_batch(&tmp.path().join("leeg"), &tmp.path().join("uit"));
    assert!(
        stderr.contains("in deze map staat geen enkele groep"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tip: een groep is een map met verslag.toml"),
        "{stderr}"
    );
}

/// The download of a whole class from a learning platform is one zip:
/// the message says to unpack it first.
#[test]
fn a_class_given_as_one_zip_is_named_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("SW4A-inleveringen.zip");
    std::fs::write(&zip, b"PK\x05\x06").unwrap();
    let stderr = refused_batch(&zip, &tmp.path().join("uit"));
    assert!(stderr.contains("SW4A-inleveringen.zip: dit is geen map\n  tip: is dit de download van een hele klas? Pak de zip eerst uit"), "{stderr}");
    assert!(!tmp.path().join("uit").exists());
}

#[test]
fn a_group_unzipped_into_a_folder_of_its_own_is_built_under_the_outer_name() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    write(
        &klas,
        "groep-f/Wijkverslag Paddepoel/verslag.toml",
        &verslag("Paddepoel", "Paddepoel", "Lotte Mulder"),
    );
    write(
        &klas,
        "groep-f/Wijkverslag Paddepoel/hoofdstukken/1-wijk-bepalen.md",
        "Paddepoel ligt aan de noordkant van de stad.\n",
    );
    // Hidden files beside the inner folder (macOS) do not count.
    write(&klas, "groep-f/.DS_Store", "x");
    // A folder with something else besides is not guessed at but reported.
    write(
        &klas,
        "groep-g/versie-1/verslag.toml",
        &verslag("Oud", "Oosterpark", "Sem Jansen"),
    );
    write(&klas, "groep-g/versie-2/lijst.txt", "nog niets\n");
    // Unzipped twice: the report two folders down is still found.
    write(
        &klas,
        "groep-h/groep-h/Wijkverslag/verslag.toml",
        &verslag("Vinkhuizen", "Vinkhuizen", "Mila de Jong"),
    );
    write(
        &klas,
        "groep-h/groep-h/Wijkverslag/hoofdstukken/1-wijk-bepalen.md",
        "Vinkhuizen ligt in het westen.\n",
    );
    // The same as a zip: `groep-i.zip` holding `groep-i/groep-i/...`.
    let zip_toml = verslag("Hoogkerk", "Hoogkerk", "Jesse Smit");
    write_zip(
        &klas.join("groep-i.zip"),
        &[
            ("groep-i/groep-i/verslag.toml", zip_toml.as_str()),
            (
                "groep-i/groep-i/hoofdstukken/1-wijk-bepalen.md",
                "Hoogkerk was een dorp.\n",
            ),
        ],
    );
    let uit = tmp.path().join("uit");
    let out = bin()
        .arg("batch")
        .arg(&klas)
        .arg("-o")
        .arg(&uit)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("3 gelukt, 1 mislukt"), "{stderr}");
    assert!(
        stderr.contains("groep-g: mislukt: groep-g: er staat geen verslag.toml in de map zelf, wel in `versie-1`; laat één versie over in de map"),
        "{stderr}"
    );
    let text = squash(&pdf_text(&uit.join("groep-f.pdf")));
    assert!(text.contains(&squash("Paddepoel ligt aan de noordkant van de stad.")));
    assert!(!uit.join("groep-g.pdf").exists());
    let text = squash(&pdf_text(&uit.join("groep-h.pdf")));
    assert!(text.contains(&squash("Vinkhuizen ligt in het westen.")));
    let text = squash(&pdf_text(&uit.join("groep-i.pdf")));
    assert!(text.contains(&squash("Hoogkerk was een dorp.")));
}

/// Without a klas.toml the overview is named after the class the groups
/// wrote in their verslag.toml when they agree, else after the folder.
#[test]
fn the_overview_takes_the_class_name_the_groups_agree_on() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("inleveren-periode-2");
    let group = |name: &str, wijk: &str, class: &str| {
        let toml = verslag(wijk, wijk, "Lotte Mulder").replacen(
            "[verslag]\n",
            &format!("[verslag]\nklas = \"{class}\"\n"),
            1,
        );
        write(&klas, &format!("{name}/verslag.toml"), &toml);
    };
    group("groep-a", "Selwerd", "SW4B");
    group("groep-b", "Paddepoel", " SW4B ");
    let title = |uit: &Path| {
        let text = pdf_text(&uit.join("overzicht.pdf"));
        text.lines().next().unwrap_or("").to_string()
    };
    let uit = tmp.path().join("uit");
    let (code, err) = batch(&klas, &uit);
    assert_eq!(code, 0, "{err}");
    assert!(title(&uit).starts_with("Overzicht SW4B"), "{}", title(&uit));
    group("groep-b", "Paddepoel", "SW4C");
    let uit = tmp.path().join("uit2");
    let (code, err) = batch(&klas, &uit);
    assert_eq!(code, 0, "{err}");
    assert!(
        title(&uit).starts_with("Overzicht inleveren-periode-2"),
        "{}",
        title(&uit)
    );
}

/// A second run into the same folder names the reports it did not write
/// (of a group that is gone), so the teacher does not grade an old one;
/// they are left alone and kept out of the archive.
#[test]
fn reports_left_from_an_earlier_run_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    for (g, wijk, lid) in [
        ("groep-a", "Beijum", "Sanne Bakker"),
        ("groep-b", "Selwerd", "Daan de Boer"),
    ] {
        write(
            &klas,
            &format!("{g}/verslag.toml"),
            &verslag(wijk, wijk, lid),
        );
    }
    let uit = tmp.path().join("uit");
    let run = || batch_zip(&klas, &uit);
    let (code, stderr) = run();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("niet van deze keer"), "{stderr}");

    std::fs::remove_dir_all(klas.join("groep-b")).unwrap();
    let (code, stderr) = run();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "waarschuwing: {}: groep-b.pdf is niet van deze keer: er staat nu geen groep met die naam in de klasmap\n  tip: is het een oud verslag, haal het dan weg, zodat je niet een oude versie nakijkt\n",
            uit.display()
        )),
        "{stderr}"
    );
    assert!(uit.join("groep-b.pdf").exists(), "niet weggehaald");
    let zip = zip::ZipArchive::new(std::fs::File::open(uit.join("klas.zip")).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("groep-b")), "{names:?}");
}

/// Two inputs with one name (`groep-a/` beside `groep-a.zip`, or `Groep-A/`,
/// which Windows and macOS take for the same file name): the first keeps
/// the name and its report; the others are refused without deleting it.
#[test]
fn a_name_clash_keeps_the_report_of_the_group_that_has_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    groups(
        &klas,
        &[
            ("groep-a", "Beijum", "Sanne Bakker"),
            ("Groep-A", "Selwerd", "Daan de Boer"),
        ],
    );
    let zip_toml = verslag("Lewenborg in beeld", "Lewenborg", "Noor Visser");
    write_zip(
        &klas.join("groep-a.zip"),
        &[("verslag.toml", zip_toml.as_str())],
    );
    let uit = tmp.path().join("uit");
    // One job: the refused inputs come after the first has written its report.
    let out = bin()
        .args(["batch", klas.to_str().unwrap(), "-o", uit.to_str().unwrap()])
        .args(["--zip", "--jobs", "1"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 gelukt, 2 mislukt"), "{stderr}");
    for refused in ["groep-a: er is al", "groep-a.zip: er is al"] {
        assert!(
            stderr.contains(&format!(
                "{refused} een groep met de naam `groep-a` (Groep-A); haal een van beide uit de klasmap"
            )),
            "{stderr}"
        );
    }
    let pdfs: Vec<String> = std::fs::read_dir(&uit)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") && n != "overzicht.pdf")
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    let text = squash(&pdf_text(&uit.join(&pdfs[0])));
    assert!(text.contains(&squash("Selwerd in beeld")), "{}", pdfs[0]);
    let zip = zip::ZipArchive::new(std::fs::File::open(uit.join("klas.zip")).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert!(names.contains(&pdfs[0]), "{names:?}");
}

/// A student listed in two groups (capitals and spaces aside) is flagged in
/// the overview table and on both groups' pages: the teacher would
/// otherwise enter two grades for one student.
#[test]
fn a_student_in_two_groups_is_flagged_in_the_overview() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    groups(
        &klas,
        &[
            ("groep-a", "Beijum", "Sanne Bakker"),
            ("groep-b", "Selwerd", "sanne  bakker"),
            ("groep-d", "Lewenborg", "Noor Visser"),
        ],
    );
    let uit = tmp.path().join("uit");
    let (code, err) = batch(&klas, &uit);
    assert_eq!(code, 0, "{err}");
    let text = squash(&pdf_text(&uit.join("overzicht.pdf")));
    for needle in [
        "Sanne Bakker ook in groep-b",
        "sanne bakker ook in groep-a",
        "Sanne Bakker staat ook in de groep groep-b",
        "een student hoort bij één groep",
    ] {
        assert!(text.contains(&squash(needle)), "{needle} ontbreekt");
    }
    assert!(!text.contains(&squash("Noor Visser ook in")), "vals alarm");
}

/// A group whose verslag.toml does not parse (here a title without its
/// quotes on line 6) still shows whose work it is: the wijk and the members
/// that can be read from the file. What cannot be read is not made up.
#[test]
fn a_group_whose_verslag_toml_does_not_parse_is_still_named_in_the_overview() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    write(
        &klas,
        "groep-kapot/verslag.toml",
        "# Wijkanalyse Hoogkerk\n# van groep 6\n\n[verslag]\nondertitel = \"Opdracht Wijkgericht werken\"\ntitel = Wijkanalyse Hoogkerk\nwijk = \"Hoogkerk\"\n\n[[groepsleden]]\nnaam = \"Kim Vos\"\nstudentnummer = \"405301\"\n\n[[groepsleden]]\nnaam = \"Luuk Post\"\nstudentnummer = \"405302\"\n",
    );
    // Nothing to read: the wijk and the name lack their quotes.
    write(
        &klas,
        "groep-onleesbaar/verslag.toml",
        "[verslag]\ntitel = \"Vinkhuizen\"\nwijk = Vinkhuizen\n\n[[groepsleden]]\nnaam = Noor Visser\n",
    );
    let uit = tmp.path().join("uit");
    let (code, stderr) = batch(&klas, &uit);
    assert_eq!(code, 1, "{stderr}");
    let rows = csv_rows(&uit.join("overzicht.csv"));
    let kapot = &rows["groep-kapot"];
    assert_eq!(kapot["status"], "mislukt");
    assert!(
        kapot["reden"].starts_with("verslag.toml:6:"),
        "{}",
        kapot["reden"]
    );
    assert_eq!(kapot["wijk"], "Hoogkerk");
    assert_eq!(kapot["groepsleden"], "Kim Vos, Luuk Post");
    assert_eq!(kapot["studentnummers"], "405301, 405302");
    // Not checked, so no count of warnings.
    assert_eq!(kapot["waarschuwingen"], "");
    let onleesbaar = &rows["groep-onleesbaar"];
    assert_eq!(onleesbaar["wijk"], "");
    assert_eq!(onleesbaar["groepsleden"], "");
    assert_eq!(onleesbaar["studentnummers"], "");

    let text = pdf_text(&uit.join("overzicht.pdf"));
    let page = |group: &str| {
        let start = text
            .find(&format!("Beoordeling docent · {group}"))
            .expect(group);
        let before = &text[..start];
        squash(&before[before.rfind("Beoordeling docent").unwrap_or(0)..])
    };
    // Labels and values stand in two columns: "Wijk, Groepsleden,
    // Ingeleverd als", then the values in that order.
    let kapot = page("groep-kapot");
    let values = squash(
        "mislukt: geen verslag Hoogkerk Kim Vos · studentnummer 405301 Luuk Post · studentnummer 405302 groep-kapot",
    );
    assert!(kapot.contains(&values), "{kapot}");
    // Its warnings are unknown, not none.
    assert!(
        kapot.contains(&squash(
            "Waarom er geen verslag is 1 fout fout verslag.toml:6"
        )),
        "{kapot}"
    );
    assert!(!kapot.contains(&squash("0 waarschuwingen")), "{kapot}");
    // In the table: 1 fout, the warnings a dash.
    assert_eq!(
        squash(&text).matches(&squash("— 1 — mislukt")).count(),
        2,
        "{text}"
    );
    assert!(
        kapot.contains(&squash(
            "Wijk en groepsleden zijn gelezen uit een verslag.toml met fouten"
        )),
        "{kapot}"
    );
    let onleesbaar = page("groep-onleesbaar");
    assert!(
        onleesbaar.contains(&squash("mislukt: geen verslag — — groep-onleesbaar")),
        "{onleesbaar}"
    );
    assert!(!onleesbaar.contains("Vinkhuizen"), "{onleesbaar}");
    assert!(!onleesbaar.contains(&squash("Noor Visser")), "{onleesbaar}");
    assert!(
        !onleesbaar.contains(&squash("gelezen uit een verslag.toml met fouten")),
        "{onleesbaar}"
    );
}

/// A batch that is broken off (Ctrl+C, a closed laptop) leaves a
/// half-written temporary file; the next run into the folder removes it,
/// also one left by an older version (`.tmpXXXXXX`), but not the teacher's
/// own hidden files. Two batches never write into one folder at once.
#[test]
fn half_written_files_of_a_batch_that_was_broken_off_are_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    groups(&klas, &[("groep-a", "Beijum", "Sanne Bakker")]);
    let uit = tmp.path().join("uit");
    std::fs::create_dir_all(&uit).unwrap();
    // What the audit found after `timeout -s INT 3 wijkverslag batch ... --zip`.
    std::fs::write(uit.join(".tmpb2a7ei"), b"PK\x03\x04\x14\x00\x00\x00half").unwrap();
    // What this version would leave when killed with `kill -9` (no chance
    // to clean up) while writing: a file with its temporary name.
    let left = wijkverslag::batch::output::temp_file(&uit)
        .unwrap()
        .path()
        .to_path_buf();
    std::fs::write(&left, b"%PDF-1.7 half").unwrap();
    // Not ours: kept.
    std::fs::write(uit.join(".notities"), "cijfers groep a").unwrap();
    std::fs::write(uit.join(".tmpABCDEF"), "van een ander programma").unwrap();

    let run = || batch_zip(&klas, &uit);
    let (code, stderr) = run();
    assert_eq!(code, Some(0), "{stderr}");
    let hidden = || {
        let mut names: Vec<String> = std::fs::read_dir(&uit)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    assert_eq!(hidden(), [".notities", ".tmpABCDEF"], "{stderr}");
    let left_name = left.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        stderr.contains(&format!(
            "opgeruimd: {}: {}, {left_name} (half geschreven, van een eerdere batch die werd afgebroken)",
            uit.display(),
            ".tmpb2a7ei"
        )) || stderr.contains(&format!(
            "opgeruimd: {}: {left_name}, .tmpb2a7ei (half geschreven",
            uit.display()
        )),
        "{stderr}"
    );
    assert!(uit.join("klas.zip").exists());

    // While another batch holds the folder, a second one is refused.
    let held = wijkverslag::batch::output::lock(&uit).unwrap();
    let (code, stderr) = run();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("er loopt al een wijkverslag batch die in deze map schrijft")
            && stderr.contains("tip: wacht tot die klaar is, of kies met -o een andere uitvoermap"),
        "{stderr}"
    );
    drop(held);
    let (code, stderr) = run();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(hidden(), [".notities", ".tmpABCDEF"], "{stderr}");
}

/// Run again without --docx into a folder with the DOCX files of a run
/// with --docx: the message says that, and how to make them again; the
/// words for a failed or vanished group are kept for those.
#[test]
fn docx_files_of_an_earlier_run_with_docx_are_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    groups(
        &klas,
        &[
            ("groep-a", "Beijum", "Sanne Bakker"),
            ("groep-b", "Selwerd", "Daan de Boer"),
        ],
    );
    let uit = tmp.path().join("uit");
    let run = |docx: bool| {
        let mut cmd = bin();
        cmd.args(["batch", klas.to_str().unwrap(), "-o", uit.to_str().unwrap()])
            .env("NO_COLOR", "1");
        if docx {
            cmd.arg("--docx");
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(true);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run(false);
    assert_eq!(code, Some(0), "{stderr}");
    let shown = uit.display();
    assert!(
        stderr.contains(&format!(
            "waarschuwing: {shown}: groep-a.docx, groep-b.docx zijn van een eerdere keer: deze keer is er geen Word-bestand gemaakt (zonder --docx), dus ze kunnen ouder zijn dan de PDF's\n  tip: voeg --docx toe om ze opnieuw te maken, of haal ze weg\n"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("mislukte"), "{stderr}");
    assert!(!stderr.contains("er niet meer is"), "{stderr}");
    assert!(!stderr.contains("geen groep met die naam"), "{stderr}");

    // groep-b is gone: its files are of no group now; groep-a's DOCX is
    // still only of an earlier run.
    std::fs::remove_dir_all(klas.join("groep-b")).unwrap();
    let (code, stderr) = run(false);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "waarschuwing: {shown}: groep-a.docx is van een eerdere keer: deze keer is er geen Word-bestand gemaakt (zonder --docx), dus het kan ouder zijn dan de PDF\n  tip: voeg --docx toe om het opnieuw te maken, of haal het weg\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "waarschuwing: {shown}: groep-b.docx, groep-b.pdf zijn niet van deze keer: er staat nu geen groep met die naam in de klasmap\n  tip: zijn het oude verslagen, haal ze dan weg, zodat je niet een oude versie nakijkt\n"
        )),
        "{stderr}"
    );

    // With --docx again, nothing is stale.
    std::fs::remove_file(uit.join("groep-b.docx")).unwrap();
    std::fs::remove_file(uit.join("groep-b.pdf")).unwrap();
    let (code, stderr) = run(true);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("waarschuwing"), "{stderr}");
}

/// Groups whose wijk names one area are flagged however they spelt it
/// ("WIJ Beijum", "beijum "); a part of the wijk ("Beijum-Oost") overlaps
/// it and is flagged as partly the same; two different parts (Beijum-Oost
/// and Beijum-West, two CBS buurten) and different wijken are not paired.
#[test]
fn groups_on_one_wijk_are_flagged_however_they_spell_it() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    groups(
        &klas,
        &[
            ("groep-a", "Beijum", "Lid A"),
            ("groep-b", "beijum ", "Lid B"),
            ("groep-c", "Beijum-Oost", "Lid C"),
            ("groep-d", "WIJ Beijum", "Lid D"),
            ("groep-e", "Beijum-West", "Lid E"),
            ("groep-f", "Selwerd", "Lid F"),
            ("groep-g", "Paddepoel", "Lid G"),
            ("groep-h", "Vinkhuizen", "Lid H"),
            ("groep-i", "Vinkhuisen", "Lid I"),
        ],
    );
    let uit = tmp.path().join("uit");
    let out = bin()
        .args(["batch", klas.to_str().unwrap(), "-o", uit.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let rows = csv_rows(&uit.join("overzicht.csv"));
    let same = |g: &str| rows[g]["zelfde wijk als"].clone();
    assert_eq!(
        same("groep-a"),
        "groep-b, groep-c (deels), groep-d, groep-e (deels)"
    );
    assert_eq!(
        same("groep-d"),
        "groep-a, groep-b, groep-c (deels), groep-e (deels)"
    );
    assert_eq!(
        same("groep-c"),
        "groep-a (deels), groep-b (deels), groep-d (deels)"
    );
    assert_eq!(
        same("groep-e"),
        "groep-a (deels), groep-b (deels), groep-d (deels)"
    );
    assert_eq!(same("groep-f"), "");
    assert_eq!(same("groep-g"), "");
    assert_eq!(same("groep-h"), "groep-i");

    let text = squash(&pdf_text(&uit.join("overzicht.pdf")));
    for needle in [
        "de wijk WIJ Beijum is ook gekozen door groep-a, groep-b",
        "Beijum-Oost ligt in Beijum, de wijk van groep-a, groep-b, groep-d",
        "groep-c (Beijum-Oost), groep-e (Beijum-West) onderzoeken een deel van Beijum",
        "de wijk Vinkhuisen is ook gekozen door groep-h (als \"Vinkhuizen\")",
    ] {
        assert!(text.contains(&squash(needle)), "{needle} ontbreekt");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A group folder as `wijkverslag init` makes it (headings, the
/// assignment's questions, the forms), with chapter texts written into it.
fn init_group(klas: &Path, folder: &str, wijk: &str, chapters: &[(&str, &str)]) {
    let dir = klas.join(folder);
    let out = bin()
        .args(["init", dir.to_str().unwrap(), "--wijk", wijk])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, text) in chapters {
        let path = dir.join("hoofdstukken").join(file);
        let mut md = std::fs::read_to_string(&path).unwrap();
        md.push_str(text);
        std::fs::write(path, md).unwrap();
    }
}

const BEIJUM_A_1: &str = "\n# Waarom Beijum\n\nWij hebben gekozen voor Beijum omdat twee van ons daar zijn opgegroeid. Beijum ligt in het noordoosten van de stad Groningen en is gebouwd in de jaren zeventig. De wijk telt ongeveer 13.000 inwoners. Er wonen veel gezinnen met kinderen, maar ook steeds meer ouderen die al lang in de wijk wonen.\n\nBeijum is opgedeeld in Beijum-Oost en Beijum-West. Tussen de twee delen ligt het winkelcentrum met een supermarkt, een apotheek en de bibliotheek. Het WIJ-team zit in het wijkcentrum naast het winkelcentrum.\n";

const BEIJUM_B_1: &str = "\n# Onze keuze\n\nBeijum ligt in het noordoosten van de stad Groningen. Wij kozen deze wijk omdat we er stage lopen bij de basisschool en de buurt een beetje kennen. Volgens het CBS wonen er ongeveer 13.000 inwoners. De wijk is gebouwd in de jaren zeventig, met veel rijtjeshuizen en hofjes.\n\nHet winkelcentrum met een supermarkt en de bibliotheek ligt in het midden van de wijk. Het WIJ-team zit in het wijkcentrum naast het winkelcentrum. We willen weten hoe ouderen en jonge gezinnen in Beijum met elkaar samenleven.\n";

const BEIJUM_A_4: &str = "\n# Het gesprek\n\nWe spraken een man van 58 die sinds zijn jeugd in Beijum-West woont. Hij werkt als buschauffeur en is vrijwilliger bij de voetbalclub. Het gesprek duurde drie kwartier en vond plaats in zijn tuin, omdat hij liever niet in het wijkcentrum wilde praten.\n\nHij vertelde dat de straat vroeger veel hechter was. Iedereen kende elkaar via de school en de kerk, en op zaterdag werd er samen gevoetbald op het veldje achter de flat. Nu wonen er veel mensen die er maar kort blijven, en hij weet van de helft van zijn buren de naam niet meer.\n\nOver geld was hij open: zijn zoon heeft schulden en durft daar niet over te praten. Hij vindt dat de gemeente te weinig doet om jongeren te helpen met hun administratie. Volgens hem zou een vaste plek in de wijk, waar je zonder afspraak binnen kunt lopen, veel schelen.\n";

const BEIJUM_B_4_OWN: &str =
    "\n# Ons interview\n\nOnze respondent hebben we gevonden via de stage van Noor.\n";

/// Two groups with one copied chapter are both flagged on it, each with the
/// other's name; a copy of the example report is flagged as such; two
/// honest groups on one wijk (facts, template and assignment questions in
/// common) and a group on another wijk are not flagged.
#[test]
fn copied_chapters_are_flagged_with_the_group_or_the_example_they_match() {
    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    init_group(
        &klas,
        "groep-a",
        "Beijum",
        &[
            ("1-wijk-bepalen.md", BEIJUM_A_1),
            ("4-verhalen.md", BEIJUM_A_4),
        ],
    );
    init_group(
        &klas,
        "groep-b",
        "Beijum",
        &[
            ("1-wijk-bepalen.md", BEIJUM_B_1),
            ("4-verhalen.md", &format!("{BEIJUM_B_4_OWN}{BEIJUM_A_4}")),
        ],
    );
    init_group(
        &klas,
        "groep-c",
        "Beijum",
        &[("1-wijk-bepalen.md", BEIJUM_B_1)],
    );
    init_group(
        &klas,
        "groep-e",
        "Selwerd",
        &[(
            "1-wijk-bepalen.md",
            "\n# Selwerd\n\nSelwerd is een naoorlogse wijk met veel studenten en een groot winkelcentrum aan de Eikenlaan, waar we elke week boodschappen doen.\n",
        )],
    );
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/groep-beijum");
    copy_dir(&sample, &klas.join("groep-d"));
    copy_dir(&sample, &klas.join("groep-f"));

    let uit = tmp.path().join("uit");
    let out = bin()
        .args(["batch", klas.to_str().unwrap(), "-o", uit.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1577059200")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(uit.join("groep-d.pdf").exists(), "{stderr}");

    let rows = csv_rows(&uit.join("overzicht.csv"));
    let copied = |g: &str| rows[g]["gelijke tekst"].clone();
    assert_eq!(copied("groep-a"), "groep-b: hoofdstuk 4 100%");
    let b = copied("groep-b");
    assert!(b.starts_with("groep-a: hoofdstuk 4 "), "{b}");
    // groep-c shares chapter 1 with groep-b word for word, but that is the
    // only text in it: a short chapter copied whole is flagged too.
    assert_eq!(copied("groep-c"), "groep-b: hoofdstuk 1 100%");
    assert!(!b.contains("groep-a: hoofdstuk 1"), "{b}");
    assert_eq!(copied("groep-e"), "");
    let d = copied("groep-d");
    assert!(
        d.starts_with("voorbeeldverslag: hoofdstuk 1 100%, hoofdstuk 2 100%"),
        "{d}"
    );
    assert!(!d.contains("groep-a") && !d.contains("groep-b"), "{d}");
    // Two copies of the example: one entry each, naming the other.
    assert!(
        d.ends_with("Windshield Survey 100%, bijlage \"Foto-impressie\" 100% (ook groep-f)"),
        "{d}"
    );
    assert!(!d.contains("; groep-f"), "{d}");
    assert!(copied("groep-f").ends_with("(ook groep-d)"));
    // The new column comes last: the columns before it are a contract.
    let text = std::fs::read_to_string(uit.join("overzicht.csv")).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(";bestand;gelijke tekst"), "{header}");

    let pdf = squash(&pdf_text(&uit.join("overzicht.pdf")));
    for needle in [
        "tekst gelijk aan groep-b",
        "tekst gelijk aan voorbeeld",
        "hoofdstuk 4 (De verhalen achter de gegevens) is voor 100% gelijk aan groep-b",
        "gelijk aan het voorbeeldverslag (groep Beijum) dat bij wijkverslag hoort",
        "leg de verslagen naast elkaar (groep-b.pdf)",
        "ook groep-f heeft die tekst",
        "net als groep-d",
    ] {
        assert!(pdf.contains(&squash(needle)), "{needle} ontbreekt");
    }
}

/// Ctrl+C in the middle of a batch: the run stops with exit code 130 and
/// leaves no half-written file and no lock file in the output folder; the
/// reports it finished are whole.
#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_no_half_written_files() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let tmp = tempfile::tempdir().unwrap();
    let klas = tmp.path().join("klas");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/groep-beijum");
    for i in 1..=12 {
        copy_dir(&sample, &klas.join(format!("groep-{i:02}")));
    }
    let uit = tmp.path().join("uit");
    let mut child = bin()
        .args(["batch", klas.to_str().unwrap(), "-o", uit.to_str().unwrap()])
        .args(["--zip", "--docx", "--jobs", "2"])
        // Every group prepares its photos: the run takes seconds.
        .env("WIJKVERSLAG_CACHE", "uit")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    // The first group done: the batch is writing, eleven groups to go.
    while err.read_line(&mut line).unwrap() > 0 && !line.contains("[1/12]") {}
    assert!(line.contains("[1/12]"), "{line}");
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{line}{rest}");
    assert!(rest.trim_end().ends_with("gestopt"), "{rest}");
    let mut pdfs = 0;
    for entry in std::fs::read_dir(&uit).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(!name.starts_with(".wijkverslag"), "{name} bleef staan");
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(uit.join(&name)).unwrap();
            assert!(bytes.starts_with(b"%PDF"), "{name}");
            let tail = String::from_utf8_lossy(&bytes[bytes.len() - 32..]).to_string();
            assert!(tail.contains("%%EOF"), "{name} is niet heel");
            pdfs += 1;
        }
    }
    assert!(pdfs < 12, "de batch was al klaar: {pdfs} verslagen");
}
