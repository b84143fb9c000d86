//! `received replay`: recorded requests sent again to the user's app,
//! signed afresh, each reported as it ends; a failed one makes the exit
//! code 7, as a failed delivery does for `fire`.

use comfy_table::Cell;

use crate::cli::ReplayArgs;
use crate::clock;
use crate::commands::Context;
use crate::deliver::describe;
use crate::error::{Error, Result};
use crate::event::ApiKey;
use crate::json::{
    ErrorJson, PlannedReplayJson, ReplayCounts, ReplayDryRunDoc, ReplayJson, ReplayTail,
    ReplayedRequest, StreamedList, header_object,
};
use crate::output::{Column, counted};
use crate::receive::{Outbound, PlannedReplay, Replayer, Sent, Target};
use crate::signing::Secret;
use crate::store::{ReceivedFilter, ReceivedRow, SignatureState, Store};

pub fn run(ctx: &Context, args: ReplayArgs) -> Result<()> {
    let store = ctx.store()?;
    let target = Target::parse(&args.to, ctx.policy, "--to")?;
    let rows = select(ctx, &store, &args)?;
    if rows.is_empty() {
        return Err(Error::NoTargets(
            "no received request matches; nothing was sent".into(),
        ));
    }
    let secret = signing_secret(&store, &args)?;
    let outbound = Outbound::new(target, args.ca_cert.as_deref(), args.timeout)?;
    let mut replayer = Replayer::new(outbound, secret.signer(), args.new_id);
    if args.dry_run {
        return dry_run(ctx, &mut replayer, &rows);
    }
    let url = replayer.outbound.target.url.to_string();
    let mut json = match ctx.out.json {
        true => Some(StreamedList::open(ReplayTail::KEY)?),
        false => None,
    };
    let mut grid = ctx.out.grid(&[
        Column::keep("received"),
        Column::keep("webhook-id"),
        Column::keep("event"),
        Column::shrink("result"),
        Column::keep("duration"),
    ]);
    let mut counts = ReplayCounts::default();
    replayer.replay_all(&rows, &mut |plan, sent| {
        counts.total += 1;
        match sent.succeeded() {
            true => counts.succeeded += 1,
            false => counts.failed += 1,
        }
        match &mut json {
            Some(list) => list.push(&replay_json(plan, sent, &url)),
            None => {
                let result = grid.verdict(
                    describe(sent.status, sent.error.as_deref()),
                    sent.succeeded(),
                );
                grid.add(vec![
                    Cell::new(plan.received_id),
                    Cell::new(&plan.message_id),
                    Cell::new(plan.event.map_or("-", |e| e.as_str())),
                    result,
                    Cell::new(format!("{} ms", sent.duration_ms)),
                ]);
                Ok(())
            }
        }
    })?;
    let verdict = match counts.failed {
        0 => Ok(()),
        failed => Err(Error::DeliveryFailed(format!(
            "{failed} of {} replays to {url} failed",
            counts.total
        ))),
    };
    match json {
        Some(list) => {
            ctx.out.json_printed();
            list.close(&ReplayTail {
                error: verdict.as_ref().err().map(ErrorJson::from),
                summary: counts,
            })?;
        }
        None => {
            ctx.out.print_grid(&grid)?;
            ctx.out.print_line(&format!(
                "{} replayed to {url}, {} failed, of {}.",
                counts.succeeded, counts.failed, counts.total
            ))?;
        }
    }
    verdict
}

fn replay_json<'a>(plan: &'a PlannedReplay, sent: &'a Sent, url: &'a str) -> ReplayJson<'a> {
    ReplayJson {
        request: ReplayedRequest::new(plan, url),
        state: if sent.succeeded() {
            "succeeded"
        } else {
            "failed"
        },
        status: sent.status,
        error: sent.error.as_deref(),
        duration_ms: sent.duration_ms,
    }
}

/// The named requests (all or nothing: one that cannot be sent again stops
/// the run), or those the filters match, oldest first (one that cannot is
/// skipped with a warning). A filter skips a request whose signature did
/// not match at the listener too: signed afresh, a forged or tampered
/// request would reach the app as genuine. Named by its id, it is sent.
fn select(ctx: &Context, store: &Store, args: &ReplayArgs) -> Result<Vec<ReceivedRow>> {
    if !args.ids.is_empty() {
        let mut ids = args.ids.clone();
        ids.sort_unstable();
        ids.dedup();
        let rows: Vec<ReceivedRow> = ids
            .iter()
            .map(|id| store.get_received(*id))
            .collect::<Result<_>>()?;
        if let Some(row) = rows.iter().find(|r| !r.request.body_complete()) {
            return Err(truncated(row));
        }
        return Ok(rows);
    }
    let filter = ReceivedFilter {
        event: args.event,
        since_ms: args.since.as_deref().map(clock::parse_since).transpose()?,
        oldest_first: true,
        ..ReceivedFilter::default()
    };
    let mut rows = Vec::new();
    let mut skipped = 0;
    store.for_each(&filter, |row| {
        let refused = match (row.request.body_complete(), row.request.signature) {
            (false, _) => Some(truncated(row).to_string()),
            (true, SignatureState::Mismatch) => Some(format!(
                "received request {} failed its signature check at the listener; name its id \
                 to replay it anyway",
                row.id
            )),
            _ => None,
        };
        match refused {
            None => rows.push(row.clone()),
            Some(why) => {
                skipped += 1;
                ctx.out.warn(&format!("skipped: {why}"));
            }
        }
        Ok(())
    })?;
    if rows.is_empty() && skipped > 0 {
        return Err(Error::NoTargets(format!(
            "{}, but none can be replayed (see the warnings above); nothing was sent",
            counted(
                skipped,
                "received request matches",
                "received requests match"
            )
        )));
    }
    Ok(rows)
}

/// Why a request whose body was not kept whole cannot be sent again: `listen`
/// refused it before its body arrived (413, 408), or kept only the first
/// 64 KiB of a larger one.
fn truncated(row: &ReceivedRow) -> Error {
    let request = &row.request;
    let why = match (request.body.is_empty(), request.answer.status()) {
        (true, Some(413)) => "`listen` refused it as larger than --max-body (413) and kept none \
                              of its body"
            .to_string(),
        (true, Some(408)) => "its body did not arrive within --read-timeout (408), so none of \
                              it was kept"
            .to_string(),
        _ => format!(
            "its body was {} bytes and only the first {} were kept",
            request.body_size,
            request.body.len()
        ),
    };
    Error::invalid(format!(
        "received request {} cannot be replayed: {why}",
        row.id
    ))
}

/// `--secret`, `--hook`'s stored secret, or the listener's own.
fn signing_secret(store: &Store, args: &ReplayArgs) -> Result<Secret> {
    if let Some(text) = &args.secret {
        return Secret::parse(text);
    }
    if let Some(ident) = &args.hook {
        let collection = args.api_key.as_deref().map(ApiKey::parse).transpose()?;
        let hook = store.find_hook(ident, collection.as_ref())?;
        return hook.signing_secret();
    }
    store.listener_secret()
}

fn dry_run(ctx: &Context, replayer: &mut Replayer, rows: &[ReceivedRow]) -> Result<()> {
    let url = replayer.outbound.target.url.to_string();
    let plans: Vec<PlannedReplay> = rows
        .iter()
        .map(|row| replayer.plan(row))
        .collect::<Result<_>>()?;
    if ctx.out.json {
        let replays = plans
            .iter()
            .map(|p| PlannedReplayJson {
                request: ReplayedRequest::new(p, &url),
                headers: header_object(
                    &p.headers
                        .iter()
                        .map(|(name, value)| format!("{name}: {value}\n"))
                        .collect::<String>(),
                ),
                body: String::from_utf8_lossy(&p.body).into_owned(),
            })
            .collect();
        return ctx.out.print_json(&ReplayDryRunDoc {
            dry_run: true,
            replays,
        });
    }
    for p in &plans {
        let headers: Vec<String> = p
            .headers
            .iter()
            .map(|(n, v)| format!("  {n}: {v}"))
            .collect();
        ctx.out.print_line(&format!(
            "Received request {} would go to {url}:\n{}\n\n{}\n",
            p.received_id,
            headers.join("\n"),
            String::from_utf8_lossy(&p.body)
        ))?;
    }
    ctx.out.print_line(&format!(
        "Dry run: {} request{}, nothing sent.",
        plans.len(),
        if plans.len() == 1 { "" } else { "s" }
    ))
}
