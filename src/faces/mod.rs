//! Finding faces in published photos, so a photo of children that nobody
//! tagged is not published unnoticed.
//!
//! People tags only protect a child if someone wrote them. This module
//! counts the faces in every published photo with the SeetaFace frontal
//! detector ([`rustface`], model embedded from `vendor/seetaface/`); the
//! `faces/*` audit rules compare the count with the tags.
//!
//! Design:
//! - Rules do no I/O, so the commands call [`scan`] before the audit and
//!   hand the resulting [`PhotoIndex`] to the [`crate::audit::AuditContext`].
//! - Detection reads the *original* photo where the build has it (the
//!   published copy may be downscaled), turned the right way up.
//! - Group photos have small faces, so the photo is not shrunk to a fixed
//!   size: the smallest face worth finding is a fixed fraction of the
//!   photo's shorter side ([`DetectorSettings::min_face_fraction`]), and the
//!   photo is scaled so that face just fills the detector's 40-pixel window.
//!   A small photo is never enlarged.
//! - Results are cached by content hash, settings and model ([`FaceCache`]),
//!   so a rebuild does no detection; photos are checked in parallel.

mod cache;
mod model;

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, Limits, imageops::FilterType};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use cache::FaceCache;
pub use model::MODEL_ID;

use crate::site::{AssetKind, RenderedSite};

/// Side of the square window the SeetaFace cascade looks through: a face
/// smaller than this in the scaled photo cannot be found.
const WINDOW: u32 = 40;

/// Largest side we agree to decode (as for publishing).
const MAX_SIDE: u32 = 16_000;

/// How hard the detector looks. Part of the cache key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectorSettings {
    /// The smallest face to find, as a fraction of the photo's shorter side
    /// (1/32: a child in the back row of a class photo).
    pub min_face_fraction: f32,
    /// Score below which a candidate is not a face (SeetaFace's own demo uses 2.0).
    pub score_threshold: f64,
    /// Ratio between pyramid levels (0.8: faces of every size in between are found).
    pub pyramid_scale: f32,
    /// Sliding window step in pixels.
    pub step: u32,
}

impl Default for DetectorSettings {
    fn default() -> Self {
        Self { min_face_fraction: 1.0 / 32.0, score_threshold: 2.0, pyramid_scale: 0.8, step: 4 }
    }
}

impl DetectorSettings {
    /// Text that changes whenever the results could.
    fn cache_tag(&self) -> String {
        format!(
            "{MODEL_ID}:v1:{}:{}:{}:{}",
            self.min_face_fraction, self.score_threshold, self.pyramid_scale, self.step
        )
    }

    /// Factor to scale a `width`×`height` photo by before detection, so the
    /// smallest face worth finding fills the detector window. Never above 1.
    pub fn working_scale(&self, width: u32, height: u32) -> f32 {
        let shorter = width.min(height) as f32;
        let min_face = (shorter * self.min_face_fraction).max(WINDOW as f32);
        (WINDOW as f32 / min_face).min(1.0)
    }
}

/// One detected face, in the pixels of the upright original photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FaceBox {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// Detector confidence (f32 so it survives the JSON cache unchanged).
    pub score: f32,
}

/// What the detector found in one photo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Size of the upright photo the boxes refer to.
    pub width: u32,
    pub height: u32,
    pub faces: Vec<FaceBox>,
}

/// Detects faces in an encoded photo (JPEG, PNG, WebP, GIF), applying its
/// EXIF orientation first: a sideways face is not found by a frontal detector.
pub fn detect(bytes: &[u8], settings: &DetectorSettings) -> Result<Detection, String> {
    let _permit = crate::images::pixels::reserve(bytes)?;
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    img.apply_orientation(orientation);
    detect_gray(img.into_luma8(), settings)
}

/// Detects faces in a grey-scale picture (see [`DetectorSettings::working_scale`]).
pub fn detect_gray(gray: GrayImage, settings: &DetectorSettings) -> Result<Detection, String> {
    let (width, height) = gray.dimensions();
    let mut detection = Detection { width, height, faces: Vec::new() };
    if width < WINDOW || height < WINDOW {
        return Ok(detection);
    }
    let scale = settings.working_scale(width, height);
    let work = if scale < 1.0 {
        let w = ((width as f32 * scale).round() as u32).max(WINDOW);
        let h = ((height as f32 * scale).round() as u32).max(WINDOW);
        // Through DynamicImage rather than the generic `imageops::resize`, so
        // the resize runs as code compiled in the (optimised) image crate even
        // in debug builds of Schoolgate.
        DynamicImage::ImageLuma8(gray).resize_exact(w, h, FilterType::Triangle).into_luma8()
    } else {
        gray
    };
    let (sx, sy) = (width as f64 / work.width() as f64, height as f64 / work.height() as f64);
    let mut detector = rustface::create_detector_with_model(model::model()?.clone());
    detector.set_score_thresh(settings.score_threshold);
    detector.set_pyramid_scale_factor(settings.pyramid_scale);
    detector.set_slide_window_step(settings.step, settings.step);
    let data = rustface::ImageData::new(work.as_raw(), work.width(), work.height());
    for face in detector.detect(&data) {
        let b = face.bbox();
        let x0 = (b.x().max(0) as f64 * sx) as u32;
        let y0 = (b.y().max(0) as f64 * sy) as u32;
        detection.faces.push(FaceBox {
            x: x0.min(width),
            y: y0.min(height),
            width: ((b.width() as f64 * sx) as u32).min(width.saturating_sub(x0)),
            height: ((b.height() as f64 * sy) as u32).min(height.saturating_sub(y0)),
            score: face.score() as f32,
        });
    }
    Ok(detection)
}

/// Hex SHA-256 of a file's bytes: the identity approvals and the cache use.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What the audit knows about one published photo.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoFacts {
    /// SHA-256 of the original file (or of the published bytes when there is
    /// no original): approvals are for these exact bytes.
    pub sha256: String,
    /// Faces found; `None` when detection was off or the photo could not be read.
    pub faces: Option<Detection>,
    /// Why the detector could not read the photo, when it tried and failed:
    /// the audit says so instead of treating the photo as face-free.
    pub unreadable: Option<String>,
}

impl PhotoFacts {
    pub fn face_count(&self) -> Option<usize> {
        self.faces.as_ref().map(|d| d.faces.len())
    }
}

/// Facts about every published photo, by URL. Computed by the commands
/// before the audit, read by the rules.
#[derive(Debug, Clone, Default)]
pub struct PhotoIndex {
    photos: HashMap<String, PhotoFacts>,
}

impl PhotoIndex {
    pub fn get(&self, url: &str) -> Option<&PhotoFacts> {
        self.photos.get(url)
    }
    pub fn insert(&mut self, url: impl Into<String>, facts: PhotoFacts) {
        self.photos.insert(url.into(), facts);
    }
    pub fn len(&self) -> usize {
        self.photos.len()
    }
    pub fn is_empty(&self) -> bool {
        self.photos.is_empty()
    }
}

/// Counts for the "faces: N photos checked, M from cache" line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanStats {
    /// Photos with a face count (detected now or from the cache).
    pub checked: usize,
    pub from_cache: usize,
    /// Photos the detector could not read.
    pub unreadable: usize,
}

impl std::fmt::Display for ScanStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "faces: {} photos checked, {} from cache", self.checked, self.from_cache)?;
        if self.unreadable > 0 {
            write!(f, ", {} could not be read", self.unreadable)?;
        }
        Ok(())
    }
}

/// One photo to look at: its published URL and the bytes to read.
#[derive(Debug, Clone)]
pub struct PhotoInput {
    pub url: String,
    pub bytes: Arc<[u8]>,
}

/// The photos of a site, with their original bytes where the build has the
/// original file (read from `Asset::source`), else the published bytes.
pub fn photo_inputs(site: &RenderedSite) -> Vec<PhotoInput> {
    site.assets
        .par_iter()
        .filter(|a| a.kind == AssetKind::Image)
        .map(|a| {
            let original = a
                .source
                .as_ref()
                .map(|s| s.path.as_path())
                .filter(|p| p.is_file())
                .and_then(|p: &Path| std::fs::read(p).ok());
            PhotoInput { url: a.url.clone(), bytes: original.map(Into::into).unwrap_or_else(|| a.bytes.clone()) }
        })
        .collect()
}

/// What the commands run before the audit: hashes every published photo
/// and, when `detect` is true, counts its faces, caching results under
/// `state_dir/faces/` when a state folder is given.
pub fn scan_site(site: &RenderedSite, state_dir: Option<&Path>, detect: bool) -> (PhotoIndex, ScanStats) {
    let inputs = photo_inputs(site);
    let cache = state_dir.map(|d| FaceCache::new(d.join("faces")));
    let settings = DetectorSettings::default();
    scan(&inputs, detect.then_some(&settings), cache.as_ref())
}

/// Hashes every photo and, when `detector` is given, counts its faces (from
/// `cache` where possible), in parallel.
pub fn scan(
    inputs: &[PhotoInput],
    detector: Option<&DetectorSettings>,
    cache: Option<&FaceCache>,
) -> (PhotoIndex, ScanStats) {
    let from_cache = AtomicUsize::new(0);
    let unreadable = AtomicUsize::new(0);
    let facts: Vec<(String, PhotoFacts)> = inputs
        .par_iter()
        .map(|input| {
            let sha256 = content_hash(&input.bytes);
            let mut why_unreadable = None;
            let faces = detector.and_then(|settings| {
                let key = content_hash(format!("{sha256}:{}", settings.cache_tag()).as_bytes());
                if let Some(hit) = cache.and_then(|c| c.load(&key)) {
                    from_cache.fetch_add(1, Ordering::Relaxed);
                    return Some(hit);
                }
                match detect(&input.bytes, settings) {
                    Ok(d) => {
                        if let Some(c) = cache {
                            c.store(&key, &d);
                        }
                        Some(d)
                    }
                    Err(e) => {
                        unreadable.fetch_add(1, Ordering::Relaxed);
                        why_unreadable = Some(e);
                        None
                    }
                }
            });
            (input.url.clone(), PhotoFacts { sha256, faces, unreadable: why_unreadable })
        })
        .collect();
    let stats = ScanStats {
        checked: facts.iter().filter(|(_, f)| f.faces.is_some()).count(),
        from_cache: from_cache.into_inner(),
        unreadable: unreadable.into_inner(),
    };
    let mut index = PhotoIndex::default();
    for (url, f) in facts {
        index.insert(url, f);
    }
    (index, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
    }

    #[test]
    fn finds_the_astronaut_and_no_face_in_a_landscape() {
        let s = DetectorSettings::default();
        let astro = detect(&fixture("faces/astronaut-small.jpg"), &s).unwrap();
        assert_eq!(astro.faces.len(), 1, "{astro:?}");
        let f = astro.faces[0];
        assert!(f.x + f.width <= astro.width && f.y + f.height <= astro.height);
        let clean = detect(&fixture("images/clean.jpg"), &s).unwrap();
        assert!(clean.faces.is_empty(), "{clean:?}");
    }

    #[test]
    fn finds_the_small_faces_of_a_group_photo() {
        // The 1927 Solvay Conference photo: 29 people, faces about 45 px high.
        let group = detect(&fixture("faces/group.jpg"), &DetectorSettings::default()).unwrap();
        assert!((27..=31).contains(&group.faces.len()), "found {} faces", group.faces.len());
        // Every face is in the photo part, above the printed caption.
        assert!(group.faces.iter().all(|f| f.y + f.height < group.height * 3 / 4), "{group:?}");
    }

    #[test]
    fn minimum_face_scales_with_the_photo_and_small_photos_are_not_enlarged() {
        let s = DetectorSettings::default();
        assert_eq!(s.working_scale(640, 480), 1.0);
        // 4000×3000: smallest face 93.75 px, scaled to the 40 px window.
        let k = s.working_scale(4000, 3000);
        assert!((k - 40.0 / 93.75).abs() < 1e-4, "{k}");
        assert!(s.working_scale(8000, 6000) < k);
    }

    #[test]
    fn second_scan_comes_from_the_cache_and_a_setting_change_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = FaceCache::new(dir.path());
        let inputs = vec![PhotoInput { url: "/a.jpg".into(), bytes: fixture("faces/astronaut-small.jpg").into() }];
        let s = DetectorSettings::default();
        let (first, st1) = scan(&inputs, Some(&s), Some(&cache));
        assert_eq!((st1.checked, st1.from_cache), (1, 0));
        let (second, st2) = scan(&inputs, Some(&s), Some(&cache));
        assert_eq!((st2.checked, st2.from_cache), (1, 1));
        assert_eq!(first.get("/a.jpg"), second.get("/a.jpg"));
        let other = DetectorSettings { score_threshold: 3.0, ..s };
        let (_, st3) = scan(&inputs, Some(&other), Some(&cache));
        assert_eq!(st3.from_cache, 0);
        let (off, st4) = scan(&inputs, None, Some(&cache));
        assert_eq!(st4.checked, 0);
        assert_eq!(off.get("/a.jpg").unwrap().faces, None);
        assert_eq!(off.get("/a.jpg").unwrap().sha256, first.get("/a.jpg").unwrap().sha256);
    }
}
