use crate::conformance;
use crate::harness::TestDb;
use ponte_store::idempotency::Reservation;
use std::time::Duration;

const TTL: Duration = Duration::from_secs(24 * 3600);

conformance!(idempotency_lifecycle, idempotency_keys_expire, idempotency_is_scoped);

async fn idempotency_lifecycle(db: &TestDb) {
    let s = &db.store;
    assert_eq!(s.reserve_idempotency_key("app", "k", "h1", TTL).await.unwrap(), Reservation::Reserved);
    assert_eq!(s.reserve_idempotency_key("app", "k", "h1", TTL).await.unwrap(), Reservation::InProgress);
    assert_eq!(s.reserve_idempotency_key("app", "k", "h2", TTL).await.unwrap(), Reservation::Mismatch);
    s.finish_idempotent("app", "k", 201, b"{\"ok\":true}").await.unwrap();
    assert_eq!(
        s.reserve_idempotency_key("app", "k", "h1", TTL).await.unwrap(),
        Reservation::Completed { status: 201, body: b"{\"ok\":true}".to_vec() }
    );
    assert_eq!(s.reserve_idempotency_key("app", "k", "h2", TTL).await.unwrap(), Reservation::Mismatch);

    assert_eq!(s.reserve_idempotency_key("app", "failing", "h", TTL).await.unwrap(), Reservation::Reserved);
    s.abandon_idempotent("app", "failing").await.unwrap();
    assert_eq!(s.reserve_idempotency_key("app", "failing", "h", TTL).await.unwrap(), Reservation::Reserved);
}

async fn idempotency_keys_expire(db: &TestDb) {
    let s = &db.store;
    assert_eq!(s.reserve_idempotency_key("app", "k", "h1", TTL).await.unwrap(), Reservation::Reserved);
    s.finish_idempotent("app", "k", 200, b"{}").await.unwrap();
    db.clock.advance(TTL + Duration::from_secs(1));
    // Past the TTL the key is free again, even for another body.
    assert_eq!(s.reserve_idempotency_key("app", "k", "h2", TTL).await.unwrap(), Reservation::Reserved);
    s.reserve_idempotency_key("app", "old", "h", TTL).await.unwrap();
    db.clock.advance(TTL + Duration::from_secs(1));
    assert_eq!(s.purge_idempotency_keys(TTL).await.unwrap(), 2);
    assert_eq!(s.purge_idempotency_keys(TTL).await.unwrap(), 0);
}

async fn idempotency_is_scoped(db: &TestDb) {
    let s = &db.store;
    assert_eq!(s.reserve_idempotency_key("app-a", "k", "h1", TTL).await.unwrap(), Reservation::Reserved);
    assert_eq!(s.reserve_idempotency_key("app-b", "k", "h2", TTL).await.unwrap(), Reservation::Reserved);
}
