//! Where Schoolgate may read and write, checked in one place.
//!
//! Three promises rest on paths, and every command keeps them by calling
//! this module rather than comparing path text itself:
//!
//! - **Nothing is written outside the output folder.** Addresses that come
//!   from content (slugs, aliases, file names) become files only through a
//!   [`SitePath`] and a [`RelPath`], which can only be made by validation
//!   (no `..`, no absolute paths or drive letters, no backslashes, no
//!   control characters, no `%2e`-style disguises, no look-alike Unicode).
//!   The writer then checks again, after resolving symlinks, that each
//!   folder it writes into is inside the output folder ([`inside`]).
//! - **Private files are never published.** The register, staff list,
//!   approvals, waivers, `private/` and `.schoolgate/` must not overlap a
//!   published or source folder, in either direction, after resolving
//!   symlinks and `..` ([`private_never_published`]); symlinks inside
//!   published folders must not lead to them or out of the site
//!   ([`symlinks_stay_inside`]).
//! - **Reports and the output folder stay apart from everything else**
//!   ([`output_dir_is_safe`], [`report_is_private`]).
//!
//! Comparisons are made on [`resolve`]d paths: `public/../public/x` and a
//! symlink `reports -> public/` are both seen for what they are.

use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::config::{CONFIG_FILE, Config};
use crate::error::BuildError;

// ---------------------------------------------------------------------------
// Resolving and comparing paths
// ---------------------------------------------------------------------------

/// An absolute path with symlinks resolved for every part that exists and
/// `..` applied after that (so `link/..` means the link target's parent, as
/// the operating system will read it). Parts that do not exist yet are kept
/// as written.
pub fn resolve(path: &Path) -> Result<PathBuf, BuildError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let cwd = std::env::current_dir().map_err(|source| BuildError::Read { path: PathBuf::from("."), source })?;
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => {
                out.push(part);
                // Resolve as we go: an existing part may be a symlink.
                if out.symlink_metadata().is_ok() {
                    out = match out.canonicalize() {
                        Ok(p) => p,
                        // A dangling symlink: it leads nowhere yet, but a
                        // write would follow it, so take its target.
                        Err(_) => match std::fs::read_link(&out) {
                            Ok(target) => {
                                let base = out.parent().map(Path::to_path_buf).unwrap_or_default();
                                lexical(&base.join(target))
                            }
                            Err(source) => return Err(BuildError::Read { path: out.clone(), source }),
                        },
                    };
                }
            }
        }
    }
    Ok(out)
}

/// `a/b/../c` → `a/c` without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `path` is `folder` or lies inside it, once both are resolved.
pub fn inside(path: &Path, folder: &Path) -> Result<bool, BuildError> {
    Ok(resolve(path)?.starts_with(resolve(folder)?))
}

/// How two paths relate, once resolved: the words for a message, or `None`
/// if they are apart.
fn relation(a: &Path, b: &Path) -> Result<Option<&'static str>, BuildError> {
    let (ra, rb) = (resolve(a)?, resolve(b)?);
    Ok(if ra == rb {
        Some("is the same place as")
    } else if ra.starts_with(&rb) {
        Some("is inside")
    } else if rb.starts_with(&ra) {
        Some("contains")
    } else {
        None
    })
}

/// Refuses `report_path` if it is the published folder or lies inside it.
pub fn ensure_outside(report_path: &Path, published_dir: &Path) -> Result<(), BuildError> {
    if inside(report_path, published_dir)? {
        return Err(BuildError::PrivateInPublishedTree {
            path: report_path.to_path_buf(),
            tree: published_dir.to_path_buf(),
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Addresses from content
// ---------------------------------------------------------------------------

/// Why an address or relative path was refused, in words for the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    Empty,
    Absolute,
    ParentFolder,
    CurrentFolder,
    Backslash,
    Control,
    Colon,
    EmptyPart,
    Disguised,
    LookAlike,
}

impl std::fmt::Display for PathProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PathProblem::Empty => "it is empty",
            PathProblem::Absolute => "it starts with `/`, which here means the top of the whole disk, not a folder of the site",
            PathProblem::ParentFolder => "`..` would climb out of the folder it belongs in",
            PathProblem::CurrentFolder => "a part that is only dots or spaces means a folder, not a name",
            PathProblem::Backslash => "a backslash (\\) is a folder separator on Windows servers",
            PathProblem::Control => "it contains an invisible control character (such as NUL or a line break)",
            PathProblem::Colon => "a colon (:) makes it a drive letter, a web address or a hidden Windows file stream",
            PathProblem::EmptyPart => "`//` (an empty part) makes it an address on another website",
            PathProblem::Disguised => "a %-code (such as %2e%2e or %2f) hides a `..`, `/` or `\\`",
            PathProblem::LookAlike => "it uses a look-alike character (such as a full-width dot or slash) that some servers read as `.`, `/` or `\\`",
        })
    }
}

/// A site-relative address (`/news/sports-day/`, `/logo.png`) that is
/// known to name a place inside the site. The only way to make one is
/// [`SitePath::parse`], so an address that reached the writer as a
/// `SitePath` cannot climb out of the output folder.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SitePath(String);

impl SitePath {
    /// Checks an address. A leading `/` is optional (`news/x` means
    /// `/news/x`); `/` alone is the home page.
    pub fn parse(url: &str) -> Result<SitePath, PathProblem> {
        let inner = url.strip_prefix('/').unwrap_or(url);
        if !inner.is_empty() {
            // `//host/x` is an address on another website, not the disk's top.
            check_relative(inner.strip_suffix('/').unwrap_or(inner)).map_err(|p| match p {
                PathProblem::Absolute => PathProblem::EmptyPart,
                p => p,
            })?;
        }
        Ok(SitePath(format!("/{inner}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file inside the output folder: a page at `/news/x/` is
    /// `news/x/index.html`; a file at `/404.html` is `404.html`.
    pub fn file(&self, page: bool) -> RelPath {
        let trimmed = self.0.trim_start_matches('/');
        if page && (trimmed.is_empty() || trimmed.ends_with('/')) {
            RelPath(format!("{trimmed}index.html"))
        } else {
            RelPath(trimmed.to_string())
        }
    }
}

/// A path relative to a folder (`news/x/index.html`) with only plain parts:
/// joined to the folder it cannot name anything outside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelPath(String);

impl RelPath {
    pub fn new(rel: &str) -> Result<RelPath, PathProblem> {
        check_relative(rel)?;
        Ok(RelPath(rel.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks one relative path (`a/b/c`, no leading or trailing `/`) as the
/// writer would see it, then as a web server or Windows might decode it:
/// `%`-codes undone, and Unicode look-alikes folded (NFKC).
pub fn check_relative(rel: &str) -> Result<(), PathProblem> {
    check_plain(rel)?;
    let mut text = rel.to_string();
    // `%252e` is `%2e` encoded again: decode until nothing changes.
    for _ in 0..4 {
        let decoded = crate::site::percent_decode(&text);
        if decoded == text {
            break;
        }
        check_plain(&decoded).map_err(|_| PathProblem::Disguised)?;
        text = decoded;
    }
    let folded: String = rel.nfkc().collect();
    if folded != rel {
        check_plain(&folded).map_err(|_| PathProblem::LookAlike)?;
    }
    Ok(())
}

/// The rules for text taken literally.
fn check_plain(rel: &str) -> Result<(), PathProblem> {
    if rel.is_empty() {
        return Err(PathProblem::Empty);
    }
    if rel.starts_with('/') {
        return Err(PathProblem::Absolute);
    }
    if let Some(c) = rel.chars().find(|c| *c == '\\' || *c == ':' || c.is_control()) {
        return Err(match c {
            '\\' => PathProblem::Backslash,
            ':' => PathProblem::Colon,
            _ => PathProblem::Control,
        });
    }
    for part in rel.split('/') {
        if part.is_empty() {
            return Err(PathProblem::EmptyPart);
        }
        // Windows drops trailing dots and spaces: `.. ` and `...` are `..`.
        if part.chars().all(|c| c == '.' || c == ' ') {
            return Err(if part.contains("..") { PathProblem::ParentFolder } else { PathProblem::CurrentFolder });
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The site's folders
// ---------------------------------------------------------------------------

/// A folder or file of the site with the setting that names it, for messages.
#[derive(Debug, Clone)]
pub struct Place {
    /// `register.path`, `--out`, "the content folder"…
    pub what: String,
    pub path: PathBuf,
    /// The key in schoolgate.toml that sets it, to point at its line.
    pub key: Option<&'static str>,
}

impl Place {
    pub fn new(what: impl Into<String>, path: PathBuf, key: Option<&'static str>) -> Place {
        Place { what: what.into(), path, key }
    }
}

/// Where everything of one site is: what is published, what is read to
/// build it, and what is private.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
    pub output: Place,
    /// Content, templates (including their static/) and static/.
    pub sources: Vec<Place>,
    /// Register, staff list, approvals, waivers, private/, .schoolgate/.
    pub private: Vec<Place>,
}

impl Layout {
    /// The layout of the site at `root`; `out` is `--out` if given.
    pub fn new(root: &Path, config: &Config, out: Option<&Path>) -> Layout {
        let output = match out {
            Some(o) => Place::new("--out", o.to_path_buf(), None),
            None => Place::new("site.output_dir", root.join(&config.site.output_dir), Some("output_dir")),
        };
        let sources = vec![
            Place::new("the content folder", root.join(&config.site.content_dir), Some("content_dir")),
            Place::new("the template folder", root.join(&config.site.template_dir), Some("template_dir")),
            Place::new("the static folder", root.join("static"), None),
        ];
        let mut private = Vec::new();
        if let Some(r) = &config.register {
            private.push(Place::new("register.path", root.join(&r.path), Some("path")));
        }
        if let Some(s) = &config.staff {
            private.push(Place::new("staff.path", root.join(&s.path), Some("path")));
        }
        let approvals = config.audit.approvals.clone().unwrap_or_else(|| PathBuf::from(crate::approvals::DEFAULT_PATH));
        private.push(Place::new("audit.approvals", root.join(approvals), Some("approvals")));
        if let Some(w) = &config.audit.waivers {
            private.push(Place::new("audit.waivers", root.join(w), Some("waivers")));
        }
        private.push(Place::new("the private folder", root.join("private"), None));
        private.push(Place::new("Schoolgate's state folder", root.join(crate::source::build::STATE_DIR), None));
        Layout { root: root.to_path_buf(), output, sources, private }
    }

    /// Folders whose contents are published: the output, and the sources
    /// that are copied into it.
    pub fn published(&self) -> impl Iterator<Item = &Place> {
        std::iter::once(&self.output).chain(&self.sources)
    }

    /// Where `place` is set in schoolgate.toml (file and line), if it is.
    fn set_in(&self, place: &Place) -> Option<(PathBuf, Option<usize>)> {
        let key = place.key?;
        let file = self.root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&file).ok()?;
        let line = text.lines().position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                && (key != "path" || place_matches_value(l, &place.path))
        });
        Some((file, line.map(|i| i + 1)))
    }
}

/// For the ambiguous key `path` (register and staff): the line whose value
/// is this place's file name.
fn place_matches_value(line: &str, path: &Path) -> bool {
    path.file_name().is_some_and(|n| line.contains(&*n.to_string_lossy()))
}

fn overlap_error(layout: &Layout, a: &Place, relation: &'static str, b: &Place) -> BuildError {
    BuildError::FoldersOverlap {
        what: a.what.clone(),
        path: a.path.clone(),
        relation,
        other: b.what.clone(),
        other_path: b.path.clone(),
        set_in: layout.set_in(a).or_else(|| layout.set_in(b)).map(Box::new),
    }
}

/// Every pair of `a` and `b` places that overlap, as errors.
fn apart(layout: &Layout, a: &[&Place], b: &[&Place]) -> Vec<BuildError> {
    let mut errors = Vec::new();
    for x in a {
        for y in b {
            match relation(&x.path, &y.path) {
                Ok(Some(rel)) => errors.push(overlap_error(layout, x, rel, y)),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    errors
}

/// Private files and folders never overlap a published or source folder,
/// in either direction (a register inside content/, or content/ inside
/// private/ through a symlink).
pub fn private_never_published(layout: &Layout) -> Vec<BuildError> {
    let private: Vec<&Place> = layout.private.iter().collect();
    let published: Vec<&Place> = layout.published().collect();
    apart(layout, &private, &published)
}

/// The output folder is written to and emptied of stale files, so it must
/// not be (or contain) the site root, a source folder or anything private.
pub fn output_dir_is_safe(layout: &Layout) -> Vec<BuildError> {
    let root = Place::new("the site folder", layout.root.clone(), None);
    let mut errors = Vec::new();
    match inside(&layout.root, &layout.output.path) {
        Ok(true) => errors.push(overlap_error(layout, &layout.output, "contains", &root)),
        Ok(false) => {}
        Err(e) => errors.push(e),
    }
    let others: Vec<&Place> = layout.sources.iter().chain(&layout.private).collect();
    errors.extend(apart(layout, &[&layout.output], &others));
    errors
}

/// Refuses a private file (the approvals file, a register) that lies in a
/// folder of `layout` that is published or copied into the site (output,
/// content, templates, static), after resolving symlinks and `..`. Used
/// before such a file is read or written, so it is never put where the
/// next build would publish it.
pub fn not_published(path: &Path, layout: &Layout) -> Result<(), BuildError> {
    layout.published().try_for_each(|place| ensure_outside(path, &place.path))
}

/// A report (`--output`, `--report`, the trust report folder) names
/// findings and, for the private report, pupils: it must not be written
/// where it would be published or read as content by the next build.
pub fn report_is_private(path: &Path, flag: &str, forbidden: &[Place]) -> Result<(), BuildError> {
    for folder in forbidden {
        if inside(path, &folder.path)? {
            return Err(BuildError::FoldersOverlap {
                what: flag.to_string(),
                path: path.to_path_buf(),
                relation: "is inside",
                other: folder.what.clone(),
                other_path: folder.path.clone(),
                set_in: None,
            });
        }
    }
    Ok(())
}

impl Layout {
    /// Folders no report may be written into: the output and the sources.
    pub fn report_forbidden(&self) -> Vec<Place> {
        self.published().cloned().collect()
    }
}

/// Every symlink under the published source folders leads to a place inside
/// the site root that is not private. Following one that leads out of the
/// site or into private/ would publish what was never meant to be.
pub fn symlinks_stay_inside(layout: &Layout) -> Vec<BuildError> {
    let mut errors = Vec::new();
    let root = match resolve(&layout.root) {
        Ok(r) => r,
        Err(e) => return vec![e],
    };
    for source in &layout.sources {
        if !source.path.is_dir() {
            continue;
        }
        let walk = walkdir::WalkDir::new(&source.path).follow_links(true).into_iter();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| source.path.clone());
                    errors.push(match e.loop_ancestor() {
                        Some(_) => BuildError::UnsafeSymlink {
                            link: path,
                            reason: "back to a folder that contains it (a loop)".into(),
                        },
                        None => BuildError::Read { path, source: e.into() },
                    });
                    continue;
                }
            };
            if entry.path_is_symlink()
                && let Some(reason) = symlink_problem(entry.path(), &root, layout)
            {
                errors.push(BuildError::UnsafeSymlink { link: entry.path().to_path_buf(), reason });
            }
        }
    }
    errors
}

/// Why the symlink at `link` must not be followed, if it must not.
fn symlink_problem(link: &Path, root: &Path, layout: &Layout) -> Option<String> {
    let target = match resolve(link) {
        Ok(t) => t,
        Err(_) => return Some("to something that cannot be read".into()),
    };
    if !target.starts_with(root) {
        return Some(format!("outside the site folder, to {}", target.display()));
    }
    // Name the private place the target is in, else the one it holds.
    let resolved: Vec<(&Place, PathBuf)> =
        layout.private.iter().filter_map(|p| resolve(&p.path).ok().map(|r| (p, r))).collect();
    if let Some((p, _)) = resolved.iter().find(|(_, r)| target.starts_with(r)) {
        return Some(format!("into {} ({})", p.what, p.path.display()));
    }
    if let Some((p, _)) = resolved.iter().find(|(_, r)| r.starts_with(&target)) {
        return Some(format!("to a folder that holds {} ({})", p.what, p.path.display()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_inside_published_dir() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("news")).unwrap();

        assert!(ensure_outside(&public.join("report.html"), &public).is_err());
        assert!(ensure_outside(&public.join("news/deep/new/report.html"), &public).is_err());
        assert!(ensure_outside(&public, &public).is_err());
        let sneaky = dir.path().join("private/../public/report.html");
        assert!(ensure_outside(&sneaky, &public).is_err());

        assert!(ensure_outside(&dir.path().join("private/report.html"), &public).is_ok());
        // A sibling whose name merely starts with "public" is fine.
        assert!(ensure_outside(&dir.path().join("public-reports/r.html"), &public).is_ok());
        assert!(ensure_outside(&public.join("../report.html"), &public).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        let link = dir.path().join("reports");
        std::os::unix::fs::symlink(&public, &link).unwrap();
        let err = ensure_outside(&link.join("report.html"), &public).unwrap_err();
        assert!(matches!(err, BuildError::PrivateInPublishedTree { .. }));
        // And the other way round: the published dir given through a symlink.
        assert!(ensure_outside(&public.join("r.html"), &link).is_err());
        // A dangling link is judged by where a write would land.
        let dangling = dir.path().join("later");
        std::os::unix::fs::symlink(public.join("not-yet"), &dangling).unwrap();
        assert!(inside(&dangling, &public).unwrap());
    }

    #[test]
    fn site_paths_refuse_every_way_out() {
        for ok in ["/", "/news/sports-day/", "news/x", "/404.html", "/café/été/", "/a.b/c"] {
            assert!(SitePath::parse(ok).is_ok(), "{ok}");
        }
        let bad = [
            ("../../victim", PathProblem::ParentFolder),
            ("/news/../../x/", PathProblem::ParentFolder),
            ("/a/.../b", PathProblem::ParentFolder),
            ("/a/.. /b", PathProblem::ParentFolder),
            ("/./a", PathProblem::CurrentFolder),
            ("..\\..\\x", PathProblem::Backslash),
            ("C:/Windows/x", PathProblem::Colon),
            ("https://evil.example/", PathProblem::Colon),
            ("//evil.example/x", PathProblem::EmptyPart),
            ("/a\0b", PathProblem::Control),
            ("/a\nb", PathProblem::Control),
            ("/%2e%2e/%2E%2E/x", PathProblem::Disguised),
            ("/a%2f..%2fb", PathProblem::Disguised),
            ("/a%5cb", PathProblem::Disguised),
            ("/%252e%252e/x", PathProblem::Disguised),
            ("/a%00b", PathProblem::Disguised),
            ("/\u{ff0e}\u{ff0e}/x", PathProblem::LookAlike),
            ("/a\u{ff0f}..\u{ff0f}b", PathProblem::LookAlike),
            ("/\u{2025}/x", PathProblem::LookAlike),
        ];
        for (url, problem) in bad {
            assert_eq!(SitePath::parse(url), Err(problem), "{url:?}");
        }
    }

    #[test]
    fn private_files_in_published_folders_are_refused_after_resolving() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        let layout = Layout::new(root, &Config::default(), None);
        let refused = |rel: &str| {
            matches!(not_published(&root.join(rel), &layout), Err(BuildError::PrivateInPublishedTree { .. }))
        };
        assert!(refused("content/private/approvals.toml"));
        assert!(refused("private/../content/approvals.toml"), "`..` is applied");
        assert!(refused("site-template/approvals.toml"));
        assert!(refused("public/approvals.toml"));
        assert!(!refused("private/approvals.toml"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content/news"), root.join("lists")).unwrap();
            assert!(refused("lists/approvals.toml"), "a symlink into content/ is followed");
        }
    }

    #[test]
    fn percent_codes_are_undone_layer_by_layer_with_the_one_decoder() {
        // Each decoded layer is checked (site::percent_decode, up to 4 deep).
        assert_eq!(check_relative("a/%2E%2e/b"), Err(PathProblem::Disguised));
        assert_eq!(check_relative("a/%25252e%25252e/b"), Err(PathProblem::Disguised));
        assert_eq!(check_relative("a%09b"), Err(PathProblem::Disguised));
        // Text that only looks like a code is a name, kept as written.
        assert_eq!(check_relative("news/50%zz-off"), Ok(()));
        assert_eq!(check_relative("news/a%+5b"), Ok(()));
        assert_eq!(check_relative("news/sports%20day"), Ok(()));
    }

    #[test]
    fn site_paths_map_to_files() {
        let f = |u: &str, page| SitePath::parse(u).unwrap().file(page).as_str().to_string();
        assert_eq!(f("/", true), "index.html");
        assert_eq!(f("/news/x/", true), "news/x/index.html");
        assert_eq!(f("/404.html", true), "404.html");
        assert_eq!(f("/news/x/a.jpg", false), "news/x/a.jpg");
        assert!(RelPath::new("../x").is_err());
        assert_eq!(RelPath::new("/etc/passwd"), Err(PathProblem::Absolute));
    }
}
