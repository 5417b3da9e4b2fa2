//! Storage of the Link journey: links, consents and their timelines, the tokens banks issued,
//! and single-use journey grants. Every read a partner can trigger is scoped by app; the
//! journey's own steps (a bank callback carrying only `state`) find their consent through a
//! grant, which names it.
//!
//! Status changes are compare-and-set ([`Tx::transition_consent`]) and write a timeline row in
//! the same transaction, so two racing requests (the user approving while the expiry job runs)
//! cannot both win, and the caller can put the transition's event in the same transaction.

mod consents;
mod grants;
mod links;

pub(crate) use consents::{COLUMNS as CONSENT_COLUMNS, consent_row};
pub use consents::{ConsentFilter, ConsentRow, NewConsent, Transition, TransitionRow};
pub use grants::Taken;
pub use links::{LinkRow, NewLink};

/// Sealing contexts: a sealed value copied to another row or column fails to open.
fn context(table: &str, id: &str) -> String {
    format!("{table}.document:{id}")
}
