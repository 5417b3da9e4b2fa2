//! Parsing a link's creation request (shared by `POST /data/v1/links` and the basic
//! WhiteLabel entry): every field validated, each error naming its field.

use crate::http::error::{ApiError, BusinessCode};
use ponte_domain::{AppSettings, Cnpj, Cpf, Email, HttpUrl, Language, Phone, ProductCode, ValidityPeriod};
use ponte_link::documents::LinkDocument;
use ponte_link::journey::NewLinkRequest;
use serde::Deserialize;
use utoipa::ToSchema;

/// The body of `POST /data/v1/links`. Every field is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLinkBody {
    /// The end user's CPF (11 digits; punctuation allowed).
    #[schema(example = "76109277673")]
    pub personal_tax_id: Option<String>,
    /// The company's CNPJ, for business accounts.
    pub business_tax_id: Option<String>,
    pub email: Option<String>,
    /// Normalised to E.164 (`+5511912345678`).
    pub phone: Option<String>,
    /// Preselects an institution (skips the list).
    pub institution_code: Option<String>,
    /// Where the browser returns; must start with one of the app's allowed prefixes.
    #[serde(rename = "redirectURL")]
    pub redirect_url: Option<String>,
    /// Per-link report webhooks: keys are product codes, `other` or `all` (alone).
    #[serde(rename = "productsCallbackURL")]
    #[schema(value_type = Option<Object>)]
    pub products_callback_url: Option<serde_json::Value>,
    /// Echoed in events and reports.
    #[schema(value_type = Option<Object>)]
    pub external_info: Option<serde_json::Value>,
    /// App2App: after the bank, return to this app link (carrying `appRedirectURLKey`).
    pub app_link: Option<String>,
    #[serde(rename = "appRedirectURLKey")]
    pub app_redirect_url_key: Option<String>,
    /// `pt-BR` (default) or `en`.
    #[schema(value_type = Option<String>)]
    pub language: Option<Language>,
    /// 12 (months, default) or 0 (until cancelled).
    #[schema(value_type = Option<u8>)]
    pub validity_period: Option<ValidityPeriod>,
}

fn bad(field: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("{field}: {message}"))
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A redirect URL the app allows.
pub fn check_redirect(settings: &AppSettings, field: &str, url: &str) -> Result<String, ApiError> {
    if url.len() > 2048 || url::Url::parse(url).is_err() {
        return Err(bad(field, "must be an absolute URL"));
    }
    if !settings.allows_redirect(url) {
        return Err(bad(
            field,
            "is not allowed for this app; add its prefix with `ponte apps update APP_ID --allowed-redirect-prefix URL`",
        ));
    }
    Ok(url.to_owned())
}

/// Checks a `productsCallbackURL` map (spec §6 rules; HTTP 416/4006 like the Klavi API).
pub fn check_products_callback(value: &serde_json::Value) -> Result<(), ApiError> {
    let invalid =
        |message: String| ApiError::Business { code: BusinessCode::InvalidProductsCallbackUrl, message };
    let map = value.as_object().ok_or_else(|| invalid("productsCallbackURL must be an object".to_owned()))?;
    if map.contains_key("all") && map.len() > 1 {
        return Err(invalid("productsCallbackURL: \"all\" cannot be combined with other keys".to_owned()));
    }
    for (key, url) in map {
        if key != "all" && key != "other" && key.parse::<ProductCode>().is_err() {
            return Err(invalid(format!(
                "productsCallbackURL: unknown key {key:?} (a product code, other or all)"
            )));
        }
        let url =
            url.as_str().ok_or_else(|| invalid(format!("productsCallbackURL.{key} must be a URL string")))?;
        url.parse::<HttpUrl>().map_err(|e| invalid(format!("productsCallbackURL.{key}: {e}")))?;
    }
    Ok(())
}

impl CreateLinkBody {
    pub fn parse(self, settings: &AppSettings) -> Result<NewLinkRequest, ApiError> {
        let personal = present(&self.personal_tax_id)
            .map(|v| v.parse::<Cpf>().map_err(|e| bad("personalTaxId", e)))
            .transpose()?;
        let business = present(&self.business_tax_id)
            .map(|v| v.parse::<Cnpj>().map_err(|e| bad("businessTaxId", e)))
            .transpose()?;
        let email =
            present(&self.email).map(|v| v.parse::<Email>().map_err(|e| bad("email", e))).transpose()?;
        let phone =
            present(&self.phone).map(|v| v.parse::<Phone>().map_err(|e| bad("phone", e))).transpose()?;
        let institution_code = present(&self.institution_code).map(str::to_owned);
        if institution_code.as_ref().is_some_and(|c| c.len() > 32) {
            return Err(bad("institutionCode", "is too long"));
        }
        let redirect_url = present(&self.redirect_url)
            .map(|url| check_redirect(settings, "redirectURL", url))
            .transpose()?;
        if let Some(map) = &self.products_callback_url {
            check_products_callback(map)?;
        }
        if self.external_info.as_ref().is_some_and(|v| !v.is_object()) {
            return Err(bad("externalInfo", "must be a JSON object"));
        }
        if self.external_info.as_ref().is_some_and(|v| v.to_string().len() > 16 * 1024) {
            return Err(bad("externalInfo", "must be at most 16 KiB"));
        }
        let app_link =
            present(&self.app_link).map(|url| check_redirect(settings, "appLink", url)).transpose()?;
        let key = present(&self.app_redirect_url_key).map(str::to_owned);
        if app_link.is_some() && key.is_none() {
            return Err(bad("appRedirectURLKey", "is required when appLink is given"));
        }
        Ok(NewLinkRequest {
            personal_tax_id: personal.map(|c| c.as_str().to_owned()),
            business_tax_id: business.map(|c| c.as_str().to_owned()),
            document: LinkDocument {
                email: email.map(|e| e.as_str().to_owned()),
                phone: phone.map(|p| p.as_str().to_owned()),
                institution_code,
                redirect_url,
                products_callback_url: self.products_callback_url,
                external_info: self.external_info,
                app_link,
                app_redirect_url_key: key,
                language: self.language,
                validity_period: self.validity_period,
            },
        })
    }
}
