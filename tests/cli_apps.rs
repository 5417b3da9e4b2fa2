//! `ponte apps …` against a fresh embedded database.

mod common;

use common::{TempDir, run, stdout};
use serde_json::Value;

fn create(dir: &TempDir, extra: &[&str]) -> Value {
    let mut args = vec!["apps", "create", "--name", "Lender", "--environment", "sandbox", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&stdout(&run(dir.path(), &args))).expect("one JSON object")
}

#[test]
fn create_prints_credentials_as_one_json_object() {
    let dir = TempDir::new("cli");
    let created = create(&dir, &["--products", "pf_balance,pf_income"]);
    let object = created.as_object().unwrap();
    assert_eq!(object.len(), 4);
    for key in ["appId", "accessKey", "secretKey", "webhookSecret"] {
        assert!(object[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert!(created["webhookSecret"].as_str().unwrap().starts_with("whsec_"));

    let list: Value = serde_json::from_str(&stdout(&run(dir.path(), &["apps", "list", "--json"]))).unwrap();
    let app = &list.as_array().unwrap()[0];
    assert_eq!(app["appId"], created["appId"]);
    assert_eq!(app["settings"]["products"], serde_json::json!(["pf_balance", "pf_income"]));
    assert!(app.get("secretKey").is_none(), "list never shows secrets");
    let text = stdout(&run(dir.path(), &["apps", "list"]));
    assert!(!text.contains(created["secretKey"].as_str().unwrap()));

    let key_file = dir.path().join("master.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(key_file).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn update_changes_settings_and_rejects_bad_values() {
    let dir = TempDir::new("cli");
    let created = create(&dir, &[]);
    let id = created["appId"].as_str().unwrap();
    let output = run(
        dir.path(),
        &[
            "apps",
            "update",
            id,
            "--event-webhook-url",
            "https://partner.example/events",
            "--products-webhook-url",
            "https://partner.example/reports",
            "--delivery-mode",
            "manual",
            "--allowed-redirect-prefix",
            "https://partner.example/done",
            "--allowed-redirect-prefix",
            "partnerapp://callback",
            "--products",
            "all",
            "--brand-name",
            "Partner",
            "--brand-logo-url",
            "https://partner.example/logo.png",
            "--brand-color",
            "#112233",
            "--json",
        ],
    );
    let app: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let settings = &app["settings"];
    assert_eq!(settings["eventWebhookUrl"], "https://partner.example/events");
    assert_eq!(settings["deliveryMode"], "manual");
    assert_eq!(settings["allowedRedirectPrefixes"].as_array().unwrap().len(), 2);
    assert_eq!(settings["branding"]["displayName"], "Partner");
    assert_eq!(settings["branding"]["primaryColor"], "#112233");

    for bad in [
        vec!["--event-webhook-url", "ftp://x"],
        vec!["--delivery-mode", "sometimes"],
        vec!["--brand-color", "red"],
        vec!["--allowed-redirect-prefix", "javascript:alert(1)"],
        vec!["--products", "all,pf_income"],
        vec!["--products", "nope"],
        vec!["--link-lifetime-secs", "1"],
    ] {
        let mut args = vec!["apps", "update", id];
        args.extend(bad.iter().copied());
        let output = run(dir.path(), &args);
        assert!(!output.status.success(), "{bad:?} was accepted");
        assert!(!output.stderr.is_empty(), "{bad:?}: no explanation");
    }
    let missing =
        run(dir.path(), &["apps", "update", &uuid::Uuid::new_v4().to_string(), "--delivery-mode", "manual"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no app"));
}

#[test]
fn rotate_secret_prints_new_credentials() {
    let dir = TempDir::new("cli");
    let created = create(&dir, &[]);
    let id = created["appId"].as_str().unwrap();
    let rotated: Value =
        serde_json::from_str(&stdout(&run(dir.path(), &["apps", "rotate-secret", id, "--json"]))).unwrap();
    assert_eq!(rotated["appId"], created["appId"]);
    assert_eq!(rotated["accessKey"], created["accessKey"]);
    assert_ne!(rotated["secretKey"], created["secretKey"]);
}

#[test]
fn bad_configuration_is_explained() {
    let dir = TempDir::new("cli");
    let output = run(dir.path(), &["apps", "list", "--database-url", "mysql://somewhere"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("database_url must start with sqlite:// or postgres://"), "{stderr}");
}
