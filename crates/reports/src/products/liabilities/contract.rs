//! One credit contract as `pf_liabilities`/`pj_liabilities` list it.

use ponte_domain::finance::{ConsentData, Contract, CreditFamily, InterestRate, Warranty};
use ponte_domain::{Currency, Money};
use serde::Serialize;
use time::Date;

use super::periodicity::months_before;
use super::schedule::{
    DebtServiceBasis, InstalmentCounts, NextInstalment, Term, contract_currency, is_settled,
    monthly_debt_service,
};
use super::wire::{Day, Rate};
use crate::products::support::{brl, sum};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContractView<'a> {
    pub institution_code: &'a str,
    pub brand_name: &'a str,
    pub contract_id: &'a str,
    pub contract_number: Option<&'a str>,
    pub family: CreditFamily,
    pub product_name: Option<&'a str>,
    pub product_type: &'a str,
    pub product_sub_type: &'a str,
    pub contract_date: Option<Day>,
    pub contract_amount: Option<Money>,
    pub outstanding_balance: Option<Money>,
    pub due_date: Option<Day>,
    pub instalment_periodicity: Option<&'a str>,
    pub first_instalment_due_date: Option<Day>,
    pub term: Option<Term<'a>>,
    pub instalments: Option<InstalmentCounts>,
    pub next_instalment: NextInstalment,
    pub cet: Option<Rate>,
    pub interest_rates: Vec<InterestRateView<'a>>,
    pub amortization: Option<&'a str>,
    pub payments: PaymentsSummary,
    pub monthly_debt_service: Option<Money>,
    pub monthly_debt_service_basis: Option<DebtServiceBasis>,
    pub warranties: Vec<WarrantyView<'a>>,
}

impl<'a> ContractView<'a> {
    pub(super) fn of(consent: &'a ConsentData, contract: &'a Contract, today: Date) -> ContractView<'a> {
        let periodicity = contract.instalment_periodicity.as_deref();
        let instalments = contract.instalments.as_ref().map(|i| InstalmentCounts::of(i, periodicity));
        let settled = is_settled(contract, instalments.as_ref());
        let debt_service = monthly_debt_service(contract, settled);
        ContractView {
            institution_code: &consent.institution_code,
            brand_name: &consent.institution_name,
            contract_id: &contract.id,
            contract_number: contract.contract_number.as_deref(),
            family: contract.family,
            product_name: contract.product_name.as_deref(),
            product_type: &contract.product_type,
            product_sub_type: &contract.product_sub_type,
            contract_date: contract.contract_date.map(Day),
            contract_amount: contract.contract_amount,
            outstanding_balance: contract.outstanding_balance,
            due_date: contract.due_date.map(Day),
            instalment_periodicity: periodicity,
            first_instalment_due_date: contract.first_instalment_due_date.map(Day),
            term: contract.instalments.as_ref().map(|i| Term {
                total: i.total,
                total_unit: &i.total_unit,
                remaining: i.remaining,
                remaining_unit: &i.remaining_unit,
            }),
            next_instalment: NextInstalment::of(contract, instalments.as_ref(), settled),
            instalments,
            cet: contract.cet.map(Rate),
            interest_rates: contract.interest_rates.iter().map(InterestRateView::of).collect(),
            amortization: contract.amortization.as_deref(),
            payments: PaymentsSummary::of(contract, today),
            monthly_debt_service: debt_service.map(|(amount, _)| amount),
            monthly_debt_service_basis: debt_service.map(|(_, basis)| basis),
            warranties: contract.warranties.iter().map(WarrantyView::of).collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InterestRateView<'a> {
    pub tax_type: &'a str,
    pub interest_rate_type: &'a str,
    pub tax_periodicity: &'a str,
    pub calculation: Option<&'a str>,
    pub referential_rate_indexer_type: Option<&'a str>,
    pub pre_fixed_rate: Option<Rate>,
    pub post_fixed_rate: Option<Rate>,
}

impl<'a> InterestRateView<'a> {
    fn of(rate: &'a InterestRate) -> Self {
        InterestRateView {
            tax_type: &rate.tax_type,
            interest_rate_type: &rate.interest_rate_type,
            tax_periodicity: &rate.tax_periodicity,
            calculation: rate.calculation.as_deref(),
            referential_rate_indexer_type: rate.referential_rate_indexer_type.as_deref(),
            pre_fixed_rate: rate.pre_fixed_rate.map(Rate),
            post_fixed_rate: rate.post_fixed_rate.map(Rate),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WarrantyView<'a> {
    pub warranty_type: &'a str,
    pub warranty_sub_type: Option<&'a str>,
    pub warranty_amount: Option<Money>,
}

impl<'a> WarrantyView<'a> {
    fn of(warranty: &'a Warranty) -> Self {
        WarrantyView {
            warranty_type: &warranty.kind,
            warranty_sub_type: warranty.sub_kind.as_deref(),
            warranty_amount: warranty.amount,
        }
    }
}

/// What has been paid on the contract (`GET /contracts/{id}/payments` releases).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentsSummary {
    /// Every release, scheduled or over-parcel.
    pub count: usize,
    /// Sum of the releases in the contract's currency.
    pub total: Money,
    /// Sum of those dated after `today` minus 12 months and up to `today`.
    pub last12_months_total: Money,
    pub last_payment_date: Option<Day>,
}

impl PaymentsSummary {
    fn of(contract: &Contract, today: Date) -> PaymentsSummary {
        let currency = contract_currency(contract);
        let window_start = months_before(today, 12).unwrap_or(Date::MIN);
        let in_currency = || contract.payments.iter().filter(|p| p.amount.currency == currency);
        let recent = in_currency().filter(|p| p.date > window_start && p.date <= today);
        PaymentsSummary {
            count: contract.payments.len(),
            total: money_in(currency, sum(in_currency().map(|p| &p.amount))),
            last12_months_total: money_in(currency, sum(recent.map(|p| &p.amount))),
            last_payment_date: contract.payments.iter().map(|p| p.date).max().map(Day),
        }
    }
}

/// An exact sum as an amount of `currency` (rounded half-to-even like `support::brl`).
fn money_in(currency: Currency, value: rust_decimal::Decimal) -> Money {
    Money::new(brl(value).amount, currency)
}

#[cfg(test)]
mod tests {
    use ponte_domain::Amount;
    use ponte_domain::finance::ContractPayment;
    use time::macros::date;

    use super::*;
    use crate::products::liabilities::test_data::brl;

    fn contract(payments: Vec<ContractPayment>) -> Contract {
        Contract {
            family: CreditFamily::Financing,
            id: "k".into(),
            contract_number: None,
            product_name: None,
            product_type: "FINANCIAMENTOS".into(),
            product_sub_type: "AQUISICAO_BENS_OUTROS_BENS".into(),
            contract_date: None,
            contract_amount: None,
            due_date: None,
            instalment_periodicity: None,
            first_instalment_due_date: None,
            cet: None,
            amortization: None,
            interest_rates: vec![],
            next_instalment_amount: None,
            instalments: None,
            outstanding_balance: None,
            payments,
            warranties: vec![],
        }
    }

    fn paid(date: Date, amount: Money) -> ContractPayment {
        ContractPayment { id: date.to_string(), instalment_id: None, date, amount, is_over_parcel: false }
    }

    #[test]
    fn payments_of_the_last_12_months_exclude_the_day_a_year_back_and_later_dates() {
        let c = contract(vec![
            paid(date!(2025 - 03 - 15), brl("100")),
            paid(date!(2025 - 03 - 16), brl("10")),
            paid(date!(2026 - 03 - 15), brl("1")),
            paid(date!(2026 - 03 - 20), brl("1000")),
        ]);
        let summary = PaymentsSummary::of(&c, date!(2026 - 03 - 15));
        assert_eq!(summary.count, 4);
        assert_eq!(summary.total, brl("1111"));
        assert_eq!(summary.last12_months_total, brl("11"));
        assert_eq!(summary.last_payment_date, Some(Day(date!(2026 - 03 - 20))));
    }

    #[test]
    fn no_payments_sum_to_zero_in_the_contract_currency() {
        let mut c = contract(vec![paid(date!(2026 - 01 - 10), Money::new(Amount::from(5), Currency::USD))]);
        c.contract_amount = Some(Money::new(Amount::from(900), Currency::USD));
        let summary = PaymentsSummary::of(&c, date!(2026 - 03 - 15));
        assert_eq!(summary.total, Money::new(Amount::from(5), Currency::USD));
        let empty = PaymentsSummary::of(&contract(vec![]), date!(2026 - 03 - 15));
        assert_eq!((empty.count, empty.total, empty.last_payment_date), (0, brl("0"), None));
    }
}
