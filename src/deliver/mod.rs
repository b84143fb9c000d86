//! Sending payloads: bounded concurrent fan-out, Standard Webhooks signing,
//! retries, capped response reading, and a log entry for every attempt.

pub mod client;
pub mod log_writer;
pub mod resolver;
pub mod retry;

use bytes::Bytes;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio_util::sync::CancellationToken;

use crate::address::{AddressPolicy, AddressRefused};
use crate::clock;
use crate::event::Trigger;
use crate::signing::Signer;
use crate::store::{AttemptRecord, DeliveryOutcomeRecord, DeliveryState, LogEntry};
use log_writer::LogSender;

/// How much of a response body is read and kept; the rest is never read.
pub const RESPONSE_CAP: usize = 64 * 1024;

/// How deliveries are sent.
#[derive(Clone, Debug)]
pub struct DeliveryOptions {
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
    pub max_retry_after: Duration,
    pub policy: AddressPolicy,
}

/// One payload to send to one webhook.
#[derive(Clone, Debug)]
pub struct Target {
    /// Its place in the run, which is how the log writer finds its row.
    pub slot: usize,
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
    pub secret: String,
    pub event: Trigger,
    pub webhook_id: String,
    pub body: Bytes,
    /// The number of this run's first attempt: 1, or more on a redelivery.
    pub first_attempt: u32,
}

/// How one delivery ended in this run.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    #[serde(skip)]
    pub slot: usize,
    /// Its id in the log; none only when the log could not be written.
    pub delivery_id: Option<i64>,
    pub webhook_id: String,
    pub hook_id: String,
    pub hook_name: String,
    pub url: String,
    pub event: Trigger,
    #[serde(serialize_with = "state_str")]
    pub state: DeliveryState,
    pub attempts: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
}

fn state_str<S: serde::Serializer>(state: &DeliveryState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(state.as_str())
}

/// Stops a run: `soft` stops starting deliveries and retries; `hard`, after
/// the grace period, abandons the attempts still in flight.
#[derive(Clone, Default)]
pub struct Stop {
    pub soft: CancellationToken,
    pub hard: CancellationToken,
}

/// The targets still to send, shared by every sending thread.
pub type Queue = Arc<Mutex<std::vec::IntoIter<Target>>>;

pub fn queue(targets: Vec<Target>) -> Queue {
    Arc::new(Mutex::new(targets.into_iter()))
}

/// Sends targets from `queue` with at most `workers` in flight, and returns
/// the outcomes of those that were started, by delivery id. A fixed pool of
/// workers pulls from the queue, so memory stays flat however many targets
/// there are; several threads can each run a pool on one queue.
pub async fn deliver_all(
    client: reqwest::Client,
    queue: Queue,
    workers: usize,
    opts: Arc<DeliveryOptions>,
    log: LogSender,
    stop: Stop,
    on_done: Arc<dyn Fn(&Outcome) + Send + Sync>,
) -> Vec<Outcome> {
    let waiting = queue.lock().expect("queue lock").len();
    let workers = workers.clamp(1, waiting.max(1));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (queue, client, opts, log, stop, on_done) = (
            queue.clone(),
            client.clone(),
            opts.clone(),
            log.clone(),
            stop.clone(),
            on_done.clone(),
        );
        set.spawn(async move {
            let mut outcomes = Vec::new();
            loop {
                if stop.soft.is_cancelled() {
                    break;
                }
                let next = queue.lock().expect("queue lock").next();
                let Some(target) = next else { break };
                // Write-ahead: no request leaves before its delivery's row is
                // in the log. The writer records rows well ahead, so this
                // rarely waits; a delivery left unsent here ends as
                // interrupted.
                if !log.row_recorded(target.slot).await || stop.soft.is_cancelled() {
                    break;
                }
                let outcome = deliver_one(&client, target, &opts, &log, &stop).await;
                // Lets the connection just used go back to the pool before
                // the next request looks for one; without this, that request
                // raced a new connection (and TLS handshake) against it, and
                // a fan-out opened twice as many connections as workers.
                tokio::task::yield_now().await;
                on_done(&outcome);
                outcomes.push(outcome);
            }
            outcomes
        });
    }
    let mut all = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(outcomes) = done {
            all.extend(outcomes);
        }
    }
    all.sort_by_key(|o| o.slot);
    all
}

/// What one attempt came to.
struct AttemptResult {
    status: Option<u16>,
    error: Option<String>,
    retry: Retry,
}

enum Retry {
    No,
    /// Worth another attempt, after the server's `Retry-After` if it gave one.
    After(Option<Duration>),
}

async fn deliver_one(
    client: &reqwest::Client,
    target: Target,
    opts: &DeliveryOptions,
    log: &LogSender,
    stop: &Stop,
) -> Outcome {
    let started = Instant::now();
    let signer = Signer::new(&target.secret);
    let mut attempts = 0;
    let mut last = AttemptResult {
        status: None,
        error: Some("interrupted before the first attempt".into()),
        retry: Retry::No,
    };
    let mut interrupted = false;
    // The attempt whose request was out when the grace period ended.
    let mut abandoned = None;
    for retry in 0..=opts.retries {
        if retry > 0 {
            let wait = match last.retry {
                Retry::After(Some(wait)) => wait,
                _ => retry::backoff(opts.backoff, retry),
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.soft.cancelled() => { interrupted = true; break; }
            }
        }
        let number = target.first_attempt + attempts;
        let result = tokio::select! {
            r = attempt(client, &target, signer.as_ref(), number, opts, log) => r,
            // Dropping the attempt logs it as abandoned (see `PendingAttempt`).
            _ = stop.hard.cancelled() => {
                interrupted = true;
                abandoned = Some(number);
                attempts += 1;
                break;
            }
        };
        attempts += 1;
        last = result;
        if matches!(last.retry, Retry::No) {
            break;
        }
    }
    let succeeded = last.status.is_some_and(|s| (200..300).contains(&s));
    let state = if succeeded {
        DeliveryState::Succeeded
    } else if interrupted {
        DeliveryState::Interrupted
    } else {
        DeliveryState::Failed
    };
    if let Some(number) = abandoned {
        last.error = Some(format!(
            "interrupted: attempt {number} got no response within the grace period and was \
             abandoned (the receiver may have received it)"
        ));
    } else if interrupted && attempts == 0 {
        last.error = Some("interrupted before the first attempt".into());
    } else if interrupted {
        last.error = Some(format!(
            "interrupted after {attempts} attempt(s); last: {}",
            describe(last.status, last.error.as_deref())
        ));
    }
    // Standard Webhooks: 410 Gone means the receiver wants no more deliveries;
    // the result says so, so that the run (and the log) explain the switch-off.
    let gone = last.status == Some(410);
    if gone {
        last.error = Some("Gone; webhook disabled, no further deliveries".into());
    }
    let duration = started.elapsed();
    log.send(LogEntry::Finished(DeliveryOutcomeRecord {
        slot: target.slot,
        state,
        last_status: last.status,
        last_error: last.error.clone(),
        duration_ms: duration.as_millis() as i64,
    }));
    if gone {
        log.send(LogEntry::DisableHook {
            hook_id: target.hook_id.clone(),
            reason: format!(
                "the receiver answered 410 Gone at {}",
                clock::format_ms(clock::now_ms())
            ),
        });
    }
    Outcome {
        slot: target.slot,
        delivery_id: None,
        webhook_id: target.webhook_id,
        hook_id: target.hook_id,
        hook_name: target.hook_name,
        url: target.url,
        event: target.event,
        state,
        attempts,
        status: last.status,
        error: last.error,
        duration_ms: duration.as_millis() as u64,
    }
}

/// A status or an error as one short phrase, for tables and messages.
pub fn describe(status: Option<u16>, error: Option<&str>) -> String {
    match (status, error) {
        (Some(s), Some(e)) => format!("HTTP {s}: {e}"),
        (Some(s), None) => format!("HTTP {s}"),
        (None, Some(e)) => e.to_string(),
        (None, None) => "no response".to_string(),
    }
}

async fn attempt(
    client: &reqwest::Client,
    target: &Target,
    signer: Option<&Signer>,
    number: u32,
    opts: &DeliveryOptions,
    log: &LogSender,
) -> AttemptResult {
    let started_at = clock::now_ms();
    let started = Instant::now();
    let timestamp = started_at / 1000;
    let signature = signer.map(|s| s.sign(&target.webhook_id, timestamp, &target.body));
    let timestamp = timestamp.to_string();
    let headers = SentHeaders {
        content_type: "application/json",
        user_agent: client::USER_AGENT,
        webhook_id: &target.webhook_id,
        webhook_signature: signature.as_deref(),
        webhook_timestamp: &timestamp,
    };
    let mut pending = PendingAttempt {
        log,
        started,
        record: Some(AttemptRecord {
            slot: target.slot,
            number,
            started_at,
            duration_ms: 0,
            url: target.url.clone(),
            request_headers: serde_json::to_string(&headers).expect("strings serialize"),
            status: None,
            error: None,
            response_excerpt: Vec::new(),
        }),
    };
    let (result, excerpt) = match &signature {
        None => (
            AttemptResult {
                status: None,
                error: Some("the webhook's stored secret is not a valid whsec_ secret; rotate it with `edit --rotate-secret`".into()),
                retry: Retry::No,
            },
            Vec::new(),
        ),
        Some(signature) => match opts.policy.check_url(&target.url) {
            Err(e) => (
                AttemptResult {
                    status: None,
                    error: Some(e.to_string()),
                    retry: Retry::No,
                },
                Vec::new(),
            ),
            Ok(url) => send(client, target, url, signature, &timestamp, opts).await,
        },
    };
    if let Some(mut record) = pending.record.take() {
        record.duration_ms = started.elapsed().as_millis() as i64;
        record.status = result.status;
        record.error = result.error.clone();
        record.response_excerpt = excerpt;
        log.send(LogEntry::Attempt(record));
    }
    result
}

/// An attempt whose request may be on the wire. If its future is dropped
/// before it finishes (the grace period after an interrupt ran out), the
/// attempt is still logged, as abandoned: the receiver may have received it,
/// and the log must never show fewer requests than were sent.
struct PendingAttempt<'a> {
    log: &'a LogSender,
    started: Instant,
    record: Option<AttemptRecord>,
}

impl Drop for PendingAttempt<'_> {
    fn drop(&mut self) {
        if let Some(mut record) = self.record.take() {
            record.duration_ms = self.started.elapsed().as_millis() as i64;
            record.error = Some(
                "abandoned when the grace period after an interrupt ran out; the receiver may \
                 have received it"
                    .into(),
            );
            self.log.send(LogEntry::Attempt(record));
        }
    }
}

/// The request headers as the log keeps them: a JSON object, keys in
/// alphabetical order.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct SentHeaders<'a> {
    content_type: &'a str,
    user_agent: &'a str,
    webhook_id: &'a str,
    webhook_signature: Option<&'a str>,
    webhook_timestamp: &'a str,
}

/// Sends one attempt to `url`: the target's URL as the address policy
/// parsed and checked it, so that it is parsed once.
async fn send(
    client: &reqwest::Client,
    target: &Target,
    url: url::Url,
    signature: &str,
    timestamp: &str,
    opts: &DeliveryOptions,
) -> (AttemptResult, Vec<u8>) {
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &target.webhook_id)
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", signature)
        .body(target.body.clone())
        .send();
    let response = match tokio::time::timeout_at(deadline, request).await {
        Err(_) => {
            return (
                AttemptResult {
                    status: None,
                    error: Some(format!(
                        "timed out after {}",
                        humantime::format_duration(opts.timeout)
                    )),
                    retry: Retry::After(None),
                },
                Vec::new(),
            );
        }
        Ok(Err(e)) => return (network_failure(&e), Vec::new()),
        Ok(Ok(response)) => response,
    };
    let status = response.status().as_u16();
    let header = |name: reqwest::header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let location = header(reqwest::header::LOCATION);
    let retry_after = header(reqwest::header::RETRY_AFTER);
    let excerpt = tokio::time::timeout_at(deadline, read_capped(response))
        .await
        .unwrap_or_default();
    let result = match status {
        200..=299 => AttemptResult {
            status: Some(status),
            error: None,
            retry: Retry::No,
        },
        300..=399 => AttemptResult {
            status: Some(status),
            error: Some(format!(
                "redirect to {} not followed; webhook URLs must answer directly",
                location.as_deref().unwrap_or("(no Location header)")
            )),
            retry: Retry::No,
        },
        s if retry::status_is_retryable(s) => AttemptResult {
            status: Some(s),
            error: None,
            retry: Retry::After(retry::retry_after(
                retry_after.as_deref(),
                SystemTime::now(),
                opts.max_retry_after,
            )),
        },
        s => AttemptResult {
            status: Some(s),
            error: None,
            retry: Retry::No,
        },
    };
    (result, excerpt)
}

/// Reads at most `RESPONSE_CAP` bytes of the body and stops there.
async fn read_capped(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = RESPONSE_CAP - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= RESPONSE_CAP {
            break;
        }
    }
    body
}

/// A transport error as a readable message; refusals by the address policy
/// and certificate failures are final, other network errors are retried.
fn network_failure(e: &reqwest::Error) -> AttemptResult {
    let mut messages: Vec<String> = Vec::new();
    let mut retry = Retry::After(None);
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if err.downcast_ref::<AddressRefused>().is_some() {
            retry = Retry::No;
        }
        if let Some(tls) = err.downcast_ref::<rustls::Error>()
            && matches!(tls, rustls::Error::InvalidCertificate(_))
        {
            retry = Retry::No;
        }
        let text = err.to_string();
        if !text.contains("for url (") && !messages.iter().any(|m| m.contains(&text)) {
            messages.push(text);
        }
        // io::Error hides its inner error from `source()`; look inside it.
        current = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner),
            None => err.source(),
        };
    }
    if messages.is_empty() {
        messages.push(e.to_string());
    }
    AttemptResult {
        status: None,
        error: Some(messages.join(": ")),
        retry,
    }
}
