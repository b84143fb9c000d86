//! `schema`: the JSON Schema accepts the nine spec samples and refuses what
//! `fire` refuses, and the OpenAPI document has the shape importers read,
//! by its typed mirror and by an independent OpenAPI 3.1 parser (`oas3`).
//!
//! A JSON Schema (`schema`, and the schemas inside the OpenAPI document) is
//! read as a `serde_json::Value`: it is the thing under test, handed whole
//! to a validator. So are the payloads varied to probe it. The OpenAPI
//! document around those schemas is read through its typed mirror.

use serde_json::{Value, json};

use crate::support::json::{EventsDoc, OpenApiDoc};
use crate::support::*;

/// The list fields of a payload, in the spec's order.
const LISTS: [&str; 5] = [
    "entryIds",
    "metadataKeys",
    "metadataValues",
    "statuses",
    "versionIds",
];

/// `schema ARGS`: a JSON Schema, under test.
fn schema(w: &World, args: &[&str]) -> Value {
    w.cmd().arg("schema").args(args).expect(exit::OK).json()
}

/// `schema --format openapi ARGS`, and its text.
fn openapi(w: &World, args: &[&str]) -> (OpenApiDoc, String) {
    let out = w
        .cmd()
        .args(["schema", "--format", "openapi"])
        .args(args)
        .expect(exit::OK);
    (out.json(), out.stdout)
}

/// A validator for `schema`, which must itself be a valid JSON Schema.
fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).expect("a valid JSON Schema");
    jsonschema::validator_for(schema).expect("a usable JSON Schema")
}

/// The spec's samples, by event, as `events` prints them.
fn samples(w: &World) -> Vec<(String, Value)> {
    let out = w.cmd().args(["--json", "events"]).expect(exit::OK);
    out.json::<EventsDoc>()
        .events
        .into_iter()
        .map(|e| (e.name, serde_json::to_value(e.sample).unwrap()))
        .collect()
}

/// Whether `fire EVENT --payload` accepts the payload: it exits 8 when the
/// payload passed every check (nothing is subscribed), 3 when refused.
fn fire_accepts(w: &World, event: &str, payload: &Value) -> bool {
    let file = w.file("payload.json", serde_json::to_vec(payload).unwrap());
    let out = w
        .cmd()
        .args(["fire", event, "--dry-run", "--payload"])
        .arg(&file)
        .outcome();
    match out.code {
        Some(exit::NOTHING_TO_SEND) => true,
        Some(exit::INVALID) => false,
        _ => panic!("fire exited neither 8 nor 3\n{}", out.report()),
    }
}

#[test]
fn the_nine_samples_keep_the_schema() {
    let w = World::new();
    let all = validator(&schema(&w, &[]));
    let samples = samples(&w);
    assert_eq!(samples.len(), 9);
    for (event, sample) in &samples {
        assert!(all.is_valid(sample), "{event}");
        let one = schema(&w, &[event]);
        assert_eq!(
            one["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(one["examples"][0], *sample);
        assert!(validator(&one).is_valid(sample), "{event}");
    }
}

/// Variations of one sample: every list at 0, 1 and 2 values (metadata
/// lists together), a field missing, an unknown field, wrong types, bad
/// values, and more values than allowed.
fn variations(sample: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut vary = |what: String, change: &dyn Fn(&mut Value)| {
        let mut v = sample.clone();
        change(&mut v);
        out.push((what, v));
    };
    for len in 0..3 {
        let values = json!(vec!["x"; len]);
        for list in ["entryIds", "statuses", "versionIds"] {
            vary(format!("{list} of {len}"), &|v| v[list] = values.clone());
        }
        vary(format!("{len} metadata pairs"), &|v| {
            v["metadataKeys"] = values.clone();
            v["metadataValues"] = values.clone();
        });
    }
    for field in ["event", "apiKey"].iter().chain(&LISTS) {
        vary(format!("no {field}"), &|v| {
            v.as_object_mut().unwrap().remove(*field);
        });
    }
    vary("an unknown field".into(), &|v| v["extra"] = json!(1));
    vary("a number as entry".into(), &|v| v["entryIds"] = json!([1]));
    vary("null metadata values".into(), &|v| {
        v["metadataValues"] = Value::Null
    });
    vary("a string of statuses".into(), &|v| {
        v["statuses"] = json!("x")
    });
    vary("a number as key".into(), &|v| v["apiKey"] = json!(5));
    vary("a lowercase event".into(), &|v| {
        v["event"] = json!("upload")
    });
    vary("an empty API key".into(), &|v| v["apiKey"] = json!(""));
    vary("an API key with a space".into(), &|v| {
        v["apiKey"] = json!("bold sky")
    });
    vary("an API key of 129".into(), &|v| {
        v["apiKey"] = json!("k".repeat(129))
    });
    for list in LISTS {
        let mut bad = |what: &str, value: Value| {
            vary(format!("{what} in {list}"), &|v| {
                if let Some(first) = v[list].as_array_mut().and_then(|a| a.first_mut()) {
                    *first = value.clone();
                }
            });
        };
        bad("an empty value", json!(""));
        bad("a control character", json!("a\u{7}b"));
        bad("a value of 1025", json!("v".repeat(1025)));
        bad("a value of 1024", json!("v".repeat(1024)));
    }
    vary("1001 entries".into(), &|v| {
        v["entryIds"] = json!(vec!["e"; 1001])
    });
    vary("1000 entries".into(), &|v| {
        v["entryIds"] = json!(vec!["e"; 1000])
    });
    out
}

#[test]
fn the_schema_refuses_what_fire_refuses_and_accepts_what_it_accepts() {
    let w = World::new();
    let all = validator(&schema(&w, &[]));
    let mut refused = 0;
    for (event, sample) in samples(&w) {
        let one = validator(&schema(&w, &[&event]));
        for (what, payload) in variations(&sample) {
            let fire = fire_accepts(&w, &event, &payload);
            assert_eq!(
                one.is_valid(&payload),
                fire,
                "{event} with {what}: {payload}"
            );
            assert_eq!(
                all.is_valid(&payload),
                fire,
                "{event} with {what} (all events)"
            );
            refused += usize::from(!fire);
        }
        // Another event's name: this event's schema and `fire` refuse it.
        let other = if event == "Upload" {
            "Processed"
        } else {
            "Upload"
        };
        let mut renamed = sample.clone();
        renamed["event"] = json!(other);
        assert!(!fire_accepts(&w, &event, &renamed));
        assert!(!one.is_valid(&renamed), "{event} named {other}");
    }
    assert!(refused > 200, "only {refused} refusals were compared");
}

/// Unequal metadata lists: refused wherever the rule allows no pairs; where
/// it allows some, JSON Schema cannot compare two lengths, so the schema
/// says so, and `verify` refuses them as `fire` does.
#[test]
fn unequal_metadata_lists_are_refused_or_the_rule_is_described() {
    let w = World::new();
    let all = validator(&schema(&w, &[]));
    for (event, sample) in samples(&w) {
        let mut unequal = sample.clone();
        unequal["metadataKeys"] = json!(["a", "b"]);
        unequal["metadataValues"] = json!(["1"]);
        assert!(!fire_accepts(&w, &event, &unequal), "{event}");
        let one = schema(&w, &[&event]);
        let description = one["properties"]["metadataKeys"]["description"]
            .as_str()
            .unwrap();
        if one["properties"]["metadataKeys"]["maxItems"] == 0 {
            assert!(!all.is_valid(&unequal), "{event}");
        } else {
            assert!(
                description.contains("same length"),
                "{event}: {description}"
            );
        }
    }
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let body = r#"{"event":"AssetMetadataAdd","apiKey":"k","entryIds":["e"],"metadataKeys":["a","b"],"metadataValues":["1"],"statuses":[],"versionIds":[]}"#;
    let file = w.file("body.json", body);
    let signature = standardwebhooks::Webhook::new(secret)
        .unwrap()
        .sign("msg_1", 1795716000, body.as_bytes())
        .unwrap();
    let out = w
        .cmd()
        .args(["verify", "--secret", secret, "--id", "msg_1", "--timestamp"])
        .args([
            "1795716000",
            "--now",
            "1795716000",
            "--signature",
            &signature,
        ])
        .arg("--body")
        .arg(&file)
        .expect(exit::PAYLOAD_REJECTED);
    assert!(
        out.stdout.contains("must have the same length"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_openapi_document_has_one_webhook_per_event() {
    let w = World::new();
    let (doc, text) = openapi(&w, &[]);
    assert!(doc.openapi.starts_with("3.1."), "{}", doc.openapi);
    assert_eq!(doc.info.title, "echo3D webhooks");
    assert_eq!(doc.info.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        doc.json_schema_dialect,
        "https://json-schema.org/draft/2020-12/schema"
    );
    // No `paths`: the mirror refuses any member it does not name.
    let names: Vec<&str> = doc.webhooks.keys().map(String::as_str).collect();
    let mut expected = ALL_EVENTS.to_vec();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(
        doc.components.schemas.keys().collect::<Vec<_>>(),
        doc.webhooks.keys().collect::<Vec<_>>(),
        "a payload schema for each webhook"
    );
    let positions: Vec<usize> = ALL_EVENTS
        .iter()
        .map(|e| {
            text.find(&format!("    \"{e}\": {{\n      \"post\""))
                .unwrap()
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in the spec's order"
    );
    for (event, sample) in &samples(&w) {
        assert_webhook(&doc, event, sample);
    }
    let (one, _) = openapi(&w, &["delete"]);
    let only: Vec<&String> = one.webhooks.keys().collect();
    assert_eq!(only, ["Delete"]);
}

#[test]
fn an_independent_openapi_3_1_parser_reads_the_document_and_its_references() {
    let w = World::new();
    let (_, text) = openapi(&w, &[]);
    // The `oas3` crate's own model of OpenAPI 3.1, not this project's mirror.
    let spec = oas3::from_json(&text).expect("oas3 reads the document");
    assert_eq!(spec.openapi, "3.1.0");
    // It keeps the document's order: the spec's.
    let names: Vec<&str> = spec.webhooks.keys().map(String::as_str).collect();
    assert_eq!(names, ALL_EVENTS);
    for (event, item) in &spec.webhooks {
        let post = item.post.as_ref().expect("each webhook is a POST");
        assert_eq!(post.operation_id.as_deref(), Some(event.as_str()));
        let body = post.request_body.as_ref().expect("a request body");
        let body = body.resolve(&spec).expect("its reference resolves");
        assert_eq!(body.required, Some(true), "{event}");
        let media = &body.content["application/json"];
        let schema = media.schema.as_ref().expect("a payload schema");
        schema.resolve(&spec).expect("the payload schema resolves");
        let headers: Vec<String> = post
            .parameters
            .iter()
            .map(|p| p.resolve(&spec).expect("a parameter").name)
            .collect();
        assert_eq!(
            headers,
            ["webhook-id", "webhook-timestamp", "webhook-signature"]
        );
        let responses = post.responses.as_ref().expect("responses");
        assert!(responses.contains_key("2XX"), "{event}");
    }
}

/// One `webhooks` entry: its payload schema and example, the three headers,
/// and the answers.
fn assert_webhook(doc: &OpenApiDoc, event: &str, sample: &Value) {
    let post = &doc.webhooks[event].post;
    assert_eq!(post.operation_id, event);
    assert!(post.description.contains("Payload rule"), "{event}");
    assert!(post.request_body.required);
    let media = &post.request_body.content.json;
    assert_eq!(media.schema.target, format!("#/components/schemas/{event}"));
    let example = serde_json::to_value(&media.example).unwrap();
    assert_eq!(example, *sample);
    let component = &doc.components.schemas[event];
    assert!(validator(component).is_valid(&example), "{event}");
    let headers: Vec<&str> = post
        .parameters
        .iter()
        .map(|p| {
            assert_eq!((p.location.as_str(), p.required), ("header", true));
            assert!(validator(&p.schema).is_valid(&json!(p.example)), "{p:?}");
            p.name.as_str()
        })
        .collect();
    assert_eq!(
        headers,
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
    );
    let codes: Vec<&str> = post.responses.keys().map(String::as_str).collect();
    assert_eq!(codes, ["2XX", "410", "default"]);
    let says = |code: &str, phrase: &str| {
        let description = &post.responses[code].description;
        assert!(description.contains(phrase), "{code}: {description}");
    };
    says("2XX", "succeeded");
    says("410", "disables the webhook");
    says("default", "retried");
}

#[test]
fn an_unknown_event_is_refused_with_a_suggestion() {
    let w = World::new();
    w.refuses(
        w.cmd().args(["schema", "Uplaod"]),
        exit::INVALID,
        &["did you mean `Upload`"],
    );
}
