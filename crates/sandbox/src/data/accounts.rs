//! Accounts v2.4.2 (`/open-banking/accounts/v2`): list item, identification, balances,
//! overdraft limits and transactions.

use serde::{Deserialize, Serialize};

use super::common::{DateTimeMs, DateTimeZ, OfbMoney};

/// An item of `GET /accounts` (`AccountData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// ≤ 80 characters.
    pub brand_name: String,
    /// `^\d{14}$`.
    pub company_cnpj: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    /// `^\d{3}$`.
    pub compe_code: String,
    /// `^\d{4}$`; required unless the type is `CONTA_PAGAMENTO_PRE_PAGA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_code: Option<String>,
    /// `^\d{8,20}$`.
    pub number: String,
    /// One character.
    pub check_digit: String,
    pub account_id: String,
}

/// `GET /accounts/{accountId}` (`AccountIdentificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountIdentification {
    pub compe_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_code: Option<String>,
    pub number: String,
    pub check_digit: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub subtype: AccountSubType,
    /// ISO 4217, `^(\w{3}){1}$`.
    pub currency: String,
}

/// `GET /accounts/{accountId}/balances` (`AccountBalancesData`). `availableAmount` and
/// `automaticallyInvestedAmount` may be negative; `updateDateTime` has no milliseconds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountBalances {
    pub available_amount: OfbMoney,
    pub blocked_amount: OfbMoney,
    pub automatically_invested_amount: OfbMoney,
    pub update_date_time: DateTimeZ,
}

/// `GET /accounts/{accountId}/overdraft-limits` (`AccountOverdraftLimitsData`): every field is
/// optional; an account without overdraft answers `{}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountOverdraftLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdraft_contracted_limit: Option<OfbMoney>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdraft_used_limit: Option<OfbMoney>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unarranged_overdraft_amount: Option<OfbMoney>,
}

/// An item of `GET /accounts/{accountId}/transactions` and `/transactions-current`
/// (`AccountTransactionsData`). The amount is always positive; `creditDebitType` gives the
/// sign. The counterparty fields keep the spec's spelling (`partie…`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTransaction {
    /// `^[a-zA-Z0-9][a-zA-Z0-9-]{0,99}$`, stable across days.
    pub transaction_id: String,
    pub completed_authorised_payment_type: CompletedAuthorisedPaymentType,
    pub credit_debit_type: CreditDebitType,
    /// ≤ 200 characters, as the bank prints it.
    pub transaction_name: String,
    #[serde(rename = "type")]
    pub transaction_type: AccountTransactionType,
    pub transaction_amount: OfbMoney,
    /// With milliseconds: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    pub transaction_date_time: DateTimeMs,
    /// `^\d{11}$|^\d{14}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_cnpj_cpf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_person_type: Option<PartiePersonType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_compe_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_branch_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partie_check_digit: Option<String>,
}

/// Account type (`EnumAccountType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountType {
    ContaDepositoAVista,
    ContaPoupanca,
    ContaPagamentoPrePaga,
}

/// Account holder arrangement (`EnumAccountSubType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountSubType {
    Individual,
    ConjuntaSimples,
    ConjuntaSolidaria,
}

/// Whether a transaction is booked, future or processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CompletedAuthorisedPaymentType {
    TransacaoEfetivada,
    LancamentoFuturo,
    TransacaoProcessando,
}

/// Credit or debit (the amount itself is always positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CreditDebitType {
    Credito,
    Debito,
}

/// Kind of counterparty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartiePersonType {
    PessoaNatural,
    PessoaJuridica,
}

/// Account transaction type (`EnumTransactionTypes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountTransactionType {
    Ted,
    Doc,
    Pix,
    TransferenciaMesmaInstituicao,
    Boleto,
    ConvenioArrecadacao,
    PacoteTarifaServicos,
    TarifaServicosAvulsos,
    FolhaPagamento,
    Deposito,
    Saque,
    Cartao,
    EncargosJurosChequeEspecial,
    RendimentoAplicFinanceira,
    PortabilidadeSalario,
    ResgateAplicFinanceira,
    OperacaoCredito,
    Outros,
}
