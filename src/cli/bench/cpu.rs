//! CPU accounting for load benchmarks, from `/proc` (Linux): the process's CPU time per request
//! (the figure contention moves least on a shared machine) and how busy the rest of the machine
//! was.

use super::stats;
use serde::Serialize;
use std::time::Duration;

/// Where the machine's CPU went during a run: a figure per request that contention and steal
/// do not move much, and how contended the machine was.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CpuUse {
    /// Process CPU time (user + system) per successful request.
    pub ms_per_request: f64,
    /// Cores this process kept busy on average.
    pub process_cores: f64,
    /// Cores other processes kept busy on average.
    pub other_cores: f64,
    /// Share of the machine's CPU time stolen by the hypervisor.
    pub steal_pct: f64,
    /// Share of the machine's CPU time idle.
    pub idle_pct: f64,
}

/// CPU counters, in clock ticks (USER_HZ, 100 per second on Linux).
#[derive(Clone, Copy)]
pub struct CpuTicks {
    process: u64,
    busy: u64,
    steal: u64,
    idle: u64,
}

const TICKS_PER_SEC: f64 = 100.0;

impl CpuTicks {
    pub fn now() -> Option<CpuTicks> {
        // /proc/self/stat: utime and stime are fields 14 and 15, counted after the `(comm)`.
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let process = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // /proc/stat: cpu user nice system idle iowait irq softirq steal …
        let machine = std::fs::read_to_string("/proc/stat").ok()?;
        let cpu: Vec<u64> =
            machine.lines().next()?.split_whitespace().skip(1).map(|n| n.parse().unwrap_or(0)).collect();
        let get = |i: usize| cpu.get(i).copied().unwrap_or(0);
        let idle = get(3) + get(4);
        let steal = get(7);
        let busy = get(0) + get(1) + get(2) + get(5) + get(6);
        Some(CpuTicks { process, busy, steal, idle })
    }

    pub fn since(self, before: CpuTicks, elapsed: Duration, requests: u64) -> CpuUse {
        let process = self.process.saturating_sub(before.process) as f64;
        let busy = self.busy.saturating_sub(before.busy) as f64;
        let steal = self.steal.saturating_sub(before.steal) as f64;
        let idle = self.idle.saturating_sub(before.idle) as f64;
        let total = (busy + steal + idle).max(1.0);
        let secs = elapsed.as_secs_f64().max(1e-9);
        CpuUse {
            ms_per_request: stats::round3(process / TICKS_PER_SEC * 1000.0 / requests.max(1) as f64),
            process_cores: stats::round3(process / TICKS_PER_SEC / secs),
            other_cores: stats::round3((busy - process).max(0.0) / TICKS_PER_SEC / secs),
            steal_pct: stats::round1(100.0 * steal / total),
            idle_pct: stats::round1(100.0 * idle / total),
        }
    }
}
