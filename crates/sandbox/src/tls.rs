//! The sandbox banks' HTTPS listener. Client certificates are optional at the handshake, because
//! browsers reach the authorisation endpoint, discovery and JWKS without one, but verified against
//! the local CA whenever presented: a certificate from another CA fails the handshake. Each request
//! carries the verified leaf as a [`ClientCertificate`] extension, so that every endpoint FAPI-BR
//! puts behind mutual TLS (token, PAR, the data APIs) demands it with
//! [`ClientCertificate::require`].

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::Request;
use axum::http::request::Parts;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use rustls::pki_types::CertificateDer;
use rustls::server::{NoServerSessionStorage, VerifierBuilderError, WebPkiClientVerifier};
use rustls::{RootCertStore, ServerConfig};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::pki::{self, SandboxPki};

/// A client that has not finished the handshake by then is dropped.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Nor may a client dawdle over a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long in-flight connections may take to finish after shutdown begins.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("TLS configuration: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("client certificate verifier: {0}")]
    Verifier(#[from] VerifierBuilderError),
}

/// TLS 1.2 and 1.3, ALPN `http/1.1`, client certificates optional but verified against the local
/// CA, no session resumption (the FAPI-BR profile forbids it).
pub fn server_config(pki: &SandboxPki) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der().clone())?;
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .allow_unauthenticated()
        .build()?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![pki.server_cert_der().clone()], pki.server_key_der())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config.session_storage = Arc::new(NoServerSessionStorage {});
    config.send_tls13_tickets = 0;
    Ok(Arc::new(config))
}

/// The client certificate of the connection a request came on: the verified leaf, or `None` when
/// the client presented none. Also an extractor (`None` outside [`serve`]).
#[derive(Clone, Debug, Default)]
pub struct ClientCertificate(pub Option<CertificateDer<'static>>);

/// The endpoint requires mutual TLS and the connection has no client certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this endpoint requires a TLS client certificate (mutual TLS)")]
pub struct MtlsRequired;

impl ClientCertificate {
    pub fn require(&self) -> Result<&CertificateDer<'static>, MtlsRequired> {
        self.0.as_ref().ok_or(MtlsRequired)
    }

    /// `x5t#S256` of the certificate, for binding access tokens to it (`cnf`) and checking that
    /// binding; `None` without a certificate.
    pub fn thumbprint_s256(&self) -> Option<String> {
        self.0.as_ref().map(|cert| pki::x5t_s256(cert))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientCertificate {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<ClientCertificate>().cloned().unwrap_or_default())
    }
}

/// Serves `app` over TLS on `listener` until `shutdown` completes; then stops accepting and gives
/// open connections [`SHUTDOWN_GRACE`] to finish their requests before closing them. Requests carry
/// a [`ClientCertificate`] and a `ConnectInfo<SocketAddr>` extension.
pub async fn serve(
    listener: TcpListener,
    config: Arc<ServerConfig>,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = TlsAcceptor::from(config);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(done) = connections.join_next(), if !connections.is_empty() => log_task_end(done),
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(connection(acceptor.clone(), stream, peer, app.clone(), stop_rx.clone()));
                }
                Err(e) if is_connection_error(&e) => tracing::debug!(error = %e, "accept failed"),
                Err(e) => {
                    // Out of file descriptors and the like: accepting again at once would spin.
                    tracing::warn!(error = %e, "the sandbox listener cannot accept connections");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drop(listener);
    // Ignored error: no connection task is listening any more, which is what we want anyway.
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while let Some(done) = connections.join_next().await {
            log_task_end(done);
        }
    })
    .await;
    if drained.is_err() {
        tracing::debug!(open = connections.len(), "closing connections still open after the grace period");
        connections.shutdown().await;
    }
    Ok(())
}

async fn connection(
    acceptor: TlsAcceptor,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    mut stop: watch::Receiver<bool>,
) {
    // Small request/response exchanges: don't let Nagle hold back the last segment.
    let _ = stream.set_nodelay(true);
    let tls = tokio::select! {
        handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)) => match handshake {
            Ok(Ok(tls)) => tls,
            Ok(Err(e)) => return tracing::debug!(error = %e, "TLS handshake failed"),
            Err(_) => return tracing::debug!("TLS handshake timed out"),
        },
        _ = stop.wait_for(|stopping| *stopping) => return,
    };
    // rustls has verified the chain by now; the first certificate is the client's own.
    let leaf =
        tls.get_ref().1.peer_certificates().and_then(|chain| chain.first()).map(|c| c.clone().into_owned());
    let client_certificate = ClientCertificate(leaf);
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(client_certificate.clone());
        request.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(request)
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).keep_alive(true);
    let mut conn = std::pin::pin!(builder.serve_connection(TokioIo::new(tls), service));
    tokio::select! {
        result = conn.as_mut() => return log_connection_end(result),
        _ = stop.wait_for(|stopping| *stopping) => {}
    }
    // Finishes the request in flight, if any, then closes instead of keeping the connection alive.
    conn.as_mut().graceful_shutdown();
    log_connection_end(conn.await);
}

fn log_connection_end(result: Result<(), hyper::Error>) {
    if let Err(e) = result {
        tracing::debug!(error = %e, "sandbox connection ended with an error");
    }
}

fn log_task_end(result: Result<(), tokio::task::JoinError>) {
    if let Err(e) = result
        && e.is_panic()
    {
        tracing::warn!("a sandbox connection task panicked");
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset)
}
