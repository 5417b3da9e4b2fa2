//! The account and card products over hand-built data: every product validates against its
//! schema, the figures of a known persona, partial data, and properties over random data
//! (categorised totals equal plain ones, statements add up, order of input does not matter).

mod accounts_fixtures;
mod support;

use std::str::FromStr;

use accounts_fixtures::generated;
use accounts_fixtures::{missing_transactions, persona, report};
use ponte_domain::ProductCode;
use ponte_domain::ProductCode as P;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

/// Every product of the family, with its own top-level keys.
const PRODUCTS: [(ProductCode, &[&str]); 13] = [
    (P::PfBalance, &["accounts", "totals"]),
    (P::PjBalance, &["accounts", "totals"]),
    (P::PfCheckingAccount, &["checkingAccounts"]),
    (P::PjCheckingAccount, &["checkingAccounts"]),
    (P::PfSavingsAccount, &["savingsAccounts"]),
    (P::PjSavingsAccount, &["savingsAccounts"]),
    (P::PfCategorizedCheckingL2, &["checkingAccounts"]),
    (P::PfCategorizedCheckingL3, &["checkingAccounts"]),
    (P::PjCategorizedCheckingL3, &["checkingAccounts"]),
    (P::PfCategorizedSavingsL3, &["savingsAccounts"]),
    (P::PfCreditCard, &["creditCards"]),
    (P::PjCreditCard, &["creditCards"]),
    (P::PfCategorizedCreditcardL3, &["creditCards"]),
];

const ENVELOPE: [&str; 11] = [
    "code",
    "message",
    "requestId",
    "productName",
    "productVersion",
    "productReportId",
    "productReportTime",
    "enquiryCpf",
    "enquiryCnpj",
    "links",
    "externalInfo",
];

const CATEGORY_FIELDS: [&str; 4] = ["category", "subcategory", "thirdCategory", "brand"];

fn items<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value[key].as_array().map(Vec::as_slice).unwrap_or_else(|| panic!("{key} is not a list in {value}"))
}

fn amount(money: &Value) -> Decimal {
    let text = money["amount"].as_str().unwrap_or_else(|| panic!("not money: {money}"));
    Decimal::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn text<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key].as_str().unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

/// The plain product's view of a categorised one: without category fields and summaries.
fn uncategorised(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            for key in CATEGORY_FIELDS.iter().chain(&["categorySummary"]) {
                map.remove(*key);
            }
            let stripped: Map<String, Value> =
                std::mem::take(map).into_iter().map(|(k, v)| (k, uncategorised(v))).collect();
            *map = stripped;
        }
        Value::Array(list) => {
            for v in list.iter_mut() {
                *v = uncategorised(std::mem::take(v));
            }
        }
        _ => {}
    }
    value
}

/// Every `{amount, currency}` object anywhere in `value`.
fn all_money<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("amount") && map.contains_key("currency") {
                out.push(value);
            }
            map.values().for_each(|v| all_money(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| all_money(v, out)),
        _ => {}
    }
}

fn has_four_decimals(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    matches!(digits.split_once('.'), Some((int, frac))
        if !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() == 4 && frac.bytes().all(|b| b.is_ascii_digit()))
}

// ---- the persona -------------------------------------------------------------------------

#[test]
fn every_product_is_valid_and_has_exactly_its_keys() {
    let data = persona();
    for (product, keys) in PRODUCTS {
        let report = report(product, &data);
        support::assert_valid(product, &report);
        assert_eq!(report["code"], 200, "{}", product.as_str());
        let mut own: Vec<&str> = report
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .filter(|k| !ENVELOPE.contains(k))
            .collect();
        own.sort_unstable();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(own, expected, "{}", product.as_str());
    }
}

#[test]
fn business_products_name_the_cnpj() {
    let report = report(P::PjCheckingAccount, &persona());
    assert_eq!(report["enquiryCnpj"], "11222333000181");
    assert!(report.get("enquiryCpf").is_none());
}

#[test]
fn balance_lists_every_account_with_overdraft_limits_and_totals() {
    let report = report(P::PfBalance, &persona());
    let accounts = items(&report, "accounts");
    let listed: Vec<(&str, &str, &str)> = accounts
        .iter()
        .map(|a| (text(a, "institutionCode"), text(a, "accountId"), text(a, "type")))
        .collect();
    assert_eq!(
        listed,
        [
            ("341", "wallet-1", "CONTA_PAGAMENTO_PRE_PAGA"),
            ("999", "chk-1", "CONTA_DEPOSITO_A_VISTA"),
            ("999", "sav-1", "CONTA_POUPANCA"),
        ]
    );
    // The wallet's bank sent no brandName: the institution's name stands in.
    assert_eq!(accounts[0]["brandName"], "Banco Lento");
    assert_eq!(
        accounts[0]["overdraftLimits"],
        json!({"overdraftContractedLimit": null, "overdraftUsedLimit": null, "unarrangedOverdraftAmount": null})
    );
    assert_eq!(accounts[1]["overdraftLimits"]["overdraftContractedLimit"]["amount"], "1000.0000");
    assert_eq!(accounts[2]["overdraftLimits"], Value::Null);
    assert_eq!(accounts[1]["balances"]["updateDateTime"], "2026-03-15T07:59:30Z");
    assert_eq!(report["totals"]["availableAmount"], json!({"amount": "4560.9900", "currency": "BRL"}));
    assert_eq!(report["totals"]["automaticallyInvestedAmount"]["amount"], "750.0000");
}

#[test]
fn checking_lists_the_window_and_sums_booked_entries() {
    let report = report(P::PfCheckingAccount, &persona());
    let accounts = items(&report, "checkingAccounts");
    let ids: Vec<&str> = accounts.iter().map(|a| text(a, "accountId")).collect();
    assert_eq!(ids, ["wallet-1", "chk-1"]);
    let checking = &accounts[1];
    let transactions = items(checking, "transactionDetails");
    let listed: Vec<&str> = transactions.iter().map(|t| text(t, "transactionId")).collect();
    // t-old is before the window (2025-03-01); the future debit is listed but not summed.
    assert_eq!(listed, ["t-salary", "t-ifood", "t-rent", "t-fee", "t-future"]);
    assert_eq!(transactions[4]["completedAuthorisedPaymentType"], "LANCAMENTO_FUTURO");
    let salary = &transactions[0];
    assert_eq!(salary["transactionDate"], "2026-02-05");
    assert_eq!(salary["transactionDateTime"], "2026-02-05T12:00:00.000Z");
    assert_eq!(salary["type"], "FOLHA_PAGAMENTO");
    assert_eq!(salary["creditDebitType"], "CREDITO");
    assert_eq!(salary["partieCnpjCpf"], "11222333000181");
    assert_eq!(salary["partiePersonType"], "PESSOA_JURIDICA");
    assert_eq!(salary["transactionAmount"], json!({"amount": "5200.0000", "currency": "BRL"}));
    assert_eq!(
        checking["summary"],
        json!({
            "totalCredits": {"amount": "5200.0000", "currency": "BRL"},
            "totalDebits": {"amount": "1922.4000", "currency": "BRL"},
            "net": {"amount": "3277.6000", "currency": "BRL"},
            "creditCount": 1,
            "debitCount": 3,
            "firstTransactionDate": "2026-02-05",
            "lastTransactionDate": "2026-03-01",
        })
    );
}

#[test]
fn savings_products_list_savings_accounts_only() {
    let plain = report(P::PfSavingsAccount, &persona());
    let accounts = items(&plain, "savingsAccounts");
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0]["summary"]["totalCredits"]["amount"], "12.3456");
    let categorised = report(P::PfCategorizedSavingsL3, &persona());
    let first = &items(&categorised, "savingsAccounts")[0]["transactionDetails"][0];
    assert_eq!(
        (first["category"].as_str(), first["thirdCategory"].as_str()),
        (Some("Outros"), Some("Não categorizado"))
    );
}

#[test]
fn categorised_checking_adds_categories_brands_and_a_summary_by_level() {
    let l2 = report(P::PfCategorizedCheckingL2, &persona());
    let checking = &items(&l2, "checkingAccounts")[1];
    let ifood = &checking["transactionDetails"][1];
    assert_eq!(ifood["category"], "Alimentação");
    assert_eq!(ifood["brand"], "iFood");
    assert!(ifood.get("thirdCategory").is_none());
    assert_eq!(checking["transactionDetails"][0]["brand"], Value::Null);
    let lines: Vec<(&str, &str, u64)> = items(checking, "categorySummary")
        .iter()
        .map(|l| (text(l, "category"), text(l, "subcategory"), l["count"].as_u64().unwrap_or(0)))
        .collect();
    // Sorted by names; the future debit (fallback category) is not summed, so no line for it.
    assert_eq!(
        lines,
        [
            ("Alimentação", "Restaurantes", 1),
            ("Outros", "Outros", 1),
            ("Renda", "Renda ativa", 1),
            ("Serviços financeiros", "Tarifas", 1),
        ]
    );
    let l3 = report(P::PfCategorizedCheckingL3, &persona());
    let line = &items(&items(&l3, "checkingAccounts")[1], "categorySummary")[2];
    assert_eq!(
        (text(line, "thirdCategory"), text(&line["totalCredits"], "amount")),
        ("Salário", "5200.0000")
    );
}

#[test]
fn credit_card_lists_limits_and_statements_with_their_totals() {
    let report = report(P::PfCreditCard, &persona());
    let card = &items(&report, "creditCards")[0];
    assert_eq!(card["creditCardAccountId"], "card-1");
    assert_eq!(card["creditCardNetwork"], "MASTERCARD");
    assert_eq!(items(card, "limits").len(), 2);
    assert_eq!(card["limits"][1]["lineName"], "CREDITO_A_VISTA");
    assert_eq!(card["limit"]["utilisation"], "0.2400");
    let bills: Vec<(&str, &str)> =
        items(card, "closedStatements").iter().map(|b| (text(b, "billId"), text(b, "billMonth"))).collect();
    assert_eq!(bills, [("bill-jan", "2026-01"), ("bill-feb", "2026-02")]);
    let january = &card["closedStatements"][0];
    // The bank's total includes the late interest; the transactions alone add up to less.
    assert_eq!(january["billTotalAmount"]["amount"], "412.7000");
    assert_eq!(january["transactionsTotal"]["amount"], "410.2000");
    assert_eq!(january["financeCharges"][0]["type"], "JUROS_MORA_ATRASO_PAGAMENTO_FATURA");
    assert_eq!(january["payments"][0]["paymentMode"], "PIX");
    assert_eq!(january["billClosingDate"], "2026-01-08");
    let february = &card["closedStatements"][1];
    assert_eq!(february["transactionsTotal"]["amount"], "70.0000");
    assert_eq!(february["transactionDetails"][1]["chargeIdentificator"], 2);
    assert_eq!(february["transactionDetails"][1]["chargeNumber"], 10);
    let open = &card["openStatement"];
    assert_eq!(open["totalAmount"]["amount"], "95.9000");
    assert_eq!(open["transactionDetails"][0]["feeType"], "ANUIDADE");
    assert_eq!(open["transactionDetails"][1]["amount"], json!({"amount": "10.9900", "currency": "USD"}));
    assert_eq!(open["transactionDetails"][0]["amount"], Value::Null);
}

#[test]
fn categorised_card_summarises_by_three_levels() {
    let report = report(P::PfCategorizedCreditcardL3, &persona());
    let card = &items(&report, "creditCards")[0];
    let lines: Vec<(&str, &str, &str)> = items(card, "categorySummary")
        .iter()
        .map(|l| {
            (text(l, "thirdCategory"), text(&l["totalDebits"], "amount"), text(&l["totalCredits"], "amount"))
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("Delivery", "60.2000", "0.0000"),
            ("Não categorizado", "525.9000", "50.0000"),
            ("Pacote", "40.0000", "0.0000"),
        ]
    );
}

#[test]
fn missing_transactions_make_the_report_partial_but_valid() {
    let mut data = persona();
    data[0].missing.push(missing_transactions("sav-1"));
    for product in [P::PfSavingsAccount, P::PfCategorizedSavingsL3, P::PfBalance] {
        let report = report(product, &data);
        support::assert_valid(product, &report);
        assert_eq!(report["code"], 204, "{}", product.as_str());
        assert_eq!(report["missingParts"][0]["resourceId"], "sav-1");
    }
}

// ---- properties over random data ---------------------------------------------------------

fn config() -> ProptestConfig {
    ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() }
}

/// The checks every plain account list must pass: the summary adds up the booked entries in
/// the account's currency, net is credits minus debits, counts are what is listed.
fn check_account_summaries(accounts: &[Value]) -> Result<(), TestCaseError> {
    for account in accounts {
        let currency = text(account, "currency");
        let (mut credits, mut debits, mut credit_count, mut debit_count) =
            (Decimal::ZERO, Decimal::ZERO, 0, 0);
        let mut dates = Vec::new();
        for t in items(account, "transactionDetails") {
            if t["completedAuthorisedPaymentType"] != "TRANSACAO_EFETIVADA"
                || t["transactionAmount"]["currency"] != currency
            {
                continue;
            }
            dates.push(text(t, "transactionDate"));
            if t["creditDebitType"] == "CREDITO" {
                credits += amount(&t["transactionAmount"]);
                credit_count += 1;
            } else {
                debits += amount(&t["transactionAmount"]);
                debit_count += 1;
            }
        }
        let summary = &account["summary"];
        prop_assert_eq!(amount(&summary["totalCredits"]), credits);
        prop_assert_eq!(amount(&summary["totalDebits"]), debits);
        prop_assert_eq!(amount(&summary["net"]), credits - debits);
        prop_assert_eq!(summary["creditCount"].as_u64(), Some(credit_count));
        prop_assert_eq!(summary["debitCount"].as_u64(), Some(debit_count));
        prop_assert_eq!(summary["firstTransactionDate"].as_str(), dates.first().copied());
        prop_assert_eq!(summary["lastTransactionDate"].as_str(), dates.last().copied());
        prop_assert!(dates.windows(2).all(|w| w[0] <= w[1]), "not oldest first: {:?}", dates);
    }
    Ok(())
}

/// Σ of the category lines equals the summary; counts too.
fn check_category_summary(summary: &Value, lines: &[Value]) -> Result<(), TestCaseError> {
    let credits: Decimal = lines.iter().map(|l| amount(&l["totalCredits"])).sum();
    let debits: Decimal = lines.iter().map(|l| amount(&l["totalDebits"])).sum();
    let count: u64 = lines.iter().filter_map(|l| l["count"].as_u64()).sum();
    prop_assert_eq!(credits, amount(&summary["totalCredits"]));
    prop_assert_eq!(debits, amount(&summary["totalDebits"]));
    let expected = summary["creditCount"].as_u64().unwrap_or(0) + summary["debitCount"].as_u64().unwrap_or(0);
    prop_assert_eq!(count, expected);
    Ok(())
}

/// Σ of a statement's transactions in reais, debits positive and credits negative.
fn statement_sum(transactions: &[Value]) -> Decimal {
    transactions
        .iter()
        .filter(|t| t["brazilianAmount"]["currency"] == "BRL")
        .map(|t| {
            let value = amount(&t["brazilianAmount"]);
            if t["creditDebitType"] == "DEBITO" { value } else { -value }
        })
        .sum()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn categorised_accounts_add_up_to_the_plain_products(data in generated::consents()) {
        for (plain, categorised, key) in [
            (P::PfCheckingAccount, P::PfCategorizedCheckingL2, "checkingAccounts"),
            (P::PfCheckingAccount, P::PfCategorizedCheckingL3, "checkingAccounts"),
            (P::PjCheckingAccount, P::PjCategorizedCheckingL3, "checkingAccounts"),
            (P::PfSavingsAccount, P::PfCategorizedSavingsL3, "savingsAccounts"),
        ] {
            let plain = report(plain, &data);
            let categorised = report(categorised, &data);
            check_account_summaries(items(&plain, key))?;
            for account in items(&categorised, key) {
                check_category_summary(&account["summary"], items(account, "categorySummary"))?;
                for t in items(account, "transactionDetails") {
                    prop_assert!(t["category"].is_string() && t["subcategory"].is_string());
                }
            }
            prop_assert_eq!(uncategorised(categorised[key].clone()), plain[key].clone());
        }
    }

    #[test]
    fn card_statements_add_up_to_their_transactions(data in generated::consents()) {
        let plain = report(P::PfCreditCard, &data);
        let categorised = report(P::PfCategorizedCreditcardL3, &data);
        for card in items(&plain, "creditCards") {
            let open = &card["openStatement"];
            prop_assert_eq!(amount(&open["totalAmount"]), statement_sum(items(open, "transactionDetails")));
            let mut due_dates = Vec::new();
            for bill in items(card, "closedStatements") {
                prop_assert_eq!(amount(&bill["transactionsTotal"]), statement_sum(items(bill, "transactionDetails")));
                prop_assert!(text(bill, "dueDate") >= "2025-03-01");
                prop_assert_eq!(&text(bill, "dueDate")[..7], text(bill, "billMonth"));
                due_dates.push(text(bill, "dueDate"));
            }
            prop_assert!(due_dates.windows(2).all(|w| w[0] <= w[1]));
        }
        for card in items(&categorised, "creditCards") {
            let mut total = statement_sum(items(&card["openStatement"], "transactionDetails"));
            for bill in items(card, "closedStatements") {
                total += amount(&bill["transactionsTotal"]);
            }
            let lines = items(card, "categorySummary");
            let by_category: Decimal =
                lines.iter().map(|l| amount(&l["totalDebits"]) - amount(&l["totalCredits"])).sum();
            prop_assert_eq!(by_category, total);
        }
        prop_assert_eq!(uncategorised(categorised["creditCards"].clone()), plain["creditCards"].clone());
    }

    #[test]
    fn every_product_is_valid_with_four_decimal_amounts(data in generated::consents()) {
        for (product, _) in PRODUCTS {
            let report = report(product, &data);
            prop_assert_eq!(report["code"].as_u64(), Some(200));
            let mut money = Vec::new();
            all_money(&report, &mut money);
            for m in money {
                prop_assert!(has_four_decimals(text(m, "amount")), "{}", m);
            }
            support::assert_valid(product, &report);
        }
    }

    #[test]
    fn output_does_not_depend_on_the_order_of_the_input(data in generated::consents(), seed in any::<u64>()) {
        let shuffled = generated::reordered(&data, seed);
        for (product, _) in PRODUCTS {
            prop_assert_eq!(report(product, &shuffled), report(product, &data), "{}", product.as_str());
        }
    }
}
