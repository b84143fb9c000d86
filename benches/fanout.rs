//! The performance benchmark: `cargo bench --bench fanout` (add `-- --quick`
//! for the short run CI does). It prints markdown tables; every figure comes
//! from this one run, and the goals are ratios because absolute times drift
//! on small shared machines.
//!
//! 1. Fan-out: `fire Upload` to N hooks on one local TLS receiver, timed as a
//!    whole process, against a bare in-process reqwest client posting the same
//!    N bodies at the same concurrency over the same TLS setup.
//! 2. Selection: `fire --dry-run` and `list --event --json` on a store of
//!    100,000 hooks (10 subscribed) against a store of 10 hooks.
//! 3. Start-up: `--version` and `list` on an empty store.
//!
//! Nothing here asserts on time; every run asserts that the work was done
//! (receiver counts, the delivery log's rows, the listed hooks).

#[path = "../tests/support/mod.rs"]
mod support;

use bytes::Bytes;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::json::{DeliveriesDoc, DryRunDoc, State, WebhooksDoc};
use support::{Receiver, sending};
const API_KEY: &str = "bench-collection";
const ENTRY: &str = "bench-entry";
/// The tool's default `--concurrency`, and the higher setting also measured.
const CONCURRENCIES: [usize; 2] = [32, 64];
const MIB: f64 = 1024.0 * 1024.0;

/// How much work one run does: the full run, or the quick one CI uses to
/// keep the benchmark from rotting.
struct Scale {
    fanout_sizes: &'static [usize],
    fanout_reps: fn(usize) -> usize,
    selection_size: usize,
    selection_reps: usize,
    startup_reps: usize,
}

const FULL: Scale = Scale {
    fanout_sizes: &[100, 1_000, 10_000],
    // Medians of several runs: on a shared 2-core machine one run can be off
    // by a third.
    fanout_reps: |n| if n <= 1_000 { 7 } else { 5 },
    selection_size: 100_000,
    selection_reps: 11,
    startup_reps: 21,
};

const QUICK: Scale = Scale {
    fanout_sizes: &[100],
    fanout_reps: |_| 2,
    selection_size: 1_000,
    selection_reps: 3,
    startup_reps: 5,
};

fn main() {
    // `cargo bench` passes `--bench`; only `--quick` means anything here.
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = if quick { &QUICK } else { &FULL };
    let work = tempfile::tempdir().expect("temp dir");
    let receiver = Receiver::start_counting();
    let runtime = tokio::runtime::Runtime::new().expect("baseline runtime");

    println!(
        "## echo3d-hooks benchmark{}\n",
        if quick { " (quick)" } else { "" }
    );
    println!("Machine: {}\n", machine());
    let fanout: Vec<FanoutRow> = scale
        .fanout_sizes
        .iter()
        .flat_map(|&n| fanout(work.path(), &receiver, &runtime, n, (scale.fanout_reps)(n)))
        .collect();
    print_fanout(&fanout);
    let selection = selection(work.path(), scale);
    print_selection(&selection, scale.selection_size);
    let startup = startup(work.path(), scale.startup_reps);
    print_startup(&startup, scale.startup_reps);
    let full_selection = scale.selection_size == FULL.selection_size;
    print_goals(&fanout, full_selection.then_some(&selection[..]), &startup);
}

// ---------------------------------------------------------------- fan-out

struct FanoutRow {
    n: usize,
    concurrency: usize,
    tool: Duration,
    /// User and system CPU time of the tool process.
    tool_cpu: Duration,
    baseline: Duration,
    peak_rss: u64,
    import: Duration,
}

impl FanoutRow {
    fn ratio(&self) -> f64 {
        self.tool.as_secs_f64() / self.baseline.as_secs_f64()
    }
}

fn fanout(
    work: &Path,
    receiver: &Receiver,
    runtime: &tokio::runtime::Runtime,
    n: usize,
    reps: usize,
) -> Vec<FanoutRow> {
    eprintln!("fan-out: N = {n}, {reps} run(s) per setting");
    let paths: Vec<String> = (0..n).map(|i| format!("hook/{i}")).collect();
    let template = work.join(format!("fanout-{n}.db"));
    let import = import_hooks(work, &template, receiver, &paths);
    let body = payload_body(&template);
    let urls: Vec<String> = paths.iter().map(|p| receiver.url(p)).collect();
    CONCURRENCIES
        .iter()
        .map(|&concurrency| {
            let mut tool = Vec::new();
            let mut tool_cpu = Vec::new();
            let mut baseline = Vec::new();
            let mut peak_rss = 0;
            // Alternating the two keeps slow drift of the machine from
            // favouring either side.
            for _ in 0..reps {
                let run = fire(work, &template, receiver, n, concurrency);
                tool.push(run.elapsed);
                tool_cpu.push(run.cpu);
                peak_rss = peak_rss.max(run.peak_rss);
                baseline.push(bare_client(runtime, receiver, &urls, &body, concurrency));
            }
            FanoutRow {
                n,
                concurrency,
                tool: median(tool),
                tool_cpu: median(tool_cpu),
                baseline: median(baseline),
                peak_rss,
                import,
            }
        })
        .collect()
}

/// Creates a store holding one enabled Upload hook per path, all on the
/// receiver, through `import` (the way an operator would load many).
fn import_hooks(work: &Path, db: &Path, receiver: &Receiver, paths: &[String]) -> Duration {
    let hooks: Vec<serde_json::Value> = paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            serde_json::json!({
                "name": format!("bench-{i}"),
                "apiKey": API_KEY,
                "url": receiver.url(path),
                "triggers": ["Upload"],
            })
        })
        .collect();
    let doc = serde_json::json!({ "version": 1, "apiKey": API_KEY, "webhooks": hooks });
    let file = work.join("import.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).expect("write the import document");
    let run = tool(db, [OsStr::new("import"), file.as_os_str()]);
    run.expect_success("import");
    run.elapsed
}

/// The exact body `fire` sends, taken from its dry run.
fn payload_body(db: &Path) -> Bytes {
    let run = tool(db, fire_args(&["--json", "--dry-run"]));
    run.expect_success("fire --dry-run");
    let doc: DryRunDoc = serde_json::from_str(&run.stdout).expect("a dry run's document");
    Bytes::from(doc.deliveries[0].body.clone())
}

fn fire_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["fire", "Upload", "--entry", ENTRY, "--api-key", API_KEY];
    args.extend_from_slice(extra);
    args
}

/// One `fire` on a fresh copy of the store, so that a growing delivery log
/// does not slow later runs; checks that all N arrived and were logged.
fn fire(work: &Path, template: &Path, receiver: &Receiver, n: usize, concurrency: usize) -> Run {
    let db = fresh_copy(work, template);
    let before = receiver.count();
    let flags = sending(receiver).concurrency(concurrency).args();
    let mut args: Vec<&OsStr> = fire_args(&[]).into_iter().map(OsStr::new).collect();
    args.extend(flags.iter().map(|a| a.as_os_str()));
    let run = tool(&db, args);
    run.expect_success("fire");
    let received = receiver.count() - before;
    assert_eq!(received, n, "the receiver got {received} of {n} deliveries");
    let summary = format!("{n} delivered, 0 failed, 0 interrupted, of {n}.");
    assert!(
        run.stdout.trim_end().ends_with(&summary),
        "fire did not report {summary:?}"
    );
    let logged = tool(&db, ["--json", "deliveries", "--limit", &n.to_string()]);
    logged.expect_success("deliveries");
    let log: DeliveriesDoc = serde_json::from_str(&logged.stdout).expect("the log's document");
    let succeeded = log
        .deliveries
        .iter()
        .filter(|d| d.state == State::Succeeded && d.attempts == 1 && d.status == Some(200))
        .count();
    assert_eq!(
        succeeded, n,
        "the delivery log holds {succeeded} deliveries that succeeded at once, not {n}"
    );
    run
}

fn fresh_copy(work: &Path, template: &Path) -> PathBuf {
    let db = work.join("run.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(template, &db).expect("copy the store");
    assert!(
        !Path::new(&format!("{}-wal", template.display())).exists(),
        "the template store still has a WAL file; a plain copy would miss rows"
    );
    db
}

/// The baseline: what the network part of a fan-out costs with nothing
/// else — the same TLS setup (rustls with ring, the receiver's CA, HTTP/1.1),
/// a fixed pool of `concurrency` workers, no store and no signing.
fn bare_client(
    runtime: &tokio::runtime::Runtime,
    receiver: &Receiver,
    urls: &[String],
    body: &Bytes,
    concurrency: usize,
) -> Duration {
    let before = receiver.count();
    let started = Instant::now();
    let client = baseline_client(receiver.ca_path(), concurrency);
    let next = Arc::new(AtomicUsize::new(0));
    let urls: Arc<[String]> = urls.into();
    let ok = runtime.block_on(async {
        let workers: Vec<_> = (0..concurrency.min(urls.len()))
            .map(|_| {
                let (client, next, urls, body) =
                    (client.clone(), next.clone(), urls.clone(), body.clone());
                tokio::spawn(async move {
                    let mut ok = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(url) = urls.get(i) else { break };
                        let response = client
                            .post(url)
                            .header("content-type", "application/json")
                            .body(body.clone())
                            .send()
                            .await
                            .expect("baseline request");
                        let status = response.status();
                        response.bytes().await.expect("baseline response body");
                        ok += usize::from(status.is_success());
                    }
                    ok
                })
            })
            .collect();
        let mut ok = 0;
        for w in workers {
            ok += w.await.expect("baseline worker");
        }
        ok
    });
    let elapsed = started.elapsed();
    let n = urls.len();
    assert_eq!(ok, n, "the baseline got {ok} successes of {n}");
    assert_eq!(
        receiver.count() - before,
        n,
        "the receiver missed baseline posts"
    );
    elapsed
}

fn baseline_client(ca: &Path, concurrency: usize) -> reqwest::Client {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).expect("read the CA") {
        roots.add(cert.expect("PEM")).expect("trust the CA");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .tcp_nodelay(true)
        .no_proxy()
        .build()
        .expect("baseline client")
}

// -------------------------------------------------------------- selection

struct SelectionRow {
    command: &'static str,
    small: Duration,
    large: Duration,
}

impl SelectionRow {
    fn ratio(&self) -> f64 {
        self.large.as_secs_f64() / self.small.as_secs_f64()
    }
}

/// How many hooks of each selection store the fired event reaches.
const SUBSCRIBED: usize = 10;

fn selection(work: &Path, scale: &Scale) -> Vec<SelectionRow> {
    eprintln!(
        "selection: {} hooks vs {SUBSCRIBED}, {} runs each",
        scale.selection_size, scale.selection_reps
    );
    let small = work.join("select-small.db");
    let large = work.join("select-large.db");
    let started = Instant::now();
    build_selection_store(&small, SUBSCRIBED);
    build_selection_store(&large, scale.selection_size);
    eprintln!("  stores built in {:.1} s", started.elapsed().as_secs_f64());
    let dry_run = fire_args(&["--dry-run"]);
    let list = ["--json", "list", "--event", "Upload"];
    let time = |db: &Path, args: &[&str], check: fn(&str)| {
        median(
            (0..scale.selection_reps)
                .map(|_| {
                    let run = tool(db, args);
                    run.expect_success(&args.join(" "));
                    check(&run.stdout);
                    run.elapsed
                })
                .collect(),
        )
    };
    let dry_run_check: fn(&str) = |out| {
        let expected = format!("Dry run: {SUBSCRIBED} of {SUBSCRIBED} deliveries would be sent");
        assert!(out.contains(&expected), "dry run did not say {expected:?}");
    };
    let list_check: fn(&str) = |out| {
        let doc: WebhooksDoc = serde_json::from_str(out).expect("list's document");
        let listed = doc.webhooks.len();
        assert_eq!(listed, SUBSCRIBED, "list --event listed {listed} hooks");
    };
    vec![
        SelectionRow {
            command: "fire Upload --dry-run",
            small: time(&small, &dry_run, dry_run_check),
            large: time(&large, &dry_run, dry_run_check),
        },
        SelectionRow {
            command: "list --event Upload --json",
            small: time(&small, &list, list_check),
            large: time(&large, &list, list_check),
        },
    ]
}

/// A store of `total` hooks in one collection, of which the first
/// `SUBSCRIBED` take Upload and the others each take one other event. The
/// tool creates the schema; the rows go in directly, as import would be slow
/// to check 100,000 URLs and hit its document size limit.
fn build_selection_store(db: &Path, total: usize) {
    tool(db, ["list"]).expect_success("list (creating the store)");
    let others = [
        "Processed",
        "Edit",
        "Delete",
        "CollectionMetadataAdd",
        "CollectionMetadataRemove",
        "AssetMetadataAdd",
        "AssetMetadataRemove",
        "AssetStatusUpdate",
    ];
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
            .unwrap()
            .as_millis() as i64;
        for i in 0..total {
            use base64::Engine;
            let id = format!("wh_{i:016x}");
            let secret = format!(
                "whsec_{}",
                base64::engine::general_purpose::STANDARD
                    .encode((i as u64).to_le_bytes().repeat(4))
            );
            let event = if i < SUBSCRIBED {
                "Upload"
            } else {
                others[i % others.len()]
            };
            hook.execute(rusqlite::params![
                id,
                API_KEY,
                format!("hook-{i:06}"),
                format!("https://hooks.example.com/{i}"),
                secret,
                now
            ])
            .expect("insert hook");
            trigger
                .execute(rusqlite::params![API_KEY, event, id])
                .expect("insert trigger");
        }
    }
    tx.commit().expect("commit");
}

// --------------------------------------------------------------- start-up

struct StartupRow {
    command: &'static str,
    median: Duration,
}

fn startup(work: &Path, reps: usize) -> Vec<StartupRow> {
    eprintln!("start-up: {reps} runs each");
    let empty = work.join("empty.db");
    tool(&empty, ["list"]).expect_success("list (creating the store)");
    let time = |args: &[&str], check: fn(&str)| {
        median(
            (0..reps)
                .map(|_| {
                    let run = tool(&empty, args);
                    run.expect_success(&args.join(" "));
                    check(&run.stdout);
                    run.elapsed
                })
                .collect(),
        )
    };
    vec![
        StartupRow {
            command: "--version",
            median: time(&["--version"], |out| {
                assert!(
                    out.starts_with("echo3d-hooks "),
                    "unexpected --version output"
                )
            }),
        },
        StartupRow {
            command: "list (empty store)",
            median: time(&["list"], |out| {
                assert!(out.contains("No webhooks yet"), "unexpected list output")
            }),
        },
    ]
}

// ---------------------------------------------------- running the binary

/// One finished run of the tool.
struct Run {
    elapsed: Duration,
    /// The child's peak resident set, in bytes.
    peak_rss: u64,
    /// The child's user and system CPU time.
    cpu: Duration,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn expect_success(&self, what: &str) {
        assert_eq!(
            self.code,
            Some(0),
            "`echo3d-hooks {what}` failed; stderr:\n{}",
            self.stderr
        );
    }
}

/// Runs `echo3d-hooks --db DB --allow-private-targets ARGS` with an empty
/// environment (no developer settings leak in), timing it from spawn to
/// exit and taking its peak RSS from `wait4`.
fn tool<I, S>(db: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out_dir = tempfile::tempdir().expect("temp dir");
    let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
    let started = Instant::now();
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, which also yields the child's own rusage"
    )]
    let child = Command::new(support::bin())
        .env_clear()
        .arg("--db")
        .arg(db)
        .arg("--allow-private-targets")
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("spawn echo3d-hooks");
    let (status, usage) = wait4(child.id() as libc::pid_t);
    let elapsed = started.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        elapsed,
        // Linux reports ru_maxrss in KiB.
        peak_rss: usage.ru_maxrss as u64 * 1024,
        cpu: cpu_time(&usage.ru_utime) + cpu_time(&usage.ru_stime),
        code,
        stdout: std::fs::read_to_string(&out_path).expect("read stdout"),
        stderr: std::fs::read_to_string(&err_path).expect("read stderr"),
    }
}

/// Reaps one child and returns its wait status and resource usage (its own,
/// not that of every child so far, which `getrusage` would merge).
fn wait4(pid: libc::pid_t) -> (libc::c_int, libc::rusage) {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills both out-parameters.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return (status, usage);
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "wait4: {err}");
    }
}

fn cpu_time(t: &libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores, {}", std::env::consts::OS)
}

// --------------------------------------------------------------- reports

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn print_fanout(rows: &[FanoutRow]) {
    println!("### Fan-out (`fire Upload`, whole process, median)\n");
    println!(
        "| N | concurrency | tool ms | tool deliveries/s | baseline ms | baseline deliveries/s \
         | ratio tool/baseline | tool CPU ms | peak RSS of fire (MiB) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let rate = |d: Duration| r.n as f64 / d.as_secs_f64();
        println!(
            "| {} | {} | {} | {:.0} | {} | {:.0} | {:.2} | {} | {:.1} |",
            r.n,
            r.concurrency,
            ms(r.tool),
            rate(r.tool),
            ms(r.baseline),
            rate(r.baseline),
            r.ratio(),
            ms(r.tool_cpu),
            r.peak_rss as f64 / MIB
        );
    }
    let imports: Vec<String> = rows
        .iter()
        .filter(|r| r.concurrency == CONCURRENCIES[0])
        .map(|r| format!("N = {}: {} ms", r.n, ms(r.import)))
        .collect();
    println!("\n`import` of the hooks: {}.\n", imports.join(", "));
}

fn print_selection(rows: &[SelectionRow], size: usize) {
    println!("### Selection (median; {SUBSCRIBED} hooks subscribed in both stores)\n");
    println!("| command | {SUBSCRIBED} hooks ms | {size} hooks ms | ratio |");
    println!("|---|---:|---:|---:|");
    for r in rows {
        println!(
            "| `{}` | {} | {} | {:.2} |",
            r.command,
            ms(r.small),
            ms(r.large),
            r.ratio()
        );
    }
    println!();
}

fn print_startup(rows: &[StartupRow], reps: usize) {
    println!("### Start-up (median of {reps} runs)\n");
    println!("| command | ms |");
    println!("|---|---:|");
    for r in rows {
        println!("| `{}` | {} |", r.command, ms(r.median));
    }
    println!();
}

/// `selection` is `None` when the large store was not the full 100,000.
fn print_goals(fanout: &[FanoutRow], selection: Option<&[SelectionRow]>, startup: &[StartupRow]) {
    let worst_ratio = |n: usize| {
        fanout
            .iter()
            .filter(|r| r.n == n)
            .map(FanoutRow::ratio)
            .reduce(f64::max)
    };
    let rss = fanout
        .iter()
        .filter(|r| r.n == 10_000)
        .map(|r| r.peak_rss as f64 / MIB)
        .reduce(f64::max);
    let selection_ratio =
        selection.and_then(|s| s.iter().map(SelectionRow::ratio).reduce(f64::max));
    let list_ms = startup
        .iter()
        .find(|r| r.command.starts_with("list"))
        .map(|r| r.median.as_secs_f64() * 1000.0);
    println!("### Goals\n");
    println!("| figure | goal | measured | met |");
    println!("|---|---:|---:|---|");
    let goal = |figure: &str, limit: f64, unit: &str, value: Option<f64>| match value {
        Some(v) => println!(
            "| {figure} | ≤ {limit}{unit} | {v:.2}{unit} | {} |",
            if v <= limit { "yes" } else { "no" }
        ),
        None => println!("| {figure} | ≤ {limit}{unit} | not measured (quick mode) | |"),
    };
    goal(
        "fan-out ratio tool/baseline, N = 1,000 (worst concurrency)",
        1.3,
        "",
        worst_ratio(1_000),
    );
    goal(
        "fan-out ratio tool/baseline, N = 10,000 (worst concurrency)",
        1.3,
        "",
        worst_ratio(10_000),
    );
    goal("peak RSS of `fire` at N = 10,000", 48.0, " MiB", rss);
    goal(
        "selection at 100,000 hooks vs 10 (worst command)",
        3.0,
        "×",
        selection_ratio,
    );
    goal("`list` on an empty store, median", 10.0, " ms", list_ms);
}
