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
    /// Camera body serial or owner name present.
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

// ---- TEMPORARY STUB (added by the rules work item; replace with the metadata
// work item's reader on merge: keep its version of everything below). ----

/// Why a file's metadata could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("the file is not an image format Schoolgate can read")]
    UnsupportedFormat,
}

/// Reads every people tag, caption and personal field in an image file.
/// Stub: returns empty metadata until the metadata reader is merged.
pub fn read_metadata(_bytes: &[u8]) -> Result<ImageMetadata, MetadataError> {
    Ok(ImageMetadata::default())
}
