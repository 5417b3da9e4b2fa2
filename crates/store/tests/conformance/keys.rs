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

conformance!(resealing_moves_every_value_to_the_current_key);

async fn resealing_moves_every_value_to_the_current_key(db: &TestDb) {
    use ponte_store::{Keyring, MasterKey};
    let old = MasterKey::from_bytes(&[7; 32]).unwrap(); // the harness key
    let new = MasterKey::from_bytes(&[8; 32]).unwrap();
    let (app, credentials) = db
        .store
        .create_app(&ponte_store::apps::NewApp {
            name: "Lender".into(),
            partner_name: "Acme".into(),
            environment: ponte_domain::Environment::Sandbox,
            settings: Default::default(),
        })
        .await
        .unwrap();
    db.store.insert_signing_key("k1", "EdDSA", b"private", b"public").await.unwrap();

    let rotating = db.with_keyring(Keyring::new(new.clone(), vec![old])).await;
    assert_eq!(rotating.app_secret_key(app.id).await.unwrap().unwrap(), credentials.secret_key);
    let report = rotating.reseal_all().await.unwrap();
    assert_eq!((report.resealed, report.current), (3, 0));
    assert_eq!(rotating.reseal_all().await.unwrap().resealed, 0, "idempotent");
    rotating.close().await;

    let only_new = db.with_keyring(Keyring::new(new, vec![])).await;
    assert_eq!(only_new.app_secret_key(app.id).await.unwrap().unwrap(), credentials.secret_key);
    assert_eq!(only_new.app_webhook_secret(app.id).await.unwrap().unwrap(), credentials.webhook_secret);
    assert_eq!(only_new.signing_keys().await.unwrap()[0].private_key, b"private");
    only_new.close().await;
    // The old-key-only store can no longer open them.
    assert!(db.store.app_secret_key(app.id).await.is_err());
}

#[tokio::test]
async fn sqlite_connections_use_wal_and_normal_sync() {
    let db = TestDb::sqlite().await;
    for pool_sql in
        ["PRAGMA journal_mode", "PRAGMA synchronous", "PRAGMA busy_timeout", "PRAGMA foreign_keys"]
    {
        let value: sqlx::any::AnyRow = sqlx::query(pool_sql).fetch_one(db.store.raw_pool()).await.unwrap();
        use sqlx::Row;
        let text = value
            .try_get::<String, _>(0)
            .or_else(|_| value.try_get::<i64, _>(0).map(|v| v.to_string()))
            .unwrap();
        eprintln!("{pool_sql} = {text}");
        let expected = match pool_sql {
            "PRAGMA journal_mode" => "wal",
            "PRAGMA synchronous" => "1",
            "PRAGMA busy_timeout" => "5000",
            _ => "1",
        };
        assert_eq!(text, expected, "{pool_sql}");
    }
    db.cleanup().await;
}

conformance!(never_migrated_databases_are_reported_outdated);

async fn never_migrated_databases_are_reported_outdated(db: &TestDb) {
    sqlx::query("DROP TABLE _sqlx_migrations").execute(db.store.raw_pool()).await.unwrap();
    assert_eq!(db.store.schema_version().await.unwrap(), 0);
    let error = db.store.check_schema().await.unwrap_err().to_string();
    assert!(error.contains("run `ponte migrate`"), "{error}");
}
