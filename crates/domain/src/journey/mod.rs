//! The Link journey's vocabulary (spec §4, §5): consent and link statuses with the transitions
//! allowed between them, the validity a user chooses, and the contact details a link carries.

mod contact;
mod status;
mod validity;

pub use contact::{Email, EmailError, Phone, PhoneError};
pub use status::{ConsentStatus, LinkStatus, StatusError};
pub use validity::{ValidityPeriod, ValidityPeriodError};
