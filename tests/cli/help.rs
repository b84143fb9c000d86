//! The help text of every command, held still as snapshots in
//! `tests/snapshots/help/`. After a deliberate change of the command line,
//! regenerate them and review the diff (the shell completions are checked
//! in `completions.rs`):
//!
//!     SNAPSHOTS=overwrite cargo test --test cli help

use crate::support::snapshot;
use crate::support::*;

/// Every command and subcommand, as its words after `echo3d-hooks`.
const COMMANDS: [&[&str]; 27] = [
    &[],
    &["add"],
    &["list"],
    &["show"],
    &["edit"],
    &["delete"],
    &["events"],
    &["fire"],
    &["test"],
    &["deliveries"],
    &["deliveries", "show"],
    &["deliveries", "prune"],
    &["redeliver"],
    &["export"],
    &["import"],
    &["verify"],
    &["sign"],
    &["schema"],
    &["svix"],
    &["svix", "push"],
    &["svix", "status"],
    &["listen"],
    &["received"],
    &["received", "show"],
    &["received", "replay"],
    &["received", "prune"],
    &["completions"],
];

/// `--help`, the same in any terminal: no terminal, 100 columns.
fn help(words: &[&str]) -> Outcome {
    bare_cmd()
        .args(words)
        .arg("--help")
        .env("COLUMNS", "100")
        .write_stdin("")
        .expect(exit::OK)
}

#[test]
fn every_commands_help_is_a_snapshot() {
    let dir = snapshot::dir("help");
    let mut written = Vec::new();
    let mut failures = Vec::new();
    for words in COMMANDS {
        let name = match words {
            [] => "echo3d-hooks".to_string(),
            _ => words.join("-"),
        };
        let path = dir.join(format!("{name}.txt"));
        let out = help(words);
        assert_eq!(out.stderr, "", "{name}");
        if let Err(diff) = snapshot::check(&path, &out.stdout) {
            failures.push(diff);
        }
        written.push(path);
    }
    let orphans = snapshot::orphans(&dir, "", &written);
    assert!(
        orphans.is_empty(),
        "help of commands that are gone: {orphans:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The commands a help text lists under `Commands:`, but `help`.
fn listed_commands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_command_the_help_lists_has_a_snapshot() {
    let top = help(&[]).stdout;
    let listed = listed_commands(&top);
    assert!(listed.len() >= 13, "{top}");
    let known: Vec<String> = COMMANDS.iter().map(|w| w.join(" ")).collect();
    for command in &listed {
        assert!(known.contains(command), "`{command}` has no help snapshot");
        for sub in listed_commands(&help(&[command]).stdout) {
            let words = format!("{command} {sub}");
            assert!(known.contains(&words), "`{words}` has no help snapshot");
        }
    }
}

#[test]
fn help_documents_the_new_flags() {
    let global = help(&[]).stdout;
    assert!(global.contains("-v, --verbose"), "{global}");
    assert!(help(&["fire"]).stdout.contains("--version-id <ID>"));
    assert!(help(&["deliveries"]).stdout.contains("--interrupted"));
    assert!(help(&["import"]).stdout.contains("-y, --yes"));
    assert!(help(&["redeliver"]).stdout.contains("--dry-run"));
}
