//! Webhook and proxy URLs (issue 11, items 1 and 2): a URL that a parser
//! would rewrite into something else is refused wherever a URL comes in
//! (`add`, `edit`, `import`, `--proxy`), with the character and its position
//! named; and plain `http` reaches a receiver on the loopback interface, and
//! only there, with the development opt-in.

use assert_cmd::Command;
use serde_json::json;

use crate::support::expect::{refused, succeeds};
use crate::support::*;

const INVALID: i32 = 3;
const URL: &str = "https://hooks.example.com/echo3d";
const OPT_IN_WARNING: &str = "warning: private and loopback targets are allowed";

/// URLs a WHATWG parser would accept and store as something else, each with
/// what the refusal must say: the rule, the character and its position
/// (1-based, in characters).
const REWRITTEN: &[(&str, &[&str])] = &[
    // A literal backslash, `r`, backslash, `n`.
    (
        "https://hooks.example.com/x\\r\\nX-Injected: 1",
        &["backslash", "at character 28"],
    ),
    (
        "https://hooks.example.com/x\r\nX-Injected: 1",
        &["control character \\r", "at character 28"],
    ),
    (
        "https://hooks.example.com/a\tb",
        &["control character \\t", "at character 28"],
    ),
    (
        "https://hooks.example.com/\u{7}",
        &["control character U+0007", "at character 27"],
    ),
    (
        "https://hooks.example.com/\u{7f}",
        &["control character U+007F", "at character 27"],
    ),
    (
        "https://hooks.example.com/\n",
        &["control character \\n", "at character 27"],
    ),
    (
        " https://hooks.example.com/",
        &["starts with whitespace", "at character 1"],
    ),
    (
        "https://hooks.example.com/ ",
        &["ends with whitespace", "at character 27"],
    ),
    (
        "https://hooks.example.com\\evil.example/x",
        &["backslash", "at character 26"],
    ),
    ("https:///x", &["no host", "character 9 is `/`"]),
    ("https:/x", &["no host", "character 8 is `x`"]),
    ("https:x", &["no host", "character 7 is `x`"]),
    (
        "https://x.example.com/b?q=1#frag",
        &["fragment, `#frag`", "at character 28"],
    ),
    (
        "https://@hooks.example.com/",
        &["empty user name", "at character 9"],
    ),
];

fn add(env: &Env, name: &str, url: &str) -> Command {
    let mut cmd = env.cmd();
    cmd.args(["add", "--name", name, "--url", url, "--api-key", KEY])
        .args(["--trigger", "Upload"]);
    cmd
}

fn import_doc(env: &Env, url: &str) -> Command {
    let path = env.dir.path().join("hooks.json");
    let doc = json!({
        "version": 1,
        "apiKey": KEY,
        "webhooks": [{"name": "x", "apiKey": KEY, "url": url, "triggers": ["Upload"]}],
    });
    std::fs::write(&path, doc.to_string()).unwrap();
    let mut cmd = env.cmd();
    cmd.arg("import").arg(&path);
    cmd
}

fn fire(env: &Env) -> Command {
    let mut cmd = env.cmd();
    cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY]);
    cmd
}

fn stored_url(env: &Env, hook: &str) -> String {
    let out = succeeds(env.cmd().args(["--json", "show", hook]));
    json_of(&out)["url"].as_str().unwrap().to_string()
}

#[test]
fn add_refuses_a_url_a_parser_would_rewrite() {
    let env = Env::new();
    for (url, fragments) in REWRITTEN {
        let stderr = refused(&env, add(&env, "x", url), INVALID, fragments);
        assert!(stderr.contains(&format!("{url:?}")), "{stderr}");
    }
    // Refused with the opt-in too: these rules are not about addresses.
    for (url, fragments) in REWRITTEN {
        refused(
            &env,
            add(&env, "x", url).arg("--allow-private-targets"),
            INVALID,
            fragments,
        );
    }
}

#[test]
fn edit_and_import_refuse_the_same_urls() {
    let env = Env::new();
    env.add_hook("inv", KEY, URL, &["Upload"]);
    for (url, fragments) in REWRITTEN {
        refused(
            &env,
            env.cmd().args(["edit", "inv", "--url", url]),
            INVALID,
            fragments,
        );
        refused(&env, import_doc(&env, url), INVALID, fragments);
    }
    assert_eq!(stored_url(&env, "inv"), URL);
}

#[test]
fn proxy_urls_follow_the_same_rules() {
    let env = Env::new();
    env.add_hook("inv", KEY, URL, &["Upload"]);
    let test = || {
        let mut cmd = env.cmd();
        cmd.args(["test", "inv"]);
        cmd
    };
    for proxy in [
        "http://proxy.example:3128\r\n",
        " http://proxy.example:3128",
        "http://proxy.example\\:3128",
        "http:///proxy.example:3128",
        "http://proxy.example:3128/#x",
    ] {
        for mut cmd in [fire(&env), test()] {
            let stderr = refused(&env, cmd.args(["--proxy", proxy]), INVALID, &["--proxy"]);
            assert!(stderr.contains(&format!("{proxy:?}")), "{stderr}");
        }
    }
    refused(
        &env,
        fire(&env).args(["--proxy", "http://proxy.example:3128\u{7}"]),
        INVALID,
        &["control character U+0007", "at character 26"],
    );
}

#[test]
fn meaning_keeping_normalization_is_still_done() {
    let env = Env::new();
    for (name, typed, stored) in [
        (
            "case",
            "HTTPS://Hooks.Example.COM:443/Path?Q=1",
            "https://hooks.example.com/Path?Q=1",
        ),
        (
            "idna",
            "https://bücher.example/",
            "https://xn--bcher-kva.example/",
        ),
        ("v4", "https://0x5db8d822/x", "https://93.184.216.34/x"),
        (
            "dots",
            "https://h.example/a/./b/../c",
            "https://h.example/a/c",
        ),
        ("space", "https://h.example/a b", "https://h.example/a%20b"),
    ] {
        let out = succeeds(add(&env, name, typed).arg("--json"));
        assert_eq!(json_of(&out)["url"], stored, "{typed}");
    }
}

// ------------------------------------------------ plain http to loopback

#[test]
fn plain_http_is_accepted_for_loopback_with_the_opt_in_only() {
    let env = Env::new();
    let loopback = [
        "http://127.0.0.1:3000/hook",
        "http://127.1.2.3/",
        "http://localhost:3000/hook",
        "http://LocalHost./",
        "http://[::1]:3000/",
    ];
    for url in loopback {
        refused(
            &env,
            add(&env, "x", url),
            INVALID,
            &["uses the scheme `http`", "must use https"],
        );
    }
    for (i, url) in loopback.iter().enumerate() {
        let out = succeeds(add(&env, &format!("dev{i}"), url).arg("--allow-private-targets"));
        assert!(
            stderr_of(&out).contains(OPT_IN_WARNING),
            "{}",
            stderr_of(&out)
        );
    }
    for url in [
        "http://hooks.example.com/echo3d",
        "http://93.184.216.34/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://[fe80::1]/",
        "http://[::127.0.0.1]/",
        "http://api.localhost/",
        "http://localhost.example.com/",
    ] {
        refused(
            &env,
            add(&env, "x", url).arg("--allow-private-targets"),
            INVALID,
            &[
                "uses the scheme `http`",
                "must use https",
                "only for a loopback receiver",
            ],
        );
    }
}

#[test]
fn plain_http_reaches_a_loopback_receiver() {
    let env = Env::new();
    let rx = Receiver::start_plain();
    let by_name = format!("http://localhost:{}/by-name", rx.port());
    env.add_hook("by-name", KEY, &by_name, &["Upload"]);
    env.add_hook("by-address", KEY, &rx.url("/by-address"), &["Upload"]);
    let out = succeeds(
        fire(&env)
            .arg("--json")
            .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1"),
    );
    assert!(
        stderr_of(&out).contains(OPT_IN_WARNING),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(json_of(&out)["summary"]["succeeded"], 2);
    for path in ["/by-name", "/by-address"] {
        let got = rx.requests_to(path);
        assert_eq!(got.len(), 1, "{path}");
        assert!(
            got[0]
                .header("webhook-signature")
                .unwrap()
                .starts_with("v1,")
        );
        assert!(got[0].body_text().contains("\"event\":\"Upload\""));
    }
}

#[test]
fn plain_http_to_loopback_never_goes_through_the_proxy() {
    let env = Env::new();
    let rx = Receiver::start_plain();
    env.add_hook("local", KEY, &rx.url("/hook"), &["Upload"]);
    // Nothing listens on the discard port: a request sent to it would fail.
    succeeds(
        fire(&env)
            .args(["--allow-private-targets", "--retries", "0"])
            .args(["--proxy", "http://127.0.0.1:9"]),
    );
    assert_eq!(rx.requests_to("/hook").len(), 1);
}

#[test]
fn a_plain_http_webhook_is_not_sent_without_the_opt_in() {
    let env = Env::new();
    let rx = Receiver::start_plain();
    env.add_hook("local", KEY, &rx.url("/hook"), &["Upload"]);
    let out = fire(&env).arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", stderr_of(&out));
    let error = json_of(&out)["deliveries"][0]["error"].to_string();
    assert!(error.contains("uses the scheme `http`"), "{error}");
    assert_eq!(rx.count(), 0);
}

#[test]
fn https_to_a_loopback_name_still_works() {
    let env = Env::new();
    let rx = Receiver::start();
    let url = format!("https://localhost:{}/hook", rx.port());
    env.add_hook("local", KEY, &url, &["Upload"]);
    succeeds(
        fire(&env)
            .arg("--allow-private-targets")
            .arg("--ca-cert")
            .arg(rx.ca_path()),
    );
    assert_eq!(rx.requests_to("/hook").len(), 1);
}
