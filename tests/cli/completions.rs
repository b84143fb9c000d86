//! Shell completions (issue 11, item 3): the committed scripts are what the
//! binary prints, and real completion in bash, zsh and fish offers
//! subcommands, each subcommand's options, and the trigger names. A shell
//! that is not installed is skipped, saying so; CI installs all three.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::json::WebhookDoc;
use crate::support::*;

/// A shell's output as text.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Each shell and the committed file its completions live in.
const COMPLETIONS: [(&str, &str); 5] = [
    ("bash", "echo3d-hooks.bash"),
    ("zsh", "_echo3d-hooks"),
    ("fish", "echo3d-hooks.fish"),
    ("powershell", "_echo3d-hooks.ps1"),
    ("elvish", "echo3d-hooks.elv"),
];

/// What a user types before pressing TAB, and exactly what must be offered.
const CASES: &[(&str, &[&str])] = &[
    ("echo3d-hooks ed", &["edit"]),
    (
        "echo3d-hooks fire --con",
        &["--concurrency", "--connect-timeout"],
    ),
    ("echo3d-hooks deliveries --fa", &["--failed"]),
    ("echo3d-hooks log --fa", &["--failed"]),
    ("echo3d-hooks deliveries prune --ol", &["--older-than"]),
    (
        "echo3d-hooks fire Asset",
        &[
            "AssetMetadataAdd",
            "AssetMetadataRemove",
            "AssetStatusUpdate",
        ],
    ),
    ("echo3d-hooks events Proc", &["Processed"]),
    (
        "echo3d-hooks add --trigger Coll",
        &["CollectionMetadataAdd", "CollectionMetadataRemove"],
    ),
    (
        "echo3d-hooks edit inventory-sync --remove-trigger AssetM",
        &["AssetMetadataAdd", "AssetMetadataRemove"],
    ),
    (
        "echo3d-hooks test inventory-sync AssetS",
        &["AssetStatusUpdate"],
    ),
];

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

#[test]
fn committed_completions_match_the_binary() {
    let regenerate = format!(
        "for s in {}; do cargo run -q -- completions \"${{s%%:*}}\" > \"completions/${{s#*:}}\"; done",
        COMPLETIONS
            .iter()
            .map(|(shell, file)| format!("{shell}:{file}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
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
        "stale or missing completions: {}\nRegenerate them from the repository root with:\n{regenerate}",
        stale.join(", ")
    );
}

// ---------------------------------------------------------------- running a shell

/// PATH with the folder of the binary under test first.
fn path_with_the_binary() -> String {
    let bin = crate::support::bin();
    format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Whether `shell` can be run; if not, says that its tests are skipped.
fn installed(shell: &str) -> bool {
    let found = Command::new(shell)
        .args(["-c", "exit 0"])
        .stdin(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        println!("skipped: {shell} is not installed (CI installs it)");
    }
    found
}

/// Runs `cmd` to its end. A shell that waits for input it will never get
/// would hang the test run, so after a minute it is killed and the test fails.
fn run_shell(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the shell starts");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("the shell's output")
}

/// The sorted, distinct non-empty lines of `text`, up to a tab (fish writes
/// each match's description after one).
fn offered(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Checks every case with `complete`, which returns what the shell offered
/// for each line.
#[track_caller]
fn assert_cases(shell: &str, complete: impl Fn(&[&str]) -> Vec<Vec<String>>) {
    let lines: Vec<&str> = CASES.iter().map(|(line, _)| *line).collect();
    let offers = complete(&lines);
    let mut wrong = Vec::new();
    for ((line, expected), got) in CASES.iter().zip(offers) {
        let mut expected: Vec<&str> = expected.to_vec();
        expected.sort();
        if got != expected {
            wrong.push(format!(
                "{line}<TAB>: offered {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{shell}:\n{}", wrong.join("\n"));
}

/// Bash's own machinery: `load` registers the completion (it must leave it
/// in `complete -p`), the line is split into COMP_WORDS, and the registered
/// function is called as bash would call it; COMPREPLY is what it offers.
fn bash_complete(load: &str, line: &str, env: &[(&str, &Path)]) -> Vec<String> {
    let script = format!(
        r#"{load}
spec=$(complete -p echo3d-hooks) || exit 2
fn=${{spec##*-F }}; fn=${{fn%% *}}
read -ra COMP_WORDS <<< "$1"
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE=$1; COMP_POINT=${{#COMP_LINE}}
COMPREPLY=()
"$fn" "${{COMP_WORDS[0]}}" "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}" 2>/dev/null
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    let mut cmd = Command::new("bash");
    cmd.args(["--norc", "--noprofile", "-c", &script, "bash", line])
        .env_remove("XDG_DATA_HOME")
        .env_remove("BASH_COMPLETION_USER_DIR");
    for (var, value) in env {
        cmd.env(var, value);
    }
    let out = run_shell(cmd);
    assert!(out.status.success(), "bash: {}", text(&out.stderr));
    offered(&text(&out.stdout))
}

/// zsh's completion system, run in one interactive zsh for all `lines`
/// (its start-up dominates) by `tests/support/complete.zsh`.
fn zsh_complete(fpath: &Path, lines: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let found = dir.path().join("offered");
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/complete.zsh");
    let mut cmd = Command::new("zsh");
    cmd.arg("-f")
        .arg(&driver)
        .arg(fpath)
        .arg(&found)
        .args(lines)
        .env("HOME", dir.path())
        .env("TERM", "xterm");
    let out = run_shell(cmd);
    match out.status.code() {
        Some(0) => {}
        Some(90) => panic!("this zsh has no zsh/zpty module, which the test needs"),
        Some(91) => panic!("zsh ended before completing: {}", text(&out.stderr)),
        _ => panic!("zsh: {out:?}"),
    }
    (1..=lines.len())
        .map(|n| {
            let file = format!("{}.{n}", found.display());
            offered(&std::fs::read_to_string(file).unwrap_or_default())
        })
        .collect()
}

/// fish's completion engine; the binary is on PATH, as installed, since fish
/// only loads a command's completions by itself for a command it can find.
fn fish_complete(load: &str, line: &str, home: &Path) -> Vec<String> {
    let mut cmd = Command::new("fish");
    cmd.args([
        "-c",
        &format!("{load}; complete --do-complete $argv[1]"),
        line,
    ])
    .env("HOME", home)
    .env("PATH", path_with_the_binary())
    .env_remove("XDG_CONFIG_HOME")
    .env_remove("XDG_DATA_HOME");
    let out = run_shell(cmd);
    assert!(out.status.success(), "fish: {}", text(&out.stderr));
    offered(&text(&out.stdout))
}

// ---------------------------------------------------------------- the committed scripts

#[test]
fn bash_completes_subcommands_options_and_triggers() {
    if !installed("bash") {
        return;
    }
    let script = completions_dir().join("echo3d-hooks.bash");
    let load = format!("source '{}' || exit 1", script.display());
    assert_cases("bash", |lines| {
        lines
            .iter()
            .map(|line| bash_complete(&load, line, &[]))
            .collect()
    });
}

#[test]
fn zsh_completes_subcommands_options_and_triggers() {
    if !installed("zsh") {
        return;
    }
    let fpath = tempfile::tempdir().unwrap();
    std::fs::copy(
        completions_dir().join("_echo3d-hooks"),
        fpath.path().join("_echo3d-hooks"),
    )
    .unwrap();
    assert_cases("zsh", |lines| zsh_complete(fpath.path(), lines));
}

#[test]
fn fish_completes_subcommands_options_and_triggers() {
    if !installed("fish") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let script = completions_dir().join("echo3d-hooks.fish");
    let load = format!("source '{}'", script.display());
    assert_cases("fish", |lines| {
        lines
            .iter()
            .map(|line| fish_complete(&load, line, home.path()))
            .collect()
    });
}

// ---------------------------------------------------------------- the README's install lines

/// The lines of the README's block that installs the completions
/// (comments and blank lines left out).
fn readme_install_lines() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("\n### completions\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a `### completions` section");
    let block = section
        .split("```sh\n")
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("mkdir -p"))
        .expect("the section has a ```sh block that installs them");
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_install_lines_work_in_a_fresh_home() {
    let home = tempfile::tempdir().unwrap();
    let lines = readme_install_lines();
    for shell in ["bash", "zsh", "fish"] {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!("completions {shell}"))),
            "the README does not install the {shell} completions: {lines:?}"
        );
    }
    let out = run_shell({
        let mut cmd = Command::new("sh");
        cmd.args(["-e", "-c", &lines.join("\n")])
            .env("HOME", home.path())
            .env("PATH", path_with_the_binary())
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME");
        cmd
    });
    assert!(
        out.status.success(),
        "the README's install lines fail in a fresh home:\n{}\n{}",
        lines.join("\n"),
        text(&out.stderr)
    );

    // Each shell finds the file where the README put it, by its own rules.
    let h = home.path();
    let bash_loader = Path::new("/usr/share/bash-completion/bash_completion");
    if !bash_loader.exists() {
        println!("skipped: bash-completion is not installed, so its loader is not checked");
    } else if installed("bash") {
        let load = format!(
            "source {}; if declare -F _comp_load >/dev/null; then _comp_load echo3d-hooks; \
             else __load_completion echo3d-hooks; fi",
            bash_loader.display()
        );
        let got = bash_complete(&load, "echo3d-hooks fire --con", &[("HOME", h)]);
        assert_eq!(got, ["--concurrency", "--connect-timeout"], "bash");
    }
    if installed("zsh") {
        // zsh reads completions from the folders on $fpath: the one the
        // README wrote to, which it tells the user to add.
        let zsh_line = lines
            .iter()
            .find(|l| l.contains("completions zsh"))
            .unwrap();
        let file = zsh_line.rsplit('>').next().unwrap().trim();
        let file = h.join(file.strip_prefix("~/").expect("a file under ~/"));
        let got = zsh_complete(file.parent().unwrap(), &["echo3d-hooks fire --con"]);
        assert_eq!(got, [["--concurrency", "--connect-timeout"]], "zsh");
    }
    if installed("fish") {
        // fish loads ~/.config/fish/completions/echo3d-hooks.fish by itself.
        let got = fish_complete("true", "echo3d-hooks fire --con", h);
        assert_eq!(got, ["--concurrency", "--connect-timeout"], "fish");
    }
}

// ---------------------------------------------------------------- trigger names as values

const UNKNOWN: [&str; 2] = ["unknown trigger `Uplod`", "did you mean `Upload`?"];

#[test]
fn every_argument_that_takes_a_trigger_lists_the_nine_in_its_help() {
    for (command, arg) in [
        (&["fire"][..], "<EVENT>"),
        (&["events"], "[EVENT]"),
        (&["test"], "[EVENT]..."),
        (&["add"], "--trigger <EVENT>"),
        (&["edit"], "--add-trigger <EVENT>"),
        (&["edit"], "--remove-trigger <EVENT>"),
        (&["list"], "--event <EVENT>"),
        (&["deliveries"], "--event <EVENT>"),
    ] {
        let help = bare_cmd()
            .args(command)
            .arg("--help")
            .expect(exit::OK)
            .stdout;
        let (_, after) = help
            .split_once(arg)
            .unwrap_or_else(|| panic!("{command:?} --help has no {arg}:\n{help}"));
        let entry = after.split("\n  -").next().unwrap().replace("\n", " ");
        let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
        let listed = format!("[possible values: {}]", ALL_EVENTS.join(", "));
        assert!(entry.contains(&listed), "{command:?} {arg}: {entry}");
    }
}

#[test]
fn a_comma_separates_triggers_in_any_case() {
    let w = World::new();
    let triggers = |args: &[&str]| {
        w.cmd()
            .arg("--json")
            .args(args)
            .expect(exit::OK)
            .json::<WebhookDoc>()
            .webhook
            .triggers
    };
    let added = triggers(&[
        "add",
        "--name",
        "inv",
        "--url",
        "https://hooks.example.com/echo3d",
        "--api-key",
        KEY,
        "--trigger",
        "upload,DELETE",
        "--trigger",
        "Edit",
    ]);
    assert_eq!(added, ["Upload", "Edit", "Delete"]);
    let edited = triggers(&[
        "edit",
        "inv",
        "--add-trigger",
        "processed,AssetStatusUpdate",
        "--remove-trigger",
        "Upload,delete",
    ]);
    assert_eq!(edited, ["Processed", "Edit", "AssetStatusUpdate"]);
    let dry = w
        .cmd()
        .args(["--json", "test", "inv", "edit,Processed", "--dry-run"])
        .expect(exit::OK)
        .json::<crate::support::json::DryRunDoc>();
    let mut events: Vec<&str> = dry.deliveries.iter().map(|d| d.event.as_str()).collect();
    events.sort();
    assert_eq!(events, ["Edit", "Processed"]);
}

#[test]
fn an_unknown_trigger_is_invalid_input_wherever_it_is_given() {
    let w = World::new();
    w.add_hook("inv", KEY, "https://hooks.example.com/echo3d", &["Upload"]);
    let add = |trigger: &str| {
        let mut cmd = w.cmd();
        cmd.args(["add", "--name", "x", "--url", "https://x.example.com/"])
            .args(["--api-key", KEY, "--trigger", trigger]);
        cmd
    };
    let commands: Vec<Vec<&str>> = vec![
        vec!["fire", "Uplod", "--entry", ENTRY_A, "--api-key", KEY],
        vec!["events", "Uplod"],
        vec!["test", "inv", "Uplod"],
        vec!["list", "--event", "Uplod"],
        vec!["deliveries", "--event", "Uplod"],
        vec!["edit", "inv", "--trigger", "Uplod"],
        vec!["edit", "inv", "--add-trigger", "Edit,Uplod"],
        vec!["edit", "inv", "--remove-trigger", "Uplod"],
    ];
    for args in commands {
        let out = w.refuses(w.cmd().args(&args), exit::INVALID, &UNKNOWN);
        assert!(
            out.stderr.starts_with("error: unknown trigger"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            !out.stderr.contains("Usage:"),
            "{args:?}: a usage error:\n{}",
            out.stderr
        );
    }
    w.refuses(&mut add("Upload,Uplod"), exit::INVALID, &UNKNOWN);
    w.refuses(&mut add("Uplod"), exit::INVALID, &UNKNOWN);
}
