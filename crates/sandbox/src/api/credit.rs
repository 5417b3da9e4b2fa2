//! The four credit-operation APIs — loans 2.5.0, financings 2.4.0, invoice-financings 2.4.0 and
//! unarranged-accounts-overdraft 2.5.0 — which share their five endpoints: contracts, a
//! contract, its warranties, its scheduled instalments and its payments.

use super::call::{Allowed, DataCall, list, single};
use super::error::{OfbError, OfbResult};
use super::limits::{self, Budgeted};
use super::page::{ListKind, MinPageSize};
use crate::context::BankContext;
use crate::data::credit_operations::Family;
use crate::personas::{ContractData, CustomerData};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

struct Api {
    family: Family,
    base: &'static str,
    version: &'static str,
    scope: &'static str,
    /// Contracts, warranties, scheduled instalments, payments.
    permissions: [Permission; 4],
}

const APIS: [Api; 4] = [
    Api {
        family: Family::Loans,
        base: "/open-banking/loans/v2",
        version: "2.5.0",
        scope: "loans",
        permissions: [
            Permission::LoansRead,
            Permission::LoansWarrantiesRead,
            Permission::LoansScheduledInstalmentsRead,
            Permission::LoansPaymentsRead,
        ],
    },
    Api {
        family: Family::Financings,
        base: "/open-banking/financings/v2",
        version: "2.4.0",
        scope: "financings",
        permissions: [
            Permission::FinancingsRead,
            Permission::FinancingsWarrantiesRead,
            Permission::FinancingsScheduledInstalmentsRead,
            Permission::FinancingsPaymentsRead,
        ],
    },
    Api {
        family: Family::InvoiceFinancings,
        base: "/open-banking/invoice-financings/v2",
        version: "2.4.0",
        scope: "invoice-financings",
        permissions: [
            Permission::InvoiceFinancingsRead,
            Permission::InvoiceFinancingsWarrantiesRead,
            Permission::InvoiceFinancingsScheduledInstalmentsRead,
            Permission::InvoiceFinancingsPaymentsRead,
        ],
    },
    Api {
        family: Family::UnarrangedAccountOverdraft,
        base: "/open-banking/unarranged-accounts-overdraft/v2",
        version: "2.5.0",
        scope: "unarranged-accounts-overdraft",
        permissions: [
            Permission::UnarrangedAccountsOverdraftRead,
            Permission::UnarrangedAccountsOverdraftWarrantiesRead,
            Permission::UnarrangedAccountsOverdraftScheduledInstalmentsRead,
            Permission::UnarrangedAccountsOverdraftPaymentsRead,
        ],
    },
];

fn contracts_of(data: &CustomerData, family: Family) -> &[ContractData] {
    match family {
        Family::Loans => &data.loans,
        Family::Financings => &data.financings,
        Family::InvoiceFinancings => &data.invoice_financings,
        Family::UnarrangedAccountOverdraft => &data.unarranged_overdrafts,
    }
}

/// The four APIs, each nested at its base path; `wrap` adds the data-API layers and `x-v`.
pub fn routers(
    wrap: impl Fn(Router<Arc<BankContext>>, &'static str) -> Router<Arc<BankContext>>,
) -> Router<Arc<BankContext>> {
    APIS.iter()
        .fold(Router::new(), |router, api| router.nest(api.base, wrap(family_router(api), api.version)))
}

fn family_router(api: &'static Api) -> Router<Arc<BankContext>> {
    Router::new()
        .route(
            "/contracts",
            get(move |State(ctx): State<Arc<BankContext>>, call: DataCall| contracts(api, ctx, call)),
        )
        .route(
            "/contracts/{contract_id}",
            get(move |State(ctx): State<Arc<BankContext>>, call: DataCall, Path(id): Path<String>| {
                part(api, ctx, call, id, Part::Contract)
            }),
        )
        .route(
            "/contracts/{contract_id}/warranties",
            get(move |State(ctx): State<Arc<BankContext>>, call: DataCall, Path(id): Path<String>| {
                part(api, ctx, call, id, Part::Warranties)
            }),
        )
        .route(
            "/contracts/{contract_id}/scheduled-instalments",
            get(move |State(ctx): State<Arc<BankContext>>, call: DataCall, Path(id): Path<String>| {
                part(api, ctx, call, id, Part::Instalments)
            }),
        )
        .route(
            "/contracts/{contract_id}/payments",
            get(move |State(ctx): State<Arc<BankContext>>, call: DataCall, Path(id): Path<String>| {
                part(api, ctx, call, id, Part::Payments)
            }),
        )
}

async fn contracts(api: &'static Api, ctx: Arc<BankContext>, call: DataCall) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, api.scope, api.permissions[0]).await?;
    let items: Vec<_> = contracts_of(&allowed.data, api.family)
        .iter()
        .filter(|c| allowed.is_shared(&c.list_item.contract_id))
        .map(|c| &c.list_item)
        .collect();
    limits::count(&ctx, &allowed.consent, Budgeted::CreditOperation, api.scope, allowed.pagination_key())
        .await?;
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

#[derive(Clone, Copy)]
enum Part {
    Contract,
    Warranties,
    Instalments,
    Payments,
}

fn find<'a>(allowed: &'a Allowed, family: Family, id: &str) -> OfbResult<&'a ContractData> {
    let contract = contracts_of(&allowed.data, family)
        .iter()
        .find(|c| c.list_item.contract_id == id)
        .ok_or_else(|| OfbError::not_found("no such contract"))?;
    allowed.shared(id, contract.status)?;
    Ok(contract)
}

async fn part(
    api: &'static Api,
    ctx: Arc<BankContext>,
    call: DataCall,
    id: String,
    part: Part,
) -> OfbResult<Response> {
    let permission = match part {
        Part::Contract => api.permissions[0],
        Part::Warranties => api.permissions[1],
        Part::Instalments => api.permissions[2],
        Part::Payments => api.permissions[3],
    };
    let allowed = call.allow(&ctx, api.scope, permission).await?;
    let contract = find(&allowed, api.family, &id)?;
    let key = match part {
        Part::Warranties => allowed.pagination_key(),
        _ => None,
    };
    limits::count(&ctx, &allowed.consent, Budgeted::CreditOperation, &format!("{id}:{}", part as u8), key)
        .await?;
    match part {
        Part::Contract => single(&ctx, &allowed.url, &contract.contract, false),
        Part::Warranties => list(&ctx, &allowed, &contract.warranties, MinPageSize::One, ListKind::Totals),
        Part::Instalments => single(&ctx, &allowed.url, &contract.instalments, false),
        Part::Payments => single(&ctx, &allowed.url, &contract.payments, false),
    }
}
