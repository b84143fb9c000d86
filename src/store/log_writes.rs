//! Writing the delivery log: a run's rows ahead of its requests, then its
//! attempts and ends in batches, and what a stop leaves unfinished.

use rusqlite::params;
use std::collections::BTreeMap;

use super::Store;
use super::deliveries::DeliveryState;
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
    pub payload: &'a [u8],
}

/// A row a run needs before its delivery is sent: a new one, or a logged
/// one sent again (marked pending while it is).
#[derive(Clone, Copy, Debug)]
pub enum RowToRecord<'a> {
    New(NewDelivery<'a>),
    Reopen(i64),
}

/// One finished attempt.
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

/// What one batch changes in one delivery's row: every row in a batch has
/// an attempt or an end, which set its last status and error; `None` in the
/// others leaves a column as it is.
#[derive(Default)]
struct RowChange<'a> {
    attempts: u32,
    last_status: Option<u16>,
    last_error: Option<&'a str>,
    url: Option<&'a str>,
    end: Option<(&'static str, i64)>,
}

/// A new delivery's row. A webhook deleted by another process since the run
/// chose it gets its row as if deleted just after (hook_id NULL), rather
/// than failing the run on the foreign key.
const INSERT_DELIVERY: &str = "INSERT INTO deliveries (webhook_id, hook_id, hook_name, api_key, \
     url, event, payload, created_at, updated_at, state, last_error) \
     VALUES (?1, (SELECT id FROM hooks WHERE id = ?2), ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)";

impl Store {
    /// Records the rows of deliveries about to be sent, in one transaction,
    /// and returns their ids in order.
    pub fn record_rows(&self, rows: &[RowToRecord<'_>]) -> Result<Vec<i64>> {
        let tx = self.write_tx()?;
        let now = clock::now_ms();
        let mut ids = Vec::with_capacity(rows.len());
        {
            let mut insert = tx.prepare_cached(INSERT_DELIVERY)?;
            let mut reopen = tx.prepare_cached(
                "UPDATE deliveries SET state = 'pending', updated_at = ?2 WHERE id = ?1",
            )?;
            for row in rows {
                match row {
                    RowToRecord::New(d) => {
                        ids.push(insert_new(
                            &mut insert,
                            d,
                            now,
                            DeliveryState::Pending,
                            None,
                        )?);
                    }
                    RowToRecord::Reopen(id) => {
                        reopen.execute(params![id, now])?;
                        ids.push(*id);
                    }
                }
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Records deliveries that a stopped run never sent, as interrupted.
    pub fn insert_interrupted(&self, rows: &[NewDelivery<'_>], why: &str) -> Result<Vec<i64>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.write_tx()?;
        let now = clock::now_ms();
        let mut ids = Vec::with_capacity(rows.len());
        {
            let mut insert = tx.prepare_cached(INSERT_DELIVERY)?;
            for d in rows {
                ids.push(insert_new(
                    &mut insert,
                    d,
                    now,
                    DeliveryState::Interrupted,
                    Some(why),
                )?);
            }
        }
        tx.commit()?;
        Ok(ids)
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
                "UPDATE deliveries SET state = 'interrupted', last_error = coalesce(last_error, ?3), \
                 updated_at = ?2 WHERE id = ?1 AND state = 'pending'",
            )?;
            let now = clock::now_ms();
            for id in ids {
                mark.execute(params![id, now, why])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Commits a batch in one transaction. The entries of one delivery (its
    /// attempts, then its end) make one update of its row, not one each: a
    /// row holds the payload, and rewriting it for every entry doubled the
    /// pages a fan-out writes. The row's status, error and URL follow its
    /// latest attempt (a redelivery goes to the webhook's current URL).
    pub fn write_log(&self, batch: &LogBatch) -> Result<()> {
        if batch.len() == 0 {
            return Ok(());
        }
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
            let mut rows: BTreeMap<i64, RowChange<'_>> = BTreeMap::new();
            for a in &batch.attempts {
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
            for e in &batch.ends {
                let row = rows.entry(e.delivery_id).or_default();
                row.last_status = e.last_status;
                row.last_error = e.last_error.as_deref();
                row.end = Some((e.state.as_str(), e.duration_ms));
            }
            let mut update = tx.prepare_cached(
                "UPDATE deliveries SET attempts = attempts + ?2, last_status = ?3, \
                 last_error = ?4, url = coalesce(?5, url), state = coalesce(?6, state), \
                 duration_ms = coalesce(?7, duration_ms), updated_at = ?8 WHERE id = ?1",
            )?;
            let now = clock::now_ms();
            for (id, row) in &rows {
                update.execute(params![
                    id,
                    row.attempts,
                    row.last_status,
                    row.last_error,
                    row.url,
                    row.end.map(|e| e.0),
                    row.end.map(|e| e.1),
                    now
                ])?;
            }
            let mut disable = tx.prepare_cached(
                "UPDATE hooks SET enabled = 0, disabled_reason = ?2, updated_at = ?3 WHERE id = ?1",
            )?;
            for (hook_id, reason) in &batch.disabled {
                disable.execute(params![hook_id, reason, now])?;
            }
        }
        tx.commit()?;
        Ok(())
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

/// Inserts a new delivery's row and returns its id.
fn insert_new(
    insert: &mut rusqlite::CachedStatement<'_>,
    d: &NewDelivery<'_>,
    now: i64,
    state: DeliveryState,
    last_error: Option<&str>,
) -> Result<i64> {
    Ok(insert.insert(params![
        d.message_id,
        d.hook_id,
        d.hook_name,
        d.api_key,
        d.url,
        d.event.as_str(),
        d.payload,
        now,
        state.as_str(),
        last_error,
    ])?)
}
