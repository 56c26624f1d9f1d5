//! Temporary stand-ins until the register loaders land.
//! (Removed when the register work item is merged.)

use std::path::Path;

use super::{ConsentRegister, StaffList};
use crate::config::RegisterSettings;
use crate::error::BuildError;

pub fn load_register(settings: &RegisterSettings, root: &Path) -> Result<ConsentRegister, BuildError> {
    Ok(ConsentRegister { pupils: vec![], source: root.join(&settings.path) })
}

pub fn load_staff(path: &Path) -> Result<StaffList, BuildError> {
    Ok(StaffList { members: vec![], source: path.to_path_buf() })
}
