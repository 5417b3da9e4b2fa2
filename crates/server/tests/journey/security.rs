use crate::harness::Journey;
use ponte_link::journey::fragment_params;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_of_one_kind_never_work_where_the_other_is_needed_and_tenants_are_isolated() {
    let journey = Journey::start().await;
    let (link_id, link_token) = journey.link(json!({"personalTaxId": "76109277673"})).await;
    assert_eq!(journey.get("/data/v1/links/institutions", &journey.token).await.status(), 403);
    assert_eq!(journey.get(&format!("/data/v1/links/{link_id}"), &link_token).await.status(), 403);
    assert_eq!(journey.post("/data/v1/links", &link_token, json!({})).await.status(), 403);

    let consent = journey.headless(&link_id, "999", "76109277673", "approve").await;
    let new = ponte_store::apps::NewApp {
        name: "Other".into(),
        partner_name: "Other partner".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: Default::default(),
    };
    let other = journey.token_for(&journey.store.create_app(&new).await.unwrap().1).await;
    let id = consent["consentId"].as_str().unwrap();
    assert_eq!(journey.get(&format!("/data/v1/links/{link_id}"), &other).await.status(), 404);
    assert_eq!(journey.get(&format!("/data/v1/consents/{id}"), &other).await.status(), 404);
    let revoke = journey
        .http
        .delete(journey.url(&format!("/data/v1/consents/{id}/revoke")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 404);
    let list: Value = journey.get("/data/v1/consents", &other).await.json().await.unwrap();
    assert_eq!(list["data"], json!([]));
    journey.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_fields_are_validated_and_redirects_must_be_allowed() {
    let journey = Journey::start().await;
    for (body, needle) in [
        (json!({"personalTaxId": "12345678900"}), "personalTaxId"),
        (json!({"businessTaxId": "11222333000180"}), "businessTaxId"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"phone": "123"}), "phone"),
        (json!({"redirectURL": "https://evil.example/cb"}), "redirectURL"),
        (json!({"appLink": "https://app.example/x"}), "appLink"),
        (json!({"validityPeriod": 6}), "validityPeriod"),
        (json!({"unknown": 1}), "unknown"),
    ] {
        let response = journey.post("/data/v1/links", &journey.token, body.clone()).await;
        assert_eq!(response.status(), 400, "{body}");
        let message = response.json::<Value>().await.unwrap()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(needle), "{body}: {message}");
    }
    let map = journey
        .post(
            "/data/v1/links",
            &journey.token,
            json!({"productsCallbackURL": {"all": "https://a.example", "pf_income": "https://b.example"}}),
        )
        .await;
    assert_eq!(map.json::<Value>().await.unwrap()["statusCode"], 4006);
    journey.stop().await;
}

/// Allows redirects to `https://partner.example/` for the default app.
async fn allow_partner_redirects(journey: &Journey) {
    let app = journey.store.app(journey.app.app_id).await.unwrap().unwrap();
    let mut settings = app.settings.clone();
    settings.allowed_redirect_prefixes = vec!["https://partner.example/".parse().unwrap()];
    journey.store.update_app_settings(app.id, &settings).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_only_redirects_work_once_and_callbacks_cannot_be_replayed() {
    let journey = Journey::start().await;
    allow_partner_redirects(&journey).await;
    let (_, link_token) = journey.link(json!({})).await;
    let body = json!({"externalTrackId": "track-1", "personalTaxId": "76109277673", "institutionCode": "999", "redirectURL": "https://partner.example/back"});
    let created = journey.post("/data/v1/consents", &link_token, body.clone()).await;
    assert_eq!(created.status(), 200);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        journey.post("/data/v1/consents", &link_token, body).await.status(),
        409,
        "externalTrackId is unique"
    );
    let go = created["consentRedirectURL"].as_str().unwrap().replace("https://ponte.test", &journey.base);
    let first = journey.http.get(&go).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let bank_url = url::Url::parse(first.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(journey.http.get(&go).send().await.unwrap().status(), 410, "single use");

    let tax_id = "76109277673".parse().unwrap();
    let back = journey.customer.decide(&bank_url, &tax_id, true).await.unwrap();
    let mut params = fragment_params(&back);
    // A forged state is refused, a tampered code fails the id_token's c_hash.
    let mut forged = params.clone();
    forged.state = "forged".into();
    assert!(journey.state().journey.callback(&forged).await.is_err());
    let real_code = params.code.clone();
    params.code = Some("tampered".into());
    let outcome = journey.state().journey.callback(&params).await.unwrap();
    assert_eq!(outcome.consent.status.as_str(), "ERROR", "a code that does not match c_hash is refused");
    params.code = real_code;
    assert!(
        journey.state().journey.callback(&params).await.is_err(),
        "the state was used: a replay is refused"
    );
    journey.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_pages_refuse_forms_without_the_csrf_token_and_carry_a_strict_csp() {
    let journey = Journey::start().await;
    let (_, link_token) = journey.link(json!({"personalTaxId": "76109277673"})).await;
    let landing = journey.http.get(journey.url(&format!("/link?v={link_token}"))).send().await.unwrap();
    assert_eq!(landing.status(), 200);
    let csp = landing.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
    let html = landing.text().await.unwrap();
    assert!(html.len() <= 30 * 1024);
    assert!(!html.contains("<script>"), "no inline scripts");
    let posted = journey
        .http
        .post(journey.url("/link/authorise"))
        .form(&[("v", link_token.as_str()), ("institution", "999"), ("validity", "12")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 403);
    let expired = journey.http.get(journey.url("/link?v=not-a-token")).send().await.unwrap();
    assert_eq!(expired.status(), 401);
    journey.stop().await;
}
