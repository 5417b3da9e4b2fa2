//! The sandbox's HTTP application: the participants directory and, under `/banks/<code>`, each
//! bank's authorisation server and OFB APIs.

use crate::api::{self, error::OfbError, fapi};
use crate::auth::{authorize, metadata, pages, par, token};
use crate::context::BankContext;
use crate::faults::Fate;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;

/// One bank's routes, relative to its issuer.
pub fn bank_router(ctx: Arc<BankContext>) -> Router {
    let data = |router: Router<Arc<BankContext>>, version: &'static str| {
        router
            .layer(middleware::from_fn_with_state(ctx.clone(), data_faults))
            .layer(middleware::from_fn(move |request, next| fapi::headers(version, request, next)))
    };
    Router::new()
        .route("/.well-known/openid-configuration", get(metadata::discovery))
        .route(metadata::JWKS, get(metadata::jwks))
        .route(metadata::PAR, post(par::push))
        .route(metadata::AUTHORIZE, get(authorize::authorize))
        .route("/auth/login", post(authorize::login))
        .route("/auth/consent", post(authorize::decide))
        .route(metadata::TOKEN, post(token::token))
        .route("/auth/style.css", get(pages::style))
        .route("/logo.svg", get(logo))
        .nest(
            api::consents::BASE,
            api::consents::router().layer(middleware::from_fn(|request, next| {
                fapi::headers(api::consents::VERSION, request, next)
            })),
        )
        .nest(api::resources::BASE, data(api::resources::router(), api::resources::VERSION))
        .nest(api::customers::BASE, data(api::customers::router(), api::customers::VERSION))
        .nest(
            api::accounts::BASE,
            data(api::accounts::router(), api::accounts::VERSION)
                .layer(middleware::from_fn(fapi::error_meta_with_totals)),
        )
        .nest(
            api::cards::BASE,
            data(api::cards::router(), api::cards::VERSION)
                .layer(middleware::from_fn(fapi::error_meta_with_totals)),
        )
        .merge(api::credit::routers(data))
        .nest(api::investments::BASE, data(api::investments::router(), api::investments::VERSION))
        .layer(middleware::from_fn_with_state(ctx.clone(), outage))
        .nest(api::discovery::BASE, api::discovery::router())
        .with_state(ctx)
}

/// The whole sandbox: `/participants` and every bank under `/banks/<code>`.
pub fn router(banks: Vec<Arc<BankContext>>, base_url: &str) -> Router {
    let directory = crate::directory::participants(base_url);
    let mut router = Router::new().route("/participants", get(move || async move { Json(directory) }));
    for ctx in banks {
        router = router.nest(&format!("/banks/{}", ctx.bank.code.code()), bank_router(ctx));
    }
    router.fallback(|| async { OfbError::not_found("no such sandbox endpoint").into_response() })
}

/// A bank in outage answers 503 to everything but its discovery status.
async fn outage(State(ctx): State<Arc<BankContext>>, request: Request, next: Next) -> Response {
    if ctx.faults.profile.outage {
        let mut response = OfbError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "INDISPONIVEL",
            "the institution is unavailable (sandbox outage)",
        )
        .into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
        return response;
    }
    next.run(request).await
}

/// Latency, 429s, 5xx and hangs on data calls, as the bank's fault profile decides.
async fn data_faults(State(ctx): State<Arc<BankContext>>, request: Request, next: Next) -> Response {
    match ctx.faults.next() {
        Fate::Answer { delay } => {
            // A zero sleep still goes through the timer wheel: it waits for the next
            // millisecond tick and takes the timer lock.
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            next.run(request).await
        }
        Fate::RateLimited { delay, retry_after } => {
            tokio::time::sleep(delay).await;
            let mut response =
                OfbError::too_many_requests("too many requests (sandbox fault)").into_response();
            if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Fate::ServerError { delay, status } => {
            tokio::time::sleep(delay).await;
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            OfbError::new(status, "ERRO_INTERNO", "the bank failed (sandbox fault)").into_response()
        }
        Fate::Hang { duration } => {
            tokio::time::sleep(duration).await;
            OfbError::new(StatusCode::GATEWAY_TIMEOUT, "TEMPO_ESGOTADO", "the bank timed out (sandbox fault)")
                .into_response()
        }
        Fate::Down => {
            OfbError::new(StatusCode::SERVICE_UNAVAILABLE, "INDISPONIVEL", "the bank is down").into_response()
        }
    }
}

async fn logo(State(ctx): State<Arc<BankContext>>) -> Response {
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b3d91"/><text x="32" y="40" font-family="sans-serif" font-size="20" fill="#fff" text-anchor="middle">{}</text></svg>"##,
        ctx.bank.code.code()
    );
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
        .into_response()
}
