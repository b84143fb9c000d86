//! The store file: where it lives, who may read it, and files at its path
//! that are not a store, which are refused and never written.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use assert_cmd::Command;

use crate::support::json::WebhooksDoc;
use crate::support::*;

fn add_args(name: &str) -> [&str; 9] {
    [
        "add",
        "--name",
        name,
        "--url",
        URL,
        "--trigger",
        "Upload",
        "--api-key",
        KEY,
    ]
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The store holds secrets: only its owner may read it.
#[track_caller]
fn assert_private(store: &Path) {
    assert_eq!(mode_of(store), 0o600, "{} is not private", store.display());
}

// ---------------------------------------------------------------- where

/// A command with no `--db` and no ECHO3D_HOOKS_DB, whose home and data
/// directory are inside `root`.
fn default_path_cmd(root: &Path) -> Command {
    let mut cmd = bare_cmd();
    cmd.env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"));
    cmd
}

#[test]
fn the_default_store_lives_in_the_data_directory_which_is_created() {
    let root = tempfile::tempdir().unwrap();
    let expected = root
        .path()
        .join("data")
        .join("echo3d-hooks")
        .join("hooks.db");
    default_path_cmd(root.path())
        .args(add_args("a"))
        .expect(exit::OK);
    assert!(expected.is_file(), "no store at {}", expected.display());
    assert_private(&expected);
    let listed = default_path_cmd(root.path())
        .args(["--json", "list"])
        .expect(exit::OK)
        .json::<WebhooksDoc>()
        .webhooks;
    assert_eq!(listed.len(), 1);
    assert!(dump(&expected).contains("\"a\""));
    // A blank ECHO3D_HOOKS_DB is no setting: the default store is used,
    // and no file named by the spaces appears in the working directory.
    let work = root.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let listed = default_path_cmd(root.path())
        .current_dir(&work)
        .env("ECHO3D_HOOKS_DB", "  ")
        .args(["--json", "list"])
        .expect(exit::OK)
        .json::<WebhooksDoc>()
        .webhooks;
    assert_eq!(listed.len(), 1);
    assert_eq!(std::fs::read_dir(&work).unwrap().count(), 0);
}

#[test]
fn echo3d_hooks_db_names_the_store_and_db_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let from_flag = dir.path().join("flag.db");
    let with_env = || {
        let mut cmd = bare_cmd();
        cmd.env("ECHO3D_HOOKS_DB", &from_env);
        cmd
    };
    with_env().args(add_args("a")).expect(exit::OK);
    assert!(from_env.is_file());
    with_env()
        .arg("--db")
        .arg(&from_flag)
        .args(add_args("b"))
        .expect(exit::OK);
    assert!(dump(&from_env).contains("\"a\"") && !dump(&from_env).contains("\"b\""));
    assert!(dump(&from_flag).contains("\"b\""));
}

#[test]
fn a_store_path_whose_folder_does_not_exist_is_refused_naming_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("no").join("such");
    let db = folder.join("hooks.db");
    for (how, mut cmd) in [("--db", bare_cmd()), ("ECHO3D_HOOKS_DB", bare_cmd())] {
        if how == "--db" {
            cmd.arg("--db").arg(&db);
        } else {
            cmd.env("ECHO3D_HOOKS_DB", &db);
        }
        let out = cmd.args(add_args("a")).expect(exit::STORE);
        out.says(&[
            &format!(
                "the folder {} of the store {} does not exist",
                folder.display(),
                db.display()
            ),
            "--db or ECHO3D_HOOKS_DB",
        ]);
        assert!(
            !dir.path().join("no").exists(),
            "{how}: a folder was created"
        );
    }
}

// ---------------------------------------------------------------- who may read it

#[test]
fn the_store_is_created_with_mode_0600() {
    let w = World::new();
    w.cmd().args(add_args("a")).expect(exit::OK);
    assert_private(&w.db);
}

#[test]
fn the_store_file_stays_private_across_migration_and_vacuum() {
    let w = World::new();
    // A store at schema version 1, as an older echo3d-hooks left it.
    let old = w.dir.path().join("old.db");
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&old)
            .unwrap();
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(include_str!("../../src/store/migrations/0001_hooks.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x6533_6468)
            .unwrap();
    }
    bare_cmd()
        .arg("--db")
        .arg(&old)
        .args(["--json", "deliveries"])
        .expect(exit::OK);
    let version = |db: &Path| -> i64 {
        open_db(db)
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    w.cmd().arg("list").expect(exit::OK);
    assert_eq!(
        version(&old),
        version(&w.db),
        "the old store was migrated to the newest schema"
    );
    assert!(version(&old) > 1);
    assert_private(&old);

    w.add_hook("inventory", KEY, URL, &["Upload"]);
    rusqlite::Connection::open(&w.db)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    assert_private(&w.db);
    w.cmd().arg("list").expect(exit::OK);
    assert_private(&w.db);
}

// ---------------------------------------------------------------- not a store

/// Every regular file in `dir` with its bytes, to prove a refusal wrote
/// nothing: not the store, and no journal beside it.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_directory_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    bare_cmd()
        .arg("--db")
        .arg(dir.path())
        .arg("list")
        .expect(exit::STORE)
        .says(&["is a directory"]);
}

/// A real store's bytes: a few hooks and a delivery log.
fn real_store_bytes() -> Vec<u8> {
    let w = World::seeded();
    std::fs::read(&w.db).unwrap()
}

#[test]
fn store_files_that_are_not_ours_are_refused_and_never_written() {
    let real = real_store_bytes();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let sqlite = |name: &str, sql: &str| {
        let path = dir.path().join(name);
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path
    };
    let mut newer = real.clone();
    // The header's user_version (bytes 60..64): a schema from the future.
    newer[60..64].copy_from_slice(&99u32.to_be_bytes());
    let mut junk_after_header = b"SQLite format 3\0".to_vec();
    junk_after_header.extend((0..4000u32).map(|i| (i * 7 % 251) as u8));
    let not_sqlite = "it is not an SQLite database";
    let unusable = "is not a usable echo3d-hooks store";
    let foreign = "an SQLite database of another application";
    let stores = [
        (
            file("text.db", &b"name,url\nalpha,https://x\n".repeat(100)),
            not_sqlite,
        ),
        (file("binary.db", &[0xffu8; 8192]), not_sqlite),
        (file("half.db", &real[..real.len() / 2]), unusable),
        (file("header-only.db", &real[..100]), unusable),
        (file("junk.db", &junk_after_header), unusable),
        (
            file("newer.db", &newer),
            "has schema version 99, newer than",
        ),
        (
            sqlite(
                "notes.db",
                "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');",
            ),
            foreign,
        ),
        (
            sqlite(
                "wal-app.db",
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);",
            ),
            foreign,
        ),
        (sqlite("tagged.db", "PRAGMA application_id = 42;"), foreign),
        (sqlite("versioned.db", "PRAGMA user_version = 3;"), foreign),
    ];
    let files_before = files_of(dir.path());
    let commands: [&[&str]; 8] = [
        &["list"],
        &["show", "alpha"],
        &["deliveries"],
        &add_args("n"),
        &["fire", "Upload", "--api-key", KEY, "--entry", ENTRY_A],
        &["deliveries", "prune", "--older-than", "1s", "--yes"],
        &["delete", "alpha", "--yes"],
        &["export"],
    ];
    for (path, fragment) in &stores {
        for args in commands {
            bare_cmd()
                .arg("--db")
                .arg(path)
                .args(args)
                .expect(exit::STORE)
                .says(&[fragment, "left untouched"]);
        }
    }
    assert!(
        files_of(dir.path()) == files_before,
        "a refused command changed a file, or left a WAL or journal file beside one"
    );
}
