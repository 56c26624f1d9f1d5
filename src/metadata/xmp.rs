//! XMP packets (in-file and sidecar) parsed into a small property tree.
//!
//! Properties are matched by namespace URI, never by prefix: Lightroom,
//! digiKam and Windows each pick their own prefixes. RDF allows the same
//! value to be written several ways (attribute shorthand, child element,
//! `rdf:parseType="Resource"`, nested `rdf:Description`); all of them are
//! normalised into [`Value`] first so the field logic below sees one shape.

use roxmltree::{Document, Node, ParsingOptions};

use super::{ImageMetadata, MetadataError, TagSource};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const IPTC_EXT: &str = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
const IPTC_CORE: &str = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/";
const MWG_RS: &str = "http://www.metadataworkinggroup.com/schemas/regions/";
const MP: &str = "http://ns.microsoft.com/photo/1.2/";
const MP_RI: &str = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#";
const MP_REG: &str = "http://ns.microsoft.com/photo/1.2/t/Region#";
const MS_PHOTO: &str = "http://ns.microsoft.com/photo/1.0";
const LR: &str = "http://ns.adobe.com/lightroom/1.0/";
const DIGIKAM: &str = "http://www.digikam.org/ns/1.0/";
const PHOTOSHOP: &str = "http://ns.adobe.com/photoshop/1.0/";
const EXIF: &str = "http://ns.adobe.com/exif/1.0/";
const TIFF: &str = "http://ns.adobe.com/tiff/1.0/";
const AUX: &str = "http://ns.adobe.com/exif/1.0/aux/";
const EXIF_EX: &str = "http://cipa.jp/exif/1.0/";

/// Deeper nesting than this is not produced by any photo tool; stopping
/// here keeps recursion bounded on hostile input.
const MAX_DEPTH: usize = 24;
/// Bound on XML nodes, so a huge sidecar cannot exhaust memory.
const MAX_NODES: u32 = 200_000;

/// A normalised XMP value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Array(Vec<Value>),
    Struct(Vec<Property>),
}

#[derive(Debug, Clone, PartialEq)]
struct Property {
    ns: String,
    name: String,
    value: Value,
}

impl Value {
    /// Every text leaf, in document order (array items, lang-alt entries).
    fn texts(&self) -> Vec<&str> {
        match self {
            Value::Text(t) => vec![t.as_str()],
            Value::Array(items) => items.iter().flat_map(Value::texts).collect(),
            Value::Struct(_) => Vec::new(),
        }
    }

    fn field(&self, ns: &str, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(props) => props.iter().find(|p| p.name == name && same_ns(&p.ns, ns)).map(|p| &p.value),
            _ => None,
        }
    }

    fn items(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            _ => std::slice::from_ref(self),
        }
    }
}

/// Namespace URIs compared ignoring one trailing slash: ExifTool and
/// Windows disagree about `http://ns.microsoft.com/photo/1.0(/)`.
fn same_ns(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

pub(crate) fn read_into(packet: &[u8], from_sidecar: bool, meta: &mut ImageMetadata) -> Result<(), MetadataError> {
    let props = parse(packet)?;
    for prop in &props {
        apply(prop, from_sidecar, meta);
    }
    Ok(())
}

/// XMP is UTF-8 almost always, but the spec also allows UTF-16 (some
/// Windows components write it); tell them apart by the BOM or by where
/// the NUL bytes of the leading `<` fall.
fn decode(packet: &[u8]) -> Result<std::borrow::Cow<'_, str>, MetadataError> {
    let utf16 = |big_endian: bool, body: &[u8]| {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|p| if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) })
            .collect();
        String::from_utf16(&units)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| MetadataError::CorruptXmp(format!("bad UTF-16: {e}")))
    };
    match packet {
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0x00, b'<', ..] => utf16(true, packet),
        [b'<', 0x00, ..] => utf16(false, packet),
        _ => std::str::from_utf8(packet)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| MetadataError::CorruptXmp(format!("not UTF-8: {e}"))),
    }
}

fn parse(packet: &[u8]) -> Result<Vec<Property>, MetadataError> {
    let text = decode(packet)?;
    // Packets are often padded with NULs or whitespace; a BOM may lead.
    let text = text.trim_start_matches('\u{feff}').trim_end_matches(|c: char| c == '\0' || c.is_whitespace());
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| MetadataError::CorruptXmp(e.to_string()))?;
    let mut props = Vec::new();
    for rdf in doc.descendants().filter(|n| is(n, RDF, "RDF")) {
        for desc in rdf.children().filter(|n| is(n, RDF, "Description")) {
            props.extend(struct_fields(desc, 0));
        }
    }
    Ok(props)
}

fn is(node: &Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// Properties of a struct-like node: its non-RDF attributes (shorthand) and
/// its child elements.
fn struct_fields(node: Node, depth: usize) -> Vec<Property> {
    let mut props = Vec::new();
    if depth > MAX_DEPTH {
        return props;
    }
    for attr in node.attributes() {
        let ns = attr.namespace().unwrap_or_default();
        if ns == RDF || ns == XML || ns.is_empty() {
            continue;
        }
        props.push(Property {
            ns: ns.to_string(),
            name: attr.name().to_string(),
            value: Value::Text(attr.value().to_string()),
        });
    }
    for child in node.children().filter(Node::is_element) {
        let ns = child.tag_name().namespace().unwrap_or_default();
        if ns == RDF {
            continue;
        }
        props.push(Property {
            ns: ns.to_string(),
            name: child.tag_name().name().to_string(),
            value: property_value(child, depth + 1),
        });
    }
    props
}

/// The value of a property element (or an `rdf:li`).
fn property_value(node: Node, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Text(String::new());
    }
    if let Some(resource) = node.attribute((RDF, "resource")) {
        return Value::Text(resource.to_string());
    }
    if node.attribute((RDF, "parseType")) == Some("Resource") {
        return Value::Struct(struct_fields(node, depth));
    }
    let first = node.children().find(Node::is_element);
    match first {
        Some(child) if is(&child, RDF, "Bag") || is(&child, RDF, "Seq") || is(&child, RDF, "Alt") => Value::Array(
            child.children().filter(|n| is(n, RDF, "li")).map(|li| property_value(li, depth + 1)).collect(),
        ),
        Some(child) if is(&child, RDF, "Description") => {
            // A qualified simple value keeps its text in rdf:value.
            if let Some(v) = child.children().find(|n| is(n, RDF, "value")) {
                return property_value(v, depth + 1);
            }
            if let Some(v) = child.attribute((RDF, "value")) {
                return Value::Text(v.to_string());
            }
            Value::Struct(struct_fields(child, depth + 1))
        }
        Some(_) => Value::Struct(struct_fields(node, depth)),
        None => {
            let has_fields = node.attributes().any(|a| {
                let ns = a.namespace().unwrap_or_default();
                ns != RDF && ns != XML && !ns.is_empty()
            });
            if has_fields {
                // Struct written entirely as attributes: <mwg-rs:Area stArea:x=".."/>
                Value::Struct(struct_fields(node, depth))
            } else {
                Value::Text(node.text().unwrap_or_default().to_string())
            }
        }
    }
}

fn apply(prop: &Property, from_sidecar: bool, meta: &mut ImageMetadata) {
    let ns = prop.ns.as_str();
    let value = &prop.value;
    let tag = |meta: &mut ImageMetadata, source: TagSource| {
        for t in value.texts() {
            meta.push_tag(t, source, from_sidecar);
        }
    };
    match prop.name.as_str() {
        "PersonInImage" if ns == IPTC_EXT => tag(meta, TagSource::XmpPersonInImage),
        "PersonInImageWDetails" if ns == IPTC_EXT => {
            for person in value.items() {
                if let Some(name) = person.field(IPTC_EXT, "PersonName") {
                    for t in name.texts() {
                        meta.push_tag(t, TagSource::XmpPersonInImage, from_sidecar);
                    }
                }
            }
        }
        "Regions" if ns == MWG_RS => mwg_regions(value, from_sidecar, meta),
        "RegionInfo" if ns == MP => ms_regions(value, from_sidecar, meta),
        "subject" if ns == DC => tag(meta, TagSource::DcSubject),
        "hierarchicalSubject" if ns == LR => {
            for path in value.texts() {
                keyword_path(path, '|', from_sidecar, meta);
            }
        }
        "TagsList" if ns == DIGIKAM => {
            for path in value.texts() {
                keyword_path(path, '/', from_sidecar, meta);
            }
        }
        "LastKeywordXMP" | "LastKeywordIPTC" if same_ns(ns, MS_PHOTO) => {
            for path in value.texts() {
                keyword_path(path, '/', from_sidecar, meta);
            }
        }
        "description" | "title" if ns == DC => {
            let field = format!("XMP dc:{}", prop.name);
            for t in value.texts() {
                meta.push_text(field.clone(), t);
            }
        }
        "Headline" if ns == PHOTOSHOP => {
            for t in value.texts() {
                meta.push_text("XMP photoshop:Headline", t);
            }
        }
        "AltTextAccessibility" | "ExtDescrAccessibility" if ns == IPTC_CORE => {
            let field = format!("XMP Iptc4xmpCore:{}", prop.name);
            for t in value.texts() {
                meta.push_text(field.clone(), t);
            }
        }
        "UserComment" if ns == EXIF => {
            for t in value.texts() {
                meta.push_text("XMP exif:UserComment", t);
            }
        }
        "ImageDescription" if ns == TIFF => {
            for t in value.texts() {
                meta.push_text("XMP tiff:ImageDescription", t);
            }
        }
        "creator" if ns == DC => {
            for t in value.texts() {
                meta.push_author(t);
            }
        }
        "Artist" if ns == TIFF => {
            for t in value.texts() {
                meta.push_author(t);
            }
        }
        // Camera serials as Lightroom (aux) and ExifTool (exifEX) write
        // them, also in videos' XMP.
        "SerialNumber" if ns == AUX => serial(value, meta),
        "BodySerialNumber" if ns == EXIF_EX => serial(value, meta),
        "GPSLatitude" | "GPSLongitude" if ns == EXIF && value.texts().iter().any(|t| !t.trim().is_empty()) => {
            meta.personal.gps = true;
        }
        _ => {}
    }
}

fn serial(value: &Value, meta: &mut ImageMetadata) {
    if meta.personal.camera_serial.is_none() {
        let found = value.texts().into_iter().map(str::trim).find(|t| !t.is_empty());
        meta.personal.camera_serial = found.map(str::to_string);
    }
}

/// MWG `mwg-rs:Regions` → `RegionList` → regions with `Name` and `Type`.
/// Named regions become tags; every `Face` region counts as a face, named
/// or not (an iPhone marks faces without naming anyone).
fn mwg_regions(value: &Value, from_sidecar: bool, meta: &mut ImageMetadata) {
    let Some(list) = value.field(MWG_RS, "RegionList") else {
        return;
    };
    let mut faces = 0;
    for region in list.items() {
        let is_face = region.field(MWG_RS, "Type").is_some_and(|t| t.texts().iter().any(|t| t.trim() == "Face"));
        if is_face {
            faces += 1;
        }
        if let Some(name) = region.field(MWG_RS, "Name") {
            for t in name.texts() {
                meta.push_tag(t, TagSource::MwgRegion, from_sidecar);
            }
        }
    }
    // Lightroom and digiKam write the same faces as MWG and Microsoft
    // regions; the larger count is the number of faces, not the sum.
    meta.personal.face_regions = meta.personal.face_regions.max(faces);
}

/// Microsoft `MP:RegionInfo` → `MPRI:Regions` → `MPReg:PersonDisplayName`.
fn ms_regions(value: &Value, from_sidecar: bool, meta: &mut ImageMetadata) {
    let Some(list) = value.field(MP_RI, "Regions") else {
        return;
    };
    let regions = list.items();
    for region in regions {
        if let Some(name) = region.field(MP_REG, "PersonDisplayName") {
            for t in name.texts() {
                meta.push_tag(t, TagSource::MicrosoftRegion, from_sidecar);
            }
        }
    }
    meta.personal.face_regions = meta.personal.face_regions.max(regions.len());
}

/// A keyword path such as `People|Aisha Khan` or `People/Aisha Khan`.
/// Under a `People` root the leaf is a person; elsewhere it is an ordinary
/// keyword. The leaf is kept because that is what names match against.
/// digiKam files unrecognised faces under `People/Unknown`: not a name.
fn keyword_path(path: &str, sep: char, from_sidecar: bool, meta: &mut ImageMetadata) {
    let parts: Vec<&str> = path.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
    let Some(leaf) = parts.last() else {
        return;
    };
    let under_people = parts.len() > 1 && parts[0].eq_ignore_ascii_case("People");
    if under_people {
        if parts.len() == 2 && leaf.eq_ignore_ascii_case("Unknown") {
            return;
        }
        meta.push_tag(leaf, TagSource::PeopleKeywordPath, from_sidecar);
    } else {
        meta.push_tag(leaf, TagSource::HierarchicalKeyword, from_sidecar);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xmp: &str) -> ImageMetadata {
        let mut meta = ImageMetadata::default();
        read_into(xmp.as_bytes(), false, &mut meta).unwrap();
        meta
    }

    fn tags(meta: &ImageMetadata) -> Vec<(&str, TagSource)> {
        meta.tags.iter().map(|t| (t.value.as_str(), t.source)).collect()
    }

    /// The shape Lightroom Classic writes: shorthand attributes on the
    /// description, PersonInImage bag, MP and MWG regions with
    /// `rdf:parseType="Resource"` structs, hierarchical keywords.
    const LIGHTROOM: &str = r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 6.0-c006">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:MP="http://ns.microsoft.com/photo/1.2/"
    xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
    xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    photoshop:Headline="Sports day relay">
   <Iptc4xmpExt:PersonInImage>
    <rdf:Bag><rdf:li>Aisha Khan</rdf:li></rdf:Bag>
   </Iptc4xmpExt:PersonInImage>
   <MP:RegionInfo rdf:parseType="Resource">
    <MPRI:Regions><rdf:Bag>
     <rdf:li MPReg:PersonDisplayName="Aisha Khan" MPReg:Rectangle="0.1, 0.2, 0.3, 0.4"/>
    </rdf:Bag></MPRI:Regions>
   </MP:RegionInfo>
   <mwg-rs:Regions rdf:parseType="Resource">
    <mwg-rs:AppliedToDimensions stDim:w="640" stDim:h="480" stDim:unit="pixel"/>
    <mwg-rs:RegionList><rdf:Bag>
     <rdf:li><rdf:Description mwg-rs:Name="Aisha Khan" mwg-rs:Type="Face" mwg-rs:Rotation="0">
      <mwg-rs:Area stArea:x="0.25" stArea:y="0.4" stArea:w="0.3" stArea:h="0.4" stArea:unit="normalized"/>
     </rdf:Description></rdf:li>
    </rdf:Bag></mwg-rs:RegionList>
   </mwg-rs:Regions>
   <dc:subject><rdf:Bag><rdf:li>Aisha Khan</rdf:li><rdf:li>Sports day</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag>
    <rdf:li>People|Aisha Khan</rdf:li><rdf:li>Events|Sports day</rdf:li>
   </rdf:Bag></lr:hierarchicalSubject>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Relay race</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn lightroom_shape() {
        let meta = read(LIGHTROOM);
        assert_eq!(
            tags(&meta),
            vec![
                ("Aisha Khan", TagSource::XmpPersonInImage),
                ("Aisha Khan", TagSource::MicrosoftRegion),
                ("Aisha Khan", TagSource::MwgRegion),
                ("Aisha Khan", TagSource::DcSubject),
                ("Sports day", TagSource::DcSubject),
                ("Aisha Khan", TagSource::PeopleKeywordPath),
                ("Sports day", TagSource::HierarchicalKeyword),
            ]
        );
        assert_eq!(meta.personal.face_regions, 1);
        let texts: Vec<_> = meta.text.iter().map(|t| (t.field.as_str(), t.value.as_str())).collect();
        assert_eq!(texts, vec![("XMP photoshop:Headline", "Sports day relay"), ("XMP dc:description", "Relay race")]);
    }

    /// digiKam uses other prefixes (`Xmp.mwg-rs` but also e.g. `MicrosoftPhoto`),
    /// rdf:Seq for TagsList, nested structs as child elements, and splits
    /// properties over several Description blocks.
    const DIGIKAM: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:digiKam="http://www.digikam.org/ns/1.0/"
     xmlns:MicrosoftPhoto="http://ns.microsoft.com/photo/1.0/">
   <digiKam:TagsList><rdf:Seq>
    <rdf:li>People/Zoë O'Neill</rdf:li><rdf:li>People/Unknown</rdf:li><rdf:li>Places/School field</rdf:li>
   </rdf:Seq></digiKam:TagsList>
   <MicrosoftPhoto:LastKeywordXMP><rdf:Bag><rdf:li>People/Zoë O'Neill</rdf:li></rdf:Bag></MicrosoftPhoto:LastKeywordXMP>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:r="http://www.metadataworkinggroup.com/schemas/regions/"
     xmlns:a="http://ns.adobe.com/xmp/sType/Area#">
   <r:Regions rdf:parseType="Resource">
    <r:RegionList><rdf:Bag>
     <rdf:li rdf:parseType="Resource"><r:Name>Zoë O'Neill</r:Name><r:Type>Face</r:Type>
      <r:Area a:x="0.5" a:y="0.5" a:w="0.2" a:h="0.2" a:unit="normalized"/></rdf:li>
     <rdf:li rdf:parseType="Resource"><r:Type>Face</r:Type>
      <r:Area a:x="0.1" a:y="0.1" a:w="0.1" a:h="0.1" a:unit="normalized"/></rdf:li>
    </rdf:Bag></r:RegionList>
   </r:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>"#;

    #[test]
    fn digikam_shape_with_other_prefixes_and_split_descriptions() {
        let meta = read(DIGIKAM);
        assert_eq!(
            tags(&meta),
            vec![
                ("Zoë O'Neill", TagSource::PeopleKeywordPath),
                ("School field", TagSource::HierarchicalKeyword),
                ("Zoë O'Neill", TagSource::MwgRegion),
            ]
        );
        assert_eq!(meta.personal.face_regions, 2);
    }

    /// Windows Live Photo Gallery: nested rdf:Description structs, no
    /// parseType, as in Microsoft's people-tagging sample.
    const WINDOWS: &str = r#"<xmp:xmpmeta xmlns:xmp="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description xmlns:MP="http://ns.microsoft.com/photo/1.2/">
   <MP:RegionInfo>
    <rdf:Description xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#">
     <MPRI:Regions><rdf:Bag>
      <rdf:li><rdf:Description xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
       <MPReg:Rectangle>0.11, 0.25, 0.20, 0.30</MPReg:Rectangle>
       <MPReg:PersonDisplayName>Harry Patel</MPReg:PersonDisplayName>
      </rdf:Description></rdf:li>
      <rdf:li><rdf:Description xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
       <MPReg:Rectangle>0.51, 0.25, 0.20, 0.30</MPReg:Rectangle>
       <MPReg:PersonDisplayName>Jordan Smith</MPReg:PersonDisplayName>
      </rdf:Description></rdf:li>
     </rdf:Bag></MPRI:Regions>
    </rdf:Description>
   </MP:RegionInfo>
  </rdf:Description>
  <rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.43N"/>
 </rdf:RDF>
</xmp:xmpmeta>"#;

    #[test]
    fn windows_photo_gallery_shape() {
        let meta = read(WINDOWS);
        assert_eq!(
            tags(&meta),
            vec![("Harry Patel", TagSource::MicrosoftRegion), ("Jordan Smith", TagSource::MicrosoftRegion),]
        );
        assert_eq!(meta.personal.face_regions, 2);
        assert!(meta.personal.gps);
    }

    #[test]
    fn prefix_lookalike_in_wrong_namespace_is_ignored() {
        let xmp = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description xmlns:Iptc4xmpExt="http://example.com/not-iptc/"
            Iptc4xmpExt:PersonInImage="Aisha Khan"/></rdf:RDF>"#;
        assert!(read(xmp).tags.is_empty());
    }

    #[test]
    fn utf16_packets_are_read() {
        for big_endian in [false, true] {
            let mut packet = Vec::new();
            for unit in WINDOWS.encode_utf16() {
                packet.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            let mut meta = ImageMetadata::default();
            read_into(&packet, false, &mut meta).unwrap();
            assert_eq!(meta.tags.len(), 2, "big endian: {big_endian}");
        }
    }

    #[test]
    fn broken_xml_is_a_typed_error() {
        let mut meta = ImageMetadata::default();
        let err = read_into(b"<x:xmpmeta><rdf:RDF>", false, &mut meta);
        assert!(matches!(err, Err(MetadataError::CorruptXmp(_))));
    }

    #[test]
    fn dtd_entities_are_refused() {
        let xmp = r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;</x>"#;
        let mut meta = ImageMetadata::default();
        assert!(read_into(xmp.as_bytes(), false, &mut meta).is_err());
    }
}
