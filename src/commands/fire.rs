//! `fire`: build an event's payload from flags (or a file) and send it to
//! every enabled webhook of the collection that is subscribed to the event,
//! or hand it off to a Svix server, which delivers it (`--via svix`).

use bytes::Bytes;

use super::handing_off::{self, svix_client};
use super::{Context, api_key, send, subscribed_hooks};
use crate::cli::{FireArgs, ViaChoice};
use crate::deliver::{Delivery, DeliverySource, FanOut, History, Listed};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Payload, PayloadFlags, Trigger};
use crate::input::Source;
use crate::output::{Planned, print_dry_run};
use crate::store::Store;
use crate::svix::{ForWebhook, Planned as Message};
use crate::webhook::{MessageIds, Recipient};

/// Largest `--payload` document accepted.
pub const MAX_PAYLOAD_BYTES: u64 = 1024 * 1024;

pub fn run(ctx: &Context, args: FireArgs) -> Result<()> {
    let event = args.event;
    let payload = payload(&args, event)?;
    let body = Bytes::from(payload.to_body());
    if args.sending.via == ViaChoice::Svix {
        return via_svix(ctx, &args, &payload, body);
    }
    let store = ctx.store()?;
    if args.dry_run {
        ctx.check_delivery_flags(&args.sending.delivery)?;
        let hooks = match args.hooks.is_empty() {
            true => subscribed_hooks(&store, &payload.api_key, payload.event)?,
            false => named_hooks(&store, &payload, &args.hooks)?,
        };
        if hooks.is_empty() {
            return Err(no_targets(event, &payload.api_key));
        }
        let planned: Vec<Planned<'_>> = hooks
            .iter()
            .map(|recipient| Planned {
                delivery_id: None,
                event,
                recipient,
                body: &body,
            })
            .collect();
        return print_dry_run(&ctx.out, ctx.policy, &planned);
    }
    // Before the fan-out opens its snapshot, whose own connection would
    // fail on a read-only store without saying why.
    store.require_writable()?;
    let source: Box<dyn DeliverySource> = if args.hooks.is_empty() {
        match FanOut::new(&store, &payload.api_key, event, body)? {
            Some(fan_out) => Box::new(fan_out),
            None => return Err(no_targets(event, &payload.api_key)),
        }
    } else {
        let mut ids = MessageIds::new();
        let deliveries = named_hooks(&store, &payload, &args.hooks)?
            .into_iter()
            .map(|recipient| Delivery {
                message_id: ids.next(),
                recipient,
                event,
                body: body.clone(),
                history: History::New,
            })
            .collect();
        Box::new(Listed::new(deliveries))
    };
    let opts = ctx.delivery_options(&args.sending.delivery);
    send(ctx, &store, &opts, source, |_| {
        no_targets(event, &payload.api_key)
    })
}

/// The payload from `--payload`, or else from the other flags.
fn payload(args: &FireArgs, event: Trigger) -> Result<Payload> {
    let key = args.api_key.as_deref();
    match &args.payload {
        Some(path) => {
            let source = Source {
                path,
                what: "the payload",
            };
            let bytes = source.read(MAX_PAYLOAD_BYTES)?;
            let key = key.map(ApiKey::parse).transpose()?;
            Payload::from_document(&bytes, &source.shown(), event, key.as_ref())
        }
        None => {
            let flags = PayloadFlags {
                entries: &args.entries,
                meta: &args.meta,
                status: args.status.as_deref(),
                version_id: args.version_id.as_deref(),
            };
            Payload::from_flags(event, &api_key(key)?, flags)
        }
    }
}

fn no_targets(event: Trigger, api_key: &ApiKey) -> Error {
    Error::NoTargets(format!(
        "no enabled webhook of collection {api_key} is subscribed to {event}; nothing was sent \
         (see `echo3d-hooks list --api-key {api_key}`)"
    ))
}

/// Hands the payload off to the Svix server: one message for every
/// subscriber, or one for each webhook `--hook` names. The server delivers
/// to its endpoints, which `svix push` made from the store's webhooks; with
/// none enabled and subscribed here there is nothing to hand off (exit 8),
/// as there is nothing to send without it.
fn via_svix(ctx: &Context, args: &FireArgs, payload: &Payload, body: Bytes) -> Result<()> {
    let client = svix_client(&args.sending.svix, &args.sending.delivery)?;
    let store = ctx.store()?;
    if !args.dry_run {
        store.require_writable()?;
    }
    let mut ids = MessageIds::new();
    let mut message = |webhook: Option<ForWebhook>| Message {
        message_id: ids.next(),
        api_key: payload.api_key.to_string(),
        event: payload.event,
        body: body.clone(),
        webhook,
        history: History::New,
    };
    let messages: Vec<Message> = if args.hooks.is_empty() {
        if store.count_subscribed(&payload.api_key, payload.event)? == 0 {
            return Err(no_targets(payload.event, &payload.api_key));
        }
        vec![message(None)]
    } else {
        named_hooks(&store, payload, &args.hooks)?
            .into_iter()
            .map(|r| {
                message(Some(ForWebhook {
                    id: r.id,
                    name: r.name,
                }))
            })
            .collect()
    };
    if args.dry_run {
        return handing_off::dry_run(ctx, &store, &client, &messages);
    }
    handing_off::hand_off(ctx, &store, &client, messages)
}

/// The webhooks `--hook` names; one that would not receive the event is
/// refused rather than silently skipped.
fn named_hooks(store: &Store, payload: &Payload, named: &[String]) -> Result<Vec<Recipient>> {
    let mut chosen: Vec<Recipient> = Vec::new();
    for ident in named {
        // A name is looked up in the event's own collection.
        let hook = store.find_hook(ident, Some(&payload.api_key))?;
        if payload.api_key != *hook.api_key {
            return Err(Error::invalid(format!(
                "webhook {} belongs to collection {}, not {}; an event never reaches another \
                 collection's webhooks",
                hook.name, hook.api_key, payload.api_key
            )));
        }
        if !hook.enabled {
            return Err(Error::NoTargets(format!(
                "webhook {} is disabled, so nothing was sent; enable it with `echo3d-hooks edit \
                 {} --enable`",
                hook.name, hook.id
            )));
        }
        if !hook.triggers.contains(&payload.event) {
            return Err(Error::invalid(format!(
                "webhook {} is not subscribed to {} (its triggers: {})",
                hook.name,
                payload.event,
                hook.triggers_text()
            )));
        }
        if chosen.iter().all(|c| c.id != hook.id) {
            chosen.push(Recipient::from(&hook));
        }
    }
    Ok(chosen)
}
