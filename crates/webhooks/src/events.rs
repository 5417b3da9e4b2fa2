//! The event envelope (spec §6) and turning an event into an outbox entry.

use ponte_store::deliveries::{DeliveryKind, NewDelivery};
use serde::Serialize;
use time::OffsetDateTime;
use time::macros::format_description;
use uuid::Uuid;

/// One event delivery's body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventEnvelope<'a, P: Serialize> {
    pub partner_app_id: Uuid,
    pub event_id: Uuid,
    /// Always `api` (the Klavi-compatible event type of Open Finance events).
    pub event_type: &'static str,
    pub event_name: &'a str,
    /// UTC, RFC 3339 with milliseconds.
    pub event_time: String,
    pub payload: P,
    pub external_info: Option<&'a serde_json::Value>,
}

/// UTC RFC 3339 with milliseconds, e.g. `2026-11-23T12:00:00.123Z`.
pub fn timestamp(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

/// An event for the outbox, addressed to the app's event URL (or stored when it has none).
pub fn event_delivery<P: Serialize>(
    app_id: Uuid,
    event_name: &str,
    payload: P,
    external_info: Option<&serde_json::Value>,
    event_url: Option<&str>,
    now: OffsetDateTime,
) -> Result<(NewDelivery, Uuid), serde_json::Error> {
    let event_id = Uuid::now_v7();
    let envelope = EventEnvelope {
        partner_app_id: app_id,
        event_id,
        event_type: "api",
        event_name,
        event_time: timestamp(now),
        payload,
        external_info,
    };
    let body = serde_json::to_vec(&envelope)?;
    let delivery = NewDelivery {
        app_id,
        kind: DeliveryKind::Event,
        message_id: event_id.to_string(),
        name: event_name.to_owned(),
        url: event_url.map(str::to_owned),
        body,
    };
    Ok((delivery, event_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn envelopes_have_the_spec_fields_and_millisecond_times() {
        let app = Uuid::new_v4();
        let (delivery, event_id) = event_delivery(
            app,
            "link_created",
            serde_json::json!({ "linkId": "l1" }),
            None,
            Some("https://partner.example/events"),
            datetime!(2026-11-23 12:00:00.123456 UTC),
        )
        .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&delivery.body).unwrap();
        assert_eq!(body["partnerAppId"], app.to_string());
        assert_eq!(body["eventId"], event_id.to_string());
        assert_eq!(body["eventType"], "api");
        assert_eq!(body["eventName"], "link_created");
        assert_eq!(body["eventTime"], "2026-11-23T12:00:00.123Z");
        assert_eq!(body["payload"]["linkId"], "l1");
        assert!(body["externalInfo"].is_null());
        assert_eq!(delivery.message_id, event_id.to_string());
    }
}
