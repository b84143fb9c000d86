//! The administration commands: add, list, show, edit, delete and events,
//! in their human and `--json` forms. The rules every value must keep are
//! in `rules.rs` and `address_policy.rs`.

use assert_cmd::Command;

use crate::support::json::{
    DeletedDoc, ErrorDoc, EventDoc, EventsDoc, HookRef, Webhook, WebhookDoc,
};
use crate::support::tables::{record, table};
use crate::support::*;

/// `add` with every required option, for collection KEY; `more` adds
/// options.
fn add(w: &World, name: &str, url: &str, more: &[&str]) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", name, "--url", url, "--api-key", KEY])
        .args(["--trigger", "Upload"])
        .args(more);
    cmd
}

/// `--json edit HOOK ARGS`, which must succeed.
fn edit(w: &World, hook: &str, args: &[&str]) -> Webhook {
    w.cmd()
        .args(["--json", "edit", hook])
        .args(args)
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook
}

fn names(hooks: &[Webhook]) -> Vec<&str> {
    hooks.iter().map(|h| h.name.as_str()).collect()
}

// ---------------------------------------------------------------- add

#[test]
fn add_prints_the_new_webhook_with_its_full_secret() {
    let w = World::new();
    let out = add(
        &w,
        "inventory-sync",
        URL,
        &[
            "--trigger",
            "Delete",
            "--description",
            "Keeps stock in step",
        ],
    )
    .expect(exit::OK);
    let id = out
        .stdout
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Created webhook inventory-sync ("))
        .and_then(|l| l.strip_suffix(")."))
        .unwrap_or_else(|| panic!("no `Created webhook` line:\n{}", out.stdout));
    assert!(id.starts_with("wh_"), "{id}");
    let fields = record(&out.stdout);
    let secret = w.secret_of(id);
    for (field, value) in [
        ("name", "inventory-sync"),
        ("id", id),
        ("collection", KEY),
        ("url", URL),
        ("description", "Keeps stock in step"),
        ("triggers", "Upload, Delete"),
        ("enabled", "yes"),
        ("secret", secret.as_str()),
    ] {
        assert!(
            fields.contains(&(field.to_string(), value.to_string())),
            "add does not show {field} {value:?}:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout.contains("The secret is shown in full only now"),
        "{}",
        out.stdout
    );
}

#[test]
fn create_json_prints_the_webhook_with_its_full_secret() {
    let w = World::new();
    let v = w
        .cmd()
        .args(["--json", "create", "--name", "inventory-sync", "--url", URL])
        // Given out of order and in any case; stored in the spec's order and spelling.
        .args([
            "--trigger",
            "delete",
            "--trigger",
            "UPLOAD",
            "--api-key",
            KEY,
        ])
        .args(["--description", "Keeps stock in step"])
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;
    assert!(
        v.id.len() == 19
            && v.id.starts_with("wh_")
            && v.id[3..].chars().all(|c| c.is_ascii_hexdigit()),
        "{}",
        v.id
    );
    let raw = v.secret.strip_prefix("whsec_").expect("whsec_ prefix");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .expect("the secret is base64");
    assert_eq!(bytes.len(), 32, "the secret holds 32 random bytes");
    assert_eq!(v.name, "inventory-sync");
    assert_eq!(v.api_key, KEY);
    assert_eq!(v.url, URL);
    assert_eq!(v.description, "Keeps stock in step");
    assert_eq!(v.triggers, ["Upload", "Delete"]);
    assert!(v.enabled);
    assert_eq!(v.disabled_reason, None);
    assert_eq!(v.created_at, v.updated_at);
    assert!(
        humantime::parse_rfc3339(&v.created_at).is_ok(),
        "{}",
        v.created_at
    );
    assert_eq!(w.secret_of(&v.id), v.secret);

    // Anywhere else, the secret is masked.
    let shown = w.show(&v.id);
    assert_ne!(shown.secret, v.secret);
    assert!(shown.secret.starts_with("whsec_****"));
    assert_eq!(
        Webhook {
            secret: v.secret.clone(),
            ..shown
        },
        v
    );
}

#[test]
fn each_webhook_gets_its_own_id_and_secret() {
    let w = World::new();
    let [a, b] = ["a", "b"].map(|name| {
        add(&w, name, URL, &["--json"])
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook
    });
    assert_ne!(a.id, b.id);
    assert_ne!(a.secret, b.secret);
}

#[test]
fn api_key_falls_back_to_echo3d_api_key() {
    let w = World::new();
    let add_with_env = |name: &str, flags: &[&str]| {
        w.cmd()
            .env("ECHO3D_API_KEY", OTHER_KEY)
            .args(["--json", "add", "--name", name, "--url", URL])
            .args(["--trigger", "Upload"])
            .args(flags)
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook
    };
    assert_eq!(add_with_env("a", &[]).api_key, OTHER_KEY);
    // The flag wins over the environment.
    assert_eq!(add_with_env("b", &["--api-key", KEY]).api_key, KEY);
}

#[test]
fn add_without_an_api_key_is_invalid_input_like_fire() {
    let w = World::seeded();
    let message = "no API key: pass the collection's key with --api-key or set ECHO3D_API_KEY";
    w.refuses(
        w.cmd()
            .args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"]),
        exit::INVALID,
        &[message],
    );
    w.refuses(
        w.cmd().args(["fire", "Upload", "--entry", ENTRY_A]),
        exit::INVALID,
        &[message],
    );
}

#[test]
fn add_disabled_creates_a_switched_off_webhook() {
    let w = World::new();
    let v = add(&w, "paused", URL, &["--json", "--disabled"])
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;
    assert!(!v.enabled);
    assert!(!w.show("paused").enabled);
}

#[test]
fn a_refusal_under_json_prints_an_error_document_and_creates_no_store() {
    // Validation runs before the store is opened: a refused first `add`
    // leaves no store file behind.
    let w = World::new();
    let out = add(&w, "a", "http://hooks.example.com/", &["--json"]).expect(exit::INVALID);
    let doc = out.json::<ErrorDoc>();
    assert_eq!(doc.error.code, exit::INVALID);
    assert_eq!(doc.error.kind, "invalid_input");
    assert!(
        doc.error.message.contains("only https is accepted"),
        "{doc:?}"
    );
    // stderr keeps the message for people.
    out.says(&[&format!("error: {}", doc.error.message)]);
    assert!(!w.db.exists(), "a refused add created the store");
}

// ---------------------------------------------------------------- list

#[test]
fn list_shows_a_plain_table_of_every_webhook() {
    let w = World::seeded();
    add(&w, "paused", "https://paused.example.com/", &["--disabled"]).expect(exit::OK);
    for alias in ["list", "ls"] {
        let out = w.cmd().arg(alias).expect(exit::OK);
        assert!(
            !out.stdout.contains('│'),
            "no box drawing in a pipe:\n{}",
            out.stdout
        );
        let rows = table(&out.stdout);
        assert_eq!(
            rows[0],
            ["NAME", "ID", "COLLECTION", "URL", "TRIGGERS", "ENABLED"]
        );
        let row = |name: &str| {
            rows.iter()
                .find(|r| r[0] == name)
                .unwrap_or_else(|| panic!("no row for {name}:\n{}", out.stdout))
                .clone()
        };
        let alpha = w.show("alpha");
        assert_eq!(
            row("alpha"),
            [
                "alpha",
                alpha.id.as_str(),
                KEY,
                alpha.url.as_str(),
                "Upload, Delete",
                "yes"
            ]
        );
        assert_eq!(row("gamma")[2], OTHER_KEY);
        assert_eq!(row("gamma")[4], "Upload");
        assert_eq!(row("paused")[5], "no");
        // By collection, then name.
        let listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(listed, ["alpha", "beta", "paused", "gamma"]);
        assert!(
            !out.stdout.contains("whsec_"),
            "list shows secrets:\n{}",
            out.stdout
        );
    }
}

#[test]
fn list_filters_by_event_and_collection() {
    let w = World::seeded();
    w.add_hook("deletes", OTHER_KEY, URL, &["Delete"]);
    assert_eq!(names(&w.list(&["--event", "upload"])), ["alpha", "gamma"]);
    assert_eq!(names(&w.list(&["--event", "DELETE"])), ["alpha", "deletes"]);
    assert_eq!(
        names(&w.list(&["--api-key", OTHER_KEY])),
        ["deletes", "gamma"]
    );
    assert_eq!(
        names(&w.list(&["--event", "Upload", "--api-key", OTHER_KEY])),
        ["gamma"]
    );
    let out = w
        .cmd()
        .args(["ls", "--event", "collectionmetadataadd"])
        .expect(exit::OK);
    let rows = table(&out.stdout);
    assert_eq!(rows.len(), 2, "{}", out.stdout);
    assert_eq!(rows[1][0], "beta");
}

#[test]
fn list_json_is_a_document_with_masked_secrets() {
    let w = World::seeded();
    let secrets = ["alpha", "beta", "gamma"].map(|h| w.secret_of(h));
    let out = w.cmd().args(["--json", "list"]).expect(exit::OK);
    for secret in &secrets {
        assert!(
            !out.stdout.contains(secret.as_str()),
            "list --json reveals a secret:\n{}",
            out.stdout
        );
    }
    let hooks = out.json::<crate::support::json::WebhooksDoc>().webhooks;
    assert_eq!(names(&hooks), ["alpha", "beta", "gamma"]);
    for (h, secret) in hooks.iter().zip(&secrets) {
        assert!(h.secret.starts_with("whsec_****"), "{h:?}");
        assert!(h.secret.ends_with(&secret[secret.len() - 4..]), "{h:?}");
        assert_eq!(*h, w.show(&h.id));
    }
}

#[test]
fn an_empty_store_lists_a_helpful_line_not_an_empty_table() {
    let w = World::new();
    let out = w.cmd().arg("list").expect(exit::OK);
    assert!(out.stdout.contains("No webhooks yet"), "{}", out.stdout);
    assert!(out.stdout.contains("echo3d-hooks add"), "{}", out.stdout);
    assert!(!out.stdout.contains("COLLECTION"), "{}", out.stdout);
    assert!(w.list(&[]).is_empty());
}

#[test]
fn filters_that_match_nothing_say_so() {
    let w = World::seeded();
    for filters in [
        &["--event", "Processed"][..],
        &["--api-key", "no-such-key"],
        &["--event", "CollectionMetadataAdd", "--api-key", OTHER_KEY],
    ] {
        let out = w.cmd().arg("list").args(filters).expect(exit::OK);
        assert!(
            out.stdout.contains("No webhook matches these filters"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("COLLECTION"), "{}", out.stdout);
        assert!(w.list(filters).is_empty());
    }
}

#[test]
fn list_refuses_an_unknown_event() {
    let w = World::seeded();
    w.refuses(
        w.cmd().args(["list", "--event", "Uplaod"]),
        exit::INVALID,
        &["unknown trigger `Uplaod`", "did you mean `Upload`?"],
    );
}

// ---------------------------------------------------------------- show

#[test]
fn show_masks_the_secret_unless_asked() {
    let w = World::seeded();
    let secret = w.secret_of("alpha");
    let id = w.show("alpha").id;
    for hook in ["alpha", id.as_str()] {
        let text = w.cmd().args(["show", hook]).expect(exit::OK).stdout;
        let fields = record(&text);
        assert!(fields.contains(&("id".into(), id.clone())), "{text}");
        assert!(
            fields.contains(&("triggers".into(), "Upload, Delete".into())),
            "{text}"
        );
        assert!(text.contains("whsec_****"), "{text}");
        // Not even a long piece of the secret may show.
        assert!(
            !text.contains(&secret[..20]),
            "show reveals the secret:\n{text}"
        );
        let json = w
            .cmd()
            .args(["--json", "show", hook])
            .expect(exit::OK)
            .stdout;
        assert!(!json.contains(&secret[..20]), "{json}");

        let text = w
            .cmd()
            .args(["show", hook, "--reveal-secret"])
            .expect(exit::OK)
            .stdout;
        assert!(
            record(&text).contains(&("secret".into(), secret.clone())),
            "{text}"
        );
    }
}

#[test]
fn show_of_an_unknown_webhook_is_not_found() {
    let w = World::seeded();
    for hook in ["nope", "wh_0000000000000000"] {
        w.refuses(
            w.cmd().args(["show", hook]),
            exit::NOT_FOUND,
            &[&format!("no webhook has the name or id \"{hook}\"")],
        );
    }
}

#[test]
fn a_name_used_in_two_collections_must_be_named_by_id() {
    let w = World::seeded();
    let a = w.show("gamma").id;
    let b = w.add_hook("gamma", KEY, URL, &["Upload"]);
    let out = w.refuses(
        w.cmd().args(["show", "gamma"]),
        exit::INVALID,
        &["used in 2 collections", "by its id"],
    );
    out.says(&[&a, &b]);
    assert_eq!(w.show(&b).api_key, KEY);
    assert_eq!(w.show(&a).api_key, OTHER_KEY);
}

// ---------------------------------------------------------------- edit

#[test]
fn edit_changes_name_url_and_description() {
    let w = World::seeded();
    let before = w.show("alpha");
    let v = edit(
        &w,
        "alpha",
        &[
            "--name",
            "stock-sync",
            "--url",
            "https://stock.example.com/hook",
            "--description",
            "renamed",
        ],
    );
    assert_eq!(v.id, before.id, "edit keeps the id");
    assert_eq!(v.name, "stock-sync");
    assert_eq!(v.url, "https://stock.example.com/hook");
    assert_eq!(v.description, "renamed");
    assert_eq!(v.triggers, before.triggers);
    assert_eq!(v.created_at, before.created_at);
    assert_eq!(w.show(&before.id).name, "stock-sync");
    w.refuses(w.cmd().args(["show", "alpha"]), exit::NOT_FOUND, &["alpha"]);

    // The human form says what happened.
    let text = w
        .cmd()
        .args(["edit", "stock-sync", "--description", ""])
        .expect(exit::OK)
        .stdout;
    assert!(
        text.starts_with("Updated webhook stock-sync (wh_"),
        "{text}"
    );
}

#[test]
fn edit_trigger_replaces_the_set() {
    let w = World::seeded();
    let v = edit(
        &w,
        "alpha",
        &["--trigger", "edit", "--trigger", "PROCESSED"],
    );
    assert_eq!(v.triggers, ["Processed", "Edit"]);
}

#[test]
fn edit_adds_and_removes_triggers() {
    let w = World::seeded();
    let v = edit(
        &w,
        "alpha",
        &["--add-trigger", "assetmetadataadd", "--add-trigger", "Edit"],
    );
    assert_eq!(v.triggers, ["Upload", "Edit", "Delete", "AssetMetadataAdd"]);
    let v = edit(
        &w,
        "alpha",
        &["--remove-trigger", "upload", "--remove-trigger", "Delete"],
    );
    assert_eq!(v.triggers, ["Edit", "AssetMetadataAdd"]);
    // Adding one already there changes nothing.
    let v = edit(&w, "alpha", &["--add-trigger", "Edit"]);
    assert_eq!(v.triggers, ["Edit", "AssetMetadataAdd"]);
    // The subscription index follows the edit.
    assert_eq!(names(&w.list(&["--event", "Upload"])), ["gamma"]);
    assert_eq!(names(&w.list(&["--event", "AssetMetadataAdd"])), ["alpha"]);
}

#[test]
fn edit_refuses_to_remove_the_last_trigger() {
    let w = World::seeded();
    w.refuses(
        w.cmd()
            .args(["edit", "gamma", "--remove-trigger", "Upload"]),
        exit::INVALID,
        &["no trigger", "at least one"],
    );
    w.refuses(
        w.cmd().args([
            "edit",
            "alpha",
            "--remove-trigger",
            "Upload",
            "--remove-trigger",
            "Delete",
        ]),
        exit::INVALID,
        &["no trigger"],
    );
}

#[test]
fn edit_refuses_to_remove_a_trigger_not_subscribed() {
    let w = World::seeded();
    w.refuses(
        w.cmd()
            .args(["edit", "alpha", "--remove-trigger", "processed"]),
        exit::INVALID,
        &["not subscribed to Processed", "Upload, Delete"],
    );
}

#[test]
fn edit_refuses_unknown_triggers() {
    let w = World::seeded();
    for flag in ["--trigger", "--add-trigger", "--remove-trigger"] {
        w.refuses(
            w.cmd().args(["edit", "alpha", flag, "Uplaod"]),
            exit::INVALID,
            &["unknown trigger `Uplaod`", "did you mean `Upload`?"],
        );
    }
}

#[test]
fn edit_enables_and_disables() {
    let w = World::seeded();
    assert!(!edit(&w, "gamma", &["--disable"]).enabled);
    assert!(!w.show("gamma").enabled);
    assert!(edit(&w, "gamma", &["--enable"]).enabled);
    assert!(w.show("gamma").enabled);
    w.refuses(
        w.cmd().args(["edit", "gamma", "--enable", "--disable"]),
        exit::USAGE,
        &["--enable", "--disable"],
    );
}

#[test]
fn edit_rotate_secret_replaces_it() {
    let w = World::seeded();
    let old = w.secret_of("gamma");
    let rotated = edit(&w, "gamma", &["--rotate-secret"]);
    let new = rotated.secret;
    assert!(new.starts_with("whsec_") && new != old, "{new}");
    assert_eq!(w.secret_of("gamma"), new);
    // The old one signs beside it for a grace period (see rotation.rs), and
    // is shown masked only.
    let previous = rotated.previous_secret.expect("the replaced secret");
    assert!(
        previous.secret.starts_with("whsec_****")
            && previous.secret.ends_with(&old[old.len() - 4..])
    );
    // Without a grace period, it is gone from the store at once.
    let newest = edit(&w, "gamma", &["--rotate-secret", "--grace", "0s"]).secret;
    assert_eq!(w.secret_of("gamma"), newest);
    assert!(
        !w.dump().contains(&new[6..]),
        "the replaced secret is still stored"
    );
    // A rotation shows the new secret once; other edits mask it.
    assert!(
        edit(&w, "gamma", &["--description", "x"])
            .secret
            .starts_with("whsec_****")
    );
}

#[test]
fn edit_refuses_a_name_taken_in_the_collection() {
    let w = World::seeded();
    w.refuses(
        w.cmd().args(["edit", "beta", "--name", "alpha"]),
        exit::CONFLICT,
        &["\"alpha\" already exists"],
    );
    // A name taken in another collection is free here.
    assert_eq!(edit(&w, "beta", &["--name", "gamma"]).name, "gamma");
    // Keeping one's own name is no clash.
    assert_eq!(edit(&w, "alpha", &["--name", "alpha"]).name, "alpha");
}

#[test]
fn edit_with_nothing_to_change_is_refused() {
    let w = World::seeded();
    w.refuses(
        w.cmd().args(["edit", "alpha"]),
        exit::INVALID,
        &["nothing to change", "--rotate-secret"],
    );
}

/// An edit that sets what the webhook already has writes nothing: the
/// store, `updatedAt` included, stays as it was.
#[test]
fn edit_that_changes_nothing_writes_nothing() {
    let w = World::seeded();
    let before = w.dump();
    let alpha = w.show("alpha");
    let trigger = alpha.triggers[0].clone();
    for args in [
        vec!["--add-trigger", trigger.as_str()],
        vec!["--name", "alpha", "--enable"],
        vec!["--url", alpha.url.as_str()],
        vec!["--description", alpha.description.as_str()],
    ] {
        // The seeded URLs are the local receiver's, hence the opt-in.
        let out = w
            .dev_cmd()
            .args(["edit", "alpha"])
            .args(&args)
            .expect(exit::OK);
        assert!(
            out.stdout.starts_with(&format!(
                "Webhook alpha ({}) already has those settings; nothing was changed.\n",
                alpha.id
            )),
            "{args:?}: {}",
            out.stdout
        );
        let again = w
            .dev_cmd()
            .args(["--json", "edit", "alpha"])
            .args(&args)
            .expect(exit::OK)
            .json::<WebhookDoc>();
        assert_eq!(again.webhook, alpha, "{args:?}");
    }
    assert_eq!(w.dump(), before);
}

#[test]
fn edit_of_an_unknown_webhook_is_not_found() {
    let w = World::seeded();
    w.refuses(
        w.cmd().args(["edit", "nope", "--description", "x"]),
        exit::NOT_FOUND,
        &["\"nope\""],
    );
}

// ---------------------------------------------------------------- delete

#[test]
fn delete_removes_several_at_once() {
    let w = World::seeded();
    let keep = w.add_hook("keep", KEY, URL, &["Upload"]);
    let gamma = w.show("gamma").id;
    let text = w
        .cmd()
        .args(["delete", "alpha", &gamma, "beta"])
        .expect(exit::OK)
        .stdout;
    assert!(text.contains("Deleted webhook alpha (wh_"), "{text}");
    assert!(
        text.contains(&format!("Deleted webhook gamma ({gamma})")),
        "{text}"
    );
    assert!(text.contains("Deleted webhook beta (wh_"), "{text}");
    assert_eq!(names(&w.list(&[])), ["keep"]);

    let doc = w
        .cmd()
        .args(["--json", "rm", &keep])
        .expect(exit::OK)
        .json::<DeletedDoc>();
    assert_eq!(
        doc.deleted,
        [HookRef {
            id: keep.clone(),
            name: "keep".into(),
            api_key: KEY.into()
        }]
    );
    assert!(w.list(&[]).is_empty());
    assert_eq!(
        count(&w.db, "SELECT count(*) FROM hook_triggers"),
        0,
        "a trigger row outlived its hook"
    );
}

#[test]
fn delete_with_an_unknown_name_deletes_nothing() {
    let w = World::seeded();
    for alias in ["delete", "rm"] {
        w.refuses(
            w.cmd().args([alias, "alpha", "no-such-hook", "gamma"]),
            exit::NOT_FOUND,
            &["\"no-such-hook\""],
        );
    }
    assert_eq!(w.list(&[]).len(), 3);
}

#[test]
fn delete_of_an_ambiguous_name_deletes_nothing() {
    let w = World::seeded();
    w.add_hook("gamma", KEY, URL, &["Upload"]);
    w.refuses(
        w.cmd().args(["rm", "alpha", "gamma"]),
        exit::INVALID,
        &["used in 2 collections"],
    );
}

// ---------------------------------------------------------------- events

#[test]
fn events_lists_the_nine_triggers() {
    let w = World::new();
    let out = w.cmd().arg("events").expect(exit::OK);
    let rows = table(&out.stdout);
    assert_eq!(rows[0], ["EVENT", "FIRED WHEN", "PAYLOAD RULE"]);
    assert_eq!(rows.len(), 1 + 9, "a header and nine rows:\n{}", out.stdout);
    for (row, name) in rows[1..].iter().zip(ALL_EVENTS) {
        assert_eq!(row[0], name);
        assert!(
            !row[1].is_empty() && row[2].starts_with("entryIds: "),
            "{row:?}"
        );
    }
    assert!(rows[1][2].contains("entryIds: exactly 1"), "{:?}", rows[1]);
    // `events` reads no store, so it does not create one.
    assert!(!w.db.exists());
}

#[test]
fn events_json_lists_name_rule_and_sample() {
    let w = World::new();
    let events = w
        .cmd()
        .args(["--json", "events"])
        .expect(exit::OK)
        .json::<EventsDoc>()
        .events;
    let listed: Vec<&str> = events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(listed, ALL_EVENTS);
    for e in &events {
        assert_eq!(e.sample.event, e.name);
        assert_eq!(e.sample.api_key, KEY);
        assert!(!e.fired_when.is_empty(), "{e:?}");
        assert!(e.payload_rule.contains("entryIds"), "{e:?}");
    }
}

#[test]
fn events_upload_shows_the_spec_sample() {
    let w = World::new();
    let spec_sample = serde_json::json!({
        "event": "Upload",
        "apiKey": "bold-sky-1234",
        "entryIds": ["a1b2c3d4-5678-90ab-cdef-1234567890ab"],
        "metadataKeys": [],
        "metadataValues": [],
        "statuses": [],
        "versionIds": []
    });
    let text = w.cmd().args(["events", "upload"]).expect(exit::OK).stdout;
    assert!(text.starts_with("Upload\n"), "{text}");
    assert!(
        text.contains("Fired when: A new asset is uploaded"),
        "{text}"
    );
    let (_, sample) = text
        .split_once("Sample payload:\n")
        .unwrap_or_else(|| panic!("no sample:\n{text}"));
    let sample: serde_json::Value = serde_json::from_str(sample).expect("the sample is JSON");
    assert_eq!(sample, spec_sample);
    // The sample's fields are in the spec's order.
    let positions: Vec<usize> = [
        "event",
        "apiKey",
        "entryIds",
        "metadataKeys",
        "metadataValues",
        "statuses",
        "versionIds",
    ]
    .iter()
    .map(|k| text.find(&format!("\"{k}\":")).unwrap())
    .collect();
    assert!(
        positions.is_sorted(),
        "fields out of the spec's order:\n{text}"
    );

    let out = w
        .cmd()
        .args(["--json", "events", "Upload"])
        .expect(exit::OK);
    let event = out.json::<EventDoc>().event;
    assert_eq!(event.name, "Upload");
    assert_eq!(serde_json::to_value(&event.sample).unwrap(), spec_sample);
}

#[test]
fn events_refuses_an_unknown_event() {
    let w = World::new();
    let out = w.refuses(
        w.cmd().args(["events", "Uplod"]),
        exit::INVALID,
        &["unknown trigger `Uplod`", "did you mean `Upload`?"],
    );
    out.says(&ALL_EVENTS);
}
