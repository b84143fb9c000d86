//! What the tool sends a Svix server, as tests read it from a request the
//! fake recorded (`FakeRequest::body_as`): typed mirrors of the request
//! bodies, holding only the fields the tool sends. The fake has already
//! checked each body against the server's own request schema; these make a
//! field the tool adds, drops or renames break the test that reads it.

use serde::Deserialize;

use crate::support::json::Payload;

/// `MessageIn` (`POST /api/v1/app/{app}/msg`): one hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SentMessage {
    pub event_type: String,
    /// `echo3d-` and the message id: what makes a repeat a 409.
    pub event_id: String,
    pub channels: Vec<String>,
    /// The echo3D payload, as it is delivered.
    pub payload: Payload,
}

/// `EndpointSecretRotateIn`: the webhook's new secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentRotation {
    pub key: String,
}
