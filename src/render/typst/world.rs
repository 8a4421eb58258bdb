//! A cheap world per report: its JSON, its prepared images, its date.

use std::collections::HashMap;
use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::base::{Base, template_id};

/// Virtual path of the main file.
pub const MAIN: &str = "/main.typ";
/// Virtual path of the document data.
pub const DATA: &str = "/verslag.json";

/// One report's world. Everything not listed here is `AccessDenied`.
pub struct ReportWorld {
    base: Arc<Base>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl ReportWorld {
    /// A world whose main file is `main` and which serves `data` as
    /// `/verslag.json` and `files` under their fixed virtual paths.
    pub fn new(
        base: Arc<Base>,
        main: &str,
        data: Vec<u8>,
        files: Vec<(String, Bytes)>,
        ymd: (i32, u8, u8),
    ) -> Self {
        let main_id = template_id(MAIN);
        let mut map = HashMap::new();
        map.insert(template_id(DATA), Bytes::new(data));
        for (path, bytes) in files {
            map.insert(template_id(&path), bytes);
        }
        let today = Datetime::from_ymd(ymd.0, ymd.1, ymd.2)
            .unwrap_or_else(|| Datetime::from_ymd(2000, 1, 1).expect("valid date"));
        ReportWorld {
            base,
            main: Source::new(main_id, main.to_string()),
            files: map,
            today,
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.base
            .sources
            .get(&id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(b) = self.files.get(&id) {
            return Ok(b.clone());
        }
        match self.base.sources.get(&id) {
            Some(s) => Ok(Bytes::from_string(s.clone())),
            None => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
