//! Rule catalogue of the `crawl/…` family. The crawler (`source::crawl`)
//! makes these findings; their ids and explanations live here with every
//! other rule so that `audit` never depends on a producer.

use crate::audit::{RuleMeta, Severity};

/// The `crawl/…` rules: problems met while fetching a live site
/// (see `source::crawl::problem`, which turns each problem into a finding).
pub static RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "crawl/site-unreachable",
        severity: Severity::Error,
        summary: "The website could not be reached, so nothing on it was checked.",
        explanation: "The auditor could not connect to the site's home page (the name did not resolve, the \
                      connection was refused or timed out, or the secure connection failed). Check the address, \
                      and that the site is up, then audit again.",
    },
    RuleMeta {
        id: "crawl/connection-failed",
        severity: Severity::Warning,
        summary: "A page or file could not be fetched because the connection failed.",
        explanation: "The connection broke or was refused for this address, even after retrying. The page was \
                      not checked. If it keeps happening, ask whoever hosts the site.",
    },
    RuleMeta {
        id: "crawl/timeout",
        severity: Severity::Warning,
        summary: "A page or file took too long to arrive and was not checked.",
        explanation: "The server did not send the whole page within the time limit, even after retrying. \
                      Slow pages are also hard for parents on mobile data. Ask the site's host to look at it.",
    },
    RuleMeta {
        id: "crawl/http-error",
        severity: Severity::Warning,
        summary: "A linked page or file answered with an error (such as 404 Not Found or 500).",
        explanation: "A link on the site leads to an error. If it is a statutory document, parents cannot read \
                      it. Fix or remove the link, or put the file back.",
    },
    RuleMeta {
        id: "crawl/redirect-loop",
        severity: Severity::Warning,
        summary: "An address redirects in a loop, or through too many redirects, and never arrives.",
        explanation: "Visitors following this link see an error in their browser. Check the redirect settings \
                      in the website's management system.",
    },
    RuleMeta {
        id: "crawl/off-site-redirect",
        severity: Severity::Info,
        summary: "An address on the site redirects to another website, which was not audited.",
        explanation: "Only the school's own site is checked. Content on other sites (a trust or council site) \
                      needs its own audit.",
    },
    RuleMeta {
        id: "crawl/robots-disallowed",
        severity: Severity::Info,
        summary: "robots.txt asks crawlers not to visit this address, so it was not checked.",
        explanation: "Schoolgate obeys the site's robots.txt. Pages it may not visit are not audited; if they \
                      are public pages for parents, consider allowing them, or audit them another way.",
    },
    RuleMeta {
        id: "crawl/too-large",
        severity: Severity::Warning,
        summary: "A page or file is larger than the size limit and was not checked.",
        explanation: "Very large pages and files are skipped to keep the audit safe. They are also slow for \
                      parents to open: consider making the file smaller.",
    },
    RuleMeta {
        id: "crawl/limit-reached",
        severity: Severity::Warning,
        summary: "The audit stopped at its page or size limit; the rest of the site was not checked.",
        explanation: "Raise the limit if the site really is this large, or look for pages generated without end.",
    },
    RuleMeta {
        id: "crawl/non-web-redirect",
        severity: Severity::Warning,
        summary: "An address redirects to something that is not a web address (such as file://), which was not followed.",
        explanation: "The server sent visitors to an address browsers cannot open as a web page (a file on a \
                      computer, an FTP server, or an unreadable address). The page behind it was not checked, and \
                      parents following the link see an error. Fix the redirect in the website's management system.",
    },
    RuleMeta {
        id: "crawl/wrong-content-type",
        severity: Severity::Warning,
        summary: "A web page is served with the wrong content type, so browsers may download it instead of showing it.",
        explanation: "The server labels this page as something other than a web page (for example \
                      application/octet-stream). Browsers trust the label: they may download the page as a file, \
                      or show its code. It was still audited as a page. Ask the site's host to serve it as \
                      text/html.",
    },
    RuleMeta {
        id: "crawl/sitemap-unreadable",
        severity: Severity::Warning,
        summary: "The site's sitemap could not be read, so pages listed only there may not have been audited.",
        explanation: "The auditor reads the sitemap (robots.txt's Sitemap: lines and /sitemap.xml) to find pages \
                      no menu links to. This one was too large, missing or not valid sitemap XML. Pages reachable \
                      by links were still audited; pages only in the sitemap were not. Fix or split the sitemap.",
    },
    RuleMeta {
        id: "crawl/robots-blocks-site",
        severity: Severity::Error,
        summary: "robots.txt asks Schoolgate to keep out of the whole site, so nothing was audited.",
        explanation: "Schoolgate obeys robots.txt. This site's robots.txt disallows its home page for Schoolgate \
                      (for example `User-agent: *` with `Disallow: /`), so no page, photo or document was checked \
                      and no statutory information was looked for. To allow the audit, add this group to \
                      robots.txt: `User-agent: Schoolgate` followed by `Allow: /`. Search engines are unaffected.",
    },
    RuleMeta {
        id: "crawl/trap",
        severity: Severity::Info,
        summary: "Addresses that look generated without end (a calendar, a session id) were skipped.",
        explanation: "Some pages link to an endless series of addresses, such as a calendar's \"next month\" \
                      link. The auditor checks the first ones and skips the rest. Skipped addresses are not \
                      reported as broken links: they were never fetched.",
    },
    // Made by the audit itself (`rules::shell`) from the pages any source
    // produced, so folder and live audits both get it.
    RuleMeta {
        id: super::shell::JAVASCRIPT_ONLY,
        severity: Severity::Warning,
        summary: "The site builds its pages with JavaScript in the browser; Schoolgate saw only an empty shell.",
        explanation: "Some school websites are single-page apps (Angular, React, Vue, Next.js and the like): the \
                      server sends an almost empty page with an app root such as `<app-root>` or \
                      `<div id=\"root\">` and script bundles, and the visitor's browser builds the real pages by \
                      running them. Schoolgate renders such pages in headless Chromium when it can (`--render auto`, \
                      the default; see crawl/rendered). When it cannot (no browser installed, `--render never`, or \
                      the browser failed) it sees only the shell, not photos, names, documents or statutory pages, \
                      and says so with this finding, naming the reason and how to install Chromium or set \
                      SCHOOLGATE_CHROMIUM; once per site, at the home page (or the first shell page when most pages are \
                      shells), and it does not report statutory items missing: they were not looked for, and the \
                      finding says how many. A page counts as a shell only when all three hold: fewer than 200 \
                      visible characters, an app root, and script bundles; a short server-rendered page is not a \
                      shell. To audit the content, audit the folder the site's build produces (`schoolgate audit \
                      dist/`), or have the site exported as static or server-rendered HTML.",
    },
    // Made by `source::render` when it runs a JavaScript site in a browser.
    RuleMeta {
        id: "crawl/rendered",
        severity: Severity::Info,
        summary: "The site builds its pages with JavaScript; Schoolgate ran it in headless Chromium and audited what a visitor sees.",
        explanation: "With `--render auto` (the default) Schoolgate runs the pages that are JavaScript shells in \
                      headless Chromium (`--render always`: every page), and audits the page the browser built \
                      instead of the empty shell. Links in the rendered pages to in-app routes (`#/school-day`, or \
                      addresses on the site the server did not serve as pages) are rendered too, and each is \
                      audited as its own page at its route address, so a finding names the address a parent \
                      would open. Pictures and documents the rendered pages show are fetched and checked like any \
                      other file. Pages behind a login or a form are not reached.",
    },
    RuleMeta {
        id: "crawl/render-failed",
        severity: Severity::Warning,
        summary: "Headless Chromium could not render a page or in-app route, so what visitors see there was not checked.",
        explanation: "Rendering a JavaScript page has a time limit (a virtual-time budget for the page's scripts, \
                      and a hard limit on the browser process, which is then stopped). A page that did not finish, \
                      crashed the browser or built an oversized page is audited as the server sent it; an in-app \
                      route that failed is not audited and not reported as a broken link. Open the address in a \
                      browser: if it is slow or broken for Schoolgate it is likely slow or broken for parents too.",
    },
    RuleMeta {
        id: "crawl/route-not-served",
        severity: Severity::Warning,
        summary: "A JavaScript site's page address gives an error when opened directly, though the app shows it.",
        explanation: "Single-page apps change the address bar as a visitor clicks (history routes such as \
                      /parent-and-carer/school-day) without asking the server. Opened directly (a shared link, a \
                      bookmark, a search result, a QR code on a letter), that address goes to the server, which must \
                      answer with the app. A server without that fallback answers 404: the page exists for someone \
                      clicking through, and not for anyone else, search engines included. When the error page is \
                      the app itself (GitHub Pages' 404.html trick), the route is still rendered and audited.",
    },
];
