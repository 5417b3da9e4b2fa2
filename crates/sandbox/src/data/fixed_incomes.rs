//! Bank fixed incomes v1.1.0 (`/open-banking/bank-fixed-incomes/v1`): CDB, RDB, LCI and LCA
//! positions, their identification, balances and movements.

use serde::{Deserialize, Serialize};

use super::common::{DateTimeZ, Dec, Dec8, OfbDate, OfbMoney, Rate};

/// An item of `GET /investments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Investment {
    pub brand_name: String,
    pub company_cnpj: String,
    pub investment_type: InvestmentType,
    pub investment_id: String,
}

/// `GET /investments/{investmentId}` (`IdentifyProduct`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestmentIdentification {
    pub issuer_institution_cnpj_number: String,
    /// `^[A-Z]{2}([A-Z0-9]){9}\d{1}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isin_code: Option<String>,
    pub investment_type: InvestmentType,
    pub remuneration: Remuneration,
    /// 2 to 8 decimals.
    pub issue_unit_price: OfbMoney<8>,
    pub due_date: OfbDate,
    pub issue_date: OfbDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_code: Option<String>,
    pub purchase_date: OfbDate,
    pub grace_period_date: OfbDate,
}

/// `Remuneration`: `preFixedRate` for `PRE_FIXADO`, `postFixedIndexerPercentage` otherwise
/// (`1.100000` is 110 % of the indexer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remuneration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_fixed_rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_fixed_indexer_percentage: Option<Rate>,
    pub rate_type: RateType,
    pub rate_periodicity: RatePeriodicity,
    pub calculation: CalculationBasis,
    pub indexer: Indexer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexer_additional_info: Option<String>,
}

/// `GET /investments/{investmentId}/balances`. `referenceDateTime` has no milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestmentBalances {
    pub reference_date_time: DateTimeZ,
    /// 2 to 10 decimals.
    pub quantity: Dec8,
    pub updated_unit_price: OfbMoney<8>,
    pub gross_amount: OfbMoney,
    pub net_amount: OfbMoney,
    pub income_tax: OfbMoney,
    pub financial_transaction_tax: OfbMoney,
    pub blocked_balance: OfbMoney,
    pub purchase_unit_price: OfbMoney<8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_fixed_rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_fixed_indexer_percentage: Option<Rate>,
}

/// An item of `GET /investments/{investmentId}/transactions` and `/transactions-current`
/// (`BankFixedIncomesProductMovement`). `incomeTax` is required on `SAIDA` where it applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvestmentTransaction {
    #[serde(rename = "type")]
    pub movement_type: MovementType,
    pub transaction_type: InvestmentTransactionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type_additional_info: Option<String>,
    pub transaction_date: OfbDate,
    pub transaction_unit_price: OfbMoney<8>,
    pub transaction_quantity: Dec<8>,
    pub transaction_gross_value: OfbMoney,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_tax: Option<OfbMoney>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_transaction_tax: Option<OfbMoney>,
    pub transaction_net_value: OfbMoney,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remuneration_transaction_rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexer_percentage: Option<Rate>,
    pub transaction_id: String,
}

/// Bank fixed-income product (`EnumInvestmentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvestmentType {
    Cdb,
    Rdb,
    Lci,
    Lca,
}

/// Remuneration indexer (`EnumBankFixedIncomeIndexer`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Indexer {
    Cdi,
    Di,
    Tr,
    Ipca,
    IgpM,
    IgpDi,
    Inpc,
    Bcp,
    Tlc,
    Selic,
    PreFixado,
    Outros,
}

/// Linear or exponential rate (`EnumRateType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RateType {
    Linear,
    Exponencial,
}

/// Rate periodicity (`EnumRatePeriodicity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RatePeriodicity {
    Mensal,
    Anual,
    Diario,
    Semestral,
}

/// Business or calendar days (`EnumCalculation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CalculationBasis {
    DiasUteis,
    DiasCorridos,
}

/// Money in or out of the investment (`EnumBankFixedIncomeMovementType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MovementType {
    Entrada,
    Saida,
}

/// Movement type (`EnumBankFixedIncomeTransactionType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvestmentTransactionType {
    Aplicacao,
    Resgate,
    Cancelamento,
    Vencimento,
    PagamentoJuros,
    Amortizacao,
    TransferenciaTitularidade,
    TransferenciaCustodia,
    Outros,
}
