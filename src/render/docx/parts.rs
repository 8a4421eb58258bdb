//! The structured parts (`Block::Part`) as Word tables with a header row;
//! charts and the sociale-kaart diagram as pictures drawn by Typst. The data
//! shapes are those built in `crate::document::parts`.

use docx_rs::{AlignmentType, Paragraph, Run, TableCellMargins};
use serde_json::Value;

use super::content::{
    Writer, auto_widths, map_runs, row, strong, styled, table as plain_table, text_par,
};
use super::{TEXT_W, styles};
use crate::document::Inline;

fn s(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.trim().is_empty())
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text(v: &str) -> Vec<Inline> {
    vec![Inline::Text { s: v.to_string() }]
}

/// A cell paragraph with the value, or a muted `empty` text when missing.
fn value_par(v: &Value, empty: &str) -> Paragraph {
    match s(v) {
        Some(t) => {
            // Multi-line answers keep their line breaks.
            let mut p = Paragraph::new().style(styles::TABLE_TEXT);
            for (i, line) in t.lines().enumerate() {
                let mut r = Run::new();
                if i > 0 {
                    r = r.add_break(docx_rs::BreakType::TextWrapping);
                }
                p = p.add_run(r.add_text(line));
            }
            p
        }
        None => Paragraph::new()
            .style(styles::TABLE_TEXT)
            .add_run(Run::new().add_text(empty).italic().color(styles::MUTED)),
    }
}

/// `p` in the sans.
fn sans(p: Paragraph) -> Paragraph {
    map_runs(p, |r| r.fonts(styles::sans()))
}

/// A part's table: a [`plain_table`] whose header row is in the sans, as
/// the PDF sets the column heads of the parts and forms.
fn table(
    widths: &[usize],
    head: Vec<Vec<Paragraph>>,
    rows: Vec<Vec<Vec<Paragraph>>>,
) -> docx_rs::Table {
    let head = head
        .into_iter()
        .map(|cell| cell.into_iter().map(sans).collect())
        .collect();
    plain_table(widths, head, rows)
}

/// A title inside a part (a checklist domain, "Verder onderzoeken"), in
/// bold sans in the accent colour, as in the PDF.
fn bold_par(t: &str) -> Paragraph {
    Paragraph::new()
        .keep_next(true)
        .line_spacing(docx_rs::LineSpacing::new().before(240).after(80))
        .add_run(accent_sans(t))
}

/// `t` in bold sans in the accent colour, as the PDF sets the parts' titles
/// and labels.
fn accent_sans(t: &str) -> Run {
    Run::new()
        .add_text(t)
        .bold()
        .color(styles::ACCENT)
        .fonts(styles::sans())
}

/// The label of a key–value row, as in the PDF: small bold sans in the
/// accent colour.
fn label_par(t: &str) -> Paragraph {
    Paragraph::new()
        .style(styles::TABLE_TEXT)
        .add_run(accent_sans(t).size(17))
}

/// Column widths in twips from fractions of the text width.
fn cols(fractions: &[f64]) -> Vec<usize> {
    fractions
        .iter()
        .map(|f| (TEXT_W as f64 * f).round() as usize)
        .collect()
}

/// Key–value rows ([label, value] pairs) as a two-column table under a
/// header. With an empty `empty` text the table is a form to fill in by
/// hand: its rows are as high as a written line.
fn field_table(w: &mut Writer<'_>, head: &str, rows: &[Value], empty: &str) {
    let widths = cols(&[0.3, 0.7]);
    let body = rows
        .iter()
        .map(|r| {
            let k = r.get(0).and_then(Value::as_str).unwrap_or("");
            vec![
                vec![label_par(k)],
                vec![value_par(r.get(1).unwrap_or(&Value::Null), empty)],
            ]
        })
        .collect();
    // The header spans both columns: one cell over the whole width.
    let mut t = merge_header(table(&widths, vec![vec![text_par(head)], vec![]], body));
    if empty.is_empty() {
        for r in t.rows.iter_mut().skip(1) {
            let docx_rs::TableChild::TableRow(r) = r;
            *r = std::mem::replace(r, docx_rs::TableRow::new(Vec::new()))
                .row_height(WRITING_LINE as f32)
                .height_rule(docx_rs::HeightRule::AtLeast);
        }
    }
    w.push_table(t);
}

/// Makes the first row's first cell span the whole table (the second, empty
/// header cell is dropped).
fn merge_header(mut t: docx_rs::Table) -> docx_rs::Table {
    if let Some(docx_rs::TableChild::TableRow(r)) = t.rows.first_mut() {
        let span = r.cells.len();
        r.cells.truncate(1);
        if let Some(docx_rs::TableRowChild::TableCell(c)) = r.cells.first_mut() {
            *c = c
                .clone()
                .grid_span(span)
                .width(TEXT_W as usize, docx_rs::WidthType::Dxa);
        }
    }
    t
}

/// Writes one structured part.
pub(crate) fn part(w: &mut Writer<'_>, kind: &str, d: &Value) {
    match kind {
        "interview" => {
            field_table(w, "Gegevens van het interview", list(d, "kop"), "—");
            let widths = cols(&[0.35, 0.65]);
            let rows = list(d, "vragen")
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let vraag = q.get("vraag").and_then(Value::as_str).unwrap_or("");
                    vec![
                        vec![strong(sans(text_par(&format!("{}. {vraag}", i + 1))))],
                        vec![value_par(
                            q.get("antwoord").unwrap_or(&Value::Null),
                            "(nog geen antwoord)",
                        )],
                    ]
                })
                .collect();
            w.push_table(table(
                &widths,
                vec![vec![text_par("Vraag")], vec![text_par("Antwoord")]],
                rows,
            ));
        }
        "sociale-kaart" => {
            let wijk = d.get("wijk").and_then(Value::as_str).unwrap_or("");
            let num = d.get("tabel").and_then(Value::as_u64).unwrap_or(0) as u32;
            let p = w
                .caption(
                    "Tabel",
                    num,
                    &text(&format!("Sociale kaart van {wijk}, per soort")),
                )
                .keep_next(true);
            w.push(p);
            let mut rows = Vec::new();
            for g in list(d, "groepen") {
                let label = g.get("label").and_then(Value::as_str).unwrap_or("");
                rows.push(vec![vec![strong(text_par(&format!(
                    "{label} ({})",
                    list(g, "items").len()
                )))]]);
                for i in list(g, "items") {
                    let ring = match i["ring"].as_str().unwrap_or("") {
                        "kern" => "kern (wijkteam)",
                        "eerste" => "eerste ring",
                        "tweede" => "tweede ring",
                        other => other,
                    };
                    rows.push(vec![
                        vec![text_par(i["naam"].as_str().unwrap_or(""))],
                        vec![text_par(ring)],
                        vec![value_par(&i["adres"], "")],
                        vec![value_par(&i["toelichting"], "")],
                    ]);
                }
            }
            let head: Vec<Vec<Paragraph>> = ["Naam", "Ring", "Adres", "Toelichting"]
                .iter()
                .map(|h| vec![text_par(h)])
                .collect();
            let widths = auto_widths(4, &head, &rows);
            w.push_table(table(&widths, head, rows));
            let fig = d.get("figuur").and_then(Value::as_u64).unwrap_or(0) as u32;
            chart_figure(
                w,
                fig,
                &text(&format!("Het sociale netwerk rond het wijkteam van {wijk}")),
                None,
            );
        }
        "checklist" => {
            let c = &d["checklist"];
            let num = d.get("tabel").and_then(Value::as_u64).unwrap_or(0) as u32;
            if num > 0 {
                let title = d
                    .get("titel")
                    .and_then(Value::as_str)
                    .unwrap_or("Checklist");
                let p = w.caption("Tabel", num, &text(title)).keep_next(true);
                w.push(p);
            }
            let head = || -> Vec<Vec<Paragraph>> {
                ["Factor", "Oordeel", "Zekerheid", "Bron", "Toelichting"]
                    .iter()
                    .map(|h| vec![text_par(h)])
                    .collect()
            };
            let domains: Vec<(&str, Vec<Vec<Vec<Paragraph>>>)> = list(c, "domeinen")
                .iter()
                .map(|dom| {
                    let rows = list(dom, "factoren")
                        .iter()
                        .map(|f| {
                            vec![
                                vec![text_par(f["titel"].as_str().unwrap_or(""))],
                                vec![match s(&f["oordeel"]) {
                                    Some(o) => text_par(o),
                                    None => Paragraph::new().style(styles::TABLE_TEXT).add_run(
                                        Run::new()
                                            .add_text("niet beoordeeld")
                                            .italic()
                                            .color(styles::WARN),
                                    ),
                                }],
                                vec![value_par(&f["zekerheid"], "—")],
                                vec![value_par(&f["bron"], "—")],
                                vec![value_par(&f["toelichting"], "")],
                            ]
                        })
                        .collect();
                    (dom["titel"].as_str().unwrap_or(""), rows)
                })
                .collect();
            // One set of column widths for all domains, so the tables line up.
            let all: Vec<Vec<Vec<Paragraph>>> = domains
                .iter()
                .flat_map(|(_, r)| r.iter().cloned())
                .collect();
            let widths = auto_widths(5, &head(), &all);
            for (titel, rows) in domains {
                w.push(bold_par(titel));
                w.push_table(table(&widths, head(), rows));
            }
            w.push(bold_par("Verder onderzoeken"));
            let verder = list(c, "verder");
            if verder.is_empty() {
                w.push(Paragraph::new().add_run(
                    Run::new().add_text("Alle beoordeelde factoren zijn met zekerheid ingevuld."),
                ));
            } else {
                w.push(Paragraph::new().add_run(Run::new().add_text(
                    "Bij deze factoren is de inschatting niet zeker (vermoeden, hopen, gokken of vrezen); ze moeten verder onderzocht worden:",
                )));
                let items: Vec<Vec<crate::document::Block>> = verder
                    .iter()
                    .map(|f| {
                        vec![crate::document::Block::Para {
                            c: text(f.as_str().unwrap_or("")),
                        }]
                    })
                    .collect();
                w.blocks(&[crate::document::Block::List {
                    ordered: false,
                    start: 1,
                    items,
                }]);
            }
        }
        "factoren" => {
            let goed = list(d, "goed");
            let slecht = list(d, "slecht");
            if goed.len() + slecht.len() == 0 {
                return;
            }
            let column = |v: &[Value], empty: &str| -> Vec<Paragraph> {
                if v.is_empty() {
                    return vec![map_runs(text_par(empty), Run::italic)];
                }
                v.iter()
                    .map(|f| text_par(&format!("• {}", f.as_str().unwrap_or(""))))
                    .collect()
            };
            let widths = cols(&[0.5, 0.5]);
            let head = vec![
                vec![
                    text_par("Gezondheidsbevorderende factoren"),
                    map_runs(text_par("als goed beoordeeld in de checklist"), Run::italic),
                ],
                vec![
                    text_par("Gezondheidsbelemmerende factoren"),
                    map_runs(
                        text_par("als slecht beoordeeld in de checklist"),
                        Run::italic,
                    ),
                ],
            ];
            let body = vec![vec![
                column(goed, "geen factor als goed beoordeeld"),
                column(slecht, "geen factor als slecht beoordeeld"),
            ]];
            w.push_table(table(&widths, head, body));
        }
        "smart" => {
            let title = format!("Verbeterpunt: {}", d["titel"].as_str().unwrap_or(""));
            field_table(w, &title, list(d, "criteria"), "nog niet ingevuld");
        }
        "interventie" => {
            let title = format!(
                "{} {}: {}",
                d["soort"].as_str().unwrap_or("Interventie"),
                d["nummer"].as_u64().unwrap_or(0),
                d["titel"].as_str().unwrap_or("")
            );
            field_table(w, &title, list(d, "velden"), "nog niet ingevuld");
        }
        "grafiek" | "kaart" => {
            let fig = d.get("figuur").and_then(Value::as_u64).unwrap_or(0) as u32;
            let title = d["titel"].as_str().unwrap_or("");
            chart_figure(w, fig, &text(title), s(&d["bron"]));
        }
        "windshield-formulier" => {
            form_title(w, d);
            let filled = d["ingevuld"].as_bool().unwrap_or(false);
            field_table(
                w,
                "Gegevens van de observatie",
                list(d, "kop"),
                if filled { "—" } else { "" },
            );
            let widths = cols(&[0.35, 0.65]);
            let rows = list(d, "items")
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let mut first = vec![strong(text_par(&format!(
                        "{}. {}",
                        i + 1,
                        it["titel"].as_str().unwrap_or("")
                    )))];
                    let vragen: Vec<&str> = list(it, "vragen")
                        .iter()
                        .filter_map(Value::as_str)
                        .collect();
                    if !vragen.is_empty() {
                        first.push(
                            Paragraph::new().style(styles::TABLE_TEXT).add_run(
                                Run::new()
                                    .add_text(vragen.join(" "))
                                    .size(16)
                                    .color(styles::MUTED),
                            ),
                        );
                    }
                    vec![
                        first,
                        vec![value_par(
                            it.get("antwoord").unwrap_or(&Value::Null),
                            if filled { "niet ingevuld" } else { "" },
                        )],
                    ]
                })
                .collect();
            w.push_table(table(
                &widths,
                vec![vec![text_par("Onderwerp")], vec![text_par("Waarneming")]],
                rows,
            ));
        }
        "interview-formulier" => {
            form_title(w, d);
            field_table(w, "Gegevens van het interview", list(d, "kop"), "");
            // As on paper: each question with ruled lines to write on,
            // kept together on one page.
            let lines = d.get("regels").and_then(Value::as_u64).unwrap_or(6);
            for (i, q) in list(d, "vragen").iter().enumerate() {
                w.push(bold_par(&format!(
                    "{}. {}",
                    i + 1,
                    q.as_str().unwrap_or("")
                )));
                for k in 1..=lines {
                    w.push(writing_line(k < lines));
                }
            }
        }
        "checklist-formulier" => {
            form_title(w, d);
            const OORDELEN: [&str; 3] = ["goed", "redelijk", "slecht"];
            const ZEKERHEDEN: [&str; 5] = ["zeker", "vermoeden", "hopen", "gokken", "vrezen"];
            // Wide enough for "redelijk" and "vermoeden" in bold 5.5 pt (as
            // in the PDF) on one line, and for "Arbeidsongeschiktheid".
            let mut fr = vec![0.245];
            fr.extend([0.063; 3]);
            fr.extend([0.087; 5]);
            fr.push(1.0 - 0.245 - 3.0 * 0.063 - 5.0 * 0.087);
            let widths = cols(&fr);
            for dom in list(d, "domeinen") {
                w.push(bold_par(dom["titel"].as_str().unwrap_or("")));
                let mut head: Vec<Vec<Paragraph>> = vec![vec![text_par("Factor")]];
                head.extend(OORDELEN.iter().chain(ZEKERHEDEN.iter()).map(|h| {
                    vec![map_runs(text_par(h), |r| r.size(11)).align(AlignmentType::Center)]
                }));
                head.push(vec![text_par("Bron")]);
                let rows = list(dom, "factoren")
                    .iter()
                    .map(|f| {
                        let mut cells = vec![vec![text_par(f["titel"].as_str().unwrap_or(""))]];
                        let tick = |on: bool| {
                            vec![text_par(if on { "X" } else { "" }).align(AlignmentType::Center)]
                        };
                        cells.extend(
                            OORDELEN
                                .iter()
                                .map(|o| tick(f["oordeel"].as_str() == Some(o))),
                        );
                        cells.extend(
                            ZEKERHEDEN
                                .iter()
                                .map(|z| tick(f["zekerheid"].as_str() == Some(z))),
                        );
                        cells.push(vec![value_par(&f["bron"], "")]);
                        cells
                    })
                    .collect();
                // Narrow cell margins (0.05 cm), so the tick columns hold
                // their labels even in a wider substitute font (a program
                // that ignores the embedded fonts draws "redelijk" in, say,
                // DejaVu Sans).
                w.push_table(
                    table(&widths, head, rows)
                        .margins(TableCellMargins::new().margin(0, 28, 0, 28)),
                );
            }
        }
        _ => {
            // An unknown part is shown, not dropped, so nothing disappears silently.
            let t = styled(
                docx_rs::Table::new(vec![row(
                    &[TEXT_W as usize],
                    vec![vec![text_par(&format!("[{kind}]"))]],
                )]),
                &[TEXT_W as usize],
            );
            w.push_table(t);
        }
    }
}

/// The height of a line to write on, 0.8 cm as in the PDF's forms (twips).
const WRITING_LINE: i32 = 454;

/// An empty line to write on by hand.
fn writing_line(keep_next: bool) -> Paragraph {
    let mut p = Paragraph::new().keep_next(keep_next).line_spacing(
        docx_rs::LineSpacing::new()
            .line_rule(docx_rs::LineSpacingType::Exact)
            .line(WRITING_LINE)
            .before(0)
            .after(0),
    );
    // Adjacent paragraphs with the same borders form one group in Word and
    // LibreOffice: `between` draws the lines inside it, `bottom` the last.
    let line = |at| {
        docx_rs::ParagraphBorder::new(at)
            .val(docx_rs::BorderType::Single)
            .size(4)
            .space(0)
            .color("8C8C8C")
    };
    p.property = p.property.set_borders(
        docx_rs::ParagraphBorders::with_empty()
            .set(line(docx_rs::ParagraphBorderPosition::Bottom))
            .set(line(docx_rs::ParagraphBorderPosition::Between)),
    );
    p
}

fn form_title(w: &mut Writer<'_>, d: &Value) {
    w.push(bold_par(d["titel"].as_str().unwrap_or("")));
    if let Some(intro) = s(&d["inleiding"]) {
        w.push(Paragraph::new().add_run(Run::new().add_text(intro).size(19)));
    }
}

/// A chart, map or diagram rendered by Typst, then its caption and an
/// optional source line under it, in the order the PDF has them.
fn chart_figure(w: &mut Writer<'_>, fig: u32, caption: &[Inline], bron: Option<&str>) {
    let pic = w.chart(fig).map(|r| w.raster_pic(&r, 1.0));
    w.figure(pic, fig, caption, bron.is_some());
    if let Some(b) = bron {
        w.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(b).size(17).color(styles::MUTED)),
        );
    }
}
