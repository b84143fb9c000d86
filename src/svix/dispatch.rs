//! Handing a command's messages off to a Svix server, each one recorded in
//! the delivery log: its row is written before its hand-off, so that no
//! message the server may have accepted is missing from the log, and its
//! end after.
//!
//! This is not the run engine's work, and it does not go through it: the
//! engine sends signed requests to many webhooks at once, with its own
//! retries, workers and a log writer that batches attempts. A hand-off is
//! one request per message to one server, which signs, fans out and retries
//! itself; the log keeps one row per message, not per webhook. So the
//! messages go one after another, and each step is one transaction of the
//! store's own.

use bytes::Bytes;
use std::collections::BTreeMap;
use std::time::Instant;
use tokio::runtime::Runtime;

use super::client::SvixClient;
use super::handoff::{Handoff, Route, hand_off};
use super::mapping;
use super::route::{Target, check_reaches_only};
use crate::clock;
use crate::deliver::{History, USER_AGENT};
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::runtime::{self, Signals};
use crate::store::{DeliveryState, HandoffEnd, NewHandoff, Store};

/// What the log says of a hand-off stopped by Ctrl-C or SIGTERM while it
/// was under way.
const INTERRUPTED: &str = "interrupted during the hand-off; the Svix server may have \
                           accepted the message (`echo3d-hooks redeliver` hands it off again, \
                           and the server takes its eventId only once)";

/// A message to hand off.
#[derive(Clone, Debug)]
pub struct Planned {
    /// Our message id; the server knows the message by the `eventId` made
    /// from it.
    pub message_id: String,
    pub api_key: String,
    pub event: Trigger,
    pub body: Bytes,
    /// The one webhook it is for; `None` for every subscribed webhook.
    pub webhook: Option<ForWebhook>,
    pub history: History,
}

/// The one webhook a message is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForWebhook {
    pub id: String,
    pub name: String,
}

/// How one hand-off ended.
#[derive(Clone, Debug)]
pub struct HandoffOutcome {
    /// Its id in the log; `None` only when its row could not be written.
    pub delivery_id: Option<i64>,
    pub message_id: String,
    /// What the server knows the message by.
    pub event_id: String,
    pub event: Trigger,
    pub webhook: Option<ForWebhook>,
    /// Succeeded once the server has accepted the message.
    pub state: DeliveryState,
    pub svix_message_id: Option<String>,
    /// The server had accepted it before (a hand-off made again).
    pub already_accepted: bool,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// What a command's hand-offs came to.
#[derive(Debug, Default)]
pub struct HandoffSummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    /// Planned but never handed off: the hand-offs stop at the first that
    /// fails (the server is most likely down for the others as well).
    pub not_handed_off: usize,
    pub signalled: bool,
    /// Why the hand-offs stopped early, when they did.
    stopped_by: Option<Error>,
}

impl HandoffSummary {
    /// The hand-offs as the exit code sees them: interrupted (130), the log
    /// unwritable (6), a hand-off refused (the refusal's own code: 14 when
    /// the server failed, 4 when the collection was never pushed), or all
    /// well. Taken once.
    pub fn verdict(&mut self) -> Result<()> {
        if self.signalled {
            return Err(Error::Interrupted(format!(
                "interrupted: {} of {} message(s) handed off; the one under way, if any, is \
                 marked interrupted in the log (`echo3d-hooks redeliver --failed --via svix` \
                 hands it off again), and {} were not handed off",
                self.succeeded,
                self.total + self.not_handed_off,
                self.not_handed_off
            )));
        }
        match self.stopped_by.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Hands off each of `planned` in turn, first checking that a message for
/// one webhook would reach only it, and calls `on_end` as each one ends.
/// Refuses before anything is written or sent a store it cannot write.
pub fn run(
    store: &Store,
    client: &SvixClient,
    planned: Vec<Planned>,
    on_end: &mut dyn FnMut(&HandoffOutcome),
) -> Result<HandoffSummary> {
    store.require_writable()?;
    // The hand-offs go one after another, so one thread is enough.
    let runtime = runtime::current_thread()?;
    // In place before the first row is written, so that a Ctrl-C never
    // leaves a row pending.
    let mut signals = runtime.block_on(async { Signals::install() })?;
    let mut summary = HandoffSummary::default();
    match runtime.block_on(signals.or_stop(check_routes(client, &planned))) {
        Some(checked) => checked?,
        None => {
            summary.signalled = true;
            summary.not_handed_off = planned.len();
            return Ok(summary);
        }
    }
    let mut dispatcher = Dispatcher {
        store,
        client,
        runtime,
        signals,
        run_id: None,
    };
    let mut rest = planned.into_iter();
    while let Some(message) = rest.next() {
        let made = dispatcher.hand_off_one(&message);
        if let Some(outcome) = &made.outcome {
            summary.count(outcome);
            on_end(outcome);
        }
        let Some(stop) = made.stop else { continue };
        summary.not_handed_off = rest.len();
        match stop {
            Stop::Signalled => summary.signalled = true,
            Stop::Log(e) => summary.stopped_by = Some(e),
            Stop::Refused(e, id) => summary.stopped_by = Some(stopped(e, id, rest.len())),
        }
        break;
    }
    Ok(summary)
}

impl HandoffSummary {
    fn count(&mut self, outcome: &HandoffOutcome) {
        self.total += 1;
        match outcome.state {
            DeliveryState::Succeeded => self.succeeded += 1,
            DeliveryState::Failed => self.failed += 1,
            DeliveryState::Pending | DeliveryState::Interrupted => self.interrupted += 1,
        }
    }
}

/// Every message for one webhook must reach that webhook's endpoint and no
/// other; checked once per webhook, for all of its events.
async fn check_routes(client: &SvixClient, planned: &[Planned]) -> Result<()> {
    let mut targets: BTreeMap<(&str, &str), (&str, Vec<Trigger>)> = BTreeMap::new();
    for p in planned {
        if let Some(webhook) = &p.webhook {
            let entry = targets
                .entry((&p.api_key, &webhook.id))
                .or_insert((&webhook.name, Vec::new()));
            if !entry.1.contains(&p.event) {
                entry.1.push(p.event);
            }
        }
    }
    for ((api_key, hook_id), (hook_name, events)) in targets {
        let target = Target {
            api_key,
            hook_id,
            hook_name,
        };
        check_reaches_only(client, target, &events).await?;
    }
    Ok(())
}

/// The refusal that stopped the hand-offs, saying what became of them; its
/// kind (and so the exit code) stays the refusal's.
fn stopped(e: Error, id: i64, not_made: usize) -> Error {
    let rest = match not_made {
        0 => String::new(),
        n => format!("; the other {n} message(s) were not handed off"),
    };
    let text = format!(
        "{e}\ndelivery {id} is marked failed (`echo3d-hooks redeliver {id}` hands it off again \
         under the same eventId){rest}"
    );
    match e {
        Error::Remote(_) => Error::Remote(text),
        Error::NotFound(_) => Error::NotFound(text),
        Error::Invalid(_) => Error::Invalid(text),
        Error::Conflict(_) => Error::Conflict(text),
        other => other,
    }
}

/// What one hand-off came to, and whether the hand-offs stop after it.
struct Made {
    outcome: Option<HandoffOutcome>,
    stop: Option<Stop>,
}

enum Stop {
    Signalled,
    /// The log could not be written.
    Log(Error),
    /// The hand-off of delivery `.1` failed.
    Refused(Error, i64),
}

struct Dispatcher<'a> {
    store: &'a Store,
    client: &'a SvixClient,
    runtime: Runtime,
    /// A hand-off under way is abandoned at the first signal: unlike a
    /// delivery's, it has no grace period to wait for, since the server takes
    /// the message only once whenever it is handed off again.
    signals: Signals,
    /// The command's row in `runs`, once it has one.
    run_id: Option<i64>,
}

impl Dispatcher<'_> {
    fn hand_off_one(&mut self, p: &Planned) -> Made {
        let (id, number) = match self.record(p) {
            Ok(recorded) => recorded,
            Err(e) => {
                return Made {
                    outcome: None,
                    stop: Some(Stop::Log(e)),
                };
            }
        };
        let message = Handoff {
            api_key: &p.api_key,
            event: p.event.as_str(),
            body: &p.body,
            message_id: &p.message_id,
            route: match &p.webhook {
                Some(w) => Route::Webhook(&w.id),
                None => Route::Subscribers,
            },
        };
        let started_at = clock::now_ms();
        let started = Instant::now();
        let answer = self
            .runtime
            .block_on(self.signals.or_stop(hand_off(self.client, &message)));
        let mut outcome = HandoffOutcome {
            delivery_id: Some(id),
            message_id: p.message_id.clone(),
            event_id: mapping::event_id(&p.message_id),
            event: p.event,
            webhook: p.webhook.clone(),
            state: DeliveryState::Failed,
            svix_message_id: None,
            already_accepted: false,
            status: None,
            error: None,
            duration_ms: started.elapsed().as_millis() as u64,
        };
        let stop = match answer {
            Some(Ok(accepted)) => {
                outcome.state = DeliveryState::Succeeded;
                outcome.status = Some(accepted.status);
                outcome.already_accepted = accepted.already_accepted;
                outcome.svix_message_id = Some(accepted.svix_message_id);
                None
            }
            Some(Err(e)) => {
                outcome.error = Some(e.to_string());
                Some(Stop::Refused(e, id))
            }
            None => {
                outcome.state = DeliveryState::Interrupted;
                outcome.error = Some(INTERRUPTED.to_string());
                Some(Stop::Signalled)
            }
        };
        let end = HandoffEnd {
            delivery_id: id,
            number,
            started_at,
            duration_ms: outcome.duration_ms as i64,
            state: outcome.state,
            status: outcome.status,
            error: outcome.error.as_deref(),
            svix_message_id: outcome.svix_message_id.as_deref(),
        };
        match self.store.end_handoff(&end) {
            Ok(()) => Made {
                outcome: Some(outcome),
                stop,
            },
            Err(e) => Made {
                outcome: Some(outcome),
                stop: Some(Stop::Log(e)),
            },
        }
    }

    /// Writes (or reopens) the message's row; returns its id and the number
    /// of the attempt about to be made.
    fn record(&mut self, p: &Planned) -> Result<(i64, u32)> {
        match p.history {
            History::Logged { id, attempts } => {
                self.store.reopen_handoff(id)?;
                Ok((id, attempts + 1))
            }
            History::New => {
                let row = NewHandoff {
                    message_id: &p.message_id,
                    api_key: &p.api_key,
                    webhook: p.webhook.as_ref().map(|w| (w.id.as_str(), w.name.as_str())),
                    server: self.client.base_url(),
                    event: p.event,
                    payload: &p.body,
                    user_agent: USER_AGENT,
                };
                let (run_id, id) = self.store.record_handoff(self.run_id, &row)?;
                self.run_id = Some(run_id);
                Ok((id, 1))
            }
        }
    }
}
