//! `ponte bench startup`: cold start of `ponte serve` (embedded) to `/readyz` 200 with an
//! existing data directory, and the idle resident memory of the started process.
//!
//! Each run spawns this same binary as a child process, so the figure includes process start,
//! configuration, opening the database, checking migrations and loading the signing keys. The
//! baseline is the time to spawn the binary for a command that does no work (`ponte keys
//! generate`), measured in the same run.

use super::TempDir;
use anyhow::{Context, bail};
use clap::Args;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct StartupArgs {
    /// How many cold starts to measure.
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// How long the server idles before its resident memory is read.
    #[arg(long, default_value_t = 3)]
    idle_secs: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: &StartupArgs) -> anyhow::Result<()> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let exe = std::env::current_exe().context("locating the ponte binary")?;
    let dir = TempDir::new()?;
    // The first start creates the data directory, the database and the sandbox app.
    let first = start_until_ready(&exe, dir.path())?;
    stop(first.0)?;

    let mut baseline = Vec::with_capacity(args.runs);
    let mut cold = Vec::with_capacity(args.runs);
    let mut rss_kib = Vec::new();
    for run in 0..args.runs {
        let started = Instant::now();
        let status = Command::new(&exe).args(["keys", "generate"]).stdout(Stdio::null()).status()?;
        baseline.push(started.elapsed());
        if !status.success() {
            bail!("the baseline command failed");
        }
        let (child, elapsed) = start_until_ready(&exe, dir.path())?;
        cold.push(elapsed);
        if run == 0 {
            std::thread::sleep(Duration::from_secs(args.idle_secs));
            rss_kib.push(resident_kib(child.id())?);
        }
        stop(child)?;
    }
    report(args, &mut baseline, &mut cold, rss_kib.first().copied());
    Ok(())
}

fn free_port() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?)
}

/// Spawns `ponte serve` and polls `/readyz` until it answers 200; returns the child and the time
/// from spawn to the first 200.
fn start_until_ready(exe: &Path, data_dir: &Path) -> anyhow::Result<(Child, Duration)> {
    let addr = free_port()?;
    let started = Instant::now();
    let mut child = Command::new(exe)
        // The sandbox banks start too, as in the README's command, on a free port.
        .args(["serve", "--bind", &addr.to_string(), "--sandbox-bind", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("PONTE_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("spawning ponte serve")?;
    let deadline = started + Duration::from_secs(30);
    loop {
        if ready(addr) {
            return Ok((child, started.elapsed()));
        }
        if let Some(status) = child.try_wait()? {
            bail!("ponte serve exited during start-up: {status}");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            bail!("ponte serve was not ready within 30 s");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn ready(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(50)) else { return false };
    let request = format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = [0u8; 16];
    matches!(stream.read(&mut response), Ok(n) if n >= 12 && &response[9..12] == b"200")
}

fn stop(mut child: Child) -> anyhow::Result<()> {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    child.wait()?;
    Ok(())
}

/// VmRSS of a process, from /proc (Linux).
fn resident_kib(pid: u32) -> anyhow::Result<u64> {
    let status =
        std::fs::read_to_string(format!("/proc/{pid}/status")).context("reading /proc/PID/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .context("no VmRSS in /proc/PID/status")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(args: &StartupArgs, baseline: &mut [Duration], cold: &mut [Duration], rss_kib: Option<u64>) {
    baseline.sort();
    cold.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if args.json {
        let value = serde_json::json!({
            "runs": args.runs,
            "coldStartMs": { "p50": ms(percentile(cold, 0.5)), "p90": ms(percentile(cold, 0.9)), "max": ms(percentile(cold, 1.0)) },
            "baselineSpawnMs": { "p50": ms(percentile(baseline, 0.5)), "p90": ms(percentile(baseline, 0.9)), "max": ms(percentile(baseline, 1.0)) },
            "idleRssMiB": rss_kib.map(|k| k as f64 / 1024.0),
        });
        println!("{value}");
        return;
    }
    println!("ponte bench startup — {} runs", args.runs);
    println!("{:<34} {:>9} {:>9} {:>9}", "", "p50 ms", "p90 ms", "max ms");
    for (label, data) in
        [("cold start to /readyz 200", &*cold), ("baseline: spawn `ponte keys generate`", &*baseline)]
    {
        println!(
            "{label:<34} {:>9.1} {:>9.1} {:>9.1}",
            ms(percentile(data, 0.5)),
            ms(percentile(data, 0.9)),
            ms(percentile(data, 1.0))
        );
    }
    if let Some(kib) = rss_kib {
        println!("idle RSS after {} s: {:.1} MiB", args.idle_secs, kib as f64 / 1024.0);
    }
}
