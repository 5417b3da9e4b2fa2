//! Ponte's Open Finance Brasil client, written against the protocol (FAPI-BR and the OFB
//! specifications), not against any particular bank: every institution — the sandbox's or a
//! real one — is reached the same way.
//!
//! * [`directory`] reads the participants document (who the institutions are, where their
//!   authorisation servers and APIs live) into [`directory::Institution`]s.
//! * [`pkce`] makes the PKCE verifier and the random `state`/`nonce` values.
//! * [`fapi`] is the client: server metadata and keys, `private_key_jwt`, client credentials,
//!   pushed authorisation requests, id_token validation, code exchange, refresh, discovery
//!   status and resource GETs, all over one mutual-TLS HTTP client.
//! * [`consents`] creates, reads and revokes consents (consents API v3).
//!
//! Everything a bank answers is treated as hostile: sizes are capped, nothing panics on its
//! input, and no token or personal data is logged.

pub mod consents;
pub mod data;
pub mod directory;
mod error;
pub mod fapi;
pub mod pkce;

pub use error::{BODY_SNIPPET_CHARS, OfbError};
pub use fapi::{ClientConfig, FapiClient};

/// The result type of this crate.
pub type Result<T, E = OfbError> = std::result::Result<T, E>;
