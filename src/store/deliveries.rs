//! Queries on the delivery log: deliveries and their attempts.

use rusqlite::{OptionalExtension, Row, params};
use std::collections::BTreeMap;

use super::Store;
use crate::clock;
use crate::error::{Error, Result};
use crate::event::Trigger;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Planned or in flight; a row left pending after the process ended means
    /// the process was killed before it could say what happened.
    Pending,
    Succeeded,
    Failed,
    /// The run was interrupted before this delivery finished.
    Interrupted,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Succeeded => "succeeded",
            DeliveryState::Failed => "failed",
            DeliveryState::Interrupted => "interrupted",
        }
    }

    fn parse(s: &str) -> DeliveryState {
        match s {
            "succeeded" => DeliveryState::Succeeded,
            "failed" => DeliveryState::Failed,
            "interrupted" => DeliveryState::Interrupted,
            _ => DeliveryState::Pending,
        }
    }
}

/// A delivery about to be attempted for the first time.
#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub webhook_id: String,
    pub hook_id: String,
    pub hook_name: String,
    pub api_key: String,
    pub url: String,
    pub event: Trigger,
    /// Shared by every delivery of one fan-out, not copied for each.
    pub payload: bytes::Bytes,
}

/// One finished attempt, as the delivery engine reports it.
#[derive(Clone, Debug)]
pub struct AttemptRecord {
    pub delivery_id: i64,
    pub number: u32,
    pub started_at: i64,
    pub duration_ms: i64,
    pub url: String,
    pub request_headers: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub response_excerpt: Vec<u8>,
}

/// The end of one run of a delivery (its first send or a redelivery).
#[derive(Clone, Debug)]
pub struct DeliveryOutcomeRecord {
    pub delivery_id: i64,
    pub state: DeliveryState,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub duration_ms: i64,
}

/// What the log writer commits, in batches.
#[derive(Clone, Debug)]
pub enum LogEntry {
    Attempt(AttemptRecord),
    Finished(DeliveryOutcomeRecord),
    /// A receiver answered 410 Gone: switch its webhook off.
    DisableHook {
        hook_id: String,
        reason: String,
    },
}

#[derive(Clone, Debug)]
pub struct DeliveryRow {
    pub id: i64,
    pub webhook_id: String,
    pub hook_id: Option<String>,
    pub hook_name: String,
    pub api_key: String,
    pub url: String,
    pub event: String,
    pub payload: Vec<u8>,
    pub created_at: i64,
    pub state: DeliveryState,
    pub attempts: u32,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub duration_ms: i64,
}

#[derive(Clone, Debug)]
pub struct StoredAttempt {
    pub number: u32,
    pub started_at: i64,
    pub duration_ms: i64,
    pub url: String,
    pub request_headers: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub response_excerpt: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    /// A webhook's name or id, matched against the copy kept in each row, so
    /// that the history of a deleted webhook can still be found by its name.
    pub hook: Option<String>,
    pub event: Option<Trigger>,
    pub failed_only: bool,
    pub since_ms: Option<i64>,
    pub limit: Option<usize>,
}

/// SQLite's default WAL size, in pages, at which a commit checkpoints.
const WAL_AUTOCHECKPOINT: i64 = 1000;

/// What one batch of log entries changes in one delivery's row; `None`
/// leaves a column as it is.
#[derive(Default)]
struct RowChange<'a> {
    attempts: u32,
    last_status: Option<u16>,
    last_error: Option<&'a str>,
    url: Option<&'a str>,
    state: Option<&'static str>,
    duration_ms: Option<i64>,
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, hook_id, hook_name, api_key, url, event, payload, \
     created_at, state, attempts, last_status, last_error, duration_ms";

fn delivery_from_row(row: &Row<'_>) -> rusqlite::Result<DeliveryRow> {
    Ok(DeliveryRow {
        id: row.get(0)?,
        webhook_id: row.get(1)?,
        hook_id: row.get(2)?,
        hook_name: row.get(3)?,
        api_key: row.get(4)?,
        url: row.get(5)?,
        event: row.get(6)?,
        payload: row.get(7)?,
        created_at: row.get(8)?,
        state: DeliveryState::parse(&row.get::<_, String>(9)?),
        attempts: row.get(10)?,
        last_status: row.get(11)?,
        last_error: row.get(12)?,
        duration_ms: row.get(13)?,
    })
}

impl Store {
    /// Records the planned deliveries of a run in one transaction, before any
    /// is sent, and returns their ids in the same order.
    pub fn create_deliveries(&self, planned: &[NewDelivery]) -> Result<Vec<i64>> {
        let tx = self.write_tx()?;
        let now = clock::now_ms();
        let mut ids = Vec::with_capacity(planned.len());
        {
            // A webhook deleted by another process since the run chose its
            // targets gets its row as if deleted just after (hook_id NULL),
            // rather than failing the whole run on the foreign key.
            let mut stmt = tx.prepare_cached(
                "INSERT INTO deliveries (webhook_id, hook_id, hook_name, api_key, url, event, \
                 payload, created_at, updated_at, state) \
                 VALUES (?1, (SELECT id FROM hooks WHERE id = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?8, \
                 'pending')",
            )?;
            for d in planned {
                stmt.execute(params![
                    d.webhook_id,
                    d.hook_id,
                    d.hook_name,
                    d.api_key,
                    d.url,
                    d.event.as_str(),
                    &d.payload[..],
                    now
                ])?;
                ids.push(tx.last_insert_rowid());
            }
        }
        // Checkpointing here, after the largest write of a run, would hold up
        // its first delivery; the log writer's connection checkpoints on its
        // own thread once the deliveries are under way.
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let committed = tx.commit();
        self.conn
            .pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
        committed?;
        Ok(ids)
    }

    /// Marks deliveries as pending again before a redelivery run.
    pub fn reopen_deliveries(&self, ids: &[i64]) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE deliveries SET state = 'pending', updated_at = ?2 WHERE id = ?1",
            )?;
            let now = clock::now_ms();
            for id in ids {
                stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Commits a batch of log entries in one transaction. The entries of one
    /// delivery (its attempts, then its end) make one update of its row, not
    /// one each: a row holds the payload, and rewriting it twice per delivery
    /// doubled the pages a fan-out writes.
    pub fn write_log(&self, entries: &[LogEntry]) -> Result<()> {
        let tx = self.write_tx()?;
        {
            // Two runs redelivering one delivery at once number their
            // attempts alike; a number already taken becomes the next free
            // one, here under the write lock, rather than failing the batch.
            let mut attempt = tx.prepare_cached(
                "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, url, \
                 request_headers, status, error, response_excerpt) \
                 VALUES (?1, max(?2, (SELECT coalesce(max(number), 0) + 1 FROM attempts \
                 WHERE delivery_id = ?1)), ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut disable = tx.prepare_cached(
                "UPDATE hooks SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1",
            )?;
            let now = clock::now_ms();
            let mut rows: BTreeMap<i64, RowChange<'_>> = BTreeMap::new();
            for entry in entries {
                match entry {
                    LogEntry::Attempt(a) => {
                        attempt.execute(params![
                            a.delivery_id,
                            a.number,
                            a.started_at,
                            a.duration_ms,
                            a.url,
                            a.request_headers,
                            a.status,
                            a.error,
                            a.response_excerpt
                        ])?;
                        let row = rows.entry(a.delivery_id).or_default();
                        row.attempts += 1;
                        row.last_status = a.status;
                        row.last_error = a.error.as_deref();
                        row.url = Some(&a.url);
                    }
                    LogEntry::Finished(f) => {
                        let row = rows.entry(f.delivery_id).or_default();
                        row.last_status = f.last_status;
                        row.last_error = f.last_error.as_deref();
                        row.state = Some(f.state.as_str());
                        row.duration_ms = Some(f.duration_ms);
                    }
                    LogEntry::DisableHook { hook_id, reason } => {
                        disable.execute(params![hook_id, reason, now])?;
                    }
                }
            }
            // The row's URL follows its latest attempt, like its status: a
            // redelivery goes to the webhook's current URL.
            let mut update = tx.prepare_cached(
                "UPDATE deliveries SET attempts = attempts + ?2, last_status = ?3, \
                 last_error = ?4, url = coalesce(?5, url), state = coalesce(?6, state), \
                 duration_ms = coalesce(?7, duration_ms), updated_at = ?8 WHERE id = ?1",
            )?;
            for (id, row) in &rows {
                update.execute(params![
                    id,
                    row.attempts,
                    row.last_status,
                    row.last_error,
                    row.url,
                    row.state,
                    row.duration_ms,
                    now
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks every still-pending delivery of `ids` as interrupted.
    pub fn mark_interrupted(&self, ids: &[i64]) -> Result<usize> {
        if ids.is_empty() {
            return Ok(0);
        }
        let tx = self.write_tx()?;
        let mut changed = 0;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE deliveries SET state = 'interrupted', \
                 last_error = coalesce(last_error, 'interrupted before it finished'), \
                 updated_at = ?2 WHERE id = ?1 AND state = 'pending'",
            )?;
            let now = clock::now_ms();
            for id in ids {
                changed += stmt.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    pub fn list_deliveries(&self, filter: &DeliveryFilter) -> Result<Vec<DeliveryRow>> {
        let mut sql = format!("SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1=1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(hook) = &filter.hook {
            // The name kept in the row finds a deleted webhook's history; the
            // live webhook's current name also finds rows from before a rename.
            sql.push_str(
                " AND (hook_id = ?1 OR hook_name = ?1 \
                 OR hook_id IN (SELECT id FROM hooks WHERE name = ?1))",
            );
            args.push(hook.clone().into());
        }
        if let Some(event) = filter.event {
            sql.push_str(" AND event = ?");
            args.push(event.as_str().to_string().into());
        }
        if filter.failed_only {
            sql.push_str(" AND state = 'failed'");
        }
        if let Some(since) = filter.since_ms {
            sql.push_str(" AND created_at >= ?");
            args.push(since.into());
        }
        sql.push_str(" ORDER BY created_at DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            args.push((limit as i64).into());
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), delivery_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn get_delivery(&self, id: i64) -> Result<DeliveryRow> {
        self.conn
            .query_row(
                &format!("SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE id = ?1"),
                params![id],
                delivery_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no delivery has the id {id} (see `echo3d-hooks deliveries`)"
                ))
            })
    }

    pub fn attempts_of(&self, delivery_id: i64) -> Result<Vec<StoredAttempt>> {
        let mut stmt = self.conn.prepare(
            "SELECT number, started_at, duration_ms, url, request_headers, status, error, \
             response_excerpt FROM attempts WHERE delivery_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map(params![delivery_id], |r| {
            Ok(StoredAttempt {
                number: r.get(0)?,
                started_at: r.get(1)?,
                duration_ms: r.get(2)?,
                url: r.get(3)?,
                request_headers: r.get(4)?,
                status: r.get(5)?,
                error: r.get(6)?,
                response_excerpt: r.get::<_, Option<Vec<u8>>>(7)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deletes deliveries (and their attempts) created before `cutoff_ms`, in
    /// one transaction; returns how many deliveries and attempts went.
    pub fn prune_deliveries(&self, cutoff_ms: i64) -> Result<(usize, usize)> {
        let tx = self.write_tx()?;
        let attempts = tx.execute(
            "DELETE FROM attempts WHERE delivery_id IN \
             (SELECT id FROM deliveries WHERE created_at < ?1)",
            params![cutoff_ms],
        )?;
        let deliveries = tx.execute(
            "DELETE FROM deliveries WHERE created_at < ?1",
            params![cutoff_ms],
        )?;
        tx.commit()?;
        Ok((deliveries, attempts))
    }
}
