//! The command line: every clap definition, and nothing else.

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

use crate::clock::parse_duration;
use crate::event::Trigger;

mod trigger_arg;
pub use trigger_arg::TriggerParser;

/// Every environment variable the tool reads (`NO_COLOR` aside, which is
/// everyone's).
pub const ENVIRONMENT: [&str; 4] = [
    "ECHO3D_HOOKS_DB",
    "ECHO3D_API_KEY",
    "ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS",
    "ECHO3D_HOOKS_CA_CERT",
];
mod listen;
mod receiver;

pub use listen::{ListenArgs, ReceivedAction, ReceivedArgs, ReceivedListArgs, ReplayArgs};
pub use receiver::{SchemaArgs, SchemaFormat, SignArgs, SignFormat, VerifyArgs};

#[derive(Debug, Parser)]
#[command(
    name = "echo3d-hooks",
    version,
    about = "Administer echo3D webhooks: keep definitions in a local store, and send signed echo3D payloads to them.",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The store file [default: a file in the platform data directory]
    #[arg(long, global = true, env = "ECHO3D_HOOKS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of tables
    #[arg(long, global = true)]
    pub json: bool,

    /// Show long values (URLs, descriptions, errors) whole in tables
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

    /// When to use colour; `auto` means when stdout is a terminal and NO_COLOR is unset
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Allow private, loopback and other special-purpose targets (local development only)
    #[arg(
        long,
        global = true,
        env = "ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS",
        value_parser = BoolishValueParser::new(),
        action = clap::ArgAction::SetTrue
    )]
    pub allow_private_targets: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a webhook
    #[command(visible_alias = "create")]
    Add(AddArgs),
    /// List webhooks
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show one webhook
    Show(ShowArgs),
    /// Change a webhook
    Edit(EditArgs),
    /// Delete webhooks (all or none)
    #[command(visible_alias = "rm")]
    Delete(DeleteArgs),
    /// List the nine echo3D triggers, or show one with its sample payload
    Events(EventsArgs),
    /// Send a real event to every subscribed webhook of a collection
    Fire(FireArgs),
    /// Send the spec's sample payloads to one webhook
    Test(TestArgs),
    /// List past deliveries, show one, or prune old ones
    #[command(visible_alias = "log")]
    Deliveries(DeliveriesArgs),
    /// Send past deliveries again, with the same webhook-id
    Redeliver(RedeliverArgs),
    /// Write webhooks as a versioned JSON document
    Export(ExportArgs),
    /// Make the store match a JSON document written by `export`
    Import(ImportArgs),
    /// Check a received request's signature, timestamp and payload, and say why one fails
    Verify(VerifyArgs),
    /// Print the signed headers of a body, for a receiver's own tests; sends nothing
    Sign(SignArgs),
    /// Print the payloads as JSON Schema, or as an OpenAPI 3.1 document
    Schema(SchemaArgs),
    /// Receive webhooks on this machine: check, record, answer, forward each request
    Listen(ListenArgs),
    /// List the requests `listen` received, show one, send them again, or prune old ones
    Received(ReceivedArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A name, unique within the collection
    #[arg(long)]
    pub name: String,
    /// The HTTPS endpoint to call
    #[arg(long)]
    pub url: String,
    /// An event that fires the webhook (repeatable, or comma-separated; case-insensitive)
    #[arg(long = "trigger", value_name = "EVENT", required = true, value_parser = TriggerParser, value_delimiter = ',')]
    pub triggers: Vec<Trigger>,
    /// What the webhook is for
    #[arg(long, default_value = "")]
    pub description: String,
    /// The API key of the webhook's echo3D collection
    #[arg(long, env = "ECHO3D_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Create the webhook switched off
    #[arg(long)]
    pub disabled: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only webhooks subscribed to this event
    #[arg(long, value_name = "EVENT", value_parser = TriggerParser)]
    pub event: Option<Trigger>,
    /// Only webhooks of this collection
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    /// Show the signing secret in full
    #[arg(long)]
    pub reveal_secret: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    /// A new name
    #[arg(long)]
    pub name: Option<String>,
    /// A new HTTPS endpoint
    #[arg(long)]
    pub url: Option<String>,
    /// A new description
    #[arg(long)]
    pub description: Option<String>,
    /// Replace the triggers with these (repeatable, or comma-separated)
    #[arg(long = "trigger", value_name = "EVENT", conflicts_with_all = ["add_triggers", "remove_triggers"], value_parser = TriggerParser, value_delimiter = ',')]
    pub triggers: Vec<Trigger>,
    /// Subscribe to one more event (repeatable, or comma-separated)
    #[arg(long = "add-trigger", value_name = "EVENT", value_parser = TriggerParser, value_delimiter = ',')]
    pub add_triggers: Vec<Trigger>,
    /// Unsubscribe from an event (repeatable, or comma-separated)
    #[arg(long = "remove-trigger", value_name = "EVENT", value_parser = TriggerParser, value_delimiter = ',')]
    pub remove_triggers: Vec<Trigger>,
    /// Switch the webhook on
    #[arg(long, conflicts_with = "disable")]
    pub enable: bool,
    /// Switch the webhook off
    #[arg(long)]
    pub disable: bool,
    /// Replace the signing secret with a new one
    #[arg(long)]
    pub rotate_secret: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The webhooks' names or ids
    #[arg(value_name = "NAME|ID", required = true)]
    pub hooks: Vec<String>,
    /// Do not ask for confirmation (it is only asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Show this event with its sample payload
    #[arg(value_parser = TriggerParser)]
    pub event: Option<Trigger>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// How deliveries are sent; shared by `fire`, `test` and `redeliver`.
#[derive(Debug, Args, Clone)]
pub struct DeliveryArgs {
    /// Most requests in flight at once
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,
    /// Time limit of one attempt: connecting, sending, and reading the response
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DUR")]
    pub timeout: Duration,
    /// Time limit for opening the connection of one attempt
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DUR")]
    pub connect_timeout: Duration,
    /// Retries after a failed attempt (network error, timeout, 408, 429, 5xx)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,
    /// Wait before the first retry; doubles each retry, with ±20% jitter
    #[arg(long, default_value = "1s", value_parser = parse_duration, value_name = "DUR")]
    pub backoff: Duration,
    /// Longest wait a Retry-After header can ask for; longer ones are clamped
    #[arg(long, default_value = "60s", value_parser = parse_duration, value_name = "DUR")]
    pub max_retry_after: Duration,
    /// Trust the PEM certificates in this file as well as the system's roots
    #[arg(long, env = "ECHO3D_HOOKS_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Send through this proxy (proxy environment variables are always ignored)
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
}

#[derive(Debug, Args)]
pub struct FireArgs {
    /// The event to fire
    #[arg(value_parser = TriggerParser)]
    pub event: Trigger,
    /// An entry (asset) ID (repeatable)
    #[arg(long = "entry", value_name = "ID")]
    pub entries: Vec<String>,
    /// A metadata pair; only the first `=` splits (repeatable, order kept)
    #[arg(long = "meta", value_name = "KEY=VALUE")]
    pub meta: Vec<String>,
    /// The status set (AssetStatusUpdate)
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// The version the status was set on (AssetStatusUpdate)
    #[arg(long = "version-id", value_name = "ID")]
    pub version_id: Option<String>,
    /// The collection's API key
    #[arg(long, env = "ECHO3D_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Only these webhooks (repeatable)
    #[arg(long = "hook", value_name = "NAME|ID")]
    pub hooks: Vec<String>,
    /// Read the whole payload from a JSON file, or `-` for stdin
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["entries", "meta", "status", "version_id"])]
    pub payload: Option<String>,
    /// Print the body and the targets; send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    /// Only these events [default: every trigger of the webhook]
    #[arg(value_name = "EVENT", value_parser = TriggerParser, value_delimiter = ',')]
    pub events: Vec<Trigger>,
    /// Print the bodies; send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DeliveriesArgs {
    #[command(subcommand)]
    pub action: Option<DeliveriesAction>,
    #[command(flatten)]
    pub list: DeliveriesListArgs,
}

#[derive(Debug, Args)]
pub struct DeliveriesListArgs {
    /// Only deliveries to this webhook
    #[arg(long, value_name = "NAME|ID")]
    pub hook: Option<String>,
    /// Only deliveries of this event
    #[arg(long, value_name = "EVENT", value_parser = TriggerParser)]
    pub event: Option<Trigger>,
    /// Only deliveries that failed
    #[arg(long, conflicts_with = "interrupted")]
    pub failed: bool,
    /// Only deliveries that a stopped run left unfinished
    #[arg(long)]
    pub interrupted: bool,
    /// Only deliveries since this long ago (2h) or this time (RFC 3339)
    #[arg(long, value_name = "DUR|TIMESTAMP")]
    pub since: Option<String>,
    /// Most deliveries to list
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum DeliveriesAction {
    /// Show one delivery in full: request, and every attempt
    Show {
        /// The delivery's id
        id: i64,
    },
    /// Delete old delivery history
    Prune {
        /// Delete deliveries created longer ago than this
        #[arg(long, value_parser = parse_duration, value_name = "DUR")]
        older_than: Duration,
        /// Do not ask for confirmation (it is only asked on a terminal)
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["ids", "failed"])))]
pub struct RedeliverArgs {
    /// The deliveries' ids
    #[arg(conflicts_with = "failed")]
    pub ids: Vec<i64>,
    /// Resend every delivery that ended failed or interrupted
    #[arg(long)]
    pub failed: bool,
    /// With --failed: only deliveries since this long ago or this time
    #[arg(long, requires = "failed", value_name = "DUR|TIMESTAMP")]
    pub since: Option<String>,
    /// With --failed: only deliveries to this webhook
    #[arg(long, requires = "failed", value_name = "NAME|ID")]
    pub hook: Option<String>,
    /// Resend even to a webhook that is switched off (never to a deleted one)
    #[arg(long)]
    pub force: bool,
    /// Print what would be sent, and where; send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this collection's webhooks
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Include the signing secrets
    #[arg(long)]
    pub with_secrets: bool,
    /// Write to this file instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document to import, or `-` for stdin
    #[arg(value_name = "FILE|-")]
    pub file: String,
    /// Delete webhooks that are not in the file (only in the collections it names)
    #[arg(long)]
    pub prune: bool,
    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before deleting with --prune (it is only asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
