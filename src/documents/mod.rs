//! Text of linked documents (PDF, DOCX), so the audit reads them like pages.
//!
//! Schools publish much of their statutory information, and many newsletters
//! that name pupils, as PDFs and Word files. The name and statutory checks can
//! only see what is extracted here.
//!
//! Documents come from anywhere (a folder export, a live site), so both
//! readers treat their input as hostile: the file size, the page count, the
//! decompressed size of every stream and the amount of text kept are all
//! bounded, and the PDF reader runs under [`std::panic::catch_unwind`] because
//! a PDF parser can panic on a crafted file. A document that cannot be read
//! yields `None`, never a crash.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::site::AssetKind;

pub mod properties;
pub mod strip;

/// Larger files are not read at all (a school document is rarely over 10 MB).
const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Only the first pages of a very long PDF are read.
const MAX_PDF_PAGES: u32 = 500;
/// Bound on the decompressed content of one PDF page or one stream.
const MAX_DECOMPRESSED: usize = 16 * 1024 * 1024;
/// Bound on one XML part of a DOCX once unzipped (guards against zip bombs).
const MAX_DOCX_PART: u64 = 32 * 1024 * 1024;
/// Bound on all the XML parts of one DOCX together, once unzipped.
const MAX_DOCX_UNPACKED: u64 = 64 * 1024 * 1024;
/// Bound on the text kept per document, in bytes.
const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Extracts the readable text of a document, or `None` when the file is not
/// a readable PDF or DOCX or has no text layer (a scanned PDF).
///
/// `kind` says what the file name claims; the bytes are checked too, so a
/// `.doc` (old binary Word) or `.xlsx` yields `None` rather than garbage.
pub fn extract_text(bytes: &[u8], kind: AssetKind) -> Option<String> {
    extract(bytes, kind, Reading::ForChecks)
}

/// The text a reader sees: as [`extract_text`] without the document
/// properties and reviewers' names. Cleaning a document's metadata
/// ([`strip`]) must leave this unchanged, and is checked against it.
pub fn visible_text(bytes: &[u8], kind: AssetKind) -> Option<String> {
    extract(bytes, kind, Reading::Visible)
}

/// Whether properties and comment authors are part of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    ForChecks,
    Visible,
}

fn extract(bytes: &[u8], kind: AssetKind, reading: Reading) -> Option<String> {
    if bytes.len() > MAX_INPUT_BYTES {
        return None;
    }
    let text = match kind {
        AssetKind::Pdf => pdf_text(bytes, reading)?,
        AssetKind::Document => docx_text(bytes, reading)?,
        AssetKind::Image | AssetKind::Video | AssetKind::Other => return None,
    };
    let text = tidy(&text);
    (!text.is_empty()).then_some(text)
}

/// Reads a PDF's text layer page by page. Runs under `catch_unwind`: a panic
/// inside the PDF parser on a malformed file becomes `None`.
fn pdf_text(bytes: &[u8], reading: Reading) -> Option<String> {
    if !bytes.starts_with(b"%PDF") && !bytes[..bytes.len().min(1024)].windows(4).any(|w| w == b"%PDF") {
        return None;
    }
    catch_unwind(AssertUnwindSafe(|| pdf_text_inner(bytes, reading))).ok().flatten()
}

fn pdf_text_inner(bytes: &[u8], reading: Reading) -> Option<String> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_DECOMPRESSED), ..lopdf::LoadOptions::default() };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).ok()?;
    let mut out = String::new();
    if reading == Reading::ForChecks {
        info_text(&doc, &mut out);
    }
    for (&number, &page_id) in doc.get_pages().iter() {
        if number > MAX_PDF_PAGES || out.len() > MAX_TEXT_BYTES {
            break;
        }
        // A page that cannot be read is skipped; the others still count.
        let _ = page_text(&doc, page_id, &mut out);
        out.push('\n');
        annotation_text(&doc, page_id, reading, &mut out);
    }
    Some(out)
}

/// Document properties anyone sees in a PDF reader's "Properties" box:
/// Word copies the file's title and author there ("Harry Patel's report").
const PDF_INFO_KEYS: &[&[u8]] = &[b"Title", b"Author", b"Subject", b"Keywords", b"Creator"];

/// Appends the Info dictionary's text fields, one per line.
fn info_text(doc: &lopdf::Document, out: &mut String) {
    let Ok(info) = doc.trailer.get(b"Info") else { return };
    let Ok((_, info)) = doc.dereference(info) else { return };
    let Ok(dict) = info.as_dict() else { return };
    for key in PDF_INFO_KEYS {
        if let Ok(value) = dict.get(key).and_then(|v| doc.dereference(v))
            && let Ok(text) = lopdf::decode_text_string(value.1)
        {
            out.push_str(&text);
            out.push('\n');
        }
    }
}

/// Appends the text of a page's annotations: comments, sticky notes and
/// form-field values (`Contents`, `T` author, `V` value, `TU` tooltip).
/// A reviewer's name (`T` of a note) is metadata the build replaces, not
/// what the note says: it is read for the checks, not as visible text.
fn annotation_text(doc: &lopdf::Document, page_id: lopdf::ObjectId, reading: Reading, out: &mut String) {
    let Ok(annotations) = doc.get_page_annotations(page_id) else { return };
    for annot in annotations {
        let review = annot
            .get(b"Subtype")
            .and_then(|t| t.as_name())
            .is_ok_and(|n| properties::PDF_REVIEW_ANNOTATIONS.contains(&n));
        for key in [&b"Contents"[..], b"T", b"V", b"TU", b"Subj"] {
            if key == b"T" && review && reading == Reading::Visible {
                continue;
            }
            if let Ok(value) = annot.get(key).and_then(|v| doc.dereference(v))
                && let Ok(text) = lopdf::decode_text_string(value.1)
            {
                out.push_str(&text);
                out.push('\n');
            }
        }
        if out.len() > MAX_TEXT_BYTES {
            return;
        }
    }
}

/// Appends one page's text. Unlike lopdf's own `extract_text`, text moves
/// (`Td`, `TD`, `Tm`) become spaces or line breaks, so words placed one by
/// one ("Harry" then "Patel") do not run together into "HarryPatel".
fn page_text(doc: &lopdf::Document, page_id: lopdf::ObjectId, out: &mut String) -> Option<()> {
    use lopdf::Object;
    use lopdf::content::Content;

    let fonts = doc.get_page_fonts(page_id).ok()?;
    let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding<'_>> = fonts
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding_with_limit(doc, MAX_DECOMPRESSED).ok().map(|e| (name, e)))
        .collect();
    let data = doc.get_page_content_with_limit(page_id, MAX_DECOMPRESSED).ok()?;
    let content = Content::decode(&data).ok()?;

    let mut encoding = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                encoding = op.operands.first().and_then(|o| o.as_name().ok()).and_then(|n| encodings.get(n));
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    out.push('\n');
                }
                let Some(enc) = encoding else { continue };
                let operands = if op.operator == "\"" { op.operands.get(2..).unwrap_or(&[]) } else { &op.operands[..] };
                for operand in operands {
                    match operand {
                        Object::String(s, _) => push_decoded(enc, s, out),
                        Object::Array(items) => {
                            for item in items {
                                match item {
                                    Object::String(s, _) => push_decoded(enc, s, out),
                                    // A large negative kern is a word gap.
                                    Object::Integer(i) if *i < -150 => out.push(' '),
                                    Object::Real(r) if *r < -150.0 => out.push(' '),
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "Td" | "TD" => {
                let dy = op.operands.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                out.push(if dy.abs() > 0.01 { '\n' } else { ' ' });
            }
            "Tm" => out.push(' '),
            "T*" | "ET" => out.push('\n'),
            _ => {}
        }
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Some(())
}

fn push_decoded(encoding: &lopdf::Encoding<'_>, bytes: &[u8], out: &mut String) {
    if let Ok(s) = lopdf::Document::decode_text(encoding, bytes) {
        out.push_str(&s);
    }
}

/// Word parts whose text a reader sees: the body, headers, footers, notes
/// and review comments (a pupil's name in a newsletter footer or a left-over
/// comment is still published), and the document's properties
/// (`docProps/core.xml`: title, subject, author, keywords).
fn is_docx_text_part(name: &str) -> bool {
    name == "word/document.xml"
        || name == "word/footnotes.xml"
        || name == "word/endnotes.xml"
        || name == "word/comments.xml"
        || name == "docProps/core.xml"
        || (name.starts_with("word/header") || name.starts_with("word/footer")) && name.ends_with(".xml")
}

/// Reads a DOCX (a zip of XML parts) and returns the text of its parts.
fn docx_text(bytes: &[u8], reading: Reading) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // word/document.xml first, so the body leads; then the others in a stable order.
    let mut names: Vec<String> =
        archive.file_names().filter_map(Result::ok).filter(|n| is_docx_text_part(n)).map(|n| n.into_owned()).collect();
    if !names.iter().any(|n| n == "word/document.xml") {
        return None; // not a Word file (xlsx, pptx, odt…)
    }
    names.sort_by_key(|n| (n != "word/document.xml", n.clone()));
    let mut out = String::new();
    // One budget for the whole document: a DOCX with a thousand header
    // parts must not unpack a thousand times the per-part bound.
    let mut budget = MAX_DOCX_UNPACKED;
    for name in names {
        let Ok(file) = archive.by_name(&name) else {
            continue;
        };
        let mut xml = String::new();
        let read = file.take(MAX_DOCX_PART.min(budget)).read_to_string(&mut xml);
        budget = budget.saturating_sub(xml.len() as u64);
        if budget == 0 {
            break;
        }
        if read.is_err() {
            continue;
        }
        if name == "docProps/core.xml" {
            if reading == Reading::ForChecks {
                properties_text(&xml, &mut out);
            }
        } else {
            word_xml_text(&xml, reading, &mut out);
        }
        out.push('\n');
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Some(out)
}

/// WordprocessingML namespace: elements are matched by namespace, not by the
/// `w:` prefix, which a writer may choose differently.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Appends the text of one WordprocessingML part: `w:t` runs, with tabs,
/// breaks and paragraph ends turned into whitespace. roxmltree refuses DTDs
/// by default, so entity-expansion bombs are rejected.
fn word_xml_text(xml: &str, reading: Reading, out: &mut String) {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return;
    };
    for node in doc.descendants() {
        if node.tag_name().namespace() != Some(W_NS) {
            continue;
        }
        match node.tag_name().name() {
            "t" => out.push_str(node.text().unwrap_or("")),
            // A review comment's author is shown beside it.
            "comment" => {
                out.push('\n');
                if let Some(author) = node.attribute((W_NS, "author")).filter(|_| reading == Reading::ForChecks) {
                    out.push_str(author);
                    out.push('\n');
                }
            }
            "tab" => out.push('\t'),
            "br" | "cr" => out.push('\n'),
            // Paragraph: the break goes before its text, so consecutive
            // paragraphs never join into one word.
            "p" => out.push('\n'),
            _ => {}
        }
    }
}

/// Appends every text value of the core properties part (title, subject,
/// creator, keywords, description, last modified by), one per line.
fn properties_text(xml: &str, out: &mut String) {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return;
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(t) = node.text().map(str::trim).filter(|t| !t.is_empty()) {
            out.push_str(t);
            out.push('\n');
        }
    }
}

/// Trims each line, drops blank lines, and collapses runs of spaces.
fn tidy(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !collapsed.is_empty() {
            lines.push(collapsed);
        }
    }
    let mut s = lines.join("\n");
    if s.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// Builds a small valid PDF by hand with correct xref offsets: one page,
    /// Helvetica, the given content stream.
    fn pdf_with_content(content: &str) -> Vec<u8> {
        pdf_from(content, "", "")
    }

    /// As [`pdf_with_content`], with extra entries in the page dictionary
    /// and the trailer, and an object 6 for them to point at.
    pub(crate) fn pdf_from(content: &str, page_extra: &str, trailer_extra: &str) -> Vec<u8> {
        pdf_objects(content, page_extra, trailer_extra, "<< /Producer (test) >>")
    }

    pub(crate) fn pdf_objects(content: &str, page_extra: &str, trailer_extra: &str, sixth: &str) -> Vec<u8> {
        pdf_general(content, "", page_extra, trailer_extra, &[sixth])
    }

    /// As [`pdf_objects`], with extra catalog entries and objects 6 and 7.
    pub(crate) fn pdf_with_catalog_extra(
        content: &str,
        catalog_extra: &str,
        trailer_extra: &str,
        sixth: &str,
        seventh: &str,
    ) -> Vec<u8> {
        pdf_general(content, catalog_extra, "", trailer_extra, &[sixth, seventh])
    }

    /// A one-page PDF whose page dictionary has `page_extra` (`/Annots […]`)
    /// and objects 6, 7… `extra`.
    pub(crate) fn pdf_with_page_objects(content: &str, page_extra: &str, extra: &[&str]) -> Vec<u8> {
        pdf_general(content, "", page_extra, "", extra)
    }

    fn pdf_general(
        content: &str,
        catalog_extra: &str,
        page_extra: &str,
        trailer_extra: &str,
        extra: &[&str],
    ) -> Vec<u8> {
        let mut objects = vec![
            format!("<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>"),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R {page_extra} >>"
            ),
            format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), content),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        objects.extend(extra.iter().map(|o| o.to_string()));
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, body).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for off in offsets {
            pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    fn docx_with(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in parts {
                zip.start_file(*name, opts).expect("start");
                zip.write_all(body.as_bytes()).expect("write");
            }
            zip.finish().expect("finish");
        }
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn reads_pdf_text_and_keeps_positioned_words_apart() {
        let pdf = pdf_with_content(
            "BT /F1 12 Tf 72 720 Td (Spring newsletter) Tj 0 -14 Td (Well done) Tj 60 0 Td (Harry) Tj 40 0 Td (Patel) Tj ET",
        );
        let text = extract_text(&pdf, AssetKind::Pdf).expect("text layer");
        assert_eq!(text, "Spring newsletter\nWell done Harry Patel");
    }

    #[test]
    fn reads_tj_arrays_with_kerning_gaps() {
        let pdf = pdf_with_content("BT /F1 12 Tf 72 720 Td [(Sports) -250 (day) 20 (s)] TJ ET");
        assert_eq!(extract_text(&pdf, AssetKind::Pdf).as_deref(), Some("Sports days"));
    }

    #[test]
    fn reads_pdf_properties_and_annotations() {
        let pdf = pdf_objects(
            "BT /F1 12 Tf 72 720 Td (Newsletter) Tj ET",
            "",
            "/Info 6 0 R",
            "<< /Title (Report for Harry Patel) /Author (Mrs Hughes) >>",
        );
        let text = extract_text(&pdf, AssetKind::Pdf).expect("text");
        assert!(text.contains("Report for Harry Patel") && text.contains("Mrs Hughes"), "{text}");
        let pdf = pdf_objects(
            "BT /F1 12 Tf 72 720 Td (Newsletter) Tj ET",
            "/Annots [6 0 R]",
            "",
            "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (Check with Amelia Jones' mum) >>",
        );
        let text = extract_text(&pdf, AssetKind::Pdf).expect("text");
        assert!(text.contains("Amelia Jones"), "{text}");
    }

    #[test]
    fn reads_docx_comments_and_properties() {
        let body = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>Trip</w:t></w:r></w:p></w:body></w:document>"#);
        let comments = format!(
            r#"<w:comments {W}><w:comment w:id="0" w:author="Office"><w:p><w:r><w:t>Is Harry Patel allowed?</w:t></w:r></w:p></w:comment></w:comments>"#
        );
        let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Amelia Jones award</dc:title></cp:coreProperties>"#;
        let docx =
            docx_with(&[("word/document.xml", &body), ("word/comments.xml", &comments), ("docProps/core.xml", core)]);
        let text = extract_text(&docx, AssetKind::Document).expect("docx text");
        assert!(text.contains("Is Harry Patel allowed?"), "{text}");
        assert!(text.contains("Amelia Jones award"), "{text}");
    }

    #[test]
    fn pdf_without_text_layer_is_none() {
        let pdf = pdf_with_content("0 0 1 rg 10 10 100 100 re f");
        assert_eq!(extract_text(&pdf, AssetKind::Pdf), None);
    }

    #[test]
    fn malformed_pdfs_never_panic() {
        let good = pdf_with_content("BT /F1 12 Tf (Hello) Tj ET");
        let mut inputs: Vec<Vec<u8>> = vec![
            b"%PDF-1.7\n".to_vec(),
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>".to_vec(),
            b"not a pdf at all".to_vec(),
            Vec::new(),
        ];
        // Every truncation of a valid file, and a few corrupted bytes.
        for cut in (0..good.len()).step_by(7) {
            inputs.push(good[..cut].to_vec());
        }
        for i in (0..good.len()).step_by(11) {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            inputs.push(bad);
        }
        for input in inputs {
            let _ = extract_text(&input, AssetKind::Pdf);
        }
    }

    #[test]
    fn reads_docx_body_and_footer_in_order() {
        let body = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:r><w:t>Year 4 trip</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Thanks to </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Amelia</w:t></w:r><w:r><w:tab/><w:t>Jones</w:t></w:r></w:p>
</w:body></w:document>"#
        );
        let footer = format!(r#"<w:ftr {W}><w:p><w:r><w:t>Oakfield Primary</w:t></w:r></w:p></w:ftr>"#);
        let docx = docx_with(&[
            ("[Content_Types].xml", "<Types/>"),
            ("word/footer1.xml", &footer),
            ("word/document.xml", &body),
        ]);
        let text = extract_text(&docx, AssetKind::Document).expect("docx text");
        assert_eq!(text, "Year 4 trip\nThanks to Amelia Jones\nOakfield Primary");
    }

    #[test]
    fn other_office_files_and_junk_are_none() {
        let xlsx = docx_with(&[("xl/workbook.xml", "<workbook/>")]);
        assert_eq!(extract_text(&xlsx, AssetKind::Document), None);
        assert_eq!(extract_text(b"\xd0\xcf\x11\xe0 old binary doc", AssetKind::Document), None);
        assert_eq!(extract_text(b"PK\x03\x04 truncated", AssetKind::Document), None);
        let pdf = pdf_with_content("BT /F1 12 Tf (Hello) Tj ET");
        assert_eq!(extract_text(&pdf, AssetKind::Image), None);
    }

    #[test]
    fn docx_with_dtd_entity_bomb_is_refused() {
        let bomb = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#
        );
        let docx = docx_with(&[("word/document.xml", &bomb)]);
        assert_eq!(extract_text(&docx, AssetKind::Document), None);
    }
}
