//! `schema --format openapi`: the OpenAPI 3.1 document, typed down to the
//! JSON Schemas it holds. Those (each event's payload schema, each header's
//! schema) stay `serde_json::Value`: they are the thing under test, handed
//! whole to a JSON Schema validator.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::Payload;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OpenApiDoc {
    pub openapi: String,
    pub info: Info,
    pub json_schema_dialect: String,
    /// One entry per event, by its name.
    pub webhooks: BTreeMap<String, PathItem>,
    pub components: Components,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    pub version: String,
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    pub post: Operation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<Parameter>,
    pub request_body: RequestBody,
    /// By status pattern (`2XX`, `410`, `default`).
    pub responses: BTreeMap<String, Response>,
}

/// A header the request carries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    pub required: bool,
    pub description: String,
    /// A JSON Schema, under test.
    pub schema: Value,
    pub example: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    pub description: String,
    pub required: bool,
    pub content: Content,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    #[serde(rename = "application/json")]
    pub json: MediaType,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    pub schema: Reference,
    pub example: Payload,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    #[serde(rename = "$ref")]
    pub target: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    /// Each event's payload schema, by the event's name; JSON Schemas under
    /// test.
    pub schemas: BTreeMap<String, Value>,
}
