//! The address policy: which webhook URLs `add` and `edit` accept (the
//! static check of the URL as written), the development opt-in for
//! loopback and private targets, the same policy at send time (names are
//! resolved, and every address checked), and dry runs that say which
//! delivery the policy would refuse.

use crate::support::json::{DryRunDelivery, DryRunDoc, RunDoc, WebhookDoc};
use crate::support::tables::table;
use crate::support::*;

fn add(w: &World, url: &str) -> assert_cmd::Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", "x", "--url", url, "--api-key", KEY])
        .args(["--trigger", "Upload"]);
    cmd
}

/// Each URL must be refused by `add` (exit 3), with its own fragment on
/// stderr, and leave the store unchanged.
#[track_caller]
fn urls_refused(cases: &[(&str, &str)]) {
    let w = World::seeded();
    for (url, fragment) in cases {
        w.refuses(&mut add(&w, url), exit::INVALID, &[fragment]);
    }
}

const BLOCKED: &str = "must not point at private or special-purpose addresses";

// ---------------------------------------------------------------- as written

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
    let w = World::seeded();
    for url in [
        "https://user@hooks.example.com/",
        "https://user:hunter2@hooks.example.com/",
        "https://:hunter2@hooks.example.com/",
    ] {
        let out = w.refuses(&mut add(&w, url), exit::INVALID, &["user name or password"]);
        assert!(
            !out.stderr.contains("hunter2"),
            "the password is echoed:\n{}",
            out.stderr
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
        // Every refusal says what to do for local development.
        ("https://10.0.0.1/", BLOCKED),
        ("https://10.0.0.1/", "--allow-private-targets"),
    ]);
}

#[test]
fn url_may_have_2048_characters_not_2049() {
    let w = World::seeded();
    let of_length = |n: usize| format!("{URL}/{}", "a".repeat(n - URL.len() - 1));
    w.refuses(
        &mut add(&w, &of_length(2049)),
        exit::INVALID,
        &["2049 characters", "at most 2048"],
    );
    let v = add(&w, &of_length(2048))
        .arg("--json")
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;
    assert_eq!(v.url.len(), 2048);
}

#[test]
fn public_https_urls_are_accepted() {
    let w = World::new();
    let urls = [
        URL,
        "https://hooks.example.com:8443/echo3d?source=echo3d",
        "https://93.184.216.34/x",
        "https://[2606:4700::1111]/x",
        // Just outside blocked ranges.
        "https://172.32.0.1/",
        "https://100.128.0.1/",
        "https://localhost.example.com/",
    ];
    for (i, url) in urls.iter().enumerate() {
        let v = w
            .cmd()
            .args(["--json", "add", "--name", &format!("h{i}"), "--url", url])
            .args(["--api-key", KEY, "--trigger", "Upload"])
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook;
        assert_eq!(v.url.trim_end_matches('/'), url.trim_end_matches('/'));
    }
    assert_eq!(w.list(&[]).len(), urls.len());
}

// ---------------------------------------------------------------- the opt-in

const OPT_IN_WARNING: &str = "warning: private and loopback targets are allowed";
const LOOPBACK_URL: &str = "https://127.0.0.1:8443/";

#[test]
fn allow_private_targets_flag_allows_loopback_with_a_warning() {
    let w = World::new();
    for (name, url) in [
        ("a", LOOPBACK_URL),
        ("b", "https://localhost:8443/"),
        ("c", "https://[::1]:8443/"),
    ] {
        let out = w
            .cmd()
            .args([
                "--json",
                "add",
                "--name",
                name,
                "--url",
                url,
                "--api-key",
                KEY,
            ])
            .args(["--trigger", "Upload", "--allow-private-targets"])
            .expect(exit::OK);
        assert_eq!(out.json::<WebhookDoc>().webhook.url, url);
        out.says(&[OPT_IN_WARNING]);
    }
}

#[test]
fn allow_private_targets_env_allows_loopback_with_a_warning() {
    let w = World::new();
    let out = add(&w, LOOPBACK_URL)
        .arg("--json")
        .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1")
        .expect(exit::OK);
    assert_eq!(out.json::<WebhookDoc>().webhook.url, LOOPBACK_URL);
    out.says(&[OPT_IN_WARNING]);
}

#[test]
fn the_opt_in_is_off_by_default_and_when_set_to_0() {
    let w = World::seeded();
    for value in [None, Some("0"), Some("false")] {
        let mut cmd = add(&w, LOOPBACK_URL);
        if let Some(v) = value {
            cmd.env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", v);
        }
        let out = w.refuses(&mut cmd, exit::INVALID, &["127.0.0.0/8"]);
        assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    }
    // And commands that do not opt in print no warning.
    assert_eq!(w.cmd().arg("list").expect(exit::OK).stderr, "");
}

#[test]
fn an_invalid_opt_in_value_is_invalid_input() {
    let w = World::seeded();
    w.refuses(
        add(&w, LOOPBACK_URL).env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "maybe"),
        exit::INVALID,
        &["maybe", "--allow-private-targets"],
    );
}

// ---------------------------------------------------------------- at send time

/// `fire Upload` at collection KEY without the opt-in.
fn fire_without_opt_in(w: &World) -> assert_cmd::Command {
    let mut cmd = w.cmd();
    cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .args(sending(w.rx()));
    cmd
}

#[test]
fn a_private_target_is_refused_at_send_time_without_the_opt_in() {
    let w = World::new();
    w.hook("local", "/local", &["Upload"]);
    let out = fire_without_opt_in(&w)
        .arg("--json")
        .expect(exit::DELIVERY_FAILED);
    assert!(!out.stderr.contains("warning: private"), "{}", out.stderr);
    let report = out.json::<RunDoc>();
    let d = report.only();
    assert_eq!(d.attempts, 1, "refusals are not retried");
    let error = d.error.as_deref().unwrap();
    assert!(
        error.contains("127.0.0.0/8") && error.contains("loopback"),
        "{error}"
    );
    assert_eq!(w.rx().count(), 0);
    // The log says that nothing went out, and keeps no signature for it.
    let shown = w
        .cmd()
        .args(["deliveries", "show", &d.delivery_id.unwrap().to_string()])
        .expect(exit::OK);
    for fragment in ["No request was sent.", "No response."] {
        assert!(shown.stdout.contains(fragment), "{}", shown.stdout);
    }
    assert!(
        !shown.stdout.contains("webhook-signature"),
        "{}",
        shown.stdout
    );
    // The opt-in through the environment lifts it.
    let out = fire_without_opt_in(&w)
        .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1")
        .expect(exit::OK);
    out.says(&["for local development only"]);
    assert_eq!(w.rx().count(), 1);
}

#[test]
fn a_localhost_name_goes_through_the_resolver_only_with_the_opt_in() {
    let w = World::new();
    let url = format!("https://localhost:{}/named", w.rx().port());
    w.add_hook("named", KEY, &url, &["Upload"]);
    w.fire(&["Upload", "--entry", ENTRY_A]).expect(exit::OK);
    assert_eq!(w.rx().requests_to("/named").len(), 1);

    let out = fire_without_opt_in(&w)
        .arg("--json")
        .expect(exit::DELIVERY_FAILED);
    let report = out.json::<RunDoc>();
    assert_eq!(report.only().attempts, 1);
    assert!(
        report
            .only()
            .error
            .as_deref()
            .unwrap()
            .contains("localhost"),
        "{report:?}"
    );
    assert_eq!(w.rx().count(), 1);
}

/// The machine's own host name, when it resolves only to loopback
/// addresses (as /etc/hosts makes it on most Linux hosts and containers).
fn loopback_host_name() -> Option<String> {
    use std::net::ToSocketAddrs;
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let name = name.trim().to_string();
    let addrs: Vec<_> = (name.as_str(), 443).to_socket_addrs().ok()?.collect();
    let loopback = !addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback());
    (loopback && !name.is_empty() && name != "localhost").then_some(name)
}

#[test]
fn a_name_that_resolves_to_loopback_is_refused_by_the_resolver() {
    // The static check passes a plain domain; only the send-time resolver
    // can see where it leads.
    let Some(host) = loopback_host_name() else {
        eprintln!("skipped: this machine's host name does not resolve to loopback");
        return;
    };
    let w = World::new();
    let url = format!("https://{host}:{}/named", w.rx().port());
    add(&w, &url).expect(exit::OK);
    let report = fire_without_opt_in(&w)
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!(d.attempts, 1, "a refusal is not retried: {d:?}");
    let error = d.error.as_deref().unwrap();
    assert!(
        error.contains(&format!("{host} resolves to 127.")),
        "{error}"
    );
    assert!(error.contains("127.0.0.0/8"), "{error}");
    assert_eq!(w.rx().count(), 0);
}

#[test]
fn a_host_that_does_not_resolve_says_so_in_one_sentence() {
    // `.invalid` is reserved never to resolve (RFC 6761): resolvers answer
    // for it themselves, and no query goes further.
    let host = "nonexistent.invalid";
    let w = World::new();
    w.add_hook("nowhere", KEY, &format!("https://{host}/x"), &["Upload"]);
    let report = w
        .fire_with(sending(w.rx()).retries(0), &["Upload", "--entry", ENTRY_A])
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let error = report.only().error.clone().unwrap();
    assert!(
        error.starts_with(&format!("cannot resolve {host} (")),
        "{error}"
    );
}

// ---------------------------------------------------------------- dry runs

#[test]
fn a_dry_run_says_which_delivery_the_policy_would_refuse() {
    let w = World::seeded();
    let public = w.add_hook("public", KEY, URL, &["Upload"]);
    let (alpha, alpha_url) = {
        let h = w.show("alpha");
        (h.id, h.url)
    };
    let body = format!(
        r#"{{"event":"Upload","apiKey":"{KEY}","entryIds":["{ENTRY_A}"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}}"#
    );
    let refusal =
        format!("URL \"{alpha_url}\" points at 127.0.0.1, in the blocked range 127.0.0.0/8");
    let before = w.dump();
    // Without the opt-in, the loopback webhook would be refused.
    let fire = |json: bool| {
        let mut cmd = w.cmd();
        if json {
            cmd.arg("--json");
        }
        cmd.args([
            "fire",
            "Upload",
            "--entry",
            ENTRY_A,
            "--api-key",
            KEY,
            "--dry-run",
        ]);
        cmd.expect(exit::OK)
    };
    let doc = fire(true).json::<DryRunDoc>();
    assert!(doc.dry_run);
    assert_eq!(doc.summary.total, 2);
    assert_eq!(doc.summary.refused, 1);
    assert_eq!(doc.error, None);
    let mut deliveries = doc.deliveries.clone();
    deliveries.sort_by(|a, b| a.hook_name.cmp(&b.hook_name));
    assert_eq!(deliveries[0].hook_id, alpha);
    assert!(
        deliveries[0]
            .refused
            .as_deref()
            .is_some_and(|r| r.starts_with(&refusal)),
        "{deliveries:#?}"
    );
    assert_eq!(
        deliveries[1],
        DryRunDelivery {
            delivery_id: None,
            event: "Upload".into(),
            hook_id: public,
            hook_name: "public".into(),
            url: URL.into(),
            refused: None,
            body: body.clone(),
        }
    );
    assert_eq!(deliveries[0].body, body);

    let text = fire(false).stdout;
    let rows = table(&text);
    assert_eq!(
        rows[0],
        ["WEBHOOK", "WEBHOOK ID", "EVENT", "URL", "WOULD BE"]
    );
    let verdict = |name: &str| rows.iter().find(|r| r[0] == name).unwrap()[4].clone();
    assert!(
        verdict("alpha").starts_with(&format!("refused: {refusal}")),
        "{text}"
    );
    assert_eq!(verdict("public"), "sent");
    assert!(
        text.contains("Dry run: 1 of 2 deliveries would be sent, 1 refused by the address policy; nothing was sent."),
        "{text}"
    );
    // With the opt-in, nothing is refused.
    let doc = w
        .dev_cmd()
        .args([
            "--json",
            "fire",
            "Upload",
            "--entry",
            ENTRY_A,
            "--api-key",
            KEY,
            "--dry-run",
        ])
        .expect(exit::OK)
        .json::<DryRunDoc>();
    assert_eq!(doc.summary.refused, 0);
    assert_eq!(w.dump(), before);
    assert_eq!(w.rx().count(), 2, "a dry run sends nothing");
}
