//! The structured parts of chapters and the form appendices, built from
//! `verslag.toml` and the form definitions in use.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::apa;
use super::ir::{Block, Inline};
use super::slots::{self, Slot};
use crate::model::{Bron, Model, Ring, Sjabloon};

/// The counters and data the parts need from the lowering.
pub struct Numbers<'a, 'm> {
    /// The loaded report.
    pub model: &'m Model,
    /// Figure counter.
    pub figures: &'a mut u32,
    /// Table counter.
    pub tables: &'a mut u32,
    /// Sources by id.
    pub sources: &'a BTreeMap<String, Bron>,
    /// The group's CBS table, when `verslag.toml` names one.
    pub cbs: Option<&'a super::cbs_part::CbsReport>,
}

impl Numbers<'_, '_> {
    fn figure(&mut self) -> u32 {
        *self.figures += 1;
        *self.figures
    }

    fn table(&mut self) -> u32 {
        *self.tables += 1;
        *self.tables
    }

    /// "Bron: Auteur (jaar)" for a source id.
    fn source_line(&self, id: &Option<String>) -> Option<Vec<Inline>> {
        let b = self.sources.get(id.as_ref()?)?;
        Some(vec![Inline::Text {
            s: format!("Bron: {}", apa::narrative(b)),
        }])
    }
}

fn text(s: &str) -> Vec<Inline> {
    vec![Inline::Text { s: s.to_string() }]
}

pub(super) fn para(s: &str) -> Block {
    Block::Para { c: text(s) }
}

fn opt(s: &Option<String>) -> Value {
    match s {
        Some(s) if !s.trim().is_empty() => Value::String(s.clone()),
        _ => Value::Null,
    }
}

/// The blocks of one generated part of chapter `num`.
pub fn slot_blocks(n: &mut Numbers<'_, '_>, num: u32, slot: Slot) -> Vec<Block> {
    let v = &n.model.verslag;
    let sjabloon = n.model.sjabloon();
    let mut blocks = Vec::new();
    match slot {
        Slot::Kerncijfers => {
            if let Some(cbs) = n.cbs {
                blocks = super::cbs_part::blocks(n, cbs);
            }
        }
        Slot::Interview => {
            if let Some(iv) = &v.interview {
                let data = json!({
                    "kop": interview_header(n.model),
                    "vragen": iv.vragen.iter().map(|q| json!({"vraag": q.vraag, "antwoord": opt(&q.antwoord)})).collect::<Vec<_>>(),
                });
                blocks.push(Block::Part {
                    kind: "interview".into(),
                    data,
                });
            }
            blocks.push(interview_pointer());
        }
        Slot::SocialeKaart if !v.sociale_kaart.is_empty() => {
            let table = n.table();
            let figure = n.figure();
            let mut groups: BTreeMap<_, Vec<Value>> = BTreeMap::new();
            for item in &v.sociale_kaart {
                groups.entry(item.soort).or_default().push(json!({
                    "naam": item.naam, "ring": ring(item.ring), "adres": opt(&item.adres), "toelichting": opt(&item.toelichting),
                }));
            }
            let data = json!({
                "tabel": table,
                "figuur": figure,
                "wijk": v.verslag.wijk,
                "groepen": groups.iter().map(|(s, items)| json!({"soort": format!("{s:?}").to_lowercase(), "label": s.label(), "items": items})).collect::<Vec<_>>(),
                "items": v.sociale_kaart.iter().map(|i| json!({"naam": i.naam, "soort": format!("{:?}", i.soort).to_lowercase(), "label": i.soort.label(), "ring": ring(i.ring)})).collect::<Vec<_>>(),
            });
            blocks.push(Block::Part {
                kind: "sociale-kaart".into(),
                data,
            });
        }
        Slot::Checklist => {
            let table = n.table();
            let data = checklist_data(n.model);
            blocks.push(Block::Part {
                kind: "checklist".into(),
                // The caption, worded once for the PDF and the DOCX.
                data: json!({
                    "tabel": table,
                    "titel": format!("{}: oordeel, zekerheid en bron per factor", n.model.forms.checklist.titel),
                    "checklist": data,
                }),
            });
            blocks.push(para(
                "Het ingevulde formulier van de Checklist wijkdiagnose staat in Bijlage C.",
            ));
        }
        Slot::Factoren => {
            let (goed, slecht) = factor_lists(n.model);
            blocks.push(Block::Part {
                kind: "factoren".into(),
                data: json!({"goed": goed, "slecht": slecht}),
            });
        }
        Slot::Verbeterpunten => {
            for p in &v.verbeterpunten {
                blocks.push(Block::Part {
                    kind: "smart".into(),
                    data: json!({
                        "titel": p.titel,
                        "criteria": [
                            ["Specifiek", opt(&p.specifiek)], ["Meetbaar", opt(&p.meetbaar)], ["Acceptabel", opt(&p.acceptabel)],
                            ["Realistisch", opt(&p.realistisch)], ["Tijdgebonden", opt(&p.tijdgebonden)],
                        ],
                    }),
                });
            }
        }
        Slot::Interventies => {
            let wijkgericht = sjabloon == Sjabloon::WijkgerichtWerken;
            for (i, iv) in v.interventies.iter().enumerate() {
                blocks.push(intervention_card(n, i + 1, iv, wijkgericht));
            }
        }
        Slot::Tabellen => {
            for t in slots::tables_of(n.model, num) {
                let num = n.table();
                blocks.push(Block::Table {
                    num,
                    caption: text(&t.titel),
                    head: t.kolommen.iter().map(|k| text(k)).collect(),
                    rows: t
                        .rijen
                        .iter()
                        .map(|r| r.iter().map(|c| text(c)).collect())
                        .collect(),
                    align: t
                        .kolommen
                        .iter()
                        .enumerate()
                        .map(|(i, _)| if i == 0 { "left".into() } else { "auto".into() })
                        .collect(),
                    source: n.source_line(&t.bron),
                });
            }
        }
        Slot::Grafieken => {
            for g in slots::charts_of(n.model, num) {
                let num = n.figure();
                let data = json!({
                    "figuur": num,
                    "titel": g.titel,
                    "soort": g.soort,
                    "labels": g.labels,
                    "reeksen": g.reeksen,
                    "eenheid": g.eenheid.clone().unwrap_or_default(),
                    "bron": n.source_line(&g.bron).map(|c| super::markdown::plain_text(&c)),
                });
                blocks.push(Block::Part {
                    kind: "grafiek".into(),
                    data,
                });
            }
        }
        Slot::SocialeKaart => {}
    }
    super::toml_cites::resolve_blocks(&mut blocks, n.sources);
    blocks
}

/// The line that points to the empty interview in the appendix.
pub(super) fn interview_pointer() -> Block {
    para("Het lege interview, met alleen de vragen, staat in Bijlage B.")
}

/// The fields of an intervention's card before its sources, as (key in
/// `verslag.toml`, label, value); an empty one prints "nog niet ingevuld".
pub fn interventie_velden(
    iv: &crate::model::Interventie,
    wijkgericht: bool,
) -> Vec<(&'static str, &'static str, Value)> {
    let mut velden = vec![
        ("problematiek", "Problematiek", opt(&iv.problematiek)),
        ("doelgroep", "Doelgroep", opt(&iv.doelgroep)),
        ("doel", "Doel", opt(&iv.doel)),
        ("aanpak", "Aanpak", opt(&iv.aanpak)),
        (
            "betrokken",
            "Betrokken partijen",
            if iv.betrokken.is_empty() {
                Value::Null
            } else {
                Value::String(iv.betrokken.join(", "))
            },
        ),
        ("planning", "Planning", opt(&iv.planning)),
        ("verantwoording", "Verantwoording", opt(&iv.verantwoording)),
    ];
    if !wijkgericht {
        velden.splice(
            0..0,
            [
                ("aanleiding", "Aanleiding", opt(&iv.aanleiding)),
                ("urgentie", "Urgentie", opt(&iv.urgentie)),
            ],
        );
        velden.push((
            "gewenst_resultaat",
            "Gewenst resultaat",
            opt(&iv.gewenst_resultaat),
        ));
        velden.push((
            "randvoorwaarden",
            "Randvoorwaarden",
            opt(&iv.randvoorwaarden),
        ));
        velden.push(("begroting", "Begroting", opt(&iv.begroting)));
    }
    velden
}

/// The card of intervention `nummer` (a speerpunt in `wijkanalyse`).
fn intervention_card(
    n: &Numbers<'_, '_>,
    nummer: usize,
    iv: &crate::model::Interventie,
    wijkgericht: bool,
) -> Block {
    let bronnen: Vec<String> = iv
        .bronnen
        .iter()
        .filter_map(|id| n.sources.get(id))
        .map(apa::narrative)
        .collect();
    let mut velden: Vec<(&str, Value)> = interventie_velden(iv, wijkgericht)
        .into_iter()
        .map(|(_, label, value)| (label, value))
        .collect();
    velden.push((
        "Bronnen",
        if bronnen.is_empty() {
            Value::Null
        } else {
            Value::String(bronnen.join("; "))
        },
    ));
    Block::Part {
        kind: "interventie".into(),
        data: json!({
            "nummer": nummer,
            "soort": if wijkgericht { "Interventie" } else { "Speerpunt" },
            "titel": iv.titel,
            "velden": velden.into_iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        }),
    }
}

fn ring(r: Ring) -> &'static str {
    match r {
        Ring::Kern => "kern",
        Ring::Eerste => "eerste",
        Ring::Tweede => "tweede",
    }
}

fn interview_header(model: &Model) -> Value {
    let iv = model.verslag.interview.clone().unwrap_or_default();
    json!([
        ["Datum", iv.datum.as_ref().map(super::lower::date_nl)],
        ["Plaats", opt(&iv.plaats)],
        ["Respondent", opt(&iv.respondent)],
        [
            "Interviewers",
            if iv.interviewers.is_empty() {
                Value::Null
            } else {
                Value::String(iv.interviewers.join(", "))
            }
        ],
    ])
}

/// The checklist per domain with the students' ratings, and the factors to investigate further.
pub fn checklist_data(model: &Model) -> Value {
    let forms = &model.forms;
    let mut verder = Vec::new();
    let domeinen: Vec<Value> = forms
        .checklist
        .domeinen
        .iter()
        .map(|d| {
            let factoren: Vec<Value> = d
                .factoren
                .iter()
                .map(|f| {
                    let b = model.verslag.checklist.get(&f.id);
                    let oordeel = b.and_then(|b| b.oordeel).map(|o| o.label());
                    let zekerheid = b.and_then(|b| b.zekerheid).map(|z| z.label());
                    if let Some(z) = b.and_then(|b| b.zekerheid)
                        && z.needs_investigation()
                    {
                        // Oordeel before zekerheid, as in the table's columns.
                        verder.push(format!(
                            "{} ({}, {})",
                            f.titel,
                            oordeel.unwrap_or("geen oordeel"),
                            z.label()
                        ));
                    }
                    json!({
                        "id": f.id, "titel": f.titel, "oordeel": oordeel, "zekerheid": zekerheid,
                        "bron": b.and_then(|b| b.bron.clone()), "toelichting": b.and_then(|b| b.toelichting.clone()),
                    })
                })
                .collect();
            json!({"titel": d.titel, "factoren": factoren})
        })
        .collect();
    json!({"titel": forms.checklist.titel, "domeinen": domeinen, "verder": verder})
}

fn factor_lists(model: &Model) -> (Vec<String>, Vec<String>) {
    use crate::model::Oordeel;
    let mut goed = Vec::new();
    let mut slecht = Vec::new();
    for d in &model.forms.checklist.domeinen {
        for f in &d.factoren {
            let Some(b) = model.verslag.checklist.get(&f.id) else {
                continue;
            };
            // An uncertain rating says so, as a reader would otherwise take
            // the factor for established.
            let item = match b.zekerheid.filter(|z| z.needs_investigation()) {
                Some(z) => format!("{} ({})", f.titel, z.label()),
                None => f.titel.clone(),
            };
            match b.oordeel {
                Some(Oordeel::Goed) => goed.push(item),
                Some(Oordeel::Slecht) => slecht.push(item),
                _ => {}
            }
        }
    }
    (goed, slecht)
}

/// The blank-form data of the Windshield Survey, filled with the group's answers when given.
pub fn windshield_data(
    model: Option<&Model>,
    forms: &crate::forms::Forms,
    wijk: Option<&str>,
) -> Value {
    let ws = model
        .and_then(|m| m.verslag.windshield.clone())
        .unwrap_or_default();
    let filled = model.is_some();
    let values: Vec<(&crate::forms::Field, Option<String>)> = forms
        .windshield
        .kopvelden
        .iter()
        .map(|f| {
            let value: Option<String> = match f.id.as_str() {
                "wijk" => model
                    .map(|m| m.verslag.verslag.wijk.clone())
                    .or(wijk.map(str::to_string)),
                "datum" => ws.datum.as_ref().map(super::lower::date_nl),
                "tijd" => ws.tijd.clone(),
                "weer" => ws.weer.clone(),
                "waarnemers" => (!ws.waarnemers.is_empty()).then(|| ws.waarnemers.join(", ")),
                "route" => ws.route.clone(),
                _ => None,
            };
            (f, value.filter(|v| !v.trim().is_empty()))
        })
        .collect();
    let kop: Vec<Value> = values.iter().map(|(f, v)| json!([f.label, v])).collect();
    let velden: Vec<Value> = values
        .iter()
        .map(|(f, v)| json!({"id": f.id, "label": f.label, "waarde": v}))
        .collect();
    let items: Vec<Value> = forms
        .windshield
        .items
        .iter()
        .map(|i| json!({"id": i.id, "titel": i.titel, "vragen": i.vragen, "regels": i.regels, "antwoord": ws.antwoorden.get(&i.id)}))
        .collect();
    json!({
        "titel": forms.windshield.titel, "inleiding": forms.windshield.inleiding, "ingevuld": filled, "bijlage": filled,
        "kop": kop, "velden": velden, "items": items,
    })
}

/// Ruled lines under each question of the blank interview form.
const INTERVIEW_REGELS: u32 = 6;

/// The blank interview form: the group's questions, or the default guide.
pub fn interview_form_data(model: Option<&Model>, forms: &crate::forms::Forms) -> Value {
    let vragen: Vec<String> = match model.and_then(|m| m.verslag.interview.as_ref()) {
        Some(iv) if !iv.vragen.is_empty() => iv.vragen.iter().map(|v| v.vraag.clone()).collect(),
        _ => forms.interview.vragen.clone(),
    };
    let kop: Vec<Value> = forms
        .interview
        .kopvelden
        .iter()
        .map(|f| json!([f.label, Value::Null]))
        .collect();
    let velden: Vec<Value> = forms
        .interview
        .kopvelden
        .iter()
        .map(|f| json!({"id": f.id, "label": f.label, "waarde": Value::Null}))
        .collect();
    json!({
        "titel": forms.interview.titel, "inleiding": forms.interview.inleiding, "bijlage": model.is_some(),
        "kop": kop, "velden": velden, "vragen": vragen, "regels": INTERVIEW_REGELS,
    })
}

/// The checklist form, blank or filled.
pub fn checklist_form_data(model: Option<&Model>, forms: &crate::forms::Forms) -> Value {
    let domeinen: Vec<Value> = forms
        .checklist
        .domeinen
        .iter()
        .map(|d| {
            let factoren: Vec<Value> = d
                .factoren
                .iter()
                .map(|f| {
                    let b = model.and_then(|m| m.verslag.checklist.get(&f.id));
                    json!({
                        "titel": f.titel,
                        "oordeel": b.and_then(|b| b.oordeel).map(|o| o.label()),
                        "zekerheid": b.and_then(|b| b.zekerheid).map(|z| z.label()),
                        "bron": b.and_then(|b| b.bron.clone()),
                    })
                })
                .collect();
            json!({"titel": d.titel, "factoren": factoren})
        })
        .collect();
    json!({"titel": forms.checklist.titel, "inleiding": forms.checklist.inleiding, "bijlage": model.is_some(), "domeinen": domeinen})
}

/// Appendices A–C: the filled-in forms, in both templates.
pub fn form_appendices(model: &Model) -> Vec<(String, Vec<Block>)> {
    let forms = &model.forms;
    let sources = model.sources();
    let mut appendices = vec![
        (
            "Windshield Survey (ingevuld)".into(),
            vec![Block::Part {
                kind: "windshield-formulier".into(),
                data: windshield_data(Some(model), forms, None),
            }],
        ),
        (
            "Interview (leeg)".into(),
            vec![Block::Part {
                kind: "interview-formulier".into(),
                data: interview_form_data(Some(model), forms),
            }],
        ),
        (
            "Checklist wijkdiagnose (ingevuld)".into(),
            vec![Block::Part {
                kind: "checklist-formulier".into(),
                data: checklist_form_data(Some(model), forms),
            }],
        ),
    ];
    for (_, blocks) in &mut appendices {
        super::toml_cites::resolve_blocks(blocks, &sources);
    }
    appendices
}
