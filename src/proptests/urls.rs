//! Property tests (proptest) of the URL rules: a URL is stored as typed, up
//! to the rewrites that keep its meaning, or refused with the position of
//! what would have been rewritten.
//!
//! The normalized form is restated here, built from the parts the URL was
//! made of, rather than taken from the parser under test.

use proptest::prelude::*;

use crate::address::AddressPolicy;

/// A URL made of parts, and the form it must be stored in.
#[derive(Clone, Debug)]
struct Typed {
    raw: String,
    stored: String,
}

/// The same letters in a random mix of cases.
fn mixed_case(lower: String) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<bool>(), lower.len()).prop_map(move |upper| {
        lower
            .chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// A public host name (never `localhost`) as typed, in any case, and as
/// stored, in lower case.
fn host() -> impl Strategy<Value = (String, String)> {
    prop::collection::vec("[a-z][a-z0-9]{0,8}", 1..3).prop_flat_map(|labels| {
        let lower = format!("{}.example.com", labels.join("."));
        (mixed_case(lower.clone()), Just(lower))
    })
}

/// A port as typed, and as stored: the default one is dropped.
fn port() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        Just((String::new(), String::new())),
        Just((":443".to_string(), String::new())),
        (1u16..).prop_map(|p| {
            let typed = format!(":{p}");
            let stored = if p == 443 {
                String::new()
            } else {
                typed.clone()
            };
            (typed, stored)
        }),
    ]
}

/// A path and query of characters no parser changes: unreserved characters,
/// sub-delimiters and percent-encodings (not of `.`: `%2E` alone is a dot
/// segment, which is removed).
fn path_and_query() -> impl Strategy<Value = String> {
    let segment = "([A-Za-z0-9_~!$&'()*+,;=:@-]|%[3-9A-F][0-9A-F]){1,8}";
    (
        prop::collection::vec(segment, 0..4),
        prop::option::of("[A-Za-z0-9_~=&-]{0,12}"),
    )
        .prop_map(|(segments, query)| {
            let mut out: String = segments.iter().map(|s| format!("/{s}")).collect();
            if let Some(q) = query {
                out.push('?');
                out.push_str(&q);
            }
            out
        })
}

fn typed_url() -> impl Strategy<Value = Typed> {
    (mixed_case("https".into()), host(), port(), path_and_query()).prop_map(
        |(scheme, (host, lower_host), (port, stored_port), rest)| {
            let stored_rest = if rest.starts_with('/') {
                rest.clone()
            } else {
                format!("/{rest}")
            };
            Typed {
                raw: format!("{scheme}://{host}{port}{rest}"),
                stored: format!("https://{lower_host}{stored_port}{stored_rest}"),
            }
        },
    )
}

/// What a parser would rewrite rather than refuse.
fn forbidden() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{7f}'),
        Just('\\'),
        Just('#'),
    ]
}

/// Whether `message` names character `n`, and not one whose number starts
/// with the same digits.
fn names_position(message: &str, n: usize) -> bool {
    let needle = format!("character {n}");
    message
        .match_indices(&needle)
        .any(|(i, _)| !message[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn an_accepted_url_is_stored_as_typed_up_to_normalization(url in typed_url()) {
        let stored = AddressPolicy::default().check_url(&url.raw);
        prop_assert_eq!(stored.map(String::from).ok(), Some(url.stored), "{}", url.raw);
    }

    #[test]
    fn a_character_a_parser_would_rewrite_is_refused_at_its_position(
        url in typed_url(),
        c in forbidden(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut chars: Vec<char> = url.raw.chars().collect();
        let at = at.index(chars.len() + 1);
        chars.insert(at, c);
        let raw: String = chars.into_iter().collect();
        let err = AddressPolicy::default().check_url(&raw).unwrap_err().to_string();
        prop_assert!(names_position(&err, at + 1), "{raw:?}: {err}");
    }

    #[test]
    fn surrounding_whitespace_is_refused(url in typed_url(), ws in "[ \u{a0}\u{2003}]", front in any::<bool>()) {
        let raw = if front { format!("{ws}{}", url.raw) } else { format!("{}{ws}", url.raw) };
        let err = AddressPolicy::default().check_url(&raw).unwrap_err().to_string();
        prop_assert!(err.contains("whitespace"), "{raw:?}: {err}");
    }

    #[test]
    fn a_stored_url_passes_the_check_again_unchanged(tail in "\\PC{0,40}", url in typed_url()) {
        // Stored URLs are checked again before every send.
        let dev = AddressPolicy { allow_private_targets: true };
        for raw in [format!("https://{tail}"), format!("http://{tail}"), url.raw] {
            if let Ok(stored) = dev.check_url(&raw) {
                let again = dev.check_url(stored.as_str());
                prop_assert_eq!(again.as_ref().ok(), Some(&stored), "{:?}", raw);
            }
        }
    }
}
