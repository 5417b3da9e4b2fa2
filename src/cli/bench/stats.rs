//! Latency histograms and the report formatting shared by the benchmarks.

use hdrhistogram::Histogram;
use serde::Serialize;
use std::time::{Duration, Instant};

/// Histograms record microseconds, from 1 µs to one hour, with 3 significant digits.
const MAX_MICROS: u64 = 3_600_000_000;

pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("constant histogram bounds are valid")
}

/// Records one duration (clamped to the histogram's range).
pub fn record(histogram: &mut Histogram<u64>, elapsed: Duration) {
    let micros = u64::try_from(elapsed.as_micros()).unwrap_or(MAX_MICROS).clamp(1, MAX_MICROS);
    histogram.saturating_record(micros);
}

/// Merges per-task histograms (same bounds, so adding cannot fail).
pub fn merge(histograms: impl IntoIterator<Item = Histogram<u64>>) -> Histogram<u64> {
    let mut total = histogram();
    for h in histograms {
        if let Err(error) = total.add(&h) {
            tracing::warn!(%error, "merging latency histograms failed");
        }
    }
    total
}

/// What one client (connection, producer…) did: successes' latencies, errors, when it last finished.
pub struct Tally {
    pub histogram: Histogram<u64>,
    pub ok: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub last_done: Instant,
}

impl Tally {
    pub fn new(start: Instant) -> Self {
        Self { histogram: histogram(), ok: 0, errors: 0, first_error: None, last_done: start }
    }

    /// Counts one outcome; a success's latency runs from `since` to now.
    pub fn add(&mut self, outcome: anyhow::Result<()>, since: Instant) {
        let now = Instant::now();
        match outcome {
            Ok(()) => {
                self.ok += 1;
                record(&mut self.histogram, now.saturating_duration_since(since));
            }
            Err(error) => {
                self.errors += 1;
                self.first_error.get_or_insert_with(|| format!("{error:#}"));
            }
        }
        self.last_done = now;
    }
}

/// Latency percentiles in milliseconds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Latency {
    pub count: u64,
    pub mean_ms: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    pub fn of(h: &Histogram<u64>) -> Self {
        let ms = |micros: u64| round3(micros as f64 / 1000.0);
        if h.is_empty() {
            return Self {
                count: 0,
                mean_ms: 0.0,
                p50_ms: 0.0,
                p90_ms: 0.0,
                p99_ms: 0.0,
                p999_ms: 0.0,
                max_ms: 0.0,
            };
        }
        Self {
            count: h.len(),
            mean_ms: round3(h.mean() / 1000.0),
            p50_ms: ms(h.value_at_quantile(0.50)),
            p90_ms: ms(h.value_at_quantile(0.90)),
            p99_ms: ms(h.value_at_quantile(0.99)),
            p999_ms: ms(h.value_at_quantile(0.999)),
            max_ms: ms(h.max()),
        }
    }
}

pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Events per second, or 0 for an empty interval.
pub fn per_sec(count: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { round1(count as f64 / secs) } else { 0.0 }
}

/// A plain-text table: left-aligned first column, right-aligned figures.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Self { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .take(columns)
                .map(|(i, cell)| {
                    if i == 0 {
                        format!("{cell:<w$}", w = widths[i])
                    } else {
                        format!("{cell:>w$}", w = widths[i])
                    }
                })
                .collect();
            format!("  {}", parts.join("  ").trim_end())
        };
        let mut out = vec![line(&self.headers)];
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push(format!("  {}", rule.join("  ")));
        out.extend(self.rows.iter().map(|r| line(r)));
        out.join("\n")
    }
}

/// Formats milliseconds for a table cell.
pub fn ms(value: f64) -> String {
    format!("{value:.3}")
}

/// Formats a rate for a table cell.
pub fn rate(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_out_in_milliseconds() {
        let mut h = histogram();
        for micros in 1..=1000u64 {
            record(&mut h, Duration::from_micros(micros * 10));
        }
        let latency = Latency::of(&h);
        assert_eq!(latency.count, 1000);
        assert!((latency.p50_ms - 5.0).abs() < 0.01, "{latency:?}");
        assert!((latency.max_ms - 10.0).abs() < 0.01, "{latency:?}");
    }

    #[test]
    fn table_aligns_columns() {
        let mut table = Table::new(&["endpoint", "req/s"]);
        table.row(vec!["GET /healthz".into(), "12.5".into()]);
        let text = table.render();
        assert!(text.contains("GET /healthz   12.5"), "{text}");
    }
}
