//! The consent and link objects partners see (spec §5), shared by the API and the events.

use crate::documents::ConsentDocument;
use ponte_store::journey::{ConsentRow, LinkRow, TransitionRow};
use ponte_webhooks::events::timestamp;
use serde::Serialize;

/// The consent object of `GET /data/v1/consents/{id}` (Klavi fields plus Ponte's).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConsentView {
    pub consent_id: String,
    pub link_id: String,
    pub external_track_id: String,
    /// Empty string when absent, as the Klavi API answers.
    pub personal_tax_id: String,
    pub business_tax_id: String,
    pub institution_code: String,
    pub status: String,
    pub permissions_apply: Vec<String>,
    pub permissions_granted: Vec<String>,
    /// UTC RFC 3339 with milliseconds; null when the consent lasts until cancelled.
    pub expire_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub status_reason: Option<String>,
    pub last_data_fetch_at: Option<String>,
}

impl ConsentView {
    pub fn of(row: &ConsentRow) -> ConsentView {
        let document: ConsentDocument = serde_json::from_str(&row.document).unwrap_or_default();
        ConsentView {
            consent_id: row.id.to_string(),
            link_id: row.link_id.to_string(),
            external_track_id: row.external_track_id.clone(),
            personal_tax_id: row.personal_tax_id.clone().unwrap_or_default(),
            business_tax_id: row.business_tax_id.clone().unwrap_or_default(),
            institution_code: row.institution_code.clone(),
            status: row.status.as_str().to_owned(),
            permissions_apply: document.permissions_apply,
            permissions_granted: document.permissions_granted,
            expire_at: row.expire_at.map(timestamp),
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
            status_reason: row.status_reason.clone(),
            last_data_fetch_at: None,
        }
    }

    /// With `lastDataFetchAt`: when the consent's data was last fetched from the institution.
    pub fn fetched_at(mut self, at: Option<time::OffsetDateTime>) -> ConsentView {
        self.last_data_fetch_at = at.map(timestamp);
        self
    }
}

/// One entry of a consent's timeline.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub from: Option<String>,
    pub to: String,
    pub reason: Option<String>,
    pub cause: String,
    pub at: String,
}

impl TimelineEntry {
    pub fn of(row: &TransitionRow) -> TimelineEntry {
        TimelineEntry {
            from: row.from.map(|s| s.as_str().to_owned()),
            to: row.to.as_str().to_owned(),
            reason: row.reason.clone(),
            cause: row.cause.clone(),
            at: timestamp(row.at),
        }
    }
}

/// The link object of `GET /data/v1/links/{id}`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LinkView {
    pub link_id: String,
    pub status: String,
    pub personal_tax_id: String,
    pub business_tax_id: String,
    pub expire_at: String,
    pub created_at: String,
    pub updated_at: String,
    pub consents: Vec<ConsentWithTimeline>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConsentWithTimeline {
    #[serde(flatten)]
    pub consent: ConsentView,
    pub timeline: Vec<TimelineEntry>,
}

impl LinkView {
    pub fn of(link: &LinkRow, consents: Vec<ConsentWithTimeline>) -> LinkView {
        LinkView {
            link_id: link.id.to_string(),
            status: link.status.as_str().to_owned(),
            personal_tax_id: link.personal_tax_id.clone().unwrap_or_default(),
            business_tax_id: link.business_tax_id.clone().unwrap_or_default(),
            expire_at: timestamp(link.expires_at),
            created_at: timestamp(link.created_at),
            updated_at: timestamp(link.updated_at),
            consents,
        }
    }
}
