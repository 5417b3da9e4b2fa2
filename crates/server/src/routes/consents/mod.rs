pub mod create_consent;
pub mod get_consent;
pub mod list_consents;
pub mod revoke_consent;
