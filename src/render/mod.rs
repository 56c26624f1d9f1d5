//! Rendering: content + templates → the rendered site model.
pub mod markdown;
