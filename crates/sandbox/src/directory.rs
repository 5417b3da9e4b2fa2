//! The sandbox participants directory (the OFB `participants` 1.0.0 format): one organisation
//! per sandbox bank with its authorisation server, discovery document and the API endpoints it
//! serves — what Ponte's institution registry, or any OFB client, reads to find the banks.

use crate::bank::{Bank, BankCode, Offer};
use serde_json::{Value, json};
use uuid::Uuid;

/// An API family as the directory names it (`ApiFamilyType`), its major version and the
/// endpoints listed for discovery (paths below `/open-banking`; the directory's `ApiEndpoint` is
/// a URI, so only the family's root resources are listed, not path templates).
struct Family {
    name: &'static str,
    version: u32,
    endpoints: &'static [&'static str],
    everything_only: bool,
}

const FAMILIES: &[Family] = &[
    Family { name: "consents", version: 3, endpoints: &["/consents/v3/consents"], everything_only: false },
    Family { name: "resources", version: 3, endpoints: &["/resources/v3/resources"], everything_only: false },
    Family {
        name: "customers-personal",
        version: 2,
        endpoints: &[
            "/customers/v2/personal/identifications",
            "/customers/v2/personal/qualifications",
            "/customers/v2/personal/financial-relations",
        ],
        everything_only: false,
    },
    Family {
        name: "customers-business",
        version: 2,
        endpoints: &[
            "/customers/v2/business/identifications",
            "/customers/v2/business/qualifications",
            "/customers/v2/business/financial-relations",
        ],
        everything_only: false,
    },
    Family { name: "accounts", version: 2, endpoints: &["/accounts/v2/accounts"], everything_only: false },
    Family {
        name: "credit-cards-accounts",
        version: 2,
        endpoints: &["/credit-cards-accounts/v2/accounts"],
        everything_only: true,
    },
    Family { name: "loans", version: 2, endpoints: &["/loans/v2/contracts"], everything_only: true },
    Family {
        name: "financings",
        version: 2,
        endpoints: &["/financings/v2/contracts"],
        everything_only: true,
    },
    Family {
        name: "invoice-financings",
        version: 2,
        endpoints: &["/invoice-financings/v2/contracts"],
        everything_only: true,
    },
    Family {
        name: "unarranged-accounts-overdraft",
        version: 2,
        endpoints: &["/unarranged-accounts-overdraft/v2/contracts"],
        everything_only: true,
    },
    Family {
        name: "bank-fixed-incomes",
        version: 1,
        endpoints: &["/bank-fixed-incomes/v1/investments"],
        everything_only: true,
    },
];

/// A stable id for a bank's directory entries (same on every machine and run).
fn id(bank: &Bank, what: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("ponte-sandbox:{}:{what}", bank.code.code()).as_bytes())
        .to_string()
}

/// The issuer of a bank under the sandbox's base URL (`https://127.0.0.1:8443`).
pub fn issuer(base_url: &str, code: BankCode) -> String {
    format!("{}/banks/{}", base_url.trim_end_matches('/'), code.code())
}

fn organisation(base_url: &str, bank: &Bank) -> Value {
    let issuer = issuer(base_url, bank.code);
    let organisation_id = id(bank, "organisation");
    let resources: Vec<Value> = FAMILIES
        .iter()
        .filter(|f| bank.offer == Offer::Everything || !f.everything_only)
        .map(|family| {
            json!({
                "ApiResourceId": id(bank, family.name),
                "ApiFamilyType": family.name,
                "ApiVersion": family.version,
                "ApiDiscoveryEndpoints": family.endpoints.iter().map(|path| json!({
                    "ApiDiscoveryId": id(bank, path),
                    "ApiEndpoint": format!("{issuer}/open-banking{path}"),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "OrganisationId": organisation_id,
        "Status": "Active",
        "OrganisationName": bank.name,
        "CreatedOn": "2026-01-01T00:00:00Z",
        "LegalEntityName": bank.name,
        "CountryOfRegistration": "BR",
        "CompanyRegister": "Cadastro Nacional da Pessoa Jurídica",
        "RegistrationNumber": bank.cnpj,
        "RegistrationId": bank.cnpj,
        "RegisteredName": bank.name,
        "City": "São Paulo",
        "Country": "BR",
        "AuthorisationServers": [{
            "AuthorisationServerId": id(bank, "authorisation-server"),
            "OrganisationId": organisation_id,
            "AutoRegistrationSupported": false,
            "ApiResources": resources,
            "CustomerFriendlyDescription": format!("{} (instituição de teste do Ponte)", bank.name),
            "CustomerFriendlyLogoUri": format!("{issuer}/logo.svg"),
            "CustomerFriendlyName": bank.name,
            "OpenIDDiscoveryDocument": format!("{issuer}/.well-known/openid-configuration"),
        }],
        "OrgDomainClaims": [],
        "OrgDomainRoleClaims": [{
            "OrganisationId": organisation_id,
            "Status": "Active",
            "AuthorisationDomain": "Open Finance",
            "Role": "DADOS",
            "RegistrationId": bank.cnpj,
        }],
    })
}

/// The whole directory for banks served at `base_url`.
pub fn participants(base_url: &str) -> Value {
    Value::Array(BankCode::ALL.iter().map(|code| organisation(base_url, code.bank())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bank_is_listed_with_its_discovery_document_and_apis() {
        let directory = participants("https://127.0.0.1:8443/");
        let organisations = directory.as_array().unwrap();
        assert_eq!(organisations.len(), 5);
        let server = &organisations[0]["AuthorisationServers"][0];
        assert_eq!(
            server["OpenIDDiscoveryDocument"],
            "https://127.0.0.1:8443/banks/999/.well-known/openid-configuration"
        );
        let families = |org: &Value| -> Vec<String> {
            org["AuthorisationServers"][0]["ApiResources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["ApiFamilyType"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(families(&organisations[0]).contains(&"credit-cards-accounts".to_owned()));
        let partial = organisations.iter().find(|o| o["OrganisationName"] == "Cooperativa Parcial").unwrap();
        assert!(!families(partial).contains(&"credit-cards-accounts".to_owned()), "996 offers accounts only");
        assert!(families(partial).contains(&"accounts".to_owned()));
        assert_eq!(participants("https://127.0.0.1:8443"), directory, "stable ids, trailing slash ignored");
    }
}
