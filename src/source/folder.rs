//! Reading an existing folder of HTML (a site exported from another CMS, or
//! Schoolgate's own output) into the rendered site model, so the same
//! checks run on it.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::BuildError;
use crate::site::{Asset, AssetKind, Page, RenderedSite, SourceRef};

/// Loads every file under `dir`: `.html` files become pages, the rest assets.
pub fn load_folder(dir: &Path) -> Result<RenderedSite, BuildError> {
    if !dir.is_dir() {
        return Err(BuildError::Other {
            message: format!("{} is not a folder", dir.display()),
            hint: "Give the folder that holds the site's index.html.".into(),
        });
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| BuildError::Read { path: dir.to_path_buf(), source: e.into() })?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    let loaded: Vec<Result<Either, BuildError>> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            let lower = rel.to_ascii_lowercase();
            let is_page = lower.ends_with(".html") || lower.ends_with(".htm");
            let limit = if is_page { crate::limits::MAX_PAGE_BYTES } else { crate::limits::MAX_ASSET_BYTES };
            let bytes = crate::input::read_input(path, limit)?;
            if is_page {
                let url = match rel.strip_suffix("index.html") {
                    Some(prefix) if prefix.is_empty() || prefix.ends_with('/') => format!("/{prefix}"),
                    _ => format!("/{rel}"),
                };
                let html = String::from_utf8_lossy(&bytes).into_owned();
                return Ok(Either::Page(Page {
                    url,
                    html,
                    source: Some(SourceRef::file(path)),
                    photo_declarations: vec![],
                }));
            }
            let url = format!("/{rel}");
            let kind = AssetKind::from_path(&url);
            let original_metadata = (kind == AssetKind::Image).then(|| image_metadata(path, &bytes)).flatten();
            let text = crate::publish::readable_text(path, &bytes);
            let bytes: Arc<[u8]> = bytes.into();
            Ok(Either::Asset(Asset { url, kind, bytes, original_metadata, source: Some(SourceRef::file(path)), text }))
        })
        .collect();
    let mut site = RenderedSite::default();
    for r in loaded {
        match r? {
            Either::Page(p) => site.pages.push(p),
            Either::Asset(a) => site.assets.push(a),
        }
    }
    Ok(site)
}

/// What a published photo says about itself, plus any `.xmp` sidecar left
/// beside it (photo tools keep people tags there; a sidecar published with
/// the site is as public as the photo).
fn image_metadata(path: &Path, bytes: &[u8]) -> Option<crate::metadata::ImageMetadata> {
    let mut meta = crate::metadata::read_metadata(bytes).ok()?;
    for sidecar in crate::metadata::sidecar_paths(path).iter().filter(|p| p.is_file()) {
        if let Some(tags) = crate::input::read_input(sidecar, crate::limits::MAX_SETTINGS_BYTES)
            .ok()
            .and_then(|b| crate::metadata::read_sidecar(&b).ok())
        {
            meta.merge(tags);
        }
    }
    Some(meta)
}

enum Either {
    Page(Page),
    Asset(Asset),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_become_folder_urls() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("news/a")).unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>Home</p>").unwrap();
        std::fs::write(dir.path().join("news/a/index.html"), "<p>A</p>").unwrap();
        std::fs::write(dir.path().join("about.html"), "<p>About</p>").unwrap();
        std::fs::write(dir.path().join("news/a/letter.pdf"), "%PDF-1.4").unwrap();
        let site = load_folder(dir.path()).unwrap();
        let mut urls: Vec<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
        urls.sort();
        assert_eq!(urls, ["/", "/about.html", "/news/a/"]);
        assert_eq!(site.assets[0].url, "/news/a/letter.pdf");
        assert_eq!(site.assets[0].kind, AssetKind::Pdf);
    }
}
