//! The local SQLite store: opening it safely, its schema migrations, and the
//! queries of each table (one submodule per table family).
//!
//! Opening never writes to a file before it is known to be ours: a file that is
//! not SQLite, another application's database, or a newer schema is refused
//! and left byte-for-byte as it was.

mod deliveries;
mod hooks;
mod log_writes;

pub use deliveries::{DeliveryFilter, DeliveryRow, DeliveryState, StateFilter, StoredAttempt};
pub use hooks::{HookFilter, HookPatch, HooksTx, NewWebhook};
pub use log_writes::{AttemptRecord, DeliveryEnd, LogBatch, NewDelivery, RowToRecord};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
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

    /// Another connection holding one read transaction, so that every read
    /// through it sees the store as it was at its first read, whatever other
    /// connections write meanwhile (WAL keeps that snapshot for it).
    pub fn snapshot(&self) -> Result<Store> {
        let snapshot = self.reopen()?;
        snapshot.conn.execute_batch("BEGIN DEFERRED")?;
        Ok(snapshot)
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

    #[cfg(test)]
    /// The query plan SQLite chooses for `sql`, one line per step; the tests
    /// use it to prove that lookups are indexed.
    pub fn explain(&self, sql: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// How a connection reaches the store file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    ReadWrite,
    ReadOnly,
    /// Read-only, telling SQLite that nobody can change the file: the way to
    /// read a WAL store in a folder where SQLite cannot create its `-shm`
    /// index (a read-only mount, a full disk). Used only when the `-wal` file
    /// is missing or empty, so no committed change can be missed.
    Immutable,
}

/// Opens the store with the most access it allows, and says why when that
/// is read-only. A writable file in a read-only folder or on a full disk
/// still cannot be written, since SQLite cannot create its WAL files beside
/// it; then, as for a read-only file, commands that only read must still work.
fn connect_best(path: &Path) -> Result<(Connection, Option<String>)> {
    let mut why_read_only = OpenOptions::new()
        .write(true)
        .open(path)
        .err()
        .map(|e| format!("the file cannot be opened for writing ({e}); check its permissions"));
    let mut ways = Vec::with_capacity(3);
    if why_read_only.is_none() {
        ways.push(Access::ReadWrite);
    }
    ways.push(Access::ReadOnly);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).ok().is_none_or(|m| m.len() == 0) {
        ways.push(Access::Immutable);
    }
    let mut last = None;
    for access in ways {
        match connect(path, access) {
            Ok(conn) => return Ok((conn, why_read_only)),
            Err(e) => {
                let why = match e.sqlite_error_code() {
                    Some(ErrorCode::CannotOpen) => format!(
                        "SQLite cannot create its WAL files in the store's folder ({e}); check \
                         that the folder is writable"
                    ),
                    Some(ErrorCode::SystemIoFailure | ErrorCode::DiskFull) => {
                        format!("{e}; check whether the disk holding the store is full")
                    }
                    Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                        return Err(unusable(path, &e));
                    }
                    _ => return Err(e.into()),
                };
                why_read_only.get_or_insert_with(|| why.clone());
                last = Some(why);
            }
        }
    }
    Err(Error::Store(format!(
        "cannot open the store {}: {}",
        path.display(),
        last.expect("at least one way to open was tried")
    )))
}

fn connect(path: &Path, access: Access) -> rusqlite::Result<Connection> {
    let base = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match access {
        Access::ReadWrite => {
            Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_WRITE)?
        }
        Access::ReadOnly => {
            Connection::open_with_flags(path, base | OpenFlags::SQLITE_OPEN_READ_ONLY)?
        }
        Access::Immutable => {
            let uri = std::path::absolute(path)
                .ok()
                .and_then(|p| url::Url::from_file_path(p).ok())
                .ok_or_else(|| rusqlite::Error::InvalidPath(path.to_path_buf()))?;
            Connection::open_with_flags(
                format!("{uri}?mode=ro&immutable=1"),
                base | OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            )?
        }
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLite opens lazily: the first read is what finds out whether the WAL
    // index beside the file can be opened.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    Ok(conn)
}

/// The settings SQLite keeps per connection rather than in the file.
fn per_connection(conn: &Connection, writable: bool) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    if writable {
        // NORMAL sync in WAL mode loses nothing on a process crash, only
        // possibly the last commits on power loss, and makes commits far
        // cheaper.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

fn unusable(path: &Path, e: &rusqlite::Error) -> Error {
    Error::Store(format!(
        "{} is not a usable echo3d-hooks store ({e}); it was left untouched",
        path.display()
    ))
}

/// Whether opening a new store may create its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Folder {
    Create,
    MustExist,
}

/// Creates the store file with mode 0600 (it holds secrets), and its folder
/// when that is allowed.
fn create_file(path: &Path, folder: Folder) -> Result<()> {
    let shown = path.display();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent
        && folder == Folder::MustExist
        && !parent.is_dir()
    {
        return Err(Error::Store(format!(
            "the folder {} of the store {shown} does not exist; create it first, or choose \
             another path with --db or ECHO3D_HOOKS_DB",
            parent.display()
        )));
    }
    if let Some(parent) = parent {
        std::fs::create_dir_all(parent).map_err(|e| {
            Error::Store(format!(
                "cannot create the folder {} for the store: {e}; choose a writable location \
                 with --db or ECHO3D_HOOKS_DB",
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
            "cannot create the store {shown}: {e}; choose a writable location with --db or \
             ECHO3D_HOOKS_DB"
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
