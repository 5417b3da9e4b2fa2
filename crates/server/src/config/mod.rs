//! Layered configuration: built-in defaults → `ponte.toml` → `PONTE_*` environment variables →
//! command-line flags. Secrets can also come from files (`PONTE_MASTER_KEY_FILE`,
//! `PONTE_DATABASE_URL_FILE`). [`Config::load`] validates everything and explains how to fix
//! what is wrong.

mod validate;

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

pub use validate::ConfigError;

const DEFAULTS: &str = include_str!("defaults.toml");

/// Keys whose value may be read from the file named by `PONTE_<KEY>_FILE`.
const SECRET_KEYS: &[&str] = &["master_key", "database_url"];

/// `PONTE_*` variables that belong to tools around Ponte (tests, CI), not to its configuration.
const IGNORED_ENV: &[&str] = &["PONTE_TEST_DATABASE_URL", "PONTE_REQUIRE_ALL_TESTS", "PONTE_BIN"];

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: String,
    pub public_url: String,
    pub role: Role,
    pub log_format: LogFormat,
    pub log_level: String,
    pub master_key: String,
    pub previous_master_keys: Vec<String>,
    pub database: DatabaseConfig,
    pub http: HttpConfig,
    pub auth: AuthConfig,
    pub idempotency: IdempotencyConfig,
    pub jobs: JobsConfig,
    pub webhooks: WebhooksConfig,
    pub data: DataConfig,
    pub sandbox: SandboxConfig,
    pub institutions: InstitutionsConfig,
}

/// Where institutions come from, per app environment, and Ponte's OFB client credentials for
/// production (the sandbox environment uses the files the embedded sandbox writes).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InstitutionsConfig {
    /// Participants document for sandbox apps: URL or file. Empty: the embedded sandbox's.
    pub sandbox_directory: String,
    /// Participants document for production apps. Empty: production apps see no institutions.
    pub production_directory: String,
    /// Seconds between refreshes of the directories and the institutions' statuses.
    pub refresh_secs: u64,
    /// A JSON file mapping CNPJs to institution codes, replacing the built-in table.
    pub codes_file: String,
    /// Production OFB client: client_id at the institutions (one per deployment, after DCR).
    pub client_id: String,
    /// PKCS#8 RSA key (PEM) signing client assertions and request objects, and its key id.
    pub signing_key_file: String,
    pub signing_kid: String,
    /// The transport certificate (BRCAC) and key, PEM, for mutual TLS.
    pub transport_cert_file: String,
    pub transport_key_file: String,
    /// Extra CA certificates (PEM) to trust besides the system's (e.g. the ICP-Brasil chain).
    pub ca_file: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Api,
    Worker,
    All,
}

impl Role {
    pub fn serves_http(self) -> bool {
        matches!(self, Self::Api | Self::All)
    }

    pub fn runs_jobs(self) -> bool {
        matches!(self, Self::Worker | Self::All)
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub max_connections: u32,
    pub acquire_timeout_secs: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
    pub client_ip_header: String,
    pub shutdown_grace_secs: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub access_token_ttl_secs: u64,
    pub max_failures_per_key: u32,
    pub max_failures_per_ip: u32,
    pub failure_window_secs: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IdempotencyConfig {
    pub ttl_hours: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct JobsConfig {
    pub concurrency: usize,
    pub batch: u32,
    pub lease_secs: u64,
    pub heartbeat_secs: u64,
    pub poll_interval_ms: u64,
    pub backoff_base_secs: u64,
    pub backoff_max_secs: u64,
}

/// Fetching data from institutions (spec §7).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// Data younger than this is reused by report requests instead of being fetched again.
    pub freshness_secs: u64,
    /// Fetches run at once by one worker process, in a pool apart from the other jobs.
    pub fetch_concurrency: usize,
    /// Attempts per call to an institution's API (429, 529, 5xx, timeouts).
    pub call_attempts: u32,
    /// First retry delay and the cap of the exponential backoff, in milliseconds.
    pub retry_base_ms: u64,
    pub retry_max_ms: u64,
    /// The longest `Retry-After` honoured; a bank asking for more is retried by the job later.
    pub max_retry_after_secs: u64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    pub timeout_secs: u64,
    pub klavi_header_prefix: String,
    pub allowed_networks: Vec<String>,
    pub max_retry_after_secs: u64,
    pub max_in_flight_per_endpoint: usize,
}

/// The sandbox banks (`ponte serve` runs them beside the API; `ponte sandbox serve` alone).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SandboxConfig {
    pub enabled: SandboxEnabled,
    pub bind: String,
    /// The host name clients use; empty: the bind address (`localhost` when bound to 0.0.0.0).
    pub host: String,
    pub seed: u64,
}

impl SandboxConfig {
    /// `host`, unless empty.
    pub fn host_name(&self) -> Option<String> {
        Some(self.host.trim()).filter(|h| !h.is_empty()).map(str::to_owned)
    }
}

/// `sandbox.enabled`: `true`, `false`, or `auto` (also written empty): on in the embedded mode,
/// off with PostgreSQL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SandboxEnabled {
    #[default]
    Auto,
    On,
    Off,
}

impl Serialize for SandboxEnabled {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Auto => serializer.serialize_str("auto"),
            Self::On => serializer.serialize_bool(true),
            Self::Off => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for SandboxEnabled {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SandboxEnabled;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or auto (auto, or empty: on in the embedded mode only)")
            }

            fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<SandboxEnabled, E> {
                Ok(if value { SandboxEnabled::On } else { SandboxEnabled::Off })
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<SandboxEnabled, E> {
                match value.trim().to_ascii_lowercase().as_str() {
                    "" | "auto" => Ok(SandboxEnabled::Auto),
                    "true" => Ok(SandboxEnabled::On),
                    "false" => Ok(SandboxEnabled::Off),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(value), &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Values given on the command line; they win over every other layer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(skip_serializing_if = "SandboxOverrides::is_empty")]
    pub sandbox: SandboxOverrides,
}

/// Command-line values of the `[sandbox]` section (`--no-sandbox`, `--sandbox-bind`, …).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SandboxOverrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl SandboxOverrides {
    fn is_empty(&self) -> bool {
        self.enabled.is_none() && self.bind.is_none() && self.host.is_none() && self.seed.is_none()
    }
}

/// Where configuration comes from; tests pass their own environment instead of the process's.
pub struct Sources<'a> {
    /// An explicit config file (`--config`); it must exist.
    pub config_file: Option<&'a Path>,
    pub env: Vec<(String, String)>,
    pub overrides: Overrides,
}

impl Sources<'_> {
    pub fn from_process(config_file: Option<&Path>, overrides: Overrides) -> Sources<'_> {
        Sources { config_file, env: std::env::vars().collect(), overrides }
    }
}

impl Config {
    pub fn load(sources: Sources<'_>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        match sources.config_file {
            Some(path) if !path.exists() => {
                return Err(ConfigError::new(format!(
                    "the config file {} does not exist (remove --config or create it)",
                    path.display()
                )));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("ponte.toml").exists() => {
                figment = figment.merge(Toml::file_exact("ponte.toml"))
            }
            None => {}
        }
        figment = merge_env(figment, &sources.env);
        for key in SECRET_KEYS {
            let var = format!("PONTE_{}_FILE", key.to_uppercase());
            if let Some((_, path)) = sources.env.iter().find(|(k, _)| *k == var) {
                let value = std::fs::read_to_string(path).map_err(|e| {
                    ConfigError::new(format!("{var} names {path}, which cannot be read: {e}"))
                })?;
                figment = figment.merge(Serialized::default(key, value.trim().to_owned()));
            }
        }
        figment = figment.merge(Serialized::defaults(&sources.overrides));
        let config: Config = figment.extract().map_err(ConfigError::from_figment)?;
        config.validate()?;
        Ok(config)
    }

    /// The database URL, defaulting to the embedded SQLite file in the data directory.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("ponte.db").display())
        } else {
            self.database_url.trim().to_owned()
        }
    }

    /// True when running on the embedded SQLite database.
    pub fn is_embedded(&self) -> bool {
        self.effective_database_url().starts_with("sqlite:")
    }

    /// The base URL links and docs point at.
    pub fn effective_public_url(&self) -> String {
        let url = self.public_url.trim().trim_end_matches('/');
        if url.is_empty() { format!("http://{}", self.bind) } else { url.to_owned() }
    }

    /// The data pipeline's tunables.
    pub fn pipeline_config(&self) -> ponte_pipeline::PipelineConfig {
        let retry = ponte_ofb::data::RetryPolicy {
            attempts: self.data.call_attempts.max(1),
            base: std::time::Duration::from_millis(self.data.retry_base_ms),
            max_delay: std::time::Duration::from_millis(self.data.retry_max_ms),
            max_retry_after: std::time::Duration::from_secs(self.data.max_retry_after_secs),
        };
        ponte_pipeline::PipelineConfig {
            freshness: std::time::Duration::from_secs(self.data.freshness_secs),
            retry,
        }
    }

    /// Where webhooks may go besides public addresses: the configured networks, plus loopback
    /// in the embedded mode (a receiver on the same machine, e.g. `ponte webhooks listen`).
    pub fn webhook_allow_list(&self) -> Result<ponte_webhooks::ssrf::AllowList, ConfigError> {
        let mut entries = self.webhooks.allowed_networks.clone();
        if self.is_embedded() {
            entries.extend(["127.0.0.0/8".to_owned(), "::1/128".to_owned()]);
        }
        ponte_webhooks::ssrf::AllowList::parse(&entries)
            .map_err(|e| ConfigError::new(format!("webhooks.allowed_networks: {e}")))
    }

    pub fn master_key_file(&self) -> PathBuf {
        self.data_dir.join("master.key")
    }

    /// Whether `ponte serve` runs the sandbox banks: only in a process that serves HTTP, and
    /// with `sandbox.enabled = auto` only in the embedded mode.
    pub fn runs_sandbox(&self) -> bool {
        self.role.serves_http()
            && match self.sandbox.enabled {
                SandboxEnabled::Auto => self.is_embedded(),
                SandboxEnabled::On => true,
                SandboxEnabled::Off => false,
            }
    }

    /// `<data_dir>/sandbox`: the sandbox's local CA, certificates, keys and Ponte's client files.
    pub fn sandbox_dir(&self) -> PathBuf {
        self.data_dir.join("sandbox")
    }
}

/// Environment variables as figment values: `PONTE_AUTH__ACCESS_TOKEN_TTL_SECS` → `auth.access_token_ttl_secs`.
/// Variables that are not configuration (`PONTE_TEST_DATABASE_URL`, `*_FILE`) are skipped.
fn merge_env(figment: Figment, vars: &[(String, String)]) -> Figment {
    let config_vars = vars.iter().filter(|(name, _)| {
        name.starts_with("PONTE_") && !name.ends_with("_FILE") && !IGNORED_ENV.contains(&name.as_str())
    });
    config_vars.fold(figment, |figment, (name, value)| {
        let key = name.trim_start_matches("PONTE_").to_lowercase().replace("__", ".");
        figment.merge(Serialized::default(&key, env_value(value)))
    })
}

/// Environment values are strings; numbers, booleans and arrays (`[a, b]`) are parsed like
/// figment's own environment provider does, so `PONTE_JOBS__CONCURRENCY=4` is a number.
fn env_value(raw: &str) -> figment::value::Value {
    raw.parse::<figment::value::Value>().unwrap_or_else(|_| figment::value::Value::from(raw.to_owned()))
}

#[cfg(test)]
mod tests;
