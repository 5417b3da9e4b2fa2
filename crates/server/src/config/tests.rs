use super::*;

fn load(env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    Config::load(Sources {
        config_file: None,
        env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        overrides: Overrides::default(),
    })
}

#[test]
fn defaults_load_and_validate() {
    let config = load(&[]).unwrap();
    assert_eq!(config.bind, "127.0.0.1:8080");
    assert_eq!(config.role, Role::All);
    assert!(config.is_embedded());
    assert_eq!(config.effective_database_url(), "sqlite://./ponte-data/ponte.db");
    assert_eq!(config.effective_public_url(), "http://127.0.0.1:8080");
}

#[test]
fn environment_overrides_defaults_including_sections() {
    let config = load(&[
        ("PONTE_BIND", "0.0.0.0:9000"),
        ("PONTE_LOG_FORMAT", "json"),
        ("PONTE_AUTH__ACCESS_TOKEN_TTL_SECS", "900"),
        ("PONTE_TEST_DATABASE_URL", "postgres://ignored"),
    ])
    .unwrap();
    assert_eq!(config.bind, "0.0.0.0:9000");
    assert_eq!(config.log_format, LogFormat::Json);
    assert_eq!(config.auth.access_token_ttl_secs, 900);
}

#[test]
fn command_line_overrides_environment() {
    let config = Config::load(Sources {
        config_file: None,
        env: vec![("PONTE_BIND".into(), "0.0.0.0:9000".into())],
        overrides: Overrides {
            bind: Some("127.0.0.1:7000".into()),
            role: Some(Role::Api),
            ..Default::default()
        },
    })
    .unwrap();
    assert_eq!(config.bind, "127.0.0.1:7000");
    assert_eq!(config.role, Role::Api);
}

#[test]
fn config_file_layer_and_secret_files() {
    let dir = std::env::temp_dir().join(format!("ponte-config-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ponte.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:8181\"\n[jobs]\nconcurrency = 3\n").unwrap();
    let key_file = dir.join("key");
    let key = ponte_store::MasterKey::generate_base64();
    std::fs::write(&key_file, format!("{key}\n")).unwrap();
    let config = Config::load(Sources {
        config_file: Some(&file),
        env: vec![("PONTE_MASTER_KEY_FILE".into(), key_file.display().to_string())],
        overrides: Overrides::default(),
    })
    .unwrap();
    assert_eq!(config.bind, "127.0.0.1:8181");
    assert_eq!(config.jobs.concurrency, 3);
    assert_eq!(config.master_key, key);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn errors_say_how_to_fix() {
    let error = load(&[("PONTE_DATABASE_URL", "mysql://x")]).unwrap_err().to_string();
    assert!(error.contains("database_url must start with sqlite:// or postgres://"), "{error}");
    let error = load(&[("PONTE_BIND", "nope")]).unwrap_err().to_string();
    assert!(error.contains("bind must be an address"), "{error}");
    let error = load(&[("PONTE_DATABASE_URL", "postgres://u:secret@h/db")]).unwrap_err().to_string();
    assert!(error.contains("master_key is required with PostgreSQL"), "{error}");
    assert!(!error.contains("secret"), "{error}");
    let error = load(&[("PONTE_ROLE", "boss")]).unwrap_err().to_string();
    assert!(error.contains("role"), "{error}");
    let error = load(&[("PONTE_NOPE", "1")]).unwrap_err().to_string();
    assert!(error.contains("nope"), "{error}");
    let error = load(&[("PONTE_MASTER_KEY_FILE", "/does/not/exist")]).unwrap_err().to_string();
    assert!(error.contains("PONTE_MASTER_KEY_FILE"), "{error}");
}

#[test]
fn sandbox_runs_by_default_in_the_embedded_mode_only() {
    let config = load(&[]).unwrap();
    assert_eq!(
        config.sandbox,
        SandboxConfig {
            enabled: SandboxEnabled::Auto,
            bind: "127.0.0.1:8443".into(),
            host: String::new(),
            seed: 0
        }
    );
    assert!(config.runs_sandbox());
    assert_eq!(config.sandbox_dir(), Path::new("./ponte-data/sandbox"));
    assert_eq!(config.sandbox.host_name(), None);
    assert!(!load(&[("PONTE_ROLE", "worker")]).unwrap().runs_sandbox(), "only processes serving HTTP");
    assert!(load(&[("PONTE_ROLE", "api")]).unwrap().runs_sandbox());

    let key = ponte_store::MasterKey::generate_base64();
    let postgres = [("PONTE_DATABASE_URL", "postgres://u@h/db"), ("PONTE_MASTER_KEY", key.as_str())];
    assert!(!load(&postgres).unwrap().runs_sandbox(), "auto is off with PostgreSQL");
    let on = [postgres[0], postgres[1], ("PONTE_SANDBOX__ENABLED", "true")];
    assert!(load(&on).unwrap().runs_sandbox(), "explicitly on with PostgreSQL");
}

#[test]
fn sandbox_section_from_environment_file_and_flags() {
    let config = load(&[
        ("PONTE_SANDBOX__ENABLED", "false"),
        ("PONTE_SANDBOX__BIND", "0.0.0.0:9443"),
        ("PONTE_SANDBOX__HOST", "banks.example.test"),
        ("PONTE_SANDBOX__SEED", "42"),
    ])
    .unwrap();
    assert_eq!(config.sandbox.enabled, SandboxEnabled::Off);
    assert!(!config.runs_sandbox());
    assert_eq!(config.sandbox.bind, "0.0.0.0:9443");
    assert_eq!(config.sandbox.host_name().as_deref(), Some("banks.example.test"));
    assert_eq!(config.sandbox.seed, 42);
    for auto in ["", "auto", "AUTO"] {
        assert_eq!(load(&[("PONTE_SANDBOX__ENABLED", auto)]).unwrap().sandbox.enabled, SandboxEnabled::Auto);
    }

    let dir = std::env::temp_dir().join(format!("ponte-config-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ponte.toml");
    std::fs::write(&file, "[sandbox]\nenabled = true\nbind = \"127.0.0.1:9000\"\nseed = 7\n").unwrap();
    let config = Config::load(Sources {
        config_file: Some(&file),
        env: vec![("PONTE_SANDBOX__BIND".into(), "127.0.0.1:9001".into())],
        overrides: Overrides::default(),
    })
    .unwrap();
    assert_eq!(config.sandbox.enabled, SandboxEnabled::On);
    assert_eq!(config.sandbox.bind, "127.0.0.1:9001", "the environment wins over the file");
    assert_eq!(config.sandbox.seed, 7, "keys the environment does not set stay");

    // --no-sandbox and --sandbox-bind win over everything, and leave the other keys alone.
    let config = Config::load(Sources {
        config_file: Some(&file),
        env: vec![("PONTE_SANDBOX__ENABLED".into(), "true".into())],
        overrides: Overrides {
            sandbox: SandboxOverrides {
                enabled: Some(false),
                bind: Some("127.0.0.1:0".into()),
                ..Default::default()
            },
            ..Default::default()
        },
    })
    .unwrap();
    assert_eq!(config.sandbox.enabled, SandboxEnabled::Off);
    assert_eq!(config.sandbox.bind, "127.0.0.1:0");
    assert_eq!(config.sandbox.seed, 7);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sandbox_errors_say_how_to_fix() {
    let error = load(&[("PONTE_SANDBOX__ENABLED", "maybe")]).unwrap_err().to_string();
    assert!(error.contains("sandbox.enabled") && error.contains("true, false or auto"), "{error}");
    let error = load(&[("PONTE_SANDBOX__BIND", "localhost")]).unwrap_err().to_string();
    assert!(error.contains("sandbox.bind must be an address") && error.contains("--sandbox-bind"), "{error}");
    for host in ["https://banks.example", "localhost:8443", "bad host", "-x.test"] {
        let error = load(&[("PONTE_SANDBOX__HOST", host)]).unwrap_err().to_string();
        assert!(error.contains("sandbox.host must be a host name"), "{host}: {error}");
    }
    for host in ["localhost", "banks.example.test", "10.0.0.5", "::1"] {
        assert!(load(&[("PONTE_SANDBOX__HOST", host)]).is_ok(), "{host}");
    }
    let error = load(&[("PONTE_SANDBOX__PORT", "8443")]).unwrap_err().to_string();
    assert!(error.contains("port"), "unknown keys are refused: {error}");
}
