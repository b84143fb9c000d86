//! Writing the delivery log: a run's rows ahead of its requests, then its
//! attempts and ends in batches, and what a stop leaves unfinished. What a
//! run's deliveries share (the run, the body) is written once (see the
//! schema's `0003_lean_log.sql`).

use bytes::Bytes;
use rusqlite::types::Value;
use rusqlite::{Transaction, params};
use std::collections::HashMap;

use super::Store;
use super::deliveries::{DeliveryState, message_id_value};
use super::id_floors::{Log, keep_floor, next_id};
use crate::clock;
use crate::error::Result;
use crate::event::Trigger;

/// A delivery about to be recorded, before any attempt.
#[derive(Clone, Copy, Debug)]
pub struct NewDelivery<'a> {
    pub message_id: &'a str,
    pub hook_id: &'a str,
    pub hook_name: &'a str,
    pub api_key: &'a str,
    pub url: &'a str,
    pub event: Trigger,
    pub payload: &'a Bytes,
}

/// A row a run needs before its delivery is sent: a new one, or a logged
/// one sent again (marked pending while it is) to `url`.
#[derive(Clone, Copy, Debug)]
pub enum RowToRecord<'a> {
    New(NewDelivery<'a>),
    Reopen { id: i64, url: &'a str },
}

/// A recorded row: its id, and whether its attempts now go to another URL
/// than its earlier ones did (then each attempt keeps its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub url_moved: bool,
}

/// One finished attempt.
#[derive(Clone, Debug)]
pub struct AttemptRecord {
    pub delivery_id: i64,
    pub number: u32,
    pub started_at: i64,
    pub duration_ms: i64,
    /// `None` when it went to its delivery's URL.
    pub url: Option<String>,
    /// The `webhook-signature` header it carried.
    pub signature: Option<String>,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub response_excerpt: Vec<u8>,
    /// Whether its delivery is new to this run, so that no other process can
    /// be numbering its attempts too.
    pub new_delivery: bool,
    /// On a 2xx, which ends its delivery: how long the whole delivery took.
    pub run_ms: Option<i64>,
}

/// The end of one run of a delivery (its first send or a redelivery).
#[derive(Clone, Debug)]
pub struct DeliveryEnd {
    pub delivery_id: i64,
    pub state: DeliveryState,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub duration_ms: i64,
}

/// What the log writer commits in one transaction.
#[derive(Debug, Default)]
pub struct LogBatch {
    pub attempts: Vec<AttemptRecord>,
    pub ends: Vec<DeliveryEnd>,
    /// Webhooks whose receivers answered 410 Gone, with the reason.
    pub disabled: Vec<(String, String)>,
}

impl LogBatch {
    pub fn len(&self) -> usize {
        self.attempts.len() + self.ends.len() + self.disabled.len()
    }
}

/// The `runs` and `payloads` rows one engine run has written: one run per
/// collection, one payload per body (a fan-out shares one).
pub struct RunRows {
    user_agent: &'static str,
    runs: HashMap<String, i64>,
    /// By the body's address; each body is kept here, so that its address
    /// cannot be reused by another one while the entry lives.
    payloads: HashMap<(usize, usize), (Bytes, i64)>,
}

/// Bodies remembered by `RunRows`: a run has one body or a few.
const PAYLOADS_KEPT: usize = 64;

impl RunRows {
    pub fn new(user_agent: &'static str) -> RunRows {
        RunRows {
            user_agent,
            runs: HashMap::new(),
            payloads: HashMap::new(),
        }
    }

    fn run_id(&mut self, tx: &Transaction<'_>, api_key: &str) -> Result<i64> {
        if let Some(id) = self.runs.get(api_key) {
            return Ok(*id);
        }
        tx.execute(
            "INSERT INTO runs (created_at, api_key, user_agent) VALUES (?1, ?2, ?3)",
            params![clock::now_ms(), api_key, self.user_agent],
        )?;
        let id = tx.last_insert_rowid();
        self.runs.insert(api_key.to_string(), id);
        Ok(id)
    }

    fn payload_id(&mut self, tx: &Transaction<'_>, body: &Bytes) -> Result<i64> {
        let key = (body.as_ptr() as usize, body.len());
        if let Some((_, id)) = self.payloads.get(&key) {
            return Ok(*id);
        }
        if self.payloads.len() >= PAYLOADS_KEPT {
            self.payloads.clear();
        }
        tx.execute(
            "INSERT INTO payloads (body) VALUES (?1)",
            params![&body[..]],
        )?;
        let id = tx.last_insert_rowid();
        self.payloads.insert(key, (body.clone(), id));
        Ok(id)
    }

    /// Forgets what a transaction that failed would have written.
    fn forget(&mut self) {
        self.runs.clear();
        self.payloads.clear();
    }
}

/// A new delivery's row, with the webhook's name and URL as the run found
/// them. It is written whatever happened to the webhook since (another
/// process may have deleted it): reading the log tells a gone webhook by its
/// absence from the hooks table.
const INSERT_DELIVERY: &str = "INSERT INTO deliveries (run_id, message_id, hook_id, hook_name, \
     url, event, payload_id, state, last_error, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

impl Store {
    /// Records the rows of deliveries about to be sent, in one transaction.
    pub fn record_rows(
        &self,
        rows: &[RowToRecord<'_>],
        run: &mut RunRows,
    ) -> Result<Vec<Recorded>> {
        let tx = self.write_tx()?;
        let recorded = record_in(&tx, rows, run, DeliveryState::Pending, None);
        match recorded.and_then(|r| Ok((r, tx.commit()?))) {
            Ok((recorded, ())) => Ok(recorded),
            Err(e) => {
                run.forget();
                Err(e)
            }
        }
    }

    /// Records deliveries that a stopped run never sent, as interrupted.
    pub fn insert_interrupted(
        &self,
        rows: &[NewDelivery<'_>],
        run: &mut RunRows,
        why: &str,
    ) -> Result<Vec<i64>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<RowToRecord<'_>> = rows.iter().map(|d| RowToRecord::New(*d)).collect();
        let tx = self.write_tx()?;
        let recorded = record_in(&tx, &rows, run, DeliveryState::Interrupted, Some(why));
        match recorded.and_then(|r| Ok((r, tx.commit()?))) {
            Ok((recorded, ())) => Ok(recorded.into_iter().map(|r| r.id).collect()),
            Err(e) => {
                run.forget();
                Err(e)
            }
        }
    }

    /// Marks recorded deliveries that a stopped run did not finish as
    /// interrupted, keeping an error an earlier attempt left.
    pub fn mark_interrupted(&self, ids: &[i64], why: &str) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let tx = self.write_tx()?;
        {
            let mut mark = tx.prepare_cached(
                "UPDATE deliveries SET state = ?2, last_error = coalesce(last_error, ?3) \
                 WHERE id = ?1 AND state = ?4",
            )?;
            for id in ids {
                mark.execute(params![
                    id,
                    DeliveryState::Interrupted.code(),
                    why,
                    DeliveryState::Pending.code()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Commits a batch in one transaction. A delivery that succeeds is
    /// done with its attempt's row (the schema's `0003_lean_log.sql` says
    /// how it reads); only one that ends otherwise has its row written again.
    pub fn write_log(&self, batch: &LogBatch) -> Result<()> {
        if batch.len() == 0 {
            return Ok(());
        }
        let tx = self.write_tx()?;
        {
            // Two runs redelivering one delivery at once number their
            // attempts alike; a number already taken becomes the next free
            // one, here under the write lock, rather than failing the batch.
            // A new delivery's numbers are its own.
            let mut redelivered = tx.prepare_cached(
                "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, url, \
                 signature, status, error, response_excerpt, run_ms) \
                 VALUES (?1, max(?2, (SELECT coalesce(max(number), 0) + 1 FROM attempts \
                 WHERE delivery_id = ?1)), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut first = tx.prepare_cached(
                "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, url, \
                 signature, status, error, response_excerpt, run_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for a in &batch.attempts {
                let excerpt = (!a.response_excerpt.is_empty()).then_some(&a.response_excerpt);
                let attempt = match a.new_delivery {
                    true => &mut first,
                    false => &mut redelivered,
                };
                attempt.execute(params![
                    a.delivery_id,
                    a.number,
                    a.started_at,
                    a.duration_ms,
                    a.url,
                    a.signature,
                    a.status,
                    a.error,
                    excerpt,
                    a.run_ms
                ])?;
            }
            let mut ended = tx.prepare_cached(
                "UPDATE deliveries SET state = ?2, last_status = ?3, last_error = ?4, \
                 duration_ms = ?5 WHERE id = ?1",
            )?;
            for e in batch
                .ends
                .iter()
                .filter(|e| e.state != DeliveryState::Succeeded)
            {
                ended.execute(params![
                    e.delivery_id,
                    e.state.code(),
                    e.last_status,
                    e.last_error,
                    e.duration_ms
                ])?;
            }
            let mut disable = tx.prepare_cached(
                "UPDATE hooks SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1",
            )?;
            for (hook_id, reason) in &batch.disabled {
                disable.execute(params![hook_id, reason, clock::now_ms()])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes deliveries (and their attempts) of runs started before
    /// `cutoff_ms`, in one transaction, with the runs and bodies no delivery
    /// needs any more; returns how many deliveries and attempts went.
    pub fn prune_deliveries(&self, cutoff_ms: i64) -> Result<(usize, usize)> {
        let tx = self.write_tx()?;
        keep_floor(&tx, Log::Deliveries)?;
        let attempts = tx.execute(
            "DELETE FROM attempts WHERE delivery_id IN (SELECT d.id FROM deliveries d \
             JOIN runs r ON r.id = d.run_id WHERE r.created_at < ?1)",
            params![cutoff_ms],
        )?;
        let deliveries = tx.execute(
            "DELETE FROM deliveries WHERE run_id IN (SELECT id FROM runs WHERE created_at < ?1)",
            params![cutoff_ms],
        )?;
        tx.execute("DELETE FROM runs WHERE created_at < ?1", params![cutoff_ms])?;
        tx.execute(
            "DELETE FROM payloads WHERE id NOT IN (SELECT payload_id FROM deliveries)",
            [],
        )?;
        tx.commit()?;
        Ok((deliveries, attempts))
    }
}

fn record_in(
    tx: &Transaction<'_>,
    rows: &[RowToRecord<'_>],
    run: &mut RunRows,
    state: DeliveryState,
    last_error: Option<&str>,
) -> Result<Vec<Recorded>> {
    let mut recorded = Vec::with_capacity(rows.len());
    let mut insert = tx.prepare_cached(INSERT_DELIVERY)?;
    let mut first_id = next_id(tx, Log::Deliveries)?;
    let mut reopen =
        tx.prepare_cached("UPDATE deliveries SET state = ?2 WHERE id = ?1 RETURNING url")?;
    for row in rows {
        match row {
            RowToRecord::New(d) => {
                let run_id = run.run_id(tx, d.api_key)?;
                let payload_id = run.payload_id(tx, d.payload)?;
                let message_id: Value = message_id_value(d.message_id);
                insert.execute(params![
                    run_id,
                    message_id,
                    d.hook_id,
                    d.hook_name,
                    d.url,
                    d.event.code(),
                    payload_id,
                    state.code(),
                    last_error,
                    first_id.take(),
                ])?;
                recorded.push(Recorded {
                    id: tx.last_insert_rowid(),
                    url_moved: false,
                });
            }
            RowToRecord::Reopen { id, url } => {
                let was: Option<String> =
                    reopen.query_row(params![id, DeliveryState::Pending.code()], |r| r.get(0))?;
                recorded.push(Recorded {
                    id: *id,
                    url_moved: was.as_deref() != Some(*url),
                });
            }
        }
    }
    Ok(recorded)
}
