//! Shared helpers for the integration tests: run the binary, read PDFs as a
//! reader would, make fixture folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built `wijkverslag` binary, without the on-disk photo store, so
/// that every test prepares its images with the code under test.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wijkverslag"));
    cmd.env("WIJKVERSLAG_CACHE", "uit");
    cmd
}

/// `cmd` run through `sh` under umask 022, the usual default, so that the
/// modes of the files it writes can be checked exactly.
pub fn under_umask_022(cmd: &Command) -> Command {
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => sh.env(key, value),
            None => sh.env_remove(key),
        };
    }
    sh
}

/// The permission bits of `path` (owner, group, others).
pub fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs the binary with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out: Output = bin()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run wijkverslag");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `wijkverslag build GROUP -o OUT`; returns (exit code, stderr).
pub fn build_pdf(group: &Path, out: &Path) -> (i32, String) {
    let (code, _, err) = run(&[
        "build",
        group.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    (code, err)
}

/// The sample group folder.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/groep-beijum")
}

/// Fails (never skips) when a tool the tests need is missing.
pub fn require_tool(tool: &str) {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    assert!(
        ok,
        "{tool} ontbreekt: installeer poppler-utils (de tests hebben het nodig; .ci/run installeert het)"
    );
}

/// The text of a PDF as `pdftotext -layout` sees it.
pub fn pdf_text(pdf: &Path) -> String {
    require_tool("pdftotext");
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        out.status.success(),
        "pdftotext faalde op {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every word of a PDF (or of one page) with its box in points, as
/// `pdftotext -bbox` places it: (word, [x_min, y_min, x_max, y_max]).
pub fn pdf_words(pdf: &Path, page: Option<usize>) -> Vec<(String, [f64; 4])> {
    require_tool("pdftotext");
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-bbox");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |line: &str, name: &str| -> f64 {
        line.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .expect(name)
    };
    html.lines()
        .filter(|l| l.contains("<word "))
        .map(|l| {
            let word = l.split('>').nth(1).unwrap_or("").replace("</word", "");
            let b = ["xMin", "yMin", "xMax", "yMax"].map(|n| attr(l, n));
            (word, b)
        })
        .collect()
}

/// Number of pages of a PDF (pdfinfo).
pub fn pdf_pages(pdf: &Path) -> usize {
    require_tool("pdfinfo");
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("Pages: in pdfinfo")
}

/// Text with all whitespace and hyphenation removed, for "found verbatim" checks.
pub fn squash(s: &str) -> String {
    // Quote style aside: typographic and straight quotes count as the same.
    s.replace("-\n", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{2060}' | '\u{ad}'))
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' | '‚' => '\'',
            c => c,
        })
        .collect()
}

/// A fixture folder: writes `files` (relative path → contents) into a temp dir.
pub fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// A minimal valid verslag.toml.
pub const MINIMAL_TOML: &str = r#"[verslag]
titel = "Wijkanalyse Testwijk"
wijk = "Beijum"
inleverdatum = 2019-12-23

[[groepsleden]]
naam = "Test Student"

[[bronnen]]
id = "cbs2017"
auteur = "Centraal Bureau voor de Statistiek"
jaar = 2017
titel = "Wijk- en buurtkaart 2017"
"#;
