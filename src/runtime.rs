//! What the commands, which are synchronous, run their network work on: a
//! tokio runtime, and the signals (Ctrl-C, SIGTERM, SIGHUP) that stop the
//! work.

use std::sync::OnceLock;
use tokio::runtime::{Builder, Runtime};
use tokio::signal::unix::{Signal, SignalKind, signal};

use crate::error::{Error, Result};

/// A runtime on the calling thread alone.
pub fn current_thread() -> Result<Runtime> {
    started(&mut Builder::new_current_thread())
}

/// A runtime with `workers` threads of its own.
pub fn multi_thread(workers: usize) -> Result<Runtime> {
    started(Builder::new_multi_thread().worker_threads(workers))
}

fn started(builder: &mut Builder) -> Result<Runtime> {
    builder
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the async runtime: {e}")))
}

/// Ctrl-C, SIGTERM and SIGHUP. Installed inside a runtime; from then on
/// they no longer end the process, and each one is waited for here instead.
/// SIGHUP is a closed terminal or a dropped ssh session: left to its default
/// it would kill a run at once, with its deliveries in flight left pending.
///
/// A SIGHUP that the process was started with ignored (`nohup`) stays
/// ignored: that run was asked to outlive its terminal.
pub struct Signals {
    interrupt: Signal,
    terminate: Signal,
    hangup: Option<Signal>,
}

/// Whether SIGHUP was ignored when the process started, read before the
/// first `Signals` replaces its handler.
fn hangup_ignored_at_start() -> bool {
    static IGNORED: OnceLock<bool> = OnceLock::new();
    *IGNORED.get_or_init(|| {
        // SAFETY: sigaction(2) with no new action only reads the current
        // one into a zeroed struct owned here.
        unsafe {
            let mut current: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGHUP, std::ptr::null(), &mut current) == 0
                && current.sa_sigaction == libc::SIG_IGN
        }
    })
}

impl Signals {
    pub fn install() -> Result<Signals> {
        let installed = |kind| {
            signal(kind).map_err(|e| Error::Internal(format!("cannot watch for signals: {e}")))
        };
        Ok(Signals {
            interrupt: installed(SignalKind::interrupt())?,
            terminate: installed(SignalKind::terminate())?,
            hangup: match hangup_ignored_at_start() {
                true => None,
                false => Some(installed(SignalKind::hangup())?),
            },
        })
    }

    /// Waits for the next Ctrl-C, SIGTERM or SIGHUP.
    pub async fn next(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
            _ = hang_up(&mut self.hangup) => {}
        }
    }

    /// `work`'s output, or `None` when a signal came first.
    pub async fn or_stop<T>(&mut self, work: impl Future<Output = T>) -> Option<T> {
        tokio::select! {
            out = work => Some(out),
            () = self.next() => None,
        }
    }
}

/// The next SIGHUP, or never when it is ignored.
async fn hang_up(hangup: &mut Option<Signal>) {
    match hangup {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}
