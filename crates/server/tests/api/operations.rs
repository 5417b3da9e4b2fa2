use crate::harness::{TestServer, assert_error};
use serde_json::Value;

#[tokio::test]
async fn probes_answer() {
    let server = TestServer::start().await;
    let health: Value = server.http.get(server.url("/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let ready = server.http.get(server.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let server = TestServer::start().await;
    for path in ["/healthz", "/nope", "/data/v1/refresh", "/openapi.json"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{path}: {id}");
    }
    let echoed =
        server.http.get(server.url("/healthz")).header("x-request-id", "client-42").send().await.unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "client-42");
    let replaced =
        server.http.get(server.url("/healthz")).header("x-request-id", "evil\tvalue").send().await.unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "evil\tvalue");
    server.stop().await;
}

#[tokio::test]
async fn metrics_are_in_prometheus_text_format() {
    let server = TestServer::start().await;
    assert_error(server.auth("ak_sbx_nobody", "x").await, 401).await;
    let response = server.http.get(server.url("/metrics")).send().await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    assert!(text.contains("ponte_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/data/v1/auth\""), "{text}");
    assert!(!text.contains("ak_sbx_nobody"), "metrics must not carry request data");
    server.stop().await;
}

#[tokio::test]
async fn openapi_document_matches_the_snapshot() {
    let server = TestServer::start().await;
    let document: Value =
        server.http.get(server.url("/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(document, serde_json::to_value(ponte_server::routes::openapi()).unwrap());
    insta::assert_json_snapshot!("openapi", document);
    server.stop().await;
}

#[tokio::test]
async fn docs_page_is_self_contained() {
    let server = TestServer::start().await;
    let response = server.http.get(server.url("/docs")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = response.text().await.unwrap();
    assert!(html.contains("/data/v1/auth"));
    assert!(html.contains("/data/v1/refresh"));
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.contains("src=\"http"), "nothing loaded from elsewhere");
    let css = server.http.get(server.url("/docs/style.css")).send().await.unwrap();
    assert_eq!(css.status(), 200);
    server.stop().await;
}
