//! Personal metadata left inside published documents: who wrote and edited
//! them, reviewers' comments and tracked changes, hidden sheets and rows,
//! and photos inside them that still hold a GPS position or people tags.
//!
//! A newsletter typed in Word and uploaded as it is carries far more than
//! its text: the author and last editor, the school's "Company", every
//! reviewer's comment and tracked change with their name, and the photos
//! as they came off the phone. Anyone who downloads the file can read them
//! (File > Properties, the Review pane, "Unhide sheet"). This family reads
//! them with [`crate::documents::properties`].
//!
//! What is read: the **published bytes**, as for photos, so a folder or a
//! live site is judged by what visitors get. For Schoolgate's own build
//! (which removes the properties), a pupil named in the *original* file's
//! properties, comment authors or tracked changes still fails the audit:
//! the document names a child where nobody checked for consent, and its
//! comments and tracked changes are visible text the build does not touch.

use crate::audit::{AuditContext, Finding, Location, RuleMeta, Severity};
use crate::documents::properties::{self, DocumentMetadata, PropertyKind};
use crate::metadata::ImageMetadata;
use crate::names::TagMatch;
use crate::site::{Asset, AssetKind};

pub const AUTHOR: &str = "document-metadata/author";
pub const COMMENTS: &str = "document-metadata/comments";
pub const HIDDEN_CONTENT: &str = "document-metadata/hidden-content";
pub const PEOPLE_TAGS: &str = "document-metadata/people-tags";
pub const NOT_STRIPPED: &str = "document-metadata/not-stripped";

const STRIP_HELP: &str = "Publish the document through Schoolgate's build (it removes the \
author, company and XMP properties), or remove them before uploading: in Word, Excel or \
PowerPoint use File > Info > Check for Issues > Inspect Document > Remove All; in Acrobat use \
File > Properties and Tools > Redact > Remove Hidden Information.";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: AUTHOR,
        severity: Severity::Error,
        summary: "A published document's properties name its author, editor or a pupil",
        explanation: "Word, Excel, PowerPoint and PDF files record who wrote them (Author), who \
saved them last (Last modified by), the organisation (Company), a Manager, and in PDFs an XMP \
copy of the same (dc:creator, pdf:Author). Anyone can read them in File > Properties.\n\n\
A **pupil's full name** in any property (the author, the last editor, the title, the keywords) \
is an error: the name is published with the file whatever the page says, and nobody checked it \
against the register. This happens when a pupil's work or report is saved on their account, or \
a file is named after a child.\n\n\
A member of staff, the school or another organisation as author or editor is a **note** \
(info), not a fault: a policy written by the head teacher, a newsletter saved by the office or \
a \"Company\" that is the school's name are normal for a school and the staff are named on the \
website anyway. Schoolgate's build removes these fields all the same (they say nothing a \
reader needs); the note is there so the school knows they are still in files published \
elsewhere.\n\n**How to fix:** publish the document through Schoolgate's build, or remove the \
properties before uploading (Word: File > Info > Check for Issues > Inspect Document).",
    },
    RuleMeta {
        id: COMMENTS,
        severity: Severity::Error,
        summary: "A published document still holds review comments or tracked changes",
        explanation: "Review comments and tracked changes travel with a Word, Excel or \
PowerPoint file, and sticky notes, highlights and drawings with a PDF, each with the name of \
the person who made it. Comments are written for \
colleagues, not for parents (\"check with Amelia's mum first\"), and deleted text in a tracked \
change is still in the file. They are a **warning**; when a comment's or a change's author is \
a pupil's full name (a pupil's work reviewed on the pupil's own account) it is an **error**.\n\n\
**How to fix:** accept or reject every tracked change and delete every comment (Review > \
Accept > Accept All Changes; Review > Delete > Delete All Comments), then save again, or \
publish a PDF made from the final version. In a PDF, delete the notes in the Comments panel \
of Acrobat or Edge, or print it to a new PDF.",
    },
    RuleMeta {
        id: HIDDEN_CONTENT,
        severity: Severity::Warning,
        summary: "A published spreadsheet hides sheets, rows or columns that hold names",
        explanation: "Excel lets a sheet, a row or a column be hidden, not removed: a results table \
published with a hidden sheet of pupils' names, hidden rows of a class list or its surname \
column hidden gives those names to anyone who right-clicks \"Unhide\". Hidden sheets, rows \
and columns are reported when they \
hold a name from the register or the staff list, or a column headed like a name (Name, \
Forename, Surname, Pupil, Child). Hidden sheets of numbers (lookup tables, chart data) are \
normal and not reported. A pupil's full name in them is also reported by the `names` checks.\n\n\
**How to fix:** delete the hidden sheet, rows or columns (not only hide them), or publish the table as \
a PDF of what should be seen.",
    },
    RuleMeta {
        id: PEOPLE_TAGS,
        severity: Severity::Error,
        summary: "A published document, or a photo inside it, holds people tags or a GPS position",
        explanation: "Photos pasted into a Word file or a presentation keep their own \
metadata: the GPS position where they were taken and the people tags a photo tool wrote. A PDF \
may carry the same in its XMP packet. Anyone who unzips the document or opens it in a PDF tool \
can read them, even when the page and the document never name the child.\n\n**How to fix:** \
publish the document through Schoolgate's build (it removes the metadata of photos inside \
Word, PowerPoint and Excel files and a PDF's XMP), or insert photos that were exported \
without metadata.",
    },
    RuleMeta {
        id: NOT_STRIPPED,
        severity: Severity::Warning,
        summary: "The build could not safely remove a document's personal metadata",
        explanation: "Schoolgate's build removes the author, last editor, company and manager \
from Word, Excel and PowerPoint files, reviewers' names from comments and PDF notes, and a \
PDF's personal Info fields and XMP metadata, leaving what a reader sees untouched. Some files cannot be \
rewritten without harm: an encrypted PDF cannot be changed without its password, a digitally \
signed PDF would lose its signature, and a damaged file may not survive being rewritten. \
Those are published as they are, and this warning says so.\n\n**How to fix:** remove the \
properties in the program that made the file (Word: File > Info > Inspect Document; Acrobat: \
Remove Hidden Information) before signing or protecting it, or publish an unprotected copy.",
    },
];

pub fn check_asset(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    if !matches!(asset.kind, AssetKind::Pdf | AssetKind::Document) {
        return;
    }
    let Some(published) = properties::read(&asset.bytes) else {
        return;
    };
    check(&published, asset.original_document.as_deref(), asset, ctx, out);
}

/// The findings for one document: `published` is what visitors get,
/// `original` (own build only) the file before cleaning.
pub fn check(
    published: &DocumentMetadata,
    original: Option<&DocumentMetadata>,
    asset: &Asset,
    ctx: &AuditContext,
    out: &mut Vec<Finding>,
) {
    let location = || Location::asset(&asset.url, asset.source.as_ref());
    let what = published.format.describe();
    let names_source = original.unwrap_or(published);

    // Pupils named in properties (published or original).
    let mut named = Named::default();
    for p in &names_source.properties {
        named.check(ctx, &p.value, &p.field);
    }
    if !named.is_empty() {
        out.push(named.finding(
            AUTHOR,
            location(),
            format!("This {what}'s properties name {}.", named.labels(ctx)),
            STRIP_HELP,
        ));
    }

    // Staff, the school, anyone else in person/organisation fields.
    let people: Vec<&properties::Property> = published
        .properties
        .iter()
        .filter(|p| p.kind != PropertyKind::Descriptive && !mentions_pupil(ctx, &p.value))
        .collect();
    if !people.is_empty() {
        let mut fields: Vec<&str> = people.iter().map(|p| p.field.as_str()).collect();
        fields.dedup();
        let staff = people.iter().filter(|p| is_staff(ctx, &p.value)).count();
        let who = if staff == people.len() { " (a member of staff)" } else { "" };
        out.push(
            Finding::new(
                AUTHOR,
                Severity::Info,
                location(),
                format!("This {what} still says who made it{who}: {}.", fields.join(", ")),
                STRIP_HELP,
            )
            .with_private_detail(
                people.iter().map(|p| format!("{}: {}", p.field, p.value)).collect::<Vec<_>>().join("\n"),
            ),
        );
    }

    // Comments and tracked changes.
    let mut named = Named::default();
    for c in names_source.comments.iter().chain(&names_source.revisions) {
        named.check(ctx, &c.author, &c.part);
    }
    if !named.is_empty() {
        out.push(named.finding(
            COMMENTS,
            location(),
            format!("This {what} has review comments or tracked changes made under the name of {}.", named.labels(ctx)),
            COMMENTS_HELP,
        ));
    }
    let comments = published.comments.len();
    let revisions = published.revisions.len();
    if comments + revisions > 0 {
        let mut authors: Vec<&str> =
            published.comments.iter().chain(&published.revisions).map(|c| c.author.as_str()).collect();
        authors.sort_unstable();
        authors.dedup();
        let mut parts = Vec::new();
        if comments > 0 {
            parts.push(format!("{comments} review comment{} or comment author{}", plural(comments), plural(comments)));
        }
        if revisions > 0 {
            parts.push(format!("{revisions} tracked change{}", plural(revisions)));
        }
        out.push(
            Finding::new(
                COMMENTS,
                Severity::Warning,
                location(),
                format!(
                    "This {what} still holds {}, with the names of {} reviewer{}.",
                    parts.join(" and "),
                    authors.len(),
                    plural(authors.len())
                ),
                COMMENTS_HELP,
            )
            .with_private_detail(authors.join("; ")),
        );
    }

    // Hidden sheets and rows that hold names.
    for hidden in &published.hidden {
        let mut pupils = 0;
        let mut staff = 0;
        let mut header = false;
        let mut detail = Vec::new();
        for cell in &hidden.cells {
            let found = ctx.names.find_pupils(cell);
            if !found.is_empty() || ctx.names.match_tag_all(cell, false).iter().any(|m| matches!(m, TagMatch::Pupil(_)))
            {
                pupils += 1;
                detail.push(cell.clone());
            } else if is_staff(ctx, cell) {
                staff += 1;
                detail.push(cell.clone());
            } else if is_name_header(cell) {
                header = true;
            }
        }
        if pupils + staff == 0 && !header {
            continue;
        }
        let holds = match (pupils, staff) {
            (0, 0) => "a column of names".to_string(),
            (p, 0) => format!("{p} pupil name{}", plural(p)),
            (0, s) => format!("{s} staff name{}", plural(s)),
            (p, s) => format!("{p} pupil name{} and {s} staff name{}", plural(p), plural(s)),
        };
        let mut finding = Finding::new(
            HIDDEN_CONTENT,
            Severity::Warning,
            location(),
            format!("This {what} has a {} that holds {holds}; anyone can unhide it.", hidden.place),
            "Delete the hidden sheet or rows (hiding does not remove them), or publish a PDF of what should be seen.",
        );
        if !detail.is_empty() {
            finding = finding.with_private_detail(detail.join("\n"));
        }
        out.push(finding);
    }

    // People tags and GPS: the document's XMP and photos inside it.
    let mut places = Vec::new();
    let mut detail = Vec::new();
    let mut tagged = |label: &str, meta: &ImageMetadata, places: &mut Vec<String>| {
        let tags: Vec<&crate::metadata::Tag> = meta
            .tags
            .iter()
            .filter(|t| {
                t.source.is_person_field()
                    || ctx.names.match_tag_all(&t.value, false).iter().any(|m| matches!(m, TagMatch::Pupil(_)))
            })
            .collect();
        let mut kinds = Vec::new();
        if meta.personal.gps {
            kinds.push("a GPS position".to_string());
        }
        if !tags.is_empty() {
            kinds.push(format!("{} people tag{}", tags.len(), plural(tags.len())));
            detail.extend(tags.iter().map(|t| format!("{label}: {}: {}", t.source.describe(), t.value)));
        }
        if !kinds.is_empty() {
            places.push(format!("{label} ({})", kinds.join(", ")));
        }
    };
    tagged("the document's XMP metadata", &published.xmp, &mut places);
    for photo in &published.photos {
        tagged(&photo.part, &photo.metadata, &mut places);
    }
    if !places.is_empty() {
        let mut finding = Finding::new(
            PEOPLE_TAGS,
            Severity::Error,
            location(),
            format!("This {what} still holds personal metadata: {}.", places.join("; ")),
            STRIP_HELP,
        );
        if !detail.is_empty() {
            finding = finding.with_private_detail(detail.join("\n"));
        }
        out.push(finding);
    }
}

const COMMENTS_HELP: &str = "Accept or reject every tracked change and delete every comment \
(Review > Accept All Changes; Review > Delete All Comments), save, and publish again; or \
publish a PDF made from the final version.";

/// Pupils found in document fields, for one finding.
#[derive(Default)]
struct Named {
    pupils: Vec<usize>,
    detail: Vec<String>,
}

impl Named {
    /// Records the pupils a value names: a full name in free text, or the
    /// whole value being a pupil's name (an author field "Patel, Harry").
    fn check(&mut self, ctx: &AuditContext, value: &str, place: &str) {
        let mut found: Vec<usize> = ctx.names.find_pupils(value).into_iter().map(|h| h.pupil).collect();
        if found.is_empty() {
            found = ctx
                .names
                .match_tag_all(value, false)
                .into_iter()
                .filter_map(|m| match m {
                    TagMatch::Pupil(i) => Some(i),
                    _ => None,
                })
                .collect();
        }
        if !found.is_empty() {
            self.detail.push(format!("{place}: {value}"));
        }
        for p in found {
            if !self.pupils.contains(&p) {
                self.pupils.push(p);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.pupils.is_empty()
    }

    /// First names and year groups only: never a surname in a message.
    fn labels(&self, ctx: &AuditContext) -> String {
        let pupils = ctx.register.as_ref().map_or(&[][..], |r| &r.pupils[..]);
        let labels: Vec<String> = self.pupils.iter().filter_map(|&i| pupils.get(i)).map(|p| p.safe_label()).collect();
        if labels.is_empty() { "a pupil".to_string() } else { labels.join(", ") }
    }

    fn finding(&self, rule: &'static str, location: Location, message: String, help: &str) -> Finding {
        Finding::new(rule, Severity::Error, location, message, help).with_private_detail(self.detail.join("\n"))
    }
}

fn mentions_pupil(ctx: &AuditContext, value: &str) -> bool {
    !ctx.names.find_pupils(value).is_empty()
        || ctx.names.match_tag_all(value, false).iter().any(|m| matches!(m, TagMatch::Pupil(_)))
}

fn is_staff(ctx: &AuditContext, value: &str) -> bool {
    ctx.names.match_tag_all(value, false).iter().any(|m| matches!(m, TagMatch::Staff(_)))
}

/// Column headings that say the column below holds people's names.
fn is_name_header(cell: &str) -> bool {
    let c = cell.trim().to_lowercase();
    matches!(
        c.as_str(),
        "name"
            | "names"
            | "full name"
            | "first name"
            | "firstname"
            | "forename"
            | "forenames"
            | "legal forename"
            | "preferred forename"
            | "surname"
            | "last name"
            | "lastname"
            | "family name"
            | "pupil"
            | "pupil name"
            | "pupils"
            | "child"
            | "child's name"
            | "student"
            | "student name"
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SchoolProfile;
    use crate::documents::properties::{Contribution, DocumentFormat, EmbeddedPhoto, HiddenContent, Property};
    use crate::metadata::{PersonalFields, Tag, TagSource};
    use crate::register::{ConsentRegister, Pupil, StaffList, StaffMember};
    use chrono::NaiveDate;

    fn ctx() -> AuditContext {
        let register =
            ConsentRegister { pupils: vec![Pupil::for_tests("Harry", None, "Patel", "Year 4")], ..Default::default() };
        let staff = StaffList {
            members: vec![StaffMember {
                title: Some("Mrs".into()),
                forename: "Jane".into(),
                surname: "Hughes".into(),
                role: Some("Headteacher".into()),
            }],
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        AuditContext::new(SchoolProfile::default(), Some(register), Some(staff), today, Default::default())
    }

    fn doc() -> DocumentMetadata {
        DocumentMetadata::new(DocumentFormat::Docx)
    }

    fn asset() -> Asset {
        Asset {
            url: "/letters/trip.docx".into(),
            kind: AssetKind::Document,
            bytes: Vec::new().into(),
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        }
    }

    fn run(published: &DocumentMetadata, original: Option<&DocumentMetadata>) -> Vec<Finding> {
        let mut out = Vec::new();
        check(published, original, &asset(), &ctx(), &mut out);
        out
    }

    fn prop(field: &str, value: &str, kind: PropertyKind) -> Property {
        Property { field: field.into(), value: value.into(), kind }
    }

    fn rules(out: &[Finding]) -> Vec<(&'static str, Severity)> {
        out.iter().map(|f| (f.rule, f.severity)).collect()
    }

    #[test]
    fn every_rule_used_is_in_the_catalogue() {
        for id in [AUTHOR, COMMENTS, HIDDEN_CONTENT, PEOPLE_TAGS, NOT_STRIPPED] {
            assert!(RULES.iter().any(|r| r.id == id), "{id}");
        }
    }

    #[test]
    fn a_pupil_as_last_editor_is_an_error_without_the_surname() {
        let mut d = doc();
        d.properties.push(prop("Last modified by", "Harry Patel", PropertyKind::Person));
        let out = run(&d, None);
        assert_eq!(rules(&out), [(AUTHOR, Severity::Error)]);
        assert_eq!(out[0].message, "This Word document's properties name Harry (Year 4).");
        assert!(out[0].private_detail.as_deref().is_some_and(|d| d.contains("Harry Patel")));
        // "Patel, Harry" as Office writes some account names.
        let mut d = doc();
        d.properties.push(prop("Author", "Patel, Harry", PropertyKind::Person));
        assert_eq!(rules(&run(&d, None)), [(AUTHOR, Severity::Error)]);
    }

    #[test]
    fn a_policy_by_the_head_or_the_school_is_only_a_note() {
        let mut d = doc();
        d.properties.push(prop("Author", "Jane Hughes", PropertyKind::Person));
        d.properties.push(prop("Company", "Hollybrook Primary School", PropertyKind::Organisation));
        d.properties.push(prop("Title", "Behaviour policy", PropertyKind::Descriptive));
        let out = run(&d, None);
        assert_eq!(rules(&out), [(AUTHOR, Severity::Info)]);
        assert_eq!(out[0].message, "This Word document still says who made it: Author, Company.");
        let mut head = doc();
        head.properties.push(prop("Author", "Head Teacher", PropertyKind::Person));
        assert_eq!(rules(&run(&head, None)), [(AUTHOR, Severity::Info)]);
        // Only descriptive properties: nothing to say.
        let mut plain = doc();
        plain.properties.push(prop("Title", "Harvest letter", PropertyKind::Descriptive));
        assert!(run(&plain, None).is_empty());
    }

    #[test]
    fn a_pupil_named_only_in_the_original_still_fails_the_build() {
        let mut original = doc();
        original.comments.push(Contribution { part: "word/comments.xml".into(), author: "Harry Patel".into() });
        let mut published = doc();
        published.comments.push(Contribution { part: "word/comments.xml".into(), author: "Author".into() });
        let out = run(&published, Some(&original));
        assert_eq!(rules(&out), [(COMMENTS, Severity::Error), (COMMENTS, Severity::Warning)]);
        assert!(!out.iter().any(|f| f.message.contains("Patel")));
        // A pupil's name in a tracked change's author too.
        let mut d = doc();
        d.revisions.push(Contribution { part: "word/document.xml".into(), author: "harry patel".into() });
        assert_eq!(rules(&run(&d, None))[0], (COMMENTS, Severity::Error));
    }

    #[test]
    fn staff_comments_are_a_warning_and_no_comments_is_nothing() {
        let mut d = doc();
        d.comments.push(Contribution { part: "word/comments.xml".into(), author: "Jane Hughes".into() });
        d.revisions.push(Contribution { part: "word/document.xml".into(), author: "Jane Hughes".into() });
        let out = run(&d, None);
        assert_eq!(rules(&out), [(COMMENTS, Severity::Warning)]);
        assert_eq!(
            out[0].message,
            "This Word document still holds 1 review comment or comment author and 1 tracked change, with the names of 1 reviewer."
        );
        assert!(run(&doc(), None).is_empty());
    }

    #[test]
    fn hidden_sheets_with_names_warn_and_hidden_numbers_do_not() {
        let mut d = doc();
        d.format = DocumentFormat::Xlsx;
        d.hidden.push(HiddenContent { place: "hidden sheet \"Pupils\"".into(), cells: vec!["Harry Patel".into()] });
        d.hidden.push(HiddenContent { place: "hidden sheet \"Staff\"".into(), cells: vec!["Surname".into()] });
        d.hidden.push(HiddenContent {
            place: "hidden sheet \"Lookup\"".into(),
            cells: vec!["Total".into(), "Sprint".into()],
        });
        let out = run(&d, None);
        assert_eq!(rules(&out), [(HIDDEN_CONTENT, Severity::Warning), (HIDDEN_CONTENT, Severity::Warning)]);
        assert_eq!(
            out[0].message,
            "This Excel workbook has a hidden sheet \"Pupils\" that holds 1 pupil name; anyone can unhide it."
        );
        assert!(out[1].message.contains("a column of names"), "{}", out[1].message);
        assert!(!out[0].message.contains("Patel"));
    }

    #[test]
    fn embedded_photo_gps_and_tags_are_errors_and_plain_photos_nothing() {
        let mut d = doc();
        d.photos.push(EmbeddedPhoto {
            part: "word/media/image1.jpeg".into(),
            metadata: ImageMetadata {
                tags: vec![Tag {
                    value: "Harry Patel".into(),
                    source: TagSource::XmpPersonInImage,
                    from_sidecar: false,
                }],
                personal: PersonalFields { gps: true, ..Default::default() },
                ..Default::default()
            },
        });
        d.photos.push(EmbeddedPhoto {
            part: "word/media/image2.png".into(),
            metadata: ImageMetadata {
                tags: vec![Tag { value: "Harvest".into(), source: TagSource::DcSubject, from_sidecar: false }],
                ..Default::default()
            },
        });
        let out = run(&d, None);
        assert_eq!(rules(&out), [(PEOPLE_TAGS, Severity::Error)]);
        assert_eq!(
            out[0].message,
            "This Word document still holds personal metadata: word/media/image1.jpeg (a GPS position, 1 people tag)."
        );
        assert!(!out[0].message.contains("Patel"));
    }
}
