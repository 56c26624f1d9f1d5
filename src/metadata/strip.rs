//! Removing personal metadata from an image without re-encoding it, so the
//! published photo looks exactly like the original (no JPEG quality loss).

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::riff::RiffContent;
use img_parts::webp::{CHUNK_VP8X, WebP};
use img_parts::{Bytes, ImageEXIF};

use super::{ImageFormat, MetadataError, jpeg_tail, read_metadata};

/// VP8X flag bits for EXIF and XMP (WebP container spec).
const VP8X_EXIF: u8 = 0b0000_1000;
const VP8X_XMP: u8 = 0b0000_0100;

/// Return a copy of the image with EXIF, XMP, IPTC, comments and text
/// chunks removed. Colour profiles stay (colours would shift without them).
/// When the photo relies on EXIF orientation to display upright, a minimal
/// EXIF block holding only that tag is put back, so the published photo is
/// not shown on its side.
pub fn strip_personal(bytes: &[u8]) -> Result<Vec<u8>, MetadataError> {
    let format = ImageFormat::sniff(bytes).ok_or(MetadataError::UnsupportedFormat)?;
    let orientation = read_metadata(bytes)?.orientation.filter(|&o| o != 1 && o <= 8);
    let minimal_exif = orientation.map(orientation_only_tiff);
    let corrupt = |e: img_parts::Error| MetadataError::CorruptContainer { format, detail: e.to_string() };
    let input = Bytes::copy_from_slice(bytes);
    let out = match format {
        ImageFormat::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(input).map_err(corrupt)?;
            jpeg.segments_mut().retain(|s| keep_jpeg_segment(s.marker(), s.contents()));
            if let Some(tiff) = minimal_exif {
                jpeg.set_exif(Some(Bytes::from(tiff)));
            }
            return Ok(strip_jpeg_tail(jpeg));
        }
        ImageFormat::Png => {
            let mut png = Png::from_bytes(input).map_err(corrupt)?;
            // Text chunks also hold ImageMagick's hex copies of EXIF/XMP/IPTC;
            // caBX holds C2PA content credentials (which can name the author).
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"zxIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"caBX"));
            if let Some(tiff) = minimal_exif {
                png.set_exif(Some(Bytes::from(tiff)));
            }
            png.encoder().bytes()
        }
        ImageFormat::WebP => {
            let mut webp = WebP::from_bytes(input).map_err(corrupt)?;
            webp.chunks_mut().retain(|c| !matches!(&c.id(), b"EXIF" | b"XMP " | b"XMP\0"));
            // set_exif also re-derives the VP8X EXIF/ICC flags (or drops
            // VP8X when nothing extended is left)…
            webp.set_exif(minimal_exif.map(Bytes::from));
            // …but leaves the XMP flag alone, so clear it here.
            clear_vp8x_flag(&mut webp, VP8X_XMP);
            if orientation.is_none() {
                clear_vp8x_flag(&mut webp, VP8X_EXIF);
            }
            webp.encoder().bytes()
        }
    };
    Ok(out.to_vec())
}

/// JPEG segments worth keeping: JFIF/JFXX (APP0), ICC profile (APP2
/// `ICC_PROFILE`), Adobe colour transform (APP14, needed to decode CMYK
/// correctly), and everything that is not an application or comment
/// segment (tables, frame, scan). All other APPn can hold metadata.
fn keep_jpeg_segment(marker: u8, contents: &[u8]) -> bool {
    match marker {
        markers::APP0 => true,
        markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => contents.starts_with(b"Adobe"),
        markers::COM => false,
        m if (markers::APP0..=markers::APP15).contains(&m) => false,
        _ => true,
    }
}

/// Rebuild the part after the first scan: keep the entropy data and the
/// tables of later scans, drop metadata segments found there, and cut
/// everything after the end of the image (appended images carry their own
/// EXIF and GPS). A file cut short before its end marker is kept as it is,
/// minus any metadata segments found.
fn strip_jpeg_tail(jpeg: Jpeg) -> Vec<u8> {
    let (bytes, tail_at) = jpeg_tail::encode_with_tail_offset(jpeg);
    let tail = &bytes[tail_at..];
    let scan = jpeg_tail::scan(tail);
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..tail_at]);
    let mut pos = 0;
    for seg in &scan.segments {
        if !keep_jpeg_segment(seg.marker, &tail[seg.contents.clone()]) {
            out.extend_from_slice(&tail[pos..seg.whole.start]);
            pos = seg.whole.end;
        }
    }
    out.extend_from_slice(&tail[pos..scan.end.unwrap_or(tail.len())]);
    out
}

fn clear_vp8x_flag(webp: &mut WebP, flag: u8) {
    for chunk in webp.chunks_mut().iter_mut().filter(|c| c.id() == CHUNK_VP8X) {
        if let RiffContent::Data(data) = chunk.content_mut()
            && let Some(&first) = data.first()
        {
            let mut v = data.to_vec();
            v[0] = first & !flag;
            *data = Bytes::from(v);
        }
    }
}

/// A complete TIFF structure with one IFD holding only Orientation:
/// header (8) + entry count (2) + one entry (12) + next-IFD offset (4).
fn orientation_only_tiff(orientation: u16) -> Vec<u8> {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"MM\0\x2A"); // big-endian TIFF
    t.extend_from_slice(&8u32.to_be_bytes()); // IFD0 right after the header
    t.extend_from_slice(&1u16.to_be_bytes()); // one entry
    t.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    t.extend_from_slice(&3u16.to_be_bytes()); // type SHORT
    t.extend_from_slice(&1u32.to_be_bytes()); // count 1
    t.extend_from_slice(&orientation.to_be_bytes()); // value, left-justified
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_tiff_is_read_back_by_kamadak_exif() {
        let exif = exif::Reader::new().read_raw(orientation_only_tiff(6)).unwrap();
        let fields: Vec<_> = exif.fields().collect();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].tag, exif::Tag::Orientation);
        assert_eq!(fields[0].value.get_uint(0), Some(6));
    }

    #[test]
    fn unknown_format_cannot_be_stripped() {
        assert!(matches!(strip_personal(b"GIF89a...."), Err(MetadataError::UnsupportedFormat)));
    }
}
