//! Running a command as a whole process: wall time from spawn to exit, and
//! the child's own peak RSS and CPU time from `wait4`.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished run of a command.
pub struct Run {
    pub elapsed: Duration,
    /// The child's peak resident set, in bytes.
    pub peak_rss: u64,
    /// The child's user and system CPU time.
    pub cpu: Duration,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for messages.
    pub command: String,
}

impl Run {
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "`{}` exited {:?}, not {code}; stderr:\n{}",
            self.command,
            self.code,
            tail(&self.stderr)
        );
        self
    }

    #[track_caller]
    pub fn expect_success(&self) -> &Run {
        self.expect_code(0)
    }

    /// stdout as a document of type `T`.
    #[track_caller]
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("`{}` printed no valid document: {e}", self.command))
    }
}

/// The last lines of a long text, for a failure message.
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(4000);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

/// Runs `echo3d-hooks --db DB --allow-private-targets ARGS` with an empty
/// environment, so that no developer setting leaks in.
pub fn tool<I, S>(db: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(crate::support::bin());
    cmd.env_clear()
        .arg("--db")
        .arg(db)
        .arg("--allow-private-targets")
        .args(args);
    timed(cmd)
}

/// Runs `cmd` (always with a cleared environment, plus what `cmd` sets)
/// with stdin closed and stdout and stderr sent to files, as a shell
/// redirect would, so that no pipe slows a large output.
///
/// The benchmark does not spawn it itself: Linux counts in a child's peak
/// RSS the peak of the process it was spawned from (the address space that
/// `exec` replaces), and this process holds receivers, documents and logs
/// of many MiB. A fresh copy of the benchmark's own binary, which touches
/// little memory, spawns it instead, times it from spawn to exit, reaps it
/// with `wait4`, and writes down what it measured (see `measured_child`).
pub fn timed(cmd: Command) -> Run {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let report_path = out_dir.path().join("measured");
    let command = shown(&cmd);
    let mut wrapper = Command::new(std::env::current_exe().expect("the benchmark's binary"));
    wrapper.env_clear();
    for (name, value) in cmd.get_envs() {
        if let Some(value) = value {
            wrapper.env(name, value);
        }
    }
    let status = wrapper
        .arg(MEASURE)
        .arg(&report_path)
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .status()
        .unwrap_or_else(|e| panic!("spawn the measuring process for `{command}`: {e}"));
    let read = |path| String::from_utf8_lossy(&std::fs::read(path).expect("read output")).into();
    let report: String = read(&report_path);
    let measured = Measured::parse(&report)
        .unwrap_or_else(|| panic!("`{command}` could not be measured ({status}): {report}"));
    Run {
        elapsed: measured.elapsed,
        peak_rss: measured.peak_rss,
        cpu: measured.cpu,
        code: measured.code,
        stdout: read(&out_path),
        stderr: read(&err_path),
        command,
    }
}

/// The first argument that makes the benchmark's binary the measuring
/// process: `MEASURE REPORT PROGRAM ARGS…`.
const MEASURE: &str = "--measure-child";

/// What the measuring process writes down: one line of numbers.
struct Measured {
    elapsed: Duration,
    peak_rss: u64,
    cpu: Duration,
    code: Option<i32>,
}

impl Measured {
    fn line(&self) -> String {
        format!(
            "{} {} {} {}\n",
            self.elapsed.as_nanos(),
            self.peak_rss,
            self.cpu.as_nanos(),
            self.code.map_or(-1, |c| c)
        )
    }

    fn parse(line: &str) -> Option<Measured> {
        let numbers: Vec<i128> = line
            .split_whitespace()
            .map(|w| w.parse().ok())
            .collect::<Option<_>>()?;
        let [elapsed, peak_rss, cpu, code] = numbers[..] else {
            return None;
        };
        Some(Measured {
            elapsed: Duration::from_nanos(elapsed as u64),
            peak_rss: peak_rss as u64,
            cpu: Duration::from_nanos(cpu as u64),
            code: (code >= 0).then_some(code as i32),
        })
    }
}

/// When this process is the measuring one, spawns the command it was
/// given, measures it and exits; otherwise returns at once. Call it first
/// thing in `main`, before anything takes memory.
pub fn measured_child() {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() != Some(OsStr::new(MEASURE)) {
        return;
    }
    let (Some(report), Some(program)) = (args.next(), args.next()) else {
        eprintln!("usage: {MEASURE} REPORT PROGRAM [ARGS…]");
        std::process::exit(2);
    };
    let started = Instant::now();
    // stdin, stdout and stderr are inherited: the benchmark set them.
    let child = match Command::new(&program).args(args).spawn() {
        Ok(child) => child,
        Err(e) => {
            let _ = std::fs::write(&report, format!("spawn {}: {e}", program.to_string_lossy()));
            std::process::exit(127);
        }
    };
    let (status, usage) = wait4(child.id() as libc::pid_t);
    let measured = Measured {
        elapsed: started.elapsed(),
        // Linux reports ru_maxrss in KiB.
        peak_rss: usage.ru_maxrss as u64 * 1024,
        cpu: cpu_time(&usage.ru_utime) + cpu_time(&usage.ru_stime),
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
    };
    std::fs::write(&report, measured.line()).expect("write the measurement");
    std::process::exit(0);
}

/// A command line cut to a readable length.
fn shown(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    if text.len() > 300 {
        let cut = (0..=300)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// Reaps one child and returns its wait status and resource usage (its own,
/// not that of every child so far, which `getrusage` would merge).
fn wait4(pid: libc::pid_t) -> (libc::c_int, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills both out-parameters.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return (status, usage);
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "wait4: {err}");
    }
}

fn cpu_time(t: &libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Whether `program` can be run (found on the PATH).
pub fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
