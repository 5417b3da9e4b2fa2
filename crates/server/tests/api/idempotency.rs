//! The Idempotency-Key layer on a router of test endpoints (the foundation has no business POST
//! endpoint yet; later ones mount the same layer).

use crate::harness::TestServer;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use axum::routing::post;
use ponte_server::http::idempotency;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

fn router(server: &TestServer, calls: Arc<AtomicU32>) -> Router {
    let boom_calls = calls.clone();
    Router::new()
        .route(
            "/echo",
            post(move |body: String| {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                async move { (StatusCode::CREATED, axum::Json(json!({ "call": n, "body": body }))) }
            }),
        )
        .route(
            "/boom",
            post(move || {
                boom_calls.fetch_add(1, Ordering::SeqCst);
                async { StatusCode::INTERNAL_SERVER_ERROR }
            }),
        )
        .layer(axum::middleware::from_fn_with_state(server.state().clone(), idempotency::middleware))
}

async fn send(
    router: &Router,
    path: &str,
    token: &str,
    key: Option<&str>,
    body: &str,
) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::post(path).header("authorization", format!("Bearer {token}"));
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = router.clone().oneshot(request.body(Body::from(body.to_owned())).unwrap()).await.unwrap();
    let status = response.status();
    let replayed = response.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap().to_owned());
    let bytes = to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, replayed, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn same_key_and_body_replays_the_first_response() {
    let server = TestServer::start().await;
    let calls = Arc::new(AtomicU32::new(0));
    let router = router(&server, calls.clone());
    let token = server.token().await;
    let (status, replayed, first) = send(&router, "/echo", &token, Some("k1"), "hello").await;
    assert_eq!((status, replayed), (StatusCode::CREATED, None));
    let (status, replayed, second) = send(&router, "/echo", &token, Some("k1"), "hello").await;
    assert_eq!((status, replayed.as_deref()), (StatusCode::CREATED, Some("true")));
    assert_eq!(second, first);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "the handler ran once");

    let (status, _, body) = send(&router, "/echo", &token, Some("k1"), "another body").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["statusCode"], 409);

    let (_, _, fresh) = send(&router, "/echo", &token, Some("k2"), "hello").await;
    assert_eq!(fresh["call"], 2);
    send(&router, "/echo", &token, None, "hello").await;
    assert_eq!(calls.load(Ordering::SeqCst), 3, "requests without a key are never deduplicated");
    server.stop().await;
}

#[tokio::test]
async fn keys_are_scoped_per_app_and_server_errors_free_the_key() {
    let server = TestServer::start().await;
    let calls = Arc::new(AtomicU32::new(0));
    let router = router(&server, calls.clone());
    let other = server.other_app(ponte_domain::Environment::Sandbox).await;
    let (mine, theirs) = (server.token().await, server.token_for(&other).await);
    send(&router, "/echo", &mine, Some("shared"), "a").await;
    let (status, replayed, body) = send(&router, "/echo", &theirs, Some("shared"), "b").await;
    assert_eq!((status, replayed), (StatusCode::CREATED, None));
    assert_eq!(body["body"], "b", "another app's key never returns this app's response");

    let (status, _, _) = send(&router, "/boom", &mine, Some("retry-me"), "").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    send(&router, "/boom", &mine, Some("retry-me"), "").await;
    assert_eq!(calls.load(Ordering::SeqCst), 2 + 2, "a failed request can be retried with its key");

    let (status, _, body) = send(&router, "/echo", &mine, Some("bad key"), "a").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    server.stop().await;
}
