//! The two verdicts on a received request: its signature, by the same check
//! `verify` makes (`verify::check`), when there are secrets to check it
//! with; and its payload, against echo3D's rules, always.

use std::sync::{Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::event::Trigger;
use crate::store::SignatureState;
use crate::verify::request::SignedHeaders;
use crate::verify::{self, CandidateSecret, Clock, Outcome, payload};

/// The secrets a request may be signed with, and the other stored
/// webhooks' secrets: never a match, only the explanation of a mismatch
/// ("signed with the secret of webhook X").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    pub candidates: Vec<CandidateSecret>,
    pub others: Vec<CandidateSecret>,
}

/// Reads the secrets again from the store, `None` when it cannot: a
/// webhook's secret may be rotated, or webhooks added, while `listen` runs.
pub type ReloadSecrets = Box<dyn Fn() -> Option<Secrets> + Send + Sync>;

/// The secrets, and how far a request's timestamp may be from now.
pub struct Checks {
    secrets: RwLock<Secrets>,
    /// Tried on a mismatch only: a request that verifies costs no read of
    /// the store. After a read that found nothing new, the next waits
    /// `RELOAD_EVERY`, so that a flood of forged requests costs one read a
    /// second; after one that found a change, the next may follow at once.
    reload: Option<ReloadSecrets>,
    idle_reload: Mutex<Option<Instant>>,
    tolerance: Duration,
}

const RELOAD_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestVerdict {
    pub signature: SignatureState,
    /// The label of the secret that matched, or why none did.
    pub signature_detail: Option<String>,
    pub event: Option<Trigger>,
    /// Empty when the payload keeps echo3D's rules.
    pub payload_errors: Vec<String>,
}

impl RequestVerdict {
    /// Whether every check that ran passed.
    pub fn passed(&self) -> bool {
        self.signature.passed() && self.payload_errors.is_empty()
    }
}

impl Checks {
    pub fn new(secrets: Secrets, tolerance: Duration, reload: Option<ReloadSecrets>) -> Checks {
        Checks {
            secrets: RwLock::new(secrets),
            reload,
            idle_reload: Mutex::new(None),
            tolerance,
        }
    }

    /// Checks one request; `now` is Unix seconds. A signature that matches
    /// none of the secrets is checked once more with the store's secrets as
    /// they are now, which also names a secret rotated or added since.
    pub fn check(&self, headers: &SignedHeaders, body: &[u8], now: i64) -> RequestVerdict {
        let verdict = self.check_with(&self.read(), headers, body, now);
        // Other secrets can only change a mismatch of a request that has
        // all three headers; a timestamp outside the tolerance stays so.
        let stale = verdict.signature == SignatureState::Mismatch
            && headers.id.is_some()
            && headers.timestamp.is_some()
            && headers.signature.is_some();
        match (&self.reload, stale && self.may_reload()) {
            (Some(reload), true) => match reload() {
                Some(fresh) => {
                    let again = self.check_with(&fresh, headers, body, now);
                    let mut secrets = self.secrets.write().unwrap_or_else(PoisonError::into_inner);
                    let idle = (*secrets == fresh).then(Instant::now);
                    *self
                        .idle_reload
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner) = idle;
                    *secrets = fresh;
                    again
                }
                None => verdict,
            },
            _ => verdict,
        }
    }

    /// Whether a reload may run: always, unless the last one found nothing
    /// new less than `RELOAD_EVERY` ago.
    fn may_reload(&self) -> bool {
        let idle = self
            .idle_reload
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        idle.is_none_or(|at| at.elapsed() >= RELOAD_EVERY)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Secrets> {
        self.secrets.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn check_with(
        &self,
        secrets: &Secrets,
        headers: &SignedHeaders,
        body: &[u8],
        now: i64,
    ) -> RequestVerdict {
        if secrets.candidates.is_empty() {
            let payload = payload::check(body);
            return RequestVerdict {
                signature: SignatureState::NotChecked,
                signature_detail: None,
                event: payload.event,
                payload_errors: payload.errors,
            };
        }
        let hint = "a Standard Webhooks sender sends webhook-id, webhook-timestamp and \
                    webhook-signature";
        let (id, timestamp, signature) = match headers.clone().complete(hint) {
            Ok(three) => three,
            Err(missing) => return mismatch(missing.to_string(), body),
        };
        let received = verify::Received {
            id: &id,
            timestamp: &timestamp,
            signature: &signature,
            body,
        };
        let clock = Clock {
            now,
            tolerance: self.tolerance,
        };
        let verdict = match verify::check(&received, &secrets.candidates, &secrets.others, clock) {
            Ok(verdict) => verdict,
            Err(bad_timestamp) => return mismatch(bad_timestamp.to_string(), body),
        };
        let (signature, signature_detail) = match verdict.outcome() {
            Outcome::SignatureMismatch => (
                SignatureState::Mismatch,
                verdict.diagnosis.as_ref().map(|d| d.message.clone()),
            ),
            Outcome::TimestampOutsideTolerance => (
                SignatureState::TimestampOutsideTolerance,
                verdict.diagnosis.as_ref().map(|d| d.message.clone()),
            ),
            Outcome::Genuine | Outcome::PayloadRejected => {
                (SignatureState::Valid, verdict.signature.matched.clone())
            }
        };
        RequestVerdict {
            signature,
            signature_detail,
            event: verdict.payload.event,
            payload_errors: verdict.payload.errors,
        }
    }
}

fn mismatch(why: String, body: &[u8]) -> RequestVerdict {
    let payload = payload::check(body);
    RequestVerdict {
        signature: SignatureState::Mismatch,
        signature_detail: Some(why),
        event: payload.event,
        payload_errors: payload.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Secret;

    const NOW: i64 = 1_795_716_000;

    fn checks(secret: &Secret) -> Checks {
        let secrets = Secrets {
            candidates: vec![CandidateSecret {
                label: "inventory-sync (current)".into(),
                secret: secret.clone(),
            }],
            others: Vec::new(),
        };
        Checks::new(secrets, Duration::from_secs(300), None)
    }

    fn signed(secret: &Secret, body: &[u8], at: i64) -> SignedHeaders {
        SignedHeaders {
            id: Some("msg_1".into()),
            timestamp: Some(at.to_string()),
            signature: Some(secret.signer().sign("msg_1", at, body)),
        }
    }

    #[test]
    fn verdicts_name_the_secret_or_the_problem() {
        let secret = Secret::generate();
        let body = Trigger::Upload.sample().to_body();
        let good = checks(&secret).check(&signed(&secret, &body, NOW), &body, NOW);
        assert!(good.passed());
        assert_eq!(good.event, Some(Trigger::Upload));
        assert_eq!(
            good.signature_detail.as_deref(),
            Some("inventory-sync (current)")
        );

        let mut tampered = body.clone();
        tampered[12] ^= 1;
        let bad = checks(&secret).check(&signed(&secret, &body, NOW), &tampered, NOW);
        assert_eq!(bad.signature, SignatureState::Mismatch);
        assert!(!bad.passed());

        let late = checks(&secret).check(&signed(&secret, &body, NOW - 600), &body, NOW);
        assert_eq!(late.signature, SignatureState::TimestampOutsideTolerance);

        let unsigned = checks(&secret).check(&SignedHeaders::default(), &body, NOW);
        assert_eq!(unsigned.signature, SignatureState::Mismatch);
        assert!(
            unsigned
                .signature_detail
                .unwrap()
                .starts_with("the webhook-id header is missing")
        );
    }

    #[test]
    fn without_secrets_only_the_payload_is_checked() {
        let none = Checks::new(Secrets::default(), Duration::from_secs(300), None);
        let verdict = none.check(&SignedHeaders::default(), b"{}", NOW);
        assert_eq!(verdict.signature, SignatureState::NotChecked);
        assert_eq!(verdict.payload_errors.len(), 7);
        assert!(!verdict.passed());
    }
}
