//! What may be published, and how each published file is read for the
//! checks.
//!
//! Every file the build publishes is either a kind Schoolgate understands
//! and checks, or a kind the school allowed in `schoolgate.toml`
//! (`[publish] allow = ["ics"]`), and then it is read for the checks too:
//!
//! - photos (JPEG, PNG, WebP) are cleaned and checked by [`crate::images`];
//! - PDF and Word files have their text read by [`crate::documents`];
//! - text files (HTML, JSON, TOML, XML, CSS, JS, iCalendar, YAML, plain
//!   text…) are read as text, so a pupil's full name in them fails the audit
//!   like a name on a page;
//! - SVG drawings are published only when they are plain drawings ([`svg`]);
//! - spreadsheets (CSV, TSV, Excel, OpenDocument) are never published unless
//!   allowed, and then they are read too;
//! - anything that looks like the register, the staff list or the waivers
//!   file is refused even when its kind is allowed ([`private`]);
//! - GIFs are published without their comments and XMP
//!   ([`crate::metadata::gif`]), every frame kept;
//! - MP4, MOV and M4V videos are published with their personal boxes
//!   (location, device, people tags) neutralised in place ([`crate::video`]);
//! - pictures and videos the build cannot clean (TIFF, HEIC, WebM, AVI…)
//!   are refused by name and by content ([`sniff`]), whatever the settings.
//!
//! The decision is made on the file name *and* the bytes, so renaming a
//! file never changes what is checked.

pub mod private;
pub mod sniff;
pub mod svg;
pub mod text;

use std::path::Path;

use crate::config::PublishSettings;
use crate::error::BuildError;
use crate::register::ConsentRegister;
use crate::site::AssetKind;

/// Photos the build cleans of hidden information and checks for consent.
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Read as text and checked. Files without an extension (`CNAME`) too.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt",
    "text",
    "html",
    "htm",
    "xhtml",
    "json",
    "jsonld",
    "webmanifest",
    "map",
    "toml",
    "xml",
    "rss",
    "atom",
    "md",
    "markdown",
    "ics",
    "css",
    "js",
    "mjs",
    "yaml",
    "yml",
    "",
];

/// Markup whose tags would split a name: read with the tags taken out.
const MARKUP_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "xml", "rss", "atom", "svg"];

/// Spreadsheets: published only when allowed.
const SPREADSHEET_TEXT: &[&str] = &["csv", "tsv"];
const SPREADSHEET_BOOKS: &[&str] = &["xls", "xlsx", "xlsm", "xlsb", "ods"];

/// Design files of a site template with no room for pupils' data; read for
/// readable text all the same.
const DESIGN_EXTENSIONS: &[&str] = &["woff", "woff2", "ttf", "otf", "eot", "ico"];

/// The lower-case extension of a file name, without the dot ("" for none).
pub fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// True for the photo kinds the build cleans (by name).
pub fn is_photo(path: &Path) -> bool {
    PHOTO_EXTENSIONS.contains(&extension(path).as_str())
}

/// Refuses a photo file whose first bytes say it is a format the build
/// cannot clean (a HEIC photo renamed `.jpg`). Only the start is read.
pub fn check_photo(path: &Path) -> Result<(), BuildError> {
    use std::io::Read;
    let mut head = [0u8; 32];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|source| BuildError::Read { path: path.to_path_buf(), source })?;
    match sniff::by_content(&head[..n]) {
        Some(u) => Err(unsupported(path, u)),
        None if crate::video::is_video(&head[..n]) => Err(video_misnamed(path)),
        None => Ok(()),
    }
}

fn refuse(path: &Path, reason: impl Into<String>, fix: impl Into<String>) -> BuildError {
    BuildError::NotPublishable { path: path.to_path_buf(), reason: reason.into(), fix: fix.into() }
}

fn unsupported(path: &Path, u: sniff::Unsupported) -> BuildError {
    refuse(
        path,
        format!(
            "it is a {}, and Schoolgate cannot yet remove the hidden information such files carry (location, people tags) or check them for consent",
            u.name
        ),
        u.fix,
    )
}

fn video_misnamed(path: &Path) -> BuildError {
    refuse(
        path,
        "it is a video saved under a name that is not a video's",
        "Give it the ending .mp4 (or .mov) so Schoolgate removes its location and people tags and checks it for consent.",
    )
}

/// A video the build cannot read or clean safely, refused naming the file.
pub fn video_refused(path: &Path, why: &crate::video::VideoError) -> BuildError {
    refuse(
        path,
        format!("Schoolgate cannot clean this video safely: {why}"),
        "Export it again as MP4 from the camera or editing app (or convert it with HandBrake) and publish the new file; or upload it to the school's YouTube or Vimeo channel and embed it with the video shortcode.",
    )
}

/// True for the video kinds the build cleans (by name).
pub fn is_video(path: &Path) -> bool {
    crate::video::VIDEO_EXTENSIONS.contains(&extension(path).as_str())
}

fn not_allowed(path: &Path, ext: &str, what: &str) -> BuildError {
    refuse(
        path,
        format!("{what} are not published unless the school allows them"),
        format!(
            "If the file is meant for the website, add `[publish]` with `allow = [\"{ext}\"]` to schoolgate.toml; Schoolgate will then read it and check it for pupils' names. If it is not meant for the website, move it out of the content and static folders."
        ),
    )
}

/// Decides whether a file that is not a photo may be published, and reads
/// its text for the checks. `Ok(text)` publishes it with that text (for
/// the name and contact checks); `Err` refuses it with a message naming
/// the file and saying what to do.
pub fn check_file(
    path: &Path,
    bytes: &[u8],
    settings: &PublishSettings,
    register: Option<&ConsentRegister>,
) -> Result<Option<String>, BuildError> {
    let ext = extension(path);
    let ext = ext.as_str();
    if let Some(u) = sniff::by_content(bytes).or_else(|| sniff::by_extension(ext)) {
        return Err(unsupported(path, u));
    }
    if sniff::is_cleanable_photo(bytes) {
        return Err(refuse(
            path,
            "it is a photo saved under a name that is not a photo's",
            "Give it the right ending (.jpg, .png or .webp) so Schoolgate removes its hidden information and checks it for consent.",
        ));
    }
    let private_check = |text: &str, rows: &[Vec<String>]| match private::looks_private(text, rows, register) {
        Some(why) => Err(refuse(
            path,
            why,
            "Never publish the register, the staff list or the waivers file: move it to the private/ folder next to schoolgate.toml (outside content/ and static/).",
        )),
        None => Ok(()),
    };
    let as_text = |what: &str| {
        text::decode(bytes).map_err(|_| {
            refuse(
                path,
                format!("its name says {what}, but it is not text"),
                "Check what the file really is and give it the right ending; if it is not meant for the website, remove it.",
            )
        })
    };

    let video_name = crate::video::VIDEO_EXTENSIONS.contains(&ext);
    if crate::video::is_video(bytes) && !video_name {
        return Err(video_misnamed(path));
    }
    if video_name {
        if !crate::video::is_video(bytes) {
            return Err(refuse(
                path,
                "its name says MP4/MOV video, but it is not one",
                "Check what the file really is and give it the right ending; export the video again as MP4 if it will not play.",
            ));
        }
        // Cleaned and read by the build (crate::video); no text to read.
        return Ok(None);
    }
    if crate::metadata::gif::is_gif(bytes) && ext != "gif" {
        return Err(refuse(
            path,
            "it is a GIF picture saved under a name that is not a GIF's",
            "Give it the ending .gif so Schoolgate removes its comments and hidden information.",
        ));
    }
    match ext {
        "gif" => {
            if !crate::metadata::gif::is_gif(bytes) {
                return Err(refuse(
                    path,
                    "its name says GIF, but it is not a GIF picture",
                    "Check what the file really is and give it the right ending.",
                ));
            }
            Ok(None)
        }
        "pdf" => {
            let head = &bytes[..bytes.len().min(1024)];
            if !bytes.is_empty() && !head.windows(4).any(|w| w == b"%PDF") {
                return Err(refuse(
                    path,
                    "its name says PDF, but it is not a PDF",
                    "Save the document again as PDF, or give the file its real ending.",
                ));
            }
            Ok(crate::documents::extract_text(bytes, AssetKind::Pdf))
        }
        "docx" => {
            if !bytes.is_empty() && !bytes.starts_with(b"PK\x03\x04") {
                return Err(refuse(
                    path,
                    "its name says Word document, but it is not one",
                    "Save the document again as .docx or PDF, or give the file its real ending.",
                ));
            }
            Ok(crate::documents::extract_text(bytes, AssetKind::Document))
        }
        "svg" => {
            let source = as_text("SVG drawing")?;
            svg::check(&source).map_err(|why| {
                refuse(path, why, "Export the drawing as PNG and publish that instead, or remove the script, link or embedded picture from it.")
            })?;
            Ok(Some(text::markup(&source)))
        }
        _ if TEXT_EXTENSIONS.contains(&ext) => {
            let source = as_text("text")?;
            private_check(&source, &text::delimited_rows(&source))?;
            Ok(Some(if MARKUP_EXTENSIONS.contains(&ext) { text::markup(&source) } else { source }))
        }
        _ if SPREADSHEET_TEXT.contains(&ext) => {
            if !settings.allows(ext) {
                return Err(not_allowed(path, ext, "spreadsheet files (CSV, TSV, Excel)"));
            }
            let source = as_text("spreadsheet")?;
            let rows = text::delimited_rows(&source);
            private_check(&source, &rows)?;
            Ok(Some(text::rows_text(&rows)))
        }
        _ if SPREADSHEET_BOOKS.contains(&ext) => {
            if !settings.allows(ext) {
                return Err(not_allowed(path, ext, "spreadsheet files (CSV, TSV, Excel)"));
            }
            let rows = text::spreadsheet_rows(bytes).ok_or_else(|| {
                refuse(
                    path,
                    "the spreadsheet could not be read",
                    "Open it in Excel, save it again, or publish it as PDF.",
                )
            })?;
            let joined = text::rows_text(&rows);
            private_check(&joined, &rows)?;
            Ok(Some(joined))
        }
        _ if DESIGN_EXTENSIONS.contains(&ext) => Ok(Some(text::any_text(bytes))),
        _ if settings.allows(ext) => {
            let found = text::any_text(bytes);
            private_check(&found, &text::delimited_rows(&found))?;
            Ok(Some(found))
        }
        _ => Err(match AssetKind::from_path(&format!("x.{ext}")) {
            AssetKind::Document => refuse(
                path,
                format!("Schoolgate cannot read .{ext} files to check them for pupils' names"),
                format!(
                    "Save it as PDF (or .docx) and publish that instead. If the school must publish .{ext} files, add `[publish]` with `allow = [\"{ext}\"]` to schoolgate.toml."
                ),
            ),
            _ => not_allowed(path, ext, &format!("files of a kind Schoolgate does not know (.{ext})")),
        }),
    }
}

/// The text of a file that is already published (a folder exported from
/// another CMS, a live site), for the checks: the same readers as the
/// build uses, without deciding whether the file may be published.
pub fn readable_text(path: &Path, bytes: &[u8]) -> Option<String> {
    let ext = extension(path);
    let ext = ext.as_str();
    let text = match ext {
        _ if MARKUP_EXTENSIONS.contains(&ext) => text::decode(bytes).ok().map(|t| text::markup(&t)),
        _ if TEXT_EXTENSIONS.contains(&ext) && !ext.is_empty() => text::decode(bytes).ok(),
        _ if SPREADSHEET_TEXT.contains(&ext) => {
            text::decode(bytes).ok().map(|t| text::rows_text(&text::delimited_rows(&t)))
        }
        _ if SPREADSHEET_BOOKS.contains(&ext) => text::spreadsheet_rows(bytes).map(|r| text::rows_text(&r)),
        _ => crate::documents::extract_text(bytes, AssetKind::from_path(&format!("x.{ext}"))),
    };
    text.filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, bytes: &[u8], allow: &[&str]) -> Result<Option<String>, String> {
        let settings = PublishSettings { allow: allow.iter().map(|s| s.to_string()).collect() };
        check_file(Path::new(name), bytes, &settings, None).map_err(|e| format!("{e} / {}", e.hint()))
    }

    #[test]
    fn published_files_are_read_for_audits_of_folders() {
        let t = readable_text(Path::new("/x/pupils.csv"), b"Name,Year\nAisha Khan,4\n").unwrap();
        assert!(t.contains("Aisha Khan"), "{t}");
        assert!(readable_text(Path::new("/x/a.json"), b"{\"w\": \"Aisha Khan\"}").is_some());
        assert!(readable_text(Path::new("/x/a.jpg"), b"\xFF\xD8\xFF").is_none());
    }

    #[test]
    fn text_files_are_read() {
        assert_eq!(check("notes.txt", b"Well done Aisha Khan", &[]).unwrap().as_deref(), Some("Well done Aisha Khan"));
        let html = check("a.html", b"<p><b>Aisha</b> Khan</p>", &[]).unwrap().unwrap();
        assert!(html.contains("Aisha  Khan"), "{html}");
        assert!(check("CNAME", b"www.example.sch.uk", &[]).is_ok());
    }

    #[test]
    fn spreadsheets_need_allowing_and_registers_never_pass() {
        let err = check("results.csv", b"Event,Winner,House\nSprint,Aisha,Red\n", &[]).unwrap_err();
        assert!(err.contains("allow = [\"csv\"]"), "{err}");
        assert!(check("results.csv", b"Event,Winner,House\nSprint,Aisha,Red\n", &["csv"]).is_ok());
        let err = check("export.csv", b"UPN,Forename,Surname\nA1,Aisha,Khan\n", &["csv"]).unwrap_err();
        assert!(err.contains("register"), "{err}");
        let err = check("export.txt", b"UPN,Forename,Surname\nA1,Aisha,Khan\n", &[]).unwrap_err();
        assert!(err.contains("register"), "{err}");
    }

    #[test]
    fn unknown_and_disguised_files_are_refused() {
        assert!(check("thing.xyz", b"abc", &[]).unwrap_err().contains("allow = [\"xyz\"]"));
        assert!(check("thing.xyz", b"abc", &["xyz"]).is_ok());
        assert!(check("minutes.doc", b"\xd0\xcf\x11\xe0", &[]).unwrap_err().contains("PDF"));
        assert!(check("clip.webm", b"\x1A\x45\xDF\xA3", &["webm"]).unwrap_err().contains("YouTube"));
        assert!(check("clip.txt", b"\0\0\0\x18ftypisom", &[]).unwrap_err().contains(".mp4"));
        assert!(check("clip.mp4", b"Name,Year\n", &[]).unwrap_err().contains("not one"));
        assert!(check("clip.mp4", b"\0\0\0\x18ftypisom", &[]).is_ok());
        assert!(check("notes.txt", b"\0\0\0\x18ftypheic\0\0", &[]).unwrap_err().contains("JPEG"));
        assert!(check("photo.txt", b"\xFF\xD8\xFF\xE0\0\x10JFIF", &[]).unwrap_err().contains(".jpg"));
        assert!(check("fake.pdf", b"Name,Year\n", &[]).unwrap_err().contains("not a PDF"));
    }
}
