//! The grading overviews: `overzicht.csv` (one row per group) and
//! `overzicht.pdf` (a table of all groups, then a page per group with its
//! findings and room for the teacher's assessment).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use super::copies;
use super::discover::Klas;
use super::run::{Bevinding, Ernst, GroupSummary, Status};
use super::wijken::{self, Relation};
use crate::error::{Error, Result};
use crate::render::typst::{self as typst_render, Base, PdfSettings};

/// File name of the spreadsheet overview.
pub const CSV_NAME: &str = "overzicht.csv";
/// File name of the grading overview.
pub const PDF_NAME: &str = "overzicht.pdf";
/// Chapter columns in the CSV (the assignment has eight stappen).
pub const CSV_CHAPTERS: u32 = 8;

/// The main file of the grading overview.
const OVERVIEW_MAIN: &str =
    "#import \"/sjablonen/overzicht.typ\": overzicht\n#overzicht(json(\"/verslag.json\"))\n";

/// Flags groups that chose the same wijk (the assignment: every group its
/// own wijk), in both the summary and the findings of each of them. Names
/// are matched as [`super::wijken`] explains: "WIJ Beijum" is Beijum, and
/// "Beijum-Oost" lies in it (but is not Beijum-West). `wijken` is the
/// class's list; empty means the WIJ teams of the assignment.
pub fn flag_duplicates(groups: &mut [GroupSummary], wijken: &[String]) {
    let list: Vec<&str> = if wijken.is_empty() {
        crate::check::WIJKEN_GRONINGEN.to_vec()
    } else {
        wijken.iter().map(String::as_str).collect()
    };
    let areas: Vec<Option<wijken::Area>> = groups
        .iter()
        .map(|g| g.wijk.as_deref().and_then(|w| wijken::area(w, &list)))
        .collect();
    for i in 0..groups.len() {
        let Some(mine) = &areas[i] else { continue };
        let wijk = groups[i].wijk.clone().unwrap_or_default();
        let mut same: Vec<String> = Vec::new();
        let mut part_of: Vec<String> = Vec::new();
        let mut contains: Vec<String> = Vec::new();
        let mut flagged: Vec<String> = Vec::new();
        for (j, theirs) in areas.iter().enumerate() {
            let Some(theirs) = theirs.as_ref().filter(|_| j != i) else {
                continue;
            };
            let Some(relation) = wijken::relation(mine, theirs) else {
                continue;
            };
            let other = &groups[j];
            let their_wijk = other.wijk.as_deref().unwrap_or_default();
            match relation {
                Relation::Same => {
                    flagged.push(other.naam.clone());
                    same.push(if wijken::key(their_wijk) == wijken::key(&wijk) {
                        other.naam.clone()
                    } else {
                        format!("{} (als \"{their_wijk}\")", other.naam)
                    });
                }
                Relation::PartOf => {
                    flagged.push(format!("{} (deels)", other.naam));
                    part_of.push(other.naam.clone());
                }
                Relation::Contains => {
                    flagged.push(format!("{} (deels)", other.naam));
                    contains.push(format!("{} ({their_wijk})", other.naam));
                }
            }
        }
        if flagged.is_empty() {
            continue;
        }
        let mut sentences: Vec<String> = Vec::new();
        if !same.is_empty() {
            sentences.push(format!(
                "de wijk {wijk} is ook gekozen door {}",
                same.join(", ")
            ));
        }
        if !part_of.is_empty() {
            sentences.push(format!(
                "{wijk} ligt in {}, de wijk van {}",
                mine.whole_shown,
                part_of.join(", ")
            ));
        }
        if !contains.is_empty() {
            sentences.push(format!(
                "{} {} een deel van {wijk}",
                contains.join(", "),
                if contains.len() == 1 {
                    "onderzoekt"
                } else {
                    "onderzoeken"
                }
            ));
        }
        let g = &mut groups[i];
        g.bevindingen.push(Bevinding {
            ernst: Ernst::Waarschuwing,
            plaats: g.wijk_plaats.clone(),
            bericht: sentences.join("; "),
            tip: Some("volgens de opdracht onderzoekt elke groep een andere wijk; overleg wie een andere wijk kiest".into()),
        });
        g.zelfde_wijk_uitleg = sentences.join("; ");
        g.zelfde_wijk = flagged;
    }
}

/// Flags students listed in more than one group: the teacher would give
/// them two grades. Names are compared without capitals and extra spaces.
pub fn flag_shared_members(groups: &mut [GroupSummary]) {
    let key = |n: &str| {
        n.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // Per group, in its order: (index in groepsleden, key), each name once.
    let names: Vec<Vec<(usize, String)>> = groups
        .iter()
        .map(|g| {
            let mut seen = std::collections::BTreeSet::new();
            g.groepsleden
                .iter()
                .enumerate()
                .map(|(at, n)| (at, key(n)))
                .filter(|(_, k)| !k.is_empty() && seen.insert(k.clone()))
                .collect()
        })
        .collect();
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, list) in names.iter().enumerate() {
        for (_, k) in list {
            by_name.entry(k).or_default().push(i);
        }
    }
    for (i, list) in names.iter().enumerate() {
        for (at, k) in list {
            let others: Vec<String> = by_name[k.as_str()]
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| groups[j].naam.clone())
                .collect();
            if others.is_empty() {
                continue;
            }
            let g = &mut groups[i];
            let shown = g.groepsleden[*at].clone();
            g.bevindingen.push(Bevinding {
                ernst: Ernst::Waarschuwing,
                plaats: g.groepsleden_plaats.get(*at).cloned().unwrap_or_default(),
                bericht: format!("{shown} staat ook in de groep {}", others.join(" en ")),
                tip: Some("een student hoort bij één groep; vraag na bij welke, anders krijgt de student twee cijfers".into()),
            });
            g.ook_elders.push((shown, others));
        }
    }
}

/// Flags text a group shares with another group or with the example
/// report that comes with the program (see [`super::copies`]): a finding
/// per other group, naming the chapters and how much of each, and the
/// short form for the table and the CSV. Frees the fingerprints.
pub fn flag_copies(groups: &mut [GroupSummary]) {
    let names: Vec<String> = groups.iter().map(|g| g.naam.clone()).collect();
    let found = {
        let prints: Vec<Option<&copies::Fingerprint>> =
            groups.iter().map(|g| g.vingerafdruk.as_ref()).collect();
        copies::compare(&prints, &names)
    };
    for (g, found) in groups.iter_mut().zip(found) {
        g.vingerafdruk = None;
        for t in &found {
            g.bevindingen.push(Bevinding {
                ernst: Ernst::Waarschuwing,
                plaats: match t.delen.as_slice() {
                    [one] => one.plaats.clone(),
                    _ => String::new(),
                },
                bericht: t.zin(),
                tip: Some(t.tip()),
            });
        }
        g.gelijke_tekst = found;
    }
}

fn ratio(r: Option<(usize, usize)>) -> String {
    // "3 van 5", not "3/5": a spreadsheet would read that as a date.
    r.map(|(a, b)| format!("{a} van {b}")).unwrap_or_default()
}

fn num(n: Option<usize>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The CSV header, in column order.
pub fn csv_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "groep",
        "wijk",
        "zelfde wijk als",
        "groepsleden",
        "studentnummers",
        "pagina's",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend((1..=CSV_CHAPTERS).map(|n| format!("woorden hoofdstuk {n}")));
    h.extend(
        [
            "figuren",
            "interventies",
            "SMART compleet",
            "checklist beoordeeld",
            "verder onderzoeken",
            "bronnen",
            "fouten",
            "waarschuwingen",
            "status",
            "reden",
            "bestand",
            // Added after the contract's columns: new columns go at the end.
            "gelijke tekst",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

/// One CSV row for a group.
pub fn csv_row(g: &GroupSummary) -> Vec<String> {
    let mut r = vec![
        g.naam.clone(),
        g.wijk.clone().unwrap_or_default(),
        g.zelfde_wijk.join(", "),
        g.groepsleden.join(", "),
        // In the order of the names; "-" keeps the places of the others.
        if g.studentnummers.iter().all(String::is_empty) {
            String::new()
        } else {
            g.studentnummers
                .iter()
                .map(|n| if n.is_empty() { "-" } else { n.as_str() })
                .collect::<Vec<_>>()
                .join(", ")
        },
        num(g.paginas),
    ];
    r.extend(
        (0..CSV_CHAPTERS as usize)
            .map(|i| g.woorden.get(i).map(|w| w.to_string()).unwrap_or_default()),
    );
    r.extend([
        num(g.figuren),
        num(g.interventies),
        ratio(g.smart),
        ratio(g.checklist),
        num(g.onderzoeken),
        num(g.bronnen),
        g.fouten().to_string(),
        g.waarschuwingen()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        g.status.label().to_string(),
        g.reden.clone().unwrap_or_default(),
        g.bestanden.join(", "),
        g.gelijke_tekst
            .iter()
            .map(copies::GelijkeTekst::kort)
            .collect::<Vec<_>>()
            .join("; "),
    ]);
    r
}

/// Writes `overzicht.csv`: semicolon-separated with a UTF-8 byte order mark,
/// the form Dutch spreadsheet programs open directly.
pub fn write_csv(path: &Path, groups: &[GroupSummary]) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let internal = |e: csv::Error| Error::Internal(format!("overzicht.csv: {e}"));
    w.write_record(csv_header()).map_err(internal)?;
    for g in groups {
        w.write_record(csv_row(g)).map_err(internal)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| Error::Internal(format!("overzicht.csv: {e}")))?;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(body);
    super::output::write_atomic(path, &bytes)
}

/// The overview's data for `typst-templates/overzicht.typ`. Every student
/// string goes in as a string and is only ever placed as text.
pub fn overview_data(
    klas_naam: &str,
    groups: &[GroupSummary],
    ymd: (i32, u8, u8),
) -> serde_json::Value {
    let date = toml::value::Date {
        year: ymd.0 as u16,
        month: ymd.1,
        day: ymd.2,
    };
    let chapters = groups
        .iter()
        .map(|g| g.woorden.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let gelukt = groups.iter().filter(|g| g.status == Status::Gelukt).count();
    let groepen: Vec<serde_json::Value> = groups
        .iter()
        .map(|g| {
            let bevindingen: Vec<serde_json::Value> = g
                .bevindingen
                .iter()
                .map(|b| {
                    json!({
                        "ernst": match b.ernst { Ernst::Fout => "fout", Ernst::Waarschuwing => "waarschuwing" },
                        "plaats": b.plaats,
                        "bericht": b.bericht,
                        "tip": b.tip,
                    })
                })
                .collect();
            json!({
                "naam": g.naam,
                "bron": g.bron,
                "wijk": g.wijk,
                "zelfde_wijk": g.zelfde_wijk,
                "zelfde_wijk_uitleg": g.zelfde_wijk_uitleg,
                "gelijke_tekst": g.gelijke_tekst.iter().map(|t| json!({
                    "met": if t.voorbeeld { "voorbeeld" } else { t.met.as_str() },
                    "samenvatting": t.samenvatting(),
                })).collect::<Vec<_>>(),
                "groepsleden": g.groepsleden,
                "studentnummers": g.studentnummers,
                "ook_elders": g.ook_elders.iter().map(|(naam, groepen)| format!("{naam} ook in {}", groepen.join(", "))).collect::<Vec<_>>(),
                "paginas": num(g.paginas),
                "woorden": g.woorden.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
                "woorden_totaal": if g.woorden.is_empty() { String::new() } else { g.woorden.iter().sum::<usize>().to_string() },
                "figuren": num(g.figuren),
                "interventies": num(g.interventies),
                "smart": ratio(g.smart),
                "checklist": ratio(g.checklist),
                "onderzoeken": num(g.onderzoeken),
                "bronnen": num(g.bronnen),
                "fouten": g.fouten(),
                "waarschuwingen": g.waarschuwingen(),
                "gelukt": g.status == Status::Gelukt,
                "geladen": g.geladen,
                "reden": g.reden,
                "bestanden": g.bestanden,
                "bevindingen": bevindingen,
            })
        })
        .collect();
    json!({
        "klas": klas_naam,
        "datum": crate::document::lower::date_nl(&date),
        "hoofdstukken": chapters,
        "gelukt": gelukt,
        "mislukt": groups.len() - gelukt,
        "groepen": groepen,
    })
}

/// The class's name over the overview: `klas` from `klas.toml`; without
/// it the `klas` every group wrote in its verslag.toml ("SW4A"), if they
/// agree; else the class folder's name.
pub fn class_name(klas: &Klas, groups: &[GroupSummary]) -> String {
    if klas.named {
        return klas.naam.clone();
    }
    let mut named = groups.iter().filter_map(|g| g.klas.as_deref());
    match named.next() {
        Some(first) if named.all(|k| k == first) => first.to_string(),
        _ => klas.naam.clone(),
    }
}

/// Renders `overzicht.pdf` through the embedded overview template.
pub fn write_pdf(path: &Path, klas: &Klas, groups: &[GroupSummary]) -> Result<()> {
    let ymd = crate::today_ymd();
    let naam = class_name(klas, groups);
    let data = serde_json::to_vec(&overview_data(&naam, groups, ymd))
        .map_err(|e| Error::Internal(e.to_string()))?;
    let settings = PdfSettings {
        pdfa: false,
        ident: format!("wijkverslag-overzicht/{naam}"),
        ymd,
    };
    let rendered =
        typst_render::render(Base::shared(), OVERVIEW_MAIN, data, Vec::new(), &settings)?;
    super::output::write_atomic(path, &rendered.pdf)
}
