//! How a sandbox bank misbehaves: latency, 429 with `Retry-After`, 5xx, timeouts, outage.
//! Deterministic under a seed: the n-th data call of a bank always gets the same fate, so a
//! test that saw a failure can reproduce it.

use crate::bank::BankCode;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FaultProfile {
    /// Every data call waits between these many milliseconds (inclusive).
    pub latency_ms: [u64; 2],
    /// Share of data calls answered 429 with `Retry-After`.
    pub rate_limited: f64,
    pub retry_after_secs: u64,
    /// Share answered with a 5xx (500, 502, 503 or 504).
    pub server_errors: f64,
    /// Share that hang for `hang_ms` before answering 504 (a client's timeout fires first).
    pub timeouts: f64,
    pub hang_ms: u64,
    /// Every call (discovery excepted) answers 503: the bank is down.
    pub outage: bool,
}

impl Default for FaultProfile {
    fn default() -> Self {
        FaultProfile {
            latency_ms: [0, 0],
            rate_limited: 0.0,
            retry_after_secs: 1,
            server_errors: 0.0,
            timeouts: 0.0,
            hang_ms: 15_000,
            outage: false,
        }
    }
}

impl FaultProfile {
    /// Spec §9's behaviour of each bank.
    pub fn of(bank: BankCode) -> FaultProfile {
        match bank {
            BankCode::Healthy | BankCode::Partial => FaultProfile::default(),
            BankCode::Slow => FaultProfile {
                latency_ms: [300, 1500],
                rate_limited: 0.1,
                retry_after_secs: 2,
                ..FaultProfile::default()
            },
            BankCode::Flaky => FaultProfile { server_errors: 0.1, timeouts: 0.1, ..FaultProfile::default() },
            BankCode::Outage => FaultProfile { outage: true, ..FaultProfile::default() },
        }
    }

    /// No faults at all (tests that want a bank's identity without its behaviour).
    pub fn none() -> FaultProfile {
        FaultProfile::default()
    }
}

/// What happens to one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Answer { delay: Duration },
    RateLimited { delay: Duration, retry_after: u64 },
    ServerError { delay: Duration, status: u16 },
    Hang { duration: Duration },
    Down,
}

pub struct Faults {
    pub profile: FaultProfile,
    seed: u64,
    calls: AtomicU64,
}

impl Faults {
    pub fn new(profile: FaultProfile, seed: u64) -> Faults {
        Faults { profile, seed, calls: AtomicU64::new(0) }
    }

    /// The fate of the next data call.
    pub fn next(&self) -> Fate {
        let n = self.calls.fetch_add(1, Ordering::Relaxed);
        fate(&self.profile, self.seed, n)
    }
}

/// Two uniform numbers in [0, 1) from (seed, n): one picks the fault, one the latency.
fn draws(seed: u64, n: u64) -> (f64, f64, u64) {
    let digest = Sha256::new().chain_update(seed.to_le_bytes()).chain_update(n.to_le_bytes()).finalize();
    let word = |i: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&digest[i * 8..i * 8 + 8]);
        u64::from_le_bytes(bytes)
    };
    let unit = |w: u64| (w >> 11) as f64 / (1u64 << 53) as f64;
    (unit(word(0)), unit(word(1)), word(2))
}

pub fn fate(profile: &FaultProfile, seed: u64, n: u64) -> Fate {
    if profile.outage {
        return Fate::Down;
    }
    let (pick, spread, extra) = draws(seed, n);
    let [low, high] = profile.latency_ms;
    let delay = Duration::from_millis(low + ((high.saturating_sub(low) + 1) as f64 * spread) as u64);
    let mut threshold = profile.rate_limited;
    if pick < threshold {
        return Fate::RateLimited { delay, retry_after: profile.retry_after_secs };
    }
    threshold += profile.server_errors;
    if pick < threshold {
        let status = [500, 502, 503, 504][(extra % 4) as usize];
        return Fate::ServerError { delay, status };
    }
    threshold += profile.timeouts;
    if pick < threshold {
        return Fate::Hang { duration: Duration::from_millis(profile.hang_ms) };
    }
    Fate::Answer { delay }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fates_are_reproducible_and_in_proportion() {
        let flaky = FaultProfile::of(BankCode::Flaky);
        let fates: Vec<Fate> = (0..10_000).map(|n| fate(&flaky, 7, n)).collect();
        assert_eq!(
            fates,
            (0..10_000).map(|n| fate(&flaky, 7, n)).collect::<Vec<_>>(),
            "same seed, same fates"
        );
        let failures = fates.iter().filter(|f| !matches!(f, Fate::Answer { .. })).count();
        assert!((1_800..2_200).contains(&failures), "about 20 % fail: {failures}");
        assert_ne!(
            fates,
            (0..10_000).map(|n| fate(&flaky, 8, n)).collect::<Vec<_>>(),
            "another seed differs"
        );
    }

    #[test]
    fn latency_stays_in_its_range_and_healthy_banks_just_answer() {
        let slow = FaultProfile::of(BankCode::Slow);
        for n in 0..2_000 {
            let delay = match fate(&slow, 1, n) {
                Fate::Answer { delay } | Fate::RateLimited { delay, .. } => delay,
                other => panic!("the slow bank does not {other:?}"),
            };
            assert!((300..=1500).contains(&(delay.as_millis() as u64)), "{delay:?}");
        }
        let healthy = FaultProfile::of(BankCode::Healthy);
        assert!((0..1_000).all(|n| fate(&healthy, 1, n) == Fate::Answer { delay: Duration::ZERO }));
        assert_eq!(fate(&FaultProfile::of(BankCode::Outage), 1, 0), Fate::Down);
    }
}
