//! The sandbox institutions: five Open Finance Brasil test banks that answer as the official
//! OpenAPI files say, behind a FAPI-BR authorisation server, with deterministic personas.
//!
//! Layout: `bank` (the five institutions and their behaviour), `data` (the OFB response shapes),
//! `personas` (pure, deterministic generation of a customer's data at a bank), `pki`/`tls` (the
//! local CA, certificates and the HTTPS listener with optional client certificates), `directory`
//! (the participants document), `api` (the resource server) and `auth` (the authorisation server).

pub mod api;
pub mod auth;
pub mod bank;
pub mod client;
pub mod consents;
pub mod context;
pub mod customer;
pub mod data;
pub mod directory;
pub mod faults;
pub mod personas;
pub mod pki;
pub mod server;
pub mod start;
pub mod tls;
