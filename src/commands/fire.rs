//! `fire`: build an event's payload from flags (or a file) and send it to
//! every enabled webhook of the collection that is subscribed to the event.

use bytes::Bytes;
use serde::Serialize;
use std::io::Read;

use super::Context;
use super::send::{self, Planned};
use crate::cli::FireArgs;
use crate::error::{Error, Result};
use crate::event::{MAX_LIST_LEN, Payload, Trigger};
use crate::store::Store;
use crate::webhook::Recipient;

/// Largest `--payload` document accepted.
pub const MAX_PAYLOAD_BYTES: usize = 1024 * 1024;

pub fn run(ctx: &Context, args: FireArgs) -> Result<()> {
    let event = args.event;
    let payload = match &args.payload {
        Some(source) => payload_from_file(source, event, args.api_key.as_deref())?,
        None => payload_from_flags(event, &args)?,
    };
    payload.validate()?;
    let body = Bytes::from(payload.to_body());
    let clients = (!args.dry_run).then(|| send::PendingClients::start(ctx, &args.delivery));
    let store = ctx.store()?;
    let hooks = select_hooks(&store, &payload, &args.hooks)?;
    if args.dry_run {
        return print_dry_run(ctx, &body, &hooks, event, &payload.api_key);
    }
    if hooks.is_empty() {
        return Err(no_targets(event, &payload.api_key));
    }
    let planned: Vec<Planned<'_>> = hooks
        .iter()
        .map(|hook| Planned {
            hook,
            event,
            body: body.clone(),
        })
        .collect();
    let clients = clients.expect("started unless a dry run");
    send::send_new_with(ctx, &store, &planned, &args.delivery, clients)
}

fn no_targets(event: Trigger, api_key: &str) -> Error {
    Error::NoTargets(format!(
        "no enabled webhook of collection {api_key} is subscribed to {event}; nothing was sent \
         (see `echo3d-hooks list --api-key {api_key}`)"
    ))
}

pub(crate) fn payload_from_flags(event: Trigger, args: &FireArgs) -> Result<Payload> {
    let api_key = args.api_key.clone().ok_or_else(|| {
        Error::invalid("no API key: pass the collection's key with --api-key or set ECHO3D_API_KEY")
    })?;
    for (flag, count) in [("--entry", args.entries.len()), ("--meta", args.meta.len())] {
        if count > MAX_LIST_LEN {
            return Err(Error::invalid(format!(
                "{count} {flag} values given; at most {MAX_LIST_LEN} are allowed"
            )));
        }
    }
    let mut payload = Payload::empty(event, &api_key);
    payload.entry_ids = args.entries.clone();
    for pair in &args.meta {
        let (key, value) = parse_meta(pair)?;
        payload.metadata_keys.push(key);
        payload.metadata_values.push(value);
    }
    payload.statuses = args.status.iter().cloned().collect();
    payload.version_ids = args.version_id.iter().cloned().collect();
    Ok(payload)
}

/// Splits `KEY=VALUE` at the first `=`: keys cannot hold `=`, values can.
pub fn parse_meta(pair: &str) -> Result<(String, String)> {
    match pair.split_once('=') {
        Some((key, value)) => Ok((key.to_string(), value.to_string())),
        None => Err(Error::invalid(format!(
            "--meta {pair:?} has no `=`; write it as KEY=VALUE"
        ))),
    }
}

/// Reads a whole payload document. It must name the same event as the
/// command line, and the same collection as --api-key when both are given.
fn payload_from_file(source: &str, event: Trigger, api_key: Option<&str>) -> Result<Payload> {
    let bytes = read_capped(source)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::invalid(format!(
            "the payload {} is not UTF-8 text (invalid byte at offset {})",
            shown(source),
            e.valid_up_to()
        ))
    })?;
    // serde would also take the seven values as a bare array, in order.
    if !text.trim_start().starts_with('{') {
        return Err(Error::invalid(format!(
            "the payload {} is invalid: it is not a JSON object; it must be one object with \
             the seven fields of the spec",
            shown(source)
        )));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let payload: Payload = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            String::new()
        } else {
            format!("field `{path}`: ")
        };
        Error::invalid(format!(
            "the payload {} is invalid: {at}{}",
            shown(source),
            e.inner()
        ))
    })?;
    de.end().map_err(|e| {
        Error::invalid(format!(
            "the payload {} has trailing data: {e}",
            shown(source)
        ))
    })?;
    if payload.event != event {
        return Err(Error::invalid(format!(
            "the payload's event is {} but the command fires {event}; they must match",
            payload.event
        )));
    }
    if let Some(key) = api_key
        && key != payload.api_key
    {
        return Err(Error::invalid(format!(
            "the payload's apiKey {:?} differs from the API key {key:?} given by --api-key or \
             ECHO3D_API_KEY; an event is only sent within its own collection",
            payload.api_key
        )));
    }
    Ok(payload)
}

fn shown(source: &str) -> String {
    if source == "-" {
        "on stdin".to_string()
    } else {
        format!("file {source}")
    }
}

fn read_capped(source: &str) -> Result<Vec<u8>> {
    let reader: Box<dyn Read> =
        if source == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(source).map_err(|e| {
                Error::invalid(format!("cannot read the payload file {source}: {e}"))
            })?)
        };
    let mut bytes = Vec::new();
    reader
        .take(MAX_PAYLOAD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid(format!("cannot read the payload {}: {e}", shown(source))))?;
    if bytes.len() > MAX_PAYLOAD_BYTES {
        return Err(Error::invalid(format!(
            "the payload {} is larger than the limit of {MAX_PAYLOAD_BYTES} bytes",
            shown(source)
        )));
    }
    Ok(bytes)
}

/// The subscribed webhooks, narrowed by `--hook`; a named hook that would not
/// receive the event is refused rather than silently skipped.
fn select_hooks(store: &Store, payload: &Payload, named: &[String]) -> Result<Vec<Recipient>> {
    let subscribed = store.subscribed_hooks(&payload.api_key, payload.event)?;
    if named.is_empty() {
        return Ok(subscribed);
    }
    let mut chosen: Vec<Recipient> = Vec::new();
    for ident in named {
        let hook = store.find_hook(ident)?;
        if hook.api_key != payload.api_key {
            return Err(Error::invalid(format!(
                "webhook {} belongs to collection {}, not {}; an event never reaches another \
                 collection's webhooks",
                hook.name, hook.api_key, payload.api_key
            )));
        }
        if !hook.enabled {
            return Err(Error::invalid(format!(
                "webhook {} is disabled; enable it with `echo3d-hooks edit {} --enable`",
                hook.name, hook.id
            )));
        }
        if !subscribed.iter().any(|s| s.id == hook.id) {
            return Err(Error::invalid(format!(
                "webhook {} is not subscribed to {} (its triggers: {})",
                hook.name,
                payload.event,
                hook.triggers_text()
            )));
        }
        if chosen.iter().all(|c| c.id != hook.id) {
            chosen.push(Recipient::from(&hook));
        }
    }
    Ok(chosen)
}

/// The JSON form of a dry run: one body and where it would go. `test
/// --dry-run --json` prints a list of these, one per sample.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DryRun<'a> {
    event: Trigger,
    body: &'a str,
    targets: Vec<DryRunTarget<'a>>,
}

impl<'a> DryRun<'a> {
    pub(super) fn new(event: Trigger, body: &'a [u8], hooks: &'a [Recipient]) -> DryRun<'a> {
        DryRun {
            event,
            body: std::str::from_utf8(body).expect("payload bodies are UTF-8 JSON"),
            targets: hooks
                .iter()
                .map(|h| DryRunTarget {
                    id: &h.id,
                    name: &h.name,
                    url: &h.url,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct DryRunTarget<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
}

fn print_dry_run(
    ctx: &Context,
    body: &[u8],
    hooks: &[Recipient],
    event: Trigger,
    api_key: &str,
) -> Result<()> {
    if ctx.out.json {
        ctx.out.print_json(&DryRun::new(event, body, hooks))?;
    } else {
        let body = std::str::from_utf8(body).expect("payload bodies are UTF-8 JSON");
        ctx.out
            .print_line(&format!("Body ({} bytes):\n{body}\n", body.len()))?;
        if !hooks.is_empty() {
            let mut table = ctx.out.table(&["webhook", "id", "url"]);
            for h in hooks {
                table.add_row(vec![&h.name, &h.id, &h.url]);
            }
            ctx.out.print_table(&table)?;
            ctx.out.print_line(&format!(
                "Dry run: {} webhook(s) would receive this; nothing was sent.",
                hooks.len()
            ))?;
        }
    }
    if hooks.is_empty() {
        return Err(no_targets(event, api_key));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_splits_at_the_first_equals_sign() {
        assert_eq!(parse_meta("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert_eq!(parse_meta("k=").unwrap(), ("k".into(), "".into()));
        assert_eq!(
            parse_meta("clé é=v a l").unwrap(),
            ("clé é".into(), "v a l".into())
        );
        assert!(parse_meta("novalue").is_err());
    }
}
