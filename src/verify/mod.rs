//! Checking a received webhook request as a receiver must: the signature
//! over the raw bytes (any labelled candidate secret may match), the
//! timestamp against a tolerance, then the payload against echo3D's rules;
//! and, when the signature fails, the cause. Inputs are plain values and the
//! result is a `Verdict`, so that `verify` and a receiving server share it.

mod diagnose;
pub mod json;
pub mod payload;
pub mod request;

use std::time::Duration;

use crate::error::{Error, Result};
use crate::signing::{Secret, SignatureHeader};
use crate::webhook::{PreviousSecret, Webhook};

pub use diagnose::Cause;
pub use payload::PayloadCheck;

/// A secret that may have signed the request, with the name a verdict
/// gives it: `inventory-sync (current)`, or the masked secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateSecret {
    pub label: String,
    pub secret: Secret,
}

impl CandidateSecret {
    /// A secret given on the command line, named by its masked form.
    pub fn given(text: &str) -> Result<CandidateSecret> {
        let secret = Secret::parse(text)?;
        let label = secret.masked();
        Ok(CandidateSecret { label, secret })
    }

    /// A stored webhook's secret, named `NAME (current)`, and the one a
    /// rotation replaced, named by `previous_label`: during the rotation's
    /// grace period a receiver may verify with either, and so may we.
    pub fn of_webhook(
        hook: &Webhook,
        previous_label: impl FnOnce(&PreviousSecret) -> String,
    ) -> Result<Vec<CandidateSecret>> {
        let mut candidates = vec![CandidateSecret {
            label: format!("{} (current)", hook.name),
            secret: hook.signing_secret()?,
        }];
        if let Some(previous) = &hook.previous_secret
            && let Ok(secret) = Secret::parse(&previous.secret)
        {
            let label = previous_label(previous);
            candidates.push(CandidateSecret { label, secret });
        }
        Ok(candidates)
    }
}

/// A received request: its three Standard Webhooks header values, as
/// received, and its body, as raw bytes.
#[derive(Clone, Copy, Debug)]
pub struct Received<'a> {
    pub id: &'a str,
    pub timestamp: &'a str,
    pub signature: &'a str,
    pub body: &'a [u8],
}

/// What a signature covers.
pub(crate) struct Message<'a> {
    pub id: &'a str,
    pub timestamp: i64,
    pub body: &'a [u8],
}

/// When the check runs and how far a timestamp may be from it.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// Unix seconds.
    pub now: i64,
    pub tolerance: Duration,
}

#[derive(Clone, Debug)]
pub struct Verdict {
    pub signature: SignatureCheck,
    pub timestamp: TimestampCheck,
    pub payload: PayloadCheck,
    /// Why the signature or the timestamp failed; `None` when both are good.
    pub diagnosis: Option<Diagnosis>,
}

#[derive(Clone, Debug)]
pub struct SignatureCheck {
    /// The label of the candidate secret that signed the request.
    pub matched: Option<String>,
    /// Every candidate's label, in the order tried.
    pub tried: Vec<String>,
    pub v1_entries: usize,
    pub other_versions: usize,
    pub malformed: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampCheck {
    pub value: i64,
    pub now: i64,
    /// How far the timestamp is from now, in whole seconds.
    pub skew_seconds: u64,
    pub direction: Direction,
    pub tolerance_seconds: u64,
}

/// Where the timestamp lies relative to now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
    Now,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub cause: Cause,
    /// The label of the secret that produced a matching signature.
    pub secret: Option<String>,
    pub message: String,
}

/// The verdict as one value, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Genuine,
    SignatureMismatch,
    TimestampOutsideTolerance,
    PayloadRejected,
}

impl Outcome {
    /// The outcome's name in `verify`'s record and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Genuine => "genuine",
            Outcome::SignatureMismatch => "signature-mismatch",
            Outcome::TimestampOutsideTolerance => "timestamp-outside-tolerance",
            Outcome::PayloadRejected => "payload-rejected",
        }
    }
}

/// Checks one request against the candidate secrets; `others` (such as
/// other stored webhooks' secrets) are only tried to explain a mismatch.
/// An error is bad input: a timestamp that is not a Unix time.
pub fn check(
    received: &Received<'_>,
    candidates: &[CandidateSecret],
    others: &[CandidateSecret],
    clock: Clock,
) -> Result<Verdict> {
    let message = Message {
        id: received.id,
        timestamp: parse_timestamp(received.timestamp)?,
        body: received.body,
    };
    let header = SignatureHeader::parse(received.signature);
    let matched = candidates.iter().find(|c| {
        c.secret
            .signer()
            .verify(message.id, message.timestamp, message.body, &header)
    });
    let timestamp = TimestampCheck::new(message.timestamp, clock);
    let diagnosis = match matched {
        None => Some(diagnose::mismatch(&message, &header, candidates, others)),
        Some(c) if !timestamp.within_tolerance() => Some(Diagnosis::new(
            Cause::TimestampOutsideTolerance,
            Some(c.label.clone()),
            format!(
                "the signature is valid (signed with {}), but the timestamp is {}; the sender's \
                 clock and this one disagree, or the request was held back or replayed",
                c.label,
                timestamp.describe()
            ),
        )),
        Some(_) => None,
    };
    Ok(Verdict {
        signature: SignatureCheck {
            matched: matched.map(|c| c.label.clone()),
            tried: candidates.iter().map(|c| c.label.clone()).collect(),
            v1_entries: header.v1_entries(),
            other_versions: header.other_versions,
            malformed: header.malformed,
        },
        timestamp,
        payload: payload::check(received.body),
        diagnosis,
    })
}

/// A `webhook-timestamp`: Unix seconds, written as a plain integer.
pub fn parse_timestamp(text: &str) -> Result<i64> {
    let shown: String = text.chars().take(40).collect();
    let ellipsis = if shown.len() < text.len() { "…" } else { "" };
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(format!(
            "the webhook-timestamp `{shown}{ellipsis}` is not a Unix time in whole seconds"
        )));
    }
    text.parse().map_err(|_| {
        Error::invalid(format!(
            "the webhook-timestamp `{shown}{ellipsis}` is too far from 1970 to be a Unix time \
             in seconds"
        ))
    })
}

impl Diagnosis {
    fn new(cause: Cause, secret: Option<String>, message: String) -> Diagnosis {
        Diagnosis {
            cause,
            secret,
            message,
        }
    }
}

impl TimestampCheck {
    fn new(value: i64, clock: Clock) -> TimestampCheck {
        let skew = i128::from(clock.now) - i128::from(value);
        TimestampCheck {
            value,
            now: clock.now,
            skew_seconds: u64::try_from(skew.unsigned_abs()).unwrap_or(u64::MAX),
            direction: match skew.signum() {
                1 => Direction::Past,
                -1 => Direction::Future,
                _ => Direction::Now,
            },
            tolerance_seconds: clock.tolerance.as_secs(),
        }
    }

    pub fn within_tolerance(&self) -> bool {
        self.skew_seconds <= self.tolerance_seconds
    }

    /// `42s in the past, within the tolerance of 5m`.
    pub fn describe(&self) -> String {
        let human = |secs: u64| humantime::format_duration(Duration::from_secs(secs)).to_string();
        let skew = match self.direction {
            Direction::Now => "exactly now".to_string(),
            Direction::Past => format!("{} in the past", human(self.skew_seconds)),
            Direction::Future => format!("{} in the future", human(self.skew_seconds)),
        };
        let relation = if self.within_tolerance() {
            "within"
        } else {
            "beyond"
        };
        format!(
            "{skew}, {relation} the tolerance of {}",
            human(self.tolerance_seconds)
        )
    }
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Past => "past",
            Direction::Future => "future",
            Direction::Now => "now",
        }
    }
}

impl Verdict {
    pub fn outcome(&self) -> Outcome {
        if self.signature.matched.is_none() {
            Outcome::SignatureMismatch
        } else if !self.timestamp.within_tolerance() {
            Outcome::TimestampOutsideTolerance
        } else if !self.payload.is_valid() {
            Outcome::PayloadRejected
        } else {
            Outcome::Genuine
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Trigger;

    const NOW: i64 = 1_795_716_000;

    fn clock() -> Clock {
        Clock {
            now: NOW,
            tolerance: Duration::from_secs(300),
        }
    }

    fn candidates() -> Vec<CandidateSecret> {
        ["previous", "current"]
            .map(|which| CandidateSecret {
                label: format!("inventory-sync ({which})"),
                secret: Secret::generate(),
            })
            .to_vec()
    }

    fn received<'a>(signature: &'a str, timestamp: &'a str, body: &'a [u8]) -> Received<'a> {
        Received {
            id: "msg_1",
            timestamp,
            signature,
            body,
        }
    }

    #[test]
    fn any_labelled_candidate_may_match() {
        let secrets = candidates();
        let body = Trigger::Upload.sample().to_body();
        let signature = secrets[1].secret.signer().sign("msg_1", NOW - 42, &body);
        let ts = (NOW - 42).to_string();
        let verdict = check(&received(&signature, &ts, &body), &secrets, &[], clock()).unwrap();
        assert_eq!(verdict.outcome(), Outcome::Genuine);
        assert_eq!(
            verdict.signature.matched.as_deref(),
            Some("inventory-sync (current)")
        );
        assert_eq!(
            verdict.timestamp.describe(),
            "42s in the past, within the tolerance of 5m"
        );
        assert_eq!(verdict.diagnosis, None);
    }

    #[test]
    fn outcomes_follow_their_precedence() {
        let secrets = candidates();
        let late = (NOW + 301).to_string();
        let body = b"{}";
        let signature = secrets[0].secret.signer().sign("msg_1", NOW + 301, body);
        let verdict = check(&received(&signature, &late, body), &secrets, &[], clock()).unwrap();
        assert_eq!(verdict.outcome(), Outcome::TimestampOutsideTolerance);
        let diagnosis = verdict.diagnosis.unwrap();
        assert_eq!(diagnosis.cause, Cause::TimestampOutsideTolerance);
        assert!(
            diagnosis.message.contains("5m 1s in the future, beyond"),
            "{}",
            diagnosis.message
        );
        let now = NOW.to_string();
        let bad = check(&received(&signature, &now, body), &secrets, &[], clock()).unwrap();
        assert_eq!(bad.outcome(), Outcome::SignatureMismatch);
        let signature = secrets[0].secret.signer().sign("msg_1", NOW, body);
        let rejected = check(&received(&signature, &now, body), &secrets, &[], clock()).unwrap();
        assert_eq!(rejected.outcome(), Outcome::PayloadRejected);
    }

    #[test]
    fn timestamps_must_be_whole_unix_seconds() {
        assert_eq!(parse_timestamp("-1").unwrap(), -1);
        for bad in ["abc", "", "-", "1.5", " 1", "+1", "1e9"] {
            let err = parse_timestamp(bad).unwrap_err().to_string();
            assert!(
                err.contains("is not a Unix time in whole seconds"),
                "{bad:?}: {err}"
            );
        }
        let err = parse_timestamp("99999999999999999999")
            .unwrap_err()
            .to_string();
        assert!(err.contains("too far from 1970"), "{err}");
        let extreme = TimestampCheck::new(i64::MIN, clock());
        assert_eq!(extreme.direction, Direction::Past);
        assert!(!extreme.within_tolerance());
    }
}
