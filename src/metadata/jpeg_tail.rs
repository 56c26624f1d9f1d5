//! What follows a JPEG's first scan. img-parts stops parsing at the first
//! SOS and keeps "the rest of the file" as one opaque block. That block can
//! still hold metadata: marker segments between the scans of a progressive
//! JPEG (a few writers put APPn or COM there), and data after the end of
//! the image — phones append whole second JPEGs (MPF depth maps, previews)
//! with their own EXIF, including GPS. This module walks that block.

use std::ops::Range;

use img_parts::jpeg::{Jpeg, markers};

/// A marker segment found after the first scan.
pub(crate) struct TailSegment {
    pub marker: u8,
    /// The whole segment (marker, length and contents) within the tail.
    pub whole: Range<usize>,
    /// Just the contents.
    pub contents: Range<usize>,
}

pub(crate) struct Tail {
    pub segments: Vec<TailSegment>,
    /// Offset just past the primary image's EOI marker, or `None` when the
    /// file is cut short before it.
    pub end: Option<usize>,
}

/// The file as img-parts re-encodes it, and the offset where the opaque
/// post-scan block starts. Re-encoding (not the original bytes) makes the
/// offset exact even for files with fill bytes between segments.
pub(crate) fn encode_with_tail_offset(jpeg: Jpeg) -> (Vec<u8>, usize) {
    let head = 2 + jpeg.segments().iter().map(|s| s.len()).sum::<usize>();
    let bytes = jpeg.encoder().bytes().to_vec();
    let head = head.min(bytes.len());
    (bytes, head)
}

/// Walk the entropy-coded data and the markers after it. Every length is
/// checked against the data actually present; a segment that runs past the
/// end stops the walk.
pub(crate) fn scan(tail: &[u8]) -> Tail {
    let mut segments = Vec::new();
    let mut i = 0;
    while i + 1 < tail.len() {
        if tail[i] != markers::P {
            i += 1;
            continue;
        }
        let marker = tail[i + 1];
        match marker {
            // Fill byte: look at the next 0xFF again.
            markers::P => i += 1,
            // Stuffed zero and restart markers belong to the entropy data;
            // SOI and TEM (0x01) have no length.
            0x00 | markers::RST0..=markers::RST7 | markers::SOI | 0x01 => i += 2,
            markers::EOI => {
                return Tail { segments, end: Some(i + 2) };
            }
            _ => {
                let Some(len) = tail.get(i + 2..i + 4).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
                    break;
                };
                let end = i + 2 + len;
                if len < 2 || end > tail.len() {
                    break;
                }
                segments.push(TailSegment { marker, whole: i..end, contents: i + 4..end });
                i = end;
            }
        }
    }
    Tail { segments, end: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_segments_between_scans_and_the_real_end() {
        let mut tail = vec![0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56]; // entropy with stuffing + RST
        tail.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x05, b'h', b'i', b'!']); // COM after scan
        tail.extend_from_slice(&[0x77, 0xFF, 0xFF, 0xD9]); // fill byte then EOI
        tail.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE1]); // appended second image
        let t = scan(&tail);
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].marker, markers::COM);
        assert_eq!(&tail[t.segments[0].contents.clone()], b"hi!");
        assert_eq!(t.end, Some(18));
        assert_eq!(&tail[18..20], &[0xFF, 0xD8]);
    }

    #[test]
    fn segment_longer_than_the_file_stops_the_walk() {
        let t = scan(&[0x00, 0xFF, 0xE1, 0xFF, 0xFF, 1, 2, 3]);
        assert!(t.segments.is_empty());
        assert_eq!(t.end, None);
    }
}
