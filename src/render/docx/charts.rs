//! Charts, the sociale-kaart diagram, the CBS map and SVG figures as PNG pictures, drawn
//! by the same template functions as the PDF (`grafieken.typ`), so they look
//! the same in both.
//!
//! All of a report's pictures are one small Typst document, one page each,
//! compiled once and rasterised page by page.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};
use typst::diag::Warned;
use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use crate::document::{Block, Document};
use crate::error::{Error, Result};
use crate::images::{Format, Prepared};
use crate::render::typst::Base;
use crate::render::typst::world::ReportWorld;

/// Pixels per point: 200 dpi, sharp in print and small in the file.
const PIXEL_PER_PT: f32 = 200.0 / 72.0;

/// The Typst main file: one page per picture, as wide as the text.
const MAIN: &str = r#"#import "/sjablonen/grafieken.typ": chart, ring-diagram
#import "/sjablonen/kaart.typ": map-drawing
#import "/sjablonen/opmaak.typ": body-fonts
#set page(width: 16cm, height: auto, margin: 2pt, fill: white)
#set text(font: body-fonts, size: 11pt, lang: "nl")
#let d = json("/verslag.json")
#for (i, it) in d.items.enumerate() {
  if i > 0 { pagebreak() }
  if it.kind == "chart" { chart(it.data) }
  else if it.kind == "ring" { ring-diagram(it.data) }
  else if it.kind == "map" { align(center, block(stroke: 0.5pt + luma(200), inset: 6pt, map-drawing(it.data.kaart))) }
  else { image(it.src, width: 100%) }
}
"#;

/// A picture rendered by Typst.
#[derive(Debug, Clone)]
pub struct Raster {
    /// PNG bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Natural width in EMU (at most the text width).
    pub width_emu: u64,
}

/// The rendered pictures of one report.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    by_figure: BTreeMap<u32, Raster>,
    by_src: BTreeMap<String, Raster>,
}

impl Charts {
    /// The chart or diagram of figure `num`.
    pub fn figure(&self, num: u32) -> Option<&Raster> {
        self.by_figure.get(&num)
    }

    /// The raster of an SVG figure by its virtual path.
    pub fn image(&self, src: &str) -> Option<&Raster> {
        self.by_src.get(src)
    }

    /// Number of pictures.
    pub fn len(&self) -> usize {
        self.by_figure.len() + self.by_src.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

enum Key {
    Figure(u32),
    Src(String),
}

/// Renders every chart, sociale-kaart diagram and SVG figure of `doc`.
pub fn render(doc: &Document, images: &[(String, Prepared)], base: Arc<Base>) -> Result<Charts> {
    let mut items = Vec::new();
    let mut keys = Vec::new();
    doc.walk_blocks(&mut |b| match b {
        Block::Part { kind, data } if kind == "grafiek" => {
            keys.push(Key::Figure(data["figuur"].as_u64().unwrap_or(0) as u32));
            items.push(json!({"kind": "chart", "data": data}));
        }
        Block::Part { kind, data } if kind == "kaart" => {
            keys.push(Key::Figure(data["figuur"].as_u64().unwrap_or(0) as u32));
            items.push(json!({"kind": "map", "data": data}));
        }
        Block::Part { kind, data } if kind == "sociale-kaart" => {
            keys.push(Key::Figure(data["figuur"].as_u64().unwrap_or(0) as u32));
            items.push(json!({"kind": "ring", "data": data}));
        }
        Block::Figure { src, .. }
            if images
                .iter()
                .any(|(s, p)| s == src && p.format == Format::Svg)
                && !keys.iter().any(|k| matches!(k, Key::Src(s) if s == src)) =>
        {
            keys.push(Key::Src(src.clone()));
            items.push(json!({"kind": "svg", "src": src}));
        }
        _ => {}
    });
    let mut out = Charts::default();
    if items.is_empty() {
        return Ok(out);
    }
    let data = serde_json::to_vec(&Value::Object(
        [("items".to_string(), Value::Array(items))]
            .into_iter()
            .collect(),
    ))
    .map_err(|e| Error::Internal(e.to_string()))?;
    let files: Vec<(String, Bytes)> = images
        .iter()
        .filter(|(_, p)| p.format == Format::Svg)
        .map(|(s, p)| (s.clone(), Bytes::new(p.bytes.as_ref().clone())))
        .collect();
    let world = ReportWorld::new(base, MAIN, data, files, doc.meta.ymd);
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let compiled = output.map_err(|diags| {
        Error::Internal(format!(
            "grafieken voor DOCX: {}",
            diags
                .iter()
                .map(|d| d.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ))
    });
    let result = compiled.and_then(|document| {
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(PIXEL_PER_PT as f64),
            ..Default::default()
        };
        for (page, key) in document.pages().iter().zip(keys) {
            let pixmap = typst_render::render(page, &options);
            let png = pixmap
                .encode_png()
                .map_err(|e| Error::Internal(format!("PNG: {e}")))?;
            let width_pt = page.frame.width().to_pt();
            let width_emu = ((width_pt * 12_700.0).round() as u64).min(super::TEXT_W_EMU);
            let raster = Raster {
                png,
                width: pixmap.width(),
                height: pixmap.height(),
                width_emu,
            };
            match key {
                Key::Figure(n) => out.by_figure.insert(n, raster),
                Key::Src(s) => out.by_src.insert(s, raster),
            };
        }
        Ok(out)
    });
    comemo::evict(crate::render::typst::CACHE_RENDERS);
    result
}
