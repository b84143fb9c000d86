//! Reading what a Svix server holds of ours: the event types, the
//! collections' applications, their endpoints, and the secrets of the
//! endpoints that stand for stored webhooks. Reading changes nothing.

use std::collections::{BTreeSet, HashSet};

use super::api::{ApplicationOut, EndpointOut};
use super::client::SvixClient;
use super::desired::Desired;
use super::mapping::{app_uid, is_managed};
use crate::error::Result;

/// The part of the server the plan compares the store with.
#[derive(Debug, Default)]
pub struct Remote {
    pub event_types: BTreeSet<String>,
    /// Applications in scope: those with a stored collection's uid, and (for
    /// every collection) those the tool created.
    pub apps: Vec<RemoteApp>,
}

#[derive(Debug)]
pub struct RemoteApp {
    pub app: ApplicationOut,
    /// Empty for an application the tool did not create: it is never read
    /// further, let alone changed.
    pub endpoints: Vec<RemoteEndpoint>,
}

#[derive(Debug)]
pub struct RemoteEndpoint {
    pub endpoint: EndpointOut,
    /// Read only for the tool's own endpoints of stored webhooks, the only
    /// ones whose secret is compared.
    pub secret: Option<String>,
}

pub async fn read(client: &SvixClient, desired: &Desired) -> Result<Remote> {
    let event_types = client
        .list_event_types()
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let wanted_apps: HashSet<&str> = desired
        .collections
        .iter()
        .map(|c| c.app.uid.as_str())
        .collect();
    let apps = match &desired.scope {
        Some(key) => client
            .get_application(&app_uid(key))
            .await?
            .into_iter()
            .collect::<Vec<_>>(),
        None => client
            .list_applications()
            .await?
            .into_iter()
            .filter(|a| {
                is_managed(&a.metadata) || a.uid.as_deref().is_some_and(|u| wanted_apps.contains(u))
            })
            .collect(),
    };
    let wanted_endpoints: HashSet<&str> = desired
        .collections
        .iter()
        .flat_map(|c| c.endpoints.iter().map(|e| e.body.uid.as_str()))
        .collect();
    let mut remote_apps = Vec::with_capacity(apps.len());
    for app in apps {
        let endpoints = if is_managed(&app.metadata) {
            read_endpoints(client, &app, &wanted_endpoints).await?
        } else {
            Vec::new()
        };
        remote_apps.push(RemoteApp { app, endpoints });
    }
    Ok(Remote {
        event_types,
        apps: remote_apps,
    })
}

async fn read_endpoints(
    client: &SvixClient,
    app: &ApplicationOut,
    wanted: &HashSet<&str>,
) -> Result<Vec<RemoteEndpoint>> {
    let mut out = Vec::new();
    for endpoint in client.list_endpoints(&app.id).await? {
        let compared = is_managed(&endpoint.metadata)
            && endpoint.uid.as_deref().is_some_and(|u| wanted.contains(u));
        let secret = if compared {
            Some(client.endpoint_secret(&app.id, &endpoint.id).await?)
        } else {
            None
        };
        out.push(RemoteEndpoint { endpoint, secret });
    }
    Ok(out)
}
