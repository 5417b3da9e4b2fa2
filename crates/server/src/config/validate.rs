//! Checks that a loaded configuration makes sense, with messages that say how to fix it.

use super::Config;
use std::fmt;

#[derive(Debug)]
pub struct ConfigError(String);

impl ConfigError {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    pub(super) fn from_figment(error: figment::Error) -> Self {
        let messages: Vec<String> = error
            .into_iter()
            .map(|e| {
                let path = e.path.join(".");
                let hint = if path.is_empty() { String::new() } else { format!(" (setting `{path}`)") };
                let origin = e.metadata.as_ref().map(|m| format!(", from {}", m.name)).unwrap_or_default();
                format!("{}{hint}{origin}", e.kind)
            })
            .collect();
        Self(format!("invalid configuration: {}", messages.join("; ")))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        let url = self.effective_database_url();
        if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://"))
        {
            problems.push(format!(
                "database_url must start with sqlite:// or postgres:// (got '{}'); leave it empty for the embedded SQLite file",
                ponte_store::redact_url(&url)
            ));
        }
        if self.bind.parse::<std::net::SocketAddr>().is_err() {
            problems.push(format!(
                "bind must be an address with a port such as 127.0.0.1:8080 or 0.0.0.0:8080 (got '{}')",
                self.bind
            ));
        }
        if !self.public_url.trim().is_empty() {
            match url::Url::parse(self.public_url.trim()) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => problems.push(format!(
                    "public_url must be an absolute http(s) URL such as https://ponte.example.com (got '{}')",
                    self.public_url
                )),
            }
        }
        if !self.master_key.trim().is_empty() {
            if let Err(e) = ponte_store::MasterKey::from_base64(&self.master_key) {
                problems.push(format!("master_key: {e}"));
            }
        } else if !self.is_embedded() && !self.master_key_file().exists() {
            problems.push(
                "master_key is required with PostgreSQL: every replica must share it. Set PONTE_MASTER_KEY \
                 (or PONTE_MASTER_KEY_FILE) to 32 random bytes in base64, e.g. from `ponte keys generate`"
                    .to_owned(),
            );
        }
        for (i, key) in self.previous_master_keys.iter().enumerate() {
            if let Err(e) = ponte_store::MasterKey::from_base64(key) {
                problems.push(format!("previous_master_keys[{i}]: {e}"));
            }
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log_level).is_err() {
            problems.push(format!(
                "log_level '{}' is not a valid filter; use e.g. info, debug or info,ponte_store=debug",
                self.log_level
            ));
        }
        let positive = [
            ("database.max_connections", u64::from(self.database.max_connections)),
            ("http.body_limit_bytes", self.http.body_limit_bytes as u64),
            ("http.request_timeout_secs", self.http.request_timeout_secs),
            ("auth.access_token_ttl_secs", self.auth.access_token_ttl_secs),
            ("auth.failure_window_secs", self.auth.failure_window_secs),
            ("idempotency.ttl_hours", self.idempotency.ttl_hours),
            ("jobs.concurrency", self.jobs.concurrency as u64),
            ("jobs.batch", u64::from(self.jobs.batch)),
            ("webhooks.max_in_flight_per_endpoint", self.webhooks.max_in_flight_per_endpoint as u64),
            ("jobs.lease_secs", self.jobs.lease_secs),
            ("jobs.heartbeat_secs", self.jobs.heartbeat_secs),
            ("jobs.poll_interval_ms", self.jobs.poll_interval_ms),
        ];
        for (name, value) in positive {
            if value == 0 {
                problems.push(format!("{name} must be greater than 0"));
            }
        }
        if self.jobs.heartbeat_secs >= self.jobs.lease_secs {
            problems.push(format!(
                "jobs.heartbeat_secs ({}) must be shorter than jobs.lease_secs ({}), or leases expire under running jobs",
                self.jobs.heartbeat_secs, self.jobs.lease_secs
            ));
        }
        if let Err(e) = self.webhook_allow_list() {
            problems.push(e.to_string());
        }
        if self.webhooks.timeout_secs == 0 || self.webhooks.timeout_secs > 60 {
            problems.push("webhooks.timeout_secs must be between 1 and 60".to_owned());
        }
        let prefix = &self.webhooks.klavi_header_prefix;
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            problems.push(format!(
                "webhooks.klavi_header_prefix '{prefix}' must be letters, digits and dashes, e.g. X-Klavi"
            ));
        }
        if self.sandbox.bind.parse::<std::net::SocketAddr>().is_err() {
            problems.push(format!(
                "sandbox.bind must be an address with a port such as 127.0.0.1:8443 or 0.0.0.0:8443 \
                 (got '{}'); set it with --sandbox-bind or PONTE_SANDBOX__BIND",
                self.sandbox.bind
            ));
        }
        if let Some(host) = self.sandbox.host_name()
            && !is_host(&host)
        {
            problems.push(format!(
                "sandbox.host must be a host name or an IP address, without scheme or port, such as \
                 localhost or banks.example.test (got '{host}'); leave it empty to use the bind address"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError(format!("invalid configuration:\n  - {}", problems.join("\n  - "))))
        }
    }
}

/// A DNS name (letters, digits and dashes in dot-separated labels) or an IP address (IPv6 with or
/// without brackets): what the sandbox's server certificate can name.
fn is_host(host: &str) -> bool {
    let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    if bare.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    bare.len() <= 253
        && bare.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && !bare.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
}
