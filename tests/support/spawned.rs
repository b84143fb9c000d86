//! The tool as a background process, for tests that signal, kill or race
//! it. Its output goes to files, so that a large `--json` report can never
//! fill a pipe and block it while the test waits.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use super::World;

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

impl World {
    /// Starts `echo3d-hooks --db <store> --allow-private-targets ARGS` in the
    /// background, the tool's environment cleared; `tag` names its output
    /// files.
    pub fn spawn<S: AsRef<std::ffi::OsStr>>(&self, tag: &str, args: &[S]) -> Running {
        let out = self.dir.path().join(format!("{tag}.stdout"));
        let err = self.dir.path().join(format!("{tag}.stderr"));
        let mut cmd = std::process::Command::new(super::bin());
        for var in super::TOOL_ENV {
            cmd.env_remove(var);
        }
        let child = cmd
            .arg("--db")
            .arg(&self.db)
            .arg("--allow-private-targets")
            .args(args)
            .stdin(Stdio::null())
            .stdout(File::create(&out).unwrap())
            .stderr(File::create(&err).unwrap())
            .spawn()
            .expect("the binary starts");
        Running { child, out, err }
    }
}

impl Running {
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
