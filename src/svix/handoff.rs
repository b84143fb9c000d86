//! Handing one echo3D message to Svix, which then delivers it to the
//! collection's endpoints subscribed to the event (or to one webhook's),
//! signs it, and retries it on its own schedule.

use serde_json::value::RawValue;

use super::api::{MessageCreated, MessageIn};
use super::client::SvixClient;
use super::mapping;
use crate::error::{Error, Result};

/// One message: whose it is, what it is, and our `webhook-id` for it.
#[derive(Clone, Copy, Debug)]
pub struct Handoff<'a> {
    /// The collection's API key; only the hash of it goes to the server (as
    /// its application's uid); the body, which holds it as the spec says,
    /// goes as it is.
    pub api_key: &'a str,
    /// The echo3D event, which is the message's event type.
    pub event: &'a str,
    /// The exact body receivers get: one JSON object.
    pub body: &'a [u8],
    /// Our message id (`msg_…`), from which the `eventId` that makes a
    /// repeated hand-off harmless is derived.
    pub message_id: &'a str,
    pub route: Route<'a>,
}

/// Which endpoints a message is for: those of every subscribed webhook, or
/// the endpoint of one (by its webhook's id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    Subscribers,
    Webhook(&'a str),
}

impl Route<'_> {
    /// The message's channels: the server delivers it to the subscribed
    /// endpoints that take one of them.
    fn channels(self) -> Vec<String> {
        match self {
            Route::Subscribers => vec![mapping::EVERY_WEBHOOK_CHANNEL.to_string()],
            Route::Webhook(hook_id) => vec![mapping::webhook_channel(hook_id)],
        }
    }
}

/// What Svix made of a hand-off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// Svix's id of the message (the `webhook-id` its deliveries carry).
    pub svix_message_id: String,
    /// The `eventId` it was created with.
    pub event_id: String,
    /// True when the server had accepted this message before (409): a
    /// retried hand-off, which it will not deliver twice.
    pub already_accepted: bool,
    /// The status the server answered the message with (2xx, or 409).
    pub status: u16,
}

/// Creates the message in the collection's application.
pub async fn hand_off(client: &SvixClient, message: &Handoff<'_>) -> Result<Accepted> {
    let payload = object_body(message.body)?;
    let app = mapping::app_uid(message.api_key);
    let event_id = mapping::event_id(message.message_id);
    let body = MessageIn {
        event_type: message.event,
        event_id: &event_id,
        channels: message.route.channels(),
        payload,
    };
    let (svix_message_id, already_accepted, status) =
        match client.create_message(&app, &body).await? {
            MessageCreated::New(status, out) => (out.id, false, status),
            MessageCreated::AlreadyAccepted => {
                let found = client.get_message(&app, &event_id).await?;
                (found.id, true, 409)
            }
            MessageCreated::NoApplication => {
                return Err(no_application(client, message.api_key));
            }
        };
    Ok(Accepted {
        svix_message_id,
        event_id,
        already_accepted,
        status,
    })
}

/// The collection has never been pushed: nothing on the server takes its
/// messages.
pub fn no_application(client: &SvixClient, api_key: &str) -> Error {
    Error::NotFound(format!(
        "collection {api_key} has no application on the Svix server at {} yet; run \
         `echo3d-hooks svix push --api-key {api_key}` first",
        client.base_url(),
    ))
}

/// The body as JSON to embed byte for byte; Svix takes only an object.
fn object_body(body: &[u8]) -> Result<&RawValue> {
    let raw: &RawValue = serde_json::from_slice(body)
        .map_err(|e| Error::invalid(format!("the message body is not JSON: {e}")))?;
    if !raw.get().starts_with('{') {
        return Err(Error::invalid(
            "the message body is not a JSON object; Svix takes only objects as payloads",
        ));
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_json_object_goes_as_a_payload() {
        let raw = object_body(br#"{"event":"Upload","apiKey":"k"}"#).unwrap();
        assert_eq!(
            raw.get(),
            r#"{"event":"Upload","apiKey":"k"}"#,
            "byte for byte"
        );
        for body in [&b"[1, 2]"[..], b"\"text\"", b"not json", b""] {
            let err = object_body(body).unwrap_err();
            assert!(matches!(err, Error::Invalid(_)), "{err}");
        }
    }
}
