//! ChromeDriver and headless Chromium: one driver per test, on a port it chooses itself, and a
//! fresh browser profile per session. Dropping the driver kills its whole process group, so no
//! browser outlives a failed test.

use super::ponte::BANK_HOST;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const STARTUP: Duration = Duration::from_secs(30);

pub struct Driver {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    child: Child,
    dir: PathBuf,
}

impl Driver {
    /// Starts ChromeDriver, or `None` (the test is skipped) when Chromium or ChromeDriver is not
    /// installed, unless `PONTE_REQUIRE_ALL_TESTS=1`.
    pub async fn start() -> Option<Driver> {
        let missing: Vec<&str> =
            [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).exists()).collect();
        if !missing.is_empty() {
            let missing = missing.join(" and ");
            assert!(
                std::env::var("PONTE_REQUIRE_ALL_TESTS").as_deref() != Ok("1"),
                "PONTE_REQUIRE_ALL_TESTS=1 but {missing} is missing (apt-get install chromium chromium-driver)"
            );
            eprintln!(
                "skipped: {missing} is missing; install chromium and chromium-driver to run the browser tests"
            );
            return None;
        }
        let dir = std::env::temp_dir().join(format!("ponte-browser-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a directory for the browser profiles");
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // Its own process group: Chromium and its helpers join it, and die with it on drop.
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let stdout = child.stdout.take().expect("chromedriver's output");
        let mut driver = Driver { url: String::new(), child, dir };
        // "ChromeDriver was started successfully on port 34933." Keep reading afterwards, so
        // the pipe never fills up.
        let (port_tx, port_rx) = tokio::sync::oneshot::channel::<u16>();
        std::thread::spawn(move || {
            let mut port_tx = Some(port_tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let port = line.split("started successfully on port ").nth(1);
                if let Some(port) = port.and_then(|p| p.trim().trim_end_matches('.').parse().ok())
                    && let Some(tx) = port_tx.take()
                {
                    let _ = tx.send(port);
                }
            }
        });
        let port = match tokio::time::timeout(STARTUP, port_rx).await {
            Ok(Ok(port)) => port,
            Ok(Err(_)) => panic!("chromedriver exited before saying which port it listens on"),
            Err(_) => panic!("chromedriver did not say which port it listens on within {STARTUP:?}"),
        };
        driver.url = format!("http://127.0.0.1:{port}");
        driver.wait_ready().await;
        Some(driver)
    }

    /// Polls `GET /status` until ChromeDriver says it is ready.
    async fn wait_ready(&self) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + STARTUP;
        loop {
            let status = http.get(format!("{}/status", self.url)).send().await;
            let ready = match status {
                Ok(response) => {
                    response.json::<Value>().await.ok().is_some_and(|s| s["value"]["ready"] == true)
                }
                Err(_) => false,
            };
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver at {} was not ready within {STARTUP:?}",
                self.url
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A new browser session: a phone-sized headless Chromium with a fresh profile, resolving
    /// the sandbox banks' host to 127.0.0.1.
    pub async fn session(&self) -> Client {
        let profile = self.dir.join(format!("profile-{}", uuid::Uuid::new_v4()));
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--ignore-certificate-errors",
            "--window-size=390,844",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([
            format!("--user-data-dir={}", profile.display()),
            format!("--host-resolver-rules=MAP {BANK_HOST} 127.0.0.1"),
        ])
        .collect::<Vec<_>>();
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("acceptInsecureCerts".into(), json!(true));
        capabilities.insert("goog:chromeOptions".into(), json!({ "binary": CHROMIUM, "args": args }));
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("start a Chromium session through {}: {e}", self.url))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is ChromeDriver's pid (process_group(0) above).
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
