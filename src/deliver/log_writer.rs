//! The delivery log's single writer. It first records the run's remaining
//! rows, in chunks, ahead of the deliveries, which each wait for their row
//! (`RowGate`). Delivery tasks hand it entries over a channel; it gathers
//! them for a moment and commits them in one transaction, so a fan-out of
//! thousands costs a few dozen commits, not one per attempt, while each
//! attempt still reaches the disk moments after it finishes. `finish` cuts
//! the last moment short.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::store::{LogEntry, RunRows, Store};

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 2048;

/// Rows recorded per transaction ahead of the deliveries: a few
/// milliseconds of writing, which stays well ahead of the sending.
const ROWS_PER_CHUNK: usize = 512;

/// How long the writer gathers entries once one has arrived. Woken for every
/// entry, it committed one or two at a time, and on two cores those commits
/// took the CPU that the deliveries (and a local receiver) needed. A process
/// killed outright loses at most this much of its log.
const BATCH_WINDOW: Duration = Duration::from_millis(10);

/// The log as delivery tasks see it.
#[derive(Clone)]
pub struct LogSender {
    entries: mpsc::Sender<LogEntry>,
    rows: Arc<RowGate>,
}

impl LogSender {
    /// Queues an entry; if the writer has stopped on an error, the entry is
    /// dropped here and the error is reported by `LogWriter::finish`.
    pub fn send(&self, entry: LogEntry) {
        let _ = self.entries.send(entry);
    }

    /// Waits until the delivery at `slot` has its row in the log: true, or
    /// false when the log cannot be written and it must not be sent.
    pub async fn row_recorded(&self, slot: usize) -> bool {
        self.rows.wait_for(slot).await
    }
}

/// How many of the run's deliveries, from the first, have their rows in
/// the log. A delivery's first request waits until its row is committed, so
/// that no request ever leaves without a trace in the log.
struct RowGate {
    recorded: AtomicUsize,
    failed: AtomicBool,
    changed: tokio::sync::Notify,
}

impl RowGate {
    fn new(recorded: usize) -> RowGate {
        RowGate {
            recorded: AtomicUsize::new(recorded),
            failed: AtomicBool::new(false),
            changed: tokio::sync::Notify::new(),
        }
    }

    fn advance(&self, recorded: usize) {
        self.recorded.store(recorded, Ordering::Release);
        self.changed.notify_waiters();
    }

    fn fail(&self) {
        self.failed.store(true, Ordering::Release);
        self.changed.notify_waiters();
    }

    async fn wait_for(&self, slot: usize) -> bool {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            // Registered before the check, so that no advance is missed.
            changed.as_mut().enable();
            if self.recorded.load(Ordering::Acquire) > slot {
                return true;
            }
            if self.failed.load(Ordering::Acquire) {
                return false;
            }
            changed.await;
        }
    }
}

struct ReleaseOnExit(Arc<RowGate>);

impl Drop for ReleaseOnExit {
    fn drop(&mut self) {
        self.0.fail();
    }
}

pub struct LogWriter {
    sender: LogSender,
    handle: JoinHandle<(RunRows, Result<()>)>,
}

impl LogWriter {
    /// Starts the writer on its own connection to the store, for the
    /// deliveries of `run`. If the log cannot be written (a full disk), it
    /// cancels `on_failure`: a delivery that cannot be recorded must not be
    /// sent.
    pub fn start(store: Store, mut run: RunRows, on_failure: CancellationToken) -> LogWriter {
        let (tx, rx) = mpsc::channel::<LogEntry>();
        let rows = Arc::new(RowGate::new(run.recorded()));
        let gate = rows.clone();
        let handle = std::thread::Builder::new()
            .name("delivery-log".into())
            .spawn(move || {
                // However the writer ends, even by a panic, no delivery goes
                // on waiting for a row it will not write.
                let _release = ReleaseOnExit(gate.clone());
                let written = record_ahead(&store, &mut run, &rx, &gate)
                    .and_then(|()| write_loop(&store, &mut run, &rx))
                    .map_err(|Unwritten { error, entries }| {
                        // Deliveries waiting for their rows are not sent,
                        // and none starts any more; those in flight finish,
                        // and their entries are counted too.
                        gate.fail();
                        on_failure.cancel();
                        let lost = entries + rx.iter().count();
                        Error::Store(format!(
                            "the delivery log could not be written ({error}); {lost} log entries \
                             were not recorded, and no further deliveries were started"
                        ))
                    });
                (run, written)
            })
            .expect("the delivery log thread starts");
        LogWriter {
            sender: LogSender { entries: tx, rows },
            handle,
        }
    }

    pub fn sender(&self) -> LogSender {
        self.sender.clone()
    }

    /// Waits until every queued entry is committed, and hands back the run's
    /// rows with their ids. Every other sender must have been dropped by then.
    pub fn finish(self) -> std::thread::Result<(RunRows, Result<()>)> {
        drop(self.sender);
        self.handle.thread().unpark();
        self.handle.join()
    }
}

/// A write that failed, and how many log entries it held.
struct Unwritten {
    error: Error,
    entries: usize,
}

fn unwritten(entries: usize) -> impl FnOnce(Error) -> Unwritten {
    move |error| Unwritten { error, entries }
}

/// Records the run's remaining rows in chunks, committing the entries that
/// arrive meanwhile after each chunk.
fn record_ahead(
    store: &Store,
    run: &mut RunRows,
    rx: &mpsc::Receiver<LogEntry>,
    gate: &RowGate,
) -> std::result::Result<(), Unwritten> {
    while run.recorded() < run.len() {
        store
            .record_rows(run, run.recorded() + ROWS_PER_CHUNK)
            .map_err(unwritten(0))?;
        gate.advance(run.recorded());
        let arrived: Vec<LogEntry> = rx.try_iter().take(MAX_BATCH).collect();
        if !arrived.is_empty() {
            store
                .write_log(run, &arrived)
                .map_err(unwritten(arrived.len()))?;
        }
    }
    Ok(())
}

fn write_loop(
    store: &Store,
    run: &mut RunRows,
    rx: &mpsc::Receiver<LogEntry>,
) -> std::result::Result<(), Unwritten> {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        std::thread::park_timeout(BATCH_WINDOW);
        loop {
            batch.extend(rx.try_iter().take(MAX_BATCH - batch.len()));
            if batch.is_empty() {
                break;
            }
            let full = batch.len() == MAX_BATCH;
            store
                .write_log(run, &batch)
                .map_err(unwritten(batch.len()))?;
            batch.clear();
            if !full {
                break;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn a_delivery_waits_for_its_row_and_no_longer() {
        let gate = Arc::new(RowGate::new(2));
        let rt = runtime();
        assert!(rt.block_on(gate.wait_for(1)), "slot 1 is recorded");
        // Slot 5 waits until another thread records rows past it.
        let writer = gate.clone();
        let recorder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            writer.advance(4);
            std::thread::sleep(Duration::from_millis(50));
            writer.advance(6);
        });
        assert!(rt.block_on(gate.wait_for(5)));
        // Not woken for good by the first advance, which stopped short of it.
        assert_eq!(gate.recorded.load(Ordering::Acquire), 6);
        recorder.join().unwrap();
    }

    #[test]
    fn a_failed_log_releases_the_waiting_deliveries_unsent() {
        let gate = Arc::new(RowGate::new(0));
        let writer = gate.clone();
        let failing = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            drop(ReleaseOnExit(writer));
        });
        assert!(!runtime().block_on(gate.wait_for(0)));
        failing.join().unwrap();
    }
}
