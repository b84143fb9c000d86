//! Queries on webhook definitions and their trigger subscriptions.

use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::webhook::{self, Recipient, Webhook};

/// A webhook to create; every field has already passed validation.
#[derive(Clone, Debug)]
pub struct NewWebhook {
    pub api_key: String,
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
    /// Replaces the secret with this one.
    pub secret: Option<String>,
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
    pub api_key: Option<String>,
}

const HOOK_COLUMNS: &str = "h.id, h.api_key, h.name, h.url, h.description, h.secret, h.enabled, \
     h.disabled_reason, h.created_at, h.updated_at, \
     (SELECT group_concat(t.trigger, ',') FROM hook_triggers t WHERE t.hook_id = h.id)";

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
    })
}

impl Store {
    pub fn insert_hook(&self, new: &NewWebhook) -> Result<Webhook> {
        let tx = self.write_tx()?;
        let hook = insert_hook_in(&tx, new)?;
        tx.commit()?;
        Ok(hook)
    }

    /// Finds a webhook by id, or else by name. A name used in more than one
    /// collection is ambiguous and refused, listing the ids to use instead.
    pub fn find_hook(&self, ident: &str) -> Result<Webhook> {
        find_hook_in(&self.conn, ident)
    }

    pub fn list_hooks(&self, filter: &HookFilter) -> Result<Vec<Webhook>> {
        let mut sql = format!("SELECT {HOOK_COLUMNS} FROM hooks h WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        match (&filter.event, &filter.api_key) {
            (Some(event), Some(key)) => {
                sql.push_str(
                    " AND h.id IN (SELECT hook_id FROM hook_triggers WHERE api_key = ? AND trigger = ?)",
                );
                args.push(key.clone());
                args.push(event.as_str().to_string());
            }
            (Some(event), None) => {
                sql.push_str(" AND h.id IN (SELECT hook_id FROM hook_triggers WHERE trigger = ?)");
                args.push(event.as_str().to_string());
            }
            (None, Some(key)) => {
                sql.push_str(" AND h.api_key = ?");
                args.push(key.clone());
            }
            (None, None) => {}
        }
        sql.push_str(" ORDER BY h.api_key, h.name");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), hook_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The enabled webhooks of one collection subscribed to one event: one
    /// range of `hook_triggers`' primary key, however large the store.
    /// The enabled webhooks of the collection subscribed to `event`, by name.
    pub fn subscribed_hooks(&self, api_key: &str, event: Trigger) -> Result<Vec<Recipient>> {
        let mut stmt = self.conn.prepare_cached(SUBSCRIBED_SQL)?;
        let rows = stmt.query_map(params![api_key, event.as_str()], |row| {
            Ok(Recipient {
                id: row.get(0)?,
                api_key: api_key.to_string(),
                name: row.get(1)?,
                url: row.get(2)?,
                secret: row.get(3)?,
            })
        })?;
        let mut hooks = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        // By name, sorted here: SQLite's sorter would copy every whole row
        // once more. Names are unique within a collection.
        hooks.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        Ok(hooks)
    }

    pub fn update_hook(&self, id: &str, patch: &HookPatch) -> Result<Webhook> {
        let tx = self.write_tx()?;
        let updated = update_hook_in(&tx, id, patch)?;
        tx.commit()?;
        Ok(updated)
    }

    /// Deletes every named webhook in one transaction, or none of them when
    /// any name is unknown or ambiguous.
    pub fn delete_hooks(&self, idents: &[String]) -> Result<Vec<Webhook>> {
        let tx = self.write_tx()?;
        let mut deleted: Vec<Webhook> = Vec::new();
        for ident in idents {
            let hook = find_hook_in(&tx, ident)?;
            if deleted.iter().all(|d| d.id != hook.id) {
                deleted.push(hook);
            }
        }
        for hook in &deleted {
            tx.execute("DELETE FROM hooks WHERE id = ?1", params![hook.id])?;
        }
        tx.commit()?;
        Ok(deleted)
    }

    /// Runs `f` inside one write transaction; used by `import`, whose many
    /// changes must land together or not at all.
    pub fn with_hooks_tx<T>(&self, f: impl FnOnce(&HooksTx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.write_tx()?;
        let value = f(&HooksTx { tx: &tx })?;
        tx.commit()?;
        Ok(value)
    }
}

/// Webhook writes inside a caller's transaction.
pub struct HooksTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

impl HooksTx<'_> {
    pub fn insert(&self, new: &NewWebhook) -> Result<Webhook> {
        insert_hook_in(self.tx, new)
    }

    pub fn update(&self, id: &str, patch: &HookPatch) -> Result<()> {
        update_hook_in(self.tx, id, patch).map(drop)
    }

    pub fn delete(&self, id: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM hooks WHERE id = ?1", params![id])?;
        Ok(())
    }
}

/// Only the columns a delivery needs: on a fan-out to 10,000 webhooks,
/// reading whole webhooks with their trigger lists took twice as long.
const SUBSCRIBED_SQL: &str = "SELECT h.id, h.name, h.url, h.secret \
     FROM hook_triggers s JOIN hooks h ON h.id = s.hook_id \
     WHERE s.api_key = ?1 AND s.trigger = ?2 AND h.enabled = 1";

/// The SQL `subscribed_hooks` runs, for `EXPLAIN QUERY PLAN` in tests.
#[cfg(test)]
pub fn subscribed_query_for_plan() -> String {
    SUBSCRIBED_SQL
        .replace("?1", "'k'")
        .replace("?2", "'Upload'")
}

fn insert_hook_in(conn: &rusqlite::Connection, new: &NewWebhook) -> Result<Webhook> {
    ensure_name_free(conn, &new.api_key, &new.name)?;
    let now = clock::now_ms();
    let id = webhook::new_id();
    let secret = new.secret.clone().unwrap_or_else(webhook::new_secret);
    conn.execute(
        "INSERT INTO hooks (id, api_key, name, url, description, secret, enabled, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            new.api_key,
            new.name,
            new.url,
            new.description,
            secret,
            new.enabled,
            now
        ],
    )?;
    insert_triggers(conn, &id, &new.api_key, &new.triggers)?;
    find_hook_in(conn, &id)
}

/// Applies `patch` to one webhook; the one update path of `edit` and `import`.
fn update_hook_in(conn: &rusqlite::Connection, id: &str, patch: &HookPatch) -> Result<Webhook> {
    let current = find_hook_in(conn, id)?;
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
    conn.execute(
        "UPDATE hooks SET name = ?2, url = ?3, description = ?4, secret = ?5, enabled = ?6, \
         disabled_reason = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            current.id,
            patch.name.as_ref().unwrap_or(&current.name),
            patch.url.as_ref().unwrap_or(&current.url),
            patch.description.as_ref().unwrap_or(&current.description),
            patch.secret.as_ref().unwrap_or(&current.secret),
            enabled,
            reason,
            clock::now_ms(),
        ],
    )?;
    if let Some(triggers) = &patch.triggers {
        conn.execute(
            "DELETE FROM hook_triggers WHERE hook_id = ?1",
            params![current.id],
        )?;
        insert_triggers(conn, &current.id, &current.api_key, triggers)?;
    }
    find_hook_in(conn, &current.id)
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
        .query_row(
            "SELECT id FROM hooks WHERE api_key = ?1 AND name = ?2",
            params![api_key, name],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(id) => Err(Error::Conflict(format!(
            "a webhook named {name:?} already exists in collection {api_key} ({id}); \
             names are unique within a collection"
        ))),
        None => Ok(()),
    }
}

fn find_hook_in(conn: &rusqlite::Connection, ident: &str) -> Result<Webhook> {
    let by_id = conn
        .query_row(
            &format!("SELECT {HOOK_COLUMNS} FROM hooks h WHERE h.id = ?1"),
            params![ident],
            hook_from_row,
        )
        .optional()?;
    if let Some(hook) = by_id {
        return Ok(hook);
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {HOOK_COLUMNS} FROM hooks h WHERE h.name = ?1 ORDER BY h.api_key"
    ))?;
    let mut matches = stmt
        .query_map(params![ident], hook_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match matches.len() {
        0 => Err(Error::NotFound(format!(
            "no webhook has the name or id {ident:?} (see `echo3d-hooks list`)"
        ))),
        1 => Ok(matches.remove(0)),
        _ => Err(Error::Invalid(format!(
            "the name {ident:?} is used in {} collections; name the webhook by its id instead: {}",
            matches.len(),
            matches
                .iter()
                .map(|h| format!("{} ({})", h.id, h.api_key))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_hook(name: &str, key: &str, triggers: &[Trigger]) -> NewWebhook {
        NewWebhook {
            api_key: key.into(),
            name: name.into(),
            url: "https://hooks.example.com/x".into(),
            description: String::new(),
            triggers: triggers.to_vec(),
            secret: None,
            enabled: true,
        }
    }

    const BIG_STORE_HOOKS: i64 = 100_000;
    const BIG_STORE_COLLECTIONS: i64 = 1_000;

    /// Hook `i` of the big store: its collection, whether it is enabled, and
    /// its trigger. 9 and 1000 are coprime, so every collection has hooks of
    /// every trigger; about one in seven hooks is disabled.
    fn big_store_hook(i: i64) -> (i64, bool, Trigger) {
        (
            i % BIG_STORE_COLLECTIONS,
            i % 7 != 0,
            Trigger::ALL[(i % 9) as usize],
        )
    }

    /// Fills the store with `BIG_STORE_HOOKS` webhooks laid out as
    /// `big_store_hook` says (hook `i` carries `i` as its creation time), in
    /// one transaction of set-based inserts: row-by-row inserts from Rust into
    /// a SQLite built without optimisation (debug builds) would take far too
    /// long. Then ANALYZE, so that the planner decides with real statistics.
    fn fill_big_store(store: &Store) {
        let triggers = Trigger::ALL
            .iter()
            .enumerate()
            .map(|(j, t)| format!("({j}, '{}')", t.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        // The rows are consistent by construction; checking each one's
        // parent would only slow the fill down.
        store
            .conn
            .pragma_update(None, "foreign_keys", false)
            .unwrap();
        let tx = store.write_tx().unwrap();
        tx.execute(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1) \
             INSERT INTO hooks (id, api_key, name, url, description, secret, enabled, \
                                created_at, updated_at) \
             SELECT printf('wh_%016x', i), 'key-' || (i % ?2), 'hook-' || i, \
                    'https://hooks.example.com/' || i, '', 'whsec_test', i % 7 != 0, i, i \
             FROM n",
            params![BIG_STORE_HOOKS, BIG_STORE_COLLECTIONS],
        )
        .unwrap();
        tx.execute(
            &format!(
                "WITH t(j, name) AS (VALUES {triggers}) \
                 INSERT INTO hook_triggers (api_key, trigger, hook_id) \
                 SELECT h.api_key, t.name, h.id FROM hooks h JOIN t ON h.created_at % 9 = t.j"
            ),
            [],
        )
        .unwrap();
        tx.execute_batch("ANALYZE").unwrap();
        tx.commit().unwrap();
        store
            .conn
            .pragma_update(None, "foreign_keys", true)
            .unwrap();
    }

    #[test]
    fn subscription_lookup_on_a_big_store_is_an_index_search_not_a_scan() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        fill_big_store(&store);
        let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM hooks"), BIG_STORE_HOOKS);
        assert_eq!(count("SELECT count(*) FROM hook_triggers"), BIG_STORE_HOOKS);

        let plan = store
            .explain(&subscribed_query_for_plan())
            .unwrap()
            .join("\n");
        assert!(
            !plan.contains("SCAN"),
            "the subscription lookup scans a table on a store of {BIG_STORE_HOOKS} hooks:\n{plan}"
        );
        assert!(
            plan.contains("SEARCH s USING PRIMARY KEY (api_key=? AND trigger=?)"),
            "the lookup does not use the (api_key, trigger) range of hook_triggers:\n{plan}"
        );
        assert!(
            plan.contains("SEARCH h USING INDEX sqlite_autoindex_hooks_1 (id=?)"),
            "each subscribed hook is not fetched by its id:\n{plan}"
        );

        // The indexed lookup returns exactly the enabled hooks of the
        // collection subscribed to the event, and none of the disabled ones.
        let (key, event) = (7, Trigger::Upload);
        let subscribed = |enabled: bool| {
            (0..BIG_STORE_HOOKS)
                .filter(|i| big_store_hook(*i) == (key, enabled, event))
                .count()
        };
        assert!(subscribed(true) > 0 && subscribed(false) > 0);
        let found = store
            .subscribed_hooks(&format!("key-{key}"), event)
            .unwrap();
        assert_eq!(found.len(), subscribed(true));
        for hook in &found {
            let whole = store.find_hook(&hook.id).unwrap();
            assert!(whole.api_key == format!("key-{key}") && whole.enabled);
            assert_eq!(whole.triggers, [event]);
            assert_eq!(Recipient::from(&whole), *hook);
        }
    }

    #[test]
    fn names_are_unique_per_collection_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.db")).unwrap();
        store
            .insert_hook(&new_hook("a", "k1", &[Trigger::Upload]))
            .unwrap();
        store
            .insert_hook(&new_hook("a", "k2", &[Trigger::Upload]))
            .unwrap();
        let err = store
            .insert_hook(&new_hook("a", "k1", &[Trigger::Delete]))
            .unwrap_err();
        assert!(matches!(err, Error::Conflict(_)));
        assert!(matches!(store.find_hook("a"), Err(Error::Invalid(_))));
        assert_eq!(
            store.subscribed_hooks("k2", Trigger::Upload).unwrap().len(),
            1
        );
        assert!(
            store
                .subscribed_hooks("k2", Trigger::Delete)
                .unwrap()
                .is_empty()
        );
    }
}
