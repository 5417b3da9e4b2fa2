//! The FAPI-BR client: one mutual-TLS HTTP client with Ponte's transport certificate, Ponte's
//! PS256 signing key, and per-bank caches of metadata and client-credentials tokens.

mod cache;
pub(crate) mod http;
mod id_token;
mod jwt;
mod par;
mod resources;
mod server;
mod token;

pub use http::{INTERACTION_ID, MAX_BODY_BYTES};
pub use id_token::{Expected, IdTokenClaims, half_hash};
pub use jwt::ASSERTION_TYPE;
pub use par::{AuthorisationRequest, PushedRequest};
pub use resources::{BankStatus, Fetched, UserPresent};
pub use server::{AuthServer, METADATA_TTL};
pub use token::{AccessToken, TokenSet};

use crate::OfbError;
use cache::TtlCache;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The authentication level FAPI-BR requires every bank to support.
pub const ACR_LOA2: &str = "urn:brasil:openbanking:loa2";
pub const ACR_LOA3: &str = "urn:brasil:openbanking:loa3";

/// Ponte's identity as an OFB client.
#[derive(Clone)]
pub struct ClientConfig {
    /// The client id the banks registered Ponte under.
    pub client_id: String,
    /// PKCS#8 PEM RSA private key (≥ 2048 bits) for `private_key_jwt` and request objects.
    pub signing_key_pem: String,
    /// The `kid` of the signing key in Ponte's registered JWKS.
    pub signing_kid: String,
    /// The transport (BRCAC) certificate chain and its private key, PEM: the mTLS identity.
    pub transport_cert_pem: String,
    pub transport_key_pem: String,
    /// CAs to trust in addition to (or, with `use_system_roots` off, instead of) the
    /// built-in web roots — e.g. ICP-Brasil's, or a sandbox's local CA. Each may hold several.
    pub extra_roots_pem: Vec<String>,
    /// Trust the built-in (Mozilla) web roots.
    pub use_system_roots: bool,
    /// Host names resolved to fixed addresses instead of DNS.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Whole-request timeout of every call.
    pub timeout: Duration,
    /// The `acr` values asked for (as an essential claim) and accepted in id_tokens.
    pub acr_values: Vec<String>,
}

impl ClientConfig {
    /// A configuration with the defaults: system roots, 30 s timeout, `acr` loa2.
    pub fn new(
        client_id: impl Into<String>,
        signing_key_pem: impl Into<String>,
        signing_kid: impl Into<String>,
        transport_cert_pem: impl Into<String>,
        transport_key_pem: impl Into<String>,
    ) -> ClientConfig {
        ClientConfig {
            client_id: client_id.into(),
            signing_key_pem: signing_key_pem.into(),
            signing_kid: signing_kid.into(),
            transport_cert_pem: transport_cert_pem.into(),
            transport_key_pem: transport_key_pem.into(),
            extra_roots_pem: Vec::new(),
            use_system_roots: true,
            resolve: Vec::new(),
            timeout: Duration::from_secs(30),
            acr_values: vec![ACR_LOA2.to_owned()],
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("client_id", &self.client_id)
            .field("signing_kid", &self.signing_kid)
            .field("extra_roots", &self.extra_roots_pem.len())
            .field("use_system_roots", &self.use_system_roots)
            .field("resolve", &self.resolve)
            .field("timeout", &self.timeout)
            .field("acr_values", &self.acr_values)
            .finish_non_exhaustive()
    }
}

/// The OFB client. Cheap to clone: clones share the connection pool and the caches.
#[derive(Clone)]
pub struct FapiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    client_id: String,
    signer: jwt::Signer,
    acr_values: Vec<String>,
    servers: TtlCache<String, Arc<AuthServer>>,
    tokens: TtlCache<(String, String), AccessToken>,
}

impl fmt::Debug for FapiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FapiClient").field("client_id", &self.inner.client_id).finish_non_exhaustive()
    }
}

impl FapiClient {
    pub fn new(config: ClientConfig) -> Result<FapiClient, OfbError> {
        if config.client_id.is_empty() {
            return Err(OfbError::Config("the client id is empty".into()));
        }
        if config.acr_values.is_empty() {
            return Err(OfbError::Config("at least one acr value is required".into()));
        }
        if !config.use_system_roots && config.extra_roots_pem.is_empty() {
            return Err(OfbError::Config("no trusted CA: enable the system roots or add one".into()));
        }
        let signer = jwt::Signer::from_pkcs8_pem(&config.signing_key_pem, &config.signing_kid)?;
        let identity = reqwest::Identity::from_pem(
            format!("{}\n{}", config.transport_cert_pem.trim_end(), config.transport_key_pem).as_bytes(),
        )
        .map_err(|e| OfbError::Config(format!("the transport certificate or key: {e}")))?;
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .identity(identity)
            .tls_built_in_root_certs(config.use_system_roots)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("ponte-ofb/", env!("CARGO_PKG_VERSION")));
        for pem in &config.extra_roots_pem {
            let roots = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|e| OfbError::Config(format!("a trusted CA is not PEM: {e}")))?;
            if roots.is_empty() {
                return Err(OfbError::Config("a trusted CA PEM holds no certificate".into()));
            }
            for root in roots {
                builder = builder.add_root_certificate(root);
            }
        }
        for (host, addr) in &config.resolve {
            builder = builder.resolve(host, *addr);
        }
        let http = builder.build().map_err(|e| OfbError::Config(format!("the HTTP client: {e}")))?;
        Ok(FapiClient {
            inner: Arc::new(Inner {
                http,
                client_id: config.client_id,
                signer,
                acr_values: config.acr_values,
                servers: TtlCache::default(),
                tokens: TtlCache::default(),
            }),
        })
    }

    pub fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    pub fn acr_values(&self) -> &[String] {
        &self.inner.acr_values
    }

    /// The mutual-TLS HTTP client, for the API modules of this crate.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }
}
