//! The HTTP client every delivery goes through: TLS always verified (system
//! roots plus an optional CA bundle), the guarded resolver, no redirects, and
//! no proxy unless one is named.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::resolver::GuardedResolver;
use crate::address::AddressPolicy;
use crate::error::{Error, Result};

pub const USER_AGENT: &str = concat!("echo3d-hooks/", env!("CARGO_PKG_VERSION"));

pub struct ClientConfig<'a> {
    pub policy: AddressPolicy,
    pub connect_timeout: Duration,
    pub ca_cert: Option<&'a Path>,
    pub proxy: Option<&'a str>,
    pub pool_size: usize,
}

/// What each sending thread builds its own client from: the TLS setup (the
/// system's roots and the CA bundle, read once) and the settings. A client per
/// thread keeps every connection on the thread that uses it.
pub struct ClientSetup {
    tls: rustls::ClientConfig,
    policy: AddressPolicy,
    connect_timeout: Duration,
    proxy: Option<reqwest::Proxy>,
    pool_size: usize,
}

pub fn setup(config: &ClientConfig<'_>) -> Result<ClientSetup> {
    let tls = tls_config(config.ca_cert)?;
    let proxy = match config.proxy {
        Some(proxy) => Some(reqwest::Proxy::all(proxy).map_err(|e| {
            Error::invalid(format!("--proxy {proxy:?} is not a usable proxy URL: {e}"))
        })?),
        None => None,
    };
    let setup = ClientSetup {
        tls,
        policy: config.policy,
        connect_timeout: config.connect_timeout,
        proxy,
        pool_size: config.pool_size,
    };
    // One client now, so that a setting it refuses fails the command before
    // anything is recorded.
    setup.client()?;
    Ok(setup)
}

impl ClientSetup {
    pub fn client(&self) -> Result<reqwest::Client> {
        let builder = reqwest::Client::builder()
            .tls_backend_preconfigured(self.tls.clone())
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .pool_max_idle_per_host(self.pool_size)
            .tcp_nodelay(true)
            .dns_resolver(GuardedResolver::new(self.policy));
        let builder = match &self.proxy {
            // An explicit proxy resolves the target itself, so the send-time
            // resolve check cannot apply there; the static URL check still does.
            Some(proxy) => builder.proxy(proxy.clone()),
            // Proxy environment variables would route around the address policy.
            None => builder.no_proxy(),
        };
        builder
            .build()
            .map_err(|e| Error::Internal(format!("cannot build the HTTP client: {e}")))
    }
}

/// The TLS setup every client of the tool uses: the system's roots, plus the
/// certificates of `ca_cert` when given.
pub fn tls_config(ca_cert: Option<&Path>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    // Debian-style systems list every root twice, in the bundle file and in
    // the hashed folder, and parsing each costs; once is enough.
    let mut native = rustls_native_certs::load_native_certs().certs;
    native.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
    native.dedup_by(|a, b| a.as_ref() == b.as_ref());
    roots.add_parsable_certificates(native);
    if let Some(path) = ca_cert {
        let shown = path.display();
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| {
                Error::invalid(format!("cannot read the CA certificates in {shown}: {e}"))
            })?
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| Error::invalid(format!("{shown} is not a PEM certificate file: {e}")))?;
        if certs.is_empty() {
            return Err(Error::invalid(format!(
                "{shown} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"
            )));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| {
                Error::invalid(format!(
                    "{shown} holds a certificate that cannot be trusted: {e}"
                ))
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Internal(format!("TLS setup failed: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
