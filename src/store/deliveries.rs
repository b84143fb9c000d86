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
    /// The delivery's place in its run (see `RunRows`).
    pub slot: usize,
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
    pub slot: usize,
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

/// The log rows of one run's deliveries, by slot (a delivery's place in the
/// run). Rows are written ahead of the requests: the first wave (what can be
/// on the wire at once) before anything is sent, the rest by the log writer
/// in chunks while the first are sent, and a delivery waits for its row
/// before its first request. So no request leaves without a row, and after a
/// kill the pending rows are what `redeliver` can finish. Writing every row
/// before the first request instead cost a 10,000-delivery fan-out about
/// 50 ms with all but one core idle.
pub struct RunRows {
    /// The rows of a new run, by slot; empty for a redelivery.
    planned: Vec<NewDelivery>,
    ids: Vec<Option<i64>>,
    /// Slots below this have their rows in the log.
    recorded: usize,
    created_at: i64,
}

impl RunRows {
    /// A run over deliveries already in the log, in this order.
    pub fn existing(ids: &[i64]) -> RunRows {
        RunRows {
            planned: Vec::new(),
            ids: ids.iter().map(|id| Some(*id)).collect(),
            recorded: ids.len(),
            created_at: clock::now_ms(),
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// How many of the run's deliveries, from the first, have their rows.
    pub fn recorded(&self) -> usize {
        self.recorded
    }

    /// The delivery's id, once its row is in the log.
    pub fn id(&self, slot: usize) -> Option<i64> {
        self.ids[slot]
    }
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

/// What one batch of log entries changes in one delivery's row; `None`
/// leaves a column as it is.
#[derive(Default)]
struct RowChange<'a> {
    attempts: Vec<&'a AttemptRecord>,
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

/// Why a delivery that never finished is marked interrupted.
const UNFINISHED: &str = "interrupted before it finished";

/// A new delivery's row. A webhook deleted by another process since the run
/// chose its targets gets its row as if deleted just after (hook_id NULL),
/// rather than failing the run on the foreign key.
const INSERT_DELIVERY: &str = "INSERT INTO deliveries (webhook_id, hook_id, hook_name, api_key, \
     url, event, payload, created_at, updated_at, state, last_error) \
     VALUES (?1, (SELECT id FROM hooks WHERE id = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/// Inserts a delivery's row, before any attempt, and returns its id.
fn insert_delivery(
    insert: &mut rusqlite::CachedStatement<'_>,
    tx: &rusqlite::Transaction<'_>,
    d: &NewDelivery,
    created_at: i64,
    state: DeliveryState,
    last_error: Option<&str>,
) -> Result<i64> {
    insert.execute(params![
        d.webhook_id,
        d.hook_id,
        d.hook_name,
        d.api_key,
        d.url,
        d.event.as_str(),
        &d.payload[..],
        created_at,
        clock::now_ms(),
        state.as_str(),
        last_error,
    ])?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// Starts a run of new deliveries: the first `wave` of them are recorded
    /// before anything is sent, so that a store that cannot take the run's
    /// log (a full disk) stops it before its first request; the log writer
    /// records the rest (`record_rows`).
    pub fn start_run(&self, planned: Vec<NewDelivery>, wave: usize) -> Result<RunRows> {
        let mut run = RunRows {
            ids: vec![None; planned.len()],
            planned,
            recorded: 0,
            created_at: clock::now_ms(),
        };
        self.record_rows(&mut run, wave)?;
        Ok(run)
    }

    /// Records the run's pending rows up to slot `upto`, in one transaction.
    pub fn record_rows(&self, run: &mut RunRows, upto: usize) -> Result<()> {
        let upto = upto.min(run.planned.len());
        if upto <= run.recorded {
            return Ok(());
        }
        let tx = self.write_tx()?;
        let mut ids = Vec::with_capacity(upto - run.recorded);
        {
            let mut insert = tx.prepare_cached(INSERT_DELIVERY)?;
            for d in &run.planned[run.recorded..upto] {
                ids.push(insert_delivery(
                    &mut insert,
                    &tx,
                    d,
                    run.created_at,
                    DeliveryState::Pending,
                    None,
                )?);
            }
        }
        tx.commit()?;
        // Only now: a transaction that failed wrote no rows.
        for (slot, id) in (run.recorded..upto).zip(ids) {
            run.ids[slot] = Some(id);
        }
        run.recorded = upto;
        Ok(())
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
    /// one each: a row holds the payload, and rewriting it for every entry
    /// doubled the pages a fan-out writes.
    pub fn write_log(&self, run: &mut RunRows, entries: &[LogEntry]) -> Result<()> {
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
            let mut rows: BTreeMap<usize, RowChange<'_>> = BTreeMap::new();
            for entry in entries {
                match entry {
                    LogEntry::Attempt(a) => {
                        let row = rows.entry(a.slot).or_default();
                        row.attempts.push(a);
                        row.last_status = a.status;
                        row.last_error = a.error.as_deref();
                        row.url = Some(&a.url);
                    }
                    LogEntry::Finished(f) => {
                        let row = rows.entry(f.slot).or_default();
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
            for (&slot, row) in &rows {
                // Every delivery waits for its row before it is sent.
                let id = run.ids[slot].ok_or_else(|| {
                    Error::Internal(format!(
                        "the delivery log has no row for delivery {slot} of the run"
                    ))
                })?;
                update.execute(params![
                    id,
                    row.attempts.len(),
                    row.last_status,
                    row.last_error,
                    row.url,
                    row.state,
                    row.duration_ms,
                    now
                ])?;
                for a in &row.attempts {
                    attempt.execute(params![
                        id,
                        a.number,
                        a.started_at,
                        a.duration_ms,
                        a.url,
                        a.request_headers,
                        a.status,
                        a.error,
                        a.response_excerpt
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks the deliveries of `slots` that did not finish as interrupted,
    /// writing the rows of those that had none yet (the run stopped before
    /// the log writer got to them), and returns how many.
    pub fn close_unfinished(&self, run: &mut RunRows, slots: &[usize]) -> Result<usize> {
        if slots.is_empty() {
            return Ok(0);
        }
        let tx = self.write_tx()?;
        let mut changed = 0;
        let mut written = Vec::new();
        {
            let mut mark = tx.prepare_cached(
                "UPDATE deliveries SET state = 'interrupted', \
                 last_error = coalesce(last_error, ?3), \
                 updated_at = ?2 WHERE id = ?1 AND state = 'pending'",
            )?;
            let mut insert = tx.prepare_cached(INSERT_DELIVERY)?;
            let now = clock::now_ms();
            for &slot in slots {
                match run.ids[slot] {
                    Some(id) => changed += mark.execute(params![id, now, UNFINISHED])?,
                    None => {
                        let planned = &run.planned[slot];
                        let id = insert_delivery(
                            &mut insert,
                            &tx,
                            planned,
                            run.created_at,
                            DeliveryState::Interrupted,
                            Some(UNFINISHED),
                        )?;
                        written.push((slot, id));
                        changed += 1;
                    }
                }
            }
        }
        tx.commit()?;
        for (slot, id) in written {
            run.ids[slot] = Some(id);
        }
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
