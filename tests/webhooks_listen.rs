//! `ponte webhooks listen` verifies real signed deliveries and flags tampered ones.

mod common;

use common::{Server, TempDir, ponte, request};
use ponte_webhooks::signing::{AppSigningKeys, WebhookSecret};
use serde_json::Value;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn post(addr: &str, headers: &[(String, String)], body: &[u8]) -> u16 {
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    request("POST", &format!("http://{addr}/hooks"), &headers, body).0
}

#[test]
fn listen_verifies_both_schemes_and_flags_tampering() {
    let dir = TempDir::new("listen");
    let mut command = ponte(dir.path(), &["webhooks", "listen", "--port", "0", "--json", "--status", "202"]);
    command.args(["--secret", SECRET, "--klavi-secret", "sk_test"]);
    let mut receiver = Server::start(command);
    let line = receiver.wait_for_line("Listening for webhooks on http://");
    let addr = line.rsplit("http://").next().unwrap().split_whitespace().next().unwrap().to_owned();

    let keys = AppSigningKeys {
        webhook_secrets: vec![SECRET.parse::<WebhookSecret>().unwrap()],
        secret_key: "sk_test".into(),
    };
    let body = br#"{"eventName":"webhook_test","eventId":"evt_1","payload":{}}"#;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let headers = keys.headers("evt_1", now, body, "X-Klavi").0;
    assert_eq!(post(&addr, &headers, body), 202);
    let valid: Value = serde_json::from_str(&receiver.wait_for_line("\"webhookId\"")).unwrap();
    assert_eq!(valid["standardWebhooks"]["result"], "valid");
    assert_eq!(valid["klavi"]["result"], "valid");
    assert_eq!(valid["eventName"], "webhook_test");
    assert_eq!(valid["repeat"], false);

    let tampered = br#"{"eventName":"webhook_test","eventId":"evt_1","payload":{"x":1}}"#;
    post(&addr, &headers, tampered);
    let invalid: Value = serde_json::from_str(&receiver.wait_for_line("\"webhookId\"")).unwrap();
    assert_eq!(invalid["standardWebhooks"]["result"], "invalid");
    assert_eq!(invalid["klavi"]["result"], "invalid");
    assert_eq!(invalid["repeat"], true, "same webhook-id as before");
}

#[test]
fn listen_refuses_a_malformed_secret() {
    let dir = TempDir::new("listen");
    let output = ponte(dir.path(), &["webhooks", "listen", "--port", "0", "--secret", "not-a-secret"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("whsec_"));
}
