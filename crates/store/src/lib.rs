//! Ponte's storage: one interface over SQLite (embedded default) and PostgreSQL (replicas),
//! the durable job queue and encryption of sensitive columns.
//!
//! Front-ends call methods on [`Store`] and [`Tx`]; no SQL leaves this crate.

pub mod apps;
pub mod clock;
pub mod crypto;
mod db;
pub mod deliveries;
pub mod endpoints;
mod error;
pub mod idempotency;
pub mod jobs;
pub mod journey;
pub mod keys;
mod migrate;
pub mod products;
pub mod reseal;
pub mod sandbox;
pub mod scratch;
mod store;
pub mod worker;

pub use clock::{Clock, ManualClock, SystemClock};
pub use crypto::{Keyring, MasterKey};
pub use db::{Backend, PoolSettings, redact_url};
pub use error::{Result, StoreError};
pub use store::{Store, Tx};
