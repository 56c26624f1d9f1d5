//! The demo school built into the binary: what `schoolgate init` writes out.

use include_dir::{Dir, include_dir};

/// The demo school's Markdown, photos and documents.
pub static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
/// The demo school's fictional consent register and staff list.
pub static PRIVATE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/private");
/// The demo school's settings.
pub const CONFIG: &str = include_str!("../schoolgate.toml");
