//! The local server: the socket, TLS, one hyper connection per client with
//! its limits, and stopping: on Ctrl-C, SIGTERM, a deadline or the caller's
//! word it stops accepting, lets requests in flight finish within a grace
//! period, and reports every request that was answered.

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio_rustls::TlsAcceptor;
use tokio_util::either::Either;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::handler::{self, Handling, Report, Shared};
use super::recorder;
use crate::error::{Error, Result};
use crate::runtime::{self, Signals};
use crate::store::Store;

/// How long requests in flight may still finish once the listener stops.
pub const STOP_GRACE: Duration = Duration::from_secs(5);
/// Most connections served at once; more wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 1024;
const BACKLOG: u32 = 1024;
/// Largest request head (request line and headers).
const MAX_HEAD_BYTES: usize = 64 * 1024;

pub struct ListenConfig {
    pub bind: IpAddr,
    /// 0 for any free port.
    pub port: u16,
    pub tls: Option<rustls::ServerConfig>,
    pub handling: Handling,
    /// Where requests are recorded; `None` with `--no-record`.
    pub store: Option<Store>,
    /// Where requests are forwarded, as the store records it.
    pub forward_to: Option<String>,
}

/// Where the listener is, once it is.
#[derive(Clone, Debug)]
pub struct Listening {
    pub addr: SocketAddr,
    /// What a sender posts to: loopback for a listener on every interface.
    pub url: String,
}

/// What the caller wants after a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    Continue,
    Stop,
}

pub enum ListenEvent<'a> {
    Listening(&'a Listening),
    Report(&'a Report),
    /// The listener stopped accepting, for this reason.
    Stopping(Stopped),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    Signal,
    Caller,
    Deadline,
}

/// Serves until a signal, `deadline`, or the caller's `Next::Stop`, calling
/// `on_event` on this thread for everything that happens.
pub fn listen(
    config: ListenConfig,
    deadline: Option<Duration>,
    on_event: &mut dyn FnMut(ListenEvent<'_>) -> Next,
) -> Result<Stopped> {
    let runtime = runtime::multi_thread(2)?;
    let (stopped, writer) = runtime.block_on(serve(config, deadline, on_event))?;
    // Connections still open after the grace period are dropped here; with
    // them go the last senders of the recording queue.
    runtime.shutdown_timeout(Duration::from_secs(1));
    if let Some(writer) = writer {
        writer
            .join()
            .map_err(|_| Error::Internal("the recording thread panicked".into()))?;
    }
    Ok(stopped)
}

/// Serves until stopped; returns why, and the recording thread, which ends
/// once every connection is gone.
async fn serve(
    config: ListenConfig,
    deadline: Option<Duration>,
    on_event: &mut dyn FnMut(ListenEvent<'_>) -> Next,
) -> Result<(Stopped, Option<std::thread::JoinHandle<()>>)> {
    let mut signals = Signals::install()?;
    let listener = bind(SocketAddr::new(config.bind, config.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Internal(format!("cannot read the listening address: {e}")))?;
    let listening = Listening {
        addr,
        url: url_of(addr, config.tls.is_some(), config.handling.path.as_deref()),
    };
    let (recorder, writer) = match config.store {
        Some(store) => {
            let listen = store.start_listen(&listening.url, config.forward_to.as_deref())?;
            let (recorder, writer) = recorder::start(store, listen)?;
            (Some(recorder), Some(writer))
        }
        None => (None, None),
    };
    let (reports_tx, mut reports) = mpsc::unbounded_channel();
    let stop = CancellationToken::new();
    let shared = Arc::new(Shared {
        handling: config.handling,
        recorder,
        reports: reports_tx,
        release_held: stop.clone(),
    });
    let acceptor = config.tls.map(|tls| TlsAcceptor::from(Arc::new(tls)));
    let connections = TaskTracker::new();
    let mut caller_stops = on_event(ListenEvent::Listening(&listening)) == Next::Stop;
    let accepting = accept_all(
        listener,
        acceptor,
        shared.clone(),
        connections.clone(),
        stop.clone(),
    );
    let accepting = tokio::spawn(accepting);
    let timeout = async {
        match deadline {
            Some(d) => tokio::time::sleep(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(timeout);
    let stopped = loop {
        if caller_stops {
            break Stopped::Caller;
        }
        tokio::select! {
            Some(report) = reports.recv() => {
                caller_stops = on_event(ListenEvent::Report(&report)) == Next::Stop;
            }
            () = signals.next() => break Stopped::Signal,
            () = &mut timeout => break Stopped::Deadline,
        }
    };
    on_event(ListenEvent::Stopping(stopped));
    stop.cancel();
    let _ = accepting.await;
    drop(shared);
    wind_down(connections, &mut reports, &mut signals, on_event).await;
    Ok((stopped, writer))
}

/// Lets the connections finish what they are doing, for the grace period
/// at most (or until another signal), reporting the requests they answer.
async fn wind_down(
    connections: TaskTracker,
    reports: &mut mpsc::UnboundedReceiver<Report>,
    signals: &mut Signals,
    on_event: &mut dyn FnMut(ListenEvent<'_>) -> Next,
) {
    connections.close();
    let grace = tokio::time::sleep(STOP_GRACE);
    tokio::pin!(grace);
    loop {
        tokio::select! {
            Some(report) = reports.recv() => { on_event(ListenEvent::Report(&report)); }
            () = connections.wait() => break,
            () = &mut grace => break,
            () = signals.next() => break,
        }
    }
    // Whatever was reported before the last connection ended.
    while let Ok(report) = reports.try_recv() {
        on_event(ListenEvent::Report(&report));
    }
}

async fn accept_all(
    listener: TcpListener,
    acceptor: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    connections: TaskTracker,
    stop: CancellationToken,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = stop.cancelled() => return,
        };
        let Ok(slot) = slot else { return };
        let tcp = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                // Out of file descriptors, or a client gone before its
                // accept: keep serving the others.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = stop.cancelled() => return,
        };
        let connection = serve_connection(tcp, acceptor.clone(), shared.clone(), stop.clone());
        connections.spawn(async move {
            connection.await;
            drop(slot);
        });
    }
}

async fn serve_connection(
    tcp: TcpStream,
    acceptor: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    stop: CancellationToken,
) {
    let _ = tcp.set_nodelay(true);
    let read_timeout = shared.handling.read_timeout;
    let io = match acceptor {
        // A client that never finishes its handshake is dropped like one
        // that never finishes its headers.
        Some(acceptor) => {
            let peer = tcp.peer_addr().map(|a| a.to_string()).unwrap_or_default();
            match tokio::time::timeout(read_timeout, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => Either::Right(tls),
                Ok(Err(e)) => {
                    if let Some(alert) = certificate_alert(&e) {
                        let _ = shared
                            .reports
                            .send(Report::CertificateRefused { peer, alert });
                    }
                    return;
                }
                Err(_) => return,
            }
        }
        None => Either::Left(tcp),
    };
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .max_header_size(MAX_HEAD_BYTES)
        .keep_alive(true);
    let service = service_fn(move |req| handler::handle(req, shared.clone()));
    let conn = http.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = stop.cancelled() => {}
    }
    // The request in flight may finish; then the connection closes.
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// The alert of a client that refused the listener's certificate; other
/// failed handshakes (a client that does not speak TLS, one gone early)
/// are dropped quietly.
fn certificate_alert(e: &std::io::Error) -> Option<String> {
    use rustls::AlertDescription as A;
    let tls = e.get_ref()?.downcast_ref::<rustls::Error>()?;
    match tls {
        rustls::Error::AlertReceived(
            alert @ (A::UnknownCA
            | A::BadCertificate
            | A::CertificateUnknown
            | A::CertificateExpired
            | A::UnsupportedCertificate),
        ) => Some(format!("{alert:?}")),
        _ => None,
    }
}

fn bind(addr: SocketAddr) -> Result<TcpListener> {
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4(),
        SocketAddr::V6(_) => TcpSocket::new_v6(),
    }
    .map_err(|e| Error::Internal(format!("cannot open a socket: {e}")))?;
    // As std's listeners do: a port whose last connections are in
    // TIME_WAIT can be listened on again at once.
    let _ = socket.set_reuseaddr(true);
    socket
        .bind(addr)
        .and_then(|()| socket.listen(BACKLOG))
        .map_err(|e| bind_error(addr, &e))
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::AddrInUse => Error::invalid(format!(
            "port {} on {} is already in use by another program; choose another with \
             --port N, or --port 0 for any free port",
            addr.port(),
            addr.ip()
        )),
        K::PermissionDenied => Error::invalid(format!(
            "not allowed to listen on port {} ({e}); ports below 1024 need privileges, so \
             choose a higher one with --port N",
            addr.port()
        )),
        K::AddrNotAvailable => Error::invalid(format!(
            "--bind {} is not an address of this machine ({e})",
            addr.ip()
        )),
        _ => Error::invalid(format!("cannot listen on {addr}: {e}")),
    }
}

/// The URL a sender on this machine posts to.
fn url_of(addr: SocketAddr, tls: bool, path: Option<&str>) -> String {
    let scheme = if tls { "https" } else { "http" };
    let host = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(v6) if v6.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    format!("{scheme}://{host}:{}{}", addr.port(), path.unwrap_or("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_where_a_local_sender_posts() {
        let at = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert_eq!(
            url_of(at("127.0.0.1:8787"), false, None),
            "http://127.0.0.1:8787/"
        );
        assert_eq!(
            url_of(at("0.0.0.0:8443"), true, Some("/hooks")),
            "https://127.0.0.1:8443/hooks"
        );
        assert_eq!(url_of(at("[::]:1"), false, None), "http://[::1]:1/");
        assert_eq!(url_of(at("[::1]:1"), false, None), "http://[::1]:1/");
    }
}
