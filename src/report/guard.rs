//! Keeping the private report out of the published folder.
//!
//! The private report names pupils. If it were written into the folder that
//! is uploaded, it would be on the public website, so the path is checked
//! after resolving `..` and symlinks: `public/../public/report.html` and a
//! symlink `reports -> public/` are both caught.

use std::path::{Component, Path, PathBuf};

use crate::error::BuildError;

/// Refuses `report_path` if it is the published folder or lies inside it.
pub fn ensure_outside(report_path: &Path, published_dir: &Path) -> Result<(), BuildError> {
    let report = resolve(report_path)?;
    let published = resolve(published_dir)?;
    if report.starts_with(&published) {
        return Err(BuildError::PrivateInPublishedTree {
            path: report_path.to_path_buf(),
            tree: published_dir.to_path_buf(),
        });
    }
    Ok(())
}

/// An absolute path with symlinks resolved for every part that exists and
/// `..` applied after that (so `link/..` means the link target's parent, as
/// the operating system will read it).
fn resolve(path: &Path) -> Result<PathBuf, BuildError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let cwd = std::env::current_dir().map_err(|source| BuildError::Read { path: PathBuf::from("."), source })?;
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => out.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => {
                out.push(part);
                // Resolve as we go: an existing part may be a symlink.
                if out.symlink_metadata().is_ok() {
                    out = out.canonicalize().map_err(|source| BuildError::Read { path: out.clone(), source })?;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_inside_published_dir() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("news")).unwrap();

        assert!(ensure_outside(&public.join("report.html"), &public).is_err());
        assert!(ensure_outside(&public.join("news/deep/new/report.html"), &public).is_err());
        assert!(ensure_outside(&public, &public).is_err());
        let sneaky = dir.path().join("private/../public/report.html");
        assert!(ensure_outside(&sneaky, &public).is_err());

        assert!(ensure_outside(&dir.path().join("private/report.html"), &public).is_ok());
        // A sibling whose name merely starts with "public" is fine.
        assert!(ensure_outside(&dir.path().join("public-reports/r.html"), &public).is_ok());
        assert!(ensure_outside(&public.join("../report.html"), &public).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        let link = dir.path().join("reports");
        std::os::unix::fs::symlink(&public, &link).unwrap();
        let err = ensure_outside(&link.join("report.html"), &public).unwrap_err();
        assert!(matches!(err, BuildError::PrivateInPublishedTree { .. }));
        // And the other way round: the published dir given through a symlink.
        assert!(ensure_outside(&public.join("r.html"), &link).is_err());
    }
}
