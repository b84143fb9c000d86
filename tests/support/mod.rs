//! What the binary-level tests share: a hermetic command builder, a temp-dir
//! store, the receiver (TLS or plain HTTP), a fake Svix server, and the checks
//! of a command's outcome.

#![allow(dead_code)]

pub mod expect;
pub mod listener;
pub mod receiver;
pub mod svix_fake;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub use receiver::{Receiver, Recorded, Reply};
pub use svix_fake::{FakeReply, SvixFake};

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

/// A temp-dir store and commands bound to it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("hooks.db");
        Env { dir, db }
    }

    /// `echo3d-hooks --db <temp store>` with the tool's environment cleared.
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

    /// Adds a webhook at `url` (loopback allowed) and returns its id.
    pub fn add_hook(&self, name: &str, api_key: &str, url: &str, triggers: &[&str]) -> String {
        let mut cmd = self.dev_cmd();
        cmd.args([
            "--json",
            "add",
            "--name",
            name,
            "--url",
            url,
            "--api-key",
            api_key,
        ]);
        for t in triggers {
            cmd.args(["--trigger", t]);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let v: serde_json::Value = serde_json::from_slice(&out).expect("add --json prints JSON");
        v["webhook"]["id"].as_str().expect("id").to_string()
    }

    /// The store's secret for a webhook, read through `show --reveal-secret`.
    pub fn secret_of(&self, hook: &str) -> String {
        let out = self
            .cmd()
            .args(["--json", "show", hook, "--reveal-secret"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["webhook"]["secret"].as_str().unwrap().to_string()
    }

    /// The store's logical content as text: every table's rows in a stable
    /// order. Refusal tests compare it before and after.
    pub fn dump(&self) -> String {
        dump(&self.db)
    }
}

pub fn bare_cmd() -> Command {
    let mut cmd = Command::cargo_bin("echo3d-hooks").expect("binary built");
    for var in TOOL_ENV.iter().chain(PROXY_ENV) {
        cmd.env_remove(var);
    }
    cmd
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

/// Parses stdout as JSON.
pub fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
