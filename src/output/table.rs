//! Tables for people. On a terminal: boxed, fitted to its width, with ids,
//! names, times and statuses never broken and long text cut to one line
//! with `…` (whole with `-v`). Anywhere else (a file, a pipe, a CI log):
//! plain aligned columns without box-drawing, as `kubectl` and `gh` print
//! them, so that `grep` and `awk` work and nothing is cut.

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Row, Table, Width, presets,
};

/// The narrowest a column of free text gets on a narrow terminal: enough
/// for a few letters and the `…`.
const MIN_SHRUNK_WIDTH: usize = 4;

/// The most a column of free text insists on when the terminal is narrow: a
/// longer header may then take two lines.
const MAX_SHRUNK_FLOOR: usize = 5;

/// A cell's padding, which comfy-table counts in a column's width.
const PADDING: usize = 2;

use super::Output;

/// A column, and whether it may be cut to fit the terminal.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    /// Long free text (a URL, a description, a result): may wrap or be cut.
    pub shrinks: bool,
}

impl Column {
    /// Never broken: an id, a name, a time, a status, a number.
    pub const fn keep(title: &'static str) -> Column {
        Column {
            title,
            shrinks: false,
        }
    }

    pub const fn shrink(title: &'static str) -> Column {
        Column {
            title,
            shrinks: true,
        }
    }
}

pub struct Grid {
    table: Table,
    color: bool,
    /// Rows are cut to one line (on a terminal, unless verbose).
    one_line: bool,
    plain: bool,
}

impl Output {
    /// A table with these columns, styled for where stdout goes.
    pub fn grid(&self, columns: &[Column]) -> Grid {
        let mut grid = self.empty_grid();
        let header: Vec<Cell> = columns
            .iter()
            .map(|c| {
                let title = if grid.plain {
                    c.title.to_uppercase()
                } else {
                    c.title.to_string()
                };
                grid.styled(Cell::new(title), Attribute::Bold, None)
            })
            .collect();
        grid.table.set_header(header);
        for (column, spec) in grid.table.column_iter_mut().zip(columns) {
            // A column that shrinks keeps room for most of its header, so
            // that a narrow terminal cuts its text rather than stacking the
            // header a letter a line.
            let title = spec.title.chars().count();
            let floor = (title.clamp(MIN_SHRUNK_WIDTH, MAX_SHRUNK_FLOOR) + PADDING) as u16;
            column.set_constraint(match spec.shrinks {
                true => ColumnConstraint::LowerBoundary(Width::Fixed(floor)),
                false => ColumnConstraint::ContentWidth,
            });
        }
        grid
    }

    /// A two-column table of fields and values, for one record.
    pub fn record(&self, rows: &[(&str, String)]) -> Grid {
        let mut grid = self.empty_grid();
        for (field, value) in rows {
            let field = grid.styled(Cell::new(field), Attribute::Bold, None);
            grid.table.add_row(vec![field, Cell::new(value)]);
        }
        if let Some(column) = grid.table.column_mut(0) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
        grid
    }

    fn empty_grid(&self) -> Grid {
        let mut table = Table::new();
        let width = terminal_width();
        let plain = width.is_none();
        match width {
            Some(width) => {
                table.load_preset(presets::UTF8_FULL_CONDENSED);
                // Set explicitly because `force_no_tty` (colour off) would
                // otherwise hide the terminal from comfy-table, and a table's
                // fit must not depend on colour.
                table.set_width(width);
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_truncation_indicator("…");
            }
            None => {
                table.load_preset(presets::NOTHING);
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        Grid {
            table,
            color: self.color,
            one_line: !plain && !self.verbose,
            plain,
        }
    }
}

impl Grid {
    pub fn add(&mut self, cells: Vec<Cell>) {
        let mut row = Row::from(cells);
        if self.one_line {
            row.max_height(1);
        }
        self.table.add_row(row);
    }

    /// A row of plain text cells.
    pub fn add_text<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.add(cells.into_iter().map(|c| Cell::new(c.into())).collect());
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

    pub fn render(&self) -> String {
        let text = self.table.to_string();
        if !self.plain {
            return text;
        }
        // Plain columns are padded to their width; the last one's padding is
        // trailing space, and the first one's a margin nobody wants.
        text.lines()
            .map(trim_plain_line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A plain line without its margin and trailing padding, which sit inside
/// a styled cell's colour codes when it has them.
fn trim_plain_line(line: &str) -> String {
    let codes = codes_len(line);
    let rest = &line[codes..];
    let mut body = format!(
        "{}{}",
        &line[..codes],
        rest.strip_prefix(' ').unwrap_or(rest)
    );
    // Codes that end the line go after the padding they follow.
    let mut tail = String::new();
    loop {
        body.truncate(body.trim_end_matches(' ').len());
        let Some(at) = body.rfind("\x1b[") else {
            break;
        };
        if body[at..].find('m') != Some(body.len() - at - 1) {
            break;
        }
        tail.insert_str(0, &body[at..]);
        body.truncate(at);
    }
    body + &tail
}

/// The length of the colour codes (`ESC [ … m`) at the start of `text`.
fn codes_len(text: &str) -> usize {
    let mut len = 0;
    while text[len..].starts_with("\x1b[") {
        match text[len..].find('m') {
            Some(m) => len += m + 1,
            None => break,
        }
    }
    len
}

/// The width of the terminal on stdout, if stdout is a terminal that reports
/// one. A pseudo-terminal nobody sized (as some CI runners allocate) reports
/// 0 columns, and fitting a table into 0 columns would squeeze every column
/// to one character.
fn terminal_width() -> Option<u16> {
    Table::new().width().filter(|w| *w > 0)
}

#[cfg(test)]
mod tests {
    use super::trim_plain_line;

    #[test]
    fn styled_plain_lines_trim_like_unstyled_ones() {
        assert_eq!(trim_plain_line(" name  id  "), "name  id");
        assert_eq!(
            trim_plain_line("\x1b[1m name  \x1b[0m\x1b[1m id  \x1b[0m"),
            "\x1b[1mname  \x1b[0m\x1b[1m id\x1b[0m"
        );
        assert_eq!(
            trim_plain_line("a  \x1b[32m yes     \x1b[0m"),
            "a  \x1b[32m yes\x1b[0m"
        );
    }
}
