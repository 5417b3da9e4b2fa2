//! `pf_balance`, `pj_balance`: every account's balances and overdraft limits, and their totals
//! when they can be added.

use ponte_domain::finance::{Account, Balances, OverdraftLimits};
use ponte_domain::{Currency, Money};
use serde::Serialize;

use super::accounts::header::{AccountHeader, BalancesView, in_report_order};
use super::accounts::wire::Total;
use crate::analysis::Analysis;

/// The body of `pf_balance` and `pj_balance`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceReport<'a> {
    /// Every account (checking, savings, prepaid), by institution code then account id.
    accounts: Vec<AccountBalance<'a>>,
    /// Sums over all accounts; `null` unless every account has balances, all in BRL.
    totals: Option<BalanceTotals>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountBalance<'a> {
    #[serde(flatten)]
    header: AccountHeader<'a>,
    /// `null` when balances were not granted or could not be fetched.
    balances: Option<BalancesView>,
    /// `null` when the limits were not granted or could not be fetched.
    overdraft_limits: Option<OverdraftView>,
}

/// `GET /accounts/{id}/overdraft-limits`; each field `null` when the bank did not give it
/// (an account without overdraft has every field `null`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct OverdraftView {
    overdraft_contracted_limit: Option<Money>,
    overdraft_used_limit: Option<Money>,
    unarranged_overdraft_amount: Option<Money>,
}

impl From<&OverdraftLimits> for OverdraftView {
    fn from(o: &OverdraftLimits) -> Self {
        OverdraftView {
            overdraft_contracted_limit: o.contracted,
            overdraft_used_limit: o.used,
            unarranged_overdraft_amount: o.unarranged,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BalanceTotals {
    available_amount: Total,
    blocked_amount: Total,
    automatically_invested_amount: Total,
}

pub fn build<'a>(a: &Analysis<'a>) -> BalanceReport<'a> {
    let located = in_report_order(a.consents, |c| c.accounts.as_slice(), |acc| acc.id.as_str(), |_| true);
    let totals = totals(located.iter().map(|at| at.item));
    let accounts = located
        .into_iter()
        .map(|at| AccountBalance {
            header: AccountHeader::of(at.consent, at.item),
            balances: at.item.balances.as_ref().map(BalancesView::from),
            overdraft_limits: at.item.overdraft.as_ref().map(OverdraftView::from),
        })
        .collect();
    BalanceReport { accounts, totals }
}

/// The sums of the three balances, or `None` when an account has no balances (a total of
/// some accounts only would understate) or any balance is not in BRL (reais and other
/// currencies are never added).
fn totals<'a>(accounts: impl Iterator<Item = &'a Account>) -> Option<BalanceTotals> {
    let mut sums = BalanceTotals {
        available_amount: Total::zero(Currency::BRL),
        blocked_amount: Total::zero(Currency::BRL),
        automatically_invested_amount: Total::zero(Currency::BRL),
    };
    for account in accounts {
        let Balances { available, blocked, automatically_invested, .. } = account.balances.as_ref()?;
        for (sum, money) in [
            (&mut sums.available_amount, available),
            (&mut sums.blocked_amount, blocked),
            (&mut sums.automatically_invested_amount, automatically_invested),
        ] {
            if money.currency != Currency::BRL {
                return None;
            }
            sum.sum += money.amount.decimal();
        }
    }
    Some(sums)
}

#[cfg(test)]
mod tests {
    use super::super::accounts::test_data::*;
    use super::*;
    use ponte_domain::finance::{AccountKind, ConsentData};
    use serde_json::{Value, json};

    fn body(consents: &[ConsentData]) -> Value {
        let leaf = leaf();
        serde_json::to_value(build(&analysis(consents, &leaf))).unwrap()
    }

    fn with_accounts(accounts: Vec<Account>) -> [ConsentData; 1] {
        let mut data = consent("001", "c1");
        data.accounts = accounts;
        [data]
    }

    #[test]
    fn no_accounts_total_zero() {
        let out = body(&[]);
        assert_eq!(out["accounts"], json!([]));
        assert_eq!(out["totals"]["availableAmount"]["amount"], "0.0000");
    }

    #[test]
    fn totals_add_every_account_including_negative_balances() {
        let mut overdrawn = account("b", AccountKind::ContaDepositoAVista, vec![]);
        if let Some(balances) = overdrawn.balances.as_mut() {
            balances.available = brl("-150.25");
            balances.blocked = brl("10");
        }
        let savings = account("a", AccountKind::ContaPoupanca, vec![]);
        let out = body(&with_accounts(vec![overdrawn, savings]));
        assert_eq!(out["accounts"][0]["accountId"], "a");
        assert_eq!(out["accounts"][0]["type"], "CONTA_POUPANCA");
        assert_eq!(out["totals"]["availableAmount"]["amount"], "-50.2500");
        assert_eq!(out["totals"]["blockedAmount"]["amount"], "10.0000");
        assert_eq!(out["totals"]["automaticallyInvestedAmount"]["amount"], "0.0000");
    }

    #[test]
    fn no_totals_when_a_balance_is_missing_or_not_in_reais() {
        let mut unknown = account("a", AccountKind::ContaDepositoAVista, vec![]);
        unknown.balances = None;
        let out = body(&with_accounts(vec![unknown, account("b", AccountKind::ContaPoupanca, vec![])]));
        assert_eq!(out["accounts"][0]["balances"], Value::Null);
        assert_eq!(out["totals"], Value::Null);

        let mut dollars = account("a", AccountKind::ContaDepositoAVista, vec![]);
        if let Some(balances) = dollars.balances.as_mut() {
            balances.blocked = Money::new(balances.blocked.amount, Currency::USD);
        }
        assert_eq!(body(&with_accounts(vec![dollars]))["totals"], Value::Null);
    }

    #[test]
    fn overdraft_limits_are_null_when_not_fetched_and_field_by_field_otherwise() {
        let mut with_limit = account("a", AccountKind::ContaDepositoAVista, vec![]);
        with_limit.overdraft =
            Some(OverdraftLimits { contracted: Some(brl("500")), used: None, unarranged: None });
        let out =
            body(&with_accounts(vec![with_limit, account("b", AccountKind::ContaDepositoAVista, vec![])]));
        let limits = &out["accounts"][0]["overdraftLimits"];
        assert_eq!(limits["overdraftContractedLimit"]["amount"], "500.0000");
        assert_eq!(limits["overdraftUsedLimit"], Value::Null);
        assert_eq!(out["accounts"][1]["overdraftLimits"], Value::Null);
    }
}
