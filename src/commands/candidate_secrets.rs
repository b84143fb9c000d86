//! The secrets a received request is checked against, shared by `verify`
//! and `listen`: besides the ones it should match, every other stored
//! webhook's, which can only explain a mismatch ("signed with the secret of
//! webhook X") and never make a request genuine.

use super::Context;
use crate::clock;
use crate::error::Result;
use crate::signing::Secret;
use crate::store::{self, HookFilter, Store};
use crate::verify::CandidateSecret;

/// The secrets of every stored webhook but those in `except` (ids), named
/// by webhook, with the one a rotation replaced while it still signs: a
/// sender that kept the old secret is the commonest mismatch mid-rotation.
/// A store that cannot be read only costs the explanation.
pub fn other_webhooks(ctx: &Context, store: &Store, except: &[String]) -> Vec<CandidateSecret> {
    stored_others(store, except).unwrap_or_else(|e| {
        not_tried(ctx, &e);
        Vec::new()
    })
}

/// `other_webhooks`, with the store's error left to the caller.
pub fn stored_others(store: &Store, except: &[String]) -> Result<Vec<CandidateSecret>> {
    let all = store.list(&HookFilter::default())?;
    Ok(all
        .into_iter()
        .filter(|other| !except.contains(&other.id))
        .flat_map(|other| {
            let named = format!("{} ({})", other.name, other.id);
            let previous = other.previous_secret.as_ref().map(|p| {
                let until = clock::format_ms(p.until_ms);
                (
                    format!("{named}, its previous secret (signs until {until})"),
                    &p.secret,
                )
            });
            std::iter::once((named.clone(), &other.secret))
                .chain(previous)
                .filter_map(|(label, text)| {
                    let secret = Secret::parse(text).ok()?;
                    Some(CandidateSecret { label, secret })
                })
                .collect::<Vec<_>>()
        })
        .collect())
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
