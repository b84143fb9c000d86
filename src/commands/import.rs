//! `import`: make the store match a document written by `export`, in one
//! transaction. Webhooks are matched by collection and name.

use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::Context;
use super::export::{Document, FORMAT_VERSION, HookSpec};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::event::Trigger;
use crate::store::{HookFilter, HookPatch, HooksTx, NewWebhook};
use crate::validate;
use crate::webhook::Webhook;

/// Largest document accepted.
const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Action {
    Create,
    Update,
    Delete,
    Unchanged,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Step {
    action: Action,
    api_key: String,
    name: String,
    /// The fields that change, for updates.
    changes: Vec<&'static str>,
    #[serde(skip)]
    spec: Option<CheckedSpec>,
    #[serde(skip)]
    existing_id: Option<String>,
}

/// A document entry that passed every rule `add` applies.
#[derive(Debug, Clone)]
struct CheckedSpec {
    name: String,
    api_key: String,
    url: String,
    description: String,
    triggers: Vec<Trigger>,
    enabled: bool,
    secret: Option<String>,
}

pub fn run(ctx: &Context, args: ImportArgs) -> Result<()> {
    let doc = read_document(&args.file)?;
    let specs = check_document(ctx, &doc)
        .map_err(|e| Error::invalid(format!("{}: {e}", source_name(&args.file))))?;
    let store = ctx.store()?;
    let filter = HookFilter {
        event: None,
        api_key: doc.api_key.clone(),
    };
    let plan = if args.dry_run {
        plan(&specs, &store.list_hooks(&filter)?, args.prune)
    } else {
        // Planned inside the write transaction, so that no other process can
        // change the store between reading it and applying the plan.
        store.with_hooks_tx(|tx| {
            let plan = plan(&specs, &store.list_hooks(&filter)?, args.prune);
            apply(tx, &plan)?;
            Ok(plan)
        })?
    };
    report(ctx, &plan, args.dry_run)
}

/// How error messages name the document's source.
fn source_name(source: &str) -> String {
    if source == "-" {
        "stdin".to_string()
    } else {
        source.to_string()
    }
}

fn read_document(source: &str) -> Result<Document> {
    let shown = source_name(source);
    let reader: Box<dyn Read> = if source == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(source)
                .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?,
        )
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::invalid(format!(
            "{shown} is larger than the limit of {MAX_DOCUMENT_BYTES} bytes"
        )));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::invalid(format!(
            "{shown} is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid(format!("{shown} is not JSON: {e}")))?;
    if !value.is_object() {
        return Err(Error::invalid(format!(
            "{shown} is not an echo3d-hooks export: expected an object with version, apiKey \
             and webhooks"
        )));
    }
    // The version first: another version's fields are not errors, its version is.
    match value.get("version") {
        None => {
            return Err(Error::invalid(format!(
                "{shown} is not an echo3d-hooks export: it has no `version` field"
            )));
        }
        Some(v) if v.as_u64() != Some(u64::from(FORMAT_VERSION)) => {
            return Err(Error::invalid(format!(
                "{shown} has format version {v}; this echo3d-hooks reads version {FORMAT_VERSION}"
            )));
        }
        Some(_) => {}
    }
    let doc: Document = serde_path_to_error::deserialize(&value).map_err(|e| {
        Error::invalid(format!(
            "{shown}: {}{}",
            entry_of(&value, e.path()),
            e.inner()
        ))
    })?;
    Ok(doc)
}

/// Where a format error is, for people: `webhooks[2] ("crm"): field `url`: `
/// when it is inside an entry, else the field's path.
fn entry_of(value: &serde_json::Value, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    match segments.as_slice() {
        [Segment::Map { key }, Segment::Seq { index }, rest @ ..] if key == "webhooks" => {
            let name = value[key][*index]["name"]
                .as_str()
                .map(|n| format!(" ({n:?})"))
                .unwrap_or_default();
            let mut field = String::new();
            for segment in rest {
                if !field.is_empty() && !matches!(segment, Segment::Seq { .. }) {
                    field.push('.');
                }
                field.push_str(&segment.to_string());
            }
            if !field.is_empty() {
                field = format!("field `{field}`: ");
            }
            format!("webhooks[{index}]{name}: {field}")
        }
        [] | [Segment::Unknown] => String::new(),
        _ => format!("field `{path}`: "),
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
    validate::api_key(&spec.api_key)?;
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
            && standardwebhooks::Webhook::new(secret).is_ok()
            && secret.len() > "whsec_".len();
        if !valid {
            return Err(Error::invalid(
                "its secret is not a Standard Webhooks secret (whsec_ followed by base64)",
            ));
        }
    }
    Ok(CheckedSpec {
        name: spec.name.clone(),
        api_key: spec.api_key.clone(),
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
                api_key: spec.api_key.clone(),
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
                        secret: spec.secret.clone(),
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
    let summary = format!(
        "{}{} created, {} updated, {} deleted, {} unchanged.",
        if dry_run {
            "Dry run, nothing written: "
        } else {
            ""
        },
        count(Action::Create),
        count(Action::Update),
        count(Action::Delete),
        count(Action::Unchanged)
    );
    if ctx.out.json {
        return ctx.out.print_json(&serde_json::json!({
            "dryRun": dry_run,
            "steps": plan,
            "summary": {
                "create": count(Action::Create),
                "update": count(Action::Update),
                "delete": count(Action::Delete),
                "unchanged": count(Action::Unchanged),
            }
        }));
    }
    if !plan.is_empty() {
        let mut table = ctx.out.table(&["action", "collection", "name", "changes"]);
        for s in plan {
            let action = serde_json::to_value(s.action)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            table.add_row(vec![
                action,
                s.api_key.clone(),
                s.name.clone(),
                s.changes.join(", "),
            ]);
        }
        ctx.out.print_table(&table)?;
    }
    ctx.out.print_line(&summary)
}
