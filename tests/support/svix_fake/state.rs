//! The fake's state and its operations: what the server holds, and the
//! answer to each request, with the rules the server enforces.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http_body_util::Full;
use hyper::Response;
use hyper::body::Bytes;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};

use super::wire::{error, invalid, not_found, response, scripted_response};
use super::{FAKE_TOKEN, FakeDelivery, FakeReply, FakeRequest, PAGE_SIZE, Reply};

pub(super) struct Script {
    pub(super) method: &'static str,
    pub(super) path_suffix: &'static str,
    pub(super) replies: VecDeque<FakeReply>,
}

/// Svix's metadata: names to strings.
pub type Metadata = BTreeMap<String, String>;

/// An application, as the server holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub uid: Option<String>,
    pub name: String,
    pub metadata: Metadata,
}

/// An endpoint, as the server holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub id: String,
    pub app_id: String,
    pub uid: Option<String>,
    pub url: String,
    pub description: String,
    pub disabled: bool,
    pub event_types: Option<Vec<String>>,
    pub channels: Option<Vec<String>>,
    pub metadata: Metadata,
    pub secret: String,
    /// Secrets rotated out, still signing during their grace period.
    pub old_secrets: Vec<String>,
}

pub(super) struct Message {
    pub(super) id: String,
    pub(super) app_id: String,
    pub(super) event_id: Option<String>,
    pub(super) event_type: String,
}

/// A message's delivery to one endpoint, made after the state is unlocked.
pub(super) struct Outgoing {
    pub(super) endpoint_uid: Option<String>,
    pub(super) url: String,
    pub(super) msg_id: String,
    pub(super) payload: String,
    pub(super) secrets: Vec<String>,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) event_types: BTreeMap<String, String>,
    pub(super) apps: Vec<App>,
    pub(super) endpoints: Vec<Endpoint>,
    pub(super) messages: Vec<Message>,
    pub(super) requests: Vec<FakeRequest>,
    pub(super) deliveries: Vec<FakeDelivery>,
    pub(super) violations: Vec<String>,
    pub(super) scripts: Vec<Script>,
    pub(super) next_id: u64,
}

impl State {
    pub(super) fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:012}", self.next_id)
    }

    pub(super) fn app(&self, id_or_uid: &str) -> Option<usize> {
        self.apps
            .iter()
            .position(|a| a.id == id_or_uid || a.uid.as_deref() == Some(id_or_uid))
    }

    pub(super) fn endpoint(&self, app_id: &str, id_or_uid: &str) -> Option<usize> {
        self.endpoints.iter().position(|e| {
            e.app_id == app_id && (e.id == id_or_uid || e.uid.as_deref() == Some(id_or_uid))
        })
    }

    /// Answers one request: a scripted reply, a refusal, or the operation;
    /// `None` when the script says never to answer.
    pub(super) fn answer(
        &mut self,
        schemas: &HashMap<&'static str, jsonschema::Validator>,
        req: &FakeRequest,
    ) -> (Option<Response<Full<Bytes>>>, Vec<Outgoing>) {
        match self.scripted(req) {
            None => {
                let (served, outgoing) = self.serve(schemas, req);
                (Some(served), outgoing)
            }
            Some(FakeReply::Hang) => (None, Vec::new()),
            Some(FakeReply::Lost(status)) => {
                let (_, outgoing) = self.serve(schemas, req);
                let lost = error(status, "bad_gateway", "the upstream answer was lost");
                (Some(response(lost, &[])), outgoing)
            }
            Some(reply) => (Some(scripted_response(reply)), Vec::new()),
        }
    }

    /// A refusal, or the operation.
    fn serve(
        &mut self,
        schemas: &HashMap<&'static str, jsonschema::Validator>,
        req: &FakeRequest,
    ) -> (Response<Full<Bytes>>, Vec<Outgoing>) {
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
            metadata: metadata_of(body),
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
            metadata: Metadata::new(),
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
    e.metadata = metadata_of(body);
}

/// A body's `metadata` (a map of strings, as its schema holds); none is
/// an empty map.
fn metadata_of(body: &Value) -> Metadata {
    body.get("metadata")
        .and_then(|m| serde_json::from_value(m.clone()).ok())
        .unwrap_or_default()
}

fn message_out(m: &Message) -> Value {
    json!({
        "id": m.id, "eventId": m.event_id, "eventType": m.event_type, "payload": {},
        "channels": null, "timestamp": "2026-01-01T00:00:00Z",
    })
}

/// The uid rule: the document's pattern and length, and the server's own
/// rule that a uid must not look like one of its ids.
pub(super) fn uid_refusal(field: &str, uid: &str, id_prefix: &str) -> Option<Reply> {
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
pub(super) fn secret_refusal(field: &str, secret: &str) -> Option<Reply> {
    let Some(encoded) = secret.strip_prefix("whsec_") else {
        return Some(invalid(field, "invalid prefix"));
    };
    match STANDARD.decode(encoded) {
        Err(e) => Some(invalid(field, &e.to_string())),
        Ok(key) if !(24..=75).contains(&key.len()) => Some(invalid(field, "secret length invalid")),
        Ok(_) => None,
    }
}

pub(super) fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array().map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    })
}

/// One page of `items` (sorted by key) after the query's `iterator`.
pub(super) fn page(mut items: Vec<(String, Value)>, query: &str) -> Reply {
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

pub(super) fn app_out(a: &App) -> Value {
    json!({
        "id": a.id, "uid": a.uid, "name": a.name, "metadata": a.metadata,
        "throttleRate": null,
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
    })
}

/// `EndpointOut`, with `filterTypes` beside `eventTypes` as 1.100.0 sends.
pub(super) fn endpoint_out(e: &Endpoint) -> Value {
    json!({
        "id": e.id, "uid": e.uid, "url": e.url, "description": e.description,
        "disabled": e.disabled, "eventTypes": e.event_types, "filterTypes": e.event_types,
        "channels": e.channels, "metadata": e.metadata, "throttleRate": null, "version": 1,
        "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
    })
}
