//! URL normalisation and crawler-trap detection.
//!
//! Two URLs that show the same page must count once, or a crawl of a small
//! school site balloons (every `?utm_source=` share link, `/about` vs
//! `/about/` vs `/about/index.html`). And some URLs never end: a calendar
//! with a "next month" link, a session id in every link. Both are decided
//! here, without any network, so they are easy to test.

use std::collections::HashMap;

use url::Url;

/// Query parameters that only track where a visitor came from.
const TRACKING_PARAMS: &[&str] =
    &["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "yclid", "ref_src"];

/// Query parameters that carry a session: the same page under endless names.
const SESSION_PARAMS: &[&str] =
    &["phpsessid", "jsessionid", "sid", "sessionid", "session_id", "aspsessionid", "cfid", "cftoken"];

/// Query keys that page through time: calendars and diaries.
const CALENDAR_PARAMS: &[&str] = &[
    "month",
    "year",
    "day",
    "week",
    "date",
    "caldate",
    "cal_date",
    "calmonth",
    "calyear",
    "tribe-bar-date",
    "eventdisplay",
    "ical",
    "start",
    "end",
    "from",
    "to",
    "view_date",
];

/// Path words that introduce a calendar.
const CALENDAR_WORDS: &[&str] = &["calendar", "calendars", "events", "event", "diary", "agenda", "term-dates"];

/// Normalises `url` for de-duplication and fetching: drops the fragment,
/// tracking and session parameters, sorts the query, lower-cases the host,
/// strips `;jsessionid=` path parameters and a trailing `index.html`.
/// Returns `None` for anything that is not http(s).
pub fn normalize(url: &Url) -> Option<Url> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let mut u = url.clone();
    u.set_fragment(None);
    // `;jsessionid=...` lives in the path on Java servers.
    let path = u.path().to_string();
    let mut clean_path = match path.to_ascii_lowercase().find(";jsessionid=") {
        Some(i) => path[..i].to_string(),
        None => path,
    };
    for index in ["index.html", "index.htm", "index.php", "default.aspx", "default.asp"] {
        if let Some(prefix) = clean_path.strip_suffix(index)
            && prefix.ends_with('/')
        {
            clean_path = prefix.to_string();
            break;
        }
    }
    u.set_path(&clean_path);
    let mut pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_") || TRACKING_PARAMS.contains(&k.as_str()) || SESSION_PARAMS.contains(&k.as_str()))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        u.set_query(None);
    } else {
        pairs.sort();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Some(u)
}

/// The key two equivalent URLs share: host-less path (trailing slash
/// ignored) plus the normalised query. Allowed hosts are aliases of one
/// site, so the host is not part of the key.
pub fn dedupe_key(url: &Url) -> String {
    let path = url.path();
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    match url.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// The site-relative URL a page or asset is reported under (`/about/`,
/// `/calendar?month=5`): percent-decoded path, like the folder audit.
pub fn site_path(url: &Url) -> String {
    let path = crate::site::percent_decode(url.path());
    match url.query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    }
}

/// The form link checks compare addresses in: [`site_path`] without the
/// query (`RenderedSite::redirects` and `unchecked` are kept in this form).
pub fn link_path(url: &Url) -> String {
    crate::site::percent_decode(url.path())
}

/// Why a URL was judged a trap and skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrapKind {
    /// A calendar or diary paging through dates without end.
    Calendar,
    /// Too many URLs of one shape (`/gallery?page=N`).
    RepeatingPattern,
    /// A path so deep, or so repetitive (`/a/b/a/b/a/b`), it is generated.
    DeepPath,
}

impl TrapKind {
    pub fn describe(self) -> &'static str {
        match self {
            TrapKind::Calendar => "an endless calendar",
            TrapKind::RepeatingPattern => "an endless run of similar addresses",
            TrapKind::DeepPath => "addresses nested or repeated too deeply",
        }
    }
}

/// Remembers URL shapes seen so far and says when a new URL looks like a
/// trap. Caps are per shape, so a site's real news archive is unaffected.
#[derive(Debug)]
pub struct TrapGuard {
    max_depth: usize,
    max_per_pattern: usize,
    max_calendar: usize,
    shapes: HashMap<String, usize>,
}

impl TrapGuard {
    pub fn new(max_depth: usize, max_per_pattern: usize, max_calendar: usize) -> Self {
        Self { max_depth, max_per_pattern, max_calendar, shapes: HashMap::new() }
    }

    /// Records `url` and returns why it should be skipped, if it should.
    pub fn check(&mut self, url: &Url) -> Option<TrapKind> {
        let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
        if segments.len() > self.max_depth {
            return Some(TrapKind::DeepPath);
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for s in &segments {
            let n = counts.entry(s).or_default();
            *n += 1;
            if *n > 2 {
                return Some(TrapKind::DeepPath);
            }
        }
        let shape = shape_of(url);
        let calendar = is_calendar(url, &segments);
        let n = self.shapes.entry(shape).or_default();
        *n += 1;
        if calendar && *n > self.max_calendar {
            return Some(TrapKind::Calendar);
        }
        if *n > self.max_per_pattern {
            return Some(TrapKind::RepeatingPattern);
        }
        None
    }
}

/// The shape of a URL: digits collapsed to `0`, query values dropped.
fn shape_of(url: &Url) -> String {
    let mut shape = String::new();
    let mut last_digit = false;
    for c in url.path().chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                shape.push('0');
            }
            last_digit = true;
        } else {
            shape.push(c.to_ascii_lowercase());
            last_digit = false;
        }
    }
    let mut keys: Vec<String> = url.query_pairs().map(|(k, _)| k.to_ascii_lowercase()).collect();
    keys.sort();
    if !keys.is_empty() {
        shape.push('?');
        shape.push_str(&keys.join("&"));
    }
    shape
}

fn is_calendar(url: &Url, segments: &[&str]) -> bool {
    if url.query_pairs().any(|(k, _)| CALENDAR_PARAMS.contains(&k.to_ascii_lowercase().as_str())) {
        return true;
    }
    let in_calendar = segments.iter().any(|s| CALENDAR_WORDS.contains(&s.to_ascii_lowercase().as_str()));
    in_calendar && segments.iter().any(|s| looks_like_date(s))
}

/// `2026`, `2026-11`, `2026-11-29`, `11`: the pieces of a date in a path.
fn looks_like_date(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 10
        && s.chars().all(|c| c.is_ascii_digit() || c == '-')
        && s.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(&Url::parse(s).unwrap()).unwrap().to_string()
    }

    #[test]
    fn drops_fragments_tracking_and_sessions_and_sorts_query() {
        assert_eq!(
            n("https://School.example/news/?utm_source=fb&b=2&fbclid=x&a=1&PHPSESSID=abc#top"),
            "https://school.example/news/?a=1&b=2"
        );
        assert_eq!(n("https://s.example/a;jsessionid=1234?x=1"), "https://s.example/a?x=1");
        assert_eq!(n("https://s.example/a/index.html?utm_medium=x"), "https://s.example/a/");
        assert!(normalize(&Url::parse("mailto:office@s.example").unwrap()).is_none());
        assert!(normalize(&Url::parse("ftp://s.example/x").unwrap()).is_none());
    }

    #[test]
    fn trailing_slash_and_index_share_a_key() {
        let key = |s: &str| dedupe_key(&normalize(&Url::parse(s).unwrap()).unwrap());
        assert_eq!(key("https://s.example/about"), key("https://s.example/about/"));
        assert_eq!(key("https://s.example/about/index.html"), key("https://s.example/about"));
        assert_eq!(key("https://www.s.example/"), key("https://s.example/index.php"));
        assert_ne!(key("https://s.example/about?p=1"), key("https://s.example/about?p=2"));
    }

    #[test]
    fn site_paths_are_decoded() {
        assert_eq!(site_path(&Url::parse("https://s.example/Term%20Dates.pdf").unwrap()), "/Term Dates.pdf");
        assert_eq!(site_path(&Url::parse("https://s.example/cal?m=5").unwrap()), "/cal?m=5");
    }

    #[test]
    fn endless_calendar_is_cut_but_news_archive_is_not() {
        let mut guard = TrapGuard::new(12, 500, 24);
        let mut skipped = None;
        for i in 0..100 {
            let u = Url::parse(&format!("https://s.example/calendar?month={i}")).unwrap();
            if let Some(kind) = guard.check(&u) {
                skipped = Some((i, kind));
                break;
            }
        }
        assert_eq!(skipped, Some((24, TrapKind::Calendar)));
        for i in 0..100 {
            let u = Url::parse(&format!("https://s.example/news/post-{i}/")).unwrap();
            assert_eq!(guard.check(&u), None, "news post {i}");
        }
        let u = Url::parse("https://s.example/events/2026/11/").unwrap();
        assert_eq!(guard.check(&u), None);
    }

    #[test]
    fn deep_and_repeating_paths_are_traps() {
        let mut guard = TrapGuard::new(5, 500, 24);
        assert_eq!(guard.check(&Url::parse("https://s.example/a/b/c/d/e/f").unwrap()), Some(TrapKind::DeepPath));
        let mut guard = TrapGuard::new(12, 500, 24);
        assert_eq!(guard.check(&Url::parse("https://s.example/a/b/a/b/a/").unwrap()), Some(TrapKind::DeepPath));
        assert_eq!(guard.check(&Url::parse("https://s.example/a/b/a/b/").unwrap()), None);
    }
}
