//! IPTC-IIM ("legacy IPTC") as written by Lightroom, Photoshop and digiKam
//! into a JPEG's APP13 segment, inside Photoshop image resource 0x0404.

use super::{ImageMetadata, TagSource};

/// Photoshop image resource id of the IPTC-IIM block.
const IRB_IPTC: u16 = 0x0404;
/// IIM 1:90 value meaning "the text in this file is UTF-8" (ESC % G).
const UTF8_MARKER: &[u8] = &[0x1B, 0x25, 0x47];

/// Pull every IPTC-IIM stream out of Photoshop image resource blocks
/// (`8BIM`, id, padded Pascal name, length, padded data).
pub(crate) fn iim_from_irb(mut irb: &[u8]) -> Vec<Vec<u8>> {
    let mut found = Vec::new();
    while irb.len() >= 12 && &irb[..4] == b"8BIM" {
        let id = u16::from_be_bytes([irb[4], irb[5]]);
        let name_len = usize::from(irb[6]);
        // The name (with its length byte) is padded to an even length.
        let name_total = (1 + name_len + 1) & !1;
        let size_at = 6 + name_total;
        let Some(size_bytes) = irb.get(size_at..size_at + 4) else {
            break;
        };
        let size = u32::from_be_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]]);
        let Ok(size) = usize::try_from(size) else {
            break;
        };
        let start = size_at + 4;
        let Some(data) = start.checked_add(size).and_then(|end| irb.get(start..end)) else {
            break;
        };
        if id == IRB_IPTC {
            found.push(data.to_vec());
        }
        let next = start + size + (size & 1);
        irb = irb.get(next..).unwrap_or_default();
    }
    found
}

/// One IIM dataset: record, dataset number, data.
struct DataSet<'a> {
    record: u8,
    number: u8,
    data: &'a [u8],
}

/// Parse the `0x1C record dataset length data` sequence. Extended lengths
/// (high bit set) are read but every slice is bounds-checked against the
/// input, never trusted for allocation.
fn datasets(mut iim: &[u8]) -> Vec<DataSet<'_>> {
    let mut out = Vec::new();
    while iim.len() >= 5 && iim[0] == 0x1C {
        let (record, number) = (iim[1], iim[2]);
        let len_field = u16::from_be_bytes([iim[3], iim[4]]);
        let (len, header) = if len_field & 0x8000 != 0 {
            let n = usize::from(len_field & 0x7FFF);
            if n == 0 || n > 4 {
                break;
            }
            let Some(bytes) = iim.get(5..5 + n) else {
                break;
            };
            let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            (len, 5 + n)
        } else {
            (usize::from(len_field), 5)
        };
        let Some(data) = header.checked_add(len).and_then(|end| iim.get(header..end)) else {
            break;
        };
        out.push(DataSet { record, number, data });
        iim = &iim[header + len..];
    }
    out
}

pub(crate) fn read_into(iim: &[u8], meta: &mut ImageMetadata) {
    let sets = datasets(iim);
    let utf8 = sets.iter().any(|s| s.record == 1 && s.number == 90 && s.data.starts_with(UTF8_MARKER));
    let decode = |data: &[u8]| -> String {
        if utf8 {
            String::from_utf8_lossy(data).into_owned()
        } else {
            // Without the UTF-8 marker IIM text is a legacy 8-bit charset;
            // Latin-1 is the common case and never fails to decode.
            data.iter().map(|&b| char::from(b)).collect()
        }
    };
    for set in sets.iter().filter(|s| s.record == 2) {
        let value = decode(set.data);
        match set.number {
            25 => meta.push_tag(&value, TagSource::IptcKeyword, false),
            80 => meta.push_author(&value),
            105 => meta.push_text("IPTC Headline", &value),
            120 => meta.push_text("IPTC Caption-Abstract", &value),
            _ => {}
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Build an IIM dataset the way Photoshop writes it.
    pub(crate) fn dataset(record: u8, number: u8, data: &[u8]) -> Vec<u8> {
        let mut v = vec![0x1C, record, number];
        v.extend_from_slice(&(data.len() as u16).to_be_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn keywords_honour_the_utf8_marker() {
        let mut iim = dataset(1, 90, UTF8_MARKER);
        iim.extend(dataset(2, 25, "Zoë O'Neill".as_bytes()));
        let mut meta = ImageMetadata::default();
        read_into(&iim, &mut meta);
        assert_eq!(meta.tags[0].value, "Zoë O'Neill");
        assert_eq!(meta.tags[0].source, TagSource::IptcKeyword);
    }

    #[test]
    fn keywords_without_marker_are_latin1() {
        let iim = dataset(2, 25, b"Zo\xEB O'Neill");
        let mut meta = ImageMetadata::default();
        read_into(&iim, &mut meta);
        assert_eq!(meta.tags[0].value, "Zoë O'Neill");
    }

    #[test]
    fn irb_with_odd_sizes_and_truncation_is_walked_safely() {
        let iim = dataset(2, 80, b"Ms Jones");
        let mut irb = b"8BIM\x04\x04\x00\x00".to_vec();
        irb.extend_from_slice(&(iim.len() as u32).to_be_bytes());
        irb.extend_from_slice(&iim);
        if iim.len() % 2 == 1 {
            irb.push(0);
        }
        // A second resource claiming to be 4 GB long must not be read past the end.
        irb.extend_from_slice(b"8BIM\x04\x04\x00\x00\xFF\xFF\xFF\xFFabc");
        let found = iim_from_irb(&irb);
        assert_eq!(found, vec![iim.clone()]);
        let mut meta = ImageMetadata::default();
        read_into(&found[0], &mut meta);
        assert_eq!(meta.personal.authors, vec!["Ms Jones".to_string()]);
    }
}
