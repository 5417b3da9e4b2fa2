//! The bank's HTML pages (askama templates in `templates/`), served with a strict
//! Content-Security-Policy: no scripts at all, styles from the bank's own stylesheet, and forms
//! that may post only to the bank (and, for the consent page, be redirected to the client).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage<'a> {
    pub bank_name: &'a str,
    pub issuer: &'a str,
    pub client_name: &'a str,
    pub request_uri: &'a str,
    pub csrf: &'a str,
    pub tax_id: &'a str,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "consent.html")]
pub struct ConsentPage<'a> {
    pub bank_name: &'a str,
    pub issuer: &'a str,
    pub client_name: &'a str,
    pub customer: &'a str,
    pub until: &'a str,
    pub groups: Vec<(&'static str, &'static str)>,
    pub resources: Vec<(String, String)>,
    pub session: &'a str,
    pub csrf: &'a str,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub bank_name: &'a str,
    pub issuer: &'a str,
    pub message: &'a str,
}

pub const STYLE: &str = include_str!("../../templates/style.css");

/// Renders a page with the security headers; `form_target` is an extra origin forms may be
/// redirected to (the client's callback after a decision).
pub fn html(status: StatusCode, page: &impl Template, form_target: Option<&str>) -> Response {
    let body = match page.render() {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "sandbox page failed to render");
            return (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be rendered").into_response();
        }
    };
    let form_action = match form_target {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    let csp = format!(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action {form_action}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, axum::response::Html(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

pub async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        STYLE,
    )
        .into_response()
}
