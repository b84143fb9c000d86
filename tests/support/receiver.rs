//! A real HTTPS webhook receiver for tests and benchmarks: hyper over rustls on
//! 127.0.0.1 and an ephemeral port, with a certificate issued by a throwaway CA
//! (rcgen) that the tool trusts through `--ca-cert`. It records every request
//! and answers as scripted, per path. `Receiver::start_plain` serves plain
//! HTTP instead, as a developer's local receiver does.

#![allow(dead_code)]

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::HeaderMap;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// How the receiver answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    Status(u16),
    /// A status with extra response headers, e.g. `Retry-After` or `Location`.
    WithHeaders(u16, Vec<(&'static str, String)>),
    /// A status with a body.
    Body(u16, Vec<u8>),
    /// Never answer.
    Hang,
    /// A status after a pause: a slow receiver, so that a run stays in flight.
    Delayed(Duration, u16),
    /// A status and a body that never ends: a client that reads the whole
    /// body never finishes, one that stops at a cap does.
    Endless(u16),
}

/// One request as the receiver saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    /// Replies queued per path; the last one of a queue repeats.
    scripts: HashMap<String, VecDeque<Reply>>,
    record: bool,
}

pub struct Receiver {
    addr: SocketAddr,
    /// The CA's PEM file; `None` for a plain-HTTP receiver.
    ca_path: Option<PathBuf>,
    state: Arc<Mutex<State>>,
    count: Arc<AtomicUsize>,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Receiver {
    /// Starts a receiver that records every request and answers 200 unless
    /// scripted otherwise.
    pub fn start() -> Receiver {
        Receiver::start_with(true, true)
    }

    /// Like `start`, over plain HTTP (no TLS): `http://127.0.0.1:PORT/`.
    pub fn start_plain() -> Receiver {
        Receiver::start_with(true, false)
    }

    /// Starts a receiver that only counts requests (for benchmarks, where
    /// keeping thousands of bodies would measure the receiver, not the tool).
    pub fn start_counting() -> Receiver {
        Receiver::start_with(false, true)
    }

    fn start_with(record: bool, tls: bool) -> Receiver {
        let dir = tempfile::tempdir().expect("temp dir");
        let (ca_path, acceptor) = if tls {
            let (ca_pem, server_config) = tls_identity();
            let ca_path = dir.path().join("ca.pem");
            std::fs::write(&ca_path, ca_pem).expect("write CA");
            (
                Some(ca_path),
                Some(TlsAcceptor::from(Arc::new(server_config))),
            )
        } else {
            (None, None)
        };
        let state = Arc::new(Mutex::new(State {
            record,
            ..State::default()
        }));
        let count = Arc::new(AtomicUsize::new(0));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (st, ct) = (state.clone(), count.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("receiver runtime");
            rt.block_on(serve(listener, acceptor, st, ct, rx));
            rt.shutdown_background();
        });
        Receiver {
            addr,
            ca_path,
            state,
            count,
            _dir: dir,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// `https://127.0.0.1:PORT/<path>` (`http://` for a plain receiver).
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.ca_path.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The PEM file of the CA that issued the receiver's certificate.
    pub fn ca_path(&self) -> &Path {
        self.ca_path
            .as_deref()
            .expect("a plain-HTTP receiver has no CA")
    }

    /// Queues replies for requests to `path`; the last one repeats.
    pub fn script(&self, path: &str, replies: impl IntoIterator<Item = Reply>) {
        let path = format!("/{}", path.trim_start_matches('/'));
        self.state
            .lock()
            .unwrap()
            .scripts
            .insert(path, replies.into_iter().collect());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        let path = format!("/{}", path.trim_start_matches('/'));
        self.requests()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }

    /// Requests received, recorded or not.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    acceptor: Option<TlsAcceptor>,
    state: Arc<Mutex<State>>,
    count: Arc<AtomicUsize>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
    loop {
        let (tcp, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => continue,
            },
            _ = &mut shutdown => return,
        };
        let _ = tcp.set_nodelay(true);
        let (acceptor, state, count) = (acceptor.clone(), state.clone(), count.clone());
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(req, state.clone(), count.clone()));
            let http = http1::Builder::new();
            let _ = match acceptor {
                Some(acceptor) => {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    http.serve_connection(TokioIo::new(tls), service).await
                }
                None => http.serve_connection(TokioIo::new(tcp), service).await,
            };
        });
    }
}

async fn handle(
    req: Request<Incoming>,
    state: Arc<Mutex<State>>,
    count: Arc<AtomicUsize>,
) -> Result<Response<BoxBody<Bytes, Infallible>>, hyper::Error> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await?.to_bytes();
    count.fetch_add(1, Ordering::SeqCst);
    let path = parts.uri.path().to_string();
    let reply = {
        let mut st = state.lock().unwrap();
        if st.record {
            st.requests.push(Recorded {
                method: parts.method.to_string(),
                path: path.clone(),
                headers: parts.headers.clone(),
                body: body.to_vec(),
                at: Instant::now(),
            });
        }
        match st.scripts.get_mut(&path) {
            Some(queue) if queue.len() > 1 => queue.pop_front().unwrap(),
            Some(queue) if queue.len() == 1 => queue[0].clone(),
            _ => Reply::Status(200),
        }
    };
    let full = |b: Vec<u8>| Full::new(Bytes::from(b)).boxed();
    let (status, headers, body) = match reply {
        Reply::Status(s) => (s, Vec::new(), full(Vec::new())),
        Reply::WithHeaders(s, h) => (s, h, full(Vec::new())),
        Reply::Body(s, b) => (s, Vec::new(), full(b)),
        Reply::Endless(s) => (s, Vec::new(), EndlessBody.boxed()),
        Reply::Delayed(wait, s) => {
            tokio::time::sleep(wait).await;
            (s, Vec::new(), full(Vec::new()))
        }
        Reply::Hang => {
            std::future::pending::<()>().await;
            unreachable!()
        }
    };
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(name, value);
    }
    Ok(response.body(body).unwrap())
}

/// 16 KiB of `x` after 16 KiB of `x`, for as long as the client reads.
struct EndlessBody;

impl Body for EndlessBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        static CHUNK: [u8; 16 * 1024] = [b'x'; 16 * 1024];
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&CHUNK)))))
    }
}

/// A throwaway CA, and a server configuration with a certificate it issued
/// for 127.0.0.1 and localhost.
fn tls_identity() -> (String, rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "echo3d-hooks test CA");
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let leaf_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key)
        .unwrap();
    (ca_cert.pem(), config)
}
