//! What every data endpoint does first: authenticate, check the consent, the scope and the
//! permission, find the customer's data, and remember the URL it was called with (for links).

use super::access::Authenticated;
use super::error::{OfbError, OfbResult, request_date_time};
use super::page::{ListKind, MinPageSize, PageRequest, page_body};
use crate::consents::ConsentRecord;
use crate::context::BankContext;
use crate::data::resources::ResourceStatus;
use crate::personas::CustomerData;
use axum::extract::{FromRequestParts, OriginalUri, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ponte_domain::{Permission, TaxId};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use url::Url;

/// An authenticated data call, before the consent is checked.
pub struct DataCall {
    pub auth: Authenticated,
    pub query: HashMap<String, String>,
    /// The URL as the client called it.
    pub url: Url,
}

impl FromRequestParts<Arc<BankContext>> for DataCall {
    type Rejection = OfbError;

    async fn from_request_parts(parts: &mut Parts, ctx: &Arc<BankContext>) -> OfbResult<Self> {
        let auth = Authenticated::from_request_parts(parts, ctx).await?;
        let Query(query) = Query::<HashMap<String, String>>::from_request_parts(parts, ctx)
            .await
            .map_err(|e| OfbError::bad_request(format!("the query string is not valid: {e}")))?;
        let OriginalUri(uri) = OriginalUri::from_request_parts(parts, ctx)
            .await
            .map_err(|_| OfbError::internal("no request URI"))?;
        let mut url = Url::parse(&ctx.issuer).map_err(|_| OfbError::internal("the issuer is not a URL"))?;
        url.set_path(uri.path());
        url.set_query(uri.query());
        Ok(DataCall { auth, query, url })
    }
}

/// A call whose consent allows it, with the customer's data.
pub struct Allowed {
    pub consent: ConsentRecord,
    pub data: Arc<CustomerData>,
    pub query: HashMap<String, String>,
    pub url: Url,
}

impl DataCall {
    pub async fn allow(self, ctx: &BankContext, scope: &str, permission: Permission) -> OfbResult<Allowed> {
        let consent = self.auth.require_consent(ctx, scope, permission).await?;
        let tax_id = consent.business_entity.as_deref().unwrap_or(&consent.logged_user);
        let tax_id: TaxId =
            tax_id.parse().map_err(|_| OfbError::internal("the consent's customer is not a valid tax id"))?;
        let data = ctx.customer_data(&tax_id);
        Ok(Allowed { consent, data, query: self.query, url: self.url })
    }
}

impl Allowed {
    /// Checks that a resource was shared in the consent and can be read now.
    pub fn shared(&self, resource_id: &str, status: ResourceStatus) -> OfbResult<()> {
        if !self.consent.shared_resources.iter().any(|r| r == resource_id) {
            return Err(OfbError::forbidden("the resource was not shared in this consent"));
        }
        match status {
            ResourceStatus::Available => Ok(()),
            other => Err(OfbError::forbidden(format!(
                "the resource is not available ({})",
                wire_name(&other).unwrap_or_default()
            ))),
        }
    }

    pub fn is_shared(&self, resource_id: &str) -> bool {
        self.consent.shared_resources.iter().any(|r| r == resource_id)
    }

    pub fn page(&self, min: MinPageSize) -> OfbResult<PageRequest> {
        PageRequest::parse(&self.query, min)
    }

    pub fn pagination_key(&self) -> Option<&str> {
        self.query.get("pagination-key").map(String::as_str)
    }
}

/// An OFB enum's name on the wire (`"CREDITO"`, `"PENDING_AUTHORISATION"`…), for query filters
/// and messages that compare or show it.
pub fn wire_name<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => Some(name),
        _ => None,
    }
}

/// A JSON answer with the OFB content type.
pub fn ok(body: Value) -> Response {
    let mut response = (StatusCode::OK, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

/// A single-object answer: `data`, `links.self` and `meta` (with totals when `totals`).
pub fn single(ctx: &BankContext, url: &Url, data: impl Serialize, totals: bool) -> OfbResult<Response> {
    let data = serde_json::to_value(data).map_err(|e| OfbError::internal(e.to_string()))?;
    let now = request_date_time(ctx.now());
    let meta = if totals {
        json!({ "totalRecords": 1, "totalPages": 1, "requestDateTime": now })
    } else {
        json!({ "requestDateTime": now })
    };
    Ok(ok(json!({ "data": data, "links": { "self": url.as_str() }, "meta": meta })))
}

/// A page of a list answer.
pub fn list<T: Serialize>(
    ctx: &BankContext,
    allowed: &Allowed,
    items: &[T],
    min: MinPageSize,
    kind: ListKind,
) -> OfbResult<Response> {
    let request = allowed.page(min)?;
    let key = pagination_key(&allowed.consent.consent_id, allowed.url.path());
    let body = page_body(items, &request, &allowed.url, kind, &key, ctx.now())?;
    let bytes = serde_json::to_vec(&body).map_err(|e| OfbError::internal(e.to_string()))?;
    let mut response = (StatusCode::OK, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    Ok(response)
}

/// The `pagination-key` put in `next` links: stable for a consent and list, so that following
/// pages are recognised (and not counted against operational limits).
fn pagination_key(consent_id: &str, path: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(format!("{consent_id}|{path}").as_bytes())[..16])
}
