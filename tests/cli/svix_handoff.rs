//! `fire`, `test` and `redeliver` with `--via svix` (issue 15) against the
//! fake Svix server of `tests/support/svix_fake/`, which checks every
//! request body against the server's OpenAPI request schemas and delivers
//! each message it accepts to the test receiver, signed as the server
//! would. The last test runs against a real server when one is configured.

use std::io::Write;
use std::time::Duration;

use assert_cmd::Command;

use crate::support::json::{
    HandoffDoc, HandoffDryRunDoc, HandoffSummary, Payload, State, SvixAction, SvixStatusDoc,
    SvixStep, Via, application_uid,
};
use crate::support::spawned::Running;
use crate::support::svix_fake::{FAKE_TOKEN, FakeRequest, SentMessage};
use crate::support::*;

/// A store, a receiver, and a fake Svix server that delivers to it.
struct Handoffs {
    w: World,
    fake: SvixFake,
    receiver: Receiver,
}

impl Handoffs {
    fn new() -> Handoffs {
        let receiver = Receiver::start();
        Handoffs {
            w: World::new(),
            fake: SvixFake::start_trusting(receiver.ca_path()),
            receiver,
        }
    }

    /// `echo3d-hooks ARGS` with the fake's URL and token, and without the
    /// opt-in that a request from here to the loopback receiver would need.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.w.cmd();
        cmd.env("ECHO3D_HOOKS_SVIX_URL", self.fake.url())
            .env("ECHO3D_HOOKS_SVIX_TOKEN", FAKE_TOKEN)
            .args(args);
        cmd
    }

    /// A webhook at the receiver's path of the same name.
    fn hook(&self, name: &str, triggers: &[&str]) -> String {
        self.w
            .add_hook(name, KEY, &self.receiver.url(name), triggers)
    }

    fn push(&self) {
        self.cmd(&["svix", "push"]).expect(exit::OK);
    }

    /// `fire EVENT … --via svix --json` (with the event's payload flags),
    /// expecting `code`.
    fn fire(&self, event: &str, extra: &[&str], code: i32) -> HandoffDoc {
        self.fire_cmd(event, extra).expect(code).json()
    }

    /// `fire EVENT --via svix --json --dry-run`.
    fn plan(&self, event: &str) -> HandoffDryRunDoc {
        self.fire_cmd(event, &["--dry-run"]).expect(exit::OK).json()
    }

    fn fire_cmd(&self, event: &str, extra: &[&str]) -> Command {
        let mut cmd = self.cmd(&["--json", "fire", event, "--api-key", KEY, "--via", "svix"]);
        cmd.args(payload_args(event)).args(extra);
        cmd
    }

    /// The POST /msg requests the fake received.
    fn messages_sent(&self) -> Vec<FakeRequest> {
        self.fake
            .requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/msg"))
            .collect()
    }

    fn app_uid(&self) -> String {
        let status = self
            .cmd(&["--json", "svix", "status"])
            .expect(exit::OK)
            .json::<SvixStatusDoc>();
        application_uid(&status.steps, None)
    }
}

fn payload_args(event: &str) -> Vec<&'static str> {
    match event {
        "Upload" | "Processed" | "Edit" => vec!["--entry", ENTRY_A],
        "Delete" => vec!["--entry", ENTRY_A, "--entry", ENTRY_B],
        "CollectionMetadataAdd" | "CollectionMetadataRemove" => vec!["--meta", "color=red"],
        "AssetMetadataAdd" | "AssetMetadataRemove" => {
            vec!["--entry", ENTRY_A, "--meta", "color=red"]
        }
        _ => vec![
            "--entry",
            ENTRY_A,
            "--status",
            "In Progress",
            "--version-id",
            "1234567890ab",
        ],
    }
}

// --------------------------------------------------------------- hand-offs

#[test]
fn each_event_is_handed_off_once_and_its_receiver_verifies_with_the_webhooks_own_secret() {
    let h = Handoffs::new();
    h.hook("all", &ALL_EVENTS);
    h.hook("uploads", &["Upload"]);
    h.hook("off", &["Upload"]);
    h.w.cmd()
        .args(["edit", "off", "--disable"])
        .expect(exit::OK);
    h.push();
    let secret = h.w.secret_of("all");
    for (i, event) in ALL_EVENTS.iter().enumerate() {
        let report = h.fire(event, &[], exit::OK);
        assert_eq!(report.server, h.fake.url());
        assert_eq!(
            report.summary,
            HandoffSummary {
                total: 1,
                succeeded: 1,
                failed: 0,
                interrupted: 0,
                not_handed_off: 0
            }
        );
        let sent = report.only();
        assert_eq!(sent.state, State::Succeeded, "{sent:#?}");
        assert_eq!(
            (sent.hook_id.as_deref(), sent.already_accepted),
            (None, false)
        );
        assert_eq!(sent.status, Some(202));
        assert_eq!(sent.event_id, format!("echo3d-{}", sent.message_id));
        let svix_id = sent.svix_message_id.as_deref().expect("accepted");

        let msg = h.messages_sent()[i].body_as::<SentMessage>();
        assert_eq!(msg.event_type, *event);
        assert_eq!(msg.event_id, sent.event_id);
        assert_eq!(msg.channels, ["echo3d-hooks.all"]);

        let got = h.receiver.requests_to("all");
        let last = got.last().expect("the subscribed endpoint got it");
        assert_eq!(got.len(), i + 1, "{event}: delivered once");
        assert_eq!(last.header("webhook-id").as_deref(), Some(svix_id));
        let logged = h.w.delivery(sent.id());
        assert_eq!(last.body_text(), logged.delivery.body, "byte for byte");
        assert_eq!(
            msg.payload,
            serde_json::from_slice::<Payload>(&last.body).unwrap()
        );
        standardwebhooks::Webhook::new(&secret)
            .unwrap()
            .verify(&last.body, &last.headers)
            .expect("verifies with the webhook's own secret");
    }
    assert_eq!(h.receiver.requests_to("uploads").len(), 1, "only Upload");
    assert!(h.receiver.requests_to("off").is_empty(), "disabled");
    // Nothing went to the webhooks from here: every request the receiver got
    // is one the server made, under the server's message id.
    assert_eq!(h.receiver.requests().len(), h.fake.deliveries().len());
}

#[test]
fn the_log_has_one_row_per_message_with_svixs_message_id() {
    let h = Handoffs::new();
    for name in ["a", "b", "c"] {
        h.hook(name, &["Upload"]);
    }
    h.push();
    let out = h
        .cmd(&["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .args(["--via", "svix"])
        .expect(exit::OK);
    let table = out.stdout.clone();
    assert!(
        table.contains("every subscriber") && table.contains("accepted as msg_"),
        "{table}"
    );
    assert!(
        table.contains("1 handed off to the Svix server at"),
        "{table}"
    );
    assert_eq!(
        h.receiver.requests().len(),
        3,
        "the server delivered to all three"
    );

    let rows = h.w.deliveries(&[]);
    assert_eq!(
        rows.len(),
        1,
        "one row per message, not per webhook: {rows:#?}"
    );
    let row = &rows[0];
    assert_eq!(row.via, Via::Svix);
    assert_eq!(
        (row.hook_id.as_deref(), row.hook_name.as_deref()),
        (None, None)
    );
    assert_eq!(row.url, h.fake.url());
    assert_eq!(
        (row.state, row.attempts, row.status),
        (State::Succeeded, 1, Some(202))
    );
    let svix_id = row.svix_message_id.as_deref().expect("accepted");
    assert_eq!(
        h.receiver.requests()[0].header("webhook-id").as_deref(),
        Some(svix_id)
    );
    assert_eq!(h.w.deliveries(&["--via", "svix"]).len(), 1);
    assert!(h.w.deliveries(&["--via", "direct"]).is_empty());

    let id = row.delivery_id;
    let shown = h.w.delivery(id);
    assert_eq!(shown.delivery.svix_message_id.as_deref(), Some(svix_id));
    assert_eq!(
        shown.attempts[0].request_headers, None,
        "no webhook headers left here"
    );
    assert_eq!(shown.attempts[0].status, Some(202));
    let listing = h.w.cmd().args(["deliveries"]).expect(exit::OK).stdout;
    assert!(listing.contains("every subscriber, via Svix"), "{listing}");
    assert!(
        listing.contains(&format!("accepted by Svix as {svix_id}")),
        "{listing}"
    );
    let detail =
        h.w.cmd()
            .args(["deliveries", "show", &id.to_string()])
            .expect(exit::OK)
            .stdout;
    for fragment in [
        format!("the Svix server at {}", h.fake.url()),
        "every subscribed webhook of the collection".to_string(),
        format!("{svix_id} (the webhook-id its deliveries carry)"),
        "Hand-off 1 at".to_string(),
        "HTTP 202: accepted".to_string(),
    ] {
        assert!(detail.contains(&fragment), "{fragment:?} not in:\n{detail}");
    }
}

#[test]
fn a_409_counts_as_success_and_a_retried_hand_off_is_never_delivered_twice() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload"]);
    h.push();
    // The server takes the message, but its answer is lost on the way back:
    // the retry gets 409 for the same eventId, and finds the message.
    h.fake
        .script("POST", "/msg", [FakeReply::Lost(502), FakeReply::Serve]);
    let report = h.fire("Upload", &["--backoff", "1ms"], exit::OK);
    let sent = report.only();
    assert_eq!((sent.state, sent.status), (State::Succeeded, Some(409)));
    assert!(sent.already_accepted);
    let statuses: Vec<u16> = h.messages_sent().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [502, 409], "one retry, refused as a repeat");
    assert_eq!(h.receiver.requests_to("inv").len(), 1, "delivered once");
    let svix_id = sent.svix_message_id.clone().expect("accepted");
    assert_eq!(
        h.receiver.requests_to("inv")[0].header("webhook-id"),
        Some(svix_id.clone())
    );

    // Handed off again: the same eventId, accepted before, not sent again.
    let id = sent.id().to_string();
    let report = h
        .cmd(&["--json", "redeliver", &id])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    let again = report.only();
    assert_eq!(
        (again.already_accepted, again.svix_message_id.as_ref()),
        (true, Some(&svix_id))
    );
    assert_eq!(again.message_id, sent.message_id);
    assert_eq!(h.receiver.requests_to("inv").len(), 1, "still once");
    let row = h.w.delivery(sent.id()).delivery;
    assert_eq!((row.attempts, row.state), (2, State::Succeeded));
    let detail =
        h.w.cmd()
            .args(["deliveries", "show", &id])
            .expect(exit::OK)
            .stdout;
    assert!(
        detail.contains("HTTP 409: the server had accepted it before; not sent again"),
        "{detail}"
    );
}

#[test]
fn test_via_svix_reaches_only_its_webhook() {
    let h = Handoffs::new();
    let a = h.hook("a", &["Upload", "Delete"]);
    h.hook("b", &["Upload", "Delete"]);
    h.push();
    let report = h
        .cmd(&["--json", "test", "a", "--via", "svix"])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    assert_eq!(report.hand_offs.len(), 2, "{report:#?}");
    for s in &report.hand_offs {
        assert_eq!(
            (s.hook_id.as_deref(), s.hook_name.as_deref()),
            (Some(a.as_str()), Some("a"))
        );
        assert_eq!(s.state, State::Succeeded);
    }
    for msg in h.messages_sent() {
        let channels = msg.body_as::<SentMessage>().channels;
        assert_eq!(channels, [format!("echo3d-hooks.{a}")]);
    }
    let got: Vec<String> = h
        .receiver
        .requests_to("a")
        .iter()
        .map(|r| r.body_text())
        .collect();
    assert_eq!(got.len(), 2);
    assert!(got[0].contains(r#""event":"Upload""#) && got[1].contains(r#""event":"Delete""#));
    assert!(
        h.receiver.requests_to("b").is_empty(),
        "the other subscriber got nothing"
    );
    let rows = h.w.deliveries(&["--hook", "a"]);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r.via == Via::Svix && r.hook_name.as_deref() == Some("a"))
    );

    // Endpoints pushed before they had channels take every message: a test
    // would reach b as well, so it is refused, naming b, before anything
    // is handed off; a push gives them their channels once.
    let app = h.app_uid();
    h.fake.drop_channels(&app);
    let (store, messages) = (h.w.dump(), h.messages_sent().len());
    h.cmd(&["test", "a", "Upload", "--via", "svix"])
        .expect(exit::OUT_OF_SYNC)
        .says(&[
            "would also reach endpoint",
            "(webhook b)",
            &format!("svix push --api-key {KEY}"),
        ]);
    assert_eq!(
        (h.w.dump(), h.messages_sent().len()),
        (store, messages),
        "nothing changed"
    );
    let status = h
        .cmd(&["--json", "svix", "status"])
        .expect(exit::OUT_OF_SYNC)
        .json::<SvixStatusDoc>();
    let updates: Vec<&SvixStep> = status
        .steps
        .iter()
        .filter(|s| s.action == SvixAction::Update)
        .collect();
    assert_eq!(updates.len(), 2);
    assert!(updates.iter().all(|s| s.changes == ["channels"]));
    h.push();
    h.cmd(&["test", "a", "Upload", "--via", "svix"])
        .expect(exit::OK);
    assert_eq!(h.receiver.requests_to("a").len(), 3);
    assert!(h.receiver.requests_to("b").is_empty());

    // The server never delivers to a disabled endpoint.
    h.w.cmd().args(["edit", "a", "--disable"]).expect(exit::OK);
    h.cmd(&["test", "a", "--via", "svix"])
        .expect(exit::NOTHING_TO_SEND)
        .says(&["webhook a is disabled"]);
}

#[test]
fn fire_hook_via_svix_hands_off_one_message_per_webhook_named() {
    let h = Handoffs::new();
    let a = h.hook("a", &["Upload"]);
    let b = h.hook("b", &["Upload"]);
    h.hook("c", &["Upload"]);
    h.push();
    let report = h.fire("Upload", &["--hook", "a", "--hook", "b"], exit::OK);
    let hooks: Vec<Option<&str>> = report
        .hand_offs
        .iter()
        .map(|s| s.hook_id.as_deref())
        .collect();
    assert_eq!(hooks, [Some(a.as_str()), Some(b.as_str())]);
    assert_eq!(h.receiver.requests_to("a").len(), 1);
    assert_eq!(h.receiver.requests_to("b").len(), 1);
    assert!(h.receiver.requests_to("c").is_empty());
}

// ------------------------------------------------------------- redelivery

#[test]
fn a_failed_hand_off_is_logged_and_redeliver_hands_it_off_again() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload"]);
    h.push();
    let unavailable = FakeReply::Error(503, "unavailable", "Service Unavailable");
    h.fake.script(
        "POST",
        "/msg",
        [unavailable.clone(), unavailable, FakeReply::Serve],
    );
    let report = h.fire(
        "Upload",
        &["--retries", "1", "--backoff", "1ms"],
        exit::REMOTE_FAILED,
    );
    let failed = report.only();
    assert_eq!(failed.state, State::Failed);
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|e| e.contains("HTTP 503 (after 2 attempts): unavailable")),
        "{failed:#?}"
    );
    let id = failed.id().to_string();
    let error = report.error.as_ref().expect("an error");
    assert_eq!(error.code, exit::REMOTE_FAILED);
    assert!(
        error
            .message
            .contains(&format!("`echo3d-hooks redeliver {id}`")),
        "{error:?}"
    );
    assert!(h.receiver.requests().is_empty());
    let rows = h.w.deliveries(&["--failed"]);
    assert_eq!(
        (rows.len(), rows[0].via, rows[0].svix_message_id.as_deref()),
        (1, Via::Svix, None)
    );

    // Sending from here takes only deliveries sent from here, and says so.
    h.cmd(&["redeliver", "--failed"])
        .expect(exit::NOTHING_TO_SEND)
        .says(&["1 failed or interrupted hand-off(s) to a Svix server are not included; `echo3d-hooks redeliver --failed --via svix`"]);

    // Another server does not know the eventId: refused.
    let mut elsewhere = h.cmd(&["redeliver", &id]);
    elsewhere.env("ECHO3D_HOOKS_SVIX_URL", "http://127.0.0.1:9");
    elsewhere.expect(exit::INVALID).says(&[&format!(
        "was handed off to the Svix server at {}",
        h.fake.url()
    )]);

    let plan = h
        .cmd(&["--json", "redeliver", "--failed", "--via", "svix"])
        .arg("--dry-run")
        .expect(exit::OK)
        .json::<HandoffDryRunDoc>();
    assert_eq!(plan.hand_offs[0].delivery_id, Some(failed.id()));
    assert_eq!(
        plan.hand_offs[0].message_id.as_ref(),
        Some(&failed.message_id)
    );
    assert!(
        h.receiver.requests().is_empty(),
        "a dry run hands off nothing"
    );

    let report = h
        .cmd(&["--json", "redeliver", "--failed", "--via", "svix"])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    let again = report.only();
    assert_eq!(
        (again.state, &again.event_id),
        (State::Succeeded, &failed.event_id)
    );
    assert_eq!(h.receiver.requests_to("inv").len(), 1);
    let row = &h.w.deliveries(&[])[0];
    assert_eq!((row.state, row.attempts), (State::Succeeded, 2));
    h.cmd(&["redeliver", "--failed", "--via", "svix"])
        .expect(exit::NOTHING_TO_SEND);

    // A delivery sent from here and a hand-off are redelivered apart.
    h.w.fire_with(sending(&h.receiver), &["Upload", "--entry", ENTRY_A])
        .expect(exit::OK);
    let direct_id = h.w.deliveries(&["--via", "direct"])[0]
        .delivery_id
        .to_string();
    h.cmd(&["redeliver", &id, &direct_id])
        .expect(exit::INVALID)
        .says(&["redeliver each kind in a command of its own"]);
    h.cmd(&["redeliver", &id, "--via", "direct"])
        .expect(exit::INVALID)
        .says(&["--via direct does not fit"]);
}

#[test]
fn ctrl_c_during_a_hand_off_marks_it_interrupted_and_redeliver_finishes_it() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload"]);
    h.push();
    h.fake
        .script("POST", "/msg", [FakeReply::Hang, FakeReply::Serve]);
    let mut cmd = h.w.process();
    cmd.env("ECHO3D_HOOKS_SVIX_URL", h.fake.url())
        .env("ECHO3D_HOOKS_SVIX_TOKEN", FAKE_TOKEN)
        .args(["--json", "fire", "Upload", "--entry", ENTRY_A])
        .args(["--api-key", KEY, "--via", "svix"]);
    let mut fire = Running::start(cmd, h.w.dir.path(), "fire");
    fire.wait_until(
        Duration::from_secs(60),
        "the hand-off reaching the server",
        || !h.messages_sent().is_empty(),
    );
    fire.signal("INT");
    let done = fire.finish(Duration::from_secs(60));
    assert_eq!(done.code(), Some(exit::INTERRUPTED), "{}", done.stderr);
    let report = done.json::<HandoffDoc>();
    assert_eq!(report.error.expect("an error").kind, "interrupted");
    let row = &h.w.deliveries(&[])[0];
    assert_eq!(row.state, State::Interrupted);
    assert!(
        row.error
            .as_deref()
            .is_some_and(|e| e.contains("the Svix server may have accepted the message")),
        "{row:#?}"
    );
    assert_eq!(h.w.deliveries(&["--interrupted"]).len(), 1);

    let id = row.delivery_id.to_string();
    h.cmd(&["redeliver", &id]).expect(exit::OK);
    assert_eq!(h.receiver.requests_to("inv").len(), 1);
    assert_eq!(h.w.deliveries(&[])[0].state, State::Succeeded);
}

// ------------------------------------------------------ what is refused

#[test]
fn an_unreachable_server_a_wrong_token_or_garbage_fails_clearly_with_a_log_row_saying_so() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload"]);
    h.push();
    let nowhere = format!("http://127.0.0.1:{}", closed_port());
    let wrong_token = "sk_wrong-token.c4f8e2";
    let cases: [(&str, &str, &[&str]); 3] = [
        (
            "ECHO3D_HOOKS_SVIX_URL",
            &nowhere,
            &["cannot reach the Svix server at", "(2 attempts)"],
        ),
        (
            "ECHO3D_HOOKS_SVIX_TOKEN",
            wrong_token,
            &[
                "HTTP 401: authentication_failed: Invalid token",
                "check the token",
            ],
        ),
        ("", "", &["a body that is not Svix's API", "check that"]),
    ];
    for (i, (var, value, fragments)) in cases.iter().enumerate() {
        if var.is_empty() {
            h.fake.script(
                "POST",
                "/msg",
                [FakeReply::Raw(
                    200,
                    "text/html",
                    "<html>a login page</html>",
                )],
            );
        }
        let mut cmd = h.cmd(&["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY]);
        cmd.args(["--via", "svix", "--retries", "1", "--backoff", "1ms"]);
        if !var.is_empty() {
            cmd.env(var, value);
        }
        let out = cmd.expect(exit::REMOTE_FAILED);
        let row = &h.w.deliveries(&[])[0];
        assert_eq!((row.delivery_id, row.state), (i as i64 + 1, State::Failed));
        out.says(fragments);
        for fragment in *fragments {
            assert!(
                row.error.as_deref().is_some_and(|e| e.contains(fragment)),
                "{fragment:?} not in the log: {row:#?}"
            );
        }
        out.says(&[&format!("delivery {} is marked failed", i + 1)]);
        let everything = format!("{}{}{}", out.stdout, out.stderr, h.w.dump());
        assert!(
            !everything.contains(wrong_token) && !everything.contains(FAKE_TOKEN),
            "a token leaked"
        );
    }
    assert!(h.receiver.requests().is_empty(), "nothing was delivered");
}

#[test]
fn the_payload_rules_and_the_local_subscribers_are_checked_before_any_hand_off() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload"]);
    let mut two = h.cmd(&["fire", "Upload", "--entry", ENTRY_A, "--entry", ENTRY_B]);
    two.args(["--api-key", KEY, "--via", "svix"]);
    two.expect(exit::INVALID).says(&["Upload", "exactly 1"]);
    let mut edit = h.cmd(&["fire", "Edit", "--entry", ENTRY_A, "--api-key", KEY]);
    edit.args(["--via", "svix"]);
    edit.expect(exit::NOTHING_TO_SEND)
        .says(&["no enabled webhook of collection"]);
    let mut proxied = h.cmd(&["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY]);
    proxied.args(["--via", "svix", "--proxy", "https://proxy.example.com"]);
    proxied.expect(exit::INVALID).says(&["--proxy"]);
    assert!(h.fake.requests().is_empty(), "the server heard nothing");
    assert!(h.w.deliveries(&[]).is_empty());

    // Never pushed: the server has no application for the collection.
    let report = h.fire("Upload", &[], exit::NOT_FOUND);
    let error = report.error.as_ref().expect("an error");
    assert!(
        error
            .message
            .contains(&format!("svix push --api-key {KEY}")),
        "{report:#?}"
    );
    assert_eq!(h.w.deliveries(&["--failed"]).len(), 1, "the log says so");
}

#[test]
fn a_dry_run_names_the_message_and_its_receivers_and_hands_off_nothing() {
    let h = Handoffs::new();
    let a = h.hook("a", &["Upload"]);
    h.hook("b", &["Upload"]);
    h.push();
    let app = h.app_uid();
    let before = (h.fake.requests().len(), h.w.dump());
    let plan = h.plan("Upload");
    assert_eq!((plan.dry_run, &plan.server), (true, &h.fake.url()));
    assert_eq!(plan.summary.total, 1);
    let message = &plan.hand_offs[0];
    assert_eq!(message.channel, "echo3d-hooks.all");
    assert_eq!(message.application, app);
    assert_eq!(message.delivery_id, None);
    let mut receivers: Vec<&str> = message
        .receivers
        .iter()
        .map(|r| r.hook_name.as_str())
        .collect();
    receivers.sort_unstable();
    assert_eq!(receivers, ["a", "b"]);
    assert!(message.body.starts_with(r#"{"event":"Upload""#));
    let plan = h
        .cmd(&["--json", "test", "a", "--via", "svix", "--dry-run"])
        .expect(exit::OK)
        .json::<HandoffDryRunDoc>();
    assert_eq!(plan.hand_offs[0].channel, format!("echo3d-hooks.{a}"));
    let table = h
        .cmd(&["fire", "Upload", "--entry", ENTRY_A, "--api-key", KEY])
        .args(["--via", "svix", "--dry-run"])
        .expect(exit::OK)
        .stdout;
    assert!(
        table.contains("Dry run: 1 message(s) would be handed off to the Svix server at"),
        "{table}"
    );
    assert_eq!(
        h.fake.requests().len(),
        before.0,
        "the server heard nothing"
    );
    assert_eq!(h.w.dump(), before.1);
    assert!(h.receiver.requests().is_empty());
}

#[test]
fn every_message_keeps_the_request_schema_and_a_broken_one_is_caught() {
    let h = Handoffs::new();
    h.hook("inv", &["Upload", "Delete"]);
    h.push();
    let app = h.app_uid();
    // The check can fail: a field MessageIn does not name, and an eventId
    // Svix would refuse, are both answered 422 and kept as violations.
    let (status, _) = h
        .fake
        .post_message(&app, r#"{"eventType":"Upload","payload":{},"extra":1}"#);
    assert_eq!(status, 422);
    let (status, _) = h.fake.post_message(
        &app,
        r#"{"eventType":"Upload","eventId":"has space","payload":{}}"#,
    );
    assert_eq!(status, 422);
    let caught = h.fake.take_violations();
    assert_eq!(caught.len(), 2, "{caught:#?}");
    assert!(
        caught.iter().all(|v| v.contains("breaks MessageIn")),
        "{caught:#?}"
    );

    h.fire("Upload", &[], exit::OK);
    h.fire("Delete", &[], exit::OK);
    h.cmd(&["test", "inv", "--via", "svix"]).expect(exit::OK);
    let sent = h.messages_sent();
    assert_eq!(sent.len(), 2 + 2 + 2, "the two probes and four hand-offs");
    assert!(
        sent[2..].iter().all(|r| r.status == 202),
        "every hand-off kept MessageIn"
    );
    assert!(h.fake.violations().is_empty(), "{:#?}", h.fake.violations());
}

// ----------------------------------------------------- a real Svix server

#[test]
fn live_svix_server_fire_redeliver_and_test_via_svix() {
    let (Ok(url), Ok(token)) = (
        std::env::var("ECHO3D_HOOKS_SVIX_URL"),
        std::env::var("ECHO3D_HOOKS_SVIX_TOKEN"),
    ) else {
        // Straight to stderr: the test harness hides what `eprintln!` says.
        let _ = writeln!(
            std::io::stderr(),
            "live_svix_server_fire_redeliver_and_test_via_svix: skipped; set \
             ECHO3D_HOOKS_SVIX_URL and ECHO3D_HOOKS_SVIX_TOKEN to run it against a real Svix \
             server"
        );
        return;
    };
    let w = World::new();
    let key = format!("live-handoff-{}", std::process::id());
    let cmd = |args: &[&str]| {
        let mut cmd = w.cmd();
        cmd.env("ECHO3D_HOOKS_SVIX_URL", &url)
            .env("ECHO3D_HOOKS_SVIX_TOKEN", &token)
            .args(args);
        cmd
    };
    w.add_hook("live-a", &key, "https://hooks.example.com/a", &["Upload"]);
    cmd(&["svix", "push", "--api-key", &key]).expect(exit::OK);
    let fired = cmd(&["--json", "fire", "Upload", "--entry", ENTRY_A])
        .args(["--api-key", &key, "--via", "svix"])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    let sent = fired.only();
    assert!(
        sent.svix_message_id
            .as_deref()
            .is_some_and(|m| m.starts_with("msg_")),
        "{sent:#?}"
    );
    let report = cmd(&["--json", "redeliver", &sent.id().to_string()])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    let again = report.only();
    assert_eq!(
        (again.already_accepted, &again.svix_message_id),
        (true, &sent.svix_message_id)
    );
    let tested = cmd(&["--json", "test", "live-a", "--via", "svix"])
        .expect(exit::OK)
        .json::<HandoffDoc>();
    assert_eq!(tested.only().state, State::Succeeded);
    let status = cmd(&["--json", "svix", "status", "--api-key", &key])
        .expect(exit::OK)
        .json::<SvixStatusDoc>();
    let app = application_uid(&status.steps, Some(&key));
    assert_eq!(crate::svix::delete_application(&url, &token, &app), 204);
}
