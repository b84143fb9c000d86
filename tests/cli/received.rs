//! `received`: listing what `listen` recorded (filters, tables, JSON),
//! showing one, replaying with each kind of secret and refusal, pruning,
//! and `--no-record`.

use crate::support::json::{ListenerSecretDoc, PrunedRequestsDoc, RequestDoc, RequestsDoc};
use crate::support::listener::*;
use crate::support::spawned::Running;
use crate::support::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const UPLOAD: &str = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
const DELETE: &str = r#"{"event":"Delete","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;

/// A store with three recorded requests, oldest first: a genuine Upload
/// (`msg_upload`), a genuine Delete, and an Upload with a bad signature.
fn recorded_store() -> World {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--secret", SECRET]);
    let now = now_seconds();
    for (id, body, secret) in [
        ("msg_upload", UPLOAD, SECRET),
        ("msg_delete", DELETE, SECRET),
        (
            "msg_forged",
            UPLOAD,
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        ),
    ] {
        let headers = signed(secret, id, now, body.as_bytes());
        post(&listener.addr(), "/hooks", &headers, body.as_bytes());
        listener.next_request();
    }
    listener.stop(libc::SIGINT);
    w
}

/// The message ids of `received --json ARGS`.
fn list(w: &World, args: &[&str]) -> Vec<String> {
    w.cmd()
        .args(["--json", "received"])
        .args(args)
        .expect(exit::OK)
        .json::<RequestsDoc>()
        .requests
        .into_iter()
        .map(|r| r.message_id.expect("a webhook-id"))
        .collect()
}

#[test]
fn listings_filter_by_event_validity_time_and_count() {
    let w = recorded_store();
    assert_eq!(list(&w, &[]), ["msg_forged", "msg_delete", "msg_upload"]);
    assert_eq!(
        list(&w, &["--event", "upload"]),
        ["msg_forged", "msg_upload"]
    );
    assert_eq!(list(&w, &["--invalid"]), ["msg_forged"]);
    assert_eq!(list(&w, &["--limit", "1"]), ["msg_forged"]);
    assert_eq!(list(&w, &["--since", "1h"]).len(), 3);
    assert!(list(&w, &["--since", "2999-01-01T00:00:00Z"]).is_empty());

    let table = w.cmd().arg("received").expect(exit::OK).stdout.clone();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("ID"), "{table}");
    assert!(
        lines[1].contains("msg_forged") && lines[1].contains("mismatch"),
        "{table}"
    );
    assert!(
        lines[3].contains("msg_upload") && lines[3].contains("204"),
        "{table}"
    );
    let none = w
        .cmd()
        .args(["received", "--event", "Edit"])
        .expect(exit::OK)
        .stdout
        .clone();
    assert!(none.starts_with("No received requests match."), "{none}");
    // A table that fills its limit says there may be more; one that does not, nothing.
    let full = w.cmd().args(["received", "--limit", "2"]).expect(exit::OK);
    assert!(
        full.stdout
            .ends_with("The newest 2; there may be more (`--limit` shows up to 100,000).\n"),
        "{}",
        full.stdout
    );
    assert!(!table.contains("there may be more"), "{table}");
}

#[test]
fn show_gives_the_request_in_full() {
    let w = recorded_store();
    let request = w
        .cmd()
        .args(["--json", "received", "show", "1"])
        .expect(exit::OK)
        .json::<RequestDoc>()
        .request;
    assert_eq!(request.received_id, Some(1));
    assert_eq!(request.body, UPLOAD);
    assert_eq!(
        (request.body_size, request.body_truncated),
        (UPLOAD.len(), false)
    );
    assert_eq!(request.headers["webhook-id"], "msg_upload");
    assert_eq!(request.signature.detail.as_deref(), Some("whsec_****…LaSw"));
    assert_eq!(request.forward, None);
    w.refuses(
        w.cmd().args(["received", "show", "99"]),
        exit::NOT_FOUND,
        &["no received request has the id 99"],
    );
}

#[test]
fn replays_sign_with_the_chosen_secret_and_refuse_what_cannot_be_sent() {
    let w = recorded_store();
    w.add_hook("app-hook", KEY, "https://127.0.0.1:9/", &["Upload"]);
    let hook_secret = w.secret_of("app-hook");
    let app = App::start(&hook_secret, 200);
    let to = app.url("/webhooks");
    w.cmd()
        .args(["received", "replay", "1", "--to", &to, "--hook", "app-hook"])
        .expect(exit::OK);
    let given = App::start(SECRET, 200);
    let out = w
        .cmd()
        .args([
            "received",
            "replay",
            "--since",
            "1h",
            "--to",
            &given.url("/"),
            "--secret",
            SECRET,
        ])
        .expect(exit::OK);
    assert!(
        out.stdout
            .clone()
            .contains("2 replayed to http://127.0.0.1:"),
        "{}",
        out.stdout.clone()
    );
    // The forged one is not laundered into a genuine request by a filter;
    // named by its id, it is sent.
    out.says(&["skipped: received request 3 failed its signature check at the listener"]);
    w.cmd()
        .args(["received", "replay", "3", "--to", &given.url("/")])
        .args(["--secret", SECRET])
        .expect(exit::OK);
    let ids: Vec<String> = given
        .requests()
        .iter()
        .map(|r| r.header("webhook-id"))
        .collect();
    assert_eq!(
        ids,
        ["msg_upload", "msg_delete", "msg_forged"],
        "oldest first, ids kept"
    );
    assert!(given.requests().iter().all(|r| r.verified));
    assert!(app.requests()[0].verified);

    let before = app.requests().len();
    w.refuses(
        w.cmd().args(["received", "replay", "7", "--to", &to]),
        exit::NOT_FOUND,
        &["no received request has the id 7"],
    );
    w.refuses(
        w.cmd()
            .args(["received", "replay", "--event", "Edit", "--to", &to]),
        exit::NOTHING_TO_SEND,
        &["no received request matches"],
    );
    w.refuses(
        w.cmd()
            .args(["received", "replay", "1", "--to", "http://10.1.2.3/"]),
        exit::INVALID,
        &["--to: URL"],
    );
    w.refuses(
        w.cmd()
            .args(["received", "replay", "1", "--to", &to, "--secret", "nope"]),
        exit::INVALID,
        &["does not start with `whsec_`"],
    );
    assert_eq!(app.requests().len(), before, "refusals send nothing");
}

#[test]
fn a_body_larger_than_what_is_kept_is_not_replayed() {
    let w = World::new();
    let mut listener = Listener::start(&w, &[]);
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    assert_eq!(post(&listener.addr(), "/hooks", &[], big.as_bytes()).0, 400);
    let request = listener.next_request();
    listener.stop(libc::SIGINT);
    let id = request.received_id.expect("recorded").to_string();
    let shown = w
        .cmd()
        .args(["--json", "received", "show", &id])
        .expect(exit::OK)
        .json::<RequestDoc>()
        .request;
    assert!(shown.body_truncated);
    assert_eq!(shown.body_size, big.len());
    assert_eq!(
        shown.body.len(),
        64 * 1024,
        "only the first 64 KiB are kept"
    );
    let app = App::start(SECRET, 200);
    w.refuses(
        w.cmd()
            .args(["received", "replay", &id, "--to", &app.url("/")]),
        exit::INVALID,
        &["only the first 65536 were kept"],
    );
}

#[test]
fn a_body_refused_as_too_large_is_not_replayed_and_says_why() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--max-body", "1000"]);
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(2000));
    assert_eq!(post(&listener.addr(), "/hooks", &[], big.as_bytes()).0, 413);
    let request = listener.next_request();
    listener.stop(libc::SIGINT);
    let id = request.received_id.expect("recorded").to_string();
    let app = App::start(SECRET, 200);
    w.refuses(
        w.cmd()
            .args(["received", "replay", &id, "--to", &app.url("/")]),
        exit::INVALID,
        &[&format!(
            "received request {id} cannot be replayed: `listen` refused it as larger than \
             --max-body (413) and kept none of its body"
        )],
    );
    assert!(app.requests().is_empty());
}

#[test]
fn prune_forgets_old_requests_and_no_record_keeps_none() {
    let w = recorded_store();
    let pruned = |older_than: &str| {
        w.cmd()
            .args(["--json", "received", "prune", "--older-than", older_than])
            .expect(exit::OK)
            .json::<PrunedRequestsDoc>()
            .pruned
            .requests
    };
    assert_eq!(pruned("1h"), 0);
    assert_eq!(pruned("0s"), 3);
    assert!(list(&w, &[]).is_empty());
    // The next request recorded does not take a pruned one's id.
    let mut listener = Listener::start(&w, &[]);
    post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes());
    assert_eq!(listener.next_request().received_id, Some(4));
    listener.stop(libc::SIGINT);
    assert_eq!(pruned("0s"), 1);

    let mut listener = Listener::start(&w, &["--no-record"]);
    assert!(!listener.listening.recording);
    assert_eq!(
        post(&listener.addr(), "/hooks", &[], UPLOAD.as_bytes()).0,
        204
    );
    assert_eq!(listener.next_request().received_id, None);
    listener.stop(libc::SIGINT);
    assert!(list(&w, &[]).is_empty());
}

#[test]
fn the_listener_secret_is_stable_and_printed_in_both_forms() {
    let w = World::new();
    let human = w
        .cmd()
        .args(["listen", "--print-secret"])
        .expect(exit::OK)
        .stdout
        .clone();
    let json = w
        .cmd()
        .args(["--json", "listen", "--print-secret"])
        .expect(exit::OK)
        .json::<ListenerSecretDoc>();
    assert!(human.starts_with("whsec_"), "{human}");
    assert_eq!(human.trim(), json.listener_secret);
}

#[test]
fn human_output_prints_a_line_per_request_and_a_summary() {
    let w = World::new();
    let mut cmd = w.process();
    cmd.args([
        "listen", "--port", "0", "--secret", SECRET, "--once", "--expect", "Delete",
    ]);
    let mut listen = Running::start(cmd, w.dir.path(), "listen");
    let port = listen.wait_for_stdout(PATIENCE, "listen saying where it listens", |text| {
        let rest = text.split("http://127.0.0.1:").nth(1)?;
        let (port, _) = rest.split_once('/')?;
        Some(port.to_string())
    });
    let headers = signed(SECRET, "msg_delete", now_seconds(), DELETE.as_bytes());
    post(
        &format!("127.0.0.1:{port}"),
        "/hooks",
        &headers,
        DELETE.as_bytes(),
    );
    let ended = listen.finish(PATIENCE);
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    let lines: Vec<&str> = ended.stdout.lines().collect();
    let text = &ended.stdout;
    assert!(
        lines[0].starts_with("Listening on http://127.0.0.1:"),
        "{text}"
    );
    assert_eq!(lines[1], "Signatures are checked with whsec_****…LaSw.");
    assert!(
        lines[2].ends_with(" #1 POST /hooks Delete msg_delete signature valid payload valid → 204"),
        "{text}"
    );
    assert_eq!(
        lines[3],
        "Stopped: 1 received, 1 valid, 0 invalid, 0 forwarded."
    );
}
