//! CSRF protection of the Link pages' forms: a random value in an HttpOnly cookie, and in each
//! form an HMAC of it under a per-process key. A form posted from another site has no way to
//! learn the HMAC; a form without the cookie (or with another's) fails.

use crate::state::AppState;
use axum::http::HeaderMap;
use axum::http::HeaderValue;
use axum::http::header::COOKIE;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const COOKIE_NAME: &str = "ponte_link_csrf";

/// The browser's CSRF cookie value, and the `Set-Cookie` to send when it had none.
pub fn cookie(state: &AppState, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    if let Some(value) = read_cookie(headers) {
        return (value, None);
    }
    let value = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>());
    let secure = if state.config.effective_public_url().starts_with("https://") { "; Secure" } else { "" };
    let header = format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax{secure}");
    (value.clone(), HeaderValue::from_str(&header).ok())
}

fn read_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE_NAME && (16..=64).contains(&value.len()))
        .map(|(_, value)| value.to_owned())
}

/// The token forms carry for `cookie`.
pub fn token(state: &AppState, cookie: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(state.csrf_key.as_ref()).expect("HMAC takes any key length");
    mac.update(cookie.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Whether a posted form's token matches the browser's cookie.
pub fn verify(state: &AppState, headers: &HeaderMap, posted: &str) -> bool {
    let Some(cookie) = read_cookie(headers) else { return false };
    let expected = token(state, &cookie);
    bool::from(expected.as_bytes().ct_eq(posted.as_bytes()))
}
