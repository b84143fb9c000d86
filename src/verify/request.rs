//! Where the parts of a request to check come from: header files (`Name:
//! value` lines, as `curl -D` writes them or as `deliveries show` prints
//! them), raw HTTP/1.1 requests, and bodies, from files or stdin.

use std::io::Read;

use crate::error::{Error, Result};

/// Largest body or raw request read.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Largest header file read.
pub const MAX_HEADERS_BYTES: usize = 1024 * 1024;

/// The three Standard Webhooks header values, as far as a source gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignedHeaders {
    pub id: Option<String>,
    pub timestamp: Option<String>,
    pub signature: Option<String>,
}

/// A raw request's signed headers and its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRequest {
    pub headers: SignedHeaders,
    pub body: Vec<u8>,
    /// Bytes after the `Content-Length` the request declared; not part of
    /// its body.
    pub ignored_after_body: usize,
}

/// Which of the three headers a name is, with Svix's names as aliases.
fn signed_header(name: &str) -> Option<usize> {
    const NAMES: [[&str; 2]; 3] = [
        ["webhook-id", "svix-id"],
        ["webhook-timestamp", "svix-timestamp"],
        ["webhook-signature", "svix-signature"],
    ];
    NAMES
        .iter()
        .position(|pair| pair.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

impl SignedHeaders {
    /// Reads `Name: value` lines. Lines that are not headers (a status or
    /// request line, blank lines, the other text `deliveries show` prints)
    /// are skipped; a header given twice must have the same value both times.
    pub fn from_lines(text: &str, source: &str) -> Result<SignedHeaders> {
        let mut headers = SignedHeaders::default();
        let mut found_on: [usize; 3] = [0; 3];
        for (line_no, name, value) in header_lines(text) {
            let Some(which) = signed_header(name) else {
                continue;
            };
            let slot = match which {
                0 => &mut headers.id,
                1 => &mut headers.timestamp,
                _ => &mut headers.signature,
            };
            match slot {
                Some(earlier) if earlier != value => {
                    return Err(Error::invalid(format!(
                        "{source} gives {name} on line {line_no} a different value than line {}; \
                         keep the headers of one request only",
                        found_on[which]
                    )));
                }
                Some(_) => {}
                None => {
                    *slot = Some(value.to_string());
                    found_on[which] = line_no;
                }
            }
        }
        Ok(headers)
    }

    /// Each value given on the command line replaces the source's.
    pub fn or(self, other: SignedHeaders) -> SignedHeaders {
        SignedHeaders {
            id: self.id.or(other.id),
            timestamp: self.timestamp.or(other.timestamp),
            signature: self.signature.or(other.signature),
        }
    }

    /// The three values, or an error naming the first that is missing.
    pub fn complete(self, hint: &str) -> Result<(String, String, String)> {
        let missing = |header: &str| {
            Error::invalid(format!(
                "the {header} header is missing; {hint} (svix-* names are accepted too)"
            ))
        };
        Ok((
            self.id.ok_or_else(|| missing("webhook-id"))?,
            self.timestamp.ok_or_else(|| missing("webhook-timestamp"))?,
            self.signature.ok_or_else(|| missing("webhook-signature"))?,
        ))
    }
}

/// `(line number, name, value)` for each line that is a header: a token, a
/// colon, and a value with surrounding whitespace removed. Indentation and
/// CRLF line ends are allowed.
fn header_lines(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    let is_token = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    text.lines().enumerate().filter_map(move |(i, line)| {
        let (name, value) = line.trim_start().split_once(':')?;
        is_token(name).then(|| (i + 1, name, value.trim()))
    })
}

/// Splits a raw HTTP/1.1 request into its signed headers and its body: the
/// bytes after the first blank line, as many as `Content-Length` says when
/// the request has one.
pub fn parse_request(bytes: &[u8], source: &str) -> Result<RawRequest> {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = String::from_utf8_lossy(first_line);
    let parts: Vec<&str> = first_line.trim_end_matches('\r').split(' ').collect();
    if parts.len() != 3 || !parts[2].starts_with("HTTP/1.") || parts[0].is_empty() {
        return Err(Error::invalid(format!(
            "line 1 of {source} is not an HTTP/1.1 request line (like `POST /hooks HTTP/1.1`)"
        )));
    }
    let (head, rest) = split_head(bytes).ok_or_else(|| {
        Error::invalid(format!(
            "{source} has no blank line after its headers; a raw HTTP request is the request \
             line, the headers, a blank line and the body"
        ))
    })?;
    let head = String::from_utf8_lossy(head);
    let lookup = |wanted: &str| {
        header_lines(&head)
            .find(|(_, name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, _, value)| value.to_string())
    };
    if lookup("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked")) {
        return Err(Error::invalid(format!(
            "{source} has a chunked body; save the request with its body decoded and a \
             Content-Length"
        )));
    }
    let mut body = rest.to_vec();
    let mut ignored_after_body = 0;
    if let Some(declared) = lookup("content-length") {
        let length: usize = declared.parse().map_err(|_| {
            Error::invalid(format!(
                "{source} has Content-Length {declared:?}, which is not a number of bytes"
            ))
        })?;
        if body.len() < length {
            return Err(Error::invalid(format!(
                "{source} has a body of {} bytes, shorter than its Content-Length of {length}; \
                 the file may be cut short",
                body.len()
            )));
        }
        ignored_after_body = body.len() - length;
        body.truncate(length);
    }
    Ok(RawRequest {
        headers: SignedHeaders::from_lines(&head, source)?,
        body,
        ignored_after_body,
    })
}

/// The header section and what follows its blank line (CRLF or LF).
fn split_head(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = find(bytes, b"\r\n\r\n").map(|at| (at, 4));
    let lf = find(bytes, b"\n\n").map(|at| (at, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some((&bytes[..at], &bytes[at + len..]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads a file, or stdin for `-`, refusing more than `limit` bytes.
pub fn read_input(source: &str, what: &str, limit: usize) -> Result<Vec<u8>> {
    let shown = if source == "-" {
        format!("the {what} on stdin")
    } else {
        format!("the {what} file {source}")
    };
    let reader: Box<dyn Read> = if source == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(source)
                .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?,
        )
    };
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?;
    if bytes.len() > limit {
        return Err(Error::invalid(format!(
            "{shown} is larger than the limit of {limit} bytes"
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=";

    #[test]
    fn curl_dump_and_deliveries_show_formats_are_read() {
        let curl = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nWebhook-Id: msg_1\r\n\
             WEBHOOK-TIMESTAMP: 1795716000\r\nwebhook-signature:  {SIG} \r\n\r\n"
        );
        let shown = format!(
            "Attempt 1 at 2026-11-26T18:00:00Z to https://x/ — HTTP 200 in 3 ms\nRequest \
             headers:\n  content-type: application/json\n  webhook-id: msg_1\n  \
             webhook-timestamp: 1795716000\n  webhook-signature: {SIG}\nResponse excerpt (0 bytes):\n"
        );
        let svix = format!("svix-id: msg_1\nsvix-timestamp: 1795716000\nsvix-signature: {SIG}\n");
        let expected = SignedHeaders {
            id: Some("msg_1".into()),
            timestamp: Some("1795716000".into()),
            signature: Some(SIG.into()),
        };
        for text in [curl, shown, svix] {
            assert_eq!(SignedHeaders::from_lines(&text, "h.txt").unwrap(), expected);
        }
    }

    #[test]
    fn conflicting_repeats_are_refused_and_missing_headers_named() {
        let text = "webhook-id: a\nsvix-id: a\nwebhook-timestamp: 1\nsvix-timestamp: 2\n";
        let err = SignedHeaders::from_lines(text, "h.txt")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("svix-timestamp on line 4 a different value than line 3"),
            "{err}"
        );
        let partial = SignedHeaders::from_lines("webhook-id: a\nwebhook-timestamp: 1", "h")
            .unwrap()
            .complete("give --signature")
            .unwrap_err()
            .to_string();
        assert!(
            partial.starts_with("the webhook-signature header is missing"),
            "{partial}"
        );
    }

    #[test]
    fn raw_requests_keep_their_body_bytes() {
        let mut raw = b"POST /hooks HTTP/1.1\r\nHost: x\r\nwebhook-id: m\r\n\r\n".to_vec();
        raw.extend_from_slice(b"\x00\xff\r\n\r\nend");
        let parsed = parse_request(&raw, "r.http").unwrap();
        assert_eq!(parsed.body, b"\x00\xff\r\n\r\nend");
        assert_eq!(parsed.headers.id.as_deref(), Some("m"));

        let sized = parse_request(b"POST / HTTP/1.1\nContent-Length: 2\n\n{}\n", "r").unwrap();
        assert_eq!(
            (sized.body.as_slice(), sized.ignored_after_body),
            (&b"{}"[..], 1)
        );
    }

    #[test]
    fn broken_raw_requests_are_refused() {
        let cases: [(&[u8], &str); 5] = [
            (b"webhook-id: m\n\n{}", "is not an HTTP/1.1 request line"),
            (b"POST / HTTP/1.1\nwebhook-id: m\n", "no blank line"),
            (
                b"POST / HTTP/1.1\nContent-Length: 9\n\n{}",
                "shorter than its Content-Length",
            ),
            (
                b"POST / HTTP/1.1\nContent-Length: x\n\n{}",
                "not a number of bytes",
            ),
            (
                b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n2\r\n{}",
                "chunked",
            ),
        ];
        for (raw, problem) in cases {
            let err = parse_request(raw, "r").unwrap_err().to_string();
            assert!(err.contains(problem), "{err}");
        }
    }
}
