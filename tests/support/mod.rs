//! What the binary-level tests and the benchmark share: the exit codes, one
//! way to run a command and check its exit code, one `World` (a temp-dir
//! store and a TLS receiver), the flags every sending command gets, typed
//! mirrors of the `--json` documents (`json`), snapshot files (`snapshot`),
//! and the other ends the tool talks to: a `listen` driven from a test
//! (`listener`) and a fake Svix server (`svix_fake`).

#![allow(dead_code)]

pub mod json;
pub mod listener;
pub mod receiver;
pub mod samples;
pub mod snapshot;
pub mod spawned;
pub mod svix_fake;
pub mod tables;

use assert_cmd::Command;
use serde::de::DeserializeOwned;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

// The benchmark, which shares this module, uses only the receiver.
#[allow(unused_imports)]
pub use receiver::{Receiver, Recorded, Reply};
#[allow(unused_imports)]
pub use svix_fake::{FakeReply, SvixFake};

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
    pub const DELIVERY_FAILED: i32 = 7;
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
/// default 30 s. Use it as `cmd.args(sending(rx).retries(0))`.
#[derive(Clone, Debug)]
pub struct Sending {
    ca: PathBuf,
    backoff: String,
    timeout: String,
    retries: Option<u32>,
    concurrency: Option<usize>,
}

pub fn sending(rx: &Receiver) -> Sending {
    Sending {
        ca: rx.ca_path().to_path_buf(),
        backoff: "10ms".into(),
        timeout: "10s".into(),
        retries: None,
        concurrency: None,
    }
}

impl Sending {
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

// -------------------------------------------------------------- World

/// A temp-dir store, and a TLS receiver on 127.0.0.1 (started on first use).
///
/// `World::seeded()` holds, in two collections:
/// - `alpha` (KEY; Upload, Delete) at the receiver's `/alpha`,
/// - `beta` (KEY; CollectionMetadataAdd) at `/beta`,
/// - `gamma` (OTHER_KEY; Upload) at `/gamma`,
///
/// and two deliveries that succeeded: 1, `fire Upload` to alpha, and 2,
/// `fire CollectionMetadataAdd` to beta.
pub struct World {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    rx: OnceLock<Receiver>,
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    /// No store yet: the first command creates it.
    pub fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("hooks.db");
        World {
            dir,
            db,
            rx: OnceLock::new(),
        }
    }

    pub fn seeded() -> World {
        World::new().seed()
    }

    /// Adds the seeded world's webhooks and deliveries (see `World`).
    pub fn seed(self) -> World {
        let w = self;
        w.hook("alpha", "/alpha", &["Upload", "Delete"]);
        w.hook("beta", "/beta", &["CollectionMetadataAdd"]);
        w.add_hook("gamma", OTHER_KEY, &w.rx().url("/gamma"), &["Upload"]);
        for event in [
            &["Upload", "--entry", ENTRY_A][..],
            &["CollectionMetadataAdd", "--meta", "color=red"],
        ] {
            w.fire(event).expect(exit::OK);
        }
        assert_eq!(w.rx().count(), 2);
        w
    }

    /// The same world with its store somewhere else (a read-only folder, a
    /// small file system).
    pub fn with_db(self, db: PathBuf) -> World {
        World { db, ..self }
    }

    pub fn rx(&self) -> &Receiver {
        self.rx.get_or_init(Receiver::start)
    }

    /// `echo3d-hooks --db <store>`, the tool's environment cleared.
    pub fn cmd(&self) -> Command {
        let mut cmd = bare_cmd();
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// Like `cmd`, with the development opt-in (loopback targets allowed).
    pub fn dev_cmd(&self) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("--allow-private-targets");
        cmd
    }

    /// `fire ARGS --api-key KEY` under the opt-in, with the sending flags.
    pub fn fire(&self, args: &[&str]) -> Command {
        self.fire_with(sending(self.rx()), args)
    }

    pub fn fire_with(&self, flags: Sending, args: &[&str]) -> Command {
        let mut cmd = self.dev_cmd();
        cmd.arg("fire")
            .args(args)
            .args(["--api-key", KEY])
            .args(flags);
        cmd
    }

    /// A sending command (`test`, `redeliver`, or `fire` with a key of its
    /// own) under the opt-in, with the sending flags.
    pub fn send(&self, args: &[&str]) -> Command {
        self.send_with(sending(self.rx()), args)
    }

    pub fn send_with(&self, flags: Sending, args: &[&str]) -> Command {
        let mut cmd = self.dev_cmd();
        cmd.args(args).args(flags);
        cmd
    }

    /// Adds a webhook at `url` (loopback allowed) and returns its id.
    pub fn add_hook(&self, name: &str, api_key: &str, url: &str, triggers: &[&str]) -> String {
        let mut cmd = self.dev_cmd();
        cmd.args(["--json", "add", "--name", name, "--url", url])
            .args(["--api-key", api_key]);
        for t in triggers {
            cmd.args(["--trigger", t]);
        }
        cmd.expect(exit::OK).json::<json::WebhookDoc>().webhook.id
    }

    /// Adds a webhook of collection KEY at the receiver's `path`.
    pub fn hook(&self, name: &str, path: &str, triggers: &[&str]) -> String {
        self.add_hook(name, KEY, &self.rx().url(path), triggers)
    }

    /// Creates `count` webhooks `hook-0000`… of collection KEY, subscribed
    /// to Upload, at the receiver's `path_of(i)`, with one `import` (one
    /// transaction) instead of `count` processes.
    pub fn import_hooks(&self, count: usize, path_of: impl Fn(usize) -> String) {
        let hooks: Vec<serde_json::Value> = (0..count)
            .map(|i| {
                serde_json::json!({
                    "name": format!("hook-{i:04}"),
                    "apiKey": KEY,
                    "url": self.rx().url(&path_of(i)),
                    "triggers": ["Upload"],
                })
            })
            .collect();
        let doc = serde_json::json!({"version": 1, "apiKey": KEY, "webhooks": hooks});
        let file = self.file("hooks.json", doc.to_string());
        self.dev_cmd().arg("import").arg(&file).expect(exit::OK);
    }

    /// The webhook as `show --json` prints it (secret masked).
    pub fn show(&self, hook: &str) -> json::Webhook {
        self.cmd()
            .args(["--json", "show", hook])
            .expect(exit::OK)
            .json::<json::WebhookDoc>()
            .webhook
    }

    /// The store's secret for a webhook, read through `show --reveal-secret`.
    pub fn secret_of(&self, hook: &str) -> String {
        self.cmd()
            .args(["--json", "show", hook, "--reveal-secret"])
            .expect(exit::OK)
            .json::<json::WebhookDoc>()
            .webhook
            .secret
    }

    /// `list --json` with these filters.
    pub fn list(&self, filters: &[&str]) -> Vec<json::Webhook> {
        self.cmd()
            .args(["--json", "list"])
            .args(filters)
            .expect(exit::OK)
            .json::<json::WebhooksDoc>()
            .webhooks
    }

    /// `deliveries --json` with these filters.
    pub fn deliveries(&self, filters: &[&str]) -> Vec<json::LoggedDelivery> {
        self.cmd()
            .args(["--json", "deliveries"])
            .args(filters)
            .expect(exit::OK)
            .json::<json::DeliveriesDoc>()
            .deliveries
    }

    /// `deliveries show ID --json`.
    pub fn delivery(&self, id: i64) -> json::DeliveryDoc {
        self.cmd()
            .args(["--json", "deliveries", "show", &id.to_string()])
            .expect(exit::OK)
            .json()
    }

    /// Writes an input file (a payload, a document, a CA) into the world's
    /// folder and returns its path.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write an input file");
        path
    }

    /// The store's logical content as text: every table's rows in a stable
    /// order. Refusal tests compare it before and after.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn dump(db: &Path) -> String {
    if !db.exists() {
        return "<no store>".to_string();
    }
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open store read-only");
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        out.push_str(&format!("## {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .unwrap();
        let cols = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..cols)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap().join("|"));
            out.push('\n');
        }
    }
    out
}

/// A read-only connection to a store, for what no command shows (attempt
/// rows, raw states).
pub fn open_db(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the store read-only")
}

pub fn count(db: &Path, sql: &str) -> i64 {
    open_db(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A loopback port with nothing listening on it.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl World {
    /// The refusal pattern: `cmd` exits with `code`, says each of
    /// `fragments` on stderr, prints nothing on stdout, and leaves the
    /// store as it was.
    #[track_caller]
    pub fn refuses(
        &self,
        mut cmd: impl std::borrow::BorrowMut<Command>,
        code: i32,
        fragments: &[&str],
    ) -> Outcome {
        let before = self.dump();
        let out = cmd.borrow_mut().expect(code);
        out.says(fragments);
        assert_eq!(
            out.stdout,
            "",
            "a refusal prints nothing on stdout\n{}",
            out.report()
        );
        assert_eq!(
            self.dump(),
            before,
            "the refusal changed the store\n{}",
            out.report()
        );
        out
    }
}

impl World {
    /// Every delivery in the log, newest first.
    pub fn log(&self) -> Vec<json::LoggedDelivery> {
        self.deliveries(&["--limit", "100000"])
    }

    /// The log and the receiver agree: each delivery's attempts are
    /// numbered 1..=n, n being its counter, and the receiver got exactly n
    /// requests with its message id, all at the URL the log names; and no
    /// request that no delivery accounts for. Returns the attempts counted.
    #[track_caller]
    pub fn assert_log_matches_receiver(&self) -> usize {
        let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for r in self.rx().requests() {
            let id = r
                .header("webhook-id")
                .expect("every request has a webhook-id");
            seen.entry(id).or_default().push(r.path.clone());
        }
        let mut total = 0;
        for d in self.log() {
            let id = d.delivery_id;
            let numbers: Vec<u32> = match d.attempts {
                0 => Vec::new(),
                _ => self
                    .delivery(id)
                    .attempts
                    .iter()
                    .map(|a| a.number)
                    .collect(),
            };
            let expected: Vec<u32> = (1..=d.attempts).collect();
            assert_eq!(numbers, expected, "delivery {id}: attempts vs its counter");
            let paths = seen.remove(&d.message_id).unwrap_or_default();
            assert_eq!(
                paths.len(),
                d.attempts as usize,
                "delivery {id} ({}): the receiver saw {} request(s), the log has {}",
                d.name(),
                paths.len(),
                d.attempts
            );
            let logged_path = format!("/{}", d.url.splitn(4, '/').nth(3).unwrap_or(""));
            assert!(
                paths.iter().all(|p| *p == logged_path),
                "delivery {id}: requests went to {paths:?}, the log says {}",
                d.url
            );
            total += paths.len();
        }
        assert!(
            seen.is_empty(),
            "the receiver got requests no delivery in the log accounts for: {seen:?}"
        );
        assert_eq!(
            self.rx().count(),
            total,
            "receiver count vs attempts logged"
        );
        total
    }
}

/// `--json fire Upload --api-key KEY --entry ENTRY_A` with `flags`, as the
/// arguments of `World::spawn` (which adds the opt-in).
pub fn fire_args(flags: Sending) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "--json",
        "fire",
        "Upload",
        "--api-key",
        KEY,
        "--entry",
        ENTRY_A,
    ]
    .iter()
    .map(OsString::from)
    .collect();
    args.extend(flags);
    args
}

impl World {
    /// Moves the runs of these deliveries back in time, as if they had been
    /// made `age` ago. A run's deliveries share its time, so they all move.
    /// No command can age a delivery; this is the one place the tests write
    /// into the log's tables.
    pub fn age_runs_of(&self, deliveries: &[i64], age: std::time::Duration) {
        let conn = rusqlite::Connection::open(&self.db).expect("open the store");
        for id in deliveries {
            let changed = conn
                .execute(
                    "UPDATE runs SET created_at = created_at - ?2 \
                     WHERE id = (SELECT run_id FROM deliveries WHERE id = ?1)",
                    rusqlite::params![id, age.as_millis() as i64],
                )
                .expect("age a run");
            assert_eq!(changed, 1, "delivery {id} has no run");
        }
    }
}
