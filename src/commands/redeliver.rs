//! `redeliver`: send logged deliveries again, same body and message id, to
//! the webhook's current URL with its current secret; or hand logged
//! hand-offs off again to the Svix server, under the same `eventId`, which
//! the server accepts only once.

use bytes::Bytes;

use super::handing_off::{self, svix_client};
use super::{Context, scope, send, via};
use crate::address::AddressPolicy;
use crate::cli::{RedeliverArgs, ViaChoice};
use crate::clock;
use crate::deliver::{
    self, Delivery, DeliverySource, History, Listed, RedeliveryRules, Unfinished,
};
use crate::error::{Error, Result};
use crate::output::{Planned, counted, print_dry_run};
use crate::store::{DeliveryFilter, DeliveryRow, Store, Via};
use crate::svix::{ForWebhook, Planned as Message, SvixClient};

pub fn run(ctx: &Context, args: RedeliverArgs) -> Result<()> {
    let store = ctx.store()?;
    if !args.dry_run {
        store.require_writable()?;
    }
    let hand_offs = match args.failed {
        true => args.via == Some(ViaChoice::Svix),
        false => named_are_hand_offs(&store, &args)?,
    };
    if hand_offs {
        return hand_off_again(ctx, &store, &args);
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
        Box::new(unfinished(ctx, &store, &args, rules)?)
    } else {
        Box::new(Listed::new(named(&store, &args.ids, rules)?))
    };
    if args.dry_run {
        ctx.check_delivery_flags(&args.delivery)?;
        return dry_run(ctx, source.as_mut());
    }
    let opts = ctx.delivery_options(&args.delivery);
    send(ctx, &store, &opts, source, none_sendable)
}

/// Every matching delivery was skipped (the warnings say why).
fn none_sendable(skipped: usize) -> Error {
    Error::NoTargets(format!(
        "{}, but none can be sent (see the warnings above); nothing was sent",
        counted(skipped, "delivery matches", "deliveries match")
    ))
}

/// Whether the named deliveries are hand-offs to a Svix server. They must
/// all be alike, and as `--via` says when it is given: a hand-off is never
/// sent from here, nor a delivery handed off.
fn named_are_hand_offs(store: &Store, args: &RedeliverArgs) -> Result<bool> {
    let (mut handed_off, mut direct) = (Vec::new(), Vec::new());
    for id in &args.ids {
        match store.get_delivery(*id)?.via_svix {
            true => handed_off.push(id.to_string()),
            false => direct.push(id.to_string()),
        }
    }
    if !handed_off.is_empty() && !direct.is_empty() {
        return Err(Error::invalid(format!(
            "some of these deliveries were handed off to a Svix server ({}) and some were sent \
             from here ({}); redeliver each kind in a command of its own",
            handed_off.join(", "),
            direct.join(", ")
        )));
    }
    let logged = if handed_off.is_empty() {
        Via::Direct
    } else {
        Via::Svix
    };
    match args.via.map(via) {
        Some(asked) if asked != logged => Err(Error::invalid(format!(
            "--via {} does not fit: the log says the deliveries named were {}",
            asked.as_str(),
            match logged {
                Via::Svix => "handed off to a Svix server (--via svix)",
                Via::Direct => "sent from here (--via direct)",
            }
        ))),
        _ => Ok(logged == Via::Svix),
    }
}

/// The named deliveries, in the log's order. All or nothing: one that
/// cannot be sent stops the run before anything is sent.
fn named(store: &Store, ids: &[i64], rules: RedeliveryRules) -> Result<Vec<Delivery>> {
    ids_in_order(ids)
        .iter()
        .map(|id| deliver::redelivery(store, &store.get_delivery(*id)?, rules))
        .collect()
}

/// Each id once, in the log's order: a repeated id would run the same
/// delivery twice at once, with clashing attempt numbers.
fn ids_in_order(ids: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The filter of `--failed`, for deliveries sent one way.
fn failed_filter(store: &Store, args: &RedeliverArgs, sent: Via) -> Result<DeliveryFilter> {
    let collection = scope(args.api_key.as_deref())?;
    let hook = match &args.hook {
        Some(ident) => Some(store.find_hook(ident, collection.as_ref())?.id),
        None => None,
    };
    Ok(DeliveryFilter {
        hook,
        api_key: collection.map(|key| key.as_str().to_string()),
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        via: Some(sent),
        ..DeliveryFilter::default()
    })
}

/// Every failed or interrupted delivery sent from here that matches; those
/// that can no longer be sent are skipped with a warning. Failed hand-offs
/// are left to `--via svix`, and said so.
fn unfinished(
    ctx: &Context,
    store: &Store,
    args: &RedeliverArgs,
    rules: RedeliveryRules,
) -> Result<Unfinished> {
    let handed_off = store.count_unfinished(&failed_filter(store, args, Via::Svix)?)?;
    if handed_off > 0 {
        ctx.out.warn(&format!(
            "{handed_off} failed or interrupted hand-off(s) to a Svix server are not included; \
             `echo3d-hooks redeliver --failed --via svix` hands them off again"
        ));
    }
    let source = Unfinished::new(store, failed_filter(store, args, Via::Direct)?, rules)?;
    if source.matching() == 0 {
        return Err(Error::NoTargets(
            "no failed or interrupted delivery matches; nothing was sent".into(),
        ));
    }
    Ok(source)
}

/// What the run would send; like the run, it fails (exit 8) when every
/// matching delivery would be skipped.
fn dry_run(ctx: &Context, source: &mut dyn DeliverySource) -> Result<()> {
    let mut deliveries = Vec::new();
    let mut skipped = 0;
    loop {
        let chunk = source.next_chunk(1024)?;
        for why in &chunk.skipped {
            ctx.out.warn(&format!("skipped: {why}"));
        }
        skipped += chunk.skipped.len();
        if chunk.deliveries.is_empty() {
            break;
        }
        deliveries.extend(chunk.deliveries);
    }
    if deliveries.is_empty() && skipped > 0 {
        return Err(none_sendable(skipped));
    }
    let planned: Vec<Planned<'_>> = deliveries
        .iter()
        .map(|d| Planned {
            delivery_id: match d.history {
                History::Logged { id, .. } => Some(id),
                History::New => None,
            },
            event: d.event,
            recipient: &d.recipient,
            body: &d.body,
        })
        .collect();
    print_dry_run(&ctx.out, ctx.policy, &planned)
}

/// Hands logged hand-offs off again: the named ones (one that cannot be
/// stops the command before anything is handed off), or every failed or
/// interrupted one that matches (one that cannot is skipped with a warning).
fn hand_off_again(ctx: &Context, store: &Store, args: &RedeliverArgs) -> Result<()> {
    let client = svix_client(&args.svix, &args.delivery)?;
    let rows = match args.failed {
        true => unfinished_hand_offs(store, &failed_filter(store, args, Via::Svix)?)?,
        false => ids_in_order(&args.ids)
            .iter()
            .map(|id| store.get_delivery(*id))
            .collect::<Result<Vec<_>>>()?,
    };
    let mut messages = Vec::with_capacity(rows.len());
    for row in &rows {
        match again(store, &client, row) {
            Ok(message) => messages.push(message),
            Err(why) if args.failed => ctx.out.warn(&format!("skipped: {why}")),
            Err(why) => return Err(why),
        }
    }
    if messages.is_empty() {
        return Err(Error::NoTargets(match rows.len() {
            0 => "no failed or interrupted hand-off matches; nothing was handed off".to_string(),
            n => format!(
                "{n} hand-off(s) match, but none can be handed off again (see the warnings \
                 above); nothing was handed off"
            ),
        }));
    }
    if args.dry_run {
        return handing_off::dry_run(ctx, store, &client, &messages);
    }
    handing_off::hand_off(ctx, store, &client, messages)
}

/// Every failed or interrupted hand-off matching `filter`, oldest first.
/// They are messages, not deliveries to each webhook: few enough to hold.
fn unfinished_hand_offs(store: &Store, filter: &DeliveryFilter) -> Result<Vec<DeliveryRow>> {
    let mut rows: Vec<DeliveryRow> = Vec::new();
    loop {
        let after = rows.last().map_or(0, |r| r.id);
        let page = store.unfinished_page(filter, (after, i64::MAX), 1024)?;
        if page.is_empty() {
            return Ok(rows);
        }
        rows.extend(page);
    }
}

/// A logged hand-off, to be handed off again to the same server under the
/// same message id (so the same `eventId`): for every subscriber, or for
/// its webhook, which must still exist and be enabled.
fn again(store: &Store, client: &SvixClient, row: &DeliveryRow) -> Result<Message> {
    if row.url != client.base_url() {
        return Err(Error::invalid(format!(
            "delivery {} was handed off to the Svix server at {}, not to {}: another server \
             does not know its eventId and would deliver it again; point --svix-url (or \
             ECHO3D_HOOKS_SVIX_URL) at {}",
            row.id,
            row.url,
            client.base_url(),
            row.url
        )));
    }
    let webhook = match (&row.hook_id, row.to_every_subscriber()) {
        (_, true) => None,
        (None, false) => {
            return Err(Error::invalid(format!(
                "delivery {} was for webhook {}, which has been deleted; it cannot be handed off \
                 again",
                row.id, row.hook_name
            )));
        }
        (Some(id), false) => {
            let hook = store.find_hook(id, None)?;
            if !hook.enabled {
                return Err(Error::invalid(format!(
                    "delivery {} is for webhook {}, which is disabled; a Svix server never \
                     delivers to a disabled endpoint",
                    row.id, hook.name
                )));
            }
            Some(ForWebhook {
                id: hook.id,
                name: hook.name,
            })
        }
    };
    Ok(Message {
        message_id: row.message_id.clone(),
        api_key: row.api_key.clone(),
        event: row.event.parse()?,
        body: Bytes::from(row.payload.clone()),
        webhook,
        history: History::Logged {
            id: row.id,
            attempts: row.attempts,
        },
    })
}
