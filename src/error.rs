//! Errors that stop a build, each with the file, the line where known, and
//! a hint written for the school office rather than for a programmer.
//!
//! Every stage collects all the errors it finds instead of stopping at the
//! first, so an admin fixes everything in one go. [`render`] turns them into
//! the text printed on the terminal.

use std::io;
use std::path::{Path, PathBuf};

use crate::site::SourceRef;

/// One reason a build could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("could not read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("could not write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },

    #[error("schoolgate.toml is not valid: {message}")]
    Config { path: PathBuf, line: Option<usize>, message: String },

    #[error("the front matter (the settings block at the top) is not valid: {message}")]
    FrontMatter { path: PathBuf, line: Option<usize>, message: String },

    #[error("the page has a front matter block that is never closed")]
    UnclosedFrontMatter { path: PathBuf, line: usize, fence: &'static str },

    #[error("the page has no title")]
    MissingTitle { path: PathBuf },

    #[error("the link `{target}` points to a page that does not exist")]
    BrokenLink { path: PathBuf, line: Option<usize>, target: String, suggestion: Option<String> },

    #[error("the image `{target}` cannot be found")]
    MissingImage { path: PathBuf, line: Option<usize>, target: String },

    #[error("the photo shortcode is not written correctly: {message}")]
    Shortcode { path: PathBuf, line: Option<usize>, message: String },

    #[error("two pages would be published at the same address {url}")]
    DuplicateUrl { url: String, first: PathBuf, second: PathBuf },

    #[error("the image could not be read: {message}")]
    Image { path: PathBuf, message: String },

    #[error("the template `{template}` failed: {message}")]
    Template { template: String, page: Option<PathBuf>, message: String },

    #[error("the consent register could not be used: {message}")]
    Register { path: PathBuf, row: Option<usize>, message: String },

    #[error("the staff list could not be used: {message}")]
    Staff { path: PathBuf, row: Option<usize>, message: String },

    #[error("private file {} lies inside the published folders", path.display())]
    PrivateInPublishedTree { path: PathBuf, tree: PathBuf },

    /// A page nested deeper than Schoolgate reads ([`crate::depth`]).
    #[error("the page is too deeply nested: {message}")]
    TooDeep { path: PathBuf, line: Option<usize>, message: String },

    /// An input file refused before it was parsed: not a regular file,
    /// over its size limit, or not text ([`crate::input`]).
    #[error("{0}")]
    Input(#[from] crate::input::InputError),
    /// A path or address from the user (front matter, a file name, a
    /// command-line option) that would lead outside its folder.
    #[error("the {field} `{}` is not a safe place inside the website: {problem}", value.escape_debug())]
    UnsafePath { file: Option<PathBuf>, line: Option<usize>, field: String, value: String, problem: String },

    /// A symlink (shortcut) in a published folder that leads somewhere it must not.
    #[error("the shortcut (symlink) {} points {reason}", link.display())]
    UnsafeSymlink { link: PathBuf, reason: String },

    /// Two folders that must stay apart overlap (output and private data,
    /// a report and a published folder…).
    #[error("{what} ({}) {relation} {other} ({})", path.display(), other_path.display())]
    FoldersOverlap {
        what: String,
        path: PathBuf,
        relation: &'static str,
        other: String,
        other_path: PathBuf,
        /// Where `what` was set (schoolgate.toml and its line), if in a
        /// file. Boxed: it keeps every `Result<_, BuildError>` small.
        set_in: Option<Box<(PathBuf, Option<usize>)>>,
    },
    #[error("{} cannot be published: {reason}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())]
    NotPublishable { path: PathBuf, reason: String, fix: String },
    /// A file Schoolgate reads besides schoolgate.toml (waivers, approvals)
    /// that cannot be used; `message` names the file, `hint` says how to fix it.
    #[error("{message}")]
    InvalidFile { path: PathBuf, line: Option<usize>, message: String, hint: String },

    #[error("{message}")]
    Other { message: String, hint: String },
}

impl BuildError {
    /// File and line the admin should open.
    pub fn location(&self) -> Option<SourceRef> {
        use BuildError::*;
        let (path, line) = match self {
            Read { path, .. } | Write { path, .. } | MissingTitle { path } | Image { path, .. } => (path, None),
            PrivateInPublishedTree { path, .. } | NotPublishable { path, .. } => (path, None),
            UnsafePath { file: Some(path), line, .. } => (path, *line),
            UnsafeSymlink { link, .. } => (link, None),
            FoldersOverlap { set_in: Some(at), .. } => (&at.0, at.1),
            UnsafePath { file: None, .. } | FoldersOverlap { set_in: None, .. } => return None,
            Config { path, line, .. }
            | FrontMatter { path, line, .. }
            | BrokenLink { path, line, .. }
            | MissingImage { path, line, .. }
            | Shortcode { path, line, .. }
            | InvalidFile { path, line, .. } => (path, *line),
            UnclosedFrontMatter { path, line, .. } => (path, Some(*line)),
            TooDeep { path, line, .. } => (path, *line),
            Register { path, row, .. } | Staff { path, row, .. } => (path, *row),
            DuplicateUrl { second, .. } => (second, None),
            Template { page: Some(p), .. } => (p, None),
            Input(e) => return Some(SourceRef { path: e.path().to_path_buf(), line: None }),
            Template { page: None, .. } | Other { .. } => return None,
        };
        Some(SourceRef { path: path.clone(), line })
    }

    /// What to do about it, in plain English.
    pub fn hint(&self) -> String {
        use BuildError::*;
        match self {
            Read { .. } => "Check that the file exists and is not open in another program.".into(),
            Write { .. } => "Check there is free disk space and that the output folder is not open in another program.".into(),
            Config { .. } => "Compare the line with the example in README.md. Text values need quotes: name = \"Hollybrook Primary\".".into(),
            FrontMatter { .. } => "The block between the +++ lines must be `key = \"value\"` lines (or `key: value` between --- lines). Text needs quotes, dates look like 2026-09-14.".into(),
            UnclosedFrontMatter { fence, .. } => format!("Add a line with just {fence} after the settings, before the text of the page."),
            MissingTitle { .. } => "Add a line `title = \"…\"` to the settings block at the top of the file.".into(),
            BrokenLink { suggestion: Some(s), .. } => format!("Did you mean `{s}`? Links to other pages are written as @/ followed by the file's path inside content/."),
            BrokenLink { .. } => "Links to other pages are written as @/ followed by the file's path inside content/, e.g. [Contact us](@/contact.md).".into(),
            MissingImage { .. } => "Put the photo in the same folder as the page (or fix the spelling of its file name; capitals matter).".into(),
            Shortcode { .. } => "Write it like {{ photo(src=\"sports-day.jpg\", alt=\"Children racing\", caption=\"…\", people=\"P1234, P5678\") }}.".into(),
            DuplicateUrl { first, .. } => format!("Rename one of the two files, or give one a different `slug`. The other file is {}.", first.display()),
            Image { .. } => "Open the photo on a computer; if it does not open, export it again from the camera or phone as JPEG.".into(),
            Template { .. } => "If you changed a template, undo the last change. Otherwise report this to whoever looks after the website's design.".into(),
            Register { .. } => "Export the register again from the MIS, or fix the row named above. Column names are set in schoolgate.toml under [register.columns].".into(),
            Staff { .. } => "Fix the row named above. Each row needs at least a first name and a surname.".into(),
            PrivateInPublishedTree { tree, .. } => format!("Move it out of {} (for example into a folder called private/ next to schoolgate.toml) and update schoolgate.toml.", tree.display()),
            TooDeep { .. } => "Take out the extra nesting at the line named above: block quotes (>), lists inside lists, or HTML elements inside each other. A real page needs a few levels, never hundreds.".into(),
            Input(e) => e.hint(),
            UnsafePath { field, .. } => format!("Change the {field} to a plain address inside the site, such as `news/sports-day`: letters, numbers, hyphens and `/` only, with no `..`, `\\`, `:`, `%2e` or drive letters."),
            UnsafeSymlink { .. } => "Replace the shortcut with a copy of the files, or point it at a folder inside the site (next to schoolgate.toml) that is not private/ or .schoolgate/.".into(),
            FoldersOverlap { what, .. } => format!("Change {what} so the two are separate folders. Keep private files (register, staff list, approvals, waivers, reports) in private/ next to schoolgate.toml, and publish to its own folder such as public/."),
            NotPublishable { fix, .. } => fix.clone(),
            InvalidFile { hint, .. } | Other { hint, .. } => hint.clone(),
        }
    }
}

/// 1-based line number of a byte offset in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Renders errors for a human: each with location, the offending line when
/// we can read it, and the hint.
pub fn render(errors: &[BuildError], root: &Path) -> String {
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!("error: {e}\n"));
        if let Some(loc) = e.location() {
            let shown = loc.path.strip_prefix(root).unwrap_or(&loc.path).display().to_string();
            match loc.line {
                Some(l) => {
                    out.push_str(&format!("  --> {shown}:{l}\n"));
                    if let Some(text) = read_line(&loc.path, l) {
                        out.push_str(&format!("   | {text}\n"));
                    }
                }
                None => out.push_str(&format!("  --> {shown}\n")),
            }
        }
        out.push_str(&format!("  help: {}\n\n", e.hint()));
    }
    let n = errors.len();
    out.push_str(&format!(
        "The build stopped with {n} error{}. Nothing was published; the previous site is unchanged.\n",
        if n == 1 { "" } else { "s" }
    ));
    out
}

fn read_line(path: &Path, line: usize) -> Option<String> {
    // Only source files are worth quoting: never print a register row, it
    // holds pupils' names.
    let ext = path.extension()?.to_str()?;
    if !matches!(ext, "md" | "toml" | "html") {
        return None;
    }
    let text = crate::input::read_text(path, crate::limits::MAX_PAGE_BYTES).ok()?;
    let l = text.lines().nth(line.checked_sub(1)?)?;
    Some(l.chars().take(120).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_one_based() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 4), 3);
    }

    #[test]
    fn register_rows_are_never_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.csv");
        std::fs::write(&reg, "id,forename,surname\n1,Harry,Patel\n").unwrap();
        let text = render(&[BuildError::Register { path: reg, row: Some(2), message: "bad date".into() }], dir.path());
        assert!(text.contains("register.csv:2"), "{text}");
        assert!(!text.contains("Patel"), "{text}");
    }
}
