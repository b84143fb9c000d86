//! The webhook queries on a store of 100,000 webhooks, and names per collection.

use super::*;
use crate::store::NewWebhook;

/// Every page of the subscribers, in small pages, checking their order.
fn all_subscribed(store: &Store, key: &str, event: Trigger) -> Vec<Recipient> {
    let all = subscribed_by(store, key, event, i64::MAX);
    let key = ApiKey::parse(key).unwrap();
    assert_eq!(all.len(), store.count_subscribed(&key, event).unwrap());
    all
}

/// Every page of the subscribers created by `created_by_ms`.
fn subscribed_by(store: &Store, key: &str, event: Trigger, created_by_ms: i64) -> Vec<Recipient> {
    let key = ApiKey::parse(key).unwrap();
    let mut all: Vec<Recipient> = Vec::new();
    loop {
        let after = all.last().map(|r| r.id.clone());
        let page = store
            .subscribed_page(&key, event, after.as_deref(), 7, created_by_ms)
            .unwrap();
        if page.is_empty() {
            break;
        }
        all.extend(page);
    }
    assert!(
        all.windows(2).all(|w| w[0].id < w[1].id),
        "pages are in id order"
    );
    all
}

fn new_hook(name: &str, key: &str, triggers: &[Trigger]) -> NewWebhook {
    NewWebhook {
        api_key: ApiKey::parse(key).unwrap(),
        name: name.into(),
        url: "https://hooks.example.com/x".into(),
        description: String::new(),
        triggers: triggers.to_vec(),
        secret: None,
        enabled: true,
    }
}

const BIG_STORE_HOOKS: i64 = 100_000;
const BIG_STORE_COLLECTIONS: i64 = 1_000;

/// Hook `i` of the big store: its collection, whether it is enabled, and
/// its trigger. 9 and 1000 are coprime, so every collection has hooks of
/// every trigger; about one in seven hooks is disabled.
fn big_store_hook(i: i64) -> (i64, bool, Trigger) {
    (
        i % BIG_STORE_COLLECTIONS,
        i % 7 != 0,
        Trigger::ALL[(i % 9) as usize],
    )
}

/// Fills the store with `BIG_STORE_HOOKS` webhooks laid out as
/// `big_store_hook` says (hook `i` carries `i` as its creation time), in
/// one transaction of set-based inserts: row-by-row inserts from Rust into
/// a SQLite built without optimisation (debug builds) would take far too
/// long. Then ANALYZE, so that the planner decides with real statistics.
fn fill_big_store(store: &Store) {
    let triggers = Trigger::ALL
        .iter()
        .enumerate()
        .map(|(j, t)| format!("({j}, '{}')", t.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    // The rows are consistent by construction; checking each one's
    // parent would only slow the fill down.
    store
        .conn
        .pragma_update(None, "foreign_keys", false)
        .unwrap();
    let tx = store.write_tx().unwrap();
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1) \
         INSERT INTO hooks (id, api_key, name, url, description, secret, enabled, \
                            created_at, updated_at) \
         SELECT printf('wh_%016x', i), 'key-' || (i % ?2), 'hook-' || i, \
                'https://hooks.example.com/' || i, '', 'whsec_test', i % 7 != 0, i, i \
         FROM n",
        params![BIG_STORE_HOOKS, BIG_STORE_COLLECTIONS],
    )
    .unwrap();
    tx.execute(
        &format!(
            "WITH t(j, name) AS (VALUES {triggers}) \
             INSERT INTO hook_triggers (api_key, trigger, hook_id) \
             SELECT h.api_key, t.name, h.id FROM hooks h JOIN t ON h.created_at % 9 = t.j"
        ),
        [],
    )
    .unwrap();
    tx.execute_batch("ANALYZE").unwrap();
    tx.commit().unwrap();
    store
        .conn
        .pragma_update(None, "foreign_keys", true)
        .unwrap();
}

#[test]
fn subscription_lookup_on_a_big_store_is_an_index_search_not_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    fill_big_store(&store);
    let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM hooks"), BIG_STORE_HOOKS);
    assert_eq!(count("SELECT count(*) FROM hook_triggers"), BIG_STORE_HOOKS);

    let plan = store
        .explain(&subscribed_query_for_plan())
        .unwrap()
        .join("\n");
    assert!(
        !plan.contains("SCAN"),
        "the subscription lookup scans a table on a store of {BIG_STORE_HOOKS} hooks:\n{plan}"
    );
    assert!(
        plan.contains("SEARCH s USING PRIMARY KEY (api_key=? AND trigger=? AND hook_id>?)"),
        "the lookup does not use the (api_key, trigger) range of hook_triggers:\n{plan}"
    );
    assert!(
        plan.contains("SEARCH h USING INDEX sqlite_autoindex_hooks_1 (id=?)"),
        "each subscribed hook is not fetched by its id:\n{plan}"
    );

    // The indexed lookup returns exactly the enabled hooks of the
    // collection subscribed to the event, and none of the disabled ones.
    let (key, event) = (7, Trigger::Upload);
    let subscribed_by_time = |enabled: bool, created_by: i64| {
        (0..=created_by.min(BIG_STORE_HOOKS - 1))
            .filter(|i| big_store_hook(*i) == (key, enabled, event))
            .count()
    };
    let subscribed = |enabled: bool| subscribed_by_time(enabled, i64::MAX);
    assert!(subscribed(true) > 0 && subscribed(false) > 0);
    let found = all_subscribed(&store, &format!("key-{key}"), event);
    assert_eq!(found.len(), subscribed(true));
    // A run leaves out the webhooks created after it started (hook `i` was
    // created at `i`).
    let half = BIG_STORE_HOOKS / 2;
    let early = subscribed_by(&store, &format!("key-{key}"), event, half);
    assert_eq!(early.len(), subscribed_by_time(true, half));
    assert!(early.len() < found.len());
    for hook in &found {
        let whole = store.find_hook(&hook.id, None).unwrap();
        assert!(whole.api_key == format!("key-{key}") && whole.enabled);
        assert_eq!(whole.triggers, [event]);
        assert_eq!(Recipient::from(&whole), *hook);
    }
}

#[test]
fn names_are_unique_per_collection_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db")).unwrap();
    store
        .insert_hook(&new_hook("a", "k1", &[Trigger::Upload]))
        .unwrap();
    store
        .insert_hook(&new_hook("a", "k2", &[Trigger::Upload]))
        .unwrap();
    let err = store
        .insert_hook(&new_hook("a", "k1", &[Trigger::Delete]))
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)));
    assert!(matches!(store.find_hook("a", None), Err(Error::Invalid(_))));
    assert_eq!(all_subscribed(&store, "k2", Trigger::Upload).len(), 1);
    assert!(all_subscribed(&store, "k2", Trigger::Delete).is_empty());
}
