//! Logos on the Link pages come from Ponte only (the pages make no outside request): an app's
//! logo is fetched from its configured URL under the webhooks' SSRF rule, checked to be a small
//! image, and kept in memory for an hour; without one, initials are drawn.

use crate::link_ui;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_webhooks::client::Sender;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_BYTES: usize = 256 * 1024;
const TTL: Duration = Duration::from_secs(3600);
const IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/gif", "image/svg+xml"];

/// A usable logo: its content type and bytes.
type Logo = (&'static str, Vec<u8>);

/// Fetched logos by URL (`None`: the URL gave no usable image; initials are drawn instead).
pub struct LogoCache {
    sender: Sender,
    entries: Mutex<HashMap<String, (Instant, Option<Logo>)>>,
}

impl LogoCache {
    pub fn new(sender: Sender) -> LogoCache {
        LogoCache { sender, entries: Mutex::new(HashMap::new()) }
    }

    async fn get(&self, url: &str) -> Option<Logo> {
        if let Some((at, entry)) = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(url)
            && at.elapsed() < TTL
        {
            return entry.clone();
        }
        let fetched = match self.sender.get_small(url, MAX_BYTES).await {
            Ok((200, Some(content_type), Some(body))) => {
                let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                IMAGE_TYPES.iter().find(|t| **t == essence).map(|t| (*t, body))
            }
            Ok(_) => None,
            Err(error) => {
                tracing::info!(%error, "an app logo could not be fetched");
                None
            }
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > 10_000 {
            entries.clear();
        }
        entries.insert(url.to_owned(), (Instant::now(), fetched.clone()));
        fetched
    }
}

fn image(content_type: &'static str, body: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // An SVG opened on its own must not run anything.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    response
}

pub async fn app_logo(State(state): State<AppState>, Path(app_id): Path<String>) -> Response {
    let app = match app_id.parse() {
        Ok(id) => state.store.app(id).await.ok().flatten(),
        Err(_) => None,
    };
    let Some(app) = app else { return (StatusCode::NOT_FOUND, "not found").into_response() };
    if let Some(url) = &app.settings.branding.logo_url
        && let Some((content_type, body)) = state.logos.get(url.as_str()).await
    {
        return image(content_type, body);
    }
    let name = app.settings.branding.display_name.clone().unwrap_or(app.name.clone());
    let svg = link_ui::initials_svg(&name, app.settings.branding.primary_color.as_str());
    image("image/svg+xml", svg.into_bytes())
}
