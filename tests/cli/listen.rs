//! `listen` end to end: `fire` and `test` to a TLS listener, tampered and
//! rule-breaking requests, scripted answers and `fire`'s retries,
//! forwarding to an app that verifies with the `standardwebhooks` crate,
//! `received replay` back to it, `--once` exit codes, and stopping.

use crate::support::json::{
    Answer, ErrorDoc, ListenLine, ListenerSecretDoc, ReceivedRequest, ReplayDryRunDoc, ReplayState,
    ReplaysDoc, RequestDoc, RequestsDoc, RunDoc, StoppedBy, Verdict,
};
use crate::support::listener::*;
use crate::support::spawned::Running;
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

/// `--json fire EVENT ARGS` at collection KEY with `flags` (see
/// `Listener::sending`), expecting exit `code`.
fn fire(w: &World, flags: Sending, event: &str, args: &[&str], code: i32) -> RunDoc {
    let mut cmd = w.fire_with(flags, &[event]);
    cmd.arg("--json").args(args);
    cmd.expect(code).json()
}

fn received(w: &World, args: &[&str]) -> Vec<ReceivedRequest> {
    w.cmd()
        .args(["--json", "received"])
        .args(args)
        .expect(exit::OK)
        .json::<RequestsDoc>()
        .requests
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
    assert_eq!(listener.listening.secrets, ["local (current)"]);
    point_at(&w, &listener.url("/hooks"));

    let tested = w
        .send_with(listener.sending(), &["--json", "test", "local"])
        .expect(exit::OK);
    assert_eq!(tested.json::<RunDoc>().summary.succeeded, 9);
    let mut events = Vec::new();
    for request in listener.requests(9) {
        assert_eq!(request.signature.verdict, Verdict::Valid, "{request:?}");
        assert_eq!(request.signature.detail.as_deref(), Some("local (current)"));
        assert!(request.payload.valid, "{request:?}");
        assert_eq!((request.status, request.valid), (Some(204), true));
        events.push(request.event.expect("one of the nine"));
    }
    events.sort();
    let mut all: Vec<String> = ALL_EVENTS.iter().map(|e| e.to_string()).collect();
    all.sort();
    assert_eq!(events, all);

    let fired = fire(
        &w,
        listener.sending(),
        "Upload",
        &["--entry", ENTRY_A],
        exit::OK,
    );
    let delivery = fired.only();
    assert_eq!(delivery.status, Some(204));
    let request = listener.next_request();
    assert_eq!(request.message_id.as_ref(), Some(&delivery.message_id));
    assert_eq!(request.event.as_deref(), Some("Upload"));

    let ended = listener.stop(libc::SIGINT);
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    let summary = ended.summary();
    assert_eq!((summary.received, summary.valid), (10, 10));
    let recorded = received(&w, &[]);
    assert_eq!(recorded.len(), 10);
    assert!(recorded.iter().all(|r| r.valid && r.status == Some(204)));
    assert_eq!(
        recorded[0].message_id.as_ref(),
        Some(&delivery.message_id),
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
    assert_eq!(request.signature.verdict, Verdict::Mismatch);
    assert_eq!((request.status, request.valid), (Some(401), false));
    let tampered_id = request.received_id.expect("recorded");

    let (status, why) = post_signed(&listener, SECRET, now, UPLOAD_TWO_ENTRIES);
    assert_eq!(status, 400);
    assert!(
        why.contains("Upload requires entryIds to be exactly 1"),
        "{why}"
    );
    let request = listener.next_request();
    assert_eq!(request.signature.verdict, Verdict::Valid);
    assert!(!request.payload.valid);

    assert_eq!(post_signed(&listener, SECRET, now, UPLOAD).0, 204);
    listener.next_request();

    let invalid = received(&w, &["--invalid"]);
    let statuses: Vec<Option<u16>> = invalid.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(400), Some(401)]);
    let shown = w
        .cmd()
        .args(["--json", "received", "show", &tampered_id.to_string()])
        .expect(exit::OK)
        .json::<RequestDoc>()
        .request;
    assert_eq!(shown.body, tampered);
    assert_eq!(shown.headers["webhook-id"], "msg_tampered");
    assert_eq!(shown.signature.verdict, Verdict::Mismatch);
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
    assert_eq!(request.signature.verdict, Verdict::Mismatch);
    assert!(!request.valid);
}

#[test]
fn a_request_signed_with_another_stored_webhooks_secret_names_that_webhook() {
    let w = World::new();
    add_local_hook(&w);
    let crm = w.add_hook("crm", KEY, "https://127.0.0.1:9/crm", &ALL_EVENTS);
    let expected = format!("signed with the secret of another stored webhook, crm ({crm})");
    // Checked with a webhook's secrets, and with --secret alone: either way
    // the store's other webhooks explain the mismatch.
    for args in [["--hook", "local"], ["--secret", SECRET]] {
        let mut listener = Listener::start(&w, &args);
        let (status, _) = post_signed(&listener, &w.secret_of("crm"), now_seconds(), UPLOAD);
        assert_eq!(status, 401, "{args:?}");
        let request = listener.next_request();
        assert_eq!(request.signature.verdict, Verdict::Mismatch);
        let detail = request.signature.detail.unwrap_or_default();
        assert!(detail.contains(&expected), "{args:?}: {detail}");
        // A hangup (a closed terminal) stops it as SIGTERM does, with its summary.
        let ended = listener.stop(libc::SIGHUP);
        assert_eq!(ended.code(), Some(exit::OK));
        assert_eq!(ended.summary().received, 1);
    }
}

#[test]
fn a_secret_rotated_or_a_webhook_added_while_listening_is_known_at_once() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--hook", "local"]);
    w.cmd()
        .args(["edit", "local", "--rotate-secret", "--grace", "0s"])
        .expect(exit::OK);
    let rotated = w.secret_of("local");
    let (status, _) = post_signed(&listener, &rotated, now_seconds(), UPLOAD);
    assert_eq!(status, 204, "the rotated secret verifies");
    let request = listener.next_request();
    assert_eq!(request.signature.verdict, Verdict::Valid);
    assert_eq!(request.signature.detail.as_deref(), Some("local (current)"));

    let late = w.add_hook("late", KEY, "https://127.0.0.1:9/late", &ALL_EVENTS);
    let (status, _) = post_signed(&listener, &w.secret_of("late"), now_seconds(), UPLOAD);
    assert_eq!(status, 401);
    let detail = listener.next_request().signature.detail.unwrap_or_default();
    assert!(
        detail.contains(&format!("another stored webhook, late ({late})")),
        "{detail}"
    );
    listener.stop(libc::SIGTERM);
}

#[test]
fn a_sender_that_refuses_the_certificate_is_named_at_the_listener() {
    let w = World::new();
    add_local_hook(&w);
    let listener = Listener::start(&w, &["--tls"]);
    point_at(&w, &listener.url("/hooks"));
    // Without --ca-cert the sender does not trust the local CA.
    let out = w
        .dev_cmd()
        .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .args(["--retries", "0"])
        .expect(exit::DELIVERY_FAILED);
    assert!(
        out.stdout.contains("certificate was refused"),
        "{}",
        out.stdout
    );
    let ended = listener.stop(libc::SIGTERM);
    let ca = w
        .dir
        .path()
        .canonicalize()
        .unwrap()
        .join("echo3d-hooks-ca.pem");
    let expected = format!(
        "refused this listener's TLS certificate (alert UnknownCA) and sent nothing; the sender \
         must trust the local CA (`fire --ca-cert {}`)",
        ca.display()
    );
    assert!(ended.stderr.contains(&expected), "{}", ended.stderr);

    // Trusted, but reached by an address the certificate does not name.
    let listener = Listener::start(&w, &["--tls", "--bind", "0.0.0.0"]);
    let port = listener.listening.port;
    point_at(&w, &format!("https://127.0.0.2:{port}/hooks"));
    w.dev_cmd()
        .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .args(["--retries", "0", "--ca-cert"])
        .arg(&ca)
        .expect(exit::DELIVERY_FAILED);
    let ended = listener.stop(libc::SIGTERM);
    let expected = "(alert BadCertificate) and sent nothing; the sender must trust the local CA \
                    (`fire --ca-cert";
    assert!(ended.stderr.contains(expected), "{}", ended.stderr);
    let names = "and reach the listener by a name or address the certificate names \
                 (localhost, 127.0.0.1, ::1 and 0.0.0.0)";
    assert!(ended.stderr.contains(names), "{}", ended.stderr);
}

#[test]
fn reading_the_secrets_again_keeps_the_recorders_locks() {
    // A forged request makes the checks read the store again. That read
    // must not drop the locks of the recorder's connection: another process
    // closing the store would then delete the write-ahead log under it, and
    // what the listener records after would be lost when it is killed.
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--hook", "local"]);
    assert_eq!(
        post_signed(&listener, OTHER_SECRET, now_seconds(), UPLOAD).0,
        401
    );
    listener.next_request();
    received(&w, &[]);
    assert_eq!(
        post_signed(&listener, OTHER_SECRET, now_seconds(), DELETE).0,
        401
    );
    listener.next_request();
    listener.stop(libc::SIGKILL);
    assert_eq!(received(&w, &[]).len(), 2);
}

#[test]
fn respond_503_then_200_makes_fire_retry_once_with_the_same_webhook_id() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--tls", "--hook", "local", "--respond", "503,200"]);
    point_at(&w, &listener.url("/hooks"));
    let fired = fire(
        &w,
        listener.sending(),
        "Upload",
        &["--entry", ENTRY_A],
        exit::OK,
    );
    let delivery = fired.only();
    assert_eq!((delivery.attempts, delivery.status), (2, Some(200)));
    let [first, second] = [listener.next_request(), listener.next_request()];
    assert_eq!((first.status, second.status), (Some(503), Some(200)));
    assert_eq!(first.message_id.as_ref(), Some(&delivery.message_id));
    assert_eq!(second.message_id.as_ref(), Some(&delivery.message_id));
    assert!(first.valid && second.valid);
}

#[test]
fn close_drops_the_connection_and_hang_holds_it_until_the_sender_gives_up() {
    let w = World::new();
    add_local_hook(&w);
    let mut listener = Listener::start(&w, &["--tls", "--respond", "close,hang"]);
    point_at(&w, &listener.url("/hooks"));
    let fired = fire(
        &w,
        listener.sending().retries(1).timeout("1s"),
        "Upload",
        &["--entry", ENTRY_A],
        exit::DELIVERY_FAILED,
    );
    let delivery = fired.only();
    assert_eq!(delivery.attempts, 2);
    assert!(
        delivery
            .error
            .as_deref()
            .is_some_and(|e| e.contains("timed out")),
        "{delivery:?}"
    );
    let [closed, held] = [listener.next_request(), listener.next_request()];
    assert_eq!((closed.answer, closed.status), (Answer::Close, None));
    assert_eq!((held.answer, held.status), (Answer::Hang, None));
    let ended = listener.stop(libc::SIGTERM);
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    let answers: Vec<Answer> = received(&w, &[]).iter().map(|r| r.answer).collect();
    assert_eq!(answers, [Answer::Hang, Answer::Close]);
}

#[test]
fn forwarded_requests_reach_the_app_re_signed_and_replays_reach_it_again() {
    let w = World::new();
    add_local_hook(&w);
    let printed = w
        .cmd()
        .args(["--json", "listen", "--print-secret"])
        .expect(exit::OK);
    let listener_secret = printed.json::<ListenerSecretDoc>().listener_secret;
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
    assert_eq!(
        listener.listening.resign_secret.as_ref(),
        Some(&listener_secret)
    );
    point_at(&w, &listener.url("/hooks"));

    let fired = fire(
        &w,
        listener.sending(),
        "Upload",
        &["--entry", ENTRY_A],
        exit::OK,
    );
    let delivery = fired.only();
    assert_eq!(delivery.status, Some(200), "the app's status comes back");
    let reached = app.requests();
    assert_eq!(reached.len(), 1);
    assert!(
        reached[0].verified,
        "the app verifies the listener's signature"
    );
    assert_eq!(reached[0].header("webhook-id"), delivery.message_id);
    assert_eq!(reached[0].body, UPLOAD.as_bytes());
    let request = listener.next_request();
    let forward = request.forward.expect("forwarded");
    assert_eq!(forward.status, Some(200));
    assert_eq!(forward.url.as_ref(), Some(&forward_to));
    let upload_id = request.received_id.expect("recorded").to_string();

    let skipped = fire(
        &w,
        listener.sending(),
        "Processed",
        &["--entry", ENTRY_A],
        exit::OK,
    );
    assert_eq!(skipped.only().status, Some(204));
    assert_eq!(listener.next_request().forward, None);
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
        .expect(exit::OK)
        .json::<ReplaysDoc>();
    let replay = &replayed.replays[0];
    assert_eq!(
        (replay.state, replay.status),
        (ReplayState::Succeeded, Some(200))
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
        .expect(exit::OK)
        .json::<ReplayDryRunDoc>();
    assert!(dry.dry_run);
    assert_eq!(dry.replays[0].body, UPLOAD);
    assert_eq!(dry.replays[0].url, forward_to);
    assert_eq!(app.requests().len(), 3, "a dry run sends nothing");

    let failing = App::start(&listener_secret, 500);
    let doc = w
        .cmd()
        .args([
            "--json",
            "received",
            "replay",
            &upload_id,
            "--to",
            &failing.url("/"),
        ])
        .expect(exit::DELIVERY_FAILED)
        .json::<ReplaysDoc>();
    assert_eq!(doc.replays[0].state, ReplayState::Failed);
    assert_eq!(doc.error.expect("an error").kind, "delivery_failed");
}

/// `listen --once --expect Upload --secret SECRET`, sent `body` signed with
/// `secret` at `now + skew`; its exit code and last lines.
fn once(body: &str, secret: &str, skew: i64) -> Ended {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--once", "--expect", "Upload", "--secret", SECRET]);
    // A request of another event is answered, and the wait goes on.
    assert_eq!(post_signed(&listener, SECRET, now_seconds(), DELETE).0, 204);
    assert_eq!(listener.next_request().event.as_deref(), Some("Delete"));
    post_signed(&listener, secret, now_seconds() + skew, body);
    listener.wait()
}

#[test]
fn once_with_expect_exits_with_each_documented_code() {
    let cases = [
        (UPLOAD, SECRET, 0, exit::OK, None),
        (
            UPLOAD,
            OTHER_SECRET,
            0,
            exit::SIGNATURE_MISMATCH,
            Some("signature_mismatch"),
        ),
        (
            UPLOAD,
            SECRET,
            -600,
            exit::TIMESTAMP_OUTSIDE_TOLERANCE,
            Some("timestamp_outside_tolerance"),
        ),
        (
            UPLOAD_TWO_ENTRIES,
            SECRET,
            0,
            exit::PAYLOAD_REJECTED,
            Some("payload_rejected"),
        ),
    ];
    for (body, secret, skew, code, kind) in cases {
        let ended = once(body, secret, skew);
        assert_eq!(ended.code(), Some(code), "{}", ended.stderr);
        assert_eq!(ended.last_request().event.as_deref(), Some("Upload"));
        assert_eq!(ended.summary().stopped_by, StoppedBy::Once);
        if let Some(kind) = kind {
            assert_eq!(ended.error().kind, kind);
            assert_eq!(ended.error().code, code);
        }
    }
    let w = World::new();
    let listener = Listener::start(&w, &["--once", "--expect", "Upload", "--timeout", "1s"]);
    let ended = listener.wait();
    assert_eq!(
        ended.code(),
        Some(exit::LISTEN_TIMED_OUT),
        "{}",
        ended.stderr
    );
    assert_eq!(ended.summary().stopped_by, StoppedBy::Timeout);
    assert_eq!(ended.error().kind, "timed_out");
    assert!(
        ended.stderr.contains("no request of Upload came within 1s"),
        "{}",
        ended.stderr
    );

    // Stopped before its request came, `--once` fails: a CI step that was
    // cancelled must not pass.
    let listener = Listener::start(&w, &["--once", "--expect", "Upload"]);
    let ended = listener.stop(libc::SIGTERM);
    assert_eq!(ended.code(), Some(exit::INTERRUPTED), "{}", ended.stderr);
    assert_eq!(ended.summary().stopped_by, StoppedBy::Signal);
    assert_eq!(ended.error().kind, "interrupted");
    assert!(
        ended
            .stderr
            .contains("stopped by a signal before a request of Upload came"),
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
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    let summary = ended.summary();
    assert_eq!((summary.received, summary.forwarded), (1, 1));
    assert_eq!(ended.last_request().status, Some(202));
    let forward = received(&w, &[]).remove(0).forward.expect("forwarded");
    assert_eq!(forward.status, Some(202));
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

/// A listener on every address names loopback in its URL (where a sender on
/// this machine posts) and warns where else it can be reached, and what
/// becomes of what arrives there.
#[test]
fn a_listener_on_every_address_says_so() {
    let w = World::new();
    let listener = Listener::start(&w, &["--bind", "0.0.0.0", "--no-record"]);
    let port = listener.port();
    let listening = &listener.listening;
    assert_eq!(listening.url, format!("http://127.0.0.1:{port}/"));
    assert_eq!(listening.bind, "0.0.0.0");
    let ended = listener.stop(libc::SIGINT);
    assert!(
        ended.stderr.contains(&format!(
            "warning: listening on every address of this machine (0.0.0.0:{port}), which \
             other machines may reach: whatever they send is answered"
        )),
        "{}",
        ended.stderr
    );
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
        (request.path.as_str(), request.signature.verdict),
        ("/hooks", Verdict::NotChecked)
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

/// A GET (a browser, a health check) is no webhook: answered 405 with
/// `Allow: POST`, not recorded, and not the request `--once` waits for.
#[test]
fn only_posts_are_checked_and_recorded() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--once"]);
    let answer = exchange(
        &listener.addr(),
        b"GET /hooks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    let (status, why) = parse_answer(&answer);
    assert_eq!(
        (status, why.as_str()),
        (405, "method not allowed; webhooks are sent with POST")
    );
    let head = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(head.contains("\r\nallow: post\r\n"), "{head}");
    assert_eq!(
        post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes()).0,
        204
    );
    let request = listener.next_request();
    assert_eq!(request.method, "POST");
    let ended = listener.wait();
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    assert_eq!(ended.summary().received, 1);
    assert!(
        ended
            .stderr
            .contains("GET /hooks: webhooks are sent with POST; answered 405"),
        "{}",
        ended.stderr
    );
    assert_eq!(received(&w, &[]).len(), 1);
}

#[test]
fn bad_flags_are_refused_before_anything_listens() {
    let w = World::new();
    add_local_hook(&w);
    let cases: [(&[&str], i32, &str); 7] = [
        (
            &["--hook", "nope"],
            exit::NOT_FOUND,
            "no webhook has the name or id \"nope\"",
        ),
        (
            &["--secret", "nope"],
            exit::INVALID,
            "does not start with `whsec_`",
        ),
        (
            &["--forward-to", "http://10.0.0.1/x"],
            exit::INVALID,
            "--forward-to: URL \"http://10.0.0.1/x\" uses plain http, which is accepted only \
             for an app on this machine",
        ),
        (
            &["--forward-to", "ftp://127.0.0.1/x"],
            exit::INVALID,
            "uses the scheme `ftp`; use http for an app on this machine, or https",
        ),
        (
            &["--respond", "503,99"],
            exit::INVALID,
            "`99` is not an answer",
        ),
        (&["--expect", "Upload"], exit::USAGE, "--once"),
        (&["--max-body", "2TiB"], exit::INVALID, "is not a size"),
    ];
    for (args, code, says) in cases {
        let mut cmd = w.cmd();
        cmd.args(["listen", "--port", "0"]).args(args);
        if code == exit::USAGE {
            cmd.expect(exit::USAGE).says(&[says]);
        } else {
            w.refuses(cmd, code, &[says]);
        }
    }
    // With --json the refusal is a JSON Lines document too: one line.
    let out = w
        .cmd()
        .args(["--json", "listen", "--port", "0", "--secret", "nope"])
        .expect(exit::INVALID);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let error = serde_json::from_str::<ErrorDoc>(&out.stdout).unwrap().error;
    assert_eq!((error.code, error.kind.as_str()), (3, "invalid_input"));
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
    assert!(listener.listening.tls);
    assert_eq!(listener.listening.ca_path, None);
    assert!(!w.dir.path().join("echo3d-hooks-ca.pem").exists());
    w.add_hook("own", KEY, &listener.url("/hooks"), &["Upload"]);
    w.fire_with(Sending::trusting(&ca), &["Upload", "--entry", ENTRY_A])
        .expect(exit::OK);
    assert_eq!(listener.next_request().status, Some(204));
}

#[test]
fn an_app_that_cannot_be_reached_is_answered_502() {
    let w = World::new();
    let forward_to = format!("http://127.0.0.1:{}/webhooks", closed_port());
    let mut listener = Listener::start(&w, &["--forward-to", &forward_to]);
    let (status, why) = post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes());
    assert_eq!(status, 502);
    assert!(why.starts_with("the app could not be reached: "), "{why}");
    let request = listener.next_request();
    let forward = request.forward.clone().expect("forwarded");
    assert_eq!(forward.status, None);
    assert!(
        forward
            .error
            .as_deref()
            .is_some_and(|e| e.contains("onnect")),
        "{request:?}"
    );
    let ended = listener.stop(libc::SIGINT);
    let summary = ended.summary();
    assert_eq!((summary.forwarded, summary.forward_failed), (0, 1));
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
    assert_eq!(listener.next_request().status, Some(429));
}

#[test]
fn with_v_a_json_line_carries_the_request_in_full() {
    let w = World::new();
    let mut cmd = w.process();
    cmd.args(["-v", "--json", "listen", "--port", "0", "--once"]);
    let mut listen = Running::start(cmd, w.dir.path(), "listen-v");
    let port = listen.wait_for_stdout(PATIENCE, "the listening line", |text| {
        let (first, _) = text.split_once('\n')?;
        match serde_json::from_str(first) {
            Ok(ListenLine::Listening(listening)) => Some(listening.port),
            _ => panic!("the first line is not `listening`: {first}"),
        }
    });
    let headers = [("x-trace", "t-1".to_string())];
    let addr = format!("127.0.0.1:{port}");
    assert_eq!(post(&addr, "/hooks", &headers, UPLOAD.as_bytes()).0, 204);
    let ended = listen.finish(PATIENCE);
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    let second = ended.stdout.lines().nth(1).expect("a request line");
    let request = serde_json::from_str::<RequestDoc>(second)
        .unwrap_or_else(|e| panic!("not a request in full ({e}): {second}"))
        .request;
    assert_eq!(request.received_id, Some(1));
    assert_eq!(request.body, UPLOAD);
    assert_eq!(
        (request.body_size, request.body_truncated),
        (UPLOAD.len(), false)
    );
    assert_eq!(request.headers["x-trace"], "t-1");
}
