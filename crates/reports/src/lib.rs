//! Ponte's products (spec §8): pure functions from the normalised data of one or more consents
//! ([`ponte_domain::finance::ConsentData`]) to the reports partners receive.
//!
//! * [`categorise`] — the three-level pt-BR taxonomy (a data file), the rules that place a
//!   transaction in it, and per-app override rules.
//! * [`analysis`] — the input of every product: the consents in scope, whose data it is, the
//!   report date, and every transaction's category computed once.
//! * [`products`] — one module per product; [`products::build`] dispatches on the code and says
//!   whether the result is complete (`200`), partial (`204`) or impossible (`5xxx`).
//! * [`envelope`] — the report envelope every product shares.
//!
//! Nothing here does I/O or reads the clock: the caller passes the date, so the same data
//! always gives the same report.

pub mod analysis;
pub mod categorise;
pub mod envelope;
pub mod products;

pub use analysis::{Analysis, Holder};
pub use categorise::{Categorisation, Categoriser, Role};
pub use envelope::{ConsentScope, LinkScope, Report, ReportContext};
