//! `import`: make the store match a document written by `export`, in one
//! transaction. Webhooks are matched by collection and name.

use comfy_table::Cell;

use super::Context;
use crate::cli::ImportArgs;
use crate::document::plan::{self, Action, Plan};
use crate::document::{Document, MAX_DOCUMENT_BYTES};
use crate::error::{Error, Result};
use crate::input::Source;
use crate::json::{ImportCounts, ImportDoc, ImportStep};
use crate::output::{Column, confirm_or_stop, will_ask};

/// Most steps the table of a plan shows; `--json` lists them all.
const TABLE_ROWS: usize = 50;

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    let source = Source {
        path: &args.file,
        what: "the document",
    };
    let shown = if args.file == "-" {
        "stdin".to_string()
    } else {
        args.file.clone()
    };
    let doc = Document::parse(&source.read(MAX_DOCUMENT_BYTES)?, &shown)?;
    let checked =
        plan::check(doc, ctx.policy).map_err(|e| Error::invalid(format!("{shown}: {e}")))?;
    let store = ctx.store()?;
    if args.dry_run {
        return report(ctx, &Plan::make(&store, &checked, args.prune)?, true);
    }
    store.require_writable()?;
    // The question is asked before the write lock is taken, so that a
    // person thinking it over does not hold up other processes.
    if args.prune && will_ask(args.yes) {
        let deletes = Plan::make(&store, &checked, true)?.count(Action::Delete);
        if deletes > 0 {
            confirm_or_stop(
                &format!("The import deletes {deletes} webhook(s) that are not in {shown}. Go on?"),
                args.yes,
                "nothing was imported",
            )?;
        }
    }
    // Planned inside the write transaction, so that no other process can
    // change the store between reading it and applying the plan.
    let applied = store.with_hooks_tx(|tx| {
        let plan = Plan::make(&store, &checked, args.prune)?;
        plan.apply(tx, &checked)?;
        Ok(plan)
    })?;
    report(ctx, &applied, false)
}

fn report(ctx: &Context, plan: &Plan, dry_run: bool) -> Result<()> {
    let summary = ImportCounts {
        create: plan.count(Action::Create),
        update: plan.count(Action::Update),
        delete: plan.count(Action::Delete),
        unchanged: plan.count(Action::Unchanged),
    };
    if ctx.out.json {
        let steps = plan
            .steps
            .iter()
            .map(|s| ImportStep {
                action: s.action.as_str(),
                api_key: &s.api_key,
                name: &s.name,
                changes: &s.changes,
            })
            .collect();
        return ctx.out.print_json(&ImportDoc {
            dry_run,
            steps,
            summary,
        });
    }
    // The steps that change something first; a large import is summed up.
    let mut shown: Vec<_> = plan
        .steps
        .iter()
        .filter(|s| s.action != Action::Unchanged)
        .chain(plan.steps.iter().filter(|s| s.action == Action::Unchanged))
        .take(TABLE_ROWS)
        .collect();
    shown.sort_by_key(|s| (&s.api_key, &s.name));
    if !shown.is_empty() {
        let mut grid = ctx.out.grid(&[
            Column::keep("action"),
            Column::keep("collection"),
            Column::keep("name"),
            Column::shrink("changes"),
        ]);
        for s in &shown {
            grid.add(vec![
                Cell::new(s.action.as_str()),
                Cell::new(&s.api_key),
                Cell::new(&s.name),
                Cell::new(s.changes.join(", ")),
            ]);
        }
        ctx.out.print_grid(&grid)?;
    }
    if shown.len() < plan.steps.len() {
        ctx.out.print_line(&format!(
            "… {} more; `--json` lists every step",
            plan.steps.len() - shown.len()
        ))?;
    }
    let dry = if dry_run {
        "Dry run, nothing written: "
    } else {
        ""
    };
    ctx.out.print_line(&format!(
        "{dry}{} created, {} updated, {} deleted, {} unchanged.",
        summary.create, summary.update, summary.delete, summary.unchanged
    ))
}
