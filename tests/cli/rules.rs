//! The rules a webhook's values keep, as `add` and `edit` apply them: its
//! name, triggers, API key and description. Each refusal is checked for its
//! exit code, its message, and an unchanged store. (URLs: see
//! `address_policy.rs`.)

use assert_cmd::Command;

use crate::support::json::WebhookDoc;
use crate::support::tables::table;
use crate::support::*;

/// `add NAME` at a public URL, for collection KEY, subscribed to Upload.
fn add(w: &World, name: &str, more: &[&str]) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", name, "--url", URL, "--api-key", KEY])
        .args(["--trigger", "Upload"])
        .args(more);
    cmd
}

fn add_with_key(w: &World, key: &str) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", "a", "--url", URL, "--trigger", "Upload"])
        .args(["--api-key", key]);
    cmd
}

fn add_with_triggers(w: &World, triggers: &[&str]) -> Command {
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", "t", "--url", URL, "--api-key", KEY]);
    for t in triggers {
        cmd.args(["--trigger", t]);
    }
    cmd
}

// ---------------------------------------------------------------- names

#[test]
fn name_must_not_be_empty_or_blank() {
    let w = World::seeded();
    w.refuses(&mut add(&w, "", &[]), exit::INVALID, &["empty"]);
    w.refuses(&mut add(&w, "   ", &[]), exit::INVALID, &["empty"]);
}

#[test]
fn name_may_have_100_characters_not_101() {
    let w = World::seeded();
    w.refuses(
        &mut add(&w, &"n".repeat(101), &[]),
        exit::INVALID,
        &["101 characters", "at most 100"],
    );
    // Characters, not bytes: 100 two-byte characters are fine.
    add(&w, &"n".repeat(100), &[]).expect(exit::OK);
    add(&w, &"é".repeat(100), &[]).expect(exit::OK);
}

#[test]
fn name_must_not_hold_control_characters() {
    let w = World::seeded();
    for name in ["bell\u{7}", "two\nlines", "esc\u{1b}[31m"] {
        w.refuses(
            &mut add(&w, name, &[]),
            exit::INVALID,
            &["control character"],
        );
    }
}

#[test]
fn name_must_not_start_or_end_with_whitespace() {
    let w = World::seeded();
    for name in [" inv", "inv ", "\u{3000}inv"] {
        w.refuses(&mut add(&w, name, &[]), exit::INVALID, &["whitespace"]);
    }
    add(&w, "inventory sync", &[]).expect(exit::OK);
}

#[test]
fn name_is_unique_within_a_collection_only() {
    let w = World::seeded();
    w.refuses(
        &mut add(&w, "alpha", &[]),
        exit::CONFLICT,
        &[
            "\"alpha\" already exists",
            KEY,
            "unique within a collection",
        ],
    );
    // The same name in another collection is another webhook.
    w.cmd()
        .args([
            "add",
            "--name",
            "alpha",
            "--url",
            URL,
            "--trigger",
            "Upload",
        ])
        .args(["--api-key", OTHER_KEY])
        .expect(exit::OK);
    let names: Vec<(String, String)> = w
        .list(&[])
        .into_iter()
        .map(|h| (h.api_key, h.name))
        .collect();
    let expected = [
        (KEY, "alpha"),
        (KEY, "beta"),
        (OTHER_KEY, "alpha"),
        (OTHER_KEY, "gamma"),
    ];
    assert_eq!(names, expected.map(|(k, n)| (k.to_string(), n.to_string())));
}

// ---------------------------------------------------------------- triggers

#[test]
fn triggers_are_case_insensitive_and_stored_as_the_spec_names() {
    let w = World::new();
    let v = add_with_triggers(
        &w,
        &[
            "assetstatusupdate",
            "UPLOAD",
            "Upload",
            "collectionMETADATAadd",
        ],
    )
    .arg("--json")
    .expect(exit::OK)
    .json::<WebhookDoc>()
    .webhook;
    let expected = ["Upload", "CollectionMetadataAdd", "AssetStatusUpdate"];
    assert_eq!(v.triggers, expected);
    assert_eq!(w.show("t").triggers, expected);
    let rows = table(&w.cmd().arg("list").expect(exit::OK).stdout);
    assert_eq!(
        rows[1][4],
        "Upload, CollectionMetadataAdd, AssetStatusUpdate"
    );
}

#[test]
fn every_trigger_of_the_spec_is_accepted() {
    let w = World::new();
    let v = add_with_triggers(&w, &ALL_EVENTS)
        .arg("--json")
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;
    assert_eq!(v.triggers, ALL_EVENTS);
}

#[test]
fn unknown_trigger_is_refused_listing_the_valid_ones() {
    let w = World::seeded();
    let out = w.refuses(
        &mut add_with_triggers(&w, &["Upload", "Rename"]),
        exit::INVALID,
        &["unknown trigger `Rename`"],
    );
    out.says(&ALL_EVENTS);
    assert!(
        !out.stderr.contains("did you mean"),
        "nothing is close to Rename:\n{}",
        out.stderr
    );
}

#[test]
fn close_typos_get_a_suggestion() {
    let w = World::seeded();
    for (typo, meant) in [
        ("Uplaod", "Upload"),
        ("procesed", "Processed"),
        ("AssetStatusUpdated", "AssetStatusUpdate"),
        ("CollectionMetadataAd", "CollectionMetadataAdd"),
    ] {
        let mut cmd = w.cmd();
        cmd.args(["add", "--name", "t", "--url", URL, "--api-key", KEY])
            .args(["--trigger", typo]);
        w.refuses(
            &mut cmd,
            exit::INVALID,
            &[&format!("did you mean `{meant}`?")],
        );
    }
}

#[test]
fn a_webhook_needs_a_trigger() {
    let w = World::seeded();
    let mut cmd = w.cmd();
    cmd.args(["add", "--name", "t", "--url", URL, "--api-key", KEY]);
    w.refuses(&mut cmd, exit::USAGE, &["--trigger"]);
}

// ---------------------------------------------------------------- API keys

#[test]
fn api_key_must_not_be_empty() {
    let w = World::seeded();
    w.refuses(
        &mut add_with_key(&w, ""),
        exit::INVALID,
        &["API key is empty"],
    );
}

#[test]
fn api_key_must_not_hold_whitespace() {
    let w = World::seeded();
    for key in ["bold sky", "bold\tsky", " bold-sky", "bold-sky\n"] {
        w.refuses(
            &mut add_with_key(&w, key),
            exit::INVALID,
            &["API key", "whitespace"],
        );
    }
}

#[test]
fn api_key_may_have_128_characters_not_129() {
    let w = World::seeded();
    w.refuses(
        &mut add_with_key(&w, &"k".repeat(129)),
        exit::INVALID,
        &["129 characters", "at most 128"],
    );
    add_with_key(&w, &"k".repeat(128)).expect(exit::OK);
}

// ---------------------------------------------------------------- descriptions

#[test]
fn description_may_have_1000_characters_and_no_control_characters() {
    let w = World::seeded();
    w.refuses(
        &mut add(&w, "a", &["--description", &"d".repeat(1001)]),
        exit::INVALID,
        &["1001 characters", "at most 1000"],
    );
    w.refuses(
        &mut add(&w, "a", &["--description", "bell\u{7}"]),
        exit::INVALID,
        &["control character"],
    );
    let long = format!("line\n\tindented{}", "d".repeat(986));
    let v = add(&w, "a", &["--json", "--description", &long])
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook;
    assert_eq!(v.description.chars().count(), 1000);
    assert_eq!(v.description, long);
}

// ---------------------------------------------------------------- edit

#[test]
fn edit_applies_the_rules_of_add() {
    let w = World::seeded();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--url", "http://hooks.example.com/"],
            "uses the scheme `http`",
        ),
        (&["--url", "https://169.254.169.254/"], "169.254.0.0/16"),
        (&["--url", "https://localhost/"], "localhost name"),
        (&["--name", ""], "empty"),
        (&["--name", "tab\there"], "control character"),
        (&["--name", &"n".repeat(101)], "101 characters"),
        (&["--description", "bell\u{7}"], "control character"),
    ];
    for (args, fragment) in cases {
        w.refuses(
            w.cmd().args(["edit", "alpha"]).args(args),
            exit::INVALID,
            &[fragment],
        );
    }
}
