//! Picture and video formats Schoolgate cannot yet clean, recognised by
//! their first bytes and by their file name.
//!
//! These formats carry location (GPS) and people tags the build cannot
//! remove or check for consent, so they are refused until they are fully
//! supported. MP4, MOV and M4V videos are cleaned ([`crate::video`]) and
//! are not listed here; WebM and the older formats are, since no
//! maintained pure-Rust rewriter for Matroska exists to clean them with. The bytes are looked at as well as the name, so a HEIC photo
//! renamed `.txt` or a video renamed `.pdf` is refused all the same.

/// A format the build refuses, with what the school should do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported {
    /// How the school would call it: "HEIC photo", "MP4 video".
    pub name: &'static str,
    /// What to publish instead, in plain English.
    pub fix: &'static str,
}

const AS_JPEG: &str = "Export it as JPEG (File > Export, or \"Save as JPEG\" on the phone or camera software) and publish the JPEG instead; Schoolgate removes the hidden information from JPEG, PNG and WebP and checks it for consent.";
const AS_PNG: &str = "Export it as PNG (or JPEG) and publish that instead; Schoolgate removes the hidden information from JPEG, PNG and WebP and checks it for consent.";
const VIDEO: &str = "Convert it to MP4 (HandBrake, or Export/Share > MP4 in the editing app) and publish the .mp4, which Schoolgate cleans of location and people tags; or upload it to the school's YouTube or Vimeo channel (after the same consent checks as for photos) and embed it with the video shortcode.";

fn image(name: &'static str) -> Unsupported {
    Unsupported { name, fix: AS_JPEG }
}

fn video(name: &'static str) -> Unsupported {
    Unsupported { name, fix: VIDEO }
}

/// The format a file's name says, when it is one the build refuses.
pub fn by_extension(ext: &str) -> Option<Unsupported> {
    Some(match ext {
        "tif" | "tiff" => image("TIFF picture"),
        "heic" | "heif" | "hif" => image("HEIC/HEIF photo"),
        "avif" => image("AVIF picture"),
        "bmp" => Unsupported { name: "BMP picture", fix: AS_PNG },
        "psd" => image("Photoshop file"),
        "jxl" => image("JPEG XL picture"),
        "cr2" | "cr3" | "nef" | "arw" | "dng" | "orf" | "rw2" | "raf" | "srw" | "pef" => image("camera RAW photo"),
        "qt" => Unsupported {
            name: "QuickTime (.qt) video",
            fix: "Rename it to .mov: Schoolgate cleans MOV, MP4 and M4V videos of location and people tags.",
        },
        "webm" => video("WebM video"),
        "mkv" => video("MKV video"),
        "avi" => video("AVI video"),
        "wmv" | "asf" => video("WMV video"),
        "mpg" | "mpeg" | "m2ts" | "mts" | "ts" | "vob" => video("MPEG video"),
        "3gp" | "3g2" => video("3GP video"),
        "flv" => video("Flash video"),
        _ => return None,
    })
}

/// The format a file's first bytes say, when it is one the build refuses.
pub fn by_content(bytes: &[u8]) -> Option<Unsupported> {
    let at = |i: usize, sig: &[u8]| bytes.get(i..i + sig.len()) == Some(sig);
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return by_extension("tiff");
    }
    if at(0, b"8BPS") {
        return by_extension("psd");
    }
    if at(4, b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or(b"");
        return match brand {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"mif2" => {
                by_extension("heic")
            }
            b"avif" | b"avis" => by_extension("avif"),
            b"crx " => by_extension("cr3"),
            b"3gp4" | b"3gp5" | b"3gp6" | b"3g2a" => by_extension("3gp"),
            // MP4, MOV and M4V: cleaned by crate::video.
            _ => None,
        };
    }
    if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        return by_extension("webm");
    }
    if at(0, b"RIFF") && at(8, b"AVI ") {
        return by_extension("avi");
    }
    if at(0, &[0x00, 0x00, 0x01, 0xBA]) || at(0, &[0x00, 0x00, 0x01, 0xB3]) {
        return by_extension("mpg");
    }
    if at(0, &[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) {
        return by_extension("wmv");
    }
    if at(0, b"FLV\x01") {
        return by_extension("flv");
    }
    if at(0, &[0xFF, 0x0A]) || at(0, &[0, 0, 0, 0x0C, b'J', b'X', b'L', b' ']) {
        return by_extension("jxl");
    }
    None
}

/// True when the bytes are a photo Schoolgate does clean (JPEG, PNG,
/// WebP), whatever the file is called.
pub fn is_cleanable_photo(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
        let mut b = vec![0, 0, 0, 0x18];
        b.extend_from_slice(b"ftyp");
        b.extend_from_slice(brand);
        b.extend_from_slice(&[0; 12]);
        b
    }

    #[test]
    fn iso_media_brands_are_told_apart() {
        assert_eq!(by_content(&ftyp(b"heic")).map(|u| u.name), Some("HEIC/HEIF photo"));
        // Videos the build cleans are not refused.
        assert_eq!(by_content(&ftyp(b"qt  ")), None);
        assert_eq!(by_content(&ftyp(b"isom")), None);
        assert_eq!(by_content(&ftyp(b"3gp4")).map(|u| u.name), Some("3GP video"));
        assert_eq!(by_extension("webm").map(|u| u.name), Some("WebM video"));
        assert_eq!(by_content(&ftyp(b"avif")).map(|u| u.name), Some("AVIF picture"));
    }

    #[test]
    fn text_and_cleanable_photos_are_not_refused() {
        assert_eq!(by_content(b"Name,Year\nAisha,4\n"), None);
        assert_eq!(by_content(b""), None);
        assert_eq!(by_content(&[0xFF, 0xD8, 0xFF, 0xE0]), None);
        assert!(is_cleanable_photo(&[0xFF, 0xD8, 0xFF, 0xE0]));
        // GIFs are cleaned by the build now (crate::metadata::gif).
        assert!(by_content(b"GIF89a\x01\0\x01\0").is_none());
        assert!(by_extension("gif").is_none());
        assert!(by_content(b"MM\0*\0\0\0\x08").is_some());
    }
}
