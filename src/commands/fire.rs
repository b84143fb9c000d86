//! `fire`: build an event's payload from flags (or a file) and send it to
//! every enabled webhook of the collection that is subscribed to the event.

use bytes::Bytes;

use super::{Context, api_key, send};
use crate::cli::FireArgs;
use crate::deliver::{Delivery, DeliverySource, FanOut, History, Listed};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Payload, PayloadFlags, Trigger};
use crate::input::Source;
use crate::output::{Planned, print_dry_run};
use crate::store::Store;
use crate::webhook::{MessageIds, Recipient};

/// Largest `--payload` document accepted.
pub const MAX_PAYLOAD_BYTES: u64 = 1024 * 1024;

pub fn run(ctx: &Context, args: FireArgs) -> Result<()> {
    let event = args.event;
    let payload = payload(&args, event)?;
    let body = Bytes::from(payload.to_body());
    let store = ctx.store()?;
    if args.dry_run {
        let hooks = match args.hooks.is_empty() {
            true => all_subscribed(&store, &payload)?,
            false => named_hooks(&store, &payload, &args.hooks)?,
        };
        if hooks.is_empty() {
            return Err(no_targets(event, &payload.api_key));
        }
        let planned: Vec<Planned<'_>> = hooks
            .iter()
            .map(|recipient| Planned {
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
    let opts = ctx.delivery_options(&args.delivery);
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

/// Every subscribed webhook, for a dry run.
fn all_subscribed(store: &Store, payload: &Payload) -> Result<Vec<Recipient>> {
    let mut all: Vec<Recipient> = Vec::new();
    loop {
        let after = all.last().map(|r| r.id.clone());
        let page =
            store.subscribed_page(&payload.api_key, payload.event, after.as_deref(), 1024)?;
        if page.is_empty() {
            return Ok(all);
        }
        all.extend(page);
    }
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
