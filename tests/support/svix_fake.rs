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

#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

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
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
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

struct Script {
    method: &'static str,
    path_suffix: &'static str,
    replies: VecDeque<FakeReply>,
}

struct App {
    id: String,
    uid: Option<String>,
    name: String,
    metadata: Value,
}

struct Endpoint {
    id: String,
    app_id: String,
    uid: Option<String>,
    url: String,
    description: String,
    disabled: bool,
    event_types: Option<Vec<String>>,
    channels: Option<Vec<String>>,
    metadata: Value,
    secret: String,
    /// Secrets rotated out, still signing during their grace period.
    old_secrets: Vec<String>,
}

struct Message {
    id: String,
    app_id: String,
    event_id: Option<String>,
    event_type: String,
}

/// A message's delivery to one endpoint, made after the state is unlocked.
struct Outgoing {
    endpoint_uid: Option<String>,
    url: String,
    msg_id: String,
    payload: String,
    secrets: Vec<String>,
}

#[derive(Default)]
struct State {
    event_types: BTreeMap<String, String>,
    apps: Vec<App>,
    endpoints: Vec<Endpoint>,
    messages: Vec<Message>,
    requests: Vec<FakeRequest>,
    deliveries: Vec<FakeDelivery>,
    violations: Vec<String>,
    scripts: Vec<Script>,
    next_id: u64,
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

    pub fn event_types(&self) -> Vec<String> {
        self.state().event_types.keys().cloned().collect()
    }

    /// Every application, as `ApplicationOut`.
    pub fn apps(&self) -> Vec<Value> {
        self.state().apps.iter().map(app_out).collect()
    }

    /// The endpoints of application `app` (id or uid), as `EndpointOut` with
    /// their `secret` added.
    pub fn endpoints(&self, app: &str) -> Vec<Value> {
        let st = self.state();
        let Some(a) = st.app(app) else {
            return Vec::new();
        };
        let app_id = &st.apps[a].id;
        st.endpoints
            .iter()
            .filter(|e| &e.app_id == app_id)
            .map(|e| {
                let mut out = endpoint_out(e);
                out["secret"] = json!(e.secret);
                out
            })
            .collect()
    }

    /// Creates an application directly, as another tool would have.
    pub fn seed_app(&self, uid: &str, metadata: Value) -> String {
        let mut st = self.state();
        let id = st.new_id("app");
        st.apps.push(App {
            id: id.clone(),
            uid: Some(uid.to_string()),
            name: format!("seeded {uid}"),
            metadata,
        });
        id
    }

    /// Creates an endpoint directly, as another tool would have.
    pub fn seed_endpoint(&self, app: &str, uid: &str, url: &str, metadata: Value) -> String {
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
            metadata,
            secret: format!("whsec_{}", STANDARD.encode([9u8; 32])),
            old_secrets: Vec::new(),
        });
        id
    }

    /// Sends a message through the fake's own API, as a client would, and
    /// returns the status and body of its answer.
    pub fn send_message(&self, app: &str, event_type: &str, payload: &str) -> (u16, Value) {
        let url = format!("{}/api/v1/app/{app}/msg", self.url());
        let body = format!(
            r#"{{"eventType":{},"payload":{payload}}}"#,
            json!(event_type)
        );
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
            include_str!("svix_schemas/ApplicationIn.json"),
        ),
        ("EventTypeIn", include_str!("svix_schemas/EventTypeIn.json")),
        ("EndpointIn", include_str!("svix_schemas/EndpointIn.json")),
        (
            "EndpointUpdate",
            include_str!("svix_schemas/EndpointUpdate.json"),
        ),
        (
            "EndpointSecretRotateIn",
            include_str!("svix_schemas/EndpointSecretRotateIn.json"),
        ),
        ("MessageIn", include_str!("svix_schemas/MessageIn.json")),
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

async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await?.to_bytes().to_vec();
    let mut seen = FakeRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        authorization: parts
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body,
        status: 0,
    };
    let (answer, outgoing) = {
        let mut st = shared.state.lock().unwrap();
        let (answer, outgoing) = st.answer(&shared.schemas, &seen);
        seen.status = answer.status().as_u16();
        st.requests.push(seen);
        (answer, outgoing)
    };
    for out in outgoing {
        let delivery = deliver(&shared.client, out).await;
        shared.state.lock().unwrap().deliveries.push(delivery);
    }
    Ok(answer)
}

async fn deliver(client: &reqwest::Client, out: Outgoing) -> FakeDelivery {
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signatures: Vec<String> = out
        .secrets
        .iter()
        .map(|secret| {
            standardwebhooks::Webhook::new(secret)
                .expect("stored secrets are valid")
                .sign(&out.msg_id, timestamp, out.payload.as_bytes())
                .expect("signs")
        })
        .collect();
    let sent = client
        .post(&out.url)
        .header("content-type", "application/json")
        .header("webhook-id", &out.msg_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signatures.join(" "))
        .body(out.payload.clone())
        .send()
        .await;
    let (status, error) = match sent {
        Ok(r) => (Some(r.status().as_u16()), None),
        Err(e) => (None, Some(e.to_string())),
    };
    FakeDelivery {
        endpoint_uid: out.endpoint_uid,
        url: out.url,
        status,
        error,
    }
}

fn response((status, body): Reply, headers: &[(&str, String)]) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, value);
    }
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        builder = builder.header("content-type", "application/json");
        serde_json::to_vec(&body).unwrap()
    };
    builder.body(Full::new(Bytes::from(bytes))).unwrap()
}

fn error(status: u16, code: &str, detail: &str) -> Reply {
    (status, json!({ "code": code, "detail": detail }))
}

fn invalid(field: &str, msg: &str) -> Reply {
    (
        422,
        json!({ "detail": [{ "loc": ["body", field], "msg": msg, "type": "value_error" }] }),
    )
}

fn not_found() -> Reply {
    error(404, "not_found", "Entity not found")
}

/// The uid rule: the document's pattern and length, and the server's own
/// rule that a uid must not look like one of its ids.
fn uid_refusal(field: &str, uid: &str, id_prefix: &str) -> Option<Reply> {
    let legal = uid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if uid.is_empty() || uid.len() > 256 || !legal {
        return Some(invalid(
            field,
            "String must match [a-zA-Z0-9\\-_.] (1 to 256).",
        ));
    }
    if uid.starts_with(id_prefix) {
        return Some(invalid(
            field,
            "Uids are not allowed to have the same prefix as the ID. Prefix with _?",
        ));
    }
    None
}

/// The secret rule: `whsec_` and the base64 of 24 to 75 bytes.
fn secret_refusal(field: &str, secret: &str) -> Option<Reply> {
    let Some(encoded) = secret.strip_prefix("whsec_") else {
        return Some(invalid(field, "invalid prefix"));
    };
    match STANDARD.decode(encoded) {
        Err(e) => Some(invalid(field, &e.to_string())),
        Ok(key) if !(24..=75).contains(&key.len()) => Some(invalid(field, "secret length invalid")),
        Ok(_) => None,
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array().map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    })
}

/// One page of `items` (sorted by key) after the query's `iterator`.
fn page(mut items: Vec<(String, Value)>, query: &str) -> Reply {
    items.sort_by(|a, b| a.0.cmp(&b.0));
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, PAGE_SIZE);
    let start = match params.get("iterator") {
        Some(it) => items
            .iter()
            .position(|(k, _)| k > it)
            .unwrap_or(items.len()),
        None => 0,
    };
    let end = (start + limit).min(items.len());
    let shown = &items[start..end];
    (
        200,
        json!({
            "data": shown.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
            "iterator": shown.last().map(|(k, _)| k.clone()),
            "prevIterator": shown.first().map(|(k, _)| format!("-{k}")),
            "done": end >= items.len(),
        }),
    )
}

fn app_out(a: &App) -> Value {
    json!({
        "id": a.id, "uid": a.uid, "name": a.name, "metadata": a.metadata,
        "throttleRate": null,
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
    })
}

/// `EndpointOut`, with `filterTypes` beside `eventTypes` as 1.100.0 sends.
fn endpoint_out(e: &Endpoint) -> Value {
    json!({
        "id": e.id, "uid": e.uid, "url": e.url, "description": e.description,
        "disabled": e.disabled, "eventTypes": e.event_types, "filterTypes": e.event_types,
        "channels": e.channels, "metadata": e.metadata, "throttleRate": null, "version": 1,
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
    })
}

impl State {
    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:012}", self.next_id)
    }

    fn app(&self, id_or_uid: &str) -> Option<usize> {
        self.apps
            .iter()
            .position(|a| a.id == id_or_uid || a.uid.as_deref() == Some(id_or_uid))
    }

    fn endpoint(&self, app_id: &str, id_or_uid: &str) -> Option<usize> {
        self.endpoints.iter().position(|e| {
            e.app_id == app_id && (e.id == id_or_uid || e.uid.as_deref() == Some(id_or_uid))
        })
    }

    /// Answers one request: a scripted reply, a refusal, or the operation.
    fn answer(
        &mut self,
        schemas: &HashMap<&'static str, jsonschema::Validator>,
        req: &FakeRequest,
    ) -> (Response<Full<Bytes>>, Vec<Outgoing>) {
        if let Some(reply) = self.scripted(req) {
            return (scripted_response(reply), Vec::new());
        }
        if req.authorization.as_deref() != Some(&format!("Bearer {FAKE_TOKEN}")) {
            let reply = error(401, "authentication_failed", "Invalid token");
            return (response(reply, &[]), Vec::new());
        }
        let mut outgoing = Vec::new();
        let reply = self.route(schemas, req, &mut outgoing);
        (response(reply, &[]), outgoing)
    }

    fn scripted(&mut self, req: &FakeRequest) -> Option<FakeReply> {
        let script = self.scripts.iter_mut().find(|s| {
            (s.method == "*" || s.method == req.method) && req.path.ends_with(s.path_suffix)
        })?;
        let reply = if script.replies.len() > 1 {
            script.replies.pop_front()?
        } else {
            script.replies.front()?.clone()
        };
        match reply {
            FakeReply::Serve => None,
            other => Some(other),
        }
    }

    fn route(
        &mut self,
        schemas: &HashMap<&'static str, jsonschema::Validator>,
        req: &FakeRequest,
        outgoing: &mut Vec<Outgoing>,
    ) -> Reply {
        let Some(rest) = req.path.strip_prefix("/api/v1/") else {
            self.violations
                .push(format!("{} {}: not an API path", req.method, req.path));
            return not_found();
        };
        let segments: Vec<&str> = rest.split('/').collect();
        let schema = match (req.method.as_str(), segments.as_slice()) {
            ("POST", ["event-type"]) => Some("EventTypeIn"),
            ("POST", ["app"]) => Some("ApplicationIn"),
            ("POST", ["app", _, "endpoint"]) => Some("EndpointIn"),
            ("PUT", ["app", _, "endpoint", _]) => Some("EndpointUpdate"),
            ("POST", ["app", _, "endpoint", _, "secret", "rotate"]) => {
                Some("EndpointSecretRotateIn")
            }
            ("POST", ["app", _, "msg"]) => Some("MessageIn"),
            _ => None,
        };
        let body = match schema {
            Some(name) => match self.checked_body(&schemas[name], name, req) {
                Ok(body) => body,
                Err(reply) => return reply,
            },
            None => Value::Null,
        };
        let q = req.query.as_str();
        match (req.method.as_str(), segments.as_slice()) {
            ("GET", ["event-type"]) => page(
                self.event_types
                    .iter()
                    .map(|(n, d)| (n.clone(), json!({"name": n, "description": d})))
                    .collect(),
                q,
            ),
            ("POST", ["event-type"]) => self.create_event_type(&body),
            ("GET", ["app"]) => page(
                self.apps
                    .iter()
                    .map(|a| (a.id.clone(), app_out(a)))
                    .collect(),
                q,
            ),
            ("POST", ["app"]) => self.create_app(&body),
            ("GET", ["app", a]) => match self.app(a) {
                Some(i) => (200, app_out(&self.apps[i])),
                None => not_found(),
            },
            ("GET", ["app", a, "endpoint"]) => match self.app(a) {
                Some(i) => {
                    let app_id = self.apps[i].id.clone();
                    let items = self
                        .endpoints
                        .iter()
                        .filter(|e| e.app_id == app_id)
                        .map(|e| (e.id.clone(), endpoint_out(e)))
                        .collect();
                    page(items, q)
                }
                None => not_found(),
            },
            ("POST", ["app", a, "endpoint"]) => self.create_endpoint(a, &body),
            (_, ["app", a, "endpoint", e, more @ ..]) => {
                self.endpoint_op(&req.method, a, e, more, &body)
            }
            ("POST", ["app", a, "msg"]) => self.create_message(a, &body, &req.body, outgoing),
            ("GET", ["app", a, "msg", m]) => self.get_message(a, m),
            _ => {
                self.violations
                    .push(format!("{} {}: no such operation", req.method, req.path));
                not_found()
            }
        }
    }

    /// The body, parsed and validated against the operation's schema.
    fn checked_body(
        &mut self,
        validator: &jsonschema::Validator,
        name: &str,
        req: &FakeRequest,
    ) -> Result<Value, Reply> {
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            self.violations
                .push(format!("{} {}: the body is not JSON", req.method, req.path));
            return Err(error(400, "bad_request", "body is not JSON"));
        };
        let problems: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| match e.instance_path().to_string() {
                path if path.is_empty() => e.to_string(),
                path => format!("{path}: {e}"),
            })
            .collect();
        if problems.is_empty() {
            return Ok(body);
        }
        self.violations.push(format!(
            "{} {}: the body breaks {name}: {}",
            req.method,
            req.path,
            problems.join("; ")
        ));
        Err(invalid("schema", &problems.join("; ")))
    }

    fn create_event_type(&mut self, body: &Value) -> Reply {
        let name = body["name"].as_str().unwrap_or_default().to_string();
        if self.event_types.contains_key(&name) {
            return error(
                409,
                "event_type_exists",
                "An event_type with this name already exists",
            );
        }
        let description = body["description"].as_str().unwrap_or_default().to_string();
        self.event_types.insert(name.clone(), description.clone());
        (
            201,
            json!({"name": name, "description": description, "deprecated": false}),
        )
    }

    fn create_app(&mut self, body: &Value) -> Reply {
        let uid = body["uid"].as_str().map(str::to_string);
        if let Some(uid) = &uid {
            if let Some(refusal) = uid_refusal("uid", uid, "app_") {
                return refusal;
            }
            if self.app(uid).is_some() {
                return error(
                    409,
                    "conflict",
                    "An application with this uid already exists",
                );
            }
        }
        let id = self.new_id("app");
        self.apps.push(App {
            id,
            uid,
            name: body["name"].as_str().unwrap_or_default().to_string(),
            metadata: body.get("metadata").cloned().unwrap_or(json!({})),
        });
        (201, app_out(self.apps.last().unwrap()))
    }

    /// Checks the fields an endpoint create or update shares.
    fn endpoint_refusal(&self, app_id: &str, body: &Value, this: Option<&str>) -> Option<Reply> {
        if let Some(uid) = body["uid"].as_str() {
            if let Some(refusal) = uid_refusal("uid", uid, "ep_") {
                return Some(refusal);
            }
            if let Some(other) = self.endpoint(app_id, uid)
                && Some(self.endpoints[other].id.as_str()) != this
            {
                return Some(error(
                    409,
                    "conflict",
                    "An endpoint with this uid already exists",
                ));
            }
        }
        let url = body["url"].as_str().unwrap_or_default();
        if !matches!(
            url::Url::parse(url)
                .map(|u| u.scheme().to_string())
                .as_deref(),
            Ok("http" | "https")
        ) {
            return Some(invalid("url", "Endpoint URL schemes must be http or https"));
        }
        let missing: Vec<String> = strings(&body["eventTypes"])
            .unwrap_or_default()
            .into_iter()
            .filter(|t| !self.event_types.contains_key(t))
            .collect();
        if !missing.is_empty() {
            let msg = format!(
                "The following event types don't exist: {}",
                missing.join(", ")
            );
            return Some(invalid("eventTypes", &msg));
        }
        None
    }

    fn create_endpoint(&mut self, app: &str, body: &Value) -> Reply {
        let Some(a) = self.app(app) else {
            return not_found();
        };
        let app_id = self.apps[a].id.clone();
        if let Some(refusal) = self.endpoint_refusal(&app_id, body, None) {
            return refusal;
        }
        let secret = match body["secret"].as_str() {
            Some(secret) => match secret_refusal("secret", secret) {
                Some(refusal) => return refusal,
                None => secret.to_string(),
            },
            None => format!("whsec_{}", STANDARD.encode([self.next_id as u8; 24])),
        };
        let id = self.new_id("ep");
        self.endpoints.push(Endpoint {
            id,
            app_id,
            uid: None,
            url: String::new(),
            description: String::new(),
            disabled: false,
            event_types: None,
            channels: None,
            metadata: json!({}),
            secret,
            old_secrets: Vec::new(),
        });
        let e = self.endpoints.last_mut().unwrap();
        replace_fields(e, body);
        (201, endpoint_out(e))
    }

    fn endpoint_op(
        &mut self,
        method: &str,
        app: &str,
        endpoint: &str,
        more: &[&str],
        body: &Value,
    ) -> Reply {
        let Some(a) = self.app(app) else {
            return not_found();
        };
        let app_id = self.apps[a].id.clone();
        let Some(i) = self.endpoint(&app_id, endpoint) else {
            return not_found();
        };
        match (method, more) {
            ("GET", []) => (200, endpoint_out(&self.endpoints[i])),
            ("PUT", []) => {
                let this = self.endpoints[i].id.clone();
                if let Some(refusal) = self.endpoint_refusal(&app_id, body, Some(&this)) {
                    return refusal;
                }
                // An update replaces every field; what it leaves out is reset.
                replace_fields(&mut self.endpoints[i], body);
                (200, endpoint_out(&self.endpoints[i]))
            }
            ("DELETE", []) => {
                self.endpoints.remove(i);
                (204, Value::Null)
            }
            ("GET", ["secret"]) => (200, json!({"key": self.endpoints[i].secret})),
            ("POST", ["secret", "rotate"]) => {
                let key = match body["key"].as_str() {
                    Some(key) => match secret_refusal("key", key) {
                        Some(refusal) => return refusal,
                        None => key.to_string(),
                    },
                    None => format!("whsec_{}", STANDARD.encode([self.next_id as u8; 32])),
                };
                let e = &mut self.endpoints[i];
                let old = std::mem::replace(&mut e.secret, key);
                if body["gracePeriodSeconds"].as_u64() != Some(0) {
                    e.old_secrets.push(old);
                }
                (204, Value::Null)
            }
            _ => {
                self.violations.push(format!(
                    "{method} endpoint/{}: no such operation",
                    more.join("/")
                ));
                not_found()
            }
        }
    }

    fn create_message(
        &mut self,
        app: &str,
        body: &Value,
        raw: &[u8],
        outgoing: &mut Vec<Outgoing>,
    ) -> Reply {
        let Some(a) = self.app(app) else {
            return error(404, "not_found", "Application not found");
        };
        let app_id = self.apps[a].id.clone();
        let event_id = body["eventId"].as_str().map(str::to_string);
        if let Some(event_id) = &event_id {
            if let Some(refusal) = uid_refusal("eventId", event_id, "msg_") {
                return refusal;
            }
            if self
                .messages
                .iter()
                .any(|m| m.event_id.as_ref() == Some(event_id))
            {
                return error(
                    409,
                    "conflict",
                    "A message with this eventId already exists",
                );
            }
        }
        #[derive(serde::Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            payload: &'a serde_json::value::RawValue,
        }
        let payload = serde_json::from_slice::<Raw<'_>>(raw)
            .map(|r| r.payload.get().to_string())
            .unwrap_or_default();
        let event_type = body["eventType"].as_str().unwrap_or_default().to_string();
        let channels = strings(&body["channels"]);
        let id = self.new_id("msg");
        for e in self
            .endpoints
            .iter()
            .filter(|e| e.app_id == app_id && !e.disabled)
        {
            let typed = e
                .event_types
                .as_ref()
                .is_none_or(|t| t.contains(&event_type));
            let channelled = e.channels.as_ref().is_none_or(|c| {
                channels
                    .as_ref()
                    .is_some_and(|m| m.iter().any(|x| c.contains(x)))
            });
            if typed && channelled {
                let mut secrets = vec![e.secret.clone()];
                secrets.extend(e.old_secrets.iter().cloned());
                outgoing.push(Outgoing {
                    endpoint_uid: e.uid.clone(),
                    url: e.url.clone(),
                    msg_id: id.clone(),
                    payload: payload.clone(),
                    secrets,
                });
            }
        }
        self.messages.push(Message {
            id,
            app_id,
            event_id,
            event_type,
        });
        (202, message_out(self.messages.last().unwrap()))
    }

    fn get_message(&self, app: &str, id_or_event_id: &str) -> Reply {
        let Some(a) = self.app(app) else {
            return not_found();
        };
        let app_id = &self.apps[a].id;
        self.messages
            .iter()
            .find(|m| {
                &m.app_id == app_id
                    && (m.id == id_or_event_id || m.event_id.as_deref() == Some(id_or_event_id))
            })
            .map_or_else(not_found, |m| (200, message_out(m)))
    }
}

/// Sets every field an `EndpointIn` or `EndpointUpdate` names, resetting
/// those the body leaves out, as the server's update does.
fn replace_fields(e: &mut Endpoint, body: &Value) {
    e.uid = body["uid"].as_str().map(str::to_string);
    e.url = body["url"].as_str().unwrap_or_default().to_string();
    e.description = body["description"].as_str().unwrap_or_default().to_string();
    e.disabled = body["disabled"].as_bool().unwrap_or(false);
    e.event_types = strings(&body["eventTypes"]);
    e.channels = strings(&body["channels"]);
    e.metadata = body.get("metadata").cloned().unwrap_or(json!({}));
}

fn message_out(m: &Message) -> Value {
    json!({
        "id": m.id, "eventId": m.event_id, "eventType": m.event_type, "payload": {},
        "channels": null, "timestamp": "2026-01-01T00:00:00Z",
    })
}

fn scripted_response(reply: FakeReply) -> Response<Full<Bytes>> {
    match reply {
        FakeReply::Serve => unreachable!("served, not scripted"),
        FakeReply::Error(status, code, detail) => response(error(status, code, detail), &[]),
        FakeReply::Invalid(field, msg) => response(invalid(field, msg), &[]),
        FakeReply::RetryAfter(status, seconds) => response(
            error(status, "rate_limit", "Too many requests"),
            &[("retry-after", seconds.to_string())],
        ),
        FakeReply::Raw(status, content_type, body) => Response::builder()
            .status(status)
            .header("content-type", content_type)
            .body(Full::new(Bytes::from(body)))
            .unwrap(),
    }
}
