//! The hosted Link pages (spec §4): HTTP handlers that turn the journey's state into the pages
//! of `link_ui`. Every state change is a POST with the link token and a CSRF token; every
//! response carries a strict Content-Security-Policy, no referrer, and no caching.

mod assets;
mod bank;
mod basic;
mod csrf;
mod entry;
pub mod logos;
mod outcome;
mod progress;
mod render;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};

pub use render::PageError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/link", get(entry::landing))
        .route("/link/institutions", get(entry::institutions))
        .route("/link/confirm", get(entry::confirm))
        .route("/link/authorise", post(bank::authorise))
        .route("/link/callback", get(bank::callback_page).post(bank::callback))
        .route("/link/go/{handle}", get(bank::go))
        .route("/link/consents/{consent_id}/lgpd", get(outcome::lgpd_page).post(outcome::lgpd))
        .route("/link/consents/{consent_id}/result", get(outcome::result))
        .route("/link/consents/{consent_id}/progress", get(progress::progress))
        .route("/link/finish", get(outcome::finish))
        .route("/link/theme.css", get(assets::theme))
        .route("/link/static/{name}", get(assets::static_file))
        .route("/link/logos/institutions/{code}", get(assets::institution_logo))
        .route("/link/logos/apps/{app_id}", get(logos::app_logo))
        .route("/data/v1/basic-links/{app_id}", get(basic::basic_link))
}
