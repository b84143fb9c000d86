//! What echo3D sends: the nine triggers and the rule each sets for its
//! payload (the README's payload table), the collection's `ApiKey`, the
//! `Payload` itself, how one is built from user input, and the spec's samples.

mod api_key;
mod build;
mod payload;
mod samples;

pub use api_key::{ApiKey, MAX_API_KEY_CHARS};
pub use build::PayloadFlags;
#[cfg(test)]
pub use build::parse_meta;
pub use payload::{MAX_LIST_LEN, MAX_VALUE_CHARS, Payload};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::Error;

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
    pub fn allows(self, n: usize) -> bool {
        match self {
            Count::Empty => n == 0,
            Count::ExactlyOne => n == 1,
            Count::OneOrMore => n >= 1,
            Count::AtMostOne => n <= 1,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Count::Empty => "empty",
            Count::ExactlyOne => "exactly 1",
            Count::OneOrMore => "1 or more",
            Count::AtMostOne => "0 or 1",
        }
    }
}

/// The shape the payload table gives one event's payload.
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

    /// How the delivery log stores it: its place in the spec's order.
    pub fn code(self) -> i64 {
        Trigger::ALL
            .iter()
            .position(|t| *t == self)
            .expect("one of the nine") as i64
    }

    pub fn from_code(code: i64) -> Option<Trigger> {
        usize::try_from(code)
            .ok()
            .and_then(|i| Trigger::ALL.get(i))
            .copied()
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
}

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
        if s.trim().is_empty() {
            // "Upload," splits into "Upload" and "".
            return Err(Error::Invalid(format!(
                "an empty trigger name (a stray comma?); valid triggers are: {valid}"
            )));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_names_are_case_insensitive_and_suggest() {
        assert_eq!("upload".parse::<Trigger>().unwrap(), Trigger::Upload);
        let err = "Uplaod".parse::<Trigger>().unwrap_err().to_string();
        assert!(err.contains("did you mean `Upload`"), "{err}");
        let err = "zzz".parse::<Trigger>().unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
        assert!(err.contains("AssetStatusUpdate"), "{err}");
    }
}
