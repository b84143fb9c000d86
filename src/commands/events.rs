//! `events`: the nine triggers, what fires each, and its payload rule.

use super::Context;
use crate::cli::EventsArgs;
use crate::error::Result;
use crate::event::{ApiKey, Trigger};
use crate::json::{EventDoc, EventJson, EventsDoc};
use crate::output::Column;

pub fn run(ctx: &Context, args: EventsArgs) -> Result<()> {
    match args.event {
        Some(t) if args.sample => {
            // The bytes alone, with no newline after them: a file made from
            // them is the body `test` sends, and signs the same.
            let sample = match &args.api_key {
                Some(key) => t.sample_for(&ApiKey::parse(key)?),
                None => t.sample(),
            };
            ctx.out.print_bytes(&sample.to_body())
        }
        Some(t) => {
            if ctx.out.json {
                return ctx.out.print_json(&EventDoc { event: t.into() });
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
                let events = Trigger::ALL.into_iter().map(EventJson::from).collect();
                return ctx.out.print_json(&EventsDoc { events });
            }
            let mut grid = ctx.out.grid(&[
                Column::keep("event"),
                Column::shrink("fired when"),
                Column::shrink("payload rule"),
            ]);
            for t in Trigger::ALL {
                grid.add_text([
                    t.as_str().to_string(),
                    t.fired_when().to_string(),
                    t.rule_summary(),
                ]);
            }
            ctx.out.print_grid(&grid)
        }
    }
}
