//! Secret rotation without downtime: during the grace period every request
//! carries two signatures, the new secret's first, so that a receiver holding
//! either secret keeps verifying; `show` and `verify` know the previous one.

use std::time::{Duration, SystemTime};

use crate::support::json::PreviousSecret;
use crate::support::*;

/// A webhook `inv` at the receiver, and its first secret.
fn rotated_world() -> (World, String) {
    let w = World::new();
    w.hook("inv", "/inv", &["Upload"]);
    let first = w.secret_of("inv");
    (w, first)
}

fn rotate(w: &World, extra: &[&str]) -> Outcome {
    w.cmd()
        .args(["edit", "inv", "--rotate-secret"])
        .args(extra)
        .expect(exit::OK)
}

/// Fires one Upload and returns the request the receiver got.
fn fire_once(w: &World) -> Recorded {
    w.fire(&["Upload", "--entry", ENTRY_A]).expect(exit::OK);
    w.rx().requests().pop().expect("one request")
}

fn verifies(secret: &str, r: &Recorded) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok()
}

fn previous(w: &World) -> Option<PreviousSecret> {
    w.show("inv").previous_secret
}

#[test]
fn during_the_grace_period_both_secrets_sign_the_new_one_first() {
    let (w, first) = rotated_world();
    let out = rotate(&w, &[]);
    assert!(
        out.stdout
            .contains("signed with both the new secret and the one it replaced"),
        "{}",
        out.stdout
    );
    let second = w.secret_of("inv");
    assert_ne!(first, second);

    let request = fire_once(&w);
    let header = request.header("webhook-signature").unwrap();
    let entries: Vec<&str> = header.split(' ').collect();
    assert_eq!(entries.len(), 2, "{header}");
    // Each secret verifies the request, and the first entry is the new one's.
    assert!(verifies(&second, &request) && verifies(&first, &request));
    let only_first = {
        let mut r = request.clone();
        r.headers
            .insert("webhook-signature", entries[0].parse().unwrap());
        r
    };
    assert!(verifies(&second, &only_first) && !verifies(&first, &only_first));

    let previous = previous(&w).expect("the replaced secret, while it signs");
    let masked = &previous.secret;
    assert!(masked.ends_with(&first[first.len() - 4..]) && !masked.contains(&first[6..20]));
    let until = humantime::parse_rfc3339(&previous.signs_until).unwrap();
    let left = until.duration_since(SystemTime::now()).unwrap();
    assert!(
        left > Duration::from_secs(23 * 3600),
        "the default grace is a day: {left:?}"
    );
}

#[test]
fn sign_with_hook_during_the_grace_period_makes_the_header_fire_sent() {
    let (w, _) = rotated_world();
    rotate(&w, &[]);
    let request = fire_once(&w);
    let body = w.file("body.json", &request.body);
    let signed = w
        .cmd()
        .args(["--json", "sign", "--hook", "inv", "--body"])
        .arg(&body)
        .args(["--id", &request.header("webhook-id").unwrap()])
        .args(["--timestamp", &request.header("webhook-timestamp").unwrap()])
        .expect(exit::OK)
        .json::<crate::support::json::SignedDoc>();
    // Both secrets' signatures, the new one first: what a receiver of this
    // webhook meets during the grace period.
    let sent = request.header("webhook-signature").unwrap();
    assert_eq!(sent.split(' ').count(), 2, "{sent}");
    assert_eq!(signed.signature, sent);
    assert_eq!(signed.headers["webhook-signature"], sent);
}

#[test]
fn verify_names_the_previous_secret_a_sender_still_signs_with() {
    let (w, _) = rotated_world();
    rotate(&w, &[]);
    let new = w.secret_of("inv");
    let request = fire_once(&w);
    // The old secret's signature alone: a sender that missed the rotation.
    let header = request.header("webhook-signature").unwrap();
    let old_only = header
        .split(' ')
        .nth(1)
        .expect("the previous secret's entry");
    let body = w.file("body.json", &request.body);
    let out = w
        .cmd()
        .args(["--json", "verify", "--secret", &new, "--body"])
        .arg(&body)
        .args(["--id", &request.header("webhook-id").unwrap()])
        .args(["--timestamp", &request.header("webhook-timestamp").unwrap()])
        .args(["--signature", old_only])
        .expect(exit::SIGNATURE_MISMATCH);
    let doc = out.json::<crate::support::json::VerifyDoc>();
    let diagnosis = doc.diagnosis.expect("a diagnosis");
    assert_eq!(diagnosis.cause, "other-webhook-secret");
    let named = diagnosis.secret.unwrap_or_default();
    assert!(
        named.starts_with("inv (") && named.contains("its previous secret (signs until "),
        "{named}"
    );
}

#[test]
fn a_grace_of_zero_switches_at_once() {
    let (w, first) = rotated_world();
    rotate(&w, &["--grace", "0s"]);
    let request = fire_once(&w);
    assert!(!request.header("webhook-signature").unwrap().contains(' '));
    assert!(verifies(&w.secret_of("inv"), &request) && !verifies(&first, &request));
    assert_eq!(previous(&w), None);
}

#[test]
fn rotating_again_during_the_grace_drops_the_oldest_and_says_so() {
    let (w, first) = rotated_world();
    rotate(&w, &[]);
    let second = w.secret_of("inv");
    let out = rotate(&w, &[]);
    out.says(&["stops signing now", &first[first.len() - 4..]]);
    assert!(
        !out.stderr.contains(&first[6..20]),
        "the dropped secret is masked"
    );
    let third = w.secret_of("inv");
    let request = fire_once(&w);
    assert!(verifies(&third, &request) && verifies(&second, &request));
    assert!(!verifies(&first, &request));
}

#[test]
fn a_grace_ending_past_the_year_9999_is_shown_not_a_panic() {
    let (w, _) = rotated_world();
    rotate(&w, &[]);
    // Only other hands could store this: --grace is at most a year.
    let conn = rusqlite::Connection::open(&w.db).unwrap();
    conn.execute(
        "UPDATE hooks SET previous_secret_until = 8641796048614471",
        [],
    )
    .unwrap();
    let shown = w.cmd().args(["show", "inv"]).expect(exit::OK);
    assert!(
        shown.stdout.contains("signs until 9999-12-31T23:59:59Z"),
        "{}",
        shown.stdout
    );
    w.cmd().args(["--json", "list"]).expect(exit::OK);
}

#[test]
fn once_the_grace_is_over_only_the_new_secret_signs() {
    let (w, first) = rotated_world();
    rotate(&w, &[]);
    // The grace period ends: as if a day had passed.
    let conn = rusqlite::Connection::open(&w.db).unwrap();
    conn.execute("UPDATE hooks SET previous_secret_until = 1", [])
        .unwrap();
    let request = fire_once(&w);
    assert!(!request.header("webhook-signature").unwrap().contains(' '));
    assert!(!verifies(&first, &request));
    assert_eq!(previous(&w), None);
}

#[test]
fn verify_accepts_either_secret_while_the_grace_lasts() {
    let (w, first) = rotated_world();
    rotate(&w, &[]);
    let body = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
    let file = w.file("body.json", body);
    let now = "1800000000";
    let signed_by_old = standardwebhooks::Webhook::new(&first)
        .unwrap()
        .sign("msg_1", 1_800_000_000, body.as_bytes())
        .unwrap();
    let out = w
        .cmd()
        .args([
            "verify",
            "--hook",
            "inv",
            "--id",
            "msg_1",
            "--timestamp",
            now,
        ])
        .args(["--now", now, "--signature", &signed_by_old, "--body"])
        .arg(&file)
        .expect(exit::OK);
    assert!(out.stdout.contains("inv (previous"), "{}", out.stdout);
}

#[test]
fn grace_without_a_rotation_is_a_usage_error() {
    let (w, _) = rotated_world();
    w.refuses(
        w.cmd().args(["edit", "inv", "--grace", "1h"]),
        exit::USAGE,
        &["--rotate-secret"],
    );
}
