//! The documents about received requests: the JSON Lines of `listen`
//! (`listening`, then one `request` per request, then `summary`), and
//! `received`, `received show`, `received replay` and `received prune`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::ErrorJson;
use crate::clock;
use crate::event::Trigger;
use crate::receive::PlannedReplay;
use crate::store::{ReceivedRequest, ReceivedRow};

/// One received request: what came, the two verdicts, the answer, and the
/// forward.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedJson<'a> {
    /// Its id in the store (`received show`, `received replay`); `null`
    /// when it was not recorded (`--no-record`).
    pub received_id: Option<i64>,
    pub received_at: String,
    pub method: &'a str,
    pub path: &'a str,
    /// The `webhook-id` header.
    pub message_id: Option<&'a str>,
    /// The event the body names, if it names one of the nine.
    pub event: Option<Trigger>,
    /// Whether every check that ran passed.
    pub valid: bool,
    pub signature: SignatureVerdictJson<'a>,
    pub payload: PayloadVerdictJson<'a>,
    /// The status sent; `null` when there was none (`answer` says why).
    pub status: Option<u16>,
    /// `status`, `hang` or `close`.
    pub answer: &'static str,
    pub forward: Option<ForwardJson<'a>>,
    pub duration_ms: i64,
}

#[derive(Debug, Serialize)]
pub struct SignatureVerdictJson<'a> {
    /// `valid`, `mismatch`, `timestamp-outside-tolerance` or `not-checked`.
    pub verdict: &'static str,
    /// The secret that matched, or why none did.
    pub detail: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct PayloadVerdictJson<'a> {
    pub valid: bool,
    pub errors: &'a [String],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardJson<'a> {
    pub url: Option<&'a str>,
    /// The app's status; `null` when it could not be reached.
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
}

impl<'a> ReceivedJson<'a> {
    pub fn new(
        id: Option<i64>,
        r: &'a ReceivedRequest,
        forward_to: Option<&'a str>,
    ) -> ReceivedJson<'a> {
        ReceivedJson {
            received_id: id,
            received_at: clock::format_ms(r.received_at),
            method: &r.method,
            path: &r.path,
            message_id: r.message_id.as_deref(),
            event: r.event,
            valid: r.valid(),
            signature: SignatureVerdictJson {
                verdict: r.signature.as_str(),
                detail: r.signature_detail.as_deref(),
            },
            payload: PayloadVerdictJson {
                valid: r.payload_errors.is_empty(),
                errors: &r.payload_errors,
            },
            status: r.answer.status(),
            answer: r.answer.kind().unwrap_or("status"),
            forward: r.forward.as_ref().map(|f| ForwardJson {
                url: forward_to,
                status: f.status,
                error: f.error.as_deref(),
                duration_ms: f.duration_ms,
            }),
            duration_ms: r.duration_ms,
        }
    }
}

impl<'a> From<&'a ReceivedRow> for ReceivedJson<'a> {
    fn from(row: &'a ReceivedRow) -> ReceivedJson<'a> {
        ReceivedJson::new(Some(row.id), &row.request, row.forward_to.as_deref())
    }
}

/// A request in full: its headers and body too.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedDetail<'a> {
    #[serde(flatten)]
    pub request: ReceivedJson<'a>,
    /// Names in lower case; a name received twice has its values joined
    /// with `, `.
    pub headers: Map<String, Value>,
    /// The body as text (invalid UTF-8 replaced), as far as it was kept.
    pub body: String,
    /// The body's size as received.
    pub body_size: usize,
    /// Whether only the first 64 KiB were kept (or none, when refused).
    pub body_truncated: bool,
}

impl<'a> ReceivedDetail<'a> {
    pub fn new(request: ReceivedJson<'a>, r: &'a ReceivedRequest) -> ReceivedDetail<'a> {
        ReceivedDetail {
            request,
            headers: header_object(&r.headers),
            body: String::from_utf8_lossy(&r.body).into_owned(),
            body_size: r.body_size,
            body_truncated: !r.body_complete(),
        }
    }
}

/// `Name: value` lines as one object.
pub fn header_object(lines: &str) -> Map<String, Value> {
    let mut headers = Map::new();
    for (name, value) in lines.lines().filter_map(|l| l.split_once(':')) {
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        match headers.get_mut(&name) {
            Some(Value::String(earlier)) => {
                earlier.push_str(", ");
                earlier.push_str(value);
            }
            _ => {
                headers.insert(name, Value::String(value.to_string()));
            }
        }
    }
    headers
}

/// `received show ID` (a `ReceivedDetail`), and a line of `listen --json`
/// (a `ReceivedJson`, or with `-v` a `ReceivedDetail`).
#[derive(Debug, Serialize)]
pub struct RequestDoc<T> {
    pub request: T,
}

/// `received`: its list is streamed under this key, newest first.
pub struct RequestsDoc;

impl RequestsDoc {
    pub const KEY: &'static str = "requests";
}

/// The first line of `listen --json`.
#[derive(Debug, Serialize)]
pub struct ListeningDoc<'a> {
    pub listening: ListeningJson<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeningJson<'a> {
    /// Where a sender on this machine posts.
    pub url: &'a str,
    pub bind: String,
    pub port: u16,
    /// The only path served; `null` for every path.
    pub path: Option<&'a str>,
    pub tls: bool,
    /// The local CA's certificate, for `fire --ca-cert`; `null` without
    /// `--tls`, or with the user's own certificate.
    pub ca_path: Option<String>,
    /// The secrets signatures are checked with (masked, or webhook names);
    /// empty when signatures are not checked.
    pub secrets: Vec<&'a str>,
    pub forward_to: Option<&'a str>,
    /// With `--resign`: the listener's secret, which the app verifies with.
    pub resign_secret: Option<&'a str>,
    pub recording: bool,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenCounts {
    pub received: usize,
    pub valid: usize,
    pub invalid: usize,
    pub forwarded: usize,
    pub forward_failed: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenSummary<'a> {
    #[serde(flatten)]
    pub counts: &'a ListenCounts,
    /// `signal`, `once` or `timeout`.
    pub stopped_by: &'static str,
}

/// The last line of `listen --json` (before an error, if there is one).
#[derive(Debug, Serialize)]
pub struct ListenEndDoc<'a> {
    pub summary: ListenSummary<'a>,
}

/// `listen --print-secret`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerSecretDoc<'a> {
    pub listener_secret: &'a str,
}

/// A recorded request sent again, and where to.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayedRequest<'a> {
    pub received_id: i64,
    pub message_id: &'a str,
    pub event: Option<Trigger>,
    pub url: &'a str,
}

impl<'a> ReplayedRequest<'a> {
    pub fn new(plan: &'a PlannedReplay, url: &'a str) -> ReplayedRequest<'a> {
        ReplayedRequest {
            received_id: plan.received_id,
            message_id: &plan.message_id,
            event: plan.event,
            url,
        }
    }
}

/// One request sent again.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayJson<'a> {
    #[serde(flatten)]
    pub request: ReplayedRequest<'a>,
    /// `succeeded` (a 2xx) or `failed`.
    pub state: &'static str,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
}

#[derive(Debug, Default, Serialize)]
pub struct ReplayCounts {
    pub total: usize,
    pub succeeded: usize,
    pub failed: usize,
}

/// `received replay`: its `replays` are streamed, then this.
#[derive(Debug, Serialize)]
pub struct ReplayTail {
    pub summary: ReplayCounts,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorJson>,
}

impl ReplayTail {
    pub const KEY: &'static str = "replays";
}

/// One request a `received replay --dry-run` would send.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedReplayJson<'a> {
    #[serde(flatten)]
    pub request: ReplayedRequest<'a>,
    pub headers: Map<String, Value>,
    pub body: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayDryRunDoc<'a> {
    pub dry_run: bool,
    pub replays: Vec<PlannedReplayJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PrunedRequests {
    pub requests: usize,
}

/// `received prune`.
#[derive(Debug, Serialize)]
pub struct PrunedRequestsDoc {
    pub pruned: PrunedRequests,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headers_are_joined_and_names_lowered() {
        let headers = header_object("Accept: a\nX-Twice: 1\nx-twice: 2\nbroken line\n");
        assert_eq!(
            Value::Object(headers),
            serde_json::json!({"accept": "a", "x-twice": "1, 2"})
        );
    }
}
