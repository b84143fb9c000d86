//! The address policy: no spelling of a blocked address gets through, every
//! public one does, and one blocked resolved address refuses a host.

use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::address::AddressPolicy;

/// The special-purpose IPv4 ranges of the README's address policy.
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

/// The special-purpose IPv6 ranges of the README's address policy.
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

/// Refuses a URL to each of `hosts`, spellings of the blocked address `ip`.
fn refuses_every_spelling(
    hosts: Vec<String>,
    suffix: &str,
    ip: impl std::fmt::Display,
) -> Result<(), TestCaseError> {
    for host in hosts {
        let url = format!("https://{host}{suffix}");
        prop_assert!(
            AddressPolicy::default().check_url(&url).is_err(),
            "{url} ({ip}) was accepted"
        );
    }
    Ok(())
}

fn url_suffix() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["/", "", ":8443/hook", "/a/b?x=1", ":443"])
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
        refuses_every_spelling(v4_spellings(ip), suffix, Ipv4Addr::from(ip))?;
    }

    #[test]
    fn no_spelling_of_a_blocked_ipv6_address_is_accepted(ip in blocked_v6(), suffix in url_suffix()) {
        refuses_every_spelling(v6_spellings(ip), suffix, Ipv6Addr::from(ip))?;
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
}
