//! The events as an OpenAPI 3.1 document: one `webhooks` entry per event,
//! with the payload schema as its request body and the spec's sample as its
//! example, the three Standard Webhooks headers as parameters, and what the
//! sender makes of each answer. Svix's `event-type import-openapi` reads
//! this shape: the entry's name becomes the event type's name.

use serde::Serialize;

use super::{DIALECT, Named, PayloadSchema, Reference, payload_schema};
use crate::event::{Payload, Trigger};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenApi {
    openapi: &'static str,
    info: Info,
    json_schema_dialect: &'static str,
    webhooks: Named<PathItem>,
    components: Components,
}

#[derive(Serialize)]
struct Info {
    title: &'static str,
    version: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct PathItem {
    post: Operation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    operation_id: String,
    summary: String,
    description: String,
    parameters: [Parameter; 3],
    request_body: RequestBody,
    responses: Responses,
}

#[derive(Serialize)]
struct Parameter {
    name: &'static str,
    #[serde(rename = "in")]
    location: &'static str,
    required: bool,
    description: &'static str,
    schema: HeaderSchema,
    example: &'static str,
}

#[derive(Serialize)]
struct HeaderSchema {
    #[serde(rename = "type")]
    kind: &'static str,
    pattern: &'static str,
}

#[derive(Serialize)]
struct RequestBody {
    description: &'static str,
    required: bool,
    content: Content,
}

#[derive(Serialize)]
struct Content {
    #[serde(rename = "application/json")]
    json: MediaType,
}

#[derive(Serialize)]
struct MediaType {
    schema: Reference,
    example: Payload,
}

#[derive(Serialize)]
struct Responses {
    #[serde(rename = "2XX")]
    success: Response,
    #[serde(rename = "410")]
    gone: Response,
    default: Response,
}

#[derive(Serialize)]
struct Response {
    description: &'static str,
}

#[derive(Serialize)]
struct Components {
    schemas: Named<PayloadSchema>,
}

/// The OpenAPI document of `events` (all nine, or a chosen few).
pub fn openapi(events: &[Trigger]) -> OpenApi {
    OpenApi {
        openapi: "3.1.0",
        info: Info {
            title: "echo3D webhooks",
            version: env!("CARGO_PKG_VERSION"),
            description: "The webhooks echo3D sends: an HTTPS POST of a JSON payload for each \
                          event of a collection, signed with Standard Webhooks headers.",
        },
        json_schema_dialect: DIALECT,
        webhooks: Named(
            events
                .iter()
                .map(|t| {
                    (
                        t.to_string(),
                        PathItem {
                            post: operation(*t),
                        },
                    )
                })
                .collect(),
        ),
        components: Components {
            schemas: Named(
                events
                    .iter()
                    .map(|t| (t.to_string(), payload_schema(*t, false)))
                    .collect(),
            ),
        },
    }
}

fn operation(event: Trigger) -> Operation {
    Operation {
        operation_id: event.to_string(),
        summary: format!("echo3D {event} event"),
        description: format!(
            "{} Payload rule: {}.",
            event.fired_when(),
            event.rule_summary()
        ),
        parameters: headers(),
        request_body: RequestBody {
            description: "The payload: exactly the spec's seven fields, in order, as compact \
                          JSON. Verify the signature over these bytes before parsing them.",
            required: true,
            content: Content {
                json: MediaType {
                    schema: Reference::to(&format!("#/components/schemas/{event}")),
                    example: event.sample(),
                },
            },
        },
        responses: Responses {
            success: Response {
                description: "Any 2xx answer: the delivery succeeded.",
            },
            gone: Response {
                description: "Gone: the sender disables the webhook at once and sends it \
                              nothing more until it is enabled again.",
            },
            default: Response {
                description: "Any other answer is a failed delivery. A network error, a \
                              timeout, 408, 429 and 5xx are retried with exponential backoff \
                              (3 retries by default, honouring Retry-After); other 4xx and 3xx \
                              are not retried, and redirects are never followed.",
            },
        },
    }
}

fn headers() -> [Parameter; 3] {
    let header = |name, description, pattern, example| Parameter {
        name,
        location: "header",
        required: true,
        description,
        schema: HeaderSchema {
            kind: "string",
            pattern,
        },
        example,
    };
    [
        header(
            "webhook-id",
            "The message's id: the same for every attempt and redelivery of one delivery, \
             so it is the receiver's idempotency key.",
            "^\\S+$",
            "msg_9c1f0e0b7a3d4d55a0c1e2f3a4b5c6d7",
        ),
        header(
            "webhook-timestamp",
            "When the attempt was signed, in Unix seconds. Refuse a request whose timestamp \
             is too far from now (5 minutes is usual).",
            "^-?[0-9]+$",
            "1795716000",
        ),
        header(
            "webhook-signature",
            "Space-separated signatures; each `v1,` entry is the base64 HMAC-SHA256 of \
             `{webhook-id}.{webhook-timestamp}.{body}` under the key the webhook's `whsec_` \
             secret encodes. Any v1 entry may match; skip other versions.",
            "^\\S+( \\S+)*$",
            "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
        ),
    ]
}
