//! Handing one echo3D message to Svix, which then delivers it to the
//! collection's endpoints subscribed to the event, signs it, and retries it
//! on its own schedule.

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
}

/// Creates the message in the collection's application.
pub async fn hand_off(client: &SvixClient, message: &Handoff<'_>) -> Result<Accepted> {
    let payload = object_body(message.body)?;
    let app = mapping::app_uid(message.api_key);
    let event_id = mapping::event_id(message.message_id);
    let body = MessageIn {
        event_type: message.event,
        event_id: &event_id,
        payload,
    };
    let (svix_message_id, already_accepted) = match client.create_message(&app, &body).await? {
        MessageCreated::New(out) => (out.id, false),
        MessageCreated::AlreadyAccepted => (client.get_message(&app, &event_id).await?.id, true),
        MessageCreated::NoApplication => {
            return Err(Error::NotFound(format!(
                "collection {} has no application on the Svix server at {} yet; run \
                 `echo3d-hooks svix push --api-key {}` first",
                message.api_key,
                client.base_url(),
                message.api_key
            )));
        }
    };
    Ok(Accepted {
        svix_message_id,
        event_id,
        already_accepted,
    })
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

/// The fake Svix server of the binary-level tests, here to hold the
/// hand-off to the same contract until `fire --via svix` is tested whole.
#[cfg(test)]
#[path = "../../tests/support/svix_fake.rs"]
mod svix_fake;

#[cfg(test)]
mod tests {
    use super::svix_fake::{FAKE_TOKEN, SvixFake};
    use super::*;
    use crate::event::Trigger;
    use crate::svix::{ClientOptions, Token, runtime, server_url};

    const KEY: &str = "bold-sky-1234";
    const MESSAGE_ID: &str = "msg_0193a1b2c3d4e5f60718293a4b5c6d7e";

    fn client(fake: &SvixFake, dir: &tempfile::TempDir) -> SvixClient {
        let token_file = dir.path().join("token");
        std::fs::write(&token_file, FAKE_TOKEN).unwrap();
        let token = Token::from_file_or_env(Some(&token_file)).unwrap();
        let base = server_url(Some(&fake.url())).unwrap();
        SvixClient::new(base, token, &ClientOptions::default()).unwrap()
    }

    #[test]
    fn a_message_is_created_once_and_a_repeated_hand_off_finds_it() {
        let (fake, dir) = (SvixFake::start(), tempfile::tempdir().unwrap());
        let client = client(&fake, &dir);
        fake.seed_app(
            &mapping::app_uid(KEY),
            serde_json::json!({"managedBy": "echo3d-hooks"}),
        );
        let body = Trigger::Upload
            .sample_for(&crate::event::ApiKey::parse(KEY).unwrap())
            .to_body();
        let message = Handoff {
            api_key: KEY,
            event: "Upload",
            body: &body,
            message_id: MESSAGE_ID,
        };
        let rt = runtime().unwrap();
        let first = rt.block_on(hand_off(&client, &message)).unwrap();
        assert!(!first.already_accepted);
        assert!(first.svix_message_id.starts_with("msg_"));
        assert_eq!(first.event_id, format!("echo3d-{MESSAGE_ID}"));
        let again = rt.block_on(hand_off(&client, &message)).unwrap();
        assert!(again.already_accepted, "409: accepted before");
        assert_eq!(again.svix_message_id, first.svix_message_id);
        let sent = fake.requests()[0].clone();
        assert_eq!(
            sent.path,
            format!("/api/v1/app/{}/msg", mapping::app_uid(KEY))
        );
        let text = String::from_utf8(sent.body).unwrap();
        assert!(
            text.contains(std::str::from_utf8(&body).unwrap()),
            "the payload goes byte for byte: {text}"
        );
    }

    #[test]
    fn a_collection_never_pushed_is_named_with_the_fix() {
        let (fake, dir) = (SvixFake::start(), tempfile::tempdir().unwrap());
        let body = Trigger::Upload
            .sample_for(&crate::event::ApiKey::parse(KEY).unwrap())
            .to_body();
        let message = Handoff {
            api_key: KEY,
            event: "Upload",
            body: &body,
            message_id: MESSAGE_ID,
        };
        let err = runtime()
            .unwrap()
            .block_on(hand_off(&client(&fake, &dir), &message))
            .unwrap_err();
        assert!(matches!(err, Error::NotFound(_)), "{err}");
        assert!(
            err.to_string()
                .contains("svix push --api-key bold-sky-1234"),
            "{err}"
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused_before_anything_is_sent() {
        let (fake, dir) = (SvixFake::start(), tempfile::tempdir().unwrap());
        for body in [&b"[1, 2]"[..], b"not json"] {
            let message = Handoff {
                api_key: KEY,
                event: "Upload",
                body,
                message_id: MESSAGE_ID,
            };
            let err = runtime()
                .unwrap()
                .block_on(hand_off(&client(&fake, &dir), &message))
                .unwrap_err();
            assert!(matches!(err, Error::Invalid(_)), "{err}");
        }
        assert!(fake.requests().is_empty());
    }
}
