//! The receiver's side: `listen`'s local server (the socket and TLS, the
//! limits on each request, the checks `verify` makes, the scripted answers,
//! forwarding to the user's app, recording) and `received replay`.
//!
//! A request, from socket to answer: `server` accepts the connection and
//! hands each request to `handler`, which reads it within its limits, has
//! `checks` judge it, asks the `respond` script or the verdict for the
//! answer, `forward`s it, has the `recorder` commit it, reports it to the
//! caller, and only then answers.

mod checks;
mod forward;
mod handler;
mod outbound;
mod recorder;
mod replay;
mod respond;
mod server;
mod tls;

pub use checks::{Checks, ReloadSecrets, Secrets};
pub use forward::Forward;
pub use handler::{Handled, Handling, Report};
pub use outbound::{Outbound, Sent, Target};
pub use replay::{PlannedReplay, Replayer};
pub use respond::{Script, ScriptItems, parse_script};
pub use server::{ListenConfig, ListenEvent, Listening, Next, STOP_GRACE, Stopped, listen};
pub use tls::{LocalCa, own_identity};
