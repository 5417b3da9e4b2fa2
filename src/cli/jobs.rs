//! `ponte jobs …`: see what the queue holds and put dead jobs back.

use super::{Cli, open_for_admin};
use anyhow::bail;
use clap::Subcommand;
use ponte_store::jobs::JobStatus;

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List jobs, newest first, with queue counts.
    List {
        /// pending, running or dead.
        #[arg(long)]
        status: Option<JobStatus>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Put a dead job back in the queue with fresh attempts.
    Retry { job_id: i64 },
}

pub async fn run(cli: &Cli, command: &JobsCommand) -> anyhow::Result<()> {
    let store = open_for_admin(cli).await?;
    match command {
        JobsCommand::List { status, limit, json } => {
            let jobs = store.list_jobs(*status, (*limit).min(1000)).await?;
            let stats = store.queue_stats().await?;
            if *json {
                println!("{}", serde_json::json!({ "stats": stats, "jobs": jobs }));
            } else {
                println!("pending {}  running {}  dead {}", stats.pending, stats.running, stats.dead);
                for job in jobs {
                    println!(
                        "#{:<8} {:<8} {:<28} attempts {}/{}  run at {}  {}",
                        job.id,
                        job.status.as_str(),
                        job.kind,
                        job.attempts,
                        job.max_attempts,
                        job.run_at,
                        job.last_error.unwrap_or_default()
                    );
                }
            }
        }
        JobsCommand::Retry { job_id } => {
            if !store.retry_dead(*job_id).await? {
                bail!("job #{job_id} is not dead (or does not exist)");
            }
            println!("Job #{job_id} is queued again.");
        }
    }
    store.close().await;
    Ok(())
}
