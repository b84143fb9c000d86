//! `schema`: the payloads as JSON Schema, or as an OpenAPI 3.1 document.
//! The document is the output with or without `--json`; its types live in
//! `crate::schema`, since the documents are the contract itself.

use super::Context;
use crate::cli::{SchemaArgs, SchemaFormat};
use crate::error::Result;
use crate::event::Trigger;
use crate::schema;

pub fn run(ctx: &Context, args: SchemaArgs) -> Result<()> {
    let event: Option<Trigger> = args.event.as_deref().map(str::parse).transpose()?;
    match (args.format, event) {
        (SchemaFormat::JsonSchema, Some(t)) => ctx.out.print_json(&schema::payload_schema(t, true)),
        (SchemaFormat::JsonSchema, None) => ctx.out.print_json(&schema::all_events_schema()),
        (SchemaFormat::Openapi, Some(t)) => ctx.out.print_json(&schema::openapi(&[t])),
        (SchemaFormat::Openapi, None) => ctx.out.print_json(&schema::openapi(&Trigger::ALL)),
    }
}
