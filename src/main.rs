//! echo3d-hooks: parse the command line, dispatch, and turn errors into exit codes.

mod address;
mod cli;
mod clock;
mod commands;
mod deliver;
mod document;
mod error;
mod event;
mod input;
mod json;
mod loopback;
mod output;
#[cfg(test)]
mod proptests;
mod receive;
mod runtime;
mod schema;
mod signing;
mod store;
mod svix;
mod url_text;
mod validate;
mod verify;
mod webhook;

use clap::Parser;

use crate::error::ExitCode;
use crate::output::Level;

/// A fan-out allocates and frees small buffers for every request (headers,
/// log rows, TLS records) on several threads at once, which mimalloc does for
/// much less CPU than glibc's allocator. Without transparent huge pages,
/// which would make its arenas, and so a run's peak memory, far larger.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    forget_empty_variables();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => std::process::exit(command_line_refused(e) as i32),
    };
    let ctx = commands::Context::new(&cli.global, &cli.command);
    let code = match commands::run(&ctx, cli.command) {
        Ok(()) => ExitCode::Success,
        Err(e) => fail(&ctx.out, &e),
    };
    std::process::exit(code as i32);
}

/// What clap could not parse: help and version (exit 0), a value that broke
/// a rule (exit 3, like any other value the tool refuses), or a command line
/// of the wrong shape (exit 2).
fn command_line_refused(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    // Nothing was parsed, so `--json` is read off the raw words.
    let json = std::env::args_os().any(|a| a == "--json");
    let out = output::Output::new(json, output::ColorMode::Never, false);
    if let Some(refusal) = refused_value(&e) {
        return fail(&out, refusal);
    }
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            }
        }
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let _ = e.print();
            let first = e.render().to_string();
            let message = first.lines().next().unwrap_or_default();
            let refusal = error::Error::invalid(message.trim_start_matches("error: "));
            if out.json {
                let _ = out.print_json(&json::ErrorDoc {
                    error: json::ErrorJson::from(&refusal),
                });
            }
            refusal.exit_code()
        }
        _ => {
            let _ = usage_without_environment(e).print();
            ExitCode::Usage
        }
    }
}

/// clap counts a flag set by its environment variable as given, and shows it
/// in the usage line of a usage error (`fire --db <PATH> <EVENT>`), as if it
/// were required. The same command line parsed without the tool's variables
/// fails the same way, with the usage line the user typed.
fn usage_without_environment(e: clap::Error) -> clap::Error {
    for var in cli::ENVIRONMENT {
        // SAFETY: still single-threaded; the variables are not needed again,
        // since the process exits with this error.
        unsafe { std::env::remove_var(var) };
    }
    match cli::Cli::try_parse() {
        Err(again) if again.kind() == e.kind() => again,
        _ => e,
    }
}

/// Reports a failure on stderr and, with `--json`, as a document on stdout
/// unless the command's own document already names it.
fn fail(out: &output::Output, e: &error::Error) -> ExitCode {
    out.message(Level::Error, &e.to_string());
    if out.json && !out.has_printed_json() {
        let _ = out.print_json(&json::ErrorDoc {
            error: json::ErrorJson::from(e),
        });
    }
    e.exit_code()
}

/// An empty value of one of the tool's variables means "not set": CI
/// scripts write `VAR=${X:-}`, and an empty `--db` or API key would only be
/// refused with a message about a flag nobody typed.
fn forget_empty_variables() {
    for var in cli::ENVIRONMENT {
        // Whitespace alone is as empty: a store file named "  " or a key of
        // spaces is never what was meant.
        let blank = |v: std::ffi::OsString| v.to_str().is_some_and(|s| s.trim().is_empty());
        if std::env::var_os(var).is_some_and(blank) {
            // SAFETY: nothing else runs yet: no thread has been started that
            // could read the environment at the same time.
            unsafe { std::env::remove_var(var) };
        }
    }
}

/// A value that one of the tool's own value parsers refused (an unknown
/// trigger): a value that broke a rule, reported with the tool's message and
/// exit code like any other, not as a usage error.
fn refused_value(e: &clap::Error) -> Option<&error::Error> {
    use std::error::Error as _;
    if e.kind() != clap::error::ErrorKind::ValueValidation {
        return None;
    }
    e.source()?.downcast_ref::<error::Error>()
}
