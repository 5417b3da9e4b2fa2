//! `automatic` delivery: after AUTHORISED every enabled product arrives without a request.

use crate::raw::{self, AccountFigures};
use crate::{Partner, assert_schema_valid};
use ponte_domain::{Audience, ProductCode};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;

const SALARIED: &str = "76109277673";

/// Each report's `checkingAccounts`/`savingsAccounts` figures, by account id.
fn account_figures(reports: &[(ProductCode, Value)]) -> BTreeMap<String, AccountFigures> {
    let mut out = BTreeMap::new();
    for (product, body) in reports {
        let key = match product {
            ProductCode::PfCheckingAccount | ProductCode::PjCheckingAccount => "checkingAccounts",
            ProductCode::PfSavingsAccount | ProductCode::PjSavingsAccount => "savingsAccounts",
            _ => continue,
        };
        for account in body[key].as_array().expect("accounts") {
            let figures = AccountFigures {
                transactions: account["transactionDetails"].as_array().expect("transactions").len(),
                credits: raw::decimal(&account["summary"]["totalCredits"]["amount"]),
                debits: raw::decimal(&account["summary"]["totalDebits"]["amount"]),
                available: account["balances"]["availableAmount"]["amount"]
                    .as_str()
                    .map(|a| a.parse().expect("amount")),
            };
            out.insert(account["accountId"].as_str().expect("id").to_owned(), figures);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_salaried_persona_receives_every_personal_report_signed_valid_and_correct() {
    let partner = Partner::start().await;
    let (link_id, consent_id) = partner.consent("999", SALARIED).await;
    partner.drain().await;

    let reports = partner.reports();
    let enabled: Vec<ProductCode> =
        ProductCode::ALL.into_iter().filter(|p| p.audience() == Audience::Personal).collect();
    let received: Vec<ProductCode> = reports.iter().map(|(p, _)| *p).collect();
    let failed = partner.events("product_generated_failed");
    for product in &enabled {
        let failure = failed.iter().find(|d| d.body["payload"]["productName"] == product.as_str());
        assert!(received.contains(product) || failure.is_some(), "{product} neither arrived nor failed");
        assert!(failure.is_none(), "{product} failed: {:?}", failure.map(|f| &f.body["payload"]));
    }
    assert_eq!(received.len(), enabled.len(), "each report exactly once: {received:?}");

    // One request, received once; one success event per report, naming it.
    let requested = partner.events("product_request_received");
    assert_eq!(requested.len(), 1);
    let request_id = requested[0].body["payload"]["requestId"].as_str().expect("requestId").to_owned();
    assert_eq!(requested[0].body["payload"]["consentIds"][0], consent_id.as_str());
    let successes = partner.events("product_generated_success");
    assert_eq!(successes.len(), enabled.len());
    for (product, report) in &reports {
        assert_schema_valid(*product, report);
        assert_eq!(report["code"], 200, "{product}: {}", report["message"]);
        assert_eq!(report["requestId"], request_id.as_str());
        assert_eq!(report["enquiryCpf"], SALARIED);
        assert_eq!(report["links"][0]["linkId"], link_id.as_str());
        assert_eq!(report["links"][0]["consents"][0]["consentId"], consent_id.as_str());
        let id = report["productReportId"].as_str().expect("id");
        assert!(
            successes.iter().any(|s| s.body["payload"]["productReportId"] == id),
            "{product}: no success event"
        );
    }

    // The account figures, recomputed from the raw pages.
    let raw = partner.raw(&consent_id).await;
    let expected = raw::accounts(&raw, raw::window_start(raw::report_date()));
    let reported = account_figures(&reports);
    assert!(!expected.is_empty());
    assert_eq!(reported, expected);

    // The balance report agrees with the balances endpoint.
    let (_, balance) = reports.iter().find(|(p, _)| *p == ProductCode::PfBalance).expect("balance");
    for account in balance["accounts"].as_array().expect("accounts") {
        let id = account["accountId"].as_str().expect("id");
        let available = raw::decimal(&account["balances"]["availableAmount"]["amount"]);
        assert_eq!(Some(available), expected[id].available, "account {id}");
    }

    // Income: this persona's salary and the interest of their savings, month by month.
    let payroll = raw::credits_by_month(&raw, &["FOLHA_PAGAMENTO", "RENDIMENTO_APLIC_FINANCEIRA"]);
    let (_, income) = reports.iter().find(|(p, _)| *p == ProductCode::PfIncome).expect("income");
    check_income_against_payroll(&income["income"], &payroll);

    // The API serves the same reports.
    for (product, report) in &reports {
        let id = report["productReportId"].as_str().expect("id");
        let response = partner.journey.get(&format!("/data/v1/reports/{id}"), &partner.journey.token).await;
        assert_eq!(response.status(), 200, "{product}");
        let stored: Value = response.json().await.expect("json");
        assert_eq!(&stored, report, "{product}");
    }
    partner.stop().await;
}

/// Every full month of the income series equals the payroll and interest credits of that month
/// (this persona has no other income).
fn check_income_against_payroll(income: &Value, payroll: &BTreeMap<String, Decimal>) {
    let series = income["monthlyIncome"].as_array().expect("monthlyIncome series");
    assert!(!series.is_empty());
    for month in series {
        let key = month["month"].as_str().expect("month");
        let amount = raw::decimal(&month["amount"]["amount"]);
        let expected = payroll.get(key).copied().unwrap_or(Decimal::ZERO);
        assert_eq!(amount, expected, "income of {key}");
    }
}

/// Every other persona of the sandbox: every report of its kind arrives once, signed and valid,
/// complete or partial with the missing parts named, and the account figures match the raw pages.
async fn persona_reports_arrive_and_add_up(tax_id: &str) {
    let partner = Partner::start().await;
    let (_, consent_id) = partner.consent("999", tax_id).await;
    partner.drain().await;
    let audience = if tax_id.len() == 14 { Audience::Business } else { Audience::Personal };
    let enabled: Vec<ProductCode> =
        ProductCode::ALL.into_iter().filter(|p| p.audience() == audience).collect();
    let reports = partner.reports();
    let failed = partner.events("product_generated_failed");
    assert_eq!(reports.len() + failed.len(), enabled.len(), "{tax_id}: every product arrives or fails, once");
    for failure in &failed {
        // Only a product the persona has nothing for may fail, and it says why.
        assert_eq!(failure.body["payload"]["code"], 5001, "{tax_id}: {}", failure.body);
    }
    for (product, report) in &reports {
        assert_schema_valid(*product, report);
        match report["code"].as_u64() {
            Some(200) => assert!(report.get("missingParts").is_none(), "{tax_id} {product}"),
            Some(204) => assert!(
                !report["missingParts"].as_array().expect("missingParts").is_empty(),
                "{tax_id} {product}: a partial report names what is missing"
            ),
            other => panic!("{tax_id} {product}: code {other:?}"),
        }
    }
    let raw = partner.raw(&consent_id).await;
    let expected = raw::accounts(&raw, raw::window_start(raw::report_date()));
    assert_eq!(account_figures(&reports), expected, "{tax_id}: account figures");
    partner.stop().await;
}

macro_rules! personas {
    ($($name:ident => $tax_id:literal,)+) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $name() {
                persona_reports_arrive_and_add_up($tax_id).await;
            }
        )+
    };
}

personas! {
    gig_worker_reports => "10000000108",
    over_indebted_reports => "20000000299",
    bettor_reports => "30000000388",
    thin_file_reports => "40000000477",
    retiree_reports => "50000000566",
    joint_account_reports => "60000000655",
    high_volume_reports => "80000000833",
    small_retailer_reports => "11222333000181",
    services_company_reports => "44555666000181",
}
