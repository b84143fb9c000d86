//! A name used in two collections: `add` (and a rename) warns, and every
//! command that takes a name takes `--api-key` to choose the collection.

use crate::support::json::{DeletedDoc, DryRunDoc, WebhookDoc};
use crate::support::*;

/// `inv` in KEY and in OTHER_KEY; their ids.
fn two_collections() -> (World, String, String) {
    let w = World::new();
    let first = w.add_hook("inv", KEY, "https://a.example.com/x", &["Upload"]);
    w.cmd()
        .args(["add", "--name", "inv", "--url", "https://b.example.com/x"])
        .args(["--trigger", "Upload", "--api-key", OTHER_KEY])
        .expect(exit::OK)
        .says(&[
            "also exists in collection bold-sky-1234",
            "--api-key calm-sea-5678",
        ]);
    let second = w
        .cmd()
        .args(["--json", "show", "inv", "--api-key", OTHER_KEY])
        .expect(exit::OK)
        .json::<WebhookDoc>()
        .webhook
        .id;
    (w, first, second)
}

#[test]
fn a_shared_name_is_ambiguous_without_a_collection_and_says_how_to_choose() {
    let (w, first, second) = two_collections();
    w.refuses(
        w.cmd().args(["show", "inv"]),
        exit::INVALID,
        &["choose one with --api-key", &first, &second],
    );
}

#[test]
fn api_key_chooses_the_collection_in_every_command_that_takes_a_name() {
    let (w, first, second) = two_collections();
    let id_of = |args: &[&str]| {
        w.cmd()
            .arg("--json")
            .args(args)
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook
            .id
    };
    assert_eq!(id_of(&["show", "inv", "--api-key", KEY]), first);
    assert_eq!(id_of(&["show", "inv", "--api-key", OTHER_KEY]), second);
    assert_eq!(
        id_of(&["edit", "inv", "--api-key", OTHER_KEY, "--description", "b"]),
        second
    );
    let dry = w
        .cmd()
        .args(["test", "inv", "--api-key", KEY, "--dry-run", "--json"])
        .expect(exit::OK)
        .json::<DryRunDoc>();
    assert_eq!(dry.deliveries[0].hook_id, first);
    let deleted = w
        .cmd()
        .args(["--json", "delete", "inv", "--api-key", KEY, "--yes"])
        .expect(exit::OK)
        .json::<DeletedDoc>();
    assert_eq!(deleted.deleted[0].id, first);
    // Only one is left, so the name alone finds it again.
    assert_eq!(id_of(&["show", "inv"]), second);
}

#[test]
fn a_name_in_another_collection_is_not_found_there() {
    let (w, ..) = two_collections();
    w.refuses(
        w.cmd().args([
            "edit",
            "inv",
            "--api-key",
            "third-key",
            "--description",
            "x",
        ]),
        exit::NOT_FOUND,
        &["no webhook of collection third-key"],
    );
}

#[test]
fn fire_hook_looks_the_name_up_in_the_events_own_collection() {
    let (w, _, second) = two_collections();
    let dry = w
        .cmd()
        .args(["--json", "fire", "Upload", "--entry", ENTRY_A])
        .args(["--api-key", OTHER_KEY, "--hook", "inv", "--dry-run"])
        .expect(exit::OK)
        .json::<DryRunDoc>();
    assert_eq!(dry.deliveries[0].hook_id, second);
}
