//! Reading a participants document into institutions.

use super::codes::{CodeTable, normalize_cnpj};
use super::{ApiEndpoint, BusinessType, Endpoints, Institution};
use crate::OfbError;
use crate::error::sanitize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use url::Url;

/// The real directory is a few MiB; anything much larger is not a participants document.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;
/// The schema caps its strings at 256 characters; longer ones are treated as absent.
pub const MAX_STRING_BYTES: usize = 2 * 1024;

/// `ApiFamilyType` → Ponte's product name, in the order products are listed.
const PRODUCTS: &[(&str, &str)] = &[
    ("customers-personal", "REGISTRATION"),
    ("customers-business", "REGISTRATION"),
    ("accounts", "ACCOUNTS"),
    ("credit-cards-accounts", "CREDIT_CARDS"),
    ("loans", "CREDIT_OPERATIONS:LOANS"),
    ("financings", "CREDIT_OPERATIONS:FINANCINGS"),
    ("unarranged-accounts-overdraft", "CREDIT_OPERATIONS:UNARRANGED_ACCOUNTS_OVERDRAFT"),
    ("invoice-financings", "CREDIT_OPERATIONS:INVOICE_FINANCINGS"),
    ("bank-fixed-incomes", "INVESTMENTS:BANK_FIXED_INCOMES"),
    ("credit-fixed-incomes", "INVESTMENTS:CREDIT_FIXED_INCOMES"),
    ("variable-incomes", "INVESTMENTS:VARIABLE_INCOMES"),
    ("treasure-titles", "INVESTMENTS:TREASURE_TITLES"),
    ("funds", "INVESTMENTS:FUNDS"),
];

/// The institutions of a participants document, in document order. Fails only when the
/// document as a whole is unusable (too large, not JSON, not an array).
pub fn parse(document: &[u8], codes: &CodeTable) -> Result<Vec<Institution>, OfbError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        return Err(OfbError::protocol(format!(
            "the participants document has {} bytes, more than the {MAX_DOCUMENT_BYTES} accepted",
            document.len()
        )));
    }
    let value: Value = serde_json::from_slice(document)
        .map_err(|e| OfbError::protocol(format!("the participants document is not JSON: {e}")))?;
    let organisations =
        value.as_array().ok_or_else(|| OfbError::protocol("the participants document is not an array"))?;
    // Parents are named by CNPJ and may be listed anywhere, whatever their status.
    let mut by_cnpj: HashMap<String, (String, String)> = HashMap::new();
    for org in organisations {
        if let (Some(cnpj), Some(id), Some(name)) = (
            text(org, "RegistrationNumber").and_then(normalize_cnpj),
            text(org, "OrganisationId"),
            org_name(org),
        ) {
            by_cnpj.entry(cnpj).or_insert((id.to_owned(), name.to_owned()));
        }
    }
    let mut used = HashSet::new();
    let mut institutions = Vec::new();
    for (index, org) in organisations.iter().enumerate() {
        if text(org, "Status") != Some("Active") {
            continue;
        }
        let Some(id) = text(org, "OrganisationId") else {
            tracing::warn!(index, "participants: skipped an organisation without a usable OrganisationId");
            continue;
        };
        let (Some(name), Some(cnpj)) =
            (org_name(org), text(org, "RegistrationNumber").and_then(normalize_cnpj))
        else {
            tracing::warn!(
                organisation_id = %sanitize(id, 64),
                "participants: skipped an organisation without name or CNPJ"
            );
            continue;
        };
        let parent = text(org, "ParentOrganisationReference")
            .and_then(normalize_cnpj)
            .filter(|p| *p != cnpj)
            .and_then(|p| by_cnpj.get(&p).cloned());
        let base_code = codes.code_for(&cnpj);
        let mut servers = 0;
        for server in org.get("AuthorisationServers").and_then(Value::as_array).into_iter().flatten() {
            let Some(found) = authorisation_server(server) else { continue };
            let Some((discovery, endpoints)) = found else {
                tracing::warn!(
                    organisation_id = %sanitize(id, 64),
                    "participants: skipped a malformed authorisation server"
                );
                continue;
            };
            servers += 1;
            let code = unique_code(&mut used, &base_code, servers);
            institutions.push(Institution {
                code,
                name: text(server, "CustomerFriendlyName").unwrap_or(name).to_owned(),
                logo_uri: text(server, "CustomerFriendlyLogoUri")
                    .filter(|u| web_url(u).is_some())
                    .map(Into::into),
                organisation_id: id.to_owned(),
                organisation_name: name.to_owned(),
                parent_organisation_id: parent.as_ref().map(|p| p.0.clone()),
                parent_organisation_name: parent.as_ref().map(|p| p.1.clone()),
                cnpj: cnpj.clone(),
                authorisation_server_id: text(server, "AuthorisationServerId").map(Into::into),
                discovery_document: discovery,
                business_type: business_type(&endpoints),
                available_resources: products(&endpoints),
                endpoints,
            });
        }
    }
    Ok(institutions)
}

/// A string field, trimmed, when present, non-empty and not oversized.
fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    let s = value.get(key)?.as_str()?.trim();
    (!s.is_empty() && s.len() <= MAX_STRING_BYTES).then_some(s)
}

fn org_name(org: &Value) -> Option<&str> {
    text(org, "OrganisationName")
        .or_else(|| text(org, "LegalEntityName"))
        .or_else(|| text(org, "RegisteredName"))
}

fn web_url(s: &str) -> Option<Url> {
    Url::parse(s).ok().filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
}

/// `None` when the server does not offer the consents API (not an institution, nothing to
/// report); `Some(None)` when it does but its entry is unusable; else its discovery URL and
/// endpoints.
fn authorisation_server(server: &Value) -> Option<Option<(String, Endpoints)>> {
    let resources = server.get("ApiResources").and_then(Value::as_array)?;
    let family_of = |r: &Value| text(r, "ApiFamilyType").map(str::to_ascii_lowercase);
    if !resources.iter().any(|r| family_of(r).as_deref() == Some("consents")) {
        return None;
    }
    let discovery = text(server, "OpenIDDiscoveryDocument").filter(|u| web_url(u).is_some());
    let mut apis = Vec::new();
    for resource in resources {
        let Some(family) = family_of(resource) else { continue };
        let version = match resource.get("ApiVersion") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) if s.len() <= 32 => s.trim().to_owned(),
            _ => String::new(),
        };
        let listed = resource.get("ApiDiscoveryEndpoints").and_then(Value::as_array).into_iter().flatten();
        for url in listed.filter_map(|e| text(e, "ApiEndpoint")).filter_map(web_url) {
            apis.push(ApiEndpoint { family: family.clone(), version: version.clone(), url });
        }
    }
    let endpoints = Endpoints {
        consents: collection(&apis, "consents", "consents"),
        resources: collection(&apis, "resources", "resources"),
        apis,
    };
    Some(discovery.zip(endpoints.consents.is_some().then_some(endpoints)).map(|(d, e)| (d.to_owned(), e)))
}

/// The endpoint `…/open-banking/{api}/v{N}/{collection}` with the highest `N`.
fn collection(apis: &[ApiEndpoint], api: &str, collection: &str) -> Option<Url> {
    let marker = format!("/open-banking/{api}/v");
    apis.iter()
        .filter_map(|a| {
            let path = a.url.path().trim_end_matches('/');
            let (_, rest) = path.split_once(&marker)?;
            let (major, tail) = rest.split_once('/')?;
            let major: u32 = major.parse().ok()?;
            (tail == collection).then_some((major, &a.url))
        })
        .max_by_key(|(major, _)| *major)
        .map(|(_, url)| url.clone())
}

fn business_type(endpoints: &Endpoints) -> BusinessType {
    let has = |family| endpoints.apis.iter().any(|a| a.family == family);
    match (has("customers-personal"), has("customers-business")) {
        (true, false) => BusinessType::Natural,
        (false, true) => BusinessType::Legal,
        _ => BusinessType::Both,
    }
}

fn products(endpoints: &Endpoints) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (family, name) in PRODUCTS {
        if endpoints.apis.iter().any(|a| a.family == *family) && !names.iter().any(|n| n == name) {
            names.push((*name).to_owned());
        }
    }
    names
}

/// The `n`-th (1-based) server of an organisation gets `base`, then `base-2`, `base-3`…;
/// a code already given to another institution moves on to the next free suffix.
fn unique_code(used: &mut HashSet<String>, base: &str, n: usize) -> String {
    let mut k = n;
    let mut code = if n == 1 { base.to_owned() } else { format!("{base}-{n}") };
    while used.contains(&code) {
        k += 1;
        code = format!("{base}-{k}");
    }
    used.insert(code.clone());
    code
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
