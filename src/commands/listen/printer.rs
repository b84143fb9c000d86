//! What `listen` prints: the banner, a line (or a JSON Lines object) for
//! each request, the summary; and the exit code `--once` comes to.

use crate::cli::ListenArgs;
use crate::commands::Context;
use crate::error::{Error, Result};
use crate::json::{
    ErrorDoc, ErrorJson, ListenCounts, ListenEndDoc, ListenSummary, ListeningDoc, ListeningJson,
    ReceivedDetail, ReceivedJson, RequestDoc,
};
use crate::receive::{Handled, ListenEvent, Listening, LocalCa, Next, Report, STOP_GRACE, Stopped};
use crate::signing::Secret;
use crate::store::SignatureState;

/// Prints what the listener reports, counts it, and watches for the
/// request `--once` waits for.
pub struct Printer<'a> {
    pub ctx: &'a Context,
    pub args: &'a ListenArgs,
    pub ca: Option<&'a LocalCa>,
    pub labels: &'a [String],
    pub resign_secret: Option<&'a Secret>,
    pub counts: ListenCounts,
    /// The request `--once` waited for, once it came.
    pub awaited: Option<Handled>,
}

impl Printer<'_> {
    pub fn on_event(&mut self, event: ListenEvent<'_>) -> Next {
        let printed = match event {
            ListenEvent::Listening(listening) => self.listening(listening),
            ListenEvent::Report(Report::Unrouted {
                method,
                path,
                status,
                why,
            }) => {
                self.ctx
                    .out
                    .warn(&format!("{method} {path}: {why}; answered {status}"));
                Ok(())
            }
            ListenEvent::Report(Report::CertificateRefused { peer, alert }) => {
                self.ctx.out.warn(&format!(
                    "a client at {peer} refused this listener's TLS certificate (alert \
                     {alert}) and sent nothing; {}",
                    self.certificate_remedy(alert)
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
            let done = match (self.args.no_record, self.args.forward_to.is_some()) {
                (false, false) => "recorded",
                (false, true) => "recorded and forwarded",
                (true, true) => "forwarded",
                (true, false) => "answered",
            };
            // The URL below names loopback, where a sender on this machine
            // posts; this says where else the listener can be reached.
            let bound = match self.args.bind.is_unspecified() {
                true => format!("every address of this machine ({})", listening.addr),
                false => listening.addr.to_string(),
            };
            out.warn(&format!(
                "listening on {bound}, which other machines may reach: whatever they send is \
                 {done}"
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

    /// One JSON Lines document (`run` switched the output to them).
    pub fn json_line<T: serde::Serialize>(&self, doc: &T) -> Result<()> {
        self.ctx.out.print_json(doc)
    }

    /// The summary, then the exit code: the verdict on the request `--once`
    /// waited for, or 12 when it did not come in time.
    /// What to do about a refused certificate, by the client's alert: an
    /// unknown issuer is the local CA not trusted; a bad certificate is that,
    /// or a host name or address the certificate does not name.
    fn certificate_remedy(&self, alert: &str) -> String {
        let trust = match self.ca {
            Some(ca) => format!(
                "the sender must trust the local CA (`fire --ca-cert {}`)",
                ca.cert_path.display()
            ),
            None => "the sender must trust the certificate's issuer".to_string(),
        };
        match alert {
            "UnknownCA" => trust,
            "CertificateExpired" => "the sender finds the certificate expired or not yet \
                                     valid; check both machines' clocks"
                .to_string(),
            _ => {
                let names = match self.ca {
                    Some(_) => format!("localhost, 127.0.0.1, ::1 and {}", self.args.bind),
                    None => "those in --tls-cert".to_string(),
                };
                format!(
                    "{trust}, and reach the listener by a name or address the certificate \
                     names ({names})"
                )
            }
        }
    }

    pub fn finish(self, stopped: Stopped) -> Result<()> {
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
            // `--once` waited for a request that never came: a CI step
            // that was stopped must not pass as if it had seen one.
            Stopped::Signal if self.args.once => Err(Error::Interrupted(format!(
                "stopped by a signal before a request{} came",
                self.args
                    .expect
                    .map(|e| format!(" of {e}"))
                    .unwrap_or_default()
            ))),
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
