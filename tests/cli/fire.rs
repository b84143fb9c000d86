//! `fire` and `test` against the real TLS receiver.

use crate::support::*;

const KEY: &str = "bold-sky-1234";

fn fire(env: &Env, rx: &Receiver) -> assert_cmd::Command {
    let mut cmd = env.dev_cmd();
    cmd.arg("fire").arg("--ca-cert").arg(rx.ca_path()).args([
        "--api-key",
        KEY,
        "--backoff",
        "10ms",
    ]);
    cmd
}

#[test]
fn fire_upload_reaches_the_receiver_signed() {
    let env = Env::new();
    let rx = Receiver::start();
    let id = env.add_hook("inv", KEY, &rx.url("/hook"), &["Upload"]);
    let out = fire(&env, &rx)
        .args(["Upload", "--entry", "a1b2c3d4-5678-90ab-cdef-1234567890ab"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let reqs = rx.requests_to("/hook");
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(
        r.body_text(),
        r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#
    );
    let secret = env.secret_of(&id);
    standardwebhooks::Webhook::new(&secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .expect("signature verifies");
}
