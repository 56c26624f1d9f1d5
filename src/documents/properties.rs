//! Who wrote, edited and commented on a published document, and what it
//! hides: the personal metadata of PDF, Word, PowerPoint and Excel files.
//!
//! A Word file saved from a school laptop carries its author's and last
//! editor's names, the school's "Company", every reviewer's comment with
//! their name, tracked changes with their names, and photos that still hold
//! their GPS position and people tags. A spreadsheet can hide whole sheets
//! and rows of pupils' names. None of this shows on the page, all of it is
//! published with the file. This module reads it so the audit
//! (`document-metadata/*`) can report it and the build can remove it
//! ([`super::strip`]).
//!
//! Like the text reader, everything here treats its input as hostile: the
//! file size, every unzipped part and the whole archive are bounded (zip
//! bombs), XML is parsed without DTDs (entity bombs) and with a node limit,
//! and the PDF parser runs under `catch_unwind`. A file that cannot be read
//! gives `None`, never a crash.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;

use crate::metadata::ImageMetadata;

/// Larger files are not read at all.
const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Bound on one XML part once unzipped.
const MAX_PART: u64 = 32 * 1024 * 1024;
/// Bound on everything unzipped from one file (XML and photos together).
const MAX_UNPACKED: u64 = 96 * 1024 * 1024;
/// Bound on one embedded photo.
const MAX_PHOTO: u64 = 32 * 1024 * 1024;
/// Entries of an archive looked at; a real document has a few dozen.
const MAX_ENTRIES: usize = 5_000;
/// Bound on a PDF's XMP stream and on one embedded JPEG, decompressed.
const MAX_PDF_STREAM: usize = 16 * 1024 * 1024;
/// XML nodes per part (a 30 MB sheet is about a million).
const MAX_NODES: u32 = 4_000_000;
/// Cells kept from hidden content (enough to show and to match names).
const MAX_HIDDEN_CELLS: usize = 2_000;

/// The document formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Pptx,
    Xlsx,
}

impl DocumentFormat {
    /// What a school calls it.
    pub fn describe(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Docx => "Word document",
            DocumentFormat::Pptx => "PowerPoint presentation",
            DocumentFormat::Xlsx => "Excel workbook",
        }
    }
}

/// What a document property says about who made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PropertyKind {
    /// Names a person: author, last modified by, manager, XMP creator.
    Person,
    /// Names an organisation: Company (usually the school).
    Organisation,
    /// Describes the document or the program: title, subject, keywords,
    /// creator tool, producer. Not personal in itself, but a pupil's name
    /// typed here is published.
    Descriptive,
}

/// One document property and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Property {
    /// The field as a school would find it: `Author`, `Last modified by`,
    /// `Company`, `XMP pdf:Author`.
    pub field: String,
    pub value: String,
    pub kind: PropertyKind,
}

/// A review comment or a tracked change, by whom and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contribution {
    /// The part of the file it is in (`word/comments.xml`).
    pub part: String,
    /// The name the reviewer's copy of Office wrote.
    pub author: String,
}

/// A hidden sheet, or hidden rows of a visible one, with the text in them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HiddenContent {
    /// `hidden sheet "Pupils"`, `3 hidden rows in sheet "Results"`.
    pub place: String,
    /// Text cells found there (bounded).
    pub cells: Vec<String>,
}

/// A photo stored inside the document, with what its own metadata says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmbeddedPhoto {
    /// `word/media/image1.jpeg`, or `PDF image object 12` for a PDF.
    pub part: String,
    pub metadata: ImageMetadata,
}

/// Everything personal read from one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentMetadata {
    pub format: DocumentFormat,
    /// Document properties (PDF Info dictionary and XMP; OOXML docProps).
    pub properties: Vec<Property>,
    /// Authors of review comments (Word comments, PowerPoint comment
    /// authors, Excel notes and threaded comments), one per comment.
    pub comments: Vec<Contribution>,
    /// Authors of tracked changes (`w:ins`, `w:del` and the other revision
    /// marks), one per change.
    pub revisions: Vec<Contribution>,
    /// Hidden sheets and hidden rows (Excel).
    pub hidden: Vec<HiddenContent>,
    /// Photos inside the document.
    pub photos: Vec<EmbeddedPhoto>,
    /// People tags, GPS and keywords in the document's own XMP packet (PDF).
    pub xmp: ImageMetadata,
    /// The PDF is encrypted: its metadata cannot be rewritten safely.
    pub encrypted: bool,
    /// The PDF carries a digital signature: any rewrite breaks it.
    pub signed: bool,
}

impl DocumentMetadata {
    /// Nothing read yet: the start of every reader, and of tests' documents.
    pub(crate) fn new(format: DocumentFormat) -> Self {
        Self {
            format,
            properties: Vec::new(),
            comments: Vec::new(),
            revisions: Vec::new(),
            hidden: Vec::new(),
            photos: Vec::new(),
            xmp: ImageMetadata::default(),
            encrypted: false,
            signed: false,
        }
    }

    fn push_property(&mut self, field: impl Into<String>, value: &str, kind: PropertyKind) {
        let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if value.is_empty() {
            return;
        }
        let p = Property { field: field.into(), value: value.to_string(), kind };
        if !self.properties.contains(&p) {
            self.properties.push(p);
        }
    }

    /// True when nothing personal was found (nothing to strip or report).
    pub fn is_clean(&self) -> bool {
        self.properties.iter().all(|p| p.kind == PropertyKind::Descriptive)
            && self.comments.is_empty()
            && self.revisions.is_empty()
            && self.hidden.is_empty()
            && self.photos.iter().all(|p| !p.metadata.has_personal_data())
            && !self.xmp.has_personal_data()
    }
}

/// The format of a document by its bytes: `%PDF` near the start, or a zip
/// holding the main part of a Word, PowerPoint or Excel file.
pub fn sniff(bytes: &[u8]) -> Option<DocumentFormat> {
    if bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Some(DocumentFormat::Pdf);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        Some(DocumentFormat::Docx)
    } else if has("ppt/presentation.xml") {
        Some(DocumentFormat::Pptx)
    } else if has("xl/workbook.xml") {
        Some(DocumentFormat::Xlsx)
    } else {
        None
    }
}

/// Reads the personal metadata of a PDF, DOCX, PPTX or XLSX, or `None`
/// when the bytes are none of these or cannot be read.
pub fn read(bytes: &[u8]) -> Option<DocumentMetadata> {
    if bytes.len() > MAX_INPUT_BYTES {
        return None;
    }
    match sniff(bytes)? {
        DocumentFormat::Pdf => catch_unwind(AssertUnwindSafe(|| read_pdf(bytes))).ok().flatten(),
        format => catch_unwind(AssertUnwindSafe(|| read_ooxml(bytes, format))).ok().flatten(),
    }
}

// ---------------------------------------------------------------- PDF

/// Info dictionary keys and what they are. Any other key is a custom
/// property (Office writes `Company`, `SourceModified`…) and counted as
/// personal: it is not shown anywhere and was added by a person's software.
pub(crate) const PDF_INFO_DESCRIPTIVE: &[&[u8]] =
    &[b"Title", b"Subject", b"Keywords", b"Creator", b"Producer", b"CreationDate", b"ModDate", b"Trapped"];

fn read_pdf(bytes: &[u8]) -> Option<DocumentMetadata> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_PDF_STREAM), ..lopdf::LoadOptions::default() };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).ok()?;
    let mut meta = DocumentMetadata::new(DocumentFormat::Pdf);
    meta.encrypted = doc.was_encrypted() || doc.is_encrypted() || doc.trailer.has(b"Encrypt");
    meta.signed = pdf_is_signed(&doc);
    if let Ok(info) = doc.trailer.get(b"Info").and_then(|o| doc.dereference(o))
        && let Ok(dict) = info.1.as_dict()
    {
        for (key, value) in dict.iter() {
            if matches!(key.as_slice(), b"CreationDate" | b"ModDate" | b"Trapped") {
                continue;
            }
            let Ok(value) = doc.dereference(value) else { continue };
            let Ok(text) = lopdf::decode_text_string(value.1) else { continue };
            let name = String::from_utf8_lossy(key).into_owned();
            let kind = match key.as_slice() {
                b"Author" => PropertyKind::Person,
                k if PDF_INFO_DESCRIPTIVE.contains(&k) => PropertyKind::Descriptive,
                b"Company" => PropertyKind::Organisation,
                _ => PropertyKind::Person,
            };
            meta.push_property(name, &text, kind);
        }
    }
    for (_, object) in doc.objects.iter() {
        if let Ok(dict) = object.as_dict()
            && let Some((subtype, author)) = pdf_annotation_author(&doc, dict)
        {
            meta.comments.push(Contribution { part: format!("a PDF {subtype} annotation"), author });
            continue;
        }
        let Ok(stream) = object.as_stream() else { continue };
        let dict = &stream.dict;
        let is_xmp = dict.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Metadata")
            || dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"XML");
        if is_xmp {
            if let Ok(packet) = stream_content(stream) {
                read_pdf_xmp(&packet, &mut meta);
            }
            continue;
        }
        let is_jpeg = dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image")
            && stream.filters().is_ok_and(|f| f.last().is_some_and(|l| *l == b"DCTDecode"));
        if is_jpeg
            && stream.content.len() <= MAX_PDF_STREAM
            && stream.filters().is_ok_and(|f| f.len() == 1)
            && let Ok(photo) = crate::metadata::read_metadata(&stream.content)
            && photo != ImageMetadata::default()
        {
            meta.photos.push(EmbeddedPhoto { part: "a photo in the PDF".to_string(), metadata: photo });
        }
    }
    Some(meta)
}

/// Annotation kinds a reviewer adds in Acrobat, Edge or Preview (sticky
/// notes, highlights, drawings): their `/T` is the reviewer's name. Form
/// fields (`Widget`) also have a `/T`, but it is the field's name ("Pupil
/// name"), and links and popups carry no author of their own.
pub(crate) const PDF_REVIEW_ANNOTATIONS: &[&[u8]] = &[
    b"Text",
    b"FreeText",
    b"Highlight",
    b"Underline",
    b"StrikeOut",
    b"Squiggly",
    b"Ink",
    b"Square",
    b"Circle",
    b"Line",
    b"Polygon",
    b"PolyLine",
    b"Stamp",
    b"Caret",
    b"FileAttachment",
    b"Sound",
];

/// The subtype and author of a review annotation (`/Subtype /Text /T
/// (Jane Hughes)`), if `dict` is one with an author.
pub(crate) fn pdf_annotation_author(doc: &lopdf::Document, dict: &lopdf::Dictionary) -> Option<(String, String)> {
    let subtype = dict.get(b"Subtype").and_then(|t| t.as_name()).ok()?;
    if !PDF_REVIEW_ANNOTATIONS.contains(&subtype) {
        return None;
    }
    let author = dict.get(b"T").ok().and_then(|t| doc.dereference(t).ok())?;
    let author = lopdf::decode_text_string(author.1).ok()?;
    let author = author.trim();
    (!author.is_empty()).then(|| (String::from_utf8_lossy(subtype).to_lowercase(), author.to_string()))
}

/// A stream's bytes, decompressed within the bound.
fn stream_content(stream: &lopdf::Stream) -> Result<Vec<u8>, ()> {
    if stream.filters().map(|f| f.is_empty()).unwrap_or(true) {
        if stream.content.len() > MAX_PDF_STREAM {
            return Err(());
        }
        return Ok(stream.content.clone());
    }
    stream.decompressed_content_with_limit(MAX_PDF_STREAM).map_err(|_| ())
}

/// A signature field (`/FT /Sig` with a value) or the AcroForm's
/// `SigFlags`: rewriting the file would invalidate the signature.
pub(crate) fn pdf_is_signed(doc: &lopdf::Document) -> bool {
    let acro_signed = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| doc.dereference(a).ok())
        .and_then(|(_, a)| a.as_dict().ok())
        .and_then(|a| a.get(b"SigFlags").ok())
        .and_then(|f| f.as_i64().ok())
        .is_some_and(|f| f & 1 != 0);
    acro_signed
        || doc.objects.values().any(|o| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Sig") || d.has(b"ByteRange")
            })
        })
}

const NS_PDF: &str = "http://ns.adobe.com/pdf/1.3/";
const NS_XMP: &str = "http://ns.adobe.com/xap/1.0/";
const NS_DC: &str = "http://purl.org/dc/elements/1.1/";

/// Reads a PDF's XMP packet: named properties (dc:creator, pdf:Author,
/// xmp:CreatorTool…) here, people tags and GPS through the photo XMP reader.
fn read_pdf_xmp(packet: &[u8], meta: &mut DocumentMetadata) {
    if let Ok(found) = crate::metadata::read_xmp(packet) {
        meta.xmp.merge(found);
    }
    let Ok(text) = std::str::from_utf8(packet) else { return };
    let text = text.trim_start_matches('\u{feff}').trim_end_matches(|c: char| c == '\0' || c.is_whitespace());
    let Some(doc) = parse_xml(text) else { return };
    let field = |ns: &str, name: &str| -> Option<(&'static str, PropertyKind)> {
        Some(match (ns, name) {
            (NS_DC, "creator") => ("XMP dc:creator", PropertyKind::Person),
            (NS_PDF, "Author") => ("XMP pdf:Author", PropertyKind::Person),
            (NS_XMP, "CreatorTool") => ("XMP xmp:CreatorTool", PropertyKind::Descriptive),
            (NS_PDF, "Producer") => ("XMP pdf:Producer", PropertyKind::Descriptive),
            (NS_DC, "title") => ("XMP dc:title", PropertyKind::Descriptive),
            (NS_DC, "description") => ("XMP dc:description", PropertyKind::Descriptive),
            (NS_PDF, "Keywords") => ("XMP pdf:Keywords", PropertyKind::Descriptive),
            _ => return None,
        })
    };
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in node.attributes() {
            if let Some((name, kind)) = attr.namespace().and_then(|ns| field(ns, attr.name())) {
                meta.push_property(name, attr.value(), kind);
            }
        }
        let Some((name, kind)) = node.tag_name().namespace().and_then(|ns| field(ns, node.tag_name().name())) else {
            continue;
        };
        // A simple value, or every rdf:li of a Seq/Bag/Alt.
        let items: Vec<String> = node
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        for item in items {
            meta.push_property(name, &item, kind);
        }
    }
}

// ---------------------------------------------------------------- OOXML

fn parse_xml(text: &str) -> Option<roxmltree::Document<'_>> {
    let options =
        roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(text, options).ok()
}

/// Reads zip parts within one shared budget, so a file with a thousand
/// comment parts cannot unpack a thousand times the per-part bound.
pub(crate) struct Parts<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Parts<'a> {
    pub(crate) fn open(bytes: &'a [u8]) -> Option<Self> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        (archive.len() <= MAX_ENTRIES).then_some(Self { archive, budget: MAX_UNPACKED })
    }

    pub(crate) fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(|n| n.ok()).map(|n| n.to_string()).collect()
    }

    /// One part's bytes, or `None` when missing, damaged or over a bound.
    pub(crate) fn bytes(&mut self, name: &str, limit: u64) -> Option<Vec<u8>> {
        let file = self.archive.by_name(name).ok()?;
        if file.size() > limit.min(self.budget) {
            return None;
        }
        let mut out = Vec::new();
        file.take(limit.min(self.budget) + 1).read_to_end(&mut out).ok()?;
        if out.len() as u64 > limit.min(self.budget) {
            return None;
        }
        self.budget -= out.len() as u64;
        Some(out)
    }

    pub(crate) fn xml(&mut self, name: &str) -> Option<String> {
        String::from_utf8(self.bytes(name, MAX_PART)?).ok()
    }
}

const NS_CP: &str = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
const NS_EP: &str = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_SS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Core and app properties that name a person or an organisation, with the
/// label Office shows for them. Every other core property is descriptive.
pub(crate) fn ooxml_property(ns: Option<&str>, name: &str) -> Option<(&'static str, PropertyKind)> {
    Some(match (ns?, name) {
        (NS_DC, "creator") => ("Author", PropertyKind::Person),
        (NS_CP, "lastModifiedBy") => ("Last modified by", PropertyKind::Person),
        (NS_EP, "Manager") => ("Manager", PropertyKind::Person),
        (NS_EP, "Company") => ("Company", PropertyKind::Organisation),
        (NS_DC, "title") => ("Title", PropertyKind::Descriptive),
        (NS_DC, "subject") => ("Subject", PropertyKind::Descriptive),
        (NS_DC, "description") => ("Comments (properties)", PropertyKind::Descriptive),
        (NS_CP, "keywords") => ("Tags", PropertyKind::Descriptive),
        (NS_CP, "category") => ("Category", PropertyKind::Descriptive),
        _ => return None,
    })
}

/// Parts holding comments, and the attribute or element naming their author.
fn is_comment_part(name: &str) -> bool {
    name == "word/comments.xml"
        || name == "word/commentsExtended.xml"
        || name == "word/people.xml"
        || name == "ppt/commentAuthors.xml"
        || name == "ppt/authors.xml"
        || (name.starts_with("xl/comments") && name.ends_with(".xml"))
        || (name.starts_with("xl/persons/") && name.ends_with(".xml"))
}

/// Word parts where tracked changes live.
fn is_revision_part(name: &str) -> bool {
    name == "word/document.xml"
        || name == "word/footnotes.xml"
        || name == "word/endnotes.xml"
        || ((name.starts_with("word/header") || name.starts_with("word/footer")) && name.ends_with(".xml"))
}

/// Revision marks in WordprocessingML that carry `w:author`.
pub(crate) const REVISION_ELEMENTS: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "cellIns",
    "cellDel",
    "cellMerge",
];

/// True for photos stored in a Word, PowerPoint or Excel file.
pub(crate) fn is_media_photo(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.starts_with("word/media/") || lower.starts_with("ppt/media/") || lower.starts_with("xl/media/"))
        && crate::publish::PHOTO_EXTENSIONS.iter().any(|ext| lower.ends_with(&format!(".{ext}")))
}

fn read_ooxml(bytes: &[u8], format: DocumentFormat) -> Option<DocumentMetadata> {
    let mut parts = Parts::open(bytes)?;
    let mut meta = DocumentMetadata::new(format);
    let names = parts.names();
    for name in ["docProps/core.xml", "docProps/app.xml"] {
        let Some(xml) = parts.xml(name) else { continue };
        let Some(doc) = parse_xml(&xml) else { continue };
        for node in doc.descendants().filter(|n| n.is_element()) {
            if let Some((field, kind)) = ooxml_property(node.tag_name().namespace(), node.tag_name().name()) {
                meta.push_property(field, node.text().unwrap_or(""), kind);
            }
        }
    }
    for name in names.iter().filter(|n| is_comment_part(n)) {
        let Some(xml) = parts.xml(name) else { continue };
        let Some(doc) = parse_xml(&xml) else { continue };
        read_comment_authors(name, &doc, &mut meta);
    }
    if format == DocumentFormat::Docx {
        for name in names.iter().filter(|n| is_revision_part(n)) {
            let Some(xml) = parts.xml(name) else { continue };
            let Some(doc) = parse_xml(&xml) else { continue };
            for node in doc.descendants().filter(|n| n.tag_name().namespace() == Some(NS_W)) {
                if REVISION_ELEMENTS.contains(&node.tag_name().name())
                    && let Some(author) = node.attribute((NS_W, "author"))
                {
                    meta.revisions.push(Contribution { part: name.clone(), author: author.to_string() });
                }
            }
        }
    }
    if format == DocumentFormat::Xlsx {
        read_hidden_sheets(&mut parts, &mut meta);
    }
    for name in names.iter().filter(|n| is_media_photo(n)) {
        let Some(photo) = parts.bytes(name, MAX_PHOTO) else { continue };
        if let Ok(found) = crate::metadata::read_metadata(&photo)
            && found != ImageMetadata::default()
        {
            meta.photos.push(EmbeddedPhoto { part: name.clone(), metadata: found });
        }
    }
    Some(meta)
}

/// Comment authors: Word's `w:comment w:author` (and `w15:person
/// w15:author` in people.xml, which adds the reviewer's account), PowerPoint
/// `p:cmAuthor name` / `p188:author name`, Excel `author` elements of
/// notes and `person displayName` of threaded comments. One entry per
/// comment where the part has comments, per author otherwise.
fn read_comment_authors(part: &str, doc: &roxmltree::Document<'_>, meta: &mut DocumentMetadata) {
    for node in doc.descendants().filter(|n| n.is_element()) {
        let local = node.tag_name().name();
        let author = match local {
            "comment" if node.tag_name().namespace() == Some(NS_W) => node.attribute((NS_W, "author")),
            "person" => {
                node.attributes().find(|a| a.name() == "author" || a.name() == "displayName").map(|a| a.value())
            }
            "cmAuthor" | "author" if part.starts_with("ppt/") => {
                node.attributes().find(|a| a.name() == "name").map(|a| a.value())
            }
            "author" if part.starts_with("xl/comments") => node.text(),
            _ => None,
        };
        if let Some(author) = author.map(str::trim).filter(|a| !a.is_empty()) {
            let c = Contribution { part: part.to_string(), author: author.to_string() };
            // people.xml and persons list each author once; comments may repeat.
            if local == "comment" || !meta.comments.contains(&c) {
                meta.comments.push(c);
            }
        }
    }
}

/// Hidden sheets (`state="hidden"` or `"veryHidden"` in workbook.xml) and
/// hidden rows (`<row hidden="1">`), with the text in their cells.
fn read_hidden_sheets(parts: &mut Parts<'_>, meta: &mut DocumentMetadata) {
    let Some(workbook) = parts.xml("xl/workbook.xml") else { return };
    let Some(book) = parse_xml(&workbook) else { return };
    let targets = parts.xml("xl/_rels/workbook.xml.rels").map(|rels| relationship_targets(&rels)).unwrap_or_default();
    let shared = parts.xml("xl/sharedStrings.xml").map(|s| shared_strings(&s)).unwrap_or_default();
    for sheet in
        book.descendants().filter(|n| n.tag_name().namespace() == Some(NS_SS) && n.has_tag_name((NS_SS, "sheet")))
    {
        let name = sheet.attribute("name").unwrap_or("(unnamed)");
        let hidden = matches!(sheet.attribute("state"), Some("hidden" | "veryHidden"));
        let Some(target) = sheet.attribute((NS_REL, "id")).and_then(|id| targets.iter().find(|(i, _)| i == id)) else {
            continue;
        };
        let path = match target.1.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{}", target.1),
        };
        let Some(xml) = parts.xml(&path) else { continue };
        let Some(doc) = parse_xml(&xml) else { continue };
        let mut all = Vec::new();
        let mut hidden_rows = Vec::new();
        let mut hidden_row_count = 0;
        let hidden_columns = hidden_columns(&doc);
        let mut in_hidden_columns = Vec::new();
        for row in doc.descendants().filter(|n| n.has_tag_name((NS_SS, "row"))) {
            let cells = row_cells(row, &shared);
            let row_hidden = matches!(row.attribute("hidden"), Some("1" | "true"));
            if row_hidden {
                hidden_row_count += 1;
                extend_bounded(&mut hidden_rows, cells.iter().map(|(_, t)| t.clone()));
            } else if !hidden {
                let in_columns = cells.iter().filter(|(c, _)| c.is_some_and(|c| column_hidden(&hidden_columns, c)));
                extend_bounded(&mut in_hidden_columns, in_columns.map(|(_, t)| t.clone()));
            }
            if hidden {
                extend_bounded(&mut all, cells.into_iter().map(|(_, t)| t));
            }
        }
        if hidden {
            let how = if sheet.attribute("state") == Some("veryHidden") { "very hidden" } else { "hidden" };
            meta.hidden.push(HiddenContent { place: format!("{how} sheet \"{name}\""), cells: all });
            continue;
        }
        if hidden_row_count > 0 {
            let place = format!(
                "{hidden_row_count} hidden row{} in sheet \"{name}\"",
                if hidden_row_count == 1 { "" } else { "s" }
            );
            meta.hidden.push(HiddenContent { place, cells: hidden_rows });
        }
        // A hidden column with nothing in it (a spacer) hides nothing.
        if !in_hidden_columns.is_empty() {
            let count: u32 = hidden_columns.iter().map(|(lo, hi)| hi - lo + 1).sum();
            let place = format!("{count} hidden column{} in sheet \"{name}\"", if count == 1 { "" } else { "s" });
            meta.hidden.push(HiddenContent { place, cells: in_hidden_columns });
        }
    }
}

/// Columns a sheet hides (`<col min="2" max="3" hidden="1"/>`), as
/// inclusive 1-based ranges. A class list exported with the surname column
/// hidden still carries every surname.
fn hidden_columns(sheet: &roxmltree::Document<'_>) -> Vec<(u32, u32)> {
    sheet
        .descendants()
        .filter(|n| n.has_tag_name((NS_SS, "col")) && matches!(n.attribute("hidden"), Some("1" | "true")))
        .filter_map(|n| {
            let lo: u32 = n.attribute("min")?.parse().ok()?;
            let hi: u32 = n.attribute("max")?.parse().ok()?;
            // Excel has 16,384 columns; anything else is not a column range.
            (lo >= 1 && lo <= hi && hi <= 16_384).then_some((lo, hi))
        })
        .collect()
}

fn column_hidden(ranges: &[(u32, u32)], column: u32) -> bool {
    ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&column))
}

/// The 1-based column of a cell reference (`"C12"` → 3).
fn column_of(reference: &str) -> Option<u32> {
    let letters: String = reference.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)))
}

fn extend_bounded(into: &mut Vec<String>, cells: impl IntoIterator<Item = String>) {
    for c in cells {
        if into.len() >= MAX_HIDDEN_CELLS {
            return;
        }
        into.push(c);
    }
}

/// `Id` → `Target` of a relationships part.
fn relationship_targets(xml: &str) -> Vec<(String, String)> {
    let Some(doc) = parse_xml(xml) else { return Vec::new() };
    doc.descendants()
        .filter(|n| n.has_tag_name((NS_PKG_REL, "Relationship")))
        .filter_map(|n| Some((n.attribute("Id")?.to_string(), n.attribute("Target")?.to_string())))
        .collect()
}

/// The shared strings table: each `si`'s text (plain `t` or rich runs).
fn shared_strings(xml: &str) -> Vec<String> {
    let Some(doc) = parse_xml(xml) else { return Vec::new() };
    doc.descendants()
        .filter(|n| n.has_tag_name((NS_SS, "si")))
        .map(|si| {
            // Phonetic runs (rPh) are readings, not text.
            si.descendants()
                .filter(|n| n.has_tag_name((NS_SS, "t")) && !n.ancestors().any(|a| a.has_tag_name((NS_SS, "rPh"))))
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect()
}

/// The text cells of one row with their columns (when the cell says): shared
/// strings, inline strings and formula strings. Numbers are left out (they
/// name nobody).
fn row_cells(row: roxmltree::Node<'_, '_>, shared: &[String]) -> Vec<(Option<u32>, String)> {
    let mut out = Vec::new();
    for cell in row.children().filter(|n| n.has_tag_name((NS_SS, "c"))) {
        let value = || cell.children().find(|n| n.has_tag_name((NS_SS, "v"))).and_then(|v| v.text());
        let text = match cell.attribute("t") {
            Some("s") => value().and_then(|v| v.trim().parse::<usize>().ok()).and_then(|i| shared.get(i)).cloned(),
            Some("inlineStr") => {
                Some(cell.descendants().filter(|n| n.has_tag_name((NS_SS, "t"))).filter_map(|t| t.text()).collect())
            }
            Some("str") => value().map(str::to_string),
            _ => None,
        };
        if let Some(t) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            out.push((cell.attribute("r").and_then(column_of), t));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (name, body) in parts {
                zip.start_file(*name, opts).expect("start");
                zip.write_all(body).expect("write");
            }
            zip.finish().expect("finish");
        }
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    const CORE: &str = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Trip letter</dc:title><dc:creator>Jane Hughes</dc:creator><cp:lastModifiedBy>Harry Patel</cp:lastModifiedBy></cp:coreProperties>"#;
    const APP: &str = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Hollybrook Primary</Company><Manager>Tom Reed</Manager></Properties>"#;

    #[test]
    fn reads_docx_properties_comments_and_tracked_changes() {
        let body = format!(
            r#"<w:document {W}><w:body><w:p><w:ins w:id="1" w:author="Sam Cole"><w:r><w:t>Trip</w:t></w:r></w:ins><w:del w:id="2" w:author="Sam Cole"><w:r><w:delText>x</w:delText></w:r></w:del></w:p></w:body></w:document>"#
        );
        let comments = format!(
            r#"<w:comments {W}><w:comment w:id="0" w:author="Amelia Jones" w:initials="AJ"><w:p><w:r><w:t>ok?</w:t></w:r></w:p></w:comment></w:comments>"#
        );
        let docx = zip_of(&[
            ("word/document.xml", body.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("docProps/core.xml", CORE.as_bytes()),
            ("docProps/app.xml", APP.as_bytes()),
        ]);
        let meta = read(&docx).expect("docx");
        assert_eq!(meta.format, DocumentFormat::Docx);
        let props: Vec<(&str, &str, PropertyKind)> =
            meta.properties.iter().map(|p| (p.field.as_str(), p.value.as_str(), p.kind)).collect();
        assert_eq!(
            props,
            [
                ("Title", "Trip letter", PropertyKind::Descriptive),
                ("Author", "Jane Hughes", PropertyKind::Person),
                ("Last modified by", "Harry Patel", PropertyKind::Person),
                ("Company", "Hollybrook Primary", PropertyKind::Organisation),
                ("Manager", "Tom Reed", PropertyKind::Person),
            ]
        );
        assert_eq!(meta.comments.iter().map(|c| c.author.as_str()).collect::<Vec<_>>(), ["Amelia Jones"]);
        assert_eq!(meta.revisions.iter().map(|c| c.author.as_str()).collect::<Vec<_>>(), ["Sam Cole", "Sam Cole"]);
        assert!(!meta.is_clean());
    }

    #[test]
    fn reads_pptx_and_xlsx_comment_authors() {
        let authors = br#"<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="Jane Hughes" initials="JH" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>"#;
        let pptx = zip_of(&[("ppt/presentation.xml", b"<p/>"), ("ppt/commentAuthors.xml", authors)]);
        let meta = read(&pptx).expect("pptx");
        assert_eq!((meta.format, meta.comments[0].author.as_str()), (DocumentFormat::Pptx, "Jane Hughes"));
        let notes = br#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Tom Reed</author></authors><commentList/></comments>"#;
        let xlsx = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/comments1.xml", notes)]);
        let meta = read(&xlsx).expect("xlsx");
        assert_eq!(meta.comments.iter().map(|c| c.author.as_str()).collect::<Vec<_>>(), ["Tom Reed"]);
    }

    pub(crate) fn workbook(sheet2_state: &str, rows: &str) -> Vec<u8> {
        workbook_with_columns(sheet2_state, "", rows)
    }

    /// [`workbook`] whose visible sheet has `cols` (`<cols>…</cols>`) before its rows.
    fn workbook_with_columns(sheet2_state: &str, cols: &str, rows: &str) -> Vec<u8> {
        let book = format!(
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Results" sheetId="1" r:id="rId1"/><sheet name="Pupils" sheetId="2" {sheet2_state} r:id="rId2"/></sheets></workbook>"#
        );
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
        let shared = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Name</t></si><si><r><t>Harry </t></r><r><t>Patel</t></r></si></sst>"#;
        let sheet1 = format!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{cols}<sheetData>{rows}</sheetData></worksheet>"#
        );
        let sheet2 = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>4</v></c></row></sheetData></worksheet>"#;
        zip_of(&[
            ("xl/workbook.xml", book.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet1.as_bytes()),
            ("xl/worksheets/sheet2.xml", sheet2),
        ])
    }

    #[test]
    fn reads_hidden_sheets_and_rows_and_not_visible_ones() {
        let meta = read(&workbook(r#"state="veryHidden""#, "")).expect("xlsx");
        assert_eq!(meta.hidden.len(), 1);
        assert_eq!(meta.hidden[0].place, "very hidden sheet \"Pupils\"");
        assert_eq!(meta.hidden[0].cells, ["Name", "Harry Patel"]);
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Sprint</t></is></c></row><row r="2" hidden="1"><c r="A2" t="s"><v>1</v></c></row>"#;
        let meta = read(&workbook("", rows)).expect("xlsx");
        assert_eq!(meta.hidden.len(), 1, "{:?}", meta.hidden);
        assert_eq!(meta.hidden[0].place, "1 hidden row in sheet \"Results\"");
        assert_eq!(meta.hidden[0].cells, ["Harry Patel"]);
        // Decoy: nothing hidden.
        assert!(read(&workbook(r#"state="visible""#, "")).expect("xlsx").hidden.is_empty());
    }

    #[test]
    fn reads_text_in_hidden_columns_but_not_an_empty_hidden_spacer() {
        // A class list with the surname column (B) hidden: "Harry Patel" is
        // shared string 1, the visible first name an inline string.
        let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Harry</t></is></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>9</v></c></row>"#;
        let meta =
            read(&workbook_with_columns("", r#"<cols><col min="2" max="2" width="0" hidden="1"/></cols>"#, rows))
                .expect("xlsx");
        assert_eq!(meta.hidden.len(), 1, "{:?}", meta.hidden);
        assert_eq!(meta.hidden[0].place, "1 hidden column in sheet \"Results\"");
        assert_eq!(meta.hidden[0].cells, ["Harry Patel"]);
        // Decoys: a hidden column holding only numbers or nothing (a spacer),
        // and a visible column of names.
        let spacer = r#"<cols><col min="3" max="4" hidden="1"/><col min="1" max="2" width="20"/></cols>"#;
        assert!(read(&workbook_with_columns("", spacer, rows)).expect("xlsx").hidden.is_empty());
        // Hostile ranges are ignored, not a panic or a huge loop.
        let hostile = r#"<cols><col min="0" max="4294967295" hidden="1"/><col min="9" max="2" hidden="1"/></cols>"#;
        assert!(read(&workbook_with_columns("", hostile, rows)).expect("xlsx").hidden.is_empty());
        assert_eq!(column_of("AB12"), Some(28));
        assert_eq!(column_of("12"), None);
    }

    #[test]
    fn reads_pdf_review_annotation_authors_but_not_form_field_names() {
        let pdf = crate::documents::tests::pdf_with_page_objects(
            "BT /F1 12 Tf 72 720 Td (Sports day letter) Tj ET",
            "/Annots [6 0 R 7 0 R 8 0 R]",
            &[
                "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (Jane Hughes) /Contents (Check the date) >>",
                "<< /Type /Annot /Subtype /Highlight /Rect [72 700 200 730] /T <FEFF0048006100720072007900200050006100740065006C> >>",
                // Decoy: a form field whose name is a label, not a person.
                "<< /Type /Annot /Subtype /Widget /FT /Tx /Rect [72 600 300 620] /T (Pupil name) >>",
            ],
        );
        let meta = read(&pdf).expect("pdf");
        let authors: Vec<(&str, &str)> = meta.comments.iter().map(|c| (c.part.as_str(), c.author.as_str())).collect();
        assert_eq!(
            authors,
            [("a PDF text annotation", "Jane Hughes"), ("a PDF highlight annotation", "Harry Patel")],
            "UTF-16 names are decoded; the form field is not a comment"
        );
    }

    #[test]
    fn reads_pdf_info_and_xmp() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" pdf:Producer="Word" xmp:CreatorTool="Microsoft Word"><dc:creator><rdf:Seq><rdf:li>Jane Hughes</rdf:li></rdf:Seq></dc:creator><Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Harry Patel</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let pdf = crate::documents::tests::pdf_with_catalog_extra(
            "BT /F1 12 Tf 72 720 Td (Newsletter) Tj ET",
            "/Metadata 7 0 R",
            "/Info 6 0 R",
            "<< /Title (Spring newsletter) /Author (Jane Hughes) /Company (Hollybrook) /SourceModified (x) >>",
            &format!("<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream", xmp.len()),
        );
        let meta = read(&pdf).expect("pdf");
        let props: Vec<(&str, &str)> = meta.properties.iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
        assert!(props.contains(&("Author", "Jane Hughes")), "{props:?}");
        assert!(props.contains(&("Company", "Hollybrook")), "{props:?}");
        assert!(props.contains(&("XMP dc:creator", "Jane Hughes")), "{props:?}");
        assert!(props.contains(&("XMP xmp:CreatorTool", "Microsoft Word")), "{props:?}");
        assert!(meta.xmp.person_tags().any(|t| t.value == "Harry Patel"));
        assert!(!meta.encrypted && !meta.signed);
    }

    #[test]
    fn junk_and_bombs_are_none_or_bounded_never_a_panic() {
        assert!(read(b"not a document").is_none());
        assert!(read(b"PK\x03\x04 truncated").is_none());
        assert!(read(b"%PDF-1.4\n").is_none());
        let bomb = format!(
            r#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><cp:coreProperties xmlns:cp="{NS_CP}" xmlns:dc="{NS_DC}"><dc:creator>&a;</dc:creator></cp:coreProperties>"#
        );
        let docx = zip_of(&[("word/document.xml", b"<x/>"), ("docProps/core.xml", bomb.as_bytes())]);
        assert!(read(&docx).expect("docx").properties.is_empty());
        // A part that unpacks past the bound is skipped, not read.
        let big = vec![b' '; (MAX_PART + 10) as usize];
        let docx = zip_of(&[("word/document.xml", b"<x/>"), ("docProps/core.xml", &big)]);
        assert!(read(&docx).expect("docx").properties.is_empty());
    }
}
