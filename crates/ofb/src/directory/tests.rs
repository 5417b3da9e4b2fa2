use super::*;
use serde_json::json;

fn parse_value(document: &Value) -> Vec<Institution> {
    parse(&serde_json::to_vec(document).unwrap(), &CodeTable::builtin()).unwrap()
}

fn resource(family: &str, version: Value, endpoints: &[&str]) -> Value {
    json!({
        "ApiFamilyType": family,
        "ApiVersion": version,
        "ApiDiscoveryEndpoints": endpoints.iter().map(|e| json!({"ApiEndpoint": e})).collect::<Vec<_>>(),
    })
}

fn server(name: Option<&str>, resources: Vec<Value>) -> Value {
    let mut server = json!({
        "AuthorisationServerId": "as-1",
        "OpenIDDiscoveryDocument": "https://auth.bank.test/.well-known/openid-configuration",
        "CustomerFriendlyLogoUri": "https://bank.test/logo.svg",
        "ApiResources": resources,
    });
    if let Some(name) = name {
        server["CustomerFriendlyName"] = json!(name);
    }
    server
}

fn consents_v3() -> Value {
    resource("consents", json!("3.0.0"), &["https://api.bank.test/open-banking/consents/v3/consents"])
}

fn org(id: &str, cnpj: &str, servers: Vec<Value>) -> Value {
    json!({
        "OrganisationId": id,
        "Status": "Active",
        "OrganisationName": format!("Org {id}"),
        "RegistrationNumber": cnpj,
        "AuthorisationServers": servers,
    })
}

#[test]
fn the_sandbox_directory_gives_its_five_banks() {
    let document = ponte_sandbox::directory::participants("https://sandbox.ponte.test:8443");
    let institutions = parse_value(&document);
    let codes: Vec<&str> = institutions.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["999", "998", "997", "996", "995"]);
    let healthy = &institutions[0];
    assert_eq!(healthy.name, "Banco Ponte Sandbox");
    assert_eq!(healthy.cnpj, "99999999000191");
    assert_eq!(
        healthy.discovery_document,
        "https://sandbox.ponte.test:8443/banks/999/.well-known/openid-configuration"
    );
    assert_eq!(healthy.logo_uri.as_deref(), Some("https://sandbox.ponte.test:8443/banks/999/logo.svg"));
    assert_eq!(healthy.business_type, BusinessType::Both);
    assert_eq!(
        healthy.available_resources,
        [
            "REGISTRATION",
            "ACCOUNTS",
            "CREDIT_CARDS",
            "CREDIT_OPERATIONS:LOANS",
            "CREDIT_OPERATIONS:FINANCINGS",
            "CREDIT_OPERATIONS:UNARRANGED_ACCOUNTS_OVERDRAFT",
            "CREDIT_OPERATIONS:INVOICE_FINANCINGS",
            "INVESTMENTS:BANK_FIXED_INCOMES",
        ]
    );
    assert_eq!(
        healthy.endpoints.consents.as_ref().unwrap().as_str(),
        "https://sandbox.ponte.test:8443/banks/999/open-banking/consents/v3/consents"
    );
    assert_eq!(
        healthy.endpoints.resources.as_ref().unwrap().as_str(),
        "https://sandbox.ponte.test:8443/banks/999/open-banking/resources/v3/resources"
    );
    assert_eq!(healthy.endpoints.api_base().unwrap().as_str(), "https://sandbox.ponte.test:8443/banks/999");
    let partial = &institutions[3];
    assert_eq!(partial.available_resources, ["REGISTRATION", "ACCOUNTS"]);
    assert!(healthy.parent_organisation_id.is_none());
}

#[test]
fn only_active_organisations_with_a_consents_server_are_institutions() {
    let mut pending = org("p", "12345678000195", vec![server(None, vec![consents_v3()])]);
    pending["Status"] = json!("Pending");
    let payments_only =
        org("q", "11222333000181", vec![server(None, vec![resource("payments-consents", json!(4), &[])])]);
    let no_servers = json!({"OrganisationId": "r", "Status": "Active", "OrganisationName": "R", "RegistrationNumber": "44555666000181"});
    assert!(parse_value(&json!([pending, payments_only, no_servers])).is_empty());
}

#[test]
fn codes_fall_back_to_the_cnpj_root_and_number_further_servers() {
    let two = org(
        "a",
        "12.345.678/0001-95",
        vec![server(Some("Banco A"), vec![consents_v3()]), server(None, vec![consents_v3()])],
    );
    let itau = org("b", "60701190000104", vec![server(None, vec![consents_v3()])]);
    let institutions = parse_value(&json!([two, itau]));
    let codes: Vec<&str> = institutions.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["12345678", "12345678-2", "341"]);
    assert_eq!(institutions[0].name, "Banco A");
    assert_eq!(institutions[1].name, "Org a", "no friendly name: the organisation's");
    assert_eq!(institutions[0].cnpj, "12345678000195");
}

#[test]
fn parents_are_found_by_registration_number() {
    let mut child = org("child", "11222333000181", vec![server(None, vec![consents_v3()])]);
    child["ParentOrganisationReference"] = json!("60.701.190/0001-04");
    let mut parent = org("parent", "60701190000104", vec![]);
    parent["Status"] = json!("Withdrawn");
    let mut orphan = org("orphan", "44555666000181", vec![server(None, vec![consents_v3()])]);
    orphan["ParentOrganisationReference"] = json!("99999999999999");
    let institutions = parse_value(&json!([child, parent, orphan]));
    assert_eq!(institutions.len(), 2);
    assert_eq!(institutions[0].parent_organisation_id.as_deref(), Some("parent"));
    assert_eq!(institutions[0].parent_organisation_name.as_deref(), Some("Org parent"));
    assert!(institutions[1].parent_organisation_id.is_none());
}

#[test]
fn business_type_and_products_follow_the_families() {
    let only = |family: &str| {
        let resources = vec![
            consents_v3(),
            resource(family, json!(2), &["https://api.bank.test/open-banking/customers/v2/x"]),
            resource("funds", json!("1.0.0"), &["https://api.bank.test/open-banking/funds/v1/investments"]),
            resource("funds", json!(1), &["https://api.bank.test/open-banking/funds/v1/investments"]),
        ];
        parse_value(&json!([org("a", "12345678000195", vec![server(None, resources)])])).remove(0)
    };
    let business = only("customers-business");
    assert_eq!(business.business_type, BusinessType::Legal);
    assert_eq!(business.available_resources, ["REGISTRATION", "INVESTMENTS:FUNDS"]);
    assert_eq!(only("customers-personal").business_type, BusinessType::Natural);
    assert_eq!(only("accounts").business_type, BusinessType::Both);
}

#[test]
fn the_highest_consents_version_is_used() {
    let resources = vec![
        resource("consents", json!(2), &["https://api.bank.test/open-banking/consents/v2/consents"]),
        consents_v3(),
        resource("consents", json!(3), &["https://api.bank.test/open-banking/consents/v3/consents/{id}"]),
    ];
    let institution =
        parse_value(&json!([org("a", "12345678000195", vec![server(None, resources)])])).remove(0);
    assert_eq!(
        institution.endpoints.consents.unwrap().as_str(),
        "https://api.bank.test/open-banking/consents/v3/consents"
    );
}

#[test]
fn malformed_entries_are_skipped_not_fatal() {
    let good = org("good", "12345678000195", vec![server(None, vec![consents_v3()])]);
    let long = "x".repeat(MAX_STRING_BYTES + 1);
    let mut bad_discovery = server(None, vec![consents_v3()]);
    bad_discovery["OpenIDDiscoveryDocument"] = json!("ftp://nope");
    let mut long_discovery = server(None, vec![consents_v3()]);
    long_discovery["OpenIDDiscoveryDocument"] = json!(format!("https://a.test/{long}"));
    let no_endpoint = server(None, vec![resource("consents", json!(3), &["not a url"])]);
    let document = json!([
        42,
        "text",
        null,
        {"Status": "Active"},
        org("bad-cnpj", "123", vec![server(None, vec![consents_v3()])]),
        org(&long, "12345678000195", vec![server(None, vec![consents_v3()])]),
        org("broken", "11222333000181", vec![bad_discovery, long_discovery, no_endpoint, json!([]), json!(1)]),
        {"OrganisationId": "types", "Status": "Active", "OrganisationName": 5, "RegistrationNumber": ["x"]},
        {"OrganisationId": "servers", "Status": "Active", "OrganisationName": "S",
         "RegistrationNumber": "44555666000181", "AuthorisationServers": {"not": "a list"}},
        {"OrganisationId": "resources", "Status": "Active", "OrganisationName": "S",
         "RegistrationNumber": "44555666000181",
         "AuthorisationServers": [{"ApiResources": [{"ApiFamilyType": "consents", "ApiDiscoveryEndpoints": 3}]}]},
        good,
    ]);
    let institutions = parse_value(&document);
    assert_eq!(institutions.len(), 1);
    assert_eq!(institutions[0].organisation_id, "good");
    assert!(institutions[0].logo_uri.is_some());
}

#[test]
fn whole_documents_that_are_unusable_are_refused() {
    let codes = CodeTable::builtin();
    assert!(parse(b"{}", &codes).is_err());
    assert!(parse(b"not json", &codes).is_err());
    assert!(parse(&vec![b' '; MAX_DOCUMENT_BYTES + 1], &codes).is_err());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(deep.as_bytes(), &codes).is_err(), "nesting is bounded, not a stack overflow");
    assert!(parse(b"[]", &codes).unwrap().is_empty());
}
