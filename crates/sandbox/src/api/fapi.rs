//! The headers every OFB data endpoint shares: `x-fapi-interaction-id` (required, a UUID,
//! echoed; when missing or invalid the server makes one up and answers 400) and `x-v` (the
//! version of the API that answered).

use super::error::OfbError;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

pub const INTERACTION_ID: HeaderName = HeaderName::from_static("x-fapi-interaction-id");
pub const VERSION: HeaderName = HeaderName::from_static("x-v");

/// The request's interaction id, for handlers that log or echo it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InteractionId(pub Uuid);

fn parse_interaction_id(value: Option<&HeaderValue>) -> Option<Uuid> {
    // RFC 4122 UUIDs in their hyphenated form; `Uuid::parse_str` alone would also take braces,
    // URNs and the simple form.
    let text = value?.to_str().ok()?;
    let id = Uuid::try_parse(text).ok()?;
    (text.len() == 36 && id.get_version().is_some()).then_some(id)
}

/// Middleware for one API family: `version` is what `x-v` says (e.g. "2.4.2").
pub async fn headers(version: &'static str, mut request: Request, next: Next) -> Response {
    let (id, mut response) = match parse_interaction_id(request.headers().get(&INTERACTION_ID)) {
        Some(id) => {
            request.extensions_mut().insert(InteractionId(id));
            (id, next.run(request).await)
        }
        None => (
            Uuid::new_v4(),
            OfbError::bad_request(
                "x-fapi-interaction-id is required and must be a UUID (RFC 4122); one was generated for this answer",
            )
            .into_response(),
        ),
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&id.hyphenated().to_string()) {
        headers.insert(INTERACTION_ID, value);
    }
    headers.insert(VERSION, HeaderValue::from_static(version));
    response
}

/// Accounts 2.4.2 and credit cards 2.3.1 declare their error bodies' `meta` with totals
/// (`totalRecords`, `totalPages`) on every endpoint but the account and card transaction lists
/// (whose errors, like every other API's, carry only `requestDateTime`, which is what
/// [`OfbError`] writes). This middleware adds the totals where those two specs want them.
pub async fn error_meta_with_totals(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let transaction_list = (path.ends_with("/transactions") || path.ends_with("/transactions-current"))
        && !path.contains("/bills/");
    let response = next.run(request).await;
    let status = response.status();
    if transaction_list || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return OfbError::internal("the error answer could not be read").into_response();
    };
    let mut value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    if let Some(meta) = value.get_mut("meta").and_then(|m| m.as_object_mut()) {
        meta.insert("totalRecords".into(), 1.into());
        meta.insert("totalPages".into(), 1.into());
    }
    let body = serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyphenated_uuids_are_interaction_ids() {
        let ok = HeaderValue::from_static("a3b1c2d4-1234-4abc-8def-0123456789ab");
        assert!(parse_interaction_id(Some(&ok)).is_some());
        for bad in ["", "x", "a3b1c2d41234-4abc8def0123456789ab", "{a3b1c2d4-1234-4abc-8def-0123456789ab}"] {
            assert!(parse_interaction_id(Some(&HeaderValue::from_static(bad))).is_none(), "{bad}");
        }
        assert!(parse_interaction_id(None).is_none());
    }
}
