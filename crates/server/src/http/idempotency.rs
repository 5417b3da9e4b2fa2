//! `Idempotency-Key` for POST endpoints, as a layer any router can use.
//!
//! The same key with the same request (method, path, body) within the TTL returns the first
//! response (with `idempotent-replayed: true`); with a different request, 409; while the first
//! is still running, 409 too. Keys are scoped by the authenticated app, so two partners can use
//! the same key. Requests without a valid token pass through untouched (the handler answers 401),
//! and so do server errors, which free the key for a retry.

use super::error::ApiError;
use crate::auth::extractor::authenticate;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ponte_store::idempotency::Reservation;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";
/// Responses larger than this are not stored (ours are small JSON documents).
const MAX_STORED_RESPONSE: usize = 256 * 1024;

pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match handle(state, request, next).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn handle(state: AppState, request: Request, next: Next) -> Result<Response, ApiError> {
    let Some(key) = request.headers().get(HEADER) else { return Ok(next.run(request).await) };
    if request.method() != Method::POST {
        return Ok(next.run(request).await);
    }
    let key = key
        .to_str()
        .ok()
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::BadRequest("Idempotency-Key must be 1–255 visible ASCII characters".to_owned())
        })?
        .to_owned();
    let Ok(authenticated) = authenticate(request.headers(), &state).await else {
        return Ok(next.run(request).await);
    };
    let scope = authenticated.app.id.to_string();

    let (mut parts, body) = request.into_parts();
    let limit = state.config.http.body_limit_bytes;
    let bytes = to_bytes(body, limit).await.map_err(|_| {
        ApiError::PayloadTooLarge("Request body is too large (the limit is 1 MiB)".to_owned())
    })?;
    let fingerprint = fingerprint(&parts.method, parts.uri.path(), &bytes);
    let ttl = Duration::from_secs(state.config.idempotency.ttl_hours * 3600);

    match state.store.reserve_idempotency_key(&scope, &key, &fingerprint, ttl).await? {
        Reservation::Completed { status, body } => Ok(replay(status, body)),
        Reservation::Mismatch => Err(ApiError::Conflict(
            "This Idempotency-Key was already used with a different request".to_owned(),
        )),
        Reservation::InProgress => Err(ApiError::Conflict(
            "A request with this Idempotency-Key is still being processed; retry later".to_owned(),
        )),
        Reservation::Reserved => {
            parts.extensions.insert(authenticated);
            let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
            store_response(&state, &scope, &key, response).await
        }
    }
}

async fn store_response(
    state: &AppState,
    scope: &str,
    key: &str,
    response: Response,
) -> Result<Response, ApiError> {
    let status = response.status();
    if status.is_server_error() {
        state.store.abandon_idempotent(scope, key).await?;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_STORED_RESPONSE).await else {
        state.store.abandon_idempotent(scope, key).await?;
        return Err(ApiError::internal(anyhow::anyhow!("response too large to store for idempotency")));
    };
    state.store.finish_idempotent(scope, key, status.as_u16(), &bytes).await?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn replay(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(method.as_str())
        .chain_update([0])
        .chain_update(path)
        .chain_update([0])
        .chain_update(body)
        .finalize();
    hex_digest(&digest)
}

fn hex_digest(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
