//! `test`: send the spec's sample payloads to one webhook, or hand them off
//! to a Svix server for that webhook's endpoint alone (`--via svix`).

use bytes::Bytes;

use super::handing_off::{self, svix_client};
use super::{Context, collection, send};
use crate::cli::{TestArgs, ViaChoice};
use crate::deliver::{Delivery, History, Listed};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::output::{Planned, print_dry_run};
use crate::store::Store;
use crate::svix::{ForWebhook, Planned as Message, SvixClient};
use crate::webhook::{MessageIds, Recipient, Webhook};

pub fn run(ctx: &Context, args: TestArgs) -> Result<()> {
    // Where the Svix server is and its token are checked first, so that a
    // refusal leaves no new store behind.
    let client = match args.sending.via {
        ViaChoice::Svix => Some(svix_client(&args.sending.svix, &args.sending.delivery)?),
        ViaChoice::Direct => None,
    };
    let store = ctx.store()?;
    let hook = store.find_hook(&args.hook, collection(&args.collection)?.as_ref())?;
    let events = events_to_send(&hook, &args.events)?;
    if let Some(client) = client {
        return via_svix(ctx, &store, &client, &hook, &events, args.dry_run);
    }
    if !hook.enabled {
        ctx.out.warn(&format!(
            "webhook {} is disabled; `test` sends to it anyway, `fire` would not",
            hook.name
        ));
    }
    let recipient = Recipient::from(&hook);
    // The samples carry the webhook's own collection key, as echo3D would.
    let key = ApiKey::from_stored(hook.api_key.clone());
    let bodies: Vec<(Trigger, Bytes)> = events
        .iter()
        .map(|&event| (event, Bytes::from(event.sample_for(&key).to_body())))
        .collect();
    if args.dry_run {
        ctx.check_delivery_flags(&args.sending.delivery)?;
        let planned: Vec<Planned<'_>> = bodies
            .iter()
            .map(|(event, body)| Planned {
                delivery_id: None,
                event: *event,
                recipient: &recipient,
                body,
            })
            .collect();
        return print_dry_run(&ctx.out, ctx.policy, &planned);
    }
    let mut ids = MessageIds::new();
    let deliveries = bodies
        .into_iter()
        .map(|(event, body)| Delivery {
            message_id: ids.next(),
            recipient: recipient.clone(),
            event,
            body,
            history: History::New,
        })
        .collect();
    let opts = ctx.delivery_options(&args.sending.delivery);
    send(
        ctx,
        &store,
        &opts,
        Box::new(Listed::new(deliveries)),
        |_| Error::Internal("a test run had nothing to send".into()),
    )
}

/// Hands each sample off as a message on the webhook's own channel, which
/// only its endpoint takes. A Svix server never delivers to a disabled
/// endpoint, so a disabled webhook is refused (`test` without `--via svix`
/// sends to it anyway).
fn via_svix(
    ctx: &Context,
    store: &Store,
    client: &SvixClient,
    hook: &Webhook,
    events: &[Trigger],
    dry_run: bool,
) -> Result<()> {
    if !hook.enabled {
        return Err(Error::NoTargets(format!(
            "webhook {} is disabled, and a Svix server never delivers to a disabled endpoint; \
             nothing was handed off. Enable it (`echo3d-hooks edit {} --enable`, then `svix \
             push`), or test it from here without --via svix",
            hook.name, hook.id
        )));
    }
    if !dry_run {
        store.require_writable()?;
    }
    let key = ApiKey::from_stored(hook.api_key.clone());
    let mut ids = MessageIds::new();
    let messages: Vec<Message> = events
        .iter()
        .map(|&event| Message {
            message_id: ids.next(),
            api_key: hook.api_key.clone(),
            event,
            body: Bytes::from(event.sample_for(&key).to_body()),
            webhook: Some(ForWebhook {
                id: hook.id.clone(),
                name: hook.name.clone(),
            }),
            history: History::New,
        })
        .collect();
    if dry_run {
        return handing_off::dry_run(ctx, store, client, &messages);
    }
    handing_off::hand_off(ctx, store, client, messages)
}

/// The events named, each once and each one the webhook is subscribed to,
/// or else every trigger of the webhook.
fn events_to_send(hook: &Webhook, named: &[Trigger]) -> Result<Vec<Trigger>> {
    if named.is_empty() {
        return Ok(hook.triggers.clone());
    }
    let mut events = Vec::new();
    for &t in named {
        if !hook.triggers.contains(&t) {
            return Err(Error::invalid(format!(
                "webhook {} is not subscribed to {t} (its triggers: {}); add it with \
                 `echo3d-hooks edit {} --add-trigger {t}`",
                hook.name,
                hook.triggers_text(),
                hook.id
            )));
        }
        if !events.contains(&t) {
            events.push(t);
        }
    }
    Ok(events)
}
