//! Credit cards API v2.3.1 (`/open-banking/credit-cards-accounts/v2`): accounts, limits, closed
//! bills and their transactions, and the card transactions (history and the last 7 days).

use super::call::{Allowed, DataCall, list, single, wire_name};
use super::dates::{self, Window};
use super::error::{OfbError, OfbResult};
use super::limits::{self, Budgeted};
use super::page::{ListKind, MinPageSize};
use crate::context::BankContext;
use crate::data::credit_cards::CardTransaction;
use crate::personas::CardData;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use ponte_domain::Permission;
use std::sync::Arc;

pub const BASE: &str = "/open-banking/credit-cards-accounts/v2";
pub const VERSION: &str = "2.3.1";
const SCOPE: &str = "credit-cards-accounts";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new()
        .route("/accounts", get(accounts))
        .route("/accounts/{card_id}", get(account))
        .route("/accounts/{card_id}/limits", get(card_limits))
        .route("/accounts/{card_id}/bills", get(bills))
        .route("/accounts/{card_id}/bills/{bill_id}/transactions", get(bill_transactions))
        .route("/accounts/{card_id}/transactions", get(transactions))
        .route("/accounts/{card_id}/transactions-current", get(transactions_current))
}

fn find<'a>(allowed: &'a Allowed, id: &str) -> OfbResult<&'a CardData> {
    let card = allowed
        .data
        .credit_cards
        .iter()
        .find(|c| c.account.credit_card_account_id == id)
        .ok_or_else(|| OfbError::not_found("no such credit card account"))?;
    allowed.shared(id, card.status)?;
    Ok(card)
}

async fn accounts(State(ctx): State<Arc<BankContext>>, call: DataCall) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::CreditCardsAccountsRead).await?;
    let items: Vec<_> = allowed
        .data
        .credit_cards
        .iter()
        .filter(|c| allowed.is_shared(&c.account.credit_card_account_id))
        .map(|c| &c.account)
        .collect();
    limits::count(&ctx, &allowed.consent, Budgeted::Cards, "", allowed.pagination_key()).await?;
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

async fn account(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::CreditCardsAccountsRead).await?;
    let card = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::Card, &id, None).await?;
    single(&ctx, &allowed.url, &card.identification, true)
}

async fn card_limits(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::CreditCardsAccountsLimitsRead).await?;
    let card = find(&allowed, &id)?;
    limits::count(&ctx, &allowed.consent, Budgeted::CardLimits, &id, None).await?;
    list(&ctx, &allowed, &card.limits, MinPageSize::One, ListKind::Totals)
}

async fn bills(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::CreditCardsAccountsBillsRead).await?;
    let card = find(&allowed, &id)?;
    let today = ctx.now().date();
    // Bills filter by due date; without a filter, every closed bill of the last 12 months.
    let (from, to) =
        match (allowed.query.contains_key("fromDueDate"), allowed.query.contains_key("toDueDate")) {
            (false, false) => (today - time::Duration::days(365), today + time::Duration::days(365)),
            _ => dates::range(&allowed.query, "fromDueDate", "toDueDate", today, Window::History)?,
        };
    limits::count(&ctx, &allowed.consent, Budgeted::CardBills, &id, allowed.pagination_key()).await?;
    let items: Vec<_> = card.bills.iter().filter(|b| (from..=to).contains(&b.due_date.0)).collect();
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

/// The `transactionType` and `payeeMCC` filters shared by the transaction lists.
fn filters(allowed: &Allowed) -> OfbResult<impl Fn(&CardTransaction) -> bool + '_> {
    let mcc = match allowed.query.get("payeeMCC") {
        None => None,
        Some(raw) => Some(
            raw.parse::<u32>()
                .ok()
                .filter(|m| *m <= 9999)
                .ok_or_else(|| OfbError::bad_request("payeeMCC must be a number up to 9999"))?,
        ),
    };
    let kind = allowed.query.get("transactionType").cloned();
    Ok(move |t: &CardTransaction| {
        mcc.is_none_or(|m| t.payee_mcc == Some(m))
            && (kind.is_none() || wire_name(&t.transaction_type) == kind)
    })
}

async fn bill_transactions(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path((id, bill_id)): Path<(String, String)>,
) -> OfbResult<Response> {
    let allowed = call.allow(&ctx, SCOPE, Permission::CreditCardsAccountsBillsTransactionsRead).await?;
    let card = find(&allowed, &id)?;
    if !card.bills.iter().any(|b| b.bill_id == bill_id) {
        return Err(OfbError::not_found("no such bill"));
    }
    let keep = filters(&allowed)?;
    limits::count(&ctx, &allowed.consent, Budgeted::CardBillTransactions, &bill_id, allowed.pagination_key())
        .await?;
    let items: Vec<_> = card
        .transactions
        .iter()
        .filter(|t| t.bill_id.as_deref() == Some(bill_id.as_str()))
        .filter(|t| keep(t))
        .collect();
    list(&ctx, &allowed, &items, MinPageSize::One, ListKind::Totals)
}

async fn transactions(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    transaction_list(&ctx, call, &id, Window::History, Budgeted::CardTransactions).await
}

async fn transactions_current(
    State(ctx): State<Arc<BankContext>>,
    call: DataCall,
    Path(id): Path<String>,
) -> OfbResult<Response> {
    transaction_list(&ctx, call, &id, Window::Current, Budgeted::CardTransactionsCurrent).await
}

async fn transaction_list(
    ctx: &BankContext,
    call: DataCall,
    id: &str,
    window: Window,
    budget: Budgeted,
) -> OfbResult<Response> {
    let allowed = call.allow(ctx, SCOPE, Permission::CreditCardsAccountsTransactionsRead).await?;
    let card = find(&allowed, id)?;
    let today = ctx.now().date();
    let (from, to) = dates::range(&allowed.query, "fromTransactionDate", "toTransactionDate", today, window)?;
    let keep = filters(&allowed)?;
    limits::count(ctx, &allowed.consent, budget, id, allowed.pagination_key()).await?;
    let items: Vec<_> = card
        .transactions
        .iter()
        .filter(|t| (from..=to).contains(&t.transaction_date_time.0.date()))
        .filter(|t| keep(t))
        .collect();
    list(ctx, &allowed, &items, MinPageSize::One, ListKind::Transactions)
}
