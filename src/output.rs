//! Writing the site: only after the audit passed, only what changed, and
//! never a half-written file.
//!
//! Nothing reaches the output folder until the whole site has been rendered
//! and audited in memory. Then each file that differs from what is already
//! published is written to a temporary file beside it and renamed into place
//! (a rename is atomic on one filesystem), and files that are no longer part
//! of the site are removed. Creating files is slow on CI disks (~0.3 ms per
//! file, ~1 ms per folder), so an unchanged rebuild writes nothing: a
//! manifest of content hashes kept outside the output folder says what is
//! already there.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::BuildError;
use crate::guard::{self, RelPath};

/// Writes `bytes` to `path` via a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".sg-").suffix(".tmp");
    // Temporary files are private (0600) by default; a published page must
    // be readable by the web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// One file of the finished site, relative to the output folder. `rel` is
/// a [`RelPath`]: made only by validation, it has no `..`, no absolute part.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub rel: RelPath,
    pub bytes: Payload,
}

/// A file's bytes: rendered pages are moved in, not copied (a big site's
/// HTML would otherwise be in memory twice); assets share their buffer.
#[derive(Debug, Clone)]
pub enum Payload {
    Text(String),
    Shared(std::sync::Arc<[u8]>),
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Payload::Text(s) => s.as_bytes(),
            Payload::Shared(b) => b,
        }
    }
}

/// What [`sync`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Makes `out_dir` hold exactly `files`. `manifest` is where the hashes of
/// the last written site are kept (outside `out_dir`, so it is never
/// published).
pub fn sync(out_dir: &Path, files: &[OutputFile], manifest: &Path) -> Result<SyncStats, BuildError> {
    let previous: BTreeMap<String, u64> =
        std::fs::read_to_string(manifest).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    std::fs::create_dir_all(out_dir).map_err(|source| BuildError::Write { path: out_dir.to_path_buf(), source })?;
    let resolved_out = guard::resolve(out_dir)?;

    // Folders first (serially: cheap, and avoids races creating parents).
    // Each is checked before it is created or written into: a symlink
    // planted inside the output folder must not carry a write outside it.
    let dirs: BTreeSet<PathBuf> =
        files.iter().filter_map(|f| Path::new(f.rel.as_str()).parent().map(|p| out_dir.join(p))).collect();
    for d in &dirs {
        stays_inside(d, &resolved_out, out_dir)?;
        if !d.is_dir() {
            std::fs::create_dir_all(d).map_err(|source| BuildError::Write { path: d.clone(), source })?;
        }
    }

    let results: Vec<Result<(String, u64, bool), BuildError>> = files
        .par_iter()
        .map(|f| {
            let h = hash(&f.bytes);
            let rel = f.rel.as_str();
            let path = out_dir.join(rel);
            // Trust the manifest only if the file is still there.
            if previous.get(rel) == Some(&h) && path.is_file() {
                return Ok((rel.to_string(), h, false));
            }
            write_atomic(&path, &f.bytes).map_err(|source| BuildError::Write { path, source })?;
            Ok((rel.to_string(), h, true))
        })
        .collect();
    let mut next = BTreeMap::new();
    let mut stats = SyncStats::default();
    for r in results {
        let (rel, h, wrote) = r?;
        if wrote {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
        next.insert(rel, h);
    }
    // Remove what the previous build wrote and this one did not.
    // The manifest is a file on disk anyone could edit: an entry that is not
    // a plain relative path, or whose folder is not inside the output
    // folder, is never deleted.
    for rel in previous.keys().filter(|k| !next.contains_key(*k)) {
        let Ok(rel) = RelPath::new(rel) else { continue };
        let p = out_dir.join(rel.as_str());
        let parent_inside = p.parent().is_some_and(|d| guard::resolve(d).is_ok_and(|r| r.starts_with(&resolved_out)));
        if parent_inside && std::fs::remove_file(&p).is_ok() {
            stats.removed += 1;
            // Tidy now-empty folders, up to the output folder.
            let mut dir = p.parent();
            while let Some(d) = dir {
                if d == out_dir || std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    if let Some(parent) = manifest.parent() {
        std::fs::create_dir_all(parent).map_err(|source| BuildError::Write { path: parent.to_path_buf(), source })?;
    }
    let text = serde_json::to_string(&next).unwrap_or_default();
    write_atomic(manifest, text.as_bytes())
        .map_err(|source| BuildError::Write { path: manifest.to_path_buf(), source })?;
    Ok(stats)
}

/// Defence in depth: `dir` (a folder about to be written into) resolves
/// inside the output folder.
fn stays_inside(dir: &Path, resolved_out: &Path, out_dir: &Path) -> Result<(), BuildError> {
    if guard::resolve(dir)?.starts_with(resolved_out) {
        return Ok(());
    }
    Err(BuildError::FoldersOverlap {
        what: "a folder of the site being written".into(),
        path: dir.to_path_buf(),
        relation: "leads outside (through a symlink)",
        other: "the output folder".into(),
        other_path: out_dir.to_path_buf(),
        set_in: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> OutputFile {
        OutputFile { rel: RelPath::new(rel).unwrap(), bytes: Payload::Text(text.into()) }
    }

    #[test]
    fn a_tampered_manifest_never_deletes_outside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let victim = dir.path().join("victim/index.html");
        std::fs::create_dir_all(victim.parent().unwrap()).unwrap();
        std::fs::write(&victim, "keep").unwrap();
        let manifest = dir.path().join(".schoolgate/manifest.json");
        std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        std::fs::write(&manifest, r#"{"../victim/index.html": 1, "/abs/x": 2}"#).unwrap();
        sync(&out, &[file("index.html", "a")], &manifest).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_inside_the_output_folder_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("news")).unwrap();
        let manifest = dir.path().join(".schoolgate/m.json");
        let err = sync(&out, &[file("news/x/index.html", "a")], &manifest).unwrap_err();
        assert!(matches!(err, BuildError::FoldersOverlap { .. }), "{err:?}");
        assert!(!elsewhere.join("x").exists());
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let manifest = dir.path().join(".schoolgate/manifest.json");
        let s = sync(&out, &[file("index.html", "a"), file("news/x/index.html", "b")], &manifest).unwrap();
        assert_eq!(s.written, 2);
        let s = sync(&out, &[file("index.html", "a"), file("news/x/index.html", "b")], &manifest).unwrap();
        assert_eq!((s.written, s.unchanged), (0, 2));
        let s = sync(&out, &[file("index.html", "a2")], &manifest).unwrap();
        assert_eq!((s.written, s.removed), (1, 1));
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "a2");
        assert!(!out.join("news").exists(), "empty folders are tidied");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.join("index.html")).unwrap().permissions().mode();
            assert_eq!(mode & 0o044, 0o044, "published files are readable by the web server: {mode:o}");
        }
        // A file deleted by hand is written again even though the manifest knows it.
        std::fs::remove_file(out.join("index.html")).unwrap();
        let s = sync(&out, &[file("index.html", "a2")], &manifest).unwrap();
        assert_eq!(s.written, 1);
    }
}
