//! The documents of hand-offs to a Svix server (`fire`, `test` and
//! `redeliver` with `--via svix`): the report of the hand-offs, and a dry
//! run's plan.

use serde::Serialize;

use super::{Destination, ErrorJson};
use crate::event::Trigger;
use crate::svix::HandoffOutcome;

/// What precedes the streamed `handOffs`.
#[derive(Debug, Serialize)]
pub struct HandoffHead<'a> {
    /// The Svix server's base URL.
    pub server: &'a str,
}

/// One message handed off, as it ended.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffJson<'a> {
    /// Its id in the log; `null` only when the log could not be written.
    pub delivery_id: Option<i64>,
    pub message_id: &'a str,
    /// What the server knows the message by: `echo3d-` and `messageId`.
    pub event_id: &'a str,
    /// The server's id of the message: the `webhook-id` its deliveries
    /// carry. `null` until the server accepted it.
    pub svix_message_id: Option<&'a str>,
    pub event: Trigger,
    /// The one webhook the message is for; both `null` when it is for
    /// every subscribed webhook of the collection.
    pub hook_id: Option<&'a str>,
    pub hook_name: Option<&'a str>,
    /// `succeeded` (the server accepted it), `failed` or `interrupted`.
    pub state: &'static str,
    /// The server had accepted it before (a hand-off made again).
    pub already_accepted: bool,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub duration_ms: u64,
}

impl<'a> From<&'a HandoffOutcome> for HandoffJson<'a> {
    fn from(o: &'a HandoffOutcome) -> HandoffJson<'a> {
        HandoffJson {
            delivery_id: o.delivery_id,
            message_id: &o.message_id,
            event_id: &o.event_id,
            svix_message_id: o.svix_message_id.as_deref(),
            event: o.event,
            hook_id: o.webhook.as_ref().map(|w| w.id.as_str()),
            hook_name: o.webhook.as_ref().map(|w| w.name.as_str()),
            state: o.state.as_str(),
            already_accepted: o.already_accepted,
            status: o.status,
            error: o.error.as_deref(),
            duration_ms: o.duration_ms,
        }
    }
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffCounts {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    /// Planned, but not handed off once one had failed or a signal came.
    pub not_handed_off: usize,
}

/// What follows the streamed `handOffs`.
#[derive(Debug, Serialize)]
pub struct HandoffTail {
    pub summary: HandoffCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

/// A message a dry run would hand off, and where the server would take it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedMessage<'a> {
    pub event: Trigger,
    /// Set when the message is handed off again (`redeliver`).
    pub delivery_id: Option<i64>,
    pub message_id: Option<&'a str>,
    /// The collection's application on the server.
    pub application: String,
    /// The channel the message goes on: every subscriber's, or one
    /// webhook's own.
    pub channel: String,
    /// The one webhook it is for; `null` for every subscriber.
    pub hook_id: Option<&'a str>,
}

/// One message a dry run would hand off.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedHandoffJson<'a> {
    #[serde(flatten)]
    pub message: &'a PlannedMessage<'a>,
    /// The webhooks of the store the server should deliver it to.
    pub receivers: Vec<Destination<'a>>,
    pub body: &'a str,
}

#[derive(Debug, Serialize)]
pub struct PlannedHandoffCounts {
    pub total: usize,
}

/// `fire --via svix --dry-run`, and `test` and `redeliver` alike.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffDryRunDoc<'a> {
    pub dry_run: bool,
    pub server: &'a str,
    pub hand_offs: Vec<PlannedHandoffJson<'a>>,
    pub summary: PlannedHandoffCounts,
}
