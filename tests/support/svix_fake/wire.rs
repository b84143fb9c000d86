//! The fake's HTTP side: serving a request, delivering a message to an
//! endpoint as the server would, and the answers in Svix's shapes.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use serde_json::json;
use std::sync::Arc;

use super::state::Outgoing;
use super::{FakeDelivery, FakeReply, FakeRequest, Reply, Shared};

pub(super) async fn handle(
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
        seen.status = answer.as_ref().map_or(0, |a| a.status().as_u16());
        st.requests.push(seen);
        (answer, outgoing)
    };
    for out in outgoing {
        let delivery = deliver(&shared.client, out).await;
        shared.state.lock().unwrap().deliveries.push(delivery);
    }
    match answer {
        Some(answer) => Ok(answer),
        None => std::future::pending().await,
    }
}

pub(super) async fn deliver(client: &reqwest::Client, out: Outgoing) -> FakeDelivery {
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

pub(super) fn response((status, body): Reply, headers: &[(&str, String)]) -> Response<Full<Bytes>> {
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

pub(super) fn error(status: u16, code: &str, detail: &str) -> Reply {
    (status, json!({ "code": code, "detail": detail }))
}

pub(super) fn invalid(field: &str, msg: &str) -> Reply {
    (
        422,
        json!({ "detail": [{ "loc": ["body", field], "msg": msg, "type": "value_error" }] }),
    )
}

pub(super) fn not_found() -> Reply {
    error(404, "not_found", "Entity not found")
}

pub(super) fn scripted_response(reply: FakeReply) -> Response<Full<Bytes>> {
    match reply {
        FakeReply::Serve | FakeReply::Lost(_) | FakeReply::Hang => {
            unreachable!("served or held, not answered from the script")
        }
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
