//! Property tests (proptest) of the validators, the payload builder and parsers.
//!
//! The rules are restated here from DESIGN.md rather than taken from the code
//! under test, so that a rule dropped from the code cannot pass unnoticed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::RangeInclusive;

use clap::Parser;
use proptest::prelude::*;

use crate::address::AddressPolicy;
use crate::cli::{Cli, Command};
use crate::commands::fire::{parse_meta, payload_from_flags};
use crate::event::{Payload, Trigger};

/// DESIGN.md's special-purpose IPv4 ranges.
const BLOCKED_V4: &[(&str, u32)] = &[
    ("0.0.0.0", 8),
    ("10.0.0.0", 8),
    ("100.64.0.0", 10),
    ("127.0.0.0", 8),
    ("169.254.0.0", 16),
    ("172.16.0.0", 12),
    ("192.0.0.0", 24),
    ("192.0.2.0", 24),
    ("192.88.99.0", 24),
    ("192.168.0.0", 16),
    ("198.18.0.0", 15),
    ("198.51.100.0", 24),
    ("203.0.113.0", 24),
    ("224.0.0.0", 4),
    ("240.0.0.0", 4),
];

/// DESIGN.md's special-purpose IPv6 ranges.
const BLOCKED_V6: &[(&str, u32)] = &[
    ("::", 128),
    ("::1", 128),
    ("::", 96),
    ("::ffff:0:0", 96),
    ("64:ff9b::", 96),
    ("64:ff9b:1::", 48),
    ("100::", 64),
    ("2001::", 32),
    ("2001:10::", 28),
    ("2001:20::", 28),
    ("2001:db8::", 32),
    ("2002::", 16),
    ("fc00::", 7),
    ("fe80::", 10),
    ("fec0::", 10),
    ("ff00::", 8),
];

fn v4_range(i: usize) -> (u32, u32) {
    let (net, len) = BLOCKED_V4[i];
    let base = u32::from(net.parse::<Ipv4Addr>().unwrap());
    (base, u32::MAX.checked_shr(len).unwrap_or(0))
}

fn v6_range(i: usize) -> (u128, u128) {
    let (net, len) = BLOCKED_V6[i];
    let base = u128::from(net.parse::<Ipv6Addr>().unwrap());
    (base, u128::MAX.checked_shr(len).unwrap_or(0))
}

fn v4_is_blocked(ip: u32) -> bool {
    (0..BLOCKED_V4.len()).any(|i| {
        let (base, host) = v4_range(i);
        ip & !host == base
    })
}

fn v6_is_blocked(ip: u128) -> bool {
    (0..BLOCKED_V6.len()).any(|i| {
        let (base, host) = v6_range(i);
        ip & !host == base
    })
}

/// An address inside one of the blocked IPv4 ranges.
fn blocked_v4() -> impl Strategy<Value = u32> {
    (0..BLOCKED_V4.len(), any::<u32>()).prop_map(|(i, bits)| {
        let (base, host) = v4_range(i);
        base | (bits & host)
    })
}

/// An address inside one of the blocked IPv6 ranges.
fn blocked_v6() -> impl Strategy<Value = u128> {
    (0..BLOCKED_V6.len(), any::<u128>()).prop_map(|(i, bits)| {
        let (base, host) = v6_range(i);
        base | (bits & host)
    })
}

/// Ways to write an IPv4 address in a URL's host that a WHATWG URL parser
/// reads as that address.
fn v4_spellings(ip: u32) -> Vec<String> {
    let [a, b, c, d] = ip.to_be_bytes();
    let dotted = format!("{a}.{b}.{c}.{d}");
    let (hi, lo) = (ip >> 16, ip & 0xffff);
    let fullwidth: String = dotted
        .chars()
        .map(|ch| match ch {
            '.' => '\u{3002}',
            digit => char::from_u32(0xFF10 + digit.to_digit(10).unwrap()).unwrap(),
        })
        .collect();
    vec![
        dotted.clone(),
        format!("{dotted}."),
        format!("{ip}"),
        format!("0x{ip:x}"),
        format!("0X{ip:X}"),
        format!("0{ip:o}"),
        format!("0{a:o}.0{b:o}.0{c:o}.0{d:o}"),
        format!("0x{a:x}.0x{b:x}.0x{c:x}.0x{d:x}"),
        format!("0x{a:x}.{b}.0{c:o}.{d}"),
        format!("{a}.{b}.{}", (c as u32) << 8 | d as u32),
        format!("{a}.{}", ip & 0x00ff_ffff),
        dotted.bytes().map(|byte| format!("%{byte:02X}")).collect(),
        fullwidth,
        format!("[::ffff:{dotted}]"),
        format!("[::ffff:{hi:x}:{lo:x}]"),
        format!("[0:0:0:0:0:FFFF:{dotted}]"),
        format!("[::{dotted}]"),
        format!("[64:ff9b::{dotted}]"),
    ]
}

fn v6_spellings(ip: u128) -> Vec<String> {
    let addr = Ipv6Addr::from(ip);
    let full: Vec<String> = addr.segments().iter().map(|s| format!("{s:x}")).collect();
    let padded: Vec<String> = addr.segments().iter().map(|s| format!("{s:04X}")).collect();
    vec![
        format!("[{addr}]"),
        format!("[{}]", full.join(":")),
        format!("[{}]", padded.join(":")),
        format!("[{addr}%25eth0]"),
    ]
}

fn url_suffix() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["/", "", ":8443/hook", "/a/b?x=1", ":443"])
}

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

/// How many values DESIGN.md's payload table allows each list of an event:
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

/// Whether a payload satisfies every rule of DESIGN.md and the size limits.
fn satisfies_every_rule(p: &Payload) -> bool {
    let printable = |s: &str| !s.chars().any(char::is_control);
    let key_ok = !p.api_key.is_empty()
        && p.api_key.chars().count() <= 128
        && !p
            .api_key
            .chars()
            .any(|c| c.is_whitespace() || c.is_control());
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
        text(&p.api_key),
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
    argv.extend(version.iter().map(|v| format!("--version={v}")));
    let cli = Cli::try_parse_from(&argv).expect("the generated command line parses");
    let Command::Fire(args) = cli.command else {
        unreachable!("a fire command line")
    };
    let payload = payload_from_flags(event, &args)?;
    payload.validate()?;
    Ok(payload)
}

fn any_payload() -> impl Strategy<Value = Payload> {
    let text = prop_oneof![
        any::<String>(),
        "[\"\\\\/\\x00-\\x1f\\u{2028}\\u{fffd}a-z]{0,12}"
    ];
    let list = prop::collection::vec(text.clone(), 0..4);
    (
        prop::sample::select(Trigger::ALL.to_vec()),
        text,
        list.clone(),
        list.clone(),
        list.clone(),
        list.clone(),
        list,
    )
        .prop_map(|(event, api_key, e, mk, mv, s, v)| Payload {
            event,
            api_key,
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
    fn the_url_check_never_panics(raw in any::<String>(), tail in "\\PC{0,40}") {
        let policy = AddressPolicy::default();
        let _ = policy.check_url(&raw);
        let _ = policy.check_url(&format!("https://{tail}"));
        let _ = AddressPolicy { allow_private_targets: true }.check_url(&format!("https://{tail}"));
    }

    #[test]
    fn no_spelling_of_a_blocked_ipv4_address_is_accepted(ip in blocked_v4(), suffix in url_suffix()) {
        for host in v4_spellings(ip) {
            let url = format!("https://{host}{suffix}");
            prop_assert!(
                AddressPolicy::default().check_url(&url).is_err(),
                "{url} ({}) was accepted", Ipv4Addr::from(ip)
            );
        }
    }

    #[test]
    fn no_spelling_of_a_blocked_ipv6_address_is_accepted(ip in blocked_v6(), suffix in url_suffix()) {
        for host in v6_spellings(ip) {
            let url = format!("https://{host}{suffix}");
            prop_assert!(
                AddressPolicy::default().check_url(&url).is_err(),
                "{url} was accepted"
            );
        }
    }

    #[test]
    fn public_addresses_are_accepted(v4 in any::<u32>(), v6 in any::<u128>()) {
        let policy = AddressPolicy::default();
        if !v4_is_blocked(v4) {
            let url = format!("https://{}/hook", Ipv4Addr::from(v4));
            prop_assert!(policy.check_url(&url).is_ok(), "{url} was refused");
        }
        if !v6_is_blocked(v6) {
            let url = format!("https://[{}]/hook", Ipv6Addr::from(v6));
            prop_assert!(policy.check_url(&url).is_ok(), "{url} was refused");
        }
    }

    #[test]
    fn one_blocked_resolved_address_refuses_the_host(
        public in prop::collection::vec(any::<u32>().prop_filter("public", |ip| !v4_is_blocked(*ip)), 0..4),
        bad4 in blocked_v4(),
        bad6 in blocked_v6(),
        pick in 0..3usize,
        at in any::<prop::sample::Index>(),
    ) {
        let bad = match pick {
            0 => IpAddr::V4(Ipv4Addr::from(bad4)),
            1 => IpAddr::V6(Ipv4Addr::from(bad4).to_ipv6_mapped()),
            _ => IpAddr::V6(Ipv6Addr::from(bad6)),
        };
        let mut addrs: Vec<IpAddr> = public.iter().map(|ip| IpAddr::V4(Ipv4Addr::from(*ip))).collect();
        addrs.insert(at.index(addrs.len() + 1), bad);
        let policy = AddressPolicy::default();
        prop_assert!(policy.check_resolved("hooks.example.com", &addrs).is_err(), "{addrs:?}");
        let public: Vec<IpAddr> = addrs.into_iter().filter(|a| *a != bad).collect();
        if !public.is_empty() {
            prop_assert!(policy.check_resolved("hooks.example.com", &public).is_ok(), "{public:?}");
        }
    }

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
        let expected = pairs.map(|pairs| Payload {
            event,
            api_key: key.clone(),
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
            (Err(e), None) => prop_assert!(e.to_string().contains("has no `=`"), "{}", e),
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
