//! `*_checking_account`, `*_savings_account` and their categorised variants: every account of
//! the kind, with its balances, the transactions of the window (12 full months plus the current
//! one) and what its booked transactions add up to.
//!
//! Totals count only booked entries (`TRANSACAO_EFETIVADA`) in the account's currency: future
//! and processing entries may still change or be cancelled, and amounts in different currencies
//! are never added. Such entries are still listed, with their status.

mod detail;
pub(crate) mod header;
#[cfg(test)]
pub(crate) mod test_data;
pub(crate) mod totals;
pub(crate) mod wire;

use ponte_domain::Currency;
use ponte_domain::finance::{Account, AccountKind, Transaction};
use serde::Serialize;
use time::Date;

use self::detail::TransactionDetail;
use self::header::{AccountHeader, BalancesView, Located, account_currency, in_report_order};
use self::totals::{CategoryFields, CategorySummaryLine, CategoryTotals, Summary, SummaryBuilder};
use self::wire::window_start;
use crate::analysis::{AccountEntry, Analysis};

/// How deep a product categorises its transactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// No categories.
    Plain,
    /// `category` and `subcategory`.
    L2,
    /// `category`, `subcategory` and `thirdCategory`.
    L3,
}

/// The body of `pf_checking_account`, `pj_checking_account` and the categorised checking products.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckingAccounts<'a> {
    pub checking_accounts: Vec<AccountStatement<'a>>,
}

/// The body of `pf_savings_account`, `pj_savings_account` and `pf_categorized_savings_l3`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavingsAccounts<'a> {
    pub savings_accounts: Vec<AccountStatement<'a>>,
}

/// One account with its transactions of the window.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountStatement<'a> {
    #[serde(flatten)]
    header: AccountHeader<'a>,
    /// `null` when balances were not granted or could not be fetched.
    balances: Option<BalancesView>,
    /// Oldest first, then by transaction id.
    transaction_details: Vec<TransactionDetail<'a>>,
    summary: Summary,
    /// Only in the categorised products.
    #[serde(skip_serializing_if = "Option::is_none")]
    category_summary: Option<Vec<CategorySummaryLine<'a>>>,
}

/// Checking-like accounts: `CONTA_DEPOSITO_A_VISTA` and `CONTA_PAGAMENTO_PRE_PAGA`.
pub fn checking<'a>(a: &Analysis<'a>, level: Level) -> CheckingAccounts<'a> {
    CheckingAccounts { checking_accounts: statements(a, level, AccountKind::is_checking) }
}

/// Savings accounts: `CONTA_POUPANCA`.
pub fn savings<'a>(a: &Analysis<'a>, level: Level) -> SavingsAccounts<'a> {
    SavingsAccounts { savings_accounts: statements(a, level, |k| k == AccountKind::ContaPoupanca) }
}

fn statements<'a>(
    a: &Analysis<'a>,
    level: Level,
    keep: impl Fn(AccountKind) -> bool,
) -> Vec<AccountStatement<'a>> {
    let from = window_start(a.today);
    in_report_order(a.consents, |c| c.accounts.as_slice(), |acc| acc.id.as_str(), |acc| keep(acc.kind))
        .into_iter()
        .map(|at| statement(a, at, level, from))
        .collect()
}

fn statement<'a>(
    a: &Analysis<'a>,
    at: Located<'a, Account>,
    level: Level,
    from: Date,
) -> AccountStatement<'a> {
    let account = at.item;
    let currency = account_currency(account);
    let mut entries: Vec<AccountEntry<'a>> =
        a.entries_of_account(at.consent_index, at.index).filter(|e| e.transaction.date() >= from).collect();
    entries.sort_by(|x, y| {
        (x.transaction.date_time, &x.transaction.id).cmp(&(y.transaction.date_time, &y.transaction.id))
    });

    let mut summary = SummaryBuilder::new(currency);
    let mut categories = CategoryTotals::at(level, currency);
    let transaction_details = entries
        .iter()
        .map(|entry| {
            let t = entry.transaction;
            if is_summed(t, currency) {
                let amount = t.amount.amount.decimal();
                summary.add(t.date(), t.direction, amount);
                if let Some(categories) = categories.as_mut() {
                    categories.add(entry.category, t.direction, amount);
                }
            }
            TransactionDetail::of(t, CategoryFields::at(level, entry.category))
        })
        .collect();

    AccountStatement {
        header: AccountHeader::of(at.consent, account),
        balances: account.balances.as_ref().map(BalancesView::from),
        transaction_details,
        summary: summary.finish(),
        category_summary: categories.map(CategoryTotals::finish),
    }
}

/// Whether an entry counts in the totals: booked, and in the currency the totals are in.
fn is_summed(t: &Transaction, currency: Currency) -> bool {
    t.is_booked() && t.amount.currency == currency
}

#[cfg(test)]
mod tests {
    use super::test_data::*;
    use super::*;
    use ponte_domain::finance::{Direction, EntryStatus};
    use ponte_domain::{Amount, Money};
    use serde_json::{Value, json};
    use time::macros::date;

    fn checking_json(consents: &[ponte_domain::finance::ConsentData], level: Level) -> Value {
        let leaf = leaf();
        serde_json::to_value(checking(&analysis(consents, &leaf), level)).unwrap()
    }

    fn ids(list: &Value) -> Vec<&str> {
        list.as_array().unwrap().iter().map(|t| t["transactionId"].as_str().unwrap()).collect()
    }

    #[test]
    fn no_accounts_give_an_empty_list() {
        assert_eq!(checking_json(&[], Level::Plain), json!({"checkingAccounts": []}));
        let leaf = leaf();
        let savings = serde_json::to_value(savings(&analysis(&[], &leaf), Level::L3)).unwrap();
        assert_eq!(savings, json!({"savingsAccounts": []}));
    }

    #[test]
    fn lists_the_window_oldest_first_and_sums_only_booked_entries_in_the_account_currency() {
        let mut pending = entry("p", date!(2026 - 03 - 20), Direction::Debit, "50");
        pending.status = EntryStatus::LancamentoFuturo;
        let mut dollars = entry("usd", date!(2026 - 02 - 01), Direction::Credit, "7");
        dollars.amount = Money::new(Amount::from(7), "USD".parse().unwrap());
        let mut data = consent("001", "c1");
        data.accounts.push(account(
            "acc",
            AccountKind::ContaDepositoAVista,
            vec![
                pending,
                entry("b", date!(2026 - 01 - 10), Direction::Debit, "30.5"),
                entry("old", date!(2025 - 02 - 28), Direction::Credit, "999"),
                entry("a", date!(2025 - 03 - 01), Direction::Credit, "100"),
                dollars,
                entry("c", date!(2026 - 01 - 10), Direction::Debit, "0.25"),
            ],
        ));
        let body = checking_json(&[data], Level::Plain);
        let account = &body["checkingAccounts"][0];
        assert_eq!(ids(&account["transactionDetails"]), ["a", "b", "c", "usd", "p"]);
        assert_eq!(account["transactionDetails"][4]["completedAuthorisedPaymentType"], "LANCAMENTO_FUTURO");
        let summary = &account["summary"];
        assert_eq!(summary["totalCredits"]["amount"], "100.0000");
        assert_eq!(summary["totalDebits"]["amount"], "30.7500");
        assert_eq!(summary["net"]["amount"], "69.2500");
        assert_eq!((summary["creditCount"].as_u64(), summary["debitCount"].as_u64()), (Some(1), Some(2)));
        assert_eq!(summary["firstTransactionDate"], "2025-03-01");
        assert_eq!(summary["lastTransactionDate"], "2026-01-10");
        assert!(account.get("categorySummary").is_none());
        assert!(account["transactionDetails"][0].get("category").is_none());
    }

    #[test]
    fn checking_covers_deposit_and_prepaid_accounts_in_report_order() {
        let mut second = consent("002", "c2");
        second.accounts.push(account("a", AccountKind::ContaDepositoAVista, vec![]));
        let mut first = consent("001", "c1");
        first.accounts.push(account("z", AccountKind::ContaPagamentoPrePaga, vec![]));
        first.accounts.push(account("s", AccountKind::ContaPoupanca, vec![]));
        first.accounts.push(account("b", AccountKind::ContaDepositoAVista, vec![]));
        let body = checking_json(&[second, first], Level::Plain);
        let listed: Vec<(&str, &str)> = body["checkingAccounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["institutionCode"].as_str().unwrap(), a["accountId"].as_str().unwrap()))
            .collect();
        assert_eq!(listed, [("001", "b"), ("001", "z"), ("002", "a")]);
    }

    #[test]
    fn categorised_levels_add_fields_and_a_category_summary() {
        let mut data = consent("001", "c1");
        let mut overdrawn = account(
            "acc",
            AccountKind::ContaDepositoAVista,
            vec![
                entry("a", date!(2026 - 03 - 01), Direction::Credit, "10"),
                entry("b", date!(2026 - 03 - 02), Direction::Debit, "4"),
            ],
        );
        if let Some(balances) = overdrawn.balances.as_mut() {
            balances.available = brl("-12.5");
        }
        data.accounts.push(overdrawn);
        let data = [data];
        let l2 = checking_json(&data, Level::L2);
        let account = &l2["checkingAccounts"][0];
        assert_eq!(account["balances"]["availableAmount"]["amount"], "-12.5000");
        let first = &account["transactionDetails"][0];
        assert_eq!((first["category"].as_str(), first["brand"].clone()), (Some("Outros"), Value::Null));
        assert!(first.get("thirdCategory").is_none());
        let lines = account["categorySummary"].as_array().unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["count"], 2);
        assert_eq!(lines[0]["totalDebits"]["amount"], "4.0000");

        let l3 = checking_json(&data, Level::L3);
        let account = &l3["checkingAccounts"][0];
        assert_eq!(account["transactionDetails"][1]["thirdCategory"], "Não categorizado");
        assert_eq!(account["categorySummary"][0]["thirdCategory"], "Não categorizado");
    }
}
