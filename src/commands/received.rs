//! `received`: the requests `listen` recorded — list, show one in full,
//! send them again (`replay`), prune.

mod replay;

use comfy_table::Cell;

use super::{Context, prune_cutoff};
use crate::cli::{ReceivedAction, ReceivedArgs, ReceivedListArgs};
use crate::clock::{self, Cutoff};
use crate::error::Result;
use crate::json::{
    PrunedRequests, PrunedRequestsDoc, ReceivedDetail, ReceivedJson, RequestDoc, RequestsDoc,
};
use crate::output::{
    Column, ListingLayout, answer_text, counted, forward_text, payload_text, signature_text,
};
use crate::store::{ReceivedFilter, ReceivedRow};

pub fn run(ctx: &Context, args: ReceivedArgs) -> Result<()> {
    match args.action {
        None => list(ctx, args.list),
        Some(ReceivedAction::Show { id }) => show(ctx, id),
        Some(ReceivedAction::Replay(replay)) => replay::run(ctx, replay),
        Some(ReceivedAction::Prune(p)) => prune(ctx, p.older_than, p.yes),
    }
}

fn list(ctx: &Context, args: ReceivedListArgs) -> Result<()> {
    let filter = ReceivedFilter {
        event: args.event,
        invalid: args.invalid,
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        limit: Some(args.limit as usize),
        oldest_first: false,
    };
    let layout = ListingLayout {
        key: RequestsDoc::KEY,
        json: |doc, row| doc.push(&ReceivedJson::from(row)),
        columns: &[
            Column::keep("id"),
            Column::keep("time"),
            Column::keep("event"),
            Column::keep("webhook-id"),
            Column::keep("signature"),
            Column::keep("payload"),
            Column::keep("answer"),
            Column::shrink("forward"),
        ],
        cells: |grid, row| {
            let r = &row.request;
            vec![
                Cell::new(row.id),
                Cell::new(clock::format_ms(r.received_at)),
                Cell::new(r.event.map_or("-", |e| e.as_str())),
                Cell::new(r.message_id.as_deref().unwrap_or("-")),
                grid.verdict(signature_text(r.signature), r.signature.passed()),
                grid.verdict(payload_text(r), r.payload_errors.is_empty()),
                Cell::new(answer_text(r.answer)),
                Cell::new(forward_text(r)),
            ]
        },
        empty: "No received requests match. `echo3d-hooks listen` records them.",
    };
    let shown = ctx.out.print_listing(&ctx.store()?, &filter, &layout)?;
    ctx.out.note_limit(shown, args.limit)
}

fn show(ctx: &Context, id: i64) -> Result<()> {
    let row = ctx.store()?.get_received(id)?;
    let r = &row.request;
    if ctx.out.json {
        return ctx.out.print_json(&RequestDoc {
            request: ReceivedDetail::new(ReceivedJson::from(&row), r),
        });
    }
    ctx.out.print_grid(&ctx.out.record(&record_rows(&row)))?;
    let kept = match r.body_complete() {
        true => String::new(),
        false => format!(", the first {} kept", r.body.len()),
    };
    ctx.out.print_line(&format!(
        "\nHeaders:\n{}\nBody ({} bytes{kept}):\n{}",
        r.headers
            .lines()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
        r.body_size,
        String::from_utf8_lossy(&r.body)
    ))
}

fn record_rows(row: &ReceivedRow) -> Vec<(&'static str, String)> {
    let r = &row.request;
    let signature = match &r.signature_detail {
        Some(detail) => format!("{}: {detail}", signature_text(r.signature)),
        None => signature_text(r.signature).to_string(),
    };
    let payload = match r.payload_errors.is_empty() {
        true => "valid".to_string(),
        false => r.payload_errors.join("\n"),
    };
    let forward = match &row.forward_to {
        Some(to) if r.forward.is_some() => format!("{to}: {}", forward_text(r)),
        Some(to) => format!("not forwarded (to {to})"),
        None => "-".to_string(),
    };
    vec![
        ("received", row.id.to_string()),
        ("time", clock::format_ms(r.received_at)),
        ("listener", row.listen_url.clone()),
        ("request", format!("{} {}", r.method, r.path)),
        ("event", r.event.map_or("-", |e| e.as_str()).to_string()),
        (
            "webhook-id",
            r.message_id.clone().unwrap_or_else(|| "-".into()),
        ),
        ("signature", signature),
        ("payload", payload),
        ("answer", answer_text(r.answer)),
        ("forward", forward),
        ("duration", format!("{} ms", r.duration_ms)),
    ]
}

fn prune(ctx: &Context, older_than: Cutoff, yes: bool) -> Result<()> {
    let store = ctx.store()?;
    store.require_writable()?;
    let (cutoff, shown) = prune_cutoff("received requests", older_than, yes)?;
    let requests = store.prune_received(cutoff)?;
    if ctx.out.json {
        return ctx.out.print_json(&PrunedRequestsDoc {
            pruned: PrunedRequests { requests },
        });
    }
    ctx.out.print_line(&format!(
        "Pruned {} older than {shown}.",
        counted(requests, "received request", "received requests")
    ))
}
