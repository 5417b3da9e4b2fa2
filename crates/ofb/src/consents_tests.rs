use super::*;
use time::macros::datetime;

fn request() -> CreateConsent {
    CreateConsent {
        logged_user_cpf: "76109277673".into(),
        business_entity_cnpj: None,
        permissions: vec!["ACCOUNTS_READ".into(), "RESOURCES_READ".into(), "ACCOUNTS_READ".into()],
        expiration: Some(datetime!(2026-07-01 12:30:45.678 -3)),
    }
}

#[test]
fn the_create_body_has_the_v3_shape() {
    let body = request().body().unwrap();
    assert_eq!(
        body,
        json!({"data": {
            "loggedUser": {"document": {"identification": "76109277673", "rel": "CPF"}},
            "permissions": ["ACCOUNTS_READ", "RESOURCES_READ"],
            "expirationDateTime": "2026-07-01T15:30:45Z",
        }})
    );
    let business = CreateConsent {
        business_entity_cnpj: Some("11.222.333/0001-81".into()),
        expiration: None,
        ..request()
    };
    let body = business.body().unwrap();
    assert_eq!(body["data"]["businessEntity"]["document"]["identification"], "11222333000181");
    assert_eq!(body["data"]["businessEntity"]["document"]["rel"], "CNPJ");
    assert!(body["data"].get("expirationDateTime").is_none(), "indefinite: no expiration");
}

#[test]
fn invalid_requests_are_not_sent() {
    let bad = [
        CreateConsent { logged_user_cpf: "761.092.776-73".into(), ..request() },
        CreateConsent { permissions: vec![], ..request() },
        CreateConsent { permissions: vec!["accounts_read".into()], ..request() },
        CreateConsent { business_entity_cnpj: Some("123".into()), ..request() },
    ];
    for request in bad {
        assert!(matches!(request.body(), Err(OfbError::Input(_))), "{request:?}");
    }
}

#[test]
fn consent_answers_are_parsed() {
    let answer = json!({"data": {
        "consentId": "urn:bank:C1", "status": "REJECTED", "permissions": ["ACCOUNTS_READ"],
        "creationDateTime": "2026-01-01T00:00:00Z", "statusUpdateDateTime": "2026-01-02T00:00:00Z",
        "rejection": {"rejectedBy": "USER", "reason": {"code": "CUSTOMER_MANUALLY_REVOKED"}},
    }});
    let consent = parse_consent(&answer, "iid".into()).unwrap();
    assert_eq!(consent.status, "REJECTED");
    assert_eq!(consent.permissions, ["ACCOUNTS_READ"]);
    let rejection = consent.rejection.unwrap();
    assert_eq!((rejection.by.as_str(), rejection.code.as_str()), ("USER", "CUSTOMER_MANUALLY_REVOKED"));
    assert_eq!(consent.expiration, None);
    assert_eq!(consent.interaction_id, "iid");
    for broken in [
        json!({}),
        json!({"data": {"status": "AUTHORISED", "permissions": []}}),
        json!({"data": {"consentId": "a b", "status": "AUTHORISED", "permissions": []}}),
        json!({"data": {"consentId": "x".repeat(300), "status": "AUTHORISED", "permissions": []}}),
        json!({"data": {"consentId": "urn:b:1", "status": "AUTHORISED", "permissions": [1]}}),
        json!({"data": {"consentId": "urn:b:1", "permissions": []}}),
    ] {
        assert!(matches!(parse_consent(&broken, String::new()), Err(OfbError::Protocol(_))), "{broken}");
    }
}

#[test]
fn consent_ids_are_one_path_segment() {
    let base = Url::parse("https://api.bank.test/open-banking/consents/v3/consents").unwrap();
    assert_eq!(
        consent_url(&base, "urn:bank:C1").unwrap().as_str(),
        "https://api.bank.test/open-banking/consents/v3/consents/urn:bank:C1"
    );
    assert_eq!(
        consent_url(&base, "urn:bank:a/../b?c#d").unwrap().path(),
        "/open-banking/consents/v3/consents/urn:bank:a%2F..%2Fb%3Fc%23d"
    );
    let slash = Url::parse("https://api.bank.test/open-banking/consents/v3/consents/").unwrap();
    assert_eq!(consent_url(&slash, "x").unwrap().path(), "/open-banking/consents/v3/consents/x");
    assert!(consent_url(&base, "").is_err());
    assert!(consent_url(&base, "a b").is_err());
}
