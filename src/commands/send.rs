//! What `fire`, `test` and `redeliver` share: building the client, running the
//! deliveries with the log writer and signal handling, and reporting results
//! with the exit code scripts rely on.

use bytes::Bytes;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::io::IsTerminal;
use std::time::Duration;

use super::Context;
use crate::cli::DeliveryArgs;
use crate::deliver::log_writer::LogWriter;
use crate::deliver::{self, DeliveryOptions, Outcome, Stop, Target, client};
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::store::{DeliveryState, NewDelivery, Store};
use crate::webhook::{self, Webhook};

/// How long deliveries in flight may still finish after Ctrl-C or SIGTERM.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(5);

/// Time limits longer than this are taken as this: it means no limit in
/// practice, and a deadline this far off cannot overflow the clock.
const LONGEST_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// The progress bar appears only above this many deliveries.
const PROGRESS_THRESHOLD: usize = 5;

/// A payload bound for one webhook, not yet in the log.
pub struct Planned<'a> {
    pub hook: &'a Webhook,
    pub event: Trigger,
    pub body: Bytes,
}

/// Records the planned deliveries, then sends them; see `run_targets`.
pub fn send_new(
    ctx: &Context,
    store: &Store,
    planned: &[Planned<'_>],
    args: &DeliveryArgs,
) -> Result<()> {
    store.require_writable()?;
    let client = build_client(ctx, args)?;
    let rows: Vec<NewDelivery> = planned
        .iter()
        .map(|p| NewDelivery {
            webhook_id: webhook::new_message_id(),
            hook_id: p.hook.id.clone(),
            hook_name: p.hook.name.clone(),
            api_key: p.hook.api_key.clone(),
            url: p.hook.url.clone(),
            event: p.event,
            payload: p.body.to_vec(),
        })
        .collect();
    let ids = store.create_deliveries(&rows)?;
    let targets = planned
        .iter()
        .zip(rows)
        .zip(&ids)
        .map(|((p, row), id)| Target {
            delivery_id: *id,
            hook_id: row.hook_id,
            hook_name: row.hook_name,
            url: row.url,
            secret: p.hook.secret.clone(),
            event: p.event,
            webhook_id: row.webhook_id,
            body: p.body.clone(),
            first_attempt: 1,
        })
        .collect();
    run_targets(ctx, store, client, targets, args)
}

pub fn build_client(ctx: &Context, args: &DeliveryArgs) -> Result<reqwest::Client> {
    client::build(&client::ClientConfig {
        policy: ctx.policy,
        connect_timeout: args.connect_timeout.min(LONGEST_LIMIT),
        ca_cert: args.ca_cert.as_deref(),
        proxy: args.proxy.as_deref(),
        pool_size: args.concurrency as usize,
    })
}

/// Sends targets whose log rows exist, records every attempt, marks what
/// did not finish as interrupted, prints the results, and maps them to the
/// exit code: 0 all delivered, 7 any failed, 130 interrupted.
pub fn run_targets(
    ctx: &Context,
    store: &Store,
    client: reqwest::Client,
    targets: Vec<Target>,
    args: &DeliveryArgs,
) -> Result<()> {
    let ids: Vec<i64> = targets.iter().map(|t| t.delivery_id).collect();
    let total = targets.len();
    let opts = DeliveryOptions {
        concurrency: args.concurrency as usize,
        timeout: args.timeout.min(LONGEST_LIMIT),
        retries: args.retries,
        backoff: args.backoff,
        max_retry_after: args.max_retry_after,
        policy: ctx.policy,
    };
    let stop = Stop::default();
    let writer = LogWriter::start(store.reopen()?, stop.soft.clone());
    let progress = progress_bar(total);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the async runtime: {e}")))?;
    let outcomes = runtime.block_on(async {
        let watcher = tokio::spawn(watch_signals(stop.clone()));
        let bar = progress.clone();
        let outcomes = deliver::deliver_all(
            client,
            targets,
            opts,
            writer.sender(),
            stop.clone(),
            move |_| bar.inc(1),
        )
        .await;
        watcher.abort();
        outcomes
    });
    // Dropping the runtime ends the signal watcher and the pool's tasks, so
    // that the writer's last sender goes with them.
    drop(runtime);
    progress.finish_and_clear();
    let logged = writer.finish();
    let interrupted_rows = store.mark_interrupted(&ids);
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
        let mut table = ctx
            .out
            .table(&["webhook", "event", "url", "result", "attempts", "duration"]);
        for o in outcomes {
            let ok = o.state == DeliveryState::Succeeded;
            table.add_row(vec![
                comfy_table::Cell::new(&o.hook_name),
                comfy_table::Cell::new(o.event),
                comfy_table::Cell::new(&o.url),
                ctx.out
                    .verdict(deliver::describe(o.status, o.error.as_deref()), ok),
                comfy_table::Cell::new(o.attempts),
                comfy_table::Cell::new(format!("{} ms", o.duration_ms)),
            ]);
        }
        ctx.out.print_table(&table)?;
    }
    ctx.out.print_line(&format!(
        "{} delivered, {} failed, {} interrupted, of {}.",
        summary.succeeded, summary.failed, summary.interrupted, summary.total
    ))
}
