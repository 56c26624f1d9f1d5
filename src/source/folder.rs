//! Reading an existing folder of HTML (a site exported from another CMS, or
//! Schoolgate's own output) into the rendered site model, so the same
//! checks run on it.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::audit::rules::links;
use crate::audit::{Finding, Location, Severity};
use crate::error::BuildError;
use crate::guard;
use crate::site::{Asset, AssetKind, Page, RenderedSite, SourceRef};

/// A folder read for auditing, and what reading it found about its
/// shortcuts (symlinks) that are not files of the site.
#[derive(Debug, Default)]
pub struct LoadedFolder {
    pub site: RenderedSite,
    pub findings: Vec<Finding>,
}

/// Loads every file under `dir`: `.html` files become pages, the rest assets.
///
/// Shortcuts (symlinks) are followed while they stay inside `dir`, as a web
/// server serving the folder would. One that leads outside is not read (an
/// audit reads only what it was pointed at) and one that leads nowhere is
/// not a file: each is a finding naming the link, and its address is marked
/// as accounted for so the link checks do not call it "a page that does not
/// exist".
pub fn load_folder(dir: &Path) -> Result<LoadedFolder, BuildError> {
    if !dir.is_dir() {
        return Err(BuildError::Other {
            message: format!("{} is not a folder", dir.display()),
            hint: "Give the folder that holds the site's index.html.".into(),
        });
    }
    let root = guard::resolve(dir)?;
    let url_of = |path: &Path| {
        let rel = path.strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
        format!("/{rel}")
    };
    let mut files = Vec::new();
    let mut out = LoadedFolder::default();
    let mut walk = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => match e.path().filter(|p| p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())) {
                // A dangling shortcut, or one in a loop.
                Some(link) => {
                    let url = url_of(link);
                    out.findings.push(symlink_finding(links::SYMLINK_BROKEN, &url, link, None));
                    out.site.unchecked.insert(url);
                    continue;
                }
                None => return Err(BuildError::Read { path: dir.to_path_buf(), source: e.into() }),
            },
        };
        if entry.path_is_symlink() {
            let target = guard::resolve(entry.path())?;
            if !target.starts_with(&root) {
                let url = url_of(entry.path());
                out.findings.push(symlink_finding(links::SYMLINK_OUTSIDE, &url, entry.path(), Some(&target)));
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                out.site.unchecked.insert(url);
                continue;
            }
        }
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
                    shared_to: vec![],
                }));
            }
            let url = format!("/{rel}");
            let kind = AssetKind::from_path(&url);
            let original_metadata = kind.shows_people().then(|| image_metadata(path, &bytes)).flatten();
            let text = crate::publish::readable_text(path, &bytes);
            let bytes: Arc<[u8]> = bytes.into();
            Ok(Either::Asset(Asset {
                url,
                kind,
                bytes,
                original_metadata,
                source: Some(SourceRef::file(path)),
                text,
                original_document: None,
            }))
        })
        .collect();
    for r in loaded {
        match r? {
            Either::Page(p) => out.site.pages.push(p),
            Either::Asset(a) => out.site.assets.push(a),
        }
    }
    Ok(out)
}

fn symlink_finding(rule: &'static str, url: &str, link: &Path, target: Option<&Path>) -> Finding {
    let source = SourceRef::file(link);
    let name = link.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (message, help) = match target {
        Some(t) => (
            format!(
                "{name} is a shortcut (symlink) to {}, outside the audited folder, so it was not checked.",
                t.display()
            ),
            "Replace the shortcut with a copy of the file inside the site's folder, or delete it if it should not be published.",
        ),
        None => (
            format!(
                "{name} is a shortcut (symlink) that points at nothing (or loops), so visitors get \"page not found\"."
            ),
            "Replace the shortcut with the file itself, or delete it and the links to it.",
        ),
    };
    Finding::new(rule, Severity::Warning, Location::asset(url, Some(&source)), message, help)
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
        let site = load_folder(dir.path()).unwrap().site;
        let mut urls: Vec<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
        urls.sort();
        assert_eq!(urls, ["/", "/about.html", "/news/a/"]);
        assert_eq!(site.assets[0].url, "/news/a/letter.pdf");
        assert_eq!(site.assets[0].kind, AssetKind::Pdf);
    }
}
