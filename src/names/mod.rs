//! Finding pupils' and staff names in text. (Stub: the matcher is built in
//! its own work item.)

use crate::register::{ConsentRegister, StaffList};

/// Names compiled for searching.
#[derive(Debug, Default)]
pub struct NameIndex {}

impl NameIndex {
    pub fn new(_register: Option<&ConsentRegister>, _staff: Option<&StaffList>, _not_names: &[String]) -> Self {
        Self {}
    }
}
