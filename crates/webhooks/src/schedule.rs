//! When to try a failed delivery again: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
//! 10 h (eight attempts spread over about 28 hours), each delay scaled by a random ±20 % so that
//! deliveries that failed together do not all come back at once. After the last attempt the
//! delivery is `failed`, kept and visible for replay.

use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub struct RetrySchedule {
    /// The delay before attempt `n + 1` (the first entry is the delay before the first attempt).
    delays: Vec<Duration>,
    /// Relative jitter, e.g. 0.2 for ±20 %.
    jitter: f64,
}

impl Default for RetrySchedule {
    fn default() -> Self {
        const MIN: u64 = 60;
        const HOUR: u64 = 3600;
        let secs = [0, 5, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
        Self { delays: secs.iter().map(|s| Duration::from_secs(*s)).collect(), jitter: 0.2 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("a retry schedule needs at least one attempt")]
    Empty,
    #[error("jitter must be between 0 and 1 (a fraction of each delay)")]
    Jitter,
}

impl RetrySchedule {
    pub fn new(delays: Vec<Duration>, jitter: f64) -> Result<Self, ScheduleError> {
        if delays.is_empty() {
            return Err(ScheduleError::Empty);
        }
        if !(0.0..=1.0).contains(&jitter) {
            return Err(ScheduleError::Jitter);
        }
        Ok(Self { delays, jitter })
    }

    /// How many attempts a delivery gets in all.
    pub fn attempts(&self) -> u32 {
        u32::try_from(self.delays.len()).unwrap_or(u32::MAX)
    }

    /// The delay before the attempt after `failed_attempts` failures, or `None` when none is
    /// left. `unit` is a random number in `[0, 1)` (injected so tests are deterministic).
    pub fn next_delay(&self, failed_attempts: u32, unit: f64) -> Option<Duration> {
        let base = *self.delays.get(usize::try_from(failed_attempts).ok()?)?;
        let factor = 1.0 + self.jitter * (unit.clamp(0.0, 1.0) * 2.0 - 1.0);
        Some(base.mul_f64(factor))
    }

    /// A `Retry-After` from the receiver replaces the scheduled delay when it asks for longer,
    /// capped at `max` so a hostile receiver cannot park deliveries forever.
    pub fn honour_retry_after(scheduled: Duration, retry_after: Option<Duration>, max: Duration) -> Duration {
        match retry_after {
            Some(asked) => asked.min(max).max(scheduled),
            None => scheduled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schedule_matches_the_spec() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.attempts(), 8);
        let secs: Vec<u64> = (0..8).map(|n| schedule.next_delay(n, 0.5).unwrap().as_secs()).collect();
        assert_eq!(secs, [0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
        assert_eq!(schedule.next_delay(8, 0.5), None);
    }

    #[test]
    fn jitter_stays_within_twenty_percent() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.next_delay(2, 0.0), Some(Duration::from_secs(240)));
        assert_eq!(schedule.next_delay(2, 1.0), Some(Duration::from_secs(360)));
        for unit in [0.0, 0.1, 0.37, 0.5, 0.99] {
            let delay = schedule.next_delay(3, unit).unwrap().as_secs_f64();
            assert!((1440.0..=2160.0).contains(&delay), "{delay}");
        }
    }

    #[test]
    fn retry_after_can_only_lengthen_and_is_capped() {
        let (scheduled, max) = (Duration::from_secs(5), Duration::from_secs(3600));
        assert_eq!(RetrySchedule::honour_retry_after(scheduled, None, max), scheduled);
        assert_eq!(
            RetrySchedule::honour_retry_after(scheduled, Some(Duration::from_secs(1)), max),
            scheduled
        );
        assert_eq!(
            RetrySchedule::honour_retry_after(scheduled, Some(Duration::from_secs(60)), max),
            Duration::from_secs(60)
        );
        assert_eq!(
            RetrySchedule::honour_retry_after(scheduled, Some(Duration::from_secs(999_999)), max),
            max
        );
    }

    #[test]
    fn invalid_schedules_are_refused() {
        assert_eq!(RetrySchedule::new(vec![], 0.2), Err(ScheduleError::Empty));
        assert_eq!(RetrySchedule::new(vec![Duration::ZERO], 1.5), Err(ScheduleError::Jitter));
    }
}
