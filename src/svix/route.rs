//! Whether a message for one webhook would reach that webhook's endpoint
//! and no other. Svix routes a message by its event type and channels; the
//! webhook's own channel reaches only its endpoint once a push has given
//! every endpoint its channels, and not before: an endpoint without
//! channels takes every message. So this is checked against the server
//! before such a message is handed off.

use super::api::EndpointOut;
use super::client::SvixClient;
use super::handoff::no_application;
use super::mapping::{self, WEBHOOK_NAME_KEY, is_managed};
use crate::error::{Error, Result};
use crate::event::Trigger;

/// The webhook a message is for.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    pub api_key: &'a str,
    pub hook_id: &'a str,
    pub hook_name: &'a str,
}

/// Refuses, naming the endpoint and the fix, when a message of any of
/// `events` on `target`'s own channel would miss its endpoint or reach
/// another one.
pub async fn check_reaches_only(
    client: &SvixClient,
    target: Target<'_>,
    events: &[Trigger],
) -> Result<()> {
    let app = mapping::app_uid(target.api_key);
    if client.get_application(&app).await?.is_none() {
        return Err(no_application(client, target.api_key));
    }
    let endpoints = client.list_endpoints(&app).await?;
    let channel = mapping::webhook_channel(target.hook_id);
    for &event in events {
        let mut reached = endpoints
            .iter()
            .filter(|e| takes(e, event.as_str(), &channel));
        let own = endpoints
            .iter()
            .find(|e| e.uid.as_deref() == Some(target.hook_id));
        if let Some(other) = reached.find(|e| e.uid.as_deref() != Some(target.hook_id)) {
            return Err(drift(
                target,
                &format!(
                    "a message of event {event} for webhook {} alone would also reach endpoint \
                     {}: it takes every channel, or this one",
                    target.hook_name,
                    shown(other)
                ),
            ));
        }
        match own {
            None => {
                return Err(drift(
                    target,
                    &format!("webhook {} has no endpoint there", target.hook_name),
                ));
            }
            Some(e) if !takes(e, event.as_str(), &channel) => {
                return Err(drift(
                    target,
                    &format!(
                        "the endpoint of webhook {} would not take a message of event {event} \
                         for it ({})",
                        target.hook_name,
                        why_not(e, event.as_str(), &channel)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Whether the server delivers a message of `event_type` on `channel` to
/// `endpoint`, as its own filter decides.
fn takes(endpoint: &EndpointOut, event_type: &str, channel: &str) -> bool {
    !endpoint.disabled
        && endpoint
            .subscribed()
            .is_none_or(|types| types.iter().any(|t| t == event_type))
        && endpoint
            .channels
            .as_ref()
            .is_none_or(|channels| channels.iter().any(|c| c == channel))
}

fn why_not(endpoint: &EndpointOut, event_type: &str, channel: &str) -> String {
    if endpoint.disabled {
        "it is disabled".to_string()
    } else if !takes(
        &EndpointOut {
            channels: None,
            ..endpoint.clone()
        },
        event_type,
        channel,
    ) {
        format!("it is not subscribed to {event_type}")
    } else {
        format!("it does not take the channel {channel}")
    }
}

/// An endpoint by its webhook's name when it has one, else by uid or id.
fn shown(endpoint: &EndpointOut) -> String {
    let id = endpoint.uid.as_deref().unwrap_or(&endpoint.id);
    match endpoint.metadata.get(WEBHOOK_NAME_KEY) {
        _ if !is_managed(&endpoint.metadata) => format!(
            "{id}, which echo3d-hooks did not create (a push leaves it alone: give it channels \
             on the server, or remove it)"
        ),
        Some(name) => format!("{id} (webhook {name})"),
        None => id.to_string(),
    }
}

fn drift(target: Target<'_>, what: &str) -> Error {
    Error::Drift(format!(
        "the Svix server differs from the store: {what}; nothing was handed off. `echo3d-hooks \
         svix push --api-key {}` makes it match (`svix status` shows the differences)",
        target.api_key
    ))
}
