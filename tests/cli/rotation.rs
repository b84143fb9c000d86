//! Secret rotation without downtime: during the grace period every request
//! carries two signatures, the new secret's first, so that a receiver holding
//! either secret keeps verifying; `show` and `verify` know the previous one.

use serde_json::Value;

use crate::support::*;

/// A webhook at a receiver, with its first secret.
fn rotated_world() -> (Env, Receiver, String) {
    let env = Env::new();
    let rx = Receiver::start();
    env.add_hook("inv", KEY, &rx.url("/inv"), &["Upload"]);
    let first = env.secret_of("inv");
    (env, rx, first)
}

fn rotate(env: &Env, extra: &[&str]) -> std::process::Output {
    let out = env
        .cmd()
        .args(["edit", "inv", "--rotate-secret"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    out
}

fn fire_once(env: &Env, rx: &Receiver) -> Recorded {
    env.dev_cmd()
        .args([
            "fire",
            "Upload",
            "--entry",
            ENTRY_A,
            "--api-key",
            KEY,
            "--ca-cert",
        ])
        .arg(rx.ca_path())
        .assert()
        .success();
    rx.requests().pop().expect("one request")
}

fn verifies(secret: &str, r: &Recorded) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok()
}

fn shown(env: &Env) -> Value {
    json_of(&env.cmd().args(["--json", "show", "inv"]).output().unwrap())
}

#[test]
fn during_the_grace_period_both_secrets_sign_the_new_one_first() {
    let (env, rx, first) = rotated_world();
    let out = rotate(&env, &[]);
    assert!(
        stdout_of(&out).contains("signed with both the new secret and the one it replaced"),
        "{}",
        stdout_of(&out)
    );
    let second = env.secret_of("inv");
    assert_ne!(first, second);

    let request = fire_once(&env, &rx);
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

    let previous = &shown(&env)["webhook"]["previousSecret"];
    let masked = previous["secret"].as_str().unwrap();
    assert!(masked.ends_with(&first[first.len() - 4..]) && !masked.contains(&first[6..20]));
    let until = humantime::parse_rfc3339(previous["signsUntil"].as_str().unwrap()).unwrap();
    let left = until.duration_since(std::time::SystemTime::now()).unwrap();
    assert!(
        left > std::time::Duration::from_secs(23 * 3600),
        "the default grace is a day: {left:?}"
    );
}

#[test]
fn a_grace_of_zero_switches_at_once() {
    let (env, rx, first) = rotated_world();
    rotate(&env, &["--grace", "0s"]);
    let request = fire_once(&env, &rx);
    assert!(!request.header("webhook-signature").unwrap().contains(' '));
    assert!(verifies(&env.secret_of("inv"), &request) && !verifies(&first, &request));
    assert_eq!(shown(&env)["webhook"]["previousSecret"], Value::Null);
}

#[test]
fn rotating_again_during_the_grace_drops_the_oldest_and_says_so() {
    let (env, rx, first) = rotated_world();
    rotate(&env, &[]);
    let second = env.secret_of("inv");
    let out = rotate(&env, &[]);
    let warning = stderr_of(&out);
    assert!(
        warning.contains("stops signing now") && warning.contains(&first[first.len() - 4..]),
        "{warning}"
    );
    assert!(
        !warning.contains(&first[6..20]),
        "the dropped secret is masked"
    );
    let third = env.secret_of("inv");
    let request = fire_once(&env, &rx);
    assert!(verifies(&third, &request) && verifies(&second, &request));
    assert!(!verifies(&first, &request));
}

#[test]
fn once_the_grace_is_over_only_the_new_secret_signs() {
    let (env, rx, first) = rotated_world();
    rotate(&env, &[]);
    // The grace period ends: as if a day had passed.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute("UPDATE hooks SET previous_secret_until = 1", [])
        .unwrap();
    let request = fire_once(&env, &rx);
    assert!(!request.header("webhook-signature").unwrap().contains(' '));
    assert!(!verifies(&first, &request));
    assert_eq!(shown(&env)["webhook"]["previousSecret"], Value::Null);
}

#[test]
fn verify_accepts_either_secret_while_the_grace_lasts() {
    let (env, _rx, first) = rotated_world();
    rotate(&env, &[]);
    let dir = env.dir.path();
    let body = dir.join("body.json");
    std::fs::write(&body, r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#).unwrap();
    let now = "1800000000";
    let signed_by_old = standardwebhooks::Webhook::new(&first)
        .unwrap()
        .sign("msg_1", 1_800_000_000, &std::fs::read(&body).unwrap())
        .unwrap();
    let out = env
        .cmd()
        .args([
            "--json",
            "verify",
            "--hook",
            "inv",
            "--id",
            "msg_1",
            "--timestamp",
            now,
        ])
        .args(["--now", now, "--signature", &signed_by_old, "--body"])
        .arg(&body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("inv (previous"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn grace_without_a_rotation_is_a_usage_error() {
    let (env, _rx, _) = rotated_world();
    let before = env.dump();
    let out = env
        .cmd()
        .args(["edit", "inv", "--grace", "1h"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--rotate-secret"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(env.dump(), before);
}
