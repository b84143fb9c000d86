//! The nine echo3D triggers, the payload every webhook receives, the per-event
//! rules of DESIGN.md's table, and the spec's sample payloads.
//!
//! The payload is the wire contract: its fields are declared in the spec's order
//! so that serde writes them in that order, and every list is a plain `Vec` so
//! that an empty list is written as `[]`, never omitted or `null`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// Most entry IDs, metadata pairs, statuses or versions one payload may carry.
pub const MAX_LIST_LEN: usize = 1000;
/// Longest single value (an ID, a key, a value, a status) in characters.
pub const MAX_VALUE_CHARS: usize = 1024;

/// One of the nine events echo3D fires, named exactly as on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Trigger {
    Upload,
    Processed,
    Edit,
    Delete,
    CollectionMetadataAdd,
    CollectionMetadataRemove,
    AssetMetadataAdd,
    AssetMetadataRemove,
    AssetStatusUpdate,
}

/// How many values a list field of the payload must hold for one event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Empty,
    ExactlyOne,
    OneOrMore,
    AtMostOne,
}

impl Count {
    fn allows(self, n: usize) -> bool {
        match self {
            Count::Empty => n == 0,
            Count::ExactlyOne => n == 1,
            Count::OneOrMore => n >= 1,
            Count::AtMostOne => n <= 1,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Count::Empty => "empty",
            Count::ExactlyOne => "exactly 1",
            Count::OneOrMore => "1 or more",
            Count::AtMostOne => "0 or 1",
        }
    }
}

/// The shape DESIGN.md's payload table gives one event.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub entry_ids: Count,
    /// Applies to both metadata lists, which must also be of equal length.
    pub metadata: Count,
    pub statuses: Count,
    pub version_ids: Count,
}

impl Trigger {
    /// All nine, in the spec's order; listings and "did you mean" use this order.
    pub const ALL: [Trigger; 9] = [
        Trigger::Upload,
        Trigger::Processed,
        Trigger::Edit,
        Trigger::Delete,
        Trigger::CollectionMetadataAdd,
        Trigger::CollectionMetadataRemove,
        Trigger::AssetMetadataAdd,
        Trigger::AssetMetadataRemove,
        Trigger::AssetStatusUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::Upload => "Upload",
            Trigger::Processed => "Processed",
            Trigger::Edit => "Edit",
            Trigger::Delete => "Delete",
            Trigger::CollectionMetadataAdd => "CollectionMetadataAdd",
            Trigger::CollectionMetadataRemove => "CollectionMetadataRemove",
            Trigger::AssetMetadataAdd => "AssetMetadataAdd",
            Trigger::AssetMetadataRemove => "AssetMetadataRemove",
            Trigger::AssetStatusUpdate => "AssetStatusUpdate",
        }
    }

    /// What makes echo3D fire this trigger, in the spec's words.
    pub fn fired_when(self) -> &'static str {
        match self {
            Trigger::Upload => "A new asset is uploaded to the collection.",
            Trigger::Processed => "A new asset is uploaded to the collection and fully processed.",
            Trigger::Edit => {
                "A new hologram is added to an existing asset (a new file version for the same entry)."
            }
            Trigger::Delete => "One or more assets are deleted from the collection.",
            Trigger::CollectionMetadataAdd => {
                "Metadata key-value pairs are added at the collection (project) level."
            }
            Trigger::CollectionMetadataRemove => {
                "Metadata key-value pairs are removed at the collection (project) level."
            }
            Trigger::AssetMetadataAdd => "Metadata key-value pairs are added to specific assets.",
            Trigger::AssetMetadataRemove => {
                "Metadata key-value pairs are removed from specific assets."
            }
            Trigger::AssetStatusUpdate => {
                "A status is updated on an asset or on a specific asset version."
            }
        }
    }

    pub fn rule(self) -> Rule {
        use Count::*;
        match self {
            Trigger::Upload | Trigger::Processed | Trigger::Edit => Rule {
                entry_ids: ExactlyOne,
                metadata: Empty,
                statuses: Empty,
                version_ids: Empty,
            },
            Trigger::Delete => Rule {
                entry_ids: OneOrMore,
                metadata: Empty,
                statuses: Empty,
                version_ids: Empty,
            },
            Trigger::CollectionMetadataAdd | Trigger::CollectionMetadataRemove => Rule {
                entry_ids: Empty,
                metadata: OneOrMore,
                statuses: Empty,
                version_ids: Empty,
            },
            Trigger::AssetMetadataAdd | Trigger::AssetMetadataRemove => Rule {
                entry_ids: OneOrMore,
                metadata: OneOrMore,
                statuses: Empty,
                version_ids: Empty,
            },
            Trigger::AssetStatusUpdate => Rule {
                entry_ids: ExactlyOne,
                metadata: Empty,
                statuses: AtMostOne,
                version_ids: AtMostOne,
            },
        }
    }

    /// The payload rule as one line, for `events` and error messages.
    pub fn rule_summary(self) -> String {
        let r = self.rule();
        format!(
            "entryIds: {}; metadata pairs: {}; statuses: {}; versionIds: {}",
            r.entry_ids.describe(),
            r.metadata.describe(),
            r.statuses.describe(),
            r.version_ids.describe()
        )
    }

    /// The spec's sample payload for this trigger, with the spec's example key.
    pub fn sample(self) -> Payload {
        self.sample_for(SAMPLE_API_KEY)
    }

    /// The spec's sample payload, carrying `api_key` so that it reaches the
    /// collection it is sent for.
    pub fn sample_for(self, api_key: &str) -> Payload {
        const ENTRY_A: &str = "a1b2c3d4-5678-90ab-cdef-1234567890ab";
        const ENTRY_B: &str = "f9e8d7c6-5432-10fe-dcba-0987654321fe";
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut p = Payload::empty(self, api_key);
        match self {
            Trigger::Upload | Trigger::Processed | Trigger::Edit => {
                p.entry_ids = strings(&[ENTRY_A]);
            }
            Trigger::Delete => p.entry_ids = strings(&[ENTRY_A, ENTRY_B]),
            Trigger::CollectionMetadataAdd | Trigger::CollectionMetadataRemove => {
                p.metadata_keys = strings(&["category", "environment"]);
                p.metadata_values = strings(&["furniture", "indoor"]);
            }
            Trigger::AssetMetadataAdd | Trigger::AssetMetadataRemove => {
                p.entry_ids = strings(&[ENTRY_A, ENTRY_B]);
                p.metadata_keys = strings(&["color", "size"]);
                p.metadata_values = strings(&["red", "large"]);
            }
            Trigger::AssetStatusUpdate => {
                p.entry_ids = strings(&[ENTRY_A]);
                p.statuses = strings(&["In Progress"]);
                p.version_ids = strings(&["1234567890ab"]);
            }
        }
        p
    }
}

/// The API key the spec's samples use.
pub const SAMPLE_API_KEY: &str = "bold-sky-1234";

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Trigger {
    type Err = Error;

    /// Case-insensitive, so that `upload` works on the command line; the stored
    /// and displayed form is always the spec's exact name.
    fn from_str(s: &str) -> Result<Self, Error> {
        if let Some(t) = Trigger::ALL
            .iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
        {
            return Ok(*t);
        }
        let valid = Trigger::ALL.map(Trigger::as_str).join(", ");
        let suggestion = Trigger::ALL
            .iter()
            .map(|t| {
                let score = strsim::jaro_winkler(&t.as_str().to_lowercase(), &s.to_lowercase());
                (score, *t)
            })
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, t)| format!(" (did you mean `{t}`?)"))
            .unwrap_or_default();
        Err(Error::Invalid(format!(
            "unknown trigger `{s}`{suggestion}; valid triggers are: {valid}"
        )))
    }
}

/// The body of every webhook POST: exactly the spec's seven fields, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payload {
    pub event: Trigger,
    pub api_key: String,
    pub entry_ids: Vec<String>,
    pub metadata_keys: Vec<String>,
    pub metadata_values: Vec<String>,
    pub statuses: Vec<String>,
    pub version_ids: Vec<String>,
}

impl Payload {
    pub fn empty(event: Trigger, api_key: &str) -> Payload {
        Payload {
            event,
            api_key: api_key.to_string(),
            entry_ids: Vec::new(),
            metadata_keys: Vec::new(),
            metadata_values: Vec::new(),
            statuses: Vec::new(),
            version_ids: Vec::new(),
        }
    }

    /// Checks the payload against its event's rule and the size limits; the
    /// error names the field and the rule it broke.
    pub fn validate(&self) -> Result<(), Error> {
        let first = self.violations().into_iter().next();
        first.map_or(Ok(()), |broken| Err(Error::Invalid(broken)))
    }

    /// Every rule and size limit the payload breaks, in field order, each
    /// naming the field; `validate` refuses with the first.
    pub fn violations(&self) -> Vec<String> {
        let (event, rule) = (self.event, self.event.rule());
        let mut found = Vec::new();
        if let Err(e) = crate::validate::api_key(&self.api_key) {
            found.push(e.to_string());
        }
        let lists: [(&str, &Vec<String>, Count); 5] = [
            ("entryIds", &self.entry_ids, rule.entry_ids),
            ("metadataKeys", &self.metadata_keys, rule.metadata),
            ("metadataValues", &self.metadata_values, rule.metadata),
            ("statuses", &self.statuses, rule.statuses),
            ("versionIds", &self.version_ids, rule.version_ids),
        ];
        for (field, values, count) in lists {
            let n = values.len();
            if n > MAX_LIST_LEN {
                found.push(format!(
                    "{field} has {n} values; at most {MAX_LIST_LEN} are allowed"
                ));
            } else if !count.allows(n) {
                found.push(format!(
                    "{event} requires {field} to be {}, but it has {n} value{} ({})",
                    count.describe(),
                    if n == 1 { "" } else { "s" },
                    flag_hint(field)
                ));
            }
            found.extend((values.iter().enumerate()).filter_map(|(i, v)| check_value(field, i, v)));
        }
        if self.metadata_keys.len() != self.metadata_values.len() {
            found.push(format!(
                "metadataKeys and metadataValues are parallel lists and must have the same length, \
                 but there are {} keys and {} values",
                self.metadata_keys.len(),
                self.metadata_values.len()
            ));
        }
        found
    }

    /// The exact bytes sent on the wire: compact JSON in the spec's field order.
    pub fn to_body(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a payload of strings always serializes")
    }
}

/// Which command-line flag fills a payload field, so refusals say what to change.
fn flag_hint(field: &str) -> &'static str {
    match field {
        "entryIds" => "set with --entry",
        "metadataKeys" | "metadataValues" => "set with --meta KEY=VALUE",
        "statuses" => "set with --status",
        _ => "set with --version",
    }
}

/// What is wrong with one value of a list, if anything.
fn check_value(field: &str, index: usize, value: &str) -> Option<String> {
    let chars = value.chars().count();
    // Metadata values may legitimately be empty strings; identifiers, keys and
    // statuses may not, since echo3D never sends an empty one.
    let problem = if chars > MAX_VALUE_CHARS {
        format!("is {chars} characters long; at most {MAX_VALUE_CHARS} are allowed")
    } else if value.is_empty() && field != "metadataValues" {
        format!("is empty; {field} values must not be empty")
    } else if value.chars().any(char::is_control) {
        format!("{value:?} contains a control character, which is not allowed")
    } else {
        return None;
    };
    Some(format!("{field}[{index}] {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_satisfies_its_own_rule() {
        for t in Trigger::ALL {
            t.sample().validate().unwrap();
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
    fn trigger_names_are_case_insensitive_and_suggest() {
        assert_eq!("upload".parse::<Trigger>().unwrap(), Trigger::Upload);
        let err = "Uplaod".parse::<Trigger>().unwrap_err().to_string();
        assert!(err.contains("did you mean `Upload`"), "{err}");
        let err = "zzz".parse::<Trigger>().unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
        assert!(err.contains("AssetStatusUpdate"), "{err}");
    }

    #[test]
    fn rules_refuse_wrong_counts() {
        let mut p = Trigger::Upload.sample();
        p.entry_ids.push("second".into());
        let err = p.validate().unwrap_err().to_string();
        assert!(
            err.contains("Upload requires entryIds to be exactly 1"),
            "{err}"
        );

        let mut p = Trigger::AssetMetadataAdd.sample();
        p.metadata_values.pop();
        let err = p.validate().unwrap_err().to_string();
        assert!(err.contains("same length"), "{err}");
    }
}
