//! What a dry run prints: the bodies, and where each would go, with the
//! address policy applied as the real run would apply it.

use comfy_table::Cell;

use super::{Column, Output};
use crate::address::AddressPolicy;
use crate::error::Result;
use crate::event::Trigger;
use crate::json::{DryRunDelivery, DryRunDoc, DryRunSummary};
use crate::webhook::Recipient;

/// One delivery a run would make.
pub struct Planned<'a> {
    /// The logged delivery it sends again, when it is a redelivery.
    pub delivery_id: Option<i64>,
    pub event: Trigger,
    pub recipient: &'a Recipient,
    pub body: &'a [u8],
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
            hook_id: &p.recipient.id,
            hook_name: &p.recipient.name,
            url: &p.recipient.url,
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
    let mut shown: Vec<&str> = Vec::new();
    for (d, body) in deliveries.iter().zip(&bodies) {
        if !shown.contains(&body.as_str()) {
            shown.push(body);
            out.print_line(&format!(
                "Body of {} ({} bytes):\n{body}\n",
                d.event,
                body.len()
            ))?;
        }
    }
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
            Cell::new(d.hook_name),
            Cell::new(d.hook_id),
            Cell::new(d.event),
            Cell::new(d.url),
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
