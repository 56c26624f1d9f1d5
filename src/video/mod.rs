//! Videos (MP4, MOV, M4V): what they say about themselves, and removing
//! the personal part without re-encoding.
//!
//! Phones and cameras write into every video where it was filmed
//! (QuickTime `©xyz`, Apple's `com.apple.quicktime.location.ISO6709` key),
//! the device's make, model, software and sometimes serial number, and photo
//! tools add XMP with people tags and face regions, in a top-level `uuid`
//! box or in `udta/XMP_`. Schoolgate reads all of these into the same
//! [`ImageMetadata`] a photo gets, with the same XMP reader, so consent,
//! approvals, `find` and the metadata rules treat a video exactly like a
//! photo.
//!
//! Cleaning ([`strip`]) turns each personal box into a `free` box of the
//! same size with a zeroed payload. Nothing moves, so the chunk offsets in
//! `stco`/`co64` stay right and the video plays as before; the result is
//! read back and refused if anything personal is still found.
//!
//! Not handled: WebM/Matroska (no pure-Rust rewriter kept up for it; the
//! build refuses WebM), and position tracks (GoPro `gpmd`, Google `camm`,
//! Apple timed location metadata), which hold a position for every moment
//! in the media data itself: a video with one is refused ([`VideoError::LocationTrack`]).

pub mod boxes;

use std::ops::Range;

use serde::Serialize;

use crate::metadata::ImageMetadata;
use boxes::{BoxError, BoxRef, Budget, children};

/// The user type of Adobe's XMP `uuid` box.
pub const XMP_UUID: [u8; 16] =
    [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

/// Extensions of the videos the build cleans and publishes.
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov"];

/// Everything Schoolgate reads from one video file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VideoFacts {
    /// People tags, captions, authors, GPS and serial, in the shape a photo's
    /// metadata has (see [`ImageMetadata`]).
    pub metadata: ImageMetadata,
    /// The filming position as written (ISO 6709, `+51.5007-000.1246/`).
    pub location: Option<String>,
    pub make: Option<String>,
    pub model: Option<String>,
    /// The device's software version (`17.1`); not an encoder stamp.
    pub software: Option<String>,
    /// Encoder stamp (`Lavf59.27.100`): harmless, kept.
    pub encoder: Option<String>,
    /// When it was filmed: harmless, kept.
    pub created: Option<String>,
    /// Boxes that hold personal data (or data Schoolgate cannot vouch
    /// for), which [`strip`] turns into `free` boxes.
    #[serde(skip)]
    pub personal_boxes: Vec<PersonalBox>,
}

impl VideoFacts {
    /// True when something personal is left: location, device identity,
    /// people tags, captions or authors, or any box [`strip`] would remove.
    pub fn has_personal_data(&self) -> bool {
        !self.personal_boxes.is_empty()
            || self.metadata.has_personal_data()
            || self.location.is_some()
            || self.make.is_some()
            || self.model.is_some()
            || self.software.is_some()
            || !self.metadata.text.is_empty()
            || !self.metadata.personal.authors.is_empty()
    }
}

/// One box to neutralise, with where it is and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalBox {
    /// `moov/udta/©xyz`.
    pub path: String,
    pub range: Range<usize>,
}

/// Why a video cannot be read or cleaned safely. Messages are plain
/// English; the caller adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VideoError {
    #[error("its box structure is damaged ({0})")]
    Damaged(#[from] BoxError),
    #[error("it has no movie header (`moov` box), so it is not a complete MP4 or QuickTime video")]
    NoMovie,
    #[error("its movie header is compressed (`cmov`), which Schoolgate cannot read")]
    Compressed,
    #[error(
        "it carries a {0} track that records a position for every moment of the video, which Schoolgate cannot remove without re-encoding"
    )]
    LocationTrack(&'static str),
    #[error("its XMP metadata is damaged ({0})")]
    Xmp(String),
    #[error("after cleaning, {0} was still found in it")]
    NotClean(String),
}

/// True when the bytes are an MP4/QuickTime movie (not a HEIC or AVIF
/// picture, which share the container).
pub fn is_video(bytes: &[u8]) -> bool {
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or(b"");
        return !matches!(
            brand,
            b"heic"
                | b"heix"
                | b"hevc"
                | b"hevx"
                | b"heim"
                | b"heis"
                | b"mif1"
                | b"msf1"
                | b"mif2"
                | b"avif"
                | b"avis"
                | b"crx "
        );
    }
    // Old QuickTime movies start without `ftyp`.
    matches!(bytes.get(4..8), Some(b"moov" | b"wide" | b"mdat" | b"pnot"))
}

/// Reads a video's metadata. Only box headers and metadata boxes are read;
/// the media data is never decoded.
pub fn read(bytes: &[u8]) -> Result<VideoFacts, VideoError> {
    let mut scan = Scan { bytes, facts: VideoFacts::default(), budget: Budget::default() };
    let top = children(bytes, 0..bytes.len(), 0, "the file", &mut scan.budget)?;
    let mut movie = false;
    for b in &top {
        match &b.kind {
            b"moov" => {
                movie = true;
                scan.movie(b)?;
            }
            b"udta" => scan.user_data(b, "udta", 1)?,
            b"meta" => scan.meta(b, "meta", 1)?,
            b"uuid" => scan.uuid(b, "uuid")?,
            _ => {}
        }
    }
    if !movie {
        return Err(VideoError::NoMovie);
    }
    Ok(scan.facts)
}

/// The video with every personal box turned into a `free` box of the same
/// size (payload zeroed), checked by reading it back. Nothing else changes:
/// same length, same media bytes, same offsets.
pub fn strip(bytes: &[u8]) -> Result<Vec<u8>, VideoError> {
    let facts = read(bytes)?;
    let mut out = bytes.to_vec();
    for b in &facts.personal_boxes {
        neutralise(&mut out, &b.range);
    }
    let after = read(&out)?;
    if !after.personal_boxes.is_empty() {
        // (Box paths are not quoted: a hostile file chooses their names.)
        return Err(VideoError::NotClean(format!("{} metadata box(es)", after.personal_boxes.len())));
    }
    if after.has_personal_data() {
        return Err(VideoError::NotClean("personal metadata".into()));
    }
    Ok(out)
}

/// Rewrites one box as `free`: the size fields stay (32- or 64-bit), the
/// type becomes `free`, everything after the size fields is zeroed.
fn neutralise(out: &mut [u8], range: &Range<usize>) {
    let Some(b) = out.get_mut(range.clone()) else { return };
    if b.len() < 8 {
        return;
    }
    b[4..8].copy_from_slice(b"free");
    let size_fields = if b[..4] == [0, 0, 0, 1] { 16 } else { 8 };
    if let Some(payload) = b.get_mut(size_fields..) {
        payload.fill(0);
    }
}

/// What a metadata field is, by its QuickTime `udta` type, iTunes item
/// type or Apple key name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Location,
    /// Other location fields (place name, body, note): personal, not GPS.
    Place,
    Make,
    Model,
    Software,
    Serial,
    Author,
    /// Title, description, comment, keywords: free text that may name people.
    Text(&'static str),
    Xmp,
    /// Harmless and kept: when it was filmed.
    Created,
    /// Harmless and kept: the encoder's stamp.
    Encoder,
    /// Structure or playback hints that say nothing about anyone.
    Harmless,
    /// Anything else: removed, since Schoolgate cannot vouch for it.
    Unknown,
}

fn udta_field(kind: [u8; 4]) -> Field {
    match &kind {
        b"\xA9xyz" => Field::Location,
        b"\xA9mak" => Field::Make,
        b"\xA9mod" => Field::Model,
        b"\xA9swr" => Field::Software,
        b"SNum" | b"slno" => Field::Serial,
        b"XMP_" => Field::Xmp,
        b"\xA9ART" | b"\xA9aut" | b"\xA9wrt" | b"\xA9dir" | b"\xA9prd" | b"\xA9PRD" | b"AUTH" | b"auth" => {
            Field::Author
        }
        b"\xA9nam" | b"titl" => Field::Text("QuickTime title"),
        b"\xA9cmt" => Field::Text("QuickTime comment"),
        b"\xA9des" | b"desc" | b"dscp" => Field::Text("QuickTime description"),
        b"\xA9inf" => Field::Text("QuickTime information"),
        b"\xA9key" | b"keyw" => Field::Text("QuickTime keywords"),
        b"\xA9day" => Field::Created,
        b"\xA9too" | b"\xA9enc" => Field::Encoder,
        b"hnti" | b"hinf" | b"name" | b"tsel" | b"kind" | b"free" | b"skip" | b"\xA9fmt" => Field::Harmless,
        _ => Field::Unknown,
    }
}

fn key_field(key: &str) -> Field {
    let k = key.strip_prefix("com.apple.quicktime.").unwrap_or(key).to_ascii_lowercase();
    match k.as_str() {
        "location.iso6709" => Field::Location,
        _ if k.starts_with("location.") => Field::Place,
        "make" => Field::Make,
        "model" => Field::Model,
        "software" => Field::Software,
        "camera.identifier" => Field::Serial,
        _ if k.contains("serial") => Field::Serial,
        "author" | "artist" | "director" | "producer" | "publisher" | "copyright" => Field::Author,
        "title" | "displayname" => Field::Text("QuickTime title"),
        "description" => Field::Text("QuickTime description"),
        "comment" => Field::Text("QuickTime comment"),
        "keywords" => Field::Text("QuickTime keywords"),
        "information" => Field::Text("QuickTime information"),
        "creationdate" => Field::Created,
        "encoder" => Field::Encoder,
        _ => Field::Unknown,
    }
}

struct Scan<'a> {
    bytes: &'a [u8],
    facts: VideoFacts,
    budget: Budget,
}

impl Scan<'_> {
    fn kids(&mut self, b: &BoxRef, start: usize, depth: usize, path: &str) -> Result<Vec<BoxRef>, VideoError> {
        Ok(children(self.bytes, start..b.range.end, depth, path, &mut self.budget)?)
    }

    fn personal(&mut self, path: String, b: &BoxRef) {
        self.facts.personal_boxes.push(PersonalBox { path, range: b.range.clone() });
    }

    fn movie(&mut self, moov: &BoxRef) -> Result<(), VideoError> {
        for b in self.kids(moov, moov.payload_start, 1, "moov")? {
            match &b.kind {
                b"trak" => self.track(&b)?,
                b"udta" => self.user_data(&b, "moov/udta", 2)?,
                b"meta" => self.meta(&b, "moov/meta", 2)?,
                b"uuid" => self.uuid(&b, "moov/uuid")?,
                b"cmov" => return Err(VideoError::Compressed),
                _ => {}
            }
        }
        Ok(())
    }

    fn track(&mut self, trak: &BoxRef) -> Result<(), VideoError> {
        for b in self.kids(trak, trak.payload_start, 2, "trak")? {
            match &b.kind {
                b"udta" => self.user_data(&b, "moov/trak/udta", 3)?,
                b"meta" => self.meta(&b, "moov/trak/meta", 3)?,
                b"mdia" => self.sample_entries(&b, 3)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// mdia/minf/stbl/stsd: refuses tracks that record a position for every
    /// moment of the video (their samples are media data, not boxes).
    fn sample_entries(&mut self, mdia: &BoxRef, depth: usize) -> Result<(), VideoError> {
        let Some(minf) = self.kids(mdia, mdia.payload_start, depth, "mdia")?.into_iter().find(|b| &b.kind == b"minf")
        else {
            return Ok(());
        };
        let Some(stbl) =
            self.kids(&minf, minf.payload_start, depth + 1, "minf")?.into_iter().find(|b| &b.kind == b"stbl")
        else {
            return Ok(());
        };
        let Some(stsd) =
            self.kids(&stbl, stbl.payload_start, depth + 2, "stbl")?.into_iter().find(|b| &b.kind == b"stsd")
        else {
            return Ok(());
        };
        // stsd: version/flags (4) and entry count (4), then the entries.
        let start = stsd.payload_start + 8;
        if start > stsd.range.end {
            return Err(BoxError::Truncated { at: stsd.range.start }.into());
        }
        for entry in self.kids(&stsd, start, depth + 3, "stsd")? {
            match &entry.kind {
                b"gpmd" => return Err(VideoError::LocationTrack("GoPro GPS (gpmd)")),
                b"camm" => return Err(VideoError::LocationTrack("camera motion (camm)")),
                b"mebx" => {
                    let payload = entry.payload(self.bytes);
                    if payload.windows(8).any(|w| w.eq_ignore_ascii_case(b"location")) {
                        return Err(VideoError::LocationTrack("timed location metadata (mebx)"));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn user_data(&mut self, udta: &BoxRef, path: &str, depth: usize) -> Result<(), VideoError> {
        for b in self.kids(udta, udta.payload_start, depth, path)? {
            let here = format!("{path}/{}", b.name());
            match &b.kind {
                b"meta" => self.meta(&b, &here, depth + 1)?,
                b"uuid" => self.uuid(&b, &here)?,
                _ => {
                    let field = udta_field(b.kind);
                    let value = qt_text(b.payload(self.bytes));
                    if self.field(field, &here, &value, b.payload(self.bytes))? {
                        self.personal(here, &b);
                    }
                }
            }
        }
        Ok(())
    }

    /// Records one field; true when its box must be removed.
    fn field(&mut self, field: Field, name: &str, value: &str, raw: &[u8]) -> Result<bool, VideoError> {
        let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        let set = |slot: &mut Option<String>| {
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value.to_string());
            }
        };
        let f = &mut self.facts;
        match field {
            Field::Location => {
                f.metadata.personal.gps = true;
                set(&mut f.location);
            }
            Field::Place => f.metadata.push_text(format!("{name} (place)"), value),
            Field::Make => set(&mut f.make),
            Field::Model => set(&mut f.model),
            Field::Software => set(&mut f.software),
            Field::Serial => set(&mut f.metadata.personal.camera_serial),
            Field::Author => f.metadata.push_author(value),
            Field::Text(label) => f.metadata.push_text(label, value),
            Field::Xmp => self.xmp(raw)?,
            Field::Created => {
                set(&mut f.created);
                return Ok(false);
            }
            Field::Encoder => {
                set(&mut f.encoder);
                return Ok(false);
            }
            Field::Harmless => return Ok(false),
            Field::Unknown => {}
        }
        Ok(true)
    }

    fn xmp(&mut self, packet: &[u8]) -> Result<(), VideoError> {
        let found = crate::metadata::read_xmp(packet).map_err(|e| VideoError::Xmp(e.to_string()))?;
        self.facts.metadata.merge(found);
        Ok(())
    }

    /// `uuid` boxes outside the tracks hold metadata (Adobe XMP; Sony and
    /// Canon keep camera details in their own): all are removed, XMP read.
    fn uuid(&mut self, b: &BoxRef, path: &str) -> Result<(), VideoError> {
        if b.uuid == Some(XMP_UUID) {
            self.xmp(b.payload(self.bytes))?;
        }
        self.personal(path.to_string(), b);
        Ok(())
    }

    /// A `meta` box: Apple `keys` + `ilst` (items numbered by key), iTunes
    /// `ilst` (items by four-character type), or Sony's XML. Removed whole
    /// when any item is more than a date or an encoder stamp.
    fn meta(&mut self, meta: &BoxRef, path: &str, depth: usize) -> Result<(), VideoError> {
        // ISO `meta` is a full box (4 bytes of version and flags before the
        // children); Apple's QuickTime `meta` is not. Tell them apart by
        // whether a known child type follows at once.
        let p = meta.payload(self.bytes);
        let full = !matches!(p.get(4..8), Some(b"hdlr" | b"keys" | b"ilst" | b"xml " | b"free" | b"uuid"));
        let start = meta.payload_start + if full { 4 } else { 0 };
        if start > meta.range.end {
            return Err(BoxError::Truncated { at: meta.range.start }.into());
        }
        let kids = self.kids(meta, start, depth, path)?;
        let mut keys: Vec<String> = Vec::new();
        if let Some(k) = kids.iter().find(|b| &b.kind == b"keys") {
            keys = read_keys(k.payload(self.bytes));
        }
        let mut remove = false;
        for b in &kids {
            match &b.kind {
                b"ilst" => {
                    for item in self.kids(b, b.payload_start, depth + 1, "ilst")? {
                        let index = u32::from_be_bytes(item.kind) as usize;
                        let (field, name) = match keys.get(index.wrapping_sub(1)) {
                            Some(key) => (key_field(key), key.clone()),
                            None => (udta_field(item.kind), item.name()),
                        };
                        let (value, raw) = self.item_value(&item, depth + 2)?;
                        remove |= self.field(field, &format!("{path}/{name}"), &value, &raw)?;
                    }
                }
                b"xml " => {
                    let xml = String::from_utf8_lossy(b.payload(self.bytes)).into_owned();
                    self.sony_xml(&xml);
                    remove = true;
                }
                b"XMP_" => {
                    self.xmp(b.payload(self.bytes))?;
                    remove = true;
                }
                b"uuid" => self.uuid(b, &format!("{path}/uuid"))?,
                b"hdlr" | b"keys" | b"free" | b"skip" => {}
                _ => remove = true,
            }
        }
        if remove {
            self.personal(path.to_string(), meta);
        }
        Ok(())
    }

    /// The value of an `ilst` item: its `data` box (type, locale, value).
    fn item_value(&mut self, item: &BoxRef, depth: usize) -> Result<(String, Vec<u8>), VideoError> {
        for d in self.kids(item, item.payload_start, depth, "a metadata item")? {
            if &d.kind == b"data" {
                let payload = d.payload(self.bytes);
                let value = payload.get(8..).unwrap_or(&[]);
                let type_code = payload.get(1..4).map_or(0, |t| u32::from_be_bytes([0, t[0], t[1], t[2]]));
                // 1: UTF-8, 2: UTF-16; others are numbers or pictures.
                let text = match type_code {
                    1 => String::from_utf8_lossy(value).into_owned(),
                    2 => {
                        let units: Vec<u16> = value.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
                        String::from_utf16_lossy(&units)
                    }
                    _ => String::new(),
                };
                return Ok((text, value.to_vec()));
            }
        }
        Ok((String::new(), Vec::new()))
    }

    /// Sony XAVC's NRT XML: `<Device manufacturer=… modelName=… serialNo=…>`.
    fn sony_xml(&mut self, xml: &str) {
        let attr = |name: &str| {
            let at = xml.find(&format!("{name}=\""))? + name.len() + 2;
            let end = xml[at..].find('"')?;
            Some(xml[at..at + end].to_string()).filter(|v| !v.trim().is_empty())
        };
        let f = &mut self.facts;
        if f.metadata.personal.camera_serial.is_none() {
            f.metadata.personal.camera_serial = attr("serialNo");
        }
        if f.make.is_none() {
            f.make = attr("manufacturer");
        }
        if f.model.is_none() {
            f.model = attr("modelName");
        }
    }
}

/// Apple `keys`: version/flags, count, then (size, namespace, name) entries.
fn read_keys(payload: &[u8]) -> Vec<String> {
    let mut keys = Vec::new();
    let Some(count) = payload.get(4..8).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]])) else {
        return keys;
    };
    let mut at = 8usize;
    for _ in 0..count {
        let Some(size) = payload.get(at..at + 4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize) else {
            break;
        };
        let Some(entry) = payload.get(at..at.saturating_add(size)).filter(|_| size >= 8) else {
            break;
        };
        keys.push(String::from_utf8_lossy(&entry[8..]).into_owned());
        at += size;
    }
    keys
}

/// A QuickTime `udta` text: 16-bit length, 16-bit language, then the
/// text; or an iTunes-style `data` box; or plain bytes.
fn qt_text(payload: &[u8]) -> String {
    if payload.len() >= 4 {
        let len = u16::from_be_bytes([payload[0], payload[1]]) as usize;
        if len > 0 && len + 4 <= payload.len() {
            return String::from_utf8_lossy(&payload[4..4 + len]).into_owned();
        }
        if payload.get(4..8) == Some(b"data") && payload.len() >= 16 {
            return String::from_utf8_lossy(&payload[16..]).into_owned();
        }
    }
    String::from_utf8_lossy(payload).into_owned()
}

#[cfg(test)]
mod tests;
