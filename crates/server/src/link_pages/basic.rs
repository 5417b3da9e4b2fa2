//! The basic WhiteLabel entry: `GET /data/v1/basic-links/{appId}?personal_tax_id=…` creates a
//! link on the fly and continues as the hosted pages do. No credentials: what it accepts is
//! exactly what a link may carry, checked the same way (redirect allow-list included).

use super::render::PageError;
use crate::routes::links::create_link::link_url;
use crate::routes::links::request::CreateLinkBody;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ponte_domain::Language;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize)]
pub struct BasicQuery {
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution_code: Option<String>,
    pub redirect_url: Option<String>,
    pub products_callback_url: Option<String>,
    pub external_info: Option<String>,
    pub lang: Option<String>,
}

pub async fn basic_link(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
    Query(query): Query<BasicQuery>,
) -> Response {
    let lang = query.lang.as_deref().and_then(|l| l.parse().ok()).unwrap_or(Language::PtBr);
    let invalid = |message: String| {
        PageError::new(StatusCode::BAD_REQUEST, lang, ("Link inválido", "Invalid link"), message)
            .into_response()
    };
    let Ok(app_id) = app_id.parse::<Uuid>() else { return PageError::invalid(lang).into_response() };
    let app = match state.store.app(app_id).await {
        Ok(Some(app)) => app,
        Ok(None) => return PageError::invalid(lang).into_response(),
        Err(error) => return PageError::internal(lang, error).into_response(),
    };
    let json = |field: &str, value: Option<String>| -> Result<Option<serde_json::Value>, String> {
        value
            .map(|v| serde_json::from_str(&v).map_err(|_| format!("{field}: must be URL-encoded JSON")))
            .transpose()
    };
    let (products_callback_url, external_info) = match (
        json("products_callback_url", query.products_callback_url),
        json("external_info", query.external_info),
    ) {
        (Ok(p), Ok(e)) => (p, e),
        (Err(m), _) | (_, Err(m)) => return invalid(m),
    };
    let body = CreateLinkBody {
        personal_tax_id: query.personal_tax_id,
        business_tax_id: query.business_tax_id,
        email: query.email,
        phone: query.phone,
        institution_code: query.institution_code,
        redirect_url: query.redirect_url,
        products_callback_url,
        external_info,
        language: Some(lang),
        ..CreateLinkBody::default()
    };
    let request = match body.parse(&app.settings) {
        Ok(request) => request,
        Err(error) => return invalid(error.to_string()),
    };
    let link = match state.journey.create_link(&app, &request).await {
        Ok(link) => link,
        Err(error) => return PageError::internal(lang, error).into_response(),
    };
    match state.tokens.issue_link(&app, link.id, link.expires_at.unix_timestamp()) {
        Ok(token) => Redirect::to(&link_url(&state, &token.token)).into_response(),
        Err(error) => PageError::internal(lang, error).into_response(),
    }
}
