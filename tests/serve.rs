//! `ponte serve` as a newcomer runs it: a fresh data directory, the banner, probes, SIGTERM.

mod common;

use common::{Server, TempDir, http, ponte};
use serde_json::Value;

fn serve(dir: &TempDir, extra: &[&str]) -> Server {
    let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(ponte(dir.path(), &args))
}

#[test]
fn first_run_prints_working_credentials_and_stops_on_sigterm() {
    let dir = TempDir::new("serve");
    let mut server = serve(&dir, &[]);
    let api = server.banner_value("API  ");
    let base = api.trim_end_matches("/data/v1").to_owned();
    let access_key = server.banner_value("accessKey");
    let secret_key = server.banner_value("secretKey");
    server.wait_for_line("curl -s -X POST");

    assert_eq!(http("GET", &format!("{base}/readyz"), None).0, 200);
    let body = format!(r#"{{"accessKey":"{access_key}","secretKey":"{secret_key}"}}"#);
    let (status, response) = http("POST", &format!("{base}/data/v1/auth"), Some(&body));
    assert_eq!(status, 200, "{response}");
    let token: Value = serde_json::from_str(&response).unwrap();
    assert_eq!(token["expireIn"], 1800);

    let status = server.terminate();
    assert!(status.success(), "graceful shutdown exits 0: {status:?}\n{}", server.seen.join("\n"));
    assert!(dir.path().join("ponte.db").exists());
    assert!(dir.path().join("master.key").exists());
    // Logs never carry the secret that the banner showed on stdout.
    let logs: Vec<_> = server.seen.iter().filter(|l| l.contains("INFO") || l.contains("WARN")).collect();
    assert!(logs.iter().all(|l| !l.contains(&secret_key)), "{logs:?}");

    // The second run finds the same app again.
    let mut again = serve(&dir, &[]);
    assert_eq!(again.banner_value("accessKey"), access_key);
    assert!(again.terminate().success());
}

#[test]
fn a_second_worker_on_the_same_sqlite_file_is_refused() {
    let dir = TempDir::new("serve");
    let mut first = serve(&dir, &[]);
    first.wait_for_line("accessKey");
    let second = ponte(dir.path(), &["serve", "--bind", "127.0.0.1:0", "--role", "worker"]).output().unwrap();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("another Ponte worker is already running"), "{stderr}");
    // An API-only replica on the same file is fine.
    let mut api = Server::start(ponte(dir.path(), &["serve", "--bind", "127.0.0.1:0", "--role", "api"]));
    let url = api.banner_value("Health");
    assert_eq!(http("GET", &url, None).0, 200);
    assert!(api.terminate().success());
    assert!(first.terminate().success());
}

#[test]
fn json_logs_when_asked() {
    let dir = TempDir::new("serve");
    let mut command = ponte(dir.path(), &["serve", "--bind", "127.0.0.1:0"]);
    command.env("PONTE_LOG_FORMAT", "json");
    let mut server = Server::start(command);
    let line = server.wait_for_line("ponte started");
    let parsed: Value = serde_json::from_str(&line).expect("a JSON log line");
    assert_eq!(parsed["level"], "INFO");
    assert!(server.terminate().success());
}
