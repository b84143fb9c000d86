//! Questions: `delete`, `deliveries prune` and `import --prune` ask on a
//! terminal before they delete; "no" changes nothing and exits 13; `--yes`
//! skips the question, and scripts (no terminal) are never asked.

use crate::support::tables::on_a_terminal;
use crate::support::*;

/// An import document that keeps only `alpha`, so that `--prune` deletes.
fn keep_only_alpha(w: &World) -> String {
    let alpha = w.show("alpha");
    let doc = serde_json::json!({"version": 1, "apiKey": KEY, "webhooks": [
        {"name": "alpha", "apiKey": KEY, "url": alpha.url, "triggers": alpha.triggers}
    ]});
    w.file("keep-alpha.json", doc.to_string())
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_no_on_a_terminal_changes_nothing_and_exits_13() {
    let w = World::seeded();
    let doc = keep_only_alpha(&w);
    let questions: [(&[&str], &str); 3] = [
        (&["delete", "beta"], "Delete 1 webhook(s): beta? [y/N]"),
        (
            &["deliveries", "prune", "--older-than", "0s"],
            "Delete delivery history older than 0s? [y/N]",
        ),
        (
            &["--allow-private-targets", "import", &doc, "--prune"],
            "The import deletes 1 webhook(s) that are not in",
        ),
    ];
    let before = w.dump();
    for (args, question) in questions {
        for (answer, json) in [("n\n", false), ("\n", false), ("no\n", true)] {
            let mut args = args.to_vec();
            if json {
                args.insert(0, "--json");
            }
            let out = on_a_terminal(&w.db, &args, &[("NO_COLOR", "1")], None, answer);
            assert_eq!(out.code, Some(exit::DECLINED), "{args:?}\n{}", out.text);
            assert!(out.text.contains(question), "{args:?}\n{}", out.text);
            assert!(
                out.text.contains("not confirmed; nothing was"),
                "{}",
                out.text
            );
            if json {
                assert!(out.text.contains("\"kind\": \"declined\""), "{}", out.text);
            }
            assert_eq!(w.dump(), before, "{args:?} changed the store");
        }
    }
}

#[test]
fn a_yes_on_a_terminal_or_the_yes_flag_goes_ahead() {
    let w = World::seeded();
    let names = |w: &World| -> Vec<String> { w.list(&[]).into_iter().map(|h| h.name).collect() };
    // --yes: no question at all.
    let doc = keep_only_alpha(&w);
    let args = [
        "--allow-private-targets",
        "import",
        &doc,
        "--prune",
        "--yes",
    ];
    let out = on_a_terminal(&w.db, &args, &[], None, "");
    assert_eq!(out.code, Some(exit::OK), "{}", out.text);
    assert!(!out.text.contains("[y/N]"), "{}", out.text);
    assert_eq!(
        names(&w),
        ["alpha", "gamma"],
        "gamma is in another collection"
    );

    let out = on_a_terminal(&w.db, &["delete", "gamma"], &[], None, "y\n");
    assert_eq!(out.code, Some(exit::OK), "{}", out.text);
    assert!(out.text.contains("Deleted webhook gamma"), "{}", out.text);
    assert_eq!(names(&w), ["alpha"]);

    let args = ["deliveries", "prune", "--older-than", "0s", "-y"];
    let out = on_a_terminal(&w.db, &args, &[], None, "");
    assert_eq!(out.code, Some(exit::OK), "{}", out.text);
    assert!(w.deliveries(&[]).is_empty());
}

#[test]
fn scripts_are_never_asked() {
    let w = World::seeded();
    let doc = keep_only_alpha(&w);
    w.dev_cmd()
        .args(["import", &doc, "--prune"])
        .expect(exit::OK)
        .says(&["warning"]);
    w.cmd().args(["delete", "alpha"]).expect(exit::OK);
    w.cmd()
        .args(["deliveries", "prune", "--older-than", "0s"])
        .expect(exit::OK);
    assert_eq!(w.list(&[]).len(), 1);
    assert!(w.deliveries(&[]).is_empty());
}
