//! Running a tool as a whole process and measuring it the way a user feels
//! it: wall time from spawn to exit, and the child's peak resident memory
//! as the kernel reports it to `wait4` (so nothing is sampled or missed).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished run.
#[derive(Debug, Clone)]
pub struct Measured {
    pub wall: Duration,
    /// Peak resident set size of the child, in KiB.
    pub max_rss_kib: u64,
    /// User + system CPU time of the child: on a shared machine this moves
    /// less with other people's load than wall time does.
    pub cpu: Duration,
    pub exit_code: i32,
    pub stderr: String,
}

/// GNU time, used only as a small middleman for memory: on Linux a child's
/// peak RSS as reported by `wait4` starts from its PARENT's peak (exec
/// carries the old address space's high-water mark over), so measuring
/// straight from this process would report the generator's memory for
/// small runs. `/usr/bin/time` is tiny, so its child's figure is honest.
const GNU_TIME: &str = "/usr/bin/time";

/// Runs `cmd` to completion with stdout discarded and stderr captured in
/// `stderr_file` (a file, not a pipe, so a chatty child can never block).
pub fn measure(cmd: Command, stderr_file: &Path) -> Measured {
    let rss_file = stderr_file.with_extension("rss");
    let _ = std::fs::remove_file(&rss_file);
    let mut cmd = if Path::new(GNU_TIME).is_file() {
        let mut wrapped = Command::new(GNU_TIME);
        wrapped.arg("-f").arg("%M %U %S").arg("-o").arg(&rss_file).arg(cmd.get_program()).args(cmd.get_args());
        wrapped
    } else {
        cmd
    };
    let err = std::fs::File::create(stderr_file).expect("create stderr capture file");
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::from(err));
    let started = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; zeroed is a valid value for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // std's Child is never waited on, so the pid is still ours to reap here.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(reaped, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    drop(child);
    let exit_code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    let stderr = std::fs::read_to_string(stderr_file).unwrap_or_default();
    // GNU time writes "Command exited with non-zero status N" first on failure.
    let from_time: Option<(u64, f64)> = std::fs::read_to_string(&rss_file).ok().and_then(|t| {
        let mut f = t.lines().last()?.split_whitespace();
        let rss = f.next()?.parse().ok()?;
        let cpu = f.next()?.parse::<f64>().ok()? + f.next()?.parse::<f64>().ok()?;
        Some((rss, cpu))
    });
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let (max_rss_kib, cpu) = from_time.unwrap_or((usage.ru_maxrss as u64, tv(usage.ru_utime) + tv(usage.ru_stime)));
    Measured { wall, max_rss_kib, cpu: Duration::from_secs_f64(cpu), exit_code, stderr }
}

/// Median of the samples (the upper middle one for an even count).
pub fn median<T: Copy + Ord>(samples: &[T]) -> T {
    let mut v = samples.to_vec();
    v.sort();
    v[v.len() / 2]
}
