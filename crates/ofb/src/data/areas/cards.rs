//! Credit cards: the list, then per available card its detail, limits, the closed bills of
//! the window with their transactions, and the card transactions (history and `-current`),
//! of which those on no closed bill are the open statement.

use super::{Ctx, all, object};
use crate::data::normalise::{cards as normalise, format_date};
use crate::data::plan::{self, CARDS, template};
use crate::data::session::Call;
use ponte_domain::Permission;
use ponte_domain::finance::{Bill, Card, CardTransaction};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;
use url::Url;

const AREA: &str = CARDS.area;
/// Closed bills read per card: a year has twelve; more is a bank misbehaving, and each costs
/// a call to its transactions.
const MAX_BILLS: usize = 24;

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Vec<Card> {
    let granted = ctx.granted.has(Permission::CreditCardsAccountsRead);
    if !granted || plan::of_type(ctx.resources, "CREDIT_CARD_ACCOUNT").is_empty() {
        return Vec::new();
    }
    let Some(root) = ctx.root(&CARDS, template::CARDS) else { return Vec::new() };
    let list = Call::new(AREA, template::CARDS, &["accounts"]).paged();
    let Some(pages) = ctx.session.fetch(&root, &list).await else { return Vec::new() };
    let parsed = normalise::card_list(&pages, ctx.institution_name);
    ctx.malformed(AREA, template::CARDS, None, parsed.malformed, "cards of the list were");
    let cards = ctx.select(
        AREA,
        (template::CARDS, template::CARD),
        "CREDIT_CARD_ACCOUNT",
        parsed.items,
        |c: &Card| &c.id,
    );
    ctx.each(AREA, cards, |card| one(ctx, &root, card)).await
}

async fn one(ctx: &Ctx<'_>, root: &Url, mut card: Card) -> Card {
    let id = card.id.clone();
    let resource = Some(id.as_str());
    let call = |template: &'static str, tail: &[&str]| {
        let mut segments = vec!["accounts", id.as_str()];
        segments.extend_from_slice(tail);
        Call::new(AREA, template, &segments).of(&id)
    };
    let get = |permission, call: Call| async move {
        if ctx.granted.has(permission) { ctx.session.fetch(root, &call).await } else { None }
    };
    let (from, to) = ctx.history();
    let (current_from, current_to) = ctx.current();
    let bills_to = format_date(ctx.window.bills_to);
    let (detail, limits, bills, history, current) = tokio::join!(
        get(Permission::CreditCardsAccountsRead, call(template::CARD, &[])),
        get(Permission::CreditCardsAccountsLimitsRead, call(template::CARD_LIMITS, &["limits"])),
        get(
            Permission::CreditCardsAccountsBillsRead,
            call(template::CARD_BILLS, &["bills"])
                .paged()
                .with("fromDueDate", from.clone())
                .with("toDueDate", bills_to)
        ),
        get(
            Permission::CreditCardsAccountsTransactionsRead,
            call(template::CARD_TRANSACTIONS, &["transactions"])
                .paged()
                .with("fromTransactionDate", from)
                .with("toTransactionDate", to)
        ),
        get(
            Permission::CreditCardsAccountsTransactionsRead,
            call(template::CARD_TRANSACTIONS_CURRENT, &["transactions-current"])
                .paged()
                .with("fromTransactionDate", current_from)
                .with("toTransactionDate", current_to)
        ),
    );
    if let Some(pages) = detail
        && let Some(data) = object(ctx, &pages, AREA, template::CARD, resource)
        && !normalise::apply_detail(&mut card, data)
    {
        ctx.session.missing(AREA, template::CARD, resource, "the card detail is malformed");
    }
    if let Some(pages) = limits {
        let parsed = normalise::limits(&pages);
        ctx.malformed(AREA, template::CARD_LIMITS, resource, parsed.malformed, "limit lines were");
        card.limits = parsed.items;
    }
    let answers: Vec<&[Arc<Value>]> = [&history, &current].into_iter().flatten().map(Vec::as_slice).collect();
    let recent = normalise::transactions(&answers);
    ctx.malformed(AREA, template::CARD_TRANSACTIONS, resource, recent.malformed, "transactions were");
    let mut bills = match bills {
        Some(pages) => {
            let parsed = normalise::bills(&pages);
            ctx.malformed(
                AREA,
                template::CARD_BILLS,
                resource,
                parsed.malformed,
                "bills or their items were",
            );
            parsed.items
        }
        None => Vec::new(),
    };
    if bills.len() > MAX_BILLS {
        // Oldest first: the most recent ones are kept.
        bills.drain(..bills.len() - MAX_BILLS);
        let reason = format!("more than {MAX_BILLS} closed bills: the oldest were not read");
        ctx.session.missing(AREA, template::CARD_BILLS, resource, reason);
    }
    fill_bills(ctx, root, &id, &mut bills, &recent.items).await;
    let closed: HashSet<&str> = bills.iter().map(|b| b.id.as_str()).collect();
    card.unbilled = recent
        .items
        .into_iter()
        .filter(|t| t.bill_id.as_deref().is_none_or(|b| !closed.contains(b)))
        .collect();
    card.bills = bills;
    card
}

/// Each bill's transactions from `/bills/{billId}/transactions`; when that endpoint is not
/// granted or fails, from the card transactions that name the bill (the history endpoint
/// covers 12 months, so older purchases billed in the window may then be missing).
async fn fill_bills(
    ctx: &Ctx<'_>,
    root: &Url,
    card_id: &str,
    bills: &mut [Bill],
    recent: &[CardTransaction],
) {
    let granted = ctx.granted.has(Permission::CreditCardsAccountsBillsTransactionsRead);
    let (from, to) = ctx.history();
    let fetched = all(bills.iter().map(|b| b.id.clone()).collect(), |bill_id| {
        let call = Call::new(
            AREA,
            template::CARD_BILL_TRANSACTIONS,
            &["accounts", card_id, "bills", &bill_id, "transactions"],
        )
        .of(&bill_id)
        .paged()
        .with("fromTransactionDate", from.clone())
        .with("toTransactionDate", to.clone());
        async move { if granted { ctx.session.fetch(root, &call).await } else { None } }
    })
    .await;
    for (bill, pages) in bills.iter_mut().zip(fetched) {
        bill.transactions = match pages {
            Some(pages) => {
                let parsed = normalise::transactions(&[&pages]);
                let what = "transactions were";
                ctx.malformed(AREA, template::CARD_BILL_TRANSACTIONS, Some(&bill.id), parsed.malformed, what);
                parsed.items
            }
            None => {
                recent.iter().filter(|t| t.bill_id.as_deref() == Some(bill.id.as_str())).cloned().collect()
            }
        };
    }
}
