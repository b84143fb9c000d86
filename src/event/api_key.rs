//! `ApiKey`: the API key that names an echo3D collection. A webhook belongs
//! to one collection, and a payload carries its collection's key, so the
//! key's rules live with the payload rather than with any one command.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::{Error, Result};

pub const MAX_API_KEY_CHARS: usize = 128;

/// A collection's API key that keeps the rules: non-empty, no whitespace or
/// control characters, at most `MAX_API_KEY_CHARS` characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApiKey(String);

impl ApiKey {
    pub fn parse(key: &str) -> Result<ApiKey> {
        if key.is_empty() {
            return Err(Error::invalid(
                "the API key is empty; pass the collection's key with --api-key or set \
                 ECHO3D_API_KEY",
            ));
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid(format!(
                "API key {key:?} contains whitespace or a control character, which is not allowed"
            )));
        }
        let chars = key.chars().count();
        if chars > MAX_API_KEY_CHARS {
            return Err(Error::invalid(format!(
                "API key is {chars} characters long; at most {MAX_API_KEY_CHARS} are allowed"
            )));
        }
        Ok(ApiKey(key.to_string()))
    }

    /// A key read back from the store, which only ever holds checked keys.
    pub fn from_stored(key: String) -> ApiKey {
        ApiKey(key)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ApiKey {
    type Error = Error;

    fn try_from(key: String) -> Result<ApiKey> {
        ApiKey::parse(&key)
    }
}

impl From<ApiKey> for String {
    fn from(key: ApiKey) -> String {
        key.0
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for ApiKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_rules() {
        assert!(ApiKey::parse("bold-sky-1234").is_ok());
        assert!(ApiKey::parse("").is_err());
        assert!(ApiKey::parse("a b").is_err());
        assert!(ApiKey::parse("a\u{7}").is_err());
        assert!(ApiKey::parse(&"k".repeat(128)).is_ok());
        assert!(ApiKey::parse(&"k".repeat(129)).is_err());
    }

    #[test]
    fn a_document_cannot_smuggle_in_a_bad_key() {
        let err = serde_json::from_str::<ApiKey>("\"a b\"").unwrap_err();
        assert!(err.to_string().contains("whitespace"), "{err}");
    }
}
