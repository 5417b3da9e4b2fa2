use super::{CallbackParams, Journey, JourneyError, Result, StartConsent};
use crate::documents::Mode;
use async_trait::async_trait;
use ponte_domain::{PermissionGroup, TaxId, ValidityPeriod};
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, LinkRow};
use url::Url;

/// Someone who answers a sandbox bank's pages without a browser (the sandbox's simulated
/// customer). Ponte only ever hands it the bank's authorisation URL, exactly as it would hand
/// it to a person's browser.
#[async_trait]
pub trait HeadlessCustomer: Send + Sync {
    /// The person (CPF) who logs in to share `tax_id`'s data.
    fn logged_user_of(&self, tax_id: &TaxId) -> String;
    /// Goes through the bank's pages and returns where the bank sends the browser back.
    async fn decide(
        &self,
        authorisation_url: &Url,
        login: &TaxId,
        approve: bool,
    ) -> std::result::Result<Url, String>;
}

/// A headless consent to complete.
pub struct HeadlessConsent<'a> {
    pub link: &'a LinkRow,
    pub institution_code: String,
    pub tax_id: TaxId,
    pub approve: bool,
    pub groups: Option<Vec<PermissionGroup>>,
}

impl Journey {
    /// Drives the whole journey for a sandbox app without a browser: consent at the bank, PAR,
    /// the customer's decision on the bank's own pages, the callback with its checks, the code
    /// exchange, and (when approved) the LGPD confirmation.
    pub async fn complete_headless(
        &self,
        app: &App,
        customer: &dyn HeadlessCustomer,
        request: HeadlessConsent<'_>,
    ) -> Result<ConsentRow> {
        let (personal, business) = match &request.tax_id {
            TaxId::Cpf(cpf) => (cpf.as_str().to_owned(), None),
            TaxId::Cnpj(cnpj) => (customer.logged_user_of(&request.tax_id), Some(cnpj.as_str().to_owned())),
        };
        let start = StartConsent {
            institution_code: request.institution_code,
            personal_tax_id: personal,
            business_tax_id: business,
            validity: ValidityPeriod::TwelveMonths,
            external_track_id: None,
            mode: Mode::Headless,
            redirect_url: None,
            client_metadata: None,
            email: None,
            phone: None,
            cause: "sandbox_api",
        };
        let consent = self.start_consent(app, request.link, &start, request.groups.as_deref()).await?;
        let url = match self.send_to_bank(app, &consent).await {
            Ok(url) => url,
            Err(JourneyError::Bank(_)) => return self.consent_of(consent.id).await,
            Err(other) => return Err(other),
        };
        let back = customer
            .decide(&url, &request.tax_id, request.approve)
            .await
            .map_err(|e| JourneyError::Internal(anyhow::anyhow!(e)))?;
        let params = fragment_params(&back);
        let outcome = self.callback(&params).await?;
        if outcome.consent.status == ponte_domain::ConsentStatus::AwaitingLgpdAuthorisation {
            return self.confirm_lgpd(&outcome.app, &outcome.consent, true).await;
        }
        Ok(outcome.consent)
    }
}

/// The hybrid response's parameters from a redirect URL's fragment.
pub fn fragment_params(url: &Url) -> CallbackParams {
    let mut params = CallbackParams::default();
    for (key, value) in url::form_urlencoded::parse(url.fragment().unwrap_or_default().as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "state" => params.state = value,
            "code" => params.code = Some(value),
            "id_token" => params.id_token = Some(value),
            "error" => params.error = Some(value),
            "error_description" => params.error_description = Some(value),
            _ => {}
        }
    }
    params
}
