//! `pf_credit_card`, `pj_credit_card`, `pf_categorized_creditcard_l3`: every credit card
//! account with its limits, its open statement and its closed bills of the window, each with
//! its transactions.
//!
//! Closed bills are listed when their due date falls in the window (12 full months plus the
//! current one); the open statement is listed whole.

mod limits;
mod statements;

use ponte_domain::finance::Card;
use serde::Serialize;
use time::Date;

use self::limits::{LimitLine, LimitSummary};
use self::statements::{ClosedStatement, OpenStatement, Statements};
use super::Level;
use super::accounts::header::{Located, brand_name, in_report_order};
use super::accounts::totals::CategorySummaryLine;
use super::accounts::wire::window_start;
use crate::analysis::Analysis;

/// The body of the card products.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditCards<'a> {
    /// By institution code, then card account id.
    pub credit_cards: Vec<CreditCard<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditCard<'a> {
    institution_code: &'a str,
    brand_name: &'a str,
    company_cnpj: &'a str,
    credit_card_account_id: &'a str,
    /// The card product's name.
    name: &'a str,
    product_type: &'a str,
    credit_card_network: &'a str,
    payment_methods: Vec<PaymentMethod<'a>>,
    /// The bank's limit lines, as it gave them.
    limits: Vec<LimitLine<'a>>,
    /// From the total line; `null` when the bank gave none.
    limit: Option<LimitSummary>,
    open_statement: OpenStatement<'a>,
    /// By due date, oldest first.
    closed_statements: Vec<ClosedStatement<'a>>,
    /// Only in the categorised product.
    #[serde(skip_serializing_if = "Option::is_none")]
    category_summary: Option<Vec<CategorySummaryLine<'a>>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentMethod<'a> {
    /// The card's final digits as the bank identifies it (never a full card number).
    identification_number: &'a str,
}

pub fn build<'a>(a: &Analysis<'a>, level: Level) -> CreditCards<'a> {
    let from = window_start(a.today);
    let credit_cards = in_report_order(a.consents, |c| c.cards.as_slice(), |card| card.id.as_str(), |_| true)
        .into_iter()
        .map(|at| credit_card(a, at, level, from))
        .collect();
    CreditCards { credit_cards }
}

fn credit_card<'a>(a: &Analysis<'a>, at: Located<'a, Card>, level: Level, from: Date) -> CreditCard<'a> {
    let card = at.item;
    // Categories are kept by position in `Card::all_transactions()`: the bills' transactions
    // in the bills' order, then the unbilled ones.
    let category = |position: usize| a.card_category(at.consent_index, at.index, position);
    let mut statements = Statements::new(level);
    let mut closed_statements = Vec::new();
    let mut offset = 0;
    for bill in &card.bills {
        let first = offset;
        offset += bill.transactions.len();
        if bill.due_date >= from {
            closed_statements.push(statements.closed(bill, |i| category(first + i)));
        }
    }
    closed_statements.sort_by(|x, y| x.order_key().cmp(&y.order_key()));
    let open_statement = statements.open(&card.unbilled, |i| category(offset + i));

    CreditCard {
        institution_code: &at.consent.institution_code,
        brand_name: brand_name(&card.brand_name, at.consent),
        company_cnpj: &card.company_cnpj,
        credit_card_account_id: &card.id,
        name: &card.name,
        product_type: &card.product_type,
        credit_card_network: &card.network,
        payment_methods: card
            .identification_numbers
            .iter()
            .map(|n| PaymentMethod { identification_number: n })
            .collect(),
        limits: card.limits.iter().map(LimitLine::from).collect(),
        limit: limits::summary(&card.limits),
        open_statement,
        closed_statements,
        category_summary: statements.category_summary(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::accounts::test_data::*;
    use super::*;
    use crate::analysis::Holder;
    use crate::categorise::{Categorisation, Leaf};
    use ponte_domain::finance::{CardLimit, ConsentData, Direction};
    use ponte_domain::{Amount, Audience, Currency, Money};
    use serde_json::Value;
    use time::macros::date;

    /// Places purchases named `purchase u…` (unbilled) in one leaf and the rest in another,
    /// so a wrong position lookup shows.
    fn body(consents: &[ConsentData], level: Level) -> Value {
        let billed = leaf();
        let unbilled = Leaf { code: "x.y.z".into(), names: ["X".into(), "Y".into(), "Z".into()], role: None };
        let holder = Holder { tax_id: "76109277673".into(), audience: Audience::Personal };
        let a = Analysis::with_categories(consents, holder, date!(2026 - 03 - 15), |facts| {
            let leaf = if facts.name.starts_with("purchase u") { &unbilled } else { &billed };
            Categorisation { leaf, brand: None }
        });
        serde_json::to_value(build(&a, level)).unwrap()
    }

    fn one_card() -> [ConsentData; 1] {
        let limits = vec![CardLimit {
            limit_type: "LIMITE_CREDITO_TOTAL".into(),
            consolidation_type: "CONSOLIDADO".into(),
            identification_number: None,
            line_name: None,
            is_limit_flexible: false,
            limit: Some(brl("1000")),
            used: Some(brl("125")),
            available: Some(brl("875")),
        }];
        let bills = vec![
            bill(
                "late",
                date!(2026 - 02 - 10),
                "80",
                vec![
                    purchase("b2", date!(2026 - 01 - 20), Direction::Debit, "100"),
                    purchase("b1", date!(2026 - 01 - 05), Direction::Credit, "20"),
                ],
            ),
            bill(
                "too-old",
                date!(2025 - 02 - 10),
                "5",
                vec![purchase("o", date!(2025 - 01 - 20), Direction::Debit, "5")],
            ),
            bill(
                "early",
                date!(2025 - 12 - 10),
                "1",
                vec![purchase("e", date!(2025 - 11 - 20), Direction::Debit, "1")],
            ),
        ];
        let mut dollars = purchase("u2", date!(2026 - 03 - 02), Direction::Debit, "3");
        dollars.amount = Money::new(Amount::from(3), Currency::USD);
        let unbilled = vec![purchase("u1", date!(2026 - 03 - 01), Direction::Debit, "45.5"), dollars];
        let mut data = consent("001", "c1");
        data.cards.push(card("card", bills, unbilled, limits));
        [data]
    }

    #[test]
    fn closed_bills_of_the_window_by_due_date_with_their_transactions_summed() {
        let out = body(&one_card(), Level::Plain);
        let card = &out["creditCards"][0];
        let bills: Vec<&str> = card["closedStatements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["billId"].as_str().unwrap())
            .collect();
        assert_eq!(bills, ["early", "late"]);
        let late = &card["closedStatements"][1];
        assert_eq!(late["billMonth"], "2026-02");
        assert_eq!(late["transactionDetails"][0]["transactionId"], "b1");
        assert_eq!(late["transactionsTotal"]["amount"], "80.0000");
        assert_eq!(late["billTotalAmount"]["amount"], "80.0000");
        assert_eq!(card["openStatement"]["totalAmount"]["amount"], "45.5000");
        assert_eq!(card["openStatement"]["transactionDetails"].as_array().unwrap().len(), 2);
        assert_eq!(card["limit"]["utilisation"], "0.1250");
        assert_eq!(card["paymentMethods"][0]["identificationNumber"], "4321");
        assert!(card.get("categorySummary").is_none());
        assert!(late["transactionDetails"][0].get("category").is_none());
    }

    #[test]
    fn categories_follow_each_transaction_past_bills_left_out_of_the_window() {
        let out = body(&one_card(), Level::L3);
        let card = &out["creditCards"][0];
        assert_eq!(card["openStatement"]["transactionDetails"][0]["category"], "X");
        assert_eq!(card["closedStatements"][1]["transactionDetails"][1]["category"], "Outros");
        let lines = card["categorySummary"].as_array().unwrap();
        let summary: Vec<(&str, &str, &str, u64)> = lines
            .iter()
            .map(|l| {
                (
                    l["category"].as_str().unwrap(),
                    l["totalDebits"]["amount"].as_str().unwrap(),
                    l["totalCredits"]["amount"].as_str().unwrap(),
                    l["count"].as_u64().unwrap(),
                )
            })
            .collect();
        // The dollar purchase is listed but not summed.
        assert_eq!(summary, [("Outros", "101.0000", "20.0000", 3), ("X", "45.5000", "0.0000", 1)]);
    }
}
