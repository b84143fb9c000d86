//! Runs that are stopped: Ctrl-C, SIGTERM and SIGHUP (a grace period for requests
//! in flight, every delivery accounted for), a second signal, and SIGKILL
//! (a sound store, and rows written ahead of their requests). Then the
//! interrupted deliveries are found and sent again.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::support::json::{RunDoc, State};
use crate::support::spawned::Running;
use crate::support::*;

/// 1,000 hooks behind a slow receiver, and a `fire` at all of them that has
/// been sending for a moment.
fn slow_fan_out(w: &World, reply: Reply) -> Running {
    w.rx().script("/slow", [reply]);
    w.import_hooks(1000, |_| "/slow".to_string());
    let mut fire = w.spawn(
        "fan-out",
        &fire_args(sending(w.rx()).concurrency(4).retries(0)),
    );
    fire.wait_until(Duration::from_secs(30), "the fan-out's start", || {
        w.rx().count() >= 8
    });
    fire
}

/// `n` hooks whose receiver never answers, and a `fire` with all of them
/// in flight; `json` picks the report's form.
fn hung_fan_out(w: &World, n: usize, json: bool) -> Running {
    w.rx().script("/hang", [Reply::Hang]);
    w.import_hooks(n, |_| "/hang".to_string());
    let mut args = fire_args(sending(w.rx()).concurrency(4).retries(0));
    if !json {
        args.retain(|a| a.to_str() != Some("--json"));
    }
    let mut fire = w.spawn("hung", &args);
    let in_flight = n.min(4);
    fire.wait_until(Duration::from_secs(30), "requests in flight", || {
        w.rx().count() >= in_flight
    });
    fire
}

#[test]
fn ctrl_c_during_a_fan_out_finishes_in_flight_attempts_and_reports_every_delivery() {
    let w = World::new();
    let fire = slow_fan_out(&w, Reply::Delayed(Duration::from_millis(300), 200));
    fire.signal("INT");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(exit::INTERRUPTED), "{}", done.stderr);
    for phrase in [
        "interrupted: no new deliveries will start",
        "marked interrupted",
    ] {
        assert!(done.stderr.contains(phrase), "{}", done.stderr);
    }
    let report = done.json::<RunDoc>();
    let summary = report.summary;
    assert_eq!((summary.total, summary.failed), (1000, 0));
    assert!(summary.succeeded >= 8, "{summary:?}");
    assert_eq!(summary.succeeded + summary.interrupted, 1000);
    let error = report.error.as_ref().expect("the run says why it ended");
    assert_eq!(
        (error.code, error.kind.as_str()),
        (exit::INTERRUPTED, "interrupted")
    );
    // Every delivery is in the report, whatever became of it.
    assert_eq!(report.deliveries.len(), 1000);
    let ids: HashSet<i64> = report
        .deliveries
        .iter()
        .filter_map(|d| d.delivery_id)
        .collect();
    assert_eq!(ids.len(), 1000);
    let interrupted: Vec<_> = report
        .deliveries
        .iter()
        .filter(|d| d.state == State::Interrupted)
        .collect();
    assert_eq!(interrupted.len(), summary.interrupted);
    for d in &interrupted {
        assert_eq!(d.attempts, 0, "{d:?}");
        assert_eq!(
            d.error.as_deref(),
            Some("interrupted before the first attempt")
        );
    }

    // The in-flight attempts were allowed to finish: each request the
    // receiver got is a logged, successful attempt.
    assert_eq!(w.assert_log_matches_receiver(), summary.succeeded);
    let log = w.log();
    let in_state = |s: State| log.iter().filter(|d| d.state == s).count();
    assert_eq!(in_state(State::Pending), 0);
    assert_eq!(in_state(State::Succeeded), summary.succeeded);
    assert_eq!(in_state(State::Interrupted), summary.interrupted);
    // `deliveries --interrupted` finds exactly those.
    let found = w.deliveries(&["--interrupted", "--limit", "100000"]);
    let found: HashSet<i64> = found.iter().map(|d| d.delivery_id).collect();
    let expected: HashSet<i64> = interrupted.iter().filter_map(|d| d.delivery_id).collect();
    assert_eq!(found, expected);
}

#[test]
fn a_hangup_stops_a_run_like_sigterm_and_leaves_nothing_pending() {
    // A closed terminal or a dropped ssh session: by default SIGHUP would
    // kill the run with its deliveries in flight left pending.
    let w = World::new();
    let fire = slow_fan_out(&w, Reply::Delayed(Duration::from_millis(300), 200));
    fire.signal("HUP");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(exit::INTERRUPTED), "{}", done.stderr);
    let summary = done.json::<RunDoc>().summary;
    assert_eq!(summary.succeeded + summary.interrupted, 1000);
    assert!(summary.interrupted > 0, "{summary:?}");
    let log = w.log();
    assert!(log.iter().all(|d| d.state != State::Pending), "{log:#?}");
    assert_eq!(w.assert_log_matches_receiver(), summary.succeeded);
}

#[test]
fn a_hangup_that_was_ignored_at_start_stays_ignored() {
    // `nohup echo3d-hooks listen &`: the user asked it to outlive the
    // terminal, so a hangup must not stop it.
    use std::os::unix::process::CommandExt;
    let w = World::new();
    let mut cmd = w.process();
    cmd.args(["listen", "--port", "0", "--no-record"]);
    // SAFETY: signal(2) is async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut listen = Running::start(cmd, w.dir.path(), "nohup");
    listen.wait_until(Duration::from_secs(30), "listening", || {
        std::fs::read_to_string(w.dir.path().join("nohup.stdout"))
            .is_ok_and(|out| out.contains("Listening on"))
    });
    listen.signal("HUP");
    std::thread::sleep(Duration::from_millis(300));
    assert!(listen.is_running(), "{}", listen.stderr_so_far());
    listen.signal("TERM");
    let done = listen.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(exit::OK), "{}", done.stderr);
}

#[test]
fn sigterm_abandons_hung_attempts_after_the_grace_period() {
    let w = World::new();
    // The summary a person reads, this time.
    let fire = hung_fan_out(&w, 20, false);
    let signalled = Instant::now();
    fire.signal("TERM");
    let done = fire.finish(Duration::from_secs(60));
    let waited = signalled.elapsed();
    assert_eq!(done.code(), Some(exit::INTERRUPTED), "{}", done.stderr);
    // It gave the hung requests the documented 5 s.
    assert!(waited >= Duration::from_millis(4500), "{waited:?}");
    assert!(
        done.stdout
            .contains("0 delivered, 0 failed, 20 interrupted, of 20."),
        "{}",
        done.stdout
    );
    let log = w.log();
    assert_eq!(log.len(), 20);
    assert!(
        log.iter().all(|d| d.state == State::Interrupted),
        "{log:#?}"
    );
    // Each request in flight is logged as an abandoned attempt: the log
    // never shows fewer requests than the receiver got, and does not claim
    // that they were never sent.
    let sent = w.rx().count();
    let abandoned: Vec<_> = log.iter().filter(|d| d.attempts > 0).collect();
    assert_eq!(abandoned.len(), sent);
    for d in abandoned {
        assert!(
            d.error
                .as_deref()
                .is_some_and(|e| e.contains("abandoned (the receiver may")),
            "{d:?}"
        );
        let attempts = w.delivery(d.delivery_id).attempts;
        assert_eq!(attempts.len(), 1);
        assert!(
            attempts[0]
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("abandoned when the grace period")),
            "{attempts:?}"
        );
    }
    assert_eq!(w.assert_log_matches_receiver(), sent);
}

#[test]
fn a_second_signal_ends_the_grace_period_and_redeliver_failed_finishes_the_run() {
    let w = World::new();
    let mut fire = hung_fan_out(&w, 4, true);
    fire.signal("INT");
    let err = fire.err.clone();
    fire.wait_until(Duration::from_secs(10), "the first signal's notice", || {
        std::fs::read_to_string(&err).is_ok_and(|e| e.contains("waiting up to 5s"))
    });
    let second = Instant::now();
    fire.signal("INT");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(exit::INTERRUPTED), "{}", done.stderr);
    // Well within the 5 s the first signal granted.
    assert!(
        second.elapsed() < Duration::from_secs(4),
        "{:?}",
        second.elapsed()
    );
    let report = done.json::<RunDoc>();
    assert_eq!(report.summary.interrupted, 4);
    assert!(
        report
            .deliveries
            .iter()
            .all(|d| d.state == State::Interrupted)
    );

    // The receiver is back: `redeliver --failed` takes the interrupted
    // deliveries too, under their own message ids.
    assert_eq!(w.deliveries(&["--interrupted"]).len(), 4);
    w.rx().script("/hang", [Reply::Status(200)]);
    let replay = w
        .send_with(sending(w.rx()).retries(0), &["redeliver", "--failed"])
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!((replay.summary.total, replay.summary.succeeded), (4, 4));
    let mut sent: Vec<&str> = report
        .deliveries
        .iter()
        .map(|d| d.message_id.as_str())
        .collect();
    let mut again: Vec<&str> = replay
        .deliveries
        .iter()
        .map(|d| d.message_id.as_str())
        .collect();
    sent.sort();
    again.sort();
    assert_eq!(sent, again);
    assert!(w.deliveries(&["--interrupted"]).is_empty());
    assert!(w.log().iter().all(|d| d.state == State::Succeeded));
    w.assert_log_matches_receiver();
}

#[test]
fn sigkill_during_a_fan_out_leaves_a_sound_store() {
    use std::os::unix::fs::PermissionsExt;
    let w = World::new();
    let fire = slow_fan_out(&w, Reply::Delayed(Duration::from_millis(100), 200));
    fire.signal("KILL");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), None, "killed by a signal");
    // SQLite gives its WAL files the store's own mode: still private.
    for suffix in ["", "-wal", "-shm"] {
        let mut path = w.db.clone().into_os_string();
        path.push(suffix);
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path:?}");
        }
    }
    let conn = rusqlite::Connection::open(&w.db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    drop(conn);
    // Every committed attempt is whole: counters and attempts agree, and
    // none of the requests the receiver answered before the kill is doubled.
    let log = w.log();
    assert!((4..=1000).contains(&log.len()), "{} rows", log.len());
    for d in log.iter().filter(|d| d.attempts > 0) {
        assert_eq!(d.attempts, 1, "{d:?}");
        assert_eq!(w.delivery(d.delivery_id).attempts.len(), 1, "{d:?}");
    }
    // Write-ahead: every request the receiver got has its delivery's row,
    // and the deliveries the kill cut short are pending, for `redeliver`.
    let logged: HashSet<&str> = log.iter().map(|d| d.message_id.as_str()).collect();
    for r in w.rx().requests() {
        let id = r.header("webhook-id").unwrap();
        assert!(logged.contains(id.as_str()), "{id} was sent without a row");
    }
    assert!(
        log.iter().any(|d| d.state == State::Pending),
        "the kill left the unfinished deliveries pending"
    );

    // The store keeps working.
    let next = w
        .fire_with(
            sending(w.rx()),
            &["Upload", "--entry", ENTRY_A, "--hook", "hook-0000"],
        )
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    assert_eq!(next.summary.succeeded, 1);
    let after = w.log();
    assert_eq!(after.len(), log.len() + 1);
    assert_eq!(
        w.delivery(after[0].delivery_id).delivery.state,
        State::Succeeded
    );
}
