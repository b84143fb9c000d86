//! `redeliver`: the same body under the same `webhook-id`, to the webhook's
//! current URL with its current secret; by id (all or nothing) or every
//! failed one (skipping what cannot be sent); and a receiver's 410 Gone.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use crate::support::json::{DryRunDoc, RunDoc, State};
use crate::support::tables::table;
use crate::support::*;

/// `fire EVENT --entry ENTRY_A` with `retries` retries, which must exit
/// with `code`.
fn fire(w: &World, event: &str, retries: u32, code: i32) -> Outcome {
    w.fire_with(
        sending(w.rx()).retries(retries),
        &[event, "--entry", ENTRY_A],
    )
    .expect(code)
}

/// `redeliver ARGS`, without retries unless it asks for some.
fn redeliver(w: &World, args: &[&str]) -> assert_cmd::Command {
    let mut all = vec!["redeliver"];
    all.extend_from_slice(args);
    let flags = sending(w.rx());
    if args.contains(&"--retries") {
        w.send_with(flags, &all)
    } else {
        w.send_with(flags.retries(0), &all)
    }
}

fn verifies(secret: &str, r: &Recorded) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok()
}

fn webhook_ids(w: &World, path: &str) -> Vec<String> {
    w.rx()
        .requests_to(path)
        .iter()
        .map(|r| r.header("webhook-id").unwrap())
        .collect()
}

#[test]
fn redelivery_keeps_the_webhook_id_and_uses_the_current_url_and_secret() {
    let w = World::new();
    let hook = w.hook("inv", "/old", &["Upload"]);
    w.rx().script("/old", [Reply::Status(500)]);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    let original = w.rx().requests_to("/old").remove(0);
    let old_secret = w.secret_of(&hook);
    let id = w.deliveries(&[])[0].delivery_id;

    // The receiver moved, and the secret was rotated, since.
    let new_url = w.rx().url("/new");
    w.dev_cmd()
        .args(["edit", "inv", "--url", &new_url])
        .expect(exit::OK);
    w.cmd()
        // No grace period: the old secret stops signing at once.
        .args(["edit", "inv", "--rotate-secret", "--grace", "0s"])
        .expect(exit::OK);
    let new_secret = w.secret_of(&hook);

    let report = redeliver(&w, &[&id.to_string()])
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!(report.summary.succeeded, 1);
    let d = report.only();
    assert_eq!((d.delivery_id, &d.url), (Some(id), &new_url));
    assert_eq!(w.rx().requests_to("/old").len(), 1);
    let again = w.rx().requests_to("/new");
    assert_eq!(again.len(), 1);
    let again = &again[0];
    assert_eq!(again.body, original.body);
    assert_eq!(again.header("webhook-id"), original.header("webhook-id"));
    assert_eq!(Some(&d.message_id), original.header("webhook-id").as_ref());
    assert!(verifies(&new_secret, again), "fresh signature, new secret");
    assert!(
        !verifies(&old_secret, again),
        "the old secret must not verify"
    );

    // The new attempt is the same delivery's attempt 2, and the row follows it.
    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].url, new_url);
    assert_eq!(
        (rows[0].state, rows[0].attempts, rows[0].status),
        (State::Succeeded, 2, Some(200))
    );
    let attempts: Vec<(u32, Option<u16>, String)> = w
        .delivery(id)
        .attempts
        .into_iter()
        .map(|a| (a.number, a.status, a.url))
        .collect();
    assert_eq!(
        attempts,
        [(1, Some(500), w.rx().url("/old")), (2, Some(200), new_url)]
    );
}

#[test]
fn redelivery_that_fails_again_exits_7_and_keeps_counting_attempts() {
    let w = World::new();
    w.hook("inv", "/inv", &["Upload"]);
    w.rx().script("/inv", [Reply::Status(502)]);
    fire(&w, "Upload", 1, exit::DELIVERY_FAILED);
    let id = w.deliveries(&[])[0].delivery_id.to_string();
    let out = redeliver(&w, &[&id, "--retries", "1"]).expect(exit::DELIVERY_FAILED);
    out.says(&["1 of 1 deliveries failed"]);
    assert!(out.stdout.contains("HTTP 502"), "{}", out.stdout);
    let d = w.delivery(id.parse().unwrap());
    assert_eq!((d.delivery.state, d.delivery.attempts), (State::Failed, 4));
    let numbers: Vec<u32> = d.attempts.iter().map(|a| a.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let ids: BTreeSet<String> = webhook_ids(&w, "/inv").into_iter().collect();
    assert_eq!(ids.len(), 1, "every attempt carries the same webhook-id");

    // The same id twice is one redelivery, not two racing ones.
    w.rx().script("/inv", [Reply::Status(200)]);
    redeliver(&w, &[&id, &id]).expect(exit::OK);
    assert_eq!(w.rx().requests_to("/inv").len(), 5);
    assert_eq!(w.delivery(id.parse().unwrap()).delivery.attempts, 5);
}

#[test]
fn redelivery_of_an_unknown_id_sends_nothing() {
    let w = World::seeded();
    w.refuses(
        &mut redeliver(&w, &["1", "424242"]),
        exit::NOT_FOUND,
        &["no delivery has the id 424242"],
    );
    assert_eq!(w.rx().count(), 2);
}

#[test]
fn bulk_replay_resends_every_failed_delivery_once_the_receiver_recovers() {
    let w = World::new();
    w.hook("a", "/a", &["Upload", "Delete"]);
    w.hook("b", "/b", &["Upload"]);
    w.hook("c", "/c", &["Upload"]);
    w.rx().script("/a", [Reply::Status(500)]);
    w.rx().script("/b", [Reply::Status(503)]);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    fire(&w, "Delete", 0, exit::DELIVERY_FAILED);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    assert_eq!(w.deliveries(&["--failed"]).len(), 5);
    let (a_before, b_before) = (webhook_ids(&w, "/a"), webhook_ids(&w, "/b"));
    assert_eq!((a_before.len(), b_before.len()), (3, 2));

    // Both recover; a filter that matches nothing sends nothing.
    w.rx().script("/a", [Reply::Status(200)]);
    w.rx().script("/b", [Reply::Status(200)]);
    let soon = humantime::format_rfc3339_seconds(SystemTime::now() + Duration::from_secs(3600));
    w.refuses(
        &mut redeliver(&w, &["--failed", "--since", &soon.to_string()]),
        exit::NOTHING_TO_SEND,
        &["no failed or interrupted delivery matches; nothing was sent"],
    );
    assert_eq!(w.rx().count(), 7);
    w.refuses(
        &mut redeliver(&w, &["--failed", "--since", "lately"]),
        exit::INVALID,
        &["`lately` is neither a duration"],
    );

    // One webhook first, then the rest. One at a time, they go oldest first.
    let report = w
        .send_with(
            sending(w.rx()).retries(0).concurrency(1),
            &["redeliver", "--failed", "--hook", "a", "--since", "1h"],
        )
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!(report.summary.succeeded, 3);
    let a_after = webhook_ids(&w, "/a");
    assert_eq!(a_after.len(), 6);
    // Each under the webhook-id it had.
    assert_eq!(a_after[3..], a_before[..]);
    assert_eq!(webhook_ids(&w, "/b").len(), 2);

    let out = redeliver(&w, &["--failed"]).expect(exit::OK);
    assert!(
        out.stdout
            .contains("2 delivered, 0 failed, 0 interrupted, of 2."),
        "{}",
        out.stdout
    );
    let b_after: BTreeSet<String> = webhook_ids(&w, "/b")[2..].iter().cloned().collect();
    assert_eq!(b_after, b_before.into_iter().collect());
    assert_eq!(
        webhook_ids(&w, "/c").len(),
        2,
        "succeeded deliveries are not resent"
    );
    assert!(w.deliveries(&["--failed"]).is_empty());
    assert!(
        w.deliveries(&[])
            .iter()
            .all(|d| d.state == State::Succeeded)
    );

    w.refuses(
        &mut redeliver(&w, &["--failed"]),
        exit::NOTHING_TO_SEND,
        &["no failed or interrupted delivery matches; nothing was sent"],
    );
    assert_eq!(w.rx().count(), 12);
}

#[test]
fn api_key_resends_one_collections_failures() {
    let w = World::new();
    w.hook("a", "/a", &["Upload"]);
    w.add_hook("o", OTHER_KEY, &w.rx().url("/o"), &["Upload"]);
    w.rx()
        .script("/a", [Reply::Status(500), Reply::Status(200)]);
    w.rx()
        .script("/o", [Reply::Status(500), Reply::Status(200)]);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    w.dev_cmd()
        .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", OTHER_KEY])
        .args(sending(w.rx()).retries(0))
        .expect(exit::DELIVERY_FAILED);
    let report = redeliver(&w, &["--failed", "--api-key", OTHER_KEY, "--json"])
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!(report.summary.total, 1);
    assert_eq!(report.deliveries[0].hook_name, "o");
    assert_eq!(
        (
            w.rx().requests_to("/o").len(),
            w.rx().requests_to("/a").len()
        ),
        (2, 1)
    );
    let failed: Vec<String> = w
        .deliveries(&["--failed"])
        .into_iter()
        .map(|d| d.api_key)
        .collect();
    assert_eq!(failed, [KEY]);
}

#[test]
fn redelivery_to_a_deleted_or_disabled_webhook_is_refused() {
    let w = World::new();
    for name in ["gone", "off", "on"] {
        w.hook(name, &format!("/{name}"), &["Upload"]);
        w.rx().script(&format!("/{name}"), [Reply::Status(500)]);
    }
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    let rows = w.deliveries(&[]);
    let id_of = |name: &str| -> String {
        rows.iter()
            .find(|r| r.name() == name)
            .unwrap()
            .delivery_id
            .to_string()
    };
    let (gone, off, on) = (id_of("gone"), id_of("off"), id_of("on"));
    for name in ["gone", "off", "on"] {
        w.rx().script(&format!("/{name}"), [Reply::Status(200)]);
    }
    w.cmd().args(["delete", "gone", "--yes"]).expect(exit::OK);
    w.cmd().args(["edit", "off", "--disable"]).expect(exit::OK);
    let sent = w.rx().count();

    for force in [&[][..], &["--force"]] {
        let mut args = vec![gone.as_str()];
        args.extend_from_slice(force);
        w.refuses(
            &mut redeliver(&w, &args),
            exit::INVALID,
            &[&format!("delivery {gone}"), "gone", "has been deleted"],
        );
    }
    w.refuses(
        &mut redeliver(&w, &[&off]),
        exit::INVALID,
        &[&format!("delivery {off}"), "off", "disabled", "--force"],
    );
    // Explicit ids are all or nothing: the good one is not sent either.
    w.refuses(
        &mut redeliver(&w, &[&on, &off]),
        exit::INVALID,
        &["disabled"],
    );
    w.refuses(
        &mut redeliver(&w, &[&on, &gone, "--force"]),
        exit::INVALID,
        &["deleted"],
    );
    assert_eq!(w.rx().count(), sent);

    // --failed skips what it cannot send, says so, and sends the rest.
    let human = redeliver(&w, &["--failed", "--dry-run"]).expect(exit::OK);
    human.says(&["skipped", "has been deleted", "disabled"]);
    let report = redeliver(&w, &["--failed"]).arg("--json").expect(exit::OK);
    report.says(&["skipped", "has been deleted", "disabled"]);
    let report = report.json::<RunDoc>();
    assert_eq!((report.summary.total, report.summary.skipped), (1, 2));
    assert_eq!(w.rx().requests_to("/on").len(), 2);
    assert_eq!(w.rx().requests_to("/off").len(), 1);

    // Nothing left that can be sent: exit 8, and the message says why; a
    // dry run says the same, as it must predict the run.
    let before = w.dump();
    for dry_run in [&["--dry-run"][..], &[]] {
        let mut args = vec!["--failed"];
        args.extend_from_slice(dry_run);
        let out = redeliver(&w, &args).expect(exit::NOTHING_TO_SEND);
        out.says(&[
            "2 deliveries match, but none can be sent",
            "nothing was sent",
        ]);
        if dry_run.is_empty() {
            assert!(
                out.stdout.contains("of 0; 2 skipped (see the warnings)."),
                "{}",
                out.stdout
            );
        }
    }
    assert_eq!(w.dump(), before);

    // --force sends to a disabled webhook.
    redeliver(&w, &[&off, "--force"]).expect(exit::OK);
    let off_reqs = webhook_ids(&w, "/off");
    assert_eq!(off_reqs.len(), 2);
    assert_eq!(off_reqs[0], off_reqs[1]);
}

#[test]
fn a_redelivery_dry_run_shows_what_would_be_sent_and_where() {
    let w = World::new();
    for name in ["moved", "local", "off"] {
        w.hook(name, &format!("/{name}"), &["Upload"]);
        w.rx().script(&format!("/{name}"), [Reply::Status(500)]);
    }
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    let moved_url = "https://moved.example.com/hook";
    w.cmd()
        .args(["edit", "moved", "--url", moved_url])
        .expect(exit::OK);
    w.cmd().args(["edit", "off", "--disable"]).expect(exit::OK);
    let before = w.dump();
    // Without the opt-in: the loopback webhook would be refused by the
    // policy, the disabled one is skipped, the moved one goes to its new URL.
    let out = w
        .cmd()
        .args(["--json", "redeliver", "--failed", "--dry-run"])
        .expect(exit::OK);
    out.says(&["skipped", "off", "disabled"]);
    let doc = out.json::<DryRunDoc>();
    assert!(doc.dry_run);
    assert_eq!((doc.summary.total, doc.summary.refused), (2, 1));
    let moved_id = w.deliveries(&["--hook", "moved"])[0].delivery_id;
    let original = w.delivery(moved_id);
    let moved = doc
        .deliveries
        .iter()
        .find(|d| d.hook_name == "moved")
        .unwrap();
    assert_eq!((moved.url.as_str(), &moved.refused), (moved_url, &None));
    assert_eq!(moved.delivery_id, Some(moved_id));
    assert_eq!(moved.body, original.delivery.body);
    let local = doc
        .deliveries
        .iter()
        .find(|d| d.hook_name == "local")
        .unwrap();
    assert!(
        local
            .refused
            .as_deref()
            .is_some_and(|r| r.contains("127.0.0.0/8")),
        "{local:?}"
    );

    let text = w
        .cmd()
        .args(["redeliver", "--failed", "--dry-run"])
        .expect(exit::OK)
        .stdout;
    let rows = table(&text);
    assert_eq!(
        rows[0],
        [
            "DELIVERY",
            "WEBHOOK",
            "WEBHOOK ID",
            "EVENT",
            "URL",
            "WOULD BE"
        ]
    );
    let moved_row = rows.iter().find(|r| r[1] == "moved").unwrap();
    assert_eq!(moved_row[0], moved_id.to_string());
    assert!(
        text.contains("Dry run: 1 of 2 deliveries would be sent, 1 refused by the address policy; nothing was sent."),
        "{text}"
    );
    assert_eq!(w.dump(), before);
    assert_eq!(w.rx().count(), 3, "a dry run sends nothing");
}

#[test]
fn a_410_disables_the_webhook_at_once() {
    let w = World::new();
    let id = w.hook("old", "/old", &["Upload"]);
    w.rx().script(
        "/old",
        [Reply::Body(410, b"this endpoint is retired".to_vec())],
    );
    // Retries are allowed, but a 410 is final: one request.
    let out = fire(&w, "Upload", 3, exit::DELIVERY_FAILED);
    assert_eq!(w.rx().count(), 1);
    assert!(out.stdout.contains("HTTP 410"), "{}", out.stdout);
    assert!(
        out.stdout.contains("webhook disabled"),
        "the run says so:\n{}",
        out.stdout
    );

    let shown = w.show(&id);
    assert!(!shown.enabled);
    let reason = shown.disabled_reason.clone().unwrap();
    assert!(reason.contains("410 Gone"), "{reason}");
    let rows = table(&w.cmd().arg("list").expect(exit::OK).stdout);
    assert_eq!(rows[1][0], "old");
    assert_eq!(rows[1][5], format!("no: {reason}"));
    let human = w.cmd().args(["show", "old"]).expect(exit::OK).stdout;
    assert!(human.contains(&format!("no ({reason})")), "{human}");
    let row = w.deliveries(&[]).remove(0);
    assert_eq!((row.status, row.state), (Some(410), State::Failed));
    assert_eq!(
        w.delivery(row.delivery_id).attempts[0].response_excerpt,
        "this endpoint is retired"
    );

    // Later events skip it.
    w.refuses(
        &mut w.fire(&["Upload", "--entry", ENTRY_A]),
        exit::NOTHING_TO_SEND,
        &["no enabled webhook"],
    );
    // So does a redelivery, unless forced.
    w.refuses(
        &mut redeliver(&w, &[&row.delivery_id.to_string()]),
        exit::INVALID,
        &["disabled", "410 Gone", "--force"],
    );
    assert_eq!(w.rx().count(), 1);
    // `edit --enable` switches it back on.
    w.cmd().args(["edit", "old", "--enable"]).expect(exit::OK);
    assert_eq!(w.show(&id).disabled_reason, None);
}
