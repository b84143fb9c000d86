//! The delivery log's single writer. Delivery tasks hand it entries over a
//! channel; it gathers them for a moment and commits them in one
//! transaction, so a fan-out of thousands costs a few dozen commits, not one
//! per attempt, while each attempt still reaches the disk moments after it
//! finishes. `finish` cuts the last moment short.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};
use crate::store::{LogEntry, RunRows, Store};

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 2048;

/// How long the writer gathers entries once one has arrived. Woken for every
/// entry, it committed one or two at a time, and on two cores those commits
/// took the CPU that the deliveries (and a local receiver) needed. A process
/// killed outright loses at most this much of its log.
const BATCH_WINDOW: Duration = Duration::from_millis(10);

#[derive(Clone)]
pub struct LogSender(mpsc::Sender<LogEntry>);

impl LogSender {
    /// Queues an entry; if the writer has stopped on an error, the entry is
    /// dropped here and the error is reported by `LogWriter::finish`.
    pub fn send(&self, entry: LogEntry) {
        let _ = self.0.send(entry);
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
        let handle = std::thread::Builder::new()
            .name("delivery-log".into())
            .spawn(move || {
                let written = write_loop(&store, &mut run, &rx, &on_failure);
                (run, written)
            })
            .expect("the delivery log thread starts");
        LogWriter {
            sender: LogSender(tx),
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

fn write_loop(
    store: &Store,
    run: &mut RunRows,
    rx: &mpsc::Receiver<LogEntry>,
    on_failure: &CancellationToken,
) -> Result<()> {
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
            if let Err(e) = store.write_log(run, &batch) {
                on_failure.cancel();
                // The attempts in flight still finish; count them too, up to
                // the end of the run.
                let lost = batch.len() + rx.iter().count();
                return Err(Error::Store(format!(
                    "the delivery log could not be written ({e}); {lost} log entries were not \
                     recorded, and no further deliveries were started"
                )));
            }
            batch.clear();
            if !full {
                break;
            }
        }
    }
    Ok(())
}
