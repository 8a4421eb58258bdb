//! Lower: the document IR and how a Model becomes one.

pub mod apa;
pub mod cbs_part;
pub mod ir;
pub mod lower;
pub mod markdown;
pub mod parts;
pub mod slots;
pub mod toml_cites;

pub use ir::*;
pub use lower::{Lowered, lower};
