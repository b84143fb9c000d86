//! The run engine: sends deliveries with bounded concurrency, signed
//! (Standard Webhooks), retried, each attempt recorded in the delivery log
//! before and after it goes out. Its inputs are plain: the store, the
//! delivery options (with the address policy), and a source of deliveries;
//! it reports each delivery's outcome as it ends.
//!
//! A run, from flags to wire to log: `source` yields deliveries a chunk at a
//! time; `log_writer` records their rows and queues them; `sending` takes
//! them from the queue and makes each `attempt`; the writer commits the
//! attempts and reports outcomes; `run` holds the threads and signals.

mod attempt;
mod attempt_result;
mod client;
mod delivery;
mod log_writer;
mod network_error;
mod resolver;
pub mod retry;
mod run;
mod sending;
pub mod source;

use std::path::PathBuf;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::address::AddressPolicy;
use crate::error::{Error, Result};

pub use client::{ClientConfig, USER_AGENT, check_settings, start as client_setup, tls_config_for};
pub use delivery::{Delivery, History, Outcome, describe};
pub use network_error::{describe as network_error_text, network_failure};
pub use run::{RunSummary, run};
pub use source::{DeliverySource, FanOut, Listed, RedeliveryRules, Unfinished, redelivery};

/// How deliveries are sent.
#[derive(Clone, Debug)]
pub struct DeliveryOptions {
    pub concurrency: usize,
    /// Limit of one attempt: connecting, sending, reading the response.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
    pub max_retry_after: Duration,
    pub policy: AddressPolicy,
    /// More trusted certificates (PEM), besides the system's roots.
    pub ca_cert: Option<PathBuf>,
    pub proxy: Option<String>,
}

/// What a run reports while it goes.
#[derive(Debug)]
pub enum RunEvent {
    /// One delivery ended, and its end is in the log.
    Finished(Outcome),
    /// A delivery that matched cannot be sent, and why.
    Skipped(String),
}

/// Stops a run: `soft` stops starting deliveries and retries; `hard`, after
/// the grace period, abandons the attempts still in flight.
#[derive(Clone, Default)]
pub struct Stop {
    pub soft: CancellationToken,
    pub hard: CancellationToken,
}

impl RunSummary {
    /// The run as the exit code sees it: interrupted (130), lost to a bug
    /// (1), the log unwritable (6), any delivery failed (7), or all well.
    pub fn verdict(&self) -> Result<()> {
        if let Some(e) = &self.log_error {
            return Err(Error::Store(e.to_string()));
        }
        let (total, failed) = (self.total, self.failed);
        if self.signalled {
            let rest = match self.interrupted {
                1 => "the other one is".to_string(),
                n => format!("the other {n} are"),
            };
            return Err(Error::Interrupted(format!(
                "interrupted: {} of {total} deliveries finished ({failed} failed); {rest} marked \
                 interrupted in the log (`echo3d-hooks redeliver --failed` sends them again)",
                self.succeeded + failed,
            )));
        }
        if self.lost > 0 {
            return Err(Error::Internal(format!(
                "{} of {total} deliveries stopped on an internal error; they are marked \
                 interrupted in the log",
                self.lost
            )));
        }
        if failed > 0 {
            return Err(Error::DeliveryFailed(format!(
                "{failed} of {total} deliveries failed (see `echo3d-hooks deliveries --failed`)"
            )));
        }
        Ok(())
    }
}
