//! `listen` as the tests drive it: the real binary on 127.0.0.1 and an
//! ephemeral port, its JSON Lines read as they come, each through its typed
//! mirror (`json::ListenLine`); a raw HTTP client for
//! requests no well-behaved sender would make; and a developer's app that
//! verifies what reaches it with the `standardwebhooks` crate.

#![allow(dead_code)]

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Request, Response};
use hyper_util::rt::TokioIo;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::json::{ErrorJson, ListenLine, ListenSummary, Listening, ReceivedRequest};
use super::{Sending, World};

/// How long a test waits for something the listener must do before it
/// fails instead of hanging the suite. Never asserted on.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Listener {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: PathBuf,
    /// What the first line said.
    pub listening: Listening,
}

/// How a listener ended.
pub struct Ended {
    pub status: ExitStatus,
    /// The JSON Lines it printed after the ones the test read.
    pub lines: Vec<ListenLine>,
    pub stderr: String,
}

impl Ended {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// The `summary` line.
    #[track_caller]
    pub fn summary(&self) -> ListenSummary {
        self.last(|line| match line {
            ListenLine::Summary(summary) => Some(*summary),
            _ => None,
        })
    }

    /// The `error` line, which follows the summary when the exit code is
    /// not 0.
    #[track_caller]
    pub fn error(&self) -> ErrorJson {
        self.last(|line| match line {
            ListenLine::Error(error) => Some(error.clone()),
            _ => None,
        })
    }

    /// The last request among the lines the test did not read.
    #[track_caller]
    pub fn last_request(&self) -> ReceivedRequest {
        self.last(|line| match line {
            ListenLine::Request(request) => Some(request.clone()),
            _ => None,
        })
    }

    #[track_caller]
    fn last<T>(&self, pick: impl Fn(&ListenLine) -> Option<T>) -> T {
        self.lines
            .iter()
            .rev()
            .find_map(pick)
            .unwrap_or_else(|| panic!("no such line in {:#?}\n{}", self.lines, self.stderr))
    }
}

impl Listener {
    /// `echo3d-hooks --db <store> --json listen --port 0 ARGS`, once it has
    /// said where it listens.
    pub fn start(w: &World, args: &[&str]) -> Listener {
        let stderr = w.dir.path().join(format!("listen-{}.stderr", rand_tag()));
        let mut child = w
            .process()
            .args(["--json", "listen", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = next_line(&lines, &stderr, &mut child);
        let ListenLine::Listening(listening) = first else {
            panic!("the first line is not `listening`: {first:?}");
        };
        Listener {
            child,
            lines,
            stderr,
            listening,
        }
    }

    pub fn port(&self) -> u16 {
        self.listening.port
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port())
    }

    /// The listening URL with `path` instead of its own.
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.listening.tls { "https" } else { "http" };
        format!(
            "{scheme}://{}/{}",
            self.addr(),
            path.trim_start_matches('/')
        )
    }

    pub fn ca_path(&self) -> String {
        self.listening
            .ca_path
            .clone()
            .expect("a listener with the local CA")
    }

    /// The sending flags (`support::Sending`) for a sender that trusts this
    /// listener's local CA.
    pub fn sending(&self) -> Sending {
        Sending::trusting(self.ca_path())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next JSON line on stdout.
    pub fn next_line(&mut self) -> ListenLine {
        next_line(&self.lines, &self.stderr, &mut self.child)
    }

    /// The next `request` line's request.
    pub fn next_request(&mut self) -> ReceivedRequest {
        loop {
            if let ListenLine::Request(request) = self.next_line() {
                return request;
            }
        }
    }

    pub fn requests(&mut self, n: usize) -> Vec<ReceivedRequest> {
        (0..n).map(|_| self.next_request()).collect()
    }

    /// The most memory the process has used (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let line = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .expect("VmHWM in /proc/PID/status");
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Sends `signal` (SIGINT, SIGTERM) and waits for the end.
    pub fn stop(self, signal: i32) -> Ended {
        // SAFETY: kill(2) on the pid of a child this test started.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        self.wait()
    }

    /// Waits for the process to end by itself (`--once`).
    pub fn wait(mut self) -> Ended {
        let deadline = std::time::Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "listen did not end; stderr:\n{}",
                    std::fs::read_to_string(&self.stderr).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut lines = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(PATIENCE) {
            lines.push(parse_line(&line));
        }
        Ended {
            status,
            lines,
            stderr: std::fs::read_to_string(&self.stderr).unwrap_or_default(),
        }
    }
}

/// The next line from the reader thread, typed; if none comes in time, the
/// process is killed and the test fails with what it said on stderr.
fn next_line(lines: &mpsc::Receiver<String>, stderr: &Path, child: &mut Child) -> ListenLine {
    match lines.recv_timeout(PATIENCE) {
        Ok(line) => parse_line(&line),
        Err(_) => {
            let _ = child.kill();
            panic!(
                "listen printed no line; stderr:\n{}",
                std::fs::read_to_string(stderr).unwrap_or_default()
            )
        }
    }
}

#[track_caller]
fn parse_line(line: &str) -> ListenLine {
    serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("a stdout line is not a `listen` JSON Line ({e}): {line}"))
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn rand_tag() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The three Standard Webhooks headers of `body`, made by the reference
/// implementation.
pub fn signed(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Vec<(&'static str, String)> {
    let signature = standardwebhooks::Webhook::new(secret)
        .unwrap()
        .sign(id, timestamp, body)
        .unwrap();
    vec![
        ("content-type", "application/json".to_string()),
        ("webhook-id", id.to_string()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ]
}

pub fn now_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// POSTs over plain HTTP/1.1 and returns the status and the body.
pub fn post(addr: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> (u16, String) {
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut raw = head.into_bytes();
    raw.extend_from_slice(body);
    let answer = exchange(addr, &raw);
    parse_answer(&answer)
}

/// Writes `raw` to a new connection and reads until the server closes it.
pub fn exchange(addr: &str, raw: &[u8]) -> Vec<u8> {
    let mut tcp = TcpStream::connect(addr).expect("connect to the listener");
    tcp.set_read_timeout(Some(PATIENCE)).unwrap();
    tcp.write_all(raw).expect("write the request");
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer);
    answer
}

/// The status and body of an HTTP/1.1 answer (`(0, "")` for none).
pub fn parse_answer(answer: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// What reached the app.
#[derive(Clone, Debug)]
pub struct AppRequest {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Whether the reference implementation verified it with the app's secret.
    pub verified: bool,
}

impl AppRequest {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

/// A developer's app over plain HTTP on 127.0.0.1: it verifies each request
/// with `standardwebhooks` and answers `ok_status` when the signature holds,
/// 401 when it does not.
pub struct App {
    pub addr: std::net::SocketAddr,
    pub received: Arc<Mutex<Vec<AppRequest>>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl App {
    pub fn start(secret: &str, ok_status: u16) -> App {
        let verifier = Arc::new(standardwebhooks::Webhook::new(secret).unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
        let seen = received.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let tcp = tokio::select! {
                        accepted = listener.accept() => accepted.unwrap().0,
                        _ = &mut rx => return,
                    };
                    let (verifier, seen) = (verifier.clone(), seen.clone());
                    tokio::spawn(async move {
                        let service = service_fn(move |req: Request<Incoming>| {
                            let (verifier, seen) = (verifier.clone(), seen.clone());
                            async move {
                                let (parts, body) = req.into_parts();
                                let body = body.collect().await?.to_bytes().to_vec();
                                let verified = verifier.verify(&body, &parts.headers).is_ok();
                                seen.lock().unwrap().push(AppRequest {
                                    headers: parts.headers,
                                    body,
                                    verified,
                                });
                                let status = if verified { ok_status } else { 401 };
                                let mut reply = Response::new(Full::new(Bytes::new()));
                                *reply.status_mut() = status.try_into().unwrap();
                                Ok::<_, hyper::Error>(reply)
                            }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(tcp), service)
                            .await;
                    });
                }
            });
        });
        App {
            addr,
            received,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    pub fn requests(&self) -> Vec<AppRequest> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
