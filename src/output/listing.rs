//! The listings the store streams (`list`, `deliveries`, `received`): with
//! `--json`, a document holding the list under its key, written a row at a
//! time so that a long history never has to fit in memory; for people, a
//! table, or a line that says nothing matched.

use comfy_table::Cell;

use super::{Column, Grid, Output};
use crate::error::Result;
use crate::json::StreamedList;
use crate::store::{Listing, Store};

/// How the rows of a listing are printed.
pub struct ListingLayout<'a, T> {
    /// The key the JSON document holds the list under.
    pub key: &'static str,
    pub json: fn(&mut StreamedList, &T) -> Result<()>,
    pub columns: &'a [Column],
    pub cells: fn(&Grid, &T) -> Vec<Cell>,
    /// What is printed instead of a table without rows.
    pub empty: &'a str,
}

impl Output {
    /// Prints the rows of `filter`; returns how many the table has, or
    /// `None` for JSON.
    pub fn print_listing<L: Listing>(
        &self,
        store: &Store,
        filter: &L,
        layout: &ListingLayout<'_, L::Row>,
    ) -> Result<Option<usize>> {
        if self.json {
            let mut doc = StreamedList::open(layout.key)?;
            store.for_each(filter, |row| (layout.json)(&mut doc, row))?;
            self.json_printed();
            doc.close(&serde_json::Map::new())?;
            return Ok(None);
        }
        let mut grid = self.grid(layout.columns);
        let mut rows = 0;
        store.for_each(filter, |row| {
            rows += 1;
            let cells = (layout.cells)(&grid, row);
            grid.add(cells);
            Ok(())
        })?;
        match rows {
            0 => self.print_line(layout.empty)?,
            _ => self.print_grid(&grid)?,
        }
        Ok(Some(rows))
    }
}

impl Output {
    /// After a table that filled `--limit`: there may be rows it left out.
    pub fn note_limit(&self, shown: Option<usize>, limit: u32) -> Result<()> {
        if shown != Some(limit as usize) {
            return Ok(());
        }
        self.print_line(&format!(
            "The newest {limit}; there may be more (`--limit` shows up to 100,000)."
        ))
    }
}
