//! The comparison of the store with a Svix server: one step per event type
//! to create, per application, and per endpoint (create, update,
//! rotate-secret, delete or unchanged). Pure: reading and applying are
//! elsewhere, so a dry run and `status` show exactly what a push would do.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

use super::api::{ApplicationIn, EndpointIn, EndpointOut, EventTypeIn, Metadata};
use super::desired::{Desired, DesiredCollection, DesiredEndpoint};
use super::mapping::{self, WEBHOOK_NAME_KEY, is_managed};
use super::remote::{Remote, RemoteApp};
use crate::error::{Error, Result};

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Create,
    Update,
    RotateSecret,
    Delete,
    Unchanged,
}

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    EventType,
    Application,
    Endpoint,
}

/// One step of the plan: what it is about, and the change it makes.
#[derive(Debug)]
pub struct Step {
    pub action: Action,
    pub kind: Kind,
    /// The collection; unknown for an application whose collection has left
    /// the store (only the hash of its key is on the server).
    pub api_key: Option<String>,
    /// The webhook's name for endpoints, the event type's for event types.
    pub name: Option<String>,
    pub uid: String,
    /// The fields an update changes.
    pub changes: Vec<&'static str>,
    pub(super) change: Change,
}

/// What applying a step sends to the server.
#[derive(Debug)]
pub(super) enum Change {
    Nothing,
    CreateEventType(EventTypeIn),
    CreateApplication(ApplicationIn),
    CreateEndpoint {
        app: String,
        body: EndpointIn,
    },
    UpdateEndpoint {
        app: String,
        endpoint: String,
        body: EndpointIn,
    },
    RotateSecret {
        app: String,
        endpoint: String,
        key: String,
    },
    DeleteEndpoint {
        app: String,
        endpoint: String,
    },
}

#[derive(Debug, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Endpoints the tool created whose webhooks have left the store, when
    /// the plan was made without pruning: `--prune` would delete them.
    pub stale: usize,
}

impl Plan {
    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }

    /// Whether applying the plan would change the server.
    pub fn changes_anything(&self) -> bool {
        self.steps.iter().any(|s| s.action != Action::Unchanged)
    }
}

/// Compares `desired` with `remote`. Refuses when an application or endpoint
/// with one of our uids exists but was not created by the tool: it is not
/// ours to change.
pub fn plan(desired: &Desired, remote: &Remote, prune: bool) -> Result<Plan> {
    let mut plan = Plan::default();
    for event_type in mapping::event_types() {
        if !remote.event_types.contains(&event_type.name) {
            plan.steps.push(Step {
                action: Action::Create,
                kind: Kind::EventType,
                api_key: None,
                name: Some(event_type.name.clone()),
                uid: event_type.name.clone(),
                changes: Vec::new(),
                change: Change::CreateEventType(event_type),
            });
        }
    }
    let apps = by_uid(&remote.apps, |a| a.app.uid.as_deref());
    for collection in &desired.collections {
        let existing = apps.get(collection.app.uid.as_str()).copied();
        plan_collection(&mut plan, collection, existing)?;
    }
    let known: HashMap<&str, &DesiredCollection> = desired
        .collections
        .iter()
        .map(|c| (c.app.uid.as_str(), c))
        .collect();
    for app in remote.apps.iter().filter(|a| is_managed(&a.app.metadata)) {
        let collection = app.app.uid.as_deref().and_then(|u| known.get(u)).copied();
        plan_stale(&mut plan, app, collection, prune);
    }
    Ok(plan)
}

/// `items` by their uid, which is how the store's side finds its match on
/// the server; an item without one matches nothing.
fn by_uid<'a, T>(
    items: &'a [T],
    uid: impl Fn(&'a T) -> Option<&'a str>,
) -> HashMap<&'a str, &'a T> {
    items
        .iter()
        .filter_map(|item| uid(item).map(|u| (u, item)))
        .collect()
}

fn plan_collection(
    plan: &mut Plan,
    collection: &DesiredCollection,
    existing: Option<&RemoteApp>,
) -> Result<()> {
    let uid = collection.app.uid.clone();
    let app_step = |action, change| Step {
        action,
        kind: Kind::Application,
        api_key: Some(collection.api_key.clone()),
        name: None,
        uid: uid.clone(),
        changes: Vec::new(),
        change,
    };
    let Some(existing) = existing else {
        plan.steps.push(app_step(
            Action::Create,
            Change::CreateApplication(collection.app.clone()),
        ));
        for endpoint in &collection.endpoints {
            plan.steps
                .push(endpoint_step(collection, endpoint, None, &uid));
        }
        return Ok(());
    };
    if !is_managed(&existing.app.metadata) {
        return Err(not_ours("application", &uid, None));
    }
    plan.steps
        .push(app_step(Action::Unchanged, Change::Nothing));
    let endpoints = by_uid(&existing.endpoints, |e| e.endpoint.uid.as_deref());
    for endpoint in &collection.endpoints {
        let found = endpoints.get(endpoint.body.uid.as_str()).copied();
        if let Some(found) = found
            && !is_managed(&found.endpoint.metadata)
        {
            return Err(not_ours("endpoint", &endpoint.body.uid, Some(&uid)));
        }
        let found = found.map(|f| (&f.endpoint, f.secret.as_deref()));
        plan.steps
            .push(endpoint_step(collection, endpoint, found, &existing.app.id));
        if let Some((have, Some(secret))) = found {
            let key = endpoint.body.secret.as_deref().unwrap_or_default();
            if !mapping::same_secret(key, secret) {
                plan.steps.push(Step {
                    action: Action::RotateSecret,
                    kind: Kind::Endpoint,
                    api_key: Some(collection.api_key.clone()),
                    name: Some(endpoint.hook_name.clone()),
                    uid: endpoint.body.uid.clone(),
                    changes: vec!["secret"],
                    change: Change::RotateSecret {
                        app: existing.app.id.clone(),
                        endpoint: have.id.clone(),
                        key: key.to_string(),
                    },
                });
            }
        }
    }
    Ok(())
}

/// The create, update or unchanged step of one endpoint (its secret is
/// compared separately: it changes through its own call).
fn endpoint_step(
    collection: &DesiredCollection,
    endpoint: &DesiredEndpoint,
    found: Option<(&EndpointOut, Option<&str>)>,
    app: &str,
) -> Step {
    let (action, changes, change) = match found {
        None => (
            Action::Create,
            Vec::new(),
            Change::CreateEndpoint {
                app: app.to_string(),
                body: endpoint.body.clone(),
            },
        ),
        Some((have, _)) => {
            let changes = differences(&endpoint.body, have);
            if changes.is_empty() {
                (Action::Unchanged, changes, Change::Nothing)
            } else {
                let change = Change::UpdateEndpoint {
                    app: app.to_string(),
                    endpoint: have.id.clone(),
                    body: endpoint.body.clone(),
                };
                (Action::Update, changes, change)
            }
        }
    };
    Step {
        action,
        kind: Kind::Endpoint,
        api_key: Some(collection.api_key.clone()),
        name: Some(endpoint.hook_name.clone()),
        uid: endpoint.body.uid.clone(),
        changes,
        change,
    }
}

/// The fields of an endpoint that differ from what the webhook wants.
fn differences(want: &EndpointIn, have: &EndpointOut) -> Vec<&'static str> {
    let event_types: BTreeSet<&String> = want.event_types.iter().collect();
    let subscribed: Option<BTreeSet<&String>> = have.subscribed().map(|t| t.iter().collect());
    let channels: BTreeSet<&String> = want.channels.iter().collect();
    let taken: BTreeSet<&String> = have.channels.iter().flatten().collect();
    let name = |m: &Metadata| m.get(WEBHOOK_NAME_KEY).cloned();
    let rest = |m: &Metadata| {
        let mut m = m.clone();
        m.remove(WEBHOOK_NAME_KEY);
        m
    };
    let fields = [
        ("url", want.url != have.url),
        ("description", want.description != have.description),
        ("enabled", want.disabled != have.disabled),
        ("triggers", subscribed.as_ref() != Some(&event_types)),
        ("channels", channels != taken),
        ("name", name(&want.metadata) != name(&have.metadata)),
        ("metadata", rest(&want.metadata) != rest(&have.metadata)),
    ];
    fields
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
}

/// The tool's endpoints in `app` that no stored webhook accounts for:
/// deletes when pruning, else counted as stale.
fn plan_stale(
    plan: &mut Plan,
    app: &RemoteApp,
    collection: Option<&DesiredCollection>,
    prune: bool,
) {
    let wanted: BTreeSet<&str> = collection
        .map(|c| c.endpoints.iter().map(|e| e.body.uid.as_str()).collect())
        .unwrap_or_default();
    for remote in &app.endpoints {
        let endpoint = &remote.endpoint;
        let ours = is_managed(&endpoint.metadata);
        let stored = endpoint.uid.as_deref().is_some_and(|u| wanted.contains(u));
        if !ours || stored {
            continue;
        }
        if !prune {
            plan.stale += 1;
            continue;
        }
        plan.steps.push(Step {
            action: Action::Delete,
            kind: Kind::Endpoint,
            api_key: collection.map(|c| c.api_key.clone()),
            name: endpoint.metadata.get(WEBHOOK_NAME_KEY).cloned(),
            uid: endpoint.uid.clone().unwrap_or_else(|| endpoint.id.clone()),
            changes: Vec::new(),
            change: Change::DeleteEndpoint {
                app: app.app.id.clone(),
                endpoint: endpoint.id.clone(),
            },
        });
    }
}

fn not_ours(what: &str, uid: &str, app: Option<&str>) -> Error {
    let place = app
        .map(|a| format!(" in application {a}"))
        .unwrap_or_default();
    Error::Conflict(format!(
        "the Svix server has an {what} with uid {uid}{place} that echo3d-hooks did not create \
         (its metadata has no {}={}); it is left alone and nothing was changed. Remove it, or \
         tag it with that metadata if it is indeed this tool's",
        mapping::MANAGED_BY_KEY,
        mapping::MANAGED_BY
    ))
}
