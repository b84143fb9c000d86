//! How one delivery is carried out: which answers are retried and how
//! often, `Retry-After`, redirects, network errors, the time limit of an
//! attempt, the cap on a response body, TLS verification and the CA file,
//! proxies, and what a run prints on stderr when it is not a terminal.

use std::time::{Duration, SystemTime};

use crate::support::json::{RunDoc, State};
use crate::support::samples::UPLOAD_BODY;
use crate::support::*;

fn fire_upload(w: &World, flags: Sending) -> assert_cmd::Command {
    w.fire_with(flags, &["Upload", "--entry", ENTRY_A])
}

fn gap(reqs: &[Recorded], i: usize) -> Duration {
    reqs[i + 1].at.duration_since(reqs[i].at)
}

/// The statuses of a delivery's attempts, as the log holds them.
fn attempt_statuses(w: &World, delivery: Option<i64>) -> Vec<Option<u16>> {
    w.delivery(delivery.expect("a logged delivery"))
        .attempts
        .iter()
        .map(|a| a.status)
        .collect()
}

// ---------------------------------------------------------------- retries

#[test]
fn a_503_then_200_succeeds_on_the_second_attempt_with_the_same_webhook_id() {
    let w = World::new();
    let id = w.hook("flaky", "/flaky", &["Upload"]);
    w.rx()
        .script("/flaky", [Reply::Status(503), Reply::Status(200)]);
    let report = fire_upload(&w, sending(w.rx()))
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!(
        (d.attempts, d.status, d.state),
        (2, Some(200), State::Succeeded)
    );
    let reqs = w.rx().requests_to("/flaky");
    assert_eq!(reqs.len(), 2);
    let ids: Vec<_> = reqs.iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids[0], ids[1], "all attempts share one webhook-id");
    assert_eq!(ids[0].as_deref(), Some(d.message_id.as_str()));
    assert!(reqs.iter().all(|r| r.body_text() == UPLOAD_BODY));
    // Each attempt is signed afresh and verifies.
    let verifier = standardwebhooks::Webhook::new(&w.secret_of(&id)).unwrap();
    for r in &reqs {
        verifier
            .verify(&r.body, &r.headers)
            .expect("attempt verifies");
    }
    assert_eq!(attempt_statuses(&w, d.delivery_id), [Some(503), Some(200)]);
}

#[test]
fn server_errors_are_retried_exactly_retries_times_then_exit_7() {
    let w = World::new();
    w.hook("down", "/down", &["Upload"]);
    w.rx().script("/down", [Reply::Status(500)]);
    for (retries, attempts) in [(2, 3), (0, 1)] {
        let before = w.rx().requests_to("/down").len();
        let out = fire_upload(&w, sending(w.rx()).retries(retries))
            .arg("--json")
            .expect(exit::DELIVERY_FAILED);
        out.says(&["1 of 1 deliveries failed"]);
        let report = out.json::<RunDoc>();
        let d = report.only();
        assert_eq!(
            (d.attempts, d.status, d.state),
            (attempts, Some(500), State::Failed)
        );
        assert_eq!(
            w.rx().requests_to("/down").len() - before,
            attempts as usize
        );
    }
}

#[test]
fn default_retries_make_four_attempts() {
    let w = World::new();
    w.hook("down", "/down", &["Upload"]);
    w.rx().script("/down", [Reply::Status(502)]);
    fire_upload(&w, sending(w.rx())).expect(exit::DELIVERY_FAILED);
    assert_eq!(w.rx().requests_to("/down").len(), 4);
}

#[test]
fn request_timeout_and_rate_limit_statuses_are_retried() {
    let w = World::new();
    w.hook("s408", "/s408", &["Upload"]);
    w.hook("s429", "/s429", &["Upload"]);
    w.rx()
        .script("/s408", [Reply::Status(408), Reply::Status(200)]);
    w.rx()
        .script("/s429", [Reply::Status(429), Reply::Status(200)]);
    let report = fire_upload(&w, sending(w.rx()))
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    for d in &report.deliveries {
        assert_eq!((d.attempts, d.status), (2, Some(200)), "{d:?}");
    }
    assert_eq!(w.rx().requests_to("/s408").len(), 2);
    assert_eq!(w.rx().requests_to("/s429").len(), 2);
}

// The waits below are bounded from below only: the backoff is 10 ms, so
// only the header can explain a longer one.

#[test]
fn retry_after_in_seconds_is_honoured() {
    let w = World::new();
    w.hook("busy", "/busy", &["Upload"]);
    w.rx().script(
        "/busy",
        [
            Reply::WithHeaders(429, vec![("retry-after", "1".to_string())]),
            Reply::Status(200),
        ],
    );
    fire_upload(&w, sending(w.rx())).expect(exit::OK);
    let reqs = w.rx().requests_to("/busy");
    assert_eq!(reqs.len(), 2);
    assert!(
        gap(&reqs, 0) >= Duration::from_millis(900),
        "{:?}",
        gap(&reqs, 0)
    );
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let w = World::new();
    w.hook("busy", "/busy", &["Upload"]);
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    w.rx().script(
        "/busy",
        [
            Reply::WithHeaders(503, vec![("retry-after", when)]),
            Reply::Status(200),
        ],
    );
    fire_upload(&w, sending(w.rx())).expect(exit::OK);
    let reqs = w.rx().requests_to("/busy");
    assert_eq!(reqs.len(), 2);
    // The date has whole-second precision, so the wait is between ~1 and 2 s.
    assert!(
        gap(&reqs, 0) >= Duration::from_millis(500),
        "{:?}",
        gap(&reqs, 0)
    );
}

#[test]
fn retry_after_beyond_the_maximum_is_clamped() {
    let w = World::new();
    w.hook("busy", "/busy", &["Upload"]);
    w.rx().script(
        "/busy",
        [
            Reply::WithHeaders(429, vec![("retry-after", "3600".to_string())]),
            Reply::Status(200),
        ],
    );
    fire_upload(&w, sending(w.rx()))
        .args(["--max-retry-after", "300ms"])
        // Honoured whole, the header would hold the run for an hour.
        .timeout(Duration::from_secs(120))
        .expect(exit::OK);
    let reqs = w.rx().requests_to("/busy");
    assert_eq!(reqs.len(), 2);
    // Clamped to the maximum, not ignored.
    assert!(
        gap(&reqs, 0) >= Duration::from_millis(250),
        "{:?}",
        gap(&reqs, 0)
    );
}

#[test]
fn other_client_errors_are_not_retried_and_410_disables_the_webhook() {
    let w = World::new();
    let codes = [400u16, 404, 410, 422];
    for code in codes {
        let path = format!("/s{code}");
        w.hook(&format!("s{code}"), &path, &["Upload"]);
        w.rx()
            .script(&path, [Reply::Status(code), Reply::Status(200)]);
    }
    let report = fire_upload(&w, sending(w.rx()))
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    assert_eq!(report.summary.failed, 4, "{report:?}");
    for code in codes {
        assert_eq!(w.rx().requests_to(&format!("/s{code}")).len(), 1, "{code}");
        let d = report.to(&format!("s{code}"));
        assert_eq!(
            (d.attempts, d.status, d.state),
            (1, Some(code), State::Failed),
            "{d:?}"
        );
    }
    // Standard Webhooks: 410 Gone asks the sender to stop.
    let hook = w.show("s410");
    assert!(!hook.enabled, "{hook:?}");
    assert!(hook.disabled_reason.is_some_and(|r| r.contains("410")));
}

#[test]
fn a_redirect_is_a_failure_and_is_not_followed() {
    let w = World::new();
    w.hook("moved", "/moved", &["Upload"]);
    w.rx().script(
        "/moved",
        [Reply::WithHeaders(
            301,
            vec![("location", w.rx().url("/elsewhere"))],
        )],
    );
    let out = fire_upload(&w, sending(w.rx())).expect(exit::DELIVERY_FAILED);
    assert!(out.stdout.contains("HTTP 301"), "{}", out.stdout);
    assert!(out.stdout.contains("redirect"), "{}", out.stdout);
    assert_eq!(w.rx().requests_to("/moved").len(), 1);
    assert_eq!(w.rx().count(), 1, "the Location was not visited");

    let report = fire_upload(&w, sending(w.rx()))
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!((d.attempts, d.status), (1, Some(301)));
    let error = d.error.as_deref().unwrap();
    assert!(
        error.contains("not followed") && error.contains("/elsewhere"),
        "{error}"
    );
    assert!(w.rx().requests_to("/elsewhere").is_empty());
}

#[test]
fn connection_refused_is_retried_then_fails() {
    let w = World::new();
    let port = closed_port();
    w.add_hook(
        "gone",
        KEY,
        &format!("https://127.0.0.1:{port}/x"),
        &["Upload"],
    );
    let report = fire_upload(&w, sending(w.rx()).retries(2))
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!((d.attempts, d.status), (3, None), "{d:?}");
    assert_eq!(
        d.error.as_deref(),
        Some("the connection was refused: nothing accepts connections at that host and port")
    );
    assert_eq!(attempt_statuses(&w, d.delivery_id), [None, None, None]);
}

/// The causes a user can act on read as one sentence each, not as the
/// HTTP stack's chain of layers.
#[test]
fn a_receiver_that_does_not_speak_tls_is_named_as_such() {
    let w = World::new();
    let plain = raw_server(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
    let silent = raw_server(b"");
    let url = |port: u16| format!("https://127.0.0.1:{port}/x");
    w.add_hook("plain", KEY, &url(plain), &["Upload"]);
    w.add_hook("silent", KEY, &url(silent), &["Upload"]);
    let report = fire_upload(&w, sending(w.rx()).retries(0))
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let error = |name: &str| {
        let d = report
            .deliveries
            .iter()
            .find(|d| d.hook_name == name)
            .unwrap();
        d.error.clone().unwrap()
    };
    assert_eq!(
        error("plain"),
        "the receiver did not answer in TLS; is it serving plain HTTP on an https:// URL?"
    );
    assert_eq!(
        error("silent"),
        "the receiver closed the connection during the TLS handshake; is it serving HTTPS on \
         that port?"
    );
}

// ---------------------------------------------------------------- limits

#[test]
fn a_hanging_receiver_times_out() {
    let w = World::new();
    w.hook("slow", "/slow", &["Upload"]);
    w.rx().script("/slow", [Reply::Hang]);
    let report = fire_upload(&w, sending(w.rx()).timeout("300ms").retries(0))
        .arg("--json")
        // Without the time limit the run would never end.
        .timeout(Duration::from_secs(120))
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!(d.attempts, 1);
    assert!(d.error.as_deref().unwrap().contains("timed out"), "{d:?}");
    // On a loaded machine the deadline may pass during the handshake.
    assert!(w.rx().requests_to("/slow").len() <= 1);
}

#[test]
fn the_response_body_is_read_only_up_to_64_kib() {
    let w = World::new();
    w.hook("big", "/big", &["Upload"]);
    // An endless body: only a reader that stops at the cap can finish and
    // keep an excerpt; one that read on would hit the timeout with none.
    w.rx().script("/big", [Reply::Endless(200)]);
    let report = fire_upload(&w, sending(w.rx()).timeout("20s"))
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let detail = w.delivery(report.only().delivery_id.unwrap());
    let excerpt = &detail.attempts[0].response_excerpt;
    assert_eq!(excerpt.len(), 64 * 1024);
    assert!(excerpt.bytes().all(|b| b == b'x'));
}

// ---------------------------------------------------------------- TLS and proxies

#[test]
fn tls_is_verified_and_an_unknown_authority_suggests_the_ca_flag() {
    let w = World::new();
    w.hook("inv", "/hook", &["Upload"]);
    let report = w
        .dev_cmd()
        .args([
            "--json",
            "fire",
            "Upload",
            "--entry",
            ENTRY_A,
            "--api-key",
            KEY,
        ])
        .args(["--backoff", "10ms", "--retries", "3"])
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!(d.attempts, 1, "a certificate failure is not retried: {d:?}");
    let error = d.error.as_deref().unwrap();
    assert!(
        error.starts_with("the receiver's TLS certificate was refused")
            && error.contains("UnknownIssuer")
            && error.ends_with(
                "it is not signed by an authority this machine trusts; to trust a private CA, \
                 pass --ca-cert FILE or set ECHO3D_HOOKS_CA_CERT"
            ),
        "{error}"
    );
    assert_eq!(w.rx().count(), 0, "the handshake failed before any request");

    // The CA through the environment works like --ca-cert.
    w.dev_cmd()
        .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .env("ECHO3D_HOOKS_CA_CERT", w.rx().ca_path())
        .expect(exit::OK);
    assert_eq!(w.rx().requests_to("/hook").len(), 1);
}

#[test]
fn an_unusable_ca_file_is_refused_before_anything_is_sent() {
    let w = World::new();
    w.hook("inv", "/hook", &["Upload"]);
    let garbage = w.file("ca.txt", "this is not a certificate\n");
    let bad_pem = w.file(
        "bad.pem",
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
    );
    let missing = w.dir.path().join("missing.pem");
    for (file, needle) in [
        (&garbage, "holds no PEM certificate"),
        (&bad_pem, "bad.pem"),
        (&missing, "missing.pem"),
    ] {
        w.refuses(
            w.dev_cmd()
                .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
                .arg("--ca-cert")
                .arg(file),
            exit::INVALID,
            &[needle],
        );
    }
    assert_eq!(w.rx().count(), 0);
}

#[test]
fn proxy_environment_variables_are_ignored() {
    let w = World::new();
    w.hook("inv", "/hook", &["Upload"]);
    let mut cmd = fire_upload(&w, sending(w.rx()).retries(0));
    for var in PROXY_ENV {
        cmd.env(var, "http://127.0.0.1:9");
    }
    cmd.expect(exit::OK);
    assert_eq!(w.rx().requests_to("/hook").len(), 1);
}

// ---------------------------------------------------------------- stderr

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let w = World::new();
    for i in 0..10 {
        w.hook(&format!("h{i}"), &format!("/h{i}"), &["Upload"]);
    }
    let out = fire_upload(&w, sending(w.rx())).expect(exit::OK);
    assert_eq!(w.rx().count(), 10);
    // The development opt-in's warning is the only thing on stderr.
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{:?}", out.stderr);
    assert!(
        lines[0].starts_with("warning: private and loopback"),
        "{:?}",
        out.stderr
    );
    for c in ['\r', '\u{1b}', '█', '░'] {
        assert!(!out.stderr.contains(c), "{:?}", out.stderr);
    }
    assert!(out.stdout.contains("10 delivered, 0 failed"));
}
