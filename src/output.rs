//! How results reach the user: tables (comfy-table) for people, JSON for
//! scripts, colour only when it helps and is wanted.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};

use crate::cli::ColorChoice;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug)]
pub struct Output {
    pub json: bool,
    pub color: bool,
}

impl Output {
    pub fn new(json: bool, choice: ColorChoice) -> Output {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        Output { json, color }
    }

    /// A table with the house style; plain when colour is off.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        // The width is set explicitly because `force_no_tty` (colour off)
        // would otherwise hide the terminal from comfy-table, and a table's
        // fit to the terminal must not depend on colour.
        match terminal_width() {
            Some(width) => {
                table.set_width(width);
                table.set_content_arrangement(ContentArrangement::Dynamic);
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(
            header
                .iter()
                .map(|h| self.styled(Cell::new(h), Attribute::Bold, None)),
        );
        table
    }

    /// A two-column table of fields and values, for one record.
    pub fn record(&self, rows: &[(&str, String)]) -> Table {
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        for (field, value) in rows {
            table.add_row(vec![
                self.styled(Cell::new(field), Attribute::Bold, None),
                Cell::new(value),
            ]);
        }
        table
    }

    /// A cell coloured green for success and red for failure.
    pub fn verdict(&self, text: impl std::fmt::Display, ok: bool) -> Cell {
        let color = if ok { Color::Green } else { Color::Red };
        self.styled(Cell::new(text), Attribute::NormalIntensity, Some(color))
    }

    fn styled(&self, cell: Cell, attr: Attribute, color: Option<Color>) -> Cell {
        if !self.color {
            return cell;
        }
        let cell = cell.add_attribute(attr);
        match color {
            Some(c) => cell.fg(c),
            None => cell,
        }
    }

    pub fn print_table(&self, table: &Table) -> Result<()> {
        self.print_line(&table.to_string())
    }

    pub fn print_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
        self.print_line(&text)
    }

    /// Writes one line to stdout; a closed pipe (`| head`) is not an error.
    pub fn print_line(&self, text: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        match writeln!(out, "{text}").and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Error::Internal(format!("cannot write to stdout: {e}"))),
        }
    }

    /// A warning on stderr, never on stdout, so that it cannot corrupt JSON.
    pub fn warn(&self, text: &str) {
        let prefix = if self.color_stderr() {
            "\x1b[33mwarning:\x1b[0m"
        } else {
            "warning:"
        };
        eprintln!("{prefix} {text}");
    }

    pub fn error(&self, text: &str) {
        let prefix = if self.color_stderr() {
            "\x1b[31merror:\x1b[0m"
        } else {
            "error:"
        };
        eprintln!("{prefix} {text}");
    }

    fn color_stderr(&self) -> bool {
        self.color && std::io::stderr().is_terminal()
    }
}

/// The width of the terminal on stdout, if stdout is a terminal that reports
/// one. A pseudo-terminal nobody sized (as some CI runners allocate) reports
/// 0 columns, and fitting a table into 0 columns would squeeze every column to
/// one character.
fn terminal_width() -> Option<u16> {
    Table::new().width().filter(|w| *w > 0)
}

/// Asks a yes/no question, but only when a person is at a terminal; scripts
/// (no terminal) are never prompted and get `true`.
pub fn confirm(question: &str, assume_yes: bool) -> Result<bool> {
    if assume_yes || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
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
