//! Where each value of `verslag.toml` stands, so that every message can say
//! `verslag.toml:14:9`.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::error::{Place, line_col};

/// Byte ranges of every key path in a TOML document.
///
/// Paths look like `verslag.titel`, `checklist.huisvesting.oordeel`,
/// `interventies[2].doelgroep`.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    file: String,
    text: String,
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
    strings: Vec<(String, Range<usize>, String)>,
}

impl Spans {
    /// Indexes `text` (already known to parse).
    pub fn new(file: &str, text: &str) -> Spans {
        let mut spans = Spans {
            file: file.into(),
            text: text.into(),
            ..Spans::default()
        };
        if let Ok(root) = DeTable::parse(text) {
            spans.values.insert(String::new(), root.span());
            spans.walk_table(String::new(), root.get_ref());
        }
        spans
    }

    fn walk_table(&mut self, prefix: String, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            self.keys.insert(path.clone(), key.span());
            self.values.insert(path.clone(), value.span());
            self.walk_value(path, value.get_ref(), value.span());
        }
    }

    fn walk_value(&mut self, path: String, value: &DeValue<'_>, span: Range<usize>) {
        match value {
            DeValue::Table(t) => self.walk_table(path, t),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    self.values.insert(p.clone(), item.span());
                    self.walk_value(p, item.get_ref(), item.span());
                }
            }
            DeValue::String(s) => self.strings.push((path, span, s.to_string())),
            _ => {}
        }
    }

    /// The place of the value at `path`, or of the nearest enclosing table.
    pub fn place(&self, path: &str) -> Place {
        let mut p = path.to_string();
        loop {
            if let Some(r) = self.values.get(&p) {
                return self.place_of(r.start);
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None => return Place::file(&self.file),
            }
        }
    }

    /// The place of the key at `path` (falls back to the value).
    pub fn key_place(&self, path: &str) -> Place {
        match self.keys.get(path) {
            Some(r) => self.place_of(r.start),
            None => self.place(path),
        }
    }

    /// The value at `path` as typed in the file, quotes and escapes included.
    pub fn raw(&self, path: &str) -> Option<&str> {
        self.values.get(path).and_then(|r| self.text.get(r.clone()))
    }

    /// Whether a key path is present.
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }

    /// The place of a byte offset.
    pub fn place_of(&self, offset: usize) -> Place {
        let (line, col) = line_col(&self.text, offset);
        Place::at(&self.file, line, col)
    }

    /// Every string value with its key path and byte range, in document order.
    pub fn strings(&self) -> &[(String, Range<usize>, String)] {
        &self.strings
    }

    /// The place of `needle` as typed inside the value at `range`, or of the
    /// value when it is not there as typed (an escape in between).
    pub fn place_within(&self, range: &Range<usize>, needle: &str) -> Place {
        let at = self
            .text
            .get(range.clone())
            .and_then(|raw| raw.find(needle))
            .map_or(range.start, |i| range.start + i);
        self.place_of(at)
    }

    /// The file these spans index.
    pub fn file(&self) -> &str {
        &self.file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_and_array_paths() {
        let text = "[verslag]\ntitel = \"A\"\n\n[[interventies]]\ntitel = \"x\"\n\n[[interventies]]\ntitel = \"y\"\ndoelgroep = \"z\"\n\n[checklist]\nhuisvesting = { oordeel = \"goed\" }\n";
        let s = Spans::new("verslag.toml", text);
        assert_eq!(s.place("verslag.titel").to_string(), "verslag.toml:2:9");
        assert_eq!(
            s.place("interventies[1].doelgroep").to_string(),
            "verslag.toml:9:13"
        );
        assert_eq!(
            s.place("checklist.huisvesting.oordeel").to_string(),
            "verslag.toml:12:27"
        );
        // A missing key falls back to its table.
        assert_eq!(
            s.place("interventies[1].aanpak").line,
            s.place("interventies[1]").line
        );
        assert_eq!(s.strings().len(), 5);
    }
}
