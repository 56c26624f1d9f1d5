//! Synthetic movies built box by box: every layout the reader meets in
//! real files (QuickTime `udta` text, Apple keys, iTunes items, XMP in a
//! `uuid` box and in `udta/XMP_`), and hostile ones.

use super::*;

pub(crate) fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut v = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(payload);
    v
}

fn qt_string(text: &str) -> Vec<u8> {
    let mut v = (text.len() as u16).to_be_bytes().to_vec();
    v.extend_from_slice(&[0x15, 0xC7]);
    v.extend_from_slice(text.as_bytes());
    v
}

fn data(text: &str) -> Vec<u8> {
    let mut v = vec![0, 0, 0, 1, 0, 0, 0, 0];
    v.extend_from_slice(text.as_bytes());
    bx(b"data", &v)
}

fn apple_meta(items: &[(&str, &str)]) -> Vec<u8> {
    let mut keys = vec![0, 0, 0, 0];
    keys.extend_from_slice(&(items.len() as u32).to_be_bytes());
    let mut ilst = Vec::new();
    for (i, (k, v)) in items.iter().enumerate() {
        keys.extend_from_slice(&((k.len() + 8) as u32).to_be_bytes());
        keys.extend_from_slice(b"mdta");
        keys.extend_from_slice(k.as_bytes());
        ilst.extend(bx(&(i as u32 + 1).to_be_bytes(), &data(v)));
    }
    let mut hdlr = vec![0; 8];
    hdlr.extend_from_slice(b"mdta");
    hdlr.extend_from_slice(&[0; 13]);
    let mut meta = bx(b"hdlr", &hdlr);
    meta.extend(bx(b"keys", &keys));
    meta.extend(bx(b"ilst", &ilst));
    bx(b"meta", &meta)
}

/// ffmpeg's own `udta/meta/ilst/©too` (a full `meta` box).
fn itunes_encoder(stamp: &str) -> Vec<u8> {
    let mut hdlr = vec![0; 8];
    hdlr.extend_from_slice(b"mdir");
    hdlr.extend_from_slice(b"appl");
    hdlr.extend_from_slice(&[0; 9]);
    let mut meta = vec![0, 0, 0, 0];
    meta.extend(bx(b"hdlr", &hdlr));
    meta.extend(bx(b"ilst", &bx(b"\xA9too", &data(stamp))));
    bx(b"meta", &meta)
}

const XMP: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" aux:SerialNumber="C39XK1234">
<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Aisha Khan</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
</rdf:Description></rdf:RDF></x:xmpmeta>"#;

fn xmp_uuid() -> Vec<u8> {
    let mut p = XMP_UUID.to_vec();
    p.extend_from_slice(XMP.as_bytes());
    bx(b"uuid", &p)
}

fn movie(moov_extra: &[u8], after: &[u8]) -> Vec<u8> {
    let mut file = bx(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41");
    let mdat_payload = [0x5Au8; 64];
    let mut moov = bx(b"mvhd", &[0; 100]);
    moov.extend(bx(b"trak", &bx(b"tkhd", &[0; 84])));
    moov.extend_from_slice(moov_extra);
    file.extend(bx(b"moov", &moov));
    file.extend(bx(b"mdat", &mdat_payload));
    file.extend_from_slice(after);
    file
}

fn phone_video() -> Vec<u8> {
    let mut udta = bx(b"\xA9xyz", &qt_string("+51.5007-000.1246+010.000/"));
    udta.extend(bx(b"\xA9mak", &qt_string("Apple")));
    udta.extend(bx(b"\xA9mod", &qt_string("iPhone 13")));
    udta.extend(bx(b"SNum", &qt_string("C39XK1234")));
    udta.extend(bx(b"\xA9day", &qt_string("2026-06-26T10:00:00+0100")));
    udta.extend(bx(b"XMP_", XMP.as_bytes()));
    udta.extend(itunes_encoder("Lavf59.27.100"));
    let mut extra = bx(b"udta", &udta);
    extra.extend(apple_meta(&[
        ("com.apple.quicktime.location.ISO6709", "+51.5007-000.1246/"),
        ("com.apple.quicktime.make", "Apple"),
        ("com.apple.quicktime.model", "iPhone 13"),
        ("com.apple.quicktime.software", "17.1"),
        ("com.apple.quicktime.creationdate", "2026-06-26T10:00:00+0100"),
    ]));
    movie(&extra, &xmp_uuid())
}

#[test]
fn every_personal_field_is_read() {
    let facts = read(&phone_video()).unwrap();
    assert_eq!(facts.location.as_deref(), Some("+51.5007-000.1246+010.000/"));
    assert!(facts.metadata.personal.gps);
    assert_eq!(facts.make.as_deref(), Some("Apple"));
    assert_eq!(facts.model.as_deref(), Some("iPhone 13"));
    assert_eq!(facts.software.as_deref(), Some("17.1"));
    assert_eq!(facts.metadata.personal.camera_serial.as_deref(), Some("C39XK1234"));
    assert_eq!(facts.created.as_deref(), Some("2026-06-26T10:00:00+0100"));
    assert_eq!(facts.encoder.as_deref(), Some("Lavf59.27.100"));
    let tags: Vec<&str> = facts.metadata.person_tags().map(|t| t.value.as_str()).collect();
    assert_eq!(tags, ["Aisha Khan"]);
    let paths: Vec<&str> = facts.personal_boxes.iter().map(|b| b.path.as_str()).collect();
    assert!(paths.contains(&"moov/udta/©xyz") && paths.contains(&"moov/meta") && paths.contains(&"uuid"), "{paths:?}");
    assert!(!paths.contains(&"moov/udta/meta"), "the encoder stamp alone is kept: {paths:?}");
}

#[test]
fn stripping_keeps_size_media_and_offsets_and_leaves_nothing_personal() {
    let before = phone_video();
    let after = strip(&before).unwrap();
    assert_eq!(after.len(), before.len());
    let facts = read(&after).unwrap();
    assert!(!facts.has_personal_data(), "{facts:?}");
    assert_eq!(facts.created.as_deref(), Some("2026-06-26T10:00:00+0100"), "harmless date kept");
    assert_eq!(facts.encoder.as_deref(), Some("Lavf59.27.100"));
    // The media data and everything before the movie header are untouched.
    let mdat = before.windows(4).position(|w| w == b"mdat").unwrap();
    assert_eq!(before[mdat..mdat + 68], after[mdat..mdat + 68]);
    assert_eq!(before[..40], after[..40]);
    // No trace of the values, anywhere in the bytes.
    for needle in [&b"Aisha"[..], b"C39XK", b"+51.5007", b"iPhone", b"xmpmeta"] {
        assert!(!after.windows(needle.len()).any(|w| w == needle), "{}", String::from_utf8_lossy(needle));
    }
    // Stripping a clean file changes nothing.
    assert_eq!(strip(&after).unwrap(), after);
}

#[test]
fn sixty_four_bit_personal_boxes_are_neutralised_too() {
    let mut big = 1u32.to_be_bytes().to_vec();
    big.extend_from_slice(b"uuid");
    let mut payload = XMP_UUID.to_vec();
    payload.extend_from_slice(XMP.as_bytes());
    big.extend_from_slice(&((payload.len() + 16) as u64).to_be_bytes());
    big.extend_from_slice(&payload);
    let before = movie(&[], &big);
    assert_eq!(read(&before).unwrap().metadata.person_tags().count(), 1);
    let after = strip(&before).unwrap();
    assert!(!read(&after).unwrap().has_personal_data());
    let at = before.len() - big.len();
    assert_eq!(&after[at..at + 16], &[&[0, 0, 0, 1][..], b"free", &big[8..16]].concat()[..]);
}

#[test]
fn a_plain_encoder_output_has_nothing_personal() {
    let mut udta = itunes_encoder("Lavf58.76.100");
    udta.extend(bx(b"\xA9day", &qt_string("2026-10-02")));
    let clean = movie(&bx(b"udta", &udta), &[]);
    let facts = read(&clean).unwrap();
    assert!(!facts.has_personal_data(), "{facts:?}");
    assert_eq!(strip(&clean).unwrap(), clean);
}

#[test]
fn captions_and_authors_are_read_as_for_photos() {
    let mut udta = bx(b"\xA9nam", &qt_string("Aisha Khan's first goal"));
    udta.extend(bx(b"\xA9ART", &qt_string("Mr Brown")));
    let facts = read(&movie(&bx(b"udta", &udta), &[])).unwrap();
    assert_eq!(facts.metadata.text[0].value, "Aisha Khan's first goal");
    assert_eq!(facts.metadata.personal.authors, ["Mr Brown"]);
}

#[test]
fn unknown_user_data_is_removed_without_being_reported() {
    let udta = bx(b"Xtra", b"\0\0\0\x20WM/Author and anything else");
    let v = movie(&bx(b"udta", &udta), &[]);
    let facts = read(&v).unwrap();
    assert_eq!(facts.personal_boxes.len(), 1);
    assert!(!facts.metadata.has_personal_data());
    assert!(read(&strip(&v).unwrap()).unwrap().personal_boxes.is_empty());
}

#[test]
fn sony_xml_serials_are_read() {
    let xml =
        br#"<NonRealTimeMeta><Device manufacturer="Sony" modelName="ILCE-7M3" serialNo="4321987"/></NonRealTimeMeta>"#;
    let mut meta = vec![0, 0, 0, 0];
    meta.extend(bx(b"hdlr", &[0; 24]));
    meta.extend(bx(b"xml ", xml));
    let v = movie(&bx(b"meta", &meta), &[]);
    let facts = read(&v).unwrap();
    assert_eq!(facts.metadata.personal.camera_serial.as_deref(), Some("4321987"));
    assert!(!read(&strip(&v).unwrap()).unwrap().has_personal_data());
}

#[test]
fn position_tracks_are_refused() {
    let mut stsd = vec![0, 0, 0, 0, 0, 0, 0, 1];
    stsd.extend(bx(b"gpmd", &[0; 8]));
    let mdia = bx(b"mdia", &bx(b"minf", &bx(b"stbl", &bx(b"stsd", &stsd))));
    let v = movie(&bx(b"trak", &mdia), &[]);
    assert_eq!(read(&v), Err(VideoError::LocationTrack("GoPro GPS (gpmd)")));
    assert!(strip(&v).is_err());
}

#[test]
fn hostile_structures_are_errors() {
    assert_eq!(read(&bx(b"ftyp", b"isom")), Err(VideoError::NoMovie));
    let mut v = phone_video();
    // Truncated anywhere: an error or a reading, never a panic.
    for cut in (0..v.len()).step_by(7) {
        let _ = read(&v[..cut]);
        let _ = strip(&v[..cut]);
    }
    // A udta child claiming more than its parent holds.
    let at = v.windows(4).position(|w| w == b"\xA9xyz").unwrap() - 4;
    v[at..at + 4].copy_from_slice(&5000u32.to_be_bytes());
    assert!(matches!(read(&v), Err(VideoError::Damaged(BoxError::Overruns { .. }))));
    // Size 1 with a 64-bit size of 0 (smaller than the header).
    v[at..at + 4].copy_from_slice(&1u32.to_be_bytes());
    assert!(read(&v).is_err());
    // Nested too deep: udta inside meta inside udta … beyond the limit.
    let mut deep = bx(b"\xA9xyz", &qt_string("+1+1/"));
    for _ in 0..40 {
        deep = bx(b"udta", &bx(b"meta", &[&[0, 0, 0, 0][..], &bx(b"udta", &deep)].concat()));
    }
    assert!(read(&movie(&deep, &[])).is_ok(), "udta inside meta is not walked again");
    let mut trak = bx(b"tkhd", &[0; 8]);
    for _ in 0..40 {
        trak = bx(b"mdia", &bx(b"minf", &bx(b"stbl", &trak)));
    }
    let _ = read(&movie(&bx(b"trak", &trak), &[]));
    // A compressed movie header cannot be read.
    assert_eq!(read(&movie(&bx(b"cmov", &[0; 12]), &[])), Err(VideoError::Compressed));
    // Damaged XMP is an error (consent cannot be checked), not silence.
    let mut bad = XMP_UUID.to_vec();
    bad.extend_from_slice(b"<x:xmpmeta><rdf:RDF");
    assert!(matches!(read(&movie(&[], &bx(b"uuid", &bad))), Err(VideoError::Xmp(_))));
}

#[test]
fn videos_are_told_from_heic_and_avif() {
    assert!(is_video(&phone_video()));
    assert!(is_video(&bx(b"ftyp", b"qt  \0\0\0\0qt  ")));
    assert!(!is_video(&bx(b"ftyp", b"heic\0\0\0\0mif1")));
    assert!(!is_video(&bx(b"ftyp", b"avif")));
    assert!(!is_video(b"\xFF\xD8\xFF\xE0"));
}
