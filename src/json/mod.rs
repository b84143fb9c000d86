//! The `--json` contract: every document a command prints, as a typed
//! struct, in one place. Scripts rely on these names, so they change only
//! with the README's "JSON output" section.
//!
//! The envelope is the same everywhere: a document is one JSON object whose
//! keys name what it holds (`webhook`, `webhooks`, `deliveries`, …), never a
//! bare array; when a command fails, its document holds an `error` object
//! with the exit code, a kind and the message. A thing has one name in every
//! document: `hookId`, `deliveryId`, `messageId` (the `webhook-id` header).

mod deliveries;
mod handoffs;
mod received;
mod signatures;
mod stream;
mod svix;
mod webhooks;

pub use deliveries::{
    AttemptJson, DeliveriesDoc, DeliveryDetail, DeliveryDoc, Destination, DryRunDelivery,
    DryRunDoc, DryRunSummary, LoggedDelivery, PrunedCounts, PrunedDoc, RunCounts, RunDelivery,
    RunTail,
};
pub use handoffs::{
    HandoffCounts, HandoffDryRunDoc, HandoffHead, HandoffJson, HandoffTail, PlannedHandoffCounts,
    PlannedHandoffJson, PlannedMessage,
};
pub use received::{
    ListenCounts, ListenEndDoc, ListenSummary, ListenerSecretDoc, ListeningDoc, ListeningJson,
    PlannedReplayJson, PrunedRequests, PrunedRequestsDoc, ReceivedDetail, ReceivedJson,
    ReplayCounts, ReplayDryRunDoc, ReplayJson, ReplayTail, ReplayedRequest, RequestDoc,
    RequestsDoc, header_object,
};
pub use signatures::{SignedDoc, VerifyDoc};
pub use stream::StreamedList;
pub use svix::{SvixPushDoc, SvixStatusDoc};
pub use webhooks::{
    DeletedDoc, EventDoc, EventJson, EventsDoc, HookRef, ImportCounts, ImportDoc, ImportStep,
    WebhookDoc, WebhookJson, WebhooksDoc,
};

use serde::Serialize;

use crate::error::Error;

/// A failure, as the `error` member of a document.
#[derive(Debug, Serialize)]
pub struct ErrorJson {
    pub code: i32,
    pub kind: &'static str,
    pub message: String,
}

impl From<&Error> for ErrorJson {
    fn from(e: &Error) -> ErrorJson {
        ErrorJson {
            code: e.exit_code() as i32,
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// The document of a command that failed before it printed one.
#[derive(Debug, Serialize)]
pub struct ErrorDoc {
    pub error: ErrorJson,
}
