//! Render: backends that see only the document IR.

pub mod docx;
pub mod typst;
