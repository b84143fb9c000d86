//! Received requests for people: the line `listen` prints for each one,
//! with its problems (and with `-v` its headers and body) below it, and
//! the short phrases the `received` table and record share.

use super::Output;
use crate::clock;
use crate::store::{Answer, ReceivedRequest, SignatureState};

/// Most payload problems printed under a request; the rest are counted.
const PROBLEMS_SHOWN: usize = 5;

/// `valid`, `mismatch`, `timestamp outside tolerance`, `not checked`.
pub fn signature_text(state: SignatureState) -> &'static str {
    match state {
        SignatureState::NotChecked => "not checked",
        SignatureState::Valid => "valid",
        SignatureState::Mismatch => "mismatch",
        SignatureState::TimestampOutsideTolerance => "timestamp outside tolerance",
    }
}

pub fn payload_text(r: &ReceivedRequest) -> String {
    match r.payload_errors.len() {
        0 => "valid".to_string(),
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    }
}

/// `204`, `held open (hang)`, `dropped (close)`.
pub fn answer_text(answer: Answer) -> String {
    match answer {
        Answer::Status(s) => s.to_string(),
        Answer::Hang => "held open (hang)".to_string(),
        Answer::Close => "dropped (close)".to_string(),
    }
}

/// `200 in 12 ms`, `failed in 3 ms: <why>`, or `-` when not forwarded.
pub fn forward_text(r: &ReceivedRequest) -> String {
    match &r.forward {
        None => "-".to_string(),
        Some(f) => match (f.status, &f.error) {
            (Some(status), _) => format!("{status} in {} ms", f.duration_ms),
            (None, error) => format!(
                "failed in {} ms: {}",
                f.duration_ms,
                error.as_deref().unwrap_or("no answer")
            ),
        },
    }
}

impl Output {
    /// The lines `listen` prints for one request.
    pub fn request_lines(&self, id: Option<i64>, r: &ReceivedRequest) -> String {
        let paint = |text: &str, ok: Option<bool>| match (self.color, ok) {
            (false, _) => text.to_string(),
            (true, Some(true)) => format!("\x1b[32m{text}\x1b[0m"),
            (true, Some(false)) => format!("\x1b[31m{text}\x1b[0m"),
            (true, None) => format!("\x1b[33m{text}\x1b[0m"),
        };
        let signature_ok = match r.signature {
            SignatureState::NotChecked => None,
            state => Some(state == SignatureState::Valid),
        };
        let answered_ok = matches!(r.answer, Answer::Status(s) if s < 400);
        let mut line = format!(
            "{} #{} {} {} {} {} signature {} payload {} → {}",
            clock::format_ms(r.received_at),
            id.map_or("-".to_string(), |id| id.to_string()),
            r.method,
            r.path,
            r.event.map_or("(no event)", |e| e.as_str()),
            r.message_id.as_deref().unwrap_or("(no webhook-id)"),
            paint(signature_text(r.signature), signature_ok),
            paint(&payload_text(r), Some(r.payload_errors.is_empty())),
            paint(&answer_text(r.answer), Some(answered_ok)),
        );
        if let Some(f) = &r.forward {
            let ok = f.status.is_some_and(|s| (200..300).contains(&s));
            line.push_str(&format!(" forward {}", paint(&forward_text(r), Some(ok))));
        }
        if !r.signature.passed()
            && let Some(detail) = &r.signature_detail
        {
            line.push_str(&format!("\n    signature: {detail}"));
        }
        for problem in r.payload_errors.iter().take(PROBLEMS_SHOWN) {
            line.push_str(&format!("\n    payload: {problem}"));
        }
        if r.payload_errors.len() > PROBLEMS_SHOWN {
            let more = r.payload_errors.len() - PROBLEMS_SHOWN;
            line.push_str(&format!(
                "\n    payload: … and {more} more (`received show` lists them all)"
            ));
        }
        if self.verbose {
            for header in r.headers.lines() {
                line.push_str(&format!("\n    | {header}"));
            }
            line.push_str(&format!("\n    | ({} bytes)", r.body_size));
            for body_line in String::from_utf8_lossy(&r.body).lines() {
                line.push_str(&format!("\n    | {body_line}"));
            }
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Trigger;
    use crate::output::ColorMode;
    use crate::store::Forwarded;

    #[test]
    fn a_request_reads_on_one_line_with_its_problems_below() {
        let request = ReceivedRequest {
            received_at: 1_795_716_000_000,
            method: "POST".into(),
            path: "/hooks".into(),
            headers: "content-type: application/json\n".into(),
            message_id: Some("msg_1".into()),
            event: Some(Trigger::Upload),
            body: bytes::Bytes::from_static(b"{}"),
            body_size: 2,
            signature: SignatureState::Mismatch,
            signature_detail: Some("no v1 entry".into()),
            payload_errors: vec!["missing field `event`".into()],
            answer: Answer::Status(401),
            forward: Some(Forwarded {
                status: Some(200),
                error: None,
                duration_ms: 12,
            }),
            duration_ms: 1,
        };
        let out = Output::new(false, ColorMode::Never, false);
        assert_eq!(
            out.request_lines(Some(17), &request),
            "2026-11-26T18:00:00Z #17 POST /hooks Upload msg_1 signature mismatch payload \
             1 problem → 401 forward 200 in 12 ms\n    signature: no v1 entry\n    payload: \
             missing field `event`"
        );
        let verbose = Output::new(false, ColorMode::Never, true);
        assert!(
            verbose
                .request_lines(None, &request)
                .ends_with("\n    | content-type: application/json\n    | (2 bytes)\n    | {}")
        );
    }
}
