//! `list`: the stored webhooks, optionally filtered.

use super::Context;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::store::HookFilter;
use crate::webhook::SecretDisplay;

pub fn run(ctx: &Context, args: ListArgs) -> Result<()> {
    let filter = HookFilter {
        event: args.event,
        api_key: args.api_key,
    };
    let store = ctx.store()?;
    let hooks = store.list_hooks(&filter)?;
    if ctx.out.json {
        let views: Vec<_> = hooks.iter().map(|h| h.view(SecretDisplay::Mask)).collect();
        return ctx.out.print_json(&views);
    }
    if hooks.is_empty() {
        let line = if filter.event.is_some() || filter.api_key.is_some() {
            "No webhook matches these filters. Run `echo3d-hooks list` to see them all."
        } else {
            "No webhooks yet. Create one with `echo3d-hooks add --name NAME --url https://... \
             --trigger Upload --api-key KEY`."
        };
        return ctx.out.print_line(line);
    }
    let mut table = ctx
        .out
        .table(&["name", "id", "collection", "url", "triggers", "enabled"]);
    for hook in &hooks {
        let enabled = match (&hook.enabled, &hook.disabled_reason) {
            (true, _) => "yes".to_string(),
            (false, Some(reason)) => format!("no: {reason}"),
            (false, None) => "no".to_string(),
        };
        table.add_row(vec![
            comfy_table::Cell::new(&hook.name),
            comfy_table::Cell::new(&hook.id),
            comfy_table::Cell::new(&hook.api_key),
            comfy_table::Cell::new(&hook.url),
            comfy_table::Cell::new(hook.triggers_text()),
            ctx.out.verdict(enabled, hook.enabled),
        ]);
    }
    ctx.out.print_table(&table)
}
