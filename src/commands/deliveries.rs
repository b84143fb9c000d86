//! `deliveries`: the delivery log — list, show one in full, prune.

use serde::Serialize;

use super::Context;
use crate::cli::{DeliveriesAction, DeliveriesArgs, DeliveriesListArgs};
use crate::clock;
use crate::deliver;
use crate::error::Result;
use crate::output::confirm;
use crate::store::{DeliveryFilter, DeliveryRow, DeliveryState, StoredAttempt};

pub fn run(ctx: &Context, args: DeliveriesArgs) -> Result<()> {
    match args.action {
        None => list(ctx, args.list),
        Some(DeliveriesAction::Show { id }) => show(ctx, id),
        Some(DeliveriesAction::Prune { older_than, yes }) => prune(ctx, older_than, yes),
    }
}

/// The JSON form of one delivery: a stable interface for scripts.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView<'a> {
    id: i64,
    created_at: String,
    webhook_id: &'a str,
    hook_id: Option<&'a str>,
    hook_name: &'a str,
    api_key: &'a str,
    url: &'a str,
    event: &'a str,
    state: &'static str,
    attempts: u32,
    status: Option<u16>,
    error: Option<&'a str>,
    duration_ms: i64,
}

impl<'a> From<&'a DeliveryRow> for DeliveryView<'a> {
    fn from(d: &'a DeliveryRow) -> Self {
        DeliveryView {
            id: d.id,
            created_at: clock::format_ms(d.created_at),
            webhook_id: &d.webhook_id,
            hook_id: d.hook_id.as_deref(),
            hook_name: &d.hook_name,
            api_key: &d.api_key,
            url: &d.url,
            event: &d.event,
            state: d.state.as_str(),
            attempts: d.attempts,
            status: d.last_status,
            error: d.last_error.as_deref(),
            duration_ms: d.duration_ms,
        }
    }
}

fn result_text(d: &DeliveryRow) -> String {
    let detail = deliver::describe(d.last_status, d.last_error.as_deref());
    match d.state {
        DeliveryState::Succeeded => detail,
        DeliveryState::Pending if d.attempts == 0 => "pending".to_string(),
        state => format!("{}: {detail}", state.as_str()),
    }
}

fn list(ctx: &Context, args: DeliveriesListArgs) -> Result<()> {
    let filter = DeliveryFilter {
        hook: args.hook,
        event: args.event,
        failed_only: args.failed,
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        limit: Some(args.limit as usize),
    };
    let store = ctx.store()?;
    let rows = store.list_deliveries(&filter)?;
    if ctx.out.json {
        let views: Vec<DeliveryView<'_>> = rows.iter().map(DeliveryView::from).collect();
        return ctx.out.print_json(&views);
    }
    if rows.is_empty() {
        return ctx
            .out
            .print_line("No deliveries match. `echo3d-hooks fire` and `test` record them.");
    }
    let mut table = ctx.out.table(&[
        "id", "time", "webhook", "event", "result", "attempts", "duration",
    ]);
    for d in &rows {
        let name = match &d.hook_id {
            Some(_) => d.hook_name.clone(),
            None => format!("{} (deleted)", d.hook_name),
        };
        table.add_row(vec![
            comfy_table::Cell::new(d.id),
            comfy_table::Cell::new(clock::format_ms(d.created_at)),
            comfy_table::Cell::new(name),
            comfy_table::Cell::new(&d.event),
            ctx.out
                .verdict(result_text(d), d.state == DeliveryState::Succeeded),
            comfy_table::Cell::new(d.attempts),
            comfy_table::Cell::new(format!("{} ms", d.duration_ms)),
        ]);
    }
    ctx.out.print_table(&table)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttemptView<'a> {
    number: u32,
    started_at: String,
    duration_ms: i64,
    url: &'a str,
    request_headers: serde_json::Value,
    status: Option<u16>,
    error: Option<&'a str>,
    response_excerpt: String,
}

impl<'a> From<&'a StoredAttempt> for AttemptView<'a> {
    fn from(a: &'a StoredAttempt) -> Self {
        AttemptView {
            number: a.number,
            started_at: clock::format_ms(a.started_at),
            duration_ms: a.duration_ms,
            url: &a.url,
            request_headers: serde_json::from_str(&a.request_headers)
                .unwrap_or(serde_json::Value::Null),
            status: a.status,
            error: a.error.as_deref(),
            response_excerpt: String::from_utf8_lossy(&a.response_excerpt).into_owned(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeliveryDetail<'a> {
    #[serde(flatten)]
    delivery: DeliveryView<'a>,
    body: String,
    attempts_detail: Vec<AttemptView<'a>>,
}

fn show(ctx: &Context, id: i64) -> Result<()> {
    let store = ctx.store()?;
    let d = store.get_delivery(id)?;
    let attempts = store.attempts_of(id)?;
    let body = String::from_utf8_lossy(&d.payload).into_owned();
    if ctx.out.json {
        return ctx.out.print_json(&DeliveryDetail {
            delivery: DeliveryView::from(&d),
            body,
            attempts_detail: attempts.iter().map(AttemptView::from).collect(),
        });
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
        ("webhook-id", d.webhook_id.clone()),
        ("result", result_text(&d)),
        ("attempts", d.attempts.to_string()),
        ("duration", format!("{} ms", d.duration_ms)),
    ]);
    ctx.out.print_table(&record)?;
    ctx.out.print_line(&format!(
        "\nRequest body ({} bytes):\n{body}",
        d.payload.len()
    ))?;
    for a in &attempts {
        let headers: serde_json::Value =
            serde_json::from_str(&a.request_headers).unwrap_or(serde_json::Value::Null);
        let header_lines = headers
            .as_object()
            .map(|h| {
                h.iter()
                    .map(|(k, v)| format!("  {k}: {}", v.as_str().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default();
        ctx.out.print_line(&format!(
            "\nAttempt {} at {} to {} — {} in {} ms\nRequest headers:\n{header_lines}\nResponse excerpt ({} bytes):\n{}",
            a.number,
            clock::format_ms(a.started_at),
            a.url,
            deliver::describe(a.status, a.error.as_deref()),
            a.duration_ms,
            a.response_excerpt.len(),
            String::from_utf8_lossy(&a.response_excerpt)
        ))?;
    }
    Ok(())
}

fn prune(ctx: &Context, older_than: std::time::Duration, yes: bool) -> Result<()> {
    let store = ctx.store()?;
    store.require_writable()?;
    let shown = humantime::format_duration(older_than).to_string();
    if !confirm(&format!("Delete delivery history older than {shown}?"), yes)? {
        return Err(crate::error::Error::invalid(
            "not confirmed; nothing was deleted",
        ));
    }
    // Saturating: a huge duration must mean "nothing is that old", not wrap
    // around into a cut-off in the future that deletes everything.
    let age = i64::try_from(older_than.as_millis()).unwrap_or(i64::MAX);
    let cutoff = clock::now_ms().saturating_sub(age);
    let (deliveries, attempts) = store.prune_deliveries(cutoff)?;
    if ctx.out.json {
        return ctx.out.print_json(&serde_json::json!({
            "deliveries": deliveries,
            "attempts": attempts,
        }));
    }
    ctx.out.print_line(&format!(
        "Pruned {deliveries} deliveries ({attempts} attempts) older than {shown}."
    ))
}
