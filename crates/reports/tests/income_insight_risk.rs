//! `pf_income`, `pf_financial_insight`, `pj_financial_insight`, `pf_risk_score`, `pj_risk_score`:
//! schemas, formulas on hand-built personas, invariants over generated data.

mod income_insight_risk_fixtures;
mod support;

use income_insight_risk_fixtures::personas::{self, *};
use income_insight_risk_fixtures::strategies::consent_data;
use income_insight_risk_fixtures::*;
use ponte_domain::ProductCode;
use ponte_domain::finance::{ConsentData, Direction};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

const PERSONAL_PRODUCTS: [ProductCode; 3] =
    [ProductCode::PfIncome, ProductCode::PfFinancialInsight, ProductCode::PfRiskScore];
const BUSINESS_PRODUCTS: [ProductCode; 2] = [ProductCode::PjFinancialInsight, ProductCode::PjRiskScore];

fn products_for(tax_id: &str) -> &'static [ProductCode] {
    if tax_id.len() == 14 { &BUSINESS_PRODUCTS } else { &PERSONAL_PRODUCTS }
}

fn array<'r>(report: &'r Value, pointer: &str) -> &'r [Value] {
    report.pointer(pointer).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

// ---------------------------------------------------------------- schemas and envelope

#[test]
fn every_persona_report_satisfies_the_schemas() {
    for (tax_id, consents) in personas::all() {
        for product in products_for(tax_id) {
            let report = report(*product, &consents, tax_id);
            assert_eq!(report["code"], 200, "{tax_id} {product:?}: {report}");
            support::assert_valid(*product, &report);
        }
    }
}

#[test]
fn a_missing_api_makes_the_reports_partial_and_still_valid() {
    let mut consents = salaried();
    consents[0].missing.push(missing("accounts"));
    for product in PERSONAL_PRODUCTS {
        let report = report(product, &consents, SALARIED);
        assert_eq!(report["code"], 204, "{product:?}");
        assert_eq!(array(&report, "/missingParts").len(), 1);
        support::assert_valid(product, &report);
    }
}

#[test]
fn empty_data_gives_nulls_not_errors() {
    let consents =
        vec![consent("999", vec![Statement::default().into_account("CHK1", None)], vec![], vec![])];
    let income = report(ProductCode::PfIncome, &consents, SALARIED);
    support::assert_valid(ProductCode::PfIncome, &income);
    assert_eq!(income["income"]["monthsOfHistory"], 0);
    assert!(income["income"]["estimatedMonthlyIncome"].is_null());
    assert!(income["income"]["incomeStability"].is_null());
    let insight = report(ProductCode::PfFinancialInsight, &consents, SALARIED);
    support::assert_valid(ProductCode::PfFinancialInsight, &insight);
    assert!(insight["financialInsight"]["negativeBalanceDays"].is_null());
    assert!(insight["financialInsight"]["bettingShareOfIncome"].is_null());
    assert!(insight["financialInsight"]["debtToIncome"].is_null());
    for (product, tax_id) in [(ProductCode::PfRiskScore, SALARIED), (ProductCode::PjRiskScore, RETAILER)] {
        let score = report(product, &consents, tax_id);
        support::assert_valid(product, &score);
        assert!((0..=1000).contains(&income_insight_risk_fixtures::score(&score)));
    }
}

// ---------------------------------------------------------------- pf_income

#[test]
fn salaried_income_is_the_salary() {
    let r = report(ProductCode::PfIncome, &salaried(), SALARIED);
    let income = &r["income"];
    assert_eq!(income["monthsOfHistory"], 12);
    assert_eq!(array(income, "/monthlyIncome").len(), 12);
    assert_eq!(income["windowStart"], "2025-03-01");
    assert_eq!(income["windowEnd"], "2026-02-28");
    assert_eq!(income["currentMonthIncome"]["month"], "2026-03");
    assert_eq!(decimal(income, "/estimatedMonthlyIncome"), Some(dec("6850")));
    assert_eq!(decimal(income, "/averageMonthlyIncome"), Some(dec("6850")));
    assert_eq!(income["incomeStability"], "1.0000");
    assert_eq!(decimal(income, "/totalIncome"), Some(dec("82200")));
    let sources = array(income, "/sources");
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["payerTaxId"], "12345678000190");
    assert_eq!(sources[0]["payerName"], "ACME LTDA");
    assert_eq!(sources[0]["type"], "SALARY");
    assert_eq!(sources[0]["monthsPresent"], 13, "12 full months and the current one");
    assert_eq!(sources[0]["regular"], true);
    assert_eq!(sources[0]["lastDate"], "2026-03-05");
    assert_eq!(income["declaredIncome"]["frequency"], "MENSAL");
    assert_eq!(income["declaredIncomeRatio"], "0.9786", "6850 / 7000");
}

#[test]
fn declared_income_is_converted_to_a_month() {
    let mut consents = salaried();
    declare_income(&mut consents[0], 8_400_000, "ANUAL");
    let r = report(ProductCode::PfIncome, &consents, SALARIED);
    assert_eq!(decimal(&r, "/income/declaredIncome/monthlyAmount"), Some(dec("7000")));
    declare_income(&mut consents[0], 100_000, "OUTROS");
    let r = report(ProductCode::PfIncome, &consents, SALARIED);
    assert!(r["income"]["declaredIncome"]["monthlyAmount"].is_null());
    assert!(r["income"]["declaredIncomeRatio"].is_null());
}

#[test]
fn non_income_credits_are_excluded() {
    let base = salaried();
    let before = report(ProductCode::PfIncome, &base, SALARIED);
    for (name, party) in [
        ("TRANSF ENTRE CONTAS", Some(SALARIED)),
        ("ESTORNO COMPRA", None),
        ("LIBERACAO EMPRESTIMO PESSOAL", None),
        ("RESGATE CDB", None),
        ("CASHBACK", None),
        ("PIX RECEBIDO BET365", None),
        ("PIX RECEBIDO FULANO", Some("99988877766")),
    ] {
        let mut consents = base.clone();
        consents[0].accounts[0].transactions.push(entry(
            "X1",
            month_day(2, 9),
            Direction::Credit,
            900_000,
            name,
            party,
        ));
        let after = report(ProductCode::PfIncome, &consents, SALARIED);
        assert_eq!(before["income"], after["income"], "{name} changed income");
    }
}

#[test]
fn income_sources_group_by_payer_and_regularity_needs_five_of_six_months() {
    let r = report(ProductCode::PfIncome, &gig_worker(), GIG_WORKER);
    let sources = array(&r, "/income/sources");
    assert_eq!(sources.len(), 2);
    for s in sources {
        assert_eq!(s["type"], "SELF_EMPLOYMENT");
        assert_eq!(s["regular"], true);
    }
    let stability = decimal(&r, "/income/incomeStability").unwrap_or_default();
    assert!(stability < dec("0.75"), "gig income swings: {stability}");

    let mut s = Statement::default();
    s.credit(month_day(12, 1), 100, "PIX RECEBIDO ABERTURA", None);
    s.monthly(1..=4, 5, Direction::Credit, |_| 100_000, "RENDIMENTO ALUGUEL", None);
    let r = report(
        ProductCode::PfIncome,
        &[consent("999", vec![s.into_account("A", None)], vec![], vec![])],
        SALARIED,
    );
    let source = &array(&r, "/income/sources")[0];
    assert_eq!(source["type"], "PASSIVE");
    assert_eq!(source["payerName"], "RENDIMENTO ALUGUEL");
    assert_eq!(source["monthsPresent"], 4);
    assert_eq!(source["regular"], false, "4 of the last 6 months");
}

#[test]
fn thin_file_estimates_only_from_covered_months() {
    let mut s = Statement::default();
    s.credit(month_day(2, 10), 300_000, "PAGTO SALARIO ACME", Some("12345678000190"));
    s.monthly(0..=1, 5, Direction::Credit, |_| 300_000, "PAGTO SALARIO ACME", Some("12345678000190"));
    let consents = vec![consent("999", vec![s.into_account("A", Some(10_000))], vec![], vec![])];
    let r = report(ProductCode::PfIncome, &consents, SALARIED);
    assert_eq!(r["income"]["monthsOfHistory"], 2);
    assert_eq!(
        decimal(&r, "/income/estimatedMonthlyIncome"),
        Some(dec("3000")),
        "not diluted by empty months"
    );
    assert!(r["income"]["incomeStability"].is_null(), "two months are too few");
    let months = array(&r, "/income/monthlyIncome");
    assert_eq!(months.iter().filter(|m| m["covered"] == true).count(), 2);
}

#[test]
fn the_same_account_under_two_consents_counts_once() {
    let mut renewed = salaried();
    let mut old = renewed[0].clone();
    old.consent_id = "urn:ponte:consent-old".into();
    old.fetched_at = fixed_now() - time::Duration::days(3);
    renewed.push(old);
    let once = report(ProductCode::PfIncome, &salaried(), SALARIED);
    let twice = report(ProductCode::PfIncome, &renewed, SALARIED);
    assert_eq!(once["income"]["totalIncome"], twice["income"]["totalIncome"]);
}

// ---------------------------------------------------------------- insight

#[test]
fn salaried_insight_figures() {
    let r = report(ProductCode::PfFinancialInsight, &salaried(), SALARIED);
    let f = &r["financialInsight"];
    assert_eq!(f["negativeBalanceDays"], 0);
    assert_eq!(f["negativeBalanceWindowDays"], 90);
    assert_eq!(decimal(f, "/currentBalance"), Some(dec("20000")));
    assert_eq!(f["monthlyDebtService"]["amount"], "250.0000");
    assert_eq!(f["debtToIncome"], "0.0365");
    assert_eq!(f["creditCards"]["utilisation"], "0.2190");
    assert_eq!(f["creditCards"]["monthsWithRevolving"], 0);
    let categories: Vec<&str> =
        array(f, "/spendingByCategory").iter().filter_map(|c| c["category"].as_str()).collect();
    assert!(!categories.contains(&"Investimentos"), "applications are saving: {categories:?}");
    let finance = array(f, "/spendingByCategory").iter().find(|c| c["category"] == "Serviços financeiros");
    let subcategories: Vec<&str> = finance
        .map(|c| array(c, "/subcategories").iter().filter_map(|s| s["subcategory"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        !subcategories.contains(&"Cartão de crédito"),
        "bill payments are not spending: {subcategories:?}"
    );
    // Card purchases are spending: restaurants only ever appear on the card.
    assert!(categories.contains(&"Alimentação"));
    // The last full month: salary in, rent + bill + loan + application + groceries out.
    let last = &array(f, "/monthlyCashFlow")[11];
    assert_eq!(decimal(last, "/inflow"), Some(dec("6850")));
    let closing_last = decimal(last, "/closingBalance").unwrap_or_default();
    let current = decimal(f, "/currentMonthCashFlow/net").unwrap_or_default();
    assert_eq!(closing_last + current, dec("20000"), "this month's net leads to today's balance");
}

#[test]
fn own_transfers_are_neither_cash_flow_nor_spending() {
    let base = salaried();
    let mut consents = base.clone();
    let out = entry("OWN", month_day(3, 9), Direction::Debit, 500_000, "TRANSF ENTRE CONTAS", Some(SALARIED));
    consents[0].accounts[0].transactions.push(out);
    let (before, after) = (
        report(ProductCode::PfFinancialInsight, &base, SALARIED),
        report(ProductCode::PfFinancialInsight, &consents, SALARIED),
    );
    assert_eq!(
        before["financialInsight"]["monthlyCashFlow"][9]["outflow"],
        after["financialInsight"]["monthlyCashFlow"][9]["outflow"]
    );
    assert_eq!(before["financialInsight"]["totalSpending"], after["financialInsight"]["totalSpending"]);
}

#[test]
fn over_indebted_figures_show_the_strain() {
    let r = report(ProductCode::PfFinancialInsight, &over_indebted(), OVER_INDEBTED);
    let f = &r["financialInsight"];
    assert_eq!(f["negativeBalanceDays"], 90);
    assert_eq!(f["monthsWithOverdraftInterest"], 12);
    assert_eq!(f["monthsWithLateCharges"], 12);
    assert_eq!(f["creditCards"]["monthsWithRevolving"], 12);
    assert_eq!(f["creditCards"]["revolvingUse"], true);
    assert_eq!(f["activeContracts"], 3);
    assert_eq!(f["debtToIncome"], "0.2604", "1250 / 4800");
    // Late charges: 45.00 a month on the account (12 months) and the 90.00 fine of the 11 bills
    // closed in the full months. The card's "JUROS ROTATIVO" lines are on bills that list late
    // charges, so they are not counted again.
    assert_eq!(decimal(f, "/lateCharges"), Some(dec("1530")));
}

#[test]
fn bettor_spends_a_large_share_of_income_on_bets() {
    let r = report(ProductCode::PfFinancialInsight, &bettor(), BETTOR);
    let share = decimal(&r, "/financialInsight/bettingShareOfIncome").unwrap_or_default();
    assert!(share > dec("0.3"), "{share}");
    assert!(decimal(&r, "/financialInsight/bettingReceived").unwrap_or_default() > Decimal::ZERO);
}

#[test]
fn business_insight_figures() {
    let r = report(ProductCode::PjFinancialInsight, &retailer(), RETAILER);
    let f = &r["financialInsight"];
    let receivables = decimal(f, "/cardAcquirerReceivables").unwrap_or_default();
    let revenue = decimal(f, "/revenue/totalRevenue").unwrap_or_default();
    assert!(receivables > Decimal::ZERO && receivables < revenue);
    assert_eq!(decimal(f, "/revenue/concentration/cardAcquirerAmount"), Some(receivables));
    let largest = decimal(f, "/revenue/concentration/largestPayerShare").unwrap_or_default();
    assert!(largest < dec("0.01"), "acquirers are not payers; buyers are many: {largest}");
    assert_eq!(f["monthsWithPayroll"], 12);
    assert_eq!(f["monthsWithTaxPayments"], 6);
    assert_eq!(f["taxRegularity"], "1.0000");
    assert_eq!(f["burn"]["amount"], "0.0000");
    assert!(f["runwayMonths"].is_null(), "not burning");

    let r = report(ProductCode::PjFinancialInsight, &services_company(), SERVICES);
    let c = &r["financialInsight"]["revenue"]["concentration"];
    let largest = decimal(c, "/largestPayerShare").unwrap_or_default();
    assert!(largest > dec("0.75") && largest < dec("0.85"), "{largest}");
    assert_eq!(c["topPayers"][0]["payerTaxId"], "33000167000101");
    assert_eq!(c["topPayers"][0]["payerName"], "CLIENTE ALFA");
    assert_eq!(c["top5PayerShare"], "1.0000");
    assert!(r["financialInsight"]["negativeBalanceDays"].as_u64().unwrap_or(0) > 0, "{r}");
}

#[test]
fn a_burning_company_has_a_runway() {
    let mut s = Statement::default();
    s.monthly(0..=12, 5, Direction::Credit, |_| 100_000, "TED RECEBIDA CLIENTE", Some("33000167000101"))
        .monthly(0..=12, 6, Direction::Debit, |_| 300_000, "PAGTO SALARIO EQUIPE", Some("31000000000"));
    let consents = vec![consent("999", vec![s.into_account("A", Some(1_000_000))], vec![], vec![])];
    let r = report(ProductCode::PjFinancialInsight, &consents, RETAILER);
    assert_eq!(decimal(&r, "/financialInsight/burn"), Some(dec("2000")));
    assert_eq!(r["financialInsight"]["runwayMonths"], "5.0000");
    support::assert_valid(ProductCode::PjFinancialInsight, &r);
}

// ---------------------------------------------------------------- risk score

fn persona_score(tax_id: &str, consents: &[ConsentData]) -> Value {
    let product = if tax_id.len() == 14 { ProductCode::PjRiskScore } else { ProductCode::PfRiskScore };
    report(product, consents, tax_id)
}

#[test]
fn the_scores_tell_the_personas_apart() {
    let scores: Vec<(&str, i64, Vec<String>)> = personas::all()
        .into_iter()
        .map(|(id, consents)| {
            let r = persona_score(id, &consents);
            (id, score(&r), reasons(&r))
        })
        .collect();
    let get = |id: &str| {
        scores.iter().find(|(i, ..)| *i == id).map(|(_, s, r)| (*s, r.clone())).unwrap_or_default()
    };
    let (salaried, salaried_reasons) = get(SALARIED);
    let (gig, gig_reasons) = get(GIG_WORKER);
    let (indebted, indebted_reasons) = get(OVER_INDEBTED);
    let (bettor, bettor_reasons) = get(BETTOR);
    let (thin, thin_reasons) = get(THIN_FILE);
    let (retiree, _) = get(RETIREE);
    let (retailer, _) = get(RETAILER);
    let (services, services_reasons) = get(SERVICES);
    println!("{scores:#?}");
    assert!(salaried >= 850 && retiree >= 800, "healthy: {salaried} {retiree}");
    assert!(salaried_reasons.is_empty(), "{salaried_reasons:?}");
    assert!(gig < salaried && gig > indebted, "gig {gig}");
    assert!(gig_reasons.contains(&"R03_UNSTABLE_INCOME".to_owned()), "{gig_reasons:?}");
    assert!(indebted < 300, "over-indebted {indebted}");
    for code in ["R05_NEGATIVE_BALANCE_DAYS", "R07_LATE_CHARGES", "R09_REVOLVING_CREDIT"] {
        assert!(indebted_reasons.contains(&code.to_owned()), "{code} in {indebted_reasons:?}");
    }
    assert!(bettor <= 450, "bettor capped: {bettor}");
    assert_eq!(bettor_reasons.first().map(String::as_str), Some("R01_HIGH_BETTING_SHARE"));
    assert!(
        thin < salaried && thin_reasons.contains(&"R04_SHORT_HISTORY".to_owned()),
        "thin {thin} {thin_reasons:?}"
    );
    assert!(retailer > services, "retailer {retailer} services {services}");
    assert!(services_reasons.contains(&"R12_REVENUE_CONCENTRATION".to_owned()), "{services_reasons:?}");
}

#[test]
fn the_score_shows_every_factor_and_marks_missing_ones() {
    let r = persona_score(THIN_FILE, &thin_file());
    let rs = &r["riskScore"];
    assert_eq!(rs["scorecardVersion"], "ponte-scorecard-pf-1");
    assert_eq!(rs["method"], "HEURISTIC_SCORECARD");
    let factors = array(rs, "/factors");
    assert_eq!(factors.len(), 11);
    let sum: i64 = factors.iter().filter_map(|f| f["points"].as_i64()).sum();
    let base = rs["baseScore"].as_i64().unwrap_or_default();
    assert_eq!(score(&r), (base + sum).clamp(0, 1000), "no cap applies to the thin file");
    let factor = |name: &str| factors.iter().find(|f| f["factor"] == name).cloned().unwrap_or_default();
    assert_eq!(factor("INCOME_STABILITY")["notAvailable"], true);
    assert_eq!(factor("INCOME_STABILITY")["points"], 0);
    assert_eq!(factor("CARD_UTILISATION")["notAvailable"], true, "no card: not punished");
    assert_eq!(factor("MONTHS_OF_HISTORY")["value"], "2.0000");
}

// ---------------------------------------------------------------- invariants

fn sum_of(items: &[Value], pointer: &str) -> Decimal {
    items.iter().filter_map(|i| decimal(i, pointer)).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn insight_invariants(data in consent_data()) {
        let consents = vec![data];
        let r = report(ProductCode::PfFinancialInsight, &consents, SALARIED);
        support::assert_valid(ProductCode::PfFinancialInsight, &r);
        let f = &r["financialInsight"];
        let mut months: Vec<&Value> = array(f, "/monthlyCashFlow").iter().collect();
        months.push(&f["currentMonthCashFlow"]);
        for m in months {
            let (inflow, outflow, net) = (decimal(m, "/inflow"), decimal(m, "/outflow"), decimal(m, "/net"));
            prop_assert_eq!(inflow.zip(outflow).map(|(i, o)| i - o), net, "{}", m);
        }
        let categories = array(f, "/spendingByCategory");
        prop_assert_eq!(sum_of(categories, "/amount"), decimal(f, "/totalSpending").unwrap_or_default());
        for c in categories {
            prop_assert_eq!(sum_of(array(c, "/subcategories"), "/amount"), decimal(c, "/amount").unwrap_or_default());
        }
        if let Some(share) = decimal(f, "/bettingShareOfIncome") {
            prop_assert!(share >= Decimal::ZERO);
        }
        if let Some(stability) = decimal(f, "/incomeStability") {
            prop_assert!((Decimal::ZERO..=Decimal::ONE).contains(&stability));
        }

        let b = report(ProductCode::PjFinancialInsight, &consents, RETAILER);
        support::assert_valid(ProductCode::PjFinancialInsight, &b);
        let categories = array(&b, "/financialInsight/expensesByCategory");
        prop_assert_eq!(sum_of(categories, "/amount"), decimal(&b, "/financialInsight/totalExpenses").unwrap_or_default());
    }

    #[test]
    fn income_and_score_invariants(data in consent_data(), cents in 1i64..5_000_000, back in 1i64..=360, which in 0usize..7) {
        let consents = vec![data];
        let income = report(ProductCode::PfIncome, &consents, SALARIED);
        support::assert_valid(ProductCode::PfIncome, &income);
        if let Some(stability) = decimal(&income, "/income/incomeStability") {
            prop_assert!((Decimal::ZERO..=Decimal::ONE).contains(&stability));
        }
        let date = TODAY - time::Duration::days(back);

        // Credits that are not income never change income.
        let not_income = ["TRANSF PROPRIA", "ESTORNO COMPRA", "LIBERACAO EMPRESTIMO", "RESGATE CDB", "CASHBACK", "PIX RECEBIDO BET365", "PIX RECEBIDO FULANO"];
        let name = not_income[which];
        let party = (which == 0).then_some(SALARIED);
        let mut more = consents.clone();
        more[0].accounts[0].transactions.push(entry("NEW", date, Direction::Credit, cents, name, party));
        let after = report(ProductCode::PfIncome, &more, SALARIED);
        prop_assert_eq!(&income["income"], &after["income"], "{} changed income", name);

        // A bet, a late charge, overdraft interest or a fee (paid from the balance) never
        // raises the score; the score stays in 0..=1000.
        for (product, tax_id) in [(ProductCode::PfRiskScore, SALARIED), (ProductCode::PjRiskScore, RETAILER)] {
            let before = report(product, &consents, tax_id);
            support::assert_valid(product, &before);
            prop_assert!((0..=1000).contains(&score(&before)));
            let bad = ["PIX ENVIADO BET365", "MULTA ATRASO", "JUROS CHEQUE ESPECIAL", "TARIFA AVULSA"][which % 4];
            let mut worse = consents.clone();
            let account = &mut worse[0].accounts[0];
            account.transactions.push(entry("BAD", date, Direction::Debit, cents, bad, None));
            if let Some(b) = account.balances.as_mut() {
                b.available = minus(b.available, cents);
            }
            let after = report(product, &worse, tax_id);
            prop_assert!(score(&after) <= score(&before), "{} raised {:?}: {} -> {}", bad, product, score(&before), score(&after));
        }
    }
}

// ---------------------------------------------------------------- performance

/// ~24,000 transactions (the high-volume persona's year): every product of the family once.
/// Timed in the test profile, unoptimised; the budget of 100 ms is for release builds.
#[test]
fn high_volume_is_fast_enough() {
    let mut accounts = Vec::new();
    for a in 0..3 {
        let mut s = Statement::default();
        for back in (0..=12u32).rev() {
            for day in 1..=28u8 {
                let date = month_day(back, day);
                if date >= TODAY {
                    continue;
                }
                for k in 0..23u32 {
                    let cents = 1_000 + i64::from((k * 7_919 + u32::from(day) * 31 + back) % 20_000);
                    let (direction, name) = match k % 5 {
                        0 | 1 => (Direction::Credit, "PIX RECEBIDO FULANO"),
                        2 => (Direction::Debit, "COMPRA MERCADO"),
                        3 => (Direction::Debit, "RESTAURANTE"),
                        _ => (Direction::Debit, "PIX ENVIADO AMIGO"),
                    };
                    let party = format!("{:011}", 10_000_000_000u64 + u64::from(k));
                    s.push_entry(date, direction, cents, name, &party);
                }
            }
        }
        accounts.push(s.into_account(&format!("A{a}"), Some(5_000_000)));
    }
    let consents = vec![consent("999", accounts, vec![], vec![])];
    let count: usize = consents[0].accounts.iter().map(|a| a.transactions.len()).sum();
    assert!(count >= 24_000, "{count}");
    let analysis = analysis(&consents, "80000000833");
    let started = std::time::Instant::now();
    for product in [ProductCode::PfIncome, ProductCode::PfFinancialInsight, ProductCode::PfRiskScore] {
        let r = ponte_reports::products::build(product, &analysis);
        assert!(r.is_built());
    }
    let elapsed = started.elapsed();
    println!("{count} transactions: {elapsed:?}");
    // Generous for a shared, unoptimised build; anything quadratic takes far longer.
    assert!(elapsed < std::time::Duration::from_secs(2), "{elapsed:?}");
}
