//! The journeys that end badly: the user rejects at the bank, the bank fails, the user refuses
//! the LGPD confirmation. Each ends on the failure page, returns the error to the partner and
//! sends one event.

use crate::support::{World, param};
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::consents::{ConsentStatus, RejectionCode};
use serde_json::json;

const CPF: &str = "76109277673";
/// The sandbox persona whose code exchange the bank fails.
const FAILING_CPF: &str = "70000000744";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejecting_at_the_bank_shows_the_failure_page_and_returns_access_denied() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": CPF })).await;

    tab.to_the_bank(&link, "999", CPF).await;
    tab.decide_at_bank(false, "failure").await;
    let consent_id = world.consent_on_page().await;
    let reason = tab.text("p.reason").await;
    assert!(reason.contains("O compartilhamento não foi autorizado."), "the reason shown: {reason}");
    tab.wait_for("a[data-track=\"authorise_fail_retry_click\"]").await;
    tab.finish().await;

    let params = world.returned().await;
    assert_eq!(param(&params, "link_id"), Some(link.id.as_str()));
    assert_eq!(param(&params, "consent_id"), Some(consent_id.as_str()));
    assert_eq!(param(&params, "error"), Some("access_denied"), "{params:?}");
    assert_eq!(param(&params, "error_description"), Some("CUSTOMER_MANUALLY_REJECTED"), "{params:?}");
    let consent = ponte.api(&format!("/data/v1/consents/{consent_id}")).await;
    assert_eq!(consent["status"], "REJECTED", "{consent}");
    assert_eq!(consent["statusReason"], "CUSTOMER_MANUALLY_REJECTED", "{consent}");
    let rejected = ponte.partner.wait_event("consent_rejected", &consent_id).await;
    assert_eq!(rejected.body["payload"]["consents"]["status"], "REJECTED");
    assert_eq!(ponte.partner.received().consent_events(&consent_id), ["consent_rejected"]);
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bank_failing_the_code_exchange_ends_in_error_with_its_event() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": FAILING_CPF })).await;

    tab.to_the_bank(&link, "999", FAILING_CPF).await;
    tab.decide_at_bank(true, "failure").await;
    let consent_id = world.consent_on_page().await;
    let reason = tab.text("p.reason").await;
    assert!(
        reason.contains("A instituição não conseguiu concluir a autorização"),
        "the reason shown: {reason}"
    );
    tab.finish().await;

    let params = world.returned().await;
    assert_eq!(param(&params, "consent_id"), Some(consent_id.as_str()));
    assert_eq!(param(&params, "error"), Some("server_error"), "{params:?}");
    let consent = ponte.api(&format!("/data/v1/consents/{consent_id}")).await;
    assert_eq!(consent["status"], "ERROR", "{consent}");
    assert_eq!(consent["statusReason"], "CONSENT_TECHNICAL_ISSUE", "{consent}");
    assert_eq!(param(&params, "error_description"), Some("CONSENT_TECHNICAL_ISSUE"), "{params:?}");
    // The customer approved; the bank then failed the code exchange and says so.
    let at_bank = ponte.bank_consent(BankCode::Healthy, &consent_id).await;
    assert_eq!(at_bank.status, ConsentStatus::Rejected, "{at_bank:?}");
    assert_eq!(at_bank.rejection.map(|r| r.code), Some(RejectionCode::ConsentTechnicalIssue));
    let error = ponte.partner.wait_event("consent_error", &consent_id).await;
    assert_eq!(error.body["payload"]["consents"]["status"], "ERROR");
    assert_eq!(ponte.partner.received().consent_events(&consent_id), ["consent_error"]);
    world.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusing_the_lgpd_confirmation_rejects_the_consent_and_revokes_it_at_the_bank() {
    let Some(world) = World::start().await else { return };
    let (tab, ponte) = (&world.tab, &world.ponte);
    let link = ponte.create_link(json!({ "personalTaxId": CPF })).await;

    tab.to_the_bank(&link, "999", CPF).await;
    tab.decide_at_bank(true, "lgpd").await;
    let consent_id = world.consent_on_page().await;
    tab.answer_lgpd(false).await;
    let reason = tab.text("p.reason").await;
    assert!(
        reason.contains("Você não autorizou o compartilhamento com o parceiro."),
        "the reason shown: {reason}"
    );

    let consent = ponte.api(&format!("/data/v1/consents/{consent_id}")).await;
    assert_eq!(consent["status"], "REJECTED", "{consent}");
    assert_eq!(consent["statusReason"], "LGPD_REFUSED", "{consent}");
    let rejected = ponte.partner.wait_event("consent_rejected", &consent_id).await;
    assert_eq!(rejected.body["payload"]["consents"]["status"], "REJECTED");
    assert_eq!(ponte.partner.received().consent_events(&consent_id), ["consent_rejected"]);
    // Ponte may not keep access it may not use: the bank's consent is revoked.
    let at_bank = ponte.bank_consent(BankCode::Healthy, &consent_id).await;
    assert_eq!(at_bank.status, ConsentStatus::Rejected, "{at_bank:?}");
    assert_eq!(at_bank.rejection.map(|r| r.code), Some(RejectionCode::CustomerManuallyRevoked));

    tab.finish().await;
    let params = world.returned().await;
    assert_eq!(param(&params, "error"), Some("access_denied"), "{params:?}");
    assert_eq!(param(&params, "error_description"), Some("LGPD_REFUSED"), "{params:?}");
    world.stop().await;
}
