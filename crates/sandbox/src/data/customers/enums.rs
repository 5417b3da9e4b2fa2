//! The enumerations of the customers API (names as the spec spells them).

use serde::{Deserialize, Serialize};

/// Marital status (`EnumMaritalStatusCode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MaritalStatus {
    Solteiro,
    Casado,
    Viuvo,
    SeparadoJudicialmente,
    Divorciado,
    UniaoEstavel,
    Outro,
}

/// Sex (`EnumSex`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Sex {
    Feminino,
    Masculino,
    Outro,
}

/// Other identity document (`EnumPersonalOtherDocumentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PersonalOtherDocumentType {
    Cnh,
    Rg,
    Nif,
    Rne,
    Outros,
}

/// Mother or father (`EnumFiliationType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FiliationType {
    Mae,
    Pai,
}

/// Brazilian state (`EnumCountrySubDivision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CountrySubDivision {
    Ac,
    Al,
    Ap,
    Am,
    Ba,
    Ce,
    Df,
    Es,
    Go,
    Ma,
    Mt,
    Ms,
    Mg,
    Pa,
    Pb,
    Pr,
    Pe,
    Pi,
    Rj,
    Rn,
    Rs,
    Ro,
    Rr,
    Sc,
    Sp,
    Se,
    To,
}

/// Phone kind (`EnumCustomerPhoneType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PhoneType {
    Fixo,
    Movel,
    Outro,
}

/// Code list of the occupation (`EnumOccupationMainCodeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OccupationCodeType {
    ReceitaFederal,
    Cbo,
    Outro,
}

/// Income or revenue frequency (`EnumInformedIncomeFrequency`, `EnumInformedRevenueFrequency`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Frequency {
    Diaria,
    Semanal,
    Quinzenal,
    Mensal,
    Bimestral,
    Trimestral,
    Semestral,
    Anual,
    Outros,
}

/// Product or service held (`EnumProductServiceType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProductServiceType {
    ContaDepositoAVista,
    ContaPoupanca,
    ContaPagamentoPrePaga,
    CartaoCredito,
    OperacaoCredito,
    Seguro,
    Previdencia,
    Investimento,
    OperacoesCambio,
    ContaSalario,
    Credenciamento,
    Outros,
}

/// Legal representative or attorney (`EnumProcuratorsTypePersonal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProcuratorType {
    RepresentanteLegal,
    Procurador,
}

/// Document of a business party (`EnumPartiesParticipationDocumentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartyDocumentType {
    Cpf,
    Passaporte,
    OutroDocumentoViagem,
    Cnpj,
}

/// Partner or administrator (`PartiesParticipation.type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartyType {
    Socio,
    Administrador,
}
