//! One run's threads: the log writer, one sending thread per core (each
//! with its own runtime and client), and the calling thread, which watches
//! for Ctrl-C and SIGTERM and hands each outcome to the caller.

use std::sync::Arc;
use std::time::Duration;

use super::client::{self, ClientConfig, ClientSetup};
use super::delivery::Queued;
use super::log_writer::{self, Channels, LogSender, LogStats, QUEUE_AHEAD, WriterEnd};
use super::sending::send_all;
use super::source::DeliverySource;
use super::{DeliveryOptions, RunEvent, Stop};
use crate::error::{Error, Result};
use crate::runtime;
use crate::store::{DeliveryState, Store};

/// How long deliveries in flight may still finish after Ctrl-C or SIGTERM.
pub const INTERRUPT_GRACE: Duration = Duration::from_secs(5);

/// Time limits longer than this are taken as this: it means no limit in
/// practice, and a deadline this far off cannot overflow the clock.
const LONGEST_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Most threads a run sends from, and fewest workers each one gets.
const MAX_SENDING_THREADS: usize = 4;
const MIN_WORKERS_PER_THREAD: usize = 8;

/// What a run came to: every delivery counted once, by how it ended.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    /// Deliveries that matched but cannot be sent (and were not counted).
    pub skipped: usize,
    /// Deliveries lost to a bug in a sending task.
    pub lost: usize,
    /// Whether Ctrl-C or SIGTERM stopped the run.
    pub signalled: bool,
    pub log_error: Option<Error>,
    pub log: LogStats,
}

impl RunSummary {
    fn count(&mut self, event: &RunEvent) {
        match event {
            RunEvent::Finished(o) => {
                self.total += 1;
                match o.state {
                    DeliveryState::Succeeded => self.succeeded += 1,
                    DeliveryState::Failed => self.failed += 1,
                    DeliveryState::Pending | DeliveryState::Interrupted => self.interrupted += 1,
                }
            }
            RunEvent::Skipped(_) => self.skipped += 1,
        }
    }
}

/// Sends every delivery of `source`, recording each attempt, and calls
/// `on_event` on this thread as each one ends. Refuses at once, before
/// anything is recorded, a store it cannot write and a bad CA file or proxy.
pub fn run(
    store: &Store,
    opts: &DeliveryOptions,
    source: Box<dyn DeliverySource>,
    on_event: &mut dyn FnMut(RunEvent),
) -> Result<RunSummary> {
    store.require_writable()?;
    let mut opts = opts.clone();
    opts.timeout = opts.timeout.min(LONGEST_LIMIT);
    opts.connect_timeout = opts.connect_timeout.min(LONGEST_LIMIT);
    let clients = client::start(&ClientConfig {
        policy: opts.policy,
        connect_timeout: opts.connect_timeout,
        ca_cert: opts.ca_cert.as_deref(),
        proxy: opts.proxy.as_deref(),
        pool_size: opts.concurrency,
    })?;
    let runtime = runtime::current_thread()?;
    // The signal handlers are in place before the first row is written, so
    // that no Ctrl-C can leave rows pending.
    let mut interrupts = runtime.block_on(async { Interrupts::install() })?;
    let threads = sending_threads(opts.concurrency, source.size_hint());
    let stop = Stop::default();
    let (queue, taken) = async_channel::bounded(QUEUE_AHEAD);
    let (events, mut events_rx) = tokio::sync::mpsc::unbounded_channel();
    let channels = Channels {
        queue,
        taken: taken.clone(),
        events,
    };
    let first_chunk = opts.concurrency.min(QUEUE_AHEAD);
    let (log, writer) =
        log_writer::start(store.reopen()?, source, first_chunk, channels, stop.clone());
    let mut summary = RunSummary::default();
    let opts = Arc::new(opts);
    let setup = std::thread::scope(|scope| {
        let pool = Pool {
            opts: &opts,
            queue: &taken,
            log: &log,
            stop: &stop,
        };
        let setup = clients
            .finish()
            .and_then(|c| pool.start(scope, &c, threads));
        // Without clients nothing is sent: once the log's last sender is
        // gone, the writer ends every delivery as interrupted.
        if setup.is_err() {
            stop.soft.cancel();
        }
        drop((log, taken));
        runtime.block_on(async {
            loop {
                tokio::select! {
                    event = events_rx.recv() => match event {
                        Some(event) => {
                            summary.count(&event);
                            on_event(event);
                        }
                        None => break,
                    },
                    () = interrupts.next(&stop) => summary.signalled = true,
                }
            }
        });
        setup
    });
    let WriterEnd { lost, error, stats } = writer
        .join()
        .map_err(|_| Error::Internal("the delivery log writer panicked".into()))?;
    setup?;
    summary.lost = lost;
    summary.log_error = error;
    summary.log = stats;
    Ok(summary)
}

/// What every sending thread shares.
struct Pool<'a> {
    opts: &'a Arc<DeliveryOptions>,
    queue: &'a async_channel::Receiver<Queued>,
    log: &'a LogSender,
    stop: &'a Stop,
}

impl Pool<'_> {
    /// Starts `threads` sending threads in `scope`, the workers shared out
    /// between them.
    fn start<'s>(
        &self,
        scope: &'s std::thread::Scope<'s, '_>,
        clients: &ClientSetup,
        threads: usize,
    ) -> Result<()> {
        let concurrency = self.opts.concurrency;
        let share = |i: usize| concurrency / threads + usize::from(i < concurrency % threads);
        for (i, (runtime, client)) in senders(clients, threads)?.into_iter().enumerate() {
            let sending = send_all(
                client,
                self.queue.clone(),
                share(i),
                self.opts.clone(),
                self.log.clone(),
                self.stop.clone(),
            );
            // A sending thread that panics must not take the run down: the
            // writer ends the deliveries it had as lost.
            scope.spawn(move || {
                let sent = std::panic::AssertUnwindSafe(|| runtime.block_on(sending));
                let _ = std::panic::catch_unwind(sent);
            });
        }
        Ok(())
    }
}

/// Each sending thread has its own single-threaded runtime and client, so
/// that a request, its connection and its wake-ups stay on one thread: a
/// multi-threaded runtime hands them across cores, which costs noticeably more
/// CPU for the same throughput.
fn senders(
    clients: &ClientSetup,
    threads: usize,
) -> Result<Vec<(tokio::runtime::Runtime, reqwest::Client)>> {
    (0..threads)
        .map(|_| Ok((runtime::current_thread()?, clients.client()?)))
        .collect()
}

/// One sending thread per core, up to `MAX_SENDING_THREADS`, as long as each
/// has `MIN_WORKERS_PER_THREAD` workers and as many deliveries.
fn sending_threads(concurrency: usize, deliveries: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores
        .min(MAX_SENDING_THREADS)
        .min(concurrency / MIN_WORKERS_PER_THREAD)
        .min(deliveries.unwrap_or(usize::MAX) / MIN_WORKERS_PER_THREAD)
        .max(1)
}

/// Ctrl-C and SIGTERM: the first stops starting deliveries at once; the
/// ones in flight are abandoned after the grace period or at a second signal.
struct Interrupts {
    signals: runtime::Signals,
    grace: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl Interrupts {
    fn install() -> Result<Interrupts> {
        Ok(Interrupts {
            signals: runtime::Signals::install()?,
            grace: None,
        })
    }

    /// Waits for the next thing that changes how the run stops, and acts on
    /// it; never returns once the run is stopped hard.
    async fn next(&mut self, stop: &Stop) {
        if stop.hard.is_cancelled() {
            return std::future::pending().await;
        }
        let grace_over = async {
            match &mut self.grace {
                Some(grace) => grace.as_mut().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = self.signals.next() => {}
            () = grace_over => {
                stop.hard.cancel();
                return;
            }
        }
        if stop.soft.is_cancelled() && self.grace.is_some() {
            stop.hard.cancel();
            return;
        }
        eprintln!(
            "interrupted: no new deliveries will start; waiting up to {}s for those in flight",
            INTERRUPT_GRACE.as_secs()
        );
        stop.soft.cancel();
        self.grace = Some(Box::pin(tokio::time::sleep(INTERRUPT_GRACE)));
    }
}
