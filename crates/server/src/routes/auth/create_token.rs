//! `POST /data/v1/auth`: exchange an app's accessKey and secretKey for an access token.

use crate::auth::tokens::IssuedToken;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::routes::client_ip::ClientIp;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use std::time::Instant;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthRequest {
    /// The app's public key.
    #[schema(example = "ak_sbx_3Qm9cV0xYd1Lr8TnWb2KfP4a")]
    pub access_key: String,
    /// The app's secret, shown once when the app was created or its secret rotated.
    pub secret_key: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenResponse {
    /// A signed JWT to send as `Authorization: Bearer <accessToken>`.
    pub access_token: String,
    /// Seconds until the token expires.
    #[schema(example = 1800)]
    pub expire_in: u64,
}

impl From<IssuedToken> for TokenResponse {
    fn from(issued: IssuedToken) -> Self {
        Self { access_token: issued.token, expire_in: issued.expires_in }
    }
}

const INVALID: &str = "Invalid accessKey or secretKey";
const MAX_ACCESS_KEY_LEN: usize = 128;
/// Compared against when the accessKey is unknown, so both failures take the same time.
const DECOY_SECRET: &[u8] = b"sk_decoy_decoy_decoy_decoy_decoy_decoy_decoy_";

/// Get an access token
#[utoipa::path(
    post,
    path = "/data/v1/auth",
    tag = "Authentication",
    request_body = AuthRequest,
    responses(
        (status = 200, description = "Token issued", body = TokenResponse),
        (status = 400, description = "Malformed body (the message names the field)", body = ErrorBody),
        (status = 401, description = "Unknown accessKey or wrong secretKey", body = ErrorBody),
        (status = 429, description = "Too many failed attempts for this accessKey or address; see Retry-After", body = ErrorBody),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<AuthRequest>,
) -> ApiResult<Json<TokenResponse>> {
    let now = Instant::now();
    let ip_key = ip.to_string();
    // Real access keys are short; anything longer is counted under one bucket so that hostile
    // input cannot make the limiter store megabytes of keys.
    let well_formed = body.access_key.len() <= MAX_ACCESS_KEY_LEN;
    let key_key = if well_formed { body.access_key.clone() } else { "<oversized>".to_owned() };
    for (limiter, key) in [(&state.ip_failures, &ip_key), (&state.key_failures, &key_key)] {
        if let Err(retry_after) = limiter.check(key, now) {
            return Err(ApiError::TooManyRequests {
                message: "Too many failed attempts; try again later".to_owned(),
                retry_after,
            });
        }
    }
    let found =
        if well_formed { state.store.app_with_secret_by_access_key(&body.access_key).await? } else { None };
    let expected = found.as_ref().map(|(_, secret)| secret.expose().as_bytes()).unwrap_or(DECOY_SECRET);
    let matches: bool = expected.ct_eq(body.secret_key.as_bytes()).into();
    match found {
        Some((app, _)) if matches => {
            let issued = state.tokens.issue_access(&app)?;
            Ok(Json(issued.into()))
        }
        _ => {
            state.ip_failures.record_failure(&ip_key, now);
            state.key_failures.record_failure(&key_key, now);
            metrics::counter!("ponte_auth_failures_total").increment(1);
            Err(ApiError::Unauthorized(INVALID.to_owned()))
        }
    }
}
