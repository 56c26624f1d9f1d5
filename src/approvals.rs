//! Photo approvals: a named member of staff said this exact photo may be
//! published.
//!
//! School policies usually say a senior leader approves every photo of
//! pupils before it goes on the website. `schoolgate approve` records who
//! approved which photo and when; with `require_photo_approval = true` the
//! audit refuses a photo of pupils without an approval
//! ([`crate::audit::rules::approval`]).
//!
//! An approval is for the photo's exact bytes (SHA-256 of the original
//! file), not its name: editing or replacing the photo voids it, and
//! renaming or moving it does not.
//!
//! An approval counts only while its `by` is on the current staff list
//! ([`Approvals::standing`]): a hand-written approval by "Mr Nobody", by a
//! pupil, or by someone who has since left does not count, and the audit
//! reports it with the approvals file's line.
//!
//! The approvals file is private (it names staff and lists photos not yet
//! published): by default `private/approvals.toml` beside `schoolgate.toml`,
//! set by `[audit] approvals = "…"`, and refused if it lies inside a folder
//! that is published (`content/`, `static/`, the template's `static/`, the
//! output folder).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::BuildError;
use crate::register::{StaffList, StaffMember, TITLES};

/// Where approvals live unless `schoolgate.toml` says otherwise.
pub const DEFAULT_PATH: &str = "private/approvals.toml";

/// One approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The photo's path when it was approved, relative to the site root (for people reading the file).
    pub photo: String,
    /// SHA-256 of the photo's bytes: what was actually approved.
    pub sha256: String,
    /// The member of staff, as written on the staff list.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Every approval recorded for a site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approvals {
    #[serde(default, rename = "approval")]
    approvals: Vec<Approval>,
    /// The file they were read from, and the line of each approval (same
    /// order), so a refused approval can be pointed at.
    #[serde(skip)]
    source: Option<PathBuf>,
    #[serde(skip)]
    lines: Vec<usize>,
}

/// The file's shape with positions, for line numbers.
#[derive(Deserialize)]
struct Positioned {
    #[serde(default)]
    approval: Vec<toml::Spanned<toml::Value>>,
}

/// Whether a photo's bytes are approved, judged against the staff list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing<'a> {
    /// An approval by a member of the current staff list.
    Approved(&'a Approval),
    /// Approvals exist for these bytes but none counts; the first one, where
    /// it is written, and why it does not count.
    Refused { approval: &'a Approval, at: crate::site::SourceRef, why: ApproverError },
    /// No approval for these bytes.
    None,
}

const HEADER: &str = "# Photo approvals, written by `schoolgate approve`. Private: never publish this file.\n\
# Each approval is for the exact bytes of a photo (sha256): editing the photo voids it.\n\n";

impl Approvals {
    /// The approvals file for a site, refused if it would be published.
    pub fn path(root: &Path, config: &Config) -> Result<PathBuf, BuildError> {
        let rel = config.audit.approvals.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
        let path = root.join(rel);
        crate::guard::not_published(&path, &crate::guard::Layout::new(root, config, None))?;
        Ok(path)
    }

    /// Reads the approvals file; a missing file means no approvals yet.
    pub fn load(path: &Path) -> Result<Self, BuildError> {
        let text = match crate::input::read_text(path, crate::limits::MAX_SETTINGS_BYTES) {
            Ok(t) => t,
            Err(crate::input::InputError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(e) => return Err(e.into()),
        };
        let invalid = |e: toml::de::Error| BuildError::InvalidFile {
            path: path.to_path_buf(),
            line: e.span().map(|s| crate::error::line_of_offset(&text, s.start)),
            message: format!("the approvals file {} is not valid: {}", path.display(), e.message().trim()),
            hint: "This file is written by `schoolgate approve`. Undo the last hand edit at this line, or delete \
                   this approval and approve the photo again with schoolgate approve PHOTO --by \"Your Name\"."
                .into(),
        };
        let mut list: Self = toml::from_str(&text).map_err(invalid)?;
        let positioned: Positioned = toml::from_str(&text).map_err(invalid)?;
        list.lines = positioned.approval.iter().map(|a| crate::error::line_of_offset(&text, a.span().start)).collect();
        list.source = Some(path.to_path_buf());
        Ok(list)
    }

    pub fn save(&self, path: &Path) -> Result<(), BuildError> {
        let body = toml::to_string(self).map_err(|e| BuildError::Other {
            message: format!("could not write the approvals: {e}"),
            hint: "Report this as a bug in Schoolgate.".into(),
        })?;
        let write = |p: &Path| -> std::io::Result<()> {
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            crate::output::write_atomic(p, format!("{HEADER}{body}").as_bytes())
        };
        write(path).map_err(|source| BuildError::Write { path: path.to_path_buf(), source })
    }

    /// The approval recorded for these exact bytes, if any, whoever made it.
    /// Whether it counts is [`Approvals::standing`]'s question.
    pub fn for_hash(&self, sha256: &str) -> Option<&Approval> {
        self.approvals.iter().find(|a| a.sha256 == sha256)
    }

    /// Whether these exact bytes are approved by someone on `staff`, the
    /// current staff list. Without a staff list no approval can be checked,
    /// so none counts.
    pub fn standing(&self, sha256: &str, staff: Option<&StaffList>) -> Standing<'_> {
        let mut refused = None;
        for (i, a) in self.approvals.iter().enumerate().filter(|(_, a)| a.sha256 == sha256) {
            let checked = match staff {
                Some(staff) => find_approver(&a.by, staff).map(|_| ()),
                None => Err(ApproverError::NoStaffList(a.by.clone())),
            };
            match checked {
                Ok(()) => return Standing::Approved(a),
                Err(why) if refused.is_none() => {
                    let path = self.source.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
                    let at = crate::site::SourceRef { path, line: self.lines.get(i).copied() };
                    refused = Some(Standing::Refused { approval: a, at, why });
                }
                Err(_) => {}
            }
        }
        refused.unwrap_or(Standing::None)
    }

    /// True when these exact bytes are approved by someone on the staff list.
    pub fn is_approved(&self, sha256: &str, staff: Option<&StaffList>) -> bool {
        matches!(self.standing(sha256, staff), Standing::Approved(_))
    }

    /// Records an approval, replacing an earlier one for the same bytes.
    pub fn record(&mut self, approval: Approval) {
        self.approvals.retain(|a| a.sha256 != approval.sha256);
        self.approvals.push(approval);
        // Lines describe the file as read; it is about to be written anew.
        self.lines.clear();
    }

    pub fn len(&self) -> usize {
        self.approvals.len()
    }
    pub fn is_empty(&self) -> bool {
        self.approvals.is_empty()
    }
}

/// Why `--by` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApproverError {
    #[error("\"{0}\" is not on the staff list, so cannot approve photos")]
    NotStaff(String),
    #[error("\"{0}\" matches more than one person on the staff list")]
    Ambiguous(String),
    #[error("\"{0}\" cannot be checked: the site has no staff list")]
    NoStaffList(String),
}

/// Finds the member of staff `by` names: "Mrs A Jones", "Amelia Jones",
/// "Mrs Jones" (if only one Jones). Titles are optional; an initial matches
/// a first name.
pub fn find_approver<'a>(by: &str, staff: &'a StaffList) -> Result<&'a StaffMember, ApproverError> {
    let words: Vec<String> =
        by.split(|c: char| c.is_whitespace() || c == '.').filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let (title, rest) = match words.split_first() {
        Some((t, rest)) if TITLES.contains(&t.as_str()) && !rest.is_empty() => (Some(t.as_str()), rest),
        _ => (None, &words[..]),
    };
    let Some((surname, given)) = rest.split_last() else {
        return Err(ApproverError::NotStaff(by.to_string()));
    };
    let fits = |m: &StaffMember| {
        let forename = m.forename.to_lowercase();
        m.surname.to_lowercase() == *surname
            && given
                .first()
                .is_none_or(|g| *g == forename || (g.chars().count() == 1 && forename.starts_with(g.as_str())))
            && title
                .is_none_or(|t| m.title.as_deref().is_none_or(|mt| mt.trim_end_matches('.').eq_ignore_ascii_case(t)))
    };
    let mut found = staff.members.iter().filter(|m| fits(m));
    match (found.next(), found.next()) {
        (Some(m), None) => Ok(m),
        (Some(_), Some(_)) => Err(ApproverError::Ambiguous(by.to_string())),
        (None, _) => Err(ApproverError::NotStaff(by.to_string())),
    }
}

/// "Mrs Amelia Jones": how an approver is recorded.
pub fn display_name(m: &StaffMember) -> String {
    match &m.title {
        Some(t) => format!("{t} {} {}", m.forename, m.surname),
        None => format!("{} {}", m.forename, m.surname),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> StaffList {
        crate::register::load_staff(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers/staff.csv"))
            .unwrap()
    }

    #[test]
    fn approvers_are_found_by_initial_title_or_full_name() {
        let s = staff();
        for by in ["Mrs A Jones", "Mrs A. Jones", "Amelia Jones", "mrs jones", "Jones"] {
            let m = find_approver(by, &s).unwrap_or_else(|e| panic!("{by}: {e}"));
            assert_eq!(display_name(m), "Mrs Amelia Jones");
        }
        assert_eq!(find_approver("Mr A Jones", &s), Err(ApproverError::NotStaff("Mr A Jones".into())));
        assert!(matches!(find_approver("B Jones", &s), Err(ApproverError::NotStaff(_))));
        assert!(matches!(find_approver("Harry Potter", &s), Err(ApproverError::NotStaff(_))));
        assert!(matches!(find_approver("", &s), Err(ApproverError::NotStaff(_))));
    }

    #[test]
    fn two_staff_with_the_same_surname_need_a_first_name() {
        let mut s = staff();
        let mut twin = s.members[0].clone();
        twin.forename = "Bella".into();
        s.members.push(twin);
        assert!(matches!(find_approver("Mrs Jones", &s), Err(ApproverError::Ambiguous(_))));
        assert_eq!(find_approver("Mrs B Jones", &s).unwrap().forename, "Bella");
    }

    #[test]
    fn approvals_round_trip_and_replace_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private/approvals.toml");
        let mut a = Approvals::load(&path).unwrap();
        assert!(a.is_empty());
        let at = DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z").unwrap().with_timezone(&Utc);
        a.record(Approval { photo: "content/a.jpg".into(), sha256: "aa".into(), by: "Mrs Amelia Jones".into(), at });
        a.record(Approval { photo: "content/b.jpg".into(), sha256: "aa".into(), by: "Mr David Okafor".into(), at });
        a.save(&path).unwrap();
        let back = Approvals::load(&path).unwrap();
        assert_eq!(back.approvals, a.approvals);
        assert_eq!(back.len(), 1);
        assert_eq!(back.for_hash("aa").unwrap().by, "Mr David Okafor");
        assert!(back.for_hash("bb").is_none());
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("# Photo approvals"));
    }

    #[test]
    fn only_approvals_by_current_staff_count_and_refusals_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("approvals.toml");
        let at = "at = \"2026-11-29T10:00:00Z\"\n";
        std::fs::write(
            &path,
            format!(
                "[[approval]]\nphoto = \"a.jpg\"\nsha256 = \"aa\"\nby = \"Mr Nobody\"\n{at}\n\
                 [[approval]]\nphoto = \"b.jpg\"\nsha256 = \"bb\"\nby = \"Mrs Amelia Jones\"\n{at}"
            ),
        )
        .unwrap();
        let list = Approvals::load(&path).unwrap();
        let s = staff();
        match list.standing("aa", Some(&s)) {
            Standing::Refused { at, why, .. } => {
                assert_eq!((at.path, at.line), (path.clone(), Some(1)));
                assert_eq!(why, ApproverError::NotStaff("Mr Nobody".into()));
            }
            other => panic!("{other:?}"),
        }
        assert!(list.is_approved("bb", Some(&s)));
        assert!(!list.is_approved("bb", None), "no staff list: nothing can be checked");
        // Mrs Jones leaves: her approvals stop counting.
        let mut left = s.clone();
        left.members.retain(|m| m.surname != "Jones");
        assert!(matches!(list.standing("bb", Some(&left)), Standing::Refused { .. }));
        assert_eq!(list.standing("cc", Some(&s)), Standing::None);
        // The second approval's refusal names its own line, not the first's.
        match list.standing("bb", Some(&left)) {
            Standing::Refused { at, .. } => assert_eq!(at.line, Some(7)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_broken_approvals_file_names_itself_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("approvals.toml");
        std::fs::write(&path, "[[approval]]\nphoto = \"a.jpg\"\nsha256 = 12\n").unwrap();
        let e = Approvals::load(&path).unwrap_err();
        assert!(e.to_string().contains("approvals file") && !e.to_string().contains("schoolgate.toml"), "{e}");
        assert_eq!(e.location().unwrap().line, Some(3), "{e}");
    }

    #[test]
    fn approvals_file_inside_a_published_folder_is_refused() {
        let root = Path::new("/site");
        let mut cfg = Config::default();
        assert_eq!(Approvals::path(root, &cfg).unwrap(), root.join(DEFAULT_PATH));
        for bad in ["content/approvals.toml", "static/a.toml", "public/a.toml", "site-template/static/x.toml"] {
            cfg.audit.approvals = Some(bad.into());
            assert!(
                matches!(Approvals::path(root, &cfg), Err(BuildError::PrivateInPublishedTree { .. })),
                "{bad} accepted"
            );
        }
        cfg.audit.approvals = Some(".schoolgate/approvals.toml".into());
        assert!(Approvals::path(root, &cfg).is_ok());
    }
}
