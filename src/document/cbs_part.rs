//! The CBS part of the report: the "Kerncijfers" table of the wijk beside the
//! gemeente, a chart of the age structure and a map showing where the wijk
//! lies, all from the group's `cbs = { bestand, code }` table; plus the CBS
//! entry of the Literatuurlijst.
//!
//! The figures themselves come from [`crate::cbs`]; this module only decides
//! what the reader sees: rows, Dutch number notation, captions, numbering and
//! the source line.

use serde_json::json;

use super::ir::{Block, Inline};
use super::parts::Numbers;
use crate::cbs::{self, CbsData, CbsError, Figure, KeyFigures, Niveau};
use crate::error::{Error, Place, Problem};
use crate::model::{Bron, Model, files};

/// Id of the Literatuurlijst entry added when the group does not list CBS itself.
pub const AUTO_SOURCE_ID: &str = "cbs-automatisch";

/// The CBS table of a report, read once, with the source it cites.
#[derive(Debug, Clone)]
pub struct CbsReport {
    /// The figures and map of the chosen area.
    pub data: CbsData,
    /// The file as the group wrote it in `verslag.toml`.
    pub bestand: String,
    /// The source the table and map cite: the group's own CBS entry of
    /// `[[bronnen]]` when it has one for the same year, else [`AUTO_SOURCE_ID`].
    pub bron: Bron,
}

impl CbsReport {
    /// The Literatuurlijst entry to add, when the group does not cite CBS itself.
    pub fn auto_source(&self) -> Option<Bron> {
        (self.bron.id == AUTO_SOURCE_ID).then(|| self.bron.clone())
    }

    /// What the group should hear about its CBS file (columns the download
    /// lacks, borders the map cannot draw), at the `cbs = …` line.
    pub fn warnings(&self, model: &Model) -> Vec<Problem> {
        let place = model.spans.place("verslag.cbs.bestand");
        let mut out: Vec<Problem> = self
            .data
            .meldingen
            .iter()
            .map(|(m, hint)| Problem::new(place.clone(), m.clone()).hint(*hint))
            .collect();
        // StatLine names its downloads by table number (83765NED.csv): the
        // year is then nowhere, and every source line would say (z.d.).
        if self.bron.jaar.is_none() {
            let cbs = model.verslag.verslag.cbs.as_ref();
            out.push(
                Problem::new(
                    place,
                    "het jaar van de CBS-cijfers is onbekend: bij de tabel en in de literatuurlijst staat (z.d.)",
                )
                .hint(format!(
                    "zet het jaar erbij: cbs = {{ bestand = \"{}\", code = \"{}\", jaar = 2017 }} (met het jaar van de cijfers)",
                    cbs.map_or("…", |c| c.bestand.as_str()),
                    cbs.map_or("…", |c| c.code.as_str()),
                )),
            );
        }
        out
    }

    /// "Bron: Centraal Bureau voor de Statistiek (2017)".
    fn source_text(&self) -> String {
        format!("Bron: {}", super::apa::narrative(&self.bron))
    }
}

/// Reads the group's CBS table, when `verslag.toml` names one.
///
/// Errors name the place to fix: an unknown code the `code` key in
/// `verslag.toml` (listing the codes the file does hold), an unreadable line
/// the CSV file and line.
pub fn load(model: &Model) -> Result<Option<CbsReport>, Problem> {
    let Some(bron) = &model.verslag.verslag.cbs else {
        return Ok(None);
    };
    let file_place = model.spans.place("verslag.cbs.bestand");
    let rel =
        files::normalize("", &bron.bestand).map_err(|msg| Problem::new(file_place.clone(), msg))?;
    let bytes = model
        .files
        .read_named(&rel, &file_place)
        .map_err(|e| match e {
            Error::Input(mut p) if !p.is_empty() => p.remove(0),
            other => Problem::new(file_place.clone(), other.to_string()),
        })?;
    let data = cbs::read(&bytes, &bron.code, &rel).map_err(|e| problem(model, &rel, e))?;
    let jaar = bron.jaar.or(data.jaar);
    let own = model
        .verslag
        .bronnen
        .iter()
        .find(|b| is_cbs(&b.auteur) && b.jaar == jaar);
    let bron_entry = match own {
        Some(b) => b.clone(),
        None => Bron {
            id: AUTO_SOURCE_ID.into(),
            auteur: "Centraal Bureau voor de Statistiek".into(),
            jaar,
            titel: auto_title(&bytes, jaar),
            uitgever: None,
            url: None,
            geraadpleegd: None,
            jaar_letter: None,
        },
    };
    Ok(Some(CbsReport {
        data,
        bestand: rel,
        bron: bron_entry,
    }))
}

/// Whether an author is CBS ("Centraal Bureau voor de Statistiek", "CBS").
fn is_cbs(auteur: &str) -> bool {
    auteur
        .to_lowercase()
        .contains("centraal bureau voor de statistiek")
        || auteur.contains("CBS")
}

/// "Wijk- en buurtkaart 2017" for a map file (`WK_CODE`, `AANT_INW`, …),
/// "Kerncijfers wijken en buurten 2017" for a StatLine table.
fn auto_title(bytes: &[u8], jaar: Option<i32>) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_uppercase();
    let map_file = ["WK_CODE", "BU_CODE", "GM_CODE", "AANT_INW"]
        .iter()
        .any(|c| head.contains(c));
    let title = if map_file {
        "Wijk- en buurtkaart"
    } else {
        "Kerncijfers wijken en buurten"
    };
    match jaar {
        Some(j) => format!("{title} {j}"),
        None => title.to_string(),
    }
}

/// A [`CbsError`] as a problem at the place the student has to change.
fn problem(model: &Model, rel: &str, e: CbsError) -> Problem {
    let code_place = model.spans.place("verslag.cbs.code");
    match e {
        CbsError::OnbekendeCode { code, beschikbaar } => {
            Problem::new(code_place, format!("de code {code} staat niet in het CBS-bestand `{rel}`; het bestand heeft: {beschikbaar}"))
                .hint("kies de code van jullie wijk (WK…) of buurt (BU…) uit deze lijst")
        }
        CbsError::GeenCode => Problem::new(code_place, e.to_string()).hint("vul bij cbs de code van jullie wijk of buurt in"),
        CbsError::Regel { regel, oorzaak } => {
            Problem::new(Place::line(rel, regel as usize), format!("het CBS-bestand is op deze regel niet te lezen: {oorzaak}"))
                .hint("herstel de regel, of download de tabel opnieuw als CSV van CBS StatLine of de Wijk- en buurtkaart")
        }
        CbsError::GeenTekst(_) => Problem::new(Place::file(rel), format!("het CBS-bestand is niet te gebruiken: {e}"))
            .hint("open het in Excel en kies Opslaan als > CSV, of download de tabel op CBS StatLine als CSV"),
        CbsError::KolomOntbreekt { .. } | CbsError::Leeg => Problem::new(Place::file(rel), format!("het CBS-bestand is niet te gebruiken: {e}"))
            .hint("gebruik de tabel zoals CBS hem publiceert (StatLine \"Kerncijfers wijken en buurten\" of de Wijk- en buurtkaart), als CSV"),
    }
}

fn text(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text { s: s.into() }]
}

/// The CBS part of the chapter on stap 2: a paragraph naming the table and
/// figures, then the key-figure table, age chart and map.
pub fn blocks(n: &mut Numbers<'_, '_>, cbs: &CbsReport) -> Vec<Block> {
    let d = &cbs.data;
    let area = area_name(d);
    let mut blocks = Vec::new();

    let mut intro = Vec::new();
    let mut chart_num = None;
    let mut after = Vec::new();
    let table_num = n_table(n);
    after.push(table(d, table_num, cbs));
    if let Some(chart) = age_chart(n, d, cbs) {
        chart_num = Some(chart.0);
        after.push(chart.1);
    }
    let mut map_num = None;
    if let Some(kaart) = &d.kaart {
        let f = n_figure(n);
        map_num = Some(f);
        let titel = match d.niveau {
            Niveau::Buurt => format!(
                "Ligging van {} tussen de andere buurten van de wijk",
                d.naam
            ),
            _ if !d.gemeente.is_empty() => {
                format!("Ligging van {} in de gemeente {}", d.naam, d.gemeente)
            }
            _ => format!("Ligging van {}", d.naam),
        };
        after.push(Block::Part {
            kind: "kaart".into(),
            data: json!({
                "figuur": f,
                "titel": titel,
                "bron": cbs.source_text(),
                "kaart": kaart,
            }),
        });
    }
    intro.push(format!(
        "Tabel {table_num} zet de kerncijfers van {area} ({}) naast die van de gemeente{}.",
        d.code,
        gemeente_suffix(d)
    ));
    if let Some(f) = chart_num {
        intro.push(format!("Figuur {f} vergelijkt de leeftijdsopbouw."));
    } else {
        let k = &d.gebied;
        let unknown: Vec<&str> = [
            (k.leeftijd_0_14, "0–14 jaar"),
            (k.leeftijd_15_24, "15–24 jaar"),
            (k.leeftijd_25_44, "25–44 jaar"),
            (k.leeftijd_45_64, "45–64 jaar"),
            (k.leeftijd_65_plus, "65 jaar en ouder"),
        ]
        .iter()
        .filter(|(f, _)| f.value().is_none())
        .map(|(_, label)| *label)
        .collect();
        intro.push(format!(
            "Een grafiek van de leeftijdsopbouw ontbreekt: het CBS geeft voor {area} niet alle leeftijdsgroepen (onbekend: {}).",
            unknown.join(", ")
        ));
    }
    if let Some(f) = map_num {
        intro.push(format!("Figuur {f} laat zien waar {area} ligt."));
    }
    intro.extend(d.opmerkingen.iter().cloned());
    blocks.push(Block::Para {
        c: text(intro.join(" ")),
    });
    blocks.extend(after);
    blocks
}

fn n_table(n: &mut Numbers<'_, '_>) -> u32 {
    *n.tables += 1;
    *n.tables
}

fn n_figure(n: &mut Numbers<'_, '_>) -> u32 {
    *n.figures += 1;
    *n.figures
}

/// "de CBS-wijk Noordwest" / "de CBS-buurt Beijum-Oost".
fn area_name(d: &CbsData) -> String {
    match d.niveau {
        Niveau::Wijk => format!("de CBS-wijk {}", d.naam),
        Niveau::Buurt => format!("de CBS-buurt {}", d.naam),
        _ => d.naam.clone(),
    }
}

/// " Groningen", or nothing when the file does not name the gemeente.
fn gemeente_suffix(d: &CbsData) -> String {
    if d.gemeente.is_empty() {
        String::new()
    } else {
        format!(" {}", d.gemeente)
    }
}

/// One row of the Kerncijfers table: label, field, notation, optional.
type Row = (&'static str, fn(&KeyFigures) -> Figure, Kind, bool);

/// How a row prints its figures.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    Pct,
    Decimal,
}

/// The rows of the Kerncijfers table: label, field, notation, whether the row
/// is left out when unknown on both sides (figures not every table has).
fn rows() -> Vec<Row> {
    vec![
        ("Inwoners", |k| k.inwoners, Kind::Count, false),
        ("Mannen", |k| k.mannen, Kind::Count, false),
        ("Vrouwen", |k| k.vrouwen, Kind::Count, false),
        ("0–14 jaar", |k| k.leeftijd_0_14, Kind::Pct, false),
        ("15–24 jaar", |k| k.leeftijd_15_24, Kind::Pct, false),
        ("25–44 jaar", |k| k.leeftijd_25_44, Kind::Pct, false),
        ("45–64 jaar", |k| k.leeftijd_45_64, Kind::Pct, false),
        ("65 jaar en ouder", |k| k.leeftijd_65_plus, Kind::Pct, false),
        ("Huishoudens", |k| k.huishoudens, Kind::Count, false),
        (
            "Eenpersoonshuishoudens",
            |k| k.eenpersoons_pct,
            Kind::Pct,
            false,
        ),
        (
            "Huishoudens zonder kinderen",
            |k| k.zonder_kinderen_pct,
            Kind::Pct,
            false,
        ),
        (
            "Huishoudens met kinderen",
            |k| k.met_kinderen_pct,
            Kind::Pct,
            false,
        ),
        (
            "Gemiddelde huishoudensgrootte",
            |k| k.gem_huishoudgrootte,
            Kind::Decimal,
            false,
        ),
        (
            "Bevolkingsdichtheid (inwoners per km²)",
            |k| k.dichtheid,
            Kind::Count,
            false,
        ),
        (
            "Westerse migratieachtergrond",
            |k| k.westers_pct,
            Kind::Pct,
            true,
        ),
        (
            "Niet-westerse migratieachtergrond",
            |k| k.niet_westers_pct,
            Kind::Pct,
            true,
        ),
    ]
}

/// A figure in Dutch notation. Percentages are whole: the map files publish
/// them rounded, so a decimal would suggest precision the data lacks (and a
/// StatLine table with the same figures gives the same table).
fn fmt(f: Figure, kind: Kind) -> String {
    // Half away from zero, like the chart's bars (`format!` rounds half to even).
    let whole = Figure::from(f.value().map(f64::round));
    match kind {
        Kind::Count => cbs::fmt_int(&whole),
        Kind::Pct => cbs::fmt_pct(&whole, 0),
        Kind::Decimal => cbs::fmt_dec(&f, 1),
    }
}

fn table(d: &CbsData, num: u32, cbs: &CbsReport) -> Block {
    let gemeente = if d.gemeente.is_empty() {
        "Gemeente".to_string()
    } else {
        format!("Gemeente {}", d.gemeente)
    };
    let mut body = Vec::new();
    for (label, get, kind, optional) in rows() {
        let (a, g) = (get(&d.gebied), get(&d.gemeente_cijfers));
        if optional && !a.is_known() && !g.is_known() {
            continue;
        }
        body.push(vec![text(label), text(fmt(a, kind)), text(fmt(g, kind))]);
    }
    let year = cbs.bron.jaar.map(|j| format!(" ({j})")).unwrap_or_default();
    Block::Table {
        num,
        caption: text(format!(
            "Kerncijfers van {} en de gemeente{}{year}",
            d.naam,
            gemeente_suffix(d)
        )),
        head: vec![text("Kenmerk"), text(d.naam.clone()), text(gemeente)],
        rows: body,
        align: vec!["left".into(), "right".into(), "right".into()],
        source: Some(text(format!(
            "{}. Leeftijden en migratieachtergrond in procenten van de inwoners, soorten huishoudens in procenten van de huishoudens.",
            cbs.source_text()
        ))),
    }
}

/// The age structure of the area against the gemeente, as a bar chart; `None`
/// when the area's age groups are not all known (a bar for "onbekend" would
/// read as 0%).
fn age_chart(n: &mut Numbers<'_, '_>, d: &CbsData, cbs: &CbsReport) -> Option<(u32, Block)> {
    let ages = |k: &KeyFigures| -> Option<Vec<f64>> {
        [
            k.leeftijd_0_14,
            k.leeftijd_15_24,
            k.leeftijd_25_44,
            k.leeftijd_45_64,
            k.leeftijd_65_plus,
        ]
        .iter()
        // Whole percentages, like the table.
        .map(|f| f.value().map(f64::round))
        .collect()
    };
    let wijk = ages(&d.gebied)?;
    let mut reeksen = vec![json!({"naam": d.naam, "waarden": wijk})];
    if let Some(g) = ages(&d.gemeente_cijfers) {
        let naam = if d.gemeente.is_empty() {
            "Gemeente".to_string()
        } else {
            format!("Gemeente {}", d.gemeente)
        };
        reeksen.push(json!({"naam": naam, "waarden": g}));
    }
    let f = n_figure(n);
    let titel = if reeksen.len() > 1 {
        format!(
            "Leeftijdsopbouw van {} en de gemeente{}",
            d.naam,
            gemeente_suffix(d)
        )
    } else {
        format!("Leeftijdsopbouw van {}", d.naam)
    };
    let data = json!({
        "figuur": f,
        "titel": titel,
        "soort": "staaf",
        "labels": ["0–14 jaar", "15–24 jaar", "25–44 jaar", "45–64 jaar", "65 jaar en ouder"],
        "reeksen": reeksen,
        "eenheid": "%",
        "bron": cbs.source_text(),
    });
    Some((
        f,
        Block::Part {
            kind: "grafiek".into(),
            data,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_whole_and_unknown_is_onbekend() {
        assert_eq!(fmt(Figure::Known(12.5), Kind::Pct), "13%");
        assert_eq!(fmt(Figure::Known(18170.0), Kind::Count), "18.170");
        assert_eq!(fmt(Figure::Known(1.6), Kind::Decimal), "1,6");
        assert_eq!(fmt(Figure::Unknown, Kind::Pct), "onbekend");
    }

    #[test]
    fn cbs_authors() {
        assert!(is_cbs("Centraal Bureau voor de Statistiek"));
        assert!(is_cbs("CBS"));
        assert!(!is_cbs("Gemeente Groningen"));
    }

    #[test]
    fn title_by_file_style() {
        assert_eq!(
            auto_title(b",WK_CODE,WK_NAAM,AANT_INW\n", Some(2017)),
            "Wijk- en buurtkaart 2017"
        );
        assert_eq!(
            auto_title(b"\"WijkenEnBuurten\";\"AantalInwoners_5\"\n", Some(2019)),
            "Kerncijfers wijken en buurten 2019"
        );
        assert_eq!(
            auto_title(b"WijkenEnBuurten\n", None),
            "Kerncijfers wijken en buurten"
        );
    }
}
