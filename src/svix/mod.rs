//! Handing dispatch to a Svix server (README: "Scaling out with Svix"): the
//! store stays the source of truth, and the server holds a copy of it, one
//! application per collection and one endpoint per webhook, to send
//! messages from.
//!
//! `config` reads where the server is and the token; `client` talks HTTP
//! and `quote` words what the server answered; `api` names Svix's
//! operations; `mapping` says how webhooks become endpoints; `desired` is
//! the store's side, `remote` reads the server's, and `plan` compares them;
//! `apply` changes the server; `handoff` gives it one message, `route`
//! checks that a message for one webhook reaches only it, and `dispatch`
//! hands off a command's messages, each recorded in the delivery log.

mod api;
mod apply;
mod client;
mod config;
mod desired;
mod dispatch;
mod handoff;
mod mapping;
mod plan;
mod quote;
mod remote;
mod route;

use std::path::Path;

pub use apply::apply;
pub use client::{ClientOptions, SvixClient};
pub use config::{Token, server_url};
pub use desired::Desired;
pub use dispatch::{ForWebhook, HandoffOutcome, HandoffSummary, Planned, run as hand_off_all};
pub use mapping::{EVERY_WEBHOOK_CHANNEL, app_uid, event_id, webhook_channel};
pub use plan::{Action, Kind, Plan, Step, plan};
pub use remote::{Remote, read as read_remote};

use crate::error::Result;

/// A client of the server at `url` (`--svix-url` or `ECHO3D_HOOKS_SVIX_URL`),
/// with the token from `token_file` or `ECHO3D_HOOKS_SVIX_TOKEN`. Checks both
/// before anything is sent.
pub fn connect(
    url: Option<&str>,
    token_file: Option<&Path>,
    options: &ClientOptions<'_>,
) -> Result<SvixClient> {
    let base = server_url(url)?;
    let token = Token::from_file_or_env(token_file)?;
    SvixClient::new(base, token, options)
}
