//! The report-request endpoints: every business rule, `manual` mode, the reports API, tenancy,
//! and partial and flaky institutions.

use crate::{Partner, assert_schema_valid};
use ponte_domain::{DeliveryMode, ProductCode};
use serde_json::{Value, json};

const SALARIED: &str = "76109277673";
const GIG: &str = "10000000108";

async fn manual(partner: &Partner) {
    let app = partner.journey.app.app_id;
    let mut settings = partner.journey.store.app(app).await.expect("app").expect("app").settings;
    settings.delivery_mode = DeliveryMode::Manual;
    partner.journey.store.update_app_settings(app, &settings).await.expect("settings");
}

async fn request(partner: &Partner, path: &str, body: Value) -> (u16, Value) {
    let response = partner.journey.post(path, &partner.journey.token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

fn assert_business(answer: &(u16, Value), code: u16, what: &str) {
    assert_eq!(answer.0, 416, "{what}: {}", answer.1);
    assert_eq!(answer.1["statusCode"], code, "{what}: {}", answer.1);
}

#[tokio::test(flavor = "multi_thread")]
async fn manual_mode_builds_only_what_is_requested_and_every_rule_is_enforced() {
    let partner = Partner::start().await;
    manual(&partner).await;
    let (link_id, consent_id) = partner.consent("999", SALARIED).await;
    partner.drain().await;
    assert!(partner.reports().is_empty(), "manual mode delivers nothing unasked");
    assert!(partner.events("product_request_received").is_empty());

    let institution = "/data/v1/personal/institution-data";
    let base = json!({ "taxId": SALARIED, "institutionCode": "999" });
    let with = |extra: Value| {
        let mut body = base.clone();
        body.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        body
    };
    assert_business(
        &request(&partner, institution, with(json!({ "products": [] }))).await,
        4005,
        "no products",
    );
    let all_and_more = with(json!({ "products": ["all", "pf_balance"] }));
    assert_business(&request(&partner, institution, all_and_more).await, 4002, "all with codes");
    let unknown = with(json!({ "products": ["pf_balances"] }));
    assert_business(&request(&partner, institution, unknown).await, 4002, "unknown code");
    let business_code = with(json!({ "products": ["pj_balance"] }));
    assert_business(&request(&partner, institution, business_code).await, 4002, "pj on personal");
    let user_level = with(json!({ "products": ["pf_income"] }));
    assert_business(&request(&partner, institution, user_level).await, 4002, "user-level at institution");
    let map = with(
        json!({ "products": ["pf_balance"], "productsCallbackURL": { "all": "https://a.example/", "other": "https://b.example/" } }),
    );
    assert_business(&request(&partner, institution, map).await, 4006, "all with other keys");
    let outage = json!({ "taxId": SALARIED, "institutionCode": "995", "products": ["pf_balance"] });
    assert_business(&request(&partner, institution, outage).await, 4004, "institution in outage");
    let unknown_bank = json!({ "taxId": SALARIED, "institutionCode": "123", "products": ["pf_balance"] });
    assert_business(&request(&partner, institution, unknown_bank).await, 4004, "unknown institution");
    let nobody = json!({ "taxId": GIG, "institutionCode": "999", "products": ["pf_balance"] });
    assert_business(&request(&partner, institution, nobody).await, 4001, "no consent for the CPF");
    let bad_tax_id = json!({ "taxId": "12345678900", "institutionCode": "999", "products": ["pf_balance"] });
    assert_eq!(request(&partner, institution, bad_tax_id).await.0, 400);
    let no_institution = json!({ "taxId": SALARIED, "products": ["pf_balance"] });
    assert_eq!(request(&partner, institution, no_institution).await.0, 400);

    // Accepted: two products at the institution level, then income at the user level.
    let accepted =
        request(&partner, institution, with(json!({ "products": ["pf_balance", "pf_checking_account"], "linkId": link_id, "externalInfo": { "ref": "r-1" } }))).await;
    assert_eq!(accepted.0, 200, "{}", accepted.1);
    assert_eq!(accepted.1["message"], "ok");
    let request_id = accepted.1["requestId"].as_str().expect("requestId").to_owned();
    let user = json!({ "taxId": SALARIED, "products": ["pf_income"], "consentIds": [consent_id] });
    let accepted_user = request(&partner, "/data/v1/personal/user-data", user).await;
    assert_eq!(accepted_user.0, 200, "{}", accepted_user.1);
    partner.drain().await;

    let reports = partner.reports();
    let mut names: Vec<ProductCode> = reports.iter().map(|(p, _)| *p).collect();
    names.sort();
    assert_eq!(names, [ProductCode::PfBalance, ProductCode::PfCheckingAccount, ProductCode::PfIncome]);
    for (product, report) in &reports {
        assert_schema_valid(*product, report);
        if *product != ProductCode::PfIncome {
            assert_eq!(report["requestId"], request_id.as_str());
            assert_eq!(report["externalInfo"]["ref"], "r-1");
        }
    }
    let received = partner.events("product_request_received");
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body["payload"]["requestId"], request_id.as_str());
    assert_eq!(received[0].body["externalInfo"]["ref"], "r-1");

    // The reports API: list by request, read one; another app sees nothing.
    let list = partner
        .journey
        .get(&format!("/data/v1/reports?requestId={request_id}"), &partner.journey.token)
        .await;
    assert_eq!(list.status(), 200);
    let list: Value = list.json().await.expect("json");
    assert_eq!(list["data"].as_array().expect("data").len(), 2, "{list}");
    let report_id = list["data"][0]["productReportId"].as_str().expect("id").to_owned();
    let other = other_app_token(&partner).await;
    let stranger = partner.journey.get(&format!("/data/v1/reports/{report_id}"), &other).await;
    assert_eq!(stranger.status(), 404);
    let stranger_list = partner.journey.get("/data/v1/reports", &other).await;
    let stranger_list: Value = stranger_list.json().await.expect("json");
    assert_eq!(stranger_list["data"].as_array().expect("data").len(), 0);
    let stranger_request =
        request_as(&partner, &other, institution, with(json!({ "products": ["pf_balance"] }))).await;
    assert_business(&stranger_request, 4001, "another app's consent");

    // A revoked consent can no longer be reported on.
    let revoke = partner
        .journey
        .http
        .delete(partner.journey.url(&format!("/data/v1/consents/{consent_id}/revoke")))
        .bearer_auth(&partner.journey.token)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoke.status(), 200);
    let after = request(&partner, institution, with(json!({ "products": ["pf_balance"] }))).await;
    assert_business(&after, 4001, "revoked consent");
    partner.stop().await;
}

async fn request_as(partner: &Partner, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = partner.journey.post(path, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

async fn other_app_token(partner: &Partner) -> String {
    let new = ponte_store::apps::NewApp {
        partner_name: "Other partner".into(),
        name: "other".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: ponte_domain::AppSettings::default(),
    };
    let (_, credentials) = partner.journey.store.create_app(&new).await.expect("app");
    partner.journey.token_for(&credentials).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partial_institution_gives_the_reports_it_can_and_names_what_is_missing() {
    let partner = Partner::start().await;
    let (_, _) = partner.consent("996", SALARIED).await;
    partner.drain().await;
    let reports = partner.reports();
    let code_of =
        |product: ProductCode| reports.iter().find(|(p, _)| *p == product).map(|(_, r)| r["code"].clone());
    // Accounts and registration data: complete.
    assert_eq!(code_of(ProductCode::PfCheckingAccount), Some(json!(200)));
    assert_eq!(code_of(ProductCode::PfIdentity), Some(json!(200)));
    // The insight also reads cards and credit, which the cooperative does not share: partial.
    assert_eq!(code_of(ProductCode::PfFinancialInsight), Some(json!(204)));
    let (_, insight) = reports.iter().find(|(p, _)| *p == ProductCode::PfFinancialInsight).expect("insight");
    let areas: Vec<&str> = insight["missingParts"]
        .as_array()
        .expect("missingParts")
        .iter()
        .filter_map(|m| m["area"].as_str())
        .collect();
    assert!(areas.contains(&"credit-cards-accounts"), "{areas:?}");
    for (product, report) in &reports {
        assert_schema_valid(*product, report);
    }
    // Cards alone cannot be reported on: failed, with the reason.
    let failed = partner.events("product_generated_failed");
    let card =
        failed.iter().find(|d| d.body["payload"]["productName"] == "pf_credit_card").expect("card failure");
    assert_eq!(card.body["payload"]["code"], 5001);
    partner.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flaky_institution_is_retried_and_the_reports_arrive() {
    let partner = Partner::start().await;
    let (_, consent_id) = partner.consent("997", SALARIED).await;
    partner.drain().await;
    let reports = partner.reports();
    assert!(reports.iter().any(|(p, _)| *p == ProductCode::PfCheckingAccount), "no checking report");
    for (product, report) in &reports {
        assert_schema_valid(*product, report);
        let code = report["code"].as_u64().expect("code");
        assert!(code == 200 || code == 204, "{product}: {code}");
        if code == 204 {
            assert!(!report["missingParts"].as_array().expect("missingParts").is_empty());
        }
    }
    let consent =
        partner.journey.get(&format!("/data/v1/consents/{consent_id}"), &partner.journey.token).await;
    let consent: Value = consent.json().await.expect("json");
    assert!(consent["lastDataFetchAt"].is_string(), "{consent}");
    partner.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_apps_category_rules_are_validated_and_applied_to_its_reports() {
    let partner = Partner::start().await;
    manual(&partner).await;
    let token = &partner.journey.token;
    let put = |body: Value| put_rules(&partner, body);
    let unknown_leaf =
        json!({ "rules": [{ "match": { "type": "FOLHA_PAGAMENTO" }, "category": "renda.nope.nada" }] });
    let (status, body) = put(unknown_leaf).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"].as_str().expect("message").contains("rules[0].category"), "{body}");
    let empty_match = json!({ "rules": [{ "match": {}, "category": "renda.renda_ativa.plr_bonus" }] });
    assert_eq!(put(empty_match).await.0, 400);

    let rule = json!({ "rules": [{ "match": { "type": "FOLHA_PAGAMENTO", "direction": "CREDITO" }, "category": "renda.renda_ativa.plr_bonus", "brand": "Acme Payroll" }] });
    let (status, saved) = put(rule).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["rules"][0]["brand"], "Acme Payroll");
    let read: Value =
        partner.journey.get("/data/v1/categories/rules", token).await.json().await.expect("json");
    assert_eq!(read["rules"], saved["rules"]);
    let taxonomy: Value = partner.journey.get("/data/v1/categories", token).await.json().await.expect("json");
    assert!(
        taxonomy["leaves"]
            .as_array()
            .expect("leaves")
            .iter()
            .any(|l| l["code"] == "renda.renda_ativa.plr_bonus")
    );

    partner.consent("999", SALARIED).await;
    let body =
        json!({ "taxId": SALARIED, "institutionCode": "999", "products": ["pf_categorized_checking_l3"] });
    assert_eq!(request(&partner, "/data/v1/personal/institution-data", body).await.0, 200);
    partner.drain().await;
    let reports = partner.reports();
    let (_, report) = reports.first().expect("the categorised report");
    let payroll: Vec<&Value> = report["checkingAccounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .flat_map(|a| a["transactionDetails"].as_array().expect("transactions"))
        .filter(|t| t["type"] == "FOLHA_PAGAMENTO")
        .collect();
    assert!(!payroll.is_empty());
    for t in payroll {
        assert_eq!(t["thirdCategory"], "PLR e bonificações", "{t}");
        assert_eq!(t["brand"], "Acme Payroll", "{t}");
    }
    partner.stop().await;
}

async fn put_rules(partner: &Partner, body: Value) -> (u16, Value) {
    let response = partner
        .journey
        .http
        .put(partner.journey.url("/data/v1/categories/rules"))
        .bearer_auth(&partner.journey.token)
        .json(&body)
        .send()
        .await
        .expect("put");
    let status = response.status().as_u16();
    (status, response.json::<Value>().await.expect("json"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_level_request_covers_the_partners_other_apps_and_nobody_elses() {
    let partner = Partner::start().await;
    manual(&partner).await;
    let store = &partner.journey.store;
    let own = store.app(partner.journey.app.app_id).await.expect("app").expect("app");
    let settings = ponte_domain::AppSettings { delivery_mode: DeliveryMode::Manual, ..Default::default() };
    let sibling = ponte_store::apps::NewApp {
        partner_name: own.partner_name.clone(),
        name: "sibling".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings,
    };
    let (_, sibling) = store.create_app(&sibling).await.expect("sibling app");
    let sibling_token = partner.journey.token_for(&sibling).await;
    let link =
        partner.journey.post("/data/v1/links", &sibling_token, json!({ "personalTaxId": SALARIED })).await;
    let link_id = link.json::<Value>().await.expect("json")["linkId"].as_str().expect("id").to_owned();
    let body = json!({ "linkId": link_id, "institutionCode": "999", "taxId": SALARIED });
    let consent = partner.journey.post("/data/v1/sandbox/consents", &sibling_token, body).await;
    assert_eq!(consent.status(), 200);

    // The institution level is the app's own consents only; the user level spans the partner.
    let institution = json!({ "taxId": SALARIED, "institutionCode": "999", "products": ["pf_balance"] });
    let refused = request(&partner, "/data/v1/personal/institution-data", institution).await;
    assert_business(&refused, 4001, "another app's consent at the institution level");
    let user = json!({ "taxId": SALARIED, "products": ["pf_income"] });
    let accepted = request(&partner, "/data/v1/personal/user-data", user.clone()).await;
    assert_eq!(accepted.0, 200, "{}", accepted.1);
    partner.drain().await;
    let reports = partner.reports();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].1["links"][0]["linkId"], link_id.as_str());
    assert_schema_valid(ProductCode::PfIncome, &reports[0].1);

    // Another partner's app sees none of it.
    let stranger = other_app_token(&partner).await;
    assert_business(
        &request_as(&partner, &stranger, "/data/v1/personal/user-data", user).await,
        4001,
        "another partner",
    );
    partner.stop().await;
}
