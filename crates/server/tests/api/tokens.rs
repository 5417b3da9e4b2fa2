//! Every kind of bad token gets 401 (or 403 for a token of the wrong kind), never a 5xx.

use crate::harness::{TestServer, assert_error};
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn claims(server: &TestServer, overrides: Value) -> Value {
    let mut claims = json!({
        "iss": "http://ponte.test",
        "sub": server.app.app_id.to_string(),
        "aud": "ponte:api",
        "iat": now(),
        "gen": 1,
        "exp": now() + 600,
        "jti": "test",
        "appId": server.app.app_id.to_string(),
        "env": "sandbox",
    });
    for (key, value) in overrides.as_object().unwrap() {
        claims[key] = value.clone();
    }
    claims
}

/// Signs with the server's own key, so only the claims make the token bad.
async fn sign(server: &TestServer, claims: &Value) -> String {
    let key = server.store.signing_keys().await.unwrap().remove(0);
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(key.kid);
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&key.private_key)).unwrap()
}

async fn refresh_status(server: &TestServer, authorization: Option<&str>) -> reqwest::Response {
    let mut request = server.http.get(server.url("/data/v1/refresh"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn missing_or_malformed_authorization_is_401() {
    let server = TestServer::start().await;
    for header in [None, Some(""), Some("Bearer"), Some("Bearer "), Some("Basic abc"), Some("token")] {
        assert_error(refresh_status(&server, header).await, 401).await;
    }
    for garbage in ["abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "....", &"x".repeat(20_000)] {
        let response = refresh_status(&server, Some(&format!("Bearer {garbage}"))).await;
        assert!(response.status() == 401 || response.status() == 431, "{garbage}: {}", response.status());
    }
    server.stop().await;
}

#[tokio::test]
async fn expired_tokens_are_401() {
    let server = TestServer::start().await;
    let token = sign(&server, &claims(&server, json!({ "iat": now() - 4000, "exp": now() - 60 }))).await;
    let body = assert_error(server.get_with_token("/data/v1/refresh", &token).await, 401).await;
    assert!(body["message"].as_str().unwrap().contains("expired"), "{body}");
    server.stop().await;
}

#[tokio::test]
async fn tokens_signed_with_another_key_are_401() {
    let server = TestServer::start().await;
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[9; 32]).to_pkcs8_der().unwrap();
    let our_kid = server.store.signing_keys().await.unwrap().remove(0).kid;
    for kid in [Some(our_kid), Some("unknown".to_owned()), None] {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = kid;
        let forged = jsonwebtoken::encode(
            &header,
            &claims(&server, json!({})),
            &EncodingKey::from_ed_der(stranger.as_bytes()),
        )
        .unwrap();
        assert_error(server.get_with_token("/data/v1/refresh", &forged).await, 401).await;
    }
    // An HMAC token keyed with our public key (algorithm confusion) is refused too.
    let key = server.store.signing_keys().await.unwrap().remove(0);
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.kid);
    let confused = jsonwebtoken::encode(
        &header,
        &claims(&server, json!({})),
        &EncodingKey::from_secret(&key.public_key),
    )
    .unwrap();
    assert_error(server.get_with_token("/data/v1/refresh", &confused).await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn tampered_claims_are_401() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut payload: Value = serde_json::from_slice(&engine.decode(&parts[1]).unwrap()).unwrap();
    payload["appId"] = json!(uuid::Uuid::new_v4().to_string());
    parts[1] = engine.encode(serde_json::to_vec(&payload).unwrap());
    assert_error(server.get_with_token("/data/v1/refresh", &parts.join(".")).await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn link_tokens_are_403_where_an_access_token_is_needed() {
    let server = TestServer::start().await;
    let token = sign(&server, &claims(&server, json!({ "aud": "ponte:link" }))).await;
    let body = assert_error(server.get_with_token("/data/v1/refresh", &token).await, 403).await;
    assert!(body["message"].as_str().unwrap().contains("link token"), "{body}");
    let wrong_audience = sign(&server, &claims(&server, json!({ "aud": "somebody-else" }))).await;
    assert_error(server.get_with_token("/data/v1/refresh", &wrong_audience).await, 401).await;
    let wrong_issuer = sign(&server, &claims(&server, json!({ "iss": "https://evil.example" }))).await;
    assert_error(server.get_with_token("/data/v1/refresh", &wrong_issuer).await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn tokens_of_unknown_apps_or_the_wrong_environment_are_401() {
    let server = TestServer::start().await;
    let ghost = uuid::Uuid::new_v4().to_string();
    let token = sign(&server, &claims(&server, json!({ "appId": ghost, "sub": ghost }))).await;
    assert_error(server.get_with_token("/data/v1/refresh", &token).await, 401).await;
    let production = sign(&server, &claims(&server, json!({ "env": "production" }))).await;
    assert_error(server.get_with_token("/data/v1/refresh", &production).await, 401).await;
    server.stop().await;
}

#[tokio::test]
async fn each_app_gets_tokens_for_itself_only() {
    let server = TestServer::start().await;
    let other = server.other_app(ponte_domain::Environment::Production).await;
    let token = server.token_for(&other).await;
    let response = server.get_with_token("/data/v1/refresh", &token).await;
    let body: Value = response.json().await.unwrap();
    let refreshed = body["accessToken"].as_str().unwrap();
    use base64::Engine;
    let payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(refreshed.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(payload["appId"], other.app_id.to_string());
    assert_eq!(payload["env"], "production");
    // The other app's secret does not open the first app, and vice versa.
    assert_error(server.auth(&server.app.access_key, other.secret_key.expose()).await, 401).await;
    server.stop().await;
}
