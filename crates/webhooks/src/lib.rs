//! Webhook delivery building blocks: Standard Webhooks and Klavi-compatible signatures, report
//! routing, the retry schedule and the SSRF guard. Pure functions; the delivery worker, outbox
//! and HTTP client come with the rest of the webhooks issue.

pub mod routing;
pub mod schedule;
pub mod signing;
pub mod ssrf;
