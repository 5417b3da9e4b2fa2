//! The sandbox banks as a newcomer meets them: started by `ponte serve` in the embedded mode
//! (or alone by `ponte sandbox serve`), announced in the banner, reached over HTTPS by trusting
//! `<data-dir>/sandbox/ca.pem`.

mod common;

use common::{Server, TempDir, ponte};
use serde_json::Value;
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

const BANKS: [&str; 5] = ["999", "998", "997", "996", "995"];

fn serve(dir: &TempDir, extra: &[&str]) -> Server {
    let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Server::start(ponte(dir.path(), &args))
}

/// GET over HTTPS, trusting only the sandbox's CA; returns the status and the JSON body.
fn get_json(url: &str, ca_pem: &Path) -> (u16, Value) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let ca = reqwest::Certificate::from_pem(&std::fs::read(ca_pem).expect("ca.pem")).unwrap();
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(ca)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let response = client.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e:?}"));
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    })
}

/// The rest of the output of a process that has exited (the readers end at end of file).
fn drain(server: &mut Server) {
    while let Ok(line) = server.lines.recv_timeout(Duration::from_secs(60)) {
        server.seen.push(line);
    }
}

/// Reads the banner's sandbox section; checks every bank's line and returns the directory URL.
fn sandbox_banner(server: &mut Server, dir: &TempDir) -> String {
    let directory = server.banner_value("/participants");
    let base = directory.strip_suffix("/participants").expect("a directory URL").to_owned();
    assert!(base.starts_with("https://127.0.0.1:"), "{directory}");
    assert!(!base.ends_with(":0"), "the banner shows the port actually bound: {directory}");
    for code in BANKS {
        let line = server.wait_for_line(&format!("{base}/banks/{code}"));
        assert!(line.trim_start().starts_with(code), "{line}");
    }
    let ca = server.banner_value("CA certificate");
    assert_eq!(Path::new(&ca), dir.path().join("sandbox").join("ca.pem"));
    let client = server.banner_value("Ponte's client");
    let client = Path::new(client.trim_end_matches('/'));
    assert_eq!(client, dir.path().join("sandbox").join("client"));
    for file in ["cert.pem", "key.pem", "client_id"] {
        assert!(client.join(file).is_file(), "{file} in {}", client.display());
    }
    let login = server.wait_for_line("password");
    assert!(login.contains("76109277673") && login.contains("`ponte`"), "{login}");
    directory
}

fn assert_five_banks(directory: &str, dir: &TempDir) {
    let (status, participants) = get_json(directory, &dir.path().join("sandbox").join("ca.pem"));
    assert_eq!(status, 200, "{participants}");
    let organisations = participants.as_array().expect("an array of organisations");
    assert_eq!(organisations.len(), 5, "{participants}");
    let base = directory.trim_end_matches("/participants");
    for (organisation, code) in organisations.iter().zip(BANKS) {
        assert_eq!(
            organisation["AuthorisationServers"][0]["OpenIDDiscoveryDocument"],
            format!("{base}/banks/{code}/.well-known/openid-configuration"),
        );
    }
}

#[test]
fn serve_runs_the_sandbox_banks_in_the_embedded_mode() {
    let dir = TempDir::new("sandbox-serve");
    let mut server = serve(&dir, &["--sandbox-bind", "127.0.0.1:0"]);
    server.wait_for_line("Sandbox banks");
    let directory = sandbox_banner(&mut server, &dir);
    assert_five_banks(&directory, &dir);

    let port = directory.trim_end_matches("/participants").rsplit(':').next().unwrap().to_owned();
    let status = server.terminate();
    drain(&mut server);
    assert!(status.success(), "graceful shutdown exits 0: {status:?}\n{}", server.seen.join("\n"));
    assert!(server.seen.iter().any(|l| l.contains("stopped")), "{}", server.seen.join("\n"));
    assert!(
        std::net::TcpStream::connect(format!("127.0.0.1:{port}")).is_err(),
        "nothing listens on the sandbox port after shutdown"
    );
}

#[test]
fn no_sandbox_turns_the_banks_off() {
    let dir = TempDir::new("sandbox-serve");
    // Were the banks started, they would fail on this taken port and serve would exit.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    let mut server = serve(&dir, &["--no-sandbox", "--sandbox-bind", &taken_addr]);
    server.wait_for_line("ponte started");
    let status = server.terminate();
    drain(&mut server);
    let output = server.seen.join("\n");
    assert!(status.success(), "{status:?}\n{output}");
    assert!(output.contains("accessKey"), "the banner was printed:\n{output}");
    for needle in ["Sandbox banks", "/participants", "/banks/", "ca.pem"] {
        assert!(!output.contains(needle), "{needle:?} printed with --no-sandbox:\n{output}");
    }
    assert!(!dir.path().join("sandbox").exists(), "no sandbox files are created");
}

#[test]
fn sandbox_serve_runs_the_banks_alone() {
    let dir = TempDir::new("sandbox-serve");
    let mut server = Server::start(ponte(
        dir.path(),
        &["sandbox", "serve", "--sandbox-bind", "127.0.0.1:0", "--seed", "7"],
    ));
    server.wait_for_line("sandbox banks only");
    let directory = sandbox_banner(&mut server, &dir);
    assert_five_banks(&directory, &dir);
    let status = server.terminate();
    drain(&mut server);
    let output = server.seen.join("\n");
    assert!(status.success(), "{status:?}\n{output}");
    assert!(!output.contains("/data/v1") && !output.contains("accessKey"), "no partner API:\n{output}");
    assert!(dir.path().join("ponte.db").exists(), "the embedded database was opened and migrated");
}

#[test]
fn a_taken_sandbox_port_is_a_clear_error() {
    let dir = TempDir::new("sandbox-serve");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    for args in [
        &["serve", "--bind", "127.0.0.1:0", "--sandbox-bind", &taken_addr][..],
        &["sandbox", "serve", "--sandbox-bind", &taken_addr][..],
    ] {
        let output = ponte(dir.path(), args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} must fail: {stderr}");
        assert!(stderr.contains(&taken_addr) && stderr.contains("--sandbox-bind"), "{args:?}: {stderr}");
    }
}
