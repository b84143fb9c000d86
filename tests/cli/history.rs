//! The delivery log: `deliveries` (the list, its filters and its table),
//! `deliveries show` (a delivery in full, every attempt) and `deliveries
//! prune`.

use std::time::{Duration, SystemTime};

use crate::support::json::{LoggedDelivery, PrunedDoc, State};
use crate::support::tables::{record, table};
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

fn ids_of(rows: &[LoggedDelivery]) -> Vec<i64> {
    rows.iter().map(|r| r.delivery_id).collect()
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

#[test]
fn history_lists_fire_and_test_deliveries_newest_first() {
    let w = World::new();
    let hook_id = w.hook("inv", "/inv", &["Upload", "Delete"]);
    fire(&w, "Upload", 0, exit::OK);
    w.send(&["test", "inv", "Delete"]).expect(exit::OK);
    let reqs = w.rx().requests_to("/inv");
    assert_eq!(reqs.len(), 2);

    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    // Newest first: the test's Delete sample, then the fired Upload.
    assert_eq!(rows[0].event, "Delete");
    assert_eq!(rows[1].event, "Upload");
    assert!(rows[0].delivery_id > rows[1].delivery_id);
    for (row, req) in [(&rows[1], &reqs[0]), (&rows[0], &reqs[1])] {
        assert_eq!(Some(&row.message_id), req.header("webhook-id").as_ref());
        assert_eq!(row.hook_id.as_deref(), Some(hook_id.as_str()));
        assert_eq!(row.name(), "inv");
        assert_eq!(row.api_key, KEY);
        assert_eq!(row.url, w.rx().url("/inv"));
        assert_eq!(row.state, State::Succeeded);
        assert_eq!(
            (row.attempts, row.status, &row.error),
            (1, Some(200), &None)
        );
        let created = humantime::parse_rfc3339(&row.created_at).unwrap();
        let age = SystemTime::now().duration_since(created).unwrap();
        assert!(age < Duration::from_secs(600), "{age:?}");
    }

    // The table: id, time, webhook, event, result, attempts, duration.
    let out = w.cmd().arg("deliveries").expect(exit::OK);
    let cells = table(&out.stdout);
    assert_eq!(
        cells[0],
        [
            "ID", "TIME", "WEBHOOK", "EVENT", "RESULT", "ATTEMPTS", "DURATION"
        ]
    );
    assert_eq!(cells.len(), 3, "{}", out.stdout);
    for (cells, row) in cells[1..].iter().zip(&rows) {
        let expected = [
            row.delivery_id.to_string(),
            row.created_at.clone(),
            "inv".into(),
            row.event.clone(),
            "HTTP 200".into(),
            "1".into(),
            format!("{} ms", row.duration_ms),
        ];
        assert_eq!(cells, &expected);
    }
    // `log` is the same command.
    assert_eq!(w.cmd().arg("log").expect(exit::OK).stdout, out.stdout);
}

#[test]
fn show_gives_the_request_and_every_attempt_but_never_the_secret() {
    let w = World::new();
    let hook_id = w.hook("inv", "/inv", &["Upload"]);
    w.rx().script(
        "/inv",
        [
            Reply::Body(503, b"try again later".to_vec()),
            Reply::Body(200, br#"{"received":true}"#.to_vec()),
        ],
    );
    fire(&w, "Upload", 1, exit::OK);
    let reqs = w.rx().requests_to("/inv");
    assert_eq!(reqs.len(), 2);
    let listed = w.deliveries(&[]).remove(0);
    let id = listed.delivery_id;
    let secret = w.secret_of(&hook_id);

    let out = w
        .cmd()
        .args(["--json", "deliveries", "show", &id.to_string()])
        .expect(exit::OK);
    let doc = out.json::<crate::support::json::DeliveryDoc>();
    let d = &doc.delivery;
    // The same fields as the list, and the body.
    assert_eq!(
        (
            d.delivery_id,
            &d.created_at,
            &d.message_id,
            &d.hook_id,
            &d.url
        ),
        (
            id,
            &listed.created_at,
            &listed.message_id,
            &listed.hook_id,
            &listed.url
        )
    );
    assert_eq!(
        (d.state, d.attempts, d.status),
        (State::Succeeded, 2, Some(200))
    );
    assert_eq!(d.body, reqs[0].body_text());
    assert_eq!(doc.attempts.len(), 2);
    let expected = [(503, "try again later"), (200, r#"{"received":true}"#)];
    for (i, ((a, req), (status, excerpt))) in
        doc.attempts.iter().zip(&reqs).zip(expected).enumerate()
    {
        assert_eq!(a.number as usize, i + 1);
        assert_eq!((a.status, &a.error), (Some(status), &None));
        assert_eq!(a.response_excerpt, excerpt);
        assert_eq!(a.url, w.rx().url("/inv"));
        assert!(humantime::parse_rfc3339(&a.started_at).is_ok());
        // The headers kept are the ones the receiver got, and they verify.
        let mut headers = hyper::header::HeaderMap::new();
        for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            let kept = &a.headers()[name];
            assert_eq!(Some(kept), req.header(name).as_ref(), "{name}");
            headers.insert(name, kept.parse().unwrap());
        }
        standardwebhooks::Webhook::new(&secret)
            .unwrap()
            .verify(d.body.as_bytes(), &headers)
            .expect("the kept signature verifies");
    }
    let raw_secret = secret.strip_prefix("whsec_").unwrap();
    let human = w
        .cmd()
        .args(["deliveries", "show", &id.to_string()])
        .expect(exit::OK)
        .stdout;
    for text in [&out.stdout, &human] {
        assert!(!text.contains(raw_secret), "the secret leaks:\n{text}");
    }
    for phrase in [
        format!("Request body ({} bytes):", reqs[0].body.len()),
        reqs[0].body_text(),
        "Attempt 1 at".to_string(),
        "HTTP 503".to_string(),
        "try again later".to_string(),
        "Attempt 2 at".to_string(),
        r#"{"received":true}"#.to_string(),
        format!("webhook-id: {}", reqs[0].header("webhook-id").unwrap()),
        format!(
            "webhook-signature: {}",
            reqs[1].header("webhook-signature").unwrap()
        ),
    ] {
        assert!(human.contains(&phrase), "show lacks {phrase:?}:\n{human}");
    }
    let fields = record(&human);
    for (field, value) in [
        ("delivery", id.to_string()),
        ("webhook", format!("inv ({hook_id})")),
        ("collection", KEY.to_string()),
        ("url", w.rx().url("/inv")),
        ("event", "Upload".to_string()),
        ("webhook-id", reqs[0].header("webhook-id").unwrap()),
        ("result", "HTTP 200".to_string()),
        ("attempts", "2".to_string()),
    ] {
        assert!(
            fields.contains(&(field.to_string(), value.clone())),
            "show lacks {field} {value:?}:\n{human}"
        );
    }

    w.refuses(
        w.cmd().args(["deliveries", "show", "999"]),
        exit::NOT_FOUND,
        &["error: no delivery has the id 999"],
    );
}

#[test]
fn show_records_a_network_error_without_a_status() {
    let w = World::new();
    // A port nobody listens on: the connection is refused.
    let url = format!("https://127.0.0.1:{}/x", closed_port());
    w.add_hook("down", KEY, &url, &["Upload"]);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    let row = w.deliveries(&[]).remove(0);
    assert_eq!((row.state, row.status), (State::Failed, None));
    let error = row.error.clone().unwrap();
    assert!(!error.is_empty());
    let a = &w.delivery(row.delivery_id).attempts[0];
    assert_eq!((a.status, a.error.as_ref()), (None, Some(&error)));
    assert_eq!(a.response_excerpt, "");
    let cells = table(&w.cmd().arg("deliveries").expect(exit::OK).stdout);
    assert_eq!(cells[1][4], format!("failed: {error}"));
}

#[test]
fn filters_select_by_hook_event_state_time_and_count() {
    let w = World::new();
    let a = w.hook("a", "/a", &["Upload"]);
    let b = w.hook("b", "/b", &["Upload", "Delete"]);
    w.rx().script("/b", [Reply::Status(500)]);
    fire(&w, "Upload", 0, exit::DELIVERY_FAILED);
    fire(&w, "Delete", 0, exit::DELIVERY_FAILED);
    let all = w.deliveries(&[]);
    assert_eq!(all.len(), 3);

    let names = |filters: &[&str]| -> Vec<String> {
        w.deliveries(filters)
            .iter()
            .map(|r| format!("{}/{}", r.name(), r.event))
            .collect()
    };
    assert_eq!(names(&["--hook", "a"]), ["a/Upload"]);
    assert_eq!(names(&["--hook", &a]), ["a/Upload"]);
    assert_eq!(names(&["--hook", &b]), ["b/Delete", "b/Upload"]);
    assert_eq!(names(&["--event", "delete"]), ["b/Delete"]);
    assert_eq!(names(&["--failed"]), ["b/Delete", "b/Upload"]);
    assert!(
        w.deliveries(&["--failed"])
            .iter()
            .all(|r| r.state == State::Failed && r.status == Some(500))
    );
    assert_eq!(
        names(&["--failed", "--event", "Upload", "--hook", "b"]),
        ["b/Upload"]
    );
    assert!(names(&["--interrupted"]).is_empty());
    assert_eq!(w.deliveries(&["--since", "1h"]).len(), 3);
    assert_eq!(w.deliveries(&["--since", "2000-01-01T00:00:00Z"]).len(), 3);
    let soon = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    assert!(w.deliveries(&["--since", &soon]).is_empty());
    // An offset moves the instant: an hour ahead written two hours ahead
    // in +02:00 is an hour ago, and an hour ago in -02:00 is an hour ahead.
    let in_plus_two = soon.replace('Z', "+02:00");
    assert_eq!(w.deliveries(&["--since", &in_plus_two]).len(), 3);
    let hour_ago = rfc3339(SystemTime::now() - Duration::from_secs(3600));
    let in_minus_two = hour_ago.replace('Z', "-02:00");
    assert!(w.deliveries(&["--since", &in_minus_two]).is_empty());
    // --since counts from creation: the first fire's two deliveries drop
    // out of "the last hour".
    w.age_runs_of(&[ids_of(&all)[2]], Duration::from_secs(7200));
    assert_eq!(names(&["--since", "1h"]), ["b/Delete"]);
    assert_eq!(ids_of(&w.deliveries(&["--limit", "2"])), ids_of(&all)[..2]);

    w.refuses(
        w.cmd().args(["deliveries", "--since", "yesterday"]),
        exit::INVALID,
        &["`yesterday`", "duration", "timestamp"],
    );
    w.refuses(
        w.cmd()
            .args(["deliveries", "--since", "2026-13-45T00:00:00Z"]),
        exit::INVALID,
        &["2026-13-45T00:00:00Z"],
    );
    w.refuses(
        w.cmd().args(["deliveries", "--event", "Uplod"]),
        exit::INVALID,
        &["Uplod"],
    );
    w.refuses(
        w.cmd().args(["deliveries", "--limit", "0"]),
        exit::INVALID,
        &["--limit"],
    );
    w.refuses(
        w.cmd().args(["deliveries", "--failed", "--interrupted"]),
        exit::USAGE,
        &["cannot be used with"],
    );
}

#[test]
fn a_hook_filter_that_names_nothing_ever_known_is_not_found() {
    let w = World::seeded();
    // A name no webhook and no delivery ever had.
    w.refuses(
        w.cmd().args(["deliveries", "--hook", "nobody"]),
        exit::NOT_FOUND,
        &["no webhook has the name or id \"nobody\", and no delivery went to one of that name"],
    );
    // A webhook that has no deliveries yet is known: an empty list.
    w.add_hook("quiet", KEY, URL, &["Upload"]);
    assert!(w.deliveries(&["--hook", "quiet"]).is_empty());
    let out = w
        .cmd()
        .args(["deliveries", "--hook", "quiet"])
        .expect(exit::OK);
    assert!(out.stdout.contains("No deliveries match"), "{}", out.stdout);
}

#[test]
fn api_key_picks_the_collection_of_a_name_used_in_two() {
    let w = World::new();
    w.hook("inv", "/a", &["Upload"]);
    w.add_hook("inv", OTHER_KEY, &w.rx().url("/b"), &["Upload"]);
    fire(&w, "Upload", 0, exit::OK);
    w.dev_cmd()
        .args(["fire", "Upload", "--entry", ENTRY_A, "--api-key", OTHER_KEY])
        .args(sending(w.rx()))
        .expect(exit::OK);
    let keys = |filters: &[&str]| -> Vec<String> {
        let rows = w.deliveries(filters);
        rows.into_iter().map(|d| d.api_key).collect()
    };
    // The name alone is ambiguous, as it is for show, test or redeliver.
    w.refuses(
        w.cmd().args(["deliveries", "--hook", "inv"]),
        exit::INVALID,
        &["the name \"inv\" is used in 2 collections (by webhooks or their history); choose one with --api-key"],
    );
    assert_eq!(keys(&["--hook", "inv", "--api-key", KEY]), [KEY]);
    assert_eq!(
        keys(&["--hook", "inv", "--api-key", OTHER_KEY]),
        [OTHER_KEY]
    );
    // The history of a deleted webhook counts too: one collection's `inv`
    // is gone, the other's lives, and their deliveries are still two
    // webhooks' histories.
    w.cmd()
        .args(["delete", "inv", "--api-key", OTHER_KEY, "--yes"])
        .expect(exit::OK);
    w.refuses(
        w.cmd().args(["deliveries", "--hook", "inv"]),
        exit::INVALID,
        &["the name \"inv\" is used in 2 collections (by webhooks or their history)"],
    );
    assert_eq!(
        keys(&["--hook", "inv", "--api-key", OTHER_KEY]),
        [OTHER_KEY]
    );
    assert_eq!(keys(&["--api-key", OTHER_KEY]), [OTHER_KEY]);
    w.refuses(
        w.cmd().args(["deliveries", "--api-key", "no key"]),
        exit::INVALID,
        &["\"no key\""],
    );
}

#[test]
fn the_default_limit_is_fifty_newest() {
    let w = World::new();
    w.import_hooks(60, |_| "/ok".to_string());
    fire(&w, "Upload", 0, exit::OK);
    let all = w.deliveries(&["--limit", "1000"]);
    assert_eq!(all.len(), 60);
    let rows = w.deliveries(&[]);
    assert_eq!(ids_of(&rows), ids_of(&all)[..50]);
    assert!(ids_of(&all).is_sorted_by(|a, b| a > b), "newest first");
}

#[test]
fn history_outlives_its_webhook_and_keeps_the_name_it_had() {
    let w = World::new();
    let id = w.hook("inv", "/inv", &["Upload"]);
    fire(&w, "Upload", 0, exit::OK);
    // A renamed webhook: old rows keep the old name, and the new name finds them.
    w.cmd()
        .args(["edit", &id, "--name", "stock"])
        .expect(exit::OK);
    fire(&w, "Upload", 0, exit::OK);
    let rows = w.deliveries(&["--hook", "stock"]);
    let names: Vec<&str> = rows.iter().map(|r| r.name()).collect();
    assert_eq!(names, ["stock", "inv"]);

    w.cmd().args(["delete", "stock", "--yes"]).expect(exit::OK);
    let rows = w.deliveries(&[]);
    let names: Vec<&str> = rows.iter().map(|r| r.name()).collect();
    assert_eq!(names, ["stock", "inv"]);
    for row in &rows {
        assert_eq!((&row.hook_id, row.state), (&None, State::Succeeded));
    }
    let cells = table(&w.cmd().arg("deliveries").expect(exit::OK).stdout);
    assert_eq!(cells[1][2], "stock (deleted)");
    assert_eq!(cells[2][2], "inv (deleted)");
    // The old names still find the history of a webhook that is gone.
    assert_eq!(w.deliveries(&["--hook", "inv"]).len(), 1);
    assert_eq!(w.deliveries(&["--hook", "stock"]).len(), 1);
    let shown = w
        .cmd()
        .args(["deliveries", "show", &rows[0].delivery_id.to_string()])
        .expect(exit::OK);
    assert!(record(&shown.stdout).contains(&("webhook".into(), "stock (deleted)".into())));
}

#[test]
fn prune_removes_only_old_rows_in_one_go_and_says_how_many() {
    let w = World::new();
    w.hook("a", "/a", &["Upload"]);
    w.rx()
        .script("/a", [Reply::Status(500), Reply::Status(200)]);
    fire(&w, "Upload", 1, exit::OK);
    fire(&w, "Upload", 0, exit::OK);
    fire(&w, "Upload", 0, exit::OK);
    let ids = ids_of(&w.deliveries(&[]));
    let (fresh, old) = (ids[0], &ids[1..]);
    w.age_runs_of(old, Duration::from_secs(10 * 86_400));

    let pruned = w
        .cmd()
        .args(["--json", "deliveries", "prune", "--older-than", "7days"])
        .expect(exit::OK)
        .json::<PrunedDoc>()
        .pruned;
    // Two deliveries; the oldest had two attempts.
    assert_eq!((pruned.deliveries, pruned.attempts), (2, 3));
    assert_eq!(ids_of(&w.deliveries(&[])), [fresh]);
    assert_eq!(w.delivery(fresh).attempts.len(), 1);
    for id in old {
        w.cmd()
            .args(["deliveries", "show", &id.to_string()])
            .expect(exit::NOT_FOUND);
    }

    let again = w
        .cmd()
        .args(["deliveries", "prune", "--older-than", "1h"])
        .expect(exit::OK);
    assert_eq!(
        again.stdout.trim(),
        "Pruned 0 deliveries (0 attempts) older than 1h."
    );
    // Nothing is a billion years old: a huge duration must not wrap around.
    let huge = w
        .cmd()
        .args(["deliveries", "prune", "--older-than", "1000000000years"])
        .expect(exit::OK);
    assert!(
        huge.stdout.starts_with("Pruned 0 deliveries"),
        "{}",
        huge.stdout
    );
    assert_eq!(ids_of(&w.deliveries(&[])), [fresh]);
    // A point in time, as --since takes one.
    let before = w
        .cmd()
        .args([
            "deliveries",
            "prune",
            "--older-than",
            "2000-01-01T00:00:00Z",
        ])
        .expect(exit::OK);
    assert_eq!(
        before.stdout.trim(),
        "Pruned 0 deliveries (0 attempts) older than 2000-01-01T00:00:00Z."
    );
    let all = w
        .cmd()
        .args(["deliveries", "prune", "--older-than", "0s", "--yes"])
        .expect(exit::OK);
    assert!(
        all.stdout.starts_with("Pruned 1 delivery (1 attempt)"),
        "{}",
        all.stdout
    );
    assert!(w.deliveries(&[]).is_empty());
    // Ids are never given out twice: an earlier report's "delivery 3" stays
    // that delivery's, even once the log was emptied.
    fire(&w, "Upload", 0, exit::OK);
    assert_eq!(ids_of(&w.deliveries(&[])), [fresh + 1]);

    w.refuses(
        w.cmd()
            .args(["deliveries", "prune", "--older-than", "lately"]),
        exit::INVALID,
        &["`lately` is not a duration"],
    );
}
