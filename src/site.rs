//! The rendered site model: what every audit check reads.
//!
//! A [`RenderedSite`] is the same whether it came from Schoolgate's own build,
//! from a folder of HTML exported by another CMS, or from a live site fetched
//! over HTTP. Checks never look at Markdown or at the disk: they look at pages
//! (URL, HTML, where it came from) and assets (path, bytes, metadata). That is
//! what lets one set of checks serve all three.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::metadata::ImageMetadata;

/// A whole site, ready to audit or to write.
#[derive(Debug, Default, Clone)]
pub struct RenderedSite {
    /// Absolute base URL (`https://www.example.sch.uk`), when known.
    pub base_url: Option<String>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Addresses that reach a page or file of the site by redirect
    /// (`/about` → `/about/`), as a crawler met them. Site-relative paths,
    /// percent-decoded, without the query (the form link checks resolve to).
    pub redirects: BTreeMap<String, String>,
    /// Addresses on the site that are neither a page nor a file here because
    /// the producer did not fetch them on purpose (a crawler trap, a limit,
    /// robots.txt, a kind of file the audit does not read) or could not
    /// (already reported by the producer). Link checks must not call these
    /// broken: that would guess about pages never asked for, or report one
    /// fault twice. Same form as `redirects`.
    pub unchecked: BTreeSet<String>,
    /// Whether the producer ran the site's JavaScript (see
    /// [`crate::source::render`]). The `crawl/javascript-only` finding reads
    /// it to say *why* it saw only a shell: rendering was off, no browser
    /// was found, or the browser failed.
    pub rendering: Rendering,
    /// Files a crawler found in a list the site keeps of its own files rather
    /// than through a link (keyed by the asset's `url`): the unlinked-file
    /// finding says where, because that is where the school deletes it.
    pub listed_in: BTreeMap<String, ListedIn>,
}

/// A list a site keeps of its own files, where a crawler can find files no
/// page links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListedIn {
    Sitemap,
    /// WordPress's media library, read through `/wp-json/wp/v2/media`.
    WordPressMedia,
    /// A folder listing ("Index of /…") the web server shows.
    FolderListing,
    /// A static generator's search index file.
    SearchIndex,
}

/// The environment variable naming the browser program Schoolgate renders
/// JavaScript sites with, when it is not `chromium` on the PATH. Here (in
/// the site model) because the audit's shell finding names it in its help
/// and the audit never imports a producer.
pub const CHROMIUM_ENV: &str = "SCHOOLGATE_CHROMIUM";

/// What became of rendering a JavaScript site in a browser. Kept on the
/// site (not only in producer findings) because the audit's shell verdict
/// must word its one finding by it, and checks read only the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Rendering {
    /// No producer offered to render (Schoolgate's own build, a trust audit).
    #[default]
    NotOffered,
    /// `--render never`.
    TurnedOff,
    /// Rendering was wanted but no browser could be started; the text says
    /// what was looked for, in plain English.
    NoBrowser(String),
    /// Pages were rendered; `failed` of them could not be (timeout, crash).
    Rendered { pages: usize, failed: usize },
}

/// One HTML page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Site-relative URL path, always starting with `/`: `/news/sports-day/`.
    pub url: String,
    /// Full HTML as published.
    pub html: String,
    /// Where the page came from, so findings can point the admin at a file
    /// and line they can edit.
    pub source: Option<SourceRef>,
    /// Photos the content says are on this page, with who the author said is
    /// in them. Empty for sites not built by Schoolgate.
    pub photo_declarations: Vec<PhotoDeclaration>,
    /// Where else the page is shared besides the site (front matter
    /// `shared_to`): pupils shown on it need consent for these purposes too.
    /// Empty for sites not built by Schoolgate.
    pub shared_to: Vec<crate::register::Purpose>,
}

/// A location in an input file (1-based line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub path: PathBuf,
    pub line: Option<usize>,
}

impl SourceRef {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), line: None }
    }
    pub fn at(path: impl Into<PathBuf>, line: usize) -> Self {
        Self { path: path.into(), line: Some(line) }
    }
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// What the author wrote about who is in a photo (the `photo` shortcode's
/// `people` / `no_pupils` arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoDeclaration {
    /// Site-relative URL of the image as published.
    pub src: String,
    /// People named by the author (register ids or names).
    pub people: Vec<String>,
    /// The author stated the photo shows no pupils.
    pub no_pupils: bool,
    /// Where the shortcode was written.
    pub source: Option<SourceRef>,
}

/// Broad kinds of published file, decided from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssetKind {
    Image,
    /// MP4, MOV and M4V videos (cleaned like photos, checked for consent
    /// like photos; see [`crate::video`]); other video formats too, for
    /// folders and live sites.
    Video,
    Pdf,
    /// Word, Excel, PowerPoint, OpenDocument files.
    Document,
    Other,
}

impl AssetKind {
    /// Photos and videos: files that show people, so consent, approvals
    /// and people tags apply to them.
    pub fn shows_people(self) -> bool {
        matches!(self, AssetKind::Image | AssetKind::Video)
    }

    pub fn from_path(path: &str) -> Self {
        let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" | "png" | "webp" | "gif" | "tif" | "tiff" | "heic" | "heif" | "avif" => AssetKind::Image,
            "mp4" | "m4v" | "mov" | "qt" | "webm" | "mkv" | "avi" | "wmv" | "3gp" => AssetKind::Video,
            "pdf" => AssetKind::Pdf,
            "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "odt" | "ods" | "odp" | "rtf" => AssetKind::Document,
            _ => AssetKind::Other,
        }
    }
}

/// One published file that is not an HTML page.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Site-relative URL path, starting with `/`: `/news/sports-day/race.jpg`.
    pub url: String,
    pub kind: AssetKind,
    /// The bytes as published (after Schoolgate stripped them, for its own build).
    pub bytes: Arc<[u8]>,
    /// Metadata read from the *original* file, before stripping. For Schoolgate's
    /// own build this is where people tags live (the published copy has none);
    /// for a folder or live site it is read from the published bytes.
    pub original_metadata: Option<ImageMetadata>,
    /// The file the asset was made from, when built locally.
    pub source: Option<SourceRef>,
    /// Readable text of a PDF or office document (see [`crate::documents`]),
    /// so name and statutory checks can read documents as they read pages.
    pub text: Option<String>,
    /// Personal metadata of the *original* document (PDF, Word, PowerPoint,
    /// Excel) before the build removed it, for Schoolgate's own build: a
    /// pupil named as a comment's author is a fault of the document even
    /// once the published copy no longer says so. `None` for folders and
    /// live sites, whose published bytes are the original.
    pub original_document: Option<Box<crate::documents::properties::DocumentMetadata>>,
}

/// The last part of a site address: `race.jpg` in `/news/sports-day/race.jpg`,
/// `sports-day` in `/news/sports-day/`. As written (not %-decoded): the
/// name a finding or report quotes.
pub fn file_name(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// Undoes `%XX` codes in an address (`/Term%20Dates.pdf` → `/Term Dates.pdf`),
/// the one way Schoolgate decodes them: comparing links with files, reading
/// names in addresses, and the path guard (which decodes repeatedly to
/// find a hidden `..`). Invalid codes (`%zz`, `%4` at the end, `%+5`) are
/// kept as written; bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_codes_are_decoded_and_invalid_ones_kept() {
        use super::percent_decode;
        assert_eq!(percent_decode("/Term%20Dates.pdf"), "/Term Dates.pdf");
        assert_eq!(percent_decode("/a/Zo%C3%ABO%27Neill.jpg"), "/a/ZoëO'Neill.jpg");
        assert_eq!(percent_decode("/%2e%2E/x"), "/../x");
        // Not a code: kept, and a character after `%` does not panic.
        assert_eq!(percent_decode("/a%aé%4"), "/a%aé%4");
        assert_eq!(percent_decode("/50%zz"), "/50%zz");
        // `from_str_radix` read `+5` as a number; it is not a %-code.
        assert_eq!(percent_decode("/a%+5b"), "/a%+5b");
        assert_eq!(percent_decode("/%ff.jpg"), "/\u{fffd}.jpg");
    }

    #[test]
    fn file_name_is_the_last_part() {
        assert_eq!(super::file_name("/news/sports-day/race.jpg"), "race.jpg");
        assert_eq!(super::file_name("/news/sports-day/"), "sports-day");
        assert_eq!(super::file_name("/"), "");
    }
}
