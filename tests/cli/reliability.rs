//! Reliability: parallel processes on one store, interrupted and killed runs,
//! read-only and full stores, and secrets that never leak. Every test runs
//! the real binary as separate processes, the way CI jobs share a store.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::*;

/// A child process of the tool whose output goes to files, so that a large
/// `--json` report can never fill a pipe and block it while we wait.
struct Running {
    child: Child,
    out: PathBuf,
    err: PathBuf,
}

struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Finished {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Starts `echo3d-hooks --db <store> --allow-private-targets ARGS` with the
/// tool's environment cleared, as `support::bare_cmd` does.
fn spawn(env: &Env, tag: &str, args: &[&str]) -> Running {
    let out = env.dir.path().join(format!("{tag}.stdout"));
    let err = env.dir.path().join(format!("{tag}.stderr"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_echo3d-hooks"));
    for var in TOOL_ENV {
        cmd.env_remove(var);
    }
    let child = cmd
        .arg("--db")
        .arg(&env.db)
        .arg("--allow-private-targets")
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .expect("the binary starts");
    Running { child, out, err }
}

impl Running {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("the process can be polled")
            .is_none()
    }

    /// Polls `done` while the process runs; fails the test, with the
    /// process's errors, if it ends first or `limit` passes.
    fn wait_until(&mut self, limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + limit;
        while !done() {
            let ended = self.child.try_wait().unwrap();
            if ended.is_some() || Instant::now() > deadline {
                panic!(
                    "{what} did not happen ({ended:?}); stderr:\n{}",
                    std::fs::read_to_string(&self.err).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to end; a hang fails the test instead of
    /// blocking the suite.
    fn finish(mut self, limit: Duration) -> Finished {
        let deadline = Instant::now() + limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "the process did not end within {limit:?}; stderr:\n{}",
                    std::fs::read_to_string(&self.err).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Finished {
            status,
            stdout: std::fs::read_to_string(&self.out).unwrap(),
            stderr: std::fs::read_to_string(&self.err).unwrap(),
        }
    }
}

/// Sends `signal` (a `kill` name such as INT or KILL) to a process.
fn signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// Creates `count` webhooks of collection KEY, subscribed to Upload, with one
/// `import` (one transaction) instead of `count` processes. `path_of` picks
/// each hook's receiver path.
fn import_hooks(env: &Env, rx: &Receiver, count: usize, path_of: impl Fn(usize) -> String) {
    let doc = json!({
        "version": 1,
        "apiKey": KEY,
        "webhooks": (0..count).map(|i| json!({
            "name": format!("hook-{i:04}"),
            "apiKey": KEY,
            "url": rx.url(&path_of(i)),
            "triggers": ["Upload"],
        })).collect::<Vec<_>>(),
    });
    let file = env.dir.path().join("hooks.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    env.dev_cmd().arg("import").arg(&file).assert().success();
}

/// `fire Upload` at collection KEY, trusting the receiver's CA.
fn fire_args<'a>(rx: &'a Receiver, extra: &[&'a str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "--json",
        "fire",
        "Upload",
        "--api-key",
        KEY,
        "--entry",
        ENTRY_A,
        "--backoff",
        "10ms",
        "--timeout",
        "20s",
        "--ca-cert",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(rx.ca_path().display().to_string());
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn spawn_fire(env: &Env, rx: &Receiver, tag: &str, extra: &[&str]) -> Running {
    let args = fire_args(rx, extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    spawn(env, tag, &args)
}

fn open_db(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the store read-only")
}

fn count(db: &Path, sql: &str) -> i64 {
    open_db(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// One delivery row as the log holds it.
#[derive(Debug)]
struct LoggedDelivery {
    webhook_id: String,
    hook_id: Option<String>,
    hook_name: String,
    url: String,
    state: String,
    attempts: i64,
    /// The attempt numbers recorded, in order.
    numbers: Vec<i64>,
}

fn logged_deliveries(db: &Path) -> BTreeMap<i64, LoggedDelivery> {
    let conn = open_db(db);
    let mut rows: BTreeMap<i64, LoggedDelivery> = conn
        .prepare("SELECT id, webhook_id, hook_id, hook_name, url, state, attempts FROM deliveries")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                LoggedDelivery {
                    webhook_id: r.get(1)?,
                    hook_id: r.get(2)?,
                    hook_name: r.get(3)?,
                    url: r.get(4)?,
                    state: r.get(5)?,
                    attempts: r.get(6)?,
                    numbers: Vec::new(),
                },
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let attempts: Vec<(i64, i64)> = conn
        .prepare("SELECT delivery_id, number FROM attempts ORDER BY delivery_id, number")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (delivery, number) in attempts {
        rows.get_mut(&delivery)
            .unwrap_or_else(|| panic!("attempt of delivery {delivery}, which has no row"))
            .numbers
            .push(number);
    }
    rows
}

/// The log and the receiver agree: every delivery's counter matches its
/// attempt rows, numbered 1..=n without gap or repeat, and the receiver got
/// exactly that many requests with the delivery's webhook-id, all at the URL
/// the log names. Returns the total number of attempts.
fn assert_log_matches_receiver(db: &Path, rx: &Receiver) -> usize {
    let deliveries = logged_deliveries(db);
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rx.requests() {
        let id = r
            .header("webhook-id")
            .expect("every request has a webhook-id");
        seen.entry(id).or_default().push(r.path.clone());
    }
    let mut total = 0;
    for (id, d) in &deliveries {
        let expected: Vec<i64> = (1..=d.attempts).collect();
        assert_eq!(
            d.numbers, expected,
            "delivery {id}: the attempt rows do not match its counter"
        );
        let paths = seen.remove(&d.webhook_id).unwrap_or_default();
        assert_eq!(
            paths.len() as i64,
            d.attempts,
            "delivery {id} ({}): the receiver saw {} request(s), the log has {} attempt(s)",
            d.hook_name,
            paths.len(),
            d.attempts
        );
        let logged_path = format!("/{}", d.url.splitn(4, '/').nth(3).unwrap_or(""));
        assert!(
            paths.iter().all(|p| *p == logged_path),
            "delivery {id}: requests went to {paths:?}, the log says {}",
            d.url
        );
        total += paths.len();
    }
    assert!(
        seen.is_empty(),
        "the receiver got requests no delivery in the log accounts for: {seen:?}"
    );
    assert_eq!(rx.count(), total, "receiver count vs attempts logged");
    total
}

// ---------------------------------------------------------------- concurrency

/// Runs `per_process` `add`s in each of `processes` concurrent workers, all
/// starting at the same instant; returns every failure, and every stderr
/// that mentions a lock.
fn parallel_adds(env: &Env, processes: usize, per_process: usize) -> Vec<String> {
    let start = std::sync::Barrier::new(processes);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..processes)
            .map(|p| {
                let start = &start;
                s.spawn(move || {
                    let mut failures = Vec::new();
                    start.wait();
                    for i in 0..per_process {
                        let out = env
                            .cmd()
                            .args(["add", "--name", &format!("p{p}-h{i}")])
                            .args(["--url", "https://hooks.example.com/echo3d"])
                            .args(["--trigger", "Upload", "--api-key", KEY])
                            .output()
                            .unwrap();
                        let stderr = stderr_of(&out);
                        if !out.status.success() || stderr.to_lowercase().contains("locked") {
                            failures.push(format!("p{p} add {i}: {:?} {stderr}", out.status));
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

fn hook_count(env: &Env) -> usize {
    let out = env.cmd().args(["--json", "list"]).output().unwrap();
    let names: BTreeSet<String> = json_of(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_string())
        .collect();
    names.len()
}

#[test]
fn eight_processes_adding_fifty_hooks_each_to_a_fresh_store_all_succeed() {
    let env = Env::new();
    let failures = parallel_adds(&env, 8, 50);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(hook_count(&env), 400);
}

/// The first use of a store (WAL switch, migrations) is where parallel jobs
/// collide; so make it happen many times.
#[test]
fn eight_processes_creating_the_same_store_at_once_all_succeed() {
    for round in 0..20 {
        let env = Env::new();
        let failures = parallel_adds(&env, 8, 1);
        assert!(failures.is_empty(), "round {round}: {failures:#?}");
        assert_eq!(hook_count(&env), 8);
    }
}

/// A fan-out larger than its concurrency: most rows are recorded by the log
/// writer while the first deliveries are sent, and a retried delivery's row
/// is updated by two batches (its second answer comes long after the
/// writer's batch window). Every reported id is that delivery's row.
#[test]
fn rows_written_during_a_fan_out_match_the_report_and_the_receiver() {
    let env = Env::new();
    let rx = Receiver::start();
    let flaky = |i: usize| i % 4 == 0;
    for i in (0..40).filter(|&i| flaky(i)) {
        rx.script(
            &format!("/flaky-{i}"),
            [
                Reply::Status(503),
                Reply::Delayed(Duration::from_millis(50), 200),
            ],
        );
    }
    import_hooks(&env, &rx, 40, |i| {
        if flaky(i) {
            format!("/flaky-{i}")
        } else {
            "/ok".to_string()
        }
    });
    let done = spawn_fire(
        &env,
        &rx,
        "fan-out",
        &["--concurrency", "2", "--retries", "2"],
    )
    .finish(Duration::from_secs(60));
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let report = done.json();
    let outcomes = report["deliveries"].as_array().unwrap();
    assert_eq!(outcomes.len(), 40);
    let deliveries = logged_deliveries(&env.db);
    assert_eq!(deliveries.len(), 40);
    let mut ids = std::collections::BTreeSet::new();
    for (i, d) in outcomes.iter().enumerate() {
        // The report lists the deliveries in the plan's order, by name.
        assert_eq!(d["hookName"], format!("hook-{i:04}"));
        let id = d["deliveryId"].as_i64().unwrap_or_else(|| panic!("{d:#}"));
        assert!(ids.insert(id), "id {id} reported twice");
        let row = &deliveries[&id];
        assert_eq!(row.webhook_id, d["webhookId"].as_str().unwrap());
        assert_eq!(row.hook_name, d["hookName"].as_str().unwrap());
        assert_eq!(row.state, "succeeded");
        let attempts = if flaky(i) { 2 } else { 1 };
        assert_eq!((row.attempts, &d["attempts"]), (attempts, &json!(attempts)));
    }
    assert_eq!(assert_log_matches_receiver(&env.db, &rx), 30 + 10 * 2);
}

#[test]
fn four_parallel_fires_log_every_attempt_exactly_once() {
    let env = Env::new();
    let rx = Receiver::start();
    rx.script("/ok", [Reply::Delayed(Duration::from_millis(20), 200)]);
    rx.script("/down", [Reply::Status(503)]);
    // 45 healthy receivers and 5 that always fail, so that retries are in
    // the log too: 45 + 5 × 3 attempts per fire.
    import_hooks(&env, &rx, 50, |i| {
        if i % 10 == 0 { "/down" } else { "/ok" }.to_string()
    });
    let fires: Vec<Running> = (0..4)
        .map(|i| {
            spawn_fire(
                &env,
                &rx,
                &format!("fire{i}"),
                &["--retries", "2", "--concurrency", "8"],
            )
        })
        .collect();
    for fire in fires {
        let done = fire.finish(Duration::from_secs(60));
        assert_eq!(done.code(), Some(7), "{}", done.stderr);
        assert!(
            !done.stderr.to_lowercase().contains("locked"),
            "{}",
            done.stderr
        );
        let summary = &done.json()["summary"];
        assert_eq!(summary["total"], 50);
        assert_eq!(summary["succeeded"], 45);
        assert_eq!(summary["failed"], 5);
    }
    let deliveries = logged_deliveries(&env.db);
    assert_eq!(deliveries.len(), 200);
    assert!(deliveries.values().all(|d| d.state != "pending"));
    assert_eq!(assert_log_matches_receiver(&env.db, &rx), 4 * (45 + 5 * 3));
}

#[test]
fn edit_and_delete_during_fires_leave_each_fire_a_consistent_snapshot() {
    let env = Env::new();
    let rx = Receiver::start();
    for path in ["/slow", "/moved"] {
        rx.script(path, [Reply::Delayed(Duration::from_millis(100), 200)]);
    }
    import_hooks(&env, &rx, 50, |_| "/slow".to_string());
    let (edited, deleted) = ("hook-0001", "hook-0002");
    let slow = ["--concurrency", "4"];
    let mut early: Vec<Running> = (0..2)
        .map(|i| spawn_fire(&env, &rx, &format!("early{i}"), &slow))
        .collect();
    // Both early fires have chosen their targets once their first rows
    // exist; a run's `webhook-id`s share their first 28 characters.
    early[0].wait_until(Duration::from_secs(30), "the early fires' start", || {
        count(
            &env.db,
            "SELECT count(DISTINCT substr(webhook_id, 1, 28)) FROM deliveries",
        ) == 2
            && rx.count() >= 4
    });
    let new_url = rx.url("/moved");
    let edit = spawn(&env, "edit", &["edit", edited, "--url", &new_url]);
    let delete = spawn(&env, "delete", &["delete", deleted, "--yes"]);
    for (what, p) in [("edit", edit), ("delete", delete)] {
        let done = p.finish(Duration::from_secs(60));
        assert_eq!(done.code(), Some(0), "{what}: {}", done.stderr);
    }
    let late: Vec<Running> = (0..2)
        .map(|i| spawn_fire(&env, &rx, &format!("late{i}"), &slow))
        .collect();
    assert!(
        early.iter_mut().all(Running::is_running),
        "the early fires were still running during the edit and the delete"
    );
    let outcomes = |runs: Vec<Running>| -> Vec<Value> {
        runs.into_iter()
            .map(|r| {
                let done = r.finish(Duration::from_secs(60));
                assert_eq!(done.code(), Some(0), "{}", done.stderr);
                done.json()
            })
            .collect()
    };
    let url_of = |report: &Value, name: &str| -> Option<String> {
        report["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["hookName"] == name)
            .map(|d| d["url"].as_str().unwrap().to_string())
    };
    // Chosen before the changes: every hook, the edited one at its old URL.
    for report in outcomes(early) {
        assert_eq!(report["summary"]["total"], 50);
        assert_eq!(report["summary"]["succeeded"], 50);
        assert_eq!(url_of(&report, edited), Some(rx.url("/slow")));
        assert!(url_of(&report, deleted).is_some());
    }
    // Chosen after: the deleted hook is gone, the edited one has moved.
    for report in outcomes(late) {
        assert_eq!(report["summary"]["total"], 49);
        assert_eq!(report["summary"]["succeeded"], 49);
        assert_eq!(url_of(&report, edited), Some(new_url.clone()));
        assert_eq!(url_of(&report, deleted), None);
    }
    let deliveries = logged_deliveries(&env.db);
    assert_eq!(deliveries.len(), 4 * 50 - 2);
    for d in deliveries.values() {
        assert_eq!(d.state, "succeeded", "{d:?}");
        // The history of the deleted hook stays, detached from it.
        assert_eq!(d.hook_id.is_none(), d.hook_name == deleted, "{d:?}");
    }
    assert_eq!(assert_log_matches_receiver(&env.db, &rx), 4 * 50 - 2);
    let out = env.cmd().args(["--json", "list"]).output().unwrap();
    assert_eq!(json_of(&out).as_array().unwrap().len(), 49);
}

#[test]
fn parallel_redeliveries_of_the_same_deliveries_log_every_attempt() {
    let env = Env::new();
    let rx = Receiver::start();
    rx.script("/flaky", [Reply::Status(503)]);
    import_hooks(&env, &rx, 20, |_| "/flaky".to_string());
    let first = env
        .dev_cmd()
        .args(fire_args(&rx, &["--retries", "0"]))
        .output()
        .unwrap();
    assert_eq!(first.status.code(), Some(7), "{}", stderr_of(&first));
    // The receiver recovers; two CI jobs replay the failures at once.
    rx.script("/flaky", [Reply::Delayed(Duration::from_millis(50), 200)]);
    let ca = rx.ca_path().display().to_string();
    let replay = [
        "redeliver",
        "--failed",
        "--ca-cert",
        &ca,
        "--concurrency",
        "4",
    ];
    let jobs: Vec<Running> = (0..2)
        .map(|i| spawn(&env, &format!("replay{i}"), &replay))
        .collect();
    for job in jobs {
        let done = job.finish(Duration::from_secs(60));
        // The second job may find nothing left to replay (exit 8).
        assert!(
            matches!(done.code(), Some(0 | 8)),
            "{:?}: {}",
            done.code(),
            done.stderr
        );
    }
    let deliveries = logged_deliveries(&env.db);
    assert!(
        deliveries.values().all(|d| d.state == "succeeded"),
        "{deliveries:#?}"
    );
    assert!(assert_log_matches_receiver(&env.db, &rx) >= 40);
}

// --------------------------------------------------------------- interruption

/// A store with 1,000 hooks behind a slow receiver, and a `fire` at all of
/// them that has been sending for a moment.
fn slow_fan_out(env: &Env, rx: &Receiver, reply: Reply, extra: &[&str]) -> Running {
    rx.script("/slow", [reply]);
    import_hooks(env, rx, 1000, |_| "/slow".to_string());
    let mut args = vec!["--concurrency", "4", "--retries", "0"];
    args.extend_from_slice(extra);
    let mut fire = spawn_fire(env, rx, "fan-out", &args);
    fire.wait_until(Duration::from_secs(30), "the fan-out's start", || {
        rx.count() >= 8
    });
    fire
}

#[test]
fn ctrl_c_during_a_fan_out_finishes_in_flight_attempts_and_marks_the_rest() {
    let env = Env::new();
    let rx = Receiver::start();
    let reply = Reply::Delayed(Duration::from_millis(300), 200);
    let fire = slow_fan_out(&env, &rx, reply, &[]);
    signal(fire.pid(), "INT");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(130), "{}", done.stderr);
    assert!(
        done.stderr
            .contains("interrupted: no new deliveries will start"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains("marked interrupted"),
        "{}",
        done.stderr
    );
    let summary = &done.json()["summary"];
    assert_eq!(summary["total"], 1000);
    let succeeded = summary["succeeded"].as_i64().unwrap();
    let interrupted = summary["interrupted"].as_i64().unwrap();
    assert_eq!(summary["failed"], 0);
    assert!(succeeded >= 8, "{summary}");
    assert_eq!(succeeded + interrupted, 1000);
    // The in-flight attempts were allowed to finish: each request the
    // receiver got is a logged, successful attempt.
    let attempts = assert_log_matches_receiver(&env.db, &rx);
    assert_eq!(attempts as i64, succeeded);
    let state = |s: &str| {
        count(
            &env.db,
            &format!("SELECT count(*) FROM deliveries WHERE state = '{s}'"),
        )
    };
    assert_eq!(state("pending"), 0);
    assert_eq!(state("succeeded"), succeeded);
    assert_eq!(state("interrupted"), interrupted);
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM deliveries WHERE state = 'interrupted' AND attempts = 0"
        ),
        interrupted,
        "an interrupted delivery was never started"
    );
}

#[test]
fn sigterm_abandons_hung_attempts_after_the_grace_period() {
    let env = Env::new();
    let rx = Receiver::start();
    rx.script("/hang", [Reply::Hang]);
    import_hooks(&env, &rx, 20, |_| "/hang".to_string());
    // The summary a person reads, this time.
    let mut args = fire_args(&rx, &["--concurrency", "4", "--retries", "0"]);
    args.retain(|a| a != "--json");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut fire = spawn(&env, "hung", &args);
    fire.wait_until(Duration::from_secs(30), "4 requests in flight", || {
        rx.count() >= 4
    });
    let signalled = Instant::now();
    signal(fire.pid(), "TERM");
    let done = fire.finish(Duration::from_secs(60));
    let waited = signalled.elapsed();
    assert_eq!(done.code(), Some(130), "{}", done.stderr);
    // It gave the hung requests the documented 5 s, and not much more.
    assert!(waited >= Duration::from_millis(4500), "{waited:?}");
    assert!(waited < Duration::from_secs(30), "{waited:?}");
    assert!(
        done.stdout
            .contains("0 delivered, 0 failed, 20 interrupted, of 20."),
        "{}",
        done.stdout
    );
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM deliveries WHERE state = 'interrupted'"
        ),
        20
    );
    // Each request in flight is logged as an abandoned attempt: the log never
    // shows fewer requests than the receiver got.
    assert_eq!(
        count(
            &env.db,
            "SELECT count(*) FROM attempts WHERE error LIKE 'abandoned when the grace period%'"
        ) as usize,
        rx.count()
    );
    assert_eq!(
        count(&env.db, "SELECT count(*) FROM attempts") as usize,
        rx.count()
    );
    // The log does not claim that the requests in flight were never sent.
    let abandoned = count(
        &env.db,
        "SELECT count(*) FROM deliveries WHERE last_error LIKE '%abandoned (the receiver may%'",
    );
    assert_eq!(abandoned as usize, rx.count());
}

#[test]
fn a_second_signal_ends_the_grace_period_at_once() {
    let env = Env::new();
    let rx = Receiver::start();
    rx.script("/hang", [Reply::Hang]);
    import_hooks(&env, &rx, 4, |_| "/hang".to_string());
    let mut fire = spawn_fire(&env, &rx, "twice", &["--retries", "0"]);
    fire.wait_until(Duration::from_secs(30), "4 requests in flight", || {
        rx.count() >= 4
    });
    signal(fire.pid(), "INT");
    let err = fire.err.clone();
    fire.wait_until(Duration::from_secs(10), "the first signal's notice", || {
        std::fs::read_to_string(&err).is_ok_and(|e| e.contains("waiting up to 5s"))
    });
    let second = Instant::now();
    signal(fire.pid(), "INT");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), Some(130), "{}", done.stderr);
    assert!(
        second.elapsed() < Duration::from_secs(4),
        "{:?}",
        second.elapsed()
    );
    assert_eq!(done.json()["summary"]["interrupted"], 4);
}

#[test]
fn sigkill_during_a_fan_out_leaves_a_sound_store() {
    let env = Env::new();
    let rx = Receiver::start();
    let reply = Reply::Delayed(Duration::from_millis(100), 200);
    let fire = slow_fan_out(&env, &rx, reply, &[]);
    signal(fire.pid(), "KILL");
    let done = fire.finish(Duration::from_secs(30));
    assert_eq!(done.code(), None, "killed by a signal");
    // SQLite gives its WAL files the store's own mode: still private.
    for suffix in ["", "-wal", "-shm"] {
        let mut path = env.db.clone().into_os_string();
        path.push(suffix);
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path:?}");
        }
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
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
    // Every committed attempt is whole: counters and rows agree, and none
    // of the requests the receiver answered before the kill is doubled.
    let deliveries = logged_deliveries(&env.db);
    assert!(
        (4..=1000).contains(&deliveries.len()),
        "{} rows",
        deliveries.len()
    );
    for (id, d) in &deliveries {
        assert_eq!(d.numbers.len() as i64, d.attempts, "delivery {id}");
        assert!(d.attempts <= 1, "delivery {id}");
    }
    // Write-ahead: every request the receiver got has its delivery's row,
    // and the deliveries the kill cut short are pending, for `redeliver`.
    let logged: std::collections::HashSet<&str> =
        deliveries.values().map(|d| d.webhook_id.as_str()).collect();
    for r in rx.requests() {
        let id = r.header("webhook-id").unwrap();
        assert!(logged.contains(id.as_str()), "{id} was sent without a row");
    }
    let pending = deliveries.values().filter(|d| d.state == "pending").count();
    assert!(
        pending > 0,
        "the kill left the unfinished deliveries pending"
    );

    // The store keeps working.
    let next = env
        .dev_cmd()
        .args(fire_args(&rx, &["--hook", "hook-0000"]))
        .output()
        .unwrap();
    assert_eq!(next.status.code(), Some(0), "{}", stderr_of(&next));
    assert_eq!(json_of(&next)["summary"]["succeeded"], 1);
    let out = env
        .cmd()
        .args(["--json", "deliveries", "--limit", "100000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let listed = json_of(&out);
    assert_eq!(listed.as_array().unwrap().len(), deliveries.len() + 1);
    let newest = listed[0]["id"].as_i64().unwrap().to_string();
    let out = env
        .cmd()
        .args(["--json", "deliveries", "show", &newest])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["state"], "succeeded");
}

// --------------------------------------------------- read-only and full stores

/// Whether this process ignores file permissions (root, or a capability):
/// then a 0444 file is no read-only store, and another mechanism is needed.
fn permissions_are_bypassed(dir: &Path) -> bool {
    let probe = dir.join("permission-probe");
    std::fs::write(&probe, b"x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o444)).unwrap();
    let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    writable
}

/// Makes a file or folder unwritable for the length of a test: `chmod` for
/// an ordinary user; as root, which ignores modes, the immutable attribute
/// (`chattr +i`), which binds root too. Undone on drop, even after a failure.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
    mode: u32,
}

impl ReadOnly {
    /// `None` (with a note on stderr) when no mechanism works here.
    fn make(path: &Path, scratch: &Path) -> Option<ReadOnly> {
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        if !permissions_are_bypassed(scratch) {
            let ro = if path.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(ro)).unwrap();
            return Some(ReadOnly {
                path: path.to_path_buf(),
                immutable: false,
                mode,
            });
        }
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "SKIPPED: running with permission checks bypassed (root), and `chattr +i` is \
                 not available on this file system, so {} cannot be made read-only",
                path.display()
            );
            return None;
        }
        Some(ReadOnly {
            path: path.to_path_buf(),
            immutable: true,
            mode,
        })
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        } else {
            let _ =
                std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(self.mode));
        }
    }
}

/// A store with two hooks and one delivery, so that reads have something to
/// show and "unchanged" means something.
fn populated(env: &Env, rx: &Receiver) -> String {
    let id = env.add_hook("inventory", KEY, &rx.url("/inv"), &["Upload"]);
    env.add_hook("audit", KEY, &rx.url("/audit"), &["Delete"]);
    let out = env.dev_cmd().args(fire_args(rx, &[])).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    id
}

/// Every reading command works, and prints what the store holds.
fn assert_reads_work(env: &Env) {
    let ok = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        json_of(&out)
    };
    assert_eq!(ok(&["--json", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(ok(&["--json", "show", "inventory"])["name"], "inventory");
    let deliveries = ok(&["--json", "deliveries"]);
    assert_eq!(deliveries.as_array().unwrap().len(), 1);
    let id = deliveries[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        ok(&["--json", "deliveries", "show", &id])["state"],
        "succeeded"
    );
    assert_eq!(ok(&["export"])["webhooks"].as_array().unwrap().len(), 2);
}

/// The store's bytes: the file and its WAL. Unlike `support::dump`, this
/// needs no SQLite connection, which a read-only folder or a full disk may
/// not allow the test itself; and equal bytes mean equal content.
fn store_bytes(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    (std::fs::read(db).unwrap(), std::fs::read(&wal).ok())
}

/// Every writing command fails with exit 6 and `fragment`, changes nothing,
/// and sends nothing.
fn assert_writes_refused(env: &Env, rx: &Receiver, fragment: &str) {
    let before = store_bytes(&env.db);
    let sent = rx.count();
    let doc = env.dir.path().join("doc.json");
    std::fs::write(&doc, r#"{"version":1,"apiKey":null,"webhooks":[]}"#).unwrap();
    let ca = rx.ca_path().display().to_string();
    let fire = fire_args(rx, &[]);
    let fire: Vec<&str> = fire.iter().map(String::as_str).collect();
    let add = [
        "add",
        "--name",
        "new",
        "--url",
        "https://hooks.example.com/x",
        "--trigger",
        "Upload",
        "--api-key",
        KEY,
    ];
    let writes: [&[&str]; 8] = [
        &add,
        &["edit", "inventory", "--description", "changed"],
        &["delete", "audit", "--yes"],
        &fire,
        &["test", "inventory", "--ca-cert", &ca],
        &["deliveries", "prune", "--older-than", "1s", "--yes"],
        &["import", doc.to_str().unwrap(), "--prune"],
        &["redeliver", "1", "--ca-cert", &ca],
    ];
    for args in writes {
        let out = env.dev_cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(6), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(fragment),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    assert!(
        store_bytes(&env.db) == before,
        "a refused write changed the store"
    );
    assert_eq!(rx.count(), sent, "nothing was sent by a refused run");
}

#[test]
fn a_read_only_store_file_serves_reads_and_refuses_writes() {
    let env = Env::new();
    let rx = Receiver::start();
    populated(&env, &rx);
    let Some(_guard) = ReadOnly::make(&env.db, env.dir.path()) else {
        return;
    };
    assert_reads_work(&env);
    assert_writes_refused(&env, &rx, "the file cannot be opened for writing");
}

#[test]
fn a_store_in_a_read_only_folder_serves_reads_and_refuses_writes() {
    let env = Env::new();
    let rx = Receiver::start();
    let folder = env.dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let env = Env {
        db: folder.join("hooks.db"),
        ..env
    };
    populated(&env, &rx);
    let Some(_guard) = ReadOnly::make(&folder, env.dir.path()) else {
        return;
    };
    assert_reads_work(&env);
    assert_writes_refused(&env, &rx, "check that the folder is writable");

    // A new store cannot be created there, nor in a folder below it.
    for db in [folder.join("new.db"), folder.join("sub").join("new.db")] {
        let out = bare_cmd()
            .arg("--db")
            .arg(&db)
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains("cannot create the"), "{err}");
        assert!(
            err.contains("choose a writable location with --db"),
            "{err}"
        );
        assert!(!db.exists());
    }
}

/// A small tmpfs mounted for one test, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "SKIPPED: cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN), so a \
                 full disk cannot be simulated"
            );
            return None;
        }
        Some(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` until it refuses another byte,
/// leaving `spare` bytes free by shrinking the filler afterwards.
fn fill(dir: &Path, spare: u64) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut file = File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    let _ = file.sync_all();
    let len = file.metadata().unwrap().len();
    file.set_len(len.saturating_sub(spare)).unwrap();
    filler
}

#[test]
fn a_full_disk_refuses_writes_clearly_and_keeps_the_store() {
    let env = Env::new();
    let rx = Receiver::start();
    let Some(mount) = Tmpfs::mount(&env.dir.path().join("small"), "1m") else {
        return;
    };
    let env = Env {
        db: mount.0.join("hooks.db"),
        ..env
    };
    populated(&env, &rx);
    // Completely full: SQLite cannot even create its WAL index; reads still
    // work, writes say why they cannot.
    let filler = fill(&mount.0, 0);
    assert_reads_work(&env);
    assert_writes_refused(
        &env,
        &rx,
        "check whether the disk holding the store is full",
    );
    // Room for the WAL index but not for the change itself.
    std::fs::remove_file(&filler).unwrap();
    let _filler = fill(&mount.0, 40 * 1024);
    let before = store_bytes(&env.db);
    let out = env
        .cmd()
        .args([
            "add",
            "--name",
            "big",
            "--url",
            "https://hooks.example.com/x",
        ])
        .args(["--trigger", "Upload", "--api-key", KEY])
        .args(["--description", &"d".repeat(1000)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("full"), "{}", stderr_of(&out));
    assert!(
        store_bytes(&env.db).0 == before.0,
        "the failed write changed the store"
    );
    // With space again, the same store takes writes.
    std::fs::remove_file(mount.0.join("filler")).unwrap();
    env.cmd()
        .args([
            "add",
            "--name",
            "big",
            "--url",
            "https://hooks.example.com/x",
        ])
        .args(["--trigger", "Upload", "--api-key", KEY])
        .assert()
        .success();
    let conn = open_db(&env.db);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_disk_that_fills_during_a_fan_out_stops_the_run() {
    let env = Env::new();
    let rx = Receiver::start();
    let Some(mount) = Tmpfs::mount(&env.dir.path().join("small"), "2m") else {
        return;
    };
    let env = Env {
        db: mount.0.join("hooks.db"),
        ..env
    };
    rx.script("/slow", [Reply::Delayed(Duration::from_millis(100), 200)]);
    import_hooks(&env, &rx, 200, |_| "/slow".to_string());
    let mut fire = spawn_fire(&env, &rx, "filling", &["--concurrency", "2"]);
    fire.wait_until(Duration::from_secs(30), "the fan-out's start", || {
        rx.count() >= 4
    });
    let _filler = fill(&mount.0, 0);
    let done = fire.finish(Duration::from_secs(60));
    assert_eq!(done.code(), Some(6), "{}", done.stderr);
    assert!(
        done.stderr.contains("could not be written"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains("no further deliveries were started"),
        "{}",
        done.stderr
    );
    // Nothing went on being sent unrecorded: the run stopped within moments
    // (200 deliveries would take 10 s).
    assert!(rx.count() < 100, "{} sent after the log failed", rx.count());
}

// -------------------------------------------------------------------- secrets

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_store_file_stays_private_across_creation_migration_and_vacuum() {
    let env = Env::new();
    env.cmd().arg("list").assert().success();
    assert_eq!(mode_of(&env.db), 0o600, "a new store");

    // A store at schema version 1, as an older echo3d-hooks left it.
    let old = env.dir.path().join("old.db");
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&old)
            .unwrap();
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(include_str!("../../src/store/migrations/0001_hooks.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x6533_6468)
            .unwrap();
    }
    let out = bare_cmd()
        .arg("--db")
        .arg(&old)
        .args(["--json", "deliveries"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let version: i64 = open_db(&old)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2, "the old store was migrated");
    assert_eq!(mode_of(&old), 0o600, "after a migration");

    env.add_hook("inventory", KEY, "https://hooks.example.com/x", &["Upload"]);
    rusqlite::Connection::open(&env.db)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    assert_eq!(mode_of(&env.db), 0o600, "after VACUUM");
    env.cmd().arg("list").assert().success();
    assert_eq!(mode_of(&env.db), 0o600);
}

#[test]
fn the_secret_never_appears_in_output_logs_or_errors() {
    let env = Env::new();
    let rx = Receiver::start();
    rx.script("/flaky", [Reply::Status(500), Reply::Status(200)]);
    let id = env.add_hook("inventory", KEY, &rx.url("/flaky"), &["Upload", "Delete"]);
    let secret = env.secret_of(&id);
    // The part of the secret that even a masked one must not show.
    let hidden = &secret["whsec_".len()..secret.len() - 4];
    assert!(hidden.len() >= 30);

    let mut seen = String::new();
    let mut run = |args: Vec<String>, expect: Option<i32>| {
        let out = env.dev_cmd().args(&args).output().unwrap();
        if let Some(code) = expect {
            assert_eq!(
                out.status.code(),
                Some(code),
                "{args:?}: {}",
                stderr_of(&out)
            );
        }
        seen.push_str(&format!(
            "$ {args:?}\n{}{}\n",
            stdout_of(&out),
            stderr_of(&out)
        ));
    };
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    run(s(&["list"]), Some(0));
    run(s(&["--json", "list"]), Some(0));
    run(s(&["show", "inventory"]), Some(0));
    run(s(&["--json", "show", &id]), Some(0));
    run(s(&["export"]), Some(0));
    run(s(&["--json", "export"]), Some(0));
    run(fire_args(&rx, &["--retries", "1"]), Some(0));
    let mut plain_fire = fire_args(&rx, &[]);
    plain_fire.remove(0);
    run(plain_fire, Some(0));
    run(
        s(&[
            "test",
            "inventory",
            "--ca-cert",
            &rx.ca_path().display().to_string(),
        ]),
        Some(0),
    );
    let ca = rx.ca_path().display().to_string();
    run(s(&["redeliver", "1", "--ca-cert", &ca]), Some(0));
    run(s(&["--json", "redeliver", "2", "--ca-cert", &ca]), Some(0));
    run(s(&["deliveries"]), Some(0));
    run(s(&["--json", "deliveries"]), Some(0));
    for delivery in 1..=4 {
        run(s(&["deliveries", "show", &delivery.to_string()]), Some(0));
        run(
            s(&["--json", "deliveries", "show", &delivery.to_string()]),
            Some(0),
        );
    }
    run(
        s(&["edit", "inventory", "--description", "changed"]),
        Some(0),
    );
    run(
        s(&["--json", "edit", "inventory", "--name", "inv"]),
        Some(0),
    );
    // Refusals that concern this hook or its secret.
    run(
        s(&["edit", "inv", "--url", "http://hooks.example.com/"]),
        Some(3),
    );
    run(
        s(&["add", "--name", "inv", "--url", &rx.url("/x")])
            .into_iter()
            .chain(s(&["--trigger", "Upload", "--api-key", KEY]))
            .collect(),
        Some(5),
    );
    let doc = env.dir.path().join("bad-secret.json");
    let bad = json!({"version": 1, "apiKey": KEY, "webhooks": [{
        "name": "inv", "apiKey": KEY, "url": "https://hooks.example.com/x",
        "triggers": ["Upload"], "secret": format!("{secret}!!")
    }]});
    std::fs::write(&doc, bad.to_string()).unwrap();
    run(s(&["import", doc.to_str().unwrap()]), Some(3));
    let bad_url = json!({"version": 1, "apiKey": KEY, "webhooks": [{
        "name": "inv", "apiKey": KEY, "url": "http://hooks.example.com/x",
        "triggers": ["Upload"], "secret": secret
    }]});
    std::fs::write(&doc, bad_url.to_string()).unwrap();
    run(s(&["import", doc.to_str().unwrap()]), Some(3));
    run(
        s(&["--json", "import", doc.to_str().unwrap(), "--dry-run"]),
        Some(3),
    );

    assert!(!seen.contains(hidden), "the secret leaked:\n{seen}");
    // The log holds the signature, never the key that made it.
    let conn = open_db(&env.db);
    let headers: Vec<String> = conn
        .prepare("SELECT request_headers FROM attempts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(headers.len() >= 4);
    assert!(
        headers
            .iter()
            .all(|h| h.contains("webhook-signature") && !h.contains(hidden))
    );
    // Revealing is what the flags are for.
    let out = env
        .cmd()
        .args(["show", "inv", "--reveal-secret"])
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains(&secret));
    let out = env
        .cmd()
        .args(["export", "--with-secrets"])
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains(&secret));
}
