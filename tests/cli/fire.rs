//! `fire` against the real TLS receiver: exact bodies, headers and
//! signatures, payload-rule refusals, `--payload`, `--meta`, collection
//! isolation, `--hook`, the order of a fan-out, exit codes and the `--json`
//! report. Retries, timeouts and TLS are in `retries.rs`.

use std::time::{Duration, SystemTime};

use crate::support::json::{ErrorJson, RunDoc, RunSummary, State};
use crate::support::samples::{SAMPLES, UPLOAD_BODY};
use crate::support::*;

/// `fire Upload --entry ENTRY_A`, the simplest valid event.
fn fire_upload(w: &World) -> assert_cmd::Command {
    w.fire(&["Upload", "--entry", ENTRY_A])
}

/// Nothing reached the receiver and nothing reached the log.
#[track_caller]
fn assert_nothing_sent(w: &World) {
    assert_eq!(w.rx().count(), 0, "the receiver got requests");
    assert!(w.deliveries(&[]).is_empty(), "deliveries were logged");
}

// ---------------------------------------------------------------- bodies

#[test]
fn fire_reproduces_each_spec_sample_from_flags() {
    let w = World::new();
    w.hook("all", "/all", &ALL_EVENTS);
    for (i, (event, flags, body)) in SAMPLES.iter().enumerate() {
        let mut args = vec![*event];
        args.extend_from_slice(flags);
        w.fire(&args).expect(exit::OK);
        let reqs = w.rx().requests_to("/all");
        assert_eq!(reqs.len(), i + 1, "{event}");
        assert_eq!(reqs[i].body_text(), *body, "{event}");
    }
}

#[test]
fn status_update_without_status_or_version_sends_empty_lists() {
    let w = World::new();
    w.hook("st", "/st", &["AssetStatusUpdate"]);
    w.fire(&["assetstatusupdate", "--entry", ENTRY_A])
        .expect(exit::OK);
    assert_eq!(
        w.rx().requests_to("/st")[0].body_text(),
        r#"{"event":"AssetStatusUpdate","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#
    );
}

// ---------------------------------------------------------------- headers

#[test]
fn headers_and_signature_follow_standard_webhooks() {
    let w = World::new();
    let id = w.hook("inv", "/hook", &["Upload"]);
    let other = w.add_hook("other", OTHER_KEY, &w.rx().url("/other"), &["Upload"]);
    fire_upload(&w).expect(exit::OK);
    let reqs = w.rx().requests_to("/hook");
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.body_text(), UPLOAD_BODY);
    let content_types: Vec<_> = r.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/json"]);
    assert_eq!(
        r.header("user-agent"),
        Some(format!("echo3d-hooks/{}", env!("CARGO_PKG_VERSION")))
    );
    let msg_id = r.header("webhook-id").expect("webhook-id");
    assert!(msg_id.starts_with("msg_") && msg_id.len() > 10, "{msg_id}");
    let ts: u64 = r
        .header("webhook-timestamp")
        .expect("webhook-timestamp")
        .parse()
        .expect("unix seconds");
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(ts.abs_diff(now) < 600, "timestamp {ts}, now {now}");
    let sig = r.header("webhook-signature").expect("webhook-signature");
    assert!(sig.starts_with("v1,"), "{sig}");

    let secret = w.secret_of(&id);
    let verifier = |secret: &str| standardwebhooks::Webhook::new(secret).unwrap();
    verifier(&secret)
        .verify(&r.body, &r.headers)
        .expect("the hook's secret verifies the signature");
    let wrong = w.secret_of(&other);
    assert_ne!(wrong, secret);
    assert!(
        verifier(&wrong).verify(&r.body, &r.headers).is_err(),
        "another secret must not verify"
    );
    let mut tampered = r.body.clone();
    tampered.push(b' ');
    assert!(
        verifier(&secret).verify(&tampered, &r.headers).is_err(),
        "a changed body must not verify"
    );
}

// ---------------------------------------------------------------- payload rules

#[test]
fn payload_rule_violations_are_refused_before_anything_is_sent() {
    let w = World::new();
    w.hook("all", "/all", &ALL_EVENTS);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["Upload", "--entry", ENTRY_A, "--entry", ENTRY_B],
            exit::INVALID,
            "Upload requires entryIds to be exactly 1, but it has 2 values (set with --entry)",
        ),
        (
            &["Upload"],
            exit::INVALID,
            "Upload requires entryIds to be exactly 1, but it has 0 values",
        ),
        (
            &["Delete", "--entry", ENTRY_A, "--meta", "color=red"],
            exit::INVALID,
            "Delete requires metadataKeys to be empty",
        ),
        (
            &["Upload", "--entry", ENTRY_A, "--status", "Done"],
            exit::INVALID,
            "Upload requires statuses to be empty",
        ),
        (
            &["Edit", "--entry", ENTRY_A, "--version-id", "v1"],
            exit::INVALID,
            "Edit requires versionIds to be empty",
        ),
        (
            &["CollectionMetadataAdd", "--entry", ENTRY_A, "--meta", "a=b"],
            exit::INVALID,
            "CollectionMetadataAdd requires entryIds to be empty",
        ),
        (
            &["CollectionMetadataRemove"],
            exit::INVALID,
            "CollectionMetadataRemove requires metadataKeys to be 1 or more",
        ),
        (
            &["AssetMetadataAdd", "--entry", ENTRY_A],
            exit::INVALID,
            "AssetMetadataAdd requires metadataKeys to be 1 or more",
        ),
        (
            &["AssetMetadataRemove", "--meta", "a=b"],
            exit::INVALID,
            "AssetMetadataRemove requires entryIds to be 1 or more",
        ),
        (
            &["AssetStatusUpdate", "--entry", ENTRY_A, "--entry", ENTRY_B],
            exit::INVALID,
            "AssetStatusUpdate requires entryIds to be exactly 1",
        ),
        (
            &[
                "AssetStatusUpdate",
                "--entry",
                ENTRY_A,
                "--status",
                "Done",
                "--status",
                "Approved",
            ],
            exit::USAGE,
            "--status",
        ),
        (
            &["CollectionMetadataAdd", "--meta", "novalue"],
            exit::INVALID,
            "--meta \"novalue\" has no `=`",
        ),
        (
            &["Upload", "--entry", ""],
            exit::INVALID,
            "entryIds[0] is empty",
        ),
        (
            &["CollectionMetadataAdd", "--meta", "=v"],
            exit::INVALID,
            "metadataKeys[0] is empty",
        ),
        (
            &["Upload", "--entry", "a\u{7}b"],
            exit::INVALID,
            "control character",
        ),
        (
            &["Uplaod", "--entry", ENTRY_A],
            exit::INVALID,
            "unknown trigger `Uplaod` (did you mean `Upload`?)",
        ),
    ];
    for (args, code, needle) in cases {
        w.refuses(&mut w.fire(args), *code, &[needle]);
    }
    assert_nothing_sent(&w);
}

#[test]
fn too_many_values_are_refused() {
    let w = World::new();
    w.hook("del", "/del", &["Delete", "Upload"]);
    let entries: Vec<String> = (0..1001).map(|i| format!("--entry=e{i}")).collect();
    let mut args = vec!["Delete"];
    args.extend(entries.iter().map(String::as_str));
    w.refuses(&mut w.fire(&args), exit::INVALID, &["at most 1000"]);
    let long = "x".repeat(1025);
    w.refuses(
        &mut w.fire(&["Upload", "--entry", &long]),
        exit::INVALID,
        &["entryIds[0] is 1025 characters long"],
    );
    assert_nothing_sent(&w);
}

// ---------------------------------------------------------------- --payload

/// A valid AssetMetadataAdd document, pretty-printed in a scrambled order.
const SCRAMBLED_PAYLOAD: &str = r#"{
  "versionIds": [],
  "statuses": [],
  "metadataValues": ["red", "large"],
  "metadataKeys": ["color", "size"],
  "entryIds": ["a1b2c3d4-5678-90ab-cdef-1234567890ab", "f9e8d7c6-5432-10fe-dcba-0987654321fe"],
  "apiKey": "bold-sky-1234",
  "event": "AssetMetadataAdd"
}
"#;

#[test]
fn payload_file_and_stdin_are_sent_compactly_in_spec_order() {
    let w = World::new();
    w.hook("meta", "/meta", &["AssetMetadataAdd"]);
    let file = w.file("p.json", SCRAMBLED_PAYLOAD);
    w.fire(&["AssetMetadataAdd", "--payload", file.to_str().unwrap()])
        .expect(exit::OK);
    // No --api-key: the document names its collection.
    w.send(&["fire", "AssetMetadataAdd", "--payload", "-"])
        .write_stdin(SCRAMBLED_PAYLOAD)
        .expect(exit::OK);
    let bodies: Vec<String> = w
        .rx()
        .requests_to("/meta")
        .iter()
        .map(|r| r.body_text())
        .collect();
    assert_eq!(bodies, [SAMPLES[6].2, SAMPLES[6].2]);
}

#[test]
fn bad_payload_documents_are_refused_before_anything_is_sent() {
    let w = World::new();
    w.hook("all", "/all", &ALL_EVENTS);
    let upload = |extra: &str| {
        format!(
            r#"{{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["e1"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]{extra}}}"#
        )
    };
    let mut not_utf8 = upload("").into_bytes();
    not_utf8.insert(30, 0xff);
    let mut oversized = upload("").into_bytes();
    oversized.splice(1..1, std::iter::repeat_n(b' ', 1024 * 1024));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("Upload", upload(r#","extra":1"#).into_bytes(), "unknown field `extra`"),
        (
            "Upload",
            upload("").replace(r#","statuses":[]"#, "").into_bytes(),
            "missing field `statuses`",
        ),
        ("Upload", upload("").replace(r#"["e1"]"#, "[1]").into_bytes(), "entryIds[0]"),
        ("Upload", upload("").replace(r#"["e1"]"#, r#""e1""#).into_bytes(), "field `entryIds`"),
        (
            "Upload",
            upload("").replace(r#""metadataKeys":[]"#, r#""metadataKeys":null"#).into_bytes(),
            "field `metadataKeys`",
        ),
        ("Upload", upload(r#","event":"Upload""#).into_bytes(), "duplicate field `event`"),
        ("Upload", not_utf8, "not UTF-8"),
        ("Upload", format!("{} x", upload("")).into_bytes(), "trailing"),
        ("Upload", format!("{}{}", upload(""), upload("")).into_bytes(), "trailing"),
        (
            "Delete",
            upload("").into_bytes(),
            "is for Upload but the command fires Delete; they must match",
        ),
        (
            "Upload",
            upload("").replace(KEY, OTHER_KEY).into_bytes(),
            "differs from the API key",
        ),
        (
            "Upload",
            upload("").replace(r#""event":"Upload""#, r#""event":"upload""#).into_bytes(),
            "field `event`",
        ),
        (
            "CollectionMetadataAdd",
            br#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["a","b"],"metadataValues":["1"],"statuses":[],"versionIds":[]}"#.to_vec(),
            "must have the same length",
        ),
        (
            "Upload",
            upload("").replace(r#"["e1"]"#, r#"["e1","e2"]"#).into_bytes(),
            "Upload requires entryIds to be exactly 1",
        ),
        ("Upload", oversized, "larger than the limit of 1048576 bytes"),
        ("Upload", b"".to_vec(), "is invalid"),
    ];
    for (i, (event, content, needle)) in cases.iter().enumerate() {
        let file = w.file(&format!("bad{i}.json"), content);
        w.refuses(
            &mut w.fire(&[event, "--payload", file.to_str().unwrap()]),
            exit::INVALID,
            &[needle],
        );
        // Through stdin too, with the message saying where it came from.
        w.refuses(
            w.fire(&[event, "--payload", "-"])
                .write_stdin(content.clone()),
            exit::INVALID,
            &[needle],
        );
    }
    w.refuses(
        w.fire(&["Upload", "--payload", "-"])
            .write_stdin(upload(",x")),
        exit::INVALID,
        &["the payload on stdin is invalid"],
    );
    let missing = w.dir.path().join("missing.json");
    w.refuses(
        &mut w.fire(&["Upload", "--payload", missing.to_str().unwrap()]),
        exit::INVALID,
        &["cannot read the payload file"],
    );
    let file = w.file("ok.json", upload(""));
    w.refuses(
        &mut w.fire(&[
            "Upload",
            "--payload",
            file.to_str().unwrap(),
            "--entry",
            ENTRY_A,
        ]),
        exit::USAGE,
        &["--entry"],
    );
    assert_nothing_sent(&w);
}

#[test]
fn a_payload_documents_refusal_names_the_file_the_field_and_the_line() {
    let w = World::new();
    w.hook("all", "/all", &ALL_EVENTS);
    let two = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a","b"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
    let file = w.file("two.json", two);
    let out = w.refuses(
        &mut w.fire(&["Upload", "--payload", file.to_str().unwrap()]),
        exit::INVALID,
        &[&format!(
            "the payload file {} breaks a rule in field `entryIds`: Upload requires entryIds to be \
             exactly 1, but it has 2 values",
            file.display()
        )],
    );
    assert!(
        !out.stderr.contains("--entry"),
        "no flag was given:\n{}",
        out.stderr
    );
    w.refuses(
        w.fire(&["Upload", "--payload", "-"]).write_stdin(two),
        exit::INVALID,
        &["the payload on stdin breaks a rule in field `entryIds`"],
    );
    // Broken JSON: where it broke, and nothing about a field.
    let broken = "{\n  \"event\": \"Upload\",\n  \"apiKey\": x\n}";
    let file = w.file("broken.json", broken);
    w.refuses(
        &mut w.fire(&["Upload", "--payload", file.to_str().unwrap()]),
        exit::INVALID,
        &[&format!(
            "error: the payload file {} is invalid: expected value at line 3 column 13\n",
            file.display()
        )],
    );
    assert_nothing_sent(&w);
}

// ---------------------------------------------------------------- --meta

#[test]
fn meta_pairs_keep_their_order_and_split_at_the_first_equals_sign() {
    let w = World::new();
    w.hook("meta", "/meta", &["CollectionMetadataAdd"]);
    w.fire(&[
        "CollectionMetadataAdd",
        "--meta",
        "size=large",
        "--meta",
        "color=red",
        "--meta",
        "query=a=b&c=d",
        "--meta",
        "clé ünï=valeur avec espaces ✓",
        "--meta",
        "empty=",
    ])
    .expect(exit::OK);
    assert_eq!(
        w.rx().requests_to("/meta")[0].body_text(),
        r#"{"event":"CollectionMetadataAdd","apiKey":"bold-sky-1234","entryIds":[],"metadataKeys":["size","color","query","clé ünï","empty"],"metadataValues":["large","red","a=b&c=d","valeur avec espaces ✓",""],"statuses":[],"versionIds":[]}"#
    );
}

// ---------------------------------------------------------------- who receives it

#[test]
fn an_event_reaches_only_its_own_collections_enabled_hooks() {
    let w = World::new();
    w.hook("a1", "/a1", &["Upload"]);
    w.hook("a2", "/a2", &["Upload", "Delete"]);
    w.hook("a-delete", "/a-delete", &["Delete"]);
    w.add_hook("b1", OTHER_KEY, &w.rx().url("/b1"), &["Upload"]);
    let off = w.hook("a-off", "/a-off", &["Upload"]);
    w.cmd().args(["edit", &off, "--disable"]).expect(exit::OK);
    let report = fire_upload(&w)
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let mut names: Vec<&str> = report
        .deliveries
        .iter()
        .map(|d| d.hook_name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["a1", "a2"]);
    let mut paths: Vec<_> = w.rx().requests().iter().map(|r| r.path.clone()).collect();
    paths.sort();
    assert_eq!(paths, ["/a1", "/a2"]);

    // The other collection's event carries its own key to its own hook.
    w.send(&["fire", "Upload", "--entry", ENTRY_A, "--api-key", OTHER_KEY])
        .expect(exit::OK);
    let b = w.rx().requests_to("/b1");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].body_text(), UPLOAD_BODY.replace(KEY, OTHER_KEY));
    assert_eq!(w.rx().count(), 3);
}

#[test]
fn hook_narrows_the_targets_and_refuses_hooks_that_would_not_receive_the_event() {
    let w = World::new();
    let a1 = w.hook("a1", "/a1", &["Upload"]);
    w.hook("a2", "/a2", &["Upload"]);
    w.hook("a3", "/a3", &["Upload"]);
    w.hook("a-delete", "/a-delete", &["Delete"]);
    let b1 = w.add_hook("b1", OTHER_KEY, &w.rx().url("/b1"), &["Upload"]);
    let off = w.hook("a-off", "/a-off", &["Upload"]);
    w.cmd().args(["edit", &off, "--disable"]).expect(exit::OK);
    let refusals: &[(&str, i32, &str)] = &[
        // Another collection's webhook is looked for in the event's own
        // collection, by name or by id, and is not there.
        (
            &b1,
            exit::NOT_FOUND,
            "no webhook of collection bold-sky-1234 has the name or id",
        ),
        (
            "b1",
            exit::NOT_FOUND,
            "no webhook of collection bold-sky-1234 has the name or id \"b1\"",
        ),
        ("a-delete", exit::INVALID, "is not subscribed to Upload"),
        // A disabled webhook would not receive the event: nothing to send.
        (
            "a-off",
            exit::NOTHING_TO_SEND,
            "webhook a-off is disabled, so nothing was sent; enable it with `echo3d-hooks edit",
        ),
        ("nosuch", exit::NOT_FOUND, "nosuch"),
    ];
    for (hook, code, needle) in refusals {
        // A good hook alongside: one bad name refuses the whole run.
        w.refuses(
            fire_upload(&w).args(["--hook", "a1", "--hook", hook]),
            *code,
            &[needle],
        );
    }
    assert_nothing_sent(&w);

    fire_upload(&w)
        .args(["--hook", &a1, "--hook", "a3", "--hook", "a1"])
        .expect(exit::OK);
    let mut paths: Vec<_> = w.rx().requests().iter().map(|r| r.path.clone()).collect();
    paths.sort();
    assert_eq!(paths, ["/a1", "/a3"], "by id and name, each hook once");
}

#[test]
fn a_fan_out_goes_to_the_subscribers_in_the_order_of_their_ids() {
    let w = World::new();
    let mut ids: Vec<(String, String)> = (0..8)
        .map(|i| {
            let name = format!("h{i}");
            (w.hook(&name, &format!("/{name}"), &["Upload"]), name)
        })
        .collect();
    // One at a time: the receiver sees the order the run sends in.
    w.fire_with(
        sending(w.rx()).concurrency(1),
        &["Upload", "--entry", ENTRY_A],
    )
    .expect(exit::OK);
    ids.sort();
    let expected: Vec<String> = ids.iter().map(|(_, name)| format!("/{name}")).collect();
    let received: Vec<String> = w.rx().requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(received, expected);
}

// ---------------------------------------------------------------- outcome and report

#[test]
fn mixed_results_exit_7_and_still_print_the_table() {
    let w = World::new();
    w.hook("good", "/good", &["Upload"]);
    w.hook("bad", "/bad", &["Upload"]);
    w.rx().script("/bad", [Reply::Status(500)]);
    let out = w
        .fire_with(sending(w.rx()).retries(1), &["Upload", "--entry", ENTRY_A])
        .expect(exit::DELIVERY_FAILED);
    for needle in [
        "good",
        "bad",
        &w.rx().url("/good"),
        &w.rx().url("/bad"),
        "HTTP 200",
        "HTTP 500",
        "1 delivered, 1 failed, 0 interrupted, of 2.",
    ] {
        assert!(
            out.stdout.contains(needle),
            "table lacks {needle:?}:\n{}",
            out.stdout
        );
    }
    out.says(&["error: 1 of 2 deliveries failed"]);
    let mut states: Vec<(String, State)> = w
        .deliveries(&[])
        .into_iter()
        .map(|d| (d.name().to_string(), d.state))
        .collect();
    states.sort();
    assert_eq!(
        states,
        [
            ("bad".into(), State::Failed),
            ("good".into(), State::Succeeded)
        ]
    );
}

#[test]
fn no_subscribed_webhook_exits_8_and_a_missing_api_key_exits_3() {
    let w = World::new();
    w.hook("del", "/del", &["Delete"]);
    w.add_hook("b", OTHER_KEY, &w.rx().url("/b"), &["Upload"]);
    w.refuses(
        &mut fire_upload(&w),
        exit::NOTHING_TO_SEND,
        &["no enabled webhook of collection bold-sky-1234 is subscribed to Upload; nothing was sent"],
    );
    w.refuses(
        &mut w.send(&["fire", "Upload", "--entry", ENTRY_A]),
        exit::INVALID,
        &["no API key"],
    );
    assert_nothing_sent(&w);

    // ECHO3D_API_KEY stands in for --api-key.
    w.send(&["fire", "Upload", "--entry", ENTRY_A])
        .env("ECHO3D_API_KEY", OTHER_KEY)
        .expect(exit::OK);
    assert_eq!(w.rx().requests_to("/b").len(), 1);
}

#[test]
fn fire_json_reports_every_delivery_without_secrets() {
    let w = World::new();
    let ok_id = w.hook("ok", "/ok", &["Upload"]);
    let bad_id = w.hook("bad", "/bad", &["Upload"]);
    w.rx().script("/bad", [Reply::Status(503)]);
    let out = w
        .fire_with(sending(w.rx()).retries(1), &["Upload", "--entry", ENTRY_A])
        .arg("--json")
        .expect(exit::DELIVERY_FAILED);
    let report = out.json::<RunDoc>();
    assert_eq!(
        report.summary,
        RunSummary {
            total: 2,
            succeeded: 1,
            failed: 1,
            interrupted: 0,
            skipped: 0
        }
    );
    // A run that ends with a non-zero exit says why in its document.
    assert_eq!(
        report.error,
        Some(ErrorJson {
            code: exit::DELIVERY_FAILED,
            kind: "delivery_failed".into(),
            message: "1 of 2 deliveries failed (see `echo3d-hooks deliveries --failed`)".into(),
        })
    );
    assert_eq!(report.deliveries.len(), 2);
    let log = w.deliveries(&[]);
    for (hook_id, name, status, state, attempts) in [
        (&ok_id, "ok", 200, State::Succeeded, 1),
        (&bad_id, "bad", 503, State::Failed, 2),
    ] {
        let d = report.to(name);
        assert_eq!(d.hook_id, *hook_id);
        assert_eq!(d.url, w.rx().url(&format!("/{name}")));
        assert_eq!(d.event, "Upload");
        assert_eq!(d.state, state);
        assert_eq!(d.attempts, attempts);
        assert_eq!(d.status, Some(status));
        // An HTTP status says it all; `error` is for failures without one.
        assert_eq!(d.error, None, "{d:?}");
        let seen = w.rx().requests_to(&format!("/{name}"));
        assert!(
            seen.iter()
                .all(|r| r.header("webhook-id").as_deref() == Some(d.message_id.as_str())),
            "{d:?}"
        );
        // The id is the log's id for the same delivery.
        let logged = log
            .iter()
            .find(|l| Some(l.delivery_id) == d.delivery_id)
            .unwrap();
        assert_eq!(logged.message_id, d.message_id);
        assert_eq!(logged.name(), name);
    }
    assert_ne!(
        report.deliveries[0].message_id, report.deliveries[1].message_id,
        "each delivery has its own webhook-id"
    );
    assert!(!out.stdout.contains("whsec_"), "{}", out.stdout);
    for id in [&ok_id, &bad_id] {
        let secret = w.secret_of(id);
        assert!(
            !out.stdout.contains(&secret[6..]),
            "secret leaked: {}",
            out.stdout
        );
    }
}

#[test]
fn the_json_report_lists_deliveries_in_the_order_they_finish() {
    let w = World::new();
    w.rx()
        .script("/slow", [Reply::Delayed(Duration::from_millis(1500), 200)]);
    // Planned first by name, and whichever id it gets, the slow hook
    // finishes last.
    let slow = w.hook("a-slow", "/slow", &["Upload"]);
    let fast = w.hook("b-fast", "/fast", &["Upload"]);
    let report = w
        .fire_with(
            sending(w.rx()).concurrency(2),
            &["Upload", "--entry", ENTRY_A],
        )
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let order: Vec<&str> = report
        .deliveries
        .iter()
        .map(|d| d.hook_id.as_str())
        .collect();
    assert_eq!(order, [fast.as_str(), slow.as_str()]);
}

// ---------------------------------------------------------------- --dry-run

#[test]
fn dry_run_prints_body_and_targets_and_sends_nothing() {
    let w = World::new();
    let id = w.hook("inv", "/hook", &["Upload"]);
    w.add_hook("other", OTHER_KEY, &w.rx().url("/other"), &["Upload"]);
    let before = w.dump();
    let out = fire_upload(&w).arg("--dry-run").expect(exit::OK);
    assert!(
        out.stdout.lines().any(|l| l == UPLOAD_BODY),
        "the body is printed on a line of its own:\n{}",
        out.stdout
    );
    for needle in ["inv", id.as_str(), &w.rx().url("/hook"), "nothing was sent"] {
        assert!(
            out.stdout.contains(needle),
            "lacks {needle:?}:\n{}",
            out.stdout
        );
    }
    assert!(!out.stdout.contains("/other"), "{}", out.stdout);

    let doc = fire_upload(&w)
        .args(["--dry-run", "--json"])
        .expect(exit::OK)
        .json::<crate::support::json::DryRunDoc>();
    assert!(doc.dry_run);
    assert_eq!(
        doc.deliveries,
        [crate::support::json::DryRunDelivery {
            delivery_id: None,
            event: "Upload".into(),
            hook_id: id,
            hook_name: "inv".into(),
            url: w.rx().url("/hook"),
            refused: None,
            body: UPLOAD_BODY.into(),
        }]
    );
    assert_eq!(doc.summary.total, 1);
    assert_eq!(doc.summary.refused, 0);
    assert_nothing_sent(&w);
    assert_eq!(w.dump(), before);

    // A rule violation is still refused on a dry run.
    w.refuses(
        &mut w.fire(&["Upload", "--dry-run"]),
        exit::INVALID,
        &["exactly 1"],
    );
}
