//! `pf_identity`, `pj_identity`, `pf_liabilities`, `pj_liabilities` and `pf_investment`: whole
//! reports over hand-built data, checked against their JSON Schemas and the documented
//! formulas, plus property tests of the invariants (totals are the sums of the listed items,
//! instalment counts stay consistent, the input's order does not matter, merging never loses a
//! distinct contact).

mod registration_and_credit_fixtures;
mod support;

use std::collections::BTreeSet;

use ponte_domain::ProductCode;
use ponte_domain::finance::{ConsentData, Direction, InformedAmount, InvestmentKind};
use proptest::prelude::*;
use registration_and_credit_fixtures as fx;
use registration_and_credit_fixtures::generated;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::macros::{date, datetime};

fn built(product: ProductCode, consents: &[ConsentData]) -> Value {
    let report = fx::report(product, consents);
    support::assert_valid(product, &report);
    report
}

fn amount(value: &Value) -> Decimal {
    value["amount"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not money: {value}"))
}

// ----- identity -----

/// The same person at two banks: the newer fetch wins scalar fields, lists are merged.
fn two_banks() -> Vec<ConsentData> {
    let mut older = fx::consent("998", "consent-b", datetime!(2026-03-10 12:00 UTC));
    let mut other = fx::person();
    other.civil_name = "MARIANA SOUZA LIMA".into();
    other.birth_date = Some(date!(1988 - 02 - 07));
    other.addresses = vec![
        fx::address("RUA AUGUSTA 1200", "SAO PAULO", "01304001", false),
        fx::address("Rua das Flores, 35", "Santos", "11010-100", false),
    ];
    other.phones = vec![fx::phone(None, "11987654321", false)];
    other.emails = vec!["Mariana.Lima42@Example.com".into(), "mari@example.org".into()];
    other.relationship = Some(fx::relationship(date!(2020 - 01 - 15), &["CONTA_POUPANCA"]));
    older.personal = Some(other);
    let mut newer = fx::consent("999", "consent-a", datetime!(2026-03-15 08:00 UTC));
    newer.personal = Some(fx::person());
    vec![older, newer]
}

#[test]
fn personal_identity_merges_institutions_and_names_their_conflicts() {
    let report = built(ProductCode::PfIdentity, &two_banks());
    assert_eq!(report["code"], 200);
    let identity = &report["identity"];
    // Scalars come from the most recently fetched source (999).
    assert_eq!(identity["civilName"], "Mariana Souza Lima");
    assert_eq!(identity["birthDate"], "1988-07-02");
    assert_eq!(identity["cpf"], fx::PERSON_CPF);
    assert_eq!(
        identity["occupation"],
        json!({"codeType": "OUTRO", "description": "Analista administrativa"})
    );
    assert_eq!(identity["employer"], Value::Null);
    assert_eq!(
        identity["informedIncome"],
        json!({"amount": {"amount": "6500.0000", "currency": "BRL"}, "frequency": "MENSAL", "date": "2025-11-20", "year": null})
    );
    assert_eq!(identity["monthlyInformedIncome"], json!({"amount": "6500.0000", "currency": "BRL"}));
    // The same address, phone and e-mail written differently are one item each.
    let addresses: Vec<(&str, &Value)> = identity["addresses"]
        .as_array()
        .map(|a| a.iter().map(|x| (x["address"].as_str().unwrap_or(""), &x["institutionCodes"])).collect())
        .unwrap_or_default();
    assert_eq!(
        addresses,
        [("Rua Augusta, 1200", &json!(["998", "999"])), ("Rua das Flores, 35", &json!(["998"]))]
    );
    assert_eq!(identity["addresses"][0]["isMain"], true);
    assert_eq!(identity["phones"].as_array().map(Vec::len), Some(1));
    assert_eq!(identity["phones"][0]["institutionCodes"], json!(["998", "999"]));
    assert_eq!(
        identity["emails"],
        json!([
            {"email": "mariana.lima42@example.com", "institutionCodes": ["998", "999"]},
            {"email": "mari@example.org", "institutionCodes": ["998"]}
        ])
    );
    assert_eq!(identity["filiation"], json!([{"type": "MAE", "civilName": "Ana Paula Souza"}]));
    // Names differing only in case are not a conflict; the birth date is.
    assert_eq!(
        identity["conflicts"],
        json!([{"field": "birthDate", "values": [
            {"institutionCode": "999", "consentId": "consent-a", "value": "1988-07-02"},
            {"institutionCode": "998", "consentId": "consent-b", "value": "1988-02-07"}
        ]}])
    );
    let sources: Vec<&Value> = identity["sources"].as_array().map(|s| s.iter().collect()).unwrap_or_default();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["institutionCode"], "999");
    assert_eq!(sources[0]["fetchedAt"], "2026-03-15T08:00:00Z");
    assert_eq!(
        identity["relationships"][1],
        json!({"institutionCode": "998", "brandName": "Banco 998", "startDate": "2020-01-15",
               "productsServices": ["CONTA_POUPANCA"], "procurators": []})
    );
}

#[test]
fn declared_income_is_normalised_to_a_month_and_irregular_frequencies_are_null() {
    for (frequency, monthly) in [
        (Some("SEMANAL"), json!({"amount": "4333.3333", "currency": "BRL"})),
        (Some("DIARIA"), json!({"amount": "30000.0000", "currency": "BRL"})),
        (Some("ANUAL"), json!({"amount": "83.3333", "currency": "BRL"})),
        (Some("OUTROS"), Value::Null),
        (None, Value::Null),
    ] {
        let mut consent = fx::consent("999", "c", datetime!(2026-03-15 08:00 UTC));
        let mut person = fx::person();
        person.informed_income = Some(InformedAmount {
            amount: fx::brl("1000.00"),
            frequency: frequency.map(Into::into),
            date: None,
            year: None,
        });
        consent.personal = Some(person);
        let report = built(ProductCode::PfIdentity, &[consent]);
        assert_eq!(report["identity"]["monthlyInformedIncome"], monthly, "{frequency:?}");
    }
}

#[test]
fn identity_is_null_without_registration_data_and_partial_when_an_institution_failed() {
    let empty = fx::consent("999", "c", datetime!(2026-03-15 08:00 UTC));
    let report = built(ProductCode::PfIdentity, std::slice::from_ref(&empty));
    assert_eq!(report["code"], 200);
    assert_eq!(report["identity"], Value::Null);

    let mut failed = empty;
    failed.institution_code = "997".into();
    failed.consent_id = "failed".into();
    failed.missing = vec![fx::missing("customers", "/personal/identifications")];
    let mut fine = fx::consent("999", "fine", datetime!(2026-03-15 08:00 UTC));
    fine.personal = Some(fx::person());
    let report = built(ProductCode::PfIdentity, &[failed, fine]);
    assert_eq!(report["code"], 204);
    assert_eq!(report["missingParts"][0]["area"], "customers");
    assert_eq!(report["identity"]["sources"].as_array().map(Vec::len), Some(1));
}

#[test]
fn business_identity_lists_partners_main_activity_first_and_monthly_revenue() {
    let mut first = fx::consent("999", "a", datetime!(2026-03-15 08:00 UTC));
    first.business = Some(fx::company());
    let mut second = fx::consent("998", "b", datetime!(2026-03-01 08:00 UTC));
    let mut other = fx::company();
    other.company_name = "MERCADINHO BOM PRECO LTDA.".into();
    other.economic_activities.reverse();
    other.economic_activities[0].is_main = false;
    other.economic_activities[1].is_main = false;
    other
        .economic_activities
        .push(ponte_domain::finance::EconomicActivity { code: "4729-6/99".into(), is_main: true });
    second.business = Some(other);
    let report = built(ProductCode::PjIdentity, &[second, first]);
    let identity = &report["identity"];
    assert_eq!(identity["companyName"], "Mercadinho Bom Preço Ltda");
    assert_eq!(identity["incorporationDate"], "2012-05-14");
    assert_eq!(identity["parties"].as_array().map(Vec::len), Some(2));
    assert_eq!(identity["parties"][0]["shareholding"], "0.6000");
    assert_eq!(identity["parties"][1]["type"], "SOCIO");
    let activities: Vec<(&str, bool)> = identity["economicActivities"]
        .as_array()
        .map(|a| a.iter().map(|x| (x["code"].as_str().unwrap_or(""), x["isMain"] == true)).collect())
        .unwrap_or_default();
    assert_eq!(activities, [("4711302", true), ("4729-6/99", true), ("4721102", false)]);
    assert_eq!(identity["monthlyInformedRevenue"], json!({"amount": "78000.0000", "currency": "BRL"}));
    assert_eq!(identity["informedPatrimony"]["date"], "2025-12-31");
    assert_eq!(identity["relationships"][0]["procurators"], json!(["Mariana Souza Lima"]));
    let fields: Vec<&str> = identity["conflicts"]
        .as_array()
        .map(|c| c.iter().filter_map(|x| x["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["mainEconomicActivity"], "company names differ only in accents and punctuation");
}

// ----- liabilities -----

fn credit_consents() -> Vec<ConsentData> {
    let mut bank = fx::consent("999", "a", datetime!(2026-03-15 08:00 UTC));
    bank.contracts =
        vec![fx::vehicle_financing("fin-1"), fx::personal_loan("loan-1", 10), fx::overdraft("adp-1")];
    let mut other = fx::consent("001", "b", datetime!(2026-03-14 08:00 UTC));
    other.contracts = vec![fx::personal_loan("loan-0", 24)];
    vec![bank, other]
}

#[test]
fn liabilities_list_every_contract_with_its_schedule_and_debt_service() {
    let report = built(ProductCode::PfLiabilities, &credit_consents());
    assert_eq!(report["code"], 200);
    let contracts = report["liabilities"]["contracts"].as_array().cloned().unwrap_or_default();
    let order: Vec<(&str, &str)> = contracts
        .iter()
        .map(|c| (c["institutionCode"].as_str().unwrap_or(""), c["contractId"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(order, [("001", "loan-0"), ("999", "adp-1"), ("999", "fin-1"), ("999", "loan-1")]);

    let settled = &contracts[0];
    assert_eq!(settled["monthlyDebtService"], json!({"amount": "0.0000", "currency": "BRL"}));
    assert_eq!(settled["monthlyDebtServiceBasis"], "SETTLED");
    assert_eq!(settled["nextInstalment"]["dueDate"], Value::Null);

    let overdraft = &contracts[1];
    assert_eq!(overdraft["family"], "UNARRANGED_ACCOUNT_OVERDRAFT");
    assert_eq!(overdraft["monthlyDebtService"], Value::Null);
    assert_eq!(overdraft["monthlyDebtServiceBasis"], Value::Null);
    assert_eq!(overdraft["instalments"]["total"], Value::Null);
    assert_eq!(overdraft["term"]["totalUnit"], "SEM_PRAZO_TOTAL");

    let financing = &contracts[2];
    assert_eq!(financing["monthlyDebtServiceBasis"], "RECENT_PAYMENTS");
    // Median of the last three scheduled payments: 2100.00, 2150.40 (late), 2100.00.
    assert_eq!(financing["monthlyDebtService"], json!({"amount": "2100.0000", "currency": "BRL"}));
    assert_eq!(financing["nextInstalment"], json!({"amount": null, "dueDate": "2026-03-08"}));
    assert_eq!(
        financing["instalments"],
        json!({"total": 48, "paid": 17, "due": 30, "pastDue": 1, "countsCapped": false})
    );
    assert_eq!(
        financing["payments"],
        json!({"count": 4, "total": {"amount": "8450.4000", "currency": "BRL"},
               "last12MonthsTotal": {"amount": "6350.4000", "currency": "BRL"}, "lastPaymentDate": "2026-02-09"})
    );
    assert_eq!(financing["warranties"][0]["warrantyAmount"]["amount"], "86400.0000");

    let loan = &contracts[3];
    assert_eq!(loan["family"], "LOAN");
    assert_eq!(loan["cet"], "0.363557");
    assert_eq!(loan["interestRates"][0]["preFixedRate"], "0.024900");
    assert_eq!(loan["monthlyDebtServiceBasis"], "NEXT_INSTALMENT");
    assert_eq!(loan["monthlyDebtService"]["amount"], "670.2100");
    // First instalment 2025-06-10 advanced by the 10 paid.
    assert_eq!(loan["nextInstalment"]["dueDate"], "2026-04-10");
    assert_eq!(loan["payments"]["last12MonthsTotal"]["amount"], "6702.1000");

    assert_eq!(
        report["liabilities"]["totals"],
        json!({
            "contractsCount": 4,
            "totalOutstanding": {"amount": "60748.9500", "currency": "BRL"},
            "totalMonthlyDebtService": {"amount": "2770.2100", "currency": "BRL"},
            "pastDueInstalments": 1,
            "contractsWithPastDue": 1
        })
    );
}

#[test]
fn a_contract_seen_under_two_consents_of_one_institution_counts_once_from_the_newer_fetch() {
    let mut old = fx::consent("999", "old", datetime!(2026-01-10 08:00 UTC));
    let mut stale = fx::personal_loan("loan-1", 8);
    stale.outstanding_balance = Some(fx::brl("9999.99"));
    old.contracts = vec![stale];
    let mut new = fx::consent("999", "new", datetime!(2026-03-15 08:00 UTC));
    new.contracts = vec![fx::personal_loan("loan-1", 10)];
    let report = built(ProductCode::PfLiabilities, &[old, new]);
    assert_eq!(report["liabilities"]["contracts"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["liabilities"]["totals"]["totalOutstanding"]["amount"], "8702.5500");
}

#[test]
fn business_liabilities_and_partial_reports() {
    let mut consents = credit_consents();
    consents[1].missing = vec![fx::missing("financings", "/contracts")];
    let report = built(ProductCode::PjLiabilities, &consents);
    assert_eq!(report["code"], 204);
    assert_eq!(report["enquiryCnpj"], fx::COMPANY_CNPJ);
    assert_eq!(report["liabilities"]["totals"]["contractsCount"], 4);

    let none = built(ProductCode::PfLiabilities, &[fx::consent("999", "a", datetime!(2026-03-15 08:00 UTC))]);
    assert_eq!(
        none["liabilities"],
        json!({"contracts": [], "totals": {
            "contractsCount": 0,
            "totalOutstanding": {"amount": "0.0000", "currency": "BRL"},
            "totalMonthlyDebtService": {"amount": "0.0000", "currency": "BRL"},
            "pastDueInstalments": 0,
            "contractsWithPastDue": 0
        }})
    );
}

// ----- investments -----

#[test]
fn investments_total_by_type_and_sum_the_movements_of_the_last_12_months() {
    let mut bank = fx::consent("999", "a", datetime!(2026-03-15 08:00 UTC));
    let mut cdb = fx::investment("cdb-2", InvestmentKind::Cdb, "25812.40", "25311.50");
    cdb.movements = vec![
        fx::movement("m2", date!(2025 - 08 - 05), Direction::Credit, "APLICACAO", "25000.00"),
        // Before the window: listed, not summed.
        fx::movement("m1", date!(2025 - 03 - 15), Direction::Credit, "APLICACAO", "10000.00"),
        fx::movement("m3", date!(2026 - 02 - 05), Direction::Debit, "RESGATE", "1200.00"),
    ];
    bank.investments = vec![
        cdb,
        fx::investment("cdb-1", InvestmentKind::Cdb, "10000.00", "9900.00"),
        fx::investment("tes-1", InvestmentKind::Treasury, "5400.10", "5350.05"),
    ];
    let mut other = fx::consent("001", "b", datetime!(2026-03-15 08:00 UTC));
    let mut fund = fx::investment("fund-1", InvestmentKind::Fund, "1000.00", "990.00");
    fund.gross_amount = None;
    other.investments = vec![fund];
    let report = built(ProductCode::PfInvestment, &[bank, other]);
    let investments = &report["investments"];
    let ids: Vec<&str> = investments["positions"]
        .as_array()
        .map(|p| p.iter().filter_map(|x| x["investmentId"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["fund-1", "cdb-1", "cdb-2", "tes-1"]);
    let cdb = &investments["positions"][2];
    assert_eq!(cdb["type"], "CDB");
    assert_eq!(cdb["postFixedIndexerPercentage"], "1.100000");
    assert_eq!(cdb["quantity"], "25");
    assert_eq!(cdb["movements"][0]["transactionId"], "m1");
    assert_eq!(cdb["movements"][2]["movementType"], "SAIDA");
    assert_eq!(
        investments["totalsByType"],
        json!([
            {"type": "CDB", "count": 2, "grossAmount": {"amount": "35812.4000", "currency": "BRL"},
             "netAmount": {"amount": "35211.5000", "currency": "BRL"}},
            {"type": "FUND", "count": 1, "grossAmount": {"amount": "0.0000", "currency": "BRL"},
             "netAmount": {"amount": "990.0000", "currency": "BRL"}},
            {"type": "TREASURY", "count": 1, "grossAmount": {"amount": "5400.1000", "currency": "BRL"},
             "netAmount": {"amount": "5350.0500", "currency": "BRL"}}
        ])
    );
    assert_eq!(
        investments["total"],
        json!({"count": 4, "grossAmount": {"amount": "41212.5000", "currency": "BRL"},
               "netAmount": {"amount": "41551.5500", "currency": "BRL"}})
    );
    assert_eq!(
        investments["movements12m"],
        json!({"from": "2025-03-15", "to": "2026-03-15",
               "applications": {"amount": "25000.0000", "currency": "BRL"},
               "redemptions": {"amount": "1200.0000", "currency": "BRL"},
               "net": {"amount": "23800.0000", "currency": "BRL"}})
    );
}

#[test]
fn no_investments_give_empty_lists_and_zero_totals() {
    let report =
        built(ProductCode::PfInvestment, &[fx::consent("999", "a", datetime!(2026-03-15 08:00 UTC))]);
    assert_eq!(report["investments"]["positions"], json!([]));
    assert_eq!(report["investments"]["totalsByType"], json!([]));
    assert_eq!(report["investments"]["total"]["count"], 0);
    assert_eq!(report["investments"]["movements12m"]["net"]["amount"], "0.0000");
}

// ----- properties -----

/// The same data in another order: consents rotated and reversed, their items reversed.
fn reordered(consents: &[ConsentData], rotation: usize) -> Vec<ConsentData> {
    let mut out = consents.to_vec();
    let len = out.len().max(1);
    out.rotate_left(rotation % len);
    out.reverse();
    for c in &mut out {
        c.contracts.reverse();
        c.investments.reverse();
    }
    out
}

fn items<'v>(value: &'v Value, key: &str) -> Vec<&'v Value> {
    value[key].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn liabilities_totals_are_the_sums_of_the_contracts_and_counts_stay_consistent(
        consents in generated::consents(),
        rotation in 0usize..5,
    ) {
        let report = built(ProductCode::PfLiabilities, &consents);
        let liabilities = &report["liabilities"];
        let contracts = items(liabilities, "contracts");
        let totals = &liabilities["totals"];
        prop_assert_eq!(totals["contractsCount"].as_u64(), Some(contracts.len() as u64));
        let outstanding: Decimal = contracts.iter().filter(|c| !c["outstandingBalance"].is_null()).map(|c| amount(&c["outstandingBalance"])).sum();
        prop_assert_eq!(amount(&totals["totalOutstanding"]), outstanding);
        let service: Decimal = contracts.iter().filter(|c| !c["monthlyDebtService"].is_null()).map(|c| amount(&c["monthlyDebtService"])).sum();
        prop_assert_eq!(amount(&totals["totalMonthlyDebtService"]), service);
        let past_due: u64 = contracts.iter().filter_map(|c| c["instalments"]["pastDue"].as_u64()).sum();
        prop_assert_eq!(totals["pastDueInstalments"].as_u64(), Some(past_due));
        for c in &contracts {
            let counts = &c["instalments"];
            if let Some(total) = counts["total"].as_u64() {
                let used: u64 = ["paid", "due", "pastDue"].iter().filter_map(|k| counts[*k].as_u64()).sum();
                prop_assert!(used <= total, "{counts}");
            }
            if c["family"] == "UNARRANGED_ACCOUNT_OVERDRAFT" {
                prop_assert!(c["monthlyDebtService"].is_null());
            }
        }
        // Distinct (institution, family, id): a contract is never counted twice.
        let keys: BTreeSet<(String, String, String)> = contracts.iter().map(|c| (c["institutionCode"].to_string(), c["family"].to_string(), c["contractId"].to_string())).collect();
        prop_assert_eq!(keys.len(), contracts.len());
        prop_assert_eq!(report, built(ProductCode::PfLiabilities, &reordered(&consents, rotation)));
    }

    #[test]
    fn investment_totals_by_type_add_up_to_the_total_and_the_positions(
        consents in generated::consents(),
        rotation in 0usize..5,
    ) {
        let report = built(ProductCode::PfInvestment, &consents);
        let investments = &report["investments"];
        let positions = items(investments, "positions");
        let by_type = items(investments, "totalsByType");
        for key in ["grossAmount", "netAmount"] {
            let of_positions: Decimal = positions.iter().filter(|p| !p[key].is_null()).map(|p| amount(&p[key])).sum();
            let of_types: Decimal = by_type.iter().map(|t| amount(&t[key])).sum();
            prop_assert_eq!(amount(&investments["total"][key]), of_positions);
            prop_assert_eq!(of_types, of_positions);
        }
        let counted: u64 = by_type.iter().filter_map(|t| t["count"].as_u64()).sum();
        prop_assert_eq!(counted, positions.len() as u64);
        prop_assert_eq!(investments["total"]["count"].as_u64(), Some(positions.len() as u64));
        let window = &investments["movements12m"];
        let net = amount(&window["applications"]) - amount(&window["redemptions"]);
        prop_assert_eq!(amount(&window["net"]), net);
        prop_assert_eq!(report, built(ProductCode::PfInvestment, &reordered(&consents, rotation)));
    }

    #[test]
    fn identity_merging_never_loses_a_distinct_contact_and_ignores_order(
        consents in generated::consents(),
        rotation in 0usize..5,
    ) {
        let report = built(ProductCode::PfIdentity, &consents);
        let people: Vec<_> = consents.iter().filter_map(|c| c.personal.as_ref()).collect();
        let identity = &report["identity"];
        if people.is_empty() {
            prop_assert!(identity.is_null());
            return Ok(());
        }
        let input: BTreeSet<String> = people.iter().flat_map(|p| &p.emails).map(|e| e.trim().to_lowercase()).collect();
        let output: Vec<String> = items(identity, "emails").iter().filter_map(|e| e["email"].as_str()).map(|e| e.trim().to_lowercase()).collect();
        prop_assert_eq!(output.len(), input.len());
        prop_assert_eq!(output.into_iter().collect::<BTreeSet<_>>(), input);

        let input: BTreeSet<String> = people.iter().flat_map(|p| &p.phones).map(|p| p.number.clone()).collect();
        let output: Vec<String> = items(identity, "phones").iter().filter_map(|p| p["number"].as_str()).map(str::to_owned).collect();
        prop_assert_eq!(output.len(), input.len());
        prop_assert_eq!(output.into_iter().collect::<BTreeSet<_>>(), input);

        let input: BTreeSet<(String, String)> = people.iter().flat_map(|p| &p.addresses).map(|a| (a.address.clone(), a.post_code.clone().unwrap_or_default())).collect();
        let output: Vec<(String, String)> = items(identity, "addresses").iter().map(|a| (a["address"].as_str().unwrap_or("").to_owned(), a["postCode"].as_str().unwrap_or("").to_owned())).collect();
        prop_assert_eq!(output.len(), input.len());
        prop_assert_eq!(output.into_iter().collect::<BTreeSet<_>>(), input);

        prop_assert_eq!(report, built(ProductCode::PfIdentity, &reordered(&consents, rotation)));
    }
}
