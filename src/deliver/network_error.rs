//! A transport error as a sentence a user can act on.
//!
//! reqwest reports a failed request as a chain of causes ("client error
//! (Connect): tcp connect error: Connection refused (os error 111)"), which
//! names layers of the HTTP stack rather than what happened. The causes
//! that are common and have a clear remedy get one sentence each; anything
//! else keeps its chain, without the layers' prefixes, so nothing is lost.

use std::error::Error as StdError;
use std::io::ErrorKind;

use super::attempt_result::{AttemptResult, Retry};
use super::resolver::CannotResolve;
use crate::address::AddressRefused;

/// Why an attempt got no response, and whether another attempt may help.
/// Refusals by the address policy and certificate failures are final;
/// other network errors are retried.
pub fn network_failure(e: &reqwest::Error) -> AttemptResult {
    let chain = causes(e);
    let refused = chain
        .iter()
        .any(|c| c.downcast_ref::<AddressRefused>().is_some());
    let (sentence, final_failure) = sentence(e, &chain);
    let retry = match refused || final_failure {
        true => Retry::No,
        false => Retry::After(None),
    };
    AttemptResult::fails(sentence, retry)
}

/// A failed request to another kind of server (the Svix server), as one
/// sentence: a delivery's, with `peer` for "the receiver", which every
/// sentence here starts with when it names the other end.
pub fn describe(e: &reqwest::Error, peer: &str) -> String {
    let text = sentence(e, &causes(e)).0;
    match text.strip_prefix("the receiver") {
        Some(rest) => format!("{peer}{rest}"),
        None => text,
    }
}

/// The sentence, and whether it is a failure another attempt cannot mend
/// (a refused certificate).
fn sentence(e: &reqwest::Error, chain: &[&(dyn StdError + 'static)]) -> (String, bool) {
    for cause in chain {
        if let Some(unresolved) = cause.downcast_ref::<CannotResolve>() {
            return (unresolved.to_string(), false);
        }
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            if let rustls::Error::InvalidCertificate(why) = tls {
                return (certificate_failure(tls, why), true);
            }
            if let Some(sentence) = tls_failure(tls) {
                return (sentence, false);
            }
        }
    }
    for &cause in chain {
        if let Some(sentence) = io_failure(cause).or_else(|| http_failure(cause)) {
            return (sentence, false);
        }
    }
    (chain_text(e, chain), false)
}

/// Every cause, outermost first. `io::Error` hides the error it wraps from
/// `source()`, so the walk looks inside it.
fn causes<'e>(e: &'e (dyn StdError + 'static)) -> Vec<&'e (dyn StdError + 'static)> {
    let mut chain = Vec::new();
    let mut current = Some(e);
    while let Some(err) = current {
        chain.push(err);
        current = match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    chain
}

fn io_failure(cause: &(dyn StdError + 'static)) -> Option<String> {
    let io = cause.downcast_ref::<std::io::Error>()?;
    let sentence = match io.kind() {
        ErrorKind::ConnectionRefused => {
            "the connection was refused: nothing accepts connections at that host and port"
        }
        ErrorKind::ConnectionReset => "the receiver reset the connection",
        ErrorKind::ConnectionAborted => "the connection was aborted",
        ErrorKind::HostUnreachable => "the host is unreachable from this machine",
        ErrorKind::NetworkUnreachable => "the host's network is unreachable from this machine",
        ErrorKind::TimedOut => "the connection timed out",
        ErrorKind::UnexpectedEof => {
            "the receiver closed the connection during the TLS handshake; is it serving HTTPS \
             on that port?"
        }
        _ => return None,
    };
    Some(sentence.to_string())
}

fn tls_failure(tls: &rustls::Error) -> Option<String> {
    match tls {
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => Some(
            "the receiver did not answer in TLS; is it serving plain HTTP on an https:// URL?"
                .to_string(),
        ),
        rustls::Error::AlertReceived(alert) => Some(format!(
            "the receiver ended the TLS handshake with the alert {alert:?}"
        )),
        rustls::Error::PeerIncompatible(why) => Some(format!(
            "the receiver's TLS and this tool's have nothing in common ({why:?}); it needs \
             TLS 1.2 or 1.3"
        )),
        _ => None,
    }
}

fn http_failure(cause: &(dyn StdError + 'static)) -> Option<String> {
    let http = cause.downcast_ref::<hyper::Error>()?;
    if http.is_incomplete_message() {
        return Some("the receiver closed the connection before it answered".to_string());
    }
    if http.is_parse() {
        return Some(format!("the receiver's answer is not HTTP/1.1 ({http})"));
    }
    None
}

/// The causes' own words, without the layers' prefixes and without the
/// URL, which the report shows beside the error.
fn chain_text(e: &reqwest::Error, chain: &[&(dyn StdError + 'static)]) -> String {
    let mut messages: Vec<String> = Vec::new();
    for cause in chain {
        let text = cause.to_string();
        let text = text
            .trim_start_matches("client error (Connect)")
            .trim_start_matches("client error (SendRequest)")
            .trim_start_matches(": ")
            .to_string();
        if text.is_empty() || text.contains("for url (") {
            continue;
        }
        if !messages.iter().any(|m| m.contains(&text)) {
            messages.push(text);
        }
    }
    if messages.is_empty() {
        messages.push(e.to_string());
    }
    messages.join(": ")
}

fn certificate_failure(tls: &rustls::Error, why: &rustls::CertificateError) -> String {
    let text = format!("the receiver's TLS certificate was refused ({tls})");
    match why {
        rustls::CertificateError::UnknownIssuer => format!(
            "{text}: it is not signed by an authority this machine trusts; to trust a private \
             CA, pass --ca-cert FILE or set ECHO3D_HOOKS_CA_CERT"
        ),
        _ => text,
    }
}
