//! Typed mirrors of every `--json` document (and of the export format), as
//! the README's "JSON output" section describes them. Each refuses unknown
//! fields, and each nullable field must be present, so a field that is
//! renamed, added, dropped or retyped breaks the tests that read it. Tests
//! read a document through its mirror (`Outcome::json::<T>()`), never as an
//! untyped `serde_json::Value`.
//!
//! Here: errors, webhooks, events, runs, the delivery log, export/import,
//! `verify` and `sign`. In `received`: `listen`'s JSON Lines and the
//! `received` documents. In `svix`: hand-offs (`--via svix`) and
//! `svix push`/`status`. In `openapi`: `schema --format openapi`.

mod openapi;
mod received;
mod svix;

// The benchmark, which shares this module, reads none of these.
#[allow(unused_imports)]
pub use openapi::*;
#[allow(unused_imports)]
pub use received::*;
#[allow(unused_imports)]
pub use svix::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field that is always present and may be `null`: serde would otherwise
/// accept a missing `Option` as `None`.
fn nullable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

/// `{"error": {...}}`: a command that failed, under `--json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDoc {
    pub error: ErrorJson,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorJson {
    /// The exit code.
    pub code: i32,
    pub kind: String,
    pub message: String,
}

// ------------------------------------------------------------ webhooks

/// One webhook (`add`, `show`, `edit`, `list`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Webhook {
    pub id: String,
    pub name: String,
    pub api_key: String,
    pub url: String,
    pub description: String,
    pub triggers: Vec<String>,
    pub enabled: bool,
    #[serde(deserialize_with = "nullable")]
    pub disabled_reason: Option<String>,
    /// Masked (`whsec_****…` and the last 4) unless revealed.
    pub secret: String,
    /// The secret a rotation replaced, while it still signs.
    #[serde(deserialize_with = "nullable")]
    pub previous_secret: Option<PreviousSecret>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PreviousSecret {
    /// Always masked.
    pub secret: String,
    pub signs_until: String,
}

/// `add`, `show`, `edit`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookDoc {
    pub webhook: Webhook,
}

/// `list`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksDoc {
    pub webhooks: Vec<Webhook>,
}

/// `delete`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeletedDoc {
    pub deleted: Vec<HookRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HookRef {
    pub id: String,
    pub name: String,
    pub api_key: String,
}

// -------------------------------------------------------------- events

/// An echo3D payload: the spec's seven fields. (It serializes too, for
/// tests that vary a sample and send it back.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Payload {
    pub event: String,
    pub api_key: String,
    pub entry_ids: Vec<String>,
    pub metadata_keys: Vec<String>,
    pub metadata_values: Vec<String>,
    pub statuses: Vec<String>,
    pub version_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Event {
    pub name: String,
    pub fired_when: String,
    pub payload_rule: String,
    pub sample: Payload,
}

/// `events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsDoc {
    pub events: Vec<Event>,
}

/// `events EVENT`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDoc {
    pub event: Event,
}

// ---------------------------------------------------------------- runs

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Pending,
    Succeeded,
    Failed,
    Interrupted,
}

/// One delivery of a run (`fire`, `test`, `redeliver`), as it ended.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RunDelivery {
    /// `null` only when the log could not be written.
    #[serde(deserialize_with = "nullable")]
    pub delivery_id: Option<i64>,
    /// The `webhook-id` header.
    pub message_id: String,
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
    pub event: String,
    pub state: State,
    /// Attempts made in this run.
    pub attempts: u32,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub interrupted: usize,
    pub skipped: usize,
}

/// The report of a run; `error` when it ends with a non-zero exit code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunDoc {
    pub deliveries: Vec<RunDelivery>,
    pub summary: RunSummary,
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

impl RunDoc {
    /// The only delivery of a one-delivery run.
    #[track_caller]
    pub fn only(&self) -> &RunDelivery {
        assert_eq!(self.deliveries.len(), 1, "{self:#?}");
        &self.deliveries[0]
    }

    /// The delivery to the webhook of this name.
    #[track_caller]
    pub fn to(&self, hook_name: &str) -> &RunDelivery {
        self.deliveries
            .iter()
            .find(|d| d.hook_name == hook_name)
            .unwrap_or_else(|| panic!("no delivery to {hook_name}: {self:#?}"))
    }
}

/// One delivery a dry run would make.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DryRunDelivery {
    #[serde(deserialize_with = "nullable")]
    pub delivery_id: Option<i64>,
    pub event: String,
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
    /// Why the address policy would refuse it.
    #[serde(deserialize_with = "nullable")]
    pub refused: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DryRunSummary {
    pub total: usize,
    pub refused: usize,
}

/// `fire --dry-run`, `test --dry-run`, `redeliver --dry-run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DryRunDoc {
    pub dry_run: bool,
    pub deliveries: Vec<DryRunDelivery>,
    pub summary: DryRunSummary,
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

// ----------------------------------------------------------------- log

/// How a delivery of the log went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// Sent from here.
    Direct,
    /// Handed off to a Svix server.
    Svix,
}

/// One delivery of the log (`deliveries`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LoggedDelivery {
    pub delivery_id: i64,
    pub created_at: String,
    pub via: Via,
    pub message_id: String,
    /// A hand-off's message id on the Svix server.
    #[serde(deserialize_with = "nullable")]
    pub svix_message_id: Option<String>,
    /// `null` once the webhook is deleted; `hookName` keeps its name.
    #[serde(deserialize_with = "nullable")]
    pub hook_id: Option<String>,
    /// `null` only for a hand-off to every subscribed webhook.
    #[serde(deserialize_with = "nullable")]
    pub hook_name: Option<String>,
    pub api_key: String,
    pub url: String,
    pub event: String,
    pub state: State,
    /// Attempts made in all runs.
    pub attempts: u32,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// `deliveries`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesDoc {
    pub deliveries: Vec<LoggedDelivery>,
}

/// A delivery in full: the fields of `deliveries`, and the body it sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeliveryDetail {
    pub delivery_id: i64,
    pub created_at: String,
    pub via: Via,
    pub message_id: String,
    #[serde(deserialize_with = "nullable")]
    pub svix_message_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub hook_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub hook_name: Option<String>,
    pub api_key: String,
    pub url: String,
    pub event: String,
    pub state: State,
    pub attempts: u32,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Attempt {
    pub number: u32,
    pub started_at: String,
    pub duration_ms: u64,
    pub url: String,
    /// `null` for a hand-off's attempt, which carried no webhook's headers.
    #[serde(deserialize_with = "nullable")]
    pub request_headers: Option<BTreeMap<String, String>>,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub response_excerpt: String,
}

/// `deliveries show ID`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryDoc {
    pub delivery: DeliveryDetail,
    pub attempts: Vec<Attempt>,
}

/// `deliveries prune`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrunedDoc {
    pub pruned: Pruned,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pruned {
    pub deliveries: usize,
    pub attempts: usize,
}

// ------------------------------------------------------ export / import

/// The document `export` writes and `import` reads (version 1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExportDoc {
    pub version: u32,
    #[serde(deserialize_with = "nullable")]
    pub api_key: Option<String>,
    pub webhooks: Vec<HookSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HookSpec {
    pub name: String,
    pub api_key: String,
    pub url: String,
    pub description: String,
    pub triggers: Vec<String>,
    pub enabled: bool,
    /// Only with `--with-secrets`.
    #[serde(default)]
    pub secret: Option<String>,
}

/// `import`, applied or planned.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ImportDoc {
    pub dry_run: bool,
    pub steps: Vec<ImportStep>,
    pub summary: ImportSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ImportStep {
    /// `create`, `update`, `delete` or `unchanged`.
    pub action: String,
    pub api_key: String,
    pub name: String,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSummary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
}

// ------------------------------------------------------ receiver tools

/// `verify --json`: every check, and the verdict.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VerifyDoc {
    pub valid: bool,
    /// `genuine`, `signature-mismatch`, `timestamp-outside-tolerance` or
    /// `payload-rejected`.
    pub outcome: String,
    pub signature: SignatureCheck,
    pub timestamp: TimestampCheck,
    pub payload: PayloadCheck,
    #[serde(deserialize_with = "nullable")]
    pub diagnosis: Option<Diagnosis>,
    /// Present exactly when the exit code is not 0.
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignatureCheck {
    pub valid: bool,
    /// The secret that matched, masked or named.
    #[serde(deserialize_with = "nullable")]
    pub secret: Option<String>,
    pub secrets_tried: Vec<String>,
    pub v1_entries: usize,
    pub other_versions: usize,
    pub malformed: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TimestampCheck {
    pub valid: bool,
    pub value: i64,
    pub now: i64,
    pub skew_seconds: u64,
    /// `past` or `future`.
    pub direction: String,
    pub tolerance_seconds: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PayloadCheck {
    pub valid: bool,
    #[serde(deserialize_with = "nullable")]
    pub event: Option<String>,
    pub errors: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Diagnosis {
    pub cause: String,
    #[serde(deserialize_with = "nullable")]
    pub secret: Option<String>,
    pub message: String,
}

/// `sign --json` (or `--format json`): the three values and the headers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignedDoc {
    pub message_id: String,
    pub timestamp: i64,
    pub signature: String,
    pub headers: BTreeMap<String, String>,
}

impl LoggedDelivery {
    /// The webhook's name, for a delivery to one webhook.
    #[track_caller]
    pub fn name(&self) -> &str {
        self.hook_name
            .as_deref()
            .expect("a delivery to one webhook")
    }
}

impl DeliveryDetail {
    /// The webhook's name, for a delivery to one webhook.
    #[track_caller]
    pub fn name(&self) -> &str {
        self.hook_name
            .as_deref()
            .expect("a delivery to one webhook")
    }
}

impl Attempt {
    /// The request headers, for an attempt sent from here.
    #[track_caller]
    pub fn headers(&self) -> &BTreeMap<String, String> {
        self.request_headers
            .as_ref()
            .expect("an attempt sent from here")
    }
}
