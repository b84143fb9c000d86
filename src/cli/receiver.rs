//! The clap definitions of the receiver's tools: `verify`, `sign`, `schema`.

use clap::{ArgGroup, Args, ValueEnum};
use std::time::Duration;

use crate::clock::{parse_duration, parse_unix_seconds};

// A group, not `required_unless_present`: clap then names both ways of
// giving a secret when neither is given, not only `--secret`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("secret_source").args(["secrets", "hook"]).required(true).multiple(true)))]
pub struct VerifyArgs {
    /// A signing secret, `whsec_` and base64 (repeatable: any may match)
    #[arg(long = "secret", value_name = "WHSEC")]
    pub secrets: Vec<String>,
    /// With --hook: the webhook's collection, when its name is used in more than one
    #[arg(long, requires = "hook", value_name = "KEY")]
    pub api_key: Option<String>,
    /// Check with this stored webhook's secret
    #[arg(long, value_name = "NAME|ID")]
    pub hook: Option<String>,
    /// The webhook-id header's value
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The webhook-timestamp header's value
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub timestamp: Option<String>,
    /// The webhook-signature header's value
    #[arg(long, value_name = "HEADER")]
    pub signature: Option<String>,
    /// Read the headers from `Name: value` lines (curl -D, deliveries show), or `-` for stdin
    #[arg(long, value_name = "FILE|-", conflicts_with = "request")]
    pub headers: Option<String>,
    /// Read a whole raw HTTP/1.1 request: request line, headers, blank line, body
    #[arg(long, value_name = "FILE|-", conflicts_with = "body")]
    pub request: Option<String>,
    /// The body exactly as received, or `-` for stdin
    #[arg(long, value_name = "FILE|-", required_unless_present = "request")]
    pub body: Option<String>,
    /// How far the timestamp may be from now, either way
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DUR")]
    pub tolerance: Duration,
    /// Check as if it were this time (Unix seconds or RFC 3339) [default: the clock's]
    #[arg(long, value_parser = parse_unix_seconds, value_name = "TIME", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("secret_source").args(["secret", "hook"]).required(true)))]
pub struct SignArgs {
    /// The signing secret, `whsec_` and base64
    #[arg(long, value_name = "WHSEC")]
    pub secret: Option<String>,
    /// With --hook: the webhook's collection, when its name is used in more than one
    #[arg(long, requires = "hook", value_name = "KEY")]
    pub api_key: Option<String>,
    /// Sign with this stored webhook's secret
    #[arg(long, value_name = "NAME|ID")]
    pub hook: Option<String>,
    /// The body to sign, byte for byte, or `-` for stdin
    #[arg(long, value_name = "FILE|-")]
    pub body: String,
    /// The webhook-id [default: a fresh msg_ id]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The webhook-timestamp in Unix seconds [default: now]
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,
    /// How to print the headers [default: headers, or json with --json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<SignFormat>,
    /// The receiver's URL, for --format curl
    #[arg(long, value_name = "URL", required_if_eq("format", "curl"))]
    pub url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// `Name: value` lines
    Headers,
    /// A complete curl command
    Curl,
    /// One JSON object
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Only this event [default: all nine]
    #[arg(value_name = "EVENT")]
    pub event: Option<String>,
    /// The kind of document
    #[arg(long, value_enum, default_value_t = SchemaFormat::JsonSchema, value_name = "FORMAT")]
    pub format: SchemaFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    /// JSON Schema, draft 2020-12
    JsonSchema,
    /// OpenAPI 3.1, one `webhooks` entry per event
    Openapi,
}
