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

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

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
const GROUPS: [&str; 12] = [
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

#[test]
fn names() {
    let h = Hostile::new();
    h.check(
        "names",
        vec![
            case(
                "empty",
                &add("", HOOK_URL, KEY),
                exit::INVALID,
                "webhook name \"\" is empty",
            ),
            case(
                "blank",
                &add("   ", HOOK_URL, KEY),
                exit::INVALID,
                "is empty",
            ),
            case(
                "too-long",
                &add(&long(101), HOOK_URL, KEY),
                exit::INVALID,
                "101 characters long; at most 100",
            ),
            case(
                "control-character",
                &add("a\u{7}b", HOOK_URL, KEY),
                exit::INVALID,
                "control character",
            ),
            case(
                "newline",
                &add("line\nbreak", HOOK_URL, KEY),
                exit::INVALID,
                "control character",
            ),
            case(
                "leading-space",
                &add(" alpha", HOOK_URL, KEY),
                exit::INVALID,
                "starts or ends with whitespace",
            ),
            case(
                "taken",
                &add("alpha", HOOK_URL, KEY),
                exit::CONFLICT,
                "already exists in collection bold-sky-1234",
            ),
            case(
                "taken-by-edit",
                &["edit", "beta", "--name", "alpha"],
                exit::CONFLICT,
                "already exists",
            ),
            case(
                "emptied-by-edit",
                &["edit", "alpha", "--name", ""],
                exit::INVALID,
                "is empty",
            ),
            case(
                "ambiguous",
                &["show", "twin"],
                exit::INVALID,
                "used in 2 collections",
            ),
            case(
                "description-too-long",
                &with(add_url(HOOK_URL), strings(&["--description", &long(1001)])),
                exit::INVALID,
                "description is 1001 characters long; at most 1000",
            ),
            case(
                "description-control-character",
                &with(add_url(HOOK_URL), strings(&["--description", "bell\u{7}"])),
                exit::INVALID,
                "description contains a control character",
            ),
        ],
    );
}

#[test]
fn urls() {
    let h = Hostile::new();
    h.check(
        "urls",
        vec![
            case(
                "http",
                &add_url("http://hooks.example.com/x"),
                exit::INVALID,
                "webhook URLs must use https",
            ),
            case(
                "ftp",
                &add_url("ftp://hooks.example.com/"),
                exit::INVALID,
                "uses the scheme `ftp`",
            ),
            case(
                "javascript",
                &add_url("javascript:alert(1)"),
                exit::INVALID,
                "uses the scheme `javascript`",
            ),
            case(
                "not-a-url",
                &add_url("not a url"),
                exit::INVALID,
                "is not a valid URL",
            ),
            case("empty", &add_url(""), exit::INVALID, "is not a valid URL"),
            case(
                "no-host",
                &add_url("https://"),
                exit::INVALID,
                "is not a valid URL",
            ),
            case(
                "credentials",
                &add_url("https://user:pw@hooks.example.com/"),
                exit::INVALID,
                "user name or password",
            ),
            case(
                "localhost",
                &add_url("https://localhost/x"),
                exit::INVALID,
                "a localhost name",
            ),
            case(
                "localhost-subdomain",
                &add_url("https://api.LOCALHOST./"),
                exit::INVALID,
                "a localhost name",
            ),
            case(
                "loopback",
                &add_url("https://127.0.0.1/"),
                exit::INVALID,
                "blocked range 127.0.0.0/8 (loopback)",
            ),
            case(
                "loopback-decimal",
                &add_url("https://2130706433/"),
                exit::INVALID,
                "points at 127.0.0.1",
            ),
            case(
                "loopback-hex",
                &add_url("https://0x7f.1/"),
                exit::INVALID,
                "points at 127.0.0.1",
            ),
            case(
                "loopback-ipv6",
                &add_url("https://[::1]/"),
                exit::INVALID,
                "loopback",
            ),
            case(
                "mapped-private",
                &add_url("https://[::ffff:10.0.0.1]/"),
                exit::INVALID,
                "blocked range",
            ),
            case(
                "metadata-service",
                &add_url("https://169.254.169.254/latest/meta-data"),
                exit::INVALID,
                "link-local",
            ),
            case(
                "private",
                &add_url("https://192.168.1.1/"),
                exit::INVALID,
                "(private)",
            ),
            case(
                "link-local-ipv6",
                &add_url("https://[fe80::1]/"),
                exit::INVALID,
                "link-local",
            ),
            case(
                "shared-address-space",
                &add_url("https://100.64.0.1/"),
                exit::INVALID,
                "shared address space",
            ),
            case(
                "too-long",
                &add_url(&format!("https://hooks.example.com/{}", long(2049 - 26))),
                exit::INVALID,
                "2049 characters long; at most 2048",
            ),
            case(
                "http-by-edit",
                &["edit", "alpha", "--url", "http://hooks.example.com/"],
                exit::INVALID,
                "must use https",
            ),
            case(
                "http-with-opt-in",
                &with(
                    strings(&["--allow-private-targets"]),
                    add_url("http://127.0.0.1/"),
                ),
                exit::INVALID,
                "must use https",
            ),
        ],
    );
}

#[test]
fn triggers() {
    let h = Hostile::new();
    h.check(
        "triggers",
        vec![
            case(
                "typo",
                &add_triggers(&["Uplaod"]),
                exit::INVALID,
                "did you mean `Upload`",
            ),
            case(
                "empty",
                &add_triggers(&[""]),
                exit::INVALID,
                "unknown trigger ``",
            ),
            case(
                "comma-list",
                &add_triggers(&["Upload,Delete"]),
                exit::INVALID,
                "unknown trigger `Upload,Delete`",
            ),
            case("none", &add_triggers(&[]), exit::USAGE, "--trigger <EVENT>"),
            case(
                "remove-unsubscribed",
                &["edit", "alpha", "--remove-trigger", "Processed"],
                exit::INVALID,
                "not subscribed to Processed",
            ),
            case(
                "remove-last",
                &["edit", "beta", "--remove-trigger", "CollectionMetadataAdd"],
                exit::INVALID,
                "with no trigger",
            ),
            case(
                "replace-and-add",
                &[
                    "edit",
                    "alpha",
                    "--trigger",
                    "Upload",
                    "--add-trigger",
                    "Delete",
                ],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "list-filter",
                &["list", "--event", "bogus"],
                exit::INVALID,
                "unknown trigger `bogus`",
            ),
            case(
                "fire",
                &fire("Bogus", &["--entry", ENTRY_A]),
                exit::INVALID,
                "unknown trigger `Bogus`",
            ),
            case(
                "deliveries-filter",
                &["deliveries", "--event", "nope"],
                exit::INVALID,
                "unknown trigger `nope`",
            ),
            case(
                "test",
                &["test", "alpha", "Bogus"],
                exit::INVALID,
                "unknown trigger",
            ),
            case(
                "test-unsubscribed",
                &["test", "alpha", "CollectionMetadataAdd"],
                exit::INVALID,
                "not subscribed",
            ),
        ],
    );
}

#[test]
fn keys() {
    let h = Hostile::new();
    let no_key = strings(&[
        "add",
        "--name",
        "n",
        "--url",
        HOOK_URL,
        "--trigger",
        "Upload",
    ]);
    h.check(
        "keys",
        vec![
            case(
                "empty",
                &add("n", HOOK_URL, ""),
                exit::INVALID,
                "the API key is empty",
            ),
            case(
                "whitespace",
                &add("n", HOOK_URL, "a b"),
                exit::INVALID,
                "contains whitespace",
            ),
            case(
                "too-long",
                &add("n", HOOK_URL, &"k".repeat(129)),
                exit::INVALID,
                "129 characters long; at most 128",
            ),
            case(
                "control-character",
                &add("n", HOOK_URL, "k\u{1}"),
                exit::INVALID,
                "control character",
            ),
            case(
                "missing-for-add",
                &no_key,
                exit::INVALID,
                "no API key: pass the collection's key with --api-key or set ECHO3D_API_KEY",
            ),
            case(
                "missing-for-fire",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "no API key",
            ),
            case(
                "empty-variable-is-unset",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "no API key",
            )
            .env("ECHO3D_API_KEY", ""),
            case(
                "whitespace-in-variable",
                &["fire", "Upload", "--entry", ENTRY_A],
                exit::INVALID,
                "contains whitespace",
            )
            .env("ECHO3D_API_KEY", "bad key"),
            case(
                "too-long-in-variable",
                &no_key,
                exit::INVALID,
                "at most 128",
            )
            .env("ECHO3D_API_KEY", "k".repeat(129)),
        ],
    );
}

#[test]
fn metadata() {
    let h = Hostile::new();
    h.check(
        "metadata",
        vec![
            case(
                "no-equals",
                &fire("CollectionMetadataAdd", &["--meta", "novalue"]),
                exit::INVALID,
                "has no `=`",
            ),
            case(
                "empty-key",
                &fire("CollectionMetadataAdd", &["--meta", "=v"]),
                exit::INVALID,
                "metadataKeys[0] is empty",
            ),
            case(
                "none",
                &fire("CollectionMetadataAdd", &[]),
                exit::INVALID,
                "CollectionMetadataAdd requires metadataKeys to be 1 or more",
            ),
            case(
                "not-for-upload",
                &upload(&["--meta", "a=b"]),
                exit::INVALID,
                "Upload requires metadataKeys to be empty",
            ),
            case(
                "escape-sequence",
                &fire("CollectionMetadataAdd", &["--meta", "k=v\u{1b}[31m"]),
                exit::INVALID,
                "metadataValues[0]",
            ),
            case(
                "too-many",
                &with(
                    fire("CollectionMetadataAdd", &[]),
                    repeat("--meta", 1001, |i| format!("k{i}=v")),
                ),
                exit::INVALID,
                "1001 --meta values given; at most 1000",
            ),
            case(
                "value-too-long",
                &fire(
                    "CollectionMetadataAdd",
                    &["--meta", &format!("k={}", long(1025))],
                ),
                exit::INVALID,
                "metadataValues[0] is 1025 characters long; at most 1024",
            ),
            case(
                "asset-without-entry",
                &fire("AssetMetadataAdd", &["--meta", "a=b"]),
                exit::INVALID,
                "requires entryIds to be 1 or more",
            ),
        ],
    );
}

#[test]
fn entries() {
    let h = Hostile::new();
    h.check(
        "entries",
        vec![
            case(
                "none",
                &fire("Upload", &[]),
                exit::INVALID,
                "Upload requires entryIds to be exactly 1",
            ),
            case(
                "two",
                &upload(&["--entry", "second"]),
                exit::INVALID,
                "exactly 1, but it has 2 values",
            ),
            case(
                "empty",
                &fire("Upload", &["--entry", ""]),
                exit::INVALID,
                "entryIds[0] is empty",
            ),
            case(
                "too-many",
                &with(
                    fire("Delete", &[]),
                    repeat("--entry", 1001, |i| format!("e{i}")),
                ),
                exit::INVALID,
                "1001 --entry values given; at most 1000",
            ),
            case(
                "too-long",
                &fire("Upload", &["--entry", &long(1025)]),
                exit::INVALID,
                "entryIds[0] is 1025 characters long; at most 1024",
            ),
            case(
                "tab",
                &fire("Upload", &["--entry", "a\tb"]),
                exit::INVALID,
                "control character",
            ),
            case(
                "status-for-upload",
                &upload(&["--status", "Done"]),
                exit::INVALID,
                "Upload requires statuses to be empty",
            ),
            case(
                "empty-status",
                &fire("AssetStatusUpdate", &["--entry", ENTRY_A, "--status", ""]),
                exit::INVALID,
                "statuses[0] is empty",
            ),
            case(
                "empty-version",
                &fire(
                    "AssetStatusUpdate",
                    &["--entry", ENTRY_A, "--version-id", ""],
                ),
                exit::INVALID,
                "versionIds[0] is empty",
            ),
            case(
                "version-is-not-a-flag-of-fire",
                &fire(
                    "AssetStatusUpdate",
                    &["--entry", ENTRY_A, "--version", "v1"],
                ),
                exit::USAGE,
                "unexpected argument '--version'",
            ),
        ],
    );
}

#[test]
fn payload_files() {
    let h = Hostile::new();
    let payload = |name: &str, text: &str| fire("Upload", &["--payload", &h.file(name, text)]);
    let tweaked = |name: &str, tweak: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        payload(name, &payload_with(tweak))
    };
    h.check(
        "payload-files",
        vec![
            case(
                "missing",
                &["fire", "Upload", "--payload", "/nonexistent/payload.json"],
                exit::INVALID,
                "cannot read the payload file /nonexistent/payload.json",
            ),
            case(
                "directory",
                &["fire", "Upload", "--payload", h.inputs.to_str().unwrap()],
                exit::INVALID,
                "Is a directory",
            ),
            case(
                "latin1",
                &fire(
                    "Upload",
                    &[
                        "--payload",
                        &h.file(
                            "latin1.json",
                            b"{\"event\":\"Upload\",\"apiKey\":\"caf\xe9\"}",
                        ),
                    ],
                ),
                exit::INVALID,
                "is not UTF-8 text (invalid byte at offset 31)",
            ),
            case(
                "duplicate-field",
                &payload(
                    "dup.json",
                    &payload_with(|_| {}).replacen('{', r#"{"event":"Delete","#, 1),
                ),
                exit::INVALID,
                "duplicate field `event`",
            ),
            case(
                "string-for-list",
                &tweaked("str.json", &|p| {
                    p.insert("entryIds".into(), json!("abc"));
                }),
                exit::INVALID,
                "field `entryIds`: invalid type: string \"abc\", expected a sequence",
            ),
            case(
                "number-in-list",
                &tweaked("num.json", &|p| {
                    p.insert("entryIds".into(), json!([1]));
                }),
                exit::INVALID,
                "field `entryIds[0]`: invalid type: integer `1`, expected a string",
            ),
            case(
                "object-in-list",
                &tweaked("junk.json", &|p| {
                    p.insert("metadataKeys".into(), json!([{"a": {"b": [1, 2, {}]}}]));
                }),
                exit::INVALID,
                "field `metadataKeys[0]`: invalid type: map",
            ),
            case(
                "deep-nesting",
                &payload(
                    "deep.json",
                    &payload_with(|_| {}).replace(
                        &format!("[\"{ENTRY_A}\"]"),
                        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
                    ),
                ),
                exit::INVALID,
                "field `entryIds[0]`: invalid type: sequence",
            ),
            case(
                "object-for-key",
                &tweaked("key.json", &|p| {
                    p.insert("apiKey".into(), json!({"x": 1}));
                }),
                exit::INVALID,
                "field `apiKey`: invalid type: map",
            ),
            case(
                "unknown-field",
                &tweaked("extra.json", &|p| {
                    p.insert("extra".into(), json!(1));
                }),
                exit::INVALID,
                "unknown field `extra`",
            ),
            case(
                "missing-field",
                &tweaked("missing.json", &|p| {
                    p.remove("statuses");
                }),
                exit::INVALID,
                "missing field `statuses`",
            ),
            case(
                "null-list",
                &tweaked("null.json", &|p| {
                    p.insert("statuses".into(), json!(null));
                }),
                exit::INVALID,
                "field `statuses`: invalid type: null",
            ),
            case(
                "event-case",
                &tweaked("case.json", &|p| {
                    p.insert("event".into(), json!("upload"));
                }),
                exit::INVALID,
                "field `event`: unknown variant `upload`",
            ),
            case(
                "other-event",
                &tweaked("other-event.json", &|p| {
                    p.insert("event".into(), json!("Delete"));
                }),
                exit::INVALID,
                "is for Delete but the command fires Upload",
            ),
            case(
                "other-key",
                &tweaked("other-key.json", &|p| {
                    p.insert("apiKey".into(), json!(OTHER_KEY));
                }),
                exit::INVALID,
                "differs from the API key",
            ),
            case(
                "rule",
                &tweaked("rule.json", &|p| {
                    p.insert("entryIds".into(), json!(["a", "b"]));
                }),
                exit::INVALID,
                "breaks a rule in field `entryIds`: Upload requires entryIds to be exactly 1",
            ),
            case(
                "too-large",
                &payload(
                    "big.json",
                    &format!("{}{}", payload_with(|_| {}), " ".repeat(1 << 20)),
                ),
                exit::INVALID,
                "larger than the limit of 1048576 bytes",
            ),
            case(
                "trailing-data",
                &payload("trailing.json", &format!("{} x", payload_with(|_| {}))),
                exit::INVALID,
                "has trailing data",
            ),
            case(
                "broken",
                &payload(
                    "broken.json",
                    "{\n  \"event\": \"Upload\",\n  \"apiKey\": x\n}",
                ),
                exit::INVALID,
                "expected value at line 3 column 13",
            ),
            case(
                "empty",
                &payload("empty.json", ""),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "array",
                &payload("array.json", "[]"),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "positional",
                &payload(
                    "positional.json",
                    &format!("[\"Upload\",\"{KEY}\",[\"{ENTRY_A}\"],[],[],[],[]]"),
                ),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "scalar",
                &payload("scalar.json", "\"Upload\""),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "stdin-broken",
                &["fire", "Upload", "--payload", "-"],
                exit::INVALID,
                "the payload on stdin is invalid",
            )
            .stdin("{"),
            case(
                "stdin-too-large",
                &["fire", "Upload", "--payload", "-"],
                exit::INVALID,
                "on stdin is larger than the limit",
            )
            .stdin(vec![b' '; (1 << 20) + 1]),
            case(
                "with-flags",
                &["fire", "Upload", "--payload", "x.json", "--entry", ENTRY_A],
                exit::USAGE,
                "cannot be used with",
            ),
        ],
    );
}

#[test]
fn flags() {
    let h = Hostile::new();
    h.check(
        "flags",
        vec![
            case(
                "concurrency-0",
                &upload(&["--concurrency", "0"]),
                exit::USAGE,
                "0 is not in 1..=1024",
            ),
            case(
                "retries-21",
                &upload(&["--retries", "21"]),
                exit::USAGE,
                "21 is not in 0..=20",
            ),
            case(
                "timeout-word",
                &upload(&["--timeout", "banana"]),
                exit::USAGE,
                "`banana` is not a duration",
            ),
            case(
                "timeout-negative",
                &upload(&["--timeout", "-5s"]),
                exit::USAGE,
                "unexpected argument '-5'",
            ),
            case(
                "backoff-unit",
                &upload(&["--backoff", "5 parsecs"]),
                exit::USAGE,
                "is not a duration",
            ),
            case(
                "limit-0",
                &["deliveries", "--limit", "0"],
                exit::USAGE,
                "0 is not in 1..=100000",
            ),
            case(
                "failed-and-interrupted",
                &["deliveries", "--failed", "--interrupted"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "filter-with-show",
                &["deliveries", "--failed", "show", "1"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "show-word",
                &["deliveries", "show", "abc"],
                exit::USAGE,
                "invalid digit",
            ),
            case(
                "since-word",
                &["deliveries", "--since", "tomorrowish"],
                exit::INVALID,
                "is neither a duration",
            ),
            case(
                "older-than-word",
                &["deliveries", "prune", "--older-than", "soon", "--yes"],
                exit::USAGE,
                "`soon` is not a duration",
            ),
            case("redeliver-nothing", &["redeliver"], exit::USAGE, "required"),
            case(
                "redeliver-ids-and-failed",
                &["redeliver", "1", "--failed"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "redeliver-since-alone",
                &["redeliver", "--since", "1h"],
                exit::USAGE,
                "--failed",
            ),
            case(
                "enable-and-disable",
                &["edit", "alpha", "--enable", "--disable"],
                exit::USAGE,
                "cannot be used with",
            ),
            case(
                "edit-nothing",
                &["edit", "alpha"],
                exit::INVALID,
                "nothing to change",
            ),
            case(
                "color-purple",
                &["--color", "purple", "list"],
                exit::USAGE,
                "invalid value 'purple'",
            ),
            case(
                "unknown-subcommand",
                &["frobnicate"],
                exit::USAGE,
                "unrecognized subcommand 'frobnicate'",
            ),
            case(
                "unknown-flag",
                &["list", "--bogus"],
                exit::USAGE,
                "unexpected argument '--bogus'",
            ),
            case("delete-nothing", &["delete"], exit::USAGE, "required"),
            case(
                "proxy",
                &upload(&["--proxy", "not a url"]),
                exit::INVALID,
                "is not a usable proxy URL",
            ),
        ],
    );
}

#[test]
fn targets() {
    let h = Hostile::new();
    h.check(
        "targets",
        vec![
            case(
                "show-unknown",
                &["show", "nope"],
                exit::NOT_FOUND,
                "no webhook has the name or id \"nope\"",
            ),
            case(
                "delete-unknown",
                &["delete", "alpha", "nope", "--yes"],
                exit::NOT_FOUND,
                "\"nope\"",
            ),
            case(
                "hook-unknown",
                &upload(&["--hook", "nope"]),
                exit::NOT_FOUND,
                "\"nope\"",
            ),
            case(
                "hook-other-collection",
                &upload(&["--hook", "gamma"]),
                exit::INVALID,
                "belongs to collection calm-sea-5678",
            ),
            case(
                "hook-unsubscribed",
                &upload(&["--hook", "beta"]),
                exit::INVALID,
                "is not subscribed to Upload",
            ),
            case(
                "hook-disabled",
                &upload(&["--hook", "off"]),
                exit::NOTHING_TO_SEND,
                "webhook off is disabled, so nothing was sent",
            ),
            case(
                "no-subscriber",
                &[
                    "fire",
                    "Upload",
                    "--api-key",
                    "unknown-key",
                    "--entry",
                    ENTRY_A,
                ],
                exit::NOTHING_TO_SEND,
                "no enabled webhook of collection unknown-key is subscribed to Upload",
            ),
            case(
                "delivery-unknown",
                &["deliveries", "show", "999999"],
                exit::NOT_FOUND,
                "no delivery has the id 999999",
            ),
            case(
                "deliveries-hook-unknown",
                &["deliveries", "--hook", "nope"],
                exit::NOT_FOUND,
                "and no delivery went to one of that name",
            ),
            case(
                "redeliver-unknown",
                &["redeliver", "999999"],
                exit::NOT_FOUND,
                "999999",
            ),
            case(
                "redeliver-failed-none",
                &["redeliver", "--failed"],
                exit::NOTHING_TO_SEND,
                "no failed or interrupted delivery matches",
            ),
            case(
                "test-unknown",
                &["test", "nope"],
                exit::NOT_FOUND,
                "\"nope\"",
            ),
        ],
    );
}

#[test]
fn imports() {
    let h = Hostile::new();
    let import = |name: &str, text: &str| vec!["import".to_string(), h.file(name, text)];
    h.check("imports", vec![
        case("missing", &["import", "/nonexistent/doc.json"], exit::INVALID, "cannot read the document file /nonexistent/doc.json"),
        case(
            "newer-version",
            &import("v2.json", &json!({"version": 2, "apiKey": KEY, "webhooks": []}).to_string()),
            exit::INVALID,
            "has format version 2",
        ),
        case(
            "no-collection",
            &import("no-key.json", &json!({"version": 1, "webhooks": []}).to_string()),
            exit::INVALID,
            "missing field `apiKey`",
        ),
        case(
            "bad-url",
            &import("bad-url.json", &import_doc(json!([hook_spec("ok", HOOK_URL), hook_spec("bad", "http://hooks.example.com/")]))),
            exit::INVALID,
            "webhooks[1] (\"bad\")",
        ),
        case(
            "twice",
            &import("twice.json", &import_doc(json!([hook_spec("same", HOOK_URL), hook_spec("same", HOOK_URL)]))),
            exit::INVALID,
            "appears twice",
        ),
        case(
            "unknown-field",
            &import("unknown.json", &json!({"version": 1, "apiKey": KEY, "webhooks": [], "extra": true}).to_string()),
            exit::INVALID,
            "unknown field `extra`",
        ),
        case(
            "secret",
            &import(
                "secret.json",
                &import_doc(json!([{"name": "s", "apiKey": KEY, "url": HOOK_URL, "triggers": ["Upload"], "secret": "whsec_not base64!"}])),
            ),
            exit::INVALID,
            "not a Standard Webhooks secret",
        ),
        case(
            "scope",
            &import(
                "scope.json",
                &import_doc(json!([{"name": "s", "apiKey": OTHER_KEY, "url": HOOK_URL, "triggers": ["Upload"]}])),
            ),
            exit::INVALID,
            "outside the document's collection",
        ),
        case("text", &import("text.json", "webhooks: []"), exit::INVALID, "is not JSON"),
        case("broken", &import("broken.json", "{\n  \"version\": 1,\n  \"apiKey\": nope\n}"), exit::INVALID, "line 3"),
        case(
            "too-large",
            &import("huge.json", &format!("{}{}", import_doc(json!([])), " ".repeat(16 << 20))),
            exit::INVALID,
            "larger than the limit of 16777216 bytes",
        ),
        case(
            "prune-with-a-bad-entry",
            &with(import("prune.json", &import_doc(json!([hook_spec("alpha", "http://hooks.example.com/")]))), strings(&["--prune"])),
            exit::INVALID,
            "must use https",
        ),
    ]);
}

#[test]
fn environment() {
    let h = Hostile::new();
    let bad_ca = h.file("ca.pem", "not a certificate");
    h.check(
        "environment",
        vec![
            case(
                "opt-in-maybe",
                &["list"],
                exit::USAGE,
                "invalid value 'maybe' for '--allow-private-targets'",
            )
            .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "maybe"),
            case(
                "ca-missing",
                &upload(&[]),
                exit::INVALID,
                "cannot read the CA certificates in /nonexistent/ca.pem",
            )
            .env("ECHO3D_HOOKS_CA_CERT", "/nonexistent/ca.pem"),
            case(
                "ca-not-pem",
                &upload(&[]),
                exit::INVALID,
                "holds no PEM certificate",
            )
            .env("ECHO3D_HOOKS_CA_CERT", &bad_ca),
        ],
    );
}

#[test]
fn stores() {
    let h = Hostile::new();
    let garbage_db = h.file(
        "garbage.db",
        b"this is not a database, just some text\n".repeat(50),
    );
    let other_db = h.inputs.join("notes.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    let fifo = h.inputs.join("fifo.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let missing_folder = h.inputs.join("no-such-folder").join("hooks.db");
    let path = |p: &Path| p.display().to_string();
    let garbage_before = std::fs::read(&garbage_db).unwrap();
    let other_before = std::fs::read(&other_db).unwrap();
    h.check(
        "stores",
        vec![
            case(
                "not-sqlite",
                &["list"],
                exit::STORE,
                "is not an echo3d-hooks store (it is not an SQLite database)",
            )
            .env("ECHO3D_HOOKS_DB", &garbage_db),
            case("directory", &["list"], exit::STORE, "is a directory")
                .env("ECHO3D_HOOKS_DB", path(&h.inputs)),
            case(
                "another-application",
                &add_url(HOOK_URL),
                exit::STORE,
                "an SQLite database of another application",
            )
            .env("ECHO3D_HOOKS_DB", path(&other_db)),
            case("device", &["list"], exit::STORE, "is not a regular file")
                .env("ECHO3D_HOOKS_DB", "/dev/null"),
            case(
                "named-pipe",
                &["list"],
                exit::STORE,
                "is not a regular file",
            )
            .env("ECHO3D_HOOKS_DB", path(&fifo)),
            case(
                "missing-folder",
                &["list"],
                exit::STORE,
                "no-such-folder of the store",
            )
            .env("ECHO3D_HOOKS_DB", path(&missing_folder)),
        ],
    );
    assert_eq!(std::fs::read(&garbage_db).unwrap(), garbage_before);
    assert_eq!(std::fs::read(&other_db).unwrap(), other_before);
    assert!(!missing_folder.parent().unwrap().exists());
}
