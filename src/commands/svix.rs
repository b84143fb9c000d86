//! `svix push` and `svix status`: make a Svix server match the store, or
//! show how it differs. The store is only read; the server is only changed
//! by `push` without `--dry-run`.

use tokio::runtime::Runtime;

use super::Context;
use crate::cli::{SvixAction, SvixArgs, SvixConnectionArgs, SvixPushArgs, SvixStatusArgs};
use crate::error::{Error, Result};
use crate::event::ApiKey;
use crate::json::{SvixPushDoc, SvixStatusDoc};
use crate::output::Column;
use crate::output::confirm;
use crate::runtime;
use crate::store::HookFilter;
use crate::svix::{self, Action, ClientOptions, Desired, Kind, Plan, Remote, SvixClient};

pub fn run(ctx: &Context, args: SvixArgs) -> Result<()> {
    match args.action {
        SvixAction::Push(args) => push(ctx, args),
        SvixAction::Status(args) => status(ctx, args),
    }
}

/// The store's side and the server's, read for one command.
struct Sides {
    client: SvixClient,
    runtime: Runtime,
    desired: Desired,
    remote: Remote,
}

/// Reads the store, refuses secrets Svix would refuse (before any request),
/// then reads the server.
fn read_sides(
    ctx: &Context,
    api_key: Option<&str>,
    connection: &SvixConnectionArgs,
) -> Result<Sides> {
    let scope = api_key.map(ApiKey::parse).transpose()?;
    // Where the server is and the token are checked before the store is
    // opened, so that a refusal leaves no new store behind.
    let options = ClientOptions {
        ca_cert: connection.ca_cert.as_deref(),
        retries: connection.retries,
        backoff: connection.backoff,
        ..ClientOptions::default()
    };
    let client = svix::connect(
        connection.server.svix_url.as_deref(),
        connection.server.svix_token_file.as_deref(),
        &options,
    )?;
    let hooks = ctx.store()?.list(&HookFilter {
        event: None,
        api_key: scope,
    })?;
    let desired = Desired::from_hooks(&hooks, api_key)?;
    // The requests go one after another, so one thread is enough.
    let runtime = runtime::current_thread()?;
    let remote = runtime.block_on(svix::read_remote(&client, &desired))?;
    Ok(Sides {
        client,
        runtime,
        desired,
        remote,
    })
}

fn push(ctx: &Context, args: SvixPushArgs) -> Result<()> {
    let sides = read_sides(ctx, args.api_key.as_deref(), &args.connection)?;
    let plan = svix::plan(&sides.desired, &sides.remote, args.prune)?;
    let server = sides.client.base_url();
    if !args.dry_run {
        let deletes: Vec<&str> = plan
            .steps
            .iter()
            .filter(|s| s.action == Action::Delete)
            .map(|s| s.name.as_deref().unwrap_or(&s.uid))
            .collect();
        let question = format!(
            "Delete {} endpoint(s) from the Svix server at {server}: {}?",
            deletes.len(),
            deletes.join(", ")
        );
        if !deletes.is_empty() && !confirm(&question, args.yes)? {
            return Err(Error::invalid(
                "not confirmed; nothing was changed on the Svix server",
            ));
        }
        sides.runtime.block_on(svix::apply(&sides.client, &plan))?;
    }
    if plan.stale > 0 {
        ctx.out.warn(&format!(
            "{} endpoint(s) that echo3d-hooks created on the Svix server belong to webhooks no \
             longer in the store; `echo3d-hooks svix push --prune` deletes them",
            plan.stale
        ));
    }
    if ctx.out.json {
        let changed = !args.dry_run && plan.changes_anything();
        return ctx
            .out
            .print_json(&SvixPushDoc::of(server, args.dry_run, changed, &plan));
    }
    print_steps(ctx, &plan)?;
    let counts = summary_text(&plan, args.dry_run);
    let line = match (plan.changes_anything(), args.dry_run) {
        (false, _) => format!(
            "Nothing to change: the Svix server at {server} already matches the store ({}).",
            sizes(&plan)
        ),
        (true, true) => {
            format!("Dry run, nothing changed on the Svix server at {server}: {counts}.")
        }
        (true, false) => format!("Pushed to the Svix server at {server}: {counts}."),
    };
    ctx.out.print_line(&line)
}

fn status(ctx: &Context, args: SvixStatusArgs) -> Result<()> {
    let sides = read_sides(ctx, args.api_key.as_deref(), &args.connection)?;
    // Endpoints that only `push --prune` would delete are drift all the same:
    // the server still sends to them.
    let plan = svix::plan(&sides.desired, &sides.remote, true)?;
    let server = sides.client.base_url();
    let in_sync = !plan.changes_anything();
    let drift = (!in_sync).then(|| drift(&plan, args.api_key.as_deref()));
    if ctx.out.json {
        // The drift is in the document, as every failed command's error is.
        ctx.out
            .print_json(&SvixStatusDoc::of(server, &plan, drift.as_ref()))?;
    } else {
        print_steps(ctx, &plan)?;
        ctx.out.print_line(&if in_sync {
            format!(
                "The Svix server at {server} matches the store ({}).",
                sizes(&plan)
            )
        } else {
            format!(
                "The Svix server at {server} differs from the store: {}.",
                summary_text(&plan, true)
            )
        })?;
    }
    drift.map_or(Ok(()), Err)
}

/// The error of a server that differs from the store, with the push that
/// makes it match.
fn drift(plan: &Plan, api_key: Option<&str>) -> Error {
    let prune = if plan.count(Action::Delete) > 0 {
        " --prune"
    } else {
        ""
    };
    let scope = api_key
        .map(|k| format!(" --api-key {k}"))
        .unwrap_or_default();
    Error::Drift(format!(
        "the Svix server differs from the store; `echo3d-hooks svix push{scope}{prune}` makes it \
         match"
    ))
}

fn print_steps(ctx: &Context, plan: &Plan) -> Result<()> {
    if plan.steps.is_empty() {
        return Ok(());
    }
    let mut grid = ctx.out.grid(&[
        Column::keep("action"),
        Column::keep("kind"),
        Column::keep("collection"),
        Column::keep("name"),
        Column::keep("uid"),
        Column::shrink("changes"),
    ]);
    for step in &plan.steps {
        grid.add_text([
            action_name(step.action).to_string(),
            kind_name(step.kind).to_string(),
            step.api_key.clone().unwrap_or_else(|| match step.kind {
                Kind::EventType => String::new(),
                _ => "(not in the store)".to_string(),
            }),
            step.name.clone().unwrap_or_default(),
            step.uid.clone(),
            step.changes.join(", "),
        ]);
    }
    ctx.out.print_grid(&grid)
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::RotateSecret => "rotate-secret",
        Action::Delete => "delete",
        Action::Unchanged => "unchanged",
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::EventType => "event type",
        Kind::Application => "application",
        Kind::Endpoint => "endpoint",
    }
}

/// `2 to create, 1 to update, …` (a plan) or `2 created, …` (applied).
fn summary_text(plan: &Plan, planned: bool) -> String {
    let words: [(Action, &str, &str); 5] = [
        (Action::Create, "to create", "created"),
        (Action::Update, "to update", "updated"),
        (
            Action::RotateSecret,
            "secret(s) to rotate",
            "secret(s) rotated",
        ),
        (Action::Delete, "to delete", "deleted"),
        (Action::Unchanged, "unchanged", "unchanged"),
    ];
    words
        .iter()
        .map(|(action, plan_word, done_word)| {
            let word = if planned { plan_word } else { done_word };
            format!("{} {word}", plan.count(*action))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `3 endpoints in 2 applications`.
fn sizes(plan: &Plan) -> String {
    let count = |kind: Kind| plan.steps.iter().filter(|s| s.kind == kind).count();
    format!(
        "{} endpoint(s) in {} application(s)",
        count(Kind::Endpoint),
        count(Kind::Application)
    )
}
