//! The store's side of a Svix server: the event types, and one
//! application per collection with one endpoint per webhook, as the server
//! should hold them.

use std::collections::BTreeMap;

use super::api::{ApplicationIn, EndpointIn};
use super::mapping;
use crate::error::Result;
use crate::webhook::Webhook;

/// The store's side: what the server should hold.
#[derive(Debug)]
pub struct Desired {
    /// The one collection a command was limited to (`--api-key`), if any.
    pub scope: Option<String>,
    pub collections: Vec<DesiredCollection>,
}

#[derive(Debug)]
pub struct DesiredCollection {
    pub api_key: String,
    pub app: ApplicationIn,
    pub endpoints: Vec<DesiredEndpoint>,
}

#[derive(Debug)]
pub struct DesiredEndpoint {
    pub hook_name: String,
    /// With the webhook's secret.
    pub body: EndpointIn,
}

impl Desired {
    /// The server as `hooks` (the store, or one collection of it) want it.
    /// Refuses first, naming them, the webhooks whose secret Svix would
    /// refuse: nothing must change on the server when one would fail.
    pub fn from_hooks(hooks: &[Webhook], scope: Option<&str>) -> Result<Desired> {
        mapping::check_secrets(hooks)?;
        let mut by_key: BTreeMap<&str, Vec<&Webhook>> = BTreeMap::new();
        for hook in hooks {
            by_key.entry(&hook.api_key).or_default().push(hook);
        }
        let collections = by_key
            .into_iter()
            .map(|(api_key, hooks)| DesiredCollection {
                api_key: api_key.to_string(),
                app: mapping::application(api_key),
                endpoints: hooks
                    .into_iter()
                    .map(|h| DesiredEndpoint {
                        hook_name: h.name.clone(),
                        body: mapping::endpoint(h),
                    })
                    .collect(),
            })
            .collect();
        Ok(Desired {
            scope: scope.map(str::to_string),
            collections,
        })
    }
}
