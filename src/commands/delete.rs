//! `delete`: remove webhooks, all named ones or none.

use super::{Context, collection};
use crate::cli::DeleteArgs;
use crate::error::Result;
use crate::json::{DeletedDoc, HookRef};
use crate::output::confirm_or_stop;

pub fn run(ctx: &Context, args: DeleteArgs) -> Result<()> {
    let store = ctx.store()?;
    // Resolve every name first so that an unknown one is reported before the
    // question is asked; the delete itself re-checks inside its transaction.
    let collection = collection(&args.collection)?;
    for ident in &args.hooks {
        store.find_hook(ident, collection.as_ref())?;
    }
    let question = format!(
        "Delete {} webhook(s): {}?",
        args.hooks.len(),
        args.hooks.join(", ")
    );
    confirm_or_stop(&question, args.yes, "nothing was deleted")?;
    let deleted = store.delete_hooks(&args.hooks, collection.as_ref())?;
    if ctx.out.json {
        return ctx.out.print_json(&DeletedDoc {
            deleted: deleted.iter().map(HookRef::from).collect(),
        });
    }
    for hook in &deleted {
        ctx.out
            .print_line(&format!("Deleted webhook {} ({}).", hook.name, hook.id))?;
    }
    Ok(())
}
