//! The receiver's side: `verify` against requests signed by the reference
//! implementation (the `standardwebhooks` crate), by `sign`, and by the
//! tool's own deliveries; each diagnosis; hostile input; and `sign`, whose
//! output the reference implementation and a shell must accept.

use std::path::{Path, PathBuf};

use hyper::header::{HeaderMap, HeaderValue};

use crate::support::json::{DryRunDoc, SignedDoc, VerifyDoc};
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

fn write(w: &World, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    w.file(name, bytes)
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `--json verify ARGS --now NOW`, returning the exit code and the verdict.
fn verify(w: &World, args: &[&str]) -> (i32, VerifyDoc, String) {
    let now = NOW.to_string();
    let out = w
        .cmd()
        .args(["--json", "verify", "--now", &now])
        .args(args)
        .outcome();
    let code = out.code.expect("verify exits");
    let doc: VerifyDoc = out.json();
    // A failed check is named in the document, as every command's failure is.
    let error = doc.error.as_ref().map(|e| (e.code, e.kind.as_str()));
    let expected = match code {
        0 => None,
        9 => Some((9, "signature_mismatch")),
        10 => Some((10, "timestamp_outside_tolerance")),
        11 => Some((11, "payload_rejected")),
        other => panic!("verify --json exited {other}: {}", out.stderr),
    };
    assert_eq!(error, expected, "{}", out.stderr);
    (code, doc, out.stderr)
}

/// `verify` of `body` with the three values as flags.
fn verify_flags(w: &World, secret: &str, signature: &str, body: &[u8]) -> (i32, VerifyDoc, String) {
    let file = write(w, "body.bin", body);
    let ts = SIGNED_AT.to_string();
    verify(
        w,
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
fn sample_bodies(w: &World) -> Vec<(String, Vec<u8>)> {
    w.add_hook("samples", KEY, "https://hooks.example.com/in", &ALL_EVENTS);
    w.cmd()
        .args(["--json", "test", "samples", "--dry-run"])
        .expect(exit::OK)
        .json::<DryRunDoc>()
        .deliveries
        .into_iter()
        .map(|d| (d.event, d.body.into_bytes()))
        .collect()
}

#[test]
fn requests_signed_by_the_standard_webhooks_crate_verify() {
    let w = World::new();
    let bodies = sample_bodies(&w);
    assert_eq!(bodies.len(), 9);
    for (event, body) in &bodies {
        let signature = reference_sign(SECRET, SIGNED_AT, body);
        let (code, v, err) = verify_flags(&w, SECRET, &signature, body);
        assert_eq!(code, exit::OK, "{event}: {v:?}\n{err}");
        assert!(v.valid);
        assert_eq!(v.outcome, "genuine");
        assert!(v.payload.valid && v.payload.errors.is_empty(), "{v:?}");
        assert_eq!(v.payload.event.as_deref(), Some(event.as_str()));
        assert_eq!(v.timestamp.skew_seconds, 42);
        assert_eq!(v.timestamp.direction, "past");
        assert!(v.diagnosis.is_none(), "{v:?}");
    }
}

#[test]
fn header_files_and_raw_requests_are_read_as_curl_and_http_write_them() {
    let w = World::new();
    let signature = reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let body = write(&w, "body.json", UPLOAD);
    let dumps = [
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nWebhook-Id: {ID}\r\n\
             WEBHOOK-TIMESTAMP: {SIGNED_AT}\r\nwebhook-signature: {signature}\r\n\r\n"
        ),
        format!("Svix-Id: {ID}\nsvix-timestamp: {SIGNED_AT}\nSVIX-SIGNATURE: {signature}\n"),
    ];
    for dump in dumps {
        let headers = write(&w, "headers.txt", &dump);
        let args = [
            "--secret",
            SECRET,
            "--headers",
            path_str(&headers),
            "--body",
            path_str(&body),
        ];
        let (code, v, err) = verify(&w, &args);
        assert_eq!(
            (code, v.outcome.as_str()),
            (exit::OK, "genuine"),
            "{dump}\n{err}"
        );
    }
    let raw = format!(
        "POST /hooks HTTP/1.1\r\nHost: localhost:3000\r\nContent-Length: {}\r\nwebhook-id: {ID}\r\n\
         webhook-timestamp: {SIGNED_AT}\r\nwebhook-signature: {signature}\r\n\r\n{UPLOAD}",
        UPLOAD.len()
    );
    let request = write(&w, "request.http", raw);
    let (code, v, err) = verify(&w, &["--secret", SECRET, "--request", path_str(&request)]);
    assert_eq!((code, v.outcome.as_str()), (exit::OK, "genuine"), "{err}");
}

/// What the tool sends verifies: `deliveries show` output is a headers
/// file, and its body the bytes the receiver got.
#[test]
fn a_delivery_as_deliveries_show_prints_it_verifies() {
    let w = World::new();
    w.hook("inventory-sync", "/in", &["Upload"]);
    w.send_with(sending(w.rx()).retries(0), &["test", "inventory-sync"])
        .expect(exit::OK);
    let received = w.rx().requests().remove(0);
    let shown = w.cmd().args(["deliveries", "show", "1"]).expect(exit::OK);
    let headers = write(&w, "shown.txt", &shown.stdout);
    let body = write(&w, "body.json", &received.body);
    let now = received.header("webhook-timestamp").unwrap();
    let out = w
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
        .expect(exit::OK);
    assert!(
        out.stdout
            .contains("valid, signed with inventory-sync (current)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("genuine"), "{}", out.stdout);
}

#[test]
fn any_of_several_secrets_may_match_and_the_verdict_names_it() {
    let w = World::new();
    let signature = reference_sign(OTHER_SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let file = write(&w, "body.json", UPLOAD);
    let ts = SIGNED_AT.to_string();
    let (code, v, _) = verify(
        &w,
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
    assert_eq!(code, exit::OK);
    assert_eq!(v.signature.secret.as_deref(), Some("whsec_****…b7oD"));
    assert_eq!(v.signature.secrets_tried.len(), 2);
}

/// One mismatch: what was signed, what was received, and the cause named.
fn assert_diagnosis(signed: &[u8], received: &[u8], cause: &str, phrase: &str) {
    let w = World::new();
    let signature = reference_sign(SECRET, SIGNED_AT, signed);
    let (code, v, err) = verify_flags(&w, SECRET, &signature, received);
    assert_eq!(code, exit::SIGNATURE_MISMATCH, "{cause}: {v:?}");
    assert_eq!(v.outcome, "signature-mismatch");
    assert!(!v.signature.valid);
    let diagnosis = v.diagnosis.expect("a diagnosis");
    assert_eq!(diagnosis.cause, cause);
    let message = &diagnosis.message;
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
    let w = World::new();
    let signature = standardwebhooks::Webhook::from_bytes(SECRET.as_bytes().to_vec())
        .unwrap()
        .sign(ID, SIGNED_AT, UPLOAD.as_bytes())
        .unwrap();
    let (code, v, _) = verify_flags(&w, SECRET, &signature, UPLOAD.as_bytes());
    assert_eq!(code, exit::SIGNATURE_MISMATCH);
    let diagnosis = v.diagnosis.expect("a diagnosis");
    assert_eq!(diagnosis.cause, "secret-text-as-key");
    assert!(
        diagnosis
            .message
            .contains("instead of the bytes its base64 decodes to")
    );
}

#[test]
fn another_stored_webhooks_secret_is_named() {
    let w = World::new();
    w.add_hook(
        "inventory-sync",
        KEY,
        "https://hooks.example.com/inv",
        &["Upload"],
    );
    let crm = w.add_hook("crm", KEY, "https://crm.example.com/in", &["Upload"]);
    let signature = reference_sign(&w.secret_of("crm"), SIGNED_AT, UPLOAD.as_bytes());
    let file = write(&w, "body.json", UPLOAD);
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
    let (code, v, _) = verify(&w, &args);
    assert_eq!(code, exit::SIGNATURE_MISMATCH);
    assert_eq!(v.signature.secrets_tried, ["inventory-sync (current)"]);
    let diagnosis = v.diagnosis.expect("a diagnosis");
    assert_eq!(diagnosis.cause, "other-webhook-secret");
    assert_eq!(diagnosis.secret, Some(format!("crm ({crm})")));
    // With --secret alone, the store's webhooks are tried all the same.
    let mut args = args.to_vec();
    args.splice(0..2, ["--secret", OTHER_SECRET]);
    let (code, v, _) = verify(&w, &args);
    assert_eq!(code, exit::SIGNATURE_MISMATCH);
    assert_eq!(
        v.diagnosis.and_then(|d| d.secret),
        Some(format!("crm ({crm})"))
    );
}

#[test]
fn when_no_cause_fits_it_says_so_and_guesses_nothing() {
    let w = World::new();
    let signature = reference_sign(SECRET, SIGNED_AT, b"{\"event\":\"Delete\"}");
    let (code, v, _) = verify_flags(&w, SECRET, &signature, UPLOAD.as_bytes());
    assert_eq!(code, exit::SIGNATURE_MISMATCH);
    let diagnosis = v.diagnosis.expect("a diagnosis");
    assert_eq!(
        (diagnosis.cause.as_str(), &diagnosis.secret),
        ("none-fits", &None)
    );
    let message = &diagnosis.message;
    assert!(
        message.starts_with("none of the usual causes fits"),
        "{message}"
    );
}

#[test]
fn a_valid_signature_outside_the_tolerance_gives_skew_and_direction() {
    let w = World::new();
    let file = write(&w, "body.json", UPLOAD);
    for (signed_at, tolerance, code, skew, direction) in [
        (
            NOW - 3600,
            "5m",
            exit::TIMESTAMP_OUTSIDE_TOLERANCE,
            3600,
            "past",
        ),
        (
            NOW + 400,
            "5m",
            exit::TIMESTAMP_OUTSIDE_TOLERANCE,
            400,
            "future",
        ),
        (NOW + 400, "10m", exit::OK, 400, "future"),
        (NOW - 300, "5m", exit::OK, 300, "past"),
    ] {
        let signature = reference_sign(SECRET, signed_at, UPLOAD.as_bytes());
        let ts = signed_at.to_string();
        let (got, v, err) = verify(
            &w,
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
        assert_eq!(got, code, "{v:?}");
        assert!(v.signature.valid);
        assert_eq!(v.timestamp.skew_seconds, skew);
        assert_eq!(v.timestamp.direction, direction);
        if code == exit::TIMESTAMP_OUTSIDE_TOLERANCE {
            let cause = v.diagnosis.map(|d| d.cause);
            assert_eq!(cause.as_deref(), Some("timestamp-outside-tolerance"));
            assert!(
                err.contains(&format!("in the {direction}, beyond the tolerance of 5m")),
                "{err}"
            );
        }
    }
}

#[test]
fn a_genuine_request_with_a_bad_payload_lists_every_problem() {
    let w = World::new();
    let body = r#"{"apiKey":"bold-sky-1234","event":"Upload","entryIds":["a","b"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[],"extra":1}"#;
    let signature = reference_sign(SECRET, SIGNED_AT, body.as_bytes());
    let (code, v, err) = verify_flags(&w, SECRET, &signature, body.as_bytes());
    assert_eq!(code, exit::PAYLOAD_REJECTED, "{v:?}");
    assert_eq!(v.outcome, "payload-rejected");
    assert!(v.diagnosis.is_none());
    let errors = &v.payload.errors;
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
fn sign_json(w: &World, body: &Path, timestamp: &str) -> SignedDoc {
    w.cmd()
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
        .expect(exit::OK)
        .json()
}

#[test]
fn hostile_bodies_answer_with_their_documented_codes() {
    let w = World::new();
    let huge = format!("\"{}\"", "a".repeat(10 * 1024 * 1024));
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let cases: [(&str, &[u8], i32, &str); 3] = [
        ("empty", b"", exit::PAYLOAD_REJECTED, "the body is empty"),
        (
            "10 MiB",
            huge.as_bytes(),
            exit::PAYLOAD_REJECTED,
            "the body is a string, not a JSON object",
        ),
        (
            "binary",
            &binary,
            exit::PAYLOAD_REJECTED,
            "the body is not UTF-8 text",
        ),
    ];
    for (what, body, code, phrase) in cases {
        let file = write(&w, "hostile.bin", body);
        let signed = sign_json(&w, &file, &SIGNED_AT.to_string());
        let signature = &signed.signature;
        let (got, v, _) = verify_flags(&w, SECRET, signature, body);
        assert_eq!(got, code, "{what}: {v:?}");
        assert!(v.payload.errors[0].starts_with(phrase), "{what}: {v:?}");
        // The same body under another key: a mismatch, still diagnosed.
        let (got, v, _) = verify_flags(&w, OTHER_SECRET, signature, body);
        let cause = v.diagnosis.map(|d| d.cause);
        assert_eq!(
            (got, cause.as_deref()),
            (exit::SIGNATURE_MISMATCH, Some("none-fits")),
            "{what}"
        );
    }
}

#[test]
fn a_header_with_a_thousand_signatures_is_checked_whole() {
    let w = World::new();
    let good = reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes());
    let bogus: Vec<String> = (0..999)
        .map(|i| reference_sign(OTHER_SECRET, i, b"x"))
        .collect();
    let with_good = format!("{} {good}", bogus.join(" "));
    let (code, v, _) = verify_flags(&w, SECRET, &with_good, UPLOAD.as_bytes());
    assert_eq!((code, v.signature.v1_entries), (exit::OK, 1000));
    let without = format!("{} v1a,{}", bogus.join(" "), &good[3..]);
    let (code, v, _) = verify_flags(&w, SECRET, &without, UPLOAD.as_bytes());
    assert_eq!(code, exit::SIGNATURE_MISMATCH);
    assert_eq!(
        (v.signature.v1_entries, v.signature.other_versions),
        (999, 1)
    );
}

#[test]
fn hostile_timestamps_answer_cleanly() {
    let w = World::new();
    let file = write(&w, "body.json", UPLOAD);
    let signed = sign_json(&w, &file, "-1");
    let signature = signed.signature.as_str();
    let (code, v, _) = verify(
        &w,
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
    assert_eq!(code, exit::TIMESTAMP_OUTSIDE_TOLERANCE, "{v:?}");
    assert_eq!(v.timestamp.skew_seconds, (NOW + 1) as u64);
    assert_eq!(v.timestamp.direction, "past");
    for (ts, phrase) in [
        ("99999999999999999999", "too far from 1970"),
        ("abc", "is not a Unix time in whole seconds"),
        ("1e9", "is not a Unix time in whole seconds"),
    ] {
        w.refuses(
            w.cmd()
                .args(["verify", "--secret", SECRET, "--id", ID, "--timestamp", ts])
                .args(["--signature", signature, "--body", path_str(&file)]),
            exit::INVALID,
            &[phrase],
        );
    }
}

/// `verify` with `args` (one string, words split at spaces) must exit
/// `code` with `phrase` on stderr, and print nothing on stdout.
fn assert_refused(w: &World, args: &str, code: i32, phrase: &str) -> String {
    let out = w.cmd().arg("verify").args(args.split(' ')).expect(code);
    out.says(&[phrase]);
    assert!(out.stdout.is_empty(), "{}", out.report());
    out.stderr
}

#[test]
fn missing_headers_and_bad_secrets_are_refused_with_exit_3() {
    let w = World::new();
    let body = write(&w, "body.json", UPLOAD);
    let partial = write(
        &w,
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
        let err = assert_refused(&w, &args, exit::INVALID, phrase);
        assert!(
            !err.contains(&long_secret[..20]),
            "the secret leaked: {err}"
        );
    }
}

#[test]
fn unreadable_or_unusable_files_are_refused_with_exit_3() {
    let w = World::new();
    let body = write(&w, "body.json", UPLOAD);
    let body = path_str(&body);
    let dir = w.dir.path().to_str().unwrap();
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
        assert_refused(&w, &args, exit::INVALID, phrase);
    }
    assert_refused(
        &w,
        &format!("--hook nobody --body {body}"),
        exit::NOT_FOUND,
        "nobody",
    );
}

#[test]
fn a_request_signed_by_sign_verifies_with_the_standard_webhooks_crate() {
    let w = World::new();
    w.add_hook(
        "inventory-sync",
        KEY,
        "https://hooks.example.com/in",
        &["Upload"],
    );
    let secret = w.secret_of("inventory-sync");
    let body = write(&w, "body.json", UPLOAD);
    for by in [["--secret", SECRET], ["--hook", "inventory-sync"]] {
        let signed = w
            .cmd()
            .args(["--json", "sign", "--body", path_str(&body)])
            .args(by)
            .expect(exit::OK)
            .json::<SignedDoc>();
        let mut headers = HeaderMap::new();
        for (name, value) in &signed.headers {
            headers.insert(
                name.as_str().parse::<hyper::header::HeaderName>().unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        assert_eq!(headers.len(), 3, "{signed:?}");
        assert!(signed.message_id.starts_with("msg_"));
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
    let w = World::new();
    let body = write(&w, "body.json", UPLOAD);
    let ts = SIGNED_AT.to_string();
    let run = || {
        let out = w
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
            .expect(exit::OK);
        out.stdout
    };
    let expected = format!(
        "webhook-id: {ID}\nwebhook-timestamp: {SIGNED_AT}\nwebhook-signature: {}\n",
        reference_sign(SECRET, SIGNED_AT, UPLOAD.as_bytes())
    );
    assert_eq!(run(), expected);
    assert_eq!(run(), expected);
    // It signs what it is given, payload rules or not.
    let junk = write(&w, "junk.txt", "not json at all");
    w.cmd()
        .args(["sign", "--secret", SECRET, "--body", path_str(&junk)])
        .expect(exit::OK);
}

/// Runs a printed curl command in bash with a `curl` that records what it
/// would send, and returns (headers, body).
fn run_curl(w: &World, command: &str, stdin: &[u8]) -> (String, Vec<u8>) {
    let capture = w.dir.path().join("capture");
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
    let script = write(w, "run.sh", format!("{fake}{command}"));
    assert_cmd::Command::new("bash")
        .arg(&script)
        .current_dir(w.dir.path())
        .env("CAPTURE", &capture)
        .write_stdin(stdin.to_vec())
        .expect(exit::OK);
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
    let w = World::new();
    let binary: Vec<u8> = (0..=255u8).chain(*b"'%s\\n$(x)`").collect();
    let text = "{\"note\": \"it's $HOME `date` \\\\ 100%\"}\n"
        .as_bytes()
        .to_vec();
    write(&w, "my body.json", UPLOAD);
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
        let out = w
            .cmd()
            .current_dir(w.dir.path())
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
            .expect(exit::OK);
        let command = out.stdout;
        assert!(command.contains(shape), "{command}");
        let (headers, sent) = run_curl(&w, &command, b"");
        assert_eq!(sent, body, "{command}");
        let signature = headers
            .lines()
            .find_map(|l| l.strip_prefix("webhook-signature: "))
            .unwrap()
            .to_string();
        let signed = w
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
            .expect(exit::OK)
            .json::<SignedDoc>();
        assert_eq!(signed.signature, signature);
        assert!(
            headers.contains("content-type: application/json\n"),
            "{headers}"
        );
    }
}

#[test]
fn sign_refuses_what_it_cannot_sign() {
    let w = World::new();
    let body = write(&w, "body.json", UPLOAD);
    let body = path_str(&body);
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["--secret", "nope", "--body", body],
            exit::INVALID,
            "does not start with `whsec_`",
        ),
        (
            &["--secret", SECRET, "--body", body, "--id", "a b"],
            exit::INVALID,
            "is not a usable webhook-id",
        ),
        (
            &[
                "--secret", SECRET, "--body", body, "--format", "curl", "--url", "ftp://x/",
            ],
            exit::INVALID,
            "uses the scheme `ftp`",
        ),
        (
            &["--secret", SECRET, "--body", body, "--format", "curl"],
            exit::USAGE,
            "--url",
        ),
        (
            &["--secret", SECRET, "--body", "/nonexistent"],
            exit::INVALID,
            "cannot read the body file /nonexistent",
        ),
        (
            &["--hook", "nobody", "--body", body],
            exit::NOT_FOUND,
            "nobody",
        ),
    ];
    for (args, code, phrase) in cases {
        let out = w.cmd().arg("sign").args(args).expect(code);
        out.says(&[phrase]);
        assert!(out.stdout.is_empty(), "{}", out.report());
    }
    let out = w
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
        .expect(exit::INVALID);
    out.says(&["ask for two formats"]);
    assert_eq!(
        out.json::<crate::support::json::ErrorDoc>().error.code,
        exit::INVALID
    );
}
