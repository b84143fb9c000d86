//! The clap definitions of the local receiver: `listen`, and `received`
//! with `show`, `replay` and `prune`.

use clap::{ArgGroup, Args, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::{PruneArgs, TriggerParser, parse_id};
use crate::clock::parse_duration;
use crate::event::Trigger;
use crate::receive::{ScriptItems, parse_script};

/// The largest `--max-body`: bodies are held in memory whole.
const MAX_BODY_LIMIT: usize = 64 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// The address to listen on (a warning is printed for one other machines can reach)
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// The port to listen on; 0 for any free port
    #[arg(long, default_value_t = 8787, value_name = "N")]
    pub port: u16,
    /// Serve only this path; other paths are answered 404 [default: every path]
    #[arg(long, value_name = "PATH", value_parser = parse_path)]
    pub path: Option<String>,
    /// Serve HTTPS, with a certificate from a local CA made beside the store on first use
    #[arg(long)]
    pub tls: bool,
    /// Serve HTTPS with this PEM certificate chain instead of the local CA's
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Check signatures with this stored webhook's secret (repeatable)
    #[arg(long = "hook", value_name = "NAME|ID")]
    pub hooks: Vec<String>,
    /// With --hook: the webhooks' collection, when a name is used in more than one
    #[arg(long, requires = "hooks", value_name = "KEY")]
    pub api_key: Option<String>,
    /// Check signatures with this secret, `whsec_` and base64 (repeatable)
    #[arg(long = "secret", value_name = "WHSEC")]
    pub secrets: Vec<String>,
    /// How far a signature's timestamp may be from now, either way
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DUR")]
    pub tolerance: Duration,
    /// Answer as if every check passed; the verdicts are still printed and recorded
    #[arg(long)]
    pub accept_invalid: bool,
    /// Scripted answers, one per request, the last repeating: 503, 429:2 (Retry-After: 2), hang, close
    #[arg(long, value_name = "SPEC", value_parser = parse_script)]
    pub respond: Option<ScriptItems>,
    /// Send each request on to your app at this URL, and its status back to the sender
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,
    /// Sign forwarded requests afresh with the listener's own secret (see --print-secret)
    #[arg(long, requires = "forward_to")]
    pub resign: bool,
    /// Forward only these events (repeatable, or comma-separated); the rest are answered 204
    #[arg(long = "events", value_name = "EVENT", value_parser = TriggerParser, value_delimiter = ',', requires = "forward_to")]
    pub events: Vec<Trigger>,
    /// Time limit of one forwarded request
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DUR")]
    pub forward_timeout: Duration,
    /// Trust the PEM certificates in this file for an https --forward-to
    #[arg(long, value_name = "FILE", requires = "forward_to")]
    pub ca_cert: Option<PathBuf>,
    /// Largest body; a larger one is answered 413 without being read (B, KiB, MiB)
    #[arg(long, default_value = "1MiB", value_parser = parse_size, value_name = "SIZE")]
    pub max_body: usize,
    /// How long a client may take to send its headers (or to start another request), then its body
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DUR")]
    pub read_timeout: Duration,
    /// Do not record the requests in the store
    #[arg(long)]
    pub no_record: bool,
    /// Exit after the first request (of --expect's event): 0 if it passed every check, else 9, 10 or 11
    #[arg(long)]
    pub once: bool,
    /// With --once: wait for a request of this event
    #[arg(long, value_name = "EVENT", value_parser = TriggerParser, requires = "once")]
    pub expect: Option<Trigger>,
    /// With --once: give up after this long, with exit code 12
    #[arg(long, value_parser = parse_duration, value_name = "DUR", requires = "once")]
    pub timeout: Option<Duration>,
    /// Print the listener's own signing secret (made on first use), and exit
    #[arg(long)]
    pub print_secret: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReceivedArgs {
    #[command(subcommand)]
    pub action: Option<ReceivedAction>,
    #[command(flatten)]
    pub list: ReceivedListArgs,
}

#[derive(Debug, Args)]
pub struct ReceivedListArgs {
    /// Only requests of this event
    #[arg(long, value_name = "EVENT", value_parser = TriggerParser)]
    pub event: Option<Trigger>,
    /// Only requests that failed a check
    #[arg(long)]
    pub invalid: bool,
    /// Only requests since this long ago (2h) or this time (RFC 3339)
    #[arg(long, value_name = "DUR|TIMESTAMP")]
    pub since: Option<String>,
    /// Most requests to list
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum ReceivedAction {
    /// Show one received request in full: headers, body, verdicts, answer, forward
    Show {
        /// The request's id
        #[arg(value_parser = parse_id)]
        id: i64,
    },
    /// Send received requests again to your app, signed afresh
    Replay(ReplayArgs),
    /// Delete old received requests
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).multiple(true).args(["ids", "since", "event"])))]
pub struct ReplayArgs {
    /// The requests' ids
    #[arg(conflicts_with_all = ["since", "event"], value_parser = parse_id)]
    pub ids: Vec<i64>,
    /// Every request since this long ago (1h) or this time (RFC 3339), oldest first
    #[arg(long, value_name = "DUR|TIMESTAMP")]
    pub since: Option<String>,
    /// Every request of this event
    #[arg(long, value_name = "EVENT", value_parser = TriggerParser)]
    pub event: Option<Trigger>,
    /// Where to send them: your app's URL
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Sign with this secret [default: the listener's own]
    #[arg(long, value_name = "WHSEC", conflicts_with = "hook")]
    pub secret: Option<String>,
    /// With --hook: the webhook's collection, when its name is used in more than one
    #[arg(long, requires = "hook", value_name = "KEY")]
    pub api_key: Option<String>,
    /// Sign with this stored webhook's secret
    #[arg(long, value_name = "NAME|ID")]
    pub hook: Option<String>,
    /// Give each a fresh webhook-id instead of the one it came with
    #[arg(long)]
    pub new_id: bool,
    /// Print what would be sent; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Time limit of one request
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DUR")]
    pub timeout: Duration,
    /// Trust the PEM certificates in this file for an https --to
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

/// `--path`: an absolute path, without a query.
fn parse_path(s: &str) -> Result<String, String> {
    if !s.starts_with('/') || s.contains(['?', '#']) || s.chars().any(char::is_whitespace) {
        return Err(format!(
            "`{s}` is not a path to serve: it must start with `/` and have no query, fragment \
             or white space (like /webhooks)"
        ));
    }
    Ok(s.to_string())
}

/// A size in bytes: `1048576`, `512KiB`, `1MiB`, or `64kB` (1,000 bytes).
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let scale: usize = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1024,
        "MiB" => 1024 * 1024,
        "GiB" => 1024 * 1024 * 1024,
        "kB" | "KB" => 1000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        _ => 0,
    };
    let bytes = number
        .parse::<usize>()
        .ok()
        .filter(|_| scale > 0)
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{s}` is not a size; write it like 1048576, 512KiB or 1MiB"))?;
    match bytes {
        0 => Err(format!(
            "`{s}` is no bytes at all; a body limit must be at least 1 byte"
        )),
        n if n > MAX_BODY_LIMIT => Err(format!(
            "`{s}` is more than the largest body limit, 64MiB (bodies are held in memory)"
        )),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_paths() {
        assert_eq!(parse_size("1MiB").unwrap(), 1_048_576);
        assert_eq!(parse_size("512 KiB").unwrap(), 524_288);
        assert_eq!(parse_size("64kB").unwrap(), 64_000);
        assert_eq!(parse_size("10").unwrap(), 10);
        for bad in ["", "1 MB?", "MiB", "-1", "1.5MiB", "0", "65MiB", "1TiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert!(parse_path("/hooks").is_ok());
        for bad in ["hooks", "/a?b", "/a b", "/x#y"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
    }
}
