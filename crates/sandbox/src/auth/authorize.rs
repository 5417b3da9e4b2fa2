//! The customer's part of the journey: the authorisation endpoint shows the login page, the
//! login shows the consent page, and the decision sends the customer back to the client with
//! `code`, `id_token` and `state` in the fragment (hybrid flow) — or `error=access_denied`.
//!
//! Every form carries a CSRF token that must equal the bank's cookie (SameSite=Strict), and the
//! step between login and decision is a short-lived session JWT signed by the bank, so no
//! server-side session store is needed.

use super::id_token::{self, IdTokenFor};
use super::pages::{ConsentPage, ErrorPage, LoginPage, html};
use super::par::{PendingAuthorization, REQUEST_URI_PREFIX, parse_form};
use super::{random_handle, resources_for};
use crate::consents::{ConsentRecord, ConsentStatus, RejectedBy, Rejection, RejectionCode, repo};
use crate::context::BankContext;
use crate::personas;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, Header, Validation};
use ponte_domain::{Language, PermissionGroup, TaxId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

const CSRF_COOKIE: &str = "ponte_sandbox_csrf";
const SESSION_SECONDS: i64 = 600;
pub const CODE_SECONDS: i64 = 60;
pub const PASSWORD: &str = "ponte";

/// What a code stands for, kept until the client redeems it.
#[derive(Debug, Serialize, Deserialize)]
pub struct CodeGrant {
    pub pending: PendingAuthorization,
    /// The CPF of the customer who authorised.
    pub customer: String,
    /// The tax id they logged in with (a CNPJ for a company).
    pub login: String,
    pub auth_time: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct Session {
    aud: String,
    handle: String,
    login: String,
    csrf: String,
    exp: i64,
    auth_time: i64,
}

fn error_page(ctx: &BankContext, status: StatusCode, message: &str) -> Response {
    html(status, &ErrorPage { bank_name: ctx.bank.name, issuer: &ctx.issuer, message }, None)
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == CSRF_COOKIE)
        .map(|(_, value)| value.to_owned())
}

fn with_cookie(mut response: Response, ctx: &BankContext, csrf: &str) -> Response {
    let path = url::Url::parse(&ctx.issuer).map(|u| u.path().to_owned()).unwrap_or_else(|_| "/".into());
    let value = format!("{CSRF_COOKIE}={csrf}; Path={path}/auth; Secure; HttpOnly; SameSite=Strict");
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

async fn pending(ctx: &BankContext, handle: &str) -> Option<PendingAuthorization> {
    let body = ctx.store.peek_sandbox_grant(ctx.bank.code.code(), handle, "par").await.ok()??;
    serde_json::from_str(&body).ok()
}

/// `GET /auth/authorize?client_id=…&request_uri=…`
pub async fn authorize(
    State(ctx): State<Arc<BankContext>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let handle = query.get("request_uri").and_then(|uri| uri.strip_prefix(REQUEST_URI_PREFIX));
    let Some(handle) = handle else {
        return error_page(
            &ctx,
            StatusCode::BAD_REQUEST,
            "Pedido sem request_uri: esta instituição exige PAR.",
        );
    };
    let Some(request) = pending(&ctx, handle).await else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "O pedido expirou ou já foi usado.");
    };
    if query.get("client_id") != Some(&request.client_id) {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "O client_id não corresponde ao pedido.");
    }
    let csrf = cookie(&headers).filter(|c| c.len() == 43).unwrap_or_else(random_handle);
    let page = LoginPage {
        bank_name: ctx.bank.name,
        issuer: &ctx.issuer,
        client_name: &request.client_name,
        request_uri: &format!("{REQUEST_URI_PREFIX}{handle}"),
        csrf: &csrf,
        tax_id: "",
        error: None,
    };
    with_cookie(html(StatusCode::OK, &page, None), &ctx, &csrf)
}

fn csrf_ok(headers: &HeaderMap, form: &HashMap<String, String>) -> Option<String> {
    let cookie = cookie(headers)?;
    (form.get("csrf") == Some(&cookie)).then_some(cookie)
}

/// Whether the person logging in is the one the consent was asked for.
fn matches_consent(consent: &ConsentRecord, login: &TaxId) -> bool {
    let user = personas::logged_user(login);
    let business = match login {
        TaxId::Cnpj(cnpj) => Some(cnpj.as_str()),
        TaxId::Cpf(_) => None,
    };
    consent.logged_user == user.as_str() && consent.business_entity.as_deref() == business
}

/// `POST /auth/login`
pub async fn login(State(ctx): State<Arc<BankContext>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = parse_form(&body);
    let Some(csrf) = csrf_ok(&headers, &form) else {
        return error_page(
            &ctx,
            StatusCode::FORBIDDEN,
            "A página expirou (proteção contra CSRF). Comece de novo.",
        );
    };
    let request_uri = form.get("request_uri").cloned().unwrap_or_default();
    let Some(handle) = request_uri.strip_prefix(REQUEST_URI_PREFIX) else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "Pedido inválido.");
    };
    let Some(request) = pending(&ctx, handle).await else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "O pedido expirou ou já foi usado.");
    };
    let typed: String = form
        .get("tax_id")
        .map(|t| t.chars().filter(|c| c.is_ascii_alphanumeric()).collect())
        .unwrap_or_default();
    let retry = |message: &str| {
        let page = LoginPage {
            bank_name: ctx.bank.name,
            issuer: &ctx.issuer,
            client_name: &request.client_name,
            request_uri: &request_uri,
            csrf: &csrf,
            tax_id: &typed,
            error: Some(message),
        };
        html(StatusCode::UNPROCESSABLE_ENTITY, &page, None)
    };
    let Ok(login) = typed.to_ascii_uppercase().parse::<TaxId>() else {
        return retry("CPF ou CNPJ inválido: confira os dígitos.");
    };
    if form.get("password").map(String::as_str) != Some(PASSWORD) {
        return retry("Senha incorreta.");
    }
    let consent = match repo::load(&ctx, &request.consent_id).await {
        Ok(Some(consent)) if consent.status == ConsentStatus::AwaitingAuthorisation => consent,
        _ => {
            return error_page(
                &ctx,
                StatusCode::BAD_REQUEST,
                "O consentimento não está mais aguardando autorização.",
            );
        }
    };
    if !matches_consent(&consent, &login) {
        return retry(
            "Este compartilhamento foi pedido para outro cliente. Entre com o CPF ou CNPJ informado ao aplicativo.",
        );
    }
    let now = ctx.now().unix_timestamp();
    let session = Session {
        aud: format!("{}/auth/session", ctx.issuer),
        handle: handle.to_owned(),
        login: login.as_str().to_owned(),
        csrf: csrf.clone(),
        exp: time::OffsetDateTime::now_utc().unix_timestamp() + SESSION_SECONDS,
        auth_time: now,
    };
    let Ok(session) = jsonwebtoken::encode(&Header::new(Algorithm::PS256), &session, &ctx.keys.encoding)
    else {
        return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "Erro interno.");
    };
    let data = ctx.customer_data(&login);
    let groups = PermissionGroup::covered_by(&consent.permissions)
        .into_iter()
        .map(|g| (g.label_pt(), g.description(Language::PtBr)))
        .collect();
    let until = consent
        .expiration
        .map(|end| format!("{:02}/{:02}/{}", end.day(), u8::from(end.month()), end.year()))
        .unwrap_or_else(|| "você cancelar (prazo indeterminado)".into());
    let page = ConsentPage {
        bank_name: ctx.bank.name,
        issuer: &ctx.issuer,
        client_name: &request.client_name,
        customer: &login.masked(),
        until: &until,
        groups,
        resources: resources_for(&data, &consent.permissions),
        session: &session,
        csrf: &csrf,
    };
    html(StatusCode::OK, &page, Some(&origin(&request.redirect_uri)))
}

fn origin(uri: &str) -> String {
    url::Url::parse(uri).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
}

fn redirect(location: String) -> Response {
    match HeaderValue::from_str(&location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn fragment(redirect_uri: &str, pairs: &[(&str, &str)]) -> String {
    let encoded: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{redirect_uri}#{encoded}")
}

/// `POST /auth/consent`: approve (with the chosen resources) or reject.
pub async fn decide(State(ctx): State<Arc<BankContext>>, headers: HeaderMap, body: Bytes) -> Response {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let form: HashMap<String, String> = pairs.iter().cloned().collect();
    let Some(csrf) = csrf_ok(&headers, &form) else {
        return error_page(
            &ctx,
            StatusCode::FORBIDDEN,
            "A página expirou (proteção contra CSRF). Comece de novo.",
        );
    };
    let mut validation = Validation::new(Algorithm::PS256);
    validation.set_audience(&[format!("{}/auth/session", ctx.issuer)]);
    let session = form
        .get("session")
        .and_then(|s| jsonwebtoken::decode::<Session>(s, &ctx.keys.decoding, &validation).ok())
        .map(|d| d.claims)
        .filter(|s| s.csrf == csrf);
    let Some(session) = session else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "A sessão expirou. Comece de novo.");
    };
    let taken = ctx.store.take_sandbox_grant(ctx.bank.code.code(), &session.handle, "par").await;
    let Some(request) = (match taken {
        Ok(ponte_store::sandbox::GrantTaken::Fresh(body)) => {
            serde_json::from_str::<PendingAuthorization>(&body).ok()
        }
        _ => None,
    }) else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "O pedido expirou ou já foi usado.");
    };
    let state = request.state.as_deref();
    let consent = match repo::load(&ctx, &request.consent_id).await {
        Ok(Some(consent)) if consent.status == ConsentStatus::AwaitingAuthorisation => consent,
        _ => {
            return error_page(
                &ctx,
                StatusCode::BAD_REQUEST,
                "O consentimento não está mais aguardando autorização.",
            );
        }
    };
    let Ok(login) = session.login.parse::<TaxId>() else {
        return error_page(&ctx, StatusCode::BAD_REQUEST, "Sessão inválida.");
    };
    let now = ctx.now();
    if form.get("decision").map(String::as_str) != Some("approve") {
        let rejection =
            Rejection { by: RejectedBy::User, code: RejectionCode::CustomerManuallyRejected, info: None };
        let _ = repo::transition(&ctx, &consent, &consent.rejected(rejection, now)).await;
        let mut answer =
            vec![("error", "access_denied"), ("error_description", "the customer rejected the consent")];
        answer.extend(state.map(|s| ("state", s)));
        answer.push(("iss", &ctx.issuer));
        return redirect(fragment(&request.redirect_uri, &answer));
    }
    let offered: Vec<String> = resources_for(&ctx.customer_data(&login), &consent.permissions)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "resource" && offered.contains(v))
        .map(|(_, v)| v.clone())
        .collect();
    if !offered.is_empty() && chosen.is_empty() {
        return error_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Escolha ao menos uma conta ou produto para compartilhar.",
        );
    }
    match repo::transition(&ctx, &consent, &consent.authorised(chosen, now)).await {
        Ok(true) => {}
        _ => {
            return error_page(
                &ctx,
                StatusCode::CONFLICT,
                "O consentimento mudou enquanto você decidia. Comece de novo.",
            );
        }
    }
    let customer = consent.logged_user.clone();
    let code = random_handle();
    let grant = CodeGrant {
        pending: request.clone(),
        customer: customer.clone(),
        login: session.login,
        auth_time: session.auth_time,
    };
    let stored = match serde_json::to_string(&grant) {
        Ok(body) => {
            ctx.store
                .insert_sandbox_grant(
                    ctx.bank.code.code(),
                    &code,
                    "code",
                    &body,
                    now + time::Duration::seconds(CODE_SECONDS),
                )
                .await
        }
        Err(_) => return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "Erro interno."),
    };
    if stored.is_err() {
        return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "Erro interno.");
    }
    let subject = id_token::subject(ctx.bank.code.code(), &customer);
    let id_token = id_token::sign(
        &ctx.keys,
        &IdTokenFor {
            issuer: &ctx.issuer,
            subject: &subject,
            client_id: &request.client_id,
            nonce: &request.nonce,
            acr: &request.acr,
            auth_time: session.auth_time,
            code: Some(&code),
            state,
        },
    );
    let Ok(id_token) = id_token else {
        return error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, "Erro interno.");
    };
    let mut answer = vec![("code", code.as_str()), ("id_token", id_token.as_str())];
    answer.extend(state.map(|s| ("state", s)));
    answer.push(("iss", &ctx.issuer));
    redirect(fragment(&request.redirect_uri, &answer))
}
