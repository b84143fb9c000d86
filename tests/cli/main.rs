//! Binary-level tests: the real `echo3d-hooks` binary against a temp-dir
//! store and, for sending, a real TLS receiver on 127.0.0.1.

#[path = "../support/mod.rs"]
mod support;

mod admin;
mod completions;
mod fire;
mod history;
mod hostile;
mod listen;
mod listen_hostile;
mod names;
mod received;
mod receiver_schema;
mod receiver_tools;
mod reliability;
mod rotation;
mod svix;
mod svix_handoff;
mod urls;
