//! Running a class: every group on a rayon pool, each one isolated.
//!
//! A group's input error, render error or panic becomes its own row; the
//! other groups are built regardless. Each PDF goes to disk as soon as it is
//! rendered and only a small summary is kept, so memory does not grow with
//! the size of the class.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use super::copies::{Fingerprint, GelijkeTekst};
use super::discover::{GroupInput, Klas};
use super::{BatchOptions, TEST_PANIC_ENV};
use crate::error::{Error, Problem, Result};
use crate::images;
use crate::model::{self, GroupFiles, Model};
use crate::pipeline::{self, BuildOptions};
use crate::render::typst::Base;

/// Whether a group's report was built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The PDF was written.
    Gelukt,
    /// No PDF: see the reason.
    Mislukt,
}

impl Status {
    /// The Dutch word.
    pub fn label(self) -> &'static str {
        match self {
            Status::Gelukt => "gelukt",
            Status::Mislukt => "mislukt",
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ernst {
    /// Must be fixed (or: the report could not be built).
    Fout,
    /// Should be looked at.
    Waarschuwing,
}

/// One finding about a group, for the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bevinding {
    /// Error or warning.
    pub ernst: Ernst,
    /// Where: `verslag.toml:14:9`, or empty.
    pub plaats: String,
    /// What.
    pub bericht: String,
    /// What to do.
    pub tip: Option<String>,
}

impl Bevinding {
    /// A finding from a problem.
    pub fn from_problem(ernst: Ernst, p: &Problem) -> Self {
        Bevinding {
            ernst,
            plaats: p.place.to_string(),
            bericht: p.message.clone(),
            tip: p.hint.clone(),
        }
    }
}

/// What the overview needs to know about one group; small on purpose.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    /// The group's name (folder or zip name).
    pub naam: String,
    /// The folder or zip in the class folder.
    pub bron: String,
    /// The chosen wijk, when the group could be loaded.
    pub wijk: Option<String>,
    /// Where the wijk is written (`verslag.toml:4:8`).
    pub wijk_plaats: String,
    /// `klas` from the group's verslag.toml (after the class defaults).
    pub klas: Option<String>,
    /// Names of the group members.
    pub groepsleden: Vec<String>,
    /// Each member's studentnummer ("" when not given), in the order of `groepsleden`.
    pub studentnummers: Vec<String>,
    /// Where each member's name is written, in the order of `groepsleden`.
    pub groepsleden_plaats: Vec<String>,
    /// Members who are also listed in another group, with those groups.
    pub ook_elders: Vec<(String, Vec<String>)>,
    /// Pages of the PDF.
    pub paginas: Option<usize>,
    /// Words per chapter (stap 1..n), when loaded.
    pub woorden: Vec<usize>,
    /// Numbered figures.
    pub figuren: Option<usize>,
    /// Interventions.
    pub interventies: Option<usize>,
    /// SMART improvement points with all five parts filled in, of all.
    pub smart: Option<(usize, usize)>,
    /// Checklist factors rated, of all factors of the form.
    pub checklist: Option<(usize, usize)>,
    /// Checklist factors whose certainty calls for more investigation.
    pub onderzoeken: Option<usize>,
    /// Sources in the literature list.
    pub bronnen: Option<usize>,
    /// Findings: the check's, or the reasons the build failed.
    pub bevindingen: Vec<Bevinding>,
    /// Built or not.
    pub status: Status,
    /// Why not, in one line.
    pub reden: Option<String>,
    /// Files written for this group (names in the output folder).
    pub bestanden: Vec<String>,
    /// Other groups that chose the same wijk, "groep-c (deels)" for one
    /// whose wijk lies within this one's or the other way round.
    pub zelfde_wijk: Vec<String>,
    /// What the overview says about them, in a sentence or more.
    pub zelfde_wijk_uitleg: String,
    /// Text this group shares with another group or with the example
    /// report: the example first, then the other groups in order.
    pub gelijke_tekst: Vec<GelijkeTekst>,
    /// The shingles of the group's prose, kept until the groups are
    /// compared (see [`super::copies`]), then dropped.
    #[serde(skip)]
    pub vingerafdruk: Option<Fingerprint>,
    /// Whether the group's verslag.toml was loaded (the counts are known);
    /// a group that failed may still have its wijk and members, read
    /// leniently from a file with mistakes.
    pub geladen: bool,
}

impl GroupSummary {
    fn new(input: &GroupInput) -> Self {
        GroupSummary {
            naam: input.name.clone(),
            bron: input
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            wijk: None,
            wijk_plaats: String::new(),
            klas: None,
            groepsleden: Vec::new(),
            studentnummers: Vec::new(),
            groepsleden_plaats: Vec::new(),
            ook_elders: Vec::new(),
            paginas: None,
            woorden: Vec::new(),
            figuren: None,
            interventies: None,
            smart: None,
            checklist: None,
            onderzoeken: None,
            bronnen: None,
            bevindingen: Vec::new(),
            status: Status::Mislukt,
            reden: None,
            bestanden: Vec::new(),
            zelfde_wijk: Vec::new(),
            zelfde_wijk_uitleg: String::new(),
            gelijke_tekst: Vec::new(),
            vingerafdruk: None,
            geladen: false,
        }
    }

    /// Number of errors among the findings.
    pub fn fouten(&self) -> usize {
        self.bevindingen
            .iter()
            .filter(|b| b.ernst == Ernst::Fout)
            .count()
    }

    /// Number of warnings among the findings; unknown (not 0) for a group
    /// whose report could not be loaded nor made, so was never checked.
    pub fn waarschuwingen(&self) -> Option<usize> {
        (self.geladen || self.status == Status::Gelukt).then(|| {
            self.bevindingen
                .iter()
                .filter(|b| b.ernst == Ernst::Waarschuwing)
                .count()
        })
    }

    fn fail(&mut self, error: &Error) {
        self.status = Status::Mislukt;
        match error {
            Error::Input(problems) => {
                self.bevindingen = problems
                    .iter()
                    .map(|p| Bevinding::from_problem(Ernst::Fout, p))
                    .collect();
                let first = problems
                    .first()
                    .map(|p| format!("{}: {}", p.place, p.message))
                    .unwrap_or_default();
                self.reden = Some(match problems.len() {
                    0 | 1 => first,
                    n => format!(
                        "{first} (en nog {} fout{})",
                        n - 1,
                        if n == 2 { "" } else { "en" }
                    ),
                });
            }
            other => {
                let text = other.to_string();
                let (message, hint) = match text.split_once("\n  tip: ") {
                    Some((m, h)) => (m.to_string(), Some(h.to_string())),
                    None => (text.clone(), None),
                };
                self.bevindingen = vec![Bevinding {
                    ernst: Ernst::Fout,
                    plaats: String::new(),
                    bericht: message.clone(),
                    tip: hint,
                }];
                self.reden = Some(message);
            }
        }
    }
}

/// Reports progress while a class is built.
pub trait Progress: Sync {
    /// The run starts with `total` groups.
    fn start(&self, total: usize);
    /// A group is done; `done` groups of `total` are finished.
    fn group_done(&self, done: usize, total: usize, group: &GroupSummary);
    /// Every group is done.
    fn finish(&self);
}

/// Progress on stderr: a bar when stderr is a terminal, else one plain line
/// per group ("[3/14] groep-beijum: gelukt (24 pagina's)").
pub struct StderrProgress {
    bar: Option<indicatif::ProgressBar>,
}

impl StderrProgress {
    /// A bar when stderr is a terminal, plain lines otherwise.
    pub fn new() -> Self {
        StderrProgress {
            bar: std::io::stderr()
                .is_terminal()
                .then(indicatif::ProgressBar::hidden),
        }
    }

    /// One line describing a finished group.
    pub fn line(done: usize, total: usize, g: &GroupSummary) -> String {
        match g.status {
            Status::Gelukt => {
                let pages = g.paginas.unwrap_or(0);
                format!(
                    "[{done}/{total}] {}: gelukt ({pages} pagina{})",
                    g.naam,
                    if pages == 1 { "" } else { "'s" }
                )
            }
            Status::Mislukt => format!(
                "[{done}/{total}] {}: mislukt: {}",
                g.naam,
                g.reden.as_deref().unwrap_or("")
            ),
        }
    }
}

impl Default for StderrProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for StderrProgress {
    fn start(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} groepen  {elapsed_precise}  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
        }
    }

    fn group_done(&self, done: usize, total: usize, group: &GroupSummary) {
        match &self.bar {
            Some(bar) => {
                if group.status == Status::Mislukt {
                    bar.println(Self::line(done, total, group));
                }
                bar.set_message(format!("{}: {}", group.naam, group.status.label()));
                bar.set_position(done as u64);
            }
            None => eprintln!("{}", Self::line(done, total, group)),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

thread_local! {
    /// The message and place of the last panic on this thread, caught by the
    /// batch's panic hook so the overview can name it.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Builds every group of the class, in parallel; returns one summary per
/// group in the class's (sorted) order.
pub fn run(
    klas: &Klas,
    options: &BatchOptions,
    progress: &dyn Progress,
) -> Result<Vec<GroupSummary>> {
    let mut builder =
        rayon::ThreadPoolBuilder::new().thread_name(|i| format!("wijkverslag-batch-{i}"));
    if let Some(n) = options.jobs {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder
        .build()
        .map_err(|e| Error::Internal(format!("threads starten: {e}")))?;
    let base = Base::shared();
    let photos = images::Cache::global();
    let previous_capacity = photos.capacity();
    photos.set_capacity(images::Cache::BATCH_CAPACITY_BYTES);
    let build_options = BuildOptions {
        defaults: klas.defaults.clone(),
        ..BuildOptions::default()
    };
    let total = klas.groups.len();
    let done = AtomicUsize::new(0);
    let progress_lock = Mutex::new(());
    let panic_target = std::env::var(TEST_PANIC_ENV).ok();

    // Panics are reported in the overview; the default hook would scribble
    // over the progress output, so record them silently during the run.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let message = panic_message(info.payload());
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{at}")));
    }));

    progress.start(total);
    // One long-running job per thread, each taking its next step (load and
    // prepare a group, or render one) from a shared `Schedule`. Not
    // `par_iter`: a group's own parallel work (images, PDF streams) blocks
    // its thread in rayon waits, and a waiting worker steals pending jobs;
    // with `par_iter` those are *other groups*, so one thread would stack
    // group upon group and memory would grow with the class. Here the only
    // jobs to steal are short pieces of a group.
    let schedule = Mutex::new(Schedule::<Waiting>::new());
    let slots: Vec<Mutex<Option<GroupSummary>>> =
        klas.groups.iter().map(|_| Mutex::new(None)).collect();
    let finish = |index: usize, mut summary: GroupSummary, result: Result<()>| {
        if let Err(e) = result {
            let input = &klas.groups[index];
            summary.fail(&e);
            summary.bestanden.clear();
            // A name clash's files belong to the group that has the name.
            if !input.name_taken {
                remove_stale(&options.uit, &input.name);
            }
        }
        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
        let _guard = lock(&progress_lock);
        progress.group_done(n, total, &summary);
        *lock(&slots[index]) = Some(summary);
    };
    let render = |waiting: Waiting| {
        let Waiting {
            index,
            mut summary,
            ready,
        } = waiting;
        let result = guarded(|| {
            render_group(
                &klas.groups[index],
                ready,
                &base,
                &build_options,
                options,
                panic_target.as_deref(),
                &mut summary,
            )
        });
        lock(&schedule).warm = true;
        finish(index, summary, result);
    };
    pool.broadcast(|_| {
        loop {
            let step = lock(&schedule).next_step(total);
            match step {
                None => break,
                Some(Step::Render(waiting)) => render(waiting),
                Some(Step::Prepare(index)) => {
                    let input = &klas.groups[index];
                    let mut summary = GroupSummary::new(input);
                    let result = guarded(|| prepare_group(input, klas, &base, &mut summary));
                    match result {
                        Err(e) => finish(index, summary, Err(e)),
                        Ok(ready) => {
                            let waiting = Waiting {
                                index,
                                summary,
                                ready,
                            };
                            // Not in the `if let`: its lock would be held
                            // through the render.
                            let now = lock(&schedule).render_now_or_queue(waiting);
                            if let Some(now) = now {
                                render(now);
                            }
                        }
                    }
                }
            }
        }
    });
    let summaries: Vec<GroupSummary> = slots
        .into_iter()
        .zip(&klas.groups)
        .map(|(slot, input)| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| {
                    let mut s = GroupSummary::new(input);
                    s.fail(&Error::Internal("deze groep is niet gebouwd".into()));
                    s
                })
        })
        .collect();
    progress.finish();
    std::panic::set_hook(previous_hook);
    photos.set_capacity(previous_capacity);
    Ok(summaries)
}

/// Removes the outputs of an earlier run for a group that failed now, so the
/// output folder never shows an old report as if it were this one.
fn remove_stale(uit: &Path, name: &str) {
    for ext in ["pdf", "docx"] {
        let _ = std::fs::remove_file(uit.join(format!("{name}.{ext}")));
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "onbekende paniek".into()
    }
}

/// Groups prepared ahead that may wait for the first render; beyond this
/// the threads render anyway, so memory stays bounded.
const MAX_WAITING: usize = 4;

/// Which step of which group a thread takes next.
///
/// The first render of a batch fills Typst's caches: templates, fonts and
/// the text that every report shares (headings, forms, table headers).
/// Groups rendered alongside it would each fill them again (half a second
/// of work for the sample), so until it is done the other threads load
/// groups and prepare their photos ahead, which needs no Typst.
struct Schedule<W> {
    /// The next group to load.
    next: usize,
    /// Groups loaded and prepared, in the order they were, waiting to be
    /// rendered.
    waiting: VecDeque<W>,
    /// A render has started.
    first_started: bool,
    /// A render has ended: Typst's caches are filled.
    warm: bool,
}

impl<W> Schedule<W> {
    fn new() -> Self {
        Schedule {
            next: 0,
            waiting: VecDeque::new(),
            first_started: false,
            warm: false,
        }
    }

    /// A waiting group when it may be rendered, else the next group to
    /// load; `None` when all `total` groups are done or in hand.
    fn next_step(&mut self, total: usize) -> Option<Step<W>> {
        let may_render = self.warm || self.next >= total || self.waiting.len() >= MAX_WAITING;
        if may_render && let Some(waiting) = self.waiting.pop_front() {
            return Some(Step::Render(waiting));
        }
        if self.next < total {
            self.next += 1;
            return Some(Step::Prepare(self.next - 1));
        }
        None
    }

    /// The group back when it may be rendered now: it is the first, or the
    /// caches are warm. Otherwise it waits its turn.
    fn render_now_or_queue(&mut self, waiting: W) -> Option<W> {
        if self.warm || !self.first_started {
            self.first_started = true;
            Some(waiting)
        } else {
            self.waiting.push_back(waiting);
            None
        }
    }
}

#[derive(Debug, PartialEq)]
enum Step<W> {
    /// Load the group with this index and prepare its photos.
    Prepare(usize),
    /// Render a prepared group.
    Render(W),
}

/// A group between its two steps.
struct Waiting {
    index: usize,
    summary: GroupSummary,
    ready: pipeline::Ready,
}

/// The lock, also after a panic elsewhere: each group's data is its own.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs one step of a group; a panic becomes the group's error, named by
/// the batch's panic hook.
fn guarded<T>(step: impl FnOnce() -> Result<T>) -> Result<T> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    catch_unwind(AssertUnwindSafe(step)).unwrap_or_else(|payload| {
        let what = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| panic_message(&*payload));
        // A panic may leave Typst's memo caches half-filled: drop them.
        comemo::evict(0);
        Err(Error::Internal(format!(
            "het programma liep vast (paniek): {what}"
        )))
    })
}

/// Loads and checks one group and prepares its photos; fills `summary`.
fn prepare_group(
    input: &GroupInput,
    klas: &Klas,
    base: &Base,
    summary: &mut GroupSummary,
) -> Result<pipeline::Ready> {
    if let Some(reason) = &input.refused {
        return Err(Error::input(Problem::new(
            crate::Place::file(&summary.bron),
            reason.clone(),
        )));
    }
    let files = GroupFiles::open(&input.path)?;
    // Kept for a file that does not load: who handed it in can still be read.
    let raw = files.read(model::VERSLAG_TOML).ok();
    let model = match model::load_with(files, &klas.defaults) {
        Ok(m) => m,
        Err(e) => {
            if let Some(raw) = raw {
                summarize_leniently(&String::from_utf8_lossy(&raw), summary);
            }
            return Err(e);
        }
    };
    drop(raw);
    summarize_model(&model, summary);
    // Made here, on the group's own thread: the comparison afterwards only
    // merges sorted lists.
    summary.vingerafdruk = Some(Fingerprint::of_model(&model));
    summary.bevindingen.extend(
        model
            .warnings
            .iter()
            .map(|w| Bevinding::from_problem(Ernst::Waarschuwing, w)),
    );
    summary.bevindingen.extend(check_findings(&model, klas));
    pipeline::prepare_model(model, base)
}

/// Renders a prepared group and writes its files; fills `summary`.
fn render_group(
    input: &GroupInput,
    ready: pipeline::Ready,
    base: &Arc<Base>,
    build_options: &BuildOptions,
    options: &BatchOptions,
    panic_target: Option<&str>,
    summary: &mut GroupSummary,
) -> Result<()> {
    if panic_target == Some(input.name.as_str()) {
        panic!("testpaniek voor groep {} ({TEST_PANIC_ENV})", input.name);
    }
    let built = pipeline::render_ready(ready, base.clone(), build_options)?;
    for w in &built.warnings {
        let b = Bevinding::from_problem(Ernst::Waarschuwing, w);
        if !summary.bevindingen.contains(&b) {
            summary.bevindingen.push(b);
        }
    }
    summary.figuren = Some(built.figures as usize);
    summary.paginas = Some(built.pages);
    let pdf_name = format!("{}.pdf", input.name);
    super::output::write_atomic(&options.uit.join(&pdf_name), &built.pdf)?;
    summary.bestanden.push(pdf_name);
    if options.docx {
        let docx_name = format!("{}.docx", input.name);
        let bytes = docx_bytes(&built, base)?;
        super::output::write_atomic(&options.uit.join(&docx_name), &bytes)?;
        summary.bestanden.push(docx_name);
    }
    summary.status = Status::Gelukt;
    Ok(())
}

/// The `check` findings of a group, with the class's wijken list.
fn check_findings(model: &Model, klas: &Klas) -> Vec<Bevinding> {
    let options = if klas.wijken.is_empty() {
        crate::check::Options::default()
    } else {
        crate::check::Options {
            wijken: Some(klas.wijken.clone()),
            wijken_bron: Some(
                klas.dir
                    .join(super::discover::KLAS_TOML)
                    .display()
                    .to_string(),
            ),
        }
    };
    crate::check::check_with(model, &options)
        .iter()
        .map(|f| {
            let ernst = match f.level {
                crate::check::Level::Fout => Ernst::Fout,
                crate::check::Level::Waarschuwing => Ernst::Waarschuwing,
            };
            Bevinding::from_problem(ernst, &f.to_problem())
        })
        .collect()
}

/// The group's report as DOCX.
fn docx_bytes(built: &pipeline::Built, base: &Arc<Base>) -> Result<Vec<u8>> {
    crate::render::docx::docx(&built.document, &built.images, base.clone())
}

/// The wijk and members of a group whose verslag.toml did not load, as far
/// as they can be read from the file; what cannot be read stays empty.
fn summarize_leniently(text: &str, s: &mut GroupSummary) {
    let read = super::lenient::read(text);
    if let Some((wijk, plaats)) = read.wijk {
        s.wijk = Some(wijk);
        s.wijk_plaats = plaats.to_string();
    }
    for lid in read.leden {
        s.groepsleden.push(lid.naam);
        s.studentnummers.push(lid.studentnummer);
        s.groepsleden_plaats.push(lid.plaats.to_string());
    }
}

/// The counts the overview shows, taken from the loaded model.
fn summarize_model(model: &Model, s: &mut GroupSummary) {
    let v = &model.verslag;
    s.geladen = true;
    s.wijk = Some(v.verslag.wijk.trim().to_string());
    s.wijk_plaats = model.spans.place("verslag.wijk").to_string();
    s.klas = v
        .verslag
        .klas
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string);
    s.groepsleden = v
        .groepsleden
        .iter()
        .map(|g| g.naam.trim().to_string())
        .collect();
    s.studentnummers = v
        .groepsleden
        .iter()
        .map(|g| {
            g.studentnummer
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect();
    s.groepsleden_plaats = (0..v.groepsleden.len())
        .map(|i| {
            model
                .spans
                .place(&format!("groepsleden[{i}].naam"))
                .to_string()
        })
        .collect();
    s.woorden = (1..=model.chapter_count())
        .map(|n| model.chapters.get(&n).map_or(0, |md| count_words(&md.text)))
        .collect();
    s.interventies = Some(v.interventies.len());
    let filled = |o: &Option<String>| o.as_deref().is_some_and(|t| !t.trim().is_empty());
    let smart_ok = v
        .verbeterpunten
        .iter()
        .filter(|p| {
            filled(&p.specifiek)
                && filled(&p.meetbaar)
                && filled(&p.acceptabel)
                && filled(&p.realistisch)
                && filled(&p.tijdgebonden)
        })
        .count();
    s.smart = Some((smart_ok, v.verbeterpunten.len()));
    let factors = model.forms.factor_ids();
    let rated = factors
        .iter()
        .filter(|id| v.checklist.get(**id).is_some_and(|b| b.oordeel.is_some()))
        .count();
    s.checklist = Some((rated, factors.len()));
    s.onderzoeken = Some(
        v.checklist
            .values()
            .filter(|b| b.zekerheid.is_some_and(|z| z.needs_investigation()))
            .count(),
    );
    s.bronnen = Some(v.bronnen.len());
}

/// Words a student wrote in a chapter file: comments, image and link
/// targets and Markdown markers left out.
pub fn count_words(markdown: &str) -> usize {
    let visible = crate::document::markdown::blank_comments(markdown);
    let mut text = String::with_capacity(visible.len());
    let mut rest = visible.as_str();
    // Drop `](target)` of links and images: a path is not a word.
    while let Some(i) = rest.find("](") {
        text.push_str(&rest[..i]);
        text.push(' ');
        match rest[i..].find(')') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::{MAX_WAITING, Schedule, Step, count_words};

    #[test]
    fn groups_wait_for_the_first_render_then_go_first() {
        let mut s = Schedule::new();
        assert_eq!(s.next_step(4), Some(Step::Prepare(0)));
        assert_eq!(s.next_step(4), Some(Step::Prepare(1)));
        // The first group prepared renders at once, whichever it is.
        assert_eq!(s.render_now_or_queue(1), Some(1));
        // The other thread prepares ahead while that render runs.
        assert_eq!(s.render_now_or_queue(0), None);
        assert_eq!(s.next_step(4), Some(Step::Prepare(2)));
        assert_eq!(s.render_now_or_queue(2), None);
        // Once a render has ended, the waiting groups come before new ones.
        s.warm = true;
        assert_eq!(s.next_step(4), Some(Step::Render(0)));
        assert_eq!(s.next_step(4), Some(Step::Render(2)));
        assert_eq!(s.next_step(4), Some(Step::Prepare(3)));
        assert_eq!(s.render_now_or_queue(3), Some(3));
        assert_eq!(s.next_step(4), None);
    }

    #[test]
    fn waiting_groups_render_cold_when_nothing_else_is_left_or_too_many_wait() {
        let total = MAX_WAITING + 3;
        let mut s = Schedule::new();
        assert_eq!(s.next_step(total), Some(Step::Prepare(0)));
        assert_eq!(s.render_now_or_queue(0), Some(0));
        for i in 1..=MAX_WAITING {
            assert_eq!(s.next_step(total), Some(Step::Prepare(i)));
            assert_eq!(s.render_now_or_queue(i), None);
        }
        // A full queue is rendered from, so memory stays bounded.
        assert_eq!(s.next_step(total), Some(Step::Render(1)));
        assert_eq!(s.next_step(total), Some(Step::Prepare(MAX_WAITING + 1)));
        assert_eq!(s.render_now_or_queue(MAX_WAITING + 1), None);
        assert_eq!(s.next_step(total), Some(Step::Render(2)));
        assert_eq!(s.next_step(total), Some(Step::Prepare(MAX_WAITING + 2)));
        assert_eq!(s.render_now_or_queue(MAX_WAITING + 2), None);
        // All loaded: no thread waits for the first render to end.
        let rest: Vec<_> = std::iter::from_fn(|| s.next_step(total)).collect();
        let expected: Vec<_> = (3..=MAX_WAITING + 2).map(Step::Render).collect();
        assert_eq!(rest, expected);
    }

    #[test]
    fn words_leave_out_comments_and_targets() {
        let md = "# Inleiding\n<!-- Wat is de wijk? -->\nBeijum is een wijk.\n\n![Speeltuin bij school](../fotos/a.jpg \"50%\")\n- punt één\n";
        // Inleiding, Beijum, is, een, wijk., Speeltuin, bij, school, punt, één
        assert_eq!(count_words(md), 10);
    }
}
