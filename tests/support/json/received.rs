//! The documents about received requests: the JSON Lines of `listen`, and
//! `received`, `received show`, `received replay` (and its dry run),
//! `received prune` and `listen --print-secret`.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::{ErrorJson, nullable};

/// One line of `listen --json`: an object with one key, which says what the
/// line is (`listening` first, a `request` per request, the `summary`, and
/// an `error` when the exit code is not 0).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ListenLine {
    Listening(Listening),
    Request(ReceivedRequest),
    Summary(ListenSummary),
    Error(ErrorJson),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Listening {
    pub url: String,
    pub bind: String,
    pub port: u16,
    /// The only path served; `null` for every path.
    #[serde(deserialize_with = "nullable")]
    pub path: Option<String>,
    pub tls: bool,
    /// The local CA's certificate; `null` without it.
    #[serde(deserialize_with = "nullable")]
    pub ca_path: Option<String>,
    /// Masked secrets or webhook names; empty when nothing is checked.
    pub secrets: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub forward_to: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub resign_secret: Option<String>,
    pub recording: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoppedBy {
    Signal,
    Once,
    Timeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListenSummary {
    pub received: usize,
    pub valid: usize,
    pub invalid: usize,
    pub forwarded: usize,
    pub forward_failed: usize,
    pub stopped_by: StoppedBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Valid,
    Mismatch,
    TimestampOutsideTolerance,
    NotChecked,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureVerdict {
    pub verdict: Verdict,
    /// The secret that matched, or why none did.
    #[serde(deserialize_with = "nullable")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadVerdict {
    pub valid: bool,
    pub errors: Vec<String>,
}

/// What the listener did with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Sent `status`.
    Status,
    /// Held the connection open until the sender gave up.
    Hang,
    /// Dropped the connection without an answer.
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Forward {
    #[serde(deserialize_with = "nullable")]
    pub url: Option<String>,
    /// The app's status; `null` when it could not be reached.
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// One received request (a line of `listen --json`, an entry of
/// `received --json`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceivedRequest {
    /// `null` when it was not recorded (`--no-record`).
    #[serde(deserialize_with = "nullable")]
    pub received_id: Option<i64>,
    pub received_at: String,
    pub method: String,
    pub path: String,
    /// The `webhook-id` header.
    #[serde(deserialize_with = "nullable")]
    pub message_id: Option<String>,
    /// The event the body names, if one of the nine.
    #[serde(deserialize_with = "nullable")]
    pub event: Option<String>,
    pub valid: bool,
    pub signature: SignatureVerdict,
    pub payload: PayloadVerdict,
    /// `null` when `answer` is not `status`.
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    pub answer: Answer,
    /// `null` when the request was not forwarded.
    #[serde(deserialize_with = "nullable")]
    pub forward: Option<Forward>,
    pub duration_ms: u64,
}

/// A received request in full (`received show`): the fields of
/// `ReceivedRequest`, and what came.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceivedDetail {
    #[serde(deserialize_with = "nullable")]
    pub received_id: Option<i64>,
    pub received_at: String,
    pub method: String,
    pub path: String,
    #[serde(deserialize_with = "nullable")]
    pub message_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub event: Option<String>,
    pub valid: bool,
    pub signature: SignatureVerdict,
    pub payload: PayloadVerdict,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    pub answer: Answer,
    #[serde(deserialize_with = "nullable")]
    pub forward: Option<Forward>,
    pub duration_ms: u64,
    /// Names in lower case; a repeated name's values joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// As far as it was kept.
    pub body: String,
    /// As received.
    pub body_size: usize,
    pub body_truncated: bool,
}

/// `received`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestsDoc {
    pub requests: Vec<ReceivedRequest>,
}

/// `received show ID`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    pub request: ReceivedDetail,
}

/// `listen --print-secret`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListenerSecretDoc {
    pub listener_secret: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplayState {
    /// The app answered a 2xx.
    Succeeded,
    Failed,
}

/// One request sent again.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Replay {
    pub received_id: i64,
    pub message_id: String,
    #[serde(deserialize_with = "nullable")]
    pub event: Option<String>,
    pub url: String,
    pub state: ReplayState,
    #[serde(deserialize_with = "nullable")]
    pub status: Option<u16>,
    #[serde(deserialize_with = "nullable")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaySummary {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
}

/// `received replay`; `error` when it exits non-zero.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaysDoc {
    pub replays: Vec<Replay>,
    pub summary: ReplaySummary,
    #[serde(default)]
    pub error: Option<ErrorJson>,
}

/// One request a dry run would send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlannedReplay {
    pub received_id: i64,
    pub message_id: String,
    #[serde(deserialize_with = "nullable")]
    pub event: Option<String>,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

/// `received replay --dry-run`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReplayDryRunDoc {
    pub dry_run: bool,
    pub replays: Vec<PlannedReplay>,
}

/// `received prune`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrunedRequestsDoc {
    pub pruned: PrunedRequests,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrunedRequests {
    pub requests: usize,
}
