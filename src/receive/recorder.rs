//! Recording received requests: one thread owns a store connection and
//! writes whatever requests are waiting in one transaction, so that a burst
//! of requests costs a few commits, not one each. A request is answered only
//! once its row is committed, so that no answered request can be missing.

use tokio::sync::{mpsc, oneshot};

use crate::error::{Error, Result};
use crate::store::{Listen, ReceivedRequest, Store};

/// Most requests written in one transaction.
const BATCH: usize = 256;
/// Requests waiting to be written before handlers wait for room.
const QUEUE: usize = 1024;

type Reply = oneshot::Sender<Result<i64, String>>;

#[derive(Clone)]
pub struct Recorder {
    queue: mpsc::Sender<(ReceivedRequest, Reply)>,
}

/// Starts the writer thread; it ends once every `Recorder` is dropped and
/// the requests still queued are written.
pub fn start(store: Store, listen: Listen) -> Result<(Recorder, std::thread::JoinHandle<()>)> {
    let (queue, waiting) = mpsc::channel(QUEUE);
    let thread = std::thread::Builder::new()
        .name("received-log".into())
        .spawn(move || write_all(&store, &listen, waiting))
        .map_err(|e| Error::Internal(format!("cannot start the recording thread: {e}")))?;
    Ok((Recorder { queue }, thread))
}

impl Recorder {
    /// Records `request` once it is committed; its id, or why it could not
    /// be recorded.
    pub async fn record(&self, request: ReceivedRequest) -> Result<i64, String> {
        let (reply, answer) = oneshot::channel();
        let stopped = || "the recording thread has stopped".to_string();
        self.queue
            .send((request, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn write_all(
    store: &Store,
    listen: &Listen,
    mut waiting: mpsc::Receiver<(ReceivedRequest, Reply)>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(first) = waiting.blocking_recv() {
        batch.push(first);
        while batch.len() < BATCH {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let (requests, replies): (Vec<ReceivedRequest>, Vec<Reply>) = batch.drain(..).unzip();
        let written = store.record_received(listen, &requests);
        for (i, reply) in replies.into_iter().enumerate() {
            let id = match &written {
                Ok(ids) => Ok(ids[i]),
                Err(e) => Err(e.to_string()),
            };
            let _ = reply.send(id);
        }
    }
}
