//! The token endpoint (over mTLS, `private_key_jwt`): client credentials (cached), the
//! authorisation code with PKCE, and refresh (non-rotating, as FAPI-BR requires).

use super::http::{self, MAX_BODY_BYTES};
use super::{AuthServer, FapiClient};
use crate::{OfbError, pkce};
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// A cached token is not used in its last seconds: it could expire on the way.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);
/// FAPI-BR access tokens live 300–900 s; a bank that does not say is taken at the minimum.
const DEFAULT_EXPIRES_IN: u64 = 300;
/// Tokens are JWTs or handles; 16 KiB is far above either.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A client-credentials access token. `Debug` does not print it.
#[derive(Clone)]
pub struct AccessToken {
    value: String,
    pub expires_in: u64,
    pub scope: Option<String>,
}

impl AccessToken {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The tokens of an authorised consent. `Debug` does not print them.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Seconds the access token lives, from the answer.
    pub expires_in: u64,
    pub scope: Option<String>,
    /// The consent the tokens are bound to, from a `consent:…` scope.
    pub consent_id: Option<String>,
    /// The id_token of the token answer, when the bank sent one (not validated here).
    pub id_token: Option<String>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| "…"))
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .field("consent_id", &self.consent_id)
            .finish_non_exhaustive()
    }
}

/// `consent:<id>` of a scope string, when there is exactly one.
pub(crate) fn consent_of(scope: &str) -> Option<String> {
    let mut ids = scope.split_ascii_whitespace().filter_map(|s| s.strip_prefix("consent:"));
    let first = ids.next().filter(|id| !id.is_empty())?;
    ids.next().is_none().then(|| first.to_owned())
}

fn parse_answer(answer: &Value) -> Result<TokenSet, OfbError> {
    let text = |key| http::field(answer, key, MAX_TOKEN_BYTES).filter(|s| !s.is_empty()).map(str::to_owned);
    let access_token =
        text("access_token").ok_or_else(|| OfbError::protocol("the token answer has no access_token"))?;
    // Bound to the certificate, but still presented as a bearer token (RFC 8705 §3).
    match answer.get("token_type").and_then(Value::as_str) {
        Some(kind) if kind.eq_ignore_ascii_case("bearer") => {}
        _ => return Err(OfbError::protocol("the token answer's token_type is not Bearer")),
    }
    let expires_in = match answer.get("expires_in") {
        Some(Value::Number(n)) => {
            n.as_u64().ok_or_else(|| OfbError::protocol("expires_in is not a whole number"))?
        }
        Some(Value::String(s)) => s.parse().map_err(|_| OfbError::protocol("expires_in is not a number"))?,
        _ => DEFAULT_EXPIRES_IN,
    };
    let scope = text("scope");
    Ok(TokenSet {
        consent_id: scope.as_deref().and_then(consent_of),
        access_token,
        refresh_token: text("refresh_token"),
        expires_in,
        scope,
        id_token: text("id_token"),
    })
}

impl FapiClient {
    /// Posts `form` (plus client authentication) to the token endpoint.
    async fn token_request(&self, server: &AuthServer, form: &[(&str, &str)]) -> Result<TokenSet, OfbError> {
        // OIDC core §9: the audience of a client assertion is the token endpoint (FAPI-BR
        // accepts it or the issuer), as published — not the mTLS alias the request goes to.
        let mut fields =
            self.inner.signer.client_auth(&self.inner.client_id, server.token_endpoint.as_str())?;
        fields.extend(form.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let request = self.inner.http.post(server.token_url().clone()).form(&fields);
        let answer = http::send(request, "token", MAX_BODY_BYTES).await?;
        parse_answer(&answer.json(&[200], "token", true)?)
    }

    /// A client-credentials token for `scope` (e.g. `consents`), reused until
    /// 30 seconds before it expires.
    pub async fn client_credentials(
        &self,
        server: &AuthServer,
        scope: &str,
    ) -> Result<AccessToken, OfbError> {
        let key = (server.issuer.clone(), scope.to_owned());
        if let Some(token) = self.inner.tokens.get(&key) {
            return Ok(token);
        }
        let answer =
            self.token_request(server, &[("grant_type", "client_credentials"), ("scope", scope)]).await?;
        let token =
            AccessToken { value: answer.access_token, expires_in: answer.expires_in, scope: answer.scope };
        let ttl = Duration::from_secs(token.expires_in).saturating_sub(EXPIRY_MARGIN);
        if !ttl.is_zero() {
            self.inner.tokens.put(key, token.clone(), ttl);
        }
        Ok(token)
    }

    /// Drops a cached client-credentials token (e.g. after the bank refused it with 401).
    pub fn forget_client_token(&self, server: &AuthServer, scope: &str) {
        self.inner.tokens.remove(&(server.issuer.clone(), scope.to_owned()));
    }

    /// Exchanges the authorisation code of the hybrid response, proving PKCE with `verifier`.
    /// Not retryable whatever the error: the bank may have used the code up.
    pub async fn exchange_code(
        &self,
        server: &AuthServer,
        code: &str,
        verifier: &str,
        redirect_uri: &str,
    ) -> Result<TokenSet, OfbError> {
        if code.is_empty() || code.len() > MAX_TOKEN_BYTES {
            return Err(OfbError::Input("the authorisation code is empty or oversized".into()));
        }
        if !pkce::is_valid(verifier) {
            return Err(OfbError::Input("the PKCE verifier is not 43–128 unreserved characters".into()));
        }
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ];
        self.token_request(server, &form).await
    }

    /// A new access token from a refresh token. Refresh tokens do not rotate in FAPI-BR: when
    /// the answer carries none, the one given stays valid and is returned.
    pub async fn refresh(&self, server: &AuthServer, refresh_token: &str) -> Result<TokenSet, OfbError> {
        if refresh_token.is_empty() || refresh_token.len() > MAX_TOKEN_BYTES {
            return Err(OfbError::Input("the refresh token is empty or oversized".into()));
        }
        let mut tokens = self
            .token_request(server, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)])
            .await?;
        tokens.refresh_token.get_or_insert_with(|| refresh_token.to_owned());
        Ok(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_answers_are_parsed_and_checked() {
        let tokens = parse_answer(&json!({
            "access_token": "at", "token_type": "bearer", "expires_in": 900, "refresh_token": "rt",
            "scope": "openid consent:urn:bank:C1 accounts", "id_token": "x.y.z",
        }))
        .unwrap();
        assert_eq!(tokens.consent_id.as_deref(), Some("urn:bank:C1"));
        assert_eq!(tokens.expires_in, 900);
        assert!(!format!("{tokens:?}").contains("at\""), "no token in Debug");
        let minimal = parse_answer(&json!({"access_token": "at", "token_type": "Bearer"})).unwrap();
        assert_eq!((minimal.expires_in, minimal.refresh_token, minimal.consent_id), (300, None, None));
        assert!(parse_answer(&json!({"token_type": "Bearer"})).is_err());
        assert!(parse_answer(&json!({"access_token": "at", "token_type": "DPoP"})).is_err());
        assert!(
            parse_answer(&json!({"access_token": "at", "token_type": "Bearer", "expires_in": -1})).is_err()
        );
        assert!(parse_answer(&json!({"access_token": "at"})).is_err());
    }

    #[test]
    fn the_consent_scope_must_be_unique() {
        assert_eq!(consent_of("openid consent:a").as_deref(), Some("a"));
        assert_eq!(consent_of("consent:a consent:b"), None);
        assert_eq!(consent_of("openid consent:"), None);
        assert_eq!(consent_of("openid accounts"), None);
    }
}
