//! Loading `content/`: Markdown pages, sections and the files beside them.
//!
//! The conventions are Zola's so existing sites move over: a folder with an
//! `_index.md` is a section, `name.md` is a page, a folder with `index.md` is
//! a page bundle whose photos and documents sit next to it, and a file name
//! starting with a date (`2026-09-14-sports-day.md`) gives the page its date.

pub mod front_matter;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::BuildError;
pub use front_matter::{FrontMatter, SortBy};

/// What pages and sections have in common.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path of the Markdown file (as given: under the site root).
    pub file: PathBuf,
    /// Path inside `content/`, with `/` separators: `news/_index.md`.
    pub rel: String,
    pub front: FrontMatter,
    pub body: String,
    /// 1-based line of the first body line in `file`.
    pub body_line: usize,
    /// Site-relative URL, ending in `/`.
    pub url: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Folder that relative file references are resolved against.
    pub dir: PathBuf,
}

/// A section: a folder with an `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    pub doc: Document,
    pub parent: Option<usize>,
    /// Pages directly in this section, in display order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// 0 for the home page, 1 for top-level sections.
    pub depth: usize,
}

/// An ordinary page.
#[derive(Debug, Clone)]
pub struct ContentPage {
    pub doc: Document,
    pub section: usize,
}

/// A file that is published as it is (after image processing for photos).
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub file: PathBuf,
    pub url: String,
}

/// Everything in `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub sections: Vec<Section>,
    pub pages: Vec<ContentPage>,
    pub assets: Vec<ContentAsset>,
    /// Content path (`about/contact.md`) → URL, for `@/` links.
    pub by_rel: HashMap<String, String>,
}

/// Turns a title or file name into a URL part: `Sports Day 2026!` → `sports-day-2026`.
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The URL part of a page or section: its `slug` setting if it has one
/// (checked: a slug is part of a file path in the output folder, so
/// `../../x` would write outside it), else the slugified `name`.
fn slug_of(front: &FrontMatter, file: &Path, name: &str) -> Result<String, BuildError> {
    let Some(slug) = &front.slug else { return Ok(slugify(name)) };
    crate::guard::check_relative(slug).map_err(|problem| BuildError::UnsafePath {
        file: Some(file.to_path_buf()),
        line: front_matter::field_line(file, "slug", slug),
        field: "slug".into(),
        value: slug.clone(),
        problem: problem.to_string(),
    })?;
    Ok(slug.clone())
}

/// Splits `2026-09-14-sports-day` into its date and the rest.
fn date_prefix(stem: &str) -> (Option<NaiveDate>, &str) {
    if stem.len() > 11
        && stem.is_char_boundary(10)
        && matches!(stem.as_bytes()[10], b'-' | b'_')
        && let Ok(d) = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d")
    {
        return (Some(d), &stem[11..]);
    }
    (None, stem)
}

fn rel_string(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The kinds of file found in a walk.
enum Found {
    SectionIndex(PathBuf),
    BundleIndex(PathBuf),
    Page(PathBuf),
    Asset(PathBuf),
}

/// Reads `content_dir` completely. All errors are collected, not just the first.
pub fn load(content_dir: &Path, site_title: &str) -> Result<Content, Vec<BuildError>> {
    let mut found = Vec::new();
    // Symlinks are followed (a shared photo folder linked in is published
    // like any other); `guard::symlinks_stay_inside` has checked where
    // they lead before the build reads content.
    let walker = WalkDir::new(content_dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        // Hidden files and folders (.git, .DS_Store) are never published.
        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
    });
    let mut errors = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content_dir.to_path_buf());
                errors.push(BuildError::Read { path, source: e.into() });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.into_path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let is_md = name.to_ascii_lowercase().ends_with(".md");
        found.push(match (is_md, name.as_str()) {
            (true, "_index.md") => Found::SectionIndex(path),
            (true, "index.md") => Found::BundleIndex(path),
            (true, _) => Found::Page(path),
            (false, "Thumbs.db" | "desktop.ini") => continue,
            (false, _) => Found::Asset(path),
        });
    }

    // Read and split every Markdown file in parallel.
    let md_paths: Vec<&PathBuf> = found
        .iter()
        .filter_map(|f| match f {
            Found::SectionIndex(p) | Found::BundleIndex(p) | Found::Page(p) => Some(p),
            Found::Asset(_) => None,
        })
        .collect();
    let parsed: Vec<Result<(FrontMatter, String, usize), BuildError>> = md_paths
        .par_iter()
        .map(|p| {
            let text = crate::input::read_text(p, crate::limits::MAX_PAGE_BYTES)?;
            crate::depth::markdown_nesting(&text).map_err(|e| BuildError::TooDeep {
                path: p.to_path_buf(),
                line: Some(e.line),
                message: e.describe("block quotes and lists"),
            })?;
            let s = front_matter::split(&text, p)?;
            Ok((s.front, s.body.to_string(), s.body_line))
        })
        .collect();
    let mut docs: HashMap<PathBuf, (FrontMatter, String, usize)> = HashMap::new();
    for (p, r) in md_paths.iter().zip(parsed) {
        match r {
            Ok(d) => {
                docs.insert((*p).clone(), d);
            }
            Err(e) => errors.push(e),
        }
    }

    let rel_of = |p: &Path| rel_string(p.strip_prefix(content_dir).unwrap_or(p));
    let mut content = Content::default();

    // Sections first, shallowest first, so parents exist before children.
    let mut section_files: Vec<&PathBuf> =
        found.iter().filter_map(|f| if let Found::SectionIndex(p) = f { Some(p) } else { None }).collect();
    section_files.sort_by_key(|p| p.components().count());
    let mut section_by_dir: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let root_index = content_dir.join("_index.md");
    if !section_files.iter().any(|p| **p == root_index) {
        // A site without a home page file still gets a home page.
        content.sections.push(Section {
            doc: Document {
                file: root_index.clone(),
                rel: "_index.md".into(),
                front: FrontMatter::default(),
                body: String::new(),
                body_line: 1,
                url: "/".into(),
                title: site_title.to_string(),
                date: None,
                dir: content_dir.to_path_buf(),
            },
            parent: None,
            pages: vec![],
            subsections: vec![],
            depth: 0,
        });
        section_by_dir.insert(content_dir.to_path_buf(), 0);
    }
    let mut seen_urls: HashMap<String, PathBuf> = HashMap::new();
    let mut claim = |url: &str, file: &Path, errors: &mut Vec<BuildError>| {
        if let Some(first) = seen_urls.get(url) {
            errors.push(BuildError::DuplicateUrl {
                url: url.to_string(),
                first: first.clone(),
                second: file.to_path_buf(),
            });
            false
        } else {
            seen_urls.insert(url.to_string(), file.to_path_buf());
            true
        }
    };
    for file in section_files {
        let Some((front, body, body_line)) = docs.remove(file) else { continue };
        let dir = file.parent().unwrap_or(content_dir).to_path_buf();
        let parent = nearest_section(&section_by_dir, dir.parent(), content_dir, dir == content_dir);
        let url = if dir == content_dir {
            "/".to_string()
        } else {
            let parent_url = parent.map(|i| content.sections[i].doc.url.clone()).unwrap_or("/".into());
            let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let slug = match slug_of(&front, file, &name) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            // Folders between the parent section and this one keep their names.
            let between = dir
                .parent()
                .and_then(|p| {
                    let pdir = parent.map(|i| content.sections[i].doc.dir.clone())?;
                    p.strip_prefix(&pdir).ok().map(|b| {
                        b.components().map(|c| slugify(&c.as_os_str().to_string_lossy()) + "/").collect::<String>()
                    })
                })
                .unwrap_or_default();
            format!("{parent_url}{between}{slug}/")
        };
        let title = front
            .title
            .clone()
            .unwrap_or_else(|| if dir == content_dir { site_title.to_string() } else { String::new() });
        if title.is_empty() {
            errors.push(BuildError::MissingTitle { path: file.clone() });
        }
        if !claim(&url, file, &mut errors) {
            continue;
        }
        let depth = parent.map_or(0, |p| content.sections[p].depth + 1);
        let idx = content.sections.len();
        content.by_rel.insert(rel_of(file), url.clone());
        content.sections.push(Section {
            doc: Document {
                file: file.clone(),
                rel: rel_of(file),
                date: front.date.as_ref().and_then(|d| d.to_date()),
                front,
                body,
                body_line,
                url,
                title,
                dir: dir.clone(),
            },
            parent,
            pages: vec![],
            subsections: vec![],
            depth,
        });
        if let Some(p) = parent {
            content.sections[p].subsections.push(idx);
        }
        section_by_dir.insert(dir, idx);
    }

    // Pages and bundles.
    let mut bundle_dirs: BTreeMap<PathBuf, String> = BTreeMap::new();
    for f in &found {
        let (file, bundle) = match f {
            Found::BundleIndex(p) => (p, true),
            Found::Page(p) => (p, false),
            _ => continue,
        };
        let Some((front, body, body_line)) = docs.remove(file) else { continue };
        if front.draft {
            continue;
        }
        let dir = file.parent().unwrap_or(content_dir).to_path_buf();
        let home = if bundle { dir.parent().unwrap_or(content_dir) } else { dir.as_path() };
        let Some(section) = nearest_section(&section_by_dir, Some(home), content_dir, false) else { continue };
        let stem = if bundle {
            dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
        } else {
            file.file_stem().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
        };
        let (file_date, rest) = date_prefix(&stem);
        let slug = match slug_of(&front, file, rest) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let sec = &content.sections[section];
        let between = home
            .strip_prefix(&sec.doc.dir)
            .map(|b| b.components().map(|c| slugify(&c.as_os_str().to_string_lossy()) + "/").collect::<String>())
            .unwrap_or_default();
        let url = format!("{}{between}{slug}/", sec.doc.url);
        let Some(title) = front.title.clone() else {
            errors.push(BuildError::MissingTitle { path: file.clone() });
            continue;
        };
        if !claim(&url, file, &mut errors) {
            continue;
        }
        if bundle {
            bundle_dirs.insert(dir.clone(), url.clone());
        }
        let date = front.date.as_ref().and_then(|d| d.to_date()).or(file_date);
        content.by_rel.insert(rel_of(file), url.clone());
        let idx = content.pages.len();
        content.pages.push(ContentPage {
            doc: Document { file: file.clone(), rel: rel_of(file), front, body, body_line, url, title, date, dir },
            section,
        });
        content.sections[section].pages.push(idx);
    }

    // Assets: inside a bundle they follow the bundle's URL; elsewhere the folder path.
    for f in &found {
        let Found::Asset(file) = f else { continue };
        let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let mut url = None;
        for anc in file.ancestors().skip(1) {
            if let Some(bundle_url) = bundle_dirs.get(anc) {
                let inner = file.strip_prefix(anc).map(rel_string).unwrap_or(name.clone());
                url = Some(format!("{bundle_url}{inner}"));
                break;
            }
            if anc == content_dir {
                break;
            }
        }
        let url = url.unwrap_or_else(|| format!("/{}", rel_of(file)));
        if claim(&url, file, &mut errors) {
            content.assets.push(ContentAsset { file: file.clone(), url });
        }
    }

    sort_sections(&mut content);
    if errors.is_empty() { Ok(content) } else { Err(errors) }
}

fn nearest_section(
    by_dir: &BTreeMap<PathBuf, usize>,
    start: Option<&Path>,
    content_dir: &Path,
    is_root: bool,
) -> Option<usize> {
    if is_root {
        return None;
    }
    let mut cur = start;
    while let Some(d) = cur {
        if let Some(&i) = by_dir.get(d) {
            return Some(i);
        }
        if d == content_dir {
            break;
        }
        cur = d.parent();
    }
    by_dir.get(content_dir).copied()
}

/// Orders each section's pages and subsections as its settings say.
fn sort_sections(content: &mut Content) {
    let pages = &content.pages;
    for s in 0..content.sections.len() {
        let sort = content.sections[s].doc.front.sort_by.unwrap_or_default();
        let key_title = |i: &usize| pages[*i].doc.title.to_lowercase();
        let mut list = std::mem::take(&mut content.sections[s].pages);
        match sort {
            SortBy::Date => list.sort_by(|a, b| {
                pages[*b].doc.date.cmp(&pages[*a].doc.date).then_with(|| key_title(a).cmp(&key_title(b)))
            }),
            SortBy::Weight => list.sort_by(|a, b| {
                let wa = pages[*a].doc.front.weight.unwrap_or(i64::MAX);
                let wb = pages[*b].doc.front.weight.unwrap_or(i64::MAX);
                wa.cmp(&wb).then_with(|| key_title(a).cmp(&key_title(b)))
            }),
            SortBy::Title => list.sort_by_key(key_title),
        }
        content.sections[s].pages = list;
    }
    let sections = content.sections.clone();
    for s in &mut content.sections {
        s.subsections.sort_by(|a, b| {
            let wa = sections[*a].doc.front.weight.unwrap_or(i64::MAX);
            let wb = sections[*b].doc.front.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb).then_with(|| sections[*a].doc.title.cmp(&sections[*b].doc.title))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn slugs_and_date_prefixes() {
        assert_eq!(slugify("Sports Day 2026!"), "sports-day-2026");
        assert_eq!(slugify("Zoë's café"), "zoe-s-cafe");
        assert_eq!(date_prefix("2026-09-14-sports-day"), (NaiveDate::from_ymd_opt(2026, 9, 14), "sports-day"));
        assert_eq!(date_prefix("sports-day"), (None, "sports-day"));
    }

    #[test]
    fn loads_sections_bundles_and_assets() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        write(&c, "_index.md", "+++\ntitle = \"Home\"\n+++\n");
        write(&c, "news/_index.md", "+++\ntitle = \"News\"\nsort_by = \"date\"\n+++\n");
        write(&c, "news/2026-07-10-sports-day/index.md", "+++\ntitle = \"Sports day\"\n+++\nText");
        write(&c, "news/2026-07-10-sports-day/relay.jpg", "x");
        write(&c, "news/2025-12-01-nativity.md", "+++\ntitle = \"Nativity\"\n+++\n");
        write(&c, "news/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\n");
        write(&c, "policies/behaviour.pdf", "%PDF");
        let content = load(&c, "School").unwrap();
        let urls: Vec<&str> = content.pages.iter().map(|p| p.doc.url.as_str()).collect();
        assert!(urls.contains(&"/news/sports-day/"));
        assert!(urls.contains(&"/news/nativity/"));
        assert!(!urls.iter().any(|u| u.contains("draft")));
        let news = content.sections.iter().find(|s| s.doc.url == "/news/").unwrap();
        // Newest first.
        assert_eq!(content.pages[news.pages[0]].doc.title, "Sports day");
        let assets: Vec<&str> = content.assets.iter().map(|a| a.url.as_str()).collect();
        assert!(assets.contains(&"/news/sports-day/relay.jpg"));
        assert!(assets.contains(&"/policies/behaviour.pdf"));
        assert_eq!(content.by_rel["news/2025-12-01-nativity.md"], "/news/nativity/");
    }

    #[test]
    fn duplicate_urls_and_missing_titles_are_all_reported() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        write(&c, "_index.md", "+++\ntitle = \"Home\"\n+++\n");
        write(&c, "about.md", "+++\ntitle = \"About\"\n+++\n");
        write(&c, "about/index.md", "+++\ntitle = \"About us\"\n+++\n");
        write(&c, "contact.md", "+++\ndescription = \"x\"\n+++\n");
        write(&c, "broken.md", "+++\ntitle = 3 3\n+++\n");
        let errs = load(&c, "School").unwrap_err();
        assert!(errs.iter().any(|e| matches!(e, BuildError::DuplicateUrl { url, .. } if url == "/about/")), "{errs:?}");
        assert!(errs.iter().any(|e| matches!(e, BuildError::MissingTitle { .. })));
        assert!(errs.iter().any(|e| matches!(e, BuildError::FrontMatter { .. })));
    }
}
