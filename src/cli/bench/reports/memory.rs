//! This process's resident memory, from `/proc/self/status` (Linux).

use serde::Serialize;

/// Resident set sizes in MiB.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Rss {
    /// `VmRSS`: now.
    pub(super) current_mib: f64,
    /// `VmHWM`: the peak since the process started.
    pub(super) peak_mib: f64,
}

impl Rss {
    /// None where `/proc` is not there (not Linux).
    pub(super) fn now() -> Option<Rss> {
        parse(&std::fs::read_to_string("/proc/self/status").ok()?)
    }
}

fn parse(status: &str) -> Option<Rss> {
    let mib = |key: &str| -> Option<f64> {
        let line = status.lines().find_map(|line| line.strip_prefix(key))?;
        let kib: u64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
        Some((kib as f64 / 1024.0 * 10.0).round() / 10.0)
    };
    Some(Rss { current_mib: mib("VmRSS:")?, peak_mib: mib("VmHWM:")? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_current_and_peak_resident_sizes_in_mib() {
        let status = "Name:\tponte\nVmPeak:\t 2000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assert_eq!(parse(status), Some(Rss { current_mib: 100.0, peak_mib: 200.0 }));
        assert_eq!(parse("VmRSS:\t 1 kB\n"), None);
        assert_eq!(parse("VmRSS:\t lots\nVmHWM:\t 1 kB\n"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_has_a_peak_at_least_its_current_size() {
        let rss = Rss::now().expect("/proc/self/status on Linux");
        assert!(rss.peak_mib >= rss.current_mib && rss.current_mib > 0.0, "{rss:?}");
    }
}
