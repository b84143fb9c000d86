//! The report of a run (`fire`, `test`, `redeliver`) while it goes and when
//! it ends. With `--json`, each delivery is written as it ends, so a run of
//! any size needs no more memory for its report. For people, a progress bar
//! while it goes, then a table that is never longer than `TABLE_ROWS`:
//! problems first, the rest in the log.

use comfy_table::Cell;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

use super::{Column, Output};
use crate::clock;
use crate::deliver::{Outcome, RunEvent, RunSummary};
use crate::error::Result;
use crate::json::{ErrorJson, RunCounts, RunDelivery, RunTail, StreamedList};
use crate::store::DeliveryState;

/// Most rows the table of a run shows.
const TABLE_ROWS: usize = 50;

/// The progress bar appears only above this many deliveries.
const PROGRESS_THRESHOLD: usize = 5;

pub struct RunReport<'a> {
    /// When the run began: its deliveries are the log's since then.
    started_ms: i64,
    out: &'a Output,
    json: Option<StreamedList>,
    progress: ProgressBar,
    failed: usize,
    /// What the table will show: deliveries that did not succeed, then
    /// those that did, each kept only up to the table's length.
    problems: Vec<Outcome>,
    successes: Vec<Outcome>,
}

const COLUMNS: [Column; 7] = [
    Column::keep("id"),
    Column::keep("webhook"),
    Column::keep("event"),
    Column::shrink("url"),
    Column::shrink("result"),
    Column::keep("attempts"),
    Column::keep("duration"),
];

impl<'a> RunReport<'a> {
    /// `expected`: how many deliveries the run will have, if known. Nothing
    /// is printed before the first delivery ends, so that a run refused at
    /// its start prints only its error.
    pub fn new(out: &'a Output, expected: Option<usize>) -> RunReport<'a> {
        RunReport {
            out,
            started_ms: clock::now_ms(),
            json: None,
            progress: progress_bar(expected),
            failed: 0,
            problems: Vec::new(),
            successes: Vec::new(),
        }
    }

    fn json_list(&mut self) -> Result<Option<&mut StreamedList>> {
        if self.out.json && self.json.is_none() {
            self.json = Some(StreamedList::open("deliveries")?);
        }
        Ok(self.json.as_mut())
    }

    pub fn on_event(&mut self, event: RunEvent) -> Result<()> {
        let outcome = match event {
            RunEvent::Skipped(why) => {
                self.progress
                    .suspend(|| self.out.warn(&format!("skipped: {why}")));
                return Ok(());
            }
            RunEvent::Finished(outcome) => outcome,
        };
        let ok = outcome.state == DeliveryState::Succeeded;
        if !ok {
            self.failed += 1;
            self.progress.set_message(format!("{} failed", self.failed));
        }
        self.progress.inc(1);
        if let Some(json) = self.json_list()? {
            return json.push(&RunDelivery::from(&outcome));
        }
        let kept = if ok {
            &mut self.successes
        } else {
            &mut self.problems
        };
        if kept.len() < TABLE_ROWS {
            kept.push(outcome);
        }
        Ok(())
    }

    /// Ends the report: the summary, and the error that ends the run, if any.
    pub fn finish(mut self, summary: &RunSummary, verdict: &Result<()>) -> Result<()> {
        self.progress.finish_and_clear();
        self.json_list()?;
        let counts = RunCounts {
            total: summary.total,
            succeeded: summary.succeeded,
            failed: summary.failed,
            interrupted: summary.interrupted,
            skipped: summary.skipped,
        };
        if let Some(json) = self.json {
            self.out.json_printed();
            json.close(&RunTail {
                summary: counts,
                error: verdict.as_ref().err().map(ErrorJson::from),
            })?;
            return Ok(());
        }
        let mut rows = self.problems;
        let mut successes = self.successes;
        if summary.total <= TABLE_ROWS {
            // Small runs read best in the order they were planned.
            rows.append(&mut successes);
            rows.sort_by_key(|o| o.delivery_id.unwrap_or(i64::MAX));
        } else {
            rows.sort_by_key(|o| o.delivery_id.unwrap_or(i64::MAX));
            successes.sort_by_key(|o| o.delivery_id.unwrap_or(i64::MAX));
            rows.append(&mut successes);
            rows.truncate(TABLE_ROWS);
        }
        if !rows.is_empty() {
            let mut grid = self.out.grid(&COLUMNS);
            for o in &rows {
                let result = grid.verdict(o.result_text(), o.state == DeliveryState::Succeeded);
                grid.add(vec![
                    Cell::new(o.delivery_id.map_or("-".to_string(), |id| id.to_string())),
                    Cell::new(&o.hook_name),
                    Cell::new(o.event),
                    Cell::new(&o.url),
                    result,
                    Cell::new(o.attempts),
                    Cell::new(format!("{} ms", o.duration_ms)),
                ]);
            }
            self.out.print_grid(&grid)?;
        }
        if rows.len() < summary.total {
            self.out.print_line(&format!(
                "… {} more; `echo3d-hooks deliveries --since {} --limit {}` lists them all",
                summary.total - rows.len(),
                clock::format_ms(self.started_ms),
                summary.total
            ))?;
        }
        let skipped = match summary.skipped {
            0 => String::new(),
            n => format!("; {n} skipped (see the warnings)"),
        };
        self.out.print_line(&format!(
            "{} delivered, {} failed, {} interrupted, of {}{skipped}.",
            summary.succeeded, summary.failed, summary.interrupted, summary.total
        ))?;
        if self.out.verbose {
            eprintln!("{}", log_line(summary));
        }
        Ok(())
    }
}

/// `-v`'s account of the delivery log: its rows and commits, and its
/// thread's CPU, the log's own apart from reading the deliveries (the
/// benchmark reads this line).
fn log_line(summary: &RunSummary) -> String {
    let log = summary.log;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let cpu = log.cpu.map_or("unknown".to_string(), |cpu| {
        let own = cpu.saturating_sub(log.reading);
        let per = own.as_secs_f64() * 1e6 / log.rows.max(1) as f64;
        format!(
            "{:.1} ms for the log ({per:.1} µs a row), {:.1} ms reading the deliveries",
            ms(own),
            ms(log.reading)
        )
    });
    format!(
        "delivery log: {} rows in {} commits; CPU of its thread: {cpu}",
        log.rows, log.commits
    )
}

fn progress_bar(expected: Option<usize>) -> ProgressBar {
    let total = expected.unwrap_or(0);
    if total <= PROGRESS_THRESHOLD || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} finished, {msg} ({elapsed})")
    {
        bar.set_style(style);
    }
    bar.set_message("0 failed");
    bar
}
