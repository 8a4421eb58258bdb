//! Benchmark: build time of the sample, memory over 100 renders, and
//! (when typst-cli is installed) `typst compile` on the `--emit-typst` project.
//!
//! Run: `cargo run --release --example bench [GROEPSMAP]`

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use wijkverslag::pipeline::{self, BuildOptions};
use wijkverslag::render::typst::Base;

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let group = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("samples/groep-beijum"));
    let options = BuildOptions::default();

    let t = Instant::now();
    let base = Base::shared();
    let built = pipeline::build(&group, base.clone(), &options).expect("build");
    println!(
        "eerste build (incl. lettertypen laden): {:.0} ms, {} pagina's, {} kB",
        t.elapsed().as_secs_f64() * 1000.0,
        built.pages,
        built.pdf.len() / 1000
    );

    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        pipeline::build(&group, base.clone(), &options).expect("build");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "build van het voorbeeld (mediaan van 10, gedeelde basis): {:.0} ms",
        median(times)
    );

    let start_rss = rss_mb();
    let mut after10 = 0.0;
    for i in 0..100 {
        pipeline::build(&group, base.clone(), &options).expect("build");
        if i == 9 {
            after10 = rss_mb();
        }
    }
    println!(
        "geheugen: {:.0} MB na 10 extra builds, {:.0} MB na 100 (start {:.0} MB)",
        after10,
        rss_mb(),
        start_rss
    );

    // The same report through typst-cli, when it is installed.
    let project = std::env::temp_dir().join("wijkverslag-bench-typst");
    let _ = std::fs::remove_dir_all(&project);
    let emit = BuildOptions {
        emit_typst: Some(project.clone()),
        ..BuildOptions::default()
    };
    let t = Instant::now();
    pipeline::build(&group, base, &emit).expect("build");
    let ours = t.elapsed().as_secs_f64() * 1000.0;
    let cli_ok = Command::new("typst")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if cli_ok {
        let mut cli_times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            let status = Command::new("typst")
                .args(["compile", "--ignore-system-fonts", "--font-path"])
                .arg(project.join("lettertypen"))
                .arg("--root")
                .arg(&project)
                .arg(project.join("main.typ"))
                .arg(project.join("uit.pdf"))
                .status()
                .expect("typst");
            assert!(status.success(), "typst compile faalde");
            cli_times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let cli = median(cli_times);
        println!(
            "typst compile op het --emit-typst-project: {cli:.0} ms; wijkverslag build (koud proces niet meegeteld): {ours:.0} ms; verhouding {:.2}",
            ours / cli
        );
    } else {
        println!(
            "typst-cli niet gevonden: vergelijking overgeslagen (installeer met `cargo install typst-cli`)"
        );
    }
}
