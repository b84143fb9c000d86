//! Every size limit is inclusive: a value exactly at the limit is accepted.
//! And time limits beyond any clock mean no limit, not a crash.

use serde_json::json;

use crate::support::json::RunDoc;
use crate::support::*;

#[test]
fn every_size_limit_is_inclusive() {
    let w = World::seeded();
    let ok = |args: Vec<String>, stdin: Option<Vec<u8>>| {
        let mut cmd = w.cmd();
        cmd.args(&args);
        if let Some(bytes) = stdin {
            cmd.write_stdin(bytes);
        }
        cmd.expect(exit::OK);
    };
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let url = format!("https://hooks.example.com/{}", "u".repeat(2048 - 26));
    assert_eq!(url.chars().count(), 2048);
    ok(
        s(&[
            "add",
            "--name",
            &"n".repeat(100),
            "--api-key",
            &"k".repeat(128),
            "--description",
            &"d".repeat(1000),
            "--url",
            &url,
            "--trigger",
            "Upload",
        ]),
        None,
    );
    let dry_fire = |event: &str| s(&["fire", event, "--api-key", KEY, "--dry-run"]);
    let mut entries = dry_fire("Delete");
    entries.extend((0..1000).flat_map(|i| ["--entry".to_string(), format!("e{i}")]));
    ok(entries, None);
    let mut metas = dry_fire("CollectionMetadataAdd");
    metas.extend((0..1000).flat_map(|i| ["--meta".to_string(), format!("k{i}=v")]));
    ok(metas, None);
    let mut value = dry_fire("CollectionMetadataAdd");
    value.extend(s(&[
        "--meta",
        &format!("{}={}", "k".repeat(1024), "v".repeat(1024)),
    ]));
    ok(value, None);
    let mut entry = dry_fire("Upload");
    entry.extend(s(&["--entry", &"e".repeat(1024)]));
    ok(entry, None);
    // A payload document of exactly 1 MiB, padded with whitespace.
    let body = json!({
        "event": "Upload", "apiKey": KEY, "entryIds": [ENTRY_A], "metadataKeys": [],
        "metadataValues": [], "statuses": [], "versionIds": []
    })
    .to_string();
    let padded = format!("{body}{}", " ".repeat((1 << 20) - body.len()));
    let mut from_stdin = dry_fire("Upload");
    from_stdin.extend(s(&["--payload", "-"]));
    ok(from_stdin, Some(padded.into_bytes()));
    // An import document of exactly 16 MiB.
    let doc = json!({"version": 1, "apiKey": KEY, "webhooks": []}).to_string();
    let padded = format!("{doc}{}", " ".repeat((16 << 20) - doc.len()));
    let path = w.file("16mib.json", padded);
    ok(s(&["import", path.to_str().unwrap(), "--dry-run"]), None);
}

/// A time limit of billions of years is no limit, not a crash: the deadline
/// it makes must not overflow the clock.
#[test]
fn absurd_time_limits_mean_no_limit() {
    let w = World::seeded();
    for flag in ["--timeout", "--connect-timeout"] {
        let report = w
            .dev_cmd()
            .args([
                "--json",
                "fire",
                "Upload",
                "--entry",
                ENTRY_A,
                "--api-key",
                KEY,
            ])
            .args([flag, "18446744073709551615s", "--ca-cert"])
            .arg(w.rx().ca_path())
            .expect(exit::OK)
            .json::<RunDoc>();
        assert_eq!(report.summary.succeeded, 1);
    }
    assert_eq!(w.rx().count(), 2 + 2);
}
