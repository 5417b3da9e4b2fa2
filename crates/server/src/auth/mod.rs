//! Partner authentication: access tokens, the extractor that gives handlers the authenticated
//! app, and the failed-attempt limiter.

pub mod extractor;
pub mod limiter;
pub mod tokens;

pub use extractor::{AuthenticatedApp, bearer_token};
pub use limiter::FailureLimiter;
pub use tokens::{AccessClaims, TokenService};
