//! Binary-level tests: the real `echo3d-hooks` binary against a temp-dir
//! store and, for sending, a real TLS receiver on 127.0.0.1. One module per
//! concern; the shared helpers are in `tests/support`.

#[path = "../support/mod.rs"]
mod support;

mod address_policy;
mod admin;
mod completions;
mod concurrency;
mod confirmations;
mod degraded_store;
mod fire;
mod help;
mod history;
mod hostile;
mod human_output;
mod import_export;
mod interrupts;
mod json_contract;
mod limits;
mod listen;
mod listen_hostile;
mod names;
mod received;
mod receiver_schema;
mod receiver_tools;
mod redeliver;
mod retries;
mod rotation;
mod rules;
mod secrets;
mod store_file;
mod svix;
mod svix_handoff;
mod test_command;
mod urls;
