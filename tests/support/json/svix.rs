//! The documents about a Svix server: the report of hand-offs (`fire`,
//! `test` and `redeliver` with `--via svix`) and its dry run, and
//! `svix push` and `svix status`.

use serde::Deserialize;

use super::{ErrorJson, State, nullable};

/// One message handed off, as it ended.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HandOff {
    /// `null` only when the log could not be written.
    #[serde(deserialize_with = "nullable")]
    pub delivery_id: Option<i64>,
    pub message_id: String,
    /// What the server knows the message by: `echo3d-` and `messageId`.
    pub event_id: String,
    /// The server's id of the message; `null` unless it was accepted.
    #[serde(deserialize_with = "nullable")]
    pub svix_message_id: Option<String>,
    pub event: String,
    /// The one webhook it is for; both `null` for every subscriber.
    #[serde(deserialize_with = "nullable")]
    pub hook_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub hook_name: Option<String>,
    pub state: State,
    /// The server had it before: handed off again, not delivered again.
    pub already_accepted: bool,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

impl HandOff {
    /// Its id in the log.
    #[track_caller]
    pub fn id(&self) -> i64 {
        self.delivery_id.expect("a hand-off that was logged")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HandoffSummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    pub not_handed_off: usize,
}

/// The report of hand-offs; `error` when it exits non-zero.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HandoffDoc {
    /// The Svix server's base URL.
    pub server: String,
    pub hand_offs: Vec<HandOff>,
    pub summary: HandoffSummary,
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

impl HandoffDoc {
    /// The only hand-off of a report that must have exactly one.
    #[track_caller]
    pub fn only(&self) -> &HandOff {
        assert_eq!(self.hand_offs.len(), 1, "{self:#?}");
        &self.hand_offs[0]
    }
}

/// A webhook of the store that a planned message should reach.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HandoffReceiver {
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
}

/// One message a dry run would hand off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlannedHandOff {
    pub event: String,
    /// Set when the message is handed off again (`redeliver`).
    #[serde(deserialize_with = "nullable")]
    pub delivery_id: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    pub message_id: Option<String>,
    /// The collection's application on the server.
    pub application: String,
    pub channel: String,
    #[serde(deserialize_with = "nullable")]
    pub hook_id: Option<String>,
    pub receivers: Vec<HandoffReceiver>,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedSummary {
    pub total: usize,
}

/// A hand-off's `--dry-run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HandoffDryRunDoc {
    pub dry_run: bool,
    pub server: String,
    pub hand_offs: Vec<PlannedHandOff>,
    pub summary: PlannedSummary,
}

// ----------------------------------------------------- push and status

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SvixAction {
    Create,
    Update,
    RotateSecret,
    Delete,
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SvixKind {
    EventType,
    Application,
    Endpoint,
}

/// One step of a push's plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SvixStep {
    pub action: SvixAction,
    pub kind: SvixKind,
    /// The collection; `null` for an event type, and for an application
    /// whose collection has left the store.
    #[serde(deserialize_with = "nullable")]
    pub api_key: Option<String>,
    /// The webhook's name, or the event type's.
    #[serde(deserialize_with = "nullable")]
    pub name: Option<String>,
    pub uid: String,
    /// The fields an update changes.
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SvixSummary {
    pub create: usize,
    pub update: usize,
    pub rotate_secret: usize,
    pub delete: usize,
    pub unchanged: usize,
    /// Endpoints `--prune` would delete, when it was not given.
    pub stale: usize,
}

/// `svix push`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SvixPushDoc {
    pub server: String,
    pub dry_run: bool,
    /// Whether the server was changed.
    pub changed: bool,
    pub steps: Vec<SvixStep>,
    pub summary: SvixSummary,
}

/// `svix status`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SvixStatusDoc {
    pub server: String,
    pub in_sync: bool,
    pub steps: Vec<SvixStep>,
    pub summary: SvixSummary,
    /// The drift (exit 7), exactly when the server differs.
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

/// The uid of the application a plan names for collection `key` (or, with
/// `None`, for the only collection it names).
#[track_caller]
pub fn application_uid(steps: &[SvixStep], key: Option<&str>) -> String {
    steps
        .iter()
        .find(|s| {
            s.kind == SvixKind::Application && key.is_none_or(|k| s.api_key.as_deref() == Some(k))
        })
        .map(|s| s.uid.clone())
        .unwrap_or_else(|| panic!("no application for {key:?} in {steps:#?}"))
}
