//! Building a payload from what a user gives: `fire`'s flags, or a whole
//! JSON document. Both end in the same checks, and a refusal says where the
//! bad value came from: the flag to change, or the document and its field.

use serde_json::error::Category;

use super::{ApiKey, MAX_LIST_LEN, Payload, Trigger};
use crate::error::{Error, Result};

/// The payload's values as `fire`'s flags give them.
#[derive(Clone, Copy, Debug, Default)]
pub struct PayloadFlags<'a> {
    pub entries: &'a [String],
    /// `KEY=VALUE` pairs, in order.
    pub meta: &'a [String],
    pub status: Option<&'a str>,
    pub version_id: Option<&'a str>,
}

/// Which flag fills a payload field, so that a refusal says what to change.
fn flag_of(field: &str) -> &'static str {
    match field {
        "entryIds" => "--entry",
        "metadataKeys" | "metadataValues" => "--meta KEY=VALUE",
        "statuses" => "--status",
        _ => "--version-id",
    }
}

impl Payload {
    /// The payload of `event` for `api_key` from `fire`'s flags, checked
    /// against the event's rule.
    pub fn from_flags(
        event: Trigger,
        api_key: &ApiKey,
        flags: PayloadFlags<'_>,
    ) -> Result<Payload> {
        for (flag, count) in [
            ("--entry", flags.entries.len()),
            ("--meta", flags.meta.len()),
        ] {
            if count > MAX_LIST_LEN {
                return Err(Error::invalid(format!(
                    "{count} {flag} values given; at most {MAX_LIST_LEN} are allowed"
                )));
            }
        }
        let mut payload = Payload::empty(event, api_key);
        payload.entry_ids = flags.entries.to_vec();
        for pair in flags.meta {
            let (key, value) = parse_meta(pair)?;
            payload.metadata_keys.push(key);
            payload.metadata_values.push(value);
        }
        payload.statuses = flags.status.iter().map(|s| s.to_string()).collect();
        payload.version_ids = flags.version_id.iter().map(|s| s.to_string()).collect();
        payload
            .validate()
            .map_err(|v| Error::invalid(format!("{v} (set with {})", flag_of(v.field))))?;
        Ok(payload)
    }

    /// A whole payload document, as `--payload` reads it. `source` names it
    /// in errors ("the payload file p.json"). It must name `event`, and the
    /// collection `api_key` when one is given.
    pub fn from_document(
        bytes: &[u8],
        source: &str,
        event: Trigger,
        api_key: Option<&ApiKey>,
    ) -> Result<Payload> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::invalid(format!(
                "{source} is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        // serde would also take the seven values as a bare array, in order.
        if !text.trim_start().starts_with('{') {
            return Err(Error::invalid(format!(
                "{source} is invalid: it is not a JSON object; it must be one object with the \
                 seven fields of the spec"
            )));
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let payload: Payload = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| Error::invalid(format!("{source} is invalid: {}", located(&e))))?;
        de.end()
            .map_err(|e| Error::invalid(format!("{source} has trailing data: {e}")))?;
        if payload.event != event {
            return Err(Error::invalid(format!(
                "{source} is for {} but the command fires {event}; they must match",
                payload.event
            )));
        }
        if let Some(key) = api_key
            && *key != payload.api_key
        {
            return Err(Error::invalid(format!(
                "the apiKey {:?} of {source} differs from the API key {:?} given by --api-key \
                 or ECHO3D_API_KEY; an event is only sent within its own collection",
                payload.api_key.as_str(),
                key.as_str()
            )));
        }
        payload.validate().map_err(|v| {
            Error::invalid(format!(
                "{source} breaks a rule in field `{}`: {v}",
                v.field
            ))
        })?;
        Ok(payload)
    }
}

/// A parse error with where it is: the field when one is known, the line
/// and column (which serde_json's message carries) when the text itself is
/// broken.
fn located(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = e.path().to_string();
    let known_field = !matches!(e.inner().classify(), Category::Eof | Category::Syntax)
        && path != "."
        && !path.contains('?');
    if known_field {
        format!("field `{path}`: {}", e.inner())
    } else {
        e.inner().to_string()
    }
}

/// Splits `KEY=VALUE` at the first `=`: keys cannot hold `=`, values can.
pub fn parse_meta(pair: &str) -> Result<(String, String)> {
    match pair.split_once('=') {
        Some((key, value)) => Ok((key.to_string(), value.to_string())),
        None => Err(Error::invalid(format!(
            "--meta {pair:?} has no `=`; write it as KEY=VALUE"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ApiKey {
        ApiKey::parse("bold-sky-1234").unwrap()
    }

    #[test]
    fn meta_splits_at_the_first_equals_sign() {
        assert_eq!(parse_meta("a=b=c").unwrap(), ("a".into(), "b=c".into()));
        assert_eq!(parse_meta("k=").unwrap(), ("k".into(), "".into()));
        assert_eq!(
            parse_meta("clé é=v a l").unwrap(),
            ("clé é".into(), "v a l".into())
        );
        assert!(parse_meta("novalue").is_err());
    }

    #[test]
    fn a_flag_refusal_names_the_flag() {
        let err = Payload::from_flags(Trigger::Upload, &key(), PayloadFlags::default())
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("(set with --entry)"), "{err}");
    }

    #[test]
    fn a_document_refusal_names_the_document_and_the_field() {
        let doc = br#"{"event":"Upload","apiKey":"k","entryIds":[],"metadataKeys":[],
            "metadataValues":[],"statuses":[],"versionIds":[]}"#;
        let err = Payload::from_document(doc, "the payload file p.json", Trigger::Upload, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the payload file p.json breaks a rule in field `entryIds`"),
            "{err}"
        );
        assert!(!err.contains("--entry"), "{err}");
    }

    #[test]
    fn broken_json_is_located_by_line_not_by_an_unknown_field() {
        let err = Payload::from_document(
            b"{\"event\":\n",
            "the payload on stdin",
            Trigger::Upload,
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains('?'), "{err}");
    }
}
