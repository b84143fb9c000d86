//! What the engine sends and what it reports: one `Delivery` (a payload for
//! one webhook under one message id), the same once it has its row in the
//! log (`Queued`), and how it ended (`Outcome`).

use bytes::Bytes;

use crate::event::Trigger;
use crate::store::DeliveryState;
use crate::webhook::Recipient;

/// One payload bound for one webhook under one Standard Webhooks message id
/// (the `webhook-id` header, the receiver's idempotency key).
#[derive(Clone, Debug)]
pub struct Delivery {
    pub message_id: String,
    pub recipient: Recipient,
    pub event: Trigger,
    /// Shared by every delivery of one fan-out, not copied for each.
    pub body: Bytes,
    pub history: History,
}

/// Whether a delivery is new to the log or is being sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    New,
    /// Already in the log under `id`, with `attempts` made before this run.
    Logged {
        id: i64,
        attempts: u32,
    },
}

/// A delivery whose row is in the log: only these are ever sent.
#[derive(Clone, Debug)]
pub struct Queued {
    pub id: i64,
    pub delivery: Delivery,
}

impl Queued {
    /// The number this run's first attempt gets: attempts keep counting
    /// across redeliveries.
    pub fn first_attempt(&self) -> u32 {
        match self.delivery.history {
            History::New => 1,
            History::Logged { attempts, .. } => attempts + 1,
        }
    }
}

/// How one delivery ended in this run.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Its id in the log; `None` only when its row could not be written.
    pub delivery_id: Option<i64>,
    pub message_id: String,
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
    pub event: Trigger,
    pub state: DeliveryState,
    /// Attempts made in this run.
    pub attempts: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

impl Outcome {
    /// The outcome of a delivery that never got its first attempt.
    pub fn unsent(delivery: &Delivery, id: Option<i64>, why: &str) -> Outcome {
        Outcome {
            delivery_id: id,
            message_id: delivery.message_id.clone(),
            hook_id: delivery.recipient.id.clone(),
            hook_name: delivery.recipient.name.clone(),
            url: delivery.recipient.url.clone(),
            event: delivery.event,
            state: DeliveryState::Interrupted,
            attempts: 0,
            status: None,
            error: Some(why.to_string()),
            duration_ms: 0,
        }
    }

    /// The status or error as one short phrase, for tables and messages.
    pub fn result_text(&self) -> String {
        describe(self.status, self.error.as_deref())
    }
}

/// A status or an error as one short phrase.
pub fn describe(status: Option<u16>, error: Option<&str>) -> String {
    match (status, error) {
        (Some(s), Some(e)) => format!("HTTP {s}: {e}"),
        (Some(s), None) => format!("HTTP {s}"),
        (None, Some(e)) => e.to_string(),
        (None, None) => "no response".to_string(),
    }
}

/// Why a delivery that was never sent is marked interrupted.
pub const NOT_STARTED: &str = "interrupted before the first attempt";
