//! The journey's operations. Each one is a few steps at the bank followed by one transaction
//! that records the outcome and its event; a crash between the two leaves the consent in its
//! previous status, from which the user can retry or the expiry job ends it.

mod callback;
mod decide;
mod headless;
mod links;
mod start;
mod sweep;

pub use callback::{CallbackOutcome, CallbackParams};
pub use headless::{HeadlessConsent, HeadlessCustomer, fragment_params};
pub use links::NewLinkRequest;
pub use start::StartConsent;
pub use sweep::SweepReport;

use crate::registry::{InstitutionEntry, Registry};
use ponte_domain::{ConsentStatus, Environment};
use ponte_ofb::{FapiClient, OfbError};
use ponte_store::Store;
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, Transition};
use std::sync::Arc;
use std::time::Duration;

/// How long a user may take at the bank (OFB: an unauthorised consent is rejected after 60
/// minutes), and without any activity on the Link pages.
pub const BANK_WINDOW: Duration = Duration::from_secs(3600);
pub const INACTIVITY: Duration = Duration::from_secs(30 * 60);
/// The bank's view of an authorised consent is read at least this often.
pub const POLL_INTERVAL: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, thiserror::Error)]
pub enum JourneyError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request cannot be honoured as asked (names the field or rule).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    /// A callback that does not belong to a journey in progress (unknown, replayed, forged).
    #[error("{0}")]
    Refused(String),
    /// The institution is in outage or unknown to this app's environment.
    #[error("{0}")]
    InstitutionUnavailable(String),
    /// The bank failed during the journey; the consent is now `ERROR`.
    #[error("the institution failed: {0}")]
    Bank(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ponte_store::StoreError> for JourneyError {
    fn from(error: ponte_store::StoreError) -> Self {
        match error {
            ponte_store::StoreError::Conflict(what) => {
                JourneyError::Conflict(format!("{what} already exists"))
            }
            other => JourneyError::Internal(other.into()),
        }
    }
}

pub type Result<T, E = JourneyError> = std::result::Result<T, E>;

/// The journey service: cheap to clone.
#[derive(Clone)]
pub struct Journey {
    pub store: Store,
    pub registry: Arc<Registry>,
    /// Where banks send the user back: `{public_url}/link/callback`.
    pub callback_url: String,
    links: links::LinkWriter,
}

impl Journey {
    /// Must be called within a Tokio runtime: it starts the link writer task.
    pub fn new(store: Store, registry: Arc<Registry>, public_url: &str) -> Journey {
        let callback_url = format!("{}/link/callback", public_url.trim_end_matches('/'));
        let links = links::LinkWriter::start(store.clone());
        Journey { store, registry, callback_url, links }
    }

    fn fapi(&self, environment: Environment) -> Result<&FapiClient> {
        self.registry.fapi(environment).ok_or_else(|| {
            JourneyError::InstitutionUnavailable(format!(
                "no Open Finance connection is configured for {} apps",
                environment.as_str()
            ))
        })
    }

    /// An institution this app may use, refusing those in outage.
    pub fn usable_institution(&self, app: &App, code: &str) -> Result<InstitutionEntry> {
        let entry = self.registry.institution(app.environment, code).ok_or_else(|| {
            JourneyError::InstitutionUnavailable(format!(
                "institutionCode {code:?} is not an institution available to this app (see GET /data/v1/links/institutions)"
            ))
        })?;
        if entry.outage {
            return Err(JourneyError::InstitutionUnavailable(format!(
                "institution {code} is in outage; try again later"
            )));
        }
        Ok(entry)
    }

    async fn app(&self, app_id: uuid::Uuid) -> Result<App> {
        self.store.app(app_id).await?.ok_or(JourneyError::NotFound("app"))
    }

    /// Applies one transition with its event in its own transaction; false when the consent
    /// had already moved on.
    async fn record(&self, app: &App, transition: &Transition<'_>) -> Result<bool> {
        let mut tx = self.store.begin().await?;
        let won = crate::events::transition(&mut tx, &self.store, app, transition).await?;
        tx.commit().await?;
        Ok(won)
    }

    /// Ends a consent's journey with `to` (ERROR, REJECTED, EXPIRED) from whatever pending
    /// status it is in, saving `failure` (words for the Link page) in its document.
    async fn fail(
        &self,
        app: &App,
        consent: &ConsentRow,
        to: ConsentStatus,
        reason: &str,
        cause: &str,
        failure: &str,
    ) -> Result<bool> {
        let mut document: crate::documents::ConsentDocument =
            serde_json::from_str(&consent.document).unwrap_or_default();
        document.failure = Some(failure.to_owned());
        let document = crate::documents::to_json(&document);
        self.record(
            app,
            &Transition {
                consent_id: consent.id,
                from: consent.status,
                to,
                reason: Some(reason),
                cause,
                document: Some(&document),
            },
        )
        .await
    }
}

/// A bank error as a short, log-safe reason (no bodies, no tokens).
fn bank_reason(error: &OfbError) -> String {
    match error {
        OfbError::Status { status, endpoint, code, .. } => {
            format!(
                "{endpoint} answered HTTP {status}{}",
                code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default()
            )
        }
        OfbError::Rejected { error, .. } => format!("the bank refused: {error}"),
        OfbError::Transport { endpoint, .. } => format!("the bank's {endpoint} endpoint did not answer"),
        OfbError::IdToken(why) => format!("invalid id_token: {why}"),
        OfbError::Protocol(why) => format!("protocol error: {why}"),
        OfbError::Config(_) | OfbError::Input(_) => "Ponte's OFB client is misconfigured".to_owned(),
    }
}
