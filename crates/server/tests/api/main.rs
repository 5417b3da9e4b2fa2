//! The partner API over real HTTP: a server per test on 127.0.0.1:0 with its own data directory.

mod harness;

mod auth;
mod bad_input;
mod idempotency;
mod operations;
mod tokens;
mod webhooks;
