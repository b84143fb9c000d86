//! Refused `--payload` documents, from a file or stdin.

use serde_json::json;

use super::*;

#[test]
fn payload_files() {
    let h = Hostile::new();
    let payload = |name: &str, text: &str| fire("Upload", &["--payload", &h.file(name, text)]);
    let tweaked = |name: &str, tweak: &dyn Fn(&mut serde_json::Map<String, serde_json::Value>)| {
        payload(name, &payload_with(tweak))
    };
    h.check(
        "payload-files",
        vec![
            case(
                "missing",
                &["fire", "Upload", "--payload", "/nonexistent/payload.json"],
                exit::INVALID,
                "cannot read the payload file /nonexistent/payload.json",
            ),
            case(
                "directory",
                &["fire", "Upload", "--payload", h.inputs.to_str().unwrap()],
                exit::INVALID,
                "Is a directory",
            ),
            case(
                "latin1",
                &fire(
                    "Upload",
                    &[
                        "--payload",
                        &h.file(
                            "latin1.json",
                            b"{\"event\":\"Upload\",\"apiKey\":\"caf\xe9\"}",
                        ),
                    ],
                ),
                exit::INVALID,
                "is not UTF-8 text (invalid byte at offset 31)",
            ),
            case(
                "duplicate-field",
                &payload(
                    "dup.json",
                    &payload_with(|_| {}).replacen('{', r#"{"event":"Delete","#, 1),
                ),
                exit::INVALID,
                "duplicate field `event`",
            ),
            case(
                "string-for-list",
                &tweaked("str.json", &|p| {
                    p.insert("entryIds".into(), json!("abc"));
                }),
                exit::INVALID,
                "field `entryIds`: invalid type: string \"abc\", expected a sequence",
            ),
            case(
                "number-in-list",
                &tweaked("num.json", &|p| {
                    p.insert("entryIds".into(), json!([1]));
                }),
                exit::INVALID,
                "field `entryIds[0]`: invalid type: integer `1`, expected a string",
            ),
            case(
                "object-in-list",
                &tweaked("junk.json", &|p| {
                    p.insert("metadataKeys".into(), json!([{"a": {"b": [1, 2, {}]}}]));
                }),
                exit::INVALID,
                "field `metadataKeys[0]`: invalid type: map",
            ),
            case(
                "deep-nesting",
                &payload(
                    "deep.json",
                    &payload_with(|_| {}).replace(
                        &format!("[\"{ENTRY_A}\"]"),
                        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
                    ),
                ),
                exit::INVALID,
                "field `entryIds[0]`: invalid type: sequence",
            ),
            case(
                "object-for-key",
                &tweaked("key.json", &|p| {
                    p.insert("apiKey".into(), json!({"x": 1}));
                }),
                exit::INVALID,
                "field `apiKey`: invalid type: map",
            ),
            case(
                "unknown-field",
                &tweaked("extra.json", &|p| {
                    p.insert("extra".into(), json!(1));
                }),
                exit::INVALID,
                "unknown field `extra`",
            ),
            case(
                "missing-field",
                &tweaked("missing.json", &|p| {
                    p.remove("statuses");
                }),
                exit::INVALID,
                "missing field `statuses`",
            ),
            case(
                "null-list",
                &tweaked("null.json", &|p| {
                    p.insert("statuses".into(), json!(null));
                }),
                exit::INVALID,
                "field `statuses`: invalid type: null",
            ),
            case(
                "event-case",
                &tweaked("case.json", &|p| {
                    p.insert("event".into(), json!("upload"));
                }),
                exit::INVALID,
                "field `event`: unknown variant `upload`",
            ),
            case(
                "other-event",
                &tweaked("other-event.json", &|p| {
                    p.insert("event".into(), json!("Delete"));
                }),
                exit::INVALID,
                "is for Delete but the command fires Upload",
            ),
            case(
                "other-key",
                &tweaked("other-key.json", &|p| {
                    p.insert("apiKey".into(), json!(OTHER_KEY));
                }),
                exit::INVALID,
                "differs from the API key",
            ),
            case(
                "rule",
                &tweaked("rule.json", &|p| {
                    p.insert("entryIds".into(), json!(["a", "b"]));
                }),
                exit::INVALID,
                "breaks a rule in field `entryIds`: Upload requires entryIds to be exactly 1",
            ),
            case(
                "too-large",
                &payload(
                    "big.json",
                    &format!("{}{}", payload_with(|_| {}), " ".repeat(1 << 20)),
                ),
                exit::INVALID,
                "larger than the limit of 1048576 bytes",
            ),
            case(
                "trailing-data",
                &payload("trailing.json", &format!("{} x", payload_with(|_| {}))),
                exit::INVALID,
                "has trailing data",
            ),
            case(
                "broken",
                &payload(
                    "broken.json",
                    "{\n  \"event\": \"Upload\",\n  \"apiKey\": x\n}",
                ),
                exit::INVALID,
                "expected value at line 3 column 13",
            ),
            case(
                "empty",
                &payload("empty.json", ""),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "array",
                &payload("array.json", "[]"),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "positional",
                &payload(
                    "positional.json",
                    &format!("[\"Upload\",\"{KEY}\",[\"{ENTRY_A}\"],[],[],[],[]]"),
                ),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "scalar",
                &payload("scalar.json", "\"Upload\""),
                exit::INVALID,
                "is not a JSON object",
            ),
            case(
                "stdin-broken",
                &["fire", "Upload", "--payload", "-"],
                exit::INVALID,
                "the payload on stdin is invalid",
            )
            .stdin("{"),
            case(
                "stdin-too-large",
                &["fire", "Upload", "--payload", "-"],
                exit::INVALID,
                "on stdin is larger than the limit",
            )
            .stdin(vec![b' '; (1 << 20) + 1]),
            case(
                "with-flags",
                &["fire", "Upload", "--payload", "x.json", "--entry", ENTRY_A],
                exit::USAGE,
                "cannot be used with",
            ),
        ],
    );
}
