//! `build --emit-typst`: the project stands on its own. It is compiled here
//! the way typst-cli compiles a folder (`typst compile --root MAP
//! --font-path MAP/lettertypen --ignore-system-fonts MAP/main.typ`): a world
//! that sees only the project's files and fonts, nothing of wijkverslag. The
//! pages must carry the same text as wijkverslag's own PDF.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// A folder on disk as typst-cli sees it with `--root`.
struct ProjectWorld {
    root: PathBuf,
    main: FileId,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl ProjectWorld {
    fn new(root: &Path) -> Self {
        let mut fonts = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("lettertypen"))
            .expect("lettertypen/ in het project")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            fonts.extend(Font::iter(Bytes::new(std::fs::read(path).unwrap())));
        }
        let book = FontBook::from_infos(fonts.iter().map(|f| f.info().clone()));
        Self {
            root: root.to_path_buf(),
            main: id("main.typ"),
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
        }
    }

    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        let path = id
            .vpath()
            .realize(&self.root)
            .map_err(|_| FileError::AccessDenied)?;
        std::fs::read(&path).map_err(|e| FileError::from_io(e, &path))
    }
}

fn id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).unwrap()).intern()
}

impl World for ProjectWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let bytes = self.read(id)?;
        let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2019, 12, 23)
    }
}

#[test]
fn emitted_project_compiles_on_its_own_to_the_same_pages() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("verslag.pdf");
    let project = out.path().join("project");
    let (code, _, err) = run(&[
        "build",
        sample().to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--emit-typst",
        project.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");

    let world = ProjectWorld::new(&project);
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .unwrap_or_else(|diags| panic!("het project compileert niet: {diags:?}"));
    let bytes = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .unwrap_or_else(|diags| panic!("PDF-export faalde: {diags:?}"));
    let again = out.path().join("project.pdf");
    std::fs::write(&again, bytes).unwrap();

    assert_eq!(pdf_pages(&again), pdf_pages(&pdf), "ander aantal pagina's");
    assert_eq!(
        pdf_text(&again),
        pdf_text(&pdf),
        "het Typst-project geeft andere tekst dan wijkverslag"
    );
}

/// `--emit-typst` never writes its fonts and templates among other files:
/// the group folder itself is refused, with nothing written; a project
/// emitted before is replaced whole, with no half project left beside it.
#[test]
fn emit_refuses_a_folder_in_use_and_replaces_its_own_project() {
    let group = fixture(&[
        ("verslag.toml", MINIMAL_TOML),
        ("hoofdstukken/1-wijk-bepalen.md", "Tekst.\n"),
    ]);
    let before: Vec<_> = std::fs::read_dir(group.path()).unwrap().collect();
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("v.pdf");
    let g = group.path().to_str().unwrap();
    let (code, _, err) = run(&["build", g, "-o", pdf.to_str().unwrap(), "--emit-typst", g]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("deze map bestaat al en is geen eerder Typst-project van wijkverslag"),
        "{err}"
    );
    assert!(err.contains("tip: kies een nieuwe of lege map"), "{err}");
    assert_eq!(
        std::fs::read_dir(group.path()).unwrap().count(),
        before.len()
    );
    assert!(!pdf.exists());

    let project = out.path().join("project");
    let p = project.to_str().unwrap();
    for _ in 0..2 {
        let (code, _, err) = run(&["build", g, "-o", pdf.to_str().unwrap(), "--emit-typst", p]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(project.join("main.typ").is_file());
    let mut beside: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["project", "v.pdf"]);
}
