//! HTTPS for `listen --tls`: a local certificate authority that the tool
//! makes on first use (kept beside the store, its key readable by the owner
//! only) issues the listener a certificate for this machine's names at each
//! start; or the user's own certificate and key.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

const CA_NAME: &str = "echo3d-hooks local CA";
pub const CA_CERT_FILE: &str = "echo3d-hooks-ca.pem";
pub const CA_KEY_FILE: &str = "echo3d-hooks-ca.key";

pub struct LocalCa {
    /// The CA's certificate, for `fire --ca-cert`.
    pub cert_path: PathBuf,
    /// Whether this run made it.
    pub created: bool,
    /// A warning about the key file, when it is readable by others.
    pub key_warning: Option<String>,
    key: KeyPair,
}

impl LocalCa {
    /// The CA in `dir`, made there first if it is not.
    pub fn open_or_create(dir: &Path) -> Result<LocalCa> {
        let cert_path = dir.join(CA_CERT_FILE);
        let key_path = dir.join(CA_KEY_FILE);
        let created = !(cert_path.exists() && key_path.exists());
        if created {
            create(&cert_path, &key_path)?;
        }
        let key_pem = read(&key_path)?;
        let key = KeyPair::from_pem(&key_pem).map_err(|e| {
            Error::invalid(format!(
                "{} is not a usable private key ({e}); delete it and {CA_CERT_FILE} to make a \
                 new CA",
                key_path.display()
            ))
        })?;
        let cert = CertificateDer::from_pem_slice(read(&cert_path)?.as_bytes()).map_err(|e| {
            Error::invalid(format!(
                "{} is not a PEM certificate: {e}",
                cert_path.display()
            ))
        })?;
        if !contains(cert.as_ref(), key.public_key_raw()) {
            return Err(Error::invalid(format!(
                "{} is not the certificate of the key {}; delete both to make a new CA",
                cert_path.display(),
                key_path.display()
            )));
        }
        let key_warning = wide_mode(&key_path);
        Ok(LocalCa {
            cert_path,
            created,
            key_warning,
            key,
        })
    }

    /// A server configuration with a fresh certificate, issued by this CA,
    /// for `localhost`, the loopback addresses and `bind`.
    pub fn server_config(&self, bind: IpAddr) -> Result<rustls::ServerConfig> {
        let mut names = vec![
            "localhost".to_string(),
            Ipv4Addr::LOCALHOST.to_string(),
            Ipv6Addr::LOCALHOST.to_string(),
        ];
        if !bind.is_unspecified() && !bind.is_loopback() {
            names.push(bind.to_string());
        }
        let failed = |e: rcgen::Error| Error::Internal(format!("cannot issue a certificate: {e}"));
        let leaf_key = KeyPair::generate().map_err(failed)?;
        let issuer = Issuer::new(ca_params()?, &self.key);
        let leaf = CertificateParams::new(names)
            .and_then(|params| params.signed_by(&leaf_key, &issuer))
            .map_err(failed)?;
        let key = PrivateKeyDer::try_from(leaf_key.serialize_der())
            .map_err(|e| Error::Internal(format!("cannot use the certificate's key: {e}")))?;
        server_config(vec![leaf.der().clone()], key)
    }
}

/// A server configuration with the user's own certificate chain and key.
pub fn own_identity(cert: &Path, key: &Path) -> Result<rustls::ServerConfig> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| {
            Error::invalid(format!(
                "--tls-cert {}: cannot read PEM certificates: {e}",
                cert.display()
            ))
        })?;
    if chain.is_empty() {
        return Err(Error::invalid(format!(
            "--tls-cert {} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)",
            cert.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        Error::invalid(format!(
            "--tls-key {}: cannot read a PEM private key: {e}",
            key.display()
        ))
    })?;
    server_config(chain, key)
}

fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Internal(format!("TLS setup failed: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| {
            Error::invalid(format!(
                "the TLS certificate and key cannot be used together: {e}"
            ))
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The CA's own parameters; what a certificate it issues names as its
/// issuer, so they must be the same every time.
fn ca_params() -> Result<CertificateParams> {
    let mut params = CertificateParams::new(Vec::<String>::new())
        .map_err(|e| Error::Internal(format!("cannot describe the CA: {e}")))?;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.distinguished_name.push(DnType::CommonName, CA_NAME);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    Ok(params)
}

/// Writes a new CA: the key first, created with mode 0600, then the
/// certificate; each under a temporary name, renamed into place whole.
fn create(cert_path: &Path, key_path: &Path) -> Result<()> {
    let failed = |e: rcgen::Error| Error::Internal(format!("cannot make the local CA: {e}"));
    let key = KeyPair::generate().map_err(failed)?;
    let cert = ca_params()?.self_signed(&key).map_err(failed)?;
    write_new(key_path, key.serialize_pem().as_bytes(), 0o600)?;
    write_new(cert_path, cert.pem().as_bytes(), 0o644)
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::invalid(format!(
            "cannot write {} ({e}); the local CA lives beside the store",
            path.display()
        ))
    };
    let mut staged = path.as_os_str().to_owned();
    staged.push(format!(".{}.tmp", std::process::id()));
    let staged = PathBuf::from(staged);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&staged)
        .map_err(failed)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(failed)?;
    std::fs::rename(&staged, path).map_err(failed)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())))
}

fn wide_mode(key_path: &Path) -> Option<String> {
    let mode = std::fs::metadata(key_path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} has mode {mode:o}, so others may read the CA's key; `chmod 600` it",
            key_path.display()
        )
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ca_is_made_once_with_a_private_key() {
        let dir = tempfile::tempdir().unwrap();
        let first = LocalCa::open_or_create(dir.path()).unwrap();
        assert!(first.created);
        let key_path = dir.path().join(CA_KEY_FILE);
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(first.key_warning, None);
        let cert = std::fs::read(&first.cert_path).unwrap();
        let again = LocalCa::open_or_create(dir.path()).unwrap();
        assert!(!again.created);
        assert_eq!(std::fs::read(&again.cert_path).unwrap(), cert);
        again.server_config("127.0.0.1".parse().unwrap()).unwrap();

        std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warned = LocalCa::open_or_create(dir.path()).unwrap();
        assert!(warned.key_warning.unwrap().contains("mode 644"));
    }

    #[test]
    fn a_certificate_of_another_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ca = LocalCa::open_or_create(dir.path()).unwrap();
        let other = KeyPair::generate().unwrap();
        let pem = ca_params().unwrap().self_signed(&other).unwrap().pem();
        std::fs::write(&ca.cert_path, pem).unwrap();
        let err = LocalCa::open_or_create(dir.path())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("is not the certificate of the key"), "{err}");
    }
}
