//! Parallel processes on one store, the way CI jobs share one: creating it,
//! adding to it, firing and redelivering at once, and editing while runs
//! deliver. Every attempt is logged exactly once.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::support::json::{RunDoc, State};
use crate::support::spawned::Running;
use crate::support::*;

/// Runs `per_process` `add`s in each of `processes` concurrent workers, all
/// starting at the same instant; returns every failure, and every stderr
/// that mentions a lock.
fn parallel_adds(w: &World, processes: usize, per_process: usize) -> Vec<String> {
    let start = std::sync::Barrier::new(processes);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..processes)
            .map(|p| {
                let start = &start;
                s.spawn(move || {
                    let mut failures = Vec::new();
                    start.wait();
                    for i in 0..per_process {
                        let out = w
                            .cmd()
                            .args(["add", "--name", &format!("p{p}-h{i}"), "--url", URL])
                            .args(["--trigger", "Upload", "--api-key", KEY])
                            .outcome();
                        if out.code != Some(exit::OK)
                            || out.stderr.to_lowercase().contains("locked")
                        {
                            failures.push(out.report());
                        }
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    })
}

fn hook_count(w: &World) -> usize {
    let names: BTreeSet<String> = w.list(&[]).into_iter().map(|h| h.name).collect();
    names.len()
}

#[test]
fn eight_processes_adding_fifty_hooks_each_to_a_fresh_store_all_succeed() {
    let w = World::new();
    let failures = parallel_adds(&w, 8, 50);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(hook_count(&w), 400);
}

/// The first use of a store (WAL switch, migrations) is where parallel jobs
/// collide; so make it happen many times.
#[test]
fn eight_processes_creating_the_same_store_at_once_all_succeed() {
    for round in 0..20 {
        let w = World::new();
        let failures = parallel_adds(&w, 8, 1);
        assert!(failures.is_empty(), "round {round}: {failures:#?}");
        assert_eq!(hook_count(&w), 8);
    }
}

/// A fan-out larger than its concurrency: most rows are recorded by the log
/// writer while the first deliveries are sent, and a retried delivery's row
/// is updated by two batches (its second answer comes long after the
/// writer's batch window). Every reported id is that delivery's row.
#[test]
fn rows_written_during_a_fan_out_match_the_report_and_the_receiver() {
    let w = World::new();
    let flaky = |i: usize| i % 4 == 0;
    for i in (0..40).filter(|&i| flaky(i)) {
        w.rx().script(
            &format!("/flaky-{i}"),
            [
                Reply::Status(503),
                Reply::Delayed(Duration::from_millis(50), 200),
            ],
        );
    }
    w.import_hooks(40, |i| {
        if flaky(i) {
            format!("/flaky-{i}")
        } else {
            "/ok".to_string()
        }
    });
    let done = w
        .spawn(
            "fan-out",
            &fire_args(sending(w.rx()).concurrency(2).retries(2)),
        )
        .finish(Duration::from_secs(60));
    assert_eq!(done.code(), Some(exit::OK), "{}", done.stderr);
    let report = done.json::<RunDoc>();
    assert_eq!(report.deliveries.len(), 40);
    let log = w.log();
    assert_eq!(log.len(), 40);
    // Every delivery once, in whatever order they finished.
    let names: BTreeSet<&str> = report
        .deliveries
        .iter()
        .map(|d| d.hook_name.as_str())
        .collect();
    let expected: BTreeSet<String> = (0..40).map(|i| format!("hook-{i:04}")).collect();
    assert_eq!(names, expected.iter().map(String::as_str).collect());
    let mut ids = BTreeSet::new();
    for d in &report.deliveries {
        let id = d.delivery_id.unwrap_or_else(|| panic!("{d:?}"));
        assert!(ids.insert(id), "id {id} reported twice");
        let row = log.iter().find(|r| r.delivery_id == id).unwrap();
        assert_eq!(
            (&row.message_id, row.name()),
            (&d.message_id, d.hook_name.as_str())
        );
        assert_eq!(row.state, State::Succeeded);
        let i: usize = d.hook_name["hook-".len()..].parse().unwrap();
        let attempts = if flaky(i) { 2 } else { 1 };
        assert_eq!((row.attempts, d.attempts), (attempts, attempts));
    }
    assert_eq!(w.assert_log_matches_receiver(), 30 + 10 * 2);
}

#[test]
fn four_parallel_fires_log_every_attempt_exactly_once() {
    let w = World::new();
    w.rx()
        .script("/ok", [Reply::Delayed(Duration::from_millis(20), 200)]);
    w.rx().script("/down", [Reply::Status(503)]);
    // 45 healthy receivers and 5 that always fail, so that retries are in
    // the log too: 45 + 5 × 3 attempts per fire.
    w.import_hooks(50, |i| {
        if i % 10 == 0 { "/down" } else { "/ok" }.to_string()
    });
    let fires: Vec<Running> = (0..4)
        .map(|i| {
            w.spawn(
                &format!("fire{i}"),
                &fire_args(sending(w.rx()).retries(2).concurrency(8)),
            )
        })
        .collect();
    for fire in fires {
        let done = fire.finish(Duration::from_secs(60));
        assert_eq!(done.code(), Some(exit::DELIVERY_FAILED), "{}", done.stderr);
        assert!(
            !done.stderr.to_lowercase().contains("locked"),
            "{}",
            done.stderr
        );
        let summary = done.json::<RunDoc>().summary;
        assert_eq!(
            (summary.total, summary.succeeded, summary.failed),
            (50, 45, 5)
        );
    }
    let log = w.log();
    assert_eq!(log.len(), 200);
    assert!(log.iter().all(|d| d.state != State::Pending));
    assert_eq!(w.assert_log_matches_receiver(), 4 * (45 + 5 * 3));
}

#[test]
fn edit_and_delete_during_fires_leave_each_fire_a_consistent_snapshot() {
    let w = World::new();
    for path in ["/slow", "/moved"] {
        w.rx()
            .script(path, [Reply::Delayed(Duration::from_millis(100), 200)]);
    }
    w.import_hooks(50, |_| "/slow".to_string());
    let (edited, deleted) = ("hook-0001", "hook-0002");
    let slow = || fire_args(sending(w.rx()).concurrency(4));
    let mut early: Vec<Running> = (0..2)
        .map(|i| w.spawn(&format!("early{i}"), &slow()))
        .collect();
    // Both early fires have chosen their targets once their first requests
    // arrive; a run's message ids share their first 28 characters.
    let runs_seen = || -> usize {
        let prefixes: BTreeSet<String> = w
            .rx()
            .requests()
            .iter()
            .filter_map(|r| r.header("webhook-id"))
            .map(|id| id[..28].to_string())
            .collect();
        prefixes.len()
    };
    early[0].wait_until(Duration::from_secs(30), "the early fires' start", || {
        runs_seen() == 2
    });
    let new_url = w.rx().url("/moved");
    let edit = w.spawn("edit", &["edit", edited, "--url", &new_url]);
    let delete = w.spawn("delete", &["delete", deleted, "--yes"]);
    for (what, p) in [("edit", edit), ("delete", delete)] {
        let done = p.finish(Duration::from_secs(60));
        assert_eq!(done.code(), Some(exit::OK), "{what}: {}", done.stderr);
    }
    let late: Vec<Running> = (0..2)
        .map(|i| w.spawn(&format!("late{i}"), &slow()))
        .collect();
    assert!(
        early.iter_mut().all(Running::is_running),
        "the early fires were still running during the edit and the delete"
    );
    let reports = |runs: Vec<Running>| -> Vec<RunDoc> {
        runs.into_iter()
            .map(|r| {
                let done = r.finish(Duration::from_secs(60));
                assert_eq!(done.code(), Some(exit::OK), "{}", done.stderr);
                done.json()
            })
            .collect()
    };
    let url_of = |report: &RunDoc, name: &str| -> Option<String> {
        report
            .deliveries
            .iter()
            .find(|d| d.hook_name == name)
            .map(|d| d.url.clone())
    };
    // Chosen before the changes: every hook, the edited one at its old URL.
    for report in reports(early) {
        assert_eq!((report.summary.total, report.summary.succeeded), (50, 50));
        assert_eq!(url_of(&report, edited), Some(w.rx().url("/slow")));
        assert!(url_of(&report, deleted).is_some());
    }
    // Chosen after: the deleted hook is gone, the edited one has moved.
    for report in reports(late) {
        assert_eq!((report.summary.total, report.summary.succeeded), (49, 49));
        assert_eq!(url_of(&report, edited), Some(new_url.clone()));
        assert_eq!(url_of(&report, deleted), None);
    }
    let log = w.log();
    assert_eq!(log.len(), 4 * 50 - 2);
    for d in &log {
        assert_eq!(d.state, State::Succeeded, "{d:?}");
        // The history of the deleted hook stays, detached from it.
        assert_eq!(d.hook_id.is_none(), d.name() == deleted, "{d:?}");
    }
    assert_eq!(w.assert_log_matches_receiver(), 4 * 50 - 2);
    assert_eq!(w.list(&[]).len(), 49);
}

#[test]
fn parallel_redeliveries_of_the_same_deliveries_log_every_attempt() {
    let w = World::new();
    w.rx().script("/flaky", [Reply::Status(503)]);
    w.import_hooks(20, |_| "/flaky".to_string());
    w.fire_with(sending(w.rx()).retries(0), &["Upload", "--entry", ENTRY_A])
        .expect(exit::DELIVERY_FAILED);
    // The receiver recovers; two CI jobs replay the failures at once.
    w.rx()
        .script("/flaky", [Reply::Delayed(Duration::from_millis(50), 200)]);
    let mut replay: Vec<std::ffi::OsString> = vec!["redeliver".into(), "--failed".into()];
    replay.extend(sending(w.rx()).concurrency(4));
    let jobs: Vec<Running> = (0..2)
        .map(|i| w.spawn(&format!("replay{i}"), &replay))
        .collect();
    for job in jobs {
        let done = job.finish(Duration::from_secs(60));
        // The second job may find nothing left to replay (exit 8).
        assert!(
            matches!(done.code(), Some(exit::OK | exit::NOTHING_TO_SEND)),
            "{:?}: {}",
            done.code(),
            done.stderr
        );
    }
    let log = w.log();
    assert!(log.iter().all(|d| d.state == State::Succeeded), "{log:#?}");
    assert!(w.assert_log_matches_receiver() >= 40);
}
