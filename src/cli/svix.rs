//! The `svix` command's definitions, beside the others in `cli.rs`.

use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

use crate::clock::parse_duration;

#[derive(Debug, Args)]
pub struct SvixArgs {
    #[command(subcommand)]
    pub action: SvixAction,
}

#[derive(Debug, Subcommand)]
pub enum SvixAction {
    /// Make the Svix server match the store: event types, applications, endpoints, secrets
    Push(SvixPushArgs),
    /// Show how the Svix server differs from the store; exit 7 when it does
    Status(SvixStatusArgs),
}

/// Where the Svix server is, and where its token is; the token itself is
/// never a flag value, so that it stays out of shell histories.
#[derive(Debug, Args, Clone)]
pub struct SvixServerArgs {
    /// The Svix server's base URL (https, or http to a loopback address)
    #[arg(long, env = "ECHO3D_HOOKS_SVIX_URL", value_name = "URL")]
    pub svix_url: Option<String>,
    /// Read the Svix API token from this file [default: $ECHO3D_HOOKS_SVIX_TOKEN]
    #[arg(long, value_name = "FILE")]
    pub svix_token_file: Option<PathBuf>,
}

/// How `svix push` and `svix status` reach the server.
#[derive(Debug, Args, Clone)]
pub struct SvixConnectionArgs {
    #[command(flatten)]
    pub server: SvixServerArgs,
    /// Retries after a network error, 408, 429 or 5xx
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,
    /// Wait before the first retry; doubles each retry, with ±20% jitter
    #[arg(long, default_value = "1s", value_parser = parse_duration, value_name = "DUR")]
    pub backoff: Duration,
    /// Trust the PEM certificates in this file as well as the system's roots
    #[arg(long, env = "ECHO3D_HOOKS_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SvixPushArgs {
    /// Only this collection's application and endpoints
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also delete the endpoints this tool created whose webhooks left the store
    #[arg(long)]
    pub prune: bool,
    /// Do not ask before pruning (it is only asked on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub connection: SvixConnectionArgs,
}

#[derive(Debug, Args)]
pub struct SvixStatusArgs {
    /// Only this collection's application and endpoints
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
    #[command(flatten)]
    pub connection: SvixConnectionArgs,
}
