//! How the writer ends what a run will not send: a stop leaves deliveries
//! queued and in the source, and a sending task that dies leaves the ones it
//! held; each still gets exactly one outcome, and its row says why.

use super::{QUEUE_AHEAD, Writer, new_row};
use crate::deliver::RunEvent;
use crate::deliver::delivery::{Delivery, History, NOT_STARTED, Outcome};
use crate::store::NewDelivery;

impl Writer {
    /// Stops queueing, and ends as interrupted every delivery that was
    /// queued but not taken, and every one the source still holds.
    pub(super) fn end_unsent(&mut self) {
        if self.queue.take().is_none() && self.taken.is_empty() {
            return;
        }
        let mut left = Vec::new();
        while let Ok(queued) = self.taken.try_recv() {
            self.in_flight.remove(&queued.id);
            left.push(queued);
        }
        let ids: Vec<i64> = left.iter().map(|q| q.id).collect();
        if self.error.is_none()
            && let Err(e) = self.store.mark_interrupted(&ids, NOT_STARTED)
        {
            self.fail(e);
        }
        for q in left {
            let _ = self.events.send(RunEvent::Finished(Outcome::unsent(
                &q.delivery,
                Some(q.id),
                NOT_STARTED,
            )));
        }
        self.drain_source();
    }

    /// Ends what the source never handed over: its rows are written as
    /// interrupted (while the log can be written), chunk by chunk.
    pub(super) fn drain_source(&mut self) {
        loop {
            let chunk = match self.source.next_chunk(QUEUE_AHEAD) {
                Ok(chunk) => chunk,
                Err(e) => return self.fail(e),
            };
            if chunk.deliveries.is_empty() {
                return;
            }
            let new: Vec<NewDelivery<'_>> = chunk
                .deliveries
                .iter()
                .filter(|d| d.history == History::New)
                .map(new_row)
                .collect();
            let mut ids = match self.error {
                None => self
                    .store
                    .insert_interrupted(&new, &mut self.run_rows, NOT_STARTED),
                Some(_) => Ok(Vec::new()),
            }
            .unwrap_or_else(|e| {
                self.fail(e);
                Vec::new()
            })
            .into_iter();
            self.report_unsent(chunk.deliveries, |d| match d.history {
                History::New => ids.next(),
                History::Logged { id, .. } => Some(id),
            });
        }
    }

    pub(super) fn report_unsent(
        &self,
        deliveries: Vec<Delivery>,
        mut id_of: impl FnMut(&Delivery) -> Option<i64>,
    ) {
        let why = match &self.error {
            None => NOT_STARTED.to_string(),
            Some(_) => "not sent: the delivery log could not be written".to_string(),
        };
        for d in deliveries {
            let id = id_of(&d);
            let _ = self
                .events
                .send(RunEvent::Finished(Outcome::unsent(&d, id, &why)));
        }
    }

    /// Deliveries a sender took and never ended: a sending task stopped on
    /// a bug. They are marked interrupted so that `redeliver` can finish them.
    pub(super) fn end_lost(&mut self) -> usize {
        const LOST: &str = "stopped on an internal error before it finished";
        let lost: Vec<(i64, Delivery)> = self
            .in_flight
            .drain()
            .map(|(id, f)| (id, f.delivery))
            .collect();
        let ids: Vec<i64> = lost.iter().map(|(id, _)| *id).collect();
        if !ids.is_empty()
            && self.error.is_none()
            && let Err(e) = self.store.mark_interrupted(&ids, LOST)
        {
            self.fail(e);
        }
        for (id, d) in &lost {
            let _ = self
                .events
                .send(RunEvent::Finished(Outcome::unsent(d, Some(*id), LOST)));
        }
        lost.len()
    }
}
