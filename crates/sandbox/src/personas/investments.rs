//! Bank fixed-income investments (CDB): positions rolled over at maturity.
//!
//! Like contracts, a position slot repeats every `term` months (see `credit.rs` for why): at
//! maturity the redemption is credited to the account and a new CDB is bought the same day.
//! Yield accrues at a percentage of an assumed constant CDI; income tax follows the regressive
//! table (22.5 % up to 180 days … 15 % after 720).

use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Time};

use super::PersonaCtx;
use super::accounts::{Draft, business_day_in_month};
use super::rng::{Seed, Ym, at, between, hms_milli};
use crate::data::accounts::AccountTransactionType;
use crate::data::common::{DateTimeZ, Dec, Dec8, OfbDate, OfbMoney, Rate};
use crate::data::fixed_incomes::{
    CalculationBasis, Indexer, Investment, InvestmentBalances, InvestmentIdentification,
    InvestmentTransaction, InvestmentTransactionType, InvestmentType, MovementType, RatePeriodicity,
    RateType, Remuneration,
};
use crate::data::resources::ResourceStatus;

/// The assumed CDI: 10.65 % a year, 0.8469 % a month.
const CDI_MONTHLY_MILLIONTHS: i64 = 8_469;
/// Unit price at issue: 1 000.00.
const UNIT_CENTS: i64 = 100_000;

/// Everything about one investment position.
#[derive(Clone, Debug)]
pub struct InvestmentData {
    pub investment: Investment,
    pub identification: InvestmentIdentification,
    pub balances: InvestmentBalances,
    /// The window's movements, oldest first.
    pub transactions: Vec<InvestmentTransaction>,
    pub status: ResourceStatus,
}

/// What the profile says about a position slot.
#[derive(Clone, Debug)]
pub(crate) struct InvestmentSpec {
    pub slot: u8,
    pub investment_type: InvestmentType,
    pub term: i64,
    /// In cents; bought in whole units of 1 000.00.
    pub principal: (i64, i64),
    /// Percentage of the CDI, millionths (1 100 000 = 110 %).
    pub cdi_pct_millionths: (i64, i64),
    pub account_slot: u8,
    pub purchase_day: u8,
}

struct Position {
    seed: Seed,
    purchase: Date,
    maturity: Date,
    principal: i64,
    pct: i64,
}

impl InvestmentSpec {
    fn position(&self, slot_seed: &Seed, start: Ym) -> Position {
        let seed = slot_seed.child("cycle", &start.bytes());
        let mut rng = seed.rng();
        let units = between(&mut rng, self.principal.0 / UNIT_CENTS, self.principal.1 / UNIT_CENTS);
        let pct = between(&mut rng, self.cdi_pct_millionths.0 / 10_000, self.cdi_pct_millionths.1 / 10_000)
            * 10_000;
        Position {
            seed,
            purchase: business_day_in_month(start, self.purchase_day),
            maturity: business_day_in_month(start.add(self.term), self.purchase_day),
            principal: units * UNIT_CENTS,
            pct,
        }
    }
}

impl Position {
    fn monthly(&self) -> Decimal {
        Decimal::new(CDI_MONTHLY_MILLIONTHS, 6) * Decimal::new(self.pct, 6)
    }

    /// Gross value on a date: compound by whole months, linear within the month.
    fn gross(&self, date: Date) -> i64 {
        let months = (Ym::of(date).index()
            - Ym::of(self.purchase).index()
            - i64::from(date.day() < self.purchase.day()))
        .max(0);
        let anniversary = Ym::of(self.purchase).add(months).day(self.purchase.day());
        let days = (date - anniversary).whole_days().max(0);
        let r = self.monthly();
        let factor = (0..months).fold(Decimal::ONE, |acc, _| acc * (Decimal::ONE + r));
        let value = Decimal::new(self.principal, 2)
            * factor
            * (Decimal::ONE + r * Decimal::from(days) / Decimal::from(30));
        cents(value)
    }

    fn income_tax(&self, date: Date, gross: i64) -> i64 {
        let held = (date - self.purchase).whole_days();
        let permille = match held {
            ..=180 => 225,
            181..=360 => 200,
            361..=720 => 175,
            _ => 150,
        };
        (gross - self.principal).max(0) * permille / 1000
    }
}

fn cents(d: Decimal) -> i64 {
    i64::try_from(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero) * Decimal::ONE_HUNDRED)
        .unwrap_or(0)
}

/// Generates the slot's current position; adds the account postings (applications and
/// redemptions) of every cycle touching the window.
pub(crate) fn generate(
    ctx: &PersonaCtx,
    spec: &InvestmentSpec,
    postings: &mut Vec<(u8, Draft)>,
) -> InvestmentData {
    let slot_seed = ctx.seed.child_n("bank-fixed-income", u64::from(spec.slot));
    let end = ctx.window.end;
    let phase = between(&mut slot_seed.child("phase", &[]).rng(), 0, spec.term - 1);
    let end_ym = Ym::of(end);
    let mut current = end_ym.add(-(end_ym.index() - phase).rem_euclid(spec.term));
    if business_day_in_month(current, spec.purchase_day) > end {
        current = current.add(-spec.term);
    }
    let first_needed = Ym::of(ctx.window.start).add(-1);
    let mut start = current;
    while start.add(spec.term) >= first_needed {
        let p = spec.position(&slot_seed, start);
        postings.push((
            spec.account_slot,
            Draft {
                at: at(p.purchase, hms_milli(10 * 3_600_000 + 2_000 + u32::from(spec.slot))),
                credit: false,
                cents: p.principal,
                name: "APLICACAO CDB".to_owned(),
                kind: AccountTransactionType::Outros,
                partie: None,
            },
        ));
        if p.maturity <= end {
            let gross = p.gross(p.maturity);
            let net = gross - p.income_tax(p.maturity, gross);
            postings.push((
                spec.account_slot,
                Draft {
                    at: at(p.maturity, hms_milli(9 * 3_600_000 + 30 * 60_000 + u32::from(spec.slot))),
                    credit: true,
                    cents: net,
                    name: "RESGATE CDB VENCIMENTO".to_owned(),
                    kind: AccountTransactionType::ResgateAplicFinanceira,
                    partie: None,
                },
            ));
        }
        start = start.add(-spec.term);
    }
    to_data(ctx, spec, &spec.position(&slot_seed, current))
}

fn to_data(ctx: &PersonaCtx, spec: &InvestmentSpec, p: &Position) -> InvestmentData {
    let bank = ctx.bank.bank();
    let end = ctx.window.end;
    let id = p.seed.uuid();
    let quantity = Dec8::from(Decimal::from(p.principal / UNIT_CENTS));
    let unit = OfbMoney::<8>::brl(Dec::cents(UNIT_CENTS));
    let pct = Rate::millionths(p.pct);
    let gross = p.gross(end);
    let tax = p.income_tax(end, gross);
    let updated_unit = Dec::<8>::from(
        (Decimal::new(gross, 2) / quantity.value())
            .round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero),
    );
    let transactions = ctx
        .window
        .contains(p.purchase)
        .then(|| InvestmentTransaction {
            movement_type: MovementType::Entrada,
            transaction_type: InvestmentTransactionType::Aplicacao,
            transaction_type_additional_info: None,
            transaction_date: OfbDate(p.purchase),
            transaction_unit_price: unit,
            transaction_quantity: quantity,
            transaction_gross_value: OfbMoney::brl_cents(p.principal),
            income_tax: None,
            financial_transaction_tax: None,
            transaction_net_value: OfbMoney::brl_cents(p.principal),
            remuneration_transaction_rate: None,
            indexer_percentage: Some(pct),
            transaction_id: format!("{}-A001", p.seed.short_hex()),
        })
        .into_iter()
        .collect();
    let isin =
        format!("BRCDB{}{}", p.seed.child("isin", &[]).digits(6), p.seed.child("isin-dv", &[]).digits(1));
    InvestmentData {
        investment: Investment {
            brand_name: bank.brand.to_owned(),
            company_cnpj: bank.cnpj.to_owned(),
            investment_type: spec.investment_type,
            investment_id: id,
        },
        identification: InvestmentIdentification {
            issuer_institution_cnpj_number: bank.cnpj.to_owned(),
            isin_code: Some(isin),
            investment_type: spec.investment_type,
            remuneration: Remuneration {
                pre_fixed_rate: None,
                post_fixed_indexer_percentage: Some(pct),
                rate_type: RateType::Exponencial,
                rate_periodicity: RatePeriodicity::Anual,
                calculation: CalculationBasis::DiasUteis,
                indexer: Indexer::Cdi,
                indexer_additional_info: None,
            },
            issue_unit_price: unit,
            due_date: OfbDate(p.maturity),
            issue_date: OfbDate(p.purchase),
            clearing_code: None,
            purchase_date: OfbDate(p.purchase),
            grace_period_date: OfbDate(p.maturity),
        },
        balances: InvestmentBalances {
            reference_date_time: DateTimeZ(at(end, Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT))),
            quantity,
            updated_unit_price: OfbMoney::brl(updated_unit),
            gross_amount: OfbMoney::brl_cents(gross),
            net_amount: OfbMoney::brl_cents(gross - tax),
            income_tax: OfbMoney::brl_cents(tax),
            financial_transaction_tax: OfbMoney::brl_cents(0),
            blocked_balance: OfbMoney::brl_cents(0),
            purchase_unit_price: unit,
            pre_fixed_rate: None,
            post_fixed_indexer_percentage: Some(pct),
        },
        transactions,
        status: ResourceStatus::Available,
    }
}
