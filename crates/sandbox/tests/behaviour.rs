//! What makes each sandbox bank and persona different, and the consent and limit rules, seen
//! through the APIs.

mod support;

use ponte_sandbox::bank::BankCode;
use ponte_sandbox::faults::FaultProfile;
use serde_json::Value;
use support::{CPF, Harness, REDIRECT_URI, consent_request};

const ACCOUNTS: &[&str] = &["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"];
const ACCOUNTS_AND_CARDS: &[&str] = &[
    "ACCOUNTS_READ",
    "ACCOUNTS_BALANCES_READ",
    "CREDIT_CARDS_ACCOUNTS_READ",
    "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
    "RESOURCES_READ",
];

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["errors"][0]["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn consent_requests_are_checked_and_a_partial_bank_keeps_what_it_offers() {
    let h = Harness::start().await;
    let create = |bank, permissions: &'static [&'static str]| {
        let h = &h;
        async move { h.create_consent(bank, &consent_request(CPF, None, permissions)).await }
    };
    let partial = create(BankCode::Partial, ACCOUNTS_AND_CARDS).await;
    assert_eq!(partial.status(), 201);
    let body: Value = partial.json().await.unwrap();
    let granted: Vec<&str> =
        body["data"]["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(
        granted,
        ["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"],
        "996 drops the card groups"
    );

    let cards_only = create(
        BankCode::Partial,
        &["CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "RESOURCES_READ"],
    );
    assert_eq!(error_code(cards_only.await).await, (422, "SEM_PERMISSOES_FUNCIONAIS_RESTANTES".into()));
    let half_group = create(BankCode::Healthy, &["ACCOUNTS_BALANCES_READ", "RESOURCES_READ"]);
    assert_eq!(error_code(half_group.await).await, (422, "COMBINACAO_PERMISSOES_INCORRETA".into()));
    let unknown = create(BankCode::Healthy, &["ACCOUNTS_READ", "NOT_A_PERMISSION"]);
    assert_eq!(error_code(unknown.await).await.0, 400);
    let business_without_entity =
        create(BankCode::Healthy, &["CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"]);
    assert_eq!(
        error_code(business_without_entity.await).await,
        (422, "INFORMACOES_PJ_NAO_INFORMADAS".into())
    );
}

#[tokio::test]
async fn persona_70000000744_makes_the_code_exchange_fail() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let cpf = "70000000744";
    let consent_id = h.consent(bank, cpf, None, ACCOUNTS).await;
    let verifier = support::verifier();
    let par = h.par(bank, &h.request_object(bank, &consent_id, &verifier)).await;
    let request_uri = par.json::<Value>().await.unwrap()["request_uri"].as_str().unwrap().to_owned();
    let answer = h.authorise(bank, &request_uri, cpf, true).await;
    let exchange = h
        .token_request(
            bank,
            &[
                ("grant_type", "authorization_code"),
                ("code", &answer["code"]),
                ("redirect_uri", REDIRECT_URI),
                ("code_verifier", &verifier),
            ],
        )
        .await;
    assert_eq!(exchange.status(), 500);
    let token = h.client_token(bank).await;
    let url = format!("{}/open-banking/consents/v3/consents/{consent_id}", h.issuer(bank));
    let consent: Value = h.ofb_get(&url, &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(consent["data"]["status"], "REJECTED");
    assert_eq!(consent["data"]["rejection"]["reason"]["code"], "CONSENT_TECHNICAL_ISSUE");
}

#[tokio::test]
async fn a_joint_account_awaiting_its_other_holder_is_listed_but_not_readable() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let (_, tokens) = h.journey(bank, "60000000655", None, ACCOUNTS).await;
    let token = tokens["access_token"].as_str().unwrap();
    let issuer = h.issuer(bank);
    let resources: Value = h
        .ofb_get(&format!("{issuer}/open-banking/resources/v3/resources"), token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pending: Vec<&Value> = resources["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "PENDING_AUTHORISATION")
        .collect();
    assert_eq!(pending.len(), 1, "{resources}");
    let id = pending[0]["resourceId"].as_str().unwrap();
    let account = h
        .ofb_get(&format!("{issuer}/open-banking/accounts/v2/accounts/{id}/balances"), token)
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 403);
}

#[tokio::test]
async fn only_the_customer_the_consent_names_can_authorise_it() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let consent_id = h.consent(bank, CPF, None, ACCOUNTS).await;
    let par = h.par(bank, &h.request_object(bank, &consent_id, &support::verifier())).await;
    let request_uri = par.json::<Value>().await.unwrap()["request_uri"].as_str().unwrap().to_owned();
    let issuer = h.issuer(bank);
    let page = h
        .http_without_cert
        .get(format!("{issuer}/auth/authorize"))
        .query(&[("client_id", h.client_id.as_str()), ("request_uri", request_uri.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = page.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
    let html = page.text().await.unwrap();
    let csrf =
        regex::Regex::new(r#"name="csrf" value="([^"]*)""#).unwrap().captures(&html).unwrap()[1].to_owned();
    let login = |tax_id: &'static str, password: &'static str, cookie: String, csrf: String| {
        let h = &h;
        let issuer = issuer.clone();
        let request_uri = request_uri.clone();
        async move {
            h.http_without_cert
                .post(format!("{issuer}/auth/login"))
                .header("cookie", cookie)
                .form(&[
                    ("request_uri", request_uri.as_str()),
                    ("csrf", &csrf),
                    ("tax_id", tax_id),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let other = login("10000000108", "ponte", cookie.clone(), csrf.clone()).await;
    assert_eq!(other.status(), 422);
    assert!(other.text().await.unwrap().contains("outro cliente"));
    let invalid = login("12345678900", "ponte", cookie.clone(), csrf.clone()).await;
    assert!(invalid.text().await.unwrap().contains("CPF ou CNPJ inválido"));
    let wrong_password = login(CPF, "nope", cookie.clone(), csrf.clone()).await;
    assert!(wrong_password.text().await.unwrap().contains("Senha incorreta"));
    let forged = login(CPF, "ponte", "ponte_sandbox_csrf=forged".into(), csrf.clone()).await;
    assert_eq!(forged.status(), 403, "the CSRF token must match the cookie");
    assert_eq!(login(CPF, "ponte", cookie, csrf).await.status(), 200);
}

#[tokio::test]
async fn operational_limits_answer_429_past_the_monthly_budget() {
    let h = Harness::start().await;
    let bank = BankCode::Healthy;
    let (_, tokens) = h.journey(bank, CPF, None, ACCOUNTS).await;
    let token = tokens["access_token"].as_str().unwrap();
    let issuer = h.issuer(bank);
    let accounts: Value = h
        .ofb_get(&format!("{issuer}/open-banking/accounts/v2/accounts"), token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = accounts["data"][0]["accountId"].as_str().unwrap();
    let url = format!("{issuer}/open-banking/accounts/v2/accounts/{id}");
    for call in 1..=30 {
        assert_eq!(h.ofb_get(&url, token).send().await.unwrap().status(), 200, "call {call}");
    }
    let over = h.ofb_get(&url, token).send().await.unwrap();
    assert_eq!(over.status(), 429);
    // Budgets are per endpoint: balances still answer.
    assert_eq!(h.ofb_get(&format!("{url}/balances"), token).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn faults_follow_the_profile_and_repeat_under_the_same_seed() {
    let profile =
        FaultProfile { server_errors: 0.3, rate_limited: 0.2, retry_after_secs: 7, ..FaultProfile::none() };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let h = Harness::with_faults(Some(profile.clone())).await;
        let bank = BankCode::Healthy;
        let (_, tokens) = h.journey(bank, CPF, None, ACCOUNTS).await;
        let token = tokens["access_token"].as_str().unwrap();
        let url = format!("{}/open-banking/resources/v3/resources", h.issuer(bank));
        let mut statuses = Vec::new();
        for _ in 0..40 {
            let response = h.ofb_get(&url, token).send().await.unwrap();
            if response.status() == 429 {
                assert_eq!(response.headers()["retry-after"], "7");
            }
            statuses.push(response.status().as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "the same seed gives the same failures");
    let failed = runs[0].iter().filter(|s| **s != 200).count();
    assert!((8..=32).contains(&failed), "about half fail: {:?}", runs[0]);
    assert!(runs[0].contains(&429) && runs[0].iter().any(|s| *s >= 500));
}

#[tokio::test]
async fn a_bank_in_outage_refuses_everything_but_its_status() {
    let h = Harness::with_faults(None).await;
    let token = h
        .token_request(BankCode::Outage, &[("grant_type", "client_credentials"), ("scope", "consents")])
        .await;
    assert_eq!(token.status(), 503, "not even a token");
    assert_eq!(token.headers()["retry-after"], "3600");
    let status = format!("{}/open-banking/discovery/v2/status", h.issuer(BankCode::Outage));
    assert_eq!(h.http_without_cert.get(status).send().await.unwrap().status(), 200);
}
