//! Structured logs (text, or JSON with `PONTE_LOG_FORMAT=json`) with personal data masked, and
//! the Prometheus metrics recorder.

mod redacting_writer;

use crate::config::LogFormat;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
pub use redacting_writer::RedactingWriter;
use std::sync::OnceLock;
use tracing_subscriber::EnvFilter;

/// Installs the global log subscriber. Every line passes through [`ponte_domain::redact`], so a
/// CPF, CNPJ, token or secret that reaches a log message by mistake is still masked.
pub fn init_logging(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_new(level).unwrap_or_else(|_| EnvFilter::new("info"));
    let writer = RedactingWriter::stderr();
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(ansi);
    let result = match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Text => builder.with_target(false).try_init(),
    };
    // Already installed (tests start several servers in one process): keep the first.
    let _ = result;
}

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide metrics recorder; installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    RECORDER
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0])
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (embedding in tests); then ours only renders
            // what is recorded through it, which is acceptable for tests.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}
