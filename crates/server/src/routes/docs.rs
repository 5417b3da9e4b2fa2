//! `/openapi.json` and the API reference at `/docs`, rendered once at start-up from the same
//! document, without scripts or anything fetched from elsewhere.

use crate::api_docs;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::Arc;

const DOCS_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub fn router<S: Clone + Send + Sync + 'static>(api: &utoipa::openapi::OpenApi) -> Router<S> {
    let json: Arc<str> = api.to_pretty_json().unwrap_or_else(|_| "{}".to_owned()).into();
    let html: Arc<str> = api_docs::render_reference(api).into();
    Router::new()
        .route(
            "/openapi.json",
            get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], json.to_string()) }
            }),
        )
        .route(
            "/docs",
            get(move || {
                let html = html.clone();
                async move {
                    let mut response =
                        ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html.to_string())
                            .into_response();
                    response
                        .headers_mut()
                        .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_CSP));
                    response
                }
            }),
        )
        .route(
            "/docs/style.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], api_docs::STYLESHEET) }),
        )
}
