//! Refused import documents, export destinations, environment values, and
//! store paths.

use std::path::Path;

use serde_json::json;

use super::*;

#[test]
fn imports() {
    let h = Hostile::new();
    let import = |name: &str, text: &str| vec!["import".to_string(), h.file(name, text)];
    h.check("imports", vec![
        case("missing", &["import", "/nonexistent/doc.json"], exit::INVALID, "cannot read the document file /nonexistent/doc.json"),
        case(
            "newer-version",
            &import("v2.json", &json!({"version": 2, "apiKey": KEY, "webhooks": []}).to_string()),
            exit::INVALID,
            "has format version 2",
        ),
        case(
            "no-collection",
            &import("no-key.json", &json!({"version": 1, "webhooks": []}).to_string()),
            exit::INVALID,
            "missing field `apiKey`",
        ),
        case(
            "empty-collection",
            &import(
                "empty-key.json",
                &json!({"version": 1, "apiKey": "", "webhooks": []}).to_string(),
            ),
            exit::INVALID,
            "the document's top-level apiKey is empty; it must be the collection's API key",
        ),
        case(
            "bad-url",
            &import("bad-url.json", &import_doc(json!([hook_spec("ok", HOOK_URL), hook_spec("bad", "http://hooks.example.com/")]))),
            exit::INVALID,
            "webhooks[1] (\"bad\")",
        ),
        case(
            "twice",
            &import("twice.json", &import_doc(json!([hook_spec("same", HOOK_URL), hook_spec("same", HOOK_URL)]))),
            exit::INVALID,
            "appears twice",
        ),
        case(
            "unknown-field",
            &import("unknown.json", &json!({"version": 1, "apiKey": KEY, "webhooks": [], "extra": true}).to_string()),
            exit::INVALID,
            "unknown field `extra`",
        ),
        case(
            "secret",
            &import(
                "secret.json",
                &import_doc(json!([{"name": "s", "apiKey": KEY, "url": HOOK_URL, "triggers": ["Upload"], "secret": "whsec_not base64!"}])),
            ),
            exit::INVALID,
            "is not `whsec_` followed by standard base64",
        ),
        case(
            "scope",
            &import(
                "scope.json",
                &import_doc(json!([{"name": "s", "apiKey": OTHER_KEY, "url": HOOK_URL, "triggers": ["Upload"]}])),
            ),
            exit::INVALID,
            "outside the document's collection",
        ),
        case("text", &import("text.json", "webhooks: []"), exit::INVALID, "is not JSON"),
        case("broken", &import("broken.json", "{\n  \"version\": 1,\n  \"apiKey\": nope\n}"), exit::INVALID, "line 3"),
        case(
            "too-large",
            &import("huge.json", &format!("{}{}", import_doc(json!([])), " ".repeat(16 << 20))),
            exit::INVALID,
            "larger than the limit of 16777216 bytes",
        ),
        case(
            "prune-with-a-bad-entry",
            &with(import("prune.json", &import_doc(json!([hook_spec("alpha", "http://hooks.example.com/")]))), strings(&["--prune"])),
            exit::INVALID,
            "only https is accepted",
        ),
    ]);
}

#[test]
fn exports() {
    let h = Hostile::new();
    let folder = h.w.dir.path().display().to_string();
    h.check(
        "exports",
        vec![
            case(
                "missing-folder",
                &["export", "--output", "/nonexistent/dir/hooks.json"],
                exit::INVALID,
                "--output /nonexistent/dir/hooks.json: the folder /nonexistent/dir does not exist",
            ),
            case(
                "a-folder",
                &["export", "--output", &folder],
                exit::INVALID,
                "is a folder; give the path of a file to write",
            ),
        ],
    );
}

#[test]
fn environment() {
    let h = Hostile::new();
    let bad_ca = h.file("ca.pem", "not a certificate");
    h.check(
        "environment",
        vec![
            case(
                "opt-in-maybe",
                &["list"],
                exit::INVALID,
                "invalid value 'maybe' for '--allow-private-targets'",
            )
            .env("ECHO3D_HOOKS_ALLOW_PRIVATE_TARGETS", "maybe"),
            case(
                "ca-missing",
                &upload(&[]),
                exit::INVALID,
                "cannot read the CA certificates in /nonexistent/ca.pem",
            )
            .env("ECHO3D_HOOKS_CA_CERT", "/nonexistent/ca.pem"),
            case(
                "ca-missing-dry-run",
                &upload(&["--dry-run"]),
                exit::INVALID,
                "cannot read the CA certificates in /nonexistent/ca.pem",
            )
            .env("ECHO3D_HOOKS_CA_CERT", "/nonexistent/ca.pem"),
            case(
                "ca-not-pem",
                &upload(&[]),
                exit::INVALID,
                "holds no PEM certificate",
            )
            .env("ECHO3D_HOOKS_CA_CERT", &bad_ca),
        ],
    );
}

#[test]
fn stores() {
    let h = Hostile::new();
    let garbage_db = h.file(
        "garbage.db",
        b"this is not a database, just some text\n".repeat(50),
    );
    let other_db = h.inputs.join("notes.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    let fifo = h.inputs.join("fifo.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let missing_folder = h.inputs.join("no-such-folder").join("hooks.db");
    let path = |p: &Path| p.display().to_string();
    let garbage_before = std::fs::read(&garbage_db).unwrap();
    let other_before = std::fs::read(&other_db).unwrap();
    h.check(
        "stores",
        vec![
            case(
                "not-sqlite",
                &["list"],
                exit::STORE,
                "is not an echo3d-hooks store (it is not an SQLite database)",
            )
            .env("ECHO3D_HOOKS_DB", &garbage_db),
            case("directory", &["list"], exit::STORE, "is a directory")
                .env("ECHO3D_HOOKS_DB", path(&h.inputs)),
            case(
                "another-application",
                &add_url(HOOK_URL),
                exit::STORE,
                "an SQLite database of another application",
            )
            .env("ECHO3D_HOOKS_DB", path(&other_db)),
            case("device", &["list"], exit::STORE, "is not a regular file")
                .env("ECHO3D_HOOKS_DB", "/dev/null"),
            case(
                "named-pipe",
                &["list"],
                exit::STORE,
                "is not a regular file",
            )
            .env("ECHO3D_HOOKS_DB", path(&fifo)),
            case(
                "missing-folder",
                &["list"],
                exit::STORE,
                "no-such-folder of the store",
            )
            .env("ECHO3D_HOOKS_DB", path(&missing_folder)),
        ],
    );
    assert_eq!(std::fs::read(&garbage_db).unwrap(), garbage_before);
    assert_eq!(std::fs::read(&other_db).unwrap(), other_before);
    assert!(!missing_folder.parent().unwrap().exists());
}
