//! `edit`: change a webhook; every change passes `add`'s validation.

use super::{Context, collection};
use crate::cli::EditArgs;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::output::print_webhook;
use crate::signing::{Secret, mask as mask_secret};
use crate::store::{HookPatch, NewSecret};
use crate::validate;
use crate::webhook::{SecretDisplay, Webhook};

/// How long a rotated secret goes on signing unless `--grace` says otherwise:
/// a day, as Svix keeps one, long enough to update every receiver.
const ROTATION_GRACE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

pub fn run(ctx: &Context, args: EditArgs) -> Result<()> {
    if let Some(name) = &args.name {
        validate::name(name)?;
    }
    if let Some(description) = &args.description {
        validate::description(description)?;
    }
    let url = args
        .url
        .as_deref()
        .map(|u| ctx.policy.check_url(u).map(|u| u.to_string()))
        .transpose()?;
    let store = ctx.store()?;
    let current = store.find_hook(&args.hook, collection(&args.collection)?.as_ref())?;
    let patch = requested(&current, &args, url)?.against(&current);
    if patch.is_empty() {
        if !ctx.out.json {
            ctx.out.print_line(&format!(
                "Webhook {} ({}) already has those settings; nothing was changed.",
                current.name, current.id
            ))?;
        }
        return print_webhook(&ctx.out, &current, SecretDisplay::Mask);
    }
    if args.rotate_secret
        && let Some(dropped) = &current.previous_secret
    {
        ctx.out.warn(&format!(
            "the secret an earlier rotation replaced ({}) stops signing now, before the end of \
             its grace period ({}); receivers still holding it will fail to verify",
            mask_secret(&dropped.secret),
            clock::format_ms(dropped.until_ms)
        ));
    }
    let hook = store.update_hook(&current.id, &patch)?;
    if hook.name != current.name
        && !store
            .collections_naming(&hook.name, &hook.api_key)?
            .is_empty()
    {
        ctx.out.warn(&format!(
            "a webhook named {:?} also exists in another collection; commands that take a name \
             now need --api-key {} (or the id {}) to tell them apart",
            hook.name, hook.api_key, hook.id
        ));
    }
    print_updated(ctx, &args, &hook)
}

/// The change the flags ask for; refused when they ask for none.
fn requested(current: &Webhook, args: &EditArgs, url: Option<String>) -> Result<HookPatch> {
    let patch = HookPatch {
        name: args.name.clone(),
        url,
        description: args.description.clone(),
        triggers: new_triggers(current, args)?,
        enabled: match (args.enable, args.disable) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        secret: args.rotate_secret.then(|| NewSecret {
            secret: Secret::generate().into_string(),
            grace_ms: i64::try_from(args.grace.unwrap_or(ROTATION_GRACE).as_millis())
                .unwrap_or(i64::MAX),
        }),
    };
    if patch.is_empty() {
        return Err(Error::invalid(
            "nothing to change: pass at least one of --name, --url, --description, --trigger, \
             --add-trigger, --remove-trigger, --enable, --disable or --rotate-secret",
        ));
    }
    Ok(patch)
}

/// What was done, and the webhook as it is now.
fn print_updated(ctx: &Context, args: &EditArgs, hook: &Webhook) -> Result<()> {
    if !ctx.out.json {
        ctx.out
            .print_line(&format!("Updated webhook {} ({}).", hook.name, hook.id))?;
        if let (true, Some(previous)) = (args.rotate_secret, &hook.previous_secret) {
            ctx.out.print_line(&format!(
                "Until {}, every request is signed with both the new secret and the one it \
                 replaced.",
                clock::format_ms(previous.until_ms)
            ))?;
        }
    }
    // A rotated secret is shown once, like a new one.
    let secret = if args.rotate_secret {
        SecretDisplay::Reveal
    } else {
        SecretDisplay::Mask
    };
    print_webhook(&ctx.out, hook, secret)
}

/// The trigger set after `--trigger`, `--add-trigger` and `--remove-trigger`,
/// or `None` when none of them was given.
fn new_triggers(current: &Webhook, args: &EditArgs) -> Result<Option<Vec<Trigger>>> {
    if !args.triggers.is_empty() {
        return validate::trigger_set(args.triggers.clone()).map(Some);
    }
    if args.add_triggers.is_empty() && args.remove_triggers.is_empty() {
        return Ok(None);
    }
    if let Some(both) = args
        .add_triggers
        .iter()
        .find(|t| args.remove_triggers.contains(t))
    {
        return Err(Error::invalid(format!(
            "--add-trigger {both} and --remove-trigger {both} ask for opposite things; give one \
             of them"
        )));
    }
    let mut triggers = current.triggers.clone();
    triggers.extend(&args.add_triggers);
    for &trigger in &args.remove_triggers {
        if !triggers.contains(&trigger) {
            return Err(Error::invalid(format!(
                "webhook {} is not subscribed to {trigger}, so it cannot be removed \
                 (its triggers are: {})",
                current.name,
                current.triggers_text()
            )));
        }
        triggers.retain(|t| *t != trigger);
    }
    if triggers.is_empty() {
        return Err(Error::invalid(format!(
            "removing {} would leave webhook {} with no trigger; a webhook needs at least one \
             (delete it instead, or add another trigger first)",
            args.remove_triggers
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            current.name
        )));
    }
    triggers.sort();
    triggers.dedup();
    Ok(Some(triggers))
}
