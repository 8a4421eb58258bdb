//! CBS table import.
//!
//! Reads a CBS "Kerncijfers wijken en buurten" table (StatLine export) or a
//! "Wijk- en buurtkaart" table (map file, optionally with WKT geometry) from
//! CSV and returns the key figures of one wijk or buurt, the same figures for
//! the whole gemeente, and, when the file holds geometry, a projected map of
//! the surrounding areas with the chosen one flagged.
//!
//! Self-contained: depends only on `csv`, `serde` and `thiserror`.

use serde::{Serialize, Serializer};
use std::collections::HashMap;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// One figure: a value or unknown.
///
/// CBS marks missing or secret values as `.`, `x`, an empty cell or a negative
/// sentinel (`-99999999`, `-99997`, ...); all of these become [`Figure::Unknown`],
/// never a number. Serializes as a plain number, or as none/null when unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Figure {
    /// A known, finite, non-negative value.
    Known(f64),
    /// Missing, secret or not computable.
    #[default]
    Unknown,
}

impl Figure {
    /// The value, if known.
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Known(x) => Some(x),
            Figure::Unknown => None,
        }
    }

    /// Whether the value is known.
    pub fn is_known(self) -> bool {
        matches!(self, Figure::Known(_))
    }
}

impl From<f64> for Figure {
    /// A finite number becomes `Known`, NaN and infinities become `Unknown`.
    fn from(x: f64) -> Self {
        if x.is_finite() {
            Figure::Known(x)
        } else {
            Figure::Unknown
        }
    }
}

impl From<Option<f64>> for Figure {
    fn from(x: Option<f64>) -> Self {
        x.map_or(Figure::Unknown, Figure::from)
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Known(x) => s.serialize_f64(*x),
            Figure::Unknown => s.serialize_none(),
        }
    }
}

/// Key figures for one area (wijk or buurt) or for the whole gemeente.
///
/// Age groups, household types and migration background are percentages
/// (0-100); ages and migration background of `inwoners`, household types of
/// `huishoudens`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KeyFigures {
    /// Number of inhabitants.
    pub inwoners: Figure,
    /// Number of men.
    pub mannen: Figure,
    /// Number of women.
    pub vrouwen: Figure,
    /// Percentage of inhabitants aged 0 to 14.
    pub leeftijd_0_14: Figure,
    /// Percentage of inhabitants aged 15 to 24.
    pub leeftijd_15_24: Figure,
    /// Percentage of inhabitants aged 25 to 44.
    pub leeftijd_25_44: Figure,
    /// Percentage of inhabitants aged 45 to 64.
    pub leeftijd_45_64: Figure,
    /// Percentage of inhabitants aged 65 or older.
    pub leeftijd_65_plus: Figure,
    /// Number of households.
    pub huishoudens: Figure,
    /// Percentage of one-person households.
    pub eenpersoons_pct: Figure,
    /// Percentage of households without children.
    pub zonder_kinderen_pct: Figure,
    /// Percentage of households with children.
    pub met_kinderen_pct: Figure,
    /// Average household size (persons).
    pub gem_huishoudgrootte: Figure,
    /// Population density, inhabitants per km² of land.
    pub dichtheid: Figure,
    /// Percentage of inhabitants with a western migration background.
    pub westers_pct: Figure,
    /// Percentage of inhabitants with a non-western migration background.
    pub niet_westers_pct: Figure,
    /// Total area in hectares (land and water).
    pub oppervlakte_ha: Figure,
}

/// The administrative level of an area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Niveau {
    /// A gemeente (code `GM....`).
    Gemeente,
    /// A wijk (code `WK......`).
    Wijk,
    /// A buurt (code `BU........`).
    Buurt,
    /// Anything else (for example the `NL00` row of a StatLine table).
    Overig,
}

impl Niveau {
    fn from_code(code: &str) -> Niveau {
        match code.get(..2).map(str::to_ascii_uppercase).as_deref() {
            Some("GM") => Niveau::Gemeente,
            Some("WK") => Niveau::Wijk,
            Some("BU") => Niveau::Buurt,
            _ => Niveau::Overig,
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Niveau::Gemeente => "gemeenten",
            Niveau::Wijk => "wijken",
            Niveau::Buurt => "buurten",
            Niveau::Overig => "gebieden",
        }
    }
}

/// Polygons of one area: polygon -> rings (outer ring first, then holes) -> (x, y) points.
pub type Polygons = Vec<Vec<Vec<(f64, f64)>>>;

/// One area with its boundary, in longitude/latitude (or in the file's planar
/// coordinates when those are not longitude/latitude).
#[derive(Clone, Debug, Serialize)]
pub struct Area {
    /// CBS code, e.g. `WK001410`.
    pub code: String,
    /// Name, e.g. `Noordwest`.
    pub naam: String,
    /// Polygon -> rings -> points, as (longitude, latitude).
    pub polygons: Polygons,
}

/// The map: the areas around the chosen one, projected into a box whose
/// larger side is 1.0, keeping proportions.
///
/// Longitude is scaled by cos(latitude) around the middle latitude, y points
/// down (north is up). Files with planar coordinates (such as RD metres) are
/// scaled without the cosine.
#[derive(Clone, Debug, Serialize)]
pub struct Map {
    /// Width of the map in units (at most 1.0).
    pub width: f64,
    /// Height of the map in units (at most 1.0).
    pub height: f64,
    /// Kilometres per map unit, for a scale bar.
    pub km_per_unit: f64,
    /// All areas of the same level: every wijk of the gemeente, or for a buurt
    /// the buurten of the same wijk. File order.
    pub areas: Vec<MapArea>,
}

/// One projected area of a [`Map`].
#[derive(Clone, Debug, Serialize)]
pub struct MapArea {
    /// CBS code.
    pub code: String,
    /// Name.
    pub naam: String,
    /// Whether this is the area the report is about.
    pub chosen: bool,
    /// Label position x: centroid of the largest polygon (moved inside when the
    /// centroid falls outside the shape).
    pub label_x: f64,
    /// Label position y.
    pub label_y: f64,
    /// Rings (outer rings and holes), projected and simplified, each closed
    /// (last point equals first). Draw all rings of one area as one shape with
    /// the even-odd fill rule so holes stay open.
    pub paths: Vec<Vec<(f64, f64)>>,
}

/// Everything the report needs from a CBS table.
#[derive(Clone, Debug, Serialize)]
pub struct CbsData {
    /// Code of the chosen area, normalized (trimmed, upper case).
    pub code: String,
    /// Name of the chosen area.
    pub naam: String,
    /// Level of the chosen area.
    pub niveau: Niveau,
    /// Name of the gemeente (empty when the file does not say).
    pub gemeente: String,
    /// Year from the file name, see [`year_from_name`].
    pub jaar: Option<i32>,
    /// Figures of the chosen area.
    pub gebied: KeyFigures,
    /// Figures of the whole gemeente, for comparison.
    pub gemeente_cijfers: KeyFigures,
    /// The map, when the file holds geometry.
    pub kaart: Option<Map>,
    /// Notes for the reader (in Dutch): how the gemeente figures were
    /// computed, which areas dropped out, which figures the file lacks.
    pub opmerkingen: Vec<String>,
    /// Notes for the group, shown as warnings and not printed: the columns
    /// the download left out, borders the map could not draw.
    /// Each is (message, hint).
    #[serde(skip)]
    pub meldingen: Vec<(String, &'static str)>,
}

/// Errors while reading a CBS table. Messages are Dutch and name the cause.
#[derive(thiserror::Error, Debug)]
pub enum CbsError {
    /// No area code was given.
    #[error("geen gebiedscode opgegeven (bijvoorbeeld WK001410 of BU00140400)")]
    GeenCode,
    /// The file holds no data rows.
    #[error("het bestand bevat geen gegevensregels")]
    Leeg,
    /// The file is not text (a spreadsheet or PDF saved under the name).
    #[error("het bestand is geen CSV-tekst maar {0}")]
    GeenTekst(&'static str),
    /// A required column is missing.
    #[error("kolom {kolom} ontbreekt; het bestand heeft de kolommen: {gevonden}")]
    KolomOntbreekt {
        /// The missing column(s), as the file would spell them.
        kolom: String,
        /// The columns the file does have.
        gevonden: String,
    },
    /// The code is not in the file.
    #[error("code {code} staat niet in het bestand; wel: {beschikbaar}")]
    OnbekendeCode {
        /// The requested code.
        code: String,
        /// Codes and names the file holds.
        beschikbaar: String,
    },
    /// A line could not be read.
    #[error("regel {regel}: {oorzaak}")]
    Regel {
        /// Line number in the file (1-based).
        regel: u64,
        /// What is wrong.
        oorzaak: String,
    },
}

// ---------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------

/// Reads a CBS table and returns the figures for the area `code`.
///
/// `bytes` is the CSV file (comma, semicolon or tab separated, optionally with
/// a UTF-8 byte order mark; not UTF-8 is read as Latin-1). `code` is a wijk
/// (`WK......`) or buurt (`BU........`) code, matched after trimming and
/// ignoring case. `file_name` is only used for the year ([`year_from_name`]).
pub fn read(bytes: &[u8], code: &str, file_name: &str) -> Result<CbsData, CbsError> {
    let wanted = code.trim().to_ascii_uppercase();
    if wanted.is_empty() {
        return Err(CbsError::GeenCode);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(CbsError::GeenTekst(kind));
    }
    let text = decode(bytes);
    let table = Table::parse(&text)?;
    let mut cols = Columns::resolve(&table.header)?;
    cols.decimal_comma = cols.writes_decimal_comma(&table.records);

    let mut rows = Vec::new();
    for (line, rec) in &table.records {
        if let Some(row) = cols.row(*line, rec)? {
            rows.push(row);
        }
    }
    if rows.is_empty() {
        return Err(CbsError::Leeg);
    }

    let Some(chosen) = rows.iter().position(|r| r.code == wanted) else {
        return Err(CbsError::OnbekendeCode {
            beschikbaar: list_codes(&rows, &wanted),
            code: wanted,
        });
    };
    let chosen_row = &rows[chosen];
    let niveau = chosen_row.niveau;
    let gm = chosen_row.gm.clone();
    let mut notes = Vec::new();
    let mut meldingen = Vec::new();

    let missing: Vec<&str> = FIELDS
        .iter()
        .filter(|f| cols.fields[f.index()].is_none())
        .map(|f| f.label())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "Het gebruikte CBS-bestand bevat geen cijfers over {}.",
            missing.join(", ")
        ));
        meldingen.push((
            format!(
                "het CBS-bestand heeft geen kolom voor: {}; die cijfers ontbreken in het verslag",
                missing.join(", ")
            ),
            "download de tabel opnieuw op StatLine met alle onderwerpen aangevinkt, of leg in de tekst uit waarom die cijfers ontbreken",
        ));
    }

    // Rows that take part: the chosen one, the gemeente row, and all rows of
    // the same level in the same gemeente.
    let gm_row = rows
        .iter()
        .position(|r| r.niveau == Niveau::Gemeente && r.code == gm);
    let peers: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.niveau == niveau && r.gm == gm)
        .map(|(i, _)| i)
        .collect();
    let mut used: Vec<usize> = peers.clone();
    used.extend(gm_row);
    let counts = cols.part_styles(&rows, &used)?;

    let gebied = cols.figures(&rows[chosen], counts)?.0;
    let gemeente_cijfers = if niveau == Niveau::Gemeente {
        gebied.clone()
    } else if let Some(g) = gm_row {
        cols.figures(&rows[g], counts)?.0
    } else if peers.len() < 2 {
        notes.push(format!(
            "Het bestand bevat geen andere {} van de gemeente en geen gemeenteregel; \
             de gemeentecijfers zijn onbekend.",
            niveau.plural()
        ));
        KeyFigures::default()
    } else {
        let mut entries = Vec::with_capacity(peers.len());
        for &i in &peers {
            let (kf, land) = cols.figures(&rows[i], counts)?;
            entries.push((rows[i].naam.clone(), kf, land));
        }
        let gm_name = chosen_row.gemeente.clone();
        notes.push(format!(
            "De cijfers voor de gemeente{} zijn berekend uit de {} {} in het bestand: \
             aantallen opgeteld, percentages gewogen naar inwoners of huishoudens.",
            if gm_name.is_empty() {
                String::new()
            } else {
                format!(" {gm_name}")
            },
            peers.len(),
            niveau.plural()
        ));
        let (kf, dropped, unsummed) = aggregate(&entries, cols.fields.map(|c| c.is_some()));
        if !dropped.is_empty() {
            notes.push(dropped_note(&dropped));
        }
        if !unsummed.is_empty() {
            notes.push(unsummed_note(&unsummed));
        }
        kf
    };

    let gemeente = if !chosen_row.gemeente.is_empty() {
        chosen_row.gemeente.clone()
    } else {
        gm_row.map(|g| rows[g].naam.clone()).unwrap_or_default()
    };

    let kaart = match cols.geometry {
        Some(gcol) if matches!(niveau, Niveau::Wijk | Niveau::Buurt) => {
            build_map(&rows, chosen, gcol, &mut meldingen)
        }
        _ => None,
    };

    Ok(CbsData {
        code: wanted,
        naam: chosen_row.naam.clone(),
        niveau,
        gemeente,
        jaar: year_from_name(file_name),
        gebied,
        gemeente_cijfers,
        kaart,
        opmerkingen: notes,
        meldingen,
    })
}

/// Year from a file name like `wijk2017-groningen.csv`: the first run of
/// exactly four digits that starts with 19 or 20. Directories are ignored.
pub fn year_from_name(name: &str) -> Option<i32> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let bytes = base.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &base[start..i];
        if run.len() == 4 && (run.starts_with("19") || run.starts_with("20")) {
            return run.parse().ok();
        }
    }
    None
}

/// Whole number in Dutch notation: 18170 -> `18.170`; unknown -> `onbekend`.
pub fn fmt_int(f: &Figure) -> String {
    fmt_dec(f, 0)
}

/// Number with `decimals` decimals in Dutch notation: 12.5 -> `12,5`,
/// 1234.5 -> `1.234,5`; unknown -> `onbekend`.
pub fn fmt_dec(f: &Figure, decimals: usize) -> String {
    let Figure::Known(x) = *f else {
        return "onbekend".to_string();
    };
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    let zero = text.bytes().all(|b| b == b'0' || b == b'.');
    if x < 0.0 && !zero {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Percentage in Dutch notation: 12.5 with 1 decimal -> `12,5%`; unknown -> `onbekend`.
pub fn fmt_pct(f: &Figure, decimals: usize) -> String {
    match f {
        Figure::Known(_) => format!("{}%", fmt_dec(f, decimals)),
        Figure::Unknown => fmt_dec(f, decimals),
    }
}

/// Parses a WKT `POLYGON` or `MULTIPOLYGON` (optionally with `SRID=...;`
/// prefix, `Z`/`M` marker or `EMPTY`). Only x and y are kept.
pub fn parse_wkt(text: &str) -> Result<Polygons, String> {
    let mut t = text.trim();
    if t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("SRID=")) {
        t = t.split_once(';').map_or("", |(_, r)| r).trim_start();
    }
    let (kind, mut rest) = split_word(t);
    let kind = kind.to_ascii_uppercase();
    if kind != "POLYGON" && kind != "MULTIPOLYGON" {
        let shown: String = t.chars().take(20).collect();
        return Err(format!(
            "onbekend geometrietype '{shown}'; verwacht POLYGON of MULTIPOLYGON"
        ));
    }
    let (word, after) = split_word(rest);
    match word.to_ascii_uppercase().as_str() {
        "" => {}
        "EMPTY" => return Ok(Vec::new()),
        "Z" | "M" | "ZM" => {
            rest = after;
            if split_word(rest).0.eq_ignore_ascii_case("EMPTY") {
                return Ok(Vec::new());
            }
        }
        other => return Err(format!("onverwacht '{other}' na {kind}")),
    }
    let mut p = WktParser {
        s: rest.as_bytes(),
        i: 0,
    };
    let node = p.list()?;
    p.skip_ws();
    if p.i < p.s.len() {
        return Err(format!(
            "onverwachte tekst na de geometrie (positie {})",
            p.i
        ));
    }
    if kind == "POLYGON" {
        Ok(vec![wkt_polygon(node)?])
    } else {
        match node {
            Node::List(items) => items.into_iter().map(wkt_polygon).collect(),
            Node::Point(..) => Err("verwacht een lijst van polygonen".to_string()),
        }
    }
}

/// Projects areas into a map with the larger side 1.0 (see [`Map`]), flags the
/// area whose code equals `chosen` (trimmed, ignoring case), places labels and
/// simplifies outlines to at most 350 points per area. `None` when the areas
/// have no extent.
pub fn project(areas: &[Area], chosen: &str) -> Option<Map> {
    let chosen = chosen.trim();
    let mut bb = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in areas
        .iter()
        .flat_map(|a| a.polygons.iter().flatten().flatten())
    {
        bb = (bb.0.min(x), bb.1.min(y), bb.2.max(x), bb.3.max(y));
    }
    let (minx, miny, maxx, maxy) = bb;
    if minx > maxx {
        return None;
    }
    let geographic = minx >= -180.0 && maxx <= 180.0 && miny >= -90.0 && maxy <= 90.0;
    let (kx, km_per_raw) = if geographic {
        (((miny + maxy) / 2.0).to_radians().cos(), KM_PER_DEGREE)
    } else {
        (1.0, 0.001)
    };
    let w = (maxx - minx) * kx;
    let h = maxy - miny;
    let extent = w.max(h);
    if extent <= 0.0 || !extent.is_finite() {
        return None;
    }
    let s = 1.0 / extent;
    let proj = |(x, y): (f64, f64)| ((x - minx) * kx * s, (maxy - y) * s);

    let out = areas
        .iter()
        .map(|a| {
            let polys: Polygons = a
                .polygons
                .iter()
                .map(|p| {
                    p.iter()
                        .map(|r| r.iter().copied().map(proj).collect())
                        .collect()
                })
                .collect();
            let (label_x, label_y) = polys
                .iter()
                .filter_map(|p| p.first())
                .max_by(|a, b| ring_area(a).abs().total_cmp(&ring_area(b).abs()))
                .map_or((0.0, 0.0), |r| label_point(r));
            let rings: Vec<Vec<(f64, f64)>> = polys.into_iter().flatten().collect();
            MapArea {
                code: a.code.clone(),
                naam: a.naam.clone(),
                chosen: a.code.trim().eq_ignore_ascii_case(chosen),
                label_x: round5(label_x),
                label_y: round5(label_y),
                paths: simplify_area(&rings, MAX_POINTS_PER_AREA),
            }
        })
        .collect();
    Some(Map {
        width: round5(w * s),
        height: round5(h * s),
        km_per_unit: extent * km_per_raw,
        areas: out,
    })
}

// ---------------------------------------------------------------------------
// Fields and columns
// ---------------------------------------------------------------------------

/// Kilometres per degree of latitude (mean earth radius 6371 km).
const KM_PER_DEGREE: f64 = 111.195;
/// Upper bound for the points of one simplified map area.
const MAX_POINTS_PER_AREA: usize = 350;
/// Codes and names listed at most in an unknown-code error.
const MAX_LISTED: usize = 40;

/// The fields of [`KeyFigures`], in declaration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Inwoners,
    Mannen,
    Vrouwen,
    L0014,
    L1524,
    L2544,
    L4564,
    L65,
    Huishoudens,
    Eenpersoons,
    ZonderKinderen,
    MetKinderen,
    GemHh,
    Dichtheid,
    Westers,
    NietWesters,
    Oppervlakte,
}

const FIELDS: [Field; 17] = [
    Field::Inwoners,
    Field::Mannen,
    Field::Vrouwen,
    Field::L0014,
    Field::L1524,
    Field::L2544,
    Field::L4564,
    Field::L65,
    Field::Huishoudens,
    Field::Eenpersoons,
    Field::ZonderKinderen,
    Field::MetKinderen,
    Field::GemHh,
    Field::Dichtheid,
    Field::Westers,
    Field::NietWesters,
    Field::Oppervlakte,
];

/// What a group total is: inhabitants or households.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Inwoners = 0,
    Huishoudens = 1,
}

/// How a column's value becomes a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Taken as is (counts, percentages of map files, averages).
    Plain,
    /// A part of a group: counts or percentages depending on the file, decided
    /// by whether the parts sum to the group total or to 100.
    Part(Group),
    /// A count, turned into a percentage of the group total.
    CountOf(Group),
}

/// How gemeente figures are combined from areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    Sum,
    Weighted(Group),
    Density,
}

impl Field {
    fn index(self) -> usize {
        self as usize
    }

    fn label(self) -> &'static str {
        match self {
            Field::Inwoners => "inwoners",
            Field::Mannen => "mannen",
            Field::Vrouwen => "vrouwen",
            Field::L0014 => "0-14 jaar",
            Field::L1524 => "15-24 jaar",
            Field::L2544 => "25-44 jaar",
            Field::L4564 => "45-64 jaar",
            Field::L65 => "65 jaar en ouder",
            Field::Huishoudens => "huishoudens",
            Field::Eenpersoons => "eenpersoonshuishoudens",
            Field::ZonderKinderen => "huishoudens zonder kinderen",
            Field::MetKinderen => "huishoudens met kinderen",
            Field::GemHh => "gemiddelde huishoudensgrootte",
            Field::Dichtheid => "bevolkingsdichtheid",
            Field::Westers => "westerse migratieachtergrond",
            Field::NietWesters => "niet-westerse migratieachtergrond",
            Field::Oppervlakte => "oppervlakte",
        }
    }

    /// Label for notes, with related fields grouped.
    fn group_label(self) -> &'static str {
        use Field::*;
        match self {
            L0014 | L1524 | L2544 | L4564 | L65 => "leeftijdsgroepen",
            Eenpersoons | ZonderKinderen | MetKinderen => "soorten huishoudens",
            Westers | NietWesters => "migratieachtergrond",
            other => other.label(),
        }
    }

    fn rule(self) -> Rule {
        use Field::*;
        match self {
            Inwoners | Mannen | Vrouwen | Huishoudens | Oppervlakte => Rule::Sum,
            L0014 | L1524 | L2544 | L4564 | L65 | Westers | NietWesters => {
                Rule::Weighted(Group::Inwoners)
            }
            Eenpersoons | ZonderKinderen | MetKinderen | GemHh => {
                Rule::Weighted(Group::Huishoudens)
            }
            Dichtheid => Rule::Density,
        }
    }

    /// Accepted columns (normalized, see [`norm`]): map-file name first, then
    /// the StatLine name without its numeric suffix.
    fn sources(self) -> &'static [(&'static str, Kind)] {
        use Group::*;
        use Kind::*;
        match self {
            Field::Inwoners => &[("aantinw", Plain), ("aantalinwoners", Plain)],
            Field::Mannen => &[("aantman", Plain), ("mannen", Plain)],
            Field::Vrouwen => &[("aantvrouw", Plain), ("vrouwen", Plain)],
            Field::L0014 => &[("p0014jr", Plain), ("k0tot15jaar", Part(Inwoners))],
            Field::L1524 => &[("p1524jr", Plain), ("k15tot25jaar", Part(Inwoners))],
            Field::L2544 => &[("p2544jr", Plain), ("k25tot45jaar", Part(Inwoners))],
            Field::L4564 => &[("p4564jr", Plain), ("k45tot65jaar", Part(Inwoners))],
            Field::L65 => &[("p65eojr", Plain), ("k65jaarofouder", Part(Inwoners))],
            Field::Huishoudens => &[("aantalhh", Plain), ("huishoudenstotaal", Plain)],
            Field::Eenpersoons => &[
                ("peenphh", Plain),
                ("eenpersoonshuishoudens", Part(Huishoudens)),
            ],
            Field::ZonderKinderen => &[
                ("phhzk", Plain),
                ("huishoudenszonderkinderen", Part(Huishoudens)),
            ],
            Field::MetKinderen => &[
                ("phhmk", Plain),
                ("huishoudensmetkinderen", Part(Huishoudens)),
            ],
            Field::GemHh => &[("gemhhgr", Plain), ("gemiddeldehuishoudensgrootte", Plain)],
            Field::Dichtheid => &[("bevdichth", Plain), ("bevolkingsdichtheid", Plain)],
            Field::Westers => &[("pwestal", Plain), ("westerstotaal", CountOf(Inwoners))],
            Field::NietWesters => &[("pnwal", Plain), ("nietwesterstotaal", CountOf(Inwoners))],
            Field::Oppervlakte => &[("opptot", Plain), ("oppervlaktetotaal", Plain)],
        }
    }
}

/// Generates `KeyFigures::get` and `KeyFigures::slot` from one list.
macro_rules! field_access {
    ($($variant:ident => $field:ident),* $(,)?) => {
        impl KeyFigures {
            fn get(&self, f: Field) -> Figure {
                match f {
                    $(Field::$variant => self.$field,)*
                }
            }

            fn slot(&mut self, f: Field) -> &mut Figure {
                match f {
                    $(Field::$variant => &mut self.$field,)*
                }
            }
        }
    };
}

field_access! {
    Inwoners => inwoners,
    Mannen => mannen,
    Vrouwen => vrouwen,
    L0014 => leeftijd_0_14,
    L1524 => leeftijd_15_24,
    L2544 => leeftijd_25_44,
    L4564 => leeftijd_45_64,
    L65 => leeftijd_65_plus,
    Huishoudens => huishoudens,
    Eenpersoons => eenpersoons_pct,
    ZonderKinderen => zonder_kinderen_pct,
    MetKinderen => met_kinderen_pct,
    GemHh => gem_huishoudgrootte,
    Dichtheid => dichtheid,
    Westers => westers_pct,
    NietWesters => niet_westers_pct,
    Oppervlakte => oppervlakte_ha,
}

/// Normalizes a column name for matching: lower case, a final `_<digits>`
/// (StatLine's per-year suffix) removed, then spaces, underscores, dashes and
/// dots removed. `P_00_14_JR` -> `p0014jr`, `k_0Tot15Jaar_8` -> `k0tot15jaar`,
/// `Wijken en buurten` -> `wijkenenbuurten`.
fn norm(name: &str) -> String {
    let mut s = name.trim().trim_start_matches('\u{feff}').to_lowercase();
    if let Some(p) = s.rfind('_')
        && p + 1 < s.len()
        && s[p + 1..].bytes().all(|b| b.is_ascii_digit())
    {
        s.truncate(p);
    }
    s.retain(|c| !matches!(c, '_' | ' ' | '-' | '.'));
    s
}

/// Normalized names that identify the header line.
const CODE_COLUMNS: [&str; 5] = ["bucode", "wkcode", "gmcode", "codering", "wijkenenbuurten"];

/// `WK001410`, `BU00140400`, `GM0014`, `NL00`: two letters, then digits.
fn looks_like_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// The resolved columns of a file.
struct Columns {
    /// Original header, for messages.
    header: Vec<String>,
    /// Columns that may hold the area code, in order of preference.
    code: Vec<usize>,
    /// Columns that may hold the area name, in order of preference; a value
    /// that looks like a code is skipped.
    naam: Vec<usize>,
    /// Gemeente name column.
    gemeente: Option<usize>,
    /// Gemeente code column.
    gm_code: Option<usize>,
    /// Parent wijk code column (buurt map files).
    wk_code: Option<usize>,
    /// Per field of [`FIELDS`]: column and how to read it.
    fields: [Option<(usize, Kind)>; 17],
    /// Land area in hectares.
    opp_land: Option<usize>,
    /// WKT geometry.
    geometry: Option<usize>,
    /// The figures are in Dutch notation (`2,1`), so a dot groups
    /// thousands (`7.805`): a file saved from a Dutch spreadsheet.
    decimal_comma: bool,
}

/// One data row, identified.
struct Row<'a> {
    line: u64,
    rec: &'a csv::StringRecord,
    code: String,
    naam: String,
    niveau: Niveau,
    gemeente: String,
    /// Gemeente code, e.g. `GM0014`.
    gm: String,
    /// Parent wijk code for buurten.
    wijk: Option<String>,
}

impl Columns {
    fn resolve(header: &[String]) -> Result<Columns, CbsError> {
        let mut idx: HashMap<String, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            idx.entry(norm(h)).or_insert(i);
        }
        let get = |n: &str| idx.get(n).copied();
        let gevonden = || column_list(header);

        // Map files: the most detailed code column is the row's own code.
        let map_code = [
            ("bucode", "bunaam"),
            ("wkcode", "wknaam"),
            ("gmcode", "gmnaam"),
        ]
        .into_iter()
        .find_map(|(c, n)| get(c).map(|ci| (c, ci, get(n))));
        let (code, naam) = if let Some((_, ci, ni)) = map_code {
            (vec![ci], ni.into_iter().collect::<Vec<_>>())
        } else {
            let code: Vec<usize> = ["codering", "wijkenenbuurten"]
                .into_iter()
                .filter_map(get)
                .collect();
            if code.is_empty() {
                return Err(missing_code_column(header));
            }
            let naam = ["naam", "regionaam", "title", "wijkenenbuurten"]
                .into_iter()
                .filter_map(get)
                .collect();
            (code, naam)
        };

        let mut fields = [None; 17];
        for f in FIELDS {
            fields[f.index()] = f
                .sources()
                .iter()
                .find_map(|&(n, k)| get(n).map(|i| (i, k)));
        }
        if fields[Field::Inwoners.index()].is_none() {
            return Err(CbsError::KolomOntbreekt {
                kolom: "AANT_INW (of AantalInwoners)".to_string(),
                gevonden: gevonden(),
            });
        }
        let is_buurt_map = map_code.is_some_and(|(c, _, _)| c == "bucode");
        Ok(Columns {
            decimal_comma: false,
            header: header.to_vec(),
            code,
            naam,
            gemeente: get("gmnaam").or_else(|| get("gemeentenaam")),
            gm_code: if map_code.is_some() {
                get("gmcode")
            } else {
                None
            },
            wk_code: if is_buurt_map { get("wkcode") } else { None },
            fields,
            opp_land: get("oppland").or_else(|| get("oppervlakteland")),
            geometry: ["geometry", "geometrie", "geom", "thegeom", "wkt"]
                .into_iter()
                .find_map(get),
        })
    }

    /// Identifies a data row; `None` for rows without an area code (blank
    /// lines, footnotes, totals).
    fn row<'a>(&self, line: u64, rec: &'a csv::StringRecord) -> Result<Option<Row<'a>>, CbsError> {
        let cell = |i: usize| rec.get(i).map(str::trim).unwrap_or("");
        let Some(code) = self
            .code
            .iter()
            .map(|&i| cell(i))
            .find(|v| looks_like_code(v))
        else {
            return Ok(None);
        };
        if rec.len() < self.header.len() {
            return Err(CbsError::Regel {
                regel: line,
                oorzaak: format!(
                    "{} velden, maar de kopregel heeft er {}",
                    rec.len(),
                    self.header.len()
                ),
            });
        }
        let code = code.to_ascii_uppercase();
        let niveau = Niveau::from_code(&code);
        let naam = self
            .naam
            .iter()
            .map(|&i| cell(i))
            .find(|v| !v.is_empty() && !looks_like_code(v))
            .unwrap_or(&code)
            .to_string();
        let digits = &code[2..];
        let gm = self
            .gm_code
            .map(|i| cell(i).to_ascii_uppercase())
            .filter(|v| looks_like_code(v))
            .unwrap_or_else(|| match niveau {
                Niveau::Gemeente => code.clone(),
                Niveau::Wijk | Niveau::Buurt if digits.len() >= 4 => {
                    format!("GM{}", &digits[..4])
                }
                _ => String::new(),
            });
        let wijk = match niveau {
            Niveau::Buurt => self
                .wk_code
                .map(|i| cell(i).to_ascii_uppercase())
                .filter(|v| looks_like_code(v))
                .or_else(|| (digits.len() >= 6).then(|| format!("WK{}", &digits[..6]))),
            _ => None,
        };
        Ok(Some(Row {
            line,
            rec,
            naam,
            niveau,
            gemeente: self
                .gemeente
                .map(|i| cell(i).to_string())
                .unwrap_or_default(),
            gm,
            wijk,
            code,
        }))
    }

    /// Whether any figure is written with a decimal comma and no dot
    /// (`2,1`). Only the figure columns count: the geometry's commas
    /// separate coordinates.
    fn writes_decimal_comma(&self, records: &[(u64, csv::StringRecord)]) -> bool {
        let decimal_comma = |t: &str| {
            let t = t.trim().trim_start_matches('-');
            t.split_once(',').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().all(|c| c.is_ascii_digit())
                    && b.bytes().all(|c| c.is_ascii_digit())
            })
        };
        records.iter().any(|(_, rec)| {
            self.fields
                .iter()
                .flatten()
                .any(|(col, _)| rec.get(*col).is_some_and(decimal_comma))
        })
    }

    /// A raw value from the file.
    fn raw(&self, row: &Row, col: usize) -> Result<Figure, CbsError> {
        let text = row.rec.get(col).unwrap_or("");
        let figure = if self.decimal_comma {
            parse_figure(&text.replace('.', ""))
        } else {
            parse_figure(text)
        };
        figure.map_err(|()| CbsError::Regel {
            regel: row.line,
            oorzaak: format!(
                "kolom {}: '{}' is geen getal",
                self.header[col].trim(),
                text.trim()
            ),
        })
    }

    /// Whether `Part` columns hold counts (true) or percentages (false), per
    /// group, decided by a vote over the rows in use. A row votes for counts
    /// when a part exceeds 100; with all parts of the group present, it votes
    /// for whichever the parts sum closer to: the group total (counts) or 100
    /// (percentages). Without votes: counts.
    fn part_styles(&self, rows: &[Row], used: &[usize]) -> Result<[bool; 2], CbsError> {
        let mut result = [false; 2];
        for (g, total_field) in [
            (Group::Inwoners, Field::Inwoners),
            (Group::Huishoudens, Field::Huishoudens),
        ] {
            let parts: Vec<usize> = self
                .fields
                .iter()
                .flatten()
                .filter(|(_, k)| *k == Kind::Part(g))
                .map(|(i, _)| *i)
                .collect();
            let Some((total_col, _)) = self.fields[total_field.index()] else {
                continue;
            };
            if parts.is_empty() {
                continue;
            }
            let complete = parts.len()
                == FIELDS
                    .iter()
                    .filter(|f| f.sources().iter().any(|s| s.1 == Kind::Part(g)))
                    .count();
            let mut votes = 0i64;
            for &r in used {
                let mut values = Vec::with_capacity(parts.len());
                for &p in &parts {
                    values.extend(self.raw(&rows[r], p)?.value());
                }
                if values.iter().any(|&v| v > 100.5) {
                    votes += 1;
                    continue;
                }
                let total = self.raw(&rows[r], total_col)?.value();
                let Some(total) = total.filter(|_| complete && values.len() == parts.len()) else {
                    continue;
                };
                let sum: f64 = values.iter().sum();
                let (dc, dp) = ((sum - total).abs(), (sum - 100.0).abs());
                if dc < dp {
                    votes += 1;
                } else if dp < dc {
                    votes -= 1;
                }
            }
            result[g as usize] = votes >= 0;
        }
        Ok(result)
    }

    /// Key figures of one row, plus its land area in km² (for density).
    fn figures(&self, row: &Row, counts: [bool; 2]) -> Result<(KeyFigures, Figure), CbsError> {
        let mut raw = [Figure::Unknown; 17];
        for f in FIELDS {
            if let Some((col, _)) = self.fields[f.index()] {
                raw[f.index()] = self.raw(row, col)?;
            }
        }
        let totals = [
            raw[Field::Inwoners.index()],
            raw[Field::Huishoudens.index()],
        ];
        let share = |v: Figure, g: Group| match (v, totals[g as usize]) {
            (Figure::Known(v), Figure::Known(t)) if t > 0.0 => Figure::Known(v / t * 100.0),
            _ => Figure::Unknown,
        };
        let mut kf = KeyFigures::default();
        for f in FIELDS {
            let v = raw[f.index()];
            *kf.slot(f) = match self.fields[f.index()] {
                None => Figure::Unknown,
                Some((_, Kind::Plain)) => v,
                Some((_, Kind::CountOf(g))) => share(v, g),
                Some((_, Kind::Part(g))) if counts[g as usize] => share(v, g),
                Some((_, Kind::Part(_))) => v,
            };
        }
        let land = match self.opp_land.map(|c| self.raw(row, c)).transpose()? {
            Some(Figure::Known(ha)) => Figure::Known(ha / 100.0),
            _ => match (kf.inwoners, kf.dichtheid) {
                (Figure::Known(i), Figure::Known(d)) if d > 0.0 => Figure::Known(i / d),
                _ => Figure::Unknown,
            },
        };
        Ok((kf, land))
    }
}

/// Parses one CBS value: `.`, `x`, `-`, `?`, empty and negative numbers are
/// unknown; a decimal comma is accepted; `Err` for text that is no number.
fn parse_figure(text: &str) -> Result<Figure, ()> {
    let mut t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty()
        || matches!(t.as_str(), "." | "x" | "X" | "-" | "?" | "..")
        || ["nan", "na", "null", "none"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w))
    {
        return Ok(Figure::Unknown);
    }
    match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) if c > d => t = t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t = t.replace(',', ""),
        (Some(_), None) => t = t.replace(',', "."),
        _ => {}
    }
    let x: f64 = t.parse().map_err(|_| ())?;
    Ok(if x.is_finite() && x >= 0.0 {
        Figure::Known(x)
    } else {
        Figure::Unknown
    })
}

// ---------------------------------------------------------------------------
// Reading the CSV
// ---------------------------------------------------------------------------

/// What a file that is not text is, by its first bytes: StatLine offers
/// Excel next to CSV, and a downloaded table is easily saved as the wrong one.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("een Excel-bestand (.xlsx) of een ander zip-bestand")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("een oud Excel-bestand (.xls)")
    } else if bytes.starts_with(b"%PDF") {
        Some("een PDF")
    } else if !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && bytes.iter().take(4096).any(|&b| b == 0)
    {
        // UTF-16 text (Excel's "Unicode-tekst") has zero bytes too.
        Some("binaire gegevens")
    } else {
        None
    }
}

/// UTF-8 without byte order mark; bytes that are not UTF-8 are read as Latin-1.
fn decode(bytes: &[u8]) -> String {
    // Excel's "Unicode-tekst" is UTF-16 with a byte-order mark.
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => b.iter().map(|&c| char::from(c)).collect(),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The header line and the data records with their line numbers.
struct Table {
    header: Vec<String>,
    records: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn parse(text: &str) -> Result<Table, CbsError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(sniff_delimiter(text))
            .from_reader(text.as_bytes());
        let mut header: Option<Vec<String>> = None;
        let mut first: Option<Vec<String>> = None;
        let mut records = Vec::new();
        for (n, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| CbsError::Regel {
                regel: e.position().map_or(0, |p| p.line()),
                oorzaak: format!("het bestand is geen leesbare CSV ({e})"),
            })?;
            let line = rec.position().map_or(n as u64 + 1, |p| p.line());
            if header.is_some() {
                if rec.iter().any(|f| !f.is_empty()) {
                    records.push((line, rec));
                }
                continue;
            }
            let cells: Vec<String> = rec.iter().map(str::to_string).collect();
            if cells
                .iter()
                .any(|c| CODE_COLUMNS.contains(&norm(c).as_str()))
            {
                header = Some(cells);
            } else if n >= 30 {
                break;
            } else if first.is_none() {
                first = Some(cells);
            }
        }
        let Some(header) = header else {
            return Err(match first {
                Some(first) => missing_code_column(&first),
                None => CbsError::Leeg,
            });
        };
        Ok(Table { header, records })
    }
}

/// The error for a file without a code column.
fn missing_code_column(header: &[String]) -> CbsError {
    CbsError::KolomOntbreekt {
        kolom: "met de gebiedscode (WK_CODE, BU_CODE, WijkenEnBuurten of Codering)".to_string(),
        gevonden: column_list(header),
    }
}

/// The non-empty column names of a header, for messages (at most 30).
fn column_list(header: &[String]) -> String {
    let names: Vec<&str> = header
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let mut s = names[..names.len().min(30)].join(", ");
    if names.len() > 30 {
        s.push_str(&format!(" (en {} meer)", names.len() - 30));
    }
    if s.is_empty() {
        s.push_str("geen");
    }
    s
}

/// Picks `;`, `,` or tab, whichever occurs most (outside quotes) in the
/// header line (the first line naming a code column, else the first line).
fn sniff_delimiter(text: &str) -> u8 {
    let hints = [
        "wk_code",
        "bu_code",
        "gm_code",
        "wijkenenbuurten",
        "wijken en buurten",
        "codering",
    ];
    let line = text
        .lines()
        .take(30)
        .find(|l| {
            let low = l.to_lowercase();
            hints.iter().any(|h| low.contains(h))
        })
        .or_else(|| text.lines().next())
        .unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delimiters[best]
}

/// `WK001400 Centrum, WK001401 Oud-Zuid, ...`: rows of the same level as the
/// requested code (and, when that is too many, of the same parent), capped.
fn list_codes(rows: &[Row], wanted: &str) -> String {
    let level = Niveau::from_code(wanted);
    let mut pick: Vec<&Row> = rows.iter().filter(|r| r.niveau == level).collect();
    if pick.is_empty() {
        pick = rows.iter().collect();
    }
    if pick.len() > MAX_LISTED && wanted.len() > 4 {
        let prefix = &wanted[..wanted.len() - 2];
        let narrow: Vec<&Row> = pick
            .iter()
            .copied()
            .filter(|r| r.code.starts_with(prefix))
            .collect();
        if !narrow.is_empty() {
            pick = narrow;
        }
    }
    let mut s = pick
        .iter()
        .take(MAX_LISTED)
        .map(|r| {
            if r.naam == r.code {
                r.code.clone()
            } else {
                format!("{} {}", r.code, r.naam)
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    if pick.len() > MAX_LISTED {
        s.push_str(&format!(" (en {} meer)", pick.len() - MAX_LISTED));
    }
    s
}

// ---------------------------------------------------------------------------
// Gemeente figures
// ---------------------------------------------------------------------------

/// Combines area figures into gemeente figures: counts summed, percentages
/// weighted by inhabitants (household figures by households), density as
/// total inhabitants over total land area. An area with an unknown input drops
/// out of that one figure only; returns the dropped areas with the (grouped)
/// labels of the figures they miss. A count is a sum: one area without it
/// makes the gemeente's count unknown (a sum without it would look complete
/// and be too low); those are returned as (label, areas).
/// Fields whose column the file lacks (`present` false) stay unknown silently.
fn aggregate(
    entries: &[(String, KeyFigures, Figure)],
    present: [bool; 17],
) -> (KeyFigures, Dropped, Vec<(&'static str, Vec<String>)>) {
    let mut unsummed: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut out = KeyFigures::default();
    let mut dropped: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut drop = |naam: &str, f: Field| {
        let label = f.group_label();
        match dropped.iter_mut().find(|(n, _)| n == naam) {
            Some((_, labels)) if labels.contains(&label) => {}
            Some((_, labels)) => labels.push(label),
            None => dropped.push((naam.to_string(), vec![label])),
        }
    };
    let weight_field = |g: Group| match g {
        Group::Inwoners => Field::Inwoners,
        Group::Huishoudens => Field::Huishoudens,
    };
    for f in FIELDS.into_iter().filter(|f| present[f.index()]) {
        let mut num = 0.0;
        let mut den = 0.0;
        let mut any = false;
        let mut missing: Vec<String> = Vec::new();
        for (naam, kf, land) in entries {
            let v = kf.get(f);
            let (value, weight) = match f.rule() {
                Rule::Sum => (v, Figure::Known(1.0)),
                Rule::Weighted(g) => (v, kf.get(weight_field(g))),
                Rule::Density => (kf.inwoners, *land),
            };
            match (value, weight) {
                (Figure::Known(x), Figure::Known(w)) => {
                    any = true;
                    match f.rule() {
                        Rule::Sum => num += x,
                        Rule::Weighted(_) => {
                            num += x * w;
                            den += w;
                        }
                        Rule::Density => {
                            num += x;
                            den += w;
                        }
                    }
                }
                // An area without weight (no inhabitants) changes nothing.
                (_, Figure::Known(0.0)) => {}
                _ if f.rule() == Rule::Sum => missing.push(naam.clone()),
                _ => drop(naam, f),
            }
        }
        if !missing.is_empty() {
            unsummed.push((f.label(), missing));
        }
        *out.slot(f) = match f.rule() {
            Rule::Sum if any && !unsummed.iter().any(|(l, _)| *l == f.label()) => {
                Figure::Known(num)
            }
            Rule::Weighted(_) | Rule::Density if any && den > 0.0 => Figure::Known(num / den),
            _ => Figure::Unknown,
        };
    }
    (out, dropped, unsummed)
}

/// Areas left out of gemeente figures, with the (grouped) labels they miss.
type Dropped = Vec<(String, Vec<&'static str>)>;

/// Dutch note naming the counts the gemeente lacks because an area lacks them.
fn unsummed_note(unsummed: &[(&'static str, Vec<String>)]) -> String {
    let parts: Vec<String> = unsummed
        .iter()
        .map(|(label, names)| format!("{label} (ontbreekt bij {})", names.join(", ")))
        .collect();
    format!("Onbekend voor de gemeente: {}.", parts.join("; "))
}

/// Dutch note listing the areas that dropped out of gemeente figures.
fn dropped_note(dropped: &[(String, Vec<&'static str>)]) -> String {
    const SHOWN: usize = 10;
    let mut parts: Vec<String> = dropped
        .iter()
        .take(SHOWN)
        .map(|(naam, labels)| format!("{naam} ({})", labels.join(", ")))
        .collect();
    if dropped.len() > SHOWN {
        parts.push(format!("en {} andere", dropped.len() - SHOWN));
    }
    format!(
        "Niet meegeteld in het gemeentecijfer omdat de waarde onbekend is: {}.",
        parts.join("; ")
    )
}

// ---------------------------------------------------------------------------
// Map
// ---------------------------------------------------------------------------

/// The map around the chosen row: wijken of the same gemeente, or buurten of
/// the same wijk. Unreadable geometry leaves that area out, with a note
/// for the group.
fn build_map(
    rows: &[Row],
    chosen: usize,
    gcol: usize,
    notes: &mut Vec<(String, &'static str)>,
) -> Option<Map> {
    let c = &rows[chosen];
    let mut areas = Vec::new();
    for r in rows.iter().filter(|r| {
        r.niveau == c.niveau && r.gm == c.gm && (c.niveau != Niveau::Buurt || r.wijk == c.wijk)
    }) {
        let text = r.rec.get(gcol).unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        match parse_wkt(text) {
            Ok(polygons) if !polygons.is_empty() => areas.push(Area {
                code: r.code.clone(),
                naam: r.naam.clone(),
                polygons,
            }),
            Ok(_) => {}
            Err(e) => notes.push((
                format!(
                    "de grens van {} (regel {}) is onleesbaar en ontbreekt op de kaart: {e}",
                    r.naam, r.line
                ),
                "download het bestand opnieuw; is het in een spreadsheet geopend en bewaard, neem dan het bestand zoals het van het CBS kwam",
            )),
        }
    }
    if !areas.iter().any(|a| a.code == c.code) {
        if c.rec.get(gcol).unwrap_or("").trim().is_empty() {
            notes.push((
                format!(
                    "het CBS-bestand heeft geen grens voor {}; er komt geen kaart in het verslag",
                    c.naam
                ),
                "een kaart vraagt het bestand met grenzen (de Wijk- en buurtkaart van het CBS); zonder kaart is het verslag ook compleet",
            ));
        }
        return None;
    }
    project(&areas, &c.code)
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    (&s[..end], s[end..].trim_start())
}

enum Node {
    List(Vec<Node>),
    Point(f64, f64),
}

struct WktParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl WktParser<'_> {
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn list(&mut self) -> Result<Node, String> {
        self.skip_ws();
        if self.s.get(self.i) != Some(&b'(') {
            return Err(format!("'(' verwacht op positie {}", self.i));
        }
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.s.get(self.i) == Some(&b'(') {
                items.push(self.list()?);
            } else {
                items.push(self.point()?);
            }
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b')') => {
                    self.i += 1;
                    return Ok(Node::List(items));
                }
                _ => return Err(format!("',' of ')' verwacht op positie {}", self.i)),
            }
        }
    }

    fn point(&mut self) -> Result<Node, String> {
        let start = self.i;
        while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b')' | b'(') {
            self.i += 1;
        }
        let text = String::from_utf8_lossy(&self.s[start..self.i]);
        let nums: Vec<&str> = text.split_whitespace().collect();
        if nums.len() < 2 {
            return Err(format!("punt '{}' heeft geen x en y", text.trim()));
        }
        let num = |t: &str| {
            t.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("ongeldig getal '{t}'"))
        };
        Ok(Node::Point(num(nums[0])?, num(nums[1])?))
    }
}

fn wkt_polygon(node: Node) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let Node::List(rings) = node else {
        return Err("verwacht een lijst van ringen".to_string());
    };
    rings
        .into_iter()
        .map(|ring| match ring {
            Node::List(points) => points
                .into_iter()
                .map(|p| match p {
                    Node::Point(x, y) => Ok((x, y)),
                    Node::List(_) => Err("te veel haakjes in een ring".to_string()),
                })
                .collect(),
            Node::Point(..) => Err("verwacht een ring tussen haakjes".to_string()),
        })
        .collect()
}

/// Signed area (shoelace).
fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        / 2.0
}

fn inside(ring: &[(f64, f64)], (px, py): (f64, f64)) -> bool {
    let n = ring.len();
    let mut result = false;
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
            result = !result;
        }
        j = i;
    }
    result
}

/// Centroid of the ring; when that falls outside (a concave shape), the middle
/// of the widest horizontal stretch of the ring through the centroid's height.
fn label_point(ring: &[(f64, f64)]) -> (f64, f64) {
    let n = ring.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let a = ring_area(ring);
    let c = if a.abs() > 1e-15 {
        let (mut cx, mut cy) = (0.0, 0.0);
        for i in 0..n {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            let cross = p.0 * q.1 - q.0 * p.1;
            cx += (p.0 + q.0) * cross;
            cy += (p.1 + q.1) * cross;
        }
        (cx / (6.0 * a), cy / (6.0 * a))
    } else {
        let k = n as f64;
        (
            ring.iter().map(|p| p.0).sum::<f64>() / k,
            ring.iter().map(|p| p.1).sum::<f64>() / k,
        )
    };
    if inside(ring, c) {
        return c;
    }
    let y = c.1;
    let mut xs: Vec<f64> = (0..n)
        .filter_map(|i| {
            let (p, q) = (ring[i], ring[(i + 1) % n]);
            ((p.1 > y) != (q.1 > y)).then(|| p.0 + (y - p.1) * (q.0 - p.0) / (q.1 - p.1))
        })
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map_or(c, |w| ((w[0] + w[1]) / 2.0, y))
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// Simplifies all rings of an area with Douglas-Peucker, doubling the
/// tolerance until the area has at most `max` points; coordinates rounded.
fn simplify_area(rings: &[Vec<(f64, f64)>], max: usize) -> Vec<Vec<(f64, f64)>> {
    let mut eps = 0.0005;
    loop {
        let out: Vec<Vec<(f64, f64)>> = rings.iter().map(|r| simplify_ring(r, eps)).collect();
        let total: usize = out.iter().map(Vec::len).sum();
        if total <= max || eps > 1.0 {
            return out
                .into_iter()
                .map(|r| r.into_iter().map(|(x, y)| (round5(x), round5(y))).collect())
                .collect();
        }
        eps *= 2.0;
    }
}

/// Douglas-Peucker on a closed ring, split at the point farthest from the
/// start so the result keeps at least a triangle.
fn simplify_ring(ring: &[(f64, f64)], eps: f64) -> Vec<(f64, f64)> {
    if ring.len() <= 5 {
        return ring.to_vec();
    }
    let p0 = ring[0];
    let far = (1..ring.len())
        .max_by(|&a, &b| dist2(ring[a], p0).total_cmp(&dist2(ring[b], p0)))
        .unwrap_or(ring.len() - 1);
    let mut out = douglas_peucker(&ring[..=far], eps);
    out.pop();
    out.extend(douglas_peucker(&ring[far..], eps));
    if out.len() < 4 {
        // Degenerate: keep a few evenly spaced points instead.
        let step = (ring.len() / 4).max(1);
        out = ring.iter().step_by(step).copied().collect();
        out.push(p0);
    }
    out
}

fn douglas_peucker(pts: &[(f64, f64)], eps: f64) -> Vec<(f64, f64)> {
    let n = pts.len();
    if n <= 2 {
        return pts.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut best = (0.0, 0);
        for i in a + 1..b {
            let d = seg_dist(pts[i], pts[a], pts[b]);
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > eps {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    pts.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

fn dist2(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
}

fn seg_dist(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let l2 = dist2(a, b);
    if l2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / l2).clamp(0.0, 1.0);
    dist2(p, (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cbs");

    fn file(name: &str) -> Vec<u8> {
        std::fs::read(format!("{DATA_DIR}/{name}")).expect("test data")
    }

    fn wijk(code: &str) -> CbsData {
        read(
            &file("wijk2017-groningen.csv"),
            code,
            "wijk2017-groningen.csv",
        )
        .unwrap()
    }

    fn known(f: Figure) -> f64 {
        f.value().expect("known figure")
    }

    #[test]
    fn noordwest_from_real_wijk_file() {
        let d = wijk("WK001410");
        assert_eq!(d.naam, "Noordwest");
        assert_eq!(d.niveau, Niveau::Wijk);
        assert_eq!(d.gemeente, "Groningen");
        assert_eq!(d.jaar, Some(2017));
        assert_eq!(d.gebied.inwoners, Figure::Known(18170.0));
        assert_eq!(d.gebied.huishoudens, Figure::Known(11000.0));
        assert_eq!(fmt_int(&d.gebied.inwoners), "18.170");
        assert_eq!(fmt_int(&d.gebied.huishoudens), "11.000");
        assert_eq!(d.gebied.leeftijd_0_14, Figure::Known(13.0));
        assert_eq!(d.gebied.leeftijd_65_plus, Figure::Known(18.0));
        assert_eq!(d.gebied.eenpersoons_pct, Figure::Known(63.0));
        assert_eq!(fmt_dec(&d.gebied.gem_huishoudgrootte, 1), "1,6");
        assert_eq!(fmt_pct(&d.gebied.niet_westers_pct, 0), "23%");
        assert_eq!(fmt_int(&d.gebied.dichtheid), "3.664");
        assert_eq!(d.gebied.oppervlakte_ha, Figure::Known(524.0));
    }

    #[test]
    fn code_is_trimmed_and_case_insensitive() {
        assert_eq!(wijk("  wk001410 ").code, "WK001410");
    }

    #[test]
    fn gemeente_aggregated_from_wijken() {
        let d = wijk("WK001410");
        let g = &d.gemeente_cijfers;
        assert_eq!(g.inwoners, Figure::Known(202620.0));
        assert_eq!(g.huishoudens, Figure::Known(122270.0));
        // Weighted age shares still add up to about 100.
        let ages = [
            g.leeftijd_0_14,
            g.leeftijd_15_24,
            g.leeftijd_25_44,
            g.leeftijd_45_64,
            g.leeftijd_65_plus,
        ];
        let sum: f64 = ages.iter().map(|f| known(*f)).sum();
        assert!((97.0..=103.0).contains(&sum), "{sum}");
        let hh =
            known(g.eenpersoons_pct) + known(g.zonder_kinderen_pct) + known(g.met_kinderen_pct);
        assert!((98.0..=102.0).contains(&hh), "{hh}");
        // Density over land area: 202620 inhabitants on 9535 ha of land.
        assert!((known(g.dichtheid) - 202620.0 / 95.35).abs() < 1.0);
        assert!((known(g.gem_huishoudgrootte) - 1.6).abs() < 0.2);
        assert!(
            d.opmerkingen.iter().any(|n| n.contains("15 wijken")),
            "{:?}",
            d.opmerkingen
        );
    }

    /// `d` carries the note `note` for the reader.
    fn assert_note(d: &CbsData, note: &str) {
        assert!(
            d.opmerkingen.iter().any(|n| n == note),
            "{:?}",
            d.opmerkingen
        );
    }

    /// A file saved by Excel as "Unicode-tekst" (UTF-16 with tabs) gives
    /// the same figures as the CSV.
    #[test]
    fn utf16_with_tabs_reads_as_the_csv() {
        let text = String::from_utf8(file("wijk2017-groningen.csv")).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let mut tabbed = rows
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join("\t");
        for r in rows.records() {
            tabbed.push_str("\r\n");
            tabbed.push_str(&r.unwrap().iter().collect::<Vec<_>>().join("\t"));
        }
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
        let d = read(&bytes, "WK001411", "wijk2017-groningen.txt").unwrap();
        let expected = wijk("WK001411");
        assert_eq!(d.naam, expected.naam);
        assert_eq!(d.gebied.inwoners, expected.gebied.inwoners);
        assert_eq!(d.gemeente_cijfers.mannen, expected.gemeente_cijfers.mannen);
    }

    /// A count one wijk lacks makes the gemeente's count unknown, with a
    /// note; a share is still weighted over the wijken that have it.
    #[test]
    fn a_count_missing_in_one_wijk_is_unknown_for_the_gemeente() {
        let text = String::from_utf8(file("wijk2017-groningen.csv")).unwrap();
        // Centrum's AANT_MAN (11980) and P_00_14_JR (3) made unknown.
        let text = text.replacen(",22635,11980,10655,3,", ",22635,,10655,,", 1);
        let d = read(text.as_bytes(), "WK001410", "wijk2017-groningen.csv").unwrap();
        let g = &d.gemeente_cijfers;
        assert_eq!(g.mannen, Figure::Unknown);
        assert_eq!(g.inwoners, Figure::Known(202620.0));
        assert!(matches!(g.leeftijd_0_14, Figure::Known(_)));
        assert_note(
            &d,
            "Onbekend voor de gemeente: mannen (ontbreekt bij Centrum).",
        );
        assert_note(
            &d,
            "Niet meegeteld in het gemeentecijfer omdat de waarde onbekend is: Centrum (leeftijdsgroepen).",
        );
    }

    const STATLINE: &str = "\u{feff}\"ID\";\"WijkenEnBuurten\";\"Gemeentenaam_1\";\"SoortRegio_2\";\"Codering_3\";\
\"IndelingswijzigingWijkenEnBuurten_4\";\"AantalInwoners_5\";\"Mannen_6\";\"Vrouwen_7\";\
\"k_0Tot15Jaar_8\";\"k_15Tot25Jaar_9\";\"k_25Tot45Jaar_10\";\"k_45Tot65Jaar_11\";\"k_65JaarOfOuder_12\";\
\"WestersTotaal_17\";\"NietWestersTotaal_18\";\"HuishoudensTotaal_28\";\"Eenpersoonshuishoudens_29\";\
\"HuishoudensZonderKinderen_30\";\"HuishoudensMetKinderen_31\";\"GemiddeldeHuishoudensgrootte_32\";\
\"Bevolkingsdichtheid_33\";\"OppervlakteTotaal_111\";\"OppervlakteLand_112\"
\"0\";\"NL00      \";\"Nederland                                \";\"Land      \";\"NL00      \";\".\";\"17081507\";\"8475102\";\"8606405\";\"2748265\";\"2078185\";\"4314065\";\"4939335\";\"3001657\";\"1703329\";\"2182922\";\"7740984\";\"2961429\";\"2235148\";\"2544407\";\"2,2\";\"507\";\"4154302\";\"3367009\"
\"1\";\"GM0014    \";\"Groningen                                \";\"Gemeente  \";\"GM0014    \";\".\";\"  202620\";\"100305\";\"102315\";\"25450\";\"53455\";\"62560\";\"40200\";\"20955\";\"24415\";\"23165\";\"122270\";\"74985\";\"24870\";\"22415\";\"1,6\";\"2168\";\"  9763\";\"  9344\"
\"2\";\"WK001400  \";\"Groningen                                \";\"Wijk      \";\"WK001400  \";\"1\";\"   22635\";\"11980\";\"10655\";\"680\";\"9960\";\"7470\";\"2940\";\"1585\";\"3850\";\"2490\";\"18055\";\"14805\";\"2530\";\"720\";\"1,2\";\"9906\";\"241\";\"228\"
\"3\";\"WK001410  \";\"Groningen                                \";\"Wijk      \";\"WK001410  \";\"1\";\"   18170\";\"8895\";\"9275\";\"2330\";\"4130\";\"5230\";\"3240\";\"3240\";\"2360\";\"4180\";\"11000\";\"6930\";\"2200\";\"1870\";\"1,6\";\"3664\";\"524\";\"496\"
\"Bron: CBS\"
";

    #[test]
    fn statline_style_gives_same_figures() {
        let d = read(STATLINE.as_bytes(), "WK001410", "kwb-2017.csv").unwrap();
        let map = wijk("WK001410");
        assert_eq!(d.code, "WK001410");
        assert_eq!(d.gemeente, "Groningen");
        assert_eq!(d.jaar, Some(2017));
        assert_eq!(d.gebied.inwoners, map.gebied.inwoners);
        assert_eq!(d.gebied.huishoudens, map.gebied.huishoudens);
        assert_eq!(fmt_int(&d.gebied.inwoners), "18.170");
        let pairs = [
            (d.gebied.leeftijd_0_14, map.gebied.leeftijd_0_14),
            (d.gebied.leeftijd_15_24, map.gebied.leeftijd_15_24),
            (d.gebied.leeftijd_25_44, map.gebied.leeftijd_25_44),
            (d.gebied.leeftijd_45_64, map.gebied.leeftijd_45_64),
            (d.gebied.leeftijd_65_plus, map.gebied.leeftijd_65_plus),
            (d.gebied.eenpersoons_pct, map.gebied.eenpersoons_pct),
            (d.gebied.zonder_kinderen_pct, map.gebied.zonder_kinderen_pct),
            (d.gebied.met_kinderen_pct, map.gebied.met_kinderen_pct),
            (d.gebied.westers_pct, map.gebied.westers_pct),
            (d.gebied.niet_westers_pct, map.gebied.niet_westers_pct),
        ];
        for (statline, mapfile) in pairs {
            assert_eq!(
                known(statline).round(),
                known(mapfile),
                "{statline:?} vs {mapfile:?}"
            );
        }
        assert_eq!(fmt_pct(&d.gebied.leeftijd_0_14, 1), "12,8%");
        assert_eq!(d.gebied.gem_huishoudgrootte, Figure::Known(1.6));
        assert_eq!(d.gebied.dichtheid, Figure::Known(3664.0));
        // The gemeente row is used as is, not summed from the two wijken.
        assert_eq!(d.gemeente_cijfers.inwoners, Figure::Known(202620.0));
        assert_eq!(d.gemeente_cijfers.huishoudens, Figure::Known(122270.0));
        assert!(d.kaart.is_none());
        assert!(d.opmerkingen.is_empty(), "{:?}", d.opmerkingen);
    }

    #[test]
    fn statline_name_column_and_household_percentages() {
        let csv = "Wijken en buurten,Gemeentenaam_1,SoortRegio_2,Codering_3,AantalInwoners_5,\
k_0Tot15Jaar_8,HuishoudensTotaal_28,Eenpersoonshuishoudens_29,HuishoudensZonderKinderen_30,\
HuishoudensMetKinderen_31
Noordwest,Groningen,Wijk,WK001410,18170,2330,11000,63,20,17
Centrum,Groningen,Wijk,WK001400,22635,680,18055,82,14,4
";
        let d = read(csv.as_bytes(), "wk001410", "kwb.csv").unwrap();
        assert_eq!(d.naam, "Noordwest");
        assert_eq!(d.jaar, None);
        assert_eq!(d.gebied.eenpersoons_pct, Figure::Known(63.0));
        assert_eq!(known(d.gebied.leeftijd_0_14).round(), 13.0);
        assert_eq!(d.gebied.mannen, Figure::Unknown);
        let expected = (63.0 * 11000.0 + 82.0 * 18055.0) / 29055.0;
        assert!((known(d.gemeente_cijfers.eenpersoons_pct) - expected).abs() < 1e-9);
        assert_eq!(d.gemeente_cijfers.inwoners, Figure::Known(40805.0));
        assert!(
            d.opmerkingen
                .iter()
                .any(|n| n.starts_with("Het gebruikte CBS-bestand bevat geen cijfers over mannen")),
            "{:?}",
            d.opmerkingen
        );
        assert!(
            d.meldingen
                .iter()
                .any(|(n, _)| n.starts_with("het CBS-bestand heeft geen kolom voor: mannen")),
            "{:?}",
            d.meldingen
        );
    }

    /// Saved from a Dutch spreadsheet: a semicolon, decimal commas, and a
    /// dot grouping thousands, which must not make 7.805 households 7.8.
    #[test]
    fn a_dutch_spreadsheet_file_groups_thousands_with_a_dot() {
        let csv = "WK_CODE;WK_NAAM;GM_NAAM;AANT_INW;AANTAL_HH;GEM_HH_GR\n\
WK001411;Noordoost;Groningen;16.465;7.805;2,1\n\
WK001400;Centrum;Groningen;22.635;18.055;1,2\n";
        let d = read(csv.as_bytes(), "WK001411", "kwb-2017.csv").unwrap();
        assert_eq!(d.gebied.inwoners, Figure::Known(16465.0));
        assert_eq!(d.gebied.huishoudens, Figure::Known(7805.0));
        assert_eq!(d.gebied.gem_huishoudgrootte, Figure::Known(2.1));
        // Without a decimal comma anywhere, a dot is a decimal point.
        let csv =
            "WK_CODE,WK_NAAM,GM_NAAM,AANT_INW,GEM_HH_GR\nWK001411,Noordoost,Groningen,16465,2.1\n";
        let d = read(csv.as_bytes(), "WK001411", "kwb-2017.csv").unwrap();
        assert_eq!(d.gebied.gem_huishoudgrootte, Figure::Known(2.1));
    }

    #[test]
    fn missing_values_print_onbekend() {
        let csv = ",WK_CODE,WK_NAAM,GM_CODE,GM_NAAM,AANT_INW,AANT_MAN,P_00_14_JR,AANTAL_HH,P_EENP_HH,GEM_HH_GR
0,WK001410,Noordwest,GM0014,Groningen,18170,.,-99999999,,-99997,-99999999.0
1,WK001400,Centrum,GM0014,Groningen,22635,11980,3,18055,82,1.2
";
        let d = read(csv.as_bytes(), "WK001410", "wijk2017.csv").unwrap();
        assert_eq!(d.gebied.mannen, Figure::Unknown);
        assert_eq!(fmt_int(&d.gebied.mannen), "onbekend");
        assert_eq!(fmt_pct(&d.gebied.leeftijd_0_14, 1), "onbekend");
        assert_eq!(fmt_int(&d.gebied.huishoudens), "onbekend");
        assert_eq!(fmt_pct(&d.gebied.eenpersoons_pct, 0), "onbekend");
        assert_eq!(fmt_dec(&d.gebied.gem_huishoudgrootte, 1), "onbekend");
        // Only the unknown row drops out of a weighted gemeente figure; a
        // count it lacks is unknown for the gemeente.
        assert_eq!(d.gemeente_cijfers.leeftijd_0_14, Figure::Known(3.0));
        assert_eq!(d.gemeente_cijfers.inwoners, Figure::Known(40805.0));
        assert_eq!(d.gemeente_cijfers.mannen, Figure::Unknown);
        assert!(
            d.opmerkingen
                .iter()
                .any(|n| n.contains("Noordwest (leeftijdsgroepen, soorten huishoudens")),
            "{:?}",
            d.opmerkingen
        );
        assert_note(
            &d,
            "Onbekend voor de gemeente: mannen (ontbreekt bij Noordwest); huishoudens (ontbreekt bij Noordwest).",
        );

        // The real buurt file: Driebond has -99999999 for the age groups.
        let b = read(
            &file("buurt2017-groningen.csv"),
            "BU00140505",
            "buurt2017-groningen.csv",
        )
        .unwrap();
        assert_eq!(b.naam, "Driebond");
        assert_eq!(fmt_int(&b.gebied.inwoners), "25");
        assert_eq!(fmt_pct(&b.gebied.leeftijd_0_14, 0), "onbekend");
    }

    #[test]
    fn unknown_code_lists_codes() {
        let err = read(&file("wijk2017-groningen.csv"), "WK001499", "x.csv").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(
                "code WK001499 staat niet in het bestand; wel: WK001400 Centrum, WK001401 Oud-Zuid"
            ),
            "{msg}"
        );
        assert!(msg.contains("WK001414 Meerstad e.o."), "{msg}");

        let err = read(&file("buurt2017-groningen.csv"), "BU00140499", "x.csv").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("BU00140400 Gorechtbuurt"), "{msg}");
        assert!(!msg.contains("BU00140800"), "narrowed to the wijk: {msg}");
    }

    #[test]
    fn buurt_code_works() {
        let d = read(
            &file("buurt2017-groningen.csv"),
            "BU00140400",
            "buurt2017-groningen.csv",
        )
        .unwrap();
        assert_eq!(d.naam, "Gorechtbuurt");
        assert_eq!(d.niveau, Niveau::Buurt);
        assert_eq!(d.gebied.inwoners, Figure::Known(4930.0));
        assert_eq!(d.gebied.huishoudens, Figure::Known(3470.0));
        assert_eq!(d.gemeente_cijfers.inwoners, Figure::Known(202515.0));
        assert!(d.gemeente_cijfers.leeftijd_0_14.is_known());
        assert!(d.opmerkingen.iter().any(|n| n.contains("108 buurten")));
        assert!(d.opmerkingen.iter().any(|n| n.contains("Driebond")));
        // The map shows the buurten of wijk WK001404 (Oosterparkwijk).
        let kaart = d.kaart.expect("map");
        assert_eq!(kaart.areas.len(), 5);
        assert_eq!(kaart.areas.iter().filter(|a| a.chosen).count(), 1);
        assert!(kaart.areas.iter().all(|a| a.code.starts_with("BU001404")));
    }

    #[test]
    fn map_of_the_wijken() {
        let d = wijk("WK001410");
        let m = d.kaart.expect("map");
        assert_eq!(m.areas.len(), 15);
        let chosen: Vec<&MapArea> = m.areas.iter().filter(|a| a.chosen).collect();
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].naam, "Noordwest");
        assert!(m.width <= 1.0 && m.height <= 1.0);
        assert!((m.width.max(m.height) - 1.0).abs() < 1e-6);
        let aspect = m.width / m.height;
        assert!((0.5..=2.0).contains(&aspect), "aspect {aspect}");
        let km_wide = m.width * m.km_per_unit;
        let km_high = m.height * m.km_per_unit;
        assert!((8.0..=25.0).contains(&km_wide), "{km_wide} km wide");
        assert!((5.0..=20.0).contains(&km_high), "{km_high} km high");
        for a in &m.areas {
            let points: usize = a.paths.iter().map(Vec::len).sum();
            assert!((4..400).contains(&points), "{}: {points} points", a.naam);
            for r in &a.paths {
                assert_eq!(r.first(), r.last());
            }
            assert!((0.0..=m.width).contains(&a.label_x), "{}", a.naam);
            assert!((0.0..=m.height).contains(&a.label_y), "{}", a.naam);
            assert!(
                inside(&a.paths[0], (a.label_x, a.label_y)),
                "{} label",
                a.naam
            );
        }
        // Noordwest lies in the north-west, Meerstad in the east.
        let nw = chosen[0];
        assert!(nw.label_x < 0.5 * m.width && nw.label_y < 0.5 * m.height);
        let meerstad = m.areas.iter().find(|a| a.code == "WK001414").unwrap();
        assert!(meerstad.label_x > 0.75 * m.width);
    }

    #[test]
    fn projection_keeps_proportions() {
        // A square of 0.01 degrees at latitude 60 is twice as high as wide.
        let sq = vec![vec![vec![
            (5.0, 60.0),
            (5.01, 60.0),
            (5.01, 60.01),
            (5.0, 60.01),
            (5.0, 60.0),
        ]]];
        let m = project(
            &[Area {
                code: "WK000100".into(),
                naam: "A".into(),
                polygons: sq,
            }],
            "wk000100",
        )
        .unwrap();
        assert!((m.height - 1.0).abs() < 1e-9);
        assert!((m.width - 0.5).abs() < 1e-3, "{}", m.width);
        assert!(m.areas[0].chosen);
        // North is up: the top edge (latitude 60.01) has y = 0.
        assert!(m.areas[0].paths[0].contains(&(0.0, 0.0)));
        assert!((m.km_per_unit - 1.11195).abs() < 1e-3);
    }

    #[test]
    fn year_from_file_name() {
        assert_eq!(year_from_name("wijk2017-groningen.csv"), Some(2017));
        assert_eq!(year_from_name("data/2016/kwb-2019.csv"), Some(2019));
        assert_eq!(year_from_name("83765NED.csv"), None);
        assert_eq!(year_from_name("buurt1899.csv"), None);
        assert_eq!(year_from_name("kerncijfers.csv"), None);
    }

    #[test]
    fn dutch_number_formatting() {
        assert_eq!(fmt_int(&Figure::Known(18170.0)), "18.170");
        assert_eq!(fmt_int(&Figure::Known(1234567.4)), "1.234.567");
        assert_eq!(fmt_int(&Figure::Known(999.0)), "999");
        assert_eq!(fmt_int(&Figure::Known(0.0)), "0");
        assert_eq!(fmt_dec(&Figure::Known(12.5), 1), "12,5");
        assert_eq!(fmt_dec(&Figure::Known(1234.56), 2), "1.234,56");
        assert_eq!(fmt_dec(&Figure::Known(-0.04), 1), "0,0");
        assert_eq!(fmt_dec(&Figure::Known(-1500.0), 0), "-1.500");
        assert_eq!(fmt_pct(&Figure::Known(12.5), 1), "12,5%");
        assert_eq!(fmt_pct(&Figure::Known(63.0), 0), "63%");
        assert_eq!(fmt_int(&Figure::Unknown), "onbekend");
        assert_eq!(fmt_pct(&Figure::Unknown, 1), "onbekend");
        assert_eq!(Figure::from(f64::NAN), Figure::Unknown);
    }

    #[test]
    fn cbs_values() {
        assert_eq!(parse_figure(" 18170 "), Ok(Figure::Known(18170.0)));
        assert_eq!(parse_figure("1,9"), Ok(Figure::Known(1.9)));
        assert_eq!(parse_figure("1.9"), Ok(Figure::Known(1.9)));
        assert_eq!(parse_figure("1.234,5"), Ok(Figure::Known(1234.5)));
        for unknown in [
            ".",
            "",
            "  ",
            "x",
            "-",
            "-99999999",
            "-99997",
            "-99999999.0",
        ] {
            assert_eq!(parse_figure(unknown), Ok(Figure::Unknown), "{unknown:?}");
        }
        assert_eq!(parse_figure("abc"), Err(()));
    }

    #[test]
    fn wkt_shapes() {
        let p = parse_wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))").unwrap();
        assert_eq!(
            p,
            vec![vec![vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]]
        );
        let m = parse_wkt(
            "SRID=4326;MULTIPOLYGON(((0 0,4 0,4 4,0 0),(1 1,2 1,2 2,1 1)),((5 5 0,6 5 0,6 6 0,5 5 0)))",
        )
        .unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].len(), 2);
        assert_eq!(m[1][0][1], (6.0, 5.0));
        assert_eq!(
            parse_wkt("polygon z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))")
                .unwrap()
                .len(),
            1
        );
        assert!(parse_wkt("POLYGON EMPTY").unwrap().is_empty());
        assert!(
            parse_wkt("POINT (1 2)")
                .unwrap_err()
                .contains("geometrietype")
        );
        assert!(
            parse_wkt("POLYGON ((0 0, 1 x, 0 0))")
                .unwrap_err()
                .contains("'x'")
        );
        assert!(parse_wkt("POLYGON ((0 0, 1 1, 0 0)").is_err());
    }

    #[test]
    fn missing_columns_are_named() {
        let err = read(
            b"WK_CODE,WK_NAAM\nWK001410,Noordwest\n",
            "WK001410",
            "x.csv",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("kolom AANT_INW"), "{msg}");
        assert!(msg.contains("WK_CODE, WK_NAAM"), "{msg}");
        let err = read(b"naam;inwoners\nNoordwest;18170\n", "WK001410", "x.csv").unwrap_err();
        assert!(err.to_string().contains("WK_CODE"), "{err}");
        assert!(matches!(
            read(b"", "WK001410", "x.csv"),
            Err(CbsError::Leeg)
        ));
        assert!(matches!(read(b"x", " ", "x.csv"), Err(CbsError::GeenCode)));
    }

    /// A spreadsheet or PDF saved as the CBS file is named for what it is,
    /// instead of its bytes printed as column names.
    #[test]
    fn a_file_that_is_not_text_is_named() {
        for (bytes, expected) in [
            (
                &b"PK\x03\x04\x14\x00[Content_Types].xml"[..],
                "het bestand is geen CSV-tekst maar een Excel-bestand (.xlsx) of een ander zip-bestand",
            ),
            (
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1][..],
                "het bestand is geen CSV-tekst maar een oud Excel-bestand (.xls)",
            ),
            (
                &b"%PDF-1.7\n"[..],
                "het bestand is geen CSV-tekst maar een PDF",
            ),
            (
                &b"WK_CODE\x00\x01"[..],
                "het bestand is geen CSV-tekst maar binaire gegevens",
            ),
        ] {
            let err = read(bytes, "WK001410", "x.csv").unwrap_err();
            assert_eq!(err.to_string(), expected);
        }
    }

    #[test]
    fn unreadable_line_is_named() {
        let csv = "WK_CODE,WK_NAAM,AANT_INW\nWK001400,Centrum,22635\nWK001410,Noordwest,veel\n";
        let err = read(csv.as_bytes(), "WK001410", "x.csv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "regel 3: kolom AANT_INW: 'veel' is geen getal"
        );
        let csv = "WK_CODE,WK_NAAM,AANT_INW\nWK001400,Centrum,22635\nWK001410,Noordwest\n";
        let err = read(csv.as_bytes(), "WK001410", "x.csv").unwrap_err();
        assert!(err.to_string().starts_with("regel 3: 2 velden"), "{err}");
    }
}
