//! Text of linked documents (PDF, DOCX), so the audit reads them like pages.
//! (Stub: filled in by the document work item.)

use crate::site::AssetKind;

/// Extracts the readable text of a document, or `None` when the file is not
/// a document or has no text layer (a scanned PDF).
pub fn extract_text(_bytes: &[u8], _kind: AssetKind) -> Option<String> {
    None
}
