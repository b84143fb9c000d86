//! The `--json` contract across commands: stdout holds one JSON object and
//! nothing else (messages go to stderr), and one thing has one name in
//! every document. Each document's own shape is held by its typed mirror
//! in `tests/support/json.rs` (and `json/`), which every test reads it
//! through.

use crate::support::json::{DeliveryDoc, RunDoc, WebhookDoc};
use crate::support::*;

#[test]
fn stdout_holds_one_object_and_messages_go_to_stderr() {
    let w = World::seeded();
    let doc = w.file(
        "doc.json",
        format!(r#"{{"version":1,"apiKey":"{OTHER_KEY}","webhooks":[]}}"#),
    );
    let doc = doc.to_str().unwrap();
    // Under the opt-in every command warns on stderr; some fail, some ask.
    let cases: [(&[&str], i32); 18] = [
        (&["list"], exit::OK),
        (&["show", "alpha"], exit::OK),
        (&["events"], exit::OK),
        (&["events", "Upload"], exit::OK),
        (&["deliveries"], exit::OK),
        (&["deliveries", "show", "1"], exit::OK),
        (
            &[
                "fire",
                "Upload",
                "--entry",
                ENTRY_A,
                "--api-key",
                KEY,
                "--dry-run",
            ],
            exit::OK,
        ),
        (&["test", "alpha", "--dry-run"], exit::OK),
        (&["redeliver", "1", "--dry-run"], exit::OK),
        (&["import", doc, "--dry-run"], exit::OK),
        (&["edit", "gamma", "--description", "x"], exit::OK),
        (
            &["fire", "Edit", "--entry", ENTRY_A, "--api-key", KEY],
            exit::NOTHING_TO_SEND,
        ),
        (&["show", "nope"], exit::NOT_FOUND),
        (
            &["deliveries", "prune", "--older-than", "100days"],
            exit::OK,
        ),
        (&["received"], exit::OK),
        (&["received", "show", "1"], exit::NOT_FOUND),
        (&["received", "prune", "--older-than", "100days"], exit::OK),
        (&["listen", "--print-secret"], exit::OK),
    ];
    for (args, code) in cases {
        let out = w.dev_cmd().arg("--json").args(args).expect(code);
        // The envelope, whatever the document: each one's own shape is its
        // mirror's to hold.
        let value: serde_json::Value = out.json();
        assert!(
            value.is_object(),
            "{args:?}: not an object:\n{}",
            out.stdout
        );
        assert!(
            out.stdout.starts_with('{') && out.stdout.ends_with("}\n"),
            "{}",
            out.report()
        );
        // The opt-in's warning goes to stderr, and only where the address
        // policy applies: a command that neither stores nor sends to a URL
        // is not warned.
        let warned = out
            .stderr
            .contains("warning: private and loopback targets are allowed");
        let applies = matches!(
            args[0],
            "add" | "edit" | "import" | "fire" | "test" | "redeliver" | "listen"
        );
        assert_eq!(warned, applies, "{args:?}\n{}", out.report());
        assert_eq!(
            value.get("error").is_some(),
            code != exit::OK,
            "{args:?}: an error member exactly when the command fails\n{}",
            out.report()
        );
    }
}

#[test]
fn one_thing_has_one_name_in_every_document() {
    let w = World::new();
    let hook = w.hook("inv", "/inv", &["Upload"]);
    let report = w
        .fire(&["Upload", "--entry", ENTRY_A])
        .arg("--json")
        .expect(exit::OK)
        .json::<RunDoc>();
    let ran = report.only();
    let logged = w.deliveries(&[]).remove(0);
    let shown: DeliveryDoc = w.delivery(logged.delivery_id);
    let request = w.rx().requests_to("/inv").remove(0);
    let webhook = w
        .cmd()
        .args(["--json", "show", "inv"])
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;

    // deliveryId: the run's report, the log, a delivery in full.
    assert_eq!(ran.delivery_id, Some(logged.delivery_id));
    assert_eq!(shown.delivery.delivery_id, logged.delivery_id);
    // messageId: the same three, and the `webhook-id` header of the request.
    let header = request.header("webhook-id").unwrap();
    for message_id in [
        &ran.message_id,
        &logged.message_id,
        &shown.delivery.message_id,
    ] {
        assert_eq!(*message_id, header);
    }
    assert_eq!(shown.attempts[0].headers()["webhook-id"], header);
    // hookId: the webhook's own id everywhere.
    assert_eq!(webhook.id, hook);
    assert_eq!(ran.hook_id, hook);
    assert_eq!(logged.hook_id.as_deref(), Some(hook.as_str()));
    assert_eq!(shown.delivery.hook_id.as_deref(), Some(hook.as_str()));
}
