//! What a fetch reads: the API families Ponte knows, where an institution serves them (from
//! its directory entry), the endpoints' path templates and the resources `/resources` lists.

use super::normalise::resources::AVAILABLE;
use crate::directory::Endpoints;
use ponte_domain::Permission;
use ponte_domain::finance::ResourceRef;
use std::collections::BTreeSet;
use url::Url;

/// Path templates, as [`super::FetchControl::may_call`] and [`super::operational_limit`] name
/// endpoints (relative to each API's root, e.g. `…/open-banking/accounts/v2`).
pub(crate) mod template {
    pub const RESOURCES: &str = "/resources";
    pub const ACCOUNTS: &str = "/accounts";
    pub const ACCOUNT: &str = "/accounts/{accountId}";
    pub const ACCOUNT_BALANCES: &str = "/accounts/{accountId}/balances";
    pub const ACCOUNT_OVERDRAFT_LIMITS: &str = "/accounts/{accountId}/overdraft-limits";
    pub const ACCOUNT_TRANSACTIONS: &str = "/accounts/{accountId}/transactions";
    pub const ACCOUNT_TRANSACTIONS_CURRENT: &str = "/accounts/{accountId}/transactions-current";
    pub const CARDS: &str = "/accounts";
    pub const CARD: &str = "/accounts/{creditCardAccountId}";
    pub const CARD_LIMITS: &str = "/accounts/{creditCardAccountId}/limits";
    pub const CARD_BILLS: &str = "/accounts/{creditCardAccountId}/bills";
    pub const CARD_BILL_TRANSACTIONS: &str = "/accounts/{creditCardAccountId}/bills/{billId}/transactions";
    pub const CARD_TRANSACTIONS: &str = "/accounts/{creditCardAccountId}/transactions";
    pub const CARD_TRANSACTIONS_CURRENT: &str = "/accounts/{creditCardAccountId}/transactions-current";
    pub const CONTRACTS: &str = "/contracts";
    pub const CONTRACT: &str = "/contracts/{contractId}";
    pub const CONTRACT_WARRANTIES: &str = "/contracts/{contractId}/warranties";
    pub const CONTRACT_INSTALMENTS: &str = "/contracts/{contractId}/scheduled-instalments";
    pub const CONTRACT_PAYMENTS: &str = "/contracts/{contractId}/payments";
    pub const PERSONAL_IDENTIFICATIONS: &str = "/personal/identifications";
    pub const PERSONAL_QUALIFICATIONS: &str = "/personal/qualifications";
    pub const PERSONAL_FINANCIAL_RELATIONS: &str = "/personal/financial-relations";
    pub const BUSINESS_IDENTIFICATIONS: &str = "/business/identifications";
    pub const BUSINESS_QUALIFICATIONS: &str = "/business/qualifications";
    pub const BUSINESS_FINANCIAL_RELATIONS: &str = "/business/financial-relations";
    pub const INVESTMENTS: &str = "/investments";
    pub const INVESTMENT: &str = "/investments/{investmentId}";
    pub const INVESTMENT_BALANCES: &str = "/investments/{investmentId}/balances";
    pub const INVESTMENT_TRANSACTIONS: &str = "/investments/{investmentId}/transactions";
    pub const INVESTMENT_TRANSACTIONS_CURRENT: &str = "/investments/{investmentId}/transactions-current";
}

/// Every template the fetcher may call.
#[cfg(test)]
pub(crate) const TEMPLATES: &[&str] = {
    use template::*;
    &[
        RESOURCES,
        ACCOUNTS,
        ACCOUNT,
        ACCOUNT_BALANCES,
        ACCOUNT_OVERDRAFT_LIMITS,
        ACCOUNT_TRANSACTIONS,
        ACCOUNT_TRANSACTIONS_CURRENT,
        CARD,
        CARD_LIMITS,
        CARD_BILLS,
        CARD_BILL_TRANSACTIONS,
        CARD_TRANSACTIONS,
        CARD_TRANSACTIONS_CURRENT,
        CONTRACTS,
        CONTRACT,
        CONTRACT_WARRANTIES,
        CONTRACT_INSTALMENTS,
        CONTRACT_PAYMENTS,
        PERSONAL_IDENTIFICATIONS,
        PERSONAL_QUALIFICATIONS,
        PERSONAL_FINANCIAL_RELATIONS,
        BUSINESS_IDENTIFICATIONS,
        BUSINESS_QUALIFICATIONS,
        BUSINESS_FINANCIAL_RELATIONS,
        INVESTMENTS,
        INVESTMENT,
        INVESTMENT_BALANCES,
        INVESTMENT_TRANSACTIONS,
        INVESTMENT_TRANSACTIONS_CURRENT,
    ]
};

/// An OFB API Ponte reads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Api {
    /// [`ponte_domain::finance::MissingPart::area`] of its endpoints.
    pub area: &'static str,
    /// The directory's `ApiFamilyType`.
    pub family: &'static str,
    /// The segment after `/open-banking/` in its URLs.
    pub path: &'static str,
    /// The major version whose shapes the normalisers read.
    pub major: u32,
}

pub(crate) const ACCOUNTS: Api = Api { area: "accounts", family: "accounts", path: "accounts", major: 2 };
pub(crate) const CARDS: Api = Api {
    area: "credit-cards-accounts",
    family: "credit-cards-accounts",
    path: "credit-cards-accounts",
    major: 2,
};
pub(crate) const CUSTOMERS_PERSONAL: Api =
    Api { area: "customers", family: "customers-personal", path: "customers", major: 2 };
pub(crate) const CUSTOMERS_BUSINESS: Api =
    Api { area: "customers", family: "customers-business", path: "customers", major: 2 };
pub(crate) const BANK_FIXED_INCOMES: Api =
    Api { area: "bank-fixed-incomes", family: "bank-fixed-incomes", path: "bank-fixed-incomes", major: 1 };

/// One of the four credit-operation APIs (`loans`, …); they share every shape.
pub(crate) const fn credit(api: &'static str) -> Api {
    Api { area: api, family: api, path: api, major: 2 }
}

/// Where the institution serves `api`: `…/open-banking/{path}/v{major}`, from the first HTTPS
/// endpoint its directory entry lists for the family; the reason when there is none.
pub(crate) fn root(endpoints: &Endpoints, api: &Api) -> Result<Url, String> {
    let marker = format!("/open-banking/{}/v{}", api.path, api.major);
    for endpoint in endpoints.family(api.family).filter(|e| e.url.scheme() == "https") {
        let path = endpoint.url.path();
        let Some(at) = path.find(&marker) else { continue };
        let end = at + marker.len();
        if path[end..].is_empty() || path[end..].starts_with('/') {
            let mut root = endpoint.url.clone();
            root.set_path(&path[..end]);
            root.set_query(None);
            root.set_fragment(None);
            return Ok(root);
        }
    }
    Err(format!(
        "the institution does not announce the {} API v{} over HTTPS in the directory",
        api.family, api.major
    ))
}

/// The permissions of the consent that Ponte knows (unknown names are ignored).
#[derive(Clone, Debug, Default)]
pub(crate) struct Granted(BTreeSet<Permission>);

impl Granted {
    pub fn new(names: &[String]) -> Granted {
        Granted(names.iter().filter_map(|name| name.parse().ok()).collect())
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.0.contains(&permission)
    }
}

/// The resources of `/resources` of one type (`ACCOUNT`, `LOAN`, …).
pub(crate) fn of_type<'r>(resources: &'r [ResourceRef], kind: &str) -> Vec<&'r ResourceRef> {
    resources.iter().filter(|r| r.kind == kind).collect()
}

pub(crate) fn is_available(resource: &ResourceRef) -> bool {
    resource.status == AVAILABLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::ApiEndpoint;

    fn endpoints(urls: &[(&str, &str)]) -> Endpoints {
        Endpoints {
            consents: None,
            resources: None,
            apis: urls
                .iter()
                .map(|(family, url)| ApiEndpoint {
                    family: (*family).to_owned(),
                    version: "2".to_owned(),
                    url: Url::parse(url).unwrap(),
                })
                .collect(),
        }
    }

    #[test]
    fn roots_come_from_the_directory() {
        let e = endpoints(&[
            ("accounts", "http://bank.test/open-banking/accounts/v2/accounts"),
            ("accounts", "https://bank.test/p/open-banking/accounts/v20/accounts"),
            ("accounts", "https://bank.test/p/open-banking/accounts/v2/accounts?x=1"),
            ("customers-personal", "https://bank.test/open-banking/customers/v2/personal/identifications"),
        ]);
        assert_eq!(root(&e, &ACCOUNTS).unwrap().as_str(), "https://bank.test/p/open-banking/accounts/v2");
        assert_eq!(
            root(&e, &CUSTOMERS_PERSONAL).unwrap().as_str(),
            "https://bank.test/open-banking/customers/v2"
        );
        assert!(root(&e, &CARDS).unwrap_err().contains("credit-cards-accounts"));
        let plain = endpoints(&[("loans", "http://bank.test/open-banking/loans/v2/contracts")]);
        assert!(root(&plain, &credit("loans")).is_err(), "HTTPS only");
    }

    #[test]
    fn unknown_permissions_are_ignored() {
        let granted = Granted::new(&["ACCOUNTS_READ".to_owned(), "SOMETHING_ELSE".to_owned()]);
        assert!(granted.has(Permission::AccountsRead));
        assert!(!granted.has(Permission::AccountsBalancesRead));
    }
}
