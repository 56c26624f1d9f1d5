//! `links/staging-host`: links and pictures that point at a preview,
//! staging or local copy of the site instead of the live one.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::{STAGING, on_other_pages};
use crate::audit::{AuditContext, Finding, Location, PageFacts, Severity};

/// Hosting services whose sub-domains are previews or staging copies, never
/// a school's live address (hosts that also serve live sites, such as
/// `github.io` or `web.app`, are left out on purpose: a finding a school
/// would reject is a bug).
const PREVIEW_SUFFIXES: &[&str] = &[
    "netlify.app",
    "vercel.app",
    "now.sh",
    "herokuapp.com",
    "pages.dev",
    "workers.dev",
    "azurewebsites.net",
    "onrender.com",
    "fly.dev",
    "wpengine.com",
    "wpenginepowered.com",
    "kinsta.cloud",
    "flywheelsites.com",
    "flywheelstaging.com",
    "pantheonsite.io",
    "ngrok.io",
    "ngrok-free.app",
    "ngrok.app",
    "gitpod.io",
    "github.dev",
    "surge.sh",
];

/// Top-level names that never reach the public internet.
const LOCAL_SUFFIXES: &[&str] = &["localhost", "local", "test", "internal", "lan", "home.arpa"];

/// First labels that mark a non-live copy of the school's own domain.
const STAGING_LABELS: &[&str] =
    &["staging", "stage", "dev", "development", "test", "testing", "preview", "uat", "sandbox", "beta"];

/// Why a host is not the live site, or `None` when it may be.
fn staging_reason(host: &str, own: Option<&str>, extra: &[String]) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if own.is_some_and(|own| host == own || host.strip_prefix("www.") == Some(own)) {
        return None;
    }
    let under = |suffix: &str| host == suffix || host.ends_with(&format!(".{suffix}"));
    if let Ok(ip) = host.parse::<IpAddr>() {
        let local = match ip {
            IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified(),
            IpAddr::V6(v6) => v6.is_loopback() || v6.is_unspecified(),
        };
        return local.then(|| "an address on someone's own computer or network".to_string());
    }
    if host == "localhost" {
        return Some("the address of the computer it was made on (localhost), which visitors cannot reach".into());
    }
    if let Some(s) = LOCAL_SUFFIXES.iter().find(|s| under(s)) {
        return Some(format!("a local machine name (.{s}) that visitors cannot reach"));
    }
    if let Some(s) = PREVIEW_SUFFIXES.iter().find(|s| host.ends_with(&format!(".{s}"))) {
        return Some(format!("a preview or staging host ({s})"));
    }
    if let Some(own) = own
        && let Some(prefix) = host.strip_suffix(&format!(".{own}"))
    {
        let first = prefix.split('.').next().unwrap_or(prefix);
        let word = |w: &str| STAGING_LABELS.contains(&w);
        if word(first) || first.split('-').any(word) {
            return Some(format!("a {first}. copy of the school's own site"));
        }
    }
    extra
        .iter()
        .find(|pattern| matches_pattern(host, pattern))
        .map(|p| format!("listed as staging in schoolgate.toml ({p})"))
}

/// `*.example.org` matches any sub-domain; anything else the host exactly.
fn matches_pattern(host: &str, pattern: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.ends_with(&format!(".{suffix}")),
        None => host == pattern,
    }
}

/// `own` is the site's own host without `www.` (see `links::own_host`).
pub fn check(facts: &[PageFacts], own: Option<&str>, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let extra = &ctx.settings.staging_hosts;
    // host → (reason, first address, pages that point there)
    let mut hosts: BTreeMap<String, (String, String, Vec<&PageFacts>)> = BTreeMap::new();
    for page in facts {
        let addresses = page.links.iter().map(|l| l.href.as_str()).chain(page.embeds.iter().map(|e| e.url.as_str()));
        for address in addresses {
            let address = address.trim();
            let lower = address.get(..8).unwrap_or(address).to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://") || address.starts_with("//")) {
                continue;
            }
            let absolute = if address.starts_with("//") { format!("https:{address}") } else { address.to_string() };
            let Ok(url) = url::Url::parse(&absolute) else { continue };
            let Some(host) = url.host_str() else { continue };
            let Some(reason) = staging_reason(host, own, extra) else { continue };
            let entry =
                hosts.entry(host.to_ascii_lowercase()).or_insert_with(|| (reason, address.to_string(), Vec::new()));
            if entry.2.last().is_none_or(|p| p.url != page.url) {
                entry.2.push(page);
            }
        }
    }
    for (host, (reason, first_address, pages)) in hosts {
        let first = pages[0];
        let more = on_other_pages(pages.len());
        out.push(Finding::new(
            STAGING,
            Severity::Warning,
            Location::page(&first.url, first.source.as_ref()),
            format!("{} links to {host}{more}: {reason}, not the live site ({first_address}).", first.url),
            "Change the link to the same page on the school's live site.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_local_and_own_staging_hosts_are_named_and_the_live_site_is_not() {
        let own = Some("oaklane.sch.uk");
        for host in [
            "oak-lane.netlify.app",
            "deploy-preview-12--oak.netlify.app",
            "oak-git-main.vercel.app",
            "oaklane.wpengine.com",
            "localhost",
            "127.0.0.1",
            "192.168.1.20",
            "oak.local",
            "staging.oaklane.sch.uk",
            "dev.oaklane.sch.uk",
            "new-staging.oaklane.sch.uk",
        ] {
            assert!(staging_reason(host, own, &[]).is_some(), "{host}");
        }
        // Decoys: the live site with and without www., other schools and
        // services, hosts that happen to contain a staging word.
        for host in [
            "oaklane.sch.uk",
            "www.oaklane.sch.uk",
            "www.gov.uk",
            "devon.gov.uk",
            "testvalley.gov.uk",
            "oaklane.github.io",
            "netlify.app",
            "www.staging-theatre.co.uk",
            "8.8.8.8",
        ] {
            assert_eq!(staging_reason(host, own, &[]), None, "{host}");
        }
        // A site that itself lives on a preview host is not staging to itself.
        assert_eq!(staging_reason("oak.netlify.app", Some("oak.netlify.app"), &[]), None);
        let extra = vec!["*.oldcms.example".to_string()];
        assert!(staging_reason("oak.oldcms.example", own, &extra).is_some());
        assert!(staging_reason("oldcms.example", own, &extra).is_none());
    }
}
