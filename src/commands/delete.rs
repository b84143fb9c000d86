//! `delete`: remove webhooks, all named ones or none.

use super::Context;
use crate::cli::DeleteArgs;
use crate::error::{Error, Result};
use crate::output::confirm;

pub fn run(ctx: &Context, args: DeleteArgs) -> Result<()> {
    let store = ctx.store()?;
    // Resolve every name first so that an unknown one is reported before the
    // question is asked; the delete itself re-checks inside its transaction.
    for ident in &args.hooks {
        store.find_hook(ident)?;
    }
    let question = format!(
        "Delete {} webhook(s): {}?",
        args.hooks.len(),
        args.hooks.join(", ")
    );
    if !confirm(&question, args.yes)? {
        return Err(Error::invalid("not confirmed; nothing was deleted"));
    }
    let deleted = store.delete_hooks(&args.hooks)?;
    if ctx.out.json {
        let ids: Vec<_> = deleted
            .iter()
            .map(|h| serde_json::json!({"id": h.id, "name": h.name, "apiKey": h.api_key}))
            .collect();
        return ctx.out.print_json(&ids);
    }
    for hook in &deleted {
        ctx.out
            .print_line(&format!("Deleted webhook {} ({}).", hook.name, hook.id))?;
    }
    Ok(())
}
