//! The delivery log's hand-offs to a Svix server: one row per message,
//! written before the message is handed off, then one attempt per hand-off
//! and the id the server gave it (see `0006_handoffs.sql`).

use rusqlite::params;

use super::Store;
use super::deliveries::{DeliveryState, message_id_value};
use super::id_floors::{Log, next_id};
use crate::clock;
use crate::error::Result;
use crate::event::Trigger;

/// A hand-off about to be made, before any attempt.
#[derive(Clone, Copy, Debug)]
pub struct NewHandoff<'a> {
    pub message_id: &'a str,
    pub api_key: &'a str,
    /// The one webhook a message is for (id, name); `None` for every
    /// subscribed webhook of the collection.
    pub webhook: Option<(&'a str, &'a str)>,
    /// The server's base URL.
    pub server: &'a str,
    pub event: Trigger,
    pub payload: &'a [u8],
    /// What the requests to the server carry, as a run's do.
    pub user_agent: &'a str,
}

/// How one hand-off ended.
#[derive(Clone, Copy, Debug)]
pub struct HandoffEnd<'a> {
    pub delivery_id: i64,
    /// The attempt's number: one more than the row's earlier attempts.
    pub number: u32,
    pub started_at: i64,
    pub duration_ms: i64,
    pub state: DeliveryState,
    /// The server's status, when it answered.
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    /// The id the server gave the message, once it accepted it.
    pub svix_message_id: Option<&'a str>,
}

/// A hand-off's row, as a delivery's is written: its webhook's name as the
/// command found it (empty for a hand-off to every subscriber), and the
/// server's URL.
const INSERT_HANDOFF: &str = "INSERT INTO deliveries (run_id, message_id, hook_id, hook_name, \
     url, event, payload_id, state, id) VALUES (?1, ?2, ?3, coalesce(?4, ''), ?5, ?6, ?7, ?8, ?9)";

impl Store {
    /// Records a hand-off's row, pending, before it is made: in `run` (the
    /// command's run, once it has one) or a new run. Returns the run's id
    /// and the row's.
    pub fn record_handoff(&self, run: Option<i64>, row: &NewHandoff<'_>) -> Result<(i64, i64)> {
        let tx = self.write_tx()?;
        let run_id = match run {
            Some(id) => id,
            None => {
                tx.execute(
                    "INSERT INTO runs (created_at, api_key, user_agent) VALUES (?1, ?2, ?3)",
                    params![clock::now_ms(), row.api_key, row.user_agent],
                )?;
                tx.last_insert_rowid()
            }
        };
        tx.execute(
            "INSERT INTO payloads (body) VALUES (?1)",
            params![row.payload],
        )?;
        let payload_id = tx.last_insert_rowid();
        let (hook_id, hook_name) = row.webhook.unzip();
        tx.execute(
            INSERT_HANDOFF,
            params![
                run_id,
                message_id_value(row.message_id),
                hook_id,
                hook_name,
                row.server,
                row.event.code(),
                payload_id,
                DeliveryState::Pending.code(),
                next_id(&tx, Log::Deliveries)?,
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO handoffs (delivery_id) VALUES (?1)",
            params![id],
        )?;
        tx.commit()?;
        Ok((run_id, id))
    }

    /// Marks a logged hand-off pending while it is made again.
    pub fn reopen_handoff(&self, id: i64) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE deliveries SET state = ?2 WHERE id = ?1",
            params![id, DeliveryState::Pending.code()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records how a hand-off ended: its attempt, the row's counters and
    /// state, and the server's id of the message, in one transaction. An id
    /// the server gave once is kept when a later hand-off fails.
    pub fn end_handoff(&self, end: &HandoffEnd<'_>) -> Result<()> {
        let tx = self.write_tx()?;
        // Two commands handing off one row at once number their attempts
        // alike; a number already taken becomes the next free one.
        tx.execute(
            "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status, error) \
             VALUES (?1, max(?2, (SELECT coalesce(max(number), 0) + 1 FROM attempts \
             WHERE delivery_id = ?1)), ?3, ?4, ?5, ?6)",
            params![
                end.delivery_id,
                end.number,
                end.started_at,
                end.duration_ms,
                end.status,
                end.error
            ],
        )?;
        tx.execute(
            "UPDATE deliveries SET last_status = ?2, last_error = ?3, \
             state = ?4, duration_ms = ?5 WHERE id = ?1",
            params![
                end.delivery_id,
                end.status,
                end.error,
                end.state.code(),
                end.duration_ms
            ],
        )?;
        tx.execute(
            "UPDATE handoffs SET svix_message_id = coalesce(?2, svix_message_id) \
             WHERE delivery_id = ?1",
            params![end.delivery_id, end.svix_message_id],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DeliveryFilter, Via};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("hooks.db")).unwrap();
        (dir, store)
    }

    const MESSAGE: &str = "msg_0193a1b2c3d4e5f60718293a4b5c6d7e";

    fn new_handoff(payload: &[u8]) -> NewHandoff<'_> {
        NewHandoff {
            message_id: MESSAGE,
            api_key: "bold-sky-1234",
            webhook: None,
            server: "http://127.0.0.1:8071",
            event: Trigger::Upload,
            payload,
            user_agent: "echo3d-hooks/test",
        }
    }

    #[test]
    fn a_hand_off_is_one_row_with_its_attempts_and_the_servers_id() {
        let (_dir, store) = store();
        let (run, id) = store.record_handoff(None, &new_handoff(b"{}")).unwrap();
        let row = store.get_delivery(id).unwrap();
        assert!(row.via_svix && row.svix_message_id.is_none());
        assert_eq!((row.state, row.attempts), (DeliveryState::Pending, 0));
        assert_eq!((row.hook_id, row.hook_name.as_str()), (None, ""));
        assert_eq!(row.url, "http://127.0.0.1:8071");
        let failed = HandoffEnd {
            delivery_id: id,
            number: 1,
            started_at: 1_700_000_000_000,
            duration_ms: 5,
            state: DeliveryState::Failed,
            status: None,
            error: Some("cannot reach the Svix server"),
            svix_message_id: None,
        };
        store.end_handoff(&failed).unwrap();
        store.reopen_handoff(id).unwrap();
        let accepted = HandoffEnd {
            number: 2,
            state: DeliveryState::Succeeded,
            status: Some(202),
            error: None,
            svix_message_id: Some("msg_2YbSvix"),
            ..failed
        };
        store.end_handoff(&accepted).unwrap();
        let row = store.get_delivery(id).unwrap();
        assert_eq!(row.svix_message_id.as_deref(), Some("msg_2YbSvix"));
        assert_eq!((row.state, row.attempts), (DeliveryState::Succeeded, 2));
        let attempts = store.attempts_of(&row).unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!(
            attempts[0].error.as_deref(),
            Some("cannot reach the Svix server")
        );
        assert_eq!(
            (attempts[1].status, attempts[1].url.as_str()),
            (Some(202), row.url.as_str())
        );
        assert_eq!(
            attempts[1].request_headers, "null",
            "no webhook headers were sent"
        );

        let (same_run, second) = store
            .record_handoff(Some(run), &new_handoff(b"{}"))
            .unwrap();
        assert_eq!(same_run, run);
        let only = |via| {
            let filter = DeliveryFilter {
                via: Some(via),
                ..DeliveryFilter::default()
            };
            let rows = store.list(&filter).unwrap();
            rows.iter().map(|d| d.id).collect::<Vec<_>>()
        };
        assert_eq!(only(Via::Svix), [second, id]);
        assert!(only(Via::Direct).is_empty());

        // Pruning takes a hand-off's mark with its row.
        assert_eq!(store.prune_deliveries(i64::MAX).unwrap(), (2, 2));
        let marks: i64 = store
            .conn
            .query_row("SELECT count(*) FROM handoffs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(marks, 0);
    }
}
