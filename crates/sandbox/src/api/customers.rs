//! Customers API v2.2.1 (`/open-banking/customers/v2`): a person's or a company's
//! identification, qualification and financial relations.

use super::call::{DataCall, list, single};
use super::error::{OfbError, OfbResult};
use super::limits::{self, Budgeted};
use super::page::{ListKind, MinPageSize};
use crate::context::BankContext;
use crate::personas::Customer;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

pub const BASE: &str = "/open-banking/customers/v2";
pub const VERSION: &str = "2.2.1";
const SCOPE: &str = "customers";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new()
        .route("/personal/identifications", get(personal_identifications))
        .route("/personal/qualifications", get(personal_qualifications))
        .route("/personal/financial-relations", get(personal_financial_relations))
        .route("/business/identifications", get(business_identifications))
        .route("/business/qualifications", get(business_qualifications))
        .route("/business/financial-relations", get(business_financial_relations))
}

fn wrong_kind(kind: &str) -> OfbError {
    OfbError::not_found(format!("this customer has no {kind} data at the institution"))
}

macro_rules! endpoint {
    ($name:ident, $permission:expr, $variant:ident, $field:ident, $kind:literal, list) => {
        async fn $name(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
            let allowed = call.allow(&ctx, SCOPE, $permission).await?;
            let Customer::$variant(customer) = &allowed.data.customer else { return Err(wrong_kind($kind)) };
            limits::count(
                &ctx,
                &allowed.consent,
                Budgeted::Customers,
                stringify!($name),
                allowed.pagination_key(),
            )
            .await?;
            list(
                &ctx,
                &allowed,
                std::slice::from_ref(&customer.$field),
                MinPageSize::One,
                ListKind::WithoutTotals,
            )
        }
    };
    ($name:ident, $permission:expr, $variant:ident, $field:ident, $kind:literal) => {
        async fn $name(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
            let allowed = call.allow(&ctx, SCOPE, $permission).await?;
            let Customer::$variant(customer) = &allowed.data.customer else { return Err(wrong_kind($kind)) };
            limits::count(&ctx, &allowed.consent, Budgeted::Customers, stringify!($name), None).await?;
            single(&ctx, &allowed.url, &customer.$field, false)
        }
    };
}

endpoint!(
    personal_identifications,
    Permission::CustomersPersonalIdentificationsRead,
    Personal,
    identification,
    "personal",
    list
);
endpoint!(
    personal_qualifications,
    Permission::CustomersPersonalAdditionalInfoRead,
    Personal,
    qualification,
    "personal"
);
endpoint!(
    personal_financial_relations,
    Permission::CustomersPersonalAdditionalInfoRead,
    Personal,
    financial_relations,
    "personal"
);
endpoint!(
    business_identifications,
    Permission::CustomersBusinessIdentificationsRead,
    Business,
    identification,
    "business",
    list
);
endpoint!(
    business_qualifications,
    Permission::CustomersBusinessAdditionalInfoRead,
    Business,
    qualification,
    "business"
);
endpoint!(
    business_financial_relations,
    Permission::CustomersBusinessAdditionalInfoRead,
    Business,
    financial_relations,
    "business"
);
