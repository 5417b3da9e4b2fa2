//! Investments: bank fixed incomes (CDB, RDB, LCI, LCA) in full — list, detail, balances and
//! movements. The other investment APIs (credit fixed incomes, funds, variable incomes,
//! treasure titles) and exchanges are not read yet: their available resources are named as
//! missing, so that a report does not present a partial portfolio as a whole one.

use super::{Ctx, object, read};
use crate::data::normalise::investments as normalise;
use crate::data::plan::{self, BANK_FIXED_INCOMES, template};
use crate::data::session::Call;
use ponte_domain::Permission;
use ponte_domain::finance::Investment;
use serde_json::Value;
use std::sync::Arc;
use url::Url;

const AREA: &str = BANK_FIXED_INCOMES.area;

/// Resource types Ponte does not read, with their API (the `MissingPart` area) and permission.
const NOT_READ: [(&str, &str, Permission); 5] = [
    ("CREDIT_FIXED_INCOME", "credit-fixed-incomes", Permission::CreditFixedIncomesRead),
    ("FUND", "funds", Permission::FundsRead),
    ("VARIABLE_INCOME", "variable-incomes", Permission::VariableIncomesRead),
    ("TREASURE_TITLE", "treasure-titles", Permission::TreasureTitlesRead),
    ("EXCHANGE", "exchanges", Permission::ExchangesRead),
];

pub(crate) async fn fetch(ctx: &Ctx<'_>) -> Vec<Investment> {
    for (resource_type, area, permission) in NOT_READ {
        if !ctx.granted.has(permission) {
            continue;
        }
        for resource in
            plan::of_type(ctx.resources, resource_type).into_iter().filter(|r| plan::is_available(r))
        {
            let reason = "Ponte does not read this API yet";
            ctx.session.missing(area, template::INVESTMENTS, Some(&resource.id), reason);
        }
    }
    let granted = ctx.granted.has(Permission::BankFixedIncomesRead);
    if !granted || plan::of_type(ctx.resources, "BANK_FIXED_INCOME").is_empty() {
        return Vec::new();
    }
    let Some(root) = ctx.root(&BANK_FIXED_INCOMES, template::INVESTMENTS) else { return Vec::new() };
    let list = Call::new(AREA, template::INVESTMENTS, &["investments"]).paged();
    let Some(pages) = ctx.session.fetch(&root, &list).await else { return Vec::new() };
    let parsed = normalise::investment_list(&pages, ctx.institution_name);
    ctx.malformed(AREA, template::INVESTMENTS, None, parsed.malformed, "investments of the list were");
    let templates = (template::INVESTMENTS, template::INVESTMENT);
    let investments = ctx.select(AREA, templates, "BANK_FIXED_INCOME", parsed.items, |i: &Investment| &i.id);
    ctx.each(AREA, investments, |investment| one(ctx, &root, investment)).await
}

async fn one(ctx: &Ctx<'_>, root: &Url, mut investment: Investment) -> Investment {
    let id = investment.id.clone();
    let resource = Some(id.as_str());
    let call = |template: &'static str, tail: Option<&str>| {
        let mut segments = vec!["investments", id.as_str()];
        segments.extend(tail);
        Call::new(AREA, template, &segments).of(&id)
    };
    let (from, to) = ctx.history();
    let (current_from, current_to) = ctx.current();
    let get = |call: Call| async move { ctx.session.fetch(root, &call).await };
    let (detail, balances, history, current) = tokio::join!(
        get(call(template::INVESTMENT, None)),
        get(call(template::INVESTMENT_BALANCES, Some("balances"))),
        get(call(template::INVESTMENT_TRANSACTIONS, Some("transactions"))
            .paged()
            .with("fromTransactionDate", from)
            .with("toTransactionDate", to)),
        get(call(template::INVESTMENT_TRANSACTIONS_CURRENT, Some("transactions-current"))
            .paged()
            .with("fromTransactionDate", current_from)
            .with("toTransactionDate", current_to)),
    );
    if let Some(pages) = detail
        && let Some(data) = object(ctx, &pages, AREA, template::INVESTMENT, resource)
        && !normalise::apply_detail(&mut investment, data)
    {
        ctx.session.missing(AREA, template::INVESTMENT, resource, "the investment detail is malformed");
    }
    if let Some(pages) = balances {
        read(ctx, &pages, AREA, template::INVESTMENT_BALANCES, resource, |data| {
            normalise::apply_balances(&mut investment, data).then_some(())
        });
    }
    let answers: Vec<&[Arc<Value>]> = [&history, &current].into_iter().flatten().map(Vec::as_slice).collect();
    if !answers.is_empty() {
        let parsed = normalise::movements(&answers);
        ctx.malformed(AREA, template::INVESTMENT_TRANSACTIONS, resource, parsed.malformed, "movements were");
        investment.movements = parsed.items;
    }
    investment
}
