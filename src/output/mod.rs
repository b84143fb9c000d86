//! How results reach the user: tables for people, JSON for scripts (its
//! documents are `crate::json`'s), messages on stderr, colour only when it
//! helps and is wanted, and questions only when a person can answer them.

mod dry_run;
mod handoffs;
mod listing;
mod received;
mod run_report;
mod table;
mod webhook;

pub use dry_run::{Planned, print_dry_run};
pub use handoffs::{HandoffReport, PlannedHandoff, print_handoff_dry_run};
pub use listing::ListingLayout;
pub use received::{answer_text, forward_text, payload_text, signature_text};
pub use run_report::RunReport;
pub use table::{Column, Grid};
pub use webhook::print_webhook;

use serde::Serialize;
use std::cell::Cell as Flag;
use std::io::{IsTerminal, Write};

use crate::error::{Error, Result};

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorMode {
    /// When stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    Always,
    Never,
}

/// What a message on stderr is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Warning,
    Error,
}

pub struct Output {
    pub json: bool,
    pub color: bool,
    /// Show long values whole instead of cutting them to fit the terminal.
    pub verbose: bool,
    /// Whether a JSON document is on stdout already, so that a failure adds
    /// none of its own.
    printed_json: Flag<bool>,
    /// Documents are JSON Lines, one compact line each (`listen --json`),
    /// so that an error before the first line is a line too.
    json_lines: Flag<bool>,
}

impl Output {
    pub fn new(json: bool, color: ColorMode, verbose: bool) -> Output {
        let color = match color {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Output {
            json,
            color,
            verbose,
            printed_json: Flag::new(false),
            json_lines: Flag::new(false),
        }
    }

    /// From now on every JSON document is one compact line.
    pub fn use_json_lines(&self) {
        self.json_lines.set(true);
    }

    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = match self.json_lines.get() {
            true => serde_json::to_string(value),
            false => serde_json::to_string_pretty(value),
        }
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
        self.printed_json.set(true);
        self.print_line(&text)
    }

    /// Notes that a JSON document was written to stdout some other way (a
    /// streamed one).
    pub fn json_printed(&self) {
        self.printed_json.set(true);
    }

    pub fn has_printed_json(&self) -> bool {
        self.printed_json.get()
    }

    /// Writes one line to stdout; a closed pipe (`| head`) is not an error.
    pub fn print_line(&self, text: &str) -> Result<()> {
        self.print_bytes(format!("{text}\n").as_bytes())
    }

    /// Writes `bytes` to stdout as they are, with nothing after them.
    pub fn print_bytes(&self, bytes: &[u8]) -> Result<()> {
        let mut out = std::io::stdout().lock();
        match out.write_all(bytes).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Error::Internal(format!("cannot write to stdout: {e}"))),
        }
    }

    pub fn print_grid(&self, grid: &Grid) -> Result<()> {
        self.print_line(&grid.render())
    }

    /// A message on stderr, never on stdout, so that it cannot corrupt JSON.
    pub fn message(&self, level: Level, text: &str) {
        let (prefix, colour) = match level {
            Level::Warning => ("warning:", "33"),
            Level::Error => ("error:", "31"),
        };
        if self.color && std::io::stderr().is_terminal() {
            eprintln!("\x1b[{colour}m{prefix}\x1b[0m {text}");
        } else {
            eprintln!("{prefix} {text}");
        }
    }

    pub fn warn(&self, text: &str) {
        self.message(Level::Warning, text);
    }
}

/// Whether `confirm` would ask: only when a person is at a terminal and
/// `--yes` was not given.
pub fn will_ask(assume_yes: bool) -> bool {
    !assume_yes && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a yes/no question, but only when a person is at a terminal; scripts
/// (no terminal) are never prompted and get `true`.
pub fn confirm(question: &str, assume_yes: bool) -> Result<bool> {
    if !will_ask(assume_yes) {
        return Ok(true);
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Error::Internal(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// `confirm`, with a refusal as the error that says nothing was done.
pub fn confirm_or_stop(question: &str, assume_yes: bool, nothing_done: &str) -> Result<()> {
    if confirm(question, assume_yes)? {
        Ok(())
    } else {
        Err(Error::Declined(format!("not confirmed; {nothing_done}")))
    }
}

/// `n` things, in the right number: `1 delivery`, `3 deliveries`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}
