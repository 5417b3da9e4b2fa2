//! After the bank: the LGPD confirmation, the result (success or failure) and the way back to
//! the partner.

use super::csrf;
use super::entry::{groups, urlencode};
use super::render::{Ctx, Page, PageError, institution_view, parse_lang, pick};
use crate::link_ui::{
    self, FailureView, InstitutionView, LgpdView, MessageView, StepState, StepView, SuccessView,
};
use crate::state::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use ponte_domain::ConsentStatus;
use ponte_link::documents::{ConsentDocument, Mode};
use ponte_store::journey::ConsentRow;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize)]
pub struct ConsentQuery {
    pub v: Option<String>,
    pub lang: Option<String>,
    pub consent: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LgpdForm {
    pub v: Option<String>,
    pub csrf: Option<String>,
    pub lang: Option<String>,
    pub decision: Option<String>,
}

/// The consent of the link being shown; another link's consent is not found.
pub(super) async fn consent(ctx: &Ctx<'_>, id: &str) -> Result<ConsentRow, PageError> {
    let not_found = || ctx.error(StatusCode::NOT_FOUND, ("Não encontrado", "Not found"), String::new());
    let id: Uuid = id.parse().map_err(|_| not_found())?;
    let consent = ctx
        .state
        .store
        .consent(ctx.session.app.id, id)
        .await
        .map_err(|e| PageError::internal(ctx.lang, e))?
        .ok_or_else(not_found)?;
    if consent.link_id != ctx.session.link.id {
        return Err(not_found());
    }
    Ok(consent)
}

fn institution(ctx: &Ctx<'_>, consent: &ConsentRow) -> InstitutionView {
    match ctx.state.journey.registry.institution(ctx.session.app.environment, &consent.institution_code) {
        Some(entry) => institution_view(&entry),
        None => InstitutionView {
            code: consent.institution_code.clone(),
            name: consent.institution_code.clone(),
            logo_src: format!("/link/logos/institutions/{}", consent.institution_code),
            is_outage: false,
        },
    }
}

pub async fn lgpd_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(consent_id): Path<String>,
    Query(query): Query<ConsentQuery>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let consent = consent(&ctx, &consent_id).await?;
    let frame = ctx.frame("lgpd");
    if consent.status != ConsentStatus::AwaitingLgpdAuthorisation {
        return Err(PageError::see_other(frame.href(&format!("/link/consents/{}/result", consent.id))));
    }
    let view = LgpdView {
        institution: institution(&ctx, &consent),
        partner_name: frame.brand.name.clone(),
        groups: groups(&ctx),
        action: format!("/link/consents/{}/lgpd", consent.id),
    };
    ctx.page(link_ui::lgpd(&frame, &view))
}

pub async fn lgpd(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(consent_id): Path<String>,
    Form(form): Form<LgpdForm>,
) -> Result<Response, PageError> {
    let ctx = Ctx::open(&state, &headers, form.v.as_deref(), parse_lang(form.lang.as_deref())).await?;
    if !csrf::verify(&state, &headers, form.csrf.as_deref().unwrap_or_default()) {
        return Err(PageError::forbidden(ctx.lang));
    }
    let consent = consent(&ctx, &consent_id).await?;
    let accept = match form.decision.as_deref() {
        Some("accept") => true,
        Some("refuse") => false,
        _ => {
            return Err(ctx.error(
                StatusCode::BAD_REQUEST,
                ("Escolha uma opção", "Choose an option"),
                String::new(),
            ));
        }
    };
    if consent.status == ConsentStatus::AwaitingLgpdAuthorisation {
        state
            .journey
            .confirm_lgpd(&ctx.session.app, &consent, accept)
            .await
            .map_err(|e| PageError::internal(ctx.lang, e))?;
    }
    let frame = ctx.frame("lgpd");
    Ok(Redirect::to(&frame.href(&format!("/link/consents/{}/result", consent.id))).into_response())
}

/// The consent's own steps on the success page (the data retrieval follows them over the
/// progress stream, `progress.rs`).
pub fn steps(lang: ponte_domain::Language, status: ConsentStatus) -> Vec<StepView> {
    let done = |authorised: bool| if authorised { StepState::Done } else { StepState::Active };
    let authorised = status == ConsentStatus::Authorised;
    vec![
        StepView {
            key: "bank".into(),
            label: pick(lang, ("Autorização na instituição", "Authorisation at the institution")).into(),
            state: StepState::Done,
        },
        StepView {
            key: "lgpd".into(),
            label: pick(lang, ("Confirmação do compartilhamento", "Sharing confirmed")).into(),
            state: done(authorised),
        },
        StepView {
            key: "consent".into(),
            label: pick(lang, ("Consentimento ativo", "Consent active")).into(),
            state: done(authorised),
        },
    ]
}

pub async fn result(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(consent_id): Path<String>,
    Query(query): Query<ConsentQuery>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let consent = consent(&ctx, &consent_id).await?;
    let finish = format!("/link/finish?consent={}", consent.id);
    if consent.status == ConsentStatus::AwaitingLgpdAuthorisation {
        return Err(PageError::see_other(
            ctx.frame("lgpd").href(&format!("/link/consents/{}/lgpd", consent.id)),
        ));
    }
    if consent.status == ConsentStatus::Authorised {
        let frame = ctx.frame("success");
        let view = SuccessView {
            institution: institution(&ctx, &consent),
            steps: steps(ctx.lang, consent.status),
            progress_url: frame.href(&format!("/link/consents/{}/progress", consent.id)),
            connect_another_href: frame.href("/link/institutions"),
            finish_href: frame.href(&finish),
        };
        return ctx.page(link_ui::success(&frame, &view));
    }
    let frame = ctx.frame("failure");
    let document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
    let reason = failure_reason(ctx.lang, consent.status, document.failure.as_deref());
    let view = FailureView {
        institution: Some(institution(&ctx, &consent)),
        reason,
        retry_href: (document.mode == Mode::Hosted).then(|| {
            frame.href(&format!("/link/confirm?institution={}", urlencode(&consent.institution_code)))
        }),
        finish_href: Some(frame.href(&finish)),
    };
    ctx.page(link_ui::failure(&frame, &view))
}

fn failure_reason(lang: ponte_domain::Language, status: ConsentStatus, recorded: Option<&str>) -> String {
    let words = match status {
        ConsentStatus::Rejected if recorded.is_some_and(|r| r.contains("partner")) => (
            "Você não autorizou o compartilhamento com o parceiro.",
            "You did not agree to share the data with the partner.",
        ),
        ConsentStatus::Rejected => {
            ("O compartilhamento não foi autorizado.", "The sharing was not authorised.")
        }
        ConsentStatus::Expired => {
            ("O tempo para concluir a autorização acabou.", "The time to complete the authorisation ran out.")
        }
        ConsentStatus::Revoked => ("Este consentimento foi revogado.", "This consent was revoked."),
        _ => (
            "A instituição não conseguiu concluir a autorização. Tente de novo em instantes.",
            "The institution could not complete the authorisation. Try again in a moment.",
        ),
    };
    pick(lang, words).to_owned()
}

/// "Finish": back to the partner — the consent's redirectURL (API-only), the link's
/// redirectURL, or the app link — with the documented parameters.
pub async fn finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ConsentQuery>,
) -> Result<Response, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let consent = match query.consent.as_deref() {
        Some(id) => Some(consent(&ctx, id).await?),
        None => None,
    };
    let link = ctx.document();
    let consent_document: ConsentDocument =
        consent.as_ref().and_then(|c| serde_json::from_str(&c.document).ok()).unwrap_or_default();
    let to_app = consent_document.redirect_url.is_none() && link.app_link.is_some();
    let target =
        consent_document.redirect_url.clone().or(link.app_link.clone()).or(link.redirect_url.clone());
    let Some(target) = target else {
        let frame = ctx.frame("finish");
        let view = MessageView {
            title: pick(ctx.lang, ("Pronto", "All done")).to_owned(),
            message: pick(ctx.lang, ("Você já pode fechar esta janela.", "You can close this window now."))
                .to_owned(),
            finish_href: None,
        };
        return Ok(ctx.page(link_ui::message(&frame, &view))?.into_response());
    };
    let mut url = url::Url::parse(&target).map_err(|e| PageError::internal(ctx.lang, e))?;
    {
        let mut pairs = url.query_pairs_mut();
        pairs.append_pair("link_id", &ctx.session.link.id.to_string());
        if let Some(consent) = &consent {
            pairs.append_pair("consent_id", &consent.id.to_string());
            pairs.append_pair("external_track_id", &consent.external_track_id);
            if consent.status != ConsentStatus::Authorised {
                let (error, description) = error_of(consent);
                pairs.append_pair("error", error);
                pairs.append_pair("error_description", &description);
            }
        }
        if let Some(info) = &link.external_info {
            pairs.append_pair("external_info", &info.to_string());
        }
        if to_app && let Some(key) = &link.app_redirect_url_key {
            pairs.append_pair("appRedirectURLKey", key);
        }
    }
    Ok(Redirect::to(url.as_str()).into_response())
}

fn error_of(consent: &ConsentRow) -> (&'static str, String) {
    let error = match consent.status {
        ConsentStatus::Rejected => "access_denied",
        ConsentStatus::Expired => "expired",
        ConsentStatus::Revoked => "revoked",
        _ => "server_error",
    };
    (error, consent.status_reason.clone().unwrap_or_else(|| consent.status.as_str().to_owned()))
}
