//! An expired link URL shows the "Link expired" page (HTTP 410).

use crate::support::World;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_link_url_shows_the_link_expired_page() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": "76109277673" })).await;
    // Link lifetimes are at least 60 s: sign a token for the link that expired two minutes ago.
    let past = time::OffsetDateTime::now_utc().unix_timestamp() - 120;
    let id = link.id.parse().expect("link id");
    let token = ponte.state().tokens.issue_link(&ponte.app, id, past).expect("a link token");

    tab.goto(&format!("{}/link?v={}", ponte.base, token.token)).await;
    tab.wait_page("message").await;
    let (status, _) = tab.document_response().await;
    assert_eq!(status, 410, "the expired page's status");
    assert_eq!(tab.text("h1").await, "Link expirado");
    let message = tab.text("main p").await;
    assert!(message.contains("Este link expirou"), "the message: {message}");

    // The link itself is still valid: its own URL opens the landing page.
    tab.open_link(&link).await;
    world.stop().await;
}
