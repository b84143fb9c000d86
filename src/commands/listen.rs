//! `listen`: a local receiver. Flags become the listener's configuration
//! (secrets, TLS, script, forwarding, store); each request it reports is
//! printed as a line (or a JSON Lines object), and `--once` turns the
//! verdict on the request it waited for into the exit code.

mod printer;

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use super::{Context, candidate_secrets, scope};
use crate::cli::ListenArgs;
use crate::error::Result;
use crate::event::ApiKey;
use crate::json::{ErrorDoc, ErrorJson, ListenCounts, ListenerSecretDoc};
use crate::receive::{
    self, Checks, Forward, Handling, ListenConfig, LocalCa, Outbound, ReloadSecrets, Script,
    Secrets, Target,
};
use crate::signing::Secret;
use crate::store::{self, Store};
use crate::verify::CandidateSecret;
use crate::webhook::PreviousSecret;
use printer::Printer;

pub fn run(ctx: &Context, args: ListenArgs) -> Result<()> {
    if args.print_secret {
        return print_secret(ctx);
    }
    // Every document from here on, an early error's included, is a line.
    ctx.out.use_json_lines();
    // What needs no store is checked first, so that a bad flag leaves no
    // store behind.
    let mut tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(receive::own_identity(cert, key)?),
        _ => None,
    };
    let given = given_secrets(&args)?;
    let mut candidates = given.clone();
    let mut forward = forward(ctx, &args)?;
    let local_ca = args.tls && tls.is_none();
    let needs_store = !args.no_record || !args.hooks.is_empty() || args.resign || local_ca;
    let store = needs_store.then(|| ctx.store()).transpose()?;
    if let (Some(store), false) = (&store, args.no_record) {
        store.require_writable()?;
    }
    let (others, hook_ids, reader) = others_and_hooks(ctx, &args, store.as_ref(), &mut candidates)?;
    let reload = reader.map(|reader| reload(given, hook_ids, reader));
    let ca = match local_ca {
        true => Some(LocalCa::open_or_create(&store_folder(ctx)?)?),
        false => None,
    };
    if let Some(ca) = &ca {
        tls = Some(ca.server_config(args.bind)?);
    }
    let resign_secret = match (&store, args.resign) {
        (Some(store), true) => Some(store.listener_secret()?),
        _ => None,
    };
    if let Some(forward) = &mut forward {
        forward.resign = resign_secret.as_ref().map(Secret::signer);
    }
    let labels: Vec<String> = candidates.iter().map(|c| c.label.clone()).collect();
    let config = ListenConfig {
        bind: args.bind,
        port: args.port,
        tls,
        handling: Handling {
            path: args.path.clone(),
            max_body: args.max_body,
            read_timeout: args.read_timeout,
            checks: Checks::new(Secrets { candidates, others }, args.tolerance, reload),
            accept_invalid: args.accept_invalid,
            script: args.respond.clone().map(Script::new),
            forward,
        },
        store: if args.no_record { None } else { store },
        forward_to: args.forward_to.clone(),
    };
    let printer = Printer {
        ctx,
        args: &args,
        ca: ca.as_ref(),
        labels: &labels,
        resign_secret: resign_secret.as_ref(),
        counts: ListenCounts::default(),
        awaited: None,
    };
    serve(ctx, config, args.timeout, printer)
}

/// Adds the `--hook` webhooks' secrets to `candidates`, and returns the
/// other stored webhooks' secrets, which only explain a mismatch, the
/// `--hook` webhooks' ids, and a connection of its own to read them again
/// (none when no signature is checked). Without a store of its own to
/// record in, the store is read only if it exists.
fn others_and_hooks(
    ctx: &Context,
    args: &ListenArgs,
    store: Option<&Store>,
    candidates: &mut Vec<CandidateSecret>,
) -> Result<(Vec<CandidateSecret>, Vec<String>, Option<Store>)> {
    let mut checked_hooks = Vec::new();
    if let Some(store) = store {
        let (secrets, ids) = hook_secrets(args, store)?;
        candidates.extend(secrets);
        checked_hooks = ids;
    }
    if candidates.is_empty() {
        return Ok((Vec::new(), checked_hooks, None));
    }
    // A second connection, never a second `Store::open`: opening reads the
    // file through plain handles, and closing one would drop the recorder's
    // locks (see `Store::reopen`).
    let reader = match store {
        Some(store) => store.reopen().ok(),
        None => candidate_secrets::existing_store(ctx),
    };
    let others = match &reader {
        Some(reader) => candidate_secrets::other_webhooks(ctx, reader, &checked_hooks),
        None => Vec::new(),
    };
    Ok((others, checked_hooks, reader))
}

/// How the checks read the secrets again after a mismatch, through
/// `reader`: the `--hook` webhooks' by id (a rename changes nothing; a
/// rotation does), and the other webhooks', as the store has them then.
fn reload(given: Vec<CandidateSecret>, hook_ids: Vec<String>, reader: Store) -> ReloadSecrets {
    let reader = Mutex::new(reader);
    Box::new(move || {
        let store = reader.lock().unwrap_or_else(PoisonError::into_inner);
        let mut candidates = given.clone();
        for id in &hook_ids {
            candidates.extend(webhook_secrets(&store, id, None).ok()?.0);
        }
        let others = candidate_secrets::stored_others(&store, &hook_ids).ok()?;
        Some(Secrets { candidates, others })
    })
}

/// Listens until it is stopped, printing each event.
fn serve(
    ctx: &Context,
    config: ListenConfig,
    timeout: Option<std::time::Duration>,
    mut printer: Printer<'_>,
) -> Result<()> {
    match receive::listen(config, timeout, &mut |event| printer.on_event(event)) {
        Ok(stopped) => printer.finish(stopped),
        Err(e) => {
            // Once the JSON Lines have begun, the failure is one of them
            // (before, `main` prints it, as a line too).
            if ctx.out.json && ctx.out.has_printed_json() {
                let _ = printer.json_line(&ErrorDoc {
                    error: ErrorJson::from(&e),
                });
            }
            Err(e)
        }
    }
}

fn print_secret(ctx: &Context) -> Result<()> {
    let secret = ctx.store()?.listener_secret()?;
    if ctx.out.json {
        return ctx.out.print_json(&ListenerSecretDoc {
            listener_secret: secret.as_str(),
        });
    }
    ctx.out.print_line(secret.as_str())
}

/// The folder of the store, where the local CA lives.
fn store_folder(ctx: &Context) -> Result<PathBuf> {
    let path = match &ctx.db {
        Some(path) => path.clone(),
        None => store::default_path()?,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(std::fs::canonicalize(&folder).unwrap_or(folder))
}

/// The `--secret`s signatures are checked with, named masked.
fn given_secrets(args: &ListenArgs) -> Result<Vec<CandidateSecret>> {
    args.secrets
        .iter()
        .map(|text| CandidateSecret::given(text))
        .collect()
}

/// The stored secret of each `--hook`, named after its webhook, and the
/// one a rotation replaced while it still signs; and the webhooks' ids.
fn hook_secrets(args: &ListenArgs, store: &Store) -> Result<(Vec<CandidateSecret>, Vec<String>)> {
    let collection = scope(args.api_key.as_deref())?;
    let mut candidates = Vec::new();
    let mut ids = Vec::new();
    for ident in &args.hooks {
        let (secrets, id) = webhook_secrets(store, ident, collection.as_ref())?;
        candidates.extend(secrets);
        ids.push(id);
    }
    Ok((candidates, ids))
}

/// A webhook's secrets, named after it, the one a rotation replaced among
/// them while it still signs; and its id.
fn webhook_secrets(
    store: &Store,
    ident: &str,
    collection: Option<&ApiKey>,
) -> Result<(Vec<CandidateSecret>, String)> {
    let hook = store.find_hook(ident, collection)?;
    let previous = |_: &PreviousSecret| format!("{} (previous)", hook.name);
    let secrets = CandidateSecret::of_webhook(&hook, previous)?;
    Ok((secrets, hook.id))
}

/// `--forward-to`, without `--resign`'s key, which comes from the store.
fn forward(ctx: &Context, args: &ListenArgs) -> Result<Option<Forward>> {
    let Some(raw) = &args.forward_to else {
        return Ok(None);
    };
    let target = Target::parse(raw, ctx.policy, "--forward-to")?;
    let outbound = Outbound::new(target, args.ca_cert.as_deref(), args.forward_timeout)?;
    Ok(Some(Forward {
        outbound,
        resign: None,
        events: args.events.clone(),
    }))
}
