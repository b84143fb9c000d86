//! `fire` and `test` against the real TLS receiver: exact bodies, headers and
//! signatures, the retry matrix, timeouts, the response cap, payload-rule
//! refusals, `--payload`, collection isolation, exit codes, `--json`,
//! `--dry-run`, the send-time address policy and progress output.

use std::process::Output;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::support::*;

/// Each spec sample: the event, the `fire` flags that reproduce it, and the
/// exact bytes on the wire (compact, spec field order, empty lists present).
const SAMPLES: [(&str, &[&str], &str); 9] = [
    (
        "Upload",
        &["--entry", ENTRY_A],
        r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Processed",
        &["--entry", ENTRY_A],
        r#"{"event":"Processed","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Edit",
        &["--entry", ENTRY_A],
        r#"{"event":"Edit","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "Delete",
        &["--entry", ENTRY_A, "--entry", ENTRY_B],
        r#"{"event":"Delete","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "CollectionMetadataAdd",
        &[
            "--meta",
            "category=furniture",
            "--meta",
            "environment=indoor",
        ],
        r#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["category","environment"],"metadataValues":["furniture","indoor"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "CollectionMetadataRemove",
        &[
            "--meta",
            "category=furniture",
            "--meta",
            "environment=indoor",
        ],
        r#"{"event":"CollectionMetadataRemove","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["category","environment"],"metadataValues":["furniture","indoor"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetMetadataAdd",
        &[
            "--entry",
            ENTRY_A,
            "--entry",
            ENTRY_B,
            "--meta",
            "color=red",
            "--meta",
            "size=large",
        ],
        r#"{"event":"AssetMetadataAdd","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":["color","size"],"metadataValues":["red","large"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetMetadataRemove",
        &[
            "--entry",
            ENTRY_A,
            "--entry",
            ENTRY_B,
            "--meta",
            "color=red",
            "--meta",
            "size=large",
        ],
        r#"{"event":"AssetMetadataRemove","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":["color","size"],"metadataValues":["red","large"],"statuses":[],"versionIds":[]}"#,
    ),
    (
        "AssetStatusUpdate",
        &[
            "--entry",
            ENTRY_A,
            "--status",
            "In Progress",
            "--version",
            "1234567890ab",
        ],
        r#"{"event":"AssetStatusUpdate","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":["In Progress"],"versionIds":["1234567890ab"]}"#,
    ),
];

const UPLOAD_BODY: &str = SAMPLES[0].2;

// ---------------------------------------------------------------------------
// Helpers

/// Adds what every sending test wants to a subcommand: the receiver's CA and
/// a fast backoff, so that retry tests take milliseconds.
fn sending(mut cmd: assert_cmd::Command, rx: &Receiver) -> assert_cmd::Command {
    cmd.arg("--ca-cert")
        .arg(rx.ca_path())
        .args(["--backoff", "10ms"]);
    cmd
}

/// `fire` on `base` (with or without the development opt-in), with the CA and
/// fast backoff but no API key; the caller adds the event and its flags.
fn fire_on(mut base: assert_cmd::Command, rx: &Receiver) -> assert_cmd::Command {
    base.arg("fire");
    sending(base, rx)
}

/// `fire` under the development opt-in for the sample collection.
fn fire(env: &Env, rx: &Receiver) -> assert_cmd::Command {
    let mut cmd = fire_on(env.dev_cmd(), rx);
    cmd.args(["--api-key", KEY]);
    cmd
}

/// `fire Upload --entry ENTRY_A`, the simplest valid event.
fn fire_upload(env: &Env, rx: &Receiver) -> assert_cmd::Command {
    let mut cmd = fire(env, rx);
    cmd.args(["Upload", "--entry", ENTRY_A]);
    cmd
}

/// `test HOOK` under the development opt-in, with the CA and fast backoff.
fn test_hook(env: &Env, rx: &Receiver, hook: &str) -> assert_cmd::Command {
    let mut cmd = env.dev_cmd();
    cmd.args(["test", hook]);
    sending(cmd, rx)
}

fn run(mut cmd: assert_cmd::Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Runs with `--json` and returns the output and the parsed report.
fn run_json(mut cmd: assert_cmd::Command) -> (Output, Value) {
    let out = run({
        cmd.arg("--json");
        cmd
    });
    let v = json_of(&out);
    (out, v)
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        stdout_of(out),
        stderr_of(out)
    );
}

/// Exit `code` with `needle` in stderr.
fn assert_refused(out: &Output, code: i32, needle: &str) {
    assert_exit(out, code);
    let err = stderr_of(out);
    assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
}

/// The delivery log, as `deliveries --json` prints it.
fn log_of(env: &Env) -> Value {
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["--json", "deliveries"]);
        cmd
    });
    assert_exit(&out, 0);
    json_of(&out)
}

/// One delivery in full, as `deliveries show ID --json` prints it.
fn detail_of(env: &Env, id: &Value) -> Value {
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["--json", "deliveries", "show", &id.to_string()]);
        cmd
    });
    assert_exit(&out, 0);
    json_of(&out)
}

/// The single delivery of a `fire --json` report.
fn only_delivery(report: &Value) -> &Value {
    let all = report["deliveries"].as_array().expect("deliveries array");
    assert_eq!(all.len(), 1, "{report:#}");
    &all[0]
}

/// Nothing reached the receiver and nothing reached the log.
fn assert_nothing_sent(env: &Env, rx: &Receiver) {
    assert_eq!(rx.count(), 0, "the receiver got requests");
    assert_eq!(log_of(env), serde_json::json!([]), "deliveries were logged");
}

/// A loopback port with nothing listening on it.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn gap(reqs: &[Recorded], i: usize) -> Duration {
    reqs[i + 1].at.duration_since(reqs[i].at)
}

// ---------------------------------------------------------------------------
// 1. Exact body bytes for the nine events

#[test]
fn test_sends_the_nine_spec_samples_byte_for_byte() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("all", KEY, &rx.url("/all"), &ALL_EVENTS);
    let (out, report) = run_json({
        let mut cmd = test_hook(&env, &rx, "all");
        cmd.args(["--concurrency", "1"]);
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(report["summary"]["succeeded"], 9, "{report:#}");
    let bodies: Vec<String> = rx
        .requests_to("/all")
        .iter()
        .map(|r| r.body_text())
        .collect();
    let expected: Vec<&str> = SAMPLES.iter().map(|s| s.2).collect();
    assert_eq!(bodies, expected);
}

#[test]
fn fire_reproduces_each_spec_sample_from_flags() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("all", KEY, &rx.url("/all"), &ALL_EVENTS);
    for (i, (event, flags, body)) in SAMPLES.iter().enumerate() {
        let out = run({
            let mut cmd = fire(&env, &rx);
            cmd.arg(event).args(*flags);
            cmd
        });
        assert_exit(&out, 0);
        let reqs = rx.requests_to("/all");
        assert_eq!(reqs.len(), i + 1, "{event}");
        assert_eq!(reqs[i].body_text(), *body, "{event}");
    }
}

#[test]
fn status_update_without_status_or_version_sends_empty_lists() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("st", KEY, &rx.url("/st"), &["AssetStatusUpdate"]);
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["assetstatusupdate", "--entry", ENTRY_A]);
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(
        rx.requests_to("/st")[0].body_text(),
        r#"{"event":"AssetStatusUpdate","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#
    );
}

// ---------------------------------------------------------------------------
// 2. Headers and signatures

#[test]
fn headers_and_signature_follow_standard_webhooks() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    let other = env.add_hook("other", OTHER_KEY, &rx.url("/other"), &["Upload"]);
    assert_exit(&run(fire_upload(&env, &rx)), 0);
    let reqs = rx.requests_to("/hook");
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.body_text(), UPLOAD_BODY);
    let content_types: Vec<_> = r.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/json"]);
    assert_eq!(
        r.header("user-agent"),
        Some(format!("echo3d-hooks/{}", env!("CARGO_PKG_VERSION")))
    );
    let msg_id = r.header("webhook-id").expect("webhook-id");
    assert!(msg_id.starts_with("msg_") && msg_id.len() > 10, "{msg_id}");
    let ts: u64 = r
        .header("webhook-timestamp")
        .expect("webhook-timestamp")
        .parse()
        .expect("unix seconds");
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(ts.abs_diff(now) < 60, "timestamp {ts}, now {now}");
    let sig = r.header("webhook-signature").expect("webhook-signature");
    assert!(sig.starts_with("v1,"), "{sig}");

    let secret = env.secret_of(&id);
    standardwebhooks::Webhook::new(&secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .expect("the hook's secret verifies the signature");
    let wrong = env.secret_of(&other);
    assert_ne!(wrong, secret);
    assert!(
        standardwebhooks::Webhook::new(&wrong)
            .unwrap()
            .verify(&r.body, &r.headers)
            .is_err(),
        "another secret must not verify"
    );
    let mut tampered = r.body.clone();
    tampered.push(b' ');
    assert!(
        standardwebhooks::Webhook::new(&secret)
            .unwrap()
            .verify(&tampered, &r.headers)
            .is_err(),
        "a changed body must not verify"
    );
}

// ---------------------------------------------------------------------------
// 3. Retry matrix

#[test]
fn a_503_then_200_succeeds_on_the_second_attempt_with_the_same_webhook_id() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook("flaky", KEY, &rx.url("/flaky"), &["Upload"]);
    rx.script("/flaky", [Reply::Status(503), Reply::Status(200)]);
    let (out, report) = run_json(fire_upload(&env, &rx));
    assert_exit(&out, 0);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 2);
    assert_eq!(d["status"], 200);
    assert_eq!(d["state"], "succeeded");
    let reqs = rx.requests_to("/flaky");
    assert_eq!(reqs.len(), 2);
    let ids: Vec<_> = reqs.iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids[0], ids[1], "all attempts share one webhook-id");
    assert_eq!(ids[0].as_deref(), d["webhookId"].as_str());
    assert!(reqs.iter().all(|r| r.body_text() == UPLOAD_BODY));
    // Each attempt is signed afresh (new timestamp) and verifies.
    let verifier = standardwebhooks::Webhook::new(&env.secret_of(&id)).unwrap();
    for r in &reqs {
        verifier
            .verify(&r.body, &r.headers)
            .expect("attempt verifies");
    }
    let detail = detail_of(&env, &d["deliveryId"]);
    let statuses: Vec<_> = detail["attemptsDetail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(statuses, [503, 200]);
}

#[test]
fn server_errors_are_retried_exactly_retries_times_then_exit_7() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("down", KEY, &rx.url("/down"), &["Upload"]);
    rx.script("/down", [Reply::Status(500)]);
    for (retries, attempts) in [("2", 3), ("0", 1)] {
        let before = rx.requests_to("/down").len();
        let (out, report) = run_json({
            let mut cmd = fire_upload(&env, &rx);
            cmd.args(["--retries", retries]);
            cmd
        });
        assert_exit(&out, 7);
        assert!(
            stderr_of(&out).contains("1 of 1 deliveries failed"),
            "{}",
            stderr_of(&out)
        );
        let d = only_delivery(&report);
        assert_eq!(d["attempts"], attempts);
        assert_eq!(d["status"], 500);
        assert_eq!(d["state"], "failed");
        assert_eq!(rx.requests_to("/down").len() - before, attempts);
    }
}

#[test]
fn default_retries_make_four_attempts() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("down", KEY, &rx.url("/down"), &["Upload"]);
    rx.script("/down", [Reply::Status(502)]);
    let out = run(fire_upload(&env, &rx));
    assert_exit(&out, 7);
    assert_eq!(rx.requests_to("/down").len(), 4);
}

#[test]
fn request_timeout_and_rate_limit_statuses_are_retried() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("s408", KEY, &rx.url("/s408"), &["Upload"]);
    env.add_hook("s429", KEY, &rx.url("/s429"), &["Upload"]);
    rx.script("/s408", [Reply::Status(408), Reply::Status(200)]);
    rx.script("/s429", [Reply::Status(429), Reply::Status(200)]);
    let (out, report) = run_json(fire_upload(&env, &rx));
    assert_exit(&out, 0);
    for d in report["deliveries"].as_array().unwrap() {
        assert_eq!(d["attempts"], 2, "{d:#}");
        assert_eq!(d["status"], 200, "{d:#}");
    }
    assert_eq!(rx.requests_to("/s408").len(), 2);
    assert_eq!(rx.requests_to("/s429").len(), 2);
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("busy", KEY, &rx.url("/busy"), &["Upload"]);
    rx.script(
        "/busy",
        [
            Reply::WithHeaders(429, vec![("retry-after", "1".to_string())]),
            Reply::Status(200),
        ],
    );
    assert_exit(&run(fire_upload(&env, &rx)), 0);
    let reqs = rx.requests_to("/busy");
    assert_eq!(reqs.len(), 2);
    // --backoff is 10ms: only the header can explain a wait near a second.
    assert!(
        gap(&reqs, 0) >= Duration::from_millis(900),
        "{:?}",
        gap(&reqs, 0)
    );
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("busy", KEY, &rx.url("/busy"), &["Upload"]);
    let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    rx.script(
        "/busy",
        [
            Reply::WithHeaders(503, vec![("retry-after", when)]),
            Reply::Status(200),
        ],
    );
    assert_exit(&run(fire_upload(&env, &rx)), 0);
    let reqs = rx.requests_to("/busy");
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
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("busy", KEY, &rx.url("/busy"), &["Upload"]);
    rx.script(
        "/busy",
        [
            Reply::WithHeaders(429, vec![("retry-after", "3600".to_string())]),
            Reply::Status(200),
        ],
    );
    let out = run({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--max-retry-after", "300ms"]);
        cmd
    });
    assert_exit(&out, 0);
    let reqs = rx.requests_to("/busy");
    assert_eq!(reqs.len(), 2);
    let waited = gap(&reqs, 0);
    // Clamped to the maximum, not ignored (the backoff alone is 10ms).
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
    assert!(waited < Duration::from_secs(30), "{waited:?}");
}

#[test]
fn other_client_errors_are_not_retried() {
    let env = Env::new();
    let rx = Receiver::start();
    let codes = [400u16, 404, 410, 422];
    for code in codes {
        let path = format!("/s{code}");
        env.add_hook(&format!("s{code}"), KEY, &rx.url(&path), &["Upload"]);
        rx.script(&path, [Reply::Status(code), Reply::Status(200)]);
    }
    let (out, report) = run_json(fire_upload(&env, &rx));
    assert_exit(&out, 7);
    assert_eq!(report["summary"]["failed"], 4, "{report:#}");
    for code in codes {
        assert_eq!(rx.requests_to(&format!("/s{code}")).len(), 1, "{code}");
        let d = report["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["hookName"] == format!("s{code}"))
            .unwrap();
        assert_eq!(d["attempts"], 1, "{d:#}");
        assert_eq!(d["status"], code, "{d:#}");
        assert_eq!(d["state"], "failed", "{d:#}");
    }
    // Standard Webhooks: 410 Gone asks the sender to stop.
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["--json", "show", "s410"]);
        cmd
    });
    let hook = json_of(&out);
    assert_eq!(hook["enabled"], false, "{hook:#}");
    assert!(
        hook["disabledReason"]
            .as_str()
            .is_some_and(|r| r.contains("410")),
        "{hook:#}"
    );
}

#[test]
fn a_redirect_is_a_failure_and_is_not_followed() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("moved", KEY, &rx.url("/moved"), &["Upload"]);
    rx.script(
        "/moved",
        [Reply::WithHeaders(
            301,
            vec![("location", rx.url("/elsewhere"))],
        )],
    );
    let out = run(fire_upload(&env, &rx));
    assert_exit(&out, 7);
    let table = stdout_of(&out);
    assert!(table.contains("HTTP 301"), "{table}");
    assert!(table.contains("redirect"), "{table}");
    assert_eq!(rx.requests_to("/moved").len(), 1);
    assert_eq!(rx.count(), 1, "the Location was not visited");
    assert!(rx.requests_to("/elsewhere").is_empty());

    let (_, report) = run_json(fire_upload(&env, &rx));
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1);
    assert_eq!(d["status"], 301);
    let error = d["error"].as_str().unwrap();
    assert!(error.contains("not followed"), "{error}");
    assert!(error.contains("/elsewhere"), "{error}");
    assert!(rx.requests_to("/elsewhere").is_empty());
}

#[test]
fn connection_refused_is_retried_then_fails() {
    let env = Env::new();
    let rx = Receiver::start();
    let port = closed_port();
    env.add_hook(
        "gone",
        KEY,
        &format!("https://127.0.0.1:{port}/x"),
        &["Upload"],
    );
    let (out, report) = run_json({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--retries", "2"]);
        cmd
    });
    assert_exit(&out, 7);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 3, "{d:#}");
    assert_eq!(d["status"], Value::Null);
    let error = d["error"].as_str().unwrap().to_lowercase();
    assert!(error.contains("connection refused"), "{error}");
    let detail = detail_of(&env, &d["deliveryId"]);
    assert_eq!(detail["attemptsDetail"].as_array().unwrap().len(), 3);
}

// ---------------------------------------------------------------------------
// 4. Timeout, 5. response cap

#[test]
fn a_hanging_receiver_times_out_promptly() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("slow", KEY, &rx.url("/slow"), &["Upload"]);
    rx.script("/slow", [Reply::Hang]);
    let started = Instant::now();
    let (out, report) = run_json({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--timeout", "300ms", "--retries", "0"]);
        cmd
    });
    let took = started.elapsed();
    assert_exit(&out, 7);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1);
    let error = d["error"].as_str().unwrap();
    assert!(error.contains("timed out"), "{error}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
    // On a loaded machine the deadline may pass during the handshake.
    assert!(rx.requests_to("/slow").len() <= 1);
}

#[test]
fn the_response_body_is_read_only_up_to_64_kib() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("big", KEY, &rx.url("/big"), &["Upload"]);
    // An endless body: only a reader that stops at the cap can finish and
    // keep an excerpt; one that read on would hit the timeout with none.
    rx.script("/big", [Reply::Endless(200)]);
    let (out, report) = run_json({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--timeout", "20s"]);
        cmd
    });
    assert_exit(&out, 0);
    let d = only_delivery(&report);
    let detail = detail_of(&env, &d["deliveryId"]);
    let excerpt = detail["attemptsDetail"][0]["responseExcerpt"]
        .as_str()
        .unwrap();
    assert_eq!(excerpt.len(), 64 * 1024);
    assert!(excerpt.bytes().all(|b| b == b'x'));
}

// ---------------------------------------------------------------------------
// 6. Payload rule refusals

#[test]
fn payload_rule_violations_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("all", KEY, &rx.url("/all"), &ALL_EVENTS);
    let before = env.dump();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["Upload", "--entry", ENTRY_A, "--entry", ENTRY_B],
            3,
            "Upload requires entryIds to be exactly 1, but it has 2 values",
        ),
        (
            &["Upload"],
            3,
            "Upload requires entryIds to be exactly 1, but it has 0 values",
        ),
        (
            &["Delete", "--entry", ENTRY_A, "--meta", "color=red"],
            3,
            "Delete requires metadataKeys to be empty",
        ),
        (
            &["Upload", "--entry", ENTRY_A, "--status", "Done"],
            3,
            "Upload requires statuses to be empty",
        ),
        (
            &["Edit", "--entry", ENTRY_A, "--version", "v1"],
            3,
            "Edit requires versionIds to be empty",
        ),
        (
            &["CollectionMetadataAdd", "--entry", ENTRY_A, "--meta", "a=b"],
            3,
            "CollectionMetadataAdd requires entryIds to be empty",
        ),
        (
            &["CollectionMetadataRemove"],
            3,
            "CollectionMetadataRemove requires metadataKeys to be 1 or more",
        ),
        (
            &["AssetMetadataAdd", "--entry", ENTRY_A],
            3,
            "AssetMetadataAdd requires metadataKeys to be 1 or more",
        ),
        (
            &["AssetMetadataRemove", "--meta", "a=b"],
            3,
            "AssetMetadataRemove requires entryIds to be 1 or more",
        ),
        (
            &["AssetStatusUpdate", "--entry", ENTRY_A, "--entry", ENTRY_B],
            3,
            "AssetStatusUpdate requires entryIds to be exactly 1",
        ),
        (
            &[
                "AssetStatusUpdate",
                "--entry",
                ENTRY_A,
                "--status",
                "Done",
                "--status",
                "Approved",
            ],
            2,
            "--status",
        ),
        (
            &["CollectionMetadataAdd", "--meta", "novalue"],
            3,
            "--meta \"novalue\" has no `=`",
        ),
        (&["Upload", "--entry", ""], 3, "entryIds[0] is empty"),
        (
            &["CollectionMetadataAdd", "--meta", "=v"],
            3,
            "metadataKeys[0] is empty",
        ),
        (&["Upload", "--entry", "a\u{7}b"], 3, "control character"),
        (
            &["Uplaod", "--entry", ENTRY_A],
            3,
            "unknown trigger `Uplaod` (did you mean `Upload`?)",
        ),
    ];
    for (args, code, needle) in cases {
        let out = run({
            let mut cmd = fire(&env, &rx);
            cmd.args(*args);
            cmd
        });
        assert_refused(&out, *code, needle);
        assert!(out.stdout.is_empty(), "{args:?}: {}", stdout_of(&out));
    }
    assert_nothing_sent(&env, &rx);
    assert_eq!(env.dump(), before);
}

#[test]
fn too_many_values_are_refused() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("del", KEY, &rx.url("/del"), &["Delete", "Upload"]);
    let mut cmd = fire(&env, &rx);
    cmd.arg("Delete");
    for i in 0..1001 {
        cmd.arg(format!("--entry=e{i}"));
    }
    assert_refused(&run(cmd), 3, "at most 1000");
    let long = "x".repeat(1025);
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["Upload", "--entry", &long]);
        cmd
    });
    assert_refused(&out, 3, "entryIds[0] is 1025 characters long");
    assert_nothing_sent(&env, &rx);
}

// ---------------------------------------------------------------------------
// 7. --payload FILE and stdin

/// A valid AssetMetadataAdd document, pretty-printed in a scrambled order.
const SCRAMBLED_PAYLOAD: &str = r#"{
  "versionIds": [],
  "statuses": [],
  "metadataValues": ["red", "large"],
  "metadataKeys": ["color", "size"],
  "entryIds": ["a1b2c3d4-5678-90ab-cdef-1234567890ab", "f9e8d7c6-5432-10fe-dcba-0987654321fe"],
  "apiKey": "bold-sky-1234",
  "event": "AssetMetadataAdd"
}
"#;

fn payload_file(env: &Env, name: &str, content: impl AsRef<[u8]>) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn payload_file_and_stdin_are_sent_compactly_in_spec_order() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("meta", KEY, &rx.url("/meta"), &["AssetMetadataAdd"]);
    let file = payload_file(&env, "p.json", SCRAMBLED_PAYLOAD);
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["AssetMetadataAdd", "--payload", &file]);
        cmd
    });
    assert_exit(&out, 0);
    let out = run({
        // No --api-key: the document names its collection.
        let mut cmd = fire_on(env.dev_cmd(), &rx);
        cmd.args(["AssetMetadataAdd", "--payload", "-"])
            .write_stdin(SCRAMBLED_PAYLOAD);
        cmd
    });
    assert_exit(&out, 0);
    let bodies: Vec<String> = rx
        .requests_to("/meta")
        .iter()
        .map(|r| r.body_text())
        .collect();
    assert_eq!(bodies, [SAMPLES[6].2, SAMPLES[6].2]);
}

#[test]
fn bad_payload_documents_are_refused_before_anything_is_sent() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("all", KEY, &rx.url("/all"), &ALL_EVENTS);
    let before = env.dump();
    let upload = |extra: &str| {
        format!(
            r#"{{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["e1"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]{extra}}}"#
        )
    };
    let mut not_utf8 = upload("").into_bytes();
    not_utf8.insert(30, 0xff);
    let mut oversized = upload("").into_bytes();
    oversized.splice(1..1, std::iter::repeat_n(b' ', 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "Upload",
            upload(r#","extra":1"#).into_bytes(),
            "unknown field `extra`",
        ),
        (
            "Upload",
            br#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["e1"],"metadataKeys":[],"metadataValues":[],"versionIds":[]}"#.to_vec(),
            "missing field `statuses`",
        ),
        (
            "Upload",
            br#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":[1],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#.to_vec(),
            "entryIds[0]",
        ),
        (
            "Upload",
            br#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":"e1","metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#.to_vec(),
            "field `entryIds`",
        ),
        (
            "Upload",
            br#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["e1"],"metadataKeys":null,"metadataValues":[],"statuses":[],"versionIds":[]}"#.to_vec(),
            "field `metadataKeys`",
        ),
        (
            "Upload",
            upload(r#","event":"Upload""#).into_bytes(),
            "duplicate field `event`",
        ),
        ("Upload", not_utf8, "not UTF-8"),
        ("Upload", format!("{} x", upload("")).into_bytes(), "trailing"),
        (
            "Upload",
            format!("{}{}", upload(""), upload("")).into_bytes(),
            "trailing",
        ),
        (
            "Delete",
            upload("").into_bytes(),
            "the payload's event is Upload but the command fires Delete",
        ),
        (
            "Upload",
            upload("").replace(KEY, OTHER_KEY).into_bytes(),
            "differs from the API key",
        ),
        (
            "Upload",
            br#"{"event":"upload","apiKey":"bold-sky-1234","entryIds":["e1"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#.to_vec(),
            "field `event`",
        ),
        (
            "CollectionMetadataAdd",
            br#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["a","b"],"metadataValues":["1"],"statuses":[],"versionIds":[]}"#.to_vec(),
            "must have the same length",
        ),
        (
            "Upload",
            upload("").replace(r#"["e1"]"#, r#"["e1","e2"]"#).into_bytes(),
            "Upload requires entryIds to be exactly 1",
        ),
        ("Upload", oversized, "larger than the limit of 1048576 bytes"),
        ("Upload", b"".to_vec(), "is invalid"),
    ];
    for (i, (event, content, needle)) in cases.iter().enumerate() {
        let file = payload_file(&env, &format!("bad{i}.json"), content);
        let out = run({
            let mut cmd = fire(&env, &rx);
            cmd.args([event, "--payload", &file]);
            cmd
        });
        assert_refused(&out, 3, needle);
        // Through stdin too, with the message saying where it came from.
        let out = run({
            let mut cmd = fire(&env, &rx);
            cmd.args([event, "--payload", "-"])
                .write_stdin(content.clone());
            cmd
        });
        assert_refused(&out, 3, needle);
    }
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["Upload", "--payload", "-"])
            .write_stdin(upload(",x"));
        cmd
    });
    assert_refused(&out, 3, "the payload on stdin is invalid");
    let missing = env.dir.path().join("missing.json");
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["Upload", "--payload"]).arg(&missing);
        cmd
    });
    assert_refused(&out, 3, "cannot read the payload file");
    let file = payload_file(&env, "ok.json", upload(""));
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["Upload", "--payload", &file, "--entry", ENTRY_A]);
        cmd
    });
    assert_refused(&out, 2, "--entry");
    assert_nothing_sent(&env, &rx);
    assert_eq!(env.dump(), before);
}

// ---------------------------------------------------------------------------
// 8. --meta

#[test]
fn meta_pairs_keep_their_order_and_split_at_the_first_equals_sign() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("meta", KEY, &rx.url("/meta"), &["CollectionMetadataAdd"]);
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args([
            "CollectionMetadataAdd",
            "--meta",
            "size=large",
            "--meta",
            "color=red",
            "--meta",
            "query=a=b&c=d",
            "--meta",
            "clé ünï=valeur avec espaces ✓",
            "--meta",
            "empty=",
        ]);
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(
        rx.requests_to("/meta")[0].body_text(),
        r#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["size","color","query","clé ünï","empty"],"metadataValues":["large","red","a=b&c=d","valeur avec espaces ✓",""],"statuses":[],"versionIds":[]}"#
    );
}

// ---------------------------------------------------------------------------
// 9. Collection isolation and --hook

#[test]
fn an_event_reaches_only_its_own_collections_enabled_hooks() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("a1", KEY, &rx.url("/a1"), &["Upload"]);
    env.add_hook("a2", KEY, &rx.url("/a2"), &["Upload", "Delete"]);
    env.add_hook("a-delete", KEY, &rx.url("/a-delete"), &["Delete"]);
    env.add_hook("b1", OTHER_KEY, &rx.url("/b1"), &["Upload"]);
    let off = env.add_hook("a-off", KEY, &rx.url("/a-off"), &["Upload"]);
    run({
        let mut cmd = env.cmd();
        cmd.args(["edit", &off, "--disable"]);
        cmd
    });
    let (out, report) = run_json(fire_upload(&env, &rx));
    assert_exit(&out, 0);
    let mut names: Vec<_> = report["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["hookName"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["a1", "a2"]);
    let mut paths: Vec<_> = rx.requests().iter().map(|r| r.path.clone()).collect();
    paths.sort();
    assert_eq!(paths, ["/a1", "/a2"]);

    // The other collection's event carries its own key to its own hook.
    let out = run({
        let mut cmd = fire_on(env.dev_cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A, "--api-key", OTHER_KEY]);
        cmd
    });
    assert_exit(&out, 0);
    let b = rx.requests_to("/b1");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].body_text(), UPLOAD_BODY.replace(KEY, OTHER_KEY));
    assert_eq!(rx.count(), 3);
}

#[test]
fn hook_narrows_the_targets_and_refuses_hooks_that_would_not_receive_the_event() {
    let env = Env::new();
    let rx = Receiver::start();
    let a1 = env.add_hook("a1", KEY, &rx.url("/a1"), &["Upload"]);
    env.add_hook("a2", KEY, &rx.url("/a2"), &["Upload"]);
    env.add_hook("a3", KEY, &rx.url("/a3"), &["Upload"]);
    env.add_hook("a-delete", KEY, &rx.url("/a-delete"), &["Delete"]);
    env.add_hook("b1", OTHER_KEY, &rx.url("/b1"), &["Upload"]);
    let off = env.add_hook("a-off", KEY, &rx.url("/a-off"), &["Upload"]);
    run({
        let mut cmd = env.cmd();
        cmd.args(["edit", &off, "--disable"]);
        cmd
    });
    let before = env.dump();
    let refusals: &[(&str, i32, &str)] = &[
        (
            "b1",
            3,
            "belongs to collection calm-sea-5678, not bold-sky-1234",
        ),
        ("a-delete", 3, "is not subscribed to Upload"),
        ("a-off", 3, "is disabled"),
        ("nosuch", 4, "nosuch"),
    ];
    for (hook, code, needle) in refusals {
        let out = run({
            let mut cmd = fire_upload(&env, &rx);
            // A good hook alongside: one bad name refuses the whole run.
            cmd.args(["--hook", "a1", "--hook", hook]);
            cmd
        });
        assert_refused(&out, *code, needle);
    }
    assert_nothing_sent(&env, &rx);
    assert_eq!(env.dump(), before);

    let out = run({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--hook", &a1, "--hook", "a3", "--hook", "a1"]);
        cmd
    });
    assert_exit(&out, 0);
    let mut paths: Vec<_> = rx.requests().iter().map(|r| r.path.clone()).collect();
    paths.sort();
    assert_eq!(paths, ["/a1", "/a3"], "by id and name, each hook once");
}

// ---------------------------------------------------------------------------
// 10. Exit codes, 11. --json

#[test]
fn mixed_results_exit_7_and_still_print_the_table() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("good", KEY, &rx.url("/good"), &["Upload"]);
    env.add_hook("bad", KEY, &rx.url("/bad"), &["Upload"]);
    rx.script("/bad", [Reply::Status(500)]);
    let out = run({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--retries", "1"]);
        cmd
    });
    assert_exit(&out, 7);
    let table = stdout_of(&out);
    for needle in [
        "good",
        "bad",
        &rx.url("/good"),
        &rx.url("/bad"),
        "HTTP 200",
        "HTTP 500",
        "1 delivered, 1 failed, 0 interrupted, of 2.",
    ] {
        assert!(table.contains(needle), "table lacks {needle:?}:\n{table}");
    }
    assert!(
        stderr_of(&out).contains("error: 1 of 2 deliveries failed"),
        "{}",
        stderr_of(&out)
    );
    let log = log_of(&env);
    let mut states: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["hookName"].as_str().unwrap(),
                d["state"].as_str().unwrap(),
            )
        })
        .collect();
    states.sort();
    assert_eq!(states, [("bad", "failed"), ("good", "succeeded")]);
}

#[test]
fn no_subscribed_webhook_exits_8_and_a_missing_api_key_exits_3() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("del", KEY, &rx.url("/del"), &["Delete"]);
    env.add_hook("b", OTHER_KEY, &rx.url("/b"), &["Upload"]);
    let out = run(fire_upload(&env, &rx));
    assert_refused(
        &out,
        8,
        "no enabled webhook of collection bold-sky-1234 is subscribed to Upload; nothing was sent",
    );
    let out = run({
        let mut cmd = fire_on(env.dev_cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A]);
        cmd
    });
    assert_refused(&out, 3, "no API key");
    assert_nothing_sent(&env, &rx);

    // ECHO3D_API_KEY stands in for --api-key.
    let out = run({
        let mut cmd = fire_on(env.dev_cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A])
            .env("ECHO3D_API_KEY", OTHER_KEY);
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(rx.requests_to("/b").len(), 1);
}

#[test]
fn fire_json_reports_every_delivery_without_secrets() {
    let env = Env::new();
    let rx = Receiver::start();
    let ok_id = env.add_hook("ok", KEY, &rx.url("/ok"), &["Upload"]);
    let bad_id = env.add_hook("bad", KEY, &rx.url("/bad"), &["Upload"]);
    rx.script("/bad", [Reply::Status(503)]);
    let (out, report) = run_json({
        let mut cmd = fire_upload(&env, &rx);
        cmd.args(["--retries", "1"]);
        cmd
    });
    assert_exit(&out, 7);
    assert_eq!(
        report["summary"],
        serde_json::json!({"total": 2, "succeeded": 1, "failed": 1, "interrupted": 0})
    );
    let deliveries = report["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2);
    let log = log_of(&env);
    for (hook_id, name, status, state, attempts) in [
        (&ok_id, "ok", 200, "succeeded", 1),
        (&bad_id, "bad", 503, "failed", 2),
    ] {
        let d = deliveries
            .iter()
            .find(|d| d["hookName"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {report:#}"));
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(
            keys_sorted,
            [
                "attempts",
                "deliveryId",
                "durationMs",
                "error",
                "event",
                "hookId",
                "hookName",
                "state",
                "status",
                "url",
                "webhookId"
            ]
        );
        assert_eq!(d["hookId"], hook_id.as_str());
        assert_eq!(d["url"], rx.url(&format!("/{name}")));
        assert_eq!(d["event"], "Upload");
        assert_eq!(d["state"], state);
        assert_eq!(d["attempts"], attempts);
        assert_eq!(d["status"], status);
        // An HTTP status says it all; `error` is for failures without one.
        assert_eq!(d["error"], Value::Null, "{d:#}");
        assert!(d["durationMs"].is_u64());
        let seen = rx.requests_to(&format!("/{name}"));
        assert!(
            seen.iter()
                .all(|r| r.header("webhook-id").as_deref() == d["webhookId"].as_str()),
            "{d:#}"
        );
        // The id is the log's id for the same delivery.
        let logged = log
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == d["deliveryId"])
            .unwrap();
        assert_eq!(logged["webhookId"], d["webhookId"]);
        assert_eq!(logged["hookName"], name);
    }
    assert_ne!(
        deliveries[0]["webhookId"], deliveries[1]["webhookId"],
        "each delivery has its own webhook-id"
    );
    let text = stdout_of(&out);
    assert!(!text.contains("whsec_"), "{text}");
    for id in [&ok_id, &bad_id] {
        let secret = env.secret_of(id);
        assert!(!text.contains(&secret[6..]), "secret leaked: {text}");
    }
}

// ---------------------------------------------------------------------------
// 12. --dry-run

#[test]
fn dry_run_prints_body_and_targets_and_sends_nothing() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    env.add_hook("other", OTHER_KEY, &rx.url("/other"), &["Upload"]);
    let before = env.dump();
    let out = run({
        let mut cmd = fire_upload(&env, &rx);
        cmd.arg("--dry-run");
        cmd
    });
    assert_exit(&out, 0);
    let text = stdout_of(&out);
    assert!(
        text.lines().any(|l| l == UPLOAD_BODY),
        "the body is printed on a line of its own:\n{text}"
    );
    for needle in ["inv", id.as_str(), &rx.url("/hook"), "nothing was sent"] {
        assert!(text.contains(needle), "lacks {needle:?}:\n{text}");
    }
    assert!(!text.contains("/other"), "{text}");

    let (out, report) = run_json({
        let mut cmd = fire_upload(&env, &rx);
        cmd.arg("--dry-run");
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(
        report,
        serde_json::json!({
            "event": "Upload",
            "body": UPLOAD_BODY,
            "targets": [{"id": id, "name": "inv", "url": rx.url("/hook")}],
        })
    );
    assert_nothing_sent(&env, &rx);
    assert_eq!(env.dump(), before);

    // A rule violation is still refused on a dry run.
    let out = run({
        let mut cmd = fire(&env, &rx);
        cmd.args(["Upload", "--dry-run"]);
        cmd
    });
    assert_refused(&out, 3, "exactly 1");
}

#[test]
fn test_dry_run_prints_the_samples_and_sends_nothing() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook("all", KEY, &rx.url("/all"), &ALL_EVENTS);
    let out = run({
        let mut cmd = test_hook(&env, &rx, "all");
        cmd.arg("--dry-run");
        cmd
    });
    assert_exit(&out, 0);
    let lines: Vec<String> = stdout_of(&out).lines().map(str::to_string).collect();
    let expected: Vec<&str> = SAMPLES.iter().map(|s| s.2).collect();
    assert_eq!(lines, expected);

    let (out, runs) = run_json({
        let mut cmd = test_hook(&env, &rx, &id);
        cmd.args(["--dry-run", "Delete", "Upload"]);
        cmd
    });
    assert_exit(&out, 0);
    let target = serde_json::json!([{"id": id, "name": "all", "url": rx.url("/all")}]);
    assert_eq!(
        runs,
        serde_json::json!([
            {"event": "Delete", "body": SAMPLES[3].2, "targets": target},
            {"event": "Upload", "body": SAMPLES[0].2, "targets": target},
        ])
    );
    assert_nothing_sent(&env, &rx);
}

// ---------------------------------------------------------------------------
// 13. Send-time address policy, TLS trust, proxies

#[test]
fn a_private_target_is_refused_at_send_time_without_the_opt_in() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("local", KEY, &rx.url("/local"), &["Upload"]);
    let (out, report) = run_json({
        let mut cmd = fire_on(env.cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A, "--api-key", KEY]);
        cmd
    });
    assert_exit(&out, 7);
    assert!(
        !stderr_of(&out).contains("warning: private"),
        "{}",
        stderr_of(&out)
    );
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1, "refusals are not retried");
    let error = d["error"].as_str().unwrap();
    assert!(error.contains("127.0.0.0/8"), "{error}");
    assert!(error.contains("loopback"), "{error}");
    assert_eq!(rx.count(), 0);
    // The opt-in through the environment lifts it.
    let out = run({
        let mut cmd = fire_on(env.cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A, "--api-key", KEY])
            .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "1");
        cmd
    });
    assert_exit(&out, 0);
    assert!(
        stderr_of(&out).contains("for local development only"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(rx.count(), 1);
}

#[test]
fn a_localhost_name_goes_through_the_resolver_only_with_the_opt_in() {
    let env = Env::new();
    let rx = Receiver::start();
    let url = format!("https://localhost:{}/named", rx.port());
    env.add_hook("named", KEY, &url, &["Upload"]);
    assert_exit(&run(fire_upload(&env, &rx)), 0);
    assert_eq!(rx.requests_to("/named").len(), 1);

    let (out, report) = run_json({
        let mut cmd = fire_on(env.cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A, "--api-key", KEY]);
        cmd
    });
    assert_exit(&out, 7);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1);
    assert!(d["error"].as_str().unwrap().contains("localhost"), "{d:#}");
    assert_eq!(rx.count(), 1);
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
    let env = Env::new();
    let rx = Receiver::start();
    let url = format!("https://{host}:{}/named", rx.port());
    let out = run({
        let mut cmd = env.cmd();
        cmd.args(["add", "--name", "named", "--url", &url, "--api-key", KEY])
            .args(["--trigger", "Upload"]);
        cmd
    });
    assert_exit(&out, 0);
    let (out, report) = run_json({
        let mut cmd = fire_on(env.cmd(), &rx);
        cmd.args(["Upload", "--entry", ENTRY_A, "--api-key", KEY]);
        cmd
    });
    assert_exit(&out, 7);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1, "a refusal is not retried: {d:#}");
    let error = d["error"].as_str().unwrap();
    assert!(
        error.contains(&format!("{host} resolves to 127.")),
        "{error}"
    );
    assert!(error.contains("127.0.0.0/8"), "{error}");
    assert_eq!(rx.count(), 0);
}

#[test]
fn proxy_environment_variables_are_ignored() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    let mut cmd = fire_upload(&env, &rx);
    for var in PROXY_ENV {
        cmd.env(var, "http://127.0.0.1:9");
    }
    cmd.args(["--retries", "0"]);
    assert_exit(&run(cmd), 0);
    assert_eq!(rx.requests_to("/hook").len(), 1);
}

#[test]
fn tls_is_verified_and_a_certificate_failure_is_not_retried() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    let (out, report) = run_json({
        let mut cmd = env.dev_cmd();
        cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
            .args(["--backoff", "10ms", "--retries", "3"]);
        cmd
    });
    assert_exit(&out, 7);
    let d = only_delivery(&report);
    assert_eq!(d["attempts"], 1, "{d:#}");
    let error = d["error"].as_str().unwrap().to_lowercase();
    assert!(
        error.contains("unknownissuer") || error.contains("unknown issuer"),
        "{error}"
    );
    assert_eq!(rx.count(), 0, "the handshake failed before any request");

    // The CA through the environment works like --ca-cert.
    let out = run({
        let mut cmd = env.dev_cmd();
        cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
            .env("ECHO3D_HOOKS_CA_CERT", rx.ca_path());
        cmd
    });
    assert_exit(&out, 0);
    assert_eq!(rx.requests_to("/hook").len(), 1);
}

#[test]
fn an_unusable_ca_file_is_refused_before_anything_is_sent() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    let garbage = payload_file(&env, "ca.txt", "this is not a certificate\n");
    let bad_pem = payload_file(
        &env,
        "bad.pem",
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
    );
    let missing = env.dir.path().join("missing.pem");
    let missing = missing.to_str().unwrap();
    for (file, needle) in [
        (garbage.as_str(), "holds no PEM certificate"),
        (bad_pem.as_str(), "bad.pem"),
        (missing, "missing.pem"),
    ] {
        let out = run({
            let mut cmd = env.dev_cmd();
            cmd.args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
                .args(["--ca-cert", file]);
            cmd
        });
        assert_refused(&out, 3, needle);
    }
    assert_nothing_sent(&env, &rx);
}

// ---------------------------------------------------------------------------
// 14. test NAME|ID [EVENT]...

#[test]
fn test_sends_all_triggers_or_the_named_ones_with_the_hooks_own_key() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook(
        "mine",
        OTHER_KEY,
        &rx.url("/mine"),
        &["AssetStatusUpdate", "Upload", "Delete"],
    );
    let out = run(test_hook(&env, &rx, "mine"));
    assert_exit(&out, 0);
    assert!(
        stdout_of(&out).contains("3 delivered, 0 failed, 0 interrupted, of 3."),
        "{}",
        stdout_of(&out)
    );
    let mut bodies: Vec<String> = rx
        .requests_to("/mine")
        .iter()
        .map(|r| r.body_text())
        .collect();
    bodies.sort();
    let mut expected: Vec<String> = [SAMPLES[8].2, SAMPLES[0].2, SAMPLES[3].2]
        .iter()
        .map(|b| b.replace(KEY, OTHER_KEY))
        .collect();
    expected.sort();
    assert_eq!(bodies, expected);

    // By id, a named subset (case-insensitive, repeats once).
    let (out, report) = run_json({
        let mut cmd = test_hook(&env, &rx, &id);
        cmd.args(["delete", "Delete"]);
        cmd
    });
    assert_exit(&out, 0);
    let d = only_delivery(&report);
    assert_eq!(d["event"], "Delete");
    let reqs = rx.requests_to("/mine");
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[3].body_text(), SAMPLES[3].2.replace(KEY, OTHER_KEY));
    assert_eq!(
        reqs[3].header("webhook-id").as_deref(),
        d["webhookId"].as_str()
    );
}

#[test]
fn test_refusals_and_failures() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("mine", KEY, &rx.url("/mine"), &["Upload"]);
    let out = run({
        let mut cmd = test_hook(&env, &rx, "mine");
        cmd.arg("Edit");
        cmd
    });
    assert_refused(&out, 3, "webhook mine is not subscribed to Edit");
    let out = run({
        let mut cmd = test_hook(&env, &rx, "mine");
        cmd.arg("Uplod");
        cmd
    });
    assert_refused(&out, 3, "did you mean `Upload`");
    assert_refused(&run(test_hook(&env, &rx, "nosuch")), 4, "nosuch");
    assert_nothing_sent(&env, &rx);

    rx.script("/mine", [Reply::Status(500)]);
    let (out, report) = run_json({
        let mut cmd = test_hook(&env, &rx, "mine");
        cmd.args(["--retries", "1"]);
        cmd
    });
    assert_exit(&out, 7);
    assert_eq!(only_delivery(&report)["attempts"], 2);
    assert_eq!(rx.count(), 2);

    // `test` is for checking an endpoint, so a disabled hook still gets it.
    rx.script("/mine", [Reply::Status(204)]);
    run({
        let mut cmd = env.cmd();
        cmd.args(["edit", "mine", "--disable"]);
        cmd
    });
    let out = run(test_hook(&env, &rx, "mine"));
    assert_exit(&out, 0);
    assert!(
        stderr_of(&out).contains("webhook mine is disabled; `test` sends to it anyway"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(rx.count(), 3);
}

// ---------------------------------------------------------------------------
// 15. Progress

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let env = Env::new();
    let rx = Receiver::start();
    for i in 0..10 {
        env.add_hook(
            &format!("h{i}"),
            KEY,
            &rx.url(&format!("/h{i}")),
            &["Upload"],
        );
    }
    let out = run(fire_upload(&env, &rx));
    assert_exit(&out, 0);
    assert_eq!(rx.count(), 10);
    let err = stderr_of(&out);
    // The development opt-in's warning is the only thing on stderr.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err:?}");
    assert!(
        lines[0].starts_with("warning: private and loopback"),
        "{err:?}"
    );
    for c in ['\r', '\u{1b}', '█', '░'] {
        assert!(!err.contains(c), "{err:?}");
    }
    assert!(stdout_of(&out).contains("10 delivered, 0 failed"));
}
