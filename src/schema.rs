//! The payloads as a contract: a JSON Schema (draft 2020-12) of each event's
//! payload, generated from the rules and samples in `event.rs`, one document
//! for all nine events, and (in `openapi`) an OpenAPI 3.1 document with one
//! `webhooks` entry per event.
//!
//! The documents are typed structs, so that serde writes their keys in a
//! reader's order (the payload's fields in the spec's order), not sorted.

mod openapi;

use serde::{Serialize, Serializer};

use crate::event::{Count, MAX_API_KEY_CHARS, MAX_LIST_LEN, MAX_VALUE_CHARS, Payload, Trigger};

pub use openapi::openapi;

pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Values that must not hold a control character (Unicode category Cc),
/// written with `\u` escapes that every regular-expression dialect reads.
const NO_CONTROL: &str = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$";
/// An API key: no control character and no Unicode white space.
const API_KEY: &str =
    "^[^\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+$";

/// The JSON Schema of one event's payload.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PayloadSchema {
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    dialect: Option<&'static str>,
    title: &'static str,
    description: String,
    #[serde(rename = "type")]
    kind: &'static str,
    properties: Properties,
    required: [&'static str; 7],
    additional_properties: bool,
    examples: [Payload; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties {
    event: EventSchema,
    api_key: StringSchema,
    entry_ids: ListSchema,
    metadata_keys: ListSchema,
    metadata_values: ListSchema,
    statuses: ListSchema,
    version_ids: ListSchema,
}

#[derive(Serialize)]
struct EventSchema {
    description: &'static str,
    #[serde(rename = "const")]
    value: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StringSchema {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
    min_length: usize,
    max_length: usize,
    pattern: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListSchema {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    items: StringSchema,
    min_items: usize,
    max_items: usize,
}

/// The JSON Schema of every event's payload: one of nine, told apart by
/// `event`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllEventsSchema {
    #[serde(rename = "$schema")]
    dialect: &'static str,
    title: &'static str,
    description: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    required: [&'static str; 1],
    properties: EventEnum,
    one_of: Vec<Reference>,
    #[serde(rename = "$defs")]
    defs: Named<PayloadSchema>,
}

#[derive(Serialize)]
struct EventEnum {
    event: EventNames,
}

#[derive(Serialize)]
struct EventNames {
    #[serde(rename = "enum")]
    names: [&'static str; 9],
}

#[derive(Serialize)]
pub(crate) struct Reference {
    #[serde(rename = "$ref")]
    target: String,
}

/// Named entries written as a JSON object in the order given.
pub(crate) struct Named<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The payload schema of one event; `standalone` adds `$schema`, which a
/// schema embedded in another document leaves to it.
pub fn payload_schema(event: Trigger, standalone: bool) -> PayloadSchema {
    let rule = event.rule();
    let metadata_pairing = "metadataKeys[i] pairs with metadataValues[i]";
    let list = |what: &str, count: Count, items: StringSchema| {
        let (min_items, max_items) = bounds(count);
        let mut description = format!("{what}: {} for {event}.", words(count));
        if what.starts_with("The metadata") && count != Count::Empty {
            description.push_str(&format!(
                " {metadata_pairing}: both lists always have the same length (a rule JSON \
                 Schema cannot express; receivers must check it)."
            ));
        }
        ListSchema {
            kind: "array",
            description,
            items,
            min_items,
            max_items,
        }
    };
    PayloadSchema {
        dialect: standalone.then_some(DIALECT),
        title: event.as_str(),
        description: format!(
            "The body of an echo3D {event} webhook. Fired when: {} Payload rule: {}.",
            event.fired_when(),
            event.rule_summary()
        ),
        kind: "object",
        properties: Properties {
            event: EventSchema {
                description: "The trigger that fired.",
                value: event.as_str(),
            },
            api_key: StringSchema {
                kind: "string",
                description: Some("The API key of the collection."),
                min_length: 1,
                max_length: MAX_API_KEY_CHARS,
                pattern: API_KEY,
            },
            entry_ids: list("The affected entry (asset) IDs", rule.entry_ids, value(1)),
            metadata_keys: list("The metadata keys involved", rule.metadata, value(1)),
            metadata_values: list("The metadata values involved", rule.metadata, value(0)),
            statuses: list("The statuses involved", rule.statuses, value(1)),
            version_ids: list("The version IDs involved", rule.version_ids, value(1)),
        },
        required: crate::verify::payload::FIELDS,
        additional_properties: false,
        examples: [event.sample()],
    }
}

/// The schema of every event's payload, each under `$defs` by its name.
pub fn all_events_schema() -> AllEventsSchema {
    AllEventsSchema {
        dialect: DIALECT,
        title: "echo3D webhook payload",
        description: "The body of every echo3D webhook: one of the nine events' payloads, \
                      told apart by `event`.",
        kind: "object",
        required: ["event"],
        properties: EventEnum {
            event: EventNames {
                names: Trigger::ALL.map(Trigger::as_str),
            },
        },
        one_of: Trigger::ALL
            .iter()
            .map(|t| Reference::to(&format!("#/$defs/{t}")))
            .collect(),
        defs: Named(
            Trigger::ALL
                .iter()
                .map(|t| (t.to_string(), payload_schema(*t, false)))
                .collect(),
        ),
    }
}

impl Reference {
    pub(crate) fn to(target: &str) -> Reference {
        Reference {
            target: target.to_string(),
        }
    }
}

/// One value of a list: at most `MAX_VALUE_CHARS` characters, no control
/// characters, and not empty unless it is a metadata value.
fn value(min_length: usize) -> StringSchema {
    StringSchema {
        kind: "string",
        description: None,
        min_length,
        max_length: MAX_VALUE_CHARS,
        pattern: NO_CONTROL,
    }
}

fn bounds(count: Count) -> (usize, usize) {
    match count {
        Count::Empty => (0, 0),
        Count::ExactlyOne => (1, 1),
        Count::OneOrMore => (1, MAX_LIST_LEN),
        Count::AtMostOne => (0, 1),
    }
}

fn words(count: Count) -> &'static str {
    match count {
        Count::Empty => "always empty",
        Count::ExactlyOne => "exactly 1",
        Count::OneOrMore => "1 or more",
        Count::AtMostOne => "0 or 1",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_written_in_the_spec_order() {
        let schema = serde_json::to_string(&payload_schema(Trigger::Upload, true)).unwrap();
        let at = |key: &str| schema.find(&format!("\"{key}\":{{")).unwrap();
        let order = crate::verify::payload::FIELDS.map(at);
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{schema}");
        assert!(schema.starts_with(&format!("{{\"$schema\":\"{DIALECT}\"")));
    }

    #[test]
    fn the_rule_becomes_item_bounds() {
        let schema =
            serde_json::to_value(payload_schema(Trigger::AssetStatusUpdate, false)).unwrap();
        let props = &schema["properties"];
        assert_eq!(props["entryIds"]["minItems"], 1);
        assert_eq!(props["entryIds"]["maxItems"], 1);
        assert_eq!(props["statuses"]["minItems"], 0);
        assert_eq!(props["statuses"]["maxItems"], 1);
        assert_eq!(props["metadataKeys"]["maxItems"], 0);
        assert_eq!(props["event"]["const"], "AssetStatusUpdate");
        assert!(schema.get("$schema").is_none());
    }
}
