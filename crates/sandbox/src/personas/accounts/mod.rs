//! Deposit, savings and payment accounts: daily transactions and balances.
//!
//! **Why balances are anchored per month.** A transaction must keep its id and content whatever
//! day the data is generated on, including balance-dependent ones (overdraft interest). So an
//! account's balance is never carried forward from a moving window start. Each month starts at
//! a *level* drawn from the month alone; a transfer with the holder's own account at another
//! bank on the month's last day brings the balance to the next month's level (savings accounts
//! reach it with their transfer from or to the checking account instead). Everything in a month
//! is then a function of that month: the balance on any past day, the interest on it, the
//! transfer. Each day's regular transactions come from a generator seeded by (account, date).

mod streams;
pub(crate) use streams::*;

use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use time::{Date, PrimitiveDateTime, Time, Weekday};

use super::PersonaCtx;
use super::names::{BANK_CODES, FEMALE_NAMES, MALE_NAMES, Org, SURNAMES};
use super::rng::{
    Seed, Ym, at, between, chance, concat, count, day_id, hms_milli, is_business_day, pick, push_padded,
    skewed, time_between,
};
use crate::data::accounts::{
    Account, AccountBalances, AccountIdentification, AccountOverdraftLimits, AccountSubType,
    AccountTransaction, AccountTransactionType, AccountType, CompletedAuthorisedPaymentType, CreditDebitType,
    PartiePersonType,
};
use crate::data::common::{DateTimeMs, DateTimeZ, OfbMoney};
use crate::data::resources::ResourceStatus;
use ponte_domain::Cpf;

/// Everything about one account at the bank.
#[derive(Clone, Debug)]
pub struct AccountData {
    pub account: Account,
    pub identification: AccountIdentification,
    pub balances: AccountBalances,
    pub overdraft_limits: AccountOverdraftLimits,
    /// The window's transactions, oldest first.
    pub transactions: Vec<AccountTransaction>,
    /// The balance just before the first transaction of the window (or at opening).
    pub opening_balance: Decimal,
    /// The balance after each transaction (parallel to `transactions`; not an OFB field).
    pub balance_after: Vec<Decimal>,
    /// The resource status in `/resources`.
    pub status: ResourceStatus,
}

/// How the month-start balance is chosen (see the module documentation).
#[derive(Clone, Debug)]
pub(crate) enum Level {
    /// Drawn in `lo..=hi` cents each month; a month-end transfer with the holder's own account
    /// elsewhere reaches the next month's level.
    Range(i64, i64),
    /// A savings account: grows by about `step` a month over a three-year cycle from `base`;
    /// the monthly transfer on `transfer_day` with the checking account reaches the level; the
    /// monthly yield (`rate_millionths`) is paid on `anniversary`.
    Savings { base: i64, step: i64, anniversary: u8, transfer_day: u8, rate_millionths: i64 },
}

/// What the profile says about an account.
#[derive(Clone, Debug)]
pub(crate) struct AccountSpec {
    pub slot: u8,
    pub account_type: AccountType,
    pub subtype: AccountSubType,
    pub status: ResourceStatus,
    /// When the account was opened: before the window except for the thin file.
    pub opened: Date,
    pub level: Level,
    /// Contracted overdraft limit in cents (0: none).
    pub overdraft_limit: i64,
    /// Overdraft interest per month, in millionths (80 000 = 8 %).
    pub overdraft_rate_millionths: i64,
    pub streams: Vec<Stream>,
}

impl AccountSpec {
    pub(crate) fn seed(&self, ctx: &PersonaCtx) -> Seed {
        ctx.seed.child_n("account", u64::from(self.slot)).child("opened", &Ym::of(self.opened).bytes())
    }

    /// Branch, number and check digit.
    pub(crate) fn numbers(&self, ctx: &PersonaCtx) -> (Option<String>, String, String) {
        let seed = self.seed(ctx);
        let branch = match self.account_type {
            AccountType::ContaPagamentoPrePaga => None,
            _ => Some(format!(
                "{:04}",
                1 + (ctx.seed.child("branch", &[]).digits(4).parse::<u32>().unwrap_or(0) % 3000)
            )),
        };
        (branch, format!("{}{}", 1 + self.slot % 9, seed.digits(8)), seed.child("dv", &[]).digits(1))
    }

    /// The month-start level of a month (pure in the month).
    fn level(&self, seed: &Seed, ym: Ym) -> i64 {
        let mut rng = seed.child("level", &ym.bytes()).rng();
        match self.level {
            Level::Range(lo, hi) => between(&mut rng, lo, hi),
            Level::Savings { base, step, .. } => {
                base + step * ym.index().rem_euclid(36) + between(&mut rng, -step / 4, step / 4)
            }
        }
    }

    /// For a savings account: the transfer with the checking account in a month (positive into
    /// savings) and its date, and the yield and its date.
    pub(crate) fn savings_moves(&self, seed: &Seed, ym: Ym) -> Option<((Date, i64), (Date, i64))> {
        let Level::Savings { anniversary, transfer_day, rate_millionths, .. } = self.level else {
            return None;
        };
        let level = self.level(seed, ym);
        let yield_cents = level.max(0) * rate_millionths / 1_000_000;
        let transfer = self.level(seed, ym.add(1)) - level - yield_cents;
        Some(((business_day_in_month(ym, transfer_day), transfer), (ym.day(anniversary), yield_cents)))
    }
}

/// Names and counterparty of the month-end transfer with the holder's own account.
pub(crate) struct OwnTransfer {
    pub out_name: String,
    pub in_name: String,
    pub kind: AccountTransactionType,
    /// `None` for an alphanumeric CNPJ, which `partieCnpjCpf` (`^\d{11}$|^\d{14}$`) cannot hold.
    pub partie: Option<Partie>,
}

/// Generates an account's window of transactions.
///
/// `postings` are the transactions other products put in this account (card bill payments,
/// loan instalments, savings transfers…), each already pure in its own date.
pub(crate) fn generate(
    ctx: &PersonaCtx,
    spec: &AccountSpec,
    postings: &[Draft],
    own: &OwnTransfer,
) -> AccountData {
    let seed = spec.seed(ctx);
    let window = ctx.window;
    let id = seed.uuid();
    let id_prefix = seed.short_hex();
    let first_day = spec.opened.max(Ym::of(window.start).first());

    // Reserve what the streams will roughly produce: reallocating thousands of transactions
    // shows in the high-volume persona's profile.
    let per_day: u64 = spec
        .streams
        .iter()
        .map(|s| match s.when {
            When::Daily { mean_milli, .. } => u64::from(mean_milli),
            _ => 40,
        })
        .sum();
    let days = u64::try_from((window.end - first_day).whole_days() + 1).unwrap_or(0);
    let estimate = usize::try_from(per_day * days / 1000).unwrap_or(0) + postings.len() + 64;
    let mut transactions = Vec::with_capacity(estimate);
    let mut balance_after = Vec::with_capacity(estimate);
    let mut opening: Option<i64> = None;
    let mut closing = 0i64;
    let mut day: Vec<Draft> = Vec::with_capacity(64);

    let mut ym = Ym::of(first_day);
    while ym <= Ym::of(window.end) {
        // An account opened this month starts at zero on its opening day.
        let opened_now = Ym::of(spec.opened) == ym;
        let mut balance = if opened_now { 0 } else { spec.level(&seed, ym) };
        let mut negative_days_sum = 0i64;
        let savings = spec.savings_moves(&seed, ym);
        let mut date = if opened_now { spec.opened } else { ym.first() };
        while date <= window.end && Ym::of(date) == ym {
            day.clear();
            regular_day(spec, &seed, date, &mut day);
            day.extend(postings.iter().filter(|p| p.at.date() == date).cloned());
            if let Some(((transfer_date, transfer), (yield_date, yield_cents))) = savings {
                savings_day(date, transfer_date, transfer, yield_date, yield_cents, &mut day);
            }
            let net: i64 = day.iter().map(|d| if d.credit { d.cents } else { -d.cents }).sum();
            let end_of_day = balance + net;
            negative_days_sum += (-end_of_day).max(0);
            if date == ym.last() && savings.is_none() {
                let next_level = spec.level(&seed, ym.add(1));
                month_end(spec, date, end_of_day, negative_days_sum, next_level, own, &mut day);
            }
            day.sort_by_key(|d| d.at);
            let keep = window.contains(date);
            if keep && opening.is_none() {
                opening = Some(balance);
            }
            for (i, draft) in day.drain(..).enumerate() {
                balance += if draft.credit { draft.cents } else { -draft.cents };
                if keep {
                    transactions.push(to_transaction(&id_prefix, date, i, draft));
                    balance_after.push(Decimal::new(balance, 2));
                }
            }
            date = match date.next_day() {
                Some(next) => next,
                None => break,
            };
        }
        closing = balance;
        ym = ym.add(1);
    }
    let opening_balance = Decimal::new(opening.unwrap_or(closing), 2);
    finish(ctx, spec, id, transactions, opening_balance, balance_after, closing)
}

fn regular_day(spec: &AccountSpec, seed: &Seed, date: Date, out: &mut Vec<Draft>) {
    if spec.streams.is_empty() {
        return;
    }
    let mut rng = seed.day("day", date).rng();
    for stream in &spec.streams {
        for _ in 0..stream.occurrences(&mut rng, date) {
            out.push(stream.draft(&mut rng, date));
        }
    }
}

fn savings_day(
    date: Date,
    transfer_date: Date,
    transfer: i64,
    yield_date: Date,
    yield_cents: i64,
    out: &mut Vec<Draft>,
) {
    if date == transfer_date && transfer != 0 {
        let (name, kind) = if transfer > 0 {
            ("TRANSF RECEBIDA CONTA CORRENTE", AccountTransactionType::TransferenciaMesmaInstituicao)
        } else {
            ("TRANSF ENVIADA CONTA CORRENTE", AccountTransactionType::TransferenciaMesmaInstituicao)
        };
        out.push(Draft {
            at: at(date, hms_milli(10 * 3_600_000 + 12_345)),
            credit: transfer > 0,
            cents: transfer.abs(),
            name: name.to_owned(),
            kind,
            partie: None,
        });
    }
    if date == yield_date && yield_cents > 0 {
        out.push(Draft {
            at: at(date, hms_milli(6 * 3_600_000 + 1_000)),
            credit: true,
            cents: yield_cents,
            name: "RENDIMENTO POUPANCA".to_owned(),
            kind: AccountTransactionType::RendimentoAplicFinanceira,
            partie: None,
        });
    }
}

/// The last day of a month: overdraft interest on the month's negative balances, then the
/// transfer that brings the balance to the next month's level.
fn month_end(
    spec: &AccountSpec,
    date: Date,
    end_of_day: i64,
    negative_days_sum: i64,
    next_level: i64,
    own: &OwnTransfer,
    out: &mut Vec<Draft>,
) {
    let interest = negative_days_sum * spec.overdraft_rate_millionths / 30 / 1_000_000;
    if interest > 0 {
        out.push(Draft {
            at: at(date, hms_milli(23 * 3_600_000 + 50 * 60_000 + 7)),
            credit: false,
            cents: interest,
            name: "JUROS CHEQUE ESPECIAL".to_owned(),
            kind: AccountTransactionType::EncargosJurosChequeEspecial,
            partie: None,
        });
    }
    let transfer = next_level - (end_of_day - interest);
    if transfer != 0 {
        let name = if transfer > 0 { own.in_name.clone() } else { own.out_name.clone() };
        out.push(Draft {
            at: at(date, hms_milli(20 * 3_600_000 + 31 * 60_000 + 4_567)),
            credit: transfer > 0,
            cents: transfer.abs(),
            name,
            kind: own.kind,
            partie: own.partie.clone(),
        });
    }
}

fn to_transaction(prefix: &str, date: Date, index: usize, d: Draft) -> AccountTransaction {
    let mut t = AccountTransaction {
        transaction_id: day_id(prefix, date, index, 4),
        completed_authorised_payment_type: CompletedAuthorisedPaymentType::TransacaoEfetivada,
        credit_debit_type: if d.credit { CreditDebitType::Credito } else { CreditDebitType::Debito },
        transaction_name: d.name,
        transaction_type: d.kind,
        transaction_amount: OfbMoney::brl_cents(d.cents),
        transaction_date_time: DateTimeMs(d.at),
        partie_cnpj_cpf: None,
        partie_person_type: None,
        partie_compe_code: None,
        partie_branch_code: None,
        partie_number: None,
        partie_check_digit: None,
    };
    if let Some(p) = d.partie {
        t.partie_cnpj_cpf = Some(p.cnpj_cpf);
        t.partie_person_type = Some(p.person_type);
        t.partie_compe_code = Some(p.compe.to_owned());
        t.partie_branch_code = Some(p.branch);
        t.partie_number = Some(p.number);
        t.partie_check_digit = Some(p.check_digit);
    }
    t
}

fn finish(
    ctx: &PersonaCtx,
    spec: &AccountSpec,
    id: String,
    transactions: Vec<AccountTransaction>,
    opening_balance: Decimal,
    balance_after: Vec<Decimal>,
    closing_cents: i64,
) -> AccountData {
    let bank = ctx.bank.bank();
    let (branch, number, check_digit) = spec.numbers(ctx);
    let overdraft_limits = if spec.overdraft_limit > 0 {
        let used = (-closing_cents).clamp(0, spec.overdraft_limit);
        let unarranged = (-closing_cents - spec.overdraft_limit).max(0);
        AccountOverdraftLimits {
            overdraft_contracted_limit: Some(OfbMoney::brl_cents(spec.overdraft_limit)),
            overdraft_used_limit: Some(OfbMoney::brl_cents(used)),
            unarranged_overdraft_amount: Some(OfbMoney::brl_cents(unarranged)),
        }
    } else {
        AccountOverdraftLimits::default()
    };
    AccountData {
        account: Account {
            brand_name: bank.brand.to_owned(),
            company_cnpj: bank.cnpj.to_owned(),
            account_type: spec.account_type,
            compe_code: bank.code.code().to_owned(),
            branch_code: branch.clone(),
            number: number.clone(),
            check_digit: check_digit.clone(),
            account_id: id,
        },
        identification: AccountIdentification {
            compe_code: bank.code.code().to_owned(),
            branch_code: branch,
            number,
            check_digit,
            account_type: spec.account_type,
            subtype: spec.subtype,
            currency: "BRL".to_owned(),
        },
        balances: AccountBalances {
            available_amount: OfbMoney::brl_cents(closing_cents),
            blocked_amount: OfbMoney::brl_cents(0),
            automatically_invested_amount: OfbMoney::brl_cents(0),
            update_date_time: DateTimeZ(at(
                ctx.window.end,
                Time::from_hms(23, 59, 59).unwrap_or(Time::MIDNIGHT),
            )),
        },
        overdraft_limits,
        transactions,
        opening_balance,
        balance_after,
        status: spec.status,
    }
}
