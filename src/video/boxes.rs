//! A small, bounded walker over ISO-BMFF / QuickTime boxes ("atoms").
//!
//! Why our own and not a crate: the maintained MP4 crates (`mp4`,
//! `mp4-atom`, `re_mp4`) decode boxes into typed structs and encode them
//! again. That drops or refuses boxes they do not model (vendor `udta`
//! children, QuickTime `keys`, `uuid` boxes) and re-lays out the file, so
//! chunk offsets (`stco`/`co64`) would have to be rewritten. Schoolgate only
//! needs to know *where* each box is, to read a few metadata boxes and to
//! overwrite personal ones in place with a `free` box of the same size; a
//! walker that reports byte ranges does that without touching anything
//! else.
//!
//! Every size is checked against its parent before it is used, 64-bit sizes
//! are read, and depth and box count are bounded, so a hostile file gives a
//! [`BoxError`], never a panic, a loop or a huge allocation.

use std::ops::Range;

/// Deeper than any real movie (moov/trak/mdia/minf/stbl/stsd/entry is 7).
pub const MAX_DEPTH: usize = 16;
/// Boxes visited in one file. Real files have a few hundred; this stops a
/// file of millions of empty boxes from being walked.
pub const MAX_BOXES: usize = 100_000;

/// One box: its four-character type and where it lies in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxRef {
    pub kind: [u8; 4],
    /// The whole box, header included.
    pub range: Range<usize>,
    /// Where the payload starts (after the size, type, 64-bit size and the
    /// 16-byte user type of a `uuid` box).
    pub payload_start: usize,
    /// The user type of a `uuid` box.
    pub uuid: Option<[u8; 16]>,
}

impl BoxRef {
    pub fn payload<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        // Ranges were checked against the file when the box was read.
        bytes.get(self.payload_start..self.range.end).unwrap_or(&[])
    }

    pub fn payload_range(&self) -> Range<usize> {
        self.payload_start..self.range.end
    }

    /// The type as text for messages: `moov`, `©xyz`.
    pub fn name(&self) -> String {
        fourcc_name(self.kind)
    }
}

/// A four-character code as a person would read it (`©` for 0xA9).
pub fn fourcc_name(kind: [u8; 4]) -> String {
    kind.iter()
        .map(|&b| match b {
            0xA9 => '©',
            0x20..=0x7E => b as char,
            _ => '?',
        })
        .collect()
}

/// Why the box structure could not be walked safely. The messages never
/// quote a box's type: in a hostile or damaged file those four bytes can be
/// anything, four letters of a child's name included (the `kind` fields
/// are for tests and debugging).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoxError {
    #[error("a box at byte {at} says it is {size} bytes long, but only {room} bytes are left in {parent}")]
    Overruns { kind: String, at: usize, size: u64, room: usize, parent: String },
    #[error("a box at byte {at} gives an impossible size ({size})")]
    BadSize { kind: String, at: usize, size: u64 },
    #[error("the file is cut short inside a box header at byte {at}")]
    Truncated { at: usize },
    #[error("boxes are nested more than {MAX_DEPTH} deep")]
    TooDeep,
    #[error("the file has more than {MAX_BOXES} boxes")]
    TooMany,
}

/// Counts boxes across one walk of a file.
#[derive(Debug, Default)]
pub struct Budget {
    boxes: usize,
}

impl Budget {
    fn take(&mut self) -> Result<(), BoxError> {
        self.boxes += 1;
        if self.boxes > MAX_BOXES { Err(BoxError::TooMany) } else { Ok(()) }
    }
}

/// The boxes directly inside `within` (a byte range of `bytes`), in order.
///
/// `depth` is the nesting level of these boxes (0 for the top level).
/// `parent` names the enclosing box for messages. A size of 0 means "to the
/// end of the parent", as the standard allows for the last box. A tail of
/// fewer than 8 bytes that are all zero is QuickTime's terminator (written
/// at the end of `udta`) and ends the list; any other short tail is an
/// error.
pub fn children(
    bytes: &[u8],
    within: Range<usize>,
    depth: usize,
    parent: &str,
    budget: &mut Budget,
) -> Result<Vec<BoxRef>, BoxError> {
    if depth > MAX_DEPTH {
        return Err(BoxError::TooDeep);
    }
    let end = within.end.min(bytes.len());
    let mut at = within.start;
    let mut out = Vec::new();
    while at < end {
        let left = end - at;
        if left < 8 {
            if bytes[at..end].iter().all(|&b| b == 0) {
                break;
            }
            return Err(BoxError::Truncated { at });
        }
        let size32 = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let kind = [bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]];
        if size32 == 0 && kind == [0; 4] && bytes[at..end].iter().all(|&b| b == 0) {
            // Zero padding after the last box.
            break;
        }
        budget.take()?;
        let mut header = 8usize;
        let size: u64 = match size32 {
            0 => left as u64,
            1 => {
                if left < 16 {
                    return Err(BoxError::Truncated { at });
                }
                let mut b = [0u8; 8];
                b.copy_from_slice(&bytes[at + 8..at + 16]);
                header = 16;
                u64::from_be_bytes(b)
            }
            n => u64::from(n),
        };
        let uuid = if &kind == b"uuid" {
            if left < header + 16 {
                return Err(BoxError::Truncated { at });
            }
            let mut u = [0u8; 16];
            u.copy_from_slice(&bytes[at + header..at + header + 16]);
            header += 16;
            Some(u)
        } else {
            None
        };
        if size < header as u64 {
            return Err(BoxError::BadSize { kind: fourcc_name(kind), at, size });
        }
        if size > left as u64 {
            return Err(BoxError::Overruns {
                kind: fourcc_name(kind),
                at,
                size,
                room: left,
                parent: parent.to_string(),
            });
        }
        // size <= left, which is a usize: the cast cannot truncate.
        let box_end = at + size as usize;
        out.push(BoxRef { kind, range: at..box_end, payload_start: at + header, uuid });
        at = box_end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(payload);
        v
    }

    fn top(bytes: &[u8]) -> Result<Vec<BoxRef>, BoxError> {
        children(bytes, 0..bytes.len(), 0, "the file", &mut Budget::default())
    }

    #[test]
    fn boxes_are_listed_with_their_ranges() {
        let mut file = b(b"ftyp", b"isom\0\0\0\0");
        file.extend(b(b"free", b""));
        let list = top(&file).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name(), "ftyp");
        assert_eq!(list[0].payload(&file), b"isom\0\0\0\0");
        assert_eq!(list[1].range, 16..24);
    }

    #[test]
    fn sixty_four_bit_sizes_are_read() {
        let mut file = 1u32.to_be_bytes().to_vec();
        file.extend_from_slice(b"mdat");
        file.extend_from_slice(&20u64.to_be_bytes());
        file.extend_from_slice(b"abcd");
        let list = top(&file).unwrap();
        assert_eq!(list[0].payload(&file), b"abcd");
        // A 64-bit size larger than the file is refused, not trusted.
        file[8..16].copy_from_slice(&u64::MAX.to_be_bytes());
        assert!(matches!(top(&file), Err(BoxError::Overruns { .. })));
        // A 64-bit size smaller than its own header.
        file[8..16].copy_from_slice(&3u64.to_be_bytes());
        assert!(matches!(top(&file), Err(BoxError::BadSize { .. })));
        // Cut inside the 64-bit size.
        assert!(matches!(top(&file[..12]), Err(BoxError::Truncated { .. })));
    }

    #[test]
    fn size_zero_runs_to_the_end_of_the_parent() {
        let mut file = b(b"ftyp", b"isom");
        file.extend_from_slice(&0u32.to_be_bytes());
        file.extend_from_slice(b"mdat");
        file.extend_from_slice(&[7; 10]);
        let list = top(&file).unwrap();
        assert_eq!(list[1].range, 12..file.len());
    }

    #[test]
    fn messages_never_quote_a_box_type() {
        let mut file = b(b"Khan", &[1; 8]);
        file[3] = 200;
        let message = top(&file).unwrap_err().to_string();
        assert!(!message.contains("Khan"), "{message}");
        file[3] = 3;
        assert!(!top(&file).unwrap_err().to_string().contains("Khan"));
    }

    #[test]
    fn hostile_sizes_are_errors_not_panics() {
        // Sizes 2..=7 are smaller than a header.
        for size in 2u32..8 {
            let mut file = size.to_be_bytes().to_vec();
            file.extend_from_slice(b"moov");
            file.extend_from_slice(&[0; 8]);
            assert!(matches!(top(&file), Err(BoxError::BadSize { .. })), "size {size}");
        }
        // Larger than what is left.
        let mut file = b(b"moov", &[1; 8]);
        file[3] = 200;
        assert!(matches!(top(&file), Err(BoxError::Overruns { .. })));
        // Truncated header (non-zero tail shorter than 8 bytes).
        let mut file = b(b"free", b"");
        file.extend_from_slice(&[0, 0, 1]);
        assert!(matches!(top(&file), Err(BoxError::Truncated { .. })));
        // A uuid box too short for its user type.
        let file = b(b"uuid", &[0; 4]);
        assert!(matches!(top(&file), Err(BoxError::Truncated { .. })));
        // Every prefix of a real structure either parses or errs.
        let mut nested = b(b"moov", &b(b"udta", &b(b"\xA9xyz", b"\0\x10\x15\xc7+51.5-000.1/")));
        nested.extend(b(b"mdat", &[9; 30]));
        for cut in 0..nested.len() {
            let _ = top(&nested[..cut]);
        }
    }

    #[test]
    fn zero_terminator_and_padding_end_the_list() {
        let mut udta = b(b"\xA9day", b"\0\x042026");
        udta.extend_from_slice(&[0, 0, 0, 0]);
        assert_eq!(top(&udta).unwrap().len(), 1);
        let mut padded = b(b"free", b"");
        padded.extend_from_slice(&[0; 64]);
        assert_eq!(top(&padded).unwrap().len(), 1);
    }

    #[test]
    fn depth_and_count_are_bounded() {
        assert_eq!(children(b"", 0..0, MAX_DEPTH + 1, "x", &mut Budget::default()), Err(BoxError::TooDeep));
        let many: Vec<u8> = (0..MAX_BOXES + 1).flat_map(|_| b(b"free", b"")).collect();
        assert_eq!(top(&many), Err(BoxError::TooMany));
    }
}
