//! The SeetaFace frontal face model, embedded in the binary.
//!
//! The model file ships inside the `rustface` crate; it is vendored in
//! `vendor/seetaface/` (with its BSD-2-Clause licence) and compiled in, so
//! nothing is downloaded or looked up at build or run time. It is parsed
//! once per process: parsing 1.2 MB of weights per photo would cost more
//! than detecting faces in a small photo.

use std::sync::OnceLock;

/// `seeta_fd_frontal_v1.0.bin` from rustface 0.1.7.
const MODEL_BYTES: &[u8] = include_bytes!("../../vendor/seetaface/seeta_fd_frontal_v1.0.bin");

/// Names the model in cache keys: a different model means new results.
pub const MODEL_ID: &str = "seeta_fd_frontal_v1.0";

/// The parsed model, or why it could not be parsed (only possible if the
/// vendored file were damaged).
pub fn model() -> Result<&'static rustface::Model, String> {
    static MODEL: OnceLock<Result<rustface::Model, String>> = OnceLock::new();
    MODEL
        .get_or_init(|| rustface::read_model(MODEL_BYTES).map_err(|e| format!("the face model is damaged: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_model_parses() {
        assert!(super::model().is_ok());
    }
}
