//! GIF pictures: reading and removing what they say besides their frames.
//!
//! A GIF is a header, a screen descriptor and colour table, then a list of
//! blocks: image frames, graphic controls (frame delays, transparency),
//! and extensions. Two extensions carry text about the picture: comments
//! (`0x21 0xFE`, free text, often a caption or who made it) and application
//! extensions (`0x21 0xFF`), where Photoshop and ExifTool put a whole XMP
//! packet ("XMP DataXMP") with people tags, keywords and captions.
//!
//! Why a rewriter of our own: the format is a flat list of length-prefixed
//! blocks, so keeping or dropping whole blocks is a few dozen lines, and
//! the `image` crate's GIF support decodes and re-encodes frames (losing
//! exact bytes and palettes). Here every frame, colour table and graphic
//! control is copied byte for byte; only comment extensions and application
//! extensions other than the animation loop (`NETSCAPE2.0`, and its older
//! twin `ANIMEXTS1.0`) and a colour profile (`ICCRGBG1012`, kept for the
//! same reason photos keep theirs) are dropped, and anything after the
//! trailer. Every read is bounds-checked: a cut-short or crafted file is an
//! error, never a panic.

use super::{ImageMetadata, MetadataError, TextField};

/// Application extensions that are kept: the animation loop count and a
/// colour profile. Everything else (XMP, vendor data) is dropped.
const KEPT_APPLICATIONS: &[&[u8; 11]] = &[b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"];

/// True when the bytes start like a GIF.
pub fn is_gif(bytes: &[u8]) -> bool {
    bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")
}

/// One block of the file, as a byte range of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// Header, screen descriptor, global colour table.
    Head(std::ops::Range<usize>),
    /// An image frame (descriptor, local colour table, image data).
    Frame(std::ops::Range<usize>),
    /// Graphic control, plain text: kept.
    Control(std::ops::Range<usize>),
    /// A comment: its text.
    Comment { range: std::ops::Range<usize>, text: Vec<u8> },
    /// An application extension: its identifier, and where its data
    /// starts (XMP is stored raw, not as proper sub-blocks).
    Application { range: std::ops::Range<usize>, id: [u8; 11], data_start: usize },
}

fn corrupt(detail: &str) -> MetadataError {
    MetadataError::CorruptGif(detail.to_string())
}

/// Splits a GIF into blocks, up to its trailer.
fn blocks(bytes: &[u8]) -> Result<Vec<Block>, MetadataError> {
    if !is_gif(bytes) {
        return Err(corrupt("not a GIF"));
    }
    let byte = |i: usize| bytes.get(i).copied().ok_or_else(|| corrupt("cut short"));
    let packed = byte(10)?;
    let mut pos = 13;
    if packed & 0x80 != 0 {
        pos += 3 * (1usize << ((packed & 7) + 1));
    }
    if pos > bytes.len() {
        return Err(corrupt("cut short in the colour table"));
    }
    let mut out = vec![Block::Head(0..pos)];
    // Sub-blocks: a length byte, that many bytes, until a zero length.
    let sub_blocks = |mut at: usize, mut collect: Option<&mut Vec<u8>>| -> Result<usize, MetadataError> {
        loop {
            let len = byte(at)? as usize;
            at += 1;
            if len == 0 {
                return Ok(at);
            }
            let data = bytes.get(at..at + len).ok_or_else(|| corrupt("cut short in a data block"))?;
            if let Some(c) = collect.as_deref_mut() {
                c.extend_from_slice(data);
            }
            at += len;
        }
    };
    loop {
        let start = pos;
        match byte(pos)? {
            0x3B => return Ok(out),
            0x2C => {
                let packed = byte(pos + 9)?;
                pos += 10;
                if packed & 0x80 != 0 {
                    pos += 3 * (1usize << ((packed & 7) + 1));
                }
                byte(pos)?; // LZW minimum code size
                pos = sub_blocks(pos + 1, None)?;
                out.push(Block::Frame(start..pos));
            }
            0x21 => {
                let label = byte(pos + 1)?;
                match label {
                    0xFE => {
                        let mut text = Vec::new();
                        pos = sub_blocks(pos + 2, Some(&mut text))?;
                        out.push(Block::Comment { range: start..pos, text });
                    }
                    0xFF => {
                        let size = byte(pos + 2)? as usize;
                        let id_bytes = bytes.get(pos + 3..pos + 3 + size).ok_or_else(|| corrupt("cut short"))?;
                        let mut id = [0u8; 11];
                        for (d, s) in id.iter_mut().zip(id_bytes) {
                            *d = *s;
                        }
                        let data_start = pos + 3 + size;
                        pos = sub_blocks(data_start, None)?;
                        out.push(Block::Application { range: start..pos, id, data_start });
                    }
                    _ => {
                        pos = sub_blocks(pos + 2, None)?;
                        out.push(Block::Control(start..pos));
                    }
                }
            }
            other => return Err(corrupt(&format!("unknown block 0x{other:02X}"))),
        }
    }
}

/// The number of image frames (2 or more: animated).
pub fn frame_count(bytes: &[u8]) -> Result<usize, MetadataError> {
    Ok(blocks(bytes)?.iter().filter(|b| matches!(b, Block::Frame(_))).count())
}

/// Comments and XMP of a GIF: people tags, keywords, captions.
pub fn read(bytes: &[u8]) -> Result<ImageMetadata, MetadataError> {
    let mut meta = ImageMetadata::default();
    for block in blocks(bytes)? {
        match block {
            Block::Comment { text, .. } => {
                let value = String::from_utf8_lossy(&text).into_owned();
                meta.push_text("GIF comment", &value);
            }
            Block::Application { range, id, data_start } if &id == b"XMP DataXMP" => {
                // The packet is stored raw (its bytes read as block
                // lengths by other readers), followed by a 258-byte
                // "magic trailer" that ends the blocks; the packet ends at
                // its closing processing instruction or root element.
                let raw = &bytes[data_start..range.end];
                let end = find_end(raw, b"<?xpacket end")
                    .or_else(|| find_end(raw, b"</x:xmpmeta"))
                    .unwrap_or(raw.len().saturating_sub(258));
                super::xmp::read_into(&raw[..end], false, &mut meta)?;
            }
            _ => {}
        }
    }
    meta.text.retain(|f: &TextField| !f.value.trim().is_empty());
    Ok(meta)
}

/// The position just after the `>` that closes the first `needle`.
fn find_end(raw: &[u8], needle: &[u8]) -> Option<usize> {
    let at = raw.windows(needle.len()).position(|w| w == needle)?;
    raw[at..].iter().position(|&b| b == b'>').map(|q| at + q + 1)
}

/// A copy of the GIF without comments, XMP or other application data:
/// every frame, colour table and graphic control byte-identical, the
/// animation loop kept, nothing after the trailer.
pub fn strip(bytes: &[u8]) -> Result<Vec<u8>, MetadataError> {
    let mut out = Vec::with_capacity(bytes.len());
    for block in blocks(bytes)? {
        match block {
            Block::Head(r) | Block::Frame(r) | Block::Control(r) => out.extend_from_slice(&bytes[r]),
            Block::Application { range, id, .. } if KEPT_APPLICATIONS.contains(&&id) => {
                out.extend_from_slice(&bytes[range]);
            }
            Block::Application { .. } | Block::Comment { .. } => {}
        }
    }
    out.push(0x3B);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Sub-blocks of `data`, 255 bytes at most each, with the terminator.
    fn sub_blocks(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(255) {
            out.push(chunk.len() as u8);
            out.extend_from_slice(chunk);
        }
        out.push(0);
        out
    }

    /// A 2×2, two-frame animated GIF with a comment and an XMP packet
    /// written the way Photoshop and ExifTool write it (raw packet plus
    /// the 258-byte magic trailer).
    pub(crate) fn animated_gif(comment: &str, xmp: &str) -> Vec<u8> {
        let mut g = b"GIF89a".to_vec();
        g.extend_from_slice(&[2, 0, 2, 0, 0x80, 0, 0]); // 2×2, global table of 2 colours
        g.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        // Loop forever.
        g.extend_from_slice(&[0x21, 0xFF, 11]);
        g.extend_from_slice(b"NETSCAPE2.0");
        g.extend_from_slice(&[3, 1, 0, 0, 0]);
        g.extend_from_slice(&[0x21, 0xFE]);
        g.extend_from_slice(&sub_blocks(comment.as_bytes()));
        g.extend_from_slice(&[0x21, 0xFF, 11]);
        g.extend_from_slice(b"XMP DataXMP");
        g.extend_from_slice(xmp.as_bytes());
        g.push(1);
        for i in 0..256u16 {
            g.push((255 - i) as u8);
        }
        g.push(0);
        for colour in [0u8, 1] {
            g.extend_from_slice(&[0x21, 0xF9, 4, 0, 50, 0, 0, 0]); // 0.5 s
            g.extend_from_slice(&[0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0]);
            g.push(2); // LZW minimum code size
            g.extend_from_slice(&sub_blocks(&lzw_solid(colour, 4)));
        }
        g.push(0x3B);
        g
    }

    /// LZW data (minimum code size 2) for `n` pixels of one colour: a
    /// clear code before every pixel, so no table entry is ever made and
    /// every code stays 3 bits wide. Valid, if not compact.
    fn lzw_solid(colour: u8, n: usize) -> Vec<u8> {
        let mut codes: Vec<u32> = Vec::new();
        for _ in 0..n {
            codes.extend([4, u32::from(colour)]);
        }
        codes.push(5);
        let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
        for c in codes {
            acc |= c << bits;
            bits += 3;
            while bits >= 8 {
                out.push((acc & 0xFF) as u8);
                acc >>= 8;
                bits -= 8;
            }
        }
        if bits > 0 {
            out.push((acc & 0xFF) as u8);
        }
        out
    }

    const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Harry Patel</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

    #[test]
    fn reads_comment_and_xmp_people_tags() {
        let gif = animated_gif("Harry on sports day", XMP);
        assert_eq!(frame_count(&gif).expect("gif"), 2);
        let meta = read(&gif).expect("gif");
        assert_eq!(meta.text[0].value, "Harry on sports day");
        assert!(meta.person_tags().any(|t| t.value == "Harry Patel"), "{meta:?}");
    }

    #[test]
    fn strip_keeps_every_frame_and_the_loop_and_drops_comment_and_xmp() {
        let gif = animated_gif("Harry on sports day", XMP);
        let clean = strip(&gif).expect("strip");
        assert_eq!(read(&clean).expect("gif"), ImageMetadata::default());
        assert!(!clean.windows(5).any(|w| w == b"Harry"));
        assert!(clean.windows(11).any(|w| w == b"NETSCAPE2.0"));
        // The frames, byte for byte, in order.
        let frames = |b: &[u8]| -> Vec<Vec<u8>> {
            blocks(b)
                .expect("gif")
                .into_iter()
                .filter_map(|x| match x {
                    Block::Frame(r) | Block::Control(r) | Block::Head(r) => Some(b[r].to_vec()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(frames(&gif), frames(&clean));
        // Decoded by a real decoder: two frames, same pixels.
        let decode = |b: &[u8]| {
            use image::AnimationDecoder;
            let d = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(b.to_vec())).expect("decoder");
            d.into_frames()
                .collect_frames()
                .expect("frames")
                .into_iter()
                .map(|f| f.into_buffer().into_raw())
                .collect::<Vec<_>>()
        };
        let (before, after) = (decode(&gif), decode(&clean));
        assert_eq!(before.len(), 2);
        assert_eq!(before, after);
        // Nothing left to strip the second time.
        assert_eq!(strip(&clean).expect("strip"), clean);
    }

    #[test]
    fn data_after_the_trailer_is_dropped_and_damaged_files_are_errors() {
        let mut gif = animated_gif("x", XMP);
        gif.extend_from_slice(b"appended secret");
        let clean = strip(&gif).expect("strip");
        assert!(clean.ends_with(&[0x3B]) && !clean.windows(6).any(|w| w == b"secret"));
        let good = animated_gif("x", XMP);
        for cut in 0..good.len() - 1 {
            assert!(strip(&good[..cut]).is_err(), "cut at {cut}");
        }
        for i in 0..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0xA5;
            let _ = strip(&bad);
            let _ = read(&bad);
        }
    }
}
