//! The receiver's side: `verify` against requests signed by the reference
//! implementation (the `standardwebhooks` crate), by `sign`, and by the
//! tool's own deliveries; each diagnosis; hostile input; and `sign`, whose
//! output the reference implementation and a shell must accept.

use std::path::{Path, PathBuf};

use hyper::header::{HeaderMap, HeaderValue};
use serde_json::Value;

use crate::support::*;

/// "Now" for every check, and a signing time 42 s before it.
const NOW: i64 = 1_795_716_042;
const SIGNED_AT: i64 = 1_795_716_000;
const ID: &str = "msg_2b8c0f9e7d6a5b4c3d2e1f0a9b8c7d6e";
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

/// The Upload sample as `fire` sends it, and pretty-printed as a framework
/// writes it back.
const UPLOAD: &str = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
const UPLOAD_PRETTY: &str = "{\n  \"event\": \"Upload\",\n  \"apiKey\": \"bold-sky-1234\",\n  \
    \"entryIds\": [\n    \"a1b2c3d4-5678-90ab-cdef-1234567890ab\"\n  ],\n  \"metadataKeys\": [],\n  \
    \"metadataValues\": [],\n  \"statuses\": [],\n  \"versionIds\": []\n}";

fn reference_sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .sign(ID, timestamp, body)
        .unwrap()
}

fn write(env: &Env, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `--json verify ARGS --now NOW`, returning the exit code and the verdict.
fn verify(env: &Env, args: &[&str]) -> (i32, Value, String) {
    let now = NOW.to_string();
    let out = env
        .cmd()
        .args(["--json", "verify", "--now", &now])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    (code, json_of(&out), stderr_of(&out))
}

/// `verify` of `body` with the three values as flags.
fn verify_flags(env: &Env, secret: &str, signature: &str, body: &[u8]) -> (i32, Value, String) {
    let file = write(env, "body.bin", body);
    let ts = SIGNED_AT.to_string();
    verify(
        env,
        &[
            "--secret",
            secret,
            "--id",
            ID,
            "--timestamp",
            &ts,
            "--signature",
            signature,
            "--body",
            path_str(&file),
        ],
    )
}

/// The nine sample bodies exactly as `test` sends them, by event.
fn sample_bodies(env: &Env) -> Vec<(String, Vec<u8>)> {
    env.add_hook("samples", KEY, "https://hooks.example.com/in", &ALL_EVENTS);
    let out = env
        .cmd()
        .args(["--json", "test", "samples", "--dry-run"])
        .output()
        .unwrap();
    let runs = json_of(&out);
    let runs = runs.as_array().expect("a list of dry runs");
    runs.iter()
        .map(|r| {
            let event = r["event"].as_str().unwrap().to_string();
            (event, r["body"].as_str().unwrap().as_bytes().to_vec())
        })
        .collect()
}

#[test]
fn requests_signed_by_the_standard_webhooks_crate_verify() {
    let env = Env::new();
    let bodies = sample_bodies(&env);
    assert_eq!(bodies.len(), 9);
    for (event, body) in &bodies {
        let signature = reference_sign(SECRET, SIGNED_AT, body);
        let (code, v, err) = verify_flags(&env, SECRET, &signature, body);
        assert_eq!(code, 0, "{event}: {v}\n{err}");
        assert_eq!(v["valid"], true);
        assert_eq!(v["outcome"], "genuine");
        assert_eq!(
            v["payload"],
            serde_json::json!({"valid": true, "event": event, "errors": []})
        );
        assert_eq!(v["timestamp"]["skewSeconds"], 42);
        assert_eq!(v["timestamp"]["direction"], "past");
        assert_eq!(v["diagnosis"], Value::Null);
    }
}

#[test]
fn header_files_and_raw_requests_are_read_as_curl_and_http_write_them() {
    let env = Env::new();
    let signature = reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let body = write(&env, "body.json", UPLOAD);
    let dumps = [
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nWebhook-Id: {ID}\r\n\
             WEBHOOK-TIMESTAMP: {SIGNED_AT}\r\nwebhook-signature: {signature}\r\n\r\n"
        ),
        format!("Svix-Id: {ID}\nsvix-timestamp: {SIGNED_AT}\nSVIX-SIGNATURE: {signature}\n"),
    ];
    for dump in dumps {
        let headers = write(&env, "headers.txt", &dump);
        let args = [
            "--secret",
            SECRET,
            "--headers",
            path_str(&headers),
            "--body",
            path_str(&body),
        ];
        let (code, v, err) = verify(&env, &args);
        assert_eq!(
            (code, &v["outcome"]),
            (0, &Value::from("genuine")),
            "{dump}\n{err}"
        );
    }
    let raw = format!(
        "POST /hooks HTTP/1.1\r\nHost: localhost:3000\r\nContent-Length: {}\r\nwebhook-id: {ID}\r\n\
         webhook-timestamp: {SIGNED_AT}\r\nwebhook-signature: {signature}\r\n\r\n{UPLOAD}",
        UPLOAD.len()
    );
    let request = write(&env, "request.http", raw);
    let (code, v, err) = verify(&env, &["--secret", SECRET, "--request", path_str(&request)]);
    assert_eq!((code, &v["outcome"]), (0, &Value::from("genuine")), "{err}");
}

/// What the tool sends verifies: `deliveries show` output is a headers
/// file, and its body the bytes the receiver got.
#[test]
fn a_delivery_as_deliveries_show_prints_it_verifies() {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("inventory-sync", KEY, &rx.url("/in"), &["Upload"]);
    let sent = env
        .dev_cmd()
        .args(["test", "inventory-sync", "--retries", "0", "--ca-cert"])
        .arg(rx.ca_path())
        .output()
        .unwrap();
    assert!(sent.status.success(), "{}", stderr_of(&sent));
    let received = rx.requests().remove(0);
    let shown = env
        .cmd()
        .args(["deliveries", "show", "1"])
        .output()
        .unwrap();
    let headers = write(&env, "shown.txt", &shown.stdout);
    let body = write(&env, "body.json", &received.body);
    let now = received.header("webhook-timestamp").unwrap();
    let out = env
        .cmd()
        .args([
            "verify",
            "--hook",
            "inventory-sync",
            "--now",
            &now,
            "--headers",
        ])
        .args([path_str(&headers), "--body", path_str(&body)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        stdout_of(&out),
        stderr_of(&out)
    );
    let text = stdout_of(&out);
    assert!(
        text.contains("valid, signed with inventory-sync (current)"),
        "{text}"
    );
    assert!(text.contains("genuine"), "{text}");
}

#[test]
fn any_of_several_secrets_may_match_and_the_verdict_names_it() {
    let env = Env::new();
    let signature = reference_sign(OTHER_SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let file = write(&env, "body.json", UPLOAD);
    let ts = SIGNED_AT.to_string();
    let (code, v, _) = verify(
        &env,
        &[
            "--secret",
            SECRET,
            "--secret",
            OTHER_SECRET,
            "--id",
            ID,
            "--timestamp",
            &ts,
            "--signature",
            &signature,
            "--body",
            path_str(&file),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(v["signature"]["secret"], "whsec_****…b7oD");
    assert_eq!(v["signature"]["secretsTried"].as_array().unwrap().len(), 2);
}

/// One mismatch: what was signed, what was received, and the cause named.
fn assert_diagnosis(signed: &[u8], received: &[u8], cause: &str, phrase: &str) {
    let env = Env::new();
    let signature = reference_sign(SECRET, SIGNED_AT, signed);
    let (code, v, err) = verify_flags(&env, SECRET, &signature, received);
    assert_eq!(code, 9, "{cause}: {v}");
    assert_eq!(v["outcome"], "signature-mismatch");
    assert_eq!(v["signature"]["valid"], false);
    assert_eq!(v["diagnosis"]["cause"], cause, "{v}");
    let message = v["diagnosis"]["message"].as_str().unwrap();
    assert!(message.contains(phrase), "{cause}: {message}");
    assert!(
        err.contains(message),
        "the diagnosis is on stderr too: {err}"
    );
}

#[test]
fn a_body_written_back_compact_pretty_or_spaced_is_diagnosed() {
    let spaced = UPLOAD
        .replace("\",\"", "\", \"")
        .replace("\":", "\": ")
        .replace("],\"", "], \"");
    assert_diagnosis(
        UPLOAD.as_bytes(),
        UPLOAD_PRETTY.as_bytes(),
        "body-reserialized-compact",
        "written compact",
    );
    assert_diagnosis(
        UPLOAD_PRETTY.as_bytes(),
        UPLOAD.as_bytes(),
        "body-reserialized-pretty",
        "indent of 2 spaces",
    );
    assert_diagnosis(
        spaced.as_bytes(),
        UPLOAD.as_bytes(),
        "body-reserialized-spaced",
        "json.dumps",
    );
}

#[test]
fn a_trailing_newline_added_or_removed_is_diagnosed() {
    let with_newline = format!("{UPLOAD}\n");
    assert_diagnosis(
        UPLOAD.as_bytes(),
        with_newline.as_bytes(),
        "trailing-newline-added",
        "without its final newline",
    );
    assert_diagnosis(
        with_newline.as_bytes(),
        UPLOAD.as_bytes(),
        "trailing-newline-removed",
        "with a final newline",
    );
}

#[test]
fn the_secrets_text_used_as_the_key_is_diagnosed() {
    let env = Env::new();
    let signature = standardwebhooks::Webhook::from_bytes(SECRET.as_bytes().to_vec())
        .unwrap()
        .sign(ID, SIGNED_AT, UPLOAD.as_bytes())
        .unwrap();
    let (code, v, _) = verify_flags(&env, SECRET, &signature, UPLOAD.as_bytes());
    assert_eq!(code, 9);
    assert_eq!(v["diagnosis"]["cause"], "secret-text-as-key");
    assert!(
        v["diagnosis"]["message"]
            .as_str()
            .unwrap()
            .contains("instead of the bytes its base64 decodes to")
    );
}

#[test]
fn another_stored_webhooks_secret_is_named() {
    let env = Env::new();
    env.add_hook(
        "inventory-sync",
        KEY,
        "https://hooks.example.com/inv",
        &["Upload"],
    );
    let crm = env.add_hook("crm", KEY, "https://crm.example.com/in", &["Upload"]);
    let signature = reference_sign(&env.secret_of("crm"), SIGNED_AT, UPLOAD.as_bytes());
    let file = write(&env, "body.json", UPLOAD);
    let ts = SIGNED_AT.to_string();
    let args = [
        "--hook",
        "inventory-sync",
        "--id",
        ID,
        "--timestamp",
        &ts,
        "--signature",
        &signature,
        "--body",
        path_str(&file),
    ];
    let (code, v, _) = verify(&env, &args);
    assert_eq!(code, 9);
    assert_eq!(
        v["signature"]["secretsTried"],
        serde_json::json!(["inventory-sync (current)"])
    );
    assert_eq!(v["diagnosis"]["cause"], "other-webhook-secret");
    assert_eq!(v["diagnosis"]["secret"], format!("crm ({crm})"));
    // With --secret alone, the store's webhooks are tried all the same.
    let mut args = args.to_vec();
    args.splice(0..2, ["--secret", OTHER_SECRET]);
    let (code, v, _) = verify(&env, &args);
    assert_eq!(
        (code, &v["diagnosis"]["secret"]),
        (9, &Value::from(format!("crm ({crm})")))
    );
}

#[test]
fn when_no_cause_fits_it_says_so_and_guesses_nothing() {
    let env = Env::new();
    let signature = reference_sign(SECRET, SIGNED_AT, b"{\"event\":\"Delete\"}");
    let (code, v, _) = verify_flags(&env, SECRET, &signature, UPLOAD.as_bytes());
    assert_eq!(code, 9);
    assert_eq!(v["diagnosis"]["cause"], "none-fits");
    assert_eq!(v["diagnosis"]["secret"], Value::Null);
    let message = v["diagnosis"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("none of the usual causes fits"),
        "{message}"
    );
}

#[test]
fn a_valid_signature_outside_the_tolerance_gives_skew_and_direction() {
    let env = Env::new();
    let file = write(&env, "body.json", UPLOAD);
    for (signed_at, tolerance, code, skew, direction) in [
        (NOW - 3600, "5m", 10, 3600, "past"),
        (NOW + 400, "5m", 10, 400, "future"),
        (NOW + 400, "10m", 0, 400, "future"),
        (NOW - 300, "5m", 0, 300, "past"),
    ] {
        let signature = reference_sign(SECRET, signed_at, UPLOAD.as_bytes());
        let ts = signed_at.to_string();
        let (got, v, err) = verify(
            &env,
            &[
                "--secret",
                SECRET,
                "--id",
                ID,
                "--timestamp",
                &ts,
                "--signature",
                &signature,
                "--body",
                path_str(&file),
                "--tolerance",
                tolerance,
            ],
        );
        assert_eq!(got, code, "{v}");
        assert_eq!(v["signature"]["valid"], true);
        assert_eq!(v["timestamp"]["skewSeconds"], skew);
        assert_eq!(v["timestamp"]["direction"], direction);
        if code == 10 {
            assert_eq!(v["diagnosis"]["cause"], "timestamp-outside-tolerance");
            assert!(
                err.contains(&format!("in the {direction}, beyond the tolerance of 5m")),
                "{err}"
            );
        }
    }
}

#[test]
fn a_genuine_request_with_a_bad_payload_lists_every_problem() {
    let env = Env::new();
    let body = r#"{"apiKey":"bold-sky-1234","event":"Upload","entryIds":["a","b"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[],"extra":1}"#;
    let signature = reference_sign(SECRET, SIGNED_AT, body.as_bytes());
    let (code, v, err) = verify_flags(&env, SECRET, &signature, body.as_bytes());
    assert_eq!(code, 11, "{v}");
    assert_eq!(v["outcome"], "payload-rejected");
    assert_eq!(v["diagnosis"], Value::Null);
    let errors: Vec<&str> = v["payload"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("unknown field `extra`"));
    assert!(errors[1].starts_with("the fields are not in the spec's order"));
    assert_eq!(
        errors[2],
        "Upload requires entryIds to be exactly 1, but it has 2 values"
    );
    assert!(err.contains("its payload breaks echo3D's rules"), "{err}");
}

/// `sign --secret SECRET --id ID --timestamp TS --body FILE --format json`.
fn sign_json(env: &Env, body: &Path, timestamp: &str) -> Value {
    let out = env
        .cmd()
        .args([
            "sign",
            "--secret",
            SECRET,
            "--id",
            ID,
            "--timestamp",
            timestamp,
        ])
        .args(["--format", "json", "--body", path_str(body)])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    json_of(&out)
}

#[test]
fn hostile_bodies_answer_with_their_documented_codes() {
    let env = Env::new();
    let huge = format!("\"{}\"", "a".repeat(10 * 1024 * 1024));
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let cases: [(&str, &[u8], i32, &str); 3] = [
        ("empty", b"", 11, "the body is empty"),
        (
            "10 MiB",
            huge.as_bytes(),
            11,
            "the body is a string, not a JSON object",
        ),
        ("binary", &binary, 11, "the body is not UTF-8 text"),
    ];
    for (what, body, code, phrase) in cases {
        let file = write(&env, "hostile.bin", body);
        let signed = sign_json(&env, &file, &SIGNED_AT.to_string());
        let signature = signed["signature"].as_str().unwrap();
        let (got, v, _) = verify_flags(&env, SECRET, signature, body);
        assert_eq!(got, code, "{what}: {v}");
        assert!(
            v["payload"]["errors"][0]
                .as_str()
                .unwrap()
                .starts_with(phrase),
            "{what}: {v}"
        );
        // The same body under another key: a mismatch, still diagnosed.
        let (got, v, _) = verify_flags(&env, OTHER_SECRET, signature, body);
        assert_eq!(
            (got, &v["diagnosis"]["cause"]),
            (9, &Value::from("none-fits")),
            "{what}"
        );
    }
}

#[test]
fn a_header_with_a_thousand_signatures_is_checked_whole() {
    let env = Env::new();
    let good = reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let bogus: Vec<String> = (0..999)
        .map(|i| reference_sign(OTHER_SECRET, i, b"x"))
        .collect();
    let with_good = format!("{} {good}", bogus.join(" "));
    let (code, v, _) = verify_flags(&env, SECRET, &with_good, UPLOAD.as_bytes());
    assert_eq!(
        (code, &v["signature"]["v1Entries"]),
        (0, &Value::from(1000))
    );
    let without = format!("{} v1a,{}", bogus.join(" "), &good[3..]);
    let (code, v, _) = verify_flags(&env, SECRET, &without, UPLOAD.as_bytes());
    assert_eq!(code, 9);
    assert_eq!(
        (
            &v["signature"]["v1Entries"],
            &v["signature"]["otherVersions"]
        ),
        (&Value::from(999), &Value::from(1))
    );
}

#[test]
fn hostile_timestamps_answer_cleanly() {
    let env = Env::new();
    let file = write(&env, "body.json", UPLOAD);
    let signed = sign_json(&env, &file, "-1");
    let signature = signed["signature"].as_str().unwrap();
    let (code, v, _) = verify(
        &env,
        &[
            "--secret",
            SECRET,
            "--id",
            ID,
            "--timestamp",
            "-1",
            "--signature",
            signature,
            "--body",
            path_str(&file),
        ],
    );
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["timestamp"]["skewSeconds"], NOW + 1);
    assert_eq!(v["timestamp"]["direction"], "past");
    for (ts, phrase) in [
        ("99999999999999999999", "too far from 1970"),
        ("abc", "is not a Unix time in whole seconds"),
        ("1e9", "is not a Unix time in whole seconds"),
    ] {
        let out = env
            .cmd()
            .args(["verify", "--secret", SECRET, "--id", ID, "--timestamp", ts])
            .args(["--signature", signature, "--body", path_str(&file)])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{ts}");
        assert!(
            stderr_of(&out).contains(phrase),
            "{ts}: {}",
            stderr_of(&out)
        );
        assert!(out.stdout.is_empty());
    }
}

/// `verify` with `args` (one string, words split at spaces) must exit
/// `code` with `phrase` on stderr.
fn assert_refused(env: &Env, args: &str, code: i32, phrase: &str) -> String {
    let out = env
        .cmd()
        .arg("verify")
        .args(args.split(' '))
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(code), "{args}: {err}");
    assert!(err.contains(phrase), "{args}: {err}");
    assert!(out.stdout.is_empty(), "{args}");
    err
}

#[test]
fn missing_headers_and_bad_secrets_are_refused_with_exit_3() {
    let env = Env::new();
    let body = write(&env, "body.json", UPLOAD);
    let partial = write(
        &env,
        "partial.txt",
        format!("webhook-id: {ID}\nwebhook-timestamp: 1\n"),
    );
    let files = format!(
        "--headers {} --body {}",
        path_str(&partial),
        path_str(&body)
    );
    let long_secret = "C2FVsBQIhrscChlQIMV+b5sSYspob7oDC2FVsBQ";
    let cases = [
        (
            format!(
                "--secret {SECRET} --id {ID} --timestamp 1 --body {}",
                path_str(&body)
            ),
            "the webhook-signature header is missing",
        ),
        (
            format!(
                "--secret {SECRET} --timestamp 1 --signature v1,x --body {}",
                path_str(&body)
            ),
            "the webhook-id header is missing",
        ),
        (
            format!("--secret {SECRET} {files}"),
            "the webhook-signature header is missing",
        ),
        (
            format!("--secret {long_secret} {files}"),
            "does not start with `whsec_`",
        ),
        (format!("--secret whsec_ {files}"), "at least 1 byte"),
        (
            format!("--secret whsec_AAAA\u{7}AAA {files}"),
            "the byte 0x07 at position 5",
        ),
    ];
    for (args, phrase) in cases {
        let err = assert_refused(&env, &args, 3, phrase);
        assert!(
            !err.contains(&long_secret[..20]),
            "the secret leaked: {err}"
        );
    }
}

#[test]
fn unreadable_or_unusable_files_are_refused_with_exit_3() {
    let env = Env::new();
    let body = write(&env, "body.json", UPLOAD);
    let body = path_str(&body);
    let dir = env.dir.path().to_str().unwrap();
    let with = format!("--secret {SECRET} --id {ID} --timestamp 1 --signature v1,x");
    let cases = [
        (
            format!("{with} --body /nonexistent/body.json"),
            "cannot read the body file /nonexistent/body.json",
        ),
        (format!("{with} --body {dir}"), "cannot read the body file"),
        (
            format!("--secret {SECRET} --headers {dir} --body {body}"),
            "cannot read the headers file",
        ),
        (
            format!("--secret {SECRET} --request /nonexistent/r.http"),
            "cannot read the request file",
        ),
        (
            format!("--secret {SECRET} --request {body}"),
            "is not an HTTP/1.1 request line",
        ),
        (
            format!("--secret {SECRET} --headers - --body -"),
            "only one of --body, --headers and --request can read stdin",
        ),
    ];
    for (args, phrase) in cases {
        assert_refused(&env, &args, 3, phrase);
    }
    assert_refused(&env, &format!("--hook nobody --body {body}"), 4, "nobody");
}

#[test]
fn a_request_signed_by_sign_verifies_with_the_standard_webhooks_crate() {
    let env = Env::new();
    env.add_hook(
        "inventory-sync",
        KEY,
        "https://hooks.example.com/in",
        &["Upload"],
    );
    let secret = env.secret_of("inventory-sync");
    let body = write(&env, "body.json", UPLOAD);
    for by in [["--secret", SECRET], ["--hook", "inventory-sync"]] {
        let out = env
            .cmd()
            .args(["--json", "sign", "--body", path_str(&body)])
            .args(by)
            .output()
            .unwrap();
        let signed = json_of(&out);
        let mut headers = HeaderMap::new();
        for (name, value) in signed["headers"].as_object().unwrap() {
            headers.insert(
                name.as_str().parse::<hyper::header::HeaderName>().unwrap(),
                HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
            );
        }
        assert!(signed["id"].as_str().unwrap().starts_with("msg_"));
        let key = if by[0] == "--secret" {
            SECRET
        } else {
            secret.as_str()
        };
        let verifier = standardwebhooks::Webhook::new(key).unwrap();
        verifier
            .verify(UPLOAD.as_bytes(), &headers)
            .expect("the crate accepts what sign made");
    }
}

#[test]
fn sign_with_a_fixed_id_and_timestamp_is_reproducible() {
    let env = Env::new();
    let body = write(&env, "body.json", UPLOAD);
    let ts = SIGNED_AT.to_string();
    let run = || {
        let out = env
            .cmd()
            .args([
                "sign",
                "--secret",
                SECRET,
                "--id",
                ID,
                "--timestamp",
                &ts,
                "--body",
                path_str(&body),
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    let expected = format!(
        "webhook-id: {ID}\nwebhook-timestamp: {SIGNED_AT}\nwebhook-signature: {}\n",
        reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes())
    );
    assert_eq!(run(), expected);
    assert_eq!(run(), expected);
    // It signs what it is given, payload rules or not.
    let junk = write(&env, "junk.txt", "not json at all");
    let out = env
        .cmd()
        .args(["sign", "--secret", SECRET, "--body", path_str(&junk)])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// Runs a printed curl command in bash with a `curl` that records what it
/// would send, and returns (headers, body).
fn run_curl(env: &Env, command: &str, stdin: &[u8]) -> (String, Vec<u8>) {
    let capture = env.dir.path().join("capture");
    let fake = r#"curl() {
  : > "$CAPTURE.headers"
  while [ $# -gt 0 ]; do
    case "$1" in
      --request) shift 2 ;;
      --header) printf '%s\n' "$2" >> "$CAPTURE.headers"; shift 2 ;;
      --data-raw) printf '%s' "$2" > "$CAPTURE.body"; shift 2 ;;
      --data-binary) case "$2" in @-) cat > "$CAPTURE.body" ;; *) cat -- "${2#@}" > "$CAPTURE.body" ;; esac; shift 2 ;;
      *) printf '%s' "$1" > "$CAPTURE.url"; shift ;;
    esac
  done
}
"#;
    let script = write(env, "run.sh", format!("{fake}{command}"));
    let out = assert_cmd::Command::new("bash")
        .arg(&script)
        .current_dir(env.dir.path())
        .env("CAPTURE", &capture)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let url = std::fs::read_to_string(capture.with_extension("url")).unwrap();
    assert_eq!(url, "https://localhost:3000/hooks");
    let headers = std::fs::read_to_string(capture.with_extension("headers")).unwrap();
    (
        headers,
        std::fs::read(capture.with_extension("body")).unwrap(),
    )
}

#[test]
fn the_curl_format_sends_the_exact_body_whatever_its_bytes() {
    let env = Env::new();
    let binary: Vec<u8> = (0..=255u8).chain(*b"'%s\\n$(x)`").collect();
    let text = "{\"note\": \"it's $HOME `date` \\\\ 100%\"}\n"
        .as_bytes()
        .to_vec();
    write(&env, "my body.json", UPLOAD);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "my body.json",
            UPLOAD.as_bytes().to_vec(),
            "--data-binary '@my body.json'",
        ),
        ("-", text, "--data-raw '"),
        ("-", binary, "printf '"),
    ];
    for (source, body, shape) in cases {
        let out = env
            .cmd()
            .current_dir(env.dir.path())
            .args([
                "sign", "--secret", SECRET, "--body", source, "--format", "curl",
            ])
            .args([
                "--url",
                "https://localhost:3000/hooks",
                "--id",
                ID,
                "--timestamp",
                "1795716000",
            ])
            .write_stdin(body.clone())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let command = stdout_of(&out);
        assert!(command.contains(shape), "{command}");
        let (headers, sent) = run_curl(&env, &command, b"");
        assert_eq!(sent, body, "{command}");
        let signature = Value::from(
            headers
                .lines()
                .find_map(|l| l.strip_prefix("webhook-signature: "))
                .unwrap(),
        );
        let signed = env
            .cmd()
            .args([
                "--json",
                "sign",
                "--secret",
                SECRET,
                "--id",
                ID,
                "--timestamp",
                "1795716000",
                "--body",
                "-",
            ])
            .write_stdin(body)
            .output()
            .unwrap();
        assert_eq!(json_of(&signed)["signature"], signature);
        assert!(
            headers.contains("content-type: application/json\n"),
            "{headers}"
        );
    }
}

#[test]
fn sign_refuses_what_it_cannot_sign() {
    let env = Env::new();
    let body = write(&env, "body.json", UPLOAD);
    let body = path_str(&body);
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["--secret", "nope", "--body", body],
            3,
            "does not start with `whsec_`",
        ),
        (
            &["--secret", SECRET, "--body", body, "--id", "a b"],
            3,
            "is not a usable webhook-id",
        ),
        (
            &[
                "--secret", SECRET, "--body", body, "--format", "curl", "--url", "ftp://x/",
            ],
            3,
            "uses the scheme `ftp`",
        ),
        (
            &["--secret", SECRET, "--body", body, "--format", "curl"],
            2,
            "--url",
        ),
        (
            &["--secret", SECRET, "--body", "/nonexistent"],
            3,
            "cannot read the body file /nonexistent",
        ),
        (&["--hook", "nobody", "--body", body], 4, "nobody"),
    ];
    for (args, code, phrase) in cases {
        let out = env.cmd().arg("sign").args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr_of(&out)
        );
        assert!(
            stderr_of(&out).contains(phrase),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    let out = env
        .cmd()
        .args([
            "--json",
            "sign",
            "--secret",
            SECRET,
            "--body",
            body,
            "--format",
            "curl",
            "--url",
            "https://x/",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("ask for two formats"));
}
