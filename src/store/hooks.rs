//! Queries on webhook definitions and their trigger subscriptions.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};

use super::{Listing, Query, Store};
use crate::clock;
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::webhook::{PreviousSecret, Recipient, Webhook};

#[derive(Clone, Debug, Default)]
pub struct HookFilter {
    pub event: Option<Trigger>,
    pub api_key: Option<ApiKey>,
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

pub(super) const HOOK_COLUMNS: &str = "h.id, h.api_key, h.name, h.url, h.description, h.secret, h.enabled, \
     h.disabled_reason, h.created_at, h.updated_at, \
     (SELECT group_concat(t.trigger, ',') FROM hook_triggers t WHERE t.hook_id = h.id), \
     h.previous_secret, h.previous_secret_until";

pub(super) fn hook_from_row(row: &Row<'_>) -> rusqlite::Result<Webhook> {
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

/// The webhooks that match, by collection and name.
impl Listing for HookFilter {
    type Row = Webhook;

    fn query(&self) -> Query {
        let mut sql = format!("SELECT {HOOK_COLUMNS} FROM hooks h WHERE 1=1");
        let mut args: Vec<Value> = Vec::new();
        match (&self.event, &self.api_key) {
            (Some(event), Some(key)) => {
                sql.push_str(
                        " AND h.id IN (SELECT hook_id FROM hook_triggers WHERE api_key = ? AND trigger = ?)",
                    );
                args.push(key.to_string().into());
                args.push(event.as_str().to_string().into());
            }
            (Some(event), None) => {
                sql.push_str(" AND h.id IN (SELECT hook_id FROM hook_triggers WHERE trigger = ?)");
                args.push(event.as_str().to_string().into());
            }
            (None, Some(key)) => {
                sql.push_str(" AND h.api_key = ?");
                args.push(key.to_string().into());
            }
            (None, None) => {}
        }
        sql.push_str(" ORDER BY h.api_key, h.name");
        Query {
            sql,
            args,
            limit: None,
        }
    }

    fn read(row: &Row<'_>) -> rusqlite::Result<Webhook> {
        hook_from_row(row)
    }
}

impl Store {
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
    /// `event` and created by `created_by_ms`, in id order, after the
    /// webhook `after`: one range of `hook_triggers`' primary key, however
    /// large the store.
    pub fn subscribed_page(
        &self,
        api_key: &ApiKey,
        event: Trigger,
        after: Option<&str>,
        limit: usize,
        created_by_ms: i64,
    ) -> Result<Vec<Recipient>> {
        let mut stmt = self.conn.prepare_cached(SUBSCRIBED_SQL)?;
        let rows = stmt.query_map(
            params![
                api_key.as_str(),
                event.as_str(),
                after.unwrap_or(""),
                limit as i64,
                clock::now_ms(),
                created_by_ms
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
}

/// Only the columns a delivery needs: a whole webhook, with its trigger
/// list, costs a fan-out much more to read.
const SUBSCRIBED_SQL: &str = "SELECT h.id, h.name, h.url, h.secret, \
     CASE WHEN h.previous_secret_until > ?5 THEN h.previous_secret END \
     FROM hook_triggers s JOIN hooks h ON h.id = s.hook_id \
     WHERE s.api_key = ?1 AND s.trigger = ?2 AND s.hook_id > ?3 AND h.enabled = 1 \
     AND h.created_at <= ?6 \
     ORDER BY s.hook_id LIMIT ?4";

/// The SQL `subscribed_page` runs, for `EXPLAIN QUERY PLAN` in tests.
#[cfg(test)]
pub fn subscribed_query_for_plan() -> String {
    SUBSCRIBED_SQL
        .replace("?1", "'k'")
        .replace("?2", "'Upload'")
        .replace("?3", "''")
        .replace("?4", "512")
        .replace("?6", "0")
        .replace("?5", "0")
}

pub(super) fn find_hook_in(
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
