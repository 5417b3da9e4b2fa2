//! Credit operations (OFB loans, financings, invoice-financings and unarranged-accounts-overdraft v2).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::Money;

/// A credit contract of any of the four OFB credit-operation APIs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub family: CreditFamily,
    /// The bank's `contractId`.
    pub id: String,
    pub contract_number: Option<String>,
    pub product_name: Option<String>,
    /// OFB `productType` (`EMPRESTIMOS`, `FINANCIAMENTOS`, …).
    pub product_type: String,
    /// OFB `productSubType` (`CREDITO_PESSOAL_SEM_CONSIGNACAO`, `CAPITAL_GIRO_…`, …).
    pub product_sub_type: String,
    pub contract_date: Option<Date>,
    pub contract_amount: Option<Money>,
    /// Final due date of the contract.
    pub due_date: Option<Date>,
    /// `MENSAL`, `SEM_PERIODICIDADE_REGULAR`, …
    pub instalment_periodicity: Option<String>,
    pub first_instalment_due_date: Option<Date>,
    /// Custo Efetivo Total, as a yearly fraction (`0.293400` = 29.34 % a.a.).
    pub cet: Option<Decimal>,
    /// `SAC`, `PRICE`, `SAM`, `SEM_SISTEMA_AMORTIZACAO`, `OUTROS`.
    pub amortization: Option<String>,
    pub interest_rates: Vec<InterestRate>,
    pub next_instalment_amount: Option<Money>,
    /// `GET /contracts/{id}/scheduled-instalments`; absent when not granted or not fetched.
    pub instalments: Option<Instalments>,
    /// `contractOutstandingBalance` of `GET /contracts/{id}/payments`.
    pub outstanding_balance: Option<Money>,
    /// Payments made (`releases`), oldest first.
    pub payments: Vec<ContractPayment>,
    pub warranties: Vec<Warranty>,
}

/// Which OFB API a contract comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CreditFamily {
    /// `loans`.
    Loan,
    /// `financings`.
    Financing,
    /// `invoice-financings`.
    InvoiceFinancing,
    /// `unarranged-accounts-overdraft`.
    UnarrangedAccountOverdraft,
}

impl CreditFamily {
    pub const ALL: [CreditFamily; 4] =
        [Self::Loan, Self::Financing, Self::InvoiceFinancing, Self::UnarrangedAccountOverdraft];

    /// The OFB API's path segment (`loans`, …) and the `/resources` type.
    pub fn api(self) -> &'static str {
        match self {
            Self::Loan => "loans",
            Self::Financing => "financings",
            Self::InvoiceFinancing => "invoice-financings",
            Self::UnarrangedAccountOverdraft => "unarranged-accounts-overdraft",
        }
    }

    pub fn resource_type(self) -> &'static str {
        match self {
            Self::Loan => "LOAN",
            Self::Financing => "FINANCING",
            Self::InvoiceFinancing => "INVOICE_FINANCING",
            Self::UnarrangedAccountOverdraft => "UNARRANGED_ACCOUNT_OVERDRAFT",
        }
    }
}

/// One interest rate of a contract.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestRate {
    /// `NOMINAL` or `EFETIVA`.
    pub tax_type: String,
    /// `SIMPLES` or `COMPOSTO`.
    pub interest_rate_type: String,
    /// `AM` (monthly) or `AA` (yearly).
    pub tax_periodicity: String,
    pub calculation: Option<String>,
    pub referential_rate_indexer_type: Option<String>,
    /// As a fraction (`0.025000` = 2.5 %).
    pub pre_fixed_rate: Option<Decimal>,
    pub post_fixed_rate: Option<Decimal>,
}

/// `GET /contracts/{id}/scheduled-instalments`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instalments {
    /// `DIA`, `SEMANA`, `MES`, `ANO`, `SEM_PRAZO_TOTAL`.
    pub total_unit: String,
    pub total: Option<u32>,
    /// `DIA`, `SEMANA`, `MES`, `ANO`, `SEM_PRAZO_REMANESCENTE`.
    pub remaining_unit: String,
    pub remaining: Option<u32>,
    pub paid: Option<u32>,
    pub due: Option<u32>,
    pub past_due: Option<u32>,
}

/// One release of `GET /contracts/{id}/payments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractPayment {
    pub id: String,
    pub instalment_id: Option<String>,
    pub date: Date,
    pub amount: Money,
    /// Paid outside the schedule (`isOverParcelPayment`).
    pub is_over_parcel: bool,
}

/// One warranty of a contract.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warranty {
    pub kind: String,
    pub sub_kind: Option<String>,
    pub amount: Option<Money>,
}
