//! `verify`: is a received request genuine, and if not, why not. The
//! verdict is printed in full (a record, or `--json`), and the exit code
//! says which check failed first: 9 signature, 10 timestamp, 11 payload.

use super::{Context, candidate_secrets, scope};
use crate::cli::VerifyArgs;
use crate::clock;
use crate::error::{Error, Result};
use crate::json::VerifyDoc;
use crate::verify::request::{
    MAX_BODY_BYTES, MAX_HEADERS_BYTES, SignedHeaders, parse_request, read_input,
};
use crate::verify::{self, CandidateSecret, Clock, Outcome, Received, Verdict};
use crate::webhook::PreviousSecret;

pub fn run(ctx: &Context, args: VerifyArgs) -> Result<()> {
    let stdin_readers = [&args.body, &args.headers, &args.request]
        .iter()
        .filter(|source| source.as_deref() == Some("-"))
        .count();
    if stdin_readers > 1 {
        return Err(Error::invalid(
            "only one of --body, --headers and --request can read stdin (`-`)",
        ));
    }
    let (candidates, others) = secrets(ctx, &args)?;
    let (from_file, body) = request_parts(ctx, &args)?;
    let given = SignedHeaders {
        id: args.id.clone(),
        timestamp: args.timestamp.clone(),
        signature: args.signature.clone(),
    };
    let (id, timestamp, signature) = given.or(from_file).complete(
        "pass --id, --timestamp and --signature, or a --headers or --request file that has it",
    )?;
    let received = Received {
        id: &id,
        timestamp: &timestamp,
        signature: &signature,
        body: &body,
    };
    let clock = Clock {
        now: args.now.unwrap_or_else(|| clock::now_ms() / 1000),
        tolerance: args.tolerance,
    };
    let verdict = verify::check(&received, &candidates, &others, clock)?;
    let failure = failure(&verdict);
    print(ctx, &verdict, failure.as_ref())?;
    failure.map_or(Ok(()), Err)
}

/// The error a verdict ends with: its exit code says which check failed.
fn failure(verdict: &Verdict) -> Option<Error> {
    let because = |fallback: &str| match &verdict.diagnosis {
        Some(d) => d.message.clone(),
        None => fallback.to_string(),
    };
    match verdict.outcome() {
        Outcome::Genuine => None,
        Outcome::SignatureMismatch => Some(Error::SignatureMismatch(format!(
            "no signature matches: {}",
            because("")
        ))),
        Outcome::TimestampOutsideTolerance => Some(Error::TimestampOutsideTolerance(because(
            "the timestamp is outside the tolerance",
        ))),
        Outcome::PayloadRejected => Some(Error::PayloadRejected(format!(
            "the request is genuine, but its payload breaks echo3D's rules: {}",
            verdict.payload.errors.join("; ")
        ))),
    }
}

/// The secrets that may have signed the request, and the other stored
/// webhooks' secrets that may explain a mismatch. Without `--hook` the store
/// is read only if it exists, and one that cannot be read only costs that
/// explanation.
fn secrets(
    ctx: &Context,
    args: &VerifyArgs,
) -> Result<(Vec<CandidateSecret>, Vec<CandidateSecret>)> {
    let mut candidates: Vec<CandidateSecret> = args
        .secrets
        .iter()
        .map(|text| CandidateSecret::given(text))
        .collect::<Result<_>>()?;
    let store = match &args.hook {
        Some(_) => Some(ctx.store()?),
        None => candidate_secrets::existing_store(ctx),
    };
    let Some(store) = store else {
        return Ok((candidates, Vec::new()));
    };
    let collection = scope(args.api_key.as_deref())?;
    let hook = args
        .hook
        .as_deref()
        .map(|h| store.find_hook(h, collection.as_ref()))
        .transpose()?;
    if let Some(hook) = &hook {
        let previous = |p: &PreviousSecret| {
            let until = clock::format_ms(p.until_ms);
            format!("{} (previous, signs until {until})", hook.name)
        };
        candidates.extend(CandidateSecret::of_webhook(hook, previous)?);
    }
    let except: Vec<String> = hook.iter().map(|h| h.id.clone()).collect();
    let others = candidate_secrets::other_webhooks(ctx, &store, &except);
    Ok((candidates, others))
}

/// The headers a file gave (none for `--body` alone) and the body.
fn request_parts(ctx: &Context, args: &VerifyArgs) -> Result<(SignedHeaders, Vec<u8>)> {
    let shown = |source: &str| match source {
        "-" => "stdin".to_string(),
        file => file.to_string(),
    };
    if let Some(source) = &args.request {
        let raw = parse_request(
            &read_input(source, "request", MAX_BODY_BYTES)?,
            &shown(source),
        )?;
        if raw.ignored_after_body > 0 {
            ctx.out.warn(&format!(
                "{} has {} bytes after the body its Content-Length declares; they were not \
                 checked",
                shown(source),
                raw.ignored_after_body
            ));
        }
        return Ok((raw.headers, raw.body));
    }
    let headers = match &args.headers {
        Some(source) => {
            let bytes = read_input(source, "headers", MAX_HEADERS_BYTES)?;
            SignedHeaders::from_lines(&String::from_utf8_lossy(&bytes), &shown(source))?
        }
        None => SignedHeaders::default(),
    };
    let body_source = args.body.as_deref().unwrap_or("-");
    Ok((headers, read_input(body_source, "body", MAX_BODY_BYTES)?))
}

fn print(ctx: &Context, verdict: &Verdict, failure: Option<&Error>) -> Result<()> {
    if ctx.out.json {
        // The verdict carries its failure as every document does, so a
        // script reads one document whatever the exit code.
        return ctx.out.print_json(&VerifyDoc::of(verdict, failure));
    }
    let sig = &verdict.signature;
    let entries = format!(
        "{} v1 entr{}, {} of other versions, {} malformed",
        sig.v1_entries,
        if sig.v1_entries == 1 { "y" } else { "ies" },
        sig.other_versions,
        sig.malformed
    );
    let signature = match &sig.matched {
        Some(label) => format!("valid, signed with {label}; {entries}"),
        None => format!("no match; {entries}; tried {}", sig.tried.join(", ")),
    };
    let ts = &verdict.timestamp;
    // RFC 3339 reaches from 1970 to the year 9999.
    let when = match ts.value {
        0..=253_402_300_799 => format!(" ({})", clock::format_ms(ts.value * 1000)),
        _ => String::new(),
    };
    let payload = match (&verdict.payload.event, verdict.payload.is_valid()) {
        (Some(event), true) => format!("valid: {event}, the seven fields in order, its rule kept"),
        _ => verdict.payload.errors.join("\n"),
    };
    let mut rows = vec![
        ("signature", signature),
        (
            "timestamp",
            format!("{}{when}: {}", ts.value, ts.describe()),
        ),
        ("payload", payload),
    ];
    if let Some(d) = &verdict.diagnosis {
        rows.push(("diagnosis", d.message.clone()));
    }
    rows.push(("verdict", verdict.outcome().as_str().to_string()));
    ctx.out.print_grid(&ctx.out.record(&rows))
}
