//! The secrets a received request is checked against, shared by `verify`
//! and `listen`: besides the ones it should match, every other stored
//! webhook's, which can only explain a mismatch ("signed with the secret of
//! webhook X") and never make a request genuine.

use super::Context;
use crate::signing::Secret;
use crate::store::{self, HookFilter, Store};
use crate::verify::CandidateSecret;

/// The secrets of every stored webhook but those in `except` (ids), named
/// by webhook. A store that cannot be read only costs the explanation.
pub fn other_webhooks(ctx: &Context, store: &Store, except: &[String]) -> Vec<CandidateSecret> {
    match store.list(&HookFilter::default()) {
        Ok(all) => all
            .into_iter()
            .filter(|other| !except.contains(&other.id))
            .filter_map(|other| {
                let secret = Secret::parse(&other.secret).ok()?;
                let label = format!("{} ({})", other.name, other.id);
                Some(CandidateSecret { label, secret })
            })
            .collect(),
        Err(e) => {
            not_tried(ctx, &e);
            Vec::new()
        }
    }
}

/// The store, if there is one: a command that needs none of its own must
/// not create it just to look for other secrets.
pub fn existing_store(ctx: &Context) -> Option<Store> {
    let path = match &ctx.db {
        Some(path) => path.clone(),
        None => store::default_path().ok()?,
    };
    if !path.is_file() {
        return None;
    }
    Store::open(&path).inspect_err(|e| not_tried(ctx, e)).ok()
}

fn not_tried(ctx: &Context, e: &crate::error::Error) {
    ctx.out.warn(&format!(
        "other webhooks' secrets were not tried, because the store cannot be read: {e}"
    ));
}
