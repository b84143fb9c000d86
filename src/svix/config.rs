//! Where the Svix server is and how to prove who we are to it: the base URL
//! (`ECHO3D_HOOKS_SVIX_URL`) and the bearer token (`ECHO3D_HOOKS_SVIX_TOKEN`
//! or a file). The token is never a flag value, because command lines end up
//! in shell histories and process listings.

use std::fmt;
use std::io::Read;
use std::net::IpAddr;
use std::path::Path;
use url::{Host, Url};

use crate::error::{Error, Result};

pub const URL_ENV: &str = "ECHO3D_HOOKS_SVIX_URL";
pub const TOKEN_ENV: &str = "ECHO3D_HOOKS_SVIX_TOKEN";

/// A token file larger than this is not a token.
const MAX_TOKEN_FILE_BYTES: u64 = 64 * 1024;

/// A Svix API token. It has no `Display`, its `Debug` hides it, and errors
/// that quote the server pass through [`Token::scrub`], so that it cannot
/// reach a terminal, a log or the store by accident.
#[derive(Clone)]
pub struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl Token {
    /// The token from `file` when one is named, else from the environment.
    pub fn from_file_or_env(file: Option<&Path>) -> Result<Token> {
        match file {
            Some(path) => Token::parse(&read_token_file(path)?, &path.display().to_string()),
            None => match std::env::var(TOKEN_ENV) {
                Ok(value) => Token::parse(&value, TOKEN_ENV),
                Err(std::env::VarError::NotUnicode(_)) => Err(Error::invalid(format!(
                    "{TOKEN_ENV} is not valid UTF-8; a Svix token is printable ASCII"
                ))),
                Err(std::env::VarError::NotPresent) => Err(Error::invalid(format!(
                    "no Svix token: set {TOKEN_ENV} or pass --svix-token-file FILE \
                     (the token is never accepted as a flag value)"
                ))),
            },
        }
    }

    /// Checks the token's shape without ever quoting it: it goes into an
    /// HTTP header, where a space or a line break would break the request.
    pub(super) fn parse(text: &str, source: &str) -> Result<Token> {
        let token = text.trim();
        if token.is_empty() {
            return Err(Error::invalid(format!(
                "the Svix token in {source} is empty"
            )));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(format!(
                "the Svix token in {source} holds spaces, control or non-ASCII characters; a \
                 token is one word of printable ASCII"
            )));
        }
        Ok(Token(token.to_string()))
    }

    /// The `Authorization` header's value.
    pub(super) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// `text` with every occurrence of the token replaced, for quoting what a
    /// server answered: a broken or hostile one might echo the header back.
    pub(super) fn scrub(&self, text: &str) -> String {
        text.replace(&self.0, "<token>")
    }
}

fn read_token_file(path: &Path) -> Result<String> {
    let shown = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| Error::invalid(format!("cannot read the Svix token file {shown}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_TOKEN_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::invalid(format!("cannot read the Svix token file {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_TOKEN_FILE_BYTES {
        return Err(Error::invalid(format!(
            "the Svix token file {shown} is larger than {MAX_TOKEN_FILE_BYTES} bytes; it \
             should hold the token alone"
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid(format!(
            "the Svix token file {shown} is not UTF-8 text; it should hold the token alone"
        ))
    })
}

/// The server's base URL, checked. It must be `https`, except to a loopback
/// address, where nothing can listen in; a private-network address is fine,
/// since the server is the operator's own.
pub fn server_url(raw: Option<&str>) -> Result<Url> {
    let raw = raw.filter(|r| !r.trim().is_empty()).ok_or_else(|| {
        Error::invalid(format!(
            "no Svix server: set {URL_ENV} (or pass --svix-url) to its base URL, e.g. \
             https://svix.internal.example.com"
        ))
    })?;
    let mut url = Url::parse(raw.trim()).map_err(|e| {
        Error::invalid(format!(
            "Svix server URL {raw:?} is not a URL ({e}); expected e.g. https://svix.internal.example.com"
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(format!(
            "Svix server URL must not hold a user name or password; put the token in \
             {TOKEN_ENV} or a --svix-token-file instead"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(format!(
            "Svix server URL {raw:?} has a query or fragment; give the server's base URL only"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::invalid(format!(
                "Svix server URL {raw:?} uses http; the token and the webhooks' secrets \
                 travel to it, so https is required (http is allowed only to a loopback \
                 address such as 127.0.0.1)"
            )));
        }
        other => {
            return Err(Error::invalid(format!(
                "Svix server URL {raw:?} uses the scheme `{other}`; use https"
            )));
        }
    }
    // Joining `api/v1/…` onto a base without a trailing slash would drop the
    // base's last path segment.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => crate::address::canonical(IpAddr::V6(ip)).is_loopback(),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_to_loopback() {
        for ok in [
            "https://svix.internal.example.com",
            "https://10.0.0.5:8071/",
            "http://127.0.0.1:8071",
            "http://[::1]:8071",
            "http://localhost:8071",
        ] {
            assert!(server_url(Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "http://svix.internal.example.com",
            "http://10.0.0.5:8071",
            "ftp://127.0.0.1",
            "https://user:pw@svix.example.com",
            "https://svix.example.com/?x=1",
            "not a url",
        ] {
            assert!(server_url(Some(bad)).is_err(), "{bad}");
        }
        assert!(server_url(None).is_err());
    }

    #[test]
    fn the_base_keeps_its_path() {
        let url = server_url(Some("https://example.com/svix")).unwrap();
        assert_eq!(
            url.join("api/v1/app").unwrap().as_str(),
            "https://example.com/svix/api/v1/app"
        );
    }

    #[test]
    fn the_token_is_never_shown() {
        let token = Token::parse("  sk_secret.value \n", "test").unwrap();
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        assert_eq!(token.bearer(), "Bearer sk_secret.value");
        assert_eq!(token.scrub("x sk_secret.value y"), "x <token> y");
        for bad in ["", "   ", "two words", "line\nbreak", "é"] {
            let err = Token::parse(bad, "test").unwrap_err().to_string();
            assert!(bad.trim().is_empty() || !err.contains(bad.trim()), "{err}");
        }
    }
}
