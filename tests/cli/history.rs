//! Delivery history, redelivery, 410 Gone, and export/import, against the
//! real TLS receiver and a temp-dir store.

use std::collections::BTreeSet;
use std::process::Output;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::support::*;

/// A store and a receiver, with commands that trust the receiver's CA.
struct World {
    env: Env,
    rx: Receiver,
}

impl World {
    fn new() -> World {
        World {
            env: Env::new(),
            rx: Receiver::start(),
        }
    }

    /// Adds a webhook of collection `KEY` pointing at the receiver's `path`.
    fn hook(&self, name: &str, path: &str, triggers: &[&str]) -> String {
        self.env.add_hook(name, KEY, &self.rx.url(path), triggers)
    }

    /// Runs a sending command (`fire`, `test`, `redeliver`) with quick
    /// retries; `--retries 0` unless the test asks for retries itself.
    fn send(&self, args: &[&str]) -> Output {
        let mut cmd = self.env.dev_cmd();
        cmd.args(args)
            .arg("--ca-cert")
            .arg(self.rx.ca_path())
            .args(["--backoff", "10ms", "--timeout", "10s"]);
        if !args.contains(&"--retries") {
            cmd.args(["--retries", "0"]);
        }
        cmd.output().unwrap()
    }

    /// `fire EVENT --api-key KEY --entry ENTRY_A` plus `extra`.
    fn fire(&self, event: &str, extra: &[&str]) -> Output {
        let mut args = vec!["fire", event, "--api-key", KEY, "--entry", ENTRY_A];
        args.extend_from_slice(extra);
        self.send(&args)
    }

    /// `--json ARGS`, which must succeed, as JSON.
    fn json(&self, args: &[&str]) -> Value {
        json_ok(&self.env, args)
    }

    /// `deliveries --json` with these filters.
    fn deliveries(&self, filters: &[&str]) -> Vec<Value> {
        let mut args = vec!["deliveries"];
        args.extend_from_slice(filters);
        self.json(&args).as_array().expect("an array").clone()
    }

    fn delivery(&self, id: i64) -> Value {
        self.json(&["deliveries", "show", &id.to_string()])
    }
}

fn run(env: &Env, args: &[&str]) -> Output {
    env.cmd().args(args).output().unwrap()
}

fn json_ok(env: &Env, args: &[&str]) -> Value {
    let out = env.cmd().arg("--json").args(args).output().unwrap();
    expect_code(&out, 0);
    json_of(&out)
}

#[track_caller]
fn expect_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
        stdout_of(out),
        stderr_of(out)
    );
}

/// A refusal: the exit code, every phrase in the message, and no panic.
#[track_caller]
fn expect_refusal(out: &Output, code: i32, phrases: &[&str]) {
    expect_code(out, code);
    let err = stderr_of(out);
    assert!(
        err.starts_with("error: ") || err.contains("\nerror: "),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for p in phrases {
        assert!(err.contains(p), "stderr lacks {p:?}:\n{err}");
    }
}

fn ids_of(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

/// The cells of every row of a table as the tool prints it to a pipe.
fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            let parts: Vec<String> = l.split(['│', '┆']).map(|c| c.trim().to_string()).collect();
            // The borders leave an empty piece before the first cell and after the last.
            parts[1..parts.len() - 1].to_vec()
        })
        .collect()
}

fn verifies(secret: &str, r: &Recorded) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok()
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Moves deliveries' creation back in time, as if they had been made
/// `age` ago.
fn age_deliveries(env: &Env, ids: &[i64], age: Duration) {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for id in ids {
        conn.execute(
            "UPDATE deliveries SET created_at = created_at - ?2 WHERE id = ?1",
            rusqlite::params![id, age.as_millis() as i64],
        )
        .unwrap();
    }
}

// ---------------------------------------------------------------- history

#[test]
fn history_lists_fire_and_test_deliveries_newest_first() {
    let w = World::new();
    let hook_id = w.hook("inv", "/inv", &["Upload", "Delete"]);
    expect_code(&w.fire("Upload", &[]), 0);
    expect_code(&w.send(&["test", "inv", "Delete"]), 0);
    let reqs = w.rx.requests_to("/inv");
    assert_eq!(reqs.len(), 2);

    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let expected_fields: BTreeSet<&str> = [
        "id",
        "createdAt",
        "webhookId",
        "hookId",
        "hookName",
        "apiKey",
        "url",
        "event",
        "state",
        "attempts",
        "status",
        "error",
        "durationMs",
    ]
    .into();
    // Newest first: the test's Delete sample, then the fired Upload.
    assert_eq!(rows[0]["event"], "Delete");
    assert_eq!(rows[1]["event"], "Upload");
    assert!(rows[0]["id"].as_i64() > rows[1]["id"].as_i64());
    for (row, req) in [(&rows[1], &reqs[0]), (&rows[0], &reqs[1])] {
        let fields: BTreeSet<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields, expected_fields);
        assert_eq!(row["webhookId"], req.header("webhook-id").unwrap().as_str());
        assert_eq!(row["hookId"], hook_id.as_str());
        assert_eq!(row["hookName"], "inv");
        assert_eq!(row["apiKey"], KEY);
        assert_eq!(row["url"], w.rx.url("/inv"));
        assert_eq!(row["state"], "succeeded");
        assert_eq!(row["attempts"], 1);
        assert_eq!(row["status"], 200);
        assert_eq!(row["error"], Value::Null);
        assert!(row["durationMs"].is_u64());
        let created = humantime::parse_rfc3339(row["createdAt"].as_str().unwrap()).unwrap();
        let age = SystemTime::now().duration_since(created).unwrap();
        assert!(age < Duration::from_secs(600), "{age:?}");
    }

    // The table: id, time, webhook, event, result, attempts, duration.
    let out = run(&w.env, &["deliveries"]);
    expect_code(&out, 0);
    let table = table_rows(&stdout_of(&out));
    assert_eq!(
        table[0],
        [
            "id", "time", "webhook", "event", "result", "attempts", "duration"
        ]
    );
    assert_eq!(table.len(), 3, "{table:?}");
    for (cells, row) in table[1..].iter().zip(&rows) {
        assert_eq!(cells[0], row["id"].to_string());
        assert_eq!(cells[1], row["createdAt"].as_str().unwrap());
        assert_eq!(cells[2], "inv");
        assert_eq!(cells[3], row["event"].as_str().unwrap());
        assert_eq!(cells[4], "HTTP 200");
        assert_eq!(cells[5], "1");
        assert_eq!(cells[6], format!("{} ms", row["durationMs"]));
    }
    // `log` is the same command.
    let alias = run(&w.env, &["log"]);
    expect_code(&alias, 0);
    assert_eq!(stdout_of(&alias), stdout_of(&out));
}

#[test]
fn show_gives_the_request_and_every_attempt_but_never_the_secret() {
    let w = World::new();
    let hook_id = w.hook("inv", "/inv", &["Upload"]);
    w.rx.script(
        "/inv",
        [
            Reply::Body(503, b"try again later".to_vec()),
            Reply::Body(200, br#"{"received":true}"#.to_vec()),
        ],
    );
    expect_code(&w.fire("Upload", &["--retries", "1"]), 0);
    let reqs = w.rx.requests_to("/inv");
    assert_eq!(reqs.len(), 2);
    let id = w.deliveries(&[])[0]["id"].as_i64().unwrap();
    let secret = w.env.secret_of(&hook_id);

    let d = w.delivery(id);
    assert_eq!(d["id"], id);
    assert_eq!(d["state"], "succeeded");
    assert_eq!(d["attempts"], 2);
    assert_eq!(d["status"], 200);
    assert_eq!(d["body"], reqs[0].body_text());
    let attempts = d["attemptsDetail"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    let expected = [(503, "try again later"), (200, r#"{"received":true}"#)];
    for (i, ((a, req), (status, excerpt))) in attempts.iter().zip(&reqs).zip(expected).enumerate() {
        assert_eq!(a["number"], i + 1);
        assert_eq!(a["status"], status);
        assert_eq!(a["error"], Value::Null);
        assert_eq!(a["responseExcerpt"], excerpt);
        assert_eq!(a["url"], w.rx.url("/inv"));
        assert!(a["durationMs"].is_u64());
        assert!(humantime::parse_rfc3339(a["startedAt"].as_str().unwrap()).is_ok());
        // The headers kept are the ones the receiver got, and they verify.
        let mut headers = hyper::header::HeaderMap::new();
        for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            let kept = a["requestHeaders"][name].as_str().unwrap();
            assert_eq!(kept, req.header(name).unwrap(), "{name}");
            headers.insert(name, kept.parse().unwrap());
        }
        standardwebhooks::Webhook::new(&secret)
            .unwrap()
            .verify(d["body"].as_str().unwrap().as_bytes(), &headers)
            .expect("the kept signature verifies");
    }
    let raw_secret = secret.strip_prefix("whsec_").unwrap();
    let human = run(&w.env, &["deliveries", "show", &id.to_string()]);
    expect_code(&human, 0);
    let text = stdout_of(&human);
    for out in [d.to_string(), text.clone()] {
        assert!(!out.contains(raw_secret), "the secret leaks:\n{out}");
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
        assert!(text.contains(&phrase), "show lacks {phrase:?}:\n{text}");
    }

    let record = table_rows(&text);
    for field in [
        ["delivery".to_string(), id.to_string()],
        ["webhook".to_string(), format!("inv ({hook_id})")],
        ["collection".to_string(), KEY.to_string()],
        ["url".to_string(), w.rx.url("/inv")],
        ["event".to_string(), "Upload".to_string()],
        [
            "webhook-id".to_string(),
            reqs[0].header("webhook-id").unwrap(),
        ],
        ["result".to_string(), "HTTP 200".to_string()],
        ["attempts".to_string(), "2".to_string()],
    ] {
        assert!(
            record.contains(&field.to_vec()),
            "show lacks {field:?}:\n{text}"
        );
    }

    let before = w.env.dump();
    let missing = run(&w.env, &["deliveries", "show", "999"]);
    expect_refusal(&missing, 4, &["no delivery has the id 999"]);
    assert!(stdout_of(&missing).is_empty());
    assert_eq!(w.env.dump(), before);
}

#[test]
fn show_records_a_network_error_without_a_status() {
    let w = World::new();
    // A port nobody listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    w.env.add_hook(
        "down",
        KEY,
        &format!("https://127.0.0.1:{port}/x"),
        &["Upload"],
    );
    expect_code(&w.fire("Upload", &[]), 7);
    let row = &w.deliveries(&[])[0];
    assert_eq!(row["state"], "failed");
    assert_eq!(row["status"], Value::Null);
    let error = row["error"].as_str().unwrap();
    assert!(!error.is_empty());
    let d = w.delivery(row["id"].as_i64().unwrap());
    let a = &d["attemptsDetail"][0];
    assert_eq!(a["status"], Value::Null);
    assert_eq!(a["error"], error);
    assert_eq!(a["responseExcerpt"], "");
    let table = table_rows(&stdout_of(&run(&w.env, &["deliveries"])));
    assert_eq!(table[1][4], format!("failed: {error}"));
}

#[test]
fn filters_select_by_hook_event_state_time_and_count() {
    let w = World::new();
    let a = w.hook("a", "/a", &["Upload"]);
    let b = w.hook("b", "/b", &["Upload", "Delete"]);
    w.rx.script("/b", [Reply::Status(500)]);
    expect_code(&w.fire("Upload", &[]), 7);
    expect_code(&w.fire("Delete", &[]), 7);
    let all = w.deliveries(&[]);
    assert_eq!(all.len(), 3);

    let by = |filters: &[&str]| -> Vec<Value> { w.deliveries(filters) };
    let names = |rows: &[Value]| -> Vec<String> {
        rows.iter()
            .map(|r| {
                format!(
                    "{}/{}",
                    r["hookName"].as_str().unwrap(),
                    r["event"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(names(&by(&["--hook", "a"])), ["a/Upload"]);
    assert_eq!(names(&by(&["--hook", &a])), ["a/Upload"]);
    assert_eq!(names(&by(&["--hook", &b])), ["b/Delete", "b/Upload"]);
    assert_eq!(names(&by(&["--event", "delete"])), ["b/Delete"]);
    assert_eq!(names(&by(&["--failed"])), ["b/Delete", "b/Upload"]);
    assert!(
        by(&["--failed"])
            .iter()
            .all(|r| r["state"] == "failed" && r["status"] == 500)
    );
    assert_eq!(
        names(&by(&["--failed", "--event", "Upload", "--hook", "b"])),
        ["b/Upload"]
    );
    assert_eq!(by(&["--since", "1h"]).len(), 3);
    assert_eq!(by(&["--since", "2000-01-01T00:00:00Z"]).len(), 3);
    let soon = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    assert!(by(&["--since", &soon]).is_empty());
    // --since counts from creation: an old delivery drops out of "the last hour".
    age_deliveries(&w.env, &[ids_of(&all)[2]], Duration::from_secs(7200));
    assert_eq!(ids_of(&by(&["--since", "1h"])), ids_of(&all)[..2]);
    assert_eq!(ids_of(&by(&["--limit", "2"])), ids_of(&all)[..2]);
    assert!(by(&["--hook", "nobody"]).is_empty());
    let empty = run(&w.env, &["deliveries", "--hook", "nobody"]);
    expect_code(&empty, 0);
    assert!(stdout_of(&empty).contains("No deliveries match"));

    let before = w.env.dump();
    expect_refusal(
        &run(&w.env, &["deliveries", "--since", "yesterday"]),
        3,
        &["`yesterday`", "duration", "timestamp"],
    );
    expect_refusal(
        &run(&w.env, &["deliveries", "--since", "2026-13-45T00:00:00Z"]),
        3,
        &["2026-13-45T00:00:00Z"],
    );
    expect_refusal(
        &run(&w.env, &["deliveries", "--event", "Uplod"]),
        3,
        &["Uplod"],
    );
    expect_code(&run(&w.env, &["deliveries", "--limit", "0"]), 2);
    assert_eq!(w.env.dump(), before);
}

#[test]
fn the_default_limit_is_fifty_newest() {
    let w = World::new();
    w.hook("a", "/a", &["Upload"]);
    expect_code(&w.fire("Upload", &[]), 0);
    // 59 more rows, copies of the real one under their own webhook-ids.
    let conn = rusqlite::Connection::open(&w.env.db).unwrap();
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 59) \
         INSERT INTO deliveries (webhook_id, hook_id, hook_name, api_key, url, event, payload, \
                                 created_at, updated_at, state, attempts, last_status, duration_ms) \
         SELECT 'msg_copy_' || i, hook_id, hook_name, api_key, url, event, payload, \
                created_at + i, updated_at, state, attempts, last_status, duration_ms \
         FROM deliveries, n",
        [],
    )
    .unwrap();
    drop(conn);
    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 50);
    assert_eq!(rows[0]["webhookId"], "msg_copy_59");
    assert_eq!(rows[49]["webhookId"], "msg_copy_10");
    assert_eq!(w.deliveries(&["--limit", "1000"]).len(), 60);
}

#[test]
fn history_outlives_its_webhook_and_keeps_the_name_it_had() {
    let w = World::new();
    let id = w.hook("inv", "/inv", &["Upload"]);
    expect_code(&w.fire("Upload", &[]), 0);
    // A renamed webhook: old rows keep the old name, and the new name finds them.
    expect_code(&run(&w.env, &["edit", &id, "--name", "stock"]), 0);
    expect_code(&w.fire("Upload", &[]), 0);
    let rows = w.deliveries(&["--hook", "stock"]);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[0]["hookName"], "stock");
    assert_eq!(rows[1]["hookName"], "inv");

    expect_code(&run(&w.env, &["delete", "stock", "--yes"]), 0);
    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row["hookId"], Value::Null);
        assert_eq!(row["state"], "succeeded");
    }
    assert_eq!(rows[0]["hookName"], "stock");
    assert_eq!(rows[1]["hookName"], "inv");
    let table = table_rows(&stdout_of(&run(&w.env, &["deliveries"])));
    assert_eq!(table[1][2], "stock (deleted)");
    assert_eq!(table[2][2], "inv (deleted)");
    // The old names still find the history of a webhook that is gone.
    assert_eq!(w.deliveries(&["--hook", "inv"]).len(), 1);
    assert_eq!(w.deliveries(&["--hook", "stock"]).len(), 1);
    let shown = run(&w.env, &["deliveries", "show", &rows[0]["id"].to_string()]);
    expect_code(&shown, 0);
    assert!(stdout_of(&shown).contains("stock (deleted)"));
}

#[test]
fn prune_removes_only_old_rows_in_one_go_and_says_how_many() {
    let w = World::new();
    w.hook("a", "/a", &["Upload"]);
    w.rx.script("/a", [Reply::Status(500), Reply::Status(200)]);
    expect_code(&w.fire("Upload", &["--retries", "1"]), 0);
    expect_code(&w.fire("Upload", &[]), 0);
    expect_code(&w.fire("Upload", &[]), 0);
    let ids = ids_of(&w.deliveries(&[]));
    let (fresh, old) = (ids[0], &ids[1..]);
    age_deliveries(&w.env, old, Duration::from_secs(10 * 86_400));

    let out = w
        .env
        .cmd()
        .args(["--json", "deliveries", "prune", "--older-than", "7days"])
        .output()
        .unwrap();
    expect_code(&out, 0);
    // Two deliveries; the oldest had two attempts.
    assert_eq!(json_of(&out), json!({"deliveries": 2, "attempts": 3}));
    assert_eq!(ids_of(&w.deliveries(&[])), [fresh]);
    let dump = w.env.dump();
    let attempts = dump.split("## attempts\n").nth(1).unwrap();
    let attempt_rows: Vec<&str> = attempts
        .lines()
        .take_while(|l| !l.starts_with("##"))
        .collect();
    assert_eq!(attempt_rows.len(), 1, "{attempts}");
    assert!(attempt_rows[0].starts_with(&format!("Integer({fresh})|")));
    for id in old {
        expect_code(&run(&w.env, &["deliveries", "show", &id.to_string()]), 4);
    }

    let again = run(&w.env, &["deliveries", "prune", "--older-than", "1h"]);
    expect_code(&again, 0);
    assert_eq!(
        stdout_of(&again).trim(),
        "Pruned 0 deliveries (0 attempts) older than 1h."
    );
    // Nothing is a billion years old: a huge duration must not wrap around.
    let huge = run(
        &w.env,
        &["deliveries", "prune", "--older-than", "1000000000years"],
    );
    expect_code(&huge, 0);
    assert!(stdout_of(&huge).starts_with("Pruned 0 deliveries"));
    assert_eq!(ids_of(&w.deliveries(&[])), [fresh]);
    let all = run(
        &w.env,
        &["deliveries", "prune", "--older-than", "0s", "--yes"],
    );
    expect_code(&all, 0);
    assert!(stdout_of(&all).starts_with("Pruned 1 deliveries (1 attempts)"));
    assert!(w.deliveries(&[]).is_empty());

    let before = w.env.dump();
    let bad = run(&w.env, &["deliveries", "prune", "--older-than", "lately"]);
    expect_code(&bad, 2);
    assert!(stderr_of(&bad).contains("`lately` is not a duration"));
    assert_eq!(w.env.dump(), before);
}

// ------------------------------------------------------------- redelivery

#[test]
fn redelivery_keeps_the_webhook_id_and_uses_the_current_url_and_secret() {
    let w = World::new();
    let hook = w.hook("inv", "/old", &["Upload"]);
    w.rx.script("/old", [Reply::Status(500)]);
    let first = w.fire("Upload", &[]);
    expect_code(&first, 7);
    let original = w.rx.requests_to("/old").remove(0);
    let old_secret = w.env.secret_of(&hook);
    let id = w.deliveries(&[])[0]["id"].as_i64().unwrap();

    // The receiver moved, and the secret was rotated, since.
    let new_url = w.rx.url("/new");
    expect_code(
        &w.env
            .dev_cmd()
            .args(["edit", "inv", "--url", &new_url])
            .output()
            .unwrap(),
        0,
    );
    expect_code(&run(&w.env, &["edit", "inv", "--rotate-secret"]), 0);
    let new_secret = w.env.secret_of(&hook);

    let out = w.send(&["--json", "redeliver", &id.to_string()]);
    expect_code(&out, 0);
    let report = json_of(&out);
    assert_eq!(report["summary"]["succeeded"], 1);
    assert_eq!(report["deliveries"][0]["deliveryId"], id);
    assert_eq!(report["deliveries"][0]["url"], new_url);
    assert_eq!(w.rx.requests_to("/old").len(), 1);
    let again = w.rx.requests_to("/new");
    assert_eq!(again.len(), 1);
    let again = &again[0];
    assert_eq!(again.body, original.body);
    assert_eq!(again.header("webhook-id"), original.header("webhook-id"));
    assert_eq!(
        report["deliveries"][0]["webhookId"],
        original.header("webhook-id").unwrap()
    );
    assert!(verifies(&new_secret, again), "fresh signature, new secret");
    assert!(
        !verifies(&old_secret, again),
        "the old secret must not verify"
    );

    // The new attempt is the same delivery's attempt 2, and the row follows it.
    let rows = w.deliveries(&[]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["url"], new_url);
    assert_eq!(rows[0]["state"], "succeeded");
    assert_eq!(rows[0]["attempts"], 2);
    assert_eq!(rows[0]["status"], 200);
    let d = w.delivery(id);
    let attempts = d["attemptsDetail"].as_array().unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0]["number"], 1);
    assert_eq!(attempts[0]["status"], 500);
    assert_eq!(attempts[0]["url"], w.rx.url("/old"));
    assert_eq!(attempts[1]["number"], 2);
    assert_eq!(attempts[1]["status"], 200);
    assert_eq!(attempts[1]["url"], new_url);
}

#[test]
fn redelivery_that_fails_again_exits_7_and_keeps_counting_attempts() {
    let w = World::new();
    w.hook("inv", "/inv", &["Upload"]);
    w.rx.script("/inv", [Reply::Status(502)]);
    expect_code(&w.fire("Upload", &["--retries", "1"]), 7);
    let id = w.deliveries(&[])[0]["id"].as_i64().unwrap();
    let out = w.send(&["redeliver", &id.to_string(), "--retries", "1"]);
    expect_code(&out, 7);
    assert!(stderr_of(&out).contains("1 of 1 deliveries failed"));
    assert!(stdout_of(&out).contains("HTTP 502"));
    let d = w.delivery(id);
    assert_eq!(d["state"], "failed");
    assert_eq!(d["attempts"], 4);
    let numbers: Vec<i64> = d["attemptsDetail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let ids: BTreeSet<String> =
        w.rx.requests_to("/inv")
            .iter()
            .map(|r| r.header("webhook-id").unwrap())
            .collect();
    assert_eq!(ids.len(), 1, "every attempt carries the same webhook-id");

    // The same id twice is one redelivery, not two racing ones.
    w.rx.script("/inv", [Reply::Status(200)]);
    let twice = w.send(&["redeliver", &id.to_string(), &id.to_string()]);
    expect_code(&twice, 0);
    assert_eq!(w.rx.requests_to("/inv").len(), 5);
    assert_eq!(w.delivery(id)["attempts"], 5);
}

#[test]
fn redelivery_of_an_unknown_id_sends_nothing() {
    let w = World::new();
    w.hook("inv", "/inv", &["Upload"]);
    expect_code(&w.fire("Upload", &[]), 0);
    let id = w.deliveries(&[])[0]["id"].as_i64().unwrap();
    let before = w.env.dump();
    let out = w.send(&["redeliver", &id.to_string(), "424242"]);
    expect_refusal(&out, 4, &["no delivery has the id 424242"]);
    assert_eq!(w.rx.count(), 1);
    assert_eq!(w.env.dump(), before);
}

#[test]
fn bulk_replay_resends_every_failed_delivery_once_the_receiver_recovers() {
    let w = World::new();
    w.hook("a", "/a", &["Upload", "Delete"]);
    w.hook("b", "/b", &["Upload"]);
    w.hook("c", "/c", &["Upload"]);
    w.rx.script("/a", [Reply::Status(500)]);
    w.rx.script("/b", [Reply::Status(503)]);
    expect_code(&w.fire("Upload", &[]), 7);
    expect_code(&w.fire("Delete", &[]), 7);
    expect_code(&w.fire("Upload", &[]), 7);
    let failed = w.deliveries(&["--failed"]);
    assert_eq!(failed.len(), 5);
    let webhook_ids = |path: &str| -> Vec<String> {
        w.rx.requests_to(path)
            .iter()
            .map(|r| r.header("webhook-id").unwrap())
            .collect()
    };
    let (a_before, b_before) = (webhook_ids("/a"), webhook_ids("/b"));
    assert_eq!((a_before.len(), b_before.len()), (3, 2));

    // Both recover; a filter that matches nothing sends nothing.
    w.rx.script("/a", [Reply::Status(200)]);
    w.rx.script("/b", [Reply::Status(200)]);
    let soon = rfc3339(SystemTime::now() + Duration::from_secs(3600));
    let none = w.send(&["redeliver", "--failed", "--since", &soon]);
    expect_refusal(&none, 8, &["no failed delivery", "nothing was sent"]);
    assert_eq!(w.rx.count(), 7);
    expect_refusal(
        &w.send(&["redeliver", "--failed", "--since", "lately"]),
        3,
        &["`lately` is neither a duration"],
    );

    // One webhook first, then the rest. One at a time, they go oldest first.
    let out = w.send(&[
        "--json",
        "redeliver",
        "--failed",
        "--hook",
        "a",
        "--since",
        "1h",
        "--concurrency",
        "1",
    ]);
    expect_code(&out, 0);
    assert_eq!(json_of(&out)["summary"]["succeeded"], 3);
    let a_after = webhook_ids("/a");
    assert_eq!(a_after.len(), 6);
    // Each under the webhook-id it had.
    assert_eq!(a_after[3..], a_before[..]);
    assert_eq!(webhook_ids("/b").len(), 2);

    let out = w.send(&["redeliver", "--failed"]);
    expect_code(&out, 0);
    assert!(stdout_of(&out).contains("2 delivered, 0 failed, 0 interrupted, of 2."));
    let mut b_after = webhook_ids("/b")[2..].to_vec();
    b_after.sort();
    let mut b_sorted = b_before.clone();
    b_sorted.sort();
    assert_eq!(b_after, b_sorted);
    assert_eq!(
        webhook_ids("/c").len(),
        2,
        "succeeded deliveries are not resent"
    );
    assert!(w.deliveries(&["--failed"]).is_empty());
    for row in w.deliveries(&[]) {
        assert_eq!(row["state"], "succeeded");
    }

    let before = w.env.dump();
    let done = w.send(&["redeliver", "--failed"]);
    expect_refusal(&done, 8, &["no failed delivery matches; nothing was sent"]);
    assert_eq!(w.rx.count(), 12);
    assert_eq!(w.env.dump(), before);
}

#[test]
fn redelivery_to_a_deleted_or_disabled_webhook_is_refused() {
    let w = World::new();
    w.hook("gone", "/gone", &["Upload"]);
    w.hook("off", "/off", &["Upload"]);
    w.hook("on", "/on", &["Upload"]);
    for path in ["/gone", "/off", "/on"] {
        w.rx.script(path, [Reply::Status(500)]);
    }
    expect_code(&w.fire("Upload", &[]), 7);
    let rows = w.deliveries(&[]);
    let id_of = |name: &str| -> String {
        rows.iter().find(|r| r["hookName"] == name).unwrap()["id"].to_string()
    };
    let (gone, off, on) = (id_of("gone"), id_of("off"), id_of("on"));
    for path in ["/gone", "/off", "/on"] {
        w.rx.script(path, [Reply::Status(200)]);
    }
    expect_code(&run(&w.env, &["delete", "gone", "--yes"]), 0);
    expect_code(&run(&w.env, &["edit", "off", "--disable"]), 0);
    let sent = w.rx.count();
    let before = w.env.dump();

    for force in [false, true] {
        let mut args = vec!["redeliver", gone.as_str()];
        if force {
            args.push("--force");
        }
        expect_refusal(
            &w.send(&args),
            3,
            &[&format!("delivery {gone}"), "gone", "has been deleted"],
        );
    }
    expect_refusal(
        &w.send(&["redeliver", &off]),
        3,
        &[&format!("delivery {off}"), "off", "disabled", "--force"],
    );
    // Explicit ids are all or nothing: the good one is not sent either.
    expect_refusal(&w.send(&["redeliver", &on, &off]), 3, &["disabled"]);
    expect_refusal(
        &w.send(&["redeliver", &on, &gone, "--force"]),
        3,
        &["deleted"],
    );
    assert_eq!(w.rx.count(), sent);
    assert_eq!(w.env.dump(), before);

    // --failed skips what it cannot send, says so, and sends the rest.
    let out = w.send(&["redeliver", "--failed"]);
    expect_code(&out, 0);
    let err = stderr_of(&out);
    assert!(
        err.contains("skipped") && err.contains("has been deleted"),
        "{err}"
    );
    assert!(err.contains("skipped") && err.contains("disabled"), "{err}");
    assert_eq!(w.rx.requests_to("/on").len(), 2);
    assert_eq!(w.rx.requests_to("/off").len(), 1);

    // Nothing left that can be sent: exit 8, and the message says why.
    let out = w.send(&["redeliver", "--failed"]);
    expect_refusal(
        &out,
        8,
        &["2 failed", "none can be sent", "nothing was sent"],
    );

    // --force sends to a disabled webhook.
    expect_code(&w.send(&["redeliver", &off, "--force"]), 0);
    let off_reqs = w.rx.requests_to("/off");
    assert_eq!(off_reqs.len(), 2);
    assert_eq!(
        off_reqs[0].header("webhook-id"),
        off_reqs[1].header("webhook-id")
    );
}

// ------------------------------------------------------------------- 410

#[test]
fn a_410_disables_the_webhook_at_once() {
    let w = World::new();
    let id = w.hook("old", "/old", &["Upload"]);
    w.rx.script(
        "/old",
        [Reply::Body(410, b"this endpoint is retired".to_vec())],
    );
    // Retries are allowed, but a 410 is final: one request.
    let out = w.fire("Upload", &["--retries", "3"]);
    expect_code(&out, 7);
    assert_eq!(w.rx.count(), 1);
    let stdout = stdout_of(&out);
    assert!(stdout.contains("HTTP 410"), "{stdout}");
    assert!(
        stdout.contains("webhook disabled"),
        "the run says so:\n{stdout}"
    );

    let shown = w.json(&["show", &id]);
    assert_eq!(shown["enabled"], false);
    let reason = shown["disabledReason"].as_str().unwrap();
    assert!(reason.contains("410 Gone"), "{reason}");
    let listed = run(&w.env, &["list"]);
    let table = table_rows(&stdout_of(&listed));
    assert_eq!(table[1][0], "old");
    assert_eq!(table[1][5], format!("no: {reason}"));
    let human = stdout_of(&run(&w.env, &["show", "old"]));
    assert!(human.contains(&format!("no ({reason})")), "{human}");
    let row = &w.deliveries(&[])[0];
    assert_eq!(row["status"], 410);
    assert_eq!(row["state"], "failed");
    assert_eq!(
        w.delivery(row["id"].as_i64().unwrap())["attemptsDetail"][0]["responseExcerpt"],
        "this endpoint is retired"
    );

    // Later events skip it.
    let later = w.fire("Upload", &[]);
    expect_refusal(&later, 8, &["no enabled webhook"]);
    assert_eq!(w.rx.count(), 1);
    // So does a redelivery, unless forced.
    let redo = w.send(&["redeliver", &row["id"].to_string()]);
    expect_refusal(&redo, 3, &["disabled", "410 Gone", "--force"]);
    assert_eq!(w.rx.count(), 1);
}

// ------------------------------------------------------- export / import

fn add_plain(env: &Env, name: &str, key: &str, url: &str, extra: &[&str]) {
    let out = env
        .cmd()
        .args([
            "add",
            "--name",
            name,
            "--api-key",
            key,
            "--url",
            url,
            "--trigger",
            "Upload",
        ])
        .args(extra)
        .output()
        .unwrap();
    expect_code(&out, 0);
}

/// Three webhooks over two collections, one disabled and described.
fn sample_store() -> Env {
    let env = Env::new();
    add_plain(&env, "inv", "k1", "https://hooks.example.com/inv", &[]);
    add_plain(
        &env,
        "crm",
        "k1",
        "https://crm.example.com/in?src=echo3d",
        &[
            "--trigger",
            "delete",
            "--description",
            "CRM sync\nnightly",
            "--disabled",
        ],
    );
    add_plain(&env, "inv", "k2", "https://other.example.org/", &[]);
    env
}

fn export(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().arg("export").args(args).output().unwrap();
    expect_code(&out, 0);
    stdout_of(&out)
}

fn import(env: &Env, doc: &str, args: &[&str]) -> Output {
    let path = env.dir.path().join("import.json");
    std::fs::write(&path, doc).unwrap();
    env.cmd()
        .arg("import")
        .arg(&path)
        .args(args)
        .output()
        .unwrap()
}

fn secrets_by_name(env: &Env) -> Vec<(String, String, String)> {
    let listed = json_ok(env, &["list"]);
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (key, name) = (h["apiKey"].as_str().unwrap(), h["name"].as_str().unwrap());
            (
                key.to_string(),
                name.to_string(),
                env.secret_of(h["id"].as_str().unwrap()),
            )
        })
        .collect()
}

#[test]
fn export_leaves_secrets_out_unless_asked() {
    let env = sample_store();
    let secrets = secrets_by_name(&env);
    let text = export(&env, &[]);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc,
        json!({
            "version": 1,
            "apiKey": null,
            "webhooks": [
                {
                    "name": "crm", "apiKey": "k1", "url": "https://crm.example.com/in?src=echo3d",
                    "description": "CRM sync\nnightly", "triggers": ["Upload", "Delete"],
                    "enabled": false
                },
                {
                    "name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/inv",
                    "description": "", "triggers": ["Upload"], "enabled": true
                },
                {
                    "name": "inv", "apiKey": "k2", "url": "https://other.example.org/",
                    "description": "", "triggers": ["Upload"], "enabled": true
                }
            ]
        })
    );
    for (_, _, secret) in &secrets {
        assert!(!text.contains(&secret[6..]), "a secret leaks:\n{text}");
    }

    let one: Value = serde_json::from_str(&export(&env, &["--api-key", "k1"])).unwrap();
    assert_eq!(one["apiKey"], "k1");
    let names: Vec<&str> = one["webhooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["crm", "inv"]);

    let with: Value = serde_json::from_str(&export(&env, &["--with-secrets"])).unwrap();
    let exported: Vec<(String, String, String)> = with["webhooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["apiKey"].as_str().unwrap().to_string(),
                h["name"].as_str().unwrap().to_string(),
                h["secret"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected = secrets.clone();
    expected.sort();
    assert_eq!(exported, expected);
}

#[test]
fn export_to_a_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = sample_store();
    let stdout_doc = export(&env, &["--with-secrets"]);
    let path = env.dir.path().join("hooks.json");
    // Even a file that already exists, readable by all, ends up private.
    std::fs::write(&path, "old content that is much longer than nothing").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .args(["export", "--with-secrets", "--output"])
        .arg(&path)
        .output()
        .unwrap();
    expect_code(&out, 0);
    assert!(stdout_of(&out).is_empty());
    assert!(stderr_of(&out).contains("Exported 3 webhook(s)"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout_doc);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let fresh = env.dir.path().join("fresh.json");
    let out = env
        .cmd()
        .args(["export", "-o"])
        .arg(&fresh)
        .output()
        .unwrap();
    expect_code(&out, 0);
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn round_trip_reproduces_the_store_byte_for_byte() {
    let env = sample_store();
    let first = export(&env, &["--with-secrets"]);
    let empty = Env::new();
    let out = import(&empty, &first, &[]);
    expect_code(&out, 0);
    assert!(stdout_of(&out).contains("3 created, 0 updated, 0 deleted, 0 unchanged."));
    assert_eq!(export(&empty, &["--with-secrets"]), first);
    assert_eq!(export(&empty, &[]), export(&env, &[]));
    assert_eq!(secrets_by_name(&empty), secrets_by_name(&env));

    // Importing the same file twice: the second run changes nothing at all.
    let dump = empty.dump();
    let again = import(&empty, &first, &["--prune"]);
    expect_code(&again, 0);
    assert!(stdout_of(&again).contains("0 created, 0 updated, 0 deleted, 3 unchanged."));
    assert_eq!(empty.dump(), dump);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let env = sample_store();
    let doc = json!({
        "version": 1,
        "apiKey": "k1",
        "webhooks": [
            // unchanged
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/inv", "triggers": ["Upload"]},
            // new
            {"name": "erp", "apiKey": "k1", "url": "https://erp.example.com/", "triggers": ["Delete"],
             "description": "ERP"}
            // crm is missing: deleted with --prune
        ]
    })
    .to_string();
    let before = env.dump();
    let out = env
        .cmd()
        .args(["--json", "import", "--dry-run", "--prune", "-"])
        .write_stdin(doc.clone())
        .output()
        .unwrap();
    expect_code(&out, 0);
    let plan = json_of(&out);
    assert_eq!(plan["dryRun"], true);
    assert_eq!(
        plan["summary"],
        json!({"create": 1, "update": 0, "delete": 1, "unchanged": 1})
    );
    let steps: Vec<(String, String)> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["action"].as_str().unwrap().to_string(),
                format!(
                    "{}/{}",
                    s["apiKey"].as_str().unwrap(),
                    s["name"].as_str().unwrap()
                ),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("unchanged".to_string(), "k1/inv".to_string()),
            ("create".to_string(), "k1/erp".to_string()),
            ("delete".to_string(), "k1/crm".to_string()),
        ]
    );
    assert_eq!(env.dump(), before);

    // Changing a field makes an update, and the plan names the field.
    let changed = doc.replace("hooks.example.com/inv", "hooks.example.com/inv2");
    let out = env
        .cmd()
        .args(["import", "--dry-run", "-"])
        .write_stdin(changed)
        .output()
        .unwrap();
    expect_code(&out, 0);
    let text = stdout_of(&out);
    let table = table_rows(&text);
    assert_eq!(table[0], ["action", "collection", "name", "changes"]);
    assert!(table.contains(&vec![
        "update".into(),
        "k1".into(),
        "inv".into(),
        "url".into()
    ]));
    assert!(
        text.contains("Dry run, nothing written: 1 created, 1 updated, 0 deleted, 0 unchanged.")
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn import_creates_updates_and_prunes_within_the_documents_scope() {
    let env = sample_store();
    let before = secrets_by_name(&env);
    let doc = json!({
        "version": 1,
        "apiKey": "k1",
        "webhooks": [
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/v2",
             "triggers": ["Upload", "Delete"], "description": "moved"},
            {"name": "erp", "apiKey": "k1", "url": "https://erp.example.com/", "triggers": ["Delete"],
             "enabled": false}
        ]
    })
    .to_string();
    let out = import(&env, &doc, &["--prune"]);
    expect_code(&out, 0);
    let text = stdout_of(&out);
    assert!(
        text.contains("1 created, 1 updated, 1 deleted, 0 unchanged."),
        "{text}"
    );
    let table = table_rows(&text);
    assert!(table.contains(&vec![
        "update".into(),
        "k1".into(),
        "inv".into(),
        "url, description, triggers".into()
    ]));

    let after = secrets_by_name(&env);
    let names: Vec<(&str, &str)> = after
        .iter()
        .map(|(k, n, _)| (k.as_str(), n.as_str()))
        .collect();
    // k2 is outside the document's scope: kept though not in the file.
    assert_eq!(names, [("k1", "erp"), ("k1", "inv"), ("k2", "inv")]);
    // A document without secrets keeps existing ones and makes new ones.
    assert_eq!(after[1].2, before[1].2, "k1/inv keeps its secret");
    assert_eq!(after[2].2, before[2].2, "k2/inv keeps its secret");
    let fresh = &after[0].2;
    assert!(fresh.starts_with("whsec_") && standardwebhooks::Webhook::new(fresh).is_ok());
    assert!(before.iter().all(|(_, _, s)| s != fresh));
    let exported: Value = serde_json::from_str(&export(&env, &["--api-key", "k1"])).unwrap();
    assert_eq!(
        exported["webhooks"],
        json!([
            {"name": "erp", "apiKey": "k1", "url": "https://erp.example.com/", "description": "",
             "triggers": ["Delete"], "enabled": false},
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/v2",
             "description": "moved", "triggers": ["Upload", "Delete"], "enabled": true}
        ])
    );

    // A secret in the file replaces the stored one.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let with_secret = doc.replace(
        r#""description":"moved""#,
        &format!(r#""description":"moved","secret":"{secret}""#),
    );
    assert_ne!(with_secret, doc);
    let out = import(&env, &with_secret, &[]);
    expect_code(&out, 0);
    assert!(stdout_of(&out).contains("0 created, 1 updated, 0 deleted, 1 unchanged."));
    let inv_k1 = json_ok(&env, &["list", "--api-key", "k1"])[1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(env.secret_of(&inv_k1), secret);

    // A document for every collection (apiKey null) prunes everywhere.
    let everything = json!({
        "version": 1,
        "apiKey": null,
        "webhooks": [
            {"name": "inv", "apiKey": "k2", "url": "https://other.example.org/", "triggers": ["Upload"]}
        ]
    })
    .to_string();
    let out = import(&env, &everything, &["--prune"]);
    expect_code(&out, 0);
    assert!(stdout_of(&out).contains("0 created, 0 updated, 2 deleted, 1 unchanged."));
    let left = secrets_by_name(&env);
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].0.as_str(), left[0].1.as_str()), ("k2", "inv"));
    assert_eq!(left[0].2, before[2].2, "k2/inv still has its secret");
}

#[test]
fn import_reads_stdin() {
    let env = Env::new();
    let doc = json!({
        "version": 1,
        "apiKey": null,
        "webhooks": [
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/inv", "triggers": ["upload"]}
        ]
    });
    let out = env
        .cmd()
        .args(["--json", "import", "-"])
        .write_stdin(doc.to_string())
        .output()
        .unwrap();
    expect_code(&out, 0);
    let report = json_of(&out);
    assert_eq!(report["dryRun"], false);
    assert_eq!(report["steps"][0]["action"], "create");
    let listed = json_ok(&env, &["list"]);
    assert_eq!(listed[0]["name"], "inv");
    assert_eq!(listed[0]["triggers"], json!(["Upload"]));
    assert_eq!(listed[0]["enabled"], true);
}

#[test]
fn one_bad_entry_refuses_the_whole_import() {
    let env = sample_store();
    let good = |name: &str| json!({"name": name, "apiKey": "k1", "url": "https://hooks.example.com/x", "triggers": ["Upload"]});
    let with_second = |entry: Value| {
        json!({"version": 1, "apiKey": "k1", "webhooks": [good("new-one"), entry]}).to_string()
    };
    let patched = |field: &str, value: Value| {
        let mut e = good("bad-one");
        e[field] = value;
        with_second(e)
    };
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "plain http",
            patched("url", json!("http://hooks.example.com/x")),
            vec!["webhooks[1]", "\"bad-one\"", "http", "must use https"],
        ),
        (
            "a private target",
            patched("url", json!("https://127.0.0.1/x")),
            vec!["webhooks[1]", "\"bad-one\"", "127.0.0.1"],
        ),
        (
            "an unknown trigger",
            patched("triggers", json!(["Upload", "Uplaod"])),
            vec!["webhooks[1]", "\"bad-one\"", "Uplaod"],
        ),
        (
            "no trigger",
            patched("triggers", json!([])),
            vec!["webhooks[1]", "\"bad-one\"", "at least one trigger"],
        ),
        (
            "a duplicate name",
            with_second(good("new-one")),
            vec!["webhooks[1]", "\"new-one\"", "appears twice", "k1"],
        ),
        (
            "a wrong type",
            patched("enabled", json!("yes")),
            vec![
                "webhooks[1]",
                "\"bad-one\"",
                "enabled",
                "expected a boolean",
            ],
        ),
        (
            "an unknown field",
            patched("colour", json!("blue")),
            vec!["webhooks[1]", "\"bad-one\"", "unknown field `colour`"],
        ),
        (
            "a missing field",
            {
                let mut e = good("bad-one");
                e.as_object_mut().unwrap().remove("url");
                with_second(e)
            },
            vec!["webhooks[1]", "\"bad-one\"", "missing field `url`"],
        ),
        (
            "a bad secret",
            patched("secret", json!("hunter2")),
            vec!["webhooks[1]", "\"bad-one\"", "secret", "whsec_"],
        ),
        (
            "an empty name",
            patched("name", json!(" ")),
            vec!["webhooks[1]", "empty"],
        ),
        (
            "another collection",
            patched("apiKey", json!("k2")),
            vec![
                "webhooks[1]",
                "\"bad-one\"",
                "k2",
                "outside the document's collection k1",
            ],
        ),
        (
            "a newer version",
            json!({"version": 2, "apiKey": "k1", "webhooks": [], "labels": {}}).to_string(),
            vec!["format version 2", "reads version 1"],
        ),
        (
            "no version",
            json!({"apiKey": "k1", "webhooks": []}).to_string(),
            vec!["version"],
        ),
        (
            "not an object",
            "[]".to_string(),
            vec!["not an echo3d-hooks export"],
        ),
        (
            "not JSON",
            "{\"version\": 1,".to_string(),
            vec!["not JSON", "line 1"],
        ),
        (
            "trailing data",
            format!("{} {{}}", with_second(good("ok"))),
            vec!["trailing"],
        ),
    ];
    let before = env.dump();
    for (what, doc, phrases) in cases {
        for args in [&[][..], &["--prune"][..], &["--dry-run"][..]] {
            let out = import(&env, &doc, args);
            assert_eq!(
                out.status.code(),
                Some(3),
                "{what} {args:?}: stdout:\n{}\nstderr:\n{}",
                stdout_of(&out),
                stderr_of(&out)
            );
            let err = stderr_of(&out);
            for p in &phrases {
                assert!(err.contains(p), "{what}: stderr lacks {p:?}:\n{err}");
            }
            assert!(stdout_of(&out).is_empty(), "{what}");
            assert_eq!(env.dump(), before, "{what} changed the store");
        }
    }
    expect_refusal(
        &run(&env, &["import", "/no/such/file.json"]),
        3,
        &["/no/such/file.json"],
    );
    assert_eq!(env.dump(), before);
}
