//! Temporary stand-ins until the metadata reader and stripper land.
//! (Removed when the metadata work item is merged.)

use super::ImageMetadata;

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("the file is not an image format Schoolgate can read")]
    UnsupportedFormat,
}

pub fn read_metadata(_bytes: &[u8]) -> Result<ImageMetadata, MetadataError> {
    Ok(ImageMetadata::default())
}

pub fn strip_personal(bytes: &[u8]) -> Result<Vec<u8>, MetadataError> {
    Ok(bytes.to_vec())
}
