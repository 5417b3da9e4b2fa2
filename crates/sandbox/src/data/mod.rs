//! The Open Finance Brasil response shapes the sandbox banks answer with, one module per API
//! family, faithful to the official OpenAPI files in `ofb-specs/` (field names, required
//! fields, enums, string formats). These are the `data` part of a response; the resource server
//! wraps them as `{"data": …, "links": …, "meta": …}`.
//!
//! Conventions: optional fields are `Option`s skipped when `None` (no OFB field here is
//! nullable); enums serialise to the spec's SCREAMING_SNAKE names; money is
//! [`common::OfbMoney`] over [`rust_decimal::Decimal`], never floating point; date-times carry
//! milliseconds exactly where the spec's pattern does ([`common::DateTimeMs`]).

pub mod accounts;
pub mod common;
pub mod credit_cards;
pub mod credit_operations;
pub mod customers;
pub mod fixed_incomes;
pub mod resources;

pub use common::{DateTimeMs, DateTimeZ, Dec, Dec2, Dec8, OfbDate, OfbMoney, Rate};
