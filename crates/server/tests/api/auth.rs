use crate::harness::{TestServer, assert_error};
use base64::Engine;
use serde_json::Value;

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("JWT payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url");
    serde_json::from_slice(&bytes).expect("claims JSON")
}

#[tokio::test]
async fn auth_issues_a_signed_access_token() {
    let server = TestServer::start().await;
    let response = server.auth(&server.app.access_key, server.app.secret_key.expose()).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expireIn"], 1800);
    let token = body["accessToken"].as_str().unwrap();
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "EdDSA");
    let claims = claims(token);
    assert_eq!(claims["appId"], server.app.app_id.to_string());
    assert_eq!(claims["env"], "sandbox");
    assert_eq!(claims["aud"], "ponte:api");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 1800);
    assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    server.stop().await;
}

#[tokio::test]
async fn refresh_returns_a_new_token_for_the_same_app() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let response = server.get_with_token("/data/v1/refresh", &token).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let refreshed = body["accessToken"].as_str().unwrap();
    assert_ne!(refreshed, token);
    assert_eq!(claims(refreshed)["appId"], server.app.app_id.to_string());
    assert_eq!(server.get_with_token("/data/v1/refresh", refreshed).await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn wrong_credentials_get_401_in_the_klavi_shape() {
    let server = TestServer::start().await;
    let body = assert_error(server.auth(&server.app.access_key, "sk_wrong").await, 401).await;
    assert_eq!(body["error"], "Unauthorized");
    assert_eq!(body["message"], "Invalid accessKey or secretKey");
    let unknown = assert_error(server.auth("ak_sbx_nobody", "sk_wrong").await, 401).await;
    assert_eq!(unknown, body, "unknown key and wrong secret must look the same");
    assert_error(server.auth(&"a".repeat(10_000), "x").await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn failed_attempts_are_rate_limited_per_access_key_and_per_ip() {
    let server = TestServer::start_with(|c| {
        c.auth.max_failures_per_key = 3;
        c.auth.max_failures_per_ip = 5;
    })
    .await;
    for _ in 0..3 {
        assert_error(server.auth(&server.app.access_key, "sk_wrong").await, 401).await;
    }
    let limited = server.auth(&server.app.access_key, server.app.secret_key.expose()).await;
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 900, "{retry_after}");
    assert_error(limited, 429).await;
    // Other keys from the same address are limited once the address used up its failures.
    for _ in 0..2 {
        assert_error(server.auth("ak_sbx_other", "sk_wrong").await, 401).await;
    }
    assert_error(server.auth("ak_sbx_third", "sk_wrong").await, 429).await;
    server.stop().await;
}

#[tokio::test]
async fn rotating_the_secret_revokes_earlier_tokens() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let rotated = server.store.rotate_app_secret(server.app.app_id).await.unwrap().unwrap();
    let response = server.get_with_token("/data/v1/refresh", &token).await;
    assert_eq!(response.status(), 401, "the old token still works");
    let body = assert_error(response, 401).await;
    assert!(body["message"].as_str().unwrap().contains("revoked"), "{body}");
    let response = server.auth(&server.app.access_key, server.app.secret_key.expose()).await;
    assert_eq!(response.status(), 401, "the old secret still works");
    let fresh = server.token_for(&rotated).await;
    assert_eq!(server.get_with_token("/data/v1/refresh", &fresh).await.status(), 200);
    server.stop().await;
}
