//! Property test: arbitrary student text is printed exactly as typed.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use wijkverslag::model::{self, Defaults, GroupFiles};
use wijkverslag::pipeline::{self, BuildOptions};
use wijkverslag::render::typst::Base;

fn chars() -> Vec<char> {
    let mut v: Vec<char> = (0x21u8..0x7f).map(char::from).collect();
    v.extend(('\u{a1}'..='\u{17f}').filter(|c| *c != '\u{ad}'));
    v.extend(('\u{391}'..='\u{3a9}').filter(|c| *c != '\u{3a2}'));
    v.extend('\u{3b1}'..='\u{3c9}');
    v.extend('\u{410}'..='\u{44f}');
    v.extend(['“', '”', '‘', '’', '«', '»', '€', '–', '—', '…', '•', ' ']);
    v
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render(strings: &[String]) -> String {
    let mut toml = common::MINIMAL_TOML.to_string();
    toml.push_str("\n[interview]\nrespondent = \"Bewoner\"\n");
    for s in strings {
        toml.push_str(&format!(
            "[[interview.vragen]]\nvraag = \"V\"\nantwoord = {}\n",
            toml_string(s)
        ));
    }
    let mut files = BTreeMap::new();
    files.insert("verslag.toml".to_string(), toml.into_bytes());
    let model = model::load_with(GroupFiles::from_memory("prop", files), &Defaults::default())
        .expect("load");
    let built =
        pipeline::build_model(model, Base::shared(), &BuildOptions::default()).expect("build");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("p.pdf");
    std::fs::write(&pdf, &built.pdf).unwrap();
    common::squash(&common::pdf_text(&pdf)).replace('-', "")
}

proptest! {
    // 5 reports of 200 strings: 1,000 random strings in all.
    #![proptest_config(ProptestConfig { cases: 5, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn random_unicode_is_printed_verbatim(strings in proptest::collection::vec(
        proptest::collection::vec(proptest::sample::select(chars()), 1..40).prop_map(|v| v.into_iter().collect::<String>()),
        200,
    )) {
        let text = render(&strings);
        for s in &strings {
            let want = common::squash(s).replace('-', "");
            prop_assert!(text.contains(&want), "niet letterlijk in de PDF: {:?}", s);
        }
    }
}
