//! `listen` under load and under attack: 500 concurrent deliveries over TLS
//! all answered and recorded in little memory; and a slowloris client, a
//! 100 MiB body, 10,000 headers and garbage, each refused or timed out while
//! the listener goes on serving and the store stays sound.

use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;

use crate::support::json::{ReceivedRequest, RequestsDoc, RunDoc};
use crate::support::listener::*;
use crate::support::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const UPLOAD: &str = r#"{"event":"Upload","apiKey":"bold-sky-1234","entryIds":["a1b2c3d4-5678-90ab-cdef-1234567890ab"],"metadataKeys":[],"metadataValues":[],"statuses":[],"versionIds":[]}"#;
/// 64 MiB, in the KiB that /proc reports.
const RSS_LIMIT_KIB: u64 = 64 * 1024;

fn received(w: &World) -> Vec<ReceivedRequest> {
    w.cmd()
        .args(["--json", "received", "--limit", "10000"])
        .expect(exit::OK)
        .json::<RequestsDoc>()
        .requests
}

fn integrity(w: &World) -> String {
    let conn = rusqlite::Connection::open(&w.db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A genuine Upload still gets its 204.
fn still_serves(listener: &mut Listener) {
    let headers = signed(SECRET, "msg_still", now_seconds(), UPLOAD.as_bytes());
    let (status, why) = post(&listener.addr(), "/hooks", &headers, UPLOAD.as_bytes());
    assert_eq!(status, 204, "{why}");
    assert!(listener.next_request().valid);
}

#[test]
fn five_hundred_concurrent_deliveries_are_all_answered_and_recorded_in_little_memory() {
    const N: usize = 500;
    let w = World::new();
    let mut listener = Listener::start(&w, &["--tls", "--secret", SECRET]);
    let doc = json!({
        "version": 1,
        "apiKey": KEY,
        "webhooks": (0..N).map(|i| json!({
            "name": format!("hook-{i:03}"),
            "apiKey": KEY,
            "url": listener.url(&format!("/h/{i}")),
            "triggers": ["Upload"],
            "secret": SECRET,
        })).collect::<Vec<_>>(),
    });
    let file = w.dir.path().join("hooks.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    w.dev_cmd().arg("import").arg(&file).expect(exit::OK);

    // The tool's own timeout of 30 s: 500 handshakes at once on a small
    // machine take a while.
    let flags = listener.sending().concurrency(N).retries(0).timeout("30s");
    let fired = w
        .fire_with(flags, &["Upload", "--entry", ENTRY_A])
        .arg("--json")
        .expect(exit::OK);
    assert_eq!(fired.json::<RunDoc>().summary.succeeded, N);
    let requests = listener.requests(N);
    assert!(requests.iter().all(|r| r.valid && r.status == Some(204)));
    let peak = listener.peak_rss_kib();
    assert!(peak < RSS_LIMIT_KIB, "peak RSS {peak} KiB is over 64 MiB");

    let ended = listener.stop(libc::SIGINT);
    assert_eq!(ended.summary().received, N);
    let recorded = received(&w);
    assert_eq!(recorded.len(), N);
    let mut paths: Vec<&str> = recorded.iter().map(|r| r.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), N, "one request for each webhook");
}

/// A slowloris client: a request head a few bytes at a time, never ending.
/// Returns once the listener has closed the connection.
fn slowloris(addr: String) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut tcp = TcpStream::connect(&addr).unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_millis(100)))
            .unwrap();
        let started = std::time::Instant::now();
        let _ = tcp.write_all(b"POST /hooks HTTP/1.1\r\nhost: x\r\n");
        for i in 0.. {
            assert!(
                started.elapsed() < PATIENCE,
                "a slowloris client was never cut off"
            );
            if tcp
                .write_all(format!("x-slow-{i}: y\r\n").as_bytes())
                .is_err()
            {
                return;
            }
            let mut byte = [0u8; 1];
            match tcp.read(&mut byte) {
                // Closed (or reset): cut off.
                Ok(0) | Err(_) if !would_block(&tcp) => return,
                _ => {}
            }
        }
    })
}

fn would_block(tcp: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(tcp.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}

/// Sends `raw` from another thread while this one reads the answer, so that
/// a listener that answers before reading everything is heard.
fn send_while_reading(addr: &str, raw: Vec<u8>) -> (u16, String) {
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = tcp.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&raw);
    });
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer);
    drop(tcp);
    let _ = sending.join();
    parse_answer(&answer)
}

#[test]
fn hostile_clients_are_refused_or_timed_out_while_others_are_served() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--secret", SECRET, "--read-timeout", "1s"]);
    let addr = listener.addr();
    still_serves(&mut listener);

    let slow = slowloris(addr.clone());
    still_serves(&mut listener);
    slow.join().expect("the slowloris client was cut off");

    // A body that never comes is answered 408 once the read timeout passes.
    let (status, why) = parse_answer(&exchange(
        &addr,
        b"POST /hooks HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{",
    ));
    assert_eq!(status, 408, "{why}");
    assert_eq!(listener.next_request().status, Some(408));

    // 100 MiB declared: refused before a byte of it is read.
    let head = "POST /hooks HTTP/1.1\r\nhost: x\r\ncontent-length: 104857600\r\n\r\n";
    let (status, why) = parse_answer(&exchange(&addr, head.as_bytes()));
    assert_eq!(status, 413, "{why}");
    let refused = listener.next_request();
    assert_eq!((refused.status, refused.payload.valid), (Some(413), false));
    // 100 MiB sent chunked, without a length: cut off after the limit.
    let mut chunked =
        b"POST /hooks HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    let chunk = [b'x'; 64 * 1024];
    for _ in 0..1600 {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(&chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    let (status, _) = send_while_reading(&addr, chunked);
    assert!(
        matches!(status, 413 | 0),
        "a 100 MiB chunked body got {status}"
    );
    assert_eq!(listener.next_request().status, Some(413));
    assert!(
        listener.peak_rss_kib() < RSS_LIMIT_KIB,
        "a big body was held in memory"
    );

    let mut headers = String::from("POST /hooks HTTP/1.1\r\nhost: x\r\n");
    for i in 0..10_000 {
        headers.push_str(&format!("x-header-{i}: value\r\n"));
    }
    headers.push_str("content-length: 2\r\n\r\n{}");
    let (status, _) = send_while_reading(&addr, headers.into_bytes());
    assert!(matches!(status, 431 | 0), "10,000 headers got {status}");

    let (status, _) = parse_answer(&exchange(
        &addr,
        b"\x16\x03\x01\x02\x00GARBAGE\r\n\r\n\xff\xfe",
    ));
    assert!(matches!(status, 400 | 0), "garbage got {status}");

    still_serves(&mut listener);
    let ended = listener.stop(libc::SIGINT);
    assert_eq!(ended.code(), Some(exit::OK), "{}", ended.stderr);
    assert_eq!(ended.summary().received, 6);
    let statuses: Vec<Option<u16>> = received(&w).iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [204, 413, 413, 408, 204, 204].map(Some),
        "newest first"
    );
    assert_eq!(integrity(&w), "ok");
}

#[test]
fn a_tls_listener_drops_clients_that_do_not_speak_tls() {
    let w = World::new();
    let mut listener = Listener::start(&w, &["--tls", "--read-timeout", "1s"]);
    let addr = listener.addr();
    let answer = exchange(
        &addr,
        format!(
            "POST /hooks HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n{UPLOAD}",
            UPLOAD.len()
        )
        .as_bytes(),
    );
    assert!(
        !String::from_utf8_lossy(&answer).contains("204"),
        "plain HTTP got an answer"
    );
    // A client that opens a connection and says nothing is dropped too.
    let mut idle = TcpStream::connect(&addr).unwrap();
    idle.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut buf = [0u8; 16];
    assert!(matches!(idle.read(&mut buf), Ok(0) | Err(_)));
    w.add_hook("local", KEY, &listener.url("/hooks"), &["Upload"]);
    w.fire_with(listener.sending(), &["Upload", "--entry", ENTRY_A])
        .expect(exit::OK);
    assert_eq!(listener.next_request().status, Some(204));
}
