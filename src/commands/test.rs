//! `test`: send the spec's sample payloads to one webhook.

use bytes::Bytes;

use super::Context;
use super::fire::DryRun;
use super::send::{self, Planned};
use crate::cli::TestArgs;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::webhook::Recipient;

pub fn run(ctx: &Context, args: TestArgs) -> Result<()> {
    let store = ctx.store()?;
    let hook = store.find_hook(&args.hook)?;
    let events: Vec<Trigger> = if args.events.is_empty() {
        hook.triggers.clone()
    } else {
        let mut events = Vec::new();
        for &t in &args.events {
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
        events
    };
    if !hook.enabled {
        ctx.out.warn(&format!(
            "webhook {} is disabled; `test` sends to it anyway, `fire` would not",
            hook.name
        ));
    }
    let recipient = Recipient::from(&hook);
    // The samples carry the webhook's own collection key, as echo3D would.
    let planned: Vec<Planned<'_>> = events
        .iter()
        .map(|&event| Planned {
            hook: &recipient,
            event,
            body: Bytes::from(event.sample_for(&hook.api_key).to_body()),
        })
        .collect();
    if args.dry_run && ctx.out.json {
        let hooks = std::slice::from_ref(&recipient);
        let runs: Vec<DryRun<'_>> = planned
            .iter()
            .map(|p| DryRun::new(p.event, &p.body, hooks))
            .collect();
        return ctx.out.print_json(&runs);
    }
    if args.dry_run {
        for p in &planned {
            ctx.out.print_line(&String::from_utf8_lossy(&p.body))?;
        }
        return Ok(());
    }
    send::send_new(ctx, &store, &planned, &args.delivery)
}
