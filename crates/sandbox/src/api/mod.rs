//! The resource server of a sandbox bank: the OFB data APIs with their shared rules (headers,
//! errors, pagination, consent and permission checks, operational limits).

pub mod access;
pub mod accounts;
pub mod call;
pub mod cards;
pub mod consents;
pub mod credit;
pub mod customers;
pub mod dates;
pub mod discovery;
pub mod error;
pub mod fapi;
pub mod investments;
pub mod limits;
pub mod page;
pub mod resources;
