//! Ponte's server: configuration, the partner API, telemetry and the wiring that starts a
//! deployment. Business rules live in the domain and store crates; this crate calls them.

pub mod api_docs;
pub mod app;
pub mod auth;
pub mod bootstrap;
pub mod config;
pub mod http;
pub mod institutions;
pub mod jobs;
pub mod link_pages;
pub mod link_ui;
pub mod listen;
pub mod routes;
pub mod serve;
pub mod state;
pub mod telemetry;
