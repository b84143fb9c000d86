//! The store file itself: creating it safely, opening it with the most
//! access it allows, and refusing what is not ours before SQLite touches it.

use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::BUSY_TIMEOUT;
use crate::error::{Error, Result};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How a connection reaches the store file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Access {
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
pub(super) fn connect_best(path: &Path) -> Result<(Connection, Option<String>)> {
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

pub(super) fn connect(path: &Path, access: Access) -> rusqlite::Result<Connection> {
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
pub(super) fn per_connection(conn: &Connection, writable: bool) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    if writable {
        // NORMAL sync in WAL mode loses nothing on a process crash, only
        // possibly the last commits on power loss, and makes commits far
        // cheaper.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    Ok(())
}

pub(super) fn unusable(path: &Path, e: &rusqlite::Error) -> Error {
    Error::Store(format!(
        "{} is not a usable echo3d-hooks store ({e}); it was left untouched",
        path.display()
    ))
}

/// Whether opening a new store may create its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Folder {
    Create,
    MustExist,
}

/// Creates the store file with mode 0600 (it holds secrets), and its folder
/// when that is allowed.
pub(super) fn create_file(path: &Path, folder: Folder) -> Result<()> {
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
pub(super) fn check_header(path: &Path) -> Result<()> {
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
