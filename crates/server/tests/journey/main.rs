//! The Link journey through the partner API, against the real sandbox banks (in-process, port
//! 0): every consent outcome, its events, and the security rules.

mod harness;
mod outcomes;
mod pages;
mod security;
