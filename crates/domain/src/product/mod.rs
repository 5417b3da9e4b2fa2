//! Products: the reports Ponte builds from shared data (spec §8), and the set an app enables.

mod set;

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

pub use set::{ProductSet, ProductSetError};

use crate::PermissionGroup;
use crate::serde_str::string_serde;

/// Who a product is about: a person (CPF, `pf_`) or a company (CNPJ, `pj_`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Pessoa física.
    Personal,
    /// Pessoa jurídica.
    Business,
}

macro_rules! product_codes {
    ($($variant:ident => $code:literal,)+) => {
        /// A product (report) code, written on the wire as its snake_case code
        /// (`pf_balance`). The `pf_`/`pj_` prefix is the product's [`Audience`].
        ///
        /// Ordered alphabetically by code, so sets and lists of products come out in a stable,
        /// predictable order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ProductCode {
            $($variant,)+
        }

        impl ProductCode {
            /// Every product, in the order of spec §8.
            pub const ALL: [ProductCode; product_codes!(@count $($variant)+)] =
                [$(ProductCode::$variant,)+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ProductCode::$variant => $code,)+
                }
            }
        }

        impl FromStr for ProductCode {
            type Err = ProductCodeError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok(ProductCode::$variant),)+
                    _ => Err(ProductCodeError {
                        code: s.chars().take(64).collect(),
                    }),
                }
            }
        }
    };
    (@count $($t:ident)+) => { 0 $(+ product_codes!(@one $t))+ };
    (@one $t:ident) => { 1 };
}

product_codes! {
    PfBalance => "pf_balance",
    PjBalance => "pj_balance",
    PfCheckingAccount => "pf_checking_account",
    PjCheckingAccount => "pj_checking_account",
    PfSavingsAccount => "pf_savings_account",
    PjSavingsAccount => "pj_savings_account",
    PfCreditCard => "pf_credit_card",
    PjCreditCard => "pj_credit_card",
    PfCategorizedCheckingL2 => "pf_categorized_checking_l2",
    PfCategorizedCheckingL3 => "pf_categorized_checking_l3",
    PfCategorizedSavingsL3 => "pf_categorized_savings_l3",
    PfCategorizedCreditcardL3 => "pf_categorized_creditcard_l3",
    PjCategorizedCheckingL3 => "pj_categorized_checking_l3",
    PfIdentity => "pf_identity",
    PjIdentity => "pj_identity",
    PfLiabilities => "pf_liabilities",
    PjLiabilities => "pj_liabilities",
    PfIncome => "pf_income",
    PfFinancialInsight => "pf_financial_insight",
    PjFinancialInsight => "pj_financial_insight",
    PfRiskScore => "pf_risk_score",
    PjRiskScore => "pj_risk_score",
    PfInvestment => "pf_investment",
}

/// A string that is not one of the product codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown product code \"{code}\"; product codes are lowercase, such as \"pf_balance\" or \"pj_identity\" (see the products list in the docs)"
)]
pub struct ProductCodeError {
    /// The rejected code, cut to 64 characters.
    pub code: String,
}

impl ProductCode {
    pub fn audience(self) -> Audience {
        if self.as_str().starts_with("pj_") { Audience::Business } else { Audience::Personal }
    }

    /// Whether the product summarises a customer rather than showing one institution's data:
    /// income, financial insight and risk score. These are requested at the user level only
    /// (`/personal/user-data`, `/business/user-data`); the institution-level endpoints refuse
    /// them (business code 4002). Every other product may be requested at either level.
    pub fn is_user_level_only(self) -> bool {
        use ProductCode as P;
        matches!(
            self,
            P::PfIncome | P::PfFinancialInsight | P::PjFinancialInsight | P::PfRiskScore | P::PjRiskScore
        )
    }

    /// The permission groups a consent must grant for this product's report to be built.
    /// Registration data is always asked for: every report names whose data it is.
    pub fn permission_groups(self) -> &'static [PermissionGroup] {
        use PermissionGroup as G;
        use ProductCode as P;
        match self {
            P::PfBalance => {
                &[G::CustomersPersonalIdentifications, G::AccountsBalances, G::AccountsOverdraftLimits]
            }
            P::PjBalance => {
                &[G::CustomersBusinessIdentifications, G::AccountsBalances, G::AccountsOverdraftLimits]
            }
            P::PfCheckingAccount
            | P::PfSavingsAccount
            | P::PfCategorizedCheckingL2
            | P::PfCategorizedCheckingL3
            | P::PfCategorizedSavingsL3 => {
                &[G::CustomersPersonalIdentifications, G::AccountsBalances, G::AccountsTransactions]
            }
            P::PjCheckingAccount | P::PjSavingsAccount | P::PjCategorizedCheckingL3 => {
                &[G::CustomersBusinessIdentifications, G::AccountsBalances, G::AccountsTransactions]
            }
            P::PfCreditCard | P::PfCategorizedCreditcardL3 => &[
                G::CustomersPersonalIdentifications,
                G::CreditCardsLimits,
                G::CreditCardsTransactions,
                G::CreditCardsBills,
            ],
            P::PjCreditCard => &[
                G::CustomersBusinessIdentifications,
                G::CreditCardsLimits,
                G::CreditCardsTransactions,
                G::CreditCardsBills,
            ],
            P::PfIdentity => &[G::CustomersPersonalIdentifications, G::CustomersPersonalAdditionalInfo],
            P::PjIdentity => &[G::CustomersBusinessIdentifications, G::CustomersBusinessAdditionalInfo],
            P::PfLiabilities => &[G::CustomersPersonalIdentifications, G::CreditOperations],
            P::PjLiabilities => &[G::CustomersBusinessIdentifications, G::CreditOperations],
            P::PfIncome => &[
                G::CustomersPersonalIdentifications,
                G::CustomersPersonalAdditionalInfo,
                G::AccountsBalances,
                G::AccountsTransactions,
            ],
            P::PfFinancialInsight | P::PfRiskScore => &[
                G::CustomersPersonalIdentifications,
                G::CustomersPersonalAdditionalInfo,
                G::AccountsBalances,
                G::AccountsOverdraftLimits,
                G::AccountsTransactions,
                G::CreditCardsLimits,
                G::CreditCardsTransactions,
                G::CreditCardsBills,
                G::CreditOperations,
            ],
            P::PjFinancialInsight | P::PjRiskScore => &[
                G::CustomersBusinessIdentifications,
                G::CustomersBusinessAdditionalInfo,
                G::AccountsBalances,
                G::AccountsOverdraftLimits,
                G::AccountsTransactions,
                G::CreditCardsLimits,
                G::CreditCardsTransactions,
                G::CreditCardsBills,
                G::CreditOperations,
            ],
            P::PfInvestment => &[G::CustomersPersonalIdentifications, G::Investments],
        }
    }

    /// The permission groups needed by the products of `products` for `audience`, in the
    /// groups' order, without repeats.
    pub fn groups_for(
        products: impl IntoIterator<Item = ProductCode>,
        audience: Audience,
    ) -> Vec<PermissionGroup> {
        let mut groups: Vec<PermissionGroup> = products
            .into_iter()
            .filter(|p| p.audience() == audience)
            .flat_map(|p| p.permission_groups().iter().copied())
            .collect();
        groups.sort();
        groups.dedup();
        groups
    }
}

impl Ord for ProductCode {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for ProductCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ProductCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(ProductCode, "a product code such as \"pf_balance\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        assert_eq!(ProductCode::ALL.len(), 23);
        for p in ProductCode::ALL {
            assert_eq!(p.as_str().parse::<ProductCode>(), Ok(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<ProductCode>(&json).unwrap(), p);
        }
    }

    #[test]
    fn audience_follows_prefix() {
        for p in ProductCode::ALL {
            let expected = if p.as_str().starts_with("pf_") {
                Audience::Personal
            } else {
                assert!(p.as_str().starts_with("pj_"), "{p}");
                Audience::Business
            };
            assert_eq!(p.audience(), expected, "{p}");
        }
        assert_eq!(ProductCode::PjRiskScore.audience(), Audience::Business);
        assert_eq!(ProductCode::PfInvestment.audience(), Audience::Personal);
    }

    #[test]
    fn unknown_codes_are_named() {
        let err = "PF_BALANCE".parse::<ProductCode>().unwrap_err();
        assert_eq!(err.code, "PF_BALANCE");
        assert!(err.to_string().contains("\"PF_BALANCE\""));
        assert!("all".parse::<ProductCode>().is_err());
        assert!(serde_json::from_str::<ProductCode>("\"pf_balances\"").is_err());
    }

    #[test]
    fn every_product_asks_for_groups_of_its_own_audience() {
        for p in ProductCode::ALL {
            assert!(!p.permission_groups().is_empty(), "{p}");
            for group in p.permission_groups() {
                assert!(group.audience().is_none_or(|a| a == p.audience()), "{p}: {group:?}");
            }
        }
        let groups = ProductCode::groups_for(ProductCode::ALL, Audience::Personal);
        assert!(!groups.contains(&PermissionGroup::CustomersBusinessIdentifications));
        assert!(!groups.contains(&PermissionGroup::Exchanges));
        assert!(groups.contains(&PermissionGroup::Investments));
        assert!(groups.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn ordered_by_code() {
        let mut all = ProductCode::ALL;
        all.sort();
        let codes: Vec<_> = all.iter().map(|p| p.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }
}
