//! The log's migration to its lean form (0003), on a store written the way
//! the schema before it was written: everything `deliveries`, `deliveries
//! show` and `redeliver` read must read the same afterwards.

use rusqlite::{Connection, params};

use super::{APPLICATION_ID, MIGRATIONS, Store};

const OLD_ID: &str = "msg_0192a3b4c5d6e7f8091a2b3c00000007";

/// A store at schema version 2, with a webhook that still exists, one that
/// was deleted and one renamed since, as the tool before the lean log left
/// them: full rows, request headers as JSON.
fn version_2_store(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..2] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO hooks (id, api_key, name, url, secret, created_at, updated_at) VALUES
           ('wh_live', 'k', 'live', 'https://a.example/now', 'whsec_AAAA', 1, 1);
         INSERT INTO hook_triggers VALUES ('k', 'Upload', 'wh_live');",
    )
    .unwrap();
    let deliveries = [
        (
            1,
            OLD_ID,
            Some("wh_live"),
            "live-old-name",
            "https://a.example/now",
            "succeeded",
        ),
        (
            2,
            "custom-id",
            None,
            "gone",
            "https://b.example/x",
            "failed",
        ),
    ];
    for (id, message, hook, name, url, state) in deliveries {
        conn.execute(
            "INSERT INTO deliveries (id, webhook_id, hook_id, hook_name, api_key, url, event, \
             payload, created_at, updated_at, state, attempts, last_status, last_error, \
             duration_ms) VALUES (?1, ?2, ?3, ?4, 'k', ?5, 'Delete', ?6, 1700000000000, 0, ?7, \
             2, 503, 'boom', 42)",
            params![
                id,
                message,
                hook,
                name,
                url,
                b"{\"event\":\"Delete\"}".as_slice(),
                state
            ],
        )
        .unwrap();
        for (number, attempt_url) in [(1, "https://a.example/before"), (2, url)] {
            let headers = format!(
                r#"{{"content-type":"application/json","user-agent":"echo3d-hooks/0.0.9","webhook-id":"{message}","webhook-signature":"v1,sig{number}","webhook-timestamp":"1700000000"}}"#
            );
            conn.execute(
                "INSERT INTO attempts VALUES (?1, ?2, 1700000000123, 7, ?3, ?4, 503, NULL, ?5)",
                params![id, number, attempt_url, headers, b"busy".as_slice()],
            )
            .unwrap();
        }
    }
}

#[test]
fn an_old_log_reads_the_same_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    version_2_store(&path);
    let store = Store::open(&path).unwrap();

    let live = store.get_delivery(1).unwrap();
    assert_eq!(live.message_id, OLD_ID);
    assert_eq!(live.hook_id.as_deref(), Some("wh_live"));
    assert_eq!(live.hook_name, "live-old-name");
    assert_eq!(
        (live.api_key.as_str(), live.url.as_str()),
        ("k", "https://a.example/now")
    );
    assert_eq!((live.event.as_str(), live.attempts), ("Delete", 2));
    assert_eq!(live.payload, b"{\"event\":\"Delete\"}");
    assert_eq!(live.created_at, 1_700_000_000_000);
    assert_eq!(live.state.as_str(), "succeeded");
    assert_eq!(
        (
            live.last_status,
            live.last_error.as_deref(),
            live.duration_ms
        ),
        (Some(503), Some("boom"), 42)
    );

    let gone = store.get_delivery(2).unwrap();
    assert_eq!(gone.message_id, "custom-id");
    assert_eq!((gone.hook_id, gone.hook_name.as_str()), (None, "gone"));
    assert_eq!(gone.state.as_str(), "failed");

    let attempts = store.attempts_of(&live).unwrap();
    let urls: Vec<&str> = attempts.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(urls, ["https://a.example/before", "https://a.example/now"]);
    let headers: serde_json::Value = serde_json::from_str(&attempts[1].request_headers).unwrap();
    assert_eq!(
        headers,
        serde_json::json!({
            "content-type": "application/json",
            "user-agent": "echo3d-hooks/0.0.9",
            "webhook-id": OLD_ID,
            "webhook-signature": "v1,sig2",
            "webhook-timestamp": "1700000000",
        })
    );
    assert_eq!(attempts[0].response_excerpt, b"busy");
    let failed = store
        .unfinished_page(&super::DeliveryFilter::default(), (0, i64::MAX), 10)
        .unwrap();
    assert_eq!(failed.iter().map(|d| d.id).collect::<Vec<_>>(), [2]);
    // A redelivery covers only what was logged when it started.
    assert_eq!(store.last_delivery_id().unwrap(), 2);
    let before = store
        .unfinished_page(&super::DeliveryFilter::default(), (0, 1), 10)
        .unwrap();
    assert!(before.is_empty());
}
