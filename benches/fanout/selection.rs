//! Goal 7, kept from before: choosing the subscribed webhooks does not slow
//! with the size of the store, and a command starts fast.

use std::path::Path;
use std::time::Duration;

use crate::figures::{Figures, Unit, count};
use crate::process::tool;
use crate::setup::{API_KEY, Bench, ENTRY};
use crate::stats::median;
use crate::support::json::WebhooksDoc;

/// How many webhooks of each selection store the fired event reaches.
const SUBSCRIBED: usize = 10;

struct Timed {
    command: &'static str,
    small: Duration,
    large: Duration,
}

pub fn measure(bench: &Bench, figures: &mut Figures) {
    let (size, reps) = (bench.scale.selection_size, bench.scale.selection_reps);
    eprintln!("selection: {size} webhooks vs {SUBSCRIBED}, {reps} runs each");
    let small = bench.work().join("select-small.db");
    let large = bench.work().join("select-large.db");
    build_store(&small, SUBSCRIBED);
    build_store(&large, size);
    let dry_run = [
        "fire",
        "Upload",
        "--entry",
        ENTRY,
        "--api-key",
        API_KEY,
        "--dry-run",
    ];
    let list = ["--json", "list", "--event", "Upload"];
    let rows = [
        Timed {
            command: "fire Upload --dry-run",
            small: time(&small, &dry_run, reps, check_dry_run),
            large: time(&large, &dry_run, reps, check_dry_run),
        },
        Timed {
            command: "list --event Upload --json",
            small: time(&small, &list, reps, check_list),
            large: time(&large, &list, reps, check_list),
        },
    ];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "### Selection ({SUBSCRIBED} webhooks subscribed in both stores; medians of {reps})\n"
    );
    println!(
        "| command | {SUBSCRIBED} webhooks | {} webhooks | ratio |",
        count(size)
    );
    println!("|---|---:|---:|---:|");
    let ratio = |r: &Timed| r.large.as_secs_f64() / r.small.as_secs_f64();
    for r in &rows {
        println!(
            "| `{}` | {:.1} ms | {:.1} ms | {:.2} |",
            r.command,
            ms(r.small),
            ms(r.large),
            ratio(r)
        );
    }
    println!();
    let worst = rows
        .iter()
        .max_by(|a, b| ratio(a).total_cmp(&ratio(b)))
        .expect("two rows");
    let what = format!(
        "selection at {} webhooks over at {SUBSCRIBED} (`{}`)",
        count(size),
        worst.command
    );
    figures.add(7, what, ratio(worst), Unit::Ratio, 3.0);
    startup(bench, figures);
}

fn startup(bench: &Bench, figures: &mut Figures) {
    let reps = bench.scale.startup_reps;
    let empty = bench.work().join("empty.db");
    tool(&empty, ["list"]).expect_success();
    let list = time(&empty, &["list"], reps, |out| {
        assert!(
            out.contains("No webhooks yet"),
            "unexpected list output: {out}"
        )
    });
    let version = time(&empty, &["--version"], reps, |out| {
        assert!(
            out.starts_with("echo3d-hooks "),
            "unexpected --version output: {out}"
        )
    });
    println!(
        "### Start-up (medians of {reps})\n\n`--version`: {:.1} ms; `list` on an empty store: {:.1} ms.\n",
        version.as_secs_f64() * 1e3,
        list.as_secs_f64() * 1e3
    );
    figures.add(
        7,
        "`list` on an empty store",
        list.as_secs_f64() * 1e3,
        Unit::Ms,
        10.0,
    );
}

fn time(db: &Path, args: &[&str], reps: usize, check: fn(&str)) -> Duration {
    median(
        (0..reps)
            .map(|_| {
                let run = tool(db, args);
                run.expect_success();
                check(&run.stdout);
                run.elapsed
            })
            .collect(),
    )
}

fn check_dry_run(out: &str) {
    let expected = format!("Dry run: {SUBSCRIBED} of {SUBSCRIBED} deliveries would be sent");
    assert!(
        out.contains(&expected),
        "the dry run did not say {expected:?}"
    );
}

fn check_list(out: &str) {
    let doc: WebhooksDoc = serde_json::from_str(out).expect("list's document");
    let listed = doc.webhooks.len();
    assert_eq!(listed, SUBSCRIBED, "list --event listed {listed} webhooks");
}

/// A store of `total` webhooks in one collection, of which the first
/// `SUBSCRIBED` take Upload and the others each take one other event. The
/// tool creates the schema; the rows go in directly, as `import` would
/// resolve 100,000 host names.
fn build_store(db: &Path, total: usize) {
    tool(db, ["list"]).expect_success();
    let others = &crate::support::ALL_EVENTS[1..];
    let mut conn = rusqlite::Connection::open(db).expect("open the store");
    let tx = conn.transaction().expect("transaction");
    {
        let mut hook = tx
            .prepare(
                "INSERT INTO hooks (id, api_key, name, url, description, secret, enabled, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, '', ?5, 1, ?6, ?6)",
            )
            .expect("prepare");
        let mut trigger = tx
            .prepare("INSERT INTO hook_triggers (api_key, trigger, hook_id) VALUES (?1, ?2, ?3)")
            .expect("prepare");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        for i in 0..total {
            use base64::Engine;
            let id = format!("wh_{i:016x}");
            let key = (i as u64).to_le_bytes().repeat(4);
            let secret = format!(
                "whsec_{}",
                base64::engine::general_purpose::STANDARD.encode(key)
            );
            let event = if i < SUBSCRIBED {
                "Upload"
            } else {
                others[i % others.len()]
            };
            let (name, url) = (
                format!("hook-{i:06}"),
                format!("https://hooks.example.com/{i}"),
            );
            hook.execute(rusqlite::params![id, API_KEY, name, url, secret, now])
                .expect("insert a webhook");
            trigger
                .execute(rusqlite::params![API_KEY, event, id])
                .expect("insert a trigger");
        }
    }
    tx.commit().expect("commit");
}
