//! Changing webhooks: creating, updating and deleting them with their
//! trigger subscriptions, one at a time or in one transaction (`import`).

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::hooks::find_hook_in;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::signing::Secret;
use crate::webhook::{self, Webhook};

/// A webhook to create; every field has already passed validation.
#[derive(Clone, Debug)]
pub struct NewWebhook {
    pub api_key: ApiKey,
    pub name: String,
    pub url: String,
    pub description: String,
    pub triggers: Vec<Trigger>,
    /// `None` makes a fresh secret; `import` passes one from its file.
    pub secret: Option<String>,
    pub enabled: bool,
}

/// A change to a webhook; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct HookPatch {
    pub name: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub triggers: Option<Vec<Trigger>>,
    pub enabled: Option<bool>,
    /// Replaces the secret.
    pub secret: Option<NewSecret>,
}

/// A secret that replaces a webhook's own. During `grace_ms` the one it
/// replaces goes on signing beside it; with no grace it stops at once.
#[derive(Clone, Debug)]
pub struct NewSecret {
    pub secret: String,
    pub grace_ms: i64,
}

impl HookPatch {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.url.is_none()
            && self.description.is_none()
            && self.triggers.is_none()
            && self.enabled.is_none()
            && self.secret.is_none()
    }

    /// The patch without the fields that would set what `current` already
    /// has, so that an edit that changes nothing writes nothing (and leaves
    /// `updatedAt` alone).
    pub fn against(self, current: &Webhook) -> HookPatch {
        let differs = |new: Option<String>, old: &str| new.filter(|new| new != old);
        let mut triggers_now = current.triggers.clone();
        triggers_now.sort();
        HookPatch {
            name: differs(self.name, &current.name),
            url: differs(self.url, &current.url),
            description: differs(self.description, &current.description),
            triggers: self.triggers.filter(|new| *new != triggers_now),
            enabled: self.enabled.filter(|new| *new != current.enabled),
            secret: self.secret,
        }
    }
}

impl Store {
    pub fn insert_hook(&self, new: &NewWebhook) -> Result<Webhook> {
        let tx = self.write_tx()?;
        let hook = insert_hook_in(&tx, new)?;
        tx.commit()?;
        Ok(hook)
    }

    pub fn update_hook(&self, id: &str, patch: &HookPatch) -> Result<Webhook> {
        let tx = self.write_tx()?;
        let updated = update_hook_in(&tx, id, patch)?;
        tx.commit()?;
        Ok(updated)
    }

    /// Deletes every named webhook in one transaction, or none of them when
    /// any name is unknown or ambiguous.
    pub fn delete_hooks(
        &self,
        idents: &[String],
        collection: Option<&ApiKey>,
    ) -> Result<Vec<Webhook>> {
        let tx = self.write_tx()?;
        let mut deleted: Vec<Webhook> = Vec::new();
        for ident in idents {
            let hook = find_hook_in(&tx, ident, collection)?;
            if deleted.iter().all(|d| d.id != hook.id) {
                deleted.push(hook);
            }
        }
        for hook in &deleted {
            delete_hook_in(&tx, hook)?;
        }
        tx.commit()?;
        Ok(deleted)
    }

    /// Runs `f` inside one write transaction; used by `import`, whose many
    /// changes must land together or not at all.
    pub fn with_hooks_tx<T>(&self, f: impl FnOnce(&HooksTx<'_>) -> Result<T>) -> Result<T> {
        // A transaction that dirties more pages than the cache holds spills
        // them to the WAL mid-way and reads them back, and a large import
        // dirties far more than SQLite's default 2 MiB. The cache grows only
        // as far as the transaction needs.
        self.conn
            .pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let tx = self.write_tx()?;
        let value = f(&HooksTx { tx: &tx })?;
        tx.commit()?;
        Ok(value)
    }
}

/// The page cache of a bulk change, in KiB (SQLite takes a negative size
/// as KiB).
const BULK_CACHE_KIB: i64 = -16384;

/// Webhook writes inside a caller's transaction.
pub struct HooksTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

impl HooksTx<'_> {
    pub fn insert(&self, new: &NewWebhook) -> Result<()> {
        insert_row(self.tx, new).map(drop)
    }

    pub fn update(&self, id: &str, patch: &HookPatch) -> Result<()> {
        update_hook_in(self.tx, id, patch).map(drop)
    }

    pub fn delete(&self, id: &str) -> Result<()> {
        delete_hook_in(self.tx, &find_hook_in(self.tx, id, None)?)
    }
}

fn insert_hook_in(conn: &rusqlite::Connection, new: &NewWebhook) -> Result<Webhook> {
    let id = insert_row(conn, new)?;
    find_hook_in(conn, &id, None)
}

/// Inserts a webhook and its triggers; returns its new id.
fn insert_row(conn: &rusqlite::Connection, new: &NewWebhook) -> Result<String> {
    ensure_name_free(conn, new.api_key.as_str(), &new.name)?;
    let now = clock::now_ms();
    let id = webhook::new_id();
    let secret = new
        .secret
        .clone()
        .unwrap_or_else(|| Secret::generate().into_string());
    conn.prepare_cached(
        "INSERT INTO hooks (id, api_key, name, url, description, secret, enabled, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        id,
        new.api_key.as_str(),
        new.name,
        new.url,
        new.description,
        secret,
        new.enabled,
        now
    ])?;
    insert_triggers(conn, &id, new.api_key.as_str(), &new.triggers)?;
    Ok(id)
}

/// Applies `patch` to one webhook; the one update path of `edit` and `import`.
fn update_hook_in(conn: &rusqlite::Connection, id: &str, patch: &HookPatch) -> Result<Webhook> {
    let current = find_hook_in(conn, id, None)?;
    if let Some(name) = patch.name.as_deref().filter(|n| *n != current.name) {
        ensure_name_free(conn, &current.api_key, name)?;
    }
    let enabled = patch.enabled.unwrap_or(current.enabled);
    // Switching a hook on clears why it was switched off.
    let reason = if enabled {
        None
    } else {
        current.disabled_reason.clone()
    };
    let now = clock::now_ms();
    let (secret, previous) = match &patch.secret {
        None => (
            &current.secret,
            current
                .previous_secret
                .as_ref()
                .map(|p| (&p.secret, p.until_ms)),
        ),
        Some(new) if new.grace_ms > 0 => (
            &new.secret,
            Some((&current.secret, now.saturating_add(new.grace_ms))),
        ),
        Some(new) => (&new.secret, None),
    };
    conn.execute(
        "UPDATE hooks SET name = ?2, url = ?3, description = ?4, secret = ?5, enabled = ?6, \
         disabled_reason = ?7, updated_at = ?8, previous_secret = ?9, \
         previous_secret_until = ?10 WHERE id = ?1",
        params![
            current.id,
            patch.name.as_ref().unwrap_or(&current.name),
            patch.url.as_ref().unwrap_or(&current.url),
            patch.description.as_ref().unwrap_or(&current.description),
            secret,
            enabled,
            reason,
            now,
            previous.map(|p| p.0),
            previous.map(|p| p.1),
        ],
    )?;
    if let Some(triggers) = &patch.triggers {
        conn.execute(
            "DELETE FROM hook_triggers WHERE hook_id = ?1",
            params![current.id],
        )?;
        insert_triggers(conn, &current.id, &current.api_key, triggers)?;
    }
    find_hook_in(conn, &current.id, None)
}

/// Deletes a webhook; its deliveries keep the name and URL they were sent
/// under, and read as a deleted webhook's.
fn delete_hook_in(conn: &rusqlite::Connection, hook: &Webhook) -> Result<()> {
    conn.execute("DELETE FROM hooks WHERE id = ?1", params![hook.id])?;
    Ok(())
}

fn insert_triggers(
    conn: &rusqlite::Connection,
    hook_id: &str,
    api_key: &str,
    triggers: &[Trigger],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO hook_triggers (api_key, trigger, hook_id) VALUES (?1, ?2, ?3)",
    )?;
    for t in triggers {
        stmt.execute(params![api_key, t.as_str(), hook_id])?;
    }
    Ok(())
}

fn ensure_name_free(conn: &rusqlite::Connection, api_key: &str, name: &str) -> Result<()> {
    let taken: Option<String> = conn
        .prepare_cached("SELECT id FROM hooks WHERE api_key = ?1 AND name = ?2")?
        .query_row(params![api_key, name], |r| r.get(0))
        .optional()?;
    match taken {
        Some(id) => Err(Error::Conflict(format!(
            "a webhook named {name:?} already exists in collection {api_key} ({id}); \
             names are unique within a collection"
        ))),
        None => Ok(()),
    }
}
