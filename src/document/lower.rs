//! Lower: Model + forms + template → [`Document`]. All numbering and
//! ordering decisions are made here, once, for both backends.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ir::*;
use super::markdown::{self, Context};
use super::slots;
use super::{apa, parts};
use crate::error::{Error, Place, Problem, Result, closest};
use crate::model::{Bron, Model, Sjabloon, files};

/// An image a report uses, before preparation.
#[derive(Debug, Clone)]
pub struct ImageUse {
    /// Virtual path in the document ("/afbeelding/1").
    pub src: String,
    /// Path in the group folder.
    pub rel: String,
    /// Where it is first used.
    pub place: Place,
}

/// The result of lowering: the document, the images it needs, and warnings.
#[derive(Debug)]
pub struct Lowered {
    /// The document IR.
    pub document: Document,
    /// Images to prepare, in order of first use.
    pub images: Vec<ImageUse>,
    /// Things the student should know but that do not stop the build.
    pub warnings: Vec<Problem>,
    /// How many numbered figures the report has: photos, charts, maps and
    /// the network diagram.
    pub figures: u32,
}

/// The eight stappen of the assignment Wijkgericht werken, in order: the
/// chapter titles of the default template.
pub const STAPPEN: [&str; 8] = [
    "Wijk bepalen",
    "Demografische en epidemiologische gegevens",
    "Observatie van de wijk",
    "De verhalen achter de gegevens",
    "Het sociale netwerk",
    "Checklist wijkdiagnose",
    "Wijkdiagnose",
    "Interventies",
];

/// The chapter titles of a template, in order.
pub fn chapter_titles(sjabloon: Sjabloon) -> &'static [&'static str] {
    match sjabloon {
        Sjabloon::WijkgerichtWerken => &STAPPEN,
        Sjabloon::Wijkanalyse => &[
            "Beschrijving van de wijk",
            "Bewoners in beeld",
            "Problemen en kansen",
            "Op te pakken speerpunten",
        ],
    }
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A TOML date in Dutch words: "23 december 2019".
pub fn date_nl(d: &toml::value::Date) -> String {
    ymd_nl((i32::from(d.year), d.month, d.day))
}

/// A (year, month, day) in Dutch words.
fn ymd_nl((year, month, day): (i32, u8, u8)) -> String {
    let m = MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!("{day} {m} {year}")
}

/// The group-folder path of an image written in Markdown file `file`:
/// relative to that file, else to the group folder (students write both).
pub fn resolve_image(
    model: &Model,
    file: &str,
    written: &str,
    place: &Place,
) -> std::result::Result<String, Problem> {
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    let written = percent_decode(written);
    let candidates: Vec<String> = [dir, ""]
        .iter()
        .filter_map(|base| files::normalize(base, &written).ok())
        .collect();
    let found = candidates
        .iter()
        .find(|rel| model.files.exists(rel))
        .cloned()
        .or_else(|| {
            candidates
                .iter()
                .find_map(|rel| model.files.find_same_text(rel))
        });
    found.ok_or_else(|| {
        let normalized = files::normalize(dir, &written);
        let msg = match &normalized {
            Err(msg) => msg.clone(),
            Ok(rel) => model
                .files
                .unusable(rel)
                .unwrap_or_else(|| format!("de afbeelding `{written}` bestaat niet")),
        };
        let other_case = candidates
            .iter()
            .find_map(|rel| model.files.find_ignoring_case(rel));
        let hint = match other_case {
            Some(real) => format!(
                "let op hoofdletters en kleine letters: het bestand heet `{real}`; schrijf het pad precies zo, want op andere computers telt het verschil"
            ),
            None => "zet de foto in de groepsmap (bijvoorbeeld fotos/) en schrijf het pad vanaf het Markdown-bestand: ../fotos/naam.jpg".to_string(),
        };
        Problem::new(place.clone(), msg).hint(hint)
    })
}

struct Lowering<'m> {
    model: &'m Model,
    figures: u32,
    tables: u32,
    images: Vec<ImageUse>,
    image_index: HashMap<String, String>,
    cited: HashSet<String>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    sources: BTreeMap<String, Bron>,
    cbs: Option<super::cbs_part::CbsReport>,
    /// Parts placed with `[[naam]]`.
    placed: slots::Placed,
}

impl Context for Lowering<'_> {
    fn next_figure(&mut self) -> u32 {
        self.figures += 1;
        self.figures
    }

    fn next_table(&mut self) -> u32 {
        self.tables += 1;
        self.tables
    }

    fn image(&mut self, file: &str, written: &str, place: Place) -> Option<String> {
        let rel = match resolve_image(self.model, file, written, &place) {
            Ok(rel) => rel,
            Err(problem) => {
                self.problems.push(problem);
                return None;
            }
        };
        if let Some(src) = self.image_index.get(&rel) {
            return Some(src.clone());
        }
        let src = format!("/afbeelding/{}", self.images.len() + 1);
        self.image_index.insert(rel.clone(), src.clone());
        self.images.push(ImageUse {
            src: src.clone(),
            rel,
            place,
        });
        Some(src)
    }

    fn cite(&mut self, items: &[(String, Option<String>)], place: Place) -> Option<String> {
        match apa::parenthetical(items, &self.sources) {
            Ok(text) => {
                self.cited.extend(items.iter().map(|(id, _)| id.clone()));
                Some(text)
            }
            Err(id) => {
                let problem = unknown_source(id, place, &self.sources);
                self.problems.push(problem);
                None
            }
        }
    }

    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn warning(&mut self, problem: Problem) {
        self.warnings.push(problem);
    }

    fn part(&mut self, chapter: u32, name: &str, place: Place) -> Option<Vec<Block>> {
        match self.placed.take(self.model, chapter, name, place) {
            Ok(slot) => Some(parts::slot_blocks(&mut l_parts(self), chapter, slot)),
            Err(refusal) => refusal.report(|problem| self.warnings.push(problem)),
        }
    }
}

/// A citation of an id that `[[bronnen]]` lacks, with the closest id.
pub(crate) fn unknown_source(id: &str, place: Place, sources: &BTreeMap<String, Bron>) -> Problem {
    let p = Problem::new(
        place,
        format!("de bron `{id}` staat niet in [[bronnen]] van verslag.toml"),
    );
    match closest(id, sources.keys().map(String::as_str)) {
        Some(c) => p.hint(format!("bedoelde je `[@{c}]`?")),
        None => p.hint(format!(
            "voeg een bron toe met id = \"{id}\" onder [[bronnen]]"
        )),
    }
}

pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[i + 1..i + 3])
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Lowers a loaded model to the document IR.
pub fn lower(model: &Model) -> Result<Lowered> {
    let sources = model.sources();
    let mut l = Lowering {
        model,
        figures: 0,
        tables: 0,
        images: Vec::new(),
        image_index: HashMap::new(),
        cited: HashSet::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
        sources,
        cbs: None,
        placed: slots::Placed::default(),
    };
    let mut warnings = Vec::new();
    match super::cbs_part::load(model) {
        Ok(cbs) => {
            if let Some(report) = &cbs {
                warnings.extend(report.warnings(model));
            }
            l.cbs = cbs;
        }
        Err(p) => l.problems.push(p),
    }
    let v = &model.verslag;

    let sjabloon = model.sjabloon();
    let mut chapters = Vec::new();
    for (i, title) in chapter_titles(sjabloon).iter().enumerate() {
        let num = i as u32 + 1;
        let mut blocks = match model.chapters.get(&num) {
            Some(md) => markdown::parse(&md.path, &md.text, num, title, &mut l),
            None => {
                warnings.push(
                    Problem::new(
                        Place::file(format!("hoofdstukken/{num}-….md")),
                        format!("hoofdstuk {num} ({title}) is nog niet geschreven"),
                    )
                    .hint(format!(
                        "maak het bestand hoofdstukken/{}",
                        chapter_file(sjabloon, num, title)
                    )),
                );
                vec![Block::Placeholder {
                    s: format!("Hoofdstuk {num} is nog niet geschreven."),
                }]
            }
        };
        let placed = l.placed.in_chapter(num);
        slots::chapter_end(&mut l_parts(&mut l), num, &placed, &mut blocks);
        chapters.push(Chapter {
            num,
            title: title.to_string(),
            blocks,
        });
    }

    // Sources cited by structured parts (interventies) count as cited, as
    // do the citations in their texts.
    for c in super::toml_cites::cites(model) {
        if l.sources.contains_key(&c.id) {
            l.cited.insert(c.id);
        } else {
            let problem = unknown_source(&c.id, c.place, &l.sources);
            l.problems.push(problem);
        }
    }
    for iv in &v.interventies {
        l.cited.extend(iv.bronnen.iter().cloned());
    }
    for t in &v.tabellen {
        l.cited.extend(t.bron.iter().cloned());
    }
    for g in &v.grafieken {
        l.cited.extend(g.bron.iter().cloned());
    }

    let mut appendices = Vec::new();
    let mut letter = b'A';
    let mut next_letter = || {
        let s = (letter as char).to_string();
        letter += 1;
        s
    };
    for (title, blocks) in parts::form_appendices(model) {
        appendices.push(Appendix {
            letter: next_letter(),
            title,
            blocks,
        });
    }
    for (b, md) in v.bijlagen.iter().zip(&model.bijlagen) {
        let blocks = markdown::parse(&md.path, &md.text, 0, "", &mut l);
        appendices.push(Appendix {
            letter: next_letter(),
            title: b.titel.clone(),
            blocks,
        });
    }

    // The CBS table cites its source; add it unless the group lists CBS itself.
    let mut bronnen = v.bronnen.clone();
    bronnen.extend(
        l.cbs
            .as_ref()
            .and_then(super::cbs_part::CbsReport::auto_source),
    );
    if let Some(c) = &l.cbs {
        l.cited.insert(c.bron.id.clone());
    }
    let references = references(&bronnen);

    if !l.problems.is_empty() {
        return Err(Error::Input(std::mem::take(&mut l.problems)));
    }

    // FORMAT.md: the title-page date is `datum`, else `inleverdatum`, else
    // today (or the day of SOURCE_DATE_EPOCH, for reproducible builds).
    let date = v.verslag.datum.or(v.verslag.inleverdatum);
    let ymd = date.map_or_else(crate::today_ymd, |d| (i32::from(d.year), d.month, d.day));
    let meta = Meta {
        titel: v.verslag.titel.clone(),
        ondertitel: v.verslag.ondertitel.clone(),
        wijk: v.verslag.wijk.clone(),
        gemeente: v
            .verslag
            .gemeente
            .clone()
            .unwrap_or_else(|| "Groningen".into()),
        school: v.verslag.school.clone(),
        opleiding: v.verslag.opleiding.clone(),
        klas: v.verslag.klas.clone(),
        docent: v.verslag.docent.clone(),
        datum: Some(ymd_nl(ymd)),
        inleverdatum: v.verslag.inleverdatum.as_ref().map(date_nl),
        groepsleden: v
            .groepsleden
            .iter()
            .map(|g| Member {
                naam: g.naam.clone(),
                studentnummer: g.studentnummer.clone(),
            })
            .collect(),
        ymd,
    };
    warnings.extend(model.warnings.iter().cloned());
    warnings.append(&mut l.warnings);
    Ok(Lowered {
        document: Document {
            meta,
            chapters,
            references,
            appendices,
        },
        images: l.images,
        warnings,
        figures: l.figures,
    })
}

fn l_parts<'a, 'm>(l: &'a mut Lowering<'m>) -> parts::Numbers<'a, 'm> {
    parts::Numbers {
        model: l.model,
        figures: &mut l.figures,
        tables: &mut l.tables,
        sources: &l.sources,
        cbs: l.cbs.as_ref(),
    }
}

/// The file name to suggest for chapter `num`: the one `init` writes, else
/// the number and the first words of the title.
pub fn chapter_file(sjabloon: Sjabloon, num: u32, title: &str) -> String {
    match crate::init::chapters(sjabloon).get((num as usize).wrapping_sub(1)) {
        Some((name, _)) => name.to_string(),
        None => format!("{num}-{}.md", slug(title)),
    }
}

fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join("-")
}

/// The Literatuurlijst in APA 7 style, sorted by author, year and title.
pub fn references(bronnen: &[Bron]) -> Vec<Reference> {
    let mut sorted: Vec<&Bron> = bronnen.iter().collect();
    sorted.sort_by(|a, b| {
        (a.auteur.to_lowercase(), a.jaar, a.titel.to_lowercase()).cmp(&(
            b.auteur.to_lowercase(),
            b.jaar,
            b.titel.to_lowercase(),
        ))
    });
    sorted
        .into_iter()
        .map(|b| {
            let mut c = Vec::new();
            let auteur = b.auteur.trim_end_matches('.');
            c.push(Inline::Text {
                s: format!("{auteur}. ({}). ", apa::year(b)),
            });
            let titel = b.titel.trim_end_matches('.');
            c.push(Inline::Emph {
                c: vec![Inline::Text {
                    s: titel.to_string(),
                }],
            });
            // APA: a title ending in ? or ! keeps its own mark instead of a full stop.
            if !titel.ends_with(['?', '!']) {
                c.push(Inline::Text { s: ".".into() });
            }
            if let Some(u) = &b.uitgever
                && u.trim() != auteur
            {
                c.push(Inline::Text {
                    s: format!(" {}.", u.trim_end_matches('.')),
                });
            }
            // `url = ""` is a source without one (a book).
            if let Some(url) = b.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
                match &b.geraadpleegd {
                    Some(d) => c.push(Inline::Text {
                        s: format!(" Geraadpleegd op {}, van ", date_nl(d)),
                    }),
                    None => c.push(Inline::Space),
                }
                c.push(super::markdown::address(url.to_string(), url));
            }
            Reference {
                id: b.id.clone(),
                c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_dates() {
        let d = toml::value::Date {
            year: 2019,
            month: 12,
            day: 23,
        };
        assert_eq!(date_nl(&d), "23 december 2019");
    }

    #[test]
    fn apa_reference() {
        let b = Bron {
            id: "cbs".into(),
            auteur: "Centraal Bureau voor de Statistiek".into(),
            jaar: Some(2017),
            titel: "Wijk- en buurtkaart 2017".into(),
            url: Some("https://www.cbs.nl/".into()),
            geraadpleegd: Some(toml::value::Date {
                year: 2019,
                month: 12,
                day: 1,
            }),
            uitgever: None,
            jaar_letter: None,
        };
        let r = references(&[b]);
        assert_eq!(
            markdown::plain_text(&r[0].c),
            "Centraal Bureau voor de Statistiek. (2017). Wijk- en buurtkaart 2017. Geraadpleegd op 1 december 2019, van https://www.cbs.nl/"
        );
    }
}
