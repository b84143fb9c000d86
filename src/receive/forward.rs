//! `--forward-to`: a received request goes on to the user's app with its
//! raw body and its `webhook-*` headers, or, with `--resign`, signed afresh
//! with the listener's own secret under the same `webhook-id`.

use bytes::Bytes;
use hyper::HeaderMap;

use super::outbound::{Outbound, Sent, signed_headers};
use crate::clock;
use crate::event::Trigger;
use crate::signing::Signer;
use crate::webhook::MessageIds;

pub struct Forward {
    pub outbound: Outbound,
    /// The listener's own key, with `--resign`.
    pub resign: Option<Signer>,
    /// Only these events are forwarded; empty: every request.
    pub events: Vec<Trigger>,
}

impl Forward {
    pub fn wants(&self, event: Option<Trigger>) -> bool {
        self.events.is_empty() || event.is_some_and(|e| self.events.contains(&e))
    }

    pub async fn send(&self, headers: &HeaderMap, body: Bytes, message_id: Option<&str>) -> Sent {
        let content_type = headers
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        let outgoing = match &self.resign {
            Some(signer) => {
                let fresh;
                let id = match message_id {
                    Some(id) => id,
                    None => {
                        fresh = MessageIds::new().next();
                        &fresh
                    }
                };
                signed_headers(content_type, id, signer, &body, clock::now_ms() / 1000)
            }
            None => as_received(headers, content_type),
        };
        self.outbound.post(&outgoing, body).await
    }
}

/// The content type and every Standard Webhooks header, as received (the
/// `svix-*` spelling too).
fn as_received(headers: &HeaderMap, content_type: &str) -> Vec<(String, String)> {
    let mut kept = vec![("content-type".to_string(), content_type.to_string())];
    for (name, value) in headers {
        let name = name.as_str();
        if (name.starts_with("webhook-") || name.starts_with("svix-"))
            && let Ok(value) = value.to_str()
        {
            kept.push((name.to_string(), value.to_string()));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_signed_headers_and_the_content_type_go_on() {
        let mut headers = HeaderMap::new();
        headers.insert("webhook-id", "msg_1".parse().unwrap());
        headers.insert("webhook-signature", "v1,x".parse().unwrap());
        headers.insert("authorization", "Bearer nope".parse().unwrap());
        headers.insert("x-forwarded-for", "10.0.0.1".parse().unwrap());
        let kept = as_received(&headers, "application/json");
        let names: Vec<&str> = kept.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["content-type", "webhook-id", "webhook-signature"]);
    }
}
