//! The sending side of a run: a fixed pool of workers that take queued
//! deliveries, and one delivery's attempts from first to last.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::attempt::attempt;
use super::attempt_result::{AttemptResult, Retry};
use super::delivery::{NOT_STARTED, Outcome, Queued, describe};
use super::log_writer::{Entry, LogSender};
use super::{DeliveryOptions, Stop, retry};
use crate::clock;
use crate::signing::Signers;
use crate::store::DeliveryState;

/// Sends queued deliveries with at most `workers` in flight on this thread,
/// until the queue closes or the run is stopped. A fixed pool pulls from the
/// queue, so memory stays flat however many deliveries there are; several
/// threads each run a pool on one queue.
pub async fn send_all(
    client: reqwest::Client,
    queue: async_channel::Receiver<Queued>,
    workers: usize,
    opts: Arc<DeliveryOptions>,
    log: LogSender,
    stop: Stop,
) {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        let (client, queue, opts, log, stop) = (
            client.clone(),
            queue.clone(),
            opts.clone(),
            log.clone(),
            stop.clone(),
        );
        set.spawn(async move {
            loop {
                let next = tokio::select! {
                    next = queue.recv() => next,
                    _ = stop.soft.cancelled() => break,
                };
                let Ok(queued) = next else { break };
                let outcome = deliver(&client, queued, &opts, &log, &stop).await;
                log.send(Entry::Finished(outcome));
                // Lets the connection just used go back to the pool before
                // the next request looks for one; without this, that request
                // raced a new connection (and TLS handshake) against it, and
                // a fan-out opened twice as many connections as workers.
                tokio::task::yield_now().await;
            }
        });
    }
    while set.join_next().await.is_some() {}
}

/// One delivery's attempts in this run, and what they came to.
struct Tries {
    first: u32,
    made: u32,
    last: Option<AttemptResult>,
}

/// Why a delivery's attempts stopped.
enum Ending {
    /// It succeeded, or failed in a way another attempt will not mend, or
    /// ran out of retries.
    Settled,
    /// The run was stopped before its next attempt.
    Interrupted,
    /// The grace period after a stop ran out while this attempt was out.
    Abandoned(u32),
}

impl Tries {
    fn next_number(&self) -> u32 {
        self.first + self.made
    }

    /// How long to wait before the next attempt; none before the first.
    fn wait(&self, opts: &DeliveryOptions) -> Option<Duration> {
        let last = self.last.as_ref()?;
        Some(match last.retry {
            Retry::After(Some(wait)) => wait,
            _ => retry::backoff(opts.backoff, self.made),
        })
    }

    fn settled(&self, retries: u32) -> bool {
        match &self.last {
            Some(last) => matches!(last.retry, Retry::No) || self.made > retries,
            None => false,
        }
    }

    /// The delivery's state, last status and the error that explains it.
    fn conclude(&self, ending: Ending) -> (DeliveryState, Option<u16>, Option<String>) {
        let status = self.last.as_ref().and_then(|l| l.status);
        let last_error = self.last.as_ref().and_then(|l| l.error.clone());
        if self.last.as_ref().is_some_and(AttemptResult::succeeded) {
            return (DeliveryState::Succeeded, status, None);
        }
        let interrupted = |why: String| (DeliveryState::Interrupted, status, Some(why));
        match ending {
            Ending::Abandoned(number) => interrupted(format!(
                "attempt {number} got no response within the grace period and was \
                 abandoned (the receiver may have received it)"
            )),
            Ending::Interrupted if self.made == 0 => interrupted(NOT_STARTED.to_string()),
            Ending::Interrupted => interrupted(format!(
                "stopped after {} attempt(s); last: {}",
                self.made,
                describe(status, last_error.as_deref())
            )),
            // Standard Webhooks: 410 Gone means the receiver wants no more
            // deliveries; the result says so, so that the run (and the log)
            // explain the switch-off.
            Ending::Settled if status == Some(410) => (
                DeliveryState::Failed,
                status,
                Some("Gone; webhook disabled, no further deliveries".into()),
            ),
            Ending::Settled => (DeliveryState::Failed, status, last_error),
        }
    }
}

async fn deliver(
    client: &reqwest::Client,
    queued: Queued,
    opts: &DeliveryOptions,
    log: &LogSender,
    stop: &Stop,
) -> Outcome {
    let started = Instant::now();
    let recipient = &queued.delivery.recipient;
    let signers = Signers::new(&recipient.secret, recipient.previous_secret.as_deref());
    let mut tries = Tries {
        first: queued.first_attempt(),
        made: 0,
        last: None,
    };
    let ending = loop {
        if stop.soft.is_cancelled() {
            break Ending::Interrupted;
        }
        if let Some(wait) = tries.wait(opts) {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.soft.cancelled() => break Ending::Interrupted,
            }
        }
        let number = tries.next_number();
        tokio::select! {
            result = attempt(client, &queued, signers.as_ref(), (number, started), opts, log) => {
                tries.last = Some(result);
                tries.made += 1;
            }
            // Dropping the attempt logs it as abandoned (see `attempt`).
            _ = stop.hard.cancelled() => {
                tries.made += 1;
                break Ending::Abandoned(number);
            }
        }
        if tries.settled(opts.retries) {
            break Ending::Settled;
        }
    };
    let (state, status, error) = tries.conclude(ending);
    if status == Some(410) && state == DeliveryState::Failed {
        log.send(Entry::DisableHook {
            hook_id: queued.delivery.recipient.id.clone(),
            reason: format!(
                "the receiver answered 410 Gone at {}",
                clock::format_ms(clock::now_ms())
            ),
        });
    }
    let delivery = queued.delivery;
    Outcome {
        delivery_id: Some(queued.id),
        message_id: delivery.message_id,
        hook_id: delivery.recipient.id,
        hook_name: delivery.recipient.name,
        url: delivery.recipient.url,
        event: delivery.event,
        state,
        attempts: tries.made,
        status,
        error,
        duration_ms: started.elapsed().as_millis() as u64,
    }
}
