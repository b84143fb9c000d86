//! `redeliver`: send logged deliveries again, same body and message id, to
//! the webhook's current URL with its current secret.

use super::{Context, scope, send};
use crate::address::AddressPolicy;
use crate::cli::RedeliverArgs;
use crate::clock;
use crate::deliver::{self, Delivery, DeliverySource, Listed, RedeliveryRules, Unfinished};
use crate::error::{Error, Result};
use crate::output::{Planned, print_dry_run};
use crate::store::{DeliveryFilter, Store};

pub fn run(ctx: &Context, args: RedeliverArgs) -> Result<()> {
    let store = ctx.store()?;
    if !args.dry_run {
        store.require_writable()?;
    }
    // A dry run lists what the policy would refuse (`print_dry_run` marks
    // it) instead of skipping it.
    let policy = match args.dry_run {
        true => AddressPolicy {
            allow_private_targets: true,
        },
        false => ctx.policy,
    };
    let rules = RedeliveryRules {
        policy,
        force: args.force,
    };
    let mut source: Box<dyn DeliverySource> = if args.failed {
        Box::new(unfinished(&store, &args, rules)?)
    } else {
        Box::new(Listed::new(named(&store, &args.ids, rules)?))
    };
    if args.dry_run {
        return dry_run(ctx, source.as_mut());
    }
    let opts = ctx.delivery_options(&args.delivery);
    send(ctx, &store, &opts, source, |skipped| {
        Error::NoTargets(format!(
            "{skipped} deliveries match, but none can be sent (see the warnings above); nothing \
             was sent"
        ))
    })
}

/// The named deliveries, in the log's order. All or nothing: one that
/// cannot be sent stops the run before anything is sent.
fn named(store: &Store, ids: &[i64], rules: RedeliveryRules) -> Result<Vec<Delivery>> {
    // A repeated id would run the same delivery twice at once, with
    // clashing attempt numbers.
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids.iter()
        .map(|id| deliver::redelivery(store, &store.get_delivery(*id)?, rules))
        .collect()
}

/// Every failed or interrupted delivery that matches; those that can no
/// longer be sent are skipped with a warning.
fn unfinished(store: &Store, args: &RedeliverArgs, rules: RedeliveryRules) -> Result<Unfinished> {
    let hook = match &args.hook {
        Some(ident) => Some(
            store
                .find_hook(ident, scope(args.api_key.as_deref())?.as_ref())?
                .id,
        ),
        None => None,
    };
    let filter = DeliveryFilter {
        hook,
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        ..DeliveryFilter::default()
    };
    let source = Unfinished::new(store, filter, rules)?;
    if source.matching() == 0 {
        return Err(Error::NoTargets(
            "no failed or interrupted delivery matches; nothing was sent".into(),
        ));
    }
    Ok(source)
}

fn dry_run(ctx: &Context, source: &mut dyn DeliverySource) -> Result<()> {
    let mut deliveries = Vec::new();
    loop {
        let chunk = source.next_chunk(1024)?;
        for why in &chunk.skipped {
            ctx.out.warn(&format!("skipped: {why}"));
        }
        if chunk.deliveries.is_empty() {
            break;
        }
        deliveries.extend(chunk.deliveries);
    }
    let planned: Vec<Planned<'_>> = deliveries
        .iter()
        .map(|d| Planned {
            event: d.event,
            recipient: &d.recipient,
            body: &d.body,
        })
        .collect();
    print_dry_run(&ctx.out, ctx.policy, &planned)
}
