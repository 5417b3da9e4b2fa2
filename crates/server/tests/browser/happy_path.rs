//! The journeys that end well: one institution through every page, and two institutions on
//! one link.

use crate::support::tab::Tab;
use crate::support::{World, param};
use serde_json::{Value, json};

const CPF: &str = "76109277673";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_connects_a_bank_through_every_page_and_returns_to_the_partner() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let info = json!({ "customerId": "c-42" });
    let link = ponte.create_link(json!({ "personalTaxId": CPF, "externalInfo": info })).await;
    let created = ponte.partner.wait_event("link_created", &link.id).await;
    assert_eq!(created.body["payload"]["personalTaxId"], CPF);
    assert_eq!(created.body["externalInfo"], info);

    tab.open_link(&link).await;
    let (status, size) = tab.document_response().await;
    assert_eq!(status, 200, "the landing page's status");
    assert!(size <= 30 * 1024, "the landing page is {size} bytes, more than 30 KB");
    world.assert_only_ponte_requests().await;
    tab.continue_from_landing().await;
    tab.choose_institution("999").await;
    let masked: ponte_domain::Cpf = CPF.parse().expect("CPF");
    assert_eq!(tab.text("strong.mono").await, masked.masked(), "the confirmation shows the masked CPF");
    let source = tab.client.source().await.expect("page source");
    tab.ensure(!source.contains(CPF), "the confirmation page must not show the whole CPF").await;
    tab.continue_to_bank("999").await;
    tab.log_in_at_bank(CPF).await;
    tab.decide_at_bank(true, "lgpd").await;
    tab.answer_lgpd(true).await;

    // The success page's live progress (Server-Sent Events) runs to its end: the consent's
    // steps, then the data retrieval of the automatic delivery until it is done.
    tab.wait_true(
        "the live progress reaching its end",
        "document.getElementById('progress-live').textContent === document.getElementById('steps').dataset.endText",
    )
    .await;
    let states =
        tab.js("return [...document.querySelectorAll('#steps li')].map(li => li.dataset.state);").await;
    assert_eq!(states, json!(["done", "done", "done", "done"]), "the progress steps");
    let keys = tab.js("return [...document.querySelectorAll('#steps li')].map(li => li.dataset.step);").await;
    assert_eq!(keys, json!(["bank", "lgpd", "consent", "data"]), "the progress steps");
    world.assert_only_ponte_requests().await;
    tab.finish().await;

    let params = world.returned().await;
    assert_eq!(param(&params, "link_id"), Some(link.id.as_str()));
    let consent_id = param(&params, "consent_id").expect("consent_id").to_owned();
    let track = param(&params, "external_track_id").expect("external_track_id").to_owned();
    assert!(track.starts_with("ponte-"), "a hosted consent's generated externalTrackId: {track}");
    let external_info: Value =
        serde_json::from_str(param(&params, "external_info").expect("external_info")).expect("JSON");
    assert_eq!(external_info, info);
    assert_eq!(param(&params, "error"), None, "{params:?}");
    assert_eq!(param(&params, "error_description"), None, "{params:?}");

    let consent = ponte.api(&format!("/data/v1/consents/{consent_id}")).await;
    assert_eq!(consent["status"], "AUTHORISED", "{consent}");
    assert_eq!(consent["externalTrackId"], track.as_str());
    assert_eq!(consent["institutionCode"], "999");
    assert_eq!(consent["linkId"], link.id.as_str());
    let authorised = ponte.partner.wait_event("consent_authorised", &consent_id).await;
    assert_eq!(authorised.body["payload"]["consents"]["status"], "AUTHORISED");
    assert_eq!(authorised.body["payload"]["linkId"], link.id.as_str());
    assert_eq!(authorised.body["externalInfo"], info);
    assert_eq!(ponte.partner.received().consent_events(&consent_id), ["consent_authorised"]);
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_link_collects_consents_at_two_institutions() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": CPF })).await;

    tab.to_the_bank(&link, "999", CPF).await;
    tab.decide_at_bank(true, "lgpd").await;
    tab.answer_lgpd(true).await;
    let first = world.consent_on_page().await;
    tab.click("a[data-track=\"authorise_success_connect_more_click\"]").await;
    tab.wait_page("institution_list").await;
    let connected = tab.text(&format!("{} .badge.ok", Tab::institution_button("999"))).await;
    assert!(!connected.trim().is_empty(), "999 carries the connected badge");
    tab.choose_institution("996").await;
    tab.continue_to_bank("996").await;
    tab.log_in_at_bank(CPF).await;
    tab.decide_at_bank(true, "lgpd").await;
    tab.answer_lgpd(true).await;
    assert_eq!(tab.text(".inst-head span").await, "Cooperativa Parcial");
    let second = world.consent_on_page().await;
    assert_ne!(first, second);
    tab.finish().await;
    let params = world.returned().await;
    assert_eq!(param(&params, "consent_id"), Some(second.as_str()));
    assert_eq!(param(&params, "error"), None, "{params:?}");

    let read = ponte.api(&format!("/data/v1/links/{}", link.id)).await;
    assert_eq!(read["status"], "AUTHORISED", "{read}");
    let mut consents: Vec<(String, String, String)> = read["consents"]
        .as_array()
        .expect("consents")
        .iter()
        .map(|c| {
            let text = |key: &str| c[key].as_str().unwrap_or_default().to_owned();
            (text("institutionCode"), text("consentId"), text("status"))
        })
        .collect();
    consents.sort();
    let authorised = "AUTHORISED".to_owned();
    assert_eq!(
        consents,
        [
            ("996".to_owned(), second.clone(), authorised.clone()),
            ("999".to_owned(), first.clone(), authorised)
        ]
    );
    for id in [&first, &second] {
        ponte.partner.wait_event("consent_authorised", id).await;
        assert_eq!(ponte.partner.received().consent_events(id), ["consent_authorised"]);
    }
    world.stop().await;
}
