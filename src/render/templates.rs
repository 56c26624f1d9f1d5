//! Loading the Tera templates and turning Tera's errors into plain English.

use std::path::Path;

use tera::Tera;

use crate::error::BuildError;

/// The templates shipped inside the binary, used when a site has no
/// `site-template/` folder of its own.
static EMBEDDED: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/site-template");

/// The embedded copy of `site-template/` (for `init` and as a fallback).
pub fn embedded() -> &'static include_dir::Dir<'static> {
    &EMBEDDED
}

/// Templates of files Schoolgate always writes (not pages a school chooses
/// to have). A school may override them like any template; a school whose
/// own `templates/` folder predates them gets the embedded copy, so its
/// site keeps a sitemap and feeds.
pub const GENERATED: &[&str] = &["sitemap.xml", "atom.xml"];

/// An empty Tera set up the way every Schoolgate template expects:
/// autoescaping on for `.html` and `.xml` (Tera's default list), with
/// [`crate::escape::html`], the one escape, rather than Tera's own (which
/// also turns `/` into `&#x2F;`, making every address unreadable).
pub fn new_tera() -> Tera {
    let mut tera = Tera::default();
    tera.set_escape_fn(crate::escape::html);
    tera
}

/// Every template file of an embedded folder, named by its path below
/// `dir` (`partials/header.html`), added to `tera`.
pub fn add_embedded(tera: &mut Tera, dir: &include_dir::Dir<'static>) -> Result<(), tera::Error> {
    let mut sources = Vec::new();
    collect_embedded(dir, dir.path(), &mut sources);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// Loads templates from `dir/templates`, or the embedded ones when the
/// site has none. [`GENERATED`] templates the folder lacks are embedded.
pub fn load(dir: &Path) -> Result<Tera, BuildError> {
    let templates = dir.join("templates");
    let mut tera = new_tera();
    let mut sources: Vec<(String, String)> = Vec::new();
    if templates.is_dir() {
        for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry.map_err(|e| BuildError::Read { path: templates.clone(), source: e.into() })?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "html" || e == "xml") {
                let name = entry
                    .path()
                    .strip_prefix(&templates)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|source| BuildError::Read { path: entry.path().to_path_buf(), source })?;
                sources.push((name, text));
            }
        }
    } else if let Some(t) = EMBEDDED.get_dir("templates") {
        collect_embedded(t, t.path(), &mut sources);
    }
    for name in GENERATED {
        if !sources.iter().any(|(n, _)| n == name)
            && let Some(text) = EMBEDDED.get_file(format!("templates/{name}")).and_then(|f| f.contents_utf8())
        {
            sources.push((name.to_string(), text.to_string()));
        }
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| {
        BuildError::Template { template: templates.display().to_string(), page: None, message: chain(&e) }
    })?;
    Ok(tera)
}

/// The files under `dir`, named relative to `base`.
fn collect_embedded(dir: &include_dir::Dir<'static>, base: &Path, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if let (Some(text), Ok(name)) = (f.contents_utf8(), f.path().strip_prefix(base)) {
            out.push((name.to_string_lossy().replace('\\', "/"), text.to_string()));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, base, out);
    }
}

/// Tera nests the useful message several errors deep; join them all.
pub fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}
