//! What the binary-level tests and the benchmark share. Here: the exit codes
//! by name, the one way to run a command and check its exit code
//! (`Run::expect`, giving an `Outcome`), and the one builder of the flags
//! every sending command gets (`sending`). Beside it: the one `World` (a
//! temp-dir store and a TLS receiver, in `world`), typed mirrors of the
//! `--json` documents (`json`), snapshot files (`snapshot`), background
//! processes (`spawned`), and the other ends the tool talks to: a receiver
//! (`receiver`), a `listen` driven from a test (`listener`) and a fake Svix
//! server (`svix_fake`).

#![allow(dead_code)]

pub mod json;
pub mod listener;
pub mod receiver;
pub mod samples;
pub mod snapshot;
pub mod spawned;
pub mod svix_fake;
pub mod tables;
mod world;

use assert_cmd::Command;
use serde::de::DeserializeOwned;
use std::ffi::OsString;
use std::path::PathBuf;

// The benchmark, which shares this module, uses few of these.
#[allow(unused_imports)]
pub use receiver::{Receiver, Recorded, Reply};
#[allow(unused_imports)]
pub use svix_fake::{FakeReply, SvixFake};
#[allow(unused_imports)]
pub use world::{World, count, dump, fire_args, open_db};

/// The exit codes the README documents.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    /// The command line is wrong (clap's own code).
    pub const USAGE: i32 = 2;
    pub const INVALID: i32 = 3;
    pub const NOT_FOUND: i32 = 4;
    pub const CONFLICT: i32 = 5;
    pub const STORE: i32 = 6;
    /// A delivery failed (or, for `received replay`, a replay).
    pub const DELIVERY_FAILED: i32 = 7;
    /// `svix status`, or a message for one webhook `--via svix`: the Svix
    /// server differs from the store.
    pub const OUT_OF_SYNC: i32 = DELIVERY_FAILED;
    pub const NOTHING_TO_SEND: i32 = 8;
    /// `verify`: no signature matches.
    pub const SIGNATURE_MISMATCH: i32 = 9;
    /// `verify`: a signature matches, but the timestamp is too far off.
    pub const TIMESTAMP_OUTSIDE_TOLERANCE: i32 = 10;
    /// `verify`: genuine, but the payload breaks echo3D's rules.
    pub const PAYLOAD_REJECTED: i32 = 11;
    /// `listen --timeout`: nothing arrived in time.
    pub const LISTEN_TIMED_OUT: i32 = 12;
    /// A question was asked on a terminal and the answer was no.
    pub const DECLINED: i32 = 13;
    /// `svix`: the Svix server refused or failed.
    pub const REMOTE_FAILED: i32 = 14;
    pub const INTERRUPTED: i32 = 130;
}

/// Every environment variable the tool reads; cleared in every test so that
/// the developer's own settings cannot leak in.
pub const TOOL_ENV: &[&str] = &[
    "ECHO3D_HOOKS_DB",
    "ECHO3D_API_KEY",
    "ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS",
    "ECHO3D_HOOKS_CA_CERT",
    "ECHO3D_HOOKS_SVIX_URL",
    "ECHO3D_HOOKS_SVIX_TOKEN",
    "NO_COLOR",
];

/// The proxy variables an HTTP client might honour; the tool must not.
pub const PROXY_ENV: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The spec's example collection key, and a second collection.
pub const KEY: &str = "bold-sky-1234";
pub const OTHER_KEY: &str = "calm-sea-5678";
/// The spec's example entry IDs.
pub const ENTRY_A: &str = "a1b2c3d4-5678-90ab-cdef-1234567890ab";
pub const ENTRY_B: &str = "f9e8d7c6-5432-10fe-dcba-0987654321fe";
/// A public URL for webhooks that are never sent to.
pub const URL: &str = "https://hooks.example.com/echo3d";

/// The nine triggers, in the spec's order.
pub const ALL_EVENTS: [&str; 9] = [
    "Upload",
    "Processed",
    "Edit",
    "Delete",
    "CollectionMetadataAdd",
    "CollectionMetadataRemove",
    "AssetMetadataAdd",
    "AssetMetadataRemove",
    "AssetStatusUpdate",
];

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_echo3d-hooks"))
}

/// `echo3d-hooks` with the tool's environment cleared.
pub fn bare_cmd() -> Command {
    let mut cmd = Command::new(bin());
    for var in TOOL_ENV.iter().chain(PROXY_ENV) {
        cmd.env_remove(var);
    }
    cmd
}

/// `bare_cmd` as a `std::process::Command`, for a process a test starts in
/// the background and watches. Its SIGHUP is as a terminal would leave it,
/// whatever the test runner's is: a runner started under `nohup` would
/// otherwise pass on an ignored SIGHUP, which the binary keeps ignoring.
pub fn bare_process() -> std::process::Command {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(bin());
    for var in TOOL_ENV.iter().chain(PROXY_ENV) {
        cmd.env_remove(var);
    }
    // SAFETY: signal(2) is async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_DFL);
            Ok(())
        });
    }
    cmd
}

// ------------------------------------------------------- run and expect

/// What a finished command printed, and how it ended.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for messages.
    pub command: String,
}

impl Outcome {
    /// Everything a reader of a failure needs.
    pub fn report(&self) -> String {
        format!(
            "$ {}\nexit: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.command, self.code, self.stdout, self.stderr
        )
    }

    /// stdout as the typed document `T`; a field that is missing, extra or
    /// of another type fails the test.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        match serde_json::from_str(&self.stdout) {
            Ok(doc) => doc,
            Err(e) => panic!(
                "stdout is not the expected {} ({e})\n{}",
                std::any::type_name::<T>(),
                self.report()
            ),
        }
    }

    /// Asserts that stderr says each of `fragments`.
    #[track_caller]
    pub fn says(&self, fragments: &[&str]) -> &Outcome {
        for fragment in fragments {
            assert!(
                self.stderr.contains(fragment),
                "stderr does not say {fragment:?}\n{}",
                self.report()
            );
        }
        self
    }
}

/// Runs a command; `expect` also checks its exit code.
pub trait Run {
    fn outcome(&mut self) -> Outcome;

    /// Runs the command and asserts its exit code (and that nothing
    /// panicked), printing the command, stdout and stderr if not.
    #[track_caller]
    fn expect(&mut self, code: i32) -> Outcome {
        let out = self.outcome();
        assert_eq!(
            out.code,
            Some(code),
            "expected exit {code}\n{}",
            out.report()
        );
        assert!(
            !out.stderr.contains("panicked"),
            "the tool panicked\n{}",
            out.report()
        );
        out
    }
}

impl Run for Command {
    fn outcome(&mut self) -> Outcome {
        let out = self.output().expect("the binary runs");
        Outcome {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            command: shown(self),
        }
    }
}

/// A command line cut to a readable length.
fn shown(cmd: &Command) -> String {
    let text = format!("{cmd:?}");
    match text.char_indices().nth(2000) {
        Some((i, _)) => format!("{}… ({} characters)", &text[..i], text.chars().count()),
        None => text,
    }
}

// ------------------------------------------------------------ sending

/// The flags every sending command (`fire`, `test`, `redeliver`) gets in
/// tests and in the benchmark: trust the receiver's CA, retry after 10 ms
/// instead of a second, and give up on a hung attempt well before the
/// default 30 s. Use it as `cmd.args(sending(rx).retries(0))`, or, for
/// another receiver (a `listen`), `Sending::trusting(its_ca)`.
#[derive(Clone, Debug)]
pub struct Sending {
    ca: PathBuf,
    backoff: String,
    timeout: String,
    retries: Option<u32>,
    concurrency: Option<usize>,
}

pub fn sending(rx: &Receiver) -> Sending {
    Sending::trusting(rx.ca_path())
}

impl Sending {
    /// The sending flags for a receiver whose certificate `ca` issued.
    pub fn trusting(ca: impl Into<PathBuf>) -> Sending {
        Sending {
            ca: ca.into(),
            backoff: "10ms".into(),
            timeout: "10s".into(),
            retries: None,
            concurrency: None,
        }
    }

    /// `--retries N` (without it, the tool's default of 3).
    pub fn retries(mut self, n: u32) -> Sending {
        self.retries = Some(n);
        self
    }

    pub fn timeout(mut self, limit: &str) -> Sending {
        self.timeout = limit.into();
        self
    }

    pub fn concurrency(mut self, n: usize) -> Sending {
        self.concurrency = Some(n);
        self
    }

    pub fn args(&self) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec!["--ca-cert".into(), self.ca.clone().into()];
        for (flag, value) in [
            ("--backoff", Some(self.backoff.clone())),
            ("--timeout", Some(self.timeout.clone())),
            ("--connect-timeout", Some("5s".to_string())),
            ("--retries", self.retries.map(|n| n.to_string())),
            ("--concurrency", self.concurrency.map(|n| n.to_string())),
        ] {
            if let Some(value) = value {
                args.push(flag.into());
                args.push(value.into());
            }
        }
        args
    }
}

impl IntoIterator for Sending {
    type Item = OsString;
    type IntoIter = std::vec::IntoIter<OsString>;

    fn into_iter(self) -> Self::IntoIter {
        self.args().into_iter()
    }
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A plain TCP server on 127.0.0.1 that reads what each connection sends
/// first, answers with `answer` and closes it; its port.
pub fn raw_server(answer: &'static [u8]) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            // The ClientHello is read first: closing with it unread would
            // reset the connection rather than end it.
            let _ = std::io::Read::read(&mut stream, &mut [0; 4096]);
            let _ = std::io::Write::write_all(&mut stream, answer);
        }
    });
    port
}
