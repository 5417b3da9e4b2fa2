//! Monthly debt service of the credit contracts in scope.
//!
//! Per contract, as `pf_liabilities` computes it: nothing for an unarranged overdraft (no
//! schedule) or a settled contract; else the next instalment converted to a month by the
//! contract's periodicity, or, without one, the median of the last three scheduled payments.
//! A contract without a regular periodicity is left out (its monthly share is unknown).

use ponte_domain::finance::{Contract, CreditFamily, Instalments};
use ponte_domain::{Currency, Money};
use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::products::income::scope::Scope;
use crate::products::liabilities::periodicity::Periodicity;
use crate::products::support::median;

/// Permissions that give credit contracts.
const CREDIT_PERMISSIONS: [&str; 4] =
    ["LOANS_READ", "FINANCINGS_READ", "INVOICE_FINANCINGS_READ", "UNARRANGED_ACCOUNTS_OVERDRAFT_READ"];

/// How many of the latest scheduled payments stand for an instalment without a stated amount.
const RECENT_PAYMENTS: usize = 3;

#[derive(Clone, Debug, PartialEq)]
pub(in crate::products) struct DebtFigures {
    /// Whether the consents say anything about credit: a consent grants a credit permission or
    /// a contract is in scope. Without that, debt ratios are "not available", not zero.
    pub available: bool,
    /// Contracts not settled.
    pub active_contracts: usize,
    /// Σ monthly debt service in reais.
    pub monthly_service: Decimal,
}

pub(super) fn debt(a: &Analysis<'_>, scope: &Scope) -> DebtFigures {
    let granted = a
        .consents
        .iter()
        .any(|c| c.permissions_granted.iter().any(|p| CREDIT_PERMISSIONS.contains(&p.as_str())));
    let mut figures = DebtFigures {
        available: granted || !scope.contracts.is_empty(),
        active_contracts: 0,
        monthly_service: Decimal::ZERO,
    };
    for &(c, k) in &scope.contracts {
        let Some(contract) = a.consents.get(c).and_then(|consent| consent.contracts.get(k)) else { continue };
        if is_settled(contract) {
            continue;
        }
        figures.active_contracts += 1;
        if let Some(monthly) = monthly_service(contract) {
            figures.monthly_service += monthly;
        }
    }
    figures
}

/// Nothing left to pay, as `pf_liabilities` decides it: the outstanding balance is zero (when
/// known) and no instalment is due or past due (when known); with no balance given, every
/// instalment of a known total is paid and none is due or past due.
fn is_settled(contract: &Contract) -> bool {
    let nothing_left = |i: &Instalments| i.due.unwrap_or(0) == 0 && i.past_due.unwrap_or(0) == 0;
    match (contract.outstanding_balance, contract.instalments.as_ref()) {
        (Some(balance), counts) => balance.amount.is_zero() && counts.is_none_or(nothing_left),
        (None, Some(i)) => nothing_left(i) && i.total.is_some_and(|t| t > 0 && i.paid == Some(t)),
        (None, None) => false,
    }
}

fn monthly_service(contract: &Contract) -> Option<Decimal> {
    if contract.family == CreditFamily::UnarrangedAccountOverdraft {
        return None;
    }
    let periodicity = Periodicity::from_ofb(contract.instalment_periodicity.as_deref()?)?;
    let in_brl = |m: &Money| m.currency == Currency::BRL && !m.amount.is_negative() && !m.amount.is_zero();
    let instalment = match contract.next_instalment_amount.filter(in_brl) {
        Some(next) => next,
        None => recent_instalment(contract)?,
    };
    periodicity.monthly(instalment).map(|m| m.amount.decimal())
}

/// The median of the latest scheduled (not over-parcel) payments in reais.
fn recent_instalment(contract: &Contract) -> Option<Money> {
    let mut scheduled: Vec<_> = contract
        .payments
        .iter()
        .filter(|p| !p.is_over_parcel && p.amount.currency == Currency::BRL)
        .collect();
    scheduled.sort_by(|x, y| (y.date, &y.id).cmp(&(x.date, &x.id)));
    let amounts = scheduled.iter().take(RECENT_PAYMENTS).map(|p| p.amount.amount.decimal()).collect();
    let value = ponte_domain::Amount::rounded(median(amounts)?).ok()?;
    Some(Money::brl(value))
}

#[cfg(test)]
mod tests {
    use ponte_domain::finance::ContractPayment;
    use time::macros::date;

    use super::*;
    use crate::products::insight::test_data::money;

    fn contract(family: CreditFamily, periodicity: Option<&str>, next: Option<i64>) -> Contract {
        Contract {
            family,
            id: "K".into(),
            contract_number: None,
            product_name: None,
            product_type: "EMPRESTIMOS".into(),
            product_sub_type: "CREDITO_PESSOAL_SEM_CONSIGNACAO".into(),
            contract_date: None,
            contract_amount: None,
            due_date: None,
            instalment_periodicity: periodicity.map(String::from),
            first_instalment_due_date: None,
            cet: None,
            amortization: None,
            interest_rates: Vec::new(),
            next_instalment_amount: next.map(money),
            instalments: None,
            outstanding_balance: None,
            payments: Vec::new(),
            warranties: Vec::new(),
        }
    }

    #[test]
    fn monthly_service_by_periodicity() {
        let d = |cents: i64| Some(Decimal::new(cents, 2));
        assert_eq!(monthly_service(&contract(CreditFamily::Loan, Some("MENSAL"), Some(50_000))), d(50_000));
        assert_eq!(monthly_service(&contract(CreditFamily::Loan, Some("ANUAL"), Some(120_000))), d(10_000));
        assert_eq!(
            monthly_service(&contract(CreditFamily::Loan, Some("SEM_PERIODICIDADE_REGULAR"), Some(1))),
            None
        );
        let overdraft = contract(CreditFamily::UnarrangedAccountOverdraft, Some("MENSAL"), Some(50_000));
        assert_eq!(monthly_service(&overdraft), None);
    }

    #[test]
    fn without_a_next_instalment_the_recent_payments_stand_for_it() {
        let mut k = contract(CreditFamily::Financing, Some("MENSAL"), None);
        for (i, cents) in [10_000, 30_000, 20_000, 99_000].into_iter().enumerate() {
            k.payments.push(ContractPayment {
                id: format!("p{i}"),
                instalment_id: None,
                date: date!(2026 - 01 - 01) + time::Duration::days(30 * i as i64),
                amount: money(cents),
                is_over_parcel: i == 3,
            });
        }
        assert_eq!(monthly_service(&k), Some(Decimal::new(20_000, 2)), "median of the last three scheduled");
    }

    #[test]
    fn settled_contracts_are_not_active() {
        let mut k = contract(CreditFamily::Loan, Some("MENSAL"), Some(1_000));
        assert!(!is_settled(&k));
        k.outstanding_balance = Some(money(0));
        assert!(is_settled(&k));
        k.instalments = Some(Instalments { past_due: Some(1), ..Instalments::default() });
        assert!(!is_settled(&k), "a zero balance with an instalment past due");
        k.outstanding_balance = None;
        k.instalments =
            Some(Instalments { total: Some(24), paid: Some(24), due: Some(0), ..Instalments::default() });
        assert!(is_settled(&k));
        k.instalments = Some(Instalments { due: Some(0), past_due: Some(0), ..Instalments::default() });
        assert!(!is_settled(&k), "counts alone need a known total, all paid");
    }
}
