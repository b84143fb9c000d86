//! `list`: the stored webhooks, optionally filtered.

use comfy_table::Cell;

use super::Context;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::event::ApiKey;
use crate::json::{WebhookJson, WebhooksDoc};
use crate::output::{Column, ListingLayout};
use crate::store::HookFilter;
use crate::webhook::SecretDisplay;

pub fn run(ctx: &Context, args: ListArgs) -> Result<()> {
    let filter = HookFilter {
        event: args.event,
        api_key: args.api_key.as_deref().map(ApiKey::parse).transpose()?,
    };
    let empty = if filter.event.is_some() || filter.api_key.is_some() {
        "No webhook matches these filters. Run `echo3d-hooks list` to see them all."
    } else {
        "No webhooks yet. Create one with `echo3d-hooks add --name NAME --url https://... \
         --trigger Upload --api-key KEY`."
    };
    let layout = ListingLayout {
        key: WebhooksDoc::KEY,
        json: |doc, hook| doc.push(&WebhookJson::new(hook, SecretDisplay::Mask)),
        columns: &[
            Column::keep("name"),
            Column::keep("id"),
            Column::keep("collection"),
            Column::shrink("url"),
            Column::shrink("triggers"),
            Column::shrink("enabled"),
        ],
        cells: |grid, hook| {
            let enabled = match (&hook.enabled, &hook.disabled_reason) {
                (true, _) => "yes".to_string(),
                (false, Some(reason)) => format!("no: {reason}"),
                (false, None) => "no".to_string(),
            };
            vec![
                Cell::new(&hook.name),
                Cell::new(&hook.id),
                Cell::new(&hook.api_key),
                Cell::new(&hook.url),
                Cell::new(hook.triggers_text()),
                grid.verdict(enabled, hook.enabled),
            ]
        },
        empty,
    };
    ctx.out
        .print_listing(&ctx.store()?, &filter, &layout)
        .map(drop)
}
