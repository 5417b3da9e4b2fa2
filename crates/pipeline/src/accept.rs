//! Accepting a partner's report request (spec §3): every rule checked before anything is
//! written, business failures as the Klavi codes 4001–4006, then the request, its event and its
//! jobs in one transaction.

use std::collections::BTreeSet;

use ponte_domain::{Audience, Cnpj, ConsentStatus, Cpf, ProductCode};
use ponte_link::requests::record_request;
use ponte_reports::Categoriser;
use ponte_reports::categorise::OverrideRules;
use ponte_store::apps::App;
use ponte_store::journey::ConsentRow;
use ponte_store::products::{ConsentScopeQuery, NewReportRequest, ReportLevel, RequestOrigin};
use ponte_webhooks::routing::CallbackMap;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::Pipeline;

/// A report request as the partner sent it (shape checked, rules not yet).
#[derive(Clone, Debug)]
pub struct RequestInput {
    pub level: ReportLevel,
    pub audience: Audience,
    pub tax_id: String,
    pub institution_code: Option<String>,
    pub link_id: Option<String>,
    pub consent_ids: Option<Vec<String>>,
    pub products: Vec<String>,
    pub products_callback_url: Option<Map<String, Value>>,
    pub external_info: Option<Value>,
}

/// The business rules of spec §3, as the Klavi codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusinessRule {
    /// 4001: no AUTHORISED consent in scope.
    AuthorisationInfo,
    /// 4002: a product unknown, not enabled, of the other audience or of the wrong level.
    ProductInfo,
    /// 4004: the institution is in outage or not available to the app.
    Institution,
    /// 4005: `products` is empty.
    Products,
    /// 4006: `productsCallbackURL` is not a valid map.
    CallbackUrl,
}

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum Rejection {
    /// Malformed input (HTTP 400); the message names the field.
    #[error("{0}")]
    Invalid(String),
    /// A business rule (HTTP 416 with the code).
    #[error("{message}")]
    Business { rule: BusinessRule, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

fn business(rule: BusinessRule, message: impl Into<String>) -> Rejection {
    Rejection::Business { rule, message: message.into() }
}

/// Checks every rule, records the request and returns its id.
pub async fn accept(p: &Pipeline, app: &App, input: RequestInput) -> Result<Uuid, Rejection> {
    let tax_id = parse_tax_id(input.audience, &input.tax_id)?;
    if input.level == ReportLevel::Institution && input.institution_code.as_deref().is_none_or(str::is_empty)
    {
        return Err(Rejection::Invalid("institutionCode is required for institution-level requests".into()));
    }
    let link_id = input
        .link_id
        .as_deref()
        .map(|id| id.parse::<Uuid>().map_err(|_| Rejection::Invalid("linkId is not a valid link id".into())))
        .transpose()?;
    let consent_ids = input
        .consent_ids
        .as_ref()
        .map(|ids| {
            ids.iter()
                .map(|id| {
                    id.parse::<Uuid>()
                        .map_err(|_| Rejection::Invalid(format!("consentIds: {id:?} is not a consent id")))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    if consent_ids.as_ref().is_some_and(|ids| ids.len() > 100) {
        return Err(Rejection::Invalid("consentIds: at most 100 consents per request".into()));
    }
    let products = parse_products(app, input.level, input.audience, &input.products)?;
    let callback_map = input.products_callback_url.clone().map(validate_callback_map).transpose()?;

    if let (ReportLevel::Institution, Some(code)) = (input.level, input.institution_code.as_deref())
        && !institution_available(p, app, code)
    {
        return Err(business(
            BusinessRule::Institution,
            format!("institution {code} is in outage or not available to this app; try again later"),
        ));
    }
    let consents = consents_in_scope(p, app, &input, &tax_id, link_id, consent_ids).await?;
    let consents = usable_institutions(p, app, input.level, consents)?;
    let now = p.store.clock().now();
    let freshness = p.config.freshness_span();
    let ids: Vec<Uuid> = consents.iter().map(|c| c.id).collect();
    let times = p.store.consent_data_times(&ids).await.map_err(anyhow::Error::from)?;
    let stale: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| !times.iter().any(|(t, at)| t == id && now - *at < freshness))
        .collect();

    let request = NewReportRequest {
        id: Uuid::now_v7(),
        app_id: app.id,
        level: input.level,
        audience: input.audience,
        tax_id,
        institution_code: input.institution_code.filter(|_| input.level == ReportLevel::Institution),
        link_id,
        consent_ids: ids,
        products,
        callback_map: callback_map.map(|map| map.to_string()),
        external_info: input.external_info.map(|info| info.to_string()),
        origin: RequestOrigin::Api,
    };
    let mut tx = p.store.begin().await.map_err(anyhow::Error::from)?;
    record_request(&mut tx, &p.store, app, &request, &stale).await?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(request.id)
}

fn parse_tax_id(audience: Audience, text: &str) -> Result<String, Rejection> {
    match audience {
        Audience::Personal => text
            .parse::<Cpf>()
            .map(|c| c.as_str().to_owned())
            .map_err(|e| Rejection::Invalid(format!("taxId: {e}"))),
        Audience::Business => text
            .parse::<Cnpj>()
            .map(|c| c.as_str().to_owned())
            .map_err(|e| Rejection::Invalid(format!("taxId: {e}"))),
    }
}

/// `["all"]` or explicit codes, each enabled, of the endpoint's audience and level.
fn parse_products(
    app: &App,
    level: ReportLevel,
    audience: Audience,
    products: &[String],
) -> Result<Vec<ProductCode>, Rejection> {
    if products.is_empty() {
        return Err(business(
            BusinessRule::Products,
            "products must contain at least one product code or \"all\"",
        ));
    }
    let fits_level = |p: ProductCode| level == ReportLevel::User || !p.is_user_level_only();
    if products.iter().any(|p| p == "all") {
        if products.len() > 1 {
            return Err(business(BusinessRule::ProductInfo, "\"all\" cannot be combined with product codes"));
        }
        let all: Vec<ProductCode> =
            app.settings.products.iter().filter(|p| p.audience() == audience && fits_level(*p)).collect();
        if all.is_empty() {
            return Err(business(
                BusinessRule::ProductInfo,
                "no product of this kind is enabled for the app",
            ));
        }
        return Ok(all);
    }
    let mut codes = BTreeSet::new();
    for text in products {
        let code: ProductCode = text.parse().map_err(|e: ponte_domain::ProductCodeError| {
            business(BusinessRule::ProductInfo, e.to_string())
        })?;
        if code.audience() != audience {
            let side = if audience == Audience::Personal { "personal" } else { "business" };
            return Err(business(
                BusinessRule::ProductInfo,
                format!("{code} cannot be requested on a {side} endpoint"),
            ));
        }
        if !app.settings.products.contains(code) {
            return Err(business(BusinessRule::ProductInfo, format!("{code} is not enabled for this app")));
        }
        if !fits_level(code) {
            return Err(business(
                BusinessRule::ProductInfo,
                format!("{code} summarises a customer across institutions: request it at the user level"),
            ));
        }
        codes.insert(code);
    }
    Ok(codes.into_iter().collect())
}

fn validate_callback_map(map: Map<String, Value>) -> Result<Value, Rejection> {
    let mut entries = Vec::with_capacity(map.len());
    for (key, value) in &map {
        let url = value.as_str().ok_or_else(|| {
            business(BusinessRule::CallbackUrl, format!("productsCallbackURL '{key}' must be a URL string"))
        })?;
        entries.push((key.as_str(), url));
    }
    CallbackMap::parse(entries).map_err(|e| business(BusinessRule::CallbackUrl, e.to_string()))?;
    Ok(Value::Object(map))
}

async fn consents_in_scope(
    p: &Pipeline,
    app: &App,
    input: &RequestInput,
    tax_id: &str,
    link_id: Option<Uuid>,
    consent_ids: Option<Vec<Uuid>>,
) -> Result<Vec<ConsentRow>, Rejection> {
    let app_ids = match input.level {
        ReportLevel::Institution => vec![app.id],
        ReportLevel::User => same_partner_apps(p, app).await?,
    };
    let (personal, business_id) = match input.audience {
        Audience::Personal => (Some(tax_id.to_owned()), None),
        Audience::Business => (None, Some(tax_id.to_owned())),
    };
    let query = ConsentScopeQuery {
        app_ids,
        personal_tax_id: personal,
        business_tax_id: business_id,
        institution_code: input.institution_code.clone().filter(|_| input.level == ReportLevel::Institution),
        link_id,
        consent_ids,
    };
    let now = p.store.clock().now();
    let consents: Vec<ConsentRow> = p
        .store
        .consents_for_scope(&query)
        .await
        .map_err(anyhow::Error::from)?
        .into_iter()
        .filter(|c| c.status == ConsentStatus::Authorised && c.expire_at.is_none_or(|at| at > now))
        .collect();
    if consents.is_empty() {
        return Err(business(
            BusinessRule::AuthorisationInfo,
            "no AUTHORISED consent in scope for this taxId (and linkId, consentIds or institutionCode)",
        ));
    }
    Ok(consents)
}

/// The apps of the same partner in the same environment (a user-level request never mixes
/// sandbox and production data; the store's query says so).
async fn same_partner_apps(p: &Pipeline, app: &App) -> Result<Vec<Uuid>, Rejection> {
    Ok(p.store.partner_app_ids(app.id).await.map_err(anyhow::Error::from)?)
}

fn institution_available(p: &Pipeline, app: &App, code: &str) -> bool {
    p.registry.institution(app.environment, code).is_some_and(|e| !e.outage)
}

/// Institution level: the institution must be available (4004). User level: consents at
/// institutions in outage are left out, and 4004 only when nothing is left.
fn usable_institutions(
    p: &Pipeline,
    app: &App,
    level: ReportLevel,
    consents: Vec<ConsentRow>,
) -> Result<Vec<ConsentRow>, Rejection> {
    let available = |code: &str| institution_available(p, app, code);
    let total = consents.len();
    let usable: Vec<ConsentRow> = consents.into_iter().filter(|c| available(&c.institution_code)).collect();
    if usable.is_empty() || (level == ReportLevel::Institution && usable.len() < total) {
        return Err(business(
            BusinessRule::Institution,
            "the institution is in outage or not available; try again later",
        ));
    }
    Ok(usable)
}

/// The standard categoriser with an app's override rules (stored as the JSON body of
/// `PUT /data/v1/categories/rules`).
pub fn categoriser_with_rules(rules_json: &str) -> Result<Categoriser, String> {
    let rules = OverrideRules::from_json(rules_json).map_err(|e| e.to_string())?;
    Categoriser::with_overrides(&rules.rules).map_err(|e| e.to_string())
}
