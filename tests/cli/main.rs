//! Binary-level tests: the real `echo3d-hooks` binary against a temp-dir
//! store and, for sending, a real TLS receiver on 127.0.0.1.

#[path = "../support/mod.rs"]
mod support;

mod admin;
mod fire;
mod history;
mod hostile;
mod reliability;
mod svix;
