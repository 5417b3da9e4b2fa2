//! The FAPI-BR rules the authorisation and resource servers enforce: each way a client can get
//! it wrong is refused as the profile says.

mod support;

use ponte_sandbox::bank::BankCode;
use serde_json::{Value, json};
use support::{CPF, Harness, REDIRECT_URI};

const BANK: BankCode = BankCode::Healthy;
const ACCOUNTS: &[&str] = &["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"];

async fn error_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["error"].as_str().unwrap_or_default().to_owned())
}

async fn pushed(h: &Harness, consent_id: &str, verifier: &str) -> String {
    let par = h.par(BANK, &h.request_object(BANK, consent_id, verifier)).await;
    assert_eq!(par.status(), 201);
    par.json::<Value>().await.unwrap()["request_uri"].as_str().unwrap().to_owned()
}

async fn exchange(h: &Harness, code: &str, verifier: &str) -> reqwest::Response {
    h.token_request(
        BANK,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT_URI),
            ("code_verifier", verifier),
        ],
    )
    .await
}

#[tokio::test]
async fn pkce_is_required_and_checked() {
    let h = Harness::start().await;
    let consent_id = h.consent(BANK, CPF, None, ACCOUNTS).await;
    let mut request = h.request_object(BANK, &consent_id, &support::verifier());
    request.as_object_mut().unwrap().remove("code_challenge");
    assert_eq!(error_of(h.par(BANK, &request).await).await, (400, "invalid_request".into()));

    let verifier = support::verifier();
    let request_uri = pushed(&h, &consent_id, &verifier).await;
    let answer = h.authorise(BANK, &request_uri, CPF, true).await;
    assert_eq!(
        error_of(exchange(&h, &answer["code"], &support::verifier()).await).await,
        (400, "invalid_grant".into())
    );
    // The failed attempt used the code up: even the right verifier is refused now (replay).
    assert_eq!(error_of(exchange(&h, &answer["code"], &verifier).await).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn a_code_is_single_use() {
    let h = Harness::start().await;
    let consent_id = h.consent(BANK, CPF, None, ACCOUNTS).await;
    let verifier = support::verifier();
    let request_uri = pushed(&h, &consent_id, &verifier).await;
    let answer = h.authorise(BANK, &request_uri, CPF, true).await;
    assert_eq!(answer["state"], "st-1");
    assert!(answer.contains_key("id_token"));
    assert_eq!(exchange(&h, &answer["code"], &verifier).await.status(), 200);
    assert_eq!(error_of(exchange(&h, &answer["code"], &verifier).await).await, (400, "invalid_grant".into()));
}

#[tokio::test]
async fn client_authentication_must_be_a_fresh_assertion_signed_by_the_client() {
    let h = Harness::start().await;
    let token_url = format!("{}/auth/token", h.issuer(BANK));
    // Signed by a key that is not the client's.
    let other = ponte_sandbox::pki::RsaSigningKey::generate().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = json!({"iss": h.client_id, "sub": h.client_id, "aud": token_url, "jti": "x", "iat": now, "exp": now + 60});
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::PS256);
    header.kid = Some(h.signing_kid.clone());
    let forged = jsonwebtoken::encode(&header, &claims, &other.encoding_key()).unwrap();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", h.client_id.as_str()),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", forged.as_str()),
    ];
    assert_eq!(
        error_of(h.http.post(&token_url).form(&form).send().await.unwrap()).await,
        (401, "invalid_client".into())
    );

    // A genuine assertion works once; replaying it is refused.
    let assertion = h.client_assertion(&token_url);
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", h.client_id.as_str()),
        ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
        ("client_assertion", assertion.as_str()),
    ];
    assert_eq!(h.http.post(&token_url).form(&form).send().await.unwrap().status(), 200);
    assert_eq!(
        error_of(h.http.post(&token_url).form(&form).send().await.unwrap()).await,
        (401, "invalid_client".into())
    );
}

#[tokio::test]
async fn the_token_endpoint_and_the_apis_require_the_client_certificate() {
    let h = Harness::start().await;
    let token_url = format!("{}/auth/token", h.issuer(BANK));
    let mut form = h.auth_form(BANK, "/auth/token");
    form.push(("grant_type".into(), "client_credentials".into()));
    let response = h.http_without_cert.post(&token_url).form(&form).send().await.unwrap();
    assert_eq!(error_of(response).await, (401, "invalid_client".into()));

    let (_, tokens) = h.journey(BANK, CPF, None, ACCOUNTS).await;
    let token = tokens["access_token"].as_str().unwrap();
    let url = format!("{}/open-banking/accounts/v2/accounts", h.issuer(BANK));
    let without = h
        .http_without_cert
        .get(&url)
        .bearer_auth(token)
        .header("x-fapi-interaction-id", uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 401, "a certificate-bound token needs its certificate");
    assert_eq!(h.ofb_get(&url, token).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn an_expired_request_uri_is_refused() {
    let h = Harness::start().await;
    let consent_id = h.consent(BANK, CPF, None, ACCOUNTS).await;
    let request_uri = pushed(&h, &consent_id, &support::verifier()).await;
    h.clock.advance(std::time::Duration::from_secs(61));
    let page = h
        .http_without_cert
        .get(format!("{}/auth/authorize", h.issuer(BANK)))
        .query(&[("client_id", h.client_id.as_str()), ("request_uri", request_uri.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(page.text().await.unwrap().contains("expirou"));
}

#[tokio::test]
async fn tokens_are_scoped_to_their_consent_and_die_with_it() {
    let h = Harness::start().await;
    let (consent_id, tokens) = h.journey(BANK, CPF, None, ACCOUNTS).await;
    let token = tokens["access_token"].as_str().unwrap();
    let issuer = h.issuer(BANK);
    let accounts_url = format!("{issuer}/open-banking/accounts/v2/accounts");
    assert_eq!(h.ofb_get(&accounts_url, token).send().await.unwrap().status(), 200);
    // The consent has no transactions permission: 403.
    let accounts: Value = h.ofb_get(&accounts_url, token).send().await.unwrap().json().await.unwrap();
    let id = accounts["data"][0]["accountId"].as_str().unwrap();
    let transactions = h.ofb_get(&format!("{accounts_url}/{id}/transactions"), token).send().await.unwrap();
    assert_eq!(transactions.status(), 403);

    // Another consent's token cannot read this consent's resources… and a consent token is not a
    // client-credentials token.
    let consent_url = format!("{issuer}/open-banking/consents/v3/consents/{consent_id}");
    assert_eq!(h.ofb_get(&consent_url, token).send().await.unwrap().status(), 403);

    // Revoking the consent revokes its tokens (401), refresh included.
    let client_token = h.client_token(BANK).await;
    let deleted = h
        .http
        .delete(&consent_url)
        .bearer_auth(&client_token)
        .header("x-fapi-interaction-id", uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(h.ofb_get(&accounts_url, token).send().await.unwrap().status(), 401);
    let refresh = h
        .token_request(
            BANK,
            &[("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"].as_str().unwrap())],
        )
        .await;
    assert_eq!(error_of(refresh).await, (400, "invalid_grant".into()));
    let consent: Value = h.ofb_get(&consent_url, &client_token).send().await.unwrap().json().await.unwrap();
    assert_eq!(consent["data"]["rejection"]["reason"]["code"], "CUSTOMER_MANUALLY_REVOKED");
    let again = h
        .http
        .delete(&consent_url)
        .bearer_auth(&client_token)
        .header("x-fapi-interaction-id", uuid::Uuid::new_v4().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422);
}

#[tokio::test]
async fn a_refresh_token_is_not_rotated() {
    let h = Harness::start().await;
    let (_, tokens) = h.journey(BANK, CPF, None, ACCOUNTS).await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    for _ in 0..2 {
        let refreshed =
            h.token_request(BANK, &[("grant_type", "refresh_token"), ("refresh_token", refresh_token)]).await;
        assert_eq!(refreshed.status(), 200);
        let body: Value = refreshed.json().await.unwrap();
        assert_eq!(body["refresh_token"], refresh_token);
        let url = format!("{}/open-banking/accounts/v2/accounts", h.issuer(BANK));
        assert_eq!(
            h.ofb_get(&url, body["access_token"].as_str().unwrap()).send().await.unwrap().status(),
            200
        );
    }
}

#[tokio::test]
async fn the_interaction_id_is_required_and_echoed() {
    let h = Harness::start().await;
    let (_, tokens) = h.journey(BANK, CPF, None, ACCOUNTS).await;
    let token = tokens["access_token"].as_str().unwrap();
    let url = format!("{}/open-banking/accounts/v2/accounts", h.issuer(BANK));
    let missing = h.http.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(missing.status(), 400);
    assert!(missing.headers().contains_key("x-fapi-interaction-id"), "one is generated for the answer");
    let id = uuid::Uuid::new_v4().to_string();
    let ok = h.http.get(&url).bearer_auth(token).header("x-fapi-interaction-id", &id).send().await.unwrap();
    assert_eq!(ok.headers()["x-fapi-interaction-id"], id.as_str());
    assert_eq!(ok.headers()["x-v"], "2.4.2");
}

#[tokio::test]
async fn rejecting_at_the_bank_sends_access_denied_and_rejects_the_consent() {
    let h = Harness::start().await;
    let consent_id = h.consent(BANK, CPF, None, ACCOUNTS).await;
    let request_uri = pushed(&h, &consent_id, &support::verifier()).await;
    let answer = h.authorise(BANK, &request_uri, CPF, false).await;
    assert_eq!(answer["error"], "access_denied");
    assert_eq!(answer["state"], "st-1");
    let token = h.client_token(BANK).await;
    let url = format!("{}/open-banking/consents/v3/consents/{consent_id}", h.issuer(BANK));
    let consent: Value = h.ofb_get(&url, &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(consent["data"]["status"], "REJECTED");
    assert_eq!(consent["data"]["rejection"]["reason"]["code"], "CUSTOMER_MANUALLY_REJECTED");
}

#[tokio::test]
async fn an_unauthorised_consent_is_rejected_after_sixty_minutes() {
    let h = Harness::start().await;
    let consent_id = h.consent(BANK, CPF, None, ACCOUNTS).await;
    h.clock.advance(std::time::Duration::from_secs(3600));
    let token = h.client_token(BANK).await;
    let url = format!("{}/open-banking/consents/v3/consents/{consent_id}", h.issuer(BANK));
    let consent: Value = h.ofb_get(&url, &token).send().await.unwrap().json().await.unwrap();
    assert_eq!(consent["data"]["status"], "REJECTED");
    assert_eq!(consent["data"]["rejection"]["reason"]["code"], "CONSENT_EXPIRED");
}

#[tokio::test]
async fn a_token_reads_only_its_own_consents_resources() {
    let h = Harness::start().await;
    let (_, first) = h.journey(BANK, CPF, None, ACCOUNTS).await;
    let (_, second) = h.journey(BANK, "10000000108", None, ACCOUNTS).await;
    let url = format!("{}/open-banking/accounts/v2/accounts", h.issuer(BANK));
    let token_of = |tokens: &Value| tokens["access_token"].as_str().unwrap().to_owned();
    let theirs: Value = h.ofb_get(&url, &token_of(&second)).send().await.unwrap().json().await.unwrap();
    let their_account = theirs["data"][0]["accountId"].as_str().unwrap();
    let mine: Value = h.ofb_get(&url, &token_of(&first)).send().await.unwrap().json().await.unwrap();
    assert!(mine["data"].as_array().unwrap().iter().all(|a| a["accountId"] != their_account));
    let cross =
        h.ofb_get(&format!("{url}/{their_account}/balances"), &token_of(&first)).send().await.unwrap();
    assert!(matches!(cross.status().as_u16(), 403 | 404), "another consent's account: {}", cross.status());
}
