//! The institution list: a bank in outage is shown, badged and cannot be chosen.

use crate::support::World;
use crate::support::tab::Tab;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_in_outage_is_listed_with_its_badge_and_cannot_be_chosen() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": "76109277673" })).await;

    tab.open_link(&link).await;
    tab.continue_from_landing().await;
    let outage = tab.wait_for(&Tab::institution_button("995")).await;
    assert_eq!(tab.text(&format!("{} .n", Tab::institution_button("995"))).await, "Banco Fora do Ar");
    assert!(!outage.is_enabled().await.expect("enabled?"), "995's button must be disabled");
    let badge = tab.text(&format!("{} .badge.warn", Tab::institution_button("995"))).await;
    assert!(!badge.trim().is_empty(), "995 carries the outage badge");
    for code in ["999", "998", "997", "996"] {
        let button = tab.wait_for(&Tab::institution_button(code)).await;
        assert!(button.is_enabled().await.expect("enabled?"), "{code} can be chosen");
    }
    let badges = tab.js("return document.querySelectorAll('ul.insts .badge.warn').length;").await;
    assert_eq!(badges, json!(1), "only 995 is in outage");

    // Forcing the choice (the confirmation page's URL typed by hand) is refused at the POST:
    // the page says so and no consent is created.
    let url = format!("{}/link/confirm?institution=995&v={}", ponte.base, link.token);
    tab.goto(&url).await;
    tab.wait_page("data_confirmation").await;
    tab.click("form[action=\"/link/authorise\"] button[type=\"submit\"]").await;
    let error = tab.text("p.error[role=\"alert\"]").await;
    assert!(error.contains("indisponível"), "the refusal shown: {error}");
    let (status, _) = tab.document_response().await;
    assert_eq!(status, 422);
    let read = ponte.api(&format!("/data/v1/links/{}", link.id)).await;
    assert_eq!(read["consents"], json!([]), "{read}");
    world.stop().await;
}
