//! Webhook delivery: Standard Webhooks and Klavi-compatible signatures, report routing, the retry
//! schedule, the SSRF guard, the guarded HTTP client and the delivery job. The outbox API, delivery
//! log endpoints and replay come with the rest of the webhooks issue.

pub mod client;
pub mod deliver;
pub mod events;
pub mod routing;
pub mod schedule;
pub mod signing;
pub mod ssrf;
