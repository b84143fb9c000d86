//! A stored webhook and its signing secret.

use crate::clock;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::signing::Secret;

/// A webhook definition as the store holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub id: String,
    pub api_key: String,
    pub name: String,
    pub url: String,
    pub description: String,
    /// Always in the spec's order, without repeats.
    pub triggers: Vec<Trigger>,
    pub secret: String,
    /// The secret a rotation replaced, while its grace period lasts.
    pub previous_secret: Option<PreviousSecret>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A secret that still signs, beside the current one, until `until_ms`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousSecret {
    pub secret: String,
    pub until_ms: i64,
}

/// What sending needs of a webhook: who it is, where it is, how to sign for
/// it. A fan-out reads only this much of each subscribed webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub id: String,
    pub api_key: String,
    pub name: String,
    pub url: String,
    pub secret: String,
    /// The secret a rotation replaced, while it still signs.
    pub previous_secret: Option<String>,
}

impl From<&Webhook> for Recipient {
    fn from(hook: &Webhook) -> Recipient {
        Recipient {
            id: hook.id.clone(),
            api_key: hook.api_key.clone(),
            name: hook.name.clone(),
            url: hook.url.clone(),
            secret: hook.secret.clone(),
            previous_secret: hook.previous_secret.as_ref().map(|p| p.secret.clone()),
        }
    }
}

/// Whether a printed webhook shows its secret in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretDisplay {
    Reveal,
    Mask,
}

impl Webhook {
    /// The stored secret, parsed: the store's own rules keep it well formed,
    /// so an error here means the store was changed by other hands.
    pub fn signing_secret(&self) -> Result<Secret> {
        Secret::parse(&self.secret)
            .map_err(|e| Error::invalid(format!("the stored secret of webhook {}: {e}", self.name)))
    }

    pub fn triggers_text(&self) -> String {
        self.triggers
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A new webhook id, `wh_` and 16 hex digits.
pub fn new_id() -> String {
    format!("wh_{}", hex(&random_bytes::<8>()))
}

/// New `webhook-id` header values: the receivers' idempotency keys, each
/// fixed for every attempt and redelivery of one delivery. Each is `msg_` and
/// 32 hex digits: the time in milliseconds, 48 random bits drawn once for the
/// run, and the position in it. One draw serves a whole fan-out, and the
/// log's unique index on them grows at one end instead of everywhere.
pub struct MessageIds {
    ms: u64,
    batch: u64,
    next: u32,
}

impl Default for MessageIds {
    fn default() -> MessageIds {
        MessageIds::new()
    }
}

impl MessageIds {
    pub fn new() -> MessageIds {
        MessageIds {
            ms: clock::now_ms() as u64 & 0xffff_ffff_ffff,
            batch: u64::from_le_bytes(random_bytes::<8>()) & 0xffff_ffff_ffff,
            next: 0,
        }
    }

    pub fn next(&mut self) -> String {
        let id = format!("msg_{:012x}{:012x}{:08x}", self.ms, self.batch, self.next);
        // Past 2^32 ids in one run, a fresh draw keeps them unique.
        match self.next.checked_add(1) {
            Some(next) => self.next = next,
            None => *self = MessageIds::new(),
        }
        id
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random generator is available");
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
