//! Rule metadata: the catalogue `schoolgate rules` prints.

use super::Severity;

/// What a rule is, in words. Each family file declares a `RULES` slice of these.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable id, `family/name`. Never reused or renamed.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it, in plain English (Markdown).
    pub explanation: &'static str,
}

/// What a finding is about, for ordering a report by what matters: a child
/// at risk comes before a missing policy, and a missing policy before a
/// capital letter in a file name. Derived from the rule's family so a new
/// rule in an existing family needs no entry here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Concern {
    /// Consent, pupils' names, personal metadata, faces, approvals, personal
    /// contact details: what can put a child (or an adult) at risk.
    Safeguarding,
    /// What the DfE says a school must publish.
    Statutory,
    /// Broken links, accessibility, file names, scripts, crawling, waivers.
    Other,
}

impl Concern {
    /// Every concern, in report order.
    pub const ALL: [Concern; 3] = [Concern::Safeguarding, Concern::Statutory, Concern::Other];

    /// The concern of a rule id such as `consent/no-consent`.
    pub fn of(rule_id: &str) -> Concern {
        let family = rule_id.split_once('/').map_or(rule_id, |(family, _)| family);
        match family {
            "consent" | "names" | "image-metadata" | "document-metadata" | "faces" | "approval" | "contact"
            | "video" => Concern::Safeguarding,
            "dfe" | "statutory" => Concern::Statutory,
            // An unlinked photo that is tagged with people is a safeguarding
            // problem, but the rule is one; it is ordered by its severity.
            _ => Concern::Other,
        }
    }

    /// Heading for people.
    pub fn heading(self) -> &'static str {
        match self {
            Concern::Safeguarding => "Safeguarding (consent, names, personal details)",
            Concern::Statutory => "Statutory information (DfE)",
            Concern::Other => "Everything else (links, accessibility, file names)",
        }
    }

    /// Short key for machine-readable output.
    pub fn key(self) -> &'static str {
        match self {
            Concern::Safeguarding => "safeguarding",
            Concern::Statutory => "statutory",
            Concern::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogued_family_has_the_concern_a_school_expects() {
        assert_eq!(Concern::of("consent/no-consent"), Concern::Safeguarding);
        assert_eq!(Concern::of("names/full-name-on-page"), Concern::Safeguarding);
        assert_eq!(Concern::of("image-metadata/gps"), Concern::Safeguarding);
        assert_eq!(Concern::of("document-metadata/author"), Concern::Safeguarding);
        assert_eq!(Concern::of("video/embed-undeclared"), Concern::Safeguarding);
        assert_eq!(Concern::of("contact/personal-mobile"), Concern::Safeguarding);
        assert_eq!(Concern::of("dfe/missing"), Concern::Statutory);
        assert_eq!(Concern::of("alt-text/missing"), Concern::Other);
        assert_eq!(Concern::of("links/broken-internal"), Concern::Other);
        // Every family in the catalogue is placed deliberately: a new family
        // lands in Other until someone decides, which this list makes visible.
        let mut families: Vec<&str> = crate::audit::rules::all_rules()
            .iter()
            .map(|r| r.id.split_once('/').map_or(r.id, |(f, _)| f))
            .filter(|f| Concern::of(&format!("{f}/x")) == Concern::Other)
            .collect();
        families.sort_unstable();
        families.dedup();
        assert_eq!(
            families,
            ["alt-text", "crawl", "file-names", "links", "page", "scripts", "waivers"],
            "families filed under 'everything else'"
        );
    }
}
