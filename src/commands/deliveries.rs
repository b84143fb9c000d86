//! `deliveries`: the delivery log — list, show one in full, prune.

use comfy_table::Cell;

use super::{Context, prune_cutoff, scope, via};
use crate::cli::{DeliveriesAction, DeliveriesArgs, DeliveriesListArgs};
use crate::clock::{self, Cutoff};
use crate::deliver::describe;
use crate::error::{Error, Result};

use crate::json::{
    AttemptJson, DeliveriesDoc, DeliveryDetail, DeliveryDoc, LoggedDelivery, PrunedCounts,
    PrunedDoc,
};
use crate::output::{Column, ListingLayout, counted};
use crate::store::{DeliveryFilter, DeliveryRow, DeliveryState, StateFilter, Store, StoredAttempt};
use crate::svix::event_id;

pub fn run(ctx: &Context, args: DeliveriesArgs) -> Result<()> {
    match args.action {
        None => list(ctx, args.list),
        Some(DeliveriesAction::Show { id }) => show(ctx, id),
        Some(DeliveriesAction::Prune(p)) => prune(ctx, p.older_than, p.yes),
    }
}

fn result_text(d: &DeliveryRow) -> String {
    let detail = describe(d.last_status, d.last_error.as_deref());
    match (d.state, &d.svix_message_id) {
        (DeliveryState::Succeeded, Some(id)) if d.via_svix => {
            format!("accepted by Svix as {id}")
        }
        (DeliveryState::Succeeded, _) => detail,
        (DeliveryState::Pending, _) if d.attempts == 0 => "pending".to_string(),
        (state, _) => format!("{}: {detail}", state.as_str()),
    }
}

/// The webhook a delivery went to, or, for a hand-off, whom the Svix server
/// delivers it to.
fn webhook_text(d: &DeliveryRow) -> String {
    let name = match &d.hook_id {
        _ if d.to_every_subscriber() => "every subscriber".to_string(),
        Some(_) => d.hook_name.clone(),
        None => format!("{} (deleted)", d.hook_name),
    };
    match d.via_svix {
        true => format!("{name}, via Svix"),
        false => name,
    }
}

fn list(ctx: &Context, args: DeliveriesListArgs) -> Result<()> {
    let collection = scope(args.api_key.as_deref())?;
    let filter = DeliveryFilter {
        hook: args.hook,
        api_key: collection.map(|key| key.as_str().to_string()),
        event: args.event,
        state: match (args.failed, args.interrupted) {
            (true, _) => StateFilter::Failed,
            (_, true) => StateFilter::Interrupted,
            _ => StateFilter::Any,
        },
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        via: args.via.map(via),
        limit: Some(args.limit as usize),
    };
    let store = ctx.store()?;
    if let Some(hook) = &filter.hook {
        check_hook_name(&store, hook, filter.api_key.is_some())?;
    }
    let layout = ListingLayout {
        key: DeliveriesDoc::KEY,
        json: |doc, d| doc.push(&LoggedDelivery::from(d)),
        columns: &[
            Column::keep("id"),
            Column::keep("time"),
            Column::keep("webhook"),
            Column::keep("event"),
            Column::shrink("result"),
            Column::keep("attempts"),
            Column::keep("duration"),
        ],
        cells: |grid, d| {
            vec![
                Cell::new(d.id),
                Cell::new(clock::format_ms(d.created_at)),
                Cell::new(webhook_text(d)),
                Cell::new(&d.event),
                grid.verdict(result_text(d), d.state == DeliveryState::Succeeded),
                Cell::new(d.attempts),
                Cell::new(format!("{} ms", d.duration_ms)),
            ]
        },
        empty: "No deliveries match. `echo3d-hooks fire` and `test` record them.",
    };
    let shown = ctx.out.print_listing(&store, &filter, &layout)?;
    ctx.out.note_limit(shown, args.limit)
}

/// A `--hook` that names something: a webhook, or the history of one. A
/// name two collections used is as ambiguous here as anywhere (mixing both
/// webhooks' deliveries would read as one webhook's history), counting the
/// history of webhooks deleted or renamed since.
fn check_hook_name(store: &Store, hook: &str, scoped: bool) -> Result<()> {
    match store.hook_collections(hook)? {
        0 => Err(Error::NotFound(format!(
            "no webhook has the name or id {hook:?}, and no delivery went to one of that name \
             (see `echo3d-hooks list`)"
        ))),
        n if n > 1 && !scoped => Err(Error::invalid(format!(
            "the name {hook:?} is used in {n} collections (by webhooks or their history); \
             choose one with --api-key"
        ))),
        _ => Ok(()),
    }
}

fn show(ctx: &Context, id: i64) -> Result<()> {
    let store = ctx.store()?;
    let d = store.get_delivery(id)?;
    let attempts = store.attempts_of(&d)?;
    let body = String::from_utf8_lossy(&d.payload).into_owned();
    if ctx.out.json {
        return ctx.out.print_json(&DeliveryDoc {
            delivery: DeliveryDetail {
                delivery: LoggedDelivery::from(&d),
                body,
            },
            attempts: attempts.iter().map(AttemptJson::from).collect(),
        });
    }
    if d.via_svix {
        return show_hand_off(ctx, &d, &attempts, &body);
    }
    let webhook = match &d.hook_id {
        Some(hook_id) => format!("{} ({hook_id})", d.hook_name),
        None => format!("{} (deleted)", d.hook_name),
    };
    let record = ctx.out.record(&[
        ("delivery", d.id.to_string()),
        ("created", clock::format_ms(d.created_at)),
        ("webhook", webhook),
        ("collection", d.api_key.clone()),
        ("url", d.url.clone()),
        ("event", d.event.clone()),
        ("webhook-id", d.message_id.clone()),
        ("result", result_text(&d)),
        ("attempts", d.attempts.to_string()),
        ("duration", format!("{} ms", d.duration_ms)),
    ]);
    ctx.out.print_grid(&record)?;
    ctx.out.print_line(&format!(
        "\nRequest body ({} bytes):\n{body}",
        d.payload.len()
    ))?;
    for a in &attempts {
        ctx.out.print_line(&attempt_text(a))?;
    }
    Ok(())
}

/// One attempt in full: the request headers it sent (none when it never
/// went out) and what came back.
fn attempt_text(a: &StoredAttempt) -> String {
    let view = AttemptJson::from(a);
    let headers = view.request_headers.as_object();
    let sent = headers.is_some_and(|h| h.get("webhook-signature").is_some_and(|s| !s.is_null()));
    let request = match (headers, sent) {
        (Some(h), true) => {
            let lines: Vec<String> = h
                .iter()
                .map(|(k, v)| format!("  {k}: {}", v.as_str().unwrap_or_default()))
                .collect();
            format!("Request headers:\n{}", lines.join("\n"))
        }
        _ => "No request was sent.".to_string(),
    };
    let response = match a.status {
        Some(_) => format!(
            "Response excerpt ({} bytes):\n{}",
            a.response_excerpt.len(),
            view.response_excerpt
        ),
        None => "No response.".to_string(),
    };
    format!(
        "\nAttempt {} at {} to {} — {} in {} ms\n{request}\n{response}",
        a.number,
        view.started_at,
        a.url,
        describe(a.status, a.error.as_deref()),
        a.duration_ms,
    )
}

/// A hand-off: the message, what the server made of it, and each hand-off.
fn show_hand_off(
    ctx: &Context,
    d: &DeliveryRow,
    attempts: &[StoredAttempt],
    body: &str,
) -> Result<()> {
    let webhook = match &d.hook_id {
        _ if d.to_every_subscriber() => "every subscribed webhook of the collection".to_string(),
        Some(hook_id) => format!("{} ({hook_id}) alone", d.hook_name),
        None => format!("{} (deleted) alone", d.hook_name),
    };
    let svix_id = match &d.svix_message_id {
        Some(id) => format!("{id} (the webhook-id its deliveries carry)"),
        None => "none: the server has not accepted it".to_string(),
    };
    let record = ctx.out.record(&[
        ("delivery", d.id.to_string()),
        ("created", clock::format_ms(d.created_at)),
        (
            "via",
            format!("the Svix server at {}, which delivers it", d.url),
        ),
        ("for", webhook),
        ("collection", d.api_key.clone()),
        ("event", d.event.clone()),
        (
            "message id",
            format!("{} (eventId {})", d.message_id, event_id(&d.message_id)),
        ),
        ("svix message id", svix_id),
        ("result", result_text(d)),
        ("hand-offs", d.attempts.to_string()),
        ("duration", format!("{} ms", d.duration_ms)),
    ]);
    ctx.out.print_grid(&record)?;
    ctx.out
        .print_line(&format!("\nBody ({} bytes):\n{body}", d.payload.len()))?;
    for a in attempts {
        let answer = match (a.status, a.error.as_deref()) {
            (Some(409), None) => {
                "HTTP 409: the server had accepted it before; not sent again".to_string()
            }
            (Some(status), None) => format!("HTTP {status}: accepted"),
            (status, error) => describe(status, error),
        };
        ctx.out.print_line(&format!(
            "\nHand-off {} at {} to {} — {answer} in {} ms",
            a.number,
            clock::format_ms(a.started_at),
            a.url,
            a.duration_ms,
        ))?;
    }
    Ok(())
}

fn prune(ctx: &Context, older_than: Cutoff, yes: bool) -> Result<()> {
    let store = ctx.store()?;
    store.require_writable()?;
    let (cutoff, shown) = prune_cutoff("delivery history", older_than, yes)?;
    let (deliveries, attempts) = store.prune_deliveries(cutoff)?;
    if ctx.out.json {
        return ctx.out.print_json(&PrunedDoc {
            pruned: PrunedCounts {
                deliveries,
                attempts,
            },
        });
    }
    ctx.out.print_line(&format!(
        "Pruned {} ({}) older than {shown}.",
        counted(deliveries, "delivery", "deliveries"),
        counted(attempts, "attempt", "attempts")
    ))
}
