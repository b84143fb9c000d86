//! The documents about deliveries: the report of a run (`fire`, `test`,
//! `redeliver`), a dry run, and the log (`deliveries`, `deliveries show`,
//! `deliveries prune`).

use serde::Serialize;

use super::ErrorJson;
use crate::clock;
use crate::deliver::Outcome;
use crate::event::Trigger;
use crate::store::{DeliveryRow, StoredAttempt, Via};
use crate::webhook::Recipient;

/// The webhook a delivery goes to, and where it is.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination<'a> {
    pub hook_id: &'a str,
    pub hook_name: &'a str,
    pub url: &'a str,
}

impl<'a> From<&'a Recipient> for Destination<'a> {
    fn from(r: &'a Recipient) -> Destination<'a> {
        Destination {
            hook_id: &r.id,
            hook_name: &r.name,
            url: &r.url,
        }
    }
}

/// Where a delivery stands: its state, the attempts made, and the last
/// one's status or error.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Standing<'a> {
    pub state: &'static str,
    pub attempts: u32,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
}

/// One delivery of a run, as it ended.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDelivery<'a> {
    /// Its id in the log (`deliveries show`, `redeliver`); `null` only when
    /// the log could not be written.
    pub delivery_id: Option<i64>,
    pub message_id: &'a str,
    #[serde(flatten)]
    pub destination: Destination<'a>,
    pub event: Trigger,
    /// `succeeded`, `failed` or `interrupted`, after the attempts made in
    /// this run.
    #[serde(flatten)]
    pub standing: Standing<'a>,
}

impl<'a> From<&'a Outcome> for RunDelivery<'a> {
    fn from(o: &'a Outcome) -> RunDelivery<'a> {
        RunDelivery {
            delivery_id: o.delivery_id,
            message_id: &o.message_id,
            destination: Destination {
                hook_id: &o.hook_id,
                hook_name: &o.hook_name,
                url: &o.url,
            },
            event: o.event,
            standing: Standing {
                state: o.state.as_str(),
                attempts: o.attempts,
                status: o.status,
                error: o.error.as_deref(),
                duration_ms: o.duration_ms as i64,
            },
        }
    }
}

#[derive(Debug, Default, Serialize)]
pub struct RunCounts {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    /// Matched but could not be sent (`redeliver --failed`).
    pub skipped: usize,
}

/// What follows a run's streamed `deliveries`.
#[derive(Debug, Serialize)]
pub struct RunTail {
    pub summary: RunCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

/// One delivery a dry run would make.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRunDelivery<'a> {
    /// The logged delivery a redelivery would send again; null for a new one.
    pub delivery_id: Option<i64>,
    pub event: Trigger,
    #[serde(flatten)]
    pub destination: Destination<'a>,
    /// Why the address policy would refuse it, if it would.
    pub refused: Option<String>,
    pub body: &'a str,
}

#[derive(Debug, Default, Serialize)]
pub struct DryRunSummary {
    pub total: usize,
    pub refused: usize,
}

/// `fire --dry-run`, `test --dry-run`, `redeliver --dry-run`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRunDoc<'a> {
    pub dry_run: bool,
    pub deliveries: Vec<DryRunDelivery<'a>>,
    pub summary: DryRunSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

/// One delivery of the log: sent from here, or handed off to a Svix server
/// (one entry per message, which the server delivers).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedDelivery<'a> {
    pub delivery_id: i64,
    pub created_at: String,
    /// `direct` (sent from here) or `svix` (handed off to a Svix server).
    pub via: &'static str,
    pub message_id: &'a str,
    /// A hand-off's message id on the Svix server, the `webhook-id` its
    /// deliveries carry; `null` until the server accepted it, and for a
    /// delivery sent from here.
    pub svix_message_id: Option<&'a str>,
    /// `null` once the webhook is deleted; `hookName` keeps its name. Both
    /// `null` for a hand-off to every subscribed webhook.
    pub hook_id: Option<&'a str>,
    pub hook_name: Option<&'a str>,
    pub api_key: &'a str,
    /// Where it went: the webhook's URL, or the Svix server's.
    pub url: &'a str,
    pub event: &'a str,
    /// `pending`, `succeeded`, `failed` or `interrupted`, after the attempts
    /// made in all runs (for a hand-off: the hand-offs made).
    #[serde(flatten)]
    pub standing: Standing<'a>,
}

impl<'a> From<&'a DeliveryRow> for LoggedDelivery<'a> {
    fn from(d: &'a DeliveryRow) -> LoggedDelivery<'a> {
        LoggedDelivery {
            delivery_id: d.id,
            created_at: clock::format_ms(d.created_at),
            via: if d.via_svix { Via::Svix } else { Via::Direct }.as_str(),
            message_id: &d.message_id,
            svix_message_id: d.svix_message_id.as_deref(),
            hook_id: d.hook_id.as_deref(),
            hook_name: (!d.to_every_subscriber()).then_some(d.hook_name.as_str()),
            api_key: &d.api_key,
            url: &d.url,
            event: &d.event,
            standing: Standing {
                state: d.state.as_str(),
                attempts: d.attempts,
                status: d.last_status,
                error: d.last_error.as_deref(),
                duration_ms: d.duration_ms,
            },
        }
    }
}

/// `deliveries`: its list is streamed under this key.
pub struct DeliveriesDoc;

impl DeliveriesDoc {
    pub const KEY: &'static str = "deliveries";
}

/// One attempt of a delivery, with the request headers it carried (`null`
/// for a hand-off's, which carried none of a webhook's).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptJson<'a> {
    pub number: u32,
    pub started_at: String,
    pub duration_ms: i64,
    pub url: &'a str,
    pub request_headers: serde_json::Value,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub response_excerpt: String,
}

impl<'a> From<&'a StoredAttempt> for AttemptJson<'a> {
    fn from(a: &'a StoredAttempt) -> AttemptJson<'a> {
        AttemptJson {
            number: a.number,
            started_at: clock::format_ms(a.started_at),
            duration_ms: a.duration_ms,
            url: &a.url,
            request_headers: serde_json::from_str(&a.request_headers)
                .unwrap_or(serde_json::Value::Null),
            status: a.status,
            error: a.error.as_deref(),
            response_excerpt: String::from_utf8_lossy(&a.response_excerpt).into_owned(),
        }
    }
}

/// A delivery in full, with the body it sent.
#[derive(Debug, Serialize)]
pub struct DeliveryDetail<'a> {
    #[serde(flatten)]
    pub delivery: LoggedDelivery<'a>,
    pub body: String,
}

/// `deliveries show ID`.
#[derive(Debug, Serialize)]
pub struct DeliveryDoc<'a> {
    pub delivery: DeliveryDetail<'a>,
    pub attempts: Vec<AttemptJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PrunedCounts {
    pub deliveries: usize,
    pub attempts: usize,
}

/// `deliveries prune`.
#[derive(Debug, Serialize)]
pub struct PrunedDoc {
    pub pruned: PrunedCounts,
}
