//! Credit cards: purchases, instalment plans, monthly bills and their payments.
//!
//! A bill's content is a function of its cycle: daily purchases are seeded by (card, date),
//! instalment plans by (card, cycle) — so instalment 3/6 of a plan made two cycles ago is found
//! without regenerating those cycles — and a revolving balance carried into a bill is drawn from
//! the previous cycle alone. Bills are therefore stable whatever day the data is generated on.

mod transactions;
use transactions::*;

use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, PrimitiveDateTime};

use super::PersonaCtx;
use super::accounts::Draft;
use super::names::Org;
use super::rng::{
    Seed, Ym, at, between, count, day_id, hms_milli, is_business_day, next_business_day, pick, skewed,
    time_between,
};
use crate::data::accounts::{AccountTransactionType, CreditDebitType};
use crate::data::common::{DateTimeMs, OfbDate, OfbMoney};
use crate::data::credit_cards::{
    BillFinanceCharge, BillFinanceChargeType, BillPayment, BillPaymentMode, BillPaymentValueType,
    CardAccount, CardAccountIdentification, CardBill, CardConsolidationType, CardFeeType, CardLimit,
    CardLimitAmount, CardLineLimitType, CardLineName, CardNetwork, CardOtherCreditsType, CardPaymentMethod,
    CardPaymentType, CardProductType, CardTransaction, CardTransactionType,
};
use crate::data::resources::ResourceStatus;

/// Everything about one credit card account.
#[derive(Clone, Debug)]
pub struct CardData {
    pub account: CardAccount,
    pub identification: CardAccountIdentification,
    pub limits: Vec<CardLimit>,
    /// Closed bills whose cycle lies in the window, oldest first.
    pub bills: Vec<CardBill>,
    /// The window's transactions, oldest first; those of a closed bill carry its `billId`.
    pub transactions: Vec<CardTransaction>,
    pub status: ResourceStatus,
}

/// Everyday purchases at a kind of merchant.
#[derive(Clone, Debug)]
pub(crate) struct CardStream {
    pub mean_milli: u32,
    pub weekend_pct: u32,
    pub orgs: &'static [Org],
    pub lo: i64,
    pub hi: i64,
}

/// How the holder pays the bills.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CardPayment {
    pub mode: BillPaymentMode,
    /// Days after the due date (0: on time).
    pub late_days: (i64, i64),
    /// The account the payment leaves from.
    pub account_slot: u8,
}

/// What the profile says about a card.
#[derive(Clone, Debug)]
pub(crate) struct CardSpec {
    pub slot: u8,
    /// ≤ 50 characters.
    pub name: &'static str,
    pub product_type: CardProductType,
    pub network: CardNetwork,
    pub limit: i64,
    /// Day of the month the bill closes (1..=28).
    pub closing_day: u8,
    /// Days from closing to the due date.
    pub due_days: i64,
    pub purchases: Vec<CardStream>,
    /// Monthly subscriptions: merchant, amount, day of the month.
    pub subscriptions: Vec<(&'static Org, i64, u8)>,
    /// Instalment purchases: mean number per cycle (‰), merchants, amount range, instalments.
    pub plans_milli: u32,
    pub plan_orgs: &'static [Org],
    pub plan_amount: (i64, i64),
    pub plan_instalments: (i64, i64),
    /// Revolving balance left unpaid on each bill (cents range); `None`: bills paid in full.
    pub revolving: Option<(i64, i64)>,
    pub payment: CardPayment,
    /// Monthly annual-fee instalment.
    pub annual_fee: Option<i64>,
    /// Refunds (ESTORNO) per day, ‰.
    pub refunds_milli: u32,
}

/// A bill computed for a cycle (also for cycles before the window, whose payments the account
/// still shows).
struct Cycle {
    ym: Ym,
    transactions: Vec<CardTransaction>,
    total: i64,
    minimum: i64,
    charges: Vec<BillFinanceCharge>,
    payment: Option<(Date, i64)>,
    /// The revolving balance this bill leaves to the next.
    carry_out: i64,
}

impl CardSpec {
    fn seed(&self, ctx: &PersonaCtx) -> Seed {
        ctx.seed.child_n("card", u64::from(self.slot))
    }

    fn closing(&self, ym: Ym) -> Date {
        ym.day(self.closing_day)
    }

    fn cycle_start(&self, ym: Ym) -> Date {
        self.closing(ym.add(-1)) + Duration::days(1)
    }

    fn due(&self, ym: Ym) -> Date {
        next_business_day(self.closing(ym) + Duration::days(self.due_days))
    }

    fn revolving_left(&self, seed: &Seed, ym: Ym) -> i64 {
        match self.revolving {
            Some((lo, hi)) => between(&mut seed.child("revolving", &ym.bytes()).rng(), lo, hi),
            None => 0,
        }
    }
}

/// Generates a card; its bill payments become postings in the paying account.
pub(crate) fn generate(ctx: &PersonaCtx, spec: &CardSpec, postings: &mut Vec<(u8, Draft)>) -> CardData {
    let seed = spec.seed(ctx);
    let window = ctx.window;
    let prefix = seed.short_hex();
    let ident = format!("{}", 1000 + seed.child("ident", &[]).digits(4).parse::<u32>().unwrap_or(0) % 9000);
    let b = TxnBuilder { ident: &ident };
    let id = seed.uuid();

    let end = window.end;
    let last_closed = if spec.closing(Ym::of(end)) <= end { Ym::of(end) } else { Ym::of(end).add(-1) };
    let open = last_closed.add(1);
    // Two cycles before the window: their payments may fall in the account's first month.
    let from = Ym::of(window.start).add(-2);

    let mut carry = spec.revolving_left(&seed, from.add(-1));
    let mut carry_posted = payment_date(spec, &seed, from.add(-1));
    let mut bills = Vec::new();
    let mut transactions = Vec::new();
    let mut last_cycle: Option<Cycle> = None;
    let mut ym = from;
    while ym <= open {
        let until = if ym == open { end } else { spec.closing(ym) };
        let mut txns = Vec::new();
        let mut charges = Vec::new();
        // The revolving balance is booked when the previous bill is (partly) paid.
        if carry_posted <= until {
            let (rev, ch) = revolving_transactions(&b, &prefix, ym, carry_posted, carry);
            txns.extend(rev);
            charges = ch;
        }
        let mut date = spec.cycle_start(ym);
        while date <= until {
            txns.extend(day_transactions(spec, &seed, &b, &prefix, date));
            date += Duration::days(1);
        }
        txns.extend(plan_transactions(spec, &seed, &b, &prefix, ym, until));
        if ym < open {
            txns.extend(annual_fee(spec, &b, &prefix, ym));
        }
        txns.sort_by_key(|t| t.transaction_date_time);

        if ym == open {
            transactions.extend(txns);
            break;
        }
        let mut cycle = close_cycle(spec, &seed, ym, txns, charges);
        carry = cycle.carry_out;
        if let Some((date, cents)) = cycle.payment {
            carry_posted = date;
            if date <= end {
                postings.push((spec.payment.account_slot, payment_posting(spec, date, cents)));
            }
        } else {
            carry_posted = payment_date(spec, &seed, ym);
        }
        if spec.cycle_start(ym) >= window.start {
            let bill_id = format!("{prefix}-B{:04}{:02}", ym.year, ym.month);
            bills.push(to_bill(&bill_id, spec, &cycle, end));
            for mut txn in std::mem::take(&mut cycle.transactions) {
                txn.bill_id = Some(bill_id.clone());
                transactions.push(txn);
            }
        }
        last_cycle = Some(cycle);
        ym = ym.add(1);
    }

    // Used limit: what the last bill still owes, the open cycle and future instalments.
    // Once the last bill is paid, what it left unpaid is booked in the open cycle.
    let unpaid_last = last_cycle.as_ref().map_or(0, |c| match c.payment {
        Some((date, _)) if date <= end => 0,
        _ => c.total,
    });
    let open_net: i64 = transactions.iter().filter(|t| t.bill_id.is_none()).map(signed_cents).sum();
    let used = unpaid_last + open_net + future_instalments(spec, &seed, open);
    finish(ctx, spec, id, ident, bills, transactions, used)
}

fn signed_cents(t: &CardTransaction) -> i64 {
    let cents = i64::try_from(t.brazilian_amount.amount.value().mantissa()).unwrap_or(0);
    match t.credit_debit_type {
        CreditDebitType::Debito => cents,
        CreditDebitType::Credito => -cents,
    }
}

fn close_cycle(
    spec: &CardSpec,
    seed: &Seed,
    ym: Ym,
    transactions: Vec<CardTransaction>,
    charges: Vec<BillFinanceCharge>,
) -> Cycle {
    let total: i64 = transactions.iter().map(signed_cents).sum();
    let minimum = if total <= 0 { 0 } else { (total * 15 / 100).max(total.min(5_000)) };
    let pay_date = payment_date(spec, seed, ym);
    let carry_out = spec.revolving_left(seed, ym).min(total - minimum).max(0);
    let paid = total - carry_out;
    let payment = (paid > 0).then_some((pay_date, paid));
    Cycle { ym, transactions, total, minimum, charges, payment, carry_out }
}

/// When the bill of cycle `ym` is paid (due date plus the holder's usual delay).
fn payment_date(spec: &CardSpec, seed: &Seed, ym: Ym) -> Date {
    let mut rng: ChaCha8Rng = seed.child("payment", &ym.bytes()).rng();
    let late = between(&mut rng, spec.payment.late_days.0, spec.payment.late_days.1);
    spec.due(ym) + Duration::days(late)
}

fn to_bill(bill_id: &str, spec: &CardSpec, c: &Cycle, end: Date) -> CardBill {
    CardBill {
        bill_id: bill_id.to_owned(),
        due_date: OfbDate(spec.due(c.ym)),
        bill_total_amount: OfbMoney::brl_cents(c.total),
        bill_minimum_amount: OfbMoney::brl_cents(c.minimum),
        is_instalment: false,
        finance_charges: (!c.charges.is_empty()).then(|| c.charges.clone()),
        payments: c
            .payment
            .filter(|(date, _)| *date <= end)
            .map(|(date, cents)| BillPayment {
                value_type: BillPaymentValueType::ValorPagamentoFaturaRealizado,
                payment_date: OfbDate(date),
                payment_mode: spec.payment.mode,
                money: OfbMoney::brl_cents(cents),
            })
            .into_iter()
            .collect(),
    }
}

fn payment_posting(spec: &CardSpec, date: Date, cents: i64) -> Draft {
    let (name, kind) = match spec.payment.mode {
        BillPaymentMode::DebitoContaCorrente => {
            ("DEB AUTOMATICO FATURA CARTAO", AccountTransactionType::Outros)
        }
        BillPaymentMode::BoletoBancario => ("PAGTO BOLETO FATURA CARTAO", AccountTransactionType::Boleto),
        BillPaymentMode::Pix => ("PIX PAGTO FATURA CARTAO", AccountTransactionType::Pix),
        BillPaymentMode::AverbacaoFolha => ("DESCONTO FOLHA FATURA CARTAO", AccountTransactionType::Outros),
    };
    Draft {
        at: at(date, hms_milli(9 * 3_600_000 + 15 * 60_000 + u32::from(spec.slot))),
        credit: false,
        cents,
        name: name.to_owned(),
        kind,
        partie: None,
    }
}

fn finish(
    ctx: &PersonaCtx,
    spec: &CardSpec,
    id: String,
    ident: String,
    bills: Vec<CardBill>,
    transactions: Vec<CardTransaction>,
    used: i64,
) -> CardData {
    let bank = ctx.bank.bank();
    let limit = CardLimit {
        credit_line_limit_type: CardLineLimitType::LimiteCreditoTotal,
        consolidation_type: CardConsolidationType::Consolidado,
        identification_number: ident.clone(),
        line_name: Some(CardLineName::CreditoAVista),
        line_name_additional_info: None,
        is_limit_flexible: false,
        limit_amount: Some(CardLimitAmount {
            money: OfbMoney::brl_cents(spec.limit),
            limit_amount_reason: None,
        }),
        used_amount: OfbMoney::brl_cents(used),
        available_amount: Some(OfbMoney::brl_cents(spec.limit - used)),
        customized_limit_amount: None,
    };
    CardData {
        account: CardAccount {
            credit_card_account_id: id,
            brand_name: bank.brand.to_owned(),
            company_cnpj: bank.cnpj.to_owned(),
            name: spec.name.to_owned(),
            product_type: spec.product_type,
            product_additional_info: None,
            credit_card_network: spec.network,
            network_additional_info: None,
        },
        identification: CardAccountIdentification {
            name: spec.name.to_owned(),
            product_type: spec.product_type,
            product_additional_info: None,
            credit_card_network: spec.network,
            network_additional_info: None,
            payment_method: vec![CardPaymentMethod {
                identification_number: ident,
                is_multiple_credit_card: false,
            }],
        },
        limits: vec![limit],
        bills,
        transactions,
        status: ResourceStatus::Available,
    }
}
