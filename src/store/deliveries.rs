//! Reading the delivery log: deliveries and their attempts.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{OptionalExtension, Row, params};

use super::delivery_filter::DeliveryFilter;
use super::{Listing, Query, Store};
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

    /// How the log stores it.
    pub fn code(self) -> i64 {
        match self {
            DeliveryState::Pending => 0,
            DeliveryState::Succeeded => 1,
            DeliveryState::Failed => 2,
            DeliveryState::Interrupted => 3,
        }
    }

    fn from_code(code: i64) -> DeliveryState {
        match code {
            1 => DeliveryState::Succeeded,
            2 => DeliveryState::Failed,
            3 => DeliveryState::Interrupted,
            _ => DeliveryState::Pending,
        }
    }
}

/// How the log stores a message id: the 16 bytes of the tool's own form
/// (`msg_` and 32 lower-case hex digits), or the text of any other.
pub fn message_id_value(id: &str) -> Value {
    let own = id.strip_prefix("msg_").filter(|hex| {
        hex.len() == 32 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    });
    match own {
        Some(hex) => Value::Blob(
            (0..16)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("checked hex"))
                .collect(),
        ),
        None => Value::Text(id.to_string()),
    }
}

pub(super) fn message_id_of(value: ValueRef<'_>) -> rusqlite::Result<String> {
    match value {
        ValueRef::Blob(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            Ok(format!("msg_{hex}"))
        }
        other => Ok(other.as_str()?.to_string()),
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
    /// The `user-agent` its run's requests carried.
    pub user_agent: String,
    /// Where its attempts went unless they name another URL: it differs
    /// from `url` only after a redelivery to a webhook that moved.
    pub attempts_url: String,
    pub state: DeliveryState,
    pub attempts: u32,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub duration_ms: i64,
    /// Whether it is a hand-off to a Svix server (`--via svix`): its
    /// attempts are hand-offs to `url`, the server's base URL.
    pub via_svix: bool,
    /// The id the Svix server gave the message once it accepted it.
    pub svix_message_id: Option<String>,
}

impl DeliveryRow {
    /// A hand-off of a message to every subscribed webhook of the collection
    /// (it names no webhook, not even a deleted one).
    pub fn to_every_subscriber(&self) -> bool {
        self.via_svix && self.hook_id.is_none() && self.hook_name.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct StoredAttempt {
    pub number: u32,
    pub started_at: i64,
    pub duration_ms: i64,
    pub url: String,
    /// The request headers as they were sent, a JSON object with its keys
    /// in alphabetical order; `null` for a hand-off, which sent none of a
    /// webhook's.
    pub request_headers: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub response_excerpt: Vec<u8>,
}

/// A delivery as it reads: its webhook's id only while the webhook exists;
/// its URL, number of attempts and, while its row says `pending`, its last
/// status and error are its latest attempt's; a `pending` delivery whose
/// latest attempt got a 2xx succeeded (see the schema's `0003_lean_log.sql`).
const DELIVERY_SELECT: &str = "SELECT d.id, d.message_id, h.id, \
     coalesce(d.hook_name, ''), r.api_key, coalesce(la.url, d.url), \
     d.event, p.body, r.created_at, \
     CASE WHEN d.state = 0 AND la.status BETWEEN 200 AND 299 THEN 1 ELSE d.state END, \
     coalesce(la.number, 0), \
     CASE WHEN d.state = 0 THEN la.status ELSE d.last_status END, \
     CASE WHEN d.state = 0 THEN la.error ELSE d.last_error END, \
     CASE WHEN d.state = 0 THEN coalesce(la.run_ms, 0) ELSE d.duration_ms END, \
     r.user_agent, d.url, \
     s.delivery_id IS NOT NULL, s.svix_message_id \
     FROM deliveries d JOIN runs r ON r.id = d.run_id JOIN payloads p ON p.id = d.payload_id \
     LEFT JOIN hooks h ON h.id = d.hook_id LEFT JOIN handoffs s ON s.delivery_id = d.id \
     LEFT JOIN attempts la ON la.delivery_id = d.id AND la.number = \
       (SELECT max(number) FROM attempts WHERE delivery_id = d.id)";

/// The deliveries that match, newest first.
impl Listing for DeliveryFilter {
    type Row = DeliveryRow;

    fn query(&self) -> Query {
        let (conditions, args) = self.conditions();
        Query {
            sql: format!("{DELIVERY_SELECT} WHERE 1=1{conditions} ORDER BY d.id DESC"),
            args,
            limit: self.limit,
        }
    }

    fn read(row: &Row<'_>) -> rusqlite::Result<DeliveryRow> {
        delivery_from_row(row)
    }
}

fn delivery_from_row(row: &Row<'_>) -> rusqlite::Result<DeliveryRow> {
    let event: i64 = row.get(6)?;
    Ok(DeliveryRow {
        id: row.get(0)?,
        message_id: message_id_of(row.get_ref(1)?)?,
        hook_id: row.get(2)?,
        hook_name: row.get(3)?,
        api_key: row.get(4)?,
        url: row.get(5)?,
        event: Trigger::from_code(event)
            .map_or_else(|| format!("event {event}"), |t| t.to_string()),
        payload: row.get(7)?,
        created_at: row.get(8)?,
        state: DeliveryState::from_code(row.get(9)?),
        attempts: row.get(10)?,
        last_status: row.get(11)?,
        last_error: row.get(12)?,
        duration_ms: row.get(13)?,
        user_agent: row.get(14)?,
        attempts_url: row.get(15)?,
        via_svix: row.get(16)?,
        svix_message_id: row.get(17)?,
    })
}

impl Store {
    /// How many collections the webhook name or id `ident` belongs to,
    /// counting live webhooks and the history of deleted or renamed ones:
    /// 0 when nothing was ever known by it.
    pub fn hook_collections(&self, ident: &str) -> Result<usize> {
        let count: i64 = self.conn.query_row(
            "SELECT count(DISTINCT k) FROM ( \
               SELECT api_key AS k FROM hooks WHERE id = ?1 OR name = ?1 \
               UNION ALL \
               SELECT r.api_key FROM deliveries d JOIN runs r ON r.id = d.run_id \
               WHERE d.hook_id = ?1 OR d.hook_name = ?1)",
            params![ident],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }

    /// How many failed or interrupted deliveries match `filter`.
    pub fn count_unfinished(&self, filter: &DeliveryFilter) -> Result<usize> {
        let (conditions, args) = filter.unfinished().conditions();
        let sql = format!(
            "SELECT count(*) FROM deliveries d JOIN runs r ON r.id = d.run_id \
             LEFT JOIN hooks h ON h.id = d.hook_id WHERE 1=1{conditions}"
        );
        let count: i64 = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(count as usize)
    }

    /// Up to `limit` failed or interrupted deliveries matching `filter` with
    /// ids above `after` and up to `last`, oldest first: a page of a bulk
    /// redelivery.
    pub fn unfinished_page(
        &self,
        filter: &DeliveryFilter,
        (after, last): (i64, i64),
        limit: usize,
    ) -> Result<Vec<DeliveryRow>> {
        let (conditions, mut args) = filter.unfinished().conditions();
        let sql = format!(
            "{DELIVERY_SELECT} WHERE 1=1{conditions} AND d.id > ? AND d.id <= ? \
             ORDER BY d.id LIMIT ?"
        );
        args.push(after.into());
        args.push(last.into());
        args.push((limit as i64).into());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), delivery_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The id of the newest delivery logged; 0 for an empty log.
    pub fn last_delivery_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM deliveries", [], |r| {
                r.get(0)
            })?)
    }

    pub fn get_delivery(&self, id: i64) -> Result<DeliveryRow> {
        self.conn
            .query_row(
                &format!("{DELIVERY_SELECT} WHERE d.id = ?1"),
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

    /// A delivery's attempts, with the request headers each carried: all
    /// but the signature are the same for every attempt of a run, and the
    /// timestamp is the attempt's start.
    pub fn attempts_of(&self, delivery: &DeliveryRow) -> Result<Vec<StoredAttempt>> {
        let mut stmt = self.conn.prepare(
            "SELECT number, started_at, duration_ms, url, signature, status, error, \
             response_excerpt FROM attempts WHERE delivery_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map(params![delivery.id], |r| {
            let started_at: i64 = r.get(1)?;
            let signature: Option<String> = r.get(4)?;
            let request_headers = match delivery.via_svix {
                true => serde_json::Value::Null,
                false => serde_json::json!({
                    "content-type": "application/json",
                    "user-agent": delivery.user_agent,
                    "webhook-id": delivery.message_id,
                    "webhook-signature": signature,
                    "webhook-timestamp": (started_at / 1000).to_string(),
                }),
            };
            Ok(StoredAttempt {
                number: r.get(0)?,
                started_at,
                duration_ms: r.get(2)?,
                url: r
                    .get::<_, Option<String>>(3)?
                    .unwrap_or_else(|| delivery.attempts_url.clone()),
                request_headers: request_headers.to_string(),
                status: r.get(5)?,
                error: r.get(6)?,
                response_excerpt: r.get::<_, Option<Vec<u8>>>(7)?.unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
