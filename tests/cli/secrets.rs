//! A webhook's signing secret is printed only where a flag asks for it, and
//! is never stored outside the webhook itself.

use serde_json::json;

use crate::support::json::DeliveryDoc;
use crate::support::*;

#[test]
fn the_secret_never_appears_in_output_logs_or_errors() {
    let w = World::new();
    w.rx()
        .script("/flaky", [Reply::Status(500), Reply::Status(200)]);
    let id = w.hook("inventory", "/flaky", &["Upload", "Delete"]);
    let secret = w.secret_of(&id);
    // The part of the secret that even a masked one must not show.
    let hidden = &secret["whsec_".len()..secret.len() - 4];
    assert!(hidden.len() >= 30);

    let mut seen = String::new();
    let mut run = |mut cmd: assert_cmd::Command, code: i32| {
        let out = cmd.expect(code);
        seen.push_str(&out.report());
    };
    let plain = |args: &[&str]| {
        let mut cmd = w.dev_cmd();
        cmd.args(args);
        cmd
    };
    for args in [
        &["list"][..],
        &["--json", "list"],
        &["show", "inventory"],
        &["--json", "show", &id],
    ] {
        run(plain(args), exit::OK);
    }
    run(plain(&["export"]), exit::OK);
    run(plain(&["--json", "export"]), exit::OK);
    let upload = ["Upload", "--entry", ENTRY_A];
    let mut json_fire = w.fire_with(sending(w.rx()).retries(1), &upload);
    json_fire.arg("--json");
    run(json_fire, exit::OK);
    run(w.fire(&upload), exit::OK);
    run(w.send(&["test", "inventory"]), exit::OK);
    run(w.send(&["redeliver", "1"]), exit::OK);
    run(w.send(&["--json", "redeliver", "2"]), exit::OK);
    run(plain(&["deliveries"]), exit::OK);
    run(plain(&["--json", "deliveries"]), exit::OK);
    for delivery in ["1", "2", "3", "4"] {
        run(plain(&["deliveries", "show", delivery]), exit::OK);
        run(plain(&["--json", "deliveries", "show", delivery]), exit::OK);
    }
    run(
        plain(&["edit", "inventory", "--description", "changed"]),
        exit::OK,
    );
    run(
        plain(&["--json", "edit", "inventory", "--name", "inv"]),
        exit::OK,
    );
    // Refusals that concern this hook or its secret, with and without --json.
    for json in [false, true] {
        let doc = |hook: serde_json::Value| {
            w.file(
                "doc.json",
                json!({"version": 1, "apiKey": KEY, "webhooks": [hook]}).to_string(),
            )
        };
        let mut cmds = vec![
            plain(&["edit", "inv", "--url", "http://hooks.example.com/"]),
            plain(&[
                "add",
                "--name",
                "inv",
                "--url",
                &w.rx().url("/x"),
                "--trigger",
                "Upload",
            ]),
        ];
        cmds[1].args(["--api-key", KEY]);
        let codes = [exit::INVALID, exit::CONFLICT];
        for (mut cmd, code) in cmds.into_iter().zip(codes) {
            if json {
                cmd.arg("--json");
            }
            run(cmd, code);
        }
        let bad_secret = doc(json!({"name": "inv", "apiKey": KEY, "url": URL,
            "triggers": ["Upload"], "secret": format!("{secret}!!")}));
        let bad_url = doc(
            json!({"name": "inv", "apiKey": KEY, "url": "http://hooks.example.com/x",
            "triggers": ["Upload"], "secret": secret}),
        );
        for file in [bad_secret, bad_url] {
            let mut cmd = plain(&["import", file.to_str().unwrap(), "--dry-run"]);
            if json {
                cmd.arg("--json");
            }
            run(cmd, exit::INVALID);
        }
    }
    assert!(!seen.contains(hidden), "the secret leaked:\n{seen}");

    // The log holds each request's signature, never the key that made it:
    // outside the webhook's own row, the store holds no part of it.
    let shown = w
        .cmd()
        .args(["--json", "deliveries", "show", "1"])
        .expect(exit::OK)
        .json::<DeliveryDoc>();
    assert!(
        shown
            .attempts
            .iter()
            .all(|a| a.headers().contains_key("webhook-signature"))
    );
    let dump = w.dump();
    let outside_hooks: String = dump
        .split("## ")
        .filter(|table| !table.starts_with("hooks\n"))
        .collect();
    assert!(dump.contains(hidden), "the webhook keeps its secret");
    assert!(
        !outside_hooks.contains(hidden),
        "the secret is stored elsewhere:\n{outside_hooks}"
    );

    // Revealing is what the flags are for.
    let out = w
        .cmd()
        .args(["show", "inv", "--reveal-secret"])
        .expect(exit::OK);
    assert!(out.stdout.contains(&secret));
    let out = w.cmd().args(["export", "--with-secrets"]).expect(exit::OK);
    assert!(out.stdout.contains(&secret));
}
