//! The delivery log's single writer, which is also what feeds the senders.
//!
//! It takes deliveries from the run's source in chunks, records their rows,
//! and only then queues them: no request leaves without its row (write-ahead),
//! and the first chunk is committed before anything is sent, so a store that
//! cannot take the log (a full disk) stops a run before its first request.
//! The queue is kept a little ahead of the senders and no further, so memory
//! stays flat however large the run.
//!
//! Senders hand it their attempts and ends over a channel; it gathers them
//! for a moment and commits them in one transaction, so a fan-out of
//! thousands costs a few dozen commits, while each attempt still reaches the
//! disk moments after it finishes. An outcome is reported once it is
//! committed. When the run is stopped, every delivery not yet sent is ended
//! here as interrupted, so that each delivery of a run has exactly one outcome.

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::Duration;

use super::client::USER_AGENT;
mod ending;

use super::delivery::{Delivery, History, Outcome, Queued};
use super::source::DeliverySource;
use super::{RunEvent, Stop};
use crate::error::Error;
use crate::store::{
    AttemptRecord, DeliveryEnd, LogBatch, NewDelivery, RowToRecord, RunRows, Store,
};

/// Most deliveries queued ahead of the senders; the queue is topped up when
/// it falls to half of this.
pub const QUEUE_AHEAD: usize = 1024;

/// Most entries committed in one transaction.
const MAX_BATCH: usize = 2048;

/// How long the writer gathers entries once one has arrived. Woken for every
/// entry, it would commit one or two at a time, and each commit costs CPU
/// that the deliveries (and a local receiver) need. A process killed
/// outright loses at most this much of its log.
const BATCH_WINDOW: Duration = Duration::from_millis(10);

/// How often the writer looks at the queue while nothing else wakes it.
const QUEUE_CHECK: Duration = Duration::from_millis(5);

/// What senders hand the writer.
pub enum Entry {
    Attempt(AttemptRecord),
    Finished(Outcome),
    /// A receiver answered 410 Gone: switch its webhook off.
    DisableHook {
        hook_id: String,
        reason: String,
    },
}

/// The log as senders see it.
#[derive(Clone)]
pub struct LogSender(mpsc::Sender<Entry>);

impl LogSender {
    /// Queues an entry; if the writer has stopped on an error, the entry is
    /// dropped here and the loss is reported when the run ends.
    pub fn send(&self, entry: Entry) {
        let _ = self.0.send(entry);
    }
}

/// How the writer ended.
pub struct WriterEnd {
    /// Deliveries that a sender took and never ended (a bug).
    pub lost: usize,
    /// Why the log could not be written, or the source not read.
    pub error: Option<Error>,
    pub stats: LogStats,
}

/// What keeping the log cost a run: the price of its audit trail.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogStats {
    /// Delivery rows written.
    pub rows: usize,
    pub commits: usize,
    /// CPU time of the log's thread, when the system tells it.
    pub cpu: Option<Duration>,
    /// The part of it spent reading the run's deliveries from their source
    /// (the subscribers of a fan-out), which is not the log's own cost.
    pub reading: Duration,
}

pub struct Channels {
    pub queue: async_channel::Sender<Queued>,
    /// The senders' end of the queue, to take back what is left on a stop.
    pub taken: async_channel::Receiver<Queued>,
    pub events: tokio::sync::mpsc::UnboundedSender<RunEvent>,
}

/// Starts the writer on its own connection to the store. Its first chunk
/// is `first_chunk` deliveries, so that the first requests wait for little.
pub fn start(
    store: Store,
    source: Box<dyn DeliverySource>,
    first_chunk: usize,
    channels: Channels,
    stop: Stop,
) -> (LogSender, std::thread::JoinHandle<WriterEnd>) {
    let (tx, entries) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("delivery-log".into())
        .spawn(move || {
            let mut writer = Writer {
                store,
                source,
                queue: Some(channels.queue),
                taken: channels.taken,
                events: channels.events,
                entries,
                stop,
                run_rows: RunRows::new(USER_AGENT),
                stats: LogStats::default(),
                in_flight: HashMap::new(),
                error: None,
                unrecorded: 0,
            };
            writer.run(first_chunk)
        })
        .expect("the delivery log thread starts");
    (LogSender(tx), handle)
}

/// A delivery a sender may have, and whether its attempts go to another URL
/// than its row's (a redelivery after the webhook moved).
struct InFlight {
    delivery: Delivery,
    url_moved: bool,
}

struct Writer {
    store: Store,
    source: Box<dyn DeliverySource>,
    /// `None` once the source is exhausted or the run stopped.
    queue: Option<async_channel::Sender<Queued>>,
    taken: async_channel::Receiver<Queued>,
    events: tokio::sync::mpsc::UnboundedSender<RunEvent>,
    entries: mpsc::Receiver<Entry>,
    stop: Stop,
    /// The run's shared rows (its run, its bodies).
    run_rows: RunRows,
    stats: LogStats,
    /// Queued or being sent, by delivery id.
    in_flight: HashMap<i64, InFlight>,
    error: Option<Error>,
    /// Log entries that could not be committed.
    unrecorded: usize,
}

impl Writer {
    fn run(&mut self, first_chunk: usize) -> WriterEnd {
        self.feed(first_chunk);
        loop {
            if self.stop.soft.is_cancelled() && self.queue.is_some() {
                self.end_unsent();
            }
            self.top_up();
            match self.entries.recv_timeout(QUEUE_CHECK) {
                Ok(first) => self.commit_from(first),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // Every sender is done: nothing more can arrive.
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        self.end_unsent();
        let lost = self.end_lost();
        let error = self.error.take().map(|e| {
            let lost = if self.unrecorded > 0 {
                format!("; {} log entries were not recorded", self.unrecorded)
            } else {
                String::new()
            };
            Error::Store(format!(
                "{e}{lost}; no further deliveries were started after the failure"
            ))
        });
        self.stats.cpu = thread_cpu();
        WriterEnd {
            lost,
            error,
            stats: self.stats,
        }
    }

    fn top_up(&mut self) {
        let Some(queue) = &self.queue else { return };
        let queued = queue.len();
        if queued <= QUEUE_AHEAD / 2 {
            self.feed(QUEUE_AHEAD - queued);
        }
    }

    /// Records the rows of up to `max` more deliveries, then queues them.
    fn feed(&mut self, max: usize) {
        if self.queue.is_none() || max == 0 {
            return;
        }
        let before = thread_cpu();
        let chunk = self.source.next_chunk(max);
        if let (Some(before), Some(after)) = (before, thread_cpu()) {
            self.stats.reading += after.saturating_sub(before);
        }
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => return self.fail(e),
        };
        for why in chunk.skipped {
            let _ = self.events.send(RunEvent::Skipped(why));
        }
        if chunk.deliveries.is_empty() {
            self.queue = None;
            return;
        }
        let rows: Vec<RowToRecord<'_>> = chunk.deliveries.iter().map(row_of).collect();
        self.stats.commits += 1;
        let recorded = match self.store.record_rows(&rows, &mut self.run_rows) {
            Ok(recorded) => recorded,
            Err(e) => {
                self.fail(e);
                return self.report_unsent(chunk.deliveries, |d| match d.history {
                    History::New => None,
                    History::Logged { id, .. } => Some(id),
                });
            }
        };
        let queue = self.queue.as_ref().expect("checked above");
        self.stats.rows += recorded.len();
        for (row, delivery) in recorded.into_iter().zip(chunk.deliveries) {
            let id = row.id;
            let in_flight = InFlight {
                delivery: delivery.clone(),
                url_moved: row.url_moved,
            };
            self.in_flight.insert(id, in_flight);
            // There is room: only this thread queues, and it asked for no
            // more than the room left.
            let _ = queue.try_send(Queued { id, delivery });
        }
    }

    /// Gathers entries for a moment after `first`, and commits them.
    fn commit_from(&mut self, first: Entry) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        batch.push(first);
        let deadline = std::time::Instant::now() + BATCH_WINDOW;
        // Gathering ends early once every sender is gone, so that the end
        // of a run does not wait out the window.
        while batch.len() < MAX_BATCH {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.entries.recv_timeout(left) {
                Ok(entry) => batch.push(entry),
                Err(_) => break,
            }
            if batch.len() == MAX_BATCH {
                self.commit(std::mem::take(&mut batch));
            }
        }
        self.commit(batch);
    }

    fn commit(&mut self, entries: Vec<Entry>) {
        let mut log = LogBatch {
            attempts: Vec::with_capacity(entries.len()),
            ends: Vec::with_capacity(entries.len()),
            disabled: Vec::new(),
        };
        let mut outcomes = Vec::with_capacity(entries.len());
        for entry in entries {
            match entry {
                Entry::Attempt(mut a) => {
                    if let Some(f) = self.in_flight.get(&a.delivery_id) {
                        // The row has the URL unless the webhook moved since.
                        if !f.url_moved {
                            a.url = None;
                        }
                        a.new_delivery = f.delivery.history == History::New;
                    }
                    log.attempts.push(a);
                }
                Entry::Finished(o) => {
                    if let Some(id) = o.delivery_id {
                        self.in_flight.remove(&id);
                        log.ends.push(DeliveryEnd {
                            delivery_id: id,
                            state: o.state,
                            last_status: o.status,
                            last_error: o.error.clone(),
                            duration_ms: o.duration_ms as i64,
                        });
                    }
                    outcomes.push(o);
                }
                Entry::DisableHook { hook_id, reason } => log.disabled.push((hook_id, reason)),
            }
        }
        if self.error.is_some() {
            self.unrecorded += log.len();
        } else if log.len() > 0
            && let Err(e) = {
                self.stats.commits += 1;
                self.store.write_log(&log)
            }
        {
            self.unrecorded += log.len();
            self.fail(e);
        }
        for o in outcomes {
            let _ = self.events.send(RunEvent::Finished(o));
        }
    }

    /// The log cannot be written (or the source read): a delivery that
    /// cannot be recorded must not be sent, so none starts any more.
    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(Error::Store(format!(
                "the delivery log could not be written ({e})"
            )));
        }
        self.stop.soft.cancel();
    }
}

fn new_row(d: &Delivery) -> NewDelivery<'_> {
    NewDelivery {
        message_id: &d.message_id,
        hook_id: &d.recipient.id,
        hook_name: &d.recipient.name,
        api_key: &d.recipient.api_key,
        url: &d.recipient.url,
        event: d.event,
        payload: &d.body,
    }
}

fn row_of(d: &Delivery) -> RowToRecord<'_> {
    match d.history {
        History::New => RowToRecord::New(new_row(d)),
        History::Logged { id, .. } => RowToRecord::Reopen {
            id,
            url: &d.recipient.url,
        },
    }
}

/// The CPU time this thread has used so far.
fn thread_cpu() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill in.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
    ok.then(|| Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}
