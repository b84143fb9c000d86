//! The report of hand-offs to a Svix server (`--via svix`) while they go
//! and when they end, and what a dry run would hand off. With `--json`,
//! each hand-off is written as it ends; for people, a table of at most
//! `TABLE_ROWS`, then a summary.

use comfy_table::Cell;
use std::io::BufWriter;

use super::dry_run::print_bodies;
use super::{Column, Output};
use crate::error::Result;
use crate::json::{
    Destination, ErrorJson, HandoffCounts, HandoffDryRunDoc, HandoffHead, HandoffJson, HandoffTail,
    PlannedHandoffCounts, PlannedHandoffJson, PlannedMessage, StreamedList,
};
use crate::store::DeliveryState;
use crate::svix::{HandoffOutcome, HandoffSummary};
use crate::webhook::Recipient;

/// Most rows the table of hand-offs shows.
const TABLE_ROWS: usize = 50;

const EVERY_SUBSCRIBER: &str = "every subscriber";

pub struct HandoffReport<'a> {
    out: &'a Output,
    server: &'a str,
    json: Option<StreamedList>,
    rows: Vec<HandoffOutcome>,
}

impl<'a> HandoffReport<'a> {
    /// Nothing is printed before the first hand-off ends, so that one
    /// refused at its start prints only its error.
    pub fn new(out: &'a Output, server: &'a str) -> HandoffReport<'a> {
        HandoffReport {
            out,
            server,
            json: None,
            rows: Vec::new(),
        }
    }

    fn json_list(&mut self) -> Result<Option<&mut StreamedList>> {
        if self.out.json && self.json.is_none() {
            let stdout = BufWriter::new(std::io::stdout().lock());
            let head = HandoffHead {
                server: self.server,
            };
            self.json = Some(StreamedList::after(stdout, &head, "handOffs")?);
        }
        Ok(self.json.as_mut())
    }

    pub fn on_end(&mut self, outcome: &HandoffOutcome) -> Result<()> {
        if let Some(json) = self.json_list()? {
            return json.push(&HandoffJson::from(outcome));
        }
        if self.rows.len() < TABLE_ROWS {
            self.rows.push(outcome.clone());
        }
        Ok(())
    }

    /// Ends the report: the summary, and the error that ends the command.
    pub fn finish(mut self, summary: &HandoffSummary, verdict: &Result<()>) -> Result<()> {
        self.json_list()?;
        if let Some(json) = self.json {
            self.out.json_printed();
            json.close(&HandoffTail {
                summary: HandoffCounts {
                    total: summary.total,
                    succeeded: summary.succeeded,
                    failed: summary.failed,
                    interrupted: summary.interrupted,
                    not_handed_off: summary.not_handed_off,
                },
                error: verdict.as_ref().err().map(ErrorJson::from),
            })?;
            return Ok(());
        }
        if !self.rows.is_empty() {
            let mut grid = self.out.grid(&[
                Column::keep("id"),
                Column::keep("event"),
                Column::keep("webhook"),
                Column::shrink("result"),
                Column::keep("duration"),
            ]);
            for o in &self.rows {
                let result = grid.verdict(result_text(o), o.state == DeliveryState::Succeeded);
                grid.add(vec![
                    Cell::new(o.delivery_id.map_or("-".to_string(), |id| id.to_string())),
                    Cell::new(o.event),
                    Cell::new(o.webhook.as_ref().map_or(EVERY_SUBSCRIBER, |w| &w.name)),
                    result,
                    Cell::new(format!("{} ms", o.duration_ms)),
                ]);
            }
            self.out.print_grid(&grid)?;
        }
        if self.rows.len() < summary.total {
            self.out.print_line(&format!(
                "… {} more; see `echo3d-hooks deliveries --via svix --json`",
                summary.total - self.rows.len()
            ))?;
        }
        let rest = match summary.not_handed_off {
            0 => String::new(),
            n => format!(", {n} not handed off"),
        };
        self.out.print_line(&format!(
            "{} handed off to the Svix server at {}, which delivers them; {} failed, {} \
             interrupted{rest}, of {}.",
            summary.succeeded,
            self.server,
            summary.failed,
            summary.interrupted,
            summary.total + summary.not_handed_off
        ))
    }
}

fn result_text(o: &HandoffOutcome) -> String {
    match (&o.state, &o.svix_message_id) {
        (DeliveryState::Succeeded, Some(id)) if o.already_accepted => {
            format!("accepted before as {id}; not sent again")
        }
        (DeliveryState::Succeeded, Some(id)) => format!("accepted as {id}"),
        (state, _) => format!(
            "{}: {}",
            state.as_str(),
            o.error.as_deref().unwrap_or("no answer")
        ),
    }
}

/// One message a dry run would hand off.
pub struct PlannedHandoff<'a> {
    pub message: PlannedMessage<'a>,
    /// The store's webhooks the server should deliver it to.
    pub receivers: Vec<Recipient>,
    pub body: &'a [u8],
}

pub fn print_handoff_dry_run(
    out: &Output,
    server: &str,
    planned: &[PlannedHandoff<'_>],
) -> Result<()> {
    let bodies: Vec<String> = planned
        .iter()
        .map(|p| String::from_utf8_lossy(p.body).into_owned())
        .collect();
    let receivers = planned.iter().map(|p| p.receivers.len()).sum::<usize>();
    if out.json {
        let hand_offs = planned
            .iter()
            .zip(&bodies)
            .map(|(p, body)| PlannedHandoffJson {
                message: &p.message,
                receivers: p.receivers.iter().map(Destination::from).collect(),
                body,
            })
            .collect();
        return out.print_json(&HandoffDryRunDoc {
            dry_run: true,
            server,
            hand_offs,
            summary: PlannedHandoffCounts {
                total: planned.len(),
            },
        });
    }
    print_bodies(out, planned.iter().map(|p| p.message.event).zip(&bodies))?;
    let mut grid = out.grid(&[
        Column::keep("id"),
        Column::keep("event"),
        Column::keep("application"),
        Column::keep("channel"),
        Column::shrink("the server should deliver it to"),
    ]);
    for p in planned {
        let names: Vec<&str> = p.receivers.iter().map(|r| r.name.as_str()).collect();
        let m = &p.message;
        grid.add_text([
            m.delivery_id.map_or("-".to_string(), |id| id.to_string()),
            m.event.to_string(),
            m.application.clone(),
            m.channel.clone(),
            names.join(", "),
        ]);
    }
    out.print_grid(&grid)?;
    out.print_line(&format!(
        "Dry run: {} message(s) would be handed off to the Svix server at {server}, for \
         {receivers} webhook(s) of the store; nothing was sent.",
        planned.len()
    ))
}
