//! Access tokens: EdDSA (Ed25519) JWTs signed with keys kept (sealed) in the database, so every
//! replica verifies what any replica issued. The newest key signs; all unretired keys verify.

use crate::http::error::ApiError;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ponte_domain::Environment;
use ponte_store::Store;
use ponte_store::apps::App;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::RwLock;
use time::OffsetDateTime;
use uuid::Uuid;

/// The audience of partner-API access tokens. Link tokens carry another audience, so
/// neither kind works where the other is expected.
pub const ACCESS_AUDIENCE: &str = "ponte:api";
pub const LINK_AUDIENCE: &str = "ponte:link";
const ALGORITHM_NAME: &str = "EdDSA";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub app_id: Uuid,
    pub env: Environment,
    /// The app's token generation at issue time; rotating the secret moves it on.
    #[serde(rename = "gen")]
    pub generation: i64,
}

/// A link token: lets the Link pages and the partner's front-end act on one link, and nothing
/// else. It lives as long as the link's URL.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LinkClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub app_id: Uuid,
    pub link_id: Uuid,
    pub env: Environment,
}

/// What tells one kind of token from the other, and the words for each failure.
struct Kind {
    audience: &'static str,
    other_audience: &'static str,
    invalid: &'static str,
    expired: &'static str,
    wrong_kind: &'static str,
}

const ACCESS_TOKEN: Kind = Kind {
    audience: ACCESS_AUDIENCE,
    other_audience: LINK_AUDIENCE,
    invalid: "Invalid access token",
    expired: "Access token expired; get a new one from POST /data/v1/auth",
    wrong_kind: "This endpoint needs an access token from POST /data/v1/auth, not a link token",
};

const LINK_TOKEN: Kind = Kind {
    audience: LINK_AUDIENCE,
    other_audience: ACCESS_AUDIENCE,
    invalid: "Invalid link token",
    expired: "Link token expired; create a new link with POST /data/v1/links",
    wrong_kind: "This endpoint needs the link's linkToken, not an access token",
};

struct Keys {
    signing: Option<(String, EncodingKey)>,
    verifying: HashMap<String, DecodingKey>,
}

pub struct TokenService {
    store: Store,
    issuer: String,
    ttl_secs: i64,
    keys: RwLock<Keys>,
}

/// An issued token and its lifetime in seconds.
pub struct IssuedToken {
    pub token: String,
    pub expires_in: u64,
}

impl TokenService {
    /// Loads the signing keys, creating the first one when the database has none.
    pub async fn load(store: Store, issuer: String, ttl_secs: u64) -> anyhow::Result<Self> {
        if store.signing_keys().await?.is_empty() {
            generate_key(&store).await?;
        }
        let service = Self {
            store,
            issuer,
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(1800),
            keys: RwLock::new(Keys { signing: None, verifying: HashMap::new() }),
        };
        service.reload().await?;
        Ok(service)
    }

    async fn reload(&self) -> anyhow::Result<()> {
        let stored = self.store.signing_keys().await?;
        let mut keys = Keys { signing: None, verifying: HashMap::new() };
        for key in stored.iter().filter(|k| k.algorithm == ALGORITHM_NAME) {
            if keys.signing.is_none() {
                keys.signing = Some((key.kid.clone(), EncodingKey::from_ed_der(&key.private_key)));
            }
            keys.verifying.insert(key.kid.clone(), DecodingKey::from_ed_der(&key.public_key));
        }
        *self.keys.write().unwrap_or_else(|e| e.into_inner()) = keys;
        Ok(())
    }

    pub fn issue_access(&self, app: &App) -> Result<IssuedToken, ApiError> {
        let (app_id, env, generation) = (app.id, app.environment, app.token_generation);
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            sub: app_id.to_string(),
            aud: ACCESS_AUDIENCE.to_owned(),
            iat: now,
            exp: now + self.ttl_secs,
            jti: Uuid::new_v4().to_string(),
            app_id,
            env,
            generation,
        };
        let token = self.sign(&claims)?;
        Ok(IssuedToken { token, expires_in: self.ttl_secs.unsigned_abs() })
    }

    /// A link token for `link_id`, valid until `expires_at` (the link URL's expiry).
    pub fn issue_link(&self, app: &App, link_id: Uuid, expires_at: i64) -> Result<IssuedToken, ApiError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let claims = LinkClaims {
            iss: self.issuer.clone(),
            sub: link_id.to_string(),
            aud: LINK_AUDIENCE.to_owned(),
            iat: now,
            exp: expires_at,
            jti: Uuid::new_v4().to_string(),
            app_id: app.id,
            link_id,
            env: app.environment,
        };
        let token = self.sign(&claims)?;
        Ok(IssuedToken { token, expires_in: (expires_at - now).max(0).unsigned_abs() })
    }

    fn sign<T: Serialize>(&self, claims: &T) -> Result<String, ApiError> {
        let keys = self.keys.read().unwrap_or_else(|e| e.into_inner());
        let (kid, key) = keys
            .signing
            .as_ref()
            .ok_or_else(|| ApiError::internal(anyhow::anyhow!("no token signing key is loaded")))?;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.clone());
        jsonwebtoken::encode(&header, claims, key).map_err(ApiError::internal)
    }

    /// Verifies a link token; an access token here is refused with 403.
    pub async fn verify_link(&self, token: &str) -> Result<LinkClaims, ApiError> {
        self.verify(token, &LINK_TOKEN).await
    }

    /// Verifies an access token: signature by one of our keys, expiry, issuer and audience; a
    /// link token here is refused with 403.
    pub async fn verify_access(&self, token: &str) -> Result<AccessClaims, ApiError> {
        self.verify(token, &ACCESS_TOKEN).await
    }

    async fn verify<T: serde::de::DeserializeOwned>(&self, token: &str, kind: &Kind) -> Result<T, ApiError> {
        let invalid = || ApiError::Unauthorized(kind.invalid.to_owned());
        let claims = self.verify_signed(token, invalid, kind.expired).await?;
        // Audience is checked by hand to tell "wrong kind of token" (403) from "bad token" (401).
        match claims.get("aud").and_then(|a| a.as_str()) {
            Some(aud) if aud == kind.audience => {}
            Some(aud) if aud == kind.other_audience => {
                return Err(ApiError::Forbidden(kind.wrong_kind.to_owned()));
            }
            _ => return Err(invalid()),
        }
        serde_json::from_value(claims).map_err(|_| invalid())
    }

    async fn verify_signed(
        &self,
        token: &str,
        invalid: impl Fn() -> ApiError,
        expired: &str,
    ) -> Result<serde_json::Value, ApiError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != Algorithm::EdDSA {
            return Err(invalid());
        }
        let kid = header.kid.ok_or_else(&invalid)?;
        if !self.knows(&kid) {
            self.reload().await.map_err(ApiError::internal)?;
        }
        let keys = self.keys.read().unwrap_or_else(|e| e.into_inner());
        let key = keys.verifying.get(&kid).ok_or_else(&invalid)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = 5;
        validation.validate_aud = false;
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<serde_json::Value>(token, key, &validation).map_err(|e| match e
            .kind()
        {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => ApiError::Unauthorized(expired.to_owned()),
            _ => invalid(),
        })?;
        Ok(data.claims)
    }

    fn knows(&self, kid: &str) -> bool {
        self.keys.read().unwrap_or_else(|e| e.into_inner()).verifying.contains_key(kid)
    }
}

/// Creates a new Ed25519 signing key in the database; it signs from the next reload on.
pub async fn generate_key(store: &Store) -> anyhow::Result<String> {
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
    let der = signing.to_pkcs8_der().map_err(|e| anyhow::anyhow!("encoding the signing key: {e}"))?;
    let kid = Uuid::new_v4().simple().to_string()[..16].to_owned();
    store
        .insert_signing_key(&kid, ALGORITHM_NAME, der.as_bytes(), signing.verifying_key().as_bytes())
        .await?;
    Ok(kid)
}
