//! One webhook, as `add`, `show` and `edit` print it.

use super::Output;
use crate::error::Result;
use crate::json::{WebhookDoc, WebhookJson};
use crate::webhook::{SecretDisplay, Webhook};

/// Prints one webhook as a record, or as its JSON document.
pub fn print_webhook(out: &Output, hook: &Webhook, secret: SecretDisplay) -> Result<()> {
    let view = WebhookJson::new(hook, secret);
    let enabled = match &hook.disabled_reason {
        Some(reason) if !hook.enabled => format!("no ({reason})"),
        _ if !hook.enabled => "no".to_string(),
        _ => "yes".to_string(),
    };
    let record = out.record(&[
        ("name", view.hook.name.to_string()),
        ("id", view.hook.id.to_string()),
        ("collection", view.hook.api_key.to_string()),
        ("url", view.url.to_string()),
        ("description", view.description.to_string()),
        ("triggers", hook.triggers_text()),
        ("enabled", enabled),
        ("secret", view.secret.clone()),
        (
            "previous secret",
            match &view.previous_secret {
                Some(p) => format!("{}, signs until {}", p.secret, p.signs_until),
                None => "-".to_string(),
            },
        ),
        ("created", view.created_at.clone()),
        ("updated", view.updated_at.clone()),
    ]);
    if out.json {
        return out.print_json(&WebhookDoc { webhook: view });
    }
    out.print_grid(&record)
}
