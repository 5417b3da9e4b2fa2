//! Limits failed sign-in attempts per accessKey and per client IP: after `max` failures within a
//! window, further attempts are refused with 429 until the window ends. Counters live in the
//! process: each replica limits on its own (documented; a shared limiter can come later).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct FailureLimiter {
    max: u32,
    window: Duration,
    counters: Mutex<HashMap<String, Window>>,
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Past this many tracked keys, expired windows are swept on the next failure.
const SWEEP_THRESHOLD: usize = 10_000;
/// A hard cap on tracked keys, so a flood of distinct keys cannot grow memory without bound.
/// When full, new keys are not tracked (the per-IP limit still applies to them).
const MAX_TRACKED: usize = 100_000;

impl FailureLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self { max, window, counters: Mutex::new(HashMap::new()) }
    }

    /// `Err(retry_after)` when `key` has used up its failures in the current window.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        match counters.get(key) {
            Some(w) if w.failures >= self.max && now < w.started + self.window => {
                Err(w.started + self.window - now)
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, key: &str, now: Instant) {
        let mut counters = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        if counters.len() >= SWEEP_THRESHOLD {
            let window = self.window;
            counters.retain(|_, w| now < w.started + window);
        }
        if counters.len() >= MAX_TRACKED && !counters.contains_key(key) {
            return;
        }
        let entry = counters.entry(key.to_owned()).or_insert(Window { started: now, failures: 0 });
        if now >= entry.started + self.window {
            *entry = Window { started: now, failures: 0 };
        }
        entry.failures = entry.failures.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_until_window_ends() {
        let limiter = FailureLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("k", t0).is_ok());
            limiter.record_failure("k", t0);
        }
        let retry = limiter.check("k", t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(retry, Duration::from_secs(50));
        assert!(limiter.check("other", t0).is_ok());
        assert!(limiter.check("k", t0 + Duration::from_secs(60)).is_ok());
        limiter.record_failure("k", t0 + Duration::from_secs(61));
        assert!(limiter.check("k", t0 + Duration::from_secs(62)).is_ok());
    }
}
