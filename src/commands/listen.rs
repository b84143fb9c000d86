//! `listen`: a local receiver. Flags become the listener's configuration
//! (secrets, TLS, script, forwarding, store); each request it reports is
//! printed as a line (or a JSON Lines object), and `--once` turns the
//! verdict on the request it waited for into the exit code.

use std::path::PathBuf;

use super::Context;
use crate::cli::ListenArgs;
use crate::error::{Error, Result};
use crate::json::{
    ErrorDoc, ErrorJson, ListenCounts, ListenEndDoc, ListenSummary, ListenerSecretDoc,
    ListeningDoc, ListeningJson, ReceivedDetail, ReceivedJson, RequestDoc,
};
use crate::receive::{
    self, Checks, Forward, Handled, Handling, ListenConfig, ListenEvent, Listening, LocalCa, Next,
    Outbound, Report, STOP_GRACE, Script, Stopped, Target,
};
use crate::signing::Secret;
use crate::store::{self, SignatureState, Store};
use crate::verify::CandidateSecret;

pub fn run(ctx: &Context, args: ListenArgs) -> Result<()> {
    if args.print_secret {
        return print_secret(ctx);
    }
    // What needs no store is checked first, so that a bad flag leaves no
    // store behind.
    let mut tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(receive::own_identity(cert, key)?),
        _ => None,
    };
    let mut candidates = given_secrets(&args)?;
    let mut forward = forward(ctx, &args)?;
    let local_ca = args.tls && tls.is_none();
    let needs_store = !args.no_record || !args.hooks.is_empty() || args.resign || local_ca;
    let store = needs_store.then(|| ctx.store()).transpose()?;
    if let (Some(store), false) = (&store, args.no_record) {
        store.require_writable()?;
    }
    if let Some(store) = &store {
        candidates.extend(hook_secrets(&args, store)?);
    }
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
            checks: Checks {
                candidates,
                tolerance: args.tolerance,
            },
            accept_invalid: args.accept_invalid,
            script: args.respond.clone().map(Script::new),
            forward,
        },
        store: if args.no_record { None } else { store },
        forward_to: args.forward_to.clone(),
    };
    let mut printer = Printer {
        ctx,
        args: &args,
        ca: ca.as_ref(),
        labels: &labels,
        resign_secret: resign_secret.as_ref(),
        counts: ListenCounts::default(),
        awaited: None,
    };
    let stopped = receive::listen(config, args.timeout, &mut |event| printer.on_event(event))?;
    printer.finish(stopped)
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
        .map(|text| {
            let secret = Secret::parse(text)?;
            let label = secret.masked();
            Ok(CandidateSecret { label, secret })
        })
        .collect()
}

/// The stored secret of each `--hook`, named after its webhook.
fn hook_secrets(args: &ListenArgs, store: &Store) -> Result<Vec<CandidateSecret>> {
    args.hooks
        .iter()
        .map(|ident| {
            let hook = store.find_hook(ident)?;
            let secret = Secret::parse(&hook.secret).map_err(|e| {
                Error::invalid(format!("the stored secret of webhook {}: {e}", hook.name))
            })?;
            let label = format!("{} (current)", hook.name);
            Ok(CandidateSecret { label, secret })
        })
        .collect()
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

/// Prints what the listener reports, counts it, and watches for the
/// request `--once` waits for.
struct Printer<'a> {
    ctx: &'a Context,
    args: &'a ListenArgs,
    ca: Option<&'a LocalCa>,
    labels: &'a [String],
    resign_secret: Option<&'a Secret>,
    counts: ListenCounts,
    /// The request `--once` waited for, once it came.
    awaited: Option<Handled>,
}

impl Printer<'_> {
    fn on_event(&mut self, event: ListenEvent<'_>) -> Next {
        let printed = match event {
            ListenEvent::Listening(listening) => self.listening(listening),
            ListenEvent::Report(Report::Unrouted { method, path }) => {
                self.ctx.out.warn(&format!(
                    "{method} {path}: not the path served ({}); answered 404",
                    self.args.path.as_deref().unwrap_or("/")
                ));
                Ok(())
            }
            ListenEvent::Report(Report::Handled(handled)) => self.handled(handled),
            ListenEvent::Stopping(Stopped::Signal) => {
                eprintln!(
                    "stopping: no new requests are accepted; waiting up to {}s for those in flight",
                    STOP_GRACE.as_secs()
                );
                Ok(())
            }
            ListenEvent::Stopping(_) => Ok(()),
        };
        if let Err(e) = printed {
            self.ctx.out.warn(&e.to_string());
        }
        match self.awaited {
            Some(_) => Next::Stop,
            None => Next::Continue,
        }
    }

    fn handled(&mut self, handled: &Handled) -> Result<()> {
        let r = &handled.request;
        self.counts.received += 1;
        if r.valid() {
            self.counts.valid += 1;
        } else {
            self.counts.invalid += 1;
        }
        match r.forward.as_ref().map(|f| f.status.is_some()) {
            Some(true) => self.counts.forwarded += 1,
            Some(false) => self.counts.forward_failed += 1,
            None => {}
        }
        if let Some(why) = &handled.not_recorded {
            self.ctx
                .out
                .warn(&format!("a request was not recorded: {why}"));
        }
        let awaits = self.args.once
            && self.awaited.is_none()
            && self.args.expect.is_none_or(|e| r.event == Some(e));
        if awaits {
            self.awaited = Some(handled.clone());
        }
        let out = &self.ctx.out;
        if !out.json {
            return out.print_line(&out.request_lines(handled.id, r));
        }
        let forward_to = self.args.forward_to.as_deref();
        let summary = ReceivedJson::new(handled.id, r, forward_to);
        match out.verbose {
            true => self.json_line(&RequestDoc {
                request: ReceivedDetail::new(summary, r),
            }),
            false => self.json_line(&RequestDoc { request: summary }),
        }
    }

    fn listening(&self, listening: &Listening) -> Result<()> {
        let out = &self.ctx.out;
        let ca_path = self.ca.map(|ca| ca.cert_path.display().to_string());
        if let Some(warning) = self.ca.and_then(|ca| ca.key_warning.as_deref()) {
            out.warn(warning);
        }
        if !self.args.bind.is_loopback() {
            out.warn(&format!(
                "listening on {}, which other machines may reach: whatever they send is \
                 recorded{}",
                self.args.bind,
                if self.args.forward_to.is_some() {
                    " and forwarded"
                } else {
                    ""
                }
            ));
        }
        if out.json {
            return self.json_line(&ListeningDoc {
                listening: ListeningJson {
                    url: &listening.url,
                    bind: self.args.bind.to_string(),
                    port: listening.addr.port(),
                    path: self.args.path.as_deref(),
                    tls: self.args.tls || self.args.tls_cert.is_some(),
                    ca_path,
                    secrets: self.labels.iter().map(String::as_str).collect(),
                    forward_to: self.args.forward_to.as_deref(),
                    resign_secret: self.resign_secret.map(Secret::as_str),
                    recording: !self.args.no_record,
                },
            });
        }
        out.print_line(&self.banner(listening, ca_path.as_deref()))
    }

    fn banner(&self, listening: &Listening, ca_path: Option<&str>) -> String {
        let args = self.args;
        let mut lines = vec![format!(
            "Listening on {} ({}); Ctrl-C stops.",
            listening.url,
            match &args.path {
                Some(path) => format!("only {path}"),
                None => "every path".to_string(),
            }
        )];
        if let Some(ca_path) = ca_path {
            let made = self.ca.is_some_and(|ca| ca.created);
            lines.push(format!(
                "TLS certificate from the local CA {ca_path}{}; trust it with \
                 `fire --ca-cert {ca_path}` or ECHO3D_HOOKS_CA_CERT.",
                if made { " (made now)" } else { "" }
            ));
        }
        lines.push(match self.labels.is_empty() {
            true => "Signatures are not checked (give --hook or --secret).".to_string(),
            false => format!("Signatures are checked with {}.", self.labels.join(", ")),
        });
        if let Some(to) = &args.forward_to {
            let only = match args.events.is_empty() {
                true => String::new(),
                false => format!(
                    ", only {}",
                    args.events
                        .iter()
                        .map(|e| e.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let resigned = match self.resign_secret {
                Some(secret) => format!(", re-signed with {}", secret.as_str()),
                None => String::new(),
            };
            lines.push(format!("Forwarding to {to}{only}{resigned}."));
        }
        if args.no_record {
            lines.push("Not recording (--no-record).".to_string());
        }
        lines.join("\n")
    }

    fn json_line<T: serde::Serialize>(&self, doc: &T) -> Result<()> {
        let line = serde_json::to_string(doc)
            .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))?;
        self.ctx.out.json_printed();
        self.ctx.out.print_line(&line)
    }

    /// The summary, then the exit code: the verdict on the request `--once`
    /// waited for, or 12 when it did not come in time.
    fn finish(self, stopped: Stopped) -> Result<()> {
        let verdict = match stopped {
            Stopped::Deadline => Err(Error::TimedOut(format!(
                "no request{} came within {}",
                self.args
                    .expect
                    .map(|e| format!(" of {e}"))
                    .unwrap_or_default(),
                humantime::format_duration(self.args.timeout.unwrap_or_default())
            ))),
            Stopped::Caller => self.awaited.as_ref().map_or(Ok(()), verdict_of),
            Stopped::Signal => Ok(()),
        };
        let c = &self.counts;
        if self.ctx.out.json {
            self.json_line(&ListenEndDoc {
                summary: ListenSummary {
                    counts: c,
                    stopped_by: match stopped {
                        Stopped::Signal => "signal",
                        Stopped::Caller => "once",
                        Stopped::Deadline => "timeout",
                    },
                },
            })?;
            if let Err(e) = &verdict {
                self.json_line(&ErrorDoc {
                    error: ErrorJson::from(e),
                })?;
            }
        } else {
            self.ctx.out.print_line(&format!(
                "Stopped: {} received, {} valid, {} invalid, {} forwarded{}.",
                c.received,
                c.valid,
                c.invalid,
                c.forwarded,
                match c.forward_failed {
                    0 => String::new(),
                    n => format!(" ({n} could not be forwarded)"),
                }
            ))?;
        }
        verdict
    }
}

/// The verdict on one request as `verify`'s exit codes: 9, 10 or 11.
fn verdict_of(handled: &Handled) -> Result<()> {
    let r = &handled.request;
    let which = format!(
        "request {}{}",
        handled.id.map_or("-".to_string(), |id| format!("#{id}")),
        r.message_id
            .as_deref()
            .map(|m| format!(" ({m})"))
            .unwrap_or_default()
    );
    let detail = r.signature_detail.clone().unwrap_or_default();
    match r.signature {
        SignatureState::Mismatch => Err(Error::SignatureMismatch(format!(
            "{which}: no signature matches: {detail}"
        ))),
        SignatureState::TimestampOutsideTolerance => Err(Error::TimestampOutsideTolerance(
            format!("{which}: {detail}"),
        )),
        _ if !r.payload_errors.is_empty() => Err(Error::PayloadRejected(format!(
            "{which} passed its checks, but its payload breaks echo3D's rules: {}",
            r.payload_errors.join("; ")
        ))),
        _ => Ok(()),
    }
}
