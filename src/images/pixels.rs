//! Bounds on decoding pictures: one picture's size, and the pixels being
//! decoded at once.
//!
//! A 15,000 × 15,000 PNG is a few kilobytes on disk (it compresses to
//! nothing) and 900 MB once decoded; six at once on six threads took 2.8 GB.
//! So every decode first reads the size from the file's header (cheap: no
//! pixels), refuses a picture over [`MAX_IMAGE_PIXELS`], then takes that
//! many pixels from a budget shared by all threads ([`DECODE_PIXEL_BUDGET`])
//! and gives them back when the decoded picture is dropped.

use std::io::Cursor;
use std::sync::{Condvar, Mutex};

use image::ImageReader;

use crate::limits::{DECODE_PIXEL_BUDGET, MAX_IMAGE_PIXELS};

/// Pixels currently reserved by decodes in progress.
static IN_USE: Mutex<u64> = Mutex::new(0);
static RELEASED: Condvar = Condvar::new();

/// A share of the decode budget; returned when dropped. Hold it for as
/// long as the decoded pixels live.
#[derive(Debug)]
pub struct Permit {
    pixels: u64,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut used = IN_USE.lock().unwrap_or_else(|e| e.into_inner());
        *used = used.saturating_sub(self.pixels);
        RELEASED.notify_all();
    }
}

/// Width and height from the picture's header, without decoding pixels.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    // The decoders' own allocation limit would refuse a huge size with a
    // vague "limits exceeded"; only the header is read here, and the size
    // is judged below with a message that says what to do.
    reader.no_limits();
    reader.into_dimensions().map_err(|e| format!("its size cannot be read ({e})"))
}

/// Checks the picture's size from its header and waits for room in the
/// shared budget. The error is a sentence for the admin.
pub fn reserve(bytes: &[u8]) -> Result<Permit, String> {
    let (w, h) = dimensions(bytes)?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "it is {w} × {h} pixels ({} megapixels) and Schoolgate decodes at most {} megapixels. \
             Resize it (a website photo needs about 2,000 pixels across) and add it again",
            pixels / 1_000_000,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    Ok(acquire(pixels))
}

fn acquire(pixels: u64) -> Permit {
    // One picture never exceeds the budget (MAX_IMAGE_PIXELS is below it),
    // so this wait always ends once earlier decodes finish.
    let pixels = pixels.min(DECODE_PIXEL_BUDGET);
    let mut used = IN_USE.lock().unwrap_or_else(|e| e.into_inner());
    while *used + pixels > DECODE_PIXEL_BUDGET {
        used = RELEASED.wait(used).unwrap_or_else(|e| e.into_inner());
    }
    *used += pixels;
    Permit { pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header and an empty image-data chunk: enough for the header read.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &[]), (b"IEND", &[])] {
            let mut body = kind.to_vec();
            body.extend(data);
            png.extend((data.len() as u32).to_be_bytes());
            png.extend(&body);
            png.extend(crc32(&body).to_be_bytes());
        }
        png
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }

    #[test]
    fn huge_pictures_are_refused_from_the_header() {
        let err = reserve(&png_header(20_000, 20_000)).unwrap_err();
        assert!(err.contains("20000 × 20000") && err.contains("Resize"), "{err}");
        assert!(reserve(&png_header(4_000, 3_000)).is_ok());
    }

    #[test]
    fn the_budget_is_returned_when_a_permit_drops() {
        let a = acquire(MAX_IMAGE_PIXELS);
        let b = acquire(MAX_IMAGE_PIXELS);
        drop(a);
        drop(b);
        assert_eq!(*IN_USE.lock().unwrap(), 0);
    }
}
