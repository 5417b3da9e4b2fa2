use crate::conformance;
use crate::harness::TestDb;
use ponte_store::Clock;
use ponte_store::jobs::{FailOutcome, JobStatus, NewJob};
use std::collections::HashSet;
use std::time::Duration;

const LEASE: Duration = Duration::from_secs(30);

fn job(kind: &str, payload: &str) -> NewJob {
    NewJob {
        kind: kind.to_owned(),
        payload: payload.to_owned(),
        max_attempts: 3,
        dedupe_key: None,
        run_at: None,
    }
}

conformance!(
    enqueue_follows_the_transaction,
    dedupe_keys_enqueue_once,
    claims_due_jobs_of_known_kinds_in_order,
    failures_retry_then_die,
    dead_jobs_stay_visible_and_can_be_retried,
    expired_leases_go_back_to_the_queue,
    heartbeats_keep_leases,
    released_jobs_do_not_count_an_attempt,
    replicas_never_claim_the_same_job,
    queue_stats_count_by_status
);

async fn enqueue_follows_the_transaction(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    tx.enqueue(job("a", "1")).await.unwrap().unwrap();
    drop(tx); // rolled back
    assert!(db.store.claim("w", &["a"], 10, LEASE).await.unwrap().is_empty());

    let mut tx = db.store.begin().await.unwrap();
    let id = tx.enqueue(job("a", "2")).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    let claimed = db.store.claim("w", &["a"], 10, LEASE).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].id, claimed[0].payload.as_str(), claimed[0].attempt), (id, "2", 1));
}

async fn dedupe_keys_enqueue_once(db: &TestDb) {
    let mut first = job("a", "1");
    first.dedupe_key = Some("slot-1".to_owned());
    assert!(db.store.enqueue(first.clone()).await.unwrap().is_some());
    assert!(db.store.enqueue(first.clone()).await.unwrap().is_none());
    let claimed = db.store.claim("w", &["a"], 10, LEASE).await.unwrap();
    assert!(db.store.complete("w", claimed[0].id).await.unwrap());
    // Once done (deleted), the slot can be used again.
    assert!(db.store.enqueue(first).await.unwrap().is_some());
}

async fn claims_due_jobs_of_known_kinds_in_order(db: &TestDb) {
    let now = db.clock.now();
    let later =
        db.store.enqueue(job("a", "later").run_at(now + Duration::from_secs(60))).await.unwrap().unwrap();
    let first = db.store.enqueue(job("a", "first")).await.unwrap().unwrap();
    let second = db.store.enqueue(job("a", "second")).await.unwrap().unwrap();
    db.store.enqueue(job("other", "x")).await.unwrap().unwrap();

    let claimed = db.store.claim("w", &["a"], 10, LEASE).await.unwrap();
    assert_eq!(claimed.iter().map(|j| j.id).collect::<Vec<_>>(), [first, second]);
    assert!(
        db.store.claim("w", &["a"], 10, LEASE).await.unwrap().is_empty(),
        "claimed jobs are not claimed twice"
    );
    db.clock.advance(Duration::from_secs(61));
    let claimed = db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    assert_eq!(claimed.iter().map(|j| j.id).collect::<Vec<_>>(), [later]);
    assert!(db.store.claim("w", &[], 10, LEASE).await.unwrap().is_empty());
}

async fn failures_retry_then_die(db: &TestDb) {
    let id = db.store.enqueue(job("a", "x")).await.unwrap().unwrap();
    for attempt in 1..=3u32 {
        let claimed = db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
        assert_eq!((claimed[0].id, claimed[0].attempt), (id, attempt));
        let retry_at = db.clock.now() + Duration::from_secs(10);
        let outcome = db.store.fail("w", id, "boom", Some(retry_at)).await.unwrap();
        if attempt < 3 {
            assert_eq!(outcome, FailOutcome::RetryAt(retry_at));
            assert!(db.store.claim("w", &["a"], 1, LEASE).await.unwrap().is_empty(), "not before retry_at");
            db.clock.advance(Duration::from_secs(10));
        } else {
            assert_eq!(outcome, FailOutcome::Dead);
        }
    }
    let dead = db.store.list_jobs(Some(JobStatus::Dead), 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("boom"));
    assert_eq!(dead[0].attempts, 3);
}

async fn dead_jobs_stay_visible_and_can_be_retried(db: &TestDb) {
    let id = db.store.enqueue(job("a", "x")).await.unwrap().unwrap();
    db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    assert_eq!(db.store.fail("w", id, "permanent", None).await.unwrap(), FailOutcome::Dead);
    assert!(db.store.claim("w", &["a"], 1, LEASE).await.unwrap().is_empty());
    assert!(db.store.retry_dead(id).await.unwrap());
    assert!(!db.store.retry_dead(id).await.unwrap(), "only dead jobs are retried");
    let claimed = db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    assert_eq!((claimed[0].id, claimed[0].attempt), (id, 1));
}

/// What `kill -9` leaves behind: a running job whose owner never heartbeats again.
async fn expired_leases_go_back_to_the_queue(db: &TestDb) {
    let id = db.store.enqueue(job("a", "x")).await.unwrap().unwrap();
    db.store.claim("crashed", &["a"], 1, LEASE).await.unwrap();
    assert_eq!(db.store.reap_expired_leases().await.unwrap(), 0, "lease still valid");
    assert!(db.store.claim("survivor", &["a"], 1, LEASE).await.unwrap().is_empty());
    db.clock.advance(LEASE + Duration::from_millis(1));
    assert_eq!(db.store.reap_expired_leases().await.unwrap(), 1);
    let claimed = db.store.claim("survivor", &["a"], 1, LEASE).await.unwrap();
    assert_eq!((claimed[0].id, claimed[0].attempt), (id, 2));
    // The crashed worker's late completion must not delete the survivor's job.
    assert!(!db.store.complete("crashed", id).await.unwrap());
    assert_eq!(db.store.fail("crashed", id, "late", None).await.unwrap(), FailOutcome::LeaseLost);
    assert!(db.store.complete("survivor", id).await.unwrap());
}

async fn heartbeats_keep_leases(db: &TestDb) {
    let id = db.store.enqueue(job("a", "x")).await.unwrap().unwrap();
    db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    db.clock.advance(Duration::from_secs(20));
    assert_eq!(db.store.heartbeat("w", &[id], LEASE).await.unwrap(), 1);
    assert_eq!(db.store.heartbeat("other", &[id], LEASE).await.unwrap(), 0);
    db.clock.advance(Duration::from_secs(20));
    assert_eq!(db.store.reap_expired_leases().await.unwrap(), 0, "the heartbeat extended the lease");
    assert!(db.store.complete("w", id).await.unwrap());
}

async fn released_jobs_do_not_count_an_attempt(db: &TestDb) {
    let id = db.store.enqueue(job("a", "x")).await.unwrap().unwrap();
    db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    assert_eq!(db.store.release("w", &[id]).await.unwrap(), 1);
    let claimed = db.store.claim("w2", &["a"], 1, LEASE).await.unwrap();
    assert_eq!((claimed[0].id, claimed[0].attempt), (id, 1));
}

async fn replicas_never_claim_the_same_job(db: &TestDb) {
    let replica = db.another_replica().await;
    let mut tx = db.store.begin().await.unwrap();
    for i in 0..300 {
        tx.enqueue(job("a", &i.to_string())).await.unwrap();
    }
    tx.commit().await.unwrap();
    let claim_all = |store: ponte_store::Store, owner: &'static str| async move {
        let mut ids = Vec::new();
        loop {
            let batch = store.claim(owner, &["a"], 7, LEASE).await.unwrap();
            if batch.is_empty() {
                return ids;
            }
            ids.extend(batch.iter().map(|j| j.id));
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(claim_all(db.store.clone(), "a")),
        tokio::spawn(claim_all(replica.clone(), "b"))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let a_set: HashSet<_> = a.iter().collect();
    assert!(b.iter().all(|id| !a_set.contains(id)), "a job was claimed by both replicas");
    assert_eq!(a.len() + b.len(), 300);
    replica.close().await;
}

async fn queue_stats_count_by_status(db: &TestDb) {
    for i in 0..3 {
        db.store.enqueue(job("a", &i.to_string())).await.unwrap();
    }
    db.clock.advance(Duration::from_secs(5));
    let claimed = db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    db.store.fail("w", claimed[0].id, "x", None).await.unwrap();
    db.store.claim("w", &["a"], 1, LEASE).await.unwrap();
    let stats = db.store.queue_stats().await.unwrap();
    assert_eq!((stats.pending, stats.running, stats.dead), (1, 1, 1));
    assert_eq!(stats.oldest_due_age_ms, 5000);
    assert_eq!(db.store.list_jobs(None, 10).await.unwrap().len(), 3);
    assert_eq!(db.store.list_jobs(Some(JobStatus::Pending), 10).await.unwrap().len(), 1);
    db.store.enqueue(job("b", "later")).await.unwrap();
    let kinds = db.store.queue_stats_by_kind().await.unwrap();
    let names: Vec<&str> = kinds.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(kinds[0].1, stats, "one kind's stats are the whole queue's stats before b");
    assert_eq!((kinds[1].1.pending, kinds[1].1.oldest_due_age_ms), (1, 0));
}

conformance!(committed_jobs_wake_waiting_workers_on_every_replica);

/// A worker waiting for jobs is woken by a commit: in this process always, and on PostgreSQL also
/// in another replica (LISTEN/NOTIFY), instead of waiting for its next poll.
async fn committed_jobs_wake_waiting_workers_on_every_replica(db: &TestDb) {
    let long = Duration::from_secs(60);
    let local = tokio::spawn({
        let store = db.store.clone();
        async move { store.wait_for_jobs(long).await }
    });
    tokio::task::yield_now().await;
    // Keep committing until the waiter (which may not have started waiting yet) is woken.
    let mut n = 0;
    while !local.is_finished() {
        db.store.enqueue(job("a", &n.to_string())).await.unwrap();
        n += 1;
        assert!(n < 1000, "the local waiter was never woken");
        tokio::task::yield_now().await;
    }
    assert!(local.await.unwrap(), "woken by the commit, not by the timeout");

    let replica = db.another_replica().await;
    let Some(mut listener) = replica.job_listener().await.unwrap() else {
        assert_eq!(db.store.backend(), ponte_store::Backend::Sqlite);
        return;
    };
    let (_stop, mut stopped) = tokio::sync::watch::channel(false);
    let waiter = tokio::spawn({
        let replica = replica.clone();
        async move { replica.wait_for_jobs(long).await }
    });
    let forward = {
        let replica = replica.clone();
        tokio::spawn(async move { replica.forward_job_notifications(&mut listener, &mut stopped).await })
    };
    let mut tx = db.store.begin().await.unwrap();
    tx.enqueue(job("a", "from another replica")).await.unwrap();
    tx.commit().await.unwrap();
    while !waiter.is_finished() {
        // The waiter may have started after the first notification: announce again.
        db.store.enqueue(job("a", "again")).await.unwrap();
        tokio::task::yield_now().await;
        if waiter.is_finished() {
            break;
        }
        replica.wait_for_jobs(Duration::from_millis(50)).await;
    }
    assert!(waiter.await.unwrap(), "the other replica was woken by the commit");
    forward.abort();
    replica.close().await;
}
