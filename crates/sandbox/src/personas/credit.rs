//! Credit operations: loans, financings, invoice financings and unarranged overdraft.
//!
//! **Why contracts come in cycles.** Data must look current on any day and stay stable from one
//! day to the next. A contract slot therefore repeats: a contract of `term` months starts every
//! `term` months at a phase drawn from the persona, and when one is paid off the next one
//! starts (a refinancing). The contract shown is the latest that started by yesterday; its
//! schedule, payments and the account debits they cause depend only on its start month.

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Duration, Time};

use super::PersonaCtx;
use super::accounts::{Draft, business_day_in_month};
use super::rng::{Seed, Ym, at, between, chance, hms_milli, next_business_day};
use crate::data::accounts::AccountTransactionType;
use crate::data::common::{DateTimeMs, Dec2, OfbDate, Rate};
use crate::data::credit_operations::{
    AmortizationScheduled, Calculation, Contract, ContractListItem, ContractedFee, ContractedFinanceCharge,
    Family, FeeCharge, FeeChargeType, FinanceChargeType, InstalmentPeriodicity, InterestRate,
    InterestRateType, Payments, ProductSubType, ProductSubTypeCategory, ProductType,
    ReferentialRateIndexerSubType, ReferentialRateIndexerType, Release, ScheduledInstalments, TaxPeriodicity,
    TaxType, TypeContractRemaining, TypeNumberOfInstalments, Warranty, WarrantySubType, WarrantyType,
};
use crate::data::resources::ResourceStatus;

/// Everything about one credit contract.
#[derive(Clone, Debug)]
pub struct ContractData {
    pub family: Family,
    pub list_item: ContractListItem,
    pub contract: Contract,
    pub warranties: Vec<Warranty>,
    pub instalments: ScheduledInstalments,
    pub payments: Payments,
    pub status: ResourceStatus,
}

/// What the profile says about a contract slot.
#[derive(Clone, Debug)]
pub(crate) struct ContractSpec {
    pub family: Family,
    pub slot: u8,
    pub product_type: ProductType,
    pub sub_type: ProductSubType,
    pub category: Option<ProductSubTypeCategory>,
    pub product_name: &'static str,
    /// IPOC modality code (4 digits, SCR document 3040).
    pub modality: &'static str,
    pub principal: (i64, i64),
    /// Months; 0 for an operation without instalments (unarranged overdraft).
    pub term: i64,
    /// Monthly interest, millionths (24 900 = 2.49 % a month).
    pub rate_millionths: (i64, i64),
    pub due_day: u8,
    /// After `due_day`, so a contract starts after the previous one's last instalment.
    pub contract_day: u8,
    /// Late payments: chance (‰) and delay range in days.
    pub late: (u32, i64, i64),
    /// The account instalments are debited from (`None`: deducted from payroll or benefit).
    pub pays_from: Option<u8>,
    /// The account the money is credited to (`None`: paid to a seller).
    pub disburse_to: Option<u8>,
    /// Warranty type, subtype and value as ‰ of the principal.
    pub warranty: Option<(WarrantyType, WarrantySubType, i64)>,
    pub consignee: Option<&'static str>,
    pub insurance: bool,
}

impl ContractSpec {
    fn seed(&self, ctx: &PersonaCtx) -> Seed {
        ctx.seed.child_n(family_label(self.family), u64::from(self.slot))
    }

    /// Months between two contract starts.
    fn period(&self) -> i64 {
        if self.term == 0 { 3 } else { self.term }
    }

    fn contract_date(&self, start: Ym) -> Date {
        business_day_in_month(start, self.contract_day)
    }

    fn due(&self, start: Ym, j: i64) -> Date {
        next_business_day(start.add(j).day(self.due_day))
    }
}

fn family_label(family: Family) -> &'static str {
    match family {
        Family::Loans => "loan",
        Family::Financings => "financing",
        Family::InvoiceFinancings => "invoice-financing",
        Family::UnarrangedAccountOverdraft => "unarranged-overdraft",
    }
}

fn rate(millionths: i64) -> Decimal {
    Decimal::new(millionths, 6)
}

fn round_cents(d: Decimal) -> i64 {
    let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(r * Decimal::ONE_HUNDRED).unwrap_or(0)
}

fn pow(base: Decimal, n: i64) -> Decimal {
    (0..n).fold(Decimal::ONE, |acc, _| acc * base)
}

/// A PRICE (French) schedule: equal instalments, the last one adjusted to clear the balance.
pub(crate) struct Schedule {
    /// Face value of each instalment (cents).
    pub face: Vec<i64>,
    /// Outstanding principal after each instalment is paid (cents).
    pub balance_after: Vec<i64>,
}

pub(crate) fn price_schedule(principal: i64, monthly: Decimal, n: i64) -> Schedule {
    let p = Decimal::new(principal, 2);
    let f = pow(Decimal::ONE + monthly, n);
    let pmt = if monthly.is_zero() { p / Decimal::from(n) } else { p * monthly * f / (f - Decimal::ONE) };
    let pmt = round_cents(pmt);
    let mut balance = principal;
    let mut face = Vec::with_capacity(n as usize);
    let mut balance_after = Vec::with_capacity(n as usize);
    for j in 1..=n {
        let interest = round_cents(Decimal::new(balance, 2) * monthly);
        let amortisation = if j == n { balance } else { (pmt - interest).min(balance) };
        face.push(amortisation + interest);
        balance -= amortisation;
        balance_after.push(balance);
    }
    Schedule { face, balance_after }
}

/// One cycle of a slot: a concrete contract.
struct Cycle {
    start: Ym,
    seed: Seed,
    principal: i64,
    monthly: Decimal,
    schedule: Schedule,
    /// Paid date of each instalment.
    paid: Vec<Date>,
}

fn cycle(spec: &ContractSpec, slot_seed: &Seed, start: Ym) -> Cycle {
    let seed = slot_seed.child("cycle", &start.bytes());
    let mut rng = seed.rng();
    let principal = between(&mut rng, spec.principal.0 / 10_000, spec.principal.1 / 10_000) * 10_000;
    let monthly = rate(between(&mut rng, spec.rate_millionths.0 / 100, spec.rate_millionths.1 / 100) * 100);
    let n = spec.term.max(1);
    let schedule = price_schedule(principal, monthly, n);
    let paid = (1..=n)
        .map(|j| {
            let mut r = seed.child_n("late", j as u64).rng();
            let delay =
                if chance(&mut r, spec.late.0) { between(&mut r, spec.late.1, spec.late.2) } else { 0 };
            if spec.term == 0 {
                // One repayment of the advance a few days later.
                spec.contract_date(start) + Duration::days(between(&mut r, 5, 15))
            } else {
                spec.due(start, j) + Duration::days(delay)
            }
        })
        .collect();
    Cycle { start, seed, principal, monthly, schedule, paid }
}

/// Late charges paid with an instalment: 2 % fine and 1 % a month of late interest.
fn late_charges(face: i64, delay_days: i64) -> i64 {
    if delay_days <= 0 { 0 } else { face * 2 / 100 + face * delay_days / 3000 }
}

/// Generates the slot's current contract; adds the account postings of every cycle touching
/// the window.
pub(crate) fn generate(
    ctx: &PersonaCtx,
    spec: &ContractSpec,
    postings: &mut Vec<(u8, Draft)>,
) -> ContractData {
    let slot_seed = spec.seed(ctx);
    let end = ctx.window.end;
    let period = spec.period();
    let phase = between(&mut slot_seed.child("phase", &[]).rng(), 0, period - 1);
    let end_ym = Ym::of(end);
    let mut current = end_ym.add(-(end_ym.index() - phase).rem_euclid(period));
    if spec.contract_date(current) > end {
        current = current.add(-period);
    }
    // Postings of this cycle and of earlier ones still paying inside the window.
    let first_needed = Ym::of(ctx.window.start).add(-1);
    let mut start = current;
    while start.add(spec.term.max(1) + 2) >= first_needed {
        let c = cycle(spec, &slot_seed, start);
        add_postings(spec, &c, end, postings);
        start = start.add(-period);
    }
    to_data(ctx, spec, &cycle(spec, &slot_seed, current))
}

fn add_postings(spec: &ContractSpec, c: &Cycle, end: Date, postings: &mut Vec<(u8, Draft)>) {
    let contract_date = spec.contract_date(c.start);
    if let Some(slot) = spec.disburse_to {
        let name = match spec.family {
            Family::InvoiceFinancings => "CREDITO DESCONTO DUPLICATAS",
            Family::Financings => "CREDITO LIBERACAO FINANCIAMENTO",
            _ => "CREDITO LIBERACAO EMPRESTIMO",
        };
        if contract_date <= end && spec.term > 0 {
            postings.push((slot, posting(contract_date, 11, true, c.principal, name.to_owned())));
        }
    }
    let Some(slot) = spec.pays_from else { return };
    if spec.term == 0 {
        return;
    }
    let what = match spec.family {
        Family::Financings => "FINANCIAMENTO",
        Family::InvoiceFinancings => "DESCONTO",
        _ => "EMPRESTIMO",
    };
    let n = spec.term;
    for (j, (&face, &paid)) in c.schedule.face.iter().zip(&c.paid).enumerate() {
        let j = j as i64 + 1;
        if paid > end {
            continue;
        }
        let delay = (paid - spec.due(c.start, j)).whole_days();
        let amount = face + late_charges(face, delay);
        postings.push((slot, posting(paid, 8, false, amount, format!("DEB PARCELA {what} {j:02}/{n:02}"))));
    }
}

fn posting(date: Date, hour: u32, credit: bool, cents: i64, name: String) -> Draft {
    Draft {
        at: at(date, hms_milli(hour * 3_600_000 + 7 * 60_000 + 321)),
        credit,
        cents,
        name,
        kind: AccountTransactionType::OperacaoCredito,
        partie: None,
    }
}

fn to_data(ctx: &PersonaCtx, spec: &ContractSpec, c: &Cycle) -> ContractData {
    let bank = ctx.bank.bank();
    let end = ctx.window.end;
    let is_loan = spec.family == Family::Loans;
    let no_instalments = spec.term == 0;
    let id = c.seed.uuid();
    let contract_number = c.seed.child("number", &[]).digits(13);
    let client_code = match ctx.tax_id.len() {
        11 => format!("1{}", ctx.tax_id),
        _ => format!("2{}", &ctx.tax_id[..8]),
    };
    let ipoc = format!("{}{}{client_code}{contract_number}", &bank.cnpj[..8], spec.modality);
    let contract_date = spec.contract_date(c.start);

    // Instalment states at the end of the window.
    let n = spec.term.max(1) as usize;
    let dues: Vec<Date> = (1..=n as i64).map(|j| spec.due(c.start, j)).collect();
    let paid_count = c.paid.iter().filter(|d| **d <= end).count();
    let past_due = (0..n).filter(|&j| dues[j] <= end && c.paid[j] > end).count();
    let not_due = (0..n).filter(|&j| dues[j] > end).count();
    let unpaid_face: i64 = (0..n).filter(|&j| c.paid[j] > end).map(|j| c.schedule.face[j]).sum();
    let next_face = (0..n).find(|&j| c.paid[j] > end).map_or(0, |j| c.schedule.face[j]);

    let (outstanding, releases) = if no_instalments {
        let paid = c.paid[0];
        let days = (paid.min(end) - contract_date).whole_days().max(0);
        let interest =
            c.principal * days * i64::try_from((c.monthly * Decimal::from(1_000_000)).trunc()).unwrap_or(0)
                / 30
                / 1_000_000;
        let release = (paid <= end).then(|| Release {
            payment_id: Some(format!("{}-P001", &id[..8])),
            is_over_parcel_payment: true,
            instalment_id: None,
            paid_date: OfbDate(paid),
            currency: "BRL".to_owned(),
            paid_amount: Dec2::cents(c.principal + interest),
            over_parcel: None,
        });
        (if paid <= end { 0 } else { c.principal + interest }, release.into_iter().collect())
    } else {
        let outstanding =
            if paid_count == 0 { c.principal } else { c.schedule.balance_after[paid_count - 1] };
        let releases = (0..n)
            .filter(|&j| c.paid[j] <= end)
            .map(|j| {
                let delay = (c.paid[j] - dues[j]).whole_days();
                Release {
                    payment_id: Some(format!("{}-P{:03}", &id[..8], j + 1)),
                    is_over_parcel_payment: false,
                    instalment_id: Some(format!("{}-I{:03}", &id[..8], j + 1)),
                    paid_date: OfbDate(c.paid[j]),
                    currency: "BRL".to_owned(),
                    paid_amount: Dec2::cents(c.schedule.face[j] + late_charges(c.schedule.face[j], delay)),
                    over_parcel: None,
                }
            })
            .collect();
        (outstanding, releases)
    };

    let effective_year = pow(Decimal::ONE + c.monthly, 12) - Decimal::ONE;
    let rate6 = |d: Decimal| Rate::from(d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero));
    let interest_rate = |tax_type, periodicity, value: Decimal| InterestRate {
        tax_type,
        interest_rate_type: InterestRateType::Composto,
        tax_periodicity: periodicity,
        calculation: Calculation::Days30Of360,
        referential_rate_indexer_type: ReferentialRateIndexerType::PreFixado,
        referential_rate_indexer_sub_type: Some(ReferentialRateIndexerSubType::PreFixado),
        referential_rate_indexer_additional_info: None,
        pre_fixed_rate: Some(rate6(value)),
        post_fixed_rate: None,
        additional_info: None,
    };
    let settled = if no_instalments { outstanding == 0 } else { paid_count == n };
    let settlement_date = if settled { c.paid.iter().max().copied().filter(|d| *d <= end) } else { None };

    let contract = Contract {
        contract_number,
        ipoc_code: ipoc.clone(),
        product_name: spec.product_name.to_owned(),
        product_type: spec.product_type,
        product_sub_type: spec.sub_type,
        product_sub_type_category: if is_loan { spec.category } else { None },
        contract_date: OfbDate(contract_date),
        disbursement_dates: Some(vec![OfbDate(contract_date)]),
        settlement_date: settlement_date.map(OfbDate),
        contract_amount: Dec2::cents(c.principal),
        currency: Some("BRL".to_owned()),
        due_date: (!no_instalments).then(|| OfbDate(dues[n - 1])),
        instalment_periodicity: if no_instalments {
            InstalmentPeriodicity::SemPeriodicidadeRegular
        } else {
            InstalmentPeriodicity::Mensal
        },
        instalment_periodicity_additional_info: None,
        first_instalment_due_date: (!no_instalments).then(|| OfbDate(dues[0])),
        // CET: the effective yearly rate plus IOF and fees.
        cet: Some(rate6(effective_year + Decimal::new(21_500, 6))),
        has_insurance_contracted: Some(spec.insurance),
        amortization_scheduled: if no_instalments {
            AmortizationScheduled::SemSistemaAmortizacao
        } else {
            AmortizationScheduled::Price
        },
        amortization_scheduled_additional_info: None,
        cnpj_consignee: if is_loan { spec.consignee.map(str::to_owned) } else { None },
        interest_rates: vec![
            interest_rate(TaxType::Nominal, TaxPeriodicity::Am, c.monthly),
            interest_rate(TaxType::Nominal, TaxPeriodicity::Aa, c.monthly * Decimal::from(12)),
            interest_rate(TaxType::Efetiva, TaxPeriodicity::Aa, effective_year),
        ],
        contracted_fees: contracted_fees(spec),
        contracted_finance_charges: vec![
            charge(FinanceChargeType::MultaAtrasoPagamento, 20_000),
            charge(FinanceChargeType::JurosMoraAtraso, 10_000),
            charge(FinanceChargeType::IofContratacao, 3_800),
        ],
        next_instalment_amount: is_loan.then(|| Dec2::cents(if no_instalments { 0 } else { next_face })),
    };
    let instalments = if no_instalments {
        ScheduledInstalments {
            type_number_of_instalments: TypeNumberOfInstalments::SemPrazoTotal,
            total_number_of_instalments: None,
            type_contract_remaining: TypeContractRemaining::SemPrazoRemanescente,
            contract_remaining_number: None,
            paid_instalments: 0,
            due_instalments: 0,
            past_due_instalments: 0,
            balloon_payments: None,
        }
    } else {
        ScheduledInstalments {
            type_number_of_instalments: TypeNumberOfInstalments::Mes,
            total_number_of_instalments: Some(n as u32),
            type_contract_remaining: TypeContractRemaining::Mes,
            contract_remaining_number: Some(not_due as u32),
            paid_instalments: paid_count as u32,
            due_instalments: not_due as u32,
            past_due_instalments: past_due as u32,
            balloon_payments: None,
        }
    };
    let payments = Payments {
        paid_instalments: Some(if no_instalments { 0 } else { paid_count as u32 }),
        contract_outstanding_balance: Dec2::cents(outstanding),
        last_updated_contract_outstanding_balance: is_loan
            .then(|| DateTimeMs(at(end, Time::from_hms_milli(23, 59, 59, 0).unwrap_or(Time::MIDNIGHT)))),
        total_remaining_amount: is_loan
            .then(|| Dec2::cents(if no_instalments { outstanding } else { unpaid_face })),
        releases,
    };
    let warranties = spec
        .warranty
        .map(|(warranty_type, warranty_sub_type, permille)| Warranty {
            currency: "BRL".to_owned(),
            warranty_type,
            warranty_sub_type,
            warranty_amount: Dec2::cents(c.principal * permille / 1000),
        })
        .into_iter()
        .collect();
    ContractData {
        family: spec.family,
        list_item: ContractListItem {
            contract_id: id,
            brand_name: bank.brand.to_owned(),
            company_cnpj: bank.cnpj.to_owned(),
            product_type: spec.product_type,
            product_sub_type: spec.sub_type,
            product_sub_type_category: if is_loan { spec.category } else { None },
            ipoc_code: ipoc,
        },
        contract,
        warranties,
        instalments,
        payments,
        status: ResourceStatus::Available,
    }
}

fn contracted_fees(spec: &ContractSpec) -> Vec<ContractedFee> {
    if spec.term == 0 {
        return Vec::new();
    }
    vec![ContractedFee {
        fee_name: "TARIFA DE CADASTRO".to_owned(),
        fee_code: "CADASTRO".to_owned(),
        fee_charge_type: FeeChargeType::Unica,
        fee_charge: FeeCharge::Fixo,
        fee_amount: Some(Dec2::cents(if spec.principal.0 >= 2_000_000 { 120_000 } else { 45_000 })),
        fee_rate: None,
    }]
}

fn charge(charge_type: FinanceChargeType, millionths: i64) -> ContractedFinanceCharge {
    ContractedFinanceCharge {
        charge_type,
        charge_additional_info: None,
        charge_rate: Some(Rate::millionths(millionths)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_schedule_clears_the_balance() {
        let s = price_schedule(1_200_000, rate(24_900), 24);
        assert_eq!(s.face.len(), 24);
        assert_eq!(*s.balance_after.last().unwrap(), 0);
        // Equal instalments but the last (which absorbs the rounding).
        assert!(s.face[..23].windows(2).all(|w| w[0] == w[1]));
        assert!((s.face[23] - s.face[0]).abs() < 100);
        // 12 000.00 over 24 months at 2.49 % a month: 670.21 a month.
        assert_eq!(s.face[0], 67_021);
        let zero = price_schedule(100_000, Decimal::ZERO, 4);
        assert_eq!(zero.face, vec![25_000; 4]);
    }
}
