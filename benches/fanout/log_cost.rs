//! Goals 3 and 4: what the delivery log costs a fan-out of N webhooks: the
//! store's growth per delivery after `VACUUM`, and the CPU of the log's
//! writer thread per delivery, as `fire -v` reports it.

use std::path::Path;

use crate::figures::{Figures, Unit, count};
use crate::process::Run;
use crate::sending::fire_all;
use crate::setup::Bench;
use crate::stats::median_f64;

struct LogRun {
    bytes_per_delivery: f64,
    /// What `fire -v` said, if it could measure its thread's CPU.
    report: Option<LogReport>,
}

/// `delivery log: N rows in M commits; CPU of its thread: X ms, Y µs a row`
pub struct LogReport {
    pub rows: usize,
    commits: usize,
    pub cpu_ms: f64,
}

pub fn measure(bench: &Bench, figures: &mut Figures) {
    let n = bench.scale.log_n;
    eprintln!(
        "delivery log: fan-outs of {n}, {} run(s)",
        bench.scale.log_reps
    );
    let runs: Vec<LogRun> = (0..bench.scale.log_reps)
        .map(|_| one_run(bench, n))
        .collect();
    println!(
        "### The delivery log of a fan-out of {} (`fire -v`, store after `VACUUM`)\n",
        count(n)
    );
    println!(
        "| run | rows | commits | CPU of the log's thread | per delivery | bytes per delivery |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for (i, run) in runs.iter().enumerate() {
        let (rows, commits, cpu, per) = match &run.report {
            Some(r) => (
                r.rows.to_string(),
                r.commits.to_string(),
                format!("{:.1} ms", r.cpu_ms),
                format!("{:.1} µs", r.cpu_ms * 1e3 / n as f64),
            ),
            None => ("?".into(), "?".into(), "unknown".into(), "unknown".into()),
        };
        println!(
            "| {} | {rows} | {commits} | {cpu} | {per} | {:.0} |",
            i + 1,
            run.bytes_per_delivery
        );
    }
    println!();
    let bytes = median_f64(runs.iter().map(|r| r.bytes_per_delivery).collect());
    let what = format!(
        "log bytes per delivery, fan-out of {} (growth after `VACUUM`)",
        count(n)
    );
    figures.add(3, what, bytes, Unit::Bytes, 256.0);
    let what = format!(
        "CPU of the log's thread per delivery, N = {} (`fire -v`)",
        count(n)
    );
    let cpu: Vec<f64> = runs
        .iter()
        .filter_map(|r| r.report.as_ref().map(|l| l.cpu_ms * 1e3 / n as f64))
        .collect();
    if cpu.is_empty() {
        figures.missing(4, what, "`fire -v` reported no CPU time", Unit::Us, 10.0);
    } else {
        figures.add(4, what, median_f64(cpu), Unit::Us, 10.0);
    }
}

fn one_run(bench: &Bench, n: usize) -> LogRun {
    let db = bench.fresh_store(n);
    let before = vacuumed_size(&db);
    std::thread::sleep(bench.scale.pause);
    let run = fire_all(bench, &db, n, &["-v"]);
    let after = vacuumed_size(&db);
    let report = parse_report(&run);
    if let Some(r) = &report {
        assert_eq!(
            r.rows, n,
            "`fire -v` reported {} rows for {n} deliveries",
            r.rows
        );
    }
    LogRun {
        bytes_per_delivery: (after as f64 - before as f64) / n as f64,
        report,
    }
}

/// The store's size after `VACUUM`: its pages, free ones gone.
fn vacuumed_size(db: &Path) -> u64 {
    let conn = rusqlite::Connection::open(db).expect("open the store");
    conn.execute_batch("VACUUM").expect("VACUUM");
    let pages: u64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("page_count");
    let size: u64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page_size");
    pages * size
}

/// Reads the line `fire -v` prints on stderr; `None` when its CPU time is
/// `unknown`. A missing or changed line fails the run.
pub fn parse_report(run: &Run) -> Option<LogReport> {
    let line = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("delivery log: "))
        .unwrap_or_else(|| panic!("`fire -v` printed no `delivery log:` line:\n{}", run.stderr));
    let unexpected = || -> ! { panic!("unexpected `delivery log:` line: {line:?}") };
    let (rows, rest) = line.split_once(" rows in ").unwrap_or_else(|| unexpected());
    let (commits, rest) = rest
        .split_once(" commits; CPU of its thread: ")
        .unwrap_or_else(|| unexpected());
    let number = |text: &str| text.trim().parse::<f64>().unwrap_or_else(|_| unexpected());
    // The log's own CPU; the thread's time reading the deliveries for the
    // run follows it and is not the log's cost.
    let cpu_ms = match rest.split_once(" ms for the log ") {
        Some((ms, _)) => number(ms),
        None if rest.trim() == "unknown" => return None,
        None => unexpected(),
    };
    Some(LogReport {
        rows: number(rows) as usize,
        commits: number(commits) as usize,
        cpu_ms,
    })
}
