//! The validator catches what a sandbox can get wrong, with pointers, and says clearly when it has
//! nothing to validate against.

use std::sync::LazyLock;

use ponte_openapi_check::{Spec, SpecError, Violations};
use serde_json::{Value, json};

static ACCOUNTS: LazyLock<Spec> =
    LazyLock::new(|| Spec::ofb("accounts", "2.4.2").expect("vendored accounts spec"));
static CONSENTS: LazyLock<Spec> =
    LazyLock::new(|| Spec::ofb("consents", "3.3.1").expect("vendored consents spec"));

const TRANSACTIONS: &str = "/open-banking/accounts/v2/accounts/abc-1/transactions";

fn transactions_body() -> Value {
    json!({
        "data": [{
            "transactionId": "TXpRMU9UQTROMWhZV2xSU1FUazJSMDl",
            "completedAuthorisedPaymentType": "TRANSACAO_EFETIVADA",
            "creditDebitType": "DEBITO",
            "transactionName": "Transferencia Enviada Lima Santos",
            "type": "PIX",
            "transactionAmount": {"amount": "1000.0400", "currency": "BRL"},
            "transactionDateTime": "2016-01-29T12:29:03.374Z",
            "partieCnpjCpf": "43908445778",
            "partiePersonType": "PESSOA_NATURAL"
        }],
        "links": {"self": "https://api.banco.com.br/open-banking/accounts/v2/accounts/abc-1/transactions"},
        "meta": {"requestDateTime": "2021-05-21T08:30:00Z"}
    })
}

/// Applies `edit` to a valid body and returns the violations, which must exist.
fn violations(edit: impl FnOnce(&mut Value)) -> Violations {
    let mut body = transactions_body();
    edit(&mut body);
    match ACCOUNTS.validate_response("GET", TRANSACTIONS, 200, &body) {
        Ok(()) => panic!("accepted an invalid body: {body:#}"),
        Err(v) => v,
    }
}

#[test]
fn a_valid_body_passes_in_both_modes() {
    let body = transactions_body();
    ACCOUNTS.validate_response("GET", TRANSACTIONS, 200, &body).unwrap_or_else(|v| panic!("{v}"));
    ACCOUNTS.validate_response_strict("GET", TRANSACTIONS, 200, &body).unwrap_or_else(|v| panic!("{v}"));
    // The same operation without the base path.
    ACCOUNTS
        .validate_response("GET", "/accounts/abc-1/transactions?page=1", 200, &body)
        .unwrap_or_else(|v| panic!("{v}"));
}

#[test]
fn wrong_enum_value() {
    let v = violations(|b| b["data"][0]["type"] = json!("PIX_AUTOMATICO"));
    assert!(v.has_pointer("/data/0/type"), "{v}");
    assert_eq!(v.items().len(), 1, "{v}");
}

#[test]
fn missing_required_field() {
    let v = violations(|b| drop(b["data"][0].as_object_mut().map(|o| o.remove("creditDebitType"))));
    assert!(v.has_pointer("/data/0"), "{v}");
    assert!(v.to_string().contains("creditDebitType"), "{v}");
}

#[test]
fn amount_pattern() {
    for amount in ["12.3", "1000", "1.00000", "-1.00", "1,00", "１.00"] {
        let v = violations(|b| b["data"][0]["transactionAmount"]["amount"] = json!(amount));
        assert!(v.has_pointer("/data/0/transactionAmount/amount"), "{amount}: {v}");
    }
}

#[test]
fn date_time_format_is_checked_where_there_is_no_pattern() {
    // meta.requestDateTime is `format: date-time` with no pattern: the format check is the guard.
    let v = violations(|b| b["meta"]["requestDateTime"] = json!("2021-13-45T08:30:00Z"));
    assert!(v.has_pointer("/meta/requestDateTime"), "{v}");
    let v = violations(|b| b["meta"]["requestDateTime"] = json!("21/05/2021 08:30"));
    assert!(v.to_string().contains("date-time"), "{v}");
}

#[test]
fn ecma_patterns_are_honoured() {
    // `(?:...)`, `\d` and the mandatory milliseconds of transactionDateTime.
    let v = violations(|b| b["data"][0]["transactionDateTime"] = json!("2016-01-29T12:29:03Z"));
    assert!(v.has_pointer("/data/0/transactionDateTime"), "{v}");
    // `^\d{11}$|^\d{14}$`: the alternation is anchored on both sides.
    let v = violations(|b| b["data"][0]["partieCnpjCpf"] = json!("123456789012"));
    assert!(v.has_pointer("/data/0/partieCnpjCpf"), "{v}");
}

#[test]
fn every_violation_is_reported() {
    let v = violations(|b| {
        b["data"][0]["type"] = json!("NOPE");
        b["data"][0]["transactionAmount"]["amount"] = json!(10);
        b["meta"]["requestDateTime"] = json!("yesterday");
    });
    for pointer in ["/data/0/type", "/data/0/transactionAmount/amount", "/meta/requestDateTime"] {
        assert!(v.has_pointer(pointer), "{pointer} missing from {v}");
    }
    let text = v.to_string();
    assert!(text.starts_with("accounts/2.4.2.yml GET /accounts/{accountId}/transactions → 200"), "{text}");
}

#[test]
fn strict_mode_rejects_undeclared_properties_and_lenient_accepts_them() {
    let mut body = transactions_body();
    body["data"][0]["inventedField"] = json!("x");
    ACCOUNTS.validate_response("GET", TRANSACTIONS, 200, &body).unwrap_or_else(|v| panic!("{v}"));
    let v =
        ACCOUNTS.validate_response_strict("GET", TRANSACTIONS, 200, &body).expect_err("strict must reject");
    assert!(v.has_pointer("/data/0"), "{v}");
    assert!(v.to_string().contains("inventedField"), "{v}");
}

#[test]
fn error_responses_use_their_own_schema() {
    let error = json!({"errors": [{"code": "NAO_INFORMADO", "title": "t", "detail": "d"}], "meta": {"requestDateTime": "2021-05-21T08:30:00Z"}});
    ACCOUNTS.validate_response("GET", TRANSACTIONS, 404, &error).unwrap_or_else(|v| panic!("{v}"));
    // 418 is not declared: falls back to `default`.
    ACCOUNTS.validate_response("GET", TRANSACTIONS, 418, &error).unwrap_or_else(|v| panic!("{v}"));
    let v =
        ACCOUNTS.validate_response("GET", TRANSACTIONS, 404, &json!({"errors": []})).expect_err("minItems 1");
    assert!(v.has_pointer("/errors"), "{v}");
}

#[test]
fn unknown_path_method_and_status_are_clear_errors() {
    let lookup = |r: Result<(), Violations>| match r {
        Err(Violations::Lookup(e)) => e,
        other => panic!("expected a lookup error, got {other:?}"),
    };
    let e = lookup(ACCOUNTS.validate_response("GET", "/open-banking/accounts/v2/cards", 200, &json!({})));
    assert!(matches!(e, SpecError::UnknownPath { .. }), "{e}");
    assert!(e.to_string().contains("/accounts/{accountId}/transactions"), "lists known paths: {e}");
    let e = lookup(ACCOUNTS.validate_response("DELETE", TRANSACTIONS, 200, &json!({})));
    assert!(matches!(e, SpecError::UnknownMethod { .. }), "{e}");
    assert!(e.to_string().contains("GET"), "{e}");
    // Consents' DELETE declares 204 without a body, and no `default`.
    let consent = "/open-banking/consents/v3/consents/urn:ponte999:abc-1";
    let e = lookup(CONSENTS.validate_response("DELETE", consent, 204, &json!({})));
    assert!(matches!(e, SpecError::NoSchema { .. }), "{e}");
    // The directory's GET /participants is the one operation without a `default` response.
    let participants = Spec::ofb("participants", "1.0.0").unwrap_or_else(|e| panic!("{e}"));
    let e = lookup(participants.validate_response("GET", "/participants", 302, &json!([])));
    assert!(matches!(e, SpecError::UnknownStatus { .. }), "{e}");
    assert!(e.to_string().contains("200, 401"), "lists declared statuses: {e}");
    let e = Spec::ofb("accounts", "9.9.9").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("2.4.2.yml"), "lists available versions: {e}");
}

#[test]
fn consent_urns_match_path_templates() {
    let body = json!({
        "data": {
            "consentId": "urn:ponte999:abc-1",
            "creationDateTime": "2021-05-21T08:30:00Z",
            "status": "AWAITING_AUTHORISATION",
            "statusUpdateDateTime": "2021-05-21T08:30:00Z",
            "permissions": ["ACCOUNTS_READ", "RESOURCES_READ"],
            "expirationDateTime": "2021-05-21T08:30:00Z"
        },
        "links": {"self": "https://api.banco.com.br/open-banking/consents/v3/consents/urn:ponte999:abc-1"},
        "meta": {"totalRecords": 1, "totalPages": 1, "requestDateTime": "2021-05-21T08:30:00Z"}
    });
    let path = "/open-banking/consents/v3/consents/urn:ponte999:abc-1";
    CONSENTS.validate_response("GET", path, 200, &body).unwrap_or_else(|v| panic!("{v}"));
    // As declared: this response marks only x-v as required (x-fapi-interaction-id is optional here).
    let headers = CONSENTS.required_response_headers("GET", path, 200).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(headers, ["x-v"]);
}

#[test]
fn required_headers_follow_refs() {
    let headers =
        ACCOUNTS.required_response_headers("GET", TRANSACTIONS, 200).unwrap_or_else(|e| panic!("{e}"));
    assert!(headers.iter().any(|h| h == "x-fapi-interaction-id"), "{headers:?}");
    let error =
        ACCOUNTS.required_response_headers("GET", TRANSACTIONS, 404).unwrap_or_else(|e| panic!("{e}"));
    assert!(error.is_empty(), "{error:?}");
}

#[test]
fn request_bodies_are_validated() {
    let request = json!({"data": {
        "loggedUser": {"document": {"identification": "11111111111", "rel": "CPF"}},
        "permissions": ["ACCOUNTS_READ", "RESOURCES_READ"],
        "expirationDateTime": "2021-05-21T08:30:00Z"
    }});
    CONSENTS
        .validate_request("POST", "/open-banking/consents/v3/consents", &request)
        .unwrap_or_else(|v| panic!("{v}"));
    let mut wrong = request.clone();
    wrong["data"]["permissions"] = json!(["ACCOUNTS_WRITE"]);
    let v = CONSENTS.validate_request("POST", "/consents", &wrong).expect_err("unknown permission");
    assert!(v.has_pointer("/data/permissions/0"), "{v}");
    let v = CONSENTS.validate_request("GET", "/consents/urn:a:b", &request).expect_err("GET has no body");
    assert!(matches!(v, Violations::Lookup(SpecError::NoSchema { .. })), "{v}");
}

#[test]
fn operations_are_listed_with_base_paths() {
    let ops = ACCOUNTS.operations();
    assert!(ops.iter().any(
        |o| o.method == "GET" && o.path == "/open-banking/accounts/v2/accounts/{accountId}/transactions"
    ));
    assert_eq!(ops.len(), 6, "{ops:?}");
}
