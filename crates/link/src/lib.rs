//! The Link journey (spec §3–§6): links, consents at institutions through the OFB client, the
//! statuses they move through, the events each move emits, and the jobs that expire and poll
//! them. Front-ends (the partner API, the Link pages, the sandbox endpoint) call [`Journey`];
//! it never renders anything and knows no HTTP framework.

pub mod documents;
pub mod events;
pub mod journey;
pub mod registry;
pub mod requests;
pub mod view;

pub use journey::{Journey, JourneyError};
pub use registry::{InstitutionEntry, Registry};
