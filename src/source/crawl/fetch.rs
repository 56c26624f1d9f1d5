//! One HTTP request, done safely: per-host concurrency, a politeness delay,
//! a hard time limit, a byte cap on the (decoded) body, and bounded retries
//! with exponential backoff for failures that may pass (5xx, 429, timeouts,
//! dropped connections). Redirects are not followed here: the caller decides
//! whether each hop stays on the site and obeys robots.txt.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use url::Url;

use super::CrawlOptions;
use super::problem::ProblemKind;

/// A complete answer from the server.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    /// The `Location` header of a redirect.
    pub location: Option<String>,
    pub content_type: Option<String>,
    /// The decoded body (empty for redirects), never more than the cap.
    pub body: Vec<u8>,
}

/// Why one attempt failed.
#[derive(Debug)]
enum Attempt {
    Timeout,
    Connect(String),
    TooLarge(u64),
}

/// Shared HTTP client with per-host limits.
pub struct Fetcher {
    client: reqwest::Client,
    opts: CrawlOptions,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Extra delay asked for by robots.txt `Crawl-delay`, per host.
    crawl_delay: Mutex<HashMap<String, Duration>>,
}

impl Fetcher {
    pub fn new(opts: &CrawlOptions) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .user_agent(opts.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.connect_timeout)
            .gzip(true)
            .https_only(false)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client, opts: opts.clone(), hosts: Mutex::default(), crawl_delay: Mutex::default() })
    }

    /// Honours a robots.txt `Crawl-delay` (capped at 10 s) when it is longer than ours.
    pub fn set_crawl_delay(&self, host: &str, seconds: f32) {
        if seconds.is_finite() && seconds > 0.0 {
            let d = Duration::from_secs_f32(seconds.min(10.0));
            if let Ok(mut map) = self.crawl_delay.lock() {
                map.insert(host.to_string(), d);
            }
        }
    }

    fn host_gate(&self, host: &str) -> Arc<Semaphore> {
        let mut map = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.opts.concurrency_per_host.max(1))))
            .clone()
    }

    fn delay_for(&self, host: &str) -> Duration {
        let robots = self.crawl_delay.lock().ok().and_then(|m| m.get(host).copied()).unwrap_or_default();
        robots.max(self.opts.delay)
    }

    /// Fetches `url` once per attempt, retrying transient failures. The
    /// error is the problem to record.
    pub async fn get(&self, url: &Url, max_bytes: u64) -> Result<Raw, ProblemKind> {
        let mut attempt = 0u32;
        loop {
            let result = self.get_once(url, max_bytes).await;
            let transient = match &result {
                Ok(raw) => matches!(raw.status, 429 | 500 | 502 | 503 | 504),
                Err(Attempt::TooLarge(_)) => false,
                Err(_) => true,
            };
            if !transient || attempt >= self.opts.retries {
                return match result {
                    Ok(raw) => Ok(raw),
                    Err(Attempt::Timeout) => Err(ProblemKind::Timeout { seconds: self.opts.timeout.as_secs().max(1) }),
                    Err(Attempt::Connect(detail)) => Err(ProblemKind::ConnectionFailed { detail }),
                    Err(Attempt::TooLarge(limit)) => Err(ProblemKind::TooLarge { limit }),
                };
            }
            tokio::time::sleep(backoff_wait(&self.opts, attempt)).await;
            attempt += 1;
        }
    }

    async fn get_once(&self, url: &Url, max_bytes: u64) -> Result<Raw, Attempt> {
        let host = url.host_str().unwrap_or("").to_string();
        let gate = self.host_gate(&host);
        // The semaphore is never closed, so acquiring only fails if it were.
        let _permit = gate.acquire().await.map_err(|e| Attempt::Connect(e.to_string()))?;
        let limit = self.opts.timeout;
        let result = match tokio::time::timeout(limit, self.request(url, max_bytes)).await {
            Ok(r) => r,
            Err(_) => Err(Attempt::Timeout),
        };
        let delay = self.delay_for(&host);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        result
    }

    async fn request(&self, url: &Url, max_bytes: u64) -> Result<Raw, Attempt> {
        let cache = self.opts.cache_dir.as_deref().map(|dir| CacheEntry::paths(dir, url));
        let cached = cache.as_ref().and_then(|(meta, _)| CacheEntry::load(meta));
        let mut req = self.client.get(url.clone());
        if let Some(c) = &cached {
            if let Some(etag) = &c.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &c.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        if status == 304
            && let (Some(c), Some((_, body_path))) = (&cached, &cache)
            && let Ok(body) = std::fs::read(body_path)
        {
            return Ok(Raw { status: 200, location: None, content_type: c.content_type.clone(), body });
        }
        let header = |name| {
            resp.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string)
        };
        let location = header(LOCATION);
        let content_type = header(CONTENT_TYPE);
        let validators =
            CacheEntry { etag: header(ETAG), last_modified: header(LAST_MODIFIED), content_type: content_type.clone() };
        if (300..400).contains(&status) || status >= 400 {
            return Ok(Raw { status, location, content_type, body: Vec::new() });
        }
        // The declared length is a hint only; the running count below is the real cap
        // (it also bounds gzip-decoded bodies, so a compression bomb stops at the cap).
        if let Some(len) = header(CONTENT_LENGTH).and_then(|l| l.parse::<u64>().ok())
            && len > max_bytes
        {
            return Err(Attempt::TooLarge(max_bytes));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() as u64 + chunk.len() as u64 > max_bytes {
                return Err(Attempt::TooLarge(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        if let Some((meta, body_path)) = &cache
            && (validators.etag.is_some() || validators.last_modified.is_some())
        {
            validators.store(meta, body_path, &body);
        }
        Ok(Raw { status, location, content_type, body })
    }
}

/// What the response cache keeps for one address: the validators for a
/// conditional request, so an unchanged page is answered `304 Not Modified`
/// and read from disk. The cache is best-effort: any error just means a
/// full download.
#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    etag: Option<String>,
    last_modified: Option<String>,
    content_type: Option<String>,
}

impl CacheEntry {
    fn paths(dir: &std::path::Path, url: &Url) -> (std::path::PathBuf, std::path::PathBuf) {
        let key = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_str().as_bytes()));
        (dir.join(format!("{key}.json")), dir.join(format!("{key}.body")))
    }

    fn load(meta: &std::path::Path) -> Option<Self> {
        serde_json::from_slice(&std::fs::read(meta).ok()?).ok()
    }

    fn store(&self, meta: &std::path::Path, body_path: &std::path::Path, body: &[u8]) {
        let Ok(json) = serde_json::to_vec(self) else { return };
        if let Some(dir) = meta.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Body first: a meta file never points at a missing body.
        if std::fs::write(body_path, body).is_ok() {
            let _ = std::fs::write(meta, json);
        }
    }
}

fn classify(e: reqwest::Error) -> Attempt {
    // A connection that never opens (refused, DNS, TLS, or a connect timeout
    // to a black-holed address) is a connection failure, not a slow page.
    if e.is_timeout() && !e.is_connect() {
        return Attempt::Timeout;
    }
    // The innermost cause is the useful part ("Connection refused").
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    Attempt::Connect(detail)
}

/// The wait before retry `attempt` (0-based): `backoff * 2^attempt`, never
/// more than `max_backoff`, so a failing site costs a bounded time.
fn backoff_wait(opts: &CrawlOptions, attempt: u32) -> Duration {
    opts.backoff.saturating_mul(1 << attempt.min(16)).min(opts.max_backoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_bounded() {
        let opts = CrawlOptions {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            ..Default::default()
        };
        let waits: Vec<Duration> = (0..40u32).map(|n| backoff_wait(&opts, n)).collect();
        assert_eq!(waits[0], Duration::from_millis(100));
        assert_eq!(waits[3], Duration::from_millis(800));
        assert_eq!(waits[7], Duration::from_secs(1));
        assert_eq!(waits[39], Duration::from_secs(1));
    }

    #[test]
    fn robots_crawl_delay_wins_when_longer_and_is_capped() {
        let opts = CrawlOptions { delay: Duration::from_millis(200), ..Default::default() };
        let f = Fetcher::new(&opts).unwrap();
        assert_eq!(f.delay_for("a.example"), Duration::from_millis(200));
        f.set_crawl_delay("a.example", 0.1);
        assert_eq!(f.delay_for("a.example"), Duration::from_millis(200));
        f.set_crawl_delay("a.example", 3600.0);
        assert_eq!(f.delay_for("a.example"), Duration::from_secs(10));
        assert_eq!(f.delay_for("b.example"), Duration::from_millis(200));
    }
}
