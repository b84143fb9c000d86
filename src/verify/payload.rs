//! Whether a received body is an echo3D payload `fire` would send: the rules
//! `fire` applies to a `--payload` document (one object, the seven fields,
//! each once and of the right type, no others; the event's rule and the size
//! limits), and the spec's field order, which `fire` always writes. Every
//! problem found is reported, not only the first.

use serde::de::DeserializeOwned;
use serde::de::Error as _;

use super::json::Json;
use crate::event::{ApiKey, Payload, Trigger};

/// The payload's fields, in the spec's order.
pub const FIELDS: [&str; 7] = [
    "event",
    "apiKey",
    "entryIds",
    "metadataKeys",
    "metadataValues",
    "statuses",
    "versionIds",
];

/// Most problems listed for one body; a body with thousands of bad values
/// gets a count of the rest instead.
const MAX_LISTED: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadCheck {
    /// The event the body names, when it names one of the nine.
    pub event: Option<Trigger>,
    /// Empty when the body is a valid payload.
    pub errors: Vec<String>,
}

impl PayloadCheck {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

pub fn check(body: &[u8]) -> PayloadCheck {
    let mut check = match parse_object(body) {
        Ok(pairs) => check_fields(&pairs),
        Err(problem) => PayloadCheck {
            event: None,
            errors: vec![problem],
        },
    };
    if check.errors.len() > MAX_LISTED {
        let more = check.errors.len() - MAX_LISTED;
        check.errors.truncate(MAX_LISTED);
        check.errors.push(format!("… and {more} more problems"));
    }
    check
}

fn parse_object(body: &[u8]) -> Result<Vec<(String, Json)>, String> {
    if body.trim_ascii().is_empty() {
        return Err(
            "the body is empty; an echo3D payload is one JSON object with the seven \
                    fields of the spec"
                .to_string(),
        );
    }
    if let Err(e) = std::str::from_utf8(body) {
        return Err(format!(
            "the body is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ));
    }
    match Json::parse(body).map_err(|e| format!("the body is not JSON: {e}"))? {
        Json::Object(pairs) => Ok(pairs),
        other => Err(format!(
            "the body is {}, not a JSON object; it must be one object with the seven fields \
             of the spec",
            other.kind()
        )),
    }
}

fn check_fields(pairs: &[(String, Json)]) -> PayloadCheck {
    let mut errors = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in pairs {
        if !FIELDS.contains(&key.as_str()) {
            errors.push(serde_json::Error::unknown_field(key, &FIELDS).to_string());
        } else if seen.contains(&key.as_str()) {
            errors.push(serde_json::Error::duplicate_field(field_name(key)).to_string());
        } else {
            seen.push(key);
        }
    }
    for field in FIELDS.iter().filter(|f| !seen.contains(f)) {
        errors.push(serde_json::Error::missing_field(field).to_string());
    }
    let in_spec_order: Vec<&str> = FIELDS.into_iter().filter(|f| seen.contains(f)).collect();
    if seen != in_spec_order {
        errors.push(format!(
            "the fields are not in the spec's order: they are {}, where the spec has {}",
            seen.join(", "),
            in_spec_order.join(", ")
        ));
    }
    let value = |field: &str| pairs.iter().find(|(k, _)| k == field).map(|(_, v)| v);
    let event: Option<Trigger> =
        value("event").and_then(|v| typed_or_push("event", v, &mut errors));
    let api_key: Option<ApiKey> =
        value("apiKey").and_then(|v| typed_or_push("apiKey", v, &mut errors));
    let lists: Vec<Option<Vec<String>>> = FIELDS[2..]
        .iter()
        .map(|f| value(f).and_then(|v| typed_or_push(f, v, &mut errors)))
        .collect();
    let lists: Option<[Vec<String>; 5]> = lists
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .and_then(|l| l.try_into().ok());
    // The rules are checked only on a payload `fire` could have parsed, so
    // that a field of the wrong type is not also reported as empty.
    if let (Some(event), Some(api_key), Some(lists)) = (event, api_key.clone(), lists) {
        let [
            entry_ids,
            metadata_keys,
            metadata_values,
            statuses,
            version_ids,
        ] = lists;
        let payload = Payload {
            event,
            api_key,
            entry_ids,
            metadata_keys,
            metadata_values,
            statuses,
            version_ids,
        };
        errors.extend(payload.violations().iter().map(|v| v.to_string()));
    }
    PayloadCheck { event, errors }
}

/// serde names fields with `&'static str`; every known field is one of these.
fn field_name(key: &str) -> &'static str {
    FIELDS.into_iter().find(|f| *f == key).unwrap_or("?")
}

/// The field's value as `T`, or `None` after noting why it is not one, in
/// the words `fire` uses (``field `entryIds[0]`: invalid type: …``).
fn typed_or_push<T: DeserializeOwned>(
    field: &str,
    value: &Json,
    errors: &mut Vec<String>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value.to_value()) {
        Ok(typed) => Some(typed),
        Err(e) => {
            let path = e.path().to_string();
            let at = if path == "." { String::new() } else { path };
            errors.push(format!("field `{field}{at}`: {}", e.inner()));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(body: &str) -> Vec<String> {
        check(body.as_bytes()).errors
    }

    #[test]
    fn every_sample_is_valid_and_names_its_event() {
        for t in Trigger::ALL {
            let check = check(&t.sample().to_body());
            assert_eq!(
                check,
                PayloadCheck {
                    event: Some(t),
                    errors: vec![]
                }
            );
        }
    }

    #[test]
    fn every_problem_is_reported() {
        let found = errors(
            r#"{"apiKey":"k","event":"Upload","entryIds":[1],"extra":0,"event":"Edit",
                "metadataKeys":[],"metadataValues":{},"statuses":[]}"#,
        );
        assert_eq!(
            found,
            [
                "unknown field `extra`, expected one of `event`, `apiKey`, `entryIds`, \
                 `metadataKeys`, `metadataValues`, `statuses`, `versionIds`",
                "duplicate field `event`",
                "missing field `versionIds`",
                "the fields are not in the spec's order: they are apiKey, event, entryIds, \
                 metadataKeys, metadataValues, statuses, where the spec has event, apiKey, \
                 entryIds, metadataKeys, metadataValues, statuses",
                "field `entryIds[0]`: invalid type: integer `1`, expected a string",
                "field `metadataValues`: invalid type: map, expected a sequence",
            ]
        );
    }

    #[test]
    fn rule_violations_are_all_listed_without_fire_flags() {
        let mut payload = Trigger::AssetMetadataAdd.sample();
        payload.entry_ids.clear();
        payload.metadata_values.pop();
        payload.statuses.push(String::new());
        let found = check(&payload.to_body()).errors;
        assert_eq!(
            found,
            [
                "AssetMetadataAdd requires entryIds to be 1 or more, but it has 0 values",
                "AssetMetadataAdd requires statuses to be empty, but it has 1 value",
                "statuses[0] is empty; statuses values must not be empty",
                "metadataKeys and metadataValues are parallel lists and must have the same \
                 length, but there are 2 keys and 1 values",
            ]
        );
    }

    #[test]
    fn bodies_that_are_not_payloads_say_what_they_are() {
        assert!(errors("")[0].starts_with("the body is empty"));
        assert!(errors("[1]")[0].starts_with("the body is an array, not a JSON object"));
        assert!(errors("{")[0].starts_with("the body is not JSON"));
        let binary = check(b"{\"event\":\"\xff\"}");
        assert_eq!(
            binary.errors,
            ["the body is not UTF-8 text (invalid byte at offset 10)"]
        );
        let unknown = errors(r#"{"event":"upload"}"#);
        assert!(
            unknown
                .iter()
                .any(|e| e.starts_with("field `event`: unknown variant `upload`")),
            "{unknown:?}"
        );
    }

    #[test]
    fn thousands_of_problems_are_counted_not_listed() {
        let mut payload = Trigger::Delete.sample();
        payload.entry_ids = vec![String::new(); 900];
        let found = check(&payload.to_body()).errors;
        assert_eq!(found.len(), MAX_LISTED + 1);
        assert_eq!(found[MAX_LISTED], "… and 850 more problems");
    }
}
