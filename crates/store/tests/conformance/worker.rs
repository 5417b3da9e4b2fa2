use crate::conformance;
use crate::harness::TestDb;
use async_trait::async_trait;
use ponte_store::jobs::{Job, JobStatus, NewJob};
use ponte_store::worker::{DrainReport, JobError, JobHandler, Worker, WorkerConfig};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Debug, Serialize, Deserialize)]
struct Flaky {
    fail_times: u32,
}

impl Job for Flaky {
    const KIND: &'static str = "flaky";
    const MAX_ATTEMPTS: u32 = 4;
}

struct FlakyHandler(Arc<AtomicU32>);

#[async_trait]
impl JobHandler<Flaky> for FlakyHandler {
    async fn run(&self, job: Flaky, attempt: u32) -> Result<(), JobError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        if attempt <= job.fail_times { Err(JobError::retry("not yet")) } else { Ok(()) }
    }
}

fn worker(db: &TestDb, runs: Arc<AtomicU32>) -> Worker {
    let config = WorkerConfig {
        backoff_base: Duration::from_secs(1),
        backoff_max: Duration::from_secs(4),
        ..Default::default()
    };
    let mut worker = Worker::new(db.store.clone(), config);
    worker.register::<Flaky, _>(FlakyHandler(runs));
    worker
}

conformance!(
    drain_runs_typed_jobs_and_retries_with_backoff,
    undecodable_payloads_die,
    worker_runs_until_shutdown
);

async fn drain_runs_typed_jobs_and_retries_with_backoff(db: &TestDb) {
    let runs = Arc::new(AtomicU32::new(0));
    let worker = worker(db, runs.clone());
    db.store.enqueue(NewJob::of(&Flaky { fail_times: 0 }).unwrap()).await.unwrap();
    db.store.enqueue(NewJob::of(&Flaky { fail_times: 2 }).unwrap()).await.unwrap();
    db.store.enqueue(NewJob::of(&Flaky { fail_times: 9 }).unwrap()).await.unwrap();

    assert_eq!(worker.drain().await.unwrap(), DrainReport { succeeded: 1, retried: 2, dead: 0 });
    let mut total = DrainReport::default();
    for _ in 0..6 {
        db.clock.advance(Duration::from_secs(5)); // past any backoff (≤ 4 s · 1.2)
        let report = worker.drain().await.unwrap();
        total.succeeded += report.succeeded;
        total.retried += report.retried;
        total.dead += report.dead;
    }
    assert_eq!(total, DrainReport { succeeded: 1, retried: 3, dead: 1 });
    assert_eq!(runs.load(Ordering::SeqCst), 1 + 3 + 4);
    let dead = db.store.list_jobs(Some(JobStatus::Dead), 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("not yet"));
}

async fn undecodable_payloads_die(db: &TestDb) {
    let worker = worker(db, Arc::default());
    let bad = NewJob {
        kind: "flaky".into(),
        payload: "{\"nope\":1}".into(),
        max_attempts: 5,
        dedupe_key: None,
        run_at: None,
    };
    db.store.enqueue(bad).await.unwrap();
    assert_eq!(worker.drain().await.unwrap(), DrainReport { succeeded: 0, retried: 0, dead: 1 });
}

async fn worker_runs_until_shutdown(db: &TestDb) {
    let runs = Arc::new(AtomicU32::new(0));
    let worker = worker(db, runs.clone());
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let handle = tokio::spawn(worker.run(stopped));
    for _ in 0..20 {
        db.store.enqueue(NewJob::of(&Flaky { fail_times: 0 }).unwrap()).await.unwrap();
    }
    // Wait (bounded) for the queue to empty: completion is observed, not slept for.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let stats = db.store.queue_stats().await.unwrap();
        if stats.pending + stats.running == 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "worker did not finish: {stats:?}");
        db.store.wait_for_jobs(Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    handle.await.unwrap().unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 20);
}
