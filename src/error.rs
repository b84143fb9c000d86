//! The tool's error type and the one place where errors become exit codes.
//!
//! Scripts branch on the exit code, so every kind of failure has its own,
//! documented in the README's exit-code table. Keep the two in step.

use std::fmt;

/// The exit codes the README documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    /// An unexpected failure: an I/O error outside the store, a bug.
    Internal = 1,
    /// The command line itself is wrong (clap's own code).
    Usage = 2,
    /// A value broke a rule: a bad URL, name, trigger, key or payload.
    Invalid = 3,
    /// A named webhook or delivery does not exist.
    NotFound = 4,
    /// The change would clash with what is stored (a duplicate name).
    Conflict = 5,
    /// The store cannot be used: not ours, too new, corrupt, read-only, full.
    Store = 6,
    /// At least one delivery failed; for `svix status`: the server differs
    /// from the store.
    DeliveryFailed = 7,
    /// No enabled webhook is subscribed to the event: nothing was sent.
    NoTargets = 8,
    /// A question was asked on a terminal and the answer was no.
    Declined = 13,
    /// `verify`: no signature of the request matches.
    SignatureMismatch = 9,
    /// `verify`: a signature matches, but the timestamp is outside the tolerance.
    TimestampOutsideTolerance = 10,
    /// `verify`: the request is genuine, but its payload breaks echo3D's rules.
    PayloadRejected = 11,
    /// The Svix server could not be reached, refused a request, or answered
    /// with something that is not its API.
    Remote = 14,
    /// `listen --once --timeout`: no matching request came in time.
    TimedOut = 12,
    /// The run was interrupted (SIGINT/SIGTERM) before it finished.
    Interrupted = 130,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Store(String),
    #[error("{0}")]
    DeliveryFailed(String),
    #[error("{0}")]
    NoTargets(String),
    /// `svix status` found differences; scripts check for drift by its code.
    #[error("{0}")]
    Drift(String),
    #[error("{0}")]
    Remote(String),
    #[error("{0}")]
    Declined(String),
    #[error("{0}")]
    SignatureMismatch(String),
    #[error("{0}")]
    TimestampOutsideTolerance(String),
    #[error("{0}")]
    PayloadRejected(String),
    #[error("{0}")]
    TimedOut(String),
    #[error("{0}")]
    Interrupted(String),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Invalid(_) => ExitCode::Invalid,
            Error::NotFound(_) => ExitCode::NotFound,
            Error::Conflict(_) => ExitCode::Conflict,
            Error::Store(_) => ExitCode::Store,
            Error::DeliveryFailed(_) => ExitCode::DeliveryFailed,
            Error::NoTargets(_) => ExitCode::NoTargets,
            Error::Declined(_) => ExitCode::Declined,
            Error::SignatureMismatch(_) => ExitCode::SignatureMismatch,
            Error::TimestampOutsideTolerance(_) => ExitCode::TimestampOutsideTolerance,
            Error::PayloadRejected(_) => ExitCode::PayloadRejected,
            Error::Drift(_) => ExitCode::DeliveryFailed,
            Error::Remote(_) => ExitCode::Remote,
            Error::TimedOut(_) => ExitCode::TimedOut,
            Error::Interrupted(_) => ExitCode::Interrupted,
            Error::Internal(_) => ExitCode::Internal,
        }
    }

    /// The error's kind as `--json` documents name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Store(_) => "store",
            Error::DeliveryFailed(_) => "delivery_failed",
            Error::NoTargets(_) => "nothing_to_send",
            Error::Declined(_) => "declined",
            Error::SignatureMismatch(_) => "signature_mismatch",
            Error::TimestampOutsideTolerance(_) => "timestamp_outside_tolerance",
            Error::PayloadRejected(_) => "payload_rejected",
            Error::Drift(_) => "drift",
            Error::Remote(_) => "remote",
            Error::TimedOut(_) => "timed_out",
            Error::Interrupted(_) => "interrupted",
            Error::Internal(_) => "internal",
        }
    }

    pub fn invalid(msg: impl fmt::Display) -> Error {
        Error::Invalid(msg.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    /// SQLite's own messages are terse; name the condition a user can act on.
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            let msg = match f.code {
                C::ReadOnly => "the store is read-only; this command needs to write to it \
                                (check the file's and its directory's permissions)"
                    .to_string(),
                C::DiskFull => {
                    "the disk holding the store is full; nothing was changed".to_string()
                }
                C::DatabaseBusy | C::DatabaseLocked => {
                    "the store stayed locked by another process for longer than the busy timeout"
                        .to_string()
                }
                C::SystemIoFailure => format!(
                    "the store could not be read or written ({e}); check that the disk holding \
                     it is not full and that the file is still there"
                ),
                C::NotADatabase | C::DatabaseCorrupt => {
                    format!("the store file is not a usable SQLite database: {e}")
                }
                C::CannotOpen | C::PermissionDenied => format!("cannot open the store: {e}"),
                _ => format!("store error: {e}"),
            };
            return Error::Store(msg);
        }
        Error::Store(format!("store error: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
