//! One module per subcommand, each with a `run`: flags in, domain calls,
//! output out. No subcommand imports another; what they share is here: the
//! context built from the global options, the step from a command line to
//! the run engine's plain inputs, and dispatch; and in `handing_off`, what
//! they share when a Svix server delivers (`--via svix`).

mod add;
mod candidate_secrets;
mod completions;
mod delete;
mod deliveries;
mod edit;
mod events;
mod export;
mod fire;
mod handing_off;
mod import;
mod list;
mod listen;
mod received;
mod redeliver;
mod schema;
mod show;
mod sign;
mod svix;
mod test;
mod verify;

use std::path::PathBuf;

use crate::address::AddressPolicy;
use crate::cli::{CollectionArg, ColorChoice, Command, DeliveryArgs, GlobalArgs, ViaChoice};
use crate::clock::{self, Cutoff};
use crate::deliver::{self, DeliveryOptions, DeliverySource};
use crate::error::{Error, Result};
use crate::event::{ApiKey, Trigger};
use crate::output::{ColorMode, Output, RunReport, confirm_or_stop};
use crate::store::{self, Store, Via};
use crate::webhook::Recipient;

pub struct Context {
    pub db: Option<PathBuf>,
    pub out: Output,
    pub policy: AddressPolicy,
}

impl Context {
    /// The context of `command`, which is only warned that private targets
    /// are allowed when the address policy applies to it.
    pub fn new(global: &GlobalArgs, command: &Command) -> Context {
        let color = match global.color {
            ColorChoice::Auto => ColorMode::Auto,
            ColorChoice::Always => ColorMode::Always,
            ColorChoice::Never => ColorMode::Never,
        };
        let ctx = Context {
            db: global.db.clone(),
            out: Output::new(global.json, color, global.verbose),
            policy: AddressPolicy {
                allow_private_targets: global.allow_private_targets,
            },
        };
        if ctx.policy.allow_private_targets && checks_addresses(command) {
            ctx.out.warn(
                "private and loopback targets are allowed (--allow-private-targets / \
                 ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS); use this for local development only",
            );
        }
        ctx
    }

    pub fn store(&self) -> Result<Store> {
        match &self.db {
            Some(path) => Store::open(path),
            None => Store::open_default(&store::default_path()?),
        }
    }

    /// What a dry run checks of the delivery flags: what the run would
    /// refuse before sending anything.
    pub fn check_delivery_flags(&self, args: &DeliveryArgs) -> Result<()> {
        crate::deliver::check_settings(args.ca_cert.as_deref(), args.proxy.as_deref())
    }

    pub fn delivery_options(&self, args: &DeliveryArgs) -> DeliveryOptions {
        DeliveryOptions {
            concurrency: args.concurrency as usize,
            timeout: args.timeout,
            connect_timeout: args.connect_timeout,
            retries: args.retries,
            backoff: args.backoff,
            max_retry_after: args.max_retry_after,
            policy: self.policy,
            ca_cert: args.ca_cert.clone(),
            proxy: args.proxy.clone(),
        }
    }
}

/// The collection `--api-key` names to find a webhook in, if any.
pub fn collection(arg: &CollectionArg) -> Result<Option<ApiKey>> {
    scope(arg.api_key.as_deref())
}

/// An optional `--api-key`, checked.
pub fn scope(key: Option<&str>) -> Result<Option<ApiKey>> {
    key.map(ApiKey::parse).transpose()
}

/// The collection's key from `--api-key` or `ECHO3D_API_KEY`.
pub fn api_key(given: Option<&str>) -> Result<ApiKey> {
    match given {
        Some(key) => ApiKey::parse(key),
        None => Err(Error::invalid(
            "no API key: pass the collection's key with --api-key or set ECHO3D_API_KEY",
        )),
    }
}

/// Who delivers, as the log says it.
pub fn via(choice: ViaChoice) -> Via {
    match choice {
        ViaChoice::Direct => Via::Direct,
        ViaChoice::Svix => Via::Svix,
    }
}

/// Asks before a prune deletes `what` older than `older_than`; returns the
/// cut-off time (ms) and the age or time as people read it.
pub fn prune_cutoff(what: &str, older_than: Cutoff, yes: bool) -> Result<(i64, String)> {
    confirm_or_stop(
        &format!("Delete {what} older than {}?", older_than.shown),
        yes,
        "nothing was deleted",
    )?;
    Ok((older_than.ms, older_than.shown))
}

/// Every enabled webhook of collection `api_key` subscribed to `event`, for
/// a dry run.
pub fn subscribed_hooks(store: &Store, api_key: &ApiKey, event: Trigger) -> Result<Vec<Recipient>> {
    let mut all: Vec<Recipient> = Vec::new();
    let now = clock::now_ms();
    loop {
        let after = all.last().map(|r| r.id.clone());
        let page = store.subscribed_page(api_key, event, after.as_deref(), 1024, now)?;
        if page.is_empty() {
            return Ok(all);
        }
        all.extend(page);
    }
}

/// Runs the deliveries of `source` and reports them; the result is the
/// run's verdict (see `RunSummary::verdict`), or `nothing_sent` when every
/// delivery that matched was skipped.
pub fn send(
    ctx: &Context,
    store: &Store,
    opts: &DeliveryOptions,
    source: Box<dyn DeliverySource>,
    nothing_sent: impl FnOnce(usize) -> Error,
) -> Result<()> {
    let mut report = RunReport::new(&ctx.out, source.size_hint());
    let mut unreported = None;
    let summary = deliver::run(store, opts, source, &mut |event| {
        if let Err(e) = report.on_event(event) {
            unreported.get_or_insert(e);
        }
    })?;
    let verdict = match summary.total {
        0 if summary.skipped > 0 => Err(nothing_sent(summary.skipped)),
        _ => summary.verdict(),
    };
    report.finish(&summary, &verdict)?;
    if let Some(e) = unreported {
        return Err(e);
    }
    verdict
}

/// Whether `command` sends to, or stores, a URL that the address policy
/// judges; for the others (`show`, `verify`, `deliveries`, …) the opt-in
/// changes nothing, and a warning on every one would teach users to ignore
/// it.
fn checks_addresses(command: &Command) -> bool {
    match command {
        Command::Add(_)
        | Command::Edit(_)
        | Command::Import(_)
        | Command::Fire(_)
        | Command::Test(_)
        | Command::Redeliver(_)
        | Command::Listen(_) => true,
        Command::Received(args) => {
            matches!(args.action, Some(crate::cli::ReceivedAction::Replay(_)))
        }
        _ => false,
    }
}

pub fn run(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Delete(args) => delete::run(ctx, args),
        Command::Events(args) => events::run(ctx, args),
        Command::Fire(args) => fire::run(ctx, args),
        Command::Test(args) => test::run(ctx, args),
        Command::Deliveries(args) => deliveries::run(ctx, args),
        Command::Redeliver(args) => redeliver::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Verify(args) => verify::run(ctx, args),
        Command::Sign(args) => sign::run(ctx, args),
        Command::Schema(args) => schema::run(ctx, args),
        Command::Svix(args) => svix::run(ctx, args),
        Command::Listen(args) => listen::run(ctx, args),
        Command::Received(args) => received::run(ctx, args),
        Command::Completions(args) => completions::run(args),
    }
}
