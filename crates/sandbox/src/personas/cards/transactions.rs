//! A card's transactions: purchases day by day, instalment plans, revolving credit and its
//! charges, the annual fee.

use super::*;

/// One instalment plan: bought in a cycle, charged over `n` bills.
pub(super) struct Plan {
    org: &'static Org,
    bought: PrimitiveDateTime,
    total: i64,
    n: i64,
}

impl Plan {
    pub(super) fn instalment(&self, i: i64) -> i64 {
        let base = self.total / self.n;
        if i == 1 { self.total - base * (self.n - 1) } else { base }
    }
}

pub(super) fn plans(spec: &CardSpec, seed: &Seed, ym: Ym) -> Vec<Plan> {
    if spec.plans_milli == 0 || spec.plan_orgs.is_empty() {
        return Vec::new();
    }
    let mut rng = seed.child("plans", &ym.bytes()).rng();
    let start = spec.cycle_start(ym);
    let len = (spec.closing(ym) - start).whole_days();
    (0..count(&mut rng, spec.plans_milli))
        .map(|_| {
            let date = start + Duration::days(between(&mut rng, 0, len));
            Plan {
                org: pick(&mut rng, spec.plan_orgs),
                bought: at(date, time_between(&mut rng, 9, 22)),
                total: between(&mut rng, spec.plan_amount.0, spec.plan_amount.1),
                n: between(&mut rng, spec.plan_instalments.0, spec.plan_instalments.1).max(2),
            }
        })
        .collect()
}

pub(super) struct TxnBuilder<'a> {
    pub(super) ident: &'a str,
}

impl TxnBuilder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn build(
        &self,
        id: String,
        at: PrimitiveDateTime,
        post: Date,
        credit: bool,
        cents: i64,
        name: String,
        kind: CardTransactionType,
        mcc: Option<u32>,
    ) -> CardTransaction {
        let money = OfbMoney::brl_cents(cents);
        CardTransaction {
            transaction_id: id,
            identification_number: self.ident.to_owned(),
            transaction_name: name,
            bill_id: None,
            credit_debit_type: if credit { CreditDebitType::Credito } else { CreditDebitType::Debito },
            transaction_type: kind,
            transactional_additional_info: None,
            payment_type: matches!(kind, CardTransactionType::Pagamento).then_some(CardPaymentType::AVista),
            fee_type: None,
            fee_type_additional_info: None,
            other_credits_type: None,
            other_credits_additional_info: None,
            charge_identificator: None,
            charge_number: None,
            brazilian_amount: money,
            amount: money,
            transaction_date_time: DateTimeMs(at),
            bill_post_date: OfbDate(post),
            payee_mcc: mcc.filter(|m| *m > 0),
        }
    }
}

/// The purchases, subscriptions and refunds of one day, sorted by time, with their ids.
pub(super) fn day_transactions(
    spec: &CardSpec,
    seed: &Seed,
    b: &TxnBuilder<'_>,
    prefix: &str,
    date: Date,
) -> Vec<CardTransaction> {
    let mut rng = seed.day("day", date).rng();
    let mut drafts: Vec<(PrimitiveDateTime, bool, i64, String, CardTransactionType, u32)> = Vec::new();
    for s in &spec.purchases {
        let mean = if is_business_day(date) { s.mean_milli } else { s.mean_milli * s.weekend_pct / 100 };
        for _ in 0..count(&mut rng, mean) {
            let org = pick(&mut rng, s.orgs);
            let cents = skewed(&mut rng, s.lo, s.hi);
            let t = at(date, time_between(&mut rng, 7, 23));
            drafts.push((t, false, cents, org.name.to_owned(), CardTransactionType::Pagamento, org.mcc));
        }
    }
    for (org, cents, day) in &spec.subscriptions {
        if Ym::of(date).day(*day) == date {
            let t = at(date, hms_milli(4 * 3_600_000 + u32::from(*day) * 1000));
            drafts.push((t, false, *cents, org.name.to_owned(), CardTransactionType::Pagamento, org.mcc));
        }
    }
    if spec.refunds_milli > 0 {
        for _ in 0..count(&mut rng, spec.refunds_milli) {
            let org = pick(&mut rng, spec.purchases.first().map_or(&[][..], |s| s.orgs));
            let cents = skewed(&mut rng, 1_000, 20_000);
            let t = at(date, time_between(&mut rng, 8, 20));
            drafts.push((
                t,
                true,
                cents,
                format!("ESTORNO {}", org.name),
                CardTransactionType::Estorno,
                org.mcc,
            ));
        }
    }
    drafts.sort_by_key(|d| d.0);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, (t, credit, cents, name, kind, mcc))| {
            let mut txn = b.build(day_id(prefix, date, i, 3), t, date, credit, cents, name, kind, Some(mcc));
            if kind == CardTransactionType::Estorno {
                txn.payment_type = None;
            }
            txn
        })
        .collect()
}

/// Instalments of earlier plans falling in cycle `ym`, and this cycle's own first instalments.
pub(super) fn plan_transactions(
    spec: &CardSpec,
    seed: &Seed,
    b: &TxnBuilder<'_>,
    prefix: &str,
    ym: Ym,
    until: Date,
) -> Vec<CardTransaction> {
    let mut out = Vec::new();
    for back in 0..24i64 {
        let origin = ym.add(-back);
        for (p, plan) in plans(spec, seed, origin).iter().enumerate() {
            let i = back + 1;
            if i > plan.n {
                continue;
            }
            let (when, post) = if i == 1 {
                (plan.bought, plan.bought.date())
            } else {
                let post = spec.cycle_start(ym);
                (at(post, hms_milli(3 * 3_600_000 + (p as u32) * 1000 + i as u32)), post)
            };
            if when.date() > until {
                continue;
            }
            let (oy, om) = (origin.year, origin.month);
            let mut txn = b.build(
                format!("{prefix}-P{oy:04}{om:02}{p}-{i:02}"),
                when,
                post,
                false,
                plan.instalment(i),
                format!("{} PARC {i:02}/{:02}", plan.org.name, plan.n),
                CardTransactionType::Pagamento,
                Some(plan.org.mcc),
            );
            txn.payment_type = Some(CardPaymentType::APrazo);
            txn.charge_identificator = u16::try_from(i).ok();
            txn.charge_number = u16::try_from(plan.n).ok();
            out.push(txn);
        }
    }
    out
}

/// What instalments of existing plans remain to be billed after cycle `ym`.
pub(super) fn future_instalments(spec: &CardSpec, seed: &Seed, ym: Ym) -> i64 {
    let mut sum = 0;
    for back in 0..24i64 {
        for plan in plans(spec, seed, ym.add(-back)) {
            for i in (back + 2)..=plan.n {
                sum += plan.instalment(i);
            }
        }
    }
    sum
}

/// Name, amount, type, additional information and the bill charge it is part of.
type RevolvingItem<'a> = (&'a str, i64, CardTransactionType, Option<&'a str>, Option<BillFinanceChargeType>);

/// Revolving balance, interest and late charges carried into a bill.
pub(super) fn revolving_transactions(
    b: &TxnBuilder<'_>,
    prefix: &str,
    ym: Ym,
    post: Date,
    carry: i64,
) -> (Vec<CardTransaction>, Vec<BillFinanceCharge>) {
    if carry <= 0 {
        return (Vec::new(), Vec::new());
    }
    // Typical Brazilian revolving terms: 14 % a month, 2 % fine, 1 % late interest, IOF.
    let juros = carry * 14 / 100;
    let multa = carry * 2 / 100;
    let mora = carry / 100;
    let iof = carry * 63 / 10_000;
    let (y, m) = (ym.year, ym.month);
    let items: [RevolvingItem<'_>; 5] = [
        (
            "SALDO ROTATIVO FATURA ANTERIOR",
            carry,
            CardTransactionType::OperacoesCreditoContratadasCartao,
            None,
            None,
        ),
        (
            "JUROS ROTATIVO",
            juros,
            CardTransactionType::OperacoesCreditoContratadasCartao,
            None,
            Some(BillFinanceChargeType::JurosRemuneratoriosAtrasoPagamentoFatura),
        ),
        (
            "MULTA POR ATRASO",
            multa,
            CardTransactionType::Outros,
            Some("MULTA POR ATRASO NO PAGAMENTO DA FATURA"),
            Some(BillFinanceChargeType::MultaAtrasoPagamentoFatura),
        ),
        (
            "JUROS DE MORA",
            mora,
            CardTransactionType::Outros,
            Some("JUROS DE MORA POR ATRASO NO PAGAMENTO"),
            Some(BillFinanceChargeType::JurosMoraAtrasoPagamentoFatura),
        ),
        (
            "IOF FINANCIAMENTO ROTATIVO",
            iof,
            CardTransactionType::Outros,
            Some("IOF SOBRE SALDO FINANCIADO"),
            Some(BillFinanceChargeType::Iof),
        ),
    ];
    let mut txns = Vec::new();
    let mut charges = Vec::new();
    for (i, (name, cents, kind, info, charge)) in items.into_iter().enumerate() {
        if cents <= 0 {
            continue;
        }
        let mut txn = b.build(
            format!("{prefix}-R{y:04}{m:02}-{i}"),
            at(post, hms_milli(23 * 3_600_000 + i as u32 * 1000)),
            post,
            false,
            cents,
            name.to_owned(),
            kind,
            None,
        );
        txn.payment_type = None;
        txn.transactional_additional_info = info.map(str::to_owned);
        if kind == CardTransactionType::OperacoesCreditoContratadasCartao {
            txn.other_credits_type = Some(CardOtherCreditsType::CreditoRotativo);
        }
        txns.push(txn);
        if let Some(charge_type) = charge {
            charges.push(BillFinanceCharge {
                charge_type,
                additional_info: None,
                money: OfbMoney::brl_cents(cents),
            });
        }
    }
    (txns, charges)
}

pub(super) fn annual_fee(
    spec: &CardSpec,
    b: &TxnBuilder<'_>,
    prefix: &str,
    ym: Ym,
) -> Option<CardTransaction> {
    let cents = spec.annual_fee?;
    let date = spec.closing(ym);
    let mut txn = b.build(
        format!("{prefix}-F{:04}{:02}", ym.year, ym.month),
        at(date, hms_milli(1_000)),
        date,
        false,
        cents,
        "ANUIDADE DIFERENCIADA".to_owned(),
        CardTransactionType::Tarifa,
        None,
    );
    txn.payment_type = None;
    txn.fee_type = Some(CardFeeType::Anuidade);
    Some(txn)
}
