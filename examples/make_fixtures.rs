//! Writes small synthetic photos carrying people tags exactly where real
//! photo tools put them (Lightroom, digiKam, Windows, iPhone…), so the
//! metadata reader and the audit can be tested without real pupils' photos.
//!
//! Run from the repository root:
//!     cargo run --example make_fixtures -- fixtures/images/manifest.toml
//!
//! Manifest: one `[[photo]]` table per file; see `docs/people-tags.md` and
//! `fixtures/images/manifest.toml` for the fields.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use exif::experimental::Writer;
use exif::{Context, Field, In, Rational, Tag, Value};
use image::{ImageEncoder, Rgb, RgbImage};
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Manifest {
    #[serde(default)]
    photo: Vec<Photo>,
}

#[derive(Debug, Deserialize)]
struct Photo {
    path: PathBuf,
    #[serde(default = "default_width")]
    width: u32,
    #[serde(default = "default_height")]
    height: u32,
    #[serde(default)]
    scene: String,
    #[serde(default)]
    seed: u64,
    orientation: Option<u16>,
    gps: Option<[f64; 2]>,
    serial: Option<String>,
    #[serde(default)]
    person_in_image: Vec<String>,
    #[serde(default)]
    mwg_regions: Vec<String>,
    #[serde(default)]
    ms_regions: Vec<String>,
    #[serde(default)]
    dc_subject: Vec<String>,
    #[serde(default)]
    hierarchical: Vec<String>,
    #[serde(default)]
    digikam_tags: Vec<String>,
    #[serde(default)]
    iptc_keywords: Vec<String>,
    #[serde(default)]
    xp_keywords: Vec<String>,
    /// Windows Explorer "Tags" as Explorer saves them: EXIF XPKeywords
    /// plus the XMP mirror (`dc:subject` and
    /// `MicrosoftPhoto:LastKeywordXMP`, in Windows' own `uuid:faf5bdd5…`
    /// descriptions).
    #[serde(default)]
    windows_tags: Vec<String>,
    /// A camera maker note with the body serial number (replaces the EXIF
    /// block; see [`MakerNote`]).
    maker_note: Option<MakerNote>,
    /// `dc:creator` (Canva and most editors put the account holder there).
    creator: Option<String>,
    /// PNG only: write the iTXt XMP with the JPEG APP1 prefix
    /// `http://ns.adobe.com/xap/1.0/\0` in front, as Canva does.
    #[serde(default)]
    png_xmp_jpeg_prefix: bool,
    description: Option<String>,
    /// Extra: a JPEG COM segment (some editors put captions there).
    comment: Option<String>,
    sidecar: Option<Sidecar>,
    #[serde(default)]
    format: Format,
    /// Anything else is reported (typo guard) but does not stop the run.
    #[serde(flatten)]
    unknown: BTreeMap<String, toml::Value>,
}

fn default_width() -> u32 {
    640
}
fn default_height() -> u32 {
    480
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Sidecar {
    /// `photo.jpg.xmp` (digiKam, darktable).
    Ext,
    /// `photo.xmp` (Lightroom, Capture One).
    Replace,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Default)]
#[serde(rename_all = "lowercase")]
enum Format {
    #[default]
    Jpeg,
    Png,
    Webp,
}

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let manifest_path = std::env::args().nth(1).ok_or("usage: cargo run --example make_fixtures -- <manifest.toml>")?;
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| format!("cannot read {manifest_path}: {e}"))?;
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| format!("{manifest_path} is not a valid manifest: {e}"))?;
    for photo in &manifest.photo {
        for key in photo.unknown.keys() {
            eprintln!("warning: {}: unknown field `{key}` ignored", photo.path.display());
        }
        let written = write_photo(photo).map_err(|e| format!("{}: {e}", photo.path.display()))?;
        for path in written {
            println!("wrote {}", path.display());
        }
    }
    Ok(())
}

fn write_photo(photo: &Photo) -> Result<Vec<PathBuf>, Error> {
    if photo.width == 0 || photo.height == 0 || photo.width > 8000 || photo.height > 8000 {
        return Err("width and height must be between 1 and 8000".into());
    }
    let faces = photo.person_in_image.len().max(photo.mwg_regions.len()).max(photo.ms_regions.len());
    let pixels = draw(photo, faces);
    let tiff = match &photo.maker_note {
        Some(note) => Some(maker_note_tiff(note)?),
        None => build_exif(photo)?,
    };
    let xmp = build_xmp(photo);
    let iptc = build_iptc(&photo.iptc_keywords);
    let (in_file_xmp, sidecar_path) = match (photo.sidecar, xmp) {
        (Some(kind), xmp) => {
            let xmp = xmp.unwrap_or_else(|| wrap_packet(""));
            (None, Some((sidecar_path(&photo.path, kind), xmp)))
        }
        (None, xmp) => (xmp, None),
    };

    let bytes = match photo.format {
        Format::Jpeg => {
            let mut raw = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut raw, 82).write_image(
                pixels.as_raw(),
                photo.width,
                photo.height,
                image::ExtendedColorType::Rgb8,
            )?;
            let mut jpeg = Jpeg::from_bytes(Bytes::from(raw))?;
            // Order as cameras and Lightroom write it: JFIF, EXIF, XMP, APP13, COM.
            let mut extra = Vec::new();
            if let Some(xmp) = &in_file_xmp {
                let mut c = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
                c.extend_from_slice(xmp.as_bytes());
                extra.push(JpegSegment::new_with_contents(markers::APP1, Bytes::from(c)));
            }
            if let Some(iim) = &iptc {
                let mut c = b"Photoshop 3.0\0".to_vec();
                c.extend_from_slice(&irb(0x0404, iim));
                extra.push(JpegSegment::new_with_contents(markers::APP13, Bytes::from(c)));
            }
            if let Some(comment) = &photo.comment {
                extra.push(JpegSegment::new_with_contents(markers::COM, Bytes::from(comment.clone().into_bytes())));
            }
            let at = jpeg.segments().iter().position(|s| s.marker() != markers::APP0).unwrap_or(0);
            jpeg.segments_mut().splice(at..at, extra);
            jpeg.set_exif(tiff.map(Bytes::from));
            jpeg.encoder().bytes().to_vec()
        }
        Format::Png => {
            if iptc.is_some() || photo.comment.is_some() {
                return Err("iptc_keywords and comment are JPEG-only".into());
            }
            let mut raw = Vec::new();
            image::codecs::png::PngEncoder::new(&mut raw).write_image(
                pixels.as_raw(),
                photo.width,
                photo.height,
                image::ExtendedColorType::Rgb8,
            )?;
            let mut png = Png::from_bytes(Bytes::from(raw))?;
            if let Some(xmp) = &in_file_xmp {
                // iTXt: keyword, NUL, uncompressed, method 0, no language,
                // no translated keyword, then UTF-8 text.
                let mut c = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
                if photo.png_xmp_jpeg_prefix {
                    c.extend_from_slice(b"http://ns.adobe.com/xap/1.0/\0");
                }
                c.extend_from_slice(xmp.as_bytes());
                // Before IDAT, right after IHDR.
                png.chunks_mut().insert(1, PngChunk::new(*b"iTXt", Bytes::from(c)));
            }
            png.set_exif(tiff.map(Bytes::from));
            png.encoder().bytes().to_vec()
        }
        Format::Webp => {
            if iptc.is_some() || photo.comment.is_some() {
                return Err("iptc_keywords and comment are JPEG-only".into());
            }
            let mut raw = Vec::new();
            image::codecs::webp::WebPEncoder::new_lossless(&mut raw).write_image(
                pixels.as_raw(),
                photo.width,
                photo.height,
                image::ExtendedColorType::Rgb8,
            )?;
            let mut webp = WebP::from_bytes(Bytes::from(raw))?;
            if let Some(xmp) = &in_file_xmp {
                webp.chunks_mut()
                    .push(RiffChunk::new(*b"XMP ", RiffContent::Data(Bytes::from(xmp.clone().into_bytes()))));
            }
            // Also (re)builds the VP8X header with EXIF and XMP flags.
            webp.set_exif(tiff.map(Bytes::from));
            webp.encoder().bytes().to_vec()
        }
    };

    if let Some(dir) = photo.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&photo.path, bytes)?;
    let mut written = vec![photo.path.clone()];
    if let Some((path, xmp)) = sidecar_path {
        std::fs::write(&path, xmp)?;
        written.push(path);
    }
    Ok(written)
}

fn sidecar_path(image: &Path, kind: Sidecar) -> PathBuf {
    match kind {
        Sidecar::Ext => {
            let mut p = image.as_os_str().to_owned();
            p.push(".xmp");
            PathBuf::from(p)
        }
        Sidecar::Replace => image.with_extension("xmp"),
    }
}

// ---------------------------------------------------------------- pixels

/// Tiny deterministic PRNG (splitmix64) so fixtures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn float(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.float()
    }
}

/// (top of background, bottom of background, floor, accent colours)
fn palette(scene: &str) -> ([u8; 3], [u8; 3], [u8; 3], [[u8; 3]; 3]) {
    match scene {
        "field" => ([110, 170, 235], [200, 225, 245], [70, 140, 60], [[220, 40, 40], [250, 250, 250], [30, 60, 160]]),
        "hall" => ([150, 120, 90], [190, 160, 120], [160, 110, 60], [[40, 60, 140], [230, 200, 60], [200, 200, 200]]),
        "classroom" => {
            ([235, 230, 210], [220, 215, 195], [140, 120, 100], [[40, 110, 60], [250, 180, 40], [60, 90, 200]])
        }
        "playground" => {
            ([120, 180, 240], [210, 230, 250], [90, 90, 95], [[240, 200, 30], [230, 60, 60], [40, 170, 90]])
        }
        "building" => {
            ([140, 180, 225], [215, 225, 240], [120, 120, 115], [[160, 70, 50], [200, 200, 190], [60, 60, 70]])
        }
        "art" => ([245, 240, 230], [230, 225, 215], [180, 170, 160], [[230, 50, 120], [40, 160, 220], [250, 200, 30]]),
        "garden" => ([150, 200, 240], [220, 235, 245], [80, 120, 50], [[230, 80, 140], [250, 220, 60], [140, 90, 50]]),
        _ => ([170, 170, 180], [210, 210, 215], [120, 120, 120], [[200, 80, 60], [60, 120, 200], [240, 240, 240]]),
    }
}

fn lerp(a: [u8; 3], b: [u8; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] as f32 + (b[i] as f32 - a[i] as f32) * t)
}

/// A gradient background, a floor, a few shapes, and one simple figure
/// (head and body) per face, at the positions the face regions describe.
fn draw(photo: &Photo, faces: usize) -> RgbImage {
    let (w, h) = (photo.width, photo.height);
    let (top, bottom, floor, accents) = palette(&photo.scene);
    let mut rng = Rng(photo.seed.wrapping_mul(7919).wrapping_add(17));
    let horizon = rng.range(0.5, 0.65);
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let fy = y as f32 / h as f32;
        let base = if fy < horizon {
            lerp(top, bottom, fy / horizon)
        } else {
            let shade = 1.0 - 0.25 * (fy - horizon) / (1.0 - horizon);
            floor.map(|c| c as f32 * shade)
        };
        let vignette = 1.0 - 0.15 * ((x as f32 / w as f32 - 0.5).powi(2) + (fy - 0.5).powi(2));
        Rgb(base.map(|c| (c * vignette).clamp(0.0, 255.0) as u8))
    });
    // Background shapes: rectangles (buildings, boards) and discs (balls, trees).
    for _ in 0..5 {
        let colour = accents[(rng.next() % 3) as usize];
        let (cx, cy) = (rng.range(0.0, 1.0) * w as f32, rng.range(0.2, horizon) * h as f32);
        let (rw, rh) = (rng.range(0.05, 0.2) * w as f32, rng.range(0.05, 0.2) * h as f32);
        if rng.next().is_multiple_of(2) {
            fill(&mut img, |x, y| (x - cx).abs() < rw / 2.0 && (y - cy).abs() < rh / 2.0, colour, 0.8);
        } else {
            fill(&mut img, |x, y| ((x - cx) / rw).powi(2) + ((y - cy) / rw).powi(2) < 0.25, colour, 0.8);
        }
    }
    for i in 0..faces {
        let (fx, fy, fw, _) = face_box(i, faces);
        let (cx, cy, r) = (fx * w as f32, fy * h as f32, fw * w as f32 / 2.0);
        let shirt = accents[i % 3];
        let skin = [[224, 172, 105], [141, 85, 36], [255, 219, 172], [198, 134, 66]][(rng.next() % 4) as usize];
        fill(&mut img, |x, y| (x - cx).abs() < r * 1.1 && y > cy + r && y < cy + r * 5.0, shirt, 1.0);
        fill(&mut img, |x, y| (x - cx).powi(2) + (y - cy).powi(2) < r * r, skin, 1.0);
    }
    // Light sensor noise so it compresses like a photo, not a drawing.
    for p in img.pixels_mut() {
        let n = (rng.next() % 9) as i16 - 4;
        p.0 = p.0.map(|c| (c as i16 + n).clamp(0, 255) as u8);
    }
    img
}

fn fill(img: &mut RgbImage, inside: impl Fn(f32, f32) -> bool, colour: [u8; 3], alpha: f32) {
    for (x, y, p) in img.enumerate_pixels_mut() {
        if inside(x as f32, y as f32) {
            p.0 = [0, 1, 2].map(|i| (p.0[i] as f32 * (1.0 - alpha) + colour[i] as f32 * alpha) as u8);
        }
    }
}

/// Normalised face box (centre x, centre y, width, height) for face `i` of `n`.
fn face_box(i: usize, n: usize) -> (f32, f32, f32, f32) {
    let x = (i as f32 + 0.5) / n.max(1) as f32;
    (x, 0.42, 0.08, 0.1)
}

// ------------------------------------------------------------------ EXIF

fn build_exif(photo: &Photo) -> Result<Option<Vec<u8>>, Error> {
    let mut fields = Vec::new();
    let ascii = |tag, s: &str| Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.as_bytes().to_vec()]) };
    if let Some(o) = photo.orientation {
        fields.push(Field { tag: Tag::Orientation, ifd_num: In::PRIMARY, value: Value::Short(vec![o]) });
    }
    if let Some(d) = &photo.description {
        fields.push(ascii(Tag::ImageDescription, d));
    }
    let xp: Vec<String> = photo.xp_keywords.iter().chain(&photo.windows_tags).cloned().collect();
    if !xp.is_empty() {
        // Windows Explorer: UTF-16LE, `;`-separated, NUL-terminated, type BYTE.
        let text = xp.join(";");
        let mut bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.extend_from_slice(&[0, 0]);
        fields.push(Field { tag: Tag(Context::Tiff, 0x9c9e), ifd_num: In::PRIMARY, value: Value::Byte(bytes) });
    }
    if let Some(serial) = &photo.serial {
        fields.push(ascii(Tag::BodySerialNumber, serial));
    }
    if let Some([lat, lon]) = photo.gps {
        fields.push(Field { tag: Tag::GPSVersionID, ifd_num: In::PRIMARY, value: Value::Byte(vec![2, 3, 0, 0]) });
        fields.push(ascii(Tag::GPSLatitudeRef, if lat >= 0.0 { "N" } else { "S" }));
        fields.push(Field { tag: Tag::GPSLatitude, ifd_num: In::PRIMARY, value: Value::Rational(dms(lat)) });
        fields.push(ascii(Tag::GPSLongitudeRef, if lon >= 0.0 { "E" } else { "W" }));
        fields.push(Field { tag: Tag::GPSLongitude, ifd_num: In::PRIMARY, value: Value::Rational(dms(lon)) });
    }
    if fields.is_empty() {
        return Ok(None);
    }
    // Lightroom and most cameras write a version; it also forces an Exif IFD.
    fields.push(Field { tag: Tag::ExifVersion, ifd_num: In::PRIMARY, value: Value::Undefined(b"0231".to_vec(), 0) });
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut buf = Cursor::new(Vec::new());
    writer.write(&mut buf, true)?;
    Ok(Some(buf.into_inner()))
}

/// Degrees as the three EXIF rationals degrees, minutes, seconds (1/100).
fn dms(value: f64) -> Vec<Rational> {
    let v = value.abs();
    let deg = v.floor();
    let min = ((v - deg) * 60.0).floor();
    let sec = ((v - deg) * 60.0 - min) * 60.0;
    vec![
        Rational { num: deg as u32, denom: 1 },
        Rational { num: min as u32, denom: 1 },
        Rational { num: (sec * 100.0).round() as u32, denom: 100 },
    ]
}

// ------------------------------------------------------------------ IPTC

/// IPTC-IIM as Lightroom writes it: 1:90 UTF-8 marker, 2:00 record
/// version, then one 2:25 dataset per keyword.
fn build_iptc(keywords: &[String]) -> Option<Vec<u8>> {
    if keywords.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut dataset = |record: u8, number: u8, data: &[u8]| {
        out.extend_from_slice(&[0x1C, record, number]);
        out.extend_from_slice(&(data.len() as u16).to_be_bytes());
        out.extend_from_slice(data);
    };
    dataset(1, 90, &[0x1B, 0x25, 0x47]);
    dataset(2, 0, &[0, 4]);
    for k in keywords {
        dataset(2, 25, k.as_bytes());
    }
    Some(out)
}

/// One Photoshop image resource block with an empty name.
fn irb(id: u16, data: &[u8]) -> Vec<u8> {
    let mut out = b"8BIM".to_vec();
    out.extend_from_slice(&id.to_be_bytes());
    out.extend_from_slice(&[0, 0]); // empty Pascal name, padded to even
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

// ------------------------------------------------------------------- XMP

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn bag(kind: &str, items: &[String]) -> String {
    let lis: String = items.iter().map(|i| format!("<rdf:li>{}</rdf:li>", esc(i))).collect();
    format!("<rdf:{kind}>{lis}</rdf:{kind}>")
}

fn wrap_packet(body: &str) -> String {
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"Schoolgate fixtures\">\n\
         <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n{body}</rdf:RDF>\n\
         </x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

/// One packet, with each field in the shape of the tool that typically
/// writes it: Lightroom's main description (shorthand + bags + MWG regions
/// as `rdf:parseType="Resource"`), Windows Photo Gallery's nested
/// descriptions for MP regions, and digiKam's own block for TagsList.
fn build_xmp(photo: &Photo) -> Option<String> {
    let mut body = String::new();
    let mut lr = String::new();
    if !photo.person_in_image.is_empty() {
        lr +=
            &format!("<Iptc4xmpExt:PersonInImage>{}</Iptc4xmpExt:PersonInImage>\n", bag("Bag", &photo.person_in_image));
    }
    if !photo.dc_subject.is_empty() {
        lr += &format!("<dc:subject>{}</dc:subject>\n", bag("Bag", &photo.dc_subject));
    }
    if !photo.hierarchical.is_empty() {
        lr += &format!("<lr:hierarchicalSubject>{}</lr:hierarchicalSubject>\n", bag("Bag", &photo.hierarchical));
    }
    if let Some(c) = &photo.creator {
        lr += &format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n", esc(c));
    }
    if let Some(d) = &photo.description {
        lr += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            esc(d)
        );
    }
    if !photo.mwg_regions.is_empty() {
        let n = photo.mwg_regions.len();
        let mut lis = String::new();
        for (i, name) in photo.mwg_regions.iter().enumerate() {
            let (x, y, w, h) = face_box(i, n);
            // An unnamed face (iPhone, undecided Lightroom face) has no Name.
            let name_attr = if name.is_empty() { String::new() } else { format!(" mwg-rs:Name=\"{}\"", esc(name)) };
            lis += &format!(
                "<rdf:li><rdf:Description{name_attr} mwg-rs:Type=\"Face\">\
                 <mwg-rs:Area stArea:x=\"{x:.4}\" stArea:y=\"{y:.4}\" stArea:w=\"{w:.4}\" stArea:h=\"{h:.4}\" stArea:unit=\"normalized\"/>\
                 </rdf:Description></rdf:li>\n"
            );
        }
        lr += &format!(
            "<mwg-rs:Regions rdf:parseType=\"Resource\">\
             <mwg-rs:AppliedToDimensions stDim:w=\"{}\" stDim:h=\"{}\" stDim:unit=\"pixel\"/>\
             <mwg-rs:RegionList><rdf:Bag>\n{lis}</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>\n",
            photo.width, photo.height
        );
    }
    if !lr.is_empty() {
        body += &format!(
            "<rdf:Description rdf:about=\"\"\n \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n \
             xmlns:lr=\"http://ns.adobe.com/lightroom/1.0/\"\n \
             xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n \
             xmlns:mwg-rs=\"http://www.metadataworkinggroup.com/schemas/regions/\"\n \
             xmlns:stArea=\"http://ns.adobe.com/xmp/sType/Area#\"\n \
             xmlns:stDim=\"http://ns.adobe.com/xap/1.0/sType/Dimensions#\">\n{lr}</rdf:Description>\n"
        );
    }
    if !photo.ms_regions.is_empty() {
        let n = photo.ms_regions.len();
        let mut lis = String::new();
        for (i, name) in photo.ms_regions.iter().enumerate() {
            let (x, y, w, h) = face_box(i, n);
            // Microsoft rectangles are top-left based.
            let (left, top) = (x - w / 2.0, y - h / 2.0);
            // A face Windows found but nobody named has no PersonDisplayName.
            let person = if name.is_empty() {
                String::new()
            } else {
                format!("<MPReg:PersonDisplayName>{}</MPReg:PersonDisplayName>", esc(name))
            };
            lis += &format!(
                "<rdf:li><rdf:Description xmlns:MPReg=\"http://ns.microsoft.com/photo/1.2/t/Region#\">\
                 <MPReg:Rectangle>{left:.4}, {top:.4}, {w:.4}, {h:.4}</MPReg:Rectangle>\
                 {person}</rdf:Description></rdf:li>\n"
            );
        }
        body += &format!(
            "<rdf:Description rdf:about=\"\" xmlns:MP=\"http://ns.microsoft.com/photo/1.2/\">\
             <MP:RegionInfo><rdf:Description xmlns:MPRI=\"http://ns.microsoft.com/photo/1.2/t/RegionInfo#\">\
             <MPRI:Regions><rdf:Bag>\n{lis}</rdf:Bag></MPRI:Regions></rdf:Description></MP:RegionInfo>\
             </rdf:Description>\n"
        );
    }
    if !photo.digikam_tags.is_empty() {
        body += &format!(
            "<rdf:Description rdf:about=\"\" xmlns:digiKam=\"http://www.digikam.org/ns/1.0/\">\
             <digiKam:TagsList>{}</digiKam:TagsList></rdf:Description>\n",
            bag("Seq", &photo.digikam_tags)
        );
    }
    if !photo.windows_tags.is_empty() {
        // Windows Explorer (Windows 7 to 11) writes one description per
        // namespace, all about its fixed uuid, each bag declaring rdf again.
        let lis: String = photo.windows_tags.iter().map(|t| format!("<rdf:li>{}</rdf:li>", esc(t))).collect();
        let bag = format!("<rdf:Bag xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">{lis}</rdf:Bag>");
        body += &format!(
            "<rdf:Description rdf:about=\"uuid:faf5bdd5-ba3d-11da-ad31-d33d75182f1b\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:subject>{bag}</dc:subject></rdf:Description>\n\
             <rdf:Description rdf:about=\"uuid:faf5bdd5-ba3d-11da-ad31-d33d75182f1b\" \
             xmlns:MicrosoftPhoto=\"http://ns.microsoft.com/photo/1.0/\">\
             <MicrosoftPhoto:LastKeywordXMP>{bag}</MicrosoftPhoto:LastKeywordXMP></rdf:Description>\n"
        );
    }
    if body.is_empty() { None } else { Some(wrap_packet(&body)) }
}

// ------------------------------------------------------------ maker notes

/// A camera's maker note carrying its body serial number, laid out as the
/// maker's cameras write it (header, byte order, offset base and tag
/// numbers as documented by ExifTool's `MakerNotes.pm` and maker modules).
#[derive(Debug, Deserialize)]
struct MakerNote {
    /// EXIF Make, which also picks the layout: NIKON CORPORATION, Canon,
    /// SONY, FUJIFILM, Panasonic, OLYMPUS IMAGING CORP.
    make: String,
    model: String,
    serial: String,
    /// Canon only: the owner name set in the camera menu.
    owner: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Endian {
    Little,
    Big,
}

impl Endian {
    fn u16(self, v: u16) -> [u8; 2] {
        if self == Endian::Little { v.to_le_bytes() } else { v.to_be_bytes() }
    }
    fn u32(self, v: u32) -> [u8; 4] {
        if self == Endian::Little { v.to_le_bytes() } else { v.to_be_bytes() }
    }
}

/// One IFD entry to write: tag, TIFF type, count, value bytes.
struct Ent(u16, u16, u32, Vec<u8>);

fn ascii_ent(tag: u16, s: &str) -> Ent {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    Ent(tag, 2, v.len() as u32, v)
}

/// An IFD that will sit at `at`, with values too long for the entry
/// placed right after it and pointed at relative to `base`.
fn ifd(e: Endian, entries: &[Ent], at: usize, base: usize) -> Vec<u8> {
    let mut table = e.u16(entries.len() as u16).to_vec();
    let mut data = Vec::new();
    let data_at = at + 2 + entries.len() * 12 + 4;
    for Ent(tag, kind, count, value) in entries {
        table.extend(e.u16(*tag));
        table.extend(e.u16(*kind));
        table.extend(e.u32(*count));
        if value.len() <= 4 {
            let mut v = value.clone();
            v.resize(4, 0);
            table.extend(v);
        } else {
            table.extend(e.u32((data_at + data.len() - base) as u32));
            data.extend(value);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    table.extend([0; 4]);
    table.extend(data);
    table
}

/// The maker note bytes for a note written at `at` in the TIFF.
fn maker_note_bytes(m: &MakerNote, at: usize) -> Result<Vec<u8>, Error> {
    let le = Endian::Little;
    let make = m.make.to_ascii_lowercase();
    let mut n;
    if make.starts_with("nikon") {
        // Type 3: "Nikon\0", version 2.10, then a big-endian TIFF header;
        // offsets count from that header.
        n = b"Nikon\0\x02\x10\0\0MM\0*\0\0\0\x08".to_vec();
        let be = Endian::Big;
        n.extend(ifd(be, &[Ent(0x0001, 7, 4, b"0210".to_vec()), ascii_ent(0x001d, &m.serial)], 8, 0));
    } else if make.starts_with("canon") {
        // No header; offsets from the main TIFF header; owner padded to 32.
        let serial: u32 = m.serial.parse().map_err(|_| "a Canon serial number is a number")?;
        let mut entries =
            vec![ascii_ent(0x0006, &format!("{} JPEG", m.model)), ascii_ent(0x0007, "Firmware Version 1.1.1")];
        if let Some(owner) = &m.owner {
            let mut v = owner.as_bytes().to_vec();
            v.resize(32, 0);
            entries.push(Ent(0x0009, 2, 32, v));
        }
        entries.push(Ent(0x000c, 4, 1, le.u32(serial).to_vec()));
        n = ifd(le, &entries, at, 0);
    } else if make.starts_with("sony") {
        n = b"SONY DSC \0\0\0".to_vec();
        n.extend(ifd(le, &[Ent(0x0102, 4, 1, le.u32(5).to_vec()), ascii_ent(0x2031, &m.serial)], at + 12, 0));
    } else if make.starts_with("fujifilm") {
        // Always little-endian; offsets from the start of the note.
        n = b"FUJIFILM".to_vec();
        n.extend(le.u32(12));
        n.extend(ifd(le, &[Ent(0x0000, 7, 4, b"0130".to_vec()), ascii_ent(0x0010, &m.serial)], 12, 0));
    } else if make.starts_with("panasonic") {
        // InternalSerialNumber is 16 bytes of undefined, NUL-padded.
        let mut v = m.serial.as_bytes().to_vec();
        v.resize(16, 0);
        n = b"Panasonic\0\0\0".to_vec();
        n.extend(ifd(le, &[Ent(0x0001, 3, 1, le.u16(2).to_vec()), Ent(0x0025, 7, 16, v)], at + 12, 0));
    } else if make.starts_with("olympus") || make.starts_with("om digital") {
        // "OLYMPUS\0II" version 3; offsets from the start of the note; the
        // serial sits in the Equipment sub-IFD (0x2010, type IFD).
        n = b"OLYMPUS\0II\x03\0".to_vec();
        let version = Ent(0x0000, 7, 4, b"0100".to_vec());
        let main_len = ifd(le, &[Ent(0x0000, 7, 4, b"0100".to_vec()), Ent(0x2010, 13, 1, vec![0; 4])], 12, 0).len();
        let sub_at = 12 + main_len;
        n.extend(ifd(le, &[version, Ent(0x2010, 13, 1, le.u32(sub_at as u32).to_vec())], 12, 0));
        let mut serial = m.serial.as_bytes().to_vec();
        serial.resize(31, b' ');
        serial.push(0);
        n.extend(ifd(le, &[Ent(0x0000, 7, 4, b"0100".to_vec()), Ent(0x0101, 2, 32, serial)], sub_at, 0));
    } else {
        return Err(format!("no maker-note layout for make {:?}", m.make).into());
    }
    Ok(n)
}

/// A little-endian TIFF: IFD0 {Make, Model, ExifIFD}, Exif IFD
/// {ExifVersion, MakerNote}, then the maker note.
fn maker_note_tiff(m: &MakerNote) -> Result<Vec<u8>, Error> {
    let le = Endian::Little;
    let ifd0_len =
        ifd(le, &[ascii_ent(0x010f, &m.make), ascii_ent(0x0110, &m.model), Ent(0x8769, 4, 1, vec![0; 4])], 8, 0).len();
    let exif_at = 8 + ifd0_len;
    let exif_len = 2 + 2 * 12 + 4;
    let note_at = exif_at + exif_len;
    let note = maker_note_bytes(m, note_at)?;
    let mut t = b"II*\0".to_vec();
    t.extend(le.u32(8));
    t.extend(ifd(
        le,
        &[ascii_ent(0x010f, &m.make), ascii_ent(0x0110, &m.model), Ent(0x8769, 4, 1, le.u32(exif_at as u32).to_vec())],
        8,
        0,
    ));
    let exif =
        ifd(le, &[Ent(0x9000, 7, 4, b"0231".to_vec()), Ent(0x927c, 7, note.len() as u32, note.clone())], exif_at, 0);
    // The maker note is the only long value, so it lands right after the table.
    t.extend(&exif);
    Ok(t)
}
