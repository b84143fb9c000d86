//! `show`: one webhook, secret masked unless asked for.

use super::Context;
use crate::cli::ShowArgs;
use crate::error::Result;
use crate::webhook::{SecretDisplay, Webhook};

pub fn run(ctx: &Context, args: ShowArgs) -> Result<()> {
    let store = ctx.store()?;
    let hook = store.find_hook(&args.hook)?;
    let secret = if args.reveal_secret {
        SecretDisplay::Reveal
    } else {
        SecretDisplay::Mask
    };
    print_webhook(ctx, &hook, secret)
}

/// Prints one webhook as a record table, or as one JSON object.
pub fn print_webhook(ctx: &Context, hook: &Webhook, secret: SecretDisplay) -> Result<()> {
    let view = hook.view(secret);
    if ctx.out.json {
        return ctx.out.print_json(&view);
    }
    let enabled = match &hook.disabled_reason {
        Some(reason) if !hook.enabled => format!("no ({reason})"),
        _ if !hook.enabled => "no".to_string(),
        _ => "yes".to_string(),
    };
    let table = ctx.out.record(&[
        ("name", view.name.to_string()),
        ("id", view.id.to_string()),
        ("collection", view.api_key.to_string()),
        ("url", view.url.to_string()),
        ("description", view.description.to_string()),
        ("triggers", hook.triggers_text()),
        ("enabled", enabled),
        ("secret", view.secret.clone()),
        ("created", view.created_at.clone()),
        ("updated", view.updated_at.clone()),
    ]);
    ctx.out.print_table(&table)
}
