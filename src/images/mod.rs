//! Preparing photos for the web: personal metadata out, right way up, not
//! too big — and never twice.
//!
//! Every published image goes through [`prepare`]. Photos wider than the
//! configured width are decoded, turned the right way up (EXIF orientation
//! applied to the pixels), scaled down and re-encoded, which drops all
//! metadata; the ICC colour profile is carried over so colours stay right.
//! Smaller photos are not re-encoded (that would lose quality for nothing):
//! their metadata blocks are cut out losslessly, keeping only orientation
//! and colour profile. Results are cached by content hash and settings, so a
//! second build does no image work at all.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

pub mod pixels;

use crate::config::ImageSettings;
use crate::error::BuildError;
use crate::metadata::{self, ImageMetadata};

/// Bump when processing changes, so old cache entries are not reused.
const PIPELINE_VERSION: u32 = 1;

/// Largest image we agree to decode; bigger is a mistake or an attack.
const MAX_SIDE: u32 = 16_000;
const MAX_ALLOC: u64 = 1024 * 1024 * 1024;

/// A photo ready to publish.
#[derive(Debug, Clone)]
pub struct PreparedImage {
    pub bytes: Arc<[u8]>,
    pub width: u32,
    pub height: u32,
    /// Metadata of the original file (people tags live here).
    pub original_metadata: ImageMetadata,
    /// True when the result came from the cache (no image work done).
    pub cached: bool,
}

/// Where processed images are kept between builds.
#[derive(Debug, Clone)]
pub struct ImageCache {
    dir: PathBuf,
}

impl ImageCache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn key(bytes: &[u8], settings: &ImageSettings) -> String {
        let mut h = Sha256::new();
        h.update(bytes);
        h.update(format!("v{PIPELINE_VERSION}:{}:{}", settings.max_width, settings.quality));
        hex::encode(h.finalize())
    }

    fn load(&self, key: &str) -> Option<(Vec<u8>, u32, u32)> {
        let dims = std::fs::read_to_string(self.dir.join(format!("{key}.dims"))).ok()?;
        let (w, h) = dims.trim().split_once('x')?;
        let bytes = std::fs::read(self.dir.join(format!("{key}.img"))).ok()?;
        Some((bytes, w.parse().ok()?, h.parse().ok()?))
    }

    fn store(&self, key: &str, bytes: &[u8], w: u32, h: u32) {
        // A cache that cannot be written only costs time on the next build.
        let _ = std::fs::create_dir_all(&self.dir)
            .and_then(|_| crate::output::write_atomic(&self.dir.join(format!("{key}.img")), bytes))
            .and_then(|_| {
                crate::output::write_atomic(&self.dir.join(format!("{key}.dims")), format!("{w}x{h}").as_bytes())
            });
    }
}

/// Prepares one image file for publication.
pub fn prepare(path: &Path, settings: &ImageSettings, cache: &ImageCache) -> Result<PreparedImage, BuildError> {
    let bytes = crate::input::read_input(path, crate::limits::MAX_ASSET_BYTES)?;
    let bad = |message: String| BuildError::Image { path: path.to_path_buf(), message };
    let original_metadata =
        metadata::read_metadata(&bytes).map_err(|e| bad(format!("its information (metadata) is damaged: {e}")))?;
    let key = ImageCache::key(&bytes, settings);
    if let Some((out, width, height)) = cache.load(&key) {
        return Ok(PreparedImage { bytes: out.into(), width, height, original_metadata, cached: true });
    }
    let (out, width, height) = process(&bytes, settings).map_err(bad)?;
    cache.store(&key, &out, width, height);
    Ok(PreparedImage { bytes: out.into(), width, height, original_metadata, cached: false })
}

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Does the image work: returns published bytes and display size.
fn process(bytes: &[u8], settings: &ImageSettings) -> Result<(Vec<u8>, u32, u32), String> {
    if bytes.is_empty() {
        return Err("the file is empty (0 bytes): it was not copied or uploaded completely".into());
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    reader.limits(limits());
    let format = reader.format().ok_or("it is not a picture format Schoolgate knows (use JPEG, PNG or WebP)")?;
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err("the file is incomplete: it was cut off while copying or uploading".into());
    }
    // Size from the header before decoding: a huge picture is refused before
    // any pixel is decoded, and parallel decodes share one pixel budget.
    let _permit = pixels::reserve(bytes)?;
    let mut decoder = reader.into_decoder().map_err(|e| explain(&e))?;
    let orientation = decoder.orientation().map_err(|e| explain(&e))?;
    let icc = decoder.icc_profile().ok().flatten();
    // Decoding fully is also how a corrupt photo is caught before publishing.
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| explain(&e))?;
    img.apply_orientation(orientation);
    let (w, h) = (img.width(), img.height());
    if format == ImageFormat::Gif {
        // GIFs can carry XMP (people tags, location) in application
        // extensions, which this pipeline does not strip: never publish one
        // as it is. The publish policy refuses GIFs before they get here.
        return Err(
            "it is a GIF, which Schoolgate cannot clean of hidden information (export it as PNG or JPEG)".into()
        );
    }
    if w <= settings.max_width {
        let stripped = metadata::strip_personal(bytes).map_err(|e| e.to_string())?;
        return Ok((stripped, w, h));
    }
    let new_h = ((h as u64 * settings.max_width as u64) / w as u64).max(1) as u32;
    let resized = resize(&img, settings.max_width, new_h)?;
    let out = encode(&resized, format, settings.quality, icc)?;
    Ok((out, settings.max_width, new_h))
}

fn resize(img: &DynamicImage, w: u32, h: u32) -> Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    // fast_image_resize handles 8-bit RGB(A) and luma directly.
    let src = match img {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) | DynamicImage::ImageLuma8(_) => img.clone(),
        _ if img.color().has_alpha() => DynamicImage::ImageRgba8(img.to_rgba8()),
        _ => DynamicImage::ImageRgb8(img.to_rgb8()),
    };
    let mut dst = DynamicImage::new(w, h, src.color());
    Resizer::new()
        .resize(&src, &mut dst, &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)))
        .map_err(|e| e.to_string())?;
    Ok(dst)
}

fn encode(img: &DynamicImage, format: ImageFormat, quality: u8, icc: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h) = (img.width(), img.height());
    if format == ImageFormat::Png || img.color().has_alpha() && format != ImageFormat::Jpeg {
        let mut enc = image::codecs::png::PngEncoder::new(&mut out);
        if let Some(icc) = icc {
            let _ = enc.set_icc_profile(icc);
        }
        enc.write_image(img.as_bytes(), w, h, img.color().into()).map_err(|e| e.to_string())?;
    } else {
        let rgb = img.to_rgb8();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
        if let Some(icc) = icc {
            let _ = enc.set_icc_profile(icc);
        }
        enc.write_image(rgb.as_raw(), w, h, image::ExtendedColorType::Rgb8).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// JPEG decoders quietly fill a cut-off photo with grey. A complete file has
/// an end-of-image marker after its last start-of-scan marker (0xFF is always
/// escaped inside scan data, so the marker cannot occur there by accident;
/// an EXIF thumbnail's own markers come before the main scan).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let last_eoi = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    matches!((last_sos, last_eoi), (Some(s), Some(e)) if e > s)
}

/// Plain-English reason for a decoding failure.
fn explain(e: &image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => "it is far too large to publish (over 16,000 pixels or 1 GB of memory)".into(),
        image::ImageError::Unsupported(_) => {
            "this kind of picture file is not supported (use JPEG, PNG or WebP)".into()
        }
        other => format!("the file is damaged or not really a picture ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn wide_photos_are_scaled_and_small_ones_kept() {
        let settings = ImageSettings { max_width: 400, quality: 80 };
        let (out, w, h) = process(&jpeg(1000, 500), &settings).unwrap();
        assert_eq!((w, h), (400, 200));
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (400, 200));
        let (_, w, h) = process(&jpeg(300, 200), &settings).unwrap();
        assert_eq!((w, h), (300, 200));
    }

    #[test]
    fn corrupt_photo_is_explained() {
        let mut bytes = jpeg(200, 100);
        bytes.truncate(bytes.len() / 3);
        let err = process(&bytes, &ImageSettings::default()).unwrap_err();
        assert!(err.contains("incomplete"), "{err}");
        let mut garbled = jpeg(200, 100);
        garbled.truncate(300);
        garbled.extend_from_slice(&[0xFF, 0xD9]);
        let err = process(&garbled, &ImageSettings::default()).unwrap_err();
        assert!(err.contains("damaged") || err.contains("incomplete"), "{err}");
        let err = process(b"hello, not a photo", &ImageSettings::default()).unwrap_err();
        assert!(err.contains("not a picture format"), "{err}");
        let err = process(b"", &ImageSettings::default()).unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }

    #[test]
    fn second_prepare_comes_from_cache() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("p.jpg");
        std::fs::write(&photo, jpeg(800, 600)).unwrap();
        let cache = ImageCache::new(dir.path().join("cache"));
        let s = ImageSettings { max_width: 400, quality: 80 };
        let first = prepare(&photo, &s, &cache).unwrap();
        let second = prepare(&photo, &s, &cache).unwrap();
        assert!(!first.cached && second.cached);
        assert_eq!(first.bytes, second.bytes);
        // New settings mean new work.
        let third = prepare(&photo, &ImageSettings { max_width: 300, quality: 80 }, &cache).unwrap();
        assert!(!third.cached);
    }
}
