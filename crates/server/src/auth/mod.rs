//! Who is calling: partners' backends (access tokens) and a link's front-end (link tokens).

pub mod extractor;
pub mod limiter;
pub mod link_session;
pub mod tokens;

pub use extractor::{AuthenticatedApp, bearer_token};
pub use limiter::FailureLimiter;
pub use link_session::LinkSession;
pub use tokens::{AccessClaims, LinkClaims, TokenService};
