//! Snapshot files under `tests/snapshots/`: the CLI's own text (help,
//! every error message) as files a reviewer reads in one place, held still
//! by the tests. `SNAPSHOTS=overwrite cargo test` rewrites those that
//! differ, and removes those no test writes any more.

use std::path::{Path, PathBuf};

/// `tests/snapshots/<sub>`.
pub fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots")
        .join(sub)
}

pub fn overwriting() -> bool {
    std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite")
}

/// Compares `actual` with the file, byte for byte (no wildcards), and
/// returns the difference instead of panicking, so that a table of cases
/// can report all of its failures at once.
pub fn check(path: &Path, actual: &str) -> Result<(), String> {
    let expected = snapbox::Data::read_from(path, None).raw();
    snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .try_eq(
            Some(&"actual"),
            snapbox::Data::text(actual.to_string()),
            expected,
        )
        .map_err(|e| e.to_string())
}

#[track_caller]
pub fn assert(path: &Path, actual: &str) {
    if let Err(diff) = check(path, actual) {
        panic!("{diff}");
    }
}

/// The files in `dir` whose names start with `prefix` that are not in
/// `written`: snapshots of cases that no longer exist. Removed when
/// overwriting; otherwise returned, for the test to fail on.
pub fn orphans(dir: &Path, prefix: &str, written: &[PathBuf]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut orphans = Vec::new();
    for path in entries.map(|e| e.expect("list snapshots").path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(prefix) && !written.contains(&path) {
            if overwriting() {
                std::fs::remove_file(&path).expect("remove an orphan snapshot");
            } else {
                orphans.push(name);
            }
        }
    }
    orphans.sort();
    orphans
}

/// What varies from run to run (temp paths, ports, ids), replaced by
/// placeholders so that a snapshot reads the same everywhere.
#[derive(Clone, Debug, Default)]
pub struct Redactions {
    values: Vec<(String, String)>,
}

impl Redactions {
    pub fn new() -> Redactions {
        Redactions::default()
    }

    /// Replace `value` with `placeholder`.
    pub fn value(mut self, value: impl Into<String>, placeholder: &str) -> Redactions {
        self.values.push((value.into(), placeholder.to_string()));
        // Longest first, so that a path is replaced before its folder.
        self.values.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        self
    }

    pub fn apply(&self, text: &str) -> String {
        let mut text = text.to_string();
        for (value, placeholder) in &self.values {
            text = text.replace(value.as_str(), placeholder);
        }
        redact_ids(&text, "wh_", 16, "wh_[ID]")
    }
}

/// Replaces `prefix` followed by `len` lowercase hex digits (a webhook id).
fn redact_ids(text: &str, prefix: &str, len: usize, placeholder: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let hex = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count();
        out.push_str(&rest[..at]);
        if hex == len {
            out.push_str(placeholder);
            rest = &after[len..];
        } else {
            out.push_str(prefix);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
