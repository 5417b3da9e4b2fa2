//! Data retrieval and reports end to end: a consent completed at the in-process sandbox, the
//! jobs drained, and what the partner's receiver got checked — signature, schema, and figures
//! recomputed here from the raw OFB pages Ponte kept for audit.

mod automatic;
#[allow(dead_code)]
#[path = "../journey/harness.rs"]
mod harness;
mod raw;
mod requests;

/// How long the receiver's helpers wait (they are not used here: jobs are drained).
pub const EVENT_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

#[allow(dead_code)]
#[path = "../browser/support/receiver.rs"]
mod receiver;

use harness::Journey;
use ponte_domain::ProductCode;
use ponte_store::worker::{Worker, WorkerConfig};
use receiver::{Delivery, Receiver};
use serde_json::{Value, json};
use std::path::PathBuf;

/// A running Ponte with the sandbox, and a partner receiving its events and reports.
pub struct Partner {
    pub journey: Journey,
    pub receiver: Receiver,
}

impl Partner {
    pub async fn start() -> Partner {
        let journey = Journey::start().await;
        let receiver = Receiver::start(journey.app.webhook_secret.expose()).await;
        let mut settings = journey.store.app(journey.app.app_id).await.expect("app").expect("app").settings;
        let url: ponte_domain::HttpUrl = format!("{}/events", receiver.base).parse().expect("url");
        settings.event_webhook_url = Some(url.clone());
        settings.products_webhook_url = Some(url);
        journey.store.update_app_settings(journey.app.app_id, &settings).await.expect("settings");
        Partner { journey, receiver }
    }

    /// A link and an approved headless consent for `tax_id` at `institution`; returns
    /// (linkId, consentId).
    pub async fn consent(&self, institution: &str, tax_id: &str) -> (String, String) {
        let field = if tax_id.len() == 14 { "businessTaxId" } else { "personalTaxId" };
        let (link_id, _) = self.journey.link(json!({ field: tax_id })).await;
        let consent = self.journey.headless(&link_id, institution, tax_id, "approve").await;
        assert_eq!(consent["status"], "AUTHORISED", "{consent}");
        (link_id, consent["consentId"].as_str().expect("id").to_owned())
    }

    /// Runs every due job (fetches, builds, deliveries) until none is left.
    pub async fn drain(&self) {
        let state = self.journey.state();
        let mut worker = Worker::new(self.journey.store.clone(), WorkerConfig::default());
        ponte_server::jobs::register(&mut worker, state).expect("handlers");
        worker.drain().await.expect("drain");
    }

    /// The reports received, by product.
    pub fn reports(&self) -> Vec<(ProductCode, Value)> {
        let received = self.receiver.received();
        assert!(received.refused.is_empty(), "deliveries failed verification: {:?}", received.refused);
        received
            .events
            .iter()
            .filter(|d| d.body.get("productReportId").is_some())
            .map(|d| (d.name.parse().expect("a product code"), d.body.clone()))
            .collect()
    }

    /// The events received with `name`.
    pub fn events(&self, name: &str) -> Vec<Delivery> {
        self.receiver.received().events.into_iter().filter(|d| d.name == name).collect()
    }

    /// The raw OFB pages Ponte kept for a consent.
    pub async fn raw(&self, consent_id: &str) -> Value {
        let id = consent_id.parse().expect("consent id");
        let text =
            self.journey.store.consent_raw(self.journey.app.app_id, id).await.expect("raw").expect("kept");
        serde_json::from_str(&text).expect("raw json")
    }

    pub async fn stop(self) {
        self.journey.stop().await;
    }
}

/// Panics with every violation when `report` breaks the envelope or its product's schema.
pub fn assert_schema_valid(product: ProductCode, report: &Value) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../reports/schemas");
    for file in ["envelope.schema.json".to_owned(), format!("products/{}.schema.json", product.as_str())] {
        let text = std::fs::read_to_string(dir.join(&file)).expect("schema file");
        let schema: Value = serde_json::from_str(&text).expect("schema json");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> =
            validator.iter_errors(report).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{product} breaks {file}:\n{}", errors.join("\n"));
    }
}
