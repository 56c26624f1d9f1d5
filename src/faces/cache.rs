//! Detection results kept between builds, so a rebuild does no detection.
//!
//! The key is the photo's content hash plus the detector settings and
//! model: a changed photo, a changed setting or a new model all miss.
//! Entries are small JSON files (face boxes), under `.schoolgate/faces/`.

use std::path::PathBuf;

use super::Detection;

#[derive(Debug, Clone)]
pub struct FaceCache {
    dir: PathBuf,
}

impl FaceCache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    pub fn load(&self, key: &str) -> Option<Detection> {
        let text = std::fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    pub fn store(&self, key: &str, detection: &Detection) {
        // A cache that cannot be written only costs time on the next build.
        if let Ok(json) = serde_json::to_vec(detection) {
            let _ =
                std::fs::create_dir_all(&self.dir).and_then(|_| crate::output::write_atomic(&self.path(key), &json));
        }
    }
}
