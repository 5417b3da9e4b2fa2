//! Credit operations: loans 2.5.0, financings 2.4.0, invoice-financings 2.4.0 and
//! unarranged-accounts-overdraft 2.5.0. The four APIs share their five endpoints and almost all
//! of their shapes; where they differ the field is an `Option` that is `None` (and so absent)
//! outside the family that has it:
//!
//! | field | only in |
//! |---|---|
//! | list/contract `productSubTypeCategory` (required there) | loans |
//! | contract `cnpjConsignee`, `nextInstalmentAmount` | loans |
//! | payments `lastUpdatedContractOutstandingBalance`, `totalRemainingAmount` | loans |
//! | contract `CET` optional (required elsewhere) | unarranged overdraft |
//!
//! Product types and subtypes are one enum each over the four families; [`Family::allows`]
//! says which combinations a family's schema accepts.

mod enums;

pub use enums::*;
use serde::{Deserialize, Serialize};

use super::common::{DateTimeMs, Dec2, OfbDate, OfbMoney, Rate};

/// The four credit-operation APIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Loans,
    Financings,
    InvoiceFinancings,
    UnarrangedAccountOverdraft,
}

impl Family {
    pub const ALL: [Family; 4] =
        [Family::Loans, Family::Financings, Family::InvoiceFinancings, Family::UnarrangedAccountOverdraft];

    /// The product types of the family's schema.
    pub fn product_types(self) -> &'static [ProductType] {
        use ProductType as T;
        match self {
            Family::Loans => &[T::Emprestimos],
            Family::Financings => {
                &[T::Financiamentos, T::FinanciamentosRurais, T::FinanciamentosImobiliarios]
            }
            Family::InvoiceFinancings => &[T::DireitosCreditoriosDescontados],
            Family::UnarrangedAccountOverdraft => &[T::AdiantamentoADepositantes],
        }
    }

    /// The product subtypes of the family's schema.
    pub fn product_sub_types(self) -> &'static [ProductSubType] {
        use ProductSubType as S;
        match self {
            Family::Loans => &[
                S::HomeEquity,
                S::ChequeEspecial,
                S::ContaGarantida,
                S::CapitalGiroTetoRotativo,
                S::CreditoPessoalSemConsignacao,
                S::CreditoPessoalComConsignacao,
                S::MicrocreditoProdutivoOrientado,
                S::CapitalGiroPrazoVencimentoAte365Dias,
                S::CapitalGiroPrazoVencimentoSuperior365Dias,
            ],
            Family::Financings => &[
                S::AquisicaoBensVeiculosAutomotores,
                S::AquisicaoBensOutrosBens,
                S::Microcredito,
                S::Custeio,
                S::Investimento,
                S::Industrializacao,
                S::Comercializacao,
                S::FinanciamentoHabitacionalSfh,
                S::FinanciamentoHabitacionalExcetoSfh,
            ],
            Family::InvoiceFinancings => &[
                S::DescontoDuplicatas,
                S::DescontoCheques,
                S::AntecipacaoFaturaCartaoCredito,
                S::OutrosDireitosCreditoriosDescontados,
                S::OutrosTitulosDescontados,
            ],
            Family::UnarrangedAccountOverdraft => &[S::AdiantamentoADepositantes],
        }
    }

    /// Whether the family's schema accepts this type and subtype.
    pub fn allows(self, product_type: ProductType, sub_type: ProductSubType) -> bool {
        self.product_types().contains(&product_type) && self.product_sub_types().contains(&sub_type)
    }
}

/// An item of `GET /contracts` (`LoansListContract` and its siblings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractListItem {
    pub contract_id: String,
    pub brand_name: String,
    pub company_cnpj: String,
    pub product_type: ProductType,
    pub product_sub_type: ProductSubType,
    /// Loans only, and required there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_sub_type_category: Option<ProductSubTypeCategory>,
    /// IPOC: 22 to 67 characters.
    pub ipoc_code: String,
}

/// `GET /contracts/{contractId}` (`LoansContract` and its siblings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub contract_number: String,
    pub ipoc_code: String,
    /// ≤ 140 characters, no leading or trailing space.
    pub product_name: String,
    pub product_type: ProductType,
    pub product_sub_type: ProductSubType,
    /// Loans only, and required there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_sub_type_category: Option<ProductSubTypeCategory>,
    pub contract_date: OfbDate,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disbursement_dates: Option<Vec<OfbDate>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_date: Option<OfbDate>,
    /// A plain decimal string (no currency object).
    pub contract_amount: Dec2,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Final due date of the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<OfbDate>,
    pub instalment_periodicity: InstalmentPeriodicity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instalment_periodicity_additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_instalment_due_date: Option<OfbDate>,
    /// Total effective cost per year, `^\d{1,6}\.\d{6}$` (`0.290000` is 29 %). Required except
    /// for unarranged overdraft.
    #[serde(rename = "CET", default, skip_serializing_if = "Option::is_none")]
    pub cet: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_insurance_contracted: Option<bool>,
    pub amortization_scheduled: AmortizationScheduled,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amortization_scheduled_additional_info: Option<String>,
    /// Loans only: the paying agent of a payroll-deductible loan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnpj_consignee: Option<String>,
    pub interest_rates: Vec<InterestRate>,
    pub contracted_fees: Vec<ContractedFee>,
    pub contracted_finance_charges: Vec<ContractedFinanceCharge>,
    /// Loans only: face value of the next instalment (zero once settled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_instalment_amount: Option<Dec2>,
}

/// `LoansContractInterestRate`. One of `preFixedRate`/`postFixedRate` is required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestRate {
    pub tax_type: TaxType,
    pub interest_rate_type: InterestRateType,
    pub tax_periodicity: TaxPeriodicity,
    pub calculation: Calculation,
    pub referential_rate_indexer_type: ReferentialRateIndexerType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referential_rate_indexer_sub_type: Option<ReferentialRateIndexerSubType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referential_rate_indexer_additional_info: Option<String>,
    /// `^\d{1,2}\.\d{6}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_fixed_rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_fixed_rate: Option<Rate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
}

/// `LoansContractedFee`: `feeAmount` unless charged as a percentage, then `feeRate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractedFee {
    pub fee_name: String,
    pub fee_code: String,
    pub fee_charge_type: FeeChargeType,
    pub fee_charge: FeeCharge,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_amount: Option<Dec2>,
    /// `^\d{1}\.\d{6}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_rate: Option<Rate>,
}

/// `LoansFinanceCharge`: a charge agreed in the contract (late interest, fine, IOF).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractedFinanceCharge {
    pub charge_type: FinanceChargeType,
    /// Required for `OUTROS`; ≤ 50 characters in financings and invoice financings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_additional_info: Option<String>,
    /// `^\d{1}\.\d{6}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_rate: Option<Rate>,
}

/// An item of `GET /contracts/{contractId}/warranties` (`LoansWarranties`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warranty {
    pub currency: String,
    pub warranty_type: WarrantyType,
    pub warranty_sub_type: WarrantySubType,
    pub warranty_amount: Dec2,
}

/// `GET /contracts/{contractId}/scheduled-instalments` (`LoansInstalments`). Always
/// `paidInstalments + dueInstalments + pastDueInstalments = totalNumberOfInstalments` here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledInstalments {
    pub type_number_of_instalments: TypeNumberOfInstalments,
    /// Required unless `SEM_PRAZO_TOTAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_number_of_instalments: Option<u32>,
    pub type_contract_remaining: TypeContractRemaining,
    /// Required unless `SEM_PRAZO_REMANESCENTE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_remaining_number: Option<u32>,
    pub paid_instalments: u32,
    /// Instalments not yet due.
    pub due_instalments: u32,
    /// Instalments due and unpaid.
    pub past_due_instalments: u32,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balloon_payments: Option<Vec<BalloonPayment>>,
}

/// `LoansBalloonPayment`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BalloonPayment {
    pub due_date: OfbDate,
    pub amount: OfbMoney,
}

/// `GET /contracts/{contractId}/payments` (`LoansPayments`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_instalments: Option<u32>,
    /// What settles the contract today.
    pub contract_outstanding_balance: Dec2,
    /// Loans only; a date-time with milliseconds (exactly 24 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated_contract_outstanding_balance: Option<DateTimeMs>,
    /// Loans only: the sum of the unpaid instalments at face value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_remaining_amount: Option<Dec2>,
    pub releases: Vec<Release>,
}

/// A payment of the contract (`LoansReleases`). `instalmentId` is required when
/// `isOverParcelPayment` is false.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    /// Optional in invoice financings only; always present here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    pub is_over_parcel_payment: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instalment_id: Option<String>,
    pub paid_date: OfbDate,
    pub currency: String,
    /// Instalment plus any charges paid with it.
    pub paid_amount: Dec2,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_parcel: Option<OverParcel>,
}

/// Fees and charges paid on top of the instalment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OverParcel {
    pub fees: Vec<OverParcelFee>,
    pub charges: Vec<OverParcelCharge>,
}

/// `LoansFeeOverParcel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverParcelFee {
    pub fee_name: String,
    pub fee_code: String,
    pub fee_amount: Dec2,
}

/// `LoansChargeOverParcel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverParcelCharge {
    pub charge_type: FinanceChargeType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_additional_info: Option<String>,
    pub charge_amount: Dec2,
}
