//! Deposit, savings and prepaid payment accounts (OFB accounts v2).

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::Money;

/// A deposit, savings or prepaid payment account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// The bank's `accountId` (stable for the consent).
    pub id: String,
    pub brand_name: String,
    pub company_cnpj: String,
    pub kind: AccountKind,
    /// `INDIVIDUAL`, `CONJUNTA_SIMPLES`, `CONJUNTA_SOLIDARIA`; absent when the detail was not fetched.
    pub subtype: Option<String>,
    pub compe_code: String,
    pub branch_code: Option<String>,
    pub number: String,
    pub check_digit: String,
    /// ISO 4217 code of the account (`BRL` unless the bank says otherwise).
    pub currency: String,
    /// Absent when balances were not granted or could not be fetched.
    pub balances: Option<Balances>,
    /// Absent when overdraft limits were not granted or could not be fetched; present with
    /// every field `None` when the account has no overdraft.
    pub overdraft: Option<OverdraftLimits>,
    /// Booked (and pending) entries of the history window, oldest first, without repeats.
    pub transactions: Vec<Transaction>,
}

/// OFB account `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountKind {
    /// `CONTA_DEPOSITO_A_VISTA`: checking account.
    ContaDepositoAVista,
    /// `CONTA_POUPANCA`: savings account.
    ContaPoupanca,
    /// `CONTA_PAGAMENTO_PRE_PAGA`: prepaid payment account (digital wallets).
    ContaPagamentoPrePaga,
}

impl AccountKind {
    pub fn as_ofb(self) -> &'static str {
        match self {
            Self::ContaDepositoAVista => "CONTA_DEPOSITO_A_VISTA",
            Self::ContaPoupanca => "CONTA_POUPANCA",
            Self::ContaPagamentoPrePaga => "CONTA_PAGAMENTO_PRE_PAGA",
        }
    }

    /// Checking-like accounts: the `*_checking_account` products cover these.
    pub fn is_checking(self) -> bool {
        matches!(self, Self::ContaDepositoAVista | Self::ContaPagamentoPrePaga)
    }
}

/// `GET /accounts/{id}/balances`. `available` and `automatically_invested` may be negative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balances {
    pub available: Money,
    pub blocked: Money,
    pub automatically_invested: Money,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub updated_at: Option<OffsetDateTime>,
}

/// `GET /accounts/{id}/overdraft-limits`; every field optional, as in OFB.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverdraftLimits {
    pub contracted: Option<Money>,
    pub used: Option<Money>,
    pub unarranged: Option<Money>,
}

/// One entry of an account statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Stable id: the bank's `transactionId` (immutable in OFB once booked).
    pub id: String,
    pub status: EntryStatus,
    pub direction: Direction,
    /// `transactionName` as the bank prints it (≤ 200 characters).
    pub name: String,
    pub kind: TransactionType,
    /// Always positive; [`Direction`] gives the sign.
    pub amount: Money,
    #[serde(with = "time::serde::rfc3339")]
    pub date_time: OffsetDateTime,
    pub counterparty: Option<Counterparty>,
}

impl Transaction {
    /// The booking date (UTC), as OFB filters by it.
    pub fn date(&self) -> Date {
        self.date_time.to_offset(time::UtcOffset::UTC).date()
    }

    /// The amount with its sign: positive for credits, negative for debits.
    pub fn signed(&self) -> Money {
        match self.direction {
            Direction::Credit => self.amount,
            Direction::Debit => Money::new(self.amount.amount.negated(), self.amount.currency),
        }
    }

    /// Whether the entry has been booked (not a future or processing entry).
    pub fn is_booked(&self) -> bool {
        self.status == EntryStatus::TransacaoEfetivada
    }
}

/// OFB `completedAuthorisedPaymentType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryStatus {
    TransacaoEfetivada,
    LancamentoFuturo,
    TransacaoProcessando,
}

/// OFB `creditDebitType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    #[serde(rename = "CREDITO")]
    Credit,
    #[serde(rename = "DEBITO")]
    Debit,
}

impl Direction {
    pub fn as_ofb(self) -> &'static str {
        match self {
            Self::Credit => "CREDITO",
            Self::Debit => "DEBITO",
        }
    }
}

/// OFB account transaction `type`. `Other` keeps a value a newer spec version added.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TransactionType {
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
    TransferenciaSaldoReservado,
    Outros,
    /// A value this version of Ponte does not know, kept as the bank sent it.
    #[serde(untagged)]
    Other(String),
}

impl TransactionType {
    /// Parses an OFB value; unknown values become [`TransactionType::Other`].
    pub fn from_ofb(value: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|t| t.as_ofb() == value)
            .cloned()
            .unwrap_or_else(|| Self::Other(value.to_owned()))
    }

    /// Every value of the OFB enum this version knows.
    pub const KNOWN: [TransactionType; 19] = [
        Self::Ted,
        Self::Doc,
        Self::Pix,
        Self::TransferenciaMesmaInstituicao,
        Self::Boleto,
        Self::ConvenioArrecadacao,
        Self::PacoteTarifaServicos,
        Self::TarifaServicosAvulsos,
        Self::FolhaPagamento,
        Self::Deposito,
        Self::Saque,
        Self::Cartao,
        Self::EncargosJurosChequeEspecial,
        Self::RendimentoAplicFinanceira,
        Self::PortabilidadeSalario,
        Self::ResgateAplicFinanceira,
        Self::OperacaoCredito,
        Self::TransferenciaSaldoReservado,
        Self::Outros,
    ];

    pub fn as_ofb(&self) -> &str {
        match self {
            Self::Ted => "TED",
            Self::Doc => "DOC",
            Self::Pix => "PIX",
            Self::TransferenciaMesmaInstituicao => "TRANSFERENCIA_MESMA_INSTITUICAO",
            Self::Boleto => "BOLETO",
            Self::ConvenioArrecadacao => "CONVENIO_ARRECADACAO",
            Self::PacoteTarifaServicos => "PACOTE_TARIFA_SERVICOS",
            Self::TarifaServicosAvulsos => "TARIFA_SERVICOS_AVULSOS",
            Self::FolhaPagamento => "FOLHA_PAGAMENTO",
            Self::Deposito => "DEPOSITO",
            Self::Saque => "SAQUE",
            Self::Cartao => "CARTAO",
            Self::EncargosJurosChequeEspecial => "ENCARGOS_JUROS_CHEQUE_ESPECIAL",
            Self::RendimentoAplicFinanceira => "RENDIMENTO_APLIC_FINANCEIRA",
            Self::PortabilidadeSalario => "PORTABILIDADE_SALARIO",
            Self::ResgateAplicFinanceira => "RESGATE_APLIC_FINANCEIRA",
            Self::OperacaoCredito => "OPERACAO_CREDITO",
            Self::TransferenciaSaldoReservado => "TRANSFERENCIA_SALDO_RESERVADO",
            Self::Outros => "OUTROS",
            Self::Other(value) => value,
        }
    }
}

/// The other side of a transaction (`partie…` fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counterparty {
    /// 11 (CPF) or 14 (CNPJ) characters, as the bank sent them.
    pub tax_id: Option<String>,
    pub person_type: Option<PersonType>,
    pub compe_code: Option<String>,
    pub branch_code: Option<String>,
    pub number: Option<String>,
    pub check_digit: Option<String>,
}

/// OFB `partiePersonType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonType {
    PessoaNatural,
    PessoaJuridica,
}
