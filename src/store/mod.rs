//! The local SQLite store: opening it safely, its schema migrations, and the
//! queries of each table (one submodule per table family).
//!
//! Opening never writes to a file before it is known to be ours: a file that is
//! not SQLite, another application's database, or a newer schema is refused
//! and left byte-for-byte as it was.

mod deliveries;
mod hooks;

pub use deliveries::{
    AttemptRecord, DeliveryFilter, DeliveryOutcomeRecord, DeliveryRow, DeliveryState, LogEntry,
    NewDelivery, StoredAttempt,
};
pub use hooks::{HookFilter, HookPatch, NewWebhook};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// Marks a database as an echo3d-hooks store ("e3dh").
const APPLICATION_ID: i32 = 0x6533_6468;

/// Applied in order; a store at `user_version` N has run the first N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_hooks.sql"),
    include_str!("migrations/0002_deliveries.sql"),
];

/// How long a writer waits for another process's lock before giving up.
/// Generous, because parallel CI jobs share one store.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

impl Store {
    /// Opens (creating on first use) the store at `path`. A store whose file
    /// cannot be written is opened read-only, so that commands that only read
    /// still work; commands that write then fail with a clear error.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display();
        if path.is_dir() {
            return Err(Error::Store(format!(
                "the store path {shown} is a directory; pass a file path with --db"
            )));
        }
        if !path.exists() {
            create_file(path)?;
        } else {
            check_header(path)?;
        }
        let read_only = OpenOptions::new().write(true).open(path).is_err();
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| Error::Store(format!("cannot open the store {shown}: {e}")))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
        };
        let version = store.check_identity()?;
        store.configure(version)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a command that must write when the store is read-only, before
    /// it does anything else (such as sending a webhook it could not log).
    pub fn require_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::Store(format!(
                "the store {} is read-only; this command needs to write to it \
                 (check the file's permissions)",
                self.path.display()
            )));
        }
        Ok(())
    }

    /// Returns the schema version after making sure the file is ours (or empty).
    fn check_identity(&self) -> Result<usize> {
        let shown = self.path.display();
        let not_usable = |e: rusqlite::Error| {
            Error::Store(format!(
                "{shown} is not a usable echo3d-hooks store ({e}); it was left untouched"
            ))
        };
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
        self.conn.pragma_update(None, "foreign_keys", true)?;
        if self.read_only {
            if version < MIGRATIONS.len() {
                return Err(Error::Store(format!(
                    "the store {} is read-only and needs a schema upgrade that cannot be written",
                    self.path.display()
                )));
            }
            return Ok(());
        }
        // WAL lets readers and one writer work at once; NORMAL sync in WAL mode
        // loses nothing on a process crash, only possibly the last commits on
        // power loss, and it makes each commit far cheaper.
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Store(format!(
                "the store {} could not be switched to WAL mode (it is in {mode} mode)",
                self.path.display()
            )));
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        if version < MIGRATIONS.len() {
            self.migrate()?;
        }
        Ok(())
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

    #[cfg(test)]
    /// The query plan SQLite chooses for `sql`, one line per step; the tests
    /// use it to prove that lookups are indexed.
    pub fn explain(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Creates the store file (and its folder) with mode 0600: it holds secrets.
fn create_file(path: &Path) -> Result<()> {
    let shown = path.display();
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            Error::Store(format!(
                "cannot create the folder {} for the store: {e}",
                parent.display()
            ))
        })?;
    }
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        // Another process created it first; it is initialized under the lock.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::Store(format!(
            "cannot create the store {shown}: {e}"
        ))),
    }
}

/// Refuses a non-empty file that does not start with SQLite's header, before
/// SQLite gets a chance to treat it as anything.
fn check_header(path: &Path) -> Result<()> {
    let shown = path.display();
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::Store(format!("cannot read the store {shown}: {e}")))?;
    let mut header = [0u8; 16];
    let mut filled = 0;
    while filled < header.len() {
        match file.read(&mut header[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(Error::Store(format!("cannot read the store {shown}: {e}"))),
        }
    }
    if filled == 0 || &header == SQLITE_HEADER {
        return Ok(());
    }
    Err(Error::Store(format!(
        "{shown} is not an echo3d-hooks store (it is not an SQLite database); \
         it was left untouched (choose another file with --db)"
    )))
}

/// The store's default location: the platform data directory.
pub fn default_path() -> Result<PathBuf> {
    dirs::data_dir()
        .map(|d| d.join("echo3d-hooks").join("hooks.db"))
        .ok_or_else(|| {
            Error::Store(
                "cannot find the platform data directory; pass --db or set ECHO3D_HOOKS_DB"
                    .to_string(),
            )
        })
}
