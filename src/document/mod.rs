//! The export/import document: webhooks as a versioned JSON document, the
//! format `export` writes and `import` reads (the README's "The document
//! format" section).

pub mod plan;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The format's version; `import` refuses any other.
pub const FORMAT_VERSION: u32 = 1;

/// Largest document `import` accepts.
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "an export document object"
)]
pub struct Document {
    pub version: u32,
    /// The one collection this document covers, or `null` for every
    /// collection; `import --prune` deletes only within this scope. Required,
    /// even as `null`: a document that forgot it must not mean "every
    /// collection" to a prune.
    #[serde(deserialize_with = "Option::deserialize")]
    pub api_key: Option<String>,
    pub webhooks: Vec<HookSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "a webhook object"
)]
pub struct HookSpec {
    pub name: String,
    pub api_key: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    pub triggers: Vec<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn enabled_by_default() -> bool {
    true
}

impl Document {
    /// Reads a document's text; `shown` names its source in errors. It is
    /// read straight into its types; only a document that fails is read
    /// again, as a JSON tree, to say where.
    pub fn parse(bytes: &[u8], shown: &str) -> Result<Document> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::invalid(format!(
                "{shown} is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        match serde_json::from_str::<Document>(text) {
            Ok(doc) if doc.version == FORMAT_VERSION => Ok(doc),
            Ok(_) => Err(Document::refusal(text, shown, None)),
            Err(e) => Err(Document::refusal(text, shown, Some(e))),
        }
    }

    /// Why a document that did not parse is refused, as precisely as can be.
    fn refusal(text: &str, shown: &str, first: Option<serde_json::Error>) -> Error {
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => return Error::invalid(format!("{shown} is not JSON: {e}")),
        };
        if !value.is_object() {
            return Error::invalid(format!(
                "{shown} is not an echo3d-hooks export: expected an object with version, apiKey \
                 and webhooks"
            ));
        }
        // The version first: another version's fields are not errors, its
        // version is.
        match value.get("version") {
            None => {
                return Error::invalid(format!(
                    "{shown} is not an echo3d-hooks export: it has no `version` field"
                ));
            }
            Some(v) if v.as_u64() != Some(u64::from(FORMAT_VERSION)) => {
                return Error::invalid(format!(
                    "{shown} has format version {v}; this echo3d-hooks reads version \
                     {FORMAT_VERSION}"
                ));
            }
            Some(_) => {}
        }
        match serde_path_to_error::deserialize::<_, Document>(&value) {
            Err(e) => Error::invalid(format!(
                "{shown}: {}{}",
                entry_of(&value, e.path()),
                e.inner()
            )),
            // What only a reading of the text itself finds (a field given
            // twice, which a JSON tree keeps once).
            Ok(_) => match first {
                Some(e) => Error::invalid(format!("{shown}: {e}")),
                None => Error::Internal(format!("{shown} was read once but not twice")),
            },
        }
    }
}

/// Where a format error is, for people: `webhooks[2] ("crm"): field `url`: `
/// when it is inside an entry, else the field's path.
fn entry_of(value: &serde_json::Value, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    match segments.as_slice() {
        [Segment::Map { key }, Segment::Seq { index }, rest @ ..] if key == "webhooks" => {
            let name = value[key][*index]["name"]
                .as_str()
                .map(|n| format!(" ({n:?})"))
                .unwrap_or_default();
            let mut field = String::new();
            for segment in rest {
                if !field.is_empty() && !matches!(segment, Segment::Seq { .. }) {
                    field.push('.');
                }
                field.push_str(&segment.to_string());
            }
            if !field.is_empty() {
                field = format!("field `{field}`: ");
            }
            format!("webhooks[{index}]{name}: {field}")
        }
        [] | [Segment::Unknown] => String::new(),
        _ => format!("field `{path}`: "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_collection_must_be_stated_even_as_null() {
        let err = Document::parse(br#"{"version": 1, "webhooks": []}"#, "f.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `apiKey`"), "{err}");
        let doc =
            Document::parse(br#"{"version": 1, "apiKey": null, "webhooks": []}"#, "f").unwrap();
        assert_eq!(doc.api_key, None);
    }

    #[test]
    fn an_entry_error_names_the_entry() {
        let doc = br#"{"version": 1, "apiKey": null, "webhooks": [{"name": "crm", "apiKey": "k",
            "url": 3, "triggers": []}]}"#;
        let err = Document::parse(doc, "f.json").unwrap_err().to_string();
        assert!(
            err.starts_with(r#"f.json: webhooks[0] ("crm"): field `url`: "#),
            "{err}"
        );
    }
}
