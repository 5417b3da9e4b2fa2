use crate::harness::Journey;
use axum::routing::get;
use serde_json::json;

/// A tiny PNG (1×1) served by a stand-in for the partner's CDN.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0,
    1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 13, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0,
    0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn cdn() -> String {
    let app = axum::Router::new()
        .route("/logo.png", get(|| async { ([("content-type", "image/png")], PNG) }))
        .route("/page.html", get(|| async { ([("content-type", "text/html")], "<script>x</script>") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

async fn set_logo(journey: &Journey, url: &str) {
    let app = journey.store.app(journey.app.app_id).await.unwrap().unwrap();
    let mut settings = app.settings.clone();
    settings.branding.logo_url = Some(url.parse().unwrap());
    journey.store.update_app_settings(app.id, &settings).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_logo_is_served_by_ponte_and_only_when_it_is_an_image() {
    let journey = Journey::start().await;
    let cdn = cdn().await;
    let logo_path = format!("/link/logos/apps/{}", journey.app.app_id);
    set_logo(&journey, &format!("{cdn}/logo.png")).await;
    let (_, token) = journey.link(json!({})).await;
    let html = journey
        .http
        .get(journey.url(&format!("/link?v={token}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&logo_path), "the page shows the logo through Ponte");
    assert!(!html.contains(&cdn), "never the partner's URL");
    let logo = journey.http.get(journey.url(&logo_path)).send().await.unwrap();
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.unwrap().as_ref(), PNG);

    // Not an image: initials instead, never the partner's HTML.
    set_logo(&journey, &format!("{cdn}/page.html")).await;
    let fallback = journey.http.get(journey.url(&logo_path)).send().await.unwrap();
    assert_eq!(fallback.headers()["content-type"], "image/svg+xml");
    assert!(!fallback.text().await.unwrap().contains("<script>"));
    journey.stop().await;
}
