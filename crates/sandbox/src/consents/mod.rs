//! OFB consents as a sandbox bank keeps them (consents API v3.3.1): the record, the rules that
//! decide what a create request becomes, and the transitions of its lifecycle. Pure: the API
//! handlers load and store records through `ponte_store`.

mod record;
pub mod repo;
mod rules;

pub use record::{ConsentRecord, ConsentStatus, RejectedBy, Rejection, RejectionCode};
pub use rules::{CreateConsentRequest, granted_permissions};

/// An OFB consent waits this long for the customer before the bank rejects it.
pub const AUTHORISATION_WINDOW: time::Duration = time::Duration::minutes(60);
