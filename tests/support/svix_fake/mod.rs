//! A fake Svix server for the tests: hyper over plain HTTP on 127.0.0.1 and
//! an ephemeral port (the tool allows http to loopback), written from the
//! Svix server 1.100.0 OpenAPI document (MIT) and the server's behaviour.
//!
//! It serves the operations the tool calls and enforces what matters:
//! bearer auth; the uid patterns and lengths, and that a uid does not start
//! with the server's own id prefix (`app_`, `ep_`, `msg_`); the secret's
//! format and length (`whsec_` and the base64 of 24 to 75 bytes); that an
//! endpoint names only event types that exist; 409 on a repeated uid,
//! event type or `eventId`; and pages of `PAGE_SIZE` items, so that every
//! listing spans several pages. Every request body is validated against
//! the document's request schema (transcribed in `svix_schemas/`, with no
//! field beyond those the document names); a failure is answered 422 and
//! kept as a violation, and a fake that saw one fails its test when dropped.
//!
//! It delivers: a message is signed with each subscribed endpoint's secret
//! (Standard Webhooks `webhook-*` headers, as a server run with
//! `SVIX_WHITELABEL_HEADERS=true` sends) and POSTed to the endpoint before
//! the message's 202 is sent, so that a test sees the delivery at once.

//!
//! `state` holds what the server holds and answers each request; `wire` is
//! the HTTP side; `sent` mirrors the request bodies the tool sends. A test
//! reads the server's state typed (`apps`, `endpoints`), and a request's
//! body through its mirror (`FakeRequest::body_as`).

#![allow(dead_code)]

mod sent;
mod state;
mod wire;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

// The benchmark, which shares this module, reads none of these.
#[allow(unused_imports)]
pub use sent::{SentMessage, SentRotation};
#[allow(unused_imports)]
pub use state::{App, Endpoint, Metadata};
use state::{Script, State};
use wire::handle;

/// The only token the fake accepts.
pub const FAKE_TOKEN: &str = "testsk_fake-svix.token_9f8e7d6c5b4a";
/// Items per page, whatever the client asks for.
pub const PAGE_SIZE: usize = 2;

/// An answer the fake gives instead of serving a request.
#[derive(Clone, Debug)]
pub enum FakeReply {
    /// Serve the request as usual.
    Serve,
    /// An error in Svix's shape, `{"code", "detail"}`.
    Error(u16, &'static str, &'static str),
    /// A validation error in Svix's shape, `{"detail": [{loc, msg, type}]}`.
    Invalid(&'static str, &'static str),
    /// Svix's error shape with a `Retry-After` header.
    RetryAfter(u16, &'static str),
    /// Serve the request (it takes effect, deliveries included) but answer
    /// this status in Svix's error shape instead: an answer lost on its way
    /// back, as a proxy's 502 after the server did the work.
    Lost(u16),
    /// Never answer.
    Hang,
    /// Any status, content type and body: a server that is not Svix.
    Raw(u16, &'static str, &'static str),
}

/// One request as the fake saw it, and its answer's status.
#[derive(Clone, Debug)]
pub struct FakeRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub body: Vec<u8>,
    pub status: u16,
}

impl FakeRequest {
    /// The body as the mirror `T` of what the tool sends (see `sent`).
    #[track_caller]
    pub fn body_as<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} {}: the body is not the expected {} ({e}): {}",
                self.method,
                self.path,
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn is_change(&self) -> bool {
        self.method != "GET" && (200..300).contains(&self.status)
    }
}

/// One delivery the fake made.
#[derive(Clone, Debug)]
pub struct FakeDelivery {
    pub endpoint_uid: Option<String>,
    pub url: String,
    pub status: Option<u16>,
    pub error: Option<String>,
}

struct Shared {
    state: Mutex<State>,
    schemas: HashMap<&'static str, jsonschema::Validator>,
    client: reqwest::Client,
}

pub struct SvixFake {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// An answer: a status and a JSON body (`Null` for none).
type Reply = (u16, Value);

impl SvixFake {
    /// A fake that delivers only to plain-HTTP endpoints.
    pub fn start() -> SvixFake {
        SvixFake::start_with(None)
    }

    /// A fake that also delivers to HTTPS endpoints whose certificate `ca`
    /// issued (the test receiver's).
    pub fn start_trusting(ca: &Path) -> SvixFake {
        SvixFake::start_with(Some(ca))
    }

    fn start_with(ca: Option<&Path>) -> SvixFake {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            schemas: load_schemas(),
            client: delivery_client(ca),
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("local addr");
        let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
        let served = shared.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("fake Svix runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let (tcp, _) = tokio::select! {
                        accepted = listener.accept() => match accepted {
                            Ok(a) => a,
                            Err(_) => continue,
                        },
                        _ = &mut rx => return,
                    };
                    let shared = served.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |req| handle(req, shared.clone()));
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(tcp), service)
                            .await;
                    });
                }
            });
            rt.shutdown_background();
        });
        SvixFake {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn token(&self) -> &'static str {
        FAKE_TOKEN
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.state.lock().unwrap()
    }

    /// Answers requests with `method` (or any, for `"*"`) whose path ends
    /// with `path_suffix` with `replies`, one each; the last one repeats.
    pub fn script(
        &self,
        method: &'static str,
        path_suffix: &'static str,
        replies: impl IntoIterator<Item = FakeReply>,
    ) {
        self.state().scripts.push(Script {
            method,
            path_suffix,
            replies: replies.into_iter().collect(),
        });
    }

    pub fn requests(&self) -> Vec<FakeRequest> {
        self.state().requests.clone()
    }

    /// The requests that changed something.
    pub fn changes(&self) -> Vec<FakeRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.is_change())
            .collect()
    }

    pub fn deliveries(&self) -> Vec<FakeDelivery> {
        self.state().deliveries.clone()
    }

    pub fn violations(&self) -> Vec<String> {
        self.state().violations.clone()
    }

    /// The violations seen so far, which no longer fail the test: for a
    /// test that breaks a schema on purpose.
    pub fn take_violations(&self) -> Vec<String> {
        std::mem::take(&mut self.state().violations)
    }

    /// Takes the channels off every endpoint of application `app` (id or
    /// uid), as a push before endpoints had channels left them.
    pub fn drop_channels(&self, app: &str) {
        let mut st = self.state();
        let Some(a) = st.app(app) else { return };
        let app_id = st.apps[a].id.clone();
        for e in st.endpoints.iter_mut().filter(|e| e.app_id == app_id) {
            e.channels = None;
        }
    }

    pub fn event_types(&self) -> Vec<String> {
        self.state().event_types.keys().cloned().collect()
    }

    /// Every application.
    pub fn apps(&self) -> Vec<App> {
        self.state().apps.clone()
    }

    /// The endpoints of application `app` (id or uid).
    pub fn endpoints(&self, app: &str) -> Vec<Endpoint> {
        let st = self.state();
        let Some(a) = st.app(app) else {
            return Vec::new();
        };
        let app_id = &st.apps[a].id;
        st.endpoints
            .iter()
            .filter(|e| &e.app_id == app_id)
            .cloned()
            .collect()
    }

    /// Creates an application directly, as another tool would have.
    pub fn seed_app(&self, uid: &str, metadata: &[(&str, &str)]) -> String {
        let mut st = self.state();
        let id = st.new_id("app");
        st.apps.push(App {
            id: id.clone(),
            uid: Some(uid.to_string()),
            name: format!("seeded {uid}"),
            metadata: metadata_from(metadata),
        });
        id
    }

    /// Creates an endpoint directly, as another tool would have.
    pub fn seed_endpoint(
        &self,
        app: &str,
        uid: &str,
        url: &str,
        metadata: &[(&str, &str)],
    ) -> String {
        let mut st = self.state();
        let a = st.app(app).expect("seeded endpoint's application exists");
        let app_id = st.apps[a].id.clone();
        let id = st.new_id("ep");
        st.endpoints.push(Endpoint {
            id: id.clone(),
            app_id,
            uid: Some(uid.to_string()),
            url: url.to_string(),
            description: String::new(),
            disabled: false,
            event_types: None,
            channels: None,
            metadata: metadata_from(metadata),
            secret: format!("whsec_{}", STANDARD.encode([9u8; 32])),
            old_secrets: Vec::new(),
        });
        id
    }

    /// Sends a message through the fake's own API, as a client would, on
    /// the channel every endpoint of the tool takes (as a fan-out goes), and
    /// returns the status and body of its answer.
    pub fn send_message(&self, app: &str, event_type: &str, payload: &str) -> (u16, Value) {
        let body = format!(
            r#"{{"eventType":{},"channels":["echo3d-hooks.all"],"payload":{payload}}}"#,
            json!(event_type)
        );
        self.post_message(app, &body)
    }

    /// Posts `body` as it is to `POST /api/v1/app/{app}/msg`, and returns the
    /// status and body of the answer.
    pub fn post_message(&self, app: &str, body: &str) -> (u16, Value) {
        let url = format!("{}/api/v1/app/{app}/msg", self.url());
        let body = body.to_string();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let response = self
                .shared
                .client
                .post(url)
                .header("authorization", format!("Bearer {FAKE_TOKEN}"))
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("the fake answers");
            let status = response.status().as_u16();
            let bytes = response.bytes().await.expect("a body");
            (
                status,
                serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            )
        })
    }
}

fn metadata_from(pairs: &[(&str, &str)]) -> Metadata {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Drop for SvixFake {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let violations = self.violations();
        if !violations.is_empty() && !std::thread::panicking() {
            panic!(
                "requests broke the Svix OpenAPI request schemas:\n{}",
                violations.join("\n")
            );
        }
    }
}

/// The request schemas of the operations the tool calls, by their name in
/// the document, made strict: a field the document does not name would be
/// ignored by the server, so sending one is a mistake of ours.
fn load_schemas() -> HashMap<&'static str, jsonschema::Validator> {
    let texts: [(&str, &str); 6] = [
        (
            "ApplicationIn",
            include_str!("../svix_schemas/ApplicationIn.json"),
        ),
        (
            "EventTypeIn",
            include_str!("../svix_schemas/EventTypeIn.json"),
        ),
        (
            "EndpointIn",
            include_str!("../svix_schemas/EndpointIn.json"),
        ),
        (
            "EndpointUpdate",
            include_str!("../svix_schemas/EndpointUpdate.json"),
        ),
        (
            "EndpointSecretRotateIn",
            include_str!("../svix_schemas/EndpointSecretRotateIn.json"),
        ),
        ("MessageIn", include_str!("../svix_schemas/MessageIn.json")),
    ];
    let parsed: HashMap<&str, Value> = texts
        .iter()
        .map(|(name, text)| (*name, serde_json::from_str(text).expect("schema is JSON")))
        .collect();
    parsed
        .iter()
        .map(|(name, schema)| {
            let mut schema = schema.clone();
            schema["additionalProperties"] = json!(false);
            schema["$defs"] = json!({ "ApplicationIn": parsed["ApplicationIn"] });
            let validator = jsonschema::validator_for(&schema).expect("schema compiles");
            (*name, validator)
        })
        .collect()
}

fn delivery_client(ca: Option<&Path>) -> reqwest::Client {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    if let Some(ca) = ca {
        for cert in CertificateDer::pem_file_iter(ca).expect("CA file") {
            roots.add(cert.expect("CA certificate")).expect("CA added");
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("delivery client")
}
