//! The requests `listen` received (see `0005_received.sql`): recording them
//! a batch at a time, listing them, reading one, and pruning old ones.

use super::id_floors::{Log, keep_floor, next_id};
use bytes::Bytes;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::deliveries::{message_id_of, message_id_value};
use super::listener::Listen;
use super::{Listing, Query, Store};
use crate::error::{Error, Result};
use crate::event::Trigger;

/// How much of a body is kept; its full size is kept beside it.
pub const BODY_KEPT: usize = 64 * 1024;

/// What the signature check of a request came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureState {
    /// No secret was given to check it with.
    NotChecked,
    Valid,
    /// No signature matches (or the signed headers are missing or malformed).
    Mismatch,
    /// A signature matches, but its timestamp is outside the tolerance.
    TimestampOutsideTolerance,
}

impl SignatureState {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureState::NotChecked => "not-checked",
            SignatureState::Valid => "valid",
            SignatureState::Mismatch => "mismatch",
            SignatureState::TimestampOutsideTolerance => "timestamp-outside-tolerance",
        }
    }

    /// Whether the request passed the check, or none ran.
    pub fn passed(self) -> bool {
        matches!(self, SignatureState::NotChecked | SignatureState::Valid)
    }

    fn code(self) -> i64 {
        match self {
            SignatureState::NotChecked => 0,
            SignatureState::Valid => 1,
            SignatureState::Mismatch => 2,
            SignatureState::TimestampOutsideTolerance => 3,
        }
    }

    fn from_code(code: i64) -> SignatureState {
        match code {
            1 => SignatureState::Valid,
            2 => SignatureState::Mismatch,
            3 => SignatureState::TimestampOutsideTolerance,
            _ => SignatureState::NotChecked,
        }
    }
}

/// How the listener answered a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Status(u16),
    /// Held open without an answer until the sender gave up.
    Hang,
    /// The connection was dropped without an answer.
    Close,
}

impl Answer {
    pub fn status(self) -> Option<u16> {
        match self {
            Answer::Status(s) => Some(s),
            Answer::Hang | Answer::Close => None,
        }
    }

    /// `hang` or `close`; `None` for a status.
    pub fn kind(self) -> Option<&'static str> {
        match self {
            Answer::Status(_) => None,
            Answer::Hang => Some("hang"),
            Answer::Close => Some("close"),
        }
    }

    fn from_columns(status: Option<u16>, kind: Option<&str>) -> Answer {
        match (status, kind) {
            (Some(s), _) => Answer::Status(s),
            (None, Some("hang")) => Answer::Hang,
            _ => Answer::Close,
        }
    }
}

/// What forwarding a request to the user's app came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forwarded {
    /// The app's status; `None` when it could not be reached.
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// One received request, its verdicts and what became of it.
#[derive(Clone, Debug)]
pub struct ReceivedRequest {
    pub received_at: i64,
    pub method: String,
    pub path: String,
    /// `name: value` lines, in the order received.
    pub headers: String,
    /// The `webhook-id` header.
    pub message_id: Option<String>,
    pub event: Option<Trigger>,
    /// The body, or (read back from the store) its first `BODY_KEPT` bytes.
    pub body: Bytes,
    pub body_size: usize,
    pub signature: SignatureState,
    pub signature_detail: Option<String>,
    /// Empty when the payload keeps echo3D's rules.
    pub payload_errors: Vec<String>,
    pub answer: Answer,
    pub forward: Option<Forwarded>,
    pub duration_ms: i64,
}

impl ReceivedRequest {
    /// Whether every check that ran passed.
    pub fn valid(&self) -> bool {
        self.signature.passed() && self.payload_errors.is_empty()
    }

    /// Whether the whole body is kept, so that it can be sent again.
    pub fn body_complete(&self) -> bool {
        self.body.len() == self.body_size
    }
}

/// A recorded request, with what its `listen` run shared.
#[derive(Clone, Debug)]
pub struct ReceivedRow {
    pub id: i64,
    pub listen_url: String,
    pub forward_to: Option<String>,
    pub request: ReceivedRequest,
}

#[derive(Clone, Debug, Default)]
pub struct ReceivedFilter {
    pub event: Option<Trigger>,
    /// Only requests that failed a check.
    pub invalid: bool,
    pub since_ms: Option<i64>,
    pub limit: Option<usize>,
    /// Oldest first (for sending them again) instead of newest first.
    pub oldest_first: bool,
}

const INSERT_RECEIVED: &str = "INSERT INTO received (listen_id, received_at, method, path, \
     headers, message_id, event, body, body_size, signature, signature_detail, payload_errors, \
     status, answer, forward_status, forward_error, forward_ms, duration_ms, id) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

const RECEIVED_SELECT: &str = "SELECT r.id, l.url, l.forward_to, r.received_at, r.method, \
     r.path, r.headers, r.message_id, r.event, r.body, r.body_size, r.signature, \
     r.signature_detail, r.payload_errors, r.status, r.answer, r.forward_status, \
     r.forward_error, r.forward_ms, r.duration_ms \
     FROM received r JOIN listens l ON l.id = r.listen_id";

/// The recorded requests that match, newest first unless `oldest_first`.
impl Listing for ReceivedFilter {
    type Row = ReceivedRow;

    fn query(&self) -> Query {
        let mut sql = format!("{RECEIVED_SELECT} WHERE 1=1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(event) = self.event {
            sql.push_str(" AND r.event = ?");
            args.push(event.code().into());
        }
        if self.invalid {
            sql.push_str(" AND (r.signature IN (2, 3) OR r.payload_errors IS NOT NULL)");
        }
        if let Some(since) = self.since_ms {
            sql.push_str(" AND r.received_at >= ?");
            args.push(since.into());
        }
        sql.push_str(if self.oldest_first {
            " ORDER BY r.id"
        } else {
            " ORDER BY r.id DESC"
        });
        Query {
            sql,
            args,
            limit: self.limit,
        }
    }

    fn read(row: &Row<'_>) -> rusqlite::Result<ReceivedRow> {
        received_from_row(row)
    }
}

fn received_from_row(row: &Row<'_>) -> rusqlite::Result<ReceivedRow> {
    let message_id = match row.get_ref(7)? {
        rusqlite::types::ValueRef::Null => None,
        value => Some(message_id_of(value)?),
    };
    let errors: Option<String> = row.get(13)?;
    let forward_ms: Option<i64> = row.get(18)?;
    let answer_kind: Option<String> = row.get(15)?;
    let body: Vec<u8> = row.get(9)?;
    Ok(ReceivedRow {
        id: row.get(0)?,
        listen_url: row.get(1)?,
        forward_to: row.get(2)?,
        request: ReceivedRequest {
            received_at: row.get(3)?,
            method: row.get(4)?,
            path: row.get(5)?,
            headers: row.get(6)?,
            message_id,
            event: row.get::<_, Option<i64>>(8)?.and_then(Trigger::from_code),
            body: Bytes::from(body),
            body_size: row.get::<_, i64>(10)? as usize,
            signature: SignatureState::from_code(row.get(11)?),
            signature_detail: row.get(12)?,
            payload_errors: errors
                .map(|e| e.lines().map(str::to_string).collect())
                .unwrap_or_default(),
            answer: Answer::from_columns(row.get(14)?, answer_kind.as_deref()),
            forward: match forward_ms {
                Some(duration_ms) => Some(Forwarded {
                    status: row.get(16)?,
                    error: row.get(17)?,
                    duration_ms,
                }),
                None => None,
            },
            duration_ms: row.get(19)?,
        },
    })
}

impl Store {
    /// Records a batch of requests of one `listen` run in one transaction;
    /// returns their ids, in order.
    pub fn record_received(&self, listen: &Listen, batch: &[ReceivedRequest]) -> Result<Vec<i64>> {
        let tx = self.write_tx()?;
        // A prune may have removed the run's row while it had no requests.
        listen.ensure_in(&tx)?;
        let ids = insert_all(&tx, listen.id, batch)?;
        tx.commit()?;
        Ok(ids)
    }

    pub fn get_received(&self, id: i64) -> Result<ReceivedRow> {
        self.conn
            .query_row(
                &format!("{RECEIVED_SELECT} WHERE r.id = ?1"),
                params![id],
                received_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "no received request has the id {id} (see `echo3d-hooks received`)"
                ))
            })
    }

    /// Deletes the requests received before `cutoff_ms`, and the runs left
    /// without any, in one transaction; returns how many requests went.
    pub fn prune_received(&self, cutoff_ms: i64) -> Result<usize> {
        let tx = self.write_tx()?;
        keep_floor(&tx, Log::Received)?;
        let pruned = tx.execute(
            "DELETE FROM received WHERE received_at < ?1",
            params![cutoff_ms],
        )?;
        tx.execute(
            "DELETE FROM listens WHERE started_at < ?1 \
             AND id NOT IN (SELECT listen_id FROM received)",
            params![cutoff_ms],
        )?;
        tx.commit()?;
        Ok(pruned)
    }
}

fn insert_all(tx: &Transaction<'_>, listen_id: i64, batch: &[ReceivedRequest]) -> Result<Vec<i64>> {
    let mut insert = tx.prepare_cached(INSERT_RECEIVED)?;
    let mut ids = Vec::with_capacity(batch.len());
    let mut first_id = next_id(tx, Log::Received)?;
    for r in batch {
        let kept = &r.body[..r.body.len().min(BODY_KEPT)];
        let errors = (!r.payload_errors.is_empty()).then(|| r.payload_errors.join("\n"));
        let forward = r.forward.as_ref();
        insert.execute(params![
            listen_id,
            r.received_at,
            r.method,
            r.path,
            r.headers,
            r.message_id
                .as_deref()
                .map_or(Value::Null, message_id_value),
            r.event.map(Trigger::code),
            kept,
            r.body_size as i64,
            r.signature.code(),
            r.signature_detail,
            errors,
            r.answer.status(),
            r.answer.kind(),
            forward.and_then(|f| f.status),
            forward.and_then(|f| f.error.as_deref()),
            forward.map(|f| f.duration_ms),
            r.duration_ms,
            first_id.take(),
        ])?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

#[cfg(test)]
mod tests;
