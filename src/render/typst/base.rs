//! The shared base: fonts, the standard library and the parsed templates,
//! built once per process and shared by every report and thread.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

use crate::error::{Error, Result};

/// The templates embedded in the binary: (virtual path, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "/sjablonen/verslag.typ",
        include_str!("../../../typst-templates/verslag.typ"),
    ),
    (
        "/sjablonen/opmaak.typ",
        include_str!("../../../typst-templates/opmaak.typ"),
    ),
    (
        "/sjablonen/inhoud.typ",
        include_str!("../../../typst-templates/inhoud.typ"),
    ),
    (
        "/sjablonen/onderdelen.typ",
        include_str!("../../../typst-templates/onderdelen.typ"),
    ),
    (
        "/sjablonen/formulieren.typ",
        include_str!("../../../typst-templates/formulieren.typ"),
    ),
    (
        "/sjablonen/grafieken.typ",
        include_str!("../../../typst-templates/grafieken.typ"),
    ),
    (
        "/sjablonen/kaart.typ",
        include_str!("../../../typst-templates/kaart.typ"),
    ),
    (
        "/sjablonen/overzicht.typ",
        include_str!("../../../typst-templates/overzicht.typ"),
    ),
];

/// The fonts embedded in the binary besides typst-assets' own.
const FONTS: &[&[u8]] = &[
    include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../../../fonts/NotoSans-BoldItalic.ttf"),
    include_bytes!("../../../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../../../fonts/NotoSansHebrew-Regular.ttf"),
    include_bytes!("../../../fonts/NotoSansHebrew-Bold.ttf"),
    include_bytes!("../../../fonts/NotoColorEmoji.ttf"),
];

/// Font files embedded in the binary, with the names `--emit-typst` writes them under.
pub fn embedded_font_files() -> Vec<(String, &'static [u8])> {
    let mut out: Vec<(String, &'static [u8])> = typst_assets::fonts()
        .enumerate()
        .map(|(i, f)| (format!("typst-assets-{i}.otf"), f))
        .collect();
    out.extend(
        FONTS
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("wijkverslag-{i}.ttf"), *f)),
    );
    out
}

/// The shared base of every render.
pub struct Base {
    /// The standard library.
    pub library: LazyHash<Library>,
    /// Metadata of all fonts.
    pub book: LazyHash<FontBook>,
    /// The fonts, indexed like the book.
    pub fonts: Vec<Font>,
    /// The parsed templates by file id.
    pub sources: HashMap<FileId, Source>,
}

static SHARED: LazyLock<Arc<Base>> = LazyLock::new(|| Arc::new(Base::build(Vec::new())));

impl Base {
    /// The process-wide base with the embedded fonts.
    pub fn shared() -> Arc<Base> {
        SHARED.clone()
    }

    /// The shared base, or one with the fonts of `--lettertypen MAP` added.
    pub fn with_fonts(dir: Option<&Path>) -> Result<Arc<Base>> {
        match dir {
            Some(dir) => Base::with_font_dir(dir),
            None => Ok(Base::shared()),
        }
    }

    /// A base with extra fonts from a folder (`--lettertypen MAP`).
    pub fn with_font_dir(dir: &Path) -> Result<Arc<Base>> {
        let mut extra = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display(), &e))?;
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            if matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                let data = std::fs::read(&p).map_err(|e| Error::io(p.display(), &e))?;
                extra.push(Bytes::new(data));
            }
        }
        if extra.is_empty() {
            return Err(Error::Io {
                path: dir.display().to_string(),
                message: "in deze map staan geen lettertypen (.ttf, .otf)".into(),
            });
        }
        Ok(Arc::new(Base::build(extra)))
    }

    fn build(extra: Vec<Bytes>) -> Base {
        let mut fonts = Vec::new();
        // Extra fonts come first so that a family the user brings wins.
        for data in extra {
            fonts.extend(Font::iter(data));
        }
        for data in typst_assets::fonts() {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        for data in FONTS {
            fonts.extend(Font::iter(Bytes::new(*data)));
        }
        let book = FontBook::from_infos(fonts.iter().map(|f| f.info().clone()));
        let sources = TEMPLATES
            .iter()
            .map(|(path, text)| {
                let id = template_id(path);
                (id, Source::new(id, text.to_string()))
            })
            .collect();
        Base {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            sources,
        }
    }

    /// Whether some font can show `c`.
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
    }
}

/// The file id of a fixed virtual path. Ids are interned globally and never
/// freed, so only a bounded set of paths is ever used.
pub fn template_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid virtual path"),
    )
    .intern()
}
