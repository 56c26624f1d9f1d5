//! XMP sidecar files: metadata kept next to the image instead of inside it.

use std::path::{Path, PathBuf};

use super::{ImageMetadata, MetadataError};

/// Read a sidecar `.xmp` file's contents. Every tag found is marked
/// `from_sidecar`, so messages can tell the user which file holds it.
pub fn read_sidecar(xmp: &[u8]) -> Result<ImageMetadata, MetadataError> {
    let mut meta = ImageMetadata::default();
    super::xmp::read_into(xmp, true, &mut meta)?;
    Ok(meta)
}

/// The two names a sidecar for `image` may have: `photo.jpg.xmp` (digiKam,
/// darktable: extension kept) and `photo.xmp` (Lightroom, Capture One:
/// extension replaced). Callers check both, in this order.
pub fn sidecar_paths(image: &Path) -> [PathBuf; 2] {
    let mut kept = image.as_os_str().to_owned();
    kept.push(".xmp");
    [PathBuf::from(kept), image.with_extension("xmp")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::TagSource;

    #[test]
    fn both_sidecar_namings() {
        let [kept, replaced] = sidecar_paths(Path::new("images/sports/photo.JPG"));
        assert_eq!(kept, PathBuf::from("images/sports/photo.JPG.xmp"));
        assert_eq!(replaced, PathBuf::from("images/sports/photo.xmp"));
    }

    #[test]
    fn sidecar_tags_are_marked_and_merge_without_duplicates() {
        let xmp =
            br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
          <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Harry Patel</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
          </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let side = read_sidecar(xmp).unwrap();
        assert_eq!(side.tags.len(), 1);
        assert!(side.tags[0].from_sidecar);
        assert_eq!(side.tags[0].source, TagSource::XmpPersonInImage);

        let mut image = ImageMetadata { orientation: Some(6), ..ImageMetadata::default() };
        image.merge(side.clone());
        image.merge(side);
        assert_eq!(image.tags.len(), 1);
        assert_eq!(image.orientation, Some(6));
        assert!(image.has_personal_data());
    }
}
