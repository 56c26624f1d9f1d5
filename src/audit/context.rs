//! What the checks know besides the site: the school's profile, the
//! register, the staff list and today's date.

use chrono::NaiveDate;

use crate::config::{AuditSettings, SchoolProfile};
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
        Self { profile, register, staff, today, names, settings }
    }
}
