//! Reading what the tool prints for people: plain tables (stdout is not a
//! terminal), records, and output on a pseudo-terminal.

use std::path::Path;

/// The rows of a plain table (UPPERCASE headers, columns aligned with
/// spaces), each cut at the columns its header line sets; the header row
/// first. Lines before the header (and after the table) are not rows.
#[track_caller]
pub fn table(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| is_header(l)) else {
        panic!("no table header in:\n{text}");
    };
    let starts = column_starts(lines[start]);
    lines[start..]
        .iter()
        .take_while(|l| is_row(l, &starts))
        .map(|line| cells(line, &starts))
        .collect()
}

/// A line of the table: something in its first column, and the padding of
/// two spaces or more before each column that it reaches.
fn is_row(line: &str, starts: &[usize]) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.first().is_some_and(|c| *c != ' ')
        && starts
            .iter()
            .filter(|&&s| s >= 2 && s < chars.len())
            .all(|&s| chars[s - 2..s] == [' ', ' '])
}

/// A header line: UPPERCASE titles, two spaces or more apart.
fn is_header(line: &str) -> bool {
    let titles: Vec<&str> = line.split("  ").filter(|t| !t.is_empty()).collect();
    titles.len() >= 2
        && titles.iter().all(|t| {
            let t = t.trim();
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_uppercase() || " -".contains(c))
        })
}

fn column_starts(header: &str) -> Vec<usize> {
    let chars: Vec<char> = header.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            chars[i] != ' ' && (i == 0 || (i >= 2 && chars[i - 1] == ' ' && chars[i - 2] == ' '))
        })
        .collect()
}

fn cells(line: &str, starts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = starts
                .get(i + 1)
                .copied()
                .unwrap_or(chars.len())
                .min(chars.len());
            chars
                .get(from.min(chars.len())..to)
                .map(|c| c.iter().collect::<String>().trim().to_string())
                .unwrap_or_default()
        })
        .collect()
}

/// A record (`show`, `deliveries show`): each line's field and value.
pub fn record(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(field, value)| (field.trim().to_string(), value.trim().to_string()))
        .filter(|(field, _)| !field.is_empty() && !field.contains(' '))
        .collect()
}

pub fn has_ansi(text: &str) -> bool {
    text.contains("\x1b[")
}

pub fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters, then one final letter.
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            plain.push(c);
        }
    }
    plain
}

/// What a run of the binary on a pseudo-terminal (util-linux `script`)
/// printed, stdout and stderr together, with the exit code.
pub struct OnTerminal {
    pub code: Option<i32>,
    pub text: String,
}

/// Runs `echo3d-hooks --db DB ARGS` on a pseudo-terminal, since colour,
/// layout, progress and questions depend on one. `cols` sizes it; without
/// it, the terminal reports no size, as pseudo-terminals that nobody sized
/// do (some CI runners allocate those). `input` is typed at it.
pub fn on_a_terminal(
    db: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    cols: Option<u16>,
    input: &str,
) -> OnTerminal {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let command = std::iter::once(super::bin().to_string_lossy().into_owned())
        .chain(["--db".into(), db.to_string_lossy().into_owned()])
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let line = match cols {
        Some(n) => format!("stty cols {n} && exec {command}"),
        None => format!("exec {command}"),
    };
    let mut cmd = assert_cmd::Command::new("script");
    for var in super::TOOL_ENV {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["-qec", &line, "/dev/null"])
        .write_stdin(input.to_string())
        .output()
        .expect("util-linux `script` runs (it provides the pseudo-terminal)");
    OnTerminal {
        code: out.status.code(),
        text: String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
    }
}
