//! Accounts API v2.4.2 (`/open-banking/accounts/v2`).

use super::call::{DataCall, list, single, wire_name};
use super::dates::{self, Window};
use super::error::{OfbError, OfbResult};
use super::limits::{self, Budgeted};
use super::page::{ListKind, MinPageSize};
use crate::context::BankContext;
use crate::data::accounts::AccountTransaction;
use crate::personas::AccountData;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

pub const BASE: &str = "/open-banking/accounts/v2";
pub const VERSION: &str = "2.4.2";
const SCOPE: &str = "accounts";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new()
        .route("/accounts", get(accounts))
        .route("/accounts/{account_id}", get(account))
        .route("/accounts/{account_id}/balances", get(balances))
        .route("/accounts/{account_id}/overdraft-limits", get(overdraft_limits))
        .route("/accounts/{account_id}/transactions", get(transactions))
        .route("/accounts/{account_id}/transactions-current", get(transactions_current))
}

async fn accounts(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::AccountsRead).await?;
    let wanted = allowed.query.get("accountType").cloned();
    let items: Vec<_> = allowed
        .data
        .accounts
        .iter()
        .filter(|a| allowed.is_shared(&a.account.account_id))
        .map(|a| &a.account)
        .filter(|a| wanted.is_none() || wire_name(&a.account_type) == wanted)
        .collect();
    limits::count(&ctx, &allowed.consent, Budgeted::Accounts, "", allowed.pagination_key()).await?;
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

/// The shared, available account with this id.
fn find<'a>(allowed: &'a super::call::Allowed, id: &str) -> OfbResult<&'a AccountData> {
    let account = allowed
        .data
        .accounts
        .iter()
        .find(|a| a.account.account_id == id)
        .ok_or_else(|| OfbError::not_found("no such account"))?;
    allowed.shared(id, account.status)?;
    Ok(account)
}

async fn account(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::AccountsRead).await?;
    let account = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::Account, &id, None).await?;
    single(&ctx, &allowed.url, &account.identification, true)
}

async fn balances(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::AccountsBalancesRead).await?;
    let account = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::AccountBalances, &id, None).await?;
    single(&ctx, &allowed.url, &account.balances, true)
}

async fn overdraft_limits(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::AccountsOverdraftLimitsRead).await?;
    let account = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::AccountOverdraftLimits, &id, None).await?;
    single(&ctx, &allowed.url, &account.overdraft_limits, true)
}

async fn transactions(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    transaction_list(&ctx, call, &id, Window::History, Budgeted::AccountTransactions).await
}

async fn transactions_current(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    transaction_list(&ctx, call, &id, Window::Current, Budgeted::AccountTransactionsCurrent).await
}

async fn transaction_list(
    ctx: &BankContext,
    call: DataCall,
    id: &str,
    window: Window,
    budget: Budgeted,
) -> OfbResult<Response> {
    let allowed = call.allow(ctx, SCOPE, Permission::AccountsTransactionsRead).await?;
    let account = find(&allowed, id)?;
    let today = ctx.now().date();
    let (from, to) = dates::range(&allowed.query, "fromBookingDate", "toBookingDate", today, window)?;
    let indicator = match allowed.query.get("creditDebitIndicator").map(String::as_str) {
        None => None,
        Some(value @ ("CREDITO" | "DEBITO")) => Some(value.to_owned()),
        Some(_) => return Err(OfbError::bad_request("creditDebitIndicator must be CREDITO or DEBITO")),
    };
    limits::count(ctx, &allowed.consent, budget, id, allowed.pagination_key()).await?;
    // Transactions are kept oldest first: the window is a slice, found by bisection.
    let all = &account.transactions;
    let start = all.partition_point(|t| t.transaction_date_time.0.date() < from);
    let end = all.partition_point(|t| t.transaction_date_time.0.date() <= to);
    let window = &all[start..end.max(start)];
    let Some(want) = indicator else {
        return list(ctx, &allowed, window, MinPageSize::One, ListKind::Transactions);
    };
    let items: Vec<&AccountTransaction> =
        window.iter().filter(|t| wire_name(&t.credit_debit_type).as_deref() == Some(want.as_str())).collect();
    list(ctx, &allowed, &items, MinPageSize::One, ListKind::Transactions)
}
