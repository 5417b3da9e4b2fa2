use crate::conformance;
use crate::harness::TestDb;
use std::time::Duration;

conformance!(signing_keys_round_trip_newest_first, schema_is_current_after_migrating);

async fn signing_keys_round_trip_newest_first(db: &TestDb) {
    assert!(db.store.signing_keys().await.unwrap().is_empty());
    db.store.insert_signing_key("k1", "EdDSA", b"private-1", b"public-1").await.unwrap();
    db.clock.advance(Duration::from_secs(1));
    db.store.insert_signing_key("k2", "EdDSA", b"private-2", b"public-2").await.unwrap();
    let keys = db.store.signing_keys().await.unwrap();
    assert_eq!(keys.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(), ["k2", "k1"]);
    assert_eq!(keys[0].private_key, b"private-2");
    assert_eq!(keys[0].public_key, b"public-2");
    assert!(db.store.retire_signing_key("k2").await.unwrap());
    assert!(!db.store.retire_signing_key("k2").await.unwrap());
    assert_eq!(db.store.signing_keys().await.unwrap().len(), 1);
    assert!(db.store.signing_key("k2").await.unwrap().unwrap().retired_at.is_some());
    assert!(db.store.signing_key("nope").await.unwrap().is_none());
}

async fn schema_is_current_after_migrating(db: &TestDb) {
    db.store.check_schema().await.unwrap();
    assert_eq!(db.store.schema_version().await.unwrap(), db.store.expected_schema_version());
    assert!(db.store.expected_schema_version() >= 1);
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
}
