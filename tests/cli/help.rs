//! The help text of every command, held still as snapshots in
//! `tests/snapshots/help/`, and the committed shell completions. After a
//! deliberate change of the command line, regenerate both and review the
//! diff:
//!
//!     SNAPSHOTS=overwrite cargo test --test cli help
//!     for s in bash:echo3d-hooks.bash zsh:_echo3d-hooks fish:echo3d-hooks.fish \
//!         powershell:_echo3d-hooks.ps1 elvish:echo3d-hooks.elv; do
//!       cargo run -q -- completions "${s%%:*}" > "completions/${s#*:}"; done

use std::path::{Path, PathBuf};

use crate::support::snapshot;
use crate::support::*;

/// Every command and subcommand, as its words after `echo3d-hooks`.
const COMMANDS: [&[&str]; 16] = [
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

// ---------------------------------------------------------------- completions

/// Each shell and the committed file its completions live in.
const COMPLETIONS: [(&str, &str); 5] = [
    ("bash", "echo3d-hooks.bash"),
    ("zsh", "_echo3d-hooks"),
    ("fish", "echo3d-hooks.fish"),
    ("powershell", "_echo3d-hooks.ps1"),
    ("elvish", "echo3d-hooks.elv"),
];

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

#[test]
fn committed_completions_match_the_binary() {
    let mut stale = Vec::new();
    for (shell, file) in COMPLETIONS {
        let generated = bare_cmd()
            .args(["completions", shell])
            .expect(exit::OK)
            .stdout;
        assert!(
            generated.contains("echo3d-hooks"),
            "{shell} completions do not name the binary"
        );
        let path = completions_dir().join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale or missing completions: {}\nRegenerate them as the top of tests/cli/help.rs says.",
        stale.join(", ")
    );
}

#[test]
fn bash_completions_load_and_complete_subcommands() {
    let script = completions_dir().join("echo3d-hooks.bash");
    let out = assert_cmd::Command::new("bash")
        .arg("-c")
        .arg(
            r#"source "$1" || exit 1
               COMP_WORDS=(echo3d-hooks ed); COMP_CWORD=1; COMP_LINE="echo3d-hooks ed"; COMP_POINT=${#COMP_LINE}
               _echo3d__hooks echo3d-hooks ed echo3d-hooks
               printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg("bash")
        .arg(&script)
        .expect(exit::OK);
    assert_eq!(out.stdout.trim(), "edit");
}
