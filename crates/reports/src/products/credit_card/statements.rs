//! A card's statements: the open one (transactions not on a closed bill yet) and the closed
//! bills, each with its transactions and what they add up to.
//!
//! Statement totals use the sign of a card statement: debits (purchases, fees) positive,
//! credits (refunds, payments, cashback) negative. `brazilianAmount` is in reais by definition;
//! an entry whose amount came in another currency is listed but not summed.

use ponte_domain::finance::{Bill, BillPayment, CardTransaction, Direction, FinanceCharge};
use ponte_domain::{Currency, Money};
use serde::Serialize;

use crate::categorise::Categorisation;
use crate::products::Level;
use crate::products::accounts::totals::{CategoryFields, CategorySummaryLine, CategoryTotals};
use crate::products::accounts::wire::{Day, Timestamp, Total};
use crate::products::support::YearMonth;

/// One card transaction, Klavi's card `transactionDetails[]` shape (OFB names).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CardTransactionDetail<'a> {
    transaction_date: Day,
    transaction_date_time: Timestamp,
    /// In reais, always positive; `creditDebitType` gives the sign.
    brazilian_amount: Money,
    /// In the original currency, when the bank gave one that differs; `null` otherwise.
    amount: Option<Money>,
    transaction_name: &'a str,
    identification_number: Option<&'a str>,
    transaction_id: &'a str,
    transaction_type: &'a str,
    bill_post_date: Option<Day>,
    credit_debit_type: Direction,
    fee_type: Option<&'a str>,
    other_credits_type: Option<&'a str>,
    #[serde(rename = "payeeMCC")]
    payee_mcc: Option<u32>,
    payment_type: Option<&'a str>,
    /// The instalment's number, for instalment purchases.
    charge_identificator: Option<u32>,
    /// How many instalments the purchase has.
    charge_number: Option<u32>,
    #[serde(flatten)]
    categories: Option<CategoryFields<'a>>,
}

impl<'a> CardTransactionDetail<'a> {
    fn of(t: &'a CardTransaction, categories: Option<CategoryFields<'a>>) -> Self {
        CardTransactionDetail {
            transaction_date: Day(t.date()),
            transaction_date_time: Timestamp(t.date_time),
            brazilian_amount: t.amount,
            amount: t.original_amount.filter(|original| *original != t.amount),
            transaction_name: &t.name,
            identification_number: t.identification_number.as_deref(),
            transaction_id: &t.id,
            transaction_type: t.kind.as_ofb(),
            bill_post_date: t.bill_post_date.map(Day),
            credit_debit_type: t.direction,
            fee_type: t.fee_type.as_deref(),
            other_credits_type: t.other_credits_type.as_deref(),
            payee_mcc: t.payee_mcc,
            payment_type: t.payment_type.as_deref(),
            charge_identificator: t.instalment,
            charge_number: t.instalments,
            categories,
        }
    }
}

/// The transactions not on a closed bill yet.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OpenStatement<'a> {
    transaction_details: Vec<CardTransactionDetail<'a>>,
    /// Σ of the listed transactions, debits positive and credits negative.
    total_amount: Total,
}

/// A closed bill.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ClosedStatement<'a> {
    bill_id: &'a str,
    /// The month of `dueDate`.
    bill_month: YearMonth,
    bill_closing_date: Option<Day>,
    due_date: Day,
    /// The bank's figure: it may include finance charges and balances carried from earlier
    /// bills, so it need not equal `transactionsTotal`.
    bill_total_amount: Money,
    bill_minimum_amount: Option<Money>,
    is_instalment: bool,
    finance_charges: Vec<FinanceChargeView<'a>>,
    payments: Vec<PaymentView<'a>>,
    transaction_details: Vec<CardTransactionDetail<'a>>,
    /// Σ of the listed transactions, debits positive and credits negative.
    transactions_total: Total,
}

impl ClosedStatement<'_> {
    /// Report order: by due date, then bill id.
    pub(super) fn order_key(&self) -> (Day, &str) {
        (self.due_date, self.bill_id)
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FinanceChargeView<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    additional_info: Option<&'a str>,
    amount: Money,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentView<'a> {
    value_type: &'a str,
    payment_date: Day,
    payment_mode: &'a str,
    amount: Money,
}

impl<'a> From<&'a FinanceCharge> for FinanceChargeView<'a> {
    fn from(c: &'a FinanceCharge) -> Self {
        FinanceChargeView { kind: &c.kind, additional_info: c.additional_info.as_deref(), amount: c.amount }
    }
}

impl<'a> From<&'a BillPayment> for PaymentView<'a> {
    fn from(p: &'a BillPayment) -> Self {
        PaymentView {
            value_type: &p.value_type,
            payment_date: Day(p.date),
            payment_mode: &p.mode,
            amount: p.amount,
        }
    }
}

/// Lists and sums a card's statements, collecting the card's `categorySummary` on the way
/// (every summed transaction of every statement listed).
pub(super) struct Statements<'a> {
    level: Level,
    categories: Option<CategoryTotals<'a>>,
}

impl<'a> Statements<'a> {
    pub fn new(level: Level) -> Self {
        Statements { level, categories: CategoryTotals::at(level, Currency::BRL) }
    }

    /// The `categorySummary` of the statements listed so far; `None` for the plain products.
    pub fn category_summary(self) -> Option<Vec<CategorySummaryLine<'a>>> {
        self.categories.map(CategoryTotals::finish)
    }

    /// `category_of` gives a transaction's category by its position in `transactions`.
    pub fn open(
        &mut self,
        transactions: &'a [CardTransaction],
        category_of: impl Fn(usize) -> Categorisation<'a>,
    ) -> OpenStatement<'a> {
        let (transaction_details, total_amount) = self.list(transactions, category_of);
        OpenStatement { transaction_details, total_amount }
    }

    /// `category_of` gives a transaction's category by its position in `bill.transactions`.
    pub fn closed(
        &mut self,
        bill: &'a Bill,
        category_of: impl Fn(usize) -> Categorisation<'a>,
    ) -> ClosedStatement<'a> {
        let (transaction_details, transactions_total) = self.list(&bill.transactions, category_of);
        ClosedStatement {
            bill_id: &bill.id,
            bill_month: YearMonth::of(bill.due_date),
            bill_closing_date: bill.closing_date.map(Day),
            due_date: Day(bill.due_date),
            bill_total_amount: bill.total,
            bill_minimum_amount: bill.minimum,
            is_instalment: bill.is_instalment,
            finance_charges: bill.finance_charges.iter().map(FinanceChargeView::from).collect(),
            payments: bill.payments.iter().map(PaymentView::from).collect(),
            transaction_details,
            transactions_total,
        }
    }

    /// The transactions oldest first (then by id), and the sum of those in reais.
    fn list(
        &mut self,
        transactions: &'a [CardTransaction],
        category_of: impl Fn(usize) -> Categorisation<'a>,
    ) -> (Vec<CardTransactionDetail<'a>>, Total) {
        let mut ordered: Vec<(&'a CardTransaction, Categorisation<'a>)> =
            transactions.iter().enumerate().map(|(i, t)| (t, category_of(i))).collect();
        ordered.sort_by(|(x, _), (y, _)| (x.date_time, &x.id).cmp(&(y.date_time, &y.id)));
        let mut total = Total::zero(Currency::BRL);
        let details = ordered
            .into_iter()
            .map(|(t, category)| {
                if t.amount.currency == Currency::BRL {
                    total.sum += t.statement_amount().amount.decimal();
                    if let Some(categories) = self.categories.as_mut() {
                        categories.add(category, t.direction, t.amount.amount.decimal());
                    }
                }
                CardTransactionDetail::of(t, CategoryFields::at(self.level, category))
            })
            .collect();
        (details, total)
    }
}
