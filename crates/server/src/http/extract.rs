//! Extractors whose rejections use the API's error shape and name the offending field.

use super::error::ApiError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `axum::Json` with errors in the API's shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType(
                "Send the body as JSON with `Content-Type: application/json`".to_owned(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge("Request body is too large (the limit is 1 MiB)".to_owned())
            } else {
                ApiError::BadRequest(format!("Cannot read the request body: {}", e.body_text()))
            }
        })?;
        // Every request body of the API is an object; serde would otherwise also accept a struct
        // written as an array (`["key", "secret"]`), which no client means to send.
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => {}
            Some(_) => return Err(ApiError::BadRequest("Request body must be a JSON object".to_owned())),
            None => {
                return Err(ApiError::BadRequest("Request body is not valid JSON: it is empty".to_owned()));
            }
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// `application/json` or any `application/*+json`, as axum's own `Json` accepts.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            ApiError::BadRequest(format!("Invalid request body: {}", strip_prefix(&e.body_text())))
        }
        JsonRejection::JsonSyntaxError(e) => {
            ApiError::BadRequest(format!("Request body is not valid JSON: {}", strip_prefix(&e.body_text())))
        }
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
            "Send the body as JSON with `Content-Type: application/json`".to_owned(),
        ),
        JsonRejection::BytesRejection(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::PayloadTooLarge("Request body is too large (the limit is 1 MiB)".to_owned())
        }
        other => ApiError::BadRequest(format!("Cannot read the request body: {}", other.body_text())),
    }
}

/// axum prefixes serde's message with its own sentence; keep only serde's part, which names the
/// field and position (e.g. "secretKey: invalid type: integer `1`, expected a string").
fn strip_prefix(text: &str) -> &str {
    text.split_once("target type: ")
        .map(|(_, rest)| rest)
        .or_else(|| text.split_once("JSON body: ").map(|(_, rest)| rest))
        .unwrap_or(text)
}

/// `axum::extract::Query` with errors in the API's shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::BadRequest(format!(
                "Invalid query string: {}",
                e.body_text().split_once("string: ").map(|(_, r)| r).unwrap_or(&e.body_text())
            ))),
            Err(other) => Err(ApiError::BadRequest(other.body_text())),
        }
    }
}
