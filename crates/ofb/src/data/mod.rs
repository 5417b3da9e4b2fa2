//! Fetching a consent's data (spec §7) and normalising it into Ponte's model.
//!
//! [`fetch_consent`] reads `GET /resources`, then, for every resource listed AVAILABLE, the
//! endpoints the granted permissions allow — accounts, credit cards, the four credit-operation
//! APIs, bank fixed incomes — and the customer's identity. Every list is followed page by page
//! (`page-size=1000`, then `links.next` on the API's own origin only, at most 500 pages); 429,
//! 529, 5xx and transport failures are retried with backoff and jitter, honouring
//! `Retry-After` ([`RetryPolicy`]); at most four requests are in flight per consent.
//!
//! The history window ends on [`FetchTarget::today`] and starts 365 days before it (the
//! 12 months OFB serves); `-current` endpoints are asked for D-6 to today. Pass the date as
//! the institution sees it: a window starting before the bank's own "12 months ago" is refused.
//!
//! A fetch that partly fails still returns data: what could not be read (an endpoint failing
//! after its retries, a 404, a malformed answer or items, a resource not AVAILABLE, an
//! operational limit reached) is named in [`ConsentData::missing`]. Only a token the bank
//! refuses at `/resources`, or an unusable configuration, is a [`FetchError`].
//!
//! Storage, scheduling and the operational-limit counters are the caller's: it answers
//! [`FetchControl::may_call`] before every counted call, with [`operational_limit`] as the
//! monthly budget.

mod areas;
mod limits;
mod normalise;
mod plan;
mod retry;
mod session;

pub use limits::operational_limit;
pub use retry::RetryPolicy;

use crate::FapiClient;
use crate::directory::Endpoints;
use crate::fapi::UserPresent;
use areas::{Ctx, Window};
use plan::{Granted, template};
use ponte_domain::Audience;
use ponte_domain::finance::{ConsentData, MissingPart};
use serde_json::Value;
use session::{Call, Failure, Session};
use std::fmt;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// The consent to fetch and where.
#[derive(Clone)]
pub struct FetchTarget<'a> {
    /// The institution's announced APIs (directory family and URL).
    pub endpoints: &'a Endpoints,
    /// The consent-bound access token, already fresh.
    pub access_token: &'a str,
    /// The permissions the consent grants (OFB names).
    pub permissions: &'a [String],
    /// Ponte's consent id (copied into [`ConsentData`]).
    pub consent_id: &'a str,
    pub institution_code: &'a str,
    pub institution_name: &'a str,
    /// The last day of the history window, which starts 365 days before it.
    pub today: Date,
    /// Personal reads `customers/personal/*`, business `customers/business/*`.
    pub audience: Audience,
    /// The customer-present headers, when the customer is there.
    pub user: UserPresent,
}

impl fmt::Debug for FetchTarget<'_> {
    /// Without the access token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchTarget")
            .field("consent_id", &self.consent_id)
            .field("institution_code", &self.institution_code)
            .field("permissions", &self.permissions)
            .field("today", &self.today)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// What the caller decides during a fetch.
#[async_trait::async_trait]
pub trait FetchControl: Send + Sync {
    /// Asked before each counted call: the first page of an endpoint for a resource (pages
    /// reached through `links.next` are not counted, as OFB says). `endpoint` is the path
    /// template below the API's root (`/accounts/{accountId}/transactions`), `area` the API
    /// (`accounts`, `credit-cards-accounts`, …), `resource_id` the account, card, bill,
    /// contract or investment it is about. `false` (the month's operational limit is reached)
    /// skips the call and names it as missing. `/resources` is asked too, though OFB sets no
    /// limit on it.
    async fn may_call(&self, endpoint: &str, area: &str, resource_id: Option<&str>) -> bool;

    /// Progress for the Link page and logs: an area's resources done so far.
    fn progress(&self, progress: &Progress);
}

/// How far an area is: `done` of its `total` resources (identity counts as one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub area: &'static str,
    pub done: usize,
    pub total: usize,
}

/// A fetch's result.
#[derive(Clone, Debug)]
pub struct FetchOutcome {
    /// The normalised data, with what is missing named.
    pub data: ConsentData,
    /// The institution's pages of this fetch, for audit: `{"<area> <path>": [page bodies…]}`
    /// (`"accounts /accounts/{id}/transactions"`), keys sorted.
    pub raw: Value,
    /// HTTP requests sent, pages and retries included.
    pub calls: u32,
    /// The `x-fapi-interaction-id` of every request (failed ones too), for support tickets.
    pub interaction_ids: Vec<String>,
}

/// Why nothing at all can be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// `/resources` refused the token: refresh it, or treat the consent as revoked at the bank.
    #[error("the institution refused the access token at /resources (HTTP {status})")]
    TokenRefused { status: u16 },
    /// The institution's directory entry or Ponte's input cannot be used (no resources API,
    /// a token that cannot be a header…).
    #[error("cannot fetch: {0}")]
    Config(String),
}

/// Fetches and normalises everything the consent grants. See the module documentation.
pub async fn fetch_consent(
    client: &FapiClient,
    target: &FetchTarget<'_>,
    control: &dyn FetchControl,
    retry: &RetryPolicy,
) -> Result<FetchOutcome, FetchError> {
    let resources_url = target
        .endpoints
        .resources
        .clone()
        .filter(|url| url.scheme() == "https")
        .ok_or_else(|| FetchError::Config("the institution announces no HTTPS resources API".into()))?;
    let window = Window::ending(target.today)
        .ok_or_else(|| FetchError::Config("today is out of the representable range".into()))?;
    let session = Session::new(client, target, control, retry)?;
    let granted = Granted::new(target.permissions);
    let mut data = ConsentData::empty(
        target.consent_id.to_owned(),
        target.institution_code.to_owned(),
        target.institution_name.to_owned(),
        target.permissions.to_vec(),
        (window.from, window.today),
        OffsetDateTime::now_utc(),
    );

    session.progress("resources", 0, 1);
    let call = Call::new("resources", template::RESOURCES, &[]).paged();
    match session.pages(&resources_url, &call).await {
        Ok(pages) => {
            let parsed = normalise::resources::resources(&pages);
            if parsed.malformed > 0 {
                let reason = format!("{} resources were malformed and skipped", parsed.malformed);
                session.missing("resources", template::RESOURCES, None, reason);
            }
            data.resources = parsed.items;
        }
        Err(Failure { status: Some(status @ (401 | 403)), .. }) => {
            return Err(FetchError::TokenRefused { status });
        }
        Err(failure) => {
            // Without the list of resources nothing else can be chosen: the data stays empty.
            session.missing("resources", template::RESOURCES, None, failure.reason);
            return Ok(finish(data, session));
        }
    }
    session.progress("resources", 1, 1);

    let ctx = Ctx {
        session: &session,
        endpoints: target.endpoints,
        institution_name: target.institution_name,
        granted: &granted,
        resources: &data.resources,
        window,
    };
    let identity = async {
        match target.audience {
            Audience::Personal => (areas::customers::personal(&ctx).await, None),
            Audience::Business => (None, areas::customers::business(&ctx).await),
        }
    };
    let (accounts, cards, contracts, investments, (personal, business)) = tokio::join!(
        areas::accounts::fetch(&ctx),
        areas::cards::fetch(&ctx),
        areas::credit::fetch(&ctx),
        areas::investments::fetch(&ctx),
        identity,
    );
    data.accounts = accounts;
    data.cards = cards;
    data.contracts = contracts;
    data.investments = investments;
    data.personal = personal;
    data.business = business;
    Ok(finish(data, session))
}

/// The outcome: missing parts in a stable order, the audit copy as JSON.
fn finish(mut data: ConsentData, session: Session<'_>) -> FetchOutcome {
    let log = session.into_log();
    let mut missing: Vec<MissingPart> = log.missing;
    missing.sort_by(|a, b| missing_order(a).cmp(&missing_order(b)));
    missing.dedup();
    data.missing = missing;
    data.fetched_at = OffsetDateTime::now_utc();
    let raw = log
        .raw
        .into_iter()
        .map(|(key, pages)| {
            // The normalisers are done with the pages: unwrapping the `Arc`s does not copy.
            let pages = pages.into_iter().map(|p| Arc::try_unwrap(p).unwrap_or_else(|p| (*p).clone()));
            (key, Value::Array(pages.collect()))
        })
        .collect::<serde_json::Map<String, Value>>();
    FetchOutcome { data, raw: Value::Object(raw), calls: log.calls, interaction_ids: log.interaction_ids }
}

/// Missing parts are listed by area, endpoint, resource and reason.
fn missing_order(part: &MissingPart) -> (&str, &str, Option<&str>, &str) {
    (&part.area, &part.endpoint, part.resource_id.as_deref(), &part.reason)
}
