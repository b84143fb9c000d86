//! The tool as a background process, for tests that signal, kill or race
//! it. Its output goes to files, so that a large `--json` report can never
//! fill a pipe and block it while the test waits.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

pub struct Running {
    child: Child,
    out: PathBuf,
    pub err: PathBuf,
}

pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not the expected {} ({e}):\n{}\nstderr:\n{}",
                std::any::type_name::<T>(),
                self.stdout,
                self.stderr
            )
        })
    }
}

impl Running {
    /// Starts `cmd` (see `World::process`, or `World::spawn`) with its
    /// output going to `<tag>.stdout` and `<tag>.stderr` in `dir`.
    pub fn start(mut cmd: std::process::Command, dir: &Path, tag: &str) -> Running {
        let out = dir.join(format!("{tag}.stdout"));
        let err = dir.join(format!("{tag}.stderr"));
        let child = cmd
            .stdin(Stdio::null())
            .stdout(File::create(&out).unwrap())
            .stderr(File::create(&err).unwrap())
            .spawn()
            .expect("the binary starts");
        Running { child, out, err }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the process can be polled")
            .is_none()
    }

    pub fn stderr_so_far(&self) -> String {
        std::fs::read_to_string(&self.err).unwrap_or_default()
    }

    /// Polls `done` while the process runs; fails the test, with the
    /// process's errors, if it ends first or `limit` passes.
    #[track_caller]
    pub fn wait_until(&mut self, limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + limit;
        while !done() {
            let ended = self.child.try_wait().unwrap();
            if ended.is_some() || Instant::now() > deadline {
                panic!(
                    "{what} did not happen ({ended:?}); stderr:\n{}",
                    self.stderr_so_far()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits (as `wait_until`) for stdout to hold what `found` finds, and
    /// returns it.
    #[track_caller]
    pub fn wait_for_stdout<T>(
        &mut self,
        limit: Duration,
        what: &str,
        found: impl Fn(&str) -> Option<T>,
    ) -> T {
        let out = self.out.clone();
        let mut hit = None;
        self.wait_until(limit, what, || {
            hit = found(&std::fs::read_to_string(&out).unwrap_or_default());
            hit.is_some()
        });
        hit.expect("found")
    }

    /// Sends `signal` (a `kill` name such as INT or KILL).
    pub fn signal(&self, signal: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} {} failed", self.pid());
    }

    /// Waits for the process to end; a hang fails the test instead of
    /// blocking the suite.
    #[track_caller]
    pub fn finish(mut self, limit: Duration) -> Finished {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "the process did not end within {limit:?}; stderr:\n{}",
                    self.stderr_so_far()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Finished {
            status,
            stdout: std::fs::read_to_string(&self.out).unwrap(),
            stderr: std::fs::read_to_string(&self.err).unwrap(),
        }
    }
}

/// A test that fails while its process runs leaves no process behind.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
