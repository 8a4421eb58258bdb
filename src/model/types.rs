//! The typed contents of `verslag.toml` (FORMAT.md section 2).
//!
//! Every table denies unknown keys so that a misspelt key is an error with a
//! hint instead of silently lost text.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::value::Date;

/// The whole `verslag.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "verslag.toml van wijkverslag")]
pub struct Verslag {
    /// Gegevens voor de titelpagina en de kop van elke pagina.
    pub verslag: Meta,
    /// De leden van de groep (minstens één).
    #[serde(default)]
    pub groepsleden: Vec<Groepslid>,
    /// De ingevulde Windshield Survey (stap 3).
    #[serde(default)]
    pub windshield: Option<Windshield>,
    /// De Checklist wijkdiagnose (stap 6): per factor-id een beoordeling.
    #[serde(default)]
    pub checklist: BTreeMap<String, Beoordeling>,
    /// Het interview met een bewoner (stap 4).
    #[serde(default)]
    pub interview: Option<Interview>,
    /// De sociale kaart (stap 5).
    #[serde(default)]
    pub sociale_kaart: Vec<KaartItem>,
    /// Tabellen, geplaatst in het hoofdstuk `hoofdstuk`.
    #[serde(default)]
    pub tabellen: Vec<Tabel>,
    /// Grafieken die het programma zelf tekent.
    #[serde(default)]
    pub grafieken: Vec<Grafiek>,
    /// SMART-verbeterpunten (stap 7).
    #[serde(default)]
    pub verbeterpunten: Vec<Verbeterpunt>,
    /// Interventies (stap 8), minstens drie.
    #[serde(default)]
    pub interventies: Vec<Interventie>,
    /// De literatuurlijst (APA 7).
    #[serde(default)]
    pub bronnen: Vec<Bron>,
    /// Extra bijlagen in Markdown, na de standaardbijlagen.
    #[serde(default)]
    pub bijlagen: Vec<Bijlage>,
}

/// The `[verslag]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Titel van het verslag (verplicht).
    pub titel: String,
    /// Ondertitel, bijvoorbeeld de naam van de opdracht.
    pub ondertitel: Option<String>,
    /// De onderzochte wijk (verplicht).
    pub wijk: String,
    /// Gemeente; standaard "Groningen".
    pub gemeente: Option<String>,
    /// Naam van de school.
    pub school: Option<String>,
    /// Opleiding en niveau.
    pub opleiding: Option<String>,
    /// Klas.
    pub klas: Option<String>,
    /// Naam van de docent.
    pub docent: Option<String>,
    /// Inleverdatum (TOML-datum, bijvoorbeeld 2019-12-23).
    #[schemars(with = "Option<crate::schema::Datum>")]
    pub inleverdatum: Option<Date>,
    /// Datum op de titelpagina; standaard de inleverdatum.
    #[schemars(with = "Option<crate::schema::Datum>")]
    pub datum: Option<Date>,
    /// Sjabloon: "wijkgericht-werken" (standaard) of "wijkanalyse".
    pub sjabloon: Option<Sjabloon>,
    /// CBS-cijfers inlezen: `{ bestand = "data/wijk2017.csv", code = "WK001411" }`.
    pub cbs: Option<CbsBron>,
}

/// The report template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sjabloon {
    /// The assignment's eight chapters (default).
    WijkgerichtWerken,
    /// The professional four-part structure of the MOVISIE leaflet.
    Wijkanalyse,
}

impl Sjabloon {
    /// The number of chapters.
    pub fn chapter_count(self) -> u32 {
        match self {
            Sjabloon::WijkgerichtWerken => 8,
            Sjabloon::Wijkanalyse => 4,
        }
    }

    /// The chapter a table or chart with `hoofdstuk = n` goes into: `n`
    /// itself, or in `wijkanalyse` for 5..8 the part that stap belongs to,
    /// so that a report switched from the default template keeps them.
    pub fn chapter_for(self, hoofdstuk: u32) -> u32 {
        if hoofdstuk <= self.chapter_count() {
            hoofdstuk
        } else {
            self.chapter_of_stap(hoofdstuk)
        }
    }

    /// The chapter that holds the structured parts (and CBS data) of `stap`:
    /// in `wijkanalyse` the observation, sociale kaart and figures describe
    /// the wijk (1), the interview shows its residents (2), checklist and
    /// diagnosis are its problems and chances (3), interventies its
    /// speerpunten (4).
    pub fn chapter_of_stap(self, stap: u32) -> u32 {
        match (self, stap) {
            (Sjabloon::WijkgerichtWerken, _) => stap,
            (Sjabloon::Wijkanalyse, 4) => 2,
            (Sjabloon::Wijkanalyse, 6 | 7) => 3,
            (Sjabloon::Wijkanalyse, 8) => 4,
            (Sjabloon::Wijkanalyse, _) => 1,
        }
    }
}

/// `cbs = { bestand, code }`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CbsBron {
    /// CSV-bestand in de groepsmap.
    pub bestand: String,
    /// Wijkcode (WK…) of buurtcode (BU…).
    pub code: String,
    /// Jaar van de cijfers, als het niet in de bestandsnaam staat.
    #[schemars(range(min = 1990, max = 2100))]
    pub jaar: Option<i32>,
}

/// One `[[groepsleden]]` entry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Groepslid {
    /// Volledige naam.
    pub naam: String,
    /// Studentnummer.
    pub studentnummer: Option<String>,
}

/// The `[windshield]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Windshield {
    /// Datum van de observatie.
    #[schemars(with = "Option<crate::schema::Datum>")]
    pub datum: Option<Date>,
    /// Tijd, bijvoorbeeld "14.00-16.00 uur".
    pub tijd: Option<String>,
    /// Het weer tijdens de observatie.
    pub weer: Option<String>,
    /// Wie er observeerden.
    #[serde(default)]
    pub waarnemers: Vec<String>,
    /// De gelopen of gereden route.
    pub route: Option<String>,
    /// Antwoorden per item-id van het formulier.
    #[serde(default)]
    pub antwoorden: BTreeMap<String, String>,
}

/// Rating of one checklist factor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Beoordeling {
    /// "goed", "redelijk" of "slecht".
    pub oordeel: Option<Oordeel>,
    /// "zeker", "vermoeden", "hopen", "gokken" of "vrezen".
    pub zekerheid: Option<Zekerheid>,
    /// Waar het oordeel op steunt (windshield, interview, CBS, …).
    pub bron: Option<String>,
    /// Toelichting.
    pub toelichting: Option<String>,
}

/// The rating scale of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Oordeel {
    /// Good.
    Goed,
    /// Fair.
    Redelijk,
    /// Bad.
    Slecht,
}

impl Oordeel {
    /// The Dutch word as the student typed it.
    pub fn label(self) -> &'static str {
        match self {
            Oordeel::Goed => "goed",
            Oordeel::Redelijk => "redelijk",
            Oordeel::Slecht => "slecht",
        }
    }
}

/// How sure the students are of a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Zekerheid {
    /// Known for sure.
    Zeker,
    /// A suspicion.
    Vermoeden,
    /// Hoping.
    Hopen,
    /// Guessing.
    Gokken,
    /// Fearing.
    Vrezen,
}

impl Zekerheid {
    /// The Dutch word as the student typed it.
    pub fn label(self) -> &'static str {
        match self {
            Zekerheid::Zeker => "zeker",
            Zekerheid::Vermoeden => "vermoeden",
            Zekerheid::Hopen => "hopen",
            Zekerheid::Gokken => "gokken",
            Zekerheid::Vrezen => "vrezen",
        }
    }

    /// The assignment: any doubt means the situation must be investigated further.
    pub fn needs_investigation(self) -> bool {
        self != Zekerheid::Zeker
    }
}

/// The `[interview]` table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interview {
    /// De respondent, beschreven zonder naam.
    pub respondent: Option<String>,
    /// Datum van het interview.
    #[schemars(with = "Option<crate::schema::Datum>")]
    pub datum: Option<Date>,
    /// Waar het interview plaatsvond.
    pub plaats: Option<String>,
    /// Wie interviewden.
    #[serde(default)]
    pub interviewers: Vec<String>,
    /// De vragen met (na het interview) de antwoorden.
    #[serde(default)]
    pub vragen: Vec<Vraag>,
}

/// One interview question.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vraag {
    /// De vraag.
    pub vraag: String,
    /// Het antwoord; leeg of weg vóór het interview.
    pub antwoord: Option<String>,
}

/// Kind of organisation or person on the sociale kaart.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Soort {
    /// Health care.
    Zorg,
    /// Welfare.
    Welzijn,
    /// Informal networks.
    Informeel,
    /// Safety.
    Veiligheid,
    /// Housing.
    Wonen,
    /// Education.
    Onderwijs,
    /// Key figures.
    Sleutelfiguur,
    /// Anything else.
    Overig,
}

impl Soort {
    /// Dutch label for headings and legends.
    pub fn label(self) -> &'static str {
        match self {
            Soort::Zorg => "Zorg",
            Soort::Welzijn => "Welzijn",
            Soort::Informeel => "Informeel netwerk",
            Soort::Veiligheid => "Veiligheid",
            Soort::Wonen => "Wonen",
            Soort::Onderwijs => "Onderwijs",
            Soort::Sleutelfiguur => "Sleutelfiguren",
            Soort::Overig => "Overig",
        }
    }
}

/// Ring of the sociale kaart around the wijkteam.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Ring {
    /// The wijkteam itself.
    Kern,
    /// Close partners.
    Eerste,
    /// Further partners.
    Tweede,
}

/// One `[[sociale_kaart]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KaartItem {
    /// Naam van de organisatie of persoon.
    pub naam: String,
    /// zorg | welzijn | informeel | veiligheid | wonen | onderwijs | sleutelfiguur | overig
    pub soort: Soort,
    /// kern (het wijkteam) | eerste | tweede
    pub ring: Ring,
    /// Adres.
    pub adres: Option<String>,
    /// Toelichting.
    pub toelichting: Option<String>,
}

/// One `[[tabellen]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tabel {
    /// Hoofdstuk (1–8) waarin de tabel komt.
    pub hoofdstuk: u32,
    /// Titel boven de tabel.
    pub titel: String,
    /// Kolomkoppen.
    pub kolommen: Vec<String>,
    /// Rijen met cellen.
    #[serde(default)]
    pub rijen: Vec<Vec<String>>,
    /// Id van een bron uit [[bronnen]].
    pub bron: Option<String>,
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GrafiekSoort {
    /// Vertical bars.
    Staaf,
    /// Horizontal bars.
    LiggendeStaaf,
    /// Pie.
    Taart,
}

/// One `[[grafieken]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grafiek {
    /// Hoofdstuk (1–8) waarin de grafiek komt.
    pub hoofdstuk: u32,
    /// Titel.
    pub titel: String,
    /// staaf | liggende-staaf | taart
    pub soort: GrafiekSoort,
    /// Labels langs de as.
    pub labels: Vec<String>,
    /// Eén of meer reeksen met waarden.
    pub reeksen: Vec<Reeks>,
    /// Eenheid, bijvoorbeeld "%".
    pub eenheid: Option<String>,
    /// Id van een bron uit [[bronnen]].
    pub bron: Option<String>,
}

/// One data series of a chart.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reeks {
    /// Naam in de legenda.
    pub naam: String,
    /// Eén waarde per label.
    pub waarden: Vec<f64>,
}

/// One SMART `[[verbeterpunten]]` entry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verbeterpunt {
    /// Korte titel.
    pub titel: String,
    /// Specifiek: wat precies, voor wie, waar?
    pub specifiek: Option<String>,
    /// Meetbaar: hoeveel, hoe gemeten?
    pub meetbaar: Option<String>,
    /// Acceptabel: wie staan erachter?
    pub acceptabel: Option<String>,
    /// Realistisch: waarom haalbaar?
    pub realistisch: Option<String>,
    /// Tijdgebonden: wanneer bereikt?
    pub tijdgebonden: Option<String>,
}

/// One `[[interventies]]` entry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interventie {
    /// Titel.
    pub titel: String,
    /// Welke problematiek.
    pub problematiek: Option<String>,
    /// Voor wie.
    pub doelgroep: Option<String>,
    /// Doel (mag naar een verbeterpunt verwijzen).
    pub doel: Option<String>,
    /// Aanpak en activiteiten.
    pub aanpak: Option<String>,
    /// Betrokken partijen.
    #[serde(default)]
    pub betrokken: Vec<String>,
    /// Planning.
    pub planning: Option<String>,
    /// Verantwoording: waarom deze interventie.
    pub verantwoording: Option<String>,
    /// Ids van bronnen.
    #[serde(default)]
    pub bronnen: Vec<String>,
    /// Aanleiding (sjabloon wijkanalyse).
    pub aanleiding: Option<String>,
    /// Urgentie (sjabloon wijkanalyse).
    pub urgentie: Option<String>,
    /// Gewenst resultaat (sjabloon wijkanalyse).
    pub gewenst_resultaat: Option<String>,
    /// Randvoorwaarden (sjabloon wijkanalyse).
    pub randvoorwaarden: Option<String>,
    /// Begroting (sjabloon wijkanalyse).
    pub begroting: Option<String>,
}

/// One `[[bronnen]]` entry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bron {
    /// Id om naar te verwijzen met [@id].
    pub id: String,
    /// Auteur of organisatie.
    pub auteur: String,
    /// Jaar van uitgave.
    #[schemars(range(min = 1500, max = 2100))]
    pub jaar: Option<i32>,
    /// Titel.
    pub titel: String,
    /// Uitgever of tijdschrift.
    pub uitgever: Option<String>,
    /// Webadres.
    pub url: Option<String>,
    /// Datum waarop de webpagina is geraadpleegd.
    #[schemars(with = "Option<crate::schema::Datum>")]
    pub geraadpleegd: Option<Date>,
    /// The letter APA adds to the year of a source when the same author has
    /// more of that year ("2019a", "z.d.-b"); worked out when loading.
    #[serde(skip)]
    #[schemars(skip)]
    pub jaar_letter: Option<char>,
}

/// One `[[bijlagen]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bijlage {
    /// Titel van de bijlage.
    pub titel: String,
    /// Markdown-bestand in de groepsmap.
    pub bestand: String,
}
