//! Goals 1 and 2: the peak RSS of every command that reads or sends the
//! whole store, at a tenth of the goal's size and at the goal's 100,000
//! webhooks; from the two, the growth per webhook and what 1,000,000 would
//! take; and `fire`'s time per delivery at both sizes.

use std::path::Path;
use std::time::Duration;

use crate::figures::{Figures, MIB, Unit, count};
use crate::log_cost;
use crate::process::{Run, tool};
use crate::sending::{
    check_log, expect_log, expect_summary, fire_all_at, fire_args, send, send_args,
};
use crate::setup::{Bench, CONCURRENCY};
use crate::stats::{median, median_f64};
use crate::support::json::State;
use crate::support::{Reply, exit};

/// The commands measured, in the order of the table; `import` is the one
/// whose goal is 128 MiB, the others' is 64 MiB.
const COMMANDS: [&str; 10] = [
    FIRE,
    "fire --json",
    FAILING,
    "fire --concurrency 256",
    "test",
    "redeliver --failed",
    "list --json",
    "export",
    "deliveries --json --limit N",
    "import",
];
/// `fire` with the human report; `-v` adds the line on the log's cost.
const FIRE: &str = "fire -v";
/// The row that shows what concurrency costs; it has no goal of its own.
const WIDE: &str = "fire --concurrency 256";
const WIDE_CONCURRENCY: usize = 256;
/// `fire` when every receiver fails: the report then lists failures first,
/// and a run must not hold them all.
const FAILING: &str = "fire --retries 0 (every answer 500)";

/// What one store size measured.
pub struct AtSize {
    pub n: usize,
    /// Peak RSS in bytes, in the order of `COMMANDS`.
    pub rss: Vec<u64>,
    /// The median wall time of `fire` (human output), and its CPU time.
    pub fire: Duration,
    pub fire_cpu: Duration,
    pub fire_runs: usize,
    /// The CPU of the log's thread per delivery, in µs, if `-v` told it.
    pub log_cpu: Option<f64>,
}

pub fn measure(bench: &Bench) -> Vec<AtSize> {
    bench
        .scale
        .memory_sizes
        .iter()
        .map(|&n| at_size(bench, n))
        .collect()
}

fn at_size(bench: &Bench, n: usize) -> AtSize {
    eprintln!("memory: {n} webhooks");
    let (template, import) = bench.import_template(n);
    let mut rss = vec![0; COMMANDS.len()];
    let mut put = |label: &str, run: &Run| {
        let i = index(label);
        rss[i] = rss[i].max(run.peak_rss);
    };
    put("import", &import);
    put("list --json", &list(&template, n));
    put("export", &export(&template, n));
    let (mut times, mut cpu, mut log_cpu) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..bench.scale.fire_reps {
        let run = paused_fire(bench, n, CONCURRENCY, &["-v"]);
        times.push(run.elapsed);
        cpu.push(run.cpu);
        log_cpu.extend(log_cost::parse_report(&run).map(|r| r.cpu_ms * 1e3 / n as f64));
        put(FIRE, &run);
    }
    put(WIDE, &paused_fire(bench, n, WIDE_CONCURRENCY, &[]));
    put(
        "fire --json",
        &paused_fire(bench, n, CONCURRENCY, &["--json"]),
    );
    // The store of that last `fire` holds N deliveries.
    put(
        "deliveries --json --limit N",
        &deliveries(&bench.current_store(), n),
    );
    put("test", &test(bench, n));
    let (failing, redelivery) = redeliver(bench, n);
    put(FAILING, &failing);
    put("redeliver --failed", &redelivery);
    AtSize {
        n,
        rss,
        fire_runs: times.len(),
        fire: median(times),
        fire_cpu: median(cpu),
        log_cpu: (!log_cpu.is_empty()).then(|| median_f64(log_cpu)),
    }
}

/// `fire` on a fresh copy of the store, after the pause.
fn paused_fire(bench: &Bench, n: usize, concurrency: usize, extra: &[&str]) -> Run {
    let db = bench.fresh_store(n);
    std::thread::sleep(bench.scale.pause);
    fire_all_at(bench, &db, n, concurrency, extra)
}

fn list(db: &Path, n: usize) -> Run {
    let run = tool(db, ["--json", "list"]);
    run.expect_success();
    let doc: crate::support::json::WebhooksDoc = run.json();
    assert_eq!(
        doc.webhooks.len(),
        n,
        "list --json listed {} webhooks",
        doc.webhooks.len()
    );
    run
}

fn export(db: &Path, n: usize) -> Run {
    let run = tool(db, ["export"]);
    run.expect_success();
    let doc: crate::support::json::ExportDoc = run.json();
    assert_eq!(
        doc.webhooks.len(),
        n,
        "export wrote {} webhooks",
        doc.webhooks.len()
    );
    run
}

/// `deliveries --json --limit N` on a store whose log holds N deliveries.
fn deliveries(db: &Path, n: usize) -> Run {
    let run = tool(db, ["--json", "deliveries", "--limit", &n.to_string()]);
    check_log(&run, n, State::Succeeded, 1);
    run
}

/// `test` of one webhook among N: one delivery.
fn test(bench: &Bench, n: usize) -> Run {
    let db = bench.fresh_store(n);
    let run = send(
        bench,
        &db,
        send_args(bench, &["test", "bench-0"]),
        exit::OK,
        1,
    );
    expect_summary(&run, 1, 1);
    run
}

/// `redeliver --failed` of N failed deliveries: a `fire` without retries
/// to a receiver that answers 500 once on every path, then the redelivery,
/// answered 200. Returns both runs.
fn redeliver(bench: &Bench, n: usize) -> (Run, Run) {
    let db = bench.fresh_store(n);
    let paths: Vec<String> = (0..n).map(Bench::hook_path).collect();
    for path in &paths {
        bench
            .receiver
            .script(path, [Reply::Status(500), Reply::Status(200)]);
    }
    let failing = send(
        bench,
        &db,
        fire_args(bench, &["--retries", "0"]),
        exit::DELIVERY_FAILED,
        n,
    );
    expect_summary(&failing, n, 0);
    expect_log(&db, n, State::Failed, 1);
    std::thread::sleep(bench.scale.pause);
    let run = send(
        bench,
        &db,
        send_args(bench, &["redeliver", "--failed"]),
        exit::OK,
        n,
    );
    expect_summary(&run, n, n);
    expect_log(&db, n, State::Succeeded, 2);
    for path in &paths {
        bench.receiver.script(path, [Reply::Status(200)]);
    }
    (failing, run)
}

/// Prints the memory table and the projection to 1,000,000 webhooks, and
/// adds goals 1 and 2 to the figures.
pub fn report(sizes: &[AtSize], figures: &mut Figures) {
    let [small, large] = sizes else {
        panic!("memory is measured at two sizes")
    };
    print_table(small, large);
    for (i, command) in COMMANDS.iter().enumerate().filter(|(_, c)| **c != WIDE) {
        let limit = if *command == "import" { 128.0 } else { 64.0 };
        let what = format!(
            "peak RSS of {} at {} webhooks",
            label(command),
            count(large.n)
        );
        figures.add(1, what, large.rss[i] as f64 / MIB, Unit::MiB, limit);
    }
    let per_delivery = |s: &AtSize| s.fire.as_secs_f64() / s.n as f64;
    let cpu_per_delivery = |s: &AtSize| s.fire_cpu.as_secs_f64() / s.n as f64;
    for s in [small, large] {
        let log = s
            .log_cpu
            .map_or("unknown".into(), |us| format!("{us:.1} µs"));
        println!(
            "`fire` to {} webhooks (median of {}): {:.0} ms; a delivery took {:.1} µs, \
             {:.1} µs of CPU of all threads, {log} of the log's thread.  ",
            count(s.n),
            s.fire_runs,
            s.fire.as_secs_f64() * 1e3,
            per_delivery(s) * 1e6,
            cpu_per_delivery(s) * 1e6,
        );
    }
    println!();
    let what = format!(
        "`fire`: time per delivery at {} over at {} webhooks",
        count(large.n),
        count(small.n)
    );
    let ratio = per_delivery(large) / per_delivery(small);
    figures.add(2, what, ratio, Unit::Ratio, 1.2);
}

/// Below this many webhooks, a fan-out's requests in flight still grow
/// with N, so that two sizes say nothing about the growth per webhook.
const SIZE_FOR_PROJECTION: usize = 1_000;

fn print_table(small: &AtSize, large: &AtSize) {
    let mib = |bytes: f64| bytes / MIB;
    let growth = |i: usize| {
        let grown = large.rss[i] as f64 - small.rss[i] as f64;
        (grown / (large.n - small.n) as f64).max(0.0)
    };
    let large_enough = small.n >= SIZE_FOR_PROJECTION;
    let projected = |i: usize| {
        let bytes = large.rss[i] as f64 + growth(i) * (1_000_000 - large.n) as f64;
        large_enough.then(|| {
            (
                format!("{:.0} B", growth(i)),
                format!("{:.0} MiB", mib(bytes)),
            )
        })
    };
    println!("### Memory: peak RSS by store size (concurrency {CONCURRENCY} unless said)\n");
    println!(
        "| command | {} webhooks | {} webhooks | growth per webhook | 1,000,000 on paper |",
        count(small.n),
        count(large.n)
    );
    println!("|---|---:|---:|---:|---:|");
    for (i, command) in COMMANDS.iter().enumerate() {
        let (growth, at_million) = projected(i).unwrap_or(("—".into(), "—".into()));
        println!(
            "| {} | {:.1} MiB | {:.1} MiB | {growth} | {at_million} |",
            label(command),
            mib(small.rss[i] as f64),
            mib(large.rss[i] as f64),
        );
    }
    let (wide, fire) = (index(WIDE), index(FIRE));
    let per_slot =
        (large.rss[wide] as f64 - large.rss[fire] as f64) / (WIDE_CONCURRENCY - CONCURRENCY) as f64;
    println!(
        "\nThe projection adds the growth per webhook between the two sizes (at least 0) for \
         each webhook past {}. Growth with concurrency: {:.1} KiB per request in flight \
         (`--concurrency` {WIDE_CONCURRENCY} vs {CONCURRENCY}, at {} webhooks).\n",
        count(large.n),
        per_slot / 1024.0,
        count(large.n)
    );
}

/// A command in code type, and what follows it in brackets not.
fn label(command: &str) -> String {
    match command.split_once(" (") {
        Some((command, note)) => format!("`{command}` ({note}"),
        None => format!("`{command}`"),
    }
}

fn index(command: &str) -> usize {
    COMMANDS
        .iter()
        .position(|c| *c == command)
        .expect("a known command")
}
