use super::{Journey, JourneyError, Result, bank_reason};
use crate::documents::ConsentDocument;
use ponte_domain::ConsentStatus;
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, Transition};

impl Journey {
    /// The LGPD step: the user agrees (→ `AUTHORISED`) or refuses (→ `REJECTED`, and the
    /// consent is revoked at the bank, since Ponte must not keep access it may not use).
    pub async fn confirm_lgpd(&self, app: &App, consent: &ConsentRow, accept: bool) -> Result<ConsentRow> {
        if consent.status != ConsentStatus::AwaitingLgpdAuthorisation {
            return Err(JourneyError::Conflict(format!(
                "the consent is {}, not awaiting the LGPD confirmation",
                consent.status
            )));
        }
        if accept {
            let transition = Transition {
                consent_id: consent.id,
                from: ConsentStatus::AwaitingLgpdAuthorisation,
                to: ConsentStatus::Authorised,
                reason: None,
                cause: "lgpd_accepted",
                document: None,
            };
            self.record(app, &transition).await?;
        } else {
            let words = "you did not agree to share the data with the partner";
            self.fail(app, consent, ConsentStatus::Rejected, "LGPD_REFUSED", "lgpd_refused", words).await?;
            if let Err(reason) = self.delete_at_bank(app, consent).await {
                tracing::warn!(consent = %consent.id, %reason, "revoking a refused consent at the bank failed");
            }
        }
        self.consent_of(consent.id).await
    }

    /// Revokes a consent at the institution and locally (`REVOKED`, with its event). A
    /// consent that already ended is left as it is and returned.
    pub async fn revoke(&self, app: &App, consent: &ConsentRow, cause: &str) -> Result<ConsentRow> {
        if consent.status.is_final() {
            return Ok(consent.clone());
        }
        if let Err(reason) = self.delete_at_bank(app, consent).await {
            // The partner's intent is recorded whatever the bank says; the bank's copy is
            // revoked at the next poll attempt or expires on its own.
            tracing::warn!(consent = %consent.id, %reason, "revoking at the bank failed");
        }
        let transition = Transition {
            consent_id: consent.id,
            from: consent.status,
            to: ConsentStatus::Revoked,
            reason: Some("REVOKED_BY_PARTNER"),
            cause,
            document: None,
        };
        self.record(app, &transition).await?;
        self.store.delete_consent_tokens(consent.id).await?;
        self.consent_of(consent.id).await
    }

    /// The end user asked Ponte to delete what was shared: the consent is revoked at the
    /// institution, its tokens are forgotten, and it becomes `DELETED_BY_USER` (with its
    /// event). Only an authorised consent can be in that state; others are returned unchanged.
    pub async fn delete_by_user(&self, app: &App, consent: &ConsentRow, cause: &str) -> Result<ConsentRow> {
        if consent.status != ConsentStatus::Authorised {
            return Ok(consent.clone());
        }
        if let Err(reason) = self.delete_at_bank(app, consent).await {
            tracing::warn!(consent = %consent.id, %reason, "revoking at the bank failed");
        }
        let transition = Transition {
            consent_id: consent.id,
            from: ConsentStatus::Authorised,
            to: ConsentStatus::DeletedByUser,
            reason: Some("DELETED_BY_USER"),
            cause,
            document: None,
        };
        self.record(app, &transition).await?;
        self.store.delete_consent_tokens(consent.id).await?;
        self.consent_of(consent.id).await
    }

    async fn delete_at_bank(&self, app: &App, consent: &ConsentRow) -> std::result::Result<(), String> {
        let document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
        let Some(bank_consent_id) = document.bank_consent_id else { return Ok(()) };
        let fapi = self.fapi(app.environment).map_err(|e| e.to_string())?;
        let entry = self
            .registry
            .institution(app.environment, &consent.institution_code)
            .ok_or("the institution is no longer listed")?;
        let url = entry.institution.endpoints.consents.ok_or("no consents API")?;
        let server = fapi.server(&entry.institution.discovery_document).await.map_err(|e| bank_reason(&e))?;
        match fapi.delete_consent(&server, &url, &bank_consent_id).await {
            Ok(_) => Ok(()),
            // Already rejected or revoked there: nothing left to revoke.
            Err(ponte_ofb::OfbError::Status { status: 422 | 404, .. }) => Ok(()),
            Err(error) => Err(bank_reason(&error)),
        }
    }

    /// Reads the bank's view of an authorised consent; a consent the bank no longer
    /// authorises becomes `REVOKED` (or `EXPIRED` when its sharing period ended there).
    /// Returns the consent's status afterwards.
    pub async fn poll_bank(&self, app: &App, consent: &ConsentRow) -> Result<ConsentStatus> {
        if consent.status != ConsentStatus::Authorised {
            return Ok(consent.status);
        }
        let document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
        let fapi = self.fapi(app.environment)?;
        let (Some(bank_consent_id), Some(entry)) =
            (document.bank_consent_id, self.registry.institution(app.environment, &consent.institution_code))
        else {
            return Ok(consent.status);
        };
        let Some(url) = entry.institution.endpoints.consents.clone() else { return Ok(consent.status) };
        let at_bank = async {
            let server = fapi.server(&entry.institution.discovery_document).await?;
            fapi.get_consent(&server, &url, &bank_consent_id).await
        }
        .await
        .map_err(|e| JourneyError::Bank(bank_reason(&e)))?;
        self.store.mark_consent_checked(consent.id).await?;
        if at_bank.status == "AUTHORISED" {
            return Ok(ConsentStatus::Authorised);
        }
        let code = at_bank.rejection.as_ref().map(|r| r.code.as_str()).unwrap_or("CUSTOMER_MANUALLY_REVOKED");
        let to =
            if code == "CONSENT_MAX_DATE_REACHED" { ConsentStatus::Expired } else { ConsentStatus::Revoked };
        let transition = Transition {
            consent_id: consent.id,
            from: ConsentStatus::Authorised,
            to,
            reason: Some(code),
            cause: "bank_poll",
            document: None,
        };
        self.record(app, &transition).await?;
        self.store.delete_consent_tokens(consent.id).await?;
        Ok(to)
    }
}
