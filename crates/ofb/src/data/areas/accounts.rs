//! Accounts: the list, then per available account its detail, balances, overdraft limits and
//! the transactions of the last 12 months merged with `transactions-current`.

use super::{Ctx, object, read};
use crate::data::normalise::accounts as normalise;
use crate::data::plan::{self, ACCOUNTS, template};
use crate::data::session::Call;
use ponte_domain::Permission;
use ponte_domain::finance::Account;
use serde_json::Value;
use std::sync::Arc;
use url::Url;

const AREA: &str = ACCOUNTS.area;

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Vec<Account> {
    if !ctx.granted.has(Permission::AccountsRead) || plan::of_type(ctx.resources, "ACCOUNT").is_empty() {
        return Vec::new();
    }
    let Some(root) = ctx.root(&ACCOUNTS, template::ACCOUNTS) else { return Vec::new() };
    let list = Call::new(AREA, template::ACCOUNTS, &["accounts"]).paged();
    let Some(pages) = ctx.session.fetch(&root, &list).await else { return Vec::new() };
    let parsed = normalise::account_list(&pages, ctx.institution_name);
    ctx.malformed(AREA, template::ACCOUNTS, None, parsed.malformed, "accounts of the list were");
    let accounts =
        ctx.select(AREA, (template::ACCOUNTS, template::ACCOUNT), "ACCOUNT", parsed.items, |a: &Account| {
            &a.id
        });
    ctx.each(AREA, accounts, |account| one(ctx, &root, account)).await
}

async fn one(ctx: &Ctx<'_>, root: &Url, mut account: Account) -> Account {
    let id = account.id.clone();
    let call = |template: &'static str, tail: Option<&str>| {
        let mut segments = vec!["accounts", id.as_str()];
        segments.extend(tail);
        Call::new(AREA, template, &segments).of(&id)
    };
    let granted = |permission| ctx.granted.has(permission);
    let get = |permission, call: Call| async move {
        if granted(permission) { ctx.session.fetch(root, &call).await } else { None }
    };
    let (from, to) = ctx.history();
    let (current_from, current_to) = ctx.current();
    let (detail, balances, overdraft, history, current) = tokio::join!(
        get(Permission::AccountsRead, call(template::ACCOUNT, None)),
        get(Permission::AccountsBalancesRead, call(template::ACCOUNT_BALANCES, Some("balances"))),
        get(
            Permission::AccountsOverdraftLimitsRead,
            call(template::ACCOUNT_OVERDRAFT_LIMITS, Some("overdraft-limits"))
        ),
        get(
            Permission::AccountsTransactionsRead,
            call(template::ACCOUNT_TRANSACTIONS, Some("transactions"))
                .paged()
                .with("fromBookingDate", from)
                .with("toBookingDate", to)
        ),
        get(
            Permission::AccountsTransactionsRead,
            call(template::ACCOUNT_TRANSACTIONS_CURRENT, Some("transactions-current"))
                .paged()
                .with("fromBookingDate", current_from)
                .with("toBookingDate", current_to)
        ),
    );
    let resource = Some(id.as_str());
    if let Some(pages) = detail
        && let Some(data) = object(ctx, &pages, AREA, template::ACCOUNT, resource)
        && !normalise::apply_detail(&mut account, data)
    {
        ctx.session.missing(AREA, template::ACCOUNT, resource, "the account detail is malformed");
    }
    if let Some(pages) = balances {
        account.balances = read(ctx, &pages, AREA, template::ACCOUNT_BALANCES, resource, normalise::balances);
    }
    if let Some(pages) = overdraft {
        account.overdraft =
            read(ctx, &pages, AREA, template::ACCOUNT_OVERDRAFT_LIMITS, resource, normalise::overdraft);
    }
    let answers: Vec<&[Arc<Value>]> = [&history, &current].into_iter().flatten().map(Vec::as_slice).collect();
    if !answers.is_empty() {
        let parsed = normalise::transactions(&answers);
        ctx.malformed(AREA, template::ACCOUNT_TRANSACTIONS, resource, parsed.malformed, "transactions were");
        account.transactions = parsed.items;
    }
    account
}
