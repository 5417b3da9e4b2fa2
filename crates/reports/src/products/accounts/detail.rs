//! One account transaction as the checking and savings products list it (Klavi's
//! `transactionDetails[]`, OFB field names).

use ponte_domain::Money;
use ponte_domain::finance::{Direction, EntryStatus, PersonType, Transaction};
use serde::Serialize;

use super::totals::CategoryFields;
use super::wire::{Day, Timestamp};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TransactionDetail<'a> {
    pub transaction_date: Day,
    pub transaction_date_time: Timestamp,
    pub transaction_id: &'a str,
    /// `TRANSACAO_EFETIVADA`, `LANCAMENTO_FUTURO` or `TRANSACAO_PROCESSANDO`; only the first
    /// counts in the totals.
    pub completed_authorised_payment_type: EntryStatus,
    pub credit_debit_type: Direction,
    /// Always positive; `creditDebitType` gives the sign.
    pub transaction_amount: Money,
    pub transaction_name: &'a str,
    pub partie_cnpj_cpf: Option<&'a str>,
    pub partie_person_type: Option<PersonType>,
    pub partie_compe_code: Option<&'a str>,
    pub partie_branch_code: Option<&'a str>,
    pub partie_number: Option<&'a str>,
    pub partie_check_digit: Option<&'a str>,
    /// OFB transaction `type` (`PIX`, `TED`, `BOLETO`, …).
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// `category`, `subcategory`, `thirdCategory`, `brand` in the categorised products.
    #[serde(flatten)]
    pub categories: Option<CategoryFields<'a>>,
}

impl<'a> TransactionDetail<'a> {
    pub fn of(t: &'a Transaction, categories: Option<CategoryFields<'a>>) -> Self {
        let party = t.counterparty.as_ref();
        TransactionDetail {
            transaction_date: Day(t.date()),
            transaction_date_time: Timestamp(t.date_time),
            transaction_id: &t.id,
            completed_authorised_payment_type: t.status,
            credit_debit_type: t.direction,
            transaction_amount: t.amount,
            transaction_name: &t.name,
            partie_cnpj_cpf: party.and_then(|p| p.tax_id.as_deref()),
            partie_person_type: party.and_then(|p| p.person_type),
            partie_compe_code: party.and_then(|p| p.compe_code.as_deref()),
            partie_branch_code: party.and_then(|p| p.branch_code.as_deref()),
            partie_number: party.and_then(|p| p.number.as_deref()),
            partie_check_digit: party.and_then(|p| p.check_digit.as_deref()),
            kind: t.kind.as_ofb(),
            categories,
        }
    }
}
