//! `export` and `import`: the versioned document, secrets only when asked,
//! a private file, a byte-for-byte round trip, and an import that plans,
//! applies in one transaction, prunes only within its scope, and refuses a
//! whole document for one bad entry.

use serde_json::{Value, json};

use crate::support::json::{ExportDoc, HookSpec, ImportDoc, ImportStep, ImportSummary};
use crate::support::tables::table;
use crate::support::*;

/// Three webhooks over two collections, one disabled and described.
fn sample_store() -> World {
    let w = World::new();
    let add = |name: &str, key: &str, url: &str, extra: &[&str]| {
        w.cmd()
            .args(["add", "--name", name, "--api-key", key, "--url", url])
            .args(["--trigger", "Upload"])
            .args(extra)
            .expect(exit::OK);
    };
    add("inv", "k1", "https://hooks.example.com/inv", &[]);
    add(
        "crm",
        "k1",
        "https://crm.example.com/in?src=echo3d",
        &[
            "--trigger",
            "delete",
            "--description",
            "CRM sync\nnightly",
            "--disabled",
        ],
    );
    add("inv", "k2", "https://other.example.org/", &[]);
    w
}

fn export(w: &World, args: &[&str]) -> String {
    w.cmd().arg("export").args(args).expect(exit::OK).stdout
}

fn import(w: &World, doc: &str, args: &[&str]) -> assert_cmd::Command {
    let path = w.file("import.json", doc);
    let mut cmd = w.cmd();
    cmd.arg("import").arg(path).args(args);
    cmd
}

fn summary(create: usize, update: usize, delete: usize, unchanged: usize) -> ImportSummary {
    ImportSummary {
        create,
        update,
        delete,
        unchanged,
    }
}

/// (collection, name, secret) of every webhook, in `list`'s order.
fn secrets_by_name(w: &World) -> Vec<(String, String, String)> {
    w.list(&[])
        .into_iter()
        .map(|h| {
            let secret = w.secret_of(&h.id);
            (h.api_key, h.name, secret)
        })
        .collect()
}

fn spec(
    name: &str,
    key: &str,
    url: &str,
    description: &str,
    triggers: &[&str],
    enabled: bool,
) -> HookSpec {
    HookSpec {
        name: name.into(),
        api_key: key.into(),
        url: url.into(),
        description: description.into(),
        triggers: triggers.iter().map(|t| t.to_string()).collect(),
        enabled,
        secret: None,
    }
}

#[test]
fn export_leaves_secrets_out_unless_asked() {
    let w = sample_store();
    let secrets = secrets_by_name(&w);
    let text = export(&w, &[]);
    let doc: ExportDoc = serde_json::from_str(&text).unwrap();
    let crm = spec(
        "crm",
        "k1",
        "https://crm.example.com/in?src=echo3d",
        "CRM sync\nnightly",
        &["Upload", "Delete"],
        false,
    );
    let inv1 = spec(
        "inv",
        "k1",
        "https://hooks.example.com/inv",
        "",
        &["Upload"],
        true,
    );
    let inv2 = spec(
        "inv",
        "k2",
        "https://other.example.org/",
        "",
        &["Upload"],
        true,
    );
    assert_eq!(
        doc,
        ExportDoc {
            version: 1,
            api_key: None,
            webhooks: vec![crm.clone(), inv1.clone(), inv2],
        }
    );
    for (_, _, secret) in &secrets {
        assert!(!text.contains(&secret[6..]), "a secret leaks:\n{text}");
    }
    // `--json` changes nothing: the document is JSON already.
    assert_eq!(
        w.cmd().args(["--json", "export"]).expect(exit::OK).stdout,
        text
    );

    let one: ExportDoc = serde_json::from_str(&export(&w, &["--api-key", "k1"])).unwrap();
    assert_eq!(one.api_key.as_deref(), Some("k1"));
    assert_eq!(one.webhooks, [crm, inv1]);

    let with: ExportDoc = serde_json::from_str(&export(&w, &["--with-secrets"])).unwrap();
    let exported: Vec<(String, String, String)> = with
        .webhooks
        .into_iter()
        .map(|h| (h.api_key, h.name, h.secret.expect("a secret")))
        .collect();
    let mut expected = secrets;
    expected.sort();
    assert_eq!(exported, expected);
}

#[test]
fn export_to_a_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let w = sample_store();
    let stdout_doc = export(&w, &["--with-secrets"]);
    let path = w.dir.path().join("hooks.json");
    // Even a file that already exists, readable by all, ends up private.
    std::fs::write(&path, "old content that is much longer than nothing").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = w
        .cmd()
        .args(["export", "--with-secrets", "--output"])
        .arg(&path)
        .expect(exit::OK);
    assert!(out.stdout.is_empty());
    out.says(&["Exported 3 webhook(s)"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stdout_doc);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);

    let fresh = w.dir.path().join("fresh.json");
    w.cmd().args(["export", "-o"]).arg(&fresh).expect(exit::OK);
    assert_eq!(mode(&fresh), 0o600);
}

#[test]
fn round_trip_reproduces_the_store_byte_for_byte() {
    let w = sample_store();
    let first = export(&w, &["--with-secrets"]);
    let empty = World::new();
    let out = import(&empty, &first, &[]).expect(exit::OK);
    assert!(
        out.stdout
            .contains("3 created, 0 updated, 0 deleted, 0 unchanged."),
        "{}",
        out.stdout
    );
    assert_eq!(export(&empty, &["--with-secrets"]), first);
    assert_eq!(export(&empty, &[]), export(&w, &[]));
    assert_eq!(secrets_by_name(&empty), secrets_by_name(&w));

    // Importing the same file twice: the second run changes nothing at all.
    let dump = empty.dump();
    let again = import(&empty, &first, &["--prune"]).expect(exit::OK);
    assert!(
        again
            .stdout
            .contains("0 created, 0 updated, 0 deleted, 3 unchanged."),
        "{}",
        again.stdout
    );
    assert_eq!(empty.dump(), dump);
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let w = sample_store();
    let doc = json!({
        "version": 1,
        "apiKey": "k1",
        "webhooks": [
            // unchanged
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/inv", "triggers": ["Upload"]},
            // new
            {"name": "erp", "apiKey": "k1", "url": "https://erp.example.com/", "triggers": ["Delete"],
             "description": "ERP"}
            // crm is missing: deleted with --prune
        ]
    })
    .to_string();
    let before = w.dump();
    let plan = w
        .cmd()
        .args(["--json", "import", "--dry-run", "--prune", "-"])
        .write_stdin(doc.clone())
        .expect(exit::OK)
        .json::<ImportDoc>();
    assert!(plan.dry_run);
    assert_eq!(plan.summary, summary(1, 0, 1, 1));
    // By collection, then name, whichever side a webhook comes from.
    let step = |action: &str, name: &str| ImportStep {
        action: action.into(),
        api_key: "k1".into(),
        name: name.into(),
        changes: vec![],
    };
    assert_eq!(
        plan.steps,
        [
            step("delete", "crm"),
            step("create", "erp"),
            step("unchanged", "inv")
        ]
    );
    assert_eq!(w.dump(), before);

    // Changing a field makes an update, and the plan names the field.
    let changed = doc.replace("hooks.example.com/inv", "hooks.example.com/inv2");
    let text = w
        .cmd()
        .args(["import", "--dry-run", "-"])
        .write_stdin(changed)
        .expect(exit::OK)
        .stdout;
    let rows = table(&text);
    assert_eq!(rows[0], ["ACTION", "COLLECTION", "NAME", "CHANGES"]);
    assert!(rows.contains(&vec![
        "update".into(),
        "k1".into(),
        "inv".into(),
        "url".into()
    ]));
    assert!(
        text.contains("Dry run, nothing written: 1 created, 1 updated, 0 deleted, 0 unchanged."),
        "{text}"
    );
    assert_eq!(w.dump(), before);
}

#[test]
fn import_creates_updates_and_prunes_within_the_documents_scope() {
    let w = sample_store();
    let before = secrets_by_name(&w);
    let doc = json!({
        "version": 1,
        "apiKey": "k1",
        "webhooks": [
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/v2",
             "triggers": ["Upload", "Delete"], "description": "moved"},
            {"name": "erp", "apiKey": "k1", "url": "https://erp.example.com/", "triggers": ["Delete"],
             "enabled": false}
        ]
    })
    .to_string();
    // Scripts are never asked; `--yes` is what a person at a terminal adds.
    let text = import(&w, &doc, &["--prune", "--yes"])
        .expect(exit::OK)
        .stdout;
    assert!(
        text.contains("1 created, 1 updated, 1 deleted, 0 unchanged."),
        "{text}"
    );
    let rows = table(&text);
    assert!(rows.contains(&vec![
        "update".into(),
        "k1".into(),
        "inv".into(),
        "url, description, triggers".into()
    ]));

    let after = secrets_by_name(&w);
    let names: Vec<(&str, &str)> = after
        .iter()
        .map(|(k, n, _)| (k.as_str(), n.as_str()))
        .collect();
    // k2 is outside the document's scope: kept though not in the file.
    assert_eq!(names, [("k1", "erp"), ("k1", "inv"), ("k2", "inv")]);
    // A document without secrets keeps existing ones and makes new ones.
    assert_eq!(after[1].2, before[1].2, "k1/inv keeps its secret");
    assert_eq!(after[2].2, before[2].2, "k2/inv keeps its secret");
    let fresh = &after[0].2;
    assert!(fresh.starts_with("whsec_") && standardwebhooks::Webhook::new(fresh).is_ok());
    assert!(before.iter().all(|(_, _, s)| s != fresh));
    let exported: ExportDoc = serde_json::from_str(&export(&w, &["--api-key", "k1"])).unwrap();
    assert_eq!(
        exported.webhooks,
        [
            spec(
                "erp",
                "k1",
                "https://erp.example.com/",
                "",
                &["Delete"],
                false
            ),
            spec(
                "inv",
                "k1",
                "https://hooks.example.com/v2",
                "moved",
                &["Upload", "Delete"],
                true
            ),
        ]
    );

    // A secret in the file replaces the stored one.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let with_secret = doc.replace(
        r#""description":"moved""#,
        &format!(r#""description":"moved","secret":"{secret}""#),
    );
    assert_ne!(with_secret, doc);
    let text = import(&w, &with_secret, &[]).expect(exit::OK).stdout;
    assert!(
        text.contains("0 created, 1 updated, 0 deleted, 1 unchanged."),
        "{text}"
    );
    let inv_k1 = w.list(&["--api-key", "k1"])[1].id.clone();
    assert_eq!(w.secret_of(&inv_k1), secret);

    // A document for every collection (apiKey null) prunes everywhere.
    let everything = json!({
        "version": 1,
        "apiKey": null,
        "webhooks": [
            {"name": "inv", "apiKey": "k2", "url": "https://other.example.org/", "triggers": ["Upload"]}
        ]
    })
    .to_string();
    let text = import(&w, &everything, &["--prune"])
        .expect(exit::OK)
        .stdout;
    assert!(
        text.contains("0 created, 0 updated, 2 deleted, 1 unchanged."),
        "{text}"
    );
    let left = secrets_by_name(&w);
    assert_eq!(left.len(), 1);
    assert_eq!((left[0].0.as_str(), left[0].1.as_str()), ("k2", "inv"));
    assert_eq!(left[0].2, before[2].2, "k2/inv still has its secret");
}

#[test]
fn import_reads_stdin() {
    let w = World::new();
    let doc = json!({
        "version": 1,
        "apiKey": null,
        "webhooks": [
            {"name": "inv", "apiKey": "k1", "url": "https://hooks.example.com/inv", "triggers": ["upload"]}
        ]
    });
    let report = w
        .cmd()
        .args(["--json", "import", "-"])
        .write_stdin(doc.to_string())
        .expect(exit::OK)
        .json::<ImportDoc>();
    assert!(!report.dry_run);
    assert_eq!(report.steps[0].action, "create");
    assert_eq!(report.summary, summary(1, 0, 0, 0));
    let listed = w.list(&[]);
    assert_eq!(listed[0].name, "inv");
    assert_eq!(listed[0].triggers, ["Upload"]);
    assert!(listed[0].enabled);
}

#[test]
fn one_bad_entry_refuses_the_whole_import() {
    let w = sample_store();
    let good = |name: &str| json!({"name": name, "apiKey": "k1", "url": "https://hooks.example.com/x", "triggers": ["Upload"]});
    let with_second = |entry: Value| {
        json!({"version": 1, "apiKey": "k1", "webhooks": [good("new-one"), entry]}).to_string()
    };
    let patched = |field: &str, value: Value| {
        let mut e = good("bad-one");
        e[field] = value;
        with_second(e)
    };
    let bad_one = ["webhooks[1]", "\"bad-one\""];
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "plain http",
            patched("url", json!("http://hooks.example.com/x")),
            vec!["http", "only https is accepted"],
        ),
        (
            "a private target",
            patched("url", json!("https://127.0.0.1/x")),
            vec!["127.0.0.1"],
        ),
        (
            "an unknown trigger",
            patched("triggers", json!(["Upload", "Uplaod"])),
            vec!["Uplaod"],
        ),
        (
            "no trigger",
            patched("triggers", json!([])),
            vec!["at least one trigger"],
        ),
        (
            "a wrong type",
            patched("enabled", json!("yes")),
            vec!["enabled", "expected a boolean"],
        ),
        (
            "an unknown field",
            patched("colour", json!("blue")),
            vec!["unknown field `colour`"],
        ),
        (
            "a missing field",
            {
                let mut e = good("bad-one");
                e.as_object_mut().unwrap().remove("url");
                with_second(e)
            },
            vec!["missing field `url`"],
        ),
        (
            "a bad secret",
            patched("secret", json!("hunter2")),
            vec!["secret", "whsec_"],
        ),
        (
            "another collection",
            patched("apiKey", json!("k2")),
            vec!["k2", "outside the document's collection k1"],
        ),
    ];
    let mut cases: Vec<(&str, String, Vec<&str>)> = cases
        .into_iter()
        .map(|(what, doc, mut phrases)| {
            phrases.extend(bad_one);
            (what, doc, phrases)
        })
        .collect();
    cases.extend([
        (
            "a duplicate name",
            with_second(good("new-one")),
            vec!["webhooks[1]", "\"new-one\"", "appears twice", "k1"],
        ),
        (
            "an empty name",
            patched("name", json!(" ")),
            vec!["webhooks[1]", "empty"],
        ),
        (
            "a newer version",
            json!({"version": 2, "apiKey": "k1", "webhooks": [], "labels": {}}).to_string(),
            vec!["format version 2", "reads version 1"],
        ),
        (
            "no version",
            json!({"apiKey": "k1", "webhooks": []}).to_string(),
            vec!["version"],
        ),
        (
            "no collection",
            json!({"version": 1, "webhooks": []}).to_string(),
            vec!["missing field `apiKey`"],
        ),
        (
            "not an object",
            "[]".to_string(),
            vec!["not an echo3d-hooks export"],
        ),
        (
            "not JSON",
            "{\"version\": 1,".to_string(),
            vec!["not JSON", "line 1"],
        ),
        (
            "trailing data",
            format!("{} {{}}", with_second(good("ok"))),
            vec!["trailing"],
        ),
    ]);
    for (what, doc, phrases) in cases {
        for args in [&[][..], &["--prune"][..], &["--dry-run"][..]] {
            let out = w.refuses(&mut import(&w, &doc, args), exit::INVALID, &phrases);
            assert!(!out.stderr.is_empty(), "{what}");
        }
    }
    w.refuses(
        w.cmd().args(["import", "/no/such/file.json"]),
        exit::INVALID,
        &["/no/such/file.json"],
    );
}
