//! The address (SSRF) policy: which URLs a webhook may point at, decided on the
//! parsed host and on every resolved address, never on the raw string.
//!
//! The static check runs when a URL is stored; the same policy runs again at
//! send time inside the HTTP client's resolver (see `deliver::resolver`), so a
//! name that later resolves somewhere private is still refused.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;
use url::{Host, Url};

use crate::error::{Error, Result};
use crate::loopback::{is_localhost_name, is_loopback, is_loopback_host};
use crate::url_text;

pub const MAX_URL_CHARS: usize = 2048;

/// The special-purpose ranges of the README's address policy, with the reason
/// each is refused.
static BLOCKED: LazyLock<Vec<(IpNet, &'static str)>> = LazyLock::new(|| {
    let v4: [(&str, &str); 15] = [
        ("0.0.0.0/8", "\"this network\""),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared address space (carrier-grade NAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol assignments"),
        ("192.0.2.0/24", "documentation (TEST-NET-1)"),
        ("192.88.99.0/24", "6to4 relay anycast"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation (TEST-NET-2)"),
        ("203.0.113.0/24", "documentation (TEST-NET-3)"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
    ];
    let v6: [(&str, &str); 16] = [
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible"),
        ("::ffff:0:0/96", "IPv4-mapped"),
        ("64:ff9b::/96", "IPv4/IPv6 translation"),
        ("64:ff9b:1::/48", "local IPv4/IPv6 translation"),
        ("100::/64", "discard-only"),
        ("2001::/32", "TEREDO"),
        ("2001:10::/28", "ORCHID"),
        ("2001:20::/28", "ORCHIDv2"),
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    ];
    v4.iter()
        .map(|(net, why)| (IpNet::V4(net.parse::<Ipv4Net>().unwrap()), *why))
        .chain(
            v6.iter()
                .map(|(net, why)| (IpNet::V6(net.parse::<Ipv6Net>().unwrap()), *why)),
        )
        .collect()
});

/// Unwraps IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`)
/// addresses, so that an IPv4 address cannot hide inside IPv6 notation.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => IpAddr::V4(v4),
            None => ip,
        },
        v4 => v4,
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    // `::` and `::1` are IPv6's own unspecified and loopback, not IPv4 in disguise.
    if s[..6] == [0; 6] && (s[6] != 0 || s[7] > 1) {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return Some(Ipv4Addr::new(a, b, c, d));
    }
    None
}

/// The blocked range holding `ip`, if any, with the reason it is blocked.
pub fn blocked_range(ip: IpAddr) -> Option<(IpNet, &'static str)> {
    let unwrapped = canonical(ip);
    BLOCKED
        .iter()
        .find(|(net, _)| net.contains(&unwrapped) || net.contains(&ip))
        .copied()
}

/// Why `raw` does not parse; a URL without a scheme ("hooks.example.com/x")
/// is the common case, and the fix is plain.
fn not_a_url(raw: &str, e: url::ParseError) -> Error {
    let looks_like_a_host = !raw.is_empty() && !raw.contains(char::is_whitespace);
    match e {
        url::ParseError::RelativeUrlWithoutBase if looks_like_a_host => Error::invalid(format!(
            "URL {raw:?} is not a valid URL: it has no scheme; webhook URLs start with \
             `https://` (did you mean \"https://{raw}\"?)"
        )),
        e => Error::invalid(format!("URL {raw:?} is not a valid URL: {e}")),
    }
}

/// Whether private, loopback and other special-purpose targets are allowed.
/// Lifting the block is a development opt-in, never the default.
#[derive(Clone, Copy, Debug, Default)]
pub struct AddressPolicy {
    pub allow_private_targets: bool,
}

impl AddressPolicy {
    /// The static check run before a URL is stored (and before every send).
    pub fn check_url(&self, raw: &str) -> Result<Url> {
        let chars = raw.chars().count();
        if chars > MAX_URL_CHARS {
            return Err(Error::invalid(format!(
                "URL is {chars} characters long; at most {MAX_URL_CHARS} are allowed"
            )));
        }
        url_text::check(raw).map_err(|why| Error::invalid(format!("URL {raw:?} {why}")))?;
        let url = Url::parse(raw).map_err(|e| not_a_url(raw, e))?;
        self.check_scheme(raw, &url)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(format!(
                "URL {} contains a user name or password; credentials in webhook URLs are not \
                 allowed (receivers verify the webhook signature instead)",
                redact_userinfo(&url)
            )));
        }
        match url.host() {
            None => {
                return Err(Error::invalid(format!("URL {raw:?} has no host")));
            }
            Some(Host::Domain(domain)) => self.check_domain(raw, domain)?,
            Some(Host::Ipv4(v4)) => self.check_ip(raw, IpAddr::V4(v4))?,
            Some(Host::Ipv6(v6)) => self.check_ip(raw, IpAddr::V6(v6))?,
        }
        Ok(url)
    }

    /// `https`, or, for local development only, plain `http` to a receiver on
    /// this machine: its requests never leave the loopback interface, so
    /// there is nothing for TLS to protect.
    fn check_scheme(&self, raw: &str, url: &Url) -> Result<()> {
        match url.scheme() {
            "https" => Ok(()),
            "http" if self.allow_private_targets && is_loopback_host(url) => Ok(()),
            "http" => Err(Error::invalid(format!(
                "URL {raw:?} uses the scheme `http`; only https is accepted (plain http only for \
                 a loopback receiver, 127.0.0.0/8, ::1 or localhost, with \
                 --allow-private-targets)"
            ))),
            other => Err(Error::invalid(format!(
                "URL {raw:?} uses the scheme `{other}`; only https is accepted"
            ))),
        }
    }

    fn check_domain(&self, raw: &str, domain: &str) -> Result<()> {
        if self.allow_private_targets {
            return Ok(());
        }
        if is_localhost_name(domain) {
            return Err(Error::invalid(format!(
                "URL {raw:?} points at `{domain}`, a localhost name; webhook URLs must not point \
                 at localhost (for local development, pass --allow-private-targets)"
            )));
        }
        Ok(())
    }

    fn check_ip(&self, raw: &str, ip: IpAddr) -> Result<()> {
        match self.refusal(ip) {
            Some(why) => Err(Error::invalid(format!(
                "URL {raw:?} points at {ip}, {why}; webhook URLs must not point at private or \
                 special-purpose addresses (for local development, pass --allow-private-targets)"
            ))),
            None => Ok(()),
        }
    }

    /// Why `ip` is refused under this policy, or `None` when it is allowed.
    pub fn refusal(&self, ip: IpAddr) -> Option<String> {
        if self.allow_private_targets {
            return None;
        }
        blocked_range(ip).map(|(net, why)| format!("in the blocked range {net} ({why})"))
    }

    /// The send-time check on what a host name resolved to. Every address must
    /// pass: one private address among public ones is enough to refuse, since
    /// the connection could go to any of them.
    pub fn check_resolved(&self, host: &str, addrs: &[IpAddr]) -> Result<(), AddressRefused> {
        if addrs.is_empty() {
            return Err(AddressRefused(format!("{host} resolved to no address")));
        }
        // A localhost name is trusted to stay on this machine (the opt-in
        // allows plain http to it), so it must resolve to loopback only,
        // whatever the system's resolver says.
        if is_localhost_name(host) {
            if let Some(ip) = addrs.iter().find(|ip| !is_loopback(**ip)) {
                return Err(AddressRefused(format!(
                    "{host} resolves to {ip}, which is not a loopback address; a localhost name \
                     must resolve to loopback addresses only"
                )));
            }
        }
        for ip in addrs {
            if let Some(why) = self.refusal(*ip) {
                return Err(AddressRefused(format!(
                    "{host} resolves to {ip}, {why}; refused by the address policy"
                )));
            }
        }
        Ok(())
    }
}

/// A send-time refusal; a distinct type so that the delivery code can tell it
/// from a network error and not retry it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AddressRefused(pub String);

fn redact_userinfo(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("***");
    let _ = shown.set_password(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> bool {
        AddressPolicy::default().check_url(raw).is_err()
    }

    #[test]
    fn accepts_public_https() {
        assert!(!refused("https://hooks.example.com/echo3d"));
        assert!(!refused("https://93.184.216.34:8443/x"));
        assert!(!refused("https://[2606:4700::1111]/"));
    }

    #[test]
    fn refuses_schemes_userinfo_and_localhost() {
        assert!(refused("http://hooks.example.com/"));
        assert!(refused("ftp://hooks.example.com/"));
        assert!(refused("https://user:pw@hooks.example.com/"));
        assert!(refused("https://user@hooks.example.com/"));
        assert!(refused("https://localhost/"));
        assert!(refused("https://LOCALHOST./"));
        assert!(refused("https://api.localhost/"));
        assert!(refused("not a url"));
    }

    #[test]
    fn refuses_every_ipv4_spelling_of_loopback() {
        for raw in [
            "https://127.0.0.1/",
            "https://2130706433/",
            "https://0x7f000001/",
            "https://0x7f.1/",
            "https://017700000001/",
            "https://0177.0.0.1/",
            "https://127.1/",
            "https://127.0.0.1./",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[::127.0.0.1]/",
            "https://[::1]/",
            "https://[0:0:0:0:0:0:0:1]/",
        ] {
            assert!(refused(raw), "{raw} was accepted");
        }
    }

    #[test]
    fn refuses_each_blocked_range() {
        for raw in [
            "https://0.1.2.3/",
            "https://10.1.2.3/",
            "https://100.64.0.1/",
            "https://169.254.169.254/",
            "https://172.16.0.1/",
            "https://172.31.255.255/",
            "https://192.0.0.8/",
            "https://192.0.2.1/",
            "https://192.88.99.1/",
            "https://192.168.1.1/",
            "https://198.18.0.1/",
            "https://198.51.100.7/",
            "https://203.0.113.9/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://[::]/",
            "https://[64:ff9b::a00:1]/",
            "https://[64:ff9b:1::1]/",
            "https://[100::1]/",
            "https://[2001::1]/",
            "https://[2001:10::1]/",
            "https://[2001:20::1]/",
            "https://[2001:db8::1]/",
            "https://[2002::1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[fec0::1]/",
            "https://[ff02::1]/",
        ] {
            assert!(refused(raw), "{raw} was accepted");
        }
        assert!(!refused("https://172.32.0.1/"));
        assert!(!refused("https://100.128.0.1/"));
    }

    #[test]
    fn opt_in_allows_loopback_and_plain_http_to_loopback_only() {
        let dev = AddressPolicy {
            allow_private_targets: true,
        };
        for raw in [
            "https://127.0.0.1:8443/",
            "https://localhost/",
            "http://127.9.8.7/",
            "http://[::1]:3000/",
            "http://[::ffff:127.0.0.1]/",
            "HTTP://LOCALHOST./",
        ] {
            assert!(dev.check_url(raw).is_ok(), "{raw} was refused");
        }
        for raw in [
            "http://10.0.0.1/",
            "http://[::127.0.0.1]/",
            "http://api.localhost/",
            "ftp://127.0.0.1/",
        ] {
            assert!(dev.check_url(raw).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn a_localhost_name_must_resolve_to_loopback_only() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let dev = AddressPolicy {
            allow_private_targets: true,
        };
        for host in ["localhost", "LOCALHOST.", "api.localhost"] {
            let err = dev
                .check_resolved(host, &[ip("127.0.0.1"), ip("93.184.216.34")])
                .unwrap_err();
            assert!(err.0.contains("not a loopback address"), "{err}");
            assert!(dev.check_resolved(host, &[ip("::127.0.0.1")]).is_err());
        }
        let loopback = [ip("127.0.0.1"), ip("::1"), ip("::ffff:127.0.0.2")];
        assert!(dev.check_resolved("localhost", &loopback).is_ok());
    }

    #[test]
    fn resolved_addresses_are_all_checked() {
        let policy = AddressPolicy::default();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(
            policy
                .check_resolved("a.example", &[ip("127.0.0.1")])
                .is_err()
        );
        assert!(
            policy
                .check_resolved("b.example", &[ip("::ffff:10.0.0.1")])
                .is_err()
        );
        let err = policy
            .check_resolved("c.example", &[ip("93.184.216.34"), ip("192.168.0.5")])
            .unwrap_err();
        assert!(err.0.contains("192.168.0.5"), "{err}");
        assert!(policy.check_resolved("d.example", &[]).is_err());
        assert!(
            policy
                .check_resolved("e.example", &[ip("93.184.216.34"), ip("2606:4700::1111")])
                .is_ok()
        );
    }
}
