//! The first screens: landing, institution list, data confirmation.

use super::render::{Ctx, Page, PageError, institution_view, parse_lang, pick};
use crate::link_ui::{self, ConfirmationView, GroupView, InstitutionListView, LandingView};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use ponte_domain::{Audience, ProductCode, TaxIdKind};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    pub v: Option<String>,
    pub lang: Option<String>,
    pub q: Option<String>,
    pub institution: Option<String>,
    pub error: Option<String>,
}

/// The permission groups the app's products need, for the link's audience.
pub fn groups(ctx: &Ctx<'_>) -> Vec<GroupView> {
    let audience =
        if ctx.session.link.business_tax_id.is_some() { Audience::Business } else { Audience::Personal };
    GroupView::list(ProductCode::groups_for(ctx.session.app.settings.products.iter(), audience), ctx.lang)
}

pub async fn landing(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    if ctx.session.link.status != ponte_domain::LinkStatus::Pending
        && ctx.session.link.status != ponte_domain::LinkStatus::Authorised
    {
        return Err(PageError::expired(ctx.lang));
    }
    let frame = ctx.frame("landing");
    let next = match ctx.document().institution_code {
        Some(code) => format!("/link/confirm?institution={}", urlencode(&code)),
        None => "/link/institutions".to_owned(),
    };
    let view = LandingView { groups: groups(&ctx), continue_href: frame.href(&next) };
    ctx.page(link_ui::landing(&frame, &view))
}

pub async fn institutions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let frame = ctx.frame("institution_list");
    let search = query.q.unwrap_or_default().chars().take(100).collect::<String>();
    let needle = search.trim().to_lowercase();
    let entries = state.journey.registry.institutions(ctx.session.app.environment);
    let institutions = entries
        .iter()
        .filter(|e| {
            needle.is_empty()
                || e.institution.name.to_lowercase().contains(&needle)
                || e.institution.code == needle
        })
        .map(institution_view)
        .collect();
    let connected = state
        .store
        .link_consents(ctx.session.app.id, ctx.session.link.id)
        .await
        .map_err(|e| PageError::internal(ctx.lang, e))?
        .into_iter()
        .filter(|c| c.status == ponte_domain::ConsentStatus::Authorised)
        .map(|c| c.institution_code)
        .collect();
    let view = InstitutionListView {
        institutions,
        query: search,
        search_action: "/link/institutions".to_owned(),
        choose_href_base: frame.href("/link/confirm"),
        connected,
    };
    ctx.page(link_ui::institution_list(&frame, &view))
}

pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Result<Page, PageError> {
    let ctx = Ctx::open(&state, &headers, query.v.as_deref(), parse_lang(query.lang.as_deref())).await?;
    let code = query.institution.unwrap_or_default();
    let entry = state.journey.registry.institution(ctx.session.app.environment, &code).ok_or_else(|| {
        ctx.error(
            StatusCode::NOT_FOUND,
            ("Instituição não encontrada", "Institution not found"),
            pick(
                ctx.lang,
                ("Escolha outra instituição na lista.", "Choose another institution from the list."),
            )
            .to_owned(),
        )
    })?;
    render_confirmation(&ctx, &entry, query.error).await
}

pub async fn render_confirmation(
    ctx: &Ctx<'_>,
    entry: &ponte_link::InstitutionEntry,
    error: Option<String>,
) -> Result<Page, PageError> {
    let frame = ctx.frame("data_confirmation");
    let link = &ctx.session.link;
    let masked = match (&link.business_tax_id, &link.personal_tax_id) {
        (Some(cnpj), _) => cnpj.parse::<ponte_domain::Cnpj>().ok().map(|c| c.masked()),
        (None, Some(cpf)) => cpf.parse::<ponte_domain::Cpf>().ok().map(|c| c.masked()),
        (None, None) => None,
    };
    let ask = match (&link.business_tax_id, &link.personal_tax_id) {
        (_, None) => Some(TaxIdKind::Cpf),
        _ => None,
    };
    let validity = ctx.document().validity_period.unwrap_or_default().months();
    let from_list = ctx.document().institution_code.is_none();
    let view = ConfirmationView {
        institution: institution_view(entry),
        groups: groups(ctx),
        masked_tax_id: masked,
        ask_tax_id: ask,
        validity_months: validity,
        error,
        action: "/link/authorise".to_owned(),
        back_href: from_list.then(|| frame.href("/link/institutions")),
    };
    let mut page = ctx.page(link_ui::confirmation(&frame, &view))?;
    if view.error.is_some() {
        page.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

pub fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
