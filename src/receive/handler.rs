//! One request, from its head to its answer: read within the limits,
//! checked, forwarded, recorded, reported, and only then answered.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body, Incoming};
use hyper::header::{CONNECTION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use hyper::{Request, Response, StatusCode};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::checks::{Checks, RequestVerdict};
use super::forward::Forward;
use super::outbound::Sent;
use super::recorder::Recorder;
use super::respond::{Script, Scripted};
use crate::clock;
use crate::store::{Answer, Forwarded, ReceivedRequest, SignatureState};
use crate::verify::request::SignedHeaders;

/// How requests are handled, from the command line.
pub struct Handling {
    /// Only this path is served; every path when `None`.
    pub path: Option<String>,
    pub max_body: usize,
    /// How long a client may take to send its headers, and then its body.
    pub read_timeout: Duration,
    pub checks: Checks,
    /// Answer as if every check passed (the verdicts are still recorded).
    pub accept_invalid: bool,
    pub script: Option<Script>,
    pub forward: Option<Forward>,
}

/// One request as it was handled.
#[derive(Clone, Debug)]
pub struct Handled {
    /// Its id in the store; `None` when it was not recorded.
    pub id: Option<i64>,
    pub request: ReceivedRequest,
    /// Why recording it failed, when it did.
    pub not_recorded: Option<String>,
}

/// What the connections tell the listener's caller.
#[derive(Debug)]
pub enum Report {
    Handled(Box<Handled>),
    /// A request that is no webhook delivery, answered without being read,
    /// checked or recorded: one to a path other than `--path` (404), or
    /// with a method other than POST (405).
    Unrouted {
        method: String,
        path: String,
        status: u16,
        why: String,
    },
    /// A client that ended the TLS handshake because it does not trust
    /// the listener's certificate: its request never arrives, so without
    /// this nothing at the listener would show that it tried.
    CertificateRefused {
        peer: String,
        alert: String,
    },
}

pub(super) struct Shared {
    pub handling: Handling,
    pub recorder: Option<Recorder>,
    pub reports: mpsc::UnboundedSender<Report>,
    /// Lets go of requests held open by `hang` when the listener stops.
    pub release_held: CancellationToken,
}

/// Makes hyper drop the connection without an answer.
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the connection was dropped without an answer")
    }
}

impl std::error::Error for Dropped {}

type Reply = Response<Full<Bytes>>;

pub(super) async fn handle(req: Request<Incoming>, shared: Arc<Shared>) -> Result<Reply, Dropped> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let handling = &shared.handling;
    let unrouted = |status: u16, why: String| Report::Unrouted {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        status,
        why,
    };
    if let Some(path) = &handling.path
        && parts.uri.path() != path
    {
        let _ = shared
            .reports
            .send(unrouted(404, format!("not the path served ({path})")));
        return Ok(text(404, &format!("not found; webhooks go to {path}")));
    }
    // A browser or a health check is not a webhook: it is neither checked
    // nor recorded, and it is not the request `--once` waits for.
    if parts.method != hyper::Method::POST {
        let _ = shared
            .reports
            .send(unrouted(405, "webhooks are sent with POST".to_string()));
        let mut reply = text(405, "method not allowed; webhooks are sent with POST");
        reply
            .headers_mut()
            .insert(hyper::header::ALLOW, HeaderValue::from_static("POST"));
        return Ok(reply);
    }
    let signed = signed_headers(&parts.headers);
    let mut request = unread(&parts, &signed);
    let body = match read_body(body, handling.max_body, handling.read_timeout).await {
        Ok(body) => body,
        Err(BodyProblem::Gone) => return Err(Dropped),
        Err(problem) => return Ok(shared.refuse(request, &problem, started).await),
    };
    let verdict = handling
        .checks
        .check(&signed, &body, request.received_at / 1000);
    let scripted = handling.script.as_ref().and_then(Script::next);
    let forwarded = match &handling.forward {
        Some(forward)
            if (verdict.passed() || handling.accept_invalid) && forward.wants(verdict.event) =>
        {
            let id = signed.id.as_deref();
            Some(forward.send(&parts.headers, body.clone(), id).await)
        }
        _ => None,
    };
    let (answer, reply) = decide(handling, &verdict, scripted, forwarded.as_ref());
    request.body_size = body.len();
    request.body = body;
    request.event = verdict.event;
    request.signature = verdict.signature;
    request.signature_detail = verdict.signature_detail;
    request.payload_errors = verdict.payload_errors;
    request.answer = answer;
    request.forward = forwarded.map(|sent| Forwarded {
        status: sent.status,
        error: sent.error,
        duration_ms: sent.duration_ms,
    });
    request.duration_ms = started.elapsed().as_millis() as i64;
    shared.finish(request).await;
    match answer {
        Answer::Status(_) => Ok(reply),
        Answer::Close => Err(Dropped),
        Answer::Hang => {
            shared.release_held.cancelled().await;
            Err(Dropped)
        }
    }
}

/// The record of a request whose body is not read yet.
fn unread(parts: &hyper::http::request::Parts, signed: &SignedHeaders) -> ReceivedRequest {
    ReceivedRequest {
        received_at: clock::now_ms(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        headers: header_lines(&parts.headers),
        message_id: signed.id.clone(),
        event: None,
        body: Bytes::new(),
        body_size: 0,
        signature: SignatureState::NotChecked,
        signature_detail: None,
        payload_errors: Vec::new(),
        answer: Answer::Status(204),
        forward: None,
        duration_ms: 0,
    }
}

impl Shared {
    /// Answers a request whose body is too large or too slow, unchecked,
    /// and closes its connection: the rest of the body is never read.
    async fn refuse(
        &self,
        mut request: ReceivedRequest,
        problem: &BodyProblem,
        started: Instant,
    ) -> Reply {
        let (status, why) = problem.refusal(&self.handling);
        request.signature_detail = Some("not checked: the body was not read".into());
        request.body_size = problem.size(self.handling.max_body);
        request.payload_errors = vec![why.clone()];
        request.answer = Answer::Status(status);
        request.duration_ms = started.elapsed().as_millis() as i64;
        self.finish(request).await;
        let mut reply = text(status, &why);
        reply
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
        reply
    }

    /// Records the request (when recording), then reports it.
    async fn finish(&self, request: ReceivedRequest) {
        let (id, not_recorded) = match &self.recorder {
            Some(recorder) => match recorder.record(request.clone()).await {
                Ok(id) => (Some(id), None),
                Err(why) => (None, Some(why)),
            },
            None => (None, None),
        };
        let handled = Handled {
            id,
            request,
            not_recorded,
        };
        let _ = self.reports.send(Report::Handled(Box::new(handled)));
    }
}

/// The answer: the script's when there is one; otherwise 401 or 400 for a
/// request that failed a check (unless `--accept-invalid`), the app's
/// status when it was forwarded (502 when the app could not be reached),
/// and 204 for the rest.
fn decide(
    handling: &Handling,
    verdict: &RequestVerdict,
    scripted: Option<Scripted>,
    forwarded: Option<&Sent>,
) -> (Answer, Reply) {
    match scripted {
        Some(Scripted::Hang) => return (Answer::Hang, text(204, "")),
        Some(Scripted::Close) => return (Answer::Close, text(204, "")),
        Some(Scripted::Status(status)) => return (Answer::Status(status), text(status, "")),
        Some(Scripted::RetryAfter(status, seconds)) => {
            let mut reply = text(status, "");
            reply.headers_mut().insert(RETRY_AFTER, seconds.into());
            return (Answer::Status(status), reply);
        }
        None => {}
    }
    if !verdict.passed() && !handling.accept_invalid {
        let detail = |d: &Option<String>| d.clone().unwrap_or_default();
        let (status, why) = if !verdict.signature.passed() {
            (
                401,
                format!(
                    "the signature does not verify: {}",
                    detail(&verdict.signature_detail)
                ),
            )
        } else {
            (
                400,
                format!(
                    "the payload breaks echo3D's rules: {}",
                    verdict.payload_errors.join("; ")
                ),
            )
        };
        return (Answer::Status(status), text(status, &why));
    }
    match forwarded {
        Some(Sent {
            status: Some(status),
            retry_after,
            ..
        }) => {
            let mut reply = text(*status, "");
            if let Some(value) = retry_after.as_deref().and_then(|v| v.parse().ok()) {
                reply.headers_mut().insert(RETRY_AFTER, value);
            }
            (Answer::Status(*status), reply)
        }
        Some(Sent { error, .. }) => {
            let why = format!(
                "the app could not be reached: {}",
                error.as_deref().unwrap_or("no answer")
            );
            (Answer::Status(502), text(502, &why))
        }
        None => (Answer::Status(204), text(204, "")),
    }
}

enum BodyProblem {
    /// Over `--max-body`; the size the request declared, if it did.
    TooLarge(Option<u64>),
    TimedOut,
    /// The client went away.
    Gone,
}

impl BodyProblem {
    fn refusal(&self, handling: &Handling) -> (u16, String) {
        match self {
            BodyProblem::TooLarge(_) => (
                413,
                format!(
                    "the body is larger than the limit of {} bytes (--max-body)",
                    handling.max_body
                ),
            ),
            _ => (
                408,
                format!(
                    "the body did not arrive within {} (--read-timeout)",
                    humantime::format_duration(handling.read_timeout)
                ),
            ),
        }
    }

    /// What the record gives as the body's size: more than the kept empty
    /// body, so that it is never sent again as if it were whole.
    fn size(&self, max_body: usize) -> usize {
        match self {
            BodyProblem::TooLarge(Some(declared)) => *declared as usize,
            _ => max_body + 1,
        }
    }
}

/// Reads the body, refusing one over `max` before reading any of it when
/// its length is declared, and as soon as it passes `max` otherwise.
async fn read_body(body: Incoming, max: usize, timeout: Duration) -> Result<Bytes, BodyProblem> {
    let declared = body.size_hint().exact();
    if declared.is_some_and(|n| n > max as u64) {
        return Err(BodyProblem::TooLarge(declared));
    }
    match tokio::time::timeout(timeout, Limited::new(body, max).collect()).await {
        Err(_) => Err(BodyProblem::TimedOut),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(BodyProblem::TooLarge(None))
        }
        Ok(Err(_)) => Err(BodyProblem::Gone),
    }
}

/// The three Standard Webhooks headers, under their `svix-*` names too.
fn signed_headers(headers: &HeaderMap) -> SignedHeaders {
    let value = |name: &str, alias: &str| {
        headers
            .get(name)
            .or_else(|| headers.get(alias))
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    SignedHeaders {
        id: value("webhook-id", "svix-id"),
        timestamp: value("webhook-timestamp", "svix-timestamp"),
        signature: value("webhook-signature", "svix-signature"),
    }
}

fn header_lines(headers: &HeaderMap) -> String {
    let mut lines = String::new();
    for (name, value) in headers {
        lines.push_str(name.as_str());
        lines.push_str(": ");
        lines.push_str(&String::from_utf8_lossy(value.as_bytes()));
        lines.push('\n');
    }
    lines
}

fn text(status: u16, body: &str) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(body.to_string())));
    *reply.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if !body.is_empty() {
        reply.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    reply
}
