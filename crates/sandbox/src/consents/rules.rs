//! What a `POST /consents` becomes (consents v3.3.1 description): whole permission groups only,
//! person and company data never mixed, company data only with a `businessEntity`, an expiry
//! in the future and within a year, and the bank keeping only the groups it offers (the
//! "subset rule") — refusing with `SEM_PERMISSOES_FUNCIONAIS_RESTANTES` when nothing is left.

use crate::api::error::OfbError;
use crate::bank::Offer;
use ponte_domain::{Audience, Permission, PermissionCategory, PermissionGroup};
use serde::Deserialize;
use std::collections::BTreeSet;
use time::OffsetDateTime;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateConsentRequest {
    pub data: CreateConsentData,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateConsentData {
    pub logged_user: Party,
    pub business_entity: Option<Party>,
    pub permissions: Vec<Permission>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expiration_date_time: Option<OffsetDateTime>,
}

#[derive(Debug, Deserialize)]
pub struct Party {
    pub document: Document,
}

#[derive(Debug, Deserialize)]
pub struct Document {
    pub identification: String,
    pub rel: String,
}

/// The longest fixed term the sandbox accepts (the v3.2 text's 12 months; v3.3 omits a cap,
/// and banks keep one).
const MAX_TERM: time::Duration = time::Duration::days(366);

fn unprocessable(code: &str, detail: impl Into<String>) -> OfbError {
    OfbError::unprocessable(code, detail)
}

/// Checks a create request and returns the permissions the consent will carry.
pub fn granted_permissions(
    request: &CreateConsentData,
    offer: Offer,
    now: OffsetDateTime,
) -> Result<Vec<Permission>, OfbError> {
    let user = &request.logged_user.document;
    if user.rel != "CPF" || user.identification.parse::<ponte_domain::Cpf>().is_err() {
        return Err(OfbError::bad_request("loggedUser.document must be a valid CPF with rel \"CPF\""));
    }
    if let Some(business) = &request.business_entity {
        let doc = &business.document;
        if doc.rel != "CNPJ" || doc.identification.parse::<ponte_domain::Cnpj>().is_err() {
            return Err(OfbError::bad_request(
                "businessEntity.document must be a valid CNPJ with rel \"CNPJ\"",
            ));
        }
    }
    let requested: BTreeSet<Permission> = request.permissions.iter().copied().collect();
    if requested.is_empty() {
        return Err(OfbError::bad_request("permissions must not be empty"));
    }
    if requested.len() != request.permissions.len() {
        return Err(OfbError::bad_request("permissions must not repeat"));
    }
    let requested: Vec<Permission> = requested.into_iter().collect();

    // Every permission must come with its whole group (RESOURCES_READ included).
    let groups = PermissionGroup::covered_by(&requested);
    let covered: BTreeSet<Permission> =
        PermissionGroup::permissions_for(groups.iter().copied()).into_iter().collect();
    if let Some(stray) = requested.iter().find(|p| !covered.contains(p)) {
        return Err(unprocessable(
            "COMBINACAO_PERMISSOES_INCORRETA",
            format!("{} was asked without the rest of its group", stray.as_str()),
        ));
    }
    let audiences: std::collections::HashSet<Audience> = groups.iter().filter_map(|g| g.audience()).collect();
    if audiences.len() > 1 {
        return Err(unprocessable(
            "PERMISSAO_PF_PJ_EM_CONJUNTO",
            "personal and business customer data cannot be asked in the same consent",
        ));
    }
    let business = audiences.contains(&Audience::Business);
    if business && request.business_entity.is_none() {
        return Err(unprocessable(
            "INFORMACOES_PJ_NAO_INFORMADAS",
            "business customer data needs businessEntity",
        ));
    }
    if request.business_entity.is_some() && audiences.contains(&Audience::Personal) {
        return Err(unprocessable(
            "PERMISSOES_PJ_INCORRETAS",
            "a consent for a company (businessEntity) cannot ask for personal customer data",
        ));
    }
    if let Some(end) = request.expiration_date_time
        && (end <= now || end > now + MAX_TERM)
    {
        return Err(unprocessable(
            "DATA_EXPIRACAO_INVALIDA",
            "expirationDateTime must be in the future and at most 12 months away",
        ));
    }

    // The subset rule: keep the groups this bank offers.
    let kept: Vec<PermissionGroup> = groups.into_iter().filter(|g| offers(offer, *g)).collect();
    if kept.is_empty() {
        return Err(unprocessable(
            "SEM_PERMISSOES_FUNCIONAIS_RESTANTES",
            "this institution offers none of the data asked for",
        ));
    }
    Ok(PermissionGroup::permissions_for(kept))
}

fn offers(offer: Offer, group: PermissionGroup) -> bool {
    match offer {
        Offer::Everything => true,
        Offer::AccountsAndCustomers => {
            matches!(group.category(), PermissionCategory::Registration | PermissionCategory::Accounts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 12:00 UTC);

    fn request(permissions: &[&str], business: Option<&str>) -> CreateConsentData {
        let business = business
            .map(|cnpj| {
                format!(r#","businessEntity":{{"document":{{"identification":"{cnpj}","rel":"CNPJ"}}}}"#)
            })
            .unwrap_or_default();
        let body = format!(
            r#"{{"loggedUser":{{"document":{{"identification":"76109277673","rel":"CPF"}}}}{business},"permissions":{},"expirationDateTime":"2027-05-01T00:00:00Z"}}"#,
            serde_json::to_string(permissions).unwrap()
        );
        serde_json::from_str(&body).unwrap()
    }

    fn code(result: Result<Vec<Permission>, OfbError>) -> String {
        result.unwrap_err().code
    }

    #[test]
    fn whole_groups_are_granted() {
        let granted = granted_permissions(
            &request(&["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"], None),
            Offer::Everything,
            NOW,
        )
        .unwrap();
        assert_eq!(
            granted,
            [Permission::AccountsRead, Permission::AccountsBalancesRead, Permission::ResourcesRead]
        );
    }

    #[test]
    fn group_and_party_rules_give_their_codes() {
        let r = |p: &[&str], b| granted_permissions(&request(p, b), Offer::Everything, NOW);
        assert_eq!(
            code(r(&["ACCOUNTS_BALANCES_READ", "RESOURCES_READ"], None)),
            "COMBINACAO_PERMISSOES_INCORRETA"
        );
        assert_eq!(
            code(r(&["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ"], None)),
            "COMBINACAO_PERMISSOES_INCORRETA"
        );
        let mixed = [
            "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
            "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
            "RESOURCES_READ",
        ];
        assert_eq!(code(r(&mixed, Some("11222333000181"))), "PERMISSAO_PF_PJ_EM_CONJUNTO");
        let business = ["CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"];
        assert_eq!(code(r(&business, None)), "INFORMACOES_PJ_NAO_INFORMADAS");
        assert!(r(&business, Some("11222333000181")).is_ok());
        let personal = ["CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ"];
        assert_eq!(code(r(&personal, Some("11222333000181"))), "PERMISSOES_PJ_INCORRETAS");
        assert_eq!(r(&["RESOURCES_READ", "RESOURCES_READ"], None).unwrap_err().status.as_u16(), 400);
    }

    #[test]
    fn the_expiry_must_be_within_a_year() {
        let mut data = request(&["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"], None);
        data.expiration_date_time = Some(NOW - time::Duration::minutes(1));
        assert_eq!(code(granted_permissions(&data, Offer::Everything, NOW)), "DATA_EXPIRACAO_INVALIDA");
        data.expiration_date_time = Some(NOW + time::Duration::days(400));
        assert_eq!(code(granted_permissions(&data, Offer::Everything, NOW)), "DATA_EXPIRACAO_INVALIDA");
        data.expiration_date_time = None;
        assert!(granted_permissions(&data, Offer::Everything, NOW).is_ok(), "no expiry: indefinite");
    }

    #[test]
    fn a_partial_bank_keeps_only_what_it_offers() {
        let cards_and_accounts = [
            "ACCOUNTS_READ",
            "ACCOUNTS_BALANCES_READ",
            "CREDIT_CARDS_ACCOUNTS_READ",
            "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
            "RESOURCES_READ",
        ];
        let granted =
            granted_permissions(&request(&cards_and_accounts, None), Offer::AccountsAndCustomers, NOW)
                .unwrap();
        assert_eq!(
            granted,
            [Permission::AccountsRead, Permission::AccountsBalancesRead, Permission::ResourcesRead]
        );
        let cards = ["CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "RESOURCES_READ"];
        assert_eq!(
            code(granted_permissions(&request(&cards, None), Offer::AccountsAndCustomers, NOW)),
            "SEM_PERMISSOES_FUNCIONAIS_RESTANTES"
        );
    }
}
