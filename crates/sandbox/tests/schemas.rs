//! Every endpoint of every sandbox API, for every persona of spec §9 at bank 999, answers as
//! the official OpenAPI files say (strict: no field the spec does not declare), and pagination
//! walks return every record exactly once.

mod support;

use ponte_domain::Audience;
use ponte_openapi_check::Spec;
use ponte_sandbox::bank::BankCode;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::LazyLock;
use support::{Harness, all_permissions};

struct Specs {
    by_base: Vec<(&'static str, Spec)>,
}

static SPECS: LazyLock<Specs> = LazyLock::new(|| Specs {
    by_base: vec![
        ("/open-banking/resources/v3", support::spec("resources", "3.1.0")),
        ("/open-banking/customers/v2", support::spec("customers", "2.2.1")),
        ("/open-banking/accounts/v2", support::spec("accounts", "2.4.2")),
        ("/open-banking/credit-cards-accounts/v2", support::spec("credit-cards", "2.3.1")),
        ("/open-banking/loans/v2", support::spec("loans", "2.5.0")),
        ("/open-banking/financings/v2", support::spec("financings", "2.4.0")),
        ("/open-banking/invoice-financings/v2", support::spec("invoice-financings", "2.4.0")),
        (
            "/open-banking/unarranged-accounts-overdraft/v2",
            support::spec("unarranged-accounts-overdraft", "2.5.0"),
        ),
        ("/open-banking/bank-fixed-incomes/v1", support::spec("bank-fixed-incomes", "1.1.0")),
        ("/open-banking/consents/v3", support::spec("consents", "3.3.1")),
        ("/open-banking/discovery/v2", support::spec("common", "2.0.1")),
    ],
});

struct Reader<'a> {
    h: &'a Harness,
    issuer: String,
    token: String,
    calls: usize,
}

impl Reader<'_> {
    /// GETs `path` (below the issuer), validates the answer and returns it (any status).
    async fn get(&mut self, path: &str) -> (u16, Value) {
        let url = format!("{}{path}", self.issuer);
        let response = self.h.ofb_get(&url, &self.token).send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        self.calls += 1;
        let bare = path.split('?').next().unwrap();
        let (_, spec) = SPECS.by_base.iter().find(|(base, _)| bare.starts_with(base)).unwrap();
        if let Err(violations) = spec.validate_response_strict("GET", bare, status, &body) {
            panic!("GET {path} ({status}) does not match the spec:\n{violations}\n{body:#}");
        }
        (status, body)
    }

    async fn ok(&mut self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// Follows `next` links from `path`; returns every item, checking none repeats under `id`.
    async fn walk(&mut self, path: &str, id: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut next = Some(path.to_owned());
        while let Some(path) = next.take() {
            let page = self.ok(&path).await;
            items.extend(page["data"].as_array().unwrap().iter().cloned());
            next =
                page["links"]["next"].as_str().map(|url| url.strip_prefix(&self.issuer).unwrap().to_owned());
        }
        let ids: HashSet<&str> = items.iter().filter_map(|i| i[id].as_str()).collect();
        assert_eq!(
            ids.len(),
            items.iter().filter(|i| i[id].is_string()).count(),
            "{path}: a record came twice"
        );
        items
    }
}

fn window() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!("{}&toBookingDate={today}", today - time::Duration::days(365))
}

async fn read_everything(h: &Harness, login: &str, cpf: &str, cnpj: Option<&str>) -> usize {
    let bank = BankCode::Healthy;
    let permissions = all_permissions(if cnpj.is_some() { Audience::Business } else { Audience::Personal });
    let (_, tokens) = h.journey(bank, cpf, cnpj, &permissions).await;
    let mut r = Reader {
        h,
        issuer: h.issuer(bank),
        token: tokens["access_token"].as_str().unwrap().to_owned(),
        calls: 0,
    };
    let _ = login;

    let resources = r.walk("/open-banking/resources/v3/resources?page-size=1000", "resourceId").await;
    let available = |kind: &str| -> Vec<String> {
        resources
            .iter()
            .filter(|x| x["type"] == kind && x["status"] == "AVAILABLE")
            .map(|x| x["resourceId"].as_str().unwrap().to_owned())
            .collect()
    };

    let who = if cnpj.is_some() { "business" } else { "personal" };
    r.walk(&format!("/open-banking/customers/v2/{who}/identifications"), "").await;
    r.ok(&format!("/open-banking/customers/v2/{who}/qualifications")).await;
    r.ok(&format!("/open-banking/customers/v2/{who}/financial-relations")).await;

    let accounts = r.walk("/open-banking/accounts/v2/accounts?page-size=1000", "accountId").await;
    assert_eq!(
        accounts.len(),
        available("ACCOUNT").len()
            + resources.iter().filter(|x| x["type"] == "ACCOUNT" && x["status"] != "AVAILABLE").count()
    );
    for id in available("ACCOUNT") {
        let base = format!("/open-banking/accounts/v2/accounts/{id}");
        r.ok(&base).await;
        r.ok(&format!("{base}/balances")).await;
        r.ok(&format!("{base}/overdraft-limits")).await;
        let history = r
            .walk(
                &format!("{base}/transactions?page-size=1000&fromBookingDate={}", window()),
                "transactionId",
            )
            .await;
        let current = r.walk(&format!("{base}/transactions-current?page-size=1000"), "transactionId").await;
        assert!(current.len() <= history.len() + 1000);
    }
    for id in available("CREDIT_CARD_ACCOUNT") {
        let base = format!("/open-banking/credit-cards-accounts/v2/accounts/{id}");
        r.ok(&base).await;
        r.walk(&format!("{base}/limits"), "").await;
        let bills = r.walk(&format!("{base}/bills?page-size=1000"), "billId").await;
        for bill in bills.iter().take(3) {
            let bill_id = bill["billId"].as_str().unwrap();
            r.walk(&format!("{base}/bills/{bill_id}/transactions?page-size=1000"), "transactionId").await;
        }
        let today = time::OffsetDateTime::now_utc().date();
        let from = today - time::Duration::days(365);
        r.walk(
            &format!(
                "{base}/transactions?page-size=1000&fromTransactionDate={from}&toTransactionDate={today}"
            ),
            "transactionId",
        )
        .await;
        r.walk(&format!("{base}/transactions-current?page-size=1000"), "transactionId").await;
    }
    for (kind, api) in [
        ("LOAN", "loans/v2"),
        ("FINANCING", "financings/v2"),
        ("INVOICE_FINANCING", "invoice-financings/v2"),
        ("UNARRANGED_ACCOUNT_OVERDRAFT", "unarranged-accounts-overdraft/v2"),
    ] {
        let listed = r.walk(&format!("/open-banking/{api}/contracts?page-size=1000"), "contractId").await;
        assert_eq!(listed.len(), available(kind).len(), "{api}");
        for id in available(kind) {
            let base = format!("/open-banking/{api}/contracts/{id}");
            r.ok(&base).await;
            r.walk(&format!("{base}/warranties?page-size=1000"), "").await;
            r.ok(&format!("{base}/scheduled-instalments")).await;
            r.ok(&format!("{base}/payments")).await;
        }
    }
    let investments =
        r.walk("/open-banking/bank-fixed-incomes/v1/investments?page-size=1000", "investmentId").await;
    assert_eq!(investments.len(), available("BANK_FIXED_INCOME").len());
    for id in available("BANK_FIXED_INCOME") {
        let base = format!("/open-banking/bank-fixed-incomes/v1/investments/{id}");
        r.ok(&base).await;
        r.ok(&format!("{base}/balances")).await;
        let today = time::OffsetDateTime::now_utc().date();
        let from = today - time::Duration::days(365);
        r.walk(
            &format!(
                "{base}/transactions?page-size=1000&fromTransactionDate={from}&toTransactionDate={today}"
            ),
            "transactionId",
        )
        .await;
        r.walk(&format!("{base}/transactions-current?page-size=1000"), "transactionId").await;
    }
    r.calls
}

macro_rules! persona {
    ($name:ident, $cpf:literal) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let h = Harness::start().await;
            assert!(read_everything(&h, $cpf, $cpf, None).await > 10);
        }
    };
    ($name:ident, $cpf:literal, $cnpj:literal) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let h = Harness::start().await;
            assert!(read_everything(&h, $cnpj, $cpf, Some($cnpj)).await > 10);
        }
    };
}

persona!(salaried_76109277673, "76109277673");
persona!(gig_worker_10000000108, "10000000108");
persona!(over_indebted_20000000299, "20000000299");
persona!(bettor_30000000388, "30000000388");
persona!(thin_file_40000000477, "40000000477");
persona!(retiree_50000000566, "50000000566");
persona!(joint_account_60000000655, "60000000655");
persona!(high_volume_80000000833, "80000000833");
persona!(generic_person_52998224725, "52998224725");
persona!(small_retailer_11222333000181, "76109277673", "11222333000181");
persona!(services_company_44555666000181, "76109277673", "44555666000181");

#[tokio::test]
async fn discovery_and_the_directory_answer_as_specified() {
    let h = Harness::start().await;
    let common = support::spec("common", "2.0.1");
    for bank in [BankCode::Healthy, BankCode::Outage] {
        for path in ["/status", "/outages"] {
            let url = format!("{}/open-banking/discovery/v2{path}", h.issuer(bank));
            let body: Value = h.http_without_cert.get(&url).send().await.unwrap().json().await.unwrap();
            common
                .validate_response_strict("GET", &format!("/open-banking/discovery/v2{path}"), 200, &body)
                .unwrap();
            if path == "/status" {
                let expected = if bank == BankCode::Outage { "UNAVAILABLE" } else { "OK" };
                assert_eq!(body["data"]["status"][0]["code"], expected);
            }
        }
    }
    let participants = support::spec("participants", "1.0.0");
    let directory: Value =
        h.http_without_cert.get(h.sandbox.participants_url()).send().await.unwrap().json().await.unwrap();
    participants.validate_response_strict("GET", "/participants", 200, &directory).unwrap();
    assert_eq!(directory.as_array().unwrap().len(), 5);
    // Every discovery document it names is served and names its endpoints.
    for organisation in directory.as_array().unwrap() {
        let url = organisation["AuthorisationServers"][0]["OpenIDDiscoveryDocument"].as_str().unwrap();
        let document: Value = h.http_without_cert.get(url).send().await.unwrap().json().await.unwrap();
        assert!(url.starts_with(document["issuer"].as_str().unwrap()));
        assert!(document["pushed_authorization_request_endpoint"].is_string());
        let jwks: Value = h
            .http_without_cert
            .get(document["jwks_uri"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(jwks["keys"][0]["alg"], "PS256");
    }
}

#[tokio::test]
async fn error_answers_have_the_specified_shape() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let (_, tokens) = h
        .journey(bank, support::CPF, None, &["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"])
        .await;
    let mut r = Reader {
        h: &h,
        issuer: h.issuer(bank),
        token: tokens["access_token"].as_str().unwrap().to_owned(),
        calls: 0,
    };
    let accounts = r.ok("/open-banking/accounts/v2/accounts").await;
    let id = accounts["data"][0]["accountId"].as_str().unwrap().to_owned();
    let card_permissions =
        ["CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "RESOURCES_READ"];
    let (_, cards) = h.journey(bank, support::CPF, None, &card_permissions).await;
    let card_token = cards["access_token"].as_str().unwrap().to_owned();
    for (path, status) in [
        (format!("/open-banking/accounts/v2/accounts/{id}/transactions"), 403),
        ("/open-banking/accounts/v2/accounts/nope".to_owned(), 404),
        ("/open-banking/accounts/v2/accounts?page-size=1001".to_owned(), 422),
        ("/open-banking/accounts/v2/accounts?page=0".to_owned(), 400),
        ("/open-banking/resources/v3/resources?page-size=1001".to_owned(), 422),
        ("/open-banking/customers/v2/personal/identifications".to_owned(), 403),
        ("/open-banking/loans/v2/contracts".to_owned(), 403),
        ("/open-banking/bank-fixed-incomes/v1/investments".to_owned(), 403),
    ] {
        let (got, body) = r.get(&path).await;
        assert_eq!(got, status, "{path}: {body}");
    }
    r.token = card_token;
    for (path, status) in [
        ("/open-banking/credit-cards-accounts/v2/accounts/nope".to_owned(), 404),
        ("/open-banking/credit-cards-accounts/v2/accounts/nope/transactions".to_owned(), 403),
    ] {
        let (got, body) = r.get(&path).await;
        assert_eq!(got, status, "{path}: {body}");
    }
    // Without the interaction id: 400 in the error shape, with one generated.
    let url = format!("{}/open-banking/accounts/v2/accounts", h.issuer(bank));
    let response = h.http.get(&url).bearer_auth(&r.token).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    SPECS.by_base[2]
        .1
        .validate_response_strict("GET", "/open-banking/accounts/v2/accounts", 400, &body)
        .unwrap();
}
