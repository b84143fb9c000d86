//! The operations of Svix's API that the tool uses, with their request and
//! answer bodies, named and shaped as in the Svix server's OpenAPI document
//! (server 1.100.0). Answers keep only the fields the tool reads; unknown
//! fields are ignored, as the document allows the server to add them.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

use super::client::{Call, SvixClient};
use crate::error::Result;

pub type Metadata = BTreeMap<String, String>;

/// `ApplicationIn`.
#[derive(Debug, Clone, Serialize)]
pub struct ApplicationIn {
    pub name: String,
    pub uid: String,
    pub metadata: Metadata,
}

/// `ApplicationOut`.
#[derive(Debug, Clone, Deserialize)]
pub struct ApplicationOut {
    pub id: String,
    #[serde(default)]
    pub uid: Option<String>,
    #[serde(default)]
    pub metadata: Metadata,
}

/// `EventTypeIn`.
#[derive(Debug, Clone, Serialize)]
pub struct EventTypeIn {
    pub name: String,
    pub description: String,
}

/// `EventTypeOut`.
#[derive(Debug, Clone, Deserialize)]
pub struct EventTypeOut {
    pub name: String,
}

/// `EndpointIn` (create) and, without `secret`, `EndpointUpdate` (update):
/// the update replaces every field, so it is sent whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointIn {
    pub uid: String,
    pub url: String,
    pub description: String,
    pub disabled: bool,
    /// The subscribed event types (`filterTypes` in older servers, which
    /// 1.100.0 still accepts as an alias).
    pub event_types: Vec<String>,
    /// The message channels it takes (see `mapping::channels`).
    pub channels: Vec<String>,
    pub metadata: Metadata,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// `EndpointOut`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointOut {
    pub id: String,
    #[serde(default)]
    pub uid: Option<String>,
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub event_types: Option<Vec<String>>,
    /// 1.100.0 sends both names; older servers only this one.
    #[serde(default)]
    pub filter_types: Option<Vec<String>>,
    #[serde(default)]
    pub channels: Option<Vec<String>>,
    #[serde(default)]
    pub metadata: Metadata,
}

impl EndpointOut {
    pub fn subscribed(&self) -> Option<&Vec<String>> {
        self.event_types.as_ref().or(self.filter_types.as_ref())
    }
}

/// `EndpointSecretOut`.
#[derive(Deserialize)]
struct EndpointSecretOut {
    key: String,
}

/// `EndpointSecretRotateIn`.
#[derive(Serialize)]
struct EndpointSecretRotateIn<'a> {
    key: &'a str,
}

/// `MessageIn`: the payload goes as the bytes it is, so that receivers get
/// the spec's field order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageIn<'a> {
    pub event_type: &'a str,
    pub event_id: &'a str,
    pub channels: Vec<String>,
    pub payload: &'a RawValue,
}

/// What creating a message came to.
#[derive(Debug)]
pub enum MessageCreated {
    /// Created, with the server's status (202).
    New(u16, MessageOut),
    /// A message with this `eventId` exists (409).
    AlreadyAccepted,
    /// The application does not exist (404).
    NoApplication,
}

/// `MessageOut`.
#[derive(Debug, Clone, Deserialize)]
pub struct MessageOut {
    pub id: String,
}

const API: [&str; 2] = ["api", "v1"];

fn path<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    API.iter().copied().chain(rest.iter().copied()).collect()
}

fn json<T: Serialize>(body: &T) -> Vec<u8> {
    serde_json::to_vec(body).expect("request bodies serialise")
}

impl SvixClient {
    pub async fn list_event_types(&self) -> Result<Vec<EventTypeOut>> {
        self.list_all(path(&["event-type"])).await
    }

    /// Creates an event type; `false` when it exists already (409).
    pub async fn create_event_type(&self, body: &EventTypeIn) -> Result<bool> {
        let call = Call::with_body(Method::POST, path(&["event-type"]), json(body));
        let answer = self.send(&call).await?;
        match answer.status {
            200..=299 => Ok(true),
            409 => Ok(false),
            _ => Err(self.refusal(&call, &answer)),
        }
    }

    pub async fn list_applications(&self) -> Result<Vec<ApplicationOut>> {
        self.list_all(path(&["app"])).await
    }

    /// The application with this id or uid, or `None` (404).
    pub async fn get_application(&self, uid: &str) -> Result<Option<ApplicationOut>> {
        let call = Call::get(path(&["app", uid]));
        let answer = self.send(&call).await?;
        match answer.status {
            404 => Ok(None),
            200..=299 => self.parse(&call, &answer).map(Some),
            _ => Err(self.refusal(&call, &answer)),
        }
    }

    pub async fn create_application(&self, body: &ApplicationIn) -> Result<ApplicationOut> {
        let call = Call::with_body(Method::POST, path(&["app"]), json(body));
        self.request(&call).await
    }

    pub async fn list_endpoints(&self, app: &str) -> Result<Vec<EndpointOut>> {
        self.list_all(path(&["app", app, "endpoint"])).await
    }

    pub async fn create_endpoint(&self, app: &str, body: &EndpointIn) -> Result<EndpointOut> {
        let call = Call::with_body(Method::POST, path(&["app", app, "endpoint"]), json(body));
        self.request(&call).await
    }

    /// Replaces every field of an endpoint (`EndpointUpdate`: the body has
    /// no secret; that changes only through the rotate call).
    pub async fn update_endpoint(
        &self,
        app: &str,
        endpoint: &str,
        body: &EndpointIn,
    ) -> Result<EndpointOut> {
        let body = EndpointIn {
            secret: None,
            ..body.clone()
        };
        let call = Call::with_body(
            Method::PUT,
            path(&["app", app, "endpoint", endpoint]),
            json(&body),
        );
        self.request(&call).await
    }

    pub async fn delete_endpoint(&self, app: &str, endpoint: &str) -> Result<()> {
        let mut call = Call::get(path(&["app", app, "endpoint", endpoint]));
        call.method = Method::DELETE;
        self.execute(&call).await
    }

    pub async fn endpoint_secret(&self, app: &str, endpoint: &str) -> Result<String> {
        let call = Call::get(path(&["app", app, "endpoint", endpoint, "secret"]));
        let out: EndpointSecretOut = self.request(&call).await?;
        Ok(out.key)
    }

    /// Switches the endpoint to `key`; the server keeps signing with the
    /// old one as well for its grace period, so receivers can follow.
    pub async fn rotate_endpoint_secret(&self, app: &str, endpoint: &str, key: &str) -> Result<()> {
        let call = Call::with_body(
            Method::POST,
            path(&["app", app, "endpoint", endpoint, "secret", "rotate"]),
            json(&EndpointSecretRotateIn { key }),
        );
        self.execute(&call).await
    }

    /// Creates a message in application `app`.
    pub async fn create_message(&self, app: &str, body: &MessageIn<'_>) -> Result<MessageCreated> {
        let mut call = Call::with_body(Method::POST, path(&["app", app, "msg"]), json(body));
        // The answer would repeat the whole payload.
        call.query.push(("with_content", "false".to_string()));
        let answer = self.send(&call).await?;
        match answer.status {
            200..=299 => self
                .parse(&call, &answer)
                .map(|out| MessageCreated::New(answer.status, out)),
            409 => Ok(MessageCreated::AlreadyAccepted),
            404 => Ok(MessageCreated::NoApplication),
            _ => Err(self.refusal(&call, &answer)),
        }
    }

    /// The message with this id or `eventId`.
    pub async fn get_message(&self, app: &str, id_or_event_id: &str) -> Result<MessageOut> {
        let mut call = Call::get(path(&["app", app, "msg", id_or_event_id]));
        call.query.push(("with_content", "false".to_string()));
        self.request(&call).await
    }
}
