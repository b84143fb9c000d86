//! `redeliver`: send logged deliveries again, same body and `webhook-id`,
//! to the webhook's current URL with its current secret.

use bytes::Bytes;

use super::Context;
use super::send;
use crate::cli::RedeliverArgs;
use crate::clock;
use crate::deliver::Target;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::store::{DeliveryFilter, DeliveryRow, RunRows, Store};

pub fn run(ctx: &Context, args: RedeliverArgs) -> Result<()> {
    let store = ctx.store()?;
    store.require_writable()?;
    let targets = if args.failed {
        failed_targets(ctx, &store, &args)?
    } else {
        // A repeated id would run the same delivery twice at once, with
        // clashing attempt numbers.
        let mut ids = args.ids.clone();
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        let rows = ids
            .iter()
            .map(|id| store.get_delivery(*id))
            .collect::<Result<Vec<_>>>()?;
        // Explicit ids are all-or-nothing: one that cannot be sent stops the run.
        rows.iter()
            .map(|row| target_for(ctx, &store, row, args.force))
            .collect::<Result<Vec<_>>>()?
    };
    // In the log's order, which is the order of the results.
    let mut targets = targets;
    targets.sort_by_key(|(id, _)| *id);
    let (ids, mut targets): (Vec<i64>, Vec<Target>) = targets.into_iter().unzip();
    for (slot, target) in targets.iter_mut().enumerate() {
        target.slot = slot;
    }
    let client = send::build_client(ctx, &args.delivery)?;
    store.reopen_deliveries(&ids)?;
    let run = RunRows::existing(&ids);
    send::run_targets(ctx, &store, client, targets, run, &args.delivery)
}

/// Every failed delivery that matches; those that can no longer be sent
/// (deleted or disabled webhook) are skipped with a warning, not fatal.
fn failed_targets(
    ctx: &Context,
    store: &Store,
    args: &RedeliverArgs,
) -> Result<Vec<(i64, Target)>> {
    let hook = match &args.hook {
        Some(ident) => Some(store.find_hook(ident)?.id),
        None => None,
    };
    let rows = store.list_deliveries(&DeliveryFilter {
        hook,
        event: None,
        failed_only: true,
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        limit: None,
    })?;
    let mut targets = Vec::new();
    for row in rows.iter().rev() {
        match target_for(ctx, store, row, args.force) {
            Ok(t) => targets.push(t),
            Err(e) => ctx.out.warn(&format!("skipped: {e}")),
        }
    }
    if targets.is_empty() {
        return Err(Error::NoTargets(if rows.is_empty() {
            "no failed delivery matches; nothing was sent".to_string()
        } else {
            format!(
                "{} failed deliveries match, but none can be sent (see the warnings above); \
                 nothing was sent",
                rows.len()
            )
        }));
    }
    Ok(targets)
}

/// The delivery's id and what to send; the target's slot is set once the
/// run's order is known.
fn target_for(
    ctx: &Context,
    store: &Store,
    row: &DeliveryRow,
    force: bool,
) -> Result<(i64, Target)> {
    let deleted = || {
        Error::invalid(format!(
            "delivery {} went to webhook {}, which has been deleted; it cannot be redelivered",
            row.id, row.hook_name
        ))
    };
    let hook_id = row.hook_id.as_deref().ok_or_else(deleted)?;
    let hook = store.find_hook(hook_id).map_err(|_| deleted())?;
    if !hook.enabled && !force {
        let why = hook
            .disabled_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        return Err(Error::invalid(format!(
            "delivery {} goes to webhook {}, which is disabled{why}; pass --force to send it anyway",
            row.id, hook.name
        )));
    }
    ctx.policy.check_url(&hook.url)?;
    let event: Trigger = row.event.parse()?;
    Ok((
        row.id,
        Target {
            slot: 0,
            hook_id: hook.id,
            hook_name: hook.name,
            url: hook.url,
            secret: hook.secret,
            event,
            webhook_id: row.webhook_id.clone(),
            body: Bytes::from(row.payload.clone()),
            first_attempt: row.attempts + 1,
        },
    ))
}
