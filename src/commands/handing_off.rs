//! What `fire`, `test` and `redeliver` share when a Svix server delivers
//! (`--via svix`): its client, built from the delivery options; handing off
//! a command's messages with their report; and a dry run's plan.

use super::{Context, subscribed_hooks};
use crate::cli::{DeliveryArgs, SvixServerArgs};
use crate::deliver::History;
use crate::error::{Error, Result};
use crate::event::ApiKey;
use crate::json::PlannedMessage;
use crate::output::{HandoffReport, PlannedHandoff, print_handoff_dry_run};
use crate::store::Store;
use crate::svix::{self, ClientOptions, Planned, SvixClient};
use crate::webhook::Recipient;

/// A client of the Svix server, with the delivery options' TLS, timeouts
/// and retries. Checks where the server is and the token before anything
/// else, so that a refusal leaves no new store behind.
pub fn svix_client(server: &SvixServerArgs, delivery: &DeliveryArgs) -> Result<SvixClient> {
    if let Some(proxy) = &delivery.proxy {
        return Err(Error::invalid(format!(
            "--proxy {proxy:?} is for deliveries sent from here; with --via svix nothing goes to \
             the webhooks from here, and the Svix server is reached directly (a proxy would see \
             its token)"
        )));
    }
    let options = ClientOptions {
        ca_cert: delivery.ca_cert.as_deref(),
        retries: delivery.retries,
        backoff: delivery.backoff,
        max_retry_after: delivery.max_retry_after,
        connect_timeout: delivery.connect_timeout,
        timeout: delivery.timeout,
    };
    svix::connect(
        server.svix_url.as_deref(),
        server.svix_token_file.as_deref(),
        &options,
    )
}

/// Hands off `planned` and reports each as it ends; the result is the
/// hand-offs' verdict (see `HandoffSummary::verdict`).
pub fn hand_off(
    ctx: &Context,
    store: &Store,
    client: &SvixClient,
    planned: Vec<Planned>,
) -> Result<()> {
    let mut report = HandoffReport::new(&ctx.out, client.base_url());
    let mut unreported = None;
    let mut summary = svix::hand_off_all(store, client, planned, &mut |outcome| {
        if let Err(e) = report.on_end(outcome) {
            unreported.get_or_insert(e);
        }
    })?;
    let verdict = summary.verdict();
    report.finish(&summary, &verdict)?;
    if let Some(e) = unreported {
        return Err(e);
    }
    verdict
}

/// Prints what would be handed off, and to which of the store's webhooks
/// the server should deliver each message; contacts nobody.
pub fn dry_run(
    ctx: &Context,
    store: &Store,
    client: &SvixClient,
    planned: &[Planned],
) -> Result<()> {
    let mut shown = Vec::with_capacity(planned.len());
    for p in planned {
        let receivers = match &p.webhook {
            Some(w) => vec![Recipient::from(&store.find_hook(&w.id, None)?)],
            None => subscribed_hooks(store, &ApiKey::from_stored(p.api_key.clone()), p.event)?,
        };
        let logged = match p.history {
            History::Logged { id, .. } => Some(id),
            History::New => None,
        };
        let message = PlannedMessage {
            event: p.event,
            delivery_id: logged,
            message_id: logged.map(|_| p.message_id.as_str()),
            application: svix::app_uid(&p.api_key),
            channel: match &p.webhook {
                Some(w) => svix::webhook_channel(&w.id),
                None => svix::EVERY_WEBHOOK_CHANNEL.to_string(),
            },
            hook_id: p.webhook.as_ref().map(|w| w.id.as_str()),
        };
        shown.push(PlannedHandoff {
            message,
            receivers,
            body: &p.body,
        });
    }
    print_handoff_dry_run(&ctx.out, client.base_url(), &shown)
}
