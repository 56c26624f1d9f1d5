//! Line numbers for findings on pages.
//!
//! Checks read the rendered HTML, so they know the page's source file but
//! not where in it the problem was written. An admin told "the full name
//! of a pupil is on the page content/news/trip.md" has to read the whole
//! file; told `content/news/trip.md:14`, they go straight there. So a check
//! that knows *what* it found (the name as written, the phone number, the
//! photo's file name) attaches it to the finding as a needle, and
//! [`resolve_lines`] looks for it in the source file afterwards. This is the
//! one place besides the waivers and approvals that reads files during an
//! audit, and it reads only the sources findings already name.
//!
//! A needle that is not in the source (the name came from a template, or
//! Markdown emphasis split it) leaves the line unknown: a wrong line is
//! worse than none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Finding;
use crate::limits::MAX_PAGE_BYTES;

/// Source files whose lines mean something to a person: Markdown and HTML.
/// Photos and PDFs have no lines to point at.
fn has_lines(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "md" | "markdown" | "html" | "htm")
}

/// Fills in `location.source.line` for every finding that has needles and a
/// line-less text source. Runs before redaction, which copies the located
/// source into the private location. `root` resolves relative source paths.
/// Files are read once each, bounded like pages.
pub fn resolve_lines(findings: &mut [Finding], root: &Path) {
    let mut files: HashMap<PathBuf, Option<Vec<String>>> = HashMap::new();
    for f in findings.iter_mut() {
        if f.needles.is_empty() {
            continue;
        }
        let Some(src) = f.location.source.as_ref().filter(|s| s.line.is_none()) else {
            continue;
        };
        let path = PathBuf::from(&src.path);
        if !has_lines(&path) {
            continue;
        }
        let lines = files.entry(path.clone()).or_insert_with(|| read_lines(&path, root));
        let Some(lines) = lines.as_deref() else {
            continue;
        };
        let Some(line) = first_line_with(lines, &f.needles) else {
            continue;
        };
        if let Some(s) = f.location.source.as_mut() {
            s.line = Some(line);
        }
    }
}

fn read_lines(path: &Path, root: &Path) -> Option<Vec<String>> {
    let full = if path.is_absolute() { path.to_path_buf() } else { root.join(path) };
    let text = crate::input::read_text(&full, MAX_PAGE_BYTES).ok()?;
    Some(text.lines().map(fold).collect())
}

/// Case-folded with runs of whitespace as one space, so a number written
/// `07700  900123` or a name across a double space is still found.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The 1-based line of the earliest needle found, trying needles in order
/// (the first is the most specific).
fn first_line_with(lines: &[String], needles: &[String]) -> Option<usize> {
    needles
        .iter()
        .map(|n| fold(n))
        .filter(|n| n.chars().count() >= 3)
        .find_map(|needle| lines.iter().position(|line| line.contains(&needle)).map(|i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Location, Severity};
    use crate::site::SourceRef;

    fn finding(path: &Path, needles: &[&str]) -> Finding {
        let mut f = Finding::new(
            "names/full-name-on-page",
            Severity::Error,
            Location::page("/news/trip/", Some(&SourceRef::file(path))),
            "m",
            "h",
        );
        f.needles = needles.iter().map(|s| s.to_string()).collect();
        f
    }

    #[test]
    fn finds_the_line_of_the_first_needle_that_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("trip.md");
        std::fs::write(&md, "+++\ntitle = \"Trip\"\n+++\n\nWe went to the river.\n\nWell done  AVA   Thompson!\n")
            .unwrap();
        let mut fs = vec![finding(&md, &["Zed Nobody", "Ava Thompson"])];
        resolve_lines(&mut fs, dir.path());
        assert_eq!(fs[0].location.source.as_ref().unwrap().line, Some(7));
    }

    #[test]
    fn a_needle_not_in_the_source_leaves_the_line_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("trip.md");
        std::fs::write(&md, "Nothing here.\n").unwrap();
        let mut fs = vec![finding(&md, &["Ava Thompson"]), finding(&md, &[])];
        resolve_lines(&mut fs, dir.path());
        assert_eq!(fs[0].location.source.as_ref().unwrap().line, None);
        assert_eq!(fs[1].location.source.as_ref().unwrap().line, None);
    }

    #[test]
    fn relative_sources_resolve_against_the_root_and_photos_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "one\n07700 900123\n").unwrap();
        std::fs::write(dir.path().join("content/a.jpg"), "07700 900123\n").unwrap();
        let mut fs = vec![
            finding(Path::new("content/a.md"), &["07700 900123"]),
            finding(Path::new("content/a.jpg"), &["07700"]),
        ];
        resolve_lines(&mut fs, dir.path());
        assert_eq!(fs[0].location.source.as_ref().unwrap().line, Some(2));
        assert_eq!(fs[1].location.source.as_ref().unwrap().line, None);
    }

    #[test]
    fn an_existing_line_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("trip.md");
        std::fs::write(&md, "Ava Thompson\n").unwrap();
        let mut f = finding(&md, &["Ava Thompson"]);
        f.location.source.as_mut().unwrap().line = Some(9);
        let mut fs = vec![f];
        resolve_lines(&mut fs, dir.path());
        assert_eq!(fs[0].location.source.as_ref().unwrap().line, Some(9));
    }
}
