//! The resolver inside the HTTP client: it resolves each host, refuses it if
//! any address is blocked, and hands the client only the addresses it checked,
//! so that no second lookup (DNS rebinding) can swap in another one.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};

use crate::address::AddressPolicy;

#[derive(Clone)]
pub struct GuardedResolver {
    policy: AddressPolicy,
}

impl GuardedResolver {
    pub fn new(policy: AddressPolicy) -> GuardedResolver {
        GuardedResolver { policy }
    }
}

/// A host name that does not resolve. Its own type, so that a failed
/// attempt can say so in one sentence instead of four nested errors.
#[derive(Debug, thiserror::Error)]
#[error("cannot resolve {host} ({reason})")]
pub struct CannotResolve {
    host: String,
    reason: std::io::Error,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let looked_up = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|found| found.collect::<Vec<SocketAddr>>());
            let found = match looked_up {
                Ok(found) => found,
                Err(reason) => return Err(Box::new(CannotResolve { host, reason }) as _),
            };
            let ips: Vec<IpAddr> = found.iter().map(SocketAddr::ip).collect();
            policy.check_resolved(&host, &ips)?;
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}
