//! A contract's schedule as the product shows it: instalment counts made consistent, the next
//! instalment's estimated due date, whether the contract is settled, and its monthly debt
//! service.

use ponte_domain::finance::{Contract, ContractPayment, CreditFamily, Instalments};
use ponte_domain::{Amount, Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;

use super::periodicity::Periodicity;
use super::wire::Day;
use crate::products::support::median;

/// The contract's term as the institution states it (`scheduled-instalments`), echoed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Term<'a> {
    pub total: Option<u32>,
    /// `DIA`, `SEMANA`, `MES`, `ANO`, `SEM_PRAZO_TOTAL`.
    pub total_unit: &'a str,
    pub remaining: Option<u32>,
    /// `DIA`, `SEMANA`, `MES`, `ANO`, `SEM_PRAZO_REMANESCENTE`.
    pub remaining_unit: &'a str,
}

/// Instalment counts. `total` is known only when the term is counted in the unit of the
/// periodicity (months for `MENSAL`, …); then `paid + due + pastDue ≤ total` always holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InstalmentCounts {
    pub total: Option<u32>,
    pub paid: Option<u32>,
    /// Still to pay and not yet due (OFB `dueInstalments`, "a vencer").
    pub due: Option<u32>,
    /// Due and unpaid (OFB `pastDueInstalments`, "vencidas").
    pub past_due: Option<u32>,
    /// The institution's counts added up to more than `total` and were capped.
    pub counts_capped: bool,
}

impl InstalmentCounts {
    pub(super) fn of(instalments: &Instalments, periodicity: Option<&str>) -> InstalmentCounts {
        let total = instalments.total.filter(|_| term_unit_matches(&instalments.total_unit, periodicity));
        let Some(total) = total else {
            return InstalmentCounts {
                total: None,
                paid: instalments.paid,
                due: instalments.due,
                past_due: instalments.past_due,
                counts_capped: false,
            };
        };
        // Capped in the order the schedule is paid: paid first, then not yet due, then overdue.
        let mut room = total;
        let mut cap = |count: Option<u32>| {
            count.map(|n| {
                let kept = n.min(room);
                room -= kept;
                kept
            })
        };
        let paid = cap(instalments.paid);
        let due = cap(instalments.due);
        let past_due = cap(instalments.past_due);
        let counts_capped =
            (paid, due, past_due) != (instalments.paid, instalments.due, instalments.past_due);
        InstalmentCounts { total: Some(total), paid, due, past_due, counts_capped }
    }

    fn nothing_left(&self) -> bool {
        self.due.unwrap_or(0) == 0 && self.past_due.unwrap_or(0) == 0
    }
}

/// Whether a term counted in `unit` counts instalments of `periodicity`.
fn term_unit_matches(unit: &str, periodicity: Option<&str>) -> bool {
    matches!(
        (unit, periodicity),
        ("MES", Some("MENSAL")) | ("SEMANA", Some("SEMANAL")) | ("ANO", Some("ANUAL"))
    )
}

/// Nothing is left to pay: the outstanding balance is zero (when known) and no instalment is
/// due or past due (when known). With neither known the contract is not taken as settled; with
/// only the counts known, every instalment of a known total must have been paid.
pub(super) fn is_settled(contract: &Contract, counts: Option<&InstalmentCounts>) -> bool {
    match (contract.outstanding_balance, counts) {
        (Some(balance), counts) => {
            balance.amount.is_zero() && counts.is_none_or(InstalmentCounts::nothing_left)
        }
        (None, Some(c)) => c.nothing_left() && c.total.is_some_and(|t| t > 0 && c.paid == Some(t)),
        (None, None) => false,
    }
}

/// The next instalment: the institution's amount and an estimated due date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NextInstalment {
    /// OFB `nextInstalmentAmount` (loans only; zero for a settled contract).
    pub amount: Option<Money>,
    /// Estimate: the first instalment's due date advanced by `paid` periods.
    pub due_date: Option<Day>,
}

impl NextInstalment {
    pub(super) fn of(
        contract: &Contract,
        counts: Option<&InstalmentCounts>,
        settled: bool,
    ) -> NextInstalment {
        let due_date = (!settled)
            .then(|| {
                let periodicity = Periodicity::from_ofb(contract.instalment_periodicity.as_deref()?)?;
                let paid = counts?.paid?;
                periodicity.advance(contract.first_instalment_due_date?, paid)
            })
            .flatten()
            .map(Day);
        NextInstalment { amount: contract.next_instalment_amount, due_date }
    }
}

/// Where a contract's `monthlyDebtService` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum DebtServiceBasis {
    /// Nothing left to pay: zero.
    Settled,
    /// `nextInstalmentAmount` converted to a month.
    NextInstalment,
    /// The median of the last three scheduled payments, converted to a month (financings and
    /// invoice financings, whose OFB APIs carry no next-instalment amount).
    RecentPayments,
}

/// How many of the latest scheduled payments the `RECENT_PAYMENTS` estimate looks at: the
/// median of three shrugs off one payment inflated by late charges.
const RECENT_PAYMENTS: usize = 3;

/// The contract's monthly debt service and its basis; `None` for unarranged overdraft (no
/// schedule to service) and when neither an amount nor a regular periodicity is known.
pub(super) fn monthly_debt_service(contract: &Contract, settled: bool) -> Option<(Money, DebtServiceBasis)> {
    if contract.family == CreditFamily::UnarrangedAccountOverdraft {
        return None;
    }
    if settled {
        return Some((Money::zero(contract_currency(contract)), DebtServiceBasis::Settled));
    }
    let periodicity = Periodicity::from_ofb(contract.instalment_periodicity.as_deref()?)?;
    if let Some(next) =
        contract.next_instalment_amount.filter(|m| !m.amount.is_zero() && !m.amount.is_negative())
    {
        return Some((periodicity.monthly(next)?, DebtServiceBasis::NextInstalment));
    }
    let recent = recent_instalment(&contract.payments)?;
    Some((periodicity.monthly(recent)?, DebtServiceBasis::RecentPayments))
}

/// The median amount of the latest scheduled (not over-parcel) payments in the currency of the
/// latest one.
fn recent_instalment(payments: &[ContractPayment]) -> Option<Money> {
    let mut scheduled: Vec<&ContractPayment> = payments.iter().filter(|p| !p.is_over_parcel).collect();
    // Newest first; the amount breaks ties so repeated ids cannot make the result order-dependent.
    scheduled.sort_by(|x, y| (y.date, &y.id, y.amount.amount).cmp(&(x.date, &x.id, x.amount.amount)));
    let currency = scheduled.first()?.amount.currency;
    let amounts: Vec<Decimal> = scheduled
        .iter()
        .filter(|p| p.amount.currency == currency)
        .take(RECENT_PAYMENTS)
        .map(|p| p.amount.amount.decimal())
        .collect();
    let value = Amount::rounded(median(amounts)?).ok()?;
    Some(Money::new(value, currency))
}

/// The currency the contract is denominated in: that of its contracted amount, else of its
/// balance or next instalment; BRL when it states none.
pub(super) fn contract_currency(contract: &Contract) -> Currency {
    let stated =
        contract.contract_amount.or(contract.outstanding_balance).or(contract.next_instalment_amount);
    stated.map_or(Currency::BRL, |m| m.currency)
}

#[cfg(test)]
mod tests {
    use ponte_domain::finance::{ContractPayment, CreditFamily};
    use time::Date;
    use time::macros::date;

    use super::*;

    fn brl(text: &str) -> Money {
        Money::brl(text.parse().unwrap_or_default())
    }

    fn counts(total: Option<u32>, paid: u32, due: u32, past_due: u32) -> Instalments {
        Instalments {
            total_unit: "MES".into(),
            total,
            remaining_unit: "MES".into(),
            remaining: Some(due),
            paid: Some(paid),
            due: Some(due),
            past_due: Some(past_due),
        }
    }

    fn payment(id: &str, date: Date, amount: &str, is_over_parcel: bool) -> ContractPayment {
        ContractPayment { id: id.into(), instalment_id: None, date, amount: brl(amount), is_over_parcel }
    }

    fn contract(periodicity: &str) -> Contract {
        Contract {
            family: CreditFamily::Loan,
            id: "k".into(),
            contract_number: None,
            product_name: None,
            product_type: "EMPRESTIMOS".into(),
            product_sub_type: "CREDITO_PESSOAL_SEM_CONSIGNACAO".into(),
            contract_date: None,
            contract_amount: Some(brl("1000")),
            due_date: None,
            instalment_periodicity: Some(periodicity.into()),
            first_instalment_due_date: Some(date!(2026 - 01 - 31)),
            cet: None,
            amortization: None,
            interest_rates: vec![],
            next_instalment_amount: Some(brl("300")),
            instalments: Some(counts(Some(12), 1, 11, 0)),
            outstanding_balance: Some(brl("3000")),
            payments: vec![],
            warranties: vec![],
        }
    }

    #[test]
    fn counts_over_the_total_are_capped_paid_first() {
        let capped = InstalmentCounts::of(&counts(Some(10), 6, 7, 2), Some("MENSAL"));
        assert_eq!((capped.paid, capped.due, capped.past_due), (Some(6), Some(4), Some(0)));
        assert!(capped.counts_capped);
        let fine = InstalmentCounts::of(&counts(Some(10), 6, 3, 1), Some("MENSAL"));
        assert_eq!((fine.total, fine.paid, fine.due, fine.past_due), (Some(10), Some(6), Some(3), Some(1)));
        assert!(!fine.counts_capped);
    }

    #[test]
    fn a_term_in_another_unit_than_the_periodicity_is_not_a_count_of_instalments() {
        let mut days = counts(Some(720), 30, 3, 0);
        days.total_unit = "DIA".into();
        let shown = InstalmentCounts::of(&days, Some("MENSAL"));
        assert_eq!((shown.total, shown.paid), (None, Some(30)));
        assert!(!shown.counts_capped);
        assert_eq!(InstalmentCounts::of(&counts(Some(12), 1, 1, 0), None).total, None);
        let mut years = counts(Some(2), 1, 1, 0);
        years.total_unit = "ANO".into();
        assert_eq!(InstalmentCounts::of(&years, Some("ANUAL")).total, Some(2));
    }

    #[test]
    fn settled_needs_a_zero_balance_and_nothing_due_or_every_instalment_paid() {
        let mut c = contract("MENSAL");
        let open = InstalmentCounts::of(&counts(Some(12), 12, 0, 0), Some("MENSAL"));
        assert!(!is_settled(&c, Some(&open)), "balance still 3000");
        c.outstanding_balance = Some(brl("0"));
        assert!(is_settled(&c, Some(&open)));
        assert!(is_settled(&c, None));
        let overdue = InstalmentCounts::of(&counts(Some(12), 11, 0, 1), Some("MENSAL"));
        assert!(!is_settled(&c, Some(&overdue)), "an instalment is past due");
        c.outstanding_balance = None;
        assert!(is_settled(&c, Some(&open)));
        assert!(!is_settled(&c, None));
        let unknown_total = InstalmentCounts::of(&counts(None, 3, 0, 0), Some("MENSAL"));
        assert!(!is_settled(&c, Some(&unknown_total)));
    }

    #[test]
    fn debt_service_converts_the_next_instalment_to_a_month() {
        for (periodicity, expected) in [
            ("MENSAL", "300.0000"),
            ("SEMANAL", "1300.0000"),
            ("QUINZENAL", "600.0000"),
            ("ANUAL", "25.0000"),
        ] {
            let service = monthly_debt_service(&contract(periodicity), false);
            assert_eq!(service, Some((brl(expected), DebtServiceBasis::NextInstalment)), "{periodicity}");
        }
        assert_eq!(monthly_debt_service(&contract("SEM_PERIODICIDADE_REGULAR"), false), None);
        assert_eq!(
            monthly_debt_service(&contract("MENSAL"), true),
            Some((brl("0"), DebtServiceBasis::Settled))
        );
        let mut overdraft = contract("MENSAL");
        overdraft.family = CreditFamily::UnarrangedAccountOverdraft;
        assert_eq!(monthly_debt_service(&overdraft, true), None);
    }

    #[test]
    fn without_a_next_amount_debt_service_is_the_median_of_the_last_three_scheduled_payments() {
        let mut c = contract("MENSAL");
        c.next_instalment_amount = None;
        assert_eq!(monthly_debt_service(&c, false), None, "no payments yet");
        c.payments = vec![
            payment("1", date!(2025 - 10 - 10), "900.00", false),
            payment("2", date!(2025 - 11 - 10), "310.00", false),
            payment("3", date!(2025 - 12 - 12), "325.50", false),
            payment("x", date!(2025 - 12 - 20), "5000.00", true),
            payment("4", date!(2026 - 01 - 10), "300.00", false),
        ];
        assert_eq!(monthly_debt_service(&c, false), Some((brl("310"), DebtServiceBasis::RecentPayments)));
        // A zero next amount on an open contract says nothing: fall back to the payments.
        c.next_instalment_amount = Some(brl("0"));
        assert_eq!(monthly_debt_service(&c, false), Some((brl("310"), DebtServiceBasis::RecentPayments)));
    }

    #[test]
    fn next_due_date_advances_the_first_by_the_paid_instalments() {
        let c = contract("MENSAL");
        let shown = InstalmentCounts::of(&counts(Some(12), 1, 11, 0), Some("MENSAL"));
        let next = NextInstalment::of(&c, Some(&shown), false);
        assert_eq!(next.due_date, Some(Day(date!(2026 - 02 - 28))));
        assert_eq!(next.amount, Some(brl("300")));
        assert_eq!(NextInstalment::of(&c, Some(&shown), true).due_date, None);
        assert_eq!(NextInstalment::of(&c, None, false).due_date, None);
        assert_eq!(NextInstalment::of(&contract("OUTROS"), Some(&shown), false).due_date, None);
    }
}
