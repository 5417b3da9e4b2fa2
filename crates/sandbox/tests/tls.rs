//! The sandbox's local PKI and its HTTPS listener: optional, verified client certificates reach the
//! handlers; files are kept across restarts with the right modes; the JOSE keys work with
//! jsonwebtoken.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use ponte_sandbox::pki::{self, PkiError, RsaSigningKey, SandboxPki};
use ponte_sandbox::tls::{self, ClientCertificate};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

/// RSA key generation takes seconds in a debug build: one key per test process, placed in each
/// test's directory before `load_or_create` looks for it.
fn shared_signing_key_pem() -> &'static str {
    static PEM: OnceLock<String> = OnceLock::new();
    PEM.get_or_init(|| RsaSigningKey::generate().unwrap().pkcs8_pem().to_owned())
}

/// A temporary sandbox directory with the shared signing key already in place.
struct Sandbox {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("sandbox");
        fs::create_dir_all(dir.join("client")).unwrap();
        fs::write(dir.join("client/signing-key.pem"), shared_signing_key_pem()).unwrap();
        Sandbox { _tmp: tmp, dir }
    }

    fn pki(&self, hosts: &[&str]) -> SandboxPki {
        let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        SandboxPki::load_or_create(&self.dir, &hosts).unwrap()
    }

    fn read(&self, file: &str) -> Vec<u8> {
        fs::read(self.dir.join(file)).unwrap()
    }
}

struct Server {
    addr: SocketAddr,
    hits: Arc<AtomicUsize>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(pki: &SandboxPki, app: Router) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = tls::server_config(pki).unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let task = tokio::spawn(tls::serve(listener, config, app, shutdown));
        Server { addr, hits: Arc::new(AtomicUsize::new(0)), stop: Some(stop), task }
    }

    /// A server whose `/whoami` reports the client certificate the handler sees.
    async fn whoami(pki: &SandboxPki) -> Server {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let app = Router::new().route(
            "/whoami",
            get(move |cert: ClientCertificate, ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Json(json!({
                    "certificate": cert.0.is_some(),
                    "required": cert.require().is_ok(),
                    "x5t": cert.thumbprint_s256(),
                    "loopback": peer.ip().is_loopback(),
                }))
            }),
        );
        Server { hits, ..Server::start(pki, app).await }
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.addr.port())
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.await.unwrap().unwrap();
    }
}

/// A client that trusts only the sandbox's CA, presenting `identity` (PEM) if given.
fn client(pki: &SandboxPki, identity: Option<String>) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).unwrap();
    let mut builder =
        reqwest::Client::builder().use_rustls_tls().tls_built_in_root_certs(false).add_root_certificate(ca);
    if let Some(pem) = identity {
        builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
    }
    builder.build().unwrap()
}

async fn whoami(client: &reqwest::Client, url: &str) -> reqwest::Result<Value> {
    client.get(url).send().await?.error_for_status()?.json().await
}

fn sha256_b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}

#[tokio::test]
async fn a_client_without_a_certificate_reaches_the_handler_with_none() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let server = Server::whoami(&pki).await;

    let seen = whoami(&client(&pki, None), &server.url("/whoami")).await.unwrap();

    assert_eq!(seen, json!({ "certificate": false, "required": false, "x5t": null, "loopback": true }));
    server.stop().await;
}

#[tokio::test]
async fn pontes_client_certificate_reaches_the_handler_with_its_thumbprint() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let server = Server::whoami(&pki).await;

    let seen =
        whoami(&client(&pki, Some(pki.transport_identity_pem())), &server.url("/whoami")).await.unwrap();

    let on_disk = CertificateDer::from_pem_file(sandbox.dir.join("client/cert.pem")).unwrap();
    let expected = sha256_b64url(&on_disk);
    assert_eq!(seen, json!({ "certificate": true, "required": true, "x5t": expected, "loopback": true }));
    assert_eq!(pki.client_cert_thumbprint(), expected);
    assert_eq!(pki.client_cert_der().as_ref(), on_disk.as_ref());
    server.stop().await;
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_fails_the_handshake() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let elsewhere = Sandbox::new();
    let other = elsewhere.pki(&[]);
    assert_ne!(pki.ca_pem(), other.ca_pem());
    let server = Server::whoami(&pki).await;

    let refused = whoami(&client(&pki, Some(other.transport_identity_pem())), &server.url("/whoami")).await;

    assert!(refused.is_err(), "a foreign client certificate was accepted: {refused:?}");
    assert_eq!(server.hits.load(Ordering::SeqCst), 0);
    // The listener itself is fine: Ponte's own certificate still gets through.
    let seen =
        whoami(&client(&pki, Some(pki.transport_identity_pem())), &server.url("/whoami")).await.unwrap();
    assert_eq!(seen["certificate"], true);
    server.stop().await;
}

#[tokio::test]
async fn a_silent_client_does_not_block_others_nor_shutdown() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let server = Server::whoami(&pki).await;
    // Connects and never starts the handshake.
    let _silent = TcpStream::connect(server.addr).await.unwrap();

    let seen = whoami(&client(&pki, None), &server.url("/whoami")).await.unwrap();
    assert_eq!(seen["certificate"], false);

    // Well under the handshake timeout: the pending handshake is dropped at shutdown.
    tokio::time::timeout(Duration::from_secs(5), server.stop()).await.unwrap();
}

#[tokio::test]
async fn shutdown_lets_the_request_in_flight_finish_then_stops_listening() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let release = Arc::new(Notify::new());
    let (entered_tx, entered_rx) = oneshot::channel::<()>();
    let entered_tx = Arc::new(std::sync::Mutex::new(Some(entered_tx)));
    let handler_release = release.clone();
    let app = Router::new().route(
        "/slow",
        get(move || async move {
            if let Some(entered) = entered_tx.lock().unwrap().take() {
                let _ = entered.send(());
            }
            handler_release.notified().await;
            "done"
        }),
    );
    let mut server = Server::start(&pki, app).await;
    let addr = server.addr;
    let mut request = tokio::spawn(client(&pki, None).get(server.url("/slow")).send());
    tokio::select! {
        entered = entered_rx => entered.unwrap(),
        ended = &mut request => panic!("the request ended before reaching the handler: {ended:?}"),
    }

    let _ = server.stop.take().unwrap().send(());
    // The handler has not answered yet, so serve must not have returned.
    assert!(tokio::time::timeout(Duration::from_millis(200), &mut server.task).await.is_err());
    release.notify_one();

    let response = request.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "done");
    server.task.await.unwrap().unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still listening after shutdown");
}

#[tokio::test]
async fn load_or_create_twice_gives_the_same_ca_and_keys() {
    let sandbox = Sandbox::new();
    let first = sandbox.pki(&["sandbox.test"]);
    let files: Vec<(&str, Vec<u8>)> = [
        "ca.pem",
        "ca-key.pem",
        "server.pem",
        "server-key.pem",
        "client/cert.pem",
        "client/key.pem",
        "client/signing-key.pem",
        "client/jwks.json",
        "client/client_id",
        "client/README.md",
    ]
    .into_iter()
    .map(|f| (f, sandbox.read(f)))
    .collect();

    let second = sandbox.pki(&["sandbox.test"]);

    for (file, before) in &files {
        assert_eq!(&sandbox.read(file), before, "{file} changed on the second start");
    }
    assert_eq!(first.ca_pem(), second.ca_pem());
    assert_eq!(first.server_cert_der(), second.server_cert_der());
    assert_eq!(first.transport_identity_pem(), second.transport_identity_pem());
    assert_eq!(first.client_signing_key().kid(), second.client_signing_key().kid());
    assert_eq!(first.client_id(), "ponte-sandbox-client");
    assert_eq!(second.client_id(), "ponte-sandbox-client");
    let readme = String::from_utf8(sandbox.read("client/README.md")).unwrap();
    assert!(readme.contains("ponte-sandbox-client") && readme.contains(pki::SOFTWARE_ID), "{readme}");
}

#[cfg(unix)]
#[tokio::test]
async fn private_keys_are_0600_and_the_ca_certificate_is_readable() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sandbox");
    // A first run from nothing (so the signing key is generated here, not copied in).
    SandboxPki::load_or_create(&dir, &[]).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;

    for key in ["ca-key.pem", "server-key.pem", "client/key.pem", "client/signing-key.pem"] {
        assert_eq!(mode(&dir.join(key)), 0o600, "{key}");
    }
    assert_eq!(mode(&dir.join("ca.pem")), 0o644);
    // Others may reach ca.pem by name, but not list the directory or enter client/.
    assert_eq!(mode(&dir), 0o711);
    assert_eq!(mode(&dir.join("client")), 0o700);
    // A bank's key, in a directory that does not exist yet; found again on the next start.
    let bank_key = tmp.path().join("banks/999/signing-key.pem");
    let created = pki::load_or_create_rsa_key(&bank_key).unwrap();
    assert_eq!(mode(&bank_key), 0o600);
    assert_eq!(mode(bank_key.parent().unwrap()), 0o700);
    let loaded = pki::load_or_create_rsa_key(&bank_key).unwrap();
    assert_eq!(loaded.kid(), created.kid());
    assert_eq!(loaded.pkcs8_pem(), fs::read_to_string(&bank_key).unwrap());
}

#[tokio::test]
async fn the_server_certificate_is_reissued_for_new_hosts_and_the_ca_stays() {
    let sandbox = Sandbox::new();
    let before = sandbox.pki(&[]);
    let (ca, ca_key, server_key, client_cert) = (
        sandbox.read("ca.pem"),
        sandbox.read("ca-key.pem"),
        sandbox.read("server-key.pem"),
        sandbox.read("client/cert.pem"),
    );
    let old_server_pem = sandbox.read("server.pem");

    let after = sandbox.pki(&["sandbox.test", "[::2]"]);

    assert_ne!(sandbox.read("server.pem"), old_server_pem, "server.pem was not reissued");
    assert_eq!(sandbox.read("ca.pem"), ca);
    assert_eq!(sandbox.read("ca-key.pem"), ca_key);
    assert_eq!(sandbox.read("server-key.pem"), server_key);
    assert_eq!(sandbox.read("client/cert.pem"), client_cert);
    assert_eq!(before.ca_pem(), after.ca_pem());
    // Same hosts again: nothing to reissue.
    let reissued = sandbox.read("server.pem");
    sandbox.pki(&["sandbox.test"]);
    assert_eq!(sandbox.read("server.pem"), reissued);

    // The new certificate names the new host; the old one did not.
    for (pki, should_connect) in [(&after, true), (&before, false)] {
        let server = Server::whoami(pki).await;
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(pki.ca_pem().as_bytes()).unwrap())
            .resolve("sandbox.test", server.addr)
            .build()
            .unwrap();
        let url = format!("https://sandbox.test:{}/whoami", server.addr.port());
        let result = whoami(&client, &url).await;
        assert_eq!(result.is_ok(), should_connect, "{result:?}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_invalid_host_is_refused() {
    let sandbox = Sandbox::new();
    let err = SandboxPki::load_or_create(&sandbox.dir, &["bad host!".to_owned()]).unwrap_err();
    assert!(matches!(err, PkiError::InvalidHost(ref h) if h == "bad host!"), "{err}");
}

#[tokio::test]
async fn a_corrupt_file_is_named_with_the_fix() {
    let sandbox = Sandbox::new();
    sandbox.pki(&[]);
    for file in ["ca-key.pem", "client/signing-key.pem", "server.pem"] {
        let good = sandbox.read(file);
        fs::write(sandbox.dir.join(file), "not a PEM file").unwrap();

        let err = SandboxPki::load_or_create(&sandbox.dir, &[]).unwrap_err();

        let message = err.to_string();
        assert!(matches!(err, PkiError::Corrupt { .. }), "{file}: {message}");
        assert!(message.contains(&sandbox.dir.join(file).display().to_string()), "{message}");
        assert!(message.contains("delete the sandbox directory"), "{message}");
        fs::write(sandbox.dir.join(file), good).unwrap();
    }
}

#[test]
fn the_kid_is_the_rfc_7638_thumbprint() {
    // RFC 7638 §3.1's example key and thumbprint.
    let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRX\
             jBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaS\
             qzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksIN\
             HaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    assert_eq!(pki::rsa_jwk_thumbprint(n, "AQAB"), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");

    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let jwks: Value = serde_json::from_slice(&sandbox.read("client/jwks.json")).unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let jwk = &keys[0];
    let canonical = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        jwk["e"].as_str().unwrap(),
        jwk["n"].as_str().unwrap()
    );
    assert_eq!(jwk["kid"], sha256_b64url(canonical.as_bytes()));
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["alg"], "PS256");
    assert_eq!(jwk, pki.client_signing_key().public_jwk());
    assert!(jwk.get("d").is_none(), "the JWKS leaks the private key");
}

#[test]
fn a_ps256_jwt_signed_with_the_signing_key_verifies_with_the_jwk() {
    let sandbox = Sandbox::new();
    let pki = sandbox.pki(&[]);
    let key = pki.client_signing_key();
    let mut header = Header::new(Algorithm::PS256);
    header.kid = Some(key.kid().to_owned());
    let claims = json!({ "iss": pki.client_id(), "sub": pki.client_id(), "exp": 4_102_444_800u64 });
    let token = jsonwebtoken::encode(&header, &claims, &key.encoding_key()).unwrap();

    let jwks: Value = serde_json::from_slice(&sandbox.read("client/jwks.json")).unwrap();
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwks["keys"][0].clone()).unwrap();
    let from_jwk = DecodingKey::from_jwk(&jwk).unwrap();
    let mut validation = Validation::new(Algorithm::PS256);
    validation.validate_aud = false;
    let verified = jsonwebtoken::decode::<Value>(&token, &from_jwk, &validation).unwrap();
    assert_eq!(verified.claims, claims);
    assert_eq!(jsonwebtoken::decode_header(&token).unwrap().kid.as_deref(), Some(key.kid()));
    jsonwebtoken::decode::<Value>(&token, &key.decoding_key(), &validation).unwrap();

    // A changed payload no longer verifies.
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged_claims =
        URL_SAFE_NO_PAD.encode(json!({ "iss": "someone-else", "exp": 4_102_444_800u64 }).to_string());
    parts[1] = &forged_claims;
    let forged = parts.join(".");
    assert!(jsonwebtoken::decode::<Value>(&forged, &from_jwk, &validation).is_err());
}
