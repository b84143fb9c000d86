//! What names this machine's loopback interface: the only place plain-HTTP
//! webhooks may go (with the development opt-in), since their requests never
//! leave the machine.

use std::net::IpAddr;
use url::{Host, Url};

/// `localhost` and the names under it, in any case, with or without the
/// trailing dot.
pub fn is_localhost_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

/// Whether the URL's host is this machine's loopback: an address in
/// 127.0.0.0/8 (however it is spelled), `::1`, or the name `localhost` itself,
/// which the resolver holds to loopback addresses
/// (`AddressPolicy::check_resolved`).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(v4)) => is_loopback(IpAddr::V4(v4)),
        Some(Host::Ipv6(v6)) => is_loopback(IpAddr::V6(v6)),
        Some(Host::Domain(domain)) => domain.trim_end_matches('.') == "localhost",
        None => false,
    }
}

/// 127.0.0.0/8, `::1`, or an IPv4-mapped 127.0.0.0/8 address, which the
/// kernel delivers to IPv4 loopback. Not the IPv4-compatible `::127.0.0.1`:
/// no kernel maps that one, so a connection to it would leave the machine.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_is_loopback(raw: &str) -> bool {
        is_loopback_host(&Url::parse(raw).unwrap())
    }

    #[test]
    fn loopback_hosts() {
        for raw in [
            "http://127.0.0.1/",
            "http://127.255.0.9:3000/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost/",
            "http://LOCALHOST./",
        ] {
            assert!(host_is_loopback(raw), "{raw}");
        }
        for raw in [
            "http://128.0.0.1/",
            "http://10.0.0.1/",
            "http://[::127.0.0.1]/",
            "http://[::2]/",
            "http://api.localhost/",
            "http://localhost.example.com/",
            "file:///etc/passwd",
        ] {
            assert!(!host_is_loopback(raw), "{raw}");
        }
    }

    #[test]
    fn localhost_names() {
        for name in ["localhost", "LocalHost.", "api.localhost", "a.b.LOCALHOST."] {
            assert!(is_localhost_name(name), "{name}");
        }
        for name in ["localhost.example.com", "mylocalhost", "localhost-1"] {
            assert!(!is_localhost_name(name), "{name}");
        }
    }
}
