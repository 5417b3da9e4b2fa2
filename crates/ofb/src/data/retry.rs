//! How long to wait before trying a data call again: exponential backoff with jitter, or the
//! institution's own `Retry-After` when it gives one.

use std::time::Duration;

/// Retries of a data call that failed with 429/529, a 5xx or a transport error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all (the first one included); at least one is always made.
    pub attempts: u32,
    /// The wait after the first failure; doubled after each further one.
    pub base: Duration,
    /// The longest backoff wait (before jitter).
    pub max_delay: Duration,
    /// The longest `Retry-After` Ponte honours; a bank that asks for more is given up on for
    /// this call (waiting less than it asked would only earn another 429).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 250 ms doubling up to 4 s (±20 % jitter), `Retry-After` up to 30 s.
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base: Duration::from_millis(250),
            max_delay: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

/// Why a failed call is not tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum GiveUp {
    /// Every attempt is spent.
    Exhausted,
    /// The bank asked to wait longer than [`RetryPolicy::max_retry_after`].
    RetryAfterTooLong(Duration),
}

impl RetryPolicy {
    /// The wait before attempt `failed + 1`, after `failed` failures, the last of which said
    /// `Retry-After: retry_after`. `jitter` is uniform in [0, 1): it spreads concurrent retries
    /// so that they do not hit the bank together again.
    pub(crate) fn wait(
        &self,
        failed: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Result<Duration, GiveUp> {
        if failed >= self.attempts {
            return Err(GiveUp::Exhausted);
        }
        let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.5 };
        let doubling = 2u32.saturating_pow(failed.saturating_sub(1));
        let backoff = scale(self.base.saturating_mul(doubling).min(self.max_delay), 0.8 + 0.4 * jitter);
        match retry_after {
            Some(asked) if asked > self.max_retry_after => Err(GiveUp::RetryAfterTooLong(asked)),
            // Never earlier than asked; up to 20 % later, so that the callers it turned away
            // do not all come back in the same instant.
            Some(asked) => Ok(scale(asked, 1.0 + 0.2 * jitter).max(backoff)),
            None => Ok(backoff),
        }
    }
}

/// `duration × factor` (a positive, finite factor), saturating instead of panicking.
fn scale(duration: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(duration.as_secs_f64() * factor).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait(1, None, 0.5), Ok(ms(250)));
        assert_eq!(policy.wait(2, None, 0.5), Ok(ms(500)));
        assert_eq!(policy.wait(3, None, 0.5), Ok(ms(1000)));
        assert_eq!(policy.wait(4, None, 0.5), Err(GiveUp::Exhausted));
        let long = RetryPolicy { attempts: 40, ..RetryPolicy::default() };
        assert_eq!(long.wait(30, None, 0.5), Ok(Duration::from_secs(4)), "capped, no overflow");
        let huge = RetryPolicy { max_delay: Duration::MAX, base: Duration::MAX, ..RetryPolicy::default() };
        assert_eq!(huge.wait(1, None, 1.0), Ok(Duration::MAX), "saturates");
        assert_eq!(policy.wait(1, None, f64::NAN), Ok(ms(250)));
        assert_eq!(policy.wait(1, None, 0.0), Ok(ms(200)));
        assert_eq!(policy.wait(1, None, 1.0), Ok(ms(300)));
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait(1, Some(Duration::from_secs(2)), 0.0), Ok(Duration::from_secs(2)));
        assert_eq!(policy.wait(1, Some(Duration::from_secs(2)), 0.5), Ok(ms(2200)));
        assert_eq!(policy.wait(1, Some(Duration::ZERO), 0.5), Ok(ms(250)), "never less than the backoff");
        let asked = Duration::from_secs(31);
        assert_eq!(policy.wait(1, Some(asked), 0.5), Err(GiveUp::RetryAfterTooLong(asked)));
        let once = RetryPolicy { attempts: 1, ..RetryPolicy::default() };
        assert_eq!(once.wait(1, Some(ms(1)), 0.5), Err(GiveUp::Exhausted));
    }
}
