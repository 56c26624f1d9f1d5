//! Reading what a photo file says about itself: people tags, face regions,
//! keywords, captions, GPS and other personal fields.
//!
//! Photo tools write the names of the people in a photo in many places
//! (see `docs/people-tags.md`). The audit must read all of them, because an
//! admin assistant cannot be expected to know which tool wrote which.

use serde::Serialize;

/// Where a people tag or keyword was found. The variant decides whether a tag
/// that matches nobody on the register is worth a warning: a person field
/// always names a person, a keyword field often does not ("Sports day").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TagSource {
    /// XMP `Iptc4xmpExt:PersonInImage` (Lightroom, IPTC editors).
    XmpPersonInImage,
    /// XMP MWG face region name, `mwg-rs:Regions/…/mwg-rs:Name` (digiKam, Picasa, Lightroom).
    MwgRegion,
    /// XMP Microsoft region, `MP:RegionInfo/…/MPReg:PersonDisplayName` (Windows Photo Gallery).
    MicrosoftRegion,
    /// XMP `lr:hierarchicalSubject` entry under a `People|` branch, or
    /// `digiKam:TagsList` entry under `People/`.
    PeopleKeywordPath,
    /// XMP `dc:subject` keyword.
    DcSubject,
    /// Other XMP hierarchical keyword (not under a People branch).
    HierarchicalKeyword,
    /// IPTC-IIM 2:25 Keywords (APP13).
    IptcKeyword,
    /// EXIF `XPKeywords` (Windows Explorer "Tags").
    ExifXpKeywords,
    /// Given by the author in the content (shortcode `people=`).
    Content,
}

impl TagSource {
    /// True when the field exists to name people, so an unknown value is
    /// an unknown person rather than an ordinary keyword.
    pub fn is_person_field(self) -> bool {
        matches!(
            self,
            TagSource::XmpPersonInImage
                | TagSource::MwgRegion
                | TagSource::MicrosoftRegion
                | TagSource::PeopleKeywordPath
                | TagSource::Content
        )
    }

    /// Plain-English name of the place, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            TagSource::XmpPersonInImage => "XMP \"Person shown\" (PersonInImage)",
            TagSource::MwgRegion => "XMP face region (MWG)",
            TagSource::MicrosoftRegion => "XMP face region (Microsoft People Tags)",
            TagSource::PeopleKeywordPath => "People keyword (Lightroom / digiKam)",
            TagSource::DcSubject => "XMP keyword (dc:subject)",
            TagSource::HierarchicalKeyword => "XMP hierarchical keyword",
            TagSource::IptcKeyword => "IPTC keyword",
            TagSource::ExifXpKeywords => "Windows Tags (EXIF XPKeywords)",
            TagSource::Content => "the page's photo shortcode",
        }
    }
}

/// One name or keyword attached to a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub value: String,
    pub source: TagSource,
    /// True when the tag came from a sidecar `.xmp` file rather than the image.
    pub from_sidecar: bool,
}

/// A free-text field that may carry names (captions, titles, comments…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextField {
    /// Field name as a photo tool shows it, e.g. `XMP dc:description`.
    pub field: String,
    pub value: String,
}

/// Personal metadata that must not be published, independent of names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonalFields {
    /// GPS position present (EXIF GPS IFD or XMP `exif:GPSLatitude`).
    pub gps: bool,
    /// Camera body serial (EXIF `BodySerialNumber`, or the maker note's
    /// serial for Nikon, Canon, Sony, Fujifilm, Panasonic and Olympus) or
    /// owner name present.
    pub camera_serial: Option<String>,
    pub camera_owner: Option<String>,
    /// `Artist`, `XPAuthor`, `dc:creator`, IPTC By-line…
    pub authors: Vec<String>,
    /// Number of face regions (named or not).
    pub face_regions: usize,
}

/// Everything Schoolgate knows about one image file's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImageMetadata {
    /// People tags and keywords, in the order found.
    pub tags: Vec<Tag>,
    /// Captions, titles, descriptions, comments.
    pub text: Vec<TextField>,
    pub personal: PersonalFields,
    /// EXIF orientation (1–8) when present.
    pub orientation: Option<u16>,
}

impl ImageMetadata {
    /// Tags from fields that exist to name people.
    pub fn person_tags(&self) -> impl Iterator<Item = &Tag> {
        self.tags.iter().filter(|t| t.source.is_person_field())
    }

    /// True when anything personal would be published with the file.
    pub fn has_personal_data(&self) -> bool {
        self.personal.gps
            || self.personal.camera_serial.is_some()
            || self.personal.camera_owner.is_some()
            || self.personal.face_regions > 0
            || self.person_tags().next().is_some()
    }
}

mod container;
mod exif_fields;
#[cfg(test)]
mod fixture_tests;
pub mod gif;
mod iptc;
mod jpeg_tail;
mod makernote;
mod sidecar;
mod strip;
mod xmp;

pub use sidecar::{read_sidecar, sidecar_paths};
pub use strip::strip_personal;

/// Reads one XMP packet found inside another kind of file (a PDF's
/// metadata stream): people tags, keywords, captions, GPS.
pub fn read_xmp(packet: &[u8]) -> Result<ImageMetadata, MetadataError> {
    let mut meta = ImageMetadata::default();
    xmp::read_into(packet, false, &mut meta)?;
    Ok(meta)
}

/// Why a file's metadata could not be read or removed. Unknown formats are
/// not an error (they simply carry no metadata we understand); these are
/// files that claim to be a format we read but are broken.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// The JPEG, PNG or WebP structure itself is damaged or truncated.
    #[error("the {format} file is damaged or cut short ({detail}); re-export it from your photo software")]
    CorruptContainer { format: ImageFormat, detail: String },
    /// The EXIF block is present but cannot be decoded.
    #[error("the photo's EXIF data is damaged ({0}); re-export the photo or remove its metadata")]
    CorruptExif(String),
    /// An XMP packet (in the file or a sidecar) is not well-formed XML/RDF.
    #[error("the photo's XMP metadata is not valid XML ({0}); re-save it in your photo software")]
    CorruptXmp(String),
    /// A compressed text block is broken or would expand beyond a safe size.
    #[error("a compressed metadata block is damaged or too large ({0})")]
    CorruptCompressed(String),
    /// A GIF's block structure is damaged or cut short.
    #[error("the GIF file is damaged or cut short ({0}); export it again from your picture software")]
    CorruptGif(String),
    /// An MP4/QuickTime video's boxes are damaged or cannot be read safely.
    #[error("the video cannot be read safely: {0}; export it again from the camera or editing software")]
    CorruptVideo(String),
    /// Stripping was asked for a format we cannot rewrite safely.
    #[error("Schoolgate cannot remove metadata from this kind of file; convert it to JPEG, PNG or WebP")]
    UnsupportedFormat,
}

/// The image containers Schoolgate reads metadata from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ImageFormat {
    Jpeg,
    Png,
    WebP,
}

impl std::fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::WebP => "WebP",
        })
    }
}

impl ImageFormat {
    /// Recognise a container from its first bytes (never from the file name:
    /// uploads are often misnamed).
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::WebP)
        } else {
            None
        }
    }
}

/// Read every people tag, keyword, caption and personal field from an image
/// file's bytes. Formats other than JPEG, PNG and WebP give empty metadata,
/// because they carry nothing this reader understands; damaged files give an
/// error so that the audit can say the photo could not be checked.
pub fn read_metadata(bytes: &[u8]) -> Result<ImageMetadata, MetadataError> {
    if gif::is_gif(bytes) {
        return gif::read(bytes);
    }
    if crate::video::is_video(bytes) {
        return crate::video::read(bytes).map(|v| v.metadata).map_err(|e| MetadataError::CorruptVideo(e.to_string()));
    }
    read_nested(bytes, 0)
}

/// How many images appended after a JPEG's end are followed. Phones append
/// one or two; the bound stops a crafted file from recursing forever.
const MAX_EMBEDDED_DEPTH: usize = 4;

fn read_nested(bytes: &[u8], depth: usize) -> Result<ImageMetadata, MetadataError> {
    let Some(format) = ImageFormat::sniff(bytes) else {
        return Ok(ImageMetadata::default());
    };
    let blocks = container::split(format, bytes)?;
    let mut meta = ImageMetadata::default();
    for tiff in &blocks.exif {
        exif_fields::read_into(tiff, &mut meta)?;
    }
    for packet in &blocks.xmp {
        xmp::read_into(packet, false, &mut meta)?;
    }
    for iim in &blocks.iptc {
        iptc::read_into(iim, &mut meta);
    }
    for (field, value) in blocks.text {
        if field == "PNG Author" {
            meta.push_author(&value);
        } else {
            meta.push_text(field, &value);
        }
    }
    if depth < MAX_EMBEDDED_DEPTH {
        for image in &blocks.embedded {
            // A damaged appended image must not hide what the main image
            // says, so its errors are dropped; stripping removes it anyway.
            if let Ok(inner) = read_nested(image, depth + 1) {
                // The main image's orientation is the one that is displayed.
                let orientation = meta.orientation;
                meta.merge(inner);
                meta.orientation = orientation;
            }
        }
    }
    Ok(meta)
}

impl ImageMetadata {
    /// Fold another reading (typically a sidecar's) into this one. Tags and
    /// text are appended without duplicates; personal fields are combined so
    /// that anything present in either is present in the result.
    pub fn merge(&mut self, other: ImageMetadata) {
        for tag in other.tags {
            if !self.tags.contains(&tag) {
                self.tags.push(tag);
            }
        }
        for field in other.text {
            if !self.text.contains(&field) {
                self.text.push(field);
            }
        }
        let p = other.personal;
        self.personal.gps |= p.gps;
        if self.personal.camera_serial.is_none() {
            self.personal.camera_serial = p.camera_serial;
        }
        if self.personal.camera_owner.is_none() {
            self.personal.camera_owner = p.camera_owner;
        }
        for author in p.authors {
            if !self.personal.authors.contains(&author) {
                self.personal.authors.push(author);
            }
        }
        self.personal.face_regions = self.personal.face_regions.max(p.face_regions);
        if self.orientation.is_none() {
            self.orientation = other.orientation;
        }
    }

    /// Add a tag unless the same value from the same place is already there
    /// (several XMP packets and mirrored fields often repeat each other).
    pub(crate) fn push_tag(&mut self, value: &str, source: TagSource, from_sidecar: bool) {
        let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if value.is_empty() {
            return;
        }
        let tag = Tag { value: value.to_string(), source, from_sidecar };
        if !self.tags.contains(&tag) {
            self.tags.push(tag);
        }
    }

    pub(crate) fn push_text(&mut self, field: impl Into<String>, value: &str) {
        let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if value.is_empty() {
            return;
        }
        let field = TextField { field: field.into(), value: value.to_string() };
        if !self.text.contains(&field) {
            self.text.push(field);
        }
    }

    pub(crate) fn push_author(&mut self, author: &str) {
        let author = author.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if !author.is_empty() && !self.personal.authors.iter().any(|a| a == author) {
            self.personal.authors.push(author.to_string());
        }
    }
}
