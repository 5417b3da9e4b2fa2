use crate::conformance;
use crate::harness::TestDb;
use ponte_store::Clock;
use ponte_store::sandbox::{GrantTaken, UsageKey};
use std::time::Duration;

conformance!(
    consents_move_by_compare_and_set_and_stay_with_their_bank,
    grants_are_single_use_and_expire,
    usage_is_counted_per_key
);

async fn consents_move_by_compare_and_set_and_stay_with_their_bank(db: &TestDb) {
    let store = &db.store;
    store
        .insert_sandbox_consent("999", "urn:ponte999:c1", "client", "AWAITING_AUTHORISATION", "{}")
        .await
        .unwrap();
    assert!(
        store.sandbox_consent("998", "urn:ponte999:c1").await.unwrap().is_none(),
        "another bank's consent"
    );
    let consent = store.sandbox_consent("999", "urn:ponte999:c1").await.unwrap().unwrap();
    assert_eq!((consent.status.as_str(), consent.client_id.as_str()), ("AWAITING_AUTHORISATION", "client"));

    db.clock.advance(Duration::from_secs(1));
    let moved = store
        .update_sandbox_consent(
            "999",
            "urn:ponte999:c1",
            "AWAITING_AUTHORISATION",
            "AUTHORISED",
            r#"{"a":1}"#,
        )
        .await
        .unwrap();
    assert!(moved);
    let lost = store
        .update_sandbox_consent("999", "urn:ponte999:c1", "AWAITING_AUTHORISATION", "REJECTED", "{}")
        .await
        .unwrap();
    assert!(!lost, "the status had moved on: the second transition must lose");
    let consent = store.sandbox_consent("999", "urn:ponte999:c1").await.unwrap().unwrap();
    assert_eq!((consent.status.as_str(), consent.document.as_str()), ("AUTHORISED", r#"{"a":1}"#));
    assert_eq!(consent.updated_at - consent.created_at, time::Duration::seconds(1));
}

async fn grants_are_single_use_and_expire(db: &TestDb) {
    let store = &db.store;
    let expires = db.clock.now() + Duration::from_secs(60);
    store.insert_sandbox_grant("999", "code-1", "code", "body", expires).await.unwrap();
    store.insert_sandbox_grant("999", "par-1", "par", "request", expires).await.unwrap();
    assert_eq!(store.peek_sandbox_grant("999", "par-1", "par").await.unwrap().as_deref(), Some("request"));
    assert_eq!(
        store.take_sandbox_grant("999", "code-1", "par").await.unwrap(),
        GrantTaken::Unknown,
        "kind matters"
    );
    assert_eq!(
        store.take_sandbox_grant("998", "code-1", "code").await.unwrap(),
        GrantTaken::Unknown,
        "bank matters"
    );
    assert_eq!(
        store.take_sandbox_grant("999", "code-1", "code").await.unwrap(),
        GrantTaken::Fresh("body".into())
    );
    assert_eq!(store.take_sandbox_grant("999", "code-1", "code").await.unwrap(), GrantTaken::AlreadyUsed);

    db.clock.advance(Duration::from_secs(61));
    assert_eq!(store.peek_sandbox_grant("999", "par-1", "par").await.unwrap(), None);
    assert_eq!(store.take_sandbox_grant("999", "par-1", "par").await.unwrap(), GrantTaken::Expired);
    assert_eq!(store.purge_sandbox_grants().await.unwrap(), 0, "kept a day so replays are recognised");
    db.clock.advance(Duration::from_secs(24 * 3600));
    assert_eq!(store.purge_sandbox_grants().await.unwrap(), 2);
    assert_eq!(store.take_sandbox_grant("999", "code-1", "code").await.unwrap(), GrantTaken::Unknown);
}

async fn usage_is_counted_per_key(db: &TestDb) {
    let key = |consent_id, month| UsageKey {
        bank: "999",
        client_id: "client",
        endpoint: "accounts.transactions",
        resource: "acc-1",
        consent_id,
        month,
    };
    for expected in 1..=3 {
        assert_eq!(db.store.count_sandbox_call(&key("c1", "2026-11")).await.unwrap(), expected);
    }
    assert_eq!(db.store.count_sandbox_call(&key("c1", "2026-12")).await.unwrap(), 1, "a new month");
    assert_eq!(db.store.count_sandbox_call(&key("c2", "2026-11")).await.unwrap(), 1, "another consent");
}
