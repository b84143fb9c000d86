//! The payload builder, driven through `fire`'s real command line, accepts
//! exactly the payloads that keep every rule; a payload's body is the spec's
//! seven fields in order and survives a round trip; `--meta` splits right.

use clap::Parser;
use proptest::prelude::*;
use std::ops::RangeInclusive;

use crate::cli::{Cli, Command};
use crate::event::{ApiKey, Payload, PayloadFlags, Trigger, parse_meta};

/// A string a CI script might pass as one value: mostly plausible, sometimes
/// empty, with a control character, non-ASCII, or around the length limit.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        20 => "[a-zA-Z0-9_. -]{1,12}",
        1 => Just(String::new()),
        1 => "[a-z]{0,3}[\\x00-\\x1f\\x7f][a-z]{0,3}",
        1 => "\\PC{1,8}",
        1 => prop::sample::select(vec![1023usize, 1024, 1025]).prop_map(|n| "v".repeat(n)),
    ]
}

fn api_key() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-z]{3,8}-[a-z]{3,8}-[0-9]{4}",
        1 => Just(String::new()),
        1 => "[a-z]{1,3}[ \\t][a-z]{1,3}",
        1 => prop::sample::select(vec![128usize, 129]).prop_map(|n| "k".repeat(n)),
    ]
}

/// A `--meta` argument: mostly KEY=VALUE, sometimes without `=`.
fn meta_arg() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (value(), value()).prop_map(|(k, v)| format!("{}={v}", k.replace('=', ""))),
        1 => "[a-z]{1,6}",
    ]
}

/// A list length: mostly one the event allows, so that valid payloads are
/// common, sometimes any small one.
fn count_within(allowed: RangeInclusive<usize>) -> impl Strategy<Value = usize> {
    let (lo, hi) = (*allowed.start(), (*allowed.end()).min(3));
    prop_oneof![3 => lo..=hi, 1 => 0..=3usize]
}

/// `fire`'s flags for one event: entries, `--meta` arguments, a status and a
/// version.
type FireFlags = (Vec<String>, Vec<String>, Option<String>, Option<String>);

fn fire_flags(event: Trigger) -> impl Strategy<Value = FireFlags> {
    let [entries, metadata, statuses, versions] = table_row(event);
    let optional = |allowed| {
        count_within(allowed).prop_flat_map(|n| {
            if n == 0 {
                Just(None).boxed()
            } else {
                value().prop_map(Some).boxed()
            }
        })
    };
    (
        count_within(entries).prop_flat_map(|n| prop::collection::vec(value(), n)),
        count_within(metadata).prop_flat_map(|n| prop::collection::vec(meta_arg(), n)),
        optional(statuses),
        optional(versions),
    )
}

/// How many values the README's payload table allows each list of an event:
/// entryIds, metadata pairs, statuses, versionIds.
fn table_row(event: Trigger) -> [RangeInclusive<usize>; 4] {
    let many = 1..=1000;
    match event.as_str() {
        "Upload" | "Processed" | "Edit" => [1..=1, 0..=0, 0..=0, 0..=0],
        "Delete" => [many, 0..=0, 0..=0, 0..=0],
        "CollectionMetadataAdd" | "CollectionMetadataRemove" => [0..=0, many, 0..=0, 0..=0],
        "AssetMetadataAdd" | "AssetMetadataRemove" => [many.clone(), many, 0..=0, 0..=0],
        "AssetStatusUpdate" => [1..=1, 0..=0, 0..=1, 0..=1],
        other => panic!("an event the table does not know: {other}"),
    }
}

/// Whether a payload satisfies every rule of the payload table and the
/// size limits.
fn satisfies_every_rule(p: &Payload) -> bool {
    let printable = |s: &str| !s.chars().any(char::is_control);
    let key = p.api_key.as_str();
    let key_ok = !key.is_empty()
        && key.chars().count() <= 128
        && !key.chars().any(|c| c.is_whitespace() || c.is_control());
    let [entries, metadata, statuses, versions] = table_row(p.event);
    let counts_ok = entries.contains(&p.entry_ids.len())
        && metadata.contains(&p.metadata_keys.len())
        && p.metadata_keys.len() == p.metadata_values.len()
        && statuses.contains(&p.statuses.len())
        && versions.contains(&p.version_ids.len());
    let lists: [(&Vec<String>, bool); 5] = [
        (&p.entry_ids, false),
        (&p.metadata_keys, false),
        (&p.metadata_values, true),
        (&p.statuses, false),
        (&p.version_ids, false),
    ];
    let values_ok = lists.iter().all(|(list, may_be_empty)| {
        list.len() <= 1000
            && list.iter().all(|v| {
                v.chars().count() <= 1024 && printable(v) && (*may_be_empty || !v.is_empty())
            })
    });
    key_ok && counts_ok && values_ok
}

/// The wire body the spec asks for, written out field by field: exactly
/// the seven fields, in the spec's order, every list present.
fn spec_body(p: &Payload) -> String {
    let text = |s: &str| serde_json::Value::from(s).to_string();
    let list = |l: &[String]| serde_json::Value::from(l.to_vec()).to_string();
    format!(
        "{{\"event\":{},\"apiKey\":{},\"entryIds\":{},\"metadataKeys\":{},\
         \"metadataValues\":{},\"statuses\":{},\"versionIds\":{}}}",
        text(p.event.as_str()),
        text(p.api_key.as_str()),
        list(&p.entry_ids),
        list(&p.metadata_keys),
        list(&p.metadata_values),
        list(&p.statuses),
        list(&p.version_ids)
    )
}

/// Builds a payload the way `fire` does from its command line.
fn build_from_flags(
    event: Trigger,
    key: &str,
    entries: &[String],
    metas: &[String],
    status: &Option<String>,
    version: &Option<String>,
) -> crate::error::Result<Payload> {
    let mut argv = vec![
        "echo3d-hooks".to_string(),
        "fire".to_string(),
        event.as_str().to_string(),
        format!("--api-key={key}"),
    ];
    argv.extend(entries.iter().map(|e| format!("--entry={e}")));
    argv.extend(metas.iter().map(|m| format!("--meta={m}")));
    argv.extend(status.iter().map(|s| format!("--status={s}")));
    argv.extend(version.iter().map(|v| format!("--version-id={v}")));
    let cli = Cli::try_parse_from(&argv).expect("the generated command line parses");
    let Command::Fire(args) = cli.command else {
        unreachable!("a fire command line")
    };
    let key = ApiKey::parse(args.api_key.as_deref().unwrap_or_default())?;
    let flags = PayloadFlags {
        entries: &args.entries,
        meta: &args.meta,
        status: args.status.as_deref(),
        version_id: args.version_id.as_deref(),
    };
    Payload::from_flags(event, &key, flags)
}

fn any_payload() -> impl Strategy<Value = Payload> {
    let text = prop_oneof![
        any::<String>(),
        "[\"\\\\/\\x00-\\x1f\\u{2028}\\u{fffd}a-z]{0,12}"
    ];
    let list = prop::collection::vec(text, 0..4);
    (
        prop::sample::select(Trigger::ALL.to_vec()),
        "[a-zA-Z0-9._-]{1,20}",
        list.clone(),
        list.clone(),
        list.clone(),
        list.clone(),
        list,
    )
        .prop_map(|(event, api_key, e, mk, mv, s, v)| Payload {
            event,
            api_key: ApiKey::parse(&api_key).expect("a key of the allowed characters"),
            entry_ids: e,
            metadata_keys: mk,
            metadata_values: mv,
            statuses: s,
            version_ids: v,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_payload_builder_accepts_exactly_the_payloads_that_keep_every_rule(
        (event, (entries, metas, status, version)) in prop::sample::select(Trigger::ALL.to_vec())
            .prop_flat_map(|event| (Just(event), fire_flags(event))),
        key in api_key(),
    ) {
        let built = build_from_flags(event, &key, &entries, &metas, &status, &version);
        // What the flags say, read independently: a --meta without `=` is
        // malformed, and the payload must then be refused.
        let pairs: Option<Vec<(String, String)>> = metas
            .iter()
            .map(|m| m.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
            .collect();
        // The key as given, unchecked: whether it keeps its rules is for
        // `satisfies_every_rule` to say.
        let expected = pairs.map(|pairs| Payload {
            event,
            api_key: ApiKey::from_stored(key.clone()),
            entry_ids: entries.clone(),
            metadata_keys: pairs.iter().map(|(k, _)| k.clone()).collect(),
            metadata_values: pairs.iter().map(|(_, v)| v.clone()).collect(),
            statuses: status.iter().cloned().collect(),
            version_ids: version.iter().cloned().collect(),
        });
        match (&built, &expected) {
            (Ok(payload), Some(expected)) => {
                prop_assert_eq!(payload, expected);
                prop_assert!(satisfies_every_rule(payload), "accepted: {:?}", payload);
                prop_assert_eq!(String::from_utf8(payload.to_body()).unwrap(), spec_body(payload));
            }
            (Ok(payload), None) => prop_assert!(false, "a malformed --meta was accepted: {:?}", payload),
            (Err(_), Some(expected)) => {
                prop_assert!(!satisfies_every_rule(expected), "refused a valid payload: {:?}", expected)
            }
            // A bad key is refused first; otherwise the --meta is.
            (Err(e), None) => prop_assert!(
                e.to_string().contains("has no `=`") || ApiKey::parse(&key).is_err(),
                "{}", e
            ),
        }
        if let Err(e) = &built {
            prop_assert_eq!(e.exit_code(), crate::error::ExitCode::Invalid);
        }
    }

    #[test]
    fn payloads_survive_a_serialize_parse_round_trip(p in any_payload()) {
        let body = p.to_body();
        prop_assert_eq!(std::str::from_utf8(&body).unwrap(), spec_body(&p));
        let back: Payload = serde_json::from_slice(&body).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(back.to_body(), body);
    }

    #[test]
    fn key_value_pairs_round_trip(key in "[^=]*", value in any::<String>()) {
        let pair = format!("{key}={value}");
        prop_assert_eq!(parse_meta(&pair).unwrap(), (key, value));
    }

    #[test]
    fn the_key_value_parser_splits_at_the_first_equals_sign(raw in any::<String>()) {
        match parse_meta(&raw) {
            Ok((key, value)) => {
                prop_assert!(!key.contains('='));
                prop_assert_eq!(format!("{key}={value}"), raw);
            }
            Err(e) => {
                prop_assert!(!raw.contains('='));
                prop_assert!(e.to_string().contains("has no `=`"));
            }
        }
    }
}
