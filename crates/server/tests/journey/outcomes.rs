use crate::harness::Journey;
use serde_json::{Value, json};

fn consent_events(events: &[(String, Value)], consent_id: &str) -> Vec<String> {
    events
        .iter()
        .filter(|(_, body)| body["payload"]["consents"]["consentId"] == consent_id)
        .map(|(name, _)| name.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_outcome_of_the_headless_journey_has_its_status_timeline_and_one_event() {
    let journey = Journey::start().await;
    let (link_id, _) =
        journey.link(json!({ "personalTaxId": "76109277673", "externalInfo": {"ref": 7} })).await;

    let authorised = journey.headless(&link_id, "999", "76109277673", "approve").await;
    assert_eq!(authorised["status"], "AUTHORISED", "{authorised}");
    assert!(authorised["permissionsGranted"].as_array().is_some_and(|p| !p.is_empty()));
    let error = journey.headless(&link_id, "999", "70000000744", "approve").await;
    assert_eq!(error["status"], "ERROR");
    assert_eq!(error["statusReason"], "CONSENT_TECHNICAL_ISSUE");
    let rejected = journey.headless(&link_id, "999", "76109277673", "reject").await;
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(rejected["statusReason"], "CUSTOMER_MANUALLY_REJECTED");
    let partial = journey.headless(&link_id, "996", "76109277673", "approve").await;
    assert_eq!(partial["status"], "AUTHORISED");
    let granted: Vec<&str> =
        partial["permissionsGranted"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    assert!(
        !granted.iter().any(|p| p.starts_with("CREDIT_CARDS")),
        "996 drops card permissions: {granted:?}"
    );

    // The partner revokes; the bank's copy is revoked too.
    let id = authorised["consentId"].as_str().unwrap();
    let revoke = journey
        .http
        .delete(journey.url(&format!("/data/v1/consents/{id}/revoke")))
        .bearer_auth(&journey.token)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 200);
    assert_eq!(revoke.json::<Value>().await.unwrap(), json!({"message": "ok"}));
    let after: Value =
        journey.get(&format!("/data/v1/consents/{id}"), &journey.token).await.json().await.unwrap();
    assert_eq!(after["status"], "REVOKED");

    let link: Value =
        journey.get(&format!("/data/v1/links/{link_id}"), &journey.token).await.json().await.unwrap();
    assert_eq!(link["status"], "AUTHORISED");
    let timeline: Vec<&str> = link["consents"][0]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        timeline,
        ["STARTED", "AWAITING_AUTHORISATION", "AWAITING_LGPD_AUTHORISATION", "AUTHORISED", "REVOKED"]
    );

    let events = journey.events().await;
    assert_eq!(events.iter().filter(|(n, _)| n == "link_created").count(), 1);
    let created = &events.iter().find(|(n, _)| n == "link_created").unwrap().1;
    assert_eq!(created["payload"]["linkId"], link_id.as_str());
    assert_eq!(created["externalInfo"], json!({"ref": 7}));
    assert_eq!(consent_events(&events, id), ["consent_authorised", "consent_revoked"]);
    assert_eq!(consent_events(&events, error["consentId"].as_str().unwrap()), ["consent_error"]);
    assert_eq!(consent_events(&events, rejected["consentId"].as_str().unwrap()), ["consent_rejected"]);
    let authorised_event = &events.iter().find(|(n, _)| n == "consent_authorised").unwrap().1;
    assert_eq!(authorised_event["payload"]["consents"]["status"], "AUTHORISED");
    assert_eq!(authorised_event["payload"]["personalTaxId"], "76109277673");

    // Revoking again changes nothing and emits nothing.
    let again = journey
        .http
        .delete(journey.url(&format!("/data/v1/consents/{id}/revoke")))
        .bearer_auth(&journey.token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(consent_events(&journey.events().await, id).len(), 2);
    journey.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn institutions_list_the_sandbox_banks_with_the_outage_flag() {
    let journey = Journey::start().await;
    let (link_id, link_token) = journey.link(json!({})).await;
    let list: Value = journey.get("/data/v1/links/institutions", &link_token).await.json().await.unwrap();
    let codes: Vec<(&str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["institutionCode"].as_str().unwrap(), i["isOutage"].as_bool().unwrap()))
        .collect();
    assert_eq!(codes, [("999", false), ("998", false), ("997", false), ("996", false), ("995", true)]);
    let outage = journey
        .post(
            "/data/v1/sandbox/consents",
            &journey.token,
            json!({"linkId": link_id, "institutionCode": "995", "taxId": "76109277673"}),
        )
        .await;
    assert_eq!(outage.status(), 416);
    assert_eq!(outage.json::<Value>().await.unwrap()["statusCode"], 4004);
    journey.headless(&link_id, "999", "76109277673", "approve").await;
    let status: Value =
        journey.get("/data/v1/links/institutions/status", &link_token).await.json().await.unwrap();
    assert_eq!(
        status,
        json!([{"institutionCode": "999", "name": "Banco Ponte Sandbox", "status": "AUTHORISED"}])
    );
    journey.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consents_list_filters_and_pages() {
    let journey = Journey::start().await;
    let (link_id, _) = journey.link(json!({})).await;
    for tax_id in ["76109277673", "10000000108", "76109277673"] {
        journey.headless(&link_id, "999", tax_id, "approve").await;
    }
    let page: Value = journey.get("/data/v1/consents?limit=2", &journey.token).await.json().await.unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    let cursor = page["nextCursor"].as_str().unwrap();
    let rest: Value = journey
        .get(&format!("/data/v1/consents?limit=2&cursor={cursor}"), &journey.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert!(rest["nextCursor"].is_null());
    let by_tax: Value = journey
        .get("/data/v1/consents?personalTaxId=10000000108", &journey.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_tax["data"].as_array().unwrap().len(), 1);
    let bad = journey.get("/data/v1/consents?personalTaxId=123", &journey.token).await;
    assert_eq!(bad.status(), 400);
    journey.stop().await;
}
