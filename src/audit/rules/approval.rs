//! Photos of pupils published without a senior leader's approval.
//!
//! Only active with `require_photo_approval = true` under `[audit]`. A photo
//! "shows pupils" when a people tag names a pupil (or someone the register
//! does not know), or when faces were detected and the page did not mark it
//! `no_pupils=true`. It needs an approval recorded by `schoolgate approve`
//! for its exact bytes ([`crate::approvals`]): an edited photo is a new
//! photo.

use crate::approvals::{ApproverError, Standing};
use crate::audit::{AuditContext, Finding, PhotoUsage, RuleMeta, Severity};
use crate::names::TagMatch;
use crate::site::Asset;

use super::faces::photo_people;

pub const MISSING: &str = "approval/missing";
pub const NOT_STAFF: &str = "approval/not-staff";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: MISSING,
        severity: Severity::Error,
        summary: "A photo of pupils has not been approved for publication.",
        explanation: "The school requires every photo that shows pupils to be approved by a member \
of staff before it is published (`require_photo_approval = true` in schoolgate.toml). This photo \
shows pupils (it is tagged with a pupil, or faces were found in it) and there is no approval for \
it, or the photo has been edited or replaced since it was approved.\n\n\
**Why it matters:** the approval is the school's record that someone responsible looked at the \
photo before the world could see it.\n\n\
**How to fix it:** ask the approver to look at the photo, then run \
`schoolgate approve PATH-TO-PHOTO --by \"Their Name\"` (they must be on the staff list). \
`schoolgate approve --pending` lists every photo still waiting.",
    },
    RuleMeta {
        id: NOT_STAFF,
        severity: Severity::Error,
        summary: "A photo of pupils is approved only by someone who is not on the staff list.",
        explanation: "An approval counts only if the person named in its `by` is on the school's \
current staff list. This photo's approval names someone who is not: the approvals file was edited \
by hand, the name is misspelt, or the person has left the school and been removed from the list \
(or the site has no staff list to check against).\n\n\
**Why it matters:** anyone who can edit the approvals file could otherwise approve a photo of \
pupils in a name that means nothing.\n\n\
**How to fix it:** ask a current member of staff to look at the photo and run \
`schoolgate approve PATH-TO-PHOTO --by \"Their Name\"`; that replaces the approval that does not count.",
    },
];

/// Why a photo needs approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShowsPupils {
    /// People tags naming pupils (or people the register does not know).
    Tagged(usize),
    /// Faces detected, no tag, not marked as showing no pupils.
    Faces(usize),
}

impl std::fmt::Display for ShowsPupils {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShowsPupils::Tagged(1) => f.write_str("tagged with a pupil"),
            ShowsPupils::Tagged(n) => write!(f, "tagged with {n} pupils"),
            ShowsPupils::Faces(1) => f.write_str("1 face found"),
            ShowsPupils::Faces(n) => write!(f, "{n} faces found"),
        }
    }
}

/// Whether the photo shows pupils, and how we know. Tags that name only
/// staff do not count; without a register every person tag counts.
pub fn shows_pupils(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext) -> Option<ShowsPupils> {
    if !asset.kind.shows_people() {
        return None;
    }
    let people = photo_people(asset, usage.get(&asset.url));
    let pupils = people
        .names
        .iter()
        .filter(|name| {
            ctx.register.is_none() || {
                let m = ctx.names.match_tag_all(name, true);
                m.is_empty() || m.iter().any(|t| matches!(t, TagMatch::Pupil(_) | TagMatch::Unknown))
            }
        })
        .count();
    if pupils > 0 {
        return Some(ShowsPupils::Tagged(pupils));
    }
    let faces = ctx.photos.as_ref()?.get(&asset.url)?.face_count()?;
    (faces > 0 && !people.no_pupils).then_some(ShowsPupils::Faces(faces))
}

/// SHA-256 of the photo as the approval must match it: the original file's
/// (from the photo facts) or, failing that, the published bytes'.
pub fn photo_hash(asset: &Asset, ctx: &AuditContext) -> String {
    match ctx.photos.as_ref().and_then(|p| p.get(&asset.url)) {
        Some(f) => f.sha256.clone(),
        None => crate::faces::content_hash(&asset.bytes),
    }
}

pub fn check_asset(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext, out: &mut Vec<Finding>) {
    if !ctx.settings.require_photo_approval {
        return;
    }
    let Some(why) = shows_pupils(asset, usage, ctx) else { return };
    let refused = match ctx.approvals.standing(&photo_hash(asset, ctx), ctx.staff.as_ref()) {
        Standing::Approved(_) => return,
        Standing::Refused { at, why, .. } => Some((at, why)),
        Standing::None => None,
    };
    let file = ctx.names.redact_path(&asset.url);
    let file = crate::site::file_name(&file);
    let path = asset.source.as_ref().map(|s| ctx.names.redact_path(&s.path.to_string_lossy()));
    let command = format!("schoolgate approve {} --by \"Their Name\"", path.as_deref().unwrap_or("PATH-TO-PHOTO"));
    if let Some((at, refusal)) = refused {
        let line = at.line.map(|l| format!(" line {l}")).unwrap_or_default();
        let name = at.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // The approver's name may be anyone's (a pupil's): it stays out of CI output.
        let because = match refusal {
            ApproverError::NoStaffList(_) => "the site has no staff list to check the approver against",
            ApproverError::Ambiguous(_) => "its `by` matches more than one person on the staff list",
            ApproverError::NotStaff(_) => "the person named in its `by` is not on the current staff list",
        };
        let mut location = usage.location(asset);
        location.source = Some((&at).into());
        out.push(
            Finding::new(
                NOT_STAFF,
                Severity::Error,
                location,
                format!(
                    "The photo {file} shows pupils ({why}) and its approval ({name}{line}) does not count: {because}."
                ),
                format!("Ask a current member of staff to check the photo, then run: {command}"),
            )
            .with_private_detail(format!(
                "{} approval at {}{line}: {refusal}",
                asset.url,
                at.path.display()
            )),
        );
        return;
    }
    out.push(
        Finding::new(
            MISSING,
            Severity::Error,
            usage.location(asset),
            format!(
                "The photo {file} shows pupils ({why}) and has not been approved for publication, or was changed after it was approved."
            ),
            format!("Ask a senior leader to check the photo, then run: {command}"),
        )
        .with_private_detail(format!("{} needs approval: {why}", asset.url)),
    );
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use chrono::{NaiveDate, Utc};

    use super::*;
    use crate::approvals::{Approval, Approvals};
    use crate::config::{AuditSettings, RegisterSettings, SchoolProfile};
    use crate::faces::{Detection, FaceBox, PhotoFacts, PhotoIndex};
    use crate::metadata::{ImageMetadata, Tag, TagSource};
    use crate::register::{load_register, load_staff};
    use crate::site::AssetKind;
    use crate::site::SourceRef;

    const URL: &str = "/news/a.jpg";

    fn ctx(faces: usize, approved: Option<&str>) -> AuditContext {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers");
        let register = load_register(&RegisterSettings { path: "sims-export.csv".into(), ..Default::default() }, &dir);
        let staff = load_staff(&dir.join("staff.csv")).ok();
        let settings = AuditSettings { require_photo_approval: true, ..Default::default() };
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut index = PhotoIndex::default();
        let face = FaceBox { x: 0, y: 0, width: 40, height: 40, score: 3.0 };
        let detection = Detection { width: 640, height: 480, faces: vec![face; faces] };
        index.insert(URL, PhotoFacts { sha256: "h1".into(), faces: Some(detection), unreadable: None });
        let mut approvals = Approvals::default();
        if let Some(h) = approved {
            approvals.record(Approval {
                photo: "a.jpg".into(),
                sha256: h.into(),
                by: "Mrs Amelia Jones".into(),
                at: Utc::now(),
            });
        }
        AuditContext::new(SchoolProfile::default(), register.ok(), staff, today, settings)
            .with_photos(index)
            .with_approvals(approvals)
    }

    fn photo(tags: &[&str]) -> Asset {
        Asset {
            url: URL.into(),
            kind: AssetKind::Image,
            bytes: Arc::from(&b"\xFF\xD8\xFF\xD9"[..]),
            original_metadata: Some(ImageMetadata {
                tags: tags
                    .iter()
                    .map(|v| Tag { value: v.to_string(), source: TagSource::MwgRegion, from_sidecar: false })
                    .collect(),
                ..Default::default()
            }),
            source: Some(SourceRef::file(Path::new("content/news/a.jpg"))),
            text: None,
            original_document: None,
        }
    }

    fn run(asset: &Asset, ctx: &AuditContext) -> Vec<Finding> {
        let mut out = Vec::new();
        check_asset(asset, &PhotoUsage::default(), ctx, &mut out);
        out
    }

    #[test]
    fn photo_of_pupils_needs_an_approval_for_its_exact_bytes() {
        let out = run(&photo(&["Aisha Khan"]), &ctx(0, None));
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!((out[0].rule, out[0].severity), (MISSING, Severity::Error));
        assert!(out[0].message.contains("tagged with a pupil"), "{}", out[0].message);
        assert!(out[0].help.contains("schoolgate approve content/news/a.jpg --by"), "{}", out[0].help);
        assert!(run(&photo(&["Aisha Khan"]), &ctx(0, Some("h1"))).is_empty());
        // An approval for other bytes (the photo before it was edited) does not count.
        assert_eq!(run(&photo(&["Aisha Khan"]), &ctx(0, Some("h0"))).len(), 1);
    }

    #[test]
    fn an_approval_by_someone_not_on_the_staff_list_does_not_count() {
        let mut c = ctx(0, None);
        for by in ["Mr Nobody", "Aisha Khan"] {
            c.approvals.record(Approval { photo: "a.jpg".into(), sha256: "h1".into(), by: by.into(), at: Utc::now() });
            let out = run(&photo(&["Aisha Khan"]), &c);
            assert_eq!(out.len(), 1, "{out:#?}");
            assert_eq!(out[0].rule, NOT_STAFF);
            assert!(out[0].message.contains("does not count"), "{}", out[0].message);
            assert!(!out[0].message.contains(by), "the name stays out of CI output: {}", out[0].message);
        }
        c.staff = None;
        c.approvals.record(Approval {
            photo: "a.jpg".into(),
            sha256: "h1".into(),
            by: "Mrs Amelia Jones".into(),
            at: Utc::now(),
        });
        assert_eq!(run(&photo(&["Aisha Khan"]), &c)[0].rule, NOT_STAFF, "no staff list: nothing can be checked");
    }

    #[test]
    fn faces_count_staff_only_tags_do_not_and_the_setting_gates_it() {
        let out = run(&photo(&[]), &ctx(2, None));
        assert!(out[0].message.contains("2 faces found"), "{}", out[0].message);
        assert!(run(&photo(&["Mrs Amelia Jones"]), &ctx(0, None)).is_empty());
        assert!(run(&photo(&[]), &ctx(0, None)).is_empty());
        let mut off = ctx(2, None);
        off.settings.require_photo_approval = false;
        assert!(run(&photo(&[]), &off).is_empty());
    }
}
