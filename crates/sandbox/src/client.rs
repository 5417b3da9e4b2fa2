//! A reference OFB client: what any receiving institution does against a sandbox bank (FAPI-BR:
//! client credentials with `private_key_jwt`, consent, PAR with a signed request object, PKCE,
//! the customer's login and decision, code exchange over mTLS), using only the files the sandbox
//! writes to `<data-dir>/sandbox/` (the CA and `client/`). Used by the sandbox's own tests and
//! by `ponte bench sandbox`; it panics on anything unexpected, as a test client should.

use crate::bank::BankCode;
use crate::customer::SimulatedCustomer;
use crate::directory::issuer as ponte_sandbox_issuer;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;

pub const CPF: &str = "76109277673";
pub const REDIRECT_URI: &str = "https://app.example/callback";

pub struct ReferenceClient {
    pub base_url: String,
    pub http: reqwest::Client,
    /// The same trust, without a client certificate.
    pub http_without_cert: reqwest::Client,
    /// The customer in the browser.
    pub customer: SimulatedCustomer,
    pub client_id: String,
    pub signing_key: EncodingKey,
    pub signing_kid: String,
}

impl ReferenceClient {
    /// A client of the sandbox at `base_url` whose files are in `sandbox_dir`; `resolve` maps
    /// the base URL's host name to an address (for names without DNS, like `*.test`).
    pub fn new(sandbox_dir: &Path, base_url: &str, resolve: Option<(&str, SocketAddr)>) -> ReferenceClient {
        let client_dir = sandbox_dir.join("client");
        let read = |name: &str| std::fs::read_to_string(client_dir.join(name)).unwrap();
        let ca =
            reqwest::Certificate::from_pem(std::fs::read(sandbox_dir.join("ca.pem")).unwrap().as_slice())
                .unwrap();
        let identity =
            reqwest::Identity::from_pem(format!("{}{}", read("cert.pem"), read("key.pem")).as_bytes())
                .unwrap();
        let build = |identity: Option<reqwest::Identity>| {
            let mut builder = reqwest::Client::builder()
                .use_rustls_tls()
                .tls_built_in_root_certs(false)
                .add_root_certificate(ca.clone())
                .redirect(reqwest::redirect::Policy::none());
            if let Some((host, addr)) = resolve {
                builder = builder.resolve(host, addr);
            }
            if let Some(identity) = identity {
                builder = builder.identity(identity);
            }
            builder.build().unwrap()
        };
        let jwks: Value = serde_json::from_str(&read("jwks.json")).unwrap();
        let ca_pem = std::fs::read_to_string(sandbox_dir.join("ca.pem")).unwrap();
        ReferenceClient {
            customer: SimulatedCustomer::new(&ca_pem, resolve).unwrap(),
            base_url: base_url.to_owned(),
            http: build(Some(identity)),
            http_without_cert: build(None),
            client_id: read("client_id").trim().to_owned(),
            signing_key: private_key(&read("signing-key.pem")),
            signing_kid: jwks["keys"][0]["kid"].as_str().unwrap().to_owned(),
        }
    }

    pub fn issuer(&self, bank: BankCode) -> String {
        ponte_sandbox_issuer(&self.base_url, bank)
    }

    /// A PS256 JWT signed with the client's key.
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::PS256);
        header.kid = Some(self.signing_kid.clone());
        jsonwebtoken::encode(&header, claims, &self.signing_key).unwrap()
    }

    pub fn client_assertion(&self, audience: &str) -> String {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        self.sign(&json!({
            "iss": self.client_id, "sub": self.client_id, "aud": audience,
            "jti": uuid::Uuid::new_v4().to_string(), "iat": now, "exp": now + 60,
        }))
    }

    pub fn auth_form(&self, bank: BankCode, endpoint: &str) -> Vec<(String, String)> {
        let audience = format!("{}{endpoint}", self.issuer(bank));
        vec![
            ("client_id".into(), self.client_id.clone()),
            ("client_assertion_type".into(), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".into()),
            ("client_assertion".into(), self.client_assertion(&audience)),
        ]
    }

    pub async fn token_request(&self, bank: BankCode, extra: &[(&str, &str)]) -> reqwest::Response {
        let mut form = self.auth_form(bank, "/auth/token");
        form.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        self.http.post(format!("{}/auth/token", self.issuer(bank))).form(&form).send().await.unwrap()
    }

    pub async fn client_token(&self, bank: BankCode) -> String {
        let response =
            self.token_request(bank, &[("grant_type", "client_credentials"), ("scope", "consents")]).await;
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    pub fn ofb_get(&self, url: &str, token: &str) -> reqwest::RequestBuilder {
        self.http
            .get(url)
            .bearer_auth(token)
            .header("x-fapi-interaction-id", uuid::Uuid::new_v4().to_string())
    }

    pub async fn create_consent(&self, bank: BankCode, body: &Value) -> reqwest::Response {
        let token = self.client_token(bank).await;
        self.http
            .post(format!("{}/open-banking/consents/v3/consents", self.issuer(bank)))
            .bearer_auth(token)
            .header("x-fapi-interaction-id", uuid::Uuid::new_v4().to_string())
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Creates a consent for `permissions` and returns its id.
    pub async fn consent(
        &self,
        bank: BankCode,
        cpf: &str,
        cnpj: Option<&str>,
        permissions: &[&str],
    ) -> String {
        let response = self.create_consent(bank, &consent_request(cpf, cnpj, permissions)).await;
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()["data"]["consentId"].as_str().unwrap().to_owned()
    }

    /// A PAR for `consent_id`; returns the raw response.
    pub async fn par(&self, bank: BankCode, request: &Value) -> reqwest::Response {
        let mut form = self.auth_form(bank, "/auth/par");
        form.push(("request".into(), self.sign(request)));
        self.http.post(format!("{}/auth/par", self.issuer(bank))).form(&form).send().await.unwrap()
    }

    pub fn request_object(&self, bank: BankCode, consent_id: &str, verifier: &str) -> Value {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        json!({
            "iss": self.client_id, "aud": self.issuer(bank), "client_id": self.client_id,
            "response_type": "code id_token", "redirect_uri": REDIRECT_URI,
            "scope": format!("openid consent:{consent_id} accounts credit-cards-accounts customers resources loans financings invoice-financings unarranged-accounts-overdraft bank-fixed-incomes"),
            "state": "st-1", "nonce": "n-1",
            "code_challenge": challenge(verifier), "code_challenge_method": "S256",
            "claims": {"id_token": {"acr": {"essential": true, "values": ["urn:brasil:openbanking:loa2"]}}},
            "nbf": now, "exp": now + 300, "jti": uuid::Uuid::new_v4().to_string(),
        })
    }

    /// The customer's part: opens the authorisation URL, logs in as `login`, and decides (the
    /// sandbox's [`SimulatedCustomer`]). Returns the redirect's fragment parameters.
    pub async fn authorise(
        &self,
        bank: BankCode,
        request_uri: &str,
        login: &str,
        approve: bool,
    ) -> HashMap<String, String> {
        let mut url = url::Url::parse(&format!("{}/auth/authorize", self.issuer(bank))).unwrap();
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("request_uri", request_uri);
        let login: ponte_domain::TaxId = login.parse().unwrap();
        let back = self.customer.decide(&url, &login, approve).await.unwrap();
        let (base, fragment) = back.as_str().split_once('#').unwrap();
        assert_eq!(base, REDIRECT_URI);
        url::form_urlencoded::parse(fragment.as_bytes()).into_owned().collect()
    }

    /// The whole journey; returns (consent id, token answer).
    pub async fn journey(
        &self,
        bank: BankCode,
        cpf: &str,
        cnpj: Option<&str>,
        permissions: &[&str],
    ) -> (String, Value) {
        let consent_id = self.consent(bank, cpf, cnpj, permissions).await;
        let verifier = verifier();
        let par = self.par(bank, &self.request_object(bank, &consent_id, &verifier)).await;
        assert_eq!(par.status(), 201);
        let request_uri = par.json::<Value>().await.unwrap()["request_uri"].as_str().unwrap().to_owned();
        let answer = self.authorise(bank, &request_uri, cnpj.unwrap_or(cpf), true).await;
        let tokens = self
            .token_request(
                bank,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &answer["code"]),
                    ("redirect_uri", REDIRECT_URI),
                    ("code_verifier", &verifier),
                ],
            )
            .await;
        assert_eq!(tokens.status(), 200);
        (consent_id, tokens.json().await.unwrap())
    }
}

fn private_key(pem: &str) -> EncodingKey {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem).unwrap();
    EncodingKey::from_rsa_der(key.to_pkcs1_der().unwrap().as_bytes())
}

pub fn verifier() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn consent_request(cpf: &str, cnpj: Option<&str>, permissions: &[&str]) -> Value {
    let expiry = time::OffsetDateTime::now_utc() + time::Duration::days(180);
    let mut data = json!({
        "loggedUser": {"document": {"identification": cpf, "rel": "CPF"}},
        "permissions": permissions,
        "expirationDateTime": format!("{:04}-{:02}-{:02}T00:00:00Z", expiry.year(), u8::from(expiry.month()), expiry.day()),
    });
    if let Some(cnpj) = cnpj {
        data["businessEntity"] = json!({"document": {"identification": cnpj, "rel": "CNPJ"}});
    }
    json!({ "data": data })
}

/// Every permission of every group a person (`Personal`) or a company (`Business`) can be
/// asked for, except exchanges, which the sandbox does not serve.
pub fn all_permissions(audience: ponte_domain::Audience) -> Vec<&'static str> {
    use ponte_domain::PermissionGroup;
    let groups = PermissionGroup::ALL
        .into_iter()
        .filter(|g| *g != PermissionGroup::Exchanges && g.audience().is_none_or(|a| a == audience));
    PermissionGroup::permissions_for(groups).into_iter().map(|p| p.as_str()).collect()
}
