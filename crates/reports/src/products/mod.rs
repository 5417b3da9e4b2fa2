//! One module per product family; [`build`] dispatches on the product code and decides the
//! report's status from what the consents granted and what the institution could give.
//!
//! * A product whose essential permission no consent in scope grants is not built (`5001`).
//! * A product whose essential API failed at every consent is not built (`5002`).
//! * Otherwise it is built; if a part it uses is missing (an API that failed, a resource that
//!   was unavailable, a permission the institution did not grant) it is `204` and names them.

pub(crate) mod accounts;
mod balance;
mod credit_card;
mod identity;
mod income;
mod insight;
mod investment;
mod liabilities;
mod risk_score;
pub(crate) mod support;

use ponte_domain::ProductCode;
use ponte_domain::finance::MissingPart;

use crate::analysis::Analysis;
use crate::envelope::Report;

pub use accounts::Level;

/// Report status codes (the `code` of the envelope).
pub mod codes {
    pub const OK: u16 = 200;
    pub const PARTIAL: u16 = 204;
    pub const INTERNAL: u16 = 5000;
    pub const NOT_GRANTED: u16 = 5001;
    pub const UNAVAILABLE: u16 = 5002;
}

/// What a product needs from the consents: the permission without which it means nothing, and
/// the API areas whose absence makes it partial.
struct Needs {
    /// At least one of these permissions must be granted by a consent in scope.
    essential: &'static [&'static str],
    /// API areas (as in [`MissingPart::area`]) the product reads.
    areas: &'static [&'static str],
}

const CREDIT: [&str; 4] = ["loans", "financings", "invoice-financings", "unarranged-accounts-overdraft"];

fn needs(product: ProductCode) -> Needs {
    use ProductCode as P;
    const ACCOUNTS: &[&str] = &["resources", "accounts"];
    const CARDS: &[&str] = &["resources", "credit-cards-accounts"];
    const EVERYTHING: &[&str] = &[
        "resources",
        "accounts",
        "credit-cards-accounts",
        "loans",
        "financings",
        "invoice-financings",
        "unarranged-accounts-overdraft",
        "customers",
    ];
    match product {
        P::PfBalance | P::PjBalance => Needs { essential: &["ACCOUNTS_BALANCES_READ"], areas: ACCOUNTS },
        P::PfCheckingAccount
        | P::PjCheckingAccount
        | P::PfSavingsAccount
        | P::PjSavingsAccount
        | P::PfCategorizedCheckingL2
        | P::PfCategorizedCheckingL3
        | P::PfCategorizedSavingsL3
        | P::PjCategorizedCheckingL3 => Needs { essential: &["ACCOUNTS_TRANSACTIONS_READ"], areas: ACCOUNTS },
        P::PfCreditCard | P::PjCreditCard | P::PfCategorizedCreditcardL3 => {
            Needs { essential: &["CREDIT_CARDS_ACCOUNTS_READ"], areas: CARDS }
        }
        P::PfIdentity => {
            Needs { essential: &["CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ"], areas: &["customers"] }
        }
        P::PjIdentity => {
            Needs { essential: &["CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ"], areas: &["customers"] }
        }
        P::PfLiabilities | P::PjLiabilities => Needs {
            essential: &[
                "LOANS_READ",
                "FINANCINGS_READ",
                "INVOICE_FINANCINGS_READ",
                "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
            ],
            areas: &["resources", CREDIT[0], CREDIT[1], CREDIT[2], CREDIT[3]],
        },
        P::PfIncome => Needs {
            essential: &["ACCOUNTS_TRANSACTIONS_READ"],
            areas: &["resources", "accounts", "customers"],
        },
        P::PfFinancialInsight | P::PjFinancialInsight | P::PfRiskScore | P::PjRiskScore => {
            Needs { essential: &["ACCOUNTS_TRANSACTIONS_READ"], areas: EVERYTHING }
        }
        P::PfInvestment => Needs {
            essential: &[
                "BANK_FIXED_INCOMES_READ",
                "CREDIT_FIXED_INCOMES_READ",
                "FUNDS_READ",
                "VARIABLE_INCOMES_READ",
                "TREASURE_TITLES_READ",
            ],
            areas: &[
                "resources",
                "bank-fixed-incomes",
                "credit-fixed-incomes",
                "funds",
                "variable-incomes",
                "treasure-titles",
            ],
        },
    }
}

/// Builds one product over the analysis.
pub fn build(product: ProductCode, analysis: &Analysis<'_>) -> Report {
    let needs = needs(product);
    let granted = |permission: &str| {
        analysis.consents.iter().any(|c| c.permissions_granted.iter().any(|p| p == permission))
    };
    if !needs.essential.iter().any(|p| granted(p)) {
        return failed(
            product,
            codes::NOT_GRANTED,
            format!("no consent in scope grants {}", needs.essential.join(" or ")),
        );
    }
    let mut missing: Vec<MissingPart> = analysis
        .consents
        .iter()
        .flat_map(|c| c.missing.iter())
        .filter(|m| needs.areas.contains(&m.area.as_str()))
        .cloned()
        .collect();
    missing.extend(not_granted(&needs, analysis));
    if !analysis.consents.is_empty() && analysis.consents.iter().all(|c| nothing_readable(&needs, c)) {
        return failed(
            product,
            codes::UNAVAILABLE,
            "the institution's APIs this product reads were unavailable; try again later".to_owned(),
        );
    }
    let body = match body(product, analysis) {
        Ok(body) => body,
        Err(e) => return failed(product, codes::INTERNAL, format!("the report could not be built: {e}")),
    };
    if missing.is_empty() {
        Report { product, code: codes::OK, message: "OK".into(), body, missing }
    } else {
        let message = "some institution APIs unavailable".to_owned();
        Report { product, code: codes::PARTIAL, message, body, missing }
    }
}

/// The permission that opens an API area, for the areas a consent may leave out while the
/// product still makes sense without them (the investment APIs other than bank fixed incomes
/// are not read yet, so they are never named here).
fn area_permission(area: &str, personal: bool) -> Option<&'static str> {
    Some(match area {
        "accounts" => "ACCOUNTS_READ",
        "credit-cards-accounts" => "CREDIT_CARDS_ACCOUNTS_READ",
        "loans" => "LOANS_READ",
        "financings" => "FINANCINGS_READ",
        "invoice-financings" => "INVOICE_FINANCINGS_READ",
        "unarranged-accounts-overdraft" => "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
        "customers" if personal => "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
        "customers" => "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
        _ => return None,
    })
}

/// Whether a consent gave nothing of what this product stands on: `/resources` failed, or every
/// area of the product's essential permissions that the consent grants failed as a whole (not
/// just one resource of it).
fn nothing_readable(needs: &Needs, consent: &ponte_domain::finance::ConsentData) -> bool {
    let failed = |area: &str| consent.missing.iter().any(|m| m.area == area && m.resource_id.is_none());
    if failed("resources") {
        return true;
    }
    let granted = |permission: &str| consent.permissions_granted.iter().any(|g| g == permission);
    let mut areas = needs.essential.iter().filter(|p| granted(p)).filter_map(|p| permission_area(p));
    let first = areas.next();
    first.is_some_and(failed) && areas.all(failed)
}

/// The API area an essential permission opens.
fn permission_area(permission: &str) -> Option<&'static str> {
    Some(match permission {
        "ACCOUNTS_BALANCES_READ" | "ACCOUNTS_TRANSACTIONS_READ" => "accounts",
        "CREDIT_CARDS_ACCOUNTS_READ" => "credit-cards-accounts",
        "LOANS_READ" => "loans",
        "FINANCINGS_READ" => "financings",
        "INVOICE_FINANCINGS_READ" => "invoice-financings",
        "UNARRANGED_ACCOUNTS_OVERDRAFT_READ" => "unarranged-accounts-overdraft",
        "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ" | "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ" => "customers",
        "BANK_FIXED_INCOMES_READ" => "bank-fixed-incomes",
        "CREDIT_FIXED_INCOMES_READ" => "credit-fixed-incomes",
        "FUNDS_READ" => "funds",
        "VARIABLE_INCOMES_READ" => "variable-incomes",
        "TREASURE_TITLES_READ" => "treasure-titles",
        _ => return None,
    })
}

/// The areas a product reads that a consent does not grant (the institution dropped them, as
/// OFB lets it, or they were never asked for): the report is partial and says so.
fn not_granted(needs: &Needs, analysis: &Analysis<'_>) -> Vec<MissingPart> {
    let personal = analysis.holder.audience == ponte_domain::Audience::Personal;
    let mut out = Vec::new();
    for consent in analysis.consents {
        for area in needs.areas {
            let Some(permission) = area_permission(area, personal) else { continue };
            if !consent.permissions_granted.iter().any(|p| p == permission) {
                out.push(MissingPart {
                    area: (*area).to_owned(),
                    endpoint: "*".to_owned(),
                    resource_id: None,
                    reason: format!("consent {} does not grant {permission}", consent.consent_id),
                });
            }
        }
    }
    out
}

fn failed(product: ProductCode, code: u16, message: String) -> Report {
    Report { product, code, message, body: "{}".to_owned(), missing: Vec::new() }
}

fn body(product: ProductCode, a: &Analysis<'_>) -> Result<String, serde_json::Error> {
    use ProductCode as P;
    match product {
        P::PfBalance | P::PjBalance => serde_json::to_string(&balance::build(a)),
        P::PfCheckingAccount | P::PjCheckingAccount => {
            serde_json::to_string(&accounts::checking(a, Level::Plain))
        }
        P::PfSavingsAccount | P::PjSavingsAccount => {
            serde_json::to_string(&accounts::savings(a, Level::Plain))
        }
        P::PfCategorizedCheckingL2 => serde_json::to_string(&accounts::checking(a, Level::L2)),
        P::PfCategorizedCheckingL3 | P::PjCategorizedCheckingL3 => {
            serde_json::to_string(&accounts::checking(a, Level::L3))
        }
        P::PfCategorizedSavingsL3 => serde_json::to_string(&accounts::savings(a, Level::L3)),
        P::PfCreditCard | P::PjCreditCard => serde_json::to_string(&credit_card::build(a, Level::Plain)),
        P::PfCategorizedCreditcardL3 => serde_json::to_string(&credit_card::build(a, Level::L3)),
        P::PfIdentity => serde_json::to_string(&identity::personal(a)),
        P::PjIdentity => serde_json::to_string(&identity::business(a)),
        P::PfLiabilities | P::PjLiabilities => serde_json::to_string(&liabilities::build(a)),
        P::PfIncome => serde_json::to_string(&income::build(a)),
        P::PfFinancialInsight => serde_json::to_string(&insight::personal(a)),
        P::PjFinancialInsight => serde_json::to_string(&insight::business(a)),
        P::PfRiskScore => serde_json::to_string(&risk_score::personal(a)),
        P::PjRiskScore => serde_json::to_string(&risk_score::business(a)),
        P::PfInvestment => serde_json::to_string(&investment::build(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Holder;
    use crate::categorise::Categoriser;
    use ponte_domain::Audience;
    use ponte_domain::finance::ConsentData;
    use time::macros::{date, datetime};

    fn consent(permissions: &[&str], missing: Vec<MissingPart>) -> ConsentData {
        let mut data = ConsentData::empty(
            "c1".into(),
            "999".into(),
            "Banco".into(),
            permissions.iter().map(|p| (*p).to_owned()).collect(),
            (date!(2025 - 06 - 15), date!(2026 - 06 - 15)),
            datetime!(2026-06-15 12:00 UTC),
        );
        data.missing = missing;
        data
    }

    fn run(product: ProductCode, consents: &[ConsentData]) -> Report {
        let categoriser = Categoriser::standard();
        let holder = Holder { tax_id: "76109277673".into(), audience: Audience::Personal };
        let analysis = Analysis::new(consents, holder, date!(2026 - 06 - 15), &categoriser);
        build(product, &analysis)
    }

    fn part(area: &str, resource: Option<&str>) -> MissingPart {
        MissingPart {
            area: area.into(),
            endpoint: "/x".into(),
            resource_id: resource.map(Into::into),
            reason: "503".into(),
        }
    }

    const ACCOUNTS: &[&str] =
        &["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ", "RESOURCES_READ"];

    #[test]
    fn a_product_without_its_essential_permission_is_not_built() {
        let report = run(ProductCode::PfCreditCard, &[consent(ACCOUNTS, vec![])]);
        assert_eq!(report.code, codes::NOT_GRANTED);
        assert!(report.message.contains("CREDIT_CARDS_ACCOUNTS_READ"), "{}", report.message);
        assert!(!report.is_built());
    }

    #[test]
    fn an_api_failing_at_every_consent_is_unavailable_but_one_resource_only_partial() {
        let everywhere = [
            consent(ACCOUNTS, vec![part("resources", None)]),
            consent(ACCOUNTS, vec![part("accounts", None)]),
        ];
        assert_eq!(run(ProductCode::PfBalance, &everywhere).code, codes::UNAVAILABLE);
        let one_resource = [consent(ACCOUNTS, vec![part("accounts", Some("acc-1"))])];
        let report = run(ProductCode::PfBalance, &one_resource);
        assert_eq!(report.code, codes::PARTIAL);
        assert_eq!(report.missing, vec![part("accounts", Some("acc-1"))]);
        let elsewhere = [consent(ACCOUNTS, vec![part("credit-cards-accounts", None)])];
        assert_eq!(
            run(ProductCode::PfBalance, &elsewhere).code,
            codes::OK,
            "a part the product does not read"
        );
    }

    #[test]
    fn a_product_is_unavailable_only_when_every_area_it_reads_failed() {
        let credit = ["LOANS_READ", "FINANCINGS_READ", "RESOURCES_READ"];
        let loans_only = [consent(&credit, vec![part("loans", None)])];
        assert_eq!(run(ProductCode::PfLiabilities, &loans_only).code, codes::PARTIAL, "financings were read");
        let both = [consent(&credit, vec![part("loans", None), part("financings", None)])];
        assert_eq!(run(ProductCode::PfLiabilities, &both).code, codes::UNAVAILABLE);
    }

    #[test]
    fn income_without_accounts_anywhere_is_unavailable_even_with_registration_data() {
        let mut permissions = ACCOUNTS.to_vec();
        permissions.push("CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ");
        let accounts_failed = [consent(&permissions, vec![part("accounts", None)])];
        assert_eq!(run(ProductCode::PfIncome, &accounts_failed).code, codes::UNAVAILABLE);
    }

    #[test]
    fn an_area_the_consent_does_not_grant_makes_a_reader_of_it_partial() {
        let report = run(ProductCode::PfFinancialInsight, &[consent(ACCOUNTS, vec![])]);
        assert_eq!(report.code, codes::PARTIAL);
        let areas: Vec<&str> = report.missing.iter().map(|m| m.area.as_str()).collect();
        assert!(areas.contains(&"credit-cards-accounts") && areas.contains(&"loans"), "{areas:?}");
        assert!(report.missing.iter().all(|m| m.reason.contains("does not grant")));
        assert_eq!(run(ProductCode::PfCheckingAccount, &[consent(ACCOUNTS, vec![])]).code, codes::OK);
    }
}
