//! The OFB participants directory (`participants` 1.0.0): which institutions exist, their
//! authorisation server's discovery document and the API endpoints they announce.
//!
//! The document comes from the network, so [`parse`] is defensive: it refuses documents over
//! [`MAX_DOCUMENT_BYTES`], ignores strings over [`MAX_STRING_BYTES`], skips malformed entries
//! (logging only the organisation id) and never panics.

mod codes;
mod parse;

pub use codes::{CodeTable, normalize_cnpj};
pub use parse::{MAX_DOCUMENT_BYTES, MAX_STRING_BYTES, parse};

use url::Url;

/// One authorisation server of an active organisation that offers the consents API: what
/// Ponte calls an institution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Institution {
    /// Ponte's code: from the [`CodeTable`], else the CNPJ root; `-2`, `-3`… for further
    /// authorisation servers of the same organisation (or a clash), in document order.
    pub code: String,
    /// `CustomerFriendlyName` of the authorisation server, else the organisation's name.
    pub name: String,
    pub logo_uri: Option<String>,
    pub organisation_id: String,
    pub organisation_name: String,
    /// The organisation named by `ParentOrganisationReference` (a CNPJ), when it is listed.
    pub parent_organisation_id: Option<String>,
    pub parent_organisation_name: Option<String>,
    /// `RegistrationNumber` without punctuation (14 characters).
    pub cnpj: String,
    pub authorisation_server_id: Option<String>,
    /// The authorisation server's `OpenIDDiscoveryDocument` URL.
    pub discovery_document: String,
    pub business_type: BusinessType,
    /// Product names as Ponte's API shows them (`ACCOUNTS`, `CREDIT_OPERATIONS:LOANS`, …), in
    /// a fixed order, without duplicates.
    pub available_resources: Vec<String>,
    pub endpoints: Endpoints,
}

/// Whose data an institution serves, from the customers API families it announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BusinessType {
    /// People only (`customers-personal`).
    Natural,
    /// Companies only (`customers-business`).
    Legal,
    /// Both, or neither announced (then nothing rules either out).
    Both,
}

impl BusinessType {
    pub const fn as_str(self) -> &'static str {
        match self {
            BusinessType::Natural => "NATURAL",
            BusinessType::Legal => "LEGAL",
            BusinessType::Both => "BOTH",
        }
    }
}

/// An endpoint announced in the directory for an API family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiEndpoint {
    /// `ApiFamilyType` (`accounts`, `customers-personal`, …).
    pub family: String,
    /// `ApiVersion` as written (a number or a string such as `2.0.0`).
    pub version: String,
    pub url: Url,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// The consents API's collection (`…/open-banking/consents/v{N}/consents`), the highest
    /// major version announced.
    pub consents: Option<Url>,
    /// The resources API's collection (`…/open-banking/resources/v{N}/resources`).
    pub resources: Option<Url>,
    /// Every endpoint announced, in document order.
    pub apis: Vec<ApiEndpoint>,
}

impl Endpoints {
    /// `scheme://host[:port]/<prefix>`: what comes before `/open-banking/` in the bank's
    /// endpoints (the consents endpoint first, else any other), without a trailing slash.
    /// The non-consented APIs (discovery status, outages) live below it.
    pub fn api_base(&self) -> Option<Url> {
        self.consents
            .iter()
            .chain(self.resources.iter())
            .chain(self.apis.iter().map(|a| &a.url))
            .find_map(api_base_of)
    }

    /// The endpoints of one API family.
    pub fn family<'a>(&'a self, family: &'a str) -> impl Iterator<Item = &'a ApiEndpoint> + 'a {
        self.apis.iter().filter(move |a| a.family == family)
    }
}

/// The part of `url` before `/open-banking/`.
pub fn api_base_of(url: &Url) -> Option<Url> {
    let (prefix, _) = url.path().split_once("/open-banking/")?;
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    base.set_path(prefix);
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_keeps_the_prefix_before_open_banking() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            api_base_of(&url("https://api.bank.com.br:8443/banks/999/open-banking/consents/v3/consents?x=1"))
                .unwrap()
                .as_str(),
            "https://api.bank.com.br:8443/banks/999"
        );
        assert_eq!(
            api_base_of(&url("https://api.bank.com.br/open-banking/accounts/v2/accounts")).unwrap().as_str(),
            "https://api.bank.com.br/"
        );
        assert!(api_base_of(&url("https://api.bank.com.br/accounts")).is_none());
        let endpoints = Endpoints {
            consents: None,
            resources: None,
            apis: vec![ApiEndpoint {
                family: "accounts".into(),
                version: "2".into(),
                url: url("https://x.test/p/open-banking/accounts/v2/accounts"),
            }],
        };
        assert_eq!(endpoints.api_base().unwrap().as_str(), "https://x.test/p");
        assert_eq!(endpoints.family("accounts").count(), 1);
    }
}
