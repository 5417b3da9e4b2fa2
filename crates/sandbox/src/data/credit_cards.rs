//! Credit cards v2.3.1 (`/open-banking/credit-cards-accounts/v2`): card account list item and
//! identification, limits, bills (closed only) and card transactions.

use serde::{Deserialize, Serialize};

use super::accounts::CreditDebitType;
use super::common::{DateTimeMs, OfbDate, OfbMoney};

/// An item of `GET /accounts` (`CreditCardAccountsData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardAccount {
    pub credit_card_account_id: String,
    pub brand_name: String,
    pub company_cnpj: String,
    /// ≤ 50 characters.
    pub name: String,
    pub product_type: CardProductType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_additional_info: Option<String>,
    pub credit_card_network: CardNetwork,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_additional_info: Option<String>,
}

/// `GET /accounts/{creditCardAccountId}` (`CreditCardsAccountsIdentificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardAccountIdentification {
    pub name: String,
    pub product_type: CardProductType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_additional_info: Option<String>,
    pub credit_card_network: CardNetwork,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_additional_info: Option<String>,
    /// At least one.
    pub payment_method: Vec<CardPaymentMethod>,
}

/// A card of the account (`CreditCardsAccountPaymentMethod`): an identifier, never the PAN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardPaymentMethod {
    pub identification_number: String,
    pub is_multiple_credit_card: bool,
}

/// An item of `GET /accounts/{id}/limits` (`CreditCardAccountsLimitsData`). With
/// `isLimitFlexible: false` the spec requires `limitAmount` and `availableAmount`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardLimit {
    pub credit_line_limit_type: CardLineLimitType,
    pub consolidation_type: CardConsolidationType,
    pub identification_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_name: Option<CardLineName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_name_additional_info: Option<String>,
    pub is_limit_flexible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_amount: Option<CardLimitAmount>,
    /// May be negative (a credit balance on the card).
    pub used_amount: OfbMoney,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_amount: Option<OfbMoney>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_limit_amount: Option<OfbMoney>,
}

/// `limitAmount`: the money object plus an optional reason (required when the limit is 0.00).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardLimitAmount {
    #[serde(flatten)]
    pub money: OfbMoney,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_amount_reason: Option<String>,
}

/// An item of `GET /accounts/{id}/bills` (`CreditCardAccountsBillsData`): closed bills only.
/// `billTotalAmount` may be negative; `financeCharges`, when present, has at least one item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardBill {
    pub bill_id: String,
    pub due_date: OfbDate,
    pub bill_total_amount: OfbMoney,
    pub bill_minimum_amount: OfbMoney,
    pub is_instalment: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finance_charges: Option<Vec<BillFinanceCharge>>,
    pub payments: Vec<BillPayment>,
}

/// A charge included in a bill (`CreditCardAccountsBillsFinanceCharge`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillFinanceCharge {
    #[serde(rename = "type")]
    pub charge_type: BillFinanceChargeType,
    /// Required when the type is `OUTROS`; ≤ 140 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    #[serde(flatten)]
    pub money: OfbMoney,
}

/// A payment of a bill (`CreditCardAccountsBillsPayment`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillPayment {
    pub value_type: BillPaymentValueType,
    pub payment_date: OfbDate,
    pub payment_mode: BillPaymentMode,
    #[serde(flatten)]
    pub money: OfbMoney,
}

/// A card transaction (`CreditCardAccountsTransaction`, also the item of a bill's
/// transactions). Amounts are positive; `creditDebitType` gives the sign. Conditional fields:
/// `paymentType` for `PAGAMENTO`, `feeType` for `TARIFA`, `otherCreditsType` for
/// `OPERACOES_CREDITO_CONTRATADAS_CARTAO`, `transactionalAdditionalInfo` for `OUTROS`,
/// `chargeIdentificator`/`chargeNumber` for `A_PRAZO`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardTransaction {
    pub transaction_id: String,
    pub identification_number: String,
    /// ≤ 200 characters.
    pub transaction_name: String,
    /// The closed bill that holds the transaction; absent while the bill is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_id: Option<String>,
    pub credit_debit_type: CreditDebitType,
    pub transaction_type: CardTransactionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactional_additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<CardPaymentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_type: Option<CardFeeType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_type_additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_credits_type: Option<CardOtherCreditsType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_credits_additional_info: Option<String>,
    /// The instalment this transaction is (1..=999).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_identificator: Option<u16>,
    /// How many instalments in total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_number: Option<u16>,
    pub brazilian_amount: OfbMoney,
    /// In the original currency (BRL for domestic purchases).
    pub amount: OfbMoney,
    /// With milliseconds.
    pub transaction_date_time: DateTimeMs,
    pub bill_post_date: OfbDate,
    /// Merchant category code.
    #[serde(rename = "payeeMCC", default, skip_serializing_if = "Option::is_none")]
    pub payee_mcc: Option<u32>,
}

/// Card product (`EnumCreditCardAccountsProductType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardProductType {
    ClassicNacional,
    ClassicInternacional,
    Gold,
    Platinum,
    Infinite,
    Electron,
    StandardNacional,
    StandardInternacional,
    Eletronic,
    Black,
    Redeshop,
    MaestroMastercardMaestro,
    Green,
    Blue,
    Bluebox,
    ProfissionalLiberal,
    ChequeEletronico,
    Corporativo,
    Empresarial,
    Compras,
    BasicoNacional,
    BasicoInternacional,
    Nanquim,
    Grafite,
    Mais,
    Outros,
}

/// Card network (`EnumCreditCardAccountNetwork`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardNetwork {
    Visa,
    Mastercard,
    AmericanExpress,
    DinersClub,
    Hipercard,
    BandeiraPropria,
    ChequeEletronico,
    Elo,
    Outras,
}

/// Charge on a bill (`EnumCreditCardAccountsFinanceChargeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillFinanceChargeType {
    JurosRemuneratoriosAtrasoPagamentoFatura,
    MultaAtrasoPagamentoFatura,
    JurosMoraAtrasoPagamentoFatura,
    Iof,
    Outros,
}

/// What a bill payment was (`EnumCreditCardAccountsBillingValueType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillPaymentValueType {
    ValorPagamentoFaturaParcelado,
    ValorPagamentoFaturaRealizado,
    OutroValorPagoFatura,
}

/// How a bill was paid (`EnumCreditCardAccountsPaymentMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillPaymentMode {
    DebitoContaCorrente,
    BoletoBancario,
    AverbacaoFolha,
    Pix,
}

/// Card transaction type (`EnumCreditCardTransactionType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardTransactionType {
    Pagamento,
    Tarifa,
    OperacoesCreditoContratadasCartao,
    Estorno,
    Cashback,
    Outros,
}

/// Paid at once or in instalments (`EnumCreditCardAccountsPaymentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardPaymentType {
    AVista,
    APrazo,
}

/// Fee type (`EnumCreditCardAccountFee`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardFeeType {
    Anuidade,
    SaqueCartaoBrasil,
    SaqueCartaoExterior,
    AvaliacaoEmergencialCredito,
    EmissaoSegundaVia,
    TarifaPagamentoContas,
    Sms,
    Outra,
}

/// Credit contracted on the card (`EnumCreditCardAccountsOtherCreditType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardOtherCreditsType {
    CreditoRotativo,
    ParcelamentoFatura,
    Emprestimo,
    Outros,
}

/// Total limit or a per-line limit (`EnumCreditCardAccountsLineLimitType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardLineLimitType {
    LimiteCreditoTotal,
    LimiteCreditoModalidadeOperacao,
}

/// Limit consolidated over the account or per card (`EnumCreditCardAccountsConsolidationType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardConsolidationType {
    Consolidado,
    Individual,
}

/// Credit line (`lineName`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardLineName {
    CreditoAVista,
    CreditoParcelado,
    SaqueCreditoBrasil,
    SaqueCreditoExterior,
    EmprestimoCartaoConsignado,
    Outros,
}
