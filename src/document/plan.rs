//! What importing a document changes: each entry checked against the rules
//! `add` applies, then matched with the stored webhooks by collection and
//! name. Both sides are taken in that order and merged, so a plan for
//! 100,000 webhooks holds the document's entries and a line per step, never
//! the store's webhooks as well.

use std::collections::HashSet;

use super::{Document, HookSpec};
use crate::address::AddressPolicy;
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::signing::Secret;
use crate::store::{HookFilter, HookPatch, HooksTx, NewSecret, NewWebhook, Store};
use crate::validate;
use crate::webhook::Webhook;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    Unchanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
        }
    }
}

/// A document entry that passed every rule `add` applies.
#[derive(Debug)]
pub struct CheckedSpec {
    name: String,
    api_key: ApiKey,
    url: String,
    description: String,
    triggers: Vec<Trigger>,
    enabled: bool,
    secret: Option<String>,
}

/// The document's entries, checked, in collection and name order.
pub struct Checked {
    /// The collection the document covers, or `None` for all.
    pub scope: Option<ApiKey>,
    specs: Vec<CheckedSpec>,
}

/// Checks every entry; the first bad one stops the import with its index,
/// name and the rule it broke.
pub fn check(doc: Document, policy: AddressPolicy) -> Result<Checked> {
    let scope = doc
        .api_key
        .as_deref()
        .map(|key| document_key(key, "the document's top-level apiKey"))
        .transpose()?;
    let mut seen = HashSet::new();
    let mut specs = Vec::with_capacity(doc.webhooks.len());
    for (i, spec) in doc.webhooks.into_iter().enumerate() {
        let name = spec.name.clone();
        let checked = check_spec(spec, scope.as_ref(), policy)
            .map_err(|e| Error::invalid(format!("webhooks[{i}] ({name:?}): {e}")))?;
        if !seen.insert((checked.api_key.clone(), checked.name.clone())) {
            return Err(Error::invalid(format!(
                "webhooks[{i}] ({name:?}): the name appears twice in collection {}; names are \
                 unique within a collection",
                checked.api_key
            )));
        }
        specs.push(checked);
    }
    specs
        .sort_unstable_by(|a, b| (a.api_key.as_str(), &a.name).cmp(&(b.api_key.as_str(), &b.name)));
    Ok(Checked { scope, specs })
}

/// An API key read from a document; the flags' advice (`--api-key`,
/// `ECHO3D_API_KEY`) would not fix an empty one.
fn document_key(key: &str, field: &str) -> Result<ApiKey> {
    if key.is_empty() {
        return Err(Error::invalid(format!(
            "{field} is empty; it must be the collection's API key"
        )));
    }
    ApiKey::parse(key)
}

fn check_spec(
    spec: HookSpec,
    scope: Option<&ApiKey>,
    policy: AddressPolicy,
) -> Result<CheckedSpec> {
    validate::name(&spec.name)?;
    let api_key = document_key(&spec.api_key, "its apiKey")?;
    validate::description(&spec.description)?;
    if let Some(scope) = scope
        && *scope != api_key
    {
        return Err(Error::invalid(format!(
            "its apiKey {api_key} is outside the document's collection {scope}"
        )));
    }
    let url = policy.check_url(&spec.url)?;
    let triggers = validate::triggers(&spec.triggers)?;
    if let Some(secret) = &spec.secret {
        Secret::parse(secret).map_err(|e| Error::invalid(format!("its secret: {e}")))?;
    }
    Ok(CheckedSpec {
        name: spec.name,
        api_key,
        url: url.to_string(),
        description: spec.description,
        triggers,
        enabled: spec.enabled,
        secret: spec.secret,
    })
}

/// One step of a plan.
#[derive(Debug)]
pub struct Step {
    pub action: Action,
    pub api_key: String,
    pub name: String,
    /// The fields that change, for updates.
    pub changes: Vec<&'static str>,
    /// The entry it comes from (all but deletes), by its place in `Checked`.
    spec: Option<usize>,
    existing_id: Option<String>,
}

/// The steps that make the store match the document, in collection and name
/// order.
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    /// Matches the entries with the stored webhooks in the document's scope;
    /// with `prune`, a stored webhook the document does not name is deleted.
    pub fn make(store: &Store, checked: &Checked, prune: bool) -> Result<Plan> {
        let specs = &checked.specs;
        let mut steps = Vec::with_capacity(specs.len());
        let mut next = 0;
        let filter = HookFilter {
            event: None,
            api_key: checked.scope.clone(),
        };
        store.for_each(&filter, |hook| {
            let key = (hook.api_key.as_str(), hook.name.as_str());
            // Entries before this stored webhook are new.
            while next < specs.len() && spec_key(&specs[next]) < key {
                steps.push(Step::create(&specs[next], next));
                next += 1;
            }
            if next < specs.len() && spec_key(&specs[next]) == key {
                steps.push(Step::compare(&specs[next], next, hook));
                next += 1;
            } else if prune {
                steps.push(Step::delete(hook));
            }
            Ok(())
        })?;
        steps.extend((next..specs.len()).map(|i| Step::create(&specs[i], i)));
        Ok(Plan { steps })
    }

    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }

    /// Applies every step, inside the caller's transaction.
    pub fn apply(&self, tx: &HooksTx<'_>, checked: &Checked) -> Result<()> {
        for step in &self.steps {
            let spec = step.spec.map(|i| &checked.specs[i]);
            match (step.action, spec, &step.existing_id) {
                (Action::Create, Some(spec), _) => tx.insert(&NewWebhook {
                    api_key: spec.api_key.clone(),
                    name: spec.name.clone(),
                    url: spec.url.clone(),
                    description: spec.description.clone(),
                    triggers: spec.triggers.clone(),
                    secret: spec.secret.clone(),
                    enabled: spec.enabled,
                })?,
                (Action::Update, Some(spec), Some(id)) => tx.update(id, &patch_of(spec))?,
                (Action::Delete, _, Some(id)) => tx.delete(id)?,
                _ => {}
            }
        }
        Ok(())
    }
}

fn spec_key(spec: &CheckedSpec) -> (&str, &str) {
    (spec.api_key.as_str(), spec.name.as_str())
}

/// An import sets every field the entry has; a secret it sets replaces the
/// stored one at once, since the document is what receivers are given.
fn patch_of(spec: &CheckedSpec) -> HookPatch {
    HookPatch {
        name: None,
        url: Some(spec.url.clone()),
        description: Some(spec.description.clone()),
        triggers: Some(spec.triggers.clone()),
        enabled: Some(spec.enabled),
        secret: spec.secret.clone().map(|secret| NewSecret {
            secret,
            grace_ms: 0,
        }),
    }
}

impl Step {
    fn create(spec: &CheckedSpec, index: usize) -> Step {
        Step {
            action: Action::Create,
            api_key: spec.api_key.to_string(),
            name: spec.name.clone(),
            changes: Vec::new(),
            spec: Some(index),
            existing_id: None,
        }
    }

    fn compare(spec: &CheckedSpec, index: usize, hook: &Webhook) -> Step {
        let changes = changed_fields(spec, hook);
        Step {
            action: match changes.is_empty() {
                true => Action::Unchanged,
                false => Action::Update,
            },
            api_key: hook.api_key.clone(),
            name: hook.name.clone(),
            changes,
            spec: Some(index),
            existing_id: Some(hook.id.clone()),
        }
    }

    fn delete(hook: &Webhook) -> Step {
        Step {
            action: Action::Delete,
            api_key: hook.api_key.clone(),
            name: hook.name.clone(),
            changes: Vec::new(),
            spec: None,
            existing_id: Some(hook.id.clone()),
        }
    }
}

fn changed_fields(spec: &CheckedSpec, h: &Webhook) -> Vec<&'static str> {
    let fields = [
        ("url", spec.url != h.url),
        ("description", spec.description != h.description),
        ("triggers", spec.triggers != h.triggers),
        ("enabled", spec.enabled != h.enabled),
        // A document without secrets keeps the stored ones.
        (
            "secret",
            spec.secret.as_ref().is_some_and(|s| *s != h.secret),
        ),
    ];
    fields
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
}
