//! The axum application: routes plus the layers every request passes through.

use crate::http::error::ApiError;
use crate::http::{self, idempotency, request_id};
use crate::routes;
use crate::state::AppState;
use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{DefaultBodyLimit, Request};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

pub fn build(state: AppState) -> Router {
    let (api, openapi) = routes::api_router().split_for_parts();
    let timeout = Duration::from_secs(state.config.http.request_timeout_secs);
    let api = api.layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::middleware));
    Router::new()
        .merge(api)
        .merge(routes::docs::router(&with_version(openapi)))
        .merge(crate::link_pages::router())
        .fallback(http::not_found)
        .method_not_allowed_fallback(http::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.http.body_limit_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(request_id::middleware))
                .layer(TraceLayer::new_for_http().make_span_with(make_span))
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(axum::middleware::from_fn(http::metrics::middleware))
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    ApiError::Unavailable("The request took too long and was stopped".to_owned())
                }))
                .timeout(timeout),
        )
        .with_state(state)
}

fn with_version(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    api
}

/// The request's span: method, path (never the query string, which may carry personal data)
/// and request id.
fn make_span(request: &Request) -> tracing::Span {
    let id = request.extensions().get::<request_id::RequestId>().map(|r| r.0.as_str()).unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    ApiError::internal(anyhow::anyhow!("a request handler panicked")).into_response()
}
