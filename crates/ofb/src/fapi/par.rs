//! Pushed authorisation requests (RFC 9126) with a PS256 request object (RFC 9101), the only
//! way FAPI-BR lets an authorisation start, and the URL the customer's browser is sent to.

use super::http::{self, MAX_BODY_BYTES};
use super::{AuthServer, FapiClient, jwt};
use crate::OfbError;
use serde_json::json;
use url::Url;

/// Request objects live 5 minutes: enough for the PAR round trip, well inside FAPI's 60.
const REQUEST_OBJECT_SECONDS: i64 = 300;
const MAX_REQUEST_URI_BYTES: usize = 2048;
const MAX_VALUE_BYTES: usize = 2048;

/// What Ponte asks a bank to authorise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorisationRequest {
    /// The consent created beforehand (`scope` gets `consent:{consent_id}`).
    pub consent_id: String,
    pub redirect_uri: String,
    /// The OFB API scopes besides `openid` and the consent's (`accounts`, `resources`,
    /// `credit-cards-accounts`, `customers`, `loans`, …).
    pub scopes: Vec<String>,
    pub state: String,
    pub nonce: String,
    /// The S256 PKCE challenge ([`crate::pkce::Verifier::challenge`]).
    pub code_challenge: String,
}

/// The bank's answer to a PAR: the handle the authorisation URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedRequest {
    pub request_uri: String,
    pub expires_in: u64,
}

fn printable(value: &str) -> bool {
    !value.is_empty() && value.len() <= MAX_VALUE_BYTES && value.chars().all(|c| !c.is_control())
}

impl AuthorisationRequest {
    /// `openid consent:{id} <scopes…>`, after checking each part is one scope token.
    fn scope(&self) -> Result<String, OfbError> {
        let token = |s: &str| printable(s) && !s.contains(' ');
        if !token(&self.consent_id) {
            return Err(OfbError::Input("the consent id cannot be a scope token".into()));
        }
        let mut scope = format!("openid consent:{}", self.consent_id);
        for extra in &self.scopes {
            if !token(extra) || extra == "openid" || extra.starts_with("consent:") {
                return Err(OfbError::Input(format!("{extra:?} is not an OFB API scope")));
            }
            scope.push(' ');
            scope.push_str(extra);
        }
        Ok(scope)
    }

    fn check(&self) -> Result<(), OfbError> {
        let redirect = Url::parse(&self.redirect_uri).ok().filter(|u| u.fragment().is_none());
        if redirect.is_none() {
            return Err(OfbError::Input("the redirect URI must be an absolute URL without fragment".into()));
        }
        for (name, value) in [("state", &self.state), ("nonce", &self.nonce)] {
            if !printable(value) {
                return Err(OfbError::Input(format!("the {name} must be a non-empty printable value")));
            }
        }
        let challenge = &self.code_challenge;
        if challenge.len() != 43
            || !challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        {
            return Err(OfbError::Input(
                "the code challenge must be an S256 challenge (43 base64url)".into(),
            ));
        }
        Ok(())
    }
}

impl FapiClient {
    /// The request object's claims.
    fn request_object(
        &self,
        server: &AuthServer,
        request: &AuthorisationRequest,
    ) -> Result<String, OfbError> {
        request.check()?;
        let now = jwt::now();
        let client_id = &self.inner.client_id;
        self.inner.signer.sign(&json!({
            "iss": client_id,
            "aud": server.issuer,
            "client_id": client_id,
            "response_type": "code id_token",
            "redirect_uri": request.redirect_uri,
            "scope": request.scope()?,
            "state": request.state,
            "nonce": request.nonce,
            "code_challenge": request.code_challenge,
            "code_challenge_method": "S256",
            "claims": {"id_token": {"acr": {"essential": true, "values": self.inner.acr_values}}},
            "nbf": now,
            "iat": now,
            "exp": now + REQUEST_OBJECT_SECONDS,
            "jti": uuid::Uuid::new_v4().to_string(),
        }))
    }

    /// Pushes the signed authorisation request; the bank answers 201 with a `request_uri`.
    pub async fn push_authorisation(
        &self,
        server: &AuthServer,
        request: &AuthorisationRequest,
    ) -> Result<PushedRequest, OfbError> {
        let object = self.request_object(server, request)?;
        // RFC 9126 §2: the issuer is the audience of client assertions at the PAR endpoint.
        let mut form = self.inner.signer.client_auth(&self.inner.client_id, &server.issuer)?;
        form.push(("request".into(), object));
        let answer =
            http::send(self.inner.http.post(server.par_url().clone()).form(&form), "par", MAX_BODY_BYTES)
                .await?;
        // RFC 9126 says 201; a 200 with the same body is accepted as harmless.
        let body = answer.json(&[201, 200], "par", true)?;
        let request_uri = http::field(&body, "request_uri", MAX_REQUEST_URI_BYTES)
            .filter(|u| printable(u))
            .ok_or_else(|| OfbError::protocol("the PAR answer has no usable request_uri"))?;
        let expires_in = body
            .get("expires_in")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| OfbError::protocol("the PAR answer has no expires_in"))?;
        Ok(PushedRequest { request_uri: request_uri.to_owned(), expires_in })
    }

    /// Where the customer's browser goes: `authorization_endpoint?client_id=…&request_uri=…`
    /// (RFC 9126 §4; the request itself stays at the bank).
    pub fn authorisation_url(&self, server: &AuthServer, request_uri: &str) -> Url {
        let mut url = server.authorization_endpoint.clone();
        url.query_pairs_mut()
            .append_pair("client_id", &self.inner.client_id)
            .append_pair("request_uri", request_uri);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AuthorisationRequest {
        AuthorisationRequest {
            consent_id: "urn:bank:C1".into(),
            redirect_uri: "https://ponte.test/callback".into(),
            scopes: vec!["accounts".into(), "resources".into()],
            state: "s".into(),
            nonce: "n".into(),
            code_challenge: crate::pkce::Verifier::generate().challenge(),
        }
    }

    #[test]
    fn scope_and_checks() {
        assert_eq!(request().scope().unwrap(), "openid consent:urn:bank:C1 accounts resources");
        assert!(request().check().is_ok());
        let broken = [
            AuthorisationRequest { scopes: vec!["a b".into()], ..request() },
            AuthorisationRequest { scopes: vec!["consent:x".into()], ..request() },
            AuthorisationRequest { consent_id: "a b".into(), ..request() },
        ];
        assert!(broken.iter().all(|r| r.scope().is_err()));
        let broken = [
            AuthorisationRequest { redirect_uri: "/relative".into(), ..request() },
            AuthorisationRequest { state: String::new(), ..request() },
            AuthorisationRequest { nonce: "a\nb".into(), ..request() },
            AuthorisationRequest { code_challenge: "plain".into(), ..request() },
        ];
        assert!(broken.iter().all(|r| r.check().is_err()));
    }
}
