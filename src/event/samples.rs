//! The spec's sample payload of each trigger.

use super::{ApiKey, Payload, Trigger};

/// The API key the spec's samples use.
pub const SAMPLE_API_KEY: &str = "bold-sky-1234";

const ENTRY_A: &str = "a1b2c3d4-5678-90ab-cdef-1234567890ab";
const ENTRY_B: &str = "f9e8d7c6-5432-10fe-dcba-0987654321fe";

impl Trigger {
    /// The spec's sample payload for this trigger, with the spec's example key.
    pub fn sample(self) -> Payload {
        self.sample_for(&ApiKey::from_stored(SAMPLE_API_KEY.to_string()))
    }

    /// The spec's sample payload, carrying `api_key` so that it reaches the
    /// collection it is sent for.
    pub fn sample_for(self, api_key: &ApiKey) -> Payload {
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
