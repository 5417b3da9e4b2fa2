use super::{BANK_WINDOW, Journey, JourneyError, Result, bank_reason};
use crate::documents::{ConsentDocument, Mode, PendingAuthorisation, to_json};
use ponte_domain::{Audience, ConsentStatus, PermissionGroup, ProductCode, ValidityPeriod};
use ponte_ofb::consents::CreateConsent;
use ponte_ofb::fapi::AuthorisationRequest;
use ponte_ofb::pkce::{Verifier, random_token};
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, LinkRow, NewConsent, Transition};
use url::Url;
use uuid::Uuid;

/// A consent to start at an institution for a link.
#[derive(Clone, Debug)]
pub struct StartConsent {
    pub institution_code: String,
    /// The person logged in at the bank (required: OFB consents name the logged user).
    pub personal_tax_id: String,
    /// The company whose data is shared, for business consents.
    pub business_tax_id: Option<String>,
    pub validity: ValidityPeriod,
    /// The partner's tracking id; generated when absent.
    pub external_track_id: Option<String>,
    pub mode: Mode,
    pub redirect_url: Option<String>,
    pub client_metadata: Option<serde_json::Value>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// What started it, for the timeline (`link_page`, `api`, `sandbox_api`).
    pub cause: &'static str,
}

/// The OFB permissions for the app's products for this audience, restricted to the groups
/// `narrow_to` (when given, e.g. the sandbox endpoint's `permissions`).
pub fn permissions_for(app: &App, audience: Audience, narrow_to: Option<&[PermissionGroup]>) -> Vec<String> {
    let groups = ProductCode::groups_for(app.settings.products.iter(), audience)
        .into_iter()
        .filter(|g| narrow_to.is_none_or(|only| only.contains(g)));
    PermissionGroup::permissions_for(groups).into_iter().map(|p| p.as_str().to_owned()).collect()
}

/// The OAuth scopes (besides `openid` and `consent:…`) that a set of permissions needs.
fn scopes_for(permissions: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> = permissions
        .iter()
        .filter_map(|p| p.parse::<ponte_domain::Permission>().ok())
        .map(|p| p.scope().to_owned())
        .collect();
    scopes.sort();
    scopes.dedup();
    scopes
}

impl Journey {
    /// Records a consent in `STARTED` for `link` at an institution the app may use.
    pub async fn start_consent(
        &self,
        app: &App,
        link: &LinkRow,
        start: &StartConsent,
        narrow_to: Option<&[PermissionGroup]>,
    ) -> Result<ConsentRow> {
        self.usable_institution(app, &start.institution_code)?;
        let audience = if start.business_tax_id.is_some() { Audience::Business } else { Audience::Personal };
        let permissions = permissions_for(app, audience, narrow_to);
        if permissions.is_empty() {
            return Err(JourneyError::Invalid(
                "none of the app's products can be built from this consent's data".to_owned(),
            ));
        }
        let id = Uuid::now_v7();
        let document = ConsentDocument {
            mode: start.mode,
            permissions_apply: permissions,
            validity_period: start.validity,
            redirect_url: start.redirect_url.clone(),
            client_metadata: start.client_metadata.clone(),
            email: start.email.clone(),
            phone: start.phone.clone(),
            ..ConsentDocument::default()
        };
        let new = NewConsent {
            id,
            app_id: app.id,
            link_id: link.id,
            external_track_id: start
                .external_track_id
                .clone()
                .unwrap_or_else(|| format!("ponte-{}", id.simple())),
            institution_code: start.institution_code.clone(),
            personal_tax_id: Some(start.personal_tax_id.clone()),
            business_tax_id: start.business_tax_id.clone(),
            document: to_json(&document),
            expire_at: start.validity.expiry(self.store.clock().now()),
            cause: start.cause.to_owned(),
        };
        let mut tx = self.store.begin().await?;
        tx.insert_consent(&new).await?;
        let consent = tx.consent(app.id, id).await?.ok_or(JourneyError::NotFound("consent"))?;
        tx.commit().await?;
        self.store.touch_link(link.id).await?;
        Ok(consent)
    }

    /// Creates the consent at the bank and pushes the authorisation request; returns where to
    /// send the user. A bank failure ends the consent in `ERROR` (with its event) and is
    /// returned as [`JourneyError::Bank`].
    pub async fn send_to_bank(&self, app: &App, consent: &ConsentRow) -> Result<Url> {
        if consent.status != ConsentStatus::Started {
            return Err(JourneyError::Conflict(format!(
                "the consent is {}, not STARTED: it was already sent to the bank",
                consent.status
            )));
        }
        let entry = self.usable_institution(app, &consent.institution_code)?;
        let fapi = self.fapi(app.environment)?;
        let mut document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
        let consents_url = entry.institution.endpoints.consents.clone().ok_or_else(|| {
            JourneyError::InstitutionUnavailable("the institution announces no consents API".to_owned())
        })?;
        let discovery = entry.institution.discovery_document.clone();
        let verifier = Verifier::generate();
        let (state, nonce) = (random_token(), random_token());
        let steps = async {
            let server = fapi.server(&discovery).await?;
            let request = CreateConsent {
                logged_user_cpf: consent.personal_tax_id.clone().unwrap_or_default(),
                business_entity_cnpj: consent.business_tax_id.clone(),
                permissions: document.permissions_apply.clone(),
                expiration: consent.expire_at,
            };
            let created = fapi.create_consent(&server, &consents_url, &request).await?;
            let scopes = scopes_for(&created.permissions);
            let pushed = fapi
                .push_authorisation(
                    &server,
                    &AuthorisationRequest {
                        consent_id: created.consent_id.clone(),
                        redirect_uri: self.callback_url.clone(),
                        scopes,
                        state: state.clone(),
                        nonce: nonce.clone(),
                        code_challenge: verifier.challenge(),
                    },
                )
                .await?;
            Ok::<_, ponte_ofb::OfbError>((created, fapi.authorisation_url(&server, &pushed.request_uri)))
        };
        let (created, url) = match steps.await {
            Ok(done) => done,
            Err(error) => {
                let reason = bank_reason(&error);
                tracing::warn!(consent = %consent.id, institution = %consent.institution_code, %reason, "sending a consent to the bank failed");
                self.fail(
                    app,
                    consent,
                    ConsentStatus::Error,
                    "CONSENT_TECHNICAL_ISSUE",
                    "bank_error",
                    &reason,
                )
                .await?;
                return Err(JourneyError::Bank(reason));
            }
        };
        document.bank_consent_id = Some(created.consent_id.clone());
        document.permissions_apply = created.permissions.clone();
        document.interaction_ids.push(created.interaction_id.clone());
        let pending = PendingAuthorisation {
            nonce,
            code_verifier: verifier.as_str().to_owned(),
            discovery_document: discovery,
            redirect_uri: self.callback_url.clone(),
        };
        let document = to_json(&document);
        let expires = self.store.clock().now() + BANK_WINDOW;
        let mut tx = self.store.begin().await?;
        tx.insert_journey_grant(&state, "oauth_state", consent.id, &to_json(&pending), expires).await?;
        let transition = Transition {
            consent_id: consent.id,
            from: ConsentStatus::Started,
            to: ConsentStatus::AwaitingAuthorisation,
            reason: None,
            cause: "sent_to_bank",
            document: Some(&document),
        };
        if !crate::events::transition(&mut tx, &self.store, app, &transition).await? {
            return Err(JourneyError::Conflict(
                "the consent changed while it was sent to the bank".to_owned(),
            ));
        }
        tx.commit().await?;
        Ok(url)
    }
}
