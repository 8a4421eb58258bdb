//! Render: backends that see only the document IR.

pub mod typst;
