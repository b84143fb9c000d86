//! `listen` end to end: `fire` and `test` to a TLS listener, tampered and
//! rule-breaking requests, scripted answers and `fire`'s retries,
//! forwarding to an app that verifies with the `standardwebhooks` crate,
//! `received replay` back to it, `--once` exit codes, and stopping.

use serde_json::Value;

use crate::support::listener::*;
use crate::support::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const UPLOAD: &str = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
const DELETE: &str = r#"{"event":"Delete","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
/// An Upload with two entries: genuine when signed, but against its rule.
const UPLOAD_TWO_ENTRIES: &str = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab","f9e8d7c6-5432-10fe-dcba-0987654321fe"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;

/// A webhook `local` of collection KEY subscribed to every event; its URL
/// is set to the listener's once the listener runs (`point_at`).
fn add_local_hook(w: &World) {
    w.add_hook("local", KEY, "https://127.0.0.1:9/hooks", &ALL_EVENTS);
}

fn point_at(w: &World, url: &str) {
    w.dev_cmd()
        .args(["edit", "local", "--url", url])
        .expect(exit::OK);
}

/// `fire EVENT` at collection KEY, trusting the listener's CA.
fn fire(w: &World, listener: &Listener, event: &str, extra: &[&str]) -> Outcome {
    let ca = listener.ca_path();
    let mut cmd = w.dev_cmd();
    cmd.args(["--json", "fire", event, "--api-key", KEY, "--ca-cert", &ca])
        .args(["--backoff", "10ms"])
        .args(extra);
    cmd.outcome()
}

fn received(w: &World, args: &[&str]) -> Vec<Value> {
    let out = w
        .cmd()
        .args(["--json", "received"])
        .args(args)
        .expect(exit::OK);
    out.json::<Value>()["requests"].as_array().unwrap().clone()
}

fn post_signed(listener: &Listener, secret: &str, at: i64, body: &str) -> (u16, String) {
    let headers = signed(secret, "msg_test", at, body.as_bytes());
    post(&listener.addr(), "/hooks", &headers, body.as_bytes())
}

#[test]
fn fire_and_test_to_a_tls_listener_verify_and_validate() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--tls", "--hook", "local"]);
    let ca = std::path::PathBuf::from(listener.ca_path());
    assert_eq!(
        ca,
        w.dir
            .path()
            .canonicalize()
            .unwrap()
            .join("echo3d-hooks-ca.pem")
    );
    let key = ca.with_file_name("echo3d-hooks-ca.key");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the CA's key is private");
    assert_eq!(
        listener.listening["secrets"],
        serde_json::json!(["local (current)"])
    );
    point_at(&w, &listener.url("/hooks"));

    let ca_text = ca.display().to_string();
    let tested = w
        .dev_cmd()
        .args(["--json", "test", "local", "--ca-cert", &ca_text])
        .expect(exit::OK);
    assert_eq!(tested.json::<Value>()["summary"]["succeeded"], 9);
    let mut events = Vec::new();
    for request in listener.requests(9) {
        assert_eq!(request["signature"]["verdict"], "valid", "{request}");
        assert_eq!(request["signature"]["detail"], "local (current)");
        assert_eq!(request["payload"]["valid"], true, "{request}");
        assert_eq!(
            (request["status"].as_u64(), request["valid"].as_bool()),
            (Some(204), Some(true))
        );
        events.push(request["event"].as_str().unwrap().to_string());
    }
    events.sort();
    let mut all: Vec<String> = ALL_EVENTS.iter().map(|e| e.to_string()).collect();
    all.sort();
    assert_eq!(events, all);

    let fired = fire(&w, &listener, "Upload", &["--entry", ENTRY_A]);
    assert!((fired.code == Some(exit::OK)), "{}", fired.stderr.clone());
    let delivery = &fired.json::<Value>()["deliveries"][0];
    assert_eq!(delivery["status"], 204);
    let request = listener.next_request();
    assert_eq!(request["messageId"], delivery["messageId"]);
    assert_eq!(request["event"], "Upload");

    let ended = listener.stop(libc::SIGINT);
    assert_eq!(ended.code(), Some(0), "{}", ended.stderr);
    let summary = ended.last("summary");
    assert_eq!(
        (summary["received"].as_u64(), summary["valid"].as_u64()),
        (Some(10), Some(10))
    );
    let recorded = received(&w, &[]);
    assert_eq!(recorded.len(), 10);
    assert!(
        recorded
            .iter()
            .all(|r| r["valid"] == true && r["status"] == 204)
    );
    assert_eq!(
        recorded[0]["messageId"], delivery["messageId"],
        "newest first"
    );
}

#[test]
fn a_tampered_body_is_answered_401_and_a_broken_rule_400_and_both_are_recorded() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--secret", SECRET]);
    let now = now_seconds();
    let headers = signed(SECRET, "msg_tampered", now, UPLOAD.as_bytes());
    let tampered = UPLOAD.replace("a1b2", "a1b3");
    let (status, why) = post(&listener.addr(), "/hooks", &headers, tampered.as_bytes());
    assert_eq!(status, 401);
    assert!(why.starts_with("the signature does not verify"), "{why}");
    let request = listener.next_request();
    assert_eq!(request["signature"]["verdict"], "mismatch");
    assert_eq!(
        (request["status"].as_u64(), request["valid"].as_bool()),
        (Some(401), Some(false))
    );
    let tampered_id = request["receivedId"].as_i64().unwrap();

    let (status, why) = post_signed(&listener, SECRET, now, UPLOAD_TWO_ENTRIES);
    assert_eq!(status, 400);
    assert!(
        why.contains("Upload requires entryIds to be exactly 1"),
        "{why}"
    );
    let request = listener.next_request();
    assert_eq!(request["signature"]["verdict"], "valid");
    assert_eq!(request["payload"]["valid"], false);

    assert_eq!(post_signed(&listener, SECRET, now, UPLOAD).0, 204);
    listener.next_request();

    let invalid = received(&w, &["--invalid"]);
    let statuses: Vec<&Value> = invalid.iter().map(|r| &r["status"]).collect();
    assert_eq!(statuses, [400, 401]);
    let shown = w
        .cmd()
        .args(["--json", "received", "show", &tampered_id.to_string()])
        .expect(exit::OK);
    let shown = &shown.json::<Value>()["request"];
    assert_eq!(shown["body"], tampered);
    assert_eq!(shown["headers"]["webhook-id"], "msg_tampered");
    assert_eq!(shown["signature"]["verdict"], "mismatch");
    let human = w
        .cmd()
        .args(["received", "show", &tampered_id.to_string()])
        .expect(exit::OK);
    let human = human.stdout.clone();
    assert!(human.contains("mismatch: "), "{human}");
    assert!(human.contains(&tampered), "{human}");
}

#[test]
fn accept_invalid_answers_204_but_still_records_the_verdicts() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--secret", SECRET, "--accept-invalid"]);
    let (status, _) = post_signed(&listener, OTHER_SECRET, now_seconds(), UPLOAD);
    assert_eq!(status, 204);
    let request = listener.next_request();
    assert_eq!(request["signature"]["verdict"], "mismatch");
    assert_eq!(request["valid"], false);
}

#[test]
fn respond_503_then_200_makes_fire_retry_once_with_the_same_webhook_id() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--tls", "--hook", "local", "--respond", "503,200"]);
    point_at(&w, &listener.url("/hooks"));
    let fired = fire(&w, &listener, "Upload", &["--entry", ENTRY_A]);
    assert!((fired.code == Some(exit::OK)), "{}", fired.stderr.clone());
    let delivery = &fired.json::<Value>()["deliveries"][0];
    assert_eq!(
        (delivery["attempts"].as_u64(), delivery["status"].as_u64()),
        (Some(2), Some(200))
    );
    let [first, second] = [listener.next_request(), listener.next_request()];
    assert_eq!(
        (first["status"].as_u64(), second["status"].as_u64()),
        (Some(503), Some(200))
    );
    assert_eq!(first["messageId"], delivery["messageId"]);
    assert_eq!(second["messageId"], delivery["messageId"]);
    assert!(first["valid"] == true && second["valid"] == true);
}

#[test]
fn close_drops_the_connection_and_hang_holds_it_until_the_sender_gives_up() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--tls", "--respond", "close,hang"]);
    point_at(&w, &listener.url("/hooks"));
    let fired = fire(
        &w,
        &listener,
        "Upload",
        &["--entry", ENTRY_A, "--retries", "1", "--timeout", "1s"],
    );
    assert_eq!(
        fired.code,
        Some(exit::DELIVERY_FAILED),
        "{}",
        fired.stderr.clone()
    );
    let delivery = &fired.json::<Value>()["deliveries"][0];
    assert_eq!(delivery["attempts"], 2);
    assert!(
        delivery["error"].as_str().unwrap().contains("timed out"),
        "{delivery}"
    );
    let [closed, held] = [listener.next_request(), listener.next_request()];
    assert_eq!(
        (closed["answer"].as_str(), closed["status"].as_u64()),
        (Some("close"), None)
    );
    assert_eq!(
        (held["answer"].as_str(), held["status"].as_u64()),
        (Some("hang"), None)
    );
    let ended = listener.stop(libc::SIGTERM);
    assert_eq!(ended.code(), Some(0), "{}", ended.stderr);
    let answers: Vec<Value> = received(&w, &[])
        .iter()
        .map(|r| r["answer"].clone())
        .collect();
    assert_eq!(answers, ["hang", "close"]);
}

#[test]
fn forwarded_requests_reach_the_app_re_signed_and_replays_reach_it_again() {
    let w = World::new();
    add_local_hook(&w);
    let printed = w
        .cmd()
        .args(["--json", "listen", "--print-secret"])
        .expect(exit::OK);
    let listener_secret = printed.json::<Value>()["listenerSecret"]
        .as_str()
        .unwrap()
        .to_string();
    let app = App::start(&listener_secret, 200);
    let forward_to = app.url("/webhooks");
    let mut listener = Listener::start(
        &w,
        &[
            "--tls",
            "--hook",
            "local",
            "--forward-to",
            &forward_to,
            "--resign",
            "--events",
            "Upload,Delete",
        ],
    );
    assert_eq!(listener.listening["resignSecret"], listener_secret.as_str());
    point_at(&w, &listener.url("/hooks"));

    let fired = fire(&w, &listener, "Upload", &["--entry", ENTRY_A]);
    assert!((fired.code == Some(exit::OK)), "{}", fired.stderr.clone());
    let delivery = &fired.json::<Value>()["deliveries"][0];
    assert_eq!(delivery["status"], 200, "the app's status comes back");
    let reached = app.requests();
    assert_eq!(reached.len(), 1);
    assert!(
        reached[0].verified,
        "the app verifies the listener's signature"
    );
    assert_eq!(
        reached[0].header("webhook-id"),
        delivery["messageId"].as_str().unwrap()
    );
    assert_eq!(reached[0].body, UPLOAD.as_bytes());
    let request = listener.next_request();
    assert_eq!(request["forward"]["status"], 200);
    assert_eq!(request["forward"]["url"], forward_to.as_str());
    let upload_id = request["receivedId"].as_i64().unwrap().to_string();

    let skipped = fire(&w, &listener, "Processed", &["--entry", ENTRY_A]);
    assert!((skipped.code == Some(exit::OK)));
    assert_eq!(skipped.json::<Value>()["deliveries"][0]["status"], 204);
    assert_eq!(listener.next_request()["forward"], Value::Null);
    assert_eq!(
        app.requests().len(),
        1,
        "--events keeps Processed from the app"
    );

    let replayed = w
        .cmd()
        .args([
            "--json",
            "received",
            "replay",
            &upload_id,
            "--to",
            &forward_to,
        ])
        .expect(exit::OK);
    let replay = &replayed.json::<Value>()["replays"][0];
    assert_eq!(
        (replay["state"].as_str(), replay["status"].as_u64()),
        (Some("succeeded"), Some(200))
    );
    let reached = app.requests();
    assert_eq!(reached.len(), 2);
    assert!(reached[1].verified);
    assert_eq!(
        reached[1].header("webhook-id"),
        reached[0].header("webhook-id")
    );
    assert_eq!(reached[1].body, reached[0].body);

    w.cmd()
        .args([
            "received",
            "replay",
            &upload_id,
            "--to",
            &forward_to,
            "--new-id",
        ])
        .expect(exit::OK);
    let reached = app.requests();
    assert!(reached[2].verified);
    assert_ne!(
        reached[2].header("webhook-id"),
        reached[0].header("webhook-id")
    );

    let dry = w
        .cmd()
        .args([
            "--json",
            "received",
            "replay",
            "--event",
            "Upload",
            "--to",
            &forward_to,
            "--dry-run",
        ])
        .expect(exit::OK);
    let dry = dry.json::<Value>();
    assert_eq!(dry["replays"][0]["body"], UPLOAD);
    assert_eq!(dry["replays"][0]["url"], forward_to.as_str());
    assert_eq!(app.requests().len(), 3, "a dry run sends nothing");

    let failing = App::start(&listener_secret, 500);
    let out = w
        .cmd()
        .args([
            "--json",
            "received",
            "replay",
            &upload_id,
            "--to",
            &failing.url("/"),
        ])
        .outcome();
    assert_eq!(
        out.code,
        Some(exit::DELIVERY_FAILED),
        "{}",
        out.stderr.clone()
    );
    let doc = out.json::<Value>();
    assert_eq!(doc["replays"][0]["state"], "failed");
    assert_eq!(doc["error"]["kind"], "delivery_failed");
}

/// `listen --once --expect Upload --secret SECRET`, sent `body` signed with
/// `secret` at `now + skew`; its exit code and last lines.
fn once(body: &str, secret: &str, skew: i64) -> Ended {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--once", "--expect", "Upload", "--secret", SECRET]);
    // A request of another event is answered, and the wait goes on.
    assert_eq!(post_signed(&listener, SECRET, now_seconds(), DELETE).0, 204);
    assert_eq!(listener.next_request()["event"], "Delete");
    post_signed(&listener, secret, now_seconds() + skew, body);
    listener.wait()
}

#[test]
fn once_with_expect_exits_with_each_documented_code() {
    let cases = [
        (UPLOAD, SECRET, 0, 0, None),
        (UPLOAD, OTHER_SECRET, 0, 9, Some("signature_mismatch")),
        (
            UPLOAD,
            SECRET,
            -600,
            10,
            Some("timestamp_outside_tolerance"),
        ),
        (UPLOAD_TWO_ENTRIES, SECRET, 0, 11, Some("payload_rejected")),
    ];
    for (body, secret, skew, code, kind) in cases {
        let ended = once(body, secret, skew);
        assert_eq!(ended.code(), Some(code), "{}", ended.stderr);
        assert_eq!(ended.last("request")["event"], "Upload");
        assert_eq!(ended.last("summary")["stoppedBy"], "once");
        if let Some(kind) = kind {
            assert_eq!(ended.last("error")["kind"], kind);
            assert_eq!(ended.last("error")["code"], code);
        }
    }
    let w = World::new();
    let listener = Listener::start(&w, &["--once", "--expect", "Upload", "--timeout", "1s"]);
    let ended = listener.wait();
    assert_eq!(ended.code(), Some(12), "{}", ended.stderr);
    assert_eq!(ended.last("summary")["stoppedBy"], "timeout");
    assert_eq!(ended.last("error")["kind"], "timed_out");
    assert!(
        ended.stderr.contains("no request of Upload came within 1s"),
        "{}",
        ended.stderr
    );
}

#[test]
fn sigterm_lets_a_forwarded_request_in_flight_finish_and_records_it() {
    let w = World::new();
    let app = Receiver::start_plain();
    app.script(
        "/slow",
        [Reply::Delayed(std::time::Duration::from_secs(2), 202)],
    );
    let listener = Listener::start(&w, &["--forward-to", &app.url("/slow")]);
    let addr = listener.addr();
    let sender = std::thread::spawn(move || post(&addr, "/hooks", &[], UPLOAD.as_bytes()));
    // The app has the request (and holds its answer) before the signal.
    let deadline = std::time::Instant::now() + PATIENCE;
    while app.count() == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the request never reached the app"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let ended = listener.stop(libc::SIGTERM);
    assert_eq!(
        sender.join().unwrap().0,
        202,
        "the request in flight was answered"
    );
    assert_eq!(ended.code(), Some(0), "{}", ended.stderr);
    let summary = ended.last("summary");
    assert_eq!(
        (summary["received"].as_u64(), summary["forwarded"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(ended.last("request")["status"], 202);
    assert_eq!(received(&w, &[])[0]["forward"]["status"], 202);
}

#[test]
fn a_port_in_use_is_refused_with_how_to_choose_another() {
    let w = World::new();
    let first = Listener::start(&w, &[]);
    let port = first.port().to_string();
    let out = w.cmd().args(["listen", "--port", &port]).outcome();
    assert_eq!(out.code, Some(exit::INVALID));
    let stderr = out.stderr.clone();
    assert!(
        stderr.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0 for any free port"), "{stderr}");
}

#[test]
fn only_the_path_served_is_checked_and_recorded() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--path", "/hooks"]);
    let (status, why) = post(&listener.addr(), "/other", &[], UPLOAD.as_bytes());
    assert_eq!(
        (status, why.as_str()),
        (404, "not found; webhooks go to /hooks")
    );
    assert_eq!(
        post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes()).0,
        204
    );
    let request = listener.next_request();
    assert_eq!(
        (
            request["path"].as_str(),
            request["signature"]["verdict"].as_str()
        ),
        (Some("/hooks"), Some("not-checked"))
    );
    let ended = listener.stop(libc::SIGINT);
    assert!(
        ended
            .stderr
            .contains("POST /other: not the path served (/hooks); answered 404"),
        "{}",
        ended.stderr
    );
    assert_eq!(received(&w, &[]).len(), 1);
}

#[test]
fn bad_flags_are_refused_before_anything_listens() {
    let w = World::new();
    add_local_hook(&w);
    let cases: [(&[&str], i32, &str); 6] = [
        (
            &["--hook", "nope"],
            4,
            "no webhook has the name or id \"nope\"",
        ),
        (&["--secret", "nope"], 3, "does not start with `whsec_`"),
        (
            &["--forward-to", "http://10.0.0.1/x"],
            3,
            "--forward-to: URL",
        ),
        (&["--respond", "503,99"], 3, "`99` is not an answer"),
        (&["--expect", "Upload"], 2, "--once"),
        (&["--max-body", "2TiB"], 3, "is not a size"),
    ];
    for (args, code, says) in cases {
        let mut cmd = w.cmd();
        cmd.args(["listen", "--port", "0"]).args(args);
        if code == 2 {
            let out = cmd.outcome();
            assert_eq!(out.code, Some(exit::USAGE), "{args:?}");
            assert!(
                out.stderr.clone().contains(says),
                "{args:?}: {}",
                out.stderr.clone()
            );
        } else {
            w.refuses(cmd, code, &[says]);
        }
    }
}

#[test]
fn your_own_certificate_is_served_with_tls_cert_and_tls_key() {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let w = World::new();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    let write = |name: &str, text: String| {
        let path = w.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (ca, cert, key) = (
        write("own-ca.pem", ca_cert.pem()),
        write("cert.pem", leaf.pem()),
        write("key.pem", leaf_key.serialize_pem()),
    );
    w.refuses(
        w.cmd()
            .args(["listen", "--tls-cert", &cert, "--tls-key", &ca]),
        exit::INVALID,
        &["--tls-key"],
    );
    let mut listener = Listener::start(&w, &["--tls-cert", &cert, "--tls-key", &key]);
    assert_eq!(listener.listening["tls"], true);
    assert_eq!(listener.listening["caPath"], Value::Null);
    assert!(!w.dir.path().join("echo3d-hooks-ca.pem").exists());
    w.add_hook("own", KEY, &listener.url("/hooks"), &["Upload"]);
    w.dev_cmd()
        .args([
            "fire",
            "Upload",
            "--api-key",
            KEY,
            "--entry",
            ENTRY_A,
            "--ca-cert",
            &ca,
        ])
        .expect(exit::OK);
    assert_eq!(listener.next_request()["status"], 204);
}

#[test]
fn an_app_that_cannot_be_reached_is_answered_502() {
    let w = World::new();
    // A port nothing listens on: bound, then released.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let forward_to = format!("http://{closed}/webhooks");
    let mut listener = Listener::start(&w, &["--forward-to", &forward_to]);
    let (status, why) = post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes());
    assert_eq!(status, 502);
    assert!(why.starts_with("the app could not be reached: "), "{why}");
    let request = listener.next_request();
    assert_eq!(request["forward"]["status"], Value::Null);
    assert!(
        request["forward"]["error"]
            .as_str()
            .unwrap()
            .contains("onnect"),
        "{request}"
    );
    let ended = listener.stop(libc::SIGINT);
    let summary = ended.last("summary");
    assert_eq!(
        (
            summary["forwarded"].as_u64(),
            summary["forwardFailed"].as_u64()
        ),
        (Some(0), Some(1))
    );
}

#[test]
fn a_scripted_status_can_carry_a_retry_after() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--respond", "429:2"]);
    let raw = format!(
        "POST /hooks HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{UPLOAD}",
        UPLOAD.len()
    );
    let answer = String::from_utf8(exchange(&listener.addr(), raw.as_bytes())).unwrap();
    assert!(answer.starts_with("HTTP/1.1 429 "), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("\r\nretry-after: 2\r\n"),
        "{answer}"
    );
    assert_eq!(listener.next_request()["status"], 429);
}
