//! The clients a sandbox bank knows. OFB registers clients dynamically (DCR); the sandbox has
//! Ponte's client pre-registered, behind this interface so that DCR can be added later without
//! touching the authorisation server.

use async_trait::async_trait;
use serde_json::Value;

#[derive(Clone, Debug)]
pub struct RegisteredClient {
    pub client_id: String,
    pub name: String,
    /// The client's public signing keys (JWKS `keys`), for `private_key_jwt` and request objects.
    pub jwks: Vec<Value>,
    pub redirect_uris: RedirectUris,
}

/// Where the bank may send the customer back to.
#[derive(Clone, Debug)]
pub enum RedirectUris {
    /// Exactly these URIs (what a production bank does).
    Exact(Vec<String>),
    /// Any `https` URI or `http` on a loopback host: the sandbox's convenience so that any
    /// developer's client works without registering anything.
    AnySecureOrLoopback,
}

impl RedirectUris {
    pub fn allows(&self, uri: &str) -> bool {
        match self {
            RedirectUris::Exact(list) => list.iter().any(|u| u == uri),
            RedirectUris::AnySecureOrLoopback => match url::Url::parse(uri) {
                Ok(url) if url.fragment().is_none() => match url.scheme() {
                    "https" => true,
                    "http" => url.host().is_some_and(is_loopback),
                    _ => false,
                },
                _ => false,
            },
        }
    }
}

fn is_loopback(host: url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d == "localhost",
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

#[async_trait]
pub trait ClientRegistry: Send + Sync {
    async fn client(&self, client_id: &str) -> Option<RegisteredClient>;
}

/// Clients fixed at start-up (from the sandbox's configuration and `<data-dir>/sandbox/client/`).
pub struct StaticClients(pub Vec<RegisteredClient>);

#[async_trait]
impl ClientRegistry for StaticClients {
    async fn client(&self, client_id: &str) -> Option<RegisteredClient> {
        self.0.iter().find(|c| c.client_id == client_id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_accepts_https_and_loopback_redirects_only() {
        let any = RedirectUris::AnySecureOrLoopback;
        for ok in
            ["https://app.example/cb", "http://127.0.0.1:8080/cb", "http://localhost/cb", "http://[::1]:9/cb"]
        {
            assert!(any.allows(ok), "{ok}");
        }
        for bad in [
            "http://app.example/cb",
            "http://10.0.0.1/cb",
            "https://app.example/cb#x",
            "javascript:alert(1)",
            "x",
        ] {
            assert!(!any.allows(bad), "{bad}");
        }
        let exact = RedirectUris::Exact(vec!["https://a.example/cb".into()]);
        assert!(exact.allows("https://a.example/cb"));
        assert!(!exact.allows("https://a.example/cb/"));
    }
}
