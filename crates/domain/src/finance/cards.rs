//! Credit card accounts (OFB credit-cards-accounts v2): limits, closed bills and transactions.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use super::Direction;
use crate::Money;

/// A credit card account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// The bank's `creditCardAccountId`.
    pub id: String,
    pub brand_name: String,
    pub company_cnpj: String,
    /// The card product's name (`name`, ≤ 50 characters).
    pub name: String,
    /// OFB `productType` (`GOLD`, `PLATINUM`, …, `OUTROS`).
    pub product_type: String,
    /// OFB `creditCardNetwork` (`VISA`, `MASTERCARD`, `ELO`, …).
    pub network: String,
    /// The cards of the account (`paymentMethod[].identificationNumber`, never a PAN).
    pub identification_numbers: Vec<String>,
    pub limits: Vec<CardLimit>,
    /// Closed bills of the window, oldest first, each with its transactions.
    pub bills: Vec<Bill>,
    /// Transactions not on a closed bill yet (the open statement), oldest first.
    pub unbilled: Vec<CardTransaction>,
}

impl Card {
    /// Every transaction of the card: billed, then unbilled.
    pub fn all_transactions(&self) -> impl Iterator<Item = &CardTransaction> {
        self.bills.iter().flat_map(|b| b.transactions.iter()).chain(self.unbilled.iter())
    }
}

/// One line of `GET /accounts/{id}/limits`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardLimit {
    /// `LIMITE_CREDITO_TOTAL` or `LIMITE_CREDITO_MODALIDADE_OPERACAO`.
    pub limit_type: String,
    /// `CONSOLIDADO` or `INDIVIDUAL`.
    pub consolidation_type: String,
    pub identification_number: Option<String>,
    /// `CREDITO_A_VISTA`, `CREDITO_PARCELADO`, … (absent on the total line).
    pub line_name: Option<String>,
    pub is_limit_flexible: bool,
    pub limit: Option<Money>,
    /// May be negative (a credit balance on the card).
    pub used: Option<Money>,
    pub available: Option<Money>,
}

impl CardLimit {
    /// The total-limit line (`LIMITE_CREDITO_TOTAL`), the one utilisation is computed on.
    pub fn is_total(&self) -> bool {
        self.limit_type == "LIMITE_CREDITO_TOTAL"
    }
}

/// A closed bill (`GET /accounts/{id}/bills`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bill {
    pub id: String,
    pub due_date: Date,
    pub closing_date: Option<Date>,
    /// May be negative (a credit carried to the next bill).
    pub total: Money,
    pub minimum: Option<Money>,
    pub is_instalment: bool,
    pub finance_charges: Vec<FinanceCharge>,
    pub payments: Vec<BillPayment>,
    /// `GET /bills/{billId}/transactions`, oldest first.
    pub transactions: Vec<CardTransaction>,
}

/// A finance charge on a bill (late interest, fine, IOF, …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinanceCharge {
    /// `JUROS_REMUNERATORIOS_ATRASO_PAGAMENTO_FATURA`, `MULTA_ATRASO_PAGAMENTO_FATURA`,
    /// `JUROS_MORA_ATRASO_PAGAMENTO_FATURA`, `IOF`, `OUTROS`.
    pub kind: String,
    pub additional_info: Option<String>,
    pub amount: Money,
}

/// A payment made towards a bill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillPayment {
    /// `VALOR_PAGAMENTO_FATURA_PARCELADO`, `VALOR_PAGAMENTO_FATURA_REALIZADO`, `OUTRO_VALOR_PAGO_FATURA`.
    pub value_type: String,
    pub date: Date,
    /// `DEBITO_CONTA_CORRENTE`, `BOLETO_BANCARIO`, `AVERBACAO_FOLHA`, `PIX`.
    pub mode: String,
    pub amount: Money,
}

/// A card transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardTransaction {
    /// Stable id: the bank's `transactionId`.
    pub id: String,
    pub identification_number: Option<String>,
    pub name: String,
    pub bill_id: Option<String>,
    pub direction: Direction,
    pub kind: CardTransactionType,
    /// `A_VISTA` or `A_PRAZO`.
    pub payment_type: Option<String>,
    /// For fees (`TARIFA`): `ANUIDADE`, `SAQUE_CARTAO_BRASIL`, …
    pub fee_type: Option<String>,
    /// For credit operations: `CREDITO_ROTATIVO`, `PARCELAMENTO_FATURA`, `EMPRESTIMO`, `OUTROS`.
    pub other_credits_type: Option<String>,
    /// Instalment number and total (`chargeIdentificator` / `chargeNumber`).
    pub instalment: Option<u32>,
    pub instalments: Option<u32>,
    /// In reais (`brazilianAmount`), always positive; [`Direction`] gives the sign.
    pub amount: Money,
    /// In the original currency (`amount`), when it differs.
    pub original_amount: Option<Money>,
    #[serde(with = "time::serde::rfc3339")]
    pub date_time: OffsetDateTime,
    pub bill_post_date: Option<Date>,
    /// Merchant category code.
    pub payee_mcc: Option<u32>,
}

impl CardTransaction {
    pub fn date(&self) -> Date {
        self.date_time.to_offset(time::UtcOffset::UTC).date()
    }

    /// Positive for debits (what the customer owes more), negative for credits (refunds,
    /// payments, cashback): the sign a card statement's total uses.
    pub fn statement_amount(&self) -> Money {
        match self.direction {
            Direction::Debit => self.amount,
            Direction::Credit => Money::new(self.amount.amount.negated(), self.amount.currency),
        }
    }
}

/// OFB card `transactionType`. `Other` keeps a value a newer spec version added.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardTransactionType {
    Pagamento,
    Tarifa,
    OperacoesCreditoContratadasCartao,
    Estorno,
    Cashback,
    PagamentoFatura,
    Outros,
    #[serde(untagged)]
    Other(String),
}

impl CardTransactionType {
    pub fn from_ofb(value: &str) -> Self {
        match value {
            "PAGAMENTO" => Self::Pagamento,
            "TARIFA" => Self::Tarifa,
            "OPERACOES_CREDITO_CONTRATADAS_CARTAO" => Self::OperacoesCreditoContratadasCartao,
            "ESTORNO" => Self::Estorno,
            "CASHBACK" => Self::Cashback,
            "PAGAMENTO_FATURA" => Self::PagamentoFatura,
            "OUTROS" => Self::Outros,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_ofb(&self) -> &str {
        match self {
            Self::Pagamento => "PAGAMENTO",
            Self::Tarifa => "TARIFA",
            Self::OperacoesCreditoContratadasCartao => "OPERACOES_CREDITO_CONTRATADAS_CARTAO",
            Self::Estorno => "ESTORNO",
            Self::Cashback => "CASHBACK",
            Self::PagamentoFatura => "PAGAMENTO_FATURA",
            Self::Outros => "OUTROS",
            Self::Other(value) => value,
        }
    }
}
