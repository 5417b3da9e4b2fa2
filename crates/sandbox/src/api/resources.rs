//! Resources API v3.1.0 (`/open-banking/resources/v3`): what the consent gives access to, with
//! each resource's status (a joint account waiting for its other holder is
//! `PENDING_AUTHORISATION`). No operational limit applies.

use super::call::{DataCall, list};
use super::error::OfbResult;
use super::page::{ListKind, MinPageSize};
use crate::auth::permission_of;
use crate::context::BankContext;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

pub const BASE: &str = "/open-banking/resources/v3";
pub const VERSION: &str = "3.1.0";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new().route("/resources", get(resources))
}

async fn resources(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, "resources", Permission::ResourcesRead).await?;
    let items: Vec<_> = allowed
        .data
        .resources
        .iter()
        .filter(|r| allowed.is_shared(&r.resource_id))
        .filter(|r| permission_of(r.resource_type).is_some_and(|p| allowed.consent.allows(p)))
        .collect();
    list(&ctx, &allowed, &items, MinPageSize::TwentyFive, ListKind::Totals)
}
