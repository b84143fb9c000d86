//! What a dry run prints: the bodies, and where each would go, with the
//! address policy applied as the real run would apply it.

use comfy_table::Cell;

use super::{Column, Output};
use crate::address::AddressPolicy;
use crate::error::Result;
use crate::event::Trigger;
use crate::json::{Destination, DryRunDelivery, DryRunDoc, DryRunSummary};
use crate::webhook::Recipient;

/// One delivery a run would make.
pub struct Planned<'a> {
    /// The logged delivery it sends again, when it is a redelivery.
    pub delivery_id: Option<i64>,
    pub event: Trigger,
    pub recipient: &'a Recipient,
    pub body: &'a [u8],
}

/// Each distinct body once, named by the event of the first that has it:
/// a fan-out sends one body to many webhooks.
pub(super) fn print_bodies<'a>(
    out: &Output,
    bodies: impl Iterator<Item = (Trigger, &'a String)>,
) -> Result<()> {
    let mut shown: Vec<&str> = Vec::new();
    for (event, body) in bodies {
        if !shown.contains(&body.as_str()) {
            shown.push(body);
            out.print_line(&format!(
                "Body of {event} ({} bytes):\n{body}\n",
                body.len()
            ))?;
        }
    }
    Ok(())
}

pub fn print_dry_run(out: &Output, policy: AddressPolicy, planned: &[Planned<'_>]) -> Result<()> {
    let bodies: Vec<String> = planned
        .iter()
        .map(|p| String::from_utf8_lossy(p.body).into_owned())
        .collect();
    let deliveries: Vec<DryRunDelivery<'_>> = planned
        .iter()
        .zip(&bodies)
        .map(|(p, body)| DryRunDelivery {
            delivery_id: p.delivery_id,
            event: p.event,
            destination: Destination::from(p.recipient),
            refused: policy
                .check_url(&p.recipient.url)
                .err()
                .map(|e| e.to_string()),
            body,
        })
        .collect();
    let summary = DryRunSummary {
        total: deliveries.len(),
        refused: deliveries.iter().filter(|d| d.refused.is_some()).count(),
    };
    if out.json {
        return out.print_json(&DryRunDoc {
            dry_run: true,
            deliveries,
            summary,
            error: None,
        });
    }
    print_bodies(out, planned.iter().map(|p| p.event).zip(&bodies))?;
    // A redelivery's rows are logged deliveries: their ids come first.
    let redelivery = deliveries.iter().any(|d| d.delivery_id.is_some());
    let columns = [
        Column::keep("delivery"),
        Column::keep("webhook"),
        Column::keep("webhook id"),
        Column::keep("event"),
        Column::shrink("url"),
        Column::shrink("would be"),
    ];
    let mut grid = out.grid(&columns[usize::from(!redelivery)..]);
    for d in &deliveries {
        let verdict = match &d.refused {
            None => grid.verdict("sent", true),
            Some(why) => grid.verdict(format!("refused: {why}"), false),
        };
        let mut row = vec![
            Cell::new(d.destination.hook_name),
            Cell::new(d.destination.hook_id),
            Cell::new(d.event),
            Cell::new(d.destination.url),
            verdict,
        ];
        if let Some(id) = d.delivery_id.filter(|_| redelivery) {
            row.insert(0, Cell::new(id));
        }
        grid.add(row);
    }
    out.print_grid(&grid)?;
    out.print_line(&format!(
        "Dry run: {} of {} deliveries would be sent, {} refused by the address policy; nothing \
         was sent.",
        summary.total - summary.refused,
        summary.total,
        summary.refused
    ))
}
