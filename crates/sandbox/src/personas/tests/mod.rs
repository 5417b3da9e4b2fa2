//! Invariants of generated data, as property tests over random valid CPFs and CNPJs (and the
//! persona tax ids), banks and dates; plus one test per persona for what makes it that persona.

use std::collections::{BTreeMap, HashSet};

use ponte_domain::{Cnpj, Cpf, TaxId};
use proptest::prelude::*;
use rust_decimal::Decimal;
use time::{Date, Duration};

use super::*;
use crate::data::accounts::{AccountTransaction, AccountTransactionType, CreditDebitType};
use crate::data::common::Dec;
use crate::data::credit_cards::CardTransaction;
use crate::data::credit_operations::TypeNumberOfInstalments;
use crate::data::resources::ResourceStatus;

const PERSONAS: [&str; 11] = [
    "76109277673",
    "10000000108",
    "20000000299",
    "30000000388",
    "40000000477",
    "50000000566",
    "60000000655",
    "70000000744",
    "80000000833",
    "11222333000181",
    "44555666000181",
];

fn tax(s: &str) -> TaxId {
    s.parse().unwrap()
}

fn date(julian: i32) -> Date {
    Date::from_julian_day(julian).unwrap()
}

/// 2024-01-01 ..= 2032-12-31.
fn today_strategy() -> impl Strategy<Value = Date> {
    (2_460_311i32..=2_463_598).prop_map(date)
}

fn tax_id_strategy() -> impl Strategy<Value = TaxId> {
    prop_oneof![
        // The personas but the high-volume one (checked on its own: slow in debug builds).
        (0usize..10).prop_map(|i| tax(PERSONAS[if i < 8 { i } else { i + 1 }])),
        (1_000_000u32..999_999_998).prop_filter_map("repeated digits", |n| {
            Cpf::from_base(&format!("{n:09}")).ok().map(TaxId::from)
        }),
        (1_000_000u64..999_999_999_999).prop_filter_map("repeated digits", |n| {
            Cnpj::from_base(&format!("{n:012}")).ok().map(TaxId::from)
        }),
    ]
}

fn bank_strategy() -> impl Strategy<Value = BankCode> {
    (0usize..5).prop_map(|i| BankCode::ALL[i])
}

fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 100
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
}

/// `^-?\d{1,15}\.\d{lo,hi}$`.
fn is_amount(s: &str, negative_ok: bool, lo: usize, hi: usize) -> bool {
    let unsigned = match s.strip_prefix('-') {
        Some(rest) if negative_ok => rest,
        Some(_) => return false,
        None => s,
    };
    let Some((int, frac)) = unsigned.split_once('.') else { return false };
    (1..=15).contains(&int.len())
        && (lo..=hi).contains(&frac.len())
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
}

fn cents(d: Decimal) -> i64 {
    i64::try_from(d * Decimal::ONE_HUNDRED).unwrap()
}

fn signed(t: &AccountTransaction) -> Decimal {
    let v = t.transaction_amount.amount.value();
    if t.credit_debit_type == CreditDebitType::Credito { v } else { -v }
}

fn card_signed(t: &CardTransaction) -> Decimal {
    let v = t.brazilian_amount.amount.value();
    if t.credit_debit_type == CreditDebitType::Credito { -v } else { v }
}

fn check_partie(t: &AccountTransaction) {
    if let Some(doc) = &t.partie_cnpj_cpf {
        let ok = if doc.len() == 11 { doc.parse::<Cpf>().is_ok() } else { doc.parse::<Cnpj>().is_ok() };
        assert!(ok, "invalid counterparty document {doc} in {}", t.transaction_name);
        assert!(t.partie_person_type.is_some() && t.partie_compe_code.as_ref().is_some_and(|c| c.len() == 3));
        let number = t.partie_number.as_deref().unwrap_or("");
        assert!((8..=20).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()), "{number}");
        assert!(t.partie_branch_code.as_ref().is_some_and(|b| b.len() == 4));
    }
}

/// Every invariant of one generated customer.
fn check_invariants(d: &CustomerData) {
    let w = d.window;
    // Accounts: balances are the sum of transactions; formats; dates in the window.
    for a in &d.accounts {
        assert!(is_id(&a.account.account_id));
        assert_eq!(a.transactions.len(), a.balance_after.len());
        let mut running = a.opening_balance;
        let mut last = None;
        let mut ids = HashSet::new();
        for (t, after) in a.transactions.iter().zip(&a.balance_after) {
            running += signed(t);
            assert_eq!(running, *after, "running balance of {}", t.transaction_id);
            assert!(is_id(&t.transaction_id) && ids.insert(t.transaction_id.clone()), "{}", t.transaction_id);
            assert!(is_amount(&t.transaction_amount.amount.to_string(), false, 2, 4));
            assert!(t.transaction_amount.amount.value() > Decimal::ZERO, "{}", t.transaction_name);
            assert!(!t.transaction_name.is_empty() && t.transaction_name.len() <= 200);
            let at = t.transaction_date_time.0;
            assert!(w.contains(at.date()), "{} outside the window", t.transaction_date_time);
            assert_eq!(t.transaction_date_time.to_string().len(), 24);
            assert!(last.is_none_or(|l| l <= at), "transactions out of order");
            last = Some(at);
            check_partie(t);
        }
        assert_eq!(a.balances.available_amount.amount.value(), running, "available balance");
        assert!(is_amount(&a.balances.available_amount.amount.to_string(), true, 2, 4));
        assert_eq!(a.balances.update_date_time.to_string().len(), 20);
        if let Some(used) = &a.overdraft_limits.overdraft_used_limit {
            let expected = (-running)
                .max(Decimal::ZERO)
                .min(a.overdraft_limits.overdraft_contracted_limit.unwrap().amount.value());
            assert_eq!(used.amount.value(), expected);
        }
        assert!(a.account.number.len() >= 8 && a.account.check_digit.len() == 1);
        assert_eq!(
            a.account.branch_code.is_none(),
            a.account.account_type == AccountType::ContaPagamentoPrePaga
        );
    }
    // Cards: bill totals are the sum of their transactions; billed transactions point at bills.
    for c in &d.credit_cards {
        assert!(is_id(&c.account.credit_card_account_id) && c.account.name.len() <= 50);
        let bills: BTreeMap<&str, &crate::data::credit_cards::CardBill> =
            c.bills.iter().map(|b| (b.bill_id.as_str(), b)).collect();
        let mut sums: BTreeMap<&str, Decimal> = BTreeMap::new();
        let mut ids = HashSet::new();
        for t in &c.transactions {
            assert!(is_id(&t.transaction_id) && ids.insert(t.transaction_id.clone()), "{}", t.transaction_id);
            assert!(w.contains(t.transaction_date_time.0.date()), "card transaction outside the window");
            assert!(is_amount(&t.brazilian_amount.amount.to_string(), false, 2, 4));
            assert!(t.brazilian_amount.amount.value() > Decimal::ZERO);
            if t.transaction_type == crate::data::credit_cards::CardTransactionType::Pagamento {
                assert!(t.payment_type.is_some());
            }
            if t.payment_type == Some(crate::data::credit_cards::CardPaymentType::APrazo) {
                assert!(t.charge_identificator.is_some() && t.charge_number.is_some());
            }
            if let Some(bill) = &t.bill_id {
                assert!(bills.contains_key(bill.as_str()), "transaction of an unlisted bill");
                *sums.entry(bill).or_default() += card_signed(t);
            }
        }
        for b in &c.bills {
            let sum = sums.get(b.bill_id.as_str()).copied().unwrap_or_default();
            assert_eq!(b.bill_total_amount.amount.value(), sum, "bill {} total", b.bill_id);
            assert!(is_amount(&b.bill_total_amount.amount.to_string(), true, 2, 4));
            assert!(
                b.bill_minimum_amount.amount.value() <= b.bill_total_amount.amount.value().max(Decimal::ZERO)
            );
            for p in &b.payments {
                assert!(p.payment_date.0 <= w.end);
            }
            if let Some(charges) = &b.finance_charges {
                assert!(!charges.is_empty());
            }
        }
        let limit = &c.limits[0];
        let available = limit.available_amount.unwrap().amount.value();
        assert_eq!(
            available + limit.used_amount.amount.value(),
            limit.limit_amount.as_ref().unwrap().money.amount.value()
        );
    }
    // Contracts: instalment counts add up; payments agree with the amount and the balance.
    for c in d.loans.iter().chain(&d.financings).chain(&d.invoice_financings).chain(&d.unarranged_overdrafts)
    {
        assert!(c.family.allows(c.contract.product_type, c.contract.product_sub_type));
        assert_eq!(c.contract.product_sub_type_category.is_some(), c.family == Family::Loans);
        assert!((22..=67).contains(&c.contract.ipoc_code.len()), "{}", c.contract.ipoc_code);
        let i = &c.instalments;
        let total = i.total_number_of_instalments.unwrap_or(0);
        assert_eq!(i.paid_instalments + i.due_instalments + i.past_due_instalments, total);
        let p = &c.payments;
        let amount = c.contract.contract_amount.value();
        let outstanding = p.contract_outstanding_balance.value();
        let released: Decimal = p.releases.iter().map(|r| r.paid_amount.value()).sum();
        assert!(outstanding >= Decimal::ZERO && outstanding <= amount * Decimal::from(2));
        if i.type_number_of_instalments != TypeNumberOfInstalments::SemPrazoTotal {
            assert_eq!(p.releases.len() as u32, i.paid_instalments);
            assert_eq!(p.paid_instalments, Some(i.paid_instalments));
            assert!(outstanding <= amount);
            // Paid instalments carry interest: they cover at least the principal amortised.
            assert!(
                released >= amount - outstanding,
                "released {released} < amortised {}",
                amount - outstanding
            );
            assert_eq!(outstanding.is_zero(), i.paid_instalments == total);
            if c.family == Family::Loans {
                let next = c.contract.next_instalment_amount.unwrap().value();
                assert_eq!(next.is_zero(), i.paid_instalments == total);
                assert!(p.total_remaining_amount.unwrap().value() >= outstanding);
            }
        }
        for r in &p.releases {
            assert!(r.paid_date.0 <= w.end && r.paid_date.0 >= c.contract.contract_date.0);
            assert!(r.payment_id.as_deref().is_some_and(is_id));
            assert!(r.is_over_parcel_payment || r.instalment_id.as_deref().is_some_and(is_id));
        }
        assert!(c.contract.contract_date.0 <= w.end);
    }
    for inv in &d.bank_fixed_incomes {
        assert!(inv.identification.purchase_date.0 <= w.end && inv.identification.due_date.0 > w.end);
        for t in &inv.transactions {
            assert!(w.contains(t.transaction_date.0));
        }
        let b = &inv.balances;
        assert!(b.gross_amount.amount.value() >= b.net_amount.amount.value());
        assert_eq!(b.gross_amount.amount.value() - b.income_tax.amount.value(), b.net_amount.amount.value());
    }
    // Resources: exactly what was generated.
    let mut expected: HashSet<(String, ResourceType)> = HashSet::new();
    expected.extend(d.accounts.iter().map(|a| (a.account.account_id.clone(), ResourceType::Account)));
    expected.extend(
        d.credit_cards
            .iter()
            .map(|c| (c.account.credit_card_account_id.clone(), ResourceType::CreditCardAccount)),
    );
    expected.extend(d.loans.iter().map(|c| (c.list_item.contract_id.clone(), ResourceType::Loan)));
    expected.extend(d.financings.iter().map(|c| (c.list_item.contract_id.clone(), ResourceType::Financing)));
    expected.extend(
        d.invoice_financings
            .iter()
            .map(|c| (c.list_item.contract_id.clone(), ResourceType::InvoiceFinancing)),
    );
    expected.extend(
        d.unarranged_overdrafts
            .iter()
            .map(|c| (c.list_item.contract_id.clone(), ResourceType::UnarrangedAccountOverdraft)),
    );
    expected.extend(
        d.bank_fixed_incomes
            .iter()
            .map(|i| (i.investment.investment_id.clone(), ResourceType::BankFixedIncome)),
    );
    let listed: HashSet<(String, ResourceType)> =
        d.resources.iter().map(|r| (r.resource_id.clone(), r.resource_type)).collect();
    assert_eq!(listed, expected);
    assert_eq!(listed.len(), d.resources.len(), "duplicate resources");
    for r in &d.resources {
        assert!(is_id(&r.resource_id));
    }
    if d.bank.bank().offer == crate::bank::Offer::AccountsAndCustomers {
        assert!(d.credit_cards.is_empty() && d.loans.is_empty() && d.bank_fixed_incomes.is_empty());
    }
    // Every serialised amount and date-time has the OFB format.
    walk_json(&serde_json::to_value(everything(d)).unwrap(), "");
}

/// All OFB shapes of a customer, for serialisation checks and byte comparisons.
fn everything(d: &CustomerData) -> serde_json::Value {
    let customer = match &d.customer {
        Customer::Personal(p) => {
            serde_json::json!([p.identification, p.qualification, p.financial_relations])
        }
        Customer::Business(b) => {
            serde_json::json!([b.identification, b.qualification, b.financial_relations])
        }
    };
    let accounts: Vec<_> = d
        .accounts
        .iter()
        .map(|a| {
            serde_json::json!([a.account, a.identification, a.balances, a.overdraft_limits, a.transactions])
        })
        .collect();
    let cards: Vec<_> = d
        .credit_cards
        .iter()
        .map(|c| serde_json::json!([c.account, c.identification, c.limits, c.bills, c.transactions]))
        .collect();
    let contracts: Vec<_> = d
        .loans
        .iter()
        .chain(&d.financings)
        .chain(&d.invoice_financings)
        .chain(&d.unarranged_overdrafts)
        .map(|c| serde_json::json!([c.list_item, c.contract, c.warranties, c.instalments, c.payments]))
        .collect();
    let investments: Vec<_> = d
        .bank_fixed_incomes
        .iter()
        .map(|i| serde_json::json!([i.investment, i.identification, i.balances, i.transactions]))
        .collect();
    serde_json::json!({"customer": customer, "accounts": accounts, "cards": cards, "contracts": contracts,
        "investments": investments, "resources": d.resources})
}

/// Checks strings by their key: amounts, rates, dates, date-times, ids.
fn walk_json(v: &serde_json::Value, key: &str) {
    match v {
        serde_json::Value::Object(map) => {
            let is_money = map.contains_key("currency") && map.contains_key("amount");
            for (k, child) in map {
                if is_money && k == "amount" {
                    let s = child.as_str().unwrap();
                    assert!(is_amount(s, true, 2, 8), "{key}.amount = {s}");
                } else {
                    walk_json(child, k);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| walk_json(i, key)),
        serde_json::Value::String(s) => {
            let amount_keys = ["contractAmount", "paidAmount", "warrantyAmount", "feeAmount", "chargeAmount"];
            if amount_keys.contains(&key)
                || key == "contractOutstandingBalance"
                || key == "totalRemainingAmount"
            {
                assert!(is_amount(s, true, 2, 4), "{key} = {s}");
            }
            if ["CET", "preFixedRate", "feeRate", "chargeRate", "shareholding", "postFixedIndexerPercentage"]
                .contains(&key)
            {
                assert!(is_amount(s, false, 6, 6), "{key} = {s}");
            }
            if key.ends_with("Date")
                && !key.ends_with("DateTime")
                && key != "incorporationDate"
                && key != "startDate"
            {
                assert!(s.parse::<crate::data::common::OfbDate>().is_ok(), "{key} = {s}");
            }
            if key == "transactionDateTime" || key == "lastUpdatedContractOutstandingBalance" {
                assert!(s.parse::<crate::data::common::DateTimeMs>().is_ok(), "{key} = {s}");
            }
            if ["updateDateTime", "referenceDateTime", "incorporationDate", "startDate"].contains(&key) {
                assert!(s.parse::<crate::data::common::DateTimeZ>().is_ok(), "{key} = {s}");
            }
            if key.ends_with("Id") && key != "personalId" {
                assert!(is_id(s), "{key} = {s}");
            }
        }
        _ => {}
    }
}

/// Transactions keep their id and content whatever day the data is generated on.
fn check_stable(a: &CustomerData, b: &CustomerData) {
    let (from, to) = (b.window.start, a.window.end);
    for acc in &a.accounts {
        let Some(other) = b.account(&acc.account.account_id) else { continue };
        let shared = |data: &AccountData| -> Vec<AccountTransaction> {
            data.transactions
                .iter()
                .filter(|t| (from..=to).contains(&t.transaction_date_time.0.date()))
                .cloned()
                .collect()
        };
        assert_eq!(shared(acc), shared(other), "account transactions changed between days");
        assert_eq!(acc.account, other.account);
    }
    for card in &a.credit_cards {
        let other = b.credit_card(&card.account.credit_card_account_id).expect("same card");
        // Card history starts at the first bill cycle inside the window.
        let from = other.transactions.first().map_or(from, |t| t.transaction_date_time.0.date());
        let shared = |data: &CardData| -> Vec<CardTransaction> {
            let mut v: Vec<CardTransaction> = data
                .transactions
                .iter()
                .filter(|t| (from..=to).contains(&t.transaction_date_time.0.date()))
                .cloned()
                .map(|mut t| {
                    t.bill_id = None;
                    t
                })
                .collect();
            v.sort_by(|x, y| x.transaction_id.cmp(&y.transaction_id));
            v
        };
        assert_eq!(shared(card), shared(other), "card transactions changed between days");
        for bill in &card.bills {
            if let Some(ob) = other.bills.iter().find(|ob| ob.bill_id == bill.bill_id) {
                assert_eq!(bill.bill_total_amount, ob.bill_total_amount, "bill {} changed", bill.bill_id);
                assert_eq!(bill.finance_charges, ob.finance_charges);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_data_keeps_every_invariant(
        tax_id in tax_id_strategy(),
        bank in bank_strategy(),
        today in today_strategy(),
    ) {
        let data = generate(&tax_id, bank, today);
        check_invariants(&data);
        let kind_matches = matches!(
            (&data.customer, tax_id),
            (Customer::Personal(_), TaxId::Cpf(_)) | (Customer::Business(_), TaxId::Cnpj(_))
        );
        prop_assert!(kind_matches);
    }

    #[test]
    fn data_is_deterministic_and_stable_across_days(
        tax_id in tax_id_strategy(), bank in bank_strategy(), today in today_strategy(), later in 1i64..40,
    ) {
        let a = generate(&tax_id, bank, today);
        let again = generate(&tax_id, bank, today);
        let bytes = |d: &CustomerData| serde_json::to_string(&everything(d)).unwrap();
        prop_assert_eq!(bytes(&a), bytes(&again));
        let b = generate(&tax_id, bank, today + Duration::days(later));
        check_stable(&a, &b);
    }
}

mod persona_traits;
