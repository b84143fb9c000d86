//! `test NAME|ID [EVENT]...`: the spec's samples, sent to one webhook with
//! its own collection's key.

use crate::support::json::{DryRunDoc, RunDoc};
use crate::support::samples::SAMPLES;
use crate::support::*;

fn test_hook(w: &World, args: &[&str]) -> assert_cmd::Command {
    let mut all = vec!["test"];
    all.extend_from_slice(args);
    w.send(&all)
}

#[test]
fn test_sends_the_nine_spec_samples_byte_for_byte() {
    let w = World::new();
    w.hook("all", "/all", &ALL_EVENTS);
    let report = w
        .send_with(sending(w.rx()).concurrency(1), &["test", "all"])
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!(report.summary.succeeded, 9, "{report:?}");
    let bodies: Vec<String> = w
        .rx()
        .requests_to("/all")
        .iter()
        .map(|r| r.body_text())
        .collect();
    let expected: Vec<&str> = SAMPLES.iter().map(|s| s.2).collect();
    assert_eq!(bodies, expected);
}

/// `events NAME --sample` prints the very bytes `test` sends, so that a
/// file made from it signs and verifies as the sent request would.
#[test]
fn events_sample_prints_the_body_test_sends() {
    let w = World::new();
    w.add_hook("mine", OTHER_KEY, &w.rx().url("/mine"), &ALL_EVENTS);
    w.send_with(sending(w.rx()).concurrency(1), &["test", "mine"])
        .expect(exit::OK);
    let sent = w.rx().requests_to("/mine");
    for (request, (event, ..)) in sent.iter().zip(SAMPLES.iter()) {
        let printed = w
            .cmd()
            .args(["events", event, "--sample", "--api-key", OTHER_KEY])
            .expect(exit::OK)
            .stdout;
        assert_eq!(printed, request.body_text(), "{event}");
    }
    // Without --api-key the sample is the spec's, key and all.
    let spec = w
        .cmd()
        .args(["events", "Delete", "--sample"])
        .expect(exit::OK)
        .stdout;
    assert_eq!(spec, SAMPLES[3].2);
    w.refuses(
        w.cmd().args(["events", "--sample"]),
        exit::USAGE,
        &["<EVENT>"],
    );
    w.refuses(
        w.cmd()
            .args(["events", "Upload", "--sample", "--api-key", "b d"]),
        exit::INVALID,
        &["API key \"b d\" contains whitespace"],
    );
}

#[test]
fn test_sends_all_triggers_or_the_named_ones_with_the_hooks_own_key() {
    let w = World::new();
    let id = w.add_hook(
        "mine",
        OTHER_KEY,
        &w.rx().url("/mine"),
        &["AssetStatusUpdate", "Upload", "Delete"],
    );
    let out = test_hook(&w, &["mine"]).expect(exit::OK);
    assert!(
        out.stdout
            .contains("3 delivered, 0 failed, 0 interrupted, of 3."),
        "{}",
        out.stdout
    );
    let mut bodies: Vec<String> = w
        .rx()
        .requests_to("/mine")
        .iter()
        .map(|r| r.body_text())
        .collect();
    bodies.sort();
    let mut expected: Vec<String> = [SAMPLES[8].2, SAMPLES[0].2, SAMPLES[3].2]
        .iter()
        .map(|b| b.replace(KEY, OTHER_KEY))
        .collect();
    expected.sort();
    assert_eq!(bodies, expected);

    // By id, a named subset (case-insensitive, repeats once).
    let report = test_hook(&w, &[&id, "delete", "Delete"])
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let d = report.only();
    assert_eq!(d.event, "Delete");
    let reqs = w.rx().requests_to("/mine");
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[3].body_text(), SAMPLES[3].2.replace(KEY, OTHER_KEY));
    assert_eq!(reqs[3].header("webhook-id"), Some(d.message_id.clone()));
}

#[test]
fn test_refusals_and_failures() {
    let w = World::new();
    w.hook("mine", "/mine", &["Upload"]);
    w.refuses(
        &mut test_hook(&w, &["mine", "Edit"]),
        exit::INVALID,
        &["webhook mine is not subscribed to Edit"],
    );
    w.refuses(
        &mut test_hook(&w, &["mine", "Uplod"]),
        exit::INVALID,
        &["did you mean `Upload`"],
    );
    w.refuses(
        &mut test_hook(&w, &["nosuch"]),
        exit::NOT_FOUND,
        &["nosuch"],
    );
    assert_eq!(w.rx().count(), 0);
    assert!(w.deliveries(&[]).is_empty());

    w.rx().script("/mine", [Reply::Status(500)]);
    let report = w
        .send_with(sending(w.rx()).retries(1), &["test", "mine"])
        .arg("--json")
        .expect(exit::DELIVERY_FAILED)
        .json::<RunDoc>();
    assert_eq!(report.only().attempts, 2);
    assert_eq!(w.rx().count(), 2);

    // `test` is for checking an endpoint, so a disabled hook still gets it.
    w.rx().script("/mine", [Reply::Status(204)]);
    w.cmd().args(["edit", "mine", "--disable"]).expect(exit::OK);
    test_hook(&w, &["mine"])
        .expect(exit::OK)
        .says(&["webhook mine is disabled; `test` sends to it anyway"]);
    assert_eq!(w.rx().count(), 3);
}

#[test]
fn test_dry_run_prints_the_samples_and_sends_nothing() {
    let w = World::new();
    let id = w.hook("all", "/all", &ALL_EVENTS);
    let out = test_hook(&w, &["all", "--dry-run"]).expect(exit::OK);
    // Each sample on a line of its own, in the spec's order.
    let bodies: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with('{')).collect();
    let expected: Vec<&str> = SAMPLES.iter().map(|s| s.2).collect();
    assert_eq!(bodies, expected);

    let doc = test_hook(&w, &[&id, "--dry-run", "Delete", "Upload"])
        .arg("--json")
        .expect(exit::OK)
        .json::<DryRunDoc>();
    let sent: Vec<(&str, &str, &str)> = doc
        .deliveries
        .iter()
        .map(|d| (d.event.as_str(), d.hook_id.as_str(), d.body.as_str()))
        .collect();
    assert_eq!(
        sent,
        [
            ("Delete", id.as_str(), SAMPLES[3].2),
            ("Upload", id.as_str(), SAMPLES[0].2)
        ]
    );
    assert!(
        doc.deliveries
            .iter()
            .all(|d| d.url == w.rx().url("/all") && d.refused.is_none())
    );
    assert_eq!(w.rx().count(), 0);
    assert!(w.deliveries(&[]).is_empty());
}
