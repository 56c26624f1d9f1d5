//! Whole-process benchmark of `schoolgate build` against Hugo on the same
//! synthetic school site, and of `schoolgate audit` (optionally against
//! html-proofer). See docs/benchmarks.md.
//!
//!     cargo bench --bench build -- [--pages N] [--photos M] [--runs R] [--quick] [--disk-only|--tmpfs-only]
//!     cargo bench --bench build -- --audit [--pages N]
//!     cargo bench --bench build -- --crawl [--pages N]   (SCHOOLGATE_BASELINE=old binary to compare)
//!
//! Every number is a median over R runs of the real binaries, alternating
//! Schoolgate and Hugo (A B A B …) so that background load on a shared
//! machine hits both alike.

mod auditgen;
mod crawlgen;
mod photos;
mod run;
mod sitegen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use run::{Measured, measure, median};

const SCHOOLGATE: &str = env!("CARGO_BIN_EXE_schoolgate");
/// A fixed "today" so freshness checks do not change from day to day.
const TODAY: &str = "2026-06-01";

#[derive(Debug)]
struct Options {
    pages: Vec<usize>,
    photos: usize,
    runs: usize,
    storages: Vec<Storage>,
    audit: bool,
    /// The live-crawl case (slash redirects) instead of builds.
    crawl: bool,
    /// Leave the generated sites in place afterwards (to inspect them).
    keep: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Storage {
    Tmpfs,
    Disk,
}

impl Storage {
    fn root(self) -> PathBuf {
        match self {
            Storage::Tmpfs => PathBuf::from("/dev/shm/schoolgate-bench"),
            Storage::Disk => PathBuf::from("/work/bench-tmp"),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Storage::Tmpfs => "tmpfs",
            Storage::Disk => "disk",
        }
    }
}

fn parse_args() -> Options {
    let mut o = Options {
        pages: vec![10_000, 1_000],
        photos: 50,
        runs: 5,
        storages: vec![Storage::Tmpfs, Storage::Disk],
        audit: false,
        crawl: false,
        keep: false,
    };
    let mut quick = false;
    let mut runs = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut number = |what: &str| -> usize {
            args.next().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "--pages" => o.pages = vec![number("--pages")],
            "--photos" => o.photos = number("--photos"),
            "--runs" => runs = Some(number("--runs").max(1)),
            "--quick" => quick = true,
            "--tmpfs-only" => o.storages = vec![Storage::Tmpfs],
            "--disk-only" => o.storages = vec![Storage::Disk],
            "--audit" => o.audit = true,
            "--crawl" => o.crawl = true,
            "--keep" => o.keep = true,
            // cargo bench passes --bench to harness = false targets.
            "--bench" => {}
            other => panic!("unknown option {other}; see docs/benchmarks.md"),
        }
    }
    if quick {
        o.runs = 3;
        o.storages.truncate(1);
    }
    if let Some(r) = runs {
        o.runs = r;
    }
    o
}

fn has(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
        || Command::new(program).arg("version").output().is_ok_and(|o| o.status.success())
}

/// Medians of one tool in one scenario.
#[derive(Debug, Clone, Copy)]
struct Summary {
    wall: Duration,
    cpu: Duration,
    rss_mib: f64,
}

fn summarise(samples: &[Measured]) -> Summary {
    let wall = median(&samples.iter().map(|m| m.wall).collect::<Vec<_>>());
    let rss = median(&samples.iter().map(|m| m.max_rss_kib).collect::<Vec<_>>());
    let cpu = median(&samples.iter().map(|m| m.cpu).collect::<Vec<_>>());
    Summary { wall, cpu, rss_mib: rss as f64 / 1024.0 }
}

struct Row {
    storage: &'static str,
    case: String,
    scenario: &'static str,
    sg: Summary,
    hugo: Option<Summary>,
    note: String,
}

fn sg_build(root: &Path) -> Command {
    let mut c = Command::new(SCHOOLGATE);
    c.args(["build", "--quiet", "--today", TODAY, "--root"]).arg(root);
    c
}

fn hugo_build(root: &Path) -> Command {
    let mut c = Command::new("hugo");
    c.arg("--quiet").arg("--source").arg(root);
    c
}

fn check(m: &Measured, what: &str) {
    if m.exit_code != 0 {
        panic!("{what} failed with exit code {}:\n{}", m.exit_code, m.stderr);
    }
}

fn clean_schoolgate(root: &Path) {
    for d in ["public", ".schoolgate"] {
        let _ = std::fs::remove_dir_all(root.join(d));
    }
}

fn clean_hugo(root: &Path) {
    for d in ["public", "resources", ".hugo_cache"] {
        let _ = std::fs::remove_dir_all(root.join(d));
    }
}

/// Appends a sentence to the page, so each run has a real one-page edit.
fn touch_page(root: &Path, rel: &Path, n: usize) {
    let path = root.join("content").join(rel);
    let mut text = std::fs::read_to_string(&path).expect("read changed page");
    text.push_str(&format!("\nUpdated notice number {n}.\n"));
    std::fs::write(&path, text).expect("write changed page");
}

/// "N photos prepared" from Schoolgate's closing line (printed even with --quiet).
fn photos_prepared(stderr: &str) -> Option<usize> {
    let at = stderr.find(" photos prepared")?;
    stderr[..at].rsplit(['(', ' ']).next()?.parse().ok()
}

#[derive(Clone, Copy, PartialEq)]
enum Scenario {
    Cold,
    Warm,
    OnePage,
}

/// Runs one scenario for both tools, A B A B.
fn compare(
    sites: &sitegen::Sites,
    scenario: Scenario,
    runs: usize,
    with_hugo: bool,
    scratch: &Path,
) -> (Vec<Measured>, Vec<Measured>) {
    let (sg, hugo) = (&sites.schoolgate, &sites.hugo);
    if scenario != Scenario::Cold {
        // Prime caches and output once, untimed.
        check(&measure(sg_build(sg), &scratch.join("sg.err")), "schoolgate build (priming)");
        if with_hugo {
            check(&measure(hugo_build(hugo), &scratch.join("hugo.err")), "hugo (priming)");
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for r in 0..runs {
        match scenario {
            Scenario::Cold => clean_schoolgate(sg),
            Scenario::OnePage => touch_page(sg, &sites.changed, r),
            Scenario::Warm => {}
        }
        let m = measure(sg_build(sg), &scratch.join("sg.err"));
        check(&m, "schoolgate build");
        a.push(m);
        if with_hugo {
            match scenario {
                Scenario::Cold => clean_hugo(hugo),
                Scenario::OnePage => touch_page(hugo, &sites.changed, r),
                Scenario::Warm => {}
            }
            let m = measure(hugo_build(hugo), &scratch.join("hugo.err"));
            check(&m, "hugo");
            b.push(m);
        }
    }
    (a, b)
}

fn build_benchmarks(o: &Options) {
    let with_hugo = has("hugo");
    if !with_hugo {
        eprintln!("hugo not found (apt-get install -y hugo): timing Schoolgate alone.");
    }
    let photo_cache = PathBuf::from("/work/bench-tmp/photo-cache");
    let started = std::time::Instant::now();
    let photos = photos::camera_photos(&photo_cache, o.photos, 4000, 3000);
    eprintln!("{} photos of 4000x3000 ready in {:.1} s", photos.len(), started.elapsed().as_secs_f64());
    let mut rows = Vec::new();
    for &storage in &o.storages {
        let base = storage.root();
        std::fs::create_dir_all(&base).expect("create bench folder");
        for &pages in &o.pages {
            let started = std::time::Instant::now();
            let sites = sitegen::write_sites(&base.join(format!("site-{pages}")), pages, &[]);
            eprintln!("[{}] {pages}-page sites written in {:.1} s", storage.name(), started.elapsed().as_secs_f64());
            for (scenario, name) in [
                (Scenario::Cold, "cold build"),
                (Scenario::Warm, "warm, nothing changed"),
                (Scenario::OnePage, "one page changed"),
            ] {
                eprintln!("[{}] {pages} pages: {name}…", storage.name());
                let (a, b) = compare(&sites, scenario, o.runs, with_hugo, &base);
                rows.push(Row {
                    storage: storage.name(),
                    case: format!("{pages} pages"),
                    scenario: name,
                    sg: summarise(&a),
                    hugo: with_hugo.then(|| summarise(&b)),
                    note: String::new(),
                });
            }
            if !o.keep {
                let _ = std::fs::remove_dir_all(base.join(format!("site-{pages}")));
            }
        }
        if o.photos > 0 {
            let sites = sitegen::write_sites(&base.join("site-photos"), 0, &photos);
            for (scenario, name) in [(Scenario::Cold, "photos cold"), (Scenario::Warm, "photos warm")] {
                eprintln!("[{}] {} photos: {name}…", storage.name(), o.photos);
                let (a, b) = compare(&sites, scenario, o.runs, with_hugo, &base);
                let prepared: Vec<String> =
                    a.iter().map(|m| photos_prepared(&m.stderr).map_or("?".into(), |n| n.to_string())).collect();
                rows.push(Row {
                    storage: storage.name(),
                    case: format!("{} photos", o.photos),
                    scenario: name,
                    sg: summarise(&a),
                    hugo: with_hugo.then(|| summarise(&b)),
                    note: format!("resized per run: {}", prepared.join(",")),
                });
            }
            if !o.keep {
                let _ = std::fs::remove_dir_all(base.join("site-photos"));
            }
        }
    }
    print_table(&rows, o.runs);
}

fn print_table(rows: &[Row], runs: usize) {
    println!("\nMedian of {runs} runs: wall time, CPU time (user+sys), peak RSS. Schoolgate {SCHOOLGATE}");
    println!(
        "{:<6} {:<12} {:<22} {:>8} {:>8} {:>7} {:>8} {:>8} {:>7} {:>8} {:>8}  note",
        "disk", "site", "scenario", "sg s", "sg cpu", "sg MiB", "hugo s", "hugo cpu", "hugoMiB", "wall x", "cpu x"
    );
    for r in rows {
        let (hs, hc, hm, ratio, cratio) = match r.hugo {
            Some(h) => (
                format!("{:.3}", h.wall.as_secs_f64()),
                format!("{:.3}", h.cpu.as_secs_f64()),
                format!("{:.0}", h.rss_mib),
                format!("{:.2}", r.sg.wall.as_secs_f64() / h.wall.as_secs_f64()),
                format!("{:.2}", r.sg.cpu.as_secs_f64() / h.cpu.as_secs_f64().max(0.001)),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into(), "-".into()),
        };
        println!(
            "{:<6} {:<12} {:<22} {:>8.3} {:>8.3} {:>7.0} {:>8} {:>8} {:>7} {:>8} {:>8}  {}",
            r.storage,
            r.case,
            r.scenario,
            r.sg.wall.as_secs_f64(),
            r.sg.cpu.as_secs_f64(),
            r.sg.rss_mib,
            hs,
            hc,
            hm,
            ratio,
            cratio,
            r.note
        );
    }
}

fn audit_benchmark(o: &Options) {
    let pages = if o.pages.len() == 1 { o.pages[0] } else { 10_000 };
    let dir = Storage::Tmpfs.root().join("audit");
    let started = std::time::Instant::now();
    let register = auditgen::write(&dir, pages, 1_000, 500);
    eprintln!("audit folder ({pages} pages, 500 tagged photos) written in {:.1} s", started.elapsed().as_secs_f64());
    let site = dir.join("site");
    let with_proofer = has("htmlproofer");
    let baseline = std::env::var_os("SCHOOLGATE_BASELINE").map(PathBuf::from);
    let audit = |binary: &Path, report: &str| {
        let mut c = Command::new(binary);
        c.args(["audit", "--today", TODAY, "--format", "json", "--output"])
            .arg(dir.join(report))
            .arg(&site)
            .arg("--register")
            .arg(&register);
        let m = measure(c, &dir.join("sg.err"));
        // 1 = findings (expected: some photos show pupils without consent).
        if m.exit_code > 1 || m.exit_code < 0 {
            panic!("schoolgate audit failed ({}):\n{}", m.exit_code, m.stderr);
        }
        m
    };
    let (mut a, mut b, mut old) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..o.runs {
        a.push(audit(Path::new(SCHOOLGATE), "report.json"));
        if let Some(binary) = &baseline {
            old.push(audit(binary, "baseline-report.json"));
        }
        if with_proofer {
            // html-proofer 3.x spelling of `--checks Images`: skip the other checks.
            let mut c = Command::new("htmlproofer");
            c.arg(&site).args([
                "--disable-external",
                "--checks-to-ignore",
                "LinkCheck,ScriptCheck",
                "--log-level",
                ":fatal",
            ]);
            b.push(measure(c, &dir.join("proofer.err")));
        }
    }
    let sg = summarise(&a);
    let findings = std::fs::read_to_string(dir.join("report.json")).map(|t| t.matches("\"rule\"").count()).unwrap_or(0);
    println!("\nAudit of {pages} HTML pages, 1000-pupil register, 500 tagged photos: median of {} runs", o.runs);
    let line = |label: &str, m: &Summary, exit: i32, note: &str| {
        println!(
            "{label:<18} {:>8.3} s  cpu {:>7.2} s  {:>8.0} pages/s  peak {:>6.0} MiB  exit {exit}{note}",
            m.wall.as_secs_f64(),
            m.cpu.as_secs_f64(),
            pages as f64 / m.wall.as_secs_f64(),
            m.rss_mib,
        );
    };
    let count =
        |report: &str| std::fs::read_to_string(dir.join(report)).map(|t| t.matches("\"rule\"").count()).unwrap_or(0);
    line("schoolgate audit", &sg, a[0].exit_code, &format!("  ({findings} findings)"));
    if baseline.is_some() {
        let base = summarise(&old);
        line("baseline audit", &base, old[0].exit_code, &format!("  ({} findings)", count("baseline-report.json")));
        println!("ratio schoolgate/baseline: {:.2}", sg.wall.as_secs_f64() / base.wall.as_secs_f64());
    }
    if with_proofer {
        let hp = summarise(&b);
        line("htmlproofer Images", &hp, b[0].exit_code, "");
        println!("ratio schoolgate/htmlproofer: {:.2}", sg.wall.as_secs_f64() / hp.wall.as_secs_f64());
    } else {
        println!("htmlproofer not found (apt-get install -y ruby-html-proofer): no comparison.");
    }
}

/// Runs `python3 -m http.server` on a free port of 127.0.0.1 serving
/// `dir`, and waits until it answers. Python's server redirects a folder
/// address without its slash to the slash form, like Apache and nginx.
fn serve(dir: &Path) -> (std::process::Child, u16) {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port");
    let mut child = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 -m http.server (apt-get install -y python3)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (child, port);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the test server did not start");
}

/// Pages checked and redirect-loop findings, read from a JSON report.
fn crawl_outcome(report: &Path) -> (u64, usize) {
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let pages = json["summary"]["pages_checked"].as_u64().unwrap_or(0);
    let loops = text.matches("crawl/redirect-loop").count();
    (pages, loops)
}

fn crawl_benchmark(o: &Options) {
    let pages = if o.pages.len() == 1 { o.pages[0] } else { 2_000 };
    let dir = Storage::Tmpfs.root().join("crawl");
    let site = dir.join("site");
    let expected = crawlgen::write(&site, pages);
    let (mut server, port) = serve(&site);
    let url = format!("http://127.0.0.1:{port}/");
    let baseline = std::env::var_os("SCHOOLGATE_BASELINE").map(PathBuf::from);
    let mut tools: Vec<(String, PathBuf)> = vec![("schoolgate".into(), PathBuf::from(SCHOOLGATE))];
    if let Some(b) = &baseline {
        tools.push(("baseline".into(), b.clone()));
    }
    let mut samples: Vec<Vec<Measured>> = vec![Vec::new(); tools.len()];
    let mut outcome = vec![(0, 0); tools.len()];
    for _ in 0..o.runs {
        for (t, (_, bin)) in tools.iter().enumerate() {
            let report = dir.join(format!("report-{t}.json"));
            let mut c = Command::new(bin);
            c.args(["audit", "--today", TODAY, "--no-faces", "--format", "json", "--output"]).arg(&report).arg(&url);
            let m = measure(c, &dir.join(format!("sg-{t}.err")));
            if m.exit_code > 1 || m.exit_code < 0 {
                let _ = server.kill();
                panic!("{} audit failed ({}):\n{}", bin.display(), m.exit_code, m.stderr);
            }
            samples[t].push(m);
            outcome[t] = crawl_outcome(&report);
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    println!(
        "\nLive audit over HTTP of {expected} pages whose links all lack the folder slash (301 to the slash form): median of {} runs",
        o.runs
    );
    for (t, (name, bin)) in tools.iter().enumerate() {
        let s = summarise(&samples[t]);
        let (reached, loops) = outcome[t];
        println!(
            "{name:<10} {:>8.3} s  cpu {:>7.3} s  peak {:>6.0} MiB  {reached:>5} of {expected} pages reached  {:>7.0} pages/s  {loops} redirect-loop findings  ({})",
            s.wall.as_secs_f64(),
            s.cpu.as_secs_f64(),
            s.rss_mib,
            reached as f64 / s.wall.as_secs_f64(),
            bin.display()
        );
    }
    if baseline.is_none() {
        println!("(set SCHOOLGATE_BASELINE to an older schoolgate binary to compare)");
    }
    if !o.keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn main() {
    let o = parse_args();
    if o.crawl {
        crawl_benchmark(&o);
    } else if o.audit {
        audit_benchmark(&o);
    } else {
        build_benchmarks(&o);
    }
}
