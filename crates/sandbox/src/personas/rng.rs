//! Seeds, random draws and calendar arithmetic.
//!
//! Every random value comes from a [`ChaCha8Rng`] seeded by SHA-256 of a path of labels
//! (tax id, bank, product slot, date…), never from a process-wide generator, so the same inputs
//! give byte-identical data on every run and every machine. Draws use integers only: no
//! floating point, whose transcendental functions may differ between platforms.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use time::{Date, Duration, Month, PrimitiveDateTime, Time, Weekday};

/// A 32-byte key from which child keys and generators derive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seed([u8; 32]);

impl Seed {
    /// The root of a derivation: SHA-256 over length-prefixed parts (so `("ab","c")` and
    /// `("a","bc")` differ).
    pub(crate) fn root(parts: &[&[u8]]) -> Seed {
        let mut h = Sha256::new();
        h.update(b"ponte-sandbox-personas-v1");
        for part in parts {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        Seed(h.finalize().into())
    }

    /// A child key for a label and some bytes (a slot number, a date).
    pub(crate) fn child(&self, label: &str, extra: &[u8]) -> Seed {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update((label.len() as u64).to_be_bytes());
        h.update(label.as_bytes());
        h.update(extra);
        Seed(h.finalize().into())
    }

    pub(crate) fn child_n(&self, label: &str, n: u64) -> Seed {
        self.child(label, &n.to_be_bytes())
    }

    /// The child for a calendar date: what makes a day's content independent of the day the
    /// data is generated on.
    pub(crate) fn day(&self, label: &str, date: Date) -> Seed {
        self.child(label, &date_bytes(date))
    }

    pub(crate) fn rng(&self) -> ChaCha8Rng {
        ChaCha8Rng::from_seed(self.0)
    }

    /// A UUID-shaped identifier (version-4 layout) from the key.
    pub(crate) fn uuid(&self) -> String {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&self.0[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    /// `n` decimal digits derived from the key (for account numbers, contract numbers).
    pub(crate) fn digits(&self, n: usize) -> String {
        let mut rng = self.child("digits", &[]).rng();
        (0..n).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect()
    }

    /// Eight hex characters, a compact prefix for transaction ids.
    pub(crate) fn short_hex(&self) -> String {
        hex::encode(&self.0[..4])
    }
}

fn date_bytes(date: Date) -> [u8; 4] {
    date.to_julian_day().to_be_bytes()
}

/// Uniform integer in `lo..=hi` (returns `lo` when `hi <= lo`).
pub(crate) fn between(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo { lo } else { rng.random_range(lo..=hi) }
}

/// An amount in `lo..=hi` skewed towards `lo` (product of two uniforms: mean a quarter of the
/// way up), the shape of everyday purchases: many small, a few large.
pub(crate) fn skewed(rng: &mut ChaCha8Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        return lo;
    }
    let a = rng.random_range(0..1000i64);
    let b = rng.random_range(0..1000i64);
    lo + (hi - lo) * a * b / 1_000_000
}

/// True with probability `permille`/1000.
pub(crate) fn chance(rng: &mut ChaCha8Rng, permille: u32) -> bool {
    rng.random_range(0..1000u32) < permille
}

/// A number of events with mean `mean_milli`/1000: uniform on `[0, 2 × mean)`, rounded up or
/// down at random in proportion to the fraction (integer arithmetic).
pub(crate) fn count(rng: &mut ChaCha8Rng, mean_milli: u32) -> u32 {
    if mean_milli == 0 {
        return 0;
    }
    let milli = u64::from(mean_milli) * 2 * rng.random_range(0..1_000_000u64) / 1_000_000;
    (milli / 1000) as u32 + u32::from(rng.random_range(0..1000u64) < milli % 1000)
}

pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A time of day between the two hours, to the millisecond.
pub(crate) fn time_between(rng: &mut ChaCha8Rng, from_hour: u8, to_hour: u8) -> Time {
    let from = u32::from(from_hour) * 3_600_000;
    let to = u32::from(to_hour.max(from_hour + 1).min(24)) * 3_600_000;
    let ms = rng.random_range(from..to);
    hms_milli(ms)
}

/// A time from milliseconds since midnight (clamped to the day).
pub(crate) fn hms_milli(ms: u32) -> Time {
    let ms = ms.min(86_399_999);
    Time::from_hms_milli(
        (ms / 3_600_000) as u8,
        (ms / 60_000 % 60) as u8,
        (ms / 1000 % 60) as u8,
        (ms % 1000) as u16,
    )
    .unwrap_or(Time::MIDNIGHT)
}

/// Appends `n` as decimal digits, zero-padded to `width` (ids and numbers are built often
/// enough that `format!` shows in profiles).
pub(crate) fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width.min(buf.len()));
    if let Ok(digits) = std::str::from_utf8(&buf[start..]) {
        out.push_str(digits);
    }
}

/// `prefix` followed by `rest`, allocated once.
pub(crate) fn concat(prefix: &str, rest: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + rest.len());
    s.push_str(prefix);
    s.push_str(rest);
    s
}

/// `<prefix>-YYYYMMDD-<index>`: the id of the `index`-th transaction of a day.
pub(crate) fn day_id(prefix: &str, date: Date, index: usize, width: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + 10 + width);
    s.push_str(prefix);
    s.push('-');
    push_padded(&mut s, date.year().unsigned_abs().into(), 4);
    push_padded(&mut s, u8::from(date.month()).into(), 2);
    push_padded(&mut s, date.day().into(), 2);
    s.push('-');
    push_padded(&mut s, index as u64, width);
    s
}

/// The calendar: months as `(year, month)` pairs and business days (weekends only; the sandbox
/// ignores holidays).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Ym {
    pub year: i32,
    pub month: u8,
}

impl Ym {
    pub(crate) fn of(date: Date) -> Ym {
        Ym { year: date.year(), month: u8::from(date.month()) }
    }

    /// Months since year 0: a stable, absolute index (used for cycles of contracts).
    pub(crate) fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub(crate) fn from_index(index: i64) -> Ym {
        Ym { year: index.div_euclid(12) as i32, month: (index.rem_euclid(12) + 1) as u8 }
    }

    pub(crate) fn add(self, months: i64) -> Ym {
        Ym::from_index(self.index() + months)
    }

    fn month_enum(self) -> Month {
        Month::try_from(self.month).unwrap_or(Month::January)
    }

    pub(crate) fn days(self) -> u8 {
        self.month_enum().length(self.year)
    }

    /// The date for a day of this month, clamped to the month's last day.
    pub(crate) fn day(self, day: u8) -> Date {
        let d = day.clamp(1, self.days());
        Date::from_calendar_date(self.year, self.month_enum(), d).unwrap_or(Date::MIN)
    }

    pub(crate) fn first(self) -> Date {
        self.day(1)
    }

    pub(crate) fn last(self) -> Date {
        self.day(31)
    }

    pub(crate) fn bytes(self) -> [u8; 8] {
        self.index().to_be_bytes()
    }

    /// The `n`-th business day of the month (1-based).
    pub(crate) fn business_day(self, n: u8) -> Date {
        let mut date = self.first();
        let mut seen = 0;
        loop {
            if is_business_day(date) {
                seen += 1;
                if seen >= n {
                    return date;
                }
            }
            match date.next_day() {
                Some(next) if Ym::of(next) == self => date = next,
                _ => return date,
            }
        }
    }
}

pub(crate) fn is_business_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The date itself when a business day, else the next Monday.
pub(crate) fn next_business_day(date: Date) -> Date {
    match date.weekday() {
        Weekday::Saturday => date + Duration::days(2),
        Weekday::Sunday => date + Duration::days(1),
        _ => date,
    }
}

/// The same day `n` months later (clamped to the month's length).
pub(crate) fn add_months(date: Date, n: i64) -> Date {
    Ym::of(date).add(n).day(date.day())
}

pub(crate) fn at(date: Date, time: Time) -> PrimitiveDateTime {
    PrimitiveDateTime::new(date, time)
}

/// The history the banks show: from the same day a year before `today` up to yesterday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub start: Date,
    /// Yesterday: the last day with transactions.
    pub end: Date,
    pub today: Date,
}

impl Window {
    pub fn new(today: Date) -> Window {
        let end = today.previous_day().unwrap_or(today);
        let start = add_months(today, -12);
        Window { start, end, today }
    }

    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn seeds_are_stable_and_separate_their_parts() {
        assert_eq!(Seed::root(&[b"a", b"bc"]), Seed::root(&[b"a", b"bc"]));
        assert_ne!(Seed::root(&[b"ab", b"c"]), Seed::root(&[b"a", b"bc"]));
        let s = Seed::root(&[b"x"]);
        assert_ne!(s.day("d", date!(2026 - 01 - 01)), s.day("d", date!(2026 - 01 - 02)));
        assert_eq!(s.uuid().len(), 36);
        assert_eq!(s.digits(9).len(), 9);
        // A fixed value guards against accidental changes of the derivation.
        assert_eq!(s.short_hex(), Seed::root(&[b"x"]).short_hex());
    }

    #[test]
    fn calendar_helpers() {
        let ym = Ym::of(date!(2026 - 02 - 10));
        assert_eq!(ym.days(), 28);
        assert_eq!(ym.day(31), date!(2026 - 02 - 28));
        assert_eq!(ym.add(-2), Ym { year: 2025, month: 12 });
        assert_eq!(Ym::from_index(ym.index()), ym);
        // 2026-02-01 is a Sunday: the 5th business day is Friday the 6th.
        assert_eq!(ym.business_day(5), date!(2026 - 02 - 06));
        assert_eq!(next_business_day(date!(2026 - 02 - 07)), date!(2026 - 02 - 09));
        assert_eq!(add_months(date!(2024 - 02 - 29), -12), date!(2023 - 02 - 28));
        let w = Window::new(date!(2026 - 03 - 31));
        assert_eq!((w.start, w.end), (date!(2025 - 03 - 31), date!(2026 - 03 - 30)));
    }

    #[test]
    fn draws_stay_in_range() {
        use time::macros::date;
        let mut rng = Seed::root(&[b"r"]).rng();
        let mut total = 0u64;
        for _ in 0..1000 {
            assert!((10..=20).contains(&between(&mut rng, 10, 20)));
            assert!((10..=20).contains(&skewed(&mut rng, 10, 20)));
            assert!(count(&mut rng, 1500) <= 3);
            total += u64::from(count(&mut rng, 250));
            let t = time_between(&mut rng, 8, 22);
            assert!((8..22).contains(&t.hour()));
        }
        let mut s = String::new();
        push_padded(&mut s, 42, 4);
        push_padded(&mut s, 12345, 2);
        assert_eq!(s, "004212345");
        assert_eq!(day_id("ab", date!(2026 - 03 - 07), 7, 4), "ab-20260307-0007");
        // A mean of 0.25 a day gives about 250 events in 1000 days.
        assert!((200..300).contains(&total), "{total}");
    }
}
