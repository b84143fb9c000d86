//! What people read: plain aligned columns when stdout is not a terminal,
//! boxed tables fitted to a terminal, colour only where it is wanted, long
//! text cut to one line unless `--verbose`, the report of a run capped at
//! 50 rows with its problems first, and the progress of a run.

use crate::support::json::{DeliveriesDoc, State};
use crate::support::tables::{has_ansi, on_a_terminal, strip_ansi, table};
use crate::support::*;

const BOX: [char; 4] = ['│', '┌', '─', '╞'];

fn on_terminal(w: &World, args: &[&str], no_color: bool, cols: Option<u16>) -> String {
    let env: &[(&str, &str)] = if no_color { &[("NO_COLOR", "1")] } else { &[] };
    let out = on_a_terminal(&w.db, args, env, cols, "");
    assert_eq!(out.code, Some(exit::OK), "{args:?}\n{}", out.text);
    out.text
}

// ---------------------------------------------------------------- in a pipe

#[test]
fn in_a_pipe_every_table_is_plain_columns_under_uppercase_headers() {
    let w = World::seeded();
    let doc = w.file("doc.json", r#"{"version":1,"apiKey":null,"webhooks":[]}"#);
    let doc = doc.to_str().unwrap();
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["list"],
            &["NAME", "ID", "COLLECTION", "URL", "TRIGGERS", "ENABLED"],
        ),
        (&["events"], &["EVENT", "FIRED WHEN", "PAYLOAD RULE"]),
        (
            &["deliveries"],
            &[
                "ID", "TIME", "WEBHOOK", "EVENT", "RESULT", "ATTEMPTS", "DURATION",
            ],
        ),
        (
            &[
                "fire",
                "Upload",
                "--entry",
                ENTRY_A,
                "--api-key",
                KEY,
                "--dry-run",
            ],
            &["WEBHOOK", "WEBHOOK ID", "EVENT", "URL", "WOULD BE"],
        ),
        (
            &["import", doc, "--prune", "--dry-run"],
            &["ACTION", "COLLECTION", "NAME", "CHANGES"],
        ),
    ];
    for (args, header) in cases {
        let out = w.cmd().args(args).expect(exit::OK);
        assert!(
            !out.stdout.contains(BOX),
            "{args:?} draws boxes in a pipe:\n{}",
            out.stdout
        );
        assert_eq!(table(&out.stdout)[0], header, "{args:?}");
        // No trailing spaces, and the first column at the margin.
        for line in out.stdout.lines() {
            assert_eq!(line, line.trim_end(), "{args:?}: {line:?}");
            assert!(!line.starts_with(' '), "{args:?}: {line:?}");
        }
    }
    // Nothing is cut in a pipe, however long.
    let long = format!("https://hooks.example.com/{}", "x".repeat(300));
    w.add_hook("long", KEY, &long, &["Upload"]);
    let text = w.cmd().arg("list").expect(exit::OK).stdout;
    assert!(text.contains(&long) && !text.contains('…'), "{text}");
}

#[test]
fn colour_is_off_when_piped_with_never_and_with_no_color() {
    let w = World::seeded();
    let runs: [(&[&str], Option<&str>); 5] = [
        (&["list"], None),
        (&["--color", "never", "list"], None),
        (&["list"], Some("1")),
        (&["--color", "never", "show", "alpha"], None),
        (&["--color", "never", "events"], None),
    ];
    for (args, no_color) in runs {
        let mut cmd = w.cmd();
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.args(args).expect(exit::OK);
        assert!(!has_ansi(&out.stdout), "{}", out.report());
    }
}

#[test]
fn color_always_styles_tables_and_never_json() {
    let w = World::seeded();
    for args in [&["list"][..], &["show", "alpha"], &["events"]] {
        let out = w
            .cmd()
            .args(["--color", "always"])
            .args(args)
            .expect(exit::OK);
        assert!(
            has_ansi(&out.stdout),
            "{args:?} has no colour:\n{}",
            out.stdout
        );
        // Colour changes nothing else.
        let plain = w.cmd().args(args).expect(exit::OK).stdout;
        assert_eq!(strip_ansi(&out.stdout), plain, "{args:?}");
    }
    let out = w
        .cmd()
        .args(["--color", "always", "--json", "list"])
        .expect(exit::OK);
    assert!(!has_ansi(&out.stdout));
}

// ---------------------------------------------------------------- on a terminal

#[test]
fn on_a_terminal_colour_follows_no_color() {
    let w = World::seeded();
    let coloured = on_terminal(&w, &["list"], false, None);
    assert!(has_ansi(&coloured), "{coloured}");
    let plain = on_terminal(&w, &["list"], true, None);
    assert!(!has_ansi(&plain), "{plain}");
    assert_eq!(strip_ansi(&coloured), plain);
    // A terminal that reports no width leaves the table's columns whole.
    let alpha = w.show("alpha");
    assert!(
        plain.contains("alpha") && plain.contains(&alpha.url),
        "{plain}"
    );
}

#[test]
fn on_a_narrow_terminal_tables_fit_with_or_without_colour() {
    let w = World::seeded();
    for no_color in [false, true] {
        let text = strip_ansi(&on_terminal(&w, &["list"], no_color, Some(70)));
        assert!(text.contains('┌'), "boxed on a terminal:\n{text}");
        assert!(text.contains(" gamma "), "{text}");
        for line in text.lines() {
            assert!(
                line.chars().count() <= 70,
                "NO_COLOR={no_color}: a line of {} characters is wider than the terminal:\n{line:?}\n{text}",
                line.chars().count()
            );
        }
    }
}

#[test]
fn on_a_terminal_long_text_is_cut_to_one_line_unless_verbose() {
    let w = World::seeded();
    let long = format!("https://hooks.example.com/{}", "x".repeat(150));
    let id = w.add_hook("long", KEY, &long, &["Upload"]);
    let row_lines = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with('│'))
            .map(str::to_string)
            .collect()
    };
    let cut = strip_ansi(&on_terminal(&w, &["list"], true, Some(100)));
    let lines = row_lines(&cut);
    let row = lines
        .iter()
        .find(|l| l.contains(" long "))
        .unwrap_or_else(|| panic!("no row for long:\n{cut}"));
    // The id is whole, the URL cut with an ellipsis, on one line.
    assert!(row.contains(&id) && row.contains('…'), "{cut}");
    assert!(!cut.contains(&long), "{cut}");
    assert_eq!(
        lines.len(),
        1 + 4,
        "the header and one line per webhook:\n{cut}"
    );

    for flag in ["-v", "--verbose"] {
        let whole = strip_ansi(&on_terminal(&w, &[flag, "list"], true, Some(100)));
        let url_pieces: String = row_lines(&whole)
            .iter()
            .filter_map(|l| l.split('┆').nth(3))
            .map(str::trim)
            .collect();
        assert!(
            url_pieces.contains(&long),
            "{flag}: the URL is not whole:\n{whole}"
        );
        assert!(!whole.contains('…'), "{whole}");
        assert!(whole.contains(&id), "{whole}");
    }
}

// ---------------------------------------------------------------- a run's report

#[test]
fn a_long_run_shows_its_problems_first_and_at_most_fifty_rows() {
    let w = World::new();
    w.rx().script("/down", [Reply::Status(500)]);
    w.import_hooks(60, |i| {
        if i % 12 == 5 { "/down" } else { "/ok" }.to_string()
    });
    let out = w
        .fire_with(sending(w.rx()).retries(0), &["Upload", "--entry", ENTRY_A])
        .expect(exit::DELIVERY_FAILED);
    let rows = table(&out.stdout);
    assert_eq!(
        rows[0],
        [
            "ID", "WEBHOOK", "EVENT", "URL", "RESULT", "ATTEMPTS", "DURATION"
        ]
    );
    assert_eq!(rows.len(), 1 + 50, "{}", out.stdout);
    let failed: Vec<&Vec<String>> = rows[1..6].iter().collect();
    for row in &failed {
        assert_eq!(
            row[4], "HTTP 500",
            "the failures come first:\n{}",
            out.stdout
        );
    }
    assert!(
        rows[6..].iter().all(|r| r[4] == "HTTP 200"),
        "{}",
        out.stdout
    );
    let tail: Vec<&str> = out.stdout.lines().rev().take(2).collect();
    assert_eq!(tail[0], "55 delivered, 5 failed, 0 interrupted, of 60.");
    // The line about the rows left out names a command that lists them all.
    let hint = tail[1]
        .strip_prefix("… 10 more; `echo3d-hooks ")
        .and_then(|rest| rest.strip_suffix("` lists them all"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let args: Vec<&str> = hint.split(' ').collect();
    assert_eq!(args[0..2], ["deliveries", "--since"], "{hint}");
    assert_eq!(args[3..], ["--limit", "60"], "{hint}");
    let listed = w
        .cmd()
        .arg("--json")
        .args(&args)
        .expect(exit::OK)
        .json::<DeliveriesDoc>()
        .deliveries;
    assert_eq!(listed.len(), 60, "{hint}");
    // The id column is the log's id of each delivery.
    let log = w
        .cmd()
        .args(["--json", "deliveries", "--limit", "100"])
        .expect(exit::OK)
        .json::<DeliveriesDoc>()
        .deliveries;
    for row in &rows[1..] {
        let id: i64 = row[0].parse().unwrap();
        let logged = log.iter().find(|d| d.delivery_id == id).unwrap();
        assert_eq!(logged.name(), row[1]);
        let ok = logged.state == State::Succeeded;
        assert_eq!(ok, row[4] == "HTTP 200", "{row:?}");
    }
}

#[test]
fn a_short_run_shows_every_delivery_in_the_order_it_was_planned() {
    let w = World::new();
    w.rx().script("/down", [Reply::Status(500)]);
    for name in ["a", "b", "c"] {
        let path = if name == "b" { "/down" } else { "/ok" };
        w.hook(name, path, &["Upload"]);
    }
    let out = w
        .fire_with(sending(w.rx()).retries(0), &["Upload", "--entry", ENTRY_A])
        .expect(exit::DELIVERY_FAILED);
    let rows = table(&out.stdout);
    let ids: Vec<i64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{}", out.stdout);
    assert!(ids.is_sorted(), "{}", out.stdout);
    assert!(!out.stdout.contains(" more; "), "{}", out.stdout);
    assert!(
        out.stdout
            .ends_with("2 delivered, 1 failed, 0 interrupted, of 3.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn on_a_terminal_a_run_shows_how_many_finished_and_failed() {
    let w = World::new();
    w.rx().script(
        "/slow",
        [Reply::Delayed(std::time::Duration::from_millis(200), 200)],
    );
    w.rx().script(
        "/down",
        [Reply::Delayed(std::time::Duration::from_millis(200), 500)],
    );
    w.import_hooks(8, |i| if i == 0 { "/down" } else { "/slow" }.to_string());
    let flags: Vec<String> = sending(w.rx())
        .retries(0)
        .concurrency(1)
        .args()
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut args = vec![
        "--allow-private-targets",
        "fire",
        "Upload",
        "--entry",
        ENTRY_A,
    ];
    args.extend(["--api-key", KEY]);
    args.extend(flags.iter().map(String::as_str));
    let out = on_a_terminal(&w.db, &args, &[("NO_COLOR", "1")], Some(120), "");
    assert_eq!(out.code, Some(exit::DELIVERY_FAILED), "{}", out.text);
    assert!(out.text.contains("/8 finished, 1 failed"), "{}", out.text);
    assert!(
        out.text
            .contains("7 delivered, 1 failed, 0 interrupted, of 8."),
        "{}",
        out.text
    );
}
