//! The clap definitions of the commands that send and of the delivery log:
//! `fire`, `test`, `redeliver`, `deliveries`, and the delivery options they
//! share.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

use super::{CollectionArg, PruneArgs, SvixServerArgs, TriggerParser, parse_id};
use crate::clock::{parse_duration, parse_time_limit};
use crate::event::Trigger;

/// How deliveries are sent; shared by `fire`, `test` and `redeliver`.
#[derive(Debug, Args, Clone)]
pub struct DeliveryArgs {
    /// Most requests in flight at once
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,
    /// Time limit of one attempt: connecting, sending, and reading the response
    #[arg(long, default_value = "30s", value_parser = parse_time_limit, value_name = "DUR")]
    pub timeout: Duration,
    /// Time limit for opening the connection of one attempt
    #[arg(long, default_value = "10s", value_parser = parse_time_limit, value_name = "DUR")]
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

/// Who delivers to the webhooks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ViaChoice {
    /// This machine: signed, sent and retried here
    #[default]
    Direct,
    /// A Svix server: the message is handed off to it, and it delivers
    Svix,
}

/// Who delivers, and how; shared by `fire` and `test`.
#[derive(Debug, Args)]
pub struct SendingArgs {
    /// Who delivers: this machine, or a Svix server (`svix push` first)
    #[arg(long, value_enum, default_value_t, value_name = "WHO")]
    pub via: ViaChoice,
    #[command(flatten)]
    pub svix: SvixServerArgs,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
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
    pub sending: SendingArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The webhook's name or id
    #[arg(value_name = "NAME|ID")]
    pub hook: String,
    #[command(flatten)]
    pub collection: CollectionArg,
    /// Only these events [default: every trigger of the webhook]
    #[arg(value_name = "EVENT", value_parser = TriggerParser, value_delimiter = ',')]
    pub events: Vec<Trigger>,
    /// Print the bodies; send nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub sending: SendingArgs,
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
    /// Only deliveries of this collection; with --hook, the webhook's, when its name is used in
    /// more than one
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
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
    /// Only deliveries sent from here (direct), or only hand-offs to Svix (svix)
    #[arg(long, value_enum, value_name = "WHO")]
    pub via: Option<ViaChoice>,
    /// Most deliveries to list
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum DeliveriesAction {
    /// Show one delivery in full: request, and every attempt
    Show {
        /// The delivery's id
        #[arg(value_parser = parse_id)]
        id: i64,
    },
    /// Delete old delivery history
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["ids", "failed"])))]
pub struct RedeliverArgs {
    /// The deliveries' ids
    #[arg(conflicts_with = "failed", value_parser = parse_id)]
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
    /// With --failed: only deliveries of this collection; with --hook, the webhook's, when its
    /// name is used in more than one
    #[arg(long, requires = "failed", value_name = "KEY")]
    pub api_key: Option<String>,
    /// Resend even to a webhook that is switched off (never to a deleted one)
    #[arg(long)]
    pub force: bool,
    /// Print what would be sent, and where; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --failed: resend the deliveries sent from here (default), or hand
    /// off again the failed hand-offs to Svix; with ids, what the log says
    #[arg(long, value_enum, value_name = "WHO")]
    pub via: Option<ViaChoice>,
    #[command(flatten)]
    pub svix: SvixServerArgs,
    #[command(flatten)]
    pub delivery: DeliveryArgs,
}
