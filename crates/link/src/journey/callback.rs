use super::{Journey, JourneyError, Result, bank_reason};
use crate::documents::{ConsentDocument, ConsentTokens, PendingAuthorisation, to_json};
use ponte_domain::ConsentStatus;
use ponte_ofb::fapi::Expected;
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, Taken, Transition};

/// What the bank put in the callback's fragment (read by the callback page and posted).
#[derive(Clone, Debug, Default)]
pub struct CallbackParams {
    pub state: String,
    pub code: Option<String>,
    pub id_token: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Where the journey stands after a callback.
#[derive(Debug)]
pub struct CallbackOutcome {
    pub app: App,
    pub consent: ConsentRow,
}

impl Journey {
    /// Completes the bank's part: validates the callback against the authorisation request it
    /// answers (single-use `state`, `nonce`, `c_hash`, `s_hash`, `acr`), exchanges the code
    /// over mTLS with the PKCE verifier, stores the tokens sealed, reads the permissions the
    /// user granted and moves the consent to `AWAITING_LGPD_AUTHORISATION`. Failures move it to
    /// `REJECTED` (the user refused at the bank) or `ERROR`, each with its event.
    pub async fn callback(&self, params: &CallbackParams) -> Result<CallbackOutcome> {
        if params.state.is_empty() || params.state.len() > 512 {
            return Err(JourneyError::Refused("the callback carries no valid state".to_owned()));
        }
        let (consent_id, pending) = match self.store.take_journey_grant(&params.state, "oauth_state").await? {
            Taken::Fresh { consent_id, body } => {
                let pending: PendingAuthorisation = serde_json::from_str(&body)
                    .map_err(|e| JourneyError::Internal(anyhow::anyhow!("pending authorisation: {e}")))?;
                (consent_id, pending)
            }
            Taken::AlreadyUsed { .. } => {
                return Err(JourneyError::Refused("this callback was already used".to_owned()));
            }
            Taken::Expired { consent_id } => {
                let consent = self.consent_of(consent_id).await?;
                let app = self.app(consent.app_id).await?;
                if consent.status.is_pending() {
                    let words = "the authorisation at the bank took longer than 60 minutes";
                    self.fail(
                        &app,
                        &consent,
                        ConsentStatus::Expired,
                        "CONSENT_EXPIRED",
                        "callback_expired",
                        words,
                    )
                    .await?;
                }
                let consent = self.consent_of(consent_id).await?;
                return Ok(CallbackOutcome { app, consent });
            }
            Taken::Unknown => {
                return Err(JourneyError::Refused("the callback's state is unknown".to_owned()));
            }
        };
        let consent = self.consent_of(consent_id).await?;
        let app = self.app(consent.app_id).await?;
        if consent.status != ConsentStatus::AwaitingAuthorisation {
            return Err(JourneyError::Refused(format!(
                "the consent is {}, not awaiting the bank",
                consent.status
            )));
        }
        // A browser form posts absent fragment fields as empty strings.
        if let Some(error) = params.error.as_deref().filter(|e| !e.is_empty()) {
            let (to, reason, words) = if error == "access_denied" {
                (
                    ConsentStatus::Rejected,
                    "CUSTOMER_MANUALLY_REJECTED",
                    "you declined the sharing at the institution",
                )
            } else {
                (
                    ConsentStatus::Error,
                    "CONSENT_TECHNICAL_ISSUE",
                    "the institution could not complete the authorisation",
                )
            };
            tracing::info!(consent = %consent.id, error = %error.chars().take(64).collect::<String>(), "the bank returned an error");
            self.fail(&app, &consent, to, reason, "bank_callback", words).await?;
            return Ok(CallbackOutcome { consent: self.consent_of(consent_id).await?, app });
        }
        match self.complete(&app, &consent, params, &pending).await {
            Ok(()) => {}
            Err(reason) => {
                tracing::warn!(consent = %consent.id, %reason, "the authorisation could not be completed");
                self.fail(
                    &app,
                    &consent,
                    ConsentStatus::Error,
                    "CONSENT_TECHNICAL_ISSUE",
                    "bank_callback",
                    &reason,
                )
                .await?;
            }
        }
        Ok(CallbackOutcome { consent: self.consent_of(consent_id).await?, app })
    }

    /// The bank's side of a successful callback; an `Err` is a log-safe reason.
    async fn complete(
        &self,
        app: &App,
        consent: &ConsentRow,
        params: &CallbackParams,
        pending: &PendingAuthorisation,
    ) -> std::result::Result<(), String> {
        let fapi = self.fapi(app.environment).map_err(|e| e.to_string())?;
        let code = params.code.as_deref().filter(|c| !c.is_empty()).ok_or("the callback has no code")?;
        let id_token =
            params.id_token.as_deref().filter(|t| !t.is_empty()).ok_or("the callback has no id_token")?;
        let server = fapi.server(&pending.discovery_document).await.map_err(|e| bank_reason(&e))?;
        let expected =
            Expected { nonce: &pending.nonce, code: Some(code), state: Some(&params.state), max_age: None };
        fapi.validate_id_token(&server, id_token, &expected).await.map_err(|e| bank_reason(&e))?;
        let tokens = fapi
            .exchange_code(&server, code, &pending.code_verifier, &pending.redirect_uri)
            .await
            .map_err(|e| bank_reason(&e))?;
        let mut document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
        let bank_consent_id = document.bank_consent_id.clone().ok_or("the consent has no bank consent id")?;
        if tokens.consent_id.as_deref().is_some_and(|id| id != bank_consent_id) {
            return Err("the bank issued tokens for another consent".to_owned());
        }
        let stored = ConsentTokens {
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
            access_expires_at: self.store.clock().now().unix_timestamp()
                + i64::try_from(tokens.expires_in).unwrap_or(0),
            scope: tokens.scope.clone(),
        };
        self.store.save_consent_tokens(consent.id, &to_json(&stored)).await.map_err(|e| e.to_string())?;
        let entry = self.registry.institution(app.environment, &consent.institution_code);
        let consents_url = entry
            .and_then(|e| e.institution.endpoints.consents)
            .ok_or("the institution is no longer listed")?;
        let at_bank =
            fapi.get_consent(&server, &consents_url, &bank_consent_id).await.map_err(|e| bank_reason(&e))?;
        if at_bank.status != "AUTHORISED" {
            return Err(format!("the bank's consent is {}, not AUTHORISED", at_bank.status));
        }
        document.permissions_granted = at_bank.permissions.clone();
        document.interaction_ids.push(at_bank.interaction_id.clone());
        let document = to_json(&document);
        let transition = Transition {
            consent_id: consent.id,
            from: ConsentStatus::AwaitingAuthorisation,
            to: ConsentStatus::AwaitingLgpdAuthorisation,
            reason: None,
            cause: "bank_callback",
            document: Some(&document),
        };
        self.record(app, &transition).await.map_err(|e| e.to_string())?;
        Ok(())
    }

    pub(super) async fn consent_of(&self, id: uuid::Uuid) -> Result<ConsentRow> {
        self.store.consent_for_journey(id).await?.ok_or(JourneyError::NotFound("consent"))
    }
}
