//! The command line: every clap definition, and nothing else.

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

use crate::clock::{Cutoff, parse_cutoff, parse_grace};
use crate::event::Trigger;

mod trigger_arg;
pub use trigger_arg::TriggerParser;

/// Every environment variable the tool reads (`NO_COLOR` aside, which is
/// everyone's).
pub const ENVIRONMENT: [&str; 6] = [
    "ECHO3D_HOOKS_DB",
    "ECHO3D_API_KEY",
    "ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS",
    "ECHO3D_HOOKS_CA_CERT",
    "ECHO3D_HOOKS_SVIX_URL",
    "ECHO3D_HOOKS_SVIX_TOKEN",
];
mod listen;
mod receiver;
mod runs;

pub use listen::{ListenArgs, ReceivedAction, ReceivedArgs, ReceivedListArgs, ReplayArgs};
pub use receiver::{SchemaArgs, SchemaFormat, SignArgs, SignFormat, VerifyArgs};
pub use runs::{
    DeliveriesAction, DeliveriesArgs, DeliveriesListArgs, DeliveryArgs, FireArgs, RedeliverArgs,
    TestArgs, ViaChoice,
};

mod svix;
pub use svix::*;

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
    /// Make a Svix server match the store, or show how they differ
    Svix(SvixArgs),
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

/// A delivery's or a received request's id, as the listings show it.
pub fn parse_id(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!(
            "`{s}` is not an id; ids are whole numbers like 42, as the listings show them"
        )),
    }
}

/// `deliveries prune` and `received prune`: what was recorded before a
/// duration ago goes, after a question on a terminal.
#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Delete what was recorded longer ago than this (30days), or before this time (RFC 3339)
    #[arg(long, value_parser = parse_cutoff, value_name = "DUR|TIMESTAMP")]
    pub older_than: Cutoff,
    /// Do not ask for confirmation (it is only asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Which collection a webhook name is looked up in, for a name used in
/// several collections.
#[derive(Debug, Args, Clone, Default)]
pub struct CollectionArg {
    /// The webhook's collection, when its name is used in more than one
    #[arg(long = "api-key", value_name = "KEY")]
    pub api_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    #[command(flatten)]
    pub collection: CollectionArg,
    /// Show the signing secret in full
    #[arg(long)]
    pub reveal_secret: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    #[command(flatten)]
    pub collection: CollectionArg,
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
    /// With --rotate-secret: how long the replaced secret goes on signing
    /// beside the new one (0 switches at once; at most 365days) [default: 24h]
    #[arg(long, requires = "rotate_secret", value_parser = parse_grace, value_name = "DUR")]
    pub grace: Option<Duration>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The webhooks' names or ids
    #[arg(value_name = "NAME|ID", required = true)]
    pub hooks: Vec<String>,
    #[command(flatten)]
    pub collection: CollectionArg,
    /// Do not ask for confirmation (it is only asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Show this event with its sample payload
    #[arg(value_parser = TriggerParser)]
    pub event: Option<Trigger>,
    /// Print only the sample's body, byte for byte as `test` sends it (for
    /// `sign --body`, `verify --body` or curl)
    #[arg(long, requires = "event")]
    pub sample: bool,
    /// The collection the sample is for, as `test` fills in the webhook's
    /// [default: the spec's sample key, bold-sky-1234]
    #[arg(long, requires = "sample")]
    pub api_key: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
