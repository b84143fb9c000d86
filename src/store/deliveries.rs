//! Reading the delivery log: deliveries and their attempts.

use rusqlite::{OptionalExtension, Row, params};

use super::Store;
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

#[derive(Clone, Debug)]
pub struct DeliveryRow {
    pub id: i64,
    /// The Standard Webhooks message id (`webhook-id` header).
    pub message_id: String,
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

/// Which deliveries a listing keeps, by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    Any,
    Failed,
    Interrupted,
    /// Failed or interrupted: what `redeliver --failed` sends again.
    Unfinished,
}

impl StateFilter {
    fn sql(self) -> &'static str {
        match self {
            StateFilter::Any => "",
            StateFilter::Failed => " AND state = 'failed'",
            StateFilter::Interrupted => " AND state = 'interrupted'",
            StateFilter::Unfinished => " AND state IN ('failed', 'interrupted')",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    /// A webhook's name or id, matched against the copy kept in each row, so
    /// that the history of a deleted webhook can still be found by its name.
    pub hook: Option<String>,
    pub event: Option<Trigger>,
    pub state: StateFilter,
    pub since_ms: Option<i64>,
    pub limit: Option<usize>,
}

impl DeliveryFilter {
    /// The filter as SQL conditions (after `WHERE 1=1`) and their arguments.
    fn conditions(&self) -> (String, Vec<rusqlite::types::Value>) {
        let mut sql = String::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(hook) = &self.hook {
            // The name kept in the row finds a deleted webhook's history; the
            // live webhook's current name also finds rows from before a rename.
            sql.push_str(
                " AND (hook_id = ?1 OR hook_name = ?1 \
                 OR hook_id IN (SELECT id FROM hooks WHERE name = ?1))",
            );
            args.push(hook.clone().into());
        }
        if let Some(event) = self.event {
            sql.push_str(" AND event = ?");
            args.push(event.as_str().to_string().into());
        }
        sql.push_str(self.state.sql());
        if let Some(since) = self.since_ms {
            sql.push_str(" AND created_at >= ?");
            args.push(since.into());
        }
        (sql, args)
    }

    /// The same filter, keeping only failed or interrupted deliveries.
    fn unfinished(&self) -> DeliveryFilter {
        DeliveryFilter {
            state: StateFilter::Unfinished,
            ..self.clone()
        }
    }
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, hook_id, hook_name, api_key, url, event, payload, \
     created_at, state, attempts, last_status, last_error, duration_ms";

fn delivery_from_row(row: &Row<'_>) -> rusqlite::Result<DeliveryRow> {
    Ok(DeliveryRow {
        id: row.get(0)?,
        message_id: row.get(1)?,
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
    /// Calls `each` on every delivery that matches, newest first, one row
    /// at a time, so that no listing has to fit in memory.
    pub fn for_each_delivery(
        &self,
        filter: &DeliveryFilter,
        mut each: impl FnMut(&DeliveryRow) -> Result<()>,
    ) -> Result<()> {
        let (conditions, mut args) = filter.conditions();
        let mut sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1=1{conditions} \
             ORDER BY created_at DESC, id DESC"
        );
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            args.push((limit as i64).into());
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(&delivery_from_row(row)?)?;
        }
        Ok(())
    }

    /// Whether `ident` names a webhook, or the webhook of some delivery
    /// (the log keeps the names of deleted ones).
    pub fn hook_known(&self, ident: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM hooks WHERE id = ?1 OR name = ?1) \
             OR EXISTS (SELECT 1 FROM deliveries WHERE hook_id = ?1 OR hook_name = ?1)",
            params![ident],
            |r| r.get(0),
        )?)
    }

    /// How many failed or interrupted deliveries match `filter`.
    pub fn count_unfinished(&self, filter: &DeliveryFilter) -> Result<usize> {
        let (conditions, args) = filter.unfinished().conditions();
        let sql = format!("SELECT count(*) FROM deliveries WHERE 1=1{conditions}");
        let count: i64 = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(count as usize)
    }

    /// Up to `limit` failed or interrupted deliveries matching `filter` with
    /// ids above `after`, oldest first: a page of a bulk redelivery.
    pub fn unfinished_page(
        &self,
        filter: &DeliveryFilter,
        after: i64,
        limit: usize,
    ) -> Result<Vec<DeliveryRow>> {
        let (conditions, mut args) = filter.unfinished().conditions();
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM deliveries WHERE 1=1{conditions} AND id > ? \
             ORDER BY id LIMIT ?"
        );
        args.push(after.into());
        args.push((limit as i64).into());
        let mut stmt = self.conn.prepare_cached(&sql)?;
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
}
