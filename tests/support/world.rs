//! `World`: a temp-dir store and a TLS receiver, the commands tests run
//! against them (in the foreground through `Run::expect`, or in the
//! background), and the ways into the store that no command offers.

use assert_cmd::Command;
use std::borrow::BorrowMut;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use super::spawned::Running;
use super::{
    ENTRY_A, KEY, OTHER_KEY, Outcome, Receiver, Run, Sending, bare_cmd, bare_process, exit, json,
    sending,
};

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

// ------------------------------------------------------------- making one

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

    /// Writes an input file (a payload, a document, a CA) into the world's
    /// folder and returns its path.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write an input file");
        path
    }
}

// --------------------------------------------------------------- commands

impl World {
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

    /// `cmd` as a `std::process::Command`, for a process a test starts and
    /// watches itself (`Running`, `Listener`).
    pub fn process(&self) -> std::process::Command {
        let mut cmd = bare_process();
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// Starts `echo3d-hooks --db <store> --allow-private-targets ARGS` in the
    /// background; `tag` names its output files.
    pub fn spawn<S: AsRef<OsStr>>(&self, tag: &str, args: &[S]) -> Running {
        let mut cmd = self.process();
        cmd.arg("--allow-private-targets").args(args);
        Running::start(cmd, self.dir.path(), tag)
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

    /// The refusal pattern: `cmd` exits with `code`, says each of
    /// `fragments` on stderr, prints nothing on stdout, and leaves the
    /// store as it was.
    #[track_caller]
    pub fn refuses(
        &self,
        mut cmd: impl BorrowMut<Command>,
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

// --------------------------------------------------------------- webhooks

impl World {
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
}

// ---------------------------------------------------------------- the log

impl World {
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
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
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

    /// Moves the runs of these deliveries back in time, as if they had been
    /// made `age` ago. A run's deliveries share its time, so they all move.
    /// No command can age a delivery; this is the one place the tests write
    /// into the log's tables.
    pub fn age_runs_of(&self, deliveries: &[i64], age: Duration) {
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

    /// The store's logical content as text: every table's rows in a stable
    /// order. Refusal tests compare it before and after.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

// -------------------------------------------------------------- the store

/// The logical content of the store at `db` (see `World::dump`).
pub fn dump(db: &Path) -> String {
    if !db.exists() {
        return "<no store>".to_string();
    }
    let conn = open_db(db);
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
