//! The whole FAPI-BR journey against the running sandbox, driven by Ponte's client: directory,
//! metadata, client credentials, consent, PAR, the customer's decision (the only step done by
//! the sandbox's reference browser), id_token, code exchange, data, refresh and revocation.

mod support;

use ponte_ofb::OfbError;
use ponte_ofb::consents::CreateConsent;
use ponte_ofb::fapi::{AuthServer, AuthorisationRequest, Expected};
use ponte_ofb::pkce::{Verifier, random_token};
use ponte_sandbox::bank::BankCode;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use support::{CPF, Env, REDIRECT_URI};

const PERSONAL: &[&str] = &[
    "ACCOUNTS_READ",
    "ACCOUNTS_BALANCES_READ",
    "CREDIT_CARDS_ACCOUNTS_READ",
    "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
    "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
    "RESOURCES_READ",
];
const SCOPES: &[&str] = &["accounts", "credit-cards-accounts", "customers", "resources"];

fn consent_for(cpf: &str, permissions: &[&str]) -> CreateConsent {
    CreateConsent {
        logged_user_cpf: cpf.to_owned(),
        business_entity_cnpj: None,
        permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
        expiration: Some(time::OffsetDateTime::now_utc() + time::Duration::days(90)),
    }
}

/// What Ponte keeps between sending the customer to the bank and the callback.
struct Pending {
    server: Arc<AuthServer>,
    consent_id: String,
    verifier: Verifier,
    state: String,
    nonce: String,
    request_uri: String,
}

async fn start_authorisation(env: &Env, code: &str, cpf: &str, permissions: &[&str]) -> Pending {
    let institution = env.institution(code);
    let server = env.client.server(&institution.discovery_document).await.unwrap();
    let consent = env
        .client
        .create_consent(&server, &env.consents_url(code), &consent_for(cpf, permissions))
        .await
        .unwrap();
    assert_eq!(consent.status, "AWAITING_AUTHORISATION");
    assert!(!consent.interaction_id.is_empty());
    let verifier = Verifier::generate();
    let request = AuthorisationRequest {
        consent_id: consent.consent_id.clone(),
        redirect_uri: REDIRECT_URI.to_owned(),
        scopes: SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        state: random_token(),
        nonce: random_token(),
        code_challenge: verifier.challenge(),
    };
    let pushed = env.client.push_authorisation(&server, &request).await.unwrap();
    assert!(pushed.expires_in >= 60, "FAPI-BR: request_uri lives at least 60 s");
    let url = env.client.authorisation_url(&server, &pushed.request_uri);
    assert!(url.as_str().starts_with(server.authorization_endpoint.as_str()));
    let query: HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], env.config.client_id);
    assert_eq!(query["request_uri"], pushed.request_uri);
    Pending {
        server,
        consent_id: consent.consent_id,
        verifier,
        state: request.state,
        nonce: request.nonce,
        request_uri: pushed.request_uri,
    }
}

fn expected<'a>(pending: &'a Pending, answer: &'a HashMap<String, String>) -> Expected<'a> {
    Expected {
        nonce: &pending.nonce,
        code: Some(&answer["code"]),
        state: Some(&answer["state"]),
        max_age: Some(Duration::from_secs(3600)),
    }
}

#[tokio::test]
async fn a_consent_is_authorised_used_refreshed_and_revoked() {
    let env = Env::start().await;
    let client = &env.client;
    let first = client.server(&env.institution("999").discovery_document).await.unwrap();
    let again = client.server(&env.institution("999").discovery_document).await.unwrap();
    assert!(Arc::ptr_eq(&first, &again), "metadata is cached");
    let token = client.client_credentials(&first, "consents").await.unwrap();
    assert_eq!(client.client_credentials(&first, "consents").await.unwrap().as_str(), token.as_str());

    let pending = start_authorisation(&env, "999", CPF, PERSONAL).await;
    let server = &pending.server;
    let answer = env.browser.authorise(BankCode::Healthy, &pending.request_uri, CPF, true).await;
    assert_eq!(answer["state"], pending.state);
    let claims =
        client.validate_id_token(server, &answer["id_token"], &expected(&pending, &answer)).await.unwrap();
    assert_eq!(claims.acr, "urn:brasil:openbanking:loa2");
    assert!(!claims.sub.is_empty());
    let wrong_nonce = Expected { nonce: "another", ..expected(&pending, &answer) };
    let refused = client.validate_id_token(server, &answer["id_token"], &wrong_nonce).await;
    assert!(matches!(refused, Err(OfbError::IdToken(_))), "{refused:?}");
    let wrong_code = Expected { code: Some("another"), ..expected(&pending, &answer) };
    assert!(client.validate_id_token(server, &answer["id_token"], &wrong_code).await.is_err());
    // Key rotation: a server whose known keys do not include the token's kid fetches its
    // JWKS again, once, and then accepts it.
    let metadata: serde_json::Value =
        env.browser.http.get(&server.discovery_url).send().await.unwrap().json().await.unwrap();
    let stale =
        AuthServer::from_documents(&server.discovery_url, &metadata, &serde_json::json!({"keys": []}))
            .unwrap();
    client.validate_id_token(&stale, &answer["id_token"], &expected(&pending, &answer)).await.unwrap();

    let tokens =
        client.exchange_code(server, &answer["code"], pending.verifier.as_str(), REDIRECT_URI).await.unwrap();
    assert_eq!(tokens.consent_id.as_deref(), Some(pending.consent_id.as_str()));
    let refresh_token = tokens.refresh_token.clone().unwrap();
    assert!((300..=900).contains(&tokens.expires_in));

    let consents_url = env.consents_url("999");
    let consent = client.get_consent(server, &consents_url, &pending.consent_id).await.unwrap();
    assert_eq!(consent.status, "AUTHORISED");
    assert_eq!(consent.permissions.len(), PERSONAL.len());
    assert!(consent.expiration.is_some());

    let resources_url = env.institution("999").endpoints.resources.clone().unwrap();
    let resources = client.get_json(&resources_url, &tokens.access_token).await.unwrap();
    assert!(!resources["data"].as_array().unwrap().is_empty());

    let refreshed = client.refresh(server, &refresh_token).await.unwrap();
    assert_eq!(refreshed.refresh_token.as_deref(), Some(refresh_token.as_str()), "non-rotating");
    let fetched =
        client.get_json_with(&resources_url, &refreshed.access_token, &Default::default()).await.unwrap();
    assert!(fetched.version.is_some(), "x-v");
    assert!(!fetched.interaction_id.is_empty());

    client.delete_consent(server, &consents_url, &pending.consent_id).await.unwrap();
    let revoked = client.get_consent(server, &consents_url, &pending.consent_id).await.unwrap();
    assert_eq!(revoked.status, "REJECTED");
    let rejection = revoked.rejection.unwrap();
    assert_eq!((rejection.by.as_str(), rejection.code.as_str()), ("USER", "CUSTOMER_MANUALLY_REVOKED"));

    let after = client.refresh(server, &refresh_token).await;
    assert!(matches!(&after, Err(OfbError::Rejected { error, .. }) if error == "invalid_grant"), "{after:?}");
    let data = client.get_json(&resources_url, &refreshed.access_token).await;
    assert!(matches!(&data, Err(OfbError::Status { status: 401 | 403, .. })), "{data:?}");
    let twice = client.delete_consent(server, &consents_url, &pending.consent_id).await;
    assert!(
        matches!(&twice, Err(OfbError::Status { status: 422, code: Some(c), .. }) if c == "CONSENTIMENTO_EM_STATUS_REJEITADO"),
        "{twice:?}"
    );
}

#[tokio::test]
async fn a_failed_code_exchange_is_a_bank_failure_and_the_consent_ends_rejected() {
    let env = Env::start().await;
    let persona = "70000000744";
    let pending = start_authorisation(
        &env,
        "999",
        persona,
        &["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"],
    )
    .await;
    let server = &pending.server;
    let answer = env.browser.authorise(BankCode::Healthy, &pending.request_uri, persona, true).await;
    env.client.validate_id_token(server, &answer["id_token"], &expected(&pending, &answer)).await.unwrap();
    let failed =
        env.client.exchange_code(server, &answer["code"], pending.verifier.as_str(), REDIRECT_URI).await;
    assert!(matches!(&failed, Err(OfbError::Status { status: 500, endpoint: "token", .. })), "{failed:?}");
    let consent =
        env.client.get_consent(server, &env.consents_url("999"), &pending.consent_id).await.unwrap();
    assert_eq!(consent.status, "REJECTED");
    assert_eq!(consent.rejection.unwrap().code, "CONSENT_TECHNICAL_ISSUE");
}

#[tokio::test]
async fn a_customer_who_refuses_leaves_a_rejected_consent_and_no_code() {
    let env = Env::start().await;
    let pending = start_authorisation(&env, "999", CPF, PERSONAL).await;
    let answer = env.browser.authorise(BankCode::Healthy, &pending.request_uri, CPF, false).await;
    assert_eq!(answer.get("error").map(String::as_str), Some("access_denied"));
    assert!(!answer.contains_key("code"));
    let consent =
        env.client.get_consent(&pending.server, &env.consents_url("999"), &pending.consent_id).await.unwrap();
    assert_eq!(consent.status, "REJECTED");
}

#[tokio::test]
async fn a_bank_keeps_only_the_permissions_of_what_it_offers() {
    let env = Env::start().await;
    let server = env.client.server(&env.institution("996").discovery_document).await.unwrap();
    let consent = env
        .client
        .create_consent(&server, &env.consents_url("996"), &consent_for(CPF, PERSONAL))
        .await
        .unwrap();
    assert!(consent.permissions.contains(&"ACCOUNTS_READ".to_owned()));
    assert!(consent.permissions.iter().all(|p| !p.starts_with("CREDIT_CARDS")), "{:?}", consent.permissions);
    let cards_only = ["CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "RESOURCES_READ"];
    let nothing_left =
        env.client.create_consent(&server, &env.consents_url("996"), &consent_for(CPF, &cards_only)).await;
    assert!(
        matches!(&nothing_left, Err(OfbError::Status { status: 422, code: Some(c), .. }) if c == "SEM_PERMISSOES_FUNCIONAIS_RESTANTES"),
        "{nothing_left:?}"
    );
}

#[tokio::test]
async fn discovery_status_tells_an_outage_from_a_healthy_bank() {
    let env = Env::start().await;
    let status = |code: &str| env.institution(code).endpoints.api_base().unwrap();
    let healthy = env.client.discovery_status(&status("999")).await.unwrap();
    assert!(healthy.available, "{healthy:?}");
    assert_eq!(healthy.code, "OK");
    let outage = env.client.discovery_status(&status("995")).await.unwrap();
    assert!(!outage.available);
    assert_eq!(outage.code, "UNAVAILABLE");
    assert!(outage.explanation.is_some());
}

#[tokio::test]
async fn an_unreachable_bank_is_a_retryable_transport_error() {
    let env = Env::start().await;
    // A port that was free a moment ago: nothing listens there (the URL's port is used).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let institution = env.institution("999");
    let mut discovery = url::Url::parse(&institution.discovery_document).unwrap();
    discovery.set_port(Some(closed.port())).unwrap();
    let error = env.client.server(discovery.as_str()).await.unwrap_err();
    assert!(matches!(error, OfbError::Transport { endpoint: "discovery", .. }), "{error:?}");
    assert!(error.is_retryable());
    let mut api_base = institution.endpoints.api_base().unwrap();
    api_base.set_port(Some(closed.port())).unwrap();
    let status = env.client.discovery_status(&api_base).await.unwrap();
    assert!(!status.available);
    assert_eq!(status.code, "UNREACHABLE");
}
