//! Bank fixed incomes API v1.1.0 (`/open-banking/bank-fixed-incomes/v1`): CDB, RDB, LCI and LCA
//! positions, their balances and movements.

use super::call::{Allowed, DataCall, list, single};
use super::dates::{self, Window};
use super::error::{OfbError, OfbResult};
use super::limits::{self, Budgeted};
use super::page::{ListKind, MinPageSize};
use crate::context::BankContext;
use crate::personas::InvestmentData;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

pub const BASE: &str = "/open-banking/bank-fixed-incomes/v1";
pub const VERSION: &str = "1.1.0";
const SCOPE: &str = "bank-fixed-incomes";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new()
        .route("/investments", get(investments))
        .route("/investments/{investment_id}", get(investment))
        .route("/investments/{investment_id}/balances", get(balances))
        .route("/investments/{investment_id}/transactions", get(transactions))
        .route("/investments/{investment_id}/transactions-current", get(transactions_current))
}

fn find<'a>(allowed: &'a Allowed, id: &str) -> OfbResult<&'a InvestmentData> {
    let investment = allowed
        .data
        .bank_fixed_incomes
        .iter()
        .find(|i| i.investment.investment_id == id)
        .ok_or_else(|| OfbError::not_found("no such investment"))?;
    allowed.shared(id, investment.status)?;
    Ok(investment)
}

async fn investments(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::BankFixedIncomesRead).await?;
    let items: Vec<_> = allowed
        .data
        .bank_fixed_incomes
        .iter()
        .filter(|i| allowed.is_shared(&i.investment.investment_id))
        .map(|i| &i.investment)
        .collect();
    limits::count(&ctx, &allowed.consent, Budgeted::Investment, "list", allowed.pagination_key()).await?;
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

async fn investment(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::BankFixedIncomesRead).await?;
    let investment = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::Investment, &id, None).await?;
    single(&ctx, &allowed.url, &investment.identification, true)
}

async fn balances(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::BankFixedIncomesRead).await?;
    let investment = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::Investment, &format!("{id}:balances"), None).await?;
    single(&ctx, &allowed.url, &investment.balances, true)
}

async fn transactions(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    movements(&ctx, call, &id, Window::History).await
}

async fn transactions_current(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    movements(&ctx, call, &id, Window::Current).await
}

async fn movements(ctx: &BankContext, call: DataCall, id: &str, window: Window) -> OfbResult<Response> {
    let allowed = call.allow(ctx, SCOPE, Permission::BankFixedIncomesRead).await?;
    let investment = find(&allowed, id)?;
    let today = ctx.now().date();
    let (from, to) = dates::range(&allowed.query, "fromTransactionDate", "toTransactionDate", today, window)?;
    limits::count(
        ctx,
        &allowed.consent,
        Budgeted::Investment,
        &format!("{id}:{window:?}"),
        allowed.pagination_key(),
    )
    .await?;
    let items: Vec<_> =
        investment.transactions.iter().filter(|t| (from..=to).contains(&t.transaction_date.0)).collect();
    list(ctx, &allowed, &items, MinPageSize::One, ListKind::Transactions)
}
