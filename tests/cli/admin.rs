//! The store and the administration commands (issue 2): add, list, show,
//! edit, delete and events, every validation rule, the address
//! policy's static check, and how the store file is found, created and
//! protected. Every refusal is checked for its exit code, its message, and an
//! unchanged store.

use std::borrow::BorrowMut;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::support::*;

const URL: &str = "https://hooks.example.com/echo3d";

// Exit codes the README documents (src/error.rs).
const USAGE: i32 = 2;
const INVALID: i32 = 3;
const NOT_FOUND: i32 = 4;
const CONFLICT: i32 = 5;
const STORE: i32 = 6;

// ---------------------------------------------------------------- helpers

/// A store holding two webhooks in two collections:
/// `inventory-sync` (KEY; Upload, Delete) and `audit` (OTHER_KEY; Edit).
fn seeded() -> Env {
    let env = Env::new();
    env.add_hook("inventory-sync", KEY, URL, &["Upload", "Delete"]);
    env.add_hook("audit", OTHER_KEY, URL, &["Edit"]);
    env
}

/// `add` with every required option; `more` adds options or overrides none.
fn add(env: &Env, name: &str, url: &str, more: &[&str]) -> Command {
    let mut cmd = env.cmd();
    cmd.args(["add", "--name", name, "--url", url, "--api-key", KEY])
        .args(["--trigger", "Upload"])
        .args(more);
    cmd
}

/// Runs `cmd`, which must succeed, and returns its output.
#[track_caller]
fn ok(mut cmd: impl BorrowMut<Command>) -> std::process::Output {
    let out = cmd.borrow_mut().output().expect("the binary runs");
    assert!(
        out.status.success(),
        "expected success, got {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        stdout_of(&out),
        stderr_of(&out)
    );
    out
}

/// Runs `cmd` and returns its parsed JSON output; it must succeed.
#[track_caller]
fn ok_json(cmd: impl BorrowMut<Command>) -> Value {
    json_of(&ok(cmd))
}

/// The refusal pattern: `cmd` must exit with `code`, say every one of
/// `fragments` on stderr, print nothing on stdout, and leave the store as it
/// was. Returns stderr for further checks.
#[track_caller]
fn refused(env: &Env, mut cmd: impl BorrowMut<Command>, code: i32, fragments: &[&str]) -> String {
    let cmd = cmd.borrow_mut();
    let before = env.dump();
    let out = cmd.output().expect("the binary runs");
    let stderr = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nexpected exit {code}\nstdout:\n{}\nstderr:\n{stderr}",
        stdout_of(&out)
    );
    for fragment in fragments {
        assert!(
            stderr.contains(fragment),
            "{cmd:?}\nstderr does not say {fragment:?}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{cmd:?} panicked:\n{stderr}");
    assert_eq!(
        stdout_of(&out),
        "",
        "{cmd:?}: a refusal prints nothing on stdout"
    );
    assert_eq!(env.dump(), before, "{cmd:?} changed the store");
    stderr
}

/// The webhook as `show --json` prints it (secret masked).
fn show_json(env: &Env, hook: &str) -> Value {
    ok_json(env.cmd().args(["--json", "show", hook]))
}

fn list_json(env: &Env, filters: &[&str]) -> Vec<Value> {
    let v = ok_json(env.cmd().args(["--json", "list"]).args(filters));
    v.as_array().expect("list --json prints an array").clone()
}

fn names(hooks: &[Value]) -> Vec<&str> {
    hooks.iter().map(|h| h["name"].as_str().unwrap()).collect()
}

fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

// ---------------------------------------------------------------- add

#[test]
fn add_prints_the_new_webhook_with_its_full_secret() {
    let env = Env::new();
    let out = ok(add(
        &env,
        "inventory-sync",
        URL,
        &[
            "--trigger",
            "Delete",
            "--description",
            "Keeps stock in step",
        ],
    ));
    let stdout = stdout_of(&out);
    let id = stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Created webhook inventory-sync ("))
        .and_then(|l| l.strip_suffix(")."))
        .unwrap_or_else(|| panic!("no `Created webhook` line:\n{stdout}"));
    assert!(id.starts_with("wh_"), "{id}");
    for shown in [
        URL,
        KEY,
        "Keeps stock in step",
        "Upload, Delete",
        "yes",
        "The secret is shown in full only now",
    ] {
        assert!(
            stdout.contains(shown),
            "add does not show {shown:?}:\n{stdout}"
        );
    }
    let secret = env.secret_of(id);
    assert!(
        stdout.contains(&secret),
        "add does not show the full secret:\n{stdout}"
    );
}

#[test]
fn create_json_prints_one_object_with_the_full_secret() {
    let env = Env::new();
    let v = ok_json(env.cmd().args([
        "--json",
        "create",
        "--name",
        "inventory-sync",
        "--url",
        URL,
        // Given out of order and in any case; stored in the spec's order and spelling.
        "--trigger",
        "delete",
        "--trigger",
        "UPLOAD",
        "--api-key",
        KEY,
        "--description",
        "Keeps stock in step",
    ]));
    let id = v["id"].as_str().unwrap();
    assert!(
        id.len() == 19 && id.starts_with("wh_") && id[3..].chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    let secret = v["secret"].as_str().unwrap();
    let raw = secret.strip_prefix("whsec_").expect("whsec_ prefix");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .expect("the secret is base64");
    assert_eq!(bytes.len(), 32, "the secret holds 32 random bytes");
    assert_eq!(v["name"], "inventory-sync");
    assert_eq!(v["apiKey"], KEY);
    assert_eq!(v["url"], URL);
    assert_eq!(v["description"], "Keeps stock in step");
    assert_eq!(v["triggers"], json!(["Upload", "Delete"]));
    assert_eq!(v["enabled"], true);
    assert_eq!(env.secret_of(id), secret);

    // Anywhere else, the secret is masked.
    let shown = show_json(&env, id);
    assert_ne!(shown["secret"], secret);
    assert!(shown["secret"].as_str().unwrap().starts_with("whsec_****"));
}

#[test]
fn each_webhook_gets_its_own_id_and_secret() {
    let env = Env::new();
    let a = ok_json(add(&env, "a", URL, &[]).arg("--json"));
    let b = ok_json(add(&env, "b", URL, &[]).arg("--json"));
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["secret"], b["secret"]);
}

#[test]
fn api_key_falls_back_to_echo3d_api_key() {
    let env = Env::new();
    let v = ok_json(
        env.cmd()
            .env("ECHO3D_API_KEY", OTHER_KEY)
            .args(["--json", "add", "--name", "a", "--url", URL])
            .args(["--trigger", "Upload"]),
    );
    assert_eq!(v["apiKey"], OTHER_KEY);

    // The flag wins over the environment.
    let v = ok_json(
        env.cmd()
            .env("ECHO3D_API_KEY", OTHER_KEY)
            .args(["--json", "add", "--name", "b", "--url", URL])
            .args(["--trigger", "Upload", "--api-key", KEY]),
    );
    assert_eq!(v["apiKey"], KEY);
}

#[test]
fn add_without_an_api_key_is_refused() {
    let env = seeded();
    refused(
        &env,
        env.cmd()
            .args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"]),
        USAGE,
        &["--api-key"],
    );
}

#[test]
fn add_disabled_creates_a_switched_off_webhook() {
    let env = Env::new();
    let v = ok_json(add(&env, "paused", URL, &["--json", "--disabled"]));
    assert_eq!(v["enabled"], false);
    assert_eq!(show_json(&env, "paused")["enabled"], false);
}

#[test]
fn refusals_keep_json_output_clean_and_create_no_store() {
    // Validation runs before the store is opened: a refused first `add`
    // leaves no store file behind.
    let env = Env::new();
    refused(
        &env,
        add(&env, "a", "http://hooks.example.com/", &["--json"]),
        INVALID,
        &["https"],
    );
    assert!(!env.db.exists(), "a refused add created the store");
}

#[test]
fn description_may_have_1000_characters_and_no_control_characters() {
    let env = seeded();
    refused(
        &env,
        add(&env, "a", URL, &["--description", &"d".repeat(1001)]),
        INVALID,
        &["1001 characters", "at most 1000"],
    );
    refused(
        &env,
        add(&env, "a", URL, &["--description", "bell\u{7}"]),
        INVALID,
        &["control character"],
    );
    let v = ok_json(add(
        &env,
        "a",
        URL,
        &[
            "--json",
            "--description",
            &format!("line\n\tindented{}", "d".repeat(986)),
        ],
    ));
    assert_eq!(v["description"].as_str().unwrap().chars().count(), 1000);
}

// ---------------------------------------------------------------- name rules

#[test]
fn name_must_not_be_empty_or_blank() {
    let env = seeded();
    refused(&env, add(&env, "", URL, &[]), INVALID, &["empty"]);
    refused(&env, add(&env, "   ", URL, &[]), INVALID, &["empty"]);
}

#[test]
fn name_may_have_100_characters_not_101() {
    let env = seeded();
    refused(
        &env,
        add(&env, &"n".repeat(101), URL, &[]),
        INVALID,
        &["101 characters", "at most 100"],
    );
    // Characters, not bytes: 100 two-byte characters are fine.
    ok(add(&env, &"n".repeat(100), URL, &[]));
    ok(add(&env, &"é".repeat(100), URL, &[]));
}

#[test]
fn name_must_not_hold_control_characters() {
    let env = seeded();
    for name in ["bell\u{7}", "two\nlines", "esc\u{1b}[31m"] {
        refused(
            &env,
            add(&env, name, URL, &[]),
            INVALID,
            &["control character"],
        );
    }
}

#[test]
fn name_must_not_start_or_end_with_whitespace() {
    let env = seeded();
    for name in [" inv", "inv ", "\u{3000}inv"] {
        refused(&env, add(&env, name, URL, &[]), INVALID, &["whitespace"]);
    }
    ok(add(&env, "inventory sync", URL, &[]));
}

#[test]
fn name_is_unique_within_a_collection_only() {
    let env = seeded();
    let stderr = refused(
        &env,
        add(&env, "inventory-sync", URL, &[]),
        CONFLICT,
        &["\"inventory-sync\" already exists", KEY],
    );
    assert!(stderr.contains("unique within a collection"), "{stderr}");
    // The same name in another collection is another webhook.
    ok(env.cmd().args([
        "add",
        "--name",
        "inventory-sync",
        "--url",
        URL,
        "--trigger",
        "Upload",
        "--api-key",
        OTHER_KEY,
    ]));
    let hooks = list_json(&env, &[]);
    assert_eq!(
        names(&hooks),
        ["inventory-sync", "audit", "inventory-sync"].map(str::to_string),
        "{hooks:?}"
    );
}

// ---------------------------------------------------------------- trigger rules

fn add_with_triggers(env: &Env, triggers: &[&str]) -> Command {
    let mut cmd = env.cmd();
    cmd.args([
        "--json",
        "add",
        "--name",
        "t",
        "--url",
        URL,
        "--api-key",
        KEY,
    ]);
    for t in triggers {
        cmd.args(["--trigger", t]);
    }
    cmd
}

#[test]
fn triggers_are_case_insensitive_and_stored_as_the_spec_names() {
    let env = Env::new();
    let v = ok_json(add_with_triggers(
        &env,
        &[
            "assetstatusupdate",
            "UPLOAD",
            "Upload",
            "collectionMETADATAadd",
        ],
    ));
    let expected = json!(["Upload", "CollectionMetadataAdd", "AssetStatusUpdate"]);
    assert_eq!(v["triggers"], expected);
    assert_eq!(show_json(&env, "t")["triggers"], expected);
    let table = stdout_of(&ok(env.cmd().arg("list")));
    assert!(
        table.contains("Upload, CollectionMetadataAdd, AssetStatusUpdate"),
        "{table}"
    );
}

#[test]
fn every_trigger_of_the_spec_is_accepted() {
    let env = Env::new();
    let v = ok_json(add_with_triggers(&env, &ALL_EVENTS));
    assert_eq!(v["triggers"], json!(ALL_EVENTS));
}

#[test]
fn unknown_trigger_is_refused_listing_the_valid_ones() {
    let env = seeded();
    let stderr = refused(
        &env,
        add_with_triggers(&env, &["Upload", "Rename"]),
        INVALID,
        &["unknown trigger `Rename`"],
    );
    for t in ALL_EVENTS {
        assert!(stderr.contains(t), "the valid list lacks {t}:\n{stderr}");
    }
    assert!(
        !stderr.contains("did you mean"),
        "nothing is close to Rename:\n{stderr}"
    );
}

#[test]
fn close_typos_get_a_suggestion() {
    let env = seeded();
    for (typo, meant) in [
        ("Uplaod", "Upload"),
        ("procesed", "Processed"),
        ("AssetStatusUpdated", "AssetStatusUpdate"),
        ("CollectionMetadataAd", "CollectionMetadataAdd"),
    ] {
        refused(
            &env,
            add_with_triggers(&env, &[typo]),
            INVALID,
            &[&format!("did you mean `{meant}`?")],
        );
    }
}

#[test]
fn a_webhook_needs_a_trigger() {
    let env = seeded();
    refused(&env, add_with_triggers(&env, &[]), USAGE, &["--trigger"]);
}

// ---------------------------------------------------------------- API key rules

#[test]
fn api_key_must_not_be_empty() {
    let env = seeded();
    refused(
        &env,
        env.cmd()
            .args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"])
            .args(["--api-key", ""]),
        INVALID,
        &["API key is empty"],
    );
}

#[test]
fn api_key_must_not_hold_whitespace() {
    let env = seeded();
    for key in ["bold sky", "bold\tsky", " bold-sky", "bold-sky\n"] {
        refused(
            &env,
            env.cmd()
                .args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"])
                .args(["--api-key", key]),
            INVALID,
            &["API key", "whitespace"],
        );
    }
}

#[test]
fn api_key_may_have_128_characters_not_129() {
    let env = seeded();
    let with_key = |key: &str| {
        let mut cmd = env.cmd();
        cmd.args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"])
            .args(["--api-key", key]);
        cmd
    };
    refused(
        &env,
        with_key(&"k".repeat(129)),
        INVALID,
        &["129 characters", "at most 128"],
    );
    ok(with_key(&"k".repeat(128)));
}

// ---------------------------------------------------------------- URL static check

/// Each URL must be refused by `add` (exit 3), with its own fragment on
/// stderr, and leave the store unchanged.
#[track_caller]
fn urls_refused(cases: &[(&str, &str)]) {
    let env = seeded();
    for (url, fragment) in cases {
        refused(&env, add(&env, "x", url, &[]), INVALID, &[fragment]);
    }
}

const BLOCKED: &str = "must not point at private or special-purpose addresses";

#[test]
fn url_must_parse() {
    urls_refused(&[
        ("not a url", "is not a valid URL"),
        ("hooks.example.com/echo3d", "is not a valid URL"),
        ("https://", "is not a valid URL"),
        ("https://exa mple.com/", "is not a valid URL"),
        ("https://[::1/", "is not a valid URL"),
        ("https://256.256.256.256/", "is not a valid URL"),
    ]);
}

#[test]
fn url_must_use_https() {
    urls_refused(&[
        ("http://hooks.example.com/echo3d", "uses the scheme `http`"),
        ("HTTP://hooks.example.com/echo3d", "uses the scheme `http`"),
        ("ftp://hooks.example.com/", "uses the scheme `ftp`"),
        ("ws://hooks.example.com/", "uses the scheme `ws`"),
        ("file:///etc/passwd", "uses the scheme `file`"),
        ("javascript:alert(1)", "uses the scheme `javascript`"),
    ]);
}

#[test]
fn url_must_not_carry_credentials_and_they_are_not_echoed() {
    let env = seeded();
    for url in [
        "https://user@hooks.example.com/",
        "https://user:hunter2@hooks.example.com/",
        "https://:hunter2@hooks.example.com/",
    ] {
        let stderr = refused(
            &env,
            add(&env, "x", url, &[]),
            INVALID,
            &["user name or password"],
        );
        assert!(
            !stderr.contains("hunter2"),
            "the password is echoed:\n{stderr}"
        );
    }
}

#[test]
fn url_must_not_name_localhost() {
    urls_refused(&[
        ("https://localhost/", "localhost name"),
        ("https://localhost:8443/echo3d", "localhost name"),
        ("https://LOCALHOST./", "localhost name"),
        ("https://LocalHost/", "localhost name"),
        ("https://api.localhost/", "localhost name"),
        ("https://a.b.LOCALHOST./", "localhost name"),
    ]);
}

#[test]
fn url_ipv4_loopback_is_caught_in_every_spelling() {
    let loopback = "127.0.0.0/8 (loopback)";
    urls_refused(&[
        ("https://127.0.0.1/", loopback),
        ("https://2130706433/", loopback),
        ("https://0x7f000001/", loopback),
        ("https://0x7f.1/", loopback),
        ("https://0177.0.0.1/", loopback),
        ("https://017700000001/", loopback),
        ("https://127.1/", loopback),
        ("https://127.0.0.1./", loopback),
        ("https://127.255.255.254:8443/x", loopback),
    ]);
}

#[test]
fn url_ipv6_literals_and_embedded_ipv4_are_caught() {
    urls_refused(&[
        ("https://[::ffff:127.0.0.1]/", "127.0.0.0/8"),
        ("https://[::ffff:7f00:1]/", "127.0.0.0/8"),
        ("https://[::127.0.0.1]/", "127.0.0.0/8"),
        ("https://[::ffff:10.0.0.1]/", "10.0.0.0/8"),
        ("https://[::ffff:a9fe:a9fe]/", "169.254.0.0/16"),
        ("https://[::1]/", "::1/128 (loopback)"),
        ("https://[0:0:0:0:0:0:0:1]:8443/", "::1/128"),
        ("https://[::]/", "::/128"),
        ("https://[fe80::1]/", "fe80::/10 (link-local)"),
        ("https://[fd00::1]/", "fc00::/7"),
        ("https://[fc00::1]/", "fc00::/7"),
        ("https://[ff02::1]/", "ff00::/8 (multicast)"),
        ("https://[2001:db8::1]/", "2001:db8::/32"),
        ("https://[64:ff9b::a00:1]/", "64:ff9b::/96"),
    ]);
}

#[test]
fn url_ip_literals_in_the_other_blocked_ranges_are_caught() {
    urls_refused(&[
        ("https://0.0.0.0/", "0.0.0.0/8"),
        ("https://10.1.2.3/", "10.0.0.0/8 (private)"),
        ("https://100.64.0.1/", "100.64.0.0/10"),
        ("https://100.127.255.255/", "100.64.0.0/10"),
        (
            "https://169.254.169.254/latest/meta-data/",
            "169.254.0.0/16",
        ),
        ("https://172.16.0.1/", "172.16.0.0/12"),
        ("https://172.31.255.255/", "172.16.0.0/12"),
        ("https://192.0.0.8/", "192.0.0.0/24"),
        ("https://192.0.2.1/", "192.0.2.0/24"),
        ("https://192.88.99.1/", "192.88.99.0/24"),
        ("https://192.168.1.1/", "192.168.0.0/16 (private)"),
        ("https://198.18.0.1/", "198.18.0.0/15"),
        ("https://198.19.255.255/", "198.18.0.0/15"),
        ("https://198.51.100.7/", "198.51.100.0/24"),
        ("https://203.0.113.9/", "203.0.113.0/24"),
        ("https://224.0.0.1/", "224.0.0.0/4 (multicast)"),
        ("https://239.255.255.250/", "224.0.0.0/4"),
        ("https://240.0.0.1/", "240.0.0.0/4"),
        ("https://255.255.255.255/", "240.0.0.0/4"),
    ]);
    // Every refusal says what to do for local development.
    urls_refused(&[("https://10.0.0.1/", BLOCKED)]);
    urls_refused(&[("https://10.0.0.1/", "--allow-private-targets")]);
}

#[test]
fn url_may_have_2048_characters_not_2049() {
    let env = seeded();
    let of_length = |n: usize| format!("{URL}/{}", "a".repeat(n - URL.len() - 1));
    refused(
        &env,
        add(&env, "x", &of_length(2049), &[]),
        INVALID,
        &["2049 characters", "at most 2048"],
    );
    let v = ok_json(add(&env, "x", &of_length(2048), &["--json"]));
    assert_eq!(v["url"].as_str().unwrap().len(), 2048);
}

#[test]
fn public_https_urls_are_accepted() {
    let env = Env::new();
    for (i, url) in [
        URL,
        "https://hooks.example.com:8443/echo3d?source=echo3d",
        "https://93.184.216.34/x",
        "https://[2606:4700::1111]/x",
        // Just outside blocked ranges.
        "https://172.32.0.1/",
        "https://100.128.0.1/",
        "https://localhost.example.com/",
    ]
    .iter()
    .enumerate()
    {
        let v = ok_json(add(&env, &format!("h{i}"), url, &["--json"]));
        assert_eq!(
            v["url"].as_str().unwrap().trim_end_matches('/'),
            url.trim_end_matches('/')
        );
    }
    assert_eq!(list_json(&env, &[]).len(), 7);
}

// ---------------------------------------------------------------- development opt-in

const OPT_IN_WARNING: &str = "warning: private and loopback targets are allowed";
const LOOPBACK_URL: &str = "https://127.0.0.1:8443/";

#[test]
fn allow_private_targets_flag_allows_loopback_with_a_warning() {
    let env = Env::new();
    for (name, url) in [
        ("a", LOOPBACK_URL),
        ("b", "https://localhost:8443/"),
        ("c", "https://[::1]:8443/"),
    ] {
        let out = ok(add(&env, name, url, &["--json", "--allow-private-targets"]));
        assert_eq!(json_of(&out)["url"], url);
        assert!(
            stderr_of(&out).contains(OPT_IN_WARNING),
            "{}",
            stderr_of(&out)
        );
    }
}

#[test]
fn allow_private_targets_env_allows_loopback_with_a_warning() {
    let env = Env::new();
    let out =
        ok(add(&env, "a", LOOPBACK_URL, &["--json"])
            .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1"));
    assert_eq!(json_of(&out)["url"], LOOPBACK_URL);
    assert!(
        stderr_of(&out).contains(OPT_IN_WARNING),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_opt_in_is_off_by_default_and_when_set_to_0() {
    let env = seeded();
    for value in [None, Some("0"), Some("false")] {
        let mut cmd = add(&env, "a", LOOPBACK_URL, &[]);
        if let Some(v) = value {
            cmd.env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", v);
        }
        let stderr = refused(&env, &mut cmd, INVALID, &["127.0.0.0/8"]);
        assert!(!stderr.contains("warning"), "{stderr}");
    }
    // And commands that do not opt in print no warning.
    let out = ok(env.cmd().arg("list"));
    assert_eq!(stderr_of(&out), "");
}

#[test]
fn an_invalid_opt_in_value_is_a_usage_error() {
    let env = seeded();
    refused(
        &env,
        add(&env, "a", LOOPBACK_URL, &[]).env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "maybe"),
        USAGE,
        &["maybe", "--allow-private-targets"],
    );
}

// ---------------------------------------------------------------- list

#[test]
fn list_shows_a_table_of_every_webhook() {
    let env = seeded();
    ok(add(
        &env,
        "paused",
        "https://paused.example.com/",
        &["--disabled"],
    ));
    for alias in ["list", "ls"] {
        let table = stdout_of(&ok(env.cmd().arg(alias)));
        let lines: Vec<&str> = table.lines().collect();
        for header in ["name", "id", "collection", "url", "triggers", "enabled"] {
            assert!(lines[1].contains(header), "header lacks {header}:\n{table}");
        }
        let row = |name: &str| {
            *lines
                .iter()
                .find(|l| l.contains(&format!(" {name} ")))
                .unwrap_or_else(|| panic!("no row for {name}:\n{table}"))
        };
        let inventory = row("inventory-sync");
        for cell in [KEY, URL, "Upload, Delete", "yes", "wh_"] {
            assert!(inventory.contains(cell), "{inventory}");
        }
        assert!(row("audit").contains(OTHER_KEY) && row("audit").contains("Edit"));
        assert!(row("paused").contains(" no "), "{}", row("paused"));
        assert!(!table.contains("whsec_"), "list shows secrets:\n{table}");
    }
}

#[test]
fn list_filters_by_event_and_collection() {
    let env = seeded();
    env.add_hook("deletes", OTHER_KEY, URL, &["Delete"]);
    assert_eq!(
        names(&list_json(&env, &["--event", "upload"])),
        ["inventory-sync"]
    );
    assert_eq!(
        names(&list_json(&env, &["--event", "DELETE"])),
        ["inventory-sync", "deletes"]
    );
    assert_eq!(
        names(&list_json(&env, &["--api-key", OTHER_KEY])),
        ["audit", "deletes"]
    );
    assert_eq!(
        names(&list_json(
            &env,
            &["--event", "Delete", "--api-key", OTHER_KEY]
        )),
        ["deletes"]
    );
    let table = stdout_of(&ok(env.cmd().args(["ls", "--event", "edit"])));
    assert!(
        table.contains("audit") && !table.contains("inventory-sync"),
        "{table}"
    );
}

#[test]
fn list_json_is_an_array_with_masked_secrets() {
    let env = seeded();
    let secrets = [env.secret_of("inventory-sync"), env.secret_of("audit")];
    let out = ok(env.cmd().args(["--json", "list"]));
    let text = stdout_of(&out);
    for secret in &secrets {
        assert!(
            !text.contains(secret.as_str()),
            "list --json reveals a secret:\n{text}"
        );
    }
    let hooks = json_of(&out);
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 2);
    for h in hooks {
        assert!(
            h["secret"].as_str().unwrap().starts_with("whsec_****"),
            "{h}"
        );
        for field in [
            "id",
            "name",
            "apiKey",
            "url",
            "description",
            "triggers",
            "enabled",
        ] {
            assert!(h.get(field).is_some(), "{field} missing from {h}");
        }
    }
}

#[test]
fn an_empty_store_lists_a_helpful_line_not_an_empty_table() {
    let env = Env::new();
    let text = stdout_of(&ok(env.cmd().arg("list")));
    assert!(text.contains("No webhooks yet"), "{text}");
    assert!(text.contains("echo3d-hooks add"), "{text}");
    assert!(!text.contains('│') && !text.contains('┌'), "{text}");
    assert_eq!(ok_json(env.cmd().args(["--json", "list"])), json!([]));
}

#[test]
fn filters_that_match_nothing_say_so() {
    let env = seeded();
    for filters in [
        &["--event", "Processed"][..],
        &["--api-key", "no-such-key"],
        &["--event", "Edit", "--api-key", KEY],
    ] {
        let text = stdout_of(&ok(env.cmd().arg("list").args(filters)));
        assert!(text.contains("No webhook matches these filters"), "{text}");
        assert!(!text.contains('│'), "{text}");
        assert_eq!(list_json(&env, filters), Vec::<Value>::new());
    }
}

#[test]
fn list_refuses_an_unknown_event() {
    let env = seeded();
    refused(
        &env,
        env.cmd().args(["list", "--event", "Uplaod"]),
        INVALID,
        &["unknown trigger `Uplaod`", "did you mean `Upload`?"],
    );
}

// ---------------------------------------------------------------- show

#[test]
fn show_masks_the_secret_unless_asked() {
    let env = seeded();
    let secret = env.secret_of("inventory-sync");
    let id = show_json(&env, "inventory-sync")["id"]
        .as_str()
        .unwrap()
        .to_string();
    for hook in ["inventory-sync", id.as_str()] {
        let text = stdout_of(&ok(env.cmd().args(["show", hook])));
        assert!(
            text.contains(&id) && text.contains("Upload, Delete"),
            "{text}"
        );
        assert!(text.contains("whsec_****"), "{text}");
        // Not even a long piece of the secret may show.
        assert!(
            !text.contains(&secret[..20]),
            "show reveals the secret:\n{text}"
        );
        let json = stdout_of(&ok(env.cmd().args(["--json", "show", hook])));
        assert!(!json.contains(&secret[..20]), "{json}");

        let text = stdout_of(&ok(env.cmd().args(["show", hook, "--reveal-secret"])));
        assert!(text.contains(&secret), "{text}");
    }
}

#[test]
fn show_of_an_unknown_webhook_is_not_found() {
    let env = seeded();
    for hook in ["nope", "wh_0000000000000000"] {
        refused(
            &env,
            env.cmd().args(["show", hook]),
            NOT_FOUND,
            &[&format!("no webhook has the name or id \"{hook}\"")],
        );
    }
}

#[test]
fn a_name_used_in_two_collections_must_be_named_by_id() {
    let env = seeded();
    let a = show_json(&env, "audit")["id"].as_str().unwrap().to_string();
    let b = env.add_hook("audit", KEY, URL, &["Upload"]);
    let stderr = refused(
        &env,
        env.cmd().args(["show", "audit"]),
        INVALID,
        &["used in 2 collections", "by its id"],
    );
    assert!(stderr.contains(&a) && stderr.contains(&b), "{stderr}");
    assert_eq!(show_json(&env, &b)["apiKey"], KEY);
    assert_eq!(show_json(&env, &a)["apiKey"], OTHER_KEY);
}

// ---------------------------------------------------------------- edit

fn edit(env: &Env, hook: &str, args: &[&str]) -> Value {
    ok_json(env.cmd().args(["--json", "edit", hook]).args(args))
}

#[test]
fn edit_changes_name_url_and_description() {
    let env = seeded();
    let before = show_json(&env, "inventory-sync");
    let v = edit(
        &env,
        "inventory-sync",
        &[
            "--name",
            "stock-sync",
            "--url",
            "https://stock.example.com/hook",
            "--description",
            "renamed",
        ],
    );
    assert_eq!(v["id"], before["id"], "edit keeps the id");
    assert_eq!(v["name"], "stock-sync");
    assert_eq!(v["url"], "https://stock.example.com/hook");
    assert_eq!(v["description"], "renamed");
    assert_eq!(v["triggers"], before["triggers"]);
    assert_eq!(
        show_json(&env, before["id"].as_str().unwrap())["name"],
        "stock-sync"
    );
    refused(
        &env,
        env.cmd().args(["show", "inventory-sync"]),
        NOT_FOUND,
        &["inventory-sync"],
    );

    // The human form says what happened.
    let text = stdout_of(&ok(env.cmd().args([
        "edit",
        "stock-sync",
        "--description",
        "",
    ])));
    assert!(
        text.starts_with("Updated webhook stock-sync (wh_"),
        "{text}"
    );
}

#[test]
fn edit_trigger_replaces_the_set() {
    let env = seeded();
    let v = edit(
        &env,
        "inventory-sync",
        &["--trigger", "edit", "--trigger", "PROCESSED"],
    );
    assert_eq!(v["triggers"], json!(["Processed", "Edit"]));
}

#[test]
fn edit_adds_and_removes_triggers() {
    let env = seeded();
    let v = edit(
        &env,
        "inventory-sync",
        &["--add-trigger", "assetmetadataadd", "--add-trigger", "Edit"],
    );
    assert_eq!(
        v["triggers"],
        json!(["Upload", "Edit", "Delete", "AssetMetadataAdd"])
    );
    let v = edit(
        &env,
        "inventory-sync",
        &["--remove-trigger", "upload", "--remove-trigger", "Delete"],
    );
    assert_eq!(v["triggers"], json!(["Edit", "AssetMetadataAdd"]));
    // Adding one already there changes nothing.
    let v = edit(&env, "inventory-sync", &["--add-trigger", "Edit"]);
    assert_eq!(v["triggers"], json!(["Edit", "AssetMetadataAdd"]));
    // The subscription index follows the edit.
    assert_eq!(
        names(&list_json(&env, &["--event", "Upload"])),
        Vec::<&str>::new()
    );
    assert_eq!(
        names(&list_json(&env, &["--event", "AssetMetadataAdd"])),
        ["inventory-sync"]
    );
}

#[test]
fn edit_refuses_to_remove_the_last_trigger() {
    let env = seeded();
    refused(
        &env,
        env.cmd()
            .args(["edit", "audit", "--remove-trigger", "Edit"]),
        INVALID,
        &["no trigger", "at least one"],
    );
    refused(
        &env,
        env.cmd().args([
            "edit",
            "inventory-sync",
            "--remove-trigger",
            "Upload",
            "--remove-trigger",
            "Delete",
        ]),
        INVALID,
        &["no trigger"],
    );
}

#[test]
fn edit_refuses_to_remove_a_trigger_not_subscribed() {
    let env = seeded();
    refused(
        &env,
        env.cmd()
            .args(["edit", "inventory-sync", "--remove-trigger", "processed"]),
        INVALID,
        &["not subscribed to Processed", "Upload, Delete"],
    );
}

#[test]
fn edit_refuses_unknown_triggers() {
    let env = seeded();
    for flag in ["--trigger", "--add-trigger", "--remove-trigger"] {
        refused(
            &env,
            env.cmd().args(["edit", "inventory-sync", flag, "Uplaod"]),
            INVALID,
            &["unknown trigger `Uplaod`", "did you mean `Upload`?"],
        );
    }
}

#[test]
fn edit_enables_and_disables() {
    let env = seeded();
    assert_eq!(edit(&env, "audit", &["--disable"])["enabled"], false);
    assert_eq!(show_json(&env, "audit")["enabled"], false);
    assert_eq!(edit(&env, "audit", &["--enable"])["enabled"], true);
    assert_eq!(show_json(&env, "audit")["enabled"], true);
    refused(
        &env,
        env.cmd().args(["edit", "audit", "--enable", "--disable"]),
        USAGE,
        &["--enable", "--disable"],
    );
}

#[test]
fn edit_rotate_secret_replaces_it() {
    let env = seeded();
    let old = env.secret_of("audit");
    let v = edit(&env, "audit", &["--rotate-secret"]);
    let new = v["secret"].as_str().unwrap();
    assert!(new.starts_with("whsec_") && new != old, "{new}");
    assert_eq!(env.secret_of("audit"), new);
    assert!(!env.dump().contains(&old), "the old secret is still stored");
    // A rotation shows the new secret once; other edits mask it.
    let v = edit(&env, "audit", &["--description", "x"]);
    assert!(v["secret"].as_str().unwrap().starts_with("whsec_****"));
}

#[test]
fn edit_refuses_a_name_taken_in_the_collection() {
    let env = seeded();
    env.add_hook("other", KEY, URL, &["Upload"]);
    refused(
        &env,
        env.cmd()
            .args(["edit", "other", "--name", "inventory-sync"]),
        CONFLICT,
        &["\"inventory-sync\" already exists"],
    );
    // A name taken in another collection is free here.
    assert_eq!(edit(&env, "other", &["--name", "audit"])["name"], "audit");
    // Keeping one's own name is no clash.
    assert_eq!(
        edit(&env, "inventory-sync", &["--name", "inventory-sync"])["name"],
        "inventory-sync"
    );
}

#[test]
fn edit_applies_the_rules_of_add() {
    let env = seeded();
    let cases: [(&[&str], &str); 6] = [
        (
            &["--url", "http://hooks.example.com/"],
            "uses the scheme `http`",
        ),
        (&["--url", "https://169.254.169.254/"], "169.254.0.0/16"),
        (&["--url", "https://localhost/"], "localhost name"),
        (&["--name", ""], "empty"),
        (&["--name", "tab\there"], "control character"),
        (&["--description", "bell\u{7}"], "control character"),
    ];
    for (args, fragment) in cases {
        refused(
            &env,
            env.cmd().args(["edit", "inventory-sync"]).args(args),
            INVALID,
            &[fragment],
        );
    }
    let long = "n".repeat(101);
    refused(
        &env,
        env.cmd().args(["edit", "inventory-sync", "--name", &long]),
        INVALID,
        &["101 characters"],
    );
}

#[test]
fn edit_with_nothing_to_change_is_refused() {
    let env = seeded();
    refused(
        &env,
        env.cmd().args(["edit", "inventory-sync"]),
        INVALID,
        &["nothing to change", "--rotate-secret"],
    );
}

#[test]
fn edit_of_an_unknown_webhook_is_not_found() {
    let env = seeded();
    refused(
        &env,
        env.cmd().args(["edit", "nope", "--description", "x"]),
        NOT_FOUND,
        &["\"nope\""],
    );
}

// ---------------------------------------------------------------- delete

#[test]
fn delete_removes_several_at_once() {
    let env = seeded();
    let keep = env.add_hook("keep", KEY, URL, &["Upload"]);
    let audit = show_json(&env, "audit")["id"].as_str().unwrap().to_string();
    let text = stdout_of(&ok(env.cmd().args(["delete", "inventory-sync", &audit])));
    assert!(
        text.contains("Deleted webhook inventory-sync (wh_"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Deleted webhook audit ({audit})")),
        "{text}"
    );
    assert_eq!(names(&list_json(&env, &[])), ["keep"]);

    let v = ok_json(env.cmd().args(["--json", "rm", &keep]));
    assert_eq!(v, json!([{"id": keep, "name": "keep", "apiKey": KEY}]));
    assert_eq!(list_json(&env, &[]), Vec::<Value>::new());
    assert!(
        !env.dump().contains("wh_"),
        "a trigger row outlived its hook:\n{}",
        env.dump()
    );
}

#[test]
fn delete_with_an_unknown_name_deletes_nothing() {
    let env = seeded();
    for alias in ["delete", "rm"] {
        refused(
            &env,
            env.cmd()
                .args([alias, "inventory-sync", "no-such-hook", "audit"]),
            NOT_FOUND,
            &["\"no-such-hook\""],
        );
    }
    assert_eq!(list_json(&env, &[]).len(), 2);
}

#[test]
fn delete_of_an_ambiguous_name_deletes_nothing() {
    let env = seeded();
    env.add_hook("audit", KEY, URL, &["Upload"]);
    refused(
        &env,
        env.cmd().args(["rm", "inventory-sync", "audit"]),
        INVALID,
        &["used in 2 collections"],
    );
}

// ---------------------------------------------------------------- events

#[test]
fn events_lists_the_nine_triggers() {
    let env = Env::new();
    let text = stdout_of(&ok(env.cmd().arg("events")));
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('│')).collect();
    assert_eq!(rows.len(), 1 + 9, "a header and nine rows:\n{text}");
    for (row, name) in rows[1..].iter().zip(ALL_EVENTS) {
        assert!(row.starts_with(&format!("│ {name} ")), "{row}");
    }
    assert!(rows[0].contains("fired when") && rows[0].contains("payload rule"));
    assert!(text.contains("entryIds: exactly 1"), "{text}");
    // `events` reads no store, so it does not create one.
    assert!(!env.db.exists());
}

#[test]
fn events_json_lists_name_rule_and_sample() {
    let env = Env::new();
    let v = ok_json(env.cmd().args(["--json", "events"]));
    let all = v.as_array().unwrap();
    assert_eq!(
        all.iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ALL_EVENTS
    );
    for e in all {
        assert_eq!(e["sample"]["event"], e["name"]);
        assert!(
            e["firedWhen"].as_str().is_some_and(|s| !s.is_empty()),
            "{e}"
        );
        assert!(
            e["payloadRule"]
                .as_str()
                .is_some_and(|s| s.contains("entryIds")),
            "{e}"
        );
    }
}

#[test]
fn events_upload_shows_the_spec_sample() {
    let env = Env::new();
    let spec_sample = json!({
        "event": "Upload",
        "apiKey": "bold-sky-1234",
        "entryIds": ["a1b2c3d4-5678-90ab-cdef-1234567890ab"],
        "metadataKeys": [],
        "metadataValues": [],
        "statuses": [],
        "versionIds": []
    });
    let text = stdout_of(&ok(env.cmd().args(["events", "upload"])));
    assert!(text.starts_with("Upload\n"), "{text}");
    assert!(
        text.contains("Fired when: A new asset is uploaded"),
        "{text}"
    );
    let (_, sample) = text
        .split_once("Sample payload:\n")
        .unwrap_or_else(|| panic!("no sample:\n{text}"));
    let sample: Value = serde_json::from_str(sample).expect("the sample is JSON");
    assert_eq!(sample, spec_sample);
    // The sample's fields are in the spec's order.
    let positions: Vec<usize> = [
        "event",
        "apiKey",
        "entryIds",
        "metadataKeys",
        "metadataValues",
        "statuses",
        "versionIds",
    ]
    .iter()
    .map(|k| text.find(&format!("\"{k}\":")).unwrap())
    .collect();
    assert!(
        positions.is_sorted(),
        "fields out of the spec's order:\n{text}"
    );

    let v = ok_json(env.cmd().args(["--json", "events", "Upload"]));
    assert_eq!(v["name"], "Upload");
    assert_eq!(v["sample"], spec_sample);
}

#[test]
fn events_refuses_an_unknown_event() {
    let env = Env::new();
    let stderr = refused(
        &env,
        env.cmd().args(["events", "Uplod"]),
        INVALID,
        &["unknown trigger `Uplod`", "did you mean `Upload`?"],
    );
    for t in ALL_EVENTS {
        assert!(stderr.contains(t), "{stderr}");
    }
}

// ---------------------------------------------------------------- the store

#[test]
fn the_store_is_created_with_mode_0600() {
    let env = Env::new();
    ok(add(&env, "a", URL, &[]));
    assert_private(&env.db);
}

/// The store holds secrets: only its owner may read it.
#[track_caller]
fn assert_private(store: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(store).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", store.display());
}

/// A command with no `--db` and no ECHO3D_HOOKS_DB, whose home and data
/// directory are inside `root`.
fn default_path_cmd(root: &Path) -> Command {
    let mut cmd = bare_cmd();
    cmd.env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"));
    cmd
}

#[test]
fn the_default_store_lives_in_the_data_directory() {
    let root = tempfile::tempdir().unwrap();
    let expected = root
        .path()
        .join("data")
        .join("echo3d-hooks")
        .join("hooks.db");
    ok(default_path_cmd(root.path()).args([
        "add",
        "--name",
        "a",
        "--url",
        URL,
        "--trigger",
        "Upload",
        "--api-key",
        KEY,
    ]));
    assert!(expected.is_file(), "no store at {}", expected.display());
    assert_private(&expected);
    let v = json_of(&ok(default_path_cmd(root.path()).args(["--json", "list"])));
    assert_eq!(names(v.as_array().unwrap()), ["a"]);
    assert!(dump(&expected).contains("\"a\""));
}

#[test]
fn echo3d_hooks_db_names_the_store_and_db_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("nested").join("env.db");
    let from_flag = dir.path().join("flag.db");
    let with_env = || {
        let mut cmd = bare_cmd();
        cmd.env("ECHO3D_HOOKS_DB", &from_env);
        cmd
    };
    ok(with_env().args([
        "add",
        "--name",
        "a",
        "--url",
        URL,
        "--trigger",
        "Upload",
        "--api-key",
        KEY,
    ]));
    assert!(from_env.is_file());
    ok(with_env().arg("--db").arg(&from_flag).args([
        "add",
        "--name",
        "b",
        "--url",
        URL,
        "--trigger",
        "Upload",
        "--api-key",
        KEY,
    ]));
    assert!(dump(&from_env).contains("\"a\"") && !dump(&from_env).contains("\"b\""));
    assert!(dump(&from_flag).contains("\"b\""));
}

/// Every regular file in `dir` with its bytes, to prove a refusal wrote
/// nothing: not the store, and no journal beside it.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Commands on the store at `env.db` must all be refused with exit 6, saying
/// `fragment`, and leave every file of its folder byte-identical.
#[track_caller]
fn store_refused(env: &Env, fragment: &str) {
    let before = files_of(env.dir.path());
    for args in [
        &["list"][..],
        &["show", "a"],
        &[
            "add",
            "--name",
            "a",
            "--url",
            URL,
            "--trigger",
            "Upload",
            "--api-key",
            KEY,
        ],
        &["delete", "a"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(STORE), "{args:?}\n{stderr}");
        assert!(
            stderr.contains(fragment),
            "{args:?}: no {fragment:?} in\n{stderr}"
        );
        assert!(stderr.contains("left untouched"), "{stderr}");
        assert!(
            files_of(env.dir.path()) == before,
            "{args:?} changed the files next to the store"
        );
    }
}

#[test]
fn a_directory_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = bare_cmd()
        .arg("--db")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(STORE), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is a directory"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let env = Env::new();
    std::fs::write(&env.db, b"name,url\ninventory,https://example.com\n").unwrap();
    store_refused(&env, "not an SQLite database");
}

#[test]
fn another_applications_database_is_refused_and_left_alone() {
    let env = Env::new();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')")
        .unwrap();
    drop(conn);
    store_refused(&env, "another application");
}

#[test]
fn a_store_with_a_newer_schema_is_refused_and_left_alone() {
    let env = seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    store_refused(&env, "schema version 99");
}

// ---------------------------------------------------------------- colour

#[test]
fn colour_is_off_when_piped_with_never_and_with_no_color() {
    let env = seeded();
    for cmd in [
        env.cmd().arg("list"),
        env.cmd().args(["--color", "never", "list"]),
        env.cmd().env("NO_COLOR", "1").arg("list"),
        env.cmd().args(["--color", "never", "show", "audit"]),
        env.cmd().args(["--color", "never", "events"]),
    ] {
        let out = ok(&mut *cmd);
        assert!(!has_ansi(&stdout_of(&out)), "{cmd:?}:\n{}", stdout_of(&out));
    }
}

#[test]
fn color_always_styles_tables() {
    let env = seeded();
    for args in [&["list"][..], &["show", "audit"], &["events"]] {
        let text = stdout_of(&ok(env.cmd().args(["--color", "always"]).args(args)));
        assert!(has_ansi(&text), "{args:?} has no colour:\n{text}");
    }
    // JSON is never coloured.
    let out = ok(env.cmd().args(["--color", "always", "--json", "list"]));
    assert!(!has_ansi(&stdout_of(&out)));
}

/// Runs the binary with `args` on a pseudo-terminal (through util-linux
/// `script`), since colour and layout depend on stdout being a terminal.
/// `cols` sizes the terminal; without it, the terminal reports no size, as
/// pseudo-terminals that nobody sized do (some CI runners allocate those).
fn on_a_terminal(env: &Env, args: &[&str], no_color: bool, cols: Option<u16>) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let bin = assert_cmd::cargo::cargo_bin("echo3d-hooks");
    let command = std::iter::once(bin.to_string_lossy().into_owned())
        .chain(["--db".into(), env.db.to_string_lossy().into_owned()])
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let line = match cols {
        Some(n) => format!("stty cols {n} && exec {command}"),
        None => format!("exec {command}"),
    };
    let mut cmd = std::process::Command::new("script");
    for var in TOOL_ENV {
        cmd.env_remove(var);
    }
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd
        .args(["-qec", &line, "/dev/null"])
        .output()
        .expect("util-linux `script` runs (it provides the pseudo-terminal)");
    assert!(out.status.success(), "{line}\n{}", stderr_of(&out));
    stdout_of(&out).replace("\r\n", "\n")
}

fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters, then one final letter.
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn on_a_terminal_colour_follows_no_color() {
    let env = seeded();
    let coloured = on_a_terminal(&env, &["list"], false, None);
    assert!(has_ansi(&coloured), "{coloured}");
    let plain = on_a_terminal(&env, &["list"], true, None);
    assert!(!has_ansi(&plain), "{plain}");
    assert_eq!(strip_ansi(&coloured), plain);
    // A terminal that reports no width leaves the table's columns whole.
    assert!(
        plain.contains(" inventory-sync ") && plain.contains(URL),
        "{plain}"
    );
}

#[test]
fn on_a_narrow_terminal_tables_fit_with_or_without_colour() {
    let env = seeded();
    for no_color in [false, true] {
        let text = strip_ansi(&on_a_terminal(&env, &["list"], no_color, Some(70)));
        assert!(text.contains(" audit "), "{text}");
        for line in text.lines() {
            assert!(
                line.chars().count() <= 70,
                "NO_COLOR={no_color}: a line of {} characters is wider than the terminal:\n{line:?}\n{text}",
                line.chars().count()
            );
        }
    }
}
