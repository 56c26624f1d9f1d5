//! Removing the people from a published document's metadata, leaving
//! what a reader sees untouched.
//!
//! - Word, PowerPoint, Excel: `docProps/core.xml` author and last editor
//!   and `docProps/app.xml` Company and Manager are emptied; reviewers'
//!   names on comments and tracked changes become "Author", "Author 2"…
//!   (one stand-in per person, so a thread still reads as a conversation;
//!   initials become "A", account ids are emptied); photos inside are
//!   cleaned by the photo stripper. Every change is a splice of the
//!   original XML at positions the parser reported, so every other byte of
//!   every part is kept, and untouched parts are copied still compressed.
//! - PDF: the Info dictionary's personal keys (Author and any custom key
//!   such as Company) and every XMP metadata stream are removed, photos are
//!   cleaned, and the whole file is rewritten (never an incremental update,
//!   whose earlier revisions would still hold the old properties).
//!
//! The guarantee is checked, not assumed: the visible text
//! ([`super::visible_text`]) of the result must equal the original's, and
//! a rewritten XML part must parse. Where rewriting is not safe (an
//! encrypted or signed PDF, a damaged file, a part over the size bounds)
//! the file is left as it is and the reason returned, for the build's
//! `document-metadata/not-stripped` warning.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::properties::PropertyKind;
use super::properties::{
    self, DocumentFormat, NS_W, PDF_INFO_DESCRIPTIVE, Parts, REVISION_ELEMENTS, is_media_photo, ooxml_property,
};

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stripped {
    /// Cleaned copy to publish.
    Cleaned(Vec<u8>),
    /// Nothing personal to remove: publish the original bytes.
    Unchanged,
    /// Not a document this module rewrites (not PDF/DOCX/PPTX/XLSX).
    NotADocument,
    /// Rewriting is not safe; publish as it is and warn. Plain English.
    NotSafe(String),
}

/// Removes personal metadata from a PDF, DOCX, PPTX or XLSX.
pub fn strip(bytes: &[u8]) -> Stripped {
    let Some(format) = properties::sniff(bytes) else { return Stripped::NotADocument };
    let Some(meta) = properties::read(bytes) else {
        return Stripped::NotSafe("the file could not be read".into());
    };
    if meta.encrypted {
        // Its properties cannot even be read reliably: never "nothing to remove".
        return Stripped::NotSafe(ENCRYPTED.into());
    }
    if meta.is_clean() && !has_personal_property(&meta) {
        return Stripped::Unchanged;
    }
    let kind =
        if format == DocumentFormat::Pdf { crate::site::AssetKind::Pdf } else { crate::site::AssetKind::Document };
    let result = catch_unwind(AssertUnwindSafe(|| match format {
        DocumentFormat::Pdf => strip_pdf(bytes),
        _ => strip_ooxml(bytes),
    }))
    .unwrap_or_else(|_| Err("the file is damaged in a way that stopped it being rewritten".into()));
    match result {
        Ok(out) if out == bytes => Stripped::Unchanged,
        Ok(out) => {
            // The promise: what a reader sees is the same.
            if super::visible_text(bytes, kind) != super::visible_text(&out, kind) {
                return Stripped::NotSafe("rewriting it would have changed its visible text".into());
            }
            Stripped::Cleaned(out)
        }
        Err(why) => Stripped::NotSafe(why),
    }
}

const ENCRYPTED: &str = "the PDF is encrypted (password-protected), so it cannot be changed without breaking it";

fn has_personal_property(meta: &properties::DocumentMetadata) -> bool {
    meta.properties.iter().any(|p| p.kind != PropertyKind::Descriptive)
}

// ---------------------------------------------------------------- PDF

fn strip_pdf(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(16 * 1024 * 1024), ..lopdf::LoadOptions::default() };
    let mut doc =
        lopdf::Document::load_mem_with_options(bytes, options).map_err(|_| "the PDF could not be read".to_string())?;
    if doc.was_encrypted() || doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(ENCRYPTED.into());
    }
    if properties::pdf_is_signed(&doc) {
        return Err("the PDF is digitally signed, and any change would invalidate the signature".into());
    }
    let mut changed = false;
    // Info dictionary: keep only the descriptive keys.
    if let Ok(info) = doc.trailer.get(b"Info").cloned() {
        let dict = match info {
            lopdf::Object::Reference(id) => doc.get_object_mut(id).ok().and_then(|o| o.as_dict_mut().ok()),
            _ => doc.trailer.get_mut(b"Info").ok().and_then(|o| o.as_dict_mut().ok()),
        };
        if let Some(dict) = dict {
            let personal: Vec<Vec<u8>> =
                dict.iter().map(|(k, _)| k.clone()).filter(|k| !PDF_INFO_DESCRIPTIVE.contains(&k.as_slice())).collect();
            for key in personal {
                dict.remove(&key);
                changed = true;
            }
        }
    }
    // XMP streams: removed, and every /Metadata pointing at one.
    let xmp_ids: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Metadata")
                    || s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"XML")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in &xmp_ids {
        doc.objects.remove(id);
        changed = true;
    }
    for object in doc.objects.values_mut() {
        let dict = match object {
            lopdf::Object::Dictionary(d) => d,
            lopdf::Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        if dict.remove(b"Metadata").is_some() {
            changed = true;
        }
    }
    // Review annotations: the reviewer's name becomes "Author", "Author 2"…
    // as in Office files; the note itself is visible content and stays.
    let mut reviewers = Reviewers::default();
    for object in doc.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = object else { continue };
        let review = dict
            .get(b"Subtype")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| properties::PDF_REVIEW_ANNOTATIONS.contains(&n));
        let Some(author) = dict.get(b"T").ok().filter(|_| review) else { continue };
        let name = lopdf::decode_text_string(author).unwrap_or_default();
        let stand_in = reviewers.stand_in(name.trim());
        if name.trim() != stand_in {
            dict.set("T", lopdf::Object::string_literal(stand_in));
            changed = true;
        }
    }
    // Photos: JPEG streams cleaned losslessly (same pixels, no metadata).
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        let is_jpeg = stream.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image")
            && stream.filters().is_ok_and(|f| f.len() == 1 && f[0] == b"DCTDecode");
        if !is_jpeg {
            continue;
        }
        let has_personal = crate::metadata::read_metadata(&stream.content)
            .is_ok_and(|m| m.has_personal_data() || !m.text.is_empty() || !m.personal.authors.is_empty());
        if has_personal && let Ok(clean) = crate::metadata::strip_personal(&stream.content) {
            stream.set_content(clean);
            changed = true;
        }
    }
    if !changed {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|_| "the cleaned PDF could not be written".to_string())?;
    Ok(out)
}

// ---------------------------------------------------------------- OOXML

/// Stand-ins for reviewers' names: the first person met is "Author", the
/// next "Author 2", and so on, the same in every part.
#[derive(Default)]
struct Reviewers(HashMap<String, String>);

impl Reviewers {
    fn stand_in(&mut self, name: &str) -> String {
        let n = self.0.len() + 1;
        self.0
            .entry(name.to_string())
            .or_insert_with(|| if n == 1 { "Author".into() } else { format!("Author {n}") })
            .clone()
    }
}

/// Which parts are rewritten.
fn rewritten(name: &str) -> bool {
    name == "docProps/core.xml"
        || name == "docProps/app.xml"
        || name == "word/comments.xml"
        || name == "word/people.xml"
        || name == "ppt/commentAuthors.xml"
        || name == "ppt/authors.xml"
        || (name.starts_with("xl/comments") && name.ends_with(".xml"))
        || (name.starts_with("xl/persons/") && name.ends_with(".xml"))
        || (name.starts_with("word/") && name.ends_with(".xml") && !name.starts_with("word/_rels"))
        || is_media_photo(name)
}

fn strip_ooxml(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut parts = Parts::open(bytes).ok_or("the file could not be opened")?;
    let mut reader = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "the file could not be opened")?;
    let mut reviewers = Reviewers::default();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let write_err = |_| "the cleaned file could not be written".to_string();
    for i in 0..reader.len() {
        let name = reader
            .by_index_raw(i)
            .map_err(|_| "a part of the file is damaged")?
            .name()
            .map_err(|_| "a part's name is damaged")?
            .to_string();
        let replacement = if !rewritten(&name) {
            None
        } else if is_media_photo(&name) {
            let photo =
                parts.bytes(&name, 32 * 1024 * 1024).ok_or(format!("the photo {name} is too large or damaged"))?;
            crate::metadata::strip_personal(&photo).ok().filter(|clean| *clean != photo)
        } else {
            let xml = parts.xml(&name).ok_or(format!("the part {name} is too large or not text"))?;
            let cleaned = clean_part(&name, &xml, &mut reviewers)?;
            (cleaned != xml).then(|| cleaned.into_bytes())
        };
        match replacement {
            Some(new) => {
                out.start_file(name.as_str(), deflate).map_err(write_err)?;
                out.write_all(&new).map_err(|_| "the cleaned file could not be written".to_string())?;
            }
            None => {
                let file = reader.by_index_raw(i).map_err(|_| "a part of the file is damaged")?;
                out.raw_copy_file(file).map_err(write_err)?;
            }
        }
    }
    Ok(out.finish().map_err(write_err)?.into_inner())
}

/// Rewrites one XML part by splicing new values in at the ranges the
/// parser gives: nothing else of the part changes. The result must parse.
fn clean_part(name: &str, xml: &str, reviewers: &mut Reviewers) -> Result<String, String> {
    let options = || roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 4_000_000, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(xml, options())
        .map_err(|_| format!("the part {name} is not valid XML"))?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name();
        // Properties: personal ones emptied.
        if name.starts_with("docProps/")
            && let Some((_, kind)) = ooxml_property(tag.namespace(), tag.name())
            && kind != PropertyKind::Descriptive
        {
            for text in node.descendants().filter(|n| n.is_text()) {
                edits.push((text.range(), String::new()));
            }
            continue;
        }
        for attr in node.attributes() {
            let replacement = match (attr.namespace(), attr.name(), tag.name()) {
                // Word comments, tracked changes, people.xml.
                (Some(NS_W), "author", t) if t == "comment" || REVISION_ELEMENTS.contains(&t) => {
                    Some(reviewers.stand_in(attr.value()))
                }
                (Some(NS_W), "initials", "comment") => Some("A".to_string()),
                (_, "author", "person") if name == "word/people.xml" => Some(reviewers.stand_in(attr.value())),
                (_, "userId", "presenceInfo") => Some(String::new()),
                // PowerPoint comment authors.
                (None, "name", "cmAuthor" | "author") if name.starts_with("ppt/") => {
                    Some(reviewers.stand_in(attr.value()))
                }
                (None, "initials", "cmAuthor" | "author") if name.starts_with("ppt/") => Some("A".to_string()),
                (None, "userId", "author" | "person") => Some(String::new()),
                // Excel threaded-comment persons.
                (None, "displayName", "person") if name.starts_with("xl/persons/") => {
                    Some(reviewers.stand_in(attr.value()))
                }
                _ => None,
            };
            if let Some(new) = replacement.filter(|new| new != attr.value()) {
                edits.push((attr.range_value(), new));
            }
        }
        // Excel notes: <authors><author>Name</author></authors>.
        if name.starts_with("xl/comments")
            && tag.name() == "author"
            && let Some(text) = node.first_child().filter(|c| c.is_text())
            && let Some(value) = text.text()
        {
            edits.push((text.range(), reviewers.stand_in(value)));
        }
    }
    if edits.is_empty() {
        return Ok(xml.to_string());
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(xml.len());
    let mut pos = 0;
    for (range, new) in edits {
        if range.start < pos {
            return Err(format!("the part {name} could not be rewritten safely"));
        }
        out.push_str(&xml[pos..range.start]);
        out.push_str(&escape_xml(&new));
        pos = range.end;
    }
    out.push_str(&xml[pos..]);
    roxmltree::Document::parse_with_options(&out, options())
        .map_err(|_| format!("the part {name} could not be rewritten safely"))?;
    Ok(out)
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::properties::tests::zip_of;
    use crate::site::AssetKind;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx() -> Vec<u8> {
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body><w:p><w:r><w:t>Year 4 trip to the coast.</w:t></w:r><w:ins w:id="1" w:author="Sam Cole" w:date="2026-11-02T10:00:00Z"><w:r><w:t> Packed lunch needed.</w:t></w:r></w:ins></w:p></w:body></w:document>"#
        );
        let comments = format!(
            r#"<w:comments {W}><w:comment w:id="0" w:author="Harry Patel" w:initials="HP"><w:p><w:r><w:t>Can I come?</w:t></w:r></w:p></w:comment><w:comment w:id="1" w:author="Sam Cole" w:initials="SC"><w:p><w:r><w:t>Yes &amp; welcome</w:t></w:r></w:p></w:comment></w:comments>"#
        );
        let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Trip letter</dc:title><dc:creator>Jane Hughes</dc:creator><cp:lastModifiedBy>Sam Cole</cp:lastModifiedBy></cp:coreProperties>"#;
        let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Hollybrook</Company><Manager>Tom Reed</Manager><Pages>1</Pages></Properties>"#;
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", body.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
            ("docProps/app.xml", app.as_bytes()),
        ])
    }

    #[test]
    fn docx_loses_its_people_and_keeps_its_text() {
        let original = docx();
        let Stripped::Cleaned(clean) = strip(&original) else { panic!("not cleaned") };
        assert_eq!(visible_text(&original), visible_text(&clean));
        assert!(
            visible_text(&clean)
                .as_deref()
                .is_some_and(|t| t.contains("Packed lunch needed.") && t.contains("Yes & welcome"))
        );
        let meta = properties::read(&clean).expect("readable");
        let props: Vec<(&str, &str)> = meta.properties.iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
        assert_eq!(props, [("Title", "Trip letter")]);
        let authors: Vec<&str> = meta.comments.iter().chain(&meta.revisions).map(|c| c.author.as_str()).collect();
        // Sam Cole is met first (the tracked change in the body), then Harry.
        assert_eq!(authors, ["Author 2", "Author", "Author"]);
        for name in ["Harry Patel", "Jane Hughes", "Sam Cole", "Tom Reed", "Hollybrook", "HP", "SC"] {
            assert!(!unzipped_contains(&clean, name), "{name} still in the file");
        }
        // Idempotent: a cleaned file needs nothing more.
        assert_eq!(strip(&clean), Stripped::Unchanged);
    }

    fn visible_text(bytes: &[u8]) -> Option<String> {
        crate::documents::visible_text(bytes, AssetKind::Document)
    }

    fn unzipped_contains(bytes: &[u8], needle: &str) -> bool {
        let mut parts = Parts::open(bytes).expect("zip");
        parts.names().iter().any(|n| {
            parts.xml(n).is_some_and(|x| x.contains(&format!(">{needle}<")) || x.contains(&format!("\"{needle}\"")))
        })
    }

    #[test]
    fn a_docx_with_nothing_personal_is_left_byte_for_byte() {
        let body = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>Menu</w:t></w:r></w:p></w:body></w:document>"#);
        let docx = zip_of(&[("word/document.xml", body.as_bytes())]);
        assert_eq!(strip(&docx), Stripped::Unchanged);
        assert_eq!(strip(b"plain text"), Stripped::NotADocument);
    }

    #[test]
    fn pdf_loses_author_custom_keys_and_xmp_and_keeps_its_text() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Jane Hughes</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let pdf = crate::documents::tests::pdf_with_catalog_extra(
            "BT /F1 12 Tf 72 720 Td (Spring newsletter) Tj 0 -14 Td (Well done Year 4) Tj ET",
            "/Metadata 7 0 R",
            "/Info 6 0 R",
            "<< /Title (Spring newsletter) /Author (Jane Hughes) /Company (Hollybrook) /Producer (Word) >>",
            &format!("<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream", xmp.len()),
        );
        let Stripped::Cleaned(clean) = strip(&pdf) else { panic!("not cleaned") };
        assert_eq!(
            crate::documents::visible_text(&pdf, AssetKind::Pdf),
            crate::documents::visible_text(&clean, AssetKind::Pdf)
        );
        assert_eq!(
            crate::documents::visible_text(&clean, AssetKind::Pdf).as_deref(),
            Some("Spring newsletter\nWell done Year 4")
        );
        let meta = properties::read(&clean).expect("readable");
        let props: Vec<(&str, &str)> = meta.properties.iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
        assert_eq!(props, [("Title", "Spring newsletter"), ("Producer", "Word")]);
        assert!(!clean.windows(11).any(|w| w == b"Jane Hughes"));
        assert!(!clean.windows(10).any(|w| w == b"Hollybrook"));
    }

    #[test]
    fn pdf_review_notes_lose_their_authors_and_keep_their_words() {
        let pdf = crate::documents::tests::pdf_with_page_objects(
            "BT /F1 12 Tf 72 720 Td (Sports day letter) Tj ET",
            "/Annots [6 0 R 7 0 R 8 0 R]",
            &[
                "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (Jane Hughes) /Contents (Check the date) >>",
                "<< /Type /Annot /Subtype /Highlight /Rect [72 700 200 730] /T (Tom Reed) >>",
                "<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [72 600 300 620] /T (Pupil name) >>",
            ],
        );
        let clean = match strip(&pdf) {
            Stripped::Cleaned(clean) => clean,
            other => panic!("not cleaned: {other:?}"),
        };
        let meta = properties::read(&clean).expect("readable");
        let authors: Vec<&str> = meta.comments.iter().map(|c| c.author.as_str()).collect();
        assert_eq!(authors, ["Author", "Author 2"]);
        assert!(!clean.windows(11).any(|w| w == b"Jane Hughes") && !clean.windows(8).any(|w| w == b"Tom Reed"));
        assert!(clean.windows(14).any(|w| w == b"Check the date"), "the note's words stay");
        assert!(clean.windows(10).any(|w| w == b"Pupil name"), "a form field keeps its name");
    }

    #[test]
    fn encrypted_and_signed_pdfs_are_left_with_a_reason() {
        let signed = crate::documents::tests::pdf_with_catalog_extra(
            "BT /F1 12 Tf 72 720 Td (Signed) Tj ET",
            "/AcroForm << /SigFlags 3 /Fields [] >>",
            "/Info 6 0 R",
            "<< /Author (Jane Hughes) >>",
            "<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 10 20 30] /Contents <00> >>",
        );
        let Stripped::NotSafe(why) = strip(&signed) else { panic!("signed PDF rewritten") };
        assert!(why.contains("signed"), "{why}");
        let encrypted = crate::documents::tests::pdf_with_catalog_extra(
            "BT /F1 12 Tf 72 720 Td (Secret) Tj ET",
            "",
            "/Info 6 0 R /Encrypt 7 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
            "<< /Author (Jane Hughes) >>",
            "<< /Filter /Standard /V 1 /R 2 /O <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> /U <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> /P -4 >>",
        );
        match strip(&encrypted) {
            Stripped::NotSafe(_) => {}
            other => panic!("encrypted PDF: {other:?}"),
        }
    }

    #[test]
    fn damaged_documents_are_never_a_panic() {
        let good = docx();
        for cut in (0..good.len()).step_by(97) {
            let _ = strip(&good[..cut]);
        }
        let mut bad = good.clone();
        for i in (30..bad.len()).step_by(53) {
            bad[i] ^= 0x55;
        }
        let _ = strip(&bad);
    }
}
