//! What `fire`, `test` and `redeliver` share: building the client, running the
//! deliveries with the log writer and signal handling, and reporting results
//! with the exit code scripts rely on.

use bytes::Bytes;
use comfy_table::Cell;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use super::Context;
use crate::address::AddressPolicy;
use crate::cli::DeliveryArgs;
use crate::deliver::log_writer::LogWriter;
use crate::deliver::{self, DeliveryOptions, Outcome, Stop, Target, client};
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::store::{DeliveryState, NewDelivery, RunRows, Store};
use crate::webhook::{self, Recipient};

/// How long deliveries in flight may still finish after Ctrl-C or SIGTERM.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(5);

/// Time limits longer than this are taken as this: it means no limit in
/// practice, and a deadline this far off cannot overflow the clock.
const LONGEST_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Most threads a run sends from, and fewest workers each one gets.
const MAX_SENDING_THREADS: usize = 4;
const MIN_WORKERS_PER_THREAD: usize = 8;

/// The progress bar appears only above this many deliveries.
const PROGRESS_THRESHOLD: usize = 5;

/// A payload bound for one webhook, not yet in the log.
pub struct Planned<'a> {
    pub hook: &'a Recipient,
    pub event: Trigger,
    pub body: Bytes,
}

/// Starts the run's log, then sends the planned deliveries; see `run_targets`.
pub fn send_new(
    ctx: &Context,
    store: &Store,
    planned: &[Planned<'_>],
    args: &DeliveryArgs,
) -> Result<()> {
    send_new_with(ctx, store, planned, args, PendingClients::start(ctx, args))
}

/// `send_new` with the clients' setup already under way.
pub fn send_new_with(
    ctx: &Context,
    store: &Store,
    planned: &[Planned<'_>],
    args: &DeliveryArgs,
    clients: PendingClients,
) -> Result<()> {
    store.require_writable()?;
    let rows: Vec<NewDelivery> = planned
        .iter()
        .zip(webhook::new_message_ids(planned.len()))
        .map(|(p, webhook_id)| NewDelivery {
            webhook_id,
            hook_id: p.hook.id.clone(),
            hook_name: p.hook.name.clone(),
            api_key: p.hook.api_key.clone(),
            url: p.hook.url.clone(),
            event: p.event,
            payload: p.body.clone(),
        })
        .collect();
    let targets = planned
        .iter()
        .zip(&rows)
        .enumerate()
        .map(|(slot, (p, row))| Target {
            slot,
            hook_id: row.hook_id.clone(),
            hook_name: row.hook_name.clone(),
            url: row.url.clone(),
            secret: p.hook.secret.clone(),
            event: p.event,
            webhook_id: row.webhook_id.clone(),
            body: p.body.clone(),
            first_attempt: 1,
        })
        .collect();
    let client = clients.wait()?;
    // The first wave is what can be on the wire before the log writer's
    // first commit; it is recorded before anything is sent.
    let run = store.start_run(rows, args.concurrency as usize)?;
    run_targets(ctx, store, client, targets, run, args)
}

/// The HTTP clients' setup under way on another thread: reading the system's
/// root certificates takes a few milliseconds, which pass while the store is
/// read and the deliveries planned.
pub struct PendingClients(std::thread::JoinHandle<Result<client::ClientSetup>>);

impl PendingClients {
    pub fn start(ctx: &Context, args: &DeliveryArgs) -> PendingClients {
        let (policy, args) = (ctx.policy, args.clone());
        PendingClients(std::thread::spawn(move || setup_clients(policy, &args)))
    }

    fn wait(self) -> Result<client::ClientSetup> {
        self.0
            .join()
            .map_err(|_| Error::Internal("setting up the HTTP client panicked".into()))?
    }
}

pub fn build_client(ctx: &Context, args: &DeliveryArgs) -> Result<client::ClientSetup> {
    setup_clients(ctx.policy, args)
}

fn setup_clients(policy: AddressPolicy, args: &DeliveryArgs) -> Result<client::ClientSetup> {
    client::setup(&client::ClientConfig {
        policy,
        connect_timeout: args.connect_timeout.min(LONGEST_LIMIT),
        ca_cert: args.ca_cert.as_deref(),
        proxy: args.proxy.as_deref(),
        pool_size: args.concurrency as usize,
    })
}

/// Sends targets (`run` holds their log rows, slot for slot), records every
/// attempt, marks what did not finish as interrupted, prints the results,
/// and maps them to the exit code: 0 all delivered, 7 any failed, 130
/// interrupted.
pub fn run_targets(
    ctx: &Context,
    store: &Store,
    clients: client::ClientSetup,
    targets: Vec<Target>,
    mut run: RunRows,
    args: &DeliveryArgs,
) -> Result<()> {
    let total = targets.len();
    debug_assert_eq!(total, run.len());
    let opts = DeliveryOptions {
        concurrency: args.concurrency as usize,
        timeout: args.timeout.min(LONGEST_LIMIT),
        retries: args.retries,
        backoff: args.backoff,
        max_retry_after: args.max_retry_after,
        policy: ctx.policy,
    };
    let (concurrency, threads) = (opts.concurrency, sending_threads(opts.concurrency, total));
    let share = |i: usize| concurrency / threads + usize::from(i < concurrency % threads);
    // Each sending thread has its own single-threaded runtime and client, so
    // that a request, its connection and its wake-ups stay on one thread: a
    // multi-threaded runtime handing them across cores spent a quarter more
    // CPU for the same throughput. They, and the log writer's connection,
    // are made before anything is sent; if one cannot be, the planned
    // deliveries end as interrupted, ready for `redeliver`, rather than
    // pending.
    let prepared = (0..threads)
        .map(|_| -> Result<_> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Internal(format!("cannot start the async runtime: {e}")))?;
            Ok((runtime, clients.client()?))
        })
        .collect::<Result<Vec<_>>>()
        .and_then(|senders| Ok((senders, store.reopen()?)));
    let (senders, log_store) = match prepared {
        Ok(prepared) => prepared,
        Err(e) => {
            let _ = store.close_unfinished(&mut run, &(0..total).collect::<Vec<_>>());
            return Err(e);
        }
    };
    drop(clients);
    let stop = Stop::default();
    let writer = LogWriter::start(log_store, run, stop.soft.clone());
    let progress = progress_bar(total);
    let queue = deliver::queue(targets);
    let opts = Arc::new(opts);
    let bar = progress.clone();
    let on_done: Arc<dyn Fn(&Outcome) + Send + Sync> = Arc::new(move |_| bar.inc(1));
    let send = |i: usize, client| {
        deliver::deliver_all(
            client,
            queue.clone(),
            share(i),
            opts.clone(),
            writer.sender(),
            stop.clone(),
            on_done.clone(),
        )
    };
    let mut senders = senders.into_iter().enumerate();
    let (_, (runtime, client)) = senders.next().expect("at least one sending thread");
    let mut outcomes = std::thread::scope(|scope| {
        let helpers: Vec<_> = senders
            .map(|(i, (runtime, client))| {
                let (done, finished) = tokio::sync::oneshot::channel();
                let sending = send(i, client);
                scope.spawn(move || {
                    let outcomes = runtime.block_on(sending);
                    // Dropping the runtime ends its tasks, and the log
                    // senders they hold, before the outcomes are handed over.
                    drop(runtime);
                    let _ = done.send(outcomes);
                });
                finished
            })
            .collect();
        let outcomes = runtime.block_on(async {
            // The signal watcher runs until every thread is done.
            let watcher = tokio::spawn(watch_signals(stop.clone()));
            let mut outcomes = send(0, client).await;
            for finished in helpers {
                // A thread that panicked sends nothing; its deliveries count
                // as lost below.
                outcomes.extend(finished.await.unwrap_or_default());
            }
            watcher.abort();
            outcomes
        });
        // Dropping the runtime ends the signal watcher and the pool's tasks,
        // so that the writer's last sender goes with them.
        drop(runtime);
        outcomes
    });
    outcomes.sort_by_key(|o| o.slot);
    progress.finish_and_clear();
    let (mut run, logged) = writer
        .finish()
        .map_err(|_| Error::Internal("the delivery log writer panicked".into()))?;
    for outcome in &mut outcomes {
        outcome.delivery_id = run.id(outcome.slot);
    }
    // A delivery with an outcome has logged its end; only the others can
    // still be pending or unwritten, and a run that finished has none.
    let unfinished: Vec<usize> = (0..total)
        .filter(|slot| outcomes.binary_search_by_key(slot, |o| o.slot).is_err())
        .collect();
    let interrupted_rows = store.close_unfinished(&mut run, &unfinished);
    report(ctx, &outcomes, total)?;
    logged?;
    interrupted_rows?;
    let failed = outcomes
        .iter()
        .filter(|o| o.state == DeliveryState::Failed)
        .count();
    if stop.soft.is_cancelled() {
        let finished = outcomes.len();
        return Err(Error::Interrupted(format!(
            "interrupted: {finished} of {total} deliveries finished ({failed} failed); the rest are \
             marked interrupted in the log (`echo3d-hooks redeliver` can send them again)"
        )));
    }
    // A delivery task that ended without an outcome hit a bug; its row is
    // marked interrupted, and the run must not pass for a success.
    let lost = total - outcomes.len();
    if lost > 0 {
        return Err(Error::Internal(format!(
            "{lost} of {total} deliveries stopped on an internal error; they are marked \
             interrupted in the log"
        )));
    }
    if failed > 0 {
        return Err(Error::DeliveryFailed(format!(
            "{failed} of {total} deliveries failed (see `echo3d-hooks deliveries --failed`)"
        )));
    }
    Ok(())
}

/// One sending thread per core, up to `MAX_SENDING_THREADS`, as long as each
/// has `MIN_WORKERS_PER_THREAD` workers and as many targets.
fn sending_threads(concurrency: usize, targets: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores
        .min(MAX_SENDING_THREADS)
        .min(concurrency / MIN_WORKERS_PER_THREAD)
        .min(targets / MIN_WORKERS_PER_THREAD)
        .max(1)
}

fn progress_bar(total: usize) -> ProgressBar {
    if total <= PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} delivered ({elapsed})") {
        bar.set_style(style);
    }
    bar
}

/// Ctrl-C or SIGTERM: stop starting deliveries at once, and abandon the
/// ones in flight after the grace period.
async fn watch_signals(stop: Stop) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return;
    };
    tokio::select! {
        _ = int.recv() => {}
        _ = term.recv() => {}
    }
    eprintln!(
        "interrupted: no new deliveries will start; waiting up to {}s for those in flight",
        INTERRUPT_GRACE.as_secs()
    );
    stop.soft.cancel();
    tokio::select! {
        _ = tokio::time::sleep(INTERRUPT_GRACE) => {}
        _ = int.recv() => {}
        _ = term.recv() => {}
    }
    stop.hard.cancel();
}

#[derive(Serialize)]
struct Summary {
    total: usize,
    succeeded: usize,
    failed: usize,
    interrupted: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    deliveries: &'a [Outcome],
    summary: Summary,
}

fn report(ctx: &Context, outcomes: &[Outcome], total: usize) -> Result<()> {
    let count = |s: DeliveryState| outcomes.iter().filter(|o| o.state == s).count();
    let summary = Summary {
        total,
        succeeded: count(DeliveryState::Succeeded),
        failed: count(DeliveryState::Failed),
        interrupted: total - count(DeliveryState::Succeeded) - count(DeliveryState::Failed),
    };
    if ctx.out.json {
        return ctx.out.print_json(&Report {
            deliveries: outcomes,
            summary,
        });
    }
    if !outcomes.is_empty() {
        let header = ["webhook", "event", "url", "result", "attempts", "duration"];
        let mut table = ctx.out.table(&header);
        let rows: Vec<[String; 6]> = outcomes
            .iter()
            .map(|o| {
                [
                    o.hook_name.clone(),
                    o.event.to_string(),
                    o.url.clone(),
                    deliver::describe(o.status, o.error.as_deref()),
                    o.attempts.to_string(),
                    format!("{} ms", o.duration_ms),
                ]
            })
            .collect();
        match crate::output::plain_table(&mut table, &header, &rows) {
            Some(text) => ctx.out.print_line(&text)?,
            None => {
                for (o, [name, event, url, result, attempts, duration]) in outcomes.iter().zip(rows)
                {
                    let ok = o.state == DeliveryState::Succeeded;
                    table.add_row(vec![
                        Cell::new(name),
                        Cell::new(event),
                        Cell::new(url),
                        ctx.out.verdict(result, ok),
                        Cell::new(attempts),
                        Cell::new(duration),
                    ]);
                }
                ctx.out.print_table(&table)?;
            }
        }
    }
    ctx.out.print_line(&format!(
        "{} delivered, {} failed, {} interrupted, of {}.",
        summary.succeeded, summary.failed, summary.interrupted, summary.total
    ))
}
