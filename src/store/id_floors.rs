//! Ids that are never given out twice: a prune records the highest id of
//! the log it prunes (see the schema's `0007_id_floors.sql`), and the first
//! row written after it takes the id past that.

use rusqlite::{Transaction, params};

use crate::error::Result;

/// A log whose ids users see and keep: `deliveries`, `received`.
#[derive(Clone, Copy, Debug)]
pub enum Log {
    Deliveries,
    Received,
}

impl Log {
    fn table(self) -> &'static str {
        match self {
            Log::Deliveries => "deliveries",
            Log::Received => "received",
        }
    }
}

/// Records the highest id `log` has given out, before a prune deletes rows.
pub fn keep_floor(tx: &Transaction<'_>, log: Log) -> Result<()> {
    let table = log.table();
    tx.execute(
        &format!(
            "INSERT INTO id_floors (name, last_id) SELECT ?1, max(id) FROM {table} WHERE true \
             HAVING max(id) IS NOT NULL \
             ON CONFLICT (name) DO UPDATE SET last_id = max(last_id, excluded.last_id)"
        ),
        params![table],
    )?;
    Ok(())
}

/// The id the next row of `log` must take, once in a transaction: past the
/// floor when a prune removed the highest ids, else `None`, which lets
/// SQLite choose (the largest id plus one; NULL for an `INTEGER PRIMARY
/// KEY` means exactly that).
pub fn next_id(tx: &Transaction<'_>, log: Log) -> Result<Option<i64>> {
    let table = log.table();
    let (floor, max): (Option<i64>, Option<i64>) = tx.query_row(
        &format!(
            "SELECT (SELECT last_id FROM id_floors WHERE name = ?1), (SELECT max(id) FROM {table})"
        ),
        params![table],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match floor {
        Some(floor) if floor >= max.unwrap_or(0) => Some(floor + 1),
        _ => None,
    })
}
