//! `list`: the stored webhooks, optionally filtered.

use comfy_table::Cell;

use super::Context;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::event::ApiKey;
use crate::json::{StreamedList, WebhookJson, WebhooksDoc};
use crate::output::Column;
use crate::store::HookFilter;
use crate::webhook::SecretDisplay;

pub fn run(ctx: &Context, args: ListArgs) -> Result<()> {
    let filter = HookFilter {
        event: args.event,
        api_key: args.api_key.as_deref().map(ApiKey::parse).transpose()?,
    };
    let store = ctx.store()?;
    if ctx.out.json {
        let mut doc = StreamedList::open(WebhooksDoc::KEY)?;
        store.for_each(&filter, |hook| {
            doc.push(&WebhookJson::new(hook, SecretDisplay::Mask))
        })?;
        ctx.out.json_printed();
        return doc.close(&serde_json::Map::new()).map(drop);
    }
    let mut grid = ctx.out.grid(&[
        Column::keep("name"),
        Column::keep("id"),
        Column::keep("collection"),
        Column::shrink("url"),
        Column::shrink("triggers"),
        Column::shrink("enabled"),
    ]);
    let mut rows = 0;
    store.for_each(&filter, |hook| {
        rows += 1;
        let enabled = match (&hook.enabled, &hook.disabled_reason) {
            (true, _) => "yes".to_string(),
            (false, Some(reason)) => format!("no: {reason}"),
            (false, None) => "no".to_string(),
        };
        let enabled = grid.verdict(enabled, hook.enabled);
        grid.add(vec![
            Cell::new(&hook.name),
            Cell::new(&hook.id),
            Cell::new(&hook.api_key),
            Cell::new(&hook.url),
            Cell::new(hook.triggers_text()),
            enabled,
        ]);
        Ok(())
    })?;
    if rows > 0 {
        return ctx.out.print_grid(&grid);
    }
    let line = if filter.event.is_some() || filter.api_key.is_some() {
        "No webhook matches these filters. Run `echo3d-hooks list` to see them all."
    } else {
        "No webhooks yet. Create one with `echo3d-hooks add --name NAME --url https://... \
         --trigger Upload --api-key KEY`."
    };
    ctx.out.print_line(line)
}
