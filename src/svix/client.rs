//! The HTTP side of talking to a Svix server: one request with its bearer
//! token, retried on 429 and 5xx as deliveries are, answers read with a cap,
//! refusals turned into errors that show the status and Svix's own error
//! body, and the `{data, iterator, done}` pages walked to their end.

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;
use std::path::Path;
use std::time::{Duration, SystemTime};
use url::Url;

use super::config::Token;
use super::quote;
use crate::deliver::retry::{backoff, retry_after, status_is_retryable};
use crate::deliver::{USER_AGENT, tls_config_for};
use crate::error::{Error, Result};

/// An answer larger than this is not one the API gives to our requests.
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// Items asked for per page; the server may send fewer.
const PAGE_LIMIT: &str = "100";
/// A listing that has not ended after this many pages is going in circles.
const MAX_PAGES: usize = 100_000;

/// How the client connects and retries.
#[derive(Clone, Debug)]
pub struct ClientOptions<'a> {
    /// Also trust these PEM certificates (an internal CA).
    pub ca_cert: Option<&'a Path>,
    /// Retries after a network error, 408, 429 or 5xx.
    pub retries: u32,
    /// Wait before the first retry; doubles each retry, with jitter.
    pub backoff: Duration,
    /// Longest wait a `Retry-After` header can ask for.
    pub max_retry_after: Duration,
    pub connect_timeout: Duration,
    pub timeout: Duration,
}

impl Default for ClientOptions<'_> {
    fn default() -> Self {
        ClientOptions {
            ca_cert: None,
            retries: 3,
            backoff: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A client of one Svix server's API.
#[derive(Debug)]
pub struct SvixClient {
    http: reqwest::Client,
    base: Url,
    token: Token,
    retries: u32,
    backoff: Duration,
    max_retry_after: Duration,
}

/// One request: the path below the base as segments (each escaped as one
/// segment), query pairs, and a JSON body.
pub(super) struct Call<'a> {
    pub method: Method,
    pub path: Vec<&'a str>,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl<'a> Call<'a> {
    pub fn get(path: Vec<&'a str>) -> Call<'a> {
        Call {
            method: Method::GET,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub fn with_body(method: Method, path: Vec<&'a str>, body: Vec<u8>) -> Call<'a> {
        Call {
            method,
            path,
            query: Vec::new(),
            body: Some(body),
        }
    }

    /// `GET /api/v1/app`, for messages.
    fn describe(&self) -> String {
        format!("{} /{}", self.method, self.path.join("/"))
    }
}

/// What the server answered, after any retries.
pub(super) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    attempts: u32,
}

/// One page of a listing.
#[derive(serde::Deserialize)]
struct Page<T> {
    data: Vec<T>,
    #[serde(default)]
    iterator: Option<String>,
    done: bool,
}

impl SvixClient {
    pub fn new(base: Url, token: Token, options: &ClientOptions<'_>) -> Result<SvixClient> {
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config_for(options.ca_cert)?)
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // The server is named explicitly; a proxy variable must not
            // reroute the token.
            .no_proxy()
            .build()
            .map_err(|e| Error::Internal(format!("cannot build the HTTP client: {e}")))?;
        Ok(SvixClient {
            http,
            base,
            token,
            retries: options.retries,
            backoff: options.backoff,
            max_retry_after: options.max_retry_after,
        })
    }

    /// The server's base URL, for messages.
    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// Sends `call`, retrying network errors, 408, 429 and 5xx; any other
    /// answer, and the last one, is returned as it is.
    pub(super) async fn send(&self, call: &Call<'_>) -> Result<Answer> {
        let url = self.url_of(call);
        let attempts = self.retries + 1;
        for attempt in 1..=attempts {
            let wait = match self.send_once(&url, call).await {
                Ok((answer, _)) if !status_is_retryable(answer.status) || attempt == attempts => {
                    return Ok(Answer {
                        attempts: attempt,
                        ..answer
                    });
                }
                Ok((_, asked)) => {
                    retry_after(asked.as_deref(), SystemTime::now(), self.max_retry_after)
                        .unwrap_or_else(|| backoff(self.backoff, attempt))
                }
                Err(e) if attempt == attempts => return Err(self.unreachable(call, &e, attempt)),
                Err(_) => backoff(self.backoff, attempt),
            };
            tokio::time::sleep(wait).await;
        }
        unreachable!("the last attempt returns")
    }

    async fn send_once(
        &self,
        url: &Url,
        call: &Call<'_>,
    ) -> std::result::Result<(Answer, Option<String>), reqwest::Error> {
        let mut auth = HeaderValue::from_str(&self.token.bearer())
            .expect("the token was checked to be printable ASCII");
        auth.set_sensitive(true);
        let mut request = self
            .http
            .request(call.method.clone(), url.clone())
            .header(AUTHORIZATION, auth)
            .header("accept", "application/json");
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let mut response = request.send().await?;
        let status = response.status().as_u16();
        let asked = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_ANSWER_BYTES {
                break;
            }
        }
        Ok((
            Answer {
                status,
                body,
                attempts: 1,
            },
            asked,
        ))
    }

    fn url_of(&self, call: &Call<'_>) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("an http(s) base URL has a path")
            .pop_if_empty()
            .extend(&call.path);
        if !call.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(call.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// Sends `call` and reads a 2xx answer as `T`.
    pub(super) async fn request<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T> {
        let answer = self.send(call).await?;
        if !(200..300).contains(&answer.status) {
            return Err(self.refusal(call, &answer));
        }
        self.parse(call, &answer)
    }

    /// Sends `call`, whose 2xx answer has no content worth reading.
    pub(super) async fn execute(&self, call: &Call<'_>) -> Result<()> {
        let answer = self.send(call).await?;
        if !(200..300).contains(&answer.status) {
            return Err(self.refusal(call, &answer));
        }
        Ok(())
    }

    /// Every item of a listing, page after page.
    pub(super) async fn list_all<T: DeserializeOwned>(&self, path: Vec<&str>) -> Result<Vec<T>> {
        let mut items = Vec::new();
        let mut iterator: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut call = Call::get(path.clone());
            call.query.push(("limit", PAGE_LIMIT.to_string()));
            if let Some(it) = &iterator {
                call.query.push(("iterator", it.clone()));
            }
            let page: Page<T> = self.request(&call).await?;
            items.extend(page.data);
            if page.done {
                return Ok(items);
            }
            match page.iterator {
                Some(next) if iterator.as_ref() != Some(&next) => iterator = Some(next),
                _ => {
                    return Err(Error::Remote(format!(
                        "the Svix server at {} answered {} with a page that is not the last \
                         but gives no new iterator to the next one",
                        self.base_url(),
                        call.describe()
                    )));
                }
            }
        }
        Err(Error::Remote(format!(
            "the Svix server at {} listed /{} over more than {MAX_PAGES} pages; giving up",
            self.base_url(),
            path.join("/")
        )))
    }

    /// Reads a 2xx answer as `T`; anything else is not Svix's API.
    pub(super) fn parse<T: DeserializeOwned>(&self, call: &Call<'_>, answer: &Answer) -> Result<T> {
        if answer.body.len() > MAX_ANSWER_BYTES {
            return Err(Error::Remote(format!(
                "the Svix server at {} answered {} with more than {MAX_ANSWER_BYTES} bytes; \
                 that is not an answer of Svix's API",
                self.base_url(),
                call.describe()
            )));
        }
        serde_json::from_slice(&answer.body).map_err(|e| {
            Error::Remote(format!(
                "the Svix server at {} answered {} with HTTP {} and a body that is not Svix's \
                 API ({e}): {}; check that {} is a Svix server's base URL",
                self.base_url(),
                call.describe(),
                answer.status,
                quote::raw(&self.token, &answer.body),
                self.base_url(),
            ))
        })
    }

    /// The error for a non-2xx answer: the status and Svix's error body.
    pub(super) fn refusal(&self, call: &Call<'_>, answer: &Answer) -> Error {
        let hint = match answer.status {
            401 | 403 => {
                "; check the token in ECHO3D_HOOKS_SVIX_TOKEN or --svix-token-file (it must be \
                 an API token of this server)"
            }
            _ => "",
        };
        let tries = if answer.attempts > 1 {
            format!(" (after {} attempts)", answer.attempts)
        } else {
            String::new()
        };
        Error::Remote(format!(
            "the Svix server at {} refused {}: HTTP {}{tries}: {}{hint}",
            self.base_url(),
            call.describe(),
            answer.status,
            quote::error_body(&self.token, &answer.body),
        ))
    }

    fn unreachable(&self, call: &Call<'_>, e: &reqwest::Error, attempts: u32) -> Error {
        let tries = if attempts > 1 {
            format!(" ({attempts} attempts)")
        } else {
            String::new()
        };
        Error::Remote(format!(
            "cannot reach the Svix server at {} for {}{tries}: {}",
            self.base_url(),
            call.describe(),
            self.token
                .scrub(&crate::deliver::network_error_text(e, "the Svix server"))
        ))
    }
}
