//! Jobs survive `kill -9` of the worker process: their leases expire and the next worker runs them.

mod common;

use common::{Server, TempDir, ponte};
use ponte_server::bootstrap::{Migrations, open_store};
use ponte_server::config::{Config, Overrides, Sources};
use ponte_server::jobs::PurgeIdempotencyKeys;
use ponte_store::jobs::NewJob;
use std::time::{Duration, Instant};

const JOBS: i64 = 2000;

fn config(dir: &TempDir) -> Config {
    Config::load(Sources {
        config_file: None,
        env: vec![],
        overrides: Overrides { data_dir: Some(dir.path().to_path_buf()), ..Default::default() },
    })
    .expect("config")
}

fn worker(dir: &TempDir) -> Server {
    let mut command = ponte(dir.path(), &["serve", "--role", "worker"]);
    command
        .env("PONTE_JOBS__LEASE_SECS", "2")
        .env("PONTE_JOBS__HEARTBEAT_SECS", "1")
        .env("PONTE_JOBS__CONCURRENCY", "4")
        .env("PONTE_LOG_LEVEL", "warn");
    Server::start(command)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_survive_kill_9_of_the_worker() {
    let dir = TempDir::new("kill");
    let store = open_store(&config(&dir), Migrations::Apply).await.expect("store");
    let mut tx = store.begin().await.unwrap();
    for hour in 0..JOBS {
        tx.enqueue(NewJob::of(&PurgeIdempotencyKeys { hour }).unwrap()).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut first = worker(&dir);
    // Kill it as soon as it has made progress, while jobs are still queued or running.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let stats = store.queue_stats().await.unwrap();
        if stats.pending + stats.running < JOBS as u64 {
            break;
        }
        assert!(Instant::now() < deadline, "the worker never started");
        store.wait_for_jobs(Duration::from_millis(5)).await;
    }
    first.kill_9();
    let left = store.queue_stats().await.unwrap();
    eprintln!("killed with {} pending and {} running", left.pending, left.running);

    let mut second = worker(&dir);
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let stats = store.queue_stats().await.unwrap();
        if stats.pending + stats.running == 0 {
            assert_eq!(stats.dead, 0, "no job may die of the crash");
            break;
        }
        assert!(Instant::now() < deadline, "jobs were lost: {stats:?}");
        store.wait_for_jobs(Duration::from_millis(50)).await;
    }
    assert!(second.terminate().success());
    store.close().await;
}
