//! `received replay`: recorded requests sent again to the user's app, one
//! at a time, in order. Each is signed afresh (its original signature is
//! long outside any receiver's tolerance), under its original `webhook-id`
//! so that the app's de-duplication is exercised, or a new one.
//!
//! Replays do not go through the delivery engine: their target is an app
//! named on the command line, not a stored webhook, so they have no place
//! in the delivery log (whose rows `redeliver` would try to send again to a
//! webhook), and a developer replaying to a local app wants each answer at
//! once rather than retries with backoff.

use bytes::Bytes;

use super::outbound::{Outbound, Sent, signed_headers};
use crate::clock;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::runtime;
use crate::signing::Signer;
use crate::store::ReceivedRow;
use crate::webhook::MessageIds;

/// One recorded request, ready to be sent again.
#[derive(Clone, Debug)]
pub struct PlannedReplay {
    pub received_id: i64,
    pub message_id: String,
    pub event: Option<Trigger>,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

pub struct Replayer {
    pub outbound: Outbound,
    pub signer: Signer,
    /// A fresh `webhook-id` for each replay instead of the original.
    pub new_id: bool,
    ids: MessageIds,
}

impl Replayer {
    pub fn new(outbound: Outbound, signer: Signer, new_id: bool) -> Replayer {
        Replayer {
            outbound,
            signer,
            new_id,
            ids: MessageIds::new(),
        }
    }

    /// The request as it will be sent, signed now. Refused when only part
    /// of its body was kept.
    pub fn plan(&mut self, row: &ReceivedRow) -> Result<PlannedReplay> {
        let request = &row.request;
        if !request.body_complete() {
            return Err(Error::invalid(format!(
                "received request {} cannot be replayed: its body was {} bytes, and only the \
                 first {} were kept",
                row.id,
                request.body_size,
                request.body.len()
            )));
        }
        let message_id = match (&request.message_id, self.new_id) {
            (Some(id), false) => id.clone(),
            _ => self.ids.next(),
        };
        let content_type = content_type(&request.headers);
        let headers = signed_headers(
            &content_type,
            &message_id,
            &self.signer,
            &request.body,
            clock::now_ms() / 1000,
        );
        Ok(PlannedReplay {
            received_id: row.id,
            message_id,
            event: request.event,
            headers,
            body: request.body.clone(),
        })
    }

    /// Plans and sends each row in turn, calling `each` with its result.
    pub fn replay_all(
        &mut self,
        rows: &[ReceivedRow],
        each: &mut dyn FnMut(&PlannedReplay, &Sent) -> Result<()>,
    ) -> Result<()> {
        let runtime = runtime::current_thread()?;
        for row in rows {
            let plan = self.plan(row)?;
            let sent = runtime.block_on(self.outbound.post(&plan.headers, plan.body.clone()));
            each(&plan, &sent)?;
        }
        Ok(())
    }
}

/// The content type the request came with, or JSON's.
fn content_type(header_lines: &str) -> String {
    header_lines
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-type"))
        .map_or_else(
            || "application/json".to_string(),
            |(_, value)| value.trim().to_string(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_type_is_kept() {
        assert_eq!(
            content_type("host: x\nContent-Type: application/json; charset=utf-8\n"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("host: x\n"), "application/json");
    }
}
