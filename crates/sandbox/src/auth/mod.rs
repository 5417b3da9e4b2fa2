//! The authorisation server of a sandbox bank (FAPI-BR): tokens, clients and (in later
//! modules) discovery, JWKS, PAR, the authorisation pages and the token endpoint.

pub mod clients;
pub mod tokens;

pub mod client_auth;
pub mod metadata;
pub mod par;

/// An unguessable handle (256 bits, base64url) for request URIs, codes and sessions.
pub fn random_handle() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
pub mod authorize;
pub mod id_token;
pub mod pages;
pub mod token;

use crate::data::resources::{ResourceStatus, ResourceType};
use crate::personas::CustomerData;
use ponte_domain::Permission;

/// The permission that makes a resource type part of a consent.
pub fn permission_of(resource_type: ResourceType) -> Option<Permission> {
    Some(match resource_type {
        ResourceType::Account => Permission::AccountsRead,
        ResourceType::CreditCardAccount => Permission::CreditCardsAccountsRead,
        ResourceType::Loan => Permission::LoansRead,
        ResourceType::Financing => Permission::FinancingsRead,
        ResourceType::UnarrangedAccountOverdraft => Permission::UnarrangedAccountsOverdraftRead,
        ResourceType::InvoiceFinancing => Permission::InvoiceFinancingsRead,
        ResourceType::BankFixedIncome => Permission::BankFixedIncomesRead,
        _ => return None,
    })
}

fn type_label(resource_type: ResourceType) -> &'static str {
    match resource_type {
        ResourceType::Account => "Conta",
        ResourceType::CreditCardAccount => "Cartão de crédito",
        ResourceType::Loan => "Empréstimo",
        ResourceType::Financing => "Financiamento",
        ResourceType::UnarrangedAccountOverdraft => "Adiantamento a depositante",
        ResourceType::InvoiceFinancing => "Direitos creditórios descontados",
        ResourceType::BankFixedIncome => "Renda fixa bancária",
        _ => "Produto",
    }
}

/// The customer's resources a consent with `permissions` covers, as (id, label) for the
/// consent page's account selection. Unavailable resources are not offered.
pub fn resources_for(data: &CustomerData, permissions: &[Permission]) -> Vec<(String, String)> {
    data.resources
        .iter()
        .filter(|r| r.status != ResourceStatus::Unavailable)
        .filter(|r| permission_of(r.resource_type).is_some_and(|p| permissions.contains(&p)))
        .map(|r| {
            let tail: String =
                r.resource_id.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
            let pending = if r.status == ResourceStatus::PendingAuthorisation {
                " (aguarda a autorização de outro titular)"
            } else {
                ""
            };
            (r.resource_id.clone(), format!("{} final {tail}{pending}", type_label(r.resource_type)))
        })
        .collect()
}
