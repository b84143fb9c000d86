//! The body of every webhook POST, and the rules of its event.
//!
//! The payload is the wire contract: its fields are declared in the spec's
//! order so that serde writes them in that order, and every list is a plain
//! `Vec` so that an empty list is written as `[]`, never omitted or `null`.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::{ApiKey, Count, Trigger};
use crate::error::Error;

/// Most entry IDs, metadata pairs, statuses or versions one payload may carry.
pub const MAX_LIST_LEN: usize = 1000;
/// Longest single value (an ID, a key, a value, a status) in characters.
pub const MAX_VALUE_CHARS: usize = 1024;

/// Exactly the spec's seven fields, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payload {
    pub event: Trigger,
    pub api_key: ApiKey,
    pub entry_ids: Vec<String>,
    pub metadata_keys: Vec<String>,
    pub metadata_values: Vec<String>,
    pub statuses: Vec<String>,
    pub version_ids: Vec<String>,
}

/// One rule a payload breaks, with the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The payload field as it is spelt on the wire, e.g. `entryIds`.
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Payload {
    pub fn empty(event: Trigger, api_key: &ApiKey) -> Payload {
        Payload {
            event,
            api_key: api_key.clone(),
            entry_ids: Vec::new(),
            metadata_keys: Vec::new(),
            metadata_values: Vec::new(),
            statuses: Vec::new(),
            version_ids: Vec::new(),
        }
    }

    /// The list fields, by their wire names, with what the event allows.
    fn lists(&self) -> [(&'static str, &Vec<String>, Count); 5] {
        let rule = self.event.rule();
        [
            ("entryIds", &self.entry_ids, rule.entry_ids),
            ("metadataKeys", &self.metadata_keys, rule.metadata),
            ("metadataValues", &self.metadata_values, rule.metadata),
            ("statuses", &self.statuses, rule.statuses),
            ("versionIds", &self.version_ids, rule.version_ids),
        ]
    }

    /// Every rule of its event and every size limit the payload breaks.
    pub fn violations(&self) -> Vec<Violation> {
        let mut found = Vec::new();
        for (field, values, count) in self.lists() {
            if values.len() > MAX_LIST_LEN {
                found.push(Violation {
                    field,
                    message: format!(
                        "{field} has {} values; at most {MAX_LIST_LEN} are allowed",
                        values.len()
                    ),
                });
            } else if !count.allows(values.len()) {
                found.push(Violation {
                    field,
                    message: format!(
                        "{} requires {field} to be {}, but it has {} value{}",
                        self.event,
                        count.describe(),
                        values.len(),
                        if values.len() == 1 { "" } else { "s" },
                    ),
                });
            }
            found.extend(
                values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, value)| value_violation(field, i, value)),
            );
        }
        if self.metadata_keys.len() != self.metadata_values.len() {
            found.push(Violation {
                field: "metadataValues",
                message: format!(
                    "metadataKeys and metadataValues are parallel lists and must have the same \
                     length, but there are {} keys and {} values",
                    self.metadata_keys.len(),
                    self.metadata_values.len()
                ),
            });
        }
        found
    }

    /// The first rule the payload breaks, as an error.
    pub fn validate(&self) -> Result<(), Violation> {
        match self.violations().into_iter().next() {
            Some(v) => Err(v),
            None => Ok(()),
        }
    }

    /// The exact bytes sent on the wire: compact JSON in the spec's field order.
    pub fn to_body(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a payload of strings always serializes")
    }
}

impl From<Violation> for Error {
    fn from(v: Violation) -> Error {
        Error::Invalid(v.message)
    }
}

fn value_violation(field: &'static str, index: usize, value: &str) -> Option<Violation> {
    let chars = value.chars().count();
    let message = if chars > MAX_VALUE_CHARS {
        format!(
            "{field}[{index}] is {chars} characters long; at most {MAX_VALUE_CHARS} are allowed"
        )
    } else if value.is_empty() && field != "metadataValues" {
        // Metadata values may legitimately be empty strings; identifiers,
        // keys and statuses may not, since echo3D never sends an empty one.
        format!("{field}[{index}] is empty; {field} values must not be empty")
    } else if value.chars().any(char::is_control) {
        format!("{field}[{index}] {value:?} contains a control character, which is not allowed")
    } else {
        return None;
    };
    Some(Violation { field, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_satisfies_its_own_rule() {
        for t in Trigger::ALL {
            assert_eq!(t.sample().violations(), []);
        }
    }

    #[test]
    fn body_keeps_the_spec_field_order_and_empty_lists() {
        let body = String::from_utf8(Trigger::Upload.sample().to_body()).unwrap();
        assert_eq!(
            body,
            r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#
        );
    }

    #[test]
    fn rules_refuse_wrong_counts_and_name_the_field() {
        let mut p = Trigger::Upload.sample();
        p.entry_ids.push("second".into());
        let v = p.validate().unwrap_err();
        assert_eq!(v.field, "entryIds");
        assert!(
            v.message
                .contains("Upload requires entryIds to be exactly 1"),
            "{v}"
        );

        let mut p = Trigger::AssetMetadataAdd.sample();
        p.metadata_values.pop();
        assert!(p.validate().unwrap_err().message.contains("same length"));
    }

    #[test]
    fn every_violation_is_reported_not_only_the_first() {
        let mut p = Trigger::Upload.sample();
        p.entry_ids.clear();
        p.statuses = vec![String::new()];
        let fields: Vec<_> = p.violations().iter().map(|v| v.field).collect();
        assert_eq!(fields, ["entryIds", "statuses", "statuses"]);
    }
}
