//! `show`: one webhook, secret masked unless asked for.

use super::{Context, collection};
use crate::cli::ShowArgs;
use crate::error::Result;
use crate::output::print_webhook;
use crate::webhook::SecretDisplay;

pub fn run(ctx: &Context, args: ShowArgs) -> Result<()> {
    let store = ctx.store()?;
    let hook = store.find_hook(&args.hook, collection(&args.collection)?.as_ref())?;
    let secret = if args.reveal_secret {
        SecretDisplay::Reveal
    } else {
        SecretDisplay::Mask
    };
    print_webhook(&ctx.out, &hook, secret)
}
