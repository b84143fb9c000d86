//! Hostile input: every kind of refusal, as tables of bad invocations. Each
//! case's full stderr and exit code is a snapshot in
//! `tests/snapshots/errors/`, one file per case, so that every error
//! message the tool prints can be read in one folder. After a deliberate
//! change of a message, regenerate them and review the diff:
//!
//!     SNAPSHOTS=overwrite cargo test --test cli hostile
//!
//! Each case must also say its key phrase, print nothing on stdout, leave
//! the store exactly as it was (a digest of every table, before and after),
//! send nothing, and under `--json` print the same error as a document.

mod commands;
mod inputs;
mod payloads;
mod values;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use serde_json::json;

use crate::support::json::ErrorDoc;
use crate::support::snapshot::{self, Redactions};
use crate::support::*;

/// One bad invocation: the arguments after `--db <store>`, the environment
/// and standard input it gets, its exit code, and a phrase its message
/// must hold whatever the snapshot says.
struct Case {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: Option<Vec<u8>>,
    code: i32,
    says: String,
}

fn case<S: AsRef<str>>(name: &'static str, args: &[S], code: i32, says: &str) -> Case {
    Case {
        name,
        args: args.iter().map(|a| a.as_ref().to_string()).collect(),
        env: Vec::new(),
        stdin: None,
        code,
        says: says.to_string(),
    }
}

impl Case {
    fn env(mut self, var: &'static str, value: impl Into<String>) -> Case {
        self.env.push((var, value.into()));
        self
    }

    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Case {
        self.stdin = Some(bytes.into());
        self
    }

    /// The command line as a reader wants it: what varies redacted, long
    /// values and long lists cut, odd characters quoted.
    fn shown(&self, redactions: &Redactions) -> String {
        let quote = |a: &str| -> String {
            let a = redactions.apply(a);
            let cut = match a.char_indices().nth(40) {
                Some((i, _)) => format!("{}…({} chars)", &a[..i], a.chars().count()),
                None => a.clone(),
            };
            let plain = !cut.is_empty()
                && cut
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@[]…()".contains(c));
            if plain { cut } else { format!("{cut:?}") }
        };
        let mut words: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        words.push("echo3d-hooks".into());
        words.extend(self.args.iter().take(16).map(|a| quote(a)));
        if self.args.len() > 16 {
            words.push(format!("… ({} more arguments)", self.args.len() - 16));
        }
        if let Some(stdin) = &self.stdin {
            words.push(format!("< stdin ({} bytes)", stdin.len()));
        }
        words.join(" ")
    }
}

/// The seeded world, a disabled webhook `off` (KEY; Upload), a `twin`
/// in each collection (Processed), and a folder of input files.
struct Hostile {
    w: World,
    inputs: PathBuf,
}

impl Hostile {
    fn new() -> Hostile {
        let w = World::seeded();
        w.dev_cmd()
            .args([
                "add",
                "--name",
                "off",
                "--url",
                &w.rx().url("/off"),
                "--api-key",
                KEY,
            ])
            .args(["--trigger", "Upload", "--disabled"])
            .expect(exit::OK);
        for key in [KEY, OTHER_KEY] {
            w.add_hook("twin", key, &w.rx().url("/twin"), &["Processed"]);
        }
        let inputs = w.dir.path().join("inputs");
        std::fs::create_dir(&inputs).unwrap();
        Hostile { w, inputs }
    }

    /// Writes an input file and returns its path as an argument.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.inputs.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    fn redactions(&self) -> Redactions {
        let ca_dir = self
            .w
            .rx()
            .ca_path()
            .parent()
            .unwrap()
            .display()
            .to_string();
        Redactions::new()
            .value(self.w.dir.path().display().to_string(), "[TMP]")
            .value(ca_dir, "[CA]")
            .value(format!(":{}/", self.w.rx().port()), ":[PORT]/")
    }

    fn digest(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.w.dump().hash(&mut hasher);
        hasher.finish()
    }

    fn command(&self, c: &Case, json: bool) -> assert_cmd::Command {
        let mut cmd = bare_cmd();
        if !c.env.iter().any(|(k, _)| *k == "ECHO3D_HOOKS_DB") {
            cmd.arg("--db").arg(&self.w.db);
        }
        for (k, v) in &c.env {
            cmd.env(k, v);
        }
        if json {
            cmd.arg("--json");
        }
        cmd.args(&c.args);
        cmd.write_stdin(c.stdin.clone().unwrap_or_default());
        // A case that hangs (reading a pipe, say) fails instead of blocking.
        cmd.timeout(std::time::Duration::from_secs(30));
        cmd
    }

    /// Runs every case (see the module's comment) and reports every failure
    /// at once. Snapshots are `errors/<group>.<case>.txt`.
    fn check(&self, group: &str, cases: Vec<Case>) {
        let dir = snapshot::dir("errors");
        let redactions = self.redactions();
        let sent = self.w.rx().count();
        let mut written = Vec::new();
        let mut failures = Vec::new();
        for c in &cases {
            let mut wrong = Vec::new();
            let before = self.digest();
            let out = self.command(c, false).outcome();
            if out.code != Some(c.code) {
                wrong.push(format!("exit {:?}, expected {}", out.code, c.code));
            }
            if !out.stderr.contains(&c.says) {
                wrong.push(format!("stderr lacks {:?}", c.says));
            }
            if out.stderr.contains("panicked") {
                wrong.push("it panicked".into());
            }
            if !out.stdout.is_empty() {
                wrong.push(format!("stdout is not empty: {:?}", out.stdout));
            }
            if self.digest() != before {
                wrong.push("the store changed".into());
            }
            let path = dir.join(format!("{group}.{}.txt", c.name));
            let text = format!(
                "$ {}\nexit: {}\n--- stderr\n{}",
                c.shown(&redactions),
                out.code.map_or("none".into(), |n| n.to_string()),
                out.stderr
            );
            if let Err(diff) = snapshot::check(&path, &redactions.apply(&text)) {
                wrong.push(diff);
            }
            written.push(path);
            wrong.extend(self.json_error(c, &out.stderr));
            if self.digest() != before {
                wrong.push("the store changed under --json".into());
            }
            if !wrong.is_empty() {
                let shown = c.shown(&redactions);
                failures.push(format!(
                    "{group}.{}: {shown}\n  {}",
                    c.name,
                    wrong.join("\n  ")
                ));
            }
        }
        let orphans = snapshot::orphans(&dir, &format!("{group}."), &written);
        assert!(
            orphans.is_empty(),
            "snapshots of cases that are gone: {orphans:?}"
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(
            self.w.rx().count(),
            sent,
            "a refused command sent something"
        );
    }

    /// Under `--json`, the same exit code and, but for clap's usage errors,
    /// the message as an error document on stdout.
    fn json_error(&self, c: &Case, stderr: &str) -> Option<String> {
        let out = self.command(c, true).outcome();
        if out.code != Some(c.code) {
            return Some(format!("--json: exit {:?}, expected {}", out.code, c.code));
        }
        if c.code == exit::USAGE {
            return (!out.stdout.is_empty())
                .then(|| format!("--json: usage error on stdout: {}", out.stdout));
        }
        let doc: ErrorDoc = match serde_json::from_str(&out.stdout) {
            Ok(doc) => doc,
            Err(e) => return Some(format!("--json: no error document ({e}): {:?}", out.stdout)),
        };
        let kind = match c.code {
            exit::INVALID => "invalid_input",
            exit::NOT_FOUND => "not_found",
            exit::CONFLICT => "conflict",
            exit::STORE => "store",
            exit::NOTHING_TO_SEND => "nothing_to_send",
            _ => "internal",
        };
        let e = doc.error;
        let same = e.code == c.code
            && e.kind == kind
            && stderr.contains(&format!("error: {}\n", e.message));
        (!same).then(|| format!("--json: {e:?} does not match the exit code or stderr"))
    }
}

// ------------------------------------------------------------ case builders

const HOOK_URL: &str = "https://hooks.example.com/echo3d";

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

fn add(name: &str, url: &str, key: &str) -> Vec<String> {
    strings(&[
        "add",
        "--name",
        name,
        "--url",
        url,
        "--api-key",
        key,
        "--trigger",
        "Upload",
    ])
}

fn add_url(url: &str) -> Vec<String> {
    add("new", url, KEY)
}

fn add_triggers(triggers: &[&str]) -> Vec<String> {
    let mut args = strings(&["add", "--name", "n", "--url", HOOK_URL, "--api-key", KEY]);
    for t in triggers {
        args.extend(strings(&["--trigger", t]));
    }
    args
}

fn fire(event: &str, extra: &[&str]) -> Vec<String> {
    let mut args = strings(&["fire", event, "--api-key", KEY]);
    args.extend(strings(extra));
    args
}

fn upload(extra: &[&str]) -> Vec<String> {
    let mut e = vec!["--entry", ENTRY_A];
    e.extend_from_slice(extra);
    fire("Upload", &e)
}

fn with(mut base: Vec<String>, more: Vec<String>) -> Vec<String> {
    base.extend(more);
    base
}

fn repeat(flag: &str, n: usize, value: impl Fn(usize) -> String) -> Vec<String> {
    (0..n).flat_map(|i| [flag.to_string(), value(i)]).collect()
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

/// A payload document with every field, as JSON text, after `tweak`.
fn payload_with(tweak: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> String {
    let mut doc = json!({
        "event": "Upload",
        "apiKey": KEY,
        "entryIds": [ENTRY_A],
        "metadataKeys": [],
        "metadataValues": [],
        "statuses": [],
        "versionIds": []
    });
    tweak(doc.as_object_mut().unwrap());
    doc.to_string()
}

/// An import document holding `hooks`, within collection KEY.
fn import_doc(hooks: serde_json::Value) -> String {
    json!({"version": 1, "apiKey": KEY, "webhooks": hooks}).to_string()
}

fn hook_spec(name: &str, url: &str) -> serde_json::Value {
    json!({"name": name, "apiKey": KEY, "url": url, "triggers": ["Upload"]})
}

// ------------------------------------------------------------ the tables

/// Every group's name, so that a snapshot of no group is an orphan too.
const GROUPS: [&str; 13] = [
    "names",
    "urls",
    "triggers",
    "keys",
    "metadata",
    "entries",
    "payload-files",
    "flags",
    "targets",
    "imports",
    "exports",
    "environment",
    "stores",
];

#[test]
fn every_snapshot_belongs_to_a_group() {
    let dir = snapshot::dir("errors");
    let strays: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| !GROUPS.iter().any(|g| name.starts_with(&format!("{g}."))))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        strays.is_empty(),
        "snapshots of no group in {}: {strays:?}",
        dir.display()
    );
}
