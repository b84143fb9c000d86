//! `completions`: shell completions generated from the clap definitions.

use clap::{Command, CommandFactory};
use clap_complete::Shell;
use std::io::Write;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Result};

const BIN_NAME: &str = "echo3d-hooks";

pub fn run(args: CompletionsArgs) -> Result<()> {
    let script = script(args.shell);
    match std::io::stdout().write_all(script.as_bytes()) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Internal(format!(
            "cannot write the completions: {e}"
        ))),
        _ => Ok(()),
    }
}

/// The completion script for `shell`.
fn script(shell: Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut script);
    let script = String::from_utf8(script).expect("clap_complete writes UTF-8");
    match shell {
        Shell::Bash => repair_bash(script),
        Shell::Fish => script + &fish_positionals(Cli::command()),
        _ => script,
    }
}

/// clap_complete's bash script names the state of each subcommand two ways
/// when the binary's name has a hyphen (clap-rs/clap#6421, #6529, still so in
/// clap_complete 4.6.12): the loop over the words sets
/// `echo3d__hooks__subcmd__fire`, but the case arm that completes it is
/// spelled `echo3d__subcmd__hooks__subcmd__fire`, so nothing past the first
/// word ever completes. Spelling the arms the way the loop does repairs it;
/// once clap_complete is fixed, the broken spelling no longer appears and
/// this changes nothing.
fn repair_bash(script: String) -> String {
    let state = BIN_NAME.replace('-', "__");
    let broken = BIN_NAME.replace('-', "__subcmd__");
    script.replace(
        &format!("{broken}__subcmd__"),
        &format!("{state}__subcmd__"),
    )
}

/// The fish function that counts the positional words between the
/// subcommand and the word being completed, given the subcommand's option
/// specs, so that an option's value is not counted as a positional word.
const FISH_POSITIONALS_BEFORE: &str = r#"
# Positional values, which clap_complete's fish generator leaves out.
function __fish_echo3d_hooks_positionals_before
    set -l specs $argv
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_echo3d_hooks_global_optspecs) -- $cmd 2>/dev/null
    or return
    set -e argv[1]
    argparse $specs -- $argv 2>/dev/null
    or return
    count $argv
end

"#;

/// clap_complete's fish generator completes options and subcommands only
/// (its documentation says so), so `fire <TAB>` would never offer a trigger.
/// This adds a completion for each positional argument that has possible
/// values, offered only at that argument's place.
fn fish_positionals(mut cli: Command) -> String {
    cli.build();
    let mut lines = FISH_POSITIONALS_BEFORE.to_string();
    for sub in cli.get_subcommands() {
        let names: Vec<&str> = std::iter::once(sub.get_name())
            .chain(sub.get_visible_aliases())
            .collect();
        let specs = fish_optspecs(sub);
        for (place, arg) in sub.get_positionals().enumerate() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if values.is_empty() {
                continue;
            }
            let repeats = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
            let at = if repeats { "-ge" } else { "-eq" };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            lines.push_str(&format!(
                "complete -c {BIN_NAME} -n \"__fish_echo3d_hooks_using_subcommand {}; and test \
                 (__fish_echo3d_hooks_positionals_before {specs}) {at} {place}\" -f -a \"{}\" \
                 -d '{}'\n",
                names.join(" "),
                values.join(" "),
                help.replace('\\', "\\\\").replace('\'', "\\'"),
            ));
        }
    }
    lines
}

/// The subcommand's options as fish `argparse` specs: `h/help`, `db=`.
fn fish_optspecs(cmd: &Command) -> String {
    cmd.get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| {
            let name = match (a.get_short(), a.get_long()) {
                (Some(short), Some(long)) => format!("{short}/{long}"),
                (None, Some(long)) => long.to_string(),
                (Some(short), None) => short.to_string(),
                (None, None) => unreachable!("an option has a short or a long name"),
            };
            let value = if a.get_action().takes_values() {
                "="
            } else {
                ""
            };
            format!("'{name}{value}'")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bash_case_arm_is_a_state_the_loop_can_reach() {
        let script = script(Shell::Bash);
        let set: Vec<&str> = script
            .lines()
            .filter_map(|l| l.trim().strip_prefix("cmd=\""))
            .map(|l| l.trim_end_matches('"'))
            .collect();
        let arms: Vec<&str> = script
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("echo3d__") && l.ends_with(')') && !l.contains(','))
            .map(|l| l.trim_end_matches(')'))
            .collect();
        assert!(arms.contains(&"echo3d__hooks__subcmd__fire"), "{arms:?}");
        assert!(arms.len() > 10, "{arms:?}");
        for arm in arms {
            assert!(set.contains(&arm), "the case arm {arm} is never reached");
        }
    }
}
