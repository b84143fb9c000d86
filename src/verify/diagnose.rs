//! Why a signature does not match: the usual causes, tried in turn. A cause
//! is named only when it actually produces a signature the header holds, so
//! a diagnosis is a finding, never a guess.

use super::json::{Json, Layout};
use super::{CandidateSecret, Diagnosis, Message};
use crate::signing::{SECRET_PREFIX, SignatureHeader, Signer};

/// What a diagnosis found, for scripts to branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The header has no `v1` entry at all.
    NoV1Signature,
    /// The body was parsed and written out again before it was checked.
    BodyReserialized(Layout),
    /// The checked body ends with a newline that was not signed.
    TrailingNewlineAdded,
    /// The signed body ended with a newline the checked one lacks.
    TrailingNewlineRemoved,
    /// Another stored webhook's secret signed the request.
    OtherWebhookSecret,
    /// The sender used the secret's text as the key instead of its
    /// base64-decoded bytes.
    SecretTextAsKey,
    /// The signature is good, but the timestamp is outside the tolerance.
    TimestampOutsideTolerance,
    /// None of the usual causes fits.
    NoneFits,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::NoV1Signature => "no-v1-signature",
            Cause::BodyReserialized(Layout::Compact) => "body-reserialized-compact",
            Cause::BodyReserialized(Layout::Pretty2 | Layout::Pretty4) => {
                "body-reserialized-pretty"
            }
            Cause::BodyReserialized(Layout::Spaced) => "body-reserialized-spaced",
            Cause::TrailingNewlineAdded => "trailing-newline-added",
            Cause::TrailingNewlineRemoved => "trailing-newline-removed",
            Cause::OtherWebhookSecret => "other-webhook-secret",
            Cause::SecretTextAsKey => "secret-text-as-key",
            Cause::TimestampOutsideTolerance => "timestamp-outside-tolerance",
            Cause::NoneFits => "none-fits",
        }
    }
}

/// Whether a key signed a body, under the request's id, timestamp and header.
type SignedBy<'a> = dyn Fn(&[u8], &[u8]) -> bool + 'a;

/// Looks for the cause of a signature that matches none of `candidates`,
/// trying other stored webhooks' secrets (`others`) as well.
pub fn mismatch(
    message: &Message<'_>,
    header: &SignatureHeader,
    candidates: &[CandidateSecret],
    others: &[CandidateSecret],
) -> Diagnosis {
    let signed_by = |key: &[u8], body: &[u8]| {
        Signer::from_key(key).verify(message.id, message.timestamp, body, header)
    };
    no_v1_entry(header)
        .or_else(|| changed_body(message.body, candidates, &signed_by))
        .or_else(|| other_webhook(message.body, others, &signed_by))
        .or_else(|| text_as_key(message.body, candidates, &signed_by))
        .unwrap_or_else(|| none_fits(others.len()))
}

fn no_v1_entry(header: &SignatureHeader) -> Option<Diagnosis> {
    (header.v1_entries() == 0).then(|| {
        Diagnosis::new(
            Cause::NoV1Signature,
            None,
            format!(
                "the webhook-signature header has no v1 entry ({} of other versions, {} \
                 malformed); a Standard Webhooks signature is `v1,` and the base64 of the \
                 HMAC-SHA256",
                header.other_versions, header.malformed
            ),
        )
    })
}

fn changed_body(
    body: &[u8],
    candidates: &[CandidateSecret],
    signed_by: &SignedBy<'_>,
) -> Option<Diagnosis> {
    let (cause, label) = body_variants(body).into_iter().find_map(|(cause, body)| {
        let secret = candidates
            .iter()
            .find(|c| signed_by(c.secret.key(), &body))?;
        Some((cause, secret.label.clone()))
    })?;
    let message = match cause {
        Cause::BodyReserialized(layout) => format!(
            "the body was re-serialized: the signature matches the same JSON {}, signed \
             with {label}; verify the raw bytes as received, before any JSON parsing",
            layout.describe()
        ),
        Cause::TrailingNewlineAdded => format!(
            "a trailing newline was added: the signature matches the body without its final \
             newline, signed with {label}; an editor or `echo` may have added it"
        ),
        _ => format!(
            "a trailing newline was removed: the signature matches the body with a final \
             newline, signed with {label}; something trimmed the body before the check"
        ),
    };
    Some(Diagnosis::new(cause, Some(label), message))
}

fn other_webhook(
    body: &[u8],
    others: &[CandidateSecret],
    signed_by: &SignedBy<'_>,
) -> Option<Diagnosis> {
    let other = others.iter().find(|o| signed_by(o.secret.key(), body))?;
    Some(Diagnosis::new(
        Cause::OtherWebhookSecret,
        Some(other.label.clone()),
        format!(
            "the request was signed with the secret of another stored webhook, {}; the \
             sender has the wrong webhook's secret, or the receiver checks with the wrong one",
            other.label
        ),
    ))
}

fn text_as_key(
    body: &[u8],
    candidates: &[CandidateSecret],
    signed_by: &SignedBy<'_>,
) -> Option<Diagnosis> {
    let (label, form) = candidates.iter().find_map(|c| {
        let text = c.secret.as_str();
        let forms = [
            ("the whole text", text),
            ("the base64 text", &text[SECRET_PREFIX.len()..]),
        ];
        let form = forms
            .iter()
            .find(|(_, key)| signed_by(key.as_bytes(), body))?;
        Some((c.label.clone(), form.0))
    })?;
    Some(Diagnosis::new(
        Cause::SecretTextAsKey,
        Some(label.clone()),
        format!(
            "the sender used the secret's text as the key ({form} of the secret {label}) \
             instead of the bytes its base64 decodes to"
        ),
    ))
}

fn none_fits(others: usize) -> Diagnosis {
    Diagnosis::new(
        Cause::NoneFits,
        None,
        format!(
            "none of the usual causes fits; tried: the body re-serialized (compact, pretty, \
             spaced), a trailing newline added or removed, {others} other stored webhook \
             secret{}, and the secret's text as the key. The request was signed over another \
             id, timestamp or body, or with a secret that is not here",
            if others == 1 { "" } else { "s" }
        ),
    )
}

/// The bodies a sender may have signed when the receiver checks `body`. A
/// newline at the end comes first: it is the smaller change, and a compact
/// body with one differs from its re-serialization by that newline alone.
fn body_variants(body: &[u8]) -> Vec<(Cause, Vec<u8>)> {
    let mut variants = Vec::new();
    if let Some(trimmed) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
    {
        variants.push((Cause::TrailingNewlineAdded, trimmed.to_vec()));
    } else {
        variants.push((Cause::TrailingNewlineRemoved, [body, b"\n"].concat()));
    }
    if let Ok(json) = Json::parse(body) {
        for layout in Layout::ALL {
            let written = json.write(layout);
            if written != body && variants.iter().all(|(_, v)| *v != written) {
                variants.push((Cause::BodyReserialized(layout), written));
            }
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::Secret;

    fn candidate(label: &str) -> CandidateSecret {
        CandidateSecret {
            label: label.to_string(),
            secret: Secret::generate(),
        }
    }

    fn diagnose(
        signed: (&[u8], &[u8]),
        received: &[u8],
        candidates: &[CandidateSecret],
        others: &[CandidateSecret],
    ) -> Diagnosis {
        let (key, body) = signed;
        let signature = Signer::from_key(key).sign("msg_1", 1795716000, body);
        let message = Message {
            id: "msg_1",
            timestamp: 1795716000,
            body: received,
        };
        mismatch(
            &message,
            &SignatureHeader::parse(&signature),
            candidates,
            others,
        )
    }

    #[test]
    fn each_cause_is_found_only_when_it_signs() {
        let ours = [candidate("inventory-sync (current)")];
        let key = ours[0].secret.key();
        let compact = br#"{"b":1,"a":[2]}"#;
        let pretty = b"{\n  \"b\": 1,\n  \"a\": [\n    2\n  ]\n}";
        let cases: [(&[u8], &[u8], Cause); 4] = [
            (compact, pretty, Cause::BodyReserialized(Layout::Compact)),
            (pretty, compact, Cause::BodyReserialized(Layout::Pretty2)),
            (
                compact,
                b"{\"b\":1,\"a\":[2]}\n",
                Cause::TrailingNewlineAdded,
            ),
            (b"x\n", b"x", Cause::TrailingNewlineRemoved),
        ];
        for (signed, received, cause) in cases {
            let d = diagnose((key, signed), received, &ours, &[]);
            assert_eq!(d.cause, cause, "{}", d.message);
            assert_eq!(d.secret.as_deref(), Some("inventory-sync (current)"));
        }
        let d = diagnose((key, b"another body"), compact, &ours, &[]);
        assert_eq!(d.cause, Cause::NoneFits, "{}", d.message);

        let others = [candidate("webhook crm (wh_1)")];
        let d = diagnose((others[0].secret.key(), compact), compact, &ours, &others);
        assert_eq!(d.cause, Cause::OtherWebhookSecret, "{}", d.message);
        assert_eq!(d.secret.as_deref(), Some("webhook crm (wh_1)"));

        let text = ours[0].secret.as_str().as_bytes();
        let d = diagnose((text, compact), compact, &ours, &[]);
        assert_eq!(d.cause, Cause::SecretTextAsKey, "{}", d.message);
        let base64_text = &text[SECRET_PREFIX.len()..];
        let d = diagnose((base64_text, compact), compact, &ours, &[]);
        assert!(
            d.message
                .contains("the base64 text of the secret inventory-sync"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_header_without_v1_entries_says_so() {
        let message = Message {
            id: "m",
            timestamp: 1,
            body: b"{}",
        };
        let header = SignatureHeader::parse("v1a,abc  junk");
        let d = mismatch(&message, &header, &[candidate("a")], &[]);
        assert_eq!(d.cause, Cause::NoV1Signature);
        assert!(
            d.message.contains("(1 of other versions, 2 malformed)"),
            "{}",
            d.message
        );
    }
}
