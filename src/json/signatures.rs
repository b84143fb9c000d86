//! `verify --json` and `sign --json`: a received request's verdict, check
//! by check, and the headers that sign a body.

use serde::Serialize;

use super::ErrorJson;
use crate::error::Error;
use crate::verify::{Outcome, Verdict};

/// `verify --json`: every check, and the verdict.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyDoc<'a> {
    valid: bool,
    outcome: &'static str,
    signature: SignatureJson<'a>,
    timestamp: TimestampJson,
    payload: PayloadJson<'a>,
    diagnosis: Option<DiagnosisJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignatureJson<'a> {
    valid: bool,
    secret: Option<&'a str>,
    secrets_tried: Vec<&'a str>,
    v1_entries: usize,
    other_versions: usize,
    malformed: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimestampJson {
    valid: bool,
    value: i64,
    now: i64,
    skew_seconds: u64,
    direction: &'static str,
    tolerance_seconds: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadJson<'a> {
    valid: bool,
    event: Option<&'static str>,
    errors: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosisJson<'a> {
    cause: &'static str,
    secret: Option<&'a str>,
    message: &'a str,
}

impl<'a> VerifyDoc<'a> {
    /// The verdict, and the error it ends with unless it is genuine.
    pub fn of(v: &'a Verdict, failure: Option<&Error>) -> VerifyDoc<'a> {
        let ts = &v.timestamp;
        VerifyDoc {
            valid: v.outcome() == Outcome::Genuine,
            outcome: v.outcome().as_str(),
            signature: SignatureJson {
                valid: v.signature.matched.is_some(),
                secret: v.signature.matched.as_deref(),
                secrets_tried: v.signature.tried.iter().map(String::as_str).collect(),
                v1_entries: v.signature.v1_entries,
                other_versions: v.signature.other_versions,
                malformed: v.signature.malformed,
            },
            timestamp: TimestampJson {
                valid: ts.within_tolerance(),
                value: ts.value,
                now: ts.now,
                skew_seconds: ts.skew_seconds,
                direction: ts.direction.as_str(),
                tolerance_seconds: ts.tolerance_seconds,
            },
            payload: PayloadJson {
                valid: v.payload.is_valid(),
                event: v.payload.event.map(|e| e.as_str()),
                errors: &v.payload.errors,
            },
            diagnosis: v.diagnosis.as_ref().map(|d| DiagnosisJson {
                cause: d.cause.as_str(),
                secret: d.secret.as_deref(),
                message: &d.message,
            }),
            error: failure.map(ErrorJson::from),
        }
    }
}

/// `sign --format json`: the three values, and the headers ready to send.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedDoc<'a> {
    message_id: &'a str,
    timestamp: i64,
    signature: &'a str,
    headers: HeaderValues<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct HeaderValues<'a> {
    webhook_id: &'a str,
    webhook_timestamp: String,
    webhook_signature: &'a str,
}

impl<'a> SignedDoc<'a> {
    pub fn of(message_id: &'a str, timestamp: i64, signature: &'a str) -> SignedDoc<'a> {
        SignedDoc {
            message_id,
            timestamp,
            signature,
            headers: HeaderValues {
                webhook_id: message_id,
                webhook_timestamp: timestamp.to_string(),
                webhook_signature: signature,
            },
        }
    }
}
