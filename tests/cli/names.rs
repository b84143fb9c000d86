//! A name used in two collections: `add` (and a rename) warns, and every
//! command that takes a name takes `--api-key` to choose the collection.

use crate::support::*;

fn two_collections() -> (Env, String, String) {
    let env = Env::new();
    let first = env.add_hook("inv", KEY, "https://a.example.com/x", &["Upload"]);
    let out = env
        .cmd()
        .args(["add", "--name", "inv", "--url", "https://b.example.com/x"])
        .args(["--trigger", "Upload", "--api-key", OTHER_KEY])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let warning = stderr_of(&out);
    assert!(
        warning.contains("also exists in collection bold-sky-1234")
            && warning.contains("--api-key calm-sea-5678"),
        "{warning}"
    );
    let second = serde_json::from_str::<serde_json::Value>(&stdout_of(
        &env.cmd()
            .args(["--json", "show", "inv", "--api-key", OTHER_KEY])
            .output()
            .unwrap(),
    ))
    .unwrap()["webhook"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (env, first, second)
}

#[test]
fn a_shared_name_is_ambiguous_without_a_collection_and_says_how_to_choose() {
    let (env, first, second) = two_collections();
    let out = env.cmd().args(["show", "inv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("choose one with --api-key"), "{err}");
    assert!(err.contains(&first) && err.contains(&second), "{err}");
}

#[test]
fn api_key_chooses_the_collection_in_every_command_that_takes_a_name() {
    let (env, first, second) = two_collections();
    let id_of = |args: &[&str]| {
        let out = env.cmd().arg("--json").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        json_of(&out)["webhook"]["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id_of(&["show", "inv", "--api-key", KEY]), first);
    assert_eq!(id_of(&["show", "inv", "--api-key", OTHER_KEY]), second);
    assert_eq!(
        id_of(&["edit", "inv", "--api-key", OTHER_KEY, "--description", "b"]),
        second
    );
    let out = env
        .cmd()
        .args(["test", "inv", "--api-key", KEY, "--dry-run", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["deliveries"][0]["hookId"], first.as_str());
    let out = env
        .cmd()
        .args(["--json", "delete", "inv", "--api-key", KEY, "--yes"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["deleted"][0]["id"], first.as_str());
    // Only one is left, so the name alone finds it again.
    assert_eq!(id_of(&["show", "inv"]), second);
}

#[test]
fn a_name_in_another_collection_is_not_found_there() {
    let (env, ..) = two_collections();
    let before = env.dump();
    let out = env
        .cmd()
        .args([
            "edit",
            "inv",
            "--api-key",
            "third-key",
            "--description",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("no webhook of collection third-key"));
    assert_eq!(env.dump(), before);
}

#[test]
fn fire_hook_looks_the_name_up_in_the_events_own_collection() {
    let (env, _, second) = two_collections();
    let out = env
        .cmd()
        .args([
            "--json",
            "fire",
            "Upload",
            "--entry",
            ENTRY_A,
            "--api-key",
            OTHER_KEY,
        ])
        .args(["--hook", "inv", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["deliveries"][0]["hookId"], second.as_str());
}
