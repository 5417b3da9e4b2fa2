//! Running the real `ponte` binary in a temporary data directory.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_ponte");

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ponte-{label}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&path).expect("temp dir");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `ponte <args> --data-dir <dir>` with a clean environment (no PONTE_* from the caller).
pub fn ponte(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.args(args).arg("--data-dir").arg(dir).current_dir(dir);
    for (name, _) in std::env::vars() {
        if name.starts_with("PONTE_") {
            command.env_remove(name);
        }
    }
    // `serve` runs the sandbox banks in the embedded mode; tests run in parallel, so never on the
    // fixed default port (a test that cares passes --sandbox-bind, which wins over this).
    command.env("PONTE_SANDBOX__BIND", "127.0.0.1:0");
    command
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    ponte(dir, args).output().expect("run ponte")
}

pub fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "ponte failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

/// A `ponte serve` child process; its stdout lines arrive on a channel.
pub struct Server {
    pub child: Child,
    pub lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Server {
    pub fn start(mut command: Command) -> Self {
        let mut child =
            command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn ponte serve");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        for stream in [Box::new(out) as Box<dyn std::io::Read + Send>, Box::new(err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Self { child, lines, seen: Vec::new() }
    }

    /// Reads output until a line contains `needle` (bounded by a generous timeout).
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no line containing {needle:?}; output so far:\n{}", self.seen.join("\n")),
            }
        }
    }

    /// The value after `label` on the banner line that has it.
    pub fn banner_value(&mut self, label: &str) -> String {
        let line = self.wait_for_line(label);
        line.split_whitespace().last().expect("value").to_owned()
    }

    pub fn terminate(&mut self) -> std::process::ExitStatus {
        // SIGTERM, the signal orchestrators send.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        self.child.wait().expect("wait")
    }

    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking HTTP/1.1 request over loopback, good enough for probes: returns status and body.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    std::io::Write::write_all(&mut stream, head.as_bytes()).expect("send");
    std::io::Write::write_all(&mut stream, body).expect("send");
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).expect("read");
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// [`request`] without extra headers.
pub fn http(method: &str, url: &str, body: Option<&str>) -> (u16, String) {
    request(method, url, &[], body.unwrap_or("").as_bytes())
}
