//! Running the sending commands and checking that their work was done: the
//! receiver got every request, and the delivery log holds every attempt.

use std::ffi::OsString;
use std::path::Path;

use crate::process::{Run, tool};
use crate::setup::{API_KEY, Bench, CONCURRENCY, ENTRY};
use crate::support::json::{DeliveriesDoc, DryRunDoc, RunDoc, State};
use crate::support::{exit, sending};

/// `fire Upload` to every webhook of the collection, at the benchmark's
/// concurrency, then `extra`.
pub fn fire_args(bench: &Bench, extra: &[&str]) -> Vec<OsString> {
    fire_args_at(bench, CONCURRENCY, extra)
}

pub fn fire_args_at(bench: &Bench, concurrency: usize, extra: &[&str]) -> Vec<OsString> {
    let mut args: Vec<OsString> = ["fire", "Upload", "--entry", ENTRY, "--api-key", API_KEY]
        .iter()
        .chain(extra)
        .map(OsString::from)
        .collect();
    args.extend(sending(&bench.receiver).concurrency(concurrency).args());
    args
}

/// The flags of a sending command other than `fire`.
pub fn send_args(bench: &Bench, command: &[&str]) -> Vec<OsString> {
    let mut args: Vec<OsString> = command.iter().map(OsString::from).collect();
    args.extend(sending(&bench.receiver).concurrency(CONCURRENCY).args());
    args
}

/// The exact body `fire` sends, taken from its dry run.
pub fn payload_body(bench: &Bench, db: &Path) -> String {
    let run = tool(db, fire_args(bench, &["--json", "--dry-run"]));
    run.expect_success();
    let doc: DryRunDoc = run.json();
    doc.deliveries[0].body.clone()
}

/// Runs a sending command that ends with exit `code`, and checks that the
/// receiver got `requests` more requests while it ran.
pub fn send(bench: &Bench, db: &Path, args: Vec<OsString>, code: i32, requests: usize) -> Run {
    let before = bench.receiver.count();
    let run = tool(db, args);
    run.expect_code(code);
    let received = bench.receiver.count() - before;
    assert_eq!(
        received, requests,
        "`{}`: the receiver got {received} requests, not {requests}",
        run.command
    );
    run
}

/// One `fire` on `db` (a store of `n` webhooks) that must deliver to every
/// one at the first attempt; `extra` may hold `--json` or `-v`.
pub fn fire_all(bench: &Bench, db: &Path, n: usize, extra: &[&str]) -> Run {
    fire_all_at(bench, db, n, CONCURRENCY, extra)
}

pub fn fire_all_at(bench: &Bench, db: &Path, n: usize, concurrency: usize, extra: &[&str]) -> Run {
    let run = send(
        bench,
        db,
        fire_args_at(bench, concurrency, extra),
        exit::OK,
        n,
    );
    expect_summary(&run, n, n);
    expect_log(db, n, State::Succeeded, 1);
    run
}

/// Checks the run's own report (its JSON document or its summary line):
/// `succeeded` of `n` delivered, the rest failed.
pub fn expect_summary(run: &Run, n: usize, succeeded: usize) {
    let failed = n - succeeded;
    if run.stdout.starts_with('{') {
        let doc: RunDoc = run.json();
        assert_eq!(doc.summary.total, n, "`{}`: total", run.command);
        assert_eq!(doc.summary.succeeded, succeeded, "`{}`", run.command);
        assert_eq!(doc.summary.failed, failed, "`{}`", run.command);
        assert_eq!(
            doc.deliveries.len(),
            n,
            "`{}`: deliveries listed",
            run.command
        );
    } else {
        let summary = format!("{succeeded} delivered, {failed} failed, 0 interrupted, of {n}.");
        assert!(
            run.stdout.trim_end().ends_with(&summary),
            "`{}` did not end with {summary:?}; stdout ends:\n{}",
            run.command,
            &run.stdout[run.stdout.len().saturating_sub(600)..]
        );
    }
}

/// The largest `deliveries --limit`.
const MAX_LIMIT: usize = 100_000;

/// Checks, through `deliveries --json`, that the log holds exactly `n`
/// deliveries, each in `state` after `attempts` attempts.
pub fn expect_log(db: &Path, n: usize, state: State, attempts: u32) {
    // One more than expected, so that an extra delivery shows (up to the
    // command's largest limit).
    let limit = (n + 1).min(MAX_LIMIT).to_string();
    let run = tool(db, ["--json", "deliveries", "--limit", &limit]);
    check_log(&run, n, state, attempts);
}

/// Checks a `deliveries --json` run: `n` deliveries, each in `state` after
/// `attempts` attempts, the last answered with the status the state implies.
pub fn check_log(run: &Run, n: usize, state: State, attempts: u32) {
    run.expect_success();
    let log: DeliveriesDoc = run.json();
    let status = if state == State::Succeeded { 200 } else { 500 };
    let matching = log
        .deliveries
        .iter()
        .filter(|d| d.state == state && d.attempts == attempts && d.status == Some(status))
        .count();
    assert_eq!(
        (log.deliveries.len(), matching),
        (n, n),
        "the log should hold {n} deliveries, all {state:?} after {attempts} attempt(s) \
         with status {status}"
    );
}
