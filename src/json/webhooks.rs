//! The documents about webhooks and events: `add`, `show`, `edit`, `list`,
//! `delete`, `events` and `import`.

use serde::Serialize;

use crate::clock;
use crate::event::{Payload, Trigger};
use crate::signing::mask as mask_secret;
use crate::webhook::{SecretDisplay, Webhook};

/// One webhook. Its secret is masked unless the command reveals it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookJson<'a> {
    #[serde(flatten)]
    pub hook: HookRef<'a>,
    pub url: &'a str,
    pub description: &'a str,
    pub triggers: Vec<&'static str>,
    pub enabled: bool,
    pub disabled_reason: Option<&'a str>,
    pub secret: String,
    /// The secret a rotation replaced, masked, while it still signs.
    pub previous_secret: Option<PreviousSecretJson>,
    pub created_at: String,
    pub updated_at: String,
}

/// A replaced secret during its grace period.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviousSecretJson {
    pub secret: String,
    pub signs_until: String,
}

impl<'a> WebhookJson<'a> {
    pub fn new(hook: &'a Webhook, secret: SecretDisplay) -> WebhookJson<'a> {
        WebhookJson {
            hook: HookRef::from(hook),
            url: &hook.url,
            description: &hook.description,
            triggers: hook.triggers.iter().map(|t| t.as_str()).collect(),
            enabled: hook.enabled,
            disabled_reason: hook.disabled_reason.as_deref(),
            secret: match secret {
                SecretDisplay::Reveal => hook.secret.clone(),
                SecretDisplay::Mask => mask_secret(&hook.secret),
            },
            previous_secret: hook.previous_secret.as_ref().map(|p| PreviousSecretJson {
                secret: mask_secret(&p.secret),
                signs_until: clock::format_ms(p.until_ms),
            }),
            created_at: clock::format_ms(hook.created_at),
            updated_at: clock::format_ms(hook.updated_at),
        }
    }
}

/// `add`, `show`, `edit`.
#[derive(Debug, Serialize)]
pub struct WebhookDoc<'a> {
    pub webhook: WebhookJson<'a>,
}

/// `list`: its list is streamed under this key.
pub struct WebhooksDoc;

impl WebhooksDoc {
    pub const KEY: &'static str = "webhooks";
}

/// A webhook named by what identifies it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HookRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub api_key: &'a str,
}

impl<'a> From<&'a Webhook> for HookRef<'a> {
    fn from(hook: &'a Webhook) -> HookRef<'a> {
        HookRef {
            id: &hook.id,
            name: &hook.name,
            api_key: &hook.api_key,
        }
    }
}

/// `delete`.
#[derive(Debug, Serialize)]
pub struct DeletedDoc<'a> {
    pub deleted: Vec<HookRef<'a>>,
}

/// One trigger: what fires it, its payload rule, the spec's sample.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventJson {
    pub name: &'static str,
    pub fired_when: &'static str,
    pub payload_rule: String,
    pub sample: Payload,
}

impl From<Trigger> for EventJson {
    fn from(t: Trigger) -> EventJson {
        EventJson {
            name: t.as_str(),
            fired_when: t.fired_when(),
            payload_rule: t.rule_summary(),
            sample: t.sample(),
        }
    }
}

/// `events EVENT`.
#[derive(Debug, Serialize)]
pub struct EventDoc {
    pub event: EventJson,
}

/// `events`.
#[derive(Debug, Serialize)]
pub struct EventsDoc {
    pub events: Vec<EventJson>,
}

/// One step of an import plan.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportStep<'a> {
    /// `create`, `update`, `delete` or `unchanged`.
    pub action: &'static str,
    pub api_key: &'a str,
    pub name: &'a str,
    /// The fields that change, for updates.
    pub changes: &'a [&'static str],
}

#[derive(Debug, Default, Serialize)]
pub struct ImportCounts {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
}

/// `import`, applied or (`dryRun`) planned.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportDoc<'a> {
    pub dry_run: bool,
    pub steps: Vec<ImportStep<'a>>,
    pub summary: ImportCounts,
}
