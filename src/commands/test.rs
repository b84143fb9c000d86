//! `test`: send the spec's sample payloads to one webhook.

use bytes::Bytes;

use super::{Context, collection, send};
use crate::cli::TestArgs;
use crate::deliver::{Delivery, History, Listed};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::output::{Planned, print_dry_run};
use crate::webhook::{MessageIds, Recipient, Webhook};

pub fn run(ctx: &Context, args: TestArgs) -> Result<()> {
    let store = ctx.store()?;
    let hook = store.find_hook(&args.hook, collection(&args.collection)?.as_ref())?;
    let events = events_to_send(&hook, &args.events)?;
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
        let planned: Vec<Planned<'_>> = bodies
            .iter()
            .map(|(event, body)| Planned {
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
    let opts = ctx.delivery_options(&args.delivery);
    send(
        ctx,
        &store,
        &opts,
        Box::new(Listed::new(deliveries)),
        |_| Error::Internal("a test run had nothing to send".into()),
    )
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
