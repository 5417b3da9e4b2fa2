//! Investments (OFB bank-fixed-incomes, credit-fixed-incomes, funds, variable-incomes and
//! treasure-titles v1).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use super::Direction;
use crate::Money;

/// One investment position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Investment {
    /// The bank's `investmentId`.
    pub id: String,
    pub kind: InvestmentKind,
    pub brand_name: String,
    pub issuer_cnpj: Option<String>,
    /// Product or fund name, where the API gives one.
    pub name: Option<String>,
    pub isin_code: Option<String>,
    /// `CDI`, `IPCA`, `SELIC`, `PRE_FIXADO`, …
    pub indexer: Option<String>,
    /// Fixed rate as a yearly fraction, for pre-fixed products.
    pub pre_fixed_rate: Option<Decimal>,
    /// Share of the indexer (`1.100000` = 110 % of CDI), for post-fixed products.
    pub post_fixed_indexer_percentage: Option<Decimal>,
    pub issue_date: Option<Date>,
    pub due_date: Option<Date>,
    /// Quantity of units/shares held, when the API gives one.
    pub quantity: Option<Decimal>,
    /// Gross value of the position at `balance_date`.
    pub gross_amount: Option<Money>,
    /// Value after taxes and fees.
    pub net_amount: Option<Money>,
    pub income_tax: Option<Money>,
    pub balance_date: Option<Date>,
    /// Movements of the window, oldest first.
    pub movements: Vec<InvestmentMovement>,
}

/// Kinds of investment, by OFB API and type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvestmentKind {
    Cdb,
    Rdb,
    Lci,
    Lca,
    Debentures,
    Cri,
    Cra,
    Fund,
    VariableIncome,
    Treasury,
}

/// A movement of an investment: an application (money in) or a redemption/payment (money out).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestmentMovement {
    pub id: String,
    pub date: Date,
    /// `Credit` = money into the position (`ENTRADA`), `Debit` = out of it (`SAIDA`).
    pub direction: Direction,
    /// OFB `transactionType` (`APLICACAO`, `RESGATE`, `PAGAMENTO_JUROS`, …).
    pub kind: String,
    pub amount: Money,
    pub quantity: Option<Decimal>,
}
