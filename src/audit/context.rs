//! What the checks know besides the site: the school's profile, the
//! register, the staff list and today's date.

use chrono::NaiveDate;

use super::Origin;
use crate::approvals::Approvals;
use crate::config::{AuditSettings, SchoolProfile};
use crate::faces::PhotoIndex;
use crate::names::NameIndex;
use crate::register::{ConsentRegister, StaffList};

/// Read-only inputs shared by every check.
#[derive(Debug)]
pub struct AuditContext {
    pub profile: SchoolProfile,
    pub register: Option<ConsentRegister>,
    pub staff: Option<StaffList>,
    /// "Today" for freshness and consent expiry; `--today` sets it so that
    /// results are reproducible.
    pub today: NaiveDate,
    /// Pupil and staff names compiled for fast searching.
    pub names: NameIndex,
    pub settings: AuditSettings,
    /// Content hash and detected faces of each published photo, computed by
    /// the command before the audit (rules do no I/O). `None`: not computed.
    pub photos: Option<PhotoIndex>,
    /// Recorded photo approvals, when the site has any.
    pub approvals: Approvals,
    /// Where the site came from (advice differs: only Schoolgate's own
    /// builds have Markdown to edit).
    pub origin: Origin,
}

impl AuditContext {
    pub fn new(
        profile: SchoolProfile,
        register: Option<ConsentRegister>,
        staff: Option<StaffList>,
        today: NaiveDate,
        settings: AuditSettings,
    ) -> Self {
        let names = NameIndex::new(register.as_ref(), staff.as_ref(), &settings.not_names);
        Self {
            profile,
            register,
            staff,
            today,
            names,
            settings,
            photos: None,
            approvals: Approvals::default(),
            origin: Origin::default(),
        }
    }

    /// Adds the photo facts (hashes, faces) computed before the audit.
    pub fn with_photos(mut self, photos: PhotoIndex) -> Self {
        self.photos = Some(photos);
        self
    }

    /// Says where the site came from.
    pub fn with_origin(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// Adds the recorded photo approvals.
    pub fn with_approvals(mut self, approvals: Approvals) -> Self {
        self.approvals = approvals;
        self
    }
}
