//! The local SQLite store: opening it safely, its schema migrations, and the
//! queries of each table (one submodule per table family).
//!
//! Opening never writes to a file before it is known to be ours: a file that is
//! not SQLite, another application's database, or a newer schema is refused
//! and left byte-for-byte as it was.

mod deliveries;
mod delivery_filter;
mod file;
mod handoffs;
mod hook_writes;
mod hooks;
mod id_floors;
mod listener;
mod log_writes;
#[cfg(test)]
mod migration_tests;
mod received;

pub use deliveries::{DeliveryRow, DeliveryState, StoredAttempt};
pub use delivery_filter::{DeliveryFilter, StateFilter, Via};
pub use file::default_path;
pub use handoffs::{HandoffEnd, NewHandoff};
pub use hook_writes::{HookPatch, HooksTx, NewSecret, NewWebhook};
pub use hooks::HookFilter;
pub use listener::Listen;
pub use log_writes::{AttemptRecord, DeliveryEnd, LogBatch, NewDelivery, RowToRecord, RunRows};
pub use received::{
    Answer, Forwarded, ReceivedFilter, ReceivedRequest, ReceivedRow, SignatureState,
};

use file::{
    Access, Folder, check_header, connect, connect_best, create_file, per_connection, unusable,
};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, Row, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// Marks a database as an echo3d-hooks store ("e3dh").
const APPLICATION_ID: i32 = 0x6533_6468;

/// Applied in order; a store at `user_version` N has run the first N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_hooks.sql"),
    include_str!("migrations/0002_deliveries.sql"),
    include_str!("migrations/0003_lean_log.sql"),
    include_str!("migrations/0004_secret_rotation.sql"),
    include_str!("migrations/0005_received.sql"),
    include_str!("migrations/0006_handoffs.sql"),
    include_str!("migrations/0007_id_floors.sql"),
];

/// A filter of one of the store's listings (webhooks, deliveries, received
/// requests): which rows it selects, in its order, and how a row reads.
pub trait Listing {
    type Row;
    fn query(&self) -> Query;
    fn read(row: &Row<'_>) -> rusqlite::Result<Self::Row>;
}

/// A listing's `SELECT`, its arguments, and how many rows it takes at most.
pub struct Query {
    pub sql: String,
    pub args: Vec<Value>,
    pub limit: Option<usize>,
}

/// How long a writer waits for another process's lock before giving up.
/// Generous, because parallel CI jobs share one store.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Why this store cannot be written, when it was opened read-only.
    read_only: Option<String>,
}

impl Store {
    /// Opens (creating on first use) the store at `path`. A store whose file
    /// or folder cannot be written is opened read-only, so that commands that
    /// only read still work; commands that write then fail with a clear error.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_in(path, Folder::MustExist)
    }

    /// Opens the store at its default location, creating its folder on
    /// first use. A path the user gives is never given folders: a mistyped
    /// one would otherwise quietly start an empty store.
    pub fn open_default(path: &Path) -> Result<Store> {
        Store::open_in(path, Folder::Create)
    }

    fn open_in(path: &Path, folder: Folder) -> Result<Store> {
        let shown = path.display();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(Error::Store(format!(
                    "the store path {shown} is a directory; pass a file path with --db"
                )));
            }
            // A device or a pipe: reading could block forever, and SQLite
            // would create its journal beside it.
            Ok(meta) if !meta.is_file() => {
                return Err(Error::Store(format!(
                    "the store path {shown} is not a regular file (a device, pipe or socket); \
                     pass a file path with --db"
                )));
            }
            Ok(_) => check_header(path)?,
            Err(_) => create_file(path, folder)?,
        }
        let (conn, read_only) = connect_best(path)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
        };
        let version = store.check_identity()?;
        store.configure(version)?;
        Ok(store)
    }

    /// Another connection to this store, for another thread (the delivery
    /// log's writer). It must not come from `open`, which reads the file
    /// through plain file handles: closing any handle on a file drops every
    /// POSIX lock this process holds on it, SQLite's included. Another process
    /// closing the store would then believe itself its last user, checkpoint
    /// and delete the WAL, and this process's later commits would be lost.
    pub fn reopen(&self) -> Result<Store> {
        let access = if self.read_only.is_some() {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        let conn = connect(&self.path, access)?;
        per_connection(&conn, self.read_only.is_none())?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            read_only: self.read_only.clone(),
        })
    }

    /// Refuses a command that must write when the store is read-only, before
    /// it does anything else (such as sending a webhook it could not log).
    pub fn require_writable(&self) -> Result<()> {
        match &self.read_only {
            Some(why) => Err(Error::Store(format!(
                "the store {} can only be read here, and this command needs to write to it: {why}",
                self.path.display()
            ))),
            None => Ok(()),
        }
    }

    /// Returns the schema version after making sure the file is ours (or empty).
    fn check_identity(&self) -> Result<usize> {
        let shown = self.path.display();
        let not_usable = |e: rusqlite::Error| unusable(&self.path, &e);
        // One read transaction, so that the three reads see one state: read
        // apart, they could straddle another process's first migration and
        // see its tables but not yet its application id.
        let snapshot = self.conn.unchecked_transaction().map_err(not_usable)?;
        let app_id: i32 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(not_usable)?;
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(not_usable)?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(not_usable)?;
        drop(snapshot);
        let fresh = app_id == 0 && version == 0 && objects == 0;
        if app_id != APPLICATION_ID && !fresh {
            return Err(Error::Store(format!(
                "{shown} is an SQLite database of another application, not an echo3d-hooks \
                 store; it was left untouched (choose another file with --db)"
            )));
        }
        if version as usize > MIGRATIONS.len() {
            return Err(Error::Store(format!(
                "{shown} has schema version {version}, newer than this echo3d-hooks \
                 understands ({}); upgrade echo3d-hooks. The store was left untouched",
                MIGRATIONS.len()
            )));
        }
        Ok(version as usize)
    }

    fn configure(&self, version: usize) -> Result<()> {
        if self.read_only.is_some() {
            per_connection(&self.conn, false)?;
            if version < MIGRATIONS.len() {
                return Err(Error::Store(format!(
                    "the store {} is read-only and needs a schema upgrade that cannot be written",
                    self.path.display()
                )));
            }
            return Ok(());
        }
        // WAL lets readers and one writer work at once.
        let mode = self.switch_to_wal()?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Store(format!(
                "the store {} could not be switched to WAL mode (it is in {mode} mode)",
                self.path.display()
            )));
        }
        per_connection(&self.conn, true)?;
        if version < MIGRATIONS.len() {
            self.migrate()?;
        }
        Ok(())
    }

    /// Switching to WAL needs an exclusive lock, and SQLite returns BUSY at
    /// once instead of calling the busy handler when processes opening a new
    /// store at the same moment contend for it; so wait here as the busy
    /// timeout would. Once a store is in WAL mode the switch is a no-op.
    fn switch_to_wal(&self) -> Result<String> {
        let started = std::time::Instant::now();
        loop {
            match self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            {
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == ErrorCode::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return Ok(other?),
            }
        }
    }

    fn migrate(&self) -> Result<()> {
        let tx = self.write_tx()?;
        // Another process may have migrated while we waited for the lock.
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for sql in MIGRATIONS.iter().skip(version as usize) {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }

    /// A write transaction that takes the write lock at once, so that two
    /// writers queue on the busy timeout instead of one failing at upgrade.
    fn write_tx(&self) -> Result<rusqlite::Transaction<'_>> {
        self.require_writable()?;
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    /// Calls `each` on every row of `listing`, read one at a time, so that
    /// no listing has to fit in memory.
    pub fn for_each<L: Listing>(
        &self,
        listing: &L,
        mut each: impl FnMut(&L::Row) -> Result<()>,
    ) -> Result<()> {
        self.read_rows(listing, |row| each(&row))
    }

    /// Every row of `listing`.
    pub fn list<L: Listing>(&self, listing: &L) -> Result<Vec<L::Row>> {
        let mut all = Vec::new();
        self.read_rows(listing, |row| {
            all.push(row);
            Ok(())
        })?;
        Ok(all)
    }

    fn read_rows<L: Listing>(
        &self,
        listing: &L,
        mut each: impl FnMut(L::Row) -> Result<()>,
    ) -> Result<()> {
        let Query {
            mut sql,
            mut args,
            limit,
        } = listing.query();
        if let Some(limit) = limit {
            sql.push_str(" LIMIT ?");
            args.push((limit as i64).into());
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            each(L::read(row)?)?;
        }
        Ok(())
    }

    #[cfg(test)]
    /// The query plan SQLite chooses for `sql`, one line per step; the tests
    /// use it to prove that lookups are indexed.
    pub fn explain(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
