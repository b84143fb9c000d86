//! `add`: create a webhook.

use super::{Context, api_key};
use crate::cli::AddArgs;
use crate::error::Result;
use crate::output::print_webhook;
use crate::store::NewWebhook;
use crate::validate;
use crate::webhook::SecretDisplay;

pub fn run(ctx: &Context, args: AddArgs) -> Result<()> {
    // Validate everything before the store is even opened, so that a refusal
    // can never leave a trace in it.
    validate::name(&args.name)?;
    let api_key = api_key(args.api_key.as_deref())?;
    validate::description(&args.description)?;
    let url = ctx.policy.check_url(&args.url)?;
    let triggers = validate::trigger_set(args.triggers)?;
    let store = ctx.store()?;
    let hook = store.insert_hook(&NewWebhook {
        api_key,
        name: args.name,
        url: url.to_string(),
        description: args.description,
        triggers,
        secret: None,
        enabled: !args.disabled,
    })?;
    let elsewhere = store.collections_naming(&hook.name, &hook.api_key)?;
    if !elsewhere.is_empty() {
        ctx.out.warn(&format!(
            "a webhook named {:?} also exists in collection {}; commands that take a name now \
             need --api-key {} (or the id {}) to tell them apart",
            hook.name,
            elsewhere.join(", "),
            hook.api_key,
            hook.id
        ));
    }
    if !ctx.out.json {
        ctx.out
            .print_line(&format!("Created webhook {} ({}).", hook.name, hook.id))?;
    }
    print_webhook(&ctx.out, &hook, SecretDisplay::Reveal)?;
    if !ctx.out.json {
        ctx.out.print_line(
            "The secret is shown in full only now; `show --reveal-secret` shows it again.",
        )?;
    }
    Ok(())
}
