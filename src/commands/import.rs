//! `import`: make the store match a document written by `export`, in one
//! transaction. Webhooks are matched by collection and name.

use comfy_table::Cell;
use std::collections::{HashMap, HashSet};

use super::Context;
use crate::cli::ImportArgs;
use crate::document::{Document, HookSpec, MAX_DOCUMENT_BYTES};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::input::Source;
use crate::json::{ImportCounts, ImportDoc, ImportStep};
use crate::output::{Column, confirm_or_stop};
use crate::store::{HookFilter, HookPatch, HooksTx, NewSecret, NewWebhook};
use crate::validate;
use crate::webhook::Webhook;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    Update,
    Delete,
    Unchanged,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug)]
struct Step {
    action: Action,
    api_key: String,
    name: String,
    /// The fields that change, for updates.
    changes: Vec<&'static str>,
    spec: Option<CheckedSpec>,
    existing_id: Option<String>,
}

/// A document entry that passed every rule `add` applies.
#[derive(Debug, Clone)]
struct CheckedSpec {
    name: String,
    api_key: ApiKey,
    url: String,
    description: String,
    triggers: Vec<Trigger>,
    enabled: bool,
    secret: Option<String>,
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    let source = Source {
        path: &args.file,
        what: "the document",
    };
    let shown = source_name(&args.file);
    let doc = Document::parse(&source.read(MAX_DOCUMENT_BYTES)?, &shown)?;
    let specs = check_document(ctx, &doc).map_err(|e| Error::invalid(format!("{shown}: {e}")))?;
    let store = ctx.store()?;
    let filter = HookFilter {
        event: None,
        api_key: doc.api_key.as_deref().map(ApiKey::parse).transpose()?,
    };
    let planned = plan(&specs, &store.list_hooks(&filter)?, args.prune);
    if args.dry_run {
        return report(ctx, &planned, true);
    }
    let deletes = planned
        .iter()
        .filter(|s| s.action == Action::Delete)
        .count();
    if deletes > 0 {
        confirm_or_stop(
            &format!("The import deletes {deletes} webhook(s) that are not in {shown}. Go on?"),
            args.yes,
            "nothing was imported",
        )?;
    }
    // Planned again inside the write transaction, so that no other process
    // can change the store between reading it and applying the plan.
    let applied = store.with_hooks_tx(|tx| {
        let plan = plan(&specs, &store.list_hooks(&filter)?, args.prune);
        apply(tx, &plan)?;
        Ok(plan)
    })?;
    report(ctx, &applied, false)
}

/// How error messages name the document's source.
fn source_name(source: &str) -> String {
    if source == "-" {
        "stdin".to_string()
    } else {
        source.to_string()
    }
}

/// Applies `add`'s rules to every entry; the first bad one stops the import
/// with its index, name and the rule.
fn check_document(ctx: &Context, doc: &Document) -> Result<Vec<CheckedSpec>> {
    let mut seen = HashSet::new();
    doc.webhooks
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let checked = check_spec(ctx, doc, spec)
                .map_err(|e| Error::invalid(format!("webhooks[{i}] ({:?}): {e}", spec.name)))?;
            if !seen.insert((checked.api_key.clone(), checked.name.clone())) {
                return Err(Error::invalid(format!(
                    "webhooks[{i}] ({:?}): the name appears twice in collection {}; names are \
                     unique within a collection",
                    spec.name, spec.api_key
                )));
            }
            Ok(checked)
        })
        .collect()
}

fn check_spec(ctx: &Context, doc: &Document, spec: &HookSpec) -> Result<CheckedSpec> {
    validate::name(&spec.name)?;
    let api_key = ApiKey::parse(&spec.api_key)?;
    validate::description(&spec.description)?;
    if let Some(scope) = &doc.api_key
        && scope != &spec.api_key
    {
        return Err(Error::invalid(format!(
            "its apiKey {} is outside the document's collection {scope}",
            spec.api_key
        )));
    }
    let url = ctx.policy.check_url(&spec.url)?;
    let triggers = validate::triggers(&spec.triggers)?;
    if let Some(secret) = &spec.secret {
        let valid = secret.starts_with("whsec_")
            && secret.len() > "whsec_".len()
            && crate::signing::Signer::new(secret).is_some();
        if !valid {
            return Err(Error::invalid(
                "its secret is not a Standard Webhooks secret (whsec_ followed by base64)",
            ));
        }
    }
    Ok(CheckedSpec {
        name: spec.name.clone(),
        api_key,
        url: url.to_string(),
        description: spec.description.clone(),
        triggers,
        enabled: spec.enabled,
        secret: spec.secret.clone(),
    })
}

fn plan(specs: &[CheckedSpec], existing: &[Webhook], prune: bool) -> Vec<Step> {
    let by_key: HashMap<(&str, &str), &Webhook> = existing
        .iter()
        .map(|h| ((h.api_key.as_str(), h.name.as_str()), h))
        .collect();
    let mut steps: Vec<Step> = specs
        .iter()
        .map(|spec| {
            let current = by_key.get(&(spec.api_key.as_str(), spec.name.as_str()));
            let (action, changes, existing_id) = match current {
                None => (Action::Create, Vec::new(), None),
                Some(h) => {
                    let changes = changed_fields(spec, h);
                    let action = if changes.is_empty() {
                        Action::Unchanged
                    } else {
                        Action::Update
                    };
                    (action, changes, Some(h.id.clone()))
                }
            };
            Step {
                action,
                api_key: spec.api_key.to_string(),
                name: spec.name.clone(),
                changes,
                spec: Some(spec.clone()),
                existing_id,
            }
        })
        .collect();
    if prune {
        let wanted: HashSet<(&str, &str)> = specs
            .iter()
            .map(|s| (s.api_key.as_str(), s.name.as_str()))
            .collect();
        for h in existing {
            if !wanted.contains(&(h.api_key.as_str(), h.name.as_str())) {
                steps.push(Step {
                    action: Action::Delete,
                    api_key: h.api_key.clone(),
                    name: h.name.clone(),
                    changes: Vec::new(),
                    spec: None,
                    existing_id: Some(h.id.clone()),
                });
            }
        }
    }
    steps
}

fn changed_fields(spec: &CheckedSpec, h: &Webhook) -> Vec<&'static str> {
    let mut changes = Vec::new();
    if spec.url != h.url {
        changes.push("url");
    }
    if spec.description != h.description {
        changes.push("description");
    }
    if spec.triggers != h.triggers {
        changes.push("triggers");
    }
    if spec.enabled != h.enabled {
        changes.push("enabled");
    }
    // A document without secrets keeps the stored ones.
    if spec.secret.as_ref().is_some_and(|s| *s != h.secret) {
        changes.push("secret");
    }
    changes
}

fn apply(tx: &HooksTx<'_>, plan: &[Step]) -> Result<()> {
    for step in plan {
        match (step.action, &step.spec, &step.existing_id) {
            (Action::Create, Some(spec), _) => {
                tx.insert(&NewWebhook {
                    api_key: spec.api_key.clone(),
                    name: spec.name.clone(),
                    url: spec.url.clone(),
                    description: spec.description.clone(),
                    triggers: spec.triggers.clone(),
                    secret: spec.secret.clone(),
                    enabled: spec.enabled,
                })?;
            }
            (Action::Update, Some(spec), Some(id)) => {
                tx.update(
                    id,
                    &HookPatch {
                        name: None,
                        url: Some(spec.url.clone()),
                        description: Some(spec.description.clone()),
                        triggers: Some(spec.triggers.clone()),
                        enabled: Some(spec.enabled),
                        secret: spec.secret.clone().map(|secret| NewSecret {
                            secret,
                            grace_ms: 0,
                        }),
                    },
                )?;
            }
            (Action::Delete, _, Some(id)) => tx.delete(id)?,
            _ => {}
        }
    }
    Ok(())
}

fn report(ctx: &Context, plan: &[Step], dry_run: bool) -> Result<()> {
    let count = |a: Action| plan.iter().filter(|s| s.action == a).count();
    let summary = ImportCounts {
        create: count(Action::Create),
        update: count(Action::Update),
        delete: count(Action::Delete),
        unchanged: count(Action::Unchanged),
    };
    if ctx.out.json {
        let steps = plan
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
    if !plan.is_empty() {
        let mut grid = ctx.out.grid(&[
            Column::keep("action"),
            Column::keep("collection"),
            Column::keep("name"),
            Column::shrink("changes"),
        ]);
        for s in plan {
            grid.add(vec![
                Cell::new(s.action.as_str()),
                Cell::new(&s.api_key),
                Cell::new(&s.name),
                Cell::new(s.changes.join(", ")),
            ]);
        }
        ctx.out.print_grid(&grid)?;
    }
    ctx.out.print_line(&format!(
        "{}{} created, {} updated, {} deleted, {} unchanged.",
        if dry_run {
            "Dry run, nothing written: "
        } else {
            ""
        },
        summary.create,
        summary.update,
        summary.delete,
        summary.unchanged
    ))
}
