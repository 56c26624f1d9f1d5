//! Saying plainly what the audit did not check.
//!
//! Without a consent register the consent and pupils'-names checks have
//! nobody to compare against, and before this rule they did nothing
//! silently: a clean report looked like a safe site. One finding, in every
//! report format, says so.

use crate::audit::{AuditContext, Finding, Location, Origin, RuleMeta, Severity};

pub const NO_REGISTER: &str = "consent/no-register";

pub const RULES: &[RuleMeta] = &[RuleMeta {
    id: NO_REGISTER,
    severity: Severity::Warning,
    summary: "No consent register was given, so photos and names were not checked against pupils' consent.",
    explanation: "Schoolgate checks photos and pupils' names against the consent register exported \
from the school's MIS (SIMS, Arbor, Bromcom…). This audit ran without one, so it could not tell \
whether a tagged child has photo consent, nor spot a pupil's full name in the text or in a file \
name. People tags, GPS and other personal details inside photos were still checked.\n\n\
**Severity:** a warning for a school's own build or folder, where the register should be at hand; \
an info note for a live website audited from outside (a trust auditing a member school's site \
often has no register to hand).\n\n\
**How to fix it:** export the register as CSV or Excel into a private folder (never inside \
`content/`, `static/` or the published folder) and name it in `schoolgate.toml`:\n\n\
```toml\n[register]\npath = \"private/register.csv\"\n```\n\n\
or pass `--register FILE` to `schoolgate audit`.",
}];

/// The one finding for an audit without a register, or nothing.
pub fn check_site(ctx: &AuditContext, out: &mut Vec<Finding>) {
    if ctx.register.is_some() {
        return;
    }
    let (severity, how) = match ctx.origin {
        Origin::OwnBuild => {
            (Severity::Warning, "Name the register's CSV or Excel file under [register] path in schoolgate.toml.")
        }
        Origin::Folder => (
            Severity::Warning,
            "Pass the register's CSV or Excel file with --register FILE (or [register] path in schoolgate.toml).",
        ),
        Origin::Live => (
            Severity::Info,
            "If you have the school's register, pass it with --register FILE to check consent and names too.",
        ),
    };
    out.push(Finding::new(
        NO_REGISTER,
        severity,
        Location::site(),
        "No consent register was given, so photos and pupils' names were NOT checked against consent. \
         People tags, GPS and other personal details in photos were still checked.",
        how,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(origin: Origin) -> Vec<Finding> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let ctx = AuditContext::new(Default::default(), None, None, today, Default::default()).with_origin(origin);
        let mut out = Vec::new();
        check_site(&ctx, &mut out);
        out
    }

    #[test]
    fn said_once_and_more_firmly_for_a_schools_own_site() {
        let own = run(Origin::OwnBuild);
        assert_eq!(own.len(), 1);
        assert_eq!((own[0].rule, own[0].severity), (NO_REGISTER, Severity::Warning));
        assert!(own[0].message.contains("NOT checked"), "{}", own[0].message);
        assert_eq!(run(Origin::Folder)[0].severity, Severity::Warning);
        assert_eq!(run(Origin::Live)[0].severity, Severity::Info);
    }
}
