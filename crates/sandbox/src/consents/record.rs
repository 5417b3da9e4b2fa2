//! A consent as the bank stores it, and its lifecycle.

use super::AUTHORISATION_WINDOW;
use ponte_domain::Permission;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConsentStatus {
    AwaitingAuthorisation,
    Authorised,
    Rejected,
}

impl ConsentStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::AwaitingAuthorisation => "AWAITING_AUTHORISATION",
            ConsentStatus::Authorised => "AUTHORISED",
            ConsentStatus::Rejected => "REJECTED",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RejectedBy {
    User,
    Aspsp,
    Tpp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RejectionCode {
    ConsentExpired,
    CustomerManuallyRejected,
    CustomerManuallyRevoked,
    ConsentMaxDateReached,
    ConsentTechnicalIssue,
    InternalSecurityReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub by: RejectedBy,
    pub code: RejectionCode,
    pub info: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub consent_id: String,
    pub client_id: String,
    pub status: ConsentStatus,
    pub permissions: Vec<Permission>,
    /// The CPF of the person who must authorise it.
    pub logged_user: String,
    /// The CNPJ of the company, for a business consent.
    pub business_entity: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expiration: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub status_updated_at: OffsetDateTime,
    pub rejection: Option<Rejection>,
    /// The resources (accounts, cards, contracts…) the customer chose to share, once authorised.
    #[serde(default)]
    pub shared_resources: Vec<String>,
}

impl ConsentRecord {
    /// The status the consent has at `now`, applying the time rules the bank enforces: 60
    /// minutes to authorise, and the sharing period's end. `Some` when it must change.
    pub fn expire(&self, now: OffsetDateTime) -> Option<ConsentRecord> {
        let rejection = match self.status {
            ConsentStatus::AwaitingAuthorisation if now >= self.created_at + AUTHORISATION_WINDOW => {
                Rejection {
                    by: RejectedBy::Aspsp,
                    code: RejectionCode::ConsentExpired,
                    info: Some("O cliente não autorizou o consentimento em 60 minutos".into()),
                }
            }
            ConsentStatus::Authorised if self.expiration.is_some_and(|end| now >= end) => Rejection {
                by: RejectedBy::Aspsp,
                code: RejectionCode::ConsentMaxDateReached,
                info: Some("O prazo do compartilhamento terminou".into()),
            },
            _ => return None,
        };
        Some(self.rejected(rejection, now))
    }

    pub fn rejected(&self, rejection: Rejection, now: OffsetDateTime) -> ConsentRecord {
        ConsentRecord {
            status: ConsentStatus::Rejected,
            status_updated_at: now,
            rejection: Some(rejection),
            ..self.clone()
        }
    }

    pub fn authorised(&self, shared_resources: Vec<String>, now: OffsetDateTime) -> ConsentRecord {
        ConsentRecord {
            status: ConsentStatus::Authorised,
            status_updated_at: now,
            shared_resources,
            ..self.clone()
        }
    }

    /// What `DELETE /consents/{id}` does: awaiting → rejected by the user; authorised → revoked
    /// by the user; already rejected → `None` (the API answers 422).
    pub fn deleted(&self, now: OffsetDateTime) -> Option<ConsentRecord> {
        let code = match self.status {
            ConsentStatus::AwaitingAuthorisation => RejectionCode::CustomerManuallyRejected,
            ConsentStatus::Authorised => RejectionCode::CustomerManuallyRevoked,
            ConsentStatus::Rejected => return None,
        };
        Some(self.rejected(Rejection { by: RejectedBy::User, code, info: None }, now))
    }

    pub fn allows(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn awaiting() -> ConsentRecord {
        let at = datetime!(2026-11-23 10:00 UTC);
        ConsentRecord {
            consent_id: "urn:ponte999:c1".into(),
            client_id: "client".into(),
            status: ConsentStatus::AwaitingAuthorisation,
            permissions: vec![Permission::AccountsRead, Permission::ResourcesRead],
            logged_user: "76109277673".into(),
            business_entity: None,
            expiration: Some(datetime!(2027-11-23 10:00 UTC)),
            created_at: at,
            status_updated_at: at,
            rejection: None,
            shared_resources: vec![],
        }
    }

    #[test]
    fn an_unauthorised_consent_expires_after_sixty_minutes() {
        let consent = awaiting();
        assert_eq!(consent.expire(datetime!(2026-11-23 10:59:59 UTC)), None);
        let expired = consent.expire(datetime!(2026-11-23 11:00 UTC)).unwrap();
        assert_eq!(expired.status, ConsentStatus::Rejected);
        assert_eq!(expired.rejection.unwrap().code, RejectionCode::ConsentExpired);
    }

    #[test]
    fn an_authorised_consent_ends_at_its_expiration() {
        let consent = awaiting().authorised(vec!["acc-1".into()], datetime!(2026-11-23 10:05 UTC));
        assert_eq!(consent.expire(datetime!(2027-11-23 09:59 UTC)), None);
        let ended = consent.expire(datetime!(2027-11-23 10:00 UTC)).unwrap();
        assert_eq!(ended.rejection.unwrap().code, RejectionCode::ConsentMaxDateReached);
    }

    #[test]
    fn deleting_rejects_or_revokes_and_never_twice() {
        let now = datetime!(2026-11-23 10:10 UTC);
        let rejected = awaiting().deleted(now).unwrap();
        assert_eq!(rejected.rejection.as_ref().unwrap().code, RejectionCode::CustomerManuallyRejected);
        assert!(rejected.deleted(now).is_none());
        let revoked = awaiting().authorised(vec![], now).deleted(now).unwrap();
        assert_eq!(revoked.rejection.unwrap().code, RejectionCode::CustomerManuallyRevoked);
    }
}
