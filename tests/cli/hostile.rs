//! Hostile input: a table of bad invocations, each refused with its
//! documented exit code and a clear message while the store stays exactly as
//! it was; the size limits, inclusive; and store files that are not ours.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::support::*;

/// One bad invocation: the arguments after `--db <store>`, the environment
/// and standard input it gets, and what the user must see.
struct Case {
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: Option<Vec<u8>>,
    code: i32,
    fragment: String,
}

fn case<S: AsRef<str>>(args: &[S], code: i32, fragment: &str) -> Case {
    Case {
        args: args.iter().map(|a| a.as_ref().to_string()).collect(),
        env: Vec::new(),
        stdin: None,
        code,
        fragment: fragment.to_string(),
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

    /// The command line as a reader of a failure wants it: long values cut.
    fn shown(&self) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match a.char_indices().nth(40) {
                Some((i, _)) => format!("{}…({} chars)", &a[..i], a.chars().count()),
                None => format!("{a:?}"),
            })
            .take(12)
            .collect();
        let env: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={:?}", v.chars().take(40).collect::<String>()))
            .collect();
        format!("{} {}", env.join(" "), args.join(" "))
    }
}

/// The store's logical content, hashed: `support::dump` covers every table.
fn digest(db: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    dump(db).hash(&mut hasher);
    hasher.finish()
}

/// A store with three hooks in two collections and two deliveries, so that
/// "unchanged" means something; the receiver is kept so that nothing a row
/// sends by mistake could go unnoticed.
struct World {
    env: Env,
    rx: Receiver,
    inputs: PathBuf,
}

impl World {
    fn new() -> World {
        let env = Env::new();
        let rx = Receiver::start();
        env.add_hook("alpha", KEY, &rx.url("/alpha"), &["Upload", "Delete"]);
        env.add_hook("beta", KEY, &rx.url("/beta"), &["CollectionMetadataAdd"]);
        env.add_hook("gamma", OTHER_KEY, &rx.url("/gamma"), &["Upload"]);
        for extra in [
            ["Upload", "--entry", ENTRY_A],
            ["CollectionMetadataAdd", "--meta", "color=red"],
        ] {
            env.dev_cmd()
                .arg("fire")
                .args(extra)
                .args(["--api-key", KEY, "--ca-cert"])
                .arg(rx.ca_path())
                .assert()
                .success();
        }
        assert_eq!(rx.count(), 2);
        let inputs = env.dir.path().join("inputs");
        std::fs::create_dir(&inputs).unwrap();
        World { env, rx, inputs }
    }

    /// Writes an input file and returns its path as an argument.
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.inputs.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }
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

#[test]
fn bad_invocations_are_refused_clearly_and_change_nothing() {
    let w = World::new();
    let add = |name: &str, url: &str, key: &str| -> Vec<String> {
        [
            "add",
            "--name",
            name,
            "--url",
            url,
            "--api-key",
            key,
            "--trigger",
            "Upload",
        ]
        .map(String::from)
        .to_vec()
    };
    let url = "https://hooks.example.com/echo3d";
    let add_url = |u: &str| add("new", u, KEY);
    let fire = |event: &str, extra: &[&str]| -> Vec<String> {
        let mut args = vec!["fire".to_string(), event.to_string()];
        args.extend(["--api-key", KEY].map(String::from));
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let upload = |extra: &[&str]| -> Vec<String> {
        let mut e = vec!["--entry", ENTRY_A];
        e.extend_from_slice(extra);
        fire("Upload", &e)
    };
    let repeat = |flag: &str, n: usize, value: &dyn Fn(usize) -> String| -> Vec<String> {
        (0..n).flat_map(|i| [flag.to_string(), value(i)]).collect()
    };
    let with = |mut base: Vec<String>, more: Vec<String>| {
        base.extend(more);
        base
    };
    let payload = |name: &str, text: &str| upload_payload(&w, name, text.as_bytes());
    fn upload_payload(w: &World, name: &str, bytes: &[u8]) -> Vec<String> {
        ["fire", "Upload", "--api-key", KEY, "--payload"]
            .map(String::from)
            .into_iter()
            .chain([w.file(name, bytes)])
            .collect()
    }
    let import = |name: &str, text: &str| vec!["import".to_string(), w.file(name, text)];
    let long = |n: usize| "x".repeat(n);
    let garbage_db = w.file(
        "garbage.db",
        b"this is not a database, just some text\n".repeat(50),
    );
    let other_db = w.inputs.join("notes.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    let bad_ca = w.file("ca.pem", "not a certificate");
    let fifo = w.inputs.join("fifo.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");

    let cases: Vec<Case> = vec![
        // ---- names
        case(&add("", url, KEY), 3, "webhook name \"\" is empty"),
        case(&add("   ", url, KEY), 3, "is empty"),
        case(
            &add(&long(101), url, KEY),
            3,
            "101 characters long; at most 100",
        ),
        case(&add("a\u{7}b", url, KEY), 3, "control character"),
        case(&add("line\nbreak", url, KEY), 3, "control character"),
        case(
            &add(" alpha", url, KEY),
            3,
            "starts or ends with whitespace",
        ),
        case(
            &add("alpha", url, KEY),
            5,
            "already exists in collection bold-sky-1234",
        ),
        case(&["edit", "beta", "--name", "alpha"], 5, "already exists"),
        case(&["edit", "alpha", "--name", ""], 3, "is empty"),
        // ---- URLs
        case(
            &add_url("http://hooks.example.com/x"),
            3,
            "webhook URLs must use https",
        ),
        case(
            &add_url("ftp://hooks.example.com/"),
            3,
            "uses the scheme `ftp`",
        ),
        case(
            &add_url("javascript:alert(1)"),
            3,
            "uses the scheme `javascript`",
        ),
        case(&add_url("not a url"), 3, "is not a valid URL"),
        case(&add_url(""), 3, "is not a valid URL"),
        case(&add_url("https://"), 3, "is not a valid URL"),
        case(
            &add_url("https://user:pw@hooks.example.com/"),
            3,
            "user name or password",
        ),
        case(&add_url("https://localhost/x"), 3, "a localhost name"),
        case(&add_url("https://api.LOCALHOST./"), 3, "a localhost name"),
        case(
            &add_url("https://127.0.0.1/"),
            3,
            "blocked range 127.0.0.0/8 (loopback)",
        ),
        case(&add_url("https://2130706433/"), 3, "points at 127.0.0.1"),
        case(&add_url("https://0x7f.1/"), 3, "points at 127.0.0.1"),
        case(&add_url("https://[::1]/"), 3, "loopback"),
        case(&add_url("https://[::ffff:10.0.0.1]/"), 3, "blocked range"),
        case(
            &add_url("https://169.254.169.254/latest/meta-data"),
            3,
            "link-local",
        ),
        case(&add_url("https://192.168.1.1/"), 3, "(private)"),
        case(&add_url("https://[fe80::1]/"), 3, "link-local"),
        case(&add_url("https://100.64.0.1/"), 3, "shared address space"),
        case(
            &add_url(&format!("https://hooks.example.com/{}", long(2049 - 26))),
            3,
            "2049 characters long; at most 2048",
        ),
        case(
            &["edit", "alpha", "--url", "http://hooks.example.com/"],
            3,
            "must use https",
        ),
        case(
            &with(
                vec!["--allow-private-targets".into()],
                add_url("http://10.0.0.1/"),
            ),
            3,
            "must use https",
        ),
        // ---- descriptions
        case(
            &with(add_url(url), vec!["--description".into(), long(1001)]),
            3,
            "description is 1001 characters long; at most 1000",
        ),
        case(
            &with(
                add_url(url),
                vec!["--description".into(), "bell\u{7}".into()],
            ),
            3,
            "description contains a control character",
        ),
        // ---- triggers
        case(
            &[
                "add",
                "--name",
                "n",
                "--url",
                url,
                "--api-key",
                KEY,
                "--trigger",
                "Uplaod",
            ],
            3,
            "did you mean `Upload`",
        ),
        case(
            &[
                "add",
                "--name",
                "n",
                "--url",
                url,
                "--api-key",
                KEY,
                "--trigger",
                "",
            ],
            3,
            "unknown trigger ``",
        ),
        case(
            &[
                "add",
                "--name",
                "n",
                "--url",
                url,
                "--api-key",
                KEY,
                "--trigger",
                "Upload;Delete",
            ],
            3,
            "unknown trigger `Upload;Delete`",
        ),
        case(
            &["add", "--name", "n", "--url", url, "--api-key", KEY],
            2,
            "--trigger <EVENT>",
        ),
        case(
            &["edit", "alpha", "--remove-trigger", "Processed"],
            3,
            "not subscribed to Processed",
        ),
        case(
            &["edit", "beta", "--remove-trigger", "CollectionMetadataAdd"],
            3,
            "with no trigger",
        ),
        case(
            &[
                "edit",
                "alpha",
                "--trigger",
                "Upload",
                "--add-trigger",
                "Delete",
            ],
            2,
            "cannot be used with",
        ),
        case(&["list", "--event", "bogus"], 3, "unknown trigger `bogus`"),
        case(
            &fire("Bogus", &["--entry", ENTRY_A]),
            3,
            "unknown trigger `Bogus`",
        ),
        case(
            &["deliveries", "--event", "nope"],
            3,
            "unknown trigger `nope`",
        ),
        case(&["test", "alpha", "Bogus"], 3, "unknown trigger"),
        case(
            &["test", "alpha", "CollectionMetadataAdd"],
            3,
            "not subscribed",
        ),
        // ---- API keys
        case(&add("n", url, ""), 3, "the API key is empty"),
        case(&add("n", url, "a b"), 3, "contains whitespace"),
        case(
            &add("n", url, &"k".repeat(129)),
            3,
            "129 characters long; at most 128",
        ),
        case(&add("n", url, "k\u{1}"), 3, "control character"),
        case(&["fire", "Upload", "--entry", ENTRY_A], 3, "no API key"),
        case(
            &["fire", "Upload", "--entry", ENTRY_A],
            3,
            "contains whitespace",
        )
        .env("ECHO3D_API_KEY", "bad key"),
        case(
            &["add", "--name", "n", "--url", url, "--trigger", "Upload"],
            3,
            "at most 128",
        )
        .env("ECHO3D_API_KEY", "k".repeat(129)),
        // ---- metadata
        case(
            &fire("CollectionMetadataAdd", &["--meta", "novalue"]),
            3,
            "has no `=`",
        ),
        case(
            &fire("CollectionMetadataAdd", &["--meta", "=v"]),
            3,
            "metadataKeys[0] is empty",
        ),
        case(
            &fire("CollectionMetadataAdd", &[]),
            3,
            "CollectionMetadataAdd requires metadataKeys to be 1 or more",
        ),
        case(
            &upload(&["--meta", "a=b"]),
            3,
            "Upload requires metadataKeys to be empty",
        ),
        case(
            &fire("CollectionMetadataAdd", &["--meta", "k=v\u{1b}[31m"]),
            3,
            "metadataValues[0]",
        ),
        case(
            &with(
                fire("CollectionMetadataAdd", &[]),
                repeat("--meta", 1001, &|i| format!("k{i}=v")),
            ),
            3,
            "1001 --meta values given; at most 1000",
        ),
        case(
            &fire(
                "CollectionMetadataAdd",
                &["--meta", &format!("k={}", long(1025))],
            ),
            3,
            "metadataValues[0] is 1025 characters long; at most 1024",
        ),
        case(
            &fire("AssetMetadataAdd", &["--meta", "a=b"]),
            3,
            "requires entryIds to be 1 or more",
        ),
        // ---- entries, statuses, versions
        case(
            &fire("Upload", &[]),
            3,
            "Upload requires entryIds to be exactly 1",
        ),
        case(
            &upload(&["--entry", "second"]),
            3,
            "exactly 1, but it has 2 values",
        ),
        case(&fire("Upload", &["--entry", ""]), 3, "entryIds[0] is empty"),
        case(
            &with(
                fire("Delete", &[]),
                repeat("--entry", 1001, &|i| format!("e{i}")),
            ),
            3,
            "1001 --entry values given; at most 1000",
        ),
        case(
            &fire("Upload", &["--entry", &long(1025)]),
            3,
            "entryIds[0] is 1025 characters long; at most 1024",
        ),
        case(
            &fire("Upload", &["--entry", "a\tb"]),
            3,
            "control character",
        ),
        case(
            &upload(&["--status", "Done"]),
            3,
            "Upload requires statuses to be empty",
        ),
        case(
            &fire("AssetStatusUpdate", &["--entry", ENTRY_A, "--status", ""]),
            3,
            "statuses[0] is empty",
        ),
        case(
            &fire("AssetStatusUpdate", &["--entry", ENTRY_A, "--version", ""]),
            3,
            "versionIds[0] is empty",
        ),
        // ---- payload files
        case(
            &["fire", "Upload", "--payload", "/nonexistent/payload.json"],
            3,
            "cannot read the payload file /nonexistent/payload.json",
        ),
        case(
            &["fire", "Upload", "--payload", w.inputs.to_str().unwrap()],
            3,
            "Is a directory",
        ),
        case(
            &upload_payload(
                &w,
                "latin1.json",
                b"{\"event\":\"Upload\",\"apiKey\":\"caf\xe9\"}",
            ),
            3,
            "is not UTF-8 text (invalid byte at offset 31)",
        ),
        case(
            &payload(
                "dup.json",
                &payload_with(|_| {}).replacen('{', r#"{"event":"Delete","#, 1),
            ),
            3,
            "duplicate field `event`",
        ),
        case(
            &payload(
                "str.json",
                &payload_with(|p| {
                    p.insert("entryIds".into(), json!("abc"));
                }),
            ),
            3,
            "field `entryIds`: invalid type: string \"abc\", expected a sequence",
        ),
        case(
            &payload(
                "num.json",
                &payload_with(|p| {
                    p.insert("entryIds".into(), json!([1]));
                }),
            ),
            3,
            "field `entryIds[0]`: invalid type: integer `1`, expected a string",
        ),
        case(
            &payload(
                "junk.json",
                &payload_with(|p| {
                    p.insert("metadataKeys".into(), json!([{"a": {"b": [1, 2, {}]}}]));
                }),
            ),
            3,
            "field `metadataKeys[0]`: invalid type: map",
        ),
        case(
            &payload(
                "deep.json",
                &payload_with(|_| {}).replace(
                    &format!("[\"{ENTRY_A}\"]"),
                    &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
                ),
            ),
            3,
            "field `entryIds[0]`: invalid type: sequence",
        ),
        case(
            &payload(
                "key.json",
                &payload_with(|p| {
                    p.insert("apiKey".into(), json!({"x": 1}));
                }),
            ),
            3,
            "field `apiKey`: invalid type: map",
        ),
        case(
            &payload(
                "extra.json",
                &payload_with(|p| {
                    p.insert("extra".into(), json!(1));
                }),
            ),
            3,
            "unknown field `extra`",
        ),
        case(
            &payload(
                "missing.json",
                &payload_with(|p| {
                    p.remove("statuses");
                }),
            ),
            3,
            "missing field `statuses`",
        ),
        case(
            &payload(
                "null.json",
                &payload_with(|p| {
                    p.insert("statuses".into(), json!(null));
                }),
            ),
            3,
            "field `statuses`: invalid type: null",
        ),
        case(
            &payload(
                "case.json",
                &payload_with(|p| {
                    p.insert("event".into(), json!("upload"));
                }),
            ),
            3,
            "field `event`: unknown variant `upload`",
        ),
        case(
            &payload(
                "other-event.json",
                &payload_with(|p| {
                    p.insert("event".into(), json!("Delete"));
                }),
            ),
            3,
            "the payload's event is Delete but the command fires Upload",
        ),
        case(
            &payload(
                "other-key.json",
                &payload_with(|p| {
                    p.insert("apiKey".into(), json!(OTHER_KEY));
                }),
            ),
            3,
            "differs from the API key",
        ),
        case(
            &payload(
                "big.json",
                &format!("{}{}", payload_with(|_| {}), " ".repeat(1 << 20)),
            ),
            3,
            "larger than the limit of 1048576 bytes",
        ),
        case(
            &payload("trailing.json", &format!("{} x", payload_with(|_| {}))),
            3,
            "has trailing data",
        ),
        case(&payload("empty.json", ""), 3, "is not a JSON object"),
        case(&payload("array.json", "[]"), 3, "is not a JSON object"),
        case(
            &payload(
                "positional.json",
                &format!("[\"Upload\",\"{KEY}\",[\"{ENTRY_A}\"],[],[],[],[]]"),
            ),
            3,
            "is not a JSON object",
        ),
        case(
            &payload("scalar.json", "\"Upload\""),
            3,
            "is not a JSON object",
        ),
        case(
            &payload(
                "rule.json",
                &payload_with(|p| {
                    p.insert("entryIds".into(), json!(["a", "b"]));
                }),
            ),
            3,
            "Upload requires entryIds to be exactly 1",
        ),
        case(
            &["fire", "Upload", "--payload", "-"],
            3,
            "the payload on stdin is invalid",
        )
        .stdin("{"),
        case(
            &["fire", "Upload", "--payload", "-"],
            3,
            "on stdin is larger than the limit",
        )
        .stdin(vec![b' '; (1 << 20) + 1]),
        case(
            &["fire", "Upload", "--payload", "x.json", "--entry", ENTRY_A],
            2,
            "cannot be used with",
        ),
        // ---- flag values and combinations
        case(&upload(&["--concurrency", "0"]), 2, "0 is not in 1..=1024"),
        case(&upload(&["--retries", "21"]), 2, "21 is not in 0..=20"),
        case(
            &upload(&["--timeout", "banana"]),
            2,
            "`banana` is not a duration",
        ),
        case(
            &upload(&["--timeout", "-5s"]),
            2,
            "unexpected argument '-5'",
        ),
        case(&upload(&["--backoff", "5 parsecs"]), 2, "is not a duration"),
        case(&["deliveries", "--limit", "0"], 2, "0 is not in 1..=100000"),
        case(
            &["deliveries", "--failed", "show", "1"],
            2,
            "cannot be used with",
        ),
        case(&["deliveries", "show", "abc"], 2, "invalid digit"),
        case(
            &["deliveries", "--since", "tomorrowish"],
            3,
            "is neither a duration",
        ),
        case(
            &["deliveries", "prune", "--older-than", "soon", "--yes"],
            2,
            "`soon` is not a duration",
        ),
        case(&["redeliver"], 2, "required"),
        case(&["redeliver", "1", "--failed"], 2, "cannot be used with"),
        case(&["redeliver", "--since", "1h"], 2, "--failed"),
        case(
            &["edit", "alpha", "--enable", "--disable"],
            2,
            "cannot be used with",
        ),
        case(&["edit", "alpha"], 3, "nothing to change"),
        case(&["--color", "purple", "list"], 2, "invalid value 'purple'"),
        case(&["frobnicate"], 2, "unrecognized subcommand 'frobnicate'"),
        case(&["list", "--bogus"], 2, "unexpected argument '--bogus'"),
        case(&["delete"], 2, "required"),
        // ---- what does not exist, or does not match
        case(
            &["show", "nope"],
            4,
            "no webhook has the name or id \"nope\"",
        ),
        case(&["delete", "alpha", "nope", "--yes"], 4, "\"nope\""),
        case(&upload(&["--hook", "nope"]), 4, "\"nope\""),
        case(
            &upload(&["--hook", "gamma"]),
            3,
            "belongs to collection calm-sea-5678",
        ),
        case(
            &upload(&["--hook", "beta"]),
            3,
            "is not subscribed to Upload",
        ),
        case(
            &[
                "fire",
                "Upload",
                "--api-key",
                "unknown-key",
                "--entry",
                ENTRY_A,
            ],
            8,
            "no enabled webhook of collection unknown-key is subscribed to Upload",
        ),
        case(
            &["deliveries", "show", "999999"],
            4,
            "no delivery has the id 999999",
        ),
        case(&["redeliver", "999999"], 4, "999999"),
        case(&["test", "nope"], 4, "\"nope\""),
        // ---- import documents
        case(
            &["import", "/nonexistent/doc.json"],
            3,
            "cannot read /nonexistent/doc.json",
        ),
        case(
            &import(
                "v2.json",
                &json!({"version": 2, "apiKey": KEY, "webhooks": []}).to_string(),
            ),
            3,
            "has format version 2",
        ),
        case(
            &import(
                "bad-url.json",
                &import_doc(json!([
                    hook_spec("ok", url),
                    hook_spec("bad", "http://hooks.example.com/")
                ])),
            ),
            3,
            "webhooks[1] (\"bad\")",
        ),
        case(
            &import(
                "twice.json",
                &import_doc(json!([hook_spec("same", url), hook_spec("same", url)])),
            ),
            3,
            "appears twice",
        ),
        case(
            &import(
                "unknown.json",
                &json!({"version": 1, "apiKey": KEY, "webhooks": [], "extra": true}).to_string(),
            ),
            3,
            "unknown field `extra`",
        ),
        case(
            &import(
                "secret.json",
                &import_doc(json!([{"name": "s", "apiKey": KEY, "url": url,
                    "triggers": ["Upload"], "secret": "whsec_not base64!"}])),
            ),
            3,
            "not a Standard Webhooks secret",
        ),
        case(
            &import(
                "scope.json",
                &import_doc(json!([{"name": "s", "apiKey": OTHER_KEY, "url": url,
                    "triggers": ["Upload"]}])),
            ),
            3,
            "outside the document's collection",
        ),
        case(&import("text.json", "webhooks: []"), 3, "is not JSON"),
        case(
            &import(
                "huge.json",
                &format!("{}{}", import_doc(json!([])), " ".repeat(16 << 20)),
            ),
            3,
            "larger than the limit of 16777216 bytes",
        ),
        case(
            &with(
                import(
                    "prune.json",
                    &import_doc(json!([hook_spec("alpha", "http://hooks.example.com/")])),
                ),
                vec!["--prune".into()],
            ),
            3,
            "must use https",
        ),
        // ---- environment values
        case(
            &["list"],
            2,
            "invalid value 'maybe' for '--allow-private-targets'",
        )
        .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "maybe"),
        case(
            &upload(&[]),
            3,
            "cannot read the CA certificates in /nonexistent/ca.pem",
        )
        .env("ECHO3D_HOOKS_CA_CERT", "/nonexistent/ca.pem"),
        case(&upload(&[]), 3, "holds no PEM certificate").env("ECHO3D_HOOKS_CA_CERT", &bad_ca),
        case(
            &upload(&["--proxy", "not a url"]),
            3,
            "is not a usable proxy URL",
        ),
        case(
            &["list"],
            6,
            "is not an echo3d-hooks store (it is not an SQLite database)",
        )
        .env("ECHO3D_HOOKS_DB", &garbage_db),
        case(&["list"], 6, "is a directory").env("ECHO3D_HOOKS_DB", w.inputs.to_str().unwrap()),
        case(
            &add_url(url),
            6,
            "an SQLite database of another application",
        )
        .env("ECHO3D_HOOKS_DB", other_db.to_str().unwrap()),
        case(&["list"], 6, "is not a regular file").env("ECHO3D_HOOKS_DB", "/dev/null"),
        case(&["list"], 6, "is not a regular file").env("ECHO3D_HOOKS_DB", fifo.to_str().unwrap()),
    ];
    assert!(cases.len() >= 60, "{} cases", cases.len());

    let garbage_before = std::fs::read(&garbage_db).unwrap();
    let other_before = std::fs::read(&other_db).unwrap();
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let before = digest(&w.env.db);
        let mut cmd = bare_cmd();
        if !c.env.iter().any(|(k, _)| *k == "ECHO3D_HOOKS_DB") {
            cmd.arg("--db").arg(&w.env.db);
        }
        for (k, v) in &c.env {
            cmd.env(k, v);
        }
        cmd.args(&c.args);
        cmd.write_stdin(c.stdin.clone().unwrap_or_default());
        // A row that hangs (reading a pipe, say) fails instead of blocking.
        cmd.timeout(std::time::Duration::from_secs(30));
        let out = cmd.output().unwrap();
        let stderr = stderr_of(&out);
        let mut wrong = Vec::new();
        if out.status.code() != Some(c.code) {
            wrong.push(format!("exit {:?}, expected {}", out.status.code(), c.code));
        }
        if !stderr.contains(&c.fragment) {
            wrong.push(format!("stderr lacks {:?}", c.fragment));
        }
        if stderr.contains("panicked") {
            wrong.push("it panicked".to_string());
        }
        if digest(&w.env.db) != before {
            wrong.push("the store changed".to_string());
        }
        if !wrong.is_empty() {
            let shown: String = stderr.chars().take(400).collect();
            failures.push(format!(
                "case {i}: {}\n  {}\n  stderr: {shown}",
                c.shown(),
                wrong.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(w.rx.count(), 2, "a refused command sent something");
    assert_eq!(std::fs::read(&garbage_db).unwrap(), garbage_before);
    assert_eq!(std::fs::read(&other_db).unwrap(), other_before);
}

#[test]
fn every_size_limit_is_inclusive() {
    let w = World::new();
    let ok = |args: Vec<String>, stdin: Option<Vec<u8>>| {
        let mut cmd = w.env.cmd();
        cmd.args(&args);
        if let Some(bytes) = stdin {
            cmd.write_stdin(bytes);
        }
        let out = cmd.output().unwrap();
        let shown: Vec<String> = args.iter().map(|a| a.chars().take(30).collect()).collect();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shown:?} at the limit: {}",
            stderr_of(&out)
        );
    };
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let url = format!("https://hooks.example.com/{}", "u".repeat(2048 - 26));
    assert_eq!(url.chars().count(), 2048);
    ok(
        s(&[
            "add",
            "--name",
            &"n".repeat(100),
            "--api-key",
            &"k".repeat(128),
            "--description",
            &"d".repeat(1000),
            "--url",
            &url,
            "--trigger",
            "Upload",
        ]),
        None,
    );
    let dry_fire = |event: &str| s(&["fire", event, "--api-key", KEY, "--dry-run"]);
    let mut entries = dry_fire("Delete");
    entries.extend((0..1000).flat_map(|i| ["--entry".to_string(), format!("e{i}")]));
    ok(entries, None);
    let mut metas = dry_fire("CollectionMetadataAdd");
    metas.extend((0..1000).flat_map(|i| ["--meta".to_string(), format!("k{i}=v")]));
    ok(metas, None);
    let mut value = dry_fire("CollectionMetadataAdd");
    value.extend(s(&[
        "--meta",
        &format!("{}={}", "k".repeat(1024), "v".repeat(1024)),
    ]));
    ok(value, None);
    let mut entry = dry_fire("Upload");
    entry.extend(s(&["--entry", &"e".repeat(1024)]));
    ok(entry, None);
    // A payload document of exactly 1 MiB, padded with whitespace.
    let body = payload_with(|_| {});
    let padded = format!("{body}{}", " ".repeat((1 << 20) - body.len()));
    let mut from_stdin = dry_fire("Upload");
    from_stdin.extend(s(&["--payload", "-"]));
    ok(from_stdin, Some(padded.into_bytes()));
    // An import document of exactly 16 MiB.
    let doc = import_doc(json!([]));
    let padded = format!("{doc}{}", " ".repeat((16 << 20) - doc.len()));
    let path = w.file("16mib.json", padded);
    ok(s(&["import", &path, "--dry-run"]), None);
}

/// A time limit of billions of years is no limit, not a crash: the deadline
/// it makes must not overflow the clock.
#[test]
fn absurd_time_limits_mean_no_limit() {
    let w = World::new();
    for flag in ["--timeout", "--connect-timeout"] {
        let out = w
            .env
            .dev_cmd()
            .args([
                "--json",
                "fire",
                "Upload",
                "--api-key",
                KEY,
                "--entry",
                ENTRY_A,
            ])
            .args([flag, "18446744073709551615s", "--ca-cert"])
            .arg(w.rx.ca_path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr_of(&out));
        assert_eq!(json_of(&out)["summary"]["succeeded"], 1);
    }
    assert_eq!(w.rx.count(), 2 + 2);
}

/// A real store's bytes: a few hooks and a delivery log.
fn real_store_bytes() -> Vec<u8> {
    let w = World::new();
    std::fs::read(&w.env.db).unwrap()
}

#[test]
fn store_files_that_are_not_ours_are_refused_and_never_written() {
    let real = real_store_bytes();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let sqlite = |name: &str, sql: &str| {
        let path = dir.path().join(name);
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path
    };
    let mut newer = real.clone();
    // The header's user_version (bytes 60..64): a schema from the future.
    newer[60..64].copy_from_slice(&99u32.to_be_bytes());
    let mut junk_after_header = b"SQLite format 3\0".to_vec();
    junk_after_header.extend((0..4000u32).map(|i| (i * 7 % 251) as u8));
    let stores = [
        (
            file("text.db", &b"name,url\nalpha,https://x\n".repeat(100)),
            "it is not an SQLite database",
        ),
        (
            file("binary.db", &[0xffu8; 8192]),
            "it is not an SQLite database",
        ),
        (
            file("half.db", &real[..real.len() / 2]),
            "is not a usable echo3d-hooks store",
        ),
        (
            file("header-only.db", &real[..100]),
            "is not a usable echo3d-hooks store",
        ),
        (
            file("junk.db", &junk_after_header),
            "is not a usable echo3d-hooks store",
        ),
        (
            file("newer.db", &newer),
            "has schema version 99, newer than",
        ),
        (
            sqlite(
                "notes.db",
                "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');",
            ),
            "an SQLite database of another application",
        ),
        (
            sqlite(
                "wal-app.db",
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            ),
            "an SQLite database of another application",
        ),
        (
            sqlite("tagged.db", "PRAGMA application_id = 42;"),
            "an SQLite database of another application",
        ),
        (
            sqlite("versioned.db", "PRAGMA user_version = 3;"),
            "an SQLite database of another application",
        ),
    ];
    let listing = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let files_before = listing();
    let commands: [&[&str]; 6] = [
        &["list"],
        &["deliveries"],
        &[
            "add",
            "--name",
            "n",
            "--url",
            "https://hooks.example.com/x",
            "--api-key",
            KEY,
            "--trigger",
            "Upload",
        ],
        &["fire", "Upload", "--api-key", KEY, "--entry", ENTRY_A],
        &["deliveries", "prune", "--older-than", "1s", "--yes"],
        &["export"],
    ];
    for (path, fragment) in &stores {
        let before = std::fs::read(path).unwrap();
        for args in commands {
            let out = bare_cmd()
                .arg("--db")
                .arg(path)
                .args(args)
                .output()
                .unwrap();
            let err = stderr_of(&out);
            let name = path.file_name().unwrap().to_string_lossy();
            assert_eq!(out.status.code(), Some(6), "{name} {args:?}: {err}");
            assert!(err.contains(fragment), "{name} {args:?}: {err}");
            assert!(err.contains("left untouched"), "{name} {args:?}: {err}");
            assert!(
                std::fs::read(path).unwrap() == before,
                "{name} {args:?} changed the file"
            );
        }
    }
    assert_eq!(
        listing(),
        files_before,
        "no WAL or journal file was left beside them"
    );
}
