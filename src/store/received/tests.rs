//! Recording, reading and pruning received requests.

use super::*;

fn request(event: Option<Trigger>, signature: SignatureState, body: &[u8]) -> ReceivedRequest {
    ReceivedRequest {
        received_at: 1_000,
        method: "POST".into(),
        path: "/hooks".into(),
        headers: "content-type: application/json\n".into(),
        message_id: Some("msg_0192a3b4c5d6e7f8091a2b3c00000007".into()),
        event,
        body: Bytes::copy_from_slice(body),
        body_size: body.len(),
        signature,
        signature_detail: None,
        payload_errors: Vec::new(),
        answer: Answer::Status(204),
        forward: None,
        duration_ms: 1,
    }
}

#[test]
fn requests_read_back_as_recorded_with_bodies_capped() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    let listen = store.start_listen("http://127.0.0.1:1/", None).unwrap();
    let big = vec![b'x'; BODY_KEPT + 10];
    let mut hung = request(None, SignatureState::Mismatch, &big);
    hung.answer = Answer::Hang;
    hung.message_id = Some("custom".into());
    hung.payload_errors = vec!["a".into(), "b".into()];
    hung.forward = Some(Forwarded {
        status: None,
        error: Some("refused".into()),
        duration_ms: 3,
    });
    let batch = [
        request(Some(Trigger::Delete), SignatureState::Valid, b"{}"),
        hung,
    ];
    let ids = store.record_received(&listen, &batch).unwrap();
    let first = store.get_received(ids[0]).unwrap().request;
    assert_eq!(first.event, Some(Trigger::Delete));
    assert_eq!(
        first.message_id.as_deref(),
        Some("msg_0192a3b4c5d6e7f8091a2b3c00000007")
    );
    assert!(first.valid() && first.body_complete());
    let second = store.get_received(ids[1]).unwrap().request;
    assert_eq!(second.body.len(), BODY_KEPT);
    assert_eq!(second.body_size, BODY_KEPT + 10);
    assert!(!second.body_complete() && !second.valid());
    assert_eq!(second.answer, Answer::Hang);
    assert_eq!(second.payload_errors, ["a", "b"]);
    assert_eq!(second.forward, batch[1].forward);
    assert_eq!(second.message_id.as_deref(), Some("custom"));

    let filter = ReceivedFilter {
        invalid: true,
        ..ReceivedFilter::default()
    };
    let invalid: Vec<i64> = store.list(&filter).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(invalid, [ids[1]]);
    let later = crate::clock::now_ms() + 1_000;
    assert_eq!(store.prune_received(later).unwrap(), 2);
    assert!(store.get_received(ids[0]).is_err());
    // The run's row went with its requests; recording re-creates it.
    store.record_received(&listen, &batch[..1]).unwrap();
}
