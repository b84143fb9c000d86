//! Requests to the user's own app, where `listen --forward-to` and
//! `received replay --to` send: through the delivery engine's client (TLS
//! verified, the guarded resolver, no redirects, no proxy), one attempt each.
//!
//! The app usually runs on this machine, so a loopback target is allowed
//! without the development opt-in, and may use plain http; any other target
//! is under the usual address policy.

use bytes::Bytes;
use std::path::Path;
use std::time::{Duration, Instant};
use url::Url;

use crate::address::AddressPolicy;
use crate::deliver::{self, ClientConfig};
use crate::error::{Error, Result};
use crate::loopback::is_loopback_host;
use crate::signing::Signer;

/// The app's URL, checked, and the policy its address is held to.
#[derive(Clone, Debug)]
pub struct Target {
    pub url: Url,
    policy: AddressPolicy,
}

impl Target {
    /// `flag` names the option the URL came from, for the error.
    pub fn parse(raw: &str, policy: AddressPolicy, flag: &str) -> Result<Target> {
        let loopback = Url::parse(raw).is_ok_and(|url| is_loopback_host(&url));
        // Your app takes plain http on this machine without any opt-in, so
        // the webhook URL's rule (https, or http with the opt-in) would
        // name the wrong remedy.
        if let Ok(url) = Url::parse(raw) {
            match url.scheme() {
                "https" => {}
                "http" if loopback => {}
                "http" => {
                    return Err(Error::invalid(format!(
                        "{flag}: URL {raw:?} uses plain http, which is accepted only for an app \
                         on this machine (127.0.0.0/8, ::1 or localhost); use https for one \
                         elsewhere"
                    )));
                }
                other => {
                    return Err(Error::invalid(format!(
                        "{flag}: URL {raw:?} uses the scheme `{other}`; use http for an app on \
                         this machine, or https"
                    )));
                }
            }
        }
        let policy = if loopback {
            AddressPolicy {
                allow_private_targets: true,
            }
        } else {
            policy
        };
        let url = policy
            .check_url(raw)
            .map_err(|e| Error::invalid(format!("{flag}: {e}")))?;
        Ok(Target { url, policy })
    }
}

/// What one request to the app came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub status: Option<u16>,
    /// The app's `Retry-After`, passed back to a sender as it was.
    pub retry_after: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl Sent {
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

pub struct Outbound {
    client: reqwest::Client,
    pub target: Target,
    timeout: Duration,
}

impl Outbound {
    pub fn new(target: Target, ca_cert: Option<&Path>, timeout: Duration) -> Result<Outbound> {
        let setup = deliver::client_setup(&ClientConfig {
            policy: target.policy,
            connect_timeout: timeout,
            ca_cert,
            proxy: None,
            pool_size: 64,
        })?
        .finish()?;
        Ok(Outbound {
            client: setup.client()?,
            target,
            timeout,
        })
    }

    /// POSTs `body` with `headers`; never follows a redirect.
    pub async fn post(&self, headers: &[(String, String)], body: Bytes) -> Sent {
        let started = Instant::now();
        let mut request = self.client.post(self.target.url.clone()).body(body);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let mut sent = match tokio::time::timeout(self.timeout, request.send()).await {
            Err(_) => Sent {
                error: Some(format!(
                    "timed out after {}",
                    humantime::format_duration(self.timeout)
                )),
                ..Sent::default()
            },
            Ok(Err(e)) => Sent {
                error: deliver::network_failure(&e).error,
                ..Sent::default()
            },
            Ok(Ok(response)) => Sent {
                status: Some(response.status().as_u16()),
                retry_after: response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                error: None,
                duration_ms: 0,
            },
        };
        sent.duration_ms = started.elapsed().as_millis() as i64;
        sent
    }
}

/// The Standard Webhooks headers of `body`, signed now under `message_id`,
/// with its content type.
pub fn signed_headers(
    content_type: &str,
    message_id: &str,
    signer: &Signer,
    body: &[u8],
    now_seconds: i64,
) -> Vec<(String, String)> {
    vec![
        ("content-type".into(), content_type.to_string()),
        ("webhook-id".into(), message_id.to_string()),
        ("webhook-timestamp".into(), now_seconds.to_string()),
        (
            "webhook-signature".into(),
            signer.sign(message_id, now_seconds, body),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_targets_need_no_opt_in_and_others_do() {
        let strict = AddressPolicy::default();
        for ok in [
            "http://localhost:3000/webhooks",
            "http://127.0.0.1:3000/",
            "https://[::1]/x",
        ] {
            assert!(Target::parse(ok, strict, "--to").is_ok(), "{ok}");
        }
        let err = Target::parse("http://10.0.0.5:3000/", strict, "--forward-to")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--forward-to: URL"), "{err}");
        let private = AddressPolicy {
            allow_private_targets: true,
        };
        assert!(Target::parse("https://10.0.0.5:3000/", private, "--to").is_ok());
        assert!(Target::parse("http://10.0.0.5:3000/", private, "--to").is_err());
        assert!(Target::parse("https://hooks.example.com/", strict, "--to").is_ok());
    }
}
