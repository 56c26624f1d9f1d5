//! Camera serial numbers and owner names inside EXIF maker notes.
//!
//! Cameras write their body serial number into their own private block, the
//! `MakerNote` (EXIF tag 0x927C), long before (or instead of) the standard
//! `BodySerialNumber`. kamadak-exif hands the maker note over as opaque
//! bytes, so this module walks it: every maker-note layout below is a TIFF
//! IFD behind a maker-specific header, with offsets counted from a
//! maker-specific base. Layouts and tag numbers follow ExifTool
//! (`MakerNotes.pm`, `Nikon.pm`, `Canon.pm`, `Sony.pm`, `FujiFilm.pm`,
//! `Panasonic.pm`, `Olympus.pm`).
//!
//! The input is untrusted: every read is bounds-checked with `get`, entry
//! counts and string lengths are capped, and sub-IFDs are followed to a
//! fixed depth, so a crafted maker note can neither panic nor loop.

/// IFDs longer than this are not maker notes a camera wrote.
const MAX_ENTRIES: usize = 512;
/// Serial numbers and owner names are short; longer values are cut.
const MAX_STRING: usize = 64;

/// Byte order of one IFD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Little,
    Big,
}

impl Order {
    fn swapped(self) -> Order {
        match self {
            Order::Little => Order::Big,
            Order::Big => Order::Little,
        }
    }

    fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let p: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Order::Little => u16::from_le_bytes(p),
            Order::Big => u16::from_be_bytes(p),
        })
    }

    fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let p: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Order::Little => u32::from_le_bytes(p),
            Order::Big => u32::from_be_bytes(p),
        })
    }

    /// The order a TIFF header (`II*\0` / `MM\0*`) announces.
    fn of_header(b: &[u8]) -> Option<Order> {
        match b.get(..2)? {
            b"II" => Some(Order::Little),
            b"MM" => Some(Order::Big),
            _ => None,
        }
    }
}

/// One IFD entry: tag, type, count, and where its value lies.
#[derive(Debug, Clone, Copy)]
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    /// Offset of the 4-byte value/offset field in the buffer.
    field_at: usize,
}

/// An IFD inside `buf`: where it starts, its byte order, and the position
/// in `buf` its offsets are counted from.
#[derive(Debug, Clone, Copy)]
struct Ifd<'a> {
    buf: &'a [u8],
    at: usize,
    base: usize,
    order: Order,
}

impl<'a> Ifd<'a> {
    fn entries(&self) -> Vec<Entry> {
        let Some(n) = self.order.u16(self.buf, self.at).map(usize::from) else {
            return Vec::new();
        };
        (0..n.min(MAX_ENTRIES))
            .map_while(|i| {
                let e = self.at + 2 + i * 12;
                Some(Entry {
                    tag: self.order.u16(self.buf, e)?,
                    kind: self.order.u16(self.buf, e + 2)?,
                    count: self.order.u32(self.buf, e + 4)?,
                    field_at: e + 8,
                })
            })
            .collect()
    }

    /// True when the entry count is one a camera could have written and
    /// the whole table lies inside the buffer.
    fn plausible(&self) -> bool {
        self.order.u16(self.buf, self.at).is_some_and(|n| {
            let n = usize::from(n);
            (1..=MAX_ENTRIES).contains(&n) && self.at + 2 + n * 12 <= self.buf.len()
        })
    }

    /// The bytes of an entry's value (inline when they fit in 4 bytes).
    fn value(&self, e: &Entry) -> Option<&'a [u8]> {
        let size = match e.kind {
            1 | 2 | 6 | 7 => 1usize,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => return None,
        };
        let len = size.checked_mul(usize::try_from(e.count).ok()?)?;
        if len <= 4 {
            return self.buf.get(e.field_at..e.field_at + len);
        }
        let offset = usize::try_from(self.order.u32(self.buf, e.field_at)?).ok()?;
        let start = self.base.checked_add(offset)?;
        self.buf.get(start..start.checked_add(len)?)
    }

    fn find(&self, tag: u16) -> Option<Entry> {
        self.entries().into_iter().find(|e| e.tag == tag)
    }

    /// A text value: up to the first NUL, trailing spaces and the 0xFF
    /// padding some Canon bodies write removed, printable or nothing.
    fn text(&self, tag: u16) -> Option<String> {
        let e = self.find(tag)?;
        let raw = self.value(&e)?;
        let raw = raw.split(|&b| b == 0).next().unwrap_or_default();
        let raw = &raw[..raw.len().min(MAX_STRING)];
        let s: String = String::from_utf8_lossy(raw).trim_end_matches(['\u{FFFD}', ' ']).trim().to_string();
        let printable = !s.is_empty() && s.chars().all(|c| !c.is_control());
        printable.then_some(s)
    }

    /// An unsigned 32-bit value (type `long`, or `ifd` for pointers).
    fn long(&self, tag: u16) -> Option<u32> {
        let e = self.find(tag)?;
        (matches!(e.kind, 4 | 13) && e.count == 1).then(|| self.order.u32(self.buf, e.field_at)).flatten()
    }
}

/// What a maker note says about the camera's owner and body.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct MakerNoteFacts {
    pub serial: Option<String>,
    pub owner: Option<String>,
}

/// Read the serial number (and Canon's owner name) from the maker note of
/// a raw TIFF/EXIF structure. Returns nothing for unknown makers, missing
/// or damaged maker notes: this is a best-effort extra on top of the
/// standard fields, never a reason to call a photo unreadable.
pub(crate) fn read(tiff: &[u8]) -> MakerNoteFacts {
    let Some((order, make, note_at, note_len)) = locate(tiff) else {
        return MakerNoteFacts::default();
    };
    let Some(note) = tiff.get(note_at..note_at.saturating_add(note_len)) else {
        return MakerNoteFacts::default();
    };
    // An IFD at `at` (in `tiff`) with offsets from `base`, in the main
    // order unless its entry count only makes sense the other way round.
    let ifd = |at: usize, base: usize, order: Order| {
        let first = Ifd { buf: tiff, at, base, order };
        if first.plausible() { first } else { Ifd { order: order.swapped(), ..first } }
    };
    let mut facts = MakerNoteFacts::default();
    if note.starts_with(b"Nikon\0") {
        // Nikon type 3: "Nikon\0", version, then a TIFF header of its own;
        // offsets count from that header.
        let header = note_at + 10;
        let Some(inner) = tiff.get(header..).and_then(Order::of_header) else {
            return facts;
        };
        let Some(first) = inner.u32(tiff, header + 4).and_then(|o| usize::try_from(o).ok()) else {
            return facts;
        };
        let d = Ifd { buf: tiff, at: header.saturating_add(first), base: header, order: inner };
        facts.serial = d.text(0x001d).or_else(|| d.text(0x00a0));
    } else if note.starts_with(b"FUJIFILM") || note.starts_with(b"GENERALE") {
        // Always little-endian; the IFD offset follows the 8-byte name and
        // every offset counts from the start of the maker note.
        let Some(first) = Order::Little.u32(tiff, note_at + 8).and_then(|o| usize::try_from(o).ok()) else {
            return facts;
        };
        let d = Ifd { buf: tiff, at: note_at.saturating_add(first), base: note_at, order: Order::Little };
        facts.serial = d.text(0x0010);
    } else if note.starts_with(b"OLYMPUS\0") || note.starts_with(b"OM SYSTEM\0") {
        // New Olympus / OM System: name, "II"/"MM", version, then the IFD;
        // offsets count from the start of the maker note.
        let skip = if note.starts_with(b"OLYMPUS\0") { 8 } else { 12 };
        let Some(order) = tiff.get(note_at + skip..).and_then(Order::of_header) else {
            return facts;
        };
        let d = Ifd { buf: tiff, at: note_at + skip + 4, base: note_at, order };
        facts.serial = olympus_serial(&d);
    } else if note.starts_with(b"OLYMP\0") || note.starts_with(b"EPSON\0") {
        // Old Olympus: 8-byte header, offsets from the main TIFF header.
        let d = ifd(note_at + 8, 0, order);
        facts.serial = olympus_serial(&d);
    } else if note.starts_with(b"SONY DSC ") || note.starts_with(b"SONY CAM ") || note.starts_with(b"SONY MOBILE") {
        // 12-byte header, offsets from the main TIFF header.
        facts.serial = ifd(note_at + 12, 0, order).text(0x2031);
    } else if note.starts_with(b"Panasonic\0") {
        // 12-byte header, offsets from the main TIFF header.
        facts.serial = ifd(note_at + 12, 0, order).text(0x0025);
    } else if make.starts_with("Canon") {
        // No header: the IFD starts the maker note, offsets from the main
        // TIFF header. SerialNumber is a number ExifTool prints with ten
        // digits; InternalSerialNumber is text.
        let d = ifd(note_at, 0, order);
        facts.serial = d.long(0x000c).filter(|&n| n != 0).map(|n| format!("{n:010}")).or_else(|| d.text(0x0096));
        facts.owner = d.text(0x0009);
    }
    facts
}

/// Olympus keeps the serial in the Equipment sub-IFD (0x2010, tag 0x0101)
/// on newer bodies and in the main IFD (0x0404 or 0x101a) on older ones.
/// The Equipment IFD is either embedded as the tag's value (type
/// `undefined`) or pointed at (type `long` / `ifd`), offsets from the same
/// base as the main IFD.
fn olympus_serial(main: &Ifd<'_>) -> Option<String> {
    let equipment = main.find(0x2010).and_then(|e| {
        // Either way the 4-byte field holds an offset from the base: of the
        // embedded value (undefined) or of the IFD pointed at (long / ifd).
        if !(e.kind == 7 || (matches!(e.kind, 4 | 13) && e.count == 1)) {
            return None;
        }
        let offset = usize::try_from(main.order.u32(main.buf, e.field_at)?).ok()?;
        let at = main.base.checked_add(offset)?;
        Some(Ifd { at, ..*main })
    });
    equipment
        .and_then(|d| d.text(0x0101).or_else(|| d.text(0x0102)))
        .or_else(|| main.text(0x0404))
        .or_else(|| main.text(0x101a))
}

/// Walk IFD0 → Exif IFD → MakerNote: the TIFF byte order, the camera make
/// (Canon's maker note has no header of its own), and where the maker note
/// lies in `tiff`.
fn locate(tiff: &[u8]) -> Option<(Order, String, usize, usize)> {
    let order = Order::of_header(tiff)?;
    if order.u16(tiff, 2)? != 42 {
        return None;
    }
    let ifd0 = Ifd { buf: tiff, at: usize::try_from(order.u32(tiff, 4)?).ok()?, base: 0, order };
    let make = ifd0
        .find(0x010f)
        .and_then(|e| ifd0.value(&e))
        .map(|v| String::from_utf8_lossy(v.split(|&b| b == 0).next().unwrap_or_default()).trim().to_string())
        .unwrap_or_default();
    let exif_at = usize::try_from(ifd0.long(0x8769)?).ok()?;
    let exif = Ifd { at: exif_at, ..ifd0 };
    let note = exif.find(0x927c)?;
    let len = usize::try_from(note.count).ok()?;
    let at = if len <= 4 { note.field_at } else { usize::try_from(order.u32(tiff, note.field_at)?).ok()? };
    tiff.get(at..at.checked_add(len)?)?;
    Some((order, make, at, len))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A TIFF (little-endian) with IFD0 {Make, ExifIFD}, Exif IFD
    /// {MakerNote}, and the maker note built by `note(at)` from the offset
    /// it will be written at, as a camera lays it out.
    pub(crate) fn tiff_with_note(make: &str, note: impl Fn(usize) -> Vec<u8>) -> Vec<u8> {
        let mut make_bytes = make.as_bytes().to_vec();
        make_bytes.push(0);
        // Layout: header 8 | IFD0 (2 entries) 30 | make | Exif IFD (1 entry) 18 | note
        let ifd0_at = 8;
        let make_at = ifd0_at + 2 + 2 * 12 + 4;
        let exif_at = make_at + make_bytes.len() + (make_bytes.len() & 1);
        let note_at = exif_at + 2 + 12 + 4;
        let note = note(note_at);
        let mut t = b"II*\0".to_vec();
        t.extend(8u32.to_le_bytes());
        t.extend(2u16.to_le_bytes());
        t.extend(entry(0x010f, 2, make_bytes.len() as u32, make_at as u32));
        t.extend(entry(0x8769, 4, 1, exif_at as u32));
        t.extend(0u32.to_le_bytes());
        t.extend(&make_bytes);
        if make_bytes.len() & 1 == 1 {
            t.push(0);
        }
        t.extend(1u16.to_le_bytes());
        t.extend(entry(0x927c, 7, note.len() as u32, note_at as u32));
        t.extend(0u32.to_le_bytes());
        t.extend(note);
        t
    }

    fn entry(tag: u16, kind: u16, count: u32, value: u32) -> Vec<u8> {
        let mut e = tag.to_le_bytes().to_vec();
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    }

    /// A one-entry ASCII IFD at `ifd_at` whose string follows it, offsets
    /// from `base` (both positions in the final buffer).
    fn ascii_ifd(tag: u16, s: &str, ifd_at: usize, base: usize) -> Vec<u8> {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        let data_at = ifd_at + 2 + 12 + 4;
        let mut v = 1u16.to_le_bytes().to_vec();
        v.extend(entry(tag, 2, bytes.len() as u32, (data_at - base) as u32));
        v.extend(0u32.to_le_bytes());
        v.extend(bytes);
        v
    }

    #[test]
    fn sony_serial_offsets_from_the_main_header() {
        let tiff = tiff_with_note("SONY", |at| {
            let mut n = b"SONY DSC \0\0\0".to_vec();
            n.extend(ascii_ifd(0x2031, "04031502", at + 12, 0));
            n
        });
        assert_eq!(read(&tiff).serial.as_deref(), Some("04031502"));
    }

    #[test]
    fn fujifilm_serial_offsets_from_the_note() {
        let tiff = tiff_with_note("FUJIFILM", |_| {
            let mut n = b"FUJIFILM".to_vec();
            n.extend(12u32.to_le_bytes());
            n.extend(ascii_ifd(0x0010, "FFDT22713574     593331343134", 12, 0));
            n
        });
        assert_eq!(read(&tiff).serial.as_deref(), Some("FFDT22713574     593331343134"));
    }

    #[test]
    fn canon_numeric_serial_and_owner() {
        let tiff = tiff_with_note("Canon", |at| {
            let owner = b"Mrs J Hughes\0";
            let data_at = at + 2 + 2 * 12 + 4;
            let mut n = 2u16.to_le_bytes().to_vec();
            n.extend(entry(0x0009, 2, owner.len() as u32, data_at as u32));
            n.extend(entry(0x000c, 4, 1, 1_234_567));
            n.extend(0u32.to_le_bytes());
            n.extend(owner);
            n
        });
        let facts = read(&tiff);
        assert_eq!(facts.serial.as_deref(), Some("0001234567"));
        assert_eq!(facts.owner.as_deref(), Some("Mrs J Hughes"));
    }

    #[test]
    fn no_maker_note_or_unknown_maker_gives_nothing() {
        let tiff = tiff_with_note("Acme", |_| b"ACME\0\0\0\0\0\0\0\0".to_vec());
        assert_eq!(read(&tiff), MakerNoteFacts::default());
        assert_eq!(read(b"II*\0\x08\0\0\0"), MakerNoteFacts::default());
        assert_eq!(read(b""), MakerNoteFacts::default());
    }

    #[test]
    fn hostile_maker_notes_never_panic() {
        // Offsets past the end, huge counts, truncated tables: every
        // truncation and byte flip of a real layout is read without panic.
        let good = tiff_with_note("NIKON CORPORATION", |_| {
            let mut n = b"Nikon\0\x02\x10\0\0".to_vec();
            n.extend(b"II*\0\x08\0\0\0");
            n.extend(ascii_ifd(0x001d, "6012345", 8, 0));
            n
        });
        assert_eq!(read(&good).serial.as_deref(), Some("6012345"));
        for cut in 0..good.len() {
            let _ = read(&good[..cut]);
        }
        for i in 0..good.len() {
            for b in [0x00, 0xFF, 0x7F] {
                let mut bad = good.clone();
                bad[i] = b;
                let _ = read(&bad);
            }
        }
    }
}
