//! Open Finance Brasil data-sharing permissions (consents API v3.3.1, `CreateConsent.data.permissions`)
//! and the groups ("agrupamentos") a consent must request whole.
//!
//! Wire names are kept verbatim, including the upstream misspelling `ADITTIONALINFO`: a bank
//! rejects any other spelling with HTTP 400.

mod group;

use std::fmt;
use std::str::FromStr;

pub use group::{PermissionCategory, PermissionGroup, PermissionGroupError};

use crate::serde_str::string_serde;

macro_rules! permissions {
    ($($variant:ident => $name:literal, $scope:literal;)+) => {
        /// One OFB data-sharing permission, serialised as its exact OFB name. Rust variant
        /// names fix the upstream `ADITTIONALINFO` typo; the wire names keep it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Permission {
            $($variant,)+
        }

        impl Permission {
            /// Every permission, in the order of the consents API enum.
            pub const ALL: [Permission; permissions!(@count $($variant)+)] =
                [$(Permission::$variant,)+];

            /// The OFB wire name, e.g. `ACCOUNTS_BALANCES_READ`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Permission::$variant => $name,)+
                }
            }

            /// The OAuth 2.0 scope that gives access to the API this permission belongs to
            /// (consents API table, "SCOPE OAUTH 2.0" column).
            pub const fn scope(self) -> &'static str {
                match self {
                    $(Permission::$variant => $scope,)+
                }
            }
        }

        impl FromStr for Permission {
            type Err = PermissionError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(Permission::$variant),)+
                    _ => Err(PermissionError {
                        permission: s.chars().take(64).collect(),
                    }),
                }
            }
        }
    };
    (@count $($t:ident)+) => { 0 $(+ permissions!(@one $t))+ };
    (@one $t:ident) => { 1 };
}

permissions! {
    AccountsRead => "ACCOUNTS_READ", "accounts";
    AccountsBalancesRead => "ACCOUNTS_BALANCES_READ", "accounts";
    AccountsTransactionsRead => "ACCOUNTS_TRANSACTIONS_READ", "accounts";
    AccountsOverdraftLimitsRead => "ACCOUNTS_OVERDRAFT_LIMITS_READ", "accounts";
    CreditCardsAccountsRead => "CREDIT_CARDS_ACCOUNTS_READ", "credit-cards-accounts";
    CreditCardsAccountsBillsRead => "CREDIT_CARDS_ACCOUNTS_BILLS_READ", "credit-cards-accounts";
    CreditCardsAccountsBillsTransactionsRead => "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ", "credit-cards-accounts";
    CreditCardsAccountsLimitsRead => "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "credit-cards-accounts";
    CreditCardsAccountsTransactionsRead => "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ", "credit-cards-accounts";
    CustomersPersonalIdentificationsRead => "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "customers";
    CustomersPersonalAdditionalInfoRead => "CUSTOMERS_PERSONAL_ADITTIONALINFO_READ", "customers";
    CustomersBusinessIdentificationsRead => "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "customers";
    CustomersBusinessAdditionalInfoRead => "CUSTOMERS_BUSINESS_ADITTIONALINFO_READ", "customers";
    FinancingsRead => "FINANCINGS_READ", "financings";
    FinancingsScheduledInstalmentsRead => "FINANCINGS_SCHEDULED_INSTALMENTS_READ", "financings";
    FinancingsPaymentsRead => "FINANCINGS_PAYMENTS_READ", "financings";
    FinancingsWarrantiesRead => "FINANCINGS_WARRANTIES_READ", "financings";
    InvoiceFinancingsRead => "INVOICE_FINANCINGS_READ", "invoice-financings";
    InvoiceFinancingsScheduledInstalmentsRead => "INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ", "invoice-financings";
    InvoiceFinancingsPaymentsRead => "INVOICE_FINANCINGS_PAYMENTS_READ", "invoice-financings";
    InvoiceFinancingsWarrantiesRead => "INVOICE_FINANCINGS_WARRANTIES_READ", "invoice-financings";
    LoansRead => "LOANS_READ", "loans";
    LoansScheduledInstalmentsRead => "LOANS_SCHEDULED_INSTALMENTS_READ", "loans";
    LoansPaymentsRead => "LOANS_PAYMENTS_READ", "loans";
    LoansWarrantiesRead => "LOANS_WARRANTIES_READ", "loans";
    UnarrangedAccountsOverdraftRead => "UNARRANGED_ACCOUNTS_OVERDRAFT_READ", "unarranged-accounts-overdraft";
    UnarrangedAccountsOverdraftScheduledInstalmentsRead => "UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ", "unarranged-accounts-overdraft";
    UnarrangedAccountsOverdraftPaymentsRead => "UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ", "unarranged-accounts-overdraft";
    UnarrangedAccountsOverdraftWarrantiesRead => "UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ", "unarranged-accounts-overdraft";
    ResourcesRead => "RESOURCES_READ", "resources";
    BankFixedIncomesRead => "BANK_FIXED_INCOMES_READ", "bank-fixed-incomes";
    CreditFixedIncomesRead => "CREDIT_FIXED_INCOMES_READ", "credit-fixed-incomes";
    FundsRead => "FUNDS_READ", "funds";
    VariableIncomesRead => "VARIABLE_INCOMES_READ", "variable-incomes";
    TreasureTitlesRead => "TREASURE_TITLES_READ", "treasure-titles";
    ExchangesRead => "EXCHANGES_READ", "exchanges";
}

/// A string that is not an OFB data-sharing permission.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown Open Finance permission \"{permission}\"; permissions are upper-case OFB names such as \"ACCOUNTS_READ\""
)]
pub struct PermissionError {
    /// The rejected name, cut to 64 characters.
    pub permission: String,
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(Permission, "an Open Finance permission name such as \"ACCOUNTS_READ\"");

#[cfg(test)]
mod tests {
    use super::*;

    /// The `permissions` enum of `CreateConsent` in consents/3.3.1.yml, verbatim and in order.
    const SPEC_ENUM: [&str; 36] = [
        "ACCOUNTS_READ",
        "ACCOUNTS_BALANCES_READ",
        "ACCOUNTS_TRANSACTIONS_READ",
        "ACCOUNTS_OVERDRAFT_LIMITS_READ",
        "CREDIT_CARDS_ACCOUNTS_READ",
        "CREDIT_CARDS_ACCOUNTS_BILLS_READ",
        "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ",
        "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
        "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ",
        "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
        "CUSTOMERS_PERSONAL_ADITTIONALINFO_READ",
        "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
        "CUSTOMERS_BUSINESS_ADITTIONALINFO_READ",
        "FINANCINGS_READ",
        "FINANCINGS_SCHEDULED_INSTALMENTS_READ",
        "FINANCINGS_PAYMENTS_READ",
        "FINANCINGS_WARRANTIES_READ",
        "INVOICE_FINANCINGS_READ",
        "INVOICE_FINANCINGS_SCHEDULED_INSTALMENTS_READ",
        "INVOICE_FINANCINGS_PAYMENTS_READ",
        "INVOICE_FINANCINGS_WARRANTIES_READ",
        "LOANS_READ",
        "LOANS_SCHEDULED_INSTALMENTS_READ",
        "LOANS_PAYMENTS_READ",
        "LOANS_WARRANTIES_READ",
        "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
        "UNARRANGED_ACCOUNTS_OVERDRAFT_SCHEDULED_INSTALMENTS_READ",
        "UNARRANGED_ACCOUNTS_OVERDRAFT_PAYMENTS_READ",
        "UNARRANGED_ACCOUNTS_OVERDRAFT_WARRANTIES_READ",
        "RESOURCES_READ",
        "BANK_FIXED_INCOMES_READ",
        "CREDIT_FIXED_INCOMES_READ",
        "FUNDS_READ",
        "VARIABLE_INCOMES_READ",
        "TREASURE_TITLES_READ",
        "EXCHANGES_READ",
    ];

    #[test]
    fn matches_the_consents_spec_enum() {
        let names: Vec<_> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names, SPEC_ENUM);
    }

    #[test]
    fn round_trips() {
        for p in Permission::ALL {
            assert_eq!(p.as_str().parse::<Permission>(), Ok(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Permission>(&json).unwrap(), p);
        }
    }

    #[test]
    fn rejects_corrected_spelling_and_case() {
        for bad in ["CUSTOMERS_PERSONAL_ADDITIONALINFO_READ", "accounts_read", "ACCOUNTS_ALL", ""] {
            let err = bad.parse::<Permission>().unwrap_err();
            assert_eq!(err.permission, bad);
        }
    }

    #[test]
    fn scopes() {
        assert_eq!(Permission::AccountsBalancesRead.scope(), "accounts");
        assert_eq!(Permission::CreditCardsAccountsBillsRead.scope(), "credit-cards-accounts");
        assert_eq!(
            Permission::UnarrangedAccountsOverdraftPaymentsRead.scope(),
            "unarranged-accounts-overdraft"
        );
        assert_eq!(Permission::TreasureTitlesRead.scope(), "treasure-titles");
        assert_eq!(Permission::ResourcesRead.scope(), "resources");
    }
}
