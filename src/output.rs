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

/// Draws `rows` under `header` exactly as comfy-table draws `table` when it
/// has no terminal to fit and no colours to add (output to a file or a pipe,
/// as in CI), or returns `None` when that is not so or a cell is not
/// printable ASCII. comfy-table allocates its way through every cell: it took
/// some 50 ms of a 10,000-delivery fan-out, a sixth of the run; this takes a
/// few.
pub fn plain_table<const N: usize>(
    table: &mut Table,
    header: &[&str; N],
    rows: &[[String; N]],
) -> Option<String> {
    let printable = |s: &str| s.bytes().all(|b| (b' '..=b'~').contains(&b));
    let plain = !table.should_style()
        && matches!(table.content_arrangement(), ContentArrangement::Disabled)
        && table.current_style_as_preset() == presets::UTF8_FULL_CONDENSED;
    if !plain
        || !header.iter().all(|h| printable(h))
        || !rows.iter().flatten().all(|c| printable(c))
    {
        return None;
    }
    let mut widths = header.map(str::len);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let line_bytes = widths.iter().map(|w| w + 3 * 3).sum::<usize>() + 3;
    let mut out = String::with_capacity(line_bytes * (rows.len() + 4));
    let rule = |out: &mut String, [left, fill, joint, right]: [char; 4]| {
        out.push(left);
        for (i, width) in widths.iter().enumerate() {
            if i > 0 {
                out.push(joint);
            }
            out.extend(std::iter::repeat_n(fill, width + 2));
        }
        out.push(right);
        out.push('\n');
    };
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push('│');
        for (i, (cell, width)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                out.push('┆');
            }
            out.push(' ');
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width - cell.len() + 1));
        }
        out.push_str("│\n");
    };
    rule(&mut out, ['┌', '─', '┬', '┐']);
    line(&mut out, &mut header.iter().copied());
    rule(&mut out, ['╞', '═', '╪', '╡']);
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    rule(&mut out, ['└', '─', '┴', '┘']);
    out.pop();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ColorChoice;

    const HEADER: [&str; 3] = ["webhook", "result", "duration"];

    /// The table `report` starts from, as it is when stdout is no terminal.
    fn plain_output_table(color: ColorChoice) -> Table {
        let mut table = Output::new(false, color).table(&HEADER);
        table.set_content_arrangement(ContentArrangement::Disabled);
        table
    }

    fn rows(cells: &[[&str; 3]]) -> Vec<[String; 3]> {
        cells.iter().map(|r| r.map(str::to_string)).collect()
    }

    #[test]
    fn plain_tables_are_drawn_byte_for_byte_like_comfy_table() {
        let cases = [
            rows(&[["hook-1", "HTTP 200", "3 ms"]]),
            rows(&[
                ["", "", ""],
                [" padded ", "HTTP 503: Service Unavailable", "1200 ms"],
                ["a-much-longer-webhook-name", "x", "0 ms"],
            ]),
            rows(&[["w", "connection refused: tcp connect error", "10001 ms"]]),
        ];
        for rows in cases {
            let mut table = plain_output_table(ColorChoice::Never);
            let drawn = plain_table(&mut table, &HEADER, &rows).expect("a plain table");
            for row in &rows {
                table.add_row(row.iter().map(Cell::new));
            }
            assert_eq!(drawn, table.to_string());
        }
    }

    #[test]
    fn colour_and_text_beyond_ascii_are_left_to_comfy_table() {
        let ascii = rows(&[["hook", "HTTP 200", "1 ms"]]);
        let mut coloured = plain_output_table(ColorChoice::Always);
        assert_eq!(plain_table(&mut coloured, &HEADER, &ascii), None);
        let mut table = plain_output_table(ColorChoice::Never);
        for cell in ["crème", "日本", "tab\there", "two\nlines"] {
            let rows = rows(&[[cell, "HTTP 200", "1 ms"]]);
            assert_eq!(plain_table(&mut table, &HEADER, &rows), None, "{cell:?}");
        }
    }
}
