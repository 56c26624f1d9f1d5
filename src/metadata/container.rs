//! Splitting JPEG, PNG and WebP files into their raw metadata blocks,
//! without decoding pixels. Each block is then handed to its own parser.

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;

use super::{ImageFormat, MetadataError, jpeg_tail};

pub(crate) const EXIF_HEADER: &[u8] = b"Exif\0\0";
pub(crate) const XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
pub(crate) const XMP_EXT_HEADER: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
pub(crate) const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";
/// PNG keyword under which XMP is stored in an iTXt chunk.
const PNG_XMP_KEYWORD: &[u8] = b"XML:com.adobe.xmp";
/// Upper bound for any decompressed PNG text chunk. Real XMP packets are a
/// few kilobytes; this stops a tiny "zip bomb" chunk from exhausting memory.
const MAX_INFLATED: usize = 4 * 1024 * 1024;
/// Upper bound for a reassembled JPEG extended-XMP packet.
const MAX_EXTENDED_XMP: usize = 16 * 1024 * 1024;

/// The metadata blocks found in one file, still undecoded.
#[derive(Debug, Default)]
pub(crate) struct RawBlocks {
    /// TIFF structures (without the `Exif\0\0` prefix).
    pub exif: Vec<Vec<u8>>,
    /// XMP packets, including reassembled extended XMP.
    pub xmp: Vec<Vec<u8>>,
    /// IPTC-IIM data streams (already taken out of the Photoshop IRB).
    pub iptc: Vec<Vec<u8>>,
    /// Plain text fields: (field name, value).
    pub text: Vec<(String, String)>,
    /// Whole images appended after a JPEG's end (MPF previews, depth maps);
    /// they carry their own metadata.
    pub embedded: Vec<Vec<u8>>,
}

pub(crate) fn split(format: ImageFormat, bytes: &[u8]) -> Result<RawBlocks, MetadataError> {
    let corrupt = |e: img_parts::Error| MetadataError::CorruptContainer { format, detail: e.to_string() };
    let bytes = Bytes::copy_from_slice(bytes);
    match format {
        ImageFormat::Jpeg => Ok(split_jpeg(Jpeg::from_bytes(bytes).map_err(corrupt)?)),
        ImageFormat::Png => split_png(&Png::from_bytes(bytes).map_err(corrupt)?),
        ImageFormat::WebP => Ok(split_webp(&WebP::from_bytes(bytes).map_err(corrupt)?)),
    }
}

fn split_jpeg(jpeg: Jpeg) -> RawBlocks {
    let mut blocks = RawBlocks::default();
    let mut extended: Vec<ExtendedPart> = Vec::new();
    let mut photoshop: Vec<u8> = Vec::new();
    let (bytes, tail_at) = jpeg_tail::encode_with_tail_offset(jpeg.clone());
    let tail = &bytes[tail_at..];
    let after_scan = jpeg_tail::scan(tail);
    let segments = jpeg
        .segments()
        .iter()
        .map(|s| (s.marker(), &s.contents()[..]))
        .chain(after_scan.segments.iter().map(|s| (s.marker, &tail[s.contents.clone()])));
    for (marker, data) in segments {
        match marker {
            markers::APP1 => {
                if let Some(tiff) = data.strip_prefix(EXIF_HEADER) {
                    blocks.exif.push(tiff.to_vec());
                } else if let Some(xmp) = data.strip_prefix(XMP_HEADER) {
                    blocks.xmp.push(xmp.to_vec());
                } else if let Some(part) = data.strip_prefix(XMP_EXT_HEADER).and_then(ExtendedPart::parse) {
                    extended.push(part);
                }
            }
            markers::APP13 => {
                if let Some(irb) = data.strip_prefix(PHOTOSHOP_HEADER) {
                    photoshop.extend_from_slice(irb);
                }
            }
            markers::COM => {
                blocks.text.push(("JPEG comment".into(), String::from_utf8_lossy(data).into_owned()));
            }
            _ => {}
        }
    }
    blocks.xmp.extend(assemble_extended(extended));
    blocks.iptc.extend(super::iptc::iim_from_irb(&photoshop));
    if let Some(end) = after_scan.end {
        let trailer = &tail[end..];
        if let Some(start) = find(trailer, &[0xFF, 0xD8, 0xFF]) {
            blocks.embedded.push(trailer[start..].to_vec());
        }
    }
    blocks
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One APP1 segment of a JPEG extended-XMP packet: 32-byte GUID, full
/// length, offset of this part, then the part itself.
struct ExtendedPart {
    guid: [u8; 32],
    offset: u32,
    data: Vec<u8>,
}

impl ExtendedPart {
    fn parse(ext: &[u8]) -> Option<ExtendedPart> {
        let guid: [u8; 32] = ext.get(..32)?.try_into().ok()?;
        let offset = u32::from_be_bytes(ext.get(36..40)?.try_into().ok()?);
        Some(ExtendedPart { guid, offset, data: ext.get(40..)?.to_vec() })
    }
}

/// Join the parts of each extended-XMP packet in offset order. The declared
/// total length is untrusted, so memory is only ever sized from the bytes
/// actually present; gaps end the packet (it then fails to parse as XML and
/// the caller reports it rather than guessing).
fn assemble_extended(mut parts: Vec<ExtendedPart>) -> Vec<Vec<u8>> {
    parts.sort_by(|a, b| a.guid.cmp(&b.guid).then(a.offset.cmp(&b.offset)));
    let mut packets: Vec<([u8; 32], Vec<u8>)> = Vec::new();
    for part in parts {
        match packets.last_mut() {
            Some((guid, buf)) if *guid == part.guid => {
                if buf.len() as u64 == u64::from(part.offset) && buf.len() + part.data.len() <= MAX_EXTENDED_XMP {
                    buf.extend_from_slice(&part.data);
                }
            }
            _ => {
                if part.offset == 0 && part.data.len() <= MAX_EXTENDED_XMP {
                    packets.push((part.guid, part.data));
                }
            }
        }
    }
    packets.into_iter().map(|(_, p)| p).collect()
}

fn split_png(png: &Png) -> Result<RawBlocks, MetadataError> {
    let mut blocks = RawBlocks::default();
    for chunk in png.chunks() {
        let data = chunk.contents();
        match &chunk.kind() {
            b"eXIf" => {
                let tiff = data.strip_prefix(EXIF_HEADER).unwrap_or(data);
                blocks.exif.push(tiff.to_vec());
            }
            b"tEXt" => {
                if let Some((key, value)) = split_keyword(data) {
                    // tEXt is Latin-1 by definition.
                    let text: String = value.iter().map(|&b| char::from(b)).collect();
                    push_png_text(&mut blocks, key, text);
                }
            }
            b"zTXt" => {
                if let Some((key, rest)) = split_keyword(data) {
                    // One byte compression method (0 = zlib), then the stream.
                    let raw = inflate(rest.get(1..).unwrap_or_default())?;
                    let text: String = raw.iter().map(|&b| char::from(b)).collect();
                    push_png_text(&mut blocks, key, text);
                }
            }
            b"iTXt" => {
                if let Some(itxt) = parse_itxt(data)? {
                    if itxt.0 == PNG_XMP_KEYWORD {
                        // Canva and some other exporters copy the JPEG APP1
                        // form, prefix included; ExifTool reads past it.
                        let packet = itxt.1.strip_prefix(XMP_HEADER).map(<[u8]>::to_vec).unwrap_or(itxt.1);
                        blocks.xmp.push(packet);
                    } else {
                        let text = String::from_utf8_lossy(&itxt.1).into_owned();
                        push_png_text(&mut blocks, &itxt.0, text);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(blocks)
}

/// Keep the standard PNG text keywords that hold prose; `Author` goes to
/// the authors list via the field name, read by `read_metadata`. ImageMagick
/// stores whole EXIF/XMP/IPTC blocks as hex text under `Raw profile type …`.
fn push_png_text(blocks: &mut RawBlocks, key: &[u8], text: String) {
    let key = String::from_utf8_lossy(key);
    if let Some(kind) = key.strip_prefix("Raw profile type ") {
        let Some(data) = raw_profile(&text) else {
            return;
        };
        match kind.to_ascii_lowercase().as_str() {
            "exif" | "app1" => {
                if let Some(xmp) = data.strip_prefix(XMP_HEADER) {
                    blocks.xmp.push(xmp.to_vec());
                } else {
                    let tiff = data.strip_prefix(EXIF_HEADER).unwrap_or(&data);
                    blocks.exif.push(tiff.to_vec());
                }
            }
            "xmp" => blocks.xmp.push(data),
            "iptc" | "8bim" => {
                if data.starts_with(b"8BIM") {
                    blocks.iptc.extend(super::iptc::iim_from_irb(&data));
                } else {
                    blocks.iptc.push(data);
                }
            }
            _ => {}
        }
        return;
    }
    match key.as_ref() {
        "Description" | "Comment" | "Title" | "Author" => {
            blocks.text.push((format!("PNG {key}"), text));
        }
        _ => {}
    }
}

/// ImageMagick raw profile text: `\n<name>\n<decimal length>\n<hex…>`.
/// The declared length only ever shortens the result; memory is sized from
/// the hex digits actually present.
fn raw_profile(text: &str) -> Option<Vec<u8>> {
    let mut tokens = text.split_ascii_whitespace();
    let _name = tokens.next()?;
    let declared: usize = tokens.next()?.parse().ok()?;
    let digits: Vec<u8> = tokens.flat_map(str::bytes).collect();
    let mut out = Vec::with_capacity((digits.len() / 2).min(declared));
    for pair in digits.chunks_exact(2).take(declared) {
        let hex = std::str::from_utf8(pair).ok()?;
        out.push(u8::from_str_radix(hex, 16).ok()?);
    }
    Some(out)
}

fn split_keyword(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let nul = data.iter().position(|&b| b == 0)?;
    Some((&data[..nul], &data[nul + 1..]))
}

/// A PNG text chunk's keyword and its (decompressed) text.
type KeywordText = (Vec<u8>, Vec<u8>);

/// iTXt: keyword NUL, compression flag, method, language NUL, translated
/// keyword NUL, text (UTF-8, zlib-compressed when the flag is 1).
fn parse_itxt(data: &[u8]) -> Result<Option<KeywordText>, MetadataError> {
    let Some((key, rest)) = split_keyword(data) else {
        return Ok(None);
    };
    let (Some(&flag), Some(rest)) = (rest.first(), rest.get(2..)) else {
        return Ok(None);
    };
    let Some((_lang, rest)) = split_keyword(rest) else {
        return Ok(None);
    };
    let Some((_translated, text)) = split_keyword(rest) else {
        return Ok(None);
    };
    let text = if flag == 1 { inflate(text)? } else { text.to_vec() };
    Ok(Some((key.to_vec(), text)))
}

fn inflate(data: &[u8]) -> Result<Vec<u8>, MetadataError> {
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED)
        .map_err(|e| MetadataError::CorruptCompressed(format!("{:?}", e.status)))
}

fn split_webp(webp: &WebP) -> RawBlocks {
    let mut blocks = RawBlocks::default();
    for chunk in webp.chunks() {
        let Some(data) = chunk.content().data() else {
            continue;
        };
        match &chunk.id() {
            b"EXIF" => {
                let tiff = data.strip_prefix(EXIF_HEADER).unwrap_or(data);
                blocks.exif.push(tiff.to_vec());
            }
            // Some writers use a NUL instead of the trailing space.
            b"XMP " | b"XMP\0" => blocks.xmp.push(data.to_vec()),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext_part(guid: u8, offset: u32, data: &[u8]) -> ExtendedPart {
        ExtendedPart { guid: [guid; 32], offset, data: data.to_vec() }
    }

    #[test]
    fn extended_xmp_parts_are_joined_in_offset_order() {
        let parts = vec![ext_part(b'A', 3, b"def"), ext_part(b'B', 0, b"xyz"), ext_part(b'A', 0, b"abc")];
        let mut packets = assemble_extended(parts);
        packets.sort();
        assert_eq!(packets, vec![b"abcdef".to_vec(), b"xyz".to_vec()]);
    }

    #[test]
    fn extended_xmp_with_a_gap_is_not_filled_with_zeros() {
        let packets = assemble_extended(vec![ext_part(b'A', 0, b"abc"), ext_part(b'A', 1000, b"z")]);
        assert_eq!(packets, vec![b"abc".to_vec()]);
    }

    #[test]
    fn imagemagick_raw_profiles_are_decoded() {
        let xmp = b"<x:xmpmeta/>";
        let hex: String = xmp.iter().map(|b| format!("{b:02x}")).collect();
        let mut blocks = RawBlocks::default();
        let text = format!("\nxmp\n      {}\n{}\n{}\n", xmp.len(), &hex[..10], &hex[10..]);
        push_png_text(&mut blocks, b"Raw profile type xmp", text);
        assert_eq!(blocks.xmp, vec![xmp.to_vec()]);
        // A length far beyond the data is not trusted.
        push_png_text(&mut blocks, b"Raw profile type xmp", "\nxmp\n999999999999\n4142".into());
        assert_eq!(blocks.xmp[1], b"AB".to_vec());
    }

    #[test]
    fn zip_bomb_text_chunk_is_refused() {
        let huge = vec![b'a'; MAX_INFLATED + 10];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&huge, 9);
        assert!(matches!(inflate(&packed), Err(MetadataError::CorruptCompressed(_))));
    }
}
