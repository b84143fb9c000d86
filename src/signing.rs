//! Standard Webhooks signatures: `v1,` and the base64 HMAC-SHA256 of
//! `{webhook-id}.{webhook-timestamp}.{body}` under the secret's key; the
//! `whsec_` secrets that hold those keys; and checking a received
//! `webhook-signature` header.
//!
//! The `standardwebhooks` crate computes the same thing, and the tests hold
//! this module to it; it is not used on the send path because its pure-Rust
//! SHA-256 and the copy of every body it makes cost a fan-out several
//! microseconds per request, where ring's (already in the build for TLS)
//! costs a fraction of one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::hmac;
use std::fmt;
use std::str::FromStr;
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

pub const SECRET_PREFIX: &str = "whsec_";
/// Bytes of key in a secret this tool makes.
const NEW_KEY_BYTES: usize = 32;

/// A signing secret: `whsec_` and the standard base64 of at least one byte
/// of key. Its `Debug` form is masked, so that it cannot leak into a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    text: String,
    key: Vec<u8>,
}

impl Secret {
    /// Parses a secret strictly: the prefix is required (unlike in the
    /// Standard Webhooks libraries), so that a value pasted from the wrong
    /// place is refused instead of silently making another key. A refusal
    /// names the problem, never the secret.
    pub fn parse(text: &str) -> Result<Secret> {
        let shown = describe(text);
        let Some(encoded) = text.strip_prefix(SECRET_PREFIX) else {
            return Err(Error::invalid(format!(
                "{shown} does not start with `whsec_`; a Standard Webhooks secret is `whsec_` \
                 followed by the base64 of its key"
            )));
        };
        let key = STANDARD.decode(encoded).map_err(|e| {
            Error::invalid(format!(
                "{shown} is not `whsec_` followed by standard base64: {}",
                base64_problem(&e)
            ))
        })?;
        if key.is_empty() {
            return Err(Error::invalid(format!(
                "{shown} has no key after `whsec_`; the base64 must decode to at least 1 byte"
            )));
        }
        Ok(Secret {
            text: text.to_string(),
            key,
        })
    }

    /// A fresh secret: `whsec_` and the base64 of 32 bytes from the
    /// operating system's generator.
    pub fn generate() -> Secret {
        let mut key = vec![0u8; NEW_KEY_BYTES];
        getrandom::fill(&mut key).expect("the operating system's random generator is available");
        Secret {
            text: format!("{SECRET_PREFIX}{}", STANDARD.encode(&key)),
            key,
        }
    }

    /// The secret as it is written and stored, in full.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// The decoded key the HMAC uses.
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// Enough of the secret to tell two apart, never enough to use one.
    pub fn masked(&self) -> String {
        mask(&self.text)
    }

    pub fn signer(&self) -> Signer {
        Signer::from_key(&self.key)
    }
}

impl FromStr for Secret {
    type Err = Error;

    fn from_str(s: &str) -> Result<Secret> {
        Secret::parse(s)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

/// `whsec_****…` and the text's last 4 characters.
pub fn mask(text: &str) -> String {
    format!("{SECRET_PREFIX}****…{}", last_chars(text, 4))
}

fn last_chars(text: &str, n: usize) -> String {
    let skip = text.chars().count().saturating_sub(n);
    text.chars().skip(skip).collect()
}

/// How a refusal names a value that was meant to be a secret: its length,
/// and its last 4 characters when that leaves most of it unsaid.
fn describe(text: &str) -> String {
    let chars = text.chars().count();
    if chars >= 16 {
        format!(
            "the secret ending in `{}` ({chars} characters)",
            last_chars(text, 4)
        )
    } else {
        format!("the secret ({chars} characters)")
    }
}

fn base64_problem(e: &base64::DecodeError) -> String {
    use base64::DecodeError as D;
    let shown = |byte: u8| match byte {
        b' ' => "a space".to_string(),
        b'\t' => "a tab".to_string(),
        b'\r' | b'\n' => "a line break".to_string(),
        0x21..=0x7e => format!("`{}`", byte as char),
        _ => format!("the byte 0x{byte:02x}"),
    };
    match e {
        D::InvalidByte(at, byte) => format!(
            "{} at position {} after `whsec_` is not a base64 character",
            shown(*byte),
            at + 1
        ),
        D::InvalidLength(len) => {
            format!("{len} characters after `whsec_` is not a length base64 can have")
        }
        D::InvalidLastSymbol(at, byte) => format!(
            "its last character ({} at position {} after `whsec_`) leaves stray bits",
            shown(*byte),
            at + 1
        ),
        D::InvalidPadding => {
            "its `=` padding is wrong (standard base64 pads to a multiple of 4 characters)"
                .to_string()
        }
    }
}

/// One webhook's signing key, decoded once for all of a delivery's attempts.
pub struct Signer(hmac::Key);

impl Signer {
    /// The key of a `whsec_` secret (the prefix is optional, as in the
    /// Standard Webhooks libraries); `None` when the rest is not base64.
    pub fn new(secret: &str) -> Option<Signer> {
        let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
        let key = STANDARD.decode(encoded).ok()?;
        Some(Signer::from_key(&key))
    }

    pub fn from_key(key: &[u8]) -> Signer {
        Signer(hmac::Key::new(hmac::HMAC_SHA256, key))
    }

    /// The `webhook-signature` header value for one attempt.
    pub fn sign(&self, webhook_id: &str, timestamp: i64, body: &[u8]) -> String {
        format!(
            "v1,{}",
            STANDARD.encode(self.tag(webhook_id, timestamp, body))
        )
    }

    /// Whether one of the header's `v1` entries is this key's signature of
    /// the message. The HMAC is computed once, however many entries the
    /// header has, and each entry is compared with it in constant time.
    pub fn verify(
        &self,
        webhook_id: &str,
        timestamp: i64,
        body: &[u8],
        header: &SignatureHeader,
    ) -> bool {
        let tag = self.tag(webhook_id, timestamp, body);
        header
            .v1
            .iter()
            .any(|entry| bool::from(tag.as_ref().ct_eq(entry)))
    }

    fn tag(&self, webhook_id: &str, timestamp: i64, body: &[u8]) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(webhook_id.as_bytes());
        ctx.update(b".");
        ctx.update(timestamp.to_string().as_bytes());
        ctx.update(b".");
        ctx.update(body);
        ctx.sign()
    }
}

/// What signs one webhook's requests: its secret, and during a rotation's
/// grace period the secret it replaced, whose signature follows the new one
/// in the same header, so that receivers holding either keep verifying.
pub struct Signers {
    current: Signer,
    previous: Option<Signer>,
}

impl Signers {
    /// `None` when the current secret is not a usable `whsec_` secret; a
    /// previous one that is not is left out.
    pub fn new(current: &str, previous: Option<&str>) -> Option<Signers> {
        Some(Signers {
            current: Signer::new(current)?,
            previous: previous.and_then(Signer::new),
        })
    }

    /// The signers of a parsed secret, and of the one it replaced as stored
    /// (left out when it is not usable).
    pub fn of(current: &Secret, previous: Option<&str>) -> Signers {
        Signers {
            current: current.signer(),
            previous: previous.and_then(Signer::new),
        }
    }

    /// The `webhook-signature` header value: `v1,<new>` or `v1,<new> v1,<old>`.
    pub fn header(&self, webhook_id: &str, timestamp: i64, body: &[u8]) -> String {
        let current = self.current.sign(webhook_id, timestamp, body);
        match &self.previous {
            Some(previous) => format!("{current} {}", previous.sign(webhook_id, timestamp, body)),
            None => current,
        }
    }
}

/// A received `webhook-signature` header: a space-separated list in which
/// any `v1,<base64>` entry may match. Entries of other versions (`v1a,…`)
/// are skipped; empty and malformed ones are counted, and never match.
#[derive(Clone, Debug, Default)]
pub struct SignatureHeader {
    v1: Vec<Vec<u8>>,
    pub other_versions: usize,
    pub malformed: usize,
}

impl SignatureHeader {
    pub fn parse(value: &str) -> SignatureHeader {
        let mut header = SignatureHeader::default();
        for entry in value.trim().split(' ') {
            match entry.split_once(',') {
                Some(("v1", encoded)) => match STANDARD.decode(encoded) {
                    Ok(signature) if !signature.is_empty() => header.v1.push(signature),
                    _ => header.malformed += 1,
                },
                Some((version, _)) if is_version(version) => header.other_versions += 1,
                _ => header.malformed += 1,
            }
        }
        header
    }

    /// How many well-formed `v1` entries the header has.
    pub fn v1_entries(&self) -> usize {
        self.v1.len()
    }
}

/// `v1`, `v1a`, `v2`: what a version of the scheme looks like, so that an
/// entry of a newer one is skipped rather than called malformed.
fn is_version(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with('v')
        && s[1..].bytes().all(|b| b.is_ascii_alphanumeric())
        && s.as_bytes()[1].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Byte for byte what the reference implementation signs.
        #[test]
        fn signs_as_the_standard_webhooks_crate_does(
            key in proptest::collection::vec(any::<u8>(), 1..80),
            prefixed in any::<bool>(),
            webhook_id in "msg_[0-9a-f]{1,40}",
            timestamp in 0i64..4_000_000_000,
            body in "\\PC{0,300}",
        ) {
            let secret = format!(
                "{}{}",
                if prefixed { SECRET_PREFIX } else { "" },
                STANDARD.encode(&key)
            );
            let reference = standardwebhooks::Webhook::new(&secret)
                .unwrap()
                .sign(&webhook_id, timestamp, body.as_bytes())
                .unwrap();
            let ours = Signer::new(&secret).unwrap().sign(&webhook_id, timestamp, body.as_bytes());
            prop_assert_eq!(&ours, &reference);
            let header = SignatureHeader::parse(&format!("v1a,xyz {reference}"));
            prop_assert!(Signer::from_key(&key).verify(&webhook_id, timestamp, body.as_bytes(), &header));
        }

        /// Parsing never panics, and nothing but the right tag matches.
        #[test]
        fn any_header_parses_and_only_the_tag_matches(header in "\\PC{0,200}") {
            let parsed = SignatureHeader::parse(&header);
            let body = b"[]";
            prop_assert!(!Signer::from_key(b"k").verify("msg_1", 1, body, &parsed));
        }
    }

    #[test]
    fn generated_secrets_are_standard_webhooks_secrets() {
        let s = Secret::generate();
        assert_eq!(s.key().len(), 32);
        assert_ne!(s.as_str(), Secret::generate().as_str());
        assert!(standardwebhooks::Webhook::new(s.as_str()).is_ok());
        assert!(!s.masked().contains(&s.as_str()[6..20]));
    }

    #[test]
    fn a_secret_that_is_not_base64_has_no_key() {
        assert!(Signer::new("whsec_not base64!").is_none());
        assert!(standardwebhooks::Webhook::new("whsec_not base64!").is_err());
    }

    #[test]
    fn secrets_are_parsed_strictly_and_refusals_do_not_print_them() {
        let fresh = Secret::generate();
        assert_eq!(fresh.key().len(), 32);
        assert_eq!(Secret::parse(fresh.as_str()).unwrap(), fresh);
        assert_ne!(fresh, Secret::generate());
        let body = &fresh.as_str()[SECRET_PREFIX.len()..];
        let cases = [
            (body.to_string(), "does not start with `whsec_`"),
            ("whsec_".to_string(), "at least 1 byte"),
            (
                format!("whsec_{} {}", &body[..20], &body[20..]),
                "a space at position 21 after `whsec_` is not a base64 character",
            ),
            (format!("whsec_{body}\n"), "a line break at position 45"),
            ("whsec_QUJDRA=".to_string(), "padding is wrong"),
            (
                "whsec_QUJDR".to_string(),
                "5 characters after `whsec_` is not a length",
            ),
            ("whsec_QUJDRB==".to_string(), "leaves stray bits"),
            (
                "whsec_QUJD\u{e9}A==".to_string(),
                "the byte 0xc3 at position 5",
            ),
        ];
        for (text, problem) in cases {
            let err = Secret::parse(&text).unwrap_err().to_string();
            assert!(err.contains(problem), "{text:?}: {err}");
            assert!(!err.contains(&body[..20]), "{err}");
        }
        assert!(format!("{fresh:?}").starts_with("Secret(whsec_****…"));
        assert!(!fresh.masked().contains(&body[..20]));
    }

    #[test]
    fn signature_headers_count_what_they_hold() {
        let tag = STANDARD.encode([7u8; 32]);
        let header = SignatureHeader::parse(&format!("v1,{tag}  v1a,{tag} v2,x v1, v1,@@ junk"));
        assert_eq!(header.v1_entries(), 1);
        assert_eq!(header.other_versions, 2);
        assert_eq!(header.malformed, 4);
    }
}
