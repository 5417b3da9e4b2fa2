//! HTTP plumbing shared by every route: the error type, extractors and middleware.

pub mod cursor;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics;
pub mod request_id;

use axum::extract::Request;
use error::ApiError;

/// Answers unknown paths in the API's error shape.
pub async fn not_found(request: Request) -> ApiError {
    ApiError::NotFound(format!("No route for {} {}", request.method(), request.uri().path()))
}

pub async fn method_not_allowed(request: Request) -> ApiError {
    ApiError::MethodNotAllowed(format!("{} is not allowed on {}", request.method(), request.uri().path()))
}
