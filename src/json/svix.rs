//! `svix push --json` and `svix status --json`: the plan that makes the
//! Svix server match the store, step by step.

use serde::Serialize;

use super::ErrorJson;
use crate::error::Error;
use crate::svix::{Action, Kind, Plan, Step};

/// `svix push --json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SvixPushDoc<'a> {
    server: &'a str,
    dry_run: bool,
    /// Whether the server was changed.
    changed: bool,
    steps: Vec<SvixStepJson<'a>>,
    summary: SvixSummary,
}

impl<'a> SvixPushDoc<'a> {
    pub fn of(server: &'a str, dry_run: bool, changed: bool, plan: &'a Plan) -> SvixPushDoc<'a> {
        SvixPushDoc {
            server,
            dry_run,
            changed,
            steps: plan.steps.iter().map(SvixStepJson::of).collect(),
            summary: SvixSummary::of(plan),
        }
    }
}

/// `svix status --json`; `error` is the drift, when the server differs.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SvixStatusDoc<'a> {
    server: &'a str,
    in_sync: bool,
    steps: Vec<SvixStepJson<'a>>,
    summary: SvixSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
}

impl<'a> SvixStatusDoc<'a> {
    pub fn of(server: &'a str, plan: &'a Plan, drift: Option<&Error>) -> SvixStatusDoc<'a> {
        SvixStatusDoc {
            server,
            in_sync: !plan.changes_anything(),
            steps: plan.steps.iter().map(SvixStepJson::of).collect(),
            summary: SvixSummary::of(plan),
            error: drift.map(ErrorJson::from),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SvixStepJson<'a> {
    action: Action,
    kind: Kind,
    api_key: Option<&'a str>,
    name: Option<&'a str>,
    uid: &'a str,
    changes: &'a [&'static str],
}

impl SvixStepJson<'_> {
    fn of(step: &Step) -> SvixStepJson<'_> {
        SvixStepJson {
            action: step.action,
            kind: step.kind,
            api_key: step.api_key.as_deref(),
            name: step.name.as_deref(),
            uid: &step.uid,
            changes: &step.changes,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SvixSummary {
    create: usize,
    update: usize,
    rotate_secret: usize,
    delete: usize,
    unchanged: usize,
    /// Endpoints `--prune` would delete, when it was not given.
    stale: usize,
}

impl SvixSummary {
    fn of(plan: &Plan) -> SvixSummary {
        SvixSummary {
            create: plan.count(Action::Create),
            update: plan.count(Action::Update),
            rotate_secret: plan.count(Action::RotateSecret),
            delete: plan.count(Action::Delete),
            unchanged: plan.count(Action::Unchanged),
            stale: plan.stale,
        }
    }
}
