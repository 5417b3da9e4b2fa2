//! The whole FAPI-BR journey against a running sandbox bank over mutual TLS, as any OFB client
//! would do it, with every answer validated against the official OpenAPI files.

mod support;

use ponte_domain::Audience;
use ponte_sandbox::bank::BankCode;
use serde_json::Value;
use std::sync::LazyLock;
use support::{CPF, Harness, all_permissions};

static ACCOUNTS: LazyLock<ponte_openapi_check::Spec> = LazyLock::new(|| support::spec("accounts", "2.4.2"));
static RESOURCES: LazyLock<ponte_openapi_check::Spec> = LazyLock::new(|| support::spec("resources", "3.1.0"));
static CONSENTS: LazyLock<ponte_openapi_check::Spec> = LazyLock::new(|| support::spec("consents", "3.3.1"));

async fn get_valid(h: &Harness, spec: &ponte_openapi_check::Spec, url: &str, token: &str) -> Value {
    let response = h.ofb_get(url, token).send().await.unwrap();
    let status = response.status().as_u16();
    assert!(response.headers().contains_key("x-v"), "{url}: x-v is required");
    let body: Value = response.json().await.unwrap();
    let path = url::Url::parse(url).unwrap();
    let path = path.path().split_once("/open-banking").unwrap().1.to_owned();
    if let Err(violations) =
        spec.validate_response_strict("GET", &format!("/open-banking{path}"), status, &body)
    {
        panic!("{url} ({status}) does not match the spec:\n{violations}\n{body:#}");
    }
    assert_eq!(status, 200, "{url}: {body}");
    body
}

#[tokio::test]
async fn a_customer_authorises_and_the_client_reads_every_account_page_once() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let (consent_id, tokens) = h.journey(bank, CPF, None, &all_permissions(Audience::Personal)).await;
    let token = tokens["access_token"].as_str().unwrap();
    assert!(tokens["refresh_token"].is_string());
    let issuer = h.issuer(bank);

    let consent_token = h.client_token(bank).await;
    let consent = get_valid(
        &h,
        &CONSENTS,
        &format!("{issuer}/open-banking/consents/v3/consents/{consent_id}"),
        &consent_token,
    )
    .await;
    assert_eq!(consent["data"]["status"], "AUTHORISED");

    let resources =
        get_valid(&h, &RESOURCES, &format!("{issuer}/open-banking/resources/v3/resources"), token).await;
    assert!(!resources["data"].as_array().unwrap().is_empty());

    let accounts =
        get_valid(&h, &ACCOUNTS, &format!("{issuer}/open-banking/accounts/v2/accounts"), token).await;
    let account_id = accounts["data"][0]["accountId"].as_str().unwrap().to_owned();
    let base = format!("{issuer}/open-banking/accounts/v2/accounts/{account_id}");
    get_valid(&h, &ACCOUNTS, &base, token).await;
    get_valid(&h, &ACCOUNTS, &format!("{base}/balances"), token).await;
    get_valid(&h, &ACCOUNTS, &format!("{base}/overdraft-limits"), token).await;

    // Walk the last 12 months of transactions by `next` links: every record exactly once.
    let today = time::OffsetDateTime::now_utc().date();
    let from = today - time::Duration::days(365);
    let mut url = format!("{base}/transactions?fromBookingDate={from}&toBookingDate={today}&page-size=50");
    let mut ids = Vec::new();
    loop {
        let page = get_valid(&h, &ACCOUNTS, &url, token).await;
        ids.extend(
            page["data"].as_array().unwrap().iter().map(|t| t["transactionId"].as_str().unwrap().to_owned()),
        );
        assert!(page["links"].get("last").is_none() && page["meta"].get("totalRecords").is_none());
        match page["links"]["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert!(ids.len() > 50, "a salaried year has more than one page: {}", ids.len());
    assert_eq!(unique.len(), ids.len(), "no transaction twice");
}
