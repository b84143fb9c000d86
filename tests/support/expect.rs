//! Running a command and checking what a user sees: its exit code, what it
//! says, and that a refusal leaves the store as it was.

use std::borrow::BorrowMut;

use assert_cmd::Command;

use super::{Env, stderr_of, stdout_of};

/// Runs `cmd`, which must succeed, and returns its output.
#[track_caller]
pub fn succeeds(mut cmd: impl BorrowMut<Command>) -> std::process::Output {
    let out = cmd.borrow_mut().output().expect("the binary runs");
    assert!(
        out.status.success(),
        "expected success, got {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        stdout_of(&out),
        stderr_of(&out)
    );
    out
}

/// A refusal: `cmd` must exit with `code`, say every one of `fragments` on
/// stderr, print nothing on stdout, and leave `env`'s store as it was.
/// Returns stderr for further checks.
#[track_caller]
pub fn refused(
    env: &Env,
    mut cmd: impl BorrowMut<Command>,
    code: i32,
    fragments: &[&str],
) -> String {
    let cmd = cmd.borrow_mut();
    let before = env.dump();
    let out = cmd.output().expect("the binary runs");
    let stderr = stderr_of(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nexpected exit {code}\nstdout:\n{}\nstderr:\n{stderr}",
        stdout_of(&out)
    );
    for fragment in fragments {
        assert!(
            stderr.contains(fragment),
            "{cmd:?}\nstderr does not say {fragment:?}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{cmd:?} panicked:\n{stderr}");
    assert_eq!(
        stdout_of(&out),
        "",
        "{cmd:?}: a refusal prints nothing on stdout"
    );
    assert_eq!(env.dump(), before, "{cmd:?} changed the store");
    stderr
}
