//! Alt text on images: missing or empty where it must not be, and alt text
//! that a screen-reader user would find useless.
//!
//! A school site must meet the public-sector accessibility regulations
//! (WCAG 2.2 AA); WCAG 1.1.1 needs a text alternative for every image that
//! carries meaning. The errors here follow axe-core's rules; the warnings
//! follow WebAIM WAVE's "suspicious alternative text" alerts. See
//! `docs/rules-comparison.md` for what differs.

use crate::audit::page_view::{ImageRef, collapse};
use crate::audit::{AuditContext, Finding, Location, PageView, RuleMeta, Severity};

use super::file_names::camera_default;

pub const MISSING: &str = "alt-text/missing";
pub const WHITESPACE: &str = "alt-text/whitespace";
pub const EMPTY_LINK_IMAGE: &str = "alt-text/empty-link-image";
pub const INPUT_IMAGE: &str = "alt-text/input-image";
pub const AREA: &str = "alt-text/area";
pub const ROLE_IMG: &str = "alt-text/role-img";
pub const FILE_NAME: &str = "alt-text/file-name";
pub const PLACEHOLDER: &str = "alt-text/placeholder";
pub const REDUNDANT_PREFIX: &str = "alt-text/redundant-prefix";
pub const REPEATS_TEXT: &str = "alt-text/repeats-text";
pub const TOO_LONG: &str = "alt-text/too-long";

/// Longer alt text than this is read out in one unbroken run, which
/// screen-reader users cannot skim; longer descriptions belong in the page.
pub const MAX_ALT_CHARS: usize = 150;

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: MISSING,
        severity: Severity::Error,
        summary: "An image has no alt attribute",
        explanation: "Blind and partially sighted visitors use screen readers, which read out an \
image's alt text. With no alt attribute at all, many screen readers read the file name instead \
(\"IMG underscore 4 8 2 1 dot jay peg\").\n\n**How to fix:** describe what the picture shows \
in a short sentence, e.g. `alt=\"Year 4 pupils planting trees by the pond\"`. If the picture is \
only decoration (a border, a background flourish), write `alt=\"\"` so screen readers skip it.",
    },
    RuleMeta {
        id: WHITESPACE,
        severity: Severity::Error,
        summary: "An image's alt text is only spaces",
        explanation: "Alt text made only of spaces is not treated as decorative by every screen \
reader: some announce the image with no description at all.\n\n**How to fix:** write a short \
description, or use `alt=\"\"` (nothing between the quotes) if the image is decoration.",
    },
    RuleMeta {
        id: EMPTY_LINK_IMAGE,
        severity: Severity::Error,
        summary: "A link's only content is an image with empty alt text",
        explanation: "When a picture is the only thing inside a link, its alt text is the link's \
name. With `alt=\"\"` the link is announced as just \"link\", so a screen-reader user cannot \
tell where it goes.\n\n**How to fix:** give the image alt text that says where the link goes \
or what it does, e.g. `alt=\"Ofsted report (PDF)\"` or `alt=\"Home\"`.",
    },
    RuleMeta {
        id: INPUT_IMAGE,
        severity: Severity::Error,
        summary: "An image button has no alt text",
        explanation: "An `<input type=\"image\">` is a button drawn as a picture. Without alt \
text a screen-reader user hears \"button\" and cannot tell what it does.\n\n**How to fix:** add \
alt text naming the action, e.g. `alt=\"Search\"`.",
    },
    RuleMeta {
        id: AREA,
        severity: Severity::Error,
        summary: "A clickable area of an image map has no alt text",
        explanation: "Each clickable `<area>` of an image map is a link; its alt text is the \
link's name. Without it a screen-reader user cannot tell where it goes.\n\n**How to fix:** add \
alt text to each `<area>` naming its destination, e.g. `alt=\"Reception classroom\"`.",
    },
    RuleMeta {
        id: ROLE_IMG,
        severity: Severity::Error,
        summary: "An element marked as an image (role=\"img\") has no text alternative",
        explanation: "Elements given `role=\"img\"` (often icons or SVG drawings) are announced \
as images, but they have no alt attribute, so they need their description another way.\n\n\
**How to fix:** add `aria-label=\"…\"` describing it, point `aria-labelledby` at visible text \
that describes it, or (for an SVG) put a `<title>` inside it. If it is decoration, use \
`aria-hidden=\"true\"` instead of `role=\"img\"`.",
    },
    RuleMeta {
        id: FILE_NAME,
        severity: Severity::Warning,
        summary: "An image's alt text is a file name",
        explanation: "Alt text such as `DSC_0042.JPG` or `sports-day.jpg` is usually filled in \
automatically by the editor. It describes nothing, and a screen reader reads it out letter by \
letter.\n\n**How to fix:** replace it with a short description of what the picture shows.",
    },
    RuleMeta {
        id: PLACEHOLDER,
        severity: Severity::Warning,
        summary: "An image's alt text is a placeholder word such as \"image\" or \"photo\"",
        explanation: "Alt text of just \"image\", \"photo\", \"picture\" or \"untitled\" tells a \
screen-reader user nothing they did not already know: the screen reader has already said it is \
an image.\n\n**How to fix:** describe what the picture shows, or use `alt=\"\"` if it is \
decoration.",
    },
    RuleMeta {
        id: REDUNDANT_PREFIX,
        severity: Severity::Warning,
        summary: "An image's alt text starts \"image of\", \"picture of\" or \"photo of\"",
        explanation: "Screen readers already announce that this is an image, so \"image of…\" \
is heard twice and delays what matters.\n\n**How to fix:** remove the opening words: \"Year 6 \
on the climbing wall\", not \"Photo of Year 6 on the climbing wall\". (If the medium matters, \
say so: \"Painting by Year 2 of…\".)",
    },
    RuleMeta {
        id: REPEATS_TEXT,
        severity: Severity::Warning,
        summary: "An image's alt text repeats its caption or the text next to it",
        explanation: "When alt text is word for word the same as the caption or the sentence \
beside it, screen-reader users hear the same thing twice.\n\n**How to fix:** if the caption \
already says everything, use `alt=\"\"`; otherwise make the alt text describe what the picture \
shows that the caption does not.",
    },
    RuleMeta {
        id: TOO_LONG,
        severity: Severity::Warning,
        summary: "An image's alt text is longer than 150 characters",
        explanation: "Screen readers read alt text in one go and users cannot skip through it or \
go back a sentence, so long alt text is hard to follow. Alt text should be a short description, \
usually one sentence.\n\n**How to fix:** shorten it to what the picture shows. If the picture \
needs a long explanation (a chart, a map), put the explanation in the page text and keep the \
alt text short.",
    },
];

/// Alt text made only of one of these words is a placeholder: WAVE's list of
/// suspicious alt text, plus common editor defaults.
const PLACEHOLDERS: &[&str] = &[
    "image",
    "graphic",
    "photo",
    "photograph",
    "drawing",
    "painting",
    "artwork",
    "logo",
    "bullet",
    "button",
    "arrow",
    "more",
    "spacer",
    "blank",
    "chart",
    "table",
    "diagram",
    "graph",
    "*",
    "picture",
    "pic",
    "img",
    "untitled",
    "untitled image",
    "placeholder",
    "alt",
    "alt text",
    "image description",
    "insert alt text",
    "photo1",
    "image1",
    "default",
];

/// Openings that repeat what the screen reader already says.
const REDUNDANT_OPENINGS: &[&str] = &[
    "image of",
    "picture of",
    "photo of",
    "photograph of",
    "graphic of",
    "an image of",
    "a picture of",
    "a photo of",
    "a photograph of",
    "a graphic of",
];

/// Image file extensions recognised in alt text.
const IMAGE_EXTENSIONS: &[&str] =
    &["jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "heic", "heif", "avif"];

pub fn check_page(view: &PageView<'_>, _ctx: &AuditContext, out: &mut Vec<Finding>) {
    let location = || Location::page(&view.page.url, view.page.source.as_ref());
    let from_markdown =
        view.page.source.as_ref().is_some_and(|s| s.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")));
    let svg_titles = svg_title_texts(view);
    let mut svg_index = 0;
    for img in &view.images {
        let svg_title = if img.element == "svg" {
            svg_index += 1;
            svg_titles.get(svg_index - 1).cloned().flatten()
        } else {
            None
        };
        // The photo's file name is in the Markdown image or shortcode (the
        // alt text may be a word the page also uses elsewhere).
        let needles: Vec<String> = std::iter::once(crate::site::file_name(&img.src).to_string())
            .chain(img.alt.iter().filter(|a| !a.trim().is_empty()).cloned())
            .collect();
        if let Some((rule, message, mut help)) = presence_problem(img, svg_title.as_deref()) {
            if rule == MISSING && from_markdown {
                help = format!(
                    "In this page's Markdown, write what the picture shows between the square brackets: \
                     ![Year 4 planting trees by the pond]({}), or give the photo shortcode alt=\"…\". \
                     (If the picture comes from a template, add the alt text there.)",
                    crate::site::file_name(&img.src)
                );
            }
            out.push(Finding::new(rule, severity_of(rule), location(), message, help).with_needles(needles));
            continue;
        }
        let Some(alt) = img.alt.as_deref() else {
            continue;
        };
        if img.presentational && !img.sole_link_content {
            continue;
        }
        for (rule, message, help) in quality_problems(img, alt) {
            out.push(Finding::new(rule, severity_of(rule), location(), message, help).with_needles(needles.clone()));
        }
    }
}

fn severity_of(rule: &str) -> Severity {
    RULES.iter().find(|r| r.id == rule).map_or(Severity::Warning, |r| r.severity)
}

/// How an image is named in messages: its `src`, or the element for
/// `role="img"` elements that have none.
fn describe(img: &ImageRef) -> String {
    match img.element.as_str() {
        "img" | "input" if !img.src.is_empty() => format!("Image \"{}\"", img.src),
        "input" => "Image button".to_string(),
        "area" => "Image-map area".to_string(),
        "img" => "Image with no src".to_string(),
        other => format!("<{other} role=\"img\">"),
    }
}

fn has_text(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.trim().is_empty())
}

type Problem = (&'static str, String, String);

/// Errors: the image has no usable text alternative where it needs one.
fn presence_problem(img: &ImageRef, svg_title: Option<&str>) -> Option<Problem> {
    let what = describe(img);
    let alt = img.alt.as_deref();
    let named_by_aria = has_text(img.aria_label.as_deref());
    match img.element.as_str() {
        "img" => {
            if alt.is_none() && !named_by_aria && !img.presentational {
                return Some((
                    MISSING,
                    format!("{what} has no alt attribute."),
                    "Add alt text describing the picture, or alt=\"\" if it is only decoration.".into(),
                ));
            }
            if let Some(a) = alt
                && !a.is_empty()
                && a.trim().is_empty()
                && !img.presentational
            {
                return Some((
                    WHITESPACE,
                    format!("{what} has alt text made only of spaces."),
                    "Write a short description, or use alt=\"\" with nothing between the quotes \
                     if it is decoration."
                        .into(),
                ));
            }
            if img.sole_link_content && !has_text(alt) && !named_by_aria {
                let (rule, message) = if alt.is_none() {
                    (MISSING, format!("{what} is the only content of a link and has no alt attribute."))
                } else {
                    (EMPTY_LINK_IMAGE, format!("{what} is the only content of a link but its alt text is empty."))
                };
                return Some((
                    rule,
                    message,
                    "Give it alt text saying where the link goes, e.g. alt=\"Ofsted report (PDF)\".".into(),
                ));
            }
            None
        }
        "input" if !has_text(alt) && !named_by_aria && !has_text(img.title.as_deref()) => Some((
            INPUT_IMAGE,
            format!("{what} (an image used as a button) has no alt text."),
            "Add alt text naming what the button does, e.g. alt=\"Search\".".into(),
        )),
        "area" if !has_text(alt) && !named_by_aria && !has_text(img.title.as_deref()) => Some((
            AREA,
            format!("{what} (a clickable part of an image map) has no alt text."),
            "Add alt text to the <area> naming where it links to.".into(),
        )),
        "input" | "area" => None,
        _ => {
            if img.presentational || named_by_aria || has_text(img.title.as_deref()) || has_text(svg_title) {
                None
            } else {
                Some((
                    ROLE_IMG,
                    format!("{what} has no text alternative."),
                    "Add aria-label=\"…\" describing it (or a <title> inside an SVG), or \
                     aria-hidden=\"true\" if it is decoration."
                        .into(),
                ))
            }
        }
    }
}

/// Warnings: alt text is present but unhelpful.
fn quality_problems(img: &ImageRef, alt: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    let alt_clean = collapse(alt);
    if alt_clean.is_empty() {
        return found;
    }
    let what = describe(img);
    let lower = alt_clean.to_lowercase();
    let shown = shorten(&alt_clean, 60);

    if looks_like_file_name(&alt_clean, &img.src) {
        found.push((
            FILE_NAME,
            format!("{what} has a file name as its alt text (\"{shown}\")."),
            "Replace it with a short description of what the picture shows.".into(),
        ));
    } else if PLACEHOLDERS.contains(&lower.trim_end_matches(['.', '!', ':'])) {
        found.push((
            PLACEHOLDER,
            format!("{what} has the placeholder alt text \"{shown}\"."),
            "Describe what the picture shows, or use alt=\"\" if it is only decoration.".into(),
        ));
    }
    if let Some(opening) = REDUNDANT_OPENINGS.iter().find(|o| starts_with_words(&lower, o)) {
        found.push((
            REDUNDANT_PREFIX,
            format!("{what} has alt text starting \"{opening}\" (\"{shown}\")."),
            format!("Remove \"{opening}\": screen readers already say it is an image."),
        ));
    }
    let same_as = |other: &str| !other.trim().is_empty() && collapse(other).to_lowercase() == lower;
    if img.caption.as_deref().is_some_and(same_as) {
        found.push((
            REPEATS_TEXT,
            format!("{what} has the same alt text as its caption (\"{shown}\")."),
            "Use alt=\"\" since the caption already says it, or make the alt text describe the picture.".into(),
        ));
    } else if same_as(&img.surrounding_text) {
        found.push((
            REPEATS_TEXT,
            format!("{what} has the same alt text as the text beside it (\"{shown}\")."),
            "Use alt=\"\" since the text already says it, or make the alt text describe the picture.".into(),
        ));
    }
    let length = alt_clean.chars().count();
    if length > MAX_ALT_CHARS {
        found.push((
            TOO_LONG,
            format!("{what} has alt text of {length} characters (more than {MAX_ALT_CHARS})."),
            "Shorten it to one sentence; put longer explanations in the page text.".into(),
        ));
    }
    found
}

/// True when `text` starts with `opening` followed by a word break.
fn starts_with_words(text: &str, opening: &str) -> bool {
    text.strip_prefix(opening).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':', ',', '-']))
}

/// Alt text that is a file name: text ending in an image extension, a
/// device default name (`IMG_1234`), or the image's own file name.
fn looks_like_file_name(alt: &str, src: &str) -> bool {
    let lower = alt.to_lowercase();
    if let Some((stem, ext)) = lower.rsplit_once('.')
        && !stem.trim().is_empty()
        && !stem.ends_with(' ')
        && IMAGE_EXTENSIONS.contains(&ext)
    {
        return true;
    }
    // Device names are often pasted without the extension; they all carry a
    // counter or date, which keeps plain words ("image") out of this test.
    let has_digit = alt.chars().any(|c| c.is_ascii_digit());
    if camera_default(alt).is_some() || has_digit && camera_default(&format!("{alt}.jpg")).is_some() {
        return true;
    }
    // The image's own file name, or its stem when the stem is machine-like
    // (`river-trip`, `hall_2`): alt "Search" on `search.png` is a real word.
    let file = super::file_names::file_name_of(src).to_lowercase();
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
    let machine_like = stem.contains(['-', '_']) || stem.chars().any(|c| c.is_ascii_digit());
    !stem.is_empty() && (lower == file || (lower == stem && machine_like && !stem.contains(' ')))
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The `<title>` text of each `<svg role="img">`, in document order. PageView
/// lists those SVGs in the same order, so the n-th SVG image it reports is
/// the n-th one here.
fn svg_title_texts(view: &PageView<'_>) -> Vec<Option<String>> {
    let (Ok(svgs), Ok(title)) = (scraper::Selector::parse("svg[role=img]"), scraper::Selector::parse("title")) else {
        return Vec::new();
    };
    view.doc
        .select(&svgs)
        .map(|svg| svg.select(&title).next().map(|t| collapse(&t.text().collect::<String>())).filter(|t| !t.is_empty()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SchoolProfile;
    use crate::site::{Page, SourceRef};
    use chrono::NaiveDate;

    fn ctx() -> AuditContext {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        AuditContext::new(SchoolProfile::default(), None, None, today, Default::default())
    }

    fn check(body: &str) -> Vec<Finding> {
        let page = Page {
            url: "/news/river-trip/".into(),
            html: format!(
                "<!doctype html><html><head><title>River trip</title></head><body><main>{body}</main></body></html>"
            ),
            source: Some(SourceRef::file("content/news/river-trip/index.md")),
            photo_declarations: vec![],
            shared_to: vec![],
        };
        let view = PageView::parse(&page);
        let mut out = Vec::new();
        check_page(&view, &ctx(), &mut out);
        out
    }

    fn rules(out: &[Finding]) -> Vec<&'static str> {
        out.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn catalogue_has_every_rule_used() {
        for id in [
            MISSING,
            WHITESPACE,
            EMPTY_LINK_IMAGE,
            INPUT_IMAGE,
            AREA,
            ROLE_IMG,
            FILE_NAME,
            PLACEHOLDER,
            REDUNDANT_PREFIX,
            REPEATS_TEXT,
            TOO_LONG,
        ] {
            assert!(RULES.iter().any(|r| r.id == id), "{id} missing from RULES");
        }
    }

    #[test]
    fn missing_alt_is_an_error_naming_the_src() {
        let out = check(r#"<p>We walked to the river.</p><img src="river.jpg" width="800">"#);
        assert_eq!(rules(&out), [MISSING]);
        assert_eq!(out[0].severity, Severity::Error);
        assert!(out[0].message.contains("\"river.jpg\""), "{}", out[0].message);
        assert_eq!(out[0].location.page.as_deref(), Some("/news/river-trip/"));
        assert_eq!(out[0].location.source.as_ref().map(|s| s.path.as_str()), Some("content/news/river-trip/index.md"));
    }

    #[test]
    fn good_and_decorative_images_pass() {
        let out = check(
            r#"<figure><img src="river.jpg" alt="Year 4 pupils measuring the depth of the river with metre sticks">
               <figcaption>Our scientists at work on Tuesday</figcaption></figure>
               <img src="/img/wave-border.svg" alt="">
               <img src="/img/flourish.png" role="presentation">
               <svg role="img"><title>Oakfield Primary crest</title><path d="M0 0"/></svg>
               <span role="img" aria-label="Gold star">★</span>
               <a href="/"><img src="/logo.png" alt="Oakfield Primary School home page"></a>"#,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn whitespace_alt_is_an_error() {
        let out = check(r#"<img src="pond.jpg" alt="  ">"#);
        assert_eq!(rules(&out), [WHITESPACE]);
        assert_eq!(out[0].severity, Severity::Error);
    }

    #[test]
    fn empty_alt_in_a_link_is_an_error_but_fine_beside_link_text() {
        let out = check(r#"<p><a href="/ofsted.pdf"><img src="ofsted-logo.png" alt=""></a></p>"#);
        assert_eq!(rules(&out), [EMPTY_LINK_IMAGE]);
        assert_eq!(out[0].severity, Severity::Error);
        let ok = check(r#"<p><a href="/ofsted.pdf"><img src="ofsted-logo.png" alt=""> Ofsted report</a></p>"#);
        assert!(ok.is_empty(), "{ok:?}");
        let hidden = check(r#"<a href="/ofsted.pdf"><img src="ofsted-logo.png" alt="" aria-hidden="true"></a>"#);
        assert_eq!(rules(&hidden), [EMPTY_LINK_IMAGE]);
    }

    #[test]
    fn image_buttons_map_areas_and_role_img_need_names() {
        let out = check(
            r##"<form><input type="image" src="/search.png"></form>
               <img src="map.png" alt="School site map" usemap="#m">
               <map name="m"><area href="/reception/" shape="rect" coords="0,0,10,10"></map>
               <div role="img" class="icon-star"></div>
               <svg role="img"><path d="M0 0"/></svg>"##,
        );
        assert_eq!(rules(&out), [INPUT_IMAGE, AREA, ROLE_IMG, ROLE_IMG]);
        assert!(out.iter().all(|f| f.severity == Severity::Error));
        let ok = check(
            r#"<form><input type="image" src="/search.png" alt="Search"></form>
               <map name="m"><area href="/reception/" alt="Reception classroom" coords="0,0,10,10"></map>
               <p id="lbl">Attendance this week: 97%</p><div role="img" aria-labelledby="lbl"></div>"#,
        );
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn file_names_and_device_names_as_alt_are_warnings() {
        for alt in ["DSC_0042.JPG", "river trip 2.jpeg", "IMG_4821", "IMG-20260101-WA0001"] {
            let out = check(&format!(r#"<img src="/media/photo-1.jpg" alt="{alt}">"#));
            assert_eq!(rules(&out), [FILE_NAME], "{alt}: {out:?}");
            assert_eq!(out[0].severity, Severity::Warning);
        }
        let own = check(r#"<img src="/media/river-trip.jpg" alt="river-trip">"#);
        assert_eq!(rules(&own), [FILE_NAME]);
        // A description that mentions a file type is not a file name.
        assert!(check(r#"<img src="a.jpg" alt="Poster for the summer fair (JPG version below)">"#).is_empty());
    }

    #[test]
    fn placeholder_words_and_openings_are_warnings() {
        for alt in ["image", "Photo", "Untitled", "img", "picture."] {
            let out = check(&format!(r#"<img src="river.jpg" alt="{alt}">"#));
            assert_eq!(rules(&out), [PLACEHOLDER], "{alt}");
        }
        let out = check(r#"<img src="river.jpg" alt="Photo of Year 4 at the river">"#);
        assert_eq!(rules(&out), [REDUNDANT_PREFIX]);
        assert!(out[0].message.contains("photo of"), "{}", out[0].message);
        // "Photograph" and "image" as ordinary words are fine.
        assert!(check(r#"<img src="a.jpg" alt="Photographer from the Gazette with Year 6">"#).is_empty());
        assert!(check(r#"<img src="a.jpg" alt="Imagery workshop with a local artist">"#).is_empty());
    }

    #[test]
    fn alt_repeating_caption_or_neighbouring_text_is_a_warning() {
        let out = check(
            r#"<figure><img src="choir.jpg" alt="The choir at  the Christmas concert">
               <figcaption>The Choir at the Christmas concert</figcaption></figure>"#,
        );
        assert_eq!(rules(&out), [REPEATS_TEXT]);
        assert!(out[0].message.contains("caption"));
        let out = check(r#"<p><img src="medal.png" alt="Gold medal">Gold medal</p>"#);
        assert_eq!(rules(&out), [REPEATS_TEXT]);
        let ok = check(
            r#"<figure><img src="choir.jpg" alt="Children in red jumpers singing on the hall stage">
               <figcaption>The choir at the Christmas concert</figcaption></figure>"#,
        );
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn long_alt_is_a_warning() {
        let long = "Pupils from Year 5 and Year 6 standing in a long line along the bank of the river, \
                    holding nets, buckets and clipboards while a ranger points at the water birds";
        assert!(long.chars().count() > MAX_ALT_CHARS);
        let out = check(&format!(r#"<img src="river.jpg" alt="{long}">"#));
        assert_eq!(rules(&out), [TOO_LONG]);
        let short = &long[..140];
        assert!(check(&format!(r#"<img src="river.jpg" alt="{short}">"#)).is_empty());
    }

    #[test]
    fn presentational_images_skip_quality_checks() {
        let out = check(r#"<img src="divider.png" alt="image" role="presentation">"#);
        assert!(out.is_empty(), "{out:?}");
    }
}
