//! How the store's webhooks appear on a Svix server: each collection is an
//! application, each webhook an endpoint, each trigger an event type, and
//! what the tool creates carries a metadata tag, so that it never touches
//! what it did not create.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::num::NonZeroU32;

use super::api::{ApplicationIn, EndpointIn, EventTypeIn, Metadata};
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::webhook::Webhook;

/// The metadata tag on every application and endpoint the tool creates.
pub const MANAGED_BY_KEY: &str = "managedBy";
pub const MANAGED_BY: &str = "echo3d-hooks";
/// The endpoint's webhook name, so that the server's own views name it.
pub const WEBHOOK_NAME_KEY: &str = "webhookName";

/// The message channel every endpoint of the tool takes: a fan-out (`fire`)
/// is sent on it, so that it reaches every subscribed endpoint.
pub const EVERY_WEBHOOK_CHANNEL: &str = "echo3d-hooks.all";
/// Prefix of the channel only one webhook's endpoint takes: a message for
/// one webhook (`test`, `fire --hook`) is sent on it. Svix filters by event
/// type and channel, never by endpoint; a channel of its own is how a
/// message reaches one endpoint while keeping the server's retries.
const WEBHOOK_CHANNEL_PREFIX: &str = "echo3d-hooks.";

/// Prefix of the application uids the tool derives.
const APP_UID_PREFIX: &str = "echo3d-";
/// Prefix of the `eventId` of a handed-off message: Svix refuses an
/// `eventId` that starts with its own message-id prefix `msg_`, which ours do.
const EVENT_ID_PREFIX: &str = "echo3d-";

/// The application uid is a slow hash of the key (PBKDF2-HMAC-SHA256), not a
/// plain one: anyone who can list the server's applications sees the uids,
/// and collection keys may be short enough to guess through a fast hash.
const APP_UID_ITERATIONS: u32 = 20_000;
const APP_UID_SALT: &[u8] = b"echo3d-hooks: Svix application uid of an echo3D collection key";

/// What Svix accepts as an endpoint secret: `whsec_` and the base64 of 24 to
/// 75 bytes, i.e. 32 to 100 base64 characters.
use crate::signing::SECRET_PREFIX;
const SECRET_MIN_BYTES: usize = 24;
const SECRET_MAX_BYTES: usize = 75;
const SECRET_MIN_CHARS: usize = 32;
const SECRET_MAX_CHARS: usize = 100;

/// The uid of a collection's application: `echo3d-` and 32 hex digits.
/// Deterministic, so every machine with the store finds the same one, and
/// the key itself never leaves this machine.
pub fn app_uid(api_key: &str) -> String {
    let mut out = [0u8; 16];
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        NonZeroU32::new(APP_UID_ITERATIONS).expect("non-zero"),
        APP_UID_SALT,
        api_key.as_bytes(),
        &mut out,
    );
    let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
    format!("{APP_UID_PREFIX}{hex}")
}

/// The uid of a webhook's endpoint: the webhook's id (`wh_` and 16 hex
/// digits), unique and stable for the webhook's life.
pub fn endpoint_uid(hook_id: &str) -> String {
    hook_id.to_string()
}

/// The `eventId` under which a message with our `webhook-id` is handed off.
pub fn event_id(message_id: &str) -> String {
    format!("{EVENT_ID_PREFIX}{message_id}")
}

/// The channel only the endpoint of webhook `hook_id` takes.
pub fn webhook_channel(hook_id: &str) -> String {
    format!("{WEBHOOK_CHANNEL_PREFIX}{hook_id}")
}

/// The channels of a webhook's endpoint: every fan-out's, and its own.
pub fn channels(hook_id: &str) -> Vec<String> {
    vec![EVERY_WEBHOOK_CHANNEL.to_string(), webhook_channel(hook_id)]
}

pub fn managed_tag() -> Metadata {
    Metadata::from([(MANAGED_BY_KEY.to_string(), MANAGED_BY.to_string())])
}

/// Whether the tool created the object that carries this metadata.
pub fn is_managed(metadata: &Metadata) -> bool {
    metadata.get(MANAGED_BY_KEY).map(String::as_str) == Some(MANAGED_BY)
}

/// A collection's application, as it should be.
pub fn application(api_key: &str) -> ApplicationIn {
    let uid = app_uid(api_key);
    ApplicationIn {
        name: format!("echo3D collection {}", &uid[APP_UID_PREFIX.len()..][..12]),
        uid,
        metadata: managed_tag(),
    }
}

/// The nine event types, described as the spec describes their triggers.
pub fn event_types() -> Vec<EventTypeIn> {
    Trigger::ALL
        .iter()
        .map(|t| EventTypeIn {
            name: t.as_str().to_string(),
            description: t.fired_when().to_string(),
        })
        .collect()
}

/// A webhook's endpoint, as it should be, with its secret.
pub fn endpoint(hook: &Webhook) -> EndpointIn {
    let mut metadata = managed_tag();
    metadata.insert(WEBHOOK_NAME_KEY.to_string(), hook.name.clone());
    EndpointIn {
        uid: endpoint_uid(&hook.id),
        url: hook.url.clone(),
        description: hook.description.clone(),
        disabled: !hook.enabled,
        event_types: hook
            .triggers
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        channels: channels(&hook.id),
        metadata,
        secret: Some(hook.secret.clone()),
    }
}

/// Why Svix would refuse `secret` as an endpoint secret, if it would.
pub fn secret_refusal(secret: &str) -> Option<String> {
    let rule = format!(
        "Svix accepts {SECRET_PREFIX} followed by {SECRET_MIN_CHARS} to {SECRET_MAX_CHARS} \
         base64 characters ({SECRET_MIN_BYTES} to {SECRET_MAX_BYTES} bytes)"
    );
    let Some(encoded) = secret.strip_prefix(SECRET_PREFIX) else {
        return Some(format!("it does not start with {SECRET_PREFIX}; {rule}"));
    };
    if !encoded
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Some(format!("it holds characters outside base64; {rule}"));
    }
    if !(SECRET_MIN_CHARS..=SECRET_MAX_CHARS).contains(&encoded.len()) {
        return Some(format!(
            "it has {} base64 characters; {rule}",
            encoded.len()
        ));
    }
    match STANDARD.decode(encoded) {
        Err(_) => Some(format!("it is not padded base64; {rule}")),
        Ok(key) if !(SECRET_MIN_BYTES..=SECRET_MAX_BYTES).contains(&key.len()) => {
            Some(format!("it decodes to {} bytes; {rule}", key.len()))
        }
        Ok(_) => None,
    }
}

/// Refuses, before anything is sent, every webhook whose secret Svix would
/// refuse, naming each one.
pub fn check_secrets(hooks: &[Webhook]) -> Result<()> {
    let refused: Vec<String> = hooks
        .iter()
        .filter_map(|h| {
            secret_refusal(&h.secret).map(|why| {
                format!(
                    "webhook {:?} ({}) of collection {}: its secret cannot go to Svix: {why}",
                    h.name, h.id, h.api_key
                )
            })
        })
        .collect();
    if refused.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{}\nnothing was sent to the Svix server; give {} a new secret with \
         `echo3d-hooks edit NAME --rotate-secret` (receivers must then verify with it)",
        refused.join("\n"),
        if refused.len() == 1 {
            "this webhook"
        } else {
            "these webhooks"
        }
    )))
}

/// Whether two secrets are the same key: Svix may write the base64 of a key
/// differently from how it was given.
pub fn same_secret(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.strip_prefix(SECRET_PREFIX)
            .and_then(|e| STANDARD.decode(e).ok())
    };
    match (key(a), key(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UID_PATTERN_CHARS: &str =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

    #[test]
    fn app_uids_are_stable_distinct_and_keep_the_key_out() {
        let a = app_uid("bold-sky-1234");
        assert_eq!(a, app_uid("bold-sky-1234"));
        assert_ne!(a, app_uid("bold-sky-1235"));
        assert_eq!(a.len(), APP_UID_PREFIX.len() + 32);
        assert!(a.chars().all(|c| UID_PATTERN_CHARS.contains(c)));
        assert!(!a.contains("bold") && !a.starts_with("app_"));
        let app = application("bold-sky-1234");
        assert!(!app.name.contains("bold-sky") && app.uid == a);
    }

    #[test]
    fn channels_keep_svixs_channel_rule() {
        let own = webhook_channel("wh_0123456789abcdef");
        assert_eq!(
            channels("wh_0123456789abcdef"),
            [EVERY_WEBHOOK_CHANNEL, &own]
        );
        for channel in [EVERY_WEBHOOK_CHANNEL, &own] {
            assert!(channel.len() <= 128);
            assert!(channel.chars().all(|c| UID_PATTERN_CHARS.contains(c)));
        }
    }

    #[test]
    fn event_ids_avoid_svixs_message_prefix() {
        let id = event_id("msg_0123456789abcdef0123456789abcdef");
        assert!(!id.starts_with("msg_"));
        assert!(id.chars().all(|c| UID_PATTERN_CHARS.contains(c)) && id.len() <= 256);
    }

    #[test]
    fn secrets_are_held_to_svixs_rule() {
        let of = |n: usize| format!("whsec_{}", STANDARD.encode(vec![7u8; n]));
        assert_eq!(secret_refusal(&of(32)), None);
        assert_eq!(secret_refusal(&of(24)), None);
        assert_eq!(secret_refusal(&of(75)), None);
        assert!(
            secret_refusal(&of(23))
                .unwrap()
                .contains("decodes to 23 bytes")
        );
        assert!(
            secret_refusal(&of(16))
                .unwrap()
                .contains("has 24 base64 characters")
        );
        assert!(
            secret_refusal(&of(76))
                .unwrap()
                .contains("has 104 base64 characters")
        );
        assert!(
            secret_refusal(&of(32)[6..])
                .unwrap()
                .contains("does not start")
        );
        assert!(secret_refusal("whsec_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!").is_some());
        // 24 bytes with a character cut: 31 characters, refused.
        let short = of(24);
        assert!(secret_refusal(&short[..short.len() - 1]).is_some());
        assert!(same_secret(&of(32), &of(32)) && !same_secret(&of(32), &of(33)));
    }
}
