//! `events`: the nine triggers, what fires each, and its payload rule.

use serde::Serialize;

use super::Context;
use crate::cli::EventsArgs;
use crate::error::Result;
use crate::event::{Payload, Trigger};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventView {
    name: &'static str,
    fired_when: &'static str,
    payload_rule: String,
    sample: Payload,
}

fn view(t: Trigger) -> EventView {
    EventView {
        name: t.as_str(),
        fired_when: t.fired_when(),
        payload_rule: t.rule_summary(),
        sample: t.sample(),
    }
}

pub fn run(ctx: &Context, args: EventsArgs) -> Result<()> {
    match args.event {
        Some(t) => {
            if ctx.out.json {
                return ctx.out.print_json(&view(t));
            }
            let sample = serde_json::to_string_pretty(&t.sample())
                .expect("a payload of strings always serializes");
            ctx.out.print_line(&format!(
                "{t}\n\nFired when: {}\nPayload rule: {}\n\nSample payload:\n{sample}",
                t.fired_when(),
                t.rule_summary()
            ))
        }
        None => {
            if ctx.out.json {
                let all: Vec<_> = Trigger::ALL.into_iter().map(view).collect();
                return ctx.out.print_json(&all);
            }
            let mut table = ctx.out.table(&["event", "fired when", "payload rule"]);
            for t in Trigger::ALL {
                table.add_row(vec![
                    t.as_str().to_string(),
                    t.fired_when().to_string(),
                    t.rule_summary(),
                ]);
            }
            ctx.out.print_table(&table)
        }
    }
}
