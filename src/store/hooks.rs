//! Queries on webhook definitions and their trigger subscriptions.

use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::webhook::{self, PreviousSecret, Recipient, Webhook};

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

/// The previous secret, while its grace period lasts.
fn still_signing(secret: Option<String>, until_ms: Option<i64>) -> Option<PreviousSecret> {
    match (secret, until_ms) {
        (Some(secret), Some(until_ms)) if until_ms > clock::now_ms() => {
            Some(PreviousSecret { secret, until_ms })
        }
        _ => None,
    }
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
}

#[derive(Clone, Debug, Default)]
pub struct HookFilter {
    pub event: Option<Trigger>,
    pub api_key: Option<ApiKey>,
}

const HOOK_COLUMNS: &str = "h.id, h.api_key, h.name, h.url, h.description, h.secret, h.enabled, \
     h.disabled_reason, h.created_at, h.updated_at, \
     (SELECT group_concat(t.trigger, ',') FROM hook_triggers t WHERE t.hook_id = h.id), \
     h.previous_secret, h.previous_secret_until";

fn hook_from_row(row: &Row<'_>) -> rusqlite::Result<Webhook> {
    let triggers: Option<String> = row.get(10)?;
    let mut triggers: Vec<Trigger> = triggers
        .unwrap_or_default()
        .split(',')
        .filter_map(|t| t.parse().ok())
        .collect();
    triggers.sort();
    Ok(Webhook {
        id: row.get(0)?,
        api_key: row.get(1)?,
        name: row.get(2)?,
        url: row.get(3)?,
        description: row.get(4)?,
        secret: row.get(5)?,
        enabled: row.get(6)?,
        disabled_reason: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        triggers,
        previous_secret: still_signing(row.get(11)?, row.get(12)?),
    })
}

impl Store {
    pub fn insert_hook(&self, new: &NewWebhook) -> Result<Webhook> {
        let tx = self.write_tx()?;
        let hook = insert_hook_in(&tx, new)?;
        tx.commit()?;
        Ok(hook)
    }

    /// Finds a webhook by id, or else by name, within `collection` when one
    /// is given. A name used in more than one collection is ambiguous and
    /// refused, listing the collections and ids to choose from.
    pub fn find_hook(&self, ident: &str, collection: Option<&ApiKey>) -> Result<Webhook> {
        find_hook_in(&self.conn, ident, collection)
    }

    /// The other collections that have a webhook of this name.
    pub fn collections_naming(&self, name: &str, except: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT api_key FROM hooks WHERE name = ?1 AND api_key != ?2 ORDER BY api_key",
        )?;
        let keys = stmt.query_map(params![name, except], |r| r.get(0))?;
        Ok(keys.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn list_hooks(&self, filter: &HookFilter) -> Result<Vec<Webhook>> {
        let mut hooks = Vec::new();
        self.for_each_hook(filter, |hook| {
            hooks.push(hook.clone());
            Ok(())
        })?;
        Ok(hooks)
    }

    /// Calls `each` on every webhook that matches, by collection and name,
    /// one at a time, so that no listing has to fit in memory.
    pub fn for_each_hook(
        &self,
        filter: &HookFilter,
        mut each: impl FnMut(&Webhook) -> Result<()>,
    ) -> Result<()> {
        let mut sql = format!("SELECT {HOOK_COLUMNS} FROM hooks h WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        match (&filter.event, &filter.api_key) {
            (Some(event), Some(key)) => {
                sql.push_str(
                    " AND h.id IN (SELECT hook_id FROM hook_triggers WHERE api_key = ? AND trigger = ?)",
                );
                args.push(key.to_string());
                args.push(event.as_str().to_string());
            }
            (Some(event), None) => {
                sql.push_str(" AND h.id IN (SELECT hook_id FROM hook_triggers WHERE trigger = ?)");
                args.push(event.as_str().to_string());
            }
            (None, Some(key)) => {
                sql.push_str(" AND h.api_key = ?");
                args.push(key.to_string());
            }
            (None, None) => {}
        }
        sql.push_str(" ORDER BY h.api_key, h.name");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(row) = rows.next()? {
            each(&hook_from_row(row)?)?;
        }
        Ok(())
    }

    /// How many enabled webhooks of the collection are subscribed to `event`.
    pub fn count_subscribed(&self, api_key: &ApiKey, event: Trigger) -> Result<usize> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM hook_triggers s JOIN hooks h ON h.id = s.hook_id \
             WHERE s.api_key = ?1 AND s.trigger = ?2 AND h.enabled = 1",
            params![api_key.as_str(), event.as_str()],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }

    /// Up to `limit` of the enabled webhooks of the collection subscribed to
    /// `event`, in id order, after the webhook `after`: one range of
    /// `hook_triggers`' primary key, however large the store.
    pub fn subscribed_page(
        &self,
        api_key: &ApiKey,
        event: Trigger,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Recipient>> {
        let mut stmt = self.conn.prepare_cached(SUBSCRIBED_SQL)?;
        let rows = stmt.query_map(
            params![
                api_key.as_str(),
                event.as_str(),
                after.unwrap_or(""),
                limit as i64,
                clock::now_ms()
            ],
            |row| {
                Ok(Recipient {
                    id: row.get(0)?,
                    api_key: api_key.to_string(),
                    name: row.get(1)?,
                    url: row.get(2)?,
                    secret: row.get(3)?,
                    previous_secret: row.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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
        // them to the WAL mid-way and reads them back: an import of 100,000
        // webhooks spent most of its time so with SQLite's 2 MiB. The cache
        // grows only as far as the transaction needs.
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

/// Only the columns a delivery needs: on a fan-out to 10,000 webhooks,
/// reading whole webhooks with their trigger lists took twice as long.
const SUBSCRIBED_SQL: &str = "SELECT h.id, h.name, h.url, h.secret, \
     CASE WHEN h.previous_secret_until > ?5 THEN h.previous_secret END \
     FROM hook_triggers s JOIN hooks h ON h.id = s.hook_id \
     WHERE s.api_key = ?1 AND s.trigger = ?2 AND s.hook_id > ?3 AND h.enabled = 1 \
     ORDER BY s.hook_id LIMIT ?4";

/// The SQL `subscribed_page` runs, for `EXPLAIN QUERY PLAN` in tests.
#[cfg(test)]
pub fn subscribed_query_for_plan() -> String {
    SUBSCRIBED_SQL
        .replace("?1", "'k'")
        .replace("?2", "'Upload'")
        .replace("?3", "''")
        .replace("?4", "512")
        .replace("?5", "0")
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
    let secret = new.secret.clone().unwrap_or_else(webhook::new_secret);
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
    keep_history(
        conn,
        &current,
        patch.name.as_ref().is_some_and(|n| *n != current.name),
        patch.url.as_ref().is_some_and(|u| *u != current.url),
    )?;
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

/// The delivery log keeps a webhook's name and URL only where they differ
/// from the webhook's own; before either changes, or the webhook goes, its
/// deliveries get the values they were sent under.
fn keep_history(conn: &rusqlite::Connection, hook: &Webhook, name: bool, url: bool) -> Result<()> {
    if name || url {
        conn.execute(
            "UPDATE deliveries SET \
             hook_name = CASE WHEN ?2 THEN coalesce(hook_name, ?3) ELSE hook_name END, \
             url = CASE WHEN ?4 THEN coalesce(url, ?5) ELSE url END \
             WHERE hook_id = ?1 AND ((?2 AND hook_name IS NULL) OR (?4 AND url IS NULL))",
            params![hook.id, name, hook.name, url, hook.url],
        )?;
    }
    Ok(())
}

fn delete_hook_in(conn: &rusqlite::Connection, hook: &Webhook) -> Result<()> {
    keep_history(conn, hook, true, true)?;
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

fn find_hook_in(
    conn: &rusqlite::Connection,
    ident: &str,
    collection: Option<&ApiKey>,
) -> Result<Webhook> {
    let by_id = conn
        .prepare_cached(&format!(
            "SELECT {HOOK_COLUMNS} FROM hooks h WHERE h.id = ?1"
        ))?
        .query_row(params![ident], hook_from_row)
        .optional()?;
    let in_collection = |hook: &Webhook| collection.is_none_or(|key| *key == *hook.api_key);
    if let Some(hook) = by_id.filter(in_collection) {
        return Ok(hook);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {HOOK_COLUMNS} FROM hooks h WHERE h.name = ?1 \
         AND (?2 IS NULL OR h.api_key = ?2) ORDER BY h.api_key"
    ))?;
    let mut matches = stmt
        .query_map(
            params![ident, collection.map(ApiKey::as_str)],
            hook_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match (matches.len(), collection) {
        (0, None) => Err(Error::NotFound(format!(
            "no webhook has the name or id {ident:?} (see `echo3d-hooks list`)"
        ))),
        (0, Some(key)) => Err(Error::NotFound(format!(
            "no webhook of collection {key} has the name or id {ident:?} (see `echo3d-hooks \
             list --api-key {key}`)"
        ))),
        (1, _) => Ok(matches.remove(0)),
        (n, _) => Err(Error::Invalid(format!(
            "the name {ident:?} is used in {n} collections; choose one with --api-key, or name \
             the webhook by its id: {}",
            matches
                .iter()
                .map(|h| format!("{} (collection {})", h.id, h.api_key))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests;
