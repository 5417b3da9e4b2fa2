//! An authorisation server as its discovery document describes it (OIDC Discovery, RFC 8414,
//! RFC 8705 `mtls_endpoint_aliases`) and its signing keys (JWKS).

use super::FapiClient;
use super::http::{self, MAX_BODY_BYTES};
use crate::OfbError;
use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use serde_json::Value;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use url::Url;

/// Metadata is fetched again after this long (new endpoints, new keys).
pub const METADATA_TTL: Duration = Duration::from_secs(3600);
/// A JWKS is not fetched again sooner than this for an unknown `kid`: a stream of forged
/// tokens must not become a stream of requests to the bank.
const JWKS_REFETCH_INTERVAL: Duration = Duration::from_secs(30);
/// More keys than this in one JWKS is not a signing key set.
const MAX_KEYS: usize = 100;
const MAX_URL_BYTES: usize = 2048;

/// A bank's authorisation server.
#[derive(Debug)]
pub struct AuthServer {
    /// The discovery document's URL this server was read from.
    pub discovery_url: String,
    pub issuer: String,
    pub authorization_endpoint: Url,
    /// The token endpoint as published: the audience of client assertions.
    pub token_endpoint: Url,
    pub pushed_authorization_request_endpoint: Url,
    pub jwks_uri: Url,
    /// `mtls_endpoint_aliases.token_endpoint`, when published: where token requests go.
    pub mtls_token_endpoint: Option<Url>,
    /// `mtls_endpoint_aliases.pushed_authorization_request_endpoint`, when published.
    pub mtls_pushed_authorization_request_endpoint: Option<Url>,
    keys: RwLock<Keys>,
}

#[derive(Debug)]
struct Keys {
    set: Arc<Vec<ServerKey>>,
    /// When the keys were fetched from the bank; `None` for keys given by the caller.
    fetched: Option<Instant>,
}

/// A signature key of the server: RSA, for signing (FAPI-BR signs with PS256 only).
pub(crate) struct ServerKey {
    pub kid: Option<String>,
    pub key: DecodingKey,
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl AuthServer {
    /// A server from its discovery document and JWKS, checked: the issuer is the discovery
    /// URL's prefix (OIDC Discovery §4.3, so one bank cannot speak for another), every
    /// endpoint is HTTPS, and PAR is published (FAPI-BR requires it). An unknown `kid` later
    /// makes the client fetch the server's JWKS from `jwks_uri`.
    pub fn from_documents(
        discovery_url: &str,
        metadata: &Value,
        jwks: &Value,
    ) -> Result<AuthServer, OfbError> {
        let mut server = Self::from_metadata(discovery_url, metadata)?;
        server.keys = RwLock::new(Keys { set: Arc::new(parse_jwks(jwks)?), fetched: None });
        Ok(server)
    }

    fn from_metadata(discovery_url: &str, metadata: &Value) -> Result<AuthServer, OfbError> {
        let issuer = http::field(metadata, "issuer", MAX_URL_BYTES)
            .ok_or_else(|| OfbError::protocol("the discovery document has no issuer"))?;
        let expected = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
        if expected != discovery_url {
            return Err(OfbError::protocol(format!(
                "the issuer {issuer:?} does not match the discovery document's URL"
            )));
        }
        let endpoint = |doc: &Value, key: &str| -> Result<Option<Url>, OfbError> {
            let Some(value) = doc.get(key) else { return Ok(None) };
            let url = value
                .as_str()
                .filter(|s| s.len() <= MAX_URL_BYTES)
                .and_then(|s| Url::parse(s).ok())
                .filter(|u| u.scheme() == "https" && u.host().is_some())
                .ok_or_else(|| {
                    OfbError::protocol(format!("{key} in the discovery document is not an HTTPS URL"))
                })?;
            Ok(Some(url))
        };
        let required = |key: &str| {
            endpoint(metadata, key)?
                .ok_or_else(|| OfbError::protocol(format!("the discovery document has no {key}")))
        };
        let aliases = metadata.get("mtls_endpoint_aliases").filter(|a| a.is_object());
        let alias = |key: &str| aliases.map_or(Ok(None), |a| endpoint(a, key));
        Ok(AuthServer {
            discovery_url: discovery_url.to_owned(),
            issuer: issuer.to_owned(),
            authorization_endpoint: required("authorization_endpoint")?,
            token_endpoint: required("token_endpoint")?,
            pushed_authorization_request_endpoint: required("pushed_authorization_request_endpoint")?,
            jwks_uri: required("jwks_uri")?,
            mtls_token_endpoint: alias("token_endpoint")?,
            mtls_pushed_authorization_request_endpoint: alias("pushed_authorization_request_endpoint")?,
            keys: RwLock::new(Keys { set: Arc::new(Vec::new()), fetched: None }),
        })
    }

    /// Where token requests are sent: the mTLS alias when there is one.
    pub fn token_url(&self) -> &Url {
        self.mtls_token_endpoint.as_ref().unwrap_or(&self.token_endpoint)
    }

    /// Where pushed authorisation requests are sent: the mTLS alias when there is one.
    pub fn par_url(&self) -> &Url {
        self.mtls_pushed_authorization_request_endpoint
            .as_ref()
            .unwrap_or(&self.pushed_authorization_request_endpoint)
    }

    pub(crate) fn keys(&self) -> Arc<Vec<ServerKey>> {
        self.keys.read().map(|k| k.set.clone()).unwrap_or_else(|e| e.into_inner().set.clone())
    }

    fn keys_fetched(&self) -> Option<Instant> {
        self.keys.read().map(|k| k.fetched).unwrap_or_else(|e| e.into_inner().fetched)
    }

    fn set_keys(&self, set: Vec<ServerKey>) {
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        *keys = Keys { set: Arc::new(set), fetched: Some(Instant::now()) };
    }
}

/// The RSA signature keys of a JWKS; other keys (encryption, EC, unknown types) are ignored,
/// and so is a key that does not parse.
pub(crate) fn parse_jwks(jwks: &Value) -> Result<Vec<ServerKey>, OfbError> {
    let keys = jwks
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| OfbError::protocol("the JWKS has no keys"))?;
    if keys.len() > MAX_KEYS {
        return Err(OfbError::protocol(format!("the JWKS has more than {MAX_KEYS} keys")));
    }
    let usable =
        keys.iter().filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok()).filter_map(|jwk| {
            let signing = k_use(&jwk).is_none_or(|u| u == "sig");
            let rsa = matches!(jwk.algorithm, AlgorithmParameters::RSA(_));
            if !(signing && rsa) {
                return None;
            }
            let key = DecodingKey::from_jwk(&jwk).ok()?;
            Some(ServerKey { kid: jwk.common.key_id.clone().filter(|k| k.len() <= 256), key })
        });
    Ok(usable.collect())
}

fn k_use(jwk: &Jwk) -> Option<String> {
    use jsonwebtoken::jwk::PublicKeyUse;
    jwk.common.public_key_use.as_ref().map(|u| match u {
        PublicKeyUse::Signature => "sig".to_owned(),
        PublicKeyUse::Encryption => "enc".to_owned(),
        PublicKeyUse::Other(other) => other.clone(),
    })
}

impl FapiClient {
    /// The authorisation server whose discovery document is at `discovery_url`, with its
    /// keys; fetched once and kept for [`METADATA_TTL`].
    pub async fn server(&self, discovery_url: &str) -> Result<Arc<AuthServer>, OfbError> {
        if let Some(server) = self.inner.servers.get(discovery_url) {
            return Ok(server);
        }
        let url = Url::parse(discovery_url)
            .ok()
            .filter(|u| u.scheme() == "https")
            .ok_or_else(|| OfbError::Input("the discovery document URL must be an HTTPS URL".into()))?;
        let answer = http::send(self.inner.http.get(url), "discovery", MAX_BODY_BYTES).await?;
        let metadata = answer.json(&[200], "discovery", false)?;
        let server = AuthServer::from_metadata(discovery_url, &metadata)?;
        server.set_keys(self.fetch_jwks(&server.jwks_uri).await?);
        let server = Arc::new(server);
        self.inner.servers.put(discovery_url.to_owned(), server.clone(), METADATA_TTL);
        Ok(server)
    }

    async fn fetch_jwks(&self, jwks_uri: &Url) -> Result<Vec<ServerKey>, OfbError> {
        let answer = http::send(self.inner.http.get(jwks_uri.clone()), "jwks", MAX_BODY_BYTES).await?;
        parse_jwks(&answer.json(&[200], "jwks", false)?)
    }

    /// Fetches the server's JWKS again after an unknown `kid` (key rotation), unless it was
    /// fetched moments ago. Returns whether it fetched them.
    pub(crate) async fn refresh_keys(&self, server: &AuthServer) -> Result<bool, OfbError> {
        if server.keys_fetched().is_some_and(|at| at.elapsed() < JWKS_REFETCH_INTERVAL) {
            return Ok(false);
        }
        let keys = self.fetch_jwks(&server.jwks_uri).await?;
        tracing::info!(issuer = %server.issuer, keys = keys.len(), "fetched the bank's JWKS again");
        server.set_keys(keys);
        Ok(true)
    }

    /// Forgets the cached metadata of every server (e.g. after a bank announced new
    /// endpoints).
    pub fn forget_servers(&self) {
        self.inner.servers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fapi::jwt::tests::{KEYS, jwk};
    use serde_json::json;

    const DISCOVERY: &str = "https://as.bank.test/.well-known/openid-configuration";

    fn metadata() -> Value {
        json!({
            "issuer": "https://as.bank.test",
            "authorization_endpoint": "https://as.bank.test/authorize",
            "token_endpoint": "https://as.bank.test/token",
            "pushed_authorization_request_endpoint": "https://as.bank.test/par",
            "jwks_uri": "https://as.bank.test/jwks",
            "mtls_endpoint_aliases": {
                "token_endpoint": "https://mtls.bank.test/token",
                "pushed_authorization_request_endpoint": "https://mtls.bank.test/par",
            },
        })
    }

    fn jwks() -> Value {
        json!({"keys": [jwk(&KEYS[0], "k1")]})
    }

    #[test]
    fn mtls_aliases_are_where_requests_go() {
        let server = AuthServer::from_documents(DISCOVERY, &metadata(), &jwks()).unwrap();
        assert_eq!(server.token_url().as_str(), "https://mtls.bank.test/token");
        assert_eq!(server.par_url().as_str(), "https://mtls.bank.test/par");
        assert_eq!(server.token_endpoint.as_str(), "https://as.bank.test/token");
        let mut plain = metadata();
        plain.as_object_mut().unwrap().remove("mtls_endpoint_aliases");
        let server = AuthServer::from_documents(DISCOVERY, &plain, &jwks()).unwrap();
        assert_eq!(server.token_url().as_str(), "https://as.bank.test/token");
        assert_eq!(server.keys().len(), 1);
    }

    #[test]
    fn metadata_that_breaks_the_protocol_is_refused() {
        let with = |key: &str, value: Value| {
            let mut m = metadata();
            m[key] = value;
            AuthServer::from_documents(DISCOVERY, &m, &jwks())
        };
        assert!(with("issuer", json!("https://other.bank.test")).is_err(), "issuer of another server");
        assert!(with("token_endpoint", json!("http://as.bank.test/token")).is_err(), "not HTTPS");
        assert!(with("jwks_uri", json!(5)).is_err());
        assert!(with("mtls_endpoint_aliases", json!({"token_endpoint": "nope"})).is_err());
        let mut no_par = metadata();
        no_par.as_object_mut().unwrap().remove("pushed_authorization_request_endpoint");
        assert!(AuthServer::from_documents(DISCOVERY, &no_par, &jwks()).is_err(), "FAPI-BR requires PAR");
        assert!(
            with("issuer", json!("https://as.bank.test/")).is_ok(),
            "a trailing slash is the same issuer"
        );
    }

    #[test]
    fn only_rsa_signature_keys_are_kept() {
        let mut encryption = jwk(&KEYS[1], "enc");
        encryption["use"] = json!("enc");
        let ec = json!({"kty": "EC", "crv": "P-256", "kid": "ec", "x": "AA", "y": "AA"});
        let keys =
            parse_jwks(&json!({"keys": [jwk(&KEYS[0], "k1"), encryption, ec, {"kty": "RSA"}, 7]})).unwrap();
        assert_eq!(keys.iter().map(|k| k.kid.as_deref()).collect::<Vec<_>>(), [Some("k1")]);
        assert!(parse_jwks(&json!({})).is_err());
        let many: Vec<Value> = (0..=MAX_KEYS).map(|i| json!({"kty": "RSA", "kid": i.to_string()})).collect();
        assert!(parse_jwks(&json!({ "keys": many })).is_err());
    }
}
