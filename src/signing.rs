//! Standard Webhooks signatures: `v1,` and the base64 HMAC-SHA256 of
//! `{webhook-id}.{webhook-timestamp}.{body}` under the secret's key.
//!
//! The `standardwebhooks` crate computes the same thing, and the tests hold
//! this module to it; it is not used on the send path because its pure-Rust
//! SHA-256 and the copy of every body it makes cost a fan-out several
//! microseconds per request, where ring's (already in the build for TLS)
//! costs a fraction of one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::hmac;

const SECRET_PREFIX: &str = "whsec_";

/// One webhook's signing key, decoded once for all of a delivery's attempts.
pub struct Signer(hmac::Key);

impl Signer {
    /// The key of a `whsec_` secret (the prefix is optional, as in the
    /// Standard Webhooks libraries); `None` when the rest is not base64.
    pub fn new(secret: &str) -> Option<Signer> {
        let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
        let key = STANDARD.decode(encoded).ok()?;
        Some(Signer(hmac::Key::new(hmac::HMAC_SHA256, &key)))
    }

    /// The `webhook-signature` header value for one attempt.
    pub fn sign(&self, webhook_id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(webhook_id.as_bytes());
        ctx.update(b".");
        ctx.update(timestamp.to_string().as_bytes());
        ctx.update(b".");
        ctx.update(body);
        format!("v1,{}", STANDARD.encode(ctx.sign().as_ref()))
    }
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
            prop_assert_eq!(ours, reference);
        }
    }

    #[test]
    fn a_secret_that_is_not_base64_has_no_key() {
        assert!(Signer::new("whsec_not base64!").is_none());
        assert!(standardwebhooks::Webhook::new("whsec_not base64!").is_err());
    }
}
