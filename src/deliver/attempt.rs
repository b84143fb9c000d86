//! One HTTP attempt of one delivery: signed, sent, its answer read up to a
//! cap and judged, and its log entry written whatever happens to it.

use std::time::{Instant, SystemTime};

use super::attempt_result::{AttemptResult, Retry};
use super::delivery::Queued;
use super::log_writer::{Entry, LogSender};
use super::network_error::network_failure;
use super::{DeliveryOptions, retry};
use crate::clock;
use crate::signing::Signers;
use crate::store::AttemptRecord;

/// How much of a response body is read and kept; the rest is never read.
pub const RESPONSE_CAP: usize = 64 * 1024;

/// Makes attempt `number` of `queued` and logs it; `since` is when the
/// delivery's first attempt of this run began.
pub async fn attempt(
    client: &reqwest::Client,
    queued: &Queued,
    signers: Option<&Signers>,
    (number, since): (u32, Instant),
    opts: &DeliveryOptions,
    log: &LogSender,
) -> AttemptResult {
    let delivery = &queued.delivery;
    let started_at = clock::now_ms();
    let timestamp = started_at / 1000;
    // Checked first, so that a request the policy refuses, which never goes
    // out, is logged without a signature.
    let url = opts.policy.check_url(&delivery.recipient.url);
    let signature = match (&url, signers) {
        (Ok(_), Some(s)) => Some(s.header(&delivery.message_id, timestamp, &delivery.body)),
        _ => None,
    };
    let timestamp = timestamp.to_string();
    let mut pending = PendingAttempt {
        log,
        started: Instant::now(),
        since,
        record: Some(AttemptRecord {
            delivery_id: queued.id,
            number,
            started_at,
            duration_ms: 0,
            // The log writer knows whether the delivery's row has this URL.
            url: Some(delivery.recipient.url.clone()),
            signature: signature.clone(),
            // The log writer knows whether the delivery is new to the run.
            new_delivery: false,
            run_ms: None,
            status: None,
            error: None,
            response_excerpt: Vec::new(),
        }),
    };
    let (result, excerpt) = match (url, &signature) {
        (Err(e), _) => (AttemptResult::fails(e.to_string(), Retry::No), Vec::new()),
        (Ok(_), None) => (
            AttemptResult::fails(
                "the webhook's stored secret is not a valid whsec_ secret; rotate it with \
                 `edit --rotate-secret`"
                    .into(),
                Retry::No,
            ),
            Vec::new(),
        ),
        (Ok(url), Some(signature)) => send(client, queued, url, signature, &timestamp, opts).await,
    };
    pending.finish(&result, excerpt);
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
    /// When the delivery's first attempt of this run began.
    since: Instant,
}

impl PendingAttempt<'_> {
    fn finish(&mut self, result: &AttemptResult, excerpt: Vec<u8>) {
        if let Some(mut record) = self.record.take() {
            record.duration_ms = self.started.elapsed().as_millis() as i64;
            record.status = result.status;
            record.error = result.error.clone();
            record.response_excerpt = excerpt;
            record.run_ms = result
                .succeeded()
                .then(|| self.since.elapsed().as_millis() as i64);
            self.log.send(Entry::Attempt(record));
        }
    }
}

impl Drop for PendingAttempt<'_> {
    fn drop(&mut self) {
        let abandoned = AttemptResult::fails(
            "abandoned when the grace period after an interrupt ran out; the receiver may have \
             received it"
                .into(),
            Retry::No,
        );
        self.finish(&abandoned, Vec::new());
    }
}

/// Sends one attempt to `url`: the delivery's URL as the address policy
/// parsed and checked it, so that it is parsed once.
async fn send(
    client: &reqwest::Client,
    queued: &Queued,
    url: url::Url,
    signature: &str,
    timestamp: &str,
    opts: &DeliveryOptions,
) -> (AttemptResult, Vec<u8>) {
    let delivery = &queued.delivery;
    let deadline = tokio::time::Instant::now() + opts.timeout;
    let request = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &delivery.message_id)
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", signature)
        .body(delivery.body.clone())
        .send();
    let response = match tokio::time::timeout_at(deadline, request).await {
        Err(_) => {
            let error = format!(
                "timed out after {}",
                humantime::format_duration(opts.timeout)
            );
            return (AttemptResult::fails(error, Retry::After(None)), Vec::new());
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
    let (error, retry) = match status {
        200..=299 => (None, Retry::No),
        300..=399 => (
            Some(format!(
                "redirect to {} not followed; webhook URLs must answer directly",
                location.as_deref().unwrap_or("(no Location header)")
            )),
            Retry::No,
        ),
        s if retry::status_is_retryable(s) => (
            None,
            Retry::After(retry::retry_after(
                retry_after.as_deref(),
                SystemTime::now(),
                opts.max_retry_after,
            )),
        ),
        _ => (None, Retry::No),
    };
    let result = AttemptResult {
        status: Some(status),
        error,
        retry,
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
