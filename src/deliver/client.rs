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
use crate::url_text;

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

/// A client setup whose user-given settings (the CA file, the proxy) have
/// been checked, while the system's roots load on another thread: reading
/// them takes a few milliseconds, which pass while the run's first rows are
/// written.
pub struct PendingSetup {
    extra: Vec<CertificateDer<'static>>,
    native: std::thread::JoinHandle<Vec<CertificateDer<'static>>>,
    policy: AddressPolicy,
    connect_timeout: Duration,
    proxy: Option<reqwest::Proxy>,
    pool_size: usize,
}

/// Checks the settings a user gives before anything else happens, so that a
/// bad CA file or proxy is refused before the run records anything.
pub fn start(config: &ClientConfig<'_>) -> Result<PendingSetup> {
    let extra = match config.ca_cert {
        Some(path) => read_ca_file(path)?,
        None => Vec::new(),
    };
    let proxy = config.proxy.map(https_proxy).transpose()?;
    Ok(PendingSetup {
        extra,
        native: std::thread::spawn(native_roots),
        policy: config.policy,
        connect_timeout: config.connect_timeout,
        proxy,
        pool_size: config.pool_size,
    })
}

/// Checks `--ca-cert` and `--proxy` as a real run would, for a dry run,
/// which sends nothing but must refuse what the run would refuse.
pub fn check_settings(ca_cert: Option<&Path>, proxy: Option<&str>) -> Result<()> {
    if let Some(path) = ca_cert {
        read_ca_file(path)?;
    }
    proxy.map(https_proxy).transpose()?;
    Ok(())
}

impl PendingSetup {
    pub fn finish(self) -> Result<ClientSetup> {
        let native = self.native.join().map_err(|_| {
            Error::Internal("loading the system's root certificates panicked".into())
        })?;
        let setup = ClientSetup {
            tls: tls_config(native, self.extra)?,
            policy: self.policy,
            connect_timeout: self.connect_timeout,
            proxy: self.proxy,
            pool_size: self.pool_size,
        };
        // One client now, so that a setting it refuses fails at once.
        setup.client()?;
        Ok(setup)
    }
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

/// The `--proxy` URL, under the same rules as a webhook URL's text (the
/// address policy does not apply: a proxy is often on a private network).
/// It carries `https` targets only: the only `http` targets allowed are on
/// the loopback interface, which a proxy elsewhere could not reach, and whose
/// plain-text requests must never leave this machine.
fn https_proxy(raw: &str) -> Result<reqwest::Proxy> {
    url_text::check(raw).map_err(|why| Error::invalid(format!("--proxy {raw:?} {why}")))?;
    reqwest::Proxy::https(raw)
        .map_err(|e| Error::invalid(format!("--proxy {raw:?} is not a usable proxy URL: {e}")))
}

/// The TLS setup of the tool's other clients (the Svix server's): the
/// system's roots and the certificates of `ca_cert`, read now.
pub fn tls_config_for(ca_cert: Option<&Path>) -> Result<rustls::ClientConfig> {
    let extra = match ca_cert {
        Some(path) => read_ca_file(path)?,
        None => Vec::new(),
    };
    tls_config(native_roots(), extra)
}

/// The system's roots. Debian-style systems list every root twice, in the
/// bundle file and in the hashed folder, and parsing each costs; once is
/// enough.
fn native_roots() -> Vec<CertificateDer<'static>> {
    let mut native = rustls_native_certs::load_native_certs().certs;
    native.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
    native.dedup_by(|a, b| a.as_ref() == b.as_ref());
    native
}

fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let shown = path.display();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| Error::invalid(format!("cannot read the CA certificates in {shown}: {e}")))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::invalid(format!("{shown} is not a PEM certificate file: {e}")))?;
    if certs.is_empty() {
        return Err(Error::invalid(format!(
            "{shown} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"
        )));
    }
    let mut check = rustls::RootCertStore::empty();
    for cert in &certs {
        check.add(cert.clone()).map_err(|e| {
            Error::invalid(format!(
                "{shown} holds a certificate that cannot be trusted: {e}"
            ))
        })?;
    }
    Ok(certs)
}

fn tls_config(
    native: Vec<CertificateDer<'static>>,
    extra: Vec<CertificateDer<'static>>,
) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(native);
    for cert in extra {
        roots
            .add(cert)
            .map_err(|e| Error::Internal(format!("a checked CA certificate was refused: {e}")))?;
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
