//! `ponte bench queue`: the durable job queue end to end.
//!
//! Two phases, each on a fresh database so neither inherits the other's rows:
//! - enqueue + claim + complete: workers start idle, P producers enqueue N no-op jobs (one per
//!   transaction) while W workers run them; timed from the first enqueue until `queue_stats`
//!   shows the queue empty (polled every few milliseconds once the producers are done);
//! - enqueue only: the same producers, no workers.
//!
//! Producers and workers share this process and one store (one pool), like `ponte serve`.

use super::{TempDir, stats};
use anyhow::{Context, bail};
use async_trait::async_trait;
use clap::Args;
use hdrhistogram::Histogram;
use ponte_store::jobs::{Job, NewJob};
use ponte_store::scratch::ScratchDatabase;
use ponte_store::worker::{JobError, JobHandler, Worker, WorkerConfig};
use ponte_store::{Keyring, MasterKey, PoolSettings, Store, SystemClock, redact_url};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinSet;

#[derive(Debug, Args, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueArgs {
    /// No-op jobs to enqueue and run (per phase).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    jobs: u64,
    /// Jobs per enqueue transaction: 1 is one commit per job (a job enqueued with the state
    /// change that caused it); more measures bulk enqueue (`Store::enqueue_many`).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1000))]
    enqueue_batch: u64,
    /// Concurrent producers, each enqueuing `--enqueue-batch` jobs per transaction.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=1024))]
    producers: u64,
    /// Workers running the jobs (more than one needs PostgreSQL).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=256))]
    workers: u64,
    /// Jobs each worker runs at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    concurrency: u64,
    /// Jobs a worker claims per statement.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    batch: u32,
    /// Size of the connection pool (PostgreSQL; SQLite writes through one connection).
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1000))]
    max_connections: u32,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    #[serde(skip)]
    json: bool,
}

/// The benchmark's job: carries a sequence number and does nothing.
#[derive(Serialize, Deserialize)]
struct NoopJob {
    seq: u64,
}

impl Job for NoopJob {
    const KIND: &'static str = "bench.noop";
}

struct NoopHandler;

#[async_trait]
impl JobHandler<NoopJob> for NoopHandler {
    async fn run(&self, _job: NoopJob, _attempt: u32) -> Result<(), JobError> {
        Ok(())
    }
}

/// The queue must make progress at least this often, or the run is abandoned.
const STALL_LIMIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(5);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    benchmark: &'static str,
    backend: &'static str,
    #[serde(flatten)]
    settings: &'a QueueArgs,
    end_to_end: Phase,
    enqueue_only: Phase,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Phase {
    elapsed_secs: f64,
    jobs_per_sec: f64,
    /// When the last enqueue committed (end to end: the drain continues after it).
    enqueue_secs: f64,
    dead: u64,
    enqueue_latency: stats::Latency,
}

pub async fn run(database_url: Option<&str>, args: &QueueArgs) -> anyhow::Result<()> {
    let backend = match database_url {
        None => "sqlite",
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => "postgres",
        Some(url) => bail!(
            "bench queue runs on a fresh database of its own: omit --database-url for a temporary SQLite \
             file, or give a PostgreSQL server URL (postgres://…) to create one there (got '{}')",
            redact_url(url)
        ),
    };
    if backend == "sqlite" && args.workers > 1 {
        bail!(
            "--workers {} needs PostgreSQL: SQLite has one writer and supports one worker; use --workers 1, \
             or add --database-url postgres://USER@HOST/DB",
            args.workers
        );
    }
    eprintln!("bench: {} jobs, enqueue + claim + complete on {backend}…", args.jobs);
    let end_to_end =
        in_scratch(database_url, args.max_connections, async |store| end_to_end(store, args).await).await?;
    eprintln!("bench: {} jobs, enqueue only…", args.jobs);
    let enqueue_only = in_scratch(database_url, args.max_connections, async |store| {
        let start = Instant::now();
        let latency = produce(&store, args).await?;
        let elapsed = start.elapsed();
        Ok(phase(args.jobs, elapsed, elapsed, 0, &latency))
    })
    .await?;
    let report = Report { benchmark: "queue", backend, settings: args, end_to_end, enqueue_only };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

fn phase(jobs: u64, elapsed: Duration, enqueued: Duration, dead: u64, latency: &Histogram<u64>) -> Phase {
    Phase {
        elapsed_secs: stats::round3(elapsed.as_secs_f64()),
        jobs_per_sec: stats::per_sec(jobs, elapsed),
        enqueue_secs: stats::round3(enqueued.as_secs_f64()),
        dead,
        enqueue_latency: stats::Latency::of(latency),
    }
}

async fn end_to_end(store: Store, args: &QueueArgs) -> anyhow::Result<Phase> {
    let (stop, stopped) = watch::channel(false);
    let mut workers = JoinSet::new();
    for _ in 0..args.workers {
        let config = WorkerConfig {
            concurrency: args.concurrency as usize,
            batch: args.batch,
            ..WorkerConfig::default()
        };
        let mut worker = Worker::new(store.clone(), config);
        worker.register::<NoopJob, _>(NoopHandler);
        workers.spawn(worker.run(stopped.clone()));
    }
    let measured = async {
        let start = Instant::now();
        let latency = produce(&store, args).await?;
        let enqueued = start.elapsed();
        let dead = wait_until_empty(&store).await?;
        Ok::<_, anyhow::Error>(phase(args.jobs, start.elapsed(), enqueued, dead, &latency))
    }
    .await;
    let _ = stop.send(true);
    let mut stopped_cleanly = Ok(());
    while let Some(result) = workers.join_next().await {
        if let Err(error) = result.context("a worker panicked").and_then(|r| r.context("a worker failed")) {
            stopped_cleanly = Err(error);
        }
    }
    let measured = measured?;
    stopped_cleanly?;
    Ok(measured)
}

/// Enqueues `args.jobs` jobs from `args.producers` tasks; returns the per-enqueue latencies.
async fn produce(store: &Store, args: &QueueArgs) -> anyhow::Result<Histogram<u64>> {
    let next = Arc::new(AtomicU64::new(0));
    let mut producers = JoinSet::new();
    for _ in 0..args.producers {
        let (store, next, total, batch) = (store.clone(), next.clone(), args.jobs, args.enqueue_batch);
        producers.spawn(async move {
            let mut latency = stats::histogram();
            loop {
                let first = next.fetch_add(batch, Ordering::Relaxed);
                if first >= total {
                    return Ok::<_, anyhow::Error>(latency);
                }
                let jobs = (first..(first + batch).min(total))
                    .map(|seq| NewJob::of(&NoopJob { seq }))
                    .collect::<Result<Vec<_>, _>>()?;
                let sent = Instant::now();
                if let [job] = jobs.as_slice() {
                    store.enqueue(job.clone()).await.with_context(|| format!("enqueuing job {first}"))?;
                } else {
                    store.enqueue_many(jobs).await.with_context(|| format!("enqueuing jobs from {first}"))?;
                }
                stats::record(&mut latency, sent.elapsed());
            }
        });
    }
    let mut histograms = Vec::new();
    while let Some(result) = producers.join_next().await {
        histograms.push(result.context("a producer panicked")??);
    }
    Ok(stats::merge(histograms))
}

/// Polls until no job is pending or running; returns how many died.
async fn wait_until_empty(store: &Store) -> anyhow::Result<u64> {
    let mut last = (u64::MAX, Instant::now());
    loop {
        let queue = store.queue_stats().await.context("reading queue stats")?;
        let left = queue.pending + queue.running;
        if left == 0 {
            return Ok(queue.dead);
        }
        if left != last.0 {
            last = (left, Instant::now());
        } else if last.1.elapsed() > STALL_LIMIT {
            bail!(
                "the queue stopped draining: {} pending, {} running, {} dead for {} s",
                queue.pending,
                queue.running,
                queue.dead,
                STALL_LIMIT.as_secs()
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

/// A throwaway database: a temporary SQLite file, or a fresh database on the PostgreSQL server.
enum Scratch {
    Sqlite { url: String, _dir: TempDir },
    Postgres(ScratchDatabase),
}

/// Runs `body` on a migrated store in a fresh scratch database, then removes the database.
pub(super) async fn in_scratch<T>(
    database_url: Option<&str>,
    max_connections: u32,
    body: impl AsyncFnOnce(Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let scratch = Scratch::create(database_url).await?;
    let result = async {
        let keyring = Keyring::new(MasterKey::from_base64(&MasterKey::generate_base64())?, vec![]);
        let settings = PoolSettings { max_connections, acquire_timeout: Duration::from_secs(30) };
        let store = Store::connect(scratch.url(), &settings, keyring, Arc::new(SystemClock))
            .await
            .context("connecting to the benchmark database")?;
        let result = match store.migrate().await.context("migrating the benchmark database") {
            Ok(()) => body(store.clone()).await,
            Err(error) => Err(error),
        };
        store.close().await;
        result
    }
    .await;
    let removed = scratch.remove().await;
    let value = result?;
    removed?;
    Ok(value)
}

impl Scratch {
    async fn create(database_url: Option<&str>) -> anyhow::Result<Self> {
        let Some(server) = database_url else {
            let dir = TempDir::new()?;
            let url = format!("sqlite://{}", dir.path().join("bench.db").display());
            return Ok(Self::Sqlite { url, _dir: dir });
        };
        let database = ScratchDatabase::create(server, "ponte_bench")
            .await
            .with_context(|| format!("creating a benchmark database on {}", redact_url(server)))?;
        Ok(Self::Postgres(database))
    }

    fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } => url,
            Self::Postgres(database) => database.url(),
        }
    }

    async fn remove(self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite { .. } => Ok(()), // the TempDir goes with it
            Self::Postgres(database) => {
                Ok(database.remove().await.context("dropping the benchmark database")?)
            }
        }
    }
}

fn print_table(report: &Report) {
    let s = report.settings;
    let workers = if s.workers == 1 { "1 worker".to_owned() } else { format!("{} workers", s.workers) };
    println!(
        "ponte bench queue: {} no-op jobs on {}, {} producers ({} per transaction), {workers} \
         (concurrency {}, batch {}), pool {}",
        s.jobs, report.backend, s.producers, s.enqueue_batch, s.concurrency, s.batch, s.max_connections
    );
    println!();
    let headers =
        ["phase", "jobs/s", "seconds", "enqueued at s", "dead", "enqueue p50 ms", "p99 ms", "max ms"];
    let mut table = stats::Table::new(&headers);
    for (name, phase) in
        [("enqueue + claim + complete", &report.end_to_end), ("enqueue only", &report.enqueue_only)]
    {
        let l = &phase.enqueue_latency;
        table.row(vec![
            name.to_owned(),
            stats::rate(phase.jobs_per_sec),
            format!("{:.3}", phase.elapsed_secs),
            format!("{:.3}", phase.enqueue_secs),
            phase.dead.to_string(),
            stats::ms(l.p50_ms),
            stats::ms(l.p99_ms),
            stats::ms(l.max_ms),
        ]);
    }
    println!("{}", table.render());
}
