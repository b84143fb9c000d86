//! Webhook and proxy URLs (issue 11, items 1 and 2): a URL that a parser
//! would rewrite into something else is refused wherever a URL comes in
//! (`add`, `edit`, `import`, `--proxy`), with the character and its position
//! named; and plain `http` reaches a receiver on the loopback interface, and
//! only there, with the development opt-in.

use assert_cmd::Command;
use serde_json::json;

use crate::support::json::{RunDoc, WebhookDoc};
use crate::support::*;

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

fn add(w: &World, name: &str, url: &str) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", name, "--url", url, "--api-key", KEY])
        .args(["--trigger", "Upload"]);
    cmd
}

fn import_doc(w: &World, url: &str) -> Command {
    let doc = json!({
        "version": 1,
        "apiKey": KEY,
        "webhooks": [{"name": "x", "apiKey": KEY, "url": url, "triggers": ["Upload"]}],
    });
    let path = w.file("hooks.json", doc.to_string());
    let mut cmd = w.cmd();
    cmd.arg("import").arg(&path);
    cmd
}

fn fire(w: &World) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY]);
    cmd
}

#[test]
fn add_refuses_a_url_a_parser_would_rewrite() {
    let w = World::new();
    for (url, fragments) in REWRITTEN {
        w.refuses(&mut add(&w, "x", url), exit::INVALID, fragments)
            .says(&[&format!("{url:?}")]);
    }
    // Refused with the opt-in too: these rules are not about addresses.
    for (url, fragments) in REWRITTEN {
        w.refuses(
            add(&w, "x", url).arg("--allow-private-targets"),
            exit::INVALID,
            fragments,
        );
    }
}

#[test]
fn edit_and_import_refuse_the_same_urls() {
    let w = World::new();
    w.add_hook("inv", KEY, URL, &["Upload"]);
    for (url, fragments) in REWRITTEN {
        w.refuses(
            w.cmd().args(["edit", "inv", "--url", url]),
            exit::INVALID,
            fragments,
        );
        w.refuses(&mut import_doc(&w, url), exit::INVALID, fragments);
    }
    assert_eq!(w.show("inv").url, URL);
}

#[test]
fn proxy_urls_follow_the_same_rules() {
    let w = World::new();
    w.add_hook("inv", KEY, URL, &["Upload"]);
    let test = || {
        let mut cmd = w.cmd();
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
        for mut cmd in [fire(&w), test()] {
            w.refuses(cmd.args(["--proxy", proxy]), exit::INVALID, &["--proxy"])
                .says(&[&format!("{proxy:?}")]);
        }
    }
    w.refuses(
        fire(&w).args(["--proxy", "http://proxy.example:3128\u{7}"]),
        exit::INVALID,
        &["control character U+0007", "at character 26"],
    );
}

#[test]
fn meaning_keeping_normalization_is_still_done() {
    let w = World::new();
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
        let v = add(&w, name, typed)
            .arg("--json")
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook;
        assert_eq!(v.url, stored, "{typed}");
    }
}

// ------------------------------------------------ plain http to loopback

#[test]
fn plain_http_is_accepted_for_loopback_with_the_opt_in_only() {
    let w = World::new();
    let loopback = [
        "http://127.0.0.1:3000/hook",
        "http://127.1.2.3/",
        "http://localhost:3000/hook",
        "http://LocalHost./",
        "http://[::1]:3000/",
    ];
    for url in loopback {
        w.refuses(
            &mut add(&w, "x", url),
            exit::INVALID,
            &["uses the scheme `http`", "only https is accepted"],
        );
    }
    for (i, url) in loopback.iter().enumerate() {
        add(&w, &format!("dev{i}"), url)
            .arg("--allow-private-targets")
            .expect(exit::OK)
            .says(&[OPT_IN_WARNING]);
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
        w.refuses(
            add(&w, "x", url).arg("--allow-private-targets"),
            exit::INVALID,
            &[
                "uses the scheme `http`",
                "only https is accepted",
                "only for a loopback receiver",
            ],
        );
    }
}

#[test]
fn plain_http_reaches_a_loopback_receiver() {
    let w = World::new();
    let rx = Receiver::start_plain();
    let by_name = format!("http://localhost:{}/by-name", rx.port());
    w.add_hook("by-name", KEY, &by_name, &["Upload"]);
    w.add_hook("by-address", KEY, &rx.url("/by-address"), &["Upload"]);
    let out = fire(&w)
        .arg("--json")
        .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1")
        .expect(exit::OK);
    out.says(&[OPT_IN_WARNING]);
    assert_eq!(out.json::<RunDoc>().summary.succeeded, 2);
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
    let w = World::new();
    let rx = Receiver::start_plain();
    w.add_hook("local", KEY, &rx.url("/hook"), &["Upload"]);
    // Nothing listens on the discard port: a request sent to it would fail.
    fire(&w)
        .args(["--allow-private-targets", "--retries", "0"])
        .args(["--proxy", "http://127.0.0.1:9"])
        .expect(exit::OK);
    assert_eq!(rx.requests_to("/hook").len(), 1);
}

#[test]
fn a_plain_http_webhook_is_not_sent_without_the_opt_in() {
    let w = World::new();
    let rx = Receiver::start_plain();
    w.add_hook("local", KEY, &rx.url("/hook"), &["Upload"]);
    let report = fire(&w)
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let error = report.only().error.clone().unwrap();
    assert!(error.contains("uses the scheme `http`"), "{error}");
    assert_eq!(rx.count(), 0);
}

#[test]
fn https_to_a_loopback_name_still_works() {
    let w = World::new();
    let url = format!("https://localhost:{}/hook", w.rx().port());
    w.add_hook("local", KEY, &url, &["Upload"]);
    fire(&w)
        .arg("--allow-private-targets")
        .args(sending(w.rx()))
        .expect(exit::OK);
    assert_eq!(w.rx().requests_to("/hook").len(), 1);
}
