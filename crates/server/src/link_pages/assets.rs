//! The Link pages' own files: scripts, styles, the theme stylesheet and institution logos
//! (generated, so the pages make no request outside Ponte).

use crate::link_ui;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

fn with_type(
    status: StatusCode,
    content_type: &'static str,
    body: impl IntoResponse,
    cache: &'static str,
) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

pub async fn static_file(Path(name): Path<String>) -> Response {
    match link_ui::static_asset(&name) {
        Some((content_type, bytes)) => with_type(StatusCode::OK, content_type, bytes, "public, max-age=3600"),
        None => with_type(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", "not found", "no-store"),
    }
}

#[derive(Debug, Deserialize)]
pub struct ThemeQuery {
    pub primary: Option<String>,
    pub accent: Option<String>,
}

pub async fn theme(Query(query): Query<ThemeQuery>) -> Response {
    let css = link_ui::theme_css(
        query.primary.as_deref().unwrap_or(link_ui::DEFAULT_PRIMARY),
        query.accent.as_deref().unwrap_or(link_ui::DEFAULT_ACCENT),
    );
    with_type(StatusCode::OK, "text/css; charset=utf-8", css, "public, max-age=86400")
}

pub async fn institution_logo(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let name = [ponte_domain::Environment::Sandbox, ponte_domain::Environment::Production]
        .into_iter()
        .find_map(|env| state.journey.registry.institution(env, &code))
        .map(|e| e.institution.name)
        .unwrap_or_else(|| code.chars().take(8).collect());
    let svg = link_ui::initials_svg(&name, link_ui::DEFAULT_PRIMARY);
    let mut response = with_type(StatusCode::OK, "image/svg+xml", svg, "public, max-age=3600");
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    response
}
