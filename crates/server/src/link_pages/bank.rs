//! Going to the bank and coming back: the authorise POST, the redirect page, the callback page
//! that reads the hybrid response's fragment, the callback POST, and API-only redirect handles.

use super::csrf;
use super::entry::render_confirmation;
use super::render::{Ctx, Page, PageError, institution_view, parse_lang, pick};
use crate::link_ui::{self, BrandView, CallbackView, Frame, RedirectView};
use crate::state::AppState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ponte_domain::{Cpf, ValidityPeriod};
use ponte_link::JourneyError;
use ponte_link::documents::Mode;
use ponte_link::journey::{CallbackParams, StartConsent};
use ponte_store::journey::{ConsentRow, Taken};
use serde::Deserialize;
use std::time::Duration;

#[derive(Debug, Deserialize)]
pub struct AuthoriseForm {
    pub v: Option<String>,
    pub csrf: Option<String>,
    pub lang: Option<String>,
    pub institution: Option<String>,
    pub validity: Option<String>,
    pub tax_id: Option<String>,
}

pub async fn authorise(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AuthoriseForm>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, form.v.as_deref(), parse_lang(form.lang.as_deref())).await?;
    if !csrf::verify(&state, &headers, form.csrf.as_deref().unwrap_or_default()) {
        return Err(PageError::forbidden(ctx.lang));
    }
    let code = form.institution.unwrap_or_default();
    let entry = state.journey.registry.institution(ctx.session.app.environment, &code).ok_or_else(|| {
        ctx.error(
            StatusCode::NOT_FOUND,
            ("Instituição não encontrada", "Institution not found"),
            String::new(),
        )
    })?;
    let personal = match (&ctx.session.link.personal_tax_id, form.tax_id.as_deref()) {
        (Some(cpf), _) => cpf.clone(),
        (None, Some(typed)) => match typed.parse::<Cpf>() {
            Ok(cpf) => cpf.as_str().to_owned(),
            Err(_) => {
                let error =
                    pick(ctx.lang, ("CPF inválido: confira os números.", "Invalid CPF: check the digits."));
                return render_confirmation(&ctx, &entry, Some(error.to_owned())).await;
            }
        },
        (None, None) => {
            let error = pick(ctx.lang, ("Informe o seu CPF.", "Enter your CPF."));
            return render_confirmation(&ctx, &entry, Some(error.to_owned())).await;
        }
    };
    let validity = match form.validity.as_deref() {
        Some("0") => ValidityPeriod::UntilCancelled,
        _ => ValidityPeriod::TwelveMonths,
    };
    let document = ctx.document();
    let start = StartConsent {
        institution_code: code,
        personal_tax_id: personal,
        business_tax_id: ctx.session.link.business_tax_id.clone(),
        validity,
        external_track_id: None,
        mode: Mode::Hosted,
        redirect_url: None,
        client_metadata: None,
        email: document.email.clone(),
        phone: document.phone.clone(),
        cause: "link_page",
    };
    let outcome = async {
        let consent = state.journey.start_consent(&ctx.session.app, &ctx.session.link, &start, None).await?;
        let url = state.journey.send_to_bank(&ctx.session.app, &consent).await;
        Ok::<_, JourneyError>((consent, url))
    }
    .await;
    match outcome {
        Ok((_, Ok(url))) => {
            let frame = ctx.frame("redirect");
            let view = RedirectView { institution: institution_view(&entry), bank_url: url.to_string() };
            ctx.page(link_ui::redirect_to_bank(&frame, &view))
        }
        Ok((consent, Err(_))) => {
            let target = format!("/link/consents/{}/result", consent.id);
            Err(PageError::see_other(ctx.frame("redirect").href(&target)))
        }
        Err(JourneyError::InstitutionUnavailable(_)) => {
            let error = pick(
                ctx.lang,
                (
                    "Esta instituição está indisponível agora. Tente mais tarde ou escolha outra.",
                    "This institution is unavailable right now. Try later or choose another.",
                ),
            );
            render_confirmation(&ctx, &entry, Some(error.to_owned())).await
        }
        Err(other) => Err(PageError::internal(ctx.lang, other)),
    }
}

pub async fn callback_page(State(state): State<AppState>, headers: HeaderMap) -> Result<Page, PageError> {
    let (cookie, set_cookie) = csrf::cookie(&state, &headers);
    let frame = Frame {
        lang: ponte_domain::Language::PtBr,
        brand: BrandView { name: "Ponte".to_owned(), logo_src: None, privacy_url: None, terms_url: None },
        csrf: csrf::token(&state, &cookie),
        link_token: String::new(),
        page: "callback",
        theme_href: link_ui::theme_href("/link/theme.css", link_ui::DEFAULT_PRIMARY, link_ui::DEFAULT_ACCENT),
    };
    let html = link_ui::callback(&frame, &CallbackView { action: "/link/callback".to_owned() })
        .map_err(|e| PageError::internal(frame.lang, e))?;
    Ok(Page { status: StatusCode::OK, html, set_cookie })
}

#[derive(Debug, Deserialize)]
pub struct CallbackForm {
    pub csrf: Option<String>,
    pub state: Option<String>,
    pub code: Option<String>,
    pub id_token: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CallbackForm>,
) -> Response {
    let lang = ponte_domain::Language::PtBr;
    if !csrf::verify(&state, &headers, form.csrf.as_deref().unwrap_or_default()) {
        return PageError::forbidden(lang).into_response();
    }
    // The callback page posts every field, empty when the fragment did not carry it.
    let present = |value: Option<String>| value.filter(|v| !v.is_empty());
    let params = CallbackParams {
        state: form.state.unwrap_or_default(),
        code: present(form.code),
        id_token: present(form.id_token),
        error: present(form.error),
        error_description: present(form.error_description),
    };
    match state.journey.callback(&params).await {
        Ok(outcome) => match after_bank(&state, &outcome.app, &outcome.consent).await {
            Ok(to) => Redirect::to(&to).into_response(),
            Err(error) => error.into_response(),
        },
        Err(JourneyError::Refused(_)) => PageError::new(
            StatusCode::BAD_REQUEST,
            lang,
            ("Não foi possível continuar", "We could not continue"),
            "Esta resposta da instituição não é válida ou já foi usada. Volte ao aplicativo e comece de novo."
                .to_owned(),
        )
        .into_response(),
        Err(other) => PageError::internal(lang, other).into_response(),
    }
}

/// Where the browser goes once the bank's part is over: the LGPD page, or the result.
async fn after_bank(
    state: &AppState,
    app: &ponte_store::apps::App,
    consent: &ConsentRow,
) -> Result<String, PageError> {
    let lang = ponte_domain::Language::PtBr;
    let link = state.store.link(app.id, consent.link_id).await.map_err(|e| PageError::internal(lang, e))?;
    let link = link.ok_or_else(|| PageError::invalid(lang))?;
    // The link URL may have expired while the user was at the bank; the journey's last pages
    // get a fresh token of their own.
    let expires = (state.store.clock().now() + Duration::from_secs(30 * 60)).unix_timestamp();
    let token = state.tokens.issue_link(app, link.id, expires).map_err(|e| PageError::internal(lang, e))?;
    let page = if consent.status == ponte_domain::ConsentStatus::AwaitingLgpdAuthorisation {
        "lgpd"
    } else {
        "result"
    };
    let v: String = url::form_urlencoded::byte_serialize(token.token.as_bytes()).collect();
    Ok(format!("/link/consents/{}/{page}?v={v}", consent.id))
}

/// An API-only `consentRedirectURL`: single use, valid 60 seconds.
pub async fn go(State(state): State<AppState>, Path(handle): Path<String>) -> Response {
    let lang = ponte_domain::Language::PtBr;
    if handle.len() > 128 {
        return PageError::invalid(lang).into_response();
    }
    match state.store.take_journey_grant(&handle, "consent_redirect").await {
        Ok(Taken::Fresh { body, .. }) => {
            let mut response = Redirect::to(&body).into_response();
            response
                .headers_mut()
                .insert(header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
            response
        }
        Ok(Taken::AlreadyUsed { .. }) | Ok(Taken::Expired { .. }) => PageError::expired(lang).into_response(),
        Ok(Taken::Unknown) => PageError::invalid(lang).into_response(),
        Err(error) => PageError::internal(lang, error).into_response(),
    }
}
