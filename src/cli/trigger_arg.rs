//! Trigger names as command-line values: the nine are clap's possible values,
//! so that help lists them and shell completions offer them, while parsing
//! stays `Trigger`'s own: case-insensitive, with a "did you mean" suggestion.

use clap::builder::{PossibleValue, TypedValueParser};
use std::ffi::OsStr;

use crate::error::Error;
use crate::event::Trigger;

/// The value parser of every argument that takes a trigger. Its refusal
/// carries the tool's own error, which `main` reports with the tool's message
/// and exit code (3, invalid input) rather than as a usage error.
#[derive(Clone, Copy, Debug)]
pub struct TriggerParser;

impl TypedValueParser for TriggerParser {
    type Value = Trigger;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Trigger, clap::Error> {
        let parse: fn(&str) -> Result<Trigger, Error> = str::parse;
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Trigger::ALL.iter().map(|t| PossibleValue::new(t.as_str())),
        ))
    }
}
