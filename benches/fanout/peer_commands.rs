//! The peers' command lines: `curl --parallel` and `hey`, set up to send
//! what `fire` sends, where it sends it.
//!
//! Both post `fire`'s exact body with the same four headers (content type,
//! and `webhook-id`, `webhook-timestamp` and `webhook-signature` of the
//! lengths `fire` sends), to the same host and port, over TLS, HTTP/1.1 and
//! kept-alive connections, at the same concurrency. curl goes to the same N
//! URLs as `fire`, with a message id and signature of its own for each,
//! and verifies the receiver's certificate against its CA as `fire` does.
//! hey can only post one request to one URL N times, and never verifies a
//! certificate; the receiver answers every path alike, so one URL costs it
//! what N do.

use base64::Engine;
use std::path::PathBuf;
use std::process::Command;

use crate::setup::{Bench, CONCURRENCY};

/// The files the peers read, written once per N.
pub struct PeerInputs {
    curl_config: PathBuf,
    hey_body: PathBuf,
    hey_url: String,
    n: usize,
}

impl PeerInputs {
    pub fn write(bench: &Bench, n: usize, body: &str) -> PeerInputs {
        let dir = bench.work();
        let curl_config = dir.join(format!("curl-{n}.conf"));
        std::fs::write(&curl_config, curl_config_text(bench, n, body)).expect("curl config");
        let hey_body = dir.join("hey-body.json");
        std::fs::write(&hey_body, body).expect("hey body");
        PeerInputs {
            curl_config,
            hey_body,
            hey_url: bench.receiver.url(&Bench::hook_path(0)),
            n,
        }
    }

    pub fn curl(&self) -> Command {
        let mut cmd = Command::new("curl");
        // `-q` first: no ~/.curlrc. In parallel mode `--silent` alone
        // still draws a progress meter.
        cmd.env_clear()
            .args(["-q", "--silent", "--show-error", "--no-progress-meter"])
            .args(["--parallel", "--parallel-max"])
            .arg(CONCURRENCY.to_string())
            .arg("--config")
            .arg(&self.curl_config);
        cmd
    }

    pub fn hey(&self) -> Command {
        let mut cmd = Command::new("hey");
        cmd.env_clear()
            .args(["-n", &self.n.to_string(), "-c", &CONCURRENCY.to_string()])
            .args(["-m", "POST", "-T", "application/json"]);
        for (name, value) in signature_headers(0) {
            cmd.arg("-H").arg(format!("{name}: {value}"));
        }
        // hey sends the Host header, port and all, as its TLS server name,
        // which the receiver refuses as no DNS name; `localhost` is one, and
        // the receiver's certificate names it.
        cmd.args(["-host", "localhost"]);
        cmd.arg("-D").arg(&self.hey_body).arg(&self.hey_url);
        cmd
    }

    /// How many requests hey sends for N: each of its workers sends
    /// N / concurrency, rounded down.
    pub fn hey_requests(&self) -> usize {
        self.n / CONCURRENCY * CONCURRENCY
    }
}

/// One transfer per delivery, each with its own URL, body and headers, as
/// `fire` would send them.
fn curl_config_text(bench: &Bench, n: usize, body: &str) -> String {
    let ca = quoted(&bench.receiver.ca_path().display().to_string());
    let body = quoted(body);
    let mut text = String::with_capacity(n * (body.len() + 400));
    for i in 0..n {
        if i > 0 {
            text.push_str("next\n");
        }
        text.push_str(&format!(
            "url = {}\n",
            quoted(&bench.receiver.url(&Bench::hook_path(i)))
        ));
        text.push_str(&format!("data-binary = {body}\n"));
        text.push_str("header = \"content-type: application/json\"\n");
        for (name, value) in signature_headers(i) {
            text.push_str(&format!("header = \"{name}: {value}\"\n"));
        }
        text.push_str(&format!("cacert = {ca}\noutput = \"/dev/null\"\n"));
    }
    text
}

/// The three Standard Webhooks headers, with values of the lengths `fire`
/// sends (the receiver does not check them).
fn signature_headers(i: usize) -> [(&'static str, String); 3] {
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let digest =
        base64::engine::general_purpose::STANDARD.encode((i as u64).to_le_bytes().repeat(4));
    [
        ("webhook-id", format!("msg_{i:032x}")),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", format!("v1,{digest}")),
    ]
}

/// A curl config value: in double quotes, with `\` and `"` escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The first line a command prints: a peer's version, for the table.
pub fn first_line(mut cmd: Command) -> String {
    cmd.output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_default()
}
