//! EXIF fields that matter for safeguarding, read with kamadak-exif from a
//! raw TIFF structure (the container parser has already found it).

use exif::{Context, Field, In, Tag, Value};

use super::{ImageMetadata, MetadataError, TagSource};

/// Windows Explorer fields (IFD0, UTF-16LE bytes). kamadak-exif has no
/// names for them, so they are built from their numbers.
const XP_TITLE: Tag = Tag(Context::Tiff, 0x9c9b);
const XP_COMMENT: Tag = Tag(Context::Tiff, 0x9c9c);
const XP_AUTHOR: Tag = Tag(Context::Tiff, 0x9c9d);
const XP_KEYWORDS: Tag = Tag(Context::Tiff, 0x9c9e);
const XP_SUBJECT: Tag = Tag(Context::Tiff, 0x9c9f);

pub(crate) fn read_into(tiff: &[u8], meta: &mut ImageMetadata) -> Result<(), MetadataError> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader.read_raw(tiff.to_vec()) {
        Ok(exif) => exif,
        // Keep what could be read from a slightly broken block: a partly
        // readable GPS position must still be reported.
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(e) => return Err(MetadataError::CorruptExif(e.to_string())),
    };
    for field in exif.fields() {
        read_field(field, meta);
    }
    // The standard BodySerialNumber wins; a maker note's serial fills in
    // when the camera wrote only its own block (most do).
    let note = super::makernote::read(tiff);
    if meta.personal.camera_serial.is_none() {
        meta.personal.camera_serial = note.serial;
    }
    if meta.personal.camera_owner.is_none() {
        meta.personal.camera_owner = note.owner;
    }
    Ok(())
}

fn read_field(field: &Field, meta: &mut ImageMetadata) {
    match field.tag {
        Tag::Orientation if field.ifd_num == In::PRIMARY => {
            if let Some(o) = field.value.get_uint(0).and_then(|o| u16::try_from(o).ok()) {
                meta.orientation = Some(o);
            }
        }
        Tag::GPSLatitude | Tag::GPSLongitude => meta.personal.gps = true,
        Tag::BodySerialNumber => {
            if let Some(s) = ascii(&field.value).filter(|s| !s.is_empty()) {
                meta.personal.camera_serial = Some(s);
            }
        }
        Tag::CameraOwnerName => {
            if let Some(s) = ascii(&field.value).filter(|s| !s.is_empty()) {
                meta.personal.camera_owner = Some(s);
            }
        }
        Tag::Artist => {
            if let Some(s) = ascii(&field.value) {
                meta.push_author(&s);
            }
        }
        Tag::ImageDescription => {
            if let Some(s) = ascii(&field.value) {
                meta.push_text("EXIF ImageDescription", &s);
            }
        }
        Tag::UserComment => {
            if let Value::Undefined(bytes, _) = &field.value {
                meta.push_text("EXIF UserComment", &user_comment(bytes));
            }
        }
        XP_KEYWORDS => {
            for keyword in utf16le(&field.value).split(';') {
                meta.push_tag(keyword, TagSource::ExifXpKeywords, false);
            }
        }
        XP_AUTHOR => {
            for author in utf16le(&field.value).split(';') {
                meta.push_author(author);
            }
        }
        XP_TITLE => meta.push_text("EXIF XPTitle", &utf16le(&field.value)),
        XP_COMMENT => meta.push_text("EXIF XPComment", &utf16le(&field.value)),
        XP_SUBJECT => meta.push_text("EXIF XPSubject", &utf16le(&field.value)),
        _ => {}
    }
}

/// EXIF "ASCII" fields are UTF-8 in practice (Windows, digiKam).
fn ascii(value: &Value) -> Option<String> {
    match value {
        Value::Ascii(parts) => {
            Some(parts.iter().map(|p| String::from_utf8_lossy(p).into_owned()).collect::<Vec<_>>().join(" "))
        }
        _ => None,
    }
}

/// The XP* tags are UTF-16LE whatever the TIFF byte order, NUL-terminated.
fn utf16le(value: &Value) -> String {
    let bytes: &[u8] = match value {
        Value::Byte(b) => b,
        Value::Undefined(b, _) => b,
        _ => return String::new(),
    };
    let units: Vec<u16> =
        bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

/// UserComment starts with an 8-byte charset name. UNICODE is UCS-2 in the
/// file's byte order, which is not known here: guess from where the zero
/// bytes fall (names and captions are mostly Latin script).
fn user_comment(bytes: &[u8]) -> String {
    let (head, body) = bytes.split_at(bytes.len().min(8));
    match head {
        b"UNICODE\0" => {
            let even_zeros = body.iter().step_by(2).filter(|&&b| b == 0).count();
            let odd_zeros = body.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
            let units: Vec<u16> = body
                .chunks_exact(2)
                .map(|p| {
                    if even_zeros > odd_zeros {
                        u16::from_be_bytes([p[0], p[1]])
                    } else {
                        u16::from_le_bytes([p[0], p[1]])
                    }
                })
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xp_keywords_are_utf16le_and_semicolon_separated() {
        let text = "Zoë O'Neill;sports day\0";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(utf16le(&Value::Byte(bytes)), "Zoë O'Neill;sports day");
    }

    #[test]
    fn user_comment_charsets() {
        let mut ascii = b"ASCII\0\0\0".to_vec();
        ascii.extend_from_slice(b"Relay race");
        assert_eq!(user_comment(&ascii), "Relay race");
        let mut be = b"UNICODE\0".to_vec();
        be.extend("Aisha".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(user_comment(&be), "Aisha");
        let mut le = b"UNICODE\0".to_vec();
        le.extend("Aisha".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(user_comment(&le), "Aisha");
    }

    #[test]
    fn garbage_exif_is_a_typed_error() {
        let mut meta = ImageMetadata::default();
        let err = read_into(b"not a tiff at all", &mut meta);
        assert!(matches!(err, Err(MetadataError::CorruptExif(_))));
    }
}
